// checks.js - data-quality findings of the user's region with links to
// the record (GET /api/checks?region=&rule=&year=).
import { h, href, table, messageBox, showMessage } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { fields, values } from '../forms.js';

export async function render(root, ctx) {
  const q = { rule: ctx.query.get('rule') || '', year: ctx.query.get('year') || '' };
  const specs = [
    { key: 'rule', type: 'text', label: t('checks.rule') },
    { key: 'year', type: 'year', label: t('field.year') },
  ];
  const filter = h('form', { class: 'filters', role: 'search', 'aria-label': t('checks.filters') },
    await fields(specs, q), h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('checks.run'))));
  filter.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.navigate(href('checks', '', values(filter, specs)));
  });
  const box = messageBox('error');
  root.append(h('h1', {}, t('checks.title')), filter, box);
  let d;
  try {
    d = await api.get('/api/checks', q);
  } catch (err) {
    showMessage(box, err.message);
    return;
  }
  root.append(h('p', { class: 'count' }, t('checks.summary', {
    households: d.households, members: d.members, errors: d.errors, warnings: d.warnings, date: d.reference_date,
  })));
  const byRule = Object.entries((d.summary && d.summary.by_rule) || {}).filter(([, v]) => v.count > 0);
  root.append(table([
    { label: t('checks.rule'), render: ([id]) => h('a', { href: href('checks', '', { rule: id, year: q.year }) }, id) },
    { label: t('checks.severity'), render: ([, v]) => t(`severity.${v.severity}`) },
    { label: t('count.col'), render: ([, v]) => String(v.count), num: true },
  ], byRule, { caption: t('checks.by_rule'), empty: t('checks.clean') }));
  const rows = d.findings || [];
  root.append(h('h2', {}, t('checks.findings')), table([
    { label: t('checks.severity'), render: (f) => h('span', { class: `sev sev-${f.severity}` }, t(`severity.${f.severity}`)) },
    { label: t('checks.rule'), key: 'rule' },
    {
      label: t('checks.record'),
      render: (f) => (f.household_no
        ? h('a', { href: href('household', f.household_no) }, f.name ? `${f.household_no} ${f.name}` : f.household_no)
        : (f.village_code || '')),
    },
    { label: t('checks.field'), render: (f) => (f.field ? t(`field.${f.field}`) : '') },
    { label: t('checks.value'), key: 'value' },
    { label: t('checks.message'), key: 'message' },
  ], rows, { caption: t('checks.findings'), empty: t('checks.clean') }));
}
