// Officers' pages: the service worker, and arrivals kept on the phone until
// there is signal. Loaded (as a module) only on officers' pages. Everything
// here adds to pages that work without it: without JavaScript the arrival
// form posts as usual.
//
// An arrival is put in IndexedDB at the tap, before anything is sent, with the
// time of the tap and its client_ref (the form token). It is then sent with
// fetch; if that fails, or takes too long, the officer sees that it is saved
// on the phone, and any officer page sends it again when it can (on load, when
// the browser comes online, and on a timer that backs off). The server keeps
// the first case made with a client_ref, so sending twice is harmless.
//
// Clock: the arrival form carries the server's clock when it was made
// (data-server-time). Against the phone's clock when the page arrived
// (Navigation Timing responseStart) that gives server minus phone, measured
// to within the page's one-way delivery time. It is kept in localStorage for
// forms opened with no signal, and sent with the tap time; the server refuses
// a corrected time more than 2 minutes ahead or 24 hours behind its own.

const user = document.body.dataset.offlineUser;
const DB_NAME = 's136-offline';
const STORE = 'arrivals';
const OFFSET_KEY = 's136.clockOffset';
// How long the officer waits at the tap before "saved on this phone".
const SEND_WAIT_MS = 8000;
const RETRY_FIRST_MS = 5000;
const RETRY_MAX_MS = 5 * 60 * 1000;

const hhmm = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {});
}

// ---- IndexedDB, as promises ----------------------------------------------

function openDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx(mode, fn) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const t = db.transaction(STORE, mode);
    const result = fn(t.objectStore(STORE));
    t.oncomplete = () => resolve(result && 'result' in result ? result.result : undefined);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
}

const queue = {
  all: async () => ((await tx('readonly', (s) => s.getAll())) || []).filter((i) => i.user === user),
  get: (id) => tx('readonly', (s) => s.get(id)),
  add: (item) => tx('readwrite', (s) => s.add(item)),
  put: (item) => tx('readwrite', (s) => s.put(item)),
  remove: (id) => tx('readwrite', (s) => s.delete(id)),
};

// ---- The clock -------------------------------------------------------------

function storedOffset() {
  try {
    const v = JSON.parse(localStorage.getItem(OFFSET_KEY) || 'null');
    return v && Number.isFinite(v.offset) ? v.offset : null;
  } catch (e) {
    return null;
  }
}

function measureOffset(form) {
  const server = Number(form.dataset.serverTime);
  const nav = performance.getEntriesByType('navigation')[0];
  // 0: the service worker's copy. Back/forward: a page kept from earlier,
  // whose server time is old.
  if (!server || (nav && nav.type === 'back_forward')) return;
  const arrived = performance.timeOrigin + (nav ? nav.responseStart : performance.now());
  const offset = Math.round(server - arrived);
  try {
    localStorage.setItem(OFFSET_KEY, JSON.stringify({ offset, measuredAt: Date.now() }));
  } catch (e) {
    // Private mode without storage: the offset is measured again next time.
  }
}

// ---- Sending ---------------------------------------------------------------

function csrf() {
  const input = document.querySelector('input[name="csrf_token"]');
  return input ? input.value : '';
}

// { ok, reference, url } | { refused: status } | { retry: true }
async function send(item) {
  const body = new URLSearchParams(item.body);
  // The session's token now (the form's copy may be from an earlier visit).
  const token = csrf();
  if (token) body.set('csrf_token', token);
  let res;
  try {
    res = await fetch('/episodes', {
      method: 'POST',
      body,
      credentials: 'same-origin',
      // The server answers with the case reference instead of a redirect.
      headers: { Accept: 'text/html', 'X-S136-Send': '1' },
    });
  } catch (e) {
    return { retry: true };
  }
  const reference = res.ok && res.headers.get('X-S136-Case');
  if (reference && /^S136-\d{4}-\d{6}$/.test(reference)) {
    await queue.remove(item.id);
    return { ok: true, reference, url: new URL(`/episodes/${reference}`, window.location.href).href };
  }
  // Signed out (sent to the sign-in page): wait for the officer to sign in.
  if (res.redirected) return { retry: true };
  // Something to put right in the form: the server says what when the form
  // is posted as usual. Anything else (signed out, a CSRF token from an older
  // session, the server restarting) is tried again later: it is kept.
  if ([400, 409, 413, 422].includes(res.status)) return { refused: res.status };
  return { retry: true };
}

