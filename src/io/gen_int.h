/*
 * gen_int.h - the model of the interchange data generator, private to
 * src/io: gen.c makes the households, gen_fault.c gives a household its
 * data-quality fault (gen.h --faults).
 */
#ifndef LK_GEN_INT_H
#define LK_GEN_INT_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/idcard.h"
#include "io/gen.h"
#include "registry/fields.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_MEMBERS 8
#define MAX_YEARS (LK_GEN_YEAR_MAX - LK_GEN_YEAR_MIN + 1)
#define MAX_COLS 128
#define MAX_GROUPS 16
#define FLUSH_AT ((size_t)1 << 20)
#define BUF_MAX ((size_t)16 << 20)
#define TRIES_PER_RULE 200
#define ID_PER_YEAR 182500u /* 365 birth days x 500 sequence slots */
#define ID_MULT 112789u	    /* ~0.618 * 182500, coprime to 2^2 5^4 73 */

/* ---- PRNG: xoshiro256** seeded by splitmix64 ------------------------- */

struct rng {
	uint64_t s[4];
};

static inline uint64_t mix64(uint64_t z)
{
	z += 0x9E3779B97F4A7C15ULL;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static inline void rng_seed(struct rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++) {
		seed += 0x9E3779B97F4A7C15ULL;
		r->s[i] = mix64(seed);
	}
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return res;
}

