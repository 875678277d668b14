/*
 * indicator.h - the indicator registry: every number lika shows.
 *
 * An indicator is a name ("households_registered"), an English and a
 * Chinese label, a unit, a definition, and - for most - a drill-down that
 * lists the records it counts.  Reports, the dashboard, the API and the
 * CLI name indicators; nothing computes a figure outside this module.
 *
 * Values are computed for a region (any code prefix: village, town,
 * county, province; aggregation is the range of codes under it, within
 * ctx->scope) and a year, as of the year's end (31 December): household
 * status from the status history (registry/status.h), people present on
 * that day, work records dated in the year.  So a locked year gives the
 * same values for as long as its records stand.
 *
 * Most indicators are aggregates over a "source": one SQL query per
 * source and region computes all its indicators at once (architecture.md:
 * aggregate SQL over indexed code ranges, no per-household round trips).
 * An indicator's drill-down lists the source rows it counts, selected by
 * the same condition text as the aggregate, so the list and the number
 * cannot disagree: for a count the drill lists count rows, for a sum the
 * drill's "total" is the value.
 *
 * Units and the integer a value holds:
 *   households, people, count, heads, kg, m, year: the number itself
 *   yuan: fen;  km, mu, ha, km2: hundredths;  percent: hundredths of one
 *   per cent;  date: text YYYY-MM-DD;  text: text.
 *
 * Errors: LK_ENOTFOUND for an unknown indicator name (message lists
 * none; use lk_ind_find), LK_EPERM for a region outside the scope,
 * LK_EINVAL for a malformed region or a year outside 1949..2100, store
 * errors.  ctx->err carries the message.
 */
#ifndef LK_INDICATOR_H
#define LK_INDICATOR_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/i18n.h"

enum lk_unit {
	LK_UNIT_HOUSEHOLDS,
	LK_UNIT_PEOPLE,
	LK_UNIT_COUNT,
	LK_UNIT_HEADS,
	LK_UNIT_YUAN,
	LK_UNIT_KM,
	LK_UNIT_M,
	LK_UNIT_MU,
	LK_UNIT_HA,
	LK_UNIT_KM2,
	LK_UNIT_KG,
	LK_UNIT_PERCENT,
	LK_UNIT_YEAR,
	LK_UNIT_DATE,
	LK_UNIT_TEXT
};

/* Flags of an indicator. */
enum {
	LK_IND_LIST = 1,  /* a list of texts (problems, plans), not a number */
	LK_IND_ALONE = 2, /* computed in C from the ledger alone, needing no
			     other value: may run beside the sources */
};

struct lk_ind_src; /* indicator.c */

struct lk_ind {
	const char *name;
	enum lk_unit unit;
	const char *en, *zh;         /* labels */
	const char *def_en, *def_zh; /* definitions */
	const struct lk_ind_src *src; /* NULL: computed in C */
	const char *agg;  /* aggregate SQL over the source rows; "$P" stands
			     for the condition */
	const char *pred; /* condition on a source row ("1" = all rows) */
	unsigned flags;
};

/* The registry, in display order; lk_ind_count entries. */
extern const struct lk_ind lk_indicators[];
extern const size_t lk_ind_count;

/* The indicator with this name, or NULL. */
const struct lk_ind *lk_ind_find(const char *name);
const char *lk_ind_label(const struct lk_ind *d, enum lk_lang lang);
const char *lk_ind_def(const struct lk_ind *d, enum lk_lang lang);
/* "households", "yuan" ... (stable, for JSON); and its label. */
const char *lk_unit_name(enum lk_unit u);
const char *lk_unit_label(enum lk_unit u, enum lk_lang lang);
/* 1 if the indicator has a drill-down. */
int lk_ind_drillable(const struct lk_ind *d);

#define LK_IND_TEXT_MAX 256

struct lk_ind_value {
	int known;   /* 0: no data (no profile for the year, no such
			record): shown as "-" / null */
	int64_t v;   /* numbers, scaled as the unit says */
	char text[LK_IND_TEXT_MAX]; /* date and text units */
	/* lists (LK_IND_LIST): items, owned by the set */
	char **items;
	size_t nitems;
};

