/*
 * ind_table.c - the indicators: sources, definitions, and the few that
 * are computed in C (policy values, ratios of two indicators, lists).
 *
 * Parameters of every source: ?1 lo, ?2 hi (the region's code range),
 * ?3 year, ?4 its last day, ?5 its first day, ?6 the poverty line (fen).
 * Households are "registered" (建档立卡) when their status at the year's
 * end is poor, lifted or returned; "poor" when it is poor or returned.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "policy/check.h"
#include "registry/codes.h"
#include "work/work.h"
#include "indicator/ind_int.h"
#include "policy/policy.h"
#include "registry/household.h"
#include "registry/region.h"
#include "registry/status.h"
#include "store/db.h"

/* ---- sources ------------------------------------------------------- */

static const struct lk_ind_src src_hh = {
	"households",
	"WITH h AS (SELECT h.id, h.household_no, h.village_code, "
	"h.group_name, h.head_name, h.main_cause, h.identified_year, "
	LK_SQL_STATUS_ON("h", "?4") " AS sx, "
	LK_SQL_MONITORED_ON("h", "?4") " AS mx, "
	"(SELECT count(*) FROM procedure p WHERE p.household_id = h.id AND "
	"p.kind = 'exit' AND p.year = ?3 AND p.state <> 'cancelled' AND "
	"p.started_on <= ?4) AS exits "
	"FROM household h WHERE h.village_code >= ?1 AND h.village_code < ?2), "
	"m AS (SELECT mp.household_id AS hid, count(*) AS people, "
	"sum(CASE WHEN mp.dibao_person = 1 THEN 1 ELSE 0 END) AS dibao, "
	"sum(CASE WHEN mp.labour IN ('ordinary', 'skilled') THEN 1 ELSE 0 "
	"END) AS labourers, "
	"sum(CASE WHEN mp.school LIKE 'hvoc%' OR mp.school LIKE 'univ%' OR "
	"mp.school = 'postgrad' THEN 1 ELSE 0 END) AS higher_ed, "
	"sum(CASE WHEN coalesce(mp.ethnicity, '01') <> '01' THEN 1 ELSE 0 "
	"END) AS minority "
	/* CROSS JOIN: SQLite keeps h as the outer loop (one index range
	 * per household) instead of scanning every member */
	"FROM h CROSS JOIN member mp WHERE mp.household_id = h.id AND "
	LK_SQL_PERSON_ON("mp", "?4") " GROUP BY mp.household_id) "
	"SELECT h.household_no, h.village_code, h.group_name, h.head_name, "
	"h.main_cause, h.identified_year, "
	"coalesce(substr(h.sx, 11), 'ordinary') AS status, "
	"substr(h.sx, 1, 10) AS status_date, "
	"CASE WHEN h.mx IS NULL THEN 0 ELSE 1 END AS monitored, "
	"h.exits, coalesce(m.people, 0) AS people, "
	"coalesce(m.dibao, 0) AS dibao, coalesce(m.labourers, 0) AS "
	"labourers, coalesce(m.higher_ed, 0) AS higher_ed, "
	"coalesce(m.minority, 0) AS minority "
	"FROM h LEFT JOIN m ON m.hid = h.id",
	"household_no, village_code, group_name, head_name, status, "
	"status_date, main_cause, people, dibao, labourers, higher_ed",
	"village_code, household_no"};

static const struct lk_ind_src src_income = {
	"incomes",
	"SELECT h.household_no, h.village_code, h.head_name, "
	"coalesce(substr(" LK_SQL_STATUS_ON("h", "?4") ", 11), 'ordinary') "
	"AS status, i.persons, " LK_SQL_INCOME_NET("i") " AS net, "
	"CASE WHEN i.persons > 0 THEN " LK_SQL_INCOME_NET("i") " / i.persons "
	"END AS per_capita "
	"FROM household h JOIN income i ON i.household_id = h.id AND "
	"i.year = ?3 WHERE h.village_code >= ?1 AND h.village_code < ?2",
	"household_no, village_code, head_name, status, persons, net, "
	"per_capita",
	"village_code, household_no"};

static const struct lk_ind_src src_profile = {
	"village_profile",
	"SELECT p.region_code, (SELECT r.name FROM region r WHERE r.code = "
	"p.region_code) AS village, p.to_town_km, p.to_county_km, "
	"p.elevation_m, p.terrain, p.land_km2, p.cultivated_mu, p.forest_ha, "
	"p.grain_mu, p.grain_kg, p.economic_income, p.per_capita_income, "
	"p.poor_village FROM village_profile p WHERE p.region_code >= ?1 AND "
	"p.region_code < ?2 AND p.year = ?3",
	"region_code, village, to_town_km, to_county_km, elevation_m, "
	"land_km2, cultivated_mu, forest_ha, grain_mu, grain_kg, "
	"economic_income, per_capita_income, poor_village",
	"region_code"};

static const struct lk_ind_src src_item = {
	"village_items",
	"SELECT vi.region_code, vi.category, vi.name, vi.kind, vi.area_mu, "
	"vi.output_kg, vi.stock, vi.slaughtered, vi.staff, vi.people, "
	"vi.hardened_km, vi.dirt_km, (SELECT g.attribute FROM region g WHERE "
	"g.parent = vi.region_code AND g.name = vi.name AND g.level = 6 "
	"LIMIT 1) AS group_attr FROM village_item vi WHERE vi.region_code >= "
	"?1 AND vi.region_code < ?2 AND vi.year = ?3",
	"region_code, category, name, kind, area_mu, output_kg, stock, "
	"slaughtered, staff, people, hardened_km, dirt_km, group_attr",
	"region_code, category, name"};

static const struct lk_ind_src src_region = {
	"regions",
	"SELECT g.code, g.name, g.level, g.parent, g.attribute FROM region g "
	"WHERE g.code >= ?1 AND g.code < ?2",
	"code, name, parent, attribute", "code"};

static const struct lk_ind_src src_team = {
	"team",
	"SELECT t.name, t.sent_level, t.unit, t.role, t.from_date, "
	"t.to_date, t.detached FROM team_member t WHERE t.region_code >= ?1 "
	"AND t.region_code < ?2 AND t.from_date <= ?4 AND (t.to_date IS NULL "
	"OR t.to_date >= ?5)",
	"name, sent_level, unit, role, from_date, to_date, detached",
	"from_date, name"};

static const struct lk_ind_src src_measure = {
	"measures",
	"SELECT h.household_no, h.head_name, m.region_code AS village_code, "
	"m.batch, count(*) AS measures, min(CASE WHEN m.status = 'done' AND "
	"coalesce(m.actual_date, ?4) <= ?4 THEN 1 ELSE 0 END) AS done, "
	"max(CASE WHEN m.renovation = 'rebuild' THEN 1 ELSE 0 END) AS "
	"rebuild, max(CASE WHEN m.renovation = 'repair' THEN 1 ELSE 0 END) "
	"AS repair, sum(coalesce(m.amount, 0)) AS amount "
	"FROM measure m JOIN household h ON h.id = m.household_id "
	"WHERE m.region_code >= ?1 AND m.region_code < ?2 AND (m.status IN "
	"('planned', 'in_progress') OR (m.status = 'done' AND "
	"coalesce(m.actual_date, m.planned_date, ?4) <= ?4)) "
	"GROUP BY h.household_no, h.head_name, m.region_code, m.batch",
	"household_no, head_name, village_code, batch, measures, done, "
	"rebuild, repair, amount",
	"village_code, household_no, batch"};

