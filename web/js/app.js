// app.js - start-up, the session and the router.
//
// Routes are location.hash paths: #/NAME[/ARG][?QUERY].  Each page is a
// module web/js/pages/NAME.js exporting render(root, ctx) (ctx: {arg,
// query, user, navigate}); it may return a cleanup function (timers,
// charts) that runs before the next page.  drill.html is the same shell
// that shows the drill-down page for its ?name=&region=&year= (the links
// of the annual report and of the dashboard's charts).

import * as api from './api.js';
import { t, applyStatic, lang, setLang } from './i18n.js';

const PAGES = {
  login: 'login', dashboard: 'dashboard', drill: 'drill',
  households: 'households', household: 'household',
  procedures: 'procedures', procedure: 'procedure',
  notices: 'notices', notice: 'notice', checks: 'checks',
  report: 'report', import: 'import',
  team: 'work', party: 'work', funds: 'work', projects: 'work',
};

const main = document.getElementById('main');
let cleanup = null;
let renderSeq = 0;

function isDrillPage() {
  return location.pathname.endsWith('/drill.html');
}

function parseRoute() {
  if (isDrillPage() && (!location.hash || location.hash === '#')) {
    return { name: 'drill', arg: '', query: new URLSearchParams(location.search) };
  }
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, qs] = raw.split('?');
  const [name, ...rest] = path.split('/');
  return {
    name: name || 'dashboard',
    arg: rest.length ? decodeURIComponent(rest.join('/')) : '',
    query: new URLSearchParams(qs || ''),
  };
}

export function navigate(hash) {
  if (isDrillPage() && hash.startsWith('#/') && !hash.startsWith('#/drill')) {
    location.href = `/${hash}`;
  } else if (location.hash === hash) {
    render();
  } else {
    location.hash = hash;
  }
}

function updateShell() {
  const user = api.currentUser();
  document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
  applyStatic(document);
  const sw = document.getElementById('lang-switch');
  // The switch names the other language in that language.
  sw.textContent = t('lang.other');
  sw.setAttribute('lang', lang() === 'zh' ? 'en' : 'zh-CN');
  sw.setAttribute('aria-label', t('lang.switch'));
  document.getElementById('nav').hidden = !user;
  document.getElementById('logout').hidden = !user;
  document.getElementById('who').textContent = user
    ? t('who', { name: user.name, role: t(`role.${user.role}`), region: user.region_name || user.region || '' })
    : '';
  const route = parseRoute().name;
  const page = route === 'household' ? 'households' : route === 'procedure' ? 'procedures'
    : route === 'notice' ? 'notices' : route;
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.route === page) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function render() {
  const seq = ++renderSeq;
  const route = parseRoute();
  let user = api.currentUser();
  if (!user && route.name !== 'login') {
    sessionStorage.setItem('lika.after', location.hash || '#/dashboard');
    if (isDrillPage()) sessionStorage.setItem('lika.after.url', location.href);
    navigate('#/login');
    return;
  }
  if (user && route.name === 'login') {
    navigate('#/dashboard');
    return;
  }
  if (cleanup) {
    try {
      cleanup();
    } catch { /* a page's cleanup must not stop the next page */ }
    cleanup = null;
  }
  updateShell();
  const file = PAGES[route.name] || null;
  // Each render writes into its own view, so a slow page that finishes
  // after the user moved on writes into a detached element.
  const view = document.createElement('div');
  view.className = 'view';
  main.replaceChildren(view);
  main.setAttribute('aria-busy', 'true');
  delete main.dataset.rendered;
  try {
    if (!file) throw new Error(t('error.no_page', { name: route.name }));
    const mod = await import(`./pages/${file}.js`);
    if (seq !== renderSeq) return;
    const ret = await mod.render(view, { ...route, route: route.name, user, navigate });
    if (seq !== renderSeq) {
      if (typeof ret === 'function') ret();
      return;
    }
    if (typeof ret === 'function') cleanup = ret;
  } catch (err) {
    if (seq !== renderSeq) return;
    view.replaceChildren();
    const p = document.createElement('p');
    p.className = 'msg msg-error';
    p.setAttribute('role', 'alert');
    p.textContent = err.status === 404 ? t('error.not_found', { message: err.message }) : err.message;
    view.appendChild(p);
  } finally {
    if (seq === renderSeq) main.removeAttribute('aria-busy');
  }
  // Tells the tests (and anything waiting) which address is on screen.
  main.dataset.rendered = location.pathname + location.search + location.hash;
  const h1 = main.querySelector('h1');
  document.title = h1 ? `${h1.textContent} - ${t('app.name')}` : t('app.name');
  // Move focus to the new page (announced by screen readers); not on the
  // first load, where the skip link should stay the first stop.
  if (render.loaded && h1) {
    h1.setAttribute('tabindex', '-1');
    h1.focus({ preventScroll: false });
  }
  render.loaded = true;
}

async function start() {
  applyStatic(document);
  document.getElementById('lang-switch').addEventListener('click', () => {
    setLang(lang() === 'zh' ? 'en' : 'zh');
    render();
  });
  document.getElementById('logout').addEventListener('click', async () => {
    try {
      await api.logout();
    } catch { /* signed out locally either way */ }
    navigate('#/login');
  });
  // The skip link moves focus without touching the route in the hash.
  document.querySelector('.skip').addEventListener('click', (ev) => {
    ev.preventDefault();
    main.focus();
  });
  window.addEventListener('hashchange', () => {
    if (location.hash === '' || location.hash.startsWith('#/')) render();
  });
  window.addEventListener('lika:unauthorized', () => {
    // The session expired: sign in again, then come back here.
    if (parseRoute().name !== 'login') sessionStorage.setItem('lika.after', location.hash || '#/dashboard');
    navigate('#/login');
  });
  try {
    await api.loadMe();
  } catch (err) {
    main.textContent = err.message;
  }
  render();
}

start();
