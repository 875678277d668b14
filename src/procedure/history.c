/* Procedure histories for the demo ledger (lk_proc_demo_histories in
 * procedure.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/i18n.h"
#include "procedure/notice.h"
#include "procedure/proc_int.h"
#include "procedure/procedure.h"
#include "registry/region.h"
#include "registry/status.h"
#include "store/db.h"

struct hh {
	int64_t id;
	char no[64], village[16], status[16];
	int iy, ly, used;
};

struct demo {
	struct lk_ctx *ctx;
	uint64_t rng;
	struct lk_proc_demo_summary sum;
	char today[11];
};

static uint64_t next(struct demo *d)
{
	uint64_t z = (d->rng += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* out = y-m-d (valid dates only). */
static void ymd(char out[11], int y, int m, int d)
{
	struct lk_date t = {y, m, d};

	lk_date_format(t, out);
}

static int below(struct demo *d, int n)
{
	return (int)(next(d) % (uint64_t)n);
}

/* Who takes a step (data of the demo village, in Chinese). */
static const char *actor_of(const char *step)
{
	static const struct {
		const char *step, *actor;
	} t[] = {
	    {"application", "申请农户"},
	    {"report", "申请农户"},
	    {"consent", "农户户主"},
	    {"lead", "帮扶干部走访"},
	    {"check", "村两委和驻村工作队"},
	    {"verification", "村两委和驻村工作队"},
	    {"appraisal", "村民代表大会"},
	    {"town_review", "祥城镇人民政府"},
	    {"county_approval", "祥云县扶贫开发领导小组"},
	    {"county_decision", "祥云县乡村振兴局"},
	    {"announcement", "祥云县人民政府"},
	    {"pairing", "帮扶责任人"},
	    {"plan", "驻村工作队"},
	    {"entry", "村级信息员"},
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(t[i].step, step) == 0)
			return t[i].actor;
	return "村民委员会";
}

