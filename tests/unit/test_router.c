/*
 * test_router.c - unit tests of the HTTP router (http/api.h): URL
 * decoding, query strings, route patterns, JSON body reading, the status
 * of each error code, and dispatch (404, 405 with Allow, 401 without a
 * session, roles, CSRF, language) over a test route table.
 */
#include "fixture.h"

#include "store/db.h"

#include <strings.h>

#include "account/account.h"
#include "http/api.h"

/* ---- a fake connection: headers from a NULL-ended name/value list */

static const char *const *fake_headers;

static const char *fake_header(void *conn, const char *name)
{
	size_t i;

	(void)conn;
	for (i = 0; fake_headers && fake_headers[i]; i += 2)
		if (strcasecmp(fake_headers[i], name) == 0)
			return fake_headers[i + 1];
	return NULL;
}

struct rq {
	struct http_req r;
	struct lk_arena a;
	struct lk_buf out;
	struct lk_ctx ctx;
};

static void rq_init(struct rq *q, struct lk_ctx *ctx, const char *method,
		    const char *path, const char *query)
{
	memset(q, 0, sizeof *q);
	q->a = (struct lk_arena)LK_ARENA_INIT(0);
	lk_buf_init(&q->out, 1u << 20);
	if (ctx)
		q->ctx = *ctx;
	q->ctx.scope = "";
	q->ctx.user = "-";
	q->r.ctx = &q->ctx;
	q->r.arena = &q->a;
	q->r.out = &q->out;
	q->r.method = method;
	q->r.path = path;
	q->r.raw_query = query;
	q->r.header = fake_header;
	q->r.address = "127.0.0.1";
}

static void rq_free(struct rq *q)
{
	json_decref(q->r.json);
	lk_arena_free(&q->a);
	lk_buf_free(&q->out);
}

static void test_url_decode(void **state)
{
	char s1[] = "a%20b+c%2Bd", s2[] = "%E5%BC%A0", s3[] = "bad%2", s4[] =
		"nul%00x", s5[] = "%zz";

	(void)state;
	assert_int_equal(http_url_decode(s1, 1), 0);
	assert_string_equal(s1, "a b c+d");
	assert_int_equal(http_url_decode(s2, 0), 0);
	assert_string_equal(s2, "张");
	assert_int_equal(http_url_decode(s3, 1), LK_EINVAL);
	assert_int_equal(http_url_decode(s4, 1), LK_EINVAL);
	assert_int_equal(http_url_decode(s5, 1), LK_EINVAL);
}

static void test_query(void **state)
{
	struct rq q;
	long long n = 0;
	char many[2048];
	int i;

	(void)state;
	rq_init(&q, NULL, "GET", "/api/x",
		"region=5329&q=%E6%9D%8E+%E5%9B%9B&&empty=&flag&limit=20");
	assert_int_equal(http_parse_query(&q.r), 0);
	assert_int_equal(q.r.nquery, 5);
	assert_string_equal(http_query(&q.r, "region"), "5329");
	assert_string_equal(http_query(&q.r, "q"), "李 四");
	assert_string_equal(http_query(&q.r, "empty"), "");
	assert_string_equal(http_query(&q.r, "flag"), "");
	assert_null(http_query(&q.r, "absent"));
	assert_int_equal(http_query_int(&q.r, "limit", 1, 1000, 50, &n), 0);
	assert_int_equal(n, 20);
	assert_int_equal(http_query_int(&q.r, "absent", 1, 1000, 50, &n), 0);
	assert_int_equal(n, 50);
	assert_int_equal(http_query_int(&q.r, "region", 1, 1000, 50, &n),
			 LK_EUSAGE);
	fx_contains(q.ctx.err.msg, "region");
	assert_int_equal(http_query_int(&q.r, "q", 1, 1000, 50, &n),
			 LK_EUSAGE);
	rq_free(&q);
	rq_init(&q, NULL, "GET", "/api/x", "a=%zz");
	assert_int_equal(http_parse_query(&q.r), LK_EUSAGE);
	rq_free(&q);
	for (i = 0, many[0] = '\0'; i <= HTTP_MAX_QUERY; i++)
		snprintf(many + strlen(many), sizeof many - strlen(many),
			 "k%d=%d&", i, i);
	rq_init(&q, NULL, "GET", "/api/x", many);
	assert_int_equal(http_parse_query(&q.r), LK_EUSAGE);
	rq_free(&q);
}

