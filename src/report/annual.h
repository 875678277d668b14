/*
 * annual.h - the annual work report of a region (issue 6): a template
 * (templates/annual.LANG.md built in, or the user's) filled with the
 * indicators of the region and year.
 */
#ifndef LK_ANNUAL_H
#define LK_ANNUAL_H

#include <stddef.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/i18n.h"

struct lk_annual {
	const char *region; /* code prefix within the scope */
	int year;
	enum lk_lang lang;
	/* the template: NULL = the built-in one of lang; else its text
	 * (len bytes) and a name for messages (the file name) */
	const char *tpl_name, *tpl_text;
	size_t tpl_len;
	int links; /* figures as [value](drill:name) links */
};

/* Renders the report as markdown into md and, when json is not NULL,
 * the indicators it used with their values (the body of
 * lika indicators --json, limited to those names) into json.  Errors:
 * a template error (LK_EINVAL naming the line), those of
 * lk_ind_compute. */
int lk_annual_render(struct lk_ctx *ctx, const struct lk_annual *a,
		     struct lk_buf *md, struct lk_buf *json);

#endif
