/* Computations over the resident team, party points and employment
 * records (work.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "policy/policy.h"
#include "registry/region.h"
#include "store/db.h"
#include "work/work_int.h"

/* First day of month "YYYY-MM" and of the month after it. */
static int month_range(struct lk_ctx *ctx, const char *month,
		       char lo[LK_DATE_BUFSZ], char hi[LK_DATE_BUFSZ])
{
	struct lk_date d;
	char s[16];
	int y, m;

	snprintf(s, sizeof s, "%.7s-01", month ? month : "");
	if (!month || strlen(month) != 7 || lk_date_parse(s, &d))
		return lk_err_set(&ctx->err, LK_EINVAL,
				  _("%s is not a month (YYYY-MM)"),
				  month ? month : "");
	y = d.y;
	m = d.m;
	lk_date_format(d, lo);
	d.y = m == 12 ? y + 1 : y;
	d.m = m == 12 ? 1 : m + 1;
	lk_date_format(d, hi);
	return 0;
}

int lk_team_days(struct lk_ctx *ctx, const char *region, const char *month,
		 int (*fn)(void *arg, const struct lk_wdays *d), void *arg)
{
	static const char q[] =
		"SELECT m.id, m.name, m.role, m.sent_level, "
		"count(CASE WHEN a.status = 'present' THEN 1 END), "
		"count(CASE WHEN a.status = 'leave' THEN 1 END), "
		"count(CASE WHEN a.status = 'travel' THEN 1 END) "
		"FROM team_member m LEFT JOIN attendance a ON "
		"a.team_member_id = m.id AND a.on_date >= ?3 AND "
		"a.on_date < ?4 WHERE m.region_code >= ?1 AND "
		"m.region_code < ?2 AND m.from_date < ?4 AND (m.to_date IS "
		"NULL OR m.to_date >= ?3) GROUP BY m.id, m.name, m.role, "
		"m.sent_level ORDER BY m.id";
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX], m1[LK_DATE_BUFSZ], m2[LK_DATE_BUFSZ];
	struct db_stmt *st = NULL;
	struct lk_wdays d;
	int rc;

	if ((rc = month_range(ctx, month, m1, m2)) ||
	    (rc = lk_scope_range(ctx, region, lo, hi)) ||
	    (rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, lo, -1);
	db_bind_text(st, 2, hi, -1);
	db_bind_text(st, 3, m1, -1);
	db_bind_text(st, 4, m2, -1);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		d.id = db_col_int64(st, 0);
		d.name = db_col_text(st, 1);
		d.role = db_col_text(st, 2);
		d.sent_level = db_col_text(st, 3);
		d.present = db_col_int64(st, 4);
		d.leave = db_col_int64(st, 5);
		d.travel = db_col_int64(st, 6);
		if ((rc = fn(arg, &d)))
			goto out;
	}
out:
	db_done(st);
	return rc;
}

struct standing_row {
	struct lk_wstanding s;
	char *name, *kind, *region;
};

static int cmp_total(const void *a, const void *b)
{
	const struct standing_row *x = a, *y = b;

	if (x->s.total != y->s.total)
		return x->s.total > y->s.total ? -1 : 1;
	return x->s.id < y->s.id ? -1 : x->s.id > y->s.id;
}

