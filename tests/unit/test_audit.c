/*
 * test_audit.c - unit tests of the hash-chained audit log (audit/audit.h):
 * the chain of several records verifies and follows the documented
 * encoding; changing any field, deleting a row, swapping two rows'
 * contents or rewriting one record with a fresh hash is detected at the
 * first bad record; listing with filters; reads audited through the
 * queue of a server.
 */
#include "fixture.h"

#include <inttypes.h>
#include <sodium.h>
#include <time.h>

/* Appends records in one transaction. */
static void append(struct fx *f, const char *action, const char *entity,
		   const char *id, const char *before, const char *after)
{
	fx_must(f, db_begin(f->ctx.db, &f->ctx.err));
	fx_must(f, lk_audit(&f->ctx, action, entity, id, before, after));
	fx_must(f, db_commit(f->ctx.db, &f->ctx.err));
}

/* The fixture's code-list record plus five more: seq 1..6. */
static void chain(struct fx *f)
{
	append(f, "create", "household", "H1", NULL, "{\"a\":1}");
	append(f, "update", "household", "H1", "{\"a\":1}", "{\"a\":2}");
	f->ctx.user = "admin";
	append(f, "create", "member", "532923196503040116", NULL, "{}");
	append(f, "remove", "member", "532923196503040116", "{}", NULL);
	f->ctx.user = "test";
	append(f, "import", "import", NULL, NULL, "");
	assert_int_equal(fx_int(f, "SELECT max(seq) FROM audit"), 6);
	/* a copy to restore from */
	fx_exec(f, "CREATE TEMP TABLE saved AS SELECT * FROM audit");
}

static void restore(struct fx *f)
{
	fx_exec(f, "DELETE FROM audit; INSERT INTO audit SELECT * FROM "
		   "temp.saved");
	assert_int_equal(fx_audit_ok(f), 6);
}

/* Verification fails at seq want, with a message naming it. */
static void assert_broken(struct fx *f, int64_t want, const char *why)
{
	int64_t n = -1, bad = -1;
	char num[32];
	int rc = lk_audit_verify(&f->ctx, &n, &bad);

	if (rc != LK_ECORRUPT)
		fail_msg("%s: verify gave %d, want LK_ECORRUPT", why, rc);
	if (bad != want)
		fail_msg("%s: first bad record %" PRId64 ", want %" PRId64, why,
			 bad, want);
	assert_int_equal(f->ctx.err.code, LK_ECORRUPT);
	snprintf(num, sizeof num, "record %" PRId64, want);
	fx_contains(f->ctx.err.msg, num);
}

/* The documented hash: SHA-256 over prev_hash, then each field (seq, at,
 * user, action, entity, entity_id, before, after) as "<len>:<bytes>;" or
 * "-;" for NULL, in lower-case hex. */
static void doc_hash(const char *prev, const char *const v[8], char out[65])
{
	crypto_hash_sha256_state h;
	unsigned char d[crypto_hash_sha256_BYTES];
	char len[32];
	int i;

	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const unsigned char *)prev,
				  strlen(prev));
	for (i = 0; i < 8; i++) {
		if (!v[i]) {
			crypto_hash_sha256_update(
			    &h, (const unsigned char *)"-;", 2);
			continue;
		}
		snprintf(len, sizeof len, "%zu:", strlen(v[i]));
		crypto_hash_sha256_update(&h, (const unsigned char *)len,
					  strlen(len));
		crypto_hash_sha256_update(&h, (const unsigned char *)v[i],
					  strlen(v[i]));
		crypto_hash_sha256_update(&h, (const unsigned char *)";", 1);
	}
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(out, 65, d, sizeof d);
}

/* Recomputes the hash of record seq from its stored fields. */
static void rehash(struct fx *f, int64_t seq, char out[65], char prev[65])
{
	struct db_stmt *st = NULL;
	const char *v[8];
	char q[256];
	int i;

	snprintf(q, sizeof q,
		 "SELECT seq, at, user, action, entity, entity_id, before, "
		 "after, prev_hash FROM audit WHERE seq = %" PRId64,
		 seq);
	fx_must(f, db_prepare(f->ctx.db, q, &st, &f->ctx.err));
	assert_int_equal(db_step(st, &f->ctx.err), DB_ROW);
	for (i = 0; i < 8; i++)
		v[i] = db_col_text(st, i);
	snprintf(prev, 65, "%s", db_col_text(st, 8));
	doc_hash(prev, v, out);
	db_done(st);
}

