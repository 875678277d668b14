/*
 * sqlite.c - the SQLite driver behind db.h.  The design (connection
 * setup, statement cache, transactions, error mapping) is described at
 * the top of db_int.h.
 */
#include "store/db.h"
#include "store/db_int.h"
#include "core/i18n.h"
#include "core/log.h"

#include <pthread.h>
#include <sqlite3.h>

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- helpers ---------------------------------------------------------- */

/* LK_E* code for a SQLite (extended) result code; see db_int.h. */
static int map_rc(int x)
{
	switch (x) {
	case SQLITE_CONSTRAINT_CHECK:
	case SQLITE_CONSTRAINT_NOTNULL:
#ifdef SQLITE_CONSTRAINT_DATATYPE
	case SQLITE_CONSTRAINT_DATATYPE:
#endif
	case SQLITE_MISMATCH: return LK_EINVAL;
	default: break;
	}
	switch (x & 0xff) {
	case SQLITE_CONSTRAINT: return LK_ECONFLICT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return LK_EBUSY;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB: return LK_ECORRUPT;
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
	case SQLITE_FULL: return LK_EIO;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH: return LK_EPERM;
	case SQLITE_NOMEM: return LK_ENOMEM;
	case SQLITE_TOOBIG: return LK_ETOOBIG;
	default: return LK_EINTERNAL;
	}
}

void db__snip(const char *sql, char *out, size_t n)
{
	size_t o = 0;
	int space = 0;

	assert(n >= 4);
	while (*sql == ' ' || (*sql >= '\t' && *sql <= '\r'))
		sql++;
	for (; *sql; sql++) {
		char c = *sql;

		if (c == ' ' || (c >= '\t' && c <= '\r')) {
			space = 1;
			continue;
		}
		if (o + space + 1 > n - 1) { /* does not fit: o >= n - 2 */
			memcpy(out + n - 4, "...", 4);
			return;
		}
		if (space)
			out[o++] = ' ';
		space = 0;
		out[o++] = c;
	}
	out[o] = '\0';
}

/* FNV-1a over the length and the first and last 48 bytes of the
 * NUL-terminated s (statements are long and share no such ends by
 * accident; equal hashes are confirmed with memcmp); *len gets strlen(s).
 * Hashing the whole text cost a tenth of a bulk import. */
