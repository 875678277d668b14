/*
 * db_int.h - private structures of the store module (after SQLite's
 * btreeInt.h: the design lives here, the contract in db.h).
 *
 * DRIVER
 *
 * sqlite.c implements every db_* function of db.h directly on SQLite;
 * migrate.c is driver-independent and uses only db.h plus the db__*
 * helpers below.  This header deliberately does not include sqlite3.h
 * (it names struct sqlite3 and struct sqlite3_stmt, the types behind
 * SQLite's typedefs), so unit tests may include it to reach the
 * internals.
 *
 * LK_HAVE_PGSQL (0 unless the build defines it to 1) is the switch for a
 * PostgreSQL driver.  No PostgreSQL code exists yet.  The plan, so that
 * no caller changes: sqlite.c's entry points become db__sqlite_*; a
 * db.c dispatches through a const struct db_driver (a table of function
 * pointers) chosen by db_open() from the path ("postgresql://..." or
 * "postgres://..." picks PostgreSQL, anything else is a SQLite file);
 * libpq-fe.h is included only by src/store/pgsql.c.  Until then
 * db__pg_open() is a static inline function returning LK_ENOTSUP (the
 * LK_HAVE_PGSQL=0 switch), so
 * db_open("postgresql://...") already fails with a clear message.
 *
 * CONNECTION SETUP (db_open)
 *
 *   sqlite3_open_v2(READWRITE [| CREATE] or READONLY, NOMUTEX, EXRESCODE)
 *   extended result codes on, busy timeout 5000 ms
 *   PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL
 *   PRAGMA application_id           first read of the file: a file that
 *                                   is not SQLite fails here (NOTADB ->
 *                                   "x is not a lika ledger"); an id that
 *                                   is neither 0 nor DB__APP_ID is
 *                                   another program's database: refused
 *   PRAGMA journal_mode=WAL         writable connections; must answer
 *                                   "wal" (or "memory" for ":memory:")
 *   PRAGMA application_id=DB__APP_ID  writable, id 0 and no schema
 *                                   objects yet: marks a new ledger
 *
 * Without DB_CREATE SQLite never creates the file.  A read-only
 * connection skips the two writes above.
 *
 * STATEMENT CACHE
 *
 * Every statement the connection owns is in exactly one of two lists,
 * threaded through db_stmt.prev/next:
 *
 *   idle  doubly linked, most recently returned at idle_head; each idle
 *         statement is also on the singly linked chain of its hash
 *         bucket (hnext), bucket = FNV-1a(sql) & (DB__BUCKETS - 1);
 *   busy  handed out by db_prepare() and not yet given back.
 *
 * db_prepare() hashes the text, walks one bucket and takes the first
 * idle statement with the same text (the most recently returned, since
 * db_done() pushes at the chain head); on a miss it prepares a new one
 * (SQLITE_PREPARE_PERSISTENT) in a single allocation that also holds
 * the SQL text, the cache key.  Two users of the same text at once
 * therefore get two statements; both become idle when returned.
 * db_done() resets, clears the bindings and pushes the statement onto
 * the idle list and its bucket; when more than max_idle
 * (DB__CACHE_MAX = 128) are idle, the least recently used (idle_tail)
 * is finalized.  Busy statements are never evicted.  A cache hit does
 * no allocation, and the bind/step/column calls are one pointer hop
 * into SQLite, so a 1-million-row import in one transaction allocates
 * nothing per row.
 *
 * Invariants (checked by db__check() in debug builds):
 *   nidle == length of the idle list == number of statements on all
 *   bucket chains; nbusy == length of the busy list; st->busy is 1
 *   exactly for busy statements; nidle <= max_idle after db_done().
 *
 * Binding errors (an index out of range, a string too big) are
 * remembered in the statement (bind_err, bind_idx: the first one since
 * the last reset) and reported, with their message, by the next
 * db_step(); so a caller may bind a whole row and check once.
 *
 * TRANSACTIONS
 *
 * depth counts open levels.  db_begin(): depth 0 -> "BEGIN IMMEDIATE"
 * (a plain deferred "BEGIN" on a read-only connection, which gives a
 * consistent snapshot for multi-query reports), depth > 0 -> "SAVEPOINT
 * lk".  All savepoints share one name: SQLite resolves a name to the
 * innermost savepoint that has it.  db_begin_read(): "BEGIN" at depth 0
 * on any connection.  db_commit(): "COMMIT" or "RELEASE lk";
 * db_rollback(): "ROLLBACK" or "ROLLBACK TO lk; RELEASE lk".  BEGIN,
 * COMMIT, SAVEPOINT and RELEASE run as statements of the cache (found
 * by address, like db_prepare_static), so a server's per-request
 * transactions parse no SQL.
 *
 * SQLite may roll the whole transaction back by itself (disk full, I/O
 * error, out of memory).  The connection then runs in autocommit mode
 * while depth is still > 0.  To keep "all or nothing" true, db_step(),
 * db_exec(), db_begin() and db_commit() refuse to run in that state
 * (LK_EINTERNAL "the transaction was rolled back"); each db_rollback()
 * then only decrements depth, so the callers' cleanup paths unwind
 * normally.  A failed db_commit() leaves its level open: the caller
 * rolls it back.
 *
 * ERROR MAPPING (extended result codes)
 *
 *   CONSTRAINT_CHECK, _NOTNULL, _DATATYPE, MISMATCH   LK_EINVAL
 *   other CONSTRAINT (UNIQUE, PRIMARYKEY, FOREIGNKEY,
 *     TRIGGER i.e. RAISE(ABORT, ...))                 LK_ECONFLICT
 *   BUSY, LOCKED                                      LK_EBUSY
 *   CORRUPT, NOTADB                                   LK_ECORRUPT
 *   CANTOPEN at open: the file does not exist and
 *     DB_CREATE is absent                             LK_ENOTFOUND
 *   CANTOPEN otherwise, IOERR, FULL                   LK_EIO
 *   READONLY, PERM, AUTH                              LK_EPERM
 *   NOMEM                                             LK_ENOMEM
 *   TOOBIG                                            LK_ETOOBIG
 *   anything else (ERROR: syntax, no such table ...)  LK_EINTERNAL
 *
 * Messages are "<what failed>: <sqlite3_errmsg()>", the first part
 * translated, e.g. "cannot open lika.db: unable to open database file",
 * "cannot execute \"INSERT INTO household(no, ...\": UNIQUE constraint
 * failed: household.no".  SQL is quoted as a whitespace-collapsed
 * snippet of at most DB__SNIP_MAX - 1 bytes.
 *
 * MIGRATIONS (migrate.c)
 *
 * Resource names are "schema/NNNN_name.sql": exactly four digits, a
 * version from 1 to 9999, then '_', then a name of [a-z0-9_] (at most
 * 64), then ".sql".  Anything else is rejected (LK_EINVAL) before any
 * change.  The files are applied in version order; each pending one,
 * together with "CREATE TABLE IF NOT EXISTS schema_version(version
 * INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
 * STRICT" and its row (name without number and extension, applied_at
 * as UTC "YYYY-MM-DDTHH:MM:SSZ"), runs in one transaction, so a failing
 * file leaves neither its changes nor its row.  Versions already in
 * schema_version are skipped (a missing lower version, e.g. after a
 * merge, is still applied).  A migration file must not contain BEGIN,
 * COMMIT or PRAGMA foreign_keys (a no-op inside a transaction).
 */
