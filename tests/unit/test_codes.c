/*
 * test_codes.c - unit tests of the code lists (registry/codes.h): lookup
 * by code, label, English label and alias; labels per language; list
 * order; loading a TSV (malformed text, duplicate codes, the audit
 * record, replacing the table).
 */
#include "fixture.h"

static const char *find(struct fx *f, const char *list, const char *in)
{
	return lk_code_find(fx_codes(f), list, in);
}

static void assert_find(struct fx *f, const char *list, const char *in,
			const char *want)
{
	const char *got = find(f, list, in);

	if (!got || strcmp(got, want) != 0)
		fail_msg("%s: \"%s\" -> %s, want %s", list, in,
			 got ? got : "NULL", want);
}

/* ---- lookup ---------------------------------------------------------- */

static void test_find_every_form(void **state)
{
	struct fx *f = *state;

	/* code, Chinese label, English label in any case, aliases */
	assert_find(f, "sex", "1", "1");
	assert_find(f, "sex", "男", "1");
	assert_find(f, "sex", "male", "1");
	assert_find(f, "sex", "MALE", "1");
	assert_find(f, "sex", "Male", "1");
	assert_find(f, "sex", "M", "1");
	assert_find(f, "sex", "m", "1");
	assert_find(f, "sex", "男性", "1");
	assert_find(f, "sex", "女", "2");
	assert_find(f, "sex", "Female", "2");

	assert_find(f, "cause", "因病", "1");
	assert_find(f, "cause", "illness", "1");
	assert_find(f, "cause", "Lack Of Own Drive", "11");
	assert_find(f, "cause", "99", "99");
	assert_find(f, "cause", "其他", "99");

	/* later names of the attributes are aliases */
	assert_find(f, "attribute", "一般贫困户", "general");
	assert_find(f, "attribute", "一般脱贫户", "general");
	assert_find(f, "attribute", "低保脱贫户", "dibao");
	assert_find(f, "attribute", "五保户", "tekun");
	assert_find(f, "attribute", "Extreme-Poverty Support", "tekun");
	assert_find(f, "attribute", "general", "general");

	assert_find(f, "relation", "户主", "1");
	assert_find(f, "relation", "本人", "1");
	assert_find(f, "relation", "HEAD", "1");
	assert_find(f, "relation", "之女", "4");
	assert_find(f, "ethnicity", "彝族", "07");
	assert_find(f, "ethnicity", "yi", "07");
	assert_find(f, "ethnicity", "07", "07");
	assert_find(f, "hh_status", "已脱贫", "lifted");
	assert_find(f, "hh_status", "脱贫", "lifted");
	assert_find(f, "hh_status", "Returned To Poverty", "returned");
	assert_find(f, "house_grade", "C级", "C");
	assert_find(f, "house_grade", "c", "C");
	assert_find(f, "member_status", "死亡", "deceased");
}

static void test_find_unknown(void **state)
{
	struct fx *f = *state;
	struct lk_codes *c = fx_codes(f);

	assert_null(find(f, "sex", "unknown"));
	assert_null(find(f, "sex", ""));
	assert_null(find(f, "sex", "3"));
	assert_null(find(f, "sex", " 男"));
	/* a label of another list is not in this one */
	assert_null(find(f, "sex", "因病"));
	assert_null(find(f, "cause", "男"));
	assert_null(find(f, "cause", "12")); /* a gap in the cause codes */
	/* the risk type 因自然灾害 is not a cause; 因灾 is */
	assert_null(find(f, "cause", "因自然灾害"));
	assert_find(f, "risk_type", "因灾", "disaster");
	assert_null(find(f, "no_such_list", "1"));
	assert_null(lk_code_find(c, "sex", NULL));
	assert_null(lk_code_find(NULL, "sex", "1"));
	/* a list name that is a prefix of another is its own list */
	assert_null(find(f, "se", "1"));
	assert_null(find(f, "sexx", "1"));
}

static void test_get_by_code_only(void **state)
{
	struct fx *f = *state;
	struct lk_codes *c = fx_codes(f);
	const struct lk_code *e;

	e = lk_code_get(c, "cause", "2");
	assert_non_null(e);
	assert_string_equal(e->list, "cause");
	assert_string_equal(e->code, "2");
	assert_string_equal(e->zh, "因残");
	assert_string_equal(e->en, "disability");
	/* labels and aliases are not codes */
	assert_null(lk_code_get(c, "cause", "因残"));
	assert_null(lk_code_get(c, "cause", "disability"));
	assert_null(lk_code_get(c, "attribute", "低保户"));
	e = lk_code_get(c, "relation", "4");
	assert_non_null(e);
	assert_string_equal(e->flags, "F");
	e = lk_code_get(c, "attribute", "tekun");
	assert_non_null(e);
	fx_contains(e->aliases, "五保户");
}

