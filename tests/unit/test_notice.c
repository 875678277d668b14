/* Unit tests of public notices and objections (procedure/notice.h):
 * notice periods with an injected clock, objections suspending
 * procedures, resolutions, and what a printed notice may show. */
#include "fixture.h"

#include "policy/policy.h"
#include "procedure/notice.h"
#include "procedure/procedure.h"

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

/* Everything the notice functions write, as numbers. */
struct ncounts {
	int64_t steps, notices, items, objections, susp, open, audit, fields;
};

static void ncounts(struct fx *f, struct ncounts *c)
{
	c->steps = fx_int(f, "SELECT count(*) FROM procedure_step");
	c->notices = fx_int(f, "SELECT count(*) FROM notice");
	c->items = fx_int(f, "SELECT count(*) FROM notice_item");
	c->objections = fx_int(f, "SELECT count(*) FROM objection");
	c->susp = fx_int(f, "SELECT sum(suspended) FROM procedure");
	c->open = fx_int(f, "SELECT count(*) FROM procedure WHERE "
			    "finished_on IS NULL");
	c->audit = fx_int(f, "SELECT count(*) FROM audit");
	c->fields = fx_int(f, "SELECT coalesce(sum(length(state || "
			      "coalesce(notice_id, 0))), 0) FROM procedure") +
		    fx_int(f, "SELECT coalesce(sum(length(state || "
			      "coalesce(closed_on, ''))), 0) FROM notice") +
		    fx_int(f, "SELECT coalesce(sum(length(state || "
			      "coalesce(reasons, ''))), 0) FROM objection");
}

#define REFUSED(f, code, call, text)                                           \
	do {                                                                   \
		struct ncounts a_, b_;                                         \
		ncounts((f), &a_);                                             \
		assert_int_equal((call), (code));                              \
		fx_contains((f)->ctx.err.msg, (text));                         \
		ncounts((f), &b_);                                             \
		assert_memory_equal(&a_, &b_, sizeof a_);                      \
	} while (0)

/* Household no with a head (born 1970), a wife with a chronic illness and
 * a disability certificate, a phone and a bank account; returns the
 * head's ID in id0 and the wife's in id1. */
static void add_hh(struct fx *f, const char *no, int seq, const char *head,
		   const char *status, const char *iy, char id0[LK_ID_LEN + 1],
		   char id1[LK_ID_LEN + 1])
{
	struct lk_arena *a = &f->a;
	struct lk_rec h, m;
	char cert[32];
	int what;

	fx_id(id0, "532923", "19700101", seq * 2 + 1);
	fx_id(id1, "532923", "19720202", seq * 2 + 2);
	fx_hh(&h, a, no, VILLAGE, head, id0, status);
	rec_set(&h, a, "group", "上村组");
	rec_set(&h, a, "phone", "13912345678");
	rec_set(&h, a, "bank", "农村信用社");
	rec_set(&h, a, "bank_account", "6217001234567890123");
	rec_set(&h, a, "main_cause", "因病");
	rec_set(&h, a, "other_causes", "因残");
	if (iy)
		rec_set(&h, a, "identified_year", iy);
	fx_m(&m, a, no, head, id0, "1");
	rec_set(&m, a, "health", "健康");
	fx_must(f, lk_household_add(&f->ctx, &h, &m));
	fx_m(&m, a, no, "王秀英", id1, "2");
	rec_set(&m, a, "health", "长期慢性病;残疾");
	snprintf(cert, sizeof cert, "%s42", id1);
	rec_set(&m, a, "disability_cert", cert);
	fx_must(f, lk_member_put(&f->ctx, &m, LK_PUT_CREATE, 0, &what));
}

