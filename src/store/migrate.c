/*
 * migrate.c - applies the embedded schema/NNNN_name.sql files and reads
 * the schema version (see MIGRATIONS in db_int.h).  Driver-independent:
 * it uses the db.h API plus db__table_exists().
 */
#include "store/db.h"
#include "store/db_int.h"
#include "core/i18n.h"
#include "core/resource.h"

#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MIG_PREFIX "schema/"
#define MIG_PREFIX_LEN 7
#define MIG_DIGITS 4
#define MIG_NAME_MAX 64

static const char create_schema_version[] =
    "CREATE TABLE IF NOT EXISTS schema_version (\n"
    "  version INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  applied_at TEXT NOT NULL\n"
    ") STRICT";

/* One migration file, parsed from its resource name. */
struct mig {
	int version;
	const char *name; /* into res->path, name_len bytes, no ".sql" */
	size_t name_len;
	const struct lk_resource *res;
};

/* 1 and fills *m if res->path is "schema/NNNN_name.sql" (see db_int.h),
 * else 0. */
static int mig_parse(const struct lk_resource *res, struct mig *m)
{
	const char *p = res->path;
	size_t n, i;
	int v = 0;

	if (!p || strncmp(p, MIG_PREFIX, MIG_PREFIX_LEN) != 0)
		return 0;
	p += MIG_PREFIX_LEN;
	for (i = 0; i < MIG_DIGITS; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		v = v * 10 + (p[i] - '0');
	}
	if (v == 0 || p[MIG_DIGITS] != '_')
		return 0;
	p += MIG_DIGITS + 1;
	n = strlen(p);
	if (n <= 4 || strcmp(p + n - 4, ".sql") != 0)
		return 0;
	n -= 4;
	if (n > MIG_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		      (p[i] >= '0' && p[i] <= '9') || p[i] == '_'))
			return 0;
	m->version = v;
	m->name = p;
	m->name_len = n;
	m->res = res;
	return 1;
}

static int mig_cmp(const void *a, const void *b)
{
	const struct mig *x = a, *y = b;

	return (x->version > y->version) - (x->version < y->version);
}

int db_schema_version(struct db *db, int *out, struct lk_err *e)
{
	int rc = LK_EINTERNAL, exists = 0;
	struct db_stmt *st = NULL;
	int64_t v = 0;

	assert(db && out);
	rc = db__table_exists(db, "schema_version", &exists, e);
	if (rc || !exists)
		goto out;
	rc = db_prepare(
	    db, "SELECT coalesce(max(version), 0) FROM schema_version", &st, e);
	if (rc)
		goto out;
	rc = db_step(st, e);
	if (rc < 0)
		goto out;
	if (rc == DB_ROW)
		v = db_col_int64(st, 0);
	rc = 0;
out:
	db_done(st);
	if (rc == 0)
		*out = v < 0 ? 0 : v > INT_MAX ? INT_MAX : (int)v;
	return rc;
}

/* Sets *out to 1 if version is recorded in schema_version (which must
 * exist), else 0. */
static int mig_applied(struct db *db, int version, int *out, struct lk_err *e)
{
	int rc = LK_EINTERNAL;
	struct db_stmt *st = NULL;

	rc = db_prepare(db, "SELECT 1 FROM schema_version WHERE version = ?",
			&st, e);
	if (rc)
		goto out;
	db_bind_int64(st, 1, version);
	rc = db_step(st, e);
	if (rc < 0)
		goto out;
	*out = rc == DB_ROW;
	rc = 0;
out:
	db_done(st);
	return rc;
}

