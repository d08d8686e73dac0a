// Tap to "saved" on a throttled connection (400 kbit/s each way, 400 ms round
// trip, Chromium's network emulation), at phone size, for a first visit (no
// service worker, empty cache) and a repeat visit (service worker installed),
// plus the tap to "Saved on this phone" with no signal. Bytes are what the
// server's access log says it sent (bodies, after compression), so requests
// the service worker answered from its cache count as nothing.
// Usage: node tap.js BASE_URL USER PASSWORD SERVER_LOG
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require(path.join(__dirname, '..', '..', 'e2e', 'node_modules', 'playwright-core'));

const [base, user, password, serverLog] = process.argv.slice(2);
const KBIT = 400;
const RTT_MS = 400;
const ROUNDS = Number(process.env.ROUNDS || 3);

function logBytes() {
  // "GET /path 200 1234 5.1ms"
  return fs.readFileSync(serverLog, 'utf8').split('\n').map((l) => l.match(/ (GET|POST) (\S+) (\d{3}) (\d+) /)).filter(Boolean);
}

async function throttle(page, on, offline = false) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline,
    latency: on ? RTT_MS : 0,
    downloadThroughput: on ? (KBIT * 1000) / 8 : -1,
    uploadThroughput: on ? (KBIT * 1000) / 8 : -1,
  });
  return cdp;
}

async function signIn(page) {
  await page.goto(`${base}/login`);
  await page.fill('#username', user);
  await page.fill('#password', password);
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/officer$/);
}

async function openAndTap(page) {
  const before = logBytes().length;
  const t0 = Date.now();
  await page.goto(`${base}/episodes/new`);
  await page.locator('button', { hasText: 'Log arrival' }).waitFor();
  const loaded = Date.now() - t0;
  await page.locator('select#site').selectOption({ label: 'Oakwood 136 suite' });
  const tap = Date.now();
  await page.locator('form[data-arrival-form] button[type="submit"]').click();
  await page.waitForURL(/\/episodes\/S136-\d{4}-\d{6}$/);
  await page.locator('h1').waitFor();
  const saved = Date.now() - tap;
  const lines = logBytes().slice(before);
  const bytes = lines.reduce((n, m) => n + Number(m[4]), 0);
  return { loaded, saved, bytes, requests: lines.length, paths: lines.map((m) => `${m[1]} ${m[2].replace(/S136-\d{4}-\d{6}/, 'REF')} ${m[4]}B`) };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu'],
  });
  const opts = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB', timezoneId: 'Europe/London' };
  const first = [];
  const repeat = [];
  const offline = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    // First visit: no service worker, and the browser cache emptied after
    // signing in, so the form's CSS and JS come over the slow link.
    const ctx = await browser.newContext({ ...opts, serviceWorkers: 'block' });
    const page = await ctx.newPage();
    await signIn(page);
    const cdp = await throttle(page, true);
    await cdp.send('Network.clearBrowserCache');
    first.push(await openAndTap(page));
    await ctx.close();
    // Repeat visit: the worker installed on an earlier visit.
    const ctxR = await browser.newContext(opts);
    const pageR = await ctxR.newPage();
    await signIn(pageR);
    await pageR.evaluate(() => navigator.serviceWorker.ready);
    await pageR.goto(`${base}/episodes/new`);
    await pageR.waitForTimeout(1000);
    await throttle(pageR, true);
    repeat.push(await openAndTap(pageR));
    await ctxR.close();
    // No signal at the tap (Playwright's offline switch: it also covers the
    // requests a service worker lets through, which page-level emulation
    // does not), in a profile that has the worker.
    const ctx2 = await browser.newContext(opts);
    const p2 = await ctx2.newPage();
    await signIn(p2);
    await p2.evaluate(() => navigator.serviceWorker.ready);
    await p2.goto(`${base}/episodes/new`);
    await p2.locator('select#site').selectOption({ label: 'Oakwood 136 suite' });
    await ctx2.setOffline(true);
    const tap = Date.now();
    await p2.locator('form[data-arrival-form] button[type="submit"]').click();
    await p2.locator('[data-offline-saved]').waitFor({ state: 'visible', timeout: 15_000 });
    offline.push(Date.now() - tap);
    await ctx2.close();
  }
  await browser.close();
  const row = (label, xs) => {
    console.log(
      `${label.padEnd(34)} tap->saved ${String(median(xs.map((x) => x.saved))).padStart(6)} ms   ` +
        `form load ${String(median(xs.map((x) => x.loaded))).padStart(6)} ms   ` +
        `sent by server ${String(median(xs.map((x) => x.bytes))).padStart(7)} B in ${median(xs.map((x) => x.requests))} requests`,
    );
  };
  console.log(`${KBIT} kbit/s each way, ${RTT_MS} ms round trip; median of ${ROUNDS}; form load + tap, bytes from the access log`);
  row('first visit (no worker, no cache)', first);
  row('repeat visit (service worker)', repeat);
  console.log(`  first visit requests: ${first[0].paths.join(', ')}`);
  console.log(`  repeat visit requests: ${repeat[0].paths.join(', ')}`);
  console.log(`${'no signal at the tap'.padEnd(34)} tap->"Saved on this phone" ${median(offline)} ms`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
