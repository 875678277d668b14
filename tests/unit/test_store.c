/*
 * test_store.c - unit tests of the store module (db.h, db_int.h): open
 * modes, statements and the statement cache, binding of every type,
 * transactions, error mapping, migrations.  Each test works in its own
 * temporary directory, removed afterwards.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/err.h"
#include "core/resource.h"
#include "store/db.h"
#include "store/db_int.h"

struct fx {
	char dir[256];
	char path[300];
	struct db *db;
	struct db *db2; /* a second connection, closed by the teardown */
	struct lk_err err;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	const char *tmp = getenv("TMPDIR");

	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "%s/lk_store_XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	DIR *d;
	struct dirent *de;
	char p[600];

	db_close(f->db2);
	db_close(f->db);
	d = opendir(f->dir);
	if (d) {
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") ||
			    !strcmp(de->d_name, ".."))
				continue;
			snprintf(p, sizeof p, "%s/%s", f->dir, de->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Opens f->path with DB_CREATE into f->db, or fails the test. */
static struct db *fx_open(struct fx *f)
{
	int rc = db_open(f->path, DB_CREATE, &f->db, &f->err);

	if (rc)
		fail_msg("db_open: %d %s", rc, f->err.msg);
	return f->db;
}

static void must(int rc, struct lk_err *e)
{
	if (rc < 0)
		fail_msg("unexpected error %d: %s", rc, e->msg);
}

/* First column of the first row of sql as an integer. */
static int64_t query_int(struct db *db, const char *sql)
{
	struct db_stmt *st = NULL;
	struct lk_err e;
	int64_t v;

	must(db_prepare(db, sql, &st, &e), &e);
	assert_int_equal(db_step(st, &e), DB_ROW);
	v = db_col_int64(st, 0);
	db_done(st);
	return v;
}

/* First column of the first row of sql as text, copied to out. */
static void query_text(struct db *db, const char *sql, char *out, size_t n)
{
	struct db_stmt *st = NULL;
	struct lk_err e;
	const char *s;

	must(db_prepare(db, sql, &st, &e), &e);
	assert_int_equal(db_step(st, &e), DB_ROW);
	s = db_col_text(st, 0);
	snprintf(out, n, "%s", s ? s : "(null)");
	db_done(st);
}

static int file_exists(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0;
}

static void write_file(const char *p, const void *data, size_t len)
{
	FILE *fp = fopen(p, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("\"%s\" does not contain \"%s\"", hay, needle);
}

/* ---- open ------------------------------------------------------------- */

static void test_open_missing_no_create(void **state)
{
	struct fx *f = *state;
	struct db *db = NULL;
	int rc;

	rc = db_open(f->path, 0, &db, &f->err);
	assert_int_equal(rc, LK_ENOTFOUND);
	assert_null(db);
	assert_contains(f->err.msg, "cannot open ");
	assert_contains(f->err.msg, f->path);
	assert_false(file_exists(f->path));

	rc = db_open(f->path, DB_READONLY, &db, &f->err);
	assert_int_equal(rc, LK_ENOTFOUND);
	assert_false(file_exists(f->path));
}

static void test_open_create(void **state)
{
	struct fx *f = *state;
	char s[64];

	fx_open(f);
	assert_true(file_exists(f->path));
	assert_string_equal(db_driver(), "sqlite");
	assert_non_null(db_driver_version());
	assert_int_equal(db_tx_depth(f->db), 0);
	assert_int_equal(query_int(f->db, "PRAGMA application_id"), DB__APP_ID);
	db_close(f->db);
	f->db = NULL;

	/* Reopens without DB_CREATE. */
	must(db_open(f->path, 0, &f->db, &f->err), &f->err);
	query_text(f->db, "PRAGMA journal_mode", s, sizeof s);
	assert_string_equal(s, "wal");
}

static void test_open_pragmas(void **state)
{
	struct fx *f = *state;
	char s[64];

	fx_open(f);
	query_text(f->db, "PRAGMA journal_mode", s, sizeof s);
	assert_string_equal(s, "wal");
	assert_int_equal(query_int(f->db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(query_int(f->db, "PRAGMA synchronous"), 1);
	assert_int_equal(query_int(f->db, "PRAGMA busy_timeout"), DB__BUSY_MS);
}

/* DB_SCAN maps the file; the other connections read through the page
 * cache only (mapped pages would count in a bulk job's resident size). */
static void test_open_scan(void **state)
{
	struct fx *f = *state;
	struct db *db = NULL;

	fx_open(f);
	assert_int_equal(query_int(f->db, "PRAGMA mmap_size"), 0);
	must(db_exec(f->db, "CREATE TABLE t(x INTEGER) STRICT; "
			    "INSERT INTO t VALUES (41), (1)", &f->err),
	     &f->err);
	must(db_open(f->path, DB_SCAN, &db, &f->err), &f->err);
	assert_int_equal(query_int(db, "PRAGMA mmap_size"),
			 atoll(DB__MMAP_SCAN));
	assert_int_equal(query_int(db, "SELECT sum(x) FROM t"), 42);
	db_close(db);
	must(db_open(f->path, DB_SCAN | DB_READONLY, &db, &f->err), &f->err);
	assert_int_equal(query_int(db, "SELECT sum(x) FROM t"), 42);
	db_close(db);
}

static void test_open_bad_flags(void **state)
{
	struct fx *f = *state;
	struct db *db = NULL;

	assert_int_equal(
	    db_open(f->path, DB_CREATE | DB_READONLY, &db, &f->err), LK_EINVAL);
	assert_null(db);
	assert_false(file_exists(f->path));
}

static void test_open_not_a_db(void **state)
{
	struct fx *f = *state;
	struct db *db = NULL;
	char text[8192], want[400];
	size_t i;

	for (i = 0; i + 1 < sizeof text; i++)
		text[i] = "this is not a ledger\n"[i % 21];
	write_file(f->path, text, sizeof text - 1);
	snprintf(want, sizeof want, "%s is not a lika ledger", f->path);

	assert_int_equal(db_open(f->path, 0, &db, &f->err), LK_ECORRUPT);
	assert_string_equal(f->err.msg, want);
	assert_null(db);
	assert_int_equal(db_open(f->path, DB_CREATE, &db, &f->err),
			 LK_ECORRUPT);
	assert_string_equal(f->err.msg, want);
	assert_int_equal(db_open(f->path, DB_READONLY, &db, &f->err),
			 LK_ECORRUPT);
	assert_string_equal(f->err.msg, want);

	/* A short file too. */
	write_file(f->path, "hello\n", 6);
	assert_int_equal(db_open(f->path, 0, &db, &f->err), LK_ECORRUPT);
	assert_string_equal(f->err.msg, want);
	assert_null(db);
}

static void test_open_foreign_sqlite(void **state)
{
	struct fx *f = *state;
	struct db *db = NULL;

	fx_open(f);
	must(db_exec(f->db, "PRAGMA application_id = 42", &f->err), &f->err);
	db_close(f->db);
	f->db = NULL;
	assert_int_equal(db_open(f->path, 0, &db, &f->err), LK_ECORRUPT);
	assert_contains(f->err.msg, "is not a lika ledger");
	assert_null(db);
}

static void test_open_cantopen_create(void **state)
{
	struct fx *f = *state;
	struct db *db = NULL;
	char p[400];

	snprintf(p, sizeof p, "%s/no/such/dir/x.db", f->dir);
	assert_int_equal(db_open(p, DB_CREATE, &db, &f->err), LK_EIO);
	assert_contains(f->err.msg, "cannot open ");
	assert_contains(f->err.msg, "unable to open database file");
	/* A directory is not a ledger file either. */
	assert_true(db_open(f->dir, 0, &db, &f->err) < 0);
	assert_null(db);
}

static void test_open_memory(void **state)
{
	struct fx *f = *state;

	must(db_open(":memory:", DB_CREATE, &f->db, &f->err), &f->err);
	must(db_exec(f->db, "CREATE TABLE t(x INTEGER) STRICT", &f->err),
	     &f->err);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM t"), 0);
}

static void test_open_pgsql_not_built(void **state)
{
	struct fx *f = *state;
	struct db *db = NULL;

	assert_int_equal(
	    db_open("postgresql://localhost/lika", 0, &db, &f->err),
	    LK_ENOTSUP);
	assert_null(db);
	assert_contains(f->err.msg, "postgresql://localhost/lika");
}

static void test_readonly(void **state)
{
	struct fx *f = *state;
	struct db *ro;
	struct db_stmt *st = NULL;
	struct lk_err e;

	fx_open(f);
	must(db_exec(f->db,
		     "CREATE TABLE t(x INTEGER) STRICT;"
		     "INSERT INTO t VALUES (1), (2)",
		     &f->err),
	     &f->err);

	must(db_open(f->path, DB_READONLY, &f->db2, &e), &e);
	ro = f->db2;
	assert_int_equal(query_int(ro, "SELECT sum(x) FROM t"), 3);
	assert_int_equal(db_exec(ro, "INSERT INTO t VALUES (3)", &e), LK_EPERM);
	assert_contains(e.msg, "cannot execute \"INSERT INTO t VALUES (3)\"");
	must(db_prepare(ro, "DELETE FROM t", &st, &e), &e);
	assert_int_equal(db_step(st, &e), LK_EPERM);
	db_done(st);

	/* A read transaction is a snapshot: the writer's commit is not
	 * seen until it ends. */
	must(db_begin(ro, &e), &e);
	assert_int_equal(query_int(ro, "SELECT count(*) FROM t"), 2);
	must(db_exec(f->db, "INSERT INTO t VALUES (3)", &f->err), &f->err);
	assert_int_equal(query_int(ro, "SELECT count(*) FROM t"), 2);
	must(db_commit(ro, &e), &e);
	assert_int_equal(query_int(ro, "SELECT count(*) FROM t"), 3);
}

/* ---- exec, prepare ---------------------------------------------------- */

static void test_exec(void **state)
{
	struct fx *f = *state;
	int rc;

	fx_open(f);
	must(db_exec(f->db,
		     "CREATE TABLE t(x INTEGER) STRICT;\n"
		     "INSERT INTO t VALUES (1);\n"
		     "-- a comment\n"
		     "SELECT * FROM t;  INSERT INTO t VALUES (2); -- end",
		     &f->err),
	     &f->err);
	assert_int_equal(query_int(f->db, "SELECT sum(x) FROM t"), 3);
	must(db_exec(f->db, "", &f->err), &f->err);
	must(db_exec(f->db, "  -- nothing\n", &f->err), &f->err);

	rc = db_exec(f->db,
		     "INSERT INTO t VALUES (10);\n"
		     "INSERT INTO t VALUES (20);\n"
		     "INSERT INTO nosuch VALUES (30);\n"
		     "INSERT INTO t VALUES (40);",
		     &f->err);
	assert_int_equal(rc, LK_EINTERNAL);
	assert_int_equal(f->err.code, LK_EINTERNAL);
	assert_contains(f->err.msg, "cannot execute \"");
	assert_contains(f->err.msg, "(line 3)");
	assert_contains(f->err.msg, "no such table: nosuch");
	/* Statements before the failing one took effect, later ones not. */
	assert_int_equal(query_int(f->db, "SELECT sum(x) FROM t"), 33);

	rc = db_exec(f->db, "SELEC 1", &f->err);
	assert_int_equal(rc, LK_EINTERNAL);
	assert_contains(f->err.msg, "syntax error");
}

static void test_prepare_errors(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st = NULL;
	int rc;

	fx_open(f);
	rc = db_prepare(f->db, "SELECT * FROM nosuch", &st, &f->err);
	assert_int_equal(rc, LK_EINTERNAL);
	assert_null(st);
	assert_string_equal(f->err.msg, "cannot prepare \"SELECT * FROM "
					"nosuch\": no such table: nosuch");

	assert_int_equal(db_prepare(f->db, "SELECT 1; SELECT 2", &st, &f->err),
			 LK_EINTERNAL);
	assert_contains(f->err.msg, "more than one statement");
	assert_null(st);
	assert_int_equal(db_prepare(f->db, "  ", &st, &f->err), LK_EINTERNAL);
	assert_contains(f->err.msg, "empty statement");
	assert_null(st);

	/* Trailing comments and semicolons are fine. */
	must(db_prepare(f->db, "SELECT 1; -- one", &st, &f->err), &f->err);
	assert_int_equal(db_step(st, &f->err), DB_ROW);
	assert_int_equal(db_col_int64(st, 0), 1);
	assert_int_equal(db_step(st, &f->err), DB_DONE);
	db_done(st);
	db_done(NULL);
}

static void test_snip(void **state)
{
	char out[DB__SNIP_MAX];
	char small[8];

	(void)state;
	db__snip("  SELECT\n\t a,\n   b  FROM t  ", out, sizeof out);
	assert_string_equal(out, "SELECT a, b FROM t");
	db__snip("", out, sizeof out);
	assert_string_equal(out, "");
	db__snip("abcdefghijkl", small, sizeof small);
	assert_string_equal(small, "abcd...");
	db__snip("abcdefgh", small, sizeof small);
	assert_string_equal(small, "abcd...");
	db__snip("abcdefg", small, sizeof small);
	assert_string_equal(small, "abcdefg");
	db__snip("abcdef g", small, sizeof small);
	assert_string_equal(small, "abcd...");
	db__snip("abc", small, sizeof small);
	assert_string_equal(small, "abc");
}

/* ---- binding ---------------------------------------------------------- */

static void test_bind_all_types(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st = NULL;
	const char *utf8 = "张三 Ünïcødé ✓ 𝄞"; /* 1-4 byte sequences */
	char copy[64];
	const unsigned char blob[] = {0, 1, 2, 0, 255, 0};
	int i;

	fx_open(f);
	must(db_exec(f->db,
		     "CREATE TABLE t(id INTEGER PRIMARY KEY, i INTEGER,"
		     " r REAL, s TEXT, b BLOB, n ANY) STRICT",
		     &f->err),
	     &f->err);
	must(db_prepare(f->db,
			"INSERT INTO t(i, r, s, b, n) VALUES (?, ?, ?, ?, ?)",
			&st, &f->err),
	     &f->err);

	/* Row 1: extremes and UTF-8; text is copied at bind time. */
	snprintf(copy, sizeof copy, "%s", utf8);
	assert_int_equal(db_bind_int64(st, 1, INT64_MAX), 0);
	assert_int_equal(db_bind_double(st, 2, -1.5e300), 0);
	assert_int_equal(db_bind_text(st, 3, copy, -1), 0);
	assert_int_equal(db_bind_blob(st, 4, blob, sizeof blob), 0);
	assert_int_equal(db_bind_null(st, 5), 0);
	memset(copy, 'x', sizeof copy - 1);
	assert_int_equal(db_step(st, &f->err), DB_DONE);
	assert_int_equal(db_last_insert_id(f->db), 1);
	assert_int_equal(db_changes(f->db), 1);

	/* Row 2: the same statement rebound; NULLs through NULL pointers,
	 * explicit text length, empty blob. */
	db_reset(st);
	assert_int_equal(db_bind_int64(st, 1, INT64_MIN), 0);
	assert_int_equal(db_bind_double(st, 2, 0.25), 0);
	assert_int_equal(db_bind_text(st, 3, "abcdef", 3), 0);
	assert_int_equal(db_bind_blob(st, 4, blob, 0), 0);
	assert_int_equal(db_bind_text(st, 5, NULL, -1), 0);
	assert_int_equal(db_step(st, &f->err), DB_DONE);

	/* Row 3: every column NULL (after db_done bindings are cleared). */
	db_done(st);
	must(db_prepare(f->db,
			"INSERT INTO t(i, r, s, b, n) VALUES (?, ?, ?, ?, ?)",
			&st, &f->err),
	     &f->err);
	assert_int_equal(db_bind_blob(st, 4, NULL, 10), 0);
	assert_int_equal(db_step(st, &f->err), DB_DONE);
	assert_int_equal(db_last_insert_id(f->db), 3);
	db_done(st);

	must(db_prepare(f->db, "SELECT i, r, s, b, n FROM t ORDER BY id", &st,
			&f->err),
	     &f->err);
	assert_int_equal(db_col_count(st), 5);
	assert_string_equal(db_col_name(st, 0), "i");
	assert_string_equal(db_col_name(st, 4), "n");

	assert_int_equal(db_step(st, &f->err), DB_ROW);
	assert_true(db_col_int64(st, 0) == INT64_MAX);
	assert_true(db_col_double(st, 1) == -1.5e300);
	assert_string_equal(db_col_text(st, 2), utf8);
	assert_int_equal(db_col_bytes(st, 2), (int)strlen(utf8));
	assert_int_equal(db_col_bytes(st, 3), (int)sizeof blob);
	assert_memory_equal(db_col_blob(st, 3), blob, sizeof blob);
	assert_true(db_col_is_null(st, 4));
	assert_false(db_col_is_null(st, 0));
	assert_null(db_col_text(st, 4));

	assert_int_equal(db_step(st, &f->err), DB_ROW);
	assert_true(db_col_int64(st, 0) == INT64_MIN);
	assert_true(db_col_double(st, 1) == 0.25);
	assert_string_equal(db_col_text(st, 2), "abc");
	assert_false(db_col_is_null(st, 3));
	assert_int_equal(db_col_bytes(st, 3), 0);
	assert_true(db_col_is_null(st, 4));

	assert_int_equal(db_step(st, &f->err), DB_ROW);
	for (i = 0; i < 5; i++)
		assert_true(db_col_is_null(st, i));
	assert_int_equal(db_col_int64(st, 0), 0);
	assert_null(db_col_text(st, 2));
	assert_null(db_col_blob(st, 3));
	assert_int_equal(db_step(st, &f->err), DB_DONE);
	db_done(st);
}

static void test_bind_error_reported_by_step(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st = NULL;

	fx_open(f);
	must(db_prepare(f->db, "SELECT ? + ?", &st, &f->err), &f->err);
	assert_int_equal(db_bind_int64(st, 1, 1), 0);
	assert_int_equal(db_bind_int64(st, 3, 1), LK_EINTERNAL);
	assert_int_equal(db_bind_int64(st, 0, 1), LK_EINTERNAL);
	assert_int_equal(db_step(st, &f->err), LK_EINTERNAL);
	assert_contains(f->err.msg, "cannot bind parameter 3 of \"SELECT ? "
				    "+ ?\"");
	/* A reset forgets it. */
	db_reset(st);
	assert_int_equal(db_bind_int64(st, 2, 41), 0);
	assert_int_equal(db_step(st, &f->err), DB_ROW);
	assert_int_equal(db_col_int64(st, 0), 42);
	db_done(st);
}

/* ---- statement cache -------------------------------------------------- */

static void test_cache_reuse(void **state)
{
	struct fx *f = *state;
	struct db_stmt *a = NULL, *b = NULL, *c = NULL;
	struct db_cache_stats cs;
	const char *sql = "SELECT value FROM json_each('[1,2,3]')";

	fx_open(f);
	must(db_prepare(f->db, sql, &a, &f->err), &f->err);
	assert_int_equal(db_step(a, &f->err), DB_ROW);
	db_done(a);
	must(db_prepare(f->db, sql, &b, &f->err), &f->err);
	assert_ptr_equal(a, b);
	/* Handed back reset: starts from the first row again. */
	assert_int_equal(db_step(b, &f->err), DB_ROW);
	assert_int_equal(db_col_int64(b, 0), 1);

	/* A second user of the same text while b is busy. */
	must(db_prepare(f->db, sql, &c, &f->err), &f->err);
	assert_ptr_not_equal(b, c);
	assert_int_equal(db_step(c, &f->err), DB_ROW);
	assert_int_equal(db_col_int64(c, 0), 1);
	assert_int_equal(db_step(b, &f->err), DB_ROW);
	assert_int_equal(db_col_int64(b, 0), 2);
	assert_int_equal(db_step(c, &f->err), DB_ROW);
	assert_int_equal(db_col_int64(c, 0), 2);
	db__cache_stats(f->db, &cs);
	assert_int_equal(cs.busy, 2);
	assert_int_equal(cs.idle, 0);
	assert_int_equal(cs.prepared, 2);
	assert_int_equal(cs.hits, 1);

	db_done(b);
	db_done(c);
	db__cache_stats(f->db, &cs);
	assert_int_equal(cs.busy, 0);
	assert_int_equal(cs.idle, 2);
	/* The most recently returned comes back first. */
	must(db_prepare(f->db, sql, &a, &f->err), &f->err);
	assert_ptr_equal(a, c);
	db__check(f->db);
	db_done(a);

	/* Texts differing in one byte are different keys. */
	must(db_prepare(f->db, "SELECT 1", &a, &f->err), &f->err);
	must(db_prepare(f->db, "SELECT 2", &b, &f->err), &f->err);
	assert_ptr_not_equal(a, b);
	assert_int_equal(db_step(b, &f->err), DB_ROW);
	assert_int_equal(db_col_int64(b, 0), 2);
	db_done(a);
	db_done(b);
	db__check(f->db);
}

static void test_cache_eviction(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st = NULL, *hot = NULL, *held = NULL;
	struct db_cache_stats cs;
	char sql[64];
	int i, n = DB__CACHE_MAX + 72;

	fx_open(f);
	db__cache_stats(f->db, &cs);
	assert_int_equal(cs.max_idle, DB__CACHE_MAX);

	must(db_prepare(f->db, "SELECT 'held'", &held, &f->err), &f->err);
	for (i = 0; i < n; i++) {
		/* A hot statement used between every other one stays. */
		must(db_prepare(f->db, "SELECT 'hot'", &hot, &f->err), &f->err);
		db_done(hot);
		snprintf(sql, sizeof sql, "SELECT %d", i);
		must(db_prepare(f->db, sql, &st, &f->err), &f->err);
		assert_int_equal(db_step(st, &f->err), DB_ROW);
		assert_int_equal(db_col_int64(st, 0), i);
		db_done(st);
	}
	db__check(f->db);
	db__cache_stats(f->db, &cs);
	assert_int_equal(cs.idle, DB__CACHE_MAX);
	assert_int_equal(cs.busy, 1);
	assert_int_equal(cs.prepared, (uint64_t)n + 2);
	assert_int_equal(cs.evicted, (uint64_t)n + 1 - DB__CACHE_MAX);
	assert_int_equal(cs.hits, (uint64_t)n - 1);

	/* hot and the most recent ones are cached, the oldest are not;
	 * a busy statement is never evicted. */
	must(db_prepare(f->db, "SELECT 'hot'", &st, &f->err), &f->err);
	db_done(st);
	snprintf(sql, sizeof sql, "SELECT %d", n - 1);
	must(db_prepare(f->db, sql, &st, &f->err), &f->err);
	db_done(st);
	db__cache_stats(f->db, &cs);
	assert_int_equal(cs.prepared, (uint64_t)n + 2);
	must(db_prepare(f->db, "SELECT 0", &st, &f->err), &f->err);
	db_done(st);
	db__cache_stats(f->db, &cs);
	assert_int_equal(cs.prepared, (uint64_t)n + 3);
	assert_int_equal(db_step(held, &f->err), DB_ROW);
	assert_string_equal(db_col_text(held, 0), "held");

	/* Lowering the bound evicts at once. */
	db__cache_set_max(f->db, 3);
	db__cache_stats(f->db, &cs);
	assert_int_equal(cs.idle, 3);
	db__check(f->db);
	/* held is still out when the connection closes: no leak. */
}

/* ---- transactions ----------------------------------------------------- */

static void insert_x(struct db *db, int64_t x)
{
	struct db_stmt *st = NULL;
	struct lk_err e;

	must(db_prepare(db, "INSERT INTO t(x) VALUES (?)", &st, &e), &e);
	db_bind_int64(st, 1, x);
	assert_int_equal(db_step(st, &e), DB_DONE);
	db_done(st);
}

static void test_tx_nested(void **state)
{
	struct fx *f = *state;

	fx_open(f);
	must(db_exec(f->db, "CREATE TABLE t(x INTEGER UNIQUE) STRICT", &f->err),
	     &f->err);
	must(db_begin(f->db, &f->err), &f->err);
	assert_int_equal(db_tx_depth(f->db), 1);
	insert_x(f->db, 1);

	must(db_begin(f->db, &f->err), &f->err);
	assert_int_equal(db_tx_depth(f->db), 2);
	insert_x(f->db, 2);
	must(db_begin(f->db, &f->err), &f->err);
	insert_x(f->db, 20);
	must(db_commit(f->db, &f->err), &f->err); /* releases 20 into 2 */
	assert_int_equal(db_tx_depth(f->db), 2);
	db_rollback(f->db); /* drops 2 and 20, keeps 1 */
	assert_int_equal(db_tx_depth(f->db), 1);
	assert_int_equal(query_int(f->db, "SELECT sum(x) FROM t"), 1);

	must(db_begin(f->db, &f->err), &f->err);
	insert_x(f->db, 3);
	must(db_commit(f->db, &f->err), &f->err);
	must(db_commit(f->db, &f->err), &f->err);
	assert_int_equal(db_tx_depth(f->db), 0);
	assert_int_equal(query_int(f->db, "SELECT sum(x) FROM t"), 4);

	/* Committed work survives reopening. */
	db_close(f->db);
	f->db = NULL;
	fx_open(f);
	assert_int_equal(query_int(f->db, "SELECT sum(x) FROM t"), 4);
}

/* A read transaction on a writable connection: one snapshot; a write
 * inside it after another connection's commit is LK_EBUSY. */
static void test_tx_read(void **state)
{
	struct fx *f = *state;
	struct db *w;
	struct lk_err e;

	fx_open(f);
	must(db_exec(f->db, "CREATE TABLE t(x INTEGER) STRICT;"
			    "INSERT INTO t VALUES (1)",
		     &f->err),
	     &f->err);
	must(db_open(f->path, 0, &f->db2, &e), &e);
	w = f->db2;
	must(db_begin_read(f->db, &f->err), &f->err);
	assert_int_equal(db_tx_depth(f->db), 1);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM t"), 1);
	/* another connection writes meanwhile: not seen, and not blocked */
	must(db_exec(w, "INSERT INTO t VALUES (2)", &e), &e);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM t"), 1);
	/* a nested level is a savepoint of the same snapshot */
	must(db_begin_read(f->db, &f->err), &f->err);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM t"), 1);
	must(db_commit(f->db, &f->err), &f->err);
	assert_int_equal(db_exec(f->db, "INSERT INTO t VALUES (3)", &f->err),
			 LK_EBUSY);
	must(db_commit(f->db, &f->err), &f->err);
	assert_int_equal(db_tx_depth(f->db), 0);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM t"), 2);
	/* a read transaction before any write may write */
	must(db_begin_read(f->db, &f->err), &f->err);
	must(db_exec(f->db, "INSERT INTO t VALUES (4)", &f->err), &f->err);
	must(db_commit(f->db, &f->err), &f->err);
	assert_int_equal(query_int(w, "SELECT count(*) FROM t"), 3);
}

static void test_tx_rollback_depth0(void **state)
{
	struct fx *f = *state;

	fx_open(f);
	must(db_exec(f->db, "CREATE TABLE t(x INTEGER) STRICT", &f->err),
	     &f->err);
	must(db_begin(f->db, &f->err), &f->err);
	insert_x(f->db, 1);
	must(db_begin(f->db, &f->err), &f->err);
	insert_x(f->db, 2);
	db_rollback(f->db);
	db_rollback(f->db);
	assert_int_equal(db_tx_depth(f->db), 0);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM t"), 0);

	/* No-ops and errors without a transaction. */
	db_rollback(f->db);
	db_rollback(NULL);
	assert_int_equal(db_tx_depth(f->db), 0);
	assert_int_equal(db_commit(f->db, &f->err), LK_EINTERNAL);
	assert_contains(f->err.msg, "no transaction is open");

	/* Closing with an open transaction rolls it back. */
	must(db_begin(f->db, &f->err), &f->err);
	insert_x(f->db, 3);
	db_close(f->db);
	f->db = NULL;
	fx_open(f);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM t"), 0);
}

static void test_tx_busy(void **state)
{
	struct fx *f = *state;
	struct db *other;
	struct lk_err e;

	fx_open(f);
	must(db_exec(f->db, "CREATE TABLE t(x INTEGER) STRICT", &f->err),
	     &f->err);
	must(db_open(f->path, 0, &f->db2, &e), &e);
	other = f->db2;
	db__busy_timeout(other, 20);

	must(db_begin(f->db, &f->err), &f->err);
	insert_x(f->db, 1);
	assert_int_equal(db_begin(other, &e), LK_EBUSY);
	assert_contains(e.msg, "cannot begin transaction on ");
	assert_int_equal(db_tx_depth(other), 0);
	assert_int_equal(db_exec(other, "INSERT INTO t VALUES (5)", &e),
			 LK_EBUSY);
	/* WAL: readers are not blocked by the writer. */
	assert_int_equal(query_int(other, "SELECT count(*) FROM t"), 0);
	must(db_commit(f->db, &f->err), &f->err);

	must(db_begin(other, &e), &e);
	insert_x(other, 2);
	must(db_commit(other, &e), &e);
	assert_int_equal(query_int(f->db, "SELECT sum(x) FROM t"), 3);
}

/* ---- error mapping ---------------------------------------------------- */

static int exec_rc(struct fx *f, const char *sql)
{
	return db_exec(f->db, sql, &f->err);
}

static void test_constraint_errors(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st = NULL;

	fx_open(f);
	must(exec_rc(f, "CREATE TABLE p(id INTEGER PRIMARY KEY,"
			" code TEXT NOT NULL UNIQUE,"
			" n INTEGER CHECK (n >= 0)) STRICT;"
			"CREATE TABLE c(id INTEGER PRIMARY KEY,"
			" p INTEGER NOT NULL REFERENCES p(id)) STRICT;"
			"CREATE TRIGGER p_lock BEFORE DELETE ON p"
			" WHEN old.code = 'locked'"
			" BEGIN SELECT RAISE(ABORT, 'year is locked'); END;"
			"INSERT INTO p VALUES (1, 'a', 0), (2, 'locked', 0)"),
	     &f->err);

	/* Unique and primary key violations through a statement. */
	must(db_prepare(f->db, "INSERT INTO p(id, code) VALUES (?, ?)", &st,
			&f->err),
	     &f->err);
	db_bind_int64(st, 1, 3);
	db_bind_text(st, 2, "a", -1);
	assert_int_equal(db_step(st, &f->err), LK_ECONFLICT);
	assert_int_equal(f->err.code, LK_ECONFLICT);
	assert_string_equal(f->err.msg,
			    "cannot execute \"INSERT INTO p(id, code) VALUES "
			    "(?, ?)\": UNIQUE constraint failed: p.code");
	db_done(st);
	assert_int_equal(exec_rc(f, "INSERT INTO p VALUES (1, 'z', 0)"),
			 LK_ECONFLICT);
	assert_contains(f->err.msg, "UNIQUE constraint failed: p.id");

	assert_int_equal(exec_rc(f, "INSERT INTO c VALUES (1, 99)"),
			 LK_ECONFLICT);
	assert_contains(f->err.msg, "FOREIGN KEY constraint failed");
	assert_int_equal(exec_rc(f, "DELETE FROM p WHERE code = 'locked'"),
			 LK_ECONFLICT);
	assert_contains(f->err.msg, "year is locked");

	assert_int_equal(exec_rc(f, "INSERT INTO p VALUES (5, 'b', -1)"),
			 LK_EINVAL);
	assert_contains(f->err.msg, "CHECK constraint failed");
	assert_int_equal(exec_rc(f, "INSERT INTO p VALUES (5, NULL, 1)"),
			 LK_EINVAL);
	assert_contains(f->err.msg, "NOT NULL constraint failed");
	assert_int_equal(exec_rc(f, "INSERT INTO p VALUES (5, 'b', 'x')"),
			 LK_EINVAL);
	assert_contains(f->err.msg, "cannot store TEXT value in INTEGER");

	/* Nothing of the failures was stored. */
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM p"), 2);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM c"), 0);
}

/* ---- migrations ------------------------------------------------------- */

#define RES(p, s)                                                              \
	{                                                                      \
		p, (const unsigned char *)(s), sizeof(s) - 1                   \
	}

static const struct lk_resource mig3[] = {
    /* Deliberately out of order: applied by version. */
    RES("schema/0002_b.sql", "ALTER TABLE a ADD COLUMN y TEXT;\n"
			     "CREATE TABLE b(z INTEGER) STRICT;"),
    RES("schema/0001_a.sql", "CREATE TABLE a(x INTEGER) STRICT;"),
    RES("schema/0003_c.sql", "INSERT INTO a(x, y) VALUES (1, 'one');"),
};

static void test_migrate_apply_and_rerun(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st = NULL;
	char at[64], at2[64];
	int v = -1;

	fx_open(f);
	must(db_schema_version(f->db, &v, &f->err), &f->err);
	assert_int_equal(v, 0);
	must(db__migrate_from(f->db, mig3, 2, &f->err), &f->err);
	must(db_schema_version(f->db, &v, &f->err), &f->err);
	assert_int_equal(v, 2);

	must(db_prepare(f->db,
			"SELECT version, name, applied_at FROM schema_version"
			" ORDER BY version",
			&st, &f->err),
	     &f->err);
	assert_int_equal(db_step(st, &f->err), DB_ROW);
	assert_int_equal(db_col_int64(st, 0), 1);
	assert_string_equal(db_col_text(st, 1), "a");
	/* UTC ISO 8601: 2024-05-01T12:34:56Z */
	assert_int_equal(strlen(db_col_text(st, 2)), 20);
	assert_int_equal(db_col_text(st, 2)[10], 'T');
	assert_int_equal(db_col_text(st, 2)[19], 'Z');
	assert_int_equal(db_step(st, &f->err), DB_ROW);
	assert_int_equal(db_col_int64(st, 0), 2);
	assert_string_equal(db_col_text(st, 1), "b");
	assert_int_equal(db_step(st, &f->err), DB_DONE);
	db_done(st);
	query_text(f->db, "SELECT group_concat(applied_at) FROM schema_version",
		   at, sizeof at);

	/* A re-run is a no-op (a re-applied ALTER TABLE would fail). */
	must(db__migrate_from(f->db, mig3, 2, &f->err), &f->err);
	assert_int_equal(
	    query_int(f->db, "SELECT count(*) FROM schema_version"), 2);
	query_text(f->db, "SELECT group_concat(applied_at) FROM schema_version",
		   at2, sizeof at2);
	assert_string_equal(at, at2);

	/* A new file is applied alone. */
	must(db__migrate_from(f->db, mig3, 3, &f->err), &f->err);
	must(db_schema_version(f->db, &v, &f->err), &f->err);
	assert_int_equal(v, 3);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM a"), 1);

	/* A read-only connection may migrate when nothing is pending. */
	db_close(f->db);
	f->db = NULL;
	must(db_open(f->path, DB_READONLY, &f->db, &f->err), &f->err);
	must(db__migrate_from(f->db, mig3, 3, &f->err), &f->err);
}

static void test_migrate_gap_applied(void **state)
{
	struct fx *f = *state;
	const struct lk_resource two[] = {
	    RES("schema/0001_a.sql", "CREATE TABLE a(x INTEGER) STRICT;"),
	    RES("schema/0003_c.sql", "CREATE TABLE c(x INTEGER) STRICT;"),
	};
	const struct lk_resource three[] = {
	    RES("schema/0001_a.sql", "CREATE TABLE a(x INTEGER) STRICT;"),
	    RES("schema/0002_b.sql", "CREATE TABLE b(x INTEGER) STRICT;"),
	    RES("schema/0003_c.sql", "CREATE TABLE c(x INTEGER) STRICT;"),
	};

	fx_open(f);
	must(db__migrate_from(f->db, two, 2, &f->err), &f->err);
	must(db__migrate_from(f->db, three, 3, &f->err), &f->err);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM sqlite_schema"
					  " WHERE name IN ('a', 'b', 'c')"),
			 3);
	assert_int_equal(
	    query_int(f->db, "SELECT count(*) FROM schema_version"), 3);
}

