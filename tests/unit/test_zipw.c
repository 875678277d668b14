/*
 * test_zipw.c - unit tests of the streaming zip writer (io/zipw.h).
 *
 * Archives are read back with libzip (consistency checks on, every entry
 * read whole, which checks its CRC) and, when present, `unzip -t`.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zip.h>

#include "core/err.h"

/* zipw.c itself, with the size from which ZIP64 fields are written
 * lowered at will: the ZIP64 paths without writing 4 GiB */
static uint64_t zip64_at = 0xFFFFFFFFu;
#define ZIPW_ZIP64_AT zip64_at
#include "io/zipw.c"

static char dir[] = "/tmp/lk_test_zipw_XXXXXX";
static char path[512];

static int setup(void **state)
{
	(void)state;
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *fixture(const char *name)
{
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

static int exists(const char *p)
{
	return access(p, F_OK) == 0;
}

/* Entry name of archive p read whole (caller frees); *n its length. */
static char *read_entry(zip_t *z, const char *name, size_t *n)
{
	zip_stat_t st;
	zip_file_t *f;
	char *b;

	assert_int_equal(zip_stat(z, name, 0, &st), 0);
	b = malloc(st.size + 1);
	assert_non_null(b);
	f = zip_fopen(z, name, 0);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, b, st.size), (zip_int64_t)st.size);
	assert_int_equal(zip_fclose(f), 0); /* 0: the CRC matched */
	b[st.size] = '\0';
	*n = st.size;
	return b;
}

/* Text that deflates, of n bytes. */
static char *sample(size_t n)
{
	char *b = malloc(n);
	size_t i;
	uint32_t r = 1;

	assert_non_null(b);
	for (i = 0; i < n; i++) {
		r = r * 1103515245u + 12345u;
		b[i] = (char)('a' + (r >> 16) % 7);
		if (i % 61 == 60)
			b[i] = '\n';
	}
	return b;
}

