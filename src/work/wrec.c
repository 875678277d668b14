/* The table-driven records of the work module: values, put/get/list/
 * remove, JSON and CSV import for every kind (work.h). */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/date.h"
#include "core/json.h"
#include "core/num.h"
#include "registry/codes.h"
#include "registry/household.h"
#include "registry/region.h"
#include "store/db.h"
#include "work/work_int.h"

#define SQL_MAX (1u << 14)
#define MAX_IMPORT_ERRORS 1000

/* ---- values -------------------------------------------------------- */

int lk_work_parse(struct lk_ctx *ctx, const struct lk_field *f,
		  const char *input, struct lk_buf *out, int *isnull,
		  struct lk_problem *p)
{
	struct lk_codes *codes = NULL;
	const struct lk_wcode *c;
	struct lk_field tf;
	int rc;

	if (!work__is_list(f->list)) {
		if ((f->type == LK_F_CODE || f->type == LK_F_CODES) &&
		    (rc = lk_codes_get(ctx, &codes)))
			return rc;
		return lk_field_parse(f, codes, input, out, isnull, p);
	}
	/* a work list: parse as text (trimmed, bounded), then map */
	tf = *f;
	tf.type = LK_F_TEXT;
	tf.list = NULL;
	if ((rc = lk_field_parse(&tf, NULL, input, out, isnull, p)) ||
	    *isnull)
		return rc;
	c = work__code_find(f->list, lk_buf_str(out));
	if (!c) {
		p->rule = "code.invalid";
		p->value_error = 0;
		snprintf(p->msg, sizeof p->msg, _("%s is not in the code list"),
			 lk_buf_str(out));
		return LK_EINVAL;
	}
	lk_buf_reset(out);
	return lk_buf_adds(out, c->code);
}

int lk_work_set(struct lk_ctx *ctx, struct lk_rec *r, struct lk_arena *a,
		const char *key, const char *input)
{
	struct lk_buf v = LK_BUF_INIT(4096);
	struct lk_problem p;
	int fi = lk_field_find(r->t, key), rc = LK_EINTERNAL, isnull;

	if (fi < 0) {
		rc = lk_err_set(&ctx->err, LK_EINVAL, _("unknown field %s"),
				key);
		goto out;
	}
	rc = lk_work_parse(ctx, &r->t->f[fi], input, &v, &isnull, &p);
	if (rc == LK_EINVAL) {
		lk_err_set(&ctx->err, LK_EINVAL, "%s: %s", r->t->f[fi].key,
			   p.msg);
		ctx->err.field = r->t->f[fi].key;
		goto out;
	}
	if (rc)
		goto out;
	r->v[fi] = isnull ? NULL : lk_arena_strdup(a, lk_buf_str(&v));
	rc = (!isnull && !r->v[fi]) ? LK_ENOMEM : 0;
out:
	lk_buf_free(&v);
	return rc;
}

int lk_work_show(struct lk_ctx *ctx, const struct lk_field *f,
		 const char *canon, enum lk_lang lang, struct lk_buf *out)
{
	struct lk_codes *codes = NULL;
	const struct lk_wcode *c;

	if (!canon)
		return 0;
	if (work__is_list(f->list)) {
		c = work__code_get(f->list, canon);
		if (!c)
			return lk_buf_adds(out, canon);
		return lk_buf_adds(out, lang == LK_LANG_ZH ? c->zh : _(c->en));
	}
	if (f->type == LK_F_CODE || f->type == LK_F_CODES)
		lk_codes_get(ctx, &codes); /* without: codes are shown */
	return lk_field_show(f, codes, canon, lang, out);
}

int lk_work_json(struct lk_ctx *ctx, int64_t id, const struct lk_rec *r,
		 enum lk_lang lang, struct lk_buf *out)
{
	struct lk_buf lab = LK_BUF_INIT(4096);
	size_t i;
	int rc;

