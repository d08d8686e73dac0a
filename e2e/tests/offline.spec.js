// Arrivals with poor signal (#13): kept on the phone at the tap and sent
// later, once whatever happens; Now/Earlier never ambiguous; the installed
// app opens the arrival form with no signal. Each journey checks the database.
const path = require('node:path');
const { test, expect, expectAccessible, signIn, dbQuery, londonLocal } = require('../fixtures');
const { SITE, USERS } = require('../users');

const SHOTS = path.join(__dirname, '..', 'test-results', 'offline');

function marker(name) {
  return `e2e ${name} ${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The cases whose notes are `notes`, with the arrival time in epoch seconds. */
function casesWithNotes(notes) {
  const q = notes.replace(/'/g, "''");
  return dbQuery(
    `SELECT e.reference AS reference, CAST(strftime('%s', s.arrived_at) AS INTEGER) AS arrived, ` +
      `s.backdate_reason AS reason FROM episodes e JOIN stays s ON s.episode_id = e.id ` +
      `WHERE e.notes = '${q}' ORDER BY e.id`,
  );
}

/**
 * axe is itself a script, so it cannot scan a page with JavaScript turned
 * off: those journeys are scanned in their JavaScript twins (the same pages).
 */
async function scan(page, js, label) {
  if (js) await expectAccessible(page, label);
}

async function signInAnyway(page, js, user) {
  if (js) return signIn(page, user);
  await page.goto('/login');
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/officer$/);
}

async function newContext(browser, baseURL, use, extra = {}) {
  return browser.newContext({
    baseURL,
    viewport: use.viewport,
    isMobile: use.isMobile,
    hasTouch: use.hasTouch,
    locale: use.locale,
    timezoneId: use.timezoneId,
    ...extra,
  });
}

/** Signed in, with the service worker installed and controlling the page. */
async function officerWithWorker(browser, baseURL, use) {
  const context = await newContext(browser, baseURL, use);
  const page = await context.newPage();
  await signIn(page, USERS.officer);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // The worker claims the page it was registered from; reload so this load
  // goes through it (and its copy of the home page is fresh).
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  return { context, page };
}

async function fillArrival(page, notes) {
  await expect(page).toHaveURL(/\/episodes\/new$/);
  const value = await page.locator('select#site option', { hasText: SITE.name }).first().getAttribute('value');
  await page.locator('select#site').selectOption(value);
  await page.locator('details', { has: page.locator('#notes') }).locator('summary').click();
  await page.locator('#notes').fill(notes);
}

test('offline at the tap: saved on the phone, sent when the signal is back, at the time of the tap', async ({
  browser, baseURL, viewport, isMobile, hasTouch, locale, timezoneId,
}) => {
  test.setTimeout(180_000);
  const use = { viewport, isMobile, hasTouch, locale, timezoneId };
  const { context, page } = await officerWithWorker(browser, baseURL, use);
  const notes = marker('offline');
  await page.getByRole('link', { name: 'Log arrival' }).first().click();
  await fillArrival(page, notes);

  await context.setOffline(true);
  const tapped = Date.now();
  await page.getByRole('button', { name: 'Log arrival' }).click();
  const saved = page.locator('[data-offline-saved]');
  await expect(saved).toBeVisible();
  await expect(saved.getByRole('heading', { level: 2 })).toHaveText(/^Saved on this phone at \d\d:\d\d$/);
  await expect(saved).toContainText('It will be sent when there is signal.');
  await expect(page.locator('form[data-arrival-form]')).toBeHidden();
  await expectAccessible(page, 'arrival saved on the phone');
  await page.screenshot({ path: path.join(SHOTS, 'saved-on-phone.png') });
  expect(casesWithNotes(notes)).toEqual([]);

  // The officer's home, still with no signal (the service worker's copy).
  await saved.getByRole('button', { name: 'Go to your home page' }).click();
  await expect(page).toHaveURL(/\/officer$/);
  const queued = page.locator('[data-offline-queue]');
  await expect(queued).toBeVisible();
  await expect(queued).toContainText('1 arrival waiting to send');
  await expectAccessible(page, 'officer home with a queued arrival');
  await page.screenshot({ path: path.join(SHOTS, 'home-queued.png') });

  // More than a minute with no signal, then back online: sent by itself.
  const waitUntil = tapped + 65_000;
  await page.waitForTimeout(Math.max(0, waitUntil - Date.now()));
  expect(casesWithNotes(notes)).toEqual([]);
  await context.setOffline(false);
  const sent = page.locator('[data-offline-sent]');
  await expect(sent).toContainText(/was sent: case S136-\d{4}-\d{6}/, { timeout: 20_000 });
  await expect(queued).toBeHidden();

  const rows = casesWithNotes(notes);
  expect(rows).toHaveLength(1);
  // Recorded at the tap, not at the resend 65 s later; no late reason asked.
  expect(Math.abs(rows[0].arrived * 1000 - tapped)).toBeLessThan(60_000);
  expect(Math.abs(rows[0].arrived * 1000 - tapped)).toBeLessThan(5_000);
  expect(rows[0].reason).toBeNull();
  await sent.getByRole('link', { name: 'Open the case' }).click();
  await expect(page).toHaveURL(new RegExp(`/episodes/${rows[0].reference}$`));
  await expect(page.locator('body')).toContainText('recorded on the phone at');
  await expectAccessible(page, 'case sent from the phone');
  await context.close();
});

test('the server saves the arrival but the answer is lost: the retry finds the same case', async ({
  browser, baseURL, viewport, isMobile, hasTouch, locale, timezoneId,
}) => {
  const use = { viewport, isMobile, hasTouch, locale, timezoneId };
  // Playwright's routing sees only what no service worker answers.
  const context = await newContext(browser, baseURL, use, { serviceWorkers: 'block' });
  const page = await context.newPage();
  await signIn(page, USERS.officer);
  const notes = marker('lost answer');
  await page.getByRole('link', { name: 'Log arrival' }).first().click();
  await fillArrival(page, notes);
  let posts = 0;
  await page.route('**/episodes', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    posts += 1;
    await route.fetch(); // reaches the server, which saves the case
    await route.abort('connectionreset'); // and the answer never arrives
  });
  await page.getByRole('button', { name: 'Log arrival' }).click();
  await expect(page.locator('[data-offline-saved]')).toBeVisible();
  await expect.poll(() => casesWithNotes(notes).length).toBe(1);
  expect(posts).toBe(1);

  // The signal is back: the page sends it again, and finds the case.
  await page.unroute('**/episodes');
  const panel = page.locator('[data-offline-saved]');
  await expect(panel).toContainText(/was sent: case S136-\d{4}-\d{6}/, { timeout: 20_000 });
  const rows = casesWithNotes(notes);
  expect(rows).toHaveLength(1);
  await panel.getByRole('link', { name: 'Open the case' }).click();
  await expect(page).toHaveURL(new RegExp(`/episodes/${rows[0].reference}$`));
  await expectAccessible(page, 'case after a lost answer');
  expect(casesWithNotes(notes)).toHaveLength(1);
  await context.close();
});

for (const js of [true, false]) {
  test(`Back, then Log arrival again (${js ? 'with' : 'without'} JavaScript): one case`, async ({
    browser, baseURL, viewport, isMobile, hasTouch, locale, timezoneId,
  }) => {
    const use = { viewport, isMobile, hasTouch, locale, timezoneId };
    const context = await newContext(browser, baseURL, use, { javaScriptEnabled: js });
    const page = await context.newPage();
    await signInAnyway(page, js, USERS.officer);
    const notes = marker(`back ${js}`);
    await page.goto('/episodes/new');
    await scan(page, js, 'log arrival form');
    if (!js) {
      // No script to open <details>: its contents are still in the form.
      const value = await page.locator('select#site option', { hasText: SITE.name }).first().getAttribute('value');
      await page.locator('select#site').selectOption(value);
      await page.locator('details', { has: page.locator('#notes') }).locator('summary').click();
      await page.locator('#notes').fill(notes);
    } else {
      await fillArrival(page, notes);
    }
    const token = await page.locator('input[name="form_token"]').inputValue();
    await page.getByRole('button', { name: 'Log arrival' }).click();
    await expect(page).toHaveURL(/\/episodes\/S136-\d{4}-\d{6}$/);
    const first = page.url();

    await page.goBack();
    await expect(page).toHaveURL(/\/episodes\/new$/);
    await expect(page.locator('input[name="form_token"]')).toHaveValue(token);
    await expect(page.locator('#notes')).toHaveValue(notes);
    await page.getByRole('button', { name: 'Log arrival' }).click();
    await expect(page).toHaveURL(first);
    await scan(page, js, 'case after Back and submit');
    expect(casesWithNotes(notes)).toHaveLength(1);
    await context.close();
  });
}

for (const js of [true, false]) {
  test(`"Just now" with a time typed (${js ? 'with' : 'without'} JavaScript)`, async ({
    browser, baseURL, viewport, isMobile, hasTouch, locale, timezoneId,
  }) => {
    const use = { viewport, isMobile, hasTouch, locale, timezoneId };
    const context = await newContext(browser, baseURL, use, { javaScriptEnabled: js });
    const page = await context.newPage();
    await signInAnyway(page, js, USERS.officer);
    const notes = marker(`just now ${js}`);
    await page.goto('/episodes/new');
    const value = await page.locator('select#site option', { hasText: SITE.name }).first().getAttribute('value');
    await page.locator('select#site').selectOption(value);
    await page.locator('details', { has: page.locator('#notes') }).locator('summary').click();
    await page.locator('#notes').fill(notes);
    await expect(page.getByLabel('Just now', { exact: true })).toBeChecked();
    const typed = new Date(Date.now() - 6 * 60_000);
    await page.locator('#arrived_at').fill(londonLocal(typed));
    if (js) {
      // Typing a time chose "Earlier".
      await expect(page.getByLabel('Earlier', { exact: true })).toBeChecked();
      await page.getByRole('button', { name: 'Log arrival' }).click();
      await expect(page).toHaveURL(/\/episodes\/S136-\d{4}-\d{6}$/);
      const rows = casesWithNotes(notes);
      expect(rows).toHaveLength(1);
      const minute = Math.floor(typed.getTime() / 60_000) * 60;
      expect(rows[0].arrived).toBe(minute);
    } else {
      await page.getByRole('button', { name: 'Log arrival' }).click();
      await expect(page).toHaveURL(/\/episodes$/);
      const summary = page.locator('.nhsuk-error-summary');
      await expect(summary).toContainText('You chose "Just now" and also entered a time. Choose "Earlier" to use the time you entered');
      await expect(page.locator('#arrived_at')).toHaveValue(londonLocal(typed));
      await scan(page, js, 'Just now with a typed time');
      expect(casesWithNotes(notes)).toEqual([]);
    }
    await context.close();
  });
}

test('the installed app opens the arrival form with no signal', async ({
  browser, baseURL, viewport, isMobile, hasTouch, locale, timezoneId,
}) => {
  const use = { viewport, isMobile, hasTouch, locale, timezoneId };
  const { context, page } = await officerWithWorker(browser, baseURL, use);
  // What Chromium checks before it offers to install the app.
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // A Playwright context is an incognito profile, where Chromium never
  // installs apps; every other check (manifest, icons, worker) must pass.
  expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);
  const { url } = await cdp.send('Page.getAppManifest');
  expect(url).toMatch(/\/assets\/manifest\.json$/);

  await context.setOffline(true);
  // The manifest's start_url, then the form from its button.
  await page.goto('/officer');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Log arrival' }).first().click();
  await expect(page).toHaveURL(/\/episodes\/new$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Log arrival' })).toBeVisible();
  await expect(page.locator('select#site')).toBeVisible();
  // A token of its own for this form (the kept copy has none).
  await expect(page.locator('input[name="form_token"]')).not.toHaveValue('');
  await expectAccessible(page, 'arrival form with no signal');
  await context.setOffline(false);
  await context.close();
});
