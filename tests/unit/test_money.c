/*
 * test_money.c - unit tests of core/money.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "core/money.h"

#define SENTINEL INT64_C(-777)

static void check_parse(const char *s, int rc, int64_t want)
{
	int64_t fen = SENTINEL;

	print_message("money \"%s\"\n", s ? s : "(null)");
	assert_int_equal(lk_money_parse(s, &fen), rc);
	assert_int_equal(fen, rc == 0 ? want : SENTINEL);
}

static void test_parse(void **state)
{
	(void)state;
	check_parse("1234", 0, 123400);
	check_parse("1234.5", 0, 123450);
	check_parse("1234.50", 0, 123450);
	check_parse("-3.2", 0, -320);
	check_parse("+3.2", 0, 320);
	check_parse("0", 0, 0);
	check_parse("0.01", 0, 1);
	check_parse("-0.05", 0, -5);
	check_parse("00012.30", 0, 1230);
	/* bounds: +-9e15 fen = +-9e13 yuan */
	check_parse("90000000000000", 0, LK_MONEY_MAX);
	check_parse("90000000000000.00", 0, LK_MONEY_MAX);
	check_parse("-90000000000000", 0, -LK_MONEY_MAX);
	check_parse("90000000000000.01", LK_ERANGE, 0);
	check_parse("-90000000000000.01", LK_ERANGE, 0);
	check_parse("99999999999999999999", LK_ERANGE, 0);
	check_parse("92233720368547758.08", LK_ERANGE, 0);
	/* rejected text */
	check_parse("1.234", LK_EINVAL, 0);
	check_parse("1.230", LK_EINVAL, 0);
	check_parse("1,234", LK_EINVAL, 0);
	check_parse("1,234.00", LK_EINVAL, 0);
	check_parse("", LK_EINVAL, 0);
	check_parse(" ", LK_EINVAL, 0);
	check_parse(" 12", LK_EINVAL, 0);
	check_parse("12 ", LK_EINVAL, 0);
	check_parse("12元", LK_EINVAL, 0);
	check_parse("¥12", LK_EINVAL, 0);
	check_parse("1e3", LK_EINVAL, 0);
	check_parse(".5", LK_EINVAL, 0);
	check_parse("5.", LK_EINVAL, 0);
	check_parse("abc", LK_EINVAL, 0);
	check_parse(NULL, LK_EINVAL, 0);
}

static void check_fmt(int64_t fen, const char *want, const char *want_wan)
{
	char out[LK_MONEY_BUFSZ];

	print_message("fen %lld\n", (long long)fen);
	lk_money_format(fen, out);
	assert_string_equal(out, want);
	lk_money_format_wan(fen, out);
	assert_string_equal(out, want_wan);
}

static void test_format(void **state)
{
	(void)state;
	check_fmt(123450, "1234.50", "0.12");
	check_fmt(-5, "-0.05", "0.00");
	check_fmt(0, "0.00", "0.00");
	check_fmt(100, "1.00", "0.00");
	check_fmt(1234500, "12345.00", "1.23");
	check_fmt(123450000, "1234500.00", "123.45");
	/* rounding half away from zero at 50 yuan */
	check_fmt(1235000, "12350.00", "1.24");
	check_fmt(1234999, "12349.99", "1.23");
	check_fmt(-1235000, "-12350.00", "-1.24");
	check_fmt(-1234999, "-12349.99", "-1.23");
	check_fmt(-4999, "-49.99", "0.00");
	check_fmt(-5000, "-50.00", "-0.01");
	check_fmt(LK_MONEY_MAX, "90000000000000.00", "9000000000.00");
	check_fmt(INT64_MAX, "92233720368547758.07", "9223372036854.78");
	check_fmt(INT64_MIN, "-92233720368547758.08", "-9223372036854.78");
}

static void test_roundtrip(void **state)
{
	char out[LK_MONEY_BUFSZ];
	int64_t fen, back;

	(void)state;
	for (fen = -100000; fen <= 100000; fen += 7) {
		lk_money_format(fen, out);
		assert_int_equal(lk_money_parse(out, &back), 0);
		assert_int_equal(back, fen);
	}
}

static void test_div(void **state)
{
	int64_t v = SENTINEL;

	(void)state;
	assert_int_equal(lk_money_div(1000, 3, &v), 0);
	assert_int_equal(v, 333);
	assert_int_equal(lk_money_div(1000, 6, &v), 0);
	assert_int_equal(v, 167); /* 166.67 */
	assert_int_equal(lk_money_div(5, 2, &v), 0);
	assert_int_equal(v, 3); /* half away from zero */
	assert_int_equal(lk_money_div(-5, 2, &v), 0);
	assert_int_equal(v, -3);
	assert_int_equal(lk_money_div(-1000, 3, &v), 0);
	assert_int_equal(v, -333);
	assert_int_equal(lk_money_div(INT64_MAX, 1, &v), 0);
	assert_int_equal(v, INT64_MAX);
	assert_int_equal(lk_money_div(INT64_MIN, 1, &v), 0);
	assert_int_equal(v, INT64_MIN);
	assert_int_equal(lk_money_div(INT64_MAX, INT64_MAX, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(lk_money_div(INT64_MIN, 2, &v), 0);
	assert_int_equal(v, INT64_MIN / 2);
	assert_int_equal(lk_money_div(1, INT64_MAX, &v), 0);
	assert_int_equal(v, 0);
	v = SENTINEL;
	assert_int_equal(lk_money_div(100, 0, &v), LK_EINVAL);
	assert_int_equal(lk_money_div(100, -2, &v), LK_EINVAL);
	assert_int_equal(v, SENTINEL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_roundtrip),
	    cmocka_unit_test(test_div),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
