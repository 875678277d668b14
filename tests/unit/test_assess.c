/*
 * test_assess.c - unit tests of the assessment (policy/assess.h) on
 * hand-built households: every verdict, every failed guarantee with its
 * edges, the income lines at one yuan below / at / above, lifted and
 * ordinary households and monitoring, risk types, village and county
 * incidence at the 2% and 3% thresholds, nested policy prefixes and
 * missing policy years.
 *
 * The shared fixture gives the ledger and the regions of Yunnan; each
 * test loads the built-in policy (policy/policy.tsv) and writes its
 * households with SQL: every household starts as one that meets every
 * guarantee (house B, safe water, each member insured) and a test then
 * breaks exactly what it is about.
 */
#include "fixture.h"

#include "policy/assess.h"
#include "policy/policy.h"

/* ---- local helpers ------------------------------------------------- */

#define V1 "532923101202" /* 上村, county 532923 (Yunnan: 3%) */
#define V2 "532923101203" /* 下村 */
#define V3 "532901003001" /* 龙下登村, county 532901 */
#define Z1 "330122100001" /* a village of Zhejiang (2%), added below */
#define Z2 "330122100002"

static int seq;

static int setup(void **state)
{
	struct fx *f;

	if (fx_setup(state))
		return -1;
	f = *state;
	seq = 0;
	if (lk_policy_load(&f->ctx, NULL)) {
		print_error("policy: %s\n", lk_err_msg(&f->ctx.err));
		return -1;
	}
	fx_exec(f, "INSERT INTO region (code, name, level, parent) VALUES "
		   "('33', '浙江省', 1, NULL), ('3301', '杭州市', 2, '33'), "
		   "('330122', '桐庐县', 3, '3301'), "
		   "('330122100', '分水镇', 4, '330122'), "
		   "('330122100001', '一村', 5, '330122100'), "
		   "('330122100002', '二村', 5, '330122100')");
	return 0;
}

/* A household that meets every guarantee (house B, safe water, no
 * member yet), main cause 9 (lack of funds); its id. */
static int64_t hh_add(struct fx *f, const char *no, const char *village)
{
	char q[1024];

	snprintf(
	    q, sizeof q,
	    "INSERT INTO household (household_no, county_code, "
	    "village_code, head_name, head_id, status, relocated, "
	    "house_grade, water_safe, water_difficult, main_cause, "
	    "created_at, updated_at) VALUES ('%s', '%.6s', '%s', '户主%s', "
	    "'x', 'poor', 0, 'B', 1, 0, '9', 'now', 'now')",
	    no, village, village, no);
	fx_exec(f, q);
	snprintf(q, sizeof q,
		 "SELECT id FROM household WHERE household_no = '%s'", no);
	return fx_int(f, q);
}

/* A current member with both insurances, healthy, ordinary labour;
 * birth NULL for unknown. */
static void m_add(struct fx *f, int64_t hid, const char *name,
		  const char *birth)
{
	char q[1024], b[32] = "NULL";

	if (birth)
		snprintf(b, sizeof b, "'%s'", birth);
	seq++;
	snprintf(q, sizeof q,
		 "INSERT INTO member (household_id, county_code, seq, name, "
		 "id_number, birth, relation, health, labour, "
		 "medical_insurance, serious_illness_insurance, "
		 "employee_medical_insurance, created_at, updated_at) VALUES "
		 "(%lld, (SELECT county_code FROM household WHERE id = %lld), "
		 "%d, '%s', 'ID%06d', %s, '1', 'healthy', 'ordinary', 1, 1, 0, "
		 "'now', 'now')",
		 (long long)hid, (long long)hid, seq, name, seq, b);
	fx_exec(f, q);
}

/* n members of unknown age (for the incidence). */
static void m_many(struct fx *f, int64_t hid, int n)
{
	char name[32];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "p%d", seq + 1);
		m_add(f, hid, name, NULL);
	}
}

static void ev(struct fx *f, int64_t hid, const char *date, const char *kind,
	       const char *value)
{
	char q[512];

	snprintf(q, sizeof q,
		 "INSERT INTO status_event (household_id, county_code, "
		 "on_date, kind, value, source) VALUES (%lld, (SELECT "
		 "county_code FROM household WHERE id = %lld), '%s', '%s', "
		 "'%s', 'entered')",
		 (long long)hid, (long long)hid, date, kind, value);
	fx_exec(f, q);
}

/* The income of a year: persons and wage (yuan) and other items (fen
 * columns as SQL, e.g. ", dibao" / ", 150000"). */
static void inc(struct fx *f, int64_t hid, int year, int persons,
		long long wage_yuan)
{
	char q[512];

	snprintf(q, sizeof q,
		 "INSERT INTO income (household_id, year, county_code, "
		 "persons, wage, updated_at) VALUES (%lld, %d, (SELECT "
		 "county_code FROM household WHERE id = %lld), %d, %lld, "
		 "'now')",
		 (long long)hid, year, (long long)hid, persons,
		 wage_yuan * 100);
	fx_exec(f, q);
}

/* Runs SQL with one household number substituted for %s. */
static void set(struct fx *f, const char *fmt, const char *arg)
{
	char q[512];

	snprintf(q, sizeof q, fmt, arg);
	fx_exec(f, q);
}

/* A household of status st since 2015 (lifted: since 2016-12-31) with
 * one adult and an income of pc yuan per capita in year (pc < 0: none). */
static int64_t hh_std(struct fx *f, const char *no, const char *village,
		      const char *st, int year, long long pc)
{
	int64_t h = hh_add(f, no, village);

	if (strcmp(st, "ordinary") != 0)
		ev(f, h, "2015-01-01", "status", "poor");
	if (strcmp(st, "lifted") == 0)
		ev(f, h, "2016-12-31", "status", "lifted");
	else if (strcmp(st, "poor") != 0 && strcmp(st, "ordinary") != 0)
		ev(f, h, "2016-12-31", "status", st);
	m_add(f, h, "张大", "1978-05-05");
	if (pc >= 0)
		inc(f, h, year, 1, pc);
	return h;
}

/* What the callback saw of one household. */
struct got {
	char no[32];
	enum lk_verdict v;
	enum lk_crit_result crit[LK_CRIT_N];
	char cat[16], risks[96], status[16], monitored[16];
	char text[4096];
	int64_t pc, pl, ml;
	int has_income, has_pl, has_ml, people;
};

struct coll {
	struct got g[32];
	int n, stop;
};