static uint32_t sql_hash(const char *s, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i, head = n < 48 ? n : 48;
	uint32_t h = 2166136261u ^ (uint32_t)n;

	for (i = 0; i < head; i++)
		h = (h ^ p[i]) * 16777619u;
	for (i = n > 96 ? n - 48 : head; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	*len = n;
	return h;
}

static struct db_stmt **bucket_of(struct db *db, uint32_t hash)
{
	return &db->bucket[hash & (DB__BUCKETS - 1)];
}

/* Unlinks st from the list whose head is *head (and tail *tail, or NULL
 * for the busy list, which has no tail pointer). */
static void list_unlink(struct db_stmt **head, struct db_stmt **tail,
			struct db_stmt *st)
{
	if (st->prev)
		st->prev->next = st->next;
	else
		*head = st->next;
	if (st->next)
		st->next->prev = st->prev;
	else if (tail)
		*tail = st->prev;
	st->prev = st->next = NULL;
}

static void list_push(struct db_stmt **head, struct db_stmt **tail,
		      struct db_stmt *st)
{
	st->prev = NULL;
	st->next = *head;
	if (*head)
		(*head)->prev = st;
	else if (tail)
		*tail = st;
	*head = st;
}

static void stmt_free(struct db_stmt *st)
{
	if (!st)
		return;
	sqlite3_finalize(st->st);
	st->magic = 0;
	free(st);
}

/* Removes the least recently used idle statement. */
static void evict_one(struct db *db)
{
	struct db_stmt *st = db->idle_tail, **pp;

	assert(st && db->nidle > 0);
	for (pp = bucket_of(db, st->hash); *pp != st; pp = &(*pp)->hnext)
		assert(*pp);
	*pp = st->hnext;
	list_unlink(&db->idle_head, &db->idle_tail, st);
	db->nidle--;
	db->nevicted++;
	stmt_free(st);
}

static int tx_lost(const struct db *db)
{
	return db->depth > 0 && sqlite3_get_autocommit(db->h);
}

static int set_tx_lost(struct db *db, struct lk_err *e)
{
	return lk_err_set(e, LK_EINTERNAL, _("cannot use %s: %s"), db->path,
			  _("the transaction was rolled back"));
}

/* 1-based line of p within s. */
static int line_of(const char *s, const char *p)
{
	int line = 1;

	for (; s < p; s++)
		line += *s == '\n';
	return line;
}

#ifndef NDEBUG
void db__check(const struct db *db)
{
	const struct db_stmt *st, *prev = NULL;
	size_t n = 0, i;

	assert(db && db->magic == DB__MAGIC && db->h);
	assert(db->depth >= 0);
	for (st = db->idle_head; st; prev = st, st = st->next) {
		assert(st->magic == DB__STMT_MAGIC && !st->busy);
		assert(st->prev == prev && st->db == db);
		n++;
	}
	assert(prev == db->idle_tail && n == db->nidle);
	for (n = 0, i = 0; i < DB__BUCKETS; i++)
		for (st = db->bucket[i]; st; st = st->hnext) {
			assert(!st->busy);
			assert((st->hash & (DB__BUCKETS - 1)) == i);
			n++;
		}
	assert(n == db->nidle);
	for (n = 0, prev = NULL, st = db->busy; st; prev = st, st = st->next) {
		assert(st->magic == DB__STMT_MAGIC && st->busy);
		assert(st->prev == prev && st->db == db);
		n++;
	}
	assert(n == db->nbusy);
}
#endif

/* ---- connections ------------------------------------------------------ */

/* Runs a one-row statement during open; copies column 0 as text into
 * txt (n bytes) and/or as an integer into *iv.  Returns a SQLite code. */
static int open_query(sqlite3 *h, const char *sql, char *txt, size_t n,
		      sqlite3_int64 *iv)
{
	sqlite3_stmt *st = NULL;
	int x;

	x = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (x != SQLITE_OK)
		goto out;
	x = sqlite3_step(st);
	if (x == SQLITE_ROW) {
		const unsigned char *s = sqlite3_column_text(st, 0);

		if (txt)
			snprintf(txt, n, "%s", s ? (const char *)s : "");
		if (iv)
			*iv = sqlite3_column_int64(st, 0);
		x = SQLITE_OK;
	} else if (x == SQLITE_DONE) {
		if (txt)
			txt[0] = '\0';
		if (iv)
			*iv = 0;
		x = SQLITE_OK;
	}
out:
	sqlite3_finalize(st);
	return x;
}

static int is_memory_path(const char *path)
{
	return !strcmp(path, ":memory:") || !path[0];
}

/* The LK code and message for a failure x of the open sequence. */
static int open_fail(struct lk_err *e, const char *path, int flags, int x,
		     const char *msg)
{
	int code = map_rc(x);
	struct stat sb;

	if ((x & 0xff) == SQLITE_NOTADB)
		return lk_err_set(e, LK_ECORRUPT, _("%s is not a lika ledger"),
				  path);
	if ((x & 0xff) == SQLITE_CANTOPEN && !(flags & DB_CREATE) &&
	    stat(path, &sb) != 0 && errno == ENOENT)
		code = LK_ENOTFOUND;
	return lk_err_set(e, code, _("cannot open %s: %s"), path, msg);
}

/* Library settings, once per process before the first connection: no
 * memory statistics (they take a global mutex on every allocation). */
static pthread_once_t lib_once = PTHREAD_ONCE_INIT;

static void lib_init(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

int db_open_sibling(struct db *db, int flags, struct db **out,
		    struct lk_err *e)
{
	if (is_memory_path(db->path) || db->depth > 0 || (flags & DB_CREATE))
		return lk_err_set(e, LK_ENOTSUP,
				  _("cannot open a second connection to %s"),
				  db->path);
	return db_open(db->path, (db->flags & ~DB_CREATE) | flags, out, e);
}

int db_open(const char *path, int flags, struct db **out, struct lk_err *e)
{
	int rc = LK_EINTERNAL, x, of;
	struct db *db = NULL;
	sqlite3_int64 app_id = 0, nobj = 0;
	char mode[16], sql[48];

	assert(path && out);
	if (db__is_pg_path(path)) {
		rc = db__pg_open(path, flags, out, e);
		goto out;
	}
	if ((flags & DB_CREATE) && (flags & DB_READONLY)) {
		rc = lk_err_set(e, LK_EINVAL, _("cannot open %s: %s"), path,
				_("create and read-only exclude each other"));
		goto out;
	}
	db = calloc(1, sizeof *db);
	if (!db || !(db->path = strdup(path))) {
		rc = lk_err_set(e, LK_ENOMEM, _("cannot open %s: %s"), path,
				lk_strerror(LK_ENOMEM));
		goto out;
	}
	db->magic = DB__MAGIC;
	db->flags = flags;
	db->max_idle = DB__CACHE_MAX;

	pthread_once(&lib_once, lib_init);
	of = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	if (flags & DB_READONLY)
		of |= SQLITE_OPEN_READONLY;
	else
		of |= SQLITE_OPEN_READWRITE |
		      ((flags & DB_CREATE) ? SQLITE_OPEN_CREATE : 0);
	x = sqlite3_open_v2(path, &db->h, of, NULL);
	if (x != SQLITE_OK) {
		rc = open_fail(
		    e, path, flags, db->h ? sqlite3_extended_errcode(db->h) : x,
		    db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(x));
		goto out;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, DB__BUSY_MS);
	if (!(flags & DB_READONLY) && sqlite3_db_readonly(db->h, "main") == 1) {
		rc = lk_err_set(e, LK_EPERM, _("cannot open %s: %s"), path,
				_("the file is read-only"));
		goto out;
	}
	x = sqlite3_exec(db->h,
			 (flags & DB_SMALL)
				 ? "PRAGMA foreign_keys=ON; PRAGMA "
				   "synchronous=NORMAL; PRAGMA cache_size=-"
				   DB__CACHE_SMALL_KIB "; PRAGMA temp_store=FILE"
				 : "PRAGMA foreign_keys=ON; PRAGMA "
				   "synchronous=NORMAL; PRAGMA cache_size=-"
				   DB__CACHE_KIB "; PRAGMA temp_store=FILE",
			 NULL, NULL, NULL);
	if (x == SQLITE_OK && (flags & DB_SCAN))
		x = sqlite3_exec(db->h, "PRAGMA mmap_size=" DB__MMAP_SCAN, NULL,
				 NULL, NULL);
	if (x == SQLITE_OK)
		x = open_query(db->h, "PRAGMA application_id", NULL, 0,
			       &app_id);
	if (x != SQLITE_OK) {
		rc = open_fail(e, path, flags, x, sqlite3_errmsg(db->h));
		goto out;
	}
	if (app_id != 0 && app_id != DB__APP_ID) {
		rc = lk_err_set(e, LK_ECORRUPT, _("%s is not a lika ledger"),
				path);
		goto out;
	}
	if (flags & DB_READONLY) {
		rc = 0;
		goto out;
	}
	x = open_query(db->h, "PRAGMA journal_mode=WAL", mode, sizeof mode,
		       NULL);
	if (x != SQLITE_OK) {
		rc = open_fail(e, path, flags, x, sqlite3_errmsg(db->h));
		goto out;
	}
	if (strcmp(mode, "wal") != 0 &&
	    !(is_memory_path(path) && !strcmp(mode, "memory"))) {
		rc = lk_err_set(e, LK_EIO, _("cannot open %s: %s (%s)"), path,
				_("cannot enable write-ahead logging"), mode);
		goto out;
	}
	if (app_id == 0) {
		x = open_query(db->h, "SELECT count(*) FROM sqlite_schema",
			       NULL, 0, &nobj);
		if (x == SQLITE_OK && nobj == 0) {
			snprintf(sql, sizeof sql, "PRAGMA application_id=%d",
				 DB__APP_ID);
			x = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
		}
		if (x != SQLITE_OK) {
			rc =
			    open_fail(e, path, flags, x, sqlite3_errmsg(db->h));
			goto out;
		}
	}
	rc = 0;
out:
	if (rc == 0 && db) {
		db__check(db);
		*out = db;
	} else if (db) {
		db_close(db);
	}
	return rc;
}

void db_close(struct db *db)
{
	struct db_stmt *st;

	if (!db)
		return;
	assert(db->magic == DB__MAGIC);
	while ((st = db->idle_head)) {
		db->idle_head = st->next;
		stmt_free(st);
	}
	while ((st = db->busy)) {
		db->busy = st->next;
		stmt_free(st);
	}
	sqlite3_close_v2(db->h); /* accepts NULL; rolls back an open tx */
	free(db->path);
	db->magic = 0;
	free(db);
}

void db__busy_timeout(struct db *db, int ms)
{
	assert(db && db->magic == DB__MAGIC);
	sqlite3_busy_timeout(db->h, ms);
}

int db__tx_lost(const struct db *db)
{
	assert(db && db->magic == DB__MAGIC);
	return tx_lost(db);
}

/* ---- exec ------------------------------------------------------------- */

int db_exec(struct db *db, const char *sql, struct lk_err *e)
{
	int rc = LK_EINTERNAL, x = SQLITE_OK, off;
	const char *p = sql, *start = sql;
	sqlite3_stmt *st = NULL;
	char snip[DB__SNIP_MAX];

	assert(db && db->magic == DB__MAGIC && sql);
	if (tx_lost(db)) {
		rc = set_tx_lost(db, e);
		goto out;
	}
	while (*p) {
		while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
			p++;
		start = p;
		x = sqlite3_prepare_v2(db->h, p, -1, &st, &p);
		if (x != SQLITE_OK) {
			off = sqlite3_error_offset(db->h);
			if (off >= 0)
				start += off;
			goto fail;
		}
		if (!st) /* only comments or white space left */
			break;
		while ((x = sqlite3_step(st)) == SQLITE_ROW)
			;
		if (x != SQLITE_DONE)
			goto fail;
		sqlite3_finalize(st);
		st = NULL;
	}
	rc = 0;
	goto out;
fail:
	db__snip(start, snip, sizeof snip);
	if (strchr(sql, '\n'))
		rc = lk_err_set(e, map_rc(sqlite3_extended_errcode(db->h)),
				_("cannot execute \"%s\" (line %d): %s"), snip,
				line_of(sql, start), sqlite3_errmsg(db->h));
	else
		rc = lk_err_set(e, map_rc(sqlite3_extended_errcode(db->h)),
				_("cannot execute \"%s\": %s"), snip,
				sqlite3_errmsg(db->h));
out:
	sqlite3_finalize(st);
	return rc;
}

/* ---- transactions ----------------------------------------------------- */

static int prepare(struct db *db, const char *sql, int is_static,
		   struct db_stmt **out, struct lk_err *e);

/* Runs one transaction-control statement (SQL text of one statement, a
 * literal) from the statement cache, so that the transactions of a
 * server's requests parse nothing.  An SQLITE_* code; the message stays
 * in sqlite3_errmsg(). */
static int tx_exec(struct db *db, const char *sql)
{
	struct db_stmt *st = NULL;
	int x;

	if (prepare(db, sql, 1, &st, NULL))
		return sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	x = sqlite3_step(st->st);
	db_done(st); /* (the reset keeps the error's message) */
	return x == SQLITE_DONE || x == SQLITE_ROW ? SQLITE_OK : x;
}

/* Begins a level: sql at depth 0, a savepoint inside. */
static int begin(struct db *db, const char *sql, struct lk_err *e)
{
	int rc = LK_EINTERNAL, x;

	assert(db && db->magic == DB__MAGIC);
	if (tx_lost(db)) {
		rc = set_tx_lost(db, e);
		goto out;
	}
	if (db->depth == INT_MAX) {
		rc = lk_err_set(e, LK_ETOOBIG, "%s",
				_("cannot begin transaction: nested too deep"));
		goto out;
	}
	x = tx_exec(db, db->depth > 0 ? "SAVEPOINT lk" : sql);
	if (x != SQLITE_OK) {
		rc = lk_err_set(e, map_rc(x),
				_("cannot begin transaction on %s: %s"),
				db->path, sqlite3_errmsg(db->h));
		goto out;
	}
	db->depth++;
	rc = 0;
out:
	return rc;
}

int db_begin(struct db *db, struct lk_err *e)
{
	return begin(db, db->flags & DB_READONLY ? "BEGIN" : "BEGIN IMMEDIATE",
		     e);
}

int db_begin_read(struct db *db, struct lk_err *e)
{
	return begin(db, "BEGIN", e);
}

int db_commit(struct db *db, struct lk_err *e)
{
	int rc = LK_EINTERNAL, x;

	assert(db && db->magic == DB__MAGIC);
	if (db->depth == 0) {
		rc = lk_err_set(e, LK_EINTERNAL, "%s",
				_("cannot commit: no transaction is open"));
		goto out;
	}
	if (tx_lost(db)) {
		rc = set_tx_lost(db, e);
		goto out;
	}
	x = tx_exec(db, db->depth == 1 ? "COMMIT" : "RELEASE lk");
	if (x != SQLITE_OK) {
		rc = lk_err_set(e, map_rc(x),
				_("cannot commit transaction on %s: %s"),
				db->path, sqlite3_errmsg(db->h));
		goto out;
	}
	db->depth--;
	rc = 0;
out:
	return rc;
}

void db_rollback(struct db *db)
{
	int x;

	if (!db || db->depth == 0)
		return;
	assert(db->magic == DB__MAGIC);
	if (!sqlite3_get_autocommit(db->h)) {
		x = sqlite3_exec(db->h,
				 db->depth == 1 ? "ROLLBACK"
						: "ROLLBACK TO lk; RELEASE lk",
				 NULL, NULL, NULL);
		if (x != SQLITE_OK)
			lk_log(LK_LOG_ERROR, _("cannot roll back %s: %s"),
			       db->path, sqlite3_errmsg(db->h));
	}
	db->depth--;
}

int db_tx_depth(const struct db *db)
{
	assert(db && db->magic == DB__MAGIC);
	return db->depth;
}

/* ---- statements ------------------------------------------------------- */

/* The most recently returned idle statement for sql, unlinked from the
 * idle list and its bucket, or NULL. */
static struct db_stmt *cache_take(struct db *db, const char *sql, uint32_t hash,
				  size_t len)
{
	struct db_stmt **pp, *st;

	for (pp = bucket_of(db, hash); (st = *pp); pp = &st->hnext) {
		if (st->hash == hash && st->sql_len == len &&
		    (st->src == sql || !memcmp(st->sql, sql, len))) {
			*pp = st->hnext;
			st->hnext = NULL;
			list_unlink(&db->idle_head, &db->idle_tail, st);
			db->nidle--;
			return st;
		}
	}
	return NULL;
}

int db_prepare(struct db *db, const char *sql, struct db_stmt **out,
	       struct lk_err *e)
{
	return prepare(db, sql, 0, out, e);
}

int db_prepare_static(struct db *db, const char *sql, struct db_stmt **out,
		      struct lk_err *e)
{
	return prepare(db, sql, 1, out, e);
}

static int prepare(struct db *db, const char *sql, int is_static,
		   struct db_stmt **out, struct lk_err *e)
{
	int rc = LK_EINTERNAL, x;
	struct db_stmt *st = NULL;
	sqlite3_stmt *extra = NULL;
	const char *tail = NULL;
	char snip[DB__SNIP_MAX];
	size_t len;
	uint32_t hash;

	assert(db && db->magic == DB__MAGIC && sql && out);
	if (is_static) {
		size_t slot = ((uintptr_t)sql >> 3) & (DB__BUCKETS - 1);
		if (db->memo[slot].p != sql) {
			db->memo[slot].hash = sql_hash(sql, &db->memo[slot].len);
			db->memo[slot].p = sql;
		}
		hash = db->memo[slot].hash;
		len = db->memo[slot].len;
	} else {
		hash = sql_hash(sql, &len);
	}
	st = cache_take(db, sql, hash, len);
	if (st) {
		db->nhits++;
		goto found;
	}
	if (len >= INT_MAX) {
		db__snip(sql, snip, sizeof snip);
		rc = lk_err_set(e, LK_ETOOBIG, _("cannot prepare \"%s\": %s"),
				snip, lk_strerror(LK_ETOOBIG));
		goto out;
	}
	st = malloc(sizeof *st + len + 1);
	if (!st) {
		db__snip(sql, snip, sizeof snip);
		rc = lk_err_set(e, LK_ENOMEM, _("cannot prepare \"%s\": %s"),
				snip, lk_strerror(LK_ENOMEM));
		goto out;
	}
	memset(st, 0, sizeof *st);
	memcpy(st->sql, sql, len + 1);
	st->src = is_static ? sql : NULL;
	st->sql_len = len;
	st->hash = hash;
	st->db = db;
	st->magic = DB__STMT_MAGIC;
	x = sqlite3_prepare_v3(db->h, st->sql, (int)len + 1,
			       SQLITE_PREPARE_PERSISTENT, &st->st, &tail);
	if (x == SQLITE_OK && tail && *tail) {
		/* Only comments and white space may follow. */
		x = sqlite3_prepare_v2(db->h, tail, -1, &extra, NULL);
		if (x == SQLITE_OK && extra) {
			db__snip(sql, snip, sizeof snip);
			rc = lk_err_set(e, LK_EINTERNAL,
					_("cannot prepare \"%s\": %s"), snip,
					_("more than one statement"));
			goto out;
		}
	}
	if (x != SQLITE_OK) {
		db__snip(sql, snip, sizeof snip);
		rc = lk_err_set(e, map_rc(x), _("cannot prepare \"%s\": %s"),
				snip, sqlite3_errmsg(db->h));
		goto out;
	}
	if (!st->st) {
		rc = lk_err_set(e, LK_EINTERNAL, _("cannot prepare \"%s\": %s"),
				"", _("empty statement"));
		goto out;
	}
	db->nprepared++;
found:
	st->busy = 1;
	list_push(&db->busy, NULL, st);
	db->nbusy++;
	*out = st;
	st = NULL;
	rc = 0;
out:
	sqlite3_finalize(extra);
	stmt_free(st);
	return rc;
}

void db_done(struct db_stmt *st)
{
	struct db *db;
	struct db_stmt **b;

	if (!st)
		return;
	assert(st->magic == DB__STMT_MAGIC && st->busy);
	db = st->db;
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
	st->bind_err = 0;
	st->busy = 0;
	list_unlink(&db->busy, NULL, st);
	db->nbusy--;
	list_push(&db->idle_head, &db->idle_tail, st);
	b = bucket_of(db, st->hash);
	st->hnext = *b;
	*b = st;
	db->nidle++;
	while (db->nidle > db->max_idle)
		evict_one(db);
}

void db__cache_stats(const struct db *db, struct db_cache_stats *out)
{
	assert(db && db->magic == DB__MAGIC && out);
	out->idle = db->nidle;
	out->busy = db->nbusy;
	out->max_idle = db->max_idle;
	out->prepared = db->nprepared;
	out->hits = db->nhits;
	out->evicted = db->nevicted;
}

void db__cache_set_max(struct db *db, size_t max_idle)
{
	assert(db && db->magic == DB__MAGIC);
	db->max_idle = max_idle ? max_idle : 1;
	while (db->nidle > db->max_idle)
		evict_one(db);
}

/* Remembers the first failed bind for db_step() to report. */
static int bind_result(struct db_stmt *st, int idx, int x)
{
	if (x == SQLITE_OK)
		return 0;
	if (!st->bind_err) {
		st->bind_err = map_rc(x);
		st->bind_idx = idx;
		st->bind_xrc = x;
	}
	return map_rc(x);
}

int db_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	assert(st && st->magic == DB__STMT_MAGIC && st->busy);
	return bind_result(st, idx, sqlite3_bind_int64(st->st, idx, v));
}

int db_bind_double(struct db_stmt *st, int idx, double v)
{
	assert(st && st->magic == DB__STMT_MAGIC && st->busy);
	return bind_result(st, idx, sqlite3_bind_double(st->st, idx, v));
}

int db_bind_text(struct db_stmt *st, int idx, const char *s, int len)
{
	assert(st && st->magic == DB__STMT_MAGIC && st->busy);
	if (!s)
		return bind_result(st, idx, sqlite3_bind_null(st->st, idx));
	return bind_result(st, idx,
			   sqlite3_bind_text(st->st, idx, s, len < 0 ? -1 : len,
					     SQLITE_TRANSIENT));
}

int db_bind_text_ref(struct db_stmt *st, int idx, const char *s, int len)
{
	assert(st && st->magic == DB__STMT_MAGIC && st->busy);
	if (!s)
		return bind_result(st, idx, sqlite3_bind_null(st->st, idx));
	return bind_result(st, idx,
			   sqlite3_bind_text(st->st, idx, s, len < 0 ? -1 : len,
					     SQLITE_STATIC));
}

int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len)
{
	assert(st && st->magic == DB__STMT_MAGIC && st->busy);
	if (!p)
		return bind_result(st, idx, sqlite3_bind_null(st->st, idx));
	if (len == 0) /* a zero-length blob, not NULL */
		return bind_result(st, idx,
				   sqlite3_bind_zeroblob(st->st, idx, 0));
	return bind_result(st, idx,
			   sqlite3_bind_blob64(st->st, idx, p,
					       (sqlite3_uint64)len,
					       SQLITE_TRANSIENT));
}

