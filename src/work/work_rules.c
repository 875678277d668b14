/* Kind rules of the work records, run inside the write's transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "store/db.h"
#include "work/work_int.h"

/* 0 unless both dates are given and to is before from. */
static int order(struct lk_ctx *ctx, const struct lk_rec *r, const char *from,
		 const char *to)
{
	const char *a = lk_rec_get(r, from), *b = lk_rec_get(r, to);

	if (a && b && strcmp(b, a) < 0) {
		lk_err_set(&ctx->err, LK_EINVAL, _("%s %s is before %s %s"),
			   to, b, from, a);
		ctx->err.field = to;
		return LK_EINVAL;
	}
	return 0;
}

int work__check_dates(struct lk_ctx *ctx, const struct lk_wput *p)
{
	int rc;

	if (p->k == &lk_wk_visit)
		return order(ctx, p->r, "visit_date", "follow_up_date");
	if (p->k == &lk_wk_measure) {
		if ((rc = order(ctx, p->r, "move_out_date", "keys_date")))
			return rc;
		return 0;
	}
	if (p->k == &lk_wk_project)
		return order(ctx, p->r, "start_date", "end_date");
	if (p->k == &lk_wk_team_member)
		return order(ctx, p->r, "from_date", "to_date");
	if (p->k == &lk_wk_employment)
		return order(ctx, p->r, "from_date", "to_date");
	return 0;
}

int work__check_pairing(struct lk_ctx *ctx, const struct lk_wput *p)
{
	static const char q[] =
		"SELECT id FROM pairing WHERE household_id = ?1 AND "
		"cadre_id = ?2 AND id <> ?3 AND start_date <= coalesce(?5, "
		"'9999-12-31') AND coalesce(end_date, '9999-12-31') >= ?4";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = order(ctx, p->r, "start_date", "end_date")))
		return rc;
	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, p->household_id);
	db_bind_int64(st, 2, strtoll(lk_rec_get(p->r, "cadre_id"), NULL, 10));
	db_bind_int64(st, 3, p->id);
	db_bind_text(st, 4, lk_rec_get(p->r, "start_date"), -1);
	db_bind_text(st, 5, lk_rec_get(p->r, "end_date"), -1);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_ROW) {
		rc = lk_err_set(&ctx->err, LK_ECONFLICT,
				_("the cadre is already paired with household "
				  "%s in that period (pairing %lld)"),
				lk_rec_get(p->r, "household_no"),
				(long long)db_col_int64(st, 0));
		goto out;
	}
	rc = 0;
out:
	db_done(st);
	return rc;
}

/* Amount of a fund and what other disbursements than id took from it. */
static int fund_use(struct lk_ctx *ctx, int64_t fund, int64_t id,
		    int64_t *amount, int64_t *used)
{
	static const char q[] =
		"SELECT f.amount, (SELECT coalesce(sum(d.amount), 0) FROM "
		"disbursement d WHERE d.fund_id = f.id AND d.id <> ?2) "
		"FROM fund f WHERE f.id = ?1";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, fund);
	db_bind_int64(st, 2, id);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_DONE) {
		rc = lk_err_set(&ctx->err, LK_EINVAL, _("no fund %lld"),
				(long long)fund);
		goto out;
	}
	*amount = db_col_int64(st, 0);
	*used = db_col_int64(st, 1);
	rc = 0;
out:
	db_done(st);
	return rc;
}

int work__check_disbursement(struct lk_ctx *ctx, const struct lk_wput *p)
{
	char left[LK_MONEY_BUFSZ], want[LK_MONEY_BUFSZ];
	int64_t fund, amount, used, v;
	int rc;

	v = strtoll(lk_rec_get(p->r, "amount"), NULL, 10);
	if (p->k == &lk_wk_fund) {
		if (!p->id)
			return 0;
		if ((rc = fund_use(ctx, p->id, 0, &amount, &used)))
			return rc;
		if (v < used) {
			lk_money_format(used, left);
			lk_err_set(&ctx->err, LK_ECONFLICT,
				   _("fund %lld has already disbursed %s "
				     "yuan"),
				   (long long)p->id, left);
			ctx->err.field = "amount";
			return LK_ECONFLICT;
		}
		return 0;
	}
	fund = strtoll(lk_rec_get(p->r, "fund_id"), NULL, 10);
	if ((rc = fund_use(ctx, fund, p->id, &amount, &used)))
		return rc;
	if (v > amount - used) {
		lk_money_format(amount - used, left);
		lk_money_format(v, want);
		lk_err_set(&ctx->err, LK_ECONFLICT,
			   _("fund %lld has %s yuan left, cannot disburse %s"),
			   (long long)fund, left, want);
		ctx->err.field = "amount";
		return LK_ECONFLICT;
	}
	return 0;
}
