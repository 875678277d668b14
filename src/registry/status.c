/* Status history queries (status.h). */
#include "registry/status.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/i18n.h"
#include "registry/household.h"
#include "store/db.h"

int lk_status_index(const char *code)
{
	int i;

	if (!code)
		return -1;
	for (i = 0; i < LK_STATUS_N; i++)
		if (strcmp(code, lk_status_codes[i]) == 0)
			return i;
	return -1;
}

/* The date as canonical ISO text (LK_EINVAL with a message if it is no
 * date). */
static int iso_date(struct lk_ctx *ctx, const char *date, char out[11])
{
	struct lk_date d;
	int rc = 0;

	if (!date || lk_date_parse(date, &d))
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("%s is not a date (YYYY-MM-DD)"),
				date ? date : "");
	else
		lk_date_format(d, out);
	return rc;
}

/* Splits "YYYY-MM-DD<value>" (the SQL building blocks) into date and
 * value; NULL gives "" and dflt. */
static void split_event(const char *s, char date[11], const char **value,
			const char *dflt)
{
	if (!s || strlen(s) < 10) {
		date[0] = '\0';
		*value = dflt;
		return;
	}
	memcpy(date, s, 10);
	date[10] = '\0';
	*value = s + 10;
}

int lk_status_on(struct lk_ctx *ctx, int64_t household_id, const char *date,
		 char out[LK_STATUS_CODE_MAX], char since[11])
{
	/* clang-format off */
	static const char q[] =
		"SELECT h.village_code, " LK_SQL_STATUS_ON("h", "?2") " "
		"FROM household h WHERE h.id = ?1";
	/* clang-format on */
	struct db_stmt *st = NULL;
	const char *value;
	char d[11], on[11];
	int rc;

	assert(ctx && ctx->db && out);
	if ((rc = iso_date(ctx, date, d)))
		goto out;
	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, household_id);
	db_bind_text(st, 2, d, -1);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_DONE) {
		rc = lk_err_set(&ctx->err, LK_ENOTFOUND,
				_("no household with id %lld"),
				(long long)household_id);
		goto out;
	}
	if ((rc = lk_scope_check(ctx, db_col_text(st, 0))))
		goto out;
	split_event(db_col_text(st, 1), on, &value, "ordinary");
	snprintf(out, LK_STATUS_CODE_MAX, "%s", value);
	if (since)
		memcpy(since, on, 11);
	rc = 0;
out:
	db_done(st);
	return rc;
}

/* Checks that household_id exists and lies within the scope. */
static int household_in_scope(struct lk_ctx *ctx, int64_t household_id)
{
	static const char q[] = "SELECT village_code FROM household WHERE "
				"id = ?1";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, household_id);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_DONE) {
		rc = lk_err_set(&ctx->err, LK_ENOTFOUND,
				_("no household with id %lld"),
				(long long)household_id);
		goto out;
	}
	rc = lk_scope_check(ctx, db_col_text(st, 0));
out:
	db_done(st);
	return rc;
}

int lk_monitoring_on(struct lk_ctx *ctx, int64_t household_id, const char *date,
		     struct lk_monitoring *out)
{
	static const char last[] =
	    "SELECT id, on_date, value FROM status_event WHERE "
	    "household_id = ?1 AND kind = 'monitoring' AND on_date <= ?2 "
	    "ORDER BY on_date DESC, id DESC LIMIT 1";
	static const char elim[] =
	    "SELECT on_date FROM status_event WHERE household_id = ?1 AND "
	    "kind = 'risk_eliminated' AND on_date <= ?2 AND (on_date > ?3 "
	    "OR (on_date = ?3 AND id > ?4)) ORDER BY on_date, id LIMIT 1";
	struct db_stmt *st = NULL;
	struct lk_monitoring m;
	int64_t event_id = 0;
	char d[11];
	int rc;

	assert(ctx && ctx->db && out);
	memset(&m, 0, sizeof m);
	if ((rc = iso_date(ctx, date, d)) ||
	    (rc = household_in_scope(ctx, household_id)))
		goto out;
	if ((rc = db_prepare_static(ctx->db, last, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, household_id);
	db_bind_text(st, 2, d, -1);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_ROW) {
		const char *v = db_col_text(st, 2);
		event_id = db_col_int64(st, 0);
		snprintf(m.since, sizeof m.since, "%s", db_col_text(st, 1));
		snprintf(m.category, sizeof m.category, "%s", v ? v : "");
		m.monitored = 1;
	}
	db_done(st);
	st = NULL;
	if (m.monitored) {
		if ((rc = db_prepare_static(ctx->db, elim, &st, &ctx->err)))
			goto out;
		db_bind_int64(st, 1, household_id);
		db_bind_text(st, 2, d, -1);
		db_bind_text(st, 3, m.since, -1);
		db_bind_int64(st, 4, event_id);
		if ((rc = db_step(st, &ctx->err)) < 0)
			goto out;
		if (rc == DB_ROW) {
			snprintf(m.eliminated_on, sizeof m.eliminated_on, "%s",
				 db_col_text(st, 0));
			m.monitored = 0;
		}
	}
	*out = m;
	rc = 0;
out:
	db_done(st);
	return rc;
}

int lk_status_households(struct lk_ctx *ctx, const char *region,
			 const char *status, const char *date,
			 int (*fn)(void *arg, const struct lk_status_hh *h),
			 void *arg)
{
	/* clang-format off */
	static const char q[] =
		"SELECT x.id, x.household_no, x.village_code, x.st FROM "
		"(SELECT h.id, h.household_no, h.village_code, "
		LK_SQL_STATUS_ON("h", "?3") " AS st FROM household h "
		"WHERE h.village_code >= ?1 AND h.village_code < ?2) x "
		"WHERE coalesce(substr(x.st, 11), 'ordinary') = ?4 "
		"ORDER BY x.village_code, x.household_no";
	/* clang-format on */
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX], d[11], on[11];
	struct db_stmt *st = NULL;
	struct lk_status_hh h;
	int rc;