	if ((rc = lk_buf_printf(out, "{\"id\":%lld", (long long)id)))
		goto out;
	for (i = 0; i < r->t->n; i++) {
		const struct lk_field *f = &r->t->f[i];
		const char *v = r->v[i];
		if (!v)
			continue;
		if ((rc = lk_buf_addc(out, ',')) ||
		    (rc = lk_json_str(out, f->key)) ||
		    (rc = lk_buf_addc(out, ':')))
			goto out;
		if (ctx->mask && (f->flags & LK_FF_SENSITIVE))
			rc = lk_json_masked(out, v, f->type == LK_F_PHONE);
		else if (f->type == LK_F_BOOL)
			rc = lk_buf_adds(out, v[0] == '1' ? "true" : "false");
		else if (f->type == LK_F_MONEY || f->type == LK_F_DEC2)
			rc = lk_field_show(f, NULL, v, lang, out);
		else if (lk_field_is_int(f))
			rc = lk_buf_adds(out, v);
		else
			rc = lk_json_str(out, v);
		if (rc)
			goto out;
		if (f->type == LK_F_CODE || f->type == LK_F_CODES) {
			lk_buf_reset(&lab);
			if ((rc = lk_buf_printf(out, ",\"%s_label\":",
						f->key)) ||
			    (rc = lk_work_show(ctx, f, v, lang, &lab)) ||
			    (rc = lk_json_str(out, lk_buf_str(&lab))))
				goto out;
		}
	}
	rc = lk_buf_addc(out, '}');
out:
	lk_buf_free(&lab);
	return rc;
}

/* ---- SQL ----------------------------------------------------------- */

static int has_flag(const struct lk_table *t, unsigned flag)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->f[i].flags & flag)
			return 1;
	return 0;
}

/* The SELECT list and FROM of a kind: id, region_code, the columns,
 * the household number (or NULL). */
static int select_sql(const struct lk_wkind *k, struct lk_buf *b)
{
	char *cols = lk_rec_cols(k->t, LK_FF_NOCOL, "t.%s");
	int hh = has_flag(k->t, LK_WF_HH), rc;

	if (!cols)
		return LK_ENOMEM;
	rc = lk_buf_printf(b,
			   "SELECT t.id, t.region_code, %s, %s FROM %s t%s",
			   cols, hh ? "h.household_no" : "NULL", k->sql,
			   hh ? " LEFT JOIN household h ON h.id = "
				"t.household_id"
			      : "");
	free(cols);
	return rc;
}

/* The condition "a helper reaches the record" (ctx->cadre, core/ctx.h):
 * a record of a household paired with the helper's cadre today; kinds
 * without a household are out of a helper's reach.  ?n is the cadre
 * (NULL = no restriction), ?d today's date; bind with bind_cadre(). */
static int cadre_sql(const struct lk_wkind *k, struct lk_buf *q, int n,
		     int d)
{
	if (!has_flag(k->t, LK_WF_HH))
		return lk_buf_printf(q, " AND ?%d IS NULL AND ?%d IS NOT NULL",
				     n, d);
	return lk_buf_printf(q,
			     " AND (?%d IS NULL OR EXISTS (SELECT 1 FROM "
			     "pairing p WHERE p.household_id = t.household_id "
			     "AND p.cadre_id = ?%d AND (p.end_date IS NULL OR "
			     "p.end_date >= ?%d)))",
			     n, n, d);
}

static void bind_cadre(struct lk_ctx *ctx, struct db_stmt *st, int n, int d)
{
	char today[LK_DATE_BUFSZ];

	if (ctx->cadre)
		db_bind_int64(st, n, (int64_t)ctx->cadre);
	else
		db_bind_null(st, n);
	lk_date_format(lk_today(), today);
	db_bind_text(st, d, today, -1);
}

/* Reads a row of select_sql into r (values in a). */
static int read_row(struct db_stmt *st, const struct lk_wkind *k,
		    struct lk_rec *r, struct lk_arena *a)
{
	int ncol = lk_rec_ncols(k->t, LK_FF_NOCOL), rc;
	size_t i;

	lk_rec_init(r, k->t);
	if ((rc = lk_rec_read(st, 2, r, LK_FF_NOCOL, a)))
		return rc;
	for (i = 0; i < k->t->n; i++)
		if ((k->t->f[i].flags & LK_WF_HH) &&
		    !db_col_is_null(st, 2 + ncol)) {
			r->v[i] = lk_arena_strdup(a,
						  db_col_text(st, 2 + ncol));
			if (!r->v[i])
				return LK_ENOMEM;
		}
	return 0;
}

