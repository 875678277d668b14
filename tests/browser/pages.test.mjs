// pages.test.mjs - every page opens without a script error or CSP
// violation, in Chinese and in English, and leaves a full-page screenshot
// in $LK_SHOTS (the proof the closing note lists).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, USERS, launch, newPage, signIn, apiGet, shot, settled } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
});

async function firstId(page, p, key, field) {
  const r = await apiGet(page, p, { limit: 1 });
  return r.status === 200 && r.body[key] && r.body[key][0] ? String(r.body[key][0][field]) : null;
}

for (const locale of ['zh-CN', 'en-US']) {
  test(`every page opens (${locale})`, async () => {
    const page = await newPage(browser, { locale });
    await signIn(page, USERS.village);
    const suffix = locale === 'zh-CN' ? 'zh' : 'en';
    const hh = await firstId(page, '/api/households', 'households', 'household_no');
    const proc = await firstId(page, '/api/procedures', 'procedures', 'id');
    const notice = await firstId(page, '/api/notices', 'notices', 'id');
    const routes = [
      ['dashboard', '#/dashboard?year=2020'],
      ['households', '#/households'],
      ['households-poor', '#/households?status=poor'],
      hh && ['household', `#/household/${hh}`],
      ['procedures', '#/procedures'],
      proc && ['procedure', `#/procedure/${proc}`],
      ['notices', '#/notices'],
      notice && ['notice', `#/notice/${notice}`],
      ['checks', '#/checks'],
      ['report', '#/report?year=2020'],
      ['import', '#/import'],
      ['team', '#/team'],
      ['party', '#/party'],
      ['funds', '#/funds'],
      ['projects', '#/projects'],
      ['drill', '#/drill?name=poor_households&year=2020'],
    ].filter(Boolean);
    for (const [name, hash] of routes) {
      const before = page.problems.length;
      await page.goto(`${BASE}/${hash}`);
      await settled(page);
      await page.waitForTimeout(200);
      for (const p of page.problems.slice(before)) console.log(`${name}: ${p}`);
      const h1 = await page.locator('main h1').count();
      const alert = await page.locator('main [role="alert"]:visible').count();
      assert.ok(h1 === 1 || alert >= 1, `${name}: a heading, or an error said as such`);
      const file = await shot(page, `${name}-${suffix}`);
      console.log(`screenshot ${file}`);
    }
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}
