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
 */
#ifndef LK_AUDIT_H
#define LK_AUDIT_H

#include <stdint.h>

#include "core/ctx.h"

/* Appends a record.  Must run inside a transaction of the caller. */
int lk_audit(struct lk_ctx *ctx, const char *action, const char *entity,
	     const char *entity_id, const char *before, const char *after);

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