int lk_work_get(struct lk_ctx *ctx, const struct lk_wkind *k, int64_t id,
		struct lk_arena *a, struct lk_rec *r)
{
	struct lk_buf q = LK_BUF_INIT(SQL_MAX);
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = select_sql(k, &q)) ||
	    (rc = lk_buf_adds(&q, " WHERE t.id = ?1")) ||
	    (rc = cadre_sql(k, &q, 2, 3)) ||
	    (rc = db_prepare(ctx->db, lk_buf_str(&q), &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, id);
	bind_cadre(ctx, st, 2, 3);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_DONE || lk_scope_check(ctx, db_col_text(st, 1)) != 0) {
		/* never reveal what lies outside the scope */
		rc = lk_err_set(&ctx->err, LK_ENOTFOUND, _("no %s %lld"),
				k->name, (long long)id);
		goto out;
	}
	rc = read_row(st, k, r, a);
out:
	db_done(st);
	lk_buf_free(&q);
	return rc;
}

/* Appends the condition "active on ?7" of a kind with a period. */
static int active_sql(struct lk_ctx *ctx, const struct lk_wkind *k,
		      struct lk_buf *q)
{
	static const char *const pairs[][2] = {{"from_date", "to_date"},
					       {"start_date", "end_date"}};
	size_t i;

	for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		if (lk_field_find(k->t, pairs[i][0]) >= 0 &&
		    lk_field_find(k->t, pairs[i][1]) >= 0)
			return lk_buf_printf(q,
					     " AND t.%s <= ?7 AND (t.%s IS "
					     "NULL OR t.%s >= ?7)",
					     pairs[i][0], pairs[i][1],
					     pairs[i][1]);
	return lk_err_set(&ctx->err, LK_EINVAL,
			  _("%s records have no period"), k->name);
}

int lk_work_list(struct lk_ctx *ctx, const struct lk_wkind *k,
		 const struct lk_wfilter *flt,
		 int (*fn)(void *arg, int64_t id, const struct lk_rec *r),
		 void *arg)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_buf q = LK_BUF_INIT(SQL_MAX);
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX];
	const struct lk_field *ef = NULL;
	struct db_stmt *st = NULL;
	struct lk_rec r;
	int rc, hh = has_flag(k->t, LK_WF_HH);

	if ((rc = lk_scope_range(ctx, flt ? flt->region : NULL, lo, hi)))
		goto out;
	if (flt && flt->key) {
		int fi = lk_field_find(k->t, flt->key);
		if (fi < 0 || (k->t->f[fi].flags & LK_FF_NOCOL)) {
			rc = lk_err_set(&ctx->err, LK_EINVAL,
					_("unknown field %s"), flt->key);
			goto out;
		}
		ef = &k->t->f[fi];
	}
	if ((rc = select_sql(k, &q)) ||
	    (rc = lk_buf_adds(&q, " WHERE t.region_code >= ?1 AND "
				  "t.region_code < ?2")) ||
	    (hh && flt && flt->household_no &&
	     (rc = lk_buf_adds(&q, " AND h.household_no = ?3"))) ||
	    (ef && (rc = lk_buf_printf(&q, " AND t.%s = ?4",
				       LK_FIELD_COL(ef)))) ||
	    (flt && flt->active_on && (rc = active_sql(ctx, k, &q))) ||
	    (rc = cadre_sql(k, &q, 8, 9)) ||
	    (rc = lk_buf_printf(&q, " ORDER BY %s LIMIT ?5 OFFSET ?6",
				k->order)) ||
	    (rc = db_prepare(ctx->db, lk_buf_str(&q), &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, lo, -1);
	db_bind_text(st, 2, hi, -1);
	if (hh && flt && flt->household_no)
		db_bind_text(st, 3, flt->household_no, -1);
	if (ef && lk_field_is_int(ef))
		db_bind_int64(st, 4, strtoll(flt->value, NULL, 10));
	else if (ef)
		db_bind_text(st, 4, flt->value, -1);
	if (flt && flt->active_on)
		db_bind_text(st, 7, flt->active_on, -1);
	bind_cadre(ctx, st, 8, 9);
	db_bind_int64(st, 5, flt && flt->limit > 0 ? flt->limit : -1);
	db_bind_int64(st, 6, flt && flt->offset > 0 ? flt->offset : 0);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		lk_arena_reset(&a);
		if ((rc = read_row(st, k, &r, &a)) ||
		    (rc = fn(arg, db_col_int64(st, 0), &r)))
			goto out;
	}
out:
	db_done(st);
	lk_buf_free(&q);
	lk_arena_free(&a);
	return rc;
}

