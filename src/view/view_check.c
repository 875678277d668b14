/* view_check.c - the JSON body of a data-quality check (view/view.h),
 * shared by `lika check --json` and GET /api/checks. */
#include <string.h>

#include "core/date.h"
#include "core/idcard.h"
#include "core/json.h"
#include "policy/check.h"
#include "view/view.h"

#define FLUSH_AT ((size_t)1 << 20)

struct cout {
	struct lk_buf *b;  /* the body */
	struct lk_buf fb;  /* household: the findings, after the rules */
	int show_ids, explain;
	size_t n, nexplain;
	int rc; /* first buffer or flush error */
	int (*flush)(void *arg, struct lk_buf *out);
	void *arg;
};

static int cflush(struct cout *o)
{
	if (!o->flush || o->b->len < FLUSH_AT)
		return 0;
	return o->flush(o->arg, o->b);
}

/* The ID as shown: masked unless show_ids. */
static const char *shown_id(const struct cout *o, const char *id,
			    char buf[LK_ID_MASK_BUFSZ])
{
	if (!id)
		return NULL;
	if (o->show_ids)
		return id;
	lk_id_mask(id, buf);
	return buf;
}

static int on_finding(void *arg, const struct lk_check_finding *f)
{
	struct cout *o = arg;
	struct lk_buf *b = o->explain ? &o->fb : o->b;
	char m1[LK_ID_MASK_BUFSZ], m2[LK_ID_MASK_BUFSZ];
	const char *id = shown_id(o, f->id_number, m1);
	const char *val = f->sensitive ? shown_id(o, f->value, m2) : f->value;
	int rc;

	if ((o->n++ && (rc = lk_buf_addc(b, ','))) ||
	    (rc = lk_buf_adds(b, "\n{\"rule\":")) ||
	    (rc = lk_json_str(b, f->rule)) ||
	    (rc = lk_buf_adds(b, ",\"severity\":")) ||
	    (rc = lk_json_str(b, lk_check_severity_name(f->severity))) ||
	    (rc = lk_buf_adds(b, ",\"household_no\":")) ||
	    (rc = lk_json_str(b, f->household_no)) ||
	    (rc = lk_buf_adds(b, ",\"village_code\":")) ||
	    (rc = lk_json_str(b, f->village_code)) ||
	    (rc = lk_buf_adds(b, ",\"id_number\":")) ||
	    (rc = lk_json_str(b, id)) || (rc = lk_buf_adds(b, ",\"name\":")) ||
	    (rc = lk_json_str(b, f->name)) ||
	    (rc = lk_buf_adds(b, ",\"field\":")) ||
	    (rc = lk_json_str(b, f->field)) ||
	    (rc = lk_buf_adds(b, ",\"value\":")) ||
	    (rc = lk_json_str(b, val)) ||
	    (rc = lk_buf_adds(b, ",\"message\":")) ||
	    (rc = lk_json_str(b, f->message)) || (rc = lk_buf_addc(b, '}')) ||
	    (rc = cflush(o)))
		o->rc = rc;
	return rc;
}

static int on_explain(void *arg, const struct lk_check_explain *e)
{
	static const char *const verdicts[] = {"pass", "fail", "n/a"};
	struct cout *o = arg;
	struct lk_buf *b = o->b;
	char m[LK_ID_MASK_BUFSZ];
	const char *id = shown_id(o, e->id_number, m);
	int rc;

	if ((o->nexplain++ && (rc = lk_buf_addc(b, ','))) ||
	    (rc = lk_buf_adds(b, "\n{\"rule\":")) ||
	    (rc = lk_json_str(b, e->rule)) ||
	    (rc = lk_buf_adds(b, ",\"severity\":")) ||
	    (rc = lk_json_str(b, lk_check_severity_name(e->severity))) ||
	    (rc = lk_buf_adds(b, ",\"id_number\":")) ||
	    (rc = lk_json_str(b, id)) || (rc = lk_buf_adds(b, ",\"name\":")) ||
	    (rc = lk_json_str(b, e->name)) ||
	    (rc = lk_buf_adds(b, ",\"result\":")) ||
	    (rc = lk_json_str(b, verdicts[e->verdict])) ||
	    (rc = lk_buf_adds(b, ",\"values\":")) ||
	    (rc = lk_json_str(b, e->values)) || (rc = lk_buf_addc(b, '}')))
		o->rc = rc;
	return rc;
}

