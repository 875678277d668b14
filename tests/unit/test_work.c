/* Tests of the work records (src/work/): the table-driven CRUD, scope,
 * audit, JSON, CSV import, balance refusal, pairing and visit coverage. */
#include "fixture.h"

#include "policy/policy.h"
#include "work/work.h"

/* Households of the fixture:
 *   H1 上村 poor, H2 上村 lifted, H3 下村 poor, H4 龙下登村 poor,
 *   H5 上村 ordinary (not registered).
 * Cadres: 1 (祥城镇, region 532923101), 2 (龙下登村). */
#define SHANG "532923101202"
#define XIA "532923101203"
#define LONG "532901003001"

static void add_hh(struct fx *f, const char *no, const char *village,
		   const char *name, int seq, const char *status)
{
	struct lk_rec h, m;
	char id[LK_ID_LEN + 1];

	fx_id(id, "532923", "19600101", seq);
	fx_hh(&h, &f->a, no, village, name, id, status);
	fx_m(&m, &f->a, no, name, id, "户主");
	fx_must(f, lk_household_add(&f->ctx, &h, &m));
}

/* Builds a record of kind k from "key=value" texts (NULL-terminated). */
static void wrec(struct fx *f, const struct lk_wkind *k, struct lk_rec *r,
		 const char *const *kv)
{
	char key[64];

	lk_rec_init(r, k->t);
	for (; *kv; kv++) {
		const char *eq = strchr(*kv, '=');
		assert_non_null(eq);
		snprintf(key, sizeof key, "%.*s", (int)(eq - *kv), *kv);
		fx_must(f, lk_work_set(&f->ctx, r, &f->a, key, eq + 1));
	}
}

static int64_t put(struct fx *f, const struct lk_wkind *k,
		   const char *const *kv)
{
	struct lk_rec r;
	int64_t id = 0;

	wrec(f, k, &r, kv);
	fx_must(f, lk_work_put(&f->ctx, k, 0, &r, 0, &id));
	assert_true(id > 0);
	return id;
}

static int setup(void **state)
{
	struct fx *f;

	if (fx_setup(state))
		return -1;
	f = *state;
	if (lk_policy_load(&f->ctx, NULL))
		return -1;
	add_hh(f, "H1", SHANG, "李一", 11, "未脱贫");
	add_hh(f, "H2", SHANG, "李二", 13, "已脱贫");
	add_hh(f, "H3", XIA, "王三", 15, "未脱贫");
	add_hh(f, "H4", LONG, "段四", 17, "未脱贫");
	add_hh(f, "H5", SHANG, "赵五", 19, "一般农户");
	put(f, &lk_wk_cadre,
	    (const char *const[]){"name=张干部", "unit=县扶贫办",
				  "unit_level=县", "region_code=532923101",
				  NULL});
	put(f, &lk_wk_cadre,
	    (const char *const[]){"姓名=杨干部", "单位级别=city",
				  "region_code=" LONG, NULL});
	return 0;
}

static int count_cb(void *arg, int64_t id, const struct lk_rec *r)
{
	(void)id;
	(void)r;
	(*(int *)arg)++;
	return 0;
}

static int count(struct fx *f, const struct lk_wkind *k, const char *region)
{
	struct lk_wfilter flt = {region, NULL, NULL, NULL, NULL, 0, 0};
	int n = 0;

	fx_must(f, lk_work_list(&f->ctx, k, &flt, count_cb, &n));
	return n;
}