static const struct lk_ind_src src_fund = {
	"funds",
	"SELECT f.name, f.source_level, f.source_unit, f.fund_use, f.amount, "
	"f.received_date, f.region_code FROM fund f WHERE f.region_code >= ?1 "
	"AND f.region_code < ?2 AND f.received_date >= ?5 AND "
	"f.received_date <= ?4",
	"name, source_level, source_unit, fund_use, amount, received_date, "
	"region_code",
	"received_date, name"};

static const struct lk_ind_src src_disb = {
	"disbursements",
	"SELECT f.name AS fund, d.paid_date, d.amount, d.purpose, d.voucher_no "
	"FROM disbursement d JOIN fund f ON f.id = d.fund_id WHERE "
	"d.region_code >= ?1 AND d.region_code < ?2 AND d.paid_date >= ?5 "
	"AND d.paid_date <= ?4",
	"fund, paid_date, amount, purpose, voucher_no", "paid_date, fund"};

static const struct lk_ind_src src_project = {
	"projects",
	"SELECT p.name, p.category, p.status, p.budget, p.spent, "
	"p.start_date, p.end_date, p.region_code FROM project p WHERE "
	"p.region_code >= ?1 AND p.region_code < ?2 AND "
	"coalesce(p.start_date, ?4) <= ?4 AND (p.end_date IS NULL OR "
	"p.end_date >= ?5 OR p.status <> 'done')",
	"name, category, status, budget, spent, start_date, end_date, "
	"region_code",
	"start_date, name"};

static const struct lk_ind_src src_plan = {
	"plan",
	"SELECT p.name, p.category, p.status, p.start_date, p.region_code "
	"FROM project p WHERE p.region_code >= ?1 AND p.region_code < ?2 AND "
	"coalesce(p.start_date, ?4) <= ?4",
	"name, category, status, start_date, region_code", "category, name"};

static const struct lk_ind_src src_training = {
	"trainings",
	"SELECT t.title, t.on_date, t.status, t.organiser, t.region_code "
	"FROM training t WHERE t.region_code >= ?1 AND t.region_code < ?2 "
	"AND t.on_date >= ?5",
	"title, on_date, status, organiser, region_code", "on_date, title"};

static const struct lk_ind_src src_party = {
	"party_members",
	"SELECT pm.name, pm.kind, pm.join_date, b.name AS branch FROM "
	"party_member pm JOIN party_branch b ON b.id = pm.party_branch_id "
	"WHERE pm.region_code >= ?1 AND pm.region_code < ?2 AND "
	"coalesce(pm.join_date, ?4) <= ?4",
	"name, kind, join_date, branch", "branch, name"};

static const struct lk_ind_src src_branch = {
	"party_branches",
	"SELECT b.name, b.secretary, b.region_code, (SELECT max(a.on_date) "
	"FROM party_activity a WHERE a.party_branch_id = b.id AND a.kind = "
	"'election' AND a.on_date >= ?5 AND a.on_date <= ?4) AS elected_on, "
	"(SELECT count(*) FROM party_activity a WHERE a.party_branch_id = "
	"b.id AND a.on_date >= ?5 AND a.on_date <= ?4) AS activities "
	"FROM party_branch b WHERE b.region_code >= ?1 AND b.region_code < ?2",
	"name, secretary, region_code, elected_on, activities", "name"};

static const struct lk_ind_src src_visit = {
	"visits",
	"SELECT h.household_no, h.head_name, v.visit_date, c.name AS cadre, "
	"v.region_code FROM visit v JOIN household h ON h.id = v.household_id "
	"LEFT JOIN cadre c ON c.id = v.cadre_id WHERE v.region_code >= ?1 AND "
	"v.region_code < ?2 AND v.visit_date >= ?5 AND v.visit_date <= ?4",
	"household_no, head_name, visit_date, cadre, region_code",
	"visit_date, household_no"};

static const struct lk_ind_src src_proc = {
	"procedures",
	"SELECT p.id, h.household_no, h.head_name, p.kind, p.state, "
	"p.started_on, p.finished_on, p.outcome, p.village_code FROM "
	"procedure p JOIN household h ON h.id = p.household_id WHERE "
	"p.village_code >= ?1 AND p.village_code < ?2 AND p.started_on <= ?4 "
	"AND (p.finished_on IS NULL OR p.finished_on >= ?5)",
	"id, household_no, head_name, kind, state, started_on, finished_on, "
	"outcome",
	"started_on, id"};

/* ---- definitions ---------------------------------------------------- */

#define CNT "count(*) FILTER (WHERE $P)"
#define SUM(c) "sum(" c ") FILTER (WHERE $P)"
#define AVG(c) "CAST(round(avg(" c ") FILTER (WHERE $P)) AS INTEGER)"
#define MIN(c) "min(" c ") FILTER (WHERE $P)"
#define MAX(c) "max(" c ") FILTER (WHERE $P)"

#define REG "status IN ('poor', 'lifted', 'returned')"
#define POOR "status IN ('poor', 'returned')"
#define LIVE "status <> 'dissolved'"

#define HH(n, en, zh, den, dzh, pred)                                          \
	{n, LK_UNIT_HOUSEHOLDS, en, zh, den, dzh, &src_hh, CNT, pred, 0}
#define PP(n, en, zh, den, dzh, pred)                                          \
	{n, LK_UNIT_PEOPLE, en, zh, den, dzh, &src_hh, SUM("people"), pred, 0}
#define CAUSE(n, en, zh, codes)                                                \
	HH("cause_" n, "households poor because of " en,                       \
	   "因" zh "致贫户数",                                                 \
	   "Registered households whose main cause of poverty is " en ".",   \
	   "主要致贫原因为" zh "的建档立卡户。",                              \
	   REG " AND main_cause IN (" codes ")")
#define BATCH(code, en, zh)                                                    \
	{"measures_" code, LK_UNIT_HOUSEHOLDS, "households with " en          \
	 " measures", zh "措施户数",                                           \
	 "Households with at least one measure of the batch " en             \
	 " (planned, in progress, or done by the year's end).",               \
	 "有" zh "措施（计划、实施中或年底前完成）的户数。", &src_measure,  \
	 CNT,                                                                  \
	 "batch = '" code "'", 0}
#define ITEMSUM(n, unit, en, zh, den, dzh, col, pred)                          \
	{n, unit, en, zh, den, dzh, &src_item, SUM(col), pred, 0}
