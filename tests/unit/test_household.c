/*
 * test_household.c - unit tests of the registry service
 * (registry/household.h): households (put, add, get, scope), members
 * (put, derived sex, duplicate IDs, remove), the household invariants
 * (lk_household_validate), incomes (derived values, stated values),
 * listing and search, the status history and the audit of every write.
 */
#include "fixture.h"

#include "registry/region.h"

#define V1 "532923101202" /* 上村 */
#define V2 "532923101203" /* 下村 */
#define VO "532901003001" /* another county */

/* The people of the tests (valid IDs, filled by the setup). */
static char id_li[19], id_wang[19], id_ming[19], id_zi[19], id_duan[19],
    id_hong[19];

static int setup(void **state)
{
	int rc = fx_setup(state);

	fx_id(id_li, "532923", "19650304", 11);	  /* male */
	fx_id(id_wang, "532923", "19680101", 22); /* female */
	fx_id(id_ming, "532923", "20050601", 13); /* male */
	fx_id(id_zi, "532923", "19700812", 31);	  /* male */
	fx_id(id_duan, "532901", "19750101", 51); /* male */
	fx_id(id_hong, "532923", "19900202", 42); /* female */
	return rc;
}

/* Creates household no with its head (status 未脱贫, identified 2014). */
static void add(struct fx *f, const char *no, const char *village,
		const char *name, const char *id)
{
	struct lk_rec h, m;

	fx_hh(&h, &f->a, no, village, name, id, "未脱贫");
	rec_set(&h, &f->a, "identified_year", "2014");
	fx_m(&m, &f->a, no, name, id, "户主");
	fx_must(f, lk_household_add(&f->ctx, &h, &m));
}

static void member(struct fx *f, const char *no, const char *name,
		   const char *id, const char *relation)
{
	struct lk_rec m;
	int what = -1;

	fx_m(&m, &f->a, no, name, id, relation);
	fx_must(f, lk_member_put(&f->ctx, &m, LK_PUT_CREATE, 0, &what));
	assert_int_equal(what, LK_PUT_CREATED);
}

/* 李国华's household: head, spouse, son. */
static void family(struct fx *f)
{
	add(f, "H1", V1, "李国华", id_li);
	member(f, "H1", "王秀英", id_wang, "配偶");
	member(f, "H1", "李明", id_ming, "之子");
}

static int64_t hid_of(struct fx *f, const char *no)
{
	int64_t id = 0;

	fx_must(f, lk_household_lookup(&f->ctx, no, &id, NULL));
	return id;
}

static int64_t audit_count(struct fx *f)
{
	return fx_int(f, "SELECT count(*) FROM audit");
}

/* action, entity, entity_id of the newest audit record. */
static const char *last_audit(struct fx *f, char *out, size_t n)
{
	return fx_text(f,
		       "SELECT action || ' ' || entity || ' ' || entity_id "
		       "FROM audit ORDER BY seq DESC LIMIT 1",
		       out, n);
}

/* ---- households ------------------------------------------------------ */

static void test_put_modes(void **state)
{
	struct fx *f = *state;
	struct lk_rec h, got;
	int64_t id = 0, id2 = 0, n0;
	int what = -1;
	char s[512];

	fx_hh(&h, &f->a, "H1", V1, "李国华", id_li, "已脱贫");
	rec_set(&h, &f->a, "identified_year", "2014");
	rec_set(&h, &f->a, "lifted_year", "2016");
	rec_set(&h, &f->a, "phone", "13987654321");
	rec_set(&h, &f->a, "main_cause", "因病");
	rec_set(&h, &f->a, "cultivated_mu", "3.5");
	rec_set(&h, &f->a, "toilet", "是");
	/* income columns are not household columns */
	rec_set(&h, &f->a, "wage", "100");

	n0 = audit_count(f);
	fx_must(f, lk_household_put(&f->ctx, &h, LK_PUT_CREATE, 0, &id, &what));
	assert_int_equal(what, LK_PUT_CREATED);
	assert_true(id > 0);
	assert_int_equal(audit_count(f), n0 + 1);
	assert_string_equal(last_audit(f, s, sizeof s), "create household H1");

	/* a second create is a conflict, and changes nothing */
	assert_int_equal(
	    lk_household_put(&f->ctx, &h, LK_PUT_CREATE, 0, &id2, &what),
	    LK_ECONFLICT);
	assert_int_equal(what, LK_PUT_UNCHANGED);
	assert_int_equal(audit_count(f), n0 + 1);

	/* the same values: unchanged, no audit */
	fx_must(f,
		lk_household_put(&f->ctx, &h, LK_PUT_UPDATE, 0, &id2, &what));
	assert_int_equal(what, LK_PUT_UNCHANGED);
	assert_int_equal(id2, id);
	fx_must(f,
		lk_household_put(&f->ctx, &h, LK_PUT_UPSERT, 0, &id2, &what));
	assert_int_equal(what, LK_PUT_UNCHANGED);
	assert_int_equal(audit_count(f), n0 + 1);

	/* read back */
	fx_must(f, lk_household_get(&f->ctx, "H1", &f->a, &got, &id2));
	assert_int_equal(id2, id);
	assert_string_equal(lk_rec_get(&got, "status"), "lifted");
	assert_string_equal(lk_rec_get(&got, "head_id"), id_li);
	assert_string_equal(lk_rec_get(&got, "phone"), "13987654321");
	assert_string_equal(lk_rec_get(&got, "main_cause"), "1");
	assert_string_equal(lk_rec_get(&got, "cultivated_mu"), "350");
	assert_string_equal(lk_rec_get(&got, "toilet"), "1");
	assert_string_equal(lk_rec_get(&got, "lifted_year"), "2016");
	assert_null(lk_rec_get(&got, "wage"));
	assert_null(lk_rec_get(&got, "bank"));
	assert_true(lk_rec_equal(&got, &h, LK_FF_NOCOL | LK_FF_INCOME));

	/* a change: updated, audited with both images */
	rec_set(&h, &f->a, "phone", "0872-6123456");
	fx_must(f,
		lk_household_put(&f->ctx, &h, LK_PUT_UPDATE, 0, &id2, &what));
	assert_int_equal(what, LK_PUT_UPDATED);
	assert_int_equal(id2, id);
	assert_int_equal(audit_count(f), n0 + 2);
	assert_string_equal(last_audit(f, s, sizeof s), "update household H1");
	fx_text(f, "SELECT before FROM audit ORDER BY seq DESC LIMIT 1", s,
		sizeof s);
	fx_contains(s, "\"phone\":\"13987654321\"");
	fx_text(f, "SELECT after FROM audit ORDER BY seq DESC LIMIT 1", s,
		sizeof s);
	fx_contains(s, "\"phone\":\"0872-6123456\"");
	fx_text(f, "SELECT phone FROM household WHERE household_no = 'H1'", s,
		sizeof s);
	assert_string_equal(s, "0872-6123456");
	/* clearing a value is a change too */
	rec_set(&h, &f->a, "phone", NULL);
	fx_must(f,
		lk_household_put(&f->ctx, &h, LK_PUT_UPSERT, 0, NULL, &what));
	assert_int_equal(what, LK_PUT_UPDATED);
	fx_text(f, "SELECT phone FROM household WHERE household_no = 'H1'", s,
		sizeof s);
	assert_string_equal(s, "(null)");

	/* update of a missing household */
	fx_hh(&h, &f->a, "H9", V1, "无名", id_zi, "未脱贫");
	assert_int_equal(
	    lk_household_put(&f->ctx, &h, LK_PUT_UPDATE, 0, &id2, &what),
	    LK_ENOTFOUND);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM household"), 1);
	/* upsert creates it */
	fx_must(f,
		lk_household_put(&f->ctx, &h, LK_PUT_UPSERT, 0, &id2, &what));
	assert_int_equal(what, LK_PUT_CREATED);
	assert_true(id2 != id);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM household"), 2);

	/* get of a missing household */
	assert_int_equal(lk_household_get(&f->ctx, "H404", &f->a, &got, NULL),
			 LK_ENOTFOUND);
	fx_contains(f->ctx.err.msg, "H404");
	assert_int_equal(db_tx_depth(f->ctx.db), 0);
	fx_audit_ok(f);
}

