/*
 * check_int.h - private parts of the check engine (check.h): shared by
 * check.c (rules table, options, passes over the data, policy values,
 * findings) and check_rules.c (the rules).
 *
 * Data flow.  check.c reads one household at a time into struct ck_hh:
 * the household's columns (text copied into the per-household arena),
 * every member row (struct ck_mem, decoded: codes resolved against the
 * code lists, the ID number normalized and validated, age on the
 * reference date, sex) and the income of the checked year (struct
 * ck_inc, item texts kept for lk_income_derive_items).  It then calls
 * ck__household(), which runs the household rules and, per member row,
 * the member rules.  A rule calls ck__hit() for a finding and ck__see()
 * to explain itself (a no-op unless a household is being explained, so
 * the values are only formatted then).
 *
 * Policy values are reached through ck__need(): a policy "set" belongs to
 * a region prefix and a year (the reference year for ages, land and
 * road; the income year for the income values).  The first time a rule
 * needs a kind the set lacks, ck__need() reports policy.missing for it
 * and returns 0; the rule then does not run (verdict "not applicable").
 */
#ifndef LK_CHECK_INT_H
#define LK_CHECK_INT_H

#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/idcard.h"
#include "policy/check.h"
#include "registry/codes.h"
#include "registry/household.h"
#include "registry/rec.h"

/* The rules the engine implements; rules.tsv must list exactly these. */
enum ck_rule {
	R_ID_LENGTH,
	R_ID_CHECKSUM,
	R_ID_BIRTH,
	R_ID_DISABILITY,
	R_ID_DUPLICATE,
	R_SEX_RELATION,
	R_SPOUSE_SEX,
	R_NO_HEAD,
	R_MANY_HEADS,
	R_EMPTY,
	R_HEAD_ID,
	R_PHONE,
	R_HELPER_NONE,
	R_HELPER_IS_POOR,
	R_REQUIRED,
	R_CODE,
	R_EDU_BOTH,
	R_EDU_NEITHER,
	R_NO_CERT,
	R_AGE_HIGH,
	R_AGE_LOW,
	R_PRESCHOOL_OLD,
	R_DROPOUT,
	R_LAB_CHILD,
	R_LAB_ELDERLY,
	R_LAB_HEALTHY_NONE,
	R_MIG_NO_LABOUR,
	R_MIG_STUDENT,
	R_MIG_MONTHS,
	R_WAGE_NO_WORKER,
	R_WORKER_NO_WAGE,
	R_OP_NO_EXPENSE,
	R_INC_RANGE,
	R_LIFTED_BELOW,
	R_UNMONITORED,
	R_DIBAO_NO_PERSON,
	R_GENERAL_DIBAO,
	R_TEKUN_WORKING,
	R_WELFARE_BOTH,
	R_CAUSE_ILLNESS,
	R_CAUSE_STUDY,
	R_CAUSE_DISABILITY,
	R_CAUSE_REPEAT,
	R_EXIT_GUARANTEE,
	R_INSURANCE_BOTH,
	R_LAND,
	R_ROAD,
	R_POLICY_MISSING,
	R_N
};
extern const char *const ck__rule_ids[R_N];

/* Policy kinds the rules use.  The first K_REF_N are read for the
 * reference year, the others for the income year. */
enum ck_kind {
	K_COMP_MIN,	 /* age.compulsory_min */
	K_COMP_MAX,	 /* age.compulsory_max */
	K_LABOUR_MIN,	 /* age.labour_min */
	K_WORKING_MAX,	 /* age.working_max */
	K_ELDERLY,	 /* age.elderly */
	K_HIGH_MIN,	 /* age.high_school_min */
	K_PRIMARY_MAX,	 /* age.primary_max */
	K_PRESCHOOL_MAX, /* age.preschool_max */
	K_LAND_CULT,	 /* land.cultivated_max (hundredths of mu) */
	K_LAND_FOREST,	 /* land.forest_max (hundredths of mu) */
	K_ROAD,		 /* road.max_km (hundredths of km) */
	K_REF_N,
	K_PC_MAX = K_REF_N, /* income.per_capita_max (fen) */
	K_ITEMS,	    /* income_items (text) */
	K_POVERTY,	    /* poverty_line (fen) */
	K_MONITOR,	    /* monitoring_line (fen) */
	K_N
};
extern const char *const ck__kind_names[K_N];

