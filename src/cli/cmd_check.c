/* lika check: the data-quality rules (policy/check.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/idcard.h"
#include "core/json.h"
#include "core/num.h"
#include "io/csv.h"
#include "policy/check.h"
#include "registry/region.h"
#include "view/view.h"

static const char usage[] =
    N_("usage: lika check [--region CODE] [--rule ID,...] [--year YEAR]\n"
       "                  [--household NO] [--csv] [--show-ids]\n"
       "       lika check --list\n"
       "\n"
       "Checks the ledger against the data-quality rules (domain.md section\n"
       "7) and lists every finding: rule, severity, household, member, field,\n"
       "value and what is wrong, then a summary by rule and by village.\n"
       "--year checks that year: ages on its last day and the income of that\n"
       "year (without it: today and each household's latest income).\n"
       "--rule limits the check to some rules (ids, or a group such as\n"
       "income.*); --household explains one household: every rule with the\n"
       "values it looked at.  ID numbers are masked unless --show-ids.\n"
       "--csv writes the findings as CSV.  The exit code is 2 when a finding\n"
       "of severity error exists, else 0.\n");

#define FLUSH_AT ((size_t)1 << 20)

struct out {
	struct cli *c;
	struct lk_buf b;  /* stdout, flushed as it grows */
	struct lk_buf fb; /* --household: the findings, after the rules */
	int csv, show_ids, explain;
	size_t n; /* findings written */
	size_t nexplain;
	int rc; /* first buffer error */
};

static void flush(struct out *o, size_t at)
{
	if (o->b.len >= at && o->b.len) {
		fwrite(o->b.ptr, 1, o->b.len, stdout);
		lk_buf_reset(&o->b);
	}
}

/* The ID as shown: masked unless --show-ids. */
static const char *shown_id(struct out *o, const char *id,
			    char buf[LK_ID_MASK_BUFSZ])
{
	if (!id)
		return NULL;
	if (o->show_ids)
		return id;
	lk_id_mask(id, buf);
	return buf;
}

static int csv_field(struct lk_buf *b, const char *s, int first)
{
	return csv_buf_field(b, s ? s : "", s ? strlen(s) : 0, first);
}

static int on_finding(void *arg, const struct lk_check_finding *f)
{
	struct out *o = arg;
	struct lk_buf *b = o->explain ? &o->fb : &o->b;
	char m1[LK_ID_MASK_BUFSZ], m2[LK_ID_MASK_BUFSZ];
	const char *id = shown_id(o, f->id_number, m1);
	const char *val = f->sensitive ? shown_id(o, f->value, m2) : f->value;
	int rc;

	if (o->csv) {
		o->n++;
		if ((rc = csv_field(b, f->rule, 1)) ||
		    (rc = csv_field(b, lk_check_severity_name(f->severity),
				    0)) ||
		    (rc = csv_field(b, f->household_no, 0)) ||
		    (rc = csv_field(b, f->village_code, 0)) ||
		    (rc = csv_field(b, id, 0)) ||
		    (rc = csv_field(b, f->name, 0)) ||
		    (rc = csv_field(b, f->field, 0)) ||
		    (rc = csv_field(b, val, 0)) ||
		    (rc = csv_field(b, f->message, 0)) || (rc = csv_buf_eol(b)))
			goto out;
	} else {
		o->n++;
		if ((rc = lk_buf_printf(b, "%s %s [%s] ",
					f->household_no ? f->household_no : "-",
					f->severity == LK_CHECK_ERROR
					    ? _("error")
					    : _("warning"),
					f->rule)))
			goto out;
		if (f->name &&
		    (rc = lk_buf_printf(b, "%s (%s) ", f->name, id ? id : "")))
			goto out;
		if ((rc = lk_buf_printf(b, "%s%s%s: %s\n", f->field,
					val ? " = " : "", val ? val : "",
					f->message)))
			goto out;
	}
	flush(o, FLUSH_AT);
	rc = 0;
out:
	if (rc)
		o->rc = rc;
	return rc;
}

/* Writes the JSON body as it grows (lk_view_check's flush). */
static int json_flush(void *arg, struct lk_buf *b)
{
	(void)arg;
	fwrite(b->ptr, 1, b->len, stdout);
	lk_buf_reset(b);
	return 0;
}

