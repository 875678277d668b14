/* lika report: documents written from the ledger (report/annual.h,
 * report/household_file.h, written out through report/doc.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/num.h"
#include "report/annual.h"
#include "report/doc.h"
#include "report/household_file.h"
#include "report/template.h"

#define DOC_MAX (512u << 20) /* bytes of one document */

static const char usage[] = N_(
	"usage: lika report annual --region CODE --year YEAR\n"
	"                          [--format md|html|docx|json] [--out FILE]\n"
	"                          [--template FILE]\n"
	"       lika report household NO [--format md|html|docx] [--out FILE]\n"
	"       lika report household --village CODE [--all]\n"
	"                             [--format md|html|docx] [--out FILE]\n"
	"\n"
	"annual writes the annual work report of a village, a town or a\n"
	"county, every figure computed from the ledger as of the year's end\n"
	"(docs/indicators.md).  The template is templates/annual.LANG.md of\n"
	"--lang, or --template FILE; json lists every indicator the report\n"
	"uses with its value.\n"
	"household writes the household file (扶贫手册) of household NO:\n"
	"basic information, members, living conditions, causes, income by\n"
	"year against the poverty line, helpers, measures by batch, visits,\n"
	"procedures and status history, and a block for signatures.  With\n"
	"--village, one document for the registered households of a village\n"
	"(poor, lifted or returned; --all: every household), a page each, in\n"
	"household-number order.  The language is --lang.  The format is\n"
	"--format, else the extension of --out, else md.  Without --out the\n"
	"document goes to standard output (docx only when that is not a\n"
	"terminal); with --out the file appears whole or not at all.\n");

enum fmt { F_MD, F_HTML, F_DOCX, F_JSON };

struct opts {
	const char *format, *out, *village;
	const char *region, *year, *template;
	int all;
};

static int parse(struct cli *c, int argc, char **argv, struct opts *o,
		 int *first)
{
	static const struct option lo[] = {
		{"format", 1, 0, 'f'},	 {"out", 1, 0, 'o'},
		{"village", 1, 0, 'v'},	 {"all", 0, 0, 'a'},
		{"region", 1, 0, 'r'},	 {"year", 1, 0, 'y'},
		{"template", 1, 0, 't'}, {"help", 0, 0, 'h'},
		{0, 0, 0, 0}};
	int ch;

	memset(o, 0, sizeof *o);
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'f': o->format = optarg; break;
		case 'o': o->out = optarg; break;
		case 'v': o->village = optarg; break;
		case 'a': o->all = 1; break;
		case 'r': o->region = optarg; break;
		case 'y': o->year = optarg; break;
		case 't': o->template = optarg; break;
		case 'h': cli_help(usage); return -1;
		default:
			return cli_usage(c, usage, _("unknown option %s"),
					 argv[optind - 1]);
		}
	}
	*first = optind;
	return 0;
}

static int ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n >= k && strcmp(s + n - k, suf) == 0;
}

/* The format from --format or the --out extension; -1 = bad format. */
static int get_format(const struct opts *o)
{
	const char *f = o->format;

	if (!f && o->out)
		f = ends_with(o->out, ".html") || ends_with(o->out, ".htm")
			    ? "html"
		    : ends_with(o->out, ".docx") ? "docx"
		    : ends_with(o->out, ".json") ? "json"
						 : "md";
	if (!f || !strcmp(f, "md") || !strcmp(f, "markdown"))
		return F_MD;
	if (!strcmp(f, "html"))
		return F_HTML;
	if (!strcmp(f, "docx"))
		return F_DOCX;
	if (!strcmp(f, "json"))
		return F_JSON;
	return -1;
}

/* Writes b to path through a temporary file renamed into place, or to
 * stdout. */
