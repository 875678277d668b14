/* The annual work report (see annual.h). */
#include <stdio.h>

#include "core/resource.h"
#include "indicator/indicator.h"
#include "report/annual.h"
#include "report/template.h"

int lk_annual_render(struct lk_ctx *ctx, const struct lk_annual *a,
		     struct lk_buf *md, struct lk_buf *json)
{
	struct lk_tpl *t = NULL;
	struct lk_ind_set s = {0};
	const char *name = a->tpl_name, *text = a->tpl_text;
	const char *const *names;
	size_t len = a->tpl_len, n;
	char path[64];
	int rc;

	if (!text) {
		const struct lk_resource *r;

		snprintf(path, sizeof path, "templates/annual.%s.md",
			 lk_lang_name(a->lang));
		if (!(r = lk_resource_find(path)))
			return lk_err_set(&ctx->err, LK_EINTERNAL,
					  _("built-in template %s is missing"),
					  path);
		name = path;
		text = (const char *)r->data;
		len = r->len;
	}
	if ((rc = lk_tpl_load(ctx, name ? name : "template", text, len, &t)) ||
	    (rc = lk_ind_compute(ctx, a->region, a->year, a->lang, &s)) ||
	    (rc = lk_tpl_render(t, &s, a->links, md)))
		goto out;
	if (json) {
		n = lk_tpl_names(t, &names);
		rc = lk_ind_json(&s, a->lang, names, n, json);
	}
out:
	lk_ind_set_free(&s);
	lk_tpl_free(t);
	return rc;
}
