/*
 * test_idcard.c - unit tests of core/idcard.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/idcard.h"

static const struct lk_date today = {2024, 6, 30};

/* An ID with a correct check character: region + birth + seq. */
static void make_id(char out[19], const char *region, const char *birth,
		    const char *seq)
{
	snprintf(out, 19, "%s%s%s", region, birth, seq);
	assert_int_equal(strlen(out), 17);
	assert_int_equal(lk_id_check_char(out, &out[17]), 0);
	out[18] = '\0';
}

static void test_check_char(void **state)
{
	char c = '?';

	(void)state;
	assert_int_equal(lk_id_check_char("11010519491231002", &c), 0);
	assert_int_equal(c, 'X');
	assert_int_equal(lk_id_check_char("44052418800101001", &c), 0);
	assert_int_equal(c, '4');
	/* characters after the 17th are ignored */
	assert_int_equal(lk_id_check_char("11010519491231002X", &c), 0);
	assert_int_equal(c, 'X');
	c = '?';
	assert_int_equal(lk_id_check_char("1101051949123100", &c), LK_EINVAL);
	assert_int_equal(lk_id_check_char("1101051949123100A", &c), LK_EINVAL);
	assert_int_equal(lk_id_check_char("", &c), LK_EINVAL);
	assert_int_equal(c, '?');
}

static void test_standard_examples(void **state)
{
	struct lk_id_info info;
	struct lk_err e;

	(void)state;
	lk_err_clear(&e);
	assert_int_equal(
	    lk_id_validate_at("11010519491231002X", today, &info, &e), 0);
	assert_int_equal(info.reason, LK_ID_OK);
	assert_int_equal(info.checksum_ok, 1);
	assert_int_equal(info.lower_x, 0);
	assert_int_equal(info.birth, LK_ID_OK);
	assert_int_equal(info.birth_date.y, 1949);
	assert_int_equal(info.birth_date.m, 12);
	assert_int_equal(info.birth_date.d, 31);
	assert_int_equal(info.sex, LK_SEX_FEMALE); /* 17th digit 2 */
	assert_string_equal(info.region, "110105");
	assert_string_equal(info.canonical, "11010519491231002X");
	assert_int_equal(e.code, 0);
	assert_null(lk_id_reason_rule(info.reason));

	/* checksum-valid, but born 1880: id.birth, not id.checksum */
	assert_int_equal(
	    lk_id_validate_at("440524188001010014", today, &info, &e),
	    LK_EINVAL);
	assert_int_equal(info.reason, LK_ID_BIRTH_EARLY);
	assert_int_equal(info.checksum_ok, 1);
	assert_int_equal(info.birth, LK_ID_BIRTH_EARLY);
	assert_int_equal(info.birth_date.y, 1880);
	assert_int_equal(info.sex, LK_SEX_MALE); /* 17th digit 1 */
	assert_string_equal(info.region, "440524");
	assert_string_equal(lk_id_reason_rule(info.reason), "id.birth");
	assert_int_equal(e.code, LK_EINVAL);
	assert_string_equal(e.msg, "id number: birth date 1880-01-01 is "
				   "before 1900");
}

static void test_lower_x(void **state)
{
	struct lk_id_info info;

	(void)state;
	assert_int_equal(
	    lk_id_validate_at("11010519491231002x", today, &info, NULL), 0);
	assert_int_equal(info.lower_x, 1);
	assert_int_equal(info.checksum_ok, 1);
	assert_string_equal(info.canonical, "11010519491231002X");
	/* an x where a digit is expected is a checksum failure */
	assert_int_equal(
	    lk_id_validate_at("44052418800101001x", today, &info, NULL),
	    LK_EINVAL);
	assert_int_equal(info.reason, LK_ID_CHECKSUM);
	assert_int_equal(info.check, '4');
}