static int write_out(struct cli *c, const char *path, const struct lk_buf *b)
{
	struct lk_buf tmp = LK_BUF_INIT(8192);
	FILE *fp;
	int rc = 0;

	if (!path) {
		if (fwrite(lk_buf_str(b), 1, b->len, stdout) != b->len ||
		    fflush(stdout) != 0)
			return lk_err_set(&c->ctx.err, LK_EIO,
					  _("cannot write %s: %s"), "stdout",
					  strerror(errno));
		return 0;
	}
	if ((rc = lk_buf_printf(&tmp, "%s.tmp%ld", path, (long)getpid())))
		return rc;
	if (!(fp = fopen(lk_buf_str(&tmp), "wb"))) {
		rc = lk_err_set(&c->ctx.err, LK_EIO, _("cannot write %s: %s"),
				path, strerror(errno));
		goto out;
	}
	if (fwrite(lk_buf_str(b), 1, b->len, fp) != b->len) {
		fclose(fp);
		rc = LK_EIO;
	} else if (fclose(fp) != 0) {
		rc = LK_EIO;
	}
	if (!rc && rename(lk_buf_str(&tmp), path) != 0)
		rc = LK_EIO;
	if (rc) {
		lk_err_set(&c->ctx.err, LK_EIO, _("cannot write %s: %s"), path,
			   strerror(errno));
		remove(lk_buf_str(&tmp));
	}
out:
	lk_buf_free(&tmp);
	return rc;
}

static int report_household(struct cli *c, int argc, char **argv)
{
	struct lk_buf md = LK_BUF_INIT(LK_DOC_INPUT_MAX),
		      doc = LK_BUF_INIT(DOC_MAX);
	struct lk_doc_opts dopt = {c->lang, NULL, NULL};
	const struct lk_buf *res = &md;
	struct opts o;
	size_t count = 1;
	int first = 0, rc, fmt;

	if ((rc = parse(c, argc, argv, &o, &first)))
		return rc < 0 ? 0 : rc;
	if ((fmt = get_format(&o)) < 0 || fmt == F_JSON)
		return cli_usage(c, usage, _("unknown format %s (md, html or "
					     "docx)"),
				 o.format);
	if (o.region || o.year || o.template)
		return cli_usage(c, usage, "%s",
				 _("--region, --year and --template go with "
				   "report annual"));
	if (o.village ? first != argc : first != argc - 1)
		return cli_usage(c, usage, "%s",
				 o.village ? _("--village takes no household "
					       "number")
					   : _("report household needs one "
					       "household number"));
	if (o.all && !o.village)
		return cli_usage(c, usage, "%s",
				 _("--all goes with --village"));
	if (fmt == F_DOCX && !o.out && isatty(STDOUT_FILENO))
		return cli_usage(c, usage, "%s",
				 _("a DOCX document needs --out FILE (or a "
				   "pipe)"));
	if ((rc = cli_open(c, DB_SCAN)))
		return rc;
	if (o.village) {
		rc = lk_household_file_village_md(&c->ctx, o.village, o.all,
						  c->lang, &md, &count);
	} else {
		rc = lk_household_file_md(&c->ctx, argv[first], c->lang, &md);
	}
	if (rc)
		goto out;
	if (fmt == F_HTML)
		rc = lk_md_to_html(md.ptr, md.len, &dopt, &doc, &c->ctx.err);
	else if (fmt == F_DOCX)
		rc = lk_md_to_docx(md.ptr, md.len, &dopt, &doc, &c->ctx.err);
	if (rc)
		goto out;
	if (fmt != F_MD)
		res = &doc;
	if ((rc = write_out(c, o.out, res)))
		goto out;
	if (o.out && c->json) {
		struct lk_buf j = LK_BUF_INIT(1u << 12);
		if (!lk_buf_adds(&j, "{\"out\":") && !lk_json_str(&j, o.out) &&
		    !lk_buf_printf(&j,
				   ",\"format\":\"%s\",\"households\":%zu,"
				   "\"bytes\":%zu}\n",
				   fmt == F_MD ? "md" : fmt == F_HTML ? "html"
								      : "docx",
				   count, res->len))
			fputs(lk_buf_str(&j), stdout);
		lk_buf_free(&j);
	} else if (o.out) {
		fprintf(stderr, _("wrote %s (%zu households)\n"), o.out, count);
	}
out:
	lk_buf_free(&md);
	lk_buf_free(&doc);
	return rc ? cli_fail(c, rc) : 0;
}