static int collect(void *arg, const struct lk_assess_hh *h)
{
	struct coll *c = arg;
	struct got *g;
	size_t i, len;

	if (c->n == 32)
		fail_msg("too many households");
	g = &c->g[c->n++];
	memset(g, 0, sizeof *g);
	snprintf(g->no, sizeof g->no, "%s", h->no);
	g->v = h->verdict;
	memcpy(g->crit, h->crit, sizeof g->crit);
	snprintf(g->cat, sizeof g->cat, "%s", h->category ? h->category : "");
	snprintf(g->risks, sizeof g->risks, "%s",
		 h->risk_types ? h->risk_types : "");
	snprintf(g->status, sizeof g->status, "%s", h->status);
	snprintf(g->monitored, sizeof g->monitored, "%s",
		 h->monitored ? h->monitored : "");
	for (i = 0; i < h->nreasons; i++) {
		len = strlen(g->text);
		snprintf(g->text + len, sizeof g->text - len, "%s[%s:%s] %s",
			 i ? " " : "", lk_crit_id(h->reasons[i].crit),
			 lk_crit_result_id(h->reasons[i].result),
			 h->reasons[i].text);
	}
	g->pc = h->per_capita;
	g->pl = h->poverty_line;
	g->ml = h->monitoring_line;
	g->has_income = h->has_income;
	g->has_pl = h->has_poverty_line;
	g->has_ml = h->has_monitoring_line;
	g->people = h->people;
	return c->stop && c->n == c->stop ? 7 : 0;
}

static struct got *get(struct coll *c, const char *no)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->g[i].no, no) == 0)
			return &c->g[i];
	fail_msg("household %s was not assessed", no);
	return NULL;
}

/* Runs an assessment of region for year into c; the result is freed
 * unless out is given. */
static void run(struct fx *f, const char *region, int year, struct coll *c,
		struct lk_assess **out)
{
	struct lk_assess_opts o = {region, year, 0, 0};
	struct lk_assess *a = NULL;

	memset(c, 0, sizeof *c);
	fx_must(f, lk_assess(&f->ctx, &o, collect, c, &a));
	assert_non_null(a);
	assert_int_equal(a->households, c->n);
	if (out)
		*out = a;
	else
		lk_assess_free(a);
}

static const struct lk_assess_area *area(const struct lk_assess_area *a,
					 size_t n, const char *code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(a[i].code, code) == 0)
			return &a[i];
	fail_msg("no area %s", code);
	return NULL;
}

#define CRIT(g, c) ((g)->crit[LK_CRIT_##c])

/* ---- poor households: meets / does not -------------------------------- */

static void test_meets(void **state)
{
	struct fx *f = *state;
	struct coll c;
	struct got *g;
	int i;

	hh_std(f, "P1", V1, "poor", 2018, 5000);
	hh_std(f, "P2", V1, "returned", 2018, 5000);
	run(f, "53", 2018, &c, NULL);
	assert_int_equal(c.n, 2);
	g = get(&c, "P1");
	assert_int_equal(g->v, LK_VERDICT_MEETS);
	assert_string_equal(g->status, "poor");
	assert_int_equal(CRIT(g, MONITORING), LK_CR_NA);
	for (i = LK_CRIT_SCHOOLING; i < LK_CRIT_N; i++)
		assert_int_equal(g->crit[i], LK_CR_PASS);
	assert_int_equal(CRIT(g, INCOME), LK_CR_PASS);
	assert_int_equal(g->pc, 500000);
	assert_int_equal(g->pl, 299500);
	assert_int_equal(g->people, 1);
	assert_string_equal(g->text, ""); /* nothing failed */
	assert_string_equal(g->cat, "");
	g = get(&c, "P2");
	assert_int_equal(g->v, LK_VERDICT_MEETS);
	assert_string_equal(g->status, "returned");
}

static void test_income_edges(void **state)
{
	struct fx *f = *state;
	struct lk_assess *a;
	struct coll c;
	struct got *g;

	/* 2018 line: 2995 yuan */
	hh_std(f, "B1", V1, "poor", 2018, 2994);
	hh_std(f, "B2", V1, "poor", 2018, 2995);
	hh_std(f, "B3", V1, "poor", 2018, 2996);
	hh_std(f, "B4", V1, "poor", 2018, -1);	 /* no income */
	hh_std(f, "B5", V1, "poor", 2017, 9000); /* another year only */
	run(f, V1, 2018, &c, &a);
	g = get(&c, "B1");
	assert_int_equal(g->v, LK_VERDICT_FAILS);
	assert_int_equal(CRIT(g, INCOME), LK_CR_FAIL);
	fx_contains(g->text, "[income:fail] Per-capita net income is 2994.00 "
			     "yuan (net 2994.00 yuan, household size 1), not "
			     "above the poverty line of 2995.00 yuan.");
	g = get(&c, "B2");
	assert_int_equal(g->v, LK_VERDICT_FAILS);
	assert_int_equal(CRIT(g, INCOME), LK_CR_FAIL);
	g = get(&c, "B3");
	assert_int_equal(g->v, LK_VERDICT_MEETS);
	assert_int_equal(CRIT(g, INCOME), LK_CR_PASS);
	g = get(&c, "B4");
	assert_int_equal(g->v, LK_VERDICT_FAILS);
	assert_int_equal(CRIT(g, INCOME), LK_CR_FAIL);
	assert_int_equal(g->has_income, 0);
	assert_string_equal(g->text,
			    "[income:fail] No income is recorded for 2018.");
	g = get(&c, "B5");
	assert_int_equal(g->v, LK_VERDICT_FAILS);
	fx_contains(g->text, "No income is recorded for 2018.");
	assert_int_equal(a->by_verdict[LK_VERDICT_FAILS], 4);
	assert_int_equal(a->by_verdict[LK_VERDICT_MEETS], 1);
	lk_assess_free(a);
}

static void test_income_items(void **state)
{
	struct fx *f = *state;
	struct coll c;
	struct got *g;
	int64_t h = hh_std(f, "I1", V1, "poor", 2018, 2000);

	/* dibao 1500 yuan counts by default ... */
	set(f,
	    "UPDATE income SET dibao = 150000, expense = 10000 WHERE "
	    "household_id = %s",
	    "1");
	(void)h;
	run(f, V1, 2018, &c, NULL);
	g = get(&c, "I1");
	assert_int_equal(g->pc, 340000);
	assert_int_equal(g->v, LK_VERDICT_MEETS);
	/* ... not where the policy leaves it out */
	fx_must(f, lk_policy_set(&f->ctx, "income_items", "5329", 0,
				 "wage,operating", "test"));
	run(f, V1, 2018, &c, NULL);
	g = get(&c, "I1");
	assert_int_equal(g->pc, 190000);
	assert_int_equal(g->v, LK_VERDICT_FAILS);
	/* an unknown item: the income cannot be computed */
	fx_must(f, lk_policy_set(&f->ctx, "income_items", "5329", 0,
				 "wage,lottery", "test"));
	run(f, V1, 2018, &c, NULL);
	g = get(&c, "I1");
	assert_int_equal(CRIT(g, INCOME), LK_CR_UNKNOWN);
	assert_int_equal(g->v, LK_VERDICT_UNKNOWN);
	fx_contains(g->text, "income_items (wage,lottery)");
}