static void test_checksum(void **state)
{
	struct lk_id_info info;
	struct lk_err e;

	(void)state;
	assert_int_equal(
	    lk_id_validate_at("110105194912310021", today, &info, &e),
	    LK_EINVAL);
	assert_int_equal(info.reason, LK_ID_CHECKSUM);
	assert_int_equal(info.checksum_ok, 0);
	assert_int_equal(info.check, 'X');
	/* the birth date is still judged */
	assert_int_equal(info.birth, LK_ID_OK);
	assert_int_equal(info.birth_date.y, 1949);
	assert_string_equal(lk_id_reason_rule(info.reason), "id.checksum");
	assert_string_equal(e.msg,
			    "id number: wrong check character 1 (expected X)");
	/* checksum and birth both wrong: the first failure is the checksum,
	 * the info tells both */
	assert_int_equal(
	    lk_id_validate_at("440524188001010015", today, &info, NULL),
	    LK_EINVAL);
	assert_int_equal(info.reason, LK_ID_CHECKSUM);
	assert_int_equal(info.birth, LK_ID_BIRTH_EARLY);
}

static void test_length_and_chars(void **state)
{
	struct lk_id_info info;
	struct lk_err e;

	(void)state;
	assert_int_equal(
	    lk_id_validate_at("11010519491231002", today, &info, &e),
	    LK_EINVAL);
	assert_int_equal(info.reason, LK_ID_LENGTH);
	assert_string_equal(lk_id_reason_rule(info.reason), "id.length");
	assert_string_equal(e.msg, "id number: wrong length (17 characters, "
				   "expected 18)");
	assert_int_equal(info.checksum_ok, 0);
	assert_string_equal(info.canonical, "");
	assert_int_equal(
	    lk_id_validate_at("11010519491231002X1", today, &info, NULL),
	    LK_EINVAL);
	assert_int_equal(info.reason, LK_ID_LENGTH);
	assert_int_equal(lk_id_validate_at("", today, &info, &e), LK_EINVAL);
	assert_int_equal(info.reason, LK_ID_LENGTH);
	/* 15 digits: the old number must be upgraded */
	assert_int_equal(lk_id_validate_at("110105491231002", today, &info, &e),
			 LK_EINVAL);
	assert_int_equal(info.reason, LK_ID_LENGTH);
	assert_string_equal(e.msg,
			    "id number: old 15-digit number not upgraded");
	/* multi-byte characters are counted as characters */
	assert_int_equal(lk_id_validate_at("１１０１０５", today, &info, &e),
			 LK_EINVAL);
	assert_string_equal(e.msg, "id number: wrong length (6 characters, "
				   "expected 18)");
	/* non-digits */
	assert_int_equal(
	    lk_id_validate_at("1101051949123100AX", today, &info, &e),
	    LK_EINVAL);
	assert_int_equal(info.reason, LK_ID_CHARS);
	assert_string_equal(lk_id_reason_rule(info.reason), "id.length");
	assert_string_equal(e.msg,
			    "id number: invalid character at position 17");
	assert_int_equal(
	    lk_id_validate_at("11010519491231002Y", today, &info, &e),
	    LK_EINVAL);
	assert_int_equal(info.reason, LK_ID_CHARS);
	assert_string_equal(e.msg,
			    "id number: invalid character at position 18");
	assert_int_equal(
	    lk_id_validate_at("X1010519491231002X", today, &info, NULL),
	    LK_EINVAL);
	assert_int_equal(info.reason, LK_ID_CHARS);
	assert_int_equal(
	    lk_id_validate_at(" 1010519491231002X", today, &info, NULL),
	    LK_EINVAL);
	assert_int_equal(info.reason, LK_ID_CHARS);
	/* stray bytes after 18 characters (invalid UTF-8) */
	assert_int_equal(
	    lk_id_validate_at("11010519491231002X\x80", today, &info, NULL),
	    LK_EINVAL);
	assert_int_equal(info.reason, LK_ID_CHARS);
	/* NULL info and e are fine */
	assert_int_equal(lk_id_validate_at("bad", today, NULL, NULL),
			 LK_EINVAL);
}

