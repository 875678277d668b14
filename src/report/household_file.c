/*
 * household_file.c - the household file (扶贫手册) as markdown; see
 * household_file.h for the sections.  Only service reads, no SQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/idcard.h"
#include "core/money.h"
#include "policy/policy.h"
#include "procedure/procedure.h"
#include "registry/codes.h"
#include "registry/fields.h"
#include "registry/household.h"
#include "registry/region.h"
#include "report/doc.h"
#include "report/household_file.h"
#include "work/work.h"

#define DASH "\xE2\x80\x94" /* an em dash for "none" */
#define MAX_ROWS 10000	    /* records of one kind for one household */

/* The state of one file being written. */
struct hf {
	struct lk_ctx *ctx;
	struct lk_codes *codes;
	enum lk_lang lang;
	struct lk_buf *o;
	struct lk_arena a;
	struct lk_buf v; /* a value being shown */
	char today[LK_DATE_BUFSZ];
	struct lk_date on;
	int h; /* level of the file's title heading (1 or 2) */
	/* the household */
	struct lk_rec hh;
	int64_t id;
	const char *no, *village;
};

/* ---- small writers -------------------------------------------------- */

static int put(struct hf *f, const char *s) { return lk_buf_adds(f->o, s); }

/* Escaped data value ("" for NULL). */
static int esc(struct hf *f, const char *s) { return lk_md_escape(f->o, s); }

static int heading(struct hf *f, int rel, const char *text)
{
	int rc, i;

	for (i = 0, rc = 0; i < f->h + rel && !rc; i++)
		rc = lk_buf_addc(f->o, '#');
	if (!rc && !(rc = lk_buf_addc(f->o, ' ')) && !(rc = esc(f, text)))
		rc = put(f, "\n\n");
	return rc;
}

static const char *flabel(const struct hf *f, const struct lk_field *fd)
{
	return f->lang == LK_LANG_ZH ? fd->zh : _(fd->en);
}

/* The label of a yes/no field as a noun: the Chinese headers ask a
 * question ("是否参加大病保险"), the list wants the thing ("大病保险"). */
static const char *noun_label(const struct hf *f, const struct lk_field *fd)
{
	static const char *const pre[] = {"是否参加", "是否享受", "是否", NULL};
	const char *l = flabel(f, fd);
	size_t i;

	for (i = 0; f->lang == LK_LANG_ZH && pre[i]; i++)
		if (!strncmp(l, pre[i], strlen(pre[i])))
			return l + strlen(pre[i]);
	return l;
}

/* Display text of a registry or work value into f->v (borrowed until the
 * next call); DASH-free: "" for unknown. */
static const char *show(struct hf *f, const struct lk_rec *r, const char *key,
			int work)
{
	int i = lk_field_find(r->t, key);

	lk_buf_reset(&f->v);
	if (i < 0 || !r->v[i])
		return "";
	if (work ? lk_work_show(f->ctx, &r->t->f[i], r->v[i], f->lang, &f->v)
		 : lk_field_show(&r->t->f[i], f->codes, r->v[i], f->lang, &f->v))
		return "";
	return lk_buf_str(&f->v);
}

/* A table cell: "value |" (escaped), DASH for empty. */
static int cell(struct hf *f, const char *s)
{
	int rc;

	if ((rc = put(f, " ")))
		return rc;
	rc = s && *s ? esc(f, s) : put(f, DASH);
	return rc ? rc : put(f, " |");
}

/* The label of a column: "m:key" a member field, "w:kind:key" a field of
 * a work kind, "i:key" an income field, else a msgid. */
static const char *col_label(struct hf *f, const char *c)
{
	const struct lk_table *t = NULL;
	const struct lk_wkind *k;
	char kind[32];
	const char *key = c + 2, *colon;
	int i;

	if (!strncmp(c, "m:", 2))
		t = &lk_members;
	else if (!strncmp(c, "i:", 2))
		t = &lk_incomes;
	else if (!strncmp(c, "w:", 2) && (colon = strchr(c + 2, ':')) &&
		 (size_t)(colon - c - 2) < sizeof kind) {
		memcpy(kind, c + 2, (size_t)(colon - c - 2));
		kind[colon - c - 2] = '\0';
		if ((k = lk_work_kind(kind)))
			t = k->t;
		key = colon + 1;
	}
	if (!t)
		return _(c);
	if ((i = lk_field_find(t, key)) < 0)
		return key;
	return flabel(f, &t->f[i]);
}

static int table_head(struct hf *f, const char *const *cols, const char *al)
{
	size_t i;
	int rc = put(f, "|");

	for (i = 0; cols[i] && !rc; i++)
		rc = cell(f, col_label(f, cols[i]));
	if (!rc)
		rc = put(f, "\n|");
	for (i = 0; cols[i] && !rc; i++)
		rc = put(f, al && al[i] == 'r' ? "---:|" : "---|");
	return rc ? rc : put(f, "\n");
}

/* Key-value grid: two pairs per row. */
struct kv {
	struct hf *f;
	int half; /* a pair waiting for its partner */
};

static int kv_begin(struct kv *k, struct hf *f)
{
	static const char *const cols[] = {N_("Item"), N_("Details"),
					   N_("Item"), N_("Details"), NULL};
	k->f = f;
	k->half = 0;
	return table_head(f, cols, NULL);
}