#ifndef LK_DB_INT_H
#define LK_DB_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/err.h"
#include "core/i18n.h"
#include "store/db.h"

struct sqlite3;
struct sqlite3_stmt;
struct lk_resource; /* core/resource.h */

#define DB__MAGIC 0x6c6b6462u	   /* "lkdb" */
#define DB__STMT_MAGIC 0x6c6b7374u /* "lkst" */
#define DB__APP_ID 0x4c494b41	   /* "LIKA", PRAGMA application_id */
#define DB__BUCKETS 256		   /* power of two */
#define DB__CACHE_MAX 128	   /* idle statements kept */
#define DB__BUSY_MS 5000	   /* busy timeout */
#define DB__CACHE_SMALL_KIB "8192" /* DB_SMALL connections */
#define DB__CACHE_KIB "65536" /* page cache per connection: a big import
				 * must not spill dirty pages mid-transaction */
#define DB__MMAP_SCAN "1073741824" /* DB_SCAN: bytes mapped at most */
#define DB__SNIP_MAX 64		   /* SQL quoted in messages */
#define DB__MIGRATION_MAX 9999	   /* highest version NNNN */

struct db_stmt {
	unsigned magic;		     /* DB__STMT_MAGIC while owned */
	int busy;		     /* 1 while handed out */
	int bind_err;		     /* first failed bind (LK_E*) or 0 */
	int bind_idx;		     /* its parameter index */
	int bind_xrc;		     /* its SQLite result code */
	uint32_t hash;		     /* FNV-1a of sql */
	struct db *db;		     /* owner */
	struct sqlite3_stmt *st;     /* never NULL */
	struct db_stmt *prev, *next; /* idle LRU list or busy list */
	struct db_stmt *hnext;	     /* bucket chain, idle statements only */
	const char *src;	     /* caller's text for db_prepare_static */
	size_t sql_len;		     /* strlen(sql) */
	char sql[];		     /* the cache key, NUL-terminated */
};

