/* Assessment against the exit, monitoring and identification criteria
 * (assess.h). */
#include "policy/assess.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/money.h"
#include "policy/policy.h"
#include "registry/codes.h"
#include "registry/household.h"
#include "registry/rec.h"
#include "registry/status.h"
#include "store/db.h"

/* ---- names --------------------------------------------------------- */

const char *lk_verdict_id(enum lk_verdict v)
{
	static const char *const id[LK_VERDICT_N] = {
	    "meets",	"fails",   "stable", "at_risk",
	    "identify", "monitor", "none",   "unknown"};

	return (unsigned)v < LK_VERDICT_N ? id[v] : "unknown";
}

const char *lk_verdict_text(enum lk_verdict v)
{
	static const char *const text[LK_VERDICT_N] = {
	    N_("meets the exit criteria"),
	    N_("does not meet the exit criteria"),
	    N_("still meets the exit criteria, not at risk"),
	    N_("at risk of returning to poverty"),
	    N_("candidate for identification as poor"),
	    N_("candidate for monitoring"),
	    N_("neither a candidate for identification nor for "
	       "monitoring"),
	    N_("cannot be assessed")};

	return _((unsigned)v < LK_VERDICT_N ? text[v]
					    : text[LK_VERDICT_UNKNOWN]);
}

static const char *const crit_ids[LK_CRIT_N] = {"income",
						"monitoring",
						"schooling",
						"medical_insurance",
						"serious_illness_insurance",
						"housing",
						"water"};

const char *lk_crit_id(enum lk_crit c)
{
	return (unsigned)c < LK_CRIT_N ? crit_ids[c] : "household";
}

const char *lk_crit_text(enum lk_crit c)
{
	static const char *const text[LK_CRIT_N] = {
	    N_("income above the poverty line"),
	    N_("income above the monitoring line"),
	    N_("compulsory schooling"),
	    N_("basic medical insurance"),
	    N_("serious-illness insurance"),
	    N_("safe housing"),
	    N_("safe drinking water")};

	return (unsigned)c < LK_CRIT_N ? _(text[c]) : _("household");
}

const char *lk_crit_result_id(enum lk_crit_result r)
{
	static const char *const id[] = {"na", "pass", "fail", "unknown"};

	return (unsigned)r < 4 ? id[r] : "na";
}

/* ---- the run ------------------------------------------------------- */

/* A member present on the reference date (strings in the household
 * arena). */
struct member {
	const char *name, *school, *health, *labour;
	int age; /* on D; NO_AGE when the birth is unknown */
	int medical, employee, serious; /* 1 yes, 0 no, -1 unknown */
};
#define NO_AGE (-1000)

/* Policy values of one village for the year (messages in the village
 * arena). */
struct vpol {
	int has_pl, has_ml, has_ages, has_labour;
	int ml_none; /* the year had no monitoring (policy "none") */
	int64_t pl, ml, cmin, cmax, lmin, wmax;
	const char *items; /* borrowed from the policy cache, or NULL */
	const char *pl_msg, *ml_msg, *items_msg, *ages_msg, *labour_msg;
};

/* The household row (borrowed from the household statement until its
 * next step). */
struct hrow {
	int64_t id;
	const char *no, *village, *vname, *head;
	const char *status, *status_since, *mon_cat, *mon_since;
	const char *main_cause, *other_causes, *grade;
	int relocated, water_safe, water_difficult; /* -1 unknown */
	int has_income;
	struct lk_rec inc;
};

/* Totals of one area being accumulated. */
struct acc {
	char code[LK_REGION_CODE_MAX];
	char name[128];
	long long households, people, poor_households, poor_people;
};

struct run {
	struct lk_ctx *ctx;
	const struct lk_assess_opts *o;
	struct lk_assess *res;
	struct lk_policy_cache *pc;
	struct lk_codes *codes;
	enum lk_lang lang;
	struct lk_date ref;
	char date[11];
	int year;
	int counties;		/* whether counties are reported */
	struct lk_arena ha, va; /* per household, per village */
	struct member *m;
	size_t nm, mcap;
	struct lk_assess_reason *r;
	size_t nr, rcap;
	struct vpol vp;
	struct acc village, county;
	size_t vcap, ccap;
	int income_idx[11]; /* field index in lk_incomes of each item */
};

/* Income columns of the household query, in lk_incomes keys. */
static const char *const income_keys[11] = {
    "persons",		"wage",		  "operating", "property",
    "family_planning",	"dibao",	  "tekun",     "pension",
    "eco_compensation", "other_transfer", "expense"};

/* clang-format off */
static const char hh_sql[] =
	"SELECT h.id, h.household_no, h.village_code, r.name, h.head_name, "
	LK_SQL_STATUS_ON("h", "?3") ", "
	LK_SQL_MONITORED_ON("h", "?3") ", "
	"h.main_cause, h.other_causes, h.relocated, h.house_grade, "
	"h.water_safe, h.water_difficult, i.persons, i.wage, i.operating, "
	"i.property, i.family_planning, i.dibao, i.tekun, i.pension, "
	"i.eco_compensation, i.other_transfer, i.expense "
	"FROM household h LEFT JOIN region r ON r.code = h.village_code "
	"LEFT JOIN income i ON i.household_id = h.id AND i.year = ?4 "
	"WHERE h.village_code >= ?1 AND h.village_code < ?2 "
	"ORDER BY h.village_code, h.household_no";
