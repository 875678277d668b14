/* The annual data lock (lock.h). */
#include "procedure/lock.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/idcard.h"
#include "core/json.h"
#include "procedure/proc_int.h"
#include "registry/region.h"
#include "registry/status.h"
#include "store/db.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const part_names[LK_LOCK_PARTS] = {"households", "incomes",
						      "pairings", "work"};
static const char *const part_labels[LK_LOCK_PARTS] = {
    N_("households"), N_("incomes"), N_("pairings"), N_("work records")};

/* Range of codes under region: lo <= code < hi. */
static void range_of(const char *region, char lo[16], char hi[17])
{
	size_t n = strlen(region);

	snprintf(lo, 16, "%s", region);
	if (n == 0) {
		strcpy(hi, ":");
		return;
	}
	memcpy(hi, region, n + 1);
	hi[n - 1]++;
}

static int check_region(struct lk_ctx *ctx, const char *region)
{
	size_t n = region ? strlen(region) : 0;

	if (!region || strspn(region, "0123456789") != n ||
	    (n != 2 && n != 4 && n != 6 && n != 9 && n != 12))
		return lk_err_set(&ctx->err, LK_EINVAL,
				  _("%s is not a region code"),
				  region ? region : "");
	return lk_scope_check(ctx, region);
}

static int check_year(struct lk_ctx *ctx, int year)
{
	if (year < 1949 || year > 2100)
		return lk_err_set(&ctx->err, LK_EINVAL, _("%d is not a year"),
				  year);
	return 0;
}

/* ---- the digest --------------------------------------------------------- */

static void feed(crypto_hash_sha256_state *h, const char *s)
{
	char len[24];

	if (!s) {
		crypto_hash_sha256_update(h, (const unsigned char *)"-;", 2);
		return;
	}
	snprintf(len, sizeof len, "%zu:", strlen(s));
	crypto_hash_sha256_update(h, (const unsigned char *)len, strlen(len));
	crypto_hash_sha256_update(h, (const unsigned char *)s, strlen(s));
	crypto_hash_sha256_update(h, (const unsigned char *)";", 1);
}