static const char *verdict_name(int v, int translate)
{
	static const char *const names[] = {N_("pass"), N_("fail"), N_("n/a")};

	return translate ? _(names[v]) : names[v];
}

static int on_explain(void *arg, const struct lk_check_explain *e)
{
	struct out *o = arg;
	struct lk_buf *b = &o->b;
	char m[LK_ID_MASK_BUFSZ];
	const char *id = shown_id(o, e->id_number, m);
	int rc;

	if (!o->csv) {
		o->nexplain++;
		if ((rc = lk_buf_printf(
			 b, "%-28s %-5s %-7s %s%s%s%s%s\n", e->rule,
			 verdict_name(e->verdict, 1),
			 e->severity == LK_CHECK_ERROR ? _("error")
						       : _("warning"),
			 e->name ? e->name : "", e->name ? " (" : "",
			 id ? id : "", e->name ? ") " : "", e->values)))
			goto out;
	}
	rc = 0;
out:
	if (rc)
		o->rc = rc;
	return rc;
}

static int list_rules(struct cli *c)
{
	const struct lk_check_rule *r;
	struct lk_buf b = LK_BUF_INIT(1u << 20);
	size_t n, i;
	int rc;

	if ((rc = lk_check_rules(&r, &n))) {
		lk_err_set(&c->ctx.err, rc, "%s",
			   _("policy/rules.tsv is malformed"));
		return cli_fail(c, rc);
	}
	if (c->json && (rc = lk_buf_adds(&b, "{\"rules\":[")))
		goto out;
	for (i = 0; i < n; i++) {
		const char *d = lk_check_rule_desc(&r[i], c->lang);
		if (!c->json) {
			rc = lk_buf_printf(&b, "%-28s %-7s %s\n", r[i].id,
					   r[i].severity == LK_CHECK_ERROR
					       ? _("error")
					       : _("warning"),
					   d);
		} else if ((rc = lk_buf_adds(&b,
					     i ? ",{\"id\":" : "{\"id\":")) ||
			   (rc = lk_json_str(&b, r[i].id)) ||
			   (rc = lk_buf_adds(&b, ",\"severity\":")) ||
			   (rc = lk_json_str(
				&b, lk_check_severity_name(r[i].severity))) ||
			   (rc = lk_buf_printf(
				&b, ",\"from\":%d,\"zh\":", r[i].from)) ||
			   (rc = lk_json_str(&b, r[i].zh)) ||
			   (rc = lk_buf_adds(&b, ",\"en\":")) ||
			   (rc = lk_json_str(&b, r[i].en))) {
			goto out;
		} else {
			rc = lk_buf_addc(&b, '}');
		}
		if (rc)
			goto out;
	}
	if (c->json && (rc = lk_buf_adds(&b, "]}\n")))
		goto out;
	fputs(lk_buf_str(&b), stdout);
out:
	lk_buf_free(&b);
	if (rc) {
		lk_err_set(&c->ctx.err, rc, "%s", lk_strerror(rc));
		return cli_fail(c, rc);
	}
	return 0;
}

/* The summary: JSON members after the findings, or text lines. */
static int summary(struct out *o, const struct lk_check_stats *st, int year)
{
	struct cli *c = o->c;
	struct lk_buf *b = &o->b;
	const struct lk_check_rule *r;
	char date[LK_DATE_BUFSZ];
	size_t n, i;
	int rc;

	if ((rc = lk_check_rules(&r, &n)))
		return rc;
	lk_date_format(st->ref, date);
	if (o->csv)
		return 0;
	if (st->findings) {
		if ((rc = lk_buf_printf(b, "\n%s\n", _("findings by rule:"))))
			return rc;
		for (i = 0; i < n; i++)
			if (st->by_rule[i] &&
			    (rc = lk_buf_printf(
				 b, "  %-28s %-7s %8zu  %s\n", r[i].id,
				 r[i].severity == LK_CHECK_ERROR ? _("error")
								 : _("warning"),
				 st->by_rule[i],
				 lk_check_rule_desc(&r[i], c->lang))))
				return rc;
	}
	if (st->nvillages) {
		if ((rc =
			 lk_buf_printf(b, "\n%s\n", _("findings by village:"))))
			return rc;
		for (i = 0; i < st->nvillages; i++) {
			struct lk_region reg;
			const char *name = "";
			if (lk_region_get(&c->ctx, st->villages[i].code,
					  &reg) == 0)
				name = reg.name;
			if ((rc = lk_buf_printf(b, "  %-14s %8zu  %s\n",
						st->villages[i].code,
						st->villages[i].count, name)))
				return rc;
		}
	}
	return lk_buf_printf(b,
			     _("\n%zu households and %zu member rows checked "
			       "on %s: %zu findings, %zu errors, %zu "
			       "warnings\n"),
			     st->households, st->members, date, st->findings,
			     st->errors, st->warnings);
}