/* Reads a whole file (at most max bytes) into b. */
static int read_file(struct cli *c, const char *path, size_t max,
		     struct lk_buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!f)
		return lk_err_set(&c->ctx.err,
				  errno == ENOENT ? LK_ENOTFOUND : LK_EIO,
				  _("cannot read %s: %s"), path,
				  strerror(errno));
	while (!rc && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (b->len + n > max)
			rc = lk_err_set(&c->ctx.err, LK_ETOOBIG,
					_("%s: larger than %zu bytes"), path,
					max);
		else
			rc = lk_buf_add(b, chunk, n);
	if (!rc && ferror(f))
		rc = lk_err_set(&c->ctx.err, LK_EIO, _("cannot read %s: %s"),
				path, strerror(errno));
	fclose(f);
	return rc;
}

static int report_annual(struct cli *c, int argc, char **argv)
{
	struct lk_buf md = LK_BUF_INIT(LK_DOC_INPUT_MAX),
		      doc = LK_BUF_INIT(DOC_MAX), tpl = LK_BUF_INIT(LK_TPL_MAX);
	struct lk_doc_opts dopt = {c->lang, NULL, NULL};
	struct lk_annual a = {0};
	struct opts o;
	int64_t year;
	int first = 0, rc, fmt;

	if ((rc = parse(c, argc, argv, &o, &first)))
		return rc < 0 ? 0 : rc;
	if ((fmt = get_format(&o)) < 0)
		return cli_usage(c, usage, _("unknown format %s (md, html, "
					     "docx or json)"),
				 o.format);
	if (c->json)
		fmt = F_JSON;
	if (first != argc)
		return cli_usage(c, usage, _("unexpected argument %s"),
				 argv[first]);
	if (!o.region || !o.year)
		return cli_usage(c, usage, "%s",
				 _("report annual needs --region and --year"));
	if (lk_parse_int64(o.year, 1949, 2100, &year))
		return cli_usage(c, usage, _("--year %s is not a year"),
				 o.year);
	if (o.village || o.all)
		return cli_usage(c, usage, "%s",
				 _("--village and --all go with report "
				   "household"));
	if (fmt == F_DOCX && !o.out && isatty(STDOUT_FILENO))
		return cli_usage(c, usage, "%s",
				 _("a DOCX document needs --out FILE (or a "
				   "pipe)"));
	a.region = o.region;
	a.year = (int)year;
	a.lang = c->lang;
	a.links = fmt == F_HTML; /* figures marked (links when served) */
	if (o.template) {
		if ((rc = read_file(c, o.template, LK_TPL_MAX, &tpl)))
			goto out;
		a.tpl_name = o.template;
		a.tpl_text = tpl.len ? tpl.ptr : "";
		a.tpl_len = tpl.len;
	}
	if ((rc = cli_open(c, DB_SCAN)))
		goto done;
	if ((rc = lk_annual_render(&c->ctx, &a, &md,
				   fmt == F_JSON ? &doc : NULL)))
		goto out;
	if (fmt == F_HTML)
		rc = lk_md_to_html(md.ptr, md.len, &dopt, &doc, &c->ctx.err);
	else if (fmt == F_DOCX)
		rc = lk_md_to_docx(md.ptr, md.len, &dopt, &doc, &c->ctx.err);
	if (!rc)
		rc = write_out(c, o.out, fmt == F_MD ? &md : &doc);
out:
	if (rc)
		rc = cli_fail(c, rc);
done:
	lk_buf_free(&md);
	lk_buf_free(&doc);
	lk_buf_free(&tpl);
	return rc;
}

/* The subcommands of lika report. */
static const struct {
	const char *name;
	int (*fn)(struct cli *, int, char **);
} subs[] = {
	{"annual", report_annual},
	{"household", report_household},
};

int cmd_report(struct cli *c, int argc, char **argv)
{
	size_t i;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return argc < 2 ? cli_usage(c, usage, "%s",
					    _("report needs a subcommand"))
				: cli_help(usage);
	for (i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].fn(c, argc - 1, argv + 1);
	return cli_usage(c, usage, _("unknown report %s"), argv[1]);
}
