/* lika report: documents computed from the ledger (report/annual.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/num.h"
#include "report/annual.h"
#include "report/template.h"

static const char usage[] =
    N_("usage: lika report annual --region CODE --year YEAR\n"
       "                  [--format md|json] [--template FILE] [--out FILE]\n"
       "\n"
       "The annual work report of a village, a town or a county, every\n"
       "figure computed from the ledger as of the year's end.  The language\n"
       "is --lang (the template templates/annual.LANG.md); --template uses\n"
       "your own (placeholders in docs/reports.md).  --format json lists\n"
       "every indicator the report uses with its value.  Without --out the\n"
       "report goes to standard output.\n");

/* Reads a whole file (at most max bytes) into b. */
static int read_file(struct cli *c, const char *path, size_t max,
		     struct lk_buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!f)
		return lk_err_set(&c->ctx.err, LK_ENOTFOUND, _("%s: %s"), path,
				  strerror(errno));
	while (!rc && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (b->len + n > max)
			rc = lk_err_set(&c->ctx.err, LK_ETOOBIG,
					_("%s: larger than %zu bytes"), path,
					max);
		else
			rc = lk_buf_add(b, chunk, n);
	if (!rc && ferror(f))
		rc = lk_err_set(&c->ctx.err, LK_EIO, _("%s: %s"), path,
				strerror(errno));
	fclose(f);
	return rc;
}

/* Writes b to path (through a temporary file renamed into place, so a
 * failure leaves no half-written report) or to stdout. */
static int write_out(struct cli *c, const char *path, const struct lk_buf *b)
{
	char tmp[4096];
	FILE *f;

	if (!path) {
		fwrite(b->ptr, 1, b->len, stdout);
		return 0;
	}
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
		return lk_err_set(&c->ctx.err, LK_EINVAL,
				  _("%s: path too long"), path);
	if (!(f = fopen(tmp, "wb")))
		return lk_err_set(&c->ctx.err, LK_EIO, _("%s: %s"), tmp,
				  strerror(errno));
	if (fwrite(b->ptr, 1, b->len, f) != b->len || fclose(f) != 0) {
		remove(tmp);
		return lk_err_set(&c->ctx.err, LK_EIO, _("%s: %s"), path,
				  strerror(errno));
	}
	if (rename(tmp, path)) {
		remove(tmp);
		return lk_err_set(&c->ctx.err, LK_EIO, _("%s: %s"), path,
				  strerror(errno));
	}
	return 0;
}

static int annual(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"region", 1, NULL, 'r'},
					   {"year", 1, NULL, 'y'},
					   {"format", 1, NULL, 'f'},
					   {"template", 1, NULL, 't'},
					   {"out", 1, NULL, 'o'},
					   {"help", 0, NULL, 'h'},
					   {NULL, 0, NULL, 0}};
	struct lk_annual a = {0};
	const char *format = "md", *tpl = NULL, *out = NULL;
	struct lk_buf text, md, json;
	int64_t y = 0;
	int ch, rc;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'r': a.region = optarg; break;
		case 'y':
			if (lk_parse_int64(optarg, 1949, 2100, &y))
				return cli_usage(c, usage,
						 _("--year %s is not a year"),
						 optarg);
			break;
		case 'f': format = optarg; break;
		case 't': tpl = optarg; break;
		case 'o': out = optarg; break;
		case 'h': return cli_help(usage);
		default:
			return cli_usage(c, usage, _("unknown option %s"),
					 argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(c, usage, _("unexpected argument %s"),
				 argv[optind]);
	if (!y || !a.region)
		return cli_usage(c, usage, _("--region and --year are required"));
	if (strcmp(format, "md") && strcmp(format, "json"))
		return cli_usage(c, usage, _("unknown format %s"), format);
	if (c->json)
		format = "json";
	a.year = (int)y;
	a.lang = c->lang;
	lk_buf_init(&text, LK_TPL_MAX);
	lk_buf_init(&md, (size_t)1 << 26);
	lk_buf_init(&json, (size_t)1 << 26);
	if (tpl) {
		if ((rc = read_file(c, tpl, LK_TPL_MAX, &text)))
			goto out;
		a.tpl_name = tpl;
		a.tpl_text = text.ptr ? text.ptr : "";
		a.tpl_len = text.len;
	}
	if ((rc = cli_open(c, 0)) != 0) {
		lk_buf_free(&text);
		lk_buf_free(&md);
		lk_buf_free(&json);
		return rc;
	}
	if ((rc = lk_annual_render(&c->ctx, &a, &md,
				   strcmp(format, "json") == 0 ? &json : NULL)))
		goto out;
	rc = write_out(c, out, strcmp(format, "json") == 0 ? &json : &md);
out:
	lk_buf_free(&text);
	lk_buf_free(&md);
	lk_buf_free(&json);
	return rc ? cli_fail(c, rc) : 0;
}

int cmd_report(struct cli *c, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct cli *c, int argc, char **argv);
	} subs[] = {{"annual", annual}};
	size_t i;

	if (argc < 2)
		return cli_usage(c, usage, _("name a report"));
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cli_help(usage);
	for (i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].fn(c, argc - 1, argv + 1);
	return cli_usage(c, usage, _("unknown report %s"), argv[1]);
}