/* An exit procedure of household no walked to its notice step. */
static int64_t exit_at_notice(struct fx *f, const char *no)
{
	struct lk_proc_new p;
	struct lk_step_in in;
	int64_t id;

	memset(&p, 0, sizeof p);
	p.household_no = no;
	p.kind = LK_PROC_EXIT;
	p.date = "2024-05-01";
	fx_must(f, lk_proc_start(&f->ctx, &p, &id));
	lk_step_in_init(&in);
	in.step = "appraisal";
	in.date = "2024-05-01";
	in.members = 20;
	in.attending = 17;
	in.votes_for = 16;
	in.votes_against = 1;
	fx_must(f, lk_proc_step(&f->ctx, id, &in));
	lk_step_in_init(&in);
	in.date = "2024-05-02";
	in.outcome = "approved";
	fx_must(f, lk_proc_step(&f->ctx, id, &in)); /* verification */
	fx_must(f, lk_proc_step(&f->ctx, id, &in)); /* consent */
	return id;
}

static int64_t post(struct fx *f, enum lk_proc_kind k, const char *start,
		    const char *const *nos, size_t n)
{
	struct lk_notice_new nn;
	int64_t id = 0;

	memset(&nn, 0, sizeof nn);
	nn.village = VILLAGE;
	nn.kind = k;
	nn.start = start;
	nn.households = nos;
	nn.nhouseholds = n;
	fx_must(f, lk_notice_create(&f->ctx, &nn, &id));
	return id;
}

static const char *state_of(struct fx *f, int64_t pid)
{
	static char out[64];
	char q[128];

	snprintf(q, sizeof q,
		 "SELECT state || '/' || suspended FROM procedure WHERE id = "
		 "%lld",
		 (long long)pid);
	return fx_text(f, q, out, sizeof out);
}

static int next_step(struct fx *f, int64_t pid, const char *date)
{
	struct lk_step_in in;

	lk_step_in_init(&in);
	in.step = "announcement";
	in.date = date;
	in.outcome = "rejected"; /* no assessment needed */
	return lk_proc_step(&f->ctx, pid, &in);
}

/* ---- the notice period ------------------------------------------------- */

static void test_period(void **state)
{
	struct fx *f = *state;
	struct lk_notice n;
	char id0[LK_ID_LEN + 1], id1[LK_ID_LEN + 1];
	int64_t p1, nid;

	now("2024-05-03");
	add_hh(f, "N1", 1, "张三", "poor", "2014", id0, id1);
	p1 = exit_at_notice(f, "N1");
	nid = post(f, LK_PROC_EXIT, "2024-05-03", NULL, 0);
	fx_must(f, lk_notice_get(&f->ctx, nid, &f->a, &n));
	/* 7 days from 2024-05-03: until the end of 2024-05-09 */
	assert_int_equal(n.days, 7);
	assert_string_equal(n.start_date, "2024-05-03");
	assert_string_equal(n.end_date, "2024-05-09");
	assert_string_equal(n.step, "notice");
	assert_int_equal(n.nitems, 1);
	assert_string_equal(n.items[0].household_no, "N1");
	assert_string_equal(n.items[0].proc_state, "notice");
	assert_string_equal(state_of(f, p1), "notice/0");
	/* the next step cannot be taken during the notice, nor on its last
	 * day */
	now("2024-05-09");
	REFUSED(f, LK_ECONFLICT, next_step(f, p1, NULL),
		"runs until the end of 2024-05-09");
	REFUSED(f, LK_ECONFLICT, next_step(f, p1, NULL), "from 2024-05-10");
	REFUSED(f, LK_ECONFLICT, lk_notice_close(&f->ctx, nid, NULL),
		"it can be closed from 2024-05-10");
	/* the day after: the notice must be closed first */
	now("2024-05-10");
	REFUSED(f, LK_ECONFLICT, next_step(f, p1, NULL),
		"ended on 2024-05-09: close the notice first");
	REFUSED(f, LK_ECONFLICT, lk_notice_close(&f->ctx, nid, "2024-05-09"),
		"runs until the end of 2024-05-09");
	REFUSED(f, LK_EINVAL, lk_notice_close(&f->ctx, nid, "2024-05-11"),
		"after today");
	fx_must(f, lk_notice_close(&f->ctx, nid, NULL));
	assert_string_equal(state_of(f, p1), "announcement/0");
	REFUSED(f, LK_ECONFLICT, lk_notice_close(&f->ctx, nid, NULL),
		"was closed on 2024-05-10");
	/* a step dated before the close is before the previous step */
	REFUSED(f, LK_EINVAL, next_step(f, p1, "2024-05-09"),
		"before the previous step");
	fx_must(f, next_step(f, p1, NULL));
	fx_must(f, lk_notice_get(&f->ctx, nid, &f->a, &n));
	assert_string_equal(n.state, "closed");
	assert_string_equal(n.closed_on, "2024-05-10");
	fx_audit_ok(f);
}

