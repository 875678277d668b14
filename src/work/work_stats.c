/* Computations over the work records: helper load and unpaired
 * households, visit rounds and coverage, overdue follow-ups, fund
 * balances and the public disclosure list (work.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "policy/policy.h"
#include "registry/region.h"
#include "store/db.h"
#include "work/work_int.h"

/* Registered households: identified at some time and still on the
 * ledger as poor, lifted or returned to poverty (hh_status codes). */
#define REGISTERED "h.status IN ('poor', 'lifted', 'returned')"

typedef int (*hh_fn)(void *arg, const char *household_no, const char *village,
		     const char *head_name);

/* Runs q (?1 lo, ?2 hi, ?3 and ?4 the texts a and b) and calls fn with
 * columns 0..2 of each row. */
static int each_hh(struct lk_ctx *ctx, const char *q, const char *region,
		   const char *a, const char *b, hh_fn fn, void *arg)
{
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX];
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = lk_scope_range(ctx, region, lo, hi)) ||
	    (rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, lo, -1);
	db_bind_text(st, 2, hi, -1);
	db_bind_text(st, 3, a, -1);
	db_bind_text(st, 4, b, -1);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW)
		if ((rc = fn(arg, db_col_text(st, 0), db_col_text(st, 1),
			     db_col_text(st, 2))))
			goto out;
out:
	db_done(st);
	return rc;
}

static int check_date(struct lk_ctx *ctx, const char *date)
{
	struct lk_date d;

	if (!date || lk_date_parse(date, &d))
		return lk_err_set(&ctx->err, LK_EINVAL,
				  _("%s is not a date (YYYY-MM-DD)"),
				  date ? date : "");
	return 0;
}

int lk_cadre_load(struct lk_ctx *ctx, int64_t cadre_id, const char *date,
		  int64_t *households, int64_t *quota)
{
	static const char q[] =
		"SELECT c.region_code, (SELECT count(DISTINCT p.household_id) "
		"FROM pairing p WHERE p.cadre_id = c.id AND p.start_date <= ?2 "
		"AND (p.end_date IS NULL OR p.end_date >= ?2)) FROM cadre c "
		"WHERE c.id = ?1";
	struct db_stmt *st = NULL;
	char region[LK_REGION_CODE_MAX];
	int rc;

	if ((rc = check_date(ctx, date)) ||
	    (rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, cadre_id);
	db_bind_text(st, 2, date, 10);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_DONE || lk_scope_check(ctx, db_col_text(st, 0))) {
		rc = lk_err_set(&ctx->err, LK_ENOTFOUND, _("no cadre %lld"),
				(long long)cadre_id);
		goto out;
	}
	snprintf(region, sizeof region, "%s", db_col_text(st, 0));
	*households = db_col_int64(st, 1);
	db_done(st);
	st = NULL;
	rc = lk_policy_int(ctx, "helper_quota", region, atoi(date), quota);
out:
	db_done(st);
	return rc;
}

int lk_work_unpaired(struct lk_ctx *ctx, const char *region, const char *date,
		     hh_fn fn, void *arg)
{
	static const char q[] =
		"SELECT h.household_no, h.village_code, h.head_name FROM "
		"household h WHERE h.village_code >= ?1 AND h.village_code < ?2 "
		"AND " REGISTERED " AND NOT EXISTS (SELECT 1 FROM pairing p "
		"WHERE p.household_id = h.id AND p.start_date <= ?3 AND "
		"(p.end_date IS NULL OR p.end_date >= ?3)) AND ?4 IS NULL "
		"ORDER BY h.village_code, h.household_no";
	int rc;

	if ((rc = check_date(ctx, date)))
		return rc;
	return each_hh(ctx, q, region, date, NULL, fn, arg);
}

/* ---- visits -------------------------------------------------------- */

int lk_visit_round(struct lk_ctx *ctx, const char *region, int year, int n,
		   struct lk_wround *out)
{
	char v[LK_POLICY_VALUE_MAX];
	const char *p;
	int rc, i = 0;

