/*
 * assess.h - assessment of households, villages and counties against the
 * exit, monitoring and identification criteria (domain.md section 5).
 *
 * lk_assess() reads the ledger under a region for a year Y and judges
 * every household from what the ledger records; nothing is written.  The
 * reference date is D = Y-12-31: statuses, monitoring, members and ages
 * are those of D (registry/status.h).
 *
 * Which households.  A household's status on D decides what is asked:
 *
 *   poor, returned   registered poor on D: does it meet the exit
 *                    criteria?  verdict MEETS / FAILS
 *   lifted           does it still meet them, or does it fall under
 *                    monitoring (at risk of returning to poverty, category
 *                    unstable 脱贫不稳定户)?  verdict STABLE / AT_RISK
 *   ordinary         is it a candidate for identification as poor, or for
 *                    monitoring (category marginal 边缘易致贫户)?  verdict
 *                    IDENTIFY / MONITOR / NONE
 *   removed,         not assessed (counted in the summary); they still
 *   dissolved        count in the population of their village
 *
 * Any of them may instead get UNKNOWN, "cannot be assessed" (below).
 * The third monitoring category, sudden severe difficulty (突发严重困难户),
 * rests on events the ledger does not record and is never derived;
 * "enough food and clothing" (两不愁) is judged by income alone.
 *
 * The criteria (enum lk_crit), each PASS, FAIL, UNKNOWN or not applied,
 * from the members present on D (status.h: current, or left after D, and
 * born on or before D):
 *
 *   income          the year's income record (income table, year Y):
 *                   per-capita net income = (the items the policy value
 *                   income_items counts - production expenses) / the
 *                   record's persons (lk_income_derive_items); PASS when
 *                   strictly above poverty_line.  No income record for Y
 *                   is a FAIL of its own ("no income is recorded").
 *   monitoring      (lifted and ordinary only) per-capita income at or
 *                   above monitoring_line; below it is a FAIL.  When the
 *                   policy has no monitoring_line for the year and region
 *                   the criterion is UNKNOWN with that said, never a
 *                   default; lifted households are then compared with the
 *                   poverty line only (at or below it is at risk: every
 *                   monitoring line lies above the poverty line).
 *   schooling       every member aged age.compulsory_min..max (6-15) on D,
 *                   age from the birth date, is in school (any school
 *                   status).  One who is not, but whose health includes
 *                   serious illness or disability, is exempt (a PASS with
 *                   the reason recorded).  Members of unknown birth date
 *                   are not counted.
 *   medical_insurance
 *                   every member has residents' (medical_insurance) or
 *                   employees' (employee_medical_insurance) basic medical
 *                   insurance; unknown counts as not insured.
 *   serious_illness_insurance
 *                   every member has serious-illness insurance.
 *   housing         grade A or B, or a relocated household (relocated =
 *                   yes, whatever the old house's grade); C and D fail, an
 *                   unknown grade fails.  (Renovation records come later.)
 *   water           water_safe yes and water_difficult not yes; unknown
 *                   safety fails.
 *
 * Policy values come from the policy (policy/policy.h, through one
 * lk_policy_cache) for the household's village code and year Y, so the
 * longest region prefix wins: poverty_line, monitoring_line,
 * income_items, age.compulsory_min/max, age.labour_min, age.working_max;
 * for areas village_exit_incidence and county_exit_incidence.  A value
 * the policy lacks makes the criteria that need it UNKNOWN, with the
 * policy's message as a reason.
 *
 * Verdicts (P = poverty_line known, M = monitoring_line known; a
 * guarantee is one of schooling .. water):
 *
 *   poor/returned   FAILS if any criterion FAILs (a failed guarantee, the
 *                   income not above the line, or no income); else
 *                   UNKNOWN if any is UNKNOWN (no poverty_line); else
 *                   MEETS.  A missing poverty line therefore yields
 *                   UNKNOWN unless a failure already decides.
 *   lifted          AT_RISK if a guarantee FAILs or the income is below
 *                   the monitoring line (without M: at or below the
 *                   poverty line); else UNKNOWN if there is no income or
 *                   neither P nor M or a guarantee is UNKNOWN; else
 *                   STABLE.
 *   ordinary        IDENTIFY if the income is at or below the poverty line
 *                   (P known); else MONITOR if the income is below the
 *                   monitoring line (M known) or a guarantee FAILs; else
 *                   UNKNOWN if there is no income or neither P nor M or a
 *                   guarantee is UNKNOWN; else NONE.
 *
 * AT_RISK and MONITOR carry a monitoring category (unstable for lifted,
 * marginal for ordinary) and risk types (risk_type codes), derived:
 *
 *   illness      a member has serious or chronic illness and the main or
 *                an other cause is 1 (因病)
 *   schooling    the schooling guarantee fails (a dropout), or the main
 *                or an other cause is 3 (因学)
 *   disability   a member is disabled and the main or an other cause is
 *                2 (因残)
 *   disaster     the main or an other cause is 4 (因灾)
 *   labour       no member aged age.labour_min..age.working_max (16-60)
 *                has ordinary or skilled labour
 *   other        none of the above applies
 *
 * The household's own monitoring on D (status.h) is reported beside the
 * verdict, so a lifted household at risk that is not monitored shows.
 *
 * Areas.  For each village with households under the region, and each
 * county whose code the region prefix covers (a region of at most 6
 * digits): people = the people on D of all its households in the ledger;
 * poor people = those of households poor or returned on D; incidence =
 * poor people / people.  The area meets the exit criterion when the
 * incidence is strictly below village_exit_incidence (villages) or
 * county_exit_incidence (counties) for its code and year Y (2%, 3% in
 * the western provinces), compared exactly in integers.  No people, or
 * no threshold in the policy, is "cannot be assessed" with the reason.
 * Of the county criteria only incidence is derived from the ledger.
 *
 * Reasons are full sentences in the thread's language (core/i18n.h).
 * In explain mode every criterion gets a sentence naming the values it
 * looked at (members, ages, grades, amounts, lines, policy values);
 * otherwise only the failed and unknown criteria (and notes about
 * missing policy values) do.
 *
 * Speed.  Households and their members are streamed in two queries over
 * the village-code index range, merged by household; the status and
 * monitoring on D and the income of Y come with the household row.
 * Policy values are looked up once per village.  Memory does not grow
 * with the number of households (areas aside).
 */
