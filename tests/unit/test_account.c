/*
 * test_account.c - unit tests of the account service (account/account.h):
 * roles and regions of new accounts, password hashing and verification,
 * sign-in and sessions (expiry by the clock LIKA_NOW, idle and absolute),
 * throttling per name and address, CSRF comparison, disabling, and the
 * scope an account gives a context (region, helper cadre, masking),
 * including the helper's reach in the registry.
 */
#include "fixture.h"

#include "account/account.h"
#include "registry/region.h"
#include "store/db_int.h"

#define V1 "532923101202"
#define V2 "532923101203"
#define PW "correct horse"

static void add_account(struct fx *f, const char *name, int role,
			const char *region, const char *cadre)
{
	fx_must(f, lk_account_add(&f->ctx, name, role, region, cadre, PW));
}

static void test_roles(void **state)
{
	struct fx *f = *state;
	int role = 0;

	assert_int_equal(lk_role_parse(&f->ctx, "village", &role), 0);
	assert_int_equal(role, LK_ROLE_VILLAGE);
	assert_int_equal(lk_role_parse(&f->ctx, "mayor", &role), LK_EINVAL);
	assert_string_equal(f->ctx.err.field, "role");
	assert_string_equal(lk_role_name(LK_ROLE_VIEWER), "viewer");
	assert_null(lk_role_name(0));
	assert_null(lk_role_name(7));
}

static void test_add(void **state)
{
	struct fx *f = *state;
	struct lk_account a;

	add_account(f, "clerk", LK_ROLE_VILLAGE, V1, NULL);
	assert_int_equal(lk_account_get(&f->ctx, "clerk", &a), 0);
	assert_int_equal(a.role, LK_ROLE_VILLAGE);
	assert_string_equal(a.region, V1);
	assert_string_equal(a.region_name, "上村");
	assert_int_equal(a.disabled, 0);
	/* the stored hash is argon2id, never the password */
	char buf[256];
	fx_text(f, "SELECT password_hash FROM account WHERE name = 'clerk'",
		buf, sizeof buf);
	fx_contains(buf, "$argon2id$");
	assert_null(strstr(buf, PW));
	/* audited */
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit WHERE "
				   "entity = 'account' AND action = 'create'"),
			 1);
	/* duplicate name */
	assert_int_equal(lk_account_add(&f->ctx, "clerk", LK_ROLE_VILLAGE, V1,
					NULL, PW),
			 LK_ECONFLICT);
	/* a village account needs a village */
	assert_int_equal(lk_account_add(&f->ctx, "x", LK_ROLE_VILLAGE,
					"532923101", NULL, PW),
			 LK_EINVAL);
	assert_string_equal(f->ctx.err.field, "region");
	assert_int_equal(lk_account_add(&f->ctx, "x", LK_ROLE_COUNTY, "",
					NULL, PW),
			 LK_EINVAL);
	assert_int_equal(lk_account_add(&f->ctx, "x", LK_ROLE_TOWN,
					"999999999", NULL, PW),
			 LK_EINVAL);
	/* passwords of 8..256 bytes */
	assert_int_equal(lk_account_add(&f->ctx, "x", LK_ROLE_ADMIN, "", NULL,
					"short"),
			 LK_EINVAL);
	assert_string_equal(f->ctx.err.field, "password");
	/* names without spaces */
	assert_int_equal(lk_account_add(&f->ctx, "a b", LK_ROLE_ADMIN, "",
					NULL, PW),
			 LK_EINVAL);
	/* a helper needs a cadre; others must not have one */
	assert_int_equal(lk_account_add(&f->ctx, "h", LK_ROLE_HELPER, V1,
					NULL, PW),
			 LK_EINVAL);
	assert_int_equal(lk_account_add(&f->ctx, "v", LK_ROLE_VIEWER, V1,
					"110105194912310020", PW),
			 LK_EINVAL);
	/* nothing half-written */
	assert_int_equal(fx_int(f, "SELECT count(*) FROM account"), 1);
	/* an account outside the creator's scope; a regional admin makes
	 * no whole-ledger admin */
	f->ctx.scope = V2;
	assert_int_equal(lk_account_add(&f->ctx, "y", LK_ROLE_ADMIN, "", NULL,
					PW),
			 LK_EPERM);
	assert_int_equal(lk_account_add(&f->ctx, "y", LK_ROLE_VILLAGE, V1,
					NULL, PW),
			 LK_EPERM);
	assert_int_equal(lk_account_get(&f->ctx, "clerk", &a), LK_ENOTFOUND);
	f->ctx.scope = "";
}