int db_bind_null(struct db_stmt *st, int idx)
{
	assert(st && st->magic == DB__STMT_MAGIC && st->busy);
	return bind_result(st, idx, sqlite3_bind_null(st->st, idx));
}

int db_step(struct db_stmt *st, struct lk_err *e)
{
	int rc = LK_EINTERNAL, x;
	char snip[DB__SNIP_MAX];

	assert(st && st->magic == DB__STMT_MAGIC && st->busy);
	if (st->bind_err) {
		db__snip(st->sql, snip, sizeof snip);
		rc = lk_err_set(e, st->bind_err,
				_("cannot bind parameter %d of \"%s\": %s"),
				st->bind_idx, snip,
				sqlite3_errstr(st->bind_xrc));
		goto out;
	}
	if (tx_lost(st->db)) {
		rc = set_tx_lost(st->db, e);
		goto out;
	}
	x = sqlite3_step(st->st);
	if (x == SQLITE_ROW) {
		rc = DB_ROW;
	} else if (x == SQLITE_DONE) {
		rc = DB_DONE;
	} else {
		db__snip(st->sql, snip, sizeof snip);
		rc = lk_err_set(e, map_rc(x), _("cannot execute \"%s\": %s"),
				snip, sqlite3_errmsg(st->db->h));
	}
out:
	return rc;
}