static void test_put_needs_key_and_village(void **state)
{
	struct fx *f = *state;
	struct lk_rec h;
	struct fx_counts c0, c1;
	int what;

	fx_counts(f, &c0);
	fx_hh(&h, &f->a, "H1", V1, "李国华", id_li, "未脱贫");
	rec_set(&h, &f->a, "household_no", NULL);
	assert_int_equal(
	    lk_household_put(&f->ctx, &h, LK_PUT_UPSERT, 0, NULL, &what),
	    LK_EINVAL);
	fx_hh(&h, &f->a, "H1", V1, "李国华", id_li, "未脱贫");
	rec_set(&h, &f->a, "village_code", NULL);
	assert_int_equal(
	    lk_household_put(&f->ctx, &h, LK_PUT_UPSERT, 0, NULL, &what),
	    LK_EINVAL);
	fx_counts(f, &c1);
	fx_counts_equal(&c0, &c1);
}

static void test_put_village_not_in_regions(void **state)
{
	struct fx *f = *state;
	struct lk_rec h;
	struct fx_counts c0, c1;
	int what;

	fx_counts(f, &c0);
	fx_hh(&h, &f->a, "H1", "532923101299", "李国华", id_li, "未脱贫");
	rec_set(&h, &f->a, "group", "新组");
	f->ctx.err.field = NULL;
	assert_int_equal(
	    lk_household_put(&f->ctx, &h, LK_PUT_CREATE, 0, NULL, &what),
	    LK_EINVAL);
	assert_non_null(f->ctx.err.field);
	assert_string_equal(f->ctx.err.field, "village_code");
	fx_contains(f->ctx.err.msg, "532923101299");
	/* a region that is not a village */
	fx_hh(&h, &f->a, "H1", V1, "李国华", id_li, "未脱贫");
	rec_raw(&h, &f->a, "village_code", "532923101");
	f->ctx.err.field = NULL;
	assert_int_equal(
	    lk_household_put(&f->ctx, &h, LK_PUT_CREATE, 0, NULL, &what),
	    LK_EINVAL);
	assert_string_equal(f->ctx.err.field, "village_code");
	/* lk_household_add too */
	{
		struct lk_rec m;
		fx_hh(&h, &f->a, "H1", "532923101299", "李国华", id_li,
		      "未脱贫");
		fx_m(&m, &f->a, "H1", "李国华", id_li, "户主");
		assert_int_equal(lk_household_add(&f->ctx, &h, &m), LK_EINVAL);
		assert_string_equal(f->ctx.err.field, "village_code");
	}
	fx_counts(f, &c1);
	fx_counts_equal(&c0, &c1);
	assert_int_equal(db_tx_depth(f->ctx.db), 0);
}

static void test_groups(void **state)
{
	struct fx *f = *state;
	struct lk_rec h, got;
	int what;
	char s[64];

	fx_hh(&h, &f->a, "H1", V1, "李国华", id_li, "未脱贫");
	rec_set(&h, &f->a, "group", "上村组");
	fx_must(f,
		lk_household_put(&f->ctx, &h, LK_PUT_CREATE, 0, NULL, &what));
	fx_hh(&h, &f->a, "H2", V1, "字永福", id_zi, "未脱贫");
	rec_set(&h, &f->a, "group", "上村组");
	fx_must(f,
		lk_household_put(&f->ctx, &h, LK_PUT_CREATE, 0, NULL, &what));
	fx_hh(&h, &f->a, "H3", V1, "洪", id_hong, "未脱贫");
	rec_set(&h, &f->a, "group", "大箐组");
	fx_must(f,
		lk_household_put(&f->ctx, &h, LK_PUT_CREATE, 0, NULL, &what));
	assert_int_equal(fx_int(f, "SELECT count(*) FROM region WHERE level "
				   "= 6 AND parent = '" V1 "'"),
			 2);
	fx_text(f, "SELECT group_code FROM household WHERE household_no = 'H2'",
		s, sizeof s);
	assert_string_equal(s, V1 "001");
	fx_text(f, "SELECT group_code FROM household WHERE household_no = 'H3'",
		s, sizeof s);
	assert_string_equal(s, V1 "002");
	fx_must(f, lk_household_get(&f->ctx, "H3", &f->a, &got, NULL));
	assert_string_equal(lk_rec_get(&got, "group"), "大箐组");
	/* unchanged on a second put */
	fx_must(f,
		lk_household_put(&f->ctx, &h, LK_PUT_UPSERT, 0, NULL, &what));
	assert_int_equal(what, LK_PUT_UNCHANGED);
	fx_audit_ok(f);
}

/* regression: lk_household_put() moving a household to a village of another
 * county updates household.county_code but leaves the county_code of its
 * member, income and status_event rows at the old county; the partition
 * key of those rows must follow their household. */
static void test_move_to_other_county(void **state)
{
	struct fx *f = *state;
	struct lk_rec h, inc;
	int what;

	family(f);
	lk_rec_init(&inc, &lk_incomes);
	rec_set(&inc, &f->a, "household_no", "H1");
	rec_set(&inc, &f->a, "income_year", "2018");
	rec_set(&inc, &f->a, "wage", "3000");
	fx_must(f, lk_income_put(&f->ctx, &inc, 0, &what, NULL));
	fx_must(f, lk_household_get(&f->ctx, "H1", &f->a, &h, NULL));
	rec_set(&h, &f->a, "village_code", VO);
	fx_must(f,
		lk_household_put(&f->ctx, &h, LK_PUT_UPDATE, 0, NULL, &what));
	assert_int_equal(what, LK_PUT_UPDATED);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM household WHERE "
				   "county_code = '532901'"),
			 1);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM member WHERE "
				   "county_code <> '532901'"),
			 0);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM income WHERE "
				   "county_code <> '532901'"),
			 0);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM status_event WHERE "
				   "county_code <> '532901'"),
			 0);
}

/* ---- scope ----------------------------------------------------------- */

static int list_collect(void *arg, const struct lk_hh_summary *s)
{
	struct lk_buf *b = arg;

	if (b->len)
		lk_buf_addc(b, ',');
	lk_buf_adds(b, s->no);
	if (s->matched)
		lk_buf_printf(b, "[%s]", s->matched);
	return 0;
}

/* Comma-separated household numbers listed (with [matched] names). */
static int list(struct fx *f, const struct lk_hh_filter *flt, char *out,
		size_t n)
{
	struct lk_buf b = LK_BUF_INIT(1u << 16);
	int rc = lk_household_list(&f->ctx, flt, list_collect, &b);

	snprintf(out, n, "%s", lk_buf_str(&b));
	lk_buf_free(&b);
	return rc;
}

