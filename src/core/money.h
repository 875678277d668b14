/*
 * money.h - amounts of money as int64_t fen (1 yuan = 100 fen).
 *
 * Amounts are never floating point.  Text uses yuan with a point and at
 * most two decimals, no currency sign and no thousands separators:
 * "1234", "1234.5", "1234.50", "-3.2".  Valid amounts lie within
 * [-LK_MONEY_MAX, LK_MONEY_MAX] fen (±9e15 fen = ±90 trillion yuan), so
 * sums of a few thousand amounts cannot overflow int64.
 */
#ifndef LK_MONEY_H
#define LK_MONEY_H

#include <stdint.h>

#define LK_MONEY_MAX INT64_C(9000000000000000) /* fen */
#define LK_MONEY_BUFSZ 32

/* Parses yuan text into fen.  LK_EINVAL for empty text, junk, spaces,
 * separators or more than two decimals; LK_ERANGE beyond ±LK_MONEY_MAX.
 * *fen is untouched on failure. */
int lk_money_parse(const char *s, int64_t *fen);

/* Formats fen as yuan with exactly two decimals: 123450 -> "1234.50",
 * -5 -> "-0.05".  Any int64 fits.  Cannot fail. */
void lk_money_format(int64_t fen, char out[LK_MONEY_BUFSZ]);

/* Formats fen in units of 10,000 yuan (万元) with two decimals, rounded
 * half away from zero: 123450000 fen (1,234,500 yuan) -> "123.45",
 * 1234500 -> "1.23"; a result that rounds to zero is "0.00" (no sign).
 * Cannot fail. */
void lk_money_format_wan(int64_t fen, char out[LK_MONEY_BUFSZ]);

/* *out = fen / n rounded half away from zero (per-capita amounts).
 * LK_EINVAL when n <= 0.  Cannot overflow for n >= 1. */
int lk_money_div(int64_t fen, int64_t n, int64_t *out);

#endif