void db_reset(struct db_stmt *st)
{
	assert(st && st->magic == DB__STMT_MAGIC && st->busy);
	sqlite3_reset(st->st);
	st->bind_err = 0;
}

uint64_t db_version(struct db *db)
{
	static const char sql[] = "PRAGMA data_version";
	struct db_stmt *st = NULL;
	uint64_t v = 0;

	/* (a cached statement: request paths ask on every request) */
	if (db_prepare_static(db, sql, &st, NULL) == 0 &&
	    db_step(st, NULL) == DB_ROW)
		v = ((uint64_t)db_col_int64(st, 0) << 40) ^
		    (uint64_t)sqlite3_total_changes64(db->h) ^ 1;
	db_done(st);
	return v;
}

int db_param_count(struct db_stmt *st)
{
	assert(st && st->magic == DB__STMT_MAGIC && st->busy);
	return sqlite3_bind_parameter_count(st->st);
}

int db_col_count(struct db_stmt *st)
{
	assert(st && st->magic == DB__STMT_MAGIC && st->busy);
	return sqlite3_column_count(st->st);
}

const char *db_col_name(struct db_stmt *st, int i)
{
	assert(st && st->magic == DB__STMT_MAGIC && st->busy);
	return sqlite3_column_name(st->st, i);
}