static void test_labels_per_language(void **state)
{
	struct fx *f = *state;
	struct lk_codes *c = fx_codes(f);

	assert_string_equal(lk_code_label(c, "cause", "1", LK_LANG_ZH), "因病");
	assert_string_equal(lk_code_label(c, "cause", "1", LK_LANG_EN),
			    "illness");
	assert_string_equal(lk_code_label(c, "hh_status", "lifted", LK_LANG_ZH),
			    "已脱贫");
	assert_string_equal(lk_code_label(c, "hh_status", "lifted", LK_LANG_EN),
			    "lifted");
	assert_string_equal(lk_code_label(c, "ethnicity", "14", LK_LANG_ZH),
			    "白族");
	assert_string_equal(lk_code_label(c, "ethnicity", "14", LK_LANG_EN),
			    "Bai");
	/* unknown codes are shown as stored; labels are not codes */
	assert_string_equal(lk_code_label(c, "cause", "42", LK_LANG_ZH), "42");
	assert_string_equal(lk_code_label(c, "cause", "因病", LK_LANG_EN),
			    "因病");
	assert_string_equal(lk_code_label(c, "nolist", "x", LK_LANG_EN), "x");
}

static void test_list_order(void **state)
{
	struct fx *f = *state;
	struct lk_codes *c = fx_codes(f);
	const struct lk_code *v;
	size_t n = 99, i;

	v = lk_code_list(c, "cause", &n);
	assert_non_null(v);
	assert_int_equal(n, 14);
	assert_string_equal(v[0].code, "1");
	assert_string_equal(v[10].code, "11");
	assert_string_equal(v[11].code, "13");
	assert_string_equal(v[13].code, "99");
	for (i = 1; i < n; i++)
		assert_true(v[i].sort > v[i - 1].sort);
	v = lk_code_list(c, "relation", &n);
	assert_int_equal(n, 28);
	v = lk_code_list(c, "ethnicity", &n);
	assert_int_equal(n, 57);
	assert_string_equal(v[56].code, "97");
	v = lk_code_list(c, "no_such_list", &n);
	assert_null(v);
	assert_int_equal(n, 0);
	assert_true(lk_code_has_list(c, "sex"));
	assert_true(lk_code_has_list(c, "group_attr"));
	assert_false(lk_code_has_list(c, "no_such_list"));
	assert_false(lk_code_has_list(NULL, "sex"));
}

/* ---- loading --------------------------------------------------------- */

static int load(struct fx *f, const char *name, const char *text)
{
	return lk_codes_load_tsv(&f->ctx, name, text, strlen(text));
}

static const char small_tsv[] = "# a comment\r\n"
				"list\tcode\tzh\ten\taliases\tflags\r\n"
				"\r\n"
				"colour\tr\t红\tred\t赤|crimson\t\r\n"
				"colour\tg\t绿\tgreen\n"
				"colour\tb\t蓝\tblue\t\tcool\n"
				"# another\n"
				"size\ts\t小\tsmall";

static int count_audit(void *arg, const struct lk_audit_rec *r)
{
	int *n = arg;

	assert_string_equal(r->action, "load");
	assert_string_equal(r->entity, "code_list");
	(*n)++;
	return 0;
}

static void test_load_replaces_and_is_audited(void **state)
{
	struct fx *f = *state;
	struct lk_audit_filter flt = {.entity = "code_list"};
	struct lk_codes *c;
	const struct lk_code *e;
	int64_t before = fx_int(f, "SELECT count(*) FROM audit");
	char s[256];
	int n = 0;

	/* The fixture's own load was audited. */
	fx_must(f, lk_audit_list(&f->ctx, &flt, count_audit, &n));
	assert_int_equal(n, 1);

	fx_must(f, load(f, "small.tsv", small_tsv));
	assert_int_equal(fx_int(f, "SELECT count(*) FROM code_list"), 4);
	c = fx_codes(f);
	/* the cache was dropped: the old lists are gone */
	assert_false(lk_code_has_list(c, "sex"));
	assert_null(lk_code_find(c, "sex", "男"));
	assert_string_equal(lk_code_find(c, "colour", "赤"), "r");
	assert_string_equal(lk_code_find(c, "colour", "CRIMSON"), "r");
	assert_string_equal(lk_code_find(c, "colour", "Green"), "g");
	assert_string_equal(lk_code_find(c, "size", "小"), "s");
	e = lk_code_get(c, "colour", "b");
	assert_non_null(e);
	assert_string_equal(e->flags, "cool");
	assert_string_equal(e->aliases, "");
	e = lk_code_get(c, "colour", "g");
	assert_string_equal(e->flags, "");

	/* one more audit record, naming the file and the count */
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit"), before + 1);
	fx_text(f,
		"SELECT action || ' ' || entity || ' ' || entity_id || ' ' "
		"|| user FROM audit ORDER BY seq DESC LIMIT 1",
		s, sizeof s);
	assert_string_equal(s, "load code_list small.tsv test");
	fx_text(f, "SELECT after FROM audit ORDER BY seq DESC LIMIT 1", s,
		sizeof s);
	assert_string_equal(s, "{\"codes\":4}");
	n = 0;
	fx_must(f, lk_audit_list(&f->ctx, &flt, count_audit, &n));
	assert_int_equal(n, 2);
	assert_int_equal(fx_audit_ok(f), before + 1);
}

