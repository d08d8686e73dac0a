// Web Push on this device: the "Notifications on this device" section of the
// board and the officer home (templates/push_controls.html). Loaded by app.js
// only where that section is; it stays hidden unless the browser can take
// push messages (a service worker, PushManager and notifications).
//
// Turning on asks the browser's permission, subscribes with the server's
// public key (GET /push/key) and gives the subscription to the server
// (POST /push/subscriptions); turning off unsubscribes here and ends it
// there. "Send me a test notification" asks the server to push to this
// user's devices (POST /push/test). Calls send JSON with the page's CSRF
// token in X-CSRF-Token. Every change of state is said in the polite status
// line; focus is never moved.
//
// The service worker is the app's /sw.js. Officers' pages already register it
// for every page (offline.js); on other pages it is registered for /push/
// only, so that it keeps no copies of pages on a shared ward computer: a push
// registration needs no page in its scope.

const section = document.querySelector('[data-push]');

function supported() {
  return (
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    'Notification' in window &&
    window.isSecureContext
  );
}

function keyBytes(b64) {
  const s = atob(b64.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

function deviceLabel() {
  const ua = navigator.userAgent;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'Browser';
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : 'this device';
  return `${browser} on ${os}`;
}

async function call(path, body) {
  const init = { credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.method = 'POST';
    init.headers['Content-Type'] = 'application/json';
    init.headers['X-CSRF-Token'] = section.dataset.pushCsrf;
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  let json = null;
  try {
    json = await res.json();
  } catch (e) {
    // Not JSON: signed out (the sign-in page) or a proxy's error page.
  }
  if (!res.ok || !json) {
    const message = json && json.error ? json.error.message : `The service answered ${res.status}.`;
    throw new Error(message);
  }
  return json;
}

function activeWorker(reg) {
  if (reg.active) return Promise.resolve(reg);
  return new Promise((resolve) => {
    const w = reg.installing || reg.waiting;
    if (!w) return resolve(reg);
    w.addEventListener('statechange', () => {
      if (w.state === 'activated') resolve(reg);
    });
  });
}

function scope() {
  return document.body.dataset.offlineUser ? '/' : '/push/';
}

// The worker is registered only when notifications are turned on (officers'
// pages have it already).
async function registration() {
  const reg =
    (await navigator.serviceWorker.getRegistration(scope())) ||
    (await navigator.serviceWorker.register('/sw.js', { scope: scope() }));
  return activeWorker(reg);
}

export function startPush() {
  if (!section || !supported()) return;
  const status = section.querySelector('[data-push-status]');
  const toggle = section.querySelector('[data-push-toggle]');
  const test = section.querySelector('[data-push-test]');
  let on = false;
  let busy = false;
  // The words, in the page's language (templates/push_controls.html).
  const say = (name, n) => (section.dataset[name] || '').replace('{n}', String(n));

  function show(isOn, message) {
    on = isOn;
    toggle.textContent = isOn ? toggle.dataset.labelOff : toggle.dataset.labelOn;
    toggle.setAttribute('aria-pressed', isOn ? 'true' : 'false');
    test.hidden = !isOn;
    if (message) status.textContent = message;
  }

  async function current() {
    const reg = await navigator.serviceWorker.getRegistration(scope());
    if (!reg) return { reg: null, sub: null };
    const sub = await reg.pushManager.getSubscription();
    if (!sub || Notification.permission !== 'granted') return { reg, sub: null };
    // This browser's subscription counts only if the server has it for the
    // signed-in user (a shared computer may hold another person's).
    const mine = await call('/push/subscriptions');
    const known = mine.subscriptions.some((s) => s.endpoint === sub.endpoint);
    return { reg, sub: known ? sub : null };
  }

  async function turnOn() {
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') {
      show(false, say('msgBlocked'));
      return;
    }
    const reg = await registration();
    const { public_key: key } = await call('/push/key');
    let sub = await reg.pushManager.getSubscription();
    if (!sub) {
      sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
    }
    await call('/push/subscriptions', { ...sub.toJSON(), label: deviceLabel() });
    show(true, say('msgOnLong'));
  }

  async function turnOff() {
    const { sub } = await current();
    if (sub) {
      try {
        await call('/push/subscriptions/delete', { endpoint: sub.endpoint });
      } catch (e) {
        // Already ended on the server: unsubscribing here is what is left.
      }
      await sub.unsubscribe();
    }
    show(false, say('msgOff'));
  }

  toggle.addEventListener('click', async () => {
    if (busy) return;
    busy = true;
    toggle.setAttribute('aria-disabled', 'true');
    status.textContent = on ? say('msgTurningOff') : say('msgTurningOn');
    try {
      await (on ? turnOff() : turnOn());
    } catch (e) {
      show(on, `${say('msgChangeFailed')} ${e.message}`);
    } finally {
      busy = false;
      toggle.removeAttribute('aria-disabled');
    }
  });

  test.addEventListener('click', async () => {
    status.textContent = say('msgSending');
    try {
      const r = await call('/push/test', {});
      const many = r.devices === 1 ? 'msgTestOne' : r.devices === 2 ? 'msgTestTwo' : 'msgTestOther';
      status.textContent = say(r.devices > 0 ? many : 'msgTestNone', r.devices);
    } catch (e) {
      status.textContent = `${say('msgTestFailed')} ${e.message}`;
    }
  });

  section.hidden = false;
  current()
    .then(({ sub }) => show(Boolean(sub), sub ? say('msgOn') : null))
    .catch(() => show(false, null));
}
