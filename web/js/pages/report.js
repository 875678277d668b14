// report.js - the annual report: a preview of the HTML
// (GET /api/reports/annual?format=html, in an iframe) and downloads in
// md, html, docx, and the ledger book (GET /api/export?format=xlsx).
import { h, href, messageBox, showMessage } from '../dom.js';
import { t, apiLang } from '../i18n.js';
import * as api from '../api.js';
import { fields, values } from '../forms.js';

export async function render(root, ctx) {
  const year = ctx.query.get('year') || String(new Date().getFullYear() - 1);
  const region = ctx.query.get('region') || ctx.user.region || '';
  const specs = [
    { key: 'year', type: 'year', label: t('field.year'), required: true },
    { key: 'region', type: 'text', label: t('field.region') },
  ];
  const filter = h('form', { class: 'filters no-print', 'aria-label': t('report.choose') },
    await fields(specs, { year, region }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('report.show'))));
  filter.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.navigate(href('report', '', values(filter, specs)));
  });
  const q = { year, region, lang: apiLang() };
  const link = (format, label) => h('a', {
    class: 'button', href: api.url('/api/reports/annual', { ...q, format }), download: '', dataset: { format },
  }, label);
  // The preview is the report's HTML fetched and shown in a sandboxed
  // iframe (srcdoc): the server forbids framing its answers
  // (frame-ancestors 'none'), and the sandbox runs nothing of the
  // report.  Its figures link to drill.html: <base target="_top"> opens
  // them in the whole window, not inside the preview.
  const frame = h('iframe', {
    class: 'report-preview', title: t('report.preview'),
    sandbox: 'allow-top-navigation-by-user-activation',
  });
  const box = messageBox('error');
  const preview = (async () => {
    try {
      const html = await api.request('GET', '/api/reports/annual', { query: { ...q, format: 'html' } });
      // The page's CSP (no inline style) applies inside srcdoc and to the
      // parser: the report's own <style> blocks are cut from the text
      // before parsing, its style attributes and scripts dropped (the
      // sandbox would not run them anyway), and /css/report.css styles it.
      const text = String(html).replace(/<style\b[^>]*>[\s\S]*?<\/style\s*>/gi, '');
      const doc = new DOMParser().parseFromString(text, 'text/html');
      for (const el of doc.querySelectorAll('script, link[rel="stylesheet"]')) el.remove();
      for (const el of doc.querySelectorAll('[style]')) el.removeAttribute('style');
      const base = doc.createElement('base');
      base.setAttribute('target', '_top');
      const css = doc.createElement('link');
      css.setAttribute('rel', 'stylesheet');
      css.setAttribute('href', '/css/report.css');
      doc.head.prepend(base, css);
      frame.srcdoc = `<!doctype html>\n${doc.documentElement.outerHTML}`;
    } catch (err) {
      frame.hidden = true;
      showMessage(box, err.message);
    }
  })();
  root.append(
    h('h1', {}, t('report.title', { year })),
    filter,
    h('p', { class: 'actions downloads no-print' },
      link('md', t('report.md')), link('html', t('report.html')), link('docx', t('report.docx')),
      h('a', { class: 'button', href: api.url('/api/export', { format: 'xlsx', region }), download: '', dataset: { format: 'xlsx' } }, t('report.xlsx'))),
    box,
    frame,
  );
  await preview;
}
