/* api_registry.c - regions, households, members and incomes over HTTP.
 * Bodies are the CLI's --json shapes (view/view.h); input fields are the
 * interchange keys, parsed by the same lk_rec_set_input as `--set`. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "http/api.h"
#include "registry/codes.h"
#include "registry/household.h"
#include "registry/region.h"
#include "view/view.h"

#define LIST_LIMIT 50
#define LIST_MAX 1000

int api_regions_list(struct http_req *r)
{
	const char *parent = http_query(r, "parent");

	return lk_view_regions(r->ctx, parent ? parent : "", r->lang, r->out);
}

int api_region_show(struct http_req *r)
{
	struct lk_region g;
	int rc;

	if ((rc = lk_region_get(r->ctx, http_param(r, "code"), &g)))
		return rc;
	return lk_view_region(r->ctx, &g, r->lang, r->out);
}

int api_codes(struct http_req *r)
{
	return lk_view_codes(r->ctx, http_param(r, "list"), r->lang, r->out);
}

/* A coded filter given as code or label; NULL when absent. */
static int code_filter(struct http_req *r, struct lk_codes *codes,
		       const char *name, const char *list, const char **out)
{
	const char *v = http_query(r, name);

	*out = NULL;
	if (!v || !*v)
		return 0;
	if (!(*out = lk_code_find(codes, list, v)))
		return lk_err_set(&r->ctx->err, LK_EUSAGE,
				  _("query parameter %s: unknown code %s"),
				  name, v);
	return 0;
}

int api_households_list(struct http_req *r)
{
	struct lk_hh_filter f;
	struct lk_codes *codes;
	long long limit, offset, helper;
	const char *g;
	int rc;

	memset(&f, 0, sizeof f);
	if ((rc = lk_codes_get(r->ctx, &codes)) ||
	    (rc = http_query_int(r, "limit", 1, LIST_MAX, LIST_LIMIT,
				 &limit)) ||
	    (rc = http_query_int(r, "offset", 0, 1000000000, 0, &offset)) ||
	    (rc = http_query_int(r, "helper", 1, INT64_MAX, 0, &helper)) ||
	    (rc = code_filter(r, codes, "status", "hh_status", &f.status)) ||
	    (rc = code_filter(r, codes, "cause", "cause", &f.cause)) ||
	    (rc = code_filter(r, codes, "attribute", "attribute",
			      &f.attribute)))
		return rc;
	f.region = http_query(r, "region");
	if (f.region && !*f.region)
		f.region = NULL;
	g = http_query(r, "group");
	f.group = g && *g ? g : NULL;
	f.query = http_query(r, "q");
	if (f.query && !*f.query)
		f.query = NULL;
	f.helper = helper;
	f.limit = (int)limit;
	f.offset = (int)offset;
	return lk_view_households(r->ctx, &f, r->lang, 0, r->out, NULL);
}

int api_household_show(struct http_req *r)
{
	return lk_view_household(r->ctx, http_param(r, "no"), r->lang, 0,
				 r->out);
}

int api_household_history(struct http_req *r)
{
	return lk_view_household(r->ctx, http_param(r, "no"), r->lang,
				 LK_VIEW_HISTORY_ONLY, r->out);
}

/* Sets every member of body on rec, except the keys in skip (NULL-ended
 * list, may be NULL). */
static int apply_body(struct http_req *r, json_t *body, struct lk_rec *rec,
		      const char *const *skip)
{
	const char *key, *text;
	json_t *v;
	size_t i;
	int rc;

	json_object_foreach(body, key, v)
	{
		for (i = 0; skip && skip[i]; i++)
			if (strcmp(skip[i], key) == 0)
				break;
		if (skip && skip[i])
			continue;
		if ((rc = http_json_text(r, body, key, &text)) ||
		    (rc = lk_rec_set_input(r->ctx, rec, r->arena, key, text))) {
			if (!r->ctx->err.field)
				r->ctx->err.field =
					lk_arena_strdup(r->arena, key);
			return rc;
		}
	}
	return 0;
}

int api_household_add(struct http_req *r)
{
	static const char *const need[] = {"household_no", "village_code",
					   "head_name", "head_id", NULL};
	struct lk_rec h, m;
	json_t *body;
	const char *v, *no;
	size_t i;
	int rc;

	if ((rc = http_json_body(r, &body)))
		return rc;
	for (i = 0; need[i]; i++)
		if ((rc = http_json_need(r, body, need[i], &v)))
			return rc;
	lk_rec_init(&h, &lk_households);
	if ((rc = lk_rec_set_input(r->ctx, &h, r->arena, "status",
				   "ordinary")) ||
	    (rc = apply_body(r, body, &h, NULL)))
		return rc;
	no = lk_rec_get(&h, "household_no");
	lk_rec_init(&m, &lk_members);
	m.v[0] = no;
	if ((rc = lk_rec_set_input(r->ctx, &m, r->arena, "name",
				   lk_rec_get(&h, "head_name"))) ||
	    (rc = lk_rec_set_input(r->ctx, &m, r->arena, "id_number",
				   lk_rec_get(&h, "head_id"))) ||
	    (rc = lk_rec_set_input(r->ctx, &m, r->arena, "relation", "1")) ||
	    (rc = lk_household_add(r->ctx, &h, &m)))
		return rc;
	r->status = 201;
	return lk_view_household(r->ctx, no, r->lang, 0, r->out);
}