/* Policy values of one region prefix and year. */
struct ck_pol {
	char region[LK_REGION_CODE_MAX];
	int year;
	unsigned loaded, ok, reported; /* bits by kind */
	int64_t v[K_N];
	const char *items; /* K_ITEMS, borrowed from the policy cache */
};

/* Household columns, in the order of the households query. */
enum ck_hcol {
	HC_NO,
	HC_VILLAGE,
	HC_HEAD_NAME,
	HC_HEAD_ID,
	HC_PHONE,
	HC_STATUS,
	HC_MON_CAT,
	HC_MON_SINCE,
	HC_RISK_TYPES,
	HC_RISK_ELIM,
	HC_RISK_ELIM_ON,
	HC_IY,
	HC_LY,
	HC_ID_STANDARD,
	HC_ATTRIBUTE,
	HC_MAIN_CAUSE,
	HC_OTHER_CAUSES,
	HC_RELOCATED,
	HC_CULT,
	HC_FOREST,
	HC_ROAD_KM,
	HC_ROAD_TYPE,
	HC_HOUSE_M2,
	HC_GRADE,
	HC_WATER_DIFF,
	HC_WATER_SAFE,
	HC_FUEL,
	HC_N
};

/* Member columns, in the order of the members query. */
enum ck_mcol {
	MC_NAME,
	MC_ID,
	MC_SEX,
	MC_RELATION,
	MC_ETHNICITY,
	MC_POLITICS,
	MC_EDUCATION,
	MC_SCHOOL,
	MC_HEALTH,
	MC_CERT,
	MC_LABOUR,
	MC_MONTHS,
	MC_PLACE,
	MC_MED,
	MC_EMP,
	MC_DIBAO,
	MC_TEKUN,
	MC_STATUS,
	MC_N
};

/* A column: its field (fields.h) and, for coded columns, its code list
 * with a last-hit index (consecutive rows repeat values). */
struct ck_col {
	const char *key;
	const struct lk_field *f;
	const struct lk_code *list; /* coded columns */
	size_t n, last;
};

/* Relation flags (codes.tsv flags of list relation). */
enum { REL_HEAD = 1, REL_SPOUSE = 2, REL_MALE = 4, REL_FEMALE = 8 };
/* Health codes. */
enum { HE_HEALTHY = 1, HE_CHRONIC = 2, HE_SERIOUS = 4, HE_DISABLED = 8 };
/* Labour codes (-1 unknown or invalid). */
enum { LB_ORDINARY, LB_SKILLED, LB_WEAK, LB_LOST, LB_NONE };

struct ck_mem {
	int64_t id;
	const char *v[MC_N]; /* as stored (NULL = unknown) */
	int bad[MC_N];	     /* coded column with a value outside its list */
	int current;
	/* the ID number */
	char norm[LK_DIS_LEN + 1]; /* normalized, "" if it cannot be */
	int upgraded;		   /* stored as 15 digits */
	int shape; /* the 18-character ID (or ID part) has its shape */
	struct lk_id_info info; /* of the ID (part), when shape */
	struct lk_dis_info dis; /* when the number has 20 characters */
	int sex;		/* LK_SEX_*, from the ID or stored; 0 */
	int sex_from_id;
	int age; /* on the reference date, -1 unknown */
	/* decoded */
	unsigned rel; /* REL_* */
	const struct lk_code *relc;
	int level;	 /* school level; -1 no school status */
	unsigned health; /* HE_*, 0 unknown */
	int labour;	 /* LB_*, -1 unknown */
	int64_t months;	 /* 0 when unknown */
	int months_null;
	int med, emp, dibao, tekun; /* 1, 0, -1 unknown */
};

/* Income of the checked year. */
struct ck_inc {
	int year;
	int persons;
	struct lk_rec r;	 /* table lk_incomes: item texts */
	int64_t wage, operating; /* fen, 0 when unknown */
	int expense_null;
	int derived; /* 1 ok, -1 failed (policy or items), 0 not yet */
	struct lk_income_sum sum;
};

