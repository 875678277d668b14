/* view_assess.c - the JSON body of an assessment (view/view.h), shared
 * by `lika assess --json` and the API's assess endpoints. */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/json.h"
#include "core/money.h"
#include "policy/assess.h"
#include "registry/codes.h"
#include "registry/household.h"
#include "view/view.h"

/* The notes every assessment carries. */
const char *const lk_assess_notes[LK_ASSESS_NOTES] = {
    N_("Sudden severe difficulty (突发严重困难户) rests on events the "
       "ledger does not record: it is not assessed."),
    N_("Enough food and clothing (两不愁) is judged by income alone."),
    N_("Of the county exit criteria only the poverty incidence is "
       "derived from the ledger.")};

struct out {
	struct lk_codes *codes;
	enum lk_lang lang;
	struct lk_buf *b;
	int n;
	int (*flush)(void *arg, struct lk_buf *b);
	void *arg;
};

/* Hands a large buffer to the caller's flush (if any). */
static int flush(struct out *s)
{
	if (!s->flush || s->b->len < (1u << 16))
		return 0;
	return s->flush(s->arg, s->b);
}

static const char *code_label(struct out *s, const char *list, const char *code)
{
	return code ? lk_code_label(s->codes, list, code, s->lang) : "";
}

/* Appends the labels of ';'-joined codes as JSON strings. */
static int add_labels(struct out *s, const char *list, const char *codes)
{
	const char *p = codes;
	char code[64];
	int rc = 0, first = 1;

	while (p && *p && !rc) {
		size_t k = strcspn(p, ";");
		snprintf(code, sizeof code, "%.*s", (int)k, p);
		if (!first)
			rc = lk_buf_addc(s->b, ',');
		if (!rc)
			rc = lk_json_str(s->b, code_label(s, list, code));
		first = 0;
		p += k;
		if (*p)
			p++;
	}
	return rc;
}

/* Appends the codes of a ';'-joined list as JSON strings. */
static int add_codes(struct lk_buf *b, const char *codes)
{
	const char *p = codes;
	char code[64];
	int rc = 0, first = 1;

	while (p && *p && !rc) {
		size_t k = strcspn(p, ";");
		snprintf(code, sizeof code, "%.*s", (int)k, p);
		if (!first)
			rc = lk_buf_addc(b, ',');
		if (!rc)
			rc = lk_json_str(b, code);
		first = 0;
		p += k;
		if (*p)
			p++;
	}
	return rc;
}

static int add_money(struct lk_buf *b, int has, int64_t fen)
{
	char m[LK_MONEY_BUFSZ];

	if (!has)
		return lk_buf_adds(b, "null");
	lk_money_format(fen, m);
	return lk_buf_adds(b, m);
}

/* A ratio in parts per million as a JSON number (6 decimals). */
static int add_ratio(struct lk_buf *b, int has, int64_t ppm)
{
	if (!has || ppm < 0)
		return lk_buf_adds(b, "null");
	return lk_buf_printf(b, "%lld.%06lld", (long long)(ppm / 1000000),
			     (long long)(ppm % 1000000));
}