int db_col_is_null(struct db_stmt *st, int i)
{
	assert(st && st->magic == DB__STMT_MAGIC && st->busy);
	return sqlite3_column_type(st->st, i) == SQLITE_NULL;
}

int64_t db_col_int64(struct db_stmt *st, int i)
{
	assert(st && st->magic == DB__STMT_MAGIC && st->busy);
	return sqlite3_column_int64(st->st, i);
}

double db_col_double(struct db_stmt *st, int i)
{
	assert(st && st->magic == DB__STMT_MAGIC && st->busy);
	return sqlite3_column_double(st->st, i);
}

const char *db_col_text(struct db_stmt *st, int i)
{
	assert(st && st->magic == DB__STMT_MAGIC && st->busy);
	return (const char *)sqlite3_column_text(st->st, i);
}

int db_col_bytes(struct db_stmt *st, int i)
{
	assert(st && st->magic == DB__STMT_MAGIC && st->busy);
	return sqlite3_column_bytes(st->st, i);
}

const void *db_col_blob(struct db_stmt *st, int i)
{
	assert(st && st->magic == DB__STMT_MAGIC && st->busy);
	return sqlite3_column_blob(st->st, i);
}

int64_t db_last_insert_id(struct db *db)
{
	assert(db && db->magic == DB__MAGIC);
	return sqlite3_last_insert_rowid(db->h);
}

