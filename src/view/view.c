#include "view/view.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "core/arena.h"
#include "core/json.h"
#include "core/money.h"
#include "procedure/procedure.h"
#include "registry/codes.h"
#include "store/db.h"
#include "work/work.h"

struct show {
	struct lk_ctx *ctx;
	struct lk_codes *codes;
	enum lk_lang lang;
	struct lk_buf *b;
	int n;
};

static unsigned mask_bit(const struct lk_ctx *ctx)
{
	return ctx->mask ? LK_REC_MASK : 0;
}

static int show_member(void *arg, const struct lk_rec *m)
{
	struct show *s = arg;
	int rc;

	if (s->n++ && (rc = lk_buf_addc(s->b, ',')))
		return rc;
	return lk_rec_json(m, LK_FF_NOCOL | mask_bit(s->ctx), s->codes,
			   s->lang, s->b);
}

static int show_income(void *arg, const struct lk_rec *r,
		       const struct lk_income_sum *sum)
{
	struct show *s = arg;
	char net[32], pc[32];
	int rc;

	lk_money_format(sum->net, net);
	lk_money_format(sum->per_capita, pc);
	if (s->n++ && (rc = lk_buf_addc(s->b, ',')))
		return rc;
	if ((rc = lk_buf_adds(s->b, "{\"income\":")) ||
	    (rc = lk_rec_json(r, LK_FF_NOCOL | mask_bit(s->ctx), NULL,
			      s->lang, s->b)) ||
	    (rc = lk_buf_printf(s->b,
				",\"year\":%d,\"persons\":%d,"
				"\"net_income\":%s,\"per_capita\":%s}",
				sum->year, sum->persons, net, pc)))
		return rc;
	return 0;
}

static int show_event(void *arg, const struct lk_proc_event *e)
{
	struct show *s = arg;
	const char *label = e->value;
	int rc;

	if (e->value && strcmp(e->kind, "status") == 0)
		label = lk_code_label(s->codes, "hh_status", e->value, s->lang);
	else if (e->value)
		label = lk_code_label(s->codes, "monitoring_category", e->value,
				      s->lang);
	if (s->n++ && (rc = lk_buf_addc(s->b, ',')))
		return rc;
	if ((rc = lk_buf_adds(s->b, "{\"date\":")) ||
	    (rc = lk_json_str(s->b, e->date)) ||
	    (rc = lk_buf_adds(s->b, ",\"kind\":")) ||
	    (rc = lk_json_str(s->b, e->kind)) ||
	    (rc = lk_buf_adds(s->b, ",\"value\":")) ||
	    (rc = lk_json_str(s->b, e->value)) ||
	    (rc = lk_buf_adds(s->b, ",\"label\":")) ||
	    (rc = lk_json_str(s->b, label)) ||
	    (rc = lk_buf_adds(s->b, ",\"source\":")) ||
	    (rc = lk_json_str(s->b, e->source)) ||
	    (rc = lk_buf_adds(s->b, ",\"note\":")) ||
	    (rc = lk_json_str(s->b, e->note)))
		return rc;
	/* the procedure behind the event (procedure.h) */
	if (e->procedure_id)
		return lk_buf_printf(s->b,
				     ",\"procedure\":{\"id\":%lld,"
				     "\"kind\":\"%s\",\"year\":%d}}",
				     (long long)e->procedure_id,
				     e->procedure_kind, e->procedure_year);
	return lk_buf_adds(s->b, ",\"procedure\":null}");
}

/* Audits an unmasked read of household no (audit/audit.h). */
static int audit_read(struct lk_ctx *ctx, const char *no)
{
	if (!ctx->audit_reads || ctx->mask)
		return 0;
	return lk_audit_read(ctx, "household", no);
}

