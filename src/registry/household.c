#include "registry/household.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/idcard.h"
#include "core/json.h"
#include "core/money.h"
#include "procedure/lock.h"
#include "registry/codes.h"
#include "registry/region.h"
#include "store/db.h"

#define HH_SKIP (LK_FF_NOCOL | LK_FF_INCOME)
#define M_SKIP LK_FF_NOCOL
#define I_SKIP LK_FF_NOCOL

/* SQL built once from the field tables. */
static struct {
	char *hh_select, *hh_insert, *hh_update;
	char *m_select_cur, *m_select_hh, *m_insert, *m_update;
	char *i_select, *i_insert, *i_update;
	char *m_each, *i_each; /* the rows of one household */
	int failed;
} sql;
static pthread_once_t sql_once = PTHREAD_ONCE_INIT;

static char *joinf(const char *fmt, const char *a, const char *b)
{
	size_t n;
	char *s;

	if (!a || !b)
		return NULL;
	n = strlen(fmt) + strlen(a) + strlen(b) + 1;
	s = malloc(n);
	if (s)
		snprintf(s, n, fmt, a, b);
	return s;
}

static char *qmarks(int n)
{
	char *s = malloc((size_t)n * 3 + 1);
	int i;

	if (!s)
		return NULL;
	s[0] = '\0';
	for (i = 0; i < n; i++)
		strcat(s, i ? ",?" : "?");
	return s;
}

static void build_sql(void)
{
	char *hc = lk_rec_cols(&lk_households, HH_SKIP, "%s");
	char *hs = lk_rec_cols(&lk_households, HH_SKIP, "%s = ?");
	char *hq = qmarks(lk_rec_ncols(&lk_households, HH_SKIP) + 4);
	char *mc = lk_rec_cols(&lk_members, M_SKIP, "%s");
	char *ms = lk_rec_cols(&lk_members, M_SKIP, "%s = ?");
	char *mq = qmarks(lk_rec_ncols(&lk_members, M_SKIP) + 6);
	char *ic = lk_rec_cols(&lk_incomes, I_SKIP, "%s");
	char *is = lk_rec_cols(&lk_incomes, I_SKIP, "%s = ?");
	char *iq = qmarks(lk_rec_ncols(&lk_incomes, I_SKIP) + 5);
	char *mcm = lk_rec_cols(&lk_members, M_SKIP, "m.%s");
	char *icm = lk_rec_cols(&lk_incomes, I_SKIP, "i.%s");

	sql.hh_select = joinf("SELECT id, %s FROM household "
			      "WHERE household_no = ?%s",
			      hc, "");
	sql.hh_insert = joinf("INSERT INTO household (%s, county_code, "
			      "group_code, created_at, updated_at) "
			      "VALUES (%s)",
			      hc, hq);
	sql.hh_update = joinf("UPDATE household SET %s, county_code = ?, "
			      "group_code = ?, updated_at = ? WHERE id = ?%s",
			      hs, "");
	sql.m_select_cur = joinf("SELECT m.id, m.household_id, h.household_no, "
				 "%s FROM member m JOIN household h ON "
				 "h.id = m.household_id WHERE m.id_number = ?1 "
				 "AND m.member_status = 'current' AND ?2 = ?2%s",
				 mc, "");
	sql.m_select_hh = joinf("SELECT m.id, m.household_id, h.household_no, "
				"%s FROM member m JOIN household h ON "
				"h.id = m.household_id WHERE m.id_number = ? "
				"AND m.household_id = ? ORDER BY m.id DESC "
				"LIMIT 1%s",
				mc, "");
	sql.m_insert = joinf("INSERT INTO member (%s, household_id, "
			     "county_code, seq, birth, created_at, updated_at) "
			     "VALUES (%s)",
			     mc, mq);
	sql.m_update = joinf("UPDATE member SET %s, birth = ?, updated_at = ? "
			     "WHERE id = ?%s",
			     ms, "");
	sql.i_select = joinf("SELECT persons, %s FROM income WHERE "
			     "household_id = ? AND year = ?%s",
			     ic, "");
	sql.i_insert = joinf("INSERT INTO income (%s, household_id, year, "
			     "county_code, persons, updated_at) VALUES (%s)",
			     ic, iq);
	sql.i_update = joinf("UPDATE income SET %s, persons = ?, "
			     "updated_at = ? WHERE household_id = ? AND "
			     "year = ?%s",
			     is, "");
	sql.m_each = joinf("SELECT h.household_no, %s FROM member m JOIN "
			   "household h ON h.id = m.household_id WHERE "
			   "m.household_id = ? ORDER BY m.member_status <> "
			   "'current', m.seq%s",
			   mcm, "");
	sql.i_each = joinf("SELECT h.household_no, i.year, i.persons, %s FROM "
			   "income i JOIN household h ON h.id = i.household_id "
			   "WHERE i.household_id = ? ORDER BY i.year%s",
			   icm, "");
	sql.failed = !sql.hh_select || !sql.hh_insert || !sql.hh_update ||
		     !sql.m_select_cur || !sql.m_select_hh || !sql.m_insert ||
		     !sql.m_update || !sql.i_select || !sql.i_insert ||
		     !sql.i_update || !sql.m_each || !sql.i_each;
	free(hc);
	free(hs);
	free(hq);
	free(mc);
	free(ms);
	free(mq);
	free(ic);
	free(is);
	free(iq);
	free(mcm);
	free(icm);
}

static int sql_ready(struct lk_ctx *ctx)
{
	pthread_once(&sql_once, build_sql);
	if (sql.failed)
		return lk_err_set(&ctx->err, LK_ENOMEM, "%s",
				  lk_strerror(LK_ENOMEM));
	return 0;
}

/*
 * The lookup cache of a bulk session (lk_registry_bulk_begin .. _end):
 * the last village checked, the last villager group resolved and the
 * last household looked up, with the next member number of that
 * household.  Bulk imports touch the same village, group and household
 * row after row; this spares three queries a row.  It also keeps each
 * household created in the session: its number, village and next member
 * number (it has no member but those added since), so that the members
 * of a new household never ask the ledger for it, in whatever order the
 * rows come.  It lives only inside
 * the session, which runs in one transaction of the caller: the caller
 * ends the session whether it commits or rolls back, so no entry can
 * outlive the data it describes.  Outside a session every lookup reads
 * the ledger.
 */
struct lk_reg_cache {
	char village[LK_REGION_CODE_MAX];
	char gvillage[LK_REGION_CODE_MAX], gname[256],
		gcode[LK_REGION_CODE_MAX];
	char hno[128];
	int64_t hid, next_seq; /* next_seq 0 = unknown */
	char hvillage[LK_REGION_CODE_MAX];
	/* bulk session: households above fresh_hid were created in it */
	int64_t fresh_hid;
	/* household fresh_hid + 1 + k in fh[k] (nfh of fh_cap; seq 0 = not
	 * noted: ask the ledger), found by number through slot[] (nslots,
	 * a power of 2; k + 1, 0 = empty) */
	struct fresh_hh {
		uint32_t seq; /* its next member number */
		char village[LK_REGION_CODE_MAX];
		const char *no; /* in a */
	} *fh;
	size_t nfh, fh_cap;
	uint32_t *slot;
	size_t nslots;
	struct lk_arena a;
	int bulk;
	int64_t now_unix; /* the time stamp of writes, per second */
	char now[32];
};

/* The session's cache, or NULL outside a bulk session. */
static struct lk_reg_cache *cache(struct lk_ctx *ctx)
{
	return ctx->reg && ctx->reg->bulk ? ctx->reg : NULL;
}

/* The most households a session keeps (about 48 MB). */
#define FRESH_MAX (1u << 20)

static uint32_t hash_no(const char *no)
{
	uint32_t h = 2166136261u;

	for (; *no; no++)
		h = (h ^ (unsigned char)*no) * 16777619u;
	return h;
}

/* Where number no sits in c->slot (its slot, or the empty one to take). */
static size_t slot_of(const struct lk_reg_cache *c, const char *no)
{
	size_t i = hash_no(no) & (c->nslots - 1);

	while (c->slot[i] && strcmp(c->fh[c->slot[i] - 1].no, no) != 0)
		i = (i + 1) & (c->nslots - 1);
	return i;
}

/* Keeps household hid (number no, in village), created in the session.
 * Without memory it is not kept (the ledger is asked when needed). */
