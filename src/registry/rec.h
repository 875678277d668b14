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
/* Appends a JSON object of the known fields not flagged with skip.  With
 * codes non-NULL, coded fields gain a "<key>_label" member in lang. */
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
