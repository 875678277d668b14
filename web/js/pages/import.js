// import.js - upload interchange files (POST /api/import, multipart:
// households, members, incomes CSV or one workbook XLSX; dry_run=1) and
// the row errors as a table.
import { h, table, messageBox, showMessage, uid } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { field } from '../forms.js';

const FILES = [
  { key: 'households', accept: '.csv,text/csv' },
  { key: 'members', accept: '.csv,text/csv' },
  { key: 'incomes', accept: '.csv,text/csv' },
  { key: 'workbook', accept: '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
];

function issuesTable(rows) {
  return table([
    { label: t('import.file'), key: 'file' },
    { label: t('import.row'), key: 'row', num: true },
    { label: t('import.column'), key: 'column' },
    { label: t('import.value'), key: 'value' },
    { label: t('import.reason'), render: (r) => r.reason || r.message },
    { label: t('checks.rule'), key: 'rule' },
  ], rows, { caption: t('import.errors'), class: 'grid import-errors' });
}

export async function render(root, ctx) {
  if (!api.canWrite(ctx.user)) {
    root.append(h('h1', {}, t('import.title')), h('p', { class: 'msg msg-error', role: 'alert' }, t('import.read_only')));
    return;
  }
  const box = messageBox('error');
  const result = h('div', { class: 'result', 'aria-live': 'polite' });
  const controls = [];
  for (const f of FILES) {
    controls.push(await field({ key: f.key, type: 'file', accept: f.accept, label: t(`import.${f.key}`) }));
  }
  const dryId = uid('dry');
  const submit = h('button', { type: 'submit', class: 'primary' }, t('import.submit'));
  const form = h('form', { class: 'form', enctype: 'multipart/form-data', 'aria-label': t('import.title') },
    h('p', {}, t('import.help')),
    h('div', { class: 'fields' }, controls),
    h('div', { class: 'field field-check' },
      h('input', { type: 'checkbox', id: dryId, name: 'dry_run', value: '1', checked: true }),
      h('label', { for: dryId }, t('import.dry_run'))),
    h('div', { class: 'actions' }, submit), box);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showMessage(box, '');
    result.replaceChildren();
    const fd = new FormData();
    let any = false;
    for (const f of FILES) {
      const input = form.elements.namedItem(f.key);
      if (input.files && input.files[0]) {
        fd.append(f.key, input.files[0], input.files[0].name);
        any = true;
      }
    }
    if (!any) {
      showMessage(box, t('import.no_file'));
      return;
    }
    if (form.elements.namedItem('dry_run').checked) fd.append('dry_run', '1');
    submit.disabled = true;
    try {
      const d = await api.upload('/api/import', fd);
      result.append(h('p', { class: 'msg msg-ok', role: 'status' },
        t(d.dry_run ? 'import.checked' : 'import.done', { errors: d.errors, warnings: d.warnings })));
      result.append(table([
        { label: t('import.table'), key: 'name' },
        { label: t('import.rows'), key: 'rows', num: true },
        { label: t('import.created'), key: 'created', num: true },
        { label: t('import.updated'), key: 'updated', num: true },
        { label: t('import.unchanged'), key: 'unchanged', num: true },
      ], ['households', 'members', 'incomes'].filter((k) => d[k]).map((k) => ({ name: t(`import.${k}`), ...d[k] })),
      { caption: t('import.counts') }));
      if ((d.issues || []).length) result.append(h('h2', {}, t('import.warnings')), issuesTable(d.issues));
    } catch (err) {
      showMessage(box, err.message);
      const rows = err.errors || [];
      if (rows.length) result.append(h('h2', {}, t('import.errors')), issuesTable(rows));
    } finally {
      submit.disabled = false;
    }
  });
  root.append(h('h1', {}, t('import.title')), form, result);
}
