/* lika policy: load, show and set policy values. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/num.h"
#include "policy/policy.h"

static const char usage[] = N_(
	"usage: lika policy load [DIR]\n"
	"       lika policy show [--region CODE] [--year YEAR]\n"
	"       lika policy set KIND VALUE [--region CODE] [--year YEAR]\n"
	"                       --reason TEXT\n"
	"\n"
	"Poverty lines, monitoring lines, exit thresholds, notice periods,\n"
	"age bands and the other values the rules use, by region and year.\n"
	"show without options lists every value; with --region and --year it\n"
	"shows the value that applies there for each kind (the longest\n"
	"matching region prefix wins).  set records a local value (region\n"
	"and year default to national and every year) with its reason.\n");

/* The statuses of policy values, for translation. */
static const char *const statuses[] __attribute__((unused)) = {N_("confirmed"), N_("unconfirmed"),
				       N_("local")};

struct show {
	struct cli *c;
	struct lk_buf *b;
	int n;
};

static int show_entry(void *arg, const struct lk_policy_entry *e)
{
	struct show *s = arg;
	struct lk_buf *b = s->b;
	char year[16];
	int rc;

	snprintf(year, sizeof year, "%d", e->year);
	if (!s->c->json) {
		if (strcmp(e->source, "user") == 0)
			printf("%-28s %-8s %-5s %-14s %-18s %-11s %s %s "
			       "(%s): %s\n",
			       e->kind, *e->region ? e->region : "-",
			       e->year ? year : "*", e->value,
			       e->unit ? e->unit : "", _(e->status),
			       _("set by"), e->set_by, e->set_at, e->reason);
		else
			printf("%-28s %-8s %-5s %-14s %-18s %-11s %s\n",
			       e->kind, *e->region ? e->region : "-",
			       e->year ? year : "*", e->value,
			       e->unit ? e->unit : "",
			       e->status ? _(e->status) : "",
			       e->note ? e->note : "");
		s->n++;
		return 0;
	}
	if (s->n++ && (rc = lk_buf_addc(b, ',')))
		return rc;
	if ((rc = lk_buf_adds(b, "{\"kind\":")) ||
	    (rc = lk_json_str(b, e->kind)) ||
	    (rc = lk_buf_adds(b, ",\"region\":")) ||
	    (rc = lk_json_str(b, e->region)) ||
	    (rc = lk_buf_printf(b, ",\"year\":%d,\"value\":", e->year)) ||
	    (rc = lk_json_str(b, e->value)) ||
	    (rc = lk_buf_adds(b, ",\"unit\":")) ||
	    (rc = lk_json_str(b, e->unit)) ||
	    (rc = lk_buf_adds(b, ",\"status\":")) ||
	    (rc = lk_json_str(b, e->status)) ||
	    (rc = lk_buf_adds(b, ",\"note\":")) ||
	    (rc = lk_json_str(b, e->note)) ||
	    (rc = lk_buf_adds(b, ",\"source\":")) ||
	    (rc = lk_json_str(b, e->source)) ||
	    (rc = lk_buf_adds(b, ",\"set_by\":")) ||
	    (rc = lk_json_str(b, e->set_by)) ||
	    (rc = lk_buf_adds(b, ",\"set_at\":")) ||
	    (rc = lk_json_str(b, e->set_at)) ||
	    (rc = lk_buf_adds(b, ",\"reason\":")) ||
	    (rc = lk_json_str(b, e->reason)) ||
	    (rc = lk_buf_addc(b, '}')))
		return rc;
	return 0;
}

int cmd_policy(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {
		{"region", 1, 0, 'r'}, {"year", 1, 0, 'y'},
		{"reason", 1, 0, 'R'}, {"help", 0, 0, 'h'},
		{0, 0, 0, 0}};
	struct lk_buf b = LK_BUF_INIT(16u << 20);
	struct show s = {c, &b, 0};
	const char *region = NULL, *reason = NULL, *sub;
	int64_t year = 0;
	int ch, rc, n;

	if (argc < 2)
		return cli_usage(c, usage, _("policy needs a sub-command"));
	sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0)
		return cli_help(usage);
	cli_getopt_reset();
	while ((ch = getopt_long(argc - 1, argv + 1, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'r': region = optarg; break;
		case 'R': reason = optarg; break;
		case 'y':
			if (lk_parse_int64(optarg, 1949, 2100, &year))
				return cli_usage(c, usage,
						 _("--year needs a year"));
			break;
		case 'h': return cli_help(usage);
		default:
			return cli_usage(c, usage, _("unknown option %s"),
					 argv[optind]);
		}
	}
	argv += optind + 1;
	n = argc - 1 - optind;
	if ((rc = cli_open(c, 0)))
		return rc;
	if (strcmp(sub, "load") == 0 && n <= 1) {
		if ((rc = lk_policy_load(&c->ctx, n ? argv[0] : NULL)))
			return cli_fail(c, rc);
		if (c->json)
			printf("{\"loaded\":true}\n");
		else
			printf(_("policy loaded from %s\n"),
			       n ? argv[0] : _("the built-in files"));
		return 0;
	}
	if (strcmp(sub, "set") == 0 && n == 2) {
		if ((rc = lk_policy_set(&c->ctx, argv[0], region, (int)year,
					argv[1], reason)))
			return cli_fail(c, rc);
		region = region ? region : "";
		sub = "show";
	} else if (strcmp(sub, "show") != 0 || n != 0) {
		return cli_usage(c, usage, _("wrong use of policy %s"), sub);
	}
	if (c->json && (rc = lk_buf_adds(&b, "{\"policy\":[")))
		goto out;
	if ((rc = lk_policy_each(&c->ctx, region, (int)year, show_entry, &s)))
		goto out;
	if (c->json) {
		if ((rc = lk_buf_adds(&b, "]}\n")))
			goto out;
		fputs(lk_buf_str(&b), stdout);
	}
out:
	lk_buf_free(&b);
	return rc ? cli_fail(c, rc) : 0;
}
