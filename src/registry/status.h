/*
 * status.h - status history queries: what a household was on a date.
 *
 * The status_event table (schema/0001_registry.sql) holds dated changes
 * per household, written by the registry (household.h: source imported
 * or entered), by procedures and by overrides:
 *
 *   kind 'status'           value = an hh_status code (poor, lifted,
 *                           returned, ordinary, removed, dissolved)
 *   kind 'monitoring'       value = a monitoring_category code
 *   kind 'risk_eliminated'  value = the category whose risk ended
 *
 * Rules (the one definition every report uses):
 *
 *  - Status on date D: the value of the last 'status' event on or before
 *    D; among events of the same date the one entered last (highest row
 *    id) wins.  Before any event a household is 'ordinary'.
 *  - Monitoring on date D: the last 'monitoring' event on or before D
 *    gives the category and the date since when; the household is
 *    monitored on D unless a 'risk_eliminated' event follows that event
 *    (a later date, or the same date entered later) on or before D.  A
 *    later 'monitoring' event starts a new period.
 *  - People of a household on date D: its members whose member_status
 *    is 'current', or who died or moved out after D (status_date > D),
 *    and who were born on or before D (an unknown birth date counts).
 *    A member who left with no date recorded is taken to have left
 *    before D.
 *
 * Dates are ISO text "YYYY-MM-DD" (LK_EINVAL otherwise).  Region queries
 * take a region code prefix ("" or NULL = the whole scope) narrowed to
 * ctx->scope by lk_scope_range() (region.h: LK_EPERM when the two are
 * disjoint, LK_EINVAL when region is not a string of digits) and read an
 * index range of village codes (village_code >= prefix AND < prefix with
 * its last digit + 1, bound as parameters), never a scan of the whole
 * ledger.  Single-household queries check the scope
 * of the household's village.  Every function only reads; each returns
 * 0 or a negative LK_E* code with ctx->err set, and leaves its
 * out-parameters untouched on failure unless said otherwise.
 */
#ifndef LK_STATUS_H
#define LK_STATUS_H

#include <stdint.h>

#include "core/ctx.h"
#include "registry/region.h"

#define LK_STATUS_N 6	      /* status codes, in lk_status_codes order */
#define LK_STATUS_CODE_MAX 16 /* longest code + NUL */

/* Index of a status code in lk_status_codes (household.h: poor, lifted,
 * returned, ordinary, removed, dissolved), or -1.  Cannot fail. */
int lk_status_index(const char *code);

/* Status of household_id on date into out (a code of hh_status, or
 * whatever an event recorded).  *since (may be NULL) gets the date of
 * the deciding event, or "" when there is none.  LK_ENOTFOUND for an
 * unknown household, LK_EPERM outside the scope. */
int lk_status_on(struct lk_ctx *ctx, int64_t household_id, const char *date,
		 char out[LK_STATUS_CODE_MAX], char since[11]);

struct lk_monitoring {
	int monitored;			   /* 1 if monitored on the date */
	char category[LK_STATUS_CODE_MAX]; /* of the last monitoring event
					     on or before the date, or "" */
	char since[11];			   /* its date, or "" */
	char eliminated_on[11];		   /* risk eliminated on (after since,
					      on or before the date), or "" */
};

/* Monitoring state of household_id on date (rules above).  A household
 * never monitored gets monitored 0 and empty strings. */
int lk_monitoring_on(struct lk_ctx *ctx, int64_t household_id, const char *date,
		     struct lk_monitoring *out);

/* One household of lk_status_households; strings are borrowed for the
 * duration of the callback. */
struct lk_status_hh {
	int64_t id;
	const char *no, *village_code;
	const char *status; /* the status on the date */
	const char *since;  /* date of the deciding event, or NULL */
};

/* Calls fn for each household under region whose status on date is
 * status (a code of hh_status; LK_EINVAL for anything else), in the
 * order of village code and household number.  A non-zero return of fn
 * stops the walk and is returned. */
int lk_status_households(struct lk_ctx *ctx, const char *region,
			 const char *status, const char *date,
			 int (*fn)(void *arg, const struct lk_status_hh *h),
			 void *arg);

/* Households and people by status on a date.  Index i counts status
 * lk_status_codes[i]; "other" counts events carrying a value outside
 * the list (kept so totals add up). */
struct lk_status_counts {
	char region[LK_REGION_CODE_MAX]; /* the group's code prefix */
	long long households[LK_STATUS_N], people[LK_STATUS_N];
	long long other_households, other_people;
	long long total_households, total_people;
};

/* Counts for the whole of region (within the scope) on date; out is
 * zeroed first and its region set to the effective prefix. */
int lk_status_counts(struct lk_ctx *ctx, const char *region, const char *date,
		     struct lk_status_counts *out);

/* The same, grouped by the first group_len digits of the village code
 * (6 = by county, 9 = by town, 12 = by village; at least the length of
 * the effective prefix and at most 12): fn is called once per group
 * with households, in code order.  One query over the range. */
int lk_status_counts_each(
    struct lk_ctx *ctx, const char *region, const char *date, int group_len,
    int (*fn)(void *arg, const struct lk_status_counts *c), void *arg);

/*
 * SQL building blocks for the service modules that aggregate over the
 * ledger (assessment, indicators): expressions of a household row H
 * (alias given as text) on the date bound at parameter D (text such as
 * "?3").  Both read status_event through its (household_id, on_date)
 * index, one index seek per household.
 *
 * LK_SQL_STATUS_ON: on_date || value of the deciding status event (10
 * characters of date, then the code), or NULL before any event.
 * LK_SQL_MONITORED_ON: on_date || category of the monitoring period in
 * force on D, or NULL when not monitored on D.
 * LK_SQL_PEOPLE_ON: the number of people of H on D (rules above);
 * LK_SQL_PERSON_ON: the condition that member row M is one of them.
 */
#define LK_SQL_STATUS_ON(H, D)                                                 \
	"(SELECT se.on_date || coalesce(se.value, '') FROM status_event se "   \
	"WHERE se.household_id = " H ".id AND se.on_date <= " D " AND "        \
	"se.kind = 'status' ORDER BY se.on_date DESC, se.id DESC LIMIT 1)"
#define LK_SQL_MONITORED_ON(H, D)                                              \
	"(SELECT CASE WHEN EXISTS (SELECT 1 FROM status_event sr WHERE "       \
	"sr.household_id = sm.household_id AND sr.kind = 'risk_eliminated' "   \
	"AND sr.on_date <= " D " AND (sr.on_date > sm.on_date OR (sr.on_date " \
	"= sm.on_date AND sr.id > sm.id))) THEN NULL ELSE sm.on_date || "      \
	"coalesce(sm.value, '') END FROM status_event sm WHERE "               \
	"sm.household_id = " H ".id AND sm.on_date <= " D " AND sm.kind = "    \
	"'monitoring' ORDER BY sm.on_date DESC, sm.id DESC LIMIT 1)"
#define LK_SQL_PERSON_ON(M, D)                                                 \
	"((" M ".member_status = 'current' OR " M ".status_date > " D ") "     \
	"AND (" M ".birth IS NULL OR " M ".birth <= " D "))"
#define LK_SQL_PEOPLE_ON(H, D)                                                 \
	"(SELECT count(*) FROM member mp WHERE mp.household_id = " H ".id "    \
	"AND " LK_SQL_PERSON_ON("mp", D) ")"

#endif
