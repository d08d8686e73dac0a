// The breach report, as a manager reads it on a phone: headline figures, a
// chart with its data table, a filter, a drill-down to the cases and the CSV.
const fs = require('node:fs');
const {
  test,
  expect,
  expectAccessible,
  logArrival,
  boardRow,
  confirmHandoverAction,
  fillHandover,
} = require('../fixtures');
const { USERS } = require('../users');

/** The number in the "This period" column of a headline row. */
async function headlineFigure(page, label) {
  const row = page
    .locator('#table-headline tbody tr')
    .filter({ has: page.locator('th', { hasText: new RegExp(`^${label}$`) }) });
  await expect(row).toHaveCount(1);
  // textContent: the headline table is folded under the tiles (closed details).
  const text = (await row.locator('td').first().textContent()).replace(/,/g, '').trim();
  const n = Number(text);
  expect(Number.isFinite(n), `"${label}" shows a number, not "${text}"`).toBe(true);
  return n;
}

test('f. a manager reads the breach report', async ({ signInAs }) => {
  // Two cases, two handovers and six pages scanned with axe: longer than the
  // default minute on a busy two-core machine.
  test.setTimeout(240_000);
  // Two handovers to report on: one within the hour, one after it.
  const officer = await signInAs(USERS.officer);
  const inTime = await logArrival(officer);
  const late = await logArrival(officer, {
    earlier: new Date(Date.now() - 75 * 60_000),
    backdateReason: 'Radio failure at the scene',
  });
  const health = await signInAs(USERS.health);
  for (const [ref, reason] of [
    [inTime, null],
    [late, 'insufficient_staff'],
  ]) {
    await health.goto('/board');
    await confirmHandoverAction(boardRow(health, ref)).click();
    await fillHandover(health);
    if (reason) await health.locator(`input[name="delay_reason"][value="${reason}"]`).check();
    await health.getByRole('button', { name: 'Confirm handover' }).click();
    await expect(health).toHaveURL(new RegExp(`/episodes/${ref}$`));
  }

  const manager = await signInAs(USERS.managerAll);
  await manager.goto('/reports');
  await expect(manager.getByRole('heading', { level: 1 })).toContainText('Breach report');
  await expectAccessible(manager, 'report');

  // Headline figures.
  const handedOver = await headlineFigure(manager, 'Stays handed over');
  const breaches = await headlineFigure(
    manager,
    'Breaches \\(handed over after more than the target\\)',
  );
  expect(handedOver).toBeGreaterThanOrEqual(2);
  expect(breaches).toBeGreaterThanOrEqual(1);
  expect(breaches).toBeLessThan(handedOver);

  // A server-drawn chart, named for assistive technology, beside its data table.
  const chart = manager.locator('figure.app-figure svg[role="img"]').first();
  await expect(chart).toBeVisible();
  await expect(chart.locator('title')).not.toHaveText('');
  // Its table is folded under it ("Show the figures") and opens on a tap.
  const bands = manager.locator('#table-bands');
  await expect(bands).toBeHidden();
  await manager.locator('#fold-bands summary').click();
  await expect(bands).toBeVisible();
  await expect(bands.locator('caption')).toContainText('Time to handover');

  // Filter: breaches only. The filter goes into the address and the figures change.
  // The filters sit in "Change the period and places" (a details element).
  await manager.getByText('Change the period and places').click();
  await manager.locator('#breached').check();
  await expect(manager.locator('#breached')).toBeChecked();
  await manager.getByRole('button', { name: 'Show the report' }).click();
  await expect(manager).toHaveURL(/[?&]breached=1(&|$)/);
  await expect(manager.getByRole('heading', { level: 1 })).toContainText('breaches only');
  await expectAccessible(manager, 'report, breaches only');
  const handedOverBreachesOnly = await headlineFigure(manager, 'Stays handed over');
  expect(handedOverBreachesOnly).toBeLessThan(handedOver);
  expect(handedOverBreachesOnly).toBe(
    await headlineFigure(manager, 'Breaches \\(handed over after more than the target\\)'),
  );
  const reportUrl = manager.url();

  // Drill down: the count of stays handed over opens the list of those cases.
  await manager.locator('#fold-headline summary').click();
  await manager
    .locator('#table-headline tbody tr')
    .filter({ has: manager.locator('th', { hasText: /^Stays handed over$/ }) })
    .locator('td a')
    .first()
    .click();
  await expect(manager).toHaveURL(/\/cases\?.*breached=1/);
  await expect(manager.getByRole('link', { name: late, exact: true })).toBeVisible();
  await expect(manager.getByRole('link', { name: inTime, exact: true })).toHaveCount(0);
  await expectAccessible(manager, 'case list from the report');

  // The case list as CSV: UTF-8 with a byte-order mark, a header row, our case.
  await manager.goto(reportUrl);
  const [download] = await Promise.all([
    manager.waitForEvent('download'),
    manager.getByRole('link', { name: 'Download the cases (CSV)' }).click(),
  ]);
  const bytes = fs.readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').split('\r\n');
  expect(lines[0].split(',').slice(0, 4)).toEqual(['reference', 'force', 'site', 'site_name']);
  expect(lines[0]).toContain('minutes_to_handover');
  expect(lines.some((l) => l.startsWith(`${late},`))).toBe(true);
  expect(lines.some((l) => l.startsWith(`${inTime},`))).toBe(false);
});