#define SUM0(c) "coalesce(sum(" c ") FILTER (WHERE $P), 0)"
#define FUNDS(n, use, en, zh)                                                  \
	{n, LK_UNIT_YUAN, en, zh,                                              \
	 "Funds received in the year for " use " use.",                        \
	 "本年到位的" zh "。", &src_fund, SUM0("amount"),                     \
	 "fund_use = '" use "'", 0}
#define TEAM(n, lvl, en, zh)                                                   \
	{n, LK_UNIT_PEOPLE, en, zh,                                            \
	 "Members of the resident team sent by the " lvl " level, stationed " \
	 "at some time in the year.",                                          \
	 "本年在岗的" zh "。", &src_team, CNT, "sent_level = '" lvl "'", 0}
#define DERIVED(n, unit, en, zh, den, dzh)                                     \
	{n, unit, en, zh, den, dzh, NULL, NULL, NULL, 0}
#define DALONE(n, unit, en, zh, den, dzh)                                      \
	{n, unit, en, zh, den, dzh, NULL, NULL, NULL, LK_IND_ALONE}
#define DLIST(n, en, zh, den, dzh)                                             \
	{n, LK_UNIT_TEXT, en, zh, den, dzh, NULL, NULL, NULL, LK_IND_LIST}

const struct lk_ind lk_indicators[] = {
	/* -- the region itself ------------------------------------------ */
	DERIVED("region_name", LK_UNIT_TEXT, "name of the region", "地区名称",
		"The region's name in the administrative divisions.",
		"行政区划中的名称。"),
	DERIVED("region_kind", LK_UNIT_TEXT, "kind of region", "地区类别",
		"village, town, county, city or province, from the length of "
		"the code.",
		"由区划代码长度得出：村、乡镇、县、市、省。"),
	DERIVED("year", LK_UNIT_YEAR, "year", "年度", "The reported year.",
		"报告年度。"),
	{"villages", LK_UNIT_COUNT, "administrative villages", "行政村数",
	 "Villages (12-digit codes) in the region.",
	 "区域内的行政村（12位代码）。", &src_region, CNT, "level = 5", 0},
	{"groups", LK_UNIT_COUNT, "villager groups", "村民小组数",
	 "Villager groups (15-digit codes) in the region.",
	 "区域内的村民小组。", &src_region, CNT, "level = 6", 0},
	{"groups_fringe", LK_UNIT_COUNT, "groups on the urban-rural fringe",
	 "城乡结合部村民小组数", "Villager groups with the attribute fringe.",
	 "属性为城乡结合部的村民小组。", &src_region, CNT,
	 "level = 6 AND attribute = 'fringe'", 0},
	{"groups_plain", LK_UNIT_COUNT, "groups on the plain", "坝区村民小组数",
	 "Villager groups with the attribute plain.",
	 "属性为坝区的村民小组。", &src_region, CNT,
	 "level = 6 AND attribute = 'plain'", 0},
	{"groups_mountain", LK_UNIT_COUNT, "groups in the mountains",
	 "山区村民小组数", "Villager groups with the attribute mountain.",
	 "属性为山区的村民小组。", &src_region, CNT,
	 "level = 6 AND attribute = 'mountain'", 0},

	/* -- village profile -------------------------------------------- */
	{"to_town_km", LK_UNIT_KM, "distance to the town government",
	 "距乡镇政府距离",
	 "From the village profile of the year (the average of the villages "
	 "for a larger region).",
	 "取自当年村情概况（较大区域为各村平均）。", &src_profile,
	 AVG("to_town_km"), "1", 0},
	{"to_county_km", LK_UNIT_KM, "distance to the county seat",
	 "距县城距离", "From the village profile of the year (average).",
	 "取自当年村情概况（平均）。", &src_profile, AVG("to_county_km"), "1",
	 0},
	{"elevation_m", LK_UNIT_M, "average elevation", "平均海拔",
	 "From the village profile of the year (average).",
	 "取自当年村情概况（平均）。", &src_profile, AVG("elevation_m"), "1",
	 0},
	{"land_km2", LK_UNIT_KM2, "land area", "国土面积",
	 "Sum of the village profiles of the year.", "当年村情概况之和。",
	 &src_profile, SUM("land_km2"), "1", 0},
	{"cultivated_mu", LK_UNIT_MU, "cultivated land", "耕地面积",
	 "Sum of the village profiles of the year.", "当年村情概况之和。",
	 &src_profile, SUM("cultivated_mu"), "1", 0},
	{"forest_ha", LK_UNIT_HA, "forest land", "林地面积",
	 "Sum of the village profiles of the year.", "当年村情概况之和。",
	 &src_profile, SUM("forest_ha"), "1", 0},
	{"grain_mu", LK_UNIT_MU, "area sown to grain", "粮食播种面积",
	 "Sum of the village profiles of the year.", "当年村情概况之和。",
	 &src_profile, SUM("grain_mu"), "1", 0},
	{"grain_kg", LK_UNIT_KG, "grain output", "粮食总产量",
	 "Sum of the village profiles of the year.", "当年村情概况之和。",
	 &src_profile, SUM("grain_kg"), "1", 0},
	DERIVED("grain_per_capita_kg", LK_UNIT_KG, "grain per head",
		"人均粮食", "Grain output divided by the people of the region.",
		"粮食总产量除以区域人口。"),
	{"economic_income", LK_UNIT_YUAN, "total economic income",
	 "经济总收入", "Sum of the village profiles of the year.",
	 "当年村情概况之和。", &src_profile, SUM("economic_income"), "1", 0},
	{"farmer_income_per_capita", LK_UNIT_YUAN,
	 "farmers' per-capita net income", "农民人均纯收入",
	 "From the village profile of the year (the average of the villages "
	 "for a larger region).",
	 "取自当年村情概况（较大区域为各村平均）。", &src_profile,
	 AVG("per_capita_income"), "1", 0},
	{"poor_villages", LK_UNIT_COUNT, "poor villages", "贫困村数",
	 "Villages whose profile of the year marks them as poor villages.",
	 "当年村情概况标为贫困村的村。", &src_profile, CNT,
	 "poor_village = 1", 0},
	DERIVED("county_poor_villages", LK_UNIT_COUNT,
		"poor villages of the county", "全县贫困村数",
		"The county's list of poor villages (policy value "
		"poor_villages of the region's county and year).",
		"所在县贫困村数量（政策参数 poor_villages）。"),

	/* -- items: agriculture, schools, clinics, roads ----------------- */
	ITEMSUM("crop_area_mu", LK_UNIT_MU, "area of crops", "农作物面积",
		"Sum of the crop items of the year.", "当年农作物条目之和。",
		"area_mu", "category = 'crop'"),
	ITEMSUM("livestock_stock", LK_UNIT_HEADS, "livestock in stock",
		"牲畜存栏", "Sum of the livestock items of the year.",
		"当年牲畜条目之和。", "stock", "category = 'livestock'"),
	ITEMSUM("large_stock", LK_UNIT_HEADS, "large livestock in stock",
		"大牲畜存栏", "Livestock items of kind large.",
		"畜种为大牲畜的条目。", "stock",
		"category = 'livestock' AND kind = 'large'"),
	ITEMSUM("large_slaughtered", LK_UNIT_HEADS,
		"large livestock slaughtered", "大牲畜出栏",
		"Livestock items of kind large.", "畜种为大牲畜的条目。",
		"slaughtered", "category = 'livestock' AND kind = 'large'"),
	ITEMSUM("pig_stock", LK_UNIT_HEADS, "pigs in stock", "生猪存栏",
		"Livestock items of kind pig.", "畜种为生猪的条目。", "stock",
		"category = 'livestock' AND kind = 'pig'"),
	ITEMSUM("pig_slaughtered", LK_UNIT_HEADS, "pigs slaughtered",
		"生猪出栏", "Livestock items of kind pig.", "畜种为生猪的条目。",
		"slaughtered", "category = 'livestock' AND kind = 'pig'"),
	ITEMSUM("goat_stock", LK_UNIT_HEADS, "goats in stock", "山羊存栏",
		"Livestock items of kind goat.", "畜种为山羊的条目。", "stock",
		"category = 'livestock' AND kind = 'goat'"),
	ITEMSUM("goat_slaughtered", LK_UNIT_HEADS, "goats slaughtered",
		"山羊出栏", "Livestock items of kind goat.", "畜种为山羊的条目。",
		"slaughtered", "category = 'livestock' AND kind = 'goat'"),
	{"schools", LK_UNIT_COUNT, "primary schools", "小学数",
	 "School items of the year.", "当年学校条目。", &src_item, CNT,
	 "category = 'school'", 0},
	ITEMSUM("teachers", LK_UNIT_PEOPLE, "teachers", "教师人数",
		"Staff of the school items.", "学校条目的教师数之和。", "staff",
		"category = 'school'"),
	ITEMSUM("students", LK_UNIT_PEOPLE, "pupils", "在校学生数",
		"Pupils of the school items.", "学校条目的学生数之和。",
		"people", "category = 'school'"),
	{"kindergartens", LK_UNIT_COUNT, "kindergartens", "幼儿园数",
	 "Kindergarten items of the year.", "当年幼儿园条目。", &src_item, CNT,
	 "category = 'kindergarten'", 0},
	ITEMSUM("kindergarten_children", LK_UNIT_PEOPLE,
		"children in kindergarten", "在园幼儿数",
		"Children of the kindergarten items.", "幼儿园条目的幼儿数之和。",
		"people", "category = 'kindergarten'"),
	{"clinics", LK_UNIT_COUNT, "village clinics", "村卫生室数",
	 "Clinic items of the year.", "当年卫生室条目。", &src_item, CNT,
	 "category = 'clinic'", 0},
	ITEMSUM("doctors", LK_UNIT_PEOPLE, "village doctors", "村医人数",
		"Staff of the clinic items.", "卫生室条目的医生数之和。", "staff",
		"category = 'clinic'"),
	ITEMSUM("road_km", LK_UNIT_KM, "roads in total", "道路总里程",
		"Hardened and dirt kilometres of the road items.",
		"道路条目的硬化路与土路里程之和。",
		"coalesce(hardened_km, 0) + coalesce(dirt_km, 0)",
		"category = 'road'"),
	ITEMSUM("road_hardened_km", LK_UNIT_KM, "hardened roads", "硬化路里程",
		"Hardened kilometres of the road items.",
		"道路条目的硬化路里程之和。", "hardened_km", "category = 'road'"),
	ITEMSUM("road_dirt_km", LK_UNIT_KM, "dirt roads", "土路里程",
		"Dirt kilometres of the road items.", "道路条目的土路里程之和。",
		"dirt_km", "category = 'road'"),
	{"road_fringe_groups", LK_UNIT_COUNT,
	 "fringe groups with hardened roads", "有硬化路的城乡结合部小组数",
	 "Road items of groups on the urban-rural fringe with hardened "
	 "kilometres.",
	 "城乡结合部小组中有硬化路里程的道路条目。", &src_item, CNT,
	 "category = 'road' AND group_attr = 'fringe' AND hardened_km > 0", 0},
	ITEMSUM("road_fringe_hardened_km", LK_UNIT_KM,
		"hardened roads of the fringe groups",
		"城乡结合部小组硬化路里程",
		"Hardened kilometres of the road items of fringe groups.",
		"城乡结合部小组道路条目的硬化路里程。", "hardened_km",
		"category = 'road' AND group_attr = 'fringe'"),
	{"road_mountain_groups", LK_UNIT_COUNT,
	 "mountain groups with dirt roads", "有土路的山区小组数",
	 "Road items of groups in the mountains with dirt kilometres.",
	 "山区小组中有土路里程的道路条目。", &src_item, CNT,
	 "category = 'road' AND group_attr = 'mountain' AND dirt_km > 0", 0},
	ITEMSUM("road_mountain_dirt_km", LK_UNIT_KM,
		"dirt roads of the mountain groups", "山区小组土路里程",
		"Dirt kilometres of the road items of mountain groups.",
		"山区小组道路条目的土路里程。", "dirt_km",
		"category = 'road' AND group_attr = 'mountain'"),

	/* -- households and people -------------------------------------- */
	HH("households", "households", "总户数",
	   "Households in the ledger at the year's end (all statuses but "
	   "dissolved).",
	   "年底台账中的农户（自然减少的除外）。", LIVE),
	PP("people", "people", "总人口",
	   "People of those households present on the year's last day.",
	   "这些农户年底在册的人口。", LIVE),
	{"people_minority", LK_UNIT_PEOPLE, "people of ethnic minorities",
	 "少数民族人口", "People of those households who are not Han.",
	 "这些农户中非汉族的人口。", &src_hh, SUM("minority"),
	 LIVE " AND minority > 0", 0},
	DALONE("ethnic_groups", LK_UNIT_TEXT, "main ethnic minorities",
		"主要少数民族",
		"The two ethnic minorities with most people in the region.",
		"区域内人口最多的两个少数民族。"),
	HH("households_registered", "registered households", "建档立卡户数",
	   "Households registered as poor (status poor, lifted or returned "
	   "at the year's end).",
	   "年底状态为未脱贫、已脱贫或返贫的建档立卡户。", REG),
	PP("people_registered", "registered people", "建档立卡人数",
	   "People of the registered households.", "建档立卡户的人口。", REG),
	{"registered_since", LK_UNIT_YEAR, "first year of registration",
	 "最早建档年度", "The earliest year a registered household was "
	 "identified.", "建档立卡户最早识别年度。", &src_hh,
	 MIN("identified_year"), REG, 0},
	{"registered_years", LK_UNIT_YEAR, "years of registration",
	 "建档年数",
	 "Years from the first year of registration to the reported year, "
	 "both counted.",
	 "从最早建档年度到报告年度（含首尾）的年数。", &src_hh,
	 "?3 - min(identified_year) FILTER (WHERE $P) + 1", REG, 0},
	HH("households_poor", "poor households at the year's end",
	   "年底贫困户数",
	   "Households whose status at the year's end is poor or returned to "
	   "poverty (after the year's dynamic management).",
	   "经动态管理，年底状态为未脱贫或返贫的农户。", POOR),
	PP("people_poor", "poor people at the year's end", "年底贫困人口",
	   "People of the poor households at the year's end.",
	   "年底贫困户的人口。", POOR),
	{"incidence", LK_UNIT_PERCENT, "poverty incidence", "贫困发生率",
	 "Poor people at the year's end as a share of all people.",
	 "年底贫困人口占总人口的比例。", &src_hh,
	 "10000 * sum(people) FILTER (WHERE $P) / nullif(sum(people) FILTER "
	 "(WHERE " LIVE "), 0)",
	 POOR, 0},
	HH("households_lifted_year", "households lifted in the year",
	   "当年脱贫户数",
	   "Households whose status became lifted during the year and is "
	   "lifted at its end.",
	   "当年退出、年底状态为已脱贫的农户。",
	   "status = 'lifted' AND status_date >= ?5"),
	PP("people_lifted_year", "people lifted in the year", "当年脱贫人数",
	   "People of the households lifted in the year.",
	   "当年脱贫户的人口。", "status = 'lifted' AND status_date >= ?5"),
	HH("households_lifted", "lifted households (cumulative)",
	   "累计脱贫户数", "Households whose status at the year's end is "
	   "lifted.", "年底状态为已脱贫的农户。", "status = 'lifted'"),
	PP("people_lifted", "lifted people (cumulative)", "累计脱贫人数",
	   "People of the households lifted by the year's end.",
	   "年底已脱贫户的人口。", "status = 'lifted'"),
	HH("households_exit_planned", "households planned to exit",
	   "计划脱贫户数",
	   "Registered households with an exit procedure for the year (not "
	   "cancelled), started by its end.",
	   "当年启动了退出程序（未取消）的建档立卡户。",
	   REG " AND exits > 0"),
	PP("people_exit_planned", "people planned to exit", "计划脱贫人数",
	   "People of the households planned to exit.", "计划脱贫户的人口。",
	   REG " AND exits > 0"),
	HH("households_monitored", "monitored households", "监测户数",
	   "Households under monitoring (prevention of return) at the year's "
	   "end.",
	   "年底处于防返贫监测中的农户。", "monitored = 1"),
	CAUSE("illness", "illness", "病", "'1'"),
	CAUSE("disability", "disability", "残", "'2'"),
	CAUSE("illness_disability", "illness or disability", "病或因残",
	      "'1', '2'"),
	CAUSE("schooling", "schooling costs", "学", "'3'"),
	CAUSE("disaster", "disaster", "灾", "'4'"),
	CAUSE("land", "lack of land", "缺土地", "'5'"),
	CAUSE("water", "lack of water", "缺水", "'6'"),
	CAUSE("skills", "lack of skills", "缺技术", "'7'"),
	CAUSE("labour", "lack of labour", "缺劳力", "'8'"),
	CAUSE("funds", "lack of funds", "缺资金", "'9'"),
	CAUSE("transport", "poor transport", "交通条件落后", "'10'"),
	CAUSE("drive", "lack of own drive", "自身发展动力不足", "'11'"),
	HH("cause_other", "households poor for other reasons",
	   "其他原因致贫户数",
	   "Registered households whose main cause is none of illness, "
	   "disability, schooling, disaster or lack of land.",
	   "主要致贫原因不是病、残、学、灾、缺土地的建档立卡户。",
	   REG " AND coalesce(main_cause, '') NOT IN ('1', '2', '3', '4', "
	       "'5')"),
	HH("households_dibao", "registered households with dibao",
	   "享受低保的建档立卡户数",
	   "Registered households with at least one member on the minimum "
	   "living allowance.",
	   "有成员享受最低生活保障的建档立卡户。", REG " AND dibao > 0"),
	{"people_dibao", LK_UNIT_PEOPLE, "registered people on dibao",
	 "享受低保的建档立卡人数",
	 "Members of registered households on the minimum living allowance.",
	 "建档立卡户中享受低保的成员。", &src_hh, SUM("dibao"),
	 REG " AND dibao > 0", 0},
	HH("households_labour", "registered households with labourers",
	   "有劳动力的建档立卡户数",
	   "Registered households with at least one ordinary or skilled "
	   "labourer.",
	   "有普通或技能劳动力的建档立卡户。", REG " AND labourers > 0"),
	{"labourers", LK_UNIT_PEOPLE, "labourers of registered households",
	 "建档立卡户劳动力人数",
	 "Ordinary and skilled labourers of the registered households.",
	 "建档立卡户的普通劳动力和技能劳动力。", &src_hh, SUM("labourers"),
	 REG " AND labourers > 0", 0},
	HH("households_higher_ed", "families with children in higher education",
	   "有子女上大学的建档立卡户数",
	   "Registered households with a member in higher vocational, "
	   "undergraduate or postgraduate study.",
	   "有成员就读高职高专、本科或研究生的建档立卡户。",
	   REG " AND higher_ed > 0"),
	{"students_higher_ed", LK_UNIT_PEOPLE, "students in higher education",
	 "在读大学生人数",
	 "Members of registered households in higher education.",
	 "建档立卡户中在读高职高专、本科、研究生的成员。", &src_hh,
	 SUM("higher_ed"), REG " AND higher_ed > 0", 0},

	/* -- income ------------------------------------------------------ */
	{"poor_income_per_capita", LK_UNIT_YUAN,
	 "per-capita net income of registered households",
	 "建档立卡户人均纯收入",
	 "Net income of the registered households surveyed for the year "
	 "divided by their people.",
	 "当年有收入调查的建档立卡户纯收入之和除以其人数。", &src_income,
	 "sum(net) FILTER (WHERE $P) / nullif(sum(persons) FILTER (WHERE $P), "
	 "0)",
	 REG, 0},
	{"households_income_surveyed", LK_UNIT_HOUSEHOLDS,
	 "registered households with an income survey",
	 "有收入调查的建档立卡户数",
	 "Registered households with an income record for the year.",
	 "当年有收入记录的建档立卡户。", &src_income, CNT, REG, 0},
	{"households_below_line", LK_UNIT_HOUSEHOLDS,
	 "registered households below the line", "收入低于贫困线的建档立卡户数",
	 "Registered households whose per-capita net income of the year is "
	 "below the poverty line.",
	 "当年人均纯收入低于贫困线的建档立卡户。", &src_income, CNT,
	 REG " AND per_capita < ?6", 0},
	DERIVED("poverty_line", LK_UNIT_YUAN, "poverty line", "贫困线",
		"The policy value poverty_line of the region and year.",
		"政策参数 poverty_line（当年、本地区）。"),

	/* -- the resident team ------------------------------------------- */
	{"team_members", LK_UNIT_PEOPLE, "members of the resident team",
	 "驻村工作队员人数",
	 "Members of the resident team stationed at some time in the year.",
	 "本年在岗的驻村工作队员。", &src_team, CNT, "1", 0},
	TEAM("team_central", "central", "members sent by the state",
	     "中央选派队员"),
	TEAM("team_province", "province", "members sent by the province",
	     "省级选派队员"),
	TEAM("team_city", "city", "members sent by the prefecture",
	     "州市选派队员"),
	TEAM("team_county", "county", "members sent by county departments",
	     "县级部门选派队员"),
	TEAM("team_town", "town", "members sent by the town",
	     "乡镇选派队员"),
	TEAM("team_village", "village", "members from the village level",
	     "村级队员"),
	{"team_detached", LK_UNIT_PEOPLE, "members detached from their units",
	 "脱产队员人数", "Team members detached from their own units.",
	 "脱离原单位工作的队员。", &src_team, CNT, "detached = 1", 0},
	{"team_since", LK_UNIT_DATE, "team stationed since", "驻村起始日期",
	 "The earliest start of a member stationed in the year.",
	 "本年在岗队员的最早驻村日期。", &src_team, MIN("from_date"), "1", 0},

	/* -- work: visits, measures, funds, projects, training ------------ */
	{"visits", LK_UNIT_COUNT, "home visits", "入户走访次数",
	 "Visits recorded in the year.", "本年记录的走访。", &src_visit, CNT,
	 "1", 0},
	{"households_visited", LK_UNIT_HOUSEHOLDS, "households visited",
	 "走访户数", "Households visited at least once in the year.",
	 "本年至少走访一次的农户。", &src_visit,
	 "count(DISTINCT household_no) FILTER (WHERE $P)", "1", 0},
	DALONE("visit_rounds", LK_UNIT_COUNT, "visit rounds of the year",
		"年度走访轮次",
		"Rounds of the policy visit_rounds for the region and year.",
		"政策参数 visit_rounds 规定的当年走访轮次。"),
	DERIVED("visit_rounds_completed", LK_UNIT_COUNT,
		"visit rounds completed", "完成走访轮次",
		"Rounds of the year in which every registered household was "
		"visited.",
		"所有建档立卡户都被走访到的轮次。"),
	DERIVED("visit_coverage_last", LK_UNIT_PERCENT,
		"coverage of the year's last round", "最后一轮走访覆盖率",
		"Registered households visited in the last round of the year "
		"as a share of all registered households.",
		"当年最后一轮走访到的建档立卡户占比。"),
	DERIVED("households_unvisited", LK_UNIT_HOUSEHOLDS,
		"households missed in the last round", "最后一轮未走访户数",
		"Registered households not visited in the last round of the "
		"year.",
		"当年最后一轮未走访到的建档立卡户。"),
	BATCH("industry", "industry", "发展生产"),
	BATCH("relocation", "relocation", "易地搬迁"),
	BATCH("ecological", "ecological compensation", "生态补偿"),
	BATCH("education", "education", "发展教育"),
	BATCH("social_security", "social security", "社会保障兜底"),
	BATCH("housing", "housing renovation", "危房改造"),
	BATCH("employment", "training and employment", "就业培训"),
	BATCH("health", "health", "健康扶贫"),
	BATCH("credit", "micro-credit", "金融扶贫"),
	{"relocation_done", LK_UNIT_HOUSEHOLDS, "relocations completed",
	 "已完成搬迁户数",
	 "Households whose relocation measures are all done by the year's "
	 "end.",
	 "易地搬迁措施在年底前全部完成的户。", &src_measure, CNT,
	 "batch = 'relocation' AND done = 1", 0},
	{"housing_rebuild", LK_UNIT_HOUSEHOLDS, "houses to rebuild",
	 "需重建户数", "Households with a housing measure to rebuild.",
	 "有危房重建措施的户。", &src_measure, CNT,
	 "batch = 'housing' AND rebuild = 1", 0},
	{"housing_repair", LK_UNIT_HOUSEHOLDS, "houses to repair",
	 "需修缮加固户数", "Households with a housing measure to repair.",
	 "有危房修缮加固措施的户。", &src_measure, CNT,
	 "batch = 'housing' AND repair = 1", 0},
	{"housing_amount", LK_UNIT_YUAN, "funds of the housing measures",
	 "危房改造资金", "Amounts of the housing measures.",
	 "危房改造措施金额之和。", &src_measure, SUM0("amount"),
	 "batch = 'housing'", 0},
	{"funds_raised", LK_UNIT_YUAN, "funds raised", "筹集资金",
	 "Funds received in the year.", "本年到位的资金。", &src_fund,
	 SUM0("amount"), "1", 0},
	FUNDS("funds_relief", "relief", "relief funds", "生活救助资金"),
	FUNDS("funds_training", "training", "training funds", "技能培训资金"),
	FUNDS("funds_industry", "industry", "industry funds", "产业发展资金"),
	FUNDS("funds_housing", "housing", "housing funds", "安居工程资金"),
	FUNDS("funds_party", "party", "party branch funds", "党建工作经费"),
	{"funds_spent", LK_UNIT_YUAN, "funds paid out", "拨付资金",
	 "Disbursements paid in the year.", "本年拨付的资金。", &src_disb,
	 SUM0("amount"), "1", 0},
	{"projects", LK_UNIT_COUNT, "projects", "项目数",
	 "Projects under way in the year (started by its end, not finished "
	 "before it).",
	 "本年实施中的项目。", &src_project, CNT, "1", 0},
	{"projects_done", LK_UNIT_COUNT, "projects completed", "已完成项目数",
	 "Projects of the year with status done.", "状态为已完成的项目。",
	 &src_project, CNT, "status = 'done'", 0},
	{"projects_unfinished", LK_UNIT_COUNT, "projects unfinished",
	 "未完成项目数", "Projects of the year planned or in progress.",
	 "计划或实施中的项目。", &src_project, CNT,
	 "status IN ('planned', 'in_progress')", 0},
	{"plan_categories", LK_UNIT_COUNT, "categories of the plan",
	 "规划类别数",
	 "Distinct categories of the projects started by the year's end.",
	 "年底前开工的项目涉及的类别数。", &src_plan,
	 "count(DISTINCT category)", "1", 0},
	{"trainings_held", LK_UNIT_COUNT, "trainings held", "已举办培训期数",
	 "Trainings held in the year.", "本年已举办的培训。", &src_training,
	 CNT, "status = 'held' AND on_date <= ?4", 0},
	{"trainings_planned", LK_UNIT_COUNT, "trainings planned",
	 "计划培训期数", "Trainings planned, dated in the year or later.",
	 "计划中的培训（本年或以后）。", &src_training, CNT,
	 "status = 'planned'", 0},
	{"trainings_planned_year", LK_UNIT_YEAR, "year of the planned trainings",
	 "计划培训年度", "The year of the first planned training.",
	 "最早一期计划培训的年度。", &src_training,
	 "CAST(substr(min(on_date) FILTER (WHERE $P), 1, 4) AS INTEGER)",
	 "status = 'planned'", 0},

	/* -- party work -------------------------------------------------- */
	{"party_members", LK_UNIT_PEOPLE, "party members", "党员人数",
	 "Party members who joined by the year's end.",
	 "年底前入党的党员。", &src_party, CNT, "1", 0},
	{"party_full", LK_UNIT_PEOPLE, "full party members", "正式党员人数",
	 "Full members.", "正式党员。", &src_party, CNT, "kind = 'full'", 0},
	{"party_probationary", LK_UNIT_PEOPLE, "probationary party members",
	 "预备党员人数", "Probationary members.", "预备党员。", &src_party, CNT,
	 "kind = 'probationary'", 0},
	{"party_branches", LK_UNIT_COUNT, "party branches", "党支部数",
	 "Party branches of the region.", "区域内的党支部。", &src_branch, CNT,
	 "1", 0},
	{"branch_elections", LK_UNIT_COUNT, "branch elections held",
	 "支部换届数", "Branches with an election in the year.",
	 "本年进行换届选举的支部。", &src_branch, CNT,
	 "elected_on IS NOT NULL", 0},
	{"branch_election_date", LK_UNIT_DATE, "date of the branch election",
	 "支部换届日期", "The latest branch election of the year.",
	 "本年最近一次支部换届选举的日期。", &src_branch, MAX("elected_on"),
	 "elected_on IS NOT NULL", 0},
	{"party_activities", LK_UNIT_COUNT, "party activities", "党员活动次数",
	 "Activities of the branches in the year.", "本年支部活动次数。",
	 &src_branch, SUM("activities"), "1", 0},
	DERIVED("branch_funds_each", LK_UNIT_YUAN, "working funds per branch",
		"每个支部工作经费",
		"Party branch funds of the year divided by the branches.",
		"本年党建工作经费除以支部数。"),

	/* -- procedures and problems ------------------------------------- */
	{"procedures_open", LK_UNIT_COUNT, "procedures open at the year's end",
	 "年底未办结的程序数",
	 "Procedures started by the year's end and not finished by it.",
	 "年底前启动、年底仍未办结的程序。", &src_proc, CNT,
	 "finished_on IS NULL OR finished_on > ?4", 0},
	{"exits_approved", LK_UNIT_COUNT, "exit procedures approved",
	 "批准退出的程序数", "Exit procedures approved in the year.",
	 "本年批准的退出程序。", &src_proc, CNT,
	 "kind = 'exit' AND outcome = 'approved' AND finished_on <= ?4", 0},
	DALONE("findings_errors", LK_UNIT_COUNT,
		"data-quality errors unresolved", "未整改的数据错误",
		"Findings of severity error of the data-quality checks of the "
		"region's records, run now for the year (the ledger-wide "
		"duplicate-ID check is left to lika check).",
		"按报告年度对本区域记录运行数据质量检查的错误条数（全台账身份证重复检查由 lika check 完成）。"),
	DLIST("notes_problems", "problems noted by the team",
		"工作队记录的问题",
		"Notes of category problem for the region and year.",
		"当年类别为问题的工作记录。"),
	DLIST("notes_plans", "next steps noted by the team",
		"工作队记录的下一步计划",
		"Notes of category plan for the region and year.",
		"当年类别为计划的工作记录。"),
	DLIST("problems_detected", "problems lika detects",
		"系统发现的问题",
		"Open procedures, households missed by the last visit round, "
		"unresolved data errors and unfinished projects.",
		"未办结程序、最后一轮未走访户、未整改数据错误、未完成项目。"),
};
const size_t lk_ind_count = sizeof lk_indicators / sizeof lk_indicators[0];