static void fresh_keep(struct lk_ctx *ctx, int64_t hid, const char *no,
		       const char *village)
{
	struct lk_reg_cache *c = cache(ctx);
	struct fresh_hh *p;
	uint32_t *s;
	size_t k, n, i;

	if (!c || hid <= c->fresh_hid || hid - c->fresh_hid > FRESH_MAX ||
	    strlen(village) >= LK_REGION_CODE_MAX)
		return;
	k = (size_t)(hid - c->fresh_hid - 1);
	if (k >= c->fh_cap) {
		n = c->fh_cap ? c->fh_cap * 2 : 4096;
		while (n <= k)
			n *= 2;
		if (!(p = realloc(c->fh, n * sizeof *p)))
			return;
		c->fh = p;
		c->fh_cap = n;
	}
	if (2 * (c->nfh + 1) > c->nslots) { /* grow and rehash */
		n = c->nslots ? c->nslots * 2 : 8192;
		if (!(s = calloc(n, sizeof *s)))
			return;
		free(c->slot);
		c->slot = s;
		c->nslots = n;
		for (i = 0; i < c->nfh; i++)
			if (c->fh[i].seq)
				c->slot[slot_of(c, c->fh[i].no)] =
					(uint32_t)i + 1;
	}
	if (k >= c->nfh) {
		memset(c->fh + c->nfh, 0, (k + 1 - c->nfh) * sizeof *c->fh);
		c->nfh = k + 1;
	}
	if (!(c->fh[k].no = lk_arena_strdup(&c->a, no)))
		return;
	i = slot_of(c, no);
	if (c->slot[i]) /* cannot happen: numbers are unique */
		return;
	memcpy(c->fh[k].village, village, strlen(village) + 1);
	c->fh[k].seq = 1;
	c->slot[i] = (uint32_t)k + 1;
}

/* The kept household hid, or NULL. */
static struct fresh_hh *fresh_of(struct lk_ctx *ctx, int64_t hid)
{
	struct lk_reg_cache *c = cache(ctx);
	size_t k;

	if (!c || hid <= c->fresh_hid)
		return NULL;
	k = (size_t)(hid - c->fresh_hid - 1);
	return k < c->nfh && c->fh[k].seq ? &c->fh[k] : NULL;
}

/* The id of the kept household numbered no, or 0. */
static int64_t fresh_find(struct lk_ctx *ctx, const char *no)
{
	struct lk_reg_cache *c = cache(ctx);
	size_t i;

	if (!c || !c->nslots)
		return 0;
	i = slot_of(c, no);
	return c->slot[i] ? c->fresh_hid + c->slot[i] : 0;
}

/* Frees what the cache holds besides itself. */
static void cache_clear(struct lk_reg_cache *c)
{
	free(c->fh);
	free(c->slot);
	lk_arena_free(&c->a);
	memset(c, 0, sizeof *c);
}

void lk_registry_bulk_end(struct lk_ctx *ctx)
{
	if (ctx->reg)
		cache_clear(ctx->reg);
	ctx->lock_hint = 0;
	lk_clock_unpin();
}

/* The time stamp of a write (formatted once a second). */
static void now_iso(struct lk_ctx *ctx, char out[32])
{
	struct lk_reg_cache *c = cache(ctx);
	int64_t t = lk_now_unix();

	if (!c) {
		lk_unix_iso(t, out);
		return;
	}
	if (c->now_unix != t || !c->now[0]) {
		lk_unix_iso(t, c->now);
		c->now_unix = t;
	}
	memcpy(out, c->now, 32);
}

/* Whether household hid was created in the current bulk session. */
static int fresh(struct lk_ctx *ctx, int64_t hid)
{
	return ctx->reg && ctx->reg->bulk && hid > ctx->reg->fresh_hid;
}

static int max_id(struct lk_ctx *ctx, const char *q, int64_t *out)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(ctx->db, q, &st, &ctx->err)))
		return rc;
	rc = db_step(st, &ctx->err);
	if (rc == DB_ROW) {
		*out = db_col_int64(st, 0);
		rc = 0;
	}
	db_done(st);
	return rc;
}

int lk_registry_bulk_begin(struct lk_ctx *ctx, int64_t *household_base,
			   int64_t *member_base)
{
	int rc;

	lk_registry_bulk_end(ctx);
	if ((rc = max_id(ctx, "SELECT coalesce(max(id), 0) FROM household",
			 household_base)) ||
	    (rc = max_id(ctx, "SELECT coalesce(max(id), 0) FROM member",
			 member_base)))
		return rc;
	lk_clock_pin(); /* one time stamp, one today for the session */
	if (!ctx->reg && !(ctx->reg = calloc(1, sizeof *ctx->reg)))
		return 0; /* no cache: the session runs without one */
	ctx->reg->fresh_hid = *household_base;
	ctx->reg->bulk = 1;
	ctx->lock_hint = 1;
	return 0;
}

void lk_registry_release(struct lk_ctx *ctx)
{
	lk_registry_forget(ctx);
	lk_codes_invalidate(ctx);
}

/* The county (first 6 digits) of a village code. */
static void county_of(const char *village, char county[7])
{
	size_t n = strnlen(village, 6);

	memcpy(county, village, n);
	county[n] = '\0';
}

static void cache_household(struct lk_ctx *ctx, const char *no, int64_t hid,
			    const char *village, int64_t next_seq)
{
	struct lk_reg_cache *c = cache(ctx);

	size_t n = strlen(no), v = strlen(village);

	if (!c || n >= sizeof c->hno || v >= sizeof c->hvillage)
		return;
	memcpy(c->hno, no, n + 1); /* (hot: no snprintf) */
	memcpy(c->hvillage, village, v + 1);
	c->hid = hid;
	c->next_seq = next_seq;
}

/* Prepares a statement whose text is a literal or built once (struct
 * sql): never a buffer that is freed or reused. */
static int prep(struct lk_ctx *ctx, const char *q, struct db_stmt **st)
{
	/* every text here is a literal or built once (struct sql) */
	return db_prepare_static(ctx->db, q, st, &ctx->err);
}

/* Runs a statement to completion (no rows expected). */
static int run(struct lk_ctx *ctx, struct db_stmt *st)
{
	int rc = db_step(st, &ctx->err);

	return rc < 0 ? rc : 0;
}

static int audit_rec(struct lk_ctx *ctx, const char *action,
		     const char *entity, const char *key,
		     const struct lk_rec *before, const struct lk_rec *after,
		     unsigned skip)
{
	struct lk_buf b = LK_BUF_INIT(1u << 20), a = LK_BUF_INIT(1u << 20);
	int rc;

	if ((before && (rc = lk_rec_json(before, skip, NULL, LK_LANG_EN, &b))) ||
	    (after && (rc = lk_rec_json(after, skip, NULL, LK_LANG_EN, &a))))
		goto out;
	rc = lk_audit(ctx, action, entity, key, before ? lk_buf_str(&b) : NULL,
		      after ? lk_buf_str(&a) : NULL);
out:
	lk_buf_free(&b);
	lk_buf_free(&a);
	return rc;
}

/* ---- households ---------------------------------------------------- */

/* The condition "a helper's cadre is paired with household h.id today"
 * (ctx->cadre, core/ctx.h): ?n is the cadre (NULL = no restriction), ?d
 * today's date; bind them with bind_cadre(). */
#define CADRE_COND(n, d)                                                   \
	"(?" #n " IS NULL OR EXISTS (SELECT 1 FROM pairing p WHERE "       \
	"p.household_id = h.id AND p.cadre_id = ?" #n " AND "              \
	"(p.end_date IS NULL OR p.end_date >= ?" #d ")))"

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

/* 0 if the acting user may reach household hid (always, unless the user
 * is a helper: then only the households paired with its cadre), else
 * LK_ENOTFOUND "no household no" (never reveal what lies outside). */
static int cadre_reaches(struct lk_ctx *ctx, int64_t hid, const char *no)
{
	static const char q[] = "SELECT 1 FROM household h WHERE h.id = ?1 "
				"AND " CADRE_COND(2, 3);
	struct db_stmt *st = NULL;
	int rc;

	if (!ctx->cadre)
		return 0;
	if ((rc = prep(ctx, q, &st)))
		return rc;
	db_bind_int64(st, 1, hid);
	bind_cadre(ctx, st, 2, 3);
	rc = db_step(st, &ctx->err);
	db_done(st);
	if (rc == DB_ROW)
		return 0;
	if (rc < 0)
		return rc;
	return lk_err_set(&ctx->err, LK_ENOTFOUND, _("no household %s"), no);
}