int64_t db_changes(struct db *db)
{
	assert(db && db->magic == DB__MAGIC);
	return sqlite3_changes64(db->h);
}

/* ---- maintenance ------------------------------------------------------ */

int db__table_exists(struct db *db, const char *name, int *out,
		     struct lk_err *e)
{
	int rc = LK_EINTERNAL;
	struct db_stmt *st = NULL;

	rc = db_prepare(db,
			"SELECT count(*) FROM sqlite_schema"
			" WHERE type = 'table' AND name = ?",
			&st, e);
	if (rc)
		goto out;
	rc = db_bind_text(st, 1, name, -1);
	if (rc == 0)
		rc = db_step(st, e);
	if (rc < 0)
		goto out;
	*out = rc == DB_ROW && db_col_int64(st, 0) > 0;
	rc = 0;
out:
	db_done(st);
	return rc;
}

int db_checkpoint(struct db *db, struct lk_err *e)
{
	int rc = LK_EINTERNAL, x;

	assert(db && db->magic == DB__MAGIC);
	x = sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_TRUNCATE,
				      NULL, NULL);
	if (x != SQLITE_OK) {
		rc = lk_err_set(e, map_rc(x), _("cannot checkpoint %s: %s"),
				db->path, sqlite3_errmsg(db->h));
		goto out;
	}
	rc = 0;
