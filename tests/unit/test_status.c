/*
 * test_status.c - unit tests of the status history queries
 * (registry/status.h): status and monitoring of a household on a date,
 * households in a status on a date under a region, and the counts of
 * households and people by status.
 *
 * Households, members and events are written with SQL (the shared
 * fixture's ledger and regions) so each test states exactly the history
 * it queries; one test goes through the registry service to check the
 * events it derives from the status fields.
 */
#include "fixture.h"

#include "registry/status.h"

/* ---- local helpers ------------------------------------------------- */

static int seq;

/* A household in village (status column unused by the queries); its id. */
static int64_t hh_add(struct fx *f, const char *no, const char *village)
{
	char q[1024];

	snprintf(q, sizeof q,
		 "INSERT INTO household (household_no, county_code, "
		 "village_code, head_name, head_id, status, created_at, "
		 "updated_at) VALUES ('%s', '%.6s', '%s', 'h', 'x', "
		 "'ordinary', 'now', 'now')",
		 no, village, village);
	fx_exec(f, q);
	snprintf(q, sizeof q,
		 "SELECT id FROM household WHERE household_no = '%s'", no);
	return fx_int(f, q);
}

/* A member; birth, member status and status date may be NULL. */
static void m_add(struct fx *f, int64_t hid, const char *birth,
		  const char *mstatus, const char *sdate)
{
	char q[1024], b[32] = "NULL", d[32] = "NULL";

	if (birth)
		snprintf(b, sizeof b, "'%s'", birth);
	if (sdate)
		snprintf(d, sizeof d, "'%s'", sdate);
	seq++;
	snprintf(q, sizeof q,
		 "INSERT INTO member (household_id, county_code, seq, name, "
		 "id_number, birth, relation, member_status, status_date, "
		 "created_at, updated_at) VALUES (%lld, (SELECT county_code "
		 "FROM household WHERE id = %lld), %d, 'm%d', 'ID%06d', %s, "
		 "'1', '%s', %s, 'now', 'now')",
		 (long long)hid, (long long)hid, seq, seq, seq, b,
		 mstatus ? mstatus : "current", d);
	fx_exec(f, q);
}

static void ev(struct fx *f, int64_t hid, const char *date, const char *kind,
	       const char *value)
{
	char q[512];

	snprintf(q, sizeof q,
		 "INSERT INTO status_event (household_id, county_code, "
		 "on_date, kind, value, source) VALUES (%lld, (SELECT "
		 "county_code FROM household WHERE id = %lld), '%s', '%s', "
		 "%s%s%s, 'entered')",
		 (long long)hid, (long long)hid, date, kind, value ? "'" : "",
		 value ? value : "NULL", value ? "'" : "");
	fx_exec(f, q);
}

/* Status of hid on date (asserting success); since into since. */
static const char *st_on(struct fx *f, int64_t hid, const char *date,
			 char out[LK_STATUS_CODE_MAX], char since[11])
{
	fx_must(f, lk_status_on(&f->ctx, hid, date, out, since));
	return out;
}

#define V1 "532923101202" /* 上村 */
#define V2 "532923101203" /* 下村 */
#define V3 "532901003001" /* 龙下登村 */

/* ---- status on a date ---------------------------------------------- */

static void test_status_index(void **state)
{
	(void)state;
	assert_int_equal(lk_status_index("poor"), 0);
	assert_int_equal(lk_status_index("lifted"), 1);
	assert_int_equal(lk_status_index("returned"), 2);
	assert_int_equal(lk_status_index("ordinary"), 3);
	assert_int_equal(lk_status_index("removed"), 4);
	assert_int_equal(lk_status_index("dissolved"), 5);
	assert_int_equal(lk_status_index("monitored"), -1);
	assert_int_equal(lk_status_index(""), -1);
	assert_int_equal(lk_status_index(NULL), -1);
}

