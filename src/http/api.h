/*
 * api.h - what an HTTP API handler sees: the request, the response, the
 * route table and the helpers to read parameters and bodies.
 *
 * Adding an endpoint is one handler function and one table row:
 *
 *   1. Write the handler in src/http/api_<area>.c:
 *
 *        int api_thing_show(struct http_req *r)
 *        {
 *                const char *id = http_param(r, "id");   // from :id
 *                int year;
 *                int rc;
 *
 *                if ((rc = http_query_int(r, "year", 1949, 2100, 2020,
 *                                         &year)))
 *                        return rc;                       // -> 400
 *                return lk_view_thing(r->ctx, id, year, r->lang, r->out);
 *        }
 *
 *      It calls services (or a src/view/ body shared with the CLI's
 *      --json) with r->ctx, whose scope, helper cadre and masking are
 *      already set from the signed-in account, and writes the JSON body
 *      into r->out.  It returns 0 (status 200, or r->status if set, e.g.
 *      201) or an LK_E* code: the router then answers with the error body
 *      {"error":{"code","status","message","field"}} from r->ctx->err and
 *      the HTTP status of http_status_of() (LK_EUSAGE 400, LK_EINVAL 422,
 *      LK_ENOTFOUND 404, LK_ECONFLICT 409, LK_EPERM 403, LK_ETOOBIG 413,
 *      LK_EBUSY 503, else 500).  Memory for the request comes from
 *      r->arena (freed after the response); never keep pointers past the
 *      handler.
 *
 *   2. Declare it below and add one row to the table in src/http/routes.c:
 *
 *        {"GET", "/api/things/:id", api_thing_show, 0, 0},
 *
 *      flags: HR_PUBLIC (no sign-in needed), HR_NO_CSRF (a state-changing
 *      method that needs no CSRF token: only login), HR_READ (a handler
 *      that only reads, run in one read transaction); roles: a mask of
 *      LK_ROLE_BIT() (account/account.h) allowed to call it, 0 = every
 *      role (LK_ROLES_WRITE = all but viewer).  Every other route needs a
 *      session (401 without) and, for POST/PUT/PATCH/DELETE, the
 *      X-CSRF-Token header of the session (403 without).
 *
 *   3. Document it in docs/api.md and docs/openapi.json; tests/api/
 *      validates live responses against the OpenAPI schema.
 *
 * Patterns are literal segments and ":name" segments (one non-empty path
 * segment, URL-decoded, at most HTTP_MAX_PARAMS per route).  A path that
 * matches a route of another method gets 405 with Allow.
 */
#ifndef LK_HTTP_API_H
#define LK_HTTP_API_H

#include <jansson.h>
#include <stddef.h>

#include "account/account.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/ctx.h"
#include "core/i18n.h"

#define HTTP_MAX_PARAMS 4
#define HTTP_MAX_QUERY 32
#define HTTP_MAX_SEGMENTS 16
#define HTTP_PATH_MAX 2048
#define HTTP_JSON_DEPTH 32

struct http_kv {
	const char *key, *value; /* URL-decoded, in the request arena */
};

struct http_req {
	/* ---- input (set by the server) */
	const char *method;	    /* "GET", "POST", ... */
	const char *path;	    /* URL-decoded path, no query */
	const char *raw_query;	    /* after '?'; NULL when the server
				       filled query[] already */
	const char *body;	    /* request body (NUL-terminated) or NULL */
	size_t body_len;
	const char *address;	    /* client address ("127.0.0.1") */
	int secure;		    /* TLS or X-Forwarded-Proto: https */
	/* header lookup (case-insensitive name); NULL if absent */
	const char *(*header)(void *conn, const char *name);
	void *conn;
	struct lk_arena *arena;	    /* request-scoped memory */
	struct lk_ctx *ctx;	    /* the worker's context, per request */

	/* ---- set by the router */
	const char *param_name[HTTP_MAX_PARAMS];
	const char *param[HTTP_MAX_PARAMS];
	int nparam;
	struct http_kv query[HTTP_MAX_QUERY];
	int nquery;
	const struct lk_account *account; /* NULL if not signed in */
	const char *token;	    /* the session cookie's token or NULL */
	char csrf[LK_TOKEN_MAX];    /* the session's CSRF token or "" */
	enum lk_lang lang;	    /* of the response */
	json_t *json;		    /* parsed body (http_json_body) */

	/* ---- output */
	int status;		    /* 0 = 200 on success */
	struct lk_buf *out;	    /* the body */
	const char *content_type;   /* NULL = application/json */
	char set_cookie[256];	    /* a Set-Cookie value or "" */
	int retry_after;	    /* seconds for Retry-After, 0 = none */
	char allow[64];		    /* Allow header for 405 */
	char disposition[256];	    /* Content-Disposition of a download
				       or "" (http_download) */
	int document;		    /* an HTML document lika wrote: its
				       own Content-Security-Policy */
	struct lk_account acct_store; /* storage behind account */
};

enum {
	HR_PUBLIC = 1,	/* no session needed */
	HR_NO_CSRF = 2, /* state-changing but no CSRF token (login) */
	/* the handler only reads: the session check and the handler run
	 * in one read transaction (one snapshot and one lock for all
	 * their queries, store/db.h db_begin_read); it must not write (an
	 * unmasked read's audit record is queued by the server,
	 * audit/audit.h) */
	HR_READ = 4,
};

struct http_route {
	const char *method;
	const char *pattern;
	int (*fn)(struct http_req *r);
	unsigned flags;
	unsigned roles; /* LK_ROLE_BIT mask, 0 = every role */
};

extern const struct http_route http_routes[];
extern const size_t http_nroutes;

