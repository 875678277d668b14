// dashboard.js - the dashboard of the user's region: one card per chart
// of dashboard-spec.js, each with its chart, its figures as a table and a
// link to the drill-down page; a click on a bar or slice drills into it.
//   GET /api/indicators/list
//   GET /api/indicators?region=&year=&names=
//   GET /api/indicators/children?region=&year=&name=
//   GET /api/work/visit/coverage?region=&year=&round=
import { h, add, href, table, drillHref, uid, fmtNum } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { chart, barOption, pieOption } from '../charts.js';
import { CHARTS, FIRST_YEAR } from '../dashboard-spec.js';
import { fields, values } from '../forms.js';

function goDrill(name, region, year) {
  location.href = drillHref(name, region, year);
}

// Whether an indicator lists its records (GET /api/indicators/list `drill`).
function drillable(known, name) {
  const i = known.get(name);
  return Boolean(i && i.drill !== false);
}

// Data of each chart kind: {categories, series:[{name,label,data}], rows}
async function yearsData(spec, ctx, known, byYear) {
  const names = spec.names.filter((n) => known.has(n));
  if (!names.length) return { missing: spec.names };
  const years = Object.keys(byYear).map(Number).sort();
  return {
    categories: years.map(String),
    series: names.map((n) => ({
      name: n,
      label: known.get(n).label,
      data: years.map((y) => {
        const it = byYear[y].get(n);
        return it && typeof it.value === 'number' ? it.value : null;
      }),
    })),
    drill: (p) => drillable(known, names[p.seriesIndex]) && goDrill(names[p.seriesIndex], ctx.region, p.name),
    link: drillable(known, names[0]) ? { name: names[0], year: ctx.year } : null,
  };
}

async function groupData(spec, ctx, known) {
  const names = [...known.keys()].filter((n) => n.startsWith(spec.prefix) && !(spec.exclude || []).includes(n));
  if (!names.length) return { missing: [`${spec.prefix}*`] };
  const d = await api.get('/api/indicators', { region: ctx.region, year: ctx.year, names: names.join(',') });
  const items = (d.indicators || []).map((i) => ({ name: i.label || i.name, value: i.value, key: i.name }));
  return {
    categories: items.map((i) => i.name),
    series: [{ name: spec.prefix, label: t(`dash.${spec.id}`), data: items.map((i) => i.value) }],
    items,
    drill: (p) => drillable(known, items[p.dataIndex].key) && goDrill(items[p.dataIndex].key, ctx.region, ctx.year),
    link: items[0] && drillable(known, items[0].key) ? { name: items[0].key, year: ctx.year } : null,
  };
}

async function childrenData(spec, ctx, known) {
  if (!known.has(spec.name)) return { missing: [spec.name] };
  const d = await api.get('/api/indicators/children', { region: ctx.region, year: ctx.year, name: spec.name });
  const rows = (d.rows || []).slice().sort((a, b) => (b.value ?? -1) - (a.value ?? -1));
  return {
    categories: rows.map((r) => r.region_name || r.region),
    series: [{ name: spec.name, label: d.label || known.get(spec.name).label, data: rows.map((r) => r.value) }],
    horizontal: true,
    percent: (d.unit || known.get(spec.name).unit) === 'percent',
    drill: (p) => drillable(known, spec.name) && goDrill(spec.name, rows[p.dataIndex].region, ctx.year),
    link: drillable(known, spec.name) ? { name: spec.name, year: ctx.year } : null,
  };
}

function currentRound() {
  return Math.floor(new Date().getMonth() / 3) + 1;
}

async function coverageData(spec, ctx) {
  const year = ctx.year;
  const round = year === new Date().getFullYear() ? currentRound() : 4;
  const d = await api.get('/api/work/visit/coverage', { region: ctx.region, year, round });
  const rows = (d.coverage || []).filter((r) => r.key !== '');
  return {
    categories: rows.map((r) => r.name || r.key),
    series: [
      { name: 'visited', label: t('dash.visited'), data: rows.map((r) => r.visited) },
      { name: 'households', label: t('dash.registered'), data: rows.map((r) => r.households) },
    ],
    horizontal: true,
    note: d.round ? t('dash.round', { n: d.round.n, from: d.round.from, to: d.round.to }) : null,
    drill: () => goDrill(spec.drill, ctx.region, year),
    link: { name: spec.drill, year },
  };
}

