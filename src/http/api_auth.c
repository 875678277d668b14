/* api_auth.c - sign-in, sign-out, the current user, accounts. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "account/account.h"
#include "http/api.h"
#include "view/view.h"

/* The session cookie (token "" with Max-Age=0 deletes it). */
static void set_cookie(struct http_req *r, const char *token)
{
	snprintf(r->set_cookie, sizeof r->set_cookie,
		 "lika_session=%s; HttpOnly; SameSite=Strict; Path=/%s%s",
		 token, *token ? "" : "; Max-Age=0",
		 r->secure ? "; Secure" : "");
}

int api_login(struct http_req *r)
{
	struct lk_session_new sess;
	struct lk_account a;
	json_t *body;
	const char *name, *password;
	int rc;

	if ((rc = http_json_body(r, &body)) ||
	    (rc = http_json_need(r, body, "name", &name)) ||
	    (rc = http_json_need(r, body, "password", &password)))
		return rc;
	rc = lk_login(r->ctx, name, password, r->address, &a, &sess,
		      &r->retry_after);
	/* the password's copy in the arena and in the body */
	sodium_memzero((char *)password, strlen(password));
	if (rc == LK_EBUSY && r->retry_after)
		r->status = 429;
	else if (rc == LK_EPERM)
		r->status = 401;
	if (rc)
		return rc;
	set_cookie(r, sess.token);
	r->acct_store = a; /* (the access log names the account) */
	r->account = &r->acct_store;
	rc = lk_view_me(&a, sess.csrf, r->out);
	sodium_memzero(&sess, sizeof sess);
	return rc;
}

int api_logout(struct http_req *r)
{
	int rc;

	if ((rc = lk_logout(r->ctx, r->token)))
		return rc;
	set_cookie(r, "");
	return lk_buf_adds(r->out, "{\"signed_out\":true}");
}

int api_me(struct http_req *r)
{
	return lk_view_me(r->account, r->csrf, r->out);
}

int api_users_list(struct http_req *r)
{
	return lk_view_accounts(r->ctx, r->out);
}

int api_users_add(struct http_req *r)
{
	struct lk_account a;
	json_t *body;
	const char *name, *role, *region, *password, *cadre;
	int rc, ro;

	if ((rc = http_json_body(r, &body)) ||
	    (rc = http_json_need(r, body, "name", &name)) ||
	    (rc = http_json_need(r, body, "role", &role)) ||
	    (rc = http_json_text(r, body, "region", &region)) ||
	    (rc = http_json_need(r, body, "password", &password)) ||
	    (rc = http_json_text(r, body, "cadre", &cadre)) ||
	    (rc = lk_role_parse(r->ctx, role, &ro)))
		return rc;
	if (!region)
		region = r->account->region;
	rc = lk_account_add(r->ctx, name, ro, region, cadre, password);
	sodium_memzero((char *)password, strlen(password));
	if (rc || (rc = lk_account_get(r->ctx, name, &a)))
		return rc;
	r->status = 201;
	if ((rc = lk_buf_adds(r->out, "{\"user\":")) ||
	    (rc = lk_view_account(&a, r->out)))
		return rc;
	return lk_buf_addc(r->out, '}');
}