static void test_status_before_after(void **state)
{
	struct fx *f = *state;
	char s[LK_STATUS_CODE_MAX], since[11];
	int64_t h = hh_add(f, "H1", V1);

	/* no event at all: ordinary, no deciding date */
	assert_string_equal(st_on(f, h, "2018-12-31", s, since), "ordinary");
	assert_string_equal(since, "");
	ev(f, h, "2015-01-01", "status", "poor");
	ev(f, h, "2017-12-31", "status", "lifted");
	ev(f, h, "2019-06-01", "status", "returned");
	ev(f, h, "2016-05-01", "monitoring", "unstable"); /* other kind */
	assert_string_equal(st_on(f, h, "2014-12-31", s, since), "ordinary");
	assert_string_equal(since, "");
	assert_string_equal(st_on(f, h, "2015-01-01", s, since), "poor");
	assert_string_equal(since, "2015-01-01");
	assert_string_equal(st_on(f, h, "2017-12-30", s, since), "poor");
	assert_string_equal(st_on(f, h, "2017-12-31", s, since), "lifted");
	assert_string_equal(since, "2017-12-31");
	assert_string_equal(st_on(f, h, "2019-05-31", s, since), "lifted");
	assert_string_equal(st_on(f, h, "2019-06-01", s, since), "returned");
	assert_string_equal(st_on(f, h, "2030-01-01", s, NULL), "returned");
	/* other date spellings are accepted and normalised */
	assert_string_equal(st_on(f, h, "2017/12/31", s, since), "lifted");
	assert_string_equal(st_on(f, h, "20150101", s, since), "poor");
}

static void test_status_same_day(void **state)
{
	struct fx *f = *state;
	char s[LK_STATUS_CODE_MAX], since[11];
	int64_t h = hh_add(f, "H1", V1);

	/* two events on one date: the one entered last wins */
	ev(f, h, "2016-12-31", "status", "lifted");
	ev(f, h, "2016-12-31", "status", "removed");
	assert_string_equal(st_on(f, h, "2016-12-31", s, since), "removed");
	assert_string_equal(st_on(f, h, "2016-12-30", s, since), "ordinary");
}

static void test_status_errors(void **state)
{
	struct fx *f = *state;
	char s[LK_STATUS_CODE_MAX] = "x", since[11] = "y";
	struct lk_monitoring m;
	int64_t h = hh_add(f, "H1", V1);

	assert_int_equal(lk_status_on(&f->ctx, h, "2018-02-30", s, since),
			 LK_EINVAL);
	fx_contains(lk_err_msg(&f->ctx.err), "2018-02-30");
	assert_int_equal(lk_status_on(&f->ctx, h, "", s, since), LK_EINVAL);
	assert_int_equal(lk_status_on(&f->ctx, h, NULL, s, since), LK_EINVAL);
	assert_int_equal(lk_status_on(&f->ctx, h + 100, "2018-12-31", s, since),
			 LK_ENOTFOUND);
	assert_int_equal(lk_monitoring_on(&f->ctx, h + 100, "2018-12-31", &m),
			 LK_ENOTFOUND);
	assert_int_equal(lk_monitoring_on(&f->ctx, h, "2018-13-01", &m),
			 LK_EINVAL);
	/* outputs untouched on failure */
	assert_string_equal(s, "x");
	assert_string_equal(since, "y");
	/* a household outside the scope */
	f->ctx.scope = "532901";
	assert_int_equal(lk_status_on(&f->ctx, h, "2018-12-31", s, since),
			 LK_EPERM);
	assert_int_equal(lk_monitoring_on(&f->ctx, h, "2018-12-31", &m),
			 LK_EPERM);
	f->ctx.scope = "532923";
	fx_must(f, lk_status_on(&f->ctx, h, "2018-12-31", s, since));
	f->ctx.scope = "";
}

/* ---- monitoring on a date ------------------------------------------ */

static void mon(struct fx *f, int64_t h, const char *date,
		struct lk_monitoring *m)
{
	fx_must(f, lk_monitoring_on(&f->ctx, h, date, m));
}

static void test_monitoring_periods(void **state)
{
	struct fx *f = *state;
	struct lk_monitoring m;
	int64_t h = hh_add(f, "H1", V1);

	mon(f, h, "2025-01-01", &m);
	assert_int_equal(m.monitored, 0);
	assert_string_equal(m.category, "");
	assert_string_equal(m.since, "");
	assert_string_equal(m.eliminated_on, "");
	/* an elimination before any monitoring changes nothing */
	ev(f, h, "2019-05-01", "risk_eliminated", "unstable");
	ev(f, h, "2020-03-01", "monitoring", "unstable");
	ev(f, h, "2021-06-30", "risk_eliminated", "unstable");
	ev(f, h, "2022-01-01", "monitoring", "marginal");
	mon(f, h, "2020-02-29", &m);
	assert_int_equal(m.monitored, 0);
	assert_string_equal(m.category, "");
	mon(f, h, "2020-03-01", &m);
	assert_int_equal(m.monitored, 1);
	assert_string_equal(m.category, "unstable");
	assert_string_equal(m.since, "2020-03-01");
	assert_string_equal(m.eliminated_on, "");
	mon(f, h, "2021-06-29", &m);
	assert_int_equal(m.monitored, 1);
	mon(f, h, "2021-06-30", &m);
	assert_int_equal(m.monitored, 0);
	assert_string_equal(m.category, "unstable");
	assert_string_equal(m.since, "2020-03-01");
	assert_string_equal(m.eliminated_on, "2021-06-30");
	mon(f, h, "2021-12-31", &m);
	assert_int_equal(m.monitored, 0);
	/* monitored again: a new period, no elimination yet */
	mon(f, h, "2022-01-01", &m);
	assert_int_equal(m.monitored, 1);
	assert_string_equal(m.category, "marginal");
	assert_string_equal(m.since, "2022-01-01");
	assert_string_equal(m.eliminated_on, "");
}