static void test_entries(void **state)
{
	const char *p = fixture("a.zip");
	char tmp[600], *big = sample(3 * ZIPW_CHUNK + 12345), *got;
	struct zipw *z = NULL;
	struct lk_err e = {0};
	zip_t *za;
	size_t n, i;
	int err = 0;

	(void)state;
	assert_int_equal(zipw_open(p, 1, &z, &e), 0);
	snprintf(tmp, sizeof tmp, "%s.tmp", p);
	assert_true(exists(tmp));
	assert_false(exists(p));
	assert_int_equal(zipw_begin(z, "empty", NULL, 0, &e), 0);
	assert_int_equal(zipw_begin(z, "dir/small.txt", NULL, 0, &e), 0);
	assert_int_equal(zipw_write(z, "hello, ", 7, &e), 0);
	assert_int_equal(zipw_write(z, "world", 5, &e), 0);
	/* a head rewritten after the body */
	assert_int_equal(zipw_begin(z, "head.xml", "<h w=\"??\">", 10, &e), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(zipw_write(z, big, 1000, &e), 0);
	assert_int_equal(zipw_rehead(z, "<h w=\"42\">", &e), 0);
	/* a head alone */
	assert_int_equal(zipw_begin(z, "only-head", "xxxx", 4, &e), 0);
	assert_int_equal(zipw_rehead(z, "yyyy", &e), 0);
	/* several chunks, written in odd pieces */
	assert_int_equal(zipw_begin(z, "名字/big.txt", NULL, 0, &e), 0);
	for (i = 0; i < 3 * ZIPW_CHUNK + 12345; i += 77777) {
		size_t k = 3 * ZIPW_CHUNK + 12345 - i;
		assert_int_equal(
		    zipw_write(z, big + i, k < 77777 ? k : 77777, &e), 0);
	}
	assert_int_equal(zipw_close(z, &e), 0);
	assert_true(exists(p));
	assert_false(exists(tmp));

	za = zip_open(p, ZIP_CHECKCONS | ZIP_RDONLY, &err);
	assert_non_null(za);
	assert_int_equal(zip_get_num_entries(za, 0), 5);
	assert_string_equal(zip_get_name(za, 0, 0), "empty");
	assert_string_equal(zip_get_name(za, 4, 0), "名字/big.txt");
	got = read_entry(za, "empty", &n);
	assert_int_equal(n, 0);
	free(got);
	got = read_entry(za, "dir/small.txt", &n);
	assert_string_equal(got, "hello, world");
	free(got);
	got = read_entry(za, "head.xml", &n);
	assert_int_equal(n, 3010);
	assert_memory_equal(got, "<h w=\"42\">", 10);
	assert_memory_equal(got + 10, big, 1000);
	assert_memory_equal(got + 2010, big, 1000);
	free(got);
	got = read_entry(za, "only-head", &n);
	assert_string_equal(got, "yyyy");
	free(got);
	got = read_entry(za, "名字/big.txt", &n);
	assert_int_equal(n, 3 * ZIPW_CHUNK + 12345);
	assert_memory_equal(got, big, n);
	free(got);
	zip_close(za);
	if (system("command -v unzip >/dev/null") == 0) {
		char cmd[700];
		snprintf(cmd, sizeof cmd, "unzip -tq '%s' >/dev/null", p);
		assert_int_equal(system(cmd), 0);
	}
	free(big);
}

/* More entries than the end record counts: the ZIP64 end records. */
static void test_zip64_count(void **state)
{
	const char *p = fixture("many.zip");
	struct zipw *z = NULL;
	char name[32], *got;
	zip_t *za;
	size_t i, n;
	int err = 0;

	(void)state;
	assert_int_equal(zipw_open(p, 0, &z, NULL), 0);
	for (i = 0; i < 70000; i++) {
		snprintf(name, sizeof name, "e%zu", i);
		assert_int_equal(zipw_begin(z, name, NULL, 0, NULL), 0);
		assert_int_equal(zipw_write(z, name, strlen(name), NULL), 0);
	}
	assert_int_equal(zipw_close(z, NULL), 0);
	za = zip_open(p, ZIP_CHECKCONS | ZIP_RDONLY, &err);
	assert_non_null(za);
	assert_int_equal(zip_get_num_entries(za, 0), 70000);
	got = read_entry(za, "e69999", &n);
	assert_string_equal(got, "e69999");
	free(got);
	zip_close(za);
}

/* Sizes and offsets in ZIP64 fields (the threshold lowered to 1000):
 * 8-byte data descriptors, ZIP64 extra fields, the ZIP64 end records. */
static void test_zip64_sizes(void **state)
{
	const char *p = fixture("big64.zip");
	char *big = sample(5000), *got, cmd[700];
	struct zipw *z = NULL;
	zip_t *za;
	size_t n;
	int err = 0;

	(void)state;
	zip64_at = 1000;
	assert_int_equal(zipw_open(p, 0, &z, NULL), 0);
	assert_int_equal(zipw_begin(z, "large", NULL, 0, NULL), 0);
	assert_int_equal(zipw_write(z, big, 5000, NULL), 0);
	/* small, but at an offset past the threshold */
	assert_int_equal(zipw_begin(z, "small", "h", 1, NULL), 0);
	assert_int_equal(zipw_write(z, "ello", 4, NULL), 0);
	assert_int_equal(zipw_close(z, NULL), 0);
	zip64_at = 0xFFFFFFFFu;
	za = zip_open(p, ZIP_CHECKCONS | ZIP_RDONLY, &err);
	assert_non_null(za);
	got = read_entry(za, "large", &n);
	assert_int_equal(n, 5000);
	assert_memory_equal(got, big, 5000);
	free(got);
	got = read_entry(za, "small", &n);
	assert_string_equal(got, "hello");
	free(got);
	zip_close(za);
	if (system("command -v unzip >/dev/null") == 0) {
		snprintf(cmd, sizeof cmd, "unzip -tq '%s' >/dev/null", p);
		assert_int_equal(system(cmd), 0);
	}
	/* the ZIP64 end record and locator are there */
	{
		FILE *fp = fopen(p, "rb");
		char raw[8192];
		size_t k, len;
		int rec = 0, loc = 0;
		assert_non_null(fp);
		len = fread(raw, 1, sizeof raw, fp);
		fclose(fp);
		for (k = 0; k + 4 <= len; k++) {
			rec |= memcmp(raw + k, "PK\x06\x06", 4) == 0;
			loc |= memcmp(raw + k, "PK\x06\x07", 4) == 0;
		}
		assert_true(rec && loc);
	}
	free(big);
}

static void test_errors(void **state)
{
	struct zipw *z = NULL;
	struct lk_err e = {0};
	char tmp[600], longname[ZIPW_NAME_MAX + 2];
	const char *p;

	(void)state;
	/* a directory that does not exist: nothing made */
	p = fixture("nodir/x.zip");
	assert_int_equal(zipw_open(p, 1, &z, &e), LK_EIO);
	assert_null(z);
	assert_non_null(strstr(e.msg, "nodir/x.zip.tmp"));

	/* bytes without an entry; a name too long; then only close */
	p = fixture("bad.zip");
	snprintf(tmp, sizeof tmp, "%s.tmp", p);
	assert_int_equal(zipw_open(p, 1, &z, &e), 0);
	assert_int_equal(zipw_write(z, "x", 1, &e), LK_EINTERNAL);
	assert_int_equal(zipw_close(z, &e), LK_EINTERNAL);
	assert_false(exists(p));
	assert_false(exists(tmp));
	assert_int_equal(zipw_open(p, 1, &z, &e), 0);
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	assert_int_equal(zipw_begin(z, longname, NULL, 0, &e), LK_ETOOBIG);
	assert_int_equal(zipw_begin(z, "ok", NULL, 0, &e), LK_ETOOBIG);
	zipw_close(z, NULL);
	assert_false(exists(tmp));

	/* abort leaves nothing */
	assert_int_equal(zipw_open(p, 1, &z, &e), 0);
	assert_int_equal(zipw_begin(z, "a", "hh", 2, &e), 0);
	assert_int_equal(zipw_write(z, "abc", 3, &e), 0);
	zipw_abort(z);
	zipw_abort(NULL);
	assert_int_equal(zipw_close(NULL, &e), 0);
	assert_false(exists(p));
	assert_false(exists(tmp));
}

/* A write that fails in the thread (the file size limit) is reported to
 * the caller, and the file is removed. */
static void test_write_error(void **state)
{
	const char *p = fixture("full.zip");
	char tmp[600], *junk = malloc(ZIPW_CHUNK);
	struct rlimit old, lim;
	struct zipw *z = NULL;
	struct lk_err e = {0};
	size_t i;
	int rc = 0;
	uint32_t r = 7;

	(void)state;
	assert_non_null(junk);
	for (i = 0; i < ZIPW_CHUNK; i++) { /* does not deflate */
		r = r * 1103515245u + 12345u;
		junk[i] = (char)(r >> 16);
	}
	snprintf(tmp, sizeof tmp, "%s.tmp", p);
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 256 * 1024;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	assert_int_equal(zipw_open(p, 1, &z, &e), 0);
	assert_int_equal(zipw_begin(z, "junk", NULL, 0, &e), 0);
	for (i = 0; i < 16 && !rc; i++)
		rc = zipw_write(z, junk, ZIPW_CHUNK, &e);
	if (!rc)
		rc = zipw_close(z, &e);
	else
		assert_int_equal(zipw_close(z, NULL), LK_EIO);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	assert_int_equal(rc, LK_EIO);
	assert_non_null(strstr(e.msg, "full.zip.tmp"));
	assert_false(exists(p));
	assert_false(exists(tmp));
	free(junk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_entries),
	    cmocka_unit_test(test_zip64_count),
	    cmocka_unit_test(test_zip64_sizes),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
