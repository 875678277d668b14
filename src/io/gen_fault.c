/*
 * gen_fault.c - the data-quality faults of the generator (gen.h
 * --faults): which household can carry each rule's fault, how it is made
 * to, and the faults that live in ID numbers.  Every fault makes exactly
 * its rule fire (tests/unit/test_gen.c checks it with lika check).
 */
#include <stdio.h>
#include <string.h>

#include "core/idcard.h"
#include "io/gen_int.h"

const struct gen_fault_def gen_fault[F_COUNT] = {
    {"id.checksum", "id_number", W_ANY, HI_NONE, 0},
    {"id.birth", "id_number", W_ANY, HI_NONE, 0},
    {"id.length", "id_number", W_ANY, HI_NONE, 0},
    {"id.disability", "disability_cert", W_ANY, HI_DISABLED, 0},
    {"household.phone", "phone", W_ANY, HI_NONE, 0},
    {"code.invalid", "ethnicity", W_ANY, HI_NONE, 0},
    {"member.sex_relation", "relation", W_ANY, HI_NONE, 0},
    {"member.spouse_sex", "relation", W_ANY, HI_NONE, 0},
    {"edu.both", "education", W_ANY, HI_NONE, 0},
    {"edu.neither", "education", W_ANY, HI_NONE, 0},
    {"disability.no_cert", "disability_cert", W_ANY, HI_DISABLED, 0},
    {"school.age_high", "school", W_ANY, HI_NONE, 0},
    {"school.age_low", "school", W_ANY, HI_NONE, 0},
    {"school.preschool_old", "school", W_ANY, HI_NONE, 0},
    {"school.dropout", "school", W_NOTLIFTED, HI_NONE, 0},
    {"labour.child", "labour", W_ANY, HI_NONE, 0},
    {"labour.elderly", "labour", W_ANY, HI_NONE, 0},
    {"labour.healthy_none", "labour", W_NOTTEKUN, HI_NONE, 0},
    {"migrant.no_labour", "migrant_months", W_NOTTEKUN, HI_WEAK, 0},
    {"migrant.student", "migrant_months", W_ANY, HI_NONE, 0},
    {"migrant.months", "work_place", W_ANY, HI_NONE, 0},
    {"income.wage_no_worker", "wage", W_NOLAB, HI_NONE, 0},
    {"income.worker_no_wage", "wage", W_ANY, HI_NONE, 0},
    {"income.operating_no_expense", "expense", W_ANY, HI_NONE, 0},
    {"income.range", "per_capita", W_ORD_UNMON, HI_NONE, 0},
    {"income.lifted_below_line", "per_capita", W_LIFTED, HI_NONE, 2015},
    {"income.unmonitored_risk", "per_capita", W_LIFTED, HI_NONE, 2020},
    {"welfare.dibao_no_person", "dibao_person", W_DIBAO, HI_NONE, 0},
    {"welfare.general_dibao", "dibao_person", W_GENERAL, HI_NONE, 0},
    {"welfare.tekun_working", "labour", W_TEKUN_SON, HI_NONE, 0},
    {"welfare.both", "tekun_person", W_DIBAO, HI_NONE, 0},
    {"cause.illness", "main_cause", W_REG, HI_NONE, 0},
    {"cause.study", "main_cause", W_REG, HI_NONE, 0},
    {"cause.disability", "main_cause", W_REG, HI_NONE, 0},
    {"cause.repeat", "other_causes", W_REG, HI_NONE, 0},
    {"exit.guarantee", "house_grade", W_LIFTED, HI_NONE, 2015},
    {"insurance.both", "employee_medical_insurance", W_ANY, HI_NONE, 0},
    {"land.range", "cultivated_mu", W_ANY, HI_NONE, 0},
    {"road.range", "road_km", W_ANY, HI_NONE, 0},
    {"required.missing", "main_cause", W_REG, HI_NONE, 0},
};

const char *lk_gen_fault_rule(size_t i)
{
	return i < F_COUNT ? gen_fault[i].rule : NULL;
}

/* ---- making a household fit its fault --------------------------------- */

static int find_mem(const struct hh *h, int from_last,
		    int (*pred)(const struct hh *, const struct mem *))
{
	int i;

	for (i = 0; i < h->n; i++) {
		int k = from_last ? h->n - 1 - i : i;
		if (pred(h, &h->m[k]))
			return k;
	}
	return -1;
}