static void test_migrate_newer_refused(void **state)
{
	struct fx *f = *state;
	int v = 0;

	fx_open(f);
	must(db__migrate_from(f->db, mig3, 3, &f->err), &f->err);
	assert_int_equal(db__migrate_from(f->db, &mig3[1], 1, &f->err),
			 LK_ECONFLICT);
	assert_string_equal(f->err.msg,
			    "ledger schema version 3 is newer than this lika "
			    "(1)");
	assert_int_equal(db__migrate_from(f->db, NULL, 0, &f->err),
			 LK_ECONFLICT);
	assert_string_equal(f->err.msg,
			    "ledger schema version 3 is newer than this lika "
			    "(0)");
	must(db_schema_version(f->db, &v, &f->err), &f->err);
	assert_int_equal(v, 3);
}

static void test_migrate_failure_rolls_back(void **state)
{
	struct fx *f = *state;
	const struct lk_resource bad[] = {
	    RES("schema/0001_a.sql", "CREATE TABLE a(x INTEGER) STRICT;"),
	    RES("schema/0002_bad.sql", "CREATE TABLE b(x INTEGER) STRICT;\n"
				       "INSERT INTO a VALUES (1);\n"
				       "INSERT INTO nosuch VALUES (1);\n"),
	};
	int v = -1;

	fx_open(f);
	assert_int_equal(db__migrate_from(f->db, bad, 2, &f->err),
			 LK_EINTERNAL);
	assert_contains(f->err.msg, "cannot apply schema/0002_bad.sql: "
				    "cannot execute \"INSERT INTO nosuch");
	assert_contains(f->err.msg, "(line 3)");
	assert_int_equal(db_tx_depth(f->db), 0);
	/* 0001 stays, 0002 left nothing: no table b, no row, no insert. */
	must(db_schema_version(f->db, &v, &f->err), &f->err);
	assert_int_equal(v, 1);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM sqlite_schema"
					  " WHERE name = 'b'"),
			 0);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM a"), 0);

	/* A failing first migration records nothing, not even the table. */
	db_close(f->db);
	f->db = NULL;
	unlink(f->path);
	fx_open(f);
	assert_int_equal(db__migrate_from(f->db, &bad[1], 1, &f->err),
			 LK_EINTERNAL);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM sqlite_schema"),
			 0);
	must(db_schema_version(f->db, &v, &f->err), &f->err);
	assert_int_equal(v, 0);
}

