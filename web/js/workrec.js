// workrec.js - a list of work records of one kind with its add and edit
// form (GET /api/work/KIND, POST /api/work/KIND, PATCH /api/work/KIND/ID).
// Used by the household file (measures, visits of one household) and by
// the team, party, funds and projects pages.

import { h, table, messageBox, showMessage, uid, fmtNum } from './dom.js';
import { t, has } from './i18n.js';
import * as api from './api.js';
import { WORK } from './fields.js';
import { fields, form, values } from './forms.js';

const refCache = new Map();

// Options of a reference field: the records of the kind it refers to.
async function refOptions(kind) {
  if (!refCache.has(kind)) {
    refCache.set(kind, api.get(`/api/work/${kind}`, { limit: 1000 })
      .then((d) => {
        const rows = d[WORK[kind].list] || [];
        return [{ value: '', label: '—' }, ...rows.map((r) => ({
          value: String(r.id), label: `${r.id} ${r.name || r.title || ''}`.trim(),
        }))];
      })
      .catch(() => null));
  }
  return refCache.get(kind);
}

async function specsOf(kind) {
  const out = [];
  for (const s of WORK[kind].fields) {
    if (s.type === 'ref') {
      const opts = await refOptions(s.ref);
      out.push(opts ? { ...s, type: 'select', options: opts, numeric: true } : s);
    } else {
      out.push(s);
    }
  }
  return out;
}

// The label of a field of a kind: field.KIND.KEY where the key means
// something of its own in that kind, else field.KEY.
function fieldLabel(kind, key) {
  return has(`field.${kind}.${key}`) ? t(`field.${kind}.${key}`) : t(`field.${key}`);
}

const MONEY = new Set(['amount', 'budget', 'spent', 'monthly_income']);

function cell(row, key) {
  const label = row[`${key}_label`];
  if (label !== undefined && label !== null) return label;
  const v = row[key];
  if (MONEY.has(key)) return fmtNum(v, 2);
  if (typeof v === 'boolean') return v ? t('yes') : t('no');
  return v;
}

// workSection(kind, opts): opts.household (a household number: the list
// and new records are that household's), opts.region (default region
// of new records), opts.heading (h2 or h3).  Returns the section element;
// its content loads asynchronously.
export function workSection(kind, opts = {}) {
  const spec = WORK[kind];
  const headId = uid(`h-${kind}`);
  const sec = h('section', { class: 'work', 'aria-labelledby': headId, dataset: { kind } });
  const box = messageBox('error');
  const listArea = h('div', {});
  const formArea = h('div', { class: 'form-area' });
  const addBtn = h('button', { type: 'button' }, t('work.add', { kind: t(`kind.${kind}`) }));
  const writable = api.canWrite(api.currentUser());
  sec.append(h(opts.heading || 'h2', { id: headId }, t(`kind.${kind}.plural`)), box, listArea,
    writable ? h('div', { class: 'actions no-print' }, addBtn) : '', formArea);

  async function openForm(record) {
    const specs = (await specsOf(kind)).map((s) => ({ ...s, label: fieldLabel(kind, s.key) }));
    const initial = record || (opts.region && specs.some((s) => s.key === 'region_code')
      ? { region_code: opts.region } : {});
    const controls = await fields(specs, initial);
    const f = form({
      label: record ? t('work.edit', { kind: t(`kind.${kind}`), id: record.id }) : t('work.add', { kind: t(`kind.${kind}`) }),
      controls,
      submit: record ? t('save') : t('work.create'),
      extra: h('button', { type: 'button', onclick: () => formArea.replaceChildren() }, t('cancel')),
      onsubmit: async (el) => {
        const body = values(el, specs, record || null);
        for (const s of specs) {
          if (s.numeric && typeof body[s.key] === 'string') body[s.key] = Number(body[s.key]);
        }
        if (record) {
          await api.patch(`/api/work/${kind}/${record.id}`, body);
        } else {
          if (opts.household) body.household_no = opts.household;
          await api.post(`/api/work/${kind}`, body);
        }
        formArea.replaceChildren();
        await load();
        showMessage(box, '');
        return undefined;
      },
    });
    formArea.replaceChildren(h('h3', {}, f.getAttribute('aria-label')), f);
    const first = f.querySelector('input, select, textarea');
    if (first) first.focus();
  }
  addBtn.addEventListener('click', () => openForm(null));

  async function load() {
    const query = { limit: 200 };
    if (opts.household) query.household = opts.household;
    if (opts.regionFilter) query.region = opts.regionFilter;
    let d;
    try {
      d = await api.get(`/api/work/${kind}`, query);
    } catch (err) {
      showMessage(box, err.message);
      listArea.replaceChildren();
      return;
    }
    let rows = d[spec.list] || [];
    if (opts.household) rows = rows.filter((r) => !r.household_no || r.household_no === opts.household);
    // Reference columns (cadre_id, fund_id ...) show the record's name.
    const refs = {};
    for (const f of spec.fields.filter((x) => x.type === 'ref' && spec.columns.includes(x.key))) {
      const opts = await refOptions(f.ref);
      if (opts) refs[f.key] = new Map(opts.map((o) => [o.value, o.label]));
    }
    const cols = spec.columns.map((k) => ({
      label: fieldLabel(kind, k),
      num: ['id', 'amount', 'budget', 'spent', 'attended', 'absent'].includes(k),
      render: (r) => (refs[k] && refs[k].has(String(r[k])) ? refs[k].get(String(r[k])) : cell(r, k)),
    }));
    if (writable) cols.push({
      label: t('actions'),
      render: (r) => h('button', {
        type: 'button', class: 'small',
        'aria-label': t('work.edit', { kind: t(`kind.${kind}`), id: r.id }),
        onclick: () => openForm(r),
      }, t('edit')),
    });
    const count = d.count ?? rows.length;
    listArea.replaceChildren(
      h('p', { class: 'count' }, t('count', { count })),
      table(cols, rows, { caption: t(`kind.${kind}.plural`), empty: t('none') }));
  }
  sec.ready = load();
  return sec;
}
