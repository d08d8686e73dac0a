// Live updates for the board, the officer home and the case page.
// A region <div id=… data-refresh-every="30" data-live-after="<event id>"> is
// fetched again and swapped in place whenever the server-sent event stream
// (/events) says something in it changed, within about a second. When the
// stream is unavailable the region is fetched every 30 seconds instead, and
// the page says which mode it is in. Without JavaScript the page reloads
// itself every 30 seconds (a <noscript> refresh).
//
// Focus is never moved: a row holding focus is kept as it is until focus
// leaves it. What is new is read out through a polite live region and
// highlighted; an optional sound (off unless switched on, remembered on this
// device) plays on a new arrival and on a breach. "Pause updates" stops it
// all (WCAG 2.2.1, 2.2.2).

const SOUND_KEY = 's136-live-sound';

function texts(root, attr) {
  return new Set(Array.from(root.querySelectorAll(`[${attr}]`), (e) => e.getAttribute(attr)));
}

let audio = null;
function beep(times) {
  try {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    for (let i = 0; i < times; i += 1) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.15;
      osc.connect(gain).connect(audio.destination);
      const at = audio.currentTime + i * 0.35;
      osc.start(at);
      osc.stop(at + 0.2);
    }
  } catch (e) {
    // No audio on this device: the visual and spoken cues remain.
  }
}

export function startLive(region, { afterSwap }) {
  const seconds = Number(region.getAttribute('data-refresh-every'));
  if (!region.id || !(seconds >= 5)) return;
  const controls = document.querySelector('[data-live-controls]');
  const status = controls && controls.querySelector('[data-live-status]');
  const toggle = controls && controls.querySelector('[data-refresh-toggle]');
  const sound = controls && controls.querySelector('[data-live-sound]');
  const announcer = document.querySelector('[data-live-announcer]');
  const types = new Set((region.getAttribute('data-live-types') || '').split(',').filter(Boolean));
  const reference = region.getAttribute('data-live-reference');
  let paused = false;
  let busy = false;
  let again = false;
  let live = false;
  let timer = null;

  const say = (text) => {
    if (!announcer || !text) return;
    const p = document.createElement('p');
    p.textContent = text;
    announcer.append(p);
    setTimeout(() => p.remove(), 20000);
  };
  const showMode = () => {
    if (!status) return;
    // The words come from the page, in its language.
    const text = (name) => (controls && controls.dataset[name]) || '';
    if (paused) status.textContent = text('textPaused');
    else if (live) status.textContent = text('textLive');
    else status.textContent = text('textFallback').replace('{seconds}', String(seconds));
  };

  async function refresh() {
    if (paused) return;
    if (busy) {
      again = true;
      return;
    }
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
      const oldKeys = texts(region, 'data-live-key');
      const oldNews = texts(region, 'data-announce');
      const oldBreaches = texts(region, 'data-breach');
      // Keep the row that has focus as it is (it is updated once focus leaves).
      const active = document.activeElement;
      const holder = active && region.contains(active) ? active.closest('[data-live-key]') : null;
      const nodes = Array.from(fresh.childNodes, (n) => document.importNode(n, true));
      const box = document.createElement('div');
      box.append(...nodes);
      if (holder) {
        const twin = Array.from(box.querySelectorAll('[data-live-key]'))
          .find((e) => e.getAttribute('data-live-key') === holder.getAttribute('data-live-key'));
        if (twin) twin.replaceWith(holder);
      }
      const href = active && region.contains(active) && !holder ? active.getAttribute('href') : null;
      region.replaceChildren(...box.childNodes);
      if (href) {
        const same = Array.from(region.querySelectorAll('a[href]')).find((a) => a.getAttribute('href') === href);
        if (same) same.focus();
      }
      afterSwap(region);
      let arrivals = 0;
      for (const el of region.querySelectorAll('[data-live-key]')) {
        if (!oldKeys.has(el.getAttribute('data-live-key'))) {
          el.classList.add('app-live--new');
          setTimeout(() => el.classList.remove('app-live--new'), 15000);
          arrivals += 1;
        }
      }
      for (const el of region.querySelectorAll('[data-announce]')) {
        const text = el.getAttribute('data-announce');
        if (!oldNews.has(text)) say(text);
      }
      let breaches = 0;
      for (const el of region.querySelectorAll('[data-breach]')) {
        const text = el.getAttribute('data-breach');
        if (!oldBreaches.has(text)) {
          say(text);
          breaches += 1;
        }
      }
      if (sound && sound.checked && (arrivals || breaches)) beep(breaches ? 2 : 1);
    } catch (e) {
      // Offline or the server is restarting: keep what is shown and try again later.
    } finally {
      busy = false;
      if (again) {
        again = false;
        refresh();
      }
    }
  }

  // The fallback: poll while the stream is not open.
  timer = setInterval(() => {
    if (!live && !document.hidden) refresh();
  }, seconds * 1000);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refresh();
  });

  if ('EventSource' in window && region.hasAttribute('data-live-after')) {
    const after = Number(region.getAttribute('data-live-after')) || 0;
    const source = new EventSource(`/events?after=${after}`);
    let pending = null;
    const soon = () => {
      if (pending) return;
      pending = setTimeout(() => {
        pending = null;
        refresh();
      }, 150);
    };
    source.addEventListener('open', () => {
      live = true;
      showMode();
    });
    source.addEventListener('error', () => {
      // The browser reconnects by itself (with Last-Event-ID); poll meanwhile.
      live = source.readyState === EventSource.OPEN;
      showMode();
    });
    source.addEventListener('reset', soon);
    for (const type of types.size ? types : ['arrival']) {
      source.addEventListener(type, (ev) => {
        if (reference) {
          try {
            if (JSON.parse(ev.data).reference !== reference) return;
          } catch (e) {
            return;
          }
        }
        soon();
      });
    }
    if (reference) {
      // The case page follows every change to its case, whatever the type.
      for (const type of ['handover_offered', 'handover', 'stay_request', 'stay_answer', 'police_left', 'transfer', 'extension', 'end', 'cancel', 'correction', 'health_check', 'update']) {
        if (types.has(type)) continue;
        source.addEventListener(type, (ev) => {
          try {
            if (JSON.parse(ev.data).reference === reference) soon();
          } catch (e) {
            // Not ours.
          }
        });
      }
    }
    window.addEventListener('pagehide', () => source.close());
  }

  if (controls) {
    controls.hidden = false;
    showMode();
    if (sound) {
      sound.checked = window.localStorage.getItem(SOUND_KEY) === 'on';
      sound.addEventListener('change', () => {
        window.localStorage.setItem(SOUND_KEY, sound.checked ? 'on' : 'off');
        if (sound.checked) beep(1);
      });
    }
    if (toggle) {
      toggle.addEventListener('click', () => {
        paused = !paused;
        toggle.textContent = toggle.getAttribute(paused ? 'data-label-resume' : 'data-label-pause');
        showMode();
        if (!paused) refresh();
      });
    }
  }
  return { refresh, stop: () => clearInterval(timer) };
}