static void test_monitoring_same_day(void **state)
{
	struct fx *f = *state;
	struct lk_monitoring m;
	int64_t h = hh_add(f, "H1", V1);
	int64_t g = hh_add(f, "H2", V1);

	/* eliminated on the day it was identified, entered after it */
	ev(f, h, "2021-03-01", "monitoring", "sudden");
	ev(f, h, "2021-03-01", "risk_eliminated", "sudden");
	mon(f, h, "2021-03-01", &m);
	assert_int_equal(m.monitored, 0);
	assert_string_equal(m.eliminated_on, "2021-03-01");
	/* an elimination entered before the monitoring event of the same
	 * day belongs to an earlier period */
	ev(f, g, "2021-03-01", "risk_eliminated", "marginal");
	ev(f, g, "2021-03-01", "monitoring", "marginal");
	mon(f, g, "2021-03-01", &m);
	assert_int_equal(m.monitored, 1);
	assert_string_equal(m.category, "marginal");
}

/* ---- households in a status ---------------------------------------- */

struct seen {
	char list[512];
	int n, stop_at;
};

static int on_hh(void *arg, const struct lk_status_hh *h)
{
	struct seen *s = arg;
	size_t len = strlen(s->list);

	snprintf(s->list + len, sizeof s->list - len, "%s%s:%s@%s",
		 s->n ? " " : "", h->no, h->status, h->since ? h->since : "-");
	s->n++;
	return s->stop_at && s->n == s->stop_at ? 42 : 0;
}

static const char *in_status(struct fx *f, const char *region,
			     const char *status, const char *date,
			     struct seen *s)
{
	memset(s, 0, sizeof *s);
	fx_must(f,
		lk_status_households(&f->ctx, region, status, date, on_hh, s));
	return s->list;
}

/* Five households over three villages and two counties. */
static void five(struct fx *f)
{
	int64_t a = hh_add(f, "A1", V1), b = hh_add(f, "B1", V1);
	int64_t c = hh_add(f, "C1", V2), d = hh_add(f, "D1", V3);

	hh_add(f, "E1", V3); /* no events: ordinary */
	ev(f, a, "2015-01-01", "status", "poor");
	ev(f, a, "2017-12-31", "status", "lifted");
	ev(f, b, "2016-01-01", "status", "poor");
	ev(f, c, "2014-01-01", "status", "poor");
	ev(f, c, "2018-06-01", "status", "removed");
	ev(f, d, "2015-01-01", "status", "poor");
}

static void test_households_in_status(void **state)
{
	struct fx *f = *state;
	struct seen s;

	five(f);
	/* in the order of village code (532901... before 532923...) */
	assert_string_equal(in_status(f, "53", "poor", "2018-12-31", &s),
			    "D1:poor@2015-01-01 B1:poor@2016-01-01");
	assert_string_equal(in_status(f, "532923", "poor", "2018-12-31", &s),
			    "B1:poor@2016-01-01");
	assert_string_equal(in_status(f, "532923", "poor", "2017-12-30", &s),
			    "A1:poor@2015-01-01 B1:poor@2016-01-01 "
			    "C1:poor@2014-01-01");
	assert_string_equal(in_status(f, "", "lifted", "2018-12-31", &s),
			    "A1:lifted@2017-12-31");
	assert_string_equal(in_status(f, NULL, "removed", "2018-06-01", &s),
			    "C1:removed@2018-06-01");
	assert_string_equal(in_status(f, V3, "ordinary", "2018-12-31", &s),
			    "E1:ordinary@-");
	/* before any event everyone is ordinary */
	assert_string_equal(in_status(f, "53", "ordinary", "2013-12-31", &s),
			    "D1:ordinary@- E1:ordinary@- A1:ordinary@- "
			    "B1:ordinary@- C1:ordinary@-");
	/* the prefix range excludes codes that merely sort near it */
	assert_string_equal(
	    in_status(f, "5329231012", "poor", "2017-06-30", &s),
	    "A1:poor@2015-01-01 B1:poor@2016-01-01 "
	    "C1:poor@2014-01-01");
	assert_string_equal(in_status(f, "54", "poor", "2018-12-31", &s), "");
}

