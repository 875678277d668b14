/*
 * test_num.c - unit tests of core/num.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "core/num.h"

#define SENTINEL INT64_C(-777)

static void check_int(const char *s, int64_t min, int64_t max, int rc,
		      int64_t want)
{
	int64_t v = SENTINEL;

	print_message("int64 \"%s\"\n", s ? s : "(null)");
	assert_int_equal(lk_parse_int64(s, min, max, &v), rc);
	assert_int_equal(v, rc == 0 ? want : SENTINEL);
}

static void test_int64(void **state)
{
	(void)state;
	check_int("0", INT64_MIN, INT64_MAX, 0, 0);
	check_int("42", INT64_MIN, INT64_MAX, 0, 42);
	check_int("+42", INT64_MIN, INT64_MAX, 0, 42);
	check_int("-42", INT64_MIN, INT64_MAX, 0, -42);
	check_int("007", INT64_MIN, INT64_MAX, 0, 7);
	check_int("-0", INT64_MIN, INT64_MAX, 0, 0);
	check_int("9223372036854775807", INT64_MIN, INT64_MAX, 0, INT64_MAX);
	check_int("-9223372036854775808", INT64_MIN, INT64_MAX, 0, INT64_MIN);
	check_int("00000000000000000000000009", INT64_MIN, INT64_MAX, 0, 9);
	/* out of 64 bits */
	check_int("9223372036854775808", INT64_MIN, INT64_MAX, LK_ERANGE, 0);
	check_int("-9223372036854775809", INT64_MIN, INT64_MAX, LK_ERANGE, 0);
	check_int("18446744073709551615", INT64_MIN, INT64_MAX, LK_ERANGE, 0);
	check_int("18446744073709551616", INT64_MIN, INT64_MAX, LK_ERANGE, 0);
	check_int("99999999999999999999999999", INT64_MIN, INT64_MAX, LK_ERANGE,
		  0);
	/* the caller's range */
	check_int("1", 1, 7, 0, 1);
	check_int("7", 1, 7, 0, 7);
	check_int("0", 1, 7, LK_ERANGE, 0);
	check_int("8", 1, 7, LK_ERANGE, 0);
	check_int("-1", 0, 100, LK_ERANGE, 0);
	/* not numbers */
	check_int(NULL, 0, 10, LK_EINVAL, 0);
	check_int("", 0, 10, LK_EINVAL, 0);
	check_int("+", 0, 10, LK_EINVAL, 0);
	check_int("-", 0, 10, LK_EINVAL, 0);
	check_int(" 1", 0, 10, LK_EINVAL, 0);
	check_int("1 ", 0, 10, LK_EINVAL, 0);
	check_int("1a", 0, 10, LK_EINVAL, 0);
	check_int("0x10", 0, 100, LK_EINVAL, 0);
	check_int("1e3", 0, 10000, LK_EINVAL, 0);
	check_int("1,000", 0, 10000, LK_EINVAL, 0);
	check_int("1.0", 0, 10, LK_EINVAL, 0);
	check_int("--1", -10, 10, LK_EINVAL, 0);
	check_int("+-1", -10, 10, LK_EINVAL, 0);
	check_int("１", 0, 10, LK_EINVAL, 0); /* full-width digit */
	/* junk after an overflowing number is still junk */
	check_int("99999999999999999999x", INT64_MIN, INT64_MAX, LK_EINVAL, 0);
}

