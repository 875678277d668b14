/*
 * test_csv.c - unit tests of io/csv.
 *
 * Includes csv.c itself (after defining its allocator macros) so that
 * allocation failures can be injected and the private helpers
 * (utf8_scan, the reader's buffers) are reachable.
 *
 * Records are compared as "dumps": fields joined by F (0x1f), each record
 * ended by R (0x1e).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <iconv.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- allocation failure injection ------------------------------------ */

static long fail_at = -1; /* index of the allocation to fail; -1 = none */
static long alloc_count;

static int alloc_fails(void)
{
	return fail_at >= 0 && alloc_count++ == fail_at;
}

static void *t_malloc(size_t n)
{
	return alloc_fails() ? NULL : malloc(n);
}

static void *t_calloc(size_t n, size_t m)
{
	return alloc_fails() ? NULL : calloc(n, m);
}

static void *t_realloc(void *p, size_t n)
{
	return alloc_fails() ? NULL : realloc(p, n);
}

#define CSV_MALLOC t_malloc
#define CSV_CALLOC t_calloc
#define CSV_REALLOC t_realloc
#include "io/csv.c"

#define F "\x1f"
#define R "\x1e"
#define BLK CSV_BLOCK

/* ---- helpers --------------------------------------------------------- */

/* Reads every record into out (a dump); returns the code that ended the
 * loop (LK_EEOF when all went well). */
static int dump_all(struct csv_reader *r, struct lk_buf *out, struct lk_err *e)
{
	char **f;
	size_t *l, n;
	int rc;

	while ((rc = csv_next(r, &f, &l, &n, e)) == 0) {
		assert_true(n >= 1);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(strlen(f[i]), l[i]);
			if (i)
				assert_int_equal(lk_buf_addc(out, 0x1f), 0);
			assert_int_equal(lk_buf_add(out, f[i], l[i]), 0);
		}
		assert_int_equal(lk_buf_addc(out, 0x1e), 0);
	}
	return rc;
}

/* Reads data with enc and checks the dump, the row count and the
 * encoding in use. */
static void check_mem_enc(const void *data, size_t len, enum csv_encoding enc,
			  const char *expect, size_t expect_len,
			  enum csv_encoding expect_enc)
{
	struct csv_reader *r = NULL;
	struct lk_err e = {0};
	struct lk_buf out = LK_BUF_INIT(64u << 20);
	size_t rows = 0;

	assert_int_equal(csv_open_mem(data, len, enc, NULL, &r, &e), 0);
	assert_int_equal(csv_encoding_of(r), expect_enc);
	if (dump_all(r, &out, &e) != LK_EEOF)
		fail_msg("unexpected error: %s", e.msg);
	for (size_t i = 0; i < expect_len; i++)
		rows += expect[i] == 0x1e;
	assert_int_equal(csv_row(r), rows);
	assert_int_equal(out.len, expect_len);
	assert_memory_equal(lk_buf_str(&out), expect, expect_len);
	/* EEOF again */
	{
		char **f;
		size_t *l, n;

		assert_int_equal(csv_next(r, &f, &l, &n, &e), LK_EEOF);
	}
	csv_close(r);
	lk_buf_free(&out);
}

static void check_mem(const char *data, const char *expect)
{
	check_mem_enc(data, strlen(data), CSV_ENC_AUTO, expect, strlen(expect),
		      CSV_ENC_UTF8);
}

/* Reads data until an error and checks the code, that rows records came
 * first, that the message contains msg, and that the error sticks. */
static void check_error(const void *data, size_t len, enum csv_encoding enc,
			const struct csv_limits *lim, int want, size_t rows,
			const char *msg)
{
	struct csv_reader *r = NULL;
	struct lk_err e = {0}, e2 = {0};
	struct lk_buf out = LK_BUF_INIT(64u << 20);
	char **f;
	size_t *l, n;

	assert_int_equal(csv_open_mem(data, len, enc, lim, &r, &e), 0);
	assert_int_equal(dump_all(r, &out, &e), want);
	if (want != LK_EEOF)
		assert_int_equal(e.code, want);
	if (!strstr(e.msg, msg))
		fail_msg("message \"%s\" lacks \"%s\"", e.msg, msg);
	assert_int_equal(csv_row(r), rows);
	/* sticky, message included, also after a call with e == NULL */
	assert_int_equal(csv_next(r, &f, &l, &n, NULL), want);
	assert_int_equal(csv_next(r, &f, &l, &n, &e2), want);
	assert_string_equal(e2.msg, e.msg);
	assert_int_equal(csv_row(r), rows);
	csv_close(r);
	lk_buf_free(&out);
}

/* UTF-8 -> GB18030 with iconv; returns a malloc'ed copy, length in *len. */
static char *to_gb(const char *utf8, size_t ulen, size_t *len)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	size_t cap = ulen * 2 + 16, inleft = ulen, outleft = cap;
	char *buf = malloc(cap), *in = (char *)(uintptr_t)utf8, *out = buf;

	assert_true(cd != (iconv_t)-1);
	assert_non_null(buf);
	assert_int_not_equal(iconv(cd, &in, &inleft, &out, &outleft),
			     (size_t)-1);
	assert_int_equal(inleft, 0);
	iconv_close(cd);
	*len = cap - outleft;
	return buf;
}

/* Writes data to a fresh temporary file; returns its path (static). */
static const char *tmp_file(const void *data, size_t len)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof path, "/tmp/lk_test_csv_XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

/* Reads a file and checks its dump and encoding. */
static void check_file(const void *data, size_t len, enum csv_encoding enc,
		       const char *expect, size_t expect_len,
		       enum csv_encoding expect_enc)
{
	const char *path = tmp_file(data, len);
	struct csv_reader *r = NULL;
	struct lk_err e = {0};
	struct lk_buf out = LK_BUF_INIT(64u << 20);

	assert_int_equal(csv_open_file(path, enc, NULL, &r, &e), 0);
	assert_int_equal(csv_encoding_of(r), expect_enc);
	if (dump_all(r, &out, &e) != LK_EEOF)
		fail_msg("unexpected error: %s", e.msg);
	assert_int_equal(csv_offset(r), len);
	assert_int_equal(out.len, expect_len);
	assert_memory_equal(lk_buf_str(&out), expect, expect_len);
	csv_close(r);
	lk_buf_free(&out);
	unlink(path);
}