/* ---- an intact chain ------------------------------------------------- */

static void test_chain_verifies(void **state)
{
	struct fx *f = *state;
	char h[65], prev[65], stored[128], last[65] = "";
	int64_t seq;

	/* the fixture's code-list load is record 1 */
	assert_int_equal(fx_audit_ok(f), 1);
	chain(f);
	assert_int_equal(fx_audit_ok(f), 6);
	/* the first record chains to 64 zeros; each to the one before; each
	 * hash is the documented encoding */
	for (seq = 1; seq <= 6; seq++) {
		char q[128];
		rehash(f, seq, h, prev);
		if (seq == 1)
			assert_string_equal(prev,
					    "00000000000000000000000000000"
					    "00000000000000000000000000000"
					    "000000");
		else
			assert_string_equal(prev, last);
		snprintf(q, sizeof q,
			 "SELECT hash FROM audit WHERE seq = %" PRId64, seq);
		fx_text(f, q, stored, sizeof stored);
		assert_string_equal(stored, h);
		memcpy(last, h, sizeof last);
	}
	/* who, when */
	fx_text(f, "SELECT user || ' ' || at FROM audit WHERE seq = 4", stored,
		sizeof stored);
	assert_string_equal(stored, "admin 2024-06-30T10:00:00+08:00");
	/* NULL and empty are different and both kept */
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit WHERE seq = 6 "
				   "AND entity_id IS NULL AND before IS NULL "
				   "AND after = ''"),
			 1);
}

static void test_empty_chain(void **state)
{
	struct fx *f = *state;
	int64_t n = -1, bad = -1;

	fx_exec(f, "DELETE FROM audit");
	fx_must(f, lk_audit_verify(&f->ctx, &n, &bad));
	assert_int_equal(n, 0);
	assert_int_equal(bad, 0);
	/* a new chain starts again at 1 */
	append(f, "create", "x", "1", NULL, NULL);
	assert_int_equal(fx_audit_ok(f), 1);
	assert_int_equal(fx_int(f, "SELECT seq FROM audit"), 1);
}

/* Appends rolled back with their transaction leave no trace. */
static void test_rollback_appends_nothing(void **state)
{
	struct fx *f = *state;

	chain(f);
	fx_must(f, db_begin(f->ctx.db, &f->ctx.err));
	fx_must(f, lk_audit(&f->ctx, "create", "x", "1", NULL, "{}"));
	fx_must(f, lk_audit(&f->ctx, "create", "x", "2", NULL, "{}"));
	db_rollback(f->ctx.db);
	assert_int_equal(fx_audit_ok(f), 6);
	append(f, "create", "x", "3", NULL, "{}");
	assert_int_equal(fx_audit_ok(f), 7);
	assert_int_equal(fx_int(f, "SELECT max(seq) FROM audit"), 7);
}

/* ---- tampering ------------------------------------------------------- */

static void test_tamper_each_field(void **state)
{
	static const char *const sets[] = {
	    "after = '{\"a\":3}'",
	    "after = NULL",
	    "before = '{\"a\":0}'",
	    "before = NULL",
	    "user = 'mallory'",
	    "at = '2024-06-30T10:00:01+08:00'",
	    "action = 'create'",
	    "entity = 'member'",
	    "entity_id = 'H2'",
	    "entity_id = NULL",
	    "prev_hash = '"
	    "0000000000000000000000000000000000000000000000"
	    "000000000000000000'",
	    "hash = upper(hash)",
	};
	struct fx *f = *state;
	char q[256];
	size_t i;

	chain(f);
	for (i = 0; i < sizeof sets / sizeof *sets; i++) {
		snprintf(q, sizeof q, "UPDATE audit SET %s WHERE seq = 3",
			 sets[i]);
		fx_exec(f, q);
		assert_broken(f, 3, sets[i]);
		restore(f);
	}
	/* the first and the last record too */
	fx_exec(f, "UPDATE audit SET after = '{\"codes\":1}' WHERE seq = 1");
	assert_broken(f, 1, "first");
	restore(f);
	fx_exec(f, "UPDATE audit SET after = NULL WHERE seq = 6");
	assert_broken(f, 6, "last: empty text to NULL");
	restore(f);
	/* two changes: the first is reported */
	fx_exec(f, "UPDATE audit SET user = 'x' WHERE seq IN (2, 5)");
	assert_broken(f, 2, "two");
}

