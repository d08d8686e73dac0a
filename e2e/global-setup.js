// Global setup for the s136 browser journeys.
//
// 1. Takes the server binary from S136_BIN (default ../target/release/s136).
// 2. Creates a temp dir and an SQLite database in it, and runs the CLI set-up
//    commands (migrate, force add, site add, user add ...).
// 3. Starts `s136 --database-url sqlite://<tmp>/e2e.db serve --bind 127.0.0.1:<port>`
//    and waits for GET /healthz == 200.
// 4. Exports the base URL as process.env.S136_BASE_URL (the test workers inherit it).
// The returned function is Playwright's global teardown: it stops the server and
// deletes the temp dir (set S136_E2E_KEEP=1 to keep it for debugging).
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { FORCE, SITE, SITE2, STATION, USERS } = require('./users');

const HEALTH_TIMEOUT_MS = 30_000;

function binPath() {
  const bin = path.resolve(__dirname, process.env.S136_BIN || '../target/release/s136');
  if (!fs.existsSync(bin)) {
    throw new Error(
      `s136 binary not found at ${bin}. Build it with "cargo build --release --locked" ` +
        'or point S136_BIN at it.',
    );
  }
  return bin;
}

function runCli(bin, dbUrl, args, input) {
  const full = ['--database-url', dbUrl, ...args];
  const res = spawnSync(bin, full, {
    input: input === undefined ? '' : input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (res.error || res.status !== 0) {
    throw new Error(
      `e2e set-up command failed: ${path.basename(bin)} ${full.join(' ')}\n` +
        `exit: ${res.status} ${res.signal || ''} ${res.error || ''}\n` +
        `stdout:\n${res.stdout}\nstderr:\n${res.stderr}`,
    );
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitHealthy(baseURL, child, logFile) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `s136 serve exited early (code ${child.exitCode}, signal ${child.signalCode}). Log:\n` +
          fs.readFileSync(logFile, 'utf8'),
      );
    }
    try {
      const res = await fetch(`${baseURL}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = String(e.cause || e);
    }
    await sleep(200);
  }
  throw new Error(
    `s136 did not answer GET /healthz with 200 within ${HEALTH_TIMEOUT_MS} ms (last: ${last}). Log:\n` +
      fs.readFileSync(logFile, 'utf8'),
  );
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(killTimer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

module.exports = async function globalSetup() {
  const bin = binPath();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 's136-e2e-'));
  const dbUrl = `sqlite://${tmp}/e2e.db`;
  const logFile = path.join(tmp, 'server.log');
  const keep = process.env.S136_E2E_KEEP === '1';
  const cleanupTmp = () => {
    if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
  };

  let child;
  try {
    runCli(bin, dbUrl, ['migrate']);
    runCli(bin, dbUrl, ['force', 'add', '--code', FORCE.code, '--name', FORCE.name]);
    for (const site of [SITE, SITE2, STATION]) {
      runCli(bin, dbUrl, [
        'site', 'add',
        '--code', site.code,
        '--name', site.name,
        '--kind', site.kind,
        '--trust', site.trust,
      ]);
    }
    for (const u of Object.values(USERS)) {
      const args = ['user', 'add', '--username', u.username, '--role', u.role];
      if (u.force) args.push('--force', u.force);
      if (u.collar) args.push('--collar', u.collar);
      if (u.site) args.push('--site', u.site);
      args.push('--password-stdin');
      runCli(bin, dbUrl, args, `${u.password}\n`);
    }

    const port = await freePort();
    const baseURL = `http://127.0.0.1:${port}`;
    const log = fs.openSync(logFile, 'a');
    child = spawn(bin, ['--database-url', dbUrl, 'serve', '--bind', `127.0.0.1:${port}`], {
      stdio: ['ignore', log, log],
      // The push journey's push service is on 127.0.0.1 over http.
      env: { RUST_LOG: 'info', S136_PUSH_ALLOW_LOOPBACK_HTTP: '1', ...process.env },
    });
    fs.closeSync(log);
    // Never leave the server behind, even if the runner dies without teardown.
    process.on('exit', () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    await waitHealthy(baseURL, child, logFile);

    process.env.S136_BASE_URL = baseURL;
    // The journeys check what the database holds afterwards (fixtures.js dbQuery).
    process.env.S136_E2E_DB = path.join(tmp, 'e2e.db');
    console.log(`[e2e] s136 ${bin} serving ${baseURL} (db ${dbUrl})`);
  } catch (e) {
    if (child) await stop(child);
    cleanupTmp();
    throw e;
  }

  return async function globalTeardown() {
    await stop(child);
    if (keep) console.log(`[e2e] kept ${tmp} (server log: ${logFile})`);
    cleanupTmp();
  };
};