static void test_match(void **state)
{
	struct rq q;

	(void)state;
	rq_init(&q, NULL, "GET", "", NULL);
	assert_int_equal(http_match(&q.r, "/api/households/:no",
				    "/api/households/H1"),
			 1);
	assert_int_equal(q.r.nparam, 1);
	assert_string_equal(http_param(&q.r, "no"), "H1");
	assert_null(http_param(&q.r, "id"));
	assert_int_equal(http_match(&q.r, "/api/households/:no/incomes/:year",
				    "/api/households/H1/incomes/2019"),
			 1);
	assert_string_equal(http_param(&q.r, "no"), "H1");
	assert_string_equal(http_param(&q.r, "year"), "2019");
	assert_int_equal(http_match(&q.r, "/api/households/:no",
				    "/api/households/"),
			 0);
	assert_int_equal(http_match(&q.r, "/api/households/:no",
				    "/api/households/H1/members"),
			 0);
	assert_int_equal(http_match(&q.r, "/api/households",
				    "/api/households/H1"),
			 0);
	assert_int_equal(http_match(&q.r, "/api/me", "/api/me"), 1);
	assert_int_equal(q.r.nparam, 0);
	assert_int_equal(http_match(&q.r, "/api/me", "/api/mee"), 0);
	assert_int_equal(http_match(&q.r, "/api/me", "/api/me/"), 0);
	rq_free(&q);
}

static void test_status(void **state)
{
	(void)state;
	assert_int_equal(http_status_of(LK_EUSAGE), 400);
	assert_int_equal(http_status_of(LK_EINVAL), 422);
	assert_int_equal(http_status_of(LK_ENOTFOUND), 404);
	assert_int_equal(http_status_of(LK_ECONFLICT), 409);
	assert_int_equal(http_status_of(LK_EPERM), 403);
	assert_int_equal(http_status_of(LK_ETOOBIG), 413);
	assert_int_equal(http_status_of(LK_EBUSY), 503);
	assert_int_equal(http_status_of(LK_EINTERNAL), 500);
}

static void test_json_body(void **state)
{
	struct rq q;
	json_t *j;
	const char *t;
	char deep[200];
	int i;

	(void)state;
	rq_init(&q, NULL, "POST", "/api/x", NULL);
	q.r.body = "{\"s\":\"张三\",\"i\":12,\"r\":1234.5,\"t\":true,"
		   "\"f\":false,\"n\":null,\"a\":[\"x\",\"y\"],\"o\":{},"
		   "\"b\":[1]}";
	q.r.body_len = strlen(q.r.body);
	assert_int_equal(http_json_body(&q.r, &j), 0);
	assert_int_equal(http_json_text(&q.r, j, "s", &t), 0);
	assert_string_equal(t, "张三");
	assert_int_equal(http_json_text(&q.r, j, "i", &t), 0);
	assert_string_equal(t, "12");
	assert_int_equal(http_json_text(&q.r, j, "r", &t), 0);
	assert_string_equal(t, "1234.5");
	assert_int_equal(http_json_text(&q.r, j, "t", &t), 0);
	assert_string_equal(t, "1");
	assert_int_equal(http_json_text(&q.r, j, "f", &t), 0);
	assert_string_equal(t, "0");
	assert_int_equal(http_json_text(&q.r, j, "n", &t), 0);
	assert_null(t);
	assert_int_equal(http_json_text(&q.r, j, "absent", &t), 0);
	assert_null(t);
	assert_int_equal(http_json_text(&q.r, j, "a", &t), 0);
	assert_string_equal(t, "x;y");
	assert_int_equal(http_json_text(&q.r, j, "o", &t), LK_EINVAL);
	assert_string_equal(q.ctx.err.field, "o");
	assert_int_equal(http_json_text(&q.r, j, "b", &t), LK_EINVAL);
	assert_int_equal(http_json_need(&q.r, j, "n", &t), LK_EINVAL);
	assert_string_equal(q.ctx.err.field, "n");
	fx_contains(q.ctx.err.msg, "n is required");
	rq_free(&q);
	/* malformed, not an object, duplicate keys, too deep, empty */
	static const char *const bad[] = {"{\"a\":", "[1]", "{\"a\":1,\"a\":2}",
					  "", NULL};
	for (i = 0; bad[i]; i++) {
		rq_init(&q, NULL, "POST", "/api/x", NULL);
		q.r.body = bad[i];
		q.r.body_len = strlen(bad[i]);
		assert_int_equal(http_json_body(&q.r, &j), LK_EUSAGE);
		rq_free(&q);
	}
	for (i = 0; i < 40; i++)
		deep[i] = '[';
	for (; i < 80; i++)
		deep[i] = ']';
	snprintf(deep + 80, sizeof deep - 80, "%s", "");
	rq_init(&q, NULL, "POST", "/api/x", NULL);
	char wrapped[256];
	snprintf(wrapped, sizeof wrapped, "{\"a\":%s}", deep);
	q.r.body = wrapped;
	q.r.body_len = strlen(wrapped);
	assert_int_equal(http_json_body(&q.r, &j), LK_EUSAGE);
	fx_contains(q.ctx.err.msg, "nested");
	rq_free(&q);
}