static void test_delete_row(void **state)
{
	struct fx *f = *state;

	chain(f);
	fx_exec(f, "DELETE FROM audit WHERE seq = 3");
	assert_broken(f, 4, "delete 3");
	fx_contains(f->ctx.err.msg, "deleted");
	restore(f);
	fx_exec(f, "DELETE FROM audit WHERE seq = 1");
	assert_broken(f, 2, "delete 1");
	restore(f);
	fx_exec(f, "DELETE FROM audit WHERE seq IN (2, 3)");
	assert_broken(f, 4, "delete 2 and 3");
	restore(f);
	/* deleting and renumbering the rest: the chain breaks */
	fx_exec(f, "DELETE FROM audit WHERE seq = 3; "
		   "UPDATE audit SET seq = seq - 1 WHERE seq > 3");
	assert_broken(f, 3, "delete 3 and renumber");
}

static void test_swap_rows(void **state)
{
	static const char swap[] =
	    "UPDATE audit SET (at, user, action, entity, entity_id, "
	    "before, after, prev_hash, hash) = (SELECT at, user, action, "
	    "entity, entity_id, before, after, prev_hash, hash FROM "
	    "temp.saved s WHERE s.seq = CASE audit.seq WHEN %d THEN %d "
	    "ELSE %d END) WHERE seq IN (%d, %d)";
	struct fx *f = *state;
	char q[512];

	chain(f);
	snprintf(q, sizeof q, swap, 2, 3, 2, 2, 3);
	fx_exec(f, q);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit a JOIN "
				   "temp.saved s ON s.seq = 5 - a.seq WHERE "
				   "a.seq IN (2, 3) AND a.hash = s.hash"),
			 2);
	assert_broken(f, 2, "swap 2 and 3");
	restore(f);
	snprintf(q, sizeof q, swap, 4, 6, 4, 4, 6);
	fx_exec(f, q);
	assert_broken(f, 4, "swap 4 and 6");
	restore(f);
	/* swapping only the contents, keeping the hashes in place */
	fx_exec(f, "UPDATE audit SET (user, action) = (SELECT user, action "
		   "FROM temp.saved s WHERE s.seq = 7 - audit.seq) WHERE seq "
		   "IN (3, 4)");
	assert_broken(f, 3, "swap contents of 3 and 4");
}

/* Someone who rewrites a record and its hash still breaks the link of
 * the next record. */
static void test_rehashed_record(void **state)
{
	struct fx *f = *state;
	char h[65], prev[65], q[256];

	chain(f);
	fx_exec(f, "UPDATE audit SET after = '{\"a\":99}' WHERE seq = 3");
	rehash(f, 3, h, prev);
	snprintf(q, sizeof q, "UPDATE audit SET hash = '%s' WHERE seq = 3", h);
	fx_exec(f, q);
	assert_broken(f, 4, "rehashed 3");
	/* and the last one cannot be told from a genuine record: that is
	 * what the chain can and cannot do */
	restore(f);
	fx_exec(f, "UPDATE audit SET after = 'x' WHERE seq = 6");
	rehash(f, 6, h, prev);
	snprintf(q, sizeof q, "UPDATE audit SET hash = '%s' WHERE seq = 6", h);
	fx_exec(f, q);
	assert_int_equal(fx_audit_ok(f), 6);
}

/* ---- listing --------------------------------------------------------- */

static int collect(void *arg, const struct lk_audit_rec *r)
{
	struct lk_buf *b = arg;

	if (b->len)
		lk_buf_addc(b, ',');
	lk_buf_printf(b, "%lld", (long long)r->seq);
	return 0;
}

static const char *list(struct fx *f, const struct lk_audit_filter *flt,
			char *out, size_t n)
{
	struct lk_buf b = LK_BUF_INIT(4096);

	fx_must(f, lk_audit_list(&f->ctx, flt, collect, &b));
	snprintf(out, n, "%s", lk_buf_str(&b));
	lk_buf_free(&b);
	return out;
}

static void test_list(void **state)
{
	struct fx *f = *state;
	struct lk_audit_filter flt = {0};
	char s[256];

	chain(f);
	assert_string_equal(list(f, &flt, s, sizeof s), "1,2,3,4,5,6");
	flt.entity = "household";
	assert_string_equal(list(f, &flt, s, sizeof s), "2,3");
	flt.entity = "household:H1";
	assert_string_equal(list(f, &flt, s, sizeof s), "2,3");
	flt.entity = "household:H2";
	assert_string_equal(list(f, &flt, s, sizeof s), "");
	flt.entity = "member";
	flt.user = "admin";
	assert_string_equal(list(f, &flt, s, sizeof s), "4,5");
	flt.entity = NULL;
	assert_string_equal(list(f, &flt, s, sizeof s), "4,5");
	flt.user = NULL;
	flt.limit = 2;
	assert_string_equal(list(f, &flt, s, sizeof s), "5,6");
	flt.limit = 0;
	flt.since = "2024-07-01";
	assert_string_equal(list(f, &flt, s, sizeof s), "");
	flt.since = "2024-06-30";
	assert_string_equal(list(f, &flt, s, sizeof s), "1,2,3,4,5,6");
}