// Posts a kept arrival as an ordinary form, so the server shows the form
// again with what the officer entered and what to put right.
function postNatively(item) {
  const f = document.createElement('form');
  f.method = 'post';
  f.action = '/episodes';
  f.hidden = true;
  const body = new URLSearchParams(item.body);
  const token = csrf();
  if (token) body.set('csrf_token', token);
  for (const [k, v] of body) {
    const i = document.createElement('input');
    i.type = 'hidden';
    i.name = k;
    i.value = v;
    f.append(i);
  }
  document.body.append(f);
  return queue.remove(item.id).then(() => f.submit());
}

// ---- The arrival form ------------------------------------------------------

function arrivalForm(form) {
  measureOffset(form);
  if (Number(form.dataset.serverTime)) {
    navigator.serviceWorker?.controller?.postMessage('refresh-officer-pages');
  }
  const tokenInput = form.querySelector('input[name="form_token"]');
  // A form opened with no signal has no token: one per form, kept in the
  // history entry so that Back to this form keeps it.
  const state = history.state || {};
  if (state.formToken) {
    tokenInput.value = state.formToken;
  } else {
    if (!tokenInput.value) tokenInput.value = crypto.randomUUID();
    history.replaceState({ ...state, formToken: tokenInput.value }, '');
  }
  const saved = document.querySelector('[data-offline-saved]');
  let busy = false;
  window.addEventListener('pageshow', (e) => {
    if (e.persisted) busy = false;
  });

  function hidden(name, value) {
    let i = form.querySelector(`input[type="hidden"][name="${name}"]`);
    if (!i) {
      i = document.createElement('input');
      i.type = 'hidden';
      i.name = name;
      form.append(i);
    }
    if (i.value === '') i.value = value;
    return i.value;
  }

  function showSaved(item) {
    saved.querySelector('[data-offline-saved-time]').textContent = hhmm.format(new Date(item.capturedAt));
    form.hidden = true;
    saved.hidden = false;
    saved.querySelector('[data-offline-saved-heading]').focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // A double tap, or a tap while the first is still on its way.
    if (busy) return;
    busy = true;
    const offset = storedOffset();
    // The server's re-shown form keeps the first tap's time.
    const device = Number(hidden('captured_at', String(Date.now())));
    const off = Number(hidden('clock_offset', offset === null ? '' : String(offset))) || 0;
    const item = {
      id: tokenInput.value,
      user,
      body: new URLSearchParams(new FormData(form)).toString(),
      capturedAt: device + off,
      savedAt: Date.now(),
    };
    // Tapped before (Back, then the button again): the first tap stands.
    const before = await queue.get(item.id).catch(() => null);
    try {
      if (!before) await queue.add(item);
    } catch (e) {
      // No IndexedDB (private mode): send it as an ordinary form.
      form.submit();
      return;
    }
    const first = before || item;
    let shown = false;
    const timer = setTimeout(() => {
      shown = true;
      showSaved(first);
    }, SEND_WAIT_MS);
    const r = await send(first);
    clearTimeout(timer);
    if (r.ok) {
      if (shown) {
        announce(say('tSent', { reference: r.reference }), r.url);
      } else {
        window.location.assign(r.url);
      }
    } else if (r.refused) {
      await postNatively(first);
    } else {
      if (!shown) showSaved(first);
      schedule();
    }
  });
}

