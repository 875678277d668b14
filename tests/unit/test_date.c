/*
 * test_date.c - unit tests of core/date.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/date.h"
#include "core/err.h"

static struct lk_date D(int y, int m, int d) {
	struct lk_date dt = {y, m, d};

	return dt;
}

static void
assert_date(struct lk_date dt, int y, int m, int d)
{
	assert_int_equal(dt.y, y);
	assert_int_equal(dt.m, m);
	assert_int_equal(dt.d, d);
}

static void test_valid(void **state)
{
	(void)state;
	assert_true(lk_date_is_leap(2000));
	assert_true(lk_date_is_leap(2016));
	assert_true(lk_date_is_leap(2400));
	assert_false(lk_date_is_leap(1900));
	assert_false(lk_date_is_leap(2100));
	assert_false(lk_date_is_leap(2019));
	assert_true(lk_date_valid(2000, 2, 29));
	assert_true(lk_date_valid(2016, 2, 29));
	assert_false(lk_date_valid(1900, 2, 29));
	assert_false(lk_date_valid(2019, 2, 29));
	assert_false(lk_date_valid(2100, 2, 29));
	assert_true(lk_date_valid(2019, 2, 28));
	assert_true(lk_date_valid(2019, 12, 31));
	assert_false(lk_date_valid(2019, 4, 31));
	assert_false(lk_date_valid(2019, 13, 1));
	assert_false(lk_date_valid(2019, 0, 1));
	assert_false(lk_date_valid(2019, 1, 0));
	assert_false(lk_date_valid(2019, 1, 32));
	assert_false(lk_date_valid(0, 1, 1));
	assert_false(lk_date_valid(10000, 1, 1));
	assert_true(lk_date_valid(1, 1, 1));
	assert_true(lk_date_valid(9999, 12, 31));
	assert_int_equal(lk_date_month_days(2020, 2), 29);
	assert_int_equal(lk_date_month_days(2021, 2), 28);
	assert_int_equal(lk_date_month_days(2021, 6), 30);
	assert_int_equal(lk_date_month_days(2021, 0), 0);
}

static void check_parse(const char *s, int rc, int y, int m, int d)
{
	struct lk_date dt = {-1, -1, -1};

	print_message("date \"%s\"\n", s ? s : "(null)");
	assert_int_equal(lk_date_parse(s, &dt), rc);
	if (rc == 0)
		assert_date(dt, y, m, d);
	else
		assert_date(dt, -1, -1, -1);
}

static void test_parse(void **state)
{
	(void)state;
	check_parse("2016-03-05", 0, 2016, 3, 5);
	check_parse("2016/03/05", 0, 2016, 3, 5);
	check_parse("20160305", 0, 2016, 3, 5);
	check_parse("2016/3/5", 0, 2016, 3, 5);
	check_parse("2016-3-05", 0, 2016, 3, 5);
	check_parse("2016-12-31", 0, 2016, 12, 31);
	check_parse("2000-02-29", 0, 2000, 2, 29);
	check_parse("2016-02-29", 0, 2016, 2, 29);
	check_parse("0001-01-01", 0, 1, 1, 1);
	check_parse("9999-12-31", 0, 9999, 12, 31);
	/* impossible dates */
	check_parse("2019-02-29", LK_EINVAL, 0, 0, 0);
	check_parse("1900-02-29", LK_EINVAL, 0, 0, 0);
	check_parse("2019-04-31", LK_EINVAL, 0, 0, 0);
	check_parse("2019-13-01", LK_EINVAL, 0, 0, 0);
	check_parse("2019-00-10", LK_EINVAL, 0, 0, 0);
	check_parse("2019-01-00", LK_EINVAL, 0, 0, 0);
	check_parse("0000-01-01", LK_EINVAL, 0, 0, 0);
	check_parse("20190229", LK_EINVAL, 0, 0, 0);
	/* syntax */
	check_parse("2016-03/05", LK_EINVAL, 0, 0, 0);
	check_parse("2016.03.05", LK_EINVAL, 0, 0, 0);
	check_parse("16-03-05", LK_EINVAL, 0, 0, 0);
	check_parse("2016-003-05", LK_EINVAL, 0, 0, 0);
	check_parse("2016-03-005", LK_EINVAL, 0, 0, 0);
	check_parse("2016-03-05T00:00", LK_EINVAL, 0, 0, 0);
	check_parse(" 2016-03-05", LK_EINVAL, 0, 0, 0);
	check_parse("2016-03-05 ", LK_EINVAL, 0, 0, 0);
	check_parse("2016035", LK_EINVAL, 0, 0, 0);
	check_parse("201603051", LK_EINVAL, 0, 0, 0);
	check_parse("2016-03-", LK_EINVAL, 0, 0, 0);
	check_parse("2016--05", LK_EINVAL, 0, 0, 0);
	check_parse("2016", LK_EINVAL, 0, 0, 0);
	check_parse("", LK_EINVAL, 0, 0, 0);
	check_parse(NULL, LK_EINVAL, 0, 0, 0);
	check_parse("２０１６-03-05", LK_EINVAL, 0, 0, 0);
}