static void test_migrate_bad_names(void **state)
{
	struct fx *f = *state;
	static const char *const names[] = {
	    "schema/01_a.sql",	  "schema/abcd_a.sql",	 "schema/0001a.sql",
	    "schema/0001_.sql",	  "schema/0000_a.sql",	 "schema/0001_A.sql",
	    "schema/0001_a.txt",  "schema/0001_a-b.sql", "other/0001_a.sql",
	    "schema/00001_a.sql", "schema/0001_a.sql.x", "schema/0001_a b.sql",
	};
	struct lk_resource r[2] = {
	    RES("schema/0001_ok.sql", "CREATE TABLE ok(x INTEGER) STRICT;"),
	    {NULL, (const unsigned char *)"", 0},
	};
	const struct lk_resource dup[] = {
	    RES("schema/0001_a.sql", ""),
	    RES("schema/0001_b.sql", ""),
	};
	const struct lk_resource nul[] = {
	    RES("schema/0001_a.sql", "CREATE TABLE a(x);\0DROP TABLE a;"),
	};
	size_t i;
	int v = -1;

	fx_open(f);
	for (i = 0; i < sizeof names / sizeof *names; i++) {
		r[1].path = names[i];
		assert_int_equal(db__migrate_from(f->db, r, 2, &f->err),
				 LK_EINVAL);
		assert_contains(f->err.msg, "malformed migration name ");
		assert_contains(f->err.msg, names[i]);
	}
	assert_int_equal(db__migrate_from(f->db, dup, 2, &f->err), LK_EINVAL);
	assert_contains(f->err.msg, "duplicate migration version 1");
	assert_int_equal(db__migrate_from(f->db, nul, 1, &f->err), LK_EINVAL);
	assert_contains(f->err.msg, "nul byte");
	/* Nothing was applied by any of them. */
	must(db_schema_version(f->db, &v, &f->err), &f->err);
	assert_int_equal(v, 0);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM sqlite_schema"),
			 0);
}

