/* lika init: create a ledger, apply the schema, load the code lists. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/resource.h"
#include "policy/policy.h"

static const char usage[] = N_(
	"usage: lika init [--policy DIR]\n"
	"\n"
	"Creates the ledger (or upgrades an existing one) and loads the code\n"
	"lists and policy values of DIR/codes.tsv and DIR/policy.tsv, by\n"
	"default the ones built into lika.  Values set with 'lika policy set'\n"
	"are kept.\n");

int cmd_init(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {{"policy", 1, 0, 'p'},
					     {"help", 0, 0, 'h'},
					     {0, 0, 0, 0}};
	const char *policy = NULL;
	int o, rc;

	cli_getopt_reset();
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'p': policy = optarg; break;
		case 'h': return cli_help(usage);
		default:
			return cli_usage(c, usage, _("unknown option %s"),
					 argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(c, usage, _("unexpected argument %s"),
				 argv[optind]);
	if ((rc = cli_open(c, DB_CREATE)))
		return rc;
	rc = lk_policy_load(&c->ctx, policy);
	if (rc)
		return cli_fail(c, rc);
	if (c->json)
		printf("{\"ledger\":\"%s\",\"initialised\":true}\n",
		       c->db_path);
	else
		printf(_("ledger %s is ready\n"), c->db_path);
	return 0;
}