static void test_policy_days(void **state)
{
	struct fx *f = *state;
	struct lk_notice n;
	char id0[LK_ID_LEN + 1], id1[LK_ID_LEN + 1];
	int64_t nid;

	now("2024-05-03");
	fx_must(f, lk_policy_set(&f->ctx, "notice_days.exit", "532923", 0, "10",
				 "county rule"));
	add_hh(f, "N2", 2, "张三", "poor", "2014", id0, id1);
	exit_at_notice(f, "N2");
	nid = post(f, LK_PROC_EXIT, "2024-05-03", NULL, 0);
	fx_must(f, lk_notice_get(&f->ctx, nid, &f->a, &n));
	assert_int_equal(n.days, 10);
	assert_string_equal(n.end_date, "2024-05-12");
	/* across a month and a year end */
	fx_must(f, lk_policy_set(&f->ctx, "notice_days.identification", "", 0,
				 "5", "test"));
	{
		struct lk_proc_new p;
		struct lk_step_in in;
		int64_t id;
		char a[LK_ID_LEN + 1], b[LK_ID_LEN + 1];
		now("2023-12-31");
		add_hh(f, "N3", 3, "李四", "ordinary", NULL, a, b);
		memset(&p, 0, sizeof p);
		p.household_no = "N3";
		p.kind = LK_PROC_IDENTIFICATION;
		p.date = "2023-12-29";
		fx_must(f, lk_proc_start(&f->ctx, &p, &id));
		lk_step_in_init(&in);
		in.date = "2023-12-29";
		fx_must(f, lk_proc_step(&f->ctx, id, &in));
		in.members = 9;
		in.attending = 6;
		in.votes_for = 6;
		in.votes_against = 0;
		fx_must(f, lk_proc_step(&f->ctx, id, &in));
		nid = post(f, LK_PROC_IDENTIFICATION, "2023-12-29", NULL, 0);
		fx_must(f, lk_notice_get(&f->ctx, nid, &f->a, &n));
		assert_string_equal(n.end_date, "2024-01-02");
		assert_string_equal(n.step, "notice1");
	}
	/* no notice period in the policy: an error naming it */
	fx_exec(f, "DELETE FROM policy WHERE kind = 'notice_days.exit'");
	{
		struct lk_notice_new nn;
		char c[LK_ID_LEN + 1], d[LK_ID_LEN + 1];
		int64_t x;
		now("2024-05-03");
		add_hh(f, "N4", 4, "孙八", "poor", "2014", c, d);
		exit_at_notice(f, "N4");
		memset(&nn, 0, sizeof nn);
		nn.village = VILLAGE;
		nn.kind = LK_PROC_EXIT;
		REFUSED(f, LK_ENOTFOUND, lk_notice_create(&f->ctx, &nn, &x),
			"notice_days.exit");
	}
}

/* ---- creating notices ---------------------------------------------------- */

