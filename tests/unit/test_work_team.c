/* Tests of the work records of the resident team, party work, training
 * and employment, the village profile and notes (src/work/). */
#include "fixture.h"

#include "policy/policy.h"
#include "work/work.h"

#define SHANG "532923101202"
#define XIA "532923101203"
#define LONG "532901003001"

static char id_head[LK_ID_LEN + 1], id_son[LK_ID_LEN + 1];

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
	return id;
}

static int refused(struct fx *f, const struct lk_wkind *k,
		   const char *const *kv)
{
	struct lk_rec r;

	wrec(f, k, &r, kv);
	return lk_work_put(&f->ctx, k, 0, &r, 0, NULL);
}

static int setup(void **state)
{
	struct fx *f;
	struct lk_rec h, m;
	int what;

	if (fx_setup(state))
		return -1;
	f = *state;
	if (lk_policy_load(&f->ctx, NULL))
		return -1;
	fx_id(id_head, "532923", "19600101", 11);
	fx_id(id_son, "532923", "19900101", 13);
	fx_hh(&h, &f->a, "H1", SHANG, "李一", id_head, "未脱贫");
	fx_m(&m, &f->a, "H1", "李一", id_head, "户主");
	rec_set(&m, &f->a, "labour", "普通劳动力");
	fx_must(f, lk_household_add(&f->ctx, &h, &m));
	fx_m(&m, &f->a, "H1", "李小", id_son, "之子");
	rec_set(&m, &f->a, "labour", "技能劳动力");
	fx_must(f, lk_member_put(&f->ctx, &m, LK_PUT_CREATE, 0, &what));
	return 0;
}

static int count_cb(void *arg, int64_t id, const struct lk_rec *r)
{
	(void)id;
	(void)r;
	(*(int *)arg)++;
	return 0;
}

static int count_on(struct fx *f, const struct lk_wkind *k,
		    const char *region, const char *on)
{
	struct lk_wfilter flt = {region, NULL, NULL, NULL, on, 0, 0};
	int n = 0;

	fx_must(f, lk_work_list(&f->ctx, k, &flt, count_cb, &n));
	return n;
}

static int days_cb(void *arg, const struct lk_wdays *d)
{
	return lk_buf_printf(arg, "%lld:%lld/%lld/%lld;", (long long)d->id,
			     (long long)d->present, (long long)d->leave,
			     (long long)d->travel);
}

static void test_team(void **state)
{
	struct fx *f = *state;
	struct lk_buf b = LK_BUF_INIT(4096);
	const char *days[] = {"2018-05-02", "2018-05-03", "2018-05-04"};
	char d[32];
	size_t i;

	put(f, &lk_wk_team_member,
	    (const char *const[]){"name=杨队长", "sent_level=省",
				  "role=第一书记", "from_date=2018-01-01",
				  "detached=是", "region_code=" SHANG, NULL});
	put(f, &lk_wk_team_member,
	    (const char *const[]){"name=李队员", "派出单位级别=county",
				  "职务=队员", "驻村开始日期=2018-03-01",
				  "驻村结束日期=2018-06-30",
				  "region_code=" SHANG, NULL});
	assert_int_equal(refused(f, &lk_wk_team_member,
				 (const char *const[]){
					 "name=x", "sent_level=省",
					 "role=队员", "from_date=2018-03-01",
					 "to_date=2018-01-01",
					 "region_code=" SHANG, NULL}),
			 LK_EINVAL);
	assert_int_equal(count_on(f, &lk_wk_team_member, NULL, "2018-02-01"),
			 1);
	assert_int_equal(count_on(f, &lk_wk_team_member, NULL, "2018-04-01"),
			 2);
	assert_int_equal(count_on(f, &lk_wk_team_member, NULL, "2018-07-01"),
			 1);
	for (i = 0; i < 3; i++) {
		snprintf(d, sizeof d, "on_date=%s", days[i]);
		put(f, &lk_wk_attendance,
		    (const char *const[]){"team_member_id=1", d,
					  "status=在岗", NULL});
	}
	put(f, &lk_wk_attendance,
	    (const char *const[]){"team_member_id=1", "on_date=2018-05-07",
				  "status=请假", NULL});
	put(f, &lk_wk_attendance,
	    (const char *const[]){"team_member_id=1", "on_date=2018-05-08",
				  "status=出差", NULL});
	put(f, &lk_wk_attendance,
	    (const char *const[]){"team_member_id=1", "on_date=2018-06-01",
				  "status=present", NULL});
	/* one line per member and day */
	assert_int_equal(refused(f, &lk_wk_attendance,
				 (const char *const[]){"team_member_id=1",
						       "on_date=2018-05-02",
						       "status=leave", NULL}),
			 LK_ECONFLICT);
	fx_must(f, lk_team_days(&f->ctx, NULL, "2018-05", days_cb, &b));
	assert_string_equal(lk_buf_str(&b), "1:3/1/1;2:0/0/0;");
	lk_buf_reset(&b);
	fx_must(f, lk_team_days(&f->ctx, NULL, "2018-07", days_cb, &b));
	assert_string_equal(lk_buf_str(&b), "1:0/0/0;");
	assert_int_equal(lk_team_days(&f->ctx, NULL, "2018-13", days_cb, &b),
			 LK_EINVAL);
	/* attendance takes its member's region: not seen from elsewhere */
	f->ctx.scope = LONG;
	assert_int_equal(count_on(f, &lk_wk_attendance, NULL, NULL), 0);
	f->ctx.scope = "";
	assert_int_equal(count_on(f, &lk_wk_attendance, SHANG, NULL), 6);
	fx_audit_ok(f);
	lk_buf_free(&b);
}

