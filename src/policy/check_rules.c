/*
 * check_rules.c - the data-quality rules of domain.md section 7 (see
 * check.h for what is checked and check_int.h for the plumbing).
 *
 * How the rules are read, where the domain text leaves room:
 *
 *  - ages are full years on the reference date; a band "a-b" includes
 *    both ends; "under N" is age < N, "N or older" age >= N.  The bands
 *    are policy values: age.high_school_min (school.age_high fires below
 *    it), age.primary_max and age.preschool_max (fire above them),
 *    age.compulsory_min..max (school.dropout), age.labour_min (labour
 *    .child below it), age.labour_min..age.working_max (working age),
 *    age.elderly (labour.elderly at or above it);
 *  - school levels come from the flags "level:N" of the school code list
 *    (0 preschool, 1 primary, 2 junior, 3 senior and vocational, 4
 *    tertiary, 5 postgraduate): "high school or above" is level >= 3,
 *    "primary school or below" level <= 1; a "student" is a member with
 *    a school status;
 *  - health: "ill" is chronic or serious illness; "healthy" (a trigger:
 *    preschool_old, healthy_none, cause.illness) means the health is
 *    recorded and names neither illness nor disability; "a reason
 *    recorded" for being out of school (school.dropout) is an illness or
 *    disability on record;
 *  - labour: "able to work" / "has labour" is ordinary, skilled or weak
 *    labour; unknown labour never makes a finding;
 *  - sex is the ID number's (its 17th digit) when the number has its
 *    shape, else the sex column; relations carry their sex in the flags
 *    of the relation code list (M / F); the spouse's sex is judged
 *    against the head's (member.spouse_sex) only;
 *  - incomes: per-capita net income = lk_income_derive_items with the
 *    policy's income_items and the income's household size; "below a
 *    line" is strictly below; "above the maximum" strictly above;
 *  - welfare.general_dibao is about households whose attribute is
 *    general (一般贫困户); welfare.tekun_working about a member of
 *    working age able to work;
 *  - exit.guarantee fails on a recorded failure only: a dropout (as
 *    school.dropout), house grade C or D unless relocated, water_safe
 *    no or water_difficult yes, house area 0, a current member whose
 *    residents' basic medical insurance is no while employees' insurance
 *    is not yes;
 *  - land.range divides by the current members.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/money.h"
#include "core/num.h"
#include "policy/check_int.h"

/* Explains a rule; the arguments are evaluated only when explaining. */
#define SEE(c, ...)                                                            \
	do {                                                                   \
		if ((c)->explain)                                              \
			ck__see((c), __VA_ARGS__);                             \
	} while (0)
#define HIT ck__hit

static int is_empty(const char *s)
{
	return !s || !*s;
}

