/* router.c - route matching, parameters, sign-in, CSRF and error bodies
 * of the HTTP API (http/api.h). */
#include "http/api.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/json.h"
#include "core/num.h"
#include "store/db.h"

int http_status_of(int rc)
{
	switch (rc) {
	case LK_EUSAGE: return 400;
	case LK_EINVAL:
	case LK_ERANGE: return 422;
	case LK_ENOTFOUND: return 404;
	case LK_ECONFLICT: return 409;
	case LK_EPERM: return 403;
	case LK_ETOOBIG: return 413;
	case LK_EBUSY: return 503;
	case LK_ENOTSUP: return 501;
	default: return 500;
	}
}

void http_error(struct http_req *r, int rc, int status)
{
	const struct lk_err *e = &r->ctx->err;
	const char *msg = e->code == rc ? lk_err_msg(e) : lk_strerror(rc);
	const char *field = e->code == rc ? e->field : NULL;

	r->status = status ? status : http_status_of(rc);
	r->content_type = NULL;
	lk_buf_reset(r->out);
	if (lk_buf_printf(r->out,
			  "{\"error\":{\"code\":%d,\"status\":%d,"
			  "\"message\":",
			  -rc, lk_exit_code(rc)) ||
	    lk_json_str(r->out, msg) || lk_buf_adds(r->out, ",\"field\":") ||
	    lk_json_str(r->out, field) || lk_buf_adds(r->out, "}}\n")) {
		/* the buffer was freed: a body that always fits */
		r->status = 500;
		lk_buf_adds(r->out, "{\"error\":{\"code\":1,\"status\":5,"
				    "\"message\":\"out of memory\","
				    "\"field\":null}}\n");
	}
}

