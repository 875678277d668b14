/*
 * test_buf.c - unit tests of core/buf.c, included here so the allocator
 * can fail on demand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static int fail_after = -1; /* allocations left before failing; -1 never */

static void *hook_realloc(void *p, size_t n)
{
	if (fail_after == 0)
		return NULL;
	if (fail_after > 0)
		fail_after--;
	return realloc(p, n);
}

#define LK_BUF_REALLOC hook_realloc
#include "core/buf.c"

static void assert_freed(const struct lk_buf *b)
{
	assert_null(b->ptr);
	assert_int_equal(b->len, 0);
	assert_int_equal(b->cap, 0);
	assert_string_equal(lk_buf_str(b), "");
}

static void test_empty(void **state)
{
	struct lk_buf b = LK_BUF_INIT(16);
	char *s;

	(void)state;
	assert_freed(&b);
	assert_int_equal(b.max, 16);
	assert_int_equal(lk_buf_add(&b, NULL, 0), 0);
	assert_int_equal(lk_buf_adds(&b, ""), 0);
	assert_string_equal(lk_buf_str(&b), "");
	s = lk_buf_take(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	assert_freed(&b);
	lk_buf_free(&b);
	lk_buf_free(&b); /* twice is fine */
	assert_freed(&b);
}

static void test_append(void **state)
{
	struct lk_buf b;
	char *s;
	int i;

	(void)state;
	lk_buf_init(&b, 1 << 20);
	assert_int_equal(lk_buf_adds(&b, "ab"), 0);
	assert_int_equal(lk_buf_addc(&b, 'c'), 0);
	assert_int_equal(lk_buf_add(&b, "defXX", 3), 0);
	assert_int_equal(lk_buf_printf(&b, "-%d-%s", 42, "x"), 0);
	assert_string_equal(lk_buf_str(&b), "abcdef-42-x");
	assert_int_equal(b.len, 11);
	for (i = 0; i < 10000; i++)
		assert_int_equal(lk_buf_addc(&b, (char)('a' + i % 26)), 0);
	assert_int_equal(b.len, 10011);
	assert_int_equal(strlen(lk_buf_str(&b)), 10011);
	assert_int_equal(b.ptr[11], 'a');
	assert_int_equal(b.ptr[10010], 'a' + 9999 % 26);
	s = lk_buf_take(&b);
	assert_int_equal(strlen(s), 10011);
	free(s);
	assert_freed(&b);
}

static void test_printf_growth(void **state)
{
	struct lk_buf b = LK_BUF_INIT(100000);
	char big[5000];

	(void)state;
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	/* fits in the first allocation */
	assert_int_equal(lk_buf_printf(&b, "%s", "hello"), 0);
	/* exactly fills the capacity: len + n + 1 == cap */
	assert_int_equal(lk_buf_printf(&b, "%0*d", (int)(b.cap - b.len - 1), 0),
			 0);
	assert_int_equal(b.len + 1, b.cap);
	/* buffer full: formatting must grow */
	assert_int_equal(lk_buf_printf(&b, "[%s]", big), 0);
	assert_int_equal(b.len, 64 - 1 + 2 + 4999);
	assert_int_equal(b.ptr[b.len - 1], ']');
	assert_int_equal(b.ptr[b.len], '\0');
	assert_int_equal(strncmp(b.ptr, "hello000", 8), 0);
	/* empty output */
	assert_int_equal(lk_buf_printf(&b, "%s", ""), 0);
	assert_int_equal(b.len, 64 - 1 + 2 + 4999);
	lk_buf_free(&b);
	/* empty output into an unallocated buffer */
	assert_int_equal(lk_buf_printf(&b, "%s", ""), 0);
	assert_string_equal(lk_buf_str(&b), "");
	lk_buf_free(&b);
}

static void test_max_exceeded_frees(void **state)
{
	struct lk_buf b = LK_BUF_INIT(10);

	(void)state;
	assert_int_equal(lk_buf_adds(&b, "12345678"), 0);
	assert_int_equal(lk_buf_adds(&b, "abc"), LK_ETOOBIG);
	assert_freed(&b);
	assert_int_equal(b.max, 10);
	/* usable again, and exactly max is allowed */
	assert_int_equal(lk_buf_adds(&b, "0123456789"), 0);
	assert_int_equal(b.len, 10);
	assert_true(b.cap <= 11);
	assert_int_equal(lk_buf_addc(&b, 'x'), LK_ETOOBIG);
	assert_freed(&b);
	assert_int_equal(lk_buf_adds(&b, "01234"), 0);
	assert_int_equal(lk_buf_printf(&b, "%s", "567890"), LK_ETOOBIG);
	assert_freed(&b);
}

static void test_max_zero_and_huge(void **state)
{
	struct lk_buf b = LK_BUF_INIT(0);
	static const char one = '1';

	(void)state;
	assert_int_equal(lk_buf_add(&b, "", 0), 0);
	assert_int_equal(lk_buf_addc(&b, 'a'), LK_ETOOBIG);
	assert_freed(&b);
	lk_buf_init(&b, SIZE_MAX);
	/* the length + NUL would overflow size_t: refused, nothing read */
	assert_int_equal(lk_buf_add(&b, &one, SIZE_MAX), LK_ETOOBIG);
	assert_freed(&b);
	assert_int_equal(lk_buf_adds(&b, "ok"), 0);
	assert_int_equal(lk_buf_add(&b, &one, SIZE_MAX - 1), LK_ETOOBIG);
	assert_freed(&b);
}

static void test_cap_bounded_by_max(void **state)
{
	struct lk_buf b = LK_BUF_INIT(100);
	int i;

	(void)state;
	for (i = 0; i < 100; i++) {
		assert_int_equal(lk_buf_addc(&b, 'q'), 0);
		assert_true(b.cap <= 101);
	}
	assert_int_equal(b.len, 100);
	assert_int_equal(lk_buf_addc(&b, 'q'), LK_ETOOBIG);
	assert_freed(&b);
}

static void test_oom_frees(void **state)
{
	struct lk_buf b = LK_BUF_INIT(1 << 20);
	char big[200];

	(void)state;
	memset(big, 'b', sizeof big);
	fail_after = 0;
	assert_int_equal(lk_buf_adds(&b, "x"), LK_ENOMEM);
	assert_freed(&b);
	fail_after = 1; /* the first allocation works, the growth fails */
	assert_int_equal(lk_buf_adds(&b, "start"), 0);
	assert_int_equal(lk_buf_add(&b, big, sizeof big), LK_ENOMEM);
	assert_freed(&b);
	fail_after = 1;
	assert_int_equal(lk_buf_adds(&b, "start"), 0);
	assert_int_equal(lk_buf_printf(&b, "%.*s", 200, big), LK_ENOMEM);
	assert_freed(&b);
	fail_after = 0;
	assert_null(lk_buf_take(&b)); /* empty take needs an allocation */
	fail_after = -1;
	lk_buf_free(&b);
}

static void test_reset_truncate(void **state)
{
	struct lk_buf b = LK_BUF_INIT(64);
	char *p;

	(void)state;
	assert_int_equal(lk_buf_adds(&b, "hello world"), 0);
	p = b.ptr;
	lk_buf_truncate(&b, 5);
	assert_string_equal(lk_buf_str(&b), "hello");
	assert_int_equal(b.len, 5);
	lk_buf_truncate(&b, 5);
	assert_string_equal(lk_buf_str(&b), "hello");
	lk_buf_reset(&b);
	assert_string_equal(lk_buf_str(&b), "");
	assert_int_equal(b.len, 0);
	assert_ptr_equal(b.ptr, p); /* allocation kept */
	assert_int_equal(lk_buf_adds(&b, "again"), 0);
	assert_string_equal(lk_buf_str(&b), "again");
	lk_buf_free(&b);
	lk_buf_reset(&b); /* on an empty buffer */
	lk_buf_truncate(&b, 0);
	assert_freed(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_append),
	    cmocka_unit_test(test_printf_growth),
	    cmocka_unit_test(test_max_exceeded_frees),
	    cmocka_unit_test(test_max_zero_and_huge),
	    cmocka_unit_test(test_cap_bounded_by_max),
	    cmocka_unit_test(test_oom_frees),
	    cmocka_unit_test(test_reset_truncate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