/* Reads audited through the queue: committed after the delay, or at
 * once when a batch is full, in the order of the reads, chained; all
 * committed when the queue is freed. */
static void test_read_queue(void **state)
{
	struct fx *f = *state;
	struct lk_audit_queue *q = NULL;
	struct lk_err e;
	int64_t base, n, bad;
	char id[32];
	int i;

	base = fx_int(f, "SELECT count(*) FROM audit");
	/* without a queue: at once */
	fx_must(f, lk_audit_read(&f->ctx, "household", "H0"));
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit"), base + 1);
	fx_must(f, lk_audit_queue_new(f->path, &q, &e));
	f->ctx.audit_q = q;
	f->ctx.user = "reader";
	fx_must(f, lk_audit_read(&f->ctx, "household", "H1"));
	fx_must(f, lk_audit_read(&f->ctx, "household", "H2"));
	/* the delay: committed within LK_AUDIT_DELAY_MS (and some slack for
	 * a loaded machine) */
	for (i = 0; i < 200 && fx_int(f, "SELECT count(*) FROM audit WHERE "
					 "action = 'read'") < 3;
	     i++)
		nanosleep(&(struct timespec){0, 10000000}, NULL);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit WHERE "
				   "action = 'read' AND user = 'reader'"),
			 2);
	/* a full batch and more; the rest at the end */
	for (i = 0; i < LK_AUDIT_BATCH + 10; i++) {
		snprintf(id, sizeof id, "B%d", i);
		fx_must(f, lk_audit_read(&f->ctx, "household", id));
	}
	lk_audit_queue_free(q);
	f->ctx.audit_q = NULL;
	f->ctx.user = "test";
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit"),
			 base + 3 + LK_AUDIT_BATCH + 10);
	/* in the order of the reads */
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit a JOIN audit b "
				   "ON b.seq = a.seq + 1 WHERE a.entity_id "
				   "LIKE 'B%' AND b.entity_id LIKE 'B%' AND "
				   "CAST(substr(b.entity_id, 2) AS INTEGER) != "
				   "CAST(substr(a.entity_id, 2) AS INTEGER) "
				   "+ 1"),
			 0);
	fx_must(f, lk_audit_verify(&f->ctx, &n, &bad));
	assert_int_equal(n, base + 3 + LK_AUDIT_BATCH + 10);
	lk_audit_queue_free(NULL);
}

/* The version of the data grows with each change and with nothing else:
 * not with the records of reads, sign-ins and sign-outs. */
static void test_version(void **state)
{
	struct fx *f = *state;
	int64_t v0 = -1, v1 = -1, v2 = -1, v3 = -1;

	fx_exec(f, "DELETE FROM audit");
	fx_must(f, lk_audit_version(&f->ctx, &v0));
	assert_int_equal(v0, 0);
	append(f, "create", "household", "H1", NULL, "{}");
	fx_must(f, lk_audit_version(&f->ctx, &v1));
	assert_true(v1 > v0);
	fx_must(f, lk_audit_read(&f->ctx, "household", "H1"));
	fx_must(f, lk_audit_read(&f->ctx, "household", "H1"));
	append(f, "login", "account", "clerk", NULL, NULL);
	append(f, "logout", "account", "clerk", NULL, NULL);
	fx_must(f, lk_audit_version(&f->ctx, &v2));
	assert_int_equal(v2, v1);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit"), 5);
	append(f, "update", "household", "H1", "{}", "{\"a\":1}");
	fx_must(f, lk_audit_version(&f->ctx, &v3));
	assert_true(v3 > v2);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_chain_verifies),
	    T(test_empty_chain),
	    T(test_rollback_appends_nothing),
	    T(test_tamper_each_field),
	    T(test_delete_row),
	    T(test_swap_rows),
	    T(test_rehashed_record),
	    T(test_list),
	    T(test_read_queue),
	    T(test_version),
	};

	return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
