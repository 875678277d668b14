/* lika import | export: the interchange CSV files. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/json.h"
#include "view/view.h"
#include "io/csv.h"
#include "io/interchange.h"
#include "io/xlsx.h"

static const char imp_usage[] = N_(
	"usage: lika import HOUSEHOLDS.csv [MEMBERS.csv [INCOMES.csv]]\n"
	"                   [--households F] [--members F] [--incomes F]\n"
	"                   [--dry-run] [--errors FILE] [--encoding E]\n"
	"                   [--accept-invalid] [--ignore-unknown]\n"
	"       lika import WORKBOOK.xlsx [--dry-run] [--errors FILE]\n"
	"                   [--accept-invalid] [--ignore-unknown]\n"
	"\n"
	"Imports the collection-form tables (see docs/interchange.md) from\n"
	"CSV files, or from the sheets households/农户, members/家庭成员 and\n"
	"incomes/收入 of an XLSX workbook.  The whole import is one\n"
	"transaction: any error rejects every file and leaves the ledger as\n"
	"it was; each error names file, row, column, value and reason (all\n"
	"of them in FILE with --errors).  --encoding is utf-8 or gb18030\n"
	"(detected when absent).  --accept-invalid keeps invalid legacy\n"
	"values (bad check characters, impossible dates, codes outside their\n"
	"list) for 'lika check' to report.\n");

static const char exp_usage[] = N_(
	"usage: lika export --out DIR [--region CODE] [--lang en|zh_CN]\n"
	"       lika export --format xlsx --out FILE [--region CODE]\n"
	"                   [--lang en|zh_CN]\n"
	"\n"
	"Writes households.csv, members.csv and incomes.csv: Chinese headers\n"
	"and labels by default, English keys and labels with --lang en.  With\n"
	"--format xlsx, writes the village ledger book (台账) FILE: one sheet\n"
	"each for households, members, incomes, cadres, measures, visits,\n"
	"funds, disbursements, projects, the resident team and party work.\n");

#define SHOW_ISSUES 20

struct imp_state {
	struct cli *c;
	FILE *errors;
	struct lk_buf *json;
	size_t shown, njson;
	time_t start;
	int tty, progressed;
};

static void on_issue(void *arg, const struct lk_issue *is)
{
	struct imp_state *s = arg;
	char row[32];

	snprintf(row, sizeof row, "%zu", is->row);
	if (s->errors) {
		struct lk_buf b = LK_BUF_INIT(1u << 16);
		csv_buf_field(&b, is->file, strlen(is->file), 1);
		csv_buf_field(&b, row, strlen(row), 0);
		csv_buf_field(&b, is->column, strlen(is->column), 0);
		csv_buf_field(&b, is->value, strlen(is->value), 0);
		csv_buf_field(&b, is->rule, strlen(is->rule), 0);
		csv_buf_field(&b, is->error ? "error" : "warning",
			      is->error ? 5 : 7, 0);
		csv_buf_field(&b, is->message, strlen(is->message), 0);
		csv_buf_eol(&b);
		fwrite(b.ptr ? b.ptr : "", 1, b.len, s->errors);
		lk_buf_free(&b);
	}
	if (s->c->json) {
		if (s->njson++ >= 1000)
			return; /* the rest are counted only */
		if (s->njson > 1)
			lk_buf_addc(s->json, ',');
		lk_view_import_issue(s->json, is);
		return;
	}
	if (s->shown++ < SHOW_ISSUES) {
		if (s->progressed) {
			fputc('\n', stderr);
			s->progressed = 0;
		}
		fprintf(stderr, "%s:%s: %s: %s%s%s [%s] %s\n", is->file, row,
			is->error ? _("error") : _("warning"), is->column,
			*is->value ? " = " : "", is->value, is->rule,
			is->message);
	}
}

static void on_progress(void *arg, size_t rows, size_t bytes, size_t total)
{
	struct imp_state *s = arg;

	if (!s->tty || time(NULL) - s->start < 1)
		return;
	fputc('\r', stderr);
	fprintf(stderr, _("importing: %zu rows, %zu%%"), rows,
		total ? bytes * 100 / total : 100);
	s->progressed = 1;
}