	if ((rc = lk_policy_get(ctx, "visit_rounds",
				region && *region ? region : ctx->scope, year,
				v)))
		return rc;
	memset(out, 0, sizeof *out);
	out->year = year;
	out->n = n;
	for (p = v; *p;) {
		size_t len = strcspn(p, ",");
		int m1, d1, m2, d2, used = 0;
		struct lk_date a, b;
		char s[11];
		i++;
		if (sscanf(p, " %2d-%2d/%2d-%2d %n", &m1, &d1, &m2, &d2,
			   &used) != 4 ||
		    (size_t)used != len)
			goto bad;
		snprintf(s, sizeof s, "%04d-%02d-%02d", year, m1, d1);
		if (lk_date_parse(s, &a))
			goto bad;
		snprintf(s, sizeof s, "%04d-%02d-%02d", year, m2, d2);
		if (lk_date_parse(s, &b) || lk_date_cmp(a, b) > 0)
			goto bad;
		if (i == n) {
			lk_date_format(a, out->from);
			lk_date_format(b, out->to);
		}
		p += len;
		if (*p)
			p++;
	}
	out->count = i;
	if (n < 1 || n > i)
		return lk_err_set(&ctx->err, LK_ENOTFOUND,
				  _("round %d of %d: policy visit_rounds has "
				    "%d rounds"),
				  n, year, i);
	return 0;
bad:
	return lk_err_set(&ctx->err, LK_EINVAL,
			  _("policy visit_rounds: period %d of \"%s\" is not "
			    "MM-DD/MM-DD"),
			  i, v);
}

#define VISITED                                                               \
	"EXISTS (SELECT 1 FROM visit v WHERE v.household_id = h.id AND "      \
	"v.visit_date >= ?3 AND v.visit_date <= ?4)"

int lk_visit_coverage(struct lk_ctx *ctx, const char *region,
		      const struct lk_wround *rd, enum lk_cov_by by,
		      int (*fn)(void *arg, const struct lk_wcov *c),
		      void *arg)
{
	static const char by_village[] =
		"SELECT h.village_code, r.name, count(*), sum(CASE WHEN "
		VISITED " THEN 1 ELSE 0 END) FROM household h LEFT JOIN "
		"region r ON r.code = h.village_code WHERE h.village_code >= "
		"?1 AND h.village_code < ?2 AND " REGISTERED
		" GROUP BY h.village_code, r.name ORDER BY h.village_code";
	static const char by_cadre[] =
		"SELECT c.id, c.name, count(DISTINCT h.id), count(DISTINCT "
		"CASE WHEN " VISITED " THEN h.id END) FROM pairing p JOIN "
		"cadre c ON c.id = p.cadre_id JOIN household h ON h.id = "
		"p.household_id WHERE h.village_code >= ?1 AND h.village_code "
		"< ?2 AND " REGISTERED " AND p.start_date <= ?4 AND "
		"(p.end_date IS NULL OR p.end_date >= ?4) GROUP BY c.id, "
		"c.name ORDER BY c.id";
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX];
	struct db_stmt *st = NULL;
	struct lk_wcov c, total = {"", "", 0, 0};
	int rc;

	if ((rc = lk_scope_range(ctx, region, lo, hi)) ||
	    (rc = db_prepare_static(ctx->db,
				    by == LK_COV_CADRE ? by_cadre : by_village,
				    &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, lo, -1);
	db_bind_text(st, 2, hi, -1);
	db_bind_text(st, 3, rd->from, -1);
	db_bind_text(st, 4, rd->to, -1);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		c.key = db_col_text(st, 0);
		c.name = db_col_text(st, 1);
		c.households = db_col_int64(st, 2);
		c.visited = db_col_int64(st, 3);
		total.households += c.households;
		total.visited += c.visited;
		if ((rc = fn(arg, &c)))
			goto out;
	}
	if (rc == 0 && by == LK_COV_VILLAGE)
		rc = fn(arg, &total);
out:
	db_done(st);
	return rc;
}

int lk_visit_missing(struct lk_ctx *ctx, const char *region,
		     const struct lk_wround *rd, hh_fn fn, void *arg)
{
	static const char q[] =
		"SELECT h.household_no, h.village_code, h.head_name FROM "
		"household h WHERE h.village_code >= ?1 AND h.village_code < ?2 "
		"AND " REGISTERED " AND NOT " VISITED
		" ORDER BY h.village_code, h.household_no";

	return each_hh(ctx, q, region, rd->from, rd->to, fn, arg);
}