/* ---- csv-spectrum ---------------------------------------------------- */

/* Cases where lika is stricter than the corpus, by design. */
static const struct {
	const char *name;
	int rc;
	size_t rows; /* records returned before the error */
	const char *msg;
} spectrum_strict[] = {
    /* 37°36'37.8"N: a quote inside an unquoted field is malformed (and
     * the corpus's JSON does not even match its CSV: other phone
     * number, a single object instead of an array). */
    {"location_coordinates", LK_EINVAL, 1,
     "row 2, column 2: quote inside unquoted field"},
};

static void spectrum_case(const char *dir, const char *name)
{
	char path[4096];
	struct csv_reader *r = NULL;
	struct lk_err e = {0};
	json_error_t je;
	json_t *want, *obj;
	char **f, **hdr = NULL;
	size_t *l, n, nhdr = 0, rec = 0;
	int rc;

	snprintf(path, sizeof path, "%s/csvs/%s.csv", dir, name);
	assert_int_equal(csv_open_file(path, CSV_ENC_AUTO, NULL, &r, &e), 0);
	for (size_t i = 0;
	     i < sizeof spectrum_strict / sizeof spectrum_strict[0]; i++) {
		if (strcmp(name, spectrum_strict[i].name) != 0)
			continue;
		while ((rc = csv_next(r, &f, &l, &n, &e)) == 0)
			;
		assert_int_equal(rc, spectrum_strict[i].rc);
		assert_int_equal(csv_row(r), spectrum_strict[i].rows);
		if (!strstr(e.msg, spectrum_strict[i].msg))
			fail_msg("%s: \"%s\"", name, e.msg);
		csv_close(r);
		return;
	}

	snprintf(path, sizeof path, "%s/json/%s.json", dir, name);
	want = json_load_file(path, 0, &je);
	if (!want)
		fail_msg("%s: %s", path, je.text);
	if (json_is_object(want)) {
		json_t *a = json_array();

		json_array_append_new(a, want);
		want = a;
	}
	assert_true(json_is_array(want));

	while ((rc = csv_next(r, &f, &l, &n, &e)) == 0) {
		if (!hdr) {
			/* copy the header: fields are borrowed */
			hdr = calloc(n, sizeof *hdr);
			assert_non_null(hdr);
			for (size_t i = 0; i < n; i++)
				hdr[i] = strdup(f[i]);
			nhdr = n;
			continue;
		}
		obj = json_array_get(want, rec);
		if (!obj)
			fail_msg("%s: extra record %zu", name, rec + 1);
		assert_int_equal(n, nhdr);
		assert_int_equal(json_object_size(obj), n);
		for (size_t i = 0; i < n; i++) {
			const char *v =
			    json_string_value(json_object_get(obj, hdr[i]));

			if (!v)
				fail_msg("%s: no key %s", name, hdr[i]);
			assert_int_equal(l[i], strlen(v));
			assert_string_equal(f[i], v);
		}
		rec++;
	}
	if (rc != LK_EEOF)
		fail_msg("%s: %s", name, e.msg);
	assert_int_equal(rec, json_array_size(want));
	for (size_t i = 0; i < nhdr; i++)
		free(hdr[i]);
	free(hdr);
	json_decref(want);
	csv_close(r);
}

static void test_spectrum(void **state)
{
	const char *nm = getenv("LK_NODE_MODULES");
	char dir[1024], csvs[1100];
	DIR *d;
	struct dirent *de;
	int cases = 0;

	(void)state;
	snprintf(dir, sizeof dir, "%s/csv-spectrum",
		 nm ? nm : LK_SOURCE_DIR "/node_modules");
	snprintf(csvs, sizeof csvs, "%s/csvs", dir);
	d = opendir(csvs);
	if (!d)
		fail_msg("cannot open %s (run scripts/setup.sh)", csvs);
	while ((de = readdir(d)) != NULL) {
		char name[256];
		size_t len = strlen(de->d_name);

		if (len < 5 || strcmp(de->d_name + len - 4, ".csv") != 0)
			continue;
		snprintf(name, sizeof name, "%.*s", (int)(len - 4), de->d_name);
		spectrum_case(dir, name);
		cases++;
	}
	closedir(d);
	/* csv-spectrum 2.0.0 has 12 cases */
	assert_true(cases >= 12);
}

/* ---- shapes of well-formed input ------------------------------------- */

static void test_shapes(void **state)
{
	(void)state;
	check_mem("", "");
	check_mem("a", "a" R);
	check_mem("a\n", "a" R);
	check_mem("\n", "" R);
	check_mem("\r\n", "" R);
	check_mem("\r", "" R);
	check_mem("a,b\r\nc,d\r\n", "a" F "b" R "c" F "d" R);
	check_mem("a,b\rc,d\r", "a" F "b" R "c" F "d" R);
	check_mem("a,b\nc,d", "a" F "b" R "c" F "d" R);
	check_mem("a\r\n\r\nb", "a" R "" R "b" R);
	check_mem("a\n\n\nb\n", "a" R "" R "" R "b" R);
	check_mem("a\r\rb", "a" R "" R "b" R);
	check_mem("a\n\rb", "a" R "" R "b" R);
	check_mem("a,\n", "a" F "" R);
	check_mem(",", "" F "" R);
	check_mem(",,\n", "" F "" F "" R);
	check_mem("\"\"\n", "" R);
	check_mem("\"\"", "" R);
	check_mem("\"a\"", "a" R);
	check_mem("\"a\",\"\"", "a" F "" R);
	check_mem("\"a\"\"b\",c", "a\"b" F "c" R);
	check_mem("\"\"\"\"", "\"" R);
	check_mem("\"x\r\ny\"\r\nz", "x\r\ny" R "z" R);
	check_mem("\"a,b\",\"c\nd\"\n", "a,b" F "c\nd" R);
	check_mem("\"\r\"\r", "\r" R);
	check_mem(" a , b ", " a " F " b " R);
	check_mem("\xe4\xb8\xad,\xf0\x9f\x98\x80\n", "中" F "😀" R);
	check_mem("a\tb,c\n", "a\tb" F "c" R);
	/* rows are records, not lines */
	{
		static const char multi[] = "\"a\nb\nc\"\nx\"y\n";

		check_error(multi, sizeof multi - 1, CSV_ENC_AUTO, NULL,
			    LK_EINVAL, 1,
			    "row 2, column 1: quote inside unquoted field");
	}
}

