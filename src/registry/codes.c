#include "registry/codes.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit/audit.h"
#include "core/buf.h"
#include "core/tsv.h"
#include "core/i18n.h"
#include "store/db.h"

/*
 * The cache: all entries in (list, sort) order in one array, their strings
 * in one block, and an open-addressing hash from "list\037key" (key = code,
 * zh, lower-cased en, or alias) to the entry index.
 */
struct lk_codes {
	struct lk_code *v;
	size_t n;
	char *strings;
	uint32_t *slots; /* index + 1; 0 = empty */
	uint32_t *hashes; /* the hash of each slot's key */
	size_t nslots;
	char **keys;     /* owned copies of the hash keys, per slot */
};

static uint32_t hash_key(const char *list, const char *key)
{
	uint32_t h = 2166136261u;
	const unsigned char *p;

	for (p = (const unsigned char *)list; *p; p++)
		h = (h ^ *p) * 16777619u;
	h = (h ^ 0x1f) * 16777619u;
	for (p = (const unsigned char *)key; *p; p++) {
		unsigned char ch = *p;
		if (ch >= 'A' && ch <= 'Z')
			ch = (unsigned char)(ch - 'A' + 'a');
		h = (h ^ ch) * 16777619u;
	}
	return h;
}

static int key_eq(const char *stored, const char *list, const char *key)
{
	size_t ll = strlen(list);

	return strncmp(stored, list, ll) == 0 && stored[ll] == '\037' &&
	       strcasecmp(stored + ll + 1, key) == 0;
}

static int add_key(struct lk_codes *c, const char *list, const char *key,
		   size_t idx)
{
	uint32_t h;
	size_t i;
	char *k;

	if (!key || !*key)
		return 0;
	h = hash_key(list, key);
	for (i = h % c->nslots; c->slots[i]; i = (i + 1) % c->nslots)
		if (c->hashes[i] == h && key_eq(c->keys[i], list, key))
			return 0; /* first definition wins */
	k = malloc(strlen(list) + strlen(key) + 2);
	if (!k)
		return LK_ENOMEM;
	strcpy(k, list);
	strcat(k, "\037");
	strcat(k, key);
	c->keys[i] = k;
	c->slots[i] = (uint32_t)idx + 1;
	c->hashes[i] = h;
	return 0;
}

static const struct lk_code *lookup(const struct lk_codes *c, const char *list,
				    const char *key)
{
	uint32_t h;
	size_t i;

	if (!c || !c->nslots || !key)
		return NULL;
	h = hash_key(list, key);
	for (i = h % c->nslots; c->slots[i]; i = (i + 1) % c->nslots)
		if (c->hashes[i] == h && key_eq(c->keys[i], list, key))
			return &c->v[c->slots[i] - 1];
	return NULL;
}

void lk_codes_free(struct lk_codes *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nslots; i++)
		free(c->keys[i]);
	free(c->keys);
	free(c->slots);
	free(c->hashes);
	free(c->v);
	free(c->strings);
	free(c);
}

void lk_codes_invalidate(struct lk_ctx *ctx)
{
	lk_codes_free(ctx->codes);
	ctx->codes = NULL;
}

/* Index every key of entry idx: code, zh, en and each alias. */
static int index_entry(struct lk_codes *c, size_t idx)
{
	const struct lk_code *e = &c->v[idx];
	char alias[256];
	const char *p;
	int rc;

	if ((rc = add_key(c, e->list, e->code, idx)) ||
	    (rc = add_key(c, e->list, e->zh, idx)) ||
	    (rc = add_key(c, e->list, e->en, idx)))
		return rc;
	for (p = e->aliases; p && *p;) {
		size_t n = strcspn(p, "|");
		if (n < sizeof alias) {
			memcpy(alias, p, n);
			alias[n] = '\0';
			if ((rc = add_key(c, e->list, alias, idx)))
				return rc;
		}
		p += n;
		if (*p)
			p++;
	}
	return 0;
}

static int codes_load(struct lk_ctx *ctx, struct lk_codes **out)
{
	static const char sql[] = "SELECT list, code, zh, en, aliases, flags, "
				  "sort FROM code_list ORDER BY list, sort";
	struct lk_codes *c = NULL;
	struct db_stmt *st = NULL;
	struct lk_buf strs = LK_BUF_INIT(16u << 20);
	size_t cap = 0, i, j;
	size_t (*offs)[6] = NULL;
	int rc = LK_ENOMEM, step;

	c = calloc(1, sizeof *c);
	if (!c)
		goto out;
	if ((rc = db_prepare(ctx->db, sql, &st, &ctx->err)))
		goto out;
	while ((step = db_step(st, &ctx->err)) == DB_ROW) {
		if (c->n == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			void *nv = realloc(c->v, ncap * sizeof *c->v);
			void *no;
			if (!nv) {
				rc = LK_ENOMEM;
				goto out;
			}
			c->v = nv;
			no = realloc(offs, ncap * sizeof *offs);
			if (!no) {
				rc = LK_ENOMEM;
				goto out;
			}
			offs = no;
			cap = ncap;
		}
		for (j = 0; j < 6; j++) {
			const char *s = db_col_text(st, (int)j);
			offs[c->n][j] = strs.len;
			if ((rc = lk_buf_add(&strs, s ? s : "",
					     (s ? strlen(s) : 0) + 1)))
				goto out;
		}
		c->v[c->n].sort = (int)db_col_int64(st, 6);
		c->n++;
	}
	if (step < 0) {
		rc = step;
		goto out;
	}
	c->strings = lk_buf_take(&strs);
	if (!c->strings) {
		rc = LK_ENOMEM;
		goto out;
	}
	for (i = 0; i < c->n; i++) {
		const char **f[6] = {&c->v[i].list,  &c->v[i].code,
				     &c->v[i].zh,    &c->v[i].en,
				     &c->v[i].aliases, &c->v[i].flags};
		for (j = 0; j < 6; j++)
			*f[j] = c->strings + offs[i][j];
	}
	c->nslots = c->n * 8 + 16;
	c->slots = calloc(c->nslots, sizeof *c->slots);
	c->hashes = calloc(c->nslots, sizeof *c->hashes);
	c->keys = calloc(c->nslots, sizeof *c->keys);
	if (!c->slots || !c->hashes || !c->keys) {
		rc = LK_ENOMEM;
		goto out;
	}
	for (i = 0; i < c->n; i++)
		if ((rc = index_entry(c, i)))
			goto out;
	*out = c;
	c = NULL;
	rc = 0;
out:
	db_done(st);
	lk_buf_free(&strs);
	free(offs);
	lk_codes_free(c);
	return rc;
}

