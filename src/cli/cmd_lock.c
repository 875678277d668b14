/* lika lock: lock a year of a region, verify and list locks, unlock. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/num.h"
#include "procedure/lock.h"

static const char usage[] =
    N_("usage: lika lock --year YEAR --region CODE\n"
       "       lika lock verify [--year YEAR] [--region CODE]\n"
       "       lika lock unlock --year YEAR --region CODE --reason TEXT\n"
       "       lika lock list [--year YEAR] [--region CODE]\n"
       "\n"
       "Locking freezes a year for a region: the incomes of the year, the\n"
       "statuses and people as of its last day, the helper pairings in\n"
       "force and the year's work records (procedure steps, notices,\n"
       "objections).  Edits that would change them are refused until a\n"
       "county administrator unlocks the year with a reason.  The lock\n"
       "keeps a SHA-256 digest of the locked data; verify recomputes it for\n"
       "every active lock (of the year and region given) and names what\n"
       "changed.\n");

struct opts {
	int64_t year;
	const char *region, *reason;
};

static int parse(struct cli *c, int argc, char **argv, struct opts *o,
		 int *first)
{
	static const struct option lo[] = {{"year", 1, 0, 'y'},
					   {"region", 1, 0, 'r'},
					   {"reason", 1, 0, 'R'},
					   {"help", 0, 0, 'h'},
					   {0, 0, 0, 0}};
	int ch;

	memset(o, 0, sizeof *o);
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'y':
			if (lk_parse_int64(optarg, 1949, 2100, &o->year))
				return cli_usage(c, usage,
						 _("--year needs a year"));
			break;
		case 'r': o->region = optarg; break;
		case 'R': o->reason = optarg; break;
		case 'h': cli_help(usage); return -1;
		default:
			return cli_usage(c, usage, _("unknown option %s"),
					 argv[optind - 1]);
		}
	}
	*first = optind;
	return 0;
}

/* The JSON object of a lock. */
static int lock_json(const struct lk_lock_info *l, struct lk_buf *b)
{
	int i, rc;

	if ((rc = lk_buf_printf(b, "{\"year\":%d,\"region\":", l->year)) ||
	    (rc = lk_json_str(b, l->region)) ||
	    (rc = lk_buf_printf(b,
				",\"version\":%d,\"digest\":\"%s\","
				"\"parts\":{",
				l->version, l->digest)))
		return rc;
	for (i = 0; i < LK_LOCK_PARTS; i++)
		if ((rc = lk_buf_printf(b,
					"%s\"%s\":{\"rows\":%lld,"
					"\"digest\":\"%s\"}",
					i ? "," : "", l->parts[i].name,
					l->parts[i].rows, l->parts[i].digest)))
			return rc;
	if ((rc = lk_buf_adds(b, "},\"locked_at\":")) ||
	    (rc = lk_json_str(b, l->locked_at)) ||
	    (rc = lk_buf_adds(b, ",\"locked_by\":")) ||
	    (rc = lk_json_str(b, l->locked_by)) ||
	    (rc = lk_buf_printf(b, ",\"active\":%s,\"unlocked_at\":",
				l->active ? "true" : "false")) ||
	    (rc = lk_json_str(b, l->active ? NULL : l->unlocked_at)) ||
	    (rc = lk_buf_adds(b, ",\"unlocked_by\":")) ||
	    (rc = lk_json_str(b, l->active ? NULL : l->unlocked_by)) ||
	    (rc = lk_buf_adds(b, ",\"unlock_reason\":")) ||
	    (rc = lk_json_str(b, l->unlock_reason)) ||
	    (rc = lk_buf_addc(b, '}')))
		return rc;
	return 0;
}

static void print_lock(const struct lk_lock_info *l)
{
	int i;

	printf(_("year %d of %s: locked by %s on %s%s\n"), l->year, l->region,
	       l->locked_by, l->locked_at, l->active ? "" : _(" (unlocked)"));
	printf("  %s %s\n", _("digest"), l->digest);
	for (i = 0; i < LK_LOCK_PARTS; i++)
		printf("  %-10s %8lld  %s\n", l->parts[i].name,
		       l->parts[i].rows, l->parts[i].digest);
	if (!l->active)
		printf(_("  unlocked by %s on %s: %s\n"), l->unlocked_by,
		       l->unlocked_at,
		       l->unlock_reason ? l->unlock_reason : "");
}

struct st {
	struct cli *c;
	struct lk_buf *b;
	int n, bad, failed;
	int verify;
};

