#include "account/account.h"

#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/json.h"
#include "registry/region.h"
#include "store/db.h"

static const char *const role_names[] = {NULL,	   "admin",  "county",
					 "town",   "village", "helper",
					 "viewer"};

const char *lk_role_name(int role)
{
	if (role < LK_ROLE_ADMIN || role > LK_ROLE_VIEWER)
		return NULL;
	return role_names[role];
}

int lk_role_parse(struct lk_ctx *ctx, const char *name, int *role)
{
	int i;

	for (i = LK_ROLE_ADMIN; name && i <= LK_ROLE_VIEWER; i++)
		if (strcmp(name, role_names[i]) == 0) {
			*role = i;
			return 0;
		}
	lk_err_set(&ctx->err, LK_EINVAL,
		   _("unknown role %s (use admin, county, town, village, "
		     "helper or viewer)"),
		   name ? name : "");
	ctx->err.field = "role";
	return LK_EINVAL;
}

/* ---- process-wide state: sodium, the hashing semaphore, a dummy hash */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static sem_t hash_sem;
static int init_rc = LK_EINTERNAL;
static char dummy_hash[crypto_pwhash_STRBYTES];

static void init_once(void)
{
	char pw[32];

	if (sodium_init() < 0 || sem_init(&hash_sem, 0, LK_PWHASH_CONCURRENCY))
		return;
	randombytes_buf(pw, sizeof pw);
	if (crypto_pwhash_str(dummy_hash, pw, sizeof pw,
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return;
	sodium_memzero(pw, sizeof pw);
	init_rc = 0;
}

static int init(struct lk_ctx *ctx)
{
	pthread_once(&once, init_once);
	if (init_rc)
		return lk_err_set(&ctx->err, LK_EINTERNAL,
				  _("cannot initialise libsodium"));
	return 0;
}

static void sem_enter(void)
{
	while (sem_wait(&hash_sem) != 0)
		; /* EINTR */
}

int lk_password_hash(struct lk_ctx *ctx, const char *password,
		     char out[128])
{
	size_t n = password ? strlen(password) : 0;
	int rc;

	if ((rc = init(ctx)))
		return rc;
	if (n < LK_PASSWORD_MIN || n > LK_PASSWORD_MAX) {
		lk_err_set(&ctx->err, LK_EINVAL,
			   _("a password has %d to %d characters"),
			   LK_PASSWORD_MIN, LK_PASSWORD_MAX);
		ctx->err.field = "password";
		return LK_EINVAL;
	}
	sem_enter();
	rc = crypto_pwhash_str(out, password, n,
			       crypto_pwhash_OPSLIMIT_INTERACTIVE,
			       crypto_pwhash_MEMLIMIT_INTERACTIVE);
	sem_post(&hash_sem);
	if (rc != 0)
		return lk_err_set(&ctx->err, LK_ENOMEM,
				  _("cannot hash the password"));
	return 0;
}

int lk_password_verify(const char *hash, const char *password)
{
	size_t n = password ? strlen(password) : 0;
	int ok;

	pthread_once(&once, init_once);
	if (init_rc || !hash || n > LK_PASSWORD_MAX)
		return 0;
	sem_enter();
	ok = crypto_pwhash_str_verify(hash, password ? password : "", n) == 0;
	sem_post(&hash_sem);
	return ok;
}

int lk_csrf_equal(const char *given, const char *expected)
{
	size_t n;

	if (!given || !expected)
		return 0;
	n = strlen(expected);
	if (n == 0 || strlen(given) != n)
		return 0;
	return sodium_memcmp(given, expected, n) == 0;
}

/* ---- accounts ------------------------------------------------------ */

static int name_valid(struct lk_ctx *ctx, const char *name)
{
	size_t n = name ? strlen(name) : 0, i;

	for (i = 0; i < n; i++)
		if ((unsigned char)name[i] <= ' ' || name[i] == 0x7f)
			break;
	if (n == 0 || n >= LK_ACCOUNT_NAME_MAX || i < n) {
		lk_err_set(&ctx->err, LK_EINVAL,
			   _("an account name has 1 to %d characters and no "
			     "spaces"),
			   LK_ACCOUNT_NAME_MAX - 1);
		ctx->err.field = "name";
		return LK_EINVAL;
	}
	return 0;
}

/* Checks that region suits role (see account.h). */
static int region_valid(struct lk_ctx *ctx, int role, const char *region)
{
	static const int level_of_role[] = {0, 0, LK_LEVEL_COUNTY,
					    LK_LEVEL_TOWN, LK_LEVEL_VILLAGE,
					    0, 0};
	struct lk_region r;
	int rc, want = level_of_role[role];

	if (!*region) {
		if (role == LK_ROLE_ADMIN && (!ctx->scope || !*ctx->scope))
			return 0;
		if (role == LK_ROLE_ADMIN)
			return lk_scope_check(ctx, region); /* (LK_EPERM) */
		lk_err_set(&ctx->err, LK_EINVAL,
			   _("a %s account needs a region"),
			   lk_role_name(role));
		goto bad;
	}
	if ((rc = lk_scope_check(ctx, region)))
		return rc;
	rc = lk_region_get(ctx, region, &r);
	if (rc == LK_ENOTFOUND) {
		lk_err_set(&ctx->err, LK_EINVAL, _("no region %s"), region);
		goto bad;
	}
	if (rc)
		return rc;
	if (want && r.level != want) {
		lk_err_set(&ctx->err, LK_EINVAL,
			   _("a %s account needs a region of that level, "
			     "not %s (%s)"),
			   lk_role_name(role), region, r.name);
		goto bad;
	}
	return 0;
bad:
	ctx->err.field = "region";
	return LK_EINVAL;
}

/* Audit image of an account (never the password hash). */
static int account_json(const struct lk_account *a, struct lk_buf *b)
{
	int rc;

	if ((rc = lk_buf_adds(b, "{\"name\":")) ||
	    (rc = lk_json_str(b, a->name)) ||
	    (rc = lk_buf_printf(b, ",\"role\":\"%s\",\"region\":",
				lk_role_name(a->role))) ||
	    (rc = lk_json_str(b, a->region)) ||
	    (rc = lk_buf_printf(b, ",\"cadre_id\":%lld,\"disabled\":%s}",
				(long long)a->cadre_id,
				a->disabled ? "true" : "false")))
		return rc;
	return 0;
}

static const char select_sql[] =
	"SELECT a.id, a.name, a.role, a.region_code, r.name, a.cadre_id, "
	"c.name, a.locale, a.disabled, a.created_at, a.password_hash "
	"FROM account a LEFT JOIN region r ON r.code = a.region_code "
	"LEFT JOIN cadre c ON c.id = a.cadre_id ";

static void read_account(struct db_stmt *st, struct lk_account *a)
{
	const char *s;
	int i;

	memset(a, 0, sizeof *a);
	a->id = db_col_int64(st, 0);
	snprintf(a->name, sizeof a->name, "%s", db_col_text(st, 1));
	s = db_col_text(st, 2);
	for (i = LK_ROLE_ADMIN; i <= LK_ROLE_VIEWER; i++)
		if (s && strcmp(s, role_names[i]) == 0)
			a->role = i;
	snprintf(a->region, sizeof a->region, "%s", db_col_text(st, 3));
	if ((s = db_col_text(st, 4)))
		snprintf(a->region_name, sizeof a->region_name, "%s", s);
	a->cadre_id = db_col_int64(st, 5);
	if ((s = db_col_text(st, 6)))
		snprintf(a->cadre_name, sizeof a->cadre_name, "%s", s);
	if ((s = db_col_text(st, 7)))
		snprintf(a->locale, sizeof a->locale, "%s", s);
	a->disabled = (int)db_col_int64(st, 8);
	if ((s = db_col_text(st, 9)))
		snprintf(a->created_at, sizeof a->created_at, "%s", s);
}

/* Reads account name (any scope); hash (may be NULL) gets its password
 * hash.  LK_ENOTFOUND if absent. */
static int fetch(struct lk_ctx *ctx, const char *name, struct lk_account *a,
		 char hash[crypto_pwhash_STRBYTES])
{
	char q[sizeof select_sql + 32];
	struct db_stmt *st = NULL;
	int rc;

	snprintf(q, sizeof q, "%sWHERE a.name = ?", select_sql);
	if ((rc = db_prepare(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, name, -1);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_DONE) {
		rc = lk_err_set(&ctx->err, LK_ENOTFOUND, _("no account %s"),
				name);
		goto out;
	}
	read_account(st, a);
	if (hash)
		snprintf(hash, crypto_pwhash_STRBYTES, "%s",
			 db_col_text(st, 10) ? db_col_text(st, 10) : "");
	rc = 0;
out:
	db_done(st);
	return rc;
}

int lk_account_get(struct lk_ctx *ctx, const char *name,
		   struct lk_account *out)
{
	struct lk_account a;
	int rc;

	if ((rc = fetch(ctx, name, &a, NULL)))
		return rc;
	if (lk_scope_check(ctx, a.region) != 0)
		return lk_err_set(&ctx->err, LK_ENOTFOUND, _("no account %s"),
				  name);
	*out = a;
	return 0;
}

int lk_account_list(struct lk_ctx *ctx,
		    int (*fn)(void *arg, const struct lk_account *a),
		    void *arg)
{
	char q[sizeof select_sql + 64];
	const char *scope = ctx->scope ? ctx->scope : "";
	struct db_stmt *st = NULL;
	struct lk_account a;
	int rc;

	snprintf(q, sizeof q, "%sWHERE substr(a.region_code, 1, ?) = ? "
			      "ORDER BY a.name",
		 select_sql);
	if ((rc = db_prepare(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, (int64_t)strlen(scope));
	db_bind_text(st, 2, scope, -1);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		read_account(st, &a);
		if ((rc = fn(arg, &a)))
			goto out;
	}
out:
	db_done(st);
	return rc;
}

/* The id of the cadre inside region whose ID number, or else name, is
 * key (a name must be unique there). */
static int cadre_find(struct lk_ctx *ctx, const char *key,
		      const char *region, int64_t *id)
{
	static const char q[] =
		"SELECT id, region_code, id_number = ? FROM cadre "
		"WHERE id_number = ? OR name = ? ORDER BY 3 DESC, id";
	struct db_stmt *st = NULL;
	int rc, n = 0, by_id = 0;

	if ((rc = db_prepare(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, key, -1);
	db_bind_text(st, 2, key, -1);
	db_bind_text(st, 3, key, -1);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		const char *r = db_col_text(st, 1);
		if (!r || strncmp(r, region, strlen(region)) != 0 ||
		    lk_scope_check(ctx, r) != 0)
			continue;
		if (n && by_id)
			break; /* an ID number match wins */
		if (n++ == 0) {
			*id = db_col_int64(st, 0);
			by_id = (int)db_col_int64(st, 2);
		}
	}
	if (rc < 0)
		goto out;
	if (n == 0 || (n > 1 && !by_id)) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				n ? _("several cadres in region %s are called "
				      "%s: give the ID number")
				  : _("no cadre with ID number or name %s in "
				      "region %s"),
				n ? region : key, n ? key : region);
		ctx->err.field = "cadre";
		goto out;
	}
	rc = 0;
out:
	db_done(st);
	return rc;
}

int lk_account_add(struct lk_ctx *ctx, const char *name, int role,
		   const char *region, const char *cadre,
		   const char *password)
{
	static const char q[] =
		"INSERT INTO account (name, role, region_code, cadre_id, "
		"password_hash, created_at, updated_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?)";
	char hash[crypto_pwhash_STRBYTES], now[LK_ISO_NOW_BUFSZ];
	struct lk_buf img = LK_BUF_INIT(4096);
	struct db_stmt *st = NULL;
	struct lk_account a;
	int64_t cadre_id = 0;
	int rc, tx = 0;

	memset(hash, 0, sizeof hash);
	region = region ? region : "";
	if ((rc = name_valid(ctx, name)))
		goto out;
	if (!lk_role_name(role)) {
		rc = lk_role_parse(ctx, "", &role);
		goto out;
	}
	if ((rc = region_valid(ctx, role, region)))
		goto out;
	if (role == LK_ROLE_HELPER && (!cadre || !*cadre)) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("a helper account needs its cadre (ID "
				  "number or name)"));
		ctx->err.field = "cadre";
		goto out;
	}
	if (role != LK_ROLE_HELPER && cadre && *cadre) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("only a helper account is linked to a "
				  "cadre"));
		ctx->err.field = "cadre";
		goto out;
	}
	if (role == LK_ROLE_HELPER &&
	    (rc = cadre_find(ctx, cadre, region, &cadre_id)))
		goto out;
	if ((rc = lk_password_hash(ctx, password, hash)))
		goto out;
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	lk_now_iso(now);
	if ((rc = db_prepare(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, name, -1);
	db_bind_text(st, 2, lk_role_name(role), -1);
	db_bind_text(st, 3, region, -1);
	if (cadre_id)
		db_bind_int64(st, 4, cadre_id);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, hash, -1);
	db_bind_text(st, 6, now, -1);
	db_bind_text(st, 7, now, -1);
	rc = db_step(st, &ctx->err);
	db_done(st);
	st = NULL;
	if (rc == LK_ECONFLICT) {
		lk_err_set(&ctx->err, LK_ECONFLICT,
			   _("there is already an account %s"), name);
		ctx->err.field = "name";
		goto out;
	}
	if (rc < 0)
		goto out;
	if ((rc = fetch(ctx, name, &a, NULL)) ||
	    (rc = account_json(&a, &img)) ||
	    (rc = lk_audit(ctx, "create", "account", name, NULL,
			   lk_buf_str(&img))))
		goto out;
	rc = db_commit(ctx->db, &ctx->err);
	if (!rc)
		tx = 0;
out:
	if (tx)
		db_rollback(ctx->db);
	db_done(st);
	sodium_memzero(hash, sizeof hash);
	lk_buf_free(&img);
	return rc;
}