static int kv(struct kv *k, const char *label, const char *value)
{
	int rc;

	if (!k->half && (rc = put(k->f, "|")))
		return rc;
	if ((rc = put(k->f, " **")) || (rc = esc(k->f, label)) ||
	    (rc = put(k->f, "** |")) || (rc = cell(k->f, value)))
		return rc;
	k->half = !k->half;
	return k->half ? 0 : put(k->f, "\n");
}

/* A registry field of the household by key.  The Chinese headers of
 * measured fields carry no unit: it is added here. */
static int kv_field(struct kv *k, const char *key)
{
	struct lk_buf l = LK_BUF_INIT(256);
	int i = lk_field_find(&lk_households, key), rc;
	size_t n = strlen(key);
	const char *unit = NULL;

	if (i < 0)
		return lk_err_set(&k->f->ctx->err, LK_EINTERNAL,
				  _("household file: no field %s"), key);
	if (k->f->lang == LK_LANG_ZH)
		unit = n > 3 && !strcmp(key + n - 3, "_mu") ? "（亩）"
		       : !strcmp(key, "road_km")	    ? "（公里）"
		       : !strcmp(key, "house_m2")	    ? "（平方米）"
							    : NULL;
	if ((rc = lk_buf_adds(&l, flabel(k->f, &lk_households.f[i]))) ||
	    (unit && (rc = lk_buf_adds(&l, unit))))
		goto out;
	rc = kv(k, lk_buf_str(&l), show(k->f, &k->f->hh, key, 0));
out:
	lk_buf_free(&l);
	return rc;
}

static int kv_end(struct kv *k)
{
	int rc = 0;

	if (k->half)
		rc = put(k->f, " | |\n");
	return rc ? rc : put(k->f, "\n");
}

/* ---- basic information ---------------------------------------------- */

/* "county town village" of a village code. */
static int village_path(struct hf *f, char *out, size_t n)
{
	struct lk_region r;
	char code[LK_REGION_CODE_MAX];
	const char *names[3] = {"", "", ""};
	char keep[3][128];
	int i, rc;

	snprintf(code, sizeof code, "%s", f->village);
	for (i = 2; i >= 0; i--) {
		rc = lk_region_get(f->ctx, code, &r);
		if (rc == LK_ENOTFOUND)
			break;
		if (rc)
			return rc;
		snprintf(keep[i], sizeof keep[i], "%s", r.name);
		names[i] = keep[i];
		snprintf(code, sizeof code, "%s", r.parent);
		if (!*code)
			break;
	}
	lk_err_clear(&f->ctx->err);
	snprintf(out, n, "%s%s%s%s%s", names[0], *names[0] ? " " : "",
		 names[1], *names[1] ? " " : "", names[2]);
	if (!*out)
		snprintf(out, n, "%s", f->village);
	return 0;
}

struct count {
	int current, former;
};

static int count_member(void *arg, const struct lk_rec *m)
{
	struct count *c = arg;
	const char *st = lk_rec_get(m, "member_status");

	if (!st || strcmp(st, "current") == 0)
		c->current++;
	else
		c->former++;
	return 0;
}

static int sec_basic(struct hf *f, struct count *cnt)
{
	static const char *const keys[] = {
		"head_name", "head_id", "phone", "bank", "bank_account",
		"attribute", "id_standard", "identified_year", "status",
		"lifted_year", "monitoring_category", "monitoring_since",
		"risk_eliminated_on", "military_family", "only_child",
		"two_daughters", "relocated", NULL};
	struct kv k;
	char path[512], n[32];
	size_t i;
	int rc;

	if ((rc = village_path(f, path, sizeof path)) ||
	    (rc = lk_members_each(f->ctx, f->id, count_member, cnt)))
		return rc;
	snprintf(n, sizeof n, "%d", cnt->current);
	if ((rc = heading(f, 1, _("Basic information"))) ||
	    (rc = kv_begin(&k, f)) || (rc = kv_field(&k, "household_no")) ||
	    (rc = kv(&k, _("village"), path)) || (rc = kv_field(&k, "group")) ||
	    (rc = kv(&k, _("household size"), n)))
		return rc;
	for (i = 0; keys[i]; i++)
		if ((rc = kv_field(&k, keys[i])))
			return rc;
	return kv_end(&k);
}

/* ---- members -------------------------------------------------------- */

struct mrow {
	struct lk_rec r;
};

struct mlist {
	struct hf *f;
	struct mrow *m;
	size_t n, cap;
	int rc;
};

static int keep_member(void *arg, const struct lk_rec *m)
{
	struct mlist *l = arg;
	struct mrow *nm;
	size_t i;

	if (l->n == MAX_ROWS)
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		nm = lk_arena_alloc(&l->f->a, l->cap * sizeof *nm);
		if (!nm)
			return LK_ENOMEM;
		if (l->n)
			memcpy(nm, l->m, l->n * sizeof *nm);
		l->m = nm;
	}
	lk_rec_init(&l->m[l->n].r, m->t);
	for (i = 0; i < m->t->n; i++)
		if (m->v[i] &&
		    !(l->m[l->n].r.v[i] = lk_arena_strdup(&l->f->a, m->v[i])))
			return LK_ENOMEM;
	l->n++;
	return 0;
}

static int is_current(const struct lk_rec *m)
{
	const char *st = lk_rec_get(m, "member_status");
	return !st || strcmp(st, "current") == 0;
}

