#include "audit/audit.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/i18n.h"
#include "store/db.h"

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

static void feed(crypto_hash_sha256_state *h, const char *s)
{
	char len[24];

	if (!s) {
		crypto_hash_sha256_update(h, (const unsigned char *)"-;", 2);
		return;
	}
	snprintf(len, sizeof len, "%zu:", strlen(s));
	crypto_hash_sha256_update(h, (const unsigned char *)len, strlen(len));
	crypto_hash_sha256_update(h, (const unsigned char *)s, strlen(s));
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
	snprintf(seqs, sizeof seqs, "%" PRId64, seq);
	feed(&h, seqs);
	for (i = 0; i < 7; i++)
		feed(&h, f[i]);
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(out, 65, d, sizeof d);
}

int lk_audit(struct lk_ctx *ctx, const char *action, const char *entity,
	     const char *entity_id, const char *before, const char *after)
{
	static const char last[] =
		"SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
	static const char ins[] =
		"INSERT INTO audit (seq, at, user, action, entity, entity_id, "
		"before, after, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)";
	struct db_stmt *st = NULL;
	char prev[65] = ZERO_HASH, hash[65], at[32];
	int64_t seq = 1;
	int rc, i;
	const char *f[7];

	assert(db_tx_depth(ctx->db) > 0);
	if ((rc = db_prepare(ctx->db, last, &st, &ctx->err)))
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
	lk_now_iso(at);
	f[0] = at;
	f[1] = ctx->user ? ctx->user : "";
	f[2] = action;
	f[3] = entity;
	f[4] = entity_id;
	f[5] = before;
	f[6] = after;
	chain_hash(prev, seq, f, hash);
	if ((rc = db_prepare(ctx->db, ins, &st, &ctx->err)))
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
