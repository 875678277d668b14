/*
 * check.c - the check engine (check.h): the rules table, options, the
 * passes over the data, policy values and the emission of findings.  The
 * rules themselves are in check_rules.c (see check_int.h for the split).
 *
 * Passes.
 *   1. id.duplicate (when it runs): every current or deceased member row
 *      of the ledger, as (64-bit hash of the normalized number, row id);
 *      sorted, rows sharing a hash are read again and compared by their
 *      normalized number, so a hash collision costs a query, never a
 *      false finding.  The duplicate rows (few) are kept sorted by row id.
 *   2. helper.is_poor (when it runs): the cadres with an ID number,
 *      normalized, sorted by hash.
 *   3. the stream: three statements ordered alike by (village code,
 *      household number) - households (with a pairing flag computed by an
 *      indexed EXISTS when helper.none runs), their member rows, their
 *      income of the year - merged on the household id.  The three are
 *      stepped together, so they read one snapshot.
 *
 * Policy sets.  A village's values are those of the longest region
 * prefix that has any policy entry and is a prefix of the village code
 * (the same answer lk_policy_get gives for the village itself: every
 * entry matching the village has a prefix of that prefix as region), so
 * villages share sets and a province needs one lookup per kind and year.
 */
#include "policy/check_int.h"

#include <assert.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/num.h"
#include "core/resource.h"
#include "core/tsv.h"
#include "policy/policy.h"
#include "registry/region.h"
#include "store/db.h"

const char *const ck__rule_ids[R_N] = {
    "id.length",
    "id.checksum",
    "id.birth",
    "id.disability",
    "id.duplicate",
    "member.sex_relation",
    "member.spouse_sex",
    "household.no_head",
    "household.many_heads",
    "household.empty",
    "household.head_id",
    "household.phone",
    "helper.none",
    "helper.is_poor",
    "required.missing",
    "code.invalid",
    "edu.both",
    "edu.neither",
    "disability.no_cert",
    "school.age_high",
    "school.age_low",
    "school.preschool_old",
    "school.dropout",
    "labour.child",
    "labour.elderly",
    "labour.healthy_none",
    "migrant.no_labour",
    "migrant.student",
    "migrant.months",
    "income.wage_no_worker",
    "income.worker_no_wage",
    "income.operating_no_expense",
    "income.range",
    "income.lifted_below_line",
    "income.unmonitored_risk",
    "welfare.dibao_no_person",
    "welfare.general_dibao",
    "welfare.tekun_working",
    "welfare.both",
    "cause.illness",
    "cause.study",
    "cause.disability",
    "cause.repeat",
    "exit.guarantee",
    "insurance.both",
    "land.range",
    "road.range",
    "policy.missing",
};

const char *const ck__kind_names[K_N] = {
    "age.compulsory_min", "age.compulsory_max", "age.labour_min",
    "age.working_max",	  "age.elderly",	"age.high_school_min",
    "age.primary_max",	  "age.preschool_max",	"land.cultivated_max",
    "land.forest_max",	  "road.max_km",	"income.per_capita_max",
    "income_items",	  "poverty_line",	"monitoring_line",
};

static const char *const hcol_keys[HC_N] = {
    "household_no",
    "village_code",
    "head_name",
    "head_id",
    "phone",
    "status",
    "monitoring_category",
    "monitoring_since",
    "risk_types",
    "risk_eliminated",
    "risk_eliminated_on",
    "identified_year",
    "lifted_year",
    "id_standard",
    "attribute",
    "main_cause",
    "other_causes",
    "relocated",
    "cultivated_mu",
    "forest_mu",
    "road_km",
    "road_type",
    "house_m2",
    "house_grade",
    "water_difficult",
    "water_safe",
    "fuel",
};

static const char *const mcol_keys[MC_N] = {
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
    "employee_medical_insurance",
    "dibao_person",
    "tekun_person",
    "member_status",
};

/* Income columns after household_id, year, persons. */
static const char *const icol_keys[] = {
    "wage",  "operating", "property",	      "family_planning", "dibao",
    "tekun", "pension",	  "eco_compensation", "other_transfer",	 "expense"};
#define NICOL (sizeof icol_keys / sizeof icol_keys[0])

/* The three ordered queries of the stream.  ?1/?2 the village code range,
 * ?3 one household number or NULL. */
#define SCOPE                                                                  \
	" WHERE h.village_code >= ?1 AND h.village_code < ?2 AND "             \
	"(?3 IS NULL OR h.household_no = ?3) "

