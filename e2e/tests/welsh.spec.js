// The core journeys in Welsh, at phone size: an officer logs an arrival; a
// nurse confirms a late handover with its reason. The language is chosen on
// the switch before signing in, and kept on the account. Every page is
// checked with axe, with `lang="cy"`, and the error summary's links are
// followed. The words expected are read from the catalogues themselves
// (locales/*), so the journeys check the app says what the catalogue says.
const fs = require('node:fs');
const path = require('node:path');
const { test, expect, expectAccessible, boardRow, londonLocal } = require('../fixtures');
const { USERS, SITE } = require('../users');

/** key -> value of one language's simple (one-line) messages. */
function catalogue(lang) {
  const dir = path.join(__dirname, '..', '..', 'locales', lang);
  const out = {};
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ftl'))) {
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      const m = line.match(/^([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.+)$/);
      if (m) out[m[1]] = m[2].trim();
    }
  }
  return out;
}
const EN = catalogue('en');
const CY = catalogue('cy');

/** The words of a Welsh message before its first argument or colon. */
function cyOpening(key) {
  if (!CY[key]) throw new Error(`no Welsh message ${key}`);
  return CY[key].split(/[:{]/)[0].trim();
}

/** The Welsh for an English sentence of the catalogue (found by its key). */
function cy(english) {
  const key = Object.keys(EN).find((k) => EN[k] === english);
  if (!key) throw new Error(`no catalogue message says ${JSON.stringify(english)}`);
  return CY[key];
}

async function expectWelsh(page, label) {
  await expect(page.locator('html')).toHaveAttribute('lang', 'cy');
  await expectAccessible(page, `${label} (Cymraeg)`);
}

/** Sign in after choosing Cymraeg on the sign-in page's switch. */
async function signInInWelsh(browser, baseURL, viewport, isMobile, hasTouch, user) {
  const context = await browser.newContext({
    baseURL, viewport, isMobile, hasTouch, locale: 'en-GB', timezoneId: 'Europe/London',
  });
  const page = await context.newPage();
  await page.goto('/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-GB');
  await page.getByRole('link', { name: 'Cymraeg' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expectWelsh(page, 'sign-in page');
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill(user.password);
  await page.getByRole('button', { name: cy('Sign in') }).click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
  await expectWelsh(page, `${user.username} home`);
  return { context, page };
}

/** From the officer's home: the arrival form, first sent with a mistake. */
async function logArrivalInWelsh(page, { earlier, backdateReason } = {}) {
  await page.goto('/episodes/new');
  await expectWelsh(page, 'log arrival form');
  const value = await page
    .locator('select#site option', { hasText: SITE.name })
    .first()
    .getAttribute('value');
  await page.locator('select#site').selectOption(value);

  // "Earlier" without a time: the error summary, in Welsh, links to the field.
  await page.locator('input[name="arrival"][value="earlier"]').check();
  await page.locator('#arrived_at').fill('');
  await page.locator('form[action="/episodes"] button[type="submit"]').click();
  const summary = page.locator('.nhsuk-error-summary');
  await expect(summary).toBeVisible();
  await expect(summary.locator('h2')).toHaveText(cy('There is a problem'));
  await expectWelsh(page, 'log arrival form with errors');
  const link = summary.locator('a[href="#arrived_at"]');
  await expect(link).toHaveCount(1);
  await link.click();
  await expect(page.locator('#arrived_at')).toBeFocused();

  if (earlier) {
    await page.locator('#arrived_at').fill(londonLocal(earlier));
    await page.locator('#backdate_reason').fill(backdateReason || '');
  } else {
    await page.locator('input[name="arrival"][value="now"]').check();
    await page.locator('#arrived_at').fill('');
  }
  await page.locator('form[action="/episodes"] button[type="submit"]').click();
  await expect(page).toHaveURL(/\/episodes\/S136-\d{4}-\d{6}$/);
  const ref = page.url().match(/(S136-\d{4}-\d{6})$/)[1];
  await expect(page.getByRole('heading', { level: 1 })).toContainText(ref);
  await expectWelsh(page, 'case page');
  await expect(page.locator('body')).not.toContainText('Awaiting handover');
  return ref;
}

test('cy-a. officer logs an arrival in Welsh', async ({ browser, baseURL, viewport, isMobile, hasTouch }) => {
  const { context, page } = await signInInWelsh(browser, baseURL, viewport, isMobile, hasTouch, USERS.officerCy);
  await logArrivalInWelsh(page);
  // The choice was kept on the account: a new browser asking for English
  // still gets Welsh once signed in.
  const other = await browser.newContext({ baseURL, viewport, isMobile, hasTouch, locale: 'en-GB' });
  const p2 = await other.newPage();
  await p2.goto('/login');
  await expect(p2.locator('html')).toHaveAttribute('lang', 'en-GB');
  await p2.locator('#username').fill(USERS.officerCy.username);
  await p2.locator('#password').fill(USERS.officerCy.password);
  await p2.getByRole('button', { name: 'Sign in' }).click();
  await expect(p2.locator('html')).toHaveAttribute('lang', 'cy');
  await other.close();
  await context.close();
});

test('cy-b. a nurse confirms a late handover with its reason, in Welsh', async ({ browser, baseURL, viewport, isMobile, hasTouch }) => {
  const officer = await signInInWelsh(browser, baseURL, viewport, isMobile, hasTouch, USERS.officerCy);
  const ref = await logArrivalInWelsh(officer.page, {
    earlier: new Date(Date.now() - 75 * 60_000),
    backdateReason: 'Methiant radio yn y fan a’r lle',
  });

  const nurse = await signInInWelsh(browser, baseURL, viewport, isMobile, hasTouch, USERS.healthCy);
  const health = nurse.page;
  await health.goto('/board');
  await expectWelsh(health, 'board');
  const row = boardRow(health, ref);
  await expect(row).toHaveCount(1);
  await expect(row.locator('.nhsuk-tag--red').first()).toBeVisible();
  await row.locator(`a[href="/episodes/${ref}/handover"]`).click();
  await expectWelsh(health, 'confirm handover form');

  await health.locator('input[name="when"][value="now"]').check();
  await health.locator('#accepted_by_name').fill('Siân Evans');
  await health.locator('#accepted_by_role').fill('Nyrs â gofal');
  await health.locator('form button[type="submit"]').last().click();

  const summary = health.locator('.nhsuk-error-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toContainText(cyOpening('case-handover-delay-reason'));
  await expectWelsh(health, 'confirm handover with errors');
  const link = summary.locator('a[href="#delay_reason"]');
  await expect(link).toHaveCount(1);
  await link.click();
  await expect(health.locator('#delay_reason')).toBeFocused();

  await health.locator('input[name="when"][value="now"]').check();
  await health.locator('input[name="delay_reason"][value="insufficient_staff"]').check();
  await health.locator('form button[type="submit"]').last().click();
  await expect(health).toHaveURL(new RegExp(`/episodes/${ref}$`));
  await expect(health.locator('body')).toContainText(cy('Not enough health staff on site to take over'));
  await expectWelsh(health, 'case page after a late handover');
  await officer.context.close();
  await nurse.context.close();
});
