/*
 * procedure.h - the procedures that change a household's status
 * (domain.md section 6): identification, exit, monitoring identification,
 * risk elimination, return to poverty and removal of a wrongly registered
 * household.  Each is a state machine over a fixed list of steps.
 *
 * Invariants.
 *  - A household's status, monitoring and risk elimination change only
 *    when a procedure finishes with its last step approved (a status_event
 *    with source "procedure" and ref = the procedure id, and the status
 *    fields updated through lk_household_put so the audit trail holds the
 *    change), or by an administrator's override (lk_status_override:
 *    source "override", the reason in the event's note).
 *  - Steps are taken in order, each exactly once, each with a date, an
 *    actor, an outcome and notes; a step row is never changed or
 *    deleted.  A date is never after today (core/date.h: CST, LIKA_NOW)
 *    nor before the previous step.
 *  - A household has at most one open procedure of each kind.
 *  - A notice step is taken by posting a notice (notice.h) and completed
 *    by closing it, which is possible only after its last day; the step
 *    after a notice therefore cannot be taken before the notice period
 *    has passed.  An open objection suspends the procedures it concerns:
 *    no step is taken until it is resolved.
 *  - Every write runs in one transaction (a savepoint inside the
 *    caller's), appends audit records in it and leaves the ledger as it
 *    was on failure.  Steps, notices and objections dated in a locked year
 *    (lock.h) are refused, and so is a status change that would alter a
 *    locked year's statuses.
 *
 * Steps per kind (type: R record, D decision approved/rejected,
 * A democratic appraisal, N public notice; * = last step, which applies
 * the change when approved):
 *
 *   identification  application R, appraisal A, notice1 N, town_review D,
 *                   notice2 N, county_approval D, announcement R,
 *                   pairing R, plan R, entry R*          -> status poor
 *   exit            appraisal A, verification D, consent D, notice N,
 *                   announcement D*                      -> status lifted
 *   monitoring      lead R, consent D, appraisal A, notice N,
 *                   town_review D, county_decision D*    -> monitored
 *   elimination     check D, appraisal A, notice N, town_review D,
 *                   county_decision D*                   -> risk eliminated
 *   return          report R, appraisal A, notice N, town_review D,
 *                   county_approval D*                   -> status returned
 *   removal         check D, appraisal A, notice N, town_review D,
 *                   county_approval D*                   -> status removed
 *
 * A rejected decision or appraisal ends the procedure (outcome
 * "rejected"); so does an objection that is upheld.
 *
 * Who may start what (status and monitoring on the start date, from the
 * status history, registry/status.h; checked again at the last step):
 * identification an ordinary household; exit a poor or returned one;
 * monitoring a lifted or ordinary household not monitored (category
 * unstable needs lifted, marginal needs ordinary); elimination a
 * monitored household; return a lifted one; removal a poor, returned or
 * lifted one.  A status change is refused when the household has a later
 * status event of the same kind.
 *
 * Appraisal.  members (the villagers' representatives) > 0, attending
 * 0..members, votes for and against adding up to at most attending.  No
 * decision without the quorum: attending / members >= appraisal_quorum
 * (policy, "2/3"), compared exactly.  The outcome is approved when more
 * than half of those attending vote for.
 *
 * Exit.  The last step approved runs the assessment (policy/assess.h) of
 * the household for the procedure's year: unless it says "meets", the
 * approval needs an override reason, which is recorded with the verdict.
 * Elimination.  The last step approved needs the household monitored for
 * at least elimination_min_months (policy) or an override reason, and is
 * refused outright when no current member has ordinary, skilled or weak
 * labour (the household stays under social-security cover).
 * Monitoring identification should take at most monitoring_max_days
 * (policy, 15) from start to decision: past that lk_proc_get() gives a
 * warning (it is never refused).
 *
 * Policy values (policy/policy.h) are looked up for the household's
 * village and the year of the date concerned; a missing value is an
 * error naming it, never a default.
 *
 * Errors: LK_EINVAL bad input (dates, numbers, unknown step or outcome),
 * LK_ENOTFOUND unknown procedure or household, LK_EPERM outside the scope
 * or not an administrator, LK_ECONFLICT a forbidden transition (wrong
 * step, finished or suspended procedure, notice running, quorum missed,
 * criteria not met without override, locked year).  ctx->err names what
 * failed and, for transitions, what would be allowed.
 */
#ifndef LK_PROCEDURE_H
#define LK_PROCEDURE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/ctx.h"