int lk_view_household(struct lk_ctx *ctx, const char *no, enum lk_lang lang,
		      unsigned flags, struct lk_buf *out)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct show s = {ctx, NULL, lang, out, 0};
	struct lk_rec r;
	int64_t id;
	int rc;

	if ((rc = lk_household_get(ctx, no, &a, &r, &id)) ||
	    (rc = lk_codes_get(ctx, &s.codes)))
		goto out;
	if (flags & LK_VIEW_HISTORY_ONLY) {
		if ((rc = lk_buf_adds(out, "{\"household_no\":")) ||
		    (rc = lk_json_str(out, no)))
			goto out;
	} else {
		if ((rc = lk_buf_adds(out, "{\"household\":")) ||
		    (rc = lk_rec_json(&r,
				      LK_FF_NOCOL | LK_FF_INCOME |
					      mask_bit(ctx),
				      s.codes, lang, out)) ||
		    (rc = lk_buf_adds(out, ",\"members\":[")) ||
		    (rc = lk_members_each(ctx, id, show_member, &s)) ||
		    (rc = lk_buf_adds(out, "],\"incomes\":[")))
			goto out;
		s.n = 0;
		if ((rc = lk_incomes_each(ctx, id, show_income, &s)) ||
		    (rc = lk_buf_addc(out, ']')))
			goto out;
	}
	s.n = 0;
	if ((rc = lk_buf_adds(out, ",\"history\":[")) ||
	    (rc = lk_proc_status_history(ctx, id, show_event, &s)) ||
	    (rc = lk_buf_adds(out, "]}")))
		goto out;
	rc = audit_read(ctx, no);
out:
	lk_arena_free(&a);
	return rc;
}

static int list_row(void *arg, const struct lk_hh_summary *h)
{
	struct show *s = arg;
	struct lk_buf *b = s->b;
	const char *st = lk_code_label(s->codes, "hh_status", h->status,
				       s->lang);
	int rc;

	if (s->n++ && (rc = lk_buf_addc(b, ',')))
		return rc;
	if ((rc = lk_buf_adds(b, "{\"household_no\":")) ||
	    (rc = lk_json_str(b, h->no)) ||
	    (rc = lk_buf_adds(b, ",\"village_code\":")) ||
	    (rc = lk_json_str(b, h->village_code)) ||
	    (rc = lk_buf_adds(b, ",\"village\":")) ||
	    (rc = lk_json_str(b, h->village_name)) ||
	    (rc = lk_buf_adds(b, ",\"group\":")) ||
	    (rc = lk_json_str(b, h->group)) ||
	    (rc = lk_buf_adds(b, ",\"head_name\":")) ||
	    (rc = lk_json_str(b, h->head_name)) ||
	    (rc = lk_buf_adds(b, ",\"head_id\":")) ||
	    (rc = s->ctx->mask ? lk_json_masked(b, h->head_id, 0)
			       : lk_json_str(b, h->head_id)) ||
	    (rc = lk_buf_adds(b, ",\"status\":")) ||
	    (rc = lk_json_str(b, h->status)) ||
	    (rc = lk_buf_adds(b, ",\"status_label\":")) ||
	    (rc = lk_json_str(b, st)) ||
	    (rc = lk_buf_printf(b, ",\"members\":%d,\"matched\":",
				h->members)) ||
	    (rc = lk_json_str(b, h->matched)) || (rc = lk_buf_addc(b, '}')))
		return rc;
	return 0;
}

int lk_view_households(struct lk_ctx *ctx, const struct lk_hh_filter *f,
		       enum lk_lang lang, unsigned flags, struct lk_buf *out,
		       int *rows)
{
	struct show s = {ctx, NULL, lang, out, 0};
	long long total = 0;
	int rc;

	if ((rc = lk_codes_get(ctx, &s.codes)) ||
	    (rc = lk_buf_adds(out, "{\"households\":[")) ||
	    (rc = lk_household_list(ctx, f, list_row, &s)))
		return rc;
	total = s.n;
	if (!(flags & LK_VIEW_COUNT_ROWS) && (f->limit > 0 || f->offset > 0) &&
	    (rc = lk_household_count(ctx, f, &total)))
		return rc;
	if (rows)
		*rows = s.n;
	return lk_buf_printf(out, "],\"count\":%lld}", total);
}

