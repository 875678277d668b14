// household.js - the household file: the household, its members, incomes,
// measures, visits, procedures and status history, each with its form.
//   GET   /api/households/NO                 (show shape)
//   PATCH /api/households/NO                 (changed fields)
//   POST  /api/households/NO/members         (new member)
//   PATCH /api/members/ID_NUMBER             (changed fields)
//   POST  /api/members/ID_NUMBER/remove      {reason, date}
//   PUT   /api/households/NO/incomes/YEAR    (income fields)
//   GET/POST/PATCH /api/work/measure, /api/work/visit (?household=NO)
//   GET   /api/procedures?household=NO, POST /api/procedures {household, kind, year}
//   GET   /api/reports/household/NO?format=html|docx (links)
//   GET   /api/households/NO/assess?year=      (the criteria, explained)
// A validation error (422 with `field`) is shown beside that field.

import { h, add, href, table, messageBox, showMessage, fmtNum, uid } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { HOUSEHOLD, MEMBER, INCOME } from '../fields.js';
import { fields, field, form, values } from '../forms.js';
import { workSection } from '../workrec.js';

function section(title, ...children) {
  const id = uid('sec');
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

function labelOf(row, key) {
  const l = row[`${key}_label`];
  if (l !== undefined && l !== null) return l;
  const v = row[key];
  if (typeof v === 'boolean') return v ? t('yes') : t('no');
  return v;
}

function summary(hh) {
  const keys = ['household_no', 'village', 'group', 'head_name', 'head_id', 'phone', 'status',
    'attribute', 'main_cause', 'identified_year', 'lifted_year', 'monitoring_category', 'monitoring_since'];
  const items = [];
  for (const k of keys) {
    const v = labelOf(hh, k);
    if (v === undefined || v === null || v === '') continue;
    items.push(h('div', {}, h('dt', {}, t(`field.${k}`)), h('dd', {}, String(v))));
  }
  return h('dl', { class: 'summary' }, items);
}

export async function render(root, ctx) {
  const no = ctx.arg;
  const data = await api.get(`/api/households/${encodeURIComponent(no)}`);
  const hh = data.household;
  const reload = () => ctx.navigate(href('household', no));
  const writable = api.canWrite(ctx.user);

  root.append(
    h('nav', { class: 'crumbs no-print', 'aria-label': t('crumbs') },
      h('a', { href: href('households') }, t('households.title')), ' › ', no),
    h('h1', {}, t('household.title', { name: hh.head_name, no })),
    summary(hh),
    h('p', { class: 'actions no-print' },
      h('a', { class: 'button', href: api.url(`/api/reports/household/${encodeURIComponent(no)}`, { format: 'html' }), target: '_blank', rel: 'noopener' }, t('household.card_html')),
      h('a', { class: 'button', href: api.url(`/api/reports/household/${encodeURIComponent(no)}`, { format: 'docx' }), download: '' }, t('household.card_docx'))),
  );

  // Procedures: the household's, and the button to start an exit.
  root.append(await proceduresSection(no, hh, ctx));
  root.append(await assessSection(no, ctx));

  // The household's own fields.
  const hhControls = await fields(HOUSEHOLD, hh);
  root.append(section(t('household.edit'), form({
    label: t('household.edit'),
    controls: hhControls,
    class: 'wide',
    readOnly: !writable,
    onsubmit: async (el) => {
      const body = values(el, HOUSEHOLD, hh);
      if (Object.keys(body).length === 0) return t('form.unchanged');
      const d = await api.patch(`/api/households/${encodeURIComponent(no)}`, body);
      Object.assign(hh, (d && d.household) || body);
      return t('form.saved');
    },
  })));

  root.append(await membersSection(no, data.members || [], reload, writable));
  root.append(await incomesSection(no, data.incomes || [], reload, writable));

  const measures = workSection('measure', { household: no });
  const visits = workSection('visit', { household: no });
  root.append(section(t('household.work'), measures, visits));

  const hist = data.history || [];
  root.append(section(t('household.history'), table([
    { label: t('field.date'), key: 'date' },
    { label: t('history.kind'), key: 'kind' },
    { label: t('history.value'), render: (r) => r.label || r.value },
    { label: t('history.source'), render: (r) => (r.procedure
      ? h('a', { href: href('procedure', r.procedure.id) }, t('history.procedure', { id: r.procedure.id }))
      : r.source) },
    { label: t('history.note'), key: 'note' },
  ], hist, { caption: t('household.history'), empty: t('none') })));
  await Promise.all([measures.ready, visits.ready]);
}

// The household against the exit, monitoring or identification criteria
// of a year (default: its latest income year), each criterion explained.
async function assessSection(no, ctx) {
  const year = ctx.query.get('assess') || '';
  const box = messageBox('error');
  const out = h('div', {});
  const sec = section(t('assess.title'), box, out);
  let d;
  try {
    d = await api.get(`/api/households/${encodeURIComponent(no)}/assess`, { year });
  } catch (err) {
    showMessage(box, err.message);
    return sec;
  }
  const a = (d.households || [])[0];
  if (!a) {
    out.append(h('p', { class: 'empty' }, t('assess.none')));
    return sec;
  }
  const crit = Object.entries(a.criteria || {});
  add(out,
    h('p', { class: `verdict verdict-${a.verdict}` }, t('assess.verdict', { year: d.year, verdict: a.verdict_label || a.verdict })),
    a.income ? h('p', {}, t('assess.income', { per_capita: fmtNum(a.income.per_capita, 2), line: a.poverty_line === null ? '—' : fmtNum(a.poverty_line, 2) })) : null,
    table([
      { label: t('assess.criterion'), render: ([c]) => t(`assess.c.${c}`) },
      { label: t('assess.result'), render: ([, r]) => h('span', { class: `crit crit-${r}` }, t(`assess.r.${r}`)) },
      { label: t('assess.reasons'), render: ([c]) => (a.reasons || []).filter((x) => x.criterion === c).map((x) => x.text).join(' ') },
    ], crit, { caption: t('assess.title'), empty: t('none') }),
    (a.reasons || []).filter((x) => !(x.criterion in (a.criteria || {}))).map((x) => h('p', { class: 'note' }, x.text)));
  const yearForm = h('form', { class: 'inline assess-year no-print', 'aria-label': t('assess.other_year') },
    await field({ key: 'assess', type: 'year', label: t('field.year') }, d.year),
    h('button', { type: 'submit' }, t('assess.run')));
  yearForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.navigate(href('household', no, { assess: yearForm.elements.namedItem('assess').value.trim() }));
  });
  out.append(yearForm);
  return sec;
}

