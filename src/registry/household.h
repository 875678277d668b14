/*
 * household.h - households, members and incomes: the registry service.
 *
 * Every function takes a context (core/ctx.h) and checks the region scope
 * (registry/region.h); with ctx->cadre set (a helper's account) it reaches
 * only the households paired with that cadre (others are "not found",
 * and a helper cannot register new households).  Writes run in a transaction (a savepoint when the
 * caller already has one), append an audit record in it, and leave the
 * ledger unchanged on failure.  Records travel as struct lk_rec with
 * canonical values (registry/fields.h): parse user input with
 * lk_field_parse() first.
 *
 * Invariants kept by the service (and checked at the end of every write
 * that touches members, lk_household_validate):
 *  - a household has at least one current member, exactly one current
 *    member whose relation is the head (code 1), and head_id equals that
 *    member's ID number;
 *  - an ID number belongs to at most one current member in the ledger;
 *  - a member's sex, when given, agrees with the ID number; birth date and
 *    sex are derived from a valid ID number;
 *  - an income's net and per-capita values are derived (net = all items
 *    - production expenses; per-capita = net / current members), never
 *    stored from input.
 *
 * Status history.  The status fields of a household (status, years,
 * monitoring) written through this module become status_event rows with
 * source "imported" (import) or "entered" (CLI); later changes go through
 * procedures.
 */
#ifndef LK_HOUSEHOLD_H
#define LK_HOUSEHOLD_H

#include <stdint.h>

#include "core/arena.h"
#include "core/ctx.h"
#include "registry/rec.h"

enum lk_put_mode {
	LK_PUT_CREATE = 1, /* LK_ECONFLICT if the key exists */
	LK_PUT_UPDATE = 2, /* LK_ENOTFOUND if it does not */
	LK_PUT_UPSERT = 3
};

enum {
	LK_PUT_BULK = 1,     /* bulk import: the caller holds a transaction
				and rolls it back on any failure; no
				savepoint and no per-record audit on create */
	LK_PUT_IMPORTED = 2, /* status events marked "imported" */
	LK_PUT_NOCHECK = 4,  /* caller validates households itself */
	LK_PUT_NO_STATUS = 8, /* refuse changes of the status fields: after
				 registration a status changes only through
				 a procedure or an override (procedure.h) */
	LK_PUT_VALID = 16    /* every value of the record passed its field's
				validation (lk_field_parse, none kept as
				given): the ID number is not checked again */
};

/* What a put did. */
enum { LK_PUT_UNCHANGED = 0, LK_PUT_CREATED = 1, LK_PUT_UPDATED = 2 };

/* Frees what the registry keeps in a context (code lists, lookup
 * cache); the context stays usable.  Accepts a context with nothing. */
void lk_registry_release(struct lk_ctx *ctx);
/* Drops only the lookup cache (the code lists stay): the HTTP server
 * calls it after each request, since other connections may change the
 * ledger between requests. */
void lk_registry_forget(struct lk_ctx *ctx);

/* Starts a bulk session inside the caller's transaction: records the
 * highest household and member row ids, so that records created after
 * this call are known to be new (no history rows, no incomes) and the
 * puts skip the lookups for them, and keeps a lookup cache.
 * *household_base and *member_base get those ids (rows above them were
 * created in this session).  The caller must call lk_registry_bulk_end()
 * before it commits or rolls back, and make its writes with LK_PUT_BULK
 * in between.  The session pins the thread's clock (core/date.h): its
 * rows share one time stamp and one today. */
int lk_registry_bulk_begin(struct lk_ctx *ctx, int64_t *household_base,
			   int64_t *member_base);
/* Ends the bulk session (drops its cache).  Cannot fail. */
void lk_registry_bulk_end(struct lk_ctx *ctx);

/* Household: r has table lk_households (income fields ignored). */
int lk_household_put(struct lk_ctx *ctx, const struct lk_rec *r, int mode,
		     unsigned flags, int64_t *id, int *what);
/* Creates a household and its head (a member record whose relation is
 * the head) in one transaction: both or nothing. */
int lk_household_add(struct lk_ctx *ctx, const struct lk_rec *h,
		     const struct lk_rec *head);
/* Reads household no into r (values in a).  LK_ENOTFOUND, LK_EPERM. */
int lk_household_get(struct lk_ctx *ctx, const char *no, struct lk_arena *a,
		     struct lk_rec *r, int64_t *id);
/* Id and village of household no (scope checked). */
int lk_household_lookup(struct lk_ctx *ctx, const char *no, int64_t *id,
			char village[16]);

/* Checks the invariants above for one household: 0 or LK_EINVAL with
 * ctx->err naming the problem; *rule (may be NULL) gets its rule id. */
int lk_household_validate(struct lk_ctx *ctx, int64_t id, const char **rule);

/* Member: r has table lk_members; household_no names the household. */
int lk_member_put(struct lk_ctx *ctx, const struct lk_rec *r, int mode,
		  unsigned flags, int *what);
