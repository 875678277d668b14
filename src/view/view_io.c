/* view_io.c - the JSON bodies of an import (see view.h). */
#include "core/json.h"
#include "view/view.h"

int lk_view_import_issue(struct lk_buf *out, const struct lk_issue *is)
{
	int rc;

	if ((rc = lk_buf_adds(out, "{\"severity\":")) ||
	    (rc = lk_json_str(out, is->error ? "error" : "warning")) ||
	    (rc = lk_buf_adds(out, ",\"file\":")) ||
	    (rc = lk_json_str(out, is->file)) ||
	    (rc = lk_buf_printf(out, ",\"row\":%zu,\"column\":", is->row)) ||
	    (rc = lk_json_str(out, is->column)) ||
	    (rc = lk_buf_adds(out, ",\"value\":")) ||
	    (rc = lk_json_str(out, is->value)) ||
	    (rc = lk_buf_adds(out, ",\"rule\":")) ||
	    (rc = lk_json_str(out, is->rule)) ||
	    (rc = lk_buf_adds(out, ",\"message\":")) ||
	    (rc = lk_json_str(out, is->message)))
		return rc;
	return lk_buf_addc(out, '}');
}

int lk_view_import(const struct lk_import_stats *st, int imported,
		   int dry_run, const char *issues, struct lk_buf *out)
{
	static const char *const what[] = {"households", "members",
					   "incomes"};
	int i, rc;

	if ((rc = lk_buf_printf(out, "{\"imported\":%s,\"dry_run\":%s",
				imported ? "true" : "false",
				dry_run ? "true" : "false")))
		return rc;
	for (i = 0; i < 3; i++)
		if ((rc = lk_buf_printf(
			 out,
			 ",\"%s\":{\"rows\":%zu,\"created\":%zu,"
			 "\"updated\":%zu,\"unchanged\":%zu}",
			 what[i], st->rows[i], st->created[i], st->updated[i],
			 st->unchanged[i])))
			return rc;
	return lk_buf_printf(out,
			     ",\"errors\":%zu,\"warnings\":%zu,\"issues\":[%s]}",
			     st->errors, st->warnings, issues ? issues : "");
}