void http_error_with(struct http_req *r, int rc, int status, const char *key,
		     const char *json)
{
	http_error(r, rc, status);
	/* the body ends with "}}\n": put the member before the last brace */
	if (r->out->len >= 2 && r->status != 500) {
		lk_buf_truncate(r->out, r->out->len - 2);
		if (lk_buf_adds(r->out, ",") || lk_json_str(r->out, key) ||
		    lk_buf_adds(r->out, ":") || lk_buf_adds(r->out, json) ||
		    lk_buf_adds(r->out, "}\n"))
			http_error(r, LK_ENOMEM, 500);
	}
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int http_url_decode(char *s, int plus)
{
	char *w = s;

	for (; *s; s++) {
		if (*s == '%') {
			int hi = hexval((unsigned char)s[1]), lo;
			if (hi < 0 || (lo = hexval((unsigned char)s[2])) < 0 ||
			    (hi == 0 && lo == 0))
				return LK_EINVAL;
			*w++ = (char)(hi * 16 + lo);
			s += 2;
		} else if (plus && *s == '+') {
			*w++ = ' ';
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
	return 0;
}

int http_parse_query(struct http_req *r)
{
	char *q, *p, *amp, *eq;

	if (r->nquery > HTTP_MAX_QUERY)
		return lk_err_set(&r->ctx->err, LK_EUSAGE,
				  _("too many query parameters (at most %d)"),
				  HTTP_MAX_QUERY);
	if (!r->raw_query) /* the server filled r->query itself */
		return 0;
	r->nquery = 0;
	if (!*r->raw_query)
		return 0;
	if (!(q = lk_arena_strdup(r->arena, r->raw_query)))
		return LK_ENOMEM;
	for (p = q; p && *p; p = amp) {
		if ((amp = strchr(p, '&')))
			*amp++ = '\0';
		if (!*p)
			continue;
		if (r->nquery == HTTP_MAX_QUERY)
			return lk_err_set(&r->ctx->err, LK_EUSAGE,
					  _("too many query parameters (at "
					    "most %d)"),
					  HTTP_MAX_QUERY);
		if ((eq = strchr(p, '=')))
			*eq++ = '\0';
		if (http_url_decode(p, 1) || (eq && http_url_decode(eq, 1)))
			return lk_err_set(&r->ctx->err, LK_EUSAGE,
					  _("bad escape in the query string"));
		r->query[r->nquery].key = p;
		r->query[r->nquery].value = eq ? eq : "";
		r->nquery++;
	}
	return 0;
}

int http_match(struct http_req *r, const char *pattern, const char *path)
{
	const char *p = pattern, *s = path;
	int n = 0;

	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return 0;
		p++;
		s++;
		size_t pl = strcspn(p, "/"), sl = strcspn(s, "/");
		if (*p == ':') {
			if (sl == 0 || n == HTTP_MAX_PARAMS)
				return 0;
			r->param_name[n] = lk_arena_strndup(r->arena, p + 1,
							    pl - 1);
			r->param[n] = lk_arena_strndup(r->arena, s, sl);
			if (!r->param_name[n] || !r->param[n])
				return 0;
			n++;
		} else if (pl != sl || memcmp(p, s, pl) != 0) {
			return 0;
		}
		p += pl;
		s += sl;
	}
	if (*p || *s)
		return 0;
	r->nparam = n;
	return 1;
}

const char *http_param(const struct http_req *r, const char *name)
{
	int i;

	for (i = 0; i < r->nparam; i++)
		if (strcmp(r->param_name[i], name) == 0)
			return r->param[i];
	return NULL;
}

const char *http_query(const struct http_req *r, const char *name)
{
	int i;

	for (i = 0; i < r->nquery; i++)
		if (strcmp(r->query[i].key, name) == 0)
			return r->query[i].value;
	return NULL;
}

int http_query_int(struct http_req *r, const char *name, long long min,
		   long long max, long long def, long long *out)
{
	const char *v = http_query(r, name);
	int64_t n;

	if (!v || !*v) {
		*out = def;
		return 0;
	}
	if (lk_parse_int64(v, min, max, &n))
		return lk_err_set(&r->ctx->err, LK_EUSAGE,
				  _("query parameter %s must be a whole "
				    "number from %lld to %lld"),
				  name, min, max);
	*out = n;
	return 0;
}

/* 1 if v nests at most HTTP_JSON_DEPTH deep (depth = v's own level). */
static int depth_ok(json_t *v, int depth)
{
	size_t i;
	const char *k;
	json_t *x;

	if (depth > HTTP_JSON_DEPTH)
		return 0;
	if (json_is_array(v)) {
		json_array_foreach(v, i, x) if (!depth_ok(x, depth + 1)) return 0;
	} else if (json_is_object(v)) {
		json_object_foreach(v, k, x) if (!depth_ok(x, depth + 1)) return 0;
	}
	return 1;
}

int http_json_body(struct http_req *r, json_t **out)
{
	json_error_t je;
	json_t *j;

	if (r->json) {
		*out = r->json;
		return 0;
	}
	if (!r->body || r->body_len == 0)
		return lk_err_set(&r->ctx->err, LK_EUSAGE,
				  _("the request needs a JSON body"));
	j = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je);
	if (!j)
		return lk_err_set(&r->ctx->err, LK_EUSAGE,
				  _("request body, line %d column %d: %s"),
				  je.line, je.column, je.text);
	if (!json_is_object(j) || !depth_ok(j, 1)) {
		json_decref(j);
		return lk_err_set(&r->ctx->err, LK_EUSAGE,
				  _("the request body must be a JSON "
				    "object nested at most %d deep"),
				  HTTP_JSON_DEPTH);
	}
	r->json = j;
	*out = j;
	return 0;
}

static int bad_value(struct http_req *r, const char *key)
{
	lk_err_set(&r->ctx->err, LK_EINVAL,
		   _("%s: expected a string, a number, true/false, null or "
		     "a list of strings"),
		   key);
	r->ctx->err.field = lk_arena_strdup(r->arena, key);
	return LK_EINVAL;
}

int http_json_text(struct http_req *r, json_t *obj, const char *key,
		   const char **out)
{
	json_t *v = json_object_get(obj, key);
	char num[64];
	const char *s = NULL;

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		s = json_string_value(v);
	} else if (json_is_integer(v)) {
		snprintf(num, sizeof num, "%lld",
			 (long long)json_integer_value(v));
		s = num;
	} else if (json_is_real(v)) {
		snprintf(num, sizeof num, "%.15g", json_real_value(v));
		s = num;
	} else if (json_is_boolean(v)) {
		s = json_is_true(v) ? "1" : "0";
	} else if (json_is_array(v)) {
		struct lk_buf b = LK_BUF_INIT(1u << 16);
		size_t i;
		json_t *x;
		int rc = 0;
		json_array_foreach(v, i, x)
		{
			if (!json_is_string(x)) {
				lk_buf_free(&b);
				return bad_value(r, key);
			}
			if ((i && (rc = lk_buf_addc(&b, ';'))) ||
			    (rc = lk_buf_adds(&b, json_string_value(x))))
				break;
		}
		if (rc) {
			lk_buf_free(&b);
			return lk_err_set(&r->ctx->err, rc, _("%s: too long"),
					  key);
		}
		*out = lk_arena_strdup(r->arena, lk_buf_str(&b));
		lk_buf_free(&b);
		return *out ? 0 : LK_ENOMEM;
	} else {
		return bad_value(r, key);
	}
	if (!(*out = lk_arena_strdup(r->arena, s)))
		return LK_ENOMEM;
	return 0;
}

