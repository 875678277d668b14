/*
 * work.h - the work done for households (issue 5): helper cadres and
 * their pairing with households, visits (民情日记), assistance measures,
 * funds, disbursements and projects.
 *
 * One framework serves every record kind.  A kind (struct lk_wkind) is a
 * field table (registry/fields.h) plus its SQL table; the same table-
 * driven code creates, edits, reads, lists, prints as JSON and imports
 * CSV for all of them, so a field is described once.
 *
 * Invariants kept by the framework:
 *  - every record has a region (column region_code) and its county
 *    (county_code).  The region is the household's village when the kind
 *    names a household (a field flagged LK_WF_HH, the household number);
 *    else the value of the field flagged LK_WF_REGION; else the region of
 *    the first record it references (a field flagged LK_WF_REF, e.g. a
 *    disbursement without a household takes its fund's region);
 *  - every read, write and list is limited to ctx->scope: a record whose
 *    region lies outside the scope is neither shown nor changed
 *    (LK_ENOTFOUND for a single record, as if it did not exist; absent
 *    from lists);
 *  - with ctx->cadre set (a helper's account, core/ctx.h) only the
 *    records of households paired with that cadre today are reached
 *    (others: LK_ENOTFOUND / absent from lists); records of kinds
 *    without a household, or without one given, are out of reach
 *    (writing one: LK_EPERM);
 *  - with ctx->mask, lk_work_json masks the sensitive fields (ID
 *    numbers, phones, bank accounts) as registry/rec.h lk_json_masked;
 *  - a reference (LK_WF_REF field "<kind>_id") names an existing record
 *    of that kind inside the scope (LK_EINVAL otherwise);
 *  - every write runs in a transaction (a savepoint inside the caller's),
 *    appends an audit record (entity = kind name, entity id = row id,
 *    before/after JSON) in it and leaves the ledger unchanged on failure;
 *  - kind rules run inside the same transaction: a disbursement never
 *    takes a fund below zero (LK_ECONFLICT "fund N has X yuan left").
 *
 * Values are canonical text (fields.h).  Coded fields draw on the shared
 * code lists (registry/codes.h) or on the work lists below, whose names
 * start with "work." and which are built in (lk_codes_load_tsv replaces
 * the whole code_list table, so they are not kept there).
 */
#ifndef LK_WORK_H
#define LK_WORK_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/ctx.h"
#include "core/i18n.h"
#include "io/csv.h"
#include "registry/rec.h"

/* Field flags of the work tables, beside those of fields.h. */
enum {
	LK_WF_HH = 0x100,     /* household number -> household_id (NOCOL) */
	LK_WF_REGION = 0x200, /* the record's region (column region_code) */
	LK_WF_REF = 0x400,    /* row id of a record of kind "<key minus _id>" */
	LK_WF_MEMBER = 0x800  /* ID number of a member of the household */
};

struct lk_wkind;
struct lk_wput; /* what a kind rule sees (work_int.h) */

struct lk_wkind {
	const char *name; /* entity, CLI and JSON name: "visit" */
	const char *sql;  /* SQL table */
	const char *zh;   /* Chinese name */
	const struct lk_table *t;
	const char *order; /* ORDER BY of lists */
	/* Kind rule, inside the write's transaction (may be NULL). */
	int (*check)(struct lk_ctx *ctx, const struct lk_wput *p);
};

extern const struct lk_wkind lk_wk_cadre, lk_wk_pairing, lk_wk_visit,
	lk_wk_measure, lk_wk_fund, lk_wk_disbursement, lk_wk_project,
	lk_wk_team_member, lk_wk_attendance, lk_wk_party_branch,
	lk_wk_party_member, lk_wk_party_activity, lk_wk_party_points,
	lk_wk_training, lk_wk_trainee, lk_wk_employment,
	lk_wk_village_profile, lk_wk_village_item, lk_wk_note;
/* All kinds, NULL-terminated. */
extern const struct lk_wkind *const lk_work_kinds[];
/* The kind with this name (or Chinese name), or NULL. */
const struct lk_wkind *lk_work_kind(const char *name);

/* ---- values -------------------------------------------------------- */

/* Like lk_field_parse() (out reset first, *isnull set), also for the
 * work code lists.  LK_EINVAL with p filled, LK_ENOMEM. */
int lk_work_parse(struct lk_ctx *ctx, const struct lk_field *f,
		  const char *input, struct lk_buf *out, int *isnull,
		  struct lk_problem *p);
/* Parses input for the field with this key or Chinese header and sets it
 * in r (copy in a).  LK_EINVAL (ctx->err names the field and the
 * problem; also for an unknown key), LK_ENOMEM. */
int lk_work_set(struct lk_ctx *ctx, struct lk_rec *r, struct lk_arena *a,
		const char *key, const char *input);