/* ---- dispatch over a test table ------------------------------------- */

static int calls;

static int h_ok(struct http_req *r)
{
	calls++;
	return lk_buf_printf(r->out, "{\"p\":\"%s\",\"lang\":\"%s\"}",
			     http_param(r, "id") ? http_param(r, "id") : "",
			     lk_lang_name(r->lang));
}

static int h_fail(struct http_req *r)
{
	calls++;
	lk_err_set(&r->ctx->err, LK_EINVAL, "bad thing");
	r->ctx->err.field = "thing";
	return LK_EINVAL;
}

static int read_depth;

/* A read-only handler: notes the transaction depth it runs at. */
static int h_read(struct http_req *r)
{
	calls++;
	read_depth = db_tx_depth(r->ctx->db);
	if (strcmp(http_param(r, "id"), "fail") == 0)
		return h_fail(r);
	return h_ok(r);
}

static const struct http_route test_routes[] = {
	{"GET", "/api/open", h_ok, HR_PUBLIC, 0},
	{"GET", "/api/read/:id", h_read, HR_READ, 0},
	{"GET", "/api/things/:id", h_ok, 0, 0},
	{"PATCH", "/api/things/:id", h_ok, 0, LK_ROLES_WRITE},
	{"POST", "/api/fail", h_fail, 0, 0},
};

static void dispatch(struct rq *q)
{
	http_dispatch(&q->r, test_routes,
		      sizeof test_routes / sizeof test_routes[0]);
}

