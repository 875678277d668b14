// households.js - the household list with filters and search
// (GET /api/households?region=&status=&cause=&attribute=&group=&helper=&q=&limit=&offset=).
// The filters live in the hash (#/households?status=poor&q=李) so a list
// can be bookmarked and the back button works.
import { h, href, table, messageBox, showMessage } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { field, fields, form, values } from '../forms.js';

// A new household (POST /api/households): the head becomes its first
// member; the status is "ordinary" (changes go through procedures).
async function newHousehold(ctx) {
  const specs = [
    { key: 'household_no', type: 'text', required: true },
    { key: 'village_code', type: 'text', required: true },
    { key: 'group', type: 'text' },
    { key: 'head_name', type: 'text', required: true },
    { key: 'head_id', type: 'text', required: true },
    { key: 'phone', type: 'text' },
  ];
  const village = ctx.user.region && ctx.user.region.length === 12 ? ctx.user.region : '';
  return h('details', { class: 'new-household no-print' }, h('summary', {}, t('households.new')), form({
    label: t('households.new'),
    controls: await fields(specs, { village_code: village }),
    submit: t('work.create'),
    onsubmit: async (el) => {
      const body = values(el, specs);
      for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
      const d = await api.post('/api/households', body);
      ctx.navigate(href('household', d.household.household_no));
      return undefined;
    },
  }));
}

const LIMIT = 50;
const FILTERS = ['q', 'status', 'cause', 'attribute', 'group', 'helper'];

async function groupOptions(user) {
  // Villager groups of the user's village (regions of level 6), if the
  // user's region is a village; else the filter takes a name.
  if (!user.region || user.region.length !== 12) return null;
  try {
    const d = await api.get('/api/regions', { parent: user.region });
    return (d.regions || []).map((r) => ({ value: r.name, label: r.name }));
  } catch {
    return null;
  }
}

async function helperOptions() {
  try {
    const d = await api.get('/api/work/cadre', { limit: 1000 });
    return (d.cadres || []).map((c) => ({ value: String(c.id), label: c.name }));
  } catch {
    return null;
  }
}

function withAny(opts) {
  return opts ? [{ value: '', label: t('any') }, ...opts] : null;
}

export async function render(root, ctx) {
  const q = Object.fromEntries(FILTERS.map((k) => [k, ctx.query.get(k) || '']));
  const offset = Math.max(0, Number(ctx.query.get('offset')) || 0);
  const [groups, helpers] = await Promise.all([groupOptions(ctx.user), helperOptions()]);
  const specs = [
    { key: 'q', type: 'text', label: t('households.search') },
    { key: 'status', type: 'code', list: 'hh_status', label: t('field.status') },
    { key: 'cause', type: 'code', list: 'cause', label: t('field.main_cause') },
    { key: 'attribute', type: 'code', list: 'attribute', label: t('field.attribute') },
    groups ? { key: 'group', type: 'select', options: withAny(groups), label: t('field.group') }
      : { key: 'group', type: 'text', label: t('field.group') },
    helpers ? { key: 'helper', type: 'select', options: withAny(helpers), label: t('households.helper') }
      : { key: 'helper', type: 'text', label: t('households.helper') },
  ];
  const controls = [];
  for (const s of specs) controls.push(await field(s, q[s.key]));
  const filterForm = h('form', { class: 'filters', role: 'search', 'aria-label': t('households.filters') },
    controls,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('households.apply')),
      h('a', { href: href('households'), class: 'button' }, t('households.reset'))));
  filterForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const next = {};
    for (const k of FILTERS) next[k] = filterForm.elements.namedItem(k).value.trim();
    ctx.navigate(href('households', '', next));
  });
  const box = messageBox('error');
  const result = h('div', { class: 'result', 'aria-live': 'polite' });
  root.append(h('h1', {}, t('households.title')), filterForm,
    api.canWrite(ctx.user) ? await newHousehold(ctx) : '', box, result);

  let data;
  try {
    data = await api.get('/api/households', { ...q, limit: LIMIT, offset });
  } catch (err) {
    showMessage(box, err.message);
    return;
  }
  const rows = data.households || [];
  const count = data.count ?? rows.length;
  const cols = [
    { label: t('field.household_no'), render: (r) => h('a', { href: href('household', r.household_no) }, r.household_no) },
    { label: t('field.head_name'), key: 'head_name' },
    { label: t('field.head_id'), key: 'head_id' },
    { label: t('field.group'), key: 'group' },
    { label: t('field.status'), render: (r) => r.status_label || r.status },
    { label: t('households.members'), key: 'members', num: true },
  ];
  if (q.q) cols.push({ label: t('households.matched'), key: 'matched' });
  result.append(
    h('p', { class: 'count' }, t('households.count', { count, from: count ? offset + 1 : 0, to: offset + rows.length })),
    table(cols, rows, { caption: t('households.title'), empty: t('households.none') }),
  );
  const pager = h('nav', { class: 'pager', 'aria-label': t('pager') });
  if (offset > 0) {
    pager.append(h('a', { href: href('households', '', { ...q, offset: Math.max(0, offset - LIMIT) }), rel: 'prev' }, t('pager.prev')));
  }
  if (offset + rows.length < count) {
    pager.append(h('a', { href: href('households', '', { ...q, offset: offset + LIMIT }), rel: 'next' }, t('pager.next')));
  }
  result.append(pager);
}