/* ---- guarantees ------------------------------------------------------ */

static void test_schooling(void **state)
{
	struct fx *f = *state;
	struct coll c;
	struct got *g;
	int64_t h;

	/* ages on 2018-12-31 */
	h = hh_std(f, "S6", V1, "poor", 2018, 5000);
	m_add(f, h, "小六", "2012-12-31"); /* 6 today */
	h = hh_std(f, "S15", V1, "poor", 2018, 5000);
	m_add(f, h, "小十五", "2003-01-01"); /* 15 */
	h = hh_std(f, "S16", V1, "poor", 2018, 5000);
	m_add(f, h, "小十六", "2002-12-31"); /* 16 today: not counted */
	h = hh_std(f, "S5", V1, "poor", 2018, 5000);
	m_add(f, h, "小五", "2013-01-01"); /* 5 */
	h = hh_std(f, "SIN", V1, "poor", 2018, 5000);
	m_add(f, h, "小学生", "2008-03-03");
	h = hh_std(f, "SILL", V1, "poor", 2018, 5000);
	m_add(f, h, "小病", "2008-03-03");
	h = hh_std(f, "SDIS", V1, "poor", 2018, 5000);
	m_add(f, h, "小残", "2008-03-03");
	h = hh_std(f, "SCHR", V1, "poor", 2018, 5000);
	m_add(f, h, "小慢", "2008-03-03");
	fx_exec(f, "UPDATE member SET school = 'grade7' WHERE name = '小学生'");
	fx_exec(f, "UPDATE member SET health = 'serious' WHERE name = '小病'");
	fx_exec(f, "UPDATE member SET health = 'chronic;disabled' WHERE "
		   "name = '小残'");
	fx_exec(f, "UPDATE member SET health = 'chronic' WHERE name = '小慢'");
	run(f, V1, 2018, &c, NULL);
	g = get(&c, "S6");
	assert_int_equal(CRIT(g, SCHOOLING), LK_CR_FAIL);
	assert_int_equal(g->v, LK_VERDICT_FAILS);
	fx_contains(g->text,
		    "[schooling:fail] 小六 (aged 6) is not in school.");
	g = get(&c, "S15");
	assert_int_equal(CRIT(g, SCHOOLING), LK_CR_FAIL);
	fx_contains(g->text, "小十五 (aged 15) is not in school.");
	g = get(&c, "S16");
	assert_int_equal(CRIT(g, SCHOOLING), LK_CR_PASS);
	assert_int_equal(g->v, LK_VERDICT_MEETS);
	assert_int_equal(CRIT(get(&c, "S5"), SCHOOLING), LK_CR_PASS);
	assert_int_equal(CRIT(get(&c, "SIN"), SCHOOLING), LK_CR_PASS);
	/* health reasons: a pass, with the reason recorded */
	g = get(&c, "SILL");
	assert_int_equal(CRIT(g, SCHOOLING), LK_CR_PASS);
	assert_int_equal(g->v, LK_VERDICT_MEETS);
	fx_contains(g->text, "[schooling:pass] 小病 (aged 10) is not in "
			     "school, for health reasons (serious illness)");
	g = get(&c, "SDIS");
	assert_int_equal(CRIT(g, SCHOOLING), LK_CR_PASS);
	fx_contains(g->text, "for health reasons (disabled)");
	/* chronic illness alone is no reason */
	assert_int_equal(CRIT(get(&c, "SCHR"), SCHOOLING), LK_CR_FAIL);
}

static void test_medical(void **state)
{
	struct fx *f = *state;
	struct coll c;
	struct got *g;
	int64_t h;

	h = hh_std(f, "MNONE", V1, "poor", 2018, 5000);
	m_add(f, h, "无医保", "1980-01-01");
	h = hh_std(f, "MEMP", V1, "poor", 2018, 5000);
	m_add(f, h, "职工", "1980-01-01");
	h = hh_std(f, "MSER", V1, "poor", 2018, 5000);
	m_add(f, h, "无大病", "1980-01-01");
	h = hh_std(f, "MUNK", V1, "poor", 2018, 5000);
	m_add(f, h, "未知", "1980-01-01");
	fx_exec(f, "UPDATE member SET medical_insurance = 0 WHERE name IN "
		   "('无医保', '职工')");
	fx_exec(f, "UPDATE member SET employee_medical_insurance = 1 WHERE "
		   "name = '职工'");
	fx_exec(f, "UPDATE member SET serious_illness_insurance = 0 WHERE "
		   "name = '无大病'");
	fx_exec(f, "UPDATE member SET medical_insurance = NULL, "
		   "serious_illness_insurance = NULL WHERE name = '未知'");
	run(f, V1, 2018, &c, NULL);
	g = get(&c, "MNONE");
	assert_int_equal(CRIT(g, MEDICAL), LK_CR_FAIL);
	assert_int_equal(CRIT(g, SERIOUS_ILLNESS), LK_CR_PASS);
	assert_int_equal(g->v, LK_VERDICT_FAILS);
	assert_string_equal(g->text, "[medical_insurance:fail] 无医保 has no "
				     "basic medical insurance.");
	g = get(&c, "MEMP");
	assert_int_equal(CRIT(g, MEDICAL), LK_CR_PASS);
	assert_int_equal(g->v, LK_VERDICT_MEETS);
	g = get(&c, "MSER");
	assert_int_equal(CRIT(g, MEDICAL), LK_CR_PASS);
	assert_int_equal(CRIT(g, SERIOUS_ILLNESS), LK_CR_FAIL);
	assert_int_equal(g->v, LK_VERDICT_FAILS);
	assert_string_equal(g->text, "[serious_illness_insurance:fail] 无大病 "
				     "has no serious-illness insurance.");
	g = get(&c, "MUNK");
	assert_int_equal(CRIT(g, MEDICAL), LK_CR_FAIL);
	assert_int_equal(CRIT(g, SERIOUS_ILLNESS), LK_CR_FAIL);
}

static void test_member_left(void **state)
{
	struct fx *f = *state;
	struct coll c;
	struct got *g;
	int64_t h = hh_std(f, "L1", V1, "poor", 2018, 5000);

	/* a dropout who moved out in 2018 is not a member on 2018-12-31;
	 * an uninsured one who died in 2019 still is */
	m_add(f, h, "走了", "2008-01-01");
	m_add(f, h, "后来去世", "1940-01-01");
	fx_exec(f, "UPDATE member SET member_status = 'moved', status_date = "
		   "'2018-09-01' WHERE name = '走了'");
	fx_exec(f, "UPDATE member SET member_status = 'deceased', "
		   "status_date = '2019-02-01', medical_insurance = 0 WHERE "
		   "name = '后来去世'");
	run(f, V1, 2018, &c, NULL);
	g = get(&c, "L1");
	assert_int_equal(g->people, 2);
	assert_int_equal(CRIT(g, SCHOOLING), LK_CR_PASS);
	assert_int_equal(CRIT(g, MEDICAL), LK_CR_FAIL);
	fx_contains(g->text, "后来去世 has no basic medical insurance.");
}