int http_json_need(struct http_req *r, json_t *obj, const char *key,
		   const char **out)
{
	int rc;

	if ((rc = http_json_text(r, obj, key, out)))
		return rc;
	if (!*out || !**out) {
		lk_err_set(&r->ctx->err, LK_EINVAL, _("%s is required"), key);
		r->ctx->err.field = lk_arena_strdup(r->arena, key);
		return LK_EINVAL;
	}
	return 0;
}

/* ---- dispatch ------------------------------------------------------- */

/* The value of cookie name in a Cookie header, copied into the arena. */
static const char *cookie(struct http_req *r, const char *name)
{
	const char *h = r->header ? r->header(r->conn, "Cookie") : NULL;
	size_t n = strlen(name);

	while (h && *h) {
		while (*h == ' ' || *h == ';')
			h++;
		if (strncmp(h, name, n) == 0 && h[n] == '=') {
			h += n + 1;
			return lk_arena_strndup(r->arena, h, strcspn(h, ";"));
		}
		h = strchr(h, ';');
	}
	return NULL;
}

/* The language: ?lang, else the account's locale, else Accept-Language
 * (zh* -> zh_CN), else English. */
static enum lk_lang choose_lang(struct http_req *r)
{
	const char *q = http_query(r, "lang"), *al;
	enum lk_lang l;

	if (q && lk_lang_parse(q, &l) == 0)
		return l;
	if (r->account && r->account->locale[0] &&
	    lk_lang_parse(r->account->locale, &l) == 0)
		return l;
	al = r->header ? r->header(r->conn, "Accept-Language") : NULL;
	if (al) {
		while (*al == ' ')
			al++;
		if (strncasecmp(al, "zh", 2) == 0)
			return LK_LANG_ZH;
	}
	return LK_LANG_EN;
}

static int state_changing(const char *m)
{
	return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0;
}

/* Reads the session of the request's cookie into r->acct_store (0) or
 * fails (LK_ENOTFOUND without one).  Inside a read transaction (*reading
 * set) a write of the check (last_seen, deleting an expired session) may
 * meet a newer snapshot (LK_EBUSY): the check is then done again outside
 * it and the read begun anew (*reading cleared when that fails). */
static int session(struct http_req *r, char csrf[LK_TOKEN_MAX], int *reading)
{
	int rc;

	r->token = cookie(r, "lika_session");
	if (!r->token)
		return LK_ENOTFOUND;
	rc = lk_session_check(r->ctx, r->token, &r->acct_store, csrf);
	if (rc == LK_EBUSY && *reading) {
		db_rollback(r->ctx->db);
		*reading = 0;
		rc = lk_session_check(r->ctx, r->token, &r->acct_store, csrf);
		if (db_begin_read(r->ctx->db, &r->ctx->err) == 0)
			*reading = 1;
		else if (rc == 0)
			rc = lk_err_set(&r->ctx->err, LK_EBUSY,
					_("the ledger is busy: try again"));
	}
	return rc;
}