static void test_parse_year_or_date(void **state)
{
	struct lk_date dt = {-1, -1, -1};
	int yo = -1;

	(void)state;
	assert_int_equal(lk_date_parse_year_or_date("2016", &dt, &yo), 0);
	assert_date(dt, 2016, 1, 1);
	assert_int_equal(yo, 1);
	assert_int_equal(lk_date_parse_year_or_date("2016-12-31", &dt, &yo), 0);
	assert_date(dt, 2016, 12, 31);
	assert_int_equal(yo, 0);
	assert_int_equal(lk_date_parse_year_or_date("2020", &dt, NULL), 0);
	assert_date(dt, 2020, 1, 1);
	yo = -1;
	assert_int_equal(lk_date_parse_year_or_date("0000", &dt, &yo),
			 LK_EINVAL);
	assert_int_equal(lk_date_parse_year_or_date("201", &dt, &yo),
			 LK_EINVAL);
	assert_int_equal(lk_date_parse_year_or_date("20160", &dt, &yo),
			 LK_EINVAL);
	assert_int_equal(lk_date_parse_year_or_date("2016x", &dt, &yo),
			 LK_EINVAL);
	assert_int_equal(lk_date_parse_year_or_date("", &dt, &yo), LK_EINVAL);
	assert_int_equal(lk_date_parse_year_or_date(NULL, &dt, &yo), LK_EINVAL);
	assert_int_equal(yo, -1);
	assert_date(dt, 2020, 1, 1);
}

static void test_format(void **state)
{
	char out[LK_DATE_BUFSZ];

	(void)state;
	lk_date_format(D(2016, 3, 5), out);
	assert_string_equal(out, "2016-03-05");
	lk_date_format(D(1, 1, 1), out);
	assert_string_equal(out, "0001-01-01");
	lk_date_format(D(9999, 12, 31), out);
	assert_string_equal(out, "9999-12-31");
}

static void test_days(void **state)
{
	struct lk_date dt;
	int32_t n, first, last;

	(void)state;
	assert_int_equal(lk_date_days(D(1970, 1, 1)), 0);
	assert_int_equal(lk_date_days(D(1969, 12, 31)), -1);
	assert_int_equal(lk_date_days(D(2000, 3, 1)), 11017);
	assert_int_equal(lk_date_days(D(2020, 6, 30)), 18443);
	assert_int_equal(lk_date_days(D(1, 1, 1)), -719162);
	assert_int_equal(lk_date_days(D(9999, 12, 31)), 2932896);
	assert_date(lk_date_from_days(0), 1970, 1, 1);
	assert_date(lk_date_from_days(-1), 1969, 12, 31);
	assert_date(lk_date_from_days(11016), 2000, 2, 29);
	/* every day of years 1..9999 round-trips and follows its previous */
	first = lk_date_days(D(1, 1, 1));
	last = lk_date_days(D(9999, 12, 31));
	dt = D(1, 1, 1);
	for (n = first; n <= last; n++) {
		struct lk_date got = lk_date_from_days(n);
		if (got.y != dt.y || got.m != dt.m || got.d != dt.d)
			fail_msg("day %d: got %d-%d-%d want %d-%d-%d", (int)n,
				 got.y, got.m, got.d, dt.y, dt.m, dt.d);
		if (lk_date_days(got) != n)
			fail_msg("day %d does not round-trip", (int)n);
		/* the next calendar day */
		if (++dt.d > lk_date_month_days(dt.y, dt.m)) {
			dt.d = 1;
			if (++dt.m > 12) {
				dt.m = 1;
				dt.y++;
			}
		}
	}
}