/* Runs an UPDATE of one account (bound ?1 = name, then the caller's),
 * deletes its sessions and audits action; all in one transaction. */
static int account_change(struct lk_ctx *ctx, const char *name,
			  const char *action, const char *sql,
			  const char *arg)
{
	static const char del[] =
		"DELETE FROM session WHERE account_id = ?";
	struct lk_buf before = LK_BUF_INIT(4096), after = LK_BUF_INIT(4096);
	char now[LK_ISO_NOW_BUFSZ];
	struct db_stmt *st = NULL;
	struct lk_account a;
	int rc, tx = 0;

	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if ((rc = lk_account_get(ctx, name, &a)) ||
	    (rc = account_json(&a, &before)))
		goto out;
	lk_now_iso(now);
	if ((rc = db_prepare(ctx->db, sql, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, name, -1);
	db_bind_text(st, 2, now, -1);
	if (arg)
		db_bind_text(st, 3, arg, -1);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	db_done(st);
	st = NULL;
	if (strcmp(action, "locale") != 0) {
		if ((rc = db_prepare(ctx->db, del, &st, &ctx->err)))
			goto out;
		db_bind_int64(st, 1, a.id);
		if ((rc = db_step(st, &ctx->err)) < 0)
			goto out;
		db_done(st);
		st = NULL;
	}
	if ((rc = fetch(ctx, name, &a, NULL)) ||
	    (rc = account_json(&a, &after)) ||
	    (rc = lk_audit(ctx, strcmp(action, "disable") == 0 ? "disable"
								: "update",
			   "account", name, lk_buf_str(&before),
			   lk_buf_str(&after))))
		goto out;
	if ((rc = db_commit(ctx->db, &ctx->err)) == 0)
		tx = 0;
out:
	db_done(st);
	if (tx)
		db_rollback(ctx->db);
	lk_buf_free(&before);
	lk_buf_free(&after);
	return rc;
}

int lk_account_passwd(struct lk_ctx *ctx, const char *name,
		      const char *password)
{
	char hash[crypto_pwhash_STRBYTES];
	int rc;

	if ((rc = lk_password_hash(ctx, password, hash)))
		return rc;
	rc = account_change(ctx, name, "passwd",
			    "UPDATE account SET updated_at = ?2, "
			    "password_hash = ?3 WHERE name = ?1",
			    hash);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

int lk_account_disable(struct lk_ctx *ctx, const char *name)
{
	return account_change(ctx, name, "disable",
			      "UPDATE account SET updated_at = ?2, "
			      "disabled = 1 WHERE name = ?1",
			      NULL);
}

int lk_account_set_locale(struct lk_ctx *ctx, const char *name,
			  const char *locale)
{
	enum lk_lang l;

	if (!locale || lk_lang_parse(locale, &l)) {
		lk_err_set(&ctx->err, LK_EINVAL,
			   _("unknown language %s (use en or zh_CN)"),
			   locale ? locale : "");
		ctx->err.field = "locale";
		return LK_EINVAL;
	}
	return account_change(ctx, name, "locale",
			      "UPDATE account SET updated_at = ?2, "
			      "locale = ?3 WHERE name = ?1",
			      lk_lang_name(l));
}

void lk_account_apply(const struct lk_account *acct, struct lk_ctx *ctx)
{
	ctx->scope = acct->region;
	ctx->user = acct->name;
	ctx->cadre = acct->role == LK_ROLE_HELPER ? acct->cadre_id : 0;
	if (acct->role == LK_ROLE_HELPER && !ctx->cadre)
		ctx->cadre = -1; /* a helper without cadre reaches nothing */
	ctx->mask = acct->role == LK_ROLE_VIEWER;
	ctx->audit_reads = 1;
}

/* ---- throttling ---------------------------------------------------- */

/* Number of failures of (kind, key) since since and the time of the
 * oldest of them. */
static int failures(struct lk_ctx *ctx, const char *kind, const char *key,
		    int64_t since, int *n, int64_t *oldest)
{
	static const char q[] =
		"SELECT count(*), min(at) FROM login_failure "
		"WHERE kind = ? AND key = ? AND at > ?";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_text(st, 1, kind, -1);
	db_bind_text(st, 2, key, -1);
	db_bind_int64(st, 3, since);
	if ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		*n = (int)db_col_int64(st, 0);
		*oldest = db_col_int64(st, 1);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = lk_err_set(&ctx->err, LK_EINTERNAL,
				_("no result from the failure count"));
	}
	db_done(st);
	return rc;
}

/* Runs one statement binding the variable arguments as types says:
 * 't' text (const char *), 'i' int64_t, one per placeholder. */
static int run(struct lk_ctx *ctx, const char *sql, const char *types, ...)
{
	struct db_stmt *st = NULL;
	va_list ap;
	int rc, i;

	if ((rc = db_prepare_static(ctx->db, sql, &st, &ctx->err)))
		return rc;
	va_start(ap, types);
	for (i = 0; types[i]; i++) {
		if (types[i] == 't')
			db_bind_text(st, i + 1, va_arg(ap, const char *), -1);
		else
			db_bind_int64(st, i + 1, va_arg(ap, int64_t));
	}
	va_end(ap);
	rc = db_step(st, &ctx->err);
	db_done(st);
	return rc < 0 ? rc : 0;
}

static const char fail_ins[] =
	"INSERT INTO login_failure (kind, key, at) VALUES (?1, ?2, ?3)";

/* Records a failure of name and address (own transaction). */
static int record_failure(struct lk_ctx *ctx, const char *name,
			  const char *address, int64_t now)
{
	int rc;

	if ((rc = db_begin(ctx->db, &ctx->err)))
		return rc;
	if ((rc = run(ctx, "DELETE FROM login_failure WHERE at <= ?", "i",
		      (int64_t)(now - LK_LOGIN_WINDOW))) ||
	    (rc = run(ctx, fail_ins, "tti", "name", name, now)) ||
	    (address &&
	     (rc = run(ctx, fail_ins, "tti", "address", address, now))) ||
	    (rc = db_commit(ctx->db, &ctx->err))) {
		db_rollback(ctx->db);
		return rc;
	}
	return 0;
}

/* ---- sessions ------------------------------------------------------ */

static int token_hash(const char *token, char hex[65])
{
	unsigned char h[32];

	if (crypto_generichash(h, sizeof h, (const unsigned char *)token,
			       strlen(token), NULL, 0) != 0)
		return LK_EINTERNAL;
	sodium_bin2hex(hex, 65, h, sizeof h);
	return 0;
}

static void random_token(char out[LK_TOKEN_MAX])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, LK_TOKEN_MAX, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

int lk_login(struct lk_ctx *ctx, const char *name, const char *password,
	     const char *address, struct lk_account *acct,
	     struct lk_session_new *sess, int *retry_after)
{
	static const char ins[] =
		"INSERT INTO session (token_hash, account_id, csrf, address, "
		"created_at, last_seen, expires_at) VALUES (?,?,?,?,?,?,?)";
	char hash[crypto_pwhash_STRBYTES], th[65];
	struct db_stmt *st = NULL;
	struct lk_account a;
	int64_t now = lk_now_unix(), oldest = 0;
	int rc, n = 0, known, ok, tx = 0;
	const char *who = ctx->user;

	*retry_after = 0;
	memset(hash, 0, sizeof hash);
	if ((rc = init(ctx)))
		goto out;
	if (!name || !*name || strlen(name) >= LK_ACCOUNT_NAME_MAX ||
	    !password || strlen(password) > LK_PASSWORD_MAX) {
		rc = lk_err_set(&ctx->err, LK_EPERM,
				_("wrong name or password"));
		goto out;
	}
	/* throttled, by name or by address? */
	if ((rc = failures(ctx, "name", name, now - LK_LOGIN_WINDOW, &n,
			   &oldest)))
		goto out;
	if (n < LK_LOGIN_MAX_FAILS && address) {
		if ((rc = failures(ctx, "address", address,
				   now - LK_LOGIN_WINDOW, &n, &oldest)))
			goto out;
		if (n < LK_LOGIN_MAX_ADDR)
			n = 0;
	}
	if (n >= LK_LOGIN_MAX_FAILS) {
		int64_t wait = oldest + LK_LOGIN_WINDOW - now;
		*retry_after = wait > 0 ? (int)wait : 1;
		rc = lk_err_set(&ctx->err, LK_EBUSY,
				_("too many failed sign-ins: try again in %d "
				  "minutes"),
				(*retry_after + 59) / 60);
		goto out;
	}
	rc = fetch(ctx, name, &a, hash);
	if (rc && rc != LK_ENOTFOUND)
		goto out;
	known = rc == 0 && !a.disabled;
	ok = lk_password_verify(known ? hash : dummy_hash, password);
	if (!known || !ok) {
		if ((rc = record_failure(ctx, name, address, now)))
			goto out;
		rc = lk_err_set(&ctx->err, LK_EPERM,
				_("wrong name or password"));
		goto out;
	}
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	random_token(sess->token);
	random_token(sess->csrf);
	if ((rc = token_hash(sess->token, th)))
		goto out;
	if ((rc = db_prepare_static(ctx->db, ins, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, th, -1);
	db_bind_int64(st, 2, a.id);
	db_bind_text(st, 3, sess->csrf, -1);
	db_bind_text(st, 4, address, -1);
	db_bind_int64(st, 5, now);
	db_bind_int64(st, 6, now);
	db_bind_int64(st, 7, now + LK_SESSION_MAX);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	db_done(st);
	st = NULL;
	if ((rc = run(ctx,
		      "DELETE FROM login_failure WHERE kind = 'name' "
		      "AND key = ?",
		      "t", name)) ||
	    (rc = run(ctx,
		      "DELETE FROM session WHERE expires_at <= ? OR "
		      "last_seen <= ?",
		      "ii", now, (int64_t)(now - LK_SESSION_IDLE))))
		goto out;
	ctx->user = a.name;
	rc = lk_audit(ctx, "login", "account", a.name, NULL, NULL);
	ctx->user = who;
	if (rc || (rc = db_commit(ctx->db, &ctx->err)))
		goto out;
	tx = 0;
	*acct = a;
out:
	db_done(st);
	if (tx)
		db_rollback(ctx->db);
	if (rc)
		sodium_memzero(sess, sizeof *sess);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

/* ---- the session cache --------------------------------------------- */

struct sess_entry {
	uint64_t version;	/* db_version() before the read; 0 = empty */
	char th[65];		/* the token's hash (hex) */
	int64_t sid, last, expires;
	struct lk_account acct;
	char csrf[LK_TOKEN_MAX];
};

struct lk_sess_cache {
	struct sess_entry e[LK_SESSION_CACHE];
};

struct lk_sess_cache *lk_session_cache_new(void)
{
	return calloc(1, sizeof(struct lk_sess_cache));
}

void lk_session_cache_free(struct lk_sess_cache *c)
{
	if (!c)
		return;
	sodium_memzero(c, sizeof *c); /* CSRF tokens */
	free(c);
}

/* The slot of token hash th (hex): direct-mapped by its first bytes. */
static struct sess_entry *sess_slot(struct lk_sess_cache *c, const char *th)
{
	unsigned h = 0;
	int i;

	for (i = 0; i < 4; i++)
		h = h * 16 + (unsigned)(th[i] <= '9' ? th[i] - '0'
						     : th[i] - 'a' + 10);
	return &c->e[h % LK_SESSION_CACHE];
}

/* The session row of token: id, account name, csrf, created, last seen. */
static const char session_sql[] =
	"SELECT s.id, a.name, s.csrf, s.created_at, s.last_seen, "
	"s.expires_at FROM session s JOIN account a ON a.id = s.account_id "
	"WHERE s.token_hash = ?";

int lk_session_check(struct lk_ctx *ctx, const char *token,
		     struct lk_account *acct, char csrf[LK_TOKEN_MAX])
{
	char th[65], name[LK_ACCOUNT_NAME_MAX];
	struct db_stmt *st = NULL;
	struct sess_entry *ce = NULL;
	int64_t now = lk_now_unix(), sid, last, expires;
	uint64_t version = 0;
	struct lk_account a;
	int rc, dead;

	if (!token || strlen(token) >= LK_TOKEN_MAX ||
	    strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvw"
			  "xyz0123456789-_") != strlen(token) ||
	    !*token)
		goto gone;
	if ((rc = init(ctx)) || (rc = token_hash(token, th)))
		goto out;
	if (ctx->sessions) {
		/* (read before the session: a change after it shows) */
		version = db_version(ctx->db);
		ce = sess_slot(ctx->sessions, th);
		if (version && ce->version == version &&
		    strcmp(ce->th, th) == 0 && now < ce->expires &&
		    now - ce->last < LK_SESSION_TOUCH) {
			*acct = ce->acct;
			memcpy(csrf, ce->csrf, LK_TOKEN_MAX);
			rc = 0;
			goto out;
		}
		if (strcmp(ce->th, th) == 0)
			ce->version = 0;
	}
	if ((rc = db_prepare_static(ctx->db, session_sql, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, th, -1);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_DONE)
		goto gone;
	sid = db_col_int64(st, 0);
	snprintf(name, sizeof name, "%s", db_col_text(st, 1));
	snprintf(csrf, LK_TOKEN_MAX, "%s", db_col_text(st, 2));
	last = db_col_int64(st, 4);
	expires = db_col_int64(st, 5);
	db_done(st);
	st = NULL;
	dead = now >= expires || now - last >= LK_SESSION_IDLE;
	if (!dead && (rc = fetch(ctx, name, &a, NULL)))
		goto out;
	if (dead || a.disabled) {
		if ((rc = run(ctx, "DELETE FROM session WHERE token_hash = ?",
			      "t", th)))
			goto out;
		goto gone;
	}
	if (now - last >= LK_SESSION_TOUCH) {
		/* outside any transaction: a single autocommit statement */
		if ((rc = db_prepare_static(ctx->db,
					    "UPDATE session SET last_seen = ? "
					    "WHERE id = ?",
					    &st, &ctx->err)))
			goto out;
		db_bind_int64(st, 1, now);
		db_bind_int64(st, 2, sid);
		if ((rc = db_step(st, &ctx->err)) < 0)
			goto out;
		last = now;
	}
	if (ce) {
		ce->version = version;
		memcpy(ce->th, th, sizeof ce->th);
		ce->sid = sid;
		ce->last = last;
		ce->expires = expires < last + LK_SESSION_IDLE
				      ? expires
				      : last + LK_SESSION_IDLE;
		ce->acct = a;
		memcpy(ce->csrf, csrf, LK_TOKEN_MAX);
	}
	*acct = a;
	rc = 0;
	goto out;
gone:
	rc = lk_err_set(&ctx->err, LK_ENOTFOUND,
			_("not signed in, or the session has expired"));
out:
	db_done(st);
	return rc;
}

int lk_logout(struct lk_ctx *ctx, const char *token)
{
	struct lk_account a;
	char th[65], csrf[LK_TOKEN_MAX];
	int rc;

	if ((rc = lk_session_check(ctx, token, &a, csrf)))
		return rc == LK_ENOTFOUND ? 0 : rc;
	if ((rc = token_hash(token, th)))
		return rc;
	if (ctx->sessions)
		memset(sess_slot(ctx->sessions, th), 0,
		       sizeof(struct sess_entry));
	if ((rc = db_begin(ctx->db, &ctx->err)))
		return rc;
	if ((rc = run(ctx, "DELETE FROM session WHERE token_hash = ?", "t",
		      th)) ||
	    (rc = lk_audit(ctx, "logout", "account", a.name, NULL, NULL)) ||
	    (rc = db_commit(ctx->db, &ctx->err))) {
		db_rollback(ctx->db);
		return rc;
	}
	return 0;
}
