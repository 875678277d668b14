/* The work records of the demo ledger (work.h lk_work_demo): helpers for
 * every registered household, visits, measures, funds, projects, the
 * resident team with its attendance, party work, training, employment,
 * the village profile and notes, all derived deterministically from the
 * households of the village. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/date.h"
#include "registry/household.h"
#include "registry/region.h"
#include "store/db.h"
#include "policy/policy.h"
#include "work/work_int.h"

#define KV_MAX 16

struct demo {
	struct lk_ctx *ctx;
	struct lk_arena a; /* values of the current record */
	struct lk_arena f; /* formatted arguments of the current add() */
	const char *village;
	int64_t count;     /* records written */
};

static const char oom[] = "\x01oom";

/* Creates one record of kind k from "key=value" texts (NULL-terminated);
 * *id (may be NULL) gets its row id.  The formatted arguments (fmt) are
 * freed when it returns. */
static int add(struct demo *d, const struct lk_wkind *k, int64_t *id, ...)
{
	struct lk_rec r;
	const char *kv;
	char key[64];
	va_list ap;
	int rc = 0;

	lk_arena_reset(&d->a);
	lk_rec_init(&r, k->t);
	va_start(ap, id);
	while (!rc && (kv = va_arg(ap, const char *))) {
		const char *eq = strchr(kv, '=');
		if (kv == oom) {
			rc = LK_ENOMEM;
			break;
		}
		if (!eq || (size_t)(eq - kv) >= sizeof key) {
			rc = lk_err_set(&d->ctx->err, LK_EINTERNAL,
					"demo: bad value %s", kv);
			break;
		}
		memcpy(key, kv, (size_t)(eq - kv));
		key[eq - kv] = '\0';
		rc = lk_work_set(d->ctx, &r, &d->a, key, eq + 1);
	}
	va_end(ap);
	if (!rc)
		rc = lk_work_put(d->ctx, k, 0, &r, LK_PUT_BULK, id);
	if (!rc)
		d->count++;
	lk_arena_reset(&d->f);
	return rc;
}

/* A formatted argument for the next add() (oom when out of memory, which
 * that add() reports). */
static const char *fmt(struct demo *d, const char *f, ...)
	__attribute__((format(printf, 2, 3)));
static const char *fmt(struct demo *d, const char *f, ...)
{
	char buf[512];
	const char *s;
	va_list ap;

	va_start(ap, f);
	vsnprintf(buf, sizeof buf, f, ap);
	va_end(ap);
	s = lk_arena_strdup(&d->f, buf);
	return s ? s : oom;
}

struct hh {
	char no[32], group[64], attribute[16], grade[4], cause[8];
	int year, relocated, students, lifted;
};

static int load_households(struct demo *d, struct hh **out, size_t *n)
{
	static const char q[] =
		"SELECT h.household_no, coalesce(h.group_name, ''), "
		"coalesce(h.attribute, ''), coalesce(h.house_grade, ''), "
		"coalesce(h.main_cause, ''), coalesce(h.identified_year, 2015), "
		"coalesce(h.relocated, 0), (SELECT count(*) FROM member m "
		"WHERE m.household_id = h.id AND m.school IS NOT NULL AND "
		"m.member_status = 'current'), h.status = 'lifted' FROM "
		"household h WHERE h.village_code = ? AND h.status IN ('poor', "
		"'lifted', 'returned') ORDER BY h.household_no";
	struct db_stmt *st = NULL;
	struct hh *v = NULL, *t;
	size_t cap = 0;
	int rc;

	*n = 0;
	if ((rc = db_prepare_static(d->ctx->db, q, &st, &d->ctx->err)))
		goto out;
	db_bind_text(st, 1, d->village, -1);
	while ((rc = db_step(st, &d->ctx->err)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			if (!(t = realloc(v, cap * sizeof *v))) {
				rc = LK_ENOMEM;
				goto out;
			}
			v = t;
		}
		t = &v[(*n)++];
		snprintf(t->no, sizeof t->no, "%s", db_col_text(st, 0));
		snprintf(t->group, sizeof t->group, "%s", db_col_text(st, 1));
		snprintf(t->attribute, sizeof t->attribute, "%s",
			 db_col_text(st, 2));
		snprintf(t->grade, sizeof t->grade, "%s", db_col_text(st, 3));
		snprintf(t->cause, sizeof t->cause, "%s", db_col_text(st, 4));
		t->year = (int)db_col_int64(st, 5);
		t->relocated = (int)db_col_int64(st, 6);
		t->students = (int)db_col_int64(st, 7);
		t->lifted = (int)db_col_int64(st, 8);
	}
out:
	db_done(st);
	if (rc < 0) {
		free(v);
		v = NULL;
		*n = 0;
	}
	*out = v;
	return rc < 0 ? rc : 0;
}

