/*
 * work_int.h - internals of the work module (src/work/).
 *
 * SQL shape of a kind's table: id INTEGER PRIMARY KEY, the columns of
 * the fields not flagged LK_FF_NOCOL (in table order), household_id when
 * the kind has an LK_WF_HH field, region_code (a field column when the
 * kind has an LK_WF_REGION field, else derived), county_code,
 * created_at, updated_at.
 *
 * The work code lists are constant tables (work_codes.c); their names
 * start with "work.".
 *
 * The INSERT/UPDATE text of each kind is built on first use and kept for
 * the life of the process (wrec.c sql_cache), so the statement cache
 * finds it by address.  Building it is not locked: a threaded server
 * must call lk_work_put once per kind, or add a lock, before serving.
 */
#ifndef LK_WORK_INT_H
#define LK_WORK_INT_H

#include "work/work.h"

/* What a kind rule sees: the record about to be written. */
struct lk_wput {
	const struct lk_wkind *k;
	int64_t id;                /* 0 for a new record */
	const struct lk_rec *r;    /* new values (resolved) */
	const struct lk_rec *old;  /* stored values, NULL for a new record */
	int64_t household_id;      /* 0 without a household */
	const char *region;        /* the record's region */
};

/* The work code entry for input (code, label or '|' alias), or NULL. */
const struct lk_wcode *work__code_find(const char *list, const char *input);
/* The entry of a code, or NULL. */
const struct lk_wcode *work__code_get(const char *list, const char *code);
/* Whether list is a work list ("work." prefix). */
int work__is_list(const char *list);

/* Kind rules (work_rules.c). */
int work__check_pairing(struct lk_ctx *ctx, const struct lk_wput *p);
int work__check_disbursement(struct lk_ctx *ctx, const struct lk_wput *p);
int work__check_dates(struct lk_ctx *ctx, const struct lk_wput *p);

#endif