int lk_view_income(const char *no, const struct lk_income_sum *s,
		   struct lk_buf *out)
{
	char net[32], pc[32];
	int rc;

	lk_money_format(s->net, net);
	lk_money_format(s->per_capita, pc);
	if ((rc = lk_buf_adds(out, "{\"household_no\":")) ||
	    (rc = lk_json_str(out, no)))
		return rc;
	return lk_buf_printf(out,
			     ",\"year\":%d,\"persons\":%d,\"net_income\":%s,"
			     "\"per_capita\":%s}",
			     s->year, s->persons, net, pc);
}

int lk_view_member_removed(const char *id_number, struct lk_buf *out)
{
	int rc;

	if ((rc = lk_buf_adds(out, "{\"removed\":")) ||
	    (rc = lk_json_str(out, id_number)))
		return rc;
	return lk_buf_addc(out, '}');
}

/* ---- code lists ----------------------------------------------------- */

static int code_json(struct lk_buf *out, size_t i, const char *code,
		     const char *label)
{
	int rc;

	if ((i && (rc = lk_buf_addc(out, ','))) ||
	    (rc = lk_buf_adds(out, "{\"code\":")) ||
	    (rc = lk_json_str(out, code)) ||
	    (rc = lk_buf_adds(out, ",\"label\":")) ||
	    (rc = lk_json_str(out, label)))
		return rc;
	return lk_buf_addc(out, '}');
}

int lk_view_codes(struct lk_ctx *ctx, const char *list, enum lk_lang lang,
		  struct lk_buf *out)
{
	const struct lk_wcode *w;
	const struct lk_code *c = NULL;
	struct lk_codes *codes;
	size_t i, n = 0;
	int rc;

	if (!(w = lk_work_code_list(list, &n))) {
		if ((rc = lk_codes_get(ctx, &codes)))
			return rc;
		c = lk_code_list(codes, list, &n);
	}
	if (!n)
		return lk_err_set(&ctx->err, LK_ENOTFOUND, _("no code list %s"),
				  list);
	if ((rc = lk_buf_adds(out, "{\"list\":")) ||
	    (rc = lk_json_str(out, list)) ||
	    (rc = lk_buf_adds(out, ",\"codes\":[")))
		return rc;
	for (i = 0; i < n; i++) {
		if (w)
			rc = code_json(out, i, w[i].code,
				       lang == LK_LANG_ZH ? w[i].zh : w[i].en);
		else
			rc = code_json(out, i, c[i].code,
				       lang == LK_LANG_ZH ? c[i].zh : c[i].en);
		if (rc)
			return rc;
	}
	return lk_buf_adds(out, "]}");
}

/* ---- regions -------------------------------------------------------- */

int lk_view_region(struct lk_ctx *ctx, const struct lk_region *r,
		   enum lk_lang lang, struct lk_buf *b)
{
	struct lk_codes *codes;
	int rc;

	if ((rc = lk_codes_get(ctx, &codes)))
		return rc;
	if ((rc = lk_buf_adds(b, "{\"code\":")) ||
	    (rc = lk_json_str(b, r->code)) ||
	    (rc = lk_buf_adds(b, ",\"name\":")) ||
	    (rc = lk_json_str(b, r->name)) ||
	    (rc = lk_buf_printf(b, ",\"level\":%d,\"parent\":", r->level)) ||
	    (rc = lk_json_str(b, r->parent[0] ? r->parent : NULL)) ||
	    (rc = lk_buf_adds(b, ",\"attribute\":")) ||
	    (rc = lk_json_str(b, r->attribute[0] ? r->attribute : NULL)))
		return rc;
	if (r->attribute[0] &&
	    ((rc = lk_buf_adds(b, ",\"attribute_label\":")) ||
	     (rc = lk_json_str(b, lk_code_label(codes, "group_attr",
						r->attribute, lang)))))
		return rc;
	return lk_buf_addc(b, '}');
}

