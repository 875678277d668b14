/*
 * idcard.c - resident ID and disability certificate numbers (idcard.h).
 */
#include "core/idcard.h"
#include "core/i18n.h"

#include <assert.h>
#include <string.h>

static const int id_weights[17] = {7, 9, 10, 5,	 8, 4, 2, 1, 6,
				   3, 7, 9,  10, 5, 8, 4, 2};
static const char id_checks[] = "10X98765432";

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* c if printable ASCII, else '?' (messages stay valid UTF-8). */
static char shown(char c)
{
	return c > ' ' && c < 0x7f ? c : '?';
}

/* Characters (UTF-8 code points) in s, for messages. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

int lk_id_check_char(const char *first17, char *out)
{
	int i, sum = 0, rc = LK_EINVAL;

	assert(first17 && out);
	for (i = 0; i < 17; i++) {
		if (!is_digit(first17[i]))
			goto out;
		sum += (first17[i] - '0') * id_weights[i];
	}
	*out = id_checks[sum % 11];
	rc = 0;
out:
	return rc;
}

/* Judges the birth date digits at p (YYYYMMDD) against today. */
static enum lk_id_reason id_birth(const char *p, struct lk_date today,
				  struct lk_date *birth)
{
	struct lk_date dt;
	int i, v[3] = {0, 0, 0};
	static const int w[3] = {4, 2, 2};

	for (i = 0; i < 3; i++) {
		int k;
		for (k = 0; k < w[i]; k++)
			v[i] = v[i] * 10 + (*p++ - '0');
	}
	if (!lk_date_valid(v[0], v[1], v[2]))
		return LK_ID_BIRTH_INVALID;
	dt.y = v[0];
	dt.m = v[1];
	dt.d = v[2];
	*birth = dt;
	if (dt.y < 1900)
		return LK_ID_BIRTH_EARLY;
	if (lk_date_cmp(dt, today) > 0)
		return LK_ID_BIRTH_FUTURE;
	return LK_ID_OK;
}

/* Sets e for an ID reason.  Returns LK_EINVAL (or 0 for LK_ID_OK). */
static int id_fail(struct lk_err *e, const char *s, const struct lk_id_info *in)
{
	char date[LK_DATE_BUFSZ];
	size_t len, i;

	switch (in->reason) {
	case LK_ID_OK: return 0;
	case LK_ID_LENGTH:
		len = utf8_chars(s);
		if (len == LK_ID15_LEN)
			return lk_err_set(e, LK_EINVAL, "%s",
					  _("id number: old 15-digit number "
					    "not upgraded"));
		return lk_err_set(e, LK_EINVAL,
				  _("id number: wrong length (%zu characters, "
				    "expected 18)"),
				  len);
	case LK_ID_CHARS:
		for (i = 0; i < 17 && is_digit(s[i]); i++)
			;
		return lk_err_set(e, LK_EINVAL,
				  _("id number: invalid character at position "
				    "%zu"),
				  i + 1);
	case LK_ID_CHECKSUM:
		return lk_err_set(e, LK_EINVAL,
				  _("id number: wrong check character %c "
				    "(expected %c)"),
				  s[17], in->check);
	case LK_ID_BIRTH_INVALID:
		return lk_err_set(e, LK_EINVAL, "%s",
				  _("id number: birth date does not exist"));
	case LK_ID_BIRTH_EARLY:
		lk_date_format(in->birth_date, date);
		return lk_err_set(e, LK_EINVAL,
				  _("id number: birth date %s is before 1900"),
				  date);
	case LK_ID_BIRTH_FUTURE:
		lk_date_format(in->birth_date, date);
		return lk_err_set(e, LK_EINVAL,
				  _("id number: birth date %s is in the "
				    "future"),
				  date);
	}
	return lk_err_set(e, LK_EINTERNAL, "%s", lk_strerror(LK_EINTERNAL));
}

/* The sex of an ID number of the right shape: its 17th digit's parity. */
static int id_sex(const char *s)
{
	return (s[16] - '0') % 2 ? LK_SEX_MALE : LK_SEX_FEMALE;
}

void lk_id_facts(const char *valid, int *sex, char birth[11])
{
	const char *d = valid + 6; /* YYYYMMDD */

	*sex = id_sex(valid);
	memcpy(birth, d, 4);
	birth[4] = '-';
	memcpy(birth + 5, d + 4, 2);
	birth[7] = '-';
	memcpy(birth + 8, d + 6, 2);
	birth[10] = '\0';
}

/* Fills info for s without touching e; returns the first reason. */
static enum lk_id_reason id_check(const char *s, struct lk_date today,
				  struct lk_id_info *info)
{
	char last;
	int i;