static void test_migrate_refusals(void **state)
{
	struct fx *f = *state;
	struct lk_err e;

	fx_open(f);
	must(db_begin(f->db, &f->err), &f->err);
	assert_int_equal(db__migrate_from(f->db, &mig3[1], 1, &f->err),
			 LK_EINTERNAL);
	assert_contains(f->err.msg, "a transaction is open");
	db_rollback(f->db);

	must(db_open(f->path, DB_READONLY, &f->db2, &e), &e);
	assert_int_equal(db__migrate_from(f->db2, &mig3[1], 1, &e), LK_EPERM);
	assert_contains(e.msg, "cannot apply schema/0001_a.sql");
}

/* The embedded schema (schema/NNNN_name.sql at build time) applies to a new
 * ledger, and a second run changes nothing. */
static void test_migrate_embedded(void **state)
{
	struct fx *f = *state;
	size_t n, first = lk_resource_prefix("schema/", &n);
	int v = -1, newest = 0;

	if (n)
		newest = atoi(lk_resources[first + n - 1].path + 7);
	fx_open(f);
	must(db_migrate(f->db, &f->err), &f->err);
	must(db_schema_version(f->db, &v, &f->err), &f->err);
	assert_int_equal(v, newest);
	must(db_migrate(f->db, &f->err), &f->err);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM sqlite_schema"
					  " WHERE name = 'schema_version'"),
			 n ? 1 : 0);
	must(db_integrity_check(f->db, &f->err), &f->err);
}