static void test_null_and_empty(void **state)
{
	struct csv_reader *r = NULL;
	char **f;
	size_t *l, n;

	(void)state;
	assert_int_equal(csv_open_mem(NULL, 0, CSV_ENC_AUTO, NULL, &r, NULL),
			 0);
	assert_int_equal(csv_encoding_of(r), CSV_ENC_UTF8);
	assert_int_equal(csv_next(r, &f, &l, &n, NULL), LK_EEOF);
	assert_int_equal(csv_row(r), 0);
	assert_int_equal(csv_offset(r), 0);
	csv_close(r);
	csv_close(NULL);
	check_file("", 0, CSV_ENC_AUTO, "", 0, CSV_ENC_UTF8);
	check_file("", 0, CSV_ENC_GB18030, "", 0, CSV_ENC_GB18030);
}

static void test_row_and_offset(void **state)
{
	const char *data = "a,b\n\"x\ny\",z\nlast";
	struct csv_reader *r = NULL;
	char **f;
	size_t *l, n;

	(void)state;
	assert_int_equal(
	    csv_open_mem(data, strlen(data), CSV_ENC_UTF8, NULL, &r, NULL), 0);
	assert_int_equal(csv_row(r), 0);
	assert_int_equal(csv_next(r, &f, &l, &n, NULL), 0);
	assert_int_equal(csv_row(r), 1);
	assert_int_equal(csv_offset(r), 4);
	assert_int_equal(csv_next(r, &f, &l, &n, NULL), 0);
	assert_int_equal(csv_row(r), 2);
	assert_int_equal(csv_offset(r), 12);
	assert_int_equal(n, 2);
	assert_string_equal(f[0], "x\ny");
	assert_int_equal(l[0], 3);
	assert_string_equal(f[1], "z");
	assert_int_equal(csv_next(r, &f, &l, &n, NULL), 0);
	assert_int_equal(csv_row(r), 3);
	assert_int_equal(csv_offset(r), strlen(data));
	assert_int_equal(csv_next(r, &f, &l, &n, NULL), LK_EEOF);
	assert_int_equal(csv_row(r), 3);
	csv_close(r);
}

/* ---- malformed input ------------------------------------------------- */