/* ---- computed in C ----------------------------------------------------- */

static struct lk_ind_value *val(struct lk_ind_set *s, const char *name)
{
	const struct lk_ind *d = lk_ind_find(name);

	return d ? &s->v[d - lk_indicators] : NULL;
}

static void set_num(struct lk_ind_value *v, int64_t n)
{
	v->known = 1;
	v->v = n;
}

static void set_text(struct lk_ind_value *v, const char *t)
{
	v->known = 1;
	snprintf(v->text, sizeof v->text, "%s", t);
}

static int add_item(struct lk_ind_value *v, const char *text)
{
	char **items;
	char *copy;

	if (v->nitems >= 1000)
		return LK_ETOOBIG;
	copy = strdup(text);
	items = copy ? realloc(v->items, (v->nitems + 1) * sizeof *items)
		     : NULL;
	if (!items) {
		free(copy);
		return LK_ENOMEM;
	}
	items[v->nitems++] = copy;
	v->items = items;
	v->known = 1;
	return 0;
}

/* A ratio of two computed indicators (unknown if either is, or b is 0). */
static void ratio(struct lk_ind_set *s, struct lk_ind_value *out,
		  const char *a, const char *b)
{
	const struct lk_ind_value *x = val(s, a), *y = val(s, b);

	if (x && y && x->known && y->known && y->v > 0)
		set_num(out, x->v / y->v);
}