static void test_create_errors(void **state)
{
	struct fx *f = *state;
	struct lk_notice_new nn;
	struct lk_notice n;
	char a[LK_ID_LEN + 1], b[LK_ID_LEN + 1];
	const char *only[] = {"C2"};
	const char *bad[] = {"C9"};
	int64_t x, nid;

	now("2024-05-03");
	memset(&nn, 0, sizeof nn);
	nn.village = VILLAGE;
	nn.kind = LK_PROC_EXIT;
	REFUSED(f, LK_ECONFLICT, lk_notice_create(&f->ctx, &nn, &x),
		"no exit procedure in village 532923101202 waits");
	nn.village = "532923101";
	REFUSED(f, LK_EINVAL, lk_notice_create(&f->ctx, &nn, &x),
		"is not a village");
	nn.village = VILLAGE;
	nn.step = "appraisal";
	REFUSED(f, LK_EINVAL, lk_notice_create(&f->ctx, &nn, &x),
		"has no notice step appraisal");
	nn.step = NULL;
	add_hh(f, "C1", 1, "张三", "poor", "2014", a, b);
	add_hh(f, "C2", 2, "李四", "poor", "2014", a, b);
	add_hh(f, "C3", 3, "王五", "poor", "2014", a, b);
	exit_at_notice(f, "C1");
	exit_at_notice(f, "C2");
	nn.households = bad;
	nn.nhouseholds = 1;
	REFUSED(f, LK_ECONFLICT, lk_notice_create(&f->ctx, &nn, &x),
		"household C9 has no exit procedure waiting");
	nn.households = only;
	nn.start = "2024-05-04";
	REFUSED(f, LK_EINVAL, lk_notice_create(&f->ctx, &nn, &x),
		"after today");
	nn.start = "2024-05-01";
	REFUSED(f, LK_EINVAL, lk_notice_create(&f->ctx, &nn, &x),
		"before the previous step");
	nn.start = NULL;
	f->ctx.scope = "532901";
	REFUSED(f, LK_EPERM, lk_notice_create(&f->ctx, &nn, &x), "scope");
	f->ctx.scope = "";
	fx_must(f, lk_notice_create(&f->ctx, &nn, &nid));
	fx_must(f, lk_notice_get(&f->ctx, nid, &f->a, &n));
	assert_int_equal(n.nitems, 1);
	assert_string_equal(n.items[0].household_no, "C2");
	/* C2 is on a notice: not posted twice; C1 still waits */
	REFUSED(f, LK_ECONFLICT, lk_notice_create(&f->ctx, &nn, &x),
		"household C2 has no exit procedure waiting");
	nn.households = NULL;
	nn.nhouseholds = 0;
	fx_must(f, lk_notice_create(&f->ctx, &nn, &nid));
	fx_must(f, lk_notice_get(&f->ctx, nid, &f->a, &n));
	assert_int_equal(n.nitems, 1);
	assert_string_equal(n.items[0].household_no, "C1");
	/* identification procedures waiting at two notice steps */
	{
		struct lk_proc_new p;
		struct lk_step_in in;
		int64_t i1, i2;
		char c[LK_ID_LEN + 1], d[LK_ID_LEN + 1];
		add_hh(f, "C4", 4, "赵六", "ordinary", NULL, c, d);
		add_hh(f, "C5", 5, "钱七", "ordinary", NULL, c, d);
		memset(&p, 0, sizeof p);
		p.kind = LK_PROC_IDENTIFICATION;
		p.date = "2024-04-01";
		p.household_no = "C4";
		fx_must(f, lk_proc_start(&f->ctx, &p, &i1));
		p.household_no = "C5";
		fx_must(f, lk_proc_start(&f->ctx, &p, &i2));
		lk_step_in_init(&in);
		in.date = "2024-04-01";
		fx_must(f, lk_proc_step(&f->ctx, i1, &in));
		fx_must(f, lk_proc_step(&f->ctx, i2, &in));
		in.members = 9;
		in.attending = 6;
		in.votes_for = 6;
		in.votes_against = 0;
		fx_must(f, lk_proc_step(&f->ctx, i1, &in));
		fx_must(f, lk_proc_step(&f->ctx, i2, &in));
		{
			const char *one[] = {"C4"};
			nid = post(f, LK_PROC_IDENTIFICATION, "2024-04-02", one,
				   1);
		}
		fx_must(f, lk_notice_close(&f->ctx, nid, "2024-04-09"));
		lk_step_in_init(&in);
		in.date = "2024-04-10";
		in.outcome = "approved";
		fx_must(f, lk_proc_step(&f->ctx, i1, &in)); /* town review */
		memset(&nn, 0, sizeof nn);
		nn.village = VILLAGE;
		nn.kind = LK_PROC_IDENTIFICATION;
		REFUSED(f, LK_ECONFLICT, lk_notice_create(&f->ctx, &nn, &x),
			"two notice steps");
		nn.step = "notice2";
		fx_must(f, lk_notice_create(&f->ctx, &nn, &nid));
		fx_must(f, lk_notice_get(&f->ctx, nid, &f->a, &n));
		assert_int_equal(n.nitems, 1);
		assert_string_equal(n.items[0].household_no, "C4");
	}
	fx_audit_ok(f);
}

