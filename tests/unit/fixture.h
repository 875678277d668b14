/*
 * fixture.h - the shared fixture of the service tests (codes, fields,
 * household, audit, interchange).
 *
 * fx_setup() makes a fresh ledger in a mkdtemp directory (db_open with
 * DB_CREATE, db_migrate), loads the code lists from the embedded
 * policy/codes.tsv, inserts a small region tree and fills a context with
 * user "test" and scope "" (everything):
 *
 *   53 云南省
 *   └ 5329 大理白族自治州
 *     ├ 532923 祥云县 ─ 532923101 祥城镇 ─ 532923101202 上村
 *     │                                  └ 532923101203 下村
 *     └ 532901 大理市 ─ 532901003 太和街道 ─ 532901003001 龙下登村
 *
 * The clock is pinned (LIKA_NOW=2024-06-30T10:00:00) so derived dates are
 * stable.  fx_teardown() closes the ledger and removes the directory with
 * everything in it.
 *
 * Records are built from user text with rec_set(&r, arena, key, text),
 * which parses the text with lk_field_parse() (labels, yes/no words,
 * yuan ...) and fails the test if it does not parse.  fx_id() makes valid
 * GB 11643 ID numbers.
 *
 * Header-only: every function is static (and marked unused, since each
 * test file uses a different part).  One fixture at a time per process.
 */
#ifndef LK_TEST_FIXTURE_H
#define LK_TEST_FIXTURE_H

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

#include "audit/audit.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/ctx.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/idcard.h"
#include "core/resource.h"
#include "registry/codes.h"
#include "registry/fields.h"
#include "registry/household.h"
#include "registry/rec.h"
#include "store/db.h"

#define FX_FN static __attribute__((unused))
#define FX_NOW "2024-06-30T10:00:00"

struct fx {
	char dir[256];
	char path[320];
	struct lk_ctx ctx;
	struct lk_arena a; /* for records; freed by the teardown */
};

/* The fixture in use (rec_set needs its code lists). */
static struct fx *fx_cur;

static const char fx_regions_sql[] =
    "INSERT INTO region (code, name, level, parent) VALUES "
    "('53', '云南省', 1, NULL),"
    "('5329', '大理白族自治州', 2, '53'),"
    "('532923', '祥云县', 3, '5329'),"
    "('532923101', '祥城镇', 4, '532923'),"
    "('532923101202', '上村', 5, '532923101'),"
    "('532923101203', '下村', 5, '532923101'),"
    "('532901', '大理市', 3, '5329'),"
    "('532901003', '太和街道', 4, '532901'),"
    "('532901003001', '龙下登村', 5, '532901003')";

/* Fails the test with the context's message when rc is an error. */
#define fx_must(f, rc) fx_must_((f), (rc), #rc, __FILE__, __LINE__)
FX_FN void fx_must_(struct fx *f, int rc, const char *what, const char *file,
		    int line)
{
	if (rc < 0)
		fail_msg("%s:%d: %s: error %d: %s", file, line, what, rc,
			 lk_err_msg(&f->ctx.err));
}

/* Fails unless hay contains needle. */
FX_FN void fx_contains(const char *hay, const char *needle)
{
	if (!hay || !strstr(hay, needle))
		fail_msg("\"%s\" does not contain \"%s\"", hay ? hay : "(null)",
			 needle);
}

/* Removes path and everything under it.  Cannot fail visibly. */
FX_FN void fx_rm_rf(const char *path)
{
	struct stat sb;
	DIR *d;
	struct dirent *de;
	char p[1024];

	if (lstat(path, &sb) != 0)
		return;
	if (!S_ISDIR(sb.st_mode)) {
		unlink(path);
		return;
	}
	d = opendir(path);
	if (d) {
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") ||
			    !strcmp(de->d_name, ".."))
				continue;
			snprintf(p, sizeof p, "%s/%s", path, de->d_name);
			fx_rm_rf(p);
		}
		closedir(d);
	}
	rmdir(path);
}

/* Opens (creating) a ledger at path into ctx, migrated, with the code
 * lists and the regions; user "test", scope "".  0 or -1. */
FX_FN int fx_ledger_open(const char *path, struct lk_ctx *ctx)
{
	const struct lk_resource *res = lk_resource_find("policy/codes.tsv");

	memset(ctx, 0, sizeof *ctx);
	ctx->user = "test";
	ctx->scope = "";
	if (!res)
		return -1;
	if (db_open(path, DB_CREATE, &ctx->db, &ctx->err) ||
	    db_migrate(ctx->db, &ctx->err) ||
	    lk_codes_load_tsv(ctx, "policy/codes.tsv", (const char *)res->data,
			      res->len) ||
	    db_exec(ctx->db, fx_regions_sql, &ctx->err)) {
		print_error("fixture: %s\n", lk_err_msg(&ctx->err));
		return -1;
	}
	return 0;
}

