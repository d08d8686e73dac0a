// s136 front-end entry point (ES module, loaded with <script type="module" src="/static/app.js">).
// Everything here is progressive enhancement: every page works without JavaScript.
import { Button, createAll, initAll } from './nhsuk/nhsuk-frontend.min.js';
import { startLive } from './live.js';

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

// Live updates (the board, the officer home, the case page): see live.js.
for (const region of document.querySelectorAll('[data-refresh-every]')) {
  startLive(region, {
    afterSwap: (r) => {
      updateElapsed(r);
      createAll(Button, undefined, { scope: r });
    },
  });
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

// Notifications on this device (the board, the officer home): see push.js.
if (document.querySelector('[data-push]')) {
  import('./push.js').then((m) => m.startPush()).catch(() => {});
}