/* ---- objections ------------------------------------------------------------
 */

static void test_objections(void **state)
{
	struct fx *f = *state;
	struct lk_notice n;
	struct lk_proc p;
	char a[LK_ID_LEN + 1], b[LK_ID_LEN + 1];
	int64_t p1, p2, p3, nid, o1, o2, o3;

	now("2024-05-03");
	add_hh(f, "B1", 1, "张三", "poor", "2014", a, b);
	add_hh(f, "B2", 2, "李四", "poor", "2014", a, b);
	add_hh(f, "B3", 3, "王五", "poor", "2014", a, b);
	p1 = exit_at_notice(f, "B1");
	p2 = exit_at_notice(f, "B2");
	p3 = exit_at_notice(f, "B3");
	nid = post(f, LK_PROC_EXIT, "2024-05-03", NULL, 0);
	/* outside the period, without text, about someone not on it */
	now("2024-05-05");
	REFUSED(
	    f, LK_ECONFLICT,
	    lk_notice_object(&f->ctx, nid, "B1", "2024-05-02", NULL, "x", &o1),
	    "outside that period");
	REFUSED(f, LK_EINVAL,
		lk_notice_object(&f->ctx, nid, "B1", NULL, NULL, "", &o1),
		"needs its text");
	REFUSED(f, LK_ENOTFOUND,
		lk_notice_object(&f->ctx, nid, "B9", NULL, NULL, "x", &o1),
		"not on notice");
	REFUSED(f, LK_ENOTFOUND,
		lk_notice_object(&f->ctx, nid + 9, "B1", NULL, NULL, "x", &o1),
		"no notice");
	/* an objection against B1 suspends B1 only */
	fx_must(f, lk_notice_object(&f->ctx, nid, "B1", NULL, "李大爷",
				    "他家在县城有商品房", &o1));
	assert_string_equal(state_of(f, p1), "notice/1");
	assert_string_equal(state_of(f, p2), "notice/0");
	fx_must(f, lk_proc_get(&f->ctx, p1, &f->a, &p));
	assert_int_equal(p.suspended, 1);
	assert_int_equal(p.nobjections, 1);
	fx_contains(p.waiting, "suspended by objection");
	/* a second one against B2, and one about the whole notice */
	fx_must(f, lk_notice_object(&f->ctx, nid, "B2", NULL, NULL,
				    "收入核算有误", &o2));
	now("2024-05-09");
	fx_must(f, lk_notice_object(&f->ctx, nid, NULL, "2024-05-09", NULL,
				    "评议会议没有通知到全部代表", &o3));
	assert_string_equal(state_of(f, p3), "notice/1");
	/* nothing moves while objections are open */
	now("2024-05-10");
	REFUSED(f, LK_ECONFLICT, lk_notice_close(&f->ctx, nid, NULL),
		"3 open objections");
	REFUSED(f, LK_ECONFLICT, next_step(f, p3, NULL),
		"is suspended by objection");
	REFUSED(f, LK_ECONFLICT,
		lk_notice_object(&f->ctx, nid, "B1", NULL, NULL, "late", &o1),
		"outside that period");
	/* resolving: reasons required, once */
	REFUSED(f, LK_EINVAL, lk_notice_resolve(&f->ctx, o3, 0, "", NULL),
		"needs the reasons");
	REFUSED(f, LK_EINVAL,
		lk_notice_resolve(&f->ctx, o3, 0, "r", "2024-05-08"),
		"before objection");
	REFUSED(f, LK_ENOTFOUND, lk_notice_resolve(&f->ctx, 99, 0, "r", NULL),
		"no objection 99");
	fx_must(f,
		lk_notice_resolve(&f->ctx, o3, 0,
				  "会议通知记录齐全，全部代表均已通知", NULL));
	REFUSED(f, LK_ECONFLICT, lk_notice_resolve(&f->ctx, o3, 1, "r", NULL),
		"already dismissed");
	/* B3 goes on; B1 and B2 still wait for theirs */
	assert_string_equal(state_of(f, p3), "notice/0");
	assert_string_equal(state_of(f, p1), "notice/1");
	assert_string_equal(state_of(f, p2), "notice/1");
	/* upheld: B1's procedure ends rejected */
	fx_must(f, lk_notice_resolve(&f->ctx, o1, 1,
				     "经核实，该户在县城购有商品房", NULL));
	fx_must(f, lk_proc_get(&f->ctx, p1, &f->a, &p));
	assert_string_equal(p.state, "rejected");
	assert_string_equal(p.outcome, "rejected");
	assert_int_equal(p.suspended, 0);
	REFUSED(f, LK_ECONFLICT, next_step(f, p1, NULL), "is finished");
	fx_must(f, lk_notice_resolve(&f->ctx, o2, 0, "复核无误", NULL));
	fx_must(f, lk_notice_close(&f->ctx, nid, NULL));
	assert_string_equal(state_of(f, p1), "rejected/0");
	assert_string_equal(state_of(f, p2), "announcement/0");
	assert_string_equal(state_of(f, p3), "announcement/0");
	fx_must(f, lk_proc_get(&f->ctx, p2, &f->a, &p));
	assert_string_equal(p.steps[p.nsteps - 1].outcome, "passed");
	assert_int_equal(p.nobjections, 2); /* its own and the whole one */
	fx_must(f, lk_notice_get(&f->ctx, nid, &f->a, &n));
	assert_int_equal(n.nobjections, 3);
	assert_int_equal(n.open_objections, 0);
	assert_string_equal(n.objections[0].state, "upheld");
	assert_string_equal(n.objections[2].state, "dismissed");
	assert_int_equal(n.objections[2].whole_notice, 1);
	/* a closed notice takes no objection */
	REFUSED(
	    f, LK_ECONFLICT,
	    lk_notice_object(&f->ctx, nid, "B2", "2024-05-05", NULL, "x", &o1),
	    "was closed");
	/* the household of an upheld objection keeps its status */
	assert_int_equal(fx_int(f, "SELECT count(*) FROM household WHERE "
				   "status = 'poor'"),
			 3);
	fx_audit_ok(f);
}

