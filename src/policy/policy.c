#include "policy/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/json.h"
#include "core/money.h"
#include "core/num.h"
#include "core/resource.h"
#include "core/tsv.h"
#include "registry/codes.h"
#include "registry/region.h"
#include "store/db.h"

#define KIND_MAX 64

static int valid_kind(const char *k)
{
	size_t n = strlen(k);

	return n > 0 && n < KIND_MAX &&
	       strspn(k, "abcdefghijklmnopqrstuvwxyz0123456789_.") == n;
}

static int valid_region(const char *r)
{
	size_t n = strlen(r);

	return n <= 15 && strspn(r, "0123456789") == n;
}

int lk_policy_load_tsv(struct lk_ctx *ctx, const char *name, const char *text,
		       size_t len)
{
	static const char del[] = "DELETE FROM policy WHERE source = 'file'";
	static const char ins[] =
		"INSERT INTO policy (kind, region, year, value, unit, status, "
		"note, source) VALUES (?,?,?,?,?,?,?,'file')";
	struct lk_tsv tsv = {0};
	struct db_stmt *st = NULL;
	char *f[7], after[64];
	size_t n, count = 0;
	int rc, tx = 0, header = 0;

	if ((rc = lk_tsv_open(&tsv, text, len)))
		goto out;
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if ((rc = db_exec(ctx->db, del, &ctx->err)) ||
	    (rc = db_prepare(ctx->db, ins, &st, &ctx->err)))
		goto out;
	while (lk_tsv_next(&tsv, f, 7, &n)) {
		int64_t year = 0;

		if (!header) {
			if (n < 4 || strcmp(f[0], "kind") != 0 ||
			    strcmp(f[1], "region") != 0 ||
			    strcmp(f[2], "year") != 0 ||
			    strcmp(f[3], "value") != 0) {
				rc = lk_err_set(&ctx->err, LK_EINVAL,
						_("%s, line %zu: expected the "
						  "header kind, region, year, "
						  "value, unit, status, note"),
						name, tsv.lineno);
				goto out;
			}
			header = 1;
			continue;
		}
		if (n < 4 || !valid_kind(f[0]) ||
		    (strcmp(f[1], "-") != 0 && !valid_region(f[1])) ||
		    (strcmp(f[2], "*") != 0 &&
		     lk_parse_int64(f[2], 1949, 2100, &year)) ||
		    !*f[3] || strlen(f[3]) >= LK_POLICY_VALUE_MAX) {
			rc = lk_err_set(&ctx->err, LK_EINVAL,
					_("%s, line %zu: a policy value needs a "
					  "kind, a region code or -, a year or "
					  "* and a value"),
					name, tsv.lineno);
			goto out;
		}
		db_bind_text(st, 1, f[0], -1);
		db_bind_text(st, 2, strcmp(f[1], "-") == 0 ? "" : f[1], -1);
		db_bind_int64(st, 3, year);
		db_bind_text(st, 4, f[3], -1);
		db_bind_text(st, 5, n > 4 && *f[4] ? f[4] : NULL, -1);
		db_bind_text(st, 6, n > 5 && *f[5] ? f[5] : NULL, -1);
		db_bind_text(st, 7, n > 6 && *f[6] ? f[6] : NULL, -1);
		if ((rc = db_step(st, &ctx->err)) < 0) {
			if (rc == LK_ECONFLICT)
				rc = lk_err_set(&ctx->err, LK_EINVAL,
						_("%s, line %zu: %s for region "
						  "%s and year %s is given "
						  "twice"),
						name, tsv.lineno, f[0], f[1],
						f[2]);
			goto out;
		}
		db_reset(st);
		count++;
	}
	if (!header || !count) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("%s: no policy values (a header line and at "
				  "least one value are needed)"),
				name);
		goto out;
	}
	snprintf(after, sizeof after, "{\"values\":%zu}", count);
	if ((rc = lk_audit(ctx, "load", "policy", name, NULL, after)))
		goto out;
	db_done(st);
	st = NULL;
	rc = db_commit(ctx->db, &ctx->err);
	tx = 0;
out:
	db_done(st);
	if (tx)
		db_rollback(ctx->db);
	lk_tsv_close(&tsv);
	return rc;
}

