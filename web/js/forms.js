// forms.js - forms built from field specs (fields.js), their values, and
// the API's validation errors shown beside the field they name.
//
// Every control has a <label>, an error slot (aria-describedby) and the
// field's interchange key as its name, so an API answer 422 with
// `field` = that key lands beside the right control.

import { h, uid, messageBox, showMessage } from './dom.js';
import { t } from './i18n.js';
import * as api from './api.js';

function codeOf(v) {
  return v === null || v === undefined ? '' : String(v);
}

async function control(spec, value, id, describedBy, label) {
  const common = { id, name: spec.key, 'aria-describedby': describedBy, required: spec.required || null };
  switch (spec.type) {
    case 'bool': {
      const v = value === true ? 'true' : value === false ? 'false' : '';
      return h('select', common,
        h('option', { value: '', selected: v === '' }, t('unknown')),
        h('option', { value: 'true', selected: v === 'true' }, t('yes')),
        h('option', { value: 'false', selected: v === 'false' }, t('no')));
    }
    case 'code': {
      const list = await api.codes(spec.list);
      if (list) {
        const v = codeOf(value);
        const opts = list.map((c) => h('option', { value: c.code, selected: c.code === v }, c.label));
        if (v && !list.some((c) => c.code === v)) opts.push(h('option', { value: v, selected: true }, v));
        return h('select', common, h('option', { value: '' }, '—'), opts);
      }
      // No code-list endpoint: the code or any label is typed; the
      // current value's label is shown as the hint.
      return h('input', {
        ...common, type: 'text', value: codeOf(value), autocomplete: 'off',
        placeholder: label || null, title: label || null,
      });
    }
    case 'select':
      return h('select', common, (spec.options || []).map((o) =>
        h('option', { value: o.value, selected: String(o.value) === codeOf(value) }, o.label)));
    case 'textarea':
      return h('textarea', { ...common, rows: 2 }, codeOf(value));
    case 'number':
    case 'money':
    case 'year':
    case 'ref':
      return h('input', {
        ...common, type: 'text', inputmode: 'decimal', value: codeOf(value), autocomplete: 'off',
        class: 'num',
      });
    case 'date':
      return h('input', { ...common, type: 'date', value: codeOf(value) });
    case 'password':
      return h('input', { ...common, type: 'password', autocomplete: spec.autocomplete || 'current-password' });
    case 'file':
      return h('input', { ...common, type: 'file', accept: spec.accept || null });
    default:
      return h('input', {
        ...common, type: 'text', value: codeOf(value), autocomplete: spec.autocomplete || 'off',
      });
  }
}

// field(spec, value, valueLabel): a labelled control with its error
// slot; valueLabel is the label of a coded value (the *_label field).
export async function field(spec, value, valueLabel) {
  const id = uid(`f-${spec.key}`);
  const errId = `${id}-err`;
  const label = spec.label || t(`field.${spec.key}`);
  const ctl = await control(spec, value, id, errId, valueLabel);
  return h('div', { class: `field field-${spec.type || 'text'}` },
    h('label', { for: id }, label, spec.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    ctl,
    valueLabel && ctl.tagName === 'INPUT' && String(valueLabel) !== String(value)
      ? h('span', { class: 'field-hint' }, String(valueLabel)) : null,
    h('span', { class: 'field-error', id: errId, dataset: { for: spec.key } }));
}

// fields(specs, values): the controls of every spec.
export async function fields(specs, values) {
  const v = values || {};
  return Promise.all(specs.map((s) => field(s, v[s.key], v[`${s.key}_label`])));
}

function typed(spec, raw) {
  const s = raw.trim();
  if (s === '') return null;
  switch (spec.type) {
    case 'bool': return s === 'true';
    case 'number':
    case 'money':
    case 'year':
    case 'ref': {
      // Sent as a number when it is one; otherwise as typed, for the API
      // to reject with its own message beside the field.
      const n = Number(s);
      return Number.isFinite(n) && /^-?\d+(\.\d+)?$/.test(s) ? n : s;
    }
    default: return s;
  }
}

function comparable(v) {
  if (v === null || v === undefined || v === '') return null;
  return typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
}

// values(form, specs, original): the form's values by key, typed; with
// `original`, only the fields whose value differs from it.
export function values(form, specs, original) {
  const out = {};
  for (const s of specs) {
    const el = form.elements.namedItem(s.key);
    if (!el || s.type === 'file') continue;
    const v = typed(s, el.value);
    if (original) {
      const o = comparable(original[s.key]);
      if (o === v || (o !== null && v !== null && String(o) === String(v))) continue;
    }
    out[s.key] = v;
  }
  return out;
}

export function clearErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

// showError(form, err, box): a validation error beside its field (and
// focus on it), anything else in the form's message box.
export function showError(form, err, box) {
  clearErrors(form);
  const name = err && err.field;
  const ctl = name ? form.elements.namedItem(name) : null;
  if (ctl && ctl.id) {
    const slot = form.querySelector(`#${CSS.escape(ctl.id)}-err`);
    if (slot) slot.textContent = err.message;
    ctl.setAttribute('aria-invalid', 'true');
    ctl.focus();
    showMessage(box, t('form.fix', { field: t(`field.${name}`) }));
    return;
  }
  showMessage(box, err && err.message ? err.message : String(err));
}

// form(opts): a <form> with the given controls, a submit button and a
// message box; onsubmit(form, box) is awaited with the button disabled.
export function form(opts) {
  const box = messageBox('error');
  const ok = messageBox('ok');
  const submit = h('button', { type: 'submit', class: 'primary' }, opts.submit || t('save'));
  if (opts.readOnly) {
    // The values, not editable, with nothing to submit.
    return h('form', { class: `form read-only ${opts.class || ''}`, 'aria-label': opts.label || null },
      h('fieldset', { disabled: true }, h('legend', { class: 'visually-hidden' }, t('form.read_only')),
        h('div', { class: 'fields' }, opts.controls)));
  }
  const el = h('form', { class: `form ${opts.class || ''}`, novalidate: true, 'aria-label': opts.label || null },
    h('div', { class: 'fields' }, opts.controls),
    h('div', { class: 'actions' }, submit, opts.extra || null),
    box, ok);
  el.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showMessage(box, '');
    showMessage(ok, '');
    clearErrors(el);
    submit.disabled = true;
    try {
      const msg = await opts.onsubmit(el, box);
      if (typeof msg === 'string') showMessage(ok, msg);
    } catch (err) {
      showError(el, err, box);
    } finally {
      submit.disabled = false;
    }
  });
  return el;
}
