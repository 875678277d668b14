/*
 * db.h - the database API of lika.  Only src/store/ includes a database
 * library header; every module above writes portable SQL (the subset
 * SQLite and PostgreSQL share, '?' placeholders numbered from 1) and calls
 * these functions.  The SQLite driver is the default; a PostgreSQL driver
 * can be added behind the same API (LK_HAVE_PGSQL, 0 by default: then a
 * "postgresql://" or "postgres://" path fails with LK_ENOTSUP; see
 * db_int.h for the plan).
 *
 * Connections.  db_open() opens (and with DB_CREATE creates) a ledger
 * file with WAL journaling, foreign keys on, synchronous=NORMAL and a
 * 5 s busy timeout.  Without DB_CREATE no file is ever created.  A
 * connection is used by one thread at a time.
 *
 * Statements.  db_prepare() returns a statement from the connection's
 * cache (keyed by SQL text), reset and with no bindings; the caller binds,
 * steps, and hands it back with db_done().  Never finalize a statement
 * yourself.  A statement stays owned by the connection; db_close()
 * finalizes all of them.  Preparing the same SQL twice while the first is
 * still in use returns a second, separate statement.  At most 128 idle
 * statements are kept (least recently used evicted); a cache hit does
 * not allocate, and neither do the bind/step/column calls.
 *
 * Transactions.  db_begin() starts a write transaction (BEGIN IMMEDIATE;
 * a read transaction, i.e. a consistent snapshot, on a DB_READONLY
 * connection) or, if one is open, a savepoint; db_commit()/db_rollback()
 * end the innermost level.  A crash at any moment leaves the file as it
 * was before the outermost transaction.  If the driver itself aborted
 * the transaction (disk full, I/O error), every further statement,
 * db_begin() and db_commit() fails until the levels are rolled back.
 *
 * Errors.  Every fallible function returns 0 or a negative LK_E* code
 * and, where it takes a struct lk_err, fills it with the driver's message:
 * a uniqueness or foreign-key violation (or a trigger's RAISE(ABORT)) is
 * LK_ECONFLICT, a CHECK, NOT NULL or column-type violation LK_EINVAL, a
 * busy database beyond the timeout LK_EBUSY, a corrupt file or one that
 * is not a ledger LK_ECORRUPT, a missing file (without DB_CREATE)
 * LK_ENOTFOUND, a write on a read-only connection or file LK_EPERM, an
 * I/O failure or full disk LK_EIO, anything else (e.g. an SQL syntax
 * error) LK_EINTERNAL.  Messages are lower case and name what failed
 * first ("cannot open lika.db: unable to open database file").
 *
 * Migrations.  db_migrate() applies the embedded schema/NNNN_name.sql
 * files (core/resource.h) in order, each in its own transaction, skipping
 * those already recorded in the schema_version table (version, name,
 * applied_at).  A database newer than the binary is refused (LK_ECONFLICT).
 * A malformed file name is refused (LK_EINVAL) before anything is applied.
 */
#ifndef LK_DB_H
#define LK_DB_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct db;
struct db_stmt;

enum {
	DB_CREATE = 1,	 /* create the file if missing */
	DB_READONLY = 2, /* open read-only */
	DB_SMALL = 4,	 /* a small page cache: one of many connections
			    of a long-running server (a batch job such as
			    an import gets the large one) */
	DB_SCAN = 8,	 /* the work reads large parts of the file
			    (indicators, reports, checks): read pages
			    through a memory map of up to 1 GiB, shared
			    with the OS cache instead of copied into the
			    page cache.  Mapped pages count in the
			    process's resident size, so a job with a memory
			    target (an import, an export) does not ask for
			    it. */
};

/* Step results (besides negative errors). */
enum { DB_DONE = 0, DB_ROW = 1 };

/* Opens path; *out is set only on success.  DB_CREATE with DB_READONLY
 * is LK_EINVAL.  A file that is not SQLite, or a SQLite database of
 * another program (a foreign PRAGMA application_id), is LK_ECORRUPT
 * "<path> is not a lika ledger".  A new, empty database is marked as a
 * lika ledger (application_id "LIKA").  ":memory:" is accepted (with
 * DB_CREATE) for tests. */
int db_open(const char *path, int flags, struct db **out, struct lk_err *e);
/* Opens a second connection to db's ledger, with db's flags (DB_CREATE
 * aside) and flags added (for work on another thread; DB_CREATE in
 * flags is refused).  LK_ENOTSUP when db cannot have
 * one that sees the same data: an in-memory database, or db inside a
 * transaction (its uncommitted changes would not be visible). */
int db_open_sibling(struct db *db, int flags, struct db **out,
		    struct lk_err *e);
/* Finalizes every statement (handed-out ones too: their pointers die),
 * rolls back an open transaction and frees db.  Accepts NULL. */
void db_close(struct db *db);

/* Runs one or more SQL statements, discarding any rows.  Stops at the
 * first failing statement (earlier ones keep their effect unless a
 * transaction is rolled back); the message quotes it, with its line when
 * sql has several lines.  Never use it for BEGIN/COMMIT: use db_begin(). */