static int check_village(struct lk_ctx *ctx, const char *code)
{
	struct lk_reg_cache *c = cache(ctx);
	struct lk_region r;
	int rc;

	if ((rc = lk_scope_check(ctx, code)))
		return rc;
	if (c && strcmp(c->village, code) == 0)
		return 0;
	rc = lk_region_get(ctx, code, &r);
	if (rc == LK_ENOTFOUND)
		return lk_err_set(&ctx->err, LK_EINVAL,
				  _("village code %s is not in the region "
				    "table (load the regions first)"),
				  code);
	if (rc)
		return rc;
	if (r.level != LK_LEVEL_VILLAGE)
		return lk_err_set(&ctx->err, LK_EINVAL,
				  _("%s (%s) is not a village"), code, r.name);
	if (c)
		snprintf(c->village, sizeof c->village, "%s", code);
	return 0;
}

/* The code of villager group name of village, created if missing. */
static int group_code_of(struct lk_ctx *ctx, const char *village,
			 const char *name, char out[LK_REGION_CODE_MAX])
{
	struct lk_reg_cache *c = cache(ctx);
	int rc;

	if (c && strcmp(c->gvillage, village) == 0 &&
	    strcmp(c->gname, name) == 0) {
		memcpy(out, c->gcode, LK_REGION_CODE_MAX);
		return 0;
	}
	if ((rc = lk_region_group_ensure(ctx, village, name, out)))
		return rc;
	if (c && strlen(name) < sizeof c->gname) {
		snprintf(c->gvillage, sizeof c->gvillage, "%s", village);
		snprintf(c->gname, sizeof c->gname, "%s", name);
		memcpy(c->gcode, out, LK_REGION_CODE_MAX);
	}
	return 0;
}

/* Date of a "date or year" value: a year means its first (start = 1) or
 * last day. */
static void date_of(const char *v, int start, char out[11])
{
	if (strlen(v) == 4)
		snprintf(out, 11, "%s-%s", v, start ? "01-01" : "12-31");
	else
		snprintf(out, 11, "%s", v);
}

static int add_event(struct lk_ctx *ctx, int64_t hid, const char *county,
		     const char *date, const char *kind, const char *value,
		     const char *source)
{
	static const char q[] =
		"INSERT INTO status_event (household_id, county_code, on_date, "
		"kind, value, source) VALUES (?,?,?,?,?,?)";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = prep(ctx, q, &st)))
		return rc;
	db_bind_int64(st, 1, hid);
	db_bind_text(st, 2, county, -1);
	db_bind_text(st, 3, date, -1);
	db_bind_text(st, 4, kind, -1);
	db_bind_text(st, 5, value, -1);
	db_bind_text(st, 6, source, -1);
	rc = run(ctx, st);
	db_done(st);
	return rc;
}

/* Rewrites the status history entries that come from the status fields
 * (source imported / entered) of household hid. */
static int derive_events(struct lk_ctx *ctx, int64_t hid, const char *county,
			 const struct lk_rec *r, unsigned flags, int fresh)
{
	static const char del[] = "DELETE FROM status_event WHERE "
				  "household_id = ? AND source IN "
				  "('imported', 'entered')";
	const char *src = (flags & LK_PUT_IMPORTED) ? "imported" : "entered";
	const char *status = lk_rec_get(r, "status");
	const char *iy = lk_rec_get(r, "identified_year");
	const char *ly = lk_rec_get(r, "lifted_year");
	const char *mc = lk_rec_get(r, "monitoring_category");
	const char *ms = lk_rec_get(r, "monitoring_since");
	const char *re = lk_rec_get(r, "risk_eliminated");
	const char *ro = lk_rec_get(r, "risk_eliminated_on");
	struct db_stmt *st = NULL;
	char d[11], today[11];
	int rc;

	lk_date_format(lk_today(), today);
	if (!fresh) {
		if ((rc = prep(ctx, del, &st)))
			return rc;
		db_bind_int64(st, 1, hid);
		rc = run(ctx, st);
		db_done(st);
		if (rc)
			return rc;
	}
	if (iy) {
		date_of(iy, 1, d);
		if ((rc = add_event(ctx, hid, county, d, "status", "poor", src)))
			return rc;
	}
	if (ly) {
		date_of(ly, 0, d);
		if ((rc = add_event(ctx, hid, county, d, "status", "lifted",
				    src)))
			return rc;
	}
	if (status && strcmp(status, "poor") != 0 &&
	    strcmp(status, "lifted") != 0 &&
	    !(strcmp(status, "ordinary") == 0 && !iy)) {
		if ((rc = add_event(ctx, hid, county, today, "status", status,
				    src)))
			return rc;
	} else if (status && strcmp(status, "poor") == 0 && !iy) {
		if ((rc = add_event(ctx, hid, county, today, "status", "poor",
				    src)))
			return rc;
	}
	if (mc) {
		if (ms)
			date_of(ms, 1, d);
		else
			snprintf(d, sizeof d, "%s", today);
		if ((rc = add_event(ctx, hid, county, d, "monitoring", mc, src)))
			return rc;
	}
	if (re && re[0] == '1') {
		if (ro)
			date_of(ro, 0, d);
		else
			snprintf(d, sizeof d, "%s", today);
		if ((rc = add_event(ctx, hid, county, d, "risk_eliminated",
				    mc, src)))
			return rc;
	}
	return 0;
}

/* A household moved to another county: its rows follow (county_code is
 * the partition key of every household-level table). */
static int move_county(struct lk_ctx *ctx, int64_t hid, const char *county)
{
	static const char *const q[] = {
		"UPDATE member SET county_code = ?1 WHERE household_id = ?2",
		"UPDATE income SET county_code = ?1 WHERE household_id = ?2",
		"UPDATE status_event SET county_code = ?1 WHERE household_id = "
		"?2"};
	struct db_stmt *st = NULL;
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof q / sizeof q[0] && !rc; i++) {
		if ((rc = prep(ctx, q[i], &st)))
			break;
		db_bind_text(st, 1, county, -1);
		db_bind_int64(st, 2, hid);
		rc = run(ctx, st);
		db_done(st);
	}
	return rc;
}

static int status_fields_differ(const struct lk_rec *a, const struct lk_rec *b)
{
	static const char *const keys[] = {
		"status",	   "identified_year",	 "lifted_year",
		"monitoring_category", "monitoring_since", "risk_eliminated",
		"risk_eliminated_on"};
	size_t i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *x = lk_rec_get(a, keys[i]);
		const char *y = lk_rec_get(b, keys[i]);
		if (!x != !y || (x && strcmp(x, y) != 0))
			return 1;
	}
	return 0;
}

