/*
 * view.h - the JSON bodies shared by the CLI's --json and the HTTP API.
 *
 * One function per body (docs/json.md, docs/api.md).  Each takes the
 * context (its scope, helper cadre and masking decide what is reached and
 * how it is written), the arguments of the operation, the language of the
 * *_label fields, and appends the body, without a trailing newline, to
 * out.  They return 0 or an LK_E* code with ctx->err set; on failure out
 * may hold part of a body (the caller discards it).  So the CLI and the
 * API cannot drift: both call these.
 *
 * Masking.  With ctx->mask, ID numbers, phones and bank accounts are
 * masked (registry/rec.h lk_json_masked) wherever a body shows them.
 * With ctx->audit_reads and not ctx->mask, every household body
 * (lk_view_household) appends an audit record "read" of the household.
 */
#ifndef LK_VIEW_H
#define LK_VIEW_H

#include "account/account.h"
#include "core/buf.h"
#include "core/ctx.h"
#include "core/i18n.h"
#include "io/interchange.h"
#include "registry/household.h"
#include "registry/region.h"
#include "procedure/notice.h"
#include "procedure/procedure.h"
#include "work/work.h"

enum {
	LK_VIEW_HISTORY_ONLY = 1, /* household: {"household_no","history"} */
	LK_VIEW_COUNT_ROWS = 2,	  /* list: count = rows written (the CLI);
				     else the total without limit/offset */
};

/* {"household": {...}, "members": [...], "incomes": [...],
 *  "history": [...]} or, with LK_VIEW_HISTORY_ONLY,
 * {"household_no": "...", "history": [...]}. */
int lk_view_household(struct lk_ctx *ctx, const char *no, enum lk_lang lang,
		      unsigned flags, struct lk_buf *out);
/* {"households": [...], "count": N} of a list or search.  *rows (may be
 * NULL) gets the number of rows written. */
int lk_view_households(struct lk_ctx *ctx, const struct lk_hh_filter *f,
		       enum lk_lang lang, unsigned flags, struct lk_buf *out,
		       int *rows);
/* {"household_no","year","persons","net_income","per_capita"} of an
 * income set. */
int lk_view_income(const char *no, const struct lk_income_sum *s,
		   struct lk_buf *out);
/* {"removed": "ID"} of a member removal. */
int lk_view_member_removed(const char *id_number, struct lk_buf *out);

/* An assessment (policy/assess.h): of a region (NULL = the scope) in a
 * year, or of one household (household set; year 0 = its latest income
 * year, else last year), with every criterion explained.  The body of
 * `lika assess --json` (docs/json.md).  flush (may be NULL) is called
 * with out whenever it holds 64 KiB or more, and must empty it (the CLI
 * streams a county's assessment); its non-zero return stops. */
struct lk_view_assess {
	const char *region;
	const char *household;
	int year;
};
#define LK_ASSESS_NOTES 3
/* The notes every assessment carries (N_ strings; translate with _()). */
extern const char *const lk_assess_notes[LK_ASSESS_NOTES];
int lk_view_assess(struct lk_ctx *ctx, const struct lk_view_assess *q,
		   enum lk_lang lang, struct lk_buf *out,
		   int (*flush)(void *arg, struct lk_buf *out), void *arg);

/* {"list": list, "codes": [{"code","label"}]}: the entries of a code
 * list of the registry (policy/codes.tsv) or of the work records
 * ("work." lists), labels in lang.  LK_ENOTFOUND for an unknown list. */
int lk_view_codes(struct lk_ctx *ctx, const char *list, enum lk_lang lang,
		  struct lk_buf *out);

/* {"code","name","level","parent","attribute"[,"attribute_label"]}. */
int lk_view_region(struct lk_ctx *ctx, const struct lk_region *r,
		   enum lk_lang lang, struct lk_buf *out);
/* {"regions": [...]} of the children of parent ("" = provinces). */
int lk_view_regions(struct lk_ctx *ctx, const char *parent,
		    enum lk_lang lang, struct lk_buf *out);

/* {"name","role","region","region_name","cadre","locale","disabled",
 *  "created_at"} of an account (region_name and cadre null when none). */
int lk_view_account(const struct lk_account *a, struct lk_buf *out);
/* {"users": [...], "count": N}: the accounts inside ctx->scope. */
int lk_view_accounts(struct lk_ctx *ctx, struct lk_buf *out);
/* {"user": {"name","role","region","region_name","locale"},
 *  "csrf": "..."}: the body of login and /api/me. */
int lk_view_me(const struct lk_account *a, const char *csrf,
	       struct lk_buf *out);

/* ---- policy work ----------------------------------------------------- */

