// login.js - sign-in (POST /api/login).
import { h } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { form, field } from '../forms.js';

export async function render(root, ctx) {
  const controls = [
    await field({ key: 'name', type: 'text', label: t('login.name'), autocomplete: 'username', required: true }),
    await field({ key: 'password', type: 'password', label: t('login.password'), required: true }),
  ];
  const f = form({
    label: t('login.title'),
    controls,
    submit: t('login.submit'),
    class: 'login-form',
    onsubmit: async (el) => {
      const name = el.elements.namedItem('name').value.trim();
      const password = el.elements.namedItem('password').value;
      try {
        await api.login(name, password);
      } catch (err) {
        if (err.status === 401) throw new Error(t('login.bad'));
        if (err.status === 429) throw new Error(t('login.throttled', { seconds: err.retryAfter || '?' }));
        throw err;
      }
      const afterUrl = sessionStorage.getItem('lika.after.url');
      const after = sessionStorage.getItem('lika.after') || '#/dashboard';
      sessionStorage.removeItem('lika.after');
      sessionStorage.removeItem('lika.after.url');
      if (afterUrl) location.href = afterUrl;
      else ctx.navigate(after === '#/login' ? '#/dashboard' : after);
      return undefined;
    },
  });
  root.append(h('section', { class: 'login' }, h('h1', {}, t('login.title')), f));
  f.querySelector('input').focus();
}