#ifndef LK_ASSESS_H
#define LK_ASSESS_H

#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "registry/region.h"

enum lk_verdict {
	LK_VERDICT_MEETS,    /* poor: meets the exit criteria */
	LK_VERDICT_FAILS,    /* poor: does not meet them */
	LK_VERDICT_STABLE,   /* lifted: still meets them, not at risk */
	LK_VERDICT_AT_RISK,  /* lifted: at risk of returning (monitor) */
	LK_VERDICT_IDENTIFY, /* ordinary: candidate for identification */
	LK_VERDICT_MONITOR,  /* ordinary: candidate for monitoring */
	LK_VERDICT_NONE,     /* ordinary: neither */
	LK_VERDICT_UNKNOWN,  /* cannot be assessed */
	LK_VERDICT_N
};

enum lk_crit {
	LK_CRIT_INCOME,
	LK_CRIT_MONITORING,
	LK_CRIT_SCHOOLING,
	LK_CRIT_MEDICAL,
	LK_CRIT_SERIOUS_ILLNESS,
	LK_CRIT_HOUSING,
	LK_CRIT_WATER,
	LK_CRIT_N
};

enum lk_crit_result {
	LK_CR_NA = 0, /* not applied to this household */
	LK_CR_PASS,
	LK_CR_FAIL,
	LK_CR_UNKNOWN
};

/* Stable identifiers (JSON): "meets", "fails", "stable", "at_risk",
 * "identify", "monitor", "none", "unknown". */