/* clang-format on */
#define HC_INCOME 13 /* first income column (persons) */

static const char m_sql[] =
    "SELECT m.household_id, m.name, m.birth, m.school, m.health, "
    "m.labour, m.medical_insurance, m.employee_medical_insurance, "
    "m.serious_illness_insurance FROM household h JOIN member m ON "
    "m.household_id = h.id WHERE h.village_code >= ?1 AND "
    "h.village_code < ?2 AND (m.member_status = 'current' OR "
    "m.status_date > ?3) AND (m.birth IS NULL OR m.birth <= ?3) "
    "ORDER BY h.village_code, h.household_no, m.seq";

static int col_bool(struct db_stmt *st, int i)
{
	return db_col_is_null(st, i) ? -1 : db_col_int64(st, i) != 0;
}

/* Whether code occurs in a ';'-separated list of codes. */
static int has_code(const char *list, const char *code)
{
	size_t n = strlen(code);
	const char *p = list;

	if (!list)
		return 0;
	while (*p) {
		size_t k = strcspn(p, ";");
		if (k == n && memcmp(p, code, n) == 0)
			return 1;
		p += k;
		if (*p)
			p++;
	}
	return 0;
}

/* Capitalises the first letter of a sentence that starts with a
 * policy message (those start in lower case).  Accepts NULL. */
static const char *capital(char *s)
{
	if (s && *s >= 'a' && *s <= 'z')
		*s = (char)(*s - 'a' + 'A');
	return s;
}

/* Copies the context's message (after a failed policy lookup). */
static const char *policy_msg(struct run *u)
{
	return lk_arena_strdup(&u->va, lk_err_msg(&u->ctx->err));
}

/* A lookup that may find nothing (LK_ENOTFOUND) or a malformed value
 * (LK_EINVAL): both leave *has 0 and *msg set; other errors fail. */
static int pol_soft(struct run *u, int rc, int *has, const char **msg)
{
	if (rc == 0) {
		*has = 1;
		return 0;
	}
	if (rc != LK_ENOTFOUND && rc != LK_EINVAL)
		return rc;
	*has = 0;
	*msg = policy_msg(u);
	return *msg ? 0 : LK_ENOMEM;
}

/* The monitoring line of the year; the policy value "none" says the
 * year had no monitoring (before 2020): not a missing value. */
static int load_ml(struct run *u, const char *village, struct vpol *v)
{
	const char *raw;

	if (lk_policy_cache_get(u->pc, "monitoring_line", village, u->year,
				&raw) == 0 &&
	    strcmp(raw, "none") == 0) {
		v->ml_none = 1;
		return 0;
	}
	return pol_soft(u,
			lk_policy_cache_money(u->pc, "monitoring_line", village,
					      u->year, &v->ml),
			&v->has_ml, &v->ml_msg);
}

/* Loads the policy values of village for the year. */
static int load_vpol(struct run *u, const char *village)
{
	struct vpol *v = &u->vp;
	struct lk_policy_cache *c = u->pc;
	int has_items = 0, has, rc;

	memset(v, 0, sizeof *v);
	lk_arena_reset(&u->va);
	if ((rc = pol_soft(u,
			   lk_policy_cache_money(c, "poverty_line", village,
						 u->year, &v->pl),
			   &v->has_pl, &v->pl_msg)) ||
	    (rc = load_ml(u, village, v)) ||
	    (rc = pol_soft(u,
			   lk_policy_cache_get(c, "income_items", village,
					       u->year, &v->items),
			   &has_items, &v->items_msg)))
		goto out;
	if (!has_items)
		v->items = NULL;
	if ((rc = pol_soft(u,
			   lk_policy_cache_int(c, "age.compulsory_min", village,
					       u->year, &v->cmin),
			   &has, &v->ages_msg)))
		goto out;
	if (has &&
	    (rc = pol_soft(u,
			   lk_policy_cache_int(c, "age.compulsory_max", village,
					       u->year, &v->cmax),
			   &has, &v->ages_msg)))
		goto out;
	v->has_ages = has;
	if ((rc = pol_soft(u,
			   lk_policy_cache_int(c, "age.labour_min", village,
					       u->year, &v->lmin),
			   &has, &v->labour_msg)))
		goto out;
	if (has &&
	    (rc = pol_soft(u,
			   lk_policy_cache_int(c, "age.working_max", village,
					       u->year, &v->wmax),
			   &has, &v->labour_msg)))
		goto out;
	v->has_labour = has;
out:
	return rc;
}

/* Appends a reason (text already in the household arena; NULL after a
 * failed allocation gives LK_ENOMEM). */