	memset(info, 0, sizeof *info);
	if (utf8_chars(s) != LK_ID_LEN) {
		info->reason = LK_ID_LENGTH;
		return info->reason;
	}
	for (i = 0; i < 17; i++)
		if (!is_digit(s[i]))
			break;
	last = s[17];
	if (i < 17 || !(is_digit(last) || last == 'X' || last == 'x') ||
	    s[18] != '\0') {
		info->reason = LK_ID_CHARS;
		return info->reason;
	}
	(void)lk_id_check_char(s, &info->check);
	info->lower_x = last == 'x';
	if (info->lower_x)
		last = 'X';
	info->checksum_ok = last == info->check;
	info->birth = id_birth(s + 6, today, &info->birth_date);
	info->sex = id_sex(s);
	memcpy(info->region, s, 6);
	info->region[6] = '\0';
	memcpy(info->canonical, s, 17);
	info->canonical[17] = last;
	info->canonical[18] = '\0';
	if (!info->checksum_ok)
		info->reason = LK_ID_CHECKSUM;
	else
		info->reason = info->birth;
	return info->reason;
}

int lk_id_validate_at(const char *s, struct lk_date today,
		      struct lk_id_info *info, struct lk_err *e)
{
	struct lk_id_info tmp;

	assert(s);
	if (!info)
		info = &tmp;
	if (id_check(s, today, info) == LK_ID_OK)
		return 0;
	return id_fail(e, s, info);
}

int lk_id_validate(const char *s, struct lk_id_info *info, struct lk_err *e)
{
	return lk_id_validate_at(s, lk_today(), info, e);
}

int lk_id_upgrade15(const char *id15, char out[LK_ID_LEN + 1])
{
	char id[LK_ID_LEN + 1];
	int i, rc = LK_EINVAL;

	assert(id15 && out);
	for (i = 0; i < LK_ID15_LEN; i++)
		if (!is_digit(id15[i]))
			goto out;
	if (id15[LK_ID15_LEN] != '\0')
		goto out;
	memcpy(id, id15, 6);
	id[6] = '1';
	id[7] = '9';
	memcpy(id + 8, id15 + 6, 9);
	(void)lk_id_check_char(id, &id[17]);
	id[18] = '\0';
	memcpy(out, id, sizeof id); /* out may alias id15 */
	rc = 0;
out:
	return rc;
}

int lk_id_validate_disability_at(const char *s, struct lk_date today,
				 struct lk_dis_info *info, struct lk_err *e)
{
	struct lk_dis_info tmp;
	char id[LK_ID_LEN + 1];
	size_t len;
	int rc = LK_EINVAL;

	assert(s);
	if (!info)
		info = &tmp;
	memset(info, 0, sizeof *info);
	info->category = -1;
	info->grade = -1;
	len = utf8_chars(s);
	if (len != LK_DIS_LEN) {
		info->reason = LK_DIS_LENGTH;
		rc = lk_err_set(e, LK_EINVAL,
				_("disability certificate number: wrong "
				  "length (%zu characters, expected 20)"),
				len);
		goto out;
	}
	memcpy(id, s, LK_ID_LEN);
	id[LK_ID_LEN] = '\0';
	if (id_check(id, today, &info->id) != LK_ID_OK) {
		info->reason = LK_DIS_ID;
		rc = lk_err_set(e, LK_EINVAL,
				_("disability certificate number: invalid id "
				  "part (%s)"),
				lk_id_reason_str(info->id.reason));
		goto out;
	}
	if (is_digit(s[18]))
		info->category = s[18] - '0';
	if (is_digit(s[19]))
		info->grade = s[19] - '0';
	if (info->category < 1 || info->category > 7) {
		info->reason = LK_DIS_CATEGORY;
		rc = lk_err_set(e, LK_EINVAL,
				_("disability certificate number: category "
				  "%c is not 1-7"),
				shown(s[18]));
		goto out;
	}
	if (info->grade < 1 || info->grade > 4) {
		info->reason = LK_DIS_GRADE;
		rc = lk_err_set(e, LK_EINVAL,
				_("disability certificate number: grade %c "
				  "is not 1-4"),
				shown(s[19]));
		goto out;
	}
	if (s[LK_DIS_LEN] != '\0') { /* stray UTF-8 continuation bytes */
		info->reason = LK_DIS_LENGTH;
		rc = lk_err_set(e, LK_EINVAL,
				_("disability certificate number: wrong "
				  "length (%zu characters, expected 20)"),
				strlen(s));
		goto out;
	}
	info->reason = LK_DIS_OK;
	rc = 0;
out:
	return rc;
}

int lk_id_validate_disability(const char *s, struct lk_dis_info *info,
			      struct lk_err *e)
{
	return lk_id_validate_disability_at(s, lk_today(), info, e);
}

