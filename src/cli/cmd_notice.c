/* lika notice: post, print, object to, resolve and close public notices. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/num.h"
#include "procedure/notice.h"
#include "view/view.h"

static const char usage[] =
    N_("usage: lika notice create --village CODE --kind KIND [--step STEP]\n"
       "                          [--households NO,NO...] [--start DATE]\n"
       "                          [--actor WHO] [--contact TEXT]\n"
       "       lika notice print ID [--format md|html] [--out FILE]\n"
       "       lika notice object ID --text TEXT [--household NO] [--by NAME]\n"
       "                          [--date DATE]\n"
       "       lika notice resolve OBJECTION (--upheld | --dismissed)\n"
       "                           --reasons TEXT [--date DATE]\n"
       "       lika notice close ID [--date DATE]\n"
       "       lika notice show ID\n"
       "       lika notice list [--region CODE] [--open] [--limit N]\n"
       "\n"
       "create posts a public notice for the procedures of one kind in one\n"
       "village that wait at a notice step (all of them, or those of\n"
       "--households); it runs for the days of policy notice_days.KIND from\n"
       "--start (today by default) to the end of its last day, China\n"
       "Standard Time.  print writes the text for the village board: names,\n"
       "villager group, reason, the decision sought, the period and how to\n"
       "object, never ID numbers, phone numbers, bank accounts or health\n"
       "details.  An objection (about one household with --household, else\n"
       "about the whole notice) suspends the procedures it concerns until it\n"
       "is upheld (the procedure ends) or dismissed, with reasons.  close,\n"
       "after the last day and with no objection open, moves the\n"
       "procedures on to their next step.\n");

struct opts {
	const char *village, *kind, *step, *households, *start, *actor;
	const char *contact, *format, *out, *text, *household, *by, *date;
	const char *reasons, *region;
	int upheld, dismissed, open_only, limit;
};

static int parse(struct cli *c, int argc, char **argv, struct opts *o,
		 int *first)
{
	static const struct option lo[] = {{"village", 1, 0, 'v'},
					   {"kind", 1, 0, 'k'},
					   {"step", 1, 0, 's'},
					   {"households", 1, 0, 'H'},
					   {"start", 1, 0, 'S'},
					   {"actor", 1, 0, 'a'},
					   {"contact", 1, 0, 'c'},
					   {"format", 1, 0, 'f'},
					   {"out", 1, 0, 'o'},
					   {"text", 1, 0, 't'},
					   {"household", 1, 0, 'h' + 256},
					   {"by", 1, 0, 'b'},
					   {"date", 1, 0, 'd'},
					   {"reasons", 1, 0, 'r'},
					   {"region", 1, 0, 'g'},
					   {"upheld", 0, 0, 'U'},
					   {"dismissed", 0, 0, 'D'},
					   {"open", 0, 0, 'O'},
					   {"limit", 1, 0, 'l'},
					   {"help", 0, 0, 'h'},
					   {0, 0, 0, 0}};
	int64_t n;
	int ch;

	memset(o, 0, sizeof *o);
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'v': o->village = optarg; break;
		case 'k': o->kind = optarg; break;
		case 's': o->step = optarg; break;
		case 'H': o->households = optarg; break;
		case 'S': o->start = optarg; break;
		case 'a': o->actor = optarg; break;
		case 'c': o->contact = optarg; break;
		case 'f': o->format = optarg; break;
		case 'o': o->out = optarg; break;
		case 't': o->text = optarg; break;
		case 'h' + 256: o->household = optarg; break;
		case 'b': o->by = optarg; break;
		case 'd': o->date = optarg; break;
		case 'r': o->reasons = optarg; break;
		case 'g': o->region = optarg; break;
		case 'U': o->upheld = 1; break;
		case 'D': o->dismissed = 1; break;
		case 'O': o->open_only = 1; break;
		case 'l':
			if (lk_parse_int64(optarg, 1, 1000000, &n))
				return cli_usage(c, usage,
						 _("--limit needs a positive "
						   "number"));
			o->limit = (int)n;
			break;
		case 'h': cli_help(usage); return -1;
		default:
			return cli_usage(c, usage, _("unknown option %s"),
					 argv[optind - 1]);
		}
	}
	*first = optind;
	return 0;
}

static const char *obj_state(const char *s)
{
	if (strcmp(s, "open") == 0)
		return _("open");
	if (strcmp(s, "upheld") == 0)
		return _("upheld");
	if (strcmp(s, "dismissed") == 0)
		return _("dismissed");
	return s;
}

static int show(struct cli *c, int64_t id)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_buf b = LK_BUF_INIT(64u << 20);
	struct lk_notice n;
	const struct lk_step_def *d;
	size_t i;
	int rc;

	if (c->json) {
		if ((rc = lk_view_notice(&c->ctx, id, &b)) ||
		    (rc = lk_buf_addc(&b, '\n')))
			goto out;
		fputs(lk_buf_str(&b), stdout);
		goto out;
	}
	if ((rc = lk_notice_get(&c->ctx, id, &a, &n)))
		goto out;
	d = lk_proc_step_def(n.kind, n.step);
	printf(_("notice %lld: %s, %s, village %s %s\n"), (long long)n.id,
	       lk_proc_kind_text(n.kind), d ? _(d->text) : n.step,
	       n.village_name ? n.village_name : "", n.village_code);
	printf(_("  %d days: from %s to the end of %s (China Standard "
		 "Time); %s"),
	       n.days, n.start_date, n.end_date,
	       strcmp(n.state, "closed") == 0 ? _("closed on ") : _("posted"));
	printf("%s\n", n.closed_on ? n.closed_on : "");
	for (i = 0; i < n.nitems; i++)
		printf("  %2zu  %-20s %-8s %-10s %2d  %-16s %s\n", i + 1,
		       n.items[i].household_no, n.items[i].head_name,
		       n.items[i].group ? n.items[i].group : "",
		       n.items[i].people, n.items[i].proc_state,
		       n.items[i].reason ? n.items[i].reason : "");
	for (i = 0; i < n.nobjections; i++) {
		const struct lk_proc_objection *o = &n.objections[i];
		printf(_("  objection %lld, %s%s: %s (%s)\n"), (long long)o->id,
		       o->received_on,
		       o->whole_notice ? _(", whole notice") : "", o->text,
		       obj_state(o->state));
		if (o->reasons)
			printf("      %s: %s\n", o->resolved_on, o->reasons);
	}
out:
	lk_arena_free(&a);
	lk_buf_free(&b);
	return rc ? cli_fail(c, rc) : 0;
}

struct list_st {
	struct cli *c;
	struct lk_buf *b;
	int n;
};

static int list_row(void *arg, const struct lk_notice *n)
{
	struct list_st *s = arg;

	if (s->n++ == 0)
		printf("%6s  %-12s %-14s %-10s %-10s %-10s %-7s %s\n", _("id"),
		       _("village"), _("kind"), _("step"), _("start"), _("end"),
		       _("state"), _("households"));
	printf("%6lld  %-12s %-14s %-10s %-10s %-10s %-7s %zu%s\n",
	       (long long)n->id, n->village_code, lk_proc_kind_id(n->kind),
	       n->step, n->start_date, n->end_date, n->state, n->nitems,
	       n->open_objections ? _("  objected") : "");
	return 0;
}

/* Prints the body in b (built with return code rc) and frees b. */
static int print_body(struct cli *c, int rc, struct lk_buf *b)
{
	if (!rc && !(rc = lk_buf_addc(b, '\n')))
		fputs(lk_buf_str(b), stdout);
	lk_buf_free(b);
	return rc ? cli_fail(c, rc) : 0;
}