/* Reads a policy file of dir, or the built-in one. */
static int read_file(struct lk_ctx *ctx, const char *dir, const char *file,
		     char **text, size_t *len, char *name, size_t namesz)
{
	FILE *fp;
	long n;
	int rc = LK_EIO;

	*text = NULL;
	if (!dir) {
		char res[64];
		const struct lk_resource *r;
		snprintf(res, sizeof res, "policy/%s", file);
		r = lk_resource_find(res);
		if (!r)
			return lk_err_set(&ctx->err, LK_EINTERNAL,
					  _("the built-in %s is missing"),
					  res);
		*text = malloc(r->len + 1);
		if (!*text)
			return LK_ENOMEM;
		memcpy(*text, r->data, r->len + 1);
		*len = r->len;
		snprintf(name, namesz, "%s", res);
		return 0;
	}
	snprintf(name, namesz, "%s/%s", dir, file);
	if (!(fp = fopen(name, "rb")))
		return lk_err_set(&ctx->err, LK_ENOTFOUND, _("cannot open %s"),
				  name);
	if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
	    n > (16L << 20) || fseek(fp, 0, SEEK_SET) != 0) {
		rc = lk_err_set(&ctx->err, LK_ETOOBIG,
				_("%s is unreadable or larger than 16 MiB"),
				name);
		goto out;
	}
	if (!(*text = malloc((size_t)n + 1))) {
		rc = LK_ENOMEM;
		goto out;
	}
	if (fread(*text, 1, (size_t)n, fp) != (size_t)n) {
		free(*text);
		*text = NULL;
		rc = lk_err_set(&ctx->err, LK_EIO, _("cannot read %s"), name);
		goto out;
	}
	(*text)[n] = '\0';
	*len = (size_t)n;
	rc = 0;
out:
	fclose(fp);
	return rc;
}

int lk_policy_load(struct lk_ctx *ctx, const char *dir)
{
	char *text = NULL, name[4096];
	size_t len;
	int rc;

	if ((rc = read_file(ctx, dir, "codes.tsv", &text, &len, name,
			    sizeof name)) ||
	    (rc = lk_codes_load_tsv(ctx, name, text, len)))
		goto out;
	free(text);
	text = NULL;
	if ((rc = read_file(ctx, dir, "policy.tsv", &text, &len, name,
			    sizeof name)))
		goto out;
	rc = lk_policy_load_tsv(ctx, name, text, len);
out:
	free(text);
	return rc;
}

static const char lookup_sql[] =
	"SELECT value FROM policy WHERE kind = ?1 AND "
	"substr(?2, 1, length(region)) = region AND year IN (?3, 0) "
	"ORDER BY length(region) DESC, year DESC, source = 'user' DESC "
	"LIMIT 1";

/* The LK_ENOTFOUND message: what was asked and what the policy has. */
static int not_found(struct lk_ctx *ctx, const char *kind, const char *region,
		     int year)
{
	static const char q[] =
		"SELECT group_concat(y, ', ') FROM (SELECT DISTINCT year AS y "
		"FROM policy WHERE kind = ?1 AND substr(?2, 1, length(region)) "
		"= region ORDER BY year)";
	struct db_stmt *st = NULL;
	const char *years = NULL;
	int rc;

	if (db_prepare(ctx->db, q, &st, NULL) == 0) {
		db_bind_text(st, 1, kind, -1);
		db_bind_text(st, 2, region, -1);
		if (db_step(st, NULL) == DB_ROW)
			years = db_col_text(st, 0);
	}
	if (years)
		rc = lk_err_set(&ctx->err, LK_ENOTFOUND,
				_("the policy has no %s for region %s in %d "
				  "(it has the years %s; add one with 'lika "
				  "policy set')"),
				kind, *region ? region : "-", year, years);
	else
		rc = lk_err_set(&ctx->err, LK_ENOTFOUND,
				_("the policy has no %s for region %s in %d "
				  "(add one with 'lika policy set')"),
				kind, *region ? region : "-", year);
	db_done(st);
	return rc;
}