int lk_visit_overdue(struct lk_ctx *ctx, const char *region,
		     const char *as_of,
		     int (*fn)(void *arg, int64_t visit_id,
			       const char *household_no,
			       const char *visit_date,
			       const char *follow_up_date),
		     void *arg)
{
	static const char q[] =
		"SELECT v.id, h.household_no, v.visit_date, v.follow_up_date "
		"FROM visit v JOIN household h ON h.id = v.household_id WHERE "
		"v.region_code >= ?1 AND v.region_code < ?2 AND "
		"v.follow_up_date < ?3 AND NOT EXISTS (SELECT 1 FROM visit w "
		"WHERE w.household_id = v.household_id AND w.visit_date > "
		"v.visit_date) ORDER BY v.follow_up_date, v.id";
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX];
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = check_date(ctx, as_of)) ||
	    (rc = lk_scope_range(ctx, region, lo, hi)) ||
	    (rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, lo, -1);
	db_bind_text(st, 2, hi, -1);
	db_bind_text(st, 3, as_of, -1);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW)
		if ((rc = fn(arg, db_col_int64(st, 0), db_col_text(st, 1),
			     db_col_text(st, 2), db_col_text(st, 3))))
			goto out;
out:
	db_done(st);
	return rc;
}

/* ---- funds --------------------------------------------------------- */

int lk_fund_balance(struct lk_ctx *ctx, const char *region, int64_t id,
		    int (*fn)(void *arg, const struct lk_wfund *f), void *arg)
{
	static const char q[] =
		"SELECT f.id, f.name, f.source_level, f.region_code, f.amount, "
		"coalesce(sum(d.amount), 0), count(d.id) FROM fund f LEFT JOIN "
		"disbursement d ON d.fund_id = f.id WHERE f.region_code >= ?1 "
		"AND f.region_code < ?2 AND (?3 = 0 OR f.id = ?3) GROUP BY "
		"f.id ORDER BY f.id";
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX];
	struct db_stmt *st = NULL;
	struct lk_wfund f;
	int rc;

	if ((rc = lk_scope_range(ctx, region, lo, hi)) ||
	    (rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, lo, -1);
	db_bind_text(st, 2, hi, -1);
	db_bind_int64(st, 3, id > 0 ? id : 0);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		f.id = db_col_int64(st, 0);
		f.name = db_col_text(st, 1);
		f.source_level = db_col_text(st, 2);
		f.region = db_col_text(st, 3);
		f.amount = db_col_int64(st, 4);
		f.disbursed = db_col_int64(st, 5);
		f.balance = f.amount - f.disbursed;
		f.count = db_col_int64(st, 6);
		if ((rc = fn(arg, &f)))
			goto out;
	}
out:
	db_done(st);
	return rc;
}

int lk_fund_disclosure(struct lk_ctx *ctx, const char *region,
		       const char *from, const char *to,
		       int (*fn)(void *arg, const struct lk_wdisclose *d),
		       void *arg)
{
	/* recipient: the head's name or the project's name; never an ID
	 * number, phone or bank account */
	static const char q[] =
		"SELECT d.id, f.name, f.source_level, f.source_unit, "
		"d.paid_date, coalesce(h.head_name, p.name), h.group_name, "
		"coalesce(d.purpose, f.purpose), d.voucher_no, d.amount FROM "
		"disbursement d JOIN fund f ON f.id = d.fund_id LEFT JOIN "
		"household h ON h.id = d.household_id LEFT JOIN project p ON "
		"p.id = d.project_id WHERE d.region_code >= ?1 AND "
		"d.region_code < ?2 AND (?3 IS NULL OR d.paid_date >= ?3) AND "
		"(?4 IS NULL OR d.paid_date <= ?4) ORDER BY d.paid_date, d.id";
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX];
	struct db_stmt *st = NULL;
	struct lk_wdisclose d;
	int rc;

	if ((from && (rc = check_date(ctx, from))) ||
	    (to && (rc = check_date(ctx, to))) ||
	    (rc = lk_scope_range(ctx, region, lo, hi)) ||
	    (rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, lo, -1);
	db_bind_text(st, 2, hi, -1);
	db_bind_text(st, 3, from, -1);
	db_bind_text(st, 4, to, -1);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		d.id = db_col_int64(st, 0);
		d.fund = db_col_text(st, 1);
		d.source_level = db_col_text(st, 2);
		d.source_unit = db_col_text(st, 3);
		d.date = db_col_text(st, 4);
		d.recipient = db_col_text(st, 5);
		d.group = db_col_text(st, 6);
		d.purpose = db_col_text(st, 7);
		d.voucher_no = db_col_text(st, 8);
		d.amount = db_col_int64(st, 9);
		if ((rc = fn(arg, &d)))
			goto out;
	}
out:
	db_done(st);
	return rc;
}