static void test_birth(void **state)
{
	struct lk_id_info info;
	struct lk_err e;
	char id[19];

	(void)state;
	make_id(id, "532901", "19490230", "123");
	assert_int_equal(lk_id_validate_at(id, today, &info, &e), LK_EINVAL);
	assert_int_equal(info.reason, LK_ID_BIRTH_INVALID);
	assert_int_equal(info.checksum_ok, 1);
	assert_string_equal(lk_id_reason_rule(info.reason), "id.birth");
	assert_string_equal(e.msg, "id number: birth date does not exist");

	make_id(id, "532901", "20190229", "123");
	assert_int_equal(lk_id_validate_at(id, today, &info, NULL), LK_EINVAL);
	assert_int_equal(info.reason, LK_ID_BIRTH_INVALID);
	make_id(id, "532901", "20200229", "123"); /* leap day exists */
	assert_int_equal(lk_id_validate_at(id, today, &info, NULL), 0);
	make_id(id, "532901", "19001301", "123");
	assert_int_equal(lk_id_validate_at(id, today, &info, NULL), LK_EINVAL);
	assert_int_equal(info.reason, LK_ID_BIRTH_INVALID);
	make_id(id, "532901", "00000000", "123");
	assert_int_equal(lk_id_validate_at(id, today, &info, NULL), LK_EINVAL);
	assert_int_equal(info.reason, LK_ID_BIRTH_INVALID);

	/* the 1900 boundary */
	make_id(id, "532901", "18991231", "123");
	assert_int_equal(lk_id_validate_at(id, today, &info, NULL), LK_EINVAL);
	assert_int_equal(info.reason, LK_ID_BIRTH_EARLY);
	make_id(id, "532901", "19000101", "123");
	assert_int_equal(lk_id_validate_at(id, today, &info, NULL), 0);

	/* the future boundary: born today is fine, tomorrow is not */
	make_id(id, "532901", "20240630", "124");
	assert_int_equal(lk_id_validate_at(id, today, &info, NULL), 0);
	assert_int_equal(info.sex, LK_SEX_FEMALE);
	assert_int_equal(lk_id_age_on(&info, today), 0);
	make_id(id, "532901", "20240701", "124");
	assert_int_equal(lk_id_validate_at(id, today, &info, &e), LK_EINVAL);
	assert_int_equal(info.reason, LK_ID_BIRTH_FUTURE);
	assert_string_equal(lk_id_reason_rule(info.reason), "id.birth");
	assert_string_equal(
	    e.msg, "id number: birth date 2024-07-01 is in the future");
}

static void test_today_from_env(void **state)
{
	struct lk_id_info info;

	(void)state;
	assert_int_equal(setenv("LIKA_NOW", "1949-12-30", 1), 0);
	assert_int_equal(lk_id_validate("11010519491231002X", &info, NULL),
			 LK_EINVAL);
	assert_int_equal(info.reason, LK_ID_BIRTH_FUTURE);
	assert_int_equal(setenv("LIKA_NOW", "1949-12-31T00:00:00", 1), 0);
	assert_int_equal(lk_id_validate("11010519491231002X", &info, NULL), 0);
	assert_int_equal(setenv("LIKA_NOW", "2016-12-31", 1), 0);
	assert_int_equal(lk_id_validate("11010519491231002X", &info, NULL), 0);
	assert_int_equal(lk_id_age_on(&info, lk_today()), 67);
	assert_int_equal(unsetenv("LIKA_NOW"), 0);
}

static void test_age(void **state)
{
	struct lk_id_info info;
	struct lk_date eve = {2019, 12, 30}, day = {2019, 12, 31};

	(void)state;
	assert_int_equal(
	    lk_id_validate_at("11010519491231002X", today, &info, NULL), 0);
	assert_int_equal(lk_id_age_on(&info, eve), 69);
	assert_int_equal(lk_id_age_on(&info, day), 70);
	assert_int_equal(lk_age_on(info.birth_date, day), 70);
}