static void test_scope(void **state)
{
	struct fx *f = *state;
	struct lk_hh_filter flt = {0};
	struct lk_rec h, m, r;
	struct fx_counts c0, c1;
	char s[512], village[16];
	int64_t id;
	int what;

	family(f);
	f->ctx.scope = "532901";
	fx_counts(f, &c0);

	/* cannot create in a village outside the scope */
	fx_hh(&h, &f->a, "H2", V1, "字永福", id_zi, "未脱贫");
	assert_int_equal(
	    lk_household_put(&f->ctx, &h, LK_PUT_CREATE, 0, NULL, &what),
	    LK_EPERM);
	fx_m(&m, &f->a, "H2", "字永福", id_zi, "户主");
	assert_int_equal(lk_household_add(&f->ctx, &h, &m), LK_EPERM);
	/* cannot take over a household outside by naming a village inside */
	fx_hh(&h, &f->a, "H1", VO, "李国华", id_li, "未脱贫");
	assert_int_equal(
	    lk_household_put(&f->ctx, &h, LK_PUT_UPSERT, 0, NULL, &what),
	    LK_EPERM);
	/* cannot write members or incomes of a household outside */
	fx_m(&m, &f->a, "H1", "洪", id_hong, "之女");
	assert_int_equal(lk_member_put(&f->ctx, &m, LK_PUT_UPSERT, 0, &what),
			 LK_ENOTFOUND);
	lk_rec_init(&r, &lk_incomes);
	rec_set(&r, &f->a, "household_no", "H1");
	rec_set(&r, &f->a, "income_year", "2018");
	assert_int_equal(lk_income_put(&f->ctx, &r, 0, &what, NULL),
			 LK_ENOTFOUND);
	assert_int_equal(
	    lk_member_remove(&f->ctx, id_ming, "死亡", "2020-01-01", NULL),
	    LK_ENOTFOUND);
	fx_counts(f, &c1);
	fx_counts_equal(&c0, &c1);

	/* cannot read it: not found, and the message reveals nothing */
	assert_int_equal(lk_household_get(&f->ctx, "H1", &f->a, &r, &id),
			 LK_ENOTFOUND);
	assert_int_equal(f->ctx.err.code, LK_ENOTFOUND);
	assert_null(strstr(f->ctx.err.msg, "532923"));
	assert_null(strstr(f->ctx.err.msg, "scope"));
	assert_int_equal(lk_household_lookup(&f->ctx, "H1", &id, village),
			 LK_ENOTFOUND);
	assert_null(strstr(f->ctx.err.msg, "532923"));
	assert_int_equal(lk_member_get(&f->ctx, id_li, &f->a, &r),
			 LK_ENOTFOUND);
	assert_null(strstr(f->ctx.err.msg, "H1"));

	/* a household inside the scope works */
	add(f, "O1", VO, "段正华", id_duan);
	fx_must(f, lk_household_get(&f->ctx, "O1", &f->a, &r, &id));
	fx_must(f, lk_member_get(&f->ctx, id_duan, &f->a, &r));

	/* list and search show only what lies inside */
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "O1");
	flt.query = "李国华";
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "");
	flt.query = "H1";
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "");
	flt.query = id_li + 10;
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "");
	flt.query = NULL;
	flt.region = "532923";
	assert_int_equal(list(f, &flt, s, sizeof s), LK_EPERM);
	assert_string_equal(s, "");
	flt.region = "53";
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "O1");

	/* everything with the whole scope */
	f->ctx.scope = "";
	flt.region = NULL;
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "H1,O1");
	fx_audit_ok(f);
}

/* ---- lk_household_add ------------------------------------------------- */

static void test_add_atomic(void **state)
{
	struct fx *f = *state;
	struct lk_rec h, m;
	struct fx_counts c0, c1;
	char s[128];

	/* a good one: household, head, derived sex, audit */
	fx_counts(f, &c0);
	add(f, "H1", V1, "李国华", id_li);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM household"), 1);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM member"), 1);
	fx_text(f,
		"SELECT sex || ' ' || birth || ' ' || relation || ' ' || "
		"member_status FROM member",
		s, sizeof s);
	assert_string_equal(s, "1 1965-03-04 1 current");
	assert_int_equal(audit_count(f), c0.audit + 2);
	fx_counts(f, &c0);

	/* a head whose ID is not head_id: both rolled back */
	fx_hh(&h, &f->a, "H2", V1, "字永福", id_zi, "未脱贫");
	rec_set(&h, &f->a, "group", "新组");
	fx_m(&m, &f->a, "H2", "字永福", id_hong, "户主");
	assert_int_equal(lk_household_add(&f->ctx, &h, &m), LK_EINVAL);
	fx_counts(f, &c1);
	fx_counts_equal(&c0, &c1);
	assert_int_equal(db_tx_depth(f->ctx.db), 0);

	/* a "head" that is not the head */
	fx_m(&m, &f->a, "H2", "字永福", id_zi, "之子");
	assert_int_equal(lk_household_add(&f->ctx, &h, &m), LK_EINVAL);
	fx_counts(f, &c1);
	fx_counts_equal(&c0, &c1);

	/* a head already living in another household */
	fx_hh(&h, &f->a, "H2", V1, "李国华", id_li, "未脱贫");
	fx_m(&m, &f->a, "H2", "李国华", id_li, "户主");
	assert_int_equal(lk_household_add(&f->ctx, &h, &m), LK_ECONFLICT);
	fx_counts(f, &c1);
	fx_counts_equal(&c0, &c1);

	/* an existing household number */
	fx_hh(&h, &f->a, "H1", V1, "字永福", id_zi, "未脱贫");
	fx_m(&m, &f->a, "H1", "字永福", id_zi, "户主");
	assert_int_equal(lk_household_add(&f->ctx, &h, &m), LK_ECONFLICT);
	fx_counts(f, &c1);
	fx_counts_equal(&c0, &c1);

	/* a head whose sex contradicts the ID */
	fx_hh(&h, &f->a, "H2", V1, "字永福", id_zi, "未脱贫");
	fx_m(&m, &f->a, "H2", "字永福", id_zi, "户主");
	rec_set(&m, &f->a, "sex", "女");
	assert_int_equal(lk_household_add(&f->ctx, &h, &m), LK_EINVAL);
	assert_string_equal(f->ctx.err.field, "sex");
	fx_counts(f, &c1);
	fx_counts_equal(&c0, &c1);
	assert_int_equal(db_tx_depth(f->ctx.db), 0);
	fx_audit_ok(f);
}

/* regression: lk_household_add() rolls back its transaction without
 * lk_registry_forget().  When the head's put fails before opening its
 * own savepoint (here: sex contradicting the ID), the context's lookup
 * cache keeps the rolled-back group 新组 and household H2; the corrected
 * retry then inserts a group_code that no longer exists and fails with
 * LK_ECONFLICT "FOREIGN KEY constraint failed" (reported as "ID number
 * ... appears twice" by a member put). */
static void test_add_failure_forgets(void **state)
{
	struct fx *f = *state;
	struct lk_rec h, m;
	int rc;

	fx_hh(&h, &f->a, "H2", V1, "字永福", id_zi, "未脱贫");
	rec_set(&h, &f->a, "group", "新组");
	fx_m(&m, &f->a, "H2", "字永福", id_zi, "户主");
	rec_set(&m, &f->a, "sex", "女");
	assert_int_equal(lk_household_add(&f->ctx, &h, &m), LK_EINVAL);
	rec_set(&m, &f->a, "sex", NULL);
	rc = lk_household_add(&f->ctx, &h, &m);
	if (rc)
		fail_msg("add: %d %s", rc, lk_err_msg(&f->ctx.err));
	assert_int_equal(fx_int(f, "SELECT count(*) FROM region WHERE "
				   "level = 6"),
			 1);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM member"), 1);
}

/* ---- members --------------------------------------------------------- */