int cmd_import(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {
		{"households", 1, 0, 'H'},    {"members", 1, 0, 'M'},
		{"incomes", 1, 0, 'I'},	      {"dry-run", 0, 0, 'n'},
		{"errors", 1, 0, 'e'},	      {"encoding", 1, 0, 'E'},
		{"accept-invalid", 0, 0, 'a'}, {"ignore-unknown", 0, 0, 'u'},
		{"help", 0, 0, 'h'},	      {0, 0, 0, 0}};
	struct lk_import_opts o;
	struct lk_import_stats st;
	struct lk_buf json = LK_BUF_INIT(64u << 20);
	struct imp_state s;
	const char *errors = NULL;
	int ch, rc, i;

	memset(&o, 0, sizeof o);
	memset(&s, 0, sizeof s);
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'H': o.households = optarg; break;
		case 'M': o.members = optarg; break;
		case 'I': o.incomes = optarg; break;
		case 'n': o.dry_run = 1; break;
		case 'e': errors = optarg; break;
		case 'a': o.accept_invalid = 1; break;
		case 'u': o.ignore_unknown = 1; break;
		case 'E':
			if (csv_encoding_parse(optarg, &o.encoding))
				return cli_usage(c, imp_usage,
						 _("unknown encoding %s"),
						 optarg);
			break;
		case 'h': return cli_help(imp_usage);
		default:
			return cli_usage(c, imp_usage, _("unknown option %s"),
					 argv[optind - 1]);
		}
	}
	for (i = optind; i < argc; i++) {
		const char **slot = !o.households ? &o.households
				    : !o.members  ? &o.members
				    : !o.incomes  ? &o.incomes
						  : NULL;
		if (!slot)
			return cli_usage(c, imp_usage,
					 _("unexpected argument %s"), argv[i]);
		*slot = argv[i];
	}
	if (!o.households && !o.members && !o.incomes)
		return cli_usage(c, imp_usage, _("nothing to import"));
	if (o.households && !o.members && !o.incomes &&
	    xlsx_is_workbook(o.households)) {
		o.workbook = o.households; /* a workbook holds every table */
		o.households = NULL;
	}
	if ((rc = cli_open(c, 0)))
		return rc;
	if (errors) {
		s.errors = fopen(errors, "w");
		if (!s.errors) {
			lk_err_set(&c->ctx.err, LK_EIO, _("cannot create %s"),
				   errors);
			return cli_fail(c, LK_EIO);
		}
		fputs("file,row,column,value,rule,severity,message\r\n",
		      s.errors);
	}
	s.c = c;
	s.json = &json;
	s.start = time(NULL);
	s.tty = isatty(2);
	o.issue = on_issue;
	o.progress = on_progress;
	o.arg = &s;
	rc = lk_import(&c->ctx, &o, &st);
	if (s.progressed)
		fputc('\n', stderr);
	if (s.errors && fclose(s.errors) != 0 && !rc) {
		lk_err_set(&c->ctx.err, LK_EIO, _("cannot write %s"), errors);
		rc = LK_EIO;
	}
	if (rc && rc != LK_EINVAL) {
		lk_buf_free(&json);
		return cli_fail(c, rc);
	}
	if (c->json) {
		struct lk_buf body = LK_BUF_INIT(128u << 20);

		if (!lk_view_import(&st, !rc && !o.dry_run, o.dry_run,
				    lk_buf_str(&json), &body))
			printf("%s\n", lk_buf_str(&body));
		lk_buf_free(&body);
	} else if (rc) {
		if (s.shown > SHOW_ISSUES)
			fprintf(stderr, _("... and %zu more\n"),
				s.shown - SHOW_ISSUES);
		fprintf(stderr,
			_("lika: %zu errors, %zu warnings: nothing was "
			  "imported%s%s\n"),
			st.errors, st.warnings,
			errors ? _("; all problems are listed in ") : "",
			errors ? errors : "");
	} else {
		printf(_("%s: households %zu (%zu new, %zu updated, %zu "
			 "unchanged), members %zu (%zu new, %zu updated, %zu "
			 "unchanged), incomes %zu (%zu new, %zu updated, %zu "
			 "unchanged), %zu warnings\n"),
		       o.dry_run ? _("valid (dry run, nothing written)")
				 : _("imported"),
		       st.rows[0], st.created[0], st.updated[0],
		       st.unchanged[0], st.rows[1], st.created[1],
		       st.updated[1], st.unchanged[1], st.rows[2],
		       st.created[2], st.updated[2], st.unchanged[2],
		       st.warnings);
	}
	lk_buf_free(&json);
	return rc ? lk_exit_code(rc) : 0;
}

int cmd_export(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"out", 1, 0, 'o'},
					   {"region", 1, 0, 'r'},
					   {"lang", 1, 0, 'l'},
					   {"format", 1, 0, 'f'},
					   {"help", 0, 0, 'h'},
					   {0, 0, 0, 0}};
	struct lk_export_stats st;
	const char *out = NULL, *region = NULL;
	enum lk_lang lang = c->lang_set ? c->lang : LK_LANG_ZH;
	int ch, rc, xlsx = 0;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'o': out = optarg; break;
		case 'r': region = optarg; break;
		case 'l':
			if (lk_lang_parse(optarg, &lang))
				return cli_usage(c, exp_usage,
						 _("unknown language %s"),
						 optarg);
			break;
		case 'f':
			if (strcmp(optarg, "xlsx") == 0)
				xlsx = 1;
			else if (strcmp(optarg, "csv") == 0)
				xlsx = 0;
			else
				return cli_usage(c, exp_usage,
						 _("unknown format %s"),
						 optarg);
			break;
		case 'h': return cli_help(exp_usage);
		default:
			return cli_usage(c, exp_usage, _("unknown option %s"),
					 argv[optind - 1]);
		}
	}
	if (!out || optind < argc)
		return cli_usage(c, exp_usage,
				 xlsx ? _("export needs --out FILE")
				      : _("export needs --out DIR"));
	if ((rc = cli_open(c, 0)))
		return rc;
	memset(&st, 0, sizeof st);
	rc = xlsx ? lk_export_xlsx(&c->ctx, out, region, lang, &st)
		  : lk_export(&c->ctx, out, region, lang, &st);
	if (rc)
		return cli_fail(c, rc);
	if (c->json) {
		struct lk_buf j = LK_BUF_INIT(1u << 16);
		lk_buf_adds(&j, "{\"out\":");
		lk_json_str(&j, out);
		lk_buf_printf(&j,
			      ",\"format\":\"%s\",\"households\":%zu,"
			      "\"members\":%zu,\"incomes\":%zu",
			      xlsx ? "xlsx" : "csv", st.households, st.members,
			      st.incomes);
		if (xlsx)
			lk_buf_printf(&j, ",\"work\":%zu", st.work);
		lk_buf_adds(&j, "}\n");
		fputs(lk_buf_str(&j), stdout);
		lk_buf_free(&j);
	} else if (xlsx) {
		printf(_("exported %zu households, %zu members, %zu incomes "
			 "and %zu work records to %s\n"),
		       st.households, st.members, st.incomes, st.work, out);
	} else {
		printf(_("exported %zu households, %zu members, %zu incomes "
			 "to %s\n"),
		       st.households, st.members, st.incomes, out);
	}
	return 0;
}
