/*
 * ind_int.h - the indicator sources (private to src/indicator).
 *
 * A source is the SQL of the rows some indicators aggregate.  Its text
 * may use the parameters ?1 / ?2 (the code range of the region: lo, hi),
 * ?3 (the year), ?4 (the year's last day), ?5 (its first day) and ?6
 * (the poverty line of the year in fen, or NULL).  The engine wraps it:
 *   SELECT agg1, agg2 ... FROM (base) b                 (values)
 *   SELECT drill columns FROM (base) b WHERE pred ORDER BY order
 * so every column an aggregate or a condition names is a column of the
 * base.
 */
#ifndef LK_IND_INT_H
#define LK_IND_INT_H

#include "indicator/indicator.h"

struct lk_ind_src {
	const char *name;
	const char *base;
	const char *drill; /* the columns a drill-down lists */
	const char *order;
};

/* C-computed indicators (src == NULL) are evaluated after the sources,
 * in registry order, by lk_ind_derive (ind_table.c); vals holds every
 * value computed so far.  Those marked LK_IND_ALONE may instead run on
 * another thread with another connection (ctx), while the sources run:
 * they read s's region, year and language and write their own values
 * only. */
int lk_ind_derive(struct lk_ctx *ctx, const struct lk_ind *d,
		  struct lk_ind_set *s, struct lk_ind_value *out);

#endif