static void test_member_put(void **state)
{
	struct fx *f = *state;
	struct lk_rec m, got;
	struct fx_counts c0, c1;
	int what = -1;
	char s[256];

	family(f);
	add(f, "H2", V1, "字永福", id_zi);
	fx_counts(f, &c0);

	/* sex contradicting the ID */
	fx_m(&m, &f->a, "H1", "洪", id_hong, "之女");
	rec_set(&m, &f->a, "sex", "男");
	f->ctx.err.field = NULL;
	assert_int_equal(lk_member_put(&f->ctx, &m, LK_PUT_CREATE, 0, &what),
			 LK_EINVAL);
	assert_string_equal(f->ctx.err.field, "sex");
	fx_contains(f->ctx.err.msg, "contradicts");
	fx_counts(f, &c1);
	fx_counts_equal(&c0, &c1);
	/* the same sex is fine; no sex: derived and stored */
	rec_set(&m, &f->a, "sex", "女");
	fx_must(f, lk_member_put(&f->ctx, &m, LK_PUT_CREATE, 0, &what));
	assert_int_equal(what, LK_PUT_CREATED);
	fx_text(f,
		"SELECT sex || ' ' || birth FROM member WHERE name = '王秀英'",
		s, sizeof s);
	assert_string_equal(s, "2 1968-01-01");
	fx_text(f, "SELECT sex || ' ' || birth FROM member WHERE name = '李明'",
		s, sizeof s);
	assert_string_equal(s, "1 2005-06-01");
	fx_must(f, lk_member_get(&f->ctx, id_ming, &f->a, &got));
	assert_string_equal(lk_rec_get(&got, "sex"), "1");
	assert_string_equal(lk_rec_get(&got, "household_no"), "H1");
	assert_string_equal(lk_rec_get(&got, "member_status"), "current");
	assert_string_equal(lk_rec_get(&got, "relation"), "3");
	fx_counts(f, &c0);

	/* a current member of another household */
	fx_m(&m, &f->a, "H2", "王秀英", id_wang, "配偶");
	f->ctx.err.field = NULL;
	assert_int_equal(lk_member_put(&f->ctx, &m, LK_PUT_UPSERT, 0, &what),
			 LK_ECONFLICT);
	assert_string_equal(f->ctx.err.field, "id_number");
	fx_contains(f->ctx.err.msg, "H1");
	assert_int_equal(lk_member_put(&f->ctx, &m, LK_PUT_CREATE, 0, &what),
			 LK_ECONFLICT);
	/* twice in the same household */
	fx_m(&m, &f->a, "H1", "王秀英", id_wang, "配偶");
	assert_int_equal(lk_member_put(&f->ctx, &m, LK_PUT_CREATE, 0, &what),
			 LK_ECONFLICT);
	/* update of nobody */
	fx_m(&m, &f->a, "H1", "无名", fx_id(s, "532923", "19990101", 77),
	     "其他");
	assert_int_equal(lk_member_put(&f->ctx, &m, LK_PUT_UPDATE, 0, &what),
			 LK_ENOTFOUND);
	/* a missing household */
	fx_m(&m, &f->a, "H404", "无名", s, "其他");
	f->ctx.err.field = NULL;
	assert_int_equal(lk_member_put(&f->ctx, &m, LK_PUT_CREATE, 0, &what),
			 LK_ENOTFOUND);
	assert_string_equal(f->ctx.err.field, "household_no");
	/* missing required values */
	fx_m(&m, &f->a, "H1", "无名", s, "其他");
	rec_set(&m, &f->a, "name", NULL);
	assert_int_equal(lk_member_put(&f->ctx, &m, LK_PUT_CREATE, 0, &what),
			 LK_EINVAL);
	fx_m(&m, &f->a, "H1", "无名", s, "其他");
	rec_set(&m, &f->a, "relation", NULL);
	assert_int_equal(lk_member_put(&f->ctx, &m, LK_PUT_CREATE, 0, &what),
			 LK_EINVAL);
	/* a member who left needs the date */
	fx_m(&m, &f->a, "H1", "无名", s, "其他");
	rec_set(&m, &f->a, "member_status", "迁出");
	f->ctx.err.field = NULL;
	assert_int_equal(lk_member_put(&f->ctx, &m, LK_PUT_CREATE, 0, &what),
			 LK_EINVAL);
	assert_string_equal(f->ctx.err.field, "status_date");
	/* a second head breaks the household: rejected */
	fx_m(&m, &f->a, "H1", "无名", s, "户主");
	assert_int_equal(lk_member_put(&f->ctx, &m, LK_PUT_CREATE, 0, &what),
			 LK_EINVAL);
	fx_counts(f, &c1);
	fx_counts_equal(&c0, &c1);

	/* the same values: unchanged; a change: updated and audited */
	fx_m(&m, &f->a, "H1", "李明", id_ming, "之子");
	fx_must(f, lk_member_put(&f->ctx, &m, LK_PUT_UPSERT, 0, &what));
	assert_int_equal(what, LK_PUT_UNCHANGED);
	rec_set(&m, &f->a, "sex", "男");
	fx_must(f, lk_member_put(&f->ctx, &m, LK_PUT_UPDATE, 0, &what));
	assert_int_equal(what, LK_PUT_UNCHANGED);
	fx_counts(f, &c1);
	fx_counts_equal(&c0, &c1);
	rec_set(&m, &f->a, "school", "八年级");
	fx_must(f, lk_member_put(&f->ctx, &m, LK_PUT_UPDATE, 0, &what));
	assert_int_equal(what, LK_PUT_UPDATED);
	assert_int_equal(audit_count(f), c0.audit + 1);
	{
		char want[64];
		snprintf(want, sizeof want, "update member %s", id_ming);
		assert_string_equal(last_audit(f, s, sizeof s), want);
	}
	fx_text(f, "SELECT school FROM member WHERE name = '李明'", s,
		sizeof s);
	assert_string_equal(s, "grade8");
	fx_audit_ok(f);
}

/* Members of a household as "name:status" joined with ",". */
static int members_collect(void *arg, const struct lk_rec *m)
{
	struct lk_buf *b = arg;

	if (b->len)
		lk_buf_addc(b, ',');
	lk_buf_printf(b, "%s:%s:%s", lk_rec_get(m, "name"),
		      lk_rec_get(m, "relation"),
		      lk_rec_get(m, "member_status"));
	return 0;
}

static const char *members_of(struct fx *f, const char *no, char *out, size_t n)
{
	struct lk_buf b = LK_BUF_INIT(1u << 16);

	fx_must(f,
		lk_members_each(&f->ctx, hid_of(f, no), members_collect, &b));
	snprintf(out, n, "%s", lk_buf_str(&b));
	lk_buf_free(&b);
	return out;
}

/* ---- invariants ------------------------------------------------------ */

static void assert_invalid(struct fx *f, const char *no, const char *rule)
{
	const char *got = "unset";
	int rc = lk_household_validate(&f->ctx, hid_of(f, no), &got);

	if (!rule) {
		if (rc)
			fail_msg("%s: %d %s", no, rc, lk_err_msg(&f->ctx.err));
		assert_null(got);
		return;
	}
	assert_int_equal(rc, LK_EINVAL);
	assert_non_null(got);
	assert_string_equal(got, rule);
	fx_contains(f->ctx.err.msg, no);
}

static void test_validate(void **state)
{
	struct fx *f = *state;
	struct lk_rec h, m;
	int what;

	/* empty */
	fx_hh(&h, &f->a, "E", V1, "李国华", id_li, "未脱贫");
	fx_must(f,
		lk_household_put(&f->ctx, &h, LK_PUT_CREATE, 0, NULL, &what));
	assert_invalid(f, "E", "household.empty");
	/* no head */
	fx_m(&m, &f->a, "E", "王秀英", id_wang, "配偶");
	fx_must(f, lk_member_put(&f->ctx, &m, LK_PUT_CREATE, LK_PUT_NOCHECK,
				 &what));
	assert_invalid(f, "E", "household.no_head");
	/* a head whose ID is not head_id */
	fx_m(&m, &f->a, "E", "字永福", id_zi, "户主");
	fx_must(f, lk_member_put(&f->ctx, &m, LK_PUT_CREATE, LK_PUT_NOCHECK,
				 &what));
	assert_invalid(f, "E", "household.head_id");
	/* two heads */
	fx_m(&m, &f->a, "E", "李国华", id_li, "户主");
	fx_must(f, lk_member_put(&f->ctx, &m, LK_PUT_CREATE, LK_PUT_NOCHECK,
				 &what));
	assert_invalid(f, "E", "household.many_heads");
	/* repaired: 字永福 is a son-in-law after all */
	fx_m(&m, &f->a, "E", "字永福", id_zi, "之女婿");
	fx_must(f, lk_member_put(&f->ctx, &m, LK_PUT_UPDATE, 0, &what));
	assert_int_equal(what, LK_PUT_UPDATED);
	assert_invalid(f, "E", NULL);
	/* rule may be NULL */
	fx_must(f, lk_household_validate(&f->ctx, hid_of(f, "E"), NULL));

	/* a write that would break the household is refused */
	fx_m(&m, &f->a, "E", "李国华", id_li, "之父");
	assert_int_equal(lk_member_put(&f->ctx, &m, LK_PUT_UPDATE, 0, &what),
			 LK_EINVAL);
	assert_invalid(f, "E", NULL);
	fx_audit_ok(f);
}