/* Uniform in [0, n); n >= 1. */
static inline uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]; lo <= hi. */
static inline int rng_int(struct rng *r, int lo, int hi)
{
	assert(lo <= hi);
	return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

static inline int rng_pct(struct rng *r, int pct)
{
	return (int)rng_below(r, 100) < pct;
}

/* Index drawn with weights w[0..n) (some positive). */
static inline int rng_pick(struct rng *r, const int *w, int n)
{
	int i, total = 0, u;

	for (i = 0; i < n; i++)
		total += w[i];
	assert(total > 0);
	u = (int)rng_below(r, (uint32_t)total);
	for (i = 0; i < n; i++) {
		if (u < w[i])
			return i;
		u -= w[i];
	}
	return n - 1;
}

#define PICK(r, a) ((a)[rng_below((r), (uint32_t)NELEM(a))])

static inline int imin(int a, int b)
{
	return a < b ? a : b;
}

static inline int imax(int a, int b)
{
	return a > b ? a : b;
}

/* ---- code lists (their labels are in gen.c) -------------------------- */

enum { MALE = LK_SEX_MALE, FEMALE = LK_SEX_FEMALE };

enum rel {
	R_HEAD,
	R_SPOUSE,
	R_SON,
	R_DAU,
	R_DIL,
	R_GSON,
	R_GDAU,
	R_FATHER,
	R_MOTHER
};

enum health { H_OK, H_CHRONIC, H_SERIOUS, H_DISABLED };

enum labour { L_ORD, L_SKILLED, L_WEAK, L_LOST, L_NONE };

enum cause {
	CA_ILL,
	CA_DIS,
	CA_STUDY,
	CA_DISASTER,
	CA_LAND,
	CA_WATER,
	CA_SKILL,
	CA_LABOUR,
	CA_FUNDS,
	CA_TRANSPORT,
	CA_DRIVE,
	CA_N
};

enum kind { K_ORD, K_GENERAL, K_DIBAO, K_TEKUN };

enum status { S_ORD, S_POOR, S_LIFTED };

enum gattr { G_FRINGE, G_PLAIN, G_MOUNTAIN };

enum mon { M_NONE, M_UNSTABLE, M_MARGINAL };

extern const int gen_rel_sex[];	     /* sex a relation implies */
extern const char *const gen_edu[];  /* education, lowest first */
extern const char *const gen_high[]; /* senior secondary, by grade */

/* ---- faults (gen_fault.c) -------------------------------------------- */

enum want {
	W_ANY,
	W_REG,
	W_LIFTED,
	W_NOTLIFTED,
	W_ORD_UNMON,
	W_DIBAO,
	W_GENERAL,
	W_TEKUN,
	W_TEKUN_SON,
	W_NOLAB,
	W_NOTTEKUN
};
enum hint { HI_NONE, HI_DISABLED, HI_WEAK };

enum fault {
	F_NONE = -1,
	F_ID_CHECKSUM,
	F_ID_BIRTH,
	F_ID_LENGTH,
	F_ID_DISABILITY,
	F_PHONE,
	F_CODE,
	F_SEX_RELATION,
	F_SPOUSE_SEX,
	F_EDU_BOTH,
	F_EDU_NEITHER,
	F_NO_CERT,
	F_AGE_HIGH,
	F_AGE_LOW,
	F_PRESCHOOL_OLD,
	F_DROPOUT,
	F_LAB_CHILD,
	F_LAB_ELDERLY,
	F_LAB_HEALTHY_NONE,
	F_MIG_NO_LABOUR,
	F_MIG_STUDENT,
	F_MIG_MONTHS,
	F_WAGE_NO_WORKER,
	F_WORKER_NO_WAGE,
	F_OP_NO_EXPENSE,
	F_INC_RANGE,
	F_LIFTED_BELOW,
	F_UNMONITORED,
	F_DIBAO_NO_PERSON,
	F_GENERAL_DIBAO,
	F_TEKUN_WORKING,
	F_WELFARE_BOTH,
	F_CAUSE_ILLNESS,
	F_CAUSE_STUDY,
	F_CAUSE_DISABILITY,
	F_CAUSE_REPEAT,
	F_EXIT_GUARANTEE,
	F_INSURANCE_BOTH,
	F_LAND,
	F_ROAD,
	F_REQUIRED,
	F_COUNT
};

struct gen_fault_def {
	const char *rule, *field;
	int want, hint;
	int min_year; /* last_year needed */
};
extern const struct gen_fault_def gen_fault[F_COUNT];

enum comp { COMP_NORMAL, COMP_ELDERLY, COMP_ELDERLY_SON };

enum pcmode { PC_NORMAL, PC_HUGE, PC_BELOW, PC_LOWRANGE };

enum item {
	I_WAGE,
	I_OPERATING,
	I_PROPERTY,
	I_FP,
	I_DIBAO,
	I_TEKUN,
	I_PENSION,
	I_ECO,
	I_OTHER,
	I_EXPENSE,
	I_N
};

struct mem {
	int rel, sex, age;
	char name[16];
	const char *eth, *pol, *edu, *school;
	int level; /* school: -1 none, 0 preschool, 1 primary, 2 junior,
		      3 senior or vocational, 4 tertiary */
	int health, labour;
	int dis_cat, dis_grade;
	int months; /* 0 = none (written empty) */
	const char *place;
	int dibao, tekun, employee, pension_ins, mandarin;
	char id[LK_DIS_LEN + 1];
	char cert[LK_DIS_LEN + 1];
};

struct inc {
	int64_t v[I_N];
	int no_expense;
	int64_t net, pc;
};

struct hh {
	char no[20];
	const char *group;
	int attr;
	int kind, status, comp, nolab;
	int iy, ly, mon;
	char since[LK_DATE_BUFSZ];
	const char *risk;
	int main_cause, other[2], nother;
	char phone[16], account[24];
	int bank;
	int relocated, military, coop, toilet;
	int cult, irr, forest, gfg, orchard, pasture; /* tenths of mu */
	int road;				      /* tenths of km */
	const char *road_type, *grade, *fuel;
	int house; /* m2 */
	int wdiff, wsafe;
	int n;
	struct mem m[MAX_MEMBERS];
	/* fault shaping */
	int fault, target, force_wage, no_wage, no_expense, pcmode;
	int fp_ok, prop_ok, other_ok;
	struct inc inc[MAX_YEARS];
};

struct village {
	char code[13];
	size_t count;
};

struct plan {
	int n;
	const char *name[MAX_GROUPS];
	int attr[MAX_GROUPS];
	int weight[MAX_GROUPS];
};

enum { OUT_HH, OUT_MEM, OUT_INC, OUT_FAULTS, OUT_GROUPS, OUT_N };

struct out {
	FILE *fp;
	char *path, *tmp;
	struct lk_buf b;
};

enum hkey {
	HK_NO,
	HK_VILLAGE,
	HK_GROUP,
	HK_HEAD_NAME,
	HK_HEAD_ID,
	HK_PHONE,
	HK_BANK,
	HK_ACCOUNT,
	HK_STATUS,
	HK_MON,
	HK_MON_SINCE,
	HK_RISK,
	HK_IY,
	HK_LY,
	HK_STANDARD,
	HK_ATTRIBUTE,
	HK_MAIN,
	HK_OTHER,
	HK_MILITARY,
	HK_ONLY_CHILD,
	HK_TWO_DAUGHTERS,
	HK_RELOCATED,
	HK_CULT,
	HK_IRR,
	HK_FOREST,
	HK_GFG,
	HK_ORCHARD,
	HK_PASTURE,
	HK_WATER_SURFACE,
	HK_PPOWER,
	HK_HPOWER,
	HK_ROAD,
	HK_ROAD_TYPE,
	HK_HOUSE,
	HK_GRADE,
	HK_WDIFF,
	HK_WSAFE,
	HK_FUEL,
	HK_TOILET,
	HK_COOP,
	HK_N
};

enum mkey {
	MK_NO,
	MK_NAME,
	MK_ID,
	MK_SEX,
	MK_REL,
	MK_ETH,
	MK_POL,
	MK_EDU,
	MK_SCHOOL,
	MK_HEALTH,
	MK_CERT,
	MK_LABOUR,
	MK_MONTHS,
	MK_PLACE,
	MK_MED,
	MK_SERIOUS,
	MK_EMPLOYEE,
	MK_PENSION,
	MK_DIBAO,
	MK_TEKUN,
	MK_MANDARIN,
	MK_MILITARY,
	MK_STATUS,
	MK_N
};

enum ikey { IK_NO, IK_YEAR, IK_NET = IK_YEAR + 1 + I_N, IK_PC, IK_N };

struct gen {
	const struct lk_gen_opts *o;
	struct lk_err *e;
	int y0, y1, ny, demo, yunnan;
	size_t n, kfaults, chosen, index, fault_seq;
	struct rng fsel;
	int active[F_COUNT], nactive;
	struct out f[OUT_N];
	int hmap[HK_N], mmap[MK_N], imap[IK_N];
	int ipersons; /* incomes: optional household size column, or -1 */
	const char *row[MAX_COLS];
	char sc[4096];
	size_t scn;
	char county[7];
	uint32_t cnt[256];
	uint64_t cseed; /* of the current county */
	struct village *v;
	size_t nv;
	struct lk_gen_stats st;
	struct hh h;
};

/* ---- shared helpers ---------------------------------------------------- */

static inline void put_digits(char *p, unsigned v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

static inline int is_able(const struct mem *m)
{
	return m->labour == L_ORD || m->labour == L_SKILLED;
}

static inline int other_sex(int s)
{
	return s == MALE ? FEMALE : MALE;
}

/* A place of migrant work (within Yunnan for a Yunnan ledger). */
const char *gen_place(const struct gen *g, struct rng *r);

/* Makes household h fit fault f (its members, causes, fields) before its
 * incomes are drawn; non-zero if h cannot have it (the caller retries
 * with the next attempt's stream). */
int gen_fault_prepare(struct gen *g, struct hh *h, int f, struct rng *r);
/* The faults that live in ID numbers and certificates, once they are
 * assigned. */
void gen_fault_finish(struct hh *h);

#endif