static void age_of(struct hf *f, const char *id, char out[16])
{
	struct lk_id_info info;

	out[0] = '\0';
	if (!id || strlen(id) < LK_ID_LEN)
		return;
	lk_id_validate_at(id, f->on, &info, NULL);
	if ((info.reason == LK_ID_OK || info.reason == LK_ID_CHECKSUM) &&
	    info.birth == LK_ID_OK)
		snprintf(out, 16, "%d", lk_age_on(info.birth_date, f->on));
}

static int sec_members(struct hf *f)
{
	static const char *const c1[] = {
		"#", "m:name", "m:id_number", "m:relation", "m:sex", N_("age"),
		"m:ethnicity", "m:politics", NULL};
	static const char *const c2[] = {
		"#", "m:name", "m:education", "m:school", "m:health",
		"m:labour", N_("migrant work"), N_("insurance"),
		N_("assistance"), NULL};
	static const char *const ins[] = {
		"medical_insurance", "serious_illness_insurance",
		"employee_medical_insurance", "pension_insurance", NULL};
	static const char *const aid[] = {"dibao_person", "tekun_person", NULL};
	struct mlist l = {f, NULL, 0, 0, 0};
	struct lk_buf t = LK_BUF_INIT(4096);
	char age[16], num[16];
	size_t i, k, shown = 0;
	int rc;

	if ((rc = lk_members_each(f->ctx, f->id, keep_member, &l)) ||
	    (rc = heading(f, 1, _("Household members"))) ||
	    (rc = table_head(f, c1, "rllllrll")))
		goto out;
	for (i = 0; i < l.n; i++) {
		const struct lk_rec *m = &l.m[i].r;
		if (!is_current(m))
			continue;
		snprintf(num, sizeof num, "%zu", ++shown);
		age_of(f, lk_rec_get(m, "id_number"), age);
		if ((rc = put(f, "|")) || (rc = cell(f, num)) ||
		    (rc = cell(f, show(f, m, "name", 0))) ||
		    (rc = cell(f, show(f, m, "id_number", 0))) ||
		    (rc = cell(f, show(f, m, "relation", 0))) ||
		    (rc = cell(f, show(f, m, "sex", 0))) || (rc = cell(f, age)) ||
		    (rc = cell(f, show(f, m, "ethnicity", 0))) ||
		    (rc = cell(f, show(f, m, "politics", 0))) ||
		    (rc = put(f, "\n")))
			goto out;
	}
	if ((rc = put(f, "\n")) || (rc = table_head(f, c2, NULL)))
		goto out;
	shown = 0;
	for (i = 0; i < l.n; i++) {
		const struct lk_rec *m = &l.m[i].r;
		const char *mm = lk_rec_get(m, "migrant_months");
		if (!is_current(m))
			continue;
		snprintf(num, sizeof num, "%zu", ++shown);
		if ((rc = put(f, "|")) || (rc = cell(f, num)) ||
		    (rc = cell(f, show(f, m, "name", 0))) ||
		    (rc = cell(f, show(f, m, "education", 0))) ||
		    (rc = cell(f, show(f, m, "school", 0))) ||
		    (rc = cell(f, show(f, m, "health", 0))) ||
		    (rc = cell(f, show(f, m, "labour", 0))))
			goto out;
		lk_buf_reset(&t);
		if (mm && strcmp(mm, "0") != 0) {
			const char *place = lk_rec_get(m, "work_place");
			if ((rc = lk_buf_printf(&t, _("%s months"), mm)) ||
			    (place && ((rc = lk_buf_adds(&t, ", ")) ||
				       (rc = lk_buf_adds(&t, place)))))
				goto out;
		}
		if ((rc = cell(f, lk_buf_str(&t))))
			goto out;
		lk_buf_reset(&t);
		for (k = 0; ins[k]; k++) {
			const char *v = lk_rec_get(m, ins[k]);
			int fi = lk_field_find(&lk_members, ins[k]);
			if (!v || strcmp(v, "1") != 0 || fi < 0)
				continue;
			if ((t.len && (rc = lk_buf_adds(&t, f->lang == LK_LANG_ZH
								   ? "、"
								   : "; "))) ||
			    (rc = lk_buf_adds(&t, noun_label(f, &lk_members.f[fi]))))
				goto out;
		}
		if ((rc = cell(f, lk_buf_str(&t))))
			goto out;
		lk_buf_reset(&t);
		for (k = 0; aid[k]; k++) {
			const char *v = lk_rec_get(m, aid[k]);
			int fi = lk_field_find(&lk_members, aid[k]);
			if (!v || strcmp(v, "1") != 0 || fi < 0)
				continue;
			if ((t.len && (rc = lk_buf_adds(&t, f->lang == LK_LANG_ZH
								   ? "、"
								   : "; "))) ||
			    (rc = lk_buf_adds(&t, noun_label(f, &lk_members.f[fi]))))
				goto out;
		}
		if ((rc = cell(f, lk_buf_str(&t))) || (rc = put(f, "\n")))
			goto out;
	}
	if ((rc = put(f, "\n")))
		goto out;
	/* members who died or moved out */
	for (i = 0, k = 0; i < l.n; i++) {
		const struct lk_rec *m = &l.m[i].r;
		if (is_current(m))
			continue;
		if (!k++ && ((rc = put(f, "**")) ||
			     (rc = esc(f, _("Former members"))) ||
			     (rc = put(f, "**\n\n"))))
			goto out;
		if ((rc = put(f, "- ")) || (rc = esc(f, show(f, m, "name", 0))) ||
		    (rc = put(f, " (")) ||
		    (rc = esc(f, show(f, m, "relation", 0))) ||
		    (rc = put(f, "): ")) ||
		    (rc = esc(f, show(f, m, "member_status", 0))) ||
		    (rc = put(f, " ")) ||
		    (rc = esc(f, show(f, m, "status_date", 0))) ||
		    (rc = put(f, "\n")))
			goto out;
	}
	if (k)
		rc = put(f, "\n");
out:
	lk_buf_free(&t);
	return rc;
}