/* A data-quality check (policy/check.h): the body of `lika check --json`
 * {"findings":[...],"summary":{...},"reference_date","year",
 *  "households","members","count","errors","warnings"}, or with
 * household set {"household_no","explain":[...],"findings":[...],...}.
 * ID numbers (and sensitive values) are masked unless show_ids.  flush
 * (may be NULL) is called whenever out holds 1 MiB or more and must
 * empty it.  *errors (may be NULL) gets the number of findings of
 * severity error.  LK_EINVAL from lk_check_run: bad region, rule or
 * household (before any finding). */
struct lk_view_check {
	const char *region, *rules, *household;
	int year;
	int show_ids;
};
int lk_view_check(struct lk_ctx *ctx, const struct lk_view_check *q,
		  struct lk_buf *out,
		  int (*flush)(void *arg, struct lk_buf *out), void *arg,
		  size_t *errors);

/* {"procedure": {..., "waiting", "steps": [...], "objections": [...]}}
 * of `lika procedure show --json` (also after start, step, cancel). */
int lk_view_procedure(struct lk_ctx *ctx, int64_t id, enum lk_lang lang,
		      struct lk_buf *out);
/* {"procedures": [...], "count": N}.  With LK_VIEW_COUNT_ROWS f->limit
 * applies and count is the rows written (the CLI); else rows
 * [offset, offset + limit) are written (limit 0 = all) and count is the
 * total. */
int lk_view_procedures(struct lk_ctx *ctx, const struct lk_proc_filter *f,
		       int limit, int offset, enum lk_lang lang,
		       unsigned flags, struct lk_buf *out);
/* {"notice": {..., "closes_at", "remaining_seconds", "items": [...],
 *  "objections": [...]}}: closes_at is the end of the last day (CST) as
 * "YYYY-MM-DDTHH:MM:SS+08:00", remaining_seconds the seconds left until
 * then (0 once passed or closed). */
int lk_view_notice(struct lk_ctx *ctx, int64_t id, struct lk_buf *out);
/* {"notices": [...], "count": N}; limit, offset and flags as
 * lk_view_procedures. */
int lk_view_notices(struct lk_ctx *ctx, const struct lk_notice_filter *f,
		    int limit, int offset, unsigned flags, struct lk_buf *out);
/* {"objection": N, "notice": N, "state": "..."} (notice_id 0: without
 * "notice"), after an objection or its resolution. */
int lk_view_objection(int64_t objection_id, int64_t notice_id,
		      const char *state, struct lk_buf *out);

/* ---- work records ------------------------------------------------------ */

enum {
	LK_VIEW_WORK_QUOTA = 4, /* pairing: "warning" when over the quota */
};
/* {"<kind>": {"id": N, <fields>}} of record id (with LK_VIEW_WORK_QUOTA
 * and kind pairing, "warning": {"rule","households","quota"} when the
 * cadre is over its quota).  LK_ENOTFOUND outside the reach. */
int lk_view_work(struct lk_ctx *ctx, const struct lk_wkind *k, int64_t id,
		 enum lk_lang lang, unsigned flags, struct lk_buf *out);
/* {"<table>": [...], "count": N}.  With LK_VIEW_COUNT_ROWS f's limit and
 * offset go to the service and count is the rows written (the CLI); else
 * the window is written and count is the total. */
int lk_view_works(struct lk_ctx *ctx, const struct lk_wkind *k,
		  const struct lk_wfilter *f, enum lk_lang lang,
		  unsigned flags, struct lk_buf *out);
/* {"<kind>": N, "removed": true}. */
int lk_view_work_removed(const struct lk_wkind *k, int64_t id,
			 struct lk_buf *out);
/* {"round": {"year","n","from","to"}, "by": "village"|"cadre",
 *  "coverage": [{"key","name","households","visited"}]}. */
int lk_view_visit_coverage(struct lk_ctx *ctx, const char *region,
			   const struct lk_wround *rd, enum lk_cov_by by,
			   struct lk_buf *out);
/* {"funds": [{"id","name","region_code","amount","disbursed","balance",
 *  "disbursements"}]} of every fund under region (or fund id > 0). */
int lk_view_fund_balance(struct lk_ctx *ctx, const char *region, int64_t id,
			 struct lk_buf *out);
/* ---- imports (view_io.c) -------------------------------------------- */

/* One problem of an import: {"severity","file","row","column","value",
 * "rule","message"}. */
int lk_view_import_issue(struct lk_buf *out, const struct lk_issue *is);
/* {"imported": bool, "dry_run": bool, "households": {"rows","created",
 * "updated","unchanged"}, "members": {...}, "incomes": {...}, "errors",
 * "warnings", "issues": [issues]} with issues the comma-separated
 * bodies of lk_view_import_issue (NULL = none). */
int lk_view_import(const struct lk_import_stats *st, int imported,
		   int dry_run, const char *issues, struct lk_buf *out);

#endif