static void test_cadre_crud(void **state)
{
	struct fx *f = *state;
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_buf b = LK_BUF_INIT(1u << 16);
	struct lk_rec r;
	int64_t audit = fx_int(f, "SELECT count(*) FROM audit");

	assert_int_equal(count(f, &lk_wk_cadre, NULL), 2);
	fx_must(f, lk_work_get(&f->ctx, &lk_wk_cadre, 1, &a, &r));
	assert_string_equal(lk_rec_get(&r, "unit_level"), "county");
	/* edit: only the post changes */
	lk_rec_init(&r, lk_wk_cadre.t);
	{
		size_t i;
		for (i = 0; i < r.t->n; i++)
			r.v[i] = LK_KEEP;
	}
	fx_must(f, lk_work_set(&f->ctx, &r, &f->a, "post", "第一书记"));
	fx_must(f, lk_work_put(&f->ctx, &lk_wk_cadre, 1, &r, 0, NULL));
	lk_arena_reset(&a);
	fx_must(f, lk_work_get(&f->ctx, &lk_wk_cadre, 1, &a, &r));
	assert_string_equal(lk_rec_get(&r, "post"), "第一书记");
	assert_string_equal(lk_rec_get(&r, "name"), "张干部");
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit"), audit + 1);
	fx_must(f, lk_work_json(&f->ctx, 1, &r, LK_LANG_EN, &b));
	fx_contains(lk_buf_str(&b), "\"unit_level\":\"county\"");
	fx_contains(lk_buf_str(&b), "\"unit_level_label\":\"county\"");
	fx_contains(lk_buf_str(&b), "\"id\":1");
	/* a bad code is refused, naming the field */
	lk_rec_init(&r, lk_wk_cadre.t);
	assert_int_equal(lk_work_set(&f->ctx, &r, &f->a, "unit_level", "x"),
			 LK_EINVAL);
	assert_string_equal(f->ctx.err.field, "unit_level");
	/* a missing required field */
	lk_rec_init(&r, lk_wk_cadre.t);
	fx_must(f, lk_work_set(&f->ctx, &r, &f->a, "region_code", SHANG));
	assert_int_equal(lk_work_put(&f->ctx, &lk_wk_cadre, 0, &r, 0, NULL),
			 LK_EINVAL);
	assert_string_equal(f->ctx.err.field, "name");
	fx_audit_ok(f);
	lk_buf_free(&b);
	lk_arena_free(&a);
}

static int hh_cb(void *arg, const char *no, const char *village,
		 const char *name)
{
	struct lk_buf *b = arg;

	(void)village;
	(void)name;
	return lk_buf_printf(b, "%s;", no);
}

static void pairings(struct fx *f)
{
	put(f, &lk_wk_pairing,
	    (const char *const[]){"household_no=H1", "cadre_id=1",
				  "start_date=2018-01-01", NULL});
	put(f, &lk_wk_pairing,
	    (const char *const[]){"household_no=H2", "cadre_id=1",
				  "start_date=2018-01-01",
				  "end_date=2018-06-30", NULL});
	put(f, &lk_wk_pairing,
	    (const char *const[]){"户编号=H4", "帮扶责任人编号=2",
				  "帮扶开始日期=2018-01-01", NULL});
}

static void test_pairing_quota(void **state)
{
	struct fx *f = *state;
	struct lk_buf b = LK_BUF_INIT(4096);
	struct lk_rec r;
	int64_t n = -1, quota = -1;

	pairings(f);
	fx_must(f, lk_cadre_load(&f->ctx, 1, "2018-03-01", &n, &quota));
	assert_int_equal(n, 2);
	assert_int_equal(quota, 5);
	fx_must(f, lk_cadre_load(&f->ctx, 1, "2018-12-31", &n, &quota));
	assert_int_equal(n, 1);
	fx_must(f, lk_work_unpaired(&f->ctx, NULL, "2018-12-31", hh_cb, &b));
	assert_string_equal(lk_buf_str(&b), "H2;H3;");
	lk_buf_reset(&b);
	fx_must(f, lk_work_unpaired(&f->ctx, "532901", "2018-12-31", hh_cb,
				    &b));
	assert_string_equal(lk_buf_str(&b), "");
	/* overlapping pairing of the same cadre and household */
	wrec(f, &lk_wk_pairing, &r,
	     (const char *const[]){"household_no=H1", "cadre_id=1",
				   "start_date=2018-05-01", NULL});
	assert_int_equal(lk_work_put(&f->ctx, &lk_wk_pairing, 0, &r, 0, NULL),
			 LK_ECONFLICT);
	/* end before start */
	wrec(f, &lk_wk_pairing, &r,
	     (const char *const[]){"household_no=H3", "cadre_id=1",
				   "start_date=2018-05-01",
				   "end_date=2018-04-01", NULL});
	assert_int_equal(lk_work_put(&f->ctx, &lk_wk_pairing, 0, &r, 0, NULL),
			 LK_EINVAL);
	/* unknown cadre */
	wrec(f, &lk_wk_pairing, &r,
	     (const char *const[]){"household_no=H3", "cadre_id=9",
				   "start_date=2018-05-01", NULL});
	assert_int_equal(lk_work_put(&f->ctx, &lk_wk_pairing, 0, &r, 0, NULL),
			 LK_EINVAL);
	assert_string_equal(f->ctx.err.field, "cadre_id");
	lk_buf_free(&b);
}