static int add_reason(struct run *u, enum lk_crit c, enum lk_crit_result r,
		      const char *text)
{
	int rc = LK_ENOMEM;

	if (!text)
		goto out;
	if (u->nr == u->rcap) {
		size_t cap = u->rcap ? u->rcap * 2 : 16;
		void *p = realloc(u->r, cap * sizeof *u->r);
		if (!p)
			goto out;
		u->r = p;
		u->rcap = cap;
	}
	u->r[u->nr].crit = c;
	u->r[u->nr].result = r;
	u->r[u->nr].text = text;
	u->nr++;
	rc = 0;
out:
	return rc;
}

/* A reason shown always (failures, unknowns, notes) or only when
 * explaining (passes). */
#define SAY(u, c, r, ...)                                                      \
	add_reason((u), (c), (r), lk_arena_printf(&(u)->ha, __VA_ARGS__))
#define EXPLAIN(u) ((u)->o->explain)

/* ---- areas --------------------------------------------------------- */

static int push_area(struct run *u, const struct acc *a, int level,
		     const char *kind)
{
	struct lk_assess *res = u->res;
	struct lk_assess_area **arr =
	    level == LK_LEVEL_VILLAGE ? &res->villages : &res->counties;
	size_t *n =
	    level == LK_LEVEL_VILLAGE ? &res->nvillages : &res->ncounties;
	size_t *cap = level == LK_LEVEL_VILLAGE ? &u->vcap : &u->ccap;
	struct lk_assess_area *x;
	char *why = NULL;
	int64_t ppm = 0;
	int rc = LK_ENOMEM;

	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		void *p = realloc(*arr, nc * sizeof **arr);
		if (!p)
			goto out;
		*arr = p;
		*cap = nc;
	}
	x = &(*arr)[*n];
	memset(x, 0, sizeof *x);
	(*n)++; /* counted now: lk_assess_free frees its reason */
	snprintf(x->code, sizeof x->code, "%s", a->code);
	snprintf(x->name, sizeof x->name, "%s", a->name);
	x->level = level;
	x->households = a->households;
	x->people = a->people;
	x->poor_households = a->poor_households;
	x->poor_people = a->poor_people;
	x->incidence_ppm =
	    a->people > 0
		? (a->poor_people * 1000000 + a->people / 2) / a->people
		: -1;
	x->meets = -1;
	rc = lk_policy_cache_ppm(u->pc, kind, a->code, u->year, &ppm);
	if (rc && rc != LK_ENOTFOUND && rc != LK_EINVAL)
		goto out;
	if (rc) {
		why =
		    lk_arena_printf(&u->ha, _("%s."), lk_err_msg(&u->ctx->err));
	} else {
		x->has_threshold = 1;
		x->threshold_ppm = ppm;
		/* exact: poor / people < ppm / 10^6 */
		if (a->people > 0)
			x->meets = a->poor_people * 1000000 < ppm * a->people;
		else
			why = lk_arena_printf(&u->ha,
					      _("There are no people in the "
						"ledger on %s."),
					      u->date);
	}
	rc = 0;
	if (x->meets < 0 && (!why || !(x->reason = strdup(capital(why)))))
		rc = LK_ENOMEM;
out:
	return rc;
}

static int flush_village(struct run *u)
{
	int rc = 0;

	if (u->village.code[0])
		rc = push_area(u, &u->village, LK_LEVEL_VILLAGE,
			       "village_exit_incidence");
	memset(&u->village, 0, sizeof u->village);
	return rc;
}

static int flush_county(struct run *u)
{
	struct lk_region reg;
	int rc = 0;

	if (u->county.code[0]) {
		rc = lk_region_get(u->ctx, u->county.code, &reg);
		if (rc == 0)
			snprintf(u->county.name, sizeof u->county.name, "%s",
				 reg.name);
		if (rc == 0 || rc == LK_ENOTFOUND)
			rc = push_area(u, &u->county, LK_LEVEL_COUNTY,
				       "county_exit_incidence");
	}
	memset(&u->county, 0, sizeof u->county);
	return rc;
}

/* Moves the accumulators to the household's village and county. */
static int enter_areas(struct run *u, const struct hrow *h)
{
	int rc = 0;

	if (strcmp(u->village.code, h->village) == 0)
		goto out;
	if ((rc = flush_village(u)))
		goto out;
	snprintf(u->village.code, sizeof u->village.code, "%s", h->village);
	snprintf(u->village.name, sizeof u->village.name, "%s",
		 h->vname ? h->vname : "");
	if ((rc = load_vpol(u, h->village)))
		goto out;
	if (u->counties && strncmp(u->county.code, h->village, 6) != 0) {
		if ((rc = flush_county(u)))
			goto out;
		snprintf(u->county.code, sizeof u->county.code, "%.6s",
			 h->village);
	}
out:
	return rc;
}

static void count_area(struct run *u, int people, int poor)
{
	struct acc *a[2] = {&u->village, &u->county};
	int i;

	for (i = 0; i < 2; i++) {
		a[i]->households++;
		a[i]->people += people;
		if (poor) {
			a[i]->poor_households++;
			a[i]->poor_people += people;
		}
	}
}

/* ---- the criteria -------------------------------------------------- */

static const char *money(struct run *u, int64_t fen)
{
	char b[LK_MONEY_BUFSZ];

	lk_money_format(fen, b);
	return lk_arena_strdup(&u->ha, b);
}