/* Hashes every row of q (bound: ?1 lo, ?2 hi, ?3 D, ?4 Y-01-01, ?5 Y). */
static int hash_rows(struct lk_ctx *ctx, crypto_hash_sha256_state *h,
		     const char *q, const char *lo, const char *hi,
		     const char *d, const char *y0, int year, long long *rows)
{
	struct db_stmt *st = NULL;
	int rc, i, n;

	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_text(st, 1, lo, -1);
	db_bind_text(st, 2, hi, -1);
	db_bind_text(st, 3, d, -1);
	db_bind_text(st, 4, y0, -1);
	db_bind_int64(st, 5, year);
	n = db_col_count(st);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		for (i = 0; i < n; i++) {
			const char *name = db_col_name(st, i);
			/* when a row was written is no part of the data */
			if (name && (strcmp(name, "created_at") == 0 ||
				     strcmp(name, "updated_at") == 0))
				continue;
			feed(h, db_col_text(st, i));
		}
		crypto_hash_sha256_update(h, (const unsigned char *)"\n", 1);
		(*rows)++;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

static const char q_households[] =
    "SELECT h.household_no, h.village_code, " LK_SQL_STATUS_ON(
	"h",
	"?3") ", " LK_SQL_MONITORED_ON("h",
				       "?3") ", " LK_SQL_PEOPLE_ON("h",
								   "?3") " FROM"
									 " hous"
									 "ehold"
									 " h "
									 "WHERE"
									 " h."
									 "villa"
									 "ge_"
									 "code "
									 ">= "
									 "?1 "
									 "AND "
									 "h."
									 "villa"
									 "ge_"
									 "code "
									 "< ?2 "
									 "AND "
									 "?4 = "
									 "?4 "
									 "AND "
									 "?5 = "
									 "?5 "
									 "AND "
									 "EXIST"
									 "S "
									 "(SELE"
									 "CT 1 "
									 "FROM "
									 "statu"
									 "s_"
									 "event"
									 " e "
									 "WHERE"
									 " e."
									 "house"
									 "hold_"
									 "id = "
									 "h.id "
									 "AND "
									 "e.on_"
									 "date "
									 "<= "
									 "?3) "
									 "ORDER"
									 " BY "
									 "h."
									 "house"
									 "hold_"
									 "no";
static const char q_incomes[] =
    "SELECT h.household_no, i.persons, i.wage, i.operating, i.property, "
    "i.family_planning, i.dibao, i.tekun, i.pension, i.eco_compensation, "
    "i.other_transfer, i.expense FROM income i JOIN household h ON h.id = "
    "i.household_id WHERE h.village_code >= ?1 AND h.village_code < ?2 "
    "AND i.year = ?5 AND ?3 = ?3 AND ?4 = ?4 ORDER BY h.household_no";
static const char q_pairings[] =
    "SELECT h.household_no, p.cadre_id, p.start_date, CASE WHEN "
    "p.end_date IS NULL OR p.end_date > ?3 THEN NULL ELSE p.end_date END "
    "FROM pairing p JOIN household h ON h.id = p.household_id WHERE "
    "h.village_code >= ?1 AND h.village_code < ?2 AND p.start_date <= ?3 "
    "AND (p.end_date IS NULL OR p.end_date >= ?4) AND ?5 = ?5 ORDER BY "
    "h.household_no, p.cadre_id, p.start_date, p.id";
static const char q_steps[] =
    "SELECT 'step', p.id, h.household_no, p.kind, s.seq, s.step, "
    "s.on_date, s.actor, s.outcome, s.notes, s.members, s.attending, "
    "s.votes_for, s.votes_against, s.notice_id, s.objection_id, "
    "s.assessment, s.override_reason FROM procedure_step s JOIN procedure "
    "p ON p.id = s.procedure_id JOIN household h ON h.id = "
    "p.household_id WHERE p.village_code >= ?1 AND p.village_code < ?2 "
    "AND s.on_date >= ?4 AND s.on_date <= ?3 AND ?5 = ?5 ORDER BY p.id, "
    "s.seq";
static const char q_notices[] =
    "SELECT 'notice', n.id, n.village_code, n.kind, n.step, n.days, "
    "n.start_date, n.end_date, n.contact FROM notice n WHERE "
    "n.village_code >= ?1 AND n.village_code < ?2 AND n.start_date >= ?4 "
    "AND n.start_date <= ?3 AND ?5 = ?5 ORDER BY n.id";
static const char q_objections[] =
    "SELECT 'objection', o.id, o.notice_id, o.procedure_id, o.received_on, "
    "o.objector, o.text, CASE WHEN o.resolved_on <= ?3 THEN o.state ELSE "
    "'open' END, CASE WHEN o.resolved_on <= ?3 THEN o.resolved_on END, "
    "CASE WHEN o.resolved_on <= ?3 THEN o.reasons END FROM objection o "
    "JOIN notice n ON n.id = o.notice_id WHERE n.village_code >= ?1 AND "
    "n.village_code < ?2 AND o.received_on >= ?4 AND o.received_on <= ?3 "
    "AND ?5 = ?5 ORDER BY o.id";

/* The dated records of the work module (schema/0005_work.sql) of the
 * year, every column but the write times, by table and id. */
#define WORK_Q(t, d)                                                           \
	"SELECT '" t "', * FROM " t " WHERE region_code >= ?1 AND "            \
	"region_code < ?2 AND " d " >= ?4 AND " d " <= ?3 AND ?5 = ?5 "        \
	"ORDER BY id"
static const char q_visits[] = WORK_Q("visit", "visit_date");
static const char q_measures[] = WORK_Q("measure", "actual_date");
static const char q_funds[] = WORK_Q("fund", "received_date");
static const char q_disbursements[] = WORK_Q("disbursement", "paid_date");
static const char q_attendance[] = WORK_Q("attendance", "on_date");
static const char q_party_activities[] = WORK_Q("party_activity", "on_date");
static const char q_party_points[] = WORK_Q("party_points", "on_date");
static const char q_trainings[] = WORK_Q("training", "on_date");

/* Computes the parts and the whole digest of (year, region). */
static int compute(struct lk_ctx *ctx, int year, const char *region,
		   struct lk_lock_info *out)
{
	static const char *const qh[] = {q_households, NULL};
	static const char *const qi[] = {q_incomes, NULL};
	static const char *const qp[] = {q_pairings, NULL};
	static const char *const qw[] = {
	    q_steps,	     q_notices,	   q_objections,
	    q_visits,	     q_measures,   q_funds,
	    q_disbursements, q_attendance, q_party_activities,
	    q_party_points,  q_trainings,  NULL};
	const char *const *parts[LK_LOCK_PARTS] = {qh, qi, qp, qw};
	crypto_hash_sha256_state h, whole;
	unsigned char dg[crypto_hash_sha256_BYTES];
	char lo[16], hi[17], d[11], y0[11], head[64], rows[32];
	int i, j, rc;

	range_of(region, lo, hi);
	snprintf(d, sizeof d, "%04d-12-31", year);
	snprintf(y0, sizeof y0, "%04d-01-01", year);
	crypto_hash_sha256_init(&whole);
	snprintf(head, sizeof head, "lika-year-lock/%d;%d;", LK_LOCK_VERSION,
		 year);
	crypto_hash_sha256_update(&whole, (const unsigned char *)head,
				  strlen(head));
	feed(&whole, region);
	for (i = 0; i < LK_LOCK_PARTS; i++) {
		struct lk_lock_part *p = &out->parts[i];
		p->name = part_names[i];
		p->rows = 0;
		crypto_hash_sha256_init(&h);
		feed(&h, p->name);
		for (j = 0; parts[i][j]; j++)
			if ((rc = hash_rows(ctx, &h, parts[i][j], lo, hi, d, y0,
					    year, &p->rows)))
				return rc;
		crypto_hash_sha256_final(&h, dg);
		sodium_bin2hex(p->digest, sizeof p->digest, dg, sizeof dg);
		snprintf(rows, sizeof rows, "%lld", p->rows);
		feed(&whole, p->name);
		feed(&whole, rows);
		feed(&whole, p->digest);
	}
	crypto_hash_sha256_final(&whole, dg);
	sodium_bin2hex(out->digest, sizeof out->digest, dg, sizeof dg);
	out->year = year;
	snprintf(out->region, sizeof out->region, "%s", region);
	out->version = LK_LOCK_VERSION;
	return 0;
}

/* "name rows digest\n" per part. */
static int sections_text(const struct lk_lock_info *l, struct lk_buf *b)
{
	int i, rc;

	for (i = 0; i < LK_LOCK_PARTS; i++)
		if ((rc = lk_buf_printf(b, "%s %lld %s\n", l->parts[i].name,
					l->parts[i].rows, l->parts[i].digest)))
			return rc;
	return 0;
}

static void sections_parse(const char *s, struct lk_lock_info *l)
{
	int i;

	for (i = 0; i < LK_LOCK_PARTS; i++) {
		char name[32], dg[65];
		long long rows;
		const char *nl;
		l->parts[i].name = part_names[i];
		l->parts[i].rows = -1;
		l->parts[i].digest[0] = '\0';
		if (!s || !*s)
			continue;
		if (sscanf(s, "%31s %lld %64s", name, &rows, dg) == 3 &&
		    strcmp(name, part_names[i]) == 0) {
			l->parts[i].rows = rows;
			snprintf(l->parts[i].digest, sizeof l->parts[i].digest,
				 "%s", dg);
		}
		nl = strchr(s, '\n');
		s = nl ? nl + 1 : "";
	}
}

#define LOCK_COLS                                                              \
	"id, year, region, version, digest, sections, locked_at, locked_by, "  \
	"unlocked_at, unlocked_by, unlock_reason"

/* Reads LOCK_COLS (unlock_reason borrowed from st). */
static void read_lock(struct db_stmt *st, struct lk_lock_info *l)
{
	memset(l, 0, sizeof *l);
	l->id = db_col_int64(st, 0);
	l->year = (int)db_col_int64(st, 1);
	snprintf(l->region, sizeof l->region, "%s", db_col_text(st, 2));
	l->version = (int)db_col_int64(st, 3);
	snprintf(l->digest, sizeof l->digest, "%s", db_col_text(st, 4));
	sections_parse(db_col_text(st, 5), l);
	snprintf(l->locked_at, sizeof l->locked_at, "%s", db_col_text(st, 6));
	snprintf(l->locked_by, sizeof l->locked_by, "%s", db_col_text(st, 7));
	l->active = db_col_is_null(st, 8);
	if (!l->active) {
		snprintf(l->unlocked_at, sizeof l->unlocked_at, "%s",
			 db_col_text(st, 8));
		snprintf(l->unlocked_by, sizeof l->unlocked_by, "%s",
			 db_col_text(st, 9) ? db_col_text(st, 9) : "");
		l->unlock_reason = db_col_text(st, 10);
	}
}

/* The active lock of (year, region) into *l: 0, or LK_ENOTFOUND. */
static int active_lock(struct lk_ctx *ctx, int year, const char *region,
		       struct lk_lock_info *l)
{
	static const char q[] = "SELECT " LOCK_COLS " FROM year_lock WHERE "
				"year = ? AND region = ? AND unlocked_at IS "
				"NULL";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_int64(st, 1, year);
	db_bind_text(st, 2, region, -1);
	rc = db_step(st, &ctx->err);
	if (rc == DB_ROW) {
		read_lock(st, l);
		l->unlock_reason = NULL;
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = lk_err_set(&ctx->err, LK_ENOTFOUND,
				_("year %d of %s is not locked"), year, region);
	}
	db_done(st);
	return rc;
}

int lk_lock(struct lk_ctx *ctx, int year, const char *region,
	    struct lk_lock_info *out)
{
	static const char ins[] =
	    "INSERT INTO year_lock (year, region, version, digest, sections, "
	    "locked_at, locked_by) VALUES (?,?,?,?,?,?,?)";
	struct lk_buf sec = LK_BUF_INIT(1u << 12), b = LK_BUF_INIT(1u << 12);
	struct db_stmt *st = NULL;
	struct lk_lock_info l, old;
	struct lk_region reg;
	char key[32];
	int rc, tx = 0, first = 1, i;

	if ((rc = check_year(ctx, year)) || (rc = check_region(ctx, region)))
		goto out;
	if ((rc = lk_region_get(ctx, region, &reg))) {
		if (rc == LK_ENOTFOUND)
			rc = lk_err_set(&ctx->err, LK_EINVAL,
					_("no region with code %s"), region);
		goto out;
	}
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	rc = active_lock(ctx, year, region, &old);
	if (rc == 0) {
		rc = lk_err_set(&ctx->err, LK_ECONFLICT,
				_("year %d of %s is already locked (by %s on "
				  "%s)"),
				year, region, old.locked_by, old.locked_at);
		goto out;
	}
	if (rc != LK_ENOTFOUND)
		goto out;
	lk_err_clear(&ctx->err);
	memset(&l, 0, sizeof l);
	if ((rc = compute(ctx, year, region, &l)) ||
	    (rc = sections_text(&l, &sec)))
		goto out;
	lk_now_iso(l.locked_at);
	snprintf(l.locked_by, sizeof l.locked_by, "%s", ctx->user);
	l.active = 1;
	if ((rc = db_prepare_static(ctx->db, ins, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, year);
	db_bind_text(st, 2, region, -1);
	db_bind_int64(st, 3, l.version);
	db_bind_text(st, 4, l.digest, -1);
	db_bind_text(st, 5, lk_buf_str(&sec), -1);
	db_bind_text(st, 6, l.locked_at, -1);
	db_bind_text(st, 7, ctx->user, -1);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	l.id = db_last_insert_id(ctx->db);
	if ((rc = lk_buf_addc(&b, '{')) ||
	    (rc = lk__jint(&b, &first, "year", year)) ||
	    (rc = lk__jstr(&b, &first, "region", region)) ||
	    (rc = lk__jint(&b, &first, "version", l.version)) ||
	    (rc = lk__jstr(&b, &first, "digest", l.digest)))
		goto out;
	for (i = 0; i < LK_LOCK_PARTS; i++)
		if ((rc = lk_buf_printf(&b,
					",\"%s\":{\"rows\":%lld,"
					"\"digest\":\"%s\"}",
					l.parts[i].name, l.parts[i].rows,
					l.parts[i].digest)))
			goto out;
	snprintf(key, sizeof key, "%d/%s", year, region);
	if ((rc = lk_buf_addc(&b, '}')) ||
	    (rc = lk_audit(ctx, "lock", "year_lock", key, NULL,
			   lk_buf_str(&b))) ||
	    (rc = db_commit(ctx->db, &ctx->err)))
		goto out;
	tx = 0;
	if (out)
		*out = l;
out:
	db_done(st);
	if (tx)
		db_rollback(ctx->db);
	lk_buf_free(&sec);
	lk_buf_free(&b);
	return rc;
}

int lk_lock_verify(struct lk_ctx *ctx, int year, const char *region,
		   struct lk_lock_info *now)
{
	struct lk_buf why = LK_BUF_INIT(1u << 12);
	struct lk_lock_info l, c;
	int rc, i;

	if ((rc = check_year(ctx, year)) || (rc = check_region(ctx, region)))
		goto out;
	if ((rc = active_lock(ctx, year, region, &l)))
		goto out;
	memset(&c, 0, sizeof c);
	if ((rc = compute(ctx, year, region, &c)))
		goto out;
	c.id = l.id;
	memcpy(c.locked_at, l.locked_at, sizeof c.locked_at);
	memcpy(c.locked_by, l.locked_by, sizeof c.locked_by);
	c.active = 1;
	if (now)
		*now = c;
	if (l.version != LK_LOCK_VERSION) {
		rc = lk_err_set(&ctx->err, LK_ENOTSUP,
				_("the lock of year %d of %s has digest "
				  "version %d, which this lika cannot "
				  "compute"),
				year, region, l.version);
		goto out;
	}
	if (strcmp(c.digest, l.digest) == 0) {
		rc = 0;
		goto out;
	}
	for (i = 0; i < LK_LOCK_PARTS; i++) {
		if (strcmp(c.parts[i].digest, l.parts[i].digest) == 0)
			continue;
		if ((rc = lk_buf_printf(
			 &why, _("%s%s (%lld records locked, %lld now)"),
			 lk_buf_str(&why)[0] ? ", " : "", _(part_labels[i]),
			 l.parts[i].rows, c.parts[i].rows)))
			goto out;
	}
	rc = lk_err_set(&ctx->err, LK_ECORRUPT,
			_("year %d of %s changed since it was locked on %s: "
			  "%s"),
			year, region, l.locked_at,
			lk_buf_str(&why)[0] ? lk_buf_str(&why)
					    : _("the digest differs"));
out:
	lk_buf_free(&why);
	return rc;
}

/* A county administrator for region: scope of at most 6 digits that is
 * a prefix of region. */
static int county_admin(struct lk_ctx *ctx, const char *region)
{
	const char *scope = ctx->scope ? ctx->scope : "";

	if (strlen(scope) <= 6 && strncmp(region, scope, strlen(scope)) == 0)
		return 0;
	return lk_err_set(&ctx->err, LK_EPERM,
			  _("only an administrator of the whole county may "
			    "unlock %s (your scope is %s)"),
			  region, scope);
}

int lk_unlock(struct lk_ctx *ctx, int year, const char *region,
	      const char *reason)
{
	static const char upd[] =
	    "UPDATE year_lock SET unlocked_at = ?, unlocked_by = ?, "
	    "unlock_reason = ? WHERE id = ?";
	struct lk_buf b = LK_BUF_INIT(1u << 16), a = LK_BUF_INIT(1u << 16);
	struct db_stmt *st = NULL;
	struct lk_lock_info l;
	char now[LK_ISO_NOW_BUFSZ], key[32];
	int rc, tx = 0, first = 1, afirst = 1;

	if (!reason || !*reason) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("unlocking a year needs a reason"));
		goto out;
	}
	if ((rc = check_year(ctx, year)) || (rc = check_region(ctx, region)) ||
	    (rc = county_admin(ctx, region)))
		goto out;
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if ((rc = active_lock(ctx, year, region, &l))) {
		if (rc == LK_ENOTFOUND)
			rc = LK_ECONFLICT, ctx->err.code = LK_ECONFLICT;
		goto out;
	}
	lk_now_iso(now);
	if ((rc = db_prepare_static(ctx->db, upd, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, now, -1);
	db_bind_text(st, 2, ctx->user, -1);
	db_bind_text(st, 3, reason, -1);
	db_bind_int64(st, 4, l.id);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	snprintf(key, sizeof key, "%d/%s", year, region);
	if ((rc = lk_buf_addc(&b, '{')) ||
	    (rc = lk__jstr(&b, &first, "digest", l.digest)) ||
	    (rc = lk__jstr(&b, &first, "locked_at", l.locked_at)) ||
	    (rc = lk__jstr(&b, &first, "locked_by", l.locked_by)) ||
	    (rc = lk_buf_addc(&b, '}')) || (rc = lk_buf_addc(&a, '{')) ||
	    (rc = lk__jstr(&a, &afirst, "unlocked_at", now)) ||
	    (rc = lk__jstr(&a, &afirst, "reason", reason)) ||
	    (rc = lk_buf_addc(&a, '}')) ||
	    (rc = lk_audit(ctx, "unlock", "year_lock", key, lk_buf_str(&b),
			   lk_buf_str(&a))) ||
	    (rc = db_commit(ctx->db, &ctx->err)))
		goto out;
	tx = 0;
out:
	db_done(st);
	if (tx)
		db_rollback(ctx->db);
	lk_buf_free(&b);
	lk_buf_free(&a);
	return rc;
}

int lk_lock_list(struct lk_ctx *ctx, int year, const char *region,
		 int (*fn)(void *arg, const struct lk_lock_info *l), void *arg)
{
	static const char q[] =
	    "SELECT " LOCK_COLS " FROM year_lock WHERE (?1 = 0 OR year = "
	    "?1) AND (?2 IS NULL OR substr(region, 1, length(?2)) = ?2 OR "
	    "substr(?2, 1, length(region)) = region) ORDER BY year, region, "
	    "id";
	const char *scope = ctx->scope ? ctx->scope : "";
	struct db_stmt *st = NULL;
	struct lk_lock_info l;
	size_t sn = strlen(scope);
	int rc;

	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_int64(st, 1, year);
	db_bind_text(st, 2, region && *region ? region : NULL, -1);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		read_lock(st, &l);
		/* the locks that overlap the scope */
		if (strncmp(l.region, scope, sn) != 0 &&
		    strncmp(scope, l.region, strlen(l.region)) != 0)
			continue;
		if ((rc = fn(arg, &l)))
			break;
	}
	db_done(st);
	return rc;
}

/* ---- checks ------------------------------------------------------------- */

/* The first active lock overlapping region with year = y (exact) or
 * year >= y (!exact). */
/* Whether any year is locked at all; in a bulk session the answer is
 * read once (the session's transaction keeps it true). */
static int no_locks(struct lk_ctx *ctx)
{
	static const char q[] =
		"SELECT EXISTS (SELECT 1 FROM year_lock WHERE unlocked_at IS "
		"NULL)";
	struct db_stmt *st = NULL;

	if (ctx->lock_hint == 1 &&
	    db_prepare_static(ctx->db, q, &st, NULL) == 0) {
		if (db_step(st, NULL) == DB_ROW)
			ctx->lock_hint = db_col_int64(st, 0) ? 3 : 2;
		db_done(st);
	}
	return ctx->lock_hint == 2;
}

static int find_lock(struct lk_ctx *ctx, const char *region, int y, int exact,
		     struct lk_lock_info *l, int *found)
{
	static const char q[] =
	    "SELECT " LOCK_COLS " FROM year_lock WHERE unlocked_at IS NULL "
	    "AND (year = ?2 OR (?3 = 0 AND year > ?2)) AND (substr(?1, 1, "
	    "length(region)) = region OR substr(region, 1, length(?1)) = "
	    "?1) ORDER BY year, region LIMIT 1";
	struct db_stmt *st = NULL;
	int rc;

	*found = 0;
	if (no_locks(ctx))
		return 0;
	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_text(st, 1, region ? region : "", -1);
	db_bind_int64(st, 2, y);
	db_bind_int64(st, 3, exact);
	rc = db_step(st, &ctx->err);
	if (rc == DB_ROW) {
		read_lock(st, l);
		l->unlock_reason = NULL;
		*found = 1;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int lk_lock_check(struct lk_ctx *ctx, const char *region, int year)
{
	struct lk_lock_info l;
	int rc, found;

	if ((rc = find_lock(ctx, region, year, 1, &l, &found)) || !found)
		return rc;
	return lk_err_set(&ctx->err, LK_ECONFLICT,
			  _("year %d of %s is locked (by %s on %s): its data "
			    "cannot change unless a county administrator "
			    "unlocks it"),
			  l.year, l.region, l.locked_by, l.locked_at);
}

int lk_lock_check_from(struct lk_ctx *ctx, const char *region, const char *date)
{
	struct lk_lock_info l;
	int rc, found;

	if ((rc = find_lock(ctx, region, date && *date ? atoi(date) : 0, 0, &l,
			    &found)) ||
	    !found)
		return rc;
	if (date && *date)
		return lk_err_set(&ctx->err, LK_ECONFLICT,
				  _("a change dated %s would alter year %d of "
				    "%s, which is locked (by %s on %s); a "
				    "county administrator must unlock it "
				    "first"),
				  date, l.year, l.region, l.locked_by,
				  l.locked_at);
	return lk_err_set(&ctx->err, LK_ECONFLICT,
			  _("this change would alter year %d of %s, which is "
			    "locked (by %s on %s); a county administrator "
			    "must unlock it first"),
			  l.year, l.region, l.locked_by, l.locked_at);
}

/* ---- what a record implies ------------------------------------------------
 */

struct ev {
	char kind[20], value[24], date[11];
};

static const char *get(const struct lk_rec *r, const char *key)
{
	const char *v = r ? lk_rec_get(r, key) : NULL;

	return v == LK_KEEP ? NULL : v;
}

/* A "date or year" value as a date: a year means its first (start) or
 * last day. */
static void date_of(const char *v, int start, char out[11])
{
	if (strlen(v) == 4)
		snprintf(out, 11, "%s-%s", v, start ? "01-01" : "12-31");
	else
		snprintf(out, 11, "%.10s", v);
}

/* The status events household.c derives from r's status fields (as its
 * derive_events does); at most 5. */
static size_t implied(const struct lk_rec *r, const char *today,
		      struct ev out[5])
{
	const char *status = get(r, "status");
	const char *iy = get(r, "identified_year");
	const char *ly = get(r, "lifted_year");
	const char *mc = get(r, "monitoring_category");
	const char *ms = get(r, "monitoring_since");
	const char *re = get(r, "risk_eliminated");
	const char *ro = get(r, "risk_eliminated_on");
	size_t n = 0;

	if (!r)
		return 0;
#define EV(k, v, d)                                                            \
	do {                                                                   \
		snprintf(out[n].kind, sizeof out[n].kind, "%s", k);            \
		snprintf(out[n].value, sizeof out[n].value, "%s", v ? v : ""); \
		snprintf(out[n].date, sizeof out[n].date, "%s", d);            \
		n++;                                                           \
	} while (0)
	if (iy) {
		char d[11];
		date_of(iy, 1, d);
		EV("status", "poor", d);
	}
	if (ly) {
		char d[11];
		date_of(ly, 0, d);
		EV("status", "lifted", d);
	}
	if (status && strcmp(status, "poor") != 0 &&
	    strcmp(status, "lifted") != 0 &&
	    !(strcmp(status, "ordinary") == 0 && !iy))
		EV("status", status, today);
	else if (status && strcmp(status, "poor") == 0 && !iy)
		EV("status", "poor", today);
	if (mc) {
		char d[11];
		if (ms)
			date_of(ms, 1, d);
		else
			snprintf(d, sizeof d, "%s", today);
		EV("monitoring", mc, d);
	}
	if (re && re[0] == '1') {
		char d[11];
		if (ro)
			date_of(ro, 0, d);
		else
			snprintf(d, sizeof d, "%s", today);
		EV("risk_eliminated", mc, d);
	}
#undef EV
	return n;
}

static int has_ev(const struct ev *v, size_t n, const struct ev *e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].kind, e->kind) &&
		    !strcmp(v[i].value, e->value) &&
		    !strcmp(v[i].date, e->date))
			return 1;
	return 0;
}

int lk_lock_check_household(struct lk_ctx *ctx, const struct lk_rec *old,
			    const struct lk_rec *nw)
{
	struct ev a[5], b[5];
	const char *ov = get(old, "village_code"),
		   *nv = get(nw, "village_code");
	const char *village = nv ? nv : ov;
	char today[11], earliest[11] = "";
	size_t na, nb, i;
	int rc;

	if (!village || no_locks(ctx))
		return 0;
	if (ov && nv && strcmp(ov, nv) != 0) {
		if ((rc = lk_lock_check_from(ctx, ov, NULL)) ||
		    (rc = lk_lock_check_from(ctx, nv, NULL)))
			return rc;
	}
	lk_date_format(lk_today(), today);
	na = implied(old, today, a);
	nb = implied(nw, today, b);
	for (i = 0; i < na; i++)
		if (!has_ev(b, nb, &a[i]) &&
		    (!earliest[0] || strcmp(a[i].date, earliest) < 0))
			memcpy(earliest, a[i].date, sizeof earliest);
	for (i = 0; i < nb; i++)
		if (!has_ev(a, na, &b[i]) &&
		    (!earliest[0] || strcmp(b[i].date, earliest) < 0))
			memcpy(earliest, b[i].date, sizeof earliest);
	if (!earliest[0])
		return 0;
	return lk_lock_check_from(ctx, village, earliest);
}

/* The member's presence as [from, to): from "" = always, to
 * "9999-12-31" = still present; empty when from >= to. */
static void presence(const struct lk_rec *m, char from[11], char to[11])
{
	const char *id = get(m, "id_number");
	const char *status = get(m, "member_status");
	const char *sd = get(m, "status_date");
	char part[LK_ID_LEN + 1];
	struct lk_id_info info;

	from[0] = '\0';
	snprintf(to, 11, "9999-12-31");
	if (!m) {
		snprintf(from, 11, "9999-12-31"); /* never */
		return;
	}
	if (id && (strlen(id) == LK_ID_LEN || strlen(id) == LK_DIS_LEN)) {
		snprintf(part, sizeof part, "%.18s", id);
		if (lk_id_validate(part, &info, NULL) == 0)
			lk_date_format(info.birth_date, from);
	}
	if (status && strcmp(status, "current") != 0)
		snprintf(to, 11, "%s", sd ? sd : "");
}

int lk_lock_check_member(struct lk_ctx *ctx, const char *village,
			 const struct lk_rec *old, const struct lk_rec *nw)
{
	char f1[11], t1[11], f2[11], t2[11];
	const char *at = NULL;
	int e1, e2;

	/* a person entering the ledger changes no locked income, status or
	 * work record: incomes keep the household size they were surveyed
	 * with */
	if (!old || no_locks(ctx))
		return 0;
	presence(old, f1, t1);
	presence(nw, f2, t2);
	e1 = strcmp(f1, t1) >= 0;
	e2 = strcmp(f2, t2) >= 0;
	if (e1 && e2)
		return 0;
	if (e1)
		at = f2;
	else if (e2)
		at = f1;
	else if (strcmp(f1, f2) != 0)
		at = strcmp(f1, f2) < 0 ? f1 : f2;
	else if (strcmp(t1, t2) != 0)
		at = strcmp(t1, t2) < 0 ? t1 : t2;
	if (!at)
		return 0;
	return lk_lock_check_from(ctx, village, *at ? at : NULL);
}