static const char hh_sql[] =
    "SELECT h.id, h.household_no, h.village_code, h.head_name, "
    "h.head_id, h.phone, h.status, h.monitoring_category, "
    "h.monitoring_since, h.risk_types, h.risk_eliminated, "
    "h.risk_eliminated_on, h.identified_year, h.lifted_year, "
    "h.id_standard, h.attribute, h.main_cause, h.other_causes, "
    "h.relocated, h.cultivated_mu, h.forest_mu, h.road_km, h.road_type, "
    "h.house_m2, h.house_grade, h.water_difficult, h.water_safe, h.fuel, "
    "CASE WHEN ?4 THEN EXISTS (SELECT 1 FROM pairing p WHERE "
    "p.household_id = h.id AND p.start_date <= ?5 AND (p.end_date IS "
    "NULL OR p.end_date >= ?5)) END FROM household h" SCOPE
    "ORDER BY h.village_code, h.household_no";

static const char m_sql[] =
    "SELECT m.household_id, m.id, m.name, m.id_number, m.sex, "
    "m.relation, m.ethnicity, m.politics, m.education, m.school, "
    "m.health, m.disability_cert, m.labour, m.migrant_months, "
    "m.work_place, m.medical_insurance, m.employee_medical_insurance, "
    "m.dibao_person, m.tekun_person, m.member_status FROM household h "
    "JOIN member m ON m.household_id = h.id" SCOPE
    "ORDER BY h.village_code, h.household_no, m.seq";

static const char i_sql[] =
    "SELECT i.household_id, i.year, i.persons, i.wage, i.operating, "
    "i.property, i.family_planning, i.dibao, i.tekun, i.pension, "
    "i.eco_compensation, i.other_transfer, i.expense FROM household h "
    "JOIN income i ON i.household_id = h.id AND i.year = coalesce(?4, "
    "(SELECT max(x.year) FROM income x WHERE x.household_id = h.id))" SCOPE
    "ORDER BY h.village_code, h.household_no";

/* ---- the rules table ------------------------------------------------- */

/* The table, parsed once; its strings live in the reader's copy of the
 * file, kept for the life of the process. */
static struct {
	struct lk_check_rule v[LK_CHECK_RULES_MAX];
	size_t n;
	int map[R_N]; /* engine rule -> index */
	int rc;
	struct lk_tsv tsv;
} rt;
static pthread_once_t rules_once = PTHREAD_ONCE_INIT;

static int rule_index(const char *id)
{
	int r;

	for (r = 0; r < R_N; r++)
		if (strcmp(ck__rule_ids[r], id) == 0)
			return r;
	return -1;
}

/* Sets rt.rc to 0 when policy/rules.tsv is well formed and lists
 * exactly the engine's rules, else to LK_EINTERNAL (or LK_ENOMEM). */
static void rules_parse(void)
{
	const struct lk_resource *res = lk_resource_find("policy/rules.tsv");
	char *f[6];
	size_t n;
	int r, rc = LK_EINTERNAL;

	for (r = 0; r < R_N; r++)
		rt.map[r] = -1;
	if (!res)
		goto out;
	if ((rc = lk_tsv_open(&rt.tsv, (const char *)res->data, res->len)))
		goto out;
	rc = LK_EINTERNAL;
	if (!lk_tsv_next(&rt.tsv, f, 6, &n) || n != 5 ||
	    strcmp(f[0], "id") != 0 || strcmp(f[1], "severity") != 0 ||
	    strcmp(f[2], "from") != 0 || strcmp(f[3], "zh") != 0 ||
	    strcmp(f[4], "en") != 0)
		goto out;
	while (lk_tsv_next(&rt.tsv, f, 6, &n)) {
		struct lk_check_rule *e = &rt.v[rt.n];
		int64_t from = 0;
		if (n != 5 || rt.n >= LK_CHECK_RULES_MAX ||
		    (r = rule_index(f[0])) < 0 || rt.map[r] >= 0 || !*f[3] ||
		    !*f[4])
			goto out;
		if (strcmp(f[2], "*") != 0 &&
		    lk_parse_int64(f[2], 1949, 2100, &from))
			goto out;
		if (strcmp(f[1], "error") == 0)
			e->severity = LK_CHECK_ERROR;
		else if (strcmp(f[1], "warning") == 0)
			e->severity = LK_CHECK_WARNING;
		else
			goto out;
		e->id = f[0];
		e->from = (int)from;
		e->zh = f[3];
		e->en = f[4];
		rt.map[r] = (int)rt.n++;
	}
	for (r = 0; r < R_N; r++)
		if (rt.map[r] < 0)
			goto out;
	rc = 0;
out:
	rt.rc = rc;
}

int lk_check_rules(const struct lk_check_rule **rules, size_t *n)
{
	pthread_once(&rules_once, rules_parse);
	if (rt.rc)
		return rt.rc;
	*rules = rt.v;
	*n = rt.n;
	return 0;
}

const struct lk_check_rule *lk_check_rule_find(const char *id)
{
	int r;

	pthread_once(&rules_once, rules_parse);
	if (rt.rc || (r = rule_index(id)) < 0)
		return NULL;
	return &rt.v[rt.map[r]];
}

