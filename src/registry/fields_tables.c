/* The field tables of the registry (see fields.h and interchange.md). */
#include "registry/fields.h"

#include "core/i18n.h"

/* Trailing members (col) default to NULL in these tables. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define REQ LK_FF_REQUIRED
#define KEY (LK_FF_KEY | LK_FF_REQUIRED)
#define SENS LK_FF_SENSITIVE
#define Y(k, zh, en) {k, zh, en, LK_F_BOOL, NULL, 0, 0, 0}
#define MU(k, zh, en) {k, zh, en, LK_F_DEC2, NULL, 0, 100000000, 0}
#define MONEY(k, zh, en, fl)                                                  \
	{k, zh, en, LK_F_MONEY, NULL, 0, 100000000000LL, fl}

#define INCOME_FIELDS(fl)                                                     \
	MONEY("wage", "工资性收入", N_("wage income"), fl),                        \
	MONEY("operating", "生产经营性收入", N_("operating income"), fl),          \
	MONEY("property", "财产性收入", N_("property income"), fl),                \
	MONEY("family_planning", "计划生育金", N_("family planning grant"), fl),   \
	MONEY("dibao", "低保金", N_("dibao allowance"), fl),                       \
	MONEY("tekun", "特困供养金", N_("extreme-poverty support"), fl),           \
	MONEY("pension", "养老保险金", N_("pension"), fl),                         \
	MONEY("eco_compensation", "生态补偿金",                                \
	      N_("ecological compensation"), fl),                              \
	MONEY("other_transfer", "其他转移性收入", N_("other transfers"), fl),      \
	MONEY("expense", "生产经营性支出", N_("production expenses"), fl),         \
	{"net_income", "家庭纯收入", N_("net income"), LK_F_MONEY, NULL,       \
	 -100000000000LL, 100000000000LL, LK_FF_NOCOL | (fl)},                 \
	{"per_capita", "人均纯收入", N_("per-capita net income"), LK_F_MONEY,  \
	 NULL, -100000000000LL, 100000000000LL, LK_FF_NOCOL | (fl)}

static const struct lk_field household_fields[] = {
	{"household_no", "户编号", N_("household number"), LK_F_TEXT, NULL, 0,
	 0, KEY},
	{"village_code", "行政区划代码", N_("village code"), LK_F_REGION, NULL,
	 0, 0, REQ},
	{"group", "村民小组", N_("villager group"), LK_F_TEXT, NULL, 0, 0, 0,
	 "group_name"},
	{"head_name", "户主姓名", N_("head of household"), LK_F_TEXT, NULL, 0,
	 0, REQ},
	{"head_id", "户主证件号码", N_("head's ID number"), LK_F_IDNUM, NULL, 0,
	 0, REQ | SENS},
	{"phone", "联系电话", N_("phone"), LK_F_PHONE, NULL, 0, 0, SENS},
	{"bank", "开户银行", N_("bank"), LK_F_TEXT, NULL, 0, 0, 0},
	{"bank_account", "银行账号", N_("bank account"), LK_F_DIGITS, NULL, 0,
	 0, SENS},
	{"status", "贫困户状态", N_("status"), LK_F_CODE, "hh_status", 0, 0,
	 REQ},
	{"monitoring_category", "监测对象类别", N_("monitoring category"),
	 LK_F_CODE, "monitoring_category", 0, 0, 0},
	{"monitoring_since", "纳入监测时间", N_("monitored since"),
	 LK_F_DATEY, NULL, 0, 0, 0},
	{"risk_types", "致贫返贫风险", N_("risk types"), LK_F_CODES,
	 "risk_type", 0, 5, 0},
	Y("risk_eliminated", "风险是否已消除", N_("risk eliminated")),
	{"risk_eliminated_on", "风险消除时间", N_("risk eliminated on"),
	 LK_F_DATEY, NULL, 0, 0, 0},
	{"identified_year", "识别年度", N_("year identified"), LK_F_YEAR, NULL,
	 0, 0, 0},
	{"lifted_year", "脱贫年度", N_("year lifted"), LK_F_YEAR, NULL, 0, 0,
	 0},
	{"id_standard", "识别标准", N_("identification standard"), LK_F_CODE,
	 "id_standard", 0, 0, 0},
	{"attribute", "贫困户属性", N_("attribute"), LK_F_CODE, "attribute", 0,
	 0, 0},
	{"main_cause", "主要致贫原因", N_("main cause of poverty"), LK_F_CODE,
	 "cause", 0, 0, 0},
	{"other_causes", "其他致贫原因", N_("other causes"), LK_F_CODES,
	 "cause", 0, 2, 0},
	Y("military_family", "是否军烈属", N_("military family")),
	Y("only_child", "是否独生子女户", N_("only-child household")),
	Y("two_daughters", "是否双女户", N_("two-daughter household")),
	Y("relocated", "是否易地搬迁户", N_("relocated household")),
	MU("cultivated_mu", "耕地面积", N_("cultivated land (mu)")),
	MU("irrigated_mu", "有效灌溉面积", N_("irrigated land (mu)")),
	MU("forest_mu", "林地面积", N_("forest land (mu)")),
	MU("grain_for_green_mu", "退耕还林面积", N_("grain-for-green (mu)")),
	MU("orchard_mu", "林果面积", N_("orchard (mu)")),
	MU("pasture_mu", "牧草地面积", N_("pasture (mu)")),
	MU("water_surface_mu", "水面面积", N_("water surface (mu)")),
	Y("production_power", "是否通生产用电", N_("power for production")),
	Y("household_power", "是否通生活用电", N_("household power")),
	{"road_km", "与村主干路距离", N_("distance to main road (km)"),
	 LK_F_DEC2, NULL, 0, 10000000, 0},
	{"road_type", "入户路类型", N_("road type"), LK_F_CODE, "road_type", 0,
	 0, 0},
	{"house_m2", "住房面积", N_("house area (m²)"), LK_F_DEC2, NULL, 0,
	 100000000, 0},
	{"house_grade", "住房安全等级", N_("housing safety grade"), LK_F_CODE,
	 "house_grade", 0, 0, 0},
	Y("water_difficult", "饮水是否困难", N_("difficult drinking water")),
	Y("water_safe", "饮水是否安全", N_("safe drinking water")),
	{"fuel", "主要燃料类型", N_("main fuel"), LK_F_CODE, "fuel", 0, 0, 0},
	Y("toilet", "有无卫生厕所", N_("sanitary toilet")),
	Y("coop", "是否加入农民专业合作社", N_("member of a cooperative")),
	{"income_year", "收入年度", N_("income year"), LK_F_YEAR, NULL, 0, 0,
	 LK_FF_NOCOL | LK_FF_INCOME},
	INCOME_FIELDS(LK_FF_INCOME),
};

static const struct lk_field member_fields[] = {
	{"household_no", "户编号", N_("household number"), LK_F_TEXT, NULL, 0,
	 0, REQ | LK_FF_NOCOL},
	{"name", "姓名", N_("name"), LK_F_TEXT, NULL, 0, 0, REQ},
	{"id_number", "证件号码", N_("ID number"), LK_F_IDNUM, NULL, 0, 0,
	 KEY | SENS},
	{"sex", "性别", N_("sex"), LK_F_CODE, "sex", 0, 0, 0},
	{"relation", "与户主关系", N_("relation to head"), LK_F_CODE,
	 "relation", 0, 0, REQ},
	{"ethnicity", "民族", N_("ethnicity"), LK_F_CODE, "ethnicity", 0, 0, 0},
	{"politics", "政治面貌", N_("political status"), LK_F_CODE, "politics",
	 0, 0, 0},
	{"education", "文化程度", N_("education"), LK_F_CODE, "education", 0,
	 0, 0},
	{"school", "在校生状况", N_("school status"), LK_F_CODE, "school", 0, 0,
	 0},
	{"health", "健康状况", N_("health"), LK_F_CODES, "health", 0, 4, 0},
	{"disability_cert", "残疾人证号", N_("disability certificate"),
	 LK_F_CERT, NULL, 0, 0, SENS},
	{"labour", "劳动技能", N_("labour capacity"), LK_F_CODE, "labour", 0, 0,
	 0},
	{"migrant_months", "务工时间", N_("months of migrant work"), LK_F_INT,
	 NULL, 0, 12, 0},
	{"work_place", "务工所在地", N_("place of work"), LK_F_TEXT, NULL, 0, 0,
	 0},
	Y("medical_insurance", "是否参加城乡居民基本医疗保险",
	  N_("residents' basic medical insurance")),
	Y("serious_illness_insurance", "是否参加大病保险",
	  N_("serious-illness insurance")),
	Y("employee_medical_insurance", "是否参加城镇职工基本医疗保险",
	  N_("employees' basic medical insurance")),
	Y("pension_insurance", "是否参加城乡居民基本养老保险",
	  N_("residents' basic pension insurance")),
	Y("dibao_person", "是否享受低保", N_("receives dibao")),
	Y("tekun_person", "是否特困供养人员", N_("extreme-poverty support")),
	Y("mandarin", "是否会讲普通话", N_("speaks Mandarin")),
	Y("active_military", "是否现役军人", N_("active military")),
	{"member_status", "人员状态", N_("member status"), LK_F_CODE,
	 "member_status", 0, 0, 0},
	{"status_date", "状态变更日期", N_("status date"), LK_F_DATE, NULL, 0, 0,
	 0},
};

static const struct lk_field income_fields[] = {
	{"household_no", "户编号", N_("household number"), LK_F_TEXT, NULL, 0,
	 0, REQ | LK_FF_NOCOL},
	{"income_year", "收入年度", N_("income year"), LK_F_YEAR, NULL, 0, 0,
	 REQ | LK_FF_NOCOL},
	/* lika's addition to the form: the household size the per-capita
	 * income was computed with (default: the current members) */
	{"persons", "家庭人口数", N_("household size"), LK_F_INT, NULL, 1, 99,
	 LK_FF_NOCOL},
	INCOME_FIELDS(0),
};

const struct lk_table lk_households = {
	"households", "农户", household_fields,
	sizeof household_fields / sizeof household_fields[0]};
const struct lk_table lk_members = {
	"members", "家庭成员", member_fields,
	sizeof member_fields / sizeof member_fields[0]};
const struct lk_table lk_incomes = {
	"incomes", "收入", income_fields,
	sizeof income_fields / sizeof income_fields[0]};