int lk_policy_get(struct lk_ctx *ctx, const char *kind, const char *region,
		  int year, char out[LK_POLICY_VALUE_MAX])
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare_static(ctx->db, lookup_sql, &st, &ctx->err)))
		return rc;
	db_bind_text(st, 1, kind, -1);
	db_bind_text(st, 2, region ? region : "", -1);
	db_bind_int64(st, 3, year);
	rc = db_step(st, &ctx->err);
	if (rc == DB_ROW)
		snprintf(out, LK_POLICY_VALUE_MAX, "%s", db_col_text(st, 0));
	db_done(st);
	if (rc == DB_DONE)
		return not_found(ctx, kind, region ? region : "", year);
	return rc == DB_ROW ? 0 : rc;
}

/* Parses a value of kind for the typed getters. */
static int parse_int(struct lk_ctx *ctx, const char *kind, const char *v,
		     int64_t *out)
{
	if (lk_parse_int64(v, INT64_MIN, INT64_MAX, out) == 0)
		return 0;
	return lk_err_set(&ctx->err, LK_EINVAL,
			  _("policy value %s of %s is not a whole number"), v,
			  kind);
}

static int parse_money(struct lk_ctx *ctx, const char *kind, const char *v,
		       int64_t *fen)
{
	if (lk_money_parse(v, fen) == 0)
		return 0;
	return lk_err_set(&ctx->err, LK_EINVAL,
			  _("policy value %s of %s is not an amount of yuan"),
			  v, kind);
}

/* "0.02" (up to 6 decimals), "2%" / "2.5%", "2/3" -> ppm. */
static int parse_ppm(struct lk_ctx *ctx, const char *kind, const char *v,
		     int64_t *ppm)
{
	char buf[64];
	size_t n = strlen(v);
	const char *slash = strchr(v, '/');
	int64_t a, b;

	if (n == 0 || n >= sizeof buf)
		goto bad;
	if (slash) {
		memcpy(buf, v, (size_t)(slash - v));
		buf[slash - v] = '\0';
		if (lk_parse_int64(buf, 0, 1000000, &a) ||
		    lk_parse_int64(slash + 1, 1, 1000000, &b))
			goto bad;
		*ppm = (a * 1000000 + b / 2) / b;
		return 0;
	}
	if (v[n - 1] == '%') {
		memcpy(buf, v, n - 1);
		buf[n - 1] = '\0';
		if (lk_parse_decimal(buf, 4, 0, 1000000, &a))
			goto bad;
		*ppm = a; /* percent with 4 decimals = ppm */
		return 0;
	}
	if (lk_parse_decimal(v, 6, 0, 1000000, &a))
		goto bad;
	*ppm = a;
	return 0;
bad:
	return lk_err_set(&ctx->err, LK_EINVAL,
			  _("policy value %s of %s is not a ratio (0.02, 2%% "
			    "or 2/3)"),
			  v, kind);
}

int lk_policy_int(struct lk_ctx *ctx, const char *kind, const char *region,
		  int year, int64_t *out)
{
	char v[LK_POLICY_VALUE_MAX];
	int rc = lk_policy_get(ctx, kind, region, year, v);

	return rc ? rc : parse_int(ctx, kind, v, out);
}

int lk_policy_money(struct lk_ctx *ctx, const char *kind, const char *region,
		    int year, int64_t *fen)
{
	char v[LK_POLICY_VALUE_MAX];
	int rc = lk_policy_get(ctx, kind, region, year, v);

	return rc ? rc : parse_money(ctx, kind, v, fen);
}

int lk_policy_ppm(struct lk_ctx *ctx, const char *kind, const char *region,
		  int year, int64_t *ppm)
{
	char v[LK_POLICY_VALUE_MAX];
	int rc = lk_policy_get(ctx, kind, region, year, v);

	return rc ? rc : parse_ppm(ctx, kind, v, ppm);
}

