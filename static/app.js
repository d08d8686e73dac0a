// s136 front-end entry point (ES module, loaded with <script type="module" src="/static/app.js">).
// Everything here is progressive enhancement: every page works without JavaScript.
import { Button, createAll, initAll } from './nhsuk/nhsuk-frontend.min.js';

// NHS.UK frontend 10 only initialises when <body> has the class
// "nhsuk-frontend-supported" (its CSS also keys conditional reveals off it).
// Upstream's page template sets it from an inline <script>, which a strict CSP
// blocks; this file is itself a module script, so it only runs where modules are
// supported, which is exactly the condition that inline snippet tests. Setting the
// class here is equivalent (a template may still set it earlier to avoid a flash
// of revealed conditional content: then this is a no-op).
document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');

initAll();

// Conditional reveals under radios (the s135 warrant fields; why a health
// professional was not consulted). NHS.UK frontend's Radios component would put
// aria-expanded on the radio inputs, which ARIA does not allow there (axe
// aria-allowed-attr), so the app toggles the content itself: a radio carrying
// data-app-reveals="<id>" shows that element while it is checked. Without
// JavaScript the content is always shown.
function revealsFor(name) {
  return Array.from(document.querySelectorAll('input[type="radio"][data-app-reveals]'))
    .filter((i) => i.name === name);
}
for (const input of document.querySelectorAll('input[type="radio"][data-app-reveals]')) {
  for (const radio of document.querySelectorAll('input[type="radio"]')) {
    if (radio.name !== input.name || radio.dataset.appRevealBound) continue;
    radio.dataset.appRevealBound = '1';
    radio.addEventListener('change', () => {
      for (const r of revealsFor(radio.name)) {
        const target = document.getElementById(r.dataset.appReveals);
        if (target) target.classList.toggle('nhsuk-radios__conditional--hidden', !r.checked);
      }
    });
  }
}

const TICK_MS = 15000;

// "Xh YYm" for a duration in milliseconds, minutes floored; negative durations
// (a client clock behind the server's) are shown as 0h 00m.
export function formatElapsed(ms) {
  const totalMinutes = Math.max(0, Math.floor(ms / 60000));
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return `${hours}h ${String(minutes).padStart(2, '0')}m`;
}

// Elements carrying data-elapsed-since="<ISO-8601 UTC instant>" show the time
// elapsed since then; the server renders the initial text, this keeps it ticking.
function updateElapsed(root = document) {
  const now = Date.now();
  for (const el of root.querySelectorAll('[data-elapsed-since]')) {
    const since = Date.parse(el.getAttribute('data-elapsed-since'));
    if (Number.isNaN(since)) continue;
    const text = formatElapsed(now - since);
    if (el.textContent !== text) el.textContent = text;
  }
}

if (document.querySelector('[data-elapsed-since]')) {
  updateElapsed();
  setInterval(updateElapsed, TICK_MS);
}

// Automatic updates (the health board). The region <div id=… data-refresh-every="30">
// is fetched again every N seconds and swapped in place, instead of a
// <meta http-equiv="refresh"> reload that would move focus and cannot be paused
// (WCAG 2.2.1 and 2.2.2). The "Pause updates" button stops and restarts it.
// Without JavaScript the page has a plain "Check for updates" link.
function autoRefresh(region) {
  const seconds = Number(region.getAttribute('data-refresh-every'));
  if (!region.id || !(seconds >= 5)) return;
  const controls = document.querySelector('[data-refresh-controls]');
  const toggle = controls && controls.querySelector('[data-refresh-toggle]');
  const status = controls && controls.querySelector('[data-refresh-status]');
  let paused = false;
  let busy = false;

  async function refresh() {
    if (paused || busy || document.hidden) return;
    busy = true;
    try {
      const res = await fetch(window.location.href, {
        credentials: 'same-origin',
        headers: { Accept: 'text/html' },
      });
      // Signed out (redirected to the sign-in page) or an error page: show it.
      if (res.redirected || !res.ok) {
        window.location.reload();
        return;
      }
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      const fresh = doc.getElementById(region.id);
      if (!fresh || paused) return;
      // Put focus back on the same link or button if it is still there.
      const active = document.activeElement;
      const key = active && region.contains(active) ? active.getAttribute('href') : null;
      region.replaceChildren(...Array.from(fresh.childNodes, (n) => document.importNode(n, true)));
      updateElapsed(region);
      createAll(Button, undefined, { scope: region });
      if (key) {
        const again = Array.from(region.querySelectorAll('a[href]')).find((a) => a.getAttribute('href') === key);
        if (again) again.focus();
      }
    } catch (e) {
      // Offline or the server is restarting: keep what is shown and try again later.
    } finally {
      busy = false;
    }
  }

  setInterval(refresh, seconds * 1000);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refresh();
  });

  if (controls && toggle && status) {
    controls.hidden = false;
    toggle.addEventListener('click', () => {
      paused = !paused;
      toggle.textContent = toggle.getAttribute(paused ? 'data-label-resume' : 'data-label-pause');
      status.textContent = toggle.getAttribute(paused ? 'data-status-paused' : 'data-status-running');
      if (!paused) refresh();
    });
  }
}

for (const region of document.querySelectorAll('[data-refresh-every]')) {
  autoRefresh(region);
}

// "Just now" / "Earlier": typing a date and time chooses "Earlier", so the
// time typed is the time recorded. (Without JavaScript the server refuses
// "Just now" with a time typed, and says which to choose.)
for (const input of document.querySelectorAll('input[data-when-time]')) {
  const earlier = document.getElementById(`${input.dataset.whenTime}-earlier`);
  if (!earlier) continue;
  const choose = () => {
    if (input.value.trim() !== '' && !earlier.checked) {
      earlier.checked = true;
      earlier.dispatchEvent(new Event('change', { bubbles: true }));
    }
  };
  input.addEventListener('input', choose);
  input.addEventListener('change', choose);
}