struct cov {
	char s[512];
};

static int cov_cb(void *arg, const struct lk_wcov *c)
{
	struct cov *cv = arg;
	size_t len = strlen(cv->s);

	snprintf(cv->s + len, sizeof cv->s - len, "%s:%lld/%lld;", c->key,
		 (long long)c->visited, (long long)c->households);
	return 0;
}

static int overdue_cb(void *arg, int64_t id, const char *no, const char *vd,
		      const char *fd)
{
	(void)id;
	(void)vd;
	(void)fd;
	return lk_buf_printf(arg, "%s;", no);
}

static void test_visits_coverage(void **state)
{
	struct fx *f = *state;
	struct lk_buf b = LK_BUF_INIT(4096);
	struct lk_wround rd;
	struct cov cv = {""};

	pairings(f);
	put(f, &lk_wk_visit,
	    (const char *const[]){"household_no=H1", "cadre_id=1",
				  "visit_date=2018-02-01", "problems=缺技术",
				  "follow_up_date=2018-03-01", NULL});
	put(f, &lk_wk_visit,
	    (const char *const[]){"household_no=H3", "cadre_id=1",
				  "visit_date=2018-03-15", NULL});
	fx_must(f, lk_visit_round(&f->ctx, NULL, 2018, 1, &rd));
	assert_string_equal(rd.from, "2018-01-01");
	assert_string_equal(rd.to, "2018-03-31");
	assert_int_equal(rd.count, 4);
	assert_int_equal(lk_visit_round(&f->ctx, NULL, 2018, 5, &rd),
			 LK_ENOTFOUND);
	fx_must(f, lk_visit_round(&f->ctx, NULL, 2018, 1, &rd));
	fx_must(f, lk_visit_coverage(&f->ctx, NULL, &rd, LK_COV_VILLAGE,
				     cov_cb, &cv));
	assert_string_equal(cv.s, "532901003001:0/1;532923101202:1/2;"
				  "532923101203:1/1;:2/4;");
	cv.s[0] = '\0';
	fx_must(f, lk_visit_coverage(&f->ctx, "532923", &rd, LK_COV_CADRE,
				     cov_cb, &cv));
	assert_string_equal(cv.s, "1:1/2;");
	fx_must(f, lk_visit_missing(&f->ctx, NULL, &rd, hh_cb, &b));
	assert_string_equal(lk_buf_str(&b), "H4;H2;");
	lk_buf_reset(&b);
	fx_must(f, lk_visit_overdue(&f->ctx, NULL, "2018-06-30", overdue_cb,
				    &b));
	assert_string_equal(lk_buf_str(&b), "H1;");
	put(f, &lk_wk_visit,
	    (const char *const[]){"household_no=H1", "cadre_id=1",
				  "visit_date=2018-04-10", NULL});
	lk_buf_reset(&b);
	fx_must(f, lk_visit_overdue(&f->ctx, NULL, "2018-06-30", overdue_cb,
				    &b));
	assert_string_equal(lk_buf_str(&b), "");
	/* follow-up before the visit is refused */
	{
		struct lk_rec r;
		wrec(f, &lk_wk_visit, &r,
		     (const char *const[]){"household_no=H1", "cadre_id=1",
					   "visit_date=2018-04-10",
					   "follow_up_date=2018-04-01", NULL});
		assert_int_equal(lk_work_put(&f->ctx, &lk_wk_visit, 0, &r, 0,
					     NULL),
				 LK_EINVAL);
	}
	lk_buf_free(&b);
}