int cmd_check(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {
	    {"region", 1, 0, 'r'}, {"rule", 1, 0, 'R'},
	    {"year", 1, 0, 'y'},   {"household", 1, 0, 'H'},
	    {"csv", 0, 0, 'c'},	   {"show-ids", 0, 0, 's'},
	    {"list", 0, 0, 'l'},   {"help", 0, 0, 'h'},
	    {0, 0, 0, 0}};
	struct lk_check_opts opts;
	struct lk_check_stats st;
	struct out o;
	char msg[LK_ERR_MSG_MAX];
	int64_t year = 0;
	size_t errors = 0;
	int ch, rc, list = 0, bad = 0;

	memset(&opts, 0, sizeof opts);
	memset(&st, 0, sizeof st);
	memset(&o, 0, sizeof o);
	o.c = c;
	lk_buf_init(&o.b, 16u << 20);
	lk_buf_init(&o.fb, 16u << 20);
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'r': opts.region = optarg; break;
		case 'R': opts.rules = optarg; break;
		case 'H': opts.household = optarg; break;
		case 'c': o.csv = 1; break;
		case 's': o.show_ids = 1; break;
		case 'l': list = 1; break;
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
	if (o.csv && c->json)
		return cli_usage(c, usage,
				 _("--csv and --json cannot go together"));
	if (list)
		return list_rules(c);
	if ((rc = cli_open(c, DB_SCAN)))
		return rc;
	opts.year = (int)year;
	opts.on_finding = on_finding;
	opts.on_explain = opts.household ? on_explain : NULL;
	opts.arg = &o;
	o.explain = opts.household != NULL;
	if (c->json) {
		struct lk_view_check q = {opts.region, opts.rules,
					  opts.household, opts.year,
					  o.show_ids};
		rc = lk_view_check(&c->ctx, &q, &o.b, json_flush, NULL,
				   &errors);
		if (rc == LK_EINVAL) { /* the options, before any finding */
			snprintf(msg, sizeof msg, "%s",
				 lk_err_msg(&c->ctx.err));
			bad = 1;
		} else if (!rc) {
			rc = lk_buf_addc(&o.b, '\n');
		}
		goto out;
	} else if (o.csv) {
		rc = lk_buf_adds(&o.b, "rule,severity,household_no,"
				       "village_code,id_number,name,field,"
				       "value,message\r\n");
	} else if (o.explain) {
		rc = lk_buf_printf(&o.b,
				   _("household %s: every rule with the "
				     "values it looked at\n"),
				   opts.household);
	} else {
		rc = 0;
	}
	if (rc)
		goto out;
	rc = lk_check_run(&c->ctx, &opts, &st);
	if (rc == LK_EINVAL) { /* the options, before any finding */
		snprintf(msg, sizeof msg, "%s", lk_err_msg(&c->ctx.err));
		bad = 1;
		goto out;
	}
	if (!rc && o.rc)
		rc = o.rc;
	if (rc)
		goto out;
	if (o.explain) { /* the findings after the explanation */
		if (!o.csv && o.n)
			rc = lk_buf_printf(&o.b, "\n%s\n", _("findings:"));
		if (!rc)
			rc = lk_buf_add(&o.b, o.fb.ptr ? o.fb.ptr : "",
					o.fb.len);
		if (rc)
			goto out;
	}
	rc = summary(&o, &st, opts.year);
out:
	if (!rc)
		flush(&o, 0);
	lk_buf_free(&o.fb);
	lk_buf_free(&o.b);
	if (!c->json)
		errors = st.errors;
	lk_check_stats_free(&st);
	if (bad)
		return cli_usage(c, usage, "%s", msg);
	if (rc) {
		if (c->ctx.err.code != rc)
			lk_err_set(&c->ctx.err, rc, "%s", lk_strerror(rc));
		return cli_fail(c, rc);
	}
	return errors ? lk_exit_code(LK_EINVAL) : 0;
}
