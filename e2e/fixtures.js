// Shared fixtures and helpers for the s136 journeys.
const base = require('@playwright/test');
const { AxeBuilder } = require('@axe-core/playwright');
const { SITE } = require('./users');

const { expect } = base;

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// Time spent inside axe scans (per worker), so journey timings can leave it out.
const axeTime = { ms: 0 };

function formatViolations(violations, where) {
  if (violations.length === 0) return `no accessibility violations on ${where}`;
  const lines = [`${violations.length} accessibility violation(s) on ${where}:`];
  for (const v of violations) {
    lines.push(`- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes) {
      lines.push(`    at ${n.target.join(' ')}`);
      lines.push(`       ${n.html.replace(/\s+/g, ' ').slice(0, 200)}`);
      if (n.failureSummary) {
        lines.push(...n.failureSummary.split('\n').map((l) => `       ${l}`));
      }
    }
  }
  return lines.join('\n');
}

/**
 * Scan the current page with axe and fail (readably) on any WCAG 2.2 AA violation.
 * Nothing is tolerated: the app uses no conditional-reveal radios, so NHS.UK
 * frontend never sets aria-expanded on a radio or checkbox.
 */
async function expectAccessible(page, label = '') {
  await page.waitForLoadState('load');
  const where = `${label ? `${label} ` : ''}${new URL(page.url()).pathname}`;
  const t0 = Date.now();
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  axeTime.ms += Date.now() - t0;
  const { violations } = results;
  const message = formatViolations(violations, where);
  if (violations.length) console.log(message);
  expect(violations, message).toEqual([]);
}

async function signIn(page, user) {
  await page.goto('/login');
  await expectAccessible(page, 'sign-in page');
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
  await expectAccessible(page, `${user.username} home`);
}

/** "YYYY-MM-DDTHH:MM" wall-clock time in Europe/London, as a datetime-local input wants it. */
function londonLocal(date) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * From the officer's home page: "Log arrival", fill the form, submit.
 * `officers` is the number of officers present (the app counts them; default 2).
 * Returns the case reference (S136-YYYY-NNNNNN) once the case page shows it.
 */
async function logArrival(page, { earlier, backdateReason, officers, notes } = {}) {
  const entry = page
    .getByRole('link', { name: 'Log arrival' })
    .or(page.getByRole('button', { name: 'Log arrival' }));
  await entry.first().click();
  await expect(page).toHaveURL(/\/episodes\/new$/);
  await expectAccessible(page, 'log arrival form');

  const site = page.getByLabel('Place of safety', { exact: true });
  await expect(site).toBeVisible();
  await expect(page.locator('select#site')).toBeVisible();
  const option = page.locator('select#site option', { hasText: SITE.name });
  const value = await option.first().getAttribute('value');
  await page.locator('select#site').selectOption(value);

  // "Just now" / "Earlier" radios; the date and time field is always shown below
  // them (no conditional reveal) and only read when "Earlier" is chosen.
  const now = page.locator('input[name="arrival"][value="now"]');
  await expect(now).toHaveAttribute('id', 'arrival');
  await expect(now).toBeChecked();
  await expect(page.getByLabel('Just now', { exact: true })).toBeChecked();
  await expect(page.locator('#arrival-earlier')).toHaveAttribute('value', 'earlier');
  await expect(page.locator('#arrived_at')).toBeVisible();
  await expect(page.locator('#arrived_at')).toHaveAttribute('type', 'datetime-local');
  if (earlier) {
    await page.getByLabel('Earlier', { exact: true }).check();
    await expect(page.locator('input[name="arrival"][value="earlier"]')).toBeChecked();
    await page.locator('#arrived_at').fill(londonLocal(earlier));
    await page.locator('#backdate_reason').fill(backdateReason || '');
  }

  await expect(page.locator('#collar_number')).not.toHaveValue('');
  // The number of officers and the notes sit in "More details (optional)".
  const more = page.locator('details', { has: page.locator('#officers') });
  await more.locator('summary').click();
  await expect(page.locator('#officers')).toBeVisible();
  await page.locator('#officers').fill(String(officers || 2));
  await page.locator('#notes').fill(notes || 'Calm in the vehicle. No injuries.');
  await page.getByRole('button', { name: 'Log arrival' }).click();

  await expect(page).toHaveURL(/\/episodes\/S136-\d{4}-\d{6}$/);
  const ref = page.url().match(/(S136-\d{4}-\d{6})$/)[1];
  await expect(page.getByRole('heading', { level: 1 })).toContainText(ref);
  return ref;
}

/**
 * The "Confirm handover" action in a board row: a link styled as an NHS button
 * (role="button", as NHS.UK frontend marks up link buttons), or a plain link.
 */
function confirmHandoverAction(row) {
  const name = /Confirm handover/;
  return row.getByRole('link', { name }).or(row.getByRole('button', { name }));
}

/** The board row for a case, found by its reference link. */
function boardRow(page, ref) {
  return page
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: ref, exact: true }) });
}

/** Fill the text fields of the handover form (input or select, whichever the app uses). */
async function fillField(page, selector, text) {
  const el = page.locator(selector);
  const tag = await el.evaluate((e) => e.tagName.toLowerCase());
  if (tag === 'select') {
    const values = await el
      .locator('option')
      .evaluateAll((opts) => opts.map((o) => o.value).filter((v) => v !== ''));
    await el.selectOption(values[0]);
  } else {
    await el.fill(text);
  }
}

async function fillHandover(page, { name = 'Sam Patel', role = 'Nurse in charge' } = {}) {
  await expect(page.locator('input[name="when"][value="now"]')).toHaveAttribute('id', 'when');
  await expect(page.locator('input[name="when"][value="earlier"]')).toHaveAttribute('id', 'when-earlier');
  await page.locator('input[name="when"][value="now"]').check();
  await fillField(page, '#accepted_by_name', name);
  await fillField(page, '#accepted_by_role', role);
}

/**
 * Rows from the journeys' SQLite database (the server's own), as objects:
 * what a journey left behind, checked after it.
 */
function dbQuery(sql) {
  const { spawnSync } = require('node:child_process');
  const db = process.env.S136_E2E_DB;
  if (!db) throw new Error('S136_E2E_DB is not set: global-setup.js did not run');
  const res = spawnSync('sqlite3', ['-json', '-readonly', db, sql], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`sqlite3 failed: ${res.stderr}`);
  return res.stdout.trim() ? JSON.parse(res.stdout) : [];
}

const test = base.test.extend({
  // The server started by global-setup.js.
  baseURL: async ({}, use) => {
    const url = process.env.S136_BASE_URL;
    if (!url) throw new Error('S136_BASE_URL is not set: global-setup.js did not run');
    await use(url);
  },

  // signInAs(user) -> a Page in a fresh browser context of its own, signed in.
  signInAs: async (
    { browser, baseURL, viewport, isMobile, hasTouch, locale, timezoneId },
    use,
  ) => {
    const contexts = [];
    await use(async (user) => {
      const context = await browser.newContext({
        baseURL, viewport, isMobile, hasTouch, locale, timezoneId,
      });
      contexts.push(context);
      const page = await context.newPage();
      await signIn(page, user);
      return page;
    });
    for (const c of contexts) await c.close();
  },
});

module.exports = {
  test,
  axeTime,
  expect,
  expectAccessible,
  signIn,
  logArrival,
  boardRow,
  confirmHandoverAction,
  fillHandover,
  londonLocal,
  dbQuery,
};
