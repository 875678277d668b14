/* Reading procedures (procedure.h): one with its steps, objections and
 * what it waits for, lists, and a household's status history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/i18n.h"
#include "policy/policy.h"
#include "procedure/proc_int.h"
#include "procedure/procedure.h"
#include "registry/region.h"
#include "store/db.h"

#define LIST_COLS                                                              \
	"p.id, p.household_id, h.household_no, h.head_name, p.village_code, "  \
	"r.name, p.kind, p.year, p.state, p.outcome, p.started_on, "           \
	"p.finished_on, p.category, p.risk_types, p.suspended, "               \
	"p.record_only, p.notice_id, p.created_by"

/* Fills the columns of LIST_COLS into out (strings borrowed from st). */
static void read_proc(struct db_stmt *st, struct lk_proc *out)
{
	enum lk_proc_kind k = LK_PROC_IDENTIFICATION;

	memset(out, 0, sizeof *out);
	out->id = db_col_int64(st, 0);
	out->household_id = db_col_int64(st, 1);
	out->household_no = db_col_text(st, 2);
	out->head_name = db_col_text(st, 3);
	out->village_code = db_col_text(st, 4);
	out->village_name = db_col_text(st, 5);
	lk_proc_kind_parse(db_col_text(st, 6), &k);
	out->kind = k;
	out->year = (int)db_col_int64(st, 7);
	out->state = db_col_text(st, 8);
	out->outcome = db_col_text(st, 9);
	out->started_on = db_col_text(st, 10);
	out->finished_on = db_col_text(st, 11);
	out->category = db_col_text(st, 12);
	out->risk_types = db_col_text(st, 13);
	out->suspended = (int)db_col_int64(st, 14);
	out->record_only = (int)db_col_int64(st, 15);
	out->notice_id = db_col_int64(st, 16);
	out->created_by = db_col_text(st, 17);
}

/* Days and the monitoring warning of p (warning text in a, or a static
 * buffer when a is NULL). */
static int derive(struct lk_ctx *ctx, struct lk_proc *p, struct lk_arena *a,
		  char *wbuf, size_t wn)
{
	struct lk_date s, e;
	int64_t max;
	char today[11];
	int rc;

	lk_date_format(lk_today(), today);
	p->warning = NULL;
	if (lk_date_parse(p->started_on, &s) ||
	    lk_date_parse(p->finished_on ? p->finished_on : today, &e))
		return 0;
	p->days = (int)(lk_date_days(e) - lk_date_days(s));
	if (p->kind != LK_PROC_MONITORING ||
	    (p->outcome && strcmp(p->outcome, "approved") != 0))
		return 0;
	rc = lk_policy_int(ctx, "monitoring_max_days", p->village_code,
			   lk__year_of(p->started_on), &max);
	if (rc == LK_ENOTFOUND) {
		lk_err_clear(&ctx->err);
		return 0; /* no limit known: nothing to warn about */
	}
	if (rc)
		return rc;
	if (p->days <= max)
		return 0;
	if (a)
		p->warning = lk_arena_printf(
		    a,
		    _("monitoring identification %s %d days from its "
		      "start on %s, more than the %lld days of policy "
		      "monitoring_max_days"),
		    p->finished_on ? _("took") : _("has run"), p->days,
		    p->started_on, (long long)max);
	else {
		snprintf(wbuf, wn,
			 _("monitoring identification %s %d days from its "
			   "start on %s, more than the %lld days of policy "
			   "monitoring_max_days"),
			 p->finished_on ? _("took") : _("has run"), p->days,
			 p->started_on, (long long)max);
		p->warning = wbuf;
	}
	return 0;
}

