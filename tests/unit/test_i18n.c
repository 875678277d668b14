/*
 * test_i18n.c - unit tests of core/i18n.c: language names, the built-in
 * zh_CN catalog, per-thread language, and .mo images built here (both
 * byte orders, malformed ones, truncated and bit-flipped ones).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>

#include <cmocka.h>

#include "core/err.h"
#include "core/i18n.h"
#include "core/resource.h"

/* --- a tiny .mo writer ------------------------------------------------ */

struct pair {
	const char *orig;
	size_t olen; /* 0 = strlen */
	const char *trans;
	size_t tlen;
};

struct image {
	unsigned char *p;
	size_t len;
	size_t n;    /* strings */
	size_t otab; /* table offsets */
	size_t ttab;
	size_t strs; /* first string */
};

static void put32(unsigned char *p, uint32_t v, int be)
{
	if (be) {
		p[0] = (unsigned char)(v >> 24);
		p[1] = (unsigned char)(v >> 16);
		p[2] = (unsigned char)(v >> 8);
		p[3] = (unsigned char)v;
	} else {
		p[0] = (unsigned char)v;
		p[1] = (unsigned char)(v >> 8);
		p[2] = (unsigned char)(v >> 16);
		p[3] = (unsigned char)(v >> 24);
	}
}

/* Builds an image of pairs (already sorted) in the given byte order.
 * The buffer is exactly len bytes so ASan sees any overread. */
static struct image build_mo(const struct pair *pairs, size_t n, int be)
{
	struct image im;
	size_t i, off, total;

	im.n = n;
	im.otab = 28;
	im.ttab = 28 + n * 8;
	im.strs = 28 + n * 16;
	total = im.strs;
	for (i = 0; i < n; i++) {
		total +=
		    (pairs[i].olen ? pairs[i].olen : strlen(pairs[i].orig)) + 1;
		total +=
		    (pairs[i].tlen ? pairs[i].tlen : strlen(pairs[i].trans)) +
		    1;
	}
	im.len = total;
	im.p = calloc(1, total);
	assert_non_null(im.p);
	put32(im.p, 0x950412deU, be);
	put32(im.p + 4, 0, be);
	put32(im.p + 8, (uint32_t)n, be);
	put32(im.p + 12, (uint32_t)im.otab, be);
	put32(im.p + 16, (uint32_t)im.ttab, be);
	put32(im.p + 20, 0, be);
	put32(im.p + 24, 0, be);
	off = im.strs;
	for (i = 0; i < n; i++) {
		size_t ol =
		    pairs[i].olen ? pairs[i].olen : strlen(pairs[i].orig);
		size_t tl =
		    pairs[i].tlen ? pairs[i].tlen : strlen(pairs[i].trans);
		put32(im.p + im.otab + i * 8, (uint32_t)ol, be);
		put32(im.p + im.otab + i * 8 + 4, (uint32_t)off, be);
		memcpy(im.p + off, pairs[i].orig, ol);
		off += ol + 1;
		put32(im.p + im.ttab + i * 8, (uint32_t)tl, be);
		put32(im.p + im.ttab + i * 8 + 4, (uint32_t)off, be);
		memcpy(im.p + off, pairs[i].trans, tl);
		off += tl + 1;
	}
	assert_int_equal(off, total);
	return im;
}

static const struct pair test_pairs[] = {
    {"", 0, "Content-Type: text/plain; charset=UTF-8\n", 0},
    {"apple", 0, "苹果", 0},
    {"file\0files", 10, "文件\0文件", 13},
    {"pear", 0, "梨", 0},
    {"untranslated", 0, "", 0},
};
#define NPAIRS (sizeof test_pairs / sizeof test_pairs[0])

/* Restores the built-in zh_CN catalog after a test replaced it. */
static void restore_builtin(void)
{
	const struct lk_resource *r = lk_resource_find("po/zh_CN.mo");

	assert_non_null(r);
	assert_int_equal(lk_i18n_load_mo(LK_LANG_ZH, r->data, r->len), 0);
}

/* --- tests ------------------------------------------------------------ */