const char *lk_check_rule_desc(const struct lk_check_rule *r, enum lk_lang lang)
{
	return lang == LK_LANG_ZH ? r->zh : r->en;
}

const char *lk_check_severity_name(int severity)
{
	return severity == LK_CHECK_ERROR ? "error" : "warning";
}

void lk_check_stats_free(struct lk_check_stats *st)
{
	if (!st)
		return;
	free(st->villages);
	memset(st, 0, sizeof *st);
}

/* ---- helpers shared with the rules ------------------------------------ */

uint64_t ck__hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

void ck__norm(const char *s, char out[LK_DIS_LEN + 1], int *upgraded)
{
	int up = 0;

	if (lk_id_normalize(s, out, &up, NULL) != 0) {
		out[0] = '\0';
		up = 0;
	}
	if (upgraded)
		*upgraded = up;
}

const char *ck__label(struct ck *c, const struct ck_col *col, const char *v)
{
	if (!v)
		return "";
	if (!col->f->list)
		return v;
	return lk_code_label(c->codes, col->f->list, v, lk_i18n_get());
}

/* Counts a finding in the stats. */
static int count_finding(struct ck *c, int r, const char *village)
{
	struct lk_check_stats *st = c->st;
	int sev = c->rules[c->tsv[r]].severity;

	st->findings++;
	if (sev == LK_CHECK_ERROR)
		st->errors++;
	else
		st->warnings++;
	st->by_rule[c->tsv[r]]++;
	if (!village)
		return 0;
	if (st->nvillages == 0 ||
	    strcmp(st->villages[st->nvillages - 1].code, village) != 0) {
		struct lk_check_village *nv;
		if (st->nvillages % 64 == 0) {
			nv = realloc(st->villages,
				     (st->nvillages + 64) * sizeof *nv);
			if (!nv)
				return LK_ENOMEM;
			st->villages = nv;
		}
		nv = &st->villages[st->nvillages++];
		snprintf(nv->code, sizeof nv->code, "%s", village);
		nv->count = 0;
	}
	st->villages[st->nvillages - 1].count++;
	return 0;
}

static int emit(struct ck *c, int r, const char *hno, const char *village,
		const struct ck_mem *m, const char *field, const char *value,
		int sensitive, const char *message)
{
	struct lk_check_finding f;
	int rc;

	assert(r >= 0 && r < R_N);
	if (c->stop || !c->report[r])
		return c->stop;
	if ((rc = count_finding(c, r, village))) {
		c->stop = rc;
		return rc;
	}
	f.rule = ck__rule_ids[r];
	f.severity = c->rules[c->tsv[r]].severity;
	f.household_no = hno;
	f.village_code = village;
	f.id_number = m ? m->v[MC_ID] : NULL;
	f.name = m ? m->v[MC_NAME] : NULL;
	f.field = field;
	f.value = value;
	f.sensitive = sensitive;
	f.message = message;
	if (c->o->on_finding && (rc = c->o->on_finding(c->o->arg, &f)))
		c->stop = rc;
	return c->stop;
}

int ck__hit(struct ck *c, int r, const struct ck_mem *m, const char *field,
	    const char *value, int sensitive, const char *fmt, ...)
{
	va_list ap;
	int rc;

	if (c->stop || !c->report[r])
		return c->stop;
	lk_buf_reset(&c->msg);
	va_start(ap, fmt);
	rc = lk_buf_vprintf(&c->msg, fmt, ap);
	va_end(ap);
	if (rc) {
		c->stop = rc;
		return rc;
	}
	return emit(c, r, c->h.v[HC_NO], c->h.v[HC_VILLAGE], m, field, value,
		    sensitive, lk_buf_str(&c->msg));
}

void ck__see(struct ck *c, int r, const struct ck_mem *m, int verdict,
	     const char *fmt, ...)
{
	struct lk_check_explain e;
	va_list ap;
	int rc;

	if (!c->explain || c->stop || !c->o->on_explain)
		return;
	lk_buf_reset(&c->see);
	va_start(ap, fmt);
	rc = lk_buf_vprintf(&c->see, fmt, ap);
	va_end(ap);
	if (rc) {
		c->stop = rc;
		return;
	}
	e.rule = ck__rule_ids[r];
	e.severity = c->rules[c->tsv[r]].severity;
	e.id_number = m ? m->v[MC_ID] : NULL;
	e.name = m ? m->v[MC_NAME] : NULL;
	e.verdict = verdict;
	e.values = lk_buf_str(&c->see);
	if ((rc = c->o->on_explain(c->o->arg, &e)))
		c->stop = rc;
}

/* ---- policy values ---------------------------------------------------- */

