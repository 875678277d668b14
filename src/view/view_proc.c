/* view_proc.c - the JSON bodies of procedures, notices and objections
 * (view/view.h), shared by `lika procedure|notice ... --json` and the
 * API's procedure and notice endpoints. */
#include <string.h>

#include "core/date.h"
#include "core/json.h"
#include "procedure/notice.h"
#include "procedure/procedure.h"
#include "registry/codes.h"
#include "view/view.h"

static int jcount(struct lk_buf *b, const char *key, int v)
{
	return v < 0 ? lk_buf_printf(b, ",\"%s\":null", key)
		     : lk_buf_printf(b, ",\"%s\":%d", key, v);
}

static int jid(struct lk_buf *b, const char *key, int64_t v)
{
	return v ? lk_buf_printf(b, ",\"%s\":%lld", key, (long long)v)
		 : lk_buf_printf(b, ",\"%s\":null", key);
}

static int jstr(struct lk_buf *b, const char *key, const char *v)
{
	int rc = lk_buf_printf(b, ",\"%s\":", key);

	return rc ? rc : lk_json_str(b, v);
}

/* The members of an objection after its id (shared by both bodies). */
static int objection_tail(const struct lk_proc_objection *o,
			  struct lk_buf *b)
{
	int rc;

	if ((rc = jstr(b, "received_on", o->received_on)) ||
	    (rc = jstr(b, "objector", o->objector)) ||
	    (rc = jstr(b, "text", o->text)) ||
	    (rc = jstr(b, "state", o->state)) ||
	    (rc = jstr(b, "resolved_on", o->resolved_on)) ||
	    (rc = jstr(b, "resolved_by", o->resolved_by)) ||
	    (rc = jstr(b, "reasons", o->reasons)))
		return rc;
	return lk_buf_addc(b, '}');
}

/* "objections":[...]} closing the body; with_notice gives each one's
 * notice (a procedure's objections may come from several notices). */
static int objections_json(const struct lk_proc_objection *o, size_t n,
			   int with_notice, struct lk_buf *b)
{
	size_t i;
	int rc;

	if ((rc = lk_buf_adds(b, "\"objections\":[")))
		return rc;
	for (i = 0; i < n; i++) {
		if ((rc = lk_buf_printf(b, "%s{\"id\":%lld", i ? "," : "",
					(long long)o[i].id)) ||
		    (with_notice &&
		     (rc = lk_buf_printf(b, ",\"notice\":%lld",
					 (long long)o[i].notice_id))) ||
		    (rc = lk_buf_printf(b, ",\"whole_notice\":%s",
					o[i].whole_notice ? "true" : "false")) ||
		    (rc = objection_tail(&o[i], b)))
			return rc;
	}
	return lk_buf_adds(b, "]}");
}

/* The JSON object of a procedure (with steps and objections when full,
 * i.e. read by lk_proc_get). */
static int proc_json(struct lk_codes *codes, const struct lk_proc *p,
		     int full, enum lk_lang lang, struct lk_buf *b)
{
	size_t i;
	int rc;

	if ((rc = lk_buf_printf(b, "{\"id\":%lld", (long long)p->id)) ||
	    (rc = jstr(b, "household_no", p->household_no)) ||
	    (rc = jstr(b, "head_name", p->head_name)) ||
	    (rc = jstr(b, "village_code", p->village_code)) ||
	    (rc = jstr(b, "village", p->village_name)) ||
	    (rc = jstr(b, "kind", lk_proc_kind_id(p->kind))) ||
	    (rc = jstr(b, "kind_label", lk_proc_kind_text(p->kind))) ||
	    (rc = lk_buf_printf(b, ",\"year\":%d", p->year)) ||
	    (rc = jstr(b, "state", p->state)) ||
	    (rc = jstr(b, "state_label", lk_proc_state_label(p->kind, p->state))) ||
	    (rc = jstr(b, "outcome", p->outcome)) ||
	    (rc = jstr(b, "started_on", p->started_on)) ||
	    (rc = jstr(b, "finished_on", p->finished_on)) ||
	    (rc = jstr(b, "category", p->category)) ||
	    (rc = jstr(b, "category_label",
		       p->category ? lk_code_label(codes, "monitoring_category",
						   p->category, lang)
				   : NULL)) ||
	    (rc = jstr(b, "risk_types", p->risk_types)) ||
	    (rc = lk_buf_printf(b, ",\"suspended\":%s,\"record_only\":%s",
				p->suspended ? "true" : "false",
				p->record_only ? "true" : "false")) ||
	    (rc = jid(b, "notice", p->notice_id)) ||
	    (rc = lk_buf_printf(b, ",\"days\":%d", p->days)) ||
	    (rc = jstr(b, "warning", p->warning)) ||
	    (rc = jstr(b, "created_by", p->created_by)))
		return rc;
	if (!full)
		return lk_buf_addc(b, '}');
	if ((rc = jstr(b, "waiting", p->waiting)) ||
	    (rc = lk_buf_adds(b, ",\"steps\":[")))
		return rc;
	for (i = 0; i < p->nsteps; i++) {
		const struct lk_proc_step_rec *s = &p->steps[i];
		if ((rc = lk_buf_printf(b, "%s{\"seq\":%d", i ? "," : "",
					s->seq)) ||
		    (rc = jstr(b, "step", s->step)) ||
		    (rc = jstr(b, "step_label",
			       lk_proc_state_label(p->kind, s->step))) ||
		    (rc = jstr(b, "date", s->date)) ||
		    (rc = jstr(b, "actor", s->actor)) ||
		    (rc = jstr(b, "outcome", s->outcome)) ||
		    (rc = jstr(b, "notes", s->notes)) ||
		    (rc = jcount(b, "members", s->members)) ||
		    (rc = jcount(b, "attending", s->attending)) ||
		    (rc = jcount(b, "votes_for", s->votes_for)) ||
		    (rc = jcount(b, "votes_against", s->votes_against)) ||
		    (rc = jid(b, "notice", s->notice_id)) ||
		    (rc = jid(b, "objection", s->objection_id)) ||
		    (rc = jstr(b, "assessment", s->assessment)) ||
		    (rc = jstr(b, "override_reason", s->override_reason)) ||
		    (rc = jstr(b, "recorded_by", s->recorded_by)) ||
		    (rc = jstr(b, "recorded_at", s->recorded_at)) ||
		    (rc = lk_buf_addc(b, '}')))
			return rc;
	}
	if ((rc = lk_buf_adds(b, "],")))
		return rc;
	return objections_json(p->objections, p->nobjections, 1, b);
}