static void test_households_scope_and_errors(void **state)
{
	struct fx *f = *state;
	struct seen s;

	five(f);
	/* the scope narrows a wider request */
	f->ctx.scope = "532901";
	assert_string_equal(in_status(f, "53", "poor", "2018-12-31", &s),
			    "D1:poor@2015-01-01");
	assert_string_equal(in_status(f, NULL, "poor", "2018-12-31", &s),
			    "D1:poor@2015-01-01");
	memset(&s, 0, sizeof s);
	assert_int_equal(lk_status_households(&f->ctx, "532923", "poor",
					      "2018-12-31", on_hh, &s),
			 LK_EPERM);
	assert_int_equal(s.n, 0);
	f->ctx.scope = "";
	assert_int_equal(lk_status_households(&f->ctx, "53", "monitored",
					      "2018-12-31", on_hh, &s),
			 LK_EINVAL);
	assert_int_equal(
	    lk_status_households(&f->ctx, "53", NULL, "2018-12-31", on_hh, &s),
	    LK_EINVAL);
	assert_int_equal(lk_status_households(&f->ctx, "5x", "poor",
					      "2018-12-31", on_hh, &s),
			 LK_EINVAL);
	assert_int_equal(
	    lk_status_households(&f->ctx, "53", "poor", "yesterday", on_hh, &s),
	    LK_EINVAL);
	/* the callback's non-zero return stops the walk */
	memset(&s, 0, sizeof s);
	s.stop_at = 1;
	assert_int_equal(lk_status_households(&f->ctx, "53", "ordinary",
					      "2013-12-31", on_hh, &s),
			 42);
	assert_int_equal(s.n, 1);
}

/* ---- counts -------------------------------------------------------- */

static void test_counts_people(void **state)
{
	struct fx *f = *state;
	struct lk_status_counts c;
	int64_t a = hh_add(f, "A1", V1), b = hh_add(f, "B1", V2);
	int64_t d = hh_add(f, "D1", V3);

	ev(f, a, "2015-01-01", "status", "poor");
	ev(f, b, "2015-01-01", "status", "poor");
	ev(f, b, "2017-12-31", "status", "lifted");
	ev(f, d, "2016-01-01", "status", "returned");
	ev(f, d, "2016-02-01", "status", "odd"); /* outside the list */
	m_add(f, a, "1970-01-01", NULL, NULL);	 /* current */
	m_add(f, a, NULL, NULL, NULL);		 /* no birth */
	m_add(f, a, "1940-01-01", "deceased", "2018-05-01"); /* before D */
	m_add(f, a, "1945-01-01", "deceased", "2019-01-01"); /* after D */
	m_add(f, a, "2019-02-01", NULL, NULL);		     /* born after D */
	m_add(f, a, "1990-01-01", "moved", NULL);	     /* no date */
	m_add(f, a, "1992-01-01", "moved", "2018-12-31");    /* on D: gone */
	m_add(f, b, "1980-01-01", NULL, NULL);
	m_add(f, b, "1982-01-01", NULL, NULL);
	m_add(f, d, "1960-01-01", NULL, NULL);
	fx_must(f, lk_status_counts(&f->ctx, "53", "2018-12-31", &c));
	assert_string_equal(c.region, "53");
	assert_int_equal(c.households[0], 1); /* poor */
	assert_int_equal(c.people[0], 3);
	assert_int_equal(c.households[1], 1); /* lifted */
	assert_int_equal(c.people[1], 2);
	assert_int_equal(c.households[2], 0); /* returned: replaced */
	assert_int_equal(c.other_households, 1);
	assert_int_equal(c.other_people, 1);
	assert_int_equal(c.total_households, 3);
	assert_int_equal(c.total_people, 6);
	/* earlier: those who left in 2018 were there, B was poor */
	fx_must(f, lk_status_counts(&f->ctx, "532923", "2017-06-30", &c));
	assert_string_equal(c.region, "532923");
	assert_int_equal(c.households[0], 2);
	assert_int_equal(c.people[0], 5 + 2);
	assert_int_equal(c.total_households, 2);
	/* an empty region */
	fx_must(f, lk_status_counts(&f->ctx, "54", "2018-12-31", &c));
	assert_int_equal(c.total_households, 0);
	assert_int_equal(c.total_people, 0);
	/* scope */
	f->ctx.scope = "532901";
	fx_must(f, lk_status_counts(&f->ctx, NULL, "2018-12-31", &c));
	assert_string_equal(c.region, "532901");
	assert_int_equal(c.total_households, 1);
	assert_int_equal(lk_status_counts(&f->ctx, "532923", "2018-12-31", &c),
			 LK_EPERM);
	f->ctx.scope = "";
}

