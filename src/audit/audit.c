#include "audit/audit.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/num.h"
#include "store/db.h"

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

static void feed(crypto_hash_sha256_state *h, const char *s)
{
	char len[LK_DECIMAL_BUFSZ + 1];
	size_t n, k;

	if (!s) {
		crypto_hash_sha256_update(h, (const unsigned char *)"-;", 2);
		return;
	}
	n = strlen(s);
	/* (no printf: a server appends records in batches) */
	lk_format_decimal((int64_t)n, 0, len, sizeof len - 1);
	k = strlen(len);
	len[k++] = ':';
	crypto_hash_sha256_update(h, (const unsigned char *)len, k);
	crypto_hash_sha256_update(h, (const unsigned char *)s, n);
	crypto_hash_sha256_update(h, (const unsigned char *)";", 1);
}

/* hex SHA-256 of prev and the fields; out has 65 bytes. */
static void chain_hash(const char *prev, int64_t seq, const char *const f[7],
		       char out[65])
{
	crypto_hash_sha256_state h;
	unsigned char d[crypto_hash_sha256_BYTES];
	char seqs[24];
	int i;

	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const unsigned char *)prev,
				  strlen(prev));
	lk_format_decimal(seq, 0, seqs, sizeof seqs);
	feed(&h, seqs);
	for (i = 0; i < 7; i++)
		feed(&h, f[i]);
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(out, 65, d, sizeof d);
}

