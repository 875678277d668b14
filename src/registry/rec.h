/*
 * rec.h - one record of a registry table as canonical text values.
 *
 * r->v[i] is the canonical text of field t->f[i] (fields.h) or NULL when
 * unknown.  Values are borrowed: usually from an arena owned by the
 * caller, or from a statement row until the next step.
 */
#ifndef LK_REC_H
#define LK_REC_H

#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "registry/fields.h"

#define LK_REC_MAX 64

struct lk_codes;

struct lk_rec {
	const struct lk_table *t;
	const char *v[LK_REC_MAX];
};

/* A value meaning "keep what is stored" (an import file without that
 * column): compare with ==, never print.  Puts resolve it against the
 * stored record (unknown for a new one). */
extern const char lk_rec_keep[];
#define LK_KEEP lk_rec_keep

void lk_rec_init(struct lk_rec *r, const struct lk_table *t);
/* Replaces every LK_KEEP value of r with old's (NULL when old is NULL).
 * Cannot fail. */
void lk_rec_resolve(struct lk_rec *r, const struct lk_rec *old);
/* Value of the field with this key (NULL when unknown or no such key). */
const char *lk_rec_get(const struct lk_rec *r, const char *key);
/* Sets the field with this key to a copy of canon (in a); LK_ENOTFOUND if
 * there is no such key, LK_ENOMEM. */
int lk_rec_set(struct lk_rec *r, struct lk_arena *a, const char *key,
	       const char *canon);
/* Sets the field with this key to canon without copying (canon must
 * outlive r's use).  LK_ENOTFOUND if there is no such key. */
int lk_rec_set_ref(struct lk_rec *r, const char *key, const char *canon);
/* 1 if every field not flagged with any of skip is equal in a and b. */
int lk_rec_equal(const struct lk_rec *a, const struct lk_rec *b,
		 unsigned skip);
struct lk_ctx;

/* Sets the field named key (interchange key or Chinese header) of r from
 * user input (NULL or "" = unknown), parsed with lk_field_parse into a
 * copy in a.  LK_EINVAL "unknown field KEY" for a key r's table lacks
 * (or a field that is not stored, except in incomes), or "KEY: reason"
 * with ctx->err.field = the interchange key for a bad value; LK_ENOMEM.
 * The one input path of the CLI's --set and the API's JSON bodies. */
int lk_rec_set_input(struct lk_ctx *ctx, struct lk_rec *r,
		     struct lk_arena *a, const char *key, const char *input);

/* In the skip argument of lk_rec_json: write the values of fields flagged
 * LK_FF_SENSITIVE masked (lk_mask) instead of skipping anything. */
#define LK_REC_MASK 0x40000000u

/* Appends s masked as a JSON string: a phone keeps its first 3 and last 4
 * characters ("138****5678"), anything else its first 4 and last 4
 * ("5329**********1234"); a value of 8 characters or fewer keeps only its
 * last 2 (phone: none).  NULL appends null.  Fails like lk_buf_add. */
int lk_json_masked(struct lk_buf *out, const char *s, int phone);

/* Appends a JSON object of the known fields not flagged with skip.  With
 * codes non-NULL, coded fields gain a "<key>_label" member in lang.  With
 * LK_REC_MASK in skip, sensitive values are masked. */
int lk_rec_json(const struct lk_rec *r, unsigned skip,
		const struct lk_codes *codes, enum lk_lang lang,
		struct lk_buf *out);

#endif

/* SQL helpers for the service modules (store/db.h statements). */
struct db_stmt;

/* Joins the column names of the fields not flagged with skip, each
 * written through fmt ("%s" or "%s = ?"), separated by ", ".  Returns a
 * malloc'd string or NULL on OOM. */
char *lk_rec_cols(const struct lk_table *t, unsigned skip, const char *fmt);
/* Number of fields not flagged with skip. */
int lk_rec_ncols(const struct lk_table *t, unsigned skip);
/* Binds the fields not flagged with skip from idx on, in table order
 * (integers as integers, NULL as NULL); returns the next free index.
 * Text is bound by reference: r's values must stay valid until the
 * statement has been stepped and reset. */
int lk_rec_bind(struct db_stmt *st, int idx, const struct lk_rec *r,
		unsigned skip);
/* Reads the fields not flagged with skip from column col on into r,
 * copying values into a.  LK_ENOMEM on failure. */
int lk_rec_read(struct db_stmt *st, int col, struct lk_rec *r, unsigned skip,
		struct lk_arena *a);