static void check_lang(const char *s, int rc, enum lk_lang want)
{
	enum lk_lang l = (enum lk_lang)99;

	print_message("lang \"%s\"\n", s ? s : "(null)");
	assert_int_equal(lk_lang_parse(s, &l), rc);
	assert_int_equal(l, rc == 0 ? want : (enum lk_lang)99);
}

static void test_lang_parse(void **state)
{
	(void)state;
	check_lang("en", 0, LK_LANG_EN);
	check_lang("en_US", 0, LK_LANG_EN);
	check_lang("en-GB", 0, LK_LANG_EN);
	check_lang("EN", 0, LK_LANG_EN);
	check_lang("C", 0, LK_LANG_EN);
	check_lang("C.UTF-8", 0, LK_LANG_EN);
	check_lang("POSIX", 0, LK_LANG_EN);
	check_lang("zh", 0, LK_LANG_ZH);
	check_lang("zh_CN", 0, LK_LANG_ZH);
	check_lang("zh-CN", 0, LK_LANG_ZH);
	check_lang("zh_CN.UTF-8", 0, LK_LANG_ZH);
	check_lang("zh_CN.utf8@pinyin", 0, LK_LANG_ZH);
	check_lang("zh-Hans", 0, LK_LANG_ZH);
	check_lang("fr", LK_EINVAL, 0);
	check_lang("de_DE.UTF-8", LK_EINVAL, 0);
	check_lang("english", LK_EINVAL, 0);
	check_lang("zhx", LK_EINVAL, 0);
	check_lang("z", LK_EINVAL, 0);
	check_lang("", LK_EINVAL, 0);
	check_lang("_CN", LK_EINVAL, 0);
	check_lang("zh CN", LK_EINVAL, 0);
	check_lang(NULL, LK_EINVAL, 0);
	assert_string_equal(lk_lang_name(LK_LANG_EN), "en");
	assert_string_equal(lk_lang_name(LK_LANG_ZH), "zh_CN");
}

static void test_builtin(void **state)
{
	const char *id = "no such message";

	(void)state;
	assert_int_equal(lk_i18n_get(), LK_LANG_EN);
	assert_string_equal(_("success"), "success");
	assert_string_equal(lk_gettext_lang(LK_LANG_ZH, "success"), "成功");
	lk_i18n_set(LK_LANG_ZH);
	assert_int_equal(lk_i18n_get(), LK_LANG_ZH);
	assert_string_equal(_("success"), "成功");
	assert_string_equal(lk_strerror(LK_ENOMEM), "内存不足");
	assert_string_equal(lk_strerror(LK_ERANGE), "数值超出范围");
	assert_string_equal(lk_strerror(12345), "未知错误");
	/* unknown msgids come back as they are (same pointer) */
	assert_ptr_equal(_(id), id);
	assert_string_equal(_(""), "");
	lk_i18n_set(LK_LANG_EN);
	assert_string_equal(lk_strerror(LK_ENOMEM), "out of memory");
	assert_ptr_equal(lk_gettext_lang(LK_LANG_EN, "success"), "success");
	assert_ptr_equal(lk_gettext_lang((enum lk_lang)7, id), id);
}

/* Every msgid of the built-in catalog is translated (no empty msgstr). */
static void test_builtin_complete(void **state)
{
	static const char *const ids[] = {
	    "success",
	    "out of memory",
	    "invalid data",
	    "not found",
	    "conflict",
	    "input/output error",
	    "internal error",
	    "input too large",
	    "number out of range",
	    "usage error",
	    "not supported",
	    "database busy",
	    "permission denied",
	    "end of input",
	    "integrity check failed",
	    "unknown error",
	    "error",
	    "warning",
	    "info",
	    "debug",
	    "wrong check character",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		const char *t = lk_gettext_lang(LK_LANG_ZH, ids[i]);
		print_message("msgid \"%s\"\n", ids[i]);
		assert_string_not_equal(t, ids[i]);
		assert_true(t[0] != '\0');
	}
}

static void *thread_lang(void *arg)
{
	const char **out = arg;

	out[0] = _("success"); /* a new thread starts in English */
	lk_i18n_set(LK_LANG_ZH);
	out[1] = _("success");
	return NULL;
}

