/* lika audit: verify the hash chain, list records. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "core/buf.h"
#include "core/json.h"

static const char usage[] = N_(
	"usage: lika audit verify\n"
	"       lika audit log [--entity KIND[:KEY]] [--user NAME]\n"
	"                      [--since DATE] [--limit N]\n"
	"\n"
	"verify checks the hash chain of the audit log and names the first\n"
	"record that was changed, deleted or reordered.\n");

struct st {
	struct cli *c;
	struct lk_buf *b;
	int n;
};

static int print_rec(void *arg, const struct lk_audit_rec *r)
{
	struct st *s = arg;
	struct lk_buf *b = s->b;
	int rc;

	if (!s->c->json) {
		printf("%6" PRId64 "  %s  %-8s %-7s %s %s\n", r->seq, r->at,
		       r->user, r->action, r->entity,
		       r->entity_id ? r->entity_id : "");
		if (r->before)
			printf("        - %s\n", r->before);
		if (r->after)
			printf("        + %s\n", r->after);
		return 0;
	}
	if (s->n++ && (rc = lk_buf_addc(b, ',')))
		return rc;
	if ((rc = lk_buf_printf(b, "{\"seq\":%" PRId64 ",\"at\":", r->seq)) ||
	    (rc = lk_json_str(b, r->at)) ||
	    (rc = lk_buf_adds(b, ",\"user\":")) ||
	    (rc = lk_json_str(b, r->user)) ||
	    (rc = lk_buf_adds(b, ",\"action\":")) ||
	    (rc = lk_json_str(b, r->action)) ||
	    (rc = lk_buf_adds(b, ",\"entity\":")) ||
	    (rc = lk_json_str(b, r->entity)) ||
	    (rc = lk_buf_adds(b, ",\"entity_id\":")) ||
	    (rc = lk_json_str(b, r->entity_id)) ||
	    (rc = lk_buf_adds(b, ",\"before\":")) ||
	    (rc = r->before ? lk_buf_adds(b, r->before)
			    : lk_buf_adds(b, "null")) ||
	    (rc = lk_buf_adds(b, ",\"after\":")) ||
	    (rc = r->after ? lk_buf_adds(b, r->after)
			   : lk_buf_adds(b, "null")) ||
	    (rc = lk_buf_addc(b, '}')))
		return rc;
	return 0;
}

int cmd_audit(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {
		{"entity", 1, 0, 'e'}, {"user", 1, 0, 'u'},
		{"since", 1, 0, 's'},  {"limit", 1, 0, 'l'},
		{"help", 0, 0, 'h'},   {0, 0, 0, 0}};
	struct lk_audit_filter f;
	struct lk_buf b = LK_BUF_INIT(256u << 20);
	struct st s = {c, &b, 0};
	const char *sub;
	int64_t count, bad;
	int ch, rc;

	if (argc < 2)
		return cli_usage(c, usage, _("audit needs a sub-command"));
	sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0)
		return cli_help(usage);
	memset(&f, 0, sizeof f);
	cli_getopt_reset();
	while ((ch = getopt_long(argc - 1, argv + 1, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'e': f.entity = optarg; break;
		case 'u': f.user = optarg; break;
		case 's': f.since = optarg; break;
		case 'l': f.limit = atoi(optarg); break;
		case 'h': return cli_help(usage);
		default:
			return cli_usage(c, usage, _("unknown option %s"),
					 argv[optind]);
		}
	}
	if (optind + 1 < argc)
		return cli_usage(c, usage, _("unexpected argument %s"),
				 argv[optind + 1]);
	if ((rc = cli_open(c, 0)))
		return rc;
	if (strcmp(sub, "verify") == 0) {
		rc = lk_audit_verify(&c->ctx, &count, &bad);
		if (rc == LK_ECORRUPT && c->json) {
			printf("{\"intact\":false,\"first_bad\":%" PRId64
			       ",\"message\":",
			       bad);
			lk_json_str(&b, lk_err_msg(&c->ctx.err));
			printf("%s}\n", lk_buf_str(&b));
			lk_buf_free(&b);
			return 2;
		}
		if (rc) {
			lk_buf_free(&b);
			return rc == LK_ECORRUPT ? (cli_fail(c, rc), 2)
						 : cli_fail(c, rc);
		}
		if (c->json)
			printf("{\"intact\":true,\"records\":%" PRId64 "}\n",
			       count);
		else
			printf(_("audit log intact: %lld records\n"),
			       (long long)count);
		lk_buf_free(&b);
		return 0;
	}
	if (strcmp(sub, "log") != 0) {
		lk_buf_free(&b);
		return cli_usage(c, usage, _("wrong use of audit %s"), sub);
	}
	if (c->json)
		lk_buf_adds(&b, "{\"records\":[");
	rc = lk_audit_list(&c->ctx, &f, print_rec, &s);
	if (!rc && c->json) {
		lk_buf_adds(&b, "]}\n");
		fputs(lk_buf_str(&b), stdout);
	}
	lk_buf_free(&b);
	return rc ? cli_fail(c, rc) : 0;
}
