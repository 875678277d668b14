/*
 * test_arena.c - unit tests of core/arena.c, included here so the
 * allocator can fail on demand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static int fail_after = -1; /* allocations left before failing; -1 never */

static void *hook_malloc(size_t n)
{
	if (fail_after == 0)
		return NULL;
	if (fail_after > 0)
		fail_after--;
	return malloc(n);
}

#define LK_ARENA_MALLOC hook_malloc
#include "core/arena.c"

static size_t chunk_count(const struct lk_arena *a)
{
	const struct lk_arena_chunk *c;
	size_t n = 0;

	for (c = a->head; c; c = c->next)
		n++;
	return n;
}

static void test_alignment(void **state)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	size_t i;

	(void)state;
	for (i = 0; i < 2000; i++) {
		unsigned char *p = lk_arena_alloc(&a, i % 37);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		memset(p, 0xAB, i % 37); /* ASan checks the bounds */
	}
	assert_true(chunk_count(&a) > 1);
	lk_arena_free(&a);
	assert_null(a.head);
	assert_int_equal(a.used, 0);
}

static void test_zero_and_calloc(void **state)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	unsigned char *p, *q;
	size_t i;

	(void)state;
	p = lk_arena_alloc(&a, 0);
	q = lk_arena_alloc(&a, 0);
	assert_non_null(p);
	assert_non_null(q);
	assert_ptr_not_equal(p, q);
	p = lk_arena_alloc(&a, 100);
	memset(p, 0xFF, 100);
	lk_arena_reset(&a);
	q = lk_arena_calloc(&a, 100);
	assert_non_null(q);
	for (i = 0; i < 100; i++)
		assert_int_equal(q[i], 0);
	lk_arena_free(&a);
}

static void test_strings(void **state)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	char *s;

	(void)state;
	assert_string_equal(lk_arena_strdup(&a, "贫困户"), "贫困户");
	assert_string_equal(lk_arena_strdup(&a, ""), "");
	assert_string_equal(lk_arena_strndup(&a, "abcdef", 3), "abc");
	assert_string_equal(lk_arena_strndup(&a, "ab", 10), "ab");
	assert_string_equal(lk_arena_strndup(&a, "ab", 0), "");
	s = lk_arena_printf(&a, "%s-%04d", "hh", 7);
	assert_string_equal(s, "hh-0007");
	s = lk_arena_printf(&a, "%s", "");
	assert_string_equal(s, "");
	assert_string_equal(lk_arena_int64(&a, 0), "0");
	assert_string_equal(lk_arena_int64(&a, -42), "-42");
	assert_string_equal(lk_arena_int64(&a, INT64_MAX),
			    "9223372036854775807");
	assert_string_equal(lk_arena_int64(&a, INT64_MIN),
			    "-9223372036854775808");
	lk_arena_free(&a);
}

static void test_large_own_chunk(void **state)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	char *s1, *big, *s2;

	(void)state;
	s1 = lk_arena_alloc(&a, 32);
	big = lk_arena_alloc(&a, 100000);
	assert_non_null(big);
	memset(big, 1, 100000);
	s2 = lk_arena_alloc(&a, 32);
	/* the small allocations share the head chunk */
	assert_int_equal(chunk_count(&a), 2);
	assert_ptr_equal(s2, s1 + 32);
	/* a large first allocation also works */
	lk_arena_free(&a);
	big = lk_arena_alloc(&a, 5000);
	assert_non_null(big);
	memset(big, 2, 5000);
	s1 = lk_arena_alloc(&a, 10);
	assert_non_null(s1);
	assert_int_equal(chunk_count(&a), 2);
	assert_int_equal(a.used, 5010);
	lk_arena_free(&a);
}

static void test_cap(void **state)
{
	struct lk_arena a = LK_ARENA_INIT(100);

	(void)state;
	assert_non_null(lk_arena_alloc(&a, 60));
	assert_null(lk_arena_alloc(&a, 50));
	assert_int_equal(a.used, 60);
	assert_non_null(lk_arena_alloc(&a, 40));
	assert_int_equal(a.used, 100);
	assert_null(lk_arena_alloc(&a, 1));
	assert_null(lk_arena_strdup(&a, ""));
	assert_null(lk_arena_printf(&a, "%d", 1));
	lk_arena_reset(&a);
	assert_int_equal(a.used, 0);
	assert_non_null(lk_arena_alloc(&a, 100));
	assert_null(lk_arena_alloc(&a, SIZE_MAX));
	lk_arena_free(&a);
}

static void test_reset_reuses(void **state)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	char *p;
	int i;

	(void)state;
	assert_non_null(lk_arena_alloc(&a, 16));
	for (i = 0; i < 1000; i++)
		assert_non_null(lk_arena_alloc(&a, 100));
	assert_non_null(lk_arena_alloc(&a, 50000));
	assert_true(chunk_count(&a) > 3);
	lk_arena_reset(&a);
	assert_int_equal(chunk_count(&a), 1);
	assert_int_equal(a.used, 0);
	/* the kept chunk is reused from its start */
	p = lk_arena_alloc(&a, 16);
	assert_true(p >= (char *)a.head->data && p < (char *)a.head->data + 16);
	lk_arena_reset(&a);
	lk_arena_reset(&a);
	assert_int_equal(chunk_count(&a), 1);
	lk_arena_free(&a);
	lk_arena_reset(&a); /* on an empty arena */
	lk_arena_free(&a);
	assert_null(a.head);
}

static void test_huge_and_oom(void **state)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	char *p;

	(void)state;
	assert_null(lk_arena_alloc(&a, SIZE_MAX));
	assert_null(lk_arena_alloc(&a, SIZE_MAX - 8));
	assert_int_equal(a.used, 0);
	fail_after = 0;
	assert_null(lk_arena_alloc(&a, 10));
	assert_null(lk_arena_strdup(&a, "x"));
	assert_null(lk_arena_printf(&a, "%s", "x"));
	assert_int_equal(a.used, 0);
	fail_after = -1;
	p = lk_arena_strdup(&a, "still works");
	assert_string_equal(p, "still works");
	/* the current chunk survives a failed big allocation */
	fail_after = 0;
	assert_null(lk_arena_alloc(&a, 100000));
	fail_after = -1;
	assert_string_equal(p, "still works");
	assert_int_equal(a.used, 12);
	lk_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_alignment),
	    cmocka_unit_test(test_zero_and_calloc),
	    cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_large_own_chunk),
	    cmocka_unit_test(test_cap),
	    cmocka_unit_test(test_reset_reuses),
	    cmocka_unit_test(test_huge_and_oom),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