static int standing_cb(void *arg, const struct lk_wstanding *s)
{
	return lk_buf_printf(arg, "%d:%s:%lld;", s->rank, s->name,
			     (long long)s->total);
}

static void test_party(void **state)
{
	struct fx *f = *state;
	struct lk_buf b = LK_BUF_INIT(4096);

	put(f, &lk_wk_party_branch,
	    (const char *const[]){"name=上村党支部", "region_code=" SHANG,
				  NULL});
	put(f, &lk_wk_party_member,
	    (const char *const[]){"party_branch_id=1", "name=甲",
				  "kind=正式党员", "join_date=1990-07-01",
				  NULL});
	put(f, &lk_wk_party_member,
	    (const char *const[]){"party_branch_id=1", "name=乙",
				  "kind=预备党员", NULL});
	put(f, &lk_wk_party_member,
	    (const char *const[]){"party_branch_id=1", "name=丙",
				  "kind=full", NULL});
	put(f, &lk_wk_party_points,
	    (const char *const[]){"party_member_id=1", "on_date=2018-02-01",
				  "points=5", "rule=参加党员活动日", NULL});
	put(f, &lk_wk_party_points,
	    (const char *const[]){"party_member_id=1", "on_date=2018-05-01",
				  "points=-2", "reason=无故缺席", NULL});
	put(f, &lk_wk_party_points,
	    (const char *const[]){"party_member_id=2", "on_date=2018-03-01",
				  "points=10", NULL});
	put(f, &lk_wk_party_points,
	    (const char *const[]){"party_member_id=1", "on_date=2019-01-01",
				  "points=50", NULL});
	put(f, &lk_wk_party_points,
	    (const char *const[]){"party_member_id=3", "on_date=2018-12-31",
				  "points=3", NULL});
	put(f, &lk_wk_party_activity,
	    (const char *const[]){"party_branch_id=1", "kind=三会一课",
				  "on_date=2018-04-01", "attended=3",
				  "absent=0", NULL});
	fx_must(f, lk_party_standings(&f->ctx, NULL, "2018-01-01",
				      "2018-12-31", standing_cb, &b));
	assert_string_equal(lk_buf_str(&b), "1:乙:110;2:甲:103;2:丙:103;");
	lk_buf_reset(&b);
	fx_must(f, lk_party_standings(&f->ctx, NULL, "2018-01-01",
				      "2018-03-31", standing_cb, &b));
	assert_string_equal(lk_buf_str(&b), "1:乙:110;2:甲:105;3:丙:100;");
	{
		struct lk_rec r;
		lk_rec_init(&r, lk_wk_party_points.t);
		assert_int_equal(lk_work_set(&f->ctx, &r, &f->a, "points",
					     "5000"),
				 LK_EINVAL);
	}
	lk_buf_free(&b);
}

static int labour_cb(void *arg, const struct lk_wlabour *l)
{
	return lk_buf_printf(arg, "%s:%lld/%lld/%lld;", l->household_no,
			     (long long)l->members, (long long)l->laborers,
			     (long long)l->employed);
}