struct db {
	unsigned magic; /* DB__MAGIC while open */
	int flags;	/* DB_CREATE | DB_READONLY as opened */
	int depth;	/* open transaction levels */
	struct sqlite3 *h;
	char *path;			       /* as given, for messages */
	struct db_stmt *idle_head, *idle_tail; /* head = most recent */
	struct db_stmt *busy;		       /* handed-out statements */
	size_t nidle, nbusy, max_idle;
	uint64_t nprepared; /* statements compiled (cache misses) */
	uint64_t nhits;	    /* db_prepare() served from the cache */
	uint64_t nevicted;  /* idle statements finalized for the bound */
	struct db_stmt *bucket[DB__BUCKETS];
	/* db_prepare_static: hash and length of static SQL texts by their
	 * address (direct-mapped) */
	struct {
		const char *p;
		uint32_t hash;
		size_t len;
	} memo[DB__BUCKETS];
};

/* A snapshot of the statement cache counters (see struct db). */
struct db_cache_stats {
	size_t idle, busy, max_idle;
	uint64_t prepared, hits, evicted;
};

/* Fills *out.  Cannot fail. */
void db__cache_stats(const struct db *db, struct db_cache_stats *out);

/* Sets the bound on idle statements (at least 1); evicts at once down
 * to it.  Cannot fail. */
void db__cache_set_max(struct db *db, size_t max_idle);

/* Sets the busy timeout in milliseconds (tests use a short one).
 * Cannot fail. */
void db__busy_timeout(struct db *db, int ms);

/* 1 if the connection is inside a transaction that SQLite rolled back
 * by itself (see TRANSACTIONS above), else 0.  Cannot fail. */
int db__tx_lost(const struct db *db);

/* Sets *out to 1 if a table named name exists in the main schema, else
 * 0.  Returns 0 or a negative LK_E* code (message in e). */
int db__table_exists(struct db *db, const char *name, int *out,
		     struct lk_err *e);

/* Copies sql into out (n bytes, n >= 4), runs of white space collapsed
 * to one space, truncated with "..." when longer.  Cannot fail. */
void db__snip(const char *sql, char *out, size_t n);

/* The core of db_migrate(): applies the n resources res[0..n-1] (any
 * order; names as described under MIGRATIONS) to db.  res may be NULL
 * when n is 0.  Returns 0, LK_EINVAL for a malformed name, a duplicate
 * version or a NUL byte in a file (nothing applied), LK_ECONFLICT when
 * the database is newer than the newest of res, LK_EINTERNAL when
 * called inside a transaction, or the error of the failing migration
 * (that migration and its row rolled back, earlier ones kept). */
int db__migrate_from(struct db *db, const struct lk_resource *res, size_t n,
		     struct lk_err *e);

#ifndef NDEBUG
/* Asserts every invariant of the connection and its cache. */
void db__check(const struct db *db);
#else
#define db__check(db) ((void)0)
#endif

#ifndef LK_HAVE_PGSQL
#define LK_HAVE_PGSQL 0
#endif

#if LK_HAVE_PGSQL
int db__pg_open(const char *conninfo, int flags, struct db **out,
		struct lk_err *e);
#else
static inline int db__pg_open(const char *conninfo, int flags, struct db **out,
			      struct lk_err *e)
{
	(void)flags;
	(void)out;
	return lk_err_set(e, LK_ENOTSUP, _("cannot open %s: %s"), conninfo,
			  _("postgresql support is not built in"));
}
#endif

/* 1 if path names a PostgreSQL database rather than a file. */
static inline int db__is_pg_path(const char *path)
{
	return !strncmp(path, "postgresql://", 13) ||
	       !strncmp(path, "postgres://", 11);
}

#endif