static void test_add_cmp(void **state)
{
	(void)state;
	assert_date(lk_date_add_days(D(2016, 2, 28), 1), 2016, 2, 29);
	assert_date(lk_date_add_days(D(2016, 2, 29), 1), 2016, 3, 1);
	assert_date(lk_date_add_days(D(2019, 2, 28), 1), 2019, 3, 1);
	assert_date(lk_date_add_days(D(2016, 12, 31), 1), 2017, 1, 1);
	assert_date(lk_date_add_days(D(2017, 1, 1), -1), 2016, 12, 31);
	assert_date(lk_date_add_days(D(2020, 1, 1), 366), 2021, 1, 1);
	assert_date(lk_date_add_days(D(2020, 1, 1), 0), 2020, 1, 1);
	assert_int_equal(lk_date_cmp(D(2020, 1, 1), D(2020, 1, 1)), 0);
	assert_int_equal(lk_date_cmp(D(2019, 12, 31), D(2020, 1, 1)), -1);
	assert_int_equal(lk_date_cmp(D(2020, 2, 1), D(2020, 1, 31)), 1);
	assert_int_equal(lk_date_cmp(D(2020, 1, 2), D(2020, 1, 1)), 1);
}

static void test_age(void **state)
{
	(void)state;
	/* birthday eve and day */
	assert_int_equal(lk_age_on(D(2004, 6, 15), D(2020, 6, 14)), 15);
	assert_int_equal(lk_age_on(D(2004, 6, 15), D(2020, 6, 15)), 16);
	assert_int_equal(lk_age_on(D(2004, 6, 15), D(2020, 12, 31)), 16);
	assert_int_equal(lk_age_on(D(2004, 6, 15), D(2020, 1, 1)), 15);
	/* born on 29 February */
	assert_int_equal(lk_age_on(D(2000, 2, 29), D(2001, 2, 28)), 0);
	assert_int_equal(lk_age_on(D(2000, 2, 29), D(2001, 3, 1)), 1);
	assert_int_equal(lk_age_on(D(2000, 2, 29), D(2004, 2, 28)), 3);
	assert_int_equal(lk_age_on(D(2000, 2, 29), D(2004, 2, 29)), 4);
	/* day of birth, before birth */
	assert_int_equal(lk_age_on(D(2020, 5, 5), D(2020, 5, 5)), 0);
	assert_int_equal(lk_age_on(D(2020, 5, 5), D(2020, 5, 4)), -1);
	assert_int_equal(lk_age_on(D(2020, 5, 5), D(2018, 5, 5)), -2);
	/* reference date = last day of the checked year */
	assert_int_equal(lk_age_on(D(1949, 12, 31), D(2016, 12, 31)), 67);
	assert_int_equal(lk_age_on(D(1950, 1, 1), D(2016, 12, 31)), 66);
}

static void test_clock_injection(void **state)
{
	char iso[LK_ISO_NOW_BUFSZ];

	(void)state;
	assert_int_equal(setenv("LIKA_NOW", "2020-06-30", 1), 0);
	assert_int_equal(lk_now_unix(), INT64_C(1593446400));
	assert_date(lk_today(), 2020, 6, 30);
	lk_now_iso(iso);
	assert_string_equal(iso, "2020-06-30T00:00:00+08:00");

	/* 07:59:59 CST is still the previous UTC day */
	assert_int_equal(setenv("LIKA_NOW", "2021-01-01T07:59:59", 1), 0);
	assert_int_equal(lk_now_unix(), INT64_C(1609459199));
	assert_date(lk_today(), 2021, 1, 1);
	lk_now_iso(iso);
	assert_string_equal(iso, "2021-01-01T07:59:59+08:00");

	assert_int_equal(setenv("LIKA_NOW", "2020-12-31 23:59:59", 1), 0);
	assert_date(lk_today(), 2020, 12, 31);
	lk_now_iso(iso);
	assert_string_equal(iso, "2020-12-31T23:59:59+08:00");
	assert_int_equal(unsetenv("LIKA_NOW"), 0);
}