static void test_per_thread(void **state)
{
	const char *seen[2] = {NULL, NULL};
	pthread_t t;

	(void)state;
	lk_i18n_set(LK_LANG_ZH);
	assert_int_equal(pthread_create(&t, NULL, thread_lang, seen), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_string_equal(seen[0], "success");
	assert_string_equal(seen[1], "成功");
	assert_string_equal(_("success"), "成功");
	lk_i18n_set(LK_LANG_EN);
	assert_string_equal(_("success"), "success");
}

static void check_test_catalog(void)
{
	assert_string_equal(lk_gettext_lang(LK_LANG_ZH, "apple"), "苹果");
	assert_string_equal(lk_gettext_lang(LK_LANG_ZH, "pear"), "梨");
	assert_string_equal(lk_gettext_lang(LK_LANG_ZH, "file"), "文件");
	assert_string_equal(lk_gettext_lang(LK_LANG_ZH, "untranslated"),
			    "untranslated");
	assert_string_equal(lk_gettext_lang(LK_LANG_ZH, "banana"), "banana");
	assert_string_equal(lk_gettext_lang(LK_LANG_ZH, "success"), "success");
	assert_string_equal(lk_gettext_lang(LK_LANG_ZH, "a"), "a");
	assert_string_equal(lk_gettext_lang(LK_LANG_ZH, "zzz"), "zzz");
}

static void test_load_both_orders(void **state)
{
	struct image le = build_mo(test_pairs, NPAIRS, 0);
	struct image be = build_mo(test_pairs, NPAIRS, 1);
	struct image empty = build_mo(NULL, 0, 0);

	(void)state;
	assert_int_equal(lk_i18n_load_mo(LK_LANG_ZH, le.p, le.len), 0);
	check_test_catalog();
	assert_int_equal(lk_i18n_load_mo(LK_LANG_ZH, be.p, be.len), 0);
	check_test_catalog();
	/* an English catalog can be loaded too, but English stays msgid */
	assert_int_equal(lk_i18n_load_mo(LK_LANG_EN, le.p, le.len), 0);
	assert_string_equal(lk_gettext_lang(LK_LANG_EN, "apple"), "apple");
	assert_int_equal(lk_i18n_load_mo(LK_LANG_ZH, empty.p, empty.len), 0);
	assert_string_equal(lk_gettext_lang(LK_LANG_ZH, "apple"), "apple");
	restore_builtin();
	assert_string_equal(lk_gettext_lang(LK_LANG_ZH, "success"), "成功");
	free(le.p);
	free(be.p);
	free(empty.p);
}

/* A malformed image is refused and the current catalog stays. */
static void expect_bad(const struct image *im, const char *what)
{
	print_message("malformed: %s\n", what);
	assert_int_equal(lk_i18n_load_mo(LK_LANG_ZH, im->p, im->len),
			 LK_EINVAL);
	assert_string_equal(lk_gettext_lang(LK_LANG_ZH, "success"), "成功");
}

static void test_malformed(void **state)
{
	struct image im = build_mo(test_pairs, NPAIRS, 0);
	unsigned char *save = malloc(im.len);
	static const struct pair unsorted[] = {
	    {"pear", 0, "梨", 0},
	    {"apple", 0, "苹果", 0},
	};
	static const struct pair dup[] = {
	    {"apple", 0, "苹果", 0},
	    {"apple", 0, "苹果", 0},
	};
	struct image bad;
	size_t len;

	(void)state;
	assert_non_null(save);
	memcpy(save, im.p, im.len);
#define RESET() memcpy(im.p, save, im.len)

	assert_int_equal(lk_i18n_load_mo(LK_LANG_ZH, NULL, 100), LK_EINVAL);
	assert_int_equal(lk_i18n_load_mo(LK_LANG_ZH, im.p, 0), LK_EINVAL);
	assert_int_equal(lk_i18n_load_mo((enum lk_lang)5, im.p, im.len),
			 LK_EINVAL);
	len = im.len;
	im.len = 27;
	expect_bad(&im, "shorter than the header");
	im.len = len - 1;
	expect_bad(&im, "last NUL cut off");
	im.len = len;

	put32(im.p, 0x12345678U, 0);
	expect_bad(&im, "bad magic");
	RESET();
	put32(im.p + 4, 2U << 16, 0);
	expect_bad(&im, "major revision 2");
	RESET();
	put32(im.p + 8, 1000, 0);
	expect_bad(&im, "string count beyond the image");
	RESET();
	put32(im.p + 8, 0xFFFFFFFFU, 0);
	expect_bad(&im, "string count 2^32-1");
	RESET();
	put32(im.p + 12, (uint32_t)im.len - 4, 0);
	expect_bad(&im, "originals table out of bounds");
	RESET();
	put32(im.p + 16, 0xFFFFFFF0U, 0);
	expect_bad(&im, "translations table offset near 2^32");
	RESET();
	put32(im.p + im.otab + 8, 0xFFFFFFFFU, 0);
	expect_bad(&im, "original length huge");
	RESET();
	put32(im.p + im.otab + 8 + 4, (uint32_t)im.len, 0);
	expect_bad(&im, "original offset at the end");
	RESET();
	put32(im.p + im.ttab + 8 + 4, 0xFFFFFFFFU, 0);
	expect_bad(&im, "translation offset huge");
	RESET();
	put32(im.p + im.ttab + 8, 2, 0); /* "苹果" is 6 bytes, no NUL at 2 */
	expect_bad(&im, "translation not NUL-terminated");
	RESET();
	put32(im.p + im.otab + 8, 3, 0); /* "app" followed by 'l' */
	expect_bad(&im, "original not NUL-terminated");
	RESET();
	assert_int_equal(lk_i18n_load_mo(LK_LANG_ZH, im.p, im.len), 0);
	restore_builtin();

	bad = build_mo(unsorted, 2, 0);
	expect_bad(&bad, "originals not sorted");
	free(bad.p);
	bad = build_mo(dup, 2, 1);
	expect_bad(&bad, "duplicate originals");
	free(bad.p);
#undef RESET
	free(save);
	free(im.p);
}

/* Every truncation and every single-bit flip of the real catalog is either
 * refused or loads into something that answers lookups without crashing
 * (ASan would catch any read outside the image). */
static void test_fuzz_builtin(void **state)
{
	const struct lk_resource *r = lk_resource_find("po/zh_CN.mo");
	static const char *const probes[] = {"success", "error",	 "",
					     "zzz",	"out of memory", "a"};
	unsigned char *buf;
	size_t len, i, k;
	int bit;

	(void)state;
	assert_non_null(r);
	for (len = 0; len <= r->len; len++) {
		buf = malloc(len ? len : 1);
		assert_non_null(buf);
		memcpy(buf, r->data, len);
		if (lk_i18n_load_mo(LK_LANG_ZH, buf, len) == 0) {
			for (k = 0; k < sizeof probes / sizeof probes[0]; k++)
				assert_non_null(
				    lk_gettext_lang(LK_LANG_ZH, probes[k]));
			restore_builtin();
		}
		free(buf);
	}
	buf = malloc(r->len);
	assert_non_null(buf);
	memcpy(buf, r->data, r->len);
	for (i = 0; i < r->len; i++) {
		for (bit = 0; bit < 8; bit++) {
			buf[i] ^= (unsigned char)(1u << bit);
			if (lk_i18n_load_mo(LK_LANG_ZH, buf, r->len) == 0) {
				for (k = 0;
				     k < sizeof probes / sizeof probes[0]; k++)
					assert_non_null(lk_gettext_lang(
					    LK_LANG_ZH, probes[k]));
			}
			buf[i] ^= (unsigned char)(1u << bit);
		}
	}
	restore_builtin();
	free(buf);
	assert_string_equal(lk_gettext_lang(LK_LANG_ZH, "success"), "成功");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lang_parse),
	    cmocka_unit_test(test_builtin),
	    cmocka_unit_test(test_builtin_complete),
	    cmocka_unit_test(test_per_thread),
	    cmocka_unit_test(test_load_both_orders),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_fuzz_builtin),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
