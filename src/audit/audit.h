/*
 * audit.h - the append-only, hash-chained audit log.
 *
 * Every write of a service appends one record in the same transaction as
 * the write: when, who (ctx->user), the action ("create", "update",
 * "remove", "import", "load" ...), the entity kind and its natural key,
 * and JSON images of the record before and after (NULL when absent).
 *
 * Chain.  Each record stores prev_hash (the previous record's hash; 64
 * zeros for the first) and hash = SHA-256 over prev_hash followed by a
 * canonical encoding of the record: every field (seq, at, user, action,
 * entity, entity_id, before, after) written as "<length>:<bytes>;" or
 * "-;" for NULL.  Changing, deleting or reordering any record breaks the
 * chain at that record; lk_audit_verify() finds the first such record.
 *
 * Reads.  An unmasked read of a household is audited too (action "read",
 * lk_audit_read()).  The CLI writes that record at once, in its own
 * transaction.  A server gives its contexts a queue (ctx->audit_q,
 * lk_audit_queue_new()) instead, so that a read costs no transaction of
 * its own:
 *
 *   - lk_audit_read() copies the record, with the time of the read, into
 *     the queue and returns; it never fails for a busy ledger;
 *   - a thread of the queue, on its own connection, appends the queued
 *     records to the chain, in the order they were queued, in one
 *     transaction, as soon as LK_AUDIT_BATCH are pending or
 *     LK_AUDIT_DELAY_MS after the oldest of them was queued;
 *   - lk_audit_queue_free() (at shutdown) commits all that is still
 *     queued before it returns.
 *
 * The guarantee: the record of a read answered at time t is committed by
 * t + LK_AUDIT_DELAY_MS plus the time of one commit (when the ledger is
 * locked by a writer, the commit waits for it and is retried, never
 * dropped), and before the server exits on SIGTERM or SIGINT.  Only a
 * crash of the process (SIGKILL, power loss) may lose the records of
 * that last interval.  When LK_AUDIT_QUEUE_MAX records are pending (the
 * ledger cannot be written), lk_audit_read() waits for room, at most
 * LK_AUDIT_WAIT_MS, then fails with LK_EBUSY: a read is never answered
 * without its record queued.  A queued
 * record may follow, in the chain, a write committed after the read; its
 * time ("at") is the time of the read.
 */
#ifndef LK_AUDIT_H
#define LK_AUDIT_H

#include <stdint.h>

#include "core/ctx.h"

/* Appends a record.  Must run inside a transaction of the caller. */
int lk_audit(struct lk_ctx *ctx, const char *action, const char *entity,
	     const char *entity_id, const char *before, const char *after);

/* Audits an unmasked read of entity_id (action "read") by ctx->user:
 * queued when ctx->audit_q is set (LK_EBUSY when the queue stays full),
 * else appended in a transaction of its own (nested in the caller's if
 * one is open). */
int lk_audit_read(struct lk_ctx *ctx, const char *entity,
		  const char *entity_id);

/* The sequence number of the last record of a change (any record but
 * those of access: "read", "login", "logout") into *out, 0 for an empty
 * log.  Every change of the ledger's data, by any process, is audited,
 * so the number grows with each and with nothing else: the version of
 * the data that caches of figures computed from it are keyed by.  Read
 * it before computing what is cached. */
int lk_audit_version(struct lk_ctx *ctx, int64_t *out);

#define LK_AUDIT_BATCH 256	 /* records that start a commit */
#define LK_AUDIT_DELAY_MS 50	 /* the longest a record waits */
#define LK_AUDIT_QUEUE_MAX 4096	 /* records pending: readers wait */
#define LK_AUDIT_WAIT_MS 5000	 /* ... at most this long (LK_EBUSY) */

/* A queue writing to the ledger at db_path, with its thread started.
 * LK_ENOMEM, LK_EINTERNAL (no thread) or db_open()'s errors, with e
 * set. */
int lk_audit_queue_new(const char *db_path, struct lk_audit_queue **out,
		       struct lk_err *e);
/* Commits every queued record, stops the thread and frees q (accepts
 * NULL).  Records that cannot be written after retrying for a while are
 * reported on the log with their number. */
void lk_audit_queue_free(struct lk_audit_queue *q);

/* Checks the whole chain.  0 if intact (*count set to the number of
 * records); LK_ECORRUPT with ctx->err naming the first bad record (and
 * *bad_seq set) otherwise. */
int lk_audit_verify(struct lk_ctx *ctx, int64_t *count, int64_t *bad_seq);


struct lk_audit_rec {
	int64_t seq;
	const char *at, *user, *action, *entity, *entity_id, *before, *after;
};

struct lk_audit_filter {
	const char *entity;    /* "household" or "household:NO"; NULL = any */
	const char *user;      /* NULL = any */
	const char *since;     /* ISO date or time; NULL = from the start */
	int limit;             /* 0 = all; the newest records are kept */
};

/* Calls fn for each matching record, oldest first (values valid during
 * the call). */
int lk_audit_list(struct lk_ctx *ctx, const struct lk_audit_filter *f,
		  int (*fn)(void *arg, const struct lk_audit_rec *r),
		  void *arg);

#endif