/* lk_id_facts reads what lk_id_validate finds, without the checks. */
static void test_facts(void **state)
{
	static const char *const ids[] = {"11010519491231002X",
					  "44030819800229001X",
					  "11010519491231002X31"};
	struct lk_id_info info;
	char birth[11], want[11];
	size_t i;
	int sex;

	(void)state;
	for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		char id[LK_ID_LEN + 1];
		memcpy(id, ids[i], LK_ID_LEN);
		id[LK_ID_LEN] = '\0';
		assert_int_equal(lk_id_validate_at(id, today, &info, NULL), 0);
		lk_id_facts(ids[i], &sex, birth);
		lk_date_format(info.birth_date, want);
		assert_string_equal(birth, want);
		assert_int_equal(sex, info.sex);
	}
}

static void test_upgrade15(void **state)
{
	char out[19] = "unchanged";
	struct lk_id_info info;

	(void)state;
	assert_int_equal(lk_id_upgrade15("110105491231002", out), 0);
	assert_string_equal(out, "11010519491231002X");
	assert_int_equal(lk_id_validate_at(out, today, &info, NULL), 0);
	assert_int_equal(lk_id_upgrade15("440524800101001", out), 0);
	assert_string_equal(out, "440524198001010013");
	strcpy(out, "unchanged");
	assert_int_equal(lk_id_upgrade15("11010549123100", out), LK_EINVAL);
	assert_int_equal(lk_id_upgrade15("1101054912310021", out), LK_EINVAL);
	assert_int_equal(lk_id_upgrade15("11010549123100X", out), LK_EINVAL);
	assert_int_equal(lk_id_upgrade15("", out), LK_EINVAL);
	assert_string_equal(out, "unchanged");
}

static void check_dis(const char *s, int rc, enum lk_dis_reason reason,
		      int category, int grade)
{
	struct lk_dis_info info;
	struct lk_err e;

	print_message("certificate \"%s\"\n", s);
	lk_err_clear(&e);
	assert_int_equal(lk_id_validate_disability_at(s, today, &info, &e), rc);
	assert_int_equal(info.reason, reason);
	assert_int_equal(info.category, category);
	assert_int_equal(info.grade, grade);
	assert_int_equal(e.code, rc);
	if (rc == 0) {
		assert_null(lk_dis_reason_rule(info.reason));
	} else {
		assert_string_equal(lk_dis_reason_rule(info.reason),
				    "id.disability");
		assert_true(e.msg[0] != '\0');
	}
}