static void test_hash_verify(void **state)
{
	struct fx *f = *state;
	char h1[128], h2[128];

	fx_must(f, lk_password_hash(&f->ctx, PW, h1));
	fx_must(f, lk_password_hash(&f->ctx, PW, h2));
	assert_string_not_equal(h1, h2); /* salted */
	assert_int_equal(lk_password_verify(h1, PW), 1);
	assert_int_equal(lk_password_verify(h2, PW), 1);
	assert_int_equal(lk_password_verify(h1, "correct hors"), 0);
	assert_int_equal(lk_password_verify(h1, ""), 0);
	assert_int_equal(lk_password_verify(NULL, PW), 0);
	assert_int_equal(lk_password_verify("garbage", PW), 0);
}

static void test_csrf(void **state)
{
	(void)state;
	assert_int_equal(lk_csrf_equal("abc", "abc"), 1);
	assert_int_equal(lk_csrf_equal("abd", "abc"), 0);
	assert_int_equal(lk_csrf_equal("ab", "abc"), 0);
	assert_int_equal(lk_csrf_equal("abcd", "abc"), 0);
	assert_int_equal(lk_csrf_equal(NULL, "abc"), 0);
	assert_int_equal(lk_csrf_equal("", ""), 0); /* no session token */
}

static void test_login_session(void **state)
{
	struct fx *f = *state;
	struct lk_session_new s, s2;
	struct lk_account a, b;
	char csrf[LK_TOKEN_MAX], th[80];
	int retry = -1;

	add_account(f, "clerk", LK_ROLE_VILLAGE, V1, NULL);
	fx_must(f, lk_login(&f->ctx, "clerk", PW, "10.0.0.1", &a, &s,
			    &retry));
	assert_int_equal(retry, 0);
	assert_string_equal(a.name, "clerk");
	assert_int_equal(strlen(s.token), 43);
	assert_int_equal(strlen(s.csrf), 43);
	assert_string_not_equal(s.token, s.csrf);
	/* only the hash of the token is stored */
	fx_text(f, "SELECT token_hash FROM session", th, sizeof th);
	assert_int_equal(strlen(th), 64);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM session WHERE "
				   "token_hash = csrf"),
			 0);
	fx_must(f, lk_session_check(&f->ctx, s.token, &b, csrf));
	assert_string_equal(b.name, "clerk");
	assert_string_equal(csrf, s.csrf);
	/* a wrong or malformed token */
	assert_int_equal(lk_session_check(&f->ctx, s.csrf, &b, csrf),
			 LK_ENOTFOUND);
	assert_int_equal(lk_session_check(&f->ctx, "a'b", &b, csrf),
			 LK_ENOTFOUND);
	assert_int_equal(lk_session_check(&f->ctx, "", &b, csrf),
			 LK_ENOTFOUND);
	/* a second session; logout ends only its own */
	fx_must(f, lk_login(&f->ctx, "clerk", PW, NULL, &a, &s2, &retry));
	fx_must(f, lk_logout(&f->ctx, s.token));
	assert_int_equal(lk_session_check(&f->ctx, s.token, &b, csrf),
			 LK_ENOTFOUND);
	fx_must(f, lk_session_check(&f->ctx, s2.token, &b, csrf));
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit WHERE "
				   "action IN ('login', 'logout')"),
			 3);
	/* a new password ends every session */
	fx_must(f, lk_account_passwd(&f->ctx, "clerk", "another secret"));
	assert_int_equal(lk_session_check(&f->ctx, s2.token, &b, csrf),
			 LK_ENOTFOUND);
	assert_int_equal(lk_login(&f->ctx, "clerk", PW, NULL, &a, &s, &retry),
			 LK_EPERM);
	fx_must(f, lk_login(&f->ctx, "clerk", "another secret", NULL, &a, &s,
			    &retry));
	/* disabling ends the sessions and refuses sign-in */
	fx_must(f, lk_account_disable(&f->ctx, "clerk"));
	assert_int_equal(lk_session_check(&f->ctx, s.token, &b, csrf),
			 LK_ENOTFOUND);
	assert_int_equal(lk_login(&f->ctx, "clerk", "another secret", NULL,
				  &a, &s, &retry),
			 LK_EPERM);
	assert_int_equal(lk_account_disable(&f->ctx, "nobody"), LK_ENOTFOUND);
}

