/*
 * account.h - accounts, passwords, sessions and sign-in throttling of
 * the web application (schema/0006_accounts.sql).  The only module that
 * reads or writes the account, session and login_failure tables.
 *
 * Roles.  admin (everything, in its region or the whole ledger), county,
 * town, village (read and write inside their region, a code of that
 * level), helper (only the households paired with its cadre), viewer
 * (read only, sensitive numbers masked).  lk_account_apply() turns an
 * account into the scope of a request context: ctx->scope = region,
 * ctx->cadre = the helper's cadre, ctx->mask for viewers.
 *
 * Passwords are hashed with argon2id (libsodium crypto_pwhash_str,
 * interactive limits: about 0.1 s and 64 MiB each); at most
 * LK_PWHASH_CONCURRENCY hashes run at once in the process (a semaphore),
 * the others wait.  A password is 8..256 bytes.  Sign-in of an unknown
 * or disabled name verifies against a dummy hash, so it takes as long
 * as a wrong password.
 *
 * Throttling.  Each failed sign-in is recorded for the name and for the
 * address.  LK_LOGIN_MAX_FAILS failures of a name, or LK_LOGIN_MAX_ADDR
 * failures from an address, within LK_LOGIN_WINDOW seconds refuse
 * further attempts (LK_EBUSY, *retry_after = seconds until the oldest
 * counted failure leaves the window) without checking the password.  A
 * successful sign-in clears the name's failures.
 *
 * Sessions.  A token is 32 random bytes, given to the client in base64url
 * (43 characters) and stored only as its BLAKE2b-256 hash (hex).  Each
 * session has its own CSRF token (32 random bytes, base64url).  A session
 * expires LK_SESSION_IDLE seconds after its last use or
 * LK_SESSION_MAX seconds after sign-in, whichever comes first; the clock
 * is lk_now_unix() (core/date.h, LIKA_NOW in tests).  last_seen is
 * written at most once a minute per session.
 *
 * Session cache.  A context with a session cache (ctx->sessions, made by
 * lk_session_cache_new(); a server worker has one) remembers the last
 * LK_SESSION_CACHE sessions lk_session_check() validated, keyed by the
 * token's hash and stamped with the ledger's version (store/db.h
 * db_version) read before the session was.  A cached session answers
 * only while the ledger is unchanged since that stamp (any commit, by any
 * connection or process, makes it read again: so a sign-out, a new
 * password or a disabled account is seen at the next request), its
 * expiry times have not passed on the clock, and no last_seen write is
 * due.  The cache holds token hashes, never tokens.
 *
 * Every function returns 0 or an LK_E* code with ctx->err set.  Account
 * changes and sign-in/out are audited (audit/audit.h; action "create",
 * "update", "disable", "login", "logout"; entity "account").
 */
#ifndef LK_ACCOUNT_H
#define LK_ACCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"

enum lk_role {
	LK_ROLE_ADMIN = 1,
	LK_ROLE_COUNTY,
	LK_ROLE_TOWN,
	LK_ROLE_VILLAGE,
	LK_ROLE_HELPER,
	LK_ROLE_VIEWER
};
/* Bit of a role in a role mask. */
#define LK_ROLE_BIT(r) (1u << (r))
#define LK_ROLES_ALL 0x7eu
#define LK_ROLES_WRITE                                                     \
	(LK_ROLE_BIT(LK_ROLE_ADMIN) | LK_ROLE_BIT(LK_ROLE_COUNTY) |          \
	 LK_ROLE_BIT(LK_ROLE_TOWN) | LK_ROLE_BIT(LK_ROLE_VILLAGE) |          \
	 LK_ROLE_BIT(LK_ROLE_HELPER))

#define LK_ACCOUNT_NAME_MAX 64
#define LK_PASSWORD_MIN 8
#define LK_PASSWORD_MAX 256
#define LK_TOKEN_MAX 64 /* base64url of 32 bytes is 43 characters */
#define LK_PWHASH_CONCURRENCY 2
#define LK_LOGIN_MAX_FAILS 5
#define LK_LOGIN_MAX_ADDR 20
#define LK_LOGIN_WINDOW (15 * 60)
#define LK_SESSION_IDLE (8 * 3600)
#define LK_SESSION_MAX (24 * 3600)
#define LK_SESSION_CACHE 64 /* sessions a context remembers */
#define LK_SESSION_TOUCH 60 /* seconds between last_seen writes */

