// procedure.js - one procedure: its steps, objections, the next step to
// take and its notice.
//   GET  /api/procedures/ID
//   POST /api/procedures/ID/steps {step, outcome, date, actor, notes,
//        members, attending, for, against, override}
//   POST /api/notices {village, kind, households}  (at a notice step)
import { h, href, table, uid } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { fields, form, values } from '../forms.js';

const NOTICE_STEPS = ['notice', 'notice1', 'notice2'];
const FINISHED = ['done', 'rejected', 'cancelled'];

function card(title, ...children) {
  const id = uid('sec');
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

export async function render(root, ctx) {
  const id = ctx.arg;
  const d = await api.get(`/api/procedures/${encodeURIComponent(id)}`);
  const p = d.procedure;
  const reload = () => ctx.navigate(href('procedure', id));

  root.append(
    h('nav', { class: 'crumbs no-print', 'aria-label': t('crumbs') },
      h('a', { href: href('procedures') }, t('procedures.title')), ' › ', t('procedure.link', { id })),
    h('h1', {}, t('procedure.title', { id, kind: p.kind_label || p.kind, name: p.head_name })),
    h('dl', { class: 'summary' },
      h('div', {}, h('dt', {}, t('field.household_no')), h('dd', {}, h('a', { href: href('household', p.household_no) }, p.household_no))),
      h('div', {}, h('dt', {}, t('field.village')), h('dd', {}, p.village || p.village_code)),
      h('div', {}, h('dt', {}, t('field.year')), h('dd', {}, String(p.year))),
      h('div', {}, h('dt', {}, t('procedure.state')), h('dd', { class: 'procedure-state' }, p.state_label || p.state)),
      h('div', {}, h('dt', {}, t('procedure.started')), h('dd', {}, p.started_on)),
      p.finished_on ? h('div', {}, h('dt', {}, t('procedure.finished')), h('dd', {}, p.finished_on)) : null,
      h('div', {}, h('dt', {}, t('procedure.days')), h('dd', {}, String(p.days))),
      p.waiting ? h('div', {}, h('dt', {}, t('procedure.waiting')), h('dd', {}, p.waiting)) : null,
      p.notice ? h('div', {}, h('dt', {}, t('procedure.notice')), h('dd', {}, h('a', { href: href('notice', p.notice) }, t('notice.link', { id: p.notice })))) : null,
      p.warning ? h('div', {}, h('dt', {}, t('procedure.warning')), h('dd', { class: 'warn' }, p.warning)) : null,
      p.suspended ? h('div', {}, h('dt', {}, t('procedure.suspended')), h('dd', {}, t('yes'))) : null),
  );

  root.append(card(t('procedure.steps'), table([
    { label: '#', key: 'seq', num: true },
    { label: t('procedure.step'), render: (s) => s.step_label || s.step },
    { label: t('field.date'), key: 'date' },
    { label: t('procedure.actor'), key: 'actor' },
    { label: t('procedure.outcome'), render: (s) => (s.outcome ? t(`outcome.${s.outcome}`) : '') },
    { label: t('procedure.votes'), render: (s) => (s.members ? t('procedure.votes_text', s) : '') },
    { label: t('procedure.notes'), render: (s) => s.notes || s.override_reason || '' },
    { label: t('procedure.notice'), render: (s) => (s.notice ? h('a', { href: href('notice', s.notice) }, t('notice.link', { id: s.notice })) : '') },
  ], p.steps || [], { caption: t('procedure.steps'), empty: t('procedure.no_steps') })));

  if ((p.objections || []).length) {
    root.append(card(t('notice.objections'), table([
      { label: t('field.id'), key: 'id', num: true },
      { label: t('objection.received'), key: 'received_on' },
      { label: t('objection.text'), key: 'text' },
      { label: t('objection.state'), render: (o) => t(`objection.state.${o.state}`) },
      { label: t('objection.reasons'), key: 'reasons' },
    ], p.objections, { caption: t('notice.objections') })));
  }

  if (FINISHED.includes(p.state) || !api.canWrite(ctx.user)) return;
  if (NOTICE_STEPS.includes(p.state) && !p.notice) {
    root.append(card(t('notice.create'), h('p', {}, t('procedure.notice_help')), form({
      label: t('notice.create'),
      controls: [],
      submit: t('notice.create'),
      onsubmit: async () => {
        const n = await api.post('/api/notices', { village: p.village_code, kind: p.kind, households: [p.household_no] });
        ctx.navigate(href('notice', n.notice.id));
        return undefined;
      },
    })));
    return;
  }
  if (NOTICE_STEPS.includes(p.state)) return;

  const appraisal = p.state === 'appraisal';
  const specs = appraisal ? [] : [
    { key: 'outcome', type: 'select', label: t('procedure.outcome'), options: [
      { value: 'approved', label: t('outcome.approved') },
      { value: 'rejected', label: t('outcome.rejected') },
      { value: 'done', label: t('outcome.done') }] }];
  specs.push(
    { key: 'date', type: 'date', label: t('field.date') },
    { key: 'actor', type: 'text', label: t('procedure.actor') },
    { key: 'notes', type: 'textarea', label: t('procedure.notes') });
  if (appraisal) {
    specs.push(
      { key: 'members', type: 'number', label: t('procedure.members'), required: true },
      { key: 'attending', type: 'number', label: t('procedure.attending'), required: true },
      { key: 'for', type: 'number', label: t('procedure.for'), required: true },
      { key: 'against', type: 'number', label: t('procedure.against'), required: true });
  }
  specs.push({ key: 'override', type: 'text', label: t('procedure.override') });
  root.append(card(t('procedure.next', { step: p.state_label || p.state }), form({
    label: t('procedure.next', { step: p.state_label || p.state }),
    controls: await fields(specs, { outcome: 'approved' }),
    submit: t('procedure.record'),
    class: 'wide',
    onsubmit: async (el) => {
      const body = { step: p.state, ...values(el, specs) };
      for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
      await api.post(`/api/procedures/${encodeURIComponent(id)}/steps`, body);
      reload();
      return undefined;
    },
  })));
}
