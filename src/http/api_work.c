/* api_work.c - work records (src/work/work.h) over HTTP: every kind of
 * `lika cadre|pairing|visit|...` under /api/work/KIND, plus visit
 * coverage and fund balances.  Bodies are the CLI's --json shapes
 * (view/view.h); fields are given by their English key or Chinese
 * header and parsed by lk_work_set, like `--set KEY=VALUE`. */
#include <stdint.h>
#include <string.h>

#include "core/num.h"
#include "http/api.h"
#include "view/view.h"
#include "work/work.h"

#define LIST_LIMIT 50
#define LIST_MAX 1000

/* URL names that differ from a kind's name (the CLI's commands). */
static const struct {
	const char *url, *kind;
} aliases[] = {
	{"team", "team_member"},
	{"branch", "party_branch"},
	{"points", "party_points"},
};

/* The kind of the :kind segment ('-' or '_' between words, or the
 * CLI's command name); LK_ENOTFOUND when none. */
static int kind_of(struct http_req *r, const struct lk_wkind **out)
{
	const char *s = http_param(r, "kind");
	char name[64];
	size_t i;

	*out = NULL;
	if (s && strlen(s) < sizeof name) {
		for (i = 0; s[i]; i++)
			name[i] = s[i] == '-' ? '_' : s[i];
		name[i] = '\0';
		for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
			if (strcmp(aliases[i].url, name) == 0)
				snprintf(name, sizeof name, "%s",
					 aliases[i].kind);
		*out = lk_work_kind(name);
	}
	if (!*out)
		return lk_err_set(&r->ctx->err, LK_ENOTFOUND,
				  _("no kind of work record %s"), s ? s : "");
	return 0;
}

static int record_id(struct http_req *r, const struct lk_wkind *k,
		     int64_t *id)
{
	const char *s = http_param(r, "id");

	if (!s || lk_parse_int64(s, 1, INT64_MAX, id))
		return lk_err_set(&r->ctx->err, LK_ENOTFOUND, _("no %s %s"),
				  k->name, s ? s : "");
	return 0;
}

static const char *query(struct http_req *r, const char *name)
{
	const char *v = http_query(r, name);

	return v && *v ? v : NULL;
}

int api_work_list(struct http_req *r)
{
	const struct lk_wkind *k;
	struct lk_wfilter flt;
	long long limit, offset;
	const char *key, *value;
	int rc;

	memset(&flt, 0, sizeof flt);
	if ((rc = kind_of(r, &k)) ||
	    (rc = http_query_int(r, "limit", 1, LIST_MAX, LIST_LIMIT,
				 &limit)) ||
	    (rc = http_query_int(r, "offset", 0, 1000000000, 0, &offset)))
		return rc;
	flt.region = query(r, "region");
	flt.household_no = query(r, "household");
	flt.active_on = query(r, "on");
	flt.limit = (int)limit;
	flt.offset = (int)offset;
	key = query(r, "key");
	value = http_query(r, "value");
	if (key) { /* one field equal to a value, parsed like --where */
		struct lk_rec rec;
		int fi = lk_field_find(k->t, key);
		lk_rec_init(&rec, k->t);
		if (fi < 0 || (rc = lk_work_set(r->ctx, &rec, r->arena, key,
						value ? value : "")))
			return lk_err_set(&r->ctx->err, LK_EUSAGE,
					  _("query parameter key/value: %s"),
					  fi < 0 ? _("unknown field")
						 : lk_err_msg(&r->ctx->err));
		flt.key = k->t->f[fi].key;
		flt.value = rec.v[fi] ? rec.v[fi] : "";
	}
	return lk_view_works(r->ctx, k, &flt, r->lang, 0, r->out);
}

int api_work_show(struct http_req *r)
{
	const struct lk_wkind *k;
	int64_t id;
	int rc;

	if ((rc = kind_of(r, &k)) || (rc = record_id(r, k, &id)))
		return rc;
	return lk_view_work(r->ctx, k, id, r->lang, 0, r->out);
}

/* Sets every member of body on rec by key or Chinese header. */
static int apply_body(struct http_req *r, json_t *body, struct lk_rec *rec)
{
	const char *key, *text;
	json_t *v;
	int rc;

	json_object_foreach(body, key, v)
	{
		if (strcmp(key, "id") == 0)
			continue; /* the record's id is in the path */
		if ((rc = http_json_text(r, body, key, &text)) ||
		    (rc = lk_work_set(r->ctx, rec, r->arena, key,
				      text ? text : ""))) {
			if (!r->ctx->err.field)
				r->ctx->err.field =
					lk_arena_strdup(r->arena, key);
			return rc;
		}
	}
	return 0;
}

/* Creates (id 0) or updates a record from the request body. */
static int put(struct http_req *r, int update)
{
	const struct lk_wkind *k;
	struct lk_rec rec;
	json_t *body;
	int64_t id = 0, nid = 0;
	size_t i;
	int rc;

	if ((rc = kind_of(r, &k)) ||
	    (update && (rc = record_id(r, k, &id))) ||
	    (rc = http_json_body(r, &body)))
		return rc;
	lk_rec_init(&rec, k->t);
	if (update)
		for (i = 0; i < k->t->n; i++)
			rec.v[i] = LK_KEEP;
	if ((rc = apply_body(r, body, &rec)) ||
	    (rc = lk_work_put(r->ctx, k, id, &rec, 0, &nid)))
		return rc;
	if (!update) {
		r->status = 201;
		id = nid;
	}
	return lk_view_work(r->ctx, k, id, r->lang, LK_VIEW_WORK_QUOTA,
			    r->out);
}

int api_work_add(struct http_req *r)
{
	return put(r, 0);
}

int api_work_edit(struct http_req *r)
{
	return put(r, 1);
}

int api_work_remove(struct http_req *r)
{
	const struct lk_wkind *k;
	int64_t id;
	int rc;

	if ((rc = kind_of(r, &k)) || (rc = record_id(r, k, &id)) ||
	    (rc = lk_work_remove(r->ctx, k, id)))
		return rc;
	return lk_view_work_removed(k, id, r->out);
}

int api_visit_coverage(struct http_req *r)
{
	const char *by = query(r, "by");
	struct lk_wround rd;
	long long year, round;
	enum lk_cov_by cb = LK_COV_VILLAGE;
	int rc;

	if ((rc = http_query_int(r, "year", 1949, 2100, 0, &year)) ||
	    (rc = http_query_int(r, "round", 1, 366, 0, &round)))
		return rc;
	if (!year || !round)
		return lk_err_set(&r->ctx->err, LK_EUSAGE,
				  _("query parameters year and round are "
				    "required"));
	if (by && strcmp(by, "cadre") == 0)
		cb = LK_COV_CADRE;
	else if (by && strcmp(by, "village") != 0)
		return lk_err_set(&r->ctx->err, LK_EUSAGE,
				  _("query parameter by: village or cadre"));
	if ((rc = lk_visit_round(r->ctx, query(r, "region"), (int)year,
				 (int)round, &rd)))
		return rc == LK_EINVAL ? (r->ctx->err.code = LK_EUSAGE) : rc;
	return lk_view_visit_coverage(r->ctx, query(r, "region"), &rd, cb,
				      r->out);
}

int api_fund_balance(struct http_req *r)
{
	long long id;
	int rc;

	if ((rc = http_query_int(r, "id", 1, INT64_MAX, 0, &id)))
		return rc;
	return lk_view_fund_balance(r->ctx, query(r, "region"), id, r->out);
}