/* ---- remove ---------------------------------------------------------- */

static void test_member_remove(void **state)
{
	struct fx *f = *state;
	struct lk_rec r, h;
	struct fx_counts c0, c1;
	char s[512];

	family(f);
	add(f, "H2", V1, "字永福", id_zi);

	/* death of the son: the record stays as history */
	fx_counts(f, &c0);
	fx_must(f,
		lk_member_remove(&f->ctx, id_ming, "死亡", "2020-05-01", NULL));
	assert_int_equal(fx_int(f, "SELECT count(*) FROM member"), c0.members);
	fx_text(f,
		"SELECT member_status || ' ' || status_date FROM member "
		"WHERE name = '李明'",
		s, sizeof s);
	assert_string_equal(s, "deceased 2020-05-01");
	assert_true(audit_count(f) > c0.audit);
	assert_int_equal(lk_member_get(&f->ctx, id_ming, &f->a, &r),
			 LK_ENOTFOUND);
	assert_string_equal(members_of(f, "H1", s, sizeof s),
			    "李国华:1:current,王秀英:2:current,"
			    "李明:3:deceased");
	/* a second removal finds no current member */
	assert_int_equal(
	    lk_member_remove(&f->ctx, id_ming, "死亡", "2020-05-01", NULL),
	    LK_ENOTFOUND);

	/* wrong status or date */
	fx_counts(f, &c0);
	assert_int_equal(
	    lk_member_remove(&f->ctx, id_wang, "在册", "2020-05-01", NULL),
	    LK_EINVAL);
	assert_int_equal(
	    lk_member_remove(&f->ctx, id_wang, "gone", "2020-05-01", NULL),
	    LK_EINVAL);
	assert_int_equal(
	    lk_member_remove(&f->ctx, id_wang, NULL, "2020-05-01", NULL),
	    LK_EINVAL);
	assert_int_equal(
	    lk_member_remove(&f->ctx, id_wang, "迁出", "2020-02-30", NULL),
	    LK_EINVAL);
	assert_int_equal(lk_member_remove(&f->ctx, id_wang, "迁出", NULL, NULL),
			 LK_EINVAL);

	/* the head cannot leave without a new head */
	assert_int_equal(
	    lk_member_remove(&f->ctx, id_li, "死亡", "2021-01-02", NULL),
	    LK_EINVAL);
	fx_contains(f->ctx.err.msg, "new head");
	/* the new head must be a current member of the household */
	assert_int_equal(
	    lk_member_remove(&f->ctx, id_li, "死亡", "2021-01-02", id_zi),
	    LK_EINVAL);
	assert_int_equal(
	    lk_member_remove(&f->ctx, id_li, "死亡", "2021-01-02", id_ming),
	    LK_ENOTFOUND);
	fx_counts(f, &c1);
	fx_counts_equal(&c0, &c1);
	assert_int_equal(db_tx_depth(f->ctx.db), 0);

	/* with the spouse as the new head */
	fx_must(f, lk_member_remove(&f->ctx, id_li, "deceased", "2021-01-02",
				    id_wang));
	assert_true(audit_count(f) > c0.audit);
	assert_string_equal(members_of(f, "H1", s, sizeof s),
			    "王秀英:1:current,李国华:1:deceased,"
			    "李明:3:deceased");
	fx_must(f, lk_household_get(&f->ctx, "H1", &f->a, &h, NULL));
	assert_string_equal(lk_rec_get(&h, "head_id"), id_wang);
	assert_string_equal(lk_rec_get(&h, "head_name"), "王秀英");
	assert_invalid(f, "H1", NULL);

	/* moving out: the ID may then join another household */
	/* the last current member cannot leave (the household would be
	 * empty) */
	assert_int_equal(
	    lk_member_remove(&f->ctx, id_wang, "迁出", "2022-03-04", NULL),
	    LK_EINVAL);
	member(f, "H2", "洪", id_hong, "之女");
	fx_must(f,
		lk_member_remove(&f->ctx, id_hong, "迁出", "2022-03-04", NULL));
	member(f, "H1", "洪", id_hong, "之女");
	assert_string_equal(members_of(f, "H2", s, sizeof s),
			    "字永福:1:current,洪:4:moved");
	fx_must(f, lk_member_get(&f->ctx, id_hong, &f->a, &r));
	assert_string_equal(lk_rec_get(&r, "household_no"), "H1");
	fx_audit_ok(f);
}

/* ---- incomes --------------------------------------------------------- */

static void income(struct lk_rec *r, struct fx *f, const char *no,
		   const char *year)
{
	lk_rec_init(r, &lk_incomes);
	rec_set(r, &f->a, "household_no", no);
	rec_set(r, &f->a, "income_year", year);
}

static int incomes_collect(void *arg, const struct lk_rec *r,
			   const struct lk_income_sum *s)
{
	struct lk_buf *b = arg;

	if (b->len)
		lk_buf_addc(b, ',');
	lk_buf_printf(b, "%s/%d:%d:%lld:%lld:%s", lk_rec_get(r, "household_no"),
		      s->year, s->persons, (long long)s->net,
		      (long long)s->per_capita,
		      lk_rec_get(r, "wage") ? lk_rec_get(r, "wage") : "-");
	return 0;
}

