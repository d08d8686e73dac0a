// Journey d (issue 5): at phone size, an arrival, an extension that moves the
// detention end, a transfer that keeps the detention clock, and a correction of
// a recorded time shown in the case history. Every page is checked with axe.
const path = require('node:path');
const {
  test,
  expect,
  expectAccessible,
  logArrival,
  londonLocal,
} = require('../fixtures');
const { SITE, SITE2, USERS } = require('../users');

/** "14:32" from "Detention authority ends at 14:32 tomorrow (in 23h 59m)". */
async function detentionEnd(page) {
  const text = await page.locator('.app-detention').innerText();
  const m = text.match(/Detention authority ends at (\d{2}):(\d{2})/);
  expect(m, text).not.toBeNull();
  return { h: Number(m[1]), m: Number(m[2]), text };
}

function plusHours({ h, m }, hours) {
  return `${String((h + hours) % 24).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

async function shot(page, name) {
  await page.screenshot({
    path: path.join(__dirname, '..', 'test-results', `${name}.png`),
    fullPage: true,
  });
}

test('d. an extension and a transfer on a phone, then a corrected time', async ({ signInAs }) => {
  // Two people, eleven pages, each scanned with axe: longer than the default minute.
  test.setTimeout(240_000);
  const officer = await signInAs(USERS.officer);
  const ref = await logArrival(officer);
  await expectAccessible(officer, 'case page after arrival');
  const before = await detentionEnd(officer);

  // Health staff record an extension authorised by the registered medical practitioner.
  const health = await signInAs(USERS.health);
  await health.goto(`/episodes/${ref}`);
  await expectAccessible(health, 'case page (health)');
  await health.getByRole('button', { name: 'Record an extension' }).click();
  await expect(health).toHaveURL(new RegExp(`/episodes/${ref}/extend$`));
  await expectAccessible(health, 'extension form');
  await health.locator('#authorised_by_name').fill('Dr Priya Shah');
  await health.locator('input[name="when"][value="now"]').check();
  await health.locator('#hours').fill('6');
  await health.locator('input[name="reason"][value="assessment_impracticable"]').check();
  await health.getByRole('button', { name: /Record (the )?extension/ }).click();
  await expect(health).toHaveURL(new RegExp(`/episodes/${ref}$`));
  await expectAccessible(health, 'case page after extension');
  const extended = await detentionEnd(health);
  await expect(health.locator('.app-detention')).toContainText(`ends at ${plusHours(before, 6)}`);
  await expect(health.locator('.app-detention')).toContainText('extended');
  await expect(health.locator('body')).toContainText('Dr Priya Shah');
  await expect(health.locator('body')).toContainText('6 hours');

  // The person moves to another place of safety; the detention clock does not restart.
  await health.getByRole('button', { name: 'Record a transfer to another place of safety' }).click();
  await expect(health).toHaveURL(new RegExp(`/episodes/${ref}/transfer$`));
  await expectAccessible(health, 'transfer form');
  await health.locator('select#site').selectOption(SITE2.code);
  await health.getByRole('button', { name: 'Record transfer' }).click();
  await expect(health).toHaveURL(new RegExp(`/episodes/${ref}$`));
  await expect(health.getByRole('heading', { name: `Place of safety 1: ${SITE.name}` })).toBeVisible();
  await expect(health.getByRole('heading', { name: `Place of safety 2: ${SITE2.name}` })).toBeVisible();
  await expect(health.locator('.app-detention')).toContainText(`ends at ${plusHours(before, 6)}`);
  await expect(health.locator('.app-detention')).toContainText('24 hours from arrival at the first place of safety');
  await expectAccessible(health, 'case page after transfer');
  await shot(health, 'd-case-after-transfer');

  // The officer corrects the arrival time: ten minutes earlier, with a reason.
  await officer.goto(`/episodes/${ref}`);
  await expect(officer.getByRole('heading', { name: `Place of safety 2: ${SITE2.name}` })).toBeVisible();
  await officer.getByRole('link', { name: 'Correct a recorded time' }).click();
  await expect(officer).toHaveURL(new RegExp(`/episodes/${ref}/corrections$`));
  await expectAccessible(officer, 'recorded times');
  await officer.getByRole('link', { name: `Correct arrival at ${SITE.name.toLowerCase()}` }).click();
  await expect(officer).toHaveURL(/\/corrections\/new\?field=arrived_at&stay=1$/);
  await expectAccessible(officer, 'correction form');
  const corrected = londonLocal(new Date(Date.now() - 10 * 60_000));
  await officer.locator('#new_time').fill(corrected);
  await officer.getByRole('button', { name: 'Save correction' }).click();
  // No reason: the error summary, and the time is kept.
  await expect(officer.locator('.nhsuk-error-summary')).toContainText('Give the reason for the correction');
  await expect(officer.locator('#new_time')).toHaveValue(corrected);
  await expectAccessible(officer, 'correction form with an error');
  await shot(officer, 'd-correction-error');
  await officer.locator('#reason').fill('Arrival logged late; the radio log shows the earlier time');
  await officer.getByRole('button', { name: 'Save correction' }).click();
  await expect(officer).toHaveURL(new RegExp(`/episodes/${ref}#history$`));
  const history = officer.locator('.app-timeline');
  await expect(history).toContainText('Time corrected');
  await expect(history).toContainText('Arrival (place of safety 1):');
  await expect(history).toContainText(`${corrected.slice(11)}. Reason: Arrival logged late`);
  // The detention clock now runs from the corrected first arrival.
  const moved = await detentionEnd(officer);
  expect(moved.h * 60 + moved.m).not.toBe(extended.h * 60 + extended.m);
  await expectAccessible(officer, 'case page after correction');
  await shot(officer, 'd-case-after-correction');
});