/* The summary members after the findings. */
static int summary(struct lk_buf *b, const struct lk_check_stats *st,
		   int year)
{
	const struct lk_check_rule *r;
	char date[LK_DATE_BUFSZ];
	size_t n, i, k = 0;
	int rc;

	if ((rc = lk_check_rules(&r, &n)))
		return rc;
	lk_date_format(st->ref, date);
	if ((rc = lk_buf_adds(b, "],\"summary\":{\"by_rule\":{")))
		return rc;
	for (i = 0; i < n; i++) {
		if (!st->ran[i])
			continue;
		if ((k++ && (rc = lk_buf_addc(b, ','))) ||
		    (rc = lk_json_str(b, r[i].id)) ||
		    (rc = lk_buf_adds(b, ":{\"severity\":")) ||
		    (rc = lk_json_str(b,
				      lk_check_severity_name(r[i].severity))) ||
		    (rc = lk_buf_printf(b, ",\"count\":%zu}", st->by_rule[i])))
			return rc;
	}
	if ((rc = lk_buf_adds(b, "},\"by_village\":{")))
		return rc;
	for (i = 0; i < st->nvillages; i++)
		if ((i && (rc = lk_buf_addc(b, ','))) ||
		    (rc = lk_json_str(b, st->villages[i].code)) ||
		    (rc = lk_buf_printf(b, ":%zu", st->villages[i].count)))
			return rc;
	return lk_buf_printf(b,
			     "}},\"reference_date\":\"%s\",\"year\":%s%.0d,"
			     "\"households\":%zu,\"members\":%zu,\"count\":%zu,"
			     "\"errors\":%zu,\"warnings\":%zu}",
			     date, year ? "" : "null", year, st->households,
			     st->members, st->findings, st->errors,
			     st->warnings);
}

int lk_view_check(struct lk_ctx *ctx, const struct lk_view_check *q,
		  struct lk_buf *out,
		  int (*flush)(void *arg, struct lk_buf *out), void *arg,
		  size_t *errors)
{
	struct lk_check_opts opts;
	struct lk_check_stats st;
	struct cout o;
	int rc;

	memset(&opts, 0, sizeof opts);
	memset(&st, 0, sizeof st);
	memset(&o, 0, sizeof o);
	o.b = out;
	lk_buf_init(&o.fb, 16u << 20);
	o.show_ids = q->show_ids;
	o.explain = q->household != NULL;
	o.flush = flush;
	o.arg = arg;
	opts.region = q->region;
	opts.rules = q->rules;
	opts.year = q->year;
	opts.household = q->household;
	opts.on_finding = on_finding;
	opts.on_explain = o.explain ? on_explain : NULL;
	opts.arg = &o;
	if (o.explain) {
		if (!(rc = lk_buf_adds(out, "{\"household_no\":")) &&
		    !(rc = lk_json_str(out, q->household)))
			rc = lk_buf_adds(out, ",\"explain\":[");
	} else {
		rc = lk_buf_adds(out, "{\"findings\":[");
	}
	if (rc)
		goto out;
	rc = lk_check_run(ctx, &opts, &st);
	if (!rc && o.rc)
		rc = o.rc;
	if (rc)
		goto out;
	if (o.explain && ((rc = lk_buf_adds(out, "],\"findings\":[")) ||
			  (rc = lk_buf_add(out, o.fb.ptr ? o.fb.ptr : "",
					   o.fb.len))))
		goto out;
	rc = summary(out, &st, q->year);
out:
	if (errors)
		*errors = st.errors;
	lk_buf_free(&o.fb);
	lk_check_stats_free(&st);
	return rc;
}