static int parse_id(struct cli *c, const char *s, int64_t *id)
{
	if (lk_parse_int64(s, 1, INT64_MAX, id))
		return cli_usage(c, usage, _("%s is not an id"), s);
	return 0;
}

/* Splits "a,b,c" into a malloc'd array of pointers into a malloc'd copy. */
static int split(const char *s, char **copy, const char ***v, size_t *n)
{
	size_t cap = 1, i;
	char *p;

	for (i = 0; s[i]; i++)
		cap += s[i] == ',';
	*copy = strdup(s);
	*v = calloc(cap, sizeof **v);
	*n = 0;
	if (!*copy || !*v) {
		free(*copy);
		free(*v);
		return LK_ENOMEM;
	}
	for (p = strtok(*copy, ","); p; p = strtok(NULL, ","))
		if (*p)
			(*v)[(*n)++] = p;
	return 0;
}

static int create(struct cli *c, const struct opts *o)
{
	struct lk_notice_new nn;
	char *copy = NULL;
	const char **v = NULL;
	size_t n = 0;
	int64_t id;
	int rc;

	if (!o->village || !o->kind)
		return cli_usage(c, usage,
				 _("notice create needs --village and --kind"));
	memset(&nn, 0, sizeof nn);
	if (lk_proc_kind_parse(o->kind, &nn.kind))
		return cli_usage(c, usage, _("unknown kind %s"), o->kind);
	if (o->households && (rc = split(o->households, &copy, &v, &n)))
		return cli_fail(c, rc);
	nn.village = o->village;
	nn.step = o->step;
	nn.households = o->households ? v : NULL;
	nn.nhouseholds = n;
	nn.start = o->start;
	nn.actor = o->actor;
	nn.contact = o->contact;
	rc = lk_notice_create(&c->ctx, &nn, &id);
	free(copy);
	free(v);
	if (rc)
		return cli_fail(c, rc);
	if (!c->json)
		printf(_("notice %lld posted\n"), (long long)id);
	return show(c, id);
}