static int collect_prefix(void *arg, const struct lk_policy_entry *e)
{
	struct ck *c = arg;
	size_t i;

	for (i = 0; i < c->nprefixes; i++)
		if (strcmp(c->prefixes[i], e->region) == 0)
			return 0;
	if (c->nprefixes % 32 == 0) {
		char(*np)[LK_REGION_CODE_MAX] =
		    realloc(c->prefixes, (c->nprefixes + 32) * sizeof *np);
		if (!np)
			return LK_ENOMEM;
		c->prefixes = np;
	}
	snprintf(c->prefixes[c->nprefixes++], LK_REGION_CODE_MAX, "%s",
		 e->region);
	return 0;
}

/* The region prefix whose policy set applies to a village. */
static const char *prefix_of(struct ck *c, const char *village)
{
	size_t i, best = 0, bestlen = 0;
	int found = 0;

	if (strcmp(village, c->last_village) == 0)
		return c->last_prefix;
	for (i = 0; i < c->nprefixes; i++) {
		size_t n = strlen(c->prefixes[i]);
		if (strncmp(c->prefixes[i], village, n) == 0 &&
		    (!found || n > bestlen)) {
			best = i;
			bestlen = n;
			found = 1;
		}
	}
	snprintf(c->last_village, sizeof c->last_village, "%s", village);
	snprintf(c->last_prefix, sizeof c->last_prefix, "%s",
		 found ? c->prefixes[best] : "");
	return c->last_prefix;
}

/* The policy set of a village and year (created empty on first use).
 * NULL on OOM. */
struct ck_pol *ck__pol_of(struct ck *c, const char *village, int year)
{
	const char *p = prefix_of(c, village);
	struct ck_pol *np;
	size_t i;

	for (i = c->npols; i-- > 0;)
		if (c->pols[i]->year == year &&
		    strcmp(c->pols[i]->region, p) == 0)
			return c->pols[i];
	if (c->npols == c->cappols) {
		size_t nc = c->cappols ? c->cappols * 2 : 16;
		struct ck_pol **nv = realloc(c->pols, nc * sizeof *nv);
		if (!nv)
			return NULL;
		c->pols = nv;
		c->cappols = nc;
	}
	if (!(np = calloc(1, sizeof *np)))
		return NULL;
	snprintf(np->region, LK_REGION_CODE_MAX, "%s", p);
	np->year = year;
	c->pols[c->npols++] = np;
	return np;
}

/* Looks kind k up for set p: 0, LK_ENOTFOUND/LK_EINVAL (message in
 * ctx->err: the value is missing or unusable), or a database error. */
static int pol_load(struct ck *c, struct ck_pol *p, int k)
{
	const char *kind = ck__kind_names[k], *v;
	struct lk_income_sum sum;
	struct lk_rec empty;
	int rc = LK_EINTERNAL;

	switch (k) {
	case K_LAND_CULT:
	case K_LAND_FOREST:
	case K_ROAD:
		if ((rc = lk_policy_cache_get(c->pc, kind, p->region, p->year,
					      &v)))
			goto out;
		if (lk_parse_decimal(v, 2, 0, INT64_MAX / 1000, &p->v[k])) {
			rc = lk_err_set(&c->ctx->err, LK_EINVAL,
					_("policy value %s = %s is not a "
					  "number"),
					kind, v);
			goto out;
		}
		break;
	case K_PC_MAX:
	case K_POVERTY:
	case K_MONITOR:
		if ((rc = lk_policy_cache_money(c->pc, kind, p->region, p->year,
						&p->v[k])))
			goto out;
		break;
	case K_ITEMS:
		if ((rc = lk_policy_cache_get(c->pc, kind, p->region, p->year,
					      &v)))
			goto out;
		lk_rec_init(&empty, &lk_incomes);
		if (lk_income_derive_items(&empty, 1, v, &sum)) {
			rc = lk_err_set(&c->ctx->err, LK_EINVAL,
					_("policy value %s = %s names "
					  "something that is not an income "
					  "item"),
					kind, v);
			goto out;
		}
		p->items = v;
		break;
	default:
		if ((rc = lk_policy_cache_int(c->pc, kind, p->region, p->year,
					      &p->v[k])))
			goto out;
	}
	rc = 0;
out:
	return rc;
}

int ck__need(struct ck *c, struct ck_pol *p, int k)
{
	unsigned bit = 1u << k;
	char year[16];
	int rc;

	if (!p)
		return 0;
	if (!(p->loaded & bit)) {
		p->loaded |= bit;
		rc = pol_load(c, p, k);
		if (rc == 0) {
			p->ok |= bit;
		} else if (rc != LK_ENOTFOUND && rc != LK_EINVAL) {
			if (!c->stop)
				c->stop = rc;
			return 0;
		}
	}
	if (p->ok & bit)
		return 1;
	if (!(p->reported & bit)) {
		p->reported |= bit;
		snprintf(year, sizeof year, "%d", p->year);
		emit(c, R_POLICY_MISSING, NULL, NULL, NULL, ck__kind_names[k],
		     year, 0, lk_err_msg(&c->ctx->err));
	}
	return 0;
}

/* ---- first passes ----------------------------------------------------- */