static void test_scope(void **state)
{
	struct fx *f = *state;
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_rec r;
	int64_t v1;

	v1 = put(f, &lk_wk_visit,
		 (const char *const[]){"household_no=H1", "cadre_id=1",
				       "visit_date=2018-02-01", NULL});
	put(f, &lk_wk_visit,
	    (const char *const[]){"household_no=H4", "cadre_id=2",
				  "visit_date=2018-02-01", NULL});
	assert_int_equal(count(f, &lk_wk_visit, NULL), 2);
	assert_int_equal(count(f, &lk_wk_visit, SHANG), 1);
	assert_int_equal(count(f, &lk_wk_visit, XIA), 0);
	f->ctx.scope = LONG;
	assert_int_equal(count(f, &lk_wk_visit, NULL), 1);
	assert_int_equal(count(f, &lk_wk_cadre, NULL), 1);
	assert_int_equal(lk_work_get(&f->ctx, &lk_wk_visit, v1, &a, &r),
			 LK_ENOTFOUND);
	assert_int_equal(lk_work_remove(&f->ctx, &lk_wk_visit, v1),
			 LK_ENOTFOUND);
	/* a household outside the scope cannot be named */
	lk_rec_init(&r, lk_wk_visit.t);
	fx_must(f, lk_work_set(&f->ctx, &r, &f->a, "household_no", "H1"));
	fx_must(f, lk_work_set(&f->ctx, &r, &f->a, "cadre_id", "2"));
	fx_must(f, lk_work_set(&f->ctx, &r, &f->a, "visit_date",
			       "2018-02-02"));
	assert_int_equal(lk_work_put(&f->ctx, &lk_wk_visit, 0, &r, 0, NULL),
			 LK_EINVAL);
	/* nor a cadre outside it */
	fx_must(f, lk_work_set(&f->ctx, &r, &f->a, "household_no", "H4"));
	fx_must(f, lk_work_set(&f->ctx, &r, &f->a, "cadre_id", "1"));
	assert_int_equal(lk_work_put(&f->ctx, &lk_wk_visit, 0, &r, 0, NULL),
			 LK_EINVAL);
	f->ctx.scope = "";
	fx_must(f, lk_work_remove(&f->ctx, &lk_wk_visit, v1));
	assert_int_equal(count(f, &lk_wk_visit, NULL), 1);
	fx_audit_ok(f);
	lk_arena_free(&a);
}

#define LK_TEST_ID_A "532923198001010012" /* a valid ID number */

/* A helper's account (ctx->cadre) reaches the records of its paired
 * households only; a masked context masks phones and ID numbers. */