int lk_policy_set(struct lk_ctx *ctx, const char *kind, const char *region,
		  int year, const char *value, const char *reason)
{
	static const char sel[] =
		"SELECT value FROM policy WHERE kind = ? AND region = ? AND "
		"year = ? AND source = 'user'";
	static const char ins[] =
		"INSERT INTO policy (kind, region, year, value, status, source, "
		"set_by, set_at, reason) VALUES (?,?,?,?,'local','user',?,?,?) "
		"ON CONFLICT (kind, region, year, source) DO UPDATE SET "
		"value = excluded.value, set_by = excluded.set_by, set_at = "
		"excluded.set_at, reason = excluded.reason";
	struct db_stmt *st = NULL;
	struct lk_buf before = LK_BUF_INIT(4096), after = LK_BUF_INIT(4096);
	char key[128], now[32];
	int rc, tx = 0;

	region = region ? region : "";
	if (!valid_kind(kind) || !valid_region(region) ||
	    (year != 0 && (year < 1949 || year > 2100)) || !value || !*value ||
	    strlen(value) >= LK_POLICY_VALUE_MAX) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("a policy value needs a kind (letters, "
				  "digits, '_' and '.'), a region code, a "
				  "year and a value"));
		goto out;
	}
	if (!reason || !*reason) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("a policy change needs a reason"));
		ctx->err.field = "reason";
		goto out;
	}
	if (*region && (rc = lk_scope_check(ctx, region)))
		goto out;
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if ((rc = db_prepare(ctx->db, sel, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, kind, -1);
	db_bind_text(st, 2, region, -1);
	db_bind_int64(st, 3, year);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_ROW && ((rc = lk_buf_adds(&before, "{\"value\":")) ||
			     (rc = lk_json_str(&before, db_col_text(st, 0))) ||
			     (rc = lk_buf_addc(&before, '}'))))
		goto out;
	db_done(st);
	st = NULL;
	lk_now_iso(now);
	if ((rc = db_prepare(ctx->db, ins, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, kind, -1);
	db_bind_text(st, 2, region, -1);
	db_bind_int64(st, 3, year);
	db_bind_text(st, 4, value, -1);
	db_bind_text(st, 5, ctx->user, -1);
	db_bind_text(st, 6, now, -1);
	db_bind_text(st, 7, reason, -1);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if ((rc = lk_buf_adds(&after, "{\"value\":")) ||
	    (rc = lk_json_str(&after, value)) ||
	    (rc = lk_buf_adds(&after, ",\"reason\":")) ||
	    (rc = lk_json_str(&after, reason)) ||
	    (rc = lk_buf_addc(&after, '}')))
		goto out;
	snprintf(key, sizeof key, "%s/%s/%d", kind, *region ? region : "-",
		 year);
	if ((rc = lk_audit(ctx, "set", "policy", key,
			   before.len ? lk_buf_str(&before) : NULL,
			   lk_buf_str(&after))))
		goto out;
	db_done(st);
	st = NULL;
	rc = db_commit(ctx->db, &ctx->err);
	tx = 0;
out:
	db_done(st);
	if (tx)
		db_rollback(ctx->db);
	lk_buf_free(&before);
	lk_buf_free(&after);
	return rc;
}

int lk_policy_each(struct lk_ctx *ctx, const char *region, int year,
		   int (*fn)(void *arg, const struct lk_policy_entry *e),
		   void *arg)
{
	static const char all[] =
		"SELECT kind, region, year, value, unit, status, note, source, "
		"set_by, set_at, reason FROM policy ORDER BY kind, region, "
		"year, source";
	/* the effective entry of each kind: the first by the lookup order */
	static const char eff[] =
		"SELECT kind, region, year, value, unit, status, note, source, "
		"set_by, set_at, reason FROM (SELECT p.*, row_number() OVER "
		"(PARTITION BY kind ORDER BY length(region) DESC, year DESC, "
		"source = 'user' DESC) AS rn FROM policy p WHERE "
		"substr(?1, 1, length(region)) = region AND year IN (?2, 0)) "
		"WHERE rn = 1 ORDER BY kind";
	struct db_stmt *st = NULL;
	struct lk_policy_entry e;
	int rc, effective = region != NULL || year != 0;

	if ((rc = db_prepare(ctx->db, effective ? eff : all, &st, &ctx->err)))
		return rc;
	if (effective) {
		db_bind_text(st, 1, region ? region : "", -1);
		db_bind_int64(st, 2, year);
	}
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		e.kind = db_col_text(st, 0);
		e.region = db_col_text(st, 1);
		e.year = (int)db_col_int64(st, 2);
		e.value = db_col_text(st, 3);
		e.unit = db_col_text(st, 4);
		e.status = db_col_text(st, 5);
		e.note = db_col_text(st, 6);
		e.source = db_col_text(st, 7);
		e.set_by = db_col_text(st, 8);
		e.set_at = db_col_text(st, 9);
		e.reason = db_col_text(st, 10);
		if ((rc = fn(arg, &e)))
			break;
	}
	db_done(st);
	return rc;
}

/* ---- cache --------------------------------------------------------- */

struct pc_entry {
	struct pc_entry *next;
	uint32_t hash;
	int year;
	int found;
	char *key;   /* kind \037 region */
	char *value; /* NULL when not found */
	char *msg;   /* the not-found message */
};

#define PC_BUCKETS 1024

struct lk_policy_cache {
	struct lk_ctx *ctx;
	struct pc_entry *b[PC_BUCKETS];
};

int lk_policy_cache_new(struct lk_ctx *ctx, struct lk_policy_cache **out)
{
	struct lk_policy_cache *c = calloc(1, sizeof *c);

	if (!c)
		return LK_ENOMEM;
	c->ctx = ctx;
	*out = c;
	return 0;
}

void lk_policy_cache_free(struct lk_policy_cache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < PC_BUCKETS; i++) {
		struct pc_entry *e = c->b[i], *n;
		for (; e; e = n) {
			n = e->next;
			free(e->key);
			free(e->value);
			free(e->msg);
			free(e);
		}
	}
	free(c);
}