struct hm {
	uint64_t hash;
	int64_t mid;
};

static int cmp_hm(const void *a, const void *b)
{
	const struct hm *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return (x->mid > y->mid) - (x->mid < y->mid);
}

static int cmp_dup_norm(const void *a, const void *b)
{
	const struct ck_dup *x = a, *y = b;
	int d = strcmp(x->norm, y->norm);

	return d ? d : (x->mid > y->mid) - (x->mid < y->mid);
}

static int cmp_dup_mid(const void *a, const void *b)
{
	const struct ck_dup *x = a, *y = b;

	return (x->mid > y->mid) - (x->mid < y->mid);
}

/* The normalized number of an ID as stored, or the text itself when it
 * cannot be normalized. */
static void norm_key(const char *s, char out[CK_KEY_MAX])
{
	char n[LK_DIS_LEN + 1];

	ck__norm(s, n, NULL);
	snprintf(out, CK_KEY_MAX, "%s", n[0] ? n : s);
}

/* Pass 1: duplicate ID numbers over the whole ledger. */
static int find_dups(struct ck *c)
{
	static const char all[] =
	    "SELECT id, id_number FROM member WHERE member_status IN "
	    "('current', 'deceased')";
	static const char one[] =
	    "SELECT m.id_number, m.member_status, h.household_no, "
	    "h.village_code FROM member m JOIN household h ON h.id = "
	    "m.household_id WHERE m.id = ?";
	struct db_stmt *st = NULL;
	struct hm *v = NULL;
	struct ck_dup *d = NULL;
	size_t n = 0, cap = 0, nd = 0, capd = 0, i, j, k;
	char key[CK_KEY_MAX];
	int rc;

	if ((rc = db_prepare(c->ctx->db, all, &st, &c->ctx->err)))
		goto out;
	while ((rc = db_step(st, &c->ctx->err)) == DB_ROW) {
		const char *s = db_col_text(st, 1);
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 4096;
			struct hm *nv = realloc(v, nc * sizeof *nv);
			if (!nv) {
				rc = LK_ENOMEM;
				goto out;
			}
			v = nv;
			cap = nc;
		}
		norm_key(s ? s : "", key);
		v[n].hash = ck__hash(key);
		v[n].mid = db_col_int64(st, 0);
		n++;
	}
	if (rc < 0)
		goto out;
	db_done(st);
	st = NULL;
	if (n)
		qsort(v, n, sizeof *v, cmp_hm);
	/* rows sharing a hash: read them again */
	if ((rc = db_prepare(c->ctx->db, one, &st, &c->ctx->err)))
		goto out;
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && v[j].hash == v[i].hash; j++)
			;
		if (j - i < 2)
			continue;
		for (k = i; k < j; k++) {
			const char *s;
			if (nd == capd) {
				size_t nc = capd ? capd * 2 : 64;
				struct ck_dup *nv = realloc(d, nc * sizeof *nv);
				if (!nv) {
					rc = LK_ENOMEM;
					goto out;
				}
				d = nv;
				capd = nc;
			}
			db_reset(st);
			db_bind_int64(st, 1, v[k].mid);
			if ((rc = db_step(st, &c->ctx->err)) < 0)
				goto out;
			if (rc != DB_ROW)
				continue;
			memset(&d[nd], 0, sizeof d[nd]);
			d[nd].mid = v[k].mid;
			s = db_col_text(st, 0);
			norm_key(s ? s : "", d[nd].norm);
			snprintf(d[nd].status, sizeof d[nd].status, "%s",
				 db_col_text(st, 1) ? db_col_text(st, 1) : "");
			snprintf(d[nd].household_no, sizeof d[nd].household_no,
				 "%s", db_col_text(st, 2));
			snprintf(d[nd].village, sizeof d[nd].village, "%s",
				 db_col_text(st, 3));
			nd++;
		}
	}
	/* keep the groups of equal numbers with two rows or more */
	if (nd)
		qsort(d, nd, sizeof *d, cmp_dup_norm);
	for (i = k = 0; i < nd; i = j) {
		for (j = i + 1; j < nd && strcmp(d[j].norm, d[i].norm) == 0;
		     j++)
			;
		if (j - i < 2)
			continue;
		for (; i < j; i++) {
			d[k++] = d[i];
		}
	}
	nd = k;
	for (i = 0; i < nd; i = j) {
		for (j = i + 1; j < nd && strcmp(d[j].norm, d[i].norm) == 0;
		     j++)
			;
		for (k = i; k < j; k++) {
			d[k].group = i;
			d[k].count = j - i;
		}
	}
	if (nd) {
		c->dupg = malloc(nd * sizeof *c->dupg);
		if (!c->dupg) {
			rc = LK_ENOMEM;
			goto out;
		}
		memcpy(c->dupg, d, nd * sizeof *d);
		qsort(d, nd, sizeof *d, cmp_dup_mid);
		c->dups = d;
		d = NULL;
	}
	c->ndups = nd;
	rc = 0;