static int read_steps(struct lk_ctx *ctx, struct lk_proc *p, struct lk_arena *a)
{
	static const char q[] =
	    "SELECT seq, step, on_date, actor, outcome, notes, members, "
	    "attending, votes_for, votes_against, notice_id, objection_id, "
	    "assessment, override_reason, recorded_by, recorded_at FROM "
	    "procedure_step WHERE procedure_id = ? ORDER BY seq";
	static const char cq[] =
	    "SELECT count(*) FROM procedure_step WHERE procedure_id = ?";
	struct db_stmt *st = NULL;
	size_t n = 0, i = 0;
	int rc;

	if ((rc = db_prepare_static(ctx->db, cq, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, p->id);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	n = (size_t)db_col_int64(st, 0);
	db_done(st);
	st = NULL;
	p->steps = n ? lk_arena_calloc(a, n * sizeof *p->steps) : NULL;
	if (n && !p->steps) {
		rc = LK_ENOMEM;
		goto out;
	}
	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, p->id);
	while (i < n && (rc = db_step(st, &ctx->err)) == DB_ROW) {
		struct lk_proc_step_rec *s = &p->steps[i++];
		int c;
		s->seq = (int)db_col_int64(st, 0);
		s->step = lk__adup(a, db_col_text(st, 1));
		s->date = lk__adup(a, db_col_text(st, 2));
		s->actor = lk__adup(a, db_col_text(st, 3));
		s->outcome = lk__adup(a, db_col_text(st, 4));
		s->notes = lk__adup(a, db_col_text(st, 5));
		for (c = 6; c <= 9; c++) {
			int v = db_col_is_null(st, c)
				    ? -1
				    : (int)db_col_int64(st, c);
			if (c == 6)
				s->members = v;
			else if (c == 7)
				s->attending = v;
			else if (c == 8)
				s->votes_for = v;
			else
				s->votes_against = v;
		}
		s->notice_id = db_col_int64(st, 10);
		s->objection_id = db_col_int64(st, 11);
		s->assessment = lk__adup(a, db_col_text(st, 12));
		s->override_reason = lk__adup(a, db_col_text(st, 13));
		s->recorded_by = lk__adup(a, db_col_text(st, 14));
		s->recorded_at = lk__adup(a, db_col_text(st, 15));
	}
	if (rc < 0)
		goto out;
	p->nsteps = i;
	rc = 0;
out:
	db_done(st);
	return rc;
}

void lk__objection_read(struct db_stmt *st, struct lk_arena *a,
			struct lk_proc_objection *o)
{
	o->id = db_col_int64(st, 0);
	o->notice_id = db_col_int64(st, 1);
	o->whole_notice = (int)db_col_int64(st, 2);
	o->received_on = lk__adup(a, db_col_text(st, 3));
	o->objector = lk__adup(a, db_col_text(st, 4));
	o->text = lk__adup(a, db_col_text(st, 5));
	o->state = lk__adup(a, db_col_text(st, 6));
	o->resolved_on = lk__adup(a, db_col_text(st, 7));
	o->resolved_by = lk__adup(a, db_col_text(st, 8));
	o->reasons = lk__adup(a, db_col_text(st, 9));
}

static int read_objections(struct lk_ctx *ctx, struct lk_proc *p,
			   struct lk_arena *a)
{
	static const char q[] =
	    "SELECT " LK__OBJECTION_COLS " FROM objection o WHERE "
	    "o.procedure_id = ?1 OR (o.procedure_id IS NULL AND "
	    "o.notice_id IN (SELECT notice_id FROM notice_item WHERE "
	    "procedure_id = ?1)) ORDER BY o.id";
	struct db_stmt *st = NULL;
	struct lk_proc_objection *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_int64(st, 1, p->id);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		struct lk_proc_objection *o;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 4;
			struct lk_proc_objection *nv =
			    lk_arena_calloc(a, nc * sizeof *nv);
			if (!nv) {
				rc = LK_ENOMEM;
				break;
			}
			if (n)
				memcpy(nv, v, n * sizeof *nv);
			v = nv;
			cap = nc;
		}
		o = &v[n++];
		lk__objection_read(st, a, o);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	p->objections = v;
	p->nobjections = n;
	return 0;
}

/* What an open procedure waits for (into a). */
static int waiting(struct lk_ctx *ctx, struct lk_proc *p, struct lk_arena *a)
{
	struct lk__proc row;
	char today[11];
	int rc;

	if (p->outcome)
		return 0;
	if ((rc = lk__proc_load(ctx, p->id, &row)))
		return rc;
	lk_date_format(lk_today(), today);
	rc = lk__proc_blocked(ctx, &row, today);
	if (rc == LK_ECONFLICT) {
		p->waiting = lk__adup(a, lk_err_msg(&ctx->err));
		lk_err_clear(&ctx->err);
		return 0;
	}
	if (rc)
		return rc;
	p->waiting =
	    lk_arena_printf(a, _("next step: %s (%s)"), p->state,
			    _(lk_proc_step_def(p->kind, p->state)->text));
	return p->waiting ? 0 : LK_ENOMEM;
}

