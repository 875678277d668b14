/*
 * check.h - the data-quality checks of domain.md section 7 (`lika check`).
 *
 * Rules.  policy/rules.tsv (embedded in the binary) lists every rule: its
 * stable id, its severity (error = invalid data, warning = implausible,
 * to be verified), the first year it applies to and a Chinese and an
 * English description.  The ids are exactly those of domain.md section 7
 * plus "policy.missing".  Thresholds (age bands, ranges, lines, the income
 * items that count) are policy values (policy/policy.h) looked up for the
 * household's village and the year; no threshold is a literal here.
 *
 * What is checked.  The households whose village code lies in the scope
 * (ctx->scope narrowed by opts->region), with all their member rows, the
 * income of the checked year and the helper pairings:
 *
 *  - the reference date is the last day of opts->year, or today when no
 *    year is given; ages are full years on that date (a member born after
 *    it has no age: the age rules do not apply to them);
 *  - the income is the household's income of exactly opts->year; without
 *    a year, its latest income.  The lines and the other income values
 *    are those of the income's year; an absent income is an
 *    income.range finding ("missing");
 *  - household fields (status, attribute, causes, house ...) are read as
 *    they are now: a record describes its household on the reference
 *    date.  "Lifted" means status lifted with lifted_year unknown or not
 *    after the year checked; "monitored" a monitoring category, with
 *    monitoring_since not after the reference date and the risk not
 *    eliminated on or before it; "registered" statuses poor, lifted and
 *    returned (required.missing); a household "needing a helper"
 *    (helper.none, helper.is_poor) is poor or returned, or monitored;
 *  - member rules look at current members (member_status current); the
 *    ID rules (id.*) and code.invalid also at history rows (deceased,
 *    moved out); households dissolved (all members gone) are exempt from
 *    the household.empty/no_head/many_heads/head_id rules;
 *  - id.duplicate compares normalized numbers (15-digit ones upgraded,
 *    full-width digits and a lower-case x converted) over the whole
 *    ledger, scope or not: a current or deceased member whose number is
 *    also that of another current or deceased member row is a finding
 *    (a member who moved out and lives on elsewhere is not);
 *  - helper.is_poor: a cadre (any in the ledger) whose normalized ID
 *    number is that of a current member of a household needing a helper;
 *    helper.none: such a household without a pairing that runs on the
 *    reference date (start_date <= date <= end_date, end_date NULL =
 *    still paired).
 *
 * Where the rules need reading, check_rules.c says how each is read; its
 * values show in the explanation (opts->on_explain).
 *
 * Policy values.  A rule that needs a value the policy lacks for the
 * village and year (or whose value does not parse) is skipped for the
 * households concerned, and the value is reported ONCE per kind, region
 * prefix and year as a finding of its own: rule "policy.missing",
 * severity warning, no household, field = the policy kind, value = the
 * year, message from the policy module.  The other rules go on.
 *
 * Findings.  Each finding names the rule, its severity, the household
 * number and village (NULL for policy.missing), the member (ID number
 * UNMASKED and name; NULL for household rules), the field looked at (an
 * interchange key such as "relation" or "per_capita"), its value as
 * stored (may be NULL) and a translated, lower-case-first message that
 * names the values.  Messages never contain an ID, certificate or phone
 * number; the value may (then sensitive is 1 and a front end masks it
 * with lk_id_mask unless the user asked to see IDs).
 *
 * Order.  Households are checked in the order (village code, household
 * number); a household's findings come together, its household rules
 * first, then the member rules member row by member row.  A
 * policy.missing finding comes when the first household needs the
 * value, among that household's findings.
 *
 * Passes over the data: the member ID numbers of the whole ledger
 * (id.duplicate, only when that rule runs), the cadres (helper.is_poor),
 * and one merged stream of three ordered queries (households with their
 * pairing flag, members, incomes) on which every other rule runs in C.
 */
#ifndef LK_CHECK_H
#define LK_CHECK_H

#include <stddef.h>

#include "core/ctx.h"
#include "core/date.h"
#include "core/i18n.h"
#include "registry/region.h"

/* More rules than rules.tsv will ever hold (the loader checks). */
#define LK_CHECK_RULES_MAX 64

enum lk_check_severity { LK_CHECK_ERROR = 1, LK_CHECK_WARNING = 2 };

