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
#include "registry/household.h"
#include "registry/region.h"

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

#endif