int lk_view_procedure(struct lk_ctx *ctx, int64_t id, enum lk_lang lang,
		      struct lk_buf *out)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_codes *codes;
	struct lk_proc p;
	int rc;

	if ((rc = lk_proc_get(ctx, id, &a, &p)) ||
	    (rc = lk_codes_get(ctx, &codes)) ||
	    (rc = lk_buf_adds(out, "{\"procedure\":")) ||
	    (rc = proc_json(codes, &p, 1, lang, out)))
		goto out;
	rc = lk_buf_addc(out, '}');
out:
	lk_arena_free(&a);
	return rc;
}

/* A walk over a list that writes the rows of a window (limit/offset)
 * and counts them all. */
struct win {
	struct lk_codes *codes;
	enum lk_lang lang;
	struct lk_buf *b;
	long long seen, from, to; /* rows [from, to) are written */
	int n;			  /* written */
};

static int in_window(struct win *w)
{
	long long i = w->seen++;

	return i >= w->from && i < w->to;
}

static void win_init(struct win *w, struct lk_buf *b, int limit, int offset,
		     unsigned flags)
{
	memset(w, 0, sizeof *w);
	w->b = b;
	w->from = flags & LK_VIEW_COUNT_ROWS ? 0 : offset;
	w->to = (flags & LK_VIEW_COUNT_ROWS) || limit <= 0
			? (long long)1 << 62
			: (long long)offset + limit;
}

static long long win_count(const struct win *w, unsigned flags)
{
	return flags & LK_VIEW_COUNT_ROWS ? w->n : w->seen;
}

static int proc_row(void *arg, const struct lk_proc *p)
{
	struct win *w = arg;
	int rc;

	if (!in_window(w))
		return 0;
	if (w->n++ && (rc = lk_buf_addc(w->b, ',')))
		return rc;
	return proc_json(w->codes, p, 0, w->lang, w->b);
}

int lk_view_procedures(struct lk_ctx *ctx, const struct lk_proc_filter *f,
		       int limit, int offset, enum lk_lang lang,
		       unsigned flags, struct lk_buf *out)
{
	struct lk_proc_filter all = *f;
	struct win w;
	int rc;

	win_init(&w, out, limit, offset, flags);
	w.lang = lang;
	if (!(flags & LK_VIEW_COUNT_ROWS))
		all.limit = 0; /* count them all, write the window */
	if ((rc = lk_codes_get(ctx, &w.codes)) ||
	    (rc = lk_buf_adds(out, "{\"procedures\":[")) ||
	    (rc = lk_proc_list(ctx, &all, proc_row, &w)))
		return rc;
	return lk_buf_printf(out, "],\"count\":%lld}", win_count(&w, flags));
}

/* closes_at (the end of the last day, CST) as Unix time. */
static int64_t notice_closes(const char *end_date)
{
	static const struct lk_date epoch = {1970, 1, 1};
	struct lk_date d;

	if (!end_date || lk_date_parse(end_date, &d))
		return 0;
	return ((int64_t)lk_date_days(d) + 1 - lk_date_days(epoch)) * 86400 -
	       8 * 3600;
}