/* ---- the router (router.c) ------------------------------------------ */

/* Answers r with the route table: sets r->status and r->out (always a
 * complete response, an error body on failure).  Cannot fail visibly. */
void http_dispatch(struct http_req *r, const struct http_route *routes,
		   size_t nroutes);

/* HTTP status of an LK_E* code (see above). */
int http_status_of(int rc);
/* Replaces r->out with the error body of rc (message from r->ctx->err if
 * it belongs to rc, else lk_strerror(rc)) and sets r->status (to status
 * if non-zero, else http_status_of(rc)). */
void http_error(struct http_req *r, int rc, int status);
/* The same with one more member "key": json (a JSON value) beside
 * "error" (the import's row errors). */
void http_error_with(struct http_req *r, int rc, int status, const char *key,
		     const char *json);

/* Decodes %XX and (with plus != 0) '+' as space, in place.  LK_EINVAL
 * for a bad escape or an encoded NUL. */
int http_url_decode(char *s, int plus);
/* Parses r->raw_query into r->query (a copy in r->arena); with raw_query
 * NULL keeps the query[] the server filled (nquery > HTTP_MAX_QUERY
 * meaning too many).  LK_EUSAGE for a bad escape or more than
 * HTTP_MAX_QUERY parameters. */
int http_parse_query(struct http_req *r);
/* Matches path against pattern; on a match fills r->param* (arena
 * copies) and returns 1, else 0. */
int http_match(struct http_req *r, const char *pattern, const char *path);

/* ---- parameters and bodies ------------------------------------------ */

/* A :param of the route (NULL if the route has none of that name). */
const char *http_param(const struct http_req *r, const char *name);
/* A query parameter (the first of that name), NULL if absent; "" when
 * given empty. */
const char *http_query(const struct http_req *r, const char *name);
/* An integer query parameter in [min, max]; def when absent or empty.
 * LK_EUSAGE with a message naming the parameter otherwise. */
int http_query_int(struct http_req *r, const char *name, long long min,
		   long long max, long long def, long long *out);
/* The request body as a JSON object (parsed once, owned by r).
 * LK_EUSAGE (400) for a missing, malformed or non-object body, naming
 * the line and column. */
int http_json_body(struct http_req *r, json_t **out);
/* The text of member key of obj as user input: a string as is, a number
 * as decimal text, true/false as "1"/"0", an array of strings joined
 * with ';', null or absent as NULL.  Copied into r->arena.  LK_EINVAL
 * (field = key) for an object or a nested array. */
int http_json_text(struct http_req *r, json_t *obj, const char *key,
		   const char **out);
/* Same, LK_EINVAL "KEY is required" (field = key) when absent or
 * empty. */
int http_json_need(struct http_req *r, json_t *obj, const char *key,
		   const char **out);

/* Marks the response a file download named filename (ASCII letters,
 * digits, '.', '-', '_'; anything else becomes '_') of content type
 * type. */
void http_download(struct http_req *r, const char *type,
		   const char *filename);

/* ---- multipart/form-data (multipart.c) ------------------------------ */

#define HTTP_MAX_PARTS 16

struct http_part {
	const char *name;     /* form field name (arena copy) */
	const char *filename; /* NULL for plain fields */
	const char *data;     /* into the request body; not NUL-terminated */
	size_t len;
};

/* Splits the multipart/form-data body of r into parts (at most
 * HTTP_MAX_PARTS).  LK_EUSAGE (400) naming what is wrong: not multipart,
 * no boundary, a malformed part. */
int http_multipart(struct http_req *r, struct http_part *parts, size_t *n);

/* ---- handlers -------------------------------------------------------- */

/* api_auth.c */
int api_login(struct http_req *r);
int api_logout(struct http_req *r);
int api_me(struct http_req *r);
int api_users_list(struct http_req *r);
int api_users_add(struct http_req *r);

/* api_registry.c */
int api_codes(struct http_req *r);
int api_regions_list(struct http_req *r);
int api_region_show(struct http_req *r);
int api_households_list(struct http_req *r);
int api_household_show(struct http_req *r);
int api_household_add(struct http_req *r);
int api_household_edit(struct http_req *r);
int api_household_history(struct http_req *r);
int api_household_assess(struct http_req *r);
int api_assess(struct http_req *r);
int api_member_add(struct http_req *r);
int api_member_edit(struct http_req *r);
int api_member_remove(struct http_req *r);
int api_income_set(struct http_req *r);

/* api_policy.c */
int api_checks(struct http_req *r);
int api_procedures_list(struct http_req *r);
int api_procedure_show(struct http_req *r);
int api_procedure_start(struct http_req *r);
int api_procedure_step(struct http_req *r);
int api_procedure_cancel(struct http_req *r);
int api_notices_list(struct http_req *r);
int api_notice_show(struct http_req *r);
int api_notice_print(struct http_req *r);
int api_notice_create(struct http_req *r);
int api_notice_object(struct http_req *r);
int api_notice_resolve(struct http_req *r);
int api_notice_close(struct http_req *r);

/* api_work.c */
int api_work_list(struct http_req *r);
int api_work_show(struct http_req *r);
int api_work_add(struct http_req *r);
int api_work_edit(struct http_req *r);
int api_work_remove(struct http_req *r);
int api_visit_coverage(struct http_req *r);
int api_fund_balance(struct http_req *r);
/* api_report.c */
int api_indicators_list(struct http_req *r);
int api_indicators(struct http_req *r);
int api_indicators_children(struct http_req *r);
int api_drill(struct http_req *r);
int api_report_annual(struct http_req *r);
int api_report_household(struct http_req *r);

/* api_io.c */
int api_export(struct http_req *r);
int api_import(struct http_req *r);

#endif