static const char *const surnames[] = {"张", "李", "王", "杨", "赵", "陈",
				       "刘", "段", "罗", "何", "苏", "施"};
static const char *const given[] = {"建华", "国强", "丽萍", "志明", "红梅",
				    "海燕", "文斌", "春兰", "学忠", "玉兰",
				    "永福", "晓东", "云仙"};

static const char *person(struct demo *d, int i)
{
	return fmt(d, "name=%s%s", surnames[i % 12], given[(i * 7 + 3) % 13]);
}

static int helpers(struct demo *d, const struct hh *h, size_t n)
{
	static const char *const level[] = {"county", "city", "province",
					    "town"};
	static const char *const unit[] = {"祥云县扶贫开发办公室",
					   "大理州农业农村局",
					   "云南省财政厅", "祥城镇人民政府"};
	int64_t cadre = 0, first = 0;
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < (n + 3) / 4; i++) {
		rc = add(d, &lk_wk_cadre, &cadre, person(d, (int)i),
			 fmt(d, "unit=%s", unit[i % 4]),
			 fmt(d, "unit_level=%s", level[i % 4]),
			 fmt(d, "phone=139%08d", 87001000 + (int)i),
			 "post=帮扶责任人", fmt(d, "region_code=%s", d->village),
			 NULL);
		if (!first)
			first = cadre;
	}
	for (i = 0; !rc && i < n; i++)
		rc = add(d, &lk_wk_pairing, NULL,
			 fmt(d, "household_no=%s", h[i].no),
			 fmt(d, "cadre_id=%lld", (long long)(first + (int64_t)i / 4)),
			 fmt(d, "start_date=%d-03-01", h[i].year), NULL);
	if (rc)
		return rc;
	/* one visit in late 2017, then the four rounds of 2018 with a few
	 * households missed in rounds 3 and 4 */
	for (i = 0; !rc && i < n; i++) {
		char cadre_kv[64];
		int q;
		snprintf(cadre_kv, sizeof cadre_kv, "cadre_id=%lld",
			 (long long)(first + (int64_t)i / 4));
		rc = add(d, &lk_wk_visit, NULL, fmt(d, "household_no=%s", h[i].no),
			 cadre_kv, fmt(d, "visit_date=2017-11-%02d", 5 + (int)(i % 20)),
			 "found=家庭成员在家，生产生活正常", NULL);
		for (q = 0; !rc && q < 4; q++) {
			if ((q == 2 && i % 25 == 7) || (q == 3 && i % 30 == 11))
				continue;
			rc = add(d, &lk_wk_visit, NULL,
				 fmt(d, "household_no=%s", h[i].no), cadre_kv,
				 fmt(d, "visit_date=2018-%02d-%02d", 2 + 3 * q,
				     5 + (int)(i % 20)),
				 "found=宣传扶贫政策，了解收入情况",
				 h[i].cause[0] == '1' ? "problems=家庭成员患病，医疗支出较大"
						      : "problems=缺少技术和资金",
				 "measures=落实帮扶措施，联系技能培训",
				 q == 3 && i % 10 == 0
					 ? fmt(d, "follow_up_date=2019-01-%02d",
					       10 + (int)(i % 15))
					 : "follow_up_date=",
				 NULL);
		}
	}
	return rc;
}

