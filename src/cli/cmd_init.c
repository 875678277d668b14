/* lika init: create a ledger, apply the schema, load the code lists. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/resource.h"
#include "registry/codes.h"

static const char usage[] = N_(
	"usage: lika init [--policy DIR]\n"
	"\n"
	"Creates the ledger (or upgrades an existing one) and loads the code\n"
	"lists of DIR/codes.tsv, by default the ones built into lika.\n");

/* Reads a whole small file (the policy files are a few KiB). */
static int slurp(struct cli *c, const char *path, char **out, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long n;
	int rc = LK_EIO;

	if (!fp)
		return lk_err_set(&c->ctx.err, LK_ENOTFOUND,
				  _("cannot open %s"), path);
	if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
	    n > (16L << 20) || fseek(fp, 0, SEEK_SET) != 0) {
		rc = lk_err_set(&c->ctx.err, LK_ETOOBIG,
				_("%s is unreadable or larger than 16 MiB"),
				path);
		goto out;
	}
	buf = malloc((size_t)n + 1);
	if (!buf) {
		rc = LK_ENOMEM;
		goto out;
	}
	if (fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		rc = lk_err_set(&c->ctx.err, LK_EIO, _("cannot read %s"),
				path);
		goto out;
	}
	buf[n] = '\0';
	*out = buf;
	*len = (size_t)n;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	fclose(fp);
	return rc;
}

int cmd_init(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {{"policy", 1, 0, 'p'},
					     {"help", 0, 0, 'h'},
					     {0, 0, 0, 0}};
	const char *policy = NULL;
	char *text = NULL, path[4096];
	size_t len = 0;
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
	if ((rc = cli_open(c, 1)))
		return rc;
	if (policy) {
		snprintf(path, sizeof path, "%s/codes.tsv", policy);
		if ((rc = slurp(c, path, &text, &len)))
			return cli_fail(c, rc);
		rc = lk_codes_load_tsv(&c->ctx, path, text, len);
		free(text);
	} else {
		const struct lk_resource *r =
			lk_resource_find("policy/codes.tsv");
		if (!r)
			return cli_fail(c, LK_EINTERNAL);
		rc = lk_codes_load_tsv(&c->ctx, "policy/codes.tsv",
				       (const char *)r->data, r->len);
	}
	if (rc)
		return cli_fail(c, rc);
	if (c->json)
		printf("{\"ledger\":\"%s\",\"initialised\":true}\n",
		       c->db_path);
	else
		printf(_("ledger %s is ready\n"), c->db_path);
	return 0;
}