/* ---- maintenance, volume ---------------------------------------------- */

static void test_checkpoint_integrity(void **state)
{
	struct fx *f = *state;
	char wal[320];
	struct stat sb;

	fx_open(f);
	must(db_exec(f->db,
		     "CREATE TABLE p(id INTEGER PRIMARY KEY) STRICT;"
		     "CREATE TABLE c(p INTEGER REFERENCES p(id)) STRICT;"
		     "INSERT INTO p VALUES (1); INSERT INTO c VALUES (1)",
		     &f->err),
	     &f->err);
	must(db_integrity_check(f->db, &f->err), &f->err);
	snprintf(wal, sizeof wal, "%s-wal", f->path);
	assert_int_equal(stat(wal, &sb), 0);
	assert_true(sb.st_size > 0);
	must(db_checkpoint(f->db, &f->err), &f->err);
	assert_int_equal(stat(wal, &sb), 0);
	assert_int_equal(sb.st_size, 0);

	/* A dangling reference written with the checks off is found. */
	must(db_exec(f->db,
		     "PRAGMA foreign_keys = OFF; INSERT INTO c VALUES (7);"
		     " PRAGMA foreign_keys = ON",
		     &f->err),
	     &f->err);
	assert_int_equal(db_integrity_check(f->db, &f->err), LK_ECORRUPT);
	assert_contains(f->err.msg, "fails the foreign key check");
}