/* ---- living conditions and causes ----------------------------------- */

static int sec_living(struct hf *f)
{
	static const char *const keys[] = {
		"cultivated_mu", "irrigated_mu", "forest_mu",
		"grain_for_green_mu", "orchard_mu", "pasture_mu",
		"water_surface_mu", "house_m2", "house_grade",
		"water_difficult", "water_safe", "production_power",
		"household_power", "road_km", "road_type", "fuel", "toilet",
		"coop", NULL};
	struct kv k;
	size_t i;
	int rc;

	if ((rc = heading(f, 1, _("Living conditions"))) ||
	    (rc = kv_begin(&k, f)))
		return rc;
	for (i = 0; keys[i]; i++)
		if ((rc = kv_field(&k, keys[i])))
			return rc;
	return kv_end(&k);
}

static int sec_causes(struct hf *f)
{
	struct kv k;
	int rc;

	if ((rc = heading(f, 1, _("Causes of poverty"))) ||
	    (rc = kv_begin(&k, f)) || (rc = kv_field(&k, "main_cause")) ||
	    (rc = kv_field(&k, "other_causes")) ||
	    (rc = kv_field(&k, "risk_types")) ||
	    (rc = kv_field(&k, "risk_eliminated")))
		return rc;
	return kv_end(&k);
}

/* ---- incomes -------------------------------------------------------- */

struct inc {
	struct lk_rec r;
	struct lk_income_sum s;
};

struct ilist {
	struct hf *f;
	struct inc *v;
	size_t n, cap;
};

static int keep_income(void *arg, const struct lk_rec *r,
		       const struct lk_income_sum *s)
{
	struct ilist *l = arg;
	struct inc *nv;
	size_t i;

	if (l->n == MAX_ROWS)
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		if (!(nv = lk_arena_alloc(&l->f->a, l->cap * sizeof *nv)))
			return LK_ENOMEM;
		if (l->n)
			memcpy(nv, l->v, l->n * sizeof *nv);
		l->v = nv;
	}
	lk_rec_init(&l->v[l->n].r, r->t);
	for (i = 0; i < r->t->n; i++)
		if (r->v[i] && !(l->v[l->n].r.v[i] =
					 lk_arena_strdup(&l->f->a, r->v[i])))
			return LK_ENOMEM;
	l->v[l->n].s = *s;
	l->n++;
	return 0;
}

static int money_cell(struct hf *f, int64_t fen)
{
	char m[LK_MONEY_BUFSZ];

	lk_money_format(fen, m);
	return cell(f, m);
}

static int sec_incomes(struct hf *f)
{
	struct ilist l = {f, NULL, 0, 0};
	int64_t *line = NULL;
	char y[16];
	size_t i, k;
	int rc;

	if ((rc = lk_incomes_each(f->ctx, f->id, keep_income, &l)) ||
	    (rc = heading(f, 1, _("Income by year"))))
		return rc;
	if (!l.n) {
		if ((rc = esc(f, _("No income recorded."))))
			return rc;
		return put(f, "\n\n");
	}
	if (!(line = lk_arena_alloc(&f->a, l.n * sizeof *line)))
		return LK_ENOMEM;
	for (i = 0; i < l.n; i++) {
		rc = lk_policy_money(f->ctx, "poverty_line", f->village,
				     l.v[i].s.year, &line[i]);
		if (rc == LK_ENOTFOUND) {
			line[i] = -1;
			lk_err_clear(&f->ctx->err);
		} else if (rc) {
			return rc;
		}
	}
	/* items as rows, years as columns (yuan) */
	if ((rc = put(f, "|")) || (rc = cell(f, _("Item (yuan)"))))
		return rc;
	for (i = 0; i < l.n; i++) {
		snprintf(y, sizeof y, "%d", l.v[i].s.year);
		if ((rc = cell(f, y)))
			return rc;
	}
	if ((rc = put(f, "\n|---|")))
		return rc;
	for (i = 0; i < l.n; i++)
		if ((rc = put(f, "---:|")))
			return rc;
	if ((rc = put(f, "\n")))
		return rc;
	for (k = 0; k < lk_incomes.n; k++) {
		const struct lk_field *fd = &lk_incomes.f[k];
		if (fd->type != LK_F_MONEY || !strcmp(fd->key, "net_income") ||
		    !strcmp(fd->key, "per_capita"))
			continue;
		if ((rc = put(f, "|")) || (rc = cell(f, flabel(f, fd))))
			return rc;
		for (i = 0; i < l.n; i++)
			if ((rc = cell(f, show(f, &l.v[i].r, fd->key, 0))))
				return rc;
		if ((rc = put(f, "\n")))
			return rc;
	}
	if ((rc = put(f, "| **")) || (rc = esc(f, _("net income"))) ||
	    (rc = put(f, "** |")))
		return rc;
	for (i = 0; i < l.n; i++)
		if ((rc = money_cell(f, l.v[i].s.net)))
			return rc;
	if ((rc = put(f, "\n|")) || (rc = cell(f, _("household size"))))
		return rc;
	for (i = 0; i < l.n; i++) {
		snprintf(y, sizeof y, "%d", l.v[i].s.persons);
		if ((rc = cell(f, y)))
			return rc;
	}
	if ((rc = put(f, "\n| **")) ||
	    (rc = esc(f, _("per-capita net income"))) || (rc = put(f, "** |")))
		return rc;
	for (i = 0; i < l.n; i++)
		if ((rc = money_cell(f, l.v[i].s.per_capita)))
			return rc;
	if ((rc = put(f, "\n|")) || (rc = cell(f, _("poverty line"))))
		return rc;
	for (i = 0; i < l.n; i++)
		if ((rc = line[i] < 0 ? cell(f, "") : money_cell(f, line[i])))
			return rc;
	if ((rc = put(f, "\n|")) || (rc = cell(f, _("above the line"))))
		return rc;
	for (i = 0; i < l.n; i++)
		if ((rc = cell(f, line[i] < 0 ? ""
				  : l.v[i].s.per_capita > line[i] ? _("yes")
								  : _("no"))))
			return rc;
	return put(f, "\n\n");
}