static void test_housing(void **state)
{
	struct fx *f = *state;
	struct coll c;
	struct got *g;

	hh_std(f, "HA", V1, "poor", 2018, 5000);
	hh_std(f, "HC", V1, "poor", 2018, 5000);
	hh_std(f, "HD", V1, "poor", 2018, 5000);
	hh_std(f, "HRD", V1, "poor", 2018, 5000);
	hh_std(f, "HN", V1, "poor", 2018, 5000);
	set(f,
	    "UPDATE household SET house_grade = 'A' WHERE household_no = "
	    "'%s'",
	    "HA");
	set(f,
	    "UPDATE household SET house_grade = 'C' WHERE household_no = "
	    "'%s'",
	    "HC");
	set(f,
	    "UPDATE household SET house_grade = 'D' WHERE household_no = "
	    "'%s'",
	    "HD");
	set(f,
	    "UPDATE household SET house_grade = 'D', relocated = 1 WHERE "
	    "household_no = '%s'",
	    "HRD");
	set(f,
	    "UPDATE household SET house_grade = NULL WHERE household_no = "
	    "'%s'",
	    "HN");
	run(f, V1, 2018, &c, NULL);
	assert_int_equal(CRIT(get(&c, "HA"), HOUSING), LK_CR_PASS);
	g = get(&c, "HC");
	assert_int_equal(CRIT(g, HOUSING), LK_CR_FAIL);
	assert_int_equal(g->v, LK_VERDICT_FAILS);
	fx_contains(g->text, "[housing:fail] The house is graded C");
	g = get(&c, "HD");
	assert_int_equal(CRIT(g, HOUSING), LK_CR_FAIL);
	fx_contains(g->text, "The house is graded D");
	g = get(&c, "HRD");
	assert_int_equal(CRIT(g, HOUSING), LK_CR_PASS);
	assert_int_equal(g->v, LK_VERDICT_MEETS);
	g = get(&c, "HN");
	assert_int_equal(CRIT(g, HOUSING), LK_CR_FAIL);
	fx_contains(g->text, "The housing safety grade is not recorded.");
}

static void test_water(void **state)
{
	struct fx *f = *state;
	struct coll c;
	struct got *g;

	hh_std(f, "W0", V1, "poor", 2018, 5000);
	hh_std(f, "WD", V1, "poor", 2018, 5000);
	hh_std(f, "WN", V1, "poor", 2018, 5000);
	hh_std(f, "WDN", V1, "poor", 2018, 5000);
	set(f,
	    "UPDATE household SET water_safe = 0 WHERE household_no = "
	    "'%s'",
	    "W0");
	set(f,
	    "UPDATE household SET water_difficult = 1 WHERE household_no "
	    "= '%s'",
	    "WD");
	set(f,
	    "UPDATE household SET water_safe = NULL WHERE household_no = "
	    "'%s'",
	    "WN");
	set(f,
	    "UPDATE household SET water_difficult = NULL WHERE "
	    "household_no = '%s'",
	    "WDN");
	run(f, V1, 2018, &c, NULL);
	g = get(&c, "W0");
	assert_int_equal(CRIT(g, WATER), LK_CR_FAIL);
	assert_int_equal(g->v, LK_VERDICT_FAILS);
	assert_string_equal(g->text,
			    "[water:fail] The drinking water is not safe.");
	g = get(&c, "WD");
	assert_int_equal(CRIT(g, WATER), LK_CR_FAIL);
	fx_contains(g->text, "Getting drinking water is difficult.");
	g = get(&c, "WN");
	assert_int_equal(CRIT(g, WATER), LK_CR_FAIL);
	fx_contains(g->text, "is not recorded");
	assert_int_equal(CRIT(get(&c, "WDN"), WATER), LK_CR_PASS);
}

/* ---- missing policy values -------------------------------------------- */

static void test_missing_policy_year(void **state)
{
	struct fx *f = *state;
	struct lk_assess *a;
	struct coll c;
	struct got *g;
	int64_t h;

	hh_std(f, "Y1", V1, "poor", 2023, 9000);
	hh_std(f, "Y2", V1, "poor", 2023, 9000);
	set(f,
	    "UPDATE household SET house_grade = 'D' WHERE household_no = "
	    "'%s'",
	    "Y2");
	/* no national poverty line after 2020: cannot be assessed, and the
	 * run itself succeeds */
	run(f, V1, 2023, &c, &a);
	g = get(&c, "Y1");
	assert_int_equal(g->v, LK_VERDICT_UNKNOWN);
	assert_int_equal(CRIT(g, INCOME), LK_CR_UNKNOWN);
	assert_int_equal(g->has_pl, 0);
	assert_int_equal(g->pc, 900000); /* the income is still shown */
	fx_contains(g->text, "[income:unknown] Per-capita net income is "
			     "9000.00 yuan");
	fx_contains(g->text, "the policy has no poverty_line for region "
			     "532923101202 in 2023");
	/* a failed guarantee decides without the line */
	g = get(&c, "Y2");
	assert_int_equal(g->v, LK_VERDICT_FAILS);
	fx_contains(g->text, "poverty_line");
	/* the thresholds hold for every year */
	assert_int_equal(a->nvillages, 1);
	assert_int_equal(a->villages[0].has_threshold, 1);
	lk_assess_free(a);
	/* before the first line (2010) */
	h = hh_add(f, "Y3", V1);
	ev(f, h, "2005-01-01", "status", "poor");
	m_add(f, h, "老王", "1950-01-01");
	inc(f, h, 2009, 1, 900);
	run(f, V1, 2009, &c, NULL);
	g = get(&c, "Y3");
	assert_int_equal(g->v, LK_VERDICT_UNKNOWN);
	fx_contains(g->text, "poverty_line");
	/* a value the policy lacks altogether */
	fx_exec(f, "DELETE FROM policy WHERE kind LIKE 'age.compulsory%'");
	run(f, V1, 2018, &c, NULL);
	g = get(&c, "Y1");
	assert_int_equal(CRIT(g, SCHOOLING), LK_CR_UNKNOWN);
	assert_int_equal(g->v, LK_VERDICT_FAILS); /* no income for 2018 */
	fx_contains(g->text, "[schooling:unknown] Compulsory schooling cannot "
			     "be checked: the policy has no "
			     "age.compulsory_min");
}