enum lk_proc_kind {
	LK_PROC_IDENTIFICATION,
	LK_PROC_EXIT,
	LK_PROC_MONITORING,
	LK_PROC_ELIMINATION,
	LK_PROC_RETURN,
	LK_PROC_REMOVAL,
	LK_PROC_KIND_N
};

enum lk_step_type {
	LK_STEP_RECORD,	   /* outcome "done" */
	LK_STEP_DECISION,  /* outcome "approved" or "rejected" */
	LK_STEP_APPRAISAL, /* attendance and votes; outcome derived */
	LK_STEP_NOTICE	   /* posted and closed through notice.h */
};

struct lk_step_def {
	const char *id;	  /* "appraisal" */
	const char *text; /* English, untranslated: _(text) at use */
	enum lk_step_type type;
};

/* "identification", "exit", "monitoring", "elimination", "return",
 * "removal" (also the suffix of the policy kinds notice_days.<kind>). */
const char *lk_proc_kind_id(enum lk_proc_kind k);
/* Translated name ("exit from poverty"). */
const char *lk_proc_kind_text(enum lk_proc_kind k);
/* Parses a kind id; 0 or LK_EINVAL.  Cannot fail otherwise. */
/* The translated label of a procedure state: a step id of kind k, or
 * an end (done, rejected, cancelled); the state itself if unknown. */
const char *lk_proc_state_label(enum lk_proc_kind k, const char *state);
int lk_proc_kind_parse(const char *s, enum lk_proc_kind *out);
/* The steps of kind k in order (static table); *n gets their number. */
const struct lk_step_def *lk_proc_steps(enum lk_proc_kind k, size_t *n);
/* The step of kind k with this id, or NULL. */
const struct lk_step_def *lk_proc_step_def(enum lk_proc_kind k, const char *id);

struct lk_proc_new {
	const char *household_no;
	enum lk_proc_kind kind;
	int year;		/* 0 = the year of date */
	const char *date;	/* start date; NULL = today */
	const char *category;	/* monitoring: category code or label */
	const char *risk_types; /* monitoring: codes or labels, ',' or ';' */
	const char *notes;	/* kept in the audit record */
	int record_only;	/* history recorded afterwards (see
				   lk_proc_demo_histories): the last step
				   writes the status event but leaves the
				   household's fields as they are */
};

/* Opens a procedure at its first step; *id gets its id. */
int lk_proc_start(struct lk_ctx *ctx, const struct lk_proc_new *p, int64_t *id);

struct lk_step_in {
	const char *step;    /* the step expected next; NULL = whichever */
	const char *date;    /* NULL = today */
	const char *actor;   /* who took it; NULL = ctx->user */
	const char *outcome; /* decision: approved / rejected (also 通过 /
				不通过); appraisal: optional, checked
				against the votes; record: NULL or done */
	const char *notes;
	/* appraisal: -1 = not given (then an error) */
	int members, attending, votes_for, votes_against;
	const char *override_reason; /* exit / elimination approval */
};

/* Sets the appraisal counts to -1 and everything else to NULL. */
void lk_step_in_init(struct lk_step_in *in);

/* Takes the next step of procedure id (rules above). */
int lk_proc_step(struct lk_ctx *ctx, int64_t id, const struct lk_step_in *in);

/* Ends an open procedure as cancelled (the household withdrew, or it was
 * opened by mistake); reason required. */
int lk_proc_cancel(struct lk_ctx *ctx, int64_t id, const char *date,
		   const char *reason);

/* ---- reading ----------------------------------------------------- */

struct lk_proc_step_rec {
	int seq;
	const char *step, *date, *actor, *outcome, *notes;
	int members, attending, votes_for, votes_against; /* -1 if none */
	int64_t notice_id, objection_id;		  /* 0 if none */
	const char *assessment, *override_reason;
	const char *recorded_by, *recorded_at;
};

struct lk_proc_objection {
	int64_t id, notice_id;
	int whole_notice; /* about the whole notice, not one household */
	const char *received_on, *objector, *text, *state;
	const char *resolved_on, *resolved_by, *reasons;
};

