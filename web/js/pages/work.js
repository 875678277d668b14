// work.js - the team, party, funds and projects pages: the work records
// of their kinds (fields.js WORK_PAGES) with add and edit forms
// (GET/POST/PATCH /api/work/KIND), and for funds the balances
// (GET /api/work/fund/balance).
import { h, table, fmtNum } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { WORK_PAGES } from '../fields.js';
import { workSection } from '../workrec.js';

export async function render(root, ctx) {
  const kinds = WORK_PAGES[ctx.route];
  root.append(h('h1', {}, t(`nav.${ctx.route}`)));
  if (ctx.route === 'funds') {
    try {
      const d = await api.get('/api/work/fund/balance');
      root.append(h('section', { class: 'card' }, h('h2', {}, t('funds.balance')), table([
        { label: t('field.name'), key: 'name' },
        { label: t('field.amount'), render: (f) => fmtNum(f.amount, 2), num: true },
        { label: t('funds.disbursed'), render: (f) => fmtNum(f.disbursed, 2), num: true },
        { label: t('funds.left'), render: (f) => fmtNum(f.balance, 2), num: true },
        { label: t('funds.payments'), key: 'disbursements', num: true },
      ], d.funds || [], { caption: t('funds.balance'), empty: t('none') })));
    } catch {
      /* the balances are an extra; the lists below still work */
    }
  }
  const secs = kinds.map((k) => workSection(k, { region: ctx.user.region }));
  root.append(...secs);
  await Promise.all(secs.map((s) => s.ready));
}