/* A policy value that may be missing: unknown then, not an error. */
static int policy_opt(struct lk_ctx *ctx, const char *kind, const char *region,
		      int year, int money, struct lk_ind_value *out)
{
	int64_t n;
	int rc = money ? lk_policy_money(ctx, kind, region, year, &n)
		       : lk_policy_int(ctx, kind, region, year, &n);

	if (rc == LK_ENOTFOUND || rc == LK_EINVAL) {
		lk_err_set(&ctx->err, 0, NULL);
		return 0;
	}
	if (!rc)
		set_num(out, n);
	return rc;
}

static int ethnic_groups(struct lk_ctx *ctx, struct lk_ind_set *s,
			 struct lk_ind_value *out)
{
	static const char q[] =
		"SELECT mp.ethnicity, count(*) FROM household h JOIN member mp "
		"ON mp.household_id = h.id WHERE h.village_code >= ?1 AND "
		"h.village_code < ?2 AND " LK_SQL_PERSON_ON("mp", "?3")
		" AND coalesce(mp.ethnicity, '01') <> '01' GROUP BY "
		"mp.ethnicity ORDER BY 2 DESC, 1 LIMIT 2";
	struct db_stmt *st = NULL;
	struct lk_codes *codes;
	char text[LK_IND_TEXT_MAX] = "";
	size_t len = 0;
	int rc;

