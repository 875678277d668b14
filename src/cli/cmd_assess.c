/* lika assess: households, villages and counties against the exit,
 * monitoring and identification criteria (policy/assess.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/json.h"
#include "core/money.h"
#include "core/num.h"
#include "policy/assess.h"
#include "registry/codes.h"
#include "registry/household.h"
#include "registry/rec.h"
#include "view/view.h"

static const char usage[] =
    N_("usage: lika assess --year YEAR [--region CODE]\n"
       "       lika assess --household NO [--year YEAR]\n"
       "\n"
       "Assesses every household under the region (default: all) on the\n"
       "last day of YEAR: a poor household against the exit criteria\n"
       "(income above the poverty line, compulsory schooling, basic medical\n"
       "and serious-illness insurance, safe housing, safe water), a lifted\n"
       "household for the risk of returning to poverty (monitoring), an\n"
       "ordinary one as a candidate for identification or monitoring; then\n"
       "the poverty incidence of each village and county against its exit\n"
       "threshold.  --household explains one household: every criterion\n"
       "with the values it looked at (YEAR defaults to its latest income\n"
       "year).  Lines and thresholds come from the policy ('lika policy').\n");

struct out {
	struct cli *c;
	struct lk_codes *codes;
	struct lk_buf b;
	int n;
	int explain;
	int io_error;
};

/* ---- shared pieces ------------------------------------------------- */

static const char *code_label(struct out *s, const char *list, const char *code)
{
	return code ? lk_code_label(s->codes, list, code, s->c->lang) : "";
}

/* Flushes the buffer to stdout. */
static void emit(struct out *s)
{
	if (s->b.len && fwrite(s->b.ptr, 1, s->b.len, stdout) != s->b.len)
		s->io_error = 1;
	lk_buf_reset(&s->b);
}

/* Appends the labels of ';'-joined codes, separated by sep. */
static int add_labels(struct out *s, const char *list, const char *codes,
		      const char *sep, int json)
{
	const char *p = codes;
	char code[64];
	int rc = 0, first = 1;

	while (p && *p && !rc) {
		size_t k = strcspn(p, ";");
		snprintf(code, sizeof code, "%.*s", (int)k, p);
		if (!first)
			rc = lk_buf_adds(&s->b, sep);
		if (!rc)
			rc =
			    json
				? lk_json_str(&s->b, code_label(s, list, code))
				: lk_buf_adds(&s->b, code_label(s, list, code));
		first = 0;
		p += k;
		if (*p)
			p++;
	}
	return rc;
}

/* A ratio in ppm as a percentage with two decimals. */
static void pct(int64_t ppm, char out[32])
{
	long long h = (long long)((ppm + 50) / 100); /* hundredths of % */

	if (ppm < 0)
		snprintf(out, 32, "-");
	else
		snprintf(out, 32, "%lld.%02lld%%", h / 100, h % 100);
}

/* The verdict with its category and risk types, as text. */
static int add_verdict_text(struct out *s, const struct lk_assess_hh *h)
{
	int rc = lk_buf_adds(&s->b, lk_verdict_text(h->verdict));

	if (rc || !h->category)
		return rc;
	if ((rc = lk_buf_printf(
		 &s->b, " (%s; %s ",
		 code_label(s, "monitoring_category", h->category),
		 _("risk types:"))) ||
	    (rc = add_labels(s, "risk_type", h->risk_types,
			     s->c->lang == LK_LANG_ZH ? "、" : ", ", 0)))
		return rc;
	return lk_buf_addc(&s->b, ')');
}

/* ---- households ---------------------------------------------------- */

