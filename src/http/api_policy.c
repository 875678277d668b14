/* api_policy.c - data-quality checks, procedures and public notices over
 * HTTP.  Bodies are the CLI's --json shapes (view/view.h); the request
 * bodies take the options of `lika procedure` and `lika notice` by their
 * long names.  Scope, masking and helper reach come with r->ctx. */
#include <stdint.h>
#include <string.h>

#include "core/num.h"
#include "http/api.h"
#include "procedure/notice.h"
#include "procedure/procedure.h"
#include "view/view.h"

#define LIST_LIMIT 50
#define LIST_MAX 1000
#define NOTICE_HOUSEHOLDS_MAX 1000

/* A query parameter, NULL when absent or empty. */
static const char *query(struct http_req *r, const char *name)
{
	const char *v = http_query(r, name);

	return v && *v ? v : NULL;
}

/* The :id of the route as a positive integer (404 otherwise: no record
 * has that id). */
static int path_id(struct http_req *r, const char *what, int64_t *id)
{
	const char *s = http_param(r, "id");

	if (!s || lk_parse_int64(s, 1, INT64_MAX, id))
		return lk_err_set(&r->ctx->err, LK_ENOTFOUND, _("no %s %s"),
				  what, s ? s : "");
	return 0;
}

/* LK_EINVAL naming field (the member of the request body). */
static int bad_field(struct http_req *r, const char *field, const char *msg)
{
	lk_err_set(&r->ctx->err, LK_EINVAL, "%s: %s", field, msg);
	r->ctx->err.field = field;
	return LK_EINVAL;
}

/* An integer member of body in [0, 1000000]; *out = -1 when absent. */
static int json_count(struct http_req *r, json_t *body, const char *key,
		      const char *alias, int *out)
{
	const char *v;
	int64_t n;
	int rc;

	*out = -1;
	if ((rc = http_json_text(r, body, key, &v)))
		return rc;
	if (!v && alias && (rc = http_json_text(r, body, alias, &v)))
		return rc;
	if (!v)
		return 0;
	if (lk_parse_int64(v, 0, 1000000, &n))
		return bad_field(r, json_object_get(body, key) ? key : alias,
				 _("needs a whole number from 0"));
	*out = (int)n;
	return 0;
}

/* Names the field of a service's LK_EINVAL when it did not: the first of
 * the candidates its message mentions. */
static int with_field(struct http_req *r, int rc, const char *const *keys)
{
	const char *msg;
	size_t i;

	if (rc != LK_EINVAL || r->ctx->err.field)
		return rc;
	msg = lk_err_msg(&r->ctx->err);
	for (i = 0; keys[i]; i++)
		if (strstr(msg, keys[i])) {
			r->ctx->err.field = keys[i];
			break;
		}
	return rc;
}

/* ---- checks ------------------------------------------------------------ */

int api_checks(struct http_req *r)
{
	struct lk_view_check q;
	long long year;
	int rc;

	memset(&q, 0, sizeof q);
	if ((rc = http_query_int(r, "year", 1949, 2100, 0, &year)))
		return rc;
	q.region = query(r, "region");
	q.rules = query(r, "rule");
	q.household = query(r, "household");
	q.year = (int)year;
	q.show_ids = !r->ctx->mask;
	rc = lk_view_check(r->ctx, &q, r->out, NULL, NULL, NULL);
	if (rc == LK_EINVAL) /* a bad parameter, before any finding */
		r->ctx->err.code = rc = LK_EUSAGE;
	return rc;
}

/* ---- procedures -------------------------------------------------------- */

int api_procedures_list(struct http_req *r)
{
	struct lk_proc_filter f;
	enum lk_proc_kind k;
	long long limit, offset;
	const char *kind;
	int rc;

	memset(&f, 0, sizeof f);
	f.kind = -1;
	if ((rc = http_query_int(r, "limit", 1, LIST_MAX, LIST_LIMIT,
				 &limit)) ||
	    (rc = http_query_int(r, "offset", 0, 1000000000, 0, &offset)))
		return rc;
	if ((kind = query(r, "kind"))) {
		if (lk_proc_kind_parse(kind, &k))
			return lk_err_set(&r->ctx->err, LK_EUSAGE,
					  _("query parameter kind: unknown "
					    "kind %s"),
					  kind);
		f.kind = (int)k;
	}
	f.region = query(r, "region");
	f.household_no = query(r, "household");
	f.state = query(r, "state");
	return lk_view_procedures(r->ctx, &f, (int)limit, (int)offset,
				  r->lang, 0, r->out);
}

int api_procedure_show(struct http_req *r)
{
	int64_t id;
	int rc;

	if ((rc = path_id(r, "procedure", &id)))
		return rc;
	return lk_view_procedure(r->ctx, id, r->lang, r->out);
}