static void test_income(void **state)
{
	struct fx *f = *state;
	struct lk_rec r;
	struct lk_income_sum sum;
	struct fx_counts c0, c1;
	struct lk_buf b = LK_BUF_INIT(1u << 16);
	int what = -1;

	family(f);
	/* net = 12000 + 6000.50 + 0 - 2000 = 16000.50; / 3 = 5333.50 */
	income(&r, f, "H1", "2018");
	rec_set(&r, &f->a, "wage", "12000");
	rec_set(&r, &f->a, "operating", "6000.50");
	rec_set(&r, &f->a, "dibao", "0");
	rec_set(&r, &f->a, "expense", "2000");
	fx_counts(f, &c0);
	memset(&sum, 0, sizeof sum);
	fx_must(f, lk_income_put(&f->ctx, &r, 0, &what, &sum));
	assert_int_equal(what, LK_PUT_CREATED);
	assert_int_equal(sum.year, 2018);
	assert_int_equal(sum.persons, 3);
	assert_int_equal(sum.gross, 1800050);
	assert_int_equal(sum.expense, 200000);
	assert_int_equal(sum.net, 1600050);
	assert_int_equal(sum.per_capita, 533350);
	assert_int_equal(audit_count(f), c0.audit + 1);
	assert_int_equal(fx_int(f, "SELECT persons FROM income"), 3);
	/* the same again: unchanged */
	fx_must(f, lk_income_put(&f->ctx, &r, 0, &what, &sum));
	assert_int_equal(what, LK_PUT_UNCHANGED);
	assert_int_equal(audit_count(f), c0.audit + 1);

	/* rounding to fen: 1000.01 / 3 = 333.336..., 1000.02 / 3 = 333.34 */
	income(&r, f, "H1", "2019");
	rec_set(&r, &f->a, "wage", "1000.01");
	fx_must(f, lk_income_put(&f->ctx, &r, 0, &what, &sum));
	assert_int_equal(sum.per_capita, 33334);
	income(&r, f, "H1", "2020");
	rec_set(&r, &f->a, "wage", "1000.00");
	fx_must(f, lk_income_put(&f->ctx, &r, 0, &what, &sum));
	assert_int_equal(sum.per_capita, 33333);
	income(&r, f, "H1", "2021");
	rec_set(&r, &f->a, "wage", "1000");
	rec_set(&r, &f->a, "operating", "0.50");
	fx_must(f, lk_income_put(&f->ctx, &r, 0, &what, &sum));
	assert_int_equal(sum.net, 100050);
	assert_int_equal(sum.per_capita, 33350);

	/* stated values: within one yuan accepted, more rejected */
	fx_counts(f, &c0);
	income(&r, f, "H1", "2017");
	rec_set(&r, &f->a, "wage", "3000");
	rec_set(&r, &f->a, "expense", "0");
	rec_set(&r, &f->a, "per_capita", "1001.01"); /* derived 1000.00 */
	f->ctx.err.field = NULL;
	assert_int_equal(lk_income_put(&f->ctx, &r, 0, &what, &sum), LK_EINVAL);
	assert_string_equal(f->ctx.err.field, "per_capita");
	fx_contains(f->ctx.err.msg, "1001.01");
	fx_contains(f->ctx.err.msg, "1000.00");
	rec_set(&r, &f->a, "per_capita", "998.99");
	assert_int_equal(lk_income_put(&f->ctx, &r, 0, &what, &sum), LK_EINVAL);
	rec_set(&r, &f->a, "per_capita", NULL);
	rec_set(&r, &f->a, "net_income", "2998.99");
	f->ctx.err.field = NULL;
	assert_int_equal(lk_income_put(&f->ctx, &r, 0, &what, &sum), LK_EINVAL);
	assert_string_equal(f->ctx.err.field, "net_income");
	fx_counts(f, &c1);
	fx_counts_equal(&c0, &c1);
	rec_set(&r, &f->a, "net_income", "3001");
	rec_set(&r, &f->a, "per_capita", "999");
	fx_must(f, lk_income_put(&f->ctx, &r, 0, &what, &sum));
	assert_int_equal(what, LK_PUT_CREATED);
	assert_int_equal(sum.net, 300000);
	assert_int_equal(sum.per_capita, 100000);
	rec_set(&r, &f->a, "per_capita", "1001");
	fx_must(f, lk_income_put(&f->ctx, &r, 0, &what, &sum));
	assert_int_equal(what, LK_PUT_UNCHANGED);

	/* a changed item: updated */
	rec_set(&r, &f->a, "net_income", NULL);
	rec_set(&r, &f->a, "per_capita", NULL);
	rec_set(&r, &f->a, "wage", "3300");
	fx_must(f, lk_income_put(&f->ctx, &r, 0, &what, &sum));
	assert_int_equal(what, LK_PUT_UPDATED);
	assert_int_equal(sum.per_capita, 110000);

	/* per-capita counts current members only */
	fx_must(f,
		lk_member_remove(&f->ctx, id_ming, "死亡", "2022-01-01", NULL));
	income(&r, f, "H1", "2022");
	rec_set(&r, &f->a, "wage", "3000");
	fx_must(f, lk_income_put(&f->ctx, &r, 0, &what, &sum));
	assert_int_equal(sum.persons, 2);
	assert_int_equal(sum.per_capita, 150000);

	/* needs a household and a year; the household must exist */
	income(&r, f, "H1", "2023");
	rec_set(&r, &f->a, "income_year", NULL);
	assert_int_equal(lk_income_put(&f->ctx, &r, 0, &what, &sum), LK_EINVAL);
	income(&r, f, "H404", "2023");
	assert_int_equal(lk_income_put(&f->ctx, &r, 0, &what, &sum),
			 LK_ENOTFOUND);

	/* the years in order, sums with the persons of each survey */
	fx_must(f,
		lk_incomes_each(&f->ctx, hid_of(f, "H1"), incomes_collect, &b));
	assert_string_equal(lk_buf_str(&b), "H1/2017:3:330000:110000:330000,"
					    "H1/2018:3:1600050:533350:1200000,"
					    "H1/2019:3:100001:33334:100001,"
					    "H1/2020:3:100000:33333:100000,"
					    "H1/2021:3:100050:33350:100000,"
					    "H1/2022:2:300000:150000:300000");
	lk_buf_free(&b);
	fx_audit_ok(f);
}

static void test_income_derive(void **state)
{
	struct fx *f = *state;
	struct lk_rec r;
	struct lk_income_sum s;

	income(&r, f, "H1", "2018");
	lk_income_derive(&r, 4, &s);
	assert_int_equal(s.year, 2018);
	assert_int_equal(s.persons, 4);
	assert_int_equal(s.gross, 0);
	assert_int_equal(s.net, 0);
	assert_int_equal(s.per_capita, 0);
	/* every item counts; expenses are subtracted */
	rec_set(&r, &f->a, "wage", "1");
	rec_set(&r, &f->a, "operating", "2");
	rec_set(&r, &f->a, "property", "3");
	rec_set(&r, &f->a, "family_planning", "4");
	rec_set(&r, &f->a, "dibao", "5");
	rec_set(&r, &f->a, "tekun", "6");
	rec_set(&r, &f->a, "pension", "7");
	rec_set(&r, &f->a, "eco_compensation", "8");
	rec_set(&r, &f->a, "other_transfer", "9");
	rec_set(&r, &f->a, "expense", "10");
	lk_income_derive(&r, 4, &s);
	assert_int_equal(s.gross, 4500);
	assert_int_equal(s.expense, 1000);
	assert_int_equal(s.net, 3500);
	assert_int_equal(s.per_capita, 875);
	/* negative net income rounds half away from zero */
	rec_set(&r, &f->a, "expense", "45.10");
	lk_income_derive(&r, 4, &s);
	assert_int_equal(s.net, -10);
	assert_int_equal(s.per_capita, -3);
	/* no members: no per-capita value */
	lk_income_derive(&r, 0, &s);
	assert_int_equal(s.per_capita, 0);
}

/* ---- list and search ------------------------------------------------- */

static void test_search(void **state)
{
	struct fx *f = *state;
	struct lk_hh_filter flt = {0};
	struct lk_rec h;
	char s[512], part[16];
	int what;

	family(f);
	add(f, "H2", V2, "字永福", id_zi);
	fx_must(f, lk_household_get(&f->ctx, "H2", &f->a, &h, NULL));
	rec_set(&h, &f->a, "phone", "13812345678");
	rec_set(&h, &f->a, "status", "已脱贫");
	fx_must(f,
		lk_household_put(&f->ctx, &h, LK_PUT_UPDATE, 0, NULL, &what));
	add(f, "O1", VO, "段正华", id_duan);

	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "H1,H2,O1");
	/* a two-character name, head or not */
	flt.query = "国华";
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "H1[李国华]");
	flt.query = "秀英";
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "H1[王秀英]");
	flt.query = "李";
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "H1[李国华]");
	/* part of an ID number */
	snprintf(part, sizeof part, "%.8s", id_zi + 10);
	flt.query = part;
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "H2[字永福]");
	flt.query = id_ming;
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "H1[李明]");
	/* the household number */
	flt.query = "O1";
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "O1");
	/* part of the phone */
	flt.query = "1234567";
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "H2");
	/* nothing; LIKE wildcards are literal */
	flt.query = "张三";
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "");
	flt.query = "%";
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "");
	flt.query = "_";
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "");

	/* filters */
	flt.query = NULL;
	flt.status = "lifted";
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "H2");
	flt.status = NULL;
	flt.region = V1;
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "H1");
	flt.region = "532923";
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "H1,H2");
	flt.region = "5329x";
	assert_int_equal(list(f, &flt, s, sizeof s), LK_EINVAL);
	flt.region = NULL;
	flt.limit = 2;
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "H1,H2");
	flt.offset = 2;
	fx_must(f, list(f, &flt, s, sizeof s));
	assert_string_equal(s, "O1");
}