static void test_malformed(void **state)
{
	static const struct {
		const char *in;
		size_t rows;
		const char *msg;
	} cases[] = {
	    {"a,b\n\"x,y\n", 1, "row 2, column 1: unterminated quoted"},
	    {"a,b\nc,\"", 1, "row 2, column 2: unterminated quoted"},
	    {"\"", 0, "row 1, column 1: unterminated quoted field"},
	    {"a,b\n1,\"x\"y\n", 1, "row 2, column 2: text after closing"},
	    {"\"x\" ,y\n", 0, "row 1, column 1: text after closing quote"},
	    {"a,b\nc,d\"e\n", 1, "row 2, column 2: quote inside unquoted"},
	    {"a\"b", 0, "row 1, column 1: quote inside unquoted field"},
	    {"a,b,c\nd,e,f\ng,h,i\"\n", 2,
	     "row 3, column 3: quote inside unquoted field"},
	    {"x, \"y\"\n", 0, "row 1, column 2: quote inside unquoted"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_error(cases[i].in, strlen(cases[i].in), CSV_ENC_AUTO,
			    NULL, LK_EINVAL, cases[i].rows, cases[i].msg);
	/* NUL bytes, unquoted and quoted */
	check_error("a\nb\0c\n", 6, CSV_ENC_AUTO, NULL, LK_EINVAL, 1,
		    "row 2, column 1: nul byte in field");
	check_error("a,\"b\0\"\n", 7, CSV_ENC_AUTO, NULL, LK_EINVAL, 0,
		    "row 1, column 2: nul byte in field");
}

static void test_bad_utf8(void **state)
{
	static const char *const bad[] = {
	    "\x80",		/* lone continuation */
	    "\xbf",		/* lone continuation */
	    "\xc0\xaf",		/* overlong '/' */
	    "\xc1\xbf",		/* overlong */
	    "\xe0\x80\xaf",	/* overlong '/' */
	    "\xe0\x9f\xbf",	/* overlong */
	    "\xed\xa0\x80",	/* surrogate D800 */
	    "\xed\xbf\xbf",	/* surrogate DFFF */
	    "\xf0\x80\x80\xaf", /* overlong */
	    "\xf0\x8f\xbf\xbf", /* overlong */
	    "\xf4\x90\x80\x80", /* above U+10FFFF */
	    "\xf5\x80\x80\x80", /* above U+10FFFF */
	    "\xfe",
	    "\xff",
	    "\xc3\x28",	    /* bad continuation */
	    "\xe4\xb8\x41", /* bad continuation */
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int len = snprintf(buf, sizeof buf, "h1,h2\nok,x%sy\n", bad[i]);

		check_error(buf, (size_t)len, CSV_ENC_UTF8, NULL, LK_EINVAL, 1,
			    "row 2, column 2: invalid utf-8 byte sequence");
	}
	/* a character cut short by the end of input */
	check_error("a\n\xe4\xb8", 4, CSV_ENC_UTF8, NULL, LK_EINVAL, 1,
		    "row 2, column 1: invalid utf-8 byte sequence");
	check_error("a\n\"\xf0\x9f\x98", 6, CSV_ENC_UTF8, NULL, LK_EINVAL, 1,
		    "row 2, column 1: invalid utf-8 byte sequence");
}

/* Reference: is s[0..n) a sequence of valid UTF-8 characters? */
static int ref_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i], cp, len, min;

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

static void test_utf8_scan_exhaustive(void **state)
{
	unsigned char s[4];
	size_t valid;

	(void)state;
	/* every 1- and 2-byte string, every 3-byte one with a lead >= C0 */
	for (unsigned a = 0; a < 256; a++) {
		s[0] = (unsigned char)a;
		assert_int_equal(utf8_scan(s, 1, &valid) == U8_OK,
				 ref_utf8(s, 1));
		for (unsigned b = 0; b < 256; b++) {
			s[1] = (unsigned char)b;
			assert_int_equal(utf8_scan(s, 2, &valid) == U8_OK,
					 ref_utf8(s, 2));
			if (a < 0xC0)
				continue;
			for (unsigned c = 0; c < 256; c++) {
				s[2] = (unsigned char)c;
				assert_int_equal(utf8_scan(s, 3, &valid) ==
						     U8_OK,
						 ref_utf8(s, 3));
			}
		}
	}
	/* 4-byte: every lead >= F0 and second byte, third bytes around
	 * the continuation range, edge fourth bytes */
	for (unsigned a = 0xF0; a < 0x100; a++) {
		for (unsigned b = 0; b < 256; b++) {
			for (unsigned c = 0x7F; c <= 0xC0; c++) {
				static const unsigned char d4[] = {0x7F, 0x80,
								   0xBF, 0xC0};

				for (size_t d = 0; d < sizeof d4; d++) {
					s[0] = (unsigned char)a;
					s[1] = (unsigned char)b;
					s[2] = (unsigned char)c;
					s[3] = d4[d];
					assert_int_equal(
					    utf8_scan(s, 4, &valid) == U8_OK,
					    ref_utf8(s, 4));
				}
			}
		}
	}
	/* partial and bad, with the valid prefix */
	assert_int_equal(
	    utf8_scan((const unsigned char *)"ab\xe4\xb8", 4, &valid),
	    U8_PARTIAL);
	assert_int_equal(valid, 2);
	assert_int_equal(
	    utf8_scan((const unsigned char *)"abcdefghij\xf0", 11, &valid),
	    U8_PARTIAL);
	assert_int_equal(valid, 10);
	assert_int_equal(
	    utf8_scan((const unsigned char *)"abc\xed\xa0", 5, &valid), U8_BAD);
	assert_int_equal(valid, 3);
	assert_int_equal(
	    utf8_scan((const unsigned char *)"abcdefghi\x80", 10, &valid),
	    U8_BAD);
	assert_int_equal(valid, 9);
}

/* ---- limits ---------------------------------------------------------- */

static void test_limits(void **state)
{
	struct csv_limits lim = {4, 3, 10};
	struct csv_reader *r = NULL;
	char big[300000];
	char **f;
	size_t *l, n;

	(void)state;
	/* at the limits: fine */
	assert_int_equal(
	    csv_open_mem("abcd,ef,\"gh\"\n", 13, CSV_ENC_AUTO, &lim, &r, NULL),
	    0);
	assert_int_equal(csv_next(r, &f, &l, &n, NULL), 0);
	assert_int_equal(n, 3);
	csv_close(r);
	/* one byte over, unquoted and quoted (doubled quotes count once) */
	check_error("a\nabcde\n", 8, CSV_ENC_AUTO, &lim, LK_ETOOBIG, 1,
		    "row 2, column 1: field longer than 4 bytes");
	check_error("a,\"ab\"\"cd\"\n", 11, CSV_ENC_AUTO, &lim, LK_ETOOBIG, 0,
		    "row 1, column 2: field longer than 4 bytes");
	check_error("a,\"ab\"\"c\"\n", 10, CSV_ENC_AUTO, &lim, LK_EEOF, 1, "");
	/* too many fields, also empty ones */
	check_error("a,b,c,d\n", 8, CSV_ENC_AUTO, &lim, LK_ETOOBIG, 0,
		    "row 1: more than 3 fields");
	check_error("x\n,,,\n", 6, CSV_ENC_AUTO, &lim, LK_ETOOBIG, 1,
		    "row 2: more than 3 fields");
	/* record size */
	check_error("abcd,abcd,abc\n", 14, CSV_ENC_AUTO, &lim, LK_ETOOBIG, 0,
		    "row 1: record longer than 10 bytes");
	/* multibyte characters count in bytes after conversion */
	check_error("\xe4\xb8\xad\xe4\xb8\xad\n", 7, CSV_ENC_AUTO, &lim,
		    LK_ETOOBIG, 0, "row 1, column 1: field longer than 4");

	/* defaults: 64 KiB field */
	memset(big, 'x', sizeof big);
	check_error(big, 64 * 1024, CSV_ENC_AUTO, NULL, LK_EEOF, 1, "");
	check_error(big, 64 * 1024 + 1, CSV_ENC_AUTO, NULL, LK_ETOOBIG, 0,
		    "row 1, column 1: field longer than 65536 bytes");
	/* zero members mean their defaults */
	{
		struct csv_limits z = {0, 2, 0};

		check_error("a,b,c\n", 6, CSV_ENC_AUTO, &z, LK_ETOOBIG, 0,
			    "more than 2 fields");
		check_error(big, 64 * 1024, CSV_ENC_AUTO, &z, LK_EEOF, 1, "");
	}
	/* a big quoted field spanning several blocks, within raised
	 * limits */
	{
		/* "xxx...x""",z: M x's and a quote, then z */
		struct csv_limits w = {sizeof big, 4, sizeof big};
		struct lk_err e = {0};
		size_t m = sizeof big - 2;
		char *data = malloc(m + 7);

		assert_non_null(data);
		data[0] = '"';
		memcpy(data + 1, big, m);
		memcpy(data + 1 + m, "\"\"\",z\n", 6);
		assert_int_equal(
		    csv_open_mem(data, m + 7, CSV_ENC_AUTO, &w, &r, &e), 0);
		if (csv_next(r, &f, &l, &n, &e) != 0)
			fail_msg("%s", e.msg);
		assert_int_equal(n, 2);
		assert_int_equal(l[0], m + 1);
		assert_int_equal(f[0][l[0] - 1], '"');
		assert_int_equal(l[1], 1);
		/* the record buffer stays within the limits */
		assert_true(r->rec_cap <= r->rec_hard);
		assert_int_equal(csv_next(r, &f, &l, &n, &e), LK_EEOF);
		csv_close(r);
		free(data);
	}
}

/* ---- encodings ------------------------------------------------------- */

static void test_bom(void **state)
{
	static const char bom[] = "\xEF\xBB\xBF"
				  "a,b\n1,2\n";
	size_t glen;
	char *g;

	(void)state;
	check_mem_enc(bom, sizeof bom - 1, CSV_ENC_AUTO,
		      "a" F "b" R "1" F "2" R, 8, CSV_ENC_UTF8);
	check_mem_enc(bom, sizeof bom - 1, CSV_ENC_UTF8,
		      "a" F "b" R "1" F "2" R, 8, CSV_ENC_UTF8);
	check_file(bom, sizeof bom - 1, CSV_ENC_AUTO, "a" F "b" R "1" F "2" R,
		   8, CSV_ENC_UTF8);
	/* only a BOM: no records; a BOM then a quoted field */
	check_mem_enc("\xEF\xBB\xBF", 3, CSV_ENC_AUTO, "", 0, CSV_ENC_UTF8);
	check_mem_enc("\xEF\xBB\xBF\"a\"", 6, CSV_ENC_AUTO, "a" R, 2,
		      CSV_ENC_UTF8);
	/* only the first BOM is skipped */
	check_mem_enc("\xEF\xBB\xBF\xEF\xBB\xBFx", 7, CSV_ENC_AUTO,
		      "\xEF\xBB\xBFx" R, 5, CSV_ENC_UTF8);
	/* GB18030 with its own BOM (U+FEFF = 84 31 95 33) */
	g = to_gb("\xEF\xBB\xBF户编号,姓名\n",
		  strlen("\xEF\xBB\xBF户编号,姓名\n"), &glen);
	assert_memory_equal(g, "\x84\x31\x95\x33", 4);
	check_mem_enc(g, glen, CSV_ENC_GB18030, "户编号" F "姓名" R,
		      strlen("户编号" F "姓名" R), CSV_ENC_GB18030);
	check_mem_enc(g, glen, CSV_ENC_AUTO, "户编号" F "姓名" R,
		      strlen("户编号" F "姓名" R), CSV_ENC_GB18030);
	free(g);
}

static void test_gb18030(void **state)
{
	static const char utf[] = "户编号,姓名,备注\r\n"
				  "522401001001,张三,\"说\"\"好\"\",\n行\"\r\n"
				  "522401001002,李四,😀€\r\n";
	static const char want[] =
	    "户编号" F "姓名" F "备注" R "522401001001" F "张三" F
	    "说\"好\",\n行" R "522401001002" F "李四" F "😀€" R;
	size_t glen;
	char *g = to_gb(utf, sizeof utf - 1, &glen);

	(void)state;
	/* not valid UTF-8, so detection must pick GB18030 */
	assert_int_not_equal(ref_utf8((const unsigned char *)g, glen), 1);
	check_mem_enc(g, glen, CSV_ENC_AUTO, want, sizeof want - 1,
		      CSV_ENC_GB18030);
	check_mem_enc(g, glen, CSV_ENC_GB18030, want, sizeof want - 1,
		      CSV_ENC_GB18030);
	check_file(g, glen, CSV_ENC_AUTO, want, sizeof want - 1,
		   CSV_ENC_GB18030);
	/* the same file forced to UTF-8 is invalid at its first byte */
	check_error(g, glen, CSV_ENC_UTF8, NULL, LK_EINVAL, 0,
		    "row 1, column 1: invalid utf-8 byte sequence");
	/* UTF-8 input: detected as such, and readable when forced */
	check_mem_enc(utf, sizeof utf - 1, CSV_ENC_AUTO, want, sizeof want - 1,
		      CSV_ENC_UTF8);
	free(g);
}

static void test_gb18030_errors(void **state)
{
	static const char utf[] = "户编号,姓名\n1,张三\n2,李四\n";
	size_t glen;
	char *g = to_gb(utf, sizeof utf - 1, &glen);
	char *bad = malloc(glen + 2);

	(void)state;
	assert_non_null(bad);
	/* an invalid byte (0xFF) in row 3, column 2 */
	memcpy(bad, g, glen);
	bad[glen - 3] = (char)0xFF;
	check_error(bad, glen, CSV_ENC_GB18030, NULL, LK_EINVAL, 2,
		    "row 3, column 2: invalid gb18030 byte sequence");
	/* a character cut short by the end of the file */
	memcpy(bad, g, glen - 1);
	check_error(bad, glen - 2, CSV_ENC_GB18030, NULL, LK_EINVAL, 2,
		    "row 3, column 2: invalid gb18030 byte sequence");
	free(bad);
	free(g);
}

static void test_undetectable(void **state)
{
	struct csv_reader *r = NULL;
	struct lk_err e = {0};
	const char *path;

	(void)state;
	assert_int_equal(
	    csv_open_mem("a,\xff\xfe\n", 5, CSV_ENC_AUTO, NULL, &r, &e),
	    LK_EINVAL);
	assert_null(r);
	assert_non_null(strstr(e.msg, "cannot detect encoding"));
	path = tmp_file("a,\x80\n", 4);
	assert_int_equal(csv_open_file(path, CSV_ENC_AUTO, NULL, &r, &e),
			 LK_EINVAL);
	assert_null(r);
	assert_non_null(strstr(e.msg, "cannot detect encoding of /tmp/"));
	unlink(path);
	/* the same bytes forced: an error naming the row */
	check_error("h\na,\xff\xfe\n", 7, CSV_ENC_GB18030, NULL, LK_EINVAL, 1,
		    "row 2, column 2: invalid gb18030 byte sequence");
}

/* Invalid UTF-8 after the first 64 KiB: detected as UTF-8, then an error
 * naming the row. */
static void test_late_invalid(void **state)
{
	size_t rows = 10000, len = 0;
	char *data = malloc(rows * 16 + 16);
	char msg[64];

	(void)state;
	assert_non_null(data);
	for (size_t i = 0; i < rows; i++)
		len += (size_t)sprintf(data + len, "%zu,abc\n", i);
	assert_true(len > BLK);
	len += (size_t)sprintf(data + len, "x,\xb4\xf3\n"); /* GBK 大 */
	snprintf(msg, sizeof msg, "row %zu, column 2: invalid utf-8", rows + 1);
	check_error(data, len, CSV_ENC_AUTO, NULL, LK_EINVAL, rows, msg);
	free(data);
}

/* ---- block boundaries ------------------------------------------------ */

/*
 * Builds head, a filler line padding the data to `at` bytes, special,
 * "z\r\n"; returns the data and sets the expected dump.
 */
static char *boundary_data(const char *head, size_t hlen, const char *special,
			   size_t slen, size_t at, size_t *len,
			   struct lk_buf *want, const char *whead,
			   const char *wspecial)
{
	size_t fill = at - hlen - 2, n = 0;
	char *d = malloc(at + slen + 3);

	assert_non_null(d);
	memcpy(d, head, hlen);
	n = hlen;
	memset(d + n, 'y', fill);
	n += fill;
	memcpy(d + n, "\r\n", 2);
	n += 2;
	assert_int_equal(n, at);
	memcpy(d + n, special, slen);
	n += slen;
	memcpy(d + n, "z\r\n", 3);
	n += 3;
	*len = n;
	lk_buf_reset(want);
	assert_int_equal(lk_buf_adds(want, whead), 0);
	for (size_t i = 0; i < fill; i++)
		assert_int_equal(lk_buf_addc(want, 'y'), 0);
	assert_int_equal(lk_buf_adds(want, R), 0);
	assert_int_equal(lk_buf_adds(want, wspecial), 0);
	assert_int_equal(lk_buf_adds(want, "z" R), 0);
	return d;
}

static void test_boundary_utf8(void **state)
{
	static const char special[] = "\"ab\r\n中\"\"文\",😀\r\n";
	struct lk_buf want = LK_BUF_INIT(1u << 20);
	size_t slen = sizeof special - 1;

	(void)state;
	/* the boundary falls on every byte of special and of the CRLF
	 * before it */
	for (size_t at = BLK - slen - 1; at <= BLK + 2; at++) {
		size_t len;
		char *d = boundary_data("h\r\n", 3, special, slen, at, &len,
					&want, "h" R, "ab\r\n中\"文" F "😀" R);

		check_mem_enc(d, len, CSV_ENC_AUTO, want.ptr, want.len,
			      CSV_ENC_UTF8);
		check_file(d, len, CSV_ENC_AUTO, want.ptr, want.len,
			   CSV_ENC_UTF8);
		free(d);
	}
	lk_buf_free(&want);
}

static void test_boundary_gb18030(void **state)
{
	static const char uhead[] = "户编号,姓名\r\n";
	static const char uspecial[] = "\"张\r\n😀\"\"三\",€x\r\n";
	struct lk_buf want = LK_BUF_INIT(1u << 20);
	size_t hlen, slen;
	char *head = to_gb(uhead, sizeof uhead - 1, &hlen);
	char *special = to_gb(uspecial, sizeof uspecial - 1, &slen);

	(void)state;
	for (size_t at = BLK - slen - 1; at <= BLK + 2; at++) {
		size_t len;
		char *d =
		    boundary_data(head, hlen, special, slen, at, &len, &want,
				  "户编号" F "姓名" R, "张\r\n😀\"三" F "€x" R);

		check_mem_enc(d, len, CSV_ENC_AUTO, want.ptr, want.len,
			      CSV_ENC_GB18030);
		check_file(d, len, CSV_ENC_AUTO, want.ptr, want.len,
			   CSV_ENC_GB18030);
		free(d);
	}
	free(head);
	free(special);
	lk_buf_free(&want);
}

/* A pipe fed in tiny writes, so that reads return short blocks that cut
 * characters and CRLFs anywhere. */
struct feeder {
	int fd;
	const char *data;
	size_t len;
};

static void *feed(void *arg)
{
	struct feeder *fd = arg;
	static const size_t steps[] = {1, 2, 3, 5, 7, 4096, 1, 65536, 13};

	for (size_t off = 0, i = 0; off < fd->len; i++) {
		size_t n = steps[i % (sizeof steps / sizeof steps[0])];
		ssize_t w;

		if (n > fd->len - off)
			n = fd->len - off;
		w = write(fd->fd, fd->data + off, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			break;
		off += (size_t)w;
	}
	close(fd->fd);
	return NULL;
}

static void check_pipe(const char *data, size_t len, int use_stdin,
		       const char *want, size_t wlen,
		       enum csv_encoding want_enc)
{
	int p[2], saved = -1;
	pthread_t th;
	struct feeder fd;
	struct csv_reader *r = NULL;
	struct lk_err e = {0};
	struct lk_buf out = LK_BUF_INIT(64u << 20);
	char path[32];

	assert_int_equal(pipe(p), 0);
	fd.fd = p[1];
	fd.data = data;
	fd.len = len;
	assert_int_equal(pthread_create(&th, NULL, feed, &fd), 0);
	if (use_stdin) {
		saved = dup(STDIN_FILENO);
		assert_true(saved >= 0);
		assert_true(dup2(p[0], STDIN_FILENO) >= 0);
		snprintf(path, sizeof path, "-");
	} else {
		snprintf(path, sizeof path, "/dev/fd/%d", p[0]);
	}
	assert_int_equal(csv_open_file(path, CSV_ENC_AUTO, NULL, &r, &e), 0);
	assert_int_equal(csv_encoding_of(r), want_enc);
	if (dump_all(r, &out, &e) != LK_EEOF)
		fail_msg("unexpected error: %s", e.msg);
	csv_close(r);
	assert_int_equal(pthread_join(th, NULL), 0);
	close(p[0]);
	if (use_stdin) {
		assert_true(dup2(saved, STDIN_FILENO) >= 0);
		close(saved);
	}
	assert_int_equal(out.len, wlen);
	assert_memory_equal(out.ptr, want, wlen);
	lk_buf_free(&out);
}

static void test_pipe(void **state)
{
	struct lk_buf u = LK_BUF_INIT(16u << 20), w = LK_BUF_INIT(16u << 20);
	size_t glen;
	char *g;

	(void)state;
	assert_int_equal(lk_buf_adds(&u, "户编号,姓名\r\n"), 0);
	assert_int_equal(lk_buf_adds(&w, "户编号" F "姓名" R), 0);
	for (int i = 0; i < 20000; i++) {
		assert_int_equal(
		    lk_buf_printf(&u, "%d,\"张😀\r\n\"\"三\"\"\",€\r\n", i), 0);
		assert_int_equal(
		    lk_buf_printf(&w, "%d" F "张😀\r\n\"三\"" F "€" R, i), 0);
	}
	check_pipe(u.ptr, u.len, 0, w.ptr, w.len, CSV_ENC_UTF8);
	check_pipe(u.ptr, u.len, 1, w.ptr, w.len, CSV_ENC_UTF8);
	g = to_gb(u.ptr, u.len, &glen);
	check_pipe(g, glen, 0, w.ptr, w.len, CSV_ENC_GB18030);
	free(g);
	lk_buf_free(&u);
	lk_buf_free(&w);
}

/* Memory stays bounded while streaming a file many blocks long. */
static void test_stream_bounded(void **state)
{
	struct lk_buf d = LK_BUF_INIT(64u << 20);
	struct csv_reader *r = NULL;
	struct lk_err e = {0};
	const char *path;
	char **f;
	size_t *l, n, rows = 0;
	int rc;

	(void)state;
	for (int i = 0; i < 40000; i++) {
		for (int k = 0; k < 25; k++)
			assert_int_equal(
			    lk_buf_printf(&d, "%s%d-%d", k ? "," : "", i, k),
			    0);
		assert_int_equal(lk_buf_adds(&d, "\n"), 0);
	}
	path = tmp_file(d.ptr, d.len);
	assert_int_equal(csv_open_file(path, CSV_ENC_AUTO, NULL, &r, &e), 0);
	while ((rc = csv_next(r, &f, &l, &n, &e)) == 0) {
		assert_int_equal(n, 25);
		rows++;
	}
	assert_int_equal(rc, LK_EEOF);
	assert_int_equal(rows, 40000);
	assert_int_equal(csv_offset(r), d.len);
	assert_true(d.len > 50 * BLK);
	/* one short record needs little: 256 then 512 bytes, 32 fields */
	assert_true(r->rec_cap <= 512);
	assert_int_equal(r->fcap, 32);
	csv_close(r);
	unlink(path);
	lk_buf_free(&d);
}

/* ---- open errors ----------------------------------------------------- */

static void test_open_errors(void **state)
{
	struct csv_reader *r = NULL;
	struct lk_err e = {0};

	(void)state;
	assert_int_equal(
	    csv_open_file("/nonexistent/x.csv", CSV_ENC_AUTO, NULL, &r, &e),
	    LK_ENOTFOUND);
	assert_null(r);
	assert_non_null(strstr(e.msg, "cannot open /nonexistent/x.csv"));
	assert_int_equal(csv_open_file("/tmp", CSV_ENC_AUTO, NULL, &r, &e),
			 LK_EIO);
	assert_null(r);
	assert_non_null(strstr(e.msg, "cannot read /tmp"));
}

/* ---- allocation failures --------------------------------------------- */

/* Opens (from memory or a file) and reads everything with the nth
 * allocation failing; returns the first error or LK_EEOF. */
static int oom_run(const char *data, size_t len, const char *path, long nth,
		   struct lk_buf *out)
{
	struct csv_reader *r = NULL;
	struct lk_err e = {0};
	int rc;

	fail_at = nth;
	alloc_count = 0;
	if (path)
		rc = csv_open_file(path, CSV_ENC_AUTO, NULL, &r, &e);
	else
		rc = csv_open_mem(data, len, CSV_ENC_AUTO, NULL, &r, &e);
	if (rc == 0)
		rc = dump_all(r, out, &e);
	fail_at = -1;
	if (rc == LK_ENOMEM)
		assert_string_equal(e.msg, "out of memory");
	csv_close(r);
	return rc;
}

static void test_oom(void **state)
{
	static const char utf[] = "a,b,c\n\"long field\"\"\",2,3\n";
	struct lk_buf want = LK_BUF_INIT(1u << 20);
	struct lk_buf out = LK_BUF_INIT(1u << 20);
	size_t glen;
	char *g = to_gb(utf, sizeof utf - 1, &glen);
	const char *inputs[2] = {utf, g};
	size_t lens[2] = {sizeof utf - 1, glen};

	(void)state;
	for (int k = 0; k < 2; k++) {
		for (int file = 0; file < 2; file++) {
			const char *path =
			    file ? tmp_file(inputs[k], lens[k]) : NULL;
			long nth;
			int rc;

			lk_buf_reset(&want);
			assert_int_equal(
			    oom_run(inputs[k], lens[k], path, -1, &want),
			    LK_EEOF);
			for (nth = 0;; nth++) {
				lk_buf_reset(&out);
				rc = oom_run(inputs[k], lens[k], path, nth,
					     &out);
				if (rc == LK_ENOMEM)
					continue;
				assert_int_equal(rc, LK_EEOF);
				assert_int_equal(out.len, want.len);
				assert_memory_equal(out.ptr, want.ptr,
						    want.len);
				break;
			}
			/* reader, record, lengths, fields at least */
			assert_true(nth >= 4);
			if (path)
				unlink(path);
		}
	}
	free(g);
	lk_buf_free(&want);
	lk_buf_free(&out);
}

/* The field array grows under failures too (with raised limits). */
static void test_oom_fields(void **state)
{
	struct csv_limits lim = {0, 4096, 0};
	struct lk_buf d = LK_BUF_INIT(1u << 20);
	long nth;

	(void)state;
	for (int i = 0; i < 3000; i++)
		assert_int_equal(lk_buf_adds(&d, i ? ",f" : "f"), 0);
	assert_int_equal(lk_buf_adds(&d, "\n"), 0);
	for (nth = 0;; nth++) {
		struct csv_reader *r = NULL;
		char **f;
		size_t *l, n;
		int rc;

		fail_at = nth;
		alloc_count = 0;
		rc = csv_open_mem(d.ptr, d.len, CSV_ENC_AUTO, &lim, &r, NULL);
		if (rc == 0)
			rc = csv_next(r, &f, &l, &n, NULL);
		fail_at = -1;
		csv_close(r);
		if (rc == LK_ENOMEM)
			continue;
		assert_int_equal(rc, 0);
		assert_int_equal(n, 3000);
		break;
	}
	assert_true(nth > 8);
	lk_buf_free(&d);
}

/* ---- writer ---------------------------------------------------------- */

static void test_writer_exact(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"plain", "plain"},
	    {"", ""},
	    {"a,b", "\"a,b\""},
	    {"a\"b", "\"a\"\"b\""},
	    {"\"", "\"\"\"\""},
	    {"l1\nl2", "\"l1\nl2\""},
	    {"cr\r", "\"cr\r\""},
	    {" lead", "\" lead\""},
	    {"trail ", "\"trail \""},
	    {"in side", "in side"},
	    {"中文", "中文"},
	    {"\xEF\xBB\xBFx", "\"\xEF\xBB\xBFx\""}, /* not a BOM */
	};
	struct lk_buf b = LK_BUF_INIT(1024);

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		lk_buf_reset(&b);
		assert_int_equal(
		    csv_buf_field(&b, cases[i].in, strlen(cases[i].in), 1), 0);
		assert_string_equal(lk_buf_str(&b), cases[i].out);
	}
	lk_buf_reset(&b);
	assert_int_equal(csv_buf_field(&b, "a", 1, 1), 0);
	assert_int_equal(csv_buf_field(&b, NULL, 0, 0), 0);
	assert_int_equal(csv_buf_field(&b, "b\"", 2, 0), 0);
	assert_int_equal(csv_buf_eol(&b), 0);
	assert_string_equal(lk_buf_str(&b), "a,,\"b\"\"\"\r\n");
	lk_buf_free(&b);

	/* a failed append frees the buffer */
	lk_buf_init(&b, 6);
	assert_int_equal(csv_buf_field(&b, "abc", 3, 1), 0);
	assert_int_equal(csv_buf_field(&b, "d\"e", 3, 0), LK_ETOOBIG);
	assert_null(b.ptr);
	assert_int_equal(b.len, 0);
	lk_buf_free(&b);
}

