/*
 * num.h - checked number parsing and formatting (after OpenBSD strtonum).
 *
 * Every number that enters lika from a file, a form or the command line
 * is parsed here, with an explicit range.  The accepted syntax is strict
 * and locale-independent:
 *
 *   integer  = [ "+" | "-" ] digit { digit }
 *   decimal  = integer [ "." digit { digit } ]
 *
 * Leading zeros are allowed ("007"); everything else is rejected:
 * surrounding spaces, an empty string, a lone sign, hexadecimal, exponents
 * ("1e3"), thousands separators ("1,000"), a bare point (".5", "5.").
 *
 * Errors.  LK_EINVAL when s is not a number of that syntax (including a
 * decimal with more fraction digits than the scale); LK_ERANGE when it is
 * one but lies outside [min, max] or does not fit in 64 bits.  On failure
 * *out is left untouched.  None of these functions allocates.
 *
 * Decimals are fixed-point: lk_parse_decimal("12.5", 2, ...) gives 1250
 * (12.5 mu with 2 decimals).  Money (fen) and areas (mu) are stored that
 * way, never as floating point.
 */
#ifndef LK_NUM_H
#define LK_NUM_H

#include <stddef.h>
#include <stdint.h>

/* Largest scale lk_parse_decimal / lk_format_decimal accept. */
#define LK_DECIMAL_MAX_SCALE 18
/* Enough for any int64 at any scale: sign, 19 digits, "0.", NUL. */
#define LK_DECIMAL_BUFSZ 24

/* Parses a decimal integer in [min, max] (min <= max). */
int lk_parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);

/* Same for unsigned 32-bit values; a minus sign gives LK_ERANGE unless
 * the value is zero ("-0" is 0). */
int lk_parse_uint32(const char *s, uint32_t min, uint32_t max, uint32_t *out);

/* Parses a decimal with at most scale (0..LK_DECIMAL_MAX_SCALE) fraction
 * digits into v * 10^scale, checked against [min, max] (scaled units).
 * "12.5" at scale 2 -> 1250; "12.505" at scale 2 -> LK_EINVAL. */
int lk_parse_decimal(const char *s, int scale, int64_t min, int64_t max,
		     int64_t *out);

/* Formats the scaled value v with exactly scale decimals ("1250", 2 ->
 * "12.50"; scale 0 -> no point).  Negative values keep their sign even
 * when the integer part is zero ("-0.05").  Returns 0, or LK_ETOOBIG when
 * n is too small (then out is "" if n > 0); LK_DECIMAL_BUFSZ always
 * suffices.  LK_EINVAL for a scale outside 0..LK_DECIMAL_MAX_SCALE. */
int lk_format_decimal(int64_t v, int scale, char *out, size_t n);

/* Same, but trailing fraction zeros are dropped, and the point with them
 * when nothing remains ("1250", 2 -> "12.5"; "1200", 2 -> "12"). */
int lk_format_decimal_trim(int64_t v, int scale, char *out, size_t n);

#endif