static int p_plain_other(const struct hh *h, const struct mem *m)
{
	return m->rel != R_HEAD && m->health != H_DISABLED;
}
static int p_disabled(const struct hh *h, const struct mem *m)
{
	return m->health == H_DISABLED;
}
static int p_sexed(const struct hh *h, const struct mem *m)
{
	return gen_rel_sex[m->rel] != 0;
}
static int p_spouse(const struct hh *h, const struct mem *m)
{
	return m->rel == R_SPOUSE;
}
static int p_pupil(const struct hh *h, const struct mem *m)
{
	return m->level >= 1 && m->level <= 3 && m->age >= 6 && m->age <= 17;
}
static int p_adult_edu(const struct hh *h, const struct mem *m)
{
	return m->age >= 18 && m->level < 0;
}
static int p_junior(const struct hh *h, const struct mem *m)
{
	return m->age >= 12 && m->age <= 14 && m->level == 2;
}
static int p_young_adult(const struct hh *h, const struct mem *m)
{
	return m->age >= 20 && m->age <= 40 && m->level < 0 && !m->months;
}
/* 1 unless m is the only pupil of a household poor 因学 (taking m out
 * of school would add cause.study). */
static int keeps_study(const struct hh *h, const struct mem *m)
{
	int i, others = 0;

	if (h->main_cause != CA_STUDY)
		return 1;
	for (i = 0; i < h->n; i++)
		others += &h->m[i] != m && h->m[i].level >= 1;
	return others > 0;
}
static int p_first_grader(const struct hh *h, const struct mem *m)
{
	return m->age >= 7 && m->age <= 8 && m->level == 1 &&
	       m->health == H_OK && keeps_study(h, m);
}
static int p_dropout(const struct hh *h, const struct mem *m)
{
	return m->age >= 10 && m->age <= 14 && m->level >= 1 &&
	       m->health == H_OK && keeps_study(h, m);
}
static int p_teen(const struct hh *h, const struct mem *m)
{
	return m->age >= 13 && m->age <= 15;
}
static int p_old(const struct hh *h, const struct mem *m)
{
	return m->age >= 65;
}
static int p_healthy_worker(const struct hh *h, const struct mem *m)
{
	return m->age >= 16 && m->age <= 60 && m->level < 0 &&
	       m->health == H_OK && !m->months && is_able(m);
}
static int p_weak_worker(const struct hh *h, const struct mem *m)
{
	int i;

	if (!(m->age >= 18 && m->age <= 60 && m->level < 0 &&
	      (m->labour == L_WEAK || m->labour == L_LOST)))
		return 0;
	for (i = 0; i < h->n; i++)
		if (&h->m[i] != m && is_able(&h->m[i]))
			return 1;
	return 0;
}
static int p_senior_student(const struct hh *h, const struct mem *m)
{
	return m->level >= 3 && m->age >= 16 && m->age <= 22;
}
static int p_stay_worker(const struct hh *h, const struct mem *m)
{
	return is_able(m) && m->level < 0 && !m->months;
}
static int p_migrant(const struct hh *h, const struct mem *m)
{
	return m->months > 0;
}
static int p_any_labour(const struct hh *h, const struct mem *m)
{
	return m->labour != L_NONE && m->labour != L_LOST;
}
static int p_unhealthy(const struct hh *h, const struct mem *m)
{
	return m->health != H_OK;
}
static int p_in_school(const struct hh *h, const struct mem *m)
{
	return m->level >= 0;
}
static int p_son_of_tekun(const struct hh *h, const struct mem *m)
{
	return m->rel == R_SON && m->age >= 16 && m->age <= 60;
}

static void drop_cause(struct hh *h, int c)
{
	int i, k = 0;

	for (i = 0; i < h->nother; i++)
		if (h->other[i] != c)
			h->other[k++] = h->other[i];
	h->nother = k;
}

/* Shapes household h for fault f before its incomes are drawn; 1 when
 * h cannot carry it (the caller draws another household). */
