/* lika serve: the HTTP API and the web UI (http/server.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/num.h"
#include "http/server.h"

static const char usage[] = N_(
	"usage: lika serve [--listen HOST:PORT] [--threads N] [--static DIR]\n"
	"                  [--access-log FILE] [--max-body BYTES]\n"
	"                  [--max-upload BYTES] [--timeout SECONDS]\n"
	"                  [--max-connections N]\n"
	"\n"
	"Serves the ledger's JSON API under /api/ and the web UI at\n"
	"http://HOST:PORT/ (default 127.0.0.1:8080; port 0 picks a free\n"
	"port).  --threads defaults to the number of cores; --static names the\n"
	"web UI's directory (default: the source tree's web/ or the installed\n"
	"share/lika/web).  Requests are logged to stderr or --access-log.\n"
	"SIGTERM or Ctrl-C finishes the requests in flight and stops.\n"
	"Accounts: 'lika user add'.\n");

static int is_dir(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static void on_listen(void *arg, const char *url)
{
	printf(_("lika serves %s at %s\n"), (const char *)arg, url);
	fflush(stdout);
}

static int size_opt(struct cli *c, const char *opt, const char *v,
		    int64_t max, int64_t *out)
{
	if (lk_parse_int64(v, 1, max, out))
		return cli_usage(c, usage, _("%s needs a number from 1 to %lld"),
				 opt, (long long)max);
	return 0;
}

int cmd_serve(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {
		{"listen", 1, 0, 'l'},	    {"threads", 1, 0, 't'},
		{"static", 1, 0, 's'},	    {"access-log", 1, 0, 'a'},
		{"max-body", 1, 0, 'b'},    {"max-upload", 1, 0, 'u'},
		{"timeout", 1, 0, 'T'},	    {"max-connections", 1, 0, 'c'},
		{"help", 0, 0, 'h'},	    {0, 0, 0, 0}};
	struct http_opts o;
	int64_t n;
	int ch, rc;

	memset(&o, 0, sizeof o);
	o.listen = "127.0.0.1:8080";
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'l': o.listen = optarg; break;
		case 's': o.static_dir = optarg; break;
		case 'a': o.access_log = optarg; break;
		case 't':
			if ((rc = size_opt(c, "--threads", optarg, 256, &n)))
				return rc;
			o.threads = (int)n;
			break;
		case 'b':
			if ((rc = size_opt(c, "--max-body", optarg, 1ll << 30,
					   &n)))
				return rc;
			o.max_body = (size_t)n;
			break;
		case 'u':
			if ((rc = size_opt(c, "--max-upload", optarg,
					   1ll << 32, &n)))
				return rc;
			o.max_upload = (size_t)n;
			break;
		case 'T':
			if ((rc = size_opt(c, "--timeout", optarg, 3600, &n)))
				return rc;
			o.timeout = (unsigned)n;
			break;
		case 'c':
			if ((rc = size_opt(c, "--max-connections", optarg,
					   100000, &n)))
				return rc;
			o.max_conn = (unsigned)n;
			break;
		case 'h': return cli_help(usage);
		default:
			return cli_usage(c, usage, _("unknown option %s"),
					 argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(c, usage, _("unexpected argument %s"),
				 argv[optind]);
	if (!o.static_dir)
		o.static_dir = is_dir(LK_SOURCE_DIR "/web") ? LK_SOURCE_DIR "/web"
							    : LK_DATADIR "/web";
	o.vendor_dir = is_dir(LK_SOURCE_DIR "/node_modules/echarts/dist")
			       ? LK_SOURCE_DIR "/node_modules/echarts/dist"
			       : LK_DATADIR "/vendor";
	o.db_path = c->db_path;
	o.on_listen = on_listen;
	o.arg = (void *)c->db_path;
	if ((rc = http_serve(&o, &c->ctx.err))) {
		if (rc == LK_ENOTFOUND)
			lk_err_set(&c->ctx.err, LK_ENOTFOUND,
				   _("no ledger at %s (create one with "
				     "'lika init' or name another with "
				     "--db)"),
				   c->db_path);
		return cli_fail(c, rc);
	}
	return 0;
}