struct regions {
	struct lk_ctx *ctx;
	enum lk_lang lang;
	struct lk_buf *b;
	int n;
};

static int region_row(void *arg, const struct lk_region *r)
{
	struct regions *s = arg;
	int rc;

	if (s->n++ && (rc = lk_buf_addc(s->b, ',')))
		return rc;
	return lk_view_region(s->ctx, r, s->lang, s->b);
}

int lk_view_regions(struct lk_ctx *ctx, const char *parent,
		    enum lk_lang lang, struct lk_buf *out)
{
	struct regions s = {ctx, lang, out, 0};
	int rc;

	if ((rc = lk_buf_adds(out, "{\"regions\":[")) ||
	    (rc = lk_region_children(ctx, parent, region_row, &s)))
		return rc;
	return lk_buf_adds(out, "]}");
}

/* ---- accounts -------------------------------------------------------- */

int lk_view_account(const struct lk_account *a, struct lk_buf *b)
{
	int rc;

	if ((rc = lk_buf_adds(b, "{\"name\":")) ||
	    (rc = lk_json_str(b, a->name)) ||
	    (rc = lk_buf_adds(b, ",\"role\":")) ||
	    (rc = lk_json_str(b, lk_role_name(a->role))) ||
	    (rc = lk_buf_adds(b, ",\"region\":")) ||
	    (rc = lk_json_str(b, a->region)) ||
	    (rc = lk_buf_adds(b, ",\"region_name\":")) ||
	    (rc = lk_json_str(b, a->region_name[0] ? a->region_name : NULL)) ||
	    (rc = lk_buf_adds(b, ",\"cadre\":")) ||
	    (rc = lk_json_str(b, a->cadre_name[0] ? a->cadre_name : NULL)) ||
	    (rc = lk_buf_adds(b, ",\"locale\":")) ||
	    (rc = lk_json_str(b, a->locale[0] ? a->locale : NULL)) ||
	    (rc = lk_buf_printf(b, ",\"disabled\":%s,\"created_at\":",
				a->disabled ? "true" : "false")) ||
	    (rc = lk_json_str(b, a->created_at)))
		return rc;
	return lk_buf_addc(b, '}');
}

struct accounts {
	struct lk_buf *b;
	int n;
};

static int account_row(void *arg, const struct lk_account *a)
{
	struct accounts *s = arg;
	int rc;

	if (s->n++ && (rc = lk_buf_addc(s->b, ',')))
		return rc;
	return lk_view_account(a, s->b);
}

int lk_view_accounts(struct lk_ctx *ctx, struct lk_buf *out)
{
	struct accounts s = {out, 0};
	int rc;

	if ((rc = lk_buf_adds(out, "{\"users\":[")) ||
	    (rc = lk_account_list(ctx, account_row, &s)))
		return rc;
	return lk_buf_printf(out, "],\"count\":%d}", s.n);
}

int lk_view_me(const struct lk_account *a, const char *csrf,
	       struct lk_buf *b)
{
	int rc;

	if ((rc = lk_buf_adds(b, "{\"user\":{\"name\":")) ||
	    (rc = lk_json_str(b, a->name)) ||
	    (rc = lk_buf_adds(b, ",\"role\":")) ||
	    (rc = lk_json_str(b, lk_role_name(a->role))) ||
	    (rc = lk_buf_adds(b, ",\"region\":")) ||
	    (rc = lk_json_str(b, a->region)) ||
	    (rc = lk_buf_adds(b, ",\"region_name\":")) ||
	    (rc = lk_json_str(b, a->region_name[0] ? a->region_name : NULL)) ||
	    (rc = lk_buf_adds(b, ",\"locale\":")) ||
	    (rc = lk_json_str(b, a->locale[0] ? a->locale : NULL)) ||
	    (rc = lk_buf_adds(b, "},\"csrf\":")) ||
	    (rc = lk_json_str(b, csrf)))
		return rc;
	return lk_buf_addc(b, '}');
}