static void test_helper_reach(void **state)
{
	struct fx *f = *state;
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_buf b = LK_BUF_INIT(4096);
	struct lk_rec r;
	int64_t v1, v2, v4, c3;

	pairings(f);
	v1 = put(f, &lk_wk_visit,
		 (const char *const[]){"household_no=H1", "cadre_id=1",
				       "visit_date=2018-02-01", NULL});
	v2 = put(f, &lk_wk_visit,
		 (const char *const[]){"household_no=H2", "cadre_id=1",
				       "visit_date=2018-02-01", NULL});
	v4 = put(f, &lk_wk_visit,
		 (const char *const[]){"household_no=H4", "cadre_id=2",
				       "visit_date=2018-02-01", NULL});
	c3 = put(f, &lk_wk_cadre,
		 (const char *const[]){"name=王干部", "phone=13987001009",
				       "id_number=" LK_TEST_ID_A,
				       "region_code=532923101", NULL});
	f->ctx.cadre = 1; /* H1 now; H2's pairing ended in 2018 */
	assert_int_equal(count(f, &lk_wk_visit, NULL), 1);
	assert_int_equal(count(f, &lk_wk_pairing, NULL), 1);
	assert_int_equal(count(f, &lk_wk_cadre, NULL), 0);
	fx_must(f, lk_work_get(&f->ctx, &lk_wk_visit, v1, &a, &r));
	assert_int_equal(lk_work_get(&f->ctx, &lk_wk_visit, v2, &a, &r),
			 LK_ENOTFOUND);
	assert_int_equal(lk_work_get(&f->ctx, &lk_wk_cadre, c3, &a, &r),
			 LK_ENOTFOUND);
	assert_int_equal(lk_work_remove(&f->ctx, &lk_wk_visit, v4),
			 LK_ENOTFOUND);
	/* no visit to another household, no record without a household */
	wrec(f, &lk_wk_visit, &r,
	     (const char *const[]){"household_no=H4", "cadre_id=2",
				   "visit_date=2018-03-01", NULL});
	assert_int_equal(lk_work_put(&f->ctx, &lk_wk_visit, 0, &r, 0, NULL),
			 LK_EINVAL);
	wrec(f, &lk_wk_cadre, &r,
	     (const char *const[]){"name=赵干部", "region_code=532923101",
				   NULL});
	assert_int_equal(lk_work_put(&f->ctx, &lk_wk_cadre, 0, &r, 0, NULL),
			 LK_EPERM);
	wrec(f, &lk_wk_visit, &r,
	     (const char *const[]){"household_no=H1", "cadre_id=1",
				   "visit_date=2018-03-01", NULL});
	fx_must(f, lk_work_put(&f->ctx, &lk_wk_visit, 0, &r, 0, NULL));
	assert_int_equal(count(f, &lk_wk_visit, NULL), 2);
	f->ctx.cadre = 0;
	assert_int_equal(count(f, &lk_wk_visit, NULL), 4);
	/* masking */
	fx_must(f, lk_work_get(&f->ctx, &lk_wk_cadre, c3, &a, &r));
	f->ctx.mask = 1;
	fx_must(f, lk_work_json(&f->ctx, c3, &r, LK_LANG_EN, &b));
	assert_non_null(strstr(lk_buf_str(&b), "\"phone\":\"139****1009\""));
	assert_null(strstr(lk_buf_str(&b), LK_TEST_ID_A));
	f->ctx.mask = 0;
	lk_buf_reset(&b);
	fx_must(f, lk_work_json(&f->ctx, c3, &r, LK_LANG_EN, &b));
	assert_non_null(strstr(lk_buf_str(&b), "\"phone\":\"13987001009\""));
	assert_non_null(strstr(lk_buf_str(&b), LK_TEST_ID_A));
	lk_buf_free(&b);
	lk_arena_free(&a);
}

static int fund_cb(void *arg, const struct lk_wfund *fd)
{
	*(struct lk_wfund *)arg = *fd;
	((struct lk_wfund *)arg)->name = NULL;
	((struct lk_wfund *)arg)->source_level = NULL;
	((struct lk_wfund *)arg)->region = NULL;
	return 0;
}

static int disc_cb(void *arg, const struct lk_wdisclose *d)
{
	return lk_buf_printf(arg, "%s|%s|%lld;",
			     d->recipient ? d->recipient : "(null)", d->date,
			     (long long)d->amount);
}

