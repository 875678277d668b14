/*
 * money.c - money parsing and formatting on top of num.c.
 */
#include "core/money.h"
#include "core/err.h"
#include "core/num.h"

#include <assert.h>
#include <string.h>

int lk_money_parse(const char *s, int64_t *fen)
{
	assert(fen);
	return lk_parse_decimal(s, 2, -LK_MONEY_MAX, LK_MONEY_MAX, fen);
}

void lk_money_format(int64_t fen, char out[LK_MONEY_BUFSZ])
{
	int rc;

	assert(out);
	rc = lk_format_decimal(fen, 2, out, LK_MONEY_BUFSZ);
	assert(rc == 0);
	(void)rc;
}

/* |v| as uint64_t, defined for INT64_MIN. */
static uint64_t money_abs(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

void lk_money_format_wan(int64_t fen, char out[LK_MONEY_BUFSZ])
{
	/* 0.01 wan = 100 yuan = 10000 fen */
	uint64_t m = money_abs(fen), q = m / 10000, r = m % 10000;
	int64_t v;
	int rc;

	assert(out);
	if (r >= 5000)
		q++;
	/* q <= (2^63) / 10000 + 1, always representable */
	v = fen < 0 ? -(int64_t)q : (int64_t)q;
	rc = lk_format_decimal(v, 2, out, LK_MONEY_BUFSZ);
	assert(rc == 0);
	(void)rc;
}

int lk_money_div(int64_t fen, int64_t n, int64_t *out)
{
	uint64_t m, q, r, un;

	assert(out);
	if (n <= 0)
		return LK_EINVAL;
	m = money_abs(fen);
	un = (uint64_t)n;
	q = m / un;
	r = m % un;
	if (r >= un - r) /* r * 2 >= n without overflow */
		q++;
	/* q <= 2^63, equal only for INT64_MIN / 1 */
	if (fen < 0)
		*out = q == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)q;
	else
		*out = (int64_t)q;
	return 0;
}