/* ---- helpers, measures, visits -------------------------------------- */

/* Work records of one kind for the household, copied to the arena. */
struct wlist {
	struct hf *f;
	struct lk_rec *r;
	size_t n, cap;
};

static int keep_work(void *arg, int64_t id, const struct lk_rec *r)
{
	struct wlist *l = arg;
	struct lk_rec *nr;
	size_t i;

	(void)id;
	if (l->n == MAX_ROWS)
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		if (!(nr = lk_arena_alloc(&l->f->a, l->cap * sizeof *nr)))
			return LK_ENOMEM;
		if (l->n)
			memcpy(nr, l->r, l->n * sizeof *nr);
		l->r = nr;
	}
	lk_rec_init(&l->r[l->n], r->t);
	for (i = 0; i < r->t->n; i++)
		if (r->v[i] &&
		    !(l->r[l->n].v[i] = lk_arena_strdup(&l->f->a, r->v[i])))
			return LK_ENOMEM;
	l->n++;
	return 0;
}

static int work_of(struct hf *f, const struct lk_wkind *k, struct wlist *l)
{
	struct lk_wfilter flt;

	memset(&flt, 0, sizeof flt);
	memset(l, 0, sizeof *l);
	l->f = f;
	flt.household_no = f->no;
	return lk_work_list(f->ctx, k, &flt, keep_work, l);
}

/* The cadre record of id (text), or NULL when unknown / out of scope. */
static const struct lk_rec *cadre(struct hf *f, const char *id,
				  struct lk_rec *r)
{
	char *end;
	long long v = id ? strtoll(id, &end, 10) : 0;

	if (!id || *end || v <= 0)
		return NULL;
	if (lk_work_get(f->ctx, &lk_wk_cadre, v, &f->a, r)) {
		lk_err_clear(&f->ctx->err);
		return NULL;
	}
	return r;
}

/* One row of a work-record table (r's) whose columns are the keys
 * "w:TABLE:FIELD" of the table's head: a field of r, of its cadre when
 * TABLE is cadre, and r's cadre_id shows the cadre's name. */
static int work_row(struct hf *f, const struct lk_rec *r,
		    const char *const *cols)
{
	struct lk_rec cr;
	const struct lk_rec *c = NULL;
	size_t i;
	int rc;

	if (lk_field_find(r->t, "cadre_id") >= 0)
		c = cadre(f, lk_rec_get(r, "cadre_id"), &cr);
	if ((rc = put(f, "|")))
		return rc;
	for (i = 0; cols[i]; i++) {
		const char *field = strrchr(cols[i], ':') + 1;

		if (!strncmp(cols[i], "w:cadre:", 8))
			rc = cell(f, c ? show(f, c, field, 1) : "");
		else if (!strcmp(field, "cadre_id"))
			rc = cell(f, c ? show(f, c, "name", 1) : "");
		else
			rc = cell(f, show(f, r, field, 1));
		if (rc)
			return rc;
	}
	return put(f, "\n");
}

/* A section listing the household's records of work table k under
 * title, with the columns cols; empty says there are none. */
static int work_section(struct hf *f, const struct lk_wkind *k,
			const char *title, const char *empty,
			const char *const *cols)
{
	struct wlist l;
	size_t i;
	int rc;

	if ((rc = work_of(f, k, &l)) || (rc = heading(f, 1, title)))
		return rc;
	if (!l.n) {
		if ((rc = esc(f, empty)))
			return rc;
		return put(f, "\n\n");
	}
	if ((rc = table_head(f, cols, NULL)))
		return rc;
	for (i = 0; i < l.n; i++)
		if ((rc = work_row(f, &l.r[i], cols)))
			return rc;
	return put(f, "\n");
}

static int sec_helpers(struct hf *f)
{
	static const char *const cols[] = {
		"w:cadre:name", "w:cadre:unit", "w:cadre:post", "w:cadre:phone",
		"w:pairing:start_date", "w:pairing:end_date", NULL};

	return work_section(f, &lk_wk_pairing, _("Helpers"),
			    _("No helper paired."), cols);
}

