// s136 service worker, served at /sw.js (scope: every page) with
// `const ASSETS = "/static/<hash>";` put in front of this file by the server.
// It only adds to the pages: nothing here is needed for them to work.
//
// - The app shell (CSS, JS, icons, manifest) is cached at install and served
//   from the cache (its paths carry the release hash, so they never change).
// - The officer's pages (home, arrival form, case pages) go to the network
//   first; a copy of each is kept for reading with no signal.
// - With no signal the arrival form is the copy made for that (`?shell=1`:
//   no form token, no server time), so static/offline.js can keep an
//   arrival on the phone and send it later.
// - Form posts are never touched here: the page sends them (offline.js).
// - Push messages (Web Push, see static/push.js) are shown as notifications;
//   tapping one opens its case. Health staff's pages register this worker
//   for /push/ only, where there are no pages for it to keep.
/* global ASSETS */

const VERSION = ASSETS.split('/').pop();
const SHELL = `s136-shell-${VERSION}`;
const PAGES = 's136-pages';
const FORM_SHELL = '/episodes/new?shell=1';
// Pages kept for reading offline; the oldest copies go first.
const MAX_PAGES = 25;
// Waiting longer than this for a page on a poor signal, a kept copy is shown.
const NAV_TIMEOUT_MS = { form: 3000, other: 6000 };

const PRECACHE = [
  `${ASSETS}/nhsuk/nhsuk-frontend.min.css`,
  `${ASSETS}/nhsuk/nhsuk-frontend.min.js`,
  `${ASSETS}/app.css`,
  `${ASSETS}/app.js`,
  `${ASSETS}/offline.js`,
  '/assets/manifest.json',
  '/assets/images/favicon.ico',
  '/assets/images/nhsuk-icon-192.png',
  '/assets/images/nhsuk-icon-512.png',
];

// Pages worth keeping for an officer (not the board, reports or set-up).
const KEEP = /^\/(officer|episodes\/new|episodes\/S136-\d{4}-\d{6})$/;

// The form's shell and the officer's home, kept at install and after each
// online visit to the form, so that both open with no signal.
async function cacheOfficerPages() {
  // Registered for push only (health staff's pages): no pages to keep.
  if (self.registration.scope.endsWith('/push/')) return;
  const cache = await caches.open(PAGES);
  for (const path of [FORM_SHELL, '/officer']) {
    try {
      const res = await fetch(path, { credentials: 'same-origin' });
      // Signed out: the answer is the sign-in page; keep the old copy.
      if (res.ok && !res.redirected) await cache.put(path, res);
    } catch (e) {
      // No signal now: the next online visit makes the copy.
    }
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      await cache.addAll(PRECACHE);
      await cacheOfficerPages();
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('s136-shell-') && name !== SHELL) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  // offline.js asks after an online visit to the form (a fresh CSRF token).
  if (event.data === 'refresh-officer-pages') event.waitUntil(cacheOfficerPages());
});

async function fromCacheFirst(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) {
    const cache = await caches.open(SHELL);
    await cache.put(request, res.clone());
  }
  return res;
}

async function trim(cache) {
  const keys = await cache.keys();
  const pages = keys.filter((k) => new URL(k.url).pathname.startsWith('/episodes/S136-'));
  for (const old of pages.slice(0, Math.max(0, pages.length - MAX_PAGES))) {
    await cache.delete(old);
  }
}

function timeout(ms) {
  return new Promise((resolve) => setTimeout(() => resolve(null), ms));
}

async function kept(url) {
  if (url.pathname === '/episodes/new') return caches.match(FORM_SHELL);
  return caches.match(url.pathname);
}

async function navigate(event, url) {
  const keep = KEEP.test(url.pathname) && url.search === '';
  const network = fetch(event.request).then(async (res) => {
    if (keep && res.ok && !res.redirected) {
      const cache = await caches.open(PAGES);
      // The live form has its own token: only its shell copy is kept.
      if (url.pathname !== '/episodes/new') {
        await cache.put(url.pathname, res.clone());
        await trim(cache);
      }
    }
    return res;
  });
  if (!keep) return network;
  event.waitUntil(network.catch(() => null));
  const wait = url.pathname === '/episodes/new' ? NAV_TIMEOUT_MS.form : NAV_TIMEOUT_MS.other;
  const first = await Promise.race([network.catch(() => null), timeout(wait)]);
  if (first) return first;
  const copy = await kept(url);
  if (copy) return copy;
  // Nothing kept: wait for the network after all (its error page if it fails).
  return network;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/static/') || url.pathname.startsWith('/assets/')) {
    event.respondWith(fromCacheFirst(request));
  } else if (request.mode === 'navigate') {
    event.respondWith(navigate(event, url));
  }
});

// ---- Push messages -----------------------------------------------------------

// A push message's data is JSON: {id, type, title, body, url} (codes, site
// and minutes only). The id is the notification's tag, so a message sent
// again (the server retries until every device has it) replaces the first.
self.addEventListener('push', (event) => {
  let msg = {};
  try {
    msg = event.data ? event.data.json() : {};
  } catch (e) {
    msg = {};
  }
  const title = typeof msg.title === 'string' && msg.title ? msg.title : 's136 handovers';
  // Only paths on this service are opened on a tap.
  const url = typeof msg.url === 'string' && msg.url.startsWith('/') && !msg.url.startsWith('//') ? msg.url : '/';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof msg.body === 'string' ? msg.body : '',
      tag: typeof msg.id === 'string' && msg.id ? msg.id : undefined,
      data: { url, id: msg.id, type: msg.type },
      icon: '/assets/images/nhsuk-icon-192.png',
      requireInteraction: msg.type === 'escalation',
    }),
  );
});

// A tap opens the case: an open window of this service on it is focused,
// else a window on this service is taken there, else a new one opens.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || '/', self.location.origin);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const same = windows.find((w) => new URL(w.url).pathname === target.pathname);
      if (same) return same.focus();
      const any = windows.find((w) => new URL(w.url).origin === target.origin && 'navigate' in w);
      if (any) {
        try {
          const moved = await any.navigate(target.href);
          if (moved) return moved.focus();
        } catch (e) {
          // Not controlled by this worker: open a new window instead.
        }
      }
      return self.clients.openWindow(target.href);
    })(),
  );
});
