/*
 * date.c - dates, day numbers and the CST clock (see date.h).
 *
 * Day numbers use Howard Hinnant's days_from_civil / civil_from_days
 * algorithms: the year is shifted to start in March so the leap day is
 * the last day of the shifted year, and 400-year eras of 146097 days.
 */
#include "core/date.h"
#include "core/err.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SECS_PER_DAY 86400
/* Unix times of 0001-01-01T00:00:00 and 9999-12-31T23:59:59 in CST */
#define UNIX_MIN (INT64_C(-719162) * SECS_PER_DAY - LK_CST_OFFSET)
#define UNIX_MAX (INT64_C(2932897) * SECS_PER_DAY - 1 - LK_CST_OFFSET)

int lk_date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int lk_date_month_days(int y, int m)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && lk_date_is_leap(y))
		return 29;
	return mdays[m - 1];
}

int lk_date_valid(int y, int m, int d)
{
	if (y < 1 || y > 9999)
		return 0;
	return d >= 1 && d <= lk_date_month_days(y, m);
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads exactly n digits at *s into *v, advancing *s; 0 or -1. */
static int take_digits(const char **s, int n, int *v)
{
	int i, x = 0;

	for (i = 0; i < n; i++) {
		if (!is_digit((*s)[i]))
			return -1;
		x = x * 10 + ((*s)[i] - '0');
	}
	*s += n;
	*v = x;
	return 0;
}

/* Reads one or two digits. */
static int take_1or2(const char **s, int *v)
{
	if (is_digit((*s)[0]) && is_digit((*s)[1]))
		return take_digits(s, 2, v);
	return take_digits(s, 1, v);
}

int lk_date_parse(const char *s, struct lk_date *out)
{
	int y, m, d, rc = LK_EINVAL;
	char sep;

	assert(out);
	if (!s || take_digits(&s, 4, &y) < 0)
		goto out;
	sep = *s;
	if (sep == '-' || sep == '/') {
		s++;
		if (take_1or2(&s, &m) < 0 || *s++ != sep)
			goto out;
		if (take_1or2(&s, &d) < 0)
			goto out;
	} else if (take_digits(&s, 2, &m) < 0 || take_digits(&s, 2, &d) < 0) {
		goto out;
	}
	if (*s != '\0' || !lk_date_valid(y, m, d))
		goto out;
	out->y = y;
	out->m = m;
	out->d = d;
	rc = 0;
out:
	return rc;
}

int lk_date_parse_year_or_date(const char *s, struct lk_date *out,
			       int *is_year_only)
{
	const char *p = s;
	int y, rc = LK_EINVAL;

	assert(out);
	if (s && take_digits(&p, 4, &y) == 0 && *p == '\0') {
		if (y < 1)
			goto out;
		out->y = y;
		out->m = 1;
		out->d = 1;
		if (is_year_only)
			*is_year_only = 1;
		rc = 0;
		goto out;
	}
	rc = lk_date_parse(s, out);
	if (rc < 0)
		goto out;
	if (is_year_only)
		*is_year_only = 0;
out:
	return rc;
}

/* Writes n digits of v (>= 0), most significant first. */
static void put_digits(char *p, int n, int v)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

void lk_date_format(struct lk_date dt, char out[LK_DATE_BUFSZ])
{
	assert(out);
	assert(lk_date_valid(dt.y, dt.m, dt.d));
	put_digits(out, 4, abs(dt.y % 10000));
	out[4] = '-';
	put_digits(out + 5, 2, abs(dt.m % 100));
	out[7] = '-';
	put_digits(out + 8, 2, abs(dt.d % 100));
	out[10] = '\0';
}

int lk_date_cmp(struct lk_date a, struct lk_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

int32_t lk_date_days(struct lk_date dt)
{
	int64_t y = dt.y - (dt.m <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;			     /* 0..399 */
	int64_t mp = (dt.m + 9) % 12;			     /* Mar = 0 */
	int64_t doy = (153 * mp + 2) / 5 + dt.d - 1;	     /* 0..365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* 0..146096 */

	assert(lk_date_valid(dt.y, dt.m, dt.d));
	return (int32_t)(era * 146097 + doe - 719468);
}

struct lk_date lk_date_from_days(int32_t days)
{
	int64_t z = (int64_t)days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	struct lk_date dt;

	dt.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	dt.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	dt.y = (int)(yoe + era * 400 + (dt.m <= 2));
	return dt;
}

struct lk_date lk_date_add_days(struct lk_date dt, int32_t n)
{
	return lk_date_from_days((int32_t)((int64_t)lk_date_days(dt) + n));
}

int lk_age_on(struct lk_date birth, struct lk_date on)
{
	int age = on.y - birth.y;

	if (on.m < birth.m || (on.m == birth.m && on.d < birth.d))
		age--;
	return age;
}

/* Parses LIKA_NOW into Unix seconds; 0 on success, -1 if unset or bad. */
static int now_from_env(int64_t *t)
{
	const char *s = getenv("LIKA_NOW");
	struct lk_date dt;
	char date[LK_DATE_BUFSZ];
	int hh = 0, mi = 0, ss = 0;

	if (!s || strlen(s) < 10)
		return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (date[4] != '-' || lk_date_parse(date, &dt) < 0)
		return -1;
	s += 10;
	if (*s == 'T' || *s == ' ') {
		s++;
		if (take_digits(&s, 2, &hh) < 0 || *s++ != ':' ||
		    take_digits(&s, 2, &mi) < 0 || *s++ != ':' ||
		    take_digits(&s, 2, &ss) < 0)
			return -1;
		if (hh > 23 || mi > 59 || ss > 59)
			return -1;
	}
	if (*s != '\0')
		return -1;
	*t = (int64_t)lk_date_days(dt) * SECS_PER_DAY + hh * 3600 + mi * 60 +
	     ss - LK_CST_OFFSET;
	return 0;
}

static _Thread_local int pinned;
static _Thread_local int64_t pinned_at;

int64_t lk_now_unix(void)
{
	int64_t t;

	if (pinned)
		return pinned_at;
	if (now_from_env(&t) == 0)
		return t;
	return (int64_t)time(NULL);
}

void lk_clock_pin(void)
{
	pinned = 0;
	pinned_at = lk_now_unix();
	pinned = 1;
}

void lk_clock_unpin(void)
{
	pinned = 0;
}

int lk_clock_pinned(int64_t *at)
{
	if (pinned)
		*at = pinned_at;
	return pinned;
}

void lk_clock_pin_at(int64_t at)
{
	pinned_at = at;
	pinned = 1;
}

/* Floor division of a by b (b > 0). */
static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

struct lk_date lk_unix_date(int64_t t)
{
	int64_t local;

	if (t < UNIX_MIN)
		t = UNIX_MIN;
	if (t > UNIX_MAX)
		t = UNIX_MAX;
	local = t + LK_CST_OFFSET;

	return lk_date_from_days((int32_t)floor_div(local, SECS_PER_DAY));
}

struct lk_date lk_today(void)
{
	return lk_unix_date(lk_now_unix());
}

void lk_unix_iso(int64_t t, char out[LK_ISO_NOW_BUFSZ])
{
	int64_t local, day;
	struct lk_date dt;
	int sec;

	assert(out);
	/* clamp absurd clocks to years 1..9999 */
	if (t < UNIX_MIN)
		t = UNIX_MIN;
	if (t > UNIX_MAX)
		t = UNIX_MAX;
	local = t + LK_CST_OFFSET;
	day = floor_div(local, SECS_PER_DAY);
	sec = (int)(local - day * SECS_PER_DAY);
	dt = lk_date_from_days((int32_t)day);
	lk_date_format(dt, out);
	out[10] = 'T';
	put_digits(out + 11, 2, sec / 3600);
	out[13] = ':';
	put_digits(out + 14, 2, sec / 60 % 60);
	out[16] = ':';
	put_digits(out + 17, 2, sec % 60);
	memcpy(out + 19, "+08:00", 7);
}

void lk_now_iso(char out[LK_ISO_NOW_BUFSZ])
{
	lk_unix_iso(lk_now_unix(), out);
}