static int measure_table(struct hf *f, const struct wlist *l,
			 const char *batch)
{
	static const char *const cols[] = {
		"w:measure:description", "w:measure:planned_date",
		"w:measure:actual_date", "w:measure:status",
		"w:measure:amount", NULL};
	size_t i;
	int rc, any = 0;

	for (i = 0; i < l->n; i++) {
		const char *b = lk_rec_get(&l->r[i], "batch");
		if (!b || strcmp(b, batch) != 0)
			continue;
		if (!any++ && (rc = table_head(f, cols, "llllr")))
			return rc;
		if ((rc = work_row(f, &l->r[i], cols)))
			return rc;
	}
	if (!any && (rc = esc(f, _("No measure."))))
		return rc;
	return put(f, "\n\n");
}

static int sec_measures(struct hf *f)
{
	/* the five batches (五个一批) first, always */
	static const char *const five[] = {"industry", "relocation",
					   "ecological", "education",
					   "social_security", NULL};
	const struct lk_field *bf = NULL;
	struct wlist l;
	struct lk_buf title = LK_BUF_INIT(1024);
	size_t i, k;
	int rc, isfive;

	for (i = 0; i < lk_wk_measure.t->n; i++)
		if (!strcmp(lk_wk_measure.t->f[i].key, "batch"))
			bf = &lk_wk_measure.t->f[i];
	if (!bf)
		return LK_EINTERNAL;
	if ((rc = work_of(f, &lk_wk_measure, &l)) ||
	    (rc = heading(f, 1, _("Assistance plan and measures"))))
		goto out;
	for (i = 0; five[i]; i++) {
		lk_buf_reset(&title);
		if ((rc = lk_work_show(f->ctx, bf, five[i], f->lang, &title)) ||
		    (rc = heading(f, 2, lk_buf_str(&title))) ||
		    (rc = measure_table(f, &l, five[i])))
			goto out;
	}
	/* other batches, in the order they first appear */
	for (i = 0; i < l.n; i++) {
		const char *b = lk_rec_get(&l.r[i], "batch");
		for (k = 0, isfive = 0; five[k]; k++)
			isfive |= b && !strcmp(b, five[k]);
		for (k = 0; k < i && b && !isfive; k++) {
			const char *pb = lk_rec_get(&l.r[k], "batch");
			if (pb && !strcmp(pb, b))
				isfive = 1; /* already shown */
		}
		if (!b || isfive)
			continue;
		lk_buf_reset(&title);
		if ((rc = lk_work_show(f->ctx, bf, b, f->lang, &title)) ||
		    (rc = heading(f, 2, lk_buf_str(&title))) ||
		    (rc = measure_table(f, &l, b)))
			goto out;
	}
out:
	lk_buf_free(&title);
	return rc;
}

static int sec_visits(struct hf *f)
{
	static const char *const cols[] = {
		"w:visit:visit_date", "w:visit:cadre_id", "w:visit:found",
		"w:visit:problems", "w:visit:measures",
		"w:visit:follow_up_date", NULL};

	return work_section(f, &lk_wk_visit, _("Visits"),
			    _("No visit recorded."), cols);
}

/* ---- procedures and status history ---------------------------------- */

struct plist {
	struct hf *f;
	struct lk_proc *p;
	size_t n, cap;
};

static int keep_proc(void *arg, const struct lk_proc *p)
{
	struct plist *l = arg;
	struct lk_proc *np;

	if (l->n == MAX_ROWS)
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		if (!(np = lk_arena_alloc(&l->f->a, l->cap * sizeof *np)))
			return LK_ENOMEM;
		if (l->n)
			memcpy(np, l->p, l->n * sizeof *np);
		l->p = np;
	}
	memset(&l->p[l->n], 0, sizeof *np);
	l->p[l->n].kind = p->kind;
	l->p[l->n].year = p->year;
	l->p[l->n].state = lk_arena_strdup(&l->f->a, p->state ? p->state : "");
	l->p[l->n].outcome = p->outcome ? lk_arena_strdup(&l->f->a, p->outcome)
					: NULL;
	l->p[l->n].started_on =
		lk_arena_strdup(&l->f->a, p->started_on ? p->started_on : "");
	l->p[l->n].finished_on =
		lk_arena_strdup(&l->f->a, p->finished_on ? p->finished_on : "");
	if (!l->p[l->n].state || !l->p[l->n].started_on ||
	    !l->p[l->n].finished_on || (p->outcome && !l->p[l->n].outcome))
		return LK_ENOMEM;
	l->n++;
	return 0;
}

/* The outcomes and sources, for translation. */
static const char *const words[] __attribute__((unused)) = {
	N_("approved"), N_("rejected"), N_("cancelled"), N_("done"),
	N_("imported"), N_("entered"), N_("procedure"), N_("override")};

struct hist {
	struct hf *f;
	int n, rc;
};

