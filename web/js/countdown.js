// countdown.js - the time left until a notice closes, updated every second.
//
// The deadline is taken from the notice: `closes_at` (an ISO time) if the
// server gives it, else now + `remaining_seconds` (as of the answer), else
// the end of the day `end` in China Standard Time (a notice runs to the
// end of its last day, docs/procedures.md).

import { h } from './dom.js';
import { t } from './i18n.js';

export function deadlineOf(notice, receivedAt) {
  if (notice.closes_at) {
    const d = Date.parse(notice.closes_at);
    if (Number.isFinite(d)) return d;
  }
  if (typeof notice.remaining_seconds === 'number') {
    return (receivedAt || Date.now()) + notice.remaining_seconds * 1000;
  }
  if (notice.end) {
    const d = Date.parse(`${notice.end}T00:00:00+08:00`);
    if (Number.isFinite(d)) return d + 86400 * 1000;
  }
  return null;
}

export function formatLeft(ms) {
  if (ms <= 0) return t('countdown.closed');
  const s = Math.floor(ms / 1000);
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const pad = (n) => String(n).padStart(2, '0');
  return t('countdown.left', { days, time: `${pad(hours)}:${pad(minutes)}:${pad(seconds)}` });
}

// countdown(notice): an element that shows the time left and updates it;
// el.stop() ends the timer (call it when the page goes).
export function countdown(notice, receivedAt) {
  const deadline = deadlineOf(notice, receivedAt);
  const el = h('span', { class: 'countdown', dataset: { deadline: deadline === null ? '' : String(deadline) } });
  // role=timer is not announced on every tick; the text is readable on demand.
  el.setAttribute('role', 'timer');
  el.setAttribute('aria-live', 'off');
  let timer = null;
  const tick = () => {
    if (deadline === null) {
      el.textContent = '';
      return;
    }
    const left = deadline - Date.now();
    el.textContent = formatLeft(left);
    el.dataset.remaining = String(Math.max(0, Math.floor(left / 1000)));
    if (left <= 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
  tick();
  if (deadline !== null && notice.state !== 'closed') timer = setInterval(tick, 1000);
  el.stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  return el;
}