async function proceduresSection(no, hh, ctx) {
  const box = messageBox('error');
  const list = h('div', {});
  try {
    const d = await api.get('/api/procedures', { household: no, limit: 100 });
    const rows = (d.procedures || []).filter((p) => p.household_no === no);
    list.append(table([
      { label: t('field.id'), render: (p) => h('a', { href: href('procedure', p.id) }, String(p.id)), num: true },
      { label: t('procedure.kind'), render: (p) => p.kind_label || p.kind },
      { label: t('field.year'), key: 'year' },
      { label: t('procedure.state'), render: (p) => p.state_label || p.state },
      { label: t('procedure.started'), key: 'started_on' },
    ], rows, { caption: t('household.procedures'), empty: t('none') }));
  } catch (err) {
    showMessage(box, err.message);
  }
  const sec = section(t('household.procedures'), box, list);
  if ((hh.status === 'poor' || hh.status === 'returned') && api.canWrite(ctx.user)) {
    const year = await field({ key: 'year', type: 'year', label: t('field.year'), required: true }, new Date().getFullYear());
    sec.append(form({
      label: t('procedure.start_exit'),
      controls: [year],
      submit: t('procedure.start_exit'),
      class: 'inline no-print',
      onsubmit: async (el) => {
        const y = Number(el.elements.namedItem('year').value);
        const d = await api.post('/api/procedures', { household: no, kind: 'exit', year: y });
        ctx.navigate(href('procedure', d.procedure.id));
        return undefined;
      },
    }));
  }
  return sec;
}

