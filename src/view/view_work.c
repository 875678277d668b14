/* view_work.c - the JSON bodies of work records (view/view.h), shared by
 * `lika KIND ... --json` and the API's /api/work endpoints. */
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/money.h"
#include "view/view.h"

int lk_view_work(struct lk_ctx *ctx, const struct lk_wkind *k, int64_t id,
		 enum lk_lang lang, unsigned flags, struct lk_buf *out)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_rec r;
	int64_t load, quota;
	int rc;

	if ((rc = lk_work_get(ctx, k, id, &a, &r)) ||
	    (rc = lk_buf_printf(out, "{\"%s\":", k->name)) ||
	    (rc = lk_work_json(ctx, id, &r, lang, out)))
		goto out;
	/* the helper's quota: a warning, never a refusal */
	if ((flags & LK_VIEW_WORK_QUOTA) && k == &lk_wk_pairing &&
	    lk_cadre_load(ctx, strtoll(lk_rec_get(&r, "cadre_id"), NULL, 10),
			  lk_rec_get(&r, "start_date"), &load, &quota) == 0 &&
	    load > quota &&
	    (rc = lk_buf_printf(out,
				",\"warning\":{\"rule\":\"helper.quota\","
				"\"households\":%lld,\"quota\":%lld}",
				(long long)load, (long long)quota)))
		goto out;
	rc = lk_buf_addc(out, '}');
out:
	lk_arena_free(&a);
	return rc;
}

struct wrow {
	struct lk_ctx *ctx;
	enum lk_lang lang;
	struct lk_buf *b;
	long long seen, from, to;
	int n;
};

static int work_row(void *arg, int64_t id, const struct lk_rec *r)
{
	struct wrow *w = arg;
	long long i = w->seen++;
	int rc;

	if (i < w->from || i >= w->to)
		return 0;
	if (w->n++ && (rc = lk_buf_addc(w->b, ',')))
		return rc;
	return lk_work_json(w->ctx, id, r, w->lang, w->b);
}

int lk_view_works(struct lk_ctx *ctx, const struct lk_wkind *k,
		  const struct lk_wfilter *f, enum lk_lang lang,
		  unsigned flags, struct lk_buf *out)
{
	struct lk_wfilter all = *f;
	struct wrow w = {ctx, lang, out, 0, 0, (long long)1 << 62, 0};
	int rc;

	if (!(flags & LK_VIEW_COUNT_ROWS)) {
		/* count them all, write the window */
		w.from = f->offset > 0 ? f->offset : 0;
		if (f->limit > 0)
			w.to = w.from + f->limit;
		all.limit = all.offset = 0;
	}
	if ((rc = lk_buf_printf(out, "{\"%s\":[", k->t->name)) ||
	    (rc = lk_work_list(ctx, k, &all, work_row, &w)))
		return rc;
	return lk_buf_printf(out, "],\"count\":%lld}",
			     flags & LK_VIEW_COUNT_ROWS ? (long long)w.n
							: w.seen);
}

int lk_view_work_removed(const struct lk_wkind *k, int64_t id,
			 struct lk_buf *out)
{
	return lk_buf_printf(out, "{\"%s\":%lld,\"removed\":true}", k->name,
			     (long long)id);
}

struct cov {
	struct lk_buf *b;
	int n;
};

static int cov_row(void *arg, const struct lk_wcov *cv)
{
	struct cov *o = arg;
	int rc;

	if ((o->n++ && (rc = lk_buf_addc(o->b, ','))) ||
	    (rc = lk_buf_adds(o->b, "{\"key\":")) ||
	    (rc = lk_json_str(o->b, cv->key)) ||
	    (rc = lk_buf_adds(o->b, ",\"name\":")) ||
	    (rc = lk_json_str(o->b, cv->name)) ||
	    (rc = lk_buf_printf(o->b,
				",\"households\":%lld,\"visited\":%lld}",
				(long long)cv->households,
				(long long)cv->visited)))
		return rc;
	return 0;
}

int lk_view_visit_coverage(struct lk_ctx *ctx, const char *region,
			   const struct lk_wround *rd, enum lk_cov_by by,
			   struct lk_buf *out)
{
	struct cov o = {out, 0};
	int rc;

	if ((rc = lk_buf_printf(out,
				"{\"round\":{\"year\":%d,\"n\":%d,\"from\":"
				"\"%s\",\"to\":\"%s\"},\"by\":\"%s\","
				"\"coverage\":[",
				rd->year, rd->n, rd->from, rd->to,
				by == LK_COV_CADRE ? "cadre" : "village")) ||
	    (rc = lk_visit_coverage(ctx, region, rd, by, cov_row, &o)))
		return rc;
	return lk_buf_adds(out, "]}");
}

static int fund_row(void *arg, const struct lk_wfund *f)
{
	struct cov *o = arg;
	char a[LK_MONEY_BUFSZ], d[LK_MONEY_BUFSZ], bal[LK_MONEY_BUFSZ];
	int rc;

	lk_money_format(f->amount, a);
	lk_money_format(f->disbursed, d);
	lk_money_format(f->balance, bal);
	if ((o->n++ && (rc = lk_buf_addc(o->b, ','))) ||
	    (rc = lk_buf_printf(o->b, "{\"id\":%lld,\"name\":",
				(long long)f->id)) ||
	    (rc = lk_json_str(o->b, f->name)) ||
	    (rc = lk_buf_adds(o->b, ",\"region_code\":")) ||
	    (rc = lk_json_str(o->b, f->region)) ||
	    (rc = lk_buf_printf(o->b,
				",\"amount\":%s,\"disbursed\":%s,"
				"\"balance\":%s,\"disbursements\":%lld}",
				a, d, bal, (long long)f->count)))
		return rc;
	return 0;
}

int lk_view_fund_balance(struct lk_ctx *ctx, const char *region, int64_t id,
			 struct lk_buf *out)
{
	struct cov o = {out, 0};
	int rc;

	if ((rc = lk_buf_adds(out, "{\"funds\":[")) ||
	    (rc = lk_fund_balance(ctx, region, id, fund_row, &o)))
		return rc;
	return lk_buf_adds(out, "]}");
}