/* ---- writes -------------------------------------------------------- */

/* Lookups a bulk import repeats row after row: the last household, the
 * last few referenced records, and the time of the import. */
#define REF_CACHE 8
struct wcache {
	char hno[64];
	int64_t hid;
	char hvillage[LK_REGION_CODE_MAX];
	struct {
		const struct lk_wkind *k;
		int64_t id;
		char region[LK_REGION_CODE_MAX];
	} ref[REF_CACHE];
	int nref;
	char now[LK_ISO_NOW_BUFSZ];
};

/* The statements of a kind, built once per process (the text never
 * changes, so db_prepare_static finds them by address): 0 INSERT,
 * 1 UPDATE, 2 the region of a row.  NULL on OOM. */
#define MAX_KINDS 32
static char *sql_cache[MAX_KINDS][3];

static int write_sql(const struct lk_wkind *k, int update, struct lk_buf *q);

static const char *kind_sql(const struct lk_wkind *k, int which)
{
	struct lk_buf q = LK_BUF_INIT(SQL_MAX);
	size_t i;

	for (i = 0; lk_work_kinds[i] && lk_work_kinds[i] != k; i++)
		;
	assert(lk_work_kinds[i] && i < MAX_KINDS);
	if (!lk_work_kinds[i] || i >= MAX_KINDS)
		return NULL;
	if (sql_cache[i][which])
		return sql_cache[i][which];
	if (which == 2 ? lk_buf_printf(&q, "SELECT region_code FROM %s WHERE "
					   "id = ?", k->sql)
		       : write_sql(k, which, &q)) {
		lk_buf_free(&q);
		return NULL;
	}
	sql_cache[i][which] = lk_buf_take(&q);
	return sql_cache[i][which];
}

/* The kind a reference field points to: its key without "_id". */
static const struct lk_wkind *ref_kind(const struct lk_field *f)
{
	char name[64];
	size_t n = strlen(f->key);

	if (n < 4 || n - 3 >= sizeof name)
		return NULL;
	memcpy(name, f->key, n - 3);
	name[n - 3] = '\0';
	return lk_work_kind(name);
}

/* Region of record id of the kind f refers to into region (scope
 * checked); c (may be NULL) remembers the answers. */
static int ref_region(struct lk_ctx *ctx, const struct lk_field *f,
		      int64_t id, char region[LK_REGION_CODE_MAX],
		      struct wcache *c)
{
	const struct lk_wkind *rk = ref_kind(f);
	struct db_stmt *st = NULL;
	const char *q;
	int rc, i;

	if (!rk)
		return lk_err_set(&ctx->err, LK_EINTERNAL,
				  "no kind for field %s", f->key);
	for (i = 0; c && i < c->nref; i++)
		if (c->ref[i].k == rk && c->ref[i].id == id) {
			memcpy(region, c->ref[i].region, LK_REGION_CODE_MAX);
			return 0;
		}
	if (!(q = kind_sql(rk, 2)))
		return LK_ENOMEM;
	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, id);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_DONE || !db_col_text(st, 0) ||
	    lk_scope_check(ctx, db_col_text(st, 0)) != 0) {
		rc = lk_err_set(&ctx->err, LK_EINVAL, _("no %s %lld"),
				rk->name, (long long)id);
		ctx->err.field = f->key;
		goto out;
	}
	snprintf(region, LK_REGION_CODE_MAX, "%s", db_col_text(st, 0));
	if (c) {
		i = c->nref < REF_CACHE ? c->nref++ : (int)(id % REF_CACHE);
		c->ref[i].k = rk;
		c->ref[i].id = id;
		memcpy(c->ref[i].region, region, LK_REGION_CODE_MAX);
	}
	rc = 0;
out:
	db_done(st);
	return rc;
}

/* 0 if id_number is a member (current or not) of household hid. */
static int check_member(struct lk_ctx *ctx, const struct lk_field *f,
			int64_t hid, const char *id_number)
{
	static const char q[] = "SELECT 1 FROM member WHERE household_id = ? "
				"AND id_number = ?";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, hid);
	db_bind_text(st, 2, id_number, -1);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_DONE) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("%s is not a member of the household"),
				id_number);
		ctx->err.field = f->key;
		goto out;
	}
	rc = 0;
out:
	db_done(st);
	return rc;
}

