/*
 * test_policy.c - policy values: file loading, lookup precedence (longest
 * region prefix, exact year over every year, user over file), missing
 * years as errors, typed getters, user values with reasons (audited and
 * kept on reload), the cache.
 */
#include "fixture.h"

#include "policy/policy.h"

static const char tsv[] =
	"# a comment\n"
	"kind\tregion\tyear\tvalue\tunit\tstatus\tnote\n"
	"poverty_line\t-\t2018\t2995\tyuan\tconfirmed\n"
	"poverty_line\t-\t2019\t3218\tyuan\tconfirmed\n"
	"monitoring_line\t-\t2021\t6000\tyuan\tunconfirmed\n"
	"monitoring_line\t53\t2023\t8050\tyuan\tlocal\n"
	"monitoring_line\t5329\t2023\t8100\tyuan\tlocal\n"
	"village_exit_incidence\t-\t*\t2%\tratio\tconfirmed\n"
	"village_exit_incidence\t53\t*\t3%\tratio\tconfirmed\n"
	"village_exit_incidence\t53\t2019\t2.5%\tratio\tlocal\n"
	"appraisal_quorum\t-\t*\t2/3\tratio\tconfirmed\n"
	"age.elderly\t-\t*\t65\tyears\tconfirmed\n";

static void load(struct fx *f)
{
	fx_must(f, lk_policy_load_tsv(&f->ctx, "t.tsv", tsv, sizeof tsv - 1));
}

static void test_lookup_precedence(void **state)
{
	struct fx *f = *state;
	char v[LK_POLICY_VALUE_MAX];
	int64_t n;

	load(f);
	/* national value for any region */
	fx_must(f, lk_policy_get(&f->ctx, "poverty_line", "532923101202", 2018,
				 v));
	assert_string_equal(v, "2995");
	/* longest prefix wins: 5329 beats 53 beats national */
	fx_must(f, lk_policy_get(&f->ctx, "monitoring_line", "532923101202",
				 2023, v));
	assert_string_equal(v, "8100");
	fx_must(f, lk_policy_get(&f->ctx, "monitoring_line", "530102", 2023,
				 v));
	assert_string_equal(v, "8050");
	/* a longer prefix for every year beats a shorter exact year, and an
	 * exact year beats every year at the same prefix */
	fx_must(f, lk_policy_ppm(&f->ctx, "village_exit_incidence",
				 "532923101202", 2019, &n));
	assert_int_equal(n, 25000);
	fx_must(f, lk_policy_ppm(&f->ctx, "village_exit_incidence",
				 "532923101202", 2018, &n));
	assert_int_equal(n, 30000);
	fx_must(f, lk_policy_ppm(&f->ctx, "village_exit_incidence", "110101",
				 2018, &n));
	assert_int_equal(n, 20000);
	fx_must(f, lk_policy_ppm(&f->ctx, "appraisal_quorum", "", 2018, &n));
	assert_int_equal(n, 666667);
	fx_must(f, lk_policy_money(&f->ctx, "poverty_line", "53", 2019, &n));
	assert_int_equal(n, 321800);
	fx_must(f, lk_policy_int(&f->ctx, "age.elderly", "53", 2030, &n));
	assert_int_equal(n, 65);
}

static void test_missing_year_is_an_error(void **state)
{
	struct fx *f = *state;
	char v[LK_POLICY_VALUE_MAX];
	int64_t n;

	load(f);
	assert_int_equal(lk_policy_get(&f->ctx, "poverty_line", "532923",
				       2023, v),
			 LK_ENOTFOUND);
	fx_contains(f->ctx.err.msg, "poverty_line");
	fx_contains(f->ctx.err.msg, "2023");
	fx_contains(f->ctx.err.msg, "2018, 2019"); /* the years it has */
	/* outside the region of a regional value */
	assert_int_equal(lk_policy_money(&f->ctx, "monitoring_line", "110101",
					 2023, &n),
			 LK_ENOTFOUND);
	assert_int_equal(lk_policy_get(&f->ctx, "no_such_kind", "53", 2018, v),
			 LK_ENOTFOUND);
	fx_contains(f->ctx.err.msg, "no_such_kind");
}

static void test_user_values(void **state)
{
	struct fx *f = *state;
	char v[LK_POLICY_VALUE_MAX];
	int64_t audit0;

	load(f);
	audit0 = fx_int(f, "SELECT count(*) FROM audit");
	/* a reason is required */
	assert_int_equal(lk_policy_set(&f->ctx, "poverty_line", "", 2018,
				       "3000", ""),
			 LK_EINVAL);
	assert_int_equal(lk_policy_set(&f->ctx, "Bad Kind", "", 2018, "1",
				       "x"),
			 LK_EINVAL);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit"), audit0);
	/* user beats file at the same kind, region and year */
	fx_must(f, lk_policy_set(&f->ctx, "poverty_line", "", 2018, "3000",
				 "county decision 12"));
	fx_must(f, lk_policy_get(&f->ctx, "poverty_line", "53", 2018, v));
	assert_string_equal(v, "3000");
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit WHERE entity = "
				   "'policy' AND action = 'set'"),
			 1);
	/* a reload replaces the file's values and keeps the user's */
	load(f);
	fx_must(f, lk_policy_get(&f->ctx, "poverty_line", "53", 2018, v));
	assert_string_equal(v, "3000");
	/* a new year by a user */
	fx_must(f, lk_policy_set(&f->ctx, "poverty_line", "53", 2023, "4300",
				 "provincial line"));
	fx_must(f, lk_policy_get(&f->ctx, "poverty_line", "532923", 2023, v));
	assert_string_equal(v, "4300");
	fx_audit_ok(f);
}