int lk_policy_cache_get(struct lk_policy_cache *c, const char *kind,
			const char *region, int year, const char **value)
{
	char key[128], v[LK_POLICY_VALUE_MAX];
	struct pc_entry *e;
	uint32_t h = 2166136261u;
	const unsigned char *p;
	int rc;

	snprintf(key, sizeof key, "%s\037%s", kind, region ? region : "");
	for (p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 16777619u;
	h ^= (uint32_t)year;
	for (e = c->b[h % PC_BUCKETS]; e; e = e->next)
		if (e->hash == h && e->year == year &&
		    strcmp(e->key, key) == 0)
			goto found;
	rc = lk_policy_get(c->ctx, kind, region, year, v);
	if (rc && rc != LK_ENOTFOUND)
		return rc;
	if (!(e = calloc(1, sizeof *e)))
		return LK_ENOMEM;
	e->hash = h;
	e->year = year;
	e->found = rc == 0;
	e->key = strdup(key);
	e->value = rc == 0 ? strdup(v) : NULL;
	e->msg = rc ? strdup(lk_err_msg(&c->ctx->err)) : NULL;
	if (!e->key || (rc == 0 && !e->value) || (rc && !e->msg)) {
		free(e->key);
		free(e->value);
		free(e->msg);
		free(e);
		return LK_ENOMEM;
	}
	e->next = c->b[h % PC_BUCKETS];
	c->b[h % PC_BUCKETS] = e;
found:
	if (!e->found)
		return lk_err_set(&c->ctx->err, LK_ENOTFOUND, "%s", e->msg);
	*value = e->value;
	return 0;
}

int lk_policy_cache_int(struct lk_policy_cache *c, const char *kind,
			const char *region, int year, int64_t *out)
{
	const char *v;
	int rc = lk_policy_cache_get(c, kind, region, year, &v);

	return rc ? rc : parse_int(c->ctx, kind, v, out);
}

int lk_policy_cache_money(struct lk_policy_cache *c, const char *kind,
			  const char *region, int year, int64_t *fen)
{
	const char *v;
	int rc = lk_policy_cache_get(c, kind, region, year, &v);

	return rc ? rc : parse_money(c->ctx, kind, v, fen);
}

int lk_policy_cache_ppm(struct lk_policy_cache *c, const char *kind,
			const char *region, int year, int64_t *ppm)
{
	const char *v;
	int rc = lk_policy_cache_get(c, kind, region, year, &v);

	return rc ? rc : parse_ppm(c->ctx, kind, v, ppm);
}
