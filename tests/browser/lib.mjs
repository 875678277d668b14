// lib.mjs - shared helpers of the browser scenarios (run by
// tests/e2e/browser.sh, which starts lika serve and sets the LK_*
// variables): the browser, signing in, API probes, screenshots.
import path from 'node:path';
import fs from 'node:fs';
import { STRINGS } from '../../web/js/i18n.js';

export const BASE = process.env.LK_BASE;
export const SHOTS = process.env.LK_SHOTS;
export const DOWNLOADS = process.env.LK_DOWNLOADS;
export const PASSWORD = process.env.LK_PASSWORD;
export const USERS = {
  village: process.env.LK_USER_VILLAGE,
  county: process.env.LK_USER_COUNTY,
  admin: process.env.LK_USER_ADMIN,
  viewer: process.env.LK_USER_VIEWER,
};
export const zh = STRINGS.zh;
export const en = STRINGS.en;
if (!BASE) throw new Error('LK_BASE is not set: run the scenarios through tests/e2e/browser.sh');

const { chromium } = await import(path.join(process.env.LK_NODE_MODULES, 'playwright-core', 'index.mjs'));

export async function launch() {
  return chromium.launch({
    executablePath: process.env.LK_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
}

// A page in a fresh context (1366x768, Chinese browser unless locale is
// given).  page.problems collects uncaught errors and CSP violations.
export async function newPage(browser, opts = {}) {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: opts.locale || 'zh-CN',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) page.problems.push(m.text());
  });
  page.setDefaultTimeout(15000);
  return page;
}

// Signs in through the form; resolves once the navigation shows.
export async function signIn(page, user, password = PASSWORD) {
  await page.goto(`${BASE}/#/login`);
  await page.locator('form input[name="name"]').fill(user);
  await page.locator('form input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.locator('#nav').waitFor({ state: 'visible' });
}

// GET of an API path with the page's session: {status, body}.
export async function apiGet(page, p, query = {}) {
  const u = new URL(p, BASE);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, String(v));
  if (!u.searchParams.has('lang')) u.searchParams.set('lang', 'en');
  const res = await page.request.get(u.toString());
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  return { status: res.status(), body };
}

export async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// Waits until the page for the current address has finished rendering
// (app.js sets main[data-rendered] to the address it rendered).
export async function settled(page) {
  await page.waitForFunction(() => {
    const m = document.getElementById('main');
    return m && !m.hasAttribute('aria-busy') &&
      m.dataset.rendered === location.pathname + location.search + location.hash;
  });
}
