/*
 * fuzz_csv.c - libFuzzer target for io/csv (built by tests/fuzz/run.sh,
 * not by CMake).
 *
 * The first input byte picks the encoding (AUTO, UTF-8, GB18030) and
 * whether tight limits apply; the rest is the CSV.  Checks, beyond "no
 * crash, no leak, no sanitizer report":
 *   - every record has at least one field, each field's length matches
 *     its NUL and the field is valid UTF-8 without NUL;
 *   - csv_next keeps returning the same code after the end or an error;
 *   - writer round trip: each record written with csv_buf_field and read
 *     back gives the same fields.
 */
#include "io/csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef LK_FUZZ_I18N_STUB
#include "core/i18n.h"
const char *lk_gettext(const char *msgid)
{
	return msgid;
}
#endif

static int valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i], cp, len, min;

		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			len = 2, cp = c & 0x1F, min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3, cp = c & 0x0F, min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4, cp = c & 0x07, min = 0x10000;
		} else {
			return 0;
		}
		if (i + len > n)
			return 0;
		for (unsigned k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += len;
	}
	return 1;
}

/* Writes the record, reads it back and compares. */
static void round_trip(char **f, const size_t *l, size_t n)
{
	struct lk_buf b = LK_BUF_INIT(1u << 24);
	struct csv_reader *r = NULL;
	char **g;
	size_t *m, k;

	for (size_t i = 0; i < n; i++)
		if (csv_buf_field(&b, f[i], l[i], i == 0) < 0)
			abort();
	if (csv_buf_eol(&b) < 0)
		abort();
	if (csv_open_mem(b.ptr, b.len, CSV_ENC_UTF8, NULL, &r, NULL) < 0)
		abort();
	if (csv_next(r, &g, &m, &k, NULL) != 0 || k != n)
		abort();
	for (size_t i = 0; i < n; i++)
		if (m[i] != l[i] || memcmp(g[i], f[i], l[i]) != 0)
			abort();
	if (csv_next(r, &g, &m, &k, NULL) != LK_EEOF)
		abort();
	csv_close(r);
	lk_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum csv_encoding encs[] = {CSV_ENC_AUTO, CSV_ENC_UTF8,
						 CSV_ENC_GB18030};
	struct csv_limits tight = {16, 8, 64};
	struct csv_reader *r = NULL;
	struct lk_err e = {0};
	char **f;
	size_t *l, n;
	int rc, tight_limits;
	unsigned sel;

	if (size == 0)
		return 0;
	sel = data[0];
	tight_limits = (sel & 4) != 0;
	if (csv_open_mem(data + 1, size - 1, encs[(sel & 3) % 3],
			 tight_limits ? &tight : NULL, &r, &e) < 0)
		return 0;
	while ((rc = csv_next(r, &f, &l, &n, &e)) == 0) {
		if (n == 0)
			abort();
		for (size_t i = 0; i < n; i++) {
			if (strlen(f[i]) != l[i] ||
			    !valid_utf8((const unsigned char *)f[i], l[i]))
				abort();
			if (tight_limits && l[i] > tight.max_field)
				abort();
		}
		if (tight_limits && n > tight.max_fields)
			abort();
		round_trip(f, l, n);
	}
	if (rc != LK_EEOF && rc != LK_EINVAL && rc != LK_ETOOBIG)
		abort();
	if (rc != LK_EEOF && (e.code != rc || e.msg[0] == '\0'))
		abort();
	if (csv_next(r, &f, &l, &n, NULL) != rc)
		abort();
	csv_close(r);
	return 0;
}