FX_FN void fx_ledger_close(struct lk_ctx *ctx)
{
	lk_registry_release(ctx); /* code lists and lookup cache */
	db_close(ctx->db);
	ctx->db = NULL;
}

FX_FN int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	const char *tmp = getenv("TMPDIR");

	if (!f)
		return -1;
	setenv("LIKA_NOW", FX_NOW, 1);
	lk_i18n_set(LK_LANG_EN);
	snprintf(f->dir, sizeof f->dir, "%s/lk_fx_XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/ledger.db", f->dir);
	f->a = (struct lk_arena)LK_ARENA_INIT(0);
	if (fx_ledger_open(f->path, &f->ctx)) {
		fx_ledger_close(&f->ctx);
		fx_rm_rf(f->dir);
		free(f);
		return -1;
	}
	fx_cur = f;
	*state = f;
	return 0;
}

FX_FN int fx_teardown(void **state)
{
	struct fx *f = *state;

	fx_ledger_close(&f->ctx);
	lk_arena_free(&f->a);
	fx_rm_rf(f->dir);
	if (fx_cur == f)
		fx_cur = NULL;
	free(f);
	return 0;
}

/* The context's code lists. */
FX_FN struct lk_codes *fx_codes(struct fx *f)
{
	struct lk_codes *c = NULL;

	fx_must(f, lk_codes_get(&f->ctx, &c));
	return c;
}

/* ---- SQL helpers --------------------------------------------------- */

FX_FN void fx_exec(struct fx *f, const char *sql)
{
	int rc = db_exec(f->ctx.db, sql, &f->ctx.err);

	if (rc)
		fail_msg("db_exec %s: %s", sql, lk_err_msg(&f->ctx.err));
}

/* First column of the first row of sql as an integer (0 without rows). */
FX_FN int64_t fx_int_db(struct db *db, const char *sql)
{
	struct db_stmt *st = NULL;
	struct lk_err e;
	int64_t v = 0;
	int rc;

	if (db_prepare(db, sql, &st, &e))
		fail_msg("prepare %s: %s", sql, e.msg);
	rc = db_step(st, &e);
	if (rc < 0)
		fail_msg("step %s: %s", sql, e.msg);
	if (rc == DB_ROW)
		v = db_col_int64(st, 0);
	db_done(st);
	return v;
}

FX_FN int64_t fx_int(struct fx *f, const char *sql)
{
	return fx_int_db(f->ctx.db, sql);
}

/* First column of the first row as text into out ("(null)" for NULL,
 * "(none)" without rows). */
FX_FN const char *fx_text(struct fx *f, const char *sql, char *out, size_t n)
{
	struct db_stmt *st = NULL;
	struct lk_err e;
	int rc;

	if (db_prepare(f->ctx.db, sql, &st, &e))
		fail_msg("prepare %s: %s", sql, e.msg);
	rc = db_step(st, &e);
	if (rc < 0)
		fail_msg("step %s: %s", sql, e.msg);
	if (rc == DB_ROW) {
		const char *s = db_col_text(st, 0);
		snprintf(out, n, "%s", s ? s : "(null)");
	} else {
		snprintf(out, n, "(none)");
	}
	db_done(st);
	return out;
}

/* Row counts of the registry tables, to show a failed write left the
 * ledger as it was. */
struct fx_counts {
	int64_t households, members, incomes, audit, events, regions;
	int64_t total_changes; /* a digest of the contents */
};

FX_FN void fx_counts(struct fx *f, struct fx_counts *c)
{
	c->households = fx_int(f, "SELECT count(*) FROM household");
	c->members = fx_int(f, "SELECT count(*) FROM member");
	c->incomes = fx_int(f, "SELECT count(*) FROM income");
	c->audit = fx_int(f, "SELECT count(*) FROM audit");
	c->events = fx_int(f, "SELECT count(*) FROM status_event");
	c->regions = fx_int(f, "SELECT count(*) FROM region");
	/* The contents that matter, as one number: lengths of every row's
	 * text image. */
	c->total_changes =
	    fx_int(f, "SELECT coalesce(sum(length(household_no || "
		      "head_name || head_id || status || coalesce(phone, "
		      "'') || updated_at)), 0) FROM household") +
	    fx_int(f, "SELECT coalesce(sum(length(id_number || name || "
		      "relation || member_status || updated_at)), 0) "
		      "FROM member") *
		3 +
	    fx_int(f, "SELECT coalesce(sum(coalesce(wage, 0) + "
		      "coalesce(operating, 0) + persons), 0) FROM income") *
		7;
}

FX_FN void fx_counts_equal(const struct fx_counts *a, const struct fx_counts *b)
{
	assert_int_equal(a->households, b->households);
	assert_int_equal(a->members, b->members);
	assert_int_equal(a->incomes, b->incomes);
	assert_int_equal(a->audit, b->audit);
	assert_int_equal(a->events, b->events);
	assert_int_equal(a->regions, b->regions);
	assert_int_equal(a->total_changes, b->total_changes);
}