/* Length of the white space (ASCII, U+00A0, U+3000) at p, or 0. */
static size_t space_len(const unsigned char *p)
{
	if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		return 1;
	if (p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;
	return 0;
}

/* Length of the trailing white space of [p, end), or 0. */
static size_t space_len_back(const unsigned char *p, const unsigned char *end)
{
	if (end - p >= 1 && space_len(end - 1) == 1)
		return 1;
	if (end - p >= 2 && end[-2] == 0xC2 && end[-1] == 0xA0)
		return 2;
	if (end - p >= 3 && end[-3] == 0xE3 && end[-2] == 0x80 &&
	    end[-1] == 0x80)
		return 3;
	return 0;
}

int lk_id_normalize(const char *in, char out[LK_DIS_LEN + 1], int *upgraded,
		    struct lk_err *e)
{
	const unsigned char *p, *end;
	char tmp[LK_DIS_LEN + 1];
	size_t n = 0, k, chars = 0;
	int i, rc = LK_EINVAL;

	assert(in && out);
	p = (const unsigned char *)in;
	end = p + strlen(in);
	while (p < end && (k = space_len(p)) > 0)
		p += k;
	while (end > p && (k = space_len_back(p, end)) > 0)
		end -= k;
	/* map to ASCII digits and X, counting characters */
	for (; p < end; chars++) {
		char c;
		if (is_digit((char)*p)) {
			c = (char)*p++;
		} else if (*p == 'x' || *p == 'X') {
			c = 'X';
			p++;
		} else if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBC &&
			   p[2] >= 0x90 && p[2] <= 0x99) {
			c = (char)('0' + (p[2] - 0x90));
			p += 3;
		} else if (end - p >= 3 && p[0] == 0xEF &&
			   ((p[1] == 0xBC && p[2] == 0xB8) ||
			    (p[1] == 0xBD && p[2] == 0x98))) {
			c = 'X';
			p += 3;
		} else {
			rc = lk_err_set(e, LK_EINVAL,
					_("id number: invalid character at "
					  "position %zu"),
					chars + 1);
			goto out;
		}
		if (n < LK_DIS_LEN)
			tmp[n] = c;
		n++;
	}
	if (n != LK_ID15_LEN && n != LK_ID_LEN && n != LK_DIS_LEN) {
		rc = lk_err_set(e, LK_EINVAL,
				_("id number: wrong length (%zu characters, "
				  "expected 15, 18 or 20)"),
				n);
		goto out;
	}
	tmp[n < LK_DIS_LEN ? n : LK_DIS_LEN] = '\0';
	/* X may only be the 18th character (the check character) */
	for (i = 0; i < (int)n; i++) {
		if (tmp[i] == 'X' && (n == LK_ID15_LEN || i != 17)) {
			rc = lk_err_set(e, LK_EINVAL,
					_("id number: invalid character at "
					  "position %zu"),
					(size_t)i + 1);
			goto out;
		}
	}
	if (n == LK_ID15_LEN) {
		rc = lk_id_upgrade15(tmp, tmp);
		assert(rc == 0);
	}
	memcpy(out, tmp, strlen(tmp) + 1);
	if (upgraded)
		*upgraded = n == LK_ID15_LEN;
	rc = 0;
out:
	return rc;
}

void lk_id_mask(const char *id, char out[LK_ID_MASK_BUFSZ])
{
	size_t len, i, n;

	assert(id && out);
	len = strlen(id);
	if (len <= 8) {
		memset(out, '*', len);
		out[len] = '\0';
		return;
	}
	n = len > LK_ID_MASK_BUFSZ - 1 ? LK_ID_MASK_BUFSZ - 1 : len;
	for (i = 0; i < 4; i++)
		out[i] = (unsigned char)id[i] < 0x80 ? id[i] : '*';
	memset(out + 4, '*', n - 8);
	for (i = 0; i < 4; i++) {
		char c = id[len - 4 + i];
		out[n - 4 + i] = (unsigned char)c < 0x80 ? c : '*';
	}
	out[n] = '\0';
}

const char *lk_id_reason_rule(enum lk_id_reason r)
{
	switch (r) {
	case LK_ID_OK: return NULL;
	case LK_ID_LENGTH:
	case LK_ID_CHARS: return "id.length";
	case LK_ID_CHECKSUM: return "id.checksum";
	case LK_ID_BIRTH_INVALID:
	case LK_ID_BIRTH_EARLY:
	case LK_ID_BIRTH_FUTURE: return "id.birth";
	}
	return "id.length";
}

const char *lk_dis_reason_rule(enum lk_dis_reason r)
{
	return r == LK_DIS_OK ? NULL : "id.disability";
}

const char *lk_id_reason_str(enum lk_id_reason r)
{
	switch (r) {
	case LK_ID_OK: return _("valid");
	case LK_ID_LENGTH: return _("wrong length");
	case LK_ID_CHARS: return _("invalid character");
	case LK_ID_CHECKSUM: return _("wrong check character");
	case LK_ID_BIRTH_INVALID: return _("birth date does not exist");
	case LK_ID_BIRTH_EARLY: return _("birth date before 1900");
	case LK_ID_BIRTH_FUTURE: return _("birth date in the future");
	}
	return _("unknown error");
}

const char *lk_dis_reason_str(enum lk_dis_reason r)
{
	switch (r) {
	case LK_DIS_OK: return _("valid");
	case LK_DIS_LENGTH: return _("wrong length");
	case LK_DIS_ID: return _("invalid id part");
	case LK_DIS_CATEGORY: return _("category not 1-7");
	case LK_DIS_GRADE: return _("grade not 1-4");
	}
	return _("unknown error");
}

int lk_id_age_on(const struct lk_id_info *info, struct lk_date on)
{
	assert(info && info->birth != LK_ID_BIRTH_INVALID);
	return lk_age_on(info->birth_date, on);
}
