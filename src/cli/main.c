/*
 * main.c - the lika command: global options, dispatch, help.
 *
 * Built twice.  `lika` leaves out the HTTP server, so that no command
 * pays for loading its libraries (libmicrohttpd pulls in GnuTLS and its
 * dependencies: a third of a short command's start-up); `lika serve`
 * runs the program `lika-serve` with the same arguments, found beside
 * lika or in LK_LIBEXECDIR (git runs its transports the same way).
 * `lika-serve` is built with LK_WITH_SERVE and has every command.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/err.h"
#include "core/i18n.h"
#include "registry/codes.h"
#include "store/db.h"

static const struct {
	const char *name;
	int (*fn)(struct cli *, int, char **);
	const char *summary;
} commands[] = {
	{"init", cmd_init, N_("create a ledger and load the code lists")},
	{"regions", cmd_regions,
	 N_("load, list and show regions; add villager groups")},
	{"household", cmd_household,
	 N_("add, show, list, search and edit households")},
	{"member", cmd_member, N_("add, edit and remove household members")},
	{"income", cmd_income, N_("set and show household incomes")},
	{"policy", cmd_policy,
	 N_("show and set poverty lines, thresholds and periods")},
	{"assess", cmd_assess,
	 N_("assess households and villages against the exit and "
	    "monitoring criteria")},
	{"check", cmd_check, N_("find data-quality problems")},
	{"indicators", cmd_indicators,
	 N_("every figure of a region and year: the indicator registry")},
	{"drill", cmd_drill, N_("the records behind an indicator")},
	{"report", cmd_report,
	 N_("the annual work report and household files (扶贫手册) as "
	    "markdown, HTML or DOCX")},
	{"import", cmd_import, N_("import households, members and incomes")},
	{"export", cmd_export, N_("export the ledger as interchange CSV")},
	{"demo", cmd_demo, N_("build the demo ledger")},
	{"gen", cmd_gen, N_("generate interchange CSV data at scale")},
	{"audit", cmd_audit, N_("verify and list the audit log")},
	{"cadre", cmd_work, N_("helper cadres (帮扶责任人)")},
	{"pairing", cmd_work,
	 N_("pair cadres with households; unpaired households, quotas")},
	{"visit", cmd_work,
	 N_("home visits (民情日记); coverage per round, overdue follow-ups")},
	{"measure", cmd_work, N_("assistance measures per household")},
	{"fund", cmd_work,
	 N_("poverty-alleviation funds; balances and public disclosure")},
	{"disbursement", cmd_work, N_("disbursements from funds")},
	{"project", cmd_work, N_("projects: roads, water, housing ...")},
	{"team", cmd_work,
	 N_("the resident work team; the team on a date, days in the village")},
	{"attendance", cmd_work, N_("daily attendance of the resident team")},
	{"branch", cmd_work, N_("party branches")},
	{"party-member", cmd_work, N_("party members; points standings")},
	{"party-activity", cmd_work,
	 N_("party member days, three meetings and one lesson")},
	{"points", cmd_work, N_("the party-member points ledger")},
	{"training", cmd_work, N_("training sessions")},
	{"trainee", cmd_work, N_("trainees of training sessions")},
	{"employment", cmd_work,
	 N_("employment records; laborers per household")},
	{"village-profile", cmd_work, N_("a village's own figures per year")},
	{"village-item", cmd_work,
	 N_("crops, livestock, schools, clinics, roads of a village")},
	{"note", cmd_work, N_("problems and next-step plans per village")},
	{"procedure", cmd_procedure,
	 N_("run identification, exit, monitoring and other procedures")},
	{"notice", cmd_notice,
	 N_("post, print, object to and close public notices")},
	{"lock", cmd_lock, N_("lock a year, verify and unlock locks")},
#ifdef LK_WITH_SERVE
	{"serve", cmd_serve, N_("serve the JSON API and the web UI over HTTP")},
#else
	{"serve", NULL, N_("serve the JSON API and the web UI over HTTP")},
#endif
	{"user", cmd_user,
	 N_("add, list and disable accounts of the web application")},
};

static void usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "%s\n\n",
		_("usage: lika [--db PATH] [--lang en|zh_CN] [--json] "
		  "[--user NAME] COMMAND [ARGS]"));
	fprintf(fp, "%s\n", _("commands:"));
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(fp, "  %-16s %s\n", commands[i].name,
			_(commands[i].summary));
	fprintf(fp, "\n%s\n",
		_("The ledger is ./lika.db unless --db or $LIKA_DB names "
		  "another.\nRun 'lika COMMAND --help' for a command's "
		  "options."));
}

/* Replaces this process with the program that has the command (argv
 * as given to main); returns only on failure. */
