/*
 * date.h - calendar dates and the clock.
 *
 * A struct lk_date is a proleptic Gregorian date.  Valid dates have years
 * 1..9999 (four-digit text), months 1..12 and a day that exists in that
 * month (29 February only in leap years: divisible by 4, and not by 100
 * unless by 400).  Text is ISO 8601, "YYYY-MM-DD".
 *
 * Day numbers count days since 1970-01-01 (day 0); dates before it have
 * negative numbers.  Every valid date has a day number in int32_t.
 *
 * The clock.  lika's dates are Chinese civil dates: "today" is the date
 * in China Standard Time (UTC+8, no daylight saving).  The environment
 * variable LIKA_NOW overrides the system clock for all of the functions
 * below, so tests and demos can pin the date:
 *
 *   LIKA_NOW=2020-06-30            midnight at the start of that day, CST
 *   LIKA_NOW=2020-06-30T08:15:00   that moment, CST (a space instead of
 *                                  the T is also accepted)
 *
 * A LIKA_NOW value that does not parse is ignored (the real clock is
 * used).  The variable is read at every call.
 */
#ifndef LK_DATE_H
#define LK_DATE_H

#include <stdint.h>

struct lk_date {
	int y, m, d;
};

#define LK_DATE_BUFSZ 11    /* "YYYY-MM-DD" + NUL */
#define LK_ISO_NOW_BUFSZ 32 /* "YYYY-MM-DDTHH:MM:SS+08:00" + NUL */
#define LK_CST_OFFSET (8 * 3600)

/* 1 if y-m-d is a valid date (see above), else 0. */
int lk_date_valid(int y, int m, int d);
/* 1 if y is a leap year. */
int lk_date_is_leap(int y);
/* Days in month m of year y (28..31), 0 for an invalid month. */
int lk_date_month_days(int y, int m);

/* Parses "YYYY-MM-DD", "YYYY/MM/DD" or "YYYYMMDD".  With a separator the
 * month and day may have one digit ("2016/3/5", as spreadsheets write
 * them); both separators must be the same.  Nothing may precede or follow.
 * LK_EINVAL for bad syntax or a date that does not exist (2019-02-29);
 * *out untouched on failure. */
int lk_date_parse(const char *s, struct lk_date *out);

/* Parses either a year "YYYY" or a date as lk_date_parse does.  For a
 * year, *out is YYYY-01-01 and *is_year_only 1 (the caller decides what a
 * bare year means, e.g. the last day for a reference date); for a date,
 * *is_year_only is 0.  is_year_only may be NULL.  LK_EINVAL on failure,
 * outputs untouched. */
int lk_date_parse_year_or_date(const char *s, struct lk_date *out,
			       int *is_year_only);

/* Writes "YYYY-MM-DD".  dt must be valid.  Cannot fail. */
void lk_date_format(struct lk_date dt, char out[LK_DATE_BUFSZ]);

/* -1, 0 or 1 as a is before, equal to or after b. */
int lk_date_cmp(struct lk_date a, struct lk_date b);

/* Day number of a valid date. */
int32_t lk_date_days(struct lk_date dt);
/* Date of a day number (inverse of lk_date_days for years 1..9999). */
struct lk_date lk_date_from_days(int32_t days);
/* dt + n days (n may be negative). */
struct lk_date lk_date_add_days(struct lk_date dt, int32_t n);

/* Age in full years on date on: the number of birthdays (anniversaries)
 * reached on or before on.  Someone born on 29 February reaches the
 * anniversary on 1 March in common years.  Negative if on < birth
 * (-1 for the year before birth, and so on). */
int lk_age_on(struct lk_date birth, struct lk_date on);

/* Seconds since the Unix epoch: LIKA_NOW if set and valid, else the
 * system clock; or the pinned time (below).  Cannot fail. */
int64_t lk_now_unix(void);
/* Pins the calling thread's clock to now until lk_clock_unpin(): one
 * transaction that writes many rows (a bulk import) stamps them all
 * with one time and judges every date against one today, without
 * reading the clock (and LIKA_NOW) per row.  Not nested. */
void lk_clock_pin(void);
void lk_clock_unpin(void);
/* 1 with *at set when the calling thread's clock is pinned, else 0.
 * Cannot fail. */
int lk_clock_pinned(int64_t *at);
/* Pins the calling thread's clock to at: a helper thread of a bulk
 * session shares the session's time.  Cannot fail. */
void lk_clock_pin_at(int64_t at);
/* Today's date in China Standard Time (honours LIKA_NOW). */
struct lk_date lk_today(void);
/* Now as "YYYY-MM-DDTHH:MM:SS+08:00" (honours LIKA_NOW). */
void lk_now_iso(char out[LK_ISO_NOW_BUFSZ]);
/* Formats Unix time t as "YYYY-MM-DDTHH:MM:SS+08:00" (CST).  Times
 * outside years 1..9999 are clamped to the first or last second of that
 * span.  Cannot fail. */
void lk_unix_iso(int64_t t, char out[LK_ISO_NOW_BUFSZ]);
/* The CST date of Unix time t (clamped like lk_unix_iso). */
struct lk_date lk_unix_date(int64_t t);

#endif