static void test_policy_lookup(void **state)
{
	struct fx *f = *state;
	char v[LK_POLICY_VALUE_MAX];
	struct coll c;

	fx_must(f, lk_policy_set(&f->ctx, "poverty_line", "53", 2018, "3050",
				 "provincial line"));
	fx_must(f, lk_policy_set(&f->ctx, "poverty_line", "532923", 2018,
				 "3100", "county line"));
	/* direct lookups: the longest prefix wins */
	fx_must(f, lk_policy_get(&f->ctx, "poverty_line", V1, 2018, v));
	assert_string_equal(v, "3100");
	fx_must(f, lk_policy_get(&f->ctx, "poverty_line", V3, 2018, v));
	assert_string_equal(v, "3050");
	fx_must(f, lk_policy_get(&f->ctx, "poverty_line", Z1, 2018, v));
	assert_string_equal(v, "2995");
	/* a year the province did not set falls back to the national one */
	fx_must(f, lk_policy_get(&f->ctx, "poverty_line", V1, 2019, v));
	assert_string_equal(v, "3218");
	/* a missing year is a clear error, not a default */
	assert_int_equal(lk_policy_get(&f->ctx, "poverty_line", V1, 2023, v),
			 LK_ENOTFOUND);
	fx_contains(lk_err_msg(&f->ctx.err), "poverty_line");
	fx_contains(lk_err_msg(&f->ctx.err), "2023");
	/* the same through the assessment */
	hh_std(f, "N1", V1, "poor", 2018, 3060);
	hh_std(f, "N2", V3, "poor", 2018, 3060);
	hh_std(f, "N3", Z1, "poor", 2018, 3060);
	run(f, "", 2018, &c, NULL);
	assert_int_equal(c.n, 3);
	assert_int_equal(get(&c, "N1")->pl, 310000);
	assert_int_equal(get(&c, "N1")->v, LK_VERDICT_FAILS);
	assert_int_equal(get(&c, "N2")->pl, 305000);
	assert_int_equal(get(&c, "N2")->v, LK_VERDICT_MEETS);
	assert_int_equal(get(&c, "N3")->pl, 299500);
	assert_int_equal(get(&c, "N3")->v, LK_VERDICT_MEETS);
	/* a user value of the same prefix and year beats the file's */
	fx_must(f, lk_policy_set(&f->ctx, "poverty_line", "", 2018, "3070",
				 "national correction"));
	run(f, "", 2018, &c, NULL);
	assert_int_equal(get(&c, "N3")->pl, 307000);
	assert_int_equal(get(&c, "N3")->v, LK_VERDICT_FAILS);
	assert_int_equal(get(&c, "N1")->pl, 310000);
}

/* ---- lifted households ------------------------------------------------ */

static void test_lifted(void **state)
{
	struct fx *f = *state;
	struct coll c;
	struct got *g;
	int64_t h;

	/* 2020: poverty line 4000, monitoring line 6000 */
	hh_std(f, "T1", V1, "lifted", 2020, 5999);
	hh_std(f, "T2", V1, "lifted", 2020, 6000);
	hh_std(f, "T3", V1, "lifted", 2020, 6001);
	hh_std(f, "T4", V1, "lifted", 2020, 3900);
	hh_std(f, "T5", V1, "lifted", 2020, 9000);
	hh_std(f, "T6", V1, "lifted", 2020, -1);
	h = hh_std(f, "T7", V1, "lifted", 2020, 5000);
	ev(f, h, "2020-05-01", "monitoring", "unstable");
	set(f,
	    "UPDATE household SET water_safe = 0 WHERE household_no = "
	    "'%s'",
	    "T5");
	run(f, V1, 2020, &c, NULL);
	g = get(&c, "T1");
	assert_int_equal(g->v, LK_VERDICT_AT_RISK);
	assert_string_equal(g->cat, "unstable");
	assert_int_equal(CRIT(g, MONITORING), LK_CR_FAIL);
	assert_int_equal(CRIT(g, INCOME), LK_CR_PASS);
	assert_int_equal(g->ml, 600000);
	fx_contains(g->text, "[monitoring:fail] Per-capita net income of "
			     "5999.00 yuan is below the monitoring line of "
			     "6000.00 yuan.");
	fx_contains(g->text, "It is not monitored in the ledger on "
			     "2020-12-31.");
	g = get(&c, "T2");
	assert_int_equal(g->v, LK_VERDICT_STABLE);
	assert_int_equal(CRIT(g, MONITORING), LK_CR_PASS);
	assert_string_equal(g->cat, "");
	assert_string_equal(g->text, "");
	assert_int_equal(get(&c, "T3")->v, LK_VERDICT_STABLE);
	g = get(&c, "T4");
	assert_int_equal(g->v, LK_VERDICT_AT_RISK);
	assert_int_equal(CRIT(g, INCOME), LK_CR_FAIL);
	g = get(&c, "T5"); /* income fine, a guarantee fails */
	assert_int_equal(g->v, LK_VERDICT_AT_RISK);
	assert_int_equal(CRIT(g, WATER), LK_CR_FAIL);
	g = get(&c, "T6");
	assert_int_equal(g->v, LK_VERDICT_UNKNOWN);
	assert_int_equal(CRIT(g, INCOME), LK_CR_UNKNOWN);
	fx_contains(g->text, "No income is recorded for 2020.");
	g = get(&c, "T7"); /* at risk and monitored already */
	assert_int_equal(g->v, LK_VERDICT_AT_RISK);
	assert_string_equal(g->monitored, "unstable");
	fx_contains(g->text, "It is monitored in the ledger on 2020-12-31 as "
			     "unstable lifted household since 2020-05-01.");
}