/* One line: number, head, status, verdict, reasons. */
static int hh_line(struct out *s, const struct lk_assess_hh *h)
{
	struct lk_buf *b = &s->b;
	size_t i;
	int rc;

	if ((rc = lk_buf_printf(b, "%s  %s  %s: ", h->no, h->head_name,
				code_label(s, "hh_status", h->status))) ||
	    (rc = add_verdict_text(s, h)))
		return rc;
	for (i = 0; i < h->nreasons && !rc; i++)
		rc = lk_buf_printf(b, "%s%s", i ? " " : ". ",
				   h->reasons[i].text);
	return rc ? rc : lk_buf_addc(b, '\n');
}

/* Explain mode: every criterion with its sentences. */
static int hh_explain(struct out *s, const struct lk_assess_hh *h)
{
	struct lk_buf *b = &s->b;
	char m1[64], m2[64], y1[LK_MONEY_BUFSZ], y2[LK_MONEY_BUFSZ];
	char ages[32];
	size_t i, j;
	int rc;

	if ((rc = lk_buf_printf(
		 b, _("household %s, head %s, village %s (%s)\n"), h->no,
		 h->head_name, h->village_name ? h->village_name : "",
		 h->village_code)) ||
	    (rc = lk_buf_printf(b, _("status on the reference date: %s"),
				code_label(s, "hh_status", h->status))) ||
	    (h->status_since &&
	     (rc = lk_buf_printf(b, _(" (since %s)"), h->status_since))) ||
	    (rc = lk_buf_addc(b, '\n')))
		return rc;
	if (h->monitored)
		rc = lk_buf_printf(
		    b, _("monitored in the ledger: %s since %s\n"),
		    code_label(s, "monitoring_category", h->monitored),
		    h->monitored_since);
	else
		rc = lk_buf_printf(b, "%s\n", _("monitored in the ledger: no"));
	if (rc || (rc = lk_buf_printf(b,
				      _("people on the reference date: "
					"%d\n"),
				      h->people)))
		return rc;
	if (h->has_income) {
		lk_money_format(h->net, m1);
		lk_money_format(h->per_capita, m2);
		rc = lk_buf_printf(b,
				   _("income: net %s yuan, %d persons, "
				     "per capita %s yuan\n"),
				   m1, h->persons, m2);
	} else {
		rc = lk_buf_printf(b, "%s\n", _("income: none recorded"));
	}
	if (rc)
		return rc;
	lk_money_format(h->poverty_line, y1);
	lk_money_format(h->monitoring_line, y2);
	snprintf(m1, sizeof m1, _("%s yuan"), y1);
	snprintf(m2, sizeof m2, _("%s yuan"), y2);
	snprintf(ages, sizeof ages, "%d-%d", h->age_min, h->age_max);
	if ((rc = lk_buf_printf(b,
				_("policy: poverty line %s; monitoring "
				  "line %s; income items %s; compulsory "
				  "schooling ages %s\n"),
				h->has_poverty_line ? m1 : _("none"),
				h->has_monitoring_line ? m2 : _("none"),
				h->income_items ? h->income_items : _("none"),
				h->has_ages ? ages : _("none"))) ||
	    (rc = lk_buf_printf(b, "%s\n", _("criteria:"))))
		return rc;
	for (i = 0; i <= LK_CRIT_N; i++) {
		int said = 0;
		for (j = 0; j < h->nreasons; j++) {
			const struct lk_assess_reason *r = &h->reasons[j];
			if ((size_t)r->crit != i)
				continue;
			if ((rc = lk_buf_printf(
				 b, "  %-8s %s: %s\n",
				 i < LK_CRIT_N ? lk_crit_result_id(r->result)
					       : "",
				 lk_crit_text((enum lk_crit)i), r->text)))
				return rc;
			said = 1;
		}
		if (!said && i < LK_CRIT_N &&
		    (rc = lk_buf_printf(b, "  %-8s %s: %s\n",
					lk_crit_result_id(h->crit[i]),
					lk_crit_text((enum lk_crit)i),
					_("not applied to this status."))))
			return rc;
	}
	if ((rc = lk_buf_printf(b, "%s ", _("verdict:"))) ||
	    (rc = add_verdict_text(s, h)) || (rc = lk_buf_addc(b, '\n')))
		return rc;
	return 0;
}

