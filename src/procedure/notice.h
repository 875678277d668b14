/*
 * notice.h - public notices (公示) of procedures, and objections to them.
 *
 * A notice lists the households of one village whose procedures of one
 * kind wait at the same notice step (procedure.h).  Posting it records
 * the step as "posted" in each procedure; it runs for notice_days.<kind>
 * days (policy, for the village and the year of the start date): a
 * notice of N days starting on day S ends at the end of day S + N - 1,
 * China Standard Time.  Closing it, on a date after that last day and
 * with no objection open, records the step as "passed" and moves each
 * procedure on to its next step.
 *
 * Objections.  Anyone may object during the notice period (from the
 * start date to the last day, and not after today), about one household
 * or about the whole notice.  An open objection suspends the procedures
 * it concerns (no step is taken, the notice cannot be closed) until it
 * is resolved: upheld (the procedure ends, outcome rejected) or
 * dismissed (it goes on once no other objection concerning it is open),
 * with reasons.  Objections and their resolutions are also recorded as
 * steps "objection" of the procedures concerned.
 *
 * Privacy.  A printed notice shows the village, the kind and step, the
 * period and how to object, and per household the head's name, the
 * villager group, the number of people, the reason (the democratic
 * appraisal's date and result, and for monitoring the category) and the
 * decision sought.  It never shows ID numbers, phone numbers, bank
 * accounts, health details or causes of poverty (which name illness and
 * disability), nor who objected.
 *
 * Every write runs in one transaction, is audited, is refused for dates
 * in a locked year (lock.h) and leaves the ledger unchanged on failure.
 * Errors as in procedure.h.
 */
#ifndef LK_NOTICE_H
#define LK_NOTICE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/ctx.h"
#include "procedure/procedure.h"

struct lk_notice_new {
	const char *village; /* 12-digit village code */
	enum lk_proc_kind kind;
	/* the notice step; NULL: the one the waiting procedures are at
	 * (an error if they wait at two, e.g. notice1 and notice2) */
	const char *step;
	const char *const *households; /* household numbers; NULL = all */
	size_t nhouseholds;
	const char *start;   /* NULL = today; not after today */
	const char *actor;   /* who posts it; NULL = ctx->user */
	const char *contact; /* where to object, printed; may be NULL */
};

/* Posts a notice for the procedures of n->kind in n->village that wait
 * at the notice step (all, or those of the households named: each must
 * have one).  *id gets the notice id.  LK_ECONFLICT when none waits. */
int lk_notice_create(struct lk_ctx *ctx, const struct lk_notice_new *n,
		     int64_t *id);

/* Records an objection received on date (NULL = today) against the
 * procedure of household_no on notice id, or against the whole notice
 * (household_no NULL).  objector may be NULL (anonymous); text is
 * required.  *objection_id (may be NULL) gets its id. */
int lk_notice_object(struct lk_ctx *ctx, int64_t id, const char *household_no,
		     const char *date, const char *objector, const char *text,
		     int64_t *objection_id);

/* Resolves an open objection: upheld != 0 upholds it, 0 dismisses it;
 * reasons required; date NULL = today, not before it was received. */
int lk_notice_resolve(struct lk_ctx *ctx, int64_t objection_id, int upheld,
		      const char *reasons, const char *date);

/* Closes notice id on date (NULL = today), which must be after its last
 * day, with no objection open. */
int lk_notice_close(struct lk_ctx *ctx, int64_t id, const char *date);

struct lk_notice_item {
	int64_t procedure_id;
	const char *household_no, *head_name, *group; /* group may be NULL */
	int people;				      /* current members */
	const char *proc_state; /* the procedure's state now */
	const char *reason;	/* printed reason (translated) */
};

struct lk_notice {
	int64_t id;
	const char *village_code, *village_name, *town_name, *county_name;
	enum lk_proc_kind kind;
	const char *step; /* step id */
	int days;
	const char *start_date, *end_date, *state, *closed_on, *contact;
	const char *created_by, *created_at;
	int open_objections;
	struct lk_notice_item *items;
	size_t nitems;
	struct lk_proc_objection *objections; /* all, oldest first */
	size_t nobjections;
};

/* Reads notice id with its households and objections (strings in a). */
int lk_notice_get(struct lk_ctx *ctx, int64_t id, struct lk_arena *a,
		  struct lk_notice *out);

struct lk_notice_filter {
	const char *region; /* code prefix within the scope */
	int open_only;	    /* only notices not closed */
	int limit;	    /* 0 = all */
};

/* Calls fn for each matching notice, newest first (no items or
 * objections; nitems holds their number). */
int lk_notice_list(struct lk_ctx *ctx, const struct lk_notice_filter *f,
		   int (*fn)(void *arg, const struct lk_notice *n), void *arg);

enum lk_notice_format { LK_NOTICE_MD, LK_NOTICE_HTML };

/* Appends the text to post on the village board (Markdown or a complete
 * HTML page) in the thread's language.  Fails like lk_buf_add (the
 * buffer is then freed). */
int lk_notice_print(struct lk_ctx *ctx, int64_t id, enum lk_notice_format f,
		    struct lk_buf *out);

/* The decision a notice of kind asks for (translated). */
const char *lk_notice_decision(enum lk_proc_kind kind);

#endif