int api_household_edit(struct http_req *r)
{
	const char *no = http_param(r, "no");
	struct lk_rec h;
	json_t *body;
	int rc, what;

	if ((rc = http_json_body(r, &body)) ||
	    (rc = lk_household_get(r->ctx, no, r->arena, &h, NULL)) ||
	    (rc = apply_body(r, body, &h, NULL)))
		return rc;
	if (strcmp(lk_rec_get(&h, "household_no"), no) != 0) {
		lk_err_set(&r->ctx->err, LK_EINVAL,
			   _("the household number cannot be changed"));
		r->ctx->err.field = "household_no";
		return LK_EINVAL;
	}
	if ((rc = lk_household_put(r->ctx, &h, LK_PUT_UPDATE,
				   LK_PUT_NO_STATUS, NULL, &what)))
		return rc;
	return lk_view_household(r->ctx, no, r->lang, 0, r->out);
}

int api_member_add(struct http_req *r)
{
	static const char *const need[] = {"name", "id_number", "relation",
					   NULL};
	static const char *const skip[] = {"household_no", NULL};
	const char *no = http_param(r, "no"), *v;
	struct lk_rec m;
	json_t *body;
	size_t i;
	int rc, what;

	if ((rc = http_json_body(r, &body)))
		return rc;
	for (i = 0; need[i]; i++)
		if ((rc = http_json_need(r, body, need[i], &v)))
			return rc;
	lk_rec_init(&m, &lk_members);
	if ((rc = apply_body(r, body, &m, skip)))
		return rc;
	m.v[0] = no;
	if ((rc = lk_member_put(r->ctx, &m, LK_PUT_CREATE, 0, &what)))
		return rc;
	r->status = 201;
	return lk_view_household(r->ctx, no, r->lang, 0, r->out);
}

int api_member_edit(struct http_req *r)
{
	const char *id = http_param(r, "id");
	struct lk_rec m;
	json_t *body;
	int rc, what;

	if ((rc = http_json_body(r, &body)) ||
	    (rc = lk_member_get(r->ctx, id, r->arena, &m)) ||
	    (rc = apply_body(r, body, &m, NULL)))
		return rc;
	if (!lk_rec_get(&m, "id_number") ||
	    strcmp(lk_rec_get(&m, "id_number"), id) != 0) {
		lk_err_set(&r->ctx->err, LK_EINVAL,
			   _("the ID number is the member's key: remove the "
			     "member and add the right one"));
		r->ctx->err.field = "id_number";
		return LK_EINVAL;
	}
	if ((rc = lk_member_put(r->ctx, &m, LK_PUT_UPDATE, 0, &what)))
		return rc;
	return lk_view_household(r->ctx, lk_rec_get(&m, "household_no"),
				 r->lang, 0, r->out);
}

int api_member_remove(struct http_req *r)
{
	const char *id = http_param(r, "id"), *reason, *date, *new_head;
	json_t *body;
	int rc;

	if ((rc = http_json_body(r, &body)) ||
	    (rc = http_json_need(r, body, "reason", &reason)) ||
	    (rc = http_json_need(r, body, "date", &date)) ||
	    (rc = http_json_text(r, body, "new_head", &new_head)))
		return rc;
	if (strcmp(reason, "moved_out") == 0)
		reason = "moved";
	if ((rc = lk_member_remove(r->ctx, id, reason, date, new_head))) {
		if (rc == LK_EINVAL && !r->ctx->err.field)
			r->ctx->err.field =
				strstr(lk_err_msg(&r->ctx->err), "date")
					? "date"
					: "reason";
		return rc;
	}
	return lk_view_member_removed(id, r->out);
}

int api_income_set(struct http_req *r)
{
	static const char *const skip[] = {"household_no", "income_year",
					   NULL};
	const char *no = http_param(r, "no");
	struct lk_income_sum sum;
	struct lk_rec rec;
	json_t *body;
	size_t i;
	int rc, what;

	if ((rc = http_json_body(r, &body)))
		return rc;
	lk_rec_init(&rec, &lk_incomes);
	for (i = 0; i < rec.t->n; i++) /* items not given are kept */
		rec.v[i] = LK_KEEP;
	rec.v[0] = no;
	if ((rc = lk_rec_set_input(r->ctx, &rec, r->arena, "income_year",
				   http_param(r, "year"))) ||
	    (rc = apply_body(r, body, &rec, skip)) ||
	    (rc = lk_income_put(r->ctx, &rec, 0, &what, &sum)))
		return rc;
	return lk_view_income(no, &sum, r->out);
}

int api_household_assess(struct http_req *r)
{
	struct lk_view_assess q = {NULL, http_param(r, "no"), 0};
	long long year;
	int rc;

	if ((rc = http_query_int(r, "year", 1949, 2100, 0, &year)))
		return rc;
	q.year = (int)year;
	return lk_view_assess(r->ctx, &q, r->lang, r->out, NULL, NULL);
}

int api_assess(struct http_req *r)
{
	struct lk_view_assess q = {http_query(r, "region"), NULL, 0};
	long long year;
	int rc;

	if ((rc = http_query_int(r, "year", 1949, 2100, 0, &year)))
		return rc;
	if (!year)
		return lk_err_set(&r->ctx->err, LK_EUSAGE,
				  _("query parameter year is required"));
	if (q.region && !*q.region)
		q.region = NULL;
	q.year = (int)year;
	return lk_view_assess(r->ctx, &q, r->lang, r->out, NULL, NULL);
}