static int print_notice(struct cli *c, int64_t id, const struct opts *o)
{
	struct lk_buf b = LK_BUF_INIT(64u << 20);
	enum lk_notice_format f = LK_NOTICE_MD;
	FILE *fp = stdout;
	int rc;

	if (o->format && strcmp(o->format, "html") == 0)
		f = LK_NOTICE_HTML;
	else if (o->format && strcmp(o->format, "md") != 0)
		return cli_usage(c, usage, _("unknown format %s (md or html)"),
				 o->format);
	if ((rc = lk_notice_print(&c->ctx, id, f, &b)))
		goto out;
	if (o->out && !(fp = fopen(o->out, "wb"))) {
		rc = lk_err_set(&c->ctx.err, LK_EIO, _("cannot write %s"),
				o->out);
		goto out;
	}
	if (fwrite(lk_buf_str(&b), 1, b.len, fp) != b.len ||
	    (fp != stdout && fclose(fp) != 0)) {
		fp = stdout;
		rc = lk_err_set(&c->ctx.err, LK_EIO, _("cannot write %s"),
				o->out ? o->out : "stdout");
		goto out;
	}
	if (o->out && c->json) {
		struct lk_buf j = LK_BUF_INIT(1u << 12);
		if (!lk_buf_printf(&j,
				   "{\"notice\":%lld,\"format\":\"%s\","
				   "\"out\":",
				   (long long)id,
				   f == LK_NOTICE_HTML ? "html" : "md") &&
		    !lk_json_str(&j, o->out) && !lk_buf_adds(&j, "}\n"))
			fputs(lk_buf_str(&j), stdout);
		lk_buf_free(&j);
	}
out:
	lk_buf_free(&b);
	return rc ? cli_fail(c, rc) : 0;
}

int cmd_notice(struct cli *c, int argc, char **argv)
{
	struct lk_buf b = LK_BUF_INIT(64u << 20);
	struct list_st ls = {c, &b, 0};
	struct lk_notice_filter f;
	struct opts o;
	const char *sub;
	int64_t id, oid;
	int rc, first = 0, n;

	if (argc < 2)
		return cli_usage(c, usage, _("notice needs a sub-command"));
	sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0)
		return cli_help(usage);
	if ((rc = parse(c, argc - 1, argv + 1, &o, &first)))
		return rc < 0 ? 0 : rc;
	argv += first + 1;
	n = argc - 1 - first;
	if ((rc = cli_open(c, 0)))
		return rc;
	if (strcmp(sub, "create") == 0 && n == 0)
		return create(c, &o);
	if (strcmp(sub, "list") == 0 && n == 0) {
		memset(&f, 0, sizeof f);
		f.region = o.region;
		f.open_only = o.open_only;
		f.limit = o.limit;
		if (c->json) {
			if ((rc = lk_view_notices(&c->ctx, &f, 0, 0,
						  LK_VIEW_COUNT_ROWS, &b)) ||
			    (rc = lk_buf_addc(&b, '\n')))
				goto out;
			fputs(lk_buf_str(&b), stdout);
		} else if ((rc = lk_notice_list(&c->ctx, &f, list_row, &ls))) {
			goto out;
		} else if (ls.n == 0) {
			printf("%s\n", _("no notice found"));
		}
		goto out;
	}
	if (n != 1) {
		lk_buf_free(&b);
		return cli_usage(c, usage, _("wrong use of notice %s"), sub);
	}
	lk_buf_free(&b);
	if ((rc = parse_id(c, argv[0], &id)))
		return rc;
	if (strcmp(sub, "show") == 0)
		return show(c, id);
	if (strcmp(sub, "print") == 0)
		return print_notice(c, id, &o);
	if (strcmp(sub, "object") == 0) {
		if (!o.text)
			return cli_usage(c, usage,
					 _("notice object needs --text"));
		if ((rc = lk_notice_object(&c->ctx, id, o.household, o.date,
					   o.by, o.text, &oid)))
			return cli_fail(c, rc);
		if (c->json)
			return print_body(c, lk_view_objection(oid, id, "open",
							       &b),
					  &b);
		else
			printf(_("objection %lld to notice %lld recorded; the "
				 "procedures it concerns are suspended until "
				 "it is resolved\n"),
			       (long long)oid, (long long)id);
		return 0;
	}
	if (strcmp(sub, "resolve") == 0) {
		if (o.upheld == o.dismissed)
			return cli_usage(c, usage,
					 _("notice resolve needs --upheld or "
					   "--dismissed"));
		if ((rc = lk_notice_resolve(&c->ctx, id, o.upheld, o.reasons,
					    o.date)))
			return cli_fail(c, rc);
		if (c->json)
			return print_body(
				c,
				lk_view_objection(id, 0,
						  o.upheld ? "upheld"
							   : "dismissed",
						  &b),
				&b);
		else
			printf(o.upheld ? _("objection %lld upheld\n")
					: _("objection %lld dismissed\n"),
			       (long long)id);
		return 0;
	}
	if (strcmp(sub, "close") == 0) {
		if ((rc = lk_notice_close(&c->ctx, id, o.date)))
			return cli_fail(c, rc);
		if (!c->json)
			printf(_("notice %lld closed\n"), (long long)id);
		return show(c, id);
	}
	return cli_usage(c, usage, _("wrong use of notice %s"), sub);
out:
	lk_buf_free(&b);
	return rc ? cli_fail(c, rc) : 0;
}
