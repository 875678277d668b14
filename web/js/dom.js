// dom.js - small DOM helpers.  Text from the API is always set as text
// (textContent, attribute values), never parsed as HTML.

// h(tag, attrs, ...children): a new element.  attrs: plain attributes,
// plus `on<event>` functions, `class`, `dataset` (object) and `hidden`
// (boolean).  Children: nodes, strings, numbers, arrays; null/false skipped.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'dataset') {
      Object.assign(el.dataset, v);
    } else if (v === true) {
      el.setAttribute(k, '');
    } else {
      el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

// add(el, ...children): appends like h() does (null/false skipped,
// arrays flattened); Element.append would write "null".
export function add(el, ...children) {
  append(el, children);
  return el;
}

// A unique id for label/aria wiring.
let seq = 0;
export function uid(prefix) {
  seq += 1;
  return `${prefix || 'id'}-${seq}`;
}

// table(columns, rows, opts): columns [{key, label, render(row) -> node|string,
// num: true}], rows objects.  opts.caption names the table for screen readers;
// opts.empty is the text shown when there are no rows.
export function table(columns, rows, opts = {}) {
  if (!rows || rows.length === 0) {
    return h('p', { class: 'empty' }, opts.empty || '');
  }
  const head = h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)));
  const body = rows.map((r) => h('tr', {}, columns.map((c) => {
    const v = c.render ? c.render(r) : r[c.key];
    return h('td', { class: c.num ? 'num' : null }, v === null || v === undefined ? '' : v);
  })));
  return h('div', { class: 'table-wrap' },
    h('table', { class: opts.class || 'grid' },
      opts.caption ? h('caption', {}, opts.caption) : null,
      h('thead', {}, head), h('tbody', {}, body)));
}

// A status line (role=status) or alert (role=alert) that can be re-set.
export function messageBox(kind) {
  return h('div', { class: `msg msg-${kind}`, role: kind === 'error' ? 'alert' : 'status', hidden: true });
}
export function showMessage(box, text) {
  box.textContent = text || '';
  box.hidden = !text;
}

// The hash link of a route: link('household', NO) -> '#/household/NO'.
export function href(route, arg, query) {
  let s = `#/${route}`;
  if (arg !== undefined && arg !== null && arg !== '') s += `/${encodeURIComponent(arg)}`;
  const q = query ? new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '' && v !== null && v !== undefined)) : null;
  if (q && q.toString()) s += `?${q}`;
  return s;
}

export function drillHref(name, region, year) {
  const q = new URLSearchParams({ name, region: region || '', year: String(year || '') });
  return `drill.html?${q}`;
}

// Formats a money value (yuan, 2 decimals) or a plain number.
export function fmtNum(v, decimals) {
  if (v === null || v === undefined || v === '') return '';
  const n = Number(v);
  if (!Number.isFinite(n)) return String(v);
  return decimals === undefined ? String(n) : n.toFixed(decimals);
}