int api_procedure_start(struct http_req *r)
{
	static const char *const fields[] = {"date", "category", "risk",
					     "year", "household", NULL};
	struct lk_proc_new p;
	const char *kind, *year;
	json_t *body;
	int64_t id, y = 0;
	int rc;

	memset(&p, 0, sizeof p);
	if ((rc = http_json_body(r, &body)) ||
	    (rc = http_json_need(r, body, "household", &p.household_no)) ||
	    (rc = http_json_need(r, body, "kind", &kind)) ||
	    (rc = http_json_text(r, body, "year", &year)) ||
	    (rc = http_json_text(r, body, "date", &p.date)) ||
	    (rc = http_json_text(r, body, "category", &p.category)) ||
	    (rc = http_json_text(r, body, "risks", &p.risk_types)) ||
	    (rc = http_json_text(r, body, "notes", &p.notes)))
		return rc;
	if (!p.risk_types &&
	    (rc = http_json_text(r, body, "risk_types", &p.risk_types)))
		return rc;
	if (lk_proc_kind_parse(kind, &p.kind))
		return bad_field(r, "kind", _("unknown kind"));
	if (year && lk_parse_int64(year, 1949, 2100, &y))
		return bad_field(r, "year", _("needs a year"));
	p.year = (int)y;
	if ((rc = lk_proc_start(r->ctx, &p, &id)))
		return with_field(r, rc, fields);
	r->status = 201;
	return lk_view_procedure(r->ctx, id, r->lang, r->out);
}

int api_procedure_step(struct http_req *r)
{
	static const char *const fields[] = {"date", "outcome", "attending",
					     "members", "override", "step",
					     NULL};
	struct lk_step_in in;
	json_t *body;
	int64_t id;
	int rc;

	lk_step_in_init(&in);
	if ((rc = path_id(r, "procedure", &id)) ||
	    (rc = http_json_body(r, &body)) ||
	    (rc = http_json_text(r, body, "step", &in.step)) ||
	    (rc = http_json_text(r, body, "date", &in.date)) ||
	    (rc = http_json_text(r, body, "actor", &in.actor)) ||
	    (rc = http_json_text(r, body, "outcome", &in.outcome)) ||
	    (rc = http_json_text(r, body, "notes", &in.notes)) ||
	    (rc = http_json_text(r, body, "override",
				 &in.override_reason)) ||
	    (rc = json_count(r, body, "members", NULL, &in.members)) ||
	    (rc = json_count(r, body, "attending", NULL, &in.attending)) ||
	    (rc = json_count(r, body, "for", "votes_for", &in.votes_for)) ||
	    (rc = json_count(r, body, "against", "votes_against",
			     &in.votes_against)))
		return rc;
	if ((rc = lk_proc_step(r->ctx, id, &in)))
		return with_field(r, rc, fields);
	return lk_view_procedure(r->ctx, id, r->lang, r->out);
}

int api_procedure_cancel(struct http_req *r)
{
	static const char *const fields[] = {"date", "reason", NULL};
	const char *reason, *date;
	json_t *body;
	int64_t id;
	int rc;

	if ((rc = path_id(r, "procedure", &id)) ||
	    (rc = http_json_body(r, &body)) ||
	    (rc = http_json_need(r, body, "reason", &reason)) ||
	    (rc = http_json_text(r, body, "date", &date)))
		return rc;
	if ((rc = lk_proc_cancel(r->ctx, id, date, reason)))
		return with_field(r, rc, fields);
	return lk_view_procedure(r->ctx, id, r->lang, r->out);
}

/* ---- notices ----------------------------------------------------------- */

int api_notices_list(struct http_req *r)
{
	struct lk_notice_filter f;
	long long limit, offset, open;
	int rc;

	memset(&f, 0, sizeof f);
	if ((rc = http_query_int(r, "limit", 1, LIST_MAX, LIST_LIMIT,
				 &limit)) ||
	    (rc = http_query_int(r, "offset", 0, 1000000000, 0, &offset)) ||
	    (rc = http_query_int(r, "open", 0, 1, 0, &open)))
		return rc;
	f.region = query(r, "region");
	f.open_only = (int)open;
	return lk_view_notices(r->ctx, &f, (int)limit, (int)offset, 0, r->out);
}

int api_notice_show(struct http_req *r)
{
	int64_t id;
	int rc;

	if ((rc = path_id(r, "notice", &id)))
		return rc;
	return lk_view_notice(r->ctx, id, r->out);
}

/* Splits the household numbers ("a,b" or a list) into the arena. */
static int split_households(struct http_req *r, const char *s,
			    const char ***v, size_t *n)
{
	size_t cap = 1, i;
	char *copy, *p, *save = NULL;

	for (i = 0; s[i]; i++)
		cap += s[i] == ',' || s[i] == ';';
	if (cap > NOTICE_HOUSEHOLDS_MAX)
		return bad_field(r, "households", _("too many households"));
	copy = lk_arena_strdup(r->arena, s);
	*v = lk_arena_alloc(r->arena, cap * sizeof **v);
	if (!copy || !*v)
		return LK_ENOMEM;
	*n = 0;
	for (p = strtok_r(copy, ",;", &save); p;
	     p = strtok_r(NULL, ",;", &save))
		(*v)[(*n)++] = p;
	return 0;
}

