// The three core journeys of s136, each page checked with axe (WCAG 2.2 AA).
const {
  test,
  axeTime,
  expect,
  expectAccessible,
  signIn,
  logArrival,
  boardRow,
  confirmHandoverAction,
  fillHandover,
} = require('../fixtures');
const { USERS } = require('../users');

test('a. officer logs an arrival', async ({ browser, baseURL, viewport, isMobile, hasTouch, locale, timezoneId }) => {
  const context = await browser.newContext({ baseURL, viewport, isMobile, hasTouch, locale, timezoneId });
  const page = await context.newPage();

  const started = Date.now();
  const axeBefore = axeTime.ms;
  await signIn(page, USERS.officer);
  const ref = await logArrival(page);
  await expect(page.locator('.nhsuk-tag', { hasText: 'Awaiting handover' }).first()).toBeVisible();
  await expect(page.locator('body')).toContainText('Waiting');
  const elapsed = Date.now() - started;
  const axeMs = axeTime.ms - axeBefore;

  const timing =
    `login page -> case page ${ref}: ${elapsed} ms in all, ` +
    `${elapsed - axeMs} ms without the ${axeMs} ms of axe scans`;
  console.log(`[e2e] journey a: ${timing}`);
  test.info().annotations.push({ type: 'timing', description: timing });
  await expectAccessible(page, 'case page');
  await context.close();
});

test('b. health staff confirm a handover', async ({ signInAs }) => {
  const officer = await signInAs(USERS.officer);
  const ref = await logArrival(officer);

  const health = await signInAs(USERS.health);
  await health.goto('/board');
  await expectAccessible(health, 'board');
  const row = boardRow(health, ref);
  await expect(row).toHaveCount(1);
  await expect(confirmHandoverAction(row)).toHaveCount(1);
  await confirmHandoverAction(row).click();
  await expect(health.locator('input[name="when"][value="now"]')).toBeVisible();
  await expect(health.locator('input[name="when"][value="earlier"]')).toHaveCount(1);
  await expect(health.locator('#handed_over_at')).toBeVisible();
  await expectAccessible(health, 'confirm handover form');

  await fillHandover(health);
  await health.getByRole('button', { name: 'Confirm handover' }).click();

  await expect(health).toHaveURL(new RegExp(`/episodes/${ref}$`));
  await expect(health.locator('.nhsuk-tag', { hasText: 'Handed over' }).first()).toBeVisible();
  await expectAccessible(health, 'case page after handover');
});

test('c. a breach needs a reason for the delay', async ({ signInAs }) => {
  const officer = await signInAs(USERS.officer);
  const ref = await logArrival(officer, {
    earlier: new Date(Date.now() - 75 * 60_000),
    backdateReason: 'Radio failure at the scene',
  });
  await expectAccessible(officer, 'case page (backdated)');

  const health = await signInAs(USERS.health);
  await health.goto('/board');
  const row = boardRow(health, ref);
  await expect(row).toHaveCount(1);
  await expect(row.locator('.nhsuk-tag', { hasText: 'Breach' }).first()).toBeVisible();
  await expectAccessible(health, 'board with a breach');

  await expect(confirmHandoverAction(row)).toHaveCount(1);
  await confirmHandoverAction(row).click();
  await fillHandover(health);
  await health.getByRole('button', { name: 'Confirm handover' }).click();

  const summary = health.locator('.nhsuk-error-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('Choose a reason for the delay');
  await expectAccessible(health, 'confirm handover with errors');

  await fillHandover(health);
  await health.locator('input[name="delay_reason"][value="insufficient_staff"]').check();
  await health.getByRole('button', { name: 'Confirm handover' }).click();

  await expect(health).toHaveURL(new RegExp(`/episodes/${ref}$`));
  await expect(health.locator('.nhsuk-tag', { hasText: 'Handed over' }).first()).toBeVisible();
  await expect(health.locator('body')).toContainText('Not enough health staff on site to take over');
  await expectAccessible(health, 'case page after delayed handover');
});