static void test_disability(void **state)
{
	struct lk_dis_info info;
	struct lk_err e;

	(void)state;
	check_dis("11010519491231002X12", 0, LK_DIS_OK, 1, 2);
	check_dis("11010519491231002x74", 0, LK_DIS_OK, 7, 4);
	check_dis("44052419800101001341", 0, LK_DIS_OK, 4, 1);
	/* category 0 and 8, grade 0 and 5 */
	check_dis("11010519491231002X01", LK_EINVAL, LK_DIS_CATEGORY, 0, 1);
	check_dis("11010519491231002X81", LK_EINVAL, LK_DIS_CATEGORY, 8, 1);
	check_dis("11010519491231002X10", LK_EINVAL, LK_DIS_GRADE, 1, 0);
	check_dis("11010519491231002X15", LK_EINVAL, LK_DIS_GRADE, 1, 5);
	check_dis("11010519491231002Xa1", LK_EINVAL, LK_DIS_CATEGORY, -1, 1);
	check_dis("11010519491231002X1 ", LK_EINVAL, LK_DIS_GRADE, 1, -1);
	/* length */
	check_dis("11010519491231002X1", LK_EINVAL, LK_DIS_LENGTH, -1, -1);
	check_dis("11010519491231002X123", LK_EINVAL, LK_DIS_LENGTH, -1, -1);
	check_dis("11010519491231002X", LK_EINVAL, LK_DIS_LENGTH, -1, -1);
	/* the ID part */
	check_dis("11010519491231002112", LK_EINVAL, LK_DIS_ID, -1, -1);
	check_dis("44052418800101001412", LK_EINVAL, LK_DIS_ID, -1, -1);

	assert_int_equal(lk_id_validate_disability_at("11010519491231002112",
						      today, &info, &e),
			 LK_EINVAL);
	assert_int_equal(info.id.reason, LK_ID_CHECKSUM);
	assert_string_equal(e.msg, "disability certificate number: invalid id "
				   "part (wrong check character)");
	assert_int_equal(lk_id_validate_disability_at("11010519491231002X91",
						      today, &info, &e),
			 LK_EINVAL);
	assert_string_equal(e.msg, "disability certificate number: category 9 "
				   "is not 1-7");
	assert_int_equal(lk_id_validate_disability_at("11010519491231002X19",
						      today, &info, &e),
			 LK_EINVAL);
	assert_string_equal(e.msg, "disability certificate number: grade 9 "
				   "is not 1-4");
	assert_int_equal(lk_id_validate_disability_at("11010519491231002X\x01"
						      "1",
						      today, &info, &e),
			 LK_EINVAL);
	assert_string_equal(e.msg, "disability certificate number: category ? "
				   "is not 1-7");
	assert_int_equal(lk_id_validate_disability_at("11010519491231002X14"
						      "\x80\x80",
						      today, &info, &e),
			 LK_EINVAL);
	assert_int_equal(info.reason, LK_DIS_LENGTH);
	assert_int_equal(lk_id_validate_disability_at("11010519491231002X1２",
						      today, &info, &e),
			 LK_EINVAL);
	assert_int_equal(info.reason, LK_DIS_GRADE);
	assert_int_equal(lk_id_validate_disability_at("１1010519491231002X14",
						      today, &info, &e),
			 LK_EINVAL);
	assert_int_equal(info.reason, LK_DIS_ID);
	assert_int_equal(lk_id_validate_disability_at("123", today, &info, &e),
			 LK_EINVAL);
	assert_string_equal(e.msg, "disability certificate number: wrong "
				   "length (3 characters, expected 20)");
	/* against the real clock, NULL info and e */
	assert_int_equal(
	    lk_id_validate_disability("11010519491231002X12", NULL, NULL), 0);
	assert_int_equal(
	    lk_id_validate_disability("11010519491231002X02", NULL, NULL),
	    LK_EINVAL);
}

static void check_norm(const char *in, int rc, const char *want,
		       int want_upgraded)
{
	char out[21] = "unchanged";
	int up = -1;

	print_message("normalize \"%s\"\n", in);
	assert_int_equal(lk_id_normalize(in, out, &up, NULL), rc);
	if (rc == 0) {
		assert_string_equal(out, want);
		assert_int_equal(up, want_upgraded);
	} else {
		assert_string_equal(out, "unchanged");
		assert_int_equal(up, -1);
	}
}

static void test_normalize(void **state)
{
	char out[21];
	struct lk_err e;

	(void)state;
	check_norm("11010519491231002X", 0, "11010519491231002X", 0);
	check_norm("11010519491231002x", 0, "11010519491231002X", 0);
	check_norm("  11010519491231002x\t\r\n", 0, "11010519491231002X", 0);
	check_norm("110105491231002", 0, "11010519491231002X", 1);
	check_norm(" 110105491231002 ", 0, "11010519491231002X", 1);
	check_norm("11010519491231002x12", 0, "11010519491231002X12", 0);
	/* full-width digits and X, ideographic and no-break spaces */
	check_norm("１１０１０５１９４９１２３１００２ｘ", 0,
		   "11010519491231002X", 0);
	check_norm("\u3000１１０１０５１９４９１２３１００２Ｘ\u00a0", 0,
		   "11010519491231002X", 0);
	/* the checksum is not verified here */
	check_norm("110105194912310021", 0, "110105194912310021", 0);
	/* rejected */
	check_norm("", LK_EINVAL, NULL, 0);
	check_norm("   ", LK_EINVAL, NULL, 0);
	check_norm("1101051949123100", LK_EINVAL, NULL, 0);
	check_norm("11010519491231002X1", LK_EINVAL, NULL, 0);
	check_norm("11010519491231002X123", LK_EINVAL, NULL, 0);
	check_norm("110105194912310021234567890", LK_EINVAL, NULL, 0);
	check_norm("1101051949X231002X", LK_EINVAL, NULL, 0);
	check_norm("11010549123100X", LK_EINVAL, NULL, 0);
	check_norm("11010519491231002X1X", LK_EINVAL, NULL, 0);
	check_norm("110105 19491231002X", LK_EINVAL, NULL, 0);
	check_norm("110105-19491231002X", LK_EINVAL, NULL, 0);
	assert_int_equal(lk_id_normalize("11010519491231002Y", out, NULL, &e),
			 LK_EINVAL);
	assert_string_equal(e.msg,
			    "id number: invalid character at position 18");
	assert_int_equal(lk_id_normalize("1234", out, NULL, &e), LK_EINVAL);
	assert_string_equal(e.msg, "id number: wrong length (4 characters, "
				   "expected 15, 18 or 20)");
	assert_int_equal(lk_id_normalize("1101051949123100２X", out, NULL, &e),
			 0);
	assert_string_equal(out, "11010519491231002X");
}