static void test_expiry(void **state)
{
	struct fx *f = *state;
	struct lk_session_new s;
	struct lk_account a;
	char csrf[LK_TOKEN_MAX];
	int retry;

	add_account(f, "clerk", LK_ROLE_VILLAGE, V1, NULL);
	setenv("LIKA_NOW", "2024-06-30T08:00:00", 1);
	fx_must(f, lk_login(&f->ctx, "clerk", PW, NULL, &a, &s, &retry));
	/* idle 7 h 59 min: alive, and last_seen moves */
	setenv("LIKA_NOW", "2024-06-30T15:59:00", 1);
	fx_must(f, lk_session_check(&f->ctx, s.token, &a, csrf));
	setenv("LIKA_NOW", "2024-06-30T23:58:00", 1);
	fx_must(f, lk_session_check(&f->ctx, s.token, &a, csrf));
	/* used every 7 h, the absolute limit of 24 h still ends it */
	setenv("LIKA_NOW", "2024-07-01T06:58:00", 1);
	fx_must(f, lk_session_check(&f->ctx, s.token, &a, csrf));
	setenv("LIKA_NOW", "2024-07-01T08:00:00", 1);
	assert_int_equal(lk_session_check(&f->ctx, s.token, &a, csrf),
			 LK_ENOTFOUND);
	/* and the row is gone */
	assert_int_equal(fx_int(f, "SELECT count(*) FROM session"), 0);
	/* idle for 8 h */
	fx_must(f, lk_login(&f->ctx, "clerk", PW, NULL, &a, &s, &retry));
	setenv("LIKA_NOW", "2024-07-01T16:00:00", 1);
	assert_int_equal(lk_session_check(&f->ctx, s.token, &a, csrf),
			 LK_ENOTFOUND);
	setenv("LIKA_NOW", FX_NOW, 1);
}

/* db_prepare() calls of one lk_session_check() on ctx. */
static uint64_t prepares_of_check(struct lk_ctx *ctx, const char *token,
				  int want)
{
	struct db_cache_stats b, a;
	struct lk_account acct;
	char csrf[LK_TOKEN_MAX];

	db__cache_stats(ctx->db, &b);
	assert_int_equal(lk_session_check(ctx, token, &acct, csrf), want);
	db__cache_stats(ctx->db, &a);
	return (a.hits + a.prepared) - (b.hits + b.prepared);
}

static void test_session_cache(void **state)
{
	struct fx *f = *state;
	struct lk_session_new s, s2;
	struct lk_account a;
	struct lk_ctx w;
	struct lk_err e;
	int retry;

	/* a server worker: its own connection and a session cache; the
	 * changes come through f->ctx (another connection, as `lika user`
	 * in another process) */
	memset(&w, 0, sizeof w);
	w.user = "-";
	w.scope = "";
	fx_must(f, db_open(f->path, DB_SMALL, &w.db, &e));
	assert_non_null(w.sessions = lk_session_cache_new());
	add_account(f, "clerk", LK_ROLE_VILLAGE, V1, NULL);
	setenv("LIKA_NOW", "2024-06-30T08:00:00", 1);
	fx_must(f, lk_login(&f->ctx, "clerk", PW, NULL, &a, &s, &retry));
	fx_must(f, lk_login(&f->ctx, "clerk", PW, NULL, &a, &s2, &retry));
	/* read once, then answered by the cache (only the ledger's version
	 * is asked) */
	assert_true(prepares_of_check(&w, s.token, 0) > 1);
	assert_int_equal(prepares_of_check(&w, s.token, 0), 1);
	assert_true(prepares_of_check(&w, s2.token, 0) > 1);
	assert_int_equal(prepares_of_check(&w, s2.token, 0), 1);
	/* a wrong token is never cached */
	assert_true(prepares_of_check(&w, s.csrf, LK_ENOTFOUND) > 1);
	/* the clock: a minute on, last_seen is due (read and written) */
	setenv("LIKA_NOW", "2024-06-30T08:01:00", 1);
	assert_true(prepares_of_check(&w, s.token, 0) > 1);
	/* the worker's own write changed the version: read once more */
	assert_true(prepares_of_check(&w, s.token, 0) > 1);
	assert_int_equal(prepares_of_check(&w, s.token, 0), 1);
	/* a sign-out elsewhere is seen at once */
	fx_must(f, lk_logout(&f->ctx, s2.token));
	assert_true(prepares_of_check(&w, s2.token, LK_ENOTFOUND) > 1);
	fx_must(f, lk_session_check(&w, s.token, &a, s.csrf));
	/* idle for 8 hours: expired though cached */
	setenv("LIKA_NOW", "2024-06-30T16:01:00", 1);
	assert_true(prepares_of_check(&w, s.token, LK_ENOTFOUND) > 1);
	/* a disabled account and a new password end cached sessions */
	fx_must(f, lk_login(&f->ctx, "clerk", PW, NULL, &a, &s, &retry));
	assert_true(prepares_of_check(&w, s.token, 0) > 1);
	assert_int_equal(prepares_of_check(&w, s.token, 0), 1);
	fx_must(f, lk_account_passwd(&f->ctx, "clerk", "another secret"));
	assert_true(prepares_of_check(&w, s.token, LK_ENOTFOUND) > 1);
	fx_must(f, lk_login(&f->ctx, "clerk", "another secret", NULL, &a, &s,
			    &retry));
	assert_int_equal(prepares_of_check(&w, s.token, 0) > 1, 1);
	assert_int_equal(prepares_of_check(&w, s.token, 0), 1);
	fx_must(f, lk_account_disable(&f->ctx, "clerk"));
	assert_true(prepares_of_check(&w, s.token, LK_ENOTFOUND) > 1);
	/* sign-out through the worker itself */
	fx_must(f, lk_account_add(&f->ctx, "clerk2", LK_ROLE_VILLAGE, V1,
				  NULL, PW));
	fx_must(f, lk_login(&f->ctx, "clerk2", PW, NULL, &a, &s, &retry));
	fx_must(f, lk_session_check(&w, s.token, &a, s2.csrf));
	fx_must(f, lk_logout(&w, s.token));
	assert_int_equal(lk_session_check(&w, s.token, &a, s2.csrf),
			 LK_ENOTFOUND);
	lk_session_cache_free(w.sessions);
	db_close(w.db);
	setenv("LIKA_NOW", FX_NOW, 1);
}