int lk_household_put(struct lk_ctx *ctx, const struct lk_rec *in, int mode,
		     unsigned flags, int64_t *id, int *what)
{
	struct lk_rec w = *in, *r = &w;
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_rec old;
	struct db_stmt *st = NULL;
	const char *no = lk_rec_get(r, "household_no");
	const char *village = lk_rec_get(r, "village_code");
	const char *group;
	struct fresh_hh *fh;
	char county[7], group_code[LK_REGION_CODE_MAX] = "", now[32];
	int64_t hid = 0;
	int rc, tx = 0, exists = 0, idx;

	*what = LK_PUT_UNCHANGED;
	if ((rc = sql_ready(ctx)))
		goto out;
	if (!no || !village || no == LK_KEEP || village == LK_KEEP) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("a household needs a number and a village"));
		goto out;
	}
	if ((rc = check_village(ctx, village))) {
		ctx->err.field = "village_code";
		goto out;
	}
	county_of(village, county);
	if (!(flags & LK_PUT_BULK)) {
		if ((rc = db_begin(ctx->db, &ctx->err)))
			goto out;
		tx = 1;
	}
	lk_rec_init(&old, &lk_households);
	if ((rc = prep(ctx, sql.hh_select, &st)))
		goto out;
	db_bind_text(st, 1, no, -1);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_ROW) {
		exists = 1;
		hid = db_col_int64(st, 0);
		if ((rc = lk_rec_read(st, 1, &old, HH_SKIP, &a)))
			goto out;
	}
	db_done(st);
	st = NULL;
	lk_rec_resolve(r, exists ? &old : NULL);
	group = lk_rec_get(r, "group");
	if (group && (rc = group_code_of(ctx, village, group, group_code)))
		goto out;

	if (exists && mode == LK_PUT_CREATE) {
		rc = lk_err_set(&ctx->err, LK_ECONFLICT,
				_("household %s already exists"), no);
		goto out;
	}
	if (!exists && mode == LK_PUT_UPDATE) {
		rc = lk_err_set(&ctx->err, LK_ENOTFOUND,
				_("no household %s"), no);
		goto out;
	}
	if (!exists && ctx->cadre) {
		rc = lk_err_set(&ctx->err, LK_EPERM,
				_("a helper cannot register households"));
		goto out;
	}
	now_iso(ctx, now);
	if (exists) {
		const char *oldv = lk_rec_get(&old, "village_code");
		if ((rc = lk_scope_check(ctx, oldv)) ||
		    (rc = cadre_reaches(ctx, hid, no)))
			goto out;
		if (lk_rec_equal(&old, r, HH_SKIP))
			goto commit;
		if ((flags & LK_PUT_NO_STATUS) && status_fields_differ(&old, r)) {
			rc = lk_err_set(&ctx->err, LK_ECONFLICT,
					_("the status of household %s changes "
					  "only through a procedure ('lika "
					  "procedure start') or an "
					  "administrator's override ('lika "
					  "procedure override')"),
					no);
			ctx->err.field = "status";
			goto out;
		}
		if ((rc = lk_lock_check_household(ctx, &old, r)))
			goto out;
		if ((rc = prep(ctx, sql.hh_update, &st)))
			goto out;
		idx = lk_rec_bind(st, 1, r, HH_SKIP);
		db_bind_text_ref(st, idx++, county, -1);
		db_bind_text_ref(st, idx++, group_code[0] ? group_code : NULL, -1);
		db_bind_text_ref(st, idx++, now, -1);
		db_bind_int64(st, idx, hid);
		if ((rc = run(ctx, st)))
			goto out;
		if ((rc = audit_rec(ctx, "update", "household", no, &old, r,
				    HH_SKIP)))
			goto out;
		if (strncmp(oldv, village, 6) != 0 &&
		    (rc = move_county(ctx, hid, county)))
			goto out;
		if (status_fields_differ(&old, r) &&
		    (rc = derive_events(ctx, hid, county, r, flags, 0)))
			goto out;
		cache_household(ctx, no, hid, village, 0);
		if ((fh = fresh_of(ctx, hid)) &&
		    strlen(village) < sizeof fh->village)
			memcpy(fh->village, village, strlen(village) + 1);
		*what = LK_PUT_UPDATED;
	} else {
		if ((rc = lk_lock_check_household(ctx, NULL, r)))
			goto out;
		if ((rc = prep(ctx, sql.hh_insert, &st)))
			goto out;
		idx = lk_rec_bind(st, 1, r, HH_SKIP);
		db_bind_text_ref(st, idx++, county, -1);
		db_bind_text_ref(st, idx++, group_code[0] ? group_code : NULL, -1);
		db_bind_text_ref(st, idx++, now, -1);
		db_bind_text_ref(st, idx, now, -1);
		if ((rc = run(ctx, st)))
			goto out;
		hid = db_last_insert_id(ctx->db);
		if (!(flags & LK_PUT_BULK) &&
		    (rc = audit_rec(ctx, "create", "household", no, NULL, r,
				    HH_SKIP)))
			goto out;
		if ((rc = derive_events(ctx, hid, county, r, flags, 1)))
			goto out;
		cache_household(ctx, no, hid, village, 1);
		fresh_keep(ctx, hid, no, village);
		*what = LK_PUT_CREATED;
	}
commit:
	db_done(st);
	st = NULL;
	if (tx && (rc = db_commit(ctx->db, &ctx->err)))
		goto out;
	tx = 0;
	if (id)
		*id = hid;
out:
	db_done(st);
	if (tx)
		db_rollback(ctx->db);
	lk_arena_free(&a);
	return rc;
}

int lk_household_add(struct lk_ctx *ctx, const struct lk_rec *h,
		     const struct lk_rec *head)
{
	int rc, what;

	if ((rc = db_begin(ctx->db, &ctx->err)))
		return rc;
	if ((rc = lk_household_put(ctx, h, LK_PUT_CREATE, LK_PUT_NOCHECK, NULL,
				   &what)) ||
	    (rc = lk_member_put(ctx, head, LK_PUT_CREATE, 0, &what))) {
		db_rollback(ctx->db);
		return rc;
	}
	return db_commit(ctx->db, &ctx->err);
}

int lk_household_get(struct lk_ctx *ctx, const char *no, struct lk_arena *a,
		     struct lk_rec *r, int64_t *id)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = sql_ready(ctx)))
		goto out;
	lk_rec_init(r, &lk_households);
	if ((rc = prep(ctx, sql.hh_select, &st)))
		goto out;
	db_bind_text(st, 1, no, -1);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_DONE) {
		rc = lk_err_set(&ctx->err, LK_ENOTFOUND, _("no household %s"),
				no);
		goto out;
	}
	if (id)
		*id = db_col_int64(st, 0);
	if ((rc = lk_rec_read(st, 1, r, HH_SKIP, a)))
		goto out;
	rc = lk_scope_check(ctx, lk_rec_get(r, "village_code"));
	if (rc)
		lk_err_set(&ctx->err, LK_ENOTFOUND, _("no household %s"), no);
	if (rc)
		rc = LK_ENOTFOUND; /* never reveal what lies outside */
	if (!rc)
		rc = cadre_reaches(ctx, db_col_int64(st, 0), no);
out:
	db_done(st);
	return rc;
}

int lk_household_lookup(struct lk_ctx *ctx, const char *no, int64_t *id,
			char village[16])
{
	static const char q[] = "SELECT id, village_code FROM household "
				"WHERE household_no = ?";
	struct lk_reg_cache *c = cache(ctx);
	struct db_stmt *st = NULL;
	const char *kv = NULL; /* the village of a kept household */
	int64_t kid = 0;
	int rc;

	if (c && c->hid && strcmp(c->hno, no) == 0) {
		kid = c->hid;
		kv = c->hvillage;
	} else if ((kid = fresh_find(ctx, no)) != 0) {
		kv = fresh_of(ctx, kid)->village;
	}
	if (kv) {
		if (lk_scope_check(ctx, kv) != 0)
			return lk_err_set(&ctx->err, LK_ENOTFOUND,
					  _("no household %s"), no);
		if ((rc = cadre_reaches(ctx, kid, no)))
			return rc;
		*id = kid;
		if (village)
			memcpy(village, kv, 16);
		return 0;
	}
	if ((rc = prep(ctx, q, &st)))
		goto out;
	db_bind_text(st, 1, no, -1);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_DONE ||
	    lk_scope_check(ctx, db_col_text(st, 1)) != 0) {
		rc = lk_err_set(&ctx->err, LK_ENOTFOUND, _("no household %s"),
				no);
		goto out;
	}
	if ((rc = cadre_reaches(ctx, db_col_int64(st, 0), no)))
		goto out;
	*id = db_col_int64(st, 0);
	if (village)
		snprintf(village, 16, "%s", db_col_text(st, 1));
	cache_household(ctx, no, *id, db_col_text(st, 1), 0);
	rc = 0;
out:
	db_done(st);
	return rc;
}

int lk_household_validate(struct lk_ctx *ctx, int64_t id, const char **rule)
{
	static const char q[] =
		"SELECT h.household_no, "
		"(SELECT count(*) FROM member m WHERE m.household_id = h.id "
		" AND m.member_status = 'current'), "
		"(SELECT count(*) FROM member m WHERE m.household_id = h.id "
		" AND m.member_status = 'current' AND m.relation = '1'), "
		"(SELECT count(*) FROM member m WHERE m.household_id = h.id "
		" AND m.member_status = 'current' AND m.relation = '1' "
		" AND m.id_number = h.head_id) "
		"FROM household h WHERE h.id = ?";
	struct db_stmt *st = NULL;
	const char *r = NULL;
	int rc;

	if ((rc = prep(ctx, q, &st)))
		goto out;
	db_bind_int64(st, 1, id);
	if ((rc = db_step(st, &ctx->err)) <= 0)
		goto out; /* error, or no such household */
	rc = 0;
	if (db_col_int64(st, 1) == 0) {
		r = "household.empty";
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("household %s has no current member"),
				db_col_text(st, 0));
	} else if (db_col_int64(st, 2) == 0) {
		r = "household.no_head";
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("household %s has no member whose relation "
				  "is head (户主)"),
				db_col_text(st, 0));
	} else if (db_col_int64(st, 2) > 1) {
		r = "household.many_heads";
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("household %s has %lld members whose "
				  "relation is head (户主)"),
				db_col_text(st, 0),
				(long long)db_col_int64(st, 2));
	} else if (db_col_int64(st, 3) == 0) {
		r = "household.head_id";
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("household %s: head_id is not the ID number "
				  "of its head"),
				db_col_text(st, 0));
	}