static const char *label(struct run *u, const char *list, const char *code)
{
	return lk_code_label(u->codes, list, code, u->lang);
}

/* Income and monitoring.  kind: 0 poor, 1 lifted, 2 ordinary. */
static int crit_income(struct run *u, const struct hrow *h, int kind,
		       struct lk_assess_hh *o)
{
	const struct vpol *v = &u->vp;
	struct lk_income_sum s;
	enum lk_crit_result *ci = &o->crit[LK_CRIT_INCOME];
	enum lk_crit_result *cm = &o->crit[LK_CRIT_MONITORING];
	const char *pc, *net;
	int rc = 0;

	o->has_poverty_line = v->has_pl;
	o->poverty_line = v->pl;
	o->has_monitoring_line = kind != 0 && v->has_ml;
	o->monitoring_line = kind != 0 ? v->ml : 0;
	*cm = kind == 0 || v->ml_none ? LK_CR_NA : LK_CR_UNKNOWN;
	if (!h->has_income) {
		*ci = kind == 0 ? LK_CR_FAIL : LK_CR_UNKNOWN;
		rc = SAY(u, LK_CRIT_INCOME, *ci,
			 _("No income is recorded for %d."), u->year);
		if (!rc && kind != 0 && EXPLAIN(u))
			rc = SAY(u, LK_CRIT_MONITORING, *cm,
				 _("Without an income the monitoring line "
				   "cannot be applied."));
		goto out;
	}
	if (!v->items) {
		*ci = LK_CR_UNKNOWN;
		rc = SAY(u, LK_CRIT_INCOME, *ci,
			 _("The income cannot be computed: %s."), v->items_msg);
		goto out;
	}
	if (lk_income_derive_items(
		&h->inc, atoi(lk_rec_get(&h->inc, "persons")), v->items, &s)) {
		*ci = LK_CR_UNKNOWN;
		rc = SAY(u, LK_CRIT_INCOME, *ci,
			 _("The income cannot be computed: the policy value "
			   "income_items (%s) names an unknown income "
			   "item."),
			 v->items);
		goto out;
	}
	o->has_income = 1;
	o->persons = s.persons;
	o->net = s.net;
	o->per_capita = s.per_capita;
	pc = money(u, s.per_capita);
	net = money(u, s.net);
	if (!v->has_pl) {
		*ci = LK_CR_UNKNOWN;
		rc = SAY(u, LK_CRIT_INCOME, *ci,
			 _("Per-capita net income is %s yuan (net %s yuan, "
			   "household size %d); it cannot be compared with a "
			   "poverty line: %s."),
			 pc, net, s.persons, v->pl_msg);
	} else if (s.per_capita > v->pl) {
		*ci = LK_CR_PASS;
		if (EXPLAIN(u))
			rc =
			    SAY(u, LK_CRIT_INCOME, *ci,
				_("Per-capita net income is %s yuan (net %s "
				  "yuan, household size %d), above the poverty "
				  "line of %s yuan."),
				pc, net, s.persons, money(u, v->pl));
	} else {
		*ci = LK_CR_FAIL;
		rc = SAY(u, LK_CRIT_INCOME, *ci,
			 _("Per-capita net income is %s yuan (net %s yuan, "
			   "household size %d), not above the poverty line of "
			   "%s yuan."),
			 pc, net, s.persons, money(u, v->pl));
	}
	if (rc || kind == 0 || v->ml_none)
		goto out; /* no monitoring that year: criterion n/a */
	if (!v->has_ml) {
		*cm = LK_CR_UNKNOWN;
		rc = add_reason(
		    u, LK_CRIT_MONITORING, *cm,
		    capital(lk_arena_printf(&u->ha,
					    _("%s: the income is not compared "
					      "with a monitoring line."),
					    v->ml_msg)));
	} else if (s.per_capita < v->ml) {
		*cm = LK_CR_FAIL;
		rc = SAY(u, LK_CRIT_MONITORING, *cm,
			 _("Per-capita net income of %s yuan is below the "
			   "monitoring line of %s yuan."),
			 pc, money(u, v->ml));
	} else {
		*cm = LK_CR_PASS;
		if (EXPLAIN(u))
			rc = SAY(u, LK_CRIT_MONITORING, *cm,
				 _("Per-capita net income of %s yuan is not "
				   "below the monitoring line of %s yuan."),
				 pc, money(u, v->ml));
	}
out:
	return rc;
}