void http_dispatch(struct http_req *r, const struct http_route *routes,
		   size_t nroutes)
{
	const struct http_route *rt = NULL;
	char csrf[LK_TOKEN_MAX] = "";
	size_t i, an = 0;
	int rc, status = 0, reading = 0;

	r->status = 0;
	r->allow[0] = '\0';
	lk_err_clear(&r->ctx->err);
	if ((rc = http_parse_query(r))) {
		lk_i18n_set(r->lang = choose_lang(r));
		goto out;
	}
	lk_i18n_set(r->lang = choose_lang(r));
	for (i = 0; i < nroutes; i++) {
		if (!http_match(r, routes[i].pattern, r->path))
			continue;
		if (strcmp(routes[i].method, r->method) == 0 ||
		    (strcmp(r->method, "HEAD") == 0 &&
		     strcmp(routes[i].method, "GET") == 0)) {
			rt = &routes[i];
			break;
		}
		if (!strstr(r->allow, routes[i].method) &&
		    an + strlen(routes[i].method) + 3 < sizeof r->allow) {
			an += (size_t)snprintf(r->allow + an,
					       sizeof r->allow - an, "%s%s",
					       an ? ", " : "",
					       routes[i].method);
		}
	}
	if (!rt) {
		if (r->allow[0]) {
			rc = lk_err_set(&r->ctx->err, LK_EUSAGE,
					_("method %s is not allowed here "
					  "(allowed: %s)"),
					r->method, r->allow);
			status = 405;
			goto out;
		}
		rc = lk_err_set(&r->ctx->err, LK_ENOTFOUND,
				_("no such API endpoint: %s"), r->path);
		goto out;
	}
	/* a read-only route: the session and the handler's reads share one
	 * read transaction */
	if (rt->flags & HR_READ) {
		if ((rc = db_begin_read(r->ctx->db, &r->ctx->err)))
			goto out;
		reading = 1;
	}
	rc = session(r, csrf, &reading);
	if (rc && rc != LK_ENOTFOUND && !reading && (rt->flags & HR_READ))
		goto out; /* (the read could not begin again) */
	if (rc == 0) {
		r->account = &r->acct_store;
		lk_account_apply(r->account, r->ctx);
		if (!http_query(r, "lang"))
			lk_i18n_set(r->lang = choose_lang(r));
	}
	lk_err_clear(&r->ctx->err);
	rc = 0;
	if (!(rt->flags & HR_PUBLIC)) {
		if (!r->account) {
			rc = lk_err_set(&r->ctx->err, LK_EPERM,
					_("not signed in, or the session has "
					  "expired"));
			status = 401;
			goto out;
		}
		if (rt->roles && !(rt->roles & LK_ROLE_BIT(r->account->role))) {
			rc = lk_err_set(&r->ctx->err, LK_EPERM,
					_("a %s account may not do this"),
					lk_role_name(r->account->role));
			goto out;
		}
		if (state_changing(r->method) && !(rt->flags & HR_NO_CSRF) &&
		    !lk_csrf_equal(r->header ? r->header(r->conn,
							 "X-CSRF-Token")
					     : NULL,
				   csrf)) {
			rc = lk_err_set(&r->ctx->err, LK_EPERM,
					_("missing or wrong X-CSRF-Token "
					  "header"));
			goto out;
		}
	}
	memcpy(r->csrf, csrf, sizeof csrf);
	if ((rc = rt->fn(r))) {
		/* a handler may choose the status of its error (>= 400) */
		status = r->status >= 400 ? r->status : 0;
		goto out;
	}
	if (reading) {
		reading = 0;
		if ((rc = db_commit(r->ctx->db, &r->ctx->err))) {
			db_rollback(r->ctx->db);
			goto out;
		}
	}
	if (!r->status)
		r->status = 200;
out:
	if (reading)
		db_rollback(r->ctx->db); /* (a failed read: nothing to keep) */
	if (rc)
		http_error(r, rc, status);
}
