#include "registry/fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/date.h"
#include "core/err.h"
#include "core/idcard.h"
#include "core/money.h"
#include "core/num.h"
#include "registry/codes.h"

/* Trims ASCII and full-width spaces off both ends into out (bounded). */
static const char *trim(const char *s, char *out, size_t n)
{
	size_t len;

	while (*s == ' ' || *s == '\t' || strncmp(s, "\u3000", 3) == 0)
		s += (*s == ' ' || *s == '\t') ? 1 : 3;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
			   (len >= 3 && strncmp(s + len - 3, "\u3000", 3) == 0)))
		len -= (s[len - 1] == ' ' || s[len - 1] == '\t') ? 1 : 3;
	if (len >= n)
		len = n - 1;
	memmove(out, s, len); /* out may be s itself */
	out[len] = '\0';
	return out;
}

int lk_field_find(const struct lk_table *t, const char *name)
{
	char buf[256];
	size_t i;

	trim(name, buf, sizeof buf);
	for (i = 0; i < t->n; i++)
		if (strcasecmp(t->f[i].key, buf) == 0 ||
		    strcmp(t->f[i].zh, buf) == 0)
			return (int)i;
	return -1;
}

int lk_parse_bool(const char *s)
{
	static const char *const yes[] = {"是", "y", "yes", "1", "true", "有"};
	static const char *const no[] = {"否", "n", "no", "0", "false", "无"};
	size_t i;

	/* the forms of most files first, without a case-folding loop */
	if ((s[0] == '1' || s[0] == '0') && s[1] == '\0')
		return s[0] == '1';
	if (strcmp(s, "是") == 0)
		return 1;
	if (strcmp(s, "否") == 0)
		return 0;
	for (i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	return -1;
}

int lk_field_is_int(const struct lk_field *f)
{
	switch (f->type) {
	case LK_F_BOOL:
	case LK_F_INT:
	case LK_F_YEAR:
	case LK_F_MONEY:
	case LK_F_DEC2: return 1;
	default: return 0;
	}
}

/* Appends n in decimal (the hot path of imports: no snprintf). */
static int add_int(struct lk_buf *out, int64_t n)
{
	char tmp[24], *p = tmp + sizeof tmp;
	uint64_t u = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10));
	if (n < 0)
		*--p = '-';
	return lk_buf_add(out, p, (size_t)(tmp + sizeof tmp - p));
}

static int problem(struct lk_problem *p, const char *rule, int value_error,
		   const char *fmt, const char *value)
{
	p->rule = rule;
	p->value_error = value_error;
	snprintf(p->msg, sizeof p->msg, fmt, value);
	return LK_EINVAL;
}

/* Splits a multi-code value on ';', '；', '、', ',' or '，' and maps each
 * item to its code; joins codes with ';' into out. */
static int parse_codes(const struct lk_field *f, const struct lk_codes *codes,
		       const char *in, struct lk_buf *out,
		       struct lk_problem *p)
{
	static const char *const seps[] = {";", "；", "、", ",", "，"};
	char item[256];
	const char *s = in;
	int64_t items = 0;
	int rc;

	while (*s) {
		size_t n = strlen(s), skip = 0, i;
		const char *code;

		for (i = 0; i < sizeof seps / sizeof seps[0]; i++) {
			const char *q = strstr(s, seps[i]);
			if (q && (size_t)(q - s) < n) {
				n = (size_t)(q - s);
				skip = strlen(seps[i]);
			}
		}
		if (n >= sizeof item)
			return problem(p, "code.invalid", 1,
				       _("value too long: %s"), in);
		memcpy(item, s, n);
		item[n] = '\0';
		trim(item, item, sizeof item);
		s += n + skip;
		if (!item[0])
			continue;
		code = lk_code_find(codes, f->list, item);
		if (!code)
			return problem(p, "code.invalid", 1,
				       _("%s is not in the code list"), item);
		if (++items > f->max) {
			snprintf(p->msg, sizeof p->msg,
				 _("at most %d values allowed"), (int)f->max);
			p->rule = "code.invalid";
			p->value_error = 1;
			return LK_EINVAL;
		}
		if ((items > 1 && (rc = lk_buf_addc(out, ';'))) ||
		    (rc = lk_buf_adds(out, code)))
			return rc;
	}
	return 0;
}

static int parse_id(const struct lk_field *f, const char *in,
		    struct lk_buf *out, struct lk_problem *p)
{
	char norm[LK_DIS_LEN + 1];
	struct lk_id_info id;
	struct lk_dis_info dis;
	size_t len;