static int hist_row(void *arg, const struct lk_proc_event *e)
{
	struct hist *h = arg;
	struct hf *f = h->f;
	const char *label = e->value, *kind;
	char src[160];
	enum lk_proc_kind pk;
	int rc;

	if (e->value && !strcmp(e->kind, "status"))
		label = lk_code_label(f->codes, "hh_status", e->value, f->lang);
	else if (e->value)
		label = lk_code_label(f->codes, "monitoring_category", e->value,
				      f->lang);
	kind = !strcmp(e->kind, "status")	  ? _("status")
	       : !strcmp(e->kind, "monitoring") ? _("monitored")
						: _("risk eliminated");
	if (e->procedure_kind &&
	    lk_proc_kind_parse(e->procedure_kind, &pk) == 0)
		snprintf(src, sizeof src, "%s %d", lk_proc_kind_text(pk),
			 e->procedure_year);
	else
		snprintf(src, sizeof src, "%s", e->source ? _(e->source) : "");
	if (!h->n++) {
		static const char *const cols[] = {N_("date"), N_("change"),
						   N_("value"), N_("source"),
						   N_("note"), NULL};
		if ((rc = put(f, "**")) || (rc = esc(f, _("Status history"))) ||
		    (rc = put(f, "**\n\n")) || (rc = table_head(f, cols, NULL)))
			return rc;
	}
	if ((rc = put(f, "|")) || (rc = cell(f, e->date)) ||
	    (rc = cell(f, kind)) || (rc = cell(f, label)) ||
	    (rc = cell(f, src)) ||
	    (rc = cell(f, e->procedure_id ? "" : e->note)) ||
	    (rc = put(f, "\n")))
		return rc;
	return 0;
}

static int sec_procedures(struct hf *f)
{
	static const char *const cols[] = {N_("procedure"), N_("year"),
					   N_("started"), N_("finished"),
					   N_("state"), NULL};
	struct plist l = {f, NULL, 0, 0};
	struct lk_proc_filter flt;
	struct hist h = {f, 0, 0};
	char y[16];
	size_t i;
	int rc;

	memset(&flt, 0, sizeof flt);
	flt.household_no = f->no;
	flt.kind = -1;
	if ((rc = lk_proc_list(f->ctx, &flt, keep_proc, &l)) ||
	    (rc = heading(f, 1, _("Procedures and status history"))))
		return rc;
	if (!l.n && (rc = esc(f, _("No procedure recorded."))))
		return rc;
	if (!l.n && (rc = put(f, "\n\n")))
		return rc;
	if (l.n && (rc = table_head(f, cols, NULL)))
		return rc;
	for (i = 0; i < l.n; i++) {
		const struct lk_proc *p = &l.p[i];
		const char *state;
		const struct lk_step_def *sd;
		if (p->outcome)
			state = _(p->outcome);
		else if ((sd = lk_proc_step_def(p->kind, p->state)))
			state = _(sd->text);
		else
			state = _(p->state);
		snprintf(y, sizeof y, "%d", p->year);
		if ((rc = put(f, "|")) ||
		    (rc = cell(f, lk_proc_kind_text(p->kind))) ||
		    (rc = cell(f, y)) || (rc = cell(f, p->started_on)) ||
		    (rc = cell(f, p->finished_on)) || (rc = cell(f, state)) ||
		    (rc = put(f, "\n")))
			return rc;
	}
	if (l.n && (rc = put(f, "\n")))
		return rc;
	if ((rc = lk_proc_status_history(f->ctx, f->id, hist_row, &h)))
		return rc;
	return h.n ? put(f, "\n") : 0;
}

/* ---- signatures ----------------------------------------------------- */

static int sec_signatures(struct hf *f)
{
	static const char *const who[] = {
		N_("Head of household (signature)"),
		N_("Helper cadre (signature)"),
		N_("Village committee (seal)"),
		N_("Town government (seal)"), NULL};
	static const char line[] = "\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_"
				   "\\_\\_";
	size_t i;
	int rc;

	if ((rc = heading(f, 1, _("Signatures"))))
		return rc;
	for (i = 0; who[i]; i++)
		if ((rc = put(f, "**")) || (rc = esc(f, _(who[i]))) ||
		    (rc = put(f, "**")) ||
		    (rc = put(f, f->lang == LK_LANG_ZH ? "：" : ": ")) ||
		    (rc = put(f, line)) || (rc = put(f, "  **")) ||
		    (rc = esc(f, _("Date"))) || (rc = put(f, "**")) ||
		    (rc = put(f, f->lang == LK_LANG_ZH ? "：" : ": ")) ||
		    (rc = put(f, line)) || (rc = put(f, "\n\n")))
			return rc;
	return 0;
}

/* ---- the file ------------------------------------------------------- */

/* Writes the file of household no at heading level h (1: alone, 2: in a
 * batch). */
static int one_file(struct lk_ctx *ctx, const char *no, enum lk_lang lang,
		    struct lk_buf *out, int h)
{
	struct hf f;
	struct count cnt = {0, 0};
	struct lk_buf t = LK_BUF_INIT(4096);
	int rc;