struct lk_proc {
	int64_t id, household_id;
	const char *household_no, *head_name, *village_code, *village_name;
	enum lk_proc_kind kind;
	int year;
	const char *state;   /* next step id, or done / rejected / cancelled */
	const char *outcome; /* NULL while open */
	const char *started_on, *finished_on;
	const char *category, *risk_types;
	int suspended, record_only;
	int64_t notice_id; /* the notice it waits for, or 0 */
	const char *created_by;
	/* Derived by lk_proc_get (NULL / 0 in lists unless said): */
	int days;	     /* days from the start to the decision or to
				today (every kind; also in lists) */
	const char *warning; /* monitoring past monitoring_max_days (also
				in lists), or NULL */
	const char *waiting; /* open: what the next step waits for, or NULL */
	struct lk_proc_step_rec *steps;
	size_t nsteps;
	struct lk_proc_objection *objections;
	size_t nobjections;
};

/* Reads procedure id with its steps and objections (strings in a).
 * LK_ENOTFOUND, LK_EPERM (outside the scope: reported as not found). */
int lk_proc_get(struct lk_ctx *ctx, int64_t id, struct lk_arena *a,
		struct lk_proc *out);

struct lk_proc_filter {
	const char *region;	  /* code prefix within the scope */
	const char *household_no; /* NULL = any */
	int kind;		  /* an lk_proc_kind, or -1 = any */
	const char *state;	  /* NULL any; "open", "finished", or a
				     step id / done / rejected / cancelled */
	int limit;		  /* 0 = all */
};

/* Calls fn for each matching procedure (no steps or objections), by
 * id; values valid during the call.  fn's non-zero return stops the
 * walk and is returned. */
int lk_proc_list(struct lk_ctx *ctx, const struct lk_proc_filter *f,
		 int (*fn)(void *arg, const struct lk_proc *p), void *arg);

/* ---- status history with its procedures ------------------------- */

struct lk_proc_event {
	const char *date, *kind, *value, *source, *note;
	int64_t procedure_id;	    /* source procedure: its id, else 0 */
	const char *procedure_kind; /* its kind id, or NULL */
	int procedure_year;	    /* its year, or 0 */
};

/* Calls fn for each status event of a household (date order, as
 * lk_status_events) with the procedure behind it. */
int lk_proc_status_history(struct lk_ctx *ctx, int64_t household_id,
			   int (*fn)(void *arg, const struct lk_proc_event *e),
			   void *arg);

/* ---- override ---------------------------------------------------- */

struct lk_override {
	const char *household_no;
	const char *kind;   /* "status", "monitoring" or "risk_eliminated" */
	const char *value;  /* status: hh_status code or label; monitoring:
			       category code or label; risk_eliminated:
			       NULL */
	const char *date;   /* NULL = today */
	const char *reason; /* required */
};

/* An administrator's change of status outside any procedure: allowed to
 * a user whose scope covers the household's whole county (scope of at
 * most 6 digits); the event carries source "override" and the reason,
 * the household's fields are updated and the override audited. */
int lk_status_override(struct lk_ctx *ctx, const struct lk_override *o);

/* ---- demo histories ---------------------------------------------- */

struct lk_proc_demo_summary {
	int procedures, steps, notices;
	int identified, lifted, returned, removed, monitored, eliminated;
};

/*
 * Gives the imported households under region (a village or larger) real
 * procedure histories, for the demo ledger (issue 4, item 7).  For each
 * household, in household-number order:
 *  - identified_year Y: an identification walked through Y (application
 *    in April, appraisal, two notices, town review, county approval,
 *    announcement, pairing, plan, entry in July);
 *  - lifted_year Y: an exit walked through November of Y (appraisal,
 *    verification, consent, a 7-day notice, announcement on Y-11-30);
 * both record-only (the imported fields stay; the imported "poor" and
 * "lifted" status events are replaced by the procedures' events), with
 * one notice per village, kind, step and year listing its households.
 * Then, so that every kind appears, live procedures that change the
 * fields: the first household lifted in 2016 returns to poverty in 2019;
 * the first household still poor that was identified in 2015 (else the
 * last poor one) is removed as wrongly registered in 2017; from 2020 the
 * two lowest-numbered lifted households and the first ordinary one are
 * identified for monitoring, and the first of them has its risk
 * eliminated in 2021.  Dates vary with seed.  Everything happens in
 * one transaction; a household that already has a procedure is left
 * alone, so a second run changes nothing.  All dates must lie before
 * today (LIKA_NOW).  *sum (may be NULL) gets the counts.
 */
int lk_proc_demo_histories(struct lk_ctx *ctx, const char *region,
			   uint64_t seed, struct lk_proc_demo_summary *sum);

#endif