/* Resolves the household, region and references of r. */
static int resolve(struct lk_ctx *ctx, const struct lk_rec *r,
		   int64_t *hid, char region[LK_REGION_CODE_MAX],
		   struct wcache *c)
{
	char ref[LK_REGION_CODE_MAX];
	struct lk_region reg;
	size_t i;
	int rc;

	*hid = 0;
	region[0] = '\0';
	for (i = 0; i < r->t->n; i++) {
		const struct lk_field *f = &r->t->f[i];
		if (!r->v[i] || !(f->flags & LK_WF_HH))
			continue;
		if (c && c->hid && strcmp(c->hno, r->v[i]) == 0) {
			*hid = c->hid;
			memcpy(region, c->hvillage, LK_REGION_CODE_MAX);
			continue;
		}
		if ((rc = lk_household_lookup(ctx, r->v[i], hid, region))) {
			if (rc == LK_ENOTFOUND) {
				rc = LK_EINVAL;
				ctx->err.code = rc;
				ctx->err.field = f->key;
			}
			return rc;
		}
		if (c && strlen(r->v[i]) < sizeof c->hno) {
			strcpy(c->hno, r->v[i]);
			c->hid = *hid;
			memcpy(c->hvillage, region, LK_REGION_CODE_MAX);
		}
	}
	for (i = 0; i < r->t->n; i++) {
		const struct lk_field *f = &r->t->f[i];
		if (!r->v[i] || !(f->flags & LK_WF_REGION))
			continue;
		if (!lk_region_level_of(r->v[i])) {
			rc = lk_err_set(&ctx->err, LK_EINVAL,
					_("%s is not a region code"), r->v[i]);
			ctx->err.field = f->key;
			return rc;
		}
		if ((rc = lk_scope_check(ctx, r->v[i])))
			return rc;
		rc = lk_region_get(ctx, r->v[i], &reg);
		if (rc == LK_ENOTFOUND) {
			rc = lk_err_set(&ctx->err, LK_EINVAL,
					_("region %s is not in the region "
					  "table"),
					r->v[i]);
			ctx->err.field = f->key;
		}
		if (rc)
			return rc;
		if (!region[0])
			snprintf(region, LK_REGION_CODE_MAX, "%s", r->v[i]);
	}
	for (i = 0; i < r->t->n; i++) {
		const struct lk_field *f = &r->t->f[i];
		if (!r->v[i] || !(f->flags & LK_WF_REF))
			continue;
		if ((rc = ref_region(ctx, f, strtoll(r->v[i], NULL, 10), ref,
				      c)))
			return rc;
		if (!region[0])
			memcpy(region, ref, sizeof ref);
	}
	for (i = 0; i < r->t->n; i++) {
		const struct lk_field *f = &r->t->f[i];
		if (r->v[i] && (f->flags & LK_WF_MEMBER) &&
		    (rc = check_member(ctx, f, *hid, r->v[i])))
			return rc;
	}
	if (!region[0])
		return lk_err_set(&ctx->err, LK_EINVAL,
				  _("the record names no household, region or "
				    "fund"));
	return lk_scope_check(ctx, region);
}

static int audit_put(struct lk_ctx *ctx, const char *action,
		     const struct lk_wkind *k, int64_t id,
		     const struct lk_rec *before, const struct lk_rec *after)
{
	struct lk_buf b = LK_BUF_INIT(1u << 20), a = LK_BUF_INIT(1u << 20);
	char key[32];
	int rc;

	snprintf(key, sizeof key, "%lld", (long long)id);
	if ((before &&
	     (rc = lk_rec_json(before, 0, NULL, LK_LANG_EN, &b))) ||
	    (after && (rc = lk_rec_json(after, 0, NULL, LK_LANG_EN, &a))))
		goto out;
	rc = lk_audit(ctx, action, k->name, key,
		      before ? lk_buf_str(&b) : NULL,
		      after ? lk_buf_str(&a) : NULL);
out:
	lk_buf_free(&b);
	lk_buf_free(&a);
	return rc;
}