static int crit_schooling(struct run *u, struct lk_assess_hh *o)
{
	const struct vpol *v = &u->vp;
	enum lk_crit_result *c = &o->crit[LK_CRIT_SCHOOLING];
	size_t i, n = 0;
	int rc = 0;

	if (!v->has_ages) {
		*c = LK_CR_UNKNOWN;
		rc = add_reason(u, LK_CRIT_SCHOOLING, *c,
				lk_arena_printf(&u->ha,
						_("Compulsory schooling cannot "
						  "be checked: %s."),
						v->ages_msg));
		goto out;
	}
	*c = LK_CR_PASS;
	for (i = 0; i < u->nm && !rc; i++) {
		const struct member *m = &u->m[i];
		if (m->age == NO_AGE && EXPLAIN(u))
			rc = SAY(u, LK_CRIT_SCHOOLING, LK_CR_NA,
				 _("%s has no known birth date: not "
				   "checked."),
				 m->name);
		if (m->age == NO_AGE || m->age < v->cmin || m->age > v->cmax)
			continue;
		n++;
		if (m->school) {
			if (EXPLAIN(u))
				rc = SAY(u, LK_CRIT_SCHOOLING, LK_CR_PASS,
					 _("%s (aged %d) is in school (%s)."),
					 m->name, m->age,
					 label(u, "school", m->school));
		} else if (has_code(m->health, "serious") ||
			   has_code(m->health, "disabled")) {
			rc = SAY(u, LK_CRIT_SCHOOLING, LK_CR_PASS,
				 _("%s (aged %d) is not in school, for health "
				   "reasons (%s): not counted as a dropout."),
				 m->name, m->age,
				 label(u, "health",
				       has_code(m->health, "serious")
					   ? "serious"
					   : "disabled"));
		} else {
			*c = LK_CR_FAIL;
			rc = SAY(u, LK_CRIT_SCHOOLING, LK_CR_FAIL,
				 _("%s (aged %d) is not in school."), m->name,
				 m->age);
		}
	}
	if (!rc && n == 0 && EXPLAIN(u))
		rc = SAY(u, LK_CRIT_SCHOOLING, LK_CR_PASS,
			 _("No member is aged %d to %d on %s."), (int)v->cmin,
			 (int)v->cmax, u->date);
out:
	return rc;
}

static int crit_insurance(struct run *u, struct lk_assess_hh *o)
{
	enum lk_crit_result *cm = &o->crit[LK_CRIT_MEDICAL];
	enum lk_crit_result *cs = &o->crit[LK_CRIT_SERIOUS_ILLNESS];
	size_t i;
	int rc = 0;

	*cm = *cs = LK_CR_PASS;
	for (i = 0; i < u->nm && !rc; i++) {
		const struct member *m = &u->m[i];
		if (m->medical != 1 && m->employee != 1) {
			*cm = LK_CR_FAIL;
			rc = SAY(u, LK_CRIT_MEDICAL, LK_CR_FAIL,
				 _("%s has no basic medical insurance."),
				 m->name);
		} else if (EXPLAIN(u)) {
			rc = SAY(u, LK_CRIT_MEDICAL, LK_CR_PASS,
				 m->medical == 1
				     ? _("%s has residents' basic medical "
					 "insurance.")
				     : _("%s has employees' basic medical "
					 "insurance."),
				 m->name);
		}
		if (!rc && m->serious != 1) {
			*cs = LK_CR_FAIL;
			rc = SAY(u, LK_CRIT_SERIOUS_ILLNESS, LK_CR_FAIL,
				 _("%s has no serious-illness insurance."),
				 m->name);
		} else if (!rc && EXPLAIN(u)) {
			rc = SAY(u, LK_CRIT_SERIOUS_ILLNESS, LK_CR_PASS,
				 _("%s has serious-illness insurance."),
				 m->name);
		}
	}
	if (!rc && EXPLAIN(u) && u->nm == 0)
		rc = SAY(u, LK_CRIT_MEDICAL, LK_CR_PASS,
			 _("The household has no members on %s."), u->date);
	return rc;
}

static int crit_house_water(struct run *u, const struct hrow *h,
			    struct lk_assess_hh *o)
{
	enum lk_crit_result *ch = &o->crit[LK_CRIT_HOUSING];
	enum lk_crit_result *cw = &o->crit[LK_CRIT_WATER];
	const char *g = h->grade;
	int rc = 0;

	if (h->relocated == 1) {
		*ch = LK_CR_PASS;
		if (EXPLAIN(u))
			rc = g ? SAY(u, LK_CRIT_HOUSING, *ch,
				     _("The household was relocated (the old "
				       "house is graded %s)."),
				     g)
			       : SAY(u, LK_CRIT_HOUSING, *ch,
				     _("The household was relocated."));
	} else if (g && (strcmp(g, "A") == 0 || strcmp(g, "B") == 0)) {
		*ch = LK_CR_PASS;
		if (EXPLAIN(u))
			rc = SAY(u, LK_CRIT_HOUSING, *ch,
				 _("The house is graded %s (safe); the "
				   "household was not relocated."),
				 g);
	} else if (g) {
		*ch = LK_CR_FAIL;
		rc = SAY(u, LK_CRIT_HOUSING, *ch,
			 _("The house is graded %s: it is dangerous and the "
			   "household was not relocated."),
			 g);
	} else {
		*ch = LK_CR_FAIL;
		rc = SAY(u, LK_CRIT_HOUSING, *ch,
			 _("The housing safety grade is not recorded."));
	}
	if (rc)
		goto out;
	*cw = LK_CR_PASS;
	if (h->water_safe == 0) {
		*cw = LK_CR_FAIL;
		rc = SAY(u, LK_CRIT_WATER, *cw,
			 _("The drinking water is not safe."));
	} else if (h->water_safe < 0) {
		*cw = LK_CR_FAIL;
		rc = SAY(u, LK_CRIT_WATER, *cw,
			 _("Whether the drinking water is safe is not "
			   "recorded."));
	}
	if (!rc && h->water_difficult == 1) {
		*cw = LK_CR_FAIL;
		rc = SAY(u, LK_CRIT_WATER, *cw,
			 _("Getting drinking water is difficult."));
	}
	if (!rc && *cw == LK_CR_PASS && EXPLAIN(u))
		rc = SAY(u, LK_CRIT_WATER, *cw,
			 h->water_difficult == 0
			     ? _("The drinking water is safe and not "
				 "difficult to get.")
			     : _("The drinking water is safe (whether it "
				 "is difficult to get is not recorded)."));
out:
	return rc;
}