static void test_funds(void **state)
{
	struct fx *f = *state;
	struct lk_buf b = LK_BUF_INIT(4096);
	struct lk_wfund fd;
	struct lk_rec r;
	int64_t fund, d1;

	fund = put(f, &lk_wk_fund,
		   (const char *const[]){"name=救灾资金", "source_level=县",
					 "source_unit=县民政局",
					 "amount=10000", "region_code=" SHANG,
					 NULL});
	d1 = put(f, &lk_wk_disbursement,
		 (const char *const[]){"fund_id=1", "household_no=H1",
				       "paid_date=2018-05-01", "amount=6000",
				       "voucher_no=V1", NULL});
	wrec(f, &lk_wk_disbursement, &r,
	     (const char *const[]){"fund_id=1", "household_no=H2",
				   "paid_date=2018-05-02", "amount=5000",
				   NULL});
	assert_int_equal(lk_work_put(&f->ctx, &lk_wk_disbursement, 0, &r, 0,
				     NULL),
			 LK_ECONFLICT);
	fx_contains(lk_err_msg(&f->ctx.err), "4000.00");
	assert_int_equal(count(f, &lk_wk_disbursement, NULL), 1);
	/* without a household: the fund's region */
	put(f, &lk_wk_disbursement,
	    (const char *const[]){"fund_id=1", "paid_date=2018-05-03",
				  "amount=4000", "purpose=修路", NULL});
	fx_must(f, lk_fund_balance(&f->ctx, NULL, fund, fund_cb, &fd));
	assert_int_equal(fd.amount, 1000000);
	assert_int_equal(fd.disbursed, 1000000);
	assert_int_equal(fd.balance, 0);
	assert_int_equal(fd.count, 2);
	/* editing a disbursement counts it once */
	lk_rec_init(&r, lk_wk_disbursement.t);
	{
		size_t i;
		for (i = 0; i < r.t->n; i++)
			r.v[i] = LK_KEEP;
	}
	fx_must(f, lk_work_set(&f->ctx, &r, &f->a, "amount", "5999"));
	fx_must(f, lk_work_put(&f->ctx, &lk_wk_disbursement, d1, &r, 0, NULL));
	/* the fund cannot shrink below what it paid */
	lk_rec_init(&r, lk_wk_fund.t);
	{
		size_t i;
		for (i = 0; i < r.t->n; i++)
			r.v[i] = LK_KEEP;
	}
	fx_must(f, lk_work_set(&f->ctx, &r, &f->a, "amount", "9000"));
	assert_int_equal(lk_work_put(&f->ctx, &lk_wk_fund, fund, &r, 0, NULL),
			 LK_ECONFLICT);
	/* and cannot be removed while it has disbursements */
	assert_int_equal(lk_work_remove(&f->ctx, &lk_wk_fund, fund),
			 LK_ECONFLICT);
	fx_must(f, lk_fund_disclosure(&f->ctx, NULL, NULL, NULL, disc_cb, &b));
	/* recipient of the second: no household, no project */
	assert_string_equal(lk_buf_str(&b), "李一|2018-05-01|599900;"
					    "(null)|2018-05-03|400000;");
	fx_audit_ok(f);
	lk_buf_free(&b);
}

static void issue_cb(void *arg, const struct lk_wissue *is)
{
	lk_buf_printf(arg, "%zu|%s|%s|%s;", is->row, is->column, is->value,
		      is->rule);
}

static void test_import(void **state)
{
	struct fx *f = *state;
	struct lk_buf b = LK_BUF_INIT(4096);
	struct lk_wimport_stats st;
	char path[512];
	int64_t audit;

	pairings(f);
	fx_path(f, "visits.csv", path, sizeof path);
	fx_write(path, "户编号,cadre_id,走访日期,problems\n"
		       "H1,1,2018-01-05,缺资金\n"
		       "H3,1,2018-13-05,\n"
		       "H9,1,2018-01-07,\n");
	audit = fx_int(f, "SELECT count(*) FROM audit");
	assert_int_equal(lk_work_import(&f->ctx, &lk_wk_visit, path,
					CSV_ENC_AUTO, 0, issue_cb, &b, &st),
			 LK_EINVAL);
	fx_contains(lk_buf_str(&b), "3|走访日期|2018-13-05|value.date;");
	fx_contains(lk_buf_str(&b), "4|户编号|H9|record;");
	assert_int_equal(st.errors, 2);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM visit"), 0);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit"), audit);
	/* an unknown column and a missing required one */
	lk_buf_reset(&b);
	fx_write(path, "household_no,colour\nH1,red\n");
	assert_int_equal(lk_work_import(&f->ctx, &lk_wk_visit, path,
					CSV_ENC_AUTO, 0, issue_cb, &b, &st),
			 LK_EINVAL);
	fx_contains(lk_buf_str(&b), "1|colour||header.unknown;");
	fx_contains(lk_buf_str(&b), "1|visit_date||header.missing;");
	/* the good file */
	fx_write(path, "户编号,cadre_id,走访日期,problems\r\n"
		       "H1,1,2018-01-05,缺资金\r\n"
		       "H3,1,2018/2/5,\r\n"
		       "H4,2,2018-01-07,\r\n");
	fx_must(f, lk_work_import(&f->ctx, &lk_wk_visit, path, CSV_ENC_AUTO,
				  0, NULL, NULL, &st));
	assert_int_equal(st.created, 3);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM visit"), 3);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM visit WHERE "
				   "visit_date = '2018-02-05' AND "
				   "region_code = '" XIA "'"),
			 1);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit"), audit + 1);
	/* updates by id keep the columns the file does not have */
	fx_write(path, "id,found\n2,修好了\n");
	fx_must(f, lk_work_import(&f->ctx, &lk_wk_visit, path, CSV_ENC_AUTO,
				  0, NULL, NULL, &st));
	assert_int_equal(st.updated, 1);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM visit WHERE id = 2 "
				   "AND found = '修好了' AND visit_date = "
				   "'2018-02-05'"),
			 1);
	/* a disbursement file over the balance is rejected whole */
	put(f, &lk_wk_fund,
	    (const char *const[]){"name=培训资金", "source_level=county",
				  "amount=10000", "region_code=532923101",
				  NULL});
	fx_path(f, "pay.csv", path, sizeof path);
	fx_write(path, "fund_id,household_no,paid_date,amount\n"
		       "1,H1,2018-03-01,6000\n"
		       "1,H3,2018-03-02,6000\n");
	lk_buf_reset(&b);
	assert_int_equal(lk_work_import(&f->ctx, &lk_wk_disbursement, path,
					CSV_ENC_AUTO, 0, issue_cb, &b, &st),
			 LK_EINVAL);
	fx_contains(lk_buf_str(&b), "3|amount|6000|record;");
	assert_int_equal(fx_int(f, "SELECT count(*) FROM disbursement"), 0);
	fx_audit_ok(f);
	lk_buf_free(&b);
}