static int on_household(void *arg, const struct lk_assess_hh *h)
{
	struct out *s = arg;
	int rc;

	if (s->explain)
		rc = hh_explain(s, h);
	else
		rc = hh_line(s, h);
	s->n++;
	if (rc == 0 && s->b.len >= (1u << 16))
		emit(s);
	return s->io_error ? LK_EIO : rc;
}

/* ---- areas and summary --------------------------------------------- */

static int areas_text(struct out *s, const char *title,
		      const struct lk_assess_area *a, size_t n)
{
	struct lk_buf *b = &s->b;
	char inc[32], thr[32];
	size_t i;
	int rc;

	if (n == 0)
		return 0;
	/* the name goes last: its width on a terminal is not its length */
	if ((rc = lk_buf_printf(b, "\n%s\n", title)) ||
	    (rc = lk_buf_printf(
		 b, "%-12s %10s %8s %11s %9s %9s  %-18s %s\n", _("code"),
		 _("households"), _("people"), _("poor people"), _("incidence"),
		 _("threshold"), _("exit criterion"), _("name"))))
		return rc;
	for (i = 0; i < n; i++) {
		pct(a[i].incidence_ppm, inc);
		pct(a[i].has_threshold ? a[i].threshold_ppm : -1, thr);
		if ((rc = lk_buf_printf(
			 b, "%-12s %10lld %8lld %11lld %9s %9s  %-18s %s\n",
			 a[i].code, a[i].households, a[i].people,
			 a[i].poor_people, inc, thr,
			 a[i].meets < 0 ? _("cannot be assessed")
			 : a[i].meets	? _("meets")
					: _("does not meet"),
			 a[i].name)) ||
		    (a[i].reason &&
		     (rc = lk_buf_printf(b, "             %s\n", a[i].reason))))
			return rc;
		if (b->len >= (1u << 16))
			emit(s);
	}
	return 0;
}

static int summary_text(struct lk_buf *b, const struct lk_assess *a)
{
	int rc, i, n = 0;

	if ((rc = lk_buf_printf(b, _("\nsummary: %lld households assessed"),
				a->households)))
		return rc;
	for (i = 0; i < LK_VERDICT_N; i++) {
		if (!a->by_verdict[i])
			continue;
		if ((rc = lk_buf_printf(b, "%s%s: %lld", n++ ? ", " : "; ",
					lk_verdict_text((enum lk_verdict)i),
					a->by_verdict[i])))
			return rc;
	}
	return lk_buf_printf(b,
			     _("; %lld not assessed (removed or "
			       "dissolved)\n"),
			     a->not_assessed);
}

static int header(struct out *s, const struct lk_assess_opts *o,
		  const char *region, const char *date)
{
	struct lk_buf *b = &s->b;
	size_t i;
	int rc;

	if ((rc = lk_buf_printf(b,
				_("assessment of %s for %d (reference "
				  "date %s)\n"),
				*region ? region : _("the whole ledger"),
				o->year, date)))
		return rc;
	for (i = 0; i < LK_ASSESS_NOTES; i++)
		if ((rc = lk_buf_printf(b, "%s %s\n", _("note:"),
					_(lk_assess_notes[i]))))
			return rc;
	return lk_buf_addc(b, '\n');
}

/* --household: the latest income year of a household. */
static int latest_year(void *arg, const struct lk_rec *r,
		       const struct lk_income_sum *s)
{
	int *y = arg;

	(void)r;
	if (s->year > *y)
		*y = s->year;
	return 0;
}

/* --json: the body streams to stdout (view/view.h). */
static int flush_stdout(void *arg, struct lk_buf *b)
{
	struct out *s = arg;

	(void)b;
	emit(s);
	return s->io_error ? LK_EIO : 0;
}