static int members_count(void *arg, const struct lk_hh_summary *s)
{
	int *n = arg;

	*n = s->members;
	assert_string_equal(s->village_name, "上村");
	assert_string_equal(s->head_name, "李国华");
	assert_string_equal(s->status, "poor");
	return 0;
}

static void test_list_summary(void **state)
{
	struct fx *f = *state;
	struct lk_hh_filter flt = {.region = V1};
	int n = -1;

	family(f);
	fx_must(f, lk_household_list(&f->ctx, &flt, members_count, &n));
	assert_int_equal(n, 3);
	fx_must(f,
		lk_member_remove(&f->ctx, id_ming, "迁出", "2020-01-01", NULL));
	fx_must(f, lk_household_list(&f->ctx, &flt, members_count, &n));
	assert_int_equal(n, 2);
}

/* ---- status history -------------------------------------------------- */

static int events_collect(void *arg, const char *date, const char *kind,
			  const char *value, const char *source,
			  const char *note)
{
	struct lk_buf *b = arg;

	(void)note;
	if (b->len)
		lk_buf_addc(b, ',');
	lk_buf_printf(b, "%s %s %s %s", date, kind, value ? value : "-",
		      source);
	return 0;
}

static const char *events(struct fx *f, const char *no, char *out, size_t n)
{
	struct lk_buf b = LK_BUF_INIT(1u << 16);

	fx_must(f,
		lk_status_events(&f->ctx, hid_of(f, no), events_collect, &b));
	snprintf(out, n, "%s", lk_buf_str(&b));
	lk_buf_free(&b);
	return out;
}

static void test_status_events(void **state)
{
	struct fx *f = *state;
	struct lk_rec h;
	char s[1024];
	int what;

	/* entered: identified and lifted */
	fx_hh(&h, &f->a, "H1", V1, "李国华", id_li, "已脱贫");
	rec_set(&h, &f->a, "identified_year", "2014");
	rec_set(&h, &f->a, "lifted_year", "2016");
	fx_must(f,
		lk_household_put(&f->ctx, &h, LK_PUT_CREATE, 0, NULL, &what));
	assert_string_equal(events(f, "H1", s, sizeof s),
			    "2014-01-01 status poor entered,"
			    "2016-12-31 status lifted entered");
	/* a non-status change leaves the history alone */
	rec_set(&h, &f->a, "phone", "13987654321");
	fx_must(f,
		lk_household_put(&f->ctx, &h, LK_PUT_UPDATE, 0, NULL, &what));
	assert_string_equal(events(f, "H1", s, sizeof s),
			    "2014-01-01 status poor entered,"
			    "2016-12-31 status lifted entered");
	/* monitored since a date, risk eliminated in a year: rewritten */
	rec_set(&h, &f->a, "monitoring_category", "脱贫不稳定户");
	rec_set(&h, &f->a, "monitoring_since", "2021-03-01");
	rec_set(&h, &f->a, "risk_eliminated", "是");
	rec_set(&h, &f->a, "risk_eliminated_on", "2022");
	rec_set(&h, &f->a, "lifted_year", "2017");
	fx_must(f,
		lk_household_put(&f->ctx, &h, LK_PUT_UPDATE, 0, NULL, &what));
	assert_string_equal(events(f, "H1", s, sizeof s),
			    "2014-01-01 status poor entered,"
			    "2017-12-31 status lifted entered,"
			    "2021-03-01 monitoring unstable entered,"
			    "2022-12-31 risk_eliminated unstable entered");

	/* imported: source "imported" */
	fx_hh(&h, &f->a, "H2", V1, "字永福", id_zi, "未脱贫");
	rec_set(&h, &f->a, "identified_year", "2015");
	rec_set(&h, &f->a, "monitoring_category", "边缘易致贫户");
	rec_set(&h, &f->a, "monitoring_since", "2020");
	fx_must(f, lk_household_put(&f->ctx, &h, LK_PUT_CREATE, LK_PUT_IMPORTED,
				    NULL, &what));
	assert_string_equal(events(f, "H2", s, sizeof s),
			    "2015-01-01 status poor imported,"
			    "2020-01-01 monitoring marginal imported");
	/* returned to poverty, without years: today (LIKA_NOW) */
	fx_hh(&h, &f->a, "H3", V1, "洪", id_hong, "返贫");
	fx_must(f,
		lk_household_put(&f->ctx, &h, LK_PUT_CREATE, 0, NULL, &what));
	assert_string_equal(events(f, "H3", s, sizeof s),
			    "2024-06-30 status returned entered");
	/* poor without a year: today; monitored without a date: today */
	fx_hh(&h, &f->a, "H4", V1, "段", id_duan, "未脱贫");
	rec_set(&h, &f->a, "monitoring_category", "突发严重困难户");
	fx_must(f,
		lk_household_put(&f->ctx, &h, LK_PUT_CREATE, 0, NULL, &what));
	assert_string_equal(events(f, "H4", s, sizeof s),
			    "2024-06-30 status poor entered,"
			    "2024-06-30 monitoring sudden entered");
	/* an ordinary household never registered has no history */
	fx_hh(&h, &f->a, "H5", V1, "李明", id_ming, "一般农户");
	fx_must(f,
		lk_household_put(&f->ctx, &h, LK_PUT_CREATE, 0, NULL, &what));
	assert_string_equal(events(f, "H5", s, sizeof s), "");
	/* events of other sources survive a rewrite */
	fx_exec(f, "INSERT INTO status_event (household_id, county_code, "
		   "on_date, kind, value, source) SELECT id, county_code, "
		   "'2023-01-01', 'status', 'lifted', 'procedure' FROM "
		   "household WHERE household_no = 'H2'");
	fx_must(f, lk_household_get(&f->ctx, "H2", &f->a, &h, NULL));
	rec_set(&h, &f->a, "identified_year", "2016");
	fx_must(f,
		lk_household_put(&f->ctx, &h, LK_PUT_UPDATE, 0, NULL, &what));
	assert_string_equal(events(f, "H2", s, sizeof s),
			    "2016-01-01 status poor entered,"
			    "2020-01-01 monitoring marginal entered,"
			    "2023-01-01 status lifted procedure");
}

/* ---- audit of every write -------------------------------------------- */