static int notice_json(const struct lk_notice *n, int full, struct lk_buf *b)
{
	const struct lk_step_def *d = lk_proc_step_def(n->kind, n->step);
	int64_t closes = notice_closes(n->end_date), left;
	char iso[LK_ISO_NOW_BUFSZ];
	size_t i;
	int rc;

	lk_unix_iso(closes, iso);
	left = closes - lk_now_unix();
	if (left < 0 || strcmp(n->state, "closed") == 0)
		left = 0;
	if ((rc = lk_buf_printf(b, "{\"id\":%lld", (long long)n->id)) ||
	    (rc = jstr(b, "village_code", n->village_code)) ||
	    (rc = jstr(b, "village", n->village_name)) ||
	    (full && (rc = jstr(b, "town", n->town_name))) ||
	    (full && (rc = jstr(b, "county", n->county_name))) ||
	    (rc = jstr(b, "kind", lk_proc_kind_id(n->kind))) ||
	    (rc = jstr(b, "kind_label", lk_proc_kind_text(n->kind))) ||
	    (rc = jstr(b, "step", n->step)) ||
	    (rc = jstr(b, "step_label", d ? _(d->text) : n->step)) ||
	    (rc = lk_buf_printf(b, ",\"days\":%d", n->days)) ||
	    (rc = jstr(b, "start", n->start_date)) ||
	    (rc = jstr(b, "end", n->end_date)) ||
	    (rc = jstr(b, "closes_at", iso)) ||
	    (rc = lk_buf_printf(b, ",\"remaining_seconds\":%lld",
				(long long)left)) ||
	    (rc = jstr(b, "state", n->state)) ||
	    (rc = jstr(b, "closed_on", n->closed_on)) ||
	    (rc = jstr(b, "contact", n->contact)) ||
	    (rc = jstr(b, "created_by", n->created_by)) ||
	    (rc = lk_buf_printf(b, ",\"households\":%zu,\"open_objections\":%d",
				n->nitems, n->open_objections)))
		return rc;
	if (!full)
		return lk_buf_addc(b, '}');
	if ((rc = lk_buf_adds(b, ",\"items\":[")))
		return rc;
	for (i = 0; i < n->nitems; i++) {
		const struct lk_notice_item *it = &n->items[i];
		if ((rc = lk_buf_printf(b, "%s{\"procedure\":%lld",
					i ? "," : "",
					(long long)it->procedure_id)) ||
		    (rc = jstr(b, "household_no", it->household_no)) ||
		    (rc = jstr(b, "head_name", it->head_name)) ||
		    (rc = jstr(b, "group", it->group)) ||
		    (rc = lk_buf_printf(b, ",\"people\":%d", it->people)) ||
		    (rc = jstr(b, "state", it->proc_state)) ||
		    (rc = jstr(b, "reason", it->reason)) ||
		    (rc = lk_buf_addc(b, '}')))
			return rc;
	}
	if ((rc = lk_buf_adds(b, "],")))
		return rc;
	return objections_json(n->objections, n->nobjections, 0, b);
}

int lk_view_notice(struct lk_ctx *ctx, int64_t id, struct lk_buf *out)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_notice n;
	int rc;

	if ((rc = lk_notice_get(ctx, id, &a, &n)) ||
	    (rc = lk_buf_adds(out, "{\"notice\":")) ||
	    (rc = notice_json(&n, 1, out)))
		goto out;
	rc = lk_buf_addc(out, '}');
out:
	lk_arena_free(&a);
	return rc;
}

static int notice_row(void *arg, const struct lk_notice *n)
{
	struct win *w = arg;
	int rc;

	if (!in_window(w))
		return 0;
	if (w->n++ && (rc = lk_buf_addc(w->b, ',')))
		return rc;
	return notice_json(n, 0, w->b);
}

int lk_view_notices(struct lk_ctx *ctx, const struct lk_notice_filter *f,
		    int limit, int offset, unsigned flags, struct lk_buf *out)
{
	struct lk_notice_filter all = *f;
	struct win w;
	int rc;

	win_init(&w, out, limit, offset, flags);
	if (!(flags & LK_VIEW_COUNT_ROWS))
		all.limit = 0;
	if ((rc = lk_buf_adds(out, "{\"notices\":[")) ||
	    (rc = lk_notice_list(ctx, &all, notice_row, &w)))
		return rc;
	return lk_buf_printf(out, "],\"count\":%lld}", win_count(&w, flags));
}

int lk_view_objection(int64_t objection_id, int64_t notice_id,
		      const char *state, struct lk_buf *out)
{
	if (notice_id)
		return lk_buf_printf(out,
				     "{\"objection\":%lld,\"notice\":%lld,"
				     "\"state\":\"%s\"}",
				     (long long)objection_id,
				     (long long)notice_id, state);
	return lk_buf_printf(out, "{\"objection\":%lld,\"state\":\"%s\"}",
			     (long long)objection_id, state);
}
