// i18n.test.mjs - every UI string exists in both languages, and no page
// module carries text of its own: each t('key') the code uses is in
// web/js/i18n.js, and no Chinese text appears outside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STRINGS } from '../../web/js/i18n.js';

const WEB = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory()
    ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

test('both languages have the same keys, none empty', () => {
  const zh = Object.keys(STRINGS.zh).sort();
  const en = Object.keys(STRINGS.en).sort();
  assert.deepEqual(zh, en);
  for (const l of ['zh', 'en']) {
    const empty = Object.entries(STRINGS[l]).filter(([k, v]) => v === '').map(([k]) => k);
    assert.deepEqual(empty, [], `${l}: empty strings`);
  }
});

test('placeholders agree between the languages', () => {
  const ph = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  const bad = Object.keys(STRINGS.zh).filter((k) => ph(STRINGS.zh[k]) !== ph(STRINGS.en[k]));
  assert.deepEqual(bad, []);
});

test('every literal key the code uses is defined', () => {
  const used = new Set();
  for (const f of files(WEB).filter((x) => x.endsWith('.js') && !x.endsWith('i18n.js'))) {
    const src = fs.readFileSync(f, 'utf8');
    for (const m of src.matchAll(/\bt\('([^'$]+)'/g)) used.add(m[1]);
  }
  for (const f of files(WEB).filter((x) => x.endsWith('.html'))) {
    const src = fs.readFileSync(f, 'utf8');
    for (const m of src.matchAll(/data-i18n(?:-aria-label|-title)?="([^"]+)"/g)) used.add(m[1]);
  }
  const missing = [...used].filter((k) => !(k in STRINGS.zh) || !(k in STRINGS.en));
  assert.deepEqual(missing, []);
  assert.ok(used.size > 100, `${used.size} keys used`);
});

test('the keys built from codes are defined (fields, kinds, states)', async () => {
  const { HOUSEHOLD, MEMBER, INCOME, WORK, WORK_PAGES } = await import('../../web/js/fields.js');
  const { CHARTS } = await import('../../web/js/dashboard-spec.js');
  const keys = [
    ...[...HOUSEHOLD, ...MEMBER, ...INCOME].map((s) => `field.${s.key}`),
    ...Object.entries(WORK).flatMap(([k, w]) => [`kind.${k}`, `kind.${k}.plural`,
      ...w.fields.map((s) => `field.${s.key}`), ...w.columns.map((c) => `field.${c}`)]),
    ...Object.keys(WORK_PAGES).map((p) => `nav.${p}`),
    ...CHARTS.map((c) => `dash.${c.id}`),
    ...['admin', 'county', 'town', 'village', 'helper', 'viewer'].map((r) => `role.${r}`),
    ...['posted', 'closed'].map((s) => `notice.state.${s}`),
    ...['open', 'upheld', 'dismissed'].map((s) => `objection.state.${s}`),
    ...['done', 'approved', 'rejected', 'posted', 'passed', 'received', 'upheld', 'dismissed', 'cancelled']
      .map((s) => `outcome.${s}`),
    ...['error', 'warning'].map((s) => `severity.${s}`),
    ...['households', 'members', 'incomes', 'workbook'].map((s) => `import.${s}`),
    ...['income', 'monitoring', 'schooling', 'medical_insurance', 'serious_illness_insurance', 'housing', 'water']
      .map((c) => `assess.c.${c}`),
    ...['pass', 'fail', 'unknown', 'na'].map((r) => `assess.r.${r}`),
  ];
  const missing = keys.filter((k) => !(k in STRINGS.zh) || !(k in STRINGS.en));
  assert.deepEqual(missing, []);
});

test('no Chinese text outside i18n.js', () => {
  const han = /[\u4e00-\u9fff]/;
  const offenders = files(WEB).filter((f) => /\.(js|html|css)$/.test(f) && !f.endsWith('i18n.js'))
    .filter((f) => fs.readFileSync(f, 'utf8').split('\n').some((line) => han.test(line) && !/^\s*(\/\/|\/?\*)/.test(line)));
  assert.deepEqual(offenders.map((f) => path.relative(WEB, f)), []);
});

test('no inline script, inline handler or external resource in the pages', () => {
  for (const f of files(WEB).filter((x) => x.endsWith('.html'))) {
    const src = fs.readFileSync(f, 'utf8');
    assert.doesNotMatch(src, /<script(?![^>]*\bsrc=)[^>]*>/i, `${f}: inline script`);
    assert.doesNotMatch(src, /\son[a-z]+=/i, `${f}: inline handler`);
    assert.doesNotMatch(src, /(src|href)="(https?:)?\/\//i, `${f}: external resource`);
    assert.doesNotMatch(src, /style=/i, `${f}: inline style`);
  }
});