out:
	if (rule)
		*rule = r;
	db_done(st);
	return rc;
}

/* ---- members ------------------------------------------------------- */

/* Derives sex and birth from a valid ID (18 digits, or the ID part of a
 * 20-digit certificate; valid: known to be, not checked again).  *sex is
 * "1"/"2" or NULL, birth "" if unknown. */
static void id_derive(const char *id, int valid, const char **sex,
		      char birth[11])
{
	char part[LK_ID_LEN + 1];
	struct lk_id_info info;
	size_t n = id ? strlen(id) : 0;
	int s;

	*sex = NULL;
	birth[0] = '\0';
	if (n != LK_ID_LEN && n != LK_DIS_LEN)
		return;
	memcpy(part, id, LK_ID_LEN);
	part[LK_ID_LEN] = '\0';
	if (!valid && lk_id_validate(part, &info, NULL) != 0)
		return;
	lk_id_facts(part, &s, birth);
	*sex = s == LK_SEX_MALE ? "1" : "2";
}

/* With only_household 0: the current member with this ID.  With 1: the
 * latest row of this ID in household hid.  LK_ENOTFOUND if none. */
static int member_find(struct lk_ctx *ctx, const char *id_number, int64_t hid,
		       int only_household, struct lk_arena *a,
		       struct lk_rec *r, int64_t *mid, int64_t *ohid,
		       const char **hno)
{
	struct db_stmt *st = NULL;
	int rc;

	lk_rec_init(r, &lk_members);
	if ((rc = prep(ctx, only_household ? sql.m_select_hh : sql.m_select_cur,
		       &st)))
		goto out;
	db_bind_text(st, 1, id_number, -1);
	db_bind_int64(st, 2, hid);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_DONE) {
		rc = LK_ENOTFOUND;
		goto out;
	}
	*mid = db_col_int64(st, 0);
	*ohid = db_col_int64(st, 1);
	*hno = lk_arena_strdup(a, db_col_text(st, 2));
	if (!*hno) {
		rc = LK_ENOMEM;
		goto out;
	}
	if ((rc = lk_rec_read(st, 3, r, M_SKIP, a)))
		goto out;
	r->v[0] = *hno; /* household_no is field 0 */
	rc = 0;
out:
	db_done(st);
	return rc;
}

/* The next member number of household hid (and counts it as used). */
static int next_seq(struct lk_ctx *ctx, int64_t hid, int64_t *seq)
{
	static const char q[] = "SELECT coalesce(max(seq), 0) + 1 FROM member "
				"WHERE household_id = ?";
	struct lk_reg_cache *c = cache(ctx);
	struct db_stmt *st = NULL;
	struct fresh_hh *fh = fresh_of(ctx, hid);
	int rc;

	if (fh) {
		*seq = fh->seq++;
		return 0;
	}
	if (c && c->hid == hid && c->next_seq > 0) {
		*seq = c->next_seq++;
		return 0;
	}
	if ((rc = prep(ctx, q, &st)))
		return rc;
	db_bind_int64(st, 1, hid);
	rc = db_step(st, &ctx->err);
	if (rc == DB_ROW) {
		*seq = db_col_int64(st, 0);
		if (c && c->hid == hid)
			c->next_seq = *seq + 1;
		rc = 0;
	}
	db_done(st);
	return rc;
}

int lk_member_put(struct lk_ctx *ctx, const struct lk_rec *r, int mode,
		  unsigned flags, int *what)
{
	return lk_member_put_ex(ctx, r, mode, flags, what, NULL, NULL);
}

int lk_member_put_ex(struct lk_ctx *ctx, const struct lk_rec *in, int mode,
		     unsigned flags, int *what, int64_t *member_id,
		     int64_t *household_id)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_rec r = *in, old;
	struct db_stmt *st = NULL;
	const char *hno = lk_rec_get(in, "household_no");
	const char *idn = lk_rec_get(in, "id_number");
	const char *sex = lk_rec_get(in, "sex"), *dsex, *ohno = NULL;
	const char *status = lk_rec_get(in, "member_status");
	char village[16], birth[11], now[32], county[7];
	int64_t hid, mid = 0, ohid = 0;
	int rc, tx = 0, exists = 0, idx, current;

	*what = LK_PUT_UNCHANGED;
	if ((rc = sql_ready(ctx)))
		goto out;
	if (!hno || !idn || hno == LK_KEEP || idn == LK_KEEP ||
	    !lk_rec_get(in, "name") || !lk_rec_get(in, "relation")) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("a member needs a household, a name, an ID "
				  "number and a relation to the head"));
		goto out;
	}
	if ((rc = lk_household_lookup(ctx, hno, &hid, village))) {
		ctx->err.field = "household_no";
		goto out;
	}
	county_of(village, county);
	if (!(flags & LK_PUT_BULK)) {
		if ((rc = db_begin(ctx->db, &ctx->err)))
			goto out;
		tx = 1;
	}

	/* as given (a missing status means current) */
	current = !status || status == LK_KEEP ||
		  strcmp(status, "current") == 0;
	/* A member of a household new in this bulk session is new too; the
	 * unique index catches an ID that is current elsewhere. */
	rc = fresh(ctx, hid) ? LK_ENOTFOUND
			     : member_find(ctx, idn, hid, 0, &a, &old, &mid,
					   &ohid, &ohno);
	if (rc == 0 && ohid != hid && current) {
		rc = lk_err_set(&ctx->err, LK_ECONFLICT,
				_("ID number %s is already a current member of "
				  "household %s"),
				idn, ohno);
		ctx->err.field = "id_number";
		goto out;
	}
	if ((rc == LK_ENOTFOUND && !fresh(ctx, hid)) || (rc == 0 && ohid != hid))
		/* a history row of this household, if any */
		rc = member_find(ctx, idn, hid, 1, &a, &old, &mid, &ohid,
				 &ohno);
	if (rc == 0)
		exists = 1;
	else if (rc != LK_ENOTFOUND)
		goto out;
	lk_rec_resolve(&r, exists ? &old : NULL);
	sex = lk_rec_get(&r, "sex");
	status = lk_rec_get(&r, "member_status");
	id_derive(idn, (flags & LK_PUT_VALID) != 0, &dsex, birth);
	if (dsex && sex && strcmp(sex, dsex) != 0) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("sex %s contradicts the ID number, which "
				  "says %s"),
				strcmp(sex, "1") == 0 ? _("male") : _("female"),
				strcmp(dsex, "1") == 0 ? _("male")
						       : _("female"));
		ctx->err.field = "sex";
		goto out;
	}
	if (dsex && !sex) {
		/* store the derived sex so a re-import changes nothing */
		size_t i;
		for (i = 0; i < r.t->n; i++)
			if (strcmp(r.t->f[i].key, "sex") == 0)
				r.v[i] = dsex;
	}
	current = !status || strcmp(status, "current") == 0;
	if (!status) {
		size_t i;
		for (i = 0; i < r.t->n; i++)
			if (strcmp(r.t->f[i].key, "member_status") == 0)
				r.v[i] = "current";
	}
	if (!current && !lk_rec_get(&r, "status_date")) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("a member who died or moved out needs the "
				  "date (status_date)"));
		ctx->err.field = "status_date";
		goto out;
	}

	if (exists && mode == LK_PUT_CREATE) {
		rc = lk_err_set(&ctx->err, LK_ECONFLICT,
				_("ID number %s is already a member of "
				  "household %s"),
				idn, hno);
		goto out;
	}
	if (!exists && mode == LK_PUT_UPDATE) {
		rc = lk_err_set(&ctx->err, LK_ENOTFOUND,
				_("no member with ID number %s"), idn);
		goto out;
	}
	now_iso(ctx, now);
	if (exists) {
		if (lk_rec_equal(&old, &r, 0))
			goto commit;
		if ((rc = lk_lock_check_member(ctx, village, &old, &r)))
			goto out;
		if ((rc = prep(ctx, sql.m_update, &st)))
			goto out;
		idx = lk_rec_bind(st, 1, &r, M_SKIP);
		db_bind_text_ref(st, idx++, birth[0] ? birth : NULL, -1);
		db_bind_text_ref(st, idx++, now, -1);
		db_bind_int64(st, idx, mid);
		if ((rc = run(ctx, st)))
			goto out;
		if ((rc = audit_rec(ctx, "update", "member", idn, &old, &r,
				    M_SKIP)))
			goto out;
		*what = LK_PUT_UPDATED;
	} else {
		if ((rc = lk_lock_check_member(ctx, village, NULL, &r)))
			goto out;
		if ((rc = prep(ctx, sql.m_insert, &st)))
			goto out;
		idx = lk_rec_bind(st, 1, &r, M_SKIP);
		db_bind_int64(st, idx++, hid);
		db_bind_text_ref(st, idx++, county, -1);
		if ((rc = next_seq(ctx, hid, &mid)))
			goto out;
		db_bind_int64(st, idx++, mid);
		db_bind_text_ref(st, idx++, birth[0] ? birth : NULL, -1);
		db_bind_text_ref(st, idx++, now, -1);
		db_bind_text_ref(st, idx, now, -1);
		if ((rc = run(ctx, st))) {
			if (rc == LK_ECONFLICT &&
			    member_find(ctx, idn, hid, 0, &a, &old, &mid, &ohid,
					&ohno) == 0)
				lk_err_set(&ctx->err, LK_ECONFLICT,
					   _("ID number %s is already a "
					     "current member of household %s"),
					   idn, ohno);
			else if (rc == LK_ECONFLICT)
				lk_err_set(&ctx->err, LK_ECONFLICT,
					   _("ID number %s appears twice"),
					   idn);
			ctx->err.field = "id_number";
			goto out;
		}
		mid = db_last_insert_id(ctx->db);
		if (!(flags & LK_PUT_BULK) &&
		    (rc = audit_rec(ctx, "create", "member", idn, NULL, &r,
				    M_SKIP)))
			goto out;
		*what = LK_PUT_CREATED;
	}
	if (!(flags & LK_PUT_NOCHECK) &&
	    (rc = lk_household_validate(ctx, hid, NULL)))
		goto out;
