// ui.test.mjs - the scenarios of issue 7 in chromium against a live
// `lika serve` (started by tests/e2e/browser.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  BASE, USERS, DOWNLOADS, zh, en, launch, newPage, signIn, apiGet, shot, settled,
} from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
});

function noProblems(page) {
  assert.deepEqual(page.problems, [], 'no script errors or CSP violations');
}

// A bad check character for an 18-character ID.
function badId(id) {
  const last = id.slice(-1);
  return id.slice(0, 17) + (last === '0' ? '1' : '0');
}

test('sign in: a wrong password is refused, the right one opens the app in Chinese', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/`);
  await page.locator('form input[name="name"]').waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.locator('h1').textContent(), zh['login.title']);
  await shot(page, 'login');
  await page.locator('form input[name="name"]').fill(USERS.village);
  await page.locator('form input[name="password"]').fill('not-the-password');
  await page.locator('form button[type="submit"]').click();
  await page.locator('.msg-error', { hasText: zh['login.bad'] }).waitFor();
  assert.equal(await page.locator('#nav').isVisible(), false, 'no navigation before signing in');
  await signIn(page, USERS.village);
  await settled(page);
  assert.match(await page.locator('#who').textContent(), new RegExp(USERS.village));
  assert.equal(await page.locator('#nav a[data-route="households"]').textContent(), zh['nav.households']);
  noProblems(page);
  await page.context().close();
});

test('language: English on the switch, remembered after a reload; English browser gets English', async () => {
  const page = await newPage(browser);
  await signIn(page, USERS.village);
  await page.locator('#lang-switch').click();
  await page.locator('#nav a[data-route="households"]', { hasText: en['nav.households'] }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.reload();
  await page.locator('#nav a[data-route="households"]', { hasText: en['nav.households'] }).waitFor();
  await page.locator('#lang-switch').click();
  await page.locator('#nav a[data-route="households"]', { hasText: zh['nav.households'] }).waitFor();
  await page.context().close();

  const enPage = await newPage(browser, { locale: 'en-US' });
  await enPage.goto(`${BASE}/`);
  await enPage.locator('h1', { hasText: en['login.title'] }).waitFor();
  await enPage.context().close();
});

test('keyboard and print: skip link first, focus visible, navigation hidden in print', async () => {
  const page = await newPage(browser);
  await signIn(page, USERS.village);
  await page.goto(`${BASE}/#/households`);
  await settled(page);
  await page.reload();
  await settled(page);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), zh.skip);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  // Every input, select and textarea has a label.
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((el) => el.type !== 'hidden' && !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
    .map((el) => el.name || el.outerHTML.slice(0, 60)));
  assert.deepEqual(unlabelled, []);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('#top').isVisible(), false, 'the header is not printed');
  assert.equal(await page.locator('table.grid').first().isVisible(), true, 'the list is printed');
  await page.emulateMedia({ media: 'screen' });
  await page.context().close();
});