struct lk_account {
	int64_t id;
	char name[LK_ACCOUNT_NAME_MAX];
	int role;                /* enum lk_role */
	char region[16];         /* scope prefix, "" = whole ledger */
	char region_name[128];   /* "" when region is "" or unknown */
	int64_t cadre_id;        /* helper's cadre, 0 = none */
	char cadre_name[64];
	char locale[8];          /* "en", "zh_CN" or "" */
	int disabled;
	char created_at[32];
};

/* "admin" ... "viewer", or NULL for a bad role. */
const char *lk_role_name(int role);
/* LK_EINVAL (with message) for an unknown role name. */
int lk_role_parse(struct lk_ctx *ctx, const char *name, int *role);

/* Creates an account.  region must be a loaded region code of the role's
 * level (county 6 digits, town 9, village 12; admin, helper and viewer
 * any code, admin also "" for the whole ledger).  A helper needs cadre
 * (the ID number, or else the name, unique there, of a cadre inside
 * region), others must not have one.
 * LK_ECONFLICT if the name exists, LK_EINVAL for a bad name, role, region
 * or password. */
int lk_account_add(struct lk_ctx *ctx, const char *name, int role,
		   const char *region, const char *cadre,
		   const char *password);
/* Sets a new password; ends the account's sessions. */
int lk_account_passwd(struct lk_ctx *ctx, const char *name,
		      const char *password);
/* Disables an account (it can no longer sign in) and ends its sessions.
 * LK_ENOTFOUND if there is no such account. */
int lk_account_disable(struct lk_ctx *ctx, const char *name);
/* Sets the account's preferred language ("en" or "zh_CN"). */
int lk_account_set_locale(struct lk_ctx *ctx, const char *name,
			  const char *locale);
int lk_account_get(struct lk_ctx *ctx, const char *name,
		   struct lk_account *out);
/* Calls fn for each account whose region lies inside ctx->scope, by
 * name; fn's non-zero return stops and is returned. */
int lk_account_list(struct lk_ctx *ctx,
		    int (*fn)(void *arg, const struct lk_account *a),
		    void *arg);

/* A new session: the token and CSRF token the client keeps. */
struct lk_session_new {
	char token[LK_TOKEN_MAX];
	char csrf[LK_TOKEN_MAX];
};

/* Signs in: checks throttling (LK_EBUSY, *retry_after set), then the
 * password (LK_EPERM "wrong name or password" for a wrong password and
 * for an unknown or disabled name alike), then creates a session.
 * address identifies the client (may be NULL).  The password is not
 * kept. */
int lk_login(struct lk_ctx *ctx, const char *name, const char *password,
	     const char *address, struct lk_account *acct,
	     struct lk_session_new *sess, int *retry_after);
/* Finds the live session of token: fills acct and csrf (the session's
 * CSRF token).  LK_ENOTFOUND for an unknown, expired (then deleted) or
 * malformed token, or a disabled account.  Its writes (last_seen, the
 * deletion) join the caller's transaction if one is open: inside a read
 * transaction (store/db.h db_begin_read) they may fail with LK_EBUSY,
 * and the caller checks again outside it. */
int lk_session_check(struct lk_ctx *ctx, const char *token,
		     struct lk_account *acct, char csrf[LK_TOKEN_MAX]);
/* A session cache for ctx->sessions; NULL on OOM (then none is used).
 * Freed with lk_session_cache_free() (accepts NULL), which wipes it. */
struct lk_sess_cache *lk_session_cache_new(void);
void lk_session_cache_free(struct lk_sess_cache *c);
/* Deletes the session of token (no error if there is none). */
int lk_logout(struct lk_ctx *ctx, const char *token);

/* 1 if the CSRF token given by a client equals the session's (constant
 * time for equal lengths), else 0.  given may be NULL. */
int lk_csrf_equal(const char *given, const char *expected);

/* Verifies password against an argon2id hash string (semaphore-capped).
 * 1 if it matches, 0 if not. */
int lk_password_verify(const char *hash, const char *password);
/* Hashes password into out (crypto_pwhash_STRBYTES = 128 bytes). */
int lk_password_hash(struct lk_ctx *ctx, const char *password,
		     char out[128]);

/* Restricts ctx to what acct may reach: scope, helper cadre, masking. */
void lk_account_apply(const struct lk_account *acct, struct lk_ctx *ctx);

#endif