commit:
	db_done(st);
	st = NULL;
	if (tx && (rc = db_commit(ctx->db, &ctx->err)))
		goto out;
	tx = 0;
	if (member_id)
		*member_id = mid;
	if (household_id)
		*household_id = hid;
out:
	db_done(st);
	if (tx)
		db_rollback(ctx->db);
	lk_arena_free(&a);
	return rc;
}

int lk_member_get(struct lk_ctx *ctx, const char *id_number,
		  struct lk_arena *a, struct lk_rec *r)
{
	char village[16];
	const char *hno;
	int64_t mid, hid, tmp;
	int rc;

	if ((rc = sql_ready(ctx)))
		return rc;
	rc = member_find(ctx, id_number, 0, 0, a, r, &mid, &hid, &hno);
	if (rc == LK_ENOTFOUND || (rc == 0 && lk_household_lookup(ctx, hno,
								    &tmp,
								    village)))
		return lk_err_set(&ctx->err, LK_ENOTFOUND,
				  _("no current member with ID number %s"),
				  id_number);
	return rc;
}

int lk_member_remove(struct lk_ctx *ctx, const char *id_number,
		     const char *status, const char *date,
		     const char *new_head)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_rec r, h;
	struct lk_codes *codes;
	const char *code;
	char d[11];
	struct lk_date dt;
	int rc, tx = 0, what;
	size_t i;

	if ((rc = lk_codes_get(ctx, &codes)))
		goto out;
	code = lk_code_find(codes, "member_status", status ? status : "");
	if (!code || strcmp(code, "current") == 0) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("a member leaves by death or moving out, "
				  "not %s"),
				status ? status : "");
		goto out;
	}
	if (!date || lk_date_parse(date, &dt)) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("%s is not a date (YYYY-MM-DD)"),
				date ? date : "");
		goto out;
	}
	lk_date_format(dt, d);
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if ((rc = lk_member_get(ctx, id_number, &a, &r)))
		goto out;
	for (i = 0; i < r.t->n; i++) {
		if (strcmp(r.t->f[i].key, "member_status") == 0)
			r.v[i] = code;
		else if (strcmp(r.t->f[i].key, "status_date") == 0)
			r.v[i] = d;
	}
	if ((rc = lk_member_put(ctx, &r, LK_PUT_UPDATE, LK_PUT_NOCHECK,
				&what)))
		goto out;
	if (new_head) {
		struct lk_rec nh;
		int64_t hid;
		if ((rc = lk_member_get(ctx, new_head, &a, &nh)))
			goto out;
		if (strcmp(lk_rec_get(&nh, "household_no"),
			   lk_rec_get(&r, "household_no")) != 0) {
			rc = lk_err_set(&ctx->err, LK_EINVAL,
					_("the new head %s is not a member of "
					  "household %s"),
					new_head, lk_rec_get(&r, "household_no"));
			goto out;
		}
		for (i = 0; i < nh.t->n; i++)
			if (strcmp(nh.t->f[i].key, "relation") == 0)
				nh.v[i] = "1";
		if ((rc = lk_member_put(ctx, &nh, LK_PUT_UPDATE,
					LK_PUT_NOCHECK, &what)))
			goto out;
		if ((rc = lk_household_get(ctx, lk_rec_get(&r, "household_no"),
					   &a, &h, &hid)))
			goto out;
		for (i = 0; i < h.t->n; i++) {
			if (strcmp(h.t->f[i].key, "head_id") == 0)
				h.v[i] = lk_rec_get(&nh, "id_number");
			else if (strcmp(h.t->f[i].key, "head_name") == 0)
				h.v[i] = lk_rec_get(&nh, "name");
		}
		if ((rc = lk_household_put(ctx, &h, LK_PUT_UPDATE, 0, NULL,
					   &what)))
			goto out;
	}
	{
		int64_t hid;
		if ((rc = lk_household_lookup(ctx,
					      lk_rec_get(&r, "household_no"),
					      &hid, NULL)))
			goto out;
		rc = lk_household_validate(ctx, hid, NULL);
		if (rc == LK_EINVAL && !new_head) {
			const char *m = lk_err_msg(&ctx->err);
			char keep[LK_ERR_MSG_MAX];
			snprintf(keep, sizeof keep, "%s", m);
			lk_err_set(&ctx->err, LK_EINVAL,
				   _("%s (name the new head with --new-head "
				     "when the head leaves)"),
				   keep);
		}
		if (rc)
			goto out;
	}
	rc = db_commit(ctx->db, &ctx->err);
	tx = 0;
out:
	if (tx)
		db_rollback(ctx->db);
	lk_arena_free(&a);
	return rc;
}

int lk_members_each(struct lk_ctx *ctx, int64_t household_id,
		    int (*fn)(void *arg, const struct lk_rec *m), void *arg)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct db_stmt *st = NULL;
	struct lk_rec r;
	int rc;

	if ((rc = sql_ready(ctx)) || (rc = prep(ctx, sql.m_each, &st)))
		goto out;
	db_bind_int64(st, 1, household_id);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		lk_rec_init(&r, &lk_members);
		lk_arena_reset(&a);
		if ((rc = lk_rec_read(st, 1, &r, M_SKIP, &a)))
			goto out;
		r.v[0] = lk_arena_strdup(&a, db_col_text(st, 0));
		if ((rc = fn(arg, &r)))
			goto out;
	}
out:
	db_done(st);
	lk_arena_free(&a);
	return rc;
}

/* ---- incomes ------------------------------------------------------- */

static int64_t money_of(const struct lk_rec *r, const char *key)
{
	const char *v = lk_rec_get(r, key);

	return v && v != LK_KEEP ? strtoll(v, NULL, 10) : 0;
}

void lk_income_derive(const struct lk_rec *r, int persons,
		      struct lk_income_sum *s)
{
	static const char *const items[] = {
		"wage",	   "operating", "property",	    "family_planning",
		"dibao",   "tekun",	"pension",	    "eco_compensation",
		"other_transfer"};
	const char *y = lk_rec_get(r, "income_year");
	size_t i;

	memset(s, 0, sizeof *s);
	s->year = y ? atoi(y) : 0;
	s->persons = persons;
	for (i = 0; i < sizeof items / sizeof items[0]; i++)
		s->gross += money_of(r, items[i]);
	s->expense = money_of(r, "expense");
	s->net = s->gross - s->expense;
	if (persons <= 0 || lk_money_div(s->net, persons, &s->per_capita))
		s->per_capita = 0;
}