int gen_fault_prepare(struct gen *g, struct hh *h, int f, struct rng *r)
{
	int t = -1;

	h->target = -1;
	switch (f) {
	case F_ID_CHECKSUM:
	case F_ID_BIRTH:
	case F_ID_LENGTH: t = find_mem(h, 1, p_plain_other); break;
	case F_ID_DISABILITY:
	case F_NO_CERT: t = find_mem(h, 1, p_disabled); break;
	case F_PHONE:
		memcpy(h->phone, "12", 2);
		put_digits(h->phone + 2, rng_below(r, 1000000000u), 9);
		h->phone[11] = '\0';
		return 0;
	case F_CODE:
		t = (int)rng_below(r, (uint32_t)h->n);
		h->m[t].eth = "穿青人";
		break;
	case F_SEX_RELATION:
		if ((t = find_mem(h, 1, p_sexed)) >= 0)
			h->m[t].sex = other_sex(h->m[t].sex);
		break;
	case F_SPOUSE_SEX:
		/* both women: a female head's spouse has no sex of its own
		 * in the relation list, so only member.spouse_sex fires */
		if ((t = find_mem(h, 0, p_spouse)) >= 0) {
			h->m[0].sex = FEMALE;
			h->m[t].sex = FEMALE;
		}
		break;
	case F_EDU_BOTH:
		if ((t = find_mem(h, 1, p_pupil)) >= 0)
			h->m[t].edu =
			    h->m[t].age <= 12 ? gen_edu[1] : gen_edu[2];
		break;
	case F_EDU_NEITHER:
		if ((t = find_mem(h, 1, p_adult_edu)) >= 0)
			h->m[t].edu = NULL;
		break;
	case F_AGE_HIGH:
		if ((t = find_mem(h, 1, p_junior)) >= 0) {
			h->m[t].school = gen_high[0];
			h->m[t].level = 3;
		}
		break;
	case F_AGE_LOW:
		if ((t = find_mem(h, 1, p_young_adult)) >= 0) {
			h->m[t].school = "小学";
			h->m[t].level = 1;
			h->m[t].edu = NULL;
		}
		break;
	case F_PRESCHOOL_OLD:
		if ((t = find_mem(h, 1, p_first_grader)) >= 0) {
			h->m[t].school = "学前教育";
			h->m[t].level = 0;
		}
		break;
	case F_DROPOUT:
		if (h->status == S_LIFTED)
			return 1;
		if ((t = find_mem(h, 1, p_dropout)) >= 0) {
			h->m[t].school = NULL;
			h->m[t].level = -1;
			h->m[t].edu = gen_edu[1];
		}
		break;
	case F_LAB_CHILD:
		if ((t = find_mem(h, 1, p_teen)) >= 0)
			h->m[t].labour = L_ORD;
		break;
	case F_LAB_ELDERLY:
		if ((t = find_mem(h, 1, p_old)) >= 0)
			h->m[t].labour = L_ORD;
		break;
	case F_LAB_HEALTHY_NONE:
		if ((t = find_mem(h, 1, p_healthy_worker)) >= 0)
			h->m[t].labour = L_NONE;
		break;
	case F_MIG_NO_LABOUR:
		if ((t = find_mem(h, 1, p_weak_worker)) >= 0) {
			h->m[t].months = rng_int(r, 3, 9);
			h->m[t].place = gen_place(g, r);
		}
		break;
	case F_MIG_STUDENT:
		if ((t = find_mem(h, 1, p_senior_student)) >= 0) {
			h->m[t].labour = L_ORD;
			h->m[t].months = rng_int(r, 2, 3);
			h->m[t].place = gen_place(g, r);
		}
		break;
	case F_MIG_MONTHS:
		if ((t = find_mem(h, 1, p_stay_worker)) >= 0)
			h->m[t].place = gen_place(g, r);
		break;
	case F_WAGE_NO_WORKER:
		if (find_mem(h, 0, p_any_labour) >= 0 ||
		    find_mem(h, 0, p_migrant) >= 0)
			return 1;
		h->force_wage = 1;
		return 0;
	case F_WORKER_NO_WAGE:
		if (find_mem(h, 0, p_migrant) < 0)
			return 1;
		h->no_wage = 1;
		return 0;
	case F_OP_NO_EXPENSE: h->no_expense = 1; return 0;
	case F_INC_RANGE: h->pcmode = PC_HUGE; return 0;
	case F_LIFTED_BELOW:
		if (h->status != S_LIFTED || (g->y1 >= 2020 && h->ly >= 2020))
			return 1;
		h->pcmode = PC_BELOW;
		if (g->y1 >= 2020 && !h->mon) {
			h->mon = M_UNSTABLE;
			snprintf(h->since, sizeof h->since, "2020-%02d-%02d",
				 rng_int(r, 3, 11), rng_int(r, 1, 28));
			h->risk = "因务工就业不稳";
		}
		return 0;
	case F_UNMONITORED:
		if (h->status != S_LIFTED)
			return 1;
		h->mon = M_NONE;
		h->since[0] = '\0';
		h->risk = NULL;
		h->pcmode = PC_LOWRANGE;
		return 0;
	case F_DIBAO_NO_PERSON:
		for (t = 0; t < h->n; t++)
			h->m[t].dibao = 0;
		h->target = -1;
		return 0;
	case F_GENERAL_DIBAO:
		t = (int)rng_below(r, (uint32_t)h->n);
		h->m[t].dibao = 1;
		break;
	case F_TEKUN_WORKING:
		if ((t = find_mem(h, 0, p_son_of_tekun)) >= 0)
			h->m[t].labour = L_ORD;
		break;
	case F_WELFARE_BOTH:
		/* in a dibao household, so that no other welfare rule
		 * fires whatever "general household" means */
		t = 0;
		h->m[0].tekun = 1;
		break;
	case F_CAUSE_ILLNESS:
		if (find_mem(h, 0, p_unhealthy) >= 0)
			return 1;
		h->main_cause = CA_ILL;
		drop_cause(h, CA_ILL);
		return 0;
	case F_CAUSE_STUDY:
		if (find_mem(h, 0, p_in_school) >= 0)
			return 1;
		h->main_cause = CA_STUDY;
		drop_cause(h, CA_STUDY);
		return 0;
	case F_CAUSE_DISABILITY:
		if (find_mem(h, 0, p_disabled) >= 0)
			return 1;
		h->main_cause = CA_DIS;
		drop_cause(h, CA_DIS);
		return 0;
	case F_CAUSE_REPEAT:
		h->other[0] = h->main_cause;
		if (h->nother == 0)
			h->nother = 1;
		return 0;
	case F_EXIT_GUARANTEE:
		if (h->status != S_LIFTED || h->relocated)
			return 1;
		h->grade = "C";
		return 0;
	case F_INSURANCE_BOTH:
		t = (int)rng_below(r, (uint32_t)h->n);
		h->m[t].employee = 1;
		break;
	case F_LAND: h->cult = h->n * rng_int(r, 550, 900); return 0;
	case F_ROAD: h->road = rng_int(r, 520, 900); return 0;
	case F_REQUIRED: h->main_cause = -1; return 0;
	default: return 1;
	}
	if (t < 0)
		return 1;
	h->target = t;
	return 0;
}
void gen_fault_finish(struct hh *h)
{
	static const char checks[] = "10X98765432";
	int i;

	for (i = 0; i < h->n; i++) {
		struct mem *m = &h->m[i];
		if (m->health != H_DISABLED)
			continue;
		if (h->fault == F_NO_CERT && h->target == i)
			continue;
		memcpy(m->cert, m->id, 18);
		m->cert[18] = (char)('0' + m->dis_cat);
		m->cert[19] = (char)('0' + m->dis_grade);
		m->cert[20] = '\0';
		if (h->fault == F_ID_DISABILITY && h->target == i)
			m->cert[18] = '9';
	}
	if (h->target < 0)
		return;
	{
		struct mem *m = &h->m[h->target];
		const char *p;
		int mo;
		switch (h->fault) {
		case F_ID_CHECKSUM:
			p = strchr(checks, m->id[17]);
			m->id[17] = checks[((p ? p - checks : 0) + 1) % 11];
			break;
		case F_ID_BIRTH:
			mo = (m->id[10] - '0') * 10 + (m->id[11] - '0');
			put_digits(m->id + 10, (unsigned)(12 + mo), 2);
			(void)lk_id_check_char(m->id, &m->id[17]);
			break;
		case F_ID_LENGTH: m->id[17] = '\0'; break;
		default: break;
		}
	}
}