static void test_bulk_insert_one_tx(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st = NULL;
	struct db_cache_stats cs;
	char name[32];
	int i, n = 20000;

	fx_open(f);
	must(exec_rc(f, "CREATE TABLE h(id INTEGER PRIMARY KEY, no TEXT"
			" NOT NULL UNIQUE, income INTEGER NOT NULL) STRICT"),
	     &f->err);
	must(db_begin(f->db, &f->err), &f->err);
	for (i = 0; i < n; i++) {
		must(db_prepare(f->db,
				"INSERT INTO h(no, income) VALUES (?, ?)", &st,
				&f->err),
		     &f->err);
		snprintf(name, sizeof name, "5329%08d", i);
		db_bind_text(st, 1, name, -1);
		db_bind_int64(st, 2, (int64_t)i * 100);
		assert_int_equal(db_step(st, &f->err), DB_DONE);
		db_done(st);
	}
	must(db_commit(f->db, &f->err), &f->err);
	db__cache_stats(f->db, &cs);
	/* the INSERT once, and BEGIN IMMEDIATE and COMMIT (cached too) */
	assert_int_equal(cs.prepared, 3);
	assert_int_equal(cs.hits, (uint64_t)n - 1);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM h"), n);
	assert_int_equal(query_int(f->db, "SELECT sum(income) FROM h"),
			 (int64_t)n * (n - 1) / 2 * 100);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_open_missing_no_create),
	    T(test_open_create),
	    T(test_open_pragmas),
	    T(test_open_scan),
	    T(test_open_bad_flags),
	    T(test_open_not_a_db),
	    T(test_open_foreign_sqlite),
	    T(test_open_cantopen_create),
	    T(test_open_memory),
	    T(test_open_pgsql_not_built),
	    T(test_readonly),
	    T(test_exec),
	    T(test_prepare_errors),
	    cmocka_unit_test(test_snip),
	    T(test_bind_all_types),
	    T(test_bind_error_reported_by_step),
	    T(test_cache_reuse),
	    T(test_cache_eviction),
	    T(test_tx_nested),
	    T(test_tx_read),
	    T(test_tx_rollback_depth0),
	    T(test_tx_busy),
	    T(test_constraint_errors),
	    T(test_migrate_apply_and_rerun),
	    T(test_migrate_gap_applied),
	    T(test_migrate_newer_refused),
	    T(test_migrate_failure_rolls_back),
	    T(test_migrate_bad_names),
	    T(test_migrate_refusals),
	    T(test_migrate_embedded),
	    T(test_checkpoint_integrity),
	    T(test_bulk_insert_one_tx),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
