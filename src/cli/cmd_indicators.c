/* lika indicators / lika drill: the indicator registry
 * (indicator/indicator.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/num.h"
#include "indicator/indicator.h"

static const char usage_ind[] =
    N_("usage: lika indicators --region CODE --year YEAR [--name N,...]\n"
       "       lika indicators --list\n"
       "\n"
       "Prints every indicator of a region (village, town, county or\n"
       "province: the records under its code) for a year, as of the year's\n"
       "end: name, value and label.  --name limits the output to some\n"
       "indicators; --list prints the registry: names, units, definitions.\n"
       "With --json, the same as the API's /api/indicators.\n");

static const char usage_drill[] =
    N_("usage: lika drill NAME --region CODE --year YEAR\n"
       "\n"
       "Lists the records an indicator counts (its drill-down): for a count\n"
       "as many rows as the value, for a sum the rows it adds up.\n");

static int parse_year(struct cli *c, const char *usage, const char *s,
		      int *year)
{
	int64_t y;

	if (lk_parse_int64(s, 1949, 2100, &y))
		return cli_usage(c, usage, _("--year %s is not a year"), s);
	*year = (int)y;
	return 0;
}

/* Splits "a,b,c" in place into names (at most max). */
static size_t split_names(char *s, const char **names, size_t max)
{
	size_t n = 0;
	char *save = NULL, *t;

	for (t = strtok_r(s, ",", &save); t && n < max;
	     t = strtok_r(NULL, ",", &save))
		names[n++] = t;
	return n;
}

static int print_list(struct cli *c)
{
	struct lk_buf b;
	size_t i;
	int rc = 0;

	lk_buf_init(&b, 1 << 24);
	if (c->json)
		rc = lk_ind_list_json(c->lang, &b);
	for (i = 0; !c->json && !rc && i < lk_ind_count; i++) {
		const struct lk_ind *d = &lk_indicators[i];

		rc = lk_buf_printf(&b, "%-28s %-10s %s\n%28s %s\n", d->name,
				   lk_unit_name(d->unit),
				   lk_ind_label(d, c->lang), "",
				   lk_ind_def(d, c->lang));
	}
	if (!rc)
		fwrite(b.ptr, 1, b.len, stdout);
	lk_buf_free(&b);
	return rc ? cli_fail(c, rc) : 0;
}

int cmd_indicators(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"region", 1, NULL, 'r'},
					   {"year", 1, NULL, 'y'},
					   {"name", 1, NULL, 'n'},
					   {"list", 0, NULL, 'l'},
					   {"help", 0, NULL, 'h'},
					   {NULL, 0, NULL, 0}};
	const char *region = NULL, *names[256];
	char *namearg = NULL;
	size_t nnames = 0, i;
	int year = 0, list = 0, ch, rc;
	struct lk_ind_set s = {0};
	struct lk_buf b, t;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'r': region = optarg; break;
		case 'y':
			if ((rc = parse_year(c, usage_ind, optarg, &year)))
				return rc;
			break;
		case 'n': namearg = optarg; break;
		case 'l': list = 1; break;
		case 'h': return cli_help(usage_ind);
		default:
			return cli_usage(c, usage_ind, _("unknown option %s"),
					 argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(c, usage_ind, _("unexpected argument %s"),
				 argv[optind]);
	if (list)
		return print_list(c);
	if (!year)
		return cli_usage(c, usage_ind, _("--year is required"));
	if (namearg) {
		nnames = split_names(namearg, names, 256);
		for (i = 0; i < nnames; i++)
			if (!lk_ind_find(names[i]))
				return cli_usage(c, usage_ind,
						 _("unknown indicator %s (lika "
						   "indicators --list)"),
						 names[i]);
	}
	if ((rc = cli_open(c, DB_SCAN)))
		return rc;
	lk_buf_init(&b, 1 << 26);
	lk_buf_init(&t, 1 << 16);
	if ((rc = lk_ind_compute_some(&c->ctx, region, year, c->lang, names,
				      nnames, &s)))
		goto out;
	if (c->json) {
		rc = lk_ind_json(&s, c->lang, names, nnames, &b);
		goto out;
	}
	if ((rc = lk_buf_printf(&b, "%s %s, %d (%s)\n", s.region,
				s.region_name, s.year, s.as_of)))
		goto out;
	for (i = 0; i < lk_ind_count; i++) {
		const struct lk_ind *d = &lk_indicators[i];
		size_t k;

		for (k = 0; k < nnames && strcmp(names[k], d->name); k++)
			;
		if (nnames && k == nnames)
			continue;
		if (d->flags & LK_IND_LIST) {
			rc = lk_buf_printf(&b, "%-28s %s\n", d->name,
					   lk_ind_label(d, c->lang));
			for (k = 0; !rc && k < s.v[i].nitems; k++)
				rc = lk_buf_printf(&b, "%28s - %s\n", "",
						   s.v[i].items[k]);
			if (rc)
				goto out;
			continue;
		}
		lk_buf_reset(&t);
		if ((rc = lk_ind_format(d, &s.v[i], NULL, c->lang, &t)) ||
		    (rc = lk_buf_printf(&b, "%-28s %14s %s %s\n", d->name,
					lk_buf_str(&t),
					lk_unit_label(d->unit, c->lang),
					lk_ind_label(d, c->lang))))
			goto out;
	}
out:
	if (!rc)
		fwrite(b.ptr, 1, b.len, stdout);
	lk_ind_set_free(&s);
	lk_buf_free(&b);
	lk_buf_free(&t);
	return rc ? cli_fail(c, rc) : 0;
}

/* The text form of a drill-down: a tab-separated table. */
static int drill_row(void *arg, const struct lk_drill_row *r)
{
	struct lk_buf *b = arg;
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < r->n; i++)
		rc = lk_buf_printf(b, "%s%s", i ? "\t" : "",
				   r->values ? (r->values[i] ? r->values[i] : "")
					     : r->names[i]);
	return rc ? rc : lk_buf_addc(b, '\n');
}

int cmd_drill(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"region", 1, NULL, 'r'},
					   {"year", 1, NULL, 'y'},
					   {"help", 0, NULL, 'h'},
					   {NULL, 0, NULL, 0}};
	const char *region = NULL;
	const struct lk_ind *d;
	int year = 0, ch, rc;
	long long count = 0;
	struct lk_buf b;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'r': region = optarg; break;
		case 'y':
			if ((rc = parse_year(c, usage_drill, optarg, &year)))
				return rc;
			break;
		case 'h': return cli_help(usage_drill);
		default:
			return cli_usage(c, usage_drill, _("unknown option %s"),
					 argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage(c, usage_drill,
				 _("name one indicator (lika indicators "
				   "--list)"));
	if (!(d = lk_ind_find(argv[optind])))
		return cli_usage(c, usage_drill,
				 _("unknown indicator %s (lika indicators "
				   "--list)"),
				 argv[optind]);
	if (!year)
		return cli_usage(c, usage_drill, _("--year is required"));
	if ((rc = cli_open(c, DB_SCAN)))
		return rc;
	lk_buf_init(&b, (size_t)1 << 30);
	if (c->json)
		rc = lk_ind_drill_json(&c->ctx, d, region, year, c->lang, &b);
	else
		rc = lk_ind_drill(&c->ctx, d, region, year, drill_row, &b,
				  &count);
	if (!rc)
		fwrite(b.ptr, 1, b.len, stdout);
	lk_buf_free(&b);
	return rc ? cli_fail(c, rc) : 0;
}