static void test_audit_of_writes(void **state)
{
	struct fx *f = *state;
	struct lk_rec h, m, r;
	struct fx_counts c0, c1;
	int64_t n;
	int what;
	char s[256];

	n = fx_audit_ok(f);
	add(f, "H1", V1, "李国华", id_li);
	assert_int_equal(fx_audit_ok(f), n + 2);
	{
		char want[64];
		snprintf(want, sizeof want, "create member %s", id_li);
		assert_string_equal(last_audit(f, s, sizeof s), want);
	}
	fx_text(f,
		"SELECT group_concat(action || ' ' || entity, ';') FROM "
		"(SELECT * FROM audit ORDER BY seq DESC LIMIT 2)",
		s, sizeof s);
	assert_string_equal(s, "create member;create household");
	fx_text(f, "SELECT user FROM audit ORDER BY seq DESC LIMIT 1", s,
		sizeof s);
	assert_string_equal(s, "test");

	member(f, "H1", "王秀英", id_wang, "配偶");
	assert_int_equal(fx_audit_ok(f), n + 3);
	fx_m(&m, &f->a, "H1", "王秀英", id_wang, "配偶");
	rec_set(&m, &f->a, "education", "小学");
	fx_must(f, lk_member_put(&f->ctx, &m, LK_PUT_UPDATE, 0, &what));
	assert_int_equal(fx_audit_ok(f), n + 4);
	income(&r, f, "H1", "2018");
	rec_set(&r, &f->a, "wage", "100");
	fx_must(f, lk_income_put(&f->ctx, &r, 0, &what, NULL));
	assert_int_equal(fx_audit_ok(f), n + 5);
	fx_text(f,
		"SELECT action || ' ' || entity || ' ' || entity_id FROM "
		"audit ORDER BY seq DESC LIMIT 1",
		s, sizeof s);
	assert_string_equal(s, "create income H1/2018");
	fx_must(f,
		lk_member_remove(&f->ctx, id_wang, "迁出", "2020-01-01", NULL));
	assert_true(fx_audit_ok(f) >= n + 6);
	n = fx_audit_ok(f);

	/* failed writes append nothing and leave no rows */
	fx_counts(f, &c0);
	fx_hh(&h, &f->a, "H1", V1, "李国华", id_li, "未脱贫");
	assert_int_equal(
	    lk_household_put(&f->ctx, &h, LK_PUT_CREATE, 0, NULL, &what),
	    LK_ECONFLICT);
	fx_hh(&h, &f->a, "H2", V2, "字永福", id_zi, "未脱贫");
	rec_set(&h, &f->a, "group", "新组");
	fx_m(&m, &f->a, "H2", "字永福", id_zi, "户主");
	rec_set(&m, &f->a, "sex", "女");
	assert_int_equal(lk_household_add(&f->ctx, &h, &m), LK_EINVAL);
	fx_m(&m, &f->a, "H1", "字永福", id_zi, "户主");
	assert_int_equal(lk_member_put(&f->ctx, &m, LK_PUT_CREATE, 0, &what),
			 LK_EINVAL);
	income(&r, f, "H1", "2019");
	rec_set(&r, &f->a, "wage", "100");
	rec_set(&r, &f->a, "per_capita", "50");
	assert_int_equal(lk_income_put(&f->ctx, &r, 0, &what, NULL), LK_EINVAL);
	assert_int_equal(
	    lk_member_remove(&f->ctx, id_li, "死亡", "2020-01-01", NULL),
	    LK_EINVAL);
	fx_counts(f, &c1);
	fx_counts_equal(&c0, &c1);
	assert_int_equal(fx_audit_ok(f), n);
	assert_int_equal(db_tx_depth(f->ctx.db), 0);
}

/* Writes inside a caller's transaction are savepoints: a failed write
 * leaves the caller's earlier writes, a rollback undoes all. */
static void test_nested_transaction(void **state)
{
	struct fx *f = *state;
	struct lk_rec m;
	int what;

	fx_must(f, db_begin(f->ctx.db, &f->ctx.err));
	add(f, "H1", V1, "李国华", id_li);
	fx_m(&m, &f->a, "H1", "王秀英", id_wang, "户主");
	assert_int_equal(lk_member_put(&f->ctx, &m, LK_PUT_CREATE, 0, &what),
			 LK_EINVAL);
	assert_int_equal(db_tx_depth(f->ctx.db), 1);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM member"), 1);
	db_rollback(f->ctx.db);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM household"), 0);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM member"), 0);
	fx_audit_ok(f);
}

/* regression: the registry's lookup cache (ctx->reg, src/registry/household.c)
 * survives a rollback of the caller's transaction: household.h lets a
 * caller wrap writes in its own transaction (they become savepoints), but
 * after the caller rolls back, the cache still maps H1 and the group 新组
 * to rows that no longer exist.  A member put for the missing H1 then
 * fails with a foreign-key LK_ECONFLICT instead of LK_ENOTFOUND, and a new
 * household in group 新组 cannot be created. */
static void test_caller_rollback_forgets(void **state)
{
	struct fx *f = *state;
	struct lk_rec h, m;
	int what, rc;

	fx_must(f, db_begin(f->ctx.db, &f->ctx.err));
	fx_hh(&h, &f->a, "H1", V1, "李国华", id_li, "未脱贫");
	rec_set(&h, &f->a, "group", "新组");
	fx_m(&m, &f->a, "H1", "李国华", id_li, "户主");
	fx_must(f, lk_household_add(&f->ctx, &h, &m));
	db_rollback(f->ctx.db);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM household"), 0);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM region WHERE "
				   "level = 6"),
			 0);

	fx_m(&m, &f->a, "H1", "王秀英", id_wang, "配偶");
	rc = lk_member_put(&f->ctx, &m, LK_PUT_CREATE, 0, &what);
	if (rc != LK_ENOTFOUND)
		fail_msg("member put: %d %s", rc, lk_err_msg(&f->ctx.err));
	fx_hh(&h, &f->a, "H2", V1, "字永福", id_zi, "未脱贫");
	rec_set(&h, &f->a, "group", "新组");
	rc = lk_household_put(&f->ctx, &h, LK_PUT_CREATE, 0, NULL, &what);
	if (rc)
		fail_msg("household put: %d %s", rc, lk_err_msg(&f->ctx.err));
	assert_int_equal(fx_int(f, "SELECT count(*) FROM region WHERE "
				   "level = 6"),
			 1);
}

/* In a bulk session, members of new households found in any order get
 * their households' next numbers (kept by the session, not asked). */
static void test_bulk_new_households(void **state)
{
	static const char *const rows[][3] = {
	    {"H1", "李国华", "户主"}, {"H2", "字永福", "户主"},
	    {"H1", "王秀英", "配偶"}, {"H2", "段小红", "配偶"},
	    {"H1", "李明", "之子"}};
	const char *ids[] = {id_li, id_zi, id_wang, id_hong, id_ming};
	struct fx *f = *state;
	struct lk_rec h, m;
	int64_t hb, mb, hid;
	char v[16], seqs[64];
	size_t i;
	int what;

	fx_must(f, db_begin(f->ctx.db, &f->ctx.err));
	fx_must(f, lk_registry_bulk_begin(&f->ctx, &hb, &mb));
	fx_hh(&h, &f->a, "H1", V1, "李国华", id_li, "未脱贫");
	fx_must(f, lk_household_put(&f->ctx, &h, LK_PUT_UPSERT, LK_PUT_BULK,
				    NULL, &what));
	fx_hh(&h, &f->a, "H2", V1, "字永福", id_zi, "未脱贫");
	fx_must(f, lk_household_put(&f->ctx, &h, LK_PUT_UPSERT, LK_PUT_BULK,
				    NULL, &what));
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		fx_m(&m, &f->a, rows[i][0], rows[i][1], ids[i], rows[i][2]);
		fx_must(f, lk_member_put(&f->ctx, &m, LK_PUT_UPSERT,
					 LK_PUT_BULK | LK_PUT_NOCHECK, &what));
		assert_int_equal(what, LK_PUT_CREATED);
	}
	fx_must(f, lk_household_lookup(&f->ctx, "H1", &hid, v));
	assert_int_equal(hid, hb + 1);
	assert_string_equal(v, V1);
	lk_registry_bulk_end(&f->ctx);
	fx_must(f, db_commit(f->ctx.db, &f->ctx.err));
	/* H1: 1, 2, 3 and H2: 1, 2, in row order */
	assert_string_equal(fx_text(f,
				    "SELECT group_concat(h.household_no || "
				    "':' || m.seq, ' ') FROM (SELECT * FROM "
				    "member ORDER BY id) m JOIN household h "
				    "ON h.id = m.household_id",
				    seqs, sizeof seqs),
			    "H1:1 H2:1 H1:2 H2:2 H1:3");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_put_modes),
	    T(test_put_needs_key_and_village),
	    T(test_put_village_not_in_regions),
	    T(test_groups),
	    T(test_move_to_other_county),
	    T(test_scope),
	    T(test_add_atomic),
	    T(test_add_failure_forgets),
	    T(test_member_put),
	    T(test_validate),
	    T(test_member_remove),
	    T(test_income),
	    T(test_income_derive),
	    T(test_search),
	    T(test_list_summary),
	    T(test_status_events),
	    T(test_audit_of_writes),
	    T(test_nested_transaction),
	    T(test_caller_rollback_forgets),
	    T(test_bulk_new_households),
	};

	return cmocka_run_group_tests_name("household", tests, NULL, NULL);
}