int lk_income_derive_items(const struct lk_rec *r, int persons,
			   const char *items, struct lk_income_sum *s)
{
	static const char *const known[] = {
		"wage",	   "operating", "property",	    "family_planning",
		"dibao",   "tekun",	"pension",	    "eco_compensation",
		"other_transfer"};
	const char *p = items;
	const char *y = lk_rec_get(r, "income_year");
	char item[64];
	size_t i;

	memset(s, 0, sizeof *s);
	s->year = y && y != LK_KEEP ? atoi(y) : 0;
	s->persons = persons;
	while (*p) {
		size_t n = strcspn(p, ",");
		int ok = 0;
		if (n >= sizeof item)
			return LK_EINVAL;
		memcpy(item, p, n);
		item[n] = '\0';
		for (i = 0; i < sizeof known / sizeof known[0]; i++)
			if (strcmp(item, known[i]) == 0)
				ok = 1;
		if (!ok)
			return LK_EINVAL;
		s->gross += money_of(r, item);
		p += n;
		if (*p)
			p++;
	}
	s->expense = money_of(r, "expense");
	s->net = s->gross - s->expense;
	if (persons <= 0 || lk_money_div(s->net, persons, &s->per_capita))
		s->per_capita = 0;
	return 0;
}

static int count_current(struct lk_ctx *ctx, int64_t hid, int *n)
{
	static const char q[] = "SELECT count(*) FROM member WHERE "
				"household_id = ? AND member_status = "
				"'current'";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = prep(ctx, q, &st)))
		return rc;
	db_bind_int64(st, 1, hid);
	rc = db_step(st, &ctx->err);
	if (rc == DB_ROW) {
		*n = (int)db_col_int64(st, 0);
		rc = 0;
	}
	db_done(st);
	return rc;
}

static int check_stated(struct lk_ctx *ctx, const struct lk_rec *r,
			const char *key, int64_t derived, const char *what)
{
	const char *v = lk_rec_get(r, key);
	char a[32], b[32];
	int64_t stated, diff;

	if (!v)
		return 0;
	stated = strtoll(v, NULL, 10);
	diff = stated > derived ? stated - derived : derived - stated;
	if (diff <= 100)
		return 0;
	lk_money_format(stated, a);
	lk_money_format(derived, b);
	lk_err_set(&ctx->err, LK_EINVAL,
		   _("stated %s %s differs from the derived %s"), what, a, b);
	ctx->err.field = key;
	return LK_EINVAL;
}

int lk_income_put(struct lk_ctx *ctx, const struct lk_rec *in, unsigned flags,
		  int *what, struct lk_income_sum *sum)
{
	struct lk_rec w = *in, *r = &w;
	struct lk_arena a = LK_ARENA_INIT(0);
	struct db_stmt *st = NULL;
	struct lk_rec old;
	struct lk_income_sum s;
	const char *hno = lk_rec_get(r, "household_no");
	const char *year = lk_rec_get(r, "income_year");
	char village[16], now[32], county[7], key[64];
	int64_t hid;
	int rc, tx = 0, persons = 0, exists = 0, old_persons = 0, idx;

	*what = LK_PUT_UNCHANGED;
	if ((rc = sql_ready(ctx)))
		goto out;
	if (!hno || !year) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("an income needs a household and a year"));
		goto out;
	}
	if ((rc = lk_household_lookup(ctx, hno, &hid, village))) {
		ctx->err.field = "household_no";
		goto out;
	}
	county_of(village, county);
	snprintf(key, sizeof key, "%s/%s", hno, year);
	if (!(flags & LK_PUT_BULK)) {
		if ((rc = db_begin(ctx->db, &ctx->err)))
			goto out;
		tx = 1;
	}
	lk_rec_init(&old, &lk_incomes);
	/* a household new in this bulk session has no income yet */
	if (!fresh(ctx, hid)) {
		if ((rc = prep(ctx, sql.i_select, &st)))
			goto out;
		db_bind_int64(st, 1, hid);
		db_bind_int64(st, 2, atoi(year));
		if ((rc = db_step(st, &ctx->err)) < 0)
			goto out;
		if (rc == DB_ROW) {
			exists = 1;
			old_persons = (int)db_col_int64(st, 0);
			if ((rc = lk_rec_read(st, 1, &old, I_SKIP, &a)) ||
			    (rc = lk_rec_set(&old, &a, "persons",
					     db_col_text(st, 0))))
				goto out;
			old.v[0] = hno;
			old.v[1] = year;
		}
		db_done(st);
		st = NULL;
	}
	lk_rec_resolve(r, exists ? &old : NULL);
	if (lk_rec_get(r, "persons"))
		persons = atoi(lk_rec_get(r, "persons"));
	else if ((rc = count_current(ctx, hid, &persons)))
		goto out;
	lk_income_derive(r, persons, &s);
	if ((rc = check_stated(ctx, r, "net_income", s.net,
			       _("net income"))) ||
	    (rc = check_stated(ctx, r, "per_capita", s.per_capita,
			       _("per-capita net income"))))
		goto out;
	now_iso(ctx, now);
	if (exists) {
		if (old_persons == persons && lk_rec_equal(&old, r, I_SKIP))
			goto commit;
		if ((rc = lk_lock_check(ctx, village, atoi(year))))
			goto out;
		if ((rc = prep(ctx, sql.i_update, &st)))
			goto out;
		idx = lk_rec_bind(st, 1, r, I_SKIP);
		db_bind_int64(st, idx++, persons);
		db_bind_text_ref(st, idx++, now, -1);
		db_bind_int64(st, idx++, hid);
		db_bind_int64(st, idx, atoi(year));
		if ((rc = run(ctx, st)) ||
		    (rc = audit_rec(ctx, "update", "income", key, &old, r,
				    I_SKIP)))
			goto out;
		*what = LK_PUT_UPDATED;
	} else {
		if ((rc = lk_lock_check(ctx, village, atoi(year))))
			goto out;
		if ((rc = prep(ctx, sql.i_insert, &st)))
			goto out;
		idx = lk_rec_bind(st, 1, r, I_SKIP);
		db_bind_int64(st, idx++, hid);
		db_bind_int64(st, idx++, atoi(year));
		db_bind_text_ref(st, idx++, county, -1);
		db_bind_int64(st, idx++, persons);
		db_bind_text_ref(st, idx, now, -1);
		if ((rc = run(ctx, st))) {
			if (rc == LK_ECONFLICT) {
				lk_err_set(&ctx->err, LK_ECONFLICT,
					   _("income of household %s for %s "
					     "appears twice"),
					   hno, year);
				ctx->err.field = "income_year";
			}
			goto out;
		}
		if (!(flags & LK_PUT_BULK) &&
		    (rc = audit_rec(ctx, "create", "income", key, NULL, r,
				    I_SKIP)))
			goto out;
		*what = LK_PUT_CREATED;
	}
commit:
	db_done(st);
	st = NULL;
	if (tx && (rc = db_commit(ctx->db, &ctx->err)))
		goto out;
	tx = 0;
	if (sum)
		*sum = s;
out:
	db_done(st);
	if (tx)
		db_rollback(ctx->db);
	lk_arena_free(&a);
	return rc;
}

int lk_incomes_each(struct lk_ctx *ctx, int64_t household_id,
		    int (*fn)(void *arg, const struct lk_rec *r,
			      const struct lk_income_sum *s),
		    void *arg)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct db_stmt *st = NULL;
	struct lk_rec r;
	struct lk_income_sum s;
	int rc;

	if ((rc = sql_ready(ctx)) || (rc = prep(ctx, sql.i_each, &st)))
		goto out;
	db_bind_int64(st, 1, household_id);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		lk_rec_init(&r, &lk_incomes);
		lk_arena_reset(&a);
		if ((rc = lk_rec_read(st, 3, &r, I_SKIP, &a)))
			goto out;
		r.v[0] = lk_arena_strdup(&a, db_col_text(st, 0));
		r.v[1] = lk_arena_int64(&a, db_col_int64(st, 1));
		lk_income_derive(&r, (int)db_col_int64(st, 2), &s);
		if ((rc = fn(arg, &r, &s)))
			goto out;
	}
out:
	db_done(st);
	lk_arena_free(&a);
	return rc;
}

/* ---- lists --------------------------------------------------------- */

/* LIKE pattern %q% with % _ \ escaped. */
static int like_pattern(const char *q, struct lk_buf *b)
{
	int rc = lk_buf_addc(b, '%');

	for (; !rc && *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			rc = lk_buf_addc(b, '\\');
		if (!rc)
			rc = lk_buf_addc(b, *q);
	}
	return rc ? rc : lk_buf_addc(b, '%');
}