out:
	db_done(st);
	free(v);
	free(d);
	if (rc == LK_ENOMEM)
		lk_err_set(&c->ctx->err, rc, "%s", lk_strerror(rc));
	return rc;
}

static int cmp_cadre(const void *a, const void *b)
{
	const struct ck_cadre *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* Pass 2: the cadres' ID numbers. */
static int load_cadres(struct ck *c)
{
	static const char q[] = "SELECT id, name, id_number FROM cadre WHERE "
				"id_number IS NOT NULL AND id_number <> ''";
	struct db_stmt *st = NULL;
	size_t cap = 0;
	int rc;

	if ((rc = db_prepare(c->ctx->db, q, &st, &c->ctx->err)))
		goto out;
	while ((rc = db_step(st, &c->ctx->err)) == DB_ROW) {
		struct ck_cadre *e;
		if (c->ncadres == cap) {
			size_t nc = cap ? cap * 2 : 64;
			struct ck_cadre *nv =
			    realloc(c->cadres, nc * sizeof *nv);
			if (!nv) {
				rc = LK_ENOMEM;
				goto out;
			}
			c->cadres = nv;
			cap = nc;
		}
		e = &c->cadres[c->ncadres];
		norm_key(db_col_text(st, 2), e->norm);
		e->hash = ck__hash(e->norm);
		e->id = db_col_int64(st, 0);
		e->name = strdup(db_col_text(st, 1) ? db_col_text(st, 1) : "");
		if (!e->name) {
			rc = LK_ENOMEM;
			goto out;
		}
		c->ncadres++;
	}
	if (rc < 0)
		goto out;
	if (c->ncadres)
		qsort(c->cadres, c->ncadres, sizeof *c->cadres, cmp_cadre);
	rc = 0;
out:
	db_done(st);
	if (rc == LK_ENOMEM)
		lk_err_set(&c->ctx->err, rc, "%s", lk_strerror(rc));
	return rc;
}

/* ---- options ---------------------------------------------------------- */

static int parse_rules(struct ck *c, const char *spec)
{
	char item[64];
	const char *p = spec;
	int r, any = 0, only_policy = 1, rc = LK_EINVAL;

	if (!spec || !*spec) {
		for (r = 0; r < R_N; r++)
			c->run[r] = c->report[r] = 1;
		rc = 0;
		goto out;
	}
	while (*p) {
		size_t n = strcspn(p, ",");
		int hit = 0;
		if (n == 0 || n >= sizeof item)
			goto bad;
		memcpy(item, p, n);
		item[n] = '\0';
		if (n > 2 && strcmp(item + n - 2, ".*") == 0) {
			for (r = 0; r < R_N; r++)
				if (strncmp(ck__rule_ids[r], item, n - 1) ==
				    0) {
					c->run[r] = c->report[r] = 1;
					hit = 1;
				}
		} else if ((r = rule_index(item)) >= 0) {
			c->run[r] = c->report[r] = 1;
			hit = 1;
		}
		if (!hit) {
			rc = lk_err_set(&c->ctx->err, LK_EINVAL,
					_("unknown rule %s (see 'lika check "
					  "--list')"),
					item);
			goto out;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	for (r = 0; r < R_N; r++) {
		any |= c->run[r];
		if (c->run[r] && r != R_POLICY_MISSING)
			only_policy = 0;
	}
	if (!any)
		goto bad;
	if (only_policy) /* every rule runs to find what it needs */
		for (r = 0; r < R_N; r++)
			c->run[r] = 1;
	c->run[R_POLICY_MISSING] = c->report[R_POLICY_MISSING] = 1;
	rc = 0;
	goto out;
bad:
	rc = lk_err_set(&c->ctx->err, LK_EINVAL,
			_("%s is not a list of rule ids"), spec);
out:
	return rc;
}

static int set_columns(struct ck *c)
{
	const char *key = NULL;
	size_t i;
	int rc = LK_EINTERNAL;

	for (i = 0; i < HC_N + MC_N; i++) {
		int hh = i < HC_N;
		const struct lk_table *t = hh ? &lk_households : &lk_members;
		struct ck_col *col = hh ? &c->hc[i] : &c->mc[i - HC_N];
		int fi;
		key = hh ? hcol_keys[i] : mcol_keys[i - HC_N];
		if ((fi = lk_field_find(t, key)) < 0)
			goto out;
		col->key = key;
		col->f = &t->f[fi];
		col->list = NULL;
		col->n = col->last = 0;
		if (col->f->list)
			col->list =
			    lk_code_list(c->codes, col->f->list, &col->n);
	}
	for (i = 0; i < NICOL; i++) {
		key = icol_keys[i];
		if ((c->inc_field[i] = lk_field_find(&lk_incomes, key)) < 0)
			goto out;
	}
	key = NULL;
	rc = 0;
out:
	if (key)
		lk_err_set(&c->ctx->err, rc, _("check: no field %s"), key);
	return rc;
}

/* ---- the stream ------------------------------------------------------- */

static const char *copy(struct ck *c, const char *s)
{
	const char *d;

	if (!s)
		return NULL;
	d = lk_arena_strdup(&c->a, s);
	if (!d && !c->stop)
		c->stop = LK_ENOMEM;
	return d;
}

static void read_household(struct ck *c, struct db_stmt *st)
{
	struct ck_hh *h = &c->h;
	int i;

	h->id = db_col_int64(st, 0);
	for (i = 0; i < HC_N; i++)
		h->v[i] = copy(c, db_col_text(st, 1 + i));
	h->pairing =
	    db_col_is_null(st, 1 + HC_N) ? -1 : db_col_int64(st, 1 + HC_N) != 0;
	h->nm = h->ncur = 0;
	h->has_inc = 0;
}

static int64_t opt_int(struct db_stmt *st, int col)
{
	return db_col_is_null(st, col) ? -1 : db_col_int64(st, col);
}

static int read_member(struct ck *c, struct db_stmt *st)
{
	struct ck_hh *h = &c->h;
	struct ck_mem *m;
	int i;

	if (h->nm == c->capm) {
		size_t nc = c->capm ? c->capm * 2 : 16;
		struct ck_mem *nm = realloc(h->m, nc * sizeof *nm);
		if (!nm)
			return LK_ENOMEM;
		h->m = nm;
		c->capm = nc;
	}
	m = &h->m[h->nm++];
	memset(m, 0, sizeof *m);
	m->id = db_col_int64(st, 1);
	for (i = 0; i < MC_N; i++) {
		if (c->mc[i].f->type == LK_F_BOOL || i == MC_MONTHS)
			continue; /* read as numbers below */
		m->v[i] = copy(c, db_col_text(st, 2 + i));
	}
	m->months = db_col_int64(st, 2 + MC_MONTHS);
	m->months_null = db_col_is_null(st, 2 + MC_MONTHS);
	m->med = (int)opt_int(st, 2 + MC_MED);
	m->emp = (int)opt_int(st, 2 + MC_EMP);
	m->dibao = (int)opt_int(st, 2 + MC_DIBAO);
	m->tekun = (int)opt_int(st, 2 + MC_TEKUN);
	return c->stop;
}

static int read_income(struct ck *c, struct db_stmt *st)
{
	struct ck_inc *in = &c->h.inc;
	size_t i;

	memset(in, 0, sizeof *in);
	lk_rec_init(&in->r, &lk_incomes);
	in->year = (int)db_col_int64(st, 1);
	in->persons = (int)db_col_int64(st, 2);
	for (i = 0; i < NICOL; i++)
		in->r.v[c->inc_field[i]] = copy(c, db_col_text(st, 3 + (int)i));
	in->wage = db_col_int64(st, 3);
	in->operating = db_col_int64(st, 4);
	in->expense_null = db_col_is_null(st, 3 + (int)NICOL - 1);
	c->h.has_inc = 1;
	return c->stop;
}

static int stream(struct ck *c)
{
	struct db_stmt *hs = NULL, *ms = NULL, *is = NULL;
	struct db *db = c->ctx->db;
	struct lk_err *e = &c->ctx->err;
	const char *one = c->o->household;
	int rc, mrc, irc;
	size_t i;

	if ((rc = db_prepare_static(db, hh_sql, &hs, e)) ||
	    (rc = db_prepare_static(db, m_sql, &ms, e)) ||
	    (rc = db_prepare_static(db, i_sql, &is, e)))
		goto out;
	db_bind_text(hs, 1, c->lo, -1);
	db_bind_text(hs, 2, c->hi, -1);
	db_bind_text(hs, 3, one, -1);
	db_bind_int64(hs, 4, c->run[R_HELPER_NONE]);
	db_bind_text(hs, 5, c->ref_text, -1);
	db_bind_text(ms, 1, c->lo, -1);
	db_bind_text(ms, 2, c->hi, -1);
	db_bind_text(ms, 3, one, -1);
	db_bind_text(is, 1, c->lo, -1);
	db_bind_text(is, 2, c->hi, -1);
	db_bind_text(is, 3, one, -1);
	if (c->year)
		db_bind_int64(is, 4, c->year);
	else
		db_bind_null(is, 4);
	mrc = irc = DB_DONE;
	for (i = 0;; i++) {
		struct ck_hh *h = &c->h;
		if ((rc = db_step(hs, e)) < 0)
			goto out;
		if (rc == DB_DONE)
			break;
		if (i == 0) { /* joins the read transaction of hs */
			if ((mrc = db_step(ms, e)) < 0 ||
			    (irc = db_step(is, e)) < 0) {
				rc = mrc < 0 ? mrc : irc;
				goto out;
			}
		}
		lk_arena_reset(&c->a);
		read_household(c, hs);
		while (mrc == DB_ROW && db_col_int64(ms, 0) == h->id) {
			if ((rc = read_member(c, ms)))
				goto out;
			if ((mrc = db_step(ms, e)) < 0) {
				rc = mrc;
				goto out;
			}
		}
		while (irc == DB_ROW && db_col_int64(is, 0) == h->id) {
			if ((rc = read_income(c, is)))
				goto out;
			if ((irc = db_step(is, e)) < 0) {
				rc = irc;
				goto out;
			}
		}
		if (c->stop) {
			rc = c->stop;
			goto out;
		}
		ck__household_decode(c, h);
		ck__household(c, h);
		c->st->households++;
		c->st->members += h->nm;
		if (c->stop) {
			rc = c->stop;
			goto out;
		}
	}
	rc = 0;
out:
	db_done(hs);
	db_done(ms);
	db_done(is);
	if (rc == LK_ENOMEM)
		lk_err_set(e, rc, "%s", lk_strerror(rc));
	return rc;
}

/* ---- entry ------------------------------------------------------------ */

static void ck_free(struct ck *c)
{
	size_t i;

	lk_policy_cache_free(c->pc);
	free(c->prefixes);
	for (i = 0; i < c->npols; i++)
		free(c->pols[i]);
	free(c->pols);
	free(c->dups);
	free(c->dupg);
	for (i = 0; i < c->ncadres; i++)
		free(c->cadres[i].name);
	free(c->cadres);
	free(c->h.m);
	lk_arena_free(&c->a);
	lk_buf_free(&c->msg);
	lk_buf_free(&c->val);
	lk_buf_free(&c->see);
}

int lk_check_run(struct lk_ctx *ctx, const struct lk_check_opts *o,
		 struct lk_check_stats *st)
{
	struct lk_check_stats tmp;
	struct ck c;
	size_t nrules;
	int rc, r;

	assert(ctx && o);
	if (!st)
		st = &tmp;
	memset(st, 0, sizeof *st);
	memset(&c, 0, sizeof c);
	c.ctx = ctx;
	c.o = o;
	c.st = st;
	c.a = (struct lk_arena)LK_ARENA_INIT(0);
	lk_buf_init(&c.msg, 1u << 16);
	lk_buf_init(&c.val, 1u << 16);
	lk_buf_init(&c.see, 1u << 16);
	if ((rc = lk_check_rules(&c.rules, &nrules))) {
		lk_err_set(&ctx->err, rc, "%s",
			   _("policy/rules.tsv is malformed or does not list "
			     "every rule"));
		goto out;
	}
	for (r = 0; r < R_N; r++)
		c.tsv[r] = rt.map[r];
	if ((rc = parse_rules(&c, o->rules)))
		goto out;
	if (o->year && (o->year < 1949 || o->year > 2100)) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("%d is not a year between 1949 and 2100"),
				o->year);
		goto out;
	}
	c.year = o->year;
	c.today = lk_today();
	c.ref = o->year ? (struct lk_date){o->year, 12, 31} : c.today;
	lk_date_format(c.ref, c.ref_text);
	st->ref = c.ref;
	if (o->household) {
		char village[16];
		int64_t hid;
		if ((rc =
			 lk_household_lookup(ctx, o->household, &hid, village)))
			goto out;
		if (o->region &&
		    strncmp(village, o->region, strlen(o->region)) != 0) {
			rc = lk_err_set(&ctx->err, LK_EINVAL,
					_("household %s is not in region %s"),
					o->household, o->region);
			goto out;
		}
		if ((rc = lk_scope_range(ctx, village, c.lo, c.hi)))
			goto out;
		c.explain = o->on_explain != NULL;
	} else if ((rc = lk_scope_range(ctx, o->region, c.lo, c.hi))) {
		goto out;
	}
	if ((rc = lk_codes_get(ctx, &c.codes)) || (rc = set_columns(&c)))
		goto out;
	if ((rc = lk_policy_cache_new(ctx, &c.pc))) {
		lk_err_set(&ctx->err, rc, "%s", lk_strerror(rc));
		goto out;
	}
	if ((rc = lk_policy_each(ctx, NULL, 0, collect_prefix, &c))) {
		if (rc == LK_ENOMEM)
			lk_err_set(&ctx->err, rc, "%s", lk_strerror(rc));
		goto out;
	}
	for (r = 0; r < R_N; r++)
		st->ran[c.tsv[r]] = (unsigned char)c.report[r];
	if (c.run[R_ID_DUPLICATE] && (rc = find_dups(&c)))
		goto out;
	if (c.run[R_HELPER_IS_POOR] && (rc = load_cadres(&c)))
		goto out;
	rc = stream(&c);
out:
	ck_free(&c);
	if (st == &tmp)
		lk_check_stats_free(&tmp);
	return rc;
}