static int hh_json(struct out *s, const struct lk_assess_hh *h)
{
	struct lk_buf *b = s->b;
	size_t i;
	int rc;

	if ((rc = lk_buf_adds(b, s->n ? ",\n{" : "\n{")) ||
	    (rc = lk_buf_adds(b, "\"household_no\":")) ||
	    (rc = lk_json_str(b, h->no)) ||
	    (rc = lk_buf_adds(b, ",\"village_code\":")) ||
	    (rc = lk_json_str(b, h->village_code)) ||
	    (rc = lk_buf_adds(b, ",\"village\":")) ||
	    (rc = lk_json_str(b, h->village_name)) ||
	    (rc = lk_buf_adds(b, ",\"head_name\":")) ||
	    (rc = lk_json_str(b, h->head_name)) ||
	    (rc = lk_buf_adds(b, ",\"status\":")) ||
	    (rc = lk_json_str(b, h->status)) ||
	    (rc = lk_buf_adds(b, ",\"status_label\":")) ||
	    (rc = lk_json_str(b, code_label(s, "hh_status", h->status))) ||
	    (rc = lk_buf_adds(b, ",\"status_since\":")) ||
	    (rc = lk_json_str(b, h->status_since)) ||
	    (rc = lk_buf_adds(b, ",\"verdict\":")) ||
	    (rc = lk_json_str(b, lk_verdict_id(h->verdict))) ||
	    (rc = lk_buf_adds(b, ",\"verdict_label\":")) ||
	    (rc = lk_json_str(b, lk_verdict_text(h->verdict))) ||
	    (rc = lk_buf_adds(b, ",\"category\":")) ||
	    (rc = lk_json_str(b, h->category)) ||
	    (rc = lk_buf_adds(b, ",\"category_label\":")) ||
	    (rc = lk_json_str(
		 b, h->category
			? code_label(s, "monitoring_category", h->category)
			: NULL)) ||
	    (rc = lk_buf_adds(b, ",\"risk_types\":[")) ||
	    (rc = add_codes(b, h->risk_types)) ||
	    (rc = lk_buf_adds(b, "],\"risk_types_label\":[")) ||
	    (rc = add_labels(s, "risk_type", h->risk_types)) ||
	    (rc = lk_buf_adds(b, "],\"monitored\":")) ||
	    (rc = lk_json_str(b, h->monitored)) ||
	    (rc = lk_buf_adds(b, ",\"monitored_label\":")) ||
	    (rc = lk_json_str(
		 b, h->monitored
			? code_label(s, "monitoring_category", h->monitored)
			: NULL)) ||
	    (rc = lk_buf_adds(b, ",\"monitored_since\":")) ||
	    (rc = lk_json_str(b, h->monitored_since)) ||
	    (rc = lk_buf_printf(b, ",\"people\":%d,\"income\":", h->people)))
		return rc;
	if (h->has_income) {
		if ((rc = lk_buf_printf(
			 b, "{\"persons\":%d,\"net_income\":", h->persons)) ||
		    (rc = add_money(b, 1, h->net)) ||
		    (rc = lk_buf_adds(b, ",\"per_capita\":")) ||
		    (rc = add_money(b, 1, h->per_capita)) ||
		    (rc = lk_buf_addc(b, '}')))
			return rc;
	} else if ((rc = lk_buf_adds(b, "null"))) {
		return rc;
	}
	if ((rc = lk_buf_adds(b, ",\"poverty_line\":")) ||
	    (rc = add_money(b, h->has_poverty_line, h->poverty_line)) ||
	    (rc = lk_buf_adds(b, ",\"monitoring_line\":")) ||
	    (rc = add_money(b, h->has_monitoring_line, h->monitoring_line)) ||
	    (rc = lk_buf_adds(b, ",\"criteria\":{")))
		return rc;
	for (i = 0; i < LK_CRIT_N; i++)
		if ((rc = lk_buf_printf(b, "%s\"%s\":\"%s\"", i ? "," : "",
					lk_crit_id((enum lk_crit)i),
					lk_crit_result_id(h->crit[i]))))
			return rc;
	if ((rc = lk_buf_adds(b, "},\"reasons\":[")))
		return rc;
	for (i = 0; i < h->nreasons; i++) {
		const struct lk_assess_reason *r = &h->reasons[i];
		if ((rc = lk_buf_printf(b,
					"%s{\"criterion\":\"%s\","
					"\"result\":\"%s\",\"text\":",
					i ? "," : "", lk_crit_id(r->crit),
					lk_crit_result_id(r->result))) ||
		    (rc = lk_json_str(b, r->text)) ||
		    (rc = lk_buf_addc(b, '}')))
			return rc;
	}
	return lk_buf_adds(b, "]}");
}