	if (lk_id_normalize(in, norm, NULL, NULL))
		return problem(p, "id.length", 1,
			       _("%s is not a 15- or 18-digit ID number or a "
				 "20-digit disability certificate"),
			       in);
	len = strlen(norm);
	if (f->type == LK_F_CERT || len == LK_DIS_LEN) {
		if (len != LK_DIS_LEN)
			return problem(p, "id.disability", 1,
				       _("%s is not a 20-digit disability "
					 "certificate number"),
				       in);
		if (lk_id_validate_disability(norm, &dis, NULL)) {
			snprintf(p->msg, sizeof p->msg, "%s: %s", in,
				 lk_dis_reason_str(dis.reason));
			p->rule = lk_dis_reason_rule(dis.reason);
			p->value_error = 1;
			return LK_EINVAL;
		}
		return lk_buf_adds(out, norm);
	}
	if (lk_id_validate(norm, &id, NULL)) {
		snprintf(p->msg, sizeof p->msg, "%s: %s", in,
			 lk_id_reason_str(id.reason));
		p->rule = lk_id_reason_rule(id.reason);
		p->value_error = 1;
		return LK_EINVAL;
	}
	return lk_buf_adds(out, norm);
}

static int field_parse(const struct lk_field *f, const struct lk_codes *codes,
		       const char *v, struct lk_buf *out, int *isnull,
		       struct lk_problem *p);

int lk_field_parse(const struct lk_field *f, const struct lk_codes *codes,
		   const char *input, struct lk_buf *out, int *isnull,
		   struct lk_problem *p)
{
	char v[1024];
	int rc;

	lk_buf_reset(out);
	p->rule = NULL;
	p->value_error = 0;
	p->msg[0] = '\0';
	*isnull = 1;
	if (!input)
		return 0;
	if (strlen(input) >= sizeof v)
		return problem(p, "value.too_long", 0,
			       _("value longer than 1023 bytes: %.40s"), input);
	trim(input, v, sizeof v);
	if (!v[0])
		return 0;
	*isnull = 0;
	rc = field_parse(f, codes, v, out, isnull, p);
	if (rc == LK_EINVAL && p->value_error) {
		/* keep the value as given for --accept-invalid */
		lk_buf_reset(out);
		if (lk_buf_adds(out, v))
			return LK_ENOMEM;
		*isnull = 0;
	}
	return rc;
}

static int field_parse(const struct lk_field *f, const struct lk_codes *codes,
		       const char *v, struct lk_buf *out, int *isnull,
		       struct lk_problem *p)
{
	char tmp[64];
	int64_t n;
	struct lk_date d;
	int rc = 0, yo;

	switch (f->type) {
	case LK_F_TEXT:
		return lk_buf_adds(out, v);
	case LK_F_CODE: {
		const char *code = lk_code_find(codes, f->list, v);
		if (!code)
			return problem(p, "code.invalid", 1,
				       _("%s is not in the code list"), v);
		return lk_buf_adds(out, code);
	}
	case LK_F_CODES:
		rc = parse_codes(f, codes, v, out, p);
		if (rc == 0 && out->len == 0)
			*isnull = 1;
		return rc;
	case LK_F_BOOL:
		rc = lk_parse_bool(v);
		if (rc < 0)
			return problem(p, "value.bool", 0,
				       _("%s is not yes or no"), v);
		return lk_buf_adds(out, rc ? "1" : "0");
	case LK_F_INT:
		if (lk_parse_int64(v, f->min, f->max, &n))
			goto range;
		break;
	case LK_F_YEAR:
		if (lk_parse_int64(v, 1949, 2100, &n))
			return problem(p, "value.year", 0,
				       _("%s is not a year"), v);
		break;
	case LK_F_MONEY:
		if (lk_money_parse(v, &n) || n < f->min || n > f->max)
			return problem(p, "value.money", 0,
				       _("%s is not an amount of yuan with at "
					 "most 2 decimals in range"),
				       v);
		break;
	case LK_F_DEC2:
		if (lk_parse_decimal(v, 2, f->min, f->max, &n))
			goto range;
		break;
	case LK_F_DATE:
		if (lk_date_parse(v, &d))
			return problem(p, "value.date", 1,
				       _("%s is not a date (YYYY-MM-DD)"), v);
		lk_date_format(d, tmp);
		return lk_buf_adds(out, tmp);
	case LK_F_DATEY:
		if (lk_date_parse_year_or_date(v, &d, &yo))
			return problem(p, "value.date", 1,
				       _("%s is not a date or a year"), v);
		if (yo)
			snprintf(tmp, sizeof tmp, "%04d", d.y);
		else
			lk_date_format(d, tmp);
		return lk_buf_adds(out, tmp);
	case LK_F_IDNUM:
	case LK_F_CERT:
		return parse_id(f, v, out, p);
	case LK_F_REGION:
		if (strlen(v) != 12 || strspn(v, "0123456789") != 12)
			return problem(p, "value.region", 0,
				       _("%s is not a 12-digit village code"),
				       v);
		return lk_buf_adds(out, v);
	case LK_F_PHONE:
		if (!lk_phone_valid(v))
			return problem(p, "household.phone", 1,
				       _("%s is not an 11-digit mobile or a "
					 "fixed phone number"),
				       v);
		return lk_buf_adds(out, v);
	case LK_F_DIGITS:
		if (strspn(v, "0123456789") != strlen(v))
			return problem(p, "value.digits", 0,
				       _("%s must contain digits only"), v);
		return lk_buf_adds(out, v);
	}
	return add_int(out, n);
range:
	snprintf(p->msg, sizeof p->msg,
		 _("%s is not a number between %lld and %lld"), v,
		 (long long)(f->type == LK_F_DEC2 ? f->min / 100 : f->min),
		 (long long)(f->type == LK_F_DEC2 ? f->max / 100 : f->max));
	p->rule = "value.number";
	p->value_error = 0;
	return LK_EINVAL;
}