int lk_codes_get(struct lk_ctx *ctx, struct lk_codes **out)
{
	int rc;

	if (!ctx->codes && (rc = codes_load(ctx, &ctx->codes)))
		return rc;
	*out = ctx->codes;
	return 0;
}

const char *lk_code_find(const struct lk_codes *c, const char *list,
			 const char *input)
{
	const struct lk_code *e = lookup(c, list, input);

	return e ? e->code : NULL;
}

const struct lk_code *lk_code_get(const struct lk_codes *c, const char *list,
				  const char *code)
{
	const struct lk_code *e = lookup(c, list, code);

	return e && strcmp(e->code, code) == 0 ? e : NULL;
}

const char *lk_code_label(const struct lk_codes *c, const char *list,
			  const char *code, enum lk_lang lang)
{
	const struct lk_code *e = lk_code_get(c, list, code);

	if (!e)
		return code;
	return lang == LK_LANG_ZH ? e->zh : e->en;
}

const struct lk_code *lk_code_list(const struct lk_codes *c, const char *list,
				   size_t *count)
{
	size_t i, first = 0;

	*count = 0;
	for (i = 0; c && i < c->n; i++) {
		if (strcmp(c->v[i].list, list) == 0) {
			if (!*count)
				first = i;
			(*count)++;
		} else if (*count) {
			break;
		}
	}
	return *count ? &c->v[first] : NULL;
}

int lk_code_has_list(const struct lk_codes *c, const char *list)
{
	size_t n;

	return lk_code_list(c, list, &n) != NULL;
}

int lk_codes_load_tsv(struct lk_ctx *ctx, const char *name, const char *text,
		      size_t len)
{
	static const char ins[] = "INSERT INTO code_list (list, code, zh, en, "
				  "aliases, flags, sort) VALUES (?,?,?,?,?,?,?)";
	struct lk_tsv tsv = {0};
	struct db_stmt *st = NULL;
	char *f[6];
	size_t n, count = 0;
	int rc, tx = 0, header = 0;
	char after[64];

	if ((rc = lk_tsv_open(&tsv, text, len)))
		goto out;
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if ((rc = db_exec(ctx->db, "DELETE FROM code_list", &ctx->err)) ||
	    (rc = db_prepare(ctx->db, ins, &st, &ctx->err)))
		goto out;
	while (lk_tsv_next(&tsv, f, 6, &n)) {
		size_t i;

		if (!header) {
			header = 1;
			if (n < 4 || strcmp(f[0], "list") != 0 ||
			    strcmp(f[1], "code") != 0) {
				rc = lk_err_set(&ctx->err, LK_EINVAL,
						_("%s, line %zu: expected the "
						  "header list, code, zh, en, "
						  "aliases, flags"),
						name, tsv.lineno);
				goto out;
			}
			continue;
		}
		if (n < 4 || !*f[0] || !*f[1] || !*f[2] || !*f[3]) {
			rc = lk_err_set(&ctx->err, LK_EINVAL,
					_("%s, line %zu: a code needs a list, "
					  "a code and two labels"),
					name, tsv.lineno);
			goto out;
		}
		for (i = 0; i < 4; i++)
			db_bind_text(st, (int)i + 1, f[i], -1);
		db_bind_text(st, 5, n > 4 && *f[4] ? f[4] : NULL, -1);
		db_bind_text(st, 6, n > 5 && *f[5] ? f[5] : NULL, -1);
		db_bind_int64(st, 7, (int64_t)++count);
		if ((rc = db_step(st, &ctx->err)) < 0) {
			if (rc == LK_ECONFLICT)
				rc = lk_err_set(&ctx->err, LK_EINVAL,
						_("%s, line %zu: code %s "
						  "appears twice in list %s"),
						name, tsv.lineno, f[1], f[0]);
			goto out;
		}
		db_reset(st);
	}
	if (!header || count == 0) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("%s: no code lists (a header line and at "
				  "least one code are needed)"),
				name);
		goto out;
	}
	snprintf(after, sizeof after, "{\"codes\":%zu}", count);
	if ((rc = lk_audit(ctx, "load", "code_list", name, NULL, after)))
		goto out;
	db_done(st);
	st = NULL;
	rc = db_commit(ctx->db, &ctx->err);
	tx = 0;
	lk_codes_invalidate(ctx);
out:
	db_done(st);
	if (tx)
		db_rollback(ctx->db);
	lk_tsv_close(&tsv);
	return rc;
}