/* Whether the main or an other cause is code. */
static int cause(const struct hrow *h, const char *code)
{
	return (h->main_cause && strcmp(h->main_cause, code) == 0) ||
	       has_code(h->other_causes, code);
}

/* The risk types of an at-risk household (assess.h), ';'-joined. */
static const char *risk_types(struct run *u, const struct hrow *h,
			      const struct lk_assess_hh *o)
{
	const char *t[6];
	size_t i, n = 0;
	int ill = 0, dis = 0, lab = 0;
	char buf[128] = "";

	for (i = 0; i < u->nm; i++) {
		const struct member *m = &u->m[i];
		if (has_code(m->health, "serious") ||
		    has_code(m->health, "chronic"))
			ill = 1;
		if (has_code(m->health, "disabled"))
			dis = 1;
		if (u->vp.has_labour && m->age != NO_AGE &&
		    m->age >= u->vp.lmin && m->age <= u->vp.wmax && m->labour &&
		    (strcmp(m->labour, "ordinary") == 0 ||
		     strcmp(m->labour, "skilled") == 0))
			lab = 1;
	}
	if (ill && cause(h, "1"))
		t[n++] = "illness";
	if (o->crit[LK_CRIT_SCHOOLING] == LK_CR_FAIL || cause(h, "3"))
		t[n++] = "schooling";
	if (dis && cause(h, "2"))
		t[n++] = "disability";
	if (cause(h, "4"))
		t[n++] = "disaster";
	if (u->vp.has_labour && !lab)
		t[n++] = "labour";
	if (n == 0)
		t[n++] = "other";
	for (i = 0; i < n; i++) {
		if (i)
			strcat(buf, ";");
		strcat(buf, t[i]);
	}
	return lk_arena_strdup(&u->ha, buf);
}

/* The verdict from the criteria (assess.h). */
static enum lk_verdict verdict(int kind, const struct lk_assess_hh *o)
{
	const enum lk_crit_result *c = o->crit;
	int gfail = 0, gunknown = 0, i;

	for (i = LK_CRIT_SCHOOLING; i < LK_CRIT_N; i++) {
		gfail |= c[i] == LK_CR_FAIL;
		gunknown |= c[i] == LK_CR_UNKNOWN;
	}
	if (kind == 0) {
		if (gfail || c[LK_CRIT_INCOME] == LK_CR_FAIL)
			return LK_VERDICT_FAILS;
		if (gunknown || c[LK_CRIT_INCOME] != LK_CR_PASS)
			return LK_VERDICT_UNKNOWN;
		return LK_VERDICT_MEETS;
	}
	if (kind == 1) {
		/* below the poverty line is below any monitoring line */
		if (gfail || c[LK_CRIT_MONITORING] == LK_CR_FAIL ||
		    c[LK_CRIT_INCOME] == LK_CR_FAIL)
			return LK_VERDICT_AT_RISK;
		if (gunknown || !o->has_income ||
		    (!o->has_poverty_line && !o->has_monitoring_line))
			return LK_VERDICT_UNKNOWN;
		return LK_VERDICT_STABLE;
	}
	if (c[LK_CRIT_INCOME] == LK_CR_FAIL)
		return LK_VERDICT_IDENTIFY;
	if (gfail || c[LK_CRIT_MONITORING] == LK_CR_FAIL)
		return LK_VERDICT_MONITOR;
	if (gunknown || !o->has_income ||
	    (!o->has_poverty_line && !o->has_monitoring_line))
		return LK_VERDICT_UNKNOWN;
	return LK_VERDICT_NONE;
}