/* A rejected text: LK_EINVAL, the line named, nothing changed. */
static void assert_rejected(struct fx *f, const char *text, const char *msg)
{
	int64_t codes = fx_int(f, "SELECT count(*) FROM code_list");
	int64_t audit = fx_int(f, "SELECT count(*) FROM audit");
	int rc = load(f, "bad.tsv", text);

	if (rc != LK_EINVAL)
		fail_msg("load of \"%s\": %d (%s), want LK_EINVAL", text, rc,
			 lk_err_msg(&f->ctx.err));
	assert_int_equal(f->ctx.err.code, LK_EINVAL);
	fx_contains(f->ctx.err.msg, msg);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM code_list"), codes);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit"), audit);
	assert_int_equal(db_tx_depth(f->ctx.db), 0);
	/* the cache still answers */
	assert_find(f, "sex", "男", "1");
}

static void test_load_malformed(void **state)
{
	struct fx *f = *state;

	assert_rejected(f, "sex\t1\t男\tmale\n",
			"bad.tsv, line 1: expected the "
			"header");
	assert_rejected(f, "# c\n\nlist\tcode\tzh\ten\ncolour\tr\t红\n",
			"bad.tsv, line 4: a code needs a list, a code and two "
			"labels");
	assert_rejected(f,
			"list\tcode\tzh\ten\ncolour\tr\t红\tred\n"
			"colour\t\t绿\tgreen\n",
			"bad.tsv, line 3");
	assert_rejected(f, "list\tcode\tzh\ten\n\tr\t红\tred\n",
			"bad.tsv, line 2");
	assert_rejected(f, "list\tcode\tzh\ten\ncolour\tr\t\tred\n",
			"bad.tsv, line 2");
	assert_rejected(f, "list\tcode\tzh\ten\ncolour\tr\t红\t\n",
			"bad.tsv, line 2");
	assert_rejected(f, "list\tcode\tzh\ten\r\ncolour r 红 red\r\n",
			"bad.tsv, line 2");
}

/* regression: lk_codes_load_tsv() returns LK_ECONFLICT (the raw constraint code)
 * for a duplicate code although it sets ctx->err to LK_EINVAL with the
 * line named; the header promises LK_EINVAL for a malformed text. */
static void test_load_duplicate_code(void **state)
{
	struct fx *f = *state;

	assert_rejected(f,
			"list\tcode\tzh\ten\n"
			"colour\tr\t红\tred\n"
			"colour\tg\t绿\tgreen\n"
			"colour\tr\t赤\tcrimson\n",
			"bad.tsv, line 4: code r appears twice in list colour");
	/* the same code in two lists is fine */
	fx_must(f, load(f, "ok.tsv",
			"list\tcode\tzh\ten\n"
			"a\t1\t一\tone\nb\t1\t一\tone\n"));
	assert_string_equal(find(f, "a", "one"), "1");
	assert_string_equal(find(f, "b", "一"), "1");
}

/* regression: lk_codes_load_tsv() accepts a text with no header line at all
 * (empty, or comments only): it deletes every code list and commits an
 * empty table, after which every coded value of the ledger is "not in
 * the code list".  A text without its header is malformed and should be
 * rejected like one whose first line is not the header. */
static void test_load_without_header(void **state)
{
	struct fx *f = *state;

	assert_rejected(f, "", "bad.tsv");
	assert_rejected(f, "# only a comment\n\n", "bad.tsv");
}

/* Inside a caller's transaction the load is a savepoint: a failure
 * leaves the caller's work alone. */
static void test_load_in_transaction(void **state)
{
	struct fx *f = *state;
	int64_t codes = fx_int(f, "SELECT count(*) FROM code_list");

	assert_int_equal(codes, 183); /* policy/codes.tsv */
	fx_must(f, db_begin(f->ctx.db, &f->ctx.err));
	fx_exec(f, "INSERT INTO setting VALUES ('k', 'v')");
	assert_int_equal(load(f, "bad.tsv", "nonsense"), LK_EINVAL);
	assert_int_equal(db_tx_depth(f->ctx.db), 1);
	fx_must(f, db_commit(f->ctx.db, &f->ctx.err));
	assert_int_equal(fx_int(f, "SELECT count(*) FROM setting"), 1);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM code_list"), codes);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_find_every_form),	 T(test_find_unknown),
	    T(test_get_by_code_only),	 T(test_labels_per_language),
	    T(test_list_order),		 T(test_load_replaces_and_is_audited),
	    T(test_load_malformed),	 T(test_load_duplicate_code),
	    T(test_load_in_transaction), T(test_load_without_header),
	};

	return cmocka_run_group_tests_name("codes", tests, NULL, NULL);
}