static int notice_end(struct lk_ctx *ctx, int64_t id, char end[11])
{
	static const char q[] = "SELECT end_date FROM notice WHERE id = ?";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_int64(st, 1, id);
	rc = db_step(st, &ctx->err);
	if (rc == DB_ROW)
		snprintf(end, 11, "%s", db_col_text(st, 0));
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* Takes step sd (the last one when last) of procedure pid of household
 * hid on date, as the demo village would. */
static int take(struct demo *d, enum lk_proc_kind k,
		const struct lk_step_def *sd, int last, int64_t hid,
		int64_t pid, int year, const char *date)
{
	struct lk_buf why = LK_BUF_INIT(1u << 16);
	struct lk_step_in in;
	const char *verdict = NULL;
	char reason[256];
	int rc = 0;

	lk_step_in_init(&in);
	in.step = sd->id;
	in.date = date;
	in.actor = actor_of(sd->id);
	if (sd->type == LK_STEP_DECISION)
		in.outcome = "approved";
	if (sd->type == LK_STEP_APPRAISAL) {
		in.members = 31;
		in.attending = 24 + below(d, 7);
		in.votes_against = below(d, 3);
		in.votes_for = in.attending - in.votes_against - below(d, 2);
	}
	if (last && k == LK_PROC_EXIT) {
		/* recorded from the ledger: the approval stands even where
		 * today's assessment disagrees, with that said */
		if ((rc = lk__exit_verdict(d->ctx, hid, year, &verdict, &why)))
			goto out;
		if (strcmp(verdict, "meets") != 0) {
			snprintf(
			    reason, sizeof reason,
			    "按台账记录于%d年脱贫（补录历史，评估结论：%s）",
			    year, verdict);
			in.override_reason = reason;
		}
	}
	if (last && k == LK_PROC_ELIMINATION)
		in.notes = "帮扶措施落实，收入稳定";
	if ((rc = lk_proc_step(d->ctx, pid, &in)))
		goto out;
	d->sum.steps++;
out:
	lk_buf_free(&why);
	return rc;
}

/*
 * Walks the procedures ids (of the households nos, all of kind k in
 * village) through every step, from the date in cursor on: each step a
 * few days after the previous (gap: at most that many days), one notice
 * for all of them at each notice step, closed the day after it ends.
 */
static int walk(struct demo *d, const char *village, enum lk_proc_kind k,
		int64_t *ids, const char **nos, size_t n, int year,
		char cursor[11], int gap)
{
	struct lk_ctx *ctx = d->ctx;
	const struct lk_step_def *steps;
	size_t ns, i, j;
	int rc;

	steps = lk_proc_steps(k, &ns);
	for (i = 0; i < ns; i++) {
		if (strcmp(cursor, d->today) > 0)
			return lk_err_set(
			    &ctx->err, LK_EINVAL,
			    _("the demo history reaches %s, after "
			      "today (%s)"),
			    cursor, d->today);
		if (steps[i].type == LK_STEP_NOTICE) {
			struct lk_notice_new nn;
			char end[11], close[11];
			int64_t nid;
			memset(&nn, 0, sizeof nn);
			nn.village = village;
			nn.kind = k;
			nn.step = steps[i].id;
			nn.households = nos;
			nn.nhouseholds = n;
			nn.start = cursor;
			nn.actor = "村民委员会";
			nn.contact = "村民委员会办公室";
			if ((rc = lk_notice_create(ctx, &nn, &nid)) ||
			    (rc = notice_end(ctx, nid, end)))
				return rc;
			lk__date_add(end, 1, close);
			if (strcmp(close, d->today) > 0)
				return lk_err_set(
				    &ctx->err, LK_EINVAL,
				    _("the demo history reaches %s, after "
				      "today (%s)"),
				    close, d->today);
			if ((rc = lk_notice_close(ctx, nid, close)))
				return rc;
			memcpy(cursor, close, 11);
			d->sum.notices++;
			d->sum.steps += 2 * (int)n;
		} else {
			for (j = 0; j < n; j++)
				if ((rc = take(d, k, &steps[i], i + 1 == ns,
					       ids[j], ids[n + j], year,
					       cursor)))
					return rc;
		}
		lk__date_add(cursor, 1 + below(d, gap), cursor);
	}
	return 0;
}

/* Starts procedures of kind k for the households hs (their ids in
 * ids[0..n), the procedure ids go to ids[n..2n)) and walks them. */
static int run(struct demo *d, const char *village, enum lk_proc_kind k,
	       int64_t *ids, const char **nos, size_t n, int year,
	       const char *start, int record_only, const char *category,
	       const char *risks, int gap)
{
	char cursor[11];
	size_t i;
	int rc;

	snprintf(cursor, sizeof cursor, "%s", start);
	for (i = 0; i < n; i++) {
		struct lk_proc_new p;
		memset(&p, 0, sizeof p);
		p.household_no = nos[i];
		p.kind = k;
		p.year = year;
		p.date = cursor;
		p.category = category;
		p.risk_types = risks;
		p.record_only = record_only;
		if ((rc = lk_proc_start(d->ctx, &p, &ids[n + i])))
			return rc;
		d->sum.procedures++;
	}
	return walk(d, village, k, ids, nos, n, year, cursor, gap);
}

/* Deletes the status events household.c derived from the imported
 * status fields (they are replaced by the procedures' events). */
static int drop_imported(struct lk_ctx *ctx, int64_t hid)
{
	static const char q[] =
	    "DELETE FROM status_event WHERE household_id = ? AND kind = "
	    "'status' AND value IN ('poor', 'lifted') AND source IN "
	    "('imported', 'entered')";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_int64(st, 1, hid);
	rc = db_step(st, &ctx->err);
	db_done(st);
	return rc < 0 ? rc : 0;
}

static int load(struct lk_ctx *ctx, const char *region, struct hh **out,
		size_t *n)
{
	static const char q[] =
	    "SELECT h.id, h.household_no, h.village_code, h.status, "
	    "h.identified_year, h.lifted_year, EXISTS (SELECT 1 FROM "
	    "procedure p WHERE p.household_id = h.id) FROM household h "
	    "WHERE h.village_code >= ?1 AND h.village_code < ?2 ORDER BY "
	    "h.village_code, h.household_no";
	struct db_stmt *st = NULL;
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX];
	struct hh *v = NULL, *nv;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = lk_scope_range(ctx, region, lo, hi)))
		return rc;
	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_text(st, 1, lo, -1);
	db_bind_text(st, 2, hi, -1);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		struct hh *h;
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			if (!(nv = realloc(v, cap * sizeof *v))) {
				rc = LK_ENOMEM;
				break;
			}
			v = nv;
		}
		h = &v[(*n)++];
		memset(h, 0, sizeof *h);
		h->id = db_col_int64(st, 0);
		snprintf(h->no, sizeof h->no, "%s", db_col_text(st, 1));
		snprintf(h->village, sizeof h->village, "%s",
			 db_col_text(st, 2));
		snprintf(h->status, sizeof h->status, "%s",
			 db_col_text(st, 3) ? db_col_text(st, 3) : "");
		h->iy = (int)db_col_int64(st, 4);
		h->ly = (int)db_col_int64(st, 5);
		h->used = (int)db_col_int64(st, 6);
	}
	db_done(st);
	if (rc < 0) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

