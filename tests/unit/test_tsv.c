/* test_tsv.c - the policy-file reader: comments, blank lines, CRLF, field
 * limits, the last line without a newline. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/tsv.h"

static void test_records(void **state)
{
	static const char text[] = "# comment\r\n"
				   "\n"
				   "a\tb\tc\r\n"
				   "  \n"
				   "d\n"
				   "e\tf\tg\th\ti";
	struct lk_tsv t;
	char *f[3];
	size_t n;

	(void)state;
	assert_int_equal(lk_tsv_open(&t, text, sizeof text - 1), 0);
	assert_int_equal(lk_tsv_next(&t, f, 3, &n), 1);
	assert_int_equal(n, 3);
	assert_string_equal(f[0], "a");
	assert_string_equal(f[2], "c"); /* CR removed */
	assert_int_equal(t.lineno, 3);
	assert_int_equal(lk_tsv_next(&t, f, 3, &n), 1); /* "  " is a record */
	assert_int_equal(n, 1);
	assert_string_equal(f[0], "  ");
	assert_int_equal(lk_tsv_next(&t, f, 3, &n), 1);
	assert_string_equal(f[0], "d");
	assert_int_equal(t.lineno, 5);
	assert_int_equal(lk_tsv_next(&t, f, 3, &n), 1);
	assert_int_equal(n, 3); /* the rest stays in the last field */
	assert_string_equal(f[1], "f");
	assert_string_equal(f[2], "g\th\ti");
	assert_int_equal(lk_tsv_next(&t, f, 3, &n), 0);
	assert_int_equal(lk_tsv_next(&t, f, 3, &n), 0);
	lk_tsv_close(&t);
	lk_tsv_close(&t);
}

static void test_empty(void **state)
{
	struct lk_tsv t;
	char *f[2];
	size_t n;

	(void)state;
	assert_int_equal(lk_tsv_open(&t, "", 0), 0);
	assert_int_equal(lk_tsv_next(&t, f, 2, &n), 0);
	lk_tsv_close(&t);
	assert_int_equal(lk_tsv_open(&t, "#x\n#y", 5), 0);
	assert_int_equal(lk_tsv_next(&t, f, 2, &n), 0);
	lk_tsv_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