static void test_writer_roundtrip(void **state)
{
	static const char *const rec1[] = {
	    "\xEF\xBB\xBF!bom",
	    "plain",
	    "",
	    "a,b",
	    "say \"hi\"",
	    "l1\nl2",
	    "cr\rx",
	    "crlf\r\n",
	    " lead",
	    "trail ",
	    "中文",
	    "\"",
	    "\"\"",
	    ",\"\r\n",
	    "😀",
	};
	static const char *const rec2[] = {"\xEF\xBB\xBF"};
	static const char *const rec3[] = {"", ""};
	static const char *const rec5[] = {""};
	static const char *const rec4[] = {"\"quoted\""};
	static const struct {
		const char *const *f;
		size_t n;
	} recs[] = {
	    {rec1, sizeof rec1 / sizeof rec1[0]},
	    {rec2, 1},
	    {rec3, 2},
	    {rec4, 1},
	    {rec5, 1},
	};
	struct lk_buf b = LK_BUF_INIT(1u << 20);
	struct csv_reader *r = NULL;
	struct lk_err e = {0};
	char **f;
	size_t *l, n;

	(void)state;
	for (size_t i = 0; i < sizeof recs / sizeof recs[0]; i++) {
		for (size_t k = 0; k < recs[i].n; k++)
			assert_int_equal(csv_buf_field(&b, recs[i].f[k],
						       strlen(recs[i].f[k]),
						       k == 0),
					 0);
		assert_int_equal(csv_buf_eol(&b), 0);
	}
	assert_int_equal(csv_open_mem(b.ptr, b.len, CSV_ENC_AUTO, NULL, &r, &e),
			 0);
	for (size_t i = 0; i < sizeof recs / sizeof recs[0]; i++) {
		if (csv_next(r, &f, &l, &n, &e) != 0)
			fail_msg("record %zu: %s", i + 1, e.msg);
		assert_int_equal(n, recs[i].n);
		for (size_t k = 0; k < n; k++) {
			assert_int_equal(l[k], strlen(recs[i].f[k]));
			assert_string_equal(f[k], recs[i].f[k]);
		}
	}
	assert_int_equal(csv_next(r, &f, &l, &n, &e), LK_EEOF);
	csv_close(r);
	lk_buf_free(&b);
}