/* Assesses one household whose members are in u->m. */
static int assess_one(struct run *u, const struct hrow *h, int kind,
		      int (*fn)(void *, const struct lk_assess_hh *), void *arg)
{
	struct lk_assess_hh o;
	int rc;

	memset(&o, 0, sizeof o);
	u->nr = 0;
	o.id = h->id;
	o.no = h->no;
	o.village_code = h->village;
	o.village_name = h->vname;
	o.head_name = h->head;
	o.status = h->status;
	o.status_since = h->status_since;
	o.monitored = h->mon_cat;
	o.monitored_since = h->mon_since;
	o.people = (int)u->nm;
	o.income_items = u->vp.items;
	o.has_ages = u->vp.has_ages;
	o.age_min = (int)u->vp.cmin;
	o.age_max = (int)u->vp.cmax;
	if ((rc = crit_income(u, h, kind, &o)) ||
	    (rc = crit_schooling(u, &o)) || (rc = crit_insurance(u, &o)) ||
	    (rc = crit_house_water(u, h, &o)))
		goto out;
	o.verdict = verdict(kind, &o);
	if (o.verdict == LK_VERDICT_AT_RISK ||
	    o.verdict == LK_VERDICT_MONITOR) {
		o.category = kind == 1 ? "unstable" : "marginal";
		if (!(o.risk_types = risk_types(u, h, &o))) {
			rc = LK_ENOMEM;
			goto out;
		}
		if (!h->mon_cat)
			rc = SAY(u, LK_CRIT_N, LK_CR_FAIL,
				 _("It is not monitored in the ledger on "
				   "%s."),
				 u->date);
	}
	if (!rc && h->mon_cat && (EXPLAIN(u) || o.category))
		rc = SAY(u, LK_CRIT_N, LK_CR_NA,
			 _("It is monitored in the ledger on %s as %s since "
			   "%s."),
			 u->date, label(u, "monitoring_category", h->mon_cat),
			 h->mon_since);
	if (rc)
		goto out;
	o.reasons = u->r;
	o.nreasons = u->nr;
	u->res->households++;
	u->res->by_verdict[o.verdict]++;
	if (fn)
		rc = fn(arg, &o);
out:
	return rc;
}

/* Reads the household row of st into h. */
static void read_household(struct run *u, struct db_stmt *st, struct hrow *h,
			   char status_since[11], char mon_since[11])
{
	const char *s = db_col_text(st, 5), *m = db_col_text(st, 6);
	int i;

	h->id = db_col_int64(st, 0);
	h->no = db_col_text(st, 1);
	h->village = db_col_text(st, 2);
	h->vname = db_col_text(st, 3);
	h->head = db_col_text(st, 4);
	if (s && strlen(s) >= 10) {
		memcpy(status_since, s, 10);
		status_since[10] = '\0';
		h->status = s + 10;
		h->status_since = status_since;
	} else {
		h->status = "ordinary";
		h->status_since = NULL;
	}
	if (m && strlen(m) >= 10) {
		memcpy(mon_since, m, 10);
		mon_since[10] = '\0';
		h->mon_cat = m + 10;
		h->mon_since = mon_since;
	} else {
		h->mon_cat = h->mon_since = NULL;
	}
	h->main_cause = db_col_text(st, 7);
	h->other_causes = db_col_text(st, 8);
	h->relocated = col_bool(st, 9);
	h->grade = db_col_text(st, 10);
	h->water_safe = col_bool(st, 11);
	h->water_difficult = col_bool(st, 12);
	h->has_income = !db_col_is_null(st, HC_INCOME);
	lk_rec_init(&h->inc, &lk_incomes);
	for (i = 0; i < 11 && h->has_income; i++)
		h->inc.v[u->income_idx[i]] = db_col_text(st, HC_INCOME + i);
}

/* Copies the member row of st into u->m. */
static int add_member(struct run *u, struct db_stmt *st)
{
	const char *birth = db_col_text(st, 2);
	const char *school = db_col_text(st, 3), *health = db_col_text(st, 4);
	const char *labour = db_col_text(st, 5);
	struct member *m;
	struct lk_date b;
	int rc = LK_ENOMEM;

	if (u->nm == u->mcap) {
		size_t cap = u->mcap ? u->mcap * 2 : 16;
		void *p = realloc(u->m, cap * sizeof *u->m);
		if (!p)
			goto out;
		u->m = p;
		u->mcap = cap;
	}
	m = &u->m[u->nm];
	m->name = lk_arena_strdup(&u->ha, db_col_text(st, 1));
	m->school = school ? lk_arena_strdup(&u->ha, school) : NULL;
	m->health = health ? lk_arena_strdup(&u->ha, health) : NULL;
	m->labour = labour ? lk_arena_strdup(&u->ha, labour) : NULL;
	if (!m->name || (school && !m->school) || (health && !m->health) ||
	    (labour && !m->labour))
		goto out;
	m->age = birth && lk_date_parse(birth, &b) == 0 ? lk_age_on(b, u->ref)
							: NO_AGE;
	m->medical = col_bool(st, 6);
	m->employee = col_bool(st, 7);
	m->serious = col_bool(st, 8);
	u->nm++;
	rc = 0;
out:
	return rc;
}

/* Kind of question for a status: 0 poor, 1 lifted, 2 ordinary, -1 not
 * assessed. */
static int kind_of(const char *status)
{
	if (strcmp(status, "poor") == 0 || strcmp(status, "returned") == 0)
		return 0;
	if (strcmp(status, "lifted") == 0)
		return 1;
	if (strcmp(status, "ordinary") == 0)
		return 2;
	return -1;
}

/* The region of the run: the household's village or o->region. */
static int run_region(struct lk_ctx *ctx, const struct lk_assess_opts *o,
		      char lo[LK_REGION_CODE_MAX], char hi[LK_REGION_CODE_MAX])
{
	static const char q[] = "SELECT village_code FROM household WHERE "
				"id = ?1";
	struct db_stmt *st = NULL;
	char village[LK_REGION_CODE_MAX] = "";
	int rc;

	if (o->household <= 0) {
		rc = lk_scope_range(ctx, o->region, lo, hi);
		goto out;
	}
	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, o->household);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_DONE) {
		rc = lk_err_set(&ctx->err, LK_ENOTFOUND,
				_("no household with id %lld"),
				(long long)o->household);
		goto out;
	}
	snprintf(village, sizeof village, "%s", db_col_text(st, 0));
	if ((rc = lk_scope_check(ctx, village)))
		goto out;
	rc = lk_scope_range(ctx, village, lo, hi);