int lk_party_standings(struct lk_ctx *ctx, const char *region,
		       const char *from, const char *to,
		       int (*fn)(void *arg, const struct lk_wstanding *s),
		       void *arg)
{
	static const char q[] =
		"SELECT m.id, m.party_branch_id, m.name, m.kind, "
		"m.region_code, coalesce(sum(p.points), 0) FROM party_member m "
		"LEFT JOIN party_points p ON p.party_member_id = m.id AND "
		"p.on_date >= ?3 AND p.on_date <= ?4 WHERE m.region_code >= ?1 "
		"AND m.region_code < ?2 GROUP BY m.id, m.party_branch_id, "
		"m.name, m.kind, m.region_code";
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX];
	struct lk_policy_cache *pc = NULL;
	struct standing_row *rows = NULL, *t;
	struct db_stmt *st = NULL;
	struct lk_date d1, d2;
	size_t n = 0, cap = 0, i;
	int rc;

	if (!from || !to || lk_date_parse(from, &d1) ||
	    lk_date_parse(to, &d2)) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("standings need two dates (YYYY-MM-DD)"));
		goto out;
	}
	if ((rc = lk_scope_range(ctx, region, lo, hi)) ||
	    (rc = lk_policy_cache_new(ctx, &pc)) ||
	    (rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, lo, -1);
	db_bind_text(st, 2, hi, -1);
	db_bind_text(st, 3, from, -1);
	db_bind_text(st, 4, to, -1);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if (!(t = realloc(rows, cap * sizeof *rows))) {
				rc = LK_ENOMEM;
				goto out;
			}
			rows = t;
		}
		t = &rows[n];
		memset(t, 0, sizeof *t);
		n++;
		t->s.id = db_col_int64(st, 0);
		t->s.branch_id = db_col_int64(st, 1);
		t->s.points = db_col_int64(st, 5);
		t->name = strdup(db_col_text(st, 2));
		t->kind = strdup(db_col_text(st, 3));
		t->region = strdup(db_col_text(st, 4));
		if (!t->name || !t->kind || !t->region) {
			rc = LK_ENOMEM;
			goto out;
		}
	}
	if (rc < 0)
		goto out;
	db_done(st);
	st = NULL;
	for (i = 0; i < n; i++) {
		if ((rc = lk_policy_cache_int(pc, "party_points_base",
					      rows[i].region, d2.y,
					      &rows[i].s.base)))
			goto out;
		rows[i].s.total = rows[i].s.base + rows[i].s.points;
	}
	if (n)
		qsort(rows, n, sizeof *rows, cmp_total);
	for (i = 0; i < n; i++) {
		rows[i].s.rank = i && rows[i].s.total == rows[i - 1].s.total
					 ? rows[i - 1].s.rank
					 : (int)i + 1;
		rows[i].s.name = rows[i].name;
		rows[i].s.kind = rows[i].kind;
		if ((rc = fn(arg, &rows[i].s)))
			goto out;
	}
	rc = 0;
out:
	db_done(st);
	for (i = 0; i < n; i++) {
		free(rows[i].name);
		free(rows[i].kind);
		free(rows[i].region);
	}
	free(rows);
	lk_policy_cache_free(pc);
	return rc;
}

int lk_work_laborers(struct lk_ctx *ctx, const char *region, const char *date,
		     int (*fn)(void *arg, const struct lk_wlabour *l),
		     void *arg)
{
	/* labour codes of the registry's code list: ordinary, skilled and
	 * weak or half labour count as laborers */
	static const char q[] =
		"SELECT h.household_no, h.village_code, h.head_name, "
		"count(m.id), count(CASE WHEN m.labour IN ('ordinary', "
		"'skilled', 'weak') THEN 1 END), count(CASE WHEN EXISTS "
		"(SELECT 1 FROM employment e WHERE e.household_id = h.id AND "
		"e.id_number = m.id_number AND (e.from_date IS NULL OR "
		"e.from_date <= ?3) AND (e.to_date IS NULL OR e.to_date >= ?3)) "
		"THEN 1 END) FROM household h JOIN member m ON m.household_id "
		"= h.id AND m.member_status = 'current' WHERE h.village_code "
		">= ?1 AND h.village_code < ?2 GROUP BY h.id, h.household_no, "
		"h.village_code, h.head_name ORDER BY h.village_code, "
		"h.household_no";
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX];
	struct db_stmt *st = NULL;
	struct lk_wlabour l;
	struct lk_date d;
	int rc;

	if (!date || lk_date_parse(date, &d)) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("%s is not a date (YYYY-MM-DD)"),
				date ? date : "");
		goto out;
	}
	if ((rc = lk_scope_range(ctx, region, lo, hi)) ||
	    (rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, lo, -1);
	db_bind_text(st, 2, hi, -1);
	db_bind_text(st, 3, date, -1);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		l.household_no = db_col_text(st, 0);
		l.village = db_col_text(st, 1);
		l.head_name = db_col_text(st, 2);
		l.members = db_col_int64(st, 3);
		l.laborers = db_col_int64(st, 4);
		l.employed = db_col_int64(st, 5);
		if ((rc = fn(arg, &l)))
			goto out;
	}
out:
	db_done(st);
	return rc;
}