struct ck_hh {
	int64_t id;
	const char *v[HC_N];
	int bad[HC_N];
	int pairing; /* a pairing on the reference date; -1 unknown */
	int registered, lifted, monitored, needs_helper, dissolved;
	struct ck_mem *m; /* every member row */
	size_t nm, ncur;
	int has_inc;
	struct ck_inc inc;
	struct ck_pol *ref, *incp; /* policy sets */
};

/* Duplicate ID numbers and cadres found by the first passes. */
#define CK_KEY_MAX 64
struct ck_dup {
	int64_t mid;	       /* member row */
	char norm[CK_KEY_MAX]; /* normalized number (or as stored) */
	size_t group;	       /* index of the first row of its group in dups */
	size_t count;	       /* rows in the group */
	char status[16];
	char household_no[64];
	char village[LK_REGION_CODE_MAX];
};

struct ck_cadre {
	uint64_t hash;
	char norm[CK_KEY_MAX];
	int64_t id;
	char *name;
};

struct ck {
	struct lk_ctx *ctx;
	const struct lk_check_opts *o;
	struct lk_check_stats *st;
	struct lk_codes *codes;
	struct lk_policy_cache *pc;
	int run[R_N], report[R_N];
	int tsv[R_N]; /* rule -> index in rules.tsv */
	const struct lk_check_rule *rules;
	struct lk_date ref;   /* reference date */
	struct lk_date today; /* for births in the future */
	char ref_text[LK_DATE_BUFSZ];
	int year; /* opts->year or 0 */
	int explain;
	int stop; /* a callback's non-zero return */
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX];
	struct ck_col hc[HC_N], mc[MC_N];
	int inc_field[16]; /* income columns -> lk_incomes fields */
	/* policy */
	char (*prefixes)[LK_REGION_CODE_MAX];
	size_t nprefixes;
	struct ck_pol **pols;
	size_t npols, cappols;
	char last_village[LK_REGION_CODE_MAX];
	char last_prefix[LK_REGION_CODE_MAX];
	/* first passes */
	struct ck_dup *dups; /* sorted by mid */
	size_t ndups;
	struct ck_dup *dupg;	 /* the same rows grouped */
	struct ck_cadre *cadres; /* sorted by hash */
	size_t ncadres;
	/* the household being checked */
	struct lk_arena a;
	struct ck_hh h;
	size_t capm;
	struct lk_buf msg, val, see;
};

#define RUN(c, r) ((c)->run[r])

/* check.c */

/* Emits a finding of rule r about household h (member m, may be NULL):
 * field and value (may be NULL) and a printf-style message.  Returns 0
 * or the callback's return (also kept in c->stop). */
int ck__hit(struct ck *c, int r, const struct ck_mem *m, const char *field,
	    const char *value, int sensitive, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
/* Explains rule r for h (member m, may be NULL): verdict and the values
 * looked at.  A no-op unless a household is being explained. */
void ck__see(struct ck *c, int r, const struct ck_mem *m, int verdict,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* 1 when policy value k is there for set p (the value in p->v[k] or
 * p->items); else reports policy.missing once and returns 0. */
int ck__need(struct ck *c, struct ck_pol *p, int k);
/* The policy set of a village and year (created empty on first use; its
 * address stays valid for the run).  NULL on OOM. */
struct ck_pol *ck__pol_of(struct ck *c, const char *village, int year);
/* Normalized form of an ID number into out ("" when it cannot be
 * normalized); *upgraded set when it had 15 digits.  Cannot fail. */
void ck__norm(const char *s, char out[LK_DIS_LEN + 1], int *upgraded);
/* FNV-1a 64 of s. */
uint64_t ck__hash(const char *s);
/* Display label of a coded column's value (the value if not a code). */
const char *ck__label(struct ck *c, const struct ck_col *col, const char *v);

/* check_rules.c */

/* Decodes member row m of h (after its columns are read): codes, ID,
 * sex, age. */
void ck__member_decode(struct ck *c, struct ck_hh *h, struct ck_mem *m);
/* Derived household facts (status, counts) after its rows are read. */
void ck__household_decode(struct ck *c, struct ck_hh *h);
/* Runs every rule on h. */
void ck__household(struct ck *c, struct ck_hh *h);

#endif