static void test_training_employment(void **state)
{
	struct fx *f = *state;
	struct lk_buf b = LK_BUF_INIT(4096);
	char kv[64], kv2[64];

	put(f, &lk_wk_fund,
	    (const char *const[]){"name=培训资金", "source_level=县",
				  "amount=10000", "region_code=532923101",
				  NULL});
	put(f, &lk_wk_training,
	    (const char *const[]){"title=种植技术培训", "on_date=2018-04-01",
				  "fund_id=1", "status=已举办",
				  "region_code=532923101", NULL});
	snprintf(kv, sizeof kv, "id_number=%s", id_son);
	put(f, &lk_wk_trainee,
	    (const char *const[]){"training_id=1", "household_no=H1", kv,
				  NULL});
	assert_int_equal(refused(f, &lk_wk_trainee,
				 (const char *const[]){"training_id=1",
						       "household_no=H1", kv,
						       NULL}),
			 LK_ECONFLICT);
	fx_id(kv2 + 10, "532923", "19700101", 21);
	memcpy(kv2, "id_number=", 10);
	assert_int_equal(refused(f, &lk_wk_trainee,
				 (const char *const[]){"training_id=1",
						       "household_no=H1",
						       kv2, NULL}),
			 LK_EINVAL);
	assert_string_equal(f->ctx.err.field, "id_number");
	put(f, &lk_wk_employment,
	    (const char *const[]){"household_no=H1", kv, "employer=建筑公司",
				  "place=昆明", "from_date=2018-03-01",
				  "monthly_income=3500", "kind=外出务工",
				  NULL});
	fx_must(f, lk_work_laborers(&f->ctx, NULL, "2018-06-30", labour_cb,
				    &b));
	assert_string_equal(lk_buf_str(&b), "H1:2/2/1;");
	lk_buf_reset(&b);
	fx_must(f, lk_work_laborers(&f->ctx, NULL, "2018-01-01", labour_cb,
				    &b));
	assert_string_equal(lk_buf_str(&b), "H1:2/2/0;");
	lk_buf_free(&b);
}

static void issue_cb(void *arg, const struct lk_wissue *is)
{
	lk_buf_printf(arg, "%zu|%s|%s;", is->row, is->column, is->rule);
}

static void test_village_notes(void **state)
{
	struct fx *f = *state;
	struct lk_buf b = LK_BUF_INIT(4096);
	struct lk_wimport_stats st;
	struct lk_wfilter flt = {NULL, NULL, "category", "plan", NULL, 0, 0};
	char path[512];
	int n = 0;

	put(f, &lk_wk_village_profile,
	    (const char *const[]){"region_code=" SHANG, "year=2018",
				  "to_town_km=12.5", "elevation_m=2100",
				  "terrain=山区", "cultivated_mu=3500",
				  "per_capita_income=8050", NULL});
	assert_int_equal(refused(f, &lk_wk_village_profile,
				 (const char *const[]){"region_code=" SHANG,
						       "year=2018", NULL}),
			 LK_ECONFLICT);
	fx_path(f, "profile.csv", path, sizeof path);
	fx_write(path, "行政区划代码,年度,海拔,地形地貌\n"
		       XIA ",2018,1900,坝区\n"
		       LONG ",2018x,1800,山区\n");
	assert_int_equal(lk_work_import(&f->ctx, &lk_wk_village_profile, path,
					CSV_ENC_AUTO, 0, issue_cb, &b, &st),
			 LK_EINVAL);
	assert_string_equal(lk_buf_str(&b), "3|年度|value.year;");
	assert_int_equal(count_on(f, &lk_wk_village_profile, NULL, NULL), 1);
	fx_write(path, "行政区划代码,年度,海拔,地形地貌\n"
		       XIA ",2018,1900,坝区\n"
		       LONG ",2018,1800,山区\n");
	fx_must(f, lk_work_import(&f->ctx, &lk_wk_village_profile, path,
				  CSV_ENC_AUTO, 0, NULL, NULL, &st));
	assert_int_equal(count_on(f, &lk_wk_village_profile, NULL, NULL), 3);
	assert_int_equal(count_on(f, &lk_wk_village_profile, "532923", NULL),
			 2);
	put(f, &lk_wk_village_item,
	    (const char *const[]){"region_code=" SHANG, "year=2018",
				  "category=农作物", "name=玉米",
				  "area_mu=1200", "output_kg=480000", NULL});
	put(f, &lk_wk_village_item,
	    (const char *const[]){"region_code=" SHANG, "year=2018",
				  "category=road", "name=一组",
				  "hardened_km=2.5", "dirt_km=1", NULL});
	put(f, &lk_wk_note,
	    (const char *const[]){"region_code=" SHANG, "year=2018",
				  "category=问题", "text=产业基础薄弱", NULL});
	put(f, &lk_wk_note,
	    (const char *const[]){"region_code=" SHANG, "year=2018",
				  "category=下一步计划",
				  "text=发展核桃产业", NULL});
	fx_must(f, lk_work_list(&f->ctx, &lk_wk_note, &flt, count_cb, &n));
	assert_int_equal(n, 1);
	f->ctx.scope = LONG;
	assert_int_equal(count_on(f, &lk_wk_note, NULL, NULL), 0);
	assert_int_equal(count_on(f, &lk_wk_village_item, NULL, NULL), 0);
	assert_int_equal(count_on(f, &lk_wk_village_profile, NULL, NULL), 1);
	f->ctx.scope = "";
	fx_audit_ok(f);
	lk_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_team, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_party, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_training_employment,
						setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_village_notes, setup,
						fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