static int money(struct demo *d, int64_t *fund_disaster,
		 int64_t *fund_training, int64_t *fund_industry)
{
	int64_t fund_party = 0;
	int rc;

	if ((rc = add(d, &lk_wk_fund, fund_disaster, "name=救灾资金",
		      "source_level=county", "source_unit=祥云县民政局",
		      "purpose=自然灾害受灾群众生活救助", "fund_use=relief",
		      "amount=30000",
		      "received_date=2018-07-20",
		      fmt(d, "region_code=%s", d->village), NULL)) ||
	    (rc = add(d, &lk_wk_fund, fund_training, "name=技能培训资金",
		      "source_level=county",
		      "source_unit=祥云县人力资源和社会保障局",
		      "purpose=贫困劳动力技能培训", "fund_use=training",
		      "amount=10000",
		      "received_date=2018-03-15",
		      fmt(d, "region_code=%s", d->village), NULL)) ||
	    (rc = add(d, &lk_wk_fund, fund_industry, "name=产业扶持资金",
		      "source_level=province", "source_unit=云南省扶贫开发办公室",
		      "purpose=贫困户产业发展补助", "fund_use=industry",
		      "amount=200000", "received_date=2018-04-01",
		      fmt(d, "region_code=%s", d->village), NULL)) ||
	    (rc = add(d, &lk_wk_fund, &fund_party, "name=村级党组织工作经费",
		      "source_level=county", "source_unit=祥云县委组织部",
		      "purpose=党支部工作经费", "fund_use=party",
		      "amount=6000", "received_date=2018-02-26",
		      fmt(d, "region_code=%s", d->village), NULL)) ||
	    (rc = add(d, &lk_wk_disbursement, NULL,
		      fmt(d, "fund_id=%lld", (long long)fund_party),
		      "paid_date=2018-03-05", "amount=6000",
		      "voucher_no=DJ2018-001", "purpose=村党总支部全年工作经费",
		      NULL)))
		return rc;
	if ((rc = add(d, &lk_wk_project, NULL, "name=通组道路硬化",
		      "category=road", "quantity=3.2", "unit=km",
		      "budget=960000", "spent=948500", "start_date=2017-03-10",
		      "end_date=2017-10-30", "status=done",
		      "groups_served=大箐组、小箐组、石头组",
		      "beneficiaries=86", fmt(d, "region_code=%s", d->village),
		      NULL)) ||
	    (rc = add(d, &lk_wk_project, NULL, "name=人畜饮水管网改造",
		      "category=water", "quantity=5.6", "unit=km",
		      "budget=420000", "spent=420000", "start_date=2016-05-01",
		      "end_date=2016-09-30", "status=done",
		      "groups_served=松子园组、营盘组", "beneficiaries=120",
		      fmt(d, "region_code=%s", d->village), NULL)) ||
	    (rc = add(d, &lk_wk_project, NULL, "name=村卫生室标准化建设",
		      "category=clinic", "quantity=1", "unit=所",
		      "budget=150000", "spent=60000", "start_date=2018-06-01",
		      "status=in_progress", fmt(d, "region_code=%s", d->village),
		      NULL)))
		return rc;
	return 0;
}

static int measures(struct demo *d, const struct hh *h, size_t n,
		    int64_t fund_disaster, int64_t fund_industry)
{
	size_t i;
	int64_t m;
	int rc = 0;

	for (i = 0; !rc && i < n; i++) {
		char nobuf[64];
		snprintf(nobuf, sizeof nobuf, "household_no=%s", h[i].no);
		if (!strcmp(h[i].attribute, "dibao") ||
		    !strcmp(h[i].attribute, "tekun"))
			rc = add(d, &lk_wk_measure, NULL, nobuf,
				 "batch=social_security",
				 !strcmp(h[i].attribute, "dibao")
					 ? "description=纳入农村最低生活保障"
					 : "description=纳入特困人员供养",
				 "status=done",
				 fmt(d, "actual_date=%d-06-01", h[i].year),
				 NULL);
		if (!rc && h[i].relocated)
			rc = add(d, &lk_wk_measure, NULL, nobuf,
				 "batch=relocation",
				 "description=易地扶贫搬迁集中安置",
				 "status=done", "amount=60000",
				 "move_out_date=2017-12-01",
				 "keys_date=2017-12-20", NULL);
		if (!rc && (!strcmp(h[i].grade, "C") || !strcmp(h[i].grade, "D")))
			rc = add(d, &lk_wk_measure, NULL, nobuf,
				 "batch=housing",
				 !strcmp(h[i].grade, "D") ? "renovation=rebuild"
							   : "renovation=repair",
				 fmt(d, "grade_before=%s", h[i].grade),
				 "status=in_progress", "amount=20000",
				 "planned_date=2019-05-31", NULL);
		if (!rc && h[i].students)
			rc = add(d, &lk_wk_measure, NULL, nobuf,
				 "batch=education",
				 "description=落实教育资助（雨露计划、营养餐）",
				 "status=done", "actual_date=2018-09-01",
				 fmt(d, "amount=%d", 1500 * h[i].students), NULL);
		if (!rc && i % 5 == 0)
			rc = add(d, &lk_wk_measure, NULL, nobuf, "batch=credit",
				 "description=扶贫小额信贷5万元",
				 "status=done", "amount=50000",
				 "actual_date=2018-04-20", NULL);
		if (rc)
			break;
		if ((rc = add(d, &lk_wk_measure, &m, nobuf, "batch=industry",
			      "description=发展核桃种植和生猪养殖",
			      "status=done", "amount=1800",
			      fmt(d, "fund_id=%lld", (long long)fund_industry),
			      "actual_date=2018-05-10", NULL)))
			break;
		rc = add(d, &lk_wk_disbursement, NULL,
			 fmt(d, "fund_id=%lld", (long long)fund_industry), nobuf,
			 fmt(d, "measure_id=%lld", (long long)m),
			 "paid_date=2018-05-10", "amount=1800",
			 fmt(d, "voucher_no=CY2018-%03d", (int)i + 1),
			 "purpose=产业发展补助", NULL);
		if (!rc && i % 8 == 3)
			rc = add(d, &lk_wk_disbursement, NULL,
				 fmt(d, "fund_id=%lld", (long long)fund_disaster),
				 nobuf, "paid_date=2018-08-15", "amount=1500",
				 fmt(d, "voucher_no=JZ2018-%03d", (int)i + 1),
				 "purpose=洪涝灾害临时救助", NULL);
	}
	return rc;
}

