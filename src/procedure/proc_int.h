/*
 * proc_int.h - private pieces shared by the procedure module's files
 * (procedure.c, proc_read.c, notice.c, lock.c, history.c).  Not for other
 * modules.
 *
 * Tables: schema/0004_procedures.sql.  procedure.state is the id of the
 * next step while the procedure is open (finished_on NULL), else "done"
 * (outcome approved), "rejected" or "cancelled".  procedure.notice_id is
 * set while a posted notice of its current (notice) step is not closed.
 * procedure.suspended is 1 while an objection concerning it is open.
 * procedure_step rows are numbered per procedure (seq from 1) and never
 * change.
 */
#ifndef LK_PROC_INT_H
#define LK_PROC_INT_H

#include <stdint.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "procedure/procedure.h"

struct db_stmt;

/* A procedure row, as the writers need it. */
struct lk__proc {
	int64_t id, household_id, notice_id;
	char no[128], village[16], county[8];
	enum lk_proc_kind kind;
	int year;
	char state[24], outcome[16];
	char started_on[11], finished_on[11], last_date[11];
	char category[24], risk_types[160];
	int finished, suspended, record_only, nsteps;
};

/* A step row to record. */
struct lk__step {
	const char *step, *date, *actor, *outcome, *notes;
	int members, attending, votes_for, votes_against; /* -1 = none */
	int64_t notice_id, objection_id;		  /* 0 = none */
	const char *assessment, *override_reason;
};

/* Why procedure p cannot take a step on date (into ctx->err), or 0. */
int lk__proc_blocked(struct lk_ctx *ctx, const struct lk__proc *p,
		     const char *date);
/* A copy of s in a (NULL for NULL). */
char *lk__adup(struct lk_arena *a, const char *s);
/* The columns of an objection row (o) that lk__objection_read takes. */
#define LK__OBJECTION_COLS                                                     \
	"o.id, o.notice_id, o.procedure_id IS NULL, o.received_on, "          \
	"o.objector, o.text, o.state, o.resolved_on, o.resolved_by, "         \
	"o.reasons"
/* Reads the LK__OBJECTION_COLS of st's row into *o (strings in a). */
void lk__objection_read(struct db_stmt *st, struct lk_arena *a,
			struct lk_proc_objection *o);
/* Prepares q (one row by its id, parameter 1), steps it to the row and
 * checks that the village code in column scope_col lies in the scope:
 * 0 with *out on the row (read it, then db_done() it), or LK_ENOTFOUND
 * with the message missing (a format taking the id as %lld) when there
 * is no such row or it lies outside the scope. */
int lk__row_by_id(struct lk_ctx *ctx, const char *q, int64_t id, int scope_col,
		  const char *missing, struct db_stmt **out);

/* Loads procedure id (scope checked: outside it is LK_ENOTFOUND). */
int lk__proc_load(struct lk_ctx *ctx, int64_t id, struct lk__proc *p);

/* Appends step s to p, then writes p's state, outcome, finished_on,
 * notice_id and suspended to its row, and audits both ("step",
 * "procedure", id).  Inside the caller's transaction.  s->members etc.
 * must be -1 and the ids 0 when unused. */
int lk__proc_record(struct lk_ctx *ctx, struct lk__proc *p,
		    const struct lk__step *s);

/* An empty step (counts -1, ids 0, strings NULL). */
void lk__step_init(struct lk__step *s);

/* Moves p past its current step: to the next step, or finishes it as
 * "done" / approved on date when the current step is the last.  Does
 * not write (lk__proc_record does). */
void lk__proc_advance(struct lk__proc *p, const char *date);
/* Ends p on date with outcome (rejected / cancelled); state = outcome. */
void lk__proc_end(struct lk__proc *p, const char *date, const char *outcome);

/* The canonical date of in ("YYYY-MM-DD"), today when in is NULL; a
 * date after today is LK_EINVAL. */
int lk__date_arg(struct lk_ctx *ctx, const char *in, char out[11]);
/* The year of a canonical date. */
int lk__year_of(const char *date);
/* out = date + days (canonical). */
void lk__date_add(const char *date, int days, char out[11]);

/* A policy value that must be a positive integer, for a village and
 * year (LK_ENOTFOUND / LK_EINVAL with the policy kind named). */
int lk__policy_pos(struct lk_ctx *ctx, const char *kind, const char *village,
		   int year, int64_t *out);

/* JSON helpers: ,"key":value (the comma unless first). */
int lk__jstr(struct lk_buf *b, int *first, const char *key, const char *v);
int lk__jint(struct lk_buf *b, int *first, const char *key, int64_t v);

/* The exit assessment (policy/assess.h) of household hid for year: the
 * verdict id ("meets", "fails", "unknown" ...) into *id and its reasons,
 * "; "-joined, appended to why. */
int lk__exit_verdict(struct lk_ctx *ctx, int64_t hid, int year, const char **id,
		     struct lk_buf *why);

/* The county code of a village code (first 6 characters). */
void lk__county_of(const char *village, char out[8]);

#endif
