// notice.js - one public notice: period, live countdown, the households
// on it, its objections; forms to object, resolve and close.
//   GET  /api/notices/ID                 (closes_at, remaining_seconds, objections)
//   POST /api/notices/ID/objections      {text, household, by}
//   POST /api/notices/ID/resolve         {objection, outcome: upheld|dismissed, reasons}
//   POST /api/notices/ID/close           {}
//   GET  /api/notices/ID/print?format=html (the text for the village board)
import { h, href, table, messageBox, showMessage, uid } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { countdown } from '../countdown.js';
import { fields, form, values } from '../forms.js';

export async function render(root, ctx) {
  const id = ctx.arg;
  const d = await api.get(`/api/notices/${encodeURIComponent(id)}`);
  const n = d.notice;
  const reload = () => ctx.navigate(href('notice', id));
  const timer = countdown(n, Date.now());

  root.append(
    h('nav', { class: 'crumbs no-print', 'aria-label': t('crumbs') },
      h('a', { href: href('notices') }, t('notices.title')), ' › ', t('notice.link', { id })),
    h('h1', {}, t('notice.title', { id, kind: n.kind_label || n.kind, village: n.village || n.village_code })),
    h('dl', { class: 'summary' },
      h('div', {}, h('dt', {}, t('notice.step')), h('dd', {}, n.step_label || n.step)),
      h('div', {}, h('dt', {}, t('notice.period')), h('dd', {}, t('notice.period_text', { start: n.start, end: n.end, days: n.days }))),
      h('div', {}, h('dt', {}, t('notice.state')), h('dd', { class: 'notice-state' }, t(`notice.state.${n.state}`))),
      n.state === 'posted' ? h('div', {}, h('dt', {}, t('notice.left')), h('dd', {}, timer)) : null,
      n.closed_on ? h('div', {}, h('dt', {}, t('notice.closed_on')), h('dd', {}, n.closed_on)) : null,
      n.contact ? h('div', {}, h('dt', {}, t('notice.contact')), h('dd', {}, n.contact)) : null),
    h('p', { class: 'actions no-print' },
      h('a', { class: 'button', target: '_blank', rel: 'noopener', href: api.url(`/api/notices/${encodeURIComponent(id)}/print`, { format: 'html' }) }, t('notice.print'))),
  );

  const secId = uid('sec');
  root.append(h('section', { class: 'card', 'aria-labelledby': secId }, h('h2', { id: secId }, t('notice.items')),
    table([
      { label: t('procedure.link_col'), render: (i) => h('a', { href: href('procedure', i.procedure) }, t('procedure.link', { id: i.procedure })) },
      { label: t('field.household_no'), render: (i) => h('a', { href: href('household', i.household_no) }, i.household_no) },
      { label: t('field.head_name'), key: 'head_name' },
      { label: t('field.group'), key: 'group' },
      { label: t('notice.people'), key: 'people', num: true },
      { label: t('procedure.state'), key: 'state' },
      { label: t('notice.reason'), key: 'reason' },
    ], n.items || [], { caption: t('notice.items'), empty: t('none') })));

  const objections = n.objections || [];
  const objId = uid('sec');
  const objSec = h('section', { class: 'card', 'aria-labelledby': objId }, h('h2', { id: objId }, t('notice.objections')),
    table([
      { label: t('field.id'), key: 'id', num: true },
      { label: t('objection.received'), key: 'received_on' },
      { label: t('field.household_no'), render: (o) => o.household_no || (o.whole_notice ? t('objection.whole') : '') },
      { label: t('objection.text'), key: 'text' },
      { label: t('objection.state'), render: (o) => t(`objection.state.${o.state}`) },
      { label: t('objection.reasons'), key: 'reasons' },
    ], objections, { caption: t('notice.objections'), empty: t('notice.no_objections') }));
  root.append(objSec);

  if (n.state === 'posted' && api.canWrite(ctx.user)) {
    const objectSpecs = [
      { key: 'text', type: 'textarea', label: t('objection.text'), required: true },
      { key: 'household', type: 'select', label: t('objection.about'), options: [
        { value: '', label: t('objection.whole') },
        ...(n.items || []).map((i) => ({ value: i.household_no, label: `${i.head_name} (${i.household_no})` }))] },
      { key: 'by', type: 'text', label: t('objection.by') },
    ];
    objSec.append(h('h3', {}, t('objection.add')), form({
      label: t('objection.add'),
      controls: await fields(objectSpecs, {}),
      submit: t('objection.submit'),
      onsubmit: async (el) => {
        await api.post(`/api/notices/${encodeURIComponent(id)}/objections`, values(el, objectSpecs));
        reload();
        return undefined;
      },
    }));
    const open = objections.filter((o) => o.state === 'open');
    if (open.length) {
      const resolveSpecs = [
        { key: 'objection', type: 'select', label: t('objection.which'), options: open.map((o) => ({ value: String(o.id), label: `${o.id}: ${o.text}` })) },
        { key: 'outcome', type: 'select', label: t('objection.outcome'), options: [
          { value: 'dismissed', label: t('objection.state.dismissed') },
          { value: 'upheld', label: t('objection.state.upheld') }] },
        { key: 'reasons', type: 'textarea', label: t('objection.reasons'), required: true },
      ];
      objSec.append(h('h3', {}, t('objection.resolve')), form({
        label: t('objection.resolve'),
        controls: await fields(resolveSpecs, {}),
        submit: t('objection.resolve'),
        onsubmit: async (el) => {
          const body = values(el, resolveSpecs);
          body.objection = Number(body.objection);
          await api.post(`/api/notices/${encodeURIComponent(id)}/resolve`, body);
          reload();
          return undefined;
        },
      }));
    }
    root.append(form({
      label: t('notice.close'),
      controls: [h('p', {}, t('notice.close_help'))],
      submit: t('notice.close'),
      class: 'inline no-print',
      onsubmit: async () => {
        await api.post(`/api/notices/${encodeURIComponent(id)}/close`, {});
        reload();
        return undefined;
      },
    }));
  }
  return () => timer.stop();
}