async function membersSection(no, members, reload, writable) {
  const area = h('div', { class: 'form-area' });
  const sec = section(t('household.members'));

  async function open(member) {
    const controls = await fields(MEMBER, member || {});
    const f = form({
      label: member ? t('member.edit', { name: member.name }) : t('member.add'),
      controls,
      class: 'wide',
      extra: h('button', { type: 'button', onclick: () => area.replaceChildren() }, t('cancel')),
      onsubmit: async (el) => {
        if (member) {
          const body = values(el, MEMBER, member);
          if (Object.keys(body).length === 0) return t('form.unchanged');
          await api.patch(`/api/members/${encodeURIComponent(member.id_number)}`, body);
        } else {
          await api.post(`/api/households/${encodeURIComponent(no)}/members`, values(el, MEMBER));
        }
        reload();
        return undefined;
      },
    });
    const removeArea = member ? await removeForm(member, current, reload) : null;
    area.replaceChildren();
    add(area, h('h3', {}, f.getAttribute('aria-label')), f, removeArea);
    f.querySelector('input, select').focus();
  }

  const current = members.filter((m) => !m.member_status || m.member_status === 'current');
  const former = members.filter((m) => m.member_status && m.member_status !== 'current');
  const cols = [
    { label: t('field.name'), key: 'name' },
    { label: t('field.id_number'), key: 'id_number' },
    { label: t('field.relation'), render: (m) => labelOf(m, 'relation') },
    { label: t('field.sex'), render: (m) => labelOf(m, 'sex') },
    { label: t('field.health'), render: (m) => labelOf(m, 'health') },
    { label: t('field.labour'), render: (m) => labelOf(m, 'labour') },
    { label: t('field.member_status'), render: (m) => labelOf(m, 'member_status') },
    {
      label: t('actions'),
      render: (m) => h('button', {
        type: 'button', class: 'small', 'aria-label': t('member.edit', { name: m.name }), onclick: () => open(m),
      }, t('edit')),
    },
  ];
  add(sec,
    table(writable ? cols : cols.slice(0, -1), current, { caption: t('household.members'), empty: t('none') }),
    former.length ? h('h3', {}, t('member.former')) : null,
    former.length ? table(cols.slice(0, -1), former, { caption: t('member.former') }) : null,
    writable ? h('p', { class: 'actions no-print' }, h('button', { type: 'button', onclick: () => open(null) }, t('member.add'))) : null,
    area);
  return sec;
}

async function removeForm(member, current, reload) {
  const specs = [
    { key: 'reason', type: 'select', options: [
      { value: 'deceased', label: t('member.deceased') },
      { value: 'moved_out', label: t('member.moved_out') }], required: true },
    { key: 'date', type: 'date', required: true },
  ];
  // When the head leaves, another current member becomes the head.
  if (member.relation === '1') {
    specs.push({ key: 'new_head', type: 'select', label: t('member.new_head'), required: true,
      options: current.filter((m) => m.id_number !== member.id_number)
        .map((m) => ({ value: m.id_number, label: m.name })) });
  }
  return h('details', { class: 'remove' }, h('summary', {}, t('member.remove')), form({
    label: t('member.remove'),
    controls: await fields(specs, { date: new Date().toISOString().slice(0, 10) }),
    submit: t('member.remove'),
    class: 'inline',
    onsubmit: async (el) => {
      await api.post(`/api/members/${encodeURIComponent(member.id_number)}/remove`, values(el, specs));
      reload();
      return undefined;
    },
  }));
}

async function incomesSection(no, incomes, reload, writable) {
  const area = h('div', { class: 'form-area' });
  const sec = section(t('household.incomes'));
  const specs = [{ key: 'income_year', type: 'year', required: true }, ...INCOME];

  async function open(entry) {
    const init = entry ? { ...entry.income, income_year: entry.year } : { income_year: new Date().getFullYear() };
    const f = form({
      label: entry ? t('income.edit', { year: entry.year }) : t('income.add'),
      controls: await fields(specs, init),
      class: 'wide',
      extra: h('button', { type: 'button', onclick: () => area.replaceChildren() }, t('cancel')),
      onsubmit: async (el) => {
        const body = values(el, INCOME);
        const year = el.elements.namedItem('income_year').value.trim();
        if (!/^\d{4}$/.test(year)) {
          const err = new Error(t('income.bad_year'));
          err.field = 'income_year';
          throw err;
        }
        await api.put(`/api/households/${encodeURIComponent(no)}/incomes/${year}`, body);
        reload();
        return undefined;
      },
    });
    area.replaceChildren(h('h3', {}, f.getAttribute('aria-label')), f);
    f.querySelector('input').focus();
  }

  const incomeCols = [
    { label: t('field.income_year'), key: 'year' },
    { label: t('income.persons'), key: 'persons', num: true },
    { label: t('field.net_income'), render: (r) => fmtNum(r.net_income, 2), num: true },
    { label: t('field.per_capita'), render: (r) => fmtNum(r.per_capita, 2), num: true },
    {
      label: t('actions'),
      render: (r) => h('button', {
        type: 'button', class: 'small', 'aria-label': t('income.edit', { year: r.year }), onclick: () => open(r),
      }, t('edit')),
    },
  ];
  add(sec, table(writable ? incomeCols : incomeCols.slice(0, -1), incomes, { caption: t('household.incomes'), empty: t('none') }),
    writable ? h('p', { class: 'actions no-print' }, h('button', { type: 'button', onclick: () => open(null) }, t('income.add'))) : null,
    area);
  return sec;
}