static void test_clock_pin(void **state)
{
	int64_t at = 0;

	(void)state;
	assert_int_equal(lk_clock_pinned(&at), 0);
	assert_int_equal(setenv("LIKA_NOW", "2020-06-30", 1), 0);
	lk_clock_pin();
	assert_int_equal(setenv("LIKA_NOW", "2021-01-01", 1), 0);
	assert_int_equal(lk_now_unix(), INT64_C(1593446400));
	assert_int_equal(lk_clock_pinned(&at), 1);
	assert_int_equal(at, INT64_C(1593446400));
	lk_clock_unpin();
	assert_int_equal(lk_now_unix(), INT64_C(1609430400));
	/* a helper thread takes the pinned time of its session */
	lk_clock_pin_at(INT64_C(1593446400));
	assert_date(lk_today(), 2020, 6, 30);
	lk_clock_unpin();
	assert_int_equal(lk_clock_pinned(&at), 0);
	assert_int_equal(unsetenv("LIKA_NOW"), 0);
}

static void test_clock_bad_env(void **state)
{
	static const char *bad[] = {
	    "",
	    "yesterday",
	    "2020-02-30",
	    "2020/06/30",
	    "20200630",
	    "2020-06-30T24:00:00",
	    "2020-06-30T12:60:00",
	    "2020-06-30T12:00",
	    "2020-06-30T12:00:00Z",
	    "2020-06-30x",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t before, now, after;
		print_message("LIKA_NOW=\"%s\"\n", bad[i]);
		assert_int_equal(setenv("LIKA_NOW", bad[i], 1), 0);
		before = (int64_t)time(NULL);
		now = lk_now_unix();
		after = (int64_t)time(NULL);
		assert_true(now >= before && now <= after);
	}
	assert_int_equal(unsetenv("LIKA_NOW"), 0);
}

static void test_real_clock(void **state)
{
	struct lk_date today;
	int64_t t;
	char iso[LK_ISO_NOW_BUFSZ];

	(void)state;
	assert_int_equal(unsetenv("LIKA_NOW"), 0);
	t = lk_now_unix();
	assert_true(t > INT64_C(1700000000));
	today = lk_today();
	assert_true(lk_date_valid(today.y, today.m, today.d));
	assert_true(today.y >= 2023);
	lk_now_iso(iso);
	assert_int_equal(strlen(iso), 25);
	assert_string_equal(iso + 19, "+08:00");
}

static void test_unix(void **state)
{
	char iso[LK_ISO_NOW_BUFSZ];

	(void)state;
	lk_unix_iso(0, iso);
	assert_string_equal(iso, "1970-01-01T08:00:00+08:00");
	lk_unix_iso(-1, iso);
	assert_string_equal(iso, "1970-01-01T07:59:59+08:00");
	lk_unix_iso(-28801, iso);
	assert_string_equal(iso, "1969-12-31T23:59:59+08:00");
	assert_date(lk_unix_date(-28801), 1969, 12, 31);
	assert_date(lk_unix_date(-28800), 1970, 1, 1);
	/* absurd clocks are clamped to years 1..9999 */
	lk_unix_iso(INT64_MIN, iso);
	assert_string_equal(iso, "0001-01-01T00:00:00+08:00");
	lk_unix_iso(INT64_MAX, iso);
	assert_string_equal(iso, "9999-12-31T23:59:59+08:00");
	assert_date(lk_unix_date(INT64_MIN), 1, 1, 1);
	assert_date(lk_unix_date(INT64_MAX), 9999, 12, 31);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid),
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_parse_year_or_date),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_days),
	    cmocka_unit_test(test_add_cmp),
	    cmocka_unit_test(test_age),
	    cmocka_unit_test(test_clock_injection),
	    cmocka_unit_test(test_clock_pin),
	    cmocka_unit_test(test_clock_bad_env),
	    cmocka_unit_test(test_real_clock),
	    cmocka_unit_test(test_unix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