/* ---- printing --------------------------------------------------------------
 */

static void assert_private(const char *text, const char *id0, const char *id1)
{
	static const char *const never[] = {
	    "13912345678", "6217001234567890123",
	    "农村信用社",  "长期慢性病",
	    "慢性病",	   "残疾",
	    "chronic",	   "disab",
	    "因病",	   "因残",
	    "illness",	   "李大爷",
	    "商品房",	   "王秀英"};
	size_t i;

	if (strstr(text, id0) || strstr(text, id1))
		fail_msg("an ID number is printed:\n%s", text);
	/* no run of 11 or more digits: no ID, phone or account number */
	{
		const char *s;
		int run = 0;
		for (s = text; *s; s++) {
			run = (*s >= '0' && *s <= '9') ? run + 1 : 0;
			if (run >= 11)
				fail_msg("a long number is printed near "
					 "\"%.30s\"",
					 s - 10);
		}
	}
	for (i = 0; i < sizeof never / sizeof never[0]; i++)
		if (strstr(text, never[i]))
			fail_msg("\"%s\" is printed:\n%s", never[i], text);
}

static void test_print_privacy(void **state)
{
	struct fx *f = *state;
	struct lk_buf md = LK_BUF_INIT(1u << 20), html = LK_BUF_INIT(1u << 20);
	char a[LK_ID_LEN + 1], b[LK_ID_LEN + 1], c[LK_ID_LEN + 1],
	    d[LK_ID_LEN + 1];
	int64_t nid, oid;

	now("2024-05-05");
	add_hh(f, "P1", 1, "张三", "poor", "2014", a, b);
	add_hh(f, "P2", 2, "<b>李&四</b>|x", "poor", "2014", c, d);
	exit_at_notice(f, "P1");
	exit_at_notice(f, "P2");
	{
		struct lk_notice_new nn;
		memset(&nn, 0, sizeof nn);
		nn.village = VILLAGE;
		nn.kind = LK_PROC_EXIT;
		nn.start = "2024-05-03";
		nn.contact = "村委会办公室（工作日 8:00-17:30）";
		fx_must(f, lk_notice_create(&f->ctx, &nn, &nid));
	}
	fx_must(f, lk_notice_object(&f->ctx, nid, "P1", NULL, "李大爷",
				    "他家在县城有商品房", &oid));
	fx_must(f, lk_notice_print(&f->ctx, nid, LK_NOTICE_MD, &md));
	fx_must(f, lk_notice_print(&f->ctx, nid, LK_NOTICE_HTML, &html));
	/* what it shows */
	fx_contains(lk_buf_str(&md), "# Public notice: exit from poverty");
	fx_contains(lk_buf_str(&md), "祥云县 祥城镇 上村");
	fx_contains(lk_buf_str(&md), "| 1 | 张三 | 上村组 | 2 |");
	fx_contains(lk_buf_str(&md), "to exit poverty (marked lifted)");
	fx_contains(lk_buf_str(&md),
		    "from 2024-05-03 to the end of 2024-05-09");
	fx_contains(lk_buf_str(&md), "democratic appraisal on 2024-05-01: 17 "
				     "of 20 representatives attending, 16 for");
	fx_contains(lk_buf_str(&md), "How to object");
	fx_contains(lk_buf_str(&md), "村委会办公室");
	fx_contains(lk_buf_str(&md), "\\<b\\>李\\&四\\</b\\>\\|x");
	fx_contains(lk_buf_str(&html), "<!DOCTYPE html>");
	fx_contains(lk_buf_str(&html), "<td>张三</td>");
	fx_contains(lk_buf_str(&html), "&lt;b&gt;李&amp;四&lt;/b&gt;|x");
	if (strstr(lk_buf_str(&html), "<b>李"))
		fail_msg("an unescaped name in HTML");
	/* what it never shows */
	assert_private(lk_buf_str(&md), a, b);
	assert_private(lk_buf_str(&md), c, d);
	assert_private(lk_buf_str(&html), a, b);
	assert_private(lk_buf_str(&html), c, d);
	/* the same in Chinese (the catalog may lack the strings: then the
	 * English text is printed, still without private data) */
	lk_i18n_set(LK_LANG_ZH);
	lk_buf_reset(&md);
	fx_must(f, lk_notice_print(&f->ctx, nid, LK_NOTICE_MD, &md));
	lk_i18n_set(LK_LANG_EN);
	assert_private(lk_buf_str(&md), a, b);
	fx_contains(lk_buf_str(&md), "张三");
	/* an upheld objection shows as withdrawn */
	fx_must(f, lk_notice_resolve(&f->ctx, oid, 1, "属实", NULL));
	lk_buf_reset(&md);
	fx_must(f, lk_notice_print(&f->ctx, nid, LK_NOTICE_MD, &md));
	fx_contains(lk_buf_str(&md), "withdrawn: objection upheld");
	assert_int_equal(lk_notice_print(&f->ctx, nid + 5, LK_NOTICE_MD, &md),
			 LK_ENOTFOUND);
	lk_buf_free(&md);
	lk_buf_free(&html);
}