static void test_uint32(void **state)
{
	uint32_t v = 5;

	(void)state;
	assert_int_equal(lk_parse_uint32("4294967295", 0, UINT32_MAX, &v), 0);
	assert_int_equal(v, UINT32_MAX);
	assert_int_equal(lk_parse_uint32("4294967296", 0, UINT32_MAX, &v),
			 LK_ERANGE);
	assert_int_equal(v, UINT32_MAX);
	assert_int_equal(lk_parse_uint32("-1", 0, UINT32_MAX, &v), LK_ERANGE);
	assert_int_equal(lk_parse_uint32("-0", 0, 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(lk_parse_uint32("12", 1, 12, &v), 0);
	assert_int_equal(v, 12);
	assert_int_equal(lk_parse_uint32("13", 1, 12, &v), LK_ERANGE);
	assert_int_equal(lk_parse_uint32("x", 1, 12, &v), LK_EINVAL);
	assert_int_equal(v, 12);
}

static void check_dec(const char *s, int scale, int64_t min, int64_t max,
		      int rc, int64_t want)
{
	int64_t v = SENTINEL;

	print_message("decimal \"%s\" scale %d\n", s ? s : "(null)", scale);
	assert_int_equal(lk_parse_decimal(s, scale, min, max, &v), rc);
	assert_int_equal(v, rc == 0 ? want : SENTINEL);
}

static void test_decimal(void **state)
{
	(void)state;
	check_dec("12.5", 2, INT64_MIN, INT64_MAX, 0, 1250);
	check_dec("12.50", 2, INT64_MIN, INT64_MAX, 0, 1250);
	check_dec("12", 2, INT64_MIN, INT64_MAX, 0, 1200);
	check_dec("-0.05", 2, INT64_MIN, INT64_MAX, 0, -5);
	check_dec("+3.1", 1, INT64_MIN, INT64_MAX, 0, 31);
	check_dec("0.000000000000000001", 18, INT64_MIN, INT64_MAX, 0, 1);
	check_dec("9.223372036854775807", 18, INT64_MIN, INT64_MAX, 0,
		  INT64_MAX);
	check_dec("-9.223372036854775808", 18, INT64_MIN, INT64_MAX, 0,
		  INT64_MIN);
	check_dec("92233720368547758.07", 2, INT64_MIN, INT64_MAX, 0,
		  INT64_MAX);
	check_dec("7", 0, INT64_MIN, INT64_MAX, 0, 7);
	/* too many decimals, including zeros */
	check_dec("12.505", 2, INT64_MIN, INT64_MAX, LK_EINVAL, 0);
	check_dec("12.500", 2, INT64_MIN, INT64_MAX, LK_EINVAL, 0);
	check_dec("1.5", 0, INT64_MIN, INT64_MAX, LK_EINVAL, 0);
	/* overflow, including through the scaling */
	check_dec("92233720368547758.08", 2, INT64_MIN, INT64_MAX, LK_ERANGE,
		  0);
	check_dec("92233720368547759", 2, INT64_MIN, INT64_MAX, LK_ERANGE, 0);
	check_dec("1000000000000000000000", 0, INT64_MIN, INT64_MAX, LK_ERANGE,
		  0);
	check_dec("184467440737095517", 2, INT64_MIN, INT64_MAX, LK_ERANGE, 0);
	check_dec("10", 18, INT64_MIN, INT64_MAX, LK_ERANGE, 0);
	/* range in scaled units */
	check_dec("50", 2, 0, 5000, 0, 5000);
	check_dec("50.01", 2, 0, 5000, LK_ERANGE, 0);
	check_dec("-0.01", 2, 0, 5000, LK_ERANGE, 0);
	/* syntax */
	check_dec(".5", 2, INT64_MIN, INT64_MAX, LK_EINVAL, 0);
	check_dec("5.", 2, INT64_MIN, INT64_MAX, LK_EINVAL, 0);
	check_dec("5..0", 2, INT64_MIN, INT64_MAX, LK_EINVAL, 0);
	check_dec("1.2.3", 2, INT64_MIN, INT64_MAX, LK_EINVAL, 0);
	check_dec("1,5", 2, INT64_MIN, INT64_MAX, LK_EINVAL, 0);
	check_dec("", 2, INT64_MIN, INT64_MAX, LK_EINVAL, 0);
	check_dec("-", 2, INT64_MIN, INT64_MAX, LK_EINVAL, 0);
	check_dec("-.5", 2, INT64_MIN, INT64_MAX, LK_EINVAL, 0);
	check_dec("1.5e2", 2, INT64_MIN, INT64_MAX, LK_EINVAL, 0);
	check_dec("1.5 ", 2, INT64_MIN, INT64_MAX, LK_EINVAL, 0);
	check_dec("nan", 2, INT64_MIN, INT64_MAX, LK_EINVAL, 0);
	check_dec("inf", 2, INT64_MIN, INT64_MAX, LK_EINVAL, 0);
	check_dec(NULL, 2, INT64_MIN, INT64_MAX, LK_EINVAL, 0);
	/* bad scale */
	check_dec("1", -1, INT64_MIN, INT64_MAX, LK_EINVAL, 0);
	check_dec("1", 19, INT64_MIN, INT64_MAX, LK_EINVAL, 0);
}

static void check_fmt(int64_t v, int scale, const char *want,
		      const char *want_trim)
{
	char out[LK_DECIMAL_BUFSZ];

	print_message("format %lld scale %d\n", (long long)v, scale);
	assert_int_equal(lk_format_decimal(v, scale, out, sizeof out), 0);
	assert_string_equal(out, want);
	assert_int_equal(lk_format_decimal_trim(v, scale, out, sizeof out), 0);
	assert_string_equal(out, want_trim);
}

static void test_format(void **state)
{
	char out[9];

	(void)state;
	check_fmt(1250, 2, "12.50", "12.5");
	check_fmt(1200, 2, "12.00", "12");
	check_fmt(0, 2, "0.00", "0");
	check_fmt(-5, 2, "-0.05", "-0.05");
	check_fmt(-50, 2, "-0.50", "-0.5");
	check_fmt(-100, 2, "-1.00", "-1");
	check_fmt(7, 0, "7", "7");
	check_fmt(-70, 0, "-70", "-70");
	check_fmt(INT64_MAX, 0, "9223372036854775807", "9223372036854775807");
	check_fmt(INT64_MIN, 0, "-9223372036854775808", "-9223372036854775808");
	check_fmt(INT64_MIN, 18, "-9.223372036854775808",
		  "-9.223372036854775808");
	check_fmt(1, 18, "0.000000000000000001", "0.000000000000000001");
	check_fmt(INT64_MIN, 2, "-92233720368547758.08",
		  "-92233720368547758.08");
	/* small buffers */
	assert_int_equal(lk_format_decimal(1234567, 2, out, sizeof out), 0);
	assert_string_equal(out, "12345.67");
	assert_int_equal(lk_format_decimal(12345678, 2, out, sizeof out),
			 LK_ETOOBIG);
	assert_string_equal(out, "");
	assert_int_equal(lk_format_decimal(1, 2, out, 0), LK_ETOOBIG);
	assert_int_equal(lk_format_decimal(1, 19, out, sizeof out), LK_EINVAL);
	assert_int_equal(lk_format_decimal(1, -1, out, sizeof out), LK_EINVAL);
}

static void test_roundtrip(void **state)
{
	static const int64_t vals[] = {
	    0, 1, -1, 99, -100, 123456789, INT64_MAX, INT64_MIN, INT64_MAX / 3};
	char out[LK_DECIMAL_BUFSZ];
	size_t i;
	int scale;

	(void)state;
	for (scale = 0; scale <= LK_DECIMAL_MAX_SCALE; scale++) {
		for (i = 0; i < sizeof vals / sizeof vals[0]; i++) {
			int64_t v;
			assert_int_equal(
			    lk_format_decimal(vals[i], scale, out, sizeof out),
			    0);
			assert_int_equal(lk_parse_decimal(out, scale, INT64_MIN,
							  INT64_MAX, &v),
					 0);
			assert_int_equal(v, vals[i]);
			assert_int_equal(lk_format_decimal_trim(
					     vals[i], scale, out, sizeof out),
					 0);
			assert_int_equal(lk_parse_decimal(out, scale, INT64_MIN,
							  INT64_MAX, &v),
					 0);
			assert_int_equal(v, vals[i]);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_int64),     cmocka_unit_test(test_uint32),
	    cmocka_unit_test(test_decimal),   cmocka_unit_test(test_format),
	    cmocka_unit_test(test_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