out:
	return rc;
}

int db_integrity_check(struct db *db, struct lk_err *e)
{
	int rc = LK_EINTERNAL;
	struct db_stmt *st = NULL;
	const char *s;

	assert(db && db->magic == DB__MAGIC);
	rc = db_prepare(db, "PRAGMA integrity_check(10)", &st, e);
	if (rc)
		goto out;
	rc = db_step(st, e);
	if (rc < 0)
		goto out;
	s = rc == DB_ROW ? db_col_text(st, 0) : NULL;
	if (!s || strcmp(s, "ok") != 0) {
		rc = lk_err_set(e, LK_ECORRUPT,
				_("%s fails the integrity check: %s"), db->path,
				s ? s : "?");
		goto out;
	}
	db_done(st);
	st = NULL;
	rc = db_prepare(db, "PRAGMA foreign_key_check", &st, e);
	if (rc)
		goto out;
	rc = db_step(st, e);
	if (rc < 0)
		goto out;
	if (rc == DB_ROW) {
		rc = lk_err_set(e, LK_ECORRUPT,
				_("%s fails the foreign key check: row %lld of "
				  "%s refers to a missing row of %s"),
				db->path, (long long)db_col_int64(st, 1),
				db_col_text(st, 0), db_col_text(st, 2));
		goto out;
	}
	rc = 0;
out:
	db_done(st);
	return rc;
}

/* ---- driver ----------------------------------------------------------- */

const char *db_driver(void)
{
	return "sqlite";
}

const char *db_driver_version(void)
{
	return sqlite3_libversion();
}