	if ((rc = lk_codes_get(ctx, &codes)) ||
	    (rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_text(st, 1, s->lo, -1);
	db_bind_text(st, 2, s->hi, -1);
	db_bind_text(st, 3, s->as_of, -1);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		const char *l = lk_code_label(codes, "ethnicity",
					      db_col_text(st, 0), s->lang);
		len += (size_t)snprintf(text + len, sizeof text - len, "%s%s",
					len ? (s->lang == LK_LANG_ZH ? "、" : ", ")
					    : "",
					l);
		if (len >= sizeof text)
			break;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (len)
		set_text(out, text);
	return 0;
}

/* visit_rounds, visit_rounds_completed, visit_coverage_last and
 * households_unvisited, from the rounds of the policy visit_rounds. */
struct cov {
	int64_t households, visited;
};

static int cov_total(void *arg, const struct lk_wcov *c)
{
	struct cov *t = arg;

	if (c->key[0] == '\0') {
		t->households = c->households;
		t->visited = c->visited;
	}
	return 0;
}

static int visit_rounds(struct lk_ctx *ctx, struct lk_ind_set *s)
{
	struct lk_wround rd;
	struct cov last = {0, 0};
	int n, count, done = 0, ended = 0, rc;

	rc = lk_visit_round(ctx, s->region, s->year, 1, &rd);
	if (rc == LK_ENOTFOUND || rc == LK_EINVAL) { /* no policy */
		lk_err_set(&ctx->err, 0, NULL);
		return 0;
	}
	if (rc)
		return rc;
	count = rd.count;
	set_num(val(s, "visit_rounds"), count);
	for (n = 1; n <= count; n++) {
		struct cov c = {0, 0};

		if ((rc = lk_visit_round(ctx, s->region, s->year, n, &rd)))
			return rc;
		if (strcmp(rd.to, s->as_of) > 0)
			break;
		if ((rc = lk_visit_coverage(ctx, s->region, &rd,
					    LK_COV_VILLAGE, cov_total, &c)))
			return rc;
		ended++;
		if (c.households > 0 && c.visited >= c.households)
			done++;
		last = c;
	}
	set_num(val(s, "visit_rounds_completed"), done);
	if (ended && last.households > 0) {
		set_num(val(s, "visit_coverage_last"),
			10000 * last.visited / last.households);
		set_num(val(s, "households_unvisited"),
			last.households - last.visited);
	}
	return 0;
}

struct notes {
	struct lk_ind_value *problems, *plans;
	int year;
	int rc;
};

static int note_one(void *arg, int64_t id, const struct lk_rec *r)
{
	struct notes *n = arg;
	const char *y = lk_rec_get(r, "year"), *c = lk_rec_get(r, "category"),
		   *t = lk_rec_get(r, "text");

	(void)id;
	if (!y || atoi(y) != n->year || !c || !t)
		return 0;
	if (strcmp(c, "problem") == 0)
		return add_item(n->problems, t);
	if (strcmp(c, "plan") == 0)
		return add_item(n->plans, t);
	return 0;
}

static int notes(struct lk_ctx *ctx, struct lk_ind_set *s)
{
	struct notes n = {val(s, "notes_problems"), val(s, "notes_plans"),
			  s->year, 0};
	struct lk_wfilter f = {0};

	f.region = s->lo;
	n.problems->known = n.plans->known = 1;
	return lk_work_list(ctx, &lk_wk_note, &f, note_one, &n);
}

/* The error findings of the region's own records: every rule of
 * severity error but id.duplicate, which compares the ID numbers of the
 * whole ledger (a county-wide scan that a village's report should not
 * pay for; `lika check` reports it). */
static int findings(struct lk_ctx *ctx, struct lk_ind_set *s,
		    struct lk_ind_value *out)
{
	const struct lk_check_rule *rules;
	struct lk_check_opts o = {0};
	struct lk_check_stats st = {0};
	struct lk_buf ids;
	size_t n, i;
	int rc;

	lk_buf_init(&ids, 1 << 16);
	if ((rc = lk_check_rules(&rules, &n)))
		goto out;
	for (i = 0; !rc && i < n; i++)
		if (rules[i].severity == LK_CHECK_ERROR &&
		    strcmp(rules[i].id, "id.duplicate") != 0)
			rc = lk_buf_printf(&ids, "%s%s", ids.len ? "," : "",
					   rules[i].id);
	if (rc)
		goto out;
	o.region = s->lo;
	o.year = s->year;
	o.rules = lk_buf_str(&ids);
	if (!(rc = lk_check_run(ctx, &o, &st)))
		set_num(out, (int64_t)st.errors);
out:
	lk_check_stats_free(&st);
	lk_buf_free(&ids);
	return rc;
}

static int detected(struct lk_ctx *ctx, struct lk_ind_set *s,
		    struct lk_ind_value *out)
{
	static const struct {
		const char *ind, *msg;
	} what[] = {
		{"procedures_open",
		 N_("Procedures started in or before the year and still open "
		    "at its end: %lld.")},
		{"households_unvisited",
		 N_("Registered households not visited in the year's last "
		    "visit round: %lld.")},
		{"findings_errors",
		 N_("Data-quality errors in the ledger not yet resolved: "
		    "%lld.")},
		{"projects_unfinished",
		 N_("Projects not finished: %lld.")},
	};
	char line[LK_IND_TEXT_MAX];
	size_t i;
	int rc;

	(void)ctx;
	out->known = 1;
	for (i = 0; i < sizeof what / sizeof what[0]; i++) {
		const struct lk_ind_value *v = val(s, what[i].ind);

		if (!v || !v->known || v->v <= 0)
			continue;
		snprintf(line, sizeof line,
			 lk_gettext_lang(s->lang, what[i].msg),
			 (long long)v->v);
		if ((rc = add_item(out, line)))
			return rc;
	}
	return 0;
}

int lk_ind_derive(struct lk_ctx *ctx, const struct lk_ind *d,
		  struct lk_ind_set *s, struct lk_ind_value *out)
{
	static const char *const kinds[][2] = {
		{"", ""},		 {N_("province"), "省"},
		{N_("city"), "市"},	 {N_("county"), "县"},
		{N_("town"), "乡镇"},	 {N_("village"), "村"},
		{N_("villager group"), "村民小组"}};
	const char *n = d->name;
	char county[8];

	if (strcmp(n, "region_name") == 0) {
		set_text(out, s->region_name);
	} else if (strcmp(n, "region_kind") == 0) {
		int l = s->level >= 1 && s->level <= 6 ? s->level : 0;

		if (l)
			set_text(out, s->lang == LK_LANG_ZH
					      ? kinds[l][1]
					      : lk_gettext_lang(s->lang,
								kinds[l][0]));
	} else if (strcmp(n, "year") == 0) {
		set_num(out, s->year);
	} else if (strcmp(n, "grain_per_capita_kg") == 0) {
		ratio(s, out, "grain_kg", "people");
	} else if (strcmp(n, "branch_funds_each") == 0) {
		ratio(s, out, "funds_party", "party_branches");
	} else if (strcmp(n, "county_poor_villages") == 0) {
		snprintf(county, sizeof county, "%.6s", s->region);
		return policy_opt(ctx, "poor_villages", county, s->year, 0,
				  out);
	} else if (strcmp(n, "poverty_line") == 0) {
		return policy_opt(ctx, "poverty_line", s->region, s->year, 1,
				  out);
	} else if (strcmp(n, "ethnic_groups") == 0) {
		return ethnic_groups(ctx, s, out);
	} else if (strcmp(n, "visit_rounds") == 0) {
		return visit_rounds(ctx, s);
	} else if (strcmp(n, "findings_errors") == 0) {
		return findings(ctx, s, out);
	} else if (strcmp(n, "notes_problems") == 0) {
		return notes(ctx, s);
	} else if (strcmp(n, "problems_detected") == 0) {
		return detected(ctx, s, out);
	}
	/* the other visit_* values and notes_plans are set with the first
	 * of their group */
	return 0;
}