/* Same, also giving the member's and its household's row ids (either
 * pointer may be NULL). */
int lk_member_put_ex(struct lk_ctx *ctx, const struct lk_rec *r, int mode,
		     unsigned flags, int *what, int64_t *member_id,
		     int64_t *household_id);
int lk_member_get(struct lk_ctx *ctx, const char *id_number,
		  struct lk_arena *a, struct lk_rec *r);
/* Records a member's death or moving out (status deceased / moved, code
 * or label) on date; the record stays.  new_head (may be NULL) names the
 * current member who becomes head when the head leaves. */
int lk_member_remove(struct lk_ctx *ctx, const char *id_number,
		     const char *status, const char *date,
		     const char *new_head);
/* Calls fn for each member of a household (current first, then by
 * order); values valid during the call. */
int lk_members_each(struct lk_ctx *ctx, int64_t household_id,
		    int (*fn)(void *arg, const struct lk_rec *m), void *arg);

/* Income (table lk_incomes, keyed by household_no and income_year).
 * The household size is the given persons or else the number of current
 * members.  Stated net_income / per_capita, if given, must equal the
 * derived values within one yuan (LK_EINVAL otherwise). */
struct lk_income_sum {
	int year;
	int persons;
	int64_t gross, expense, net, per_capita; /* fen */
};
int lk_income_put(struct lk_ctx *ctx, const struct lk_rec *r, unsigned flags,
		  int *what, struct lk_income_sum *sum);
/* The net income of an income row I as SQL (the sum lk_income_derive
 * makes: every item, less expenses; fen), for the aggregating modules. */
#define LK_SQL_INCOME_NET(I)                                                   \
	"(coalesce(" I ".wage, 0) + coalesce(" I ".operating, 0) + "           \
	"coalesce(" I ".property, 0) + coalesce(" I ".family_planning, 0) + "  \
	"coalesce(" I ".dibao, 0) + coalesce(" I ".tekun, 0) + "               \
	"coalesce(" I ".pension, 0) + coalesce(" I ".eco_compensation, 0) + "  \
	"coalesce(" I ".other_transfer, 0) - coalesce(" I ".expense, 0))"
/* Calls fn for each income year of a household, oldest first. */
int lk_incomes_each(struct lk_ctx *ctx, int64_t household_id,
		    int (*fn)(void *arg, const struct lk_rec *r,
			      const struct lk_income_sum *s),
		    void *arg);
/* Derives the sums from a record and a household size, counting every
 * income item. */
void lk_income_derive(const struct lk_rec *r, int persons,
		      struct lk_income_sum *s);
/* Same, counting only the items named in items (a comma-separated list
 * of income keys, the policy value income_items); expenses always count.
 * LK_EINVAL if items names something that is not an income item. */
int lk_income_derive_items(const struct lk_rec *r, int persons,
			   const char *items, struct lk_income_sum *s);

/* Listing and search.  Filters are optional (NULL / 0 = any). */
struct lk_hh_filter {
	const char *region;  /* code prefix, within the scope */
	const char *status;  /* hh_status code */
	const char *query;   /* search: name substring, ID (full or part),
				household number, phone */
	const char *cause;     /* main_cause code */
	const char *attribute; /* attribute code */
	const char *group;     /* villager group name */
	long long helper;      /* cadre id: households paired with it */
	int limit;           /* 0 = no limit */
	int offset;
};
struct lk_hh_summary {
	int64_t id;
	const char *no, *village_code, *village_name, *group, *head_name,
		*head_id, *status, *attribute, *main_cause, *phone;
	int members;
	const char *matched; /* search: name of the member that matched */
};
int lk_household_list(struct lk_ctx *ctx, const struct lk_hh_filter *flt,
		      int (*fn)(void *arg, const struct lk_hh_summary *s),
		      void *arg);
/* Number of households lk_household_list would give without limit and
 * offset. */
int lk_household_count(struct lk_ctx *ctx, const struct lk_hh_filter *flt,
		       long long *n);

/* Status history: calls fn for each event (date, kind, value, source). */
int lk_status_events(struct lk_ctx *ctx, int64_t household_id,
		     int (*fn)(void *arg, const char *date, const char *kind,
			       const char *value, const char *source,
			       const char *note),
		     void *arg);


/* Totals of the households under a region (within the scope). */
#define LK_TOTALS_YEAR0 2010
#define LK_TOTALS_YEARS 21
struct lk_totals {
	long long households, people;   /* people: current members */
	long long registered;           /* identified at some time */
	long long by_status[6];         /* poor, lifted, returned, ordinary,
					   removed, dissolved */
	long long identified[LK_TOTALS_YEARS]; /* by identified_year */
	long long lifted[LK_TOTALS_YEARS];     /* by lifted_year */
	long long monitored;            /* with a monitoring category */
};
/* The status codes in by_status order. */
extern const char *const lk_status_codes[6];
int lk_registry_totals(struct lk_ctx *ctx, const char *region,
		       struct lk_totals *t);

#endif