static void test_lifted_no_monitoring_line(void **state)
{
	struct fx *f = *state;
	struct coll c;
	struct got *g;

	/* 2018: no monitoring that year (policy "none"): not compared, and
	 * not reported as missing */
	hh_std(f, "U1", V1, "lifted", 2018, 2996);
	hh_std(f, "U2", V1, "lifted", 2018, 2995);
	run(f, V1, 2018, &c, NULL);
	g = get(&c, "U1");
	assert_int_equal(g->v, LK_VERDICT_STABLE);
	assert_int_equal(CRIT(g, MONITORING), LK_CR_NA);
	assert_null(strstr(g->text, "monitoring_line"));
	/* a poverty line but no monitoring line at all */
	fx_exec(f, "DELETE FROM policy WHERE kind = 'monitoring_line' AND "
		   "year = 2018");
	run(f, V1, 2018, &c, NULL);
	g = get(&c, "U1");
	assert_int_equal(g->v, LK_VERDICT_STABLE);
	assert_int_equal(CRIT(g, MONITORING), LK_CR_UNKNOWN);
	assert_int_equal(g->has_ml, 0);
	fx_contains(g->text, "[monitoring:unknown] The policy has no "
			     "monitoring_line for region 532923101202");
	fx_contains(g->text, "the income is not compared with a monitoring "
			     "line.");
	g = get(&c, "U2");
	assert_int_equal(g->v, LK_VERDICT_AT_RISK);
	assert_string_equal(g->cat, "unstable");
	/* 2023: the province's monitoring line, no poverty line */
	hh_std(f, "U3", V1, "lifted", 2023, 8049);
	hh_std(f, "U4", V1, "lifted", 2023, 8050);
	hh_std(f, "U5", Z1, "lifted", 2023, 9000); /* neither line */
	run(f, "", 2023, &c, NULL);
	g = get(&c, "U3");
	assert_int_equal(g->v, LK_VERDICT_AT_RISK);
	assert_int_equal(g->ml, 805000);
	assert_int_equal(CRIT(g, INCOME), LK_CR_UNKNOWN);
	g = get(&c, "U4");
	assert_int_equal(g->v, LK_VERDICT_STABLE);
	g = get(&c, "U5");
	assert_int_equal(g->v, LK_VERDICT_UNKNOWN);
	fx_contains(g->text, "poverty_line");
	fx_contains(g->text, "monitoring_line");
}

static void test_risk_types(void **state)
{
	struct fx *f = *state;
	struct coll c;
	int64_t h;

	/* all at risk through the monitoring line (2020) */
	h = hh_std(f, "R1", V1, "lifted", 2020, 5000);
	m_add(f, h, "病人", "1960-01-01");
	set(f,
	    "UPDATE household SET main_cause = '1' WHERE household_no = "
	    "'%s'",
	    "R1");
	h = hh_std(f, "R2", V1, "lifted", 2020, 5000);
	m_add(f, h, "慢病", "1960-01-01");
	set(f,
	    "UPDATE household SET other_causes = '7;1' WHERE household_no "
	    "= '%s'",
	    "R2");
	h = hh_std(f, "R3", V1, "lifted", 2020, 5000); /* ill, other cause */
	m_add(f, h, "又病", "1960-01-01");
	h = hh_std(f, "R4", V1, "lifted", 2020, 5000);
	m_add(f, h, "辍学", "2010-01-01");
	h = hh_std(f, "R5", V1, "lifted", 2020, 5000);
	m_add(f, h, "残疾", "1960-01-01");
	set(f,
	    "UPDATE household SET main_cause = '2', other_causes = '4' "
	    "WHERE household_no = '%s'",
	    "R5");
	hh_std(f, "R6", V1, "lifted", 2020, 5000);
	set(f,
	    "UPDATE household SET main_cause = '3' WHERE household_no = "
	    "'%s'",
	    "R6");
	h = hh_std(f, "R7", V1, "lifted", 2020, 5000);
	fx_exec(f, "UPDATE member SET health = 'serious' WHERE name IN "
		   "('病人', '又病')");
	fx_exec(f, "UPDATE member SET health = 'healthy;chronic' WHERE name = "
		   "'慢病'");
	fx_exec(f, "UPDATE member SET health = 'disabled' WHERE name = '残疾'");
	/* R7: the only adult is weak, the other one 61 */
	fx_exec(f, "UPDATE member SET labour = 'weak' WHERE household_id = 7");
	m_add(f, h, "老人", "1959-06-01");
	run(f, V1, 2020, &c, NULL);
	assert_string_equal(get(&c, "R1")->risks, "illness");
	assert_string_equal(get(&c, "R2")->risks, "illness");
	assert_string_equal(get(&c, "R3")->risks, "other");
	assert_string_equal(get(&c, "R4")->risks, "schooling");
	assert_string_equal(get(&c, "R5")->risks, "disability;disaster");
	assert_string_equal(get(&c, "R6")->risks, "schooling");
	assert_string_equal(get(&c, "R7")->risks, "labour");
	assert_int_equal(get(&c, "R7")->v, LK_VERDICT_AT_RISK);
}

/* ---- ordinary households ---------------------------------------------- */

static void test_ordinary(void **state)
{
	struct fx *f = *state;
	struct coll c;
	struct got *g;

	/* 2020: poverty line 4000, monitoring line 6000 */
	hh_std(f, "O1", V1, "ordinary", 2020, 3999);
	hh_std(f, "O2", V1, "ordinary", 2020, 4000);
	hh_std(f, "O3", V1, "ordinary", 2020, 4001);
	hh_std(f, "O4", V1, "ordinary", 2020, 5999);
	hh_std(f, "O5", V1, "ordinary", 2020, 6000);
	hh_std(f, "O6", V1, "ordinary", 2020, 20000);
	hh_std(f, "O7", V1, "ordinary", 2020, 20000);
	hh_std(f, "O8", V1, "ordinary", 2020, -1);
	set(f,
	    "UPDATE household SET house_grade = 'D' WHERE household_no = "
	    "'%s'",
	    "O7");
	run(f, V1, 2020, &c, NULL);
	g = get(&c, "O1");
	assert_string_equal(g->status, "ordinary");
	assert_int_equal(g->v, LK_VERDICT_IDENTIFY);
	assert_string_equal(g->cat, "");
	assert_int_equal(get(&c, "O2")->v, LK_VERDICT_IDENTIFY);
	g = get(&c, "O3");
	assert_int_equal(g->v, LK_VERDICT_MONITOR);
	assert_string_equal(g->cat, "marginal");
	assert_int_equal(get(&c, "O4")->v, LK_VERDICT_MONITOR);
	g = get(&c, "O5");
	assert_int_equal(g->v, LK_VERDICT_NONE);
	assert_string_equal(g->text, "");
	assert_int_equal(get(&c, "O6")->v, LK_VERDICT_NONE);
	g = get(&c, "O7");
	assert_int_equal(g->v, LK_VERDICT_MONITOR);
	assert_string_equal(g->cat, "marginal");
	assert_string_equal(g->risks, "other");
	assert_int_equal(get(&c, "O8")->v, LK_VERDICT_UNKNOWN);
	/* 2018: no monitoring that year (policy "none"); above the line is
	 * neither, and nothing is said of monitoring */
	hh_std(f, "O9", V1, "ordinary", 2018, 2996);
	run(f, V1, 2018, &c, NULL);
	g = get(&c, "O9");
	assert_int_equal(g->v, LK_VERDICT_NONE);
	assert_null(strstr(g->text, "monitoring"));
}

/* ---- status on the reference date ------------------------------------ */