static void test_measure_project(void **state)
{
	struct fx *f = *state;
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_buf b = LK_BUF_INIT(1u << 16);
	struct lk_wfilter flt = {NULL, "H1", NULL, NULL, NULL, 0, 0};
	struct lk_rec r;
	int64_t p, m;
	int n = 0;

	p = put(f, &lk_wk_project,
		(const char *const[]){"name=通组路硬化", "category=道路",
				      "quantity=3.5", "unit=km",
				      "budget=700000", "region_code=" SHANG,
				      NULL});
	m = put(f, &lk_wk_measure,
		(const char *const[]){"household_no=H1", "batch=易地扶贫搬迁",
				      "status=done", "project_id=1",
				      "move_out_date=2018-05-01",
				      "keys_date=2018-06-01", NULL});
	put(f, &lk_wk_measure,
	    (const char *const[]){"household_no=H3", "batch=危房改造",
				  "status=实施中", "renovation=修缮",
				  "grade_before=D", "grade_after=A", NULL});
	fx_must(f, lk_work_get(&f->ctx, &lk_wk_measure, m, &a, &r));
	assert_string_equal(lk_rec_get(&r, "batch"), "relocation");
	assert_string_equal(lk_rec_get(&r, "household_no"), "H1");
	fx_must(f, lk_work_json(&f->ctx, m, &r, LK_LANG_ZH, &b));
	fx_contains(lk_buf_str(&b), "\"batch_label\":\"易地搬迁\"");
	fx_must(f, lk_work_list(&f->ctx, &lk_wk_measure, &flt, count_cb, &n));
	assert_int_equal(n, 1);
	flt.household_no = NULL;
	flt.key = "batch";
	flt.value = "housing";
	n = 0;
	fx_must(f, lk_work_list(&f->ctx, &lk_wk_measure, &flt, count_cb, &n));
	assert_int_equal(n, 1);
	lk_arena_reset(&a);
	fx_must(f, lk_work_get(&f->ctx, &lk_wk_project, p, &a, &r));
	assert_string_equal(lk_rec_get(&r, "quantity"), "350");
	assert_string_equal(lk_rec_get(&r, "category"), "road");
	/* keys before moving out is refused */
	wrec(f, &lk_wk_measure, &r,
	     (const char *const[]){"household_no=H1", "batch=relocation",
				   "status=planned", "move_out_date=2018-05-01",
				   "keys_date=2018-04-01", NULL});
	assert_int_equal(lk_work_put(&f->ctx, &lk_wk_measure, 0, &r, 0, NULL),
			 LK_EINVAL);
	assert_non_null(lk_work_kind("民情日记"));
	assert_null(lk_work_kind("nothing"));
	lk_buf_free(&b);
	lk_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cadre_crud, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_pairing_quota, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_visits_coverage, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_scope, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_helper_reach, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_funds, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_import, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_measure_project, setup,
						fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
