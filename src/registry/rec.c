#include "registry/rec.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/i18n.h"
#include "core/json.h"
#include "core/num.h"
#include "core/ctx.h"
#include "registry/codes.h"
#include "store/db.h"

const char lk_rec_keep[] = "\x01keep";

void lk_rec_resolve(struct lk_rec *r, const struct lk_rec *old)
{
	size_t i;

	for (i = 0; i < r->t->n; i++)
		if (r->v[i] == LK_KEEP)
			r->v[i] = old ? old->v[i] : NULL;
}

void lk_rec_init(struct lk_rec *r, const struct lk_table *t)
{
	memset(r, 0, sizeof *r);
	r->t = t;
}

/* The index of key in table t, -1 if none.  Keys are mostly string
 * literals passed again and again (every row of an import asks for the
 * same few), so a small per-thread cache keyed by the table and the key's
 * address answers most calls with one string comparison instead of a
 * scan of the table (a miss, or a key not in the table, scans). */
static int field_index(const struct lk_table *t, const char *key)
{
	static _Thread_local struct {
		const struct lk_table *t;
		const char *key;
		int idx;
	} memo[64];
	size_t slot = (((uintptr_t)key >> 3) ^ ((uintptr_t)t >> 4)) & 63;
	size_t i;

	/* the address may have been reused for another key: confirm */
	if (memo[slot].t == t && memo[slot].key == key &&
	    (memo[slot].idx < 0 ? 0
				: strcmp(t->f[memo[slot].idx].key, key) == 0))
		return memo[slot].idx;
	for (i = 0; i < t->n; i++)
		if (t->f[i].key[0] == key[0] && strcmp(t->f[i].key, key) == 0)
			break;
	memo[slot].t = t;
	memo[slot].key = key;
	memo[slot].idx = i < t->n ? (int)i : -1;
	return memo[slot].idx;
}

const char *lk_rec_get(const struct lk_rec *r, const char *key)
{
	int i = field_index(r->t, key);

	return i < 0 ? NULL : r->v[i];
}

int lk_rec_set(struct lk_rec *r, struct lk_arena *a, const char *key,
	       const char *canon)
{
	size_t i;

	for (i = 0; i < r->t->n; i++) {
		if (strcmp(r->t->f[i].key, key) != 0)
			continue;
		if (!canon) {
			r->v[i] = NULL;
			return 0;
		}
		r->v[i] = lk_arena_strdup(a, canon);
		return r->v[i] ? 0 : LK_ENOMEM;
	}
	return LK_ENOTFOUND;
}

int lk_rec_set_ref(struct lk_rec *r, const char *key, const char *canon)
{
	size_t i;

	for (i = 0; i < r->t->n; i++)
		if (strcmp(r->t->f[i].key, key) == 0) {
			r->v[i] = canon;
			return 0;
		}
	return LK_ENOTFOUND;
}

int lk_rec_equal(const struct lk_rec *a, const struct lk_rec *b,
		 unsigned skip)
{
	size_t i;

	for (i = 0; i < a->t->n; i++) {
		if (a->t->f[i].flags & skip)
			continue;
		if (!a->v[i] != !b->v[i])
			return 0;
		if (a->v[i] && strcmp(a->v[i], b->v[i]) != 0)
			return 0;
	}
	return 1;
}

int lk_rec_set_input(struct lk_ctx *ctx, struct lk_rec *r,
		     struct lk_arena *a, const char *key, const char *input)
{
	struct lk_codes *codes;
	struct lk_problem p;
	struct lk_buf v = LK_BUF_INIT(4096);
	int fi = lk_field_find(r->t, key), rc, isnull;

	if (fi < 0 ||
	    (r->t->f[fi].flags & LK_FF_NOCOL && r->t != &lk_incomes)) {
		rc = lk_err_set(&ctx->err, LK_EINVAL, _("unknown field %s"),
				key);
		goto out;
	}
	if ((rc = lk_codes_get(ctx, &codes)))
		goto out;
	rc = lk_field_parse(&r->t->f[fi], codes, input, &v, &isnull, &p);
	if (rc == LK_EINVAL) {
		lk_err_set(&ctx->err, LK_EINVAL, "%s: %s", r->t->f[fi].key,
			   p.msg);
		ctx->err.field = r->t->f[fi].key;
		goto out;
	}
	if (rc)
		goto out;
	r->v[fi] = isnull ? NULL : lk_arena_strdup(a, lk_buf_str(&v));
	if (!isnull && !r->v[fi])
		rc = LK_ENOMEM;
out:
	lk_buf_free(&v);
	return rc;
}

int lk_json_masked(struct lk_buf *out, const char *s, int phone)
{
	char m[128];
	size_t n, head, tail, i;

	if (!s)
		return lk_json_str(out, NULL);
	n = strlen(s);
	if (n >= sizeof m)
		n = sizeof m - 1;
	head = phone ? 3 : 4;
	tail = 4;
	if (n <= head + tail) {
		head = 0;
		tail = phone || n < 2 ? 0 : 2;
	}
	for (i = 0; i < n; i++)
		m[i] = i < head || i >= n - tail ? s[i] : '*';
	m[n] = '\0';
	return lk_json_str(out, m);
}