static int exec_helper(char **argv)
{
	static const char name[] = "lika-serve";
	char self[PATH_MAX], path[PATH_MAX + sizeof name];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	char *slash;

	if (n > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			*slash = '\0';
			snprintf(path, sizeof path, "%s/%s", self, name);
			execv(path, argv);
		}
	}
	snprintf(path, sizeof path, "%s/%s", LK_LIBEXECDIR, name);
	execv(path, argv);
	fprintf(stderr, _("lika: cannot run %s: %s\n"), path, strerror(errno));
	return 5;
}

/* Removes the global options from argv wherever they stand. */
static int take_globals(struct cli *c, int *argc, char **argv)
{
	int i, j = 1;

	for (i = 1; i < *argc; i++) {
		const char *a = argv[i];
		const char **dst = NULL;
		const char *val = NULL;
		static const char *lang;

		if (strcmp(a, "--") == 0) {
			while (i < *argc)
				argv[j++] = argv[i++];
			break;
		}
		if (strcmp(a, "--json") == 0) {
			c->json = 1;
			continue;
		}
		if (strncmp(a, "--db", 4) == 0 && (a[4] == '\0' || a[4] == '='))
			dst = &c->db_path;
		else if (strncmp(a, "--lang", 6) == 0 &&
			 (a[6] == '\0' || a[6] == '='))
			dst = &lang;
		else if (strncmp(a, "--user", 6) == 0 &&
			 (a[6] == '\0' || a[6] == '='))
			dst = &c->ctx.user;
		if (!dst) {
			argv[j++] = argv[i];
			continue;
		}
		if (strchr(a, '='))
			val = strchr(a, '=') + 1;
		else if (i + 1 < *argc)
			val = argv[++i];
		if (!val || !*val) {
			fprintf(stderr, _("lika: %s needs a value\n"), a);
			return 1;
		}
		*dst = val;
		if (dst == &lang) {
			if (lk_lang_parse(val, &c->lang)) {
				fprintf(stderr,
					_("lika: unknown language %s (use en "
					  "or zh_CN)\n"),
					val);
				return 1;
			}
			lk_i18n_set(c->lang);
			c->lang_set = 1;
		}
	}
	*argc = j;
	argv[j] = NULL;
	return 0;
}

int main(int argc, char **argv)
{
	struct cli c;
	const char *env;
	char **given = NULL;
	size_t i;
	int rc;

	memset(&c, 0, sizeof c);
	/* the arguments as given, for exec_helper() */
	if ((given = calloc((size_t)argc + 1, sizeof *given)) == NULL) {
		fprintf(stderr, "lika: %s\n", lk_strerror(LK_ENOMEM));
		return 5;
	}
	memcpy(given, argv, (size_t)argc * sizeof *given);
	c.ctx.user = getenv("LIKA_USER") ? getenv("LIKA_USER") : "cli";
	c.ctx.scope = "";
	c.db_path = getenv("LIKA_DB") ? getenv("LIKA_DB") : "lika.db";
	if (((env = getenv("LIKA_LANG")) || (env = getenv("LC_ALL")) ||
	     (env = getenv("LANG"))) &&
	    lk_lang_parse(env, &c.lang) == 0)
		lk_i18n_set(c.lang);
	if (take_globals(&c, &argc, argv)) {
		rc = 1;
		goto out;
	}
	if (argc < 2) {
		usage(stderr);
		rc = 1;
		goto out;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		rc = 0;
		goto out;
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0) {
		printf("lika %s (%s %s)\n", LK_VERSION, db_driver(),
		       db_driver_version());
		rc = 0;
		goto out;
	}
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		rc = commands[i].fn ? commands[i].fn(&c, argc - 1, argv + 1)
				    : exec_helper(given);
		goto out;
	}
	fprintf(stderr, _("lika: unknown command %s\n\n"), argv[1]);
	usage(stderr);
	rc = 1;
out:
	cli_close(&c);
	free(given);
	return rc;
}