/* INSERT or UPDATE text for kind k. */
static int write_sql(const struct lk_wkind *k, int update, struct lk_buf *q)
{
	int hh = has_flag(k->t, LK_WF_HH), reg = !has_flag(k->t, LK_WF_REGION);
	int n = lk_rec_ncols(k->t, LK_FF_NOCOL), rc, i;
	char *cols = lk_rec_cols(k->t, LK_FF_NOCOL, update ? "%s = ?" : "%s");

	if (!cols)
		return LK_ENOMEM;
	if (update) {
		rc = lk_buf_printf(q, "UPDATE %s SET %s%s%s, county_code = ?, "
				      "updated_at = ? WHERE id = ?",
				   k->sql, cols, hh ? ", household_id = ?" : "",
				   reg ? ", region_code = ?" : "");
		goto out;
	}
	rc = lk_buf_printf(q, "INSERT INTO %s (%s%s%s, county_code, "
			      "created_at, updated_at) VALUES (",
			   k->sql, cols, hh ? ", household_id" : "",
			   reg ? ", region_code" : "");
	for (i = 0; !rc && i < n + hh + reg + 3; i++)
		rc = lk_buf_adds(q, i ? ", ?" : "?");
	if (!rc)
		rc = lk_buf_addc(q, ')');
out:
	free(cols);
	return rc;
}

static int put(struct lk_ctx *ctx, const struct lk_wkind *k, int64_t id,
	       const struct lk_rec *in, unsigned flags, int64_t *new_id,
	       struct wcache *c)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	const char *q;
	char region[LK_REGION_CODE_MAX], county[8], now[LK_ISO_NOW_BUFSZ];
	struct db_stmt *st = NULL;
	struct lk_rec r = *in, old;
	struct lk_wput p;
	int64_t hid = 0;
	int rc = LK_EINTERNAL, tx = 0, idx;
	size_t i;

	assert(in->t == k->t);
	if (!(flags & LK_PUT_BULK)) {
		if ((rc = db_begin(ctx->db, &ctx->err)))
			goto out;
		tx = 1;
	}
	if (id > 0 && (rc = lk_work_get(ctx, k, id, &a, &old)))
		goto out;
	lk_rec_resolve(&r, id > 0 ? &old : NULL);
	for (i = 0; i < k->t->n; i++)
		if ((k->t->f[i].flags & LK_FF_REQUIRED) && !r.v[i]) {
			rc = lk_err_set(&ctx->err, LK_EINVAL,
					_("%s is required"), k->t->f[i].key);
			ctx->err.field = k->t->f[i].key;
			goto out;
		}
	if ((rc = resolve(ctx, &r, &hid, region, c)))
		goto out;
	if (ctx->cadre && !hid) { /* a helper writes its households' work */
		rc = lk_err_set(&ctx->err, LK_EPERM,
				_("a helper records only the work of the "
				  "households paired with it"));
		goto out;
	}
	snprintf(county, sizeof county, "%.6s", region);
	p.k = k;
	p.id = id;
	p.r = &r;
	p.old = id > 0 ? &old : NULL;
	p.household_id = hid;
	p.region = region;
	if (k->check && (rc = k->check(ctx, &p)))
		goto out;
	if (c && c->now[0])
		memcpy(now, c->now, sizeof now);
	else
		lk_now_iso(now);
	if (!(q = kind_sql(k, id > 0))) {
		rc = LK_ENOMEM;
		goto out;
	}
	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	idx = lk_rec_bind(st, 1, &r, LK_FF_NOCOL);
	if (has_flag(k->t, LK_WF_HH)) {
		if (hid)
			db_bind_int64(st, idx++, hid);
		else
			db_bind_null(st, idx++);
	}
	if (!has_flag(k->t, LK_WF_REGION))
		db_bind_text(st, idx++, region, -1);
	db_bind_text(st, idx++, county, -1);
	if (id <= 0)
		db_bind_text(st, idx++, now, -1);
	db_bind_text(st, idx++, now, -1);
	if (id > 0)
		db_bind_int64(st, idx, id);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (id <= 0) {
		id = db_last_insert_id(ctx->db);
		if (new_id)
			*new_id = id;
	}
	if (!(flags & LK_PUT_BULK) &&
	    (rc = audit_put(ctx, p.old ? "update" : "create", k, id, p.old,
			    &r)))
		goto out;
	if (tx && (rc = db_commit(ctx->db, &ctx->err)))
		goto out;
	tx = 0;
	rc = 0;
out:
	if (tx)
		db_rollback(ctx->db);
	db_done(st);
	lk_arena_free(&a);
	return rc;
}

int lk_work_put(struct lk_ctx *ctx, const struct lk_wkind *k, int64_t id,
		const struct lk_rec *in, unsigned flags, int64_t *new_id)
{
	return put(ctx, k, id, in, flags, new_id, NULL);
}