static void test_throttle(void **state)
{
	struct fx *f = *state;
	struct lk_session_new s;
	struct lk_account a;
	int i, retry = 0;

	add_account(f, "clerk", LK_ROLE_VILLAGE, V1, NULL);
	setenv("LIKA_NOW", "2024-06-30T08:00:00", 1);
	for (i = 0; i < LK_LOGIN_MAX_FAILS; i++)
		assert_int_equal(lk_login(&f->ctx, "clerk", "wrong password",
					  "10.0.0.2", &a, &s, &retry),
				 LK_EPERM);
	/* the sixth attempt is refused even with the right password */
	setenv("LIKA_NOW", "2024-06-30T08:05:00", 1);
	assert_int_equal(lk_login(&f->ctx, "clerk", PW, "10.0.0.3", &a, &s,
				  &retry),
			 LK_EBUSY);
	assert_int_equal(retry, 10 * 60);
	/* an unknown name is throttled the same way (and hashed anyway) */
	for (i = 0; i < LK_LOGIN_MAX_FAILS; i++)
		assert_int_equal(lk_login(&f->ctx, "ghost", "wrong password",
					  NULL, &a, &s, &retry),
				 LK_EPERM);
	assert_int_equal(lk_login(&f->ctx, "ghost", "x", NULL, &a, &s,
				  &retry),
			 LK_EBUSY);
	/* after the window the right password works and clears the count */
	setenv("LIKA_NOW", "2024-06-30T08:15:01", 1);
	fx_must(f, lk_login(&f->ctx, "clerk", PW, NULL, &a, &s, &retry));
	assert_int_equal(fx_int(f, "SELECT count(*) FROM login_failure WHERE "
				   "kind = 'name' AND key = 'clerk'"),
			 0);
	/* per address: many names from one address */
	char name[16];
	for (i = 0; i < LK_LOGIN_MAX_ADDR; i++) {
		snprintf(name, sizeof name, "n%d", i);
		assert_int_equal(lk_login(&f->ctx, name, "wrong password",
					  "10.9.9.9", &a, &s, &retry),
				 LK_EPERM);
	}
	assert_int_equal(lk_login(&f->ctx, "clerk", PW, "10.9.9.9", &a, &s,
				  &retry),
			 LK_EBUSY);
	assert_true(retry > 0 && retry <= LK_LOGIN_WINDOW);
	fx_must(f, lk_login(&f->ctx, "clerk", PW, "10.9.9.8", &a, &s, &retry));
	setenv("LIKA_NOW", FX_NOW, 1);
}