/* Asserts the audit chain is intact; returns the number of records. */
FX_FN int64_t fx_audit_ok(struct fx *f)
{
	int64_t n = -1, bad = -1;
	int rc = lk_audit_verify(&f->ctx, &n, &bad);

	if (rc)
		fail_msg("audit chain broken at %lld: %s", (long long)bad,
			 lk_err_msg(&f->ctx.err));
	assert_int_equal(bad, 0);
	return n;
}

/* ---- records ------------------------------------------------------- */

/* Parses text as the field key (or Chinese header) of r's table and sets
 * it; text NULL clears the field.  Fails the test if it does not parse. */
FX_FN void rec_set(struct lk_rec *r, struct lk_arena *a, const char *key,
		   const char *text)
{
	struct lk_buf b = LK_BUF_INIT(1u << 16);
	struct lk_problem p;
	int i = lk_field_find(r->t, key), isnull = 1, rc;

	if (i < 0)
		fail_msg("no field %s in table %s", key, r->t->name);
	assert_non_null(fx_cur);
	rc = lk_field_parse(&r->t->f[i], fx_codes(fx_cur), text, &b, &isnull,
			    &p);
	if (rc) {
		lk_buf_free(&b);
		fail_msg("%s = \"%s\" does not parse: %s (%s)", key,
			 text ? text : "(null)", p.msg, p.rule);
	}
	r->v[i] = isnull ? NULL : lk_arena_strdup(a, lk_buf_str(&b));
	lk_buf_free(&b);
	if (!isnull && !r->v[i])
		fail_msg("out of memory");
}

/* Sets a canonical value as is (no parsing), e.g. a deliberately invalid
 * one. */
FX_FN void rec_raw(struct lk_rec *r, struct lk_arena *a, const char *key,
		   const char *canon)
{
	if (lk_rec_set(r, a, key, canon))
		fail_msg("no field %s in table %s", key, r->t->name);
}

/* A valid 18-character ID number: region (6 digits), birth YYYYMMDD and
 * a sequence 0..999 (odd = male, even = female). */
FX_FN const char *fx_id(char out[LK_ID_LEN + 1], const char *region,
			const char *birth, int seq)
{
	char c;

	snprintf(out, LK_ID_LEN + 1, "%.6s%.8s%03d", region, birth, seq % 1000);
	if (lk_id_check_char(out, &c))
		fail_msg("cannot compute the check character of %s", out);
	out[17] = c;
	out[18] = '\0';
	return out;
}

/* The same number with a wrong check character. */
FX_FN const char *fx_id_bad(char out[LK_ID_LEN + 1], const char *region,
			    const char *birth, int seq)
{
	fx_id(out, region, birth, seq);
	out[17] = out[17] == '0' ? '1' : '0';
	return out;
}

/* A valid ID whose check character is X (searching sequences from seq). */
FX_FN const char *fx_id_x(char out[LK_ID_LEN + 1], const char *region,
			  const char *birth, int seq)
{
	int i;

	for (i = 0; i < 1000; i++) {
		fx_id(out, region, birth, (seq + i) % 1000);
		if (out[17] == 'X')
			return out;
	}
	fail_msg("no X check character found");
	return out;
}

/* A household record with the required fields (text as a user types). */
FX_FN void fx_hh(struct lk_rec *r, struct lk_arena *a, const char *no,
		 const char *village, const char *head_name,
		 const char *head_id, const char *status)
{
	lk_rec_init(r, &lk_households);
	rec_set(r, a, "household_no", no);
	rec_set(r, a, "village_code", village);
	rec_set(r, a, "head_name", head_name);
	rec_set(r, a, "head_id", head_id);
	rec_set(r, a, "status", status);
}

/* A member record with the required fields. */
FX_FN void fx_m(struct lk_rec *r, struct lk_arena *a, const char *no,
		const char *name, const char *id, const char *relation)
{
	lk_rec_init(r, &lk_members);
	rec_set(r, a, "household_no", no);
	rec_set(r, a, "name", name);
	rec_set(r, a, "id_number", id);
	rec_set(r, a, "relation", relation);
}

/* ---- files --------------------------------------------------------- */

/* out = dir/name. */
FX_FN const char *fx_path(struct fx *f, const char *name, char *out, size_t n)
{
	snprintf(out, n, "%s/%s", f->dir, name);
	return out;
}

FX_FN void fx_write(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");
	size_t len = strlen(text);

	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* Reads a whole file into a malloc'd NUL-terminated buffer (*len set);
 * fails the test if it cannot. */
FX_FN char *fx_read(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *s;
	long n;

	if (!fp)
		fail_msg("cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	s = malloc((size_t)n + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
	s[n] = '\0';
	fclose(fp);
	if (len)
		*len = (size_t)n;
	return s;
}

#endif