int lk_proc_get(struct lk_ctx *ctx, int64_t id, struct lk_arena *a,
		struct lk_proc *out)
{
	static const char q[] =
	    "SELECT " LIST_COLS " FROM procedure p JOIN household h ON "
	    "h.id = p.household_id LEFT JOIN region r ON r.code = "
	    "p.village_code WHERE p.id = ?";
	struct db_stmt *st = NULL;
	struct lk_proc p;
	int rc;

	if ((rc = lk__row_by_id(ctx, q, id, 4, _("no procedure %lld"), &st)))
		goto out;
	read_proc(st, &p);
	p.household_no = lk__adup(a, p.household_no);
	p.head_name = lk__adup(a, p.head_name);
	p.village_code = lk__adup(a, p.village_code);
	p.village_name = lk__adup(a, p.village_name);
	p.state = lk__adup(a, p.state);
	p.outcome = lk__adup(a, p.outcome);
	p.started_on = lk__adup(a, p.started_on);
	p.finished_on = lk__adup(a, p.finished_on);
	p.category = lk__adup(a, p.category);
	p.risk_types = lk__adup(a, p.risk_types);
	p.created_by = lk__adup(a, p.created_by);
	db_done(st);
	st = NULL;
	if (!p.household_no || !p.state || !p.started_on) {
		rc = LK_ENOMEM;
		goto out;
	}
	if ((rc = derive(ctx, &p, a, NULL, 0)) ||
	    (rc = read_steps(ctx, &p, a)) ||
	    (rc = read_objections(ctx, &p, a)) || (rc = waiting(ctx, &p, a)))
		goto out;
	*out = p;
	rc = 0;
out:
	db_done(st);
	return rc;
}

int lk_proc_list(struct lk_ctx *ctx, const struct lk_proc_filter *f,
		 int (*fn)(void *arg, const struct lk_proc *p), void *arg)
{
	static const char q[] =
	    "SELECT " LIST_COLS " FROM procedure p JOIN household h ON "
	    "h.id = p.household_id LEFT JOIN region r ON r.code = "
	    "p.village_code WHERE p.village_code >= ?1 AND p.village_code "
	    "< ?2 AND (?3 IS NULL OR h.household_no = ?3) AND (?4 IS NULL "
	    "OR p.kind = ?4) AND (?5 IS NULL OR (?5 = 'open' AND "
	    "p.finished_on IS NULL) OR (?5 = 'finished' AND p.finished_on "
	    "IS NOT NULL) OR p.state = ?5) ORDER BY p.id LIMIT ?6";
	struct db_stmt *st = NULL;
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX], w[512];
	struct lk_proc p;
	int rc;

	if ((rc = lk_scope_range(ctx, f->region, lo, hi)))
		return rc;
	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_text(st, 1, lo, -1);
	db_bind_text(st, 2, hi, -1);
	db_bind_text(st, 3, f->household_no, -1);
	db_bind_text(st, 4,
		     f->kind >= 0 && f->kind < LK_PROC_KIND_N
			 ? lk_proc_kind_id(f->kind)
			 : NULL,
		     -1);
	db_bind_text(st, 5, f->state, -1);
	db_bind_int64(st, 6, f->limit > 0 ? f->limit : -1);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		read_proc(st, &p);
		if ((rc = derive(ctx, &p, NULL, w, sizeof w)) ||
		    (rc = fn(arg, &p)))
			break;
	}
	db_done(st);
	return rc;
}

int lk_proc_status_history(struct lk_ctx *ctx, int64_t household_id,
			   int (*fn)(void *arg, const struct lk_proc_event *e),
			   void *arg)
{
	static const char q[] =
	    "SELECT e.on_date, e.kind, e.value, e.source, e.note, p.id, "
	    "p.kind, p.year FROM status_event e LEFT JOIN procedure p ON "
	    "e.source = 'procedure' AND p.id = e.ref WHERE e.household_id "
	    "= ? ORDER BY e.on_date, e.id";
	struct db_stmt *st = NULL;
	struct lk_proc_event e;
	int rc;

	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_int64(st, 1, household_id);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		e.date = db_col_text(st, 0);
		e.kind = db_col_text(st, 1);
		e.value = db_col_text(st, 2);
		e.source = db_col_text(st, 3);
		e.note = db_col_text(st, 4);
		e.procedure_id = db_col_int64(st, 5);
		e.procedure_kind = db_col_text(st, 6);
		e.procedure_year = (int)db_col_int64(st, 7);
		if ((rc = fn(arg, &e)))
			break;
	}
	db_done(st);
	return rc;
}