/* Appends the display form of canonical text (labels in lang). */
int lk_work_show(struct lk_ctx *ctx, const struct lk_field *f,
		 const char *canon, enum lk_lang lang, struct lk_buf *out);
/* Appends {"id":N,<fields>} with "<key>_label" members for coded fields
 * (codes and labels in lang).  LK_ENOMEM/LK_ETOOBIG. */
int lk_work_json(struct lk_ctx *ctx, int64_t id, const struct lk_rec *r,
		 enum lk_lang lang, struct lk_buf *out);

/* ---- records ------------------------------------------------------- */

/* Creates (id 0; *new_id set, may be NULL) or updates record id of kind
 * k from r.  On update, LK_KEEP values keep the stored ones.  Required
 * fields missing: LK_EINVAL naming the field (ctx->err.field).  flags:
 * LK_PUT_BULK (household.h) = the caller holds the transaction and rolls
 * it back on failure; no per-record audit. */
int lk_work_put(struct lk_ctx *ctx, const struct lk_wkind *k, int64_t id,
		const struct lk_rec *r, unsigned flags, int64_t *new_id);
/* Reads record id (values in a).  LK_ENOTFOUND (also outside the
 * scope). */
int lk_work_get(struct lk_ctx *ctx, const struct lk_wkind *k, int64_t id,
		struct lk_arena *a, struct lk_rec *r);
/* Deletes record id (audited).  LK_ECONFLICT when other records refer
 * to it. */
int lk_work_remove(struct lk_ctx *ctx, const struct lk_wkind *k, int64_t id);

struct lk_wfilter {
	const char *region;       /* code prefix within the scope */
	const char *household_no; /* kinds with a household */
	const char *key, *value;  /* one field equal to a canonical value */
	const char *active_on;    /* kinds with a period (from_date/to_date or
				     start_date/end_date): active that day */
	int limit;                /* 0 = all */
	int offset;
};
/* Calls fn for each record in scope matching flt, in the kind's order;
 * values valid during the call.  fn's non-zero return stops and is
 * returned. */
int lk_work_list(struct lk_ctx *ctx, const struct lk_wkind *k,
		 const struct lk_wfilter *flt,
		 int (*fn)(void *arg, int64_t id, const struct lk_rec *r),
		 void *arg);

/* ---- CSV import ---------------------------------------------------- */

/* One problem of an import (file, row with the header as row 1, column as
 * written in the file, value as given, rule, message). */
struct lk_wissue {
	const char *file;
	size_t row;
	const char *column, *value, *rule, *message;
};
struct lk_wimport_stats {
	size_t rows, created, updated, errors;
};
/* Imports path (CSV, header by English key or Chinese header; an "id"
 * column updates that record, otherwise each row creates one) in ONE
 * transaction: any error rejects the whole file and leaves the ledger as
 * it was.  Every problem goes to issue (may be NULL); reading goes on
 * after an error to report them all (at most 1000).  One audit record
 * ("import", kind, file name) is written.  0, LK_EINVAL (errors; ctx->err
 * summarises), or another code for I/O or internal failures.  dry_run
 * checks everything and rolls back. */
int lk_work_import(struct lk_ctx *ctx, const struct lk_wkind *k,
		   const char *path, enum csv_encoding enc, int dry_run,
		   void (*issue)(void *arg, const struct lk_wissue *is),
		   void *arg, struct lk_wimport_stats *st);

/* ---- helpers and pairing ------------------------------------------- */

/* Households a cadre is paired with on date (YYYY-MM-DD) and the quota
 * of policy helper_quota for the cadre's region and the date's year. */
int lk_cadre_load(struct lk_ctx *ctx, int64_t cadre_id, const char *date,
		  int64_t *households, int64_t *quota);
/* Registered households (status poor, lifted or returned) under region
 * with no current helper on date. */
int lk_work_unpaired(struct lk_ctx *ctx, const char *region, const char *date,
		     int (*fn)(void *arg, const char *household_no,
			       const char *village, const char *head_name),
		     void *arg);

/* ---- visits -------------------------------------------------------- */

/* A visit round: policy visit_rounds (region, year) lists the periods of
 * a year as MM-DD/MM-DD, comma separated; round n (1-based) is the n-th. */
struct lk_wround {
	int year, n, count;
	char from[11], to[11];
};
int lk_visit_round(struct lk_ctx *ctx, const char *region, int year, int n,
		   struct lk_wround *out);

enum lk_cov_by { LK_COV_VILLAGE, LK_COV_CADRE };
struct lk_wcov {
	const char *key;  /* village code or cadre id */
	const char *name; /* village or cadre name */
	int64_t households, visited;
};
/* Coverage of a round under region: registered households and those
 * visited in the round, per village or per cadre (the households paired
 * with the cadre at the end of the round, visited by anyone), and the
 * total (fn last called with key "" for the total, by village only). */