const char *lk_verdict_id(enum lk_verdict v);
/* Translated short description ("meets the exit criteria"). */
const char *lk_verdict_text(enum lk_verdict v);
/* "income", "monitoring", "schooling", "medical_insurance",
 * "serious_illness_insurance", "housing", "water". */
const char *lk_crit_id(enum lk_crit c);
/* Translated name ("compulsory schooling"). */
const char *lk_crit_text(enum lk_crit c);
/* "na", "pass", "fail", "unknown". */
const char *lk_crit_result_id(enum lk_crit_result r);

/* One sentence about a criterion (crit LK_CRIT_N: about the household as
 * a whole, e.g. its monitoring in the ledger). */
struct lk_assess_reason {
	enum lk_crit crit;
	enum lk_crit_result result;
	const char *text;
};

/* The assessment of one household.  Strings and arrays are borrowed for
 * the duration of the callback. */
struct lk_assess_hh {
	int64_t id;
	const char *no, *village_code, *village_name, *head_name;
	const char *status;	  /* hh_status code on D */
	const char *status_since; /* date of the deciding event, or NULL */
	const char *monitored;	  /* ledger: category monitored on D, or NULL */
	const char *monitored_since;
	enum lk_verdict verdict;
	const char *category;	/* AT_RISK / MONITOR: unstable / marginal */
	const char *risk_types; /* AT_RISK / MONITOR: ';'-joined codes */
	int people;		/* present on D */
	int has_income;
	int persons;		 /* of the income record */
	int64_t net, per_capita; /* fen, when has_income */
	int has_poverty_line, has_monitoring_line;
	int64_t poverty_line, monitoring_line; /* fen */
	const char *income_items;	       /* the policy's list, or NULL */
	int has_ages, age_min, age_max;	       /* compulsory schooling ages */
	enum lk_crit_result crit[LK_CRIT_N];
	const struct lk_assess_reason *reasons;
	size_t nreasons;
};

/* The exit criterion of a village or county. */
struct lk_assess_area {
	char code[LK_REGION_CODE_MAX];
	char name[128];
	int level; /* LK_LEVEL_VILLAGE or LK_LEVEL_COUNTY */
	long long households, people, poor_households, poor_people;
	int has_threshold;
	int64_t threshold_ppm; /* parts per million */
	int64_t incidence_ppm; /* rounded; -1 when there are no people */
	int meets;	       /* 1 meets, 0 does not, -1 cannot be assessed */
	char *reason;	       /* meets -1: why, as a sentence; else NULL */
};

struct lk_assess {
	char region[LK_REGION_CODE_MAX]; /* the effective prefix */
	int year;
	char date[11];	      /* the reference date */
	long long households; /* assessed */
	long long by_verdict[LK_VERDICT_N];
	long long not_assessed; /* removed, dissolved on D */
	struct lk_assess_area *villages, *counties;
	size_t nvillages, ncounties;
};

struct lk_assess_opts {
	const char *region; /* code prefix within the scope; NULL = scope */
	int year;	    /* 1949..2100 */
	int64_t household;  /* > 0: only this household is reported (its
			       village is assessed for the incidence) */
	int explain;	    /* a sentence for every criterion */
};

/* Runs the assessment: fn (may be NULL) is called for each assessed
 * household in the order of village code and household number; its
 * non-zero return stops the run and is returned.  On success *out (may
 * be NULL) gets the summary and the areas, to be freed with
 * lk_assess_free.  With o->household set, the region is that household's
 * village (o->region is ignored) and LK_ENOTFOUND / LK_EPERM come for an
 * unknown household or one outside the scope.  LK_EINVAL for a bad year
 * or region; LK_EPERM for a region when ctx->cadre is set (a helper's
 * account reaches only its own households).  Missing policy values are
 * not errors (see above). */
int lk_assess(struct lk_ctx *ctx, const struct lk_assess_opts *o,
	      int (*fn)(void *arg, const struct lk_assess_hh *h), void *arg,
	      struct lk_assess **out);
void lk_assess_free(struct lk_assess *a); /* accepts NULL */

#endif