function dataTable(data, spec) {
  const cols = [{ label: t('dash.category'), key: 'cat' }];
  data.series.forEach((s, i) => cols.push({
    label: s.label, num: true, render: (r) => (r.v[i] === null || r.v[i] === undefined ? '' : `${r.v[i]}${data.percent ? '%' : ''}`),
  }));
  const rows = data.categories.map((c, j) => ({ cat: c, v: data.series.map((s) => s.data[j]) }));
  return table(cols, rows, { caption: t(`dash.${spec.id}`), empty: t('none') });
}

async function card(spec, ctx, known, byYear, disposers) {
  const id = uid('chart');
  const body = h('div', { class: 'chart-body' });
  const el = h('article', { class: 'chart-card', 'aria-labelledby': id, dataset: { chart: spec.id } },
    h('h2', { id }, t(`dash.${spec.id}`)), body);
  let data;
  try {
    if (spec.kind === 'years') data = await yearsData(spec, ctx, known, byYear);
    else if (spec.kind === 'group') data = await groupData(spec, ctx, known);
    else if (spec.kind === 'children') data = await childrenData(spec, ctx, known);
    else data = await coverageData(spec, ctx);
  } catch (err) {
    body.append(h('p', { class: 'msg msg-error' }, err.message));
    return el;
  }
  if (data.missing) {
    body.append(h('p', { class: 'empty' }, t('dash.missing', { names: data.missing.join(', ') })));
    return el;
  }
  const canvas = h('div', { class: 'chart', role: 'img', 'aria-label': t('dash.chart_of', { title: t(`dash.${spec.id}`) }) });
  if (data.note) body.append(h('p', { class: 'note' }, data.note));
  add(body, canvas,
    h('details', { class: 'chart-data' }, h('summary', {}, t('dash.figures')), dataTable(data, spec)),
    data.link && data.link.name
      ? h('a', { class: 'drill-link', href: drillHref(data.link.name, ctx.region, data.link.year) }, t('dash.drill', { title: t(`dash.${spec.id}`) }))
      : null);
  try {
    const option = spec.pie
      ? pieOption({ items: data.items })
      : barOption({
        categories: data.categories,
        series: data.series.map((s) => ({ name: s.label, data: s.data })),
        horizontal: data.horizontal,
        percent: data.percent,
      });
    disposers.push(await chart(canvas, option, data.drill));
  } catch {
    canvas.replaceWith(h('p', { class: 'msg msg-error' }, t('dash.no_echarts')));
  }
  return el;
}

export async function render(root, ctx) {
  const year = Number(ctx.query.get('year')) || new Date().getFullYear();
  const region = ctx.query.get('region') || ctx.user.region || '';
  const specs = [
    { key: 'year', type: 'year', label: t('field.year') },
    { key: 'region', type: 'text', label: t('field.region') },
  ];
  const filter = h('form', { class: 'filters no-print', 'aria-label': t('dash.choose') },
    await fields(specs, { year, region }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('dash.show'))));
  filter.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.navigate(href('dashboard', '', values(filter, specs)));
  });
  const title = h('h1', {}, t('dash.title', { region: ctx.user.region_name || region, year }));
  root.append(title, filter);

  // Without the indicator registry the charts say what is missing and
  // the visit coverage (an endpoint of its own) is still drawn.
  let list = { indicators: [] };
  try {
    list = await api.get('/api/indicators/list');
  } catch (err) {
    root.append(h('p', { class: 'msg msg-error', role: 'alert' }, err.message));
  }
  const known = new Map((list.indicators || []).map((i) => [i.name, i]));
  const yearNames = [...new Set(CHARTS.filter((c) => c.kind === 'years').flatMap((c) => c.names))].filter((n) => known.has(n));
  const byYear = {};
  if (yearNames.length) {
    const years = [];
    for (let y = FIRST_YEAR; y <= year; y += 1) years.push(y);
    const answers = await Promise.all(years.map((y) => api.get('/api/indicators', { region, year: y, names: yearNames.join(',') })));
    answers.forEach((a, i) => {
      byYear[years[i]] = new Map((a.indicators || []).map((it) => [it.name, it]));
      if (i === answers.length - 1 && a.region_name) title.textContent = t('dash.title', { region: a.region_name, year });
    });
  }
  const disposers = [];
  const c = { region, year };
  const cards = await Promise.all(CHARTS.map((s) => card(s, c, known, byYear, disposers)));
  root.append(h('div', { class: 'chart-grid' }, cards));
  return () => disposers.forEach((d) => d());
}
