/*
 * template.h - report templates: markdown text with placeholders that
 * name indicators (indicator/indicator.h).
 *
 * Syntax (tags are {{ ... }}; everything else is copied):
 *   {{name}}              the indicator's value, in its unit's default
 *   {{name:fmt}}          ... in a format: int, dec, yuan, wan (10,000
 *                         yuan), km, pct, date, month, year, text
 *   {{#if name}} ... {{else}} ... {{/if}}
 *                         the first part when the value is known and not
 *                         0 (a list: not empty), else the second
 *   {{#if name OP x}}     OP one of < <= > >= == !=, x an indicator or
 *                         an integer (in the indicator's stored unit)
 *   {{#each name}} ... {{@n}} {{@item}} ... {{/each}}
 *                         once per item of a list indicator
 *   {{! comment }}
 * A line holding nothing but one block tag (#if, else, /if, #each,
 * /each, comment) leaves no line behind.
 *
 * Loading checks everything: an unknown indicator, a format that does
 * not fit its unit, a list used as a value (or a value as a list), an
 * unclosed or stray block, a malformed tag.  The error (LK_EINVAL)
 * names the template and the line.  Rendering cannot fail but for
 * memory.
 */
#ifndef LK_TEMPLATE_H
#define LK_TEMPLATE_H

#include <stddef.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "indicator/indicator.h"

struct lk_tpl;

#define LK_TPL_MAX ((size_t)1 << 20) /* template size bound */

/* Parses text (len bytes; name is used in messages).  *out owned by the
 * caller (lk_tpl_free). */
int lk_tpl_load(struct lk_ctx *ctx, const char *name, const char *text,
		size_t len, struct lk_tpl **out);
void lk_tpl_free(struct lk_tpl *t);

/* Indicators the template names, each once, in order of first use. */
size_t lk_tpl_names(const struct lk_tpl *t, const char *const **names);

/* Renders with the values of s.  links != 0 writes every value that has a
 * drill-down as a markdown link [value](drill:name) (the HTML writer turns
 * them into links to the drill-down page). */
int lk_tpl_render(const struct lk_tpl *t, const struct lk_ind_set *s,
		  int links, struct lk_buf *out);

#endif