	assert(ctx && ctx->db && fn);
	if (lk_status_index(status) < 0) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("%s is not a household status"),
				status ? status : "");
		goto out;
	}
	if ((rc = iso_date(ctx, date, d)) ||
	    (rc = lk_scope_range(ctx, region, lo, hi)))
		goto out;
	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, lo, -1);
	db_bind_text(st, 2, hi, -1);
	db_bind_text(st, 3, d, -1);
	db_bind_text(st, 4, status, -1);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		h.id = db_col_int64(st, 0);
		h.no = db_col_text(st, 1);
		h.village_code = db_col_text(st, 2);
		split_event(db_col_text(st, 3), on, &h.status, "ordinary");
		h.since = on[0] ? on : NULL;
		if ((rc = fn(arg, &h)))
			goto out;
	}
out:
	db_done(st);
	return rc;
}

/* Adds one (group, status) row to c. */
static void count_row(struct lk_status_counts *c, const char *status,
		      long long households, long long people)
{
	int i = lk_status_index(status);

	if (i >= 0) {
		c->households[i] += households;
		c->people[i] += people;
	} else {
		c->other_households += households;
		c->other_people += people;
	}
	c->total_households += households;
	c->total_people += people;
}

int lk_status_counts_each(
    struct lk_ctx *ctx, const char *region, const char *date, int group_len,
    int (*fn)(void *arg, const struct lk_status_counts *c), void *arg)
{
	/* clang-format off */
	static const char q[] =
		"SELECT substr(x.village_code, 1, ?4) AS g, "
		"coalesce(substr(x.st, 11), 'ordinary') AS s, count(*), "
		"sum(x.people) FROM (SELECT h.village_code, "
		LK_SQL_STATUS_ON("h", "?3") " AS st, "
		LK_SQL_PEOPLE_ON("h", "?3") " AS people "
		"FROM household h WHERE h.village_code >= ?1 AND "
		"h.village_code < ?2) x GROUP BY g, s ORDER BY g, s";
	/* clang-format on */
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX], d[11];
	struct lk_status_counts c;
	struct db_stmt *st = NULL;
	int rc, have = 0;

	assert(ctx && ctx->db && fn);
	if ((rc = iso_date(ctx, date, d)) ||
	    (rc = lk_scope_range(ctx, region, lo, hi)))
		goto out;
	if (group_len < (int)strlen(lo) || group_len > 12) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("cannot group region %s by %d digits"),
				*lo ? lo : "-", group_len);
		goto out;
	}
	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, lo, -1);
	db_bind_text(st, 2, hi, -1);
	db_bind_text(st, 3, d, -1);
	db_bind_int64(st, 4, group_len);
	memset(&c, 0, sizeof c);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		const char *g = db_col_text(st, 0);

		g = g ? g : "";
		if (have && strcmp(g, c.region) != 0) {
			if ((rc = fn(arg, &c)))
				goto out;
			have = 0;
		}
		if (!have) {
			memset(&c, 0, sizeof c);
			snprintf(c.region, sizeof c.region, "%s", g);
			have = 1;
		}
		count_row(&c, db_col_text(st, 1), db_col_int64(st, 2),
			  db_col_int64(st, 3));
	}
	if (rc == DB_DONE && have)
		rc = fn(arg, &c);
out:
	db_done(st);
	return rc;
}

/* lk_status_counts: sums every group into one. */
static int sum_group(void *arg, const struct lk_status_counts *g)
{
	struct lk_status_counts *c = arg;
	int i;

	for (i = 0; i < LK_STATUS_N; i++) {
		c->households[i] += g->households[i];
		c->people[i] += g->people[i];
	}
	c->other_households += g->other_households;
	c->other_people += g->other_people;
	c->total_households += g->total_households;
	c->total_people += g->total_people;
	return 0;
}

int lk_status_counts(struct lk_ctx *ctx, const char *region, const char *date,
		     struct lk_status_counts *out)
{
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX];
	struct lk_status_counts c;
	int rc;

	memset(&c, 0, sizeof c);
	if ((rc = lk_scope_range(ctx, region, lo, hi)))
		goto out;
	snprintf(c.region, sizeof c.region, "%s", lo);
	if ((rc = lk_status_counts_each(ctx, lo, date, (int)strlen(lo),
					sum_group, &c)))
		goto out;
	*out = c;
out:
	return rc;
}