/* Whether any procedure of kind k exists under region. */
static int any_of(struct lk_ctx *ctx, const char *region, enum lk_proc_kind k,
		  int *yes)
{
	static const char q[] =
	    "SELECT count(*) FROM procedure WHERE village_code >= ?1 AND "
	    "village_code < ?2 AND kind = ?3";
	struct db_stmt *st = NULL;
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX];
	int rc;

	if ((rc = lk_scope_range(ctx, region, lo, hi)) ||
	    (rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_text(st, 1, lo, -1);
	db_bind_text(st, 2, hi, -1);
	db_bind_text(st, 3, lk_proc_kind_id(k), -1);
	rc = db_step(st, &ctx->err);
	if (rc == DB_ROW) {
		*yes = db_col_int64(st, 0) > 0;
		rc = 0;
	}
	db_done(st);
	return rc;
}

/* Phase A: identifications and exits recorded from the imported years,
 * one batch per year, kind and village. */
static int imported_histories(struct demo *d, struct hh *v, size_t n)
{
	int64_t *ids = NULL;
	const char **nos = NULL;
	size_t i, j, m;
	int rc = 0, y, pass;

	ids = calloc(2 * (n ? n : 1), sizeof *ids);
	nos = calloc(n ? n : 1, sizeof *nos);
	if (!ids || !nos) {
		rc = LK_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++)
		if (!v[i].used && v[i].iy &&
		    (strcmp(v[i].status, "poor") == 0 ||
		     strcmp(v[i].status, "lifted") == 0) &&
		    (rc = drop_imported(d->ctx, v[i].id)))
			goto out;
	for (y = 1949; y <= 2100; y++) {
		for (pass = 0; pass < 2; pass++) {
			/* per village: households sorted by village */
			for (i = 0; i < n; i = j) {
				char start[11];
				for (j = i; j < n && strcmp(v[j].village,
							    v[i].village) == 0;
				     j++)
					;
				m = 0;
				for (size_t k = i; k < j; k++) {
					struct hh *h = &v[k];
					int lifted =
					    strcmp(h->status, "lifted") == 0;
					if (h->used || !h->iy ||
					    (!lifted &&
					     strcmp(h->status, "poor") != 0))
						continue;
					if (pass == 0 ? h->iy != y
						      : !(lifted && h->ly == y))
						continue;
					ids[m] = h->id;
					nos[m] = h->no;
					m++;
				}
				if (!m)
					continue;
				/* the procedure ids follow the household ids
				 * in ids[m..2m) */
				for (size_t k = m; k-- > 0;)
					ids[m + k] = 0;
				if (pass == 0) {
					ymd(start, y, 4, 8 + below(d, 5));
					rc = run(d, v[i].village,
						 LK_PROC_IDENTIFICATION, ids,
						 nos, m, y, start, 1, NULL,
						 NULL, 5);
					d->sum.identified += (int)m;
				} else {
					ymd(start, y, 11, 1 + below(d, 4));
					rc = run(d, v[i].village, LK_PROC_EXIT,
						 ids, nos, m, y, start, 1, NULL,
						 NULL, 3);
					d->sum.lifted += (int)m;
				}
				if (rc)
					goto out;
			}
		}
	}
out:
	free(ids);
	free(nos);
	return rc;
}

/* The first household (in household-number order) for which pick says
 * yes, or NULL. */
static struct hh *first(struct hh *v, size_t n,
			int (*pick)(const struct hh *h, int arg), int arg)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (pick(&v[i], arg))
			return &v[i];
	return NULL;
}

static int lifted_in(const struct hh *h, int y)
{
	return strcmp(h->status, "lifted") == 0 && h->ly == y;
}

static int poor_from(const struct hh *h, int y)
{
	return strcmp(h->status, "poor") == 0 && h->iy == y;
}

static int poor_any(const struct hh *h, int y)
{
	(void)y;
	return strcmp(h->status, "poor") == 0;
}

/* One live procedure for household h (its fields change at the end). */
static int live(struct demo *d, struct hh *h, enum lk_proc_kind k, int year,
		const char *start, const char *category, const char *risks,
		int gap)
{
	int64_t ids[2] = {h->id, 0};
	const char *nos[1] = {h->no};

	if (strcmp(start, d->today) > 0)
		return 0; /* not yet: the clock is before it */
	return run(d, h->village, k, ids, nos, 1, year, start, 0, category,
		   risks, gap);
}

/* Phase B: a return to poverty, a removal, monitoring and a risk
 * elimination. */