/* The values of every indicator for one region and year. */
struct lk_ind_set {
	char region[16];
	char region_name[128];
	int level; /* lk_region_level_of(region) (1..6) */
	int year;
	char as_of[11];
	enum lk_lang lang; /* of the texts (labels, sentences) */
	char lo[16], hi[16]; /* the code range read */
	struct lk_ind_value *v; /* lk_ind_count values, registry order */
};

/* Computes all indicators of region (NULL/"" = the scope) for year; the
 * texts (region kind, ethnic groups, detected problems) in lang.  *out
 * is valid after success until lk_ind_set_free (also call it after a
 * failure: it accepts a partly filled set). */
int lk_ind_compute(struct lk_ctx *ctx, const char *region, int year,
		   enum lk_lang lang, struct lk_ind_set *out);
/* The same for some indicators only (names, n > 0; unknown names are
 * LK_ENOTFOUND): only the sources they need are read; the others are
 * left unknown.  A dashboard asking for three figures of a county does
 * not pay for a hundred. */
int lk_ind_compute_some(struct lk_ctx *ctx, const char *region, int year,
			enum lk_lang lang, const char *const *names, size_t n,
			struct lk_ind_set *out);
void lk_ind_set_free(struct lk_ind_set *s);
/* The value of a named indicator in a computed set (NULL if unknown). */
const struct lk_ind_value *lk_ind_get(const struct lk_ind_set *s,
				      const char *name);

/* Formats a value: fmt NULL = the unit's default; "int", "yuan" (2
 * decimals), "wan" (10,000 yuan, up to 2 decimals), "km", "dec" (the
 * unit's decimals), "pct", "date" (2018-10-16 / 2018年10月16日), "month"
 * (March 2017 / 2017年3月), "year", "text".  An unknown value prints "-"
 * (en) or "—".  LK_EINVAL for a format that does not fit the unit (the
 * template loader checks this first with lk_ind_format_ok). */
int lk_ind_format(const struct lk_ind *d, const struct lk_ind_value *v,
		  const char *fmt, enum lk_lang lang, struct lk_buf *out);
int lk_ind_format_ok(const struct lk_ind *d, const char *fmt);

/* The value of one indicator for each child region of region (one level
 * down: villages of a town ...), for the dashboard's comparisons. */
struct lk_ind_child {
	const char *region, *name;
	const struct lk_ind_value *v;
};
int lk_ind_children(struct lk_ctx *ctx, const char *region, int year,
		    enum lk_lang lang, const struct lk_ind *d,
		    int (*fn)(void *arg, const struct lk_ind_child *c),
		    void *arg);

/* The drill-down: the rows an indicator counts.  fn is called with the
 * column names once (row NULL), then once per row (n values, NULL for
 * SQL NULL; borrowed).  *count gets the rows, *total the sum of the
 * summed column for sums (or the count). */
struct lk_drill_row {
	size_t n;
	const char *const *names;
	const char *const *values;
};
int lk_ind_drill(struct lk_ctx *ctx, const struct lk_ind *d,
		 const char *region, int year,
		 int (*fn)(void *arg, const struct lk_drill_row *r), void *arg,
		 long long *count);

/* JSON bodies (docs/json.md "indicators"), shared by the CLI's --json
 * and the API: the set (limited to names when nnames > 0), the registry,
 * the drill-down of d (with the indicator's value), and d for each
 * child region. */
int lk_ind_json(const struct lk_ind_set *s, enum lk_lang lang,
		const char *const *names, size_t nnames, struct lk_buf *out);
int lk_ind_list_json(enum lk_lang lang, struct lk_buf *out);
int lk_ind_drill_json(struct lk_ctx *ctx, const struct lk_ind *d,
		      const char *region, int year, enum lk_lang lang,
		      struct lk_buf *out);
int lk_ind_children_json(struct lk_ctx *ctx, const struct lk_ind *d,
			 const char *region, int year, enum lk_lang lang,
			 struct lk_buf *out);

#endif