static int team(struct demo *d)
{
	static const char *const level[] = {"province", "city", "county",
					    "town"};
	static const char *const role[] = {"first_secretary", "member",
					   "member", "member"};
	static const char *const unit[] = {"云南省财政厅", "大理州农业农村局",
					   "祥云县扶贫开发办公室",
					   "祥城镇人民政府"};
	struct lk_date day = {2018, 1, 1};
	int32_t sat = lk_date_days((struct lk_date){2018, 1, 6});
	int64_t id[4];
	int i, rc = 0, doy;

	for (i = 0; !rc && i < 4; i++)
		rc = add(d, &lk_wk_team_member, &id[i], person(d, 40 + i),
			 fmt(d, "sent_level=%s", level[i]),
			 fmt(d, "role=%s", role[i]), fmt(d, "unit=%s", unit[i]),
			 "from_date=2017-03-01", "to_date=2019-03-01",
			 "detached=yes", fmt(d, "region_code=%s", d->village),
			 NULL);
	/* working days of 2018: present, with leave and official travel
	 * days spread over the year */
	for (doy = 0; !rc && doy < 365; doy++) {
		struct lk_date t = lk_date_add_days(day, doy);
		int32_t since_sat = lk_date_days(t) - sat;
		char date[LK_DATE_BUFSZ];

		if (((since_sat % 7) + 7) % 7 < 2)
			continue; /* Saturday, Sunday */
		lk_date_format(t, date);
		for (i = 0; !rc && i < 4; i++) {
			const char *status = doy % 37 == 5 + i ? "leave"
					     : doy % 23 == 3 + i ? "travel"
								 : "present";
			rc = add(d, &lk_wk_attendance, NULL,
				 fmt(d, "team_member_id=%lld", (long long)id[i]),
				 fmt(d, "on_date=%s", date),
				 fmt(d, "status=%s", status), NULL);
		}
	}
	return rc;
}

