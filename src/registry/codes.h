/*
 * codes.h - code lists (domain.md section 2) as data.
 *
 * The lists live in the code_list table, seeded by `lika init` from
 * policy/codes.tsv (tab-separated: list, code, zh, en, aliases, flags).
 * Values are stored as codes; input may give the code, the Chinese
 * label, the English label (case-insensitive) or an alias; output shows
 * the label of the chosen language.
 *
 * struct lk_codes is an immutable in-memory copy of the table, loaded
 * once per context (lk_codes_get) and freed with the context.  Lookups
 * cannot fail and return borrowed strings valid until lk_codes_free().
 */
#ifndef LK_CODES_H
#define LK_CODES_H

#include <stddef.h>

#include "core/ctx.h"
#include "core/i18n.h"

struct lk_codes;

struct lk_code {
	const char *list, *code, *zh, *en, *aliases, *flags;
	int sort;
};

/* Replaces the code_list table with the TSV text (name is used in
 * messages).  Runs inside its own transaction; audited.  LK_EINVAL with
 * the line named if the text is malformed. */
int lk_codes_load_tsv(struct lk_ctx *ctx, const char *name, const char *text,
		      size_t len);

/* The context's cache, loading it on first use. */
int lk_codes_get(struct lk_ctx *ctx, struct lk_codes **out);
void lk_codes_free(struct lk_codes *c); /* accepts NULL */
/* Drops the context's cache (after a change of the table). */
void lk_codes_invalidate(struct lk_ctx *ctx);

/* Canonical code for an input (code, label or alias), or NULL. */
const char *lk_code_find(const struct lk_codes *c, const char *list,
			 const char *input);
/* The entry of a code, or NULL if the code is not in the list. */
const struct lk_code *lk_code_get(const struct lk_codes *c, const char *list,
				  const char *code);
/* Label in a language; the code itself if unknown. */
const char *lk_code_label(const struct lk_codes *c, const char *list,
			  const char *code, enum lk_lang lang);
/* Entries of a list in order: index of the first and count. */
const struct lk_code *lk_code_list(const struct lk_codes *c, const char *list,
				   size_t *count);
/* Whether a list exists. */
int lk_code_has_list(const struct lk_codes *c, const char *list);

#endif
