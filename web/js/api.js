// api.js - the only module that talks to lika's HTTP API (docs/api.md).
//
// Every request asks for the UI's language (?lang=en|zh_CN) so that the
// *_label fields and error messages follow the language switch.  Every
// state-changing request carries the CSRF token received from /api/login
// or /api/me.  Failures throw ApiError with the HTTP status and the error
// body's message, field (interchange key or null) and row errors (import).

import { apiLang } from './i18n.js';

let csrf = null;
let user = null;

export class ApiError extends Error {
  constructor(status, body, retryAfter) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.code = e.code ?? null;
    this.field = e.field ?? null;
    this.errors = (body && body.errors) || null;
    this.retryAfter = retryAfter || null;
  }
}

// The URL of an API path with its query (empty values left out) and lang.
export function url(path, query) {
  const u = new URL(path, location.origin);
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== '' && v !== null && v !== undefined) u.searchParams.set(k, String(v));
  }
  if (!u.searchParams.has('lang')) u.searchParams.set('lang', apiLang());
  return u.pathname + u.search;
}

// request(method, path, {query, body, form}): the parsed JSON answer, or
// the text for non-JSON answers; throws ApiError on a non-2xx status and
// on a network failure (status 0).
export async function request(method, path, opts = {}) {
  const headers = { Accept: 'application/json' };
  let body;
  if (opts.form) {
    body = opts.form;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch(url(path, opts.query), { method, headers, body, credentials: 'same-origin' });
  } catch (err) {
    throw new ApiError(0, { error: { message: String(err.message || err) } });
  }
  const type = res.headers.get('Content-Type') || '';
  let data = null;
  if (type.includes('json')) {
    try {
      data = await res.json();
    } catch {
      data = null;
    }
  } else {
    data = await res.text();
  }
  if (!res.ok) {
    if (res.status === 401 && path !== '/api/login' && path !== '/api/me') {
      user = null;
      window.dispatchEvent(new CustomEvent('lika:unauthorized'));
    }
    throw new ApiError(res.status, typeof data === 'object' ? data : null, res.headers.get('Retry-After'));
  }
  return data;
}

export const get = (path, query) => request('GET', path, { query });
export const post = (path, body, query) => request('POST', path, { body, query });
export const put = (path, body) => request('PUT', path, { body });
export const patch = (path, body) => request('PATCH', path, { body });
export const upload = (path, form) => request('POST', path, { form });

// Session ---------------------------------------------------------------

function setSession(data) {
  csrf = (data && data.csrf) || null;
  user = (data && data.user) || null;
  return user;
}

export async function login(name, password) {
  return setSession(await post('/api/login', { name, password }));
}

// The signed-in user, or null when there is no session.
export async function loadMe() {
  try {
    return setSession(await get('/api/me'));
  } catch (err) {
    if (err.status === 401) return setSession(null);
    throw err;
  }
}

export async function logout() {
  try {
    await post('/api/logout', {});
  } finally {
    setSession(null);
  }
}

export function currentUser() {
  return user;
}

// False for the read-only role (viewer): pages then offer no forms.
// The server decides in any case (403 for a write it refuses).
export function canWrite(u) {
  return Boolean(u) && u.role !== 'viewer';
}

// Code lists: [{code, label}] of a list, or null when the server has no
// code-list endpoint (the forms then take the code or label as text).
const codeCache = new Map();
export async function codes(list) {
  const key = `${apiLang()}:${list}`;
  if (!codeCache.has(key)) {
    codeCache.set(key, get(`/api/codes/${encodeURIComponent(list)}`)
      .then((d) => (d && Array.isArray(d.codes) ? d.codes : null))
      .catch(() => null));
  }
  return codeCache.get(key);
}

// True when the error means "this endpoint does not exist (yet)": a 404
// from the router, not a record outside the scope (the router's 404 has
// no error field naming a record; see docs/web.md).
export function isMissingEndpoint(err) {
  return err instanceof ApiError && (err.status === 404 || err.status === 405) &&
    /no such endpoint|not found: \/api|unknown endpoint|no route/i.test(err.message || '');
}