// ---- The officer's home: what is waiting, sent when there is signal --------

const panel = document.querySelector('[data-offline-queue]');
const sentRegion = document.querySelector('[data-offline-sent]');

// The words, in the reader's language, from the page (data-t-* on
// [data-offline-words]); `{name}` marks where a value goes.
const words = document.querySelector('[data-offline-words]')?.dataset || {};
function say(name, values = {}) {
  return (words[name] || '').replace(/\{(\w+)\}/g, (_, k) => (k in values ? String(values[k]) : ''));
}

function announce(text, url) {
  const region = sentRegion || document.querySelector('[data-offline-saved]');
  if (!region) return;
  const p = document.createElement('p');
  p.className = 'nhsuk-body-s';
  p.append(`${text} `);
  if (url) {
    const a = document.createElement('a');
    a.className = 'nhsuk-link';
    a.href = new URL(url).pathname;
    a.textContent = say('tOpenCase');
    p.append(a);
  }
  region.append(p);
}

async function render() {
  if (!panel) return;
  const items = await queue.all().catch(() => []);
  panel.hidden = items.length === 0;
  if (!items.length) return;
  const waiting = items.filter((i) => !i.refused);
  const refused = items.filter((i) => i.refused);
  const n = (k, one, many) => (k === 1 ? say(one) : say(many, { n: k }));
  const parts = [];
  if (waiting.length) parts.push(n(waiting.length, 'tWaitingOne', 'tWaitingOther'));
  if (refused.length) parts.push(n(refused.length, 'tRefusedOne', 'tRefusedOther'));
  panel.querySelector('[data-offline-queue-count]').textContent = parts.join(', ');
  panel.querySelector('[data-offline-queue-detail]').textContent = waiting.length
    ? say('tDetailWaiting')
    : say('tDetailRefused');
  const list = panel.querySelector('[data-offline-queue-list]');
  list.replaceChildren(
    ...items.map((i) => {
      const li = document.createElement('li');
      li.append(say('tSavedAt', { time: hhmm.format(new Date(i.capturedAt)) }));
      if (i.refused) {
        li.append('. ');
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0';
        b.textContent = say('tCheckSend');
        b.addEventListener('click', () => postNatively(i));
        li.append(b);
      }
      return li;
    }),
  );
  panel.querySelector('[data-offline-send]').hidden = waiting.length === 0;
}

let sending = false;
let delay = RETRY_FIRST_MS;
let timer = null;

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(flush, delay);
  delay = Math.min(delay * 2, RETRY_MAX_MS);
}

async function flush() {
  if (sending) return;
  sending = true;
  try {
    const items = (await queue.all().catch(() => [])).filter((i) => !i.refused);
    let again = false;
    for (const item of items) {
      const r = await send(item);
      if (r.ok) {
        announce(
          say('tSentLater', { time: hhmm.format(new Date(item.capturedAt)), reference: r.reference }),
          r.url,
        );
      } else if (r.refused) {
        await queue.put({ ...item, refused: r.refused });
      } else {
        again = true;
        break;
      }
    }
    if (again) {
      schedule();
    } else {
      delay = RETRY_FIRST_MS;
    }
  } finally {
    sending = false;
    await render();
  }
}

const form = document.querySelector('form[data-arrival-form]');
if (form && user) arrivalForm(form);

if (user) {
  window.addEventListener('online', () => {
    delay = RETRY_FIRST_MS;
    flush();
  });
  panel?.querySelector('[data-offline-send]')?.addEventListener('click', () => {
    delay = RETRY_FIRST_MS;
    flush();
  });
  // Not from the arrival form's own page while its first send is under way.
  if (!form) flush();
  render();
}

// Signing out: the pages kept for reading go with the session.
for (const f of document.querySelectorAll('form[action="/logout"]')) {
  f.addEventListener('submit', () => {
    if ('caches' in window) caches.delete('s136-pages');
  });
}
