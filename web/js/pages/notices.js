// notices.js - public notices of the user's region with their state and
// the time left (GET /api/notices?region=).
import { h, href, table, messageBox, showMessage } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { countdown } from '../countdown.js';

export async function render(root) {
  const box = messageBox('error');
  root.append(h('h1', {}, t('notices.title')), box);
  const timers = [];
  let d;
  try {
    d = await api.get('/api/notices', { limit: 200 });
  } catch (err) {
    showMessage(box, err.message);
    return undefined;
  }
  const at = Date.now();
  const rows = d.notices || [];
  root.append(h('p', { class: 'count' }, t('count', { count: d.count ?? rows.length })), table([
    { label: t('field.id'), render: (n) => h('a', { href: href('notice', n.id) }, t('notice.link', { id: n.id })) },
    { label: t('field.village'), key: 'village' },
    { label: t('procedure.kind'), render: (n) => n.kind_label || n.kind },
    { label: t('notice.step'), render: (n) => n.step_label || n.step },
    { label: t('notice.period'), render: (n) => `${n.start} – ${n.end}` },
    { label: t('notice.state'), render: (n) => t(`notice.state.${n.state}`) },
    { label: t('notice.households'), key: 'households', num: true },
    { label: t('notice.open_objections'), key: 'open_objections', num: true },
    {
      label: t('notice.left'),
      render: (n) => {
        if (n.state !== 'posted') return '';
        const c = countdown(n, at);
        timers.push(c);
        return c;
      },
    },
  ], rows, { caption: t('notices.title'), empty: t('none') }));
  return () => timers.forEach((c) => c.stop());
}