struct groups {
	char codes[256];
	long long hh[8], people[8], poor[8];
	int n;
};

static int on_group(void *arg, const struct lk_status_counts *c)
{
	struct groups *g = arg;
	size_t len = strlen(g->codes);

	snprintf(g->codes + len, sizeof g->codes - len, "%s%s", g->n ? " " : "",
		 c->region);
	g->hh[g->n] = c->total_households;
	g->people[g->n] = c->total_people;
	g->poor[g->n] = c->households[0];
	g->n++;
	return 0;
}

static void test_counts_grouped(void **state)
{
	struct fx *f = *state;
	struct groups g;

	five(f);
	m_add(f, 1, "1970-01-01", NULL, NULL);
	m_add(f, 2, "1970-01-01", NULL, NULL);
	m_add(f, 2, "1971-01-01", NULL, NULL);
	m_add(f, 4, "1971-01-01", NULL, NULL);
	memset(&g, 0, sizeof g);
	fx_must(f, lk_status_counts_each(&f->ctx, "53", "2018-12-31", 12,
					 on_group, &g));
	assert_string_equal(g.codes, V3 " " V1 " " V2);
	assert_int_equal(g.hh[0], 2);
	assert_int_equal(g.people[0], 1);
	assert_int_equal(g.poor[0], 1);
	assert_int_equal(g.hh[1], 2);
	assert_int_equal(g.people[1], 3);
	assert_int_equal(g.poor[1], 1);
	assert_int_equal(g.hh[2], 1);
	assert_int_equal(g.poor[2], 0);
	memset(&g, 0, sizeof g);
	fx_must(f, lk_status_counts_each(&f->ctx, "53", "2018-12-31", 6,
					 on_group, &g));
	assert_string_equal(g.codes, "532901 532923");
	assert_int_equal(g.hh[0], 2);
	assert_int_equal(g.hh[1], 3);
	assert_int_equal(g.people[1], 3);
	/* nothing under the region: no call */
	memset(&g, 0, sizeof g);
	fx_must(f, lk_status_counts_each(&f->ctx, "54", "2018-12-31", 6,
					 on_group, &g));
	assert_int_equal(g.n, 0);
	/* groups shorter than the region or longer than a village */
	assert_int_equal(lk_status_counts_each(&f->ctx, "532923", "2018-12-31",
					       4, on_group, &g),
			 LK_EINVAL);
	assert_int_equal(lk_status_counts_each(&f->ctx, "53", "2018-12-31", 15,
					       on_group, &g),
			 LK_EINVAL);
}

/* ---- the events the registry derives -------------------------------- */

static void test_registry_events(void **state)
{
	struct fx *f = *state;
	struct lk_arena *a = &f->a;
	struct lk_rec h, m;
	struct lk_monitoring mo;
	char id[LK_ID_LEN + 1], s[LK_STATUS_CODE_MAX], since[11];
	int64_t hid;

	fx_id(id, "532923", "19700101", 11);
	fx_hh(&h, a, "R1", V1, "李一", id, "已脱贫");
	rec_set(&h, a, "identified_year", "2015");
	rec_set(&h, a, "lifted_year", "2017");
	rec_set(&h, a, "monitoring_category", "脱贫不稳定户");
	rec_set(&h, a, "monitoring_since", "2020-04-01");
	fx_m(&m, a, "R1", "李一", id, "户主");
	fx_must(f, lk_household_add(&f->ctx, &h, &m));
	fx_must(f, lk_household_lookup(&f->ctx, "R1", &hid, NULL));
	assert_string_equal(st_on(f, hid, "2014-12-31", s, since), "ordinary");
	assert_string_equal(st_on(f, hid, "2016-06-30", s, since), "poor");
	assert_string_equal(since, "2015-01-01");
	assert_string_equal(st_on(f, hid, "2017-12-31", s, since), "lifted");
	mon(f, hid, "2020-03-31", &mo);
	assert_int_equal(mo.monitored, 0);
	mon(f, hid, "2020-04-01", &mo);
	assert_int_equal(mo.monitored, 1);
	assert_string_equal(mo.category, "unstable");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_status_index),
	    cmocka_unit_test_setup_teardown(test_status_before_after, fx_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_status_same_day, fx_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_status_errors, fx_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_monitoring_periods, fx_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_monitoring_same_day, fx_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_households_in_status, fx_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_households_scope_and_errors,
					    fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_counts_people, fx_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_counts_grouped, fx_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_registry_events, fx_setup,
					    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
