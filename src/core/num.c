/*
 * num.c - checked number parsing (see num.h for the accepted syntax).
 *
 * Magnitudes are accumulated as uint64_t with an overflow check per
 * digit, then the sign is applied: -9223372036854775808 is representable,
 * anything beyond is LK_ERANGE.
 */
#include "core/num.h"
#include "core/err.h"

#include <assert.h>
#include <string.h>

#define NUM_NEG_LIMIT ((uint64_t)INT64_MAX + 1) /* |INT64_MIN| */

static const uint64_t pow10_u64[LK_DECIMAL_MAX_SCALE + 1] = {
    1ULL,
    10ULL,
    100ULL,
    1000ULL,
    10000ULL,
    100000ULL,
    1000000ULL,
    10000000ULL,
    100000000ULL,
    1000000000ULL,
    10000000000ULL,
    100000000000ULL,
    1000000000000ULL,
    10000000000000ULL,
    100000000000000ULL,
    1000000000000000ULL,
    10000000000000000ULL,
    100000000000000000ULL,
    1000000000000000000ULL,
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Applies neg to magnitude m and checks [min, max]. */
static int num_finish(uint64_t m, int neg, int64_t min, int64_t max,
		      int64_t *out)
{
	int64_t v;

	if (neg) {
		if (m > NUM_NEG_LIMIT)
			return LK_ERANGE;
		v = m == NUM_NEG_LIMIT ? INT64_MIN : -(int64_t)m;
	} else {
		if (m > (uint64_t)INT64_MAX)
			return LK_ERANGE;
		v = (int64_t)m;
	}
	if (v < min || v > max)
		return LK_ERANGE;
	*out = v;
	return 0;
}

/* m = m * 10 + d, saturating to UINT64_MAX on overflow (*ovf set). */
static uint64_t num_push(uint64_t m, int d, int *ovf)
{
	if (m > (UINT64_MAX - (uint64_t)d) / 10) {
		*ovf = 1;
		return UINT64_MAX;
	}
	return m * 10 + (uint64_t)d;
}

int lk_parse_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	return lk_parse_decimal(s, 0, min, max, out);
}

int lk_parse_uint32(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	int64_t v;
	int rc;

	assert(out);
	rc = lk_parse_int64(s, min, max, &v);
	if (rc < 0)
		goto out;
	*out = (uint32_t)v;
out:
	return rc;
}

int lk_parse_decimal(const char *s, int scale, int64_t min, int64_t max,
		     int64_t *out)
{
	uint64_t m = 0;
	int neg = 0, ovf = 0, nfrac = 0, rc = LK_EINVAL;

	assert(out);
	assert(min <= max);
	if (!s || scale < 0 || scale > LK_DECIMAL_MAX_SCALE)
		goto out;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (!is_digit(*s))
		goto out;
	while (is_digit(*s))
		m = num_push(m, *s++ - '0', &ovf);
	if (*s == '.') {
		s++;
		if (!is_digit(*s))
			goto out;
		while (is_digit(*s)) {
			if (++nfrac > scale)
				goto out;
			m = num_push(m, *s++ - '0', &ovf);
		}
	}
	if (*s != '\0')
		goto out;
	/* scale the magnitude up for the missing fraction digits */
	if (ovf || m > UINT64_MAX / pow10_u64[scale - nfrac]) {
		rc = LK_ERANGE;
		goto out;
	}
	m *= pow10_u64[scale - nfrac];
	rc = num_finish(m, neg, min, max, out);
out:
	return rc;
}

static int format_dec(int64_t v, int scale, int trim, char *out, size_t n)
{
	char tmp[LK_DECIMAL_BUFSZ];
	char *p = tmp + sizeof tmp;
	uint64_t m;
	size_t len;
	int i, neg = v < 0;

	if (scale < 0 || scale > LK_DECIMAL_MAX_SCALE) {
		if (n > 0)
			out[0] = '\0';
		return LK_EINVAL;
	}
	m = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	*--p = '\0';
	/* fraction digits, least significant first */
	for (i = 0; i < scale; i++) {
		*--p = (char)('0' + m % 10);
		m /= 10;
	}
	if (scale > 0)
		*--p = '.';
	do {
		*--p = (char)('0' + m % 10);
		m /= 10;
	} while (m);
	if (neg)
		*--p = '-';
	assert(p >= tmp);
	if (trim && scale > 0) {
		char *end = tmp + sizeof tmp - 1;
		while (end[-1] == '0')
			*--end = '\0';
		if (end[-1] == '.')
			end[-1] = '\0';
	}
	len = strlen(p);
	if (len >= n) {
		if (n > 0)
			out[0] = '\0';
		return LK_ETOOBIG;
	}
	memcpy(out, p, len + 1);
	return 0;
}

int lk_format_decimal(int64_t v, int scale, char *out, size_t n)
{
	assert(out || n == 0);
	return format_dec(v, scale, 0, out, n);
}

int lk_format_decimal_trim(int64_t v, int scale, char *out, size_t n)
{
	assert(out || n == 0);
	return format_dec(v, scale, 1, out, n);
}