static void test_status_on_date(void **state)
{
	struct fx *f = *state;
	struct lk_assess *a;
	struct coll c;
	int64_t h;

	/* identified in 2019: ordinary at the end of 2018 */
	h = hh_add(f, "D1", V1);
	ev(f, h, "2019-01-01", "status", "poor");
	m_add(f, h, "甲", "1970-01-01");
	inc(f, h, 2018, 1, 2000);
	/* removed in 2018: not assessed, its people still count */
	h = hh_add(f, "D2", V1);
	ev(f, h, "2015-01-01", "status", "poor");
	ev(f, h, "2018-06-01", "status", "removed");
	m_add(f, h, "乙", "1970-01-01");
	m_add(f, h, "丙", "1971-01-01");
	/* lifted at the very end of 2018 */
	hh_std(f, "D3", V1, "poor", 2018, 5000);
	ev(f, 3, "2018-12-31", "status", "lifted");
	run(f, V1, 2018, &c, &a);
	assert_int_equal(c.n, 2);
	assert_string_equal(get(&c, "D1")->status, "ordinary");
	assert_int_equal(get(&c, "D1")->v, LK_VERDICT_IDENTIFY);
	assert_string_equal(get(&c, "D3")->status, "lifted");
	assert_int_equal(a->not_assessed, 1);
	assert_int_equal(a->villages[0].households, 3);
	assert_int_equal(a->villages[0].people, 4);
	assert_int_equal(a->villages[0].poor_people, 0);
	lk_assess_free(a);
	/* a year later D1 is poor */
	run(f, V1, 2019, &c, &a);
	assert_string_equal(get(&c, "D1")->status, "poor");
	assert_int_equal(a->villages[0].poor_people, 1);
	lk_assess_free(a);
}

/* ---- incidence --------------------------------------------------------- */

/* A household of status st with n people of unknown age. */
static int64_t people(struct fx *f, const char *no, const char *village,
		      const char *st, int n)
{
	int64_t h = hh_add(f, no, village);

	if (strcmp(st, "ordinary") != 0)
		ev(f, h, "2015-01-01", "status", st);
	m_many(f, h, n);
	return h;
}

static void test_incidence_3pct(void **state)
{
	struct fx *f = *state;
	const struct lk_assess_area *x;
	struct lk_assess *a;
	struct coll c;
	int64_t h;

	/* 龙下登村: 3 of 100 = 3%: not below the western 3% */
	people(f, "A1", V3, "poor", 2);
	people(f, "A2", V3, "returned", 1);
	h = people(f, "A3", V3, "ordinary", 90);
	people(f, "A4", V3, "lifted", 7);
	/* 上村: 3 of 101 */
	people(f, "B1", V1, "poor", 3);
	people(f, "B2", V1, "ordinary", 98);
	/* 下村: nobody poor */
	people(f, "C1", V2, "lifted", 10);
	run(f, "53", 2018, &c, &a);
	assert_int_equal(a->nvillages, 3);
	assert_int_equal(a->ncounties, 2);
	assert_string_equal(a->villages[0].code, V3); /* code order */
	assert_string_equal(a->counties[0].code, "532901");
	x = area(a->villages, a->nvillages, V3);
	assert_int_equal(x->level, LK_LEVEL_VILLAGE);
	assert_string_equal(x->name, "龙下登村");
	assert_int_equal(x->households, 4);
	assert_int_equal(x->people, 100);
	assert_int_equal(x->poor_households, 2);
	assert_int_equal(x->poor_people, 3);
	assert_int_equal(x->incidence_ppm, 30000);
	assert_int_equal(x->has_threshold, 1);
	assert_int_equal(x->threshold_ppm, 30000);
	assert_int_equal(x->meets, 0);
	assert_null(x->reason);
	x = area(a->villages, a->nvillages, V1);
	assert_int_equal(x->incidence_ppm, 29703);
	assert_int_equal(x->meets, 1);
	x = area(a->villages, a->nvillages, V2);
	assert_int_equal(x->incidence_ppm, 0);
	assert_int_equal(x->meets, 1);
	x = area(a->counties, a->ncounties, "532901");
	assert_int_equal(x->level, LK_LEVEL_COUNTY);
	assert_string_equal(x->name, "大理市");
	assert_int_equal(x->people, 100);
	assert_int_equal(x->threshold_ppm, 30000);
	assert_int_equal(x->meets, 0);
	x = area(a->counties, a->ncounties, "532923");
	assert_int_equal(x->people, 111);
	assert_int_equal(x->poor_people, 3);
	assert_int_equal(x->meets, 1);
	lk_assess_free(a);
	/* one more person: 3 of 101, both meet */
	m_many(f, h, 1);
	run(f, "5329", 2018, &c, &a);
	assert_int_equal(area(a->villages, a->nvillages, V3)->meets, 1);
	assert_int_equal(area(a->counties, a->ncounties, "532901")->meets, 1);
	lk_assess_free(a);
	/* a town: villages only; a village: itself */
	run(f, "532923101", 2018, &c, &a);
	assert_int_equal(a->nvillages, 2);
	assert_int_equal(a->ncounties, 0);
	lk_assess_free(a);
	run(f, V3, 2018, &c, &a);
	assert_int_equal(a->nvillages, 1);
	assert_int_equal(a->ncounties, 0);
	assert_string_equal(a->region, V3);
	lk_assess_free(a);
}

static void test_incidence_2pct(void **state)
{
	struct fx *f = *state;
	const struct lk_assess_area *x;
	struct lk_assess *a;
	struct coll c;
	int64_t h;

	/* Zhejiang: 2%.  一村 1 of 50; 二村 1 of 51; county 2 of 101 */
	people(f, "Z11", Z1, "poor", 1);
	people(f, "Z12", Z1, "ordinary", 49);
	people(f, "Z21", Z2, "poor", 1);
	h = people(f, "Z22", Z2, "ordinary", 50);
	run(f, "33", 2018, &c, &a);
	x = area(a->villages, a->nvillages, Z1);
	assert_int_equal(x->threshold_ppm, 20000);
	assert_int_equal(x->incidence_ppm, 20000);
	assert_int_equal(x->meets, 0);
	x = area(a->villages, a->nvillages, Z2);
	assert_int_equal(x->incidence_ppm, 19608);
	assert_int_equal(x->meets, 1);
	x = area(a->counties, a->ncounties, "330122");
	assert_int_equal(x->threshold_ppm, 20000);
	assert_int_equal(x->people, 101);
	assert_int_equal(x->meets, 1);
	lk_assess_free(a);
	/* one person fewer: the county is at 2 of 100 */
	set(f,
	    "DELETE FROM member WHERE id = (SELECT max(id) FROM member "
	    "WHERE household_id = %s)",
	    "4");
	(void)h;
	run(f, "33", 2018, &c, &a);
	x = area(a->counties, a->ncounties, "330122");
	assert_int_equal(x->people, 100);
	assert_int_equal(x->incidence_ppm, 20000);
	assert_int_equal(x->meets, 0);
	assert_int_equal(area(a->villages, a->nvillages, Z2)->meets, 0);
	lk_assess_free(a);
	/* no threshold in the policy, no people: cannot be assessed */
	fx_exec(f, "DELETE FROM policy WHERE kind = 'village_exit_incidence'");
	fx_exec(f, "DELETE FROM member WHERE household_id IN (1, 2)");
	run(f, "33", 2018, &c, &a);
	x = area(a->villages, a->nvillages, Z1);
	assert_int_equal(x->people, 0);
	assert_int_equal(x->incidence_ppm, -1);
	assert_int_equal(x->has_threshold, 0);
	assert_int_equal(x->meets, -1);
	fx_contains(x->reason, "The policy has no village_exit_incidence");
	x = area(a->counties, a->ncounties, "330122");
	assert_int_equal(x->meets, 0);
	lk_assess_free(a);
}