int lk_work_remove(struct lk_ctx *ctx, const struct lk_wkind *k, int64_t id)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct db_stmt *st = NULL;
	struct lk_rec old;
	char q[128];
	int rc, tx = 0;

	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if ((rc = lk_work_get(ctx, k, id, &a, &old)))
		goto out;
	snprintf(q, sizeof q, "DELETE FROM %s WHERE id = ?", k->sql);
	if ((rc = db_prepare(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, id);
	rc = db_step(st, &ctx->err);
	if (rc == LK_ECONFLICT)
		rc = lk_err_set(&ctx->err, LK_ECONFLICT,
				_("%s %lld is referred to by other records"),
				k->name, (long long)id);
	if (rc < 0 || (rc = audit_put(ctx, "remove", k, id, &old, NULL)) ||
	    (rc = db_commit(ctx->db, &ctx->err)))
		goto out;
	tx = 0;
out:
	if (tx)
		db_rollback(ctx->db);
	db_done(st);
	lk_arena_free(&a);
	return rc;
}

/* ---- import -------------------------------------------------------- */

struct imp {
	struct lk_ctx *ctx;
	const char *file;
	void (*issue)(void *arg, const struct lk_wissue *is);
	void *arg;
	struct lk_wimport_stats *st;
};

static void report(struct imp *im, size_t row, const char *column,
		   const char *value, const char *rule, const char *msg)
{
	struct lk_wissue is = {im->file, row, column ? column : "",
			       value ? value : "", rule ? rule : "", msg};

	im->st->errors++;
	if (im->issue)
		im->issue(im->arg, &is);
}

#define COL_ID (-2)
#define COL_UNKNOWN (-1)

int lk_work_import(struct lk_ctx *ctx, const struct lk_wkind *k,
		   const char *path, enum csv_encoding enc, int dry_run,
		   void (*issue)(void *arg, const struct lk_wissue *is),
		   void *arg, struct lk_wimport_stats *stats)
{
	struct lk_wimport_stats dummy;
	struct imp im = {ctx, path, issue, arg, stats ? stats : &dummy};
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_buf v = LK_BUF_INIT(4096), msg = LK_BUF_INIT(4096);
	struct csv_reader *rd = NULL;
	char **fields, **head = NULL;
	size_t *lens, n, nhead = 0, i, row;
	int *map = NULL, seen[LK_REC_MAX] = {0};
	struct wcache *cache = NULL;
	int rc = LK_EINTERNAL, tx = 0, has_id = 0;

	memset(im.st, 0, sizeof *im.st);
	if (!(cache = calloc(1, sizeof *cache))) {
		rc = LK_ENOMEM;
		goto out;
	}
	lk_now_iso(cache->now);
	if ((rc = csv_open_file(path, enc, NULL, &rd, &ctx->err)))
		goto out;
	rc = csv_next(rd, &fields, &lens, &n, &ctx->err);
	if (rc == LK_EEOF) {
		rc = lk_err_set(&ctx->err, LK_EINVAL, _("%s is empty"), path);
		goto out;
	}
	if (rc)
		goto out;
	nhead = n;
	map = calloc(n, sizeof *map);
	head = calloc(n, sizeof *head);
	if (!map || !head) {
		rc = LK_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		const char *h = fields[i];
		int fi;
		if (i == 0 && strncmp(h, "\xEF\xBB\xBF", 3) == 0)
			h += 3;
		if (!(head[i] = lk_arena_strdup(&a, h))) {
			rc = LK_ENOMEM;
			goto out;
		}
		fi = lk_field_find(k->t, h);
		if (fi >= 0 && !seen[fi]) {
			map[i] = fi;
			seen[fi] = 1;
		} else if (fi < 0 && (strcmp(h, "id") == 0 ||
				      strcmp(h, "编号") == 0) && !has_id) {
			map[i] = COL_ID;
			has_id = 1;
		} else {
			map[i] = COL_UNKNOWN;
			report(&im, 1, h, "", "header.unknown",
			       fi >= 0 ? _("column given twice")
				       : _("unknown column"));
		}
	}
	if (!has_id)
		for (i = 0; i < k->t->n; i++)
			if ((k->t->f[i].flags & LK_FF_REQUIRED) && !seen[i])
				report(&im, 1, k->t->f[i].key, "",
				       "header.missing",
				       _("required column missing"));
	/* The header lives in the arena, which rows reset: keep it apart. */
	{
		struct lk_arena keep = a;
		a = (struct lk_arena)LK_ARENA_INIT(0);
		if ((rc = db_begin(ctx->db, &ctx->err))) {
			lk_arena_free(&keep);
			goto out;
		}
		tx = 1;
		while (im.st->errors < MAX_IMPORT_ERRORS &&
		       (rc = csv_next(rd, &fields, &lens, &n, &ctx->err)) ==
			       0) {
			struct lk_rec r;
			struct lk_problem p;
			int64_t id = 0, nid = 0;
			size_t errs = im.st->errors;
			int isnull;

			row = csv_row(rd);
			lk_arena_reset(&a);
			lk_rec_init(&r, k->t);
			if (n == 1 && lens[0] == 0)
				continue; /* blank line */
			im.st->rows++;
			for (i = 0; i < nhead && i < n; i++) {
				if (map[i] == COL_ID) {
					if (lk_parse_int64(fields[i], 1,
							   INT64_MAX, &id))
						report(&im, row, head[i],
						       fields[i], "value.id",
						       _("not a record id"));
					continue;
				}
				if (map[i] < 0)
					continue;
				rc = lk_work_parse(ctx, &k->t->f[map[i]],
						   fields[i], &v, &isnull, &p);
				if (rc == LK_EINVAL) {
					report(&im, row, head[i], fields[i],
					       p.rule, p.msg);
					continue;
				}
				if (rc)
					goto keep_out;
				if (!isnull &&
				    !(r.v[map[i]] = lk_arena_strdup(
					      &a, lk_buf_str(&v)))) {
					rc = LK_ENOMEM;
					goto keep_out;
				}
			}
			if (n > nhead)
				report(&im, row, "", "", "row.fields",
				       _("more fields than the header"));
			if (im.st->errors > errs)
				continue;
			if (id > 0) /* columns not in the file are kept */
				for (i = 0; i < k->t->n; i++)
					if (!seen[i])
						r.v[i] = LK_KEEP;
			rc = put(ctx, k, id, &r, LK_PUT_BULK, &nid, cache);
			if (rc == LK_EINVAL || rc == LK_ENOTFOUND ||
			    rc == LK_ECONFLICT || rc == LK_EPERM) {
				const char *col = "", *val = "";
				for (i = 0; ctx->err.field && i < nhead; i++)
					if (map[i] >= 0 &&
					    strcmp(k->t->f[map[i]].key,
						   ctx->err.field) == 0 &&
					    i < n) {
						col = head[i];
						val = fields[i];
					}
				report(&im, row, col, val, "record",
				       lk_err_msg(&ctx->err));
				continue;
			}
			if (rc)
				goto keep_out;
			if (id > 0)
				im.st->updated++;
			else
				im.st->created++;
		}
		if (rc == LK_EEOF) {
			rc = 0;
		} else if (rc == LK_EINVAL) { /* a CSV format error */
			size_t erow, ecol;
			csv_error_pos(rd, &erow, &ecol);
			report(&im, erow, "", "", "csv.format",
			       lk_err_msg(&ctx->err));
			rc = 0;
		}
	keep_out:
		lk_arena_free(&keep);
	}
	if (rc)
		goto out;
	if (im.st->errors) {
		im.st->created = im.st->updated = 0;
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("%s: %zu errors, nothing imported"), path,
				im.st->errors);
		goto out;
	}
	if (dry_run)
		goto out; /* rolled back below */
	if ((rc = lk_buf_printf(&msg, "{\"file\":")) ||
	    (rc = lk_json_str(&msg, path)) ||
	    (rc = lk_buf_printf(&msg, ",\"rows\":%zu,\"created\":%zu,"
				      "\"updated\":%zu}",
				im.st->rows, im.st->created, im.st->updated)) ||
	    (rc = lk_audit(ctx, "import", k->name, path, NULL,
			   lk_buf_str(&msg))) ||
	    (rc = db_commit(ctx->db, &ctx->err)))
		goto out;
	tx = 0;
out:
	if (tx)
		db_rollback(ctx->db);
	csv_close(rd);
	free(cache);
	free(map);
	free(head);
	lk_buf_free(&v);
	lk_buf_free(&msg);
	lk_arena_free(&a);
	return rc;
}