static int eq(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

/* The entry of a code in a column's list (last-hit first), or NULL. */
static const struct lk_code *code_of(struct ck_col *col, const char *v)
{
	size_t i;

	if (!col->list || !v)
		return NULL;
	if (col->last < col->n && strcmp(col->list[col->last].code, v) == 0)
		return &col->list[col->last];
	for (i = 0; i < col->n; i++) {
		if (strcmp(col->list[i].code, v) == 0) {
			col->last = i;
			return &col->list[i];
		}
	}
	return NULL;
}

/* 1 if every ';'-separated item of v is a code of the column's list;
 * calls fn for each code found (may be NULL). */
static int codes_ok(struct ck_col *col, const char *v,
		    void (*fn)(void *, const struct lk_code *), void *arg)
{
	char item[128];
	int ok = 1;

	while (*v) {
		size_t n = strcspn(v, ";");
		const struct lk_code *e = NULL;
		if (n < sizeof item) {
			memcpy(item, v, n);
			item[n] = '\0';
			e = code_of(col, item);
		}
		if (!e)
			ok = 0;
		else if (fn)
			fn(arg, e);
		v += n;
		if (*v)
			v++;
	}
	return ok;
}

static void health_bit(void *arg, const struct lk_code *e)
{
	unsigned *bits = arg;

	if (strcmp(e->code, "healthy") == 0)
		*bits |= HE_HEALTHY;
	else if (strcmp(e->code, "chronic") == 0)
		*bits |= HE_CHRONIC;
	else if (strcmp(e->code, "serious") == 0)
		*bits |= HE_SERIOUS;
	else if (strcmp(e->code, "disabled") == 0)
		*bits |= HE_DISABLED;
}

static int labour_of(const char *code)
{
	static const char *const names[] = {"ordinary", "skilled", "weak",
					    "lost", "none"};
	int i;

	for (i = 0; i < 5; i++)
		if (strcmp(code, names[i]) == 0)
			return i;
	return -1;
}

/* Illness or disability on record. */
static int reason(const struct ck_mem *m)
{
	return (m->health & (HE_CHRONIC | HE_SERIOUS | HE_DISABLED)) != 0;
}

/* Health recorded, naming neither illness nor disability. */
static int healthy(const struct ck_mem *m)
{
	return m->health && !reason(m);
}

static int has_labour(const struct ck_mem *m)
{
	return m->labour == LB_ORDINARY || m->labour == LB_SKILLED ||
	       m->labour == LB_WEAK;
}

static int student(const struct ck_mem *m)
{
	return !is_empty(m->v[MC_SCHOOL]);
}

static const char *sex_word(int sex)
{
	return sex == LK_SEX_MALE ? _("male") : _("female");
}

static const char *ml(struct ck *c, const struct ck_mem *m, int col)
{
	return ck__label(c, &c->mc[col], m->v[col]);
}

static const char *hl(struct ck *c, int col)
{
	return ck__label(c, &c->hc[col], c->h.v[col]);
}

static const char *show(const char *v)
{
	return v ? v : "-";
}

/* A yes/no/unknown member column as text. */
static const char *yn(int v)
{
	return v < 0 ? "-" : v ? "1" : "0";
}

/* Parses a household integer column; 1 when known. */
static int hint(const char *v, int64_t *out)
{
	return v && lk_parse_int64(v, INT64_MIN, INT64_MAX, out) == 0;
}

/* ISO date of a date-or-year text: a year is its first or last day. */
static void date_of(const char *v, int end, char out[LK_DATE_BUFSZ])
{
	if (strlen(v) == 4)
		snprintf(out, LK_DATE_BUFSZ, "%s-%s", v,
			 end ? "12-31" : "01-01");
	else
		snprintf(out, LK_DATE_BUFSZ, "%.10s", v);
}

/* Whether rule r applies to data of year y (rules.tsv column from). */
static int from_ok(struct ck *c, int r, int y)
{
	int from = c->rules[c->tsv[r]].from;

	return !from || y >= from;
}

static const char *dec2(int64_t v, char *buf, size_t n)
{
	lk_format_decimal_trim(v, 2, buf, n);
	return buf;
}

/* A household column of hundredths (areas, distances) for display. */
static const char *hdec(struct ck_hh *h, int col, char *buf, size_t n)
{
	int64_t v;

	return hint(h->v[col], &v) ? dec2(v, buf, n) : "-";
}

static const char *yuan(int64_t fen, char buf[LK_MONEY_BUFSZ])
{
	lk_money_format(fen, buf);
	return buf;
}

/* 1 when both policy values are there; each missing one is reported. */
static int need2(struct ck *c, struct ck_pol *p, int k1, int k2)
{
	int a = ck__need(c, p, k1), b = ck__need(c, p, k2);

	return a && b;
}

/* ---- decoding --------------------------------------------------------- */

void ck__member_decode(struct ck *c, struct ck_hh *h, struct ck_mem *m)
{
	const struct lk_code *e;
	const char *idn = m->v[MC_ID];
	size_t len;
	int i;

	(void)h;
	m->current = eq(m->v[MC_STATUS], "current");
	for (i = 0; i < MC_N; i++) {
		struct ck_col *col = &c->mc[i];
		if (!col->list || is_empty(m->v[i]))
			continue;
		if (col->f->type == LK_F_CODES)
			m->bad[i] = !codes_ok(
			    col, m->v[i], i == MC_HEALTH ? health_bit : NULL,
			    &m->health);
		else
			m->bad[i] = code_of(col, m->v[i]) == NULL;
	}
	/* relation, school, labour */
	m->relc = code_of(&c->mc[MC_RELATION], m->v[MC_RELATION]);
	if (m->relc && m->relc->flags) {
		const char *fl = m->relc->flags;
		if (strcmp(fl, "*") == 0)
			m->rel = REL_HEAD;
		else if (strcmp(fl, "spouse") == 0)
			m->rel = REL_SPOUSE;
		else if (strcmp(fl, "M") == 0)
			m->rel = REL_MALE;
		else if (strcmp(fl, "F") == 0)
			m->rel = REL_FEMALE;
	}
	m->level = -1;
	if (!is_empty(m->v[MC_SCHOOL])) {
		e = code_of(&c->mc[MC_SCHOOL], m->v[MC_SCHOOL]);
		m->level = -2; /* a school status whose level is unknown */
		if (e && e->flags && strncmp(e->flags, "level:", 6) == 0)
			m->level = atoi(e->flags + 6);
	}
	m->labour = -1;
	if ((e = code_of(&c->mc[MC_LABOUR], m->v[MC_LABOUR])))
		m->labour = labour_of(e->code);
	/* the ID number */
	m->age = -1;
	ck__norm(idn ? idn : "", m->norm, &m->upgraded);
	len = strlen(m->norm);
	if (len == LK_ID_LEN) {
		(void)lk_id_validate_at(m->norm, c->today, &m->info, NULL);
		m->shape = 1;
	} else if (len == LK_DIS_LEN) {
		(void)lk_id_validate_disability_at(m->norm, c->today, &m->dis,
						   NULL);
		m->info = m->dis.id;
		m->shape = m->dis.reason != LK_DIS_LENGTH;
	}
	if (m->shape) {
		m->sex = m->info.sex;
		m->sex_from_id = 1;
		if (m->info.birth == LK_ID_OK) {
			m->age = lk_age_on(m->info.birth_date, c->ref);
			if (m->age < 0)
				m->age = -1; /* not born yet */
		}
	} else if (eq(m->v[MC_SEX], "1")) {
		m->sex = LK_SEX_MALE;
	} else if (eq(m->v[MC_SEX], "2")) {
		m->sex = LK_SEX_FEMALE;
	}
}

void ck__household_decode(struct ck *c, struct ck_hh *h)
{
	const char *st = h->v[HC_STATUS];
	char d[LK_DATE_BUFSZ];
	int64_t ly = 0;
	size_t i;

	for (i = 0; i < HC_N; i++) {
		struct ck_col *col = &c->hc[i];
		h->bad[i] = 0;
		if (!col->list || is_empty(h->v[i]))
			continue;
		if (col->f->type == LK_F_CODES)
			h->bad[i] = !codes_ok(col, h->v[i], NULL, NULL);
		else
			h->bad[i] = code_of(col, h->v[i]) == NULL;
	}
	for (i = 0; i < h->nm; i++) {
		ck__member_decode(c, h, &h->m[i]);
		h->ncur += h->m[i].current;
	}
	h->registered =
	    eq(st, "poor") || eq(st, "lifted") || eq(st, "returned");
	h->lifted =
	    eq(st, "lifted") && (!hint(h->v[HC_LY], &ly) || ly <= c->ref.y);
	h->dissolved = eq(st, "dissolved");
	h->monitored = !is_empty(h->v[HC_MON_CAT]);
	if (h->monitored && !is_empty(h->v[HC_MON_SINCE])) {
		date_of(h->v[HC_MON_SINCE], 0, d);
		h->monitored = strcmp(d, c->ref_text) <= 0;
	}
	if (h->monitored && eq(h->v[HC_RISK_ELIM], "1")) {
		if (is_empty(h->v[HC_RISK_ELIM_ON])) {
			h->monitored = 0;
		} else {
			date_of(h->v[HC_RISK_ELIM_ON], 1, d);
			h->monitored = strcmp(d, c->ref_text) > 0;
		}
	}
	h->needs_helper = eq(st, "poor") || eq(st, "returned") || h->monitored;
	h->ref =
	    ck__pol_of(c, h->v[HC_VILLAGE] ? h->v[HC_VILLAGE] : "", c->ref.y);
	h->incp = h->has_inc
		      ? ck__pol_of(c, h->v[HC_VILLAGE] ? h->v[HC_VILLAGE] : "",
				   h->inc.year)
		      : NULL;
	if (!h->ref || (h->has_inc && !h->incp))
		c->stop = LK_ENOMEM;
}

/* ---- household structure ---------------------------------------------- */

static const struct ck_mem *the_head(const struct ck_hh *h, size_t *heads,
				     size_t *spouses)
{
	const struct ck_mem *head = NULL;
	size_t i;

	*heads = *spouses = 0;
	for (i = 0; i < h->nm; i++) {
		const struct ck_mem *m = &h->m[i];
		if (!m->current)
			continue;
		if (m->rel == REL_HEAD && (*heads)++ == 0)
			head = m;
		if (m->rel == REL_SPOUSE)
			(*spouses)++;
	}
	return head;
}

static void r_structure(struct ck *c, struct ck_hh *h)
{
	size_t heads, spouses;
	const struct ck_mem *head = the_head(h, &heads, &spouses);
	const char *na = _("the household is dissolved");

	if (RUN(c, R_EMPTY)) {
		if (h->dissolved) {
			SEE(c, R_EMPTY, NULL, LK_CHECK_NA, "%s", na);
		} else if (h->ncur == 0) {
			SEE(c, R_EMPTY, NULL, LK_CHECK_FAIL,
			    _("current members=0, member rows=%zu"), h->nm);
			HIT(c, R_EMPTY, NULL, "member_status", NULL, 0,
			    _("the household has no current member (%zu "
			      "member rows in all)"),
			    h->nm);
		} else {
			SEE(c, R_EMPTY, NULL, LK_CHECK_PASS,
			    _("current members=%zu"), h->ncur);
		}
	}
	if (RUN(c, R_NO_HEAD)) {
		if (h->dissolved || h->ncur == 0) {
			SEE(c, R_NO_HEAD, NULL, LK_CHECK_NA, "%s",
			    h->dissolved ? na : _("no current member"));
		} else if (heads == 0) {
			SEE(c, R_NO_HEAD, NULL, LK_CHECK_FAIL,
			    _("heads=0, current members=%zu"), h->ncur);
			HIT(c, R_NO_HEAD, NULL, "relation", NULL, 0,
			    _("none of the %zu current members has the "
			      "relation head (户主)"),
			    h->ncur);
		} else {
			SEE(c, R_NO_HEAD, NULL, LK_CHECK_PASS, _("heads=%zu"),
			    heads);
		}
	}
	if (RUN(c, R_MANY_HEADS)) {
		int fail = heads > 1 || spouses > 1;
		if (h->dissolved)
			SEE(c, R_MANY_HEADS, NULL, LK_CHECK_NA, "%s", na);
		else
			SEE(c, R_MANY_HEADS, NULL, fail,
			    _("heads=%zu, spouses=%zu"), heads, spouses);
		if (!h->dissolved && heads > 1)
			HIT(c, R_MANY_HEADS, NULL, "relation", "1", 0,
			    _("%zu current members have the relation head "
			      "(户主)"),
			    heads);
		if (!h->dissolved && spouses > 1)
			HIT(c, R_MANY_HEADS, NULL, "relation", "2", 0,
			    _("%zu current members have the relation spouse "
			      "(配偶)"),
			    spouses);
	}
	if (RUN(c, R_HEAD_ID)) {
		const char *hid = h->v[HC_HEAD_ID];
		char nh[LK_DIS_LEN + 1];
		int same;
		if (h->dissolved || heads != 1 || is_empty(hid)) {
			SEE(c, R_HEAD_ID, NULL, LK_CHECK_NA, _("heads=%zu, %s"),
			    heads,
			    is_empty(hid) ? _("head_id empty")
					  : _("no single head"));
		} else {
			same = eq(hid, head->v[MC_ID]);
			if (!same) {
				ck__norm(hid, nh, NULL);
				same = nh[0] && strcmp(nh, head->norm) == 0;
			}
			SEE(c, R_HEAD_ID, NULL, !same,
			    _("head=%s, head_id %s the head's ID number"),
			    show(head->v[MC_NAME]), same ? "=" : "<>");
			if (!same)
				HIT(c, R_HEAD_ID, NULL, "head_id", hid, 1,
				    _("head_id is not the ID number of the "
				      "head "
				      "member %s"),
				    show(head->v[MC_NAME]));
		}
	}
	if (RUN(c, R_SPOUSE_SEX)) {
		size_t i;
		for (i = 0; i < h->nm; i++) {
			const struct ck_mem *m = &h->m[i];
			if (!m->current || m->rel != REL_SPOUSE)
				continue;
			if (!head || !head->sex || !m->sex) {
				SEE(c, R_SPOUSE_SEX, m, LK_CHECK_NA, "%s",
				    _("the sex of the head or the spouse is "
				      "unknown"));
				continue;
			}
			SEE(c, R_SPOUSE_SEX, m, head->sex == m->sex,
			    _("head sex=%d, spouse sex=%d"), head->sex, m->sex);
			if (head->sex == m->sex)
				HIT(c, R_SPOUSE_SEX, m, "relation",
				    m->v[MC_RELATION], 0,
				    _("the head %s and the spouse %s are both "
				      "%s"),
				    show(head->v[MC_NAME]), show(m->v[MC_NAME]),
				    sex_word(m->sex));
		}
	}
}

/* ---- household fields --------------------------------------------------- */

static void r_phone(struct ck *c, struct ck_hh *h)
{
	const char *p = h->v[HC_PHONE];

	if (!RUN(c, R_PHONE))
		return;
	if (is_empty(p)) {
		SEE(c, R_PHONE, NULL, LK_CHECK_NA, "%s", _("no phone"));
		return;
	}
	SEE(c, R_PHONE, NULL, !lk_phone_valid(p), _("phone %s"),
	    lk_phone_valid(p) ? _("valid") : _("invalid"));
	if (!lk_phone_valid(p))
		HIT(c, R_PHONE, NULL, "phone", p, 1,
		    _("the phone number is neither an 11-digit mobile number "
		      "nor a fixed number with its area code"));
}

static void r_helper_none(struct ck *c, struct ck_hh *h)
{
	if (!RUN(c, R_HELPER_NONE))
		return;
	if (!h->needs_helper || h->pairing < 0) {
		SEE(c, R_HELPER_NONE, NULL, LK_CHECK_NA,
		    _("status=%s, monitored=%d"), show(h->v[HC_STATUS]),
		    h->monitored);
		return;
	}
	SEE(c, R_HELPER_NONE, NULL, !h->pairing,
	    _("status=%s, monitored=%d, paired on %s=%d"),
	    show(h->v[HC_STATUS]), h->monitored, c->ref_text, h->pairing);
	if (!h->pairing) {
		int poor = eq(h->v[HC_STATUS], "poor") ||
			   eq(h->v[HC_STATUS], "returned");
		HIT(c, R_HELPER_NONE, NULL, "helper", NULL, 0,
		    poor ? _("the household is %s but no helper cadre is "
			     "paired with it on %s")
			 : _("the household is monitored (%s) but no helper "
			     "cadre is paired with it on %s"),
		    poor ? hl(c, HC_STATUS) : hl(c, HC_MON_CAT), c->ref_text);
	}
}

static void r_required(struct ck *c, struct ck_hh *h)
{
	static const struct {
		int when, col;
	} need[] = {{0, HC_HEAD_NAME}, {0, HC_HEAD_ID},	  {0, HC_STATUS},
		    {1, HC_IY},	       {1, HC_ATTRIBUTE}, {1, HC_MAIN_CAUSE},
		    {2, HC_LY},	       {3, HC_MON_SINCE}, {4, HC_RISK_ELIM_ON}};
	int when[5];
	size_t i, missing = 0;

	if (!RUN(c, R_REQUIRED))
		return;
	when[0] = 1;
	when[1] = h->registered;
	when[2] = eq(h->v[HC_STATUS], "lifted");
	when[3] = !is_empty(h->v[HC_MON_CAT]);
	when[4] = eq(h->v[HC_RISK_ELIM], "1");
	for (i = 0; i < sizeof need / sizeof need[0]; i++) {
		const struct ck_col *col = &c->hc[need[i].col];
		const char *msg;
		if (!when[need[i].when] || !is_empty(h->v[need[i].col]))
			continue;
		missing++;
		switch (need[i].when) {
		case 0:
			msg = _("%s (%s) is required for every household");
			break;
		case 1:
			msg =
			    _("%s (%s) is required for a registered household");
			break;
		case 2:
			msg = _("%s (%s) is required for a lifted household");
			break;
		case 3:
			msg =
			    _("%s (%s) is required for a monitored household");
			break;
		default:
			msg = _("%s (%s) is required when the risk is "
				"eliminated");
		}
		HIT(c, R_REQUIRED, NULL, col->key, NULL, 0, msg, col->key,
		    _(col->f->en));
	}
	SEE(c, R_REQUIRED, NULL, missing > 0,
	    _("status=%s, registered=%d, monitoring_category=%s, "
	      "risk_eliminated=%s, missing fields=%zu"),
	    show(h->v[HC_STATUS]), h->registered, show(h->v[HC_MON_CAT]),
	    show(h->v[HC_RISK_ELIM]), missing);
}

static void r_code_hh(struct ck *c, struct ck_hh *h)
{
	size_t i, bad = 0, seen = 0;

	if (!RUN(c, R_CODE))
		return;
	for (i = 0; i < HC_N; i++) {
		const struct ck_col *col = &c->hc[i];
		if (!col->list || is_empty(h->v[i]))
			continue;
		seen++;
		if (!h->bad[i])
			continue;
		bad++;
		HIT(c, R_CODE, NULL, col->key, h->v[i], 0,
		    _("%s is not in the code list of %s"), h->v[i], col->key);
	}
	SEE(c, R_CODE, NULL, bad > 0,
	    _("coded household fields=%zu, invalid=%zu"), seen, bad);
}

/* ---- welfare and causes ------------------------------------------------- */

static void r_welfare_hh(struct ck *c, struct ck_hh *h)
{
	const char *attr = h->v[HC_ATTRIBUTE];
	size_t i, n = 0;

	if (!RUN(c, R_DIBAO_NO_PERSON))
		return;
	if (!eq(attr, "dibao")) {
		SEE(c, R_DIBAO_NO_PERSON, NULL, LK_CHECK_NA, _("attribute=%s"),
		    show(attr));
		return;
	}
	for (i = 0; i < h->nm; i++)
		n += h->m[i].current && h->m[i].dibao == 1;
	SEE(c, R_DIBAO_NO_PERSON, NULL, n == 0,
	    _("attribute=dibao, members receiving dibao=%zu"), n);
	if (n == 0)
		HIT(c, R_DIBAO_NO_PERSON, NULL, "dibao_person", NULL, 0,
		    _("the household's attribute is %s but none of its %zu "
		      "current members receives dibao"),
		    hl(c, HC_ATTRIBUTE), h->ncur);
}

static void r_causes(struct ck *c, struct ck_hh *h)
{
	const char *mc = h->v[HC_MAIN_CAUSE];
	size_t i, sick = 0, healthy_n = 0, students = 0, disabled = 0;

	for (i = 0; i < h->nm; i++) {
		const struct ck_mem *m = &h->m[i];
		if (!m->current)
			continue;
		sick += reason(m);
		healthy_n += healthy(m);
		students += student(m);
		disabled += (m->health & HE_DISABLED) != 0;
	}
	if (RUN(c, R_CAUSE_ILLNESS)) {
		int fail = eq(mc, "1") && h->ncur > 0 && healthy_n == h->ncur;
		if (!eq(mc, "1"))
			SEE(c, R_CAUSE_ILLNESS, NULL, LK_CHECK_NA,
			    _("main_cause=%s"), show(mc));
		else
			SEE(c, R_CAUSE_ILLNESS, NULL, fail,
			    _("main_cause=1, members healthy=%zu of %zu, ill "
			      "or "
			      "disabled=%zu"),
			    healthy_n, h->ncur, sick);
		if (fail)
			HIT(c, R_CAUSE_ILLNESS, NULL, "main_cause", mc, 0,
			    _("the main cause is %s but all %zu current "
			      "members are healthy"),
			    hl(c, HC_MAIN_CAUSE), h->ncur);
	}
	if (RUN(c, R_CAUSE_STUDY)) {
		int fail = eq(mc, "3") && students == 0 && h->ncur > 0;
		if (!eq(mc, "3") || h->ncur == 0)
			SEE(c, R_CAUSE_STUDY, NULL, LK_CHECK_NA,
			    _("main_cause=%s"), show(mc));
		else
			SEE(c, R_CAUSE_STUDY, NULL, fail,
			    _("main_cause=3, students=%zu"), students);
		if (fail)
			HIT(c, R_CAUSE_STUDY, NULL, "main_cause", mc, 0,
			    _("the main cause is %s but no member has a "
			      "school status"),
			    hl(c, HC_MAIN_CAUSE));
	}
	if (RUN(c, R_CAUSE_DISABILITY)) {
		int fail = eq(mc, "2") && disabled == 0 && h->ncur > 0;
		if (!eq(mc, "2") || h->ncur == 0)
			SEE(c, R_CAUSE_DISABILITY, NULL, LK_CHECK_NA,
			    _("main_cause=%s"), show(mc));
		else
			SEE(c, R_CAUSE_DISABILITY, NULL, fail,
			    _("main_cause=2, disabled members=%zu"), disabled);
		if (fail)
			HIT(c, R_CAUSE_DISABILITY, NULL, "main_cause", mc, 0,
			    _("the main cause is %s but no current member is "
			      "disabled"),
			    hl(c, HC_MAIN_CAUSE));
	}
	if (RUN(c, R_CAUSE_REPEAT)) {
		const char *o = h->v[HC_OTHER_CAUSES], *p = o;
		int fail = 0;
		size_t ml_ = mc ? strlen(mc) : 0;
		while (!is_empty(mc) && p && *p) {
			size_t n = strcspn(p, ";");
			if (n == ml_ && strncmp(p, mc, n) == 0)
				fail = 1;
			p += n;
			if (*p)
				p++;
		}
		if (is_empty(mc) || is_empty(o))
			SEE(c, R_CAUSE_REPEAT, NULL, LK_CHECK_NA,
			    _("main_cause=%s, other_causes=%s"), show(mc),
			    show(o));
		else
			SEE(c, R_CAUSE_REPEAT, NULL, fail,
			    _("main_cause=%s, other_causes=%s"), mc, o);
		if (fail)
			HIT(c, R_CAUSE_REPEAT, NULL, "other_causes", o, 0,
			    _("the other causes %s repeat the main cause %s"),
			    hl(c, HC_OTHER_CAUSES), hl(c, HC_MAIN_CAUSE));
	}
}

/* ---- dropouts and the exit guarantees ----------------------------------- */

/* 1 when m is of compulsory-school age, out of school, with no reason on
 * record (the policy band must be there). */
static int dropout(const struct ck_hh *h, const struct ck_mem *m)
{
	return m->current && m->age >= 0 && m->age >= h->ref->v[K_COMP_MIN] &&
	       m->age <= h->ref->v[K_COMP_MAX] && !student(m) && !reason(m);
}

static void r_exit(struct ck *c, struct ck_hh *h)
{
	struct lk_buf *b = &c->val;
	const char *field = NULL, *value = NULL;
	char area_s[32];
	int64_t area = -1;
	size_t i, fails = 0;
	int rc = 0;

	if (!RUN(c, R_EXIT_GUARANTEE))
		return;
	if (!h->lifted) {
		SEE(c, R_EXIT_GUARANTEE, NULL, LK_CHECK_NA,
		    _("status=%s, lifted_year=%s"), show(h->v[HC_STATUS]),
		    show(h->v[HC_LY]));
		return;
	}
	if (!need2(c, h->ref, K_COMP_MIN, K_COMP_MAX)) {
		SEE(c, R_EXIT_GUARANTEE, NULL, LK_CHECK_NA, "%s",
		    _("the compulsory-school age band is missing"));
		return;
	}
	lk_buf_reset(b);
#define REASON(f, v, ...)                                                      \
	do {                                                                   \
		if (fails++ && !rc)                                            \
			rc = lk_buf_adds(b, _(", "));                          \
		if (!rc)                                                       \
			rc = lk_buf_printf(b, __VA_ARGS__);                    \
		if (!field) {                                                  \
			field = (f);                                           \
			value = (v);                                           \
		}                                                              \
	} while (0)
	for (i = 0; i < h->nm; i++)
		if (dropout(h, &h->m[i]))
			REASON("school", NULL,
			       _("%s, aged %d, is out of school"),
			       show(h->m[i].v[MC_NAME]), h->m[i].age);
	if ((eq(h->v[HC_GRADE], "C") || eq(h->v[HC_GRADE], "D")) &&
	    !eq(h->v[HC_RELOCATED], "1"))
		REASON("house_grade", h->v[HC_GRADE],
		       _("the house is unsafe (grade %s)"), h->v[HC_GRADE]);
	if (eq(h->v[HC_WATER_SAFE], "0"))
		REASON("water_safe", h->v[HC_WATER_SAFE], "%s",
		       _("the drinking water is not safe"));
	if (eq(h->v[HC_WATER_DIFF], "1"))
		REASON("water_difficult", h->v[HC_WATER_DIFF], "%s",
		       _("drinking water is difficult to get"));
	if (hint(h->v[HC_HOUSE_M2], &area) && area == 0)
		REASON("house_m2", "0", "%s", _("the house area is 0"));
	for (i = 0; i < h->nm; i++) {
		const struct ck_mem *m = &h->m[i];
		if (m->current && m->med == 0 && m->emp != 1)
			REASON("medical_insurance", "0",
			       _("%s has no basic medical insurance"),
			       show(m->v[MC_NAME]));
	}
#undef REASON
	if (rc) {
		c->stop = rc;
		return;
	}
	SEE(c, R_EXIT_GUARANTEE, NULL, fails > 0,
	    _("house_grade=%s, relocated=%s, water_safe=%s, "
	      "water_difficult=%s, house_m2=%s, failures=%zu"),
	    show(h->v[HC_GRADE]), show(h->v[HC_RELOCATED]),
	    show(h->v[HC_WATER_SAFE]), show(h->v[HC_WATER_DIFF]),
	    hdec(h, HC_HOUSE_M2, area_s, sizeof area_s), fails);
	if (fails)
		HIT(c, R_EXIT_GUARANTEE, NULL, field, value, 0,
		    _("the household is lifted but fails the exit "
		      "guarantees: %s"),
		    lk_buf_str(b));
}

static void r_land_road(struct ck *c, struct ck_hh *h)
{
	char b1[32], b2[32], b3[32], b4[32];
	int64_t v;

	if (RUN(c, R_LAND)) {
		if (h->ncur == 0) {
			SEE(c, R_LAND, NULL, LK_CHECK_NA, "%s",
			    _("no current member"));
		} else if (!need2(c, h->ref, K_LAND_CULT, K_LAND_FOREST)) {
			SEE(c, R_LAND, NULL, LK_CHECK_NA, "%s",
			    _("a land maximum is missing from the policy"));
		} else {
			static const struct {
				int col, kind;
			} land[] = {{HC_CULT, K_LAND_CULT},
				    {HC_FOREST, K_LAND_FOREST}};
			int fails = 0;
			size_t i;
			for (i = 0; i < 2; i++) {
				int64_t max = h->ref->v[land[i].kind];
				const char *s = h->v[land[i].col];
				if (!hint(s, &v) || v <= max * (int64_t)h->ncur)
					continue;
				fails++;
				HIT(c, R_LAND, NULL, c->hc[land[i].col].key,
				    dec2(v, b3, sizeof b3), 0,
				    i == 0 ? _("%s mu of cultivated land for "
					       "%zu people is more than %s mu "
					       "per person")
					   : _("%s mu of forest for %zu people "
					       "is more than %s mu per person"),
				    dec2(v, b1, sizeof b1), h->ncur,
				    dec2(max, b2, sizeof b2));
			}
			SEE(c, R_LAND, NULL, fails > 0,
			    _("cultivated_mu=%s, forest_mu=%s, persons=%zu, "
			      "land.cultivated_max=%s, land.forest_max=%s"),
			    hdec(h, HC_CULT, b3, sizeof b3),
			    hdec(h, HC_FOREST, b4, sizeof b4), h->ncur,
			    dec2(h->ref->v[K_LAND_CULT], b1, sizeof b1),
			    dec2(h->ref->v[K_LAND_FOREST], b2, sizeof b2));
		}
	}
	if (RUN(c, R_ROAD)) {
		if (!hint(h->v[HC_ROAD_KM], &v)) {
			SEE(c, R_ROAD, NULL, LK_CHECK_NA, "%s",
			    _("no distance to the main road"));
		} else if (!ck__need(c, h->ref, K_ROAD)) {
			SEE(c, R_ROAD, NULL, LK_CHECK_NA, "%s",
			    _("road.max_km is missing from the policy"));
		} else {
			int64_t max = h->ref->v[K_ROAD];
			SEE(c, R_ROAD, NULL, v > max,
			    _("road_km=%s, road.max_km=%s"),
			    dec2(v, b1, sizeof b1), dec2(max, b2, sizeof b2));
			if (v > max)
				HIT(c, R_ROAD, NULL, "road_km",
				    dec2(v, b3, sizeof b3), 0,
				    _("the main road is %s km away, more than "
				      "%s km"),
				    dec2(v, b1, sizeof b1),
				    dec2(max, b2, sizeof b2));
		}
	}
}

/* ---- incomes ------------------------------------------------------------ */

/* Derives the income's sums with the policy's items; 1 when done. */
static int derive(struct ck *c, struct ck_hh *h)
{
	struct ck_inc *in = &h->inc;

	if (!h->has_inc)
		return 0;
	if (in->derived)
		return in->derived > 0;
	if (!ck__need(c, h->incp, K_ITEMS)) {
		in->derived = -1;
		return 0;
	}
	in->derived = lk_income_derive_items(&in->r, in->persons,
					     h->incp->items, &in->sum) == 0
			  ? 1
			  : -1;
	return in->derived > 0;
}

static int lifted_in(const struct ck_hh *h, int year)
{
	int64_t ly;

	return eq(h->v[HC_STATUS], "lifted") &&
	       (!hint(h->v[HC_LY], &ly) || ly <= year);
}

static void r_income(struct ck *c, struct ck_hh *h)
{
	struct ck_inc *in = &h->inc;
	char b1[LK_MONEY_BUFSZ], b2[LK_MONEY_BUFSZ], b3[LK_MONEY_BUFSZ];
	size_t i, workers = 0, labour = 0, unknown = 0;

	for (i = 0; i < h->nm; i++) {
		const struct ck_mem *m = &h->m[i];
		if (!m->current)
			continue;
		workers += m->months > 0;
		labour += has_labour(m);
		unknown += m->labour < 0;
	}
	if (RUN(c, R_INC_RANGE)) {
		if (!h->has_inc) {
			SEE(c, R_INC_RANGE, NULL, LK_CHECK_FAIL, "%s",
			    _("no income"));
			if (c->year)
				HIT(c, R_INC_RANGE, NULL, "per_capita", NULL, 0,
				    _("no income is recorded for %d"), c->year);
			else
				HIT(c, R_INC_RANGE, NULL, "per_capita", NULL, 0,
				    "%s", _("no income is recorded"));
		} else if (!(derive(c, h) & ck__need(c, h->incp, K_PC_MAX))) {
			SEE(c, R_INC_RANGE, NULL, LK_CHECK_NA,
			    _("income_items or income.per_capita_max of %d is "
			      "missing from the policy"),
			    in->year);
		} else {
			int64_t pc = in->sum.per_capita,
				max = h->incp->v[K_PC_MAX];
			int fail = pc <= 0 || pc > max;
			SEE(c, R_INC_RANGE, NULL, fail,
			    _("income_year=%d, persons=%d, net_income=%s, "
			      "per_capita=%s, income.per_capita_max=%s"),
			    in->year, in->persons, yuan(in->sum.net, b1),
			    yuan(pc, b2), yuan(max, b3));
			if (pc <= 0)
				HIT(c, R_INC_RANGE, NULL, "per_capita",
				    yuan(pc, b1), 0,
				    _("the per-capita net income of %d is %s "
				      "yuan, not above 0"),
				    in->year, yuan(pc, b2));
			else if (pc > max)
				HIT(c, R_INC_RANGE, NULL, "per_capita",
				    yuan(pc, b1), 0,
				    _("the per-capita net income of %d is %s "
				      "yuan, above the maximum of %s yuan"),
				    in->year, yuan(pc, b2), yuan(max, b1));
		}
	}
	if (RUN(c, R_WAGE_NO_WORKER)) {
		int fail = h->has_inc && in->wage > 0 && workers == 0 &&
			   labour == 0 && unknown == 0 && h->ncur > 0;
		if (!h->has_inc || h->ncur == 0)
			SEE(c, R_WAGE_NO_WORKER, NULL, LK_CHECK_NA, "%s",
			    _("no income"));
		else
			SEE(c, R_WAGE_NO_WORKER, NULL, fail,
			    _("wage=%s, migrant workers=%zu, members with "
			      "labour=%zu, labour unknown=%zu"),
			    yuan(in->wage, b1), workers, labour, unknown);
		if (fail)
			HIT(c, R_WAGE_NO_WORKER, NULL, "wage",
			    yuan(in->wage, b2), 0,
			    _("the wage income of %d is %s yuan but no "
			      "current member does migrant work or has "
			      "labour capacity"),
			    in->year, yuan(in->wage, b1));
	}
	if (RUN(c, R_WORKER_NO_WAGE)) {
		int fail = h->has_inc && workers > 0 && in->wage == 0;
		if (!h->has_inc)
			SEE(c, R_WORKER_NO_WAGE, NULL, LK_CHECK_NA, "%s",
			    _("no income"));
		else
			SEE(c, R_WORKER_NO_WAGE, NULL, fail,
			    _("wage=%s, migrant workers=%zu"),
			    yuan(in->wage, b1), workers);
		if (fail)
			HIT(c, R_WORKER_NO_WAGE, NULL, "wage",
			    yuan(in->wage, b2), 0,
			    _("%zu current members do migrant work but the "
			      "wage income of %d is 0"),
			    workers, in->year);
	}
	if (RUN(c, R_OP_NO_EXPENSE)) {
		int fail = h->has_inc && in->operating > 0 && in->expense_null;
		if (!h->has_inc)
			SEE(c, R_OP_NO_EXPENSE, NULL, LK_CHECK_NA, "%s",
			    _("no income"));
		else
			SEE(c, R_OP_NO_EXPENSE, NULL, fail,
			    _("operating=%s, expense=%s"),
			    yuan(in->operating, b1),
			    in->expense_null ? "-" : _("set"));
		if (fail)
			HIT(c, R_OP_NO_EXPENSE, NULL, "expense", NULL, 0,
			    _("the operating income of %d is %s yuan but the "
			      "production expenses are empty"),
			    in->year, yuan(in->operating, b1));
	}
	if (RUN(c, R_LIFTED_BELOW)) {
		if (!h->has_inc || !lifted_in(h, in->year)) {
			SEE(c, R_LIFTED_BELOW, NULL, LK_CHECK_NA,
			    _("status=%s, lifted_year=%s, income=%s"),
			    show(h->v[HC_STATUS]), show(h->v[HC_LY]),
			    h->has_inc ? _("yes") : _("no"));
		} else if (!(derive(c, h) & ck__need(c, h->incp, K_POVERTY))) {
			SEE(c, R_LIFTED_BELOW, NULL, LK_CHECK_NA,
			    _("income_items or poverty_line of %d is missing "
			      "from the policy"),
			    in->year);
		} else {
			int64_t pc = in->sum.per_capita,
				line = h->incp->v[K_POVERTY];
			SEE(c, R_LIFTED_BELOW, NULL, pc < line,
			    _("income_year=%d, per_capita=%s, poverty_line=%s"),
			    in->year, yuan(pc, b1), yuan(line, b2));
			if (pc < line)
				HIT(c, R_LIFTED_BELOW, NULL, "per_capita",
				    yuan(pc, b1), 0,
				    _("the household is lifted but its "
				      "per-capita net income of %d, %s yuan, "
				      "is "
				      "below the poverty line of %s yuan"),
				    in->year, yuan(pc, b1), yuan(line, b2));
		}
	}
	if (RUN(c, R_UNMONITORED)) {
		if (!h->has_inc || !lifted_in(h, in->year) ||
		    !from_ok(c, R_UNMONITORED, in->year) || h->monitored) {
			SEE(c, R_UNMONITORED, NULL, LK_CHECK_NA,
			    _("status=%s, lifted_year=%s, income_year=%d, "
			      "monitored=%d"),
			    show(h->v[HC_STATUS]), show(h->v[HC_LY]),
			    h->has_inc ? in->year : 0, h->monitored);
		} else if (!(derive(c, h) & ck__need(c, h->incp, K_MONITOR))) {
			SEE(c, R_UNMONITORED, NULL, LK_CHECK_NA,
			    _("income_items or monitoring_line of %d is "
			      "missing from the policy"),
			    in->year);
		} else {
			int64_t pc = in->sum.per_capita,
				line = h->incp->v[K_MONITOR];
			SEE(c, R_UNMONITORED, NULL, pc < line,
			    _("income_year=%d, per_capita=%s, "
			      "monitoring_line=%s, monitored=0"),
			    in->year, yuan(pc, b1), yuan(line, b2));
			if (pc < line)
				HIT(c, R_UNMONITORED, NULL, "per_capita",
				    yuan(pc, b1), 0,
				    _("the household is lifted and its "
				      "per-capita net income of %d, %s yuan, "
				      "is "
				      "below the monitoring line of %s yuan, "
				      "but it is not monitored"),
				    in->year, yuan(pc, b1), yuan(line, b2));
		}
	}
}

/* ---- member rules ------------------------------------------------------- */

static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static void r_ids(struct ck *c, struct ck_mem *m)
{
	const char *idn = m->v[MC_ID];
	size_t len = strlen(m->norm);

	if (RUN(c, R_ID_LENGTH)) {
		int fail = !m->norm[0] || m->upgraded;
		SEE(c, R_ID_LENGTH, m, fail,
		    _("characters=%zu, normalized=%zu"), utf8_chars(show(idn)),
		    len);
		if (!m->norm[0]) {
			size_t n = utf8_chars(show(idn));
			if (n == 15 || n == 18 || n == 20)
				HIT(c, R_ID_LENGTH, m, "id_number", idn, 1,
				    _("the ID number has a character other "
				      "than the digits and a final X"));
			else
				HIT(c, R_ID_LENGTH, m, "id_number", idn, 1,
				    _("the ID number has %zu characters, not "
				      "18 (or 20 for a disability certificate "
				      "number)"),
				    n);
		} else if (m->upgraded) {
			HIT(c, R_ID_LENGTH, m, "id_number", idn, 1, "%s",
			    _("the ID number is an old 15-digit number not "
			      "upgraded to 18 digits"));
		}
	}
	if (len != LK_ID_LEN) {
		if (len == LK_DIS_LEN && RUN(c, R_ID_DISABILITY)) {
			int fail = m->dis.reason != LK_DIS_OK;
			SEE(c, R_ID_DISABILITY, m, fail,
			    _("id_number: 20 characters, %s"),
			    lk_dis_reason_str(m->dis.reason));
			if (fail)
				HIT(c, R_ID_DISABILITY, m, "id_number", idn, 1,
				    _("the ID number has 20 characters but is "
				      "not a valid disability certificate "
				      "number: %s"),
				    lk_dis_reason_str(m->dis.reason));
		}
		if (RUN(c, R_ID_CHECKSUM))
			SEE(c, R_ID_CHECKSUM, m, LK_CHECK_NA, "%s",
			    _("not an 18-character ID number"));
		if (RUN(c, R_ID_BIRTH))
			SEE(c, R_ID_BIRTH, m, LK_CHECK_NA, "%s",
			    _("not an 18-character ID number"));
		return;
	}
	if (RUN(c, R_ID_CHECKSUM)) {
		char last = m->norm[17];
		SEE(c, R_ID_CHECKSUM, m, !m->info.checksum_ok,
		    _("check character=%c, expected=%c"), last, m->info.check);
		if (!m->info.checksum_ok)
			HIT(c, R_ID_CHECKSUM, m, "id_number", idn, 1,
			    _("the check character of the ID number is %c, it "
			      "should be %c"),
			    last, m->info.check);
	}
	if (RUN(c, R_ID_BIRTH)) {
		SEE(c, R_ID_BIRTH, m, m->info.birth != LK_ID_OK, _("birth %s"),
		    lk_id_reason_str(m->info.birth));
		if (m->info.birth == LK_ID_BIRTH_INVALID)
			HIT(c, R_ID_BIRTH, m, "id_number", idn, 1, "%s",
			    _("the birth date in the ID number does not "
			      "exist"));
		else if (m->info.birth == LK_ID_BIRTH_EARLY)
			HIT(c, R_ID_BIRTH, m, "id_number", idn, 1, "%s",
			    _("the birth date in the ID number is before "
			      "1900"));
		else if (m->info.birth == LK_ID_BIRTH_FUTURE)
			HIT(c, R_ID_BIRTH, m, "id_number", idn, 1, "%s",
			    _("the birth date in the ID number is after "
			      "today"));
	}
}

static void r_cert(struct ck *c, struct ck_mem *m)
{
	const char *cert = m->v[MC_CERT];
	char norm[LK_DIS_LEN + 1];
	struct lk_dis_info dis;

	if (!RUN(c, R_ID_DISABILITY))
		return;
	if (is_empty(cert)) {
		SEE(c, R_ID_DISABILITY, m, LK_CHECK_NA, "%s",
		    _("no disability certificate"));
		return;
	}
	ck__norm(cert, norm, NULL);
	if (strlen(norm) != LK_DIS_LEN) {
		SEE(c, R_ID_DISABILITY, m, LK_CHECK_FAIL,
		    _("disability_cert: %zu characters"), utf8_chars(cert));
		HIT(c, R_ID_DISABILITY, m, "disability_cert", cert, 1, "%s",
		    _("the disability certificate number must have 20 "
		      "characters: the member's ID number, the category and "
		      "the grade"));
		return;
	}
	(void)lk_id_validate_disability_at(norm, c->today, &dis, NULL);
	if (dis.reason != LK_DIS_OK) {
		SEE(c, R_ID_DISABILITY, m, LK_CHECK_FAIL,
		    _("disability_cert: %s"), lk_dis_reason_str(dis.reason));
		HIT(c, R_ID_DISABILITY, m, "disability_cert", cert, 1,
		    _("the disability certificate number is invalid: %s"),
		    lk_dis_reason_str(dis.reason));
		return;
	}
	if (strlen(m->norm) == LK_ID_LEN && m->info.reason == LK_ID_OK &&
	    strncmp(norm, m->norm, LK_ID_LEN) != 0) {
		SEE(c, R_ID_DISABILITY, m, LK_CHECK_FAIL, "%s",
		    _("disability_cert: the ID part is not id_number"));
		HIT(c, R_ID_DISABILITY, m, "disability_cert", cert, 1, "%s",
		    _("the disability certificate number does not start with "
		      "the member's ID number"));
		return;
	}
	SEE(c, R_ID_DISABILITY, m, LK_CHECK_PASS,
	    _("disability_cert: category %d, grade %d"), dis.category,
	    dis.grade);
}

static int cmp_mid(const void *k, const void *e)
{
	int64_t a = *(const int64_t *)k, b = ((const struct ck_dup *)e)->mid;

	return (a > b) - (a < b);
}

static void r_dup(struct ck *c, struct ck_mem *m)
{
	const struct ck_dup *d;
	struct lk_buf *b = &c->val;
	const char *scope = c->ctx->scope ? c->ctx->scope : "", *st;
	size_t i, shown = 0;
	int rc = 0;

	if (!RUN(c, R_ID_DUPLICATE))
		return;
	if (!eq(m->v[MC_STATUS], "current") &&
	    !eq(m->v[MC_STATUS], "deceased")) {
		SEE(c, R_ID_DUPLICATE, m, LK_CHECK_NA, _("member_status=%s"),
		    show(m->v[MC_STATUS]));
		return;
	}
	d = c->ndups
		? bsearch(&m->id, c->dups, c->ndups, sizeof *c->dups, cmp_mid)
		: NULL;
	SEE(c, R_ID_DUPLICATE, m, d != NULL,
	    _("rows with this number (current or deceased)=%zu"),
	    d ? d->count : (size_t)1);
	if (!d)
		return;
	lk_buf_reset(b);
	for (i = d->group; i < d->group + d->count && !rc; i++) {
		const struct ck_dup *o = &c->dupg[i];
		if (o->mid == m->id)
			continue;
		if (shown++ && (rc = lk_buf_adds(b, _(", "))))
			break;
		if (shown > 3) {
			rc = lk_buf_adds(b, _("and others"));
			break;
		}
		st = lk_code_label(c->codes, "member_status", o->status,
				   lk_i18n_get());
		if (strncmp(o->village, scope, strlen(scope)) != 0)
			rc = lk_buf_printf(b,
					   _("a member (%s) of a household "
					     "outside your scope"),
					   st);
		else
			rc =
			    lk_buf_printf(b, _("a member (%s) of household %s"),
					  st, o->household_no);
	}
	if (rc) {
		c->stop = rc;
		return;
	}
	HIT(c, R_ID_DUPLICATE, m, "id_number", m->v[MC_ID], 1,
	    _("the same ID number is also recorded for %s"), lk_buf_str(b));
}

static int cmp_cadre_hash(const void *k, const void *e)
{
	uint64_t a = *(const uint64_t *)k,
		 b = ((const struct ck_cadre *)e)->hash;

	return (a > b) - (a < b);
}

static void r_is_poor(struct ck *c, struct ck_hh *h, struct ck_mem *m)
{
	const struct ck_cadre *e = NULL, *end = c->cadres + c->ncadres;
	uint64_t hash;

	if (!RUN(c, R_HELPER_IS_POOR))
		return;
	if (!h->needs_helper || !m->current) {
		SEE(c, R_HELPER_IS_POOR, m, LK_CHECK_NA,
		    _("status=%s, current=%d"), show(h->v[HC_STATUS]),
		    m->current);
		return;
	}
	if (c->ncadres && m->norm[0]) {
		hash = ck__hash(m->norm);
		e = bsearch(&hash, c->cadres, c->ncadres, sizeof *c->cadres,
			    cmp_cadre_hash);
		while (e && e > c->cadres && e[-1].hash == hash)
			e--;
		while (e && e < end && e->hash == hash &&
		       strcmp(e->norm, m->norm) != 0)
			e++;
		if (e && (e == end || e->hash != hash))
			e = NULL;
	}
	SEE(c, R_HELPER_IS_POOR, m, e != NULL, _("cadres=%zu, a cadre=%s"),
	    c->ncadres, e ? _("yes") : _("no"));
	if (e)
		HIT(c, R_HELPER_IS_POOR, m, "id_number", m->v[MC_ID], 1,
		    _("helper cadre %s (no. %lld) is a current member of this "
		      "household, which is %s"),
		    e->name, (long long)e->id,
		    eq(h->v[HC_STATUS], "poor") ||
			    eq(h->v[HC_STATUS], "returned")
			? hl(c, HC_STATUS)
			: _("monitored"));
}

static void r_member_fields(struct ck *c, struct ck_mem *m)
{
	static const int req[] = {MC_NAME, MC_ID, MC_RELATION};
	size_t i, bad = 0, seen = 0, missing = 0;

	if (RUN(c, R_REQUIRED) && m->current) {
		for (i = 0; i < sizeof req / sizeof req[0]; i++) {
			const struct ck_col *col = &c->mc[req[i]];
			if (!is_empty(m->v[req[i]]))
				continue;
			missing++;
			HIT(c, R_REQUIRED, m, col->key, NULL, 0,
			    _("%s (%s) is required for every member"), col->key,
			    _(col->f->en));
		}
		SEE(c, R_REQUIRED, m, missing > 0,
		    _("name, id_number, relation: missing=%zu"), missing);
	}
	if (RUN(c, R_CODE)) {
		for (i = 0; i < MC_N; i++) {
			const struct ck_col *col = &c->mc[i];
			if (!col->list || is_empty(m->v[i]))
				continue;
			seen++;
			if (!m->bad[i])
				continue;
			bad++;
			HIT(c, R_CODE, m, col->key, m->v[i], 0,
			    _("%s is not in the code list of %s"), m->v[i],
			    col->key);
		}
		SEE(c, R_CODE, m, bad > 0, _("coded fields=%zu, invalid=%zu"),
		    seen, bad);
	}
}

static void r_sex(struct ck *c, struct ck_mem *m)
{
	int want;

	if (!RUN(c, R_SEX_RELATION))
		return;
	if (!(m->rel & (REL_MALE | REL_FEMALE)) || !m->sex) {
		SEE(c, R_SEX_RELATION, m, LK_CHECK_NA, _("relation=%s, sex=%d"),
		    show(m->v[MC_RELATION]), m->sex);
		return;
	}
	want = m->rel & REL_MALE ? LK_SEX_MALE : LK_SEX_FEMALE;
	SEE(c, R_SEX_RELATION, m, want != m->sex,
	    _("relation=%s (%s), sex%s=%d"), m->v[MC_RELATION],
	    want == LK_SEX_MALE ? "M" : "F",
	    m->sex_from_id ? _(" (from the ID)") : "", m->sex);
	if (want != m->sex)
		HIT(c, R_SEX_RELATION, m, "relation", m->v[MC_RELATION], 0,
		    m->sex_from_id
			? _("the relation %s is for a %s member but the ID "
			    "number says %s")
			: _("the relation %s is for a %s member but the "
			    "member is recorded as %s"),
		    ml(c, m, MC_RELATION), sex_word(want), sex_word(m->sex));
}

static void r_edu(struct ck *c, struct ck_mem *m)
{
	int edu = !is_empty(m->v[MC_EDUCATION]), sch = student(m);

	if (RUN(c, R_EDU_BOTH)) {
		SEE(c, R_EDU_BOTH, m, edu && sch, _("education=%s, school=%s"),
		    show(m->v[MC_EDUCATION]), show(m->v[MC_SCHOOL]));
		if (edu && sch)
			HIT(c, R_EDU_BOTH, m, "education", m->v[MC_EDUCATION],
			    0,
			    _("both the education %s and the school status "
			      "%s are filled"),
			    ml(c, m, MC_EDUCATION), ml(c, m, MC_SCHOOL));
	}
	if (RUN(c, R_EDU_NEITHER)) {
		SEE(c, R_EDU_NEITHER, m, !edu && !sch,
		    _("education=%s, school=%s"), show(m->v[MC_EDUCATION]),
		    show(m->v[MC_SCHOOL]));
		if (!edu && !sch)
			HIT(c, R_EDU_NEITHER, m, "education", NULL, 0, "%s",
			    _("neither the education nor the school status "
			      "is filled"));
	}
	if (RUN(c, R_NO_CERT)) {
		int dis = (m->health & HE_DISABLED) != 0;
		int fail = dis && is_empty(m->v[MC_CERT]);
		if (!dis)
			SEE(c, R_NO_CERT, m, LK_CHECK_NA, _("health=%s"),
			    show(m->v[MC_HEALTH]));
		else
			SEE(c, R_NO_CERT, m, fail,
			    _("health=%s, disability_cert=%s"), m->v[MC_HEALTH],
			    fail ? "-" : _("set"));
		if (fail)
			HIT(c, R_NO_CERT, m, "disability_cert", NULL, 0, "%s",
			    _("the member is disabled but has no disability "
			      "certificate number"));
	}
}

/* Explains an age rule that cannot be judged; 1 if it can. */
static int age_ok(struct ck *c, int r, struct ck_hh *h, const struct ck_mem *m,
		  int k1, int k2)
{
	int k = -1;

	if (m->age < 0) {
		SEE(c, r, m, LK_CHECK_NA, "%s",
		    _("the age is unknown (no valid birth date)"));
		return 0;
	}
	if (!ck__need(c, h->ref, k1))
		k = k1;
	if (k2 >= 0 && !ck__need(c, h->ref, k2) && k < 0)
		k = k2;
	if (k >= 0) {
		SEE(c, r, m, LK_CHECK_NA, _("%s is missing from the policy"),
		    ck__kind_names[k]);
		return 0;
	}
	return 1;
}

static void r_school(struct ck *c, struct ck_hh *h, struct ck_mem *m)
{
	const int64_t *v = h->ref->v;

	if (RUN(c, R_AGE_HIGH) && age_ok(c, R_AGE_HIGH, h, m, K_HIGH_MIN, -1)) {
		int fail = m->level >= 3 && m->age < v[K_HIGH_MIN];
		SEE(c, R_AGE_HIGH, m, fail,
		    _("age=%d, school=%s (level %d), age.high_school_min=%lld"),
		    m->age, show(m->v[MC_SCHOOL]), m->level,
		    (long long)v[K_HIGH_MIN]);
		if (fail)
			HIT(c, R_AGE_HIGH, m, "school", m->v[MC_SCHOOL], 0,
			    _("aged %d, under %lld, but in %s"), m->age,
			    (long long)v[K_HIGH_MIN], ml(c, m, MC_SCHOOL));
	}
	if (RUN(c, R_AGE_LOW) &&
	    age_ok(c, R_AGE_LOW, h, m, K_PRIMARY_MAX, -1)) {
		int fail = (m->level == 0 || m->level == 1) &&
			   m->age > v[K_PRIMARY_MAX];
		SEE(c, R_AGE_LOW, m, fail,
		    _("age=%d, school=%s (level %d), age.primary_max=%lld"),
		    m->age, show(m->v[MC_SCHOOL]), m->level,
		    (long long)v[K_PRIMARY_MAX]);
		if (fail)
			HIT(c, R_AGE_LOW, m, "school", m->v[MC_SCHOOL], 0,
			    _("aged %d, over %lld, but in %s"), m->age,
			    (long long)v[K_PRIMARY_MAX], ml(c, m, MC_SCHOOL));
	}
	if (RUN(c, R_PRESCHOOL_OLD) &&
	    age_ok(c, R_PRESCHOOL_OLD, h, m, K_PRESCHOOL_MAX, -1)) {
		int fail =
		    m->level == 0 && healthy(m) && m->age > v[K_PRESCHOOL_MAX];
		SEE(c, R_PRESCHOOL_OLD, m, fail,
		    _("age=%d, school=%s (level %d), health=%s, "
		      "age.preschool_max=%lld"),
		    m->age, show(m->v[MC_SCHOOL]), m->level,
		    show(m->v[MC_HEALTH]), (long long)v[K_PRESCHOOL_MAX]);
		if (fail)
			HIT(c, R_PRESCHOOL_OLD, m, "school", m->v[MC_SCHOOL], 0,
			    _("aged %d, over %lld and healthy, but still in "
			      "%s"),
			    m->age, (long long)v[K_PRESCHOOL_MAX],
			    ml(c, m, MC_SCHOOL));
	}
	if (RUN(c, R_DROPOUT) &&
	    age_ok(c, R_DROPOUT, h, m, K_COMP_MIN, K_COMP_MAX)) {
		int fail = dropout(h, m);
		SEE(c, R_DROPOUT, m, fail,
		    _("age=%d, school=%s, health=%s, age.compulsory_min=%lld, "
		      "age.compulsory_max=%lld"),
		    m->age, show(m->v[MC_SCHOOL]), show(m->v[MC_HEALTH]),
		    (long long)v[K_COMP_MIN], (long long)v[K_COMP_MAX]);
		if (fail)
			HIT(c, R_DROPOUT, m, "school", NULL, 0,
			    _("aged %d, of compulsory-school age (%lld-%lld), "
			      "not in school and no illness or disability on "
			      "record"),
			    m->age, (long long)v[K_COMP_MIN],
			    (long long)v[K_COMP_MAX]);
	}
}

static void r_labour(struct ck *c, struct ck_hh *h, struct ck_mem *m)
{
	const int64_t *v = h->ref->v;

	if (RUN(c, R_LAB_CHILD) &&
	    age_ok(c, R_LAB_CHILD, h, m, K_LABOUR_MIN, -1)) {
		int fail = m->age < v[K_LABOUR_MIN] && m->labour >= 0 &&
			   m->labour != LB_NONE;
		SEE(c, R_LAB_CHILD, m, fail,
		    _("age=%d, labour=%s, "
		      "age.labour_min=%lld"),
		    m->age, show(m->v[MC_LABOUR]), (long long)v[K_LABOUR_MIN]);
		if (fail)
			HIT(c, R_LAB_CHILD, m, "labour", m->v[MC_LABOUR], 0,
			    _("aged %d, under %lld, but the labour capacity is "
			      "%s"),
			    m->age, (long long)v[K_LABOUR_MIN],
			    ml(c, m, MC_LABOUR));
	}
	if (RUN(c, R_LAB_ELDERLY) &&
	    age_ok(c, R_LAB_ELDERLY, h, m, K_ELDERLY, -1)) {
		int fail =
		    m->age >= v[K_ELDERLY] &&
		    (m->labour == LB_ORDINARY || m->labour == LB_SKILLED);
		SEE(c, R_LAB_ELDERLY, m, fail,
		    _("age=%d, labour=%s, "
		      "age.elderly=%lld"),
		    m->age, show(m->v[MC_LABOUR]), (long long)v[K_ELDERLY]);
		if (fail)
			HIT(c, R_LAB_ELDERLY, m, "labour", m->v[MC_LABOUR], 0,
			    _("aged %d, %lld or older, but the labour capacity "
			      "is %s"),
			    m->age, (long long)v[K_ELDERLY],
			    ml(c, m, MC_LABOUR));
	}
	if (RUN(c, R_LAB_HEALTHY_NONE) &&
	    age_ok(c, R_LAB_HEALTHY_NONE, h, m, K_LABOUR_MIN, K_WORKING_MAX)) {
		int fail = m->age >= v[K_LABOUR_MIN] &&
			   m->age <= v[K_WORKING_MAX] && healthy(m) &&
			   !student(m) &&
			   (m->labour == LB_NONE || m->labour == LB_LOST);
		SEE(c, R_LAB_HEALTHY_NONE, m, fail,
		    _("age=%d, health=%s, school=%s, labour=%s, "
		      "age.labour_min=%lld, age.working_max=%lld"),
		    m->age, show(m->v[MC_HEALTH]), show(m->v[MC_SCHOOL]),
		    show(m->v[MC_LABOUR]), (long long)v[K_LABOUR_MIN],
		    (long long)v[K_WORKING_MAX]);
		if (fail)
			HIT(c, R_LAB_HEALTHY_NONE, m, "labour", m->v[MC_LABOUR],
			    0,
			    _("aged %d, of working age (%lld-%lld), healthy "
			      "and not a student, but the labour capacity is "
			      "%s"),
			    m->age, (long long)v[K_LABOUR_MIN],
			    (long long)v[K_WORKING_MAX], ml(c, m, MC_LABOUR));
	}
	if (RUN(c, R_TEKUN_WORKING)) {
		if (!eq(c->h.v[HC_ATTRIBUTE], "tekun")) {
			SEE(c, R_TEKUN_WORKING, m, LK_CHECK_NA,
			    _("attribute=%s"), show(c->h.v[HC_ATTRIBUTE]));
		} else if (age_ok(c, R_TEKUN_WORKING, h, m, K_LABOUR_MIN,
				  K_WORKING_MAX)) {
			int fail = m->age >= v[K_LABOUR_MIN] &&
				   m->age <= v[K_WORKING_MAX] && has_labour(m);
			SEE(c, R_TEKUN_WORKING, m, fail,
			    _("attribute=tekun, age=%d, labour=%s"), m->age,
			    show(m->v[MC_LABOUR]));
			if (fail)
				HIT(c, R_TEKUN_WORKING, m, "labour",
				    m->v[MC_LABOUR], 0,
				    _("a member of an extreme-poverty support "
				      "household, aged %d, has the labour "
				      "capacity %s"),
				    m->age, ml(c, m, MC_LABOUR));
		}
	}
}

static void r_migrant(struct ck *c, struct ck_mem *m)
{
	char mo[24];
	int place = !is_empty(m->v[MC_PLACE]);

	snprintf(mo, sizeof mo, "%lld", (long long)m->months);
	if (m->months_null)
		snprintf(mo, sizeof mo, "-");
	if (RUN(c, R_MIG_NO_LABOUR)) {
		int fail = m->months > 0 &&
			   (m->labour == LB_NONE || m->labour == LB_LOST ||
			    m->labour == LB_WEAK);
		SEE(c, R_MIG_NO_LABOUR, m, fail,
		    _("migrant_months=%s, labour=%s"), mo,
		    show(m->v[MC_LABOUR]));
		if (fail)
			HIT(c, R_MIG_NO_LABOUR, m, "migrant_months", mo, 0,
			    _("the labour capacity is %s but the member did "
			      "%lld months of migrant work"),
			    ml(c, m, MC_LABOUR), (long long)m->months);
	}
	if (RUN(c, R_MIG_STUDENT)) {
		int fail = m->months > 0 && student(m);
		SEE(c, R_MIG_STUDENT, m, fail,
		    _("migrant_months=%s, school=%s"), mo,
		    show(m->v[MC_SCHOOL]));
		if (fail)
			HIT(c, R_MIG_STUDENT, m, "migrant_months", mo, 0,
			    _("a student (%s) did %lld months of migrant "
			      "work"),
			    ml(c, m, MC_SCHOOL), (long long)m->months);
	}
	if (RUN(c, R_MIG_MONTHS)) {
		int range =
		    !m->months_null && (m->months < 0 || m->months > 12);
		int nomonths = place && m->months <= 0;
		int noplace = m->months > 0 && !place;
		SEE(c, R_MIG_MONTHS, m, range || nomonths || noplace,
		    _("migrant_months=%s, work_place=%s"), mo,
		    place ? _("set") : "-");
		if (range)
			HIT(c, R_MIG_MONTHS, m, "migrant_months", mo, 0,
			    _("%lld months of migrant work is not within "
			      "0-12"),
			    (long long)m->months);
		else if (nomonths)
			HIT(c, R_MIG_MONTHS, m, "work_place", m->v[MC_PLACE], 0,
			    _("the place of work %s is given without months "
			      "of migrant work"),
			    m->v[MC_PLACE]);
		else if (noplace)
			HIT(c, R_MIG_MONTHS, m, "migrant_months", mo, 0,
			    _("%lld months of migrant work are given without "
			      "a place of work"),
			    (long long)m->months);
	}
}

static void r_welfare_member(struct ck *c, struct ck_mem *m)
{
	const char *attr = c->h.v[HC_ATTRIBUTE];

	if (RUN(c, R_GENERAL_DIBAO)) {
		int fail = eq(attr, "general") && m->dibao == 1;
		if (!eq(attr, "general"))
			SEE(c, R_GENERAL_DIBAO, m, LK_CHECK_NA,
			    _("attribute=%s"), show(attr));
		else
			SEE(c, R_GENERAL_DIBAO, m, fail,
			    _("attribute=general, dibao_person=%s"),
			    yn(m->dibao));
		if (fail)
			HIT(c, R_GENERAL_DIBAO, m, "dibao_person", "1", 0,
			    _("the member receives dibao but the household's "
			      "attribute is %s"),
			    hl(c, HC_ATTRIBUTE));
	}
	if (RUN(c, R_WELFARE_BOTH)) {
		int fail = m->dibao == 1 && m->tekun == 1;
		SEE(c, R_WELFARE_BOTH, m, fail,
		    _("dibao_person=%s, tekun_person=%s"), yn(m->dibao),
		    yn(m->tekun));
		if (fail)
			HIT(c, R_WELFARE_BOTH, m, "tekun_person", "1", 0, "%s",
			    _("the member receives both dibao and "
			      "extreme-poverty support"));
	}
	if (RUN(c, R_INSURANCE_BOTH)) {
		int fail = m->med == 1 && m->emp == 1;
		SEE(c, R_INSURANCE_BOTH, m, fail,
		    _("medical_insurance=%s, employee_medical_insurance=%s"),
		    yn(m->med), yn(m->emp));
		if (fail)
			HIT(c, R_INSURANCE_BOTH, m,
			    "employee_medical_insurance", "1", 0, "%s",
			    _("the member is in both the residents' and the "
			      "employees' basic medical insurance"));
	}
}

/* ---- the household ------------------------------------------------------ */

void ck__household(struct ck *c, struct ck_hh *h)
{
	size_t i;

	if (c->stop)
		return;
	r_structure(c, h);
	r_phone(c, h);
	r_helper_none(c, h);
	r_required(c, h);
	r_code_hh(c, h);
	r_welfare_hh(c, h);
	r_causes(c, h);
	r_exit(c, h);
	r_land_road(c, h);
	r_income(c, h);
	for (i = 0; i < h->nm && !c->stop; i++) {
		struct ck_mem *m = &h->m[i];
		r_ids(c, m);
		r_cert(c, m);
		r_dup(c, m);
		r_member_fields(c, m);
		if (!m->current)
			continue;
		r_sex(c, m);
		r_is_poor(c, h, m);
		r_edu(c, m);
		r_school(c, h, m);
		r_labour(c, h, m);
		r_migrant(c, m);
		r_welfare_member(c, m);
	}
}