/* A rule of policy/rules.tsv.  Strings are static. */
struct lk_check_rule {
	const char *id;
	int severity;	/* LK_CHECK_ERROR or LK_CHECK_WARNING */
	int from;	/* first year the rule applies to, 0 = every year */
	const char *zh; /* descriptions */
	const char *en;
};

/* The rules in file order; the table is parsed once per process (thread
 * safe).  0, or LK_EINTERNAL when the embedded file is malformed or does
 * not list exactly the rules the engine implements (a build error: the
 * unit tests catch it).  *rules stays valid for the life of the process. */
int lk_check_rules(const struct lk_check_rule **rules, size_t *n);
/* The rule with this id, or NULL (also when the table is malformed). */
const struct lk_check_rule *lk_check_rule_find(const char *id);
/* Description in a language (borrowed). */
const char *lk_check_rule_desc(const struct lk_check_rule *r,
			       enum lk_lang lang);
/* "error" / "warning" (not translated: they are values of the JSON and
 * CSV outputs; front ends translate them for text). */
const char *lk_check_severity_name(int severity);

/* One finding.  Every pointer is borrowed for the duration of the
 * callback. */
struct lk_check_finding {
	const char *rule;
	int severity;
	const char *household_no; /* NULL for policy.missing */
	const char *village_code; /* NULL for policy.missing */
	const char *id_number;	  /* member rules: the member's, unmasked */
	const char *name;	  /* member rules: the member's name */
	const char *field;	  /* interchange key or policy kind */
	const char *value;	  /* as stored, or NULL */
	int sensitive;		  /* value is an ID, certificate or phone */
	const char *message;	  /* translated sentence */
};

enum lk_check_verdict {
	LK_CHECK_PASS = 0,
	LK_CHECK_FAIL = 1,
	LK_CHECK_NA = 2 /* does not apply, or cannot be judged */
};

/* One line of the explanation of a household (opts->household): a rule
 * with the values it looked at.  Member rules give one line per member
 * row they look at.  Values never contain an ID number. */
struct lk_check_explain {
	const char *rule;
	int severity;
	const char *id_number; /* member rules, unmasked; else NULL */
	const char *name;
	int verdict;	    /* enum lk_check_verdict */
	const char *values; /* "age 15; school high1 (level 3); ..." */
};

struct lk_check_opts {
	const char *region; /* code prefix within the scope; NULL = all */
	/* Comma-separated rule ids or "group.*" (e.g. "income.*"); NULL or
	 * "" = every rule.  "policy.missing" alone runs every rule but
	 * reports only policy.missing findings. */
	const char *rules;
	int year;	       /* checked year 1949..2100; 0 = no year */
	const char *household; /* one household number; NULL = all */
	/* Called for every finding; a non-zero return stops the check and
	 * is returned. */
	int (*on_finding)(void *arg, const struct lk_check_finding *f);
	/* Called with opts->household only (may be NULL): every rule with
	 * the values it looked at, household rules first. */
	int (*on_explain)(void *arg, const struct lk_check_explain *e);
	void *arg;
};

/* Findings per village, in village code order. */
struct lk_check_village {
	char code[LK_REGION_CODE_MAX];
	size_t count;
};

struct lk_check_stats {
	struct lk_date ref; /* the reference date */
	size_t households;  /* checked */
	size_t members;	    /* member rows checked */
	size_t findings, errors, warnings;
	size_t by_rule[LK_CHECK_RULES_MAX];    /* as lk_check_rules() orders */
	unsigned char ran[LK_CHECK_RULES_MAX]; /* 1: the rule was reported */
	struct lk_check_village *villages;     /* with at least one finding */
	size_t nvillages;
};

/* Runs the checks.  st (may be NULL) is filled; call lk_check_stats_free
 * on it afterwards, also when the run fails.  Errors: LK_EINVAL for an
 * unknown rule or a malformed region, year or household number (before
 * any callback), LK_EPERM for a region or household outside ctx->scope,
 * LK_ENOTFOUND for an unknown household, a callback's non-zero return,
 * database errors (message in ctx->err), LK_ENOMEM.  The ledger is only
 * read. */
int lk_check_run(struct lk_ctx *ctx, const struct lk_check_opts *o,
		 struct lk_check_stats *st);
/* Frees st's village list; leaves st zeroed.  Accepts a zeroed struct. */
void lk_check_stats_free(struct lk_check_stats *st);

#endif