test('search a household and open its file', async () => {
  const page = await newPage(browser);
  await signIn(page, USERS.village);
  const list = await apiGet(page, '/api/households', { limit: 20, status: 'poor' });
  assert.equal(list.status, 200);
  const target = list.body.households.find((x) => x.head_name && x.head_name.length >= 2);
  assert.ok(target, 'the demo ledger has a poor household');
  await page.goto(`${BASE}/#/households`);
  await settled(page);
  await page.locator('form[role="search"] input[name="q"]').fill(target.head_name);
  await page.locator('form[role="search"] button[type="submit"]').click();
  const link = page.locator('table.grid a', { hasText: target.household_no });
  await link.waitFor();
  assert.match(page.url(), /#\/households\?q=/);
  await shot(page, 'households-search');
  await link.click();
  await page.locator('h1', { hasText: target.head_name }).waitFor();
  await settled(page);
  assert.match(await page.locator('h1').textContent(), new RegExp(target.household_no));
  // The household against the criteria, each explained.
  await page.locator('.verdict').waitFor();
  assert.ok(await page.locator('.verdict ~ .table-wrap tbody tr').count() >= 5, 'the criteria are listed');
  noProblems(page);
  await page.context().close();
  return undefined;
});

test('edit a member: an invalid ID number is rejected with its message beside the field', async () => {
  const page = await newPage(browser);
  await signIn(page, USERS.village);
  const list = await apiGet(page, '/api/households', { limit: 1, status: 'poor' });
  const no = list.body.households[0].household_no;
  const before = await apiGet(page, `/api/households/${no}`);
  const member = before.body.members.find((m) => /^\d{17}[\dX]$/.test(m.id_number));
  assert.ok(member, 'a member with an 18-character ID');
  await page.goto(`${BASE}/#/household/${no}`);
  await settled(page);
  await page.getByRole('button', { name: zh['member.edit'].replace('{name}', member.name) }).click();
  const formEl = page.locator('.form-area form').first();
  // Coded fields are drop-downs of the code list, the member's code chosen.
  const relation = formEl.locator('select[name="relation"]');
  await relation.locator('option').nth(20).waitFor({ state: 'attached' });
  assert.ok(await relation.locator('option').count() >= 20, 'relation: the codes of the list');
  assert.equal(await relation.inputValue(), member.relation);
  const idInput = formEl.locator('input[name="id_number"]');
  await idInput.fill(badId(member.id_number));
  await formEl.locator('button[type="submit"]').click();
  const slot = formEl.locator('.field-error[data-for="id_number"]');
  await page.waitForFunction((el) => el.textContent.length > 0, await slot.elementHandle());
  const message = await slot.textContent();
  assert.ok(message.length > 5, `a message beside the field: ${message}`);
  assert.equal(await idInput.getAttribute('aria-invalid'), 'true');
  assert.equal(await idInput.getAttribute('aria-describedby'), await slot.getAttribute('id'));
  assert.equal(await page.evaluate(() => document.activeElement.name), 'id_number', 'focus on the field');
  await shot(page, 'member-invalid-id');
  const after = await apiGet(page, `/api/households/${no}`);
  assert.ok(after.body.members.some((m) => m.id_number === member.id_number), 'the member is unchanged');
  // A valid change goes through.
  await formEl.locator('input[name="id_number"]').fill(member.id_number);
  await formEl.locator('input[name="work_place"]').fill('祥云县城');
  await formEl.locator('button[type="submit"]').click();
  await page.waitForFunction(async ([n, id]) => {
    const r = await fetch(`/api/households/${n}?lang=en`);
    const d = await r.json();
    return d.members.some((m) => m.id_number === id && m.work_place === '祥云县城');
  }, [no, member.id_number]);
  noProblems(page);
  await page.context().close();
  return undefined;
});

test('add a household: a bad head ID is shown beside its field, a good one opens the new file', async () => {
  const page = await newPage(browser);
  await signIn(page, USERS.village);
  await page.goto(`${BASE}/#/households`);
  await settled(page);
  await page.locator('details.new-household summary').click();
  const f = page.locator('details.new-household form');
  assert.equal(await f.locator('input[name="village_code"]').inputValue(), process.env.LK_VILLAGE, 'the clerk\'s village by default');
  const no = `${process.env.LK_VILLAGE}9801`;
  await f.locator('input[name="household_no"]').fill(no);
  await f.locator('input[name="head_name"]').fill('新户甲');
  await f.locator('input[name="head_id"]').fill('532923198001010010');
  await f.locator('button[type="submit"]').click();
  const slot = f.locator('.field-error[data-for="head_id"]');
  await page.waitForFunction((el) => el.textContent.length > 0, await slot.elementHandle());
  assert.equal(await f.locator('input[name="head_id"]').getAttribute('aria-invalid'), 'true');
  assert.equal((await apiGet(page, `/api/households/${no}`)).status, 404, 'nothing was written');
  await f.locator('input[name="head_id"]').fill('532923198001010012');
  await f.locator('button[type="submit"]').click();
  await page.waitForURL(new RegExp(`#/household/${no}$`));
  await page.locator('h1', { hasText: '新户甲' }).waitFor();
  noProblems(page);
  await page.context().close();
  return undefined;
});

test('start an exit procedure and see the notice with its countdown', async () => {
  const page = await newPage(browser);
  await signIn(page, USERS.village);
  const list = await apiGet(page, '/api/households', { limit: 50, status: 'poor' });
  const procs = await apiGet(page, '/api/procedures', { kind: 'exit', limit: 1000 });
  const busy = new Set((procs.body.procedures || []).filter((p) => !['done', 'rejected', 'cancelled'].includes(p.state))
    .map((p) => p.household_no));
  const target = list.body.households.find((x) => !busy.has(x.household_no));
  assert.ok(target, 'a poor household without an open exit procedure');
  await page.goto(`${BASE}/#/household/${target.household_no}`);
  await settled(page);
  await page.getByRole('button', { name: zh['procedure.start_exit'] }).click();
  await page.waitForURL(/#\/procedure\/\d+$/);
  await settled(page);
  await page.locator('h1', { hasText: target.head_name }).waitFor();
  const procId = page.url().match(/(\d+)$/)[1];
  // appraisal: quorum 14 of 21, 13 for
  const f = page.locator('main form').last();
  await f.locator('input[name="members"]').fill('21');
  await f.locator('input[name="attending"]').fill('14');
  await f.locator('input[name="for"]').fill('13');
  await f.locator('input[name="against"]').fill('1');
  await f.locator('button[type="submit"]').click();
  for (const step of ['verification', 'consent']) {
    await page.waitForFunction(async ([id, s]) => {
      const r = await fetch(`/api/procedures/${id}?lang=en`);
      return (await r.json()).procedure.state === s;
    }, [procId, step]);
    await settled(page);
    await page.locator('main form select[name="outcome"]').waitFor();
    await page.locator('main form').last().locator('button[type="submit"]').click();
  }
  await page.getByRole('button', { name: zh['notice.create'] }).click();
  await page.locator('.countdown').waitFor();
  assert.match(page.url(), /#\/notice\/\d+$/);
  const first = await page.locator('.countdown').textContent();
  const remaining = Number(await page.locator('.countdown').getAttribute('data-remaining'));
  assert.ok(remaining > 5 * 86400 && remaining <= 8 * 86400, `about a week left: ${remaining} s`);
  assert.match(first, /\d+:\d\d:\d\d/);
  await page.waitForTimeout(1500);
  const second = await page.locator('.countdown').textContent();
  assert.notEqual(second, first, 'the countdown updates live');
  await page.locator('table.grid a', { hasText: target.household_no }).waitFor();
  await shot(page, 'notice-countdown');
  // The notices list shows it with its countdown too.
  await page.goto(`${BASE}/#/notices`);
  await settled(page);
  assert.ok(await page.locator('.countdown').count() >= 1);
  noProblems(page);
  await page.context().close();
  return undefined;
});

test('open the dashboard and drill into a chart', async () => {
  const page = await newPage(browser);
  await signIn(page, USERS.county);
  await page.goto(`${BASE}/#/dashboard?year=2020`);
  await settled(page);
  await page.locator('.chart-card').first().waitFor();
  assert.equal(await page.locator('.chart-card').count(), 7);
  await page.locator('.chart svg').first().waitFor();
  await shot(page, 'dashboard-drill-from');
  const link = page.locator('.drill-link').first();
  const hrefAttr = await link.getAttribute('href');
  assert.match(hrefAttr, /^drill\.html\?name=[^&]+&region=\d*&year=2020/);
  await link.click();
  await page.waitForURL(/drill\.html/);
  await settled(page);
  await page.locator('.drill-value').waitFor();
  assert.match(await page.locator('h1').textContent(), /\S/);
  await shot(page, 'drill');
  noProblems(page);
  await page.context().close();
  return undefined;
});

test('download the annual report', async () => {
  const page = await newPage(browser);
  await signIn(page, USERS.village);
  await page.goto(`${BASE}/#/report?year=2020`);
  await settled(page);
  const frame = page.frameLocator('iframe.report-preview');
  await frame.locator('body').waitFor();
  assert.ok((await frame.locator('body').textContent()).length > 100, 'the preview shows the report');
  fs.mkdirSync(DOWNLOADS, { recursive: true });
  const sizes = {};
  for (const format of ['md', 'html', 'docx']) {
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`a[data-format="${format}"]`).click(),
    ]);
    const file = path.join(DOWNLOADS, `annual-2020.${format}`);
    await dl.saveAs(file);
    const bytes = fs.readFileSync(file);
    sizes[format] = bytes.length;
    if (format === 'docx') assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'a docx is a zip');
    if (format === 'html') assert.match(bytes.toString('utf8', 0, 400), /<html|<!doctype/i);
  }
  assert.ok(sizes.md > 100 && sizes.html > 100 && sizes.docx > 1000, JSON.stringify(sizes));
  await shot(page, 'report');
  noProblems(page);
  await page.context().close();
  return undefined;
});

