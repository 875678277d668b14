/* The field tables of the work records (see work.h and docs/work.md). */
#include <string.h>

#include "core/i18n.h"
#include "work/work_int.h"

/* Trailing members (col) default to NULL in these tables. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define REQ LK_FF_REQUIRED
#define SENS LK_FF_SENSITIVE
#define HH(fl)                                                                \
	{"household_no", "户编号", N_("household number"), LK_F_TEXT, NULL,  \
	 0, 0, (fl) | LK_FF_NOCOL | LK_WF_HH}
#define REGION                                                                \
	{"region_code", "行政区划代码", N_("region code"), LK_F_DIGITS, NULL, \
	 0, 0, REQ | LK_WF_REGION}
#define REF(k, zh, en, fl)                                                    \
	{k, zh, en, LK_F_INT, NULL, 1, 1000000000000LL, (fl) | LK_WF_REF}
#define TEXT(k, zh, en, fl) {k, zh, en, LK_F_TEXT, NULL, 0, 0, fl}
#define DATE(k, zh, en, fl) {k, zh, en, LK_F_DATE, NULL, 0, 0, fl}
#define CODE(k, zh, en, list, fl) {k, zh, en, LK_F_CODE, list, 0, 0, fl}
#define MONEY(k, zh, en, lo, fl)                                              \
	{k, zh, en, LK_F_MONEY, NULL, lo, 100000000000LL, fl}

static const struct lk_field cadre_fields[] = {
	TEXT("name", "姓名", N_("name"), REQ),
	{"id_number", "身份证号", N_("ID number"), LK_F_IDNUM, NULL, 0, 0,
	 SENS},
	TEXT("unit", "工作单位", N_("unit"), 0),
	CODE("unit_level", "单位级别", N_("unit level"), "work.unit_level", 0),
	{"phone", "联系电话", N_("phone"), LK_F_PHONE, NULL, 0, 0, SENS},
	TEXT("post", "职务", N_("post"), 0),
	REGION,
};

static const struct lk_field pairing_fields[] = {
	HH(REQ),
	REF("cadre_id", "帮扶责任人编号", N_("helper cadre"), REQ),
	DATE("start_date", "帮扶开始日期", N_("paired from"), REQ),
	DATE("end_date", "帮扶结束日期", N_("paired until"), 0),
};

static const struct lk_field visit_fields[] = {
	HH(REQ),
	REF("cadre_id", "帮扶责任人编号", N_("helper cadre"), REQ),
	DATE("visit_date", "走访日期", N_("visit date"), REQ),
	TEXT("companions", "同行人员", N_("companions"), 0),
	TEXT("found", "走访情况", N_("what was found"), 0),
	TEXT("problems", "存在问题", N_("problems"), 0),
	TEXT("measures", "帮扶措施", N_("measures agreed"), 0),
	DATE("follow_up_date", "回访日期", N_("follow-up date"), 0),
};

static const struct lk_field measure_fields[] = {
	HH(REQ),
	CODE("batch", "帮扶措施类别", N_("batch"), "work.batch", REQ),
	TEXT("description", "措施内容", N_("description"), 0),
	DATE("planned_date", "计划日期", N_("planned date"), 0),
	DATE("actual_date", "实施日期", N_("actual date"), 0),
	CODE("status", "实施状态", N_("status"), "work.status", REQ),
	MONEY("amount", "金额", N_("amount (yuan)"), 0, 0),
	REF("fund_id", "资金编号", N_("fund"), 0),
	REF("project_id", "项目编号", N_("project"), 0),
	TEXT("beneficiaries", "受益成员", N_("beneficiary members"), 0),
	DATE("move_out_date", "搬迁日期", N_("moved out on"), 0),
	DATE("keys_date", "交钥匙日期", N_("keys received on"), 0),
	CODE("renovation", "改造方式", N_("rebuild or repair"),
	     "work.renovation", 0),
	CODE("grade_before", "改造前等级", N_("grade before"), "house_grade",
	     0),
	CODE("grade_after", "改造后等级", N_("grade after"), "house_grade", 0),
};

static const struct lk_field fund_fields[] = {
	TEXT("name", "资金名称", N_("name"), REQ),
	CODE("source_level", "资金来源级别", N_("source level"),
	     "work.fund_level", REQ),
	TEXT("source_unit", "资金来源单位", N_("source unit"), 0),
	TEXT("purpose", "资金用途", N_("purpose"), 0),
	CODE("fund_use", "资金类别", N_("use"), "work.fund_use", 0),
	MONEY("amount", "资金金额", N_("amount (yuan)"), 0, REQ),
	DATE("received_date", "到位日期", N_("received on"), 0),
	REGION,
};

static const struct lk_field disbursement_fields[] = {
	REF("fund_id", "资金编号", N_("fund"), REQ),
	HH(0),
	REF("measure_id", "措施编号", N_("measure"), 0),
	REF("project_id", "项目编号", N_("project"), 0),
	DATE("paid_date", "拨付日期", N_("paid on"), REQ),
	MONEY("amount", "拨付金额", N_("amount (yuan)"), 1, REQ),
	TEXT("voucher_no", "凭证号", N_("voucher number"), 0),
	TEXT("purpose", "用途", N_("purpose"), 0),
};

static const struct lk_field project_fields[] = {
	TEXT("name", "项目名称", N_("name"), REQ),
	CODE("category", "项目类别", N_("category"), "work.project_category",
	     REQ),
	{"quantity", "建设规模", N_("quantity"), LK_F_DEC2, NULL, 0,
	 100000000000LL, 0},
	TEXT("unit", "计量单位", N_("unit"), 0),
	MONEY("budget", "预算金额", N_("budget (yuan)"), 0, 0),
	MONEY("spent", "已支出金额", N_("spent (yuan)"), 0, 0),
	DATE("start_date", "开工日期", N_("started on"), 0),
	DATE("end_date", "完工日期", N_("finished on"), 0),
	CODE("status", "项目状态", N_("status"), "work.status", 0),
	TEXT("groups_served", "受益村民小组", N_("villager groups served"), 0),
	{"beneficiaries", "受益户数", N_("beneficiary households"), LK_F_INT,
	 NULL, 0, 10000000, 0},
	REGION,
};

#define MEMBER(fl)                                                            \
	{"id_number", "证件号码", N_("member's ID number"), LK_F_IDNUM, NULL, \
	 0, 0, (fl) | LK_FF_SENSITIVE | LK_WF_MEMBER}
#define INT(k, zh, en, lo, hi, fl) {k, zh, en, LK_F_INT, NULL, lo, hi, fl}
#define DEC(k, zh, en) {k, zh, en, LK_F_DEC2, NULL, 0, 100000000000LL, 0}

static const struct lk_field team_member_fields[] = {
	TEXT("name", "姓名", N_("name"), REQ),
	{"id_number", "身份证号", N_("ID number"), LK_F_IDNUM, NULL, 0, 0,
	 SENS},
	CODE("sent_level", "派出单位级别", N_("level that sent them"),
	     "work.team_level", REQ),
	TEXT("unit", "派出单位", N_("unit"), 0),
	CODE("role", "职务", N_("role"), "work.team_role", REQ),
	DATE("from_date", "驻村开始日期", N_("stationed from"), REQ),
	DATE("to_date", "驻村结束日期", N_("stationed until"), 0),
	{"detached", "是否脱产", N_("detached from the unit"), LK_F_BOOL, NULL,
	 0, 0, 0},
	{"phone", "联系电话", N_("phone"), LK_F_PHONE, NULL, 0, 0, SENS},
	REGION,
};

static const struct lk_field attendance_fields[] = {
	REF("team_member_id", "工作队员编号", N_("team member"), REQ),
	DATE("on_date", "日期", N_("date"), REQ),
	CODE("status", "出勤情况", N_("attendance"), "work.attendance", REQ),
	TEXT("note", "备注", N_("note"), 0),
};

static const struct lk_field party_branch_fields[] = {
	TEXT("name", "党支部名称", N_("name"), REQ),
	TEXT("secretary", "支部书记", N_("secretary"), 0),
	REGION,
};

static const struct lk_field party_member_fields[] = {
	REF("party_branch_id", "党支部编号", N_("branch"), REQ),
	TEXT("name", "姓名", N_("name"), REQ),
	{"id_number", "身份证号", N_("ID number"), LK_F_IDNUM, NULL, 0, 0,
	 SENS},
	REF("cadre_id", "帮扶责任人编号", N_("cadre"), 0),
	CODE("kind", "党员类别", N_("full or probationary"), "work.party_kind",
	     REQ),
	DATE("join_date", "入党日期", N_("joined on"), 0),
};

static const struct lk_field party_activity_fields[] = {
	REF("party_branch_id", "党支部编号", N_("branch"), REQ),
	CODE("kind", "活动类型", N_("activity"), "work.activity", REQ),
	DATE("on_date", "活动日期", N_("date"), REQ),
	TEXT("title", "活动主题", N_("title"), 0),
	INT("attended", "参加人数", N_("attended"), 0, 100000, 0),
	INT("absent", "缺席人数", N_("absent"), 0, 100000, 0),
};

static const struct lk_field party_points_fields[] = {
	REF("party_member_id", "党员编号", N_("party member"), REQ),
	DATE("on_date", "日期", N_("date"), REQ),
	TEXT("rule", "积分项目", N_("rule"), 0),
	INT("points", "分值", N_("points"), -1000, 1000, REQ),
	TEXT("reason", "事由", N_("reason"), 0),
};

static const struct lk_field training_fields[] = {
	TEXT("title", "培训名称", N_("title"), REQ),
	DATE("on_date", "培训日期", N_("date"), REQ),
	TEXT("organiser", "组织单位", N_("organiser"), 0),
	REF("fund_id", "资金编号", N_("fund"), 0),
	CODE("status", "培训状态", N_("planned or held"),
	     "work.training_status", 0),
	REGION,
};

static const struct lk_field trainee_fields[] = {
	REF("training_id", "培训编号", N_("training"), REQ),
	HH(REQ),
	MEMBER(REQ),
	TEXT("result", "培训结果", N_("result"), 0),
};

static const struct lk_field employment_fields[] = {
	HH(REQ),
	MEMBER(REQ),
	TEXT("employer", "就业单位", N_("employer"), 0),
	TEXT("place", "就业地点", N_("place"), 0),
	DATE("from_date", "就业开始日期", N_("from"), 0),
	DATE("to_date", "就业结束日期", N_("until"), 0),
	MONEY("monthly_income", "月收入", N_("monthly income (yuan)"), 0, 0),
	CODE("kind", "就业类型", N_("labour export or local"),
	     "work.employment", 0),
};

static const struct lk_field village_profile_fields[] = {
	REGION,
	{"year", "年度", N_("year"), LK_F_YEAR, NULL, 0, 0, REQ},
	DEC("to_town_km", "距乡镇距离", N_("distance to the town (km)")),
	DEC("to_county_km", "距县城距离", N_("distance to the county seat (km)")),
	INT("elevation_m", "海拔", N_("elevation (m)"), -500, 9000, 0),
	CODE("terrain", "地形地貌", N_("terrain"), "work.terrain", 0),
	DEC("land_km2", "国土面积", N_("land area (km²)")),
	DEC("cultivated_mu", "耕地面积", N_("cultivated land (mu)")),
	DEC("forest_ha", "林地面积", N_("forest (ha)")),
	DEC("grain_mu", "粮食播种面积", N_("grain area (mu)")),
	INT("grain_kg", "粮食总产量", N_("grain output (kg)"), 0,
	    1000000000000LL, 0),
	MONEY("economic_income", "村经济总收入", N_("economic income (yuan)"),
	      0, 0),
	MONEY("per_capita_income", "农民人均纯收入",
	      N_("farmers' per-capita net income (yuan)"), 0, 0),
	{"poor_village", "是否贫困村", N_("poor village"), LK_F_BOOL, NULL, 0,
	 0, 0},
};

static const struct lk_field village_item_fields[] = {
	REGION,
	{"year", "年度", N_("year"), LK_F_YEAR, NULL, 0, 0, REQ},
	CODE("category", "类别", N_("category"), "work.item", REQ),
	TEXT("name", "名称", N_("name"), REQ),
	CODE("kind", "畜种", N_("kind of livestock"), "work.livestock", 0),
	DEC("area_mu", "面积", N_("area (mu)")),
	INT("output_kg", "产量", N_("output (kg)"), 0, 1000000000000LL, 0),
	INT("stock", "存栏", N_("stock"), 0, 100000000, 0),
	INT("slaughtered", "出栏", N_("slaughtered"), 0, 100000000, 0),
	INT("staff", "教师或医生人数", N_("teachers or doctors"), 0, 100000, 0),
	INT("people", "学生或幼儿人数", N_("students or children"), 0,
	    1000000, 0),
	DEC("hardened_km", "硬化路里程", N_("hardened road (km)")),
	DEC("dirt_km", "土路里程", N_("dirt road (km)")),
};

static const struct lk_field note_fields[] = {
	REGION,
	{"year", "年度", N_("year"), LK_F_YEAR, NULL, 0, 0, REQ},
	CODE("category", "类别", N_("category"), "work.note_category", REQ),
	TEXT("text", "内容", N_("text"), REQ),
};

#define TABLE(var, name, zh, f) \
	static const struct lk_table var = {name, zh, f, sizeof f / sizeof f[0]}

TABLE(t_cadre, "cadres", "帮扶责任人", cadre_fields);
TABLE(t_pairing, "pairings", "结对帮扶", pairing_fields);
TABLE(t_visit, "visits", "民情日记", visit_fields);
TABLE(t_measure, "measures", "帮扶措施", measure_fields);
TABLE(t_fund, "funds", "扶贫资金", fund_fields);
TABLE(t_disb, "disbursements", "资金拨付", disbursement_fields);
TABLE(t_project, "projects", "扶贫项目", project_fields);
TABLE(t_team, "team_members", "驻村工作队", team_member_fields);
TABLE(t_att, "attendance", "考勤", attendance_fields);
TABLE(t_branch, "party_branches", "党支部", party_branch_fields);
TABLE(t_pmember, "party_members", "党员", party_member_fields);
TABLE(t_pact, "party_activities", "党员活动", party_activity_fields);
TABLE(t_points, "party_points", "党员积分", party_points_fields);
TABLE(t_training, "trainings", "培训", training_fields);
TABLE(t_trainee, "trainees", "参训人员", trainee_fields);
TABLE(t_employ, "employment", "就业", employment_fields);
TABLE(t_vprof, "village_profiles", "村情概况", village_profile_fields);
TABLE(t_vitem, "village_items", "村情明细", village_item_fields);
TABLE(t_note, "notes", "问题和计划", note_fields);

const struct lk_wkind lk_wk_cadre = {"cadre", "cadre", "帮扶责任人",
				     &t_cadre, "t.region_code, t.name, t.id",
				     NULL};
const struct lk_wkind lk_wk_pairing = {
	"pairing", "pairing", "结对帮扶", &t_pairing,
	"t.region_code, t.household_id, t.start_date, t.id",
	work__check_pairing};
const struct lk_wkind lk_wk_visit = {
	"visit", "visit", "民情日记", &t_visit,
	"t.visit_date, t.region_code, t.id", work__check_dates};
const struct lk_wkind lk_wk_measure = {
	"measure", "measure", "帮扶措施", &t_measure,
	"t.region_code, t.household_id, t.id", work__check_dates};
const struct lk_wkind lk_wk_fund = {"fund", "fund", "扶贫资金", &t_fund,
				    "t.region_code, t.received_date, t.id",
				    work__check_disbursement};
const struct lk_wkind lk_wk_disbursement = {
	"disbursement", "disbursement", "资金拨付", &t_disb,
	"t.fund_id, t.paid_date, t.id", work__check_disbursement};
const struct lk_wkind lk_wk_project = {
	"project", "project", "扶贫项目", &t_project,
	"t.region_code, t.start_date, t.id", work__check_dates};

const struct lk_wkind lk_wk_team_member = {
	"team_member", "team_member", "驻村工作队员", &t_team,
	"t.region_code, t.from_date, t.id", work__check_dates};
const struct lk_wkind lk_wk_attendance = {
	"attendance", "attendance", "考勤", &t_att,
	"t.on_date, t.team_member_id", NULL};
const struct lk_wkind lk_wk_party_branch = {
	"party_branch", "party_branch", "党支部", &t_branch,
	"t.region_code, t.id", NULL};
const struct lk_wkind lk_wk_party_member = {
	"party_member", "party_member", "党员", &t_pmember,
	"t.party_branch_id, t.id", NULL};
const struct lk_wkind lk_wk_party_activity = {
	"party_activity", "party_activity", "党员活动", &t_pact,
	"t.on_date, t.id", NULL};
const struct lk_wkind lk_wk_party_points = {
	"party_points", "party_points", "党员积分", &t_points,
	"t.on_date, t.id", NULL};
const struct lk_wkind lk_wk_training = {"training", "training", "培训",
					&t_training, "t.on_date, t.id",
					NULL};
const struct lk_wkind lk_wk_trainee = {"trainee", "trainee", "参训人员",
				       &t_trainee,
				       "t.training_id, t.id", NULL};
const struct lk_wkind lk_wk_employment = {
	"employment", "employment", "就业", &t_employ,
	"t.region_code, t.household_id, t.id", work__check_dates};
const struct lk_wkind lk_wk_village_profile = {
	"village_profile", "village_profile", "村情概况", &t_vprof,
	"t.region_code, t.year", NULL};
const struct lk_wkind lk_wk_village_item = {
	"village_item", "village_item", "村情明细", &t_vitem,
	"t.region_code, t.year, t.category, t.id", NULL};
const struct lk_wkind lk_wk_note = {"note", "note", "问题和计划", &t_note,
				    "t.region_code, t.year, t.category, t.id",
				    NULL};

const struct lk_wkind *const lk_work_kinds[] = {
	&lk_wk_cadre,	      &lk_wk_pairing,	     &lk_wk_visit,
	&lk_wk_measure,	      &lk_wk_fund,	     &lk_wk_disbursement,
	&lk_wk_project,	      &lk_wk_team_member,    &lk_wk_attendance,
	&lk_wk_party_branch,  &lk_wk_party_member,   &lk_wk_party_activity,
	&lk_wk_party_points,  &lk_wk_training,	     &lk_wk_trainee,
	&lk_wk_employment,    &lk_wk_village_profile, &lk_wk_village_item,
	&lk_wk_note,	      NULL};

const struct lk_wkind *lk_work_kind(const char *name)
{
	size_t i;

	for (i = 0; lk_work_kinds[i]; i++)
		if (strcmp(lk_work_kinds[i]->name, name) == 0 ||
		    strcmp(lk_work_kinds[i]->zh, name) == 0)
			return lk_work_kinds[i];
	return NULL;
}