static void check_mask(const char *in, const char *want)
{
	char out[LK_ID_MASK_BUFSZ];

	lk_id_mask(in, out);
	assert_string_equal(out, want);
}

static void test_mask(void **state)
{
	(void)state;
	check_mask("532901199001011234", "5329**********1234");
	check_mask("11010519491231002X", "1101**********002X");
	check_mask("11010519491231002X12", "1101************2X12");
	check_mask("110105491231002", "1101*******1002");
	check_mask("123456789", "1234*6789");
	check_mask("12345678", "********");
	check_mask("1", "*");
	check_mask("", "");
	check_mask("12345678901234567890123456789", "1234***************6789");
	check_mask("１１0105194912310021", "******************0021");
}

static void test_reasons_and_zh(void **state)
{
	struct lk_err e;

	(void)state;
	assert_string_equal(lk_id_reason_str(LK_ID_CHECKSUM),
			    "wrong check character");
	assert_string_equal(lk_dis_reason_str(LK_DIS_GRADE), "grade not 1-4");
	assert_null(lk_id_reason_rule(LK_ID_OK));
	assert_string_equal(lk_id_reason_rule(LK_ID_CHARS), "id.length");
	assert_string_equal(lk_id_reason_rule(LK_ID_BIRTH_INVALID), "id.birth");
	assert_string_equal(lk_id_reason_rule(LK_ID_BIRTH_FUTURE), "id.birth");
	assert_string_equal(lk_dis_reason_rule(LK_DIS_ID), "id.disability");
	lk_i18n_set(LK_LANG_ZH);
	assert_string_equal(lk_id_reason_str(LK_ID_CHECKSUM), "校验码错误");
	assert_int_equal(
	    lk_id_validate_at("110105194912310021", today, NULL, &e),
	    LK_EINVAL);
	assert_string_equal(e.msg, "身份证号：校验码1错误（应为X）");
	assert_int_equal(lk_id_validate_disability_at("11010519491231002X81",
						      today, NULL, &e),
			 LK_EINVAL);
	assert_string_equal(e.msg, "残疾人证号：残疾类别8不在1–7之间");
	lk_i18n_set(LK_LANG_EN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_check_char),
	    cmocka_unit_test(test_standard_examples),
	    cmocka_unit_test(test_lower_x),
	    cmocka_unit_test(test_checksum),
	    cmocka_unit_test(test_length_and_chars),
	    cmocka_unit_test(test_birth),
	    cmocka_unit_test(test_today_from_env),
	    cmocka_unit_test(test_age),
	    cmocka_unit_test(test_facts),
	    cmocka_unit_test(test_upgrade15),
	    cmocka_unit_test(test_disability),
	    cmocka_unit_test(test_normalize),
	    cmocka_unit_test(test_mask),
	    cmocka_unit_test(test_reasons_and_zh),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