int lk_visit_coverage(struct lk_ctx *ctx, const char *region,
		      const struct lk_wround *rd, enum lk_cov_by by,
		      int (*fn)(void *arg, const struct lk_wcov *c),
		      void *arg);
/* Registered households under region not visited in the round. */
int lk_visit_missing(struct lk_ctx *ctx, const char *region,
		     const struct lk_wround *rd,
		     int (*fn)(void *arg, const char *household_no,
			       const char *village, const char *head_name),
		     void *arg);
/* Visits under region whose follow-up date is before as_of and after
 * which the household has had no visit. */
int lk_visit_overdue(struct lk_ctx *ctx, const char *region,
		     const char *as_of,
		     int (*fn)(void *arg, int64_t visit_id,
			       const char *household_no,
			       const char *visit_date,
			       const char *follow_up_date),
		     void *arg);

/* ---- funds --------------------------------------------------------- */

struct lk_wfund {
	int64_t id;
	const char *name, *source_level, *region;
	int64_t amount, disbursed, balance, count; /* fen; count of payments */
};
/* Balance and use of each fund under region (or of fund id when id > 0). */
int lk_fund_balance(struct lk_ctx *ctx, const char *region, int64_t id,
		    int (*fn)(void *arg, const struct lk_wfund *f), void *arg);

/* One line of the public disclosure list: no ID or bank data. */
struct lk_wdisclose {
	int64_t id;
	const char *fund, *source_level, *source_unit, *date, *recipient,
		*group, *purpose, *voucher_no;
	int64_t amount;
};
/* Disbursements under region paid in [from, to] (either may be NULL). */
int lk_fund_disclosure(struct lk_ctx *ctx, const char *region,
		       const char *from, const char *to,
		       int (*fn)(void *arg, const struct lk_wdisclose *d),
		       void *arg);

/* ---- resident team ------------------------------------------------- */

struct lk_wdays {
	int64_t id;
	const char *name, *role, *sent_level;
	int64_t present, leave, travel; /* days in the month */
};
/* Attendance of each team member under region stationed during month
 * ("YYYY-MM"): days present in the village, on leave, on official
 * travel. */
int lk_team_days(struct lk_ctx *ctx, const char *region, const char *month,
		 int (*fn)(void *arg, const struct lk_wdays *d), void *arg);

/* ---- party points -------------------------------------------------- */

struct lk_wstanding {
	int64_t id, branch_id;
	const char *name, *kind;
	int64_t base, points, total; /* total = base + points */
	int rank;                    /* 1 = highest total; ties share */
};
/* Standings of the party members under region for entries dated in
 * [from, to]: the base score of policy party_points_base (member's
 * region, the year of to) plus the sum of their entries, highest first. */
int lk_party_standings(struct lk_ctx *ctx, const char *region,
		       const char *from, const char *to,
		       int (*fn)(void *arg, const struct lk_wstanding *s),
		       void *arg);

/* ---- training and employment --------------------------------------- */

struct lk_wlabour {
	const char *household_no, *village, *head_name;
	int64_t members, laborers, employed; /* current members; laborers
						(ordinary, skilled, weak);
						with employment on date */
};
/* Laborers per household under region, derived from the registry, with
 * the members employed on date. */
int lk_work_laborers(struct lk_ctx *ctx, const char *region, const char *date,
		     int (*fn)(void *arg, const struct lk_wlabour *l),
		     void *arg);

/* ---- demo ---------------------------------------------------------- */

/* Adds the work of the demo ledger (issue 5) to village: a helper for
 * every registered household (at most 4 each), a visit in late 2017 and
 * the four rounds of 2018 with a few households missed, measures by the
 * households' attributes (dibao, relocation, housing, education, credit,
 * industry), a disaster-relief fund, a training fund of 10,000 yuan and
 * an industry fund with their disbursements, projects, a four-level
 * resident team with its 2018 attendance, the party branch with members,
 * activities and points, training and employment, the village profile
 * 2014-2018 and notes.  Deterministic; one transaction; one audit record.
 * A village that already has cadres is left as it is (0, *records 0).
 * *records (may be NULL) gets the number of records written. */
int lk_work_demo(struct lk_ctx *ctx, const char *village, int64_t *records);

/* An entry of the work code lists ("work.batch", "work.status" ...):
 * code, labels, other accepted labels ('|'-separated, may be NULL). */
struct lk_wcode {
	const char *list, *code, *zh, *en, *aliases;
};

/* Entries of a work code list, in order: the first and the count (NULL,
 * 0 when there is no such list).  Static. */
const struct lk_wcode *lk_work_code_list(const char *list, size_t *n);

#endif