static int areas_json(struct out *s, const char *key,
		      const struct lk_assess_area *a, size_t n)
{
	struct lk_buf *b = s->b;
	size_t i;
	int rc;

	if ((rc = lk_buf_printf(b, ",\n\"%s\":[", key)))
		return rc;
	for (i = 0; i < n; i++) {
		if ((rc = lk_buf_adds(b,
				      i ? ",\n{\"code\":" : "\n{\"code\":")) ||
		    (rc = lk_json_str(b, a[i].code)) ||
		    (rc = lk_buf_adds(b, ",\"name\":")) ||
		    (rc = lk_json_str(b, a[i].name)) ||
		    (rc = lk_buf_printf(b,
					",\"households\":%lld,\"people\":%lld,"
					"\"poor_households\":%lld,"
					"\"poor_people\":%lld,\"incidence\":",
					a[i].households, a[i].people,
					a[i].poor_households,
					a[i].poor_people)) ||
		    (rc = add_ratio(b, 1, a[i].incidence_ppm)) ||
		    (rc = lk_buf_adds(b, ",\"threshold\":")) ||
		    (rc = add_ratio(b, a[i].has_threshold,
				    a[i].threshold_ppm)) ||
		    (rc = lk_buf_printf(b, ",\"meets\":%s,\"reason\":",
					a[i].meets < 0 ? "null"
					: a[i].meets   ? "true"
						       : "false")) ||
		    (rc = lk_json_str(b, a[i].reason)) ||
		    (rc = lk_buf_addc(b, '}')))
			return rc;
		if ((rc = flush(s)))
			return rc;
	}
	return lk_buf_addc(b, ']');
}

static int summary_json(struct lk_buf *b, const struct lk_assess *a)
{
	int rc, i;

	if ((rc = lk_buf_printf(b, ",\n\"summary\":{\"households\":%lld",
				a->households)))
		return rc;
	for (i = 0; i < LK_VERDICT_N; i++)
		if ((rc = lk_buf_printf(b, ",\"%s\":%lld",
					lk_verdict_id((enum lk_verdict)i),
					a->by_verdict[i])))
			return rc;
	return lk_buf_printf(b, ",\"not_assessed\":%lld}}", a->not_assessed);
}

static int on_household(void *arg, const struct lk_assess_hh *h)
{
	struct out *s = arg;
	int rc = hh_json(s, h);

	s->n++;
	return rc ? rc : flush(s);
}

/* The latest income year of a household. */
static int latest_year(void *arg, const struct lk_rec *r,
		       const struct lk_income_sum *s)
{
	int *y = arg;

	(void)r;
	if (s->year > *y)
		*y = s->year;
	return 0;
}

int lk_view_assess(struct lk_ctx *ctx, const struct lk_view_assess *q,
		   enum lk_lang lang, struct lk_buf *out,
		   int (*flush_fn)(void *arg, struct lk_buf *b), void *arg)
{
	struct out s = {NULL, lang, out, 0, flush_fn, arg};
	struct lk_assess_opts o;
	struct lk_assess *a = NULL;
	char village[16], date[11];
	const char *region;
	int64_t id = 0;
	int rc, y = 0;
	size_t i;

	memset(&o, 0, sizeof o);
	o.region = q->region;
	o.year = q->year;
	if ((rc = lk_codes_get(ctx, &s.codes)))
		goto out;
	if (q->household) {
		if ((rc = lk_household_lookup(ctx, q->household, &id, village)))
			goto out;
		if (!o.year) {
			if ((rc = lk_incomes_each(ctx, id, latest_year, &y)))
				goto out;
			o.year = y ? y : lk_today().y - 1;
		}
		o.household = id;
		o.explain = 1;
		o.region = NULL;
	}
	snprintf(date, sizeof date, "%04d-12-31", o.year);
	/* the header names the region asked for (the engine narrows it to
	 * the scope; it fails before writing if the two are disjoint) */
	region = q->household ? village : q->region ? q->region : "";
	if ((rc = lk_buf_adds(out, "{\"region\":")) ||
	    (rc = lk_json_str(out, region)) ||
	    (rc = lk_buf_printf(out, ",\"year\":%d,\"date\":\"%s\","
				     "\"notes\":[",
				o.year, date)))
		goto out;
	for (i = 0; i < LK_ASSESS_NOTES; i++)
		if ((i && (rc = lk_buf_addc(out, ','))) ||
		    (rc = lk_json_str(out, lk_gettext_lang(lang,
							   lk_assess_notes[i]))))
			goto out;
	if ((rc = lk_buf_adds(out, "],\n\"households\":[")) ||
	    (rc = lk_assess(ctx, &o, on_household, &s, &a)) ||
	    (rc = lk_buf_adds(out, "]")) ||
	    (rc = areas_json(&s, "villages", a->villages, a->nvillages)) ||
	    (rc = areas_json(&s, "counties", a->counties, a->ncounties)))
		goto out;
	rc = summary_json(out, a);
out:
	lk_assess_free(a);
	return rc;
}
