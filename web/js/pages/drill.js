// drill.js - the records an indicator counts (GET /api/drill/NAME?region=&year=),
// reached from the dashboard's charts and the annual report's figures
// (drill.html?name=&region=&year=, or #/drill?name=&region=&year=).
import { h, href, table } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';

const LINKS = { household_no: 'household', procedure: 'procedure', notice: 'notice' };

export async function render(root, ctx) {
  const name = ctx.query.get('name') || '';
  const region = ctx.query.get('region') || '';
  const year = ctx.query.get('year') || '';
  if (!name) {
    root.append(h('h1', {}, t('drill.title_none')), h('p', { class: 'msg msg-error', role: 'alert' }, t('drill.no_name')));
    return;
  }
  const d = await api.get(`/api/drill/${encodeURIComponent(name)}`, { region, year });
  const columns = (d.columns || []).map((c) => (typeof c === 'string' ? { key: c, label: c } : c));
  const inApp = !location.pathname.endsWith('/drill.html');
  const linkTo = (route, arg) => (inApp ? href(route, arg) : `/${href(route, arg)}`);
  root.append(
    h('nav', { class: 'crumbs no-print', 'aria-label': t('crumbs') },
      h('a', { href: inApp ? href('dashboard') : '/#/dashboard' }, t('nav.dashboard')), ' › ', d.label || name),
    h('h1', {}, t('drill.title', { label: d.label || name })),
    h('dl', { class: 'summary' },
      h('div', {}, h('dt', {}, t('drill.indicator')), h('dd', {}, name)),
      h('div', {}, h('dt', {}, t('field.region')), h('dd', {}, d.region_name || d.region || region)),
      h('div', {}, h('dt', {}, t('field.year')), h('dd', {}, String(d.year ?? year))),
      h('div', {}, h('dt', {}, t('drill.value')), h('dd', { class: 'drill-value' }, d.text || String(d.value ?? ''))),
      h('div', {}, h('dt', {}, t('drill.records')), h('dd', {}, String(d.count ?? (d.rows || []).length)))),
    table(columns.map((c) => ({
      label: c.label || t(`field.${c.key}`),
      render: (r) => {
        const v = r[c.key];
        if (LINKS[c.key] && v !== null && v !== undefined) return h('a', { href: linkTo(LINKS[c.key], v) }, String(v));
        if (typeof v === 'boolean') return v ? t('yes') : t('no');
        const l = r[`${c.key}_label`];
        return l ?? v;
      },
    })), d.rows || [], { caption: d.label || name, empty: t('none') }),
  );
}