/* Applies m and records it, in one transaction. */
static int mig_apply(struct db *db, const struct mig *m, struct lk_err *e)
{
	int rc = LK_EINTERNAL, began = 0;
	struct db_stmt *st = NULL;
	struct lk_err sub;
	char at[32];
	time_t now = time(NULL);
	struct tm tm;

	lk_err_clear(&sub);
	if (!gmtime_r(&now, &tm) ||
	    !strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm)) {
		rc = lk_err_set(&sub, LK_EINTERNAL, "%s",
				_("cannot read the clock"));
		goto out;
	}
	rc = db_begin(db, &sub);
	if (rc)
		goto out;
	began = 1;
	rc = db_exec(db, create_schema_version, &sub);
	if (rc)
		goto out;
	rc = db_exec(db, (const char *)m->res->data, &sub);
	if (rc)
		goto out;
	rc = db_prepare(db,
			"INSERT INTO schema_version (version, name, applied_at)"
			" VALUES (?, ?, ?)",
			&st, &sub);
	if (rc)
		goto out;
	/* A failed bind is reported by db_step(). */
	db_bind_int64(st, 1, m->version);
	db_bind_text(st, 2, m->name, (int)m->name_len);
	db_bind_text(st, 3, at, -1);
	rc = db_step(st, &sub);
	if (rc < 0)
		goto out;
	db_done(st);
	st = NULL;
	rc = db_commit(db, &sub);
	if (rc)
		goto out;
	began = 0;
	rc = 0;
out:
	db_done(st);
	if (began)
		db_rollback(db);
	if (rc)
		lk_err_set(e, rc, _("cannot apply %s: %s"), m->res->path,
			   lk_err_msg(&sub));
	return rc;
}

int db__migrate_from(struct db *db, const struct lk_resource *res, size_t n,
		     struct lk_err *e)
{
	int rc = LK_EINTERNAL, cur = 0, newest = 0, applied;
	struct mig *m = NULL;
	size_t i;

	assert(db && (res || n == 0));
	if (db_tx_depth(db) > 0) {
		rc = lk_err_set(e, LK_EINTERNAL, _("cannot migrate %s: %s"),
				db->path, _("a transaction is open"));
		goto out;
	}
	if (n > DB__MIGRATION_MAX) {
		rc =
		    lk_err_set(e, LK_EINVAL, _("too many migrations (%zu)"), n);
		goto out;
	}
	if (n && !(m = calloc(n, sizeof *m))) {
		rc = lk_err_set(e, LK_ENOMEM, _("cannot migrate %s: %s"),
				db->path, lk_strerror(LK_ENOMEM));
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (!mig_parse(&res[i], &m[i])) {
			rc = lk_err_set(e, LK_EINVAL,
					_("malformed migration name %s"),
					res[i].path ? res[i].path : "(null)");
			goto out;
		}
		if (!res[i].data ||
		    strlen((const char *)res[i].data) != res[i].len) {
			rc = lk_err_set(e, LK_EINVAL, _("cannot apply %s: %s"),
					res[i].path,
					_("the file contains a nul byte"));
			goto out;
		}
	}
	if (n)
		qsort(m, n, sizeof *m, mig_cmp);
	for (i = 1; i < n; i++)
		if (m[i].version == m[i - 1].version) {
			rc = lk_err_set(e, LK_EINVAL,
					_("duplicate migration version %d: "
					  "%s and %s"),
					m[i].version, m[i - 1].res->path,
					m[i].res->path);
			goto out;
		}
	newest = n ? m[n - 1].version : 0;
	rc = db_schema_version(db, &cur, e);
	if (rc)
		goto out;
	if (cur > newest) {
		rc = lk_err_set(e, LK_ECONFLICT,
				_("ledger schema version %d is newer than this "
				  "lika (%d)"),
				cur, newest);
		goto out;
	}
	for (i = 0; i < n; i++) {
		applied = 0;
		/* Versions above cur cannot be recorded yet. */
		if (m[i].version <= cur) {
			rc = mig_applied(db, m[i].version, &applied, e);
			if (rc)
				goto out;
		}
		if (applied)
			continue;
		if (db->flags & DB_READONLY) {
			rc = lk_err_set(e, LK_EPERM, _("cannot apply %s: %s"),
					m[i].res->path,
					_("the ledger is open read-only"));
			goto out;
		}
		rc = mig_apply(db, &m[i], e);
		if (rc)
			goto out;
	}
	rc = 0;
out:
	free(m);
	return rc;
}

int db_migrate(struct db *db, struct lk_err *e)
{
	size_t n, first = lk_resource_prefix(MIG_PREFIX, &n);

	return db__migrate_from(db, n ? &lk_resources[first] : NULL, n, e);
}