int cmd_assess(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"region", 1, 0, 'r'},
					   {"year", 1, 0, 'y'},
					   {"household", 1, 0, 'H'},
					   {"help", 0, 0, 'h'},
					   {0, 0, 0, 0}};
	struct out s;
	struct lk_assess_opts o;
	struct lk_assess *a = NULL;
	const char *no = NULL;
	char village[16], date[11];
	int64_t year = 0, id = 0;
	int ch, rc = 0, y = 0;

	memset(&s, 0, sizeof s);
	memset(&o, 0, sizeof o);
	s.c = c;
	lk_buf_init(&s.b, 64u << 20);
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'r': o.region = optarg; break;
		case 'H': no = optarg; break;
		case 'y':
			if (lk_parse_int64(optarg, 1949, 2100, &year))
				return cli_usage(c, usage,
						 _("--year needs a year"));
			break;
		case 'h': return cli_help(usage);
		default:
			return cli_usage(c, usage, _("unknown option %s"),
					 argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(c, usage, _("unexpected argument %s"),
				 argv[optind]);
	if (!no && !year)
		return cli_usage(c, usage, _("assess needs --year"));
	if (no && o.region)
		return cli_usage(c, usage,
				 _("--household and --region exclude each "
				   "other"));
	if ((rc = cli_open(c, 0)))
		return rc;
	if (c->json) {
		struct lk_view_assess q = {o.region, no, (int)year};
		if ((rc = lk_view_assess(&c->ctx, &q, c->lang, &s.b,
					 flush_stdout, &s)) ||
		    (rc = lk_buf_addc(&s.b, '\n')))
			goto out;
		goto done;
	}
	if ((rc = lk_codes_get(&c->ctx, &s.codes)))
		goto out;
	if (no) {
		if ((rc = lk_household_lookup(&c->ctx, no, &id, village)))
			goto out;
		if (!year) {
			if ((rc =
				 lk_incomes_each(&c->ctx, id, latest_year, &y)))
				goto out;
			year = y ? y : lk_today().y - 1;
		}
		o.household = id;
		o.explain = 1;
		s.explain = 1;
	}
	o.year = (int)year;
	snprintf(date, sizeof date, "%04d-12-31", o.year);
	/* the header names the region asked for (the engine narrows it to
	 * the scope; it fails before printing if the two are disjoint) */
	if (s.explain)
		rc = lk_buf_printf(&s.b,
				   _("assessment for %d (reference date "
				     "%s)\n"),
				   o.year, date);
	else
		rc = header(&s, &o,
			    no	       ? village
			    : o.region ? o.region
				       : "",
			    date);
	if (rc)
		goto out;
	if ((rc = lk_assess(&c->ctx, &o, on_household, &s, &a)))
		goto out;
	if (s.explain) {
		if (a->households == 0 &&
		    (rc = lk_buf_printf(&s.b,
					_("household %s is not assessed: "
					  "it was removed or dissolved "
					  "by %s\n"),
					no, date)))
			goto out;
		if (a->nvillages &&
		    (rc = areas_text(&s,
				     _("village (exit criterion: poverty "
				       "incidence below the threshold)"),
				     a->villages, a->nvillages)))
			goto out;
	} else {
		if ((rc = areas_text(&s,
				     _("villages (exit criterion: poverty "
				       "incidence below the threshold)"),
				     a->villages, a->nvillages)) ||
		    (rc = areas_text(&s,
				     _("counties (exit criterion: poverty "
				       "incidence below the threshold)"),
				     a->counties, a->ncounties)) ||
		    (rc = summary_text(&s.b, a)))
			goto out;
	}
done:
	emit(&s);
	if (s.io_error || fflush(stdout) != 0)
		rc = lk_err_set(&c->ctx.err, LK_EIO,
				_("cannot write the assessment"));
out:
	lk_assess_free(a);
	lk_buf_free(&s.b);
	return rc ? cli_fail(c, rc) : 0;
}
