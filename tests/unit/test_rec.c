/*
 * test_rec.c - records of the field tables: get/set, keep-values, the
 * key lookup cache (a key at a reused address must not return the field
 * of the key that was there before), income derivation over a policy
 * list of items.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "registry/household.h"
#include "registry/rec.h"

static void test_get_reused_key(void **state)
{
	struct lk_rec r;
	char key[32];
	int i;

	(void)state;
	lk_rec_init(&r, &lk_incomes);
	lk_rec_set_ref(&r, "wage", "100");
	lk_rec_set_ref(&r, "operating", "200");
	lk_rec_set_ref(&r, "property", "300");
	for (i = 0; i < 3; i++) { /* the same buffer, other contents */
		snprintf(key, sizeof key, "%s", "wage");
		assert_string_equal(lk_rec_get(&r, key), "100");
		snprintf(key, sizeof key, "%s", "operating");
		assert_string_equal(lk_rec_get(&r, key), "200");
		snprintf(key, sizeof key, "%s", "property");
		assert_string_equal(lk_rec_get(&r, key), "300");
		snprintf(key, sizeof key, "%s", "no_such_key");
		assert_null(lk_rec_get(&r, key));
		assert_string_equal(lk_rec_get(&r, "wage"), "100");
	}
	/* the same key name in another table */
	{
		struct lk_rec h;
		lk_rec_init(&h, &lk_households);
		lk_rec_set_ref(&h, "household_no", "H1");
		lk_rec_set_ref(&r, "household_no", "H2");
		assert_string_equal(lk_rec_get(&h, "household_no"), "H1");
		assert_string_equal(lk_rec_get(&r, "household_no"), "H2");
	}
}

static void test_derive_items(void **state)
{
	struct lk_rec r;
	struct lk_income_sum s;

	(void)state;
	lk_rec_init(&r, &lk_incomes);
	lk_rec_set_ref(&r, "income_year", "2018");
	lk_rec_set_ref(&r, "wage", "100000");	  /* 1000 yuan */
	lk_rec_set_ref(&r, "operating", "50000"); /* 500 */
	lk_rec_set_ref(&r, "dibao", "20000");	  /* 200 */
	lk_rec_set_ref(&r, "expense", "10000");	  /* 100 */
	assert_int_equal(lk_income_derive_items(&r, 3, "wage,operating", &s),
			 0);
	assert_int_equal(s.gross, 150000);
	assert_int_equal(s.net, 140000);
	assert_int_equal(s.per_capita, 46667); /* rounded half away */
	assert_int_equal(s.year, 2018);
	assert_int_equal(lk_income_derive_items(&r, 3, "wage,operating,dibao",
						&s),
			 0);
	assert_int_equal(s.net, 160000);
	assert_int_equal(lk_income_derive_items(&r, 3, "wage,bogus", &s),
			 LK_EINVAL);
	lk_income_derive(&r, 2, &s);
	assert_int_equal(s.gross, 170000);
	assert_int_equal(s.per_capita, 80000);
	/* kept values count as unknown */
	lk_rec_set_ref(&r, "operating", LK_KEEP);
	assert_int_equal(lk_income_derive_items(&r, 1, "wage,operating", &s),
			 0);
	assert_int_equal(s.gross, 100000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_reused_key),
		cmocka_unit_test(test_derive_items),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