static void test_scope(void **state)
{
	struct fx *f = *state;

	load(f);
	f->ctx.scope = "532901";
	assert_int_equal(lk_policy_set(&f->ctx, "poverty_line", "532923", 2018,
				       "1", "x"),
			 LK_EPERM);
	f->ctx.scope = "";
}

static void test_malformed_files(void **state)
{
	struct fx *f = *state;
	char v[LK_POLICY_VALUE_MAX];
	static const char *const bad[] = {
		"", /* nothing */
		"# only comments\n",
		"kind\tregion\tyear\tvalue\n", /* no value */
		"poverty_line\t-\t2018\t2995\n", /* no header */
		"kind\tregion\tyear\tvalue\npoverty_line\t-\t2018\n",
		"kind\tregion\tyear\tvalue\nPoverty Line\t-\t2018\t1\n",
		"kind\tregion\tyear\tvalue\npoverty_line\t5x\t2018\t1\n",
		"kind\tregion\tyear\tvalue\npoverty_line\t-\t18\t1\n",
		"kind\tregion\tyear\tvalue\npoverty_line\t-\t2018\t1\n"
		"poverty_line\t-\t2018\t2\n", /* twice */
	};
	size_t i;

	load(f);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(lk_policy_load_tsv(&f->ctx, "bad.tsv", bad[i],
						     strlen(bad[i])),
				 LK_EINVAL);
		fx_contains(f->ctx.err.msg, "bad.tsv");
	}
	/* nothing of the good file was lost */
	fx_must(f, lk_policy_get(&f->ctx, "poverty_line", "53", 2018, v));
	assert_string_equal(v, "2995");
	/* a value that is not of the asked type */
	{
		int64_t n;
		assert_int_equal(lk_policy_int(&f->ctx, "appraisal_quorum",
					       "53", 2018, &n),
				 LK_EINVAL);
		assert_int_equal(lk_policy_money(&f->ctx,
						 "village_exit_incidence", "53",
						 2018, &n),
				 LK_EINVAL);
	}
}

static void test_builtin_files(void **state)
{
	struct fx *f = *state;
	int64_t n;

	fx_must(f, lk_policy_load(&f->ctx, NULL));
	fx_must(f, lk_policy_money(&f->ctx, "poverty_line", "532923101202",
				   2014, &n));
	assert_int_equal(n, 280000);
	fx_must(f, lk_policy_ppm(&f->ctx, "village_exit_incidence",
				 "532923101202", 2018, &n));
	assert_int_equal(n, 30000); /* Yunnan: western */
	fx_must(f, lk_policy_ppm(&f->ctx, "village_exit_incidence",
				 "320102001001", 2018, &n));
	assert_int_equal(n, 20000);
	fx_must(f, lk_policy_int(&f->ctx, "notice_days.exit", "53", 2016, &n));
	assert_int_equal(n, 7);
	assert_int_equal(lk_policy_money(&f->ctx, "poverty_line", "53", 2009,
					 &n),
			 LK_ENOTFOUND);
}

static void test_cache(void **state)
{
	struct fx *f = *state;
	struct lk_policy_cache *c = NULL;
	const char *v;
	int64_t n;
	int i;

	load(f);
	fx_must(f, lk_policy_cache_new(&f->ctx, &c));
	for (i = 0; i < 3; i++) {
		fx_must(f, lk_policy_cache_money(c, "monitoring_line",
						 "532923101202", 2023, &n));
		assert_int_equal(n, 810000);
		assert_int_equal(lk_policy_cache_get(c, "poverty_line",
						     "532923101202", 2023, &v),
				 LK_ENOTFOUND);
		fx_contains(f->ctx.err.msg, "2023");
	}
	fx_must(f, lk_policy_cache_ppm(c, "appraisal_quorum", "53", 2020, &n));
	assert_int_equal(n, 666667);
	fx_must(f, lk_policy_cache_int(c, "age.elderly", "53", 2020, &n));
	assert_int_equal(n, 65);
	lk_policy_cache_free(c);
	lk_policy_cache_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lookup_precedence,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_missing_year_is_an_error,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_user_values, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_scope, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_malformed_files, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_builtin_files, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_cache, fx_setup,
						fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