test("a village clerk is refused another village's household", async () => {
  const page = await newPage(browser);
  await signIn(page, USERS.village);
  const other = process.env.LK_OTHER_NO;
  const head = process.env.LK_OTHER_HEAD;
  const api = await apiGet(page, `/api/households/${other}`);
  assert.equal(api.status, 404, 'the API answers as if it did not exist');
  await page.goto(`${BASE}/#/household/${other}`);
  await settled(page);
  await page.locator('main [role="alert"]').waitFor();
  assert.equal(await page.getByText(head).count(), 0, 'nothing of the household is shown');
  await shot(page, 'household-other-village-refused');
  await page.goto(`${BASE}/#/households?q=${encodeURIComponent(head)}`);
  await settled(page);
  assert.equal(await page.locator('table.grid a', { hasText: other }).count(), 0, 'search does not find it');
  assert.equal(await page.getByText(head).count(), 0, 'nothing of it in the page');
  await page.context().close();

  // The county office sees it (the refusal is the scope, not a broken page).
  const county = await newPage(browser);
  await signIn(county, USERS.county);
  await county.goto(`${BASE}/#/household/${other}`);
  await county.locator('h1', { hasText: head }).waitFor();
  await county.context().close();
  return undefined;
});

test('a viewer sees masked ID numbers, read-only forms, and a change is refused', async () => {
  const page = await newPage(browser);
  await signIn(page, USERS.viewer);
  const list = await apiGet(page, '/api/households', { limit: 1, status: 'poor' });
  const no = list.body.households[0].household_no;
  await page.goto(`${BASE}/#/household/${no}`);
  await settled(page);
  const ids = await page.locator('table.grid td').allTextContents();
  const idCells = ids.filter((x) => /^\d{4}\*+/.test(x));
  assert.ok(idCells.length >= 1, 'ID numbers are shown masked');
  assert.equal(ids.filter((x) => /^\d{17}[\dX]$/.test(x)).length, 0, 'no ID number in clear');
  // Read only: the fields are shown disabled, with no button to save or edit.
  assert.equal(await page.locator('main form.read-only fieldset[disabled]').count(), 1);
  assert.equal(await page.locator('main form:not(.assess-year) button[type="submit"]').count(), 0, 'nothing to submit but the year to assess');
  assert.equal(await page.getByRole('button', { name: zh.edit }).count(), 0, 'no edit buttons');
  // The server refuses a change all the same.
  const status = await page.evaluate(async (n) => {
    const me = await (await fetch('/api/me')).json();
    const r = await fetch(`/api/households/${n}`, {
      method: 'PATCH', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf },
      body: JSON.stringify({ group: '改名组' }),
    });
    return r.status;
  }, no);
  assert.equal(status, 403);
  await shot(page, 'household-viewer-masked');
  await page.context().close();
  return undefined;
});

test('import: the row errors of a rejected upload are shown as a table', async () => {
  const page = await newPage(browser);
  await signIn(page, USERS.village);
  await page.goto(`${BASE}/#/import`);
  await settled(page);
  const households = 'household_no,village_code,head_name,head_id,status\n'
    + `5329231012029901,${process.env.LK_VILLAGE},测试户,532923198001010010,一般农户\n`;
  const members = 'household_no,name,id_number,relation\n5329231012029901,测试户,532923198001010010,户主\n';
  await page.locator('input[name="households"]').setInputFiles({ name: 'households.csv', mimeType: 'text/csv', buffer: Buffer.from(households) });
  await page.locator('input[name="members"]').setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(members) });
  await page.locator('main form button[type="submit"]').click();
  await page.locator('table.import-errors').waitFor();
  const text = await page.locator('table.import-errors').textContent();
  assert.match(text, /id_number|证件号码|head_id|户主证件号码/);
  await shot(page, 'import-errors');
  noProblems(page);
  await page.context().close();
  return undefined;
});

