// Live updates: a nurse's board (desktop) and an officer's phone side by
// side. Each change shows on the other screen within 2 seconds, without a
// reload, announced in a polite live region, with focus left where it was.
const { test, expect, expectAccessible, signIn, logArrival, fillHandover } = require('../fixtures');
const { USERS, SITE } = require('../users');

const WITHIN = 2000;

test('live: pre-alert, arrival and handover reach the other screen', async ({ browser, baseURL, locale, timezoneId }) => {
  const desk = await browser.newContext({ baseURL, locale, timezoneId, viewport: { width: 1366, height: 900 } });
  const phone = await browser.newContext({ baseURL, locale, timezoneId, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const nurse = await desk.newPage();
  const officer = await phone.newPage();
  await signIn(nurse, USERS.health);
  await signIn(officer, USERS.officer);

  await nurse.goto('/board');
  await expect(nurse.locator('[data-live-status]')).toHaveText(/Live: changes show here as they happen/);
  // Focus sits on the pause button; no update may move it.
  await nurse.locator('[data-refresh-toggle]').focus();

  // 1. A pre-alert from the officer's phone appears under "Incoming".
  await officer.goto('/officer');
  await officer.getByRole('link', { name: 'Tell a place of safety you are on the way' }).click();
  await expectAccessible(officer, 'pre-alert form');
  await officer.locator('select#site').selectOption(SITE.code);
  await officer.locator('#eta_minutes').fill('12');
  await officer.getByLabel('Under 18').check();
  let sent = Date.now();
  await officer.getByRole('button', { name: 'Send pre-alert' }).click();
  await expect(officer).toHaveURL(/\/officer$/);
  await expect(nurse.getByRole('heading', { name: 'Incoming' })).toBeVisible({ timeout: WITHIN });
  const prealertMs = Date.now() - sent;
  await expect(nurse.locator('.app-incoming__item')).toContainText('Under 18');
  await expect(nurse.locator('[data-live-announcer]')).toContainText('On the way: police of WMP');
  await expect(nurse.locator('[data-refresh-toggle]')).toBeFocused();
  await expectAccessible(nurse, 'board with a person incoming');
  await expectAccessible(officer, 'officer home with a pre-alert');

  // 2. One tap on the phone turns it into the arrival; the board lists it.
  sent = Date.now();
  await officer.getByRole('button', { name: /Arrived now/ }).click();
  await expect(officer).toHaveURL(/\/episodes\/S136-\d{4}-\d{6}$/);
  const ref = officer.url().match(/(S136-\d{4}-\d{6})$/)[1];
  const row = nurse.locator(`#row-${ref}`);
  await expect(row).toBeVisible({ timeout: WITHIN });
  const arrivalMs = Date.now() - sent;
  await expect(nurse.getByRole('heading', { name: 'Incoming' })).toHaveCount(0);
  await expect(nurse.locator('[data-live-announcer]')).toContainText(`New arrival: ${ref}, ${SITE.name}`);
  await expect(row).toHaveClass(/app-live--new/);
  await expect(nurse.locator('[data-refresh-toggle]')).toBeFocused();
  await expectAccessible(nurse, 'board with a new arrival');

  // 3. The nurse confirms; the officer's open case page says so.
  await expect(officer.locator('[data-live-status]')).toHaveText(/Live/);
  const handover = await desk.newPage();
  await handover.goto(`/episodes/${ref}/handover`);
  await fillHandover(handover, { name: 'Sam Jones', role: 'Nurse' });
  sent = Date.now();
  await handover.getByRole('button', { name: 'Confirm handover' }).click();
  await expect(handover).toHaveURL(new RegExp(`/episodes/${ref}$`));
  const news = officer.locator('.app-live-news', { hasText: 'Handover accepted by Sam Jones (Nurse)' });
  await expect(news).toBeVisible({ timeout: WITHIN });
  const handoverMs = Date.now() - sent;
  await expect(officer.locator('[data-live-announcer]')).toContainText('Handover accepted by Sam Jones (Nurse)');
  await expectAccessible(officer, 'case page after the handover, live');
  // The board drops the row without a reload.
  await expect(row).toHaveCount(0, { timeout: WITHIN });

  const timing = `pre-alert ${prealertMs} ms, arrival ${arrivalMs} ms, handover ${handoverMs} ms (submit -> shown on the other screen)`;
  console.log(`[e2e] live: ${timing}`);
  test.info().annotations.push({ type: 'timing', description: timing });
  await desk.close();
  await phone.close();
});

test('live: without the stream the page polls and says so', async ({ browser, baseURL, locale, timezoneId }) => {
  const context = await browser.newContext({ baseURL, locale, timezoneId, viewport: { width: 1366, height: 900 } });
  // Refuse the stream: the page falls back to its 30-second check.
  await context.route('**/events**', (route) => route.abort());
  const nurse = await context.newPage();
  await signIn(nurse, USERS.health);
  await nurse.goto('/board');
  await expect(nurse.locator('[data-live-status]')).toHaveText(/checks for changes every 30 seconds/);
  await expectAccessible(nurse, 'board in polling mode');
  await context.close();
});
