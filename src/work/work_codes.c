/* The code lists of the work records (domain.md sections 2 and 8), built
 * in: list, code, Chinese label, English label, other accepted labels. */
#include <string.h>
#include <strings.h>

#include "work/work_int.h"

static const struct lk_wcode codes[] = {
	{"work.unit_level", "central", "中央", "central", "中央单位|国家"},
	{"work.unit_level", "province", "省", "province", "省级"},
	{"work.unit_level", "city", "市", "city", "市级|州|州级"},
	{"work.unit_level", "county", "县", "county", "县级"},
	{"work.unit_level", "town", "乡镇", "town", "乡|镇|乡级|镇级"},
	{"work.unit_level", "village", "村", "village", "村级"},
	{"work.unit_level", "army", "部队", "army", "军队"},
	{"work.unit_level", "other", "其他", "other", NULL},

	{"work.batch", "industry", "发展生产", "industry",
	 "production|产业扶贫|发展生产脱贫一批"},
	{"work.batch", "relocation", "易地搬迁", "relocation",
	 "易地扶贫搬迁|易地搬迁脱贫一批"},
	{"work.batch", "ecological", "生态补偿", "ecological compensation",
	 "ecological|生态补偿脱贫一批"},
	{"work.batch", "education", "发展教育", "education",
	 "教育扶贫|发展教育脱贫一批"},
	{"work.batch", "social_security", "社会保障兜底", "social security",
	 "兜底保障|社会保障兜底一批"},
	{"work.batch", "housing", "危房改造", "housing renovation",
	 "housing|农村危房改造"},
	{"work.batch", "employment", "就业/技能培训", "training and employment",
	 "employment|就业|技能培训|转移就业"},
	{"work.batch", "health", "健康扶贫", "health", NULL},
	{"work.batch", "credit", "金融扶贫", "micro-credit",
	 "扶贫小额信贷|小额信贷"},
	{"work.batch", "welfare_job", "公益岗位", "public-welfare job",
	 "公益性岗位"},
	{"work.batch", "water", "饮水安全", "drinking water", "饮水"},
	{"work.batch", "other", "其他", "other", NULL},

	{"work.status", "planned", "计划", "planned", "计划中|未开始"},
	{"work.status", "in_progress", "实施中", "in progress",
	 "进行中|在建"},
	{"work.status", "done", "已完成", "done", "完成|已竣工|竣工"},
	{"work.status", "cancelled", "已取消", "cancelled", "取消"},

	{"work.renovation", "rebuild", "重建", "rebuild", "新建|拆除重建"},
	{"work.renovation", "repair", "修缮", "repair", "维修|加固|修缮加固"},

	{"work.fund_level", "central", "中央", "central", "中央财政"},
	{"work.fund_level", "province", "省", "province", "省级"},
	{"work.fund_level", "city", "市", "city", "市级|州|州级"},
	{"work.fund_level", "county", "县", "county", "县级"},
	{"work.fund_level", "town", "乡镇", "town", "乡|镇"},
	{"work.fund_level", "unit", "其他单位", "other unit",
	 "其他|other|帮扶单位"},

	{"work.project_category", "road", "道路", "road", "公路|硬化路"},
	{"work.project_category", "water", "饮水", "water", "人饮|供水"},
	{"work.project_category", "sewage", "污水", "sewage", "污水处理"},
	{"work.project_category", "housing", "住房", "housing", NULL},
	{"work.project_category", "industry", "产业", "industry", NULL},
	{"work.project_category", "school", "学校", "school", NULL},
	{"work.project_category", "clinic", "卫生室", "clinic", "诊所"},
	{"work.project_category", "other", "其他", "other", NULL},
	{"work.team_level", "state", "中央", "state", "国家|中央单位|central"},
	{"work.team_level", "province", "省", "province", "省级"},
	{"work.team_level", "city", "市", "city", "市级|州|州级"},
	{"work.team_level", "county", "县", "county", "县级"},
	{"work.team_level", "town", "乡镇", "town", "乡|镇"},
	{"work.team_level", "village", "村", "village", "村级"},

	{"work.team_role", "leader", "队长", "leader", "工作队队长"},
	{"work.team_role", "first_secretary", "第一书记", "first secretary",
	 "驻村第一书记"},
	{"work.team_role", "member", "队员", "member", "工作队员"},

	{"work.attendance", "present", "在岗", "present", "在村|出勤"},
	{"work.attendance", "leave", "请假", "leave", "休假"},
	{"work.attendance", "travel", "公出", "official travel",
	 "travel|出差|因公外出"},

	{"work.party_kind", "full", "正式党员", "full member", "full|中共党员"},
	{"work.party_kind", "probationary", "预备党员", "probationary member",
	 "probationary|中共预备党员"},

	{"work.activity", "member_day", "党员活动日", "party member day",
	 "主题党日|member day"},
	{"work.activity", "three_one", "三会一课", "three meetings and one lesson",
	 "three_meetings"},
	{"work.activity", "election", "支部换届", "branch election",
	 "换届|换届选举|election"},
	{"work.activity", "other", "其他", "other", NULL},

	{"work.fund_use", "relief", "生活救助", "living relief",
	 "救灾|救助|relief"},
	{"work.fund_use", "industry", "产业发展", "industry", "产业"},
	{"work.fund_use", "housing", "安居工程", "housing",
	 "危房改造|住房|housing"},
	{"work.fund_use", "relocation", "易地搬迁", "relocation", "搬迁"},
	{"work.fund_use", "education", "教育资助", "education", "教育"},
	{"work.fund_use", "training", "技能培训", "training", "培训"},
	{"work.fund_use", "infrastructure", "基础设施", "infrastructure",
	 "基础设施建设"},
	{"work.fund_use", "party", "党建工作经费", "party branch work",
	 "党建|支部经费|party"},
	{"work.fund_use", "other", "其他", "other", NULL},

	{"work.livestock", "large", "大牲畜", "large livestock",
	 "牛|马|驴|骡|large"},
	{"work.livestock", "pig", "生猪", "pigs", "猪|pig"},
	{"work.livestock", "goat", "山羊", "goats", "黑山羊|羊|goat"},
	{"work.livestock", "sheep", "绵羊", "sheep", NULL},
	{"work.livestock", "poultry", "家禽", "poultry", "鸡|鸭|鹅"},
	{"work.livestock", "other", "其他", "other", NULL},

	{"work.training_status", "planned", "计划", "planned", "计划中"},
	{"work.training_status", "held", "已举办", "held", "已培训|完成"},

	{"work.employment", "export", "外出务工", "labour export",
	 "export|转移就业|劳务输出"},
	{"work.employment", "local", "本地务工", "local", "就地就业|就近务工"},

	{"work.terrain", "plain", "坝区", "plain", "平坝|平原"},
	{"work.terrain", "hill", "丘陵", "hills", "hill"},
	{"work.terrain", "semi_mountain", "半山区", "semi-mountain", NULL},
	{"work.terrain", "mountain", "山区", "mountain", NULL},

	{"work.item", "crop", "农作物", "crop", "粮食作物|作物"},
	{"work.item", "livestock", "畜禽", "livestock", "牲畜|家畜"},
	{"work.item", "school", "学校", "school", "小学|中学"},
	{"work.item", "kindergarten", "幼儿园", "kindergarten", NULL},
	{"work.item", "clinic", "卫生室", "clinic", "诊所|卫生所"},
	{"work.item", "road", "道路", "road", "村组道路"},

	{"work.note_category", "problem", "存在问题和困难",
	 "problems and difficulties", "problem|问题|困难"},
	{"work.note_category", "plan", "下一步工作计划", "next-step plan",
	 "plan|计划|下一步计划"},
	{"work.note_category", "other", "其他", "other", NULL},
};