int lk_rec_json(const struct lk_rec *r, unsigned skip,
		const struct lk_codes *codes, enum lk_lang lang,
		struct lk_buf *out)
{
	struct lk_buf lab = LK_BUF_INIT(4096); /* one label at a time */
	size_t i;
	int rc, first = 1;

	if ((rc = lk_buf_addc(out, '{')))
		goto out;
	for (i = 0; i < r->t->n; i++) {
		const struct lk_field *f = &r->t->f[i];
		if (!r->v[i] || (f->flags & skip))
			continue;
		if ((!first && (rc = lk_buf_addc(out, ','))) ||
		    (rc = lk_json_str(out, f->key)) ||
		    (rc = lk_buf_addc(out, ':')))
			goto out;
		first = 0;
		if ((skip & LK_REC_MASK) && (f->flags & LK_FF_SENSITIVE))
			rc = lk_json_masked(out, r->v[i],
					    f->type == LK_F_PHONE);
		else if (f->type == LK_F_BOOL)
			rc = lk_buf_adds(out,
					 r->v[i][0] == '1' ? "true" : "false");
		else if (f->type == LK_F_MONEY || f->type == LK_F_DEC2)
			rc = lk_field_show(f, NULL, r->v[i], lang, out);
		else if (lk_field_is_int(f))
			rc = lk_buf_adds(out, r->v[i]);
		else
			rc = lk_json_str(out, r->v[i]);
		if (rc)
			goto out;
		if (codes && (f->type == LK_F_CODE || f->type == LK_F_CODES)) {
			lk_buf_reset(&lab);
			/* (keys are plain identifiers: no escapes) */
			if ((rc = lk_buf_adds(out, ",\"")) ||
			    (rc = lk_buf_adds(out, f->key)) ||
			    (rc = lk_buf_adds(out, "_label\":")) ||
			    (rc = lk_field_show(f, codes, r->v[i], lang,
						&lab)) ||
			    (rc = lk_json_str(out, lk_buf_str(&lab))))
				goto out;
		}
	}
	rc = lk_buf_addc(out, '}');
out:
	lk_buf_free(&lab);
	return rc;
}

char *lk_rec_cols(const struct lk_table *t, unsigned skip, const char *fmt)
{
	struct lk_buf b = LK_BUF_INIT(1u << 16);
	size_t i;
	int first = 1;

	for (i = 0; i < t->n; i++) {
		if (t->f[i].flags & skip)
			continue;
		if ((!first && lk_buf_adds(&b, ", ")) ||
		    lk_buf_printf(&b, fmt, LK_FIELD_COL(&t->f[i])))
			return NULL;
		first = 0;
	}
	return lk_buf_take(&b);
}

int lk_rec_ncols(const struct lk_table *t, unsigned skip)
{
	size_t i;
	int n = 0;

	for (i = 0; i < t->n; i++)
		if (!(t->f[i].flags & skip))
			n++;
	return n;
}

/* The integer of a value: a canonical one ("-"? and at most 18 digits)
 * read directly (hot), anything else (a value kept as given with
 * --accept-invalid) its leading number as strtoll reads it. */
static int64_t int_of(const char *s)
{
	const char *p = s + (*s == '-');
	int64_t n = 0;
	size_t k;

	for (k = 0; k < 19 && p[k] >= '0' && p[k] <= '9'; k++)
		n = n * 10 + (p[k] - '0');
	if (k == 0 || k > 18 || p[k] != '\0')
		return strtoll(s, NULL, 10);
	return *s == '-' ? -n : n;
}

int lk_rec_bind(struct db_stmt *st, int idx, const struct lk_rec *r,
		unsigned skip)
{
	size_t i;

	for (i = 0; i < r->t->n; i++) {
		const struct lk_field *f = &r->t->f[i];
		if (f->flags & skip)
			continue;
		if (!r->v[i]) {
			db_bind_null(st, idx);
		} else if (lk_field_is_int(f)) {
			db_bind_int64(st, idx, int_of(r->v[i]));
		} else { /* values outlive the statement's use */
			db_bind_text_ref(st, idx, r->v[i],
					 (int)strlen(r->v[i]));
		}
		idx++;
	}
	return idx;
}

int lk_rec_read(struct db_stmt *st, int col, struct lk_rec *r, unsigned skip,
		struct lk_arena *a)
{
	size_t i;

	for (i = 0; i < r->t->n; i++) {
		const struct lk_field *f = &r->t->f[i];
		if (f->flags & skip)
			continue;
		if (db_col_is_null(st, col)) {
			r->v[i] = NULL;
			col++;
			continue;
		}
		if (lk_field_is_int(f)) {
			r->v[i] = lk_arena_int64(a, db_col_int64(st, col));
		} else {
			const char *t = db_col_text(st, col);
			r->v[i] = t ? lk_arena_strndup(
					      a, t, (size_t)db_col_bytes(st, col))
				    : NULL;
		}
		if (!r->v[i])
			return LK_ENOMEM;
		col++;
	}
	return 0;
}