/* Appends a record made at time at. */
static int append(struct lk_ctx *ctx, const char *at, const char *action,
		  const char *entity, const char *entity_id,
		  const char *before, const char *after)
{
	static const char last[] =
		"SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
	static const char ins[] =
		"INSERT INTO audit (seq, at, user, action, entity, entity_id, "
		"before, after, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)";
	struct db_stmt *st = NULL;
	char prev[65] = ZERO_HASH, hash[65];
	int64_t seq = 1;
	int rc, i;
	const char *f[7];

	assert(db_tx_depth(ctx->db) > 0);
	if ((rc = db_prepare_static(ctx->db, last, &st, &ctx->err)))
		goto out;
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_ROW) {
		const char *h = db_col_text(st, 1);
		seq = db_col_int64(st, 0) + 1;
		snprintf(prev, sizeof prev, "%s", h ? h : "");
	}
	db_done(st);
	st = NULL;
	f[0] = at;
	f[1] = ctx->user ? ctx->user : "";
	f[2] = action;
	f[3] = entity;
	f[4] = entity_id;
	f[5] = before;
	f[6] = after;
	chain_hash(prev, seq, f, hash);
	if ((rc = db_prepare_static(ctx->db, ins, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, seq);
	for (i = 0; i < 7; i++)
		db_bind_text(st, i + 2, f[i], -1);
	db_bind_text(st, 9, prev, -1);
	db_bind_text(st, 10, hash, -1);
	rc = db_step(st, &ctx->err);
	if (rc > 0)
		rc = 0;
out:
	db_done(st);
	return rc;
}

int lk_audit(struct lk_ctx *ctx, const char *action, const char *entity,
	     const char *entity_id, const char *before, const char *after)
{
	char at[LK_ISO_NOW_BUFSZ];

	lk_now_iso(at);
	return append(ctx, at, action, entity, entity_id, before, after);
}

/* ---- the queue of reads ------------------------------------------------ */

/* A queued record: its strings follow the struct in one allocation. */
struct qrec {
	struct qrec *next;
	struct timespec queued;	/* CLOCK_MONOTONIC */
	const char *user, *entity, *entity_id;
	char at[LK_ISO_NOW_BUFSZ];
};

struct lk_audit_queue {
	pthread_mutex_t lock;
	pthread_cond_t wake;	/* the writer: records or stop */
	pthread_cond_t room;	/* readers waiting for room */
	pthread_t thread;
	struct qrec *head, *tail; /* oldest first */
	size_t n;
	int stop;
	struct lk_ctx ctx;	/* the writer's; ctx.db its connection */
};

static void ts_add_ms(struct timespec *t, long ms)
{
	t->tv_sec += ms / 1000;
	t->tv_nsec += (ms % 1000) * 1000000L;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

static int ts_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* Appends the first k queued records in one transaction.  Called without
 * the lock: records are only ever appended behind them meanwhile. */
static int write_batch(struct lk_audit_queue *q, struct qrec *r, size_t k)
{
	int rc;

	assert(k > 0);
	if ((rc = db_begin(q->ctx.db, &q->ctx.err)))
		return rc;
	for (;;) {
		q->ctx.user = r->user;
		if ((rc = append(&q->ctx, r->at, "read", r->entity,
				 r->entity_id, NULL, NULL)))
			goto out;
		if (--k == 0)
			break;
		r = r->next; /* (never the last's: an enqueue may set it) */
	}
	rc = db_commit(q->ctx.db, &q->ctx.err);
out:
	if (rc)
		db_rollback(q->ctx.db);
	return rc;
}

static void *writer(void *arg)
{
	struct lk_audit_queue *q = arg;
	struct timespec now, due;
	struct qrec *r;
	size_t k;
	int rc, fails = 0;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		if (!q->n) {
			if (q->stop)
				break;
			pthread_cond_wait(&q->wake, &q->lock);
			continue;
		}
		due = q->head->queued;
		ts_add_ms(&due, LK_AUDIT_DELAY_MS);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (!q->stop && q->n < LK_AUDIT_BATCH &&
		    ts_before(&now, &due)) {
			pthread_cond_timedwait(&q->wake, &q->lock, &due);
			continue;
		}
		k = q->n;
		r = q->head;
		pthread_mutex_unlock(&q->lock);
		rc = write_batch(q, r, k);
		pthread_mutex_lock(&q->lock);
		if (rc) {
			lk_log(LK_LOG_ERROR,
			       _("cannot write %zu audit records of reads "
				 "(will retry): %s"),
			       k, lk_err_msg(&q->ctx.err));
			if (q->stop && ++fails >= 3) {
				lk_log(LK_LOG_ERROR,
				       _("%zu audit records of reads are "
					 "lost"),
				       q->n);
				k = q->n;
			} else {
				/* (a busy ledger already waited for its
				 * timeout; other failures wait here) */
				clock_gettime(CLOCK_MONOTONIC, &due);
				ts_add_ms(&due, 1000);
				pthread_cond_timedwait(&q->wake, &q->lock,
						       &due);
				continue;
			}
		}
		fails = 0;
		for (; k > 0; k--) {
			r = q->head;
			q->head = r->next;
			free(r);
			q->n--;
		}
		if (!q->head)
			q->tail = NULL;
		pthread_cond_broadcast(&q->room);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

int lk_audit_queue_new(const char *db_path, struct lk_audit_queue **out,
		       struct lk_err *e)
{
	struct lk_audit_queue *q = calloc(1, sizeof *q);
	pthread_condattr_t ca;
	int rc = LK_EINTERNAL, inited = 0;

	if (!q) {
		rc = lk_err_set(e, LK_ENOMEM, "%s", lk_strerror(LK_ENOMEM));
		goto out;
	}
	q->ctx.user = "";
	q->ctx.scope = "";
	if ((rc = db_open(db_path, DB_SMALL, &q->ctx.db, e)))
		goto out;
	if (pthread_condattr_init(&ca) != 0) {
		rc = lk_err_set(e, LK_EINTERNAL,
				_("cannot start the audit writer"));
		goto out;
	}
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	if (pthread_mutex_init(&q->lock, NULL) != 0 ||
	    pthread_cond_init(&q->wake, &ca) != 0 ||
	    pthread_cond_init(&q->room, &ca) != 0) {
		pthread_condattr_destroy(&ca);
		rc = lk_err_set(e, LK_EINTERNAL,
				_("cannot start the audit writer"));
		goto out;
	}
	pthread_condattr_destroy(&ca);
	inited = 1;
	if (pthread_create(&q->thread, NULL, writer, q) != 0) {
		rc = lk_err_set(e, LK_EINTERNAL,
				_("cannot start the audit writer"));
		goto out;
	}
	*out = q;
	q = NULL;
	rc = 0;
out:
	if (q) {
		if (inited) {
			pthread_cond_destroy(&q->room);
			pthread_cond_destroy(&q->wake);
			pthread_mutex_destroy(&q->lock);
		}
		db_close(q->ctx.db);
		free(q);
	}
	return rc;
}

void lk_audit_queue_free(struct lk_audit_queue *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->lock);
	q->stop = 1;
	pthread_cond_signal(&q->wake);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->thread, NULL);
	assert(!q->head);
	pthread_cond_destroy(&q->room);
	pthread_cond_destroy(&q->wake);
	pthread_mutex_destroy(&q->lock);
	db_close(q->ctx.db);
	free(q);
}

/* Queues a read of entity_id by user. */
static int enqueue(struct lk_audit_queue *q, struct lk_err *e,
		   const char *user, const char *entity,
		   const char *entity_id)
{
	size_t lu = strlen(user) + 1, le = strlen(entity) + 1,
	       li = strlen(entity_id) + 1;
	struct qrec *r = malloc(sizeof *r + lu + le + li);
	struct timespec due;
	char *p;

	if (!r)
		return lk_err_set(e, LK_ENOMEM, "%s", lk_strerror(LK_ENOMEM));
	p = (char *)(r + 1);
	r->user = memcpy(p, user, lu);
	r->entity = memcpy(p + lu, entity, le);
	r->entity_id = memcpy(p + lu + le, entity_id, li);
	r->next = NULL;
	lk_now_iso(r->at);
	clock_gettime(CLOCK_MONOTONIC, &due);
	ts_add_ms(&due, LK_AUDIT_WAIT_MS);
	pthread_mutex_lock(&q->lock);
	while (q->n >= LK_AUDIT_QUEUE_MAX && !q->stop)
		if (pthread_cond_timedwait(&q->room, &q->lock, &due) ==
		    ETIMEDOUT) {
			pthread_mutex_unlock(&q->lock);
			free(r);
			return lk_err_set(e, LK_EBUSY,
					  _("the ledger is busy: try again"));
		}
	clock_gettime(CLOCK_MONOTONIC, &r->queued);
	if (q->tail)
		q->tail->next = r;
	else
		q->head = r;
	q->tail = r;
	if (++q->n == 1 || q->n == LK_AUDIT_BATCH)
		pthread_cond_signal(&q->wake);
	pthread_mutex_unlock(&q->lock);
	return 0;
}

int lk_audit_version(struct lk_ctx *ctx, int64_t *out)
{
	static const char q[] =
	    "SELECT coalesce(max(seq), 0) FROM audit WHERE action NOT IN "
	    "('read', 'login', 'logout')";
	struct db_stmt *st = NULL;
	int rc;

	*out = 0;
	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	if ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		*out = db_col_int64(st, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 0;
	}
	db_done(st);
	return rc;
}

int lk_audit_read(struct lk_ctx *ctx, const char *entity,
		  const char *entity_id)
{
	int rc;

	if (ctx->audit_q)
		return enqueue(ctx->audit_q, &ctx->err,
			       ctx->user ? ctx->user : "", entity, entity_id);
	if ((rc = db_begin(ctx->db, &ctx->err)))
		return rc;
	if ((rc = lk_audit(ctx, "read", entity, entity_id, NULL, NULL)) ||
	    (rc = db_commit(ctx->db, &ctx->err))) {
		db_rollback(ctx->db);
		return rc;
	}
	return 0;
}

int lk_audit_verify(struct lk_ctx *ctx, int64_t *count, int64_t *bad_seq)
{
	static const char sql[] =
		"SELECT seq, at, user, action, entity, entity_id, before, "
		"after, prev_hash, hash FROM audit ORDER BY seq";
	struct db_stmt *st = NULL;
	char prev[65] = ZERO_HASH, hash[65];
	int64_t n = 0, expect = 1;
	int rc, step;

	*bad_seq = 0;
	if ((rc = db_prepare(ctx->db, sql, &st, &ctx->err)))
		goto out;
	while ((step = db_step(st, &ctx->err)) == DB_ROW) {
		int64_t seq = db_col_int64(st, 0);
		const char *f[7];
		const char *sprev = db_col_text(st, 8);
		const char *shash = db_col_text(st, 9);
		int i;

		for (i = 0; i < 7; i++)
			f[i] = db_col_text(st, i + 1);
		if (seq != expect) {
			*bad_seq = seq;
			rc = lk_err_set(&ctx->err, LK_ECORRUPT,
					_("audit record %lld follows record "
					  "%lld: a record was deleted or "
					  "reordered"),
					(long long)seq, (long long)(expect - 1));
			goto out;
		}
		chain_hash(prev, seq, f, hash);
		if (!sprev || strcmp(sprev, prev) != 0 || !shash ||
		    strcmp(shash, hash) != 0) {
			*bad_seq = seq;
			rc = lk_err_set(&ctx->err, LK_ECORRUPT,
					_("audit record %lld was changed: its "
					  "hash does not match its content and "
					  "the chain"),
					(long long)seq);
			goto out;
		}
		memcpy(prev, hash, sizeof prev);
		n++;
		expect++;
	}
	if (step < 0) {
		rc = step;
		goto out;
	}
	*count = n;
	rc = 0;
out:
	db_done(st);
	return rc;
}

int lk_audit_list(struct lk_ctx *ctx, const struct lk_audit_filter *f,
		  int (*fn)(void *arg, const struct lk_audit_rec *r),
		  void *arg)
{
	static const char sql[] =
		"SELECT seq, at, user, action, entity, entity_id, before, after "
		"FROM (SELECT * FROM audit WHERE (?1 IS NULL OR entity = ?1) "
		"AND (?2 IS NULL OR entity_id = ?2) AND (?3 IS NULL OR user = "
		"?3) AND (?4 IS NULL OR at >= ?4) ORDER BY seq DESC LIMIT ?5) "
		"ORDER BY seq";
	struct db_stmt *st = NULL;
	struct lk_audit_rec r;
	char entity[64] = "";
	const char *id = NULL;
	int rc;

	if (f->entity) {
		const char *colon = strchr(f->entity, ':');
		size_t n = colon ? (size_t)(colon - f->entity)
				 : strlen(f->entity);
		if (n >= sizeof entity)
			n = sizeof entity - 1;
		memcpy(entity, f->entity, n);
		entity[n] = '\0';
		id = colon ? colon + 1 : NULL;
	}
	if ((rc = db_prepare(ctx->db, sql, &st, &ctx->err)))
		return rc;
	db_bind_text(st, 1, f->entity ? entity : NULL, -1);
	db_bind_text(st, 2, id, -1);
	db_bind_text(st, 3, f->user, -1);
	db_bind_text(st, 4, f->since, -1);
	db_bind_int64(st, 5, f->limit > 0 ? f->limit : -1);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		r.seq = db_col_int64(st, 0);
		r.at = db_col_text(st, 1);
		r.user = db_col_text(st, 2);
		r.action = db_col_text(st, 3);
		r.entity = db_col_text(st, 4);
		r.entity_id = db_col_text(st, 5);
		r.before = db_col_text(st, 6);
		r.after = db_col_text(st, 7);
		if ((rc = fn(arg, &r)))
			break;
	}
	db_done(st);
	return rc;
}