#define NCODES (sizeof codes / sizeof codes[0])

int work__is_list(const char *list)
{
	return list && strncmp(list, "work.", 5) == 0;
}

static int alias_match(const char *aliases, const char *in)
{
	size_t len = strlen(in);
	const char *p;

	for (p = aliases; p && *p;) {
		size_t n = strcspn(p, "|");
		if (n == len && strncasecmp(p, in, n) == 0)
			return 1;
		p += n;
		if (*p)
			p++;
	}
	return 0;
}

const struct lk_wcode *work__code_find(const char *list, const char *input)
{
	size_t i;

	for (i = 0; i < NCODES; i++) {
		const struct lk_wcode *c = &codes[i];
		if (strcmp(c->list, list) != 0)
			continue;
		if (strcasecmp(c->code, input) == 0 ||
		    strcmp(c->zh, input) == 0 ||
		    strcasecmp(c->en, input) == 0 ||
		    alias_match(c->aliases, input))
			return c;
	}
	return NULL;
}

const struct lk_wcode *work__code_get(const char *list, const char *code)
{
	size_t i;

	for (i = 0; i < NCODES; i++)
		if (strcmp(codes[i].list, list) == 0 &&
		    strcmp(codes[i].code, code) == 0)
			return &codes[i];
	return NULL;
}

const struct lk_wcode *lk_work_code_list(const char *list, size_t *n)
{
	size_t i, first = NCODES;

	*n = 0;
	for (i = 0; i < NCODES; i++)
		if (strcmp(codes[i].list, list) == 0) {
			if (first == NCODES)
				first = i;
			(*n)++;
		}
	return *n ? &codes[first] : NULL;
}