int lk_phone_valid(const char *v)
{
	size_t len = strlen(v), digits = strspn(v, "0123456789");

	if (len == 11 && digits == 11 && v[0] == '1' && v[1] >= '3')
		return 1;
	/* fixed: 0 + area code (2-3 digits) + number (7-8), optional '-' */
	if (v[0] == '0') {
		const char *dash = strchr(v, '-');
		size_t total;
		if (dash) {
			size_t a = (size_t)(dash - v);
			size_t b = strspn(dash + 1, "0123456789");
			if (a != digits || dash[1 + b] != '\0' || a < 3 ||
			    a > 4 || b < 7 || b > 8)
				return 0;
			return 1;
		}
		total = digits;
		return total == len && total >= 10 && total <= 12;
	}
	return 0;
}

int lk_field_shown_as_is(const struct lk_field *f)
{
	switch (f->type) {
	case LK_F_CODE:
	case LK_F_CODES:
	case LK_F_BOOL:
	case LK_F_MONEY:
	case LK_F_DEC2: return 0;
	default: return !f->list;
	}
}

int lk_field_show(const struct lk_field *f, const struct lk_codes *codes,
		  const char *canon, enum lk_lang lang, struct lk_buf *out)
{
	char tmp[64];
	const char *s;
	long long n;
	int rc = 0, first = 1;

	if (!canon)
		return 0;
	switch (f->type) {
	case LK_F_CODE:
		return lk_buf_adds(out,
				   lk_code_label(codes, f->list, canon, lang));
	case LK_F_CODES:
		for (s = canon; *s;) {
			size_t len = strcspn(s, ";");
			char item[128];
			if (len >= sizeof item)
				len = sizeof item - 1;
			memcpy(item, s, len);
			item[len] = '\0';
			if (!first &&
			    (rc = lk_buf_adds(out, lang == LK_LANG_ZH ? "、"
								     : ";")))
				return rc;
			first = 0;
			if ((rc = lk_buf_adds(out, lk_code_label(codes, f->list,
								 item, lang))))
				return rc;
			s += len;
			if (*s)
				s++;
		}
		return 0;
	case LK_F_BOOL:
		if (lang == LK_LANG_ZH)
			return lk_buf_adds(out, canon[0] == '1' ? "是" : "否");
		return lk_buf_adds(out, canon[0] == '1' ? "yes" : "no");
	case LK_F_MONEY:
		n = strtoll(canon, NULL, 10);
		lk_money_format(n, tmp);
		return lk_buf_adds(out, tmp);
	case LK_F_DEC2:
		n = strtoll(canon, NULL, 10);
		lk_format_decimal_trim(n, 2, tmp, sizeof tmp);
		return lk_buf_adds(out, tmp);
	default:
		return lk_buf_adds(out, canon);
	}
}