int api_notice_create(struct http_req *r)
{
	static const char *const fields[] = {"start", "village", "step",
					     "households", NULL};
	struct lk_notice_new nn;
	const char *kind, *hh, **v = NULL;
	json_t *body;
	int64_t id;
	int rc;

	memset(&nn, 0, sizeof nn);
	if ((rc = http_json_body(r, &body)) ||
	    (rc = http_json_need(r, body, "village", &nn.village)) ||
	    (rc = http_json_need(r, body, "kind", &kind)) ||
	    (rc = http_json_text(r, body, "step", &nn.step)) ||
	    (rc = http_json_text(r, body, "households", &hh)) ||
	    (rc = http_json_text(r, body, "start", &nn.start)) ||
	    (rc = http_json_text(r, body, "actor", &nn.actor)) ||
	    (rc = http_json_text(r, body, "contact", &nn.contact)))
		return rc;
	if (lk_proc_kind_parse(kind, &nn.kind))
		return bad_field(r, "kind", _("unknown kind"));
	if (hh) {
		if ((rc = split_households(r, hh, &v, &nn.nhouseholds)))
			return rc;
		nn.households = v;
	}
	if ((rc = lk_notice_create(r->ctx, &nn, &id)))
		return with_field(r, rc, fields);
	r->status = 201;
	return lk_view_notice(r->ctx, id, r->out);
}

int api_notice_object(struct http_req *r)
{
	static const char *const fields[] = {"date", "household", "text",
					     NULL};
	const char *text, *hh, *by, *date;
	json_t *body;
	int64_t id, oid;
	int rc;

	if ((rc = path_id(r, "notice", &id)) ||
	    (rc = http_json_body(r, &body)) ||
	    (rc = http_json_need(r, body, "text", &text)) ||
	    (rc = http_json_text(r, body, "household", &hh)) ||
	    (rc = http_json_text(r, body, "by", &by)) ||
	    (rc = http_json_text(r, body, "date", &date)))
		return rc;
	if ((rc = lk_notice_object(r->ctx, id, hh, date, by, text, &oid)))
		return with_field(r, rc, fields);
	r->status = 201;
	return lk_view_objection(oid, id, "open", r->out);
}

int api_notice_resolve(struct http_req *r)
{
	static const char *const fields[] = {"date", "reasons", NULL};
	struct lk_notice n;
	const char *oids, *outcome, *reasons, *date;
	json_t *body;
	int64_t id, oid;
	size_t i;
	int rc, upheld;

	if ((rc = path_id(r, "notice", &id)) ||
	    (rc = http_json_body(r, &body)) ||
	    (rc = http_json_need(r, body, "objection", &oids)) ||
	    (rc = http_json_need(r, body, "outcome", &outcome)) ||
	    (rc = http_json_need(r, body, "reasons", &reasons)) ||
	    (rc = http_json_text(r, body, "date", &date)))
		return rc;
	if (lk_parse_int64(oids, 1, INT64_MAX, &oid))
		return bad_field(r, "objection", _("needs an objection id"));
	if (strcmp(outcome, "upheld") == 0)
		upheld = 1;
	else if (strcmp(outcome, "dismissed") == 0)
		upheld = 0;
	else
		return bad_field(r, "outcome", _("upheld or dismissed"));
	/* the objection must be one of this notice's (inside the scope) */
	if ((rc = lk_notice_get(r->ctx, id, r->arena, &n)))
		return rc;
	for (i = 0; i < n.nobjections && n.objections[i].id != oid; i++)
		;
	if (i == n.nobjections)
		return bad_field(r, "objection",
				 _("not an objection to this notice"));
	if ((rc = lk_notice_resolve(r->ctx, oid, upheld, reasons, date)))
		return with_field(r, rc, fields);
	return lk_view_objection(oid, id, upheld ? "upheld" : "dismissed",
				 r->out);
}

int api_notice_close(struct http_req *r)
{
	static const char *const fields[] = {"date", NULL};
	const char *date = NULL;
	json_t *body;
	int64_t id;
	int rc;

	if ((rc = path_id(r, "notice", &id)))
		return rc;
	if (r->body_len) {
		if ((rc = http_json_body(r, &body)) ||
		    (rc = http_json_text(r, body, "date", &date)))
			return rc;
	}
	if ((rc = lk_notice_close(r->ctx, id, date)))
		return with_field(r, rc, fields);
	return lk_view_notice(r->ctx, id, r->out);
}

int api_notice_print(struct http_req *r)
{
	const char *format = query(r, "format");
	enum lk_notice_format f = LK_NOTICE_HTML;
	int64_t id;
	int rc;

	if ((rc = path_id(r, "notice", &id)))
		return rc;
	if (format && strcmp(format, "md") == 0)
		f = LK_NOTICE_MD;
	else if (format && strcmp(format, "html") != 0)
		return lk_err_set(&r->ctx->err, LK_EUSAGE,
				  _("query parameter format: html or md"));
	if ((rc = lk_notice_print(r->ctx, id, f, r->out)))
		return rc;
	r->content_type = f == LK_NOTICE_HTML ? "text/html; charset=utf-8"
					      : "text/markdown; charset=utf-8";
	return 0;
}