out:
	db_done(st);
	return rc;
}

int lk_assess(struct lk_ctx *ctx, const struct lk_assess_opts *o,
	      int (*fn)(void *arg, const struct lk_assess_hh *h), void *arg,
	      struct lk_assess **out)
{
	struct run u;
	struct db_stmt *hs = NULL, *ms = NULL;
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX];
	char ssince[11], msince[11];
	struct hrow h;
	int rc, mrow, i;

	assert(ctx && ctx->db && o);
	memset(&u, 0, sizeof u);
	u.ha = (struct lk_arena)LK_ARENA_INIT(0);
	u.va = (struct lk_arena)LK_ARENA_INIT(0);
	if (o->year < 1949 || o->year > 2100) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("%d is not a year to assess"), o->year);
		goto out;
	}
	if (ctx->cadre && o->household <= 0) {
		/* a helper reaches single households, not whole villages */
		rc = lk_err_set(&ctx->err, LK_EPERM,
				_("a helper assesses its households one by "
				  "one"));
		goto out;
	}
	u.ctx = ctx;
	u.o = o;
	u.year = o->year;
	u.ref = (struct lk_date){o->year, 12, 31};
	lk_date_format(u.ref, u.date);
	u.lang = lk_i18n_get();
	for (i = 0; i < 11; i++)
		u.income_idx[i] = lk_field_find(&lk_incomes, income_keys[i]);
	if ((rc = run_region(ctx, o, lo, hi)))
		goto out;
	if (!(u.res = calloc(1, sizeof *u.res))) {
		rc = LK_ENOMEM;
		goto out;
	}
	snprintf(u.res->region, sizeof u.res->region, "%s", lo);
	u.res->year = o->year;
	memcpy(u.res->date, u.date, 11);
	u.counties = strlen(lo) <= 6;
	if ((rc = lk_codes_get(ctx, &u.codes)) ||
	    (rc = lk_policy_cache_new(ctx, &u.pc)))
		goto out;
	if ((rc = db_prepare_static(ctx->db, hh_sql, &hs, &ctx->err)) ||
	    (rc = db_prepare_static(ctx->db, m_sql, &ms, &ctx->err)))
		goto out;
	db_bind_text(hs, 1, lo, -1);
	db_bind_text(hs, 2, hi, -1);
	db_bind_text(hs, 3, u.date, -1);
	db_bind_int64(hs, 4, o->year);
	db_bind_text(ms, 1, lo, -1);
	db_bind_text(ms, 2, hi, -1);
	db_bind_text(ms, 3, u.date, -1);
	if ((mrow = db_step(ms, &ctx->err)) < 0) {
		rc = mrow;
		goto out;
	}
	while ((rc = db_step(hs, &ctx->err)) == DB_ROW) {
		int kind, target;

		lk_arena_reset(&u.ha);
		u.nm = 0;
		read_household(&u, hs, &h, ssince, msince);
		target = o->household <= 0 || h.id == o->household;
		/* members come in the same order: take this household's */
		while (mrow == DB_ROW && db_col_int64(ms, 0) == h.id) {
			if (target && (rc = add_member(&u, ms)))
				goto out;
			if (!target)
				u.nm++;
			if ((mrow = db_step(ms, &ctx->err)) < 0) {
				rc = mrow;
				goto out;
			}
		}
		if ((rc = enter_areas(&u, &h)))
			goto out;
		kind = kind_of(h.status);
		count_area(&u, (int)u.nm, kind == 0);
		if (!target)
			continue;
		if (kind < 0) {
			u.res->not_assessed++;
			continue;
		}
		if ((rc = assess_one(&u, &h, kind, fn, arg)))
			goto out;
	}
	if (rc < 0)
		goto out;
	if (mrow == DB_ROW) {
		/* both queries list households in the same order: a member
		 * left over means they did not */
		rc = lk_err_set(&ctx->err, LK_EINTERNAL,
				_("members of household %lld came out of "
				  "order"),
				(long long)db_col_int64(ms, 0));
		goto out;
	}
	if ((rc = flush_village(&u)) || (u.counties && (rc = flush_county(&u))))
		goto out;
	if (out) {
		*out = u.res;
		u.res = NULL;
	}
out:
	db_done(hs);
	db_done(ms);
	lk_policy_cache_free(u.pc);
	lk_assess_free(u.res);
	lk_arena_free(&u.ha);
	lk_arena_free(&u.va);
	free(u.m);
	free(u.r);
	return rc;
}

void lk_assess_free(struct lk_assess *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->nvillages; i++)
		free(a->villages[i].reason);
	for (i = 0; i < a->ncounties; i++)
		free(a->counties[i].reason);
	free(a->villages);
	free(a->counties);
	free(a);
}