static void test_monitoring_notice(void **state)
{
	struct fx *f = *state;
	struct lk_buf md = LK_BUF_INIT(1u << 20);
	struct lk_proc_new p;
	struct lk_step_in in;
	char a[LK_ID_LEN + 1], b[LK_ID_LEN + 1];
	int64_t id, nid;

	now("2024-05-05");
	add_hh(f, "M1", 1, "张三", "poor", "2014", a, b);
	{
		struct lk_override o;
		memset(&o, 0, sizeof o);
		o.household_no = "M1";
		o.kind = "status";
		o.value = "lifted";
		o.date = "2016-12-31";
		o.reason = "lifted in 2016 (paper records)";
		fx_must(f, lk_status_override(&f->ctx, &o));
	}
	memset(&p, 0, sizeof p);
	p.household_no = "M1";
	p.kind = LK_PROC_MONITORING;
	p.category = "unstable";
	p.risk_types = "illness";
	p.date = "2024-05-01";
	fx_must(f, lk_proc_start(&f->ctx, &p, &id));
	lk_step_in_init(&in);
	in.date = "2024-05-01";
	fx_must(f, lk_proc_step(&f->ctx, id, &in));
	in.outcome = "approved";
	fx_must(f, lk_proc_step(&f->ctx, id, &in));
	in.outcome = NULL;
	in.members = 9;
	in.attending = 6;
	in.votes_for = 6;
	in.votes_against = 0;
	fx_must(f, lk_proc_step(&f->ctx, id, &in));
	nid = post(f, LK_PROC_MONITORING, "2024-05-02", NULL, 0);
	fx_must(f, lk_notice_print(&f->ctx, nid, LK_NOTICE_MD, &md));
	fx_contains(lk_buf_str(&md), "unstable lifted household");
	fx_contains(lk_buf_str(&md), "to be monitored");
	fx_contains(lk_buf_str(&md), "5 days: from 2024-05-02 to the end of "
				     "2024-05-06");
	assert_private(lk_buf_str(&md), a, b);
	lk_buf_free(&md);
}