static void test_dispatch(void **state)
{
	struct fx *f = *state;
	struct lk_session_new s, sv;
	struct lk_account a;
	struct rq q;
	char cookie[128], vcookie[128];
	int retry;

	fx_must(f, lk_account_add(&f->ctx, "clerk", LK_ROLE_VILLAGE,
				  "532923101202", NULL, "secret pw"));
	fx_must(f, lk_account_add(&f->ctx, "view", LK_ROLE_VIEWER,
				  "532923101202", NULL, "secret pw"));
	fx_must(f, lk_login(&f->ctx, "clerk", "secret pw", NULL, &a, &s,
			    &retry));
	fx_must(f, lk_login(&f->ctx, "view", "secret pw", NULL, &a, &sv,
			    &retry));
	snprintf(cookie, sizeof cookie, "other=1; lika_session=%s", s.token);
	snprintf(vcookie, sizeof vcookie, "lika_session=%s", sv.token);

	/* unknown path: 404; known path, other method: 405 + Allow */
	fake_headers = NULL;
	rq_init(&q, &f->ctx, "GET", "/api/nothing", NULL);
	dispatch(&q);
	assert_int_equal(q.r.status, 404);
	fx_contains(lk_buf_str(&q.out), "\"error\"");
	rq_free(&q);
	rq_init(&q, &f->ctx, "DELETE", "/api/things/7", NULL);
	dispatch(&q);
	assert_int_equal(q.r.status, 405);
	assert_string_equal(q.r.allow, "GET, PATCH");
	rq_free(&q);

	/* public without a session; the language from Accept-Language */
	static const char *const zh[] = {"Accept-Language", "zh-CN,zh;q=0.9",
					 NULL};
	fake_headers = zh;
	rq_init(&q, &f->ctx, "GET", "/api/open", NULL);
	dispatch(&q);
	assert_int_equal(q.r.status, 200);
	fx_contains(lk_buf_str(&q.out), "\"lang\":\"zh_CN\"");
	rq_free(&q);
	rq_init(&q, &f->ctx, "GET", "/api/open", "lang=en");
	dispatch(&q);
	fx_contains(lk_buf_str(&q.out), "\"lang\":\"en\"");
	rq_free(&q);
	lk_i18n_set(LK_LANG_EN);

	/* no session: 401, the handler never runs */
	calls = 0;
	fake_headers = NULL;
	rq_init(&q, &f->ctx, "GET", "/api/things/7", NULL);
	dispatch(&q);
	assert_int_equal(q.r.status, 401);
	assert_int_equal(calls, 0);
	rq_free(&q);
	/* a bad token is no session either */
	static const char *const badc[] = {"Cookie", "lika_session=nope",
					   NULL};
	fake_headers = badc;
	rq_init(&q, &f->ctx, "GET", "/api/things/7", NULL);
	dispatch(&q);
	assert_int_equal(q.r.status, 401);
	rq_free(&q);

	/* with the session: 200, the account applied */
	const char *hc[] = {"Cookie", cookie, NULL, NULL, NULL};
	fake_headers = hc;
	rq_init(&q, &f->ctx, "GET", "/api/things/7", NULL);
	dispatch(&q);
	assert_int_equal(q.r.status, 200);
	fx_contains(lk_buf_str(&q.out), "\"p\":\"7\"");
	assert_string_equal(q.ctx.scope, "532923101202");
	assert_string_equal(q.ctx.user, "clerk");
	assert_string_equal(q.r.csrf, s.csrf);
	rq_free(&q);

	/* a state-changing method needs the CSRF header */
	calls = 0;
	rq_init(&q, &f->ctx, "PATCH", "/api/things/7", NULL);
	dispatch(&q);
	assert_int_equal(q.r.status, 403);
	fx_contains(lk_buf_str(&q.out), "X-CSRF-Token");
	rq_free(&q);
	hc[2] = "X-CSRF-Token";
	hc[3] = sv.csrf; /* another session's token */
	rq_init(&q, &f->ctx, "PATCH", "/api/things/7", NULL);
	dispatch(&q);
	assert_int_equal(q.r.status, 403);
	rq_free(&q);
	hc[3] = s.csrf;
	rq_init(&q, &f->ctx, "PATCH", "/api/things/7", NULL);
	dispatch(&q);
	assert_int_equal(q.r.status, 200);
	assert_int_equal(calls, 1);
	rq_free(&q);

	/* a handler's error: its status and field */
	rq_init(&q, &f->ctx, "POST", "/api/fail", NULL);
	dispatch(&q);
	assert_int_equal(q.r.status, 422);
	fx_contains(lk_buf_str(&q.out), "\"field\":\"thing\"");
	fx_contains(lk_buf_str(&q.out), "\"message\":\"bad thing\"");
	rq_free(&q);

	/* a viewer may not PATCH (role), even with its CSRF token */
	const char *hv[] = {"Cookie", vcookie, "X-CSRF-Token", sv.csrf, NULL};
	fake_headers = hv;
	calls = 0;
	rq_init(&q, &f->ctx, "PATCH", "/api/things/7", NULL);
	dispatch(&q);
	assert_int_equal(q.r.status, 403);
	assert_int_equal(calls, 0);
	rq_free(&q);
	rq_init(&q, &f->ctx, "GET", "/api/things/7", NULL);
	dispatch(&q);
	assert_int_equal(q.r.status, 200);
	assert_int_equal(q.ctx.mask, 1);
	rq_free(&q);

	/* a read-only route runs in one read transaction, ended on every
	 * way out */
	calls = 0;
	read_depth = -1;
	rq_init(&q, &f->ctx, "GET", "/api/read/7", NULL);
	dispatch(&q);
	assert_int_equal(q.r.status, 200);
	assert_int_equal(read_depth, 1);
	assert_int_equal(db_tx_depth(f->ctx.db), 0);
	rq_free(&q);
	rq_init(&q, &f->ctx, "GET", "/api/read/fail", NULL);
	dispatch(&q);
	assert_int_equal(q.r.status, 422);
	assert_int_equal(db_tx_depth(f->ctx.db), 0);
	rq_free(&q);
	fake_headers = NULL;
	rq_init(&q, &f->ctx, "GET", "/api/read/7", NULL);
	dispatch(&q);
	assert_int_equal(q.r.status, 401);
	assert_int_equal(db_tx_depth(f->ctx.db), 0);
	assert_int_equal(calls, 4); /* (h_read counts, and h_ok or h_fail) */
	rq_free(&q);
	/* last_seen is written inside it when due */
	fake_headers = hv;
	setenv("LIKA_NOW", "2024-06-30T10:05:00", 1);
	rq_init(&q, &f->ctx, "GET", "/api/read/7", NULL);
	dispatch(&q);
	assert_int_equal(q.r.status, 200);
	assert_int_equal(db_tx_depth(f->ctx.db), 0);
	rq_free(&q);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM session s JOIN "
				   "account a ON a.id = s.account_id WHERE "
				   "a.name = 'view' AND s.last_seen > "
				   "s.created_at"),
			 1);
	setenv("LIKA_NOW", FX_NOW, 1);
	fake_headers = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_decode),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_json_body),
		cmocka_unit_test_setup_teardown(test_dispatch, fx_setup,
						fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