static int on_lock(void *arg, const struct lk_lock_info *l)
{
	struct st *s = arg;
	struct lk_lock_info now;
	int rc, changed;

	if (!s->verify) {
		if (!s->c->json) {
			print_lock(l);
			s->n++;
			return 0;
		}
		if (s->n++ && (rc = lk_buf_addc(s->b, ',')))
			return rc;
		return lock_json(l, s->b);
	}
	if (!l->active)
		return 0;
	s->n++;
	rc = lk_lock_verify(&s->c->ctx, l->year, l->region, &now);
	if (rc && rc != LK_ECORRUPT)
		return rc;
	changed = rc == LK_ECORRUPT;
	s->bad += changed;
	if (!s->c->json) {
		if (changed)
			printf(_("year %d of %s: CHANGED: %s\n"), l->year,
			       l->region, lk_err_msg(&s->c->ctx.err));
		else
			printf(_("year %d of %s: intact (digest %s)\n"),
			       l->year, l->region, l->digest);
		return 0;
	}
	if ((s->n > 1 && (rc = lk_buf_addc(s->b, ','))) ||
	    (rc = lk_buf_printf(s->b, "{\"year\":%d,\"region\":", l->year)) ||
	    (rc = lk_json_str(s->b, l->region)) ||
	    (rc = lk_buf_printf(s->b,
				",\"intact\":%s,\"digest\":\"%s\","
				"\"now\":\"%s\",\"message\":",
				changed ? "false" : "true", l->digest,
				now.digest)) ||
	    (rc = lk_json_str(s->b,
			      changed ? lk_err_msg(&s->c->ctx.err) : NULL)) ||
	    (rc = lk_buf_addc(s->b, '}')))
		return rc;
	return 0;
}

int cmd_lock(struct cli *c, int argc, char **argv)
{
	struct lk_buf b = LK_BUF_INIT(16u << 20);
	struct st s = {c, &b, 0, 0, 0, 0};
	struct lk_lock_info l;
	struct opts o;
	const char *sub = "lock";
	int rc, first = 0, n;

	if (argc >= 2 && argv[1][0] != '-') {
		sub = argv[1];
		argc--;
		argv++;
	}
	if (argc >= 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return cli_help(usage);
	if ((rc = parse(c, argc, argv, &o, &first)))
		return rc < 0 ? 0 : rc;
	n = argc - first;
	if (n != 0)
		return cli_usage(c, usage, _("unexpected argument %s"),
				 argv[first]);
	if (strcmp(sub, "lock") == 0) {
		if (!o.year || !o.region)
			return cli_usage(c, usage,
					 _("lock needs --year and --region"));
	} else if (strcmp(sub, "unlock") == 0) {
		if (!o.year || !o.region || !o.reason)
			return cli_usage(c, usage,
					 _("unlock needs --year, --region and "
					   "--reason"));
	} else if (strcmp(sub, "verify") != 0 && strcmp(sub, "list") != 0) {
		return cli_usage(c, usage, _("wrong use of lock %s"), sub);
	}
	if ((rc = cli_open(c, 0)))
		return rc;
	if (strcmp(sub, "lock") == 0) {
		if ((rc = lk_lock(&c->ctx, (int)o.year, o.region, &l)))
			goto out;
		if (c->json) {
			if ((rc = lk_buf_adds(&b, "{\"lock\":")) ||
			    (rc = lock_json(&l, &b)) ||
			    (rc = lk_buf_adds(&b, "}\n")))
				goto out;
			fputs(lk_buf_str(&b), stdout);
		} else {
			print_lock(&l);
		}
		goto out;
	}
	if (strcmp(sub, "unlock") == 0) {
		if ((rc = lk_unlock(&c->ctx, (int)o.year, o.region, o.reason)))
			goto out;
		if (c->json) {
			printf("{\"unlocked\":true,\"year\":%d,\"region\":",
			       (int)o.year);
			lk_json_str(&b, o.region);
			printf("%s}\n", lk_buf_str(&b));
		} else {
			printf(_("year %d of %s unlocked\n"), (int)o.year,
			       o.region);
		}
		goto out;
	}
	s.verify = strcmp(sub, "verify") == 0;
	if (c->json && (rc = lk_buf_adds(&b, "{\"locks\":[")))
		goto out;
	if ((rc = lk_lock_list(&c->ctx, (int)o.year, o.region, on_lock, &s)))
		goto out;
	if (c->json) {
		if ((rc = lk_buf_printf(&b, "],\"count\":%d", s.n)) ||
		    (s.verify &&
		     (rc = lk_buf_printf(&b, ",\"intact\":%s",
					 s.bad ? "false" : "true"))) ||
		    (rc = lk_buf_adds(&b, "}\n")))
			goto out;
		fputs(lk_buf_str(&b), stdout);
	} else if (s.n == 0) {
		printf("%s\n", _("no lock found"));
	}
	lk_buf_free(&b);
	return s.bad ? 2 : 0;
out:
	lk_buf_free(&b);
	return rc ? cli_fail(c, rc) : 0;
}