int db_exec(struct db *db, const char *sql, struct lk_err *e);

int db_begin(struct db *db, struct lk_err *e);
/* Begins a read transaction (a consistent snapshot, taken at the first
 * read; a plain deferred BEGIN) or, if one is open, a savepoint; ended
 * by db_commit() or db_rollback().  For a run of reads that should
 * share one snapshot and one lock (a server's GET): a write inside it
 * fails with LK_EBUSY when another connection has committed since the
 * snapshot began, so writers use db_begin(). */
int db_begin_read(struct db *db, struct lk_err *e);
/* Ends the innermost level.  LK_EINTERNAL with no level open.  On any
 * failure the level stays open: the caller must db_rollback() it. */
int db_commit(struct db *db, struct lk_err *e);
/* Rolls back the innermost level; cannot fail visibly (errors are
 * logged).  Safe to call when no transaction is open (no-op). */
void db_rollback(struct db *db);
int db_tx_depth(const struct db *db);

/* sql must hold exactly one statement (comments may follow); an empty
 * or multi-statement text is LK_EINTERNAL, as is an SQL error.  *out is
 * set only on success. */
int db_prepare(struct db *db, const char *sql, struct db_stmt **out,
	       struct lk_err *e);
/* Same for SQL text that never changes and is never freed while the
 * connection is open (string literals, text built once per process):
 * the cache then finds it by address, without hashing or comparing the
 * text.  Hot paths use it. */
int db_prepare_static(struct db *db, const char *sql, struct db_stmt **out,
		      struct lk_err *e);
/* Resets, clears bindings and returns st to the cache.  Accepts NULL. */
void db_done(struct db_stmt *st);

/* Binding (idx from 1).  Text and blobs are copied.  A NULL string or
 * blob pointer binds SQL NULL; db_bind_text() with len < 0 takes s up to
 * its NUL; db_bind_blob() with a pointer and len 0 binds an empty blob.
 * Each returns 0 or a negative code; the first failure since the last
 * reset is also remembered and returned, with its message, by the next
 * db_step(), so a caller may bind a whole row and check once. */
int db_bind_int64(struct db_stmt *st, int idx, int64_t v);
int db_bind_double(struct db_stmt *st, int idx, double v);
int db_bind_text(struct db_stmt *st, int idx, const char *s, int len);
/* Same without the copy: s must stay valid and unchanged until the
 * statement is reset, stepped to completion or done (bulk paths). */
int db_bind_text_ref(struct db_stmt *st, int idx, const char *s, int len);
int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len);
int db_bind_null(struct db_stmt *st, int idx);
/* The largest parameter index the statement uses (?NNN), 0 if none. */
int db_param_count(struct db_stmt *st);

/* DB_ROW, DB_DONE or a negative error (message in e). */
int db_step(struct db_stmt *st, struct lk_err *e);
/* Resets st to run again with the same bindings (forgets a remembered
 * bind failure).  Cannot fail. */
void db_reset(struct db_stmt *st);

/* Columns are numbered from 0.  Values follow SQLite's conversions
 * (NULL reads as 0, 0.0 or a NULL pointer). */

int db_col_count(struct db_stmt *st);
const char *db_col_name(struct db_stmt *st, int i);
int db_col_is_null(struct db_stmt *st, int i);
int64_t db_col_int64(struct db_stmt *st, int i);
double db_col_double(struct db_stmt *st, int i);
/* Borrowed until the next step/reset/done; NULL for SQL NULL. */
const char *db_col_text(struct db_stmt *st, int i);
int db_col_bytes(struct db_stmt *st, int i);
const void *db_col_blob(struct db_stmt *st, int i);

int64_t db_last_insert_id(struct db *db);
int64_t db_changes(struct db *db); /* rows changed by the last statement */

/* Must be called outside a transaction.  On a DB_READONLY connection it
 * succeeds only when nothing is pending (LK_EPERM otherwise).  A failing
 * file is rolled back with its schema_version row; files applied before
 * it stay applied.  Message: "cannot apply schema/NNNN_x.sql: ...". */
int db_migrate(struct db *db, struct lk_err *e);
/* Highest applied schema version (0 for an empty database). */
int db_schema_version(struct db *db, int *out, struct lk_err *e);

/* Copies the write-ahead log into the database file and truncates the
 * log (for backups and before copying the file).  LK_EBUSY when readers
 * or a writer prevent a full checkpoint. */
int db_checkpoint(struct db *db, struct lk_err *e);
/* A number that changes whenever the ledger may have changed: a commit
 * by another connection (of this process or another) or a change made
 * through this one.  Caches of computed results key on it.  0 on
 * failure (never cache then). */
uint64_t db_version(struct db *db);
/* Verifies the file structure and every foreign key.  0 when sound,
 * LK_ECORRUPT with the first problem in e otherwise (or another error
 * if the check cannot run).  Reads the whole file: an operations tool,
 * not for request paths. */
int db_integrity_check(struct db *db, struct lk_err *e);

/* Driver name ("sqlite") and version string, for `lika version`. */
const char *db_driver(void);
const char *db_driver_version(void);

#endif