static int live_histories(struct demo *d, const char *region, struct hh *v,
			  size_t n)
{
	struct lk_ctx *ctx = d->ctx;
	struct hh *h, *mon[3] = {NULL, NULL, NULL};
	char date[11];
	size_t i, nm = 0;
	int rc, yes;

	if ((rc = any_of(ctx, region, LK_PROC_RETURN, &yes)))
		return rc;
	if (!yes && (h = first(v, n, lifted_in, 2016))) {
		ymd(date, 2019, 3, 4 + below(d, 10));
		if ((rc =
			 live(d, h, LK_PROC_RETURN, 2019, date, NULL, NULL, 4)))
			return rc;
		snprintf(h->status, sizeof h->status, "returned");
		d->sum.returned++;
	}
	if ((rc = any_of(ctx, region, LK_PROC_REMOVAL, &yes)))
		return rc;
	if (!yes) {
		h = first(v, n, poor_from, 2015);
		for (i = n; !h && i-- > 0;)
			if (poor_any(&v[i], 0))
				h = &v[i];
		if (h) {
			ymd(date, 2017, 5, 2 + below(d, 10));
			if ((rc = live(d, h, LK_PROC_REMOVAL, 2017, date, NULL,
				       NULL, 4)))
				return rc;
			snprintf(h->status, sizeof h->status, "removed");
			d->sum.removed++;
		}
	}
	if ((rc = any_of(ctx, region, LK_PROC_MONITORING, &yes)))
		return rc;
	if (yes)
		return 0;
	for (i = 0; i < n && nm < 2; i++)
		if (strcmp(v[i].status, "lifted") == 0)
			mon[nm++] = &v[i];
	for (i = 0; i < n; i++)
		if (strcmp(v[i].status, "ordinary") == 0 && !v[i].iy) {
			mon[nm++] = &v[i];
			break;
		}
	for (i = 0; i < nm; i++) {
		int lifted = strcmp(mon[i]->status, "lifted") == 0;
		ymd(date, 2020, 5 + (int)i, 3 + below(d, 10));
		if ((rc = live(d, mon[i], LK_PROC_MONITORING, 2020, date,
			       lifted ? "unstable" : "marginal",
			       lifted ? "employment" : "labour;other", 1)))
			return rc;
		d->sum.monitored++;
	}
	/* the first monitored household with someone able to work has its
	 * risk eliminated in 2021 */
	for (i = 0; i < nm; i++) {
		struct lk_proc_new p;
		int64_t pid;
		memset(&p, 0, sizeof p);
		ymd(date, 2021, 3, 1 + below(d, 10));
		if (strcmp(date, d->today) > 0)
			break;
		if ((rc = db_begin(ctx->db, &ctx->err)))
			return rc;
		p.household_no = mon[i]->no;
		p.kind = LK_PROC_ELIMINATION;
		p.year = 2021;
		p.date = date;
		rc = lk_proc_start(ctx, &p, &pid);
		if (!rc) {
			int64_t ids[2] = {mon[i]->id, pid};
			const char *nos[1] = {mon[i]->no};
			char cursor[11];
			snprintf(cursor, sizeof cursor, "%s", date);
			rc = walk(d, mon[i]->village, LK_PROC_ELIMINATION, ids,
				  nos, 1, 2021, cursor, 3);
		}
		if (rc == 0) {
			if ((rc = db_commit(ctx->db, &ctx->err)))
				return rc;
			d->sum.procedures++;
			d->sum.eliminated++;
			break;
		}
		db_rollback(ctx->db);
		if (rc != LK_ECONFLICT)
			return rc;
		lk_err_clear(&ctx->err); /* e.g. no one able to work */
	}
	return 0;
}

int lk_proc_demo_histories(struct lk_ctx *ctx, const char *region,
			   uint64_t seed, struct lk_proc_demo_summary *sum)
{
	struct lk_buf b = LK_BUF_INIT(1u << 12);
	struct demo d;
	struct hh *v = NULL;
	size_t n = 0;
	int rc, tx = 0;

	memset(&d, 0, sizeof d);
	d.ctx = ctx;
	d.rng = seed;
	lk_date_format(lk_today(), d.today);
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if ((rc = load(ctx, region, &v, &n)) ||
	    (rc = imported_histories(&d, v, n)) ||
	    (rc = live_histories(&d, region, v, n)))
		goto out;
	if (d.sum.procedures &&
	    ((rc = lk_buf_printf(&b,
				 "{\"procedures\":%d,\"steps\":%d,"
				 "\"notices\":%d,\"identified\":%d,"
				 "\"lifted\":%d,\"returned\":%d,\"removed\":%d,"
				 "\"monitored\":%d,\"eliminated\":%d}",
				 d.sum.procedures, d.sum.steps, d.sum.notices,
				 d.sum.identified, d.sum.lifted, d.sum.returned,
				 d.sum.removed, d.sum.monitored,
				 d.sum.eliminated)) ||
	     (rc = lk_audit(ctx, "demo-history", "region",
			    region && *region ? region : "", NULL,
			    lk_buf_str(&b)))))
		goto out;
	if ((rc = db_commit(ctx->db, &ctx->err)))
		goto out;
	tx = 0;
	if (sum)
		*sum = d.sum;
out:
	if (tx)
		db_rollback(ctx->db);
	free(v);
	lk_buf_free(&b);
	return rc;
}