struct lst {
	int n, open;
};

static int on_notice(void *arg, const struct lk_notice *n)
{
	struct lst *l = arg;

	l->n++;
	l->open += strcmp(n->state, "posted") == 0;
	return 0;
}

static void test_list(void **state)
{
	struct fx *f = *state;
	struct lk_notice_filter flt;
	struct lst l = {0, 0};
	char a[LK_ID_LEN + 1], b[LK_ID_LEN + 1];
	int64_t nid;

	now("2024-05-20");
	add_hh(f, "L1", 1, "张三", "poor", "2014", a, b);
	add_hh(f, "L2", 2, "李四", "poor", "2014", a, b);
	exit_at_notice(f, "L1");
	{
		const char *one[] = {"L1"};
		nid = post(f, LK_PROC_EXIT, "2024-05-03", one, 1);
	}
	fx_must(f, lk_notice_close(&f->ctx, nid, "2024-05-10"));
	exit_at_notice(f, "L2");
	post(f, LK_PROC_EXIT, "2024-05-11", NULL, 0);
	memset(&flt, 0, sizeof flt);
	fx_must(f, lk_notice_list(&f->ctx, &flt, on_notice, &l));
	assert_int_equal(l.n, 2);
	assert_int_equal(l.open, 1);
	flt.open_only = 1;
	l.n = l.open = 0;
	fx_must(f, lk_notice_list(&f->ctx, &flt, on_notice, &l));
	assert_int_equal(l.n, 1);
	flt.open_only = 0;
	flt.region = "532901";
	l.n = 0;
	fx_must(f, lk_notice_list(&f->ctx, &flt, on_notice, &l));
	assert_int_equal(l.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_period, setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_policy_days, setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_create_errors, setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_objections, setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_print_privacy, setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_monitoring_notice, setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_list, setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
