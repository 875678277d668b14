// procedures.js - procedures of the user's region with their state
// (GET /api/procedures?state=&kind=), and posting a public notice for the
// procedures waiting at a notice step (POST /api/notices {village, kind}).
import { h, href, table, messageBox, showMessage } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { fields, form, values } from '../forms.js';

const KINDS = ['identification', 'exit', 'monitoring', 'elimination', 'return', 'removal'];
const LIMIT = 100;

function kindOptions(withAny) {
  const o = KINDS.map((k) => ({ value: k, label: t(`procedure.kind.${k}`) }));
  return withAny ? [{ value: '', label: t('any') }, ...o] : o;
}

export async function render(root, ctx) {
  const q = { state: ctx.query.get('state') || '', kind: ctx.query.get('kind') || '' };
  const offset = Math.max(0, Number(ctx.query.get('offset')) || 0);
  const specs = [
    { key: 'kind', type: 'select', label: t('procedure.kind'), options: kindOptions(true) },
    { key: 'state', type: 'select', label: t('procedure.state'), options: [
      { value: '', label: t('any') },
      { value: 'open', label: t('procedure.open') },
      { value: 'done', label: t('procedure.state.done') },
      { value: 'rejected', label: t('procedure.state.rejected') },
      { value: 'cancelled', label: t('procedure.state.cancelled') }] },
  ];
  const filter = h('form', { class: 'filters', role: 'search', 'aria-label': t('procedures.filters') },
    await fields(specs, q), h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('households.apply'))));
  filter.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.navigate(href('procedures', '', values(filter, specs)));
  });
  const box = messageBox('error');
  root.append(h('h1', {}, t('procedures.title')), filter, box);

  let d;
  try {
    d = await api.get('/api/procedures', { ...q, limit: LIMIT, offset });
  } catch (err) {
    showMessage(box, err.message);
    return;
  }
  const rows = d.procedures || [];
  const count = d.count ?? rows.length;
  root.append(h('p', { class: 'count' }, t('count', { count })), table([
    { label: t('field.id'), render: (p) => h('a', { href: href('procedure', p.id) }, t('procedure.link', { id: p.id })) },
    { label: t('field.household_no'), render: (p) => h('a', { href: href('household', p.household_no) }, p.household_no) },
    { label: t('field.head_name'), key: 'head_name' },
    { label: t('procedure.kind'), render: (p) => p.kind_label || p.kind },
    { label: t('field.year'), key: 'year', num: true },
    { label: t('procedure.state'), render: (p) => p.state_label || p.state },
    { label: t('procedure.started'), key: 'started_on' },
    { label: t('procedure.days'), key: 'days', num: true },
    { label: t('procedure.warning'), render: (p) => p.warning || (p.suspended ? t('procedure.suspended') : '') },
  ], rows, { caption: t('procedures.title'), empty: t('none') }));
  const pager = h('nav', { class: 'pager', 'aria-label': t('pager') });
  if (offset > 0) pager.append(h('a', { href: href('procedures', '', { ...q, offset: Math.max(0, offset - LIMIT) }) }, t('pager.prev')));
  if (offset + rows.length < count) pager.append(h('a', { href: href('procedures', '', { ...q, offset: offset + LIMIT }) }, t('pager.next')));
  root.append(pager);

  if (!api.canWrite(ctx.user)) return;
  const noticeSpecs = [
    { key: 'village', type: 'text', label: t('field.village_code'), required: true },
    { key: 'kind', type: 'select', label: t('procedure.kind'), options: kindOptions(false) },
  ];
  root.append(h('section', { class: 'card no-print' }, h('h2', {}, t('notice.create')),
    h('p', {}, t('notice.create_help')),
    form({
      label: t('notice.create'),
      controls: await fields(noticeSpecs, { village: ctx.user.region && ctx.user.region.length === 12 ? ctx.user.region : '', kind: 'exit' }),
      submit: t('notice.create'),
      onsubmit: async (el) => {
        const n = await api.post('/api/notices', values(el, noticeSpecs));
        ctx.navigate(href('notice', n.notice.id));
        return undefined;
      },
    })));
}