	memset(&f, 0, sizeof f);
	f.ctx = ctx;
	f.lang = lang;
	f.o = out;
	f.h = h;
	f.a = (struct lk_arena)LK_ARENA_INIT(0);
	lk_buf_init(&f.v, 1u << 16);
	f.on = lk_today();
	lk_date_format(f.on, f.today);
	if (!no || !*no) {
		rc = lk_err_set(&ctx->err, LK_EINVAL, "%s",
				_("a household number is required"));
		goto out;
	}
	if ((rc = lk_codes_get(ctx, &f.codes)) ||
	    (rc = lk_household_get(ctx, no, &f.a, &f.hh, &f.id)))
		goto out;
	f.no = lk_rec_get(&f.hh, "household_no");
	f.village = lk_rec_get(&f.hh, "village_code");
	if (!f.no || !f.village) {
		rc = lk_err_set(&ctx->err, LK_EINTERNAL, _("no household %s"),
				no);
		goto out;
	}
	if ((rc = lk_buf_printf(&t, h == 1 ? _("Household file: %s (%s)")
					   : "%s (%s)",
				show(&f, &f.hh, "head_name", 0), f.no)) ||
	    (rc = heading(&f, 0, lk_buf_str(&t))))
		goto out;
	lk_buf_reset(&t);
	if ((rc = lk_buf_printf(&t, _("Prepared by lika from the ledger on "
				      "%s."),
				f.today)) ||
	    (rc = esc(&f, lk_buf_str(&t))) || (rc = put(&f, "\n\n")) ||
	    (rc = sec_basic(&f, &cnt)) || (rc = sec_members(&f)) ||
	    (rc = sec_living(&f)) || (rc = sec_causes(&f)) ||
	    (rc = sec_incomes(&f)) || (rc = sec_helpers(&f)) ||
	    (rc = sec_measures(&f)) || (rc = sec_visits(&f)) ||
	    (rc = sec_procedures(&f)) || (rc = sec_signatures(&f)))
		goto out;
out:
	if (rc == LK_ETOOBIG || rc == LK_ENOMEM)
		lk_err_set(&ctx->err, rc, _("the household file of %s is too "
					    "large"),
			   no);
	lk_buf_free(&t);
	lk_buf_free(&f.v);
	lk_arena_free(&f.a);
	return rc;
}

int lk_household_file_md(struct lk_ctx *ctx, const char *household_no,
			 enum lk_lang lang, struct lk_buf *out)
{
	enum lk_lang saved = lk_i18n_get();
	int rc;

	lk_i18n_set(lang);
	rc = one_file(ctx, household_no, lang, out, 1);
	lk_i18n_set(saved);
	return rc;
}

/* The household numbers of a batch. */
struct nos {
	char **v;
	size_t n, cap;
	int all, rc;
};

static int keep_no(void *arg, const struct lk_hh_summary *s)
{
	struct nos *l = arg;
	char **nv;

	if (!l->all && (!s->status || (strcmp(s->status, "poor") != 0 &&
				       strcmp(s->status, "lifted") != 0 &&
				       strcmp(s->status, "returned") != 0)))
		return 0;
	if (l->n == LK_HHFILE_BATCH_MAX)
		return l->rc = LK_ETOOBIG;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		if (!(nv = realloc(l->v, l->cap * sizeof *nv)))
			return LK_ENOMEM;
		l->v = nv;
	}
	if (!(l->v[l->n] = strdup(s->no)))
		return LK_ENOMEM;
	l->n++;
	return 0;
}

int lk_household_file_village_md(struct lk_ctx *ctx, const char *village,
				 int all, enum lk_lang lang,
				 struct lk_buf *out, size_t *count)
{
	enum lk_lang saved = lk_i18n_get();
	struct nos l = {NULL, 0, 0, all, 0};
	struct lk_hh_filter flt;
	struct lk_region r;
	struct lk_buf t = LK_BUF_INIT(4096);
	char today[LK_DATE_BUFSZ];
	size_t i;
	int rc;

	lk_i18n_set(lang);
	if (!village || lk_region_level_of(village) != LK_LEVEL_VILLAGE) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("%s is not a village code (12 digits)"),
				village ? village : "");
		goto out;
	}
	if ((rc = lk_scope_check(ctx, village)) ||
	    (rc = lk_region_get(ctx, village, &r))) {
		rc = lk_err_set(&ctx->err, LK_ENOTFOUND, _("no village %s"),
				village);
		goto out;
	}
	memset(&flt, 0, sizeof flt);
	flt.region = village;
	if ((rc = lk_household_list(ctx, &flt, keep_no, &l))) {
		if (l.rc == LK_ETOOBIG)
			lk_err_set(&ctx->err, LK_ETOOBIG,
				   _("village %s has more than %d households "
				     "for one document"),
				   village, LK_HHFILE_BATCH_MAX);
		goto out;
	}
	if (!l.n) {
		rc = lk_err_set(&ctx->err, LK_ENOTFOUND,
				all ? _("village %s has no households")
				    : _("village %s has no registered "
					"households"),
				village);
		goto out;
	}
	lk_date_format(lk_today(), today);
	if ((rc = lk_buf_adds(out, "# ")) ||
	    (rc = lk_buf_printf(&t, _("Household files of %s (%s)"), r.name,
				village)) ||
	    (rc = lk_md_escape(out, lk_buf_str(&t))) ||
	    (rc = lk_buf_adds(out, "\n\n")))
		goto out;
	lk_buf_reset(&t);
	if ((rc = lk_buf_printf(&t, _("%zu households, prepared by lika from "
				      "the ledger on %s."),
				l.n, today)) ||
	    (rc = lk_md_escape(out, lk_buf_str(&t))) ||
	    (rc = lk_buf_adds(out, "\n\n")))
		goto out;
	for (i = 0; i < l.n; i++) {
		if (i && (rc = lk_buf_adds(out, "\\newpage\n\n")))
			goto out;
		if ((rc = one_file(ctx, l.v[i], lang, out, 2)))
			goto out;
	}
	if (count)
		*count = l.n;
out:
	if (rc == LK_ETOOBIG && l.rc != LK_ETOOBIG)
		lk_err_set(&ctx->err, rc, _("the household files of %s are "
					    "too large"),
			   village ? village : "");
	for (i = 0; i < l.n; i++)
		free(l.v[i]);
	free(l.v);
	lk_buf_free(&t);
	lk_i18n_set(saved);
	return rc;
}