static int party(struct demo *d)
{
	static const char q[] =
		"SELECT m.name, m.id_number, m.politics FROM member m JOIN "
		"household h ON h.id = m.household_id WHERE h.village_code = ? "
		"AND m.politics IN ('party', 'probationary') AND "
		"m.member_status = 'current' ORDER BY h.household_no, m.seq "
		"LIMIT 16";
	struct db_stmt *st = NULL;
	char names[16][64], ids[16][24], kinds[16][16];
	int64_t branch = 0, pm[16];
	int n = 0, i, k, rc;

	if ((rc = db_prepare_static(d->ctx->db, q, &st, &d->ctx->err)))
		return rc;
	db_bind_text(st, 1, d->village, -1);
	while (n < 16 && (rc = db_step(st, &d->ctx->err)) == DB_ROW) {
		snprintf(names[n], sizeof names[n], "%s", db_col_text(st, 0));
		snprintf(ids[n], sizeof ids[n], "%s", db_col_text(st, 1));
		snprintf(kinds[n], sizeof kinds[n], "%s",
			 strcmp(db_col_text(st, 2), "party") == 0
				 ? "full"
				 : "probationary");
		n++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if ((rc = add(d, &lk_wk_party_branch, &branch, "name=村党总支部",
		      fmt(d, "secretary=%s%s", surnames[2], given[5]),
		      fmt(d, "region_code=%s", d->village),
		      NULL)))
		return rc;
	for (i = 0; !rc && i < n; i++)
		rc = add(d, &lk_wk_party_member, &pm[i],
			 fmt(d, "party_branch_id=%lld", (long long)branch),
			 fmt(d, "name=%s", names[i]),
			 fmt(d, "id_number=%s", ids[i]),
			 fmt(d, "kind=%s", kinds[i]),
			 fmt(d, "join_date=%d-07-01", 1985 + i), NULL);
	for (k = 1; !rc && k <= 12; k++)
		rc = add(d, &lk_wk_party_activity, NULL,
			 fmt(d, "party_branch_id=%lld", (long long)branch),
			 "kind=member_day", fmt(d, "on_date=2018-%02d-05", k),
			 "title=主题党日", fmt(d, "attended=%d", n - k % 3),
			 fmt(d, "absent=%d", k % 3), NULL);
	if (!rc)
		rc = add(d, &lk_wk_party_activity, NULL,
			 fmt(d, "party_branch_id=%lld", (long long)branch),
			 "kind=election", "on_date=2018-10-16",
			 "title=村党总支部换届选举", fmt(d, "attended=%d", n),
			 NULL);
	for (k = 0; !rc && k < 4; k++)
		rc = add(d, &lk_wk_party_activity, NULL,
			 fmt(d, "party_branch_id=%lld", (long long)branch),
			 "kind=three_one", fmt(d, "on_date=2018-%02d-20", 3 + 3 * k),
			 "title=党课：脱贫攻坚政策学习", fmt(d, "attended=%d", n),
			 NULL);
	/* points: each quarter a bonus for the member days, deductions for
	 * absences now and then */
	for (k = 0; !rc && k < 4; k++)
		for (i = 0; !rc && i < n; i++) {
			rc = add(d, &lk_wk_party_points, NULL,
				 fmt(d, "party_member_id=%lld", (long long)pm[i]),
				 fmt(d, "on_date=2018-%02d-28", 3 + 3 * k),
				 "rule=参加党员活动日", "points=5",
				 "reason=按时参加本季度组织生活", NULL);
			if (!rc && (i + k) % 5 == 0)
				rc = add(d, &lk_wk_party_points, NULL,
					 fmt(d, "party_member_id=%lld",
					     (long long)pm[i]),
					 fmt(d, "on_date=2018-%02d-15", 2 + 3 * k),
					 "rule=无故缺席", "points=-2",
					 "reason=无故缺席党员活动日", NULL);
			if (!rc && (i * 3 + k) % 7 == 0)
				rc = add(d, &lk_wk_party_points, NULL,
					 fmt(d, "party_member_id=%lld",
					     (long long)pm[i]),
					 fmt(d, "on_date=2018-%02d-10", 1 + 3 * k),
					 "rule=帮扶贫困户", "points=3",
					 "reason=结对帮助困难群众", NULL);
		}
	return rc;
}

static int training(struct demo *d, int64_t fund_training)
{
	static const char q[] =
		"SELECT h.household_no, m.id_number, coalesce(m.migrant_months, "
		"0), m.work_place FROM member m JOIN household h ON h.id = "
		"m.household_id WHERE h.village_code = ? AND h.status IN "
		"('poor', 'lifted', 'returned') AND m.labour IN ('ordinary', "
		"'skilled') AND m.member_status = 'current' ORDER BY "
		"h.household_no, m.seq";
	struct db_stmt *st = NULL;
	struct person {
		char no[32], id[24], place[64];
		int months;
	} *p = NULL, *t;
	size_t n = 0, cap = 0, i;
	int64_t tr;
	int rc;

	if ((rc = db_prepare_static(d->ctx->db, q, &st, &d->ctx->err)))
		goto out;
	db_bind_text(st, 1, d->village, -1);
	while ((rc = db_step(st, &d->ctx->err)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if (!(t = realloc(p, cap * sizeof *p))) {
				rc = LK_ENOMEM;
				goto out;
			}
			p = t;
		}
		t = &p[n++];
		snprintf(t->no, sizeof t->no, "%s", db_col_text(st, 0));
		snprintf(t->id, sizeof t->id, "%s", db_col_text(st, 1));
		t->months = (int)db_col_int64(st, 2);
		snprintf(t->place, sizeof t->place, "%s",
			 db_col_text(st, 3) ? db_col_text(st, 3) : "昆明市");
	}
	db_done(st);
	st = NULL;
	if (rc < 0)
		goto out;
	if ((rc = add(d, &lk_wk_training, &tr, "title=核桃种植与管护技术培训",
		      "on_date=2018-04-12", "organiser=祥云县人力资源和社会保障局",
		      fmt(d, "fund_id=%lld", (long long)fund_training),
		      "status=held", fmt(d, "region_code=%s", d->village),
		      NULL)) ||
	    (rc = add(d, &lk_wk_disbursement, NULL,
		      fmt(d, "fund_id=%lld", (long long)fund_training),
		      "paid_date=2018-04-12", "amount=8600",
		      "voucher_no=PX2018-001", "purpose=培训教材、场地和师资费用",
		      NULL)) ||
	    (rc = add(d, &lk_wk_training, NULL, "title=电商与劳务输出培训",
		      "on_date=2019-03-10", "organiser=祥城镇人民政府",
		      "status=planned", fmt(d, "region_code=%s", d->village),
		      NULL)))
		goto out;
	for (i = 0; !rc && i < n && i < 40; i++)
		rc = add(d, &lk_wk_trainee, NULL,
			 fmt(d, "training_id=%lld", (long long)tr),
			 fmt(d, "household_no=%s", p[i].no),
			 fmt(d, "id_number=%s", p[i].id), "result=合格", NULL);
	for (i = 0; !rc && i < n; i++)
		if (p[i].months > 0)
			rc = add(d, &lk_wk_employment, NULL,
				 fmt(d, "household_no=%s", p[i].no),
				 fmt(d, "id_number=%s", p[i].id),
				 "employer=建筑和服务业企业",
				 fmt(d, "place=%s", p[i].place),
				 "from_date=2018-02-20",
				 fmt(d, "monthly_income=%d",
				     2600 + 100 * (int)(i % 9)),
				 "kind=export", NULL);
out:
	db_done(st);
	free(p);
	return rc;
}

static int profile(struct demo *d)
{
	static const int income[] = {5200, 5900, 6800, 7600, 8600};
	static const char *const crops[][3] = {{"玉米", "1500", "615000"},
					      {"水稻", "1200", "672000"},
					      {"小麦", "600", "168000"},
					      {"马铃薯", "300", "450000"}};
	static const char *const animals[][4] = {
		{"大牲畜", "420", "150", "large"},
		{"生猪", "2600", "1850", "pig"},
		{"黑山羊", "800", "510", "goat"},
		{"家禽", "9000", "6200", "poultry"}};
	static const char *const groups[] = {"上村组", "下村组", "新村组",
					     "营盘组", "大箐组", "小箐组",
					     "石头组", "松子园组"};
	char regbuf[64], county[8];
	int y, i, rc = 0;

	snprintf(regbuf, sizeof regbuf, "region_code=%s", d->village);
	/* the county's list of poor villages (a published figure: policy
	 * data, not ledger data, so a village's report may quote it) */
	snprintf(county, sizeof county, "%.6s", d->village);
	if ((rc = lk_policy_set(d->ctx, "poor_villages", county, 0, "47",
				"demo: poor villages of the county")))
		return rc;
	for (y = 2014; !rc && y <= 2018; y++)
		rc = add(d, &lk_wk_village_profile, NULL, regbuf,
			 fmt(d, "year=%d", y), "to_town_km=8.5",
			 "to_county_km=15", "elevation_m=2050",
			 "terrain=semi_mountain", "land_km2=12.6",
			 "cultivated_mu=4200", "forest_ha=850", "grain_mu=3600",
			 fmt(d, "grain_kg=%d", 1650000 + 60000 * (y - 2014)),
			 fmt(d, "economic_income=%d", 18000000 + 2500000 * (y - 2014)),
			 fmt(d, "per_capita_income=%d", income[y - 2014]),
			 "poor_village=yes", NULL);
	for (i = 0; !rc && i < 4; i++)
		rc = add(d, &lk_wk_village_item, NULL, regbuf, "year=2018",
			 "category=crop", fmt(d, "name=%s", crops[i][0]),
			 fmt(d, "area_mu=%s", crops[i][1]),
			 fmt(d, "output_kg=%s", crops[i][2]), NULL);
	for (i = 0; !rc && i < 4; i++)
		rc = add(d, &lk_wk_village_item, NULL, regbuf, "year=2018",
			 "category=livestock", fmt(d, "name=%s", animals[i][0]),
			 fmt(d, "kind=%s", animals[i][3]),
			 fmt(d, "stock=%s", animals[i][1]),
			 fmt(d, "slaughtered=%s", animals[i][2]), NULL);
	if (!rc)
		rc = add(d, &lk_wk_village_item, NULL, regbuf, "year=2018",
			 "category=school", "name=村完全小学", "staff=14",
			 "people=286", NULL);
	if (!rc)
		rc = add(d, &lk_wk_village_item, NULL, regbuf, "year=2018",
			 "category=kindergarten", "name=村幼儿园", "staff=4",
			 "people=72", NULL);
	if (!rc)
		rc = add(d, &lk_wk_village_item, NULL, regbuf, "year=2018",
			 "category=clinic", "name=村卫生室", "staff=2", NULL);
	for (i = 0; !rc && i < 8; i++)
		rc = add(d, &lk_wk_village_item, NULL, regbuf, "year=2018",
			 "category=road", fmt(d, "name=%s", groups[i]),
			 fmt(d, "hardened_km=%d.%d", 1 + i % 3, (i * 3) % 10),
			 fmt(d, "dirt_km=%d.%d", i % 2, (i * 7) % 10), NULL);
	if (!rc)
		rc = add(d, &lk_wk_note, NULL, regbuf, "year=2018",
			 "category=problem",
			 "text=产业发展基础薄弱，农产品附加值低，群众增收渠道单一",
			 NULL);
	if (!rc)
		rc = add(d, &lk_wk_note, NULL, regbuf, "year=2018",
			 "category=problem",
			 "text=山区村民小组道路等级低，雨季通行困难", NULL);
	if (!rc)
		rc = add(d, &lk_wk_note, NULL, regbuf, "year=2018",
			 "category=plan",
			 "text=巩固脱贫成果，扩大核桃和生猪产业规模，组织劳务输出",
			 NULL);
	if (!rc)
		rc = add(d, &lk_wk_note, NULL, regbuf, "year=2018",
			 "category=plan",
			 "text=完成剩余危房改造，持续开展四访活动", NULL);
	return rc;
}

int lk_work_demo(struct lk_ctx *ctx, const char *village, int64_t *records)
{
	static const char q[] = "SELECT count(*) FROM cadre WHERE region_code "
				"= ?";
	struct demo d = {ctx, LK_ARENA_INIT(0), LK_ARENA_INIT(0), village, 0};
	struct db_stmt *st = NULL;
	struct hh *h = NULL;
	char after[128];
	size_t n = 0;
	int64_t fd = 0, ft = 0, fi = 0;
	int rc, tx = 0;

	if (records)
		*records = 0;
	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, village, -1);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (db_col_int64(st, 0) > 0) {
		rc = 0; /* the demo's work is there already */
		goto out;
	}
	db_done(st);
	st = NULL;
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if ((rc = load_households(&d, &h, &n)) || (rc = helpers(&d, h, n)) ||
	    (rc = money(&d, &fd, &ft, &fi)) ||
	    (rc = measures(&d, h, n, fd, fi)) || (rc = team(&d)) ||
	    (rc = party(&d)) || (rc = training(&d, ft)) || (rc = profile(&d)))
		goto out;
	snprintf(after, sizeof after, "{\"records\":%lld}", (long long)d.count);
	if ((rc = lk_audit(ctx, "demo", "work", village, NULL, after)) ||
	    (rc = db_commit(ctx->db, &ctx->err)))
		goto out;
	tx = 0;
	if (records)
		*records = d.count;
out:
	if (tx)
		db_rollback(ctx->db);
	db_done(st);
	free(h);
	lk_arena_free(&d.a);
	lk_arena_free(&d.f);
	return rc;
}