static void test_apply_and_list(void **state)
{
	struct fx *f = *state;
	struct lk_account a;
	struct lk_ctx c;

	add_account(f, "v1", LK_ROLE_VILLAGE, V1, NULL);
	add_account(f, "v2", LK_ROLE_VILLAGE, V2, NULL);
	add_account(f, "view", LK_ROLE_VIEWER, "532923", NULL);
	fx_must(f, lk_account_get(&f->ctx, "view", &a));
	c = f->ctx;
	lk_account_apply(&a, &c);
	assert_string_equal(c.scope, "532923");
	assert_string_equal(c.user, "view");
	assert_int_equal(c.mask, 1);
	assert_int_equal(c.cadre, 0);
	assert_int_equal(c.audit_reads, 1);
	fx_must(f, lk_account_get(&f->ctx, "v1", &a));
	lk_account_apply(&a, &c);
	assert_int_equal(c.mask, 0);
	/* only the accounts inside the scope */
	f->ctx.scope = V1;
	fx_must(f, lk_account_get(&f->ctx, "v1", &a));
	assert_int_equal(lk_account_get(&f->ctx, "v2", &a), LK_ENOTFOUND);
	f->ctx.scope = "";
}

/* A helper reaches only the households paired with its cadre. */
static void test_helper(void **state)
{
	struct fx *f = *state;
	struct lk_rec h, m;
	struct lk_account a;
	struct lk_hh_filter flt;
	struct lk_arena ar = LK_ARENA_INIT(0);
	char id1[19], id2[19];
	long long n = -1;
	int64_t hid;

	fx_id(id1, "532923", "19650304", 11);
	fx_id(id2, "532923", "19700812", 31);
	fx_hh(&h, &f->a, "H1", V1, "李国华", id1, "未脱贫");
	fx_m(&m, &f->a, "H1", "李国华", id1, "户主");
	fx_must(f, lk_household_add(&f->ctx, &h, &m));
	fx_hh(&h, &f->a, "H2", V1, "张子", id2, "未脱贫");
	fx_m(&m, &f->a, "H2", "张子", id2, "户主");
	fx_must(f, lk_household_add(&f->ctx, &h, &m));
	fx_exec(f, "INSERT INTO cadre (id, name, id_number, region_code, "
		   "county_code, created_at, updated_at) VALUES (7, '帮扶人', "
		   "'110105194912310021', '532923101202', '532923', 'x', 'x');"
		   "INSERT INTO pairing (cadre_id, household_id, county_code, "
		   "start_date, created_at) SELECT 7, id, '532923', "
		   "'2020-01-01', 'x' FROM household WHERE household_no = "
		   "'H1'");
	assert_int_equal(lk_account_add(&f->ctx, "helper", LK_ROLE_HELPER, V1,
					"110105194912310099", PW),
			 LK_EINVAL);
	assert_string_equal(f->ctx.err.field, "cadre");
	add_account(f, "helper", LK_ROLE_HELPER, V1, "110105194912310021");
	fx_must(f, lk_account_get(&f->ctx, "helper", &a));
	assert_int_equal(a.cadre_id, 7);
	assert_string_equal(a.cadre_name, "帮扶人");
	lk_account_apply(&a, &f->ctx);
	assert_int_equal(f->ctx.cadre, 7);
	fx_must(f, lk_household_get(&f->ctx, "H1", &ar, &h, &hid));
	assert_int_equal(lk_household_get(&f->ctx, "H2", &ar, &h, &hid),
			 LK_ENOTFOUND);
	assert_int_equal(lk_household_lookup(&f->ctx, "H2", &hid, NULL),
			 LK_ENOTFOUND);
	memset(&flt, 0, sizeof flt);
	fx_must(f, lk_household_count(&f->ctx, &flt, &n));
	assert_int_equal(n, 1);
	flt.query = "张子";
	fx_must(f, lk_household_count(&f->ctx, &flt, &n));
	assert_int_equal(n, 0);
	/* a helper registers no households */
	fx_hh(&h, &f->a, "H3", V1, "王五", id2, "未脱贫");
	assert_int_equal(lk_household_put(&f->ctx, &h, LK_PUT_CREATE, 0, NULL,
					  &(int){0}),
			 LK_EPERM);
	f->ctx.cadre = 0;
	f->ctx.scope = "";
	f->ctx.mask = 0;
	f->ctx.audit_reads = 0;
	f->ctx.user = "test";
	fx_must(f, lk_household_count(&f->ctx, &flt, &n));
	assert_int_equal(n, 1);
	lk_arena_free(&ar);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_roles, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_add, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_hash_verify, fx_setup,
						fx_teardown),
		cmocka_unit_test(test_csrf),
		cmocka_unit_test_setup_teardown(test_login_session, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_expiry, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_session_cache, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_throttle, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_apply_and_list, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_helper, fx_setup,
						fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