/* ---- explain mode, scope and errors ----------------------------------- */

static void test_explain(void **state)
{
	struct fx *f = *state;
	struct lk_assess_opts o = {NULL, 2018, 0, 1};
	struct lk_assess *a = NULL;
	struct coll c;
	struct got *g;
	int64_t h;

	hh_std(f, "E0", V1, "poor", 2018, 2000);
	h = hh_std(f, "E1", V1, "poor", 2018, 5000);
	m_add(f, h, "小明", "2008-01-01");
	m_add(f, h, "无生日", NULL);
	fx_exec(f, "UPDATE member SET school = 'primary' WHERE name = '小明'");
	hh_std(f, "E2", V2, "poor", 2018, 5000);
	o.household = h;
	memset(&c, 0, sizeof c);
	fx_must(f, lk_assess(&f->ctx, &o, collect, &c, &a));
	assert_int_equal(c.n, 1);
	assert_int_equal(a->households, 1);
	g = get(&c, "E1");
	assert_int_equal(g->v, LK_VERDICT_MEETS);
	fx_contains(g->text, "[income:pass] Per-capita net income is 5000.00 "
			     "yuan (net 5000.00 yuan, household size 1), above "
			     "the poverty line of 2995.00 yuan.");
	fx_contains(g->text, "[schooling:pass] 小明 (aged 10) is in school "
			     "(primary school).");
	fx_contains(g->text, "无生日 has no known birth date: not checked.");
	fx_contains(g->text, "[medical_insurance:pass] 张大 has residents' "
			     "basic medical insurance.");
	fx_contains(g->text, "[serious_illness_insurance:pass] 小明 has "
			     "serious-illness insurance.");
	fx_contains(g->text, "[housing:pass] The house is graded B (safe)");
	fx_contains(g->text, "[water:pass] The drinking water is safe");
	/* its village is assessed for the incidence, the others not */
	assert_int_equal(a->nvillages, 1);
	assert_string_equal(a->villages[0].code, V1);
	assert_int_equal(a->villages[0].households, 2);
	assert_int_equal(a->villages[0].poor_people, 4);
	assert_int_equal(a->ncounties, 0);
	lk_assess_free(a);
	a = NULL;
	/* unknown household, or outside the scope */
	o.household = 999;
	assert_int_equal(lk_assess(&f->ctx, &o, collect, &c, &a), LK_ENOTFOUND);
	assert_null(a);
	o.household = h;
	f->ctx.scope = "532901";
	assert_int_equal(lk_assess(&f->ctx, &o, collect, &c, &a), LK_EPERM);
	assert_null(a);
	f->ctx.scope = "";
}

static void test_errors_and_scope(void **state)
{
	struct fx *f = *state;
	struct lk_assess_opts o = {"53", 2018, 0, 0};
	struct lk_assess *a = NULL;
	struct coll c;

	hh_std(f, "S1", V1, "poor", 2018, 5000);
	hh_std(f, "S2", V3, "poor", 2018, 5000);
	o.year = 1900;
	assert_int_equal(lk_assess(&f->ctx, &o, collect, &c, &a), LK_EINVAL);
	o.year = 2018;
	o.region = "53a";
	assert_int_equal(lk_assess(&f->ctx, &o, collect, &c, &a), LK_EINVAL);
	assert_null(a);
	/* the scope narrows the region */
	f->ctx.scope = "532901";
	run(f, "53", 2018, &c, &a);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.g[0].no, "S2");
	assert_string_equal(a->region, "532901");
	lk_assess_free(a);
	a = NULL;
	o.region = V1;
	assert_int_equal(lk_assess(&f->ctx, &o, collect, &c, &a), LK_EPERM);
	f->ctx.scope = "";
	/* the callback's return stops the run; no result */
	o.region = "53";
	memset(&c, 0, sizeof c);
	c.stop = 1;
	assert_int_equal(lk_assess(&f->ctx, &o, collect, &c, &a), 7);
	assert_null(a);
	assert_int_equal(c.n, 1);
	/* no callback, no result wanted */
	fx_must(f, lk_assess(&f->ctx, &o, NULL, NULL, NULL));
	/* an empty region */
	run(f, "54", 2018, &c, &a);
	assert_int_equal(c.n, 0);
	assert_int_equal(a->nvillages, 0);
	assert_int_equal(a->ncounties, 0);
	lk_assess_free(a);
	lk_assess_free(NULL);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(lk_verdict_id(LK_VERDICT_MEETS), "meets");
	assert_string_equal(lk_verdict_id(LK_VERDICT_AT_RISK), "at_risk");
	assert_string_equal(lk_verdict_id(LK_VERDICT_UNKNOWN), "unknown");
	assert_string_equal(lk_verdict_id(LK_VERDICT_N), "unknown");
	assert_string_equal(lk_verdict_text(LK_VERDICT_FAILS),
			    "does not meet the exit criteria");
	assert_string_equal(lk_crit_id(LK_CRIT_SERIOUS_ILLNESS),
			    "serious_illness_insurance");
	assert_string_equal(lk_crit_id(LK_CRIT_N), "household");
	assert_string_equal(lk_crit_result_id(LK_CR_UNKNOWN), "unknown");
	assert_string_equal(lk_crit_text(LK_CRIT_WATER), "safe drinking water");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),
	    T(test_meets),
	    T(test_income_edges),
	    T(test_income_items),
	    T(test_schooling),
	    T(test_medical),
	    T(test_member_left),
	    T(test_housing),
	    T(test_water),
	    T(test_missing_policy_year),
	    T(test_policy_lookup),
	    T(test_lifted),
	    T(test_lifted_no_monitoring_line),
	    T(test_risk_types),
	    T(test_ordinary),
	    T(test_status_on_date),
	    T(test_incidence_3pct),
	    T(test_incidence_2pct),
	    T(test_explain),
	    T(test_errors_and_scope),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