static void test_encoding_parse(void **state)
{
	enum csv_encoding enc = CSV_ENC_AUTO;

	(void)state;
	assert_int_equal(csv_encoding_parse("utf-8", &enc), 0);
	assert_int_equal(enc, CSV_ENC_UTF8);
	assert_int_equal(csv_encoding_parse("GB18030", &enc), 0);
	assert_int_equal(enc, CSV_ENC_GB18030);
	assert_int_equal(csv_encoding_parse("UTF8", &enc), 0);
	assert_int_equal(enc, CSV_ENC_UTF8);
	assert_int_equal(csv_encoding_parse("gbk", &enc), 0);
	assert_int_equal(enc, CSV_ENC_GB18030);
	assert_int_equal(csv_encoding_parse("GB2312", &enc), 0);
	assert_int_equal(enc, CSV_ENC_GB18030);
	assert_int_equal(csv_encoding_parse("auto", &enc), 0);
	assert_int_equal(enc, CSV_ENC_AUTO);
	enc = CSV_ENC_UTF8;
	assert_int_equal(csv_encoding_parse("latin1", &enc), LK_EINVAL);
	assert_int_equal(csv_encoding_parse("utf-88", &enc), LK_EINVAL);
	assert_int_equal(csv_encoding_parse("utf", &enc), LK_EINVAL);
	assert_int_equal(csv_encoding_parse("", &enc), LK_EINVAL);
	assert_int_equal(csv_encoding_parse(NULL, &enc), LK_EINVAL);
	assert_int_equal(enc, CSV_ENC_UTF8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spectrum),
	    cmocka_unit_test(test_shapes),
	    cmocka_unit_test(test_null_and_empty),
	    cmocka_unit_test(test_row_and_offset),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_bad_utf8),
	    cmocka_unit_test(test_utf8_scan_exhaustive),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_bom),
	    cmocka_unit_test(test_gb18030),
	    cmocka_unit_test(test_gb18030_errors),
	    cmocka_unit_test(test_undetectable),
	    cmocka_unit_test(test_late_invalid),
	    cmocka_unit_test(test_boundary_utf8),
	    cmocka_unit_test(test_boundary_gb18030),
	    cmocka_unit_test(test_pipe),
	    cmocka_unit_test(test_stream_bounded),
	    cmocka_unit_test(test_open_errors),
	    cmocka_unit_test(test_oom),
	    cmocka_unit_test(test_oom_fields),
	    cmocka_unit_test(test_writer_exact),
	    cmocka_unit_test(test_writer_roundtrip),
	    cmocka_unit_test(test_encoding_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