/* The query of lk_household_list / lk_household_count: the columns of a
 * summary (or count(*)) and every filter, each bound by number. */
static int list_query(struct lk_ctx *ctx, const struct lk_hh_filter *flt,
		      int count, struct lk_buf *like, struct db_stmt **out)
{
	static const char cols[] =
		"SELECT h.id, h.household_no, h.village_code, r.name, "
		"h.group_name, h.head_name, h.head_id, h.status, h.attribute, "
		"h.main_cause, h.phone, (SELECT count(*) FROM member m WHERE "
		"m.household_id = h.id AND m.member_status = 'current'), %s "
		"FROM household h LEFT JOIN region r ON r.code = h.village_code ";
	static const char where[] =
		"WHERE h.village_code >= ?3 AND h.village_code < ?4 "
		"AND (?5 IS NULL OR h.status = ?5) AND " CADRE_COND(8, 9)
		" AND (?10 IS NULL OR h.main_cause = ?10) "
		"AND (?11 IS NULL OR h.attribute = ?11) "
		"AND (?12 IS NULL OR h.group_name = ?12) "
		"AND (?13 IS NULL OR EXISTS (SELECT 1 FROM pairing p2 WHERE "
		"p2.household_id = h.id AND p2.cadre_id = ?13 AND "
		"(p2.end_date IS NULL OR p2.end_date >= ?9))) %s ";
	static const char match_col[] =
		"(SELECT m.name FROM member m WHERE m.household_id = h.id AND "
		"(m.name LIKE ?1 ESCAPE '\\' OR m.id_number LIKE ?1 ESCAPE "
		"'\\') ORDER BY m.seq LIMIT 1)";
	static const char match_where[] =
		"AND (h.household_no = ?2 OR h.phone LIKE ?1 ESCAPE '\\' OR "
		"EXISTS (SELECT 1 FROM member m WHERE m.household_id = h.id "
		"AND (m.name LIKE ?1 ESCAPE '\\' OR m.id_number LIKE ?1 "
		"ESCAPE '\\')))";
	char q[4096], lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX];
	struct db_stmt *st = NULL;
	int rc, n, search = flt->query && *flt->query;

	if ((rc = lk_scope_range(ctx, flt->region, lo, hi)))
		return rc;
	if (search && (rc = like_pattern(flt->query, like)))
		return rc;
	if (count)
		n = snprintf(q, sizeof q, "SELECT count(*) FROM household h ");
	else
		n = snprintf(q, sizeof q, cols, search ? match_col : "NULL");
	n += snprintf(q + n, sizeof q - (size_t)n, where,
		      search ? match_where : "");
	if (!count) /* (count: ?6 and ?7 stay unused, ?13 is the last) */
		snprintf(q + n, sizeof q - (size_t)n,
			 "ORDER BY h.household_no LIMIT ?6 OFFSET ?7");
	if ((rc = db_prepare(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_text(st, 1, search ? lk_buf_str(like) : NULL, -1);
	db_bind_text(st, 2, search ? flt->query : NULL, -1);
	db_bind_text(st, 3, lo, -1);
	db_bind_text(st, 4, hi, -1);
	db_bind_text(st, 5, flt->status, -1);
	db_bind_int64(st, 6, flt->limit > 0 ? flt->limit : -1);
	db_bind_int64(st, 7, flt->offset > 0 ? flt->offset : 0);
	bind_cadre(ctx, st, 8, 9);
	db_bind_text(st, 10, flt->cause, -1);
	db_bind_text(st, 11, flt->attribute, -1);
	db_bind_text(st, 12, flt->group, -1);
	if (flt->helper)
		db_bind_int64(st, 13, flt->helper);
	else
		db_bind_null(st, 13);
	*out = st;
	return 0;
}

int lk_household_list(struct lk_ctx *ctx, const struct lk_hh_filter *flt,
		      int (*fn)(void *arg, const struct lk_hh_summary *s),
		      void *arg)
{
	struct lk_buf like = LK_BUF_INIT(1024);
	struct db_stmt *st = NULL;
	struct lk_hh_summary s;
	int rc;

	if ((rc = list_query(ctx, flt, 0, &like, &st)))
		goto out;
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		s.id = db_col_int64(st, 0);
		s.no = db_col_text(st, 1);
		s.village_code = db_col_text(st, 2);
		s.village_name = db_col_text(st, 3);
		s.group = db_col_text(st, 4);
		s.head_name = db_col_text(st, 5);
		s.head_id = db_col_text(st, 6);
		s.status = db_col_text(st, 7);
		s.attribute = db_col_text(st, 8);
		s.main_cause = db_col_text(st, 9);
		s.phone = db_col_text(st, 10);
		s.members = (int)db_col_int64(st, 11);
		s.matched = db_col_text(st, 12);
		if ((rc = fn(arg, &s)))
			goto out;
	}
out:
	db_done(st);
	lk_buf_free(&like);
	return rc;
}

int lk_household_count(struct lk_ctx *ctx, const struct lk_hh_filter *flt,
		       long long *n)
{
	struct lk_buf like = LK_BUF_INIT(1024);
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = list_query(ctx, flt, 1, &like, &st)))
		goto out;
	if ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		*n = db_col_int64(st, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = lk_err_set(&ctx->err, LK_EINTERNAL,
				_("no result from the household count"));
	}
out:
	db_done(st);
	lk_buf_free(&like);
	return rc;
}

void lk_registry_forget(struct lk_ctx *ctx)
{
	if (ctx->reg)
		cache_clear(ctx->reg);
	free(ctx->reg);
	ctx->reg = NULL;
}

int lk_status_events(struct lk_ctx *ctx, int64_t household_id,
		     int (*fn)(void *arg, const char *date, const char *kind,
			       const char *value, const char *source,
			       const char *note),
		     void *arg)
{
	static const char q[] = "SELECT on_date, kind, value, source, note "
				"FROM status_event WHERE household_id = ? "
				"ORDER BY on_date, id";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = prep(ctx, q, &st)))
		return rc;
	db_bind_int64(st, 1, household_id);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW)
		if ((rc = fn(arg, db_col_text(st, 0), db_col_text(st, 1),
			     db_col_text(st, 2), db_col_text(st, 3),
			     db_col_text(st, 4))))
			break;
	db_done(st);
	return rc;
}

const char *const lk_status_codes[6] = {"poor",	    "lifted",  "returned",
					"ordinary", "removed", "dissolved"};

int lk_registry_totals(struct lk_ctx *ctx, const char *region,
		       struct lk_totals *t)
{
	static const char q[] =
		"SELECT h.status, h.identified_year, h.lifted_year, "
		"h.monitoring_category IS NOT NULL, count(*), "
		"sum((SELECT count(*) FROM member m WHERE m.household_id = h.id "
		"AND m.member_status = 'current')) FROM household h "
		"WHERE h.village_code >= ?1 AND h.village_code < ?2 AND "
		CADRE_COND(3, 4) " GROUP BY 1, 2, 3, 4";
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX];
	struct db_stmt *st = NULL;
	int rc, i;

	memset(t, 0, sizeof *t);
	if ((rc = lk_scope_range(ctx, region, lo, hi)))
		return rc;
	if ((rc = prep(ctx, q, &st)))
		return rc;
	db_bind_text(st, 1, lo, -1);
	db_bind_text(st, 2, hi, -1);
	bind_cadre(ctx, st, 3, 4);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		const char *status = db_col_text(st, 0);
		long long n = db_col_int64(st, 4);
		int iy = db_col_is_null(st, 1) ? 0 : (int)db_col_int64(st, 1);
		int ly = db_col_is_null(st, 2) ? 0 : (int)db_col_int64(st, 2);

		t->households += n;
		t->people += db_col_int64(st, 5);
		for (i = 0; i < 6; i++)
			if (status && strcmp(status, lk_status_codes[i]) == 0)
				t->by_status[i] += n;
		if (iy) {
			t->registered += n;
			if (iy >= LK_TOTALS_YEAR0 &&
			    iy < LK_TOTALS_YEAR0 + LK_TOTALS_YEARS)
				t->identified[iy - LK_TOTALS_YEAR0] += n;
		}
		if (ly >= LK_TOTALS_YEAR0 &&
		    ly < LK_TOTALS_YEAR0 + LK_TOTALS_YEARS)
			t->lifted[ly - LK_TOTALS_YEAR0] += n;
		if (db_col_int64(st, 3))
			t->monitored += n;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}
