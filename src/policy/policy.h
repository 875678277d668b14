/*
 * policy.h - policy as data: lines, thresholds, periods and parameters by
 * region and year.
 *
 * Every number a rule or a procedure uses (poverty lines, monitoring
 * lines, exit incidence thresholds, notice periods, age bands, helper
 * quotas, the income items that count ...) is a policy value: a kind, a
 * region prefix ("" = national), a year (0 = every year) and a value.
 * No threshold is a literal in C code.
 *
 * Values come from policy/policy.tsv (embedded in the binary; `lika init`
 * and `lika policy load` read it, a directory can replace it) and from
 * users (`lika policy set`, audited with a reason).  A reload replaces
 * the file's values and keeps the users'.
 *
 * Lookup.  lk_policy_get(ctx, kind, region, year) returns the value of
 * the entry of that kind whose region is the longest prefix of region
 * and whose year is the given year, or, failing that, 0 (every year) at
 * the same prefix length; a longer prefix always wins over a more exact
 * year.  An entry set by a user wins over a file entry with the same
 * kind, region and year.  When nothing matches, LK_ENOTFOUND with a
 * message naming kind, region and year and the years the policy does
 * have: a missing year is an error, never a silent default.
 *
 * Values are text; typed getters parse them: integers, money (yuan ->
 * fen), ratios (a decimal or a percentage such as "2%", returned in
 * parts per million), lists (comma-separated).
 *
 * The file format (tab-separated, '#' comments, a header line):
 *   kind  region  year  value  unit  status  note
 * region "-" = national, year "*" = every year, status confirmed /
 * unconfirmed / local (shown by `lika policy show`).
 */
#ifndef LK_POLICY_H
#define LK_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"

#define LK_POLICY_VALUE_MAX 512

struct lk_policy_entry {
	const char *kind, *region, *value, *unit, *status, *note;
	int year;           /* 0 = every year */
	const char *source; /* "file" or "user" */
	const char *set_by, *set_at, *reason; /* users' entries */
};

/* Replaces the file entries with the TSV text (name in messages). */
int lk_policy_load_tsv(struct lk_ctx *ctx, const char *name, const char *text,
		       size_t len);
/* Loads the built-in policy/policy.tsv and policy/codes.tsv, or those of
 * dir when dir is not NULL. */
int lk_policy_load(struct lk_ctx *ctx, const char *dir);

/* The winning entry's value (copied to out, LK_POLICY_VALUE_MAX bytes). */
int lk_policy_get(struct lk_ctx *ctx, const char *kind, const char *region,
		  int year, char out[LK_POLICY_VALUE_MAX]);
int lk_policy_int(struct lk_ctx *ctx, const char *kind, const char *region,
		  int year, int64_t *out);
/* Yuan with up to 2 decimals -> fen. */
int lk_policy_money(struct lk_ctx *ctx, const char *kind, const char *region,
		    int year, int64_t *fen);
/* "0.02", "2%" or "2/3" -> parts per million (20000, 20000, 666667). */
int lk_policy_ppm(struct lk_ctx *ctx, const char *kind, const char *region,
		  int year, int64_t *ppm);

/* Sets a user entry (region "" = national, year 0 = every year) with a
 * reason (required); audited. */
int lk_policy_set(struct lk_ctx *ctx, const char *kind, const char *region,
		  int year, const char *value, const char *reason);

/* Calls fn for the entries: all of them (region NULL, year 0), or the
 * effective one of each kind for a region and year. */
int lk_policy_each(struct lk_ctx *ctx, const char *region, int year,
		   int (*fn)(void *arg, const struct lk_policy_entry *e),
		   void *arg);

/*
 * A snapshot of the values a computation needs, read once: the check and
 * assessment engines look values up per household without a query each.
 * lk_policy_cache_get() behaves like lk_policy_get() but remembers every
 * answer (also "not found") for (kind, region prefix, year).
 */
struct lk_policy_cache;
int lk_policy_cache_new(struct lk_ctx *ctx, struct lk_policy_cache **out);
void lk_policy_cache_free(struct lk_policy_cache *c);
/* Returns 0 and sets *value (borrowed, valid until free), or
 * LK_ENOTFOUND (message in ctx->err). */
int lk_policy_cache_get(struct lk_policy_cache *c, const char *kind,
			const char *region, int year, const char **value);
int lk_policy_cache_int(struct lk_policy_cache *c, const char *kind,
			const char *region, int year, int64_t *out);
int lk_policy_cache_money(struct lk_policy_cache *c, const char *kind,
			  const char *region, int year, int64_t *fen);
int lk_policy_cache_ppm(struct lk_policy_cache *c, const char *kind,
			const char *region, int year, int64_t *ppm);

#endif
