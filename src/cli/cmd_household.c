/* lika household | member | income: the registry from the command line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/json.h"
#include "core/money.h"
#include "procedure/procedure.h"
#include "registry/codes.h"
#include "registry/household.h"
#include "registry/region.h"
#include "view/view.h"

static const char hh_usage[] = N_(
	"usage: lika household add --no NO --village CODE --head-name NAME\n"
	"                          --head-id ID [--status S] [--set KEY=VALUE]...\n"
	"       lika household show NO\n"
	"       lika household list [--region CODE] [--status S] [--limit N]\n"
	"       lika household search TEXT [--region CODE] [--limit N]\n"
	"       lika household edit NO --set KEY=VALUE...\n"
	"       lika household history NO\n"
	"\n"
	"KEY is a column of the households table of the interchange format,\n"
	"by its English key or Chinese header (e.g. main_cause=因病,\n"
	"house_grade=B, 是否易地搬迁户=是).  add also creates the head as the\n"
	"household's first member.  search finds a name (also of two\n"
	"characters), a full or partial ID number, a household number or a\n"
	"phone number.\n");

static const char m_usage[] = N_(
	"usage: lika member add --household NO --name NAME --id ID\n"
	"                       --relation REL [--set KEY=VALUE]...\n"
	"       lika member edit ID --set KEY=VALUE...\n"
	"       lika member remove ID --status 死亡|迁出 --date DATE\n"
	"                          [--new-head ID]\n"
	"\n"
	"remove records a death or a move with its date; the member's record\n"
	"and history stay.  When the head leaves, --new-head names the member\n"
	"who becomes head.\n");

static const char i_usage[] = N_(
	"usage: lika income set NO --year YEAR --set ITEM=YUAN...\n"
	"       lika income show NO\n"
	"\n"
	"set changes the items it names in that year's income and keeps the\n"
	"others.\n"
	"ITEM is wage, operating, property, family_planning, dibao, tekun,\n"
	"pension, eco_compensation, other_transfer or expense (or the Chinese\n"
	"header).  Net and per-capita income are derived, never typed in.\n");

#define MAX_SETS 128

struct opts {
	const char *set[MAX_SETS];
	int nset;
	const char *no, *village, *head_name, *head_id, *status, *region;
	const char *name, *id, *relation, *date, *new_head, *year;
	int limit;
};

/* Parses the options common to the registry commands; positional
 * arguments are left from argv[optind]. */
static int parse(struct cli *c, const char *usage, int argc, char **argv,
		 struct opts *o, int *first)
{
	static const struct option lo[] = {
		{"set", 1, 0, 's'},	  {"no", 1, 0, 'n'},
		{"village", 1, 0, 'v'},	  {"head-name", 1, 0, 'N'},
		{"head-id", 1, 0, 'I'},	  {"status", 1, 0, 'S'},
		{"region", 1, 0, 'r'},	  {"limit", 1, 0, 'l'},
		{"household", 1, 0, 'H'}, {"name", 1, 0, 'm'},
		{"id", 1, 0, 'i'},	  {"relation", 1, 0, 'R'},
		{"date", 1, 0, 'd'},	  {"new-head", 1, 0, 'x'},
		{"year", 1, 0, 'y'},	  {"help", 0, 0, 'h'},
		{0, 0, 0, 0}};
	int ch;

	memset(o, 0, sizeof *o);
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 's':
			if (o->nset == MAX_SETS)
				return cli_usage(c, usage,
						 _("too many --set options"));
			o->set[o->nset++] = optarg;
			break;
		case 'n': o->no = optarg; break;
		case 'H': o->no = optarg; break;
		case 'v': o->village = optarg; break;
		case 'N': o->head_name = optarg; break;
		case 'I': o->head_id = optarg; break;
		case 'S': o->status = optarg; break;
		case 'r': o->region = optarg; break;
		case 'm': o->name = optarg; break;
		case 'i': o->id = optarg; break;
		case 'R': o->relation = optarg; break;
		case 'd': o->date = optarg; break;
		case 'x': o->new_head = optarg; break;
		case 'y': o->year = optarg; break;
		case 'l':
			o->limit = atoi(optarg);
			if (o->limit <= 0)
				return cli_usage(c, usage,
						 _("--limit needs a positive "
						   "number"));
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

/* Sets one field of r from user input; on bad input prints the problem
 * and returns the exit code. */
static int set_field(struct cli *c, struct lk_rec *r, struct lk_arena *a,
		     const char *key, const char *value)
{
	int rc = lk_rec_set_input(&c->ctx, r, a, key, value);

	return rc ? cli_fail(c, rc) : 0;
}

static int apply_sets(struct cli *c, struct lk_rec *r, struct lk_arena *a,
		      const struct opts *o)
{
	char key[256];
	int i, rc;

	for (i = 0; i < o->nset; i++) {
		const char *eq = strchr(o->set[i], '=');
		if (!eq || eq == o->set[i] ||
		    (size_t)(eq - o->set[i]) >= sizeof key) {
			lk_err_set(&c->ctx.err, LK_EUSAGE,
				   _("--set needs KEY=VALUE, not %s"),
				   o->set[i]);
			return cli_fail(c, LK_EUSAGE);
		}
		memcpy(key, o->set[i], (size_t)(eq - o->set[i]));
		key[eq - o->set[i]] = '\0';
		if ((rc = set_field(c, r, a, key, eq + 1)))
			return rc;
	}
	return 0;
}

/* ---- printing ------------------------------------------------------ */

static void print_rec(struct cli *c, const struct lk_rec *r, unsigned skip)
{
	struct lk_codes *codes = NULL;
	struct lk_buf v = LK_BUF_INIT(1u << 16);
	size_t i;

	lk_codes_get(&c->ctx, &codes);
	for (i = 0; i < r->t->n; i++) {
		const struct lk_field *f = &r->t->f[i];
		if (!r->v[i] || (f->flags & skip))
			continue;
		lk_buf_reset(&v);
		lk_field_show(f, codes, r->v[i], c->lang, &v);
		printf("  %-28s %s\n", c->lang == LK_LANG_ZH ? f->zh : _(f->en),
		       lk_buf_str(&v));
	}
	lk_buf_free(&v);
}

struct show {
	struct cli *c;
	struct lk_buf *b;
	int n;
};

static int show_member(void *arg, const struct lk_rec *m)
{
	struct show *s = arg;
	struct lk_codes *codes = NULL;
	int rc;

	if ((rc = lk_codes_get(&s->c->ctx, &codes)))
		return rc;
	printf("%s %d\n", _("member"), ++s->n);
	print_rec(s->c, m, LK_FF_NOCOL);
	return 0;
}

static int show_income(void *arg, const struct lk_rec *r,
		       const struct lk_income_sum *sum)
{
	struct show *s = arg;
	char net[32], pc[32];

	(void)r;
	lk_money_format(sum->net, net);
	lk_money_format(sum->per_capita, pc);
	if (s->n++ == 0)
		printf("%s\n  %-6s %12s %8s %14s\n", _("incomes"), _("year"),
		       _("net income"), _("persons"), _("per capita"));
	printf("  %-6d %12s %8d %14s\n", sum->year, net, sum->persons, pc);
	return 0;
}

/* The sources of status history entries, for translation. */
static const char *const event_sources[] __attribute__((unused)) = {N_("imported"), N_("entered"),
					    N_("procedure"), N_("override")};

static int show_event(void *arg, const struct lk_proc_event *e)
{
	struct show *s = arg;
	struct lk_codes *codes = NULL;
	const char *date = e->date, *kind = e->kind, *value = e->value;
	const char *source = e->source, *note = e->note;
	const char *label = value;
	char proc[96] = "";
	int rc;

	if ((rc = lk_codes_get(&s->c->ctx, &codes)))
		return rc;
	if (value && strcmp(kind, "status") == 0)
		label = lk_code_label(codes, "hh_status", value, s->c->lang);
	else if (value)
		label = lk_code_label(codes, "monitoring_category", value,
				      s->c->lang);
	if (e->procedure_id) {
		snprintf(proc, sizeof proc, _("procedure %lld (%s %d)"),
			 (long long)e->procedure_id, e->procedure_kind,
			 e->procedure_year);
		note = NULL;
	}
	if (s->n++ == 0)
		printf("%s\n", _("status history"));
	printf("  %s  %-16s %-20s %s%s%s\n", date,
	       strcmp(kind, "status") == 0	   ? _("status")
	       : strcmp(kind, "monitoring") == 0 ? _("monitored")
						  : _("risk eliminated"),
	       label ? label : "", proc[0] ? proc : _(source),
	       note ? "  " : "", note ? note : "");
	return 0;
}

static int household_show(struct cli *c, const char *no, int history_only)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_buf b = LK_BUF_INIT(64u << 20);
	struct lk_codes *codes;
	struct lk_rec r;
	struct show s = {c, &b, 0};
	int64_t id;
	int rc;

	if (c->json) {
		if ((rc = lk_view_household(&c->ctx, no, c->lang,
					    history_only ? LK_VIEW_HISTORY_ONLY
							 : 0,
					    &b)) ||
		    (rc = lk_buf_addc(&b, '\n')))
			goto out;
		fputs(lk_buf_str(&b), stdout);
		goto out;
	}
	if ((rc = lk_household_get(&c->ctx, no, &a, &r, &id)) ||
	    (rc = lk_codes_get(&c->ctx, &codes)))
		goto out;
	if (!history_only) {
		printf("%s %s\n", _("household"), no);
		print_rec(c, &r, LK_FF_NOCOL | LK_FF_INCOME);
		if ((rc = lk_members_each(&c->ctx, id, show_member, &s)))
			goto out;
		s.n = 0;
		if ((rc = lk_incomes_each(&c->ctx, id, show_income, &s)))
			goto out;
	}
	s.n = 0;
	if ((rc = lk_proc_status_history(&c->ctx, id, show_event, &s)))
		goto out;
	if (s.n == 0 && history_only)
		printf(_("household %s has no status history\n"), no);
out:
	lk_arena_free(&a);
	lk_buf_free(&b);
	return rc ? cli_fail(c, rc) : 0;
}

static int list_row(void *arg, const struct lk_hh_summary *h)
{
	struct show *s = arg;
	struct lk_codes *codes = NULL;
	const char *st;
	int rc;

	if ((rc = lk_codes_get(&s->c->ctx, &codes)))
		return rc;
	st = lk_code_label(codes, "hh_status", h->status, s->c->lang);
	printf("%-18s %-10s %-12s %-10s %2d  %s\n", h->no, h->head_name,
	       h->group ? h->group : "-", st, h->members,
	       h->matched && strcmp(h->matched, h->head_name) != 0
		       ? h->matched
		       : "");
	s->n++;
	return 0;
}

static int household_list(struct cli *c, const struct lk_hh_filter *f)
{
	struct lk_buf b = LK_BUF_INIT(256u << 20);
	struct show s = {c, &b, 0};
	int rc;

	if (c->json) {
		if ((rc = lk_view_households(&c->ctx, f, c->lang,
					     LK_VIEW_COUNT_ROWS, &b, NULL)) ||
		    (rc = lk_buf_addc(&b, '\n')))
			goto out;
		fputs(lk_buf_str(&b), stdout);
		goto out;
	}
	if ((rc = lk_household_list(&c->ctx, f, list_row, &s)))
		goto out;
	if (s.n == 0)
		printf("%s\n", _("no household found"));
out:
	lk_buf_free(&b);
	return rc ? cli_fail(c, rc) : 0;
}

static int household_add(struct cli *c, struct opts *o)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_rec h, m;
	int rc;

	if (!o->no || !o->village || !o->head_name || !o->head_id)
		return cli_usage(c, hh_usage,
				 _("household add needs --no, --village, "
				   "--head-name and --head-id"));
	lk_rec_init(&h, &lk_households);
	if ((rc = set_field(c, &h, &a, "household_no", o->no)) ||
	    (rc = set_field(c, &h, &a, "village_code", o->village)) ||
	    (rc = set_field(c, &h, &a, "head_name", o->head_name)) ||
	    (rc = set_field(c, &h, &a, "head_id", o->head_id)) ||
	    (rc = set_field(c, &h, &a, "status",
			    o->status ? o->status : "ordinary")) ||
	    (rc = apply_sets(c, &h, &a, o)))
		goto out;
	lk_rec_init(&m, &lk_members);
	m.v[0] = lk_rec_get(&h, "household_no");
	if ((rc = set_field(c, &m, &a, "name", o->head_name)) ||
	    (rc = set_field(c, &m, &a, "id_number", o->head_id)) ||
	    (rc = set_field(c, &m, &a, "relation", "1")))
		goto out;
	if ((rc = lk_household_add(&c->ctx, &h, &m))) {
		rc = cli_fail(c, rc);
		goto out;
	}
	lk_arena_free(&a);
	return household_show(c, o->no, 0);
out:
	lk_arena_free(&a);
	return rc;
}

static int household_edit(struct cli *c, const char *no, struct opts *o)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_rec h;
	int rc, what;

	if (o->nset == 0)
		return cli_usage(c, hh_usage, _("edit needs --set KEY=VALUE"));
	if ((rc = lk_household_get(&c->ctx, no, &a, &h, NULL))) {
		rc = cli_fail(c, rc);
		goto out;
	}
	if ((rc = apply_sets(c, &h, &a, o)))
		goto out;
	if (strcmp(lk_rec_get(&h, "household_no"), no) != 0) {
		lk_err_set(&c->ctx.err, LK_EINVAL,
			   _("the household number cannot be changed"));
		rc = cli_fail(c, LK_EINVAL);
		goto out;
	}
	if ((rc = lk_household_put(&c->ctx, &h, LK_PUT_UPDATE,
				   LK_PUT_NO_STATUS, NULL, &what))) {
		rc = cli_fail(c, rc);
		goto out;
	}
	if (c->json)
		rc = household_show(c, no, 0);
	else
		printf(what == LK_PUT_UNCHANGED ? _("household %s unchanged\n")
						: _("household %s updated\n"),
		       no);
out:
	lk_arena_free(&a);
	return rc;
}

int cmd_household(struct cli *c, int argc, char **argv)
{
	struct opts o;
	struct lk_hh_filter f;
	const char *sub;
	int rc, first, n;

	if (argc < 2)
		return cli_usage(c, hh_usage,
				 _("household needs a sub-command"));
	sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0)
		return cli_help(hh_usage);
	if ((rc = parse(c, hh_usage, argc - 1, argv + 1, &o, &first)))
		return rc < 0 ? 0 : rc;
	argv += first + 1;
	n = argc - 1 - first;
	if ((rc = cli_open(c, 0)))
		return rc;
	memset(&f, 0, sizeof f);
	f.region = o.region;
	f.limit = o.limit;
	if (strcmp(sub, "add") == 0 && n == 0)
		return household_add(c, &o);
	if (strcmp(sub, "show") == 0 && n == 1)
		return household_show(c, argv[0], 0);
	if (strcmp(sub, "history") == 0 && n == 1)
		return household_show(c, argv[0], 1);
	if (strcmp(sub, "edit") == 0 && n == 1)
		return household_edit(c, argv[0], &o);
	if (strcmp(sub, "list") == 0 && n == 0) {
		if (o.status) {
			struct lk_codes *codes;
			if ((rc = lk_codes_get(&c->ctx, &codes)))
				return cli_fail(c, rc);
			f.status = lk_code_find(codes, "hh_status", o.status);
			if (!f.status)
				return cli_usage(c, hh_usage,
						 _("unknown status %s"),
						 o.status);
		}
		return household_list(c, &f);
	}
	if (strcmp(sub, "search") == 0 && n == 1) {
		f.query = argv[0];
		if (!f.limit)
			f.limit = 100;
		return household_list(c, &f);
	}
	return cli_usage(c, hh_usage, _("wrong use of household %s"), sub);
}

/* ---- members ------------------------------------------------------- */

int cmd_member(struct cli *c, int argc, char **argv)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_rec m;
	struct opts o;
	const char *sub;
	int rc, first, n, what;

	if (argc < 2)
		return cli_usage(c, m_usage, _("member needs a sub-command"));
	sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0)
		return cli_help(m_usage);
	if ((rc = parse(c, m_usage, argc - 1, argv + 1, &o, &first)))
		return rc < 0 ? 0 : rc;
	argv += first + 1;
	n = argc - 1 - first;
	if ((rc = cli_open(c, 0)))
		return rc;
	if (strcmp(sub, "add") == 0 && n == 0) {
		if (!o.no || !o.name || !o.id || !o.relation) {
			rc = cli_usage(c, m_usage,
				       _("member add needs --household, "
					 "--name, --id and --relation"));
			goto out;
		}
		lk_rec_init(&m, &lk_members);
		if ((rc = set_field(c, &m, &a, "name", o.name)) ||
		    (rc = set_field(c, &m, &a, "id_number", o.id)) ||
		    (rc = set_field(c, &m, &a, "relation", o.relation)) ||
		    (rc = apply_sets(c, &m, &a, &o)))
			goto out;
		m.v[0] = o.no;
		if ((rc = lk_member_put(&c->ctx, &m, LK_PUT_CREATE, 0,
					&what))) {
			rc = cli_fail(c, rc);
			goto out;
		}
		rc = household_show(c, o.no, 0);
	} else if (strcmp(sub, "edit") == 0 && n == 1) {
		if (o.nset == 0) {
			rc = cli_usage(c, m_usage,
				       _("edit needs --set KEY=VALUE"));
			goto out;
		}
		if ((rc = lk_member_get(&c->ctx, argv[0], &a, &m))) {
			rc = cli_fail(c, rc);
			goto out;
		}
		if ((rc = apply_sets(c, &m, &a, &o)))
			goto out;
		if (strcmp(lk_rec_get(&m, "id_number"), argv[0]) != 0) {
			lk_err_set(&c->ctx.err, LK_EINVAL,
				   _("the ID number is the member's key: "
				     "remove the member and add the right "
				     "one"));
			rc = cli_fail(c, LK_EINVAL);
			goto out;
		}
		if ((rc = lk_member_put(&c->ctx, &m, LK_PUT_UPDATE, 0,
					&what))) {
			rc = cli_fail(c, rc);
			goto out;
		}
		if (c->json)
			rc = household_show(c, lk_rec_get(&m, "household_no"),
					    0);
		else
			printf(what == LK_PUT_UNCHANGED
				       ? _("member %s unchanged\n")
				       : _("member %s updated\n"),
			       argv[0]);
	} else if (strcmp(sub, "remove") == 0 && n == 1) {
		if (!o.status || !o.date) {
			rc = cli_usage(c, m_usage,
				       _("member remove needs --status and "
					 "--date"));
			goto out;
		}
		if ((rc = lk_member_remove(&c->ctx, argv[0], o.status, o.date,
					   o.new_head))) {
			rc = cli_fail(c, rc);
			goto out;
		}
		if (c->json) {
			struct lk_buf b = LK_BUF_INIT(4096);
			if ((rc = lk_view_member_removed(argv[0], &b)) ||
			    (rc = lk_buf_addc(&b, '\n')))
				rc = cli_fail(c, rc);
			else
				fputs(lk_buf_str(&b), stdout);
			lk_buf_free(&b);
		} else
			printf(_("member %s removed\n"), argv[0]);
	} else {
		rc = cli_usage(c, m_usage, _("wrong use of member %s"), sub);
	}
out:
	lk_arena_free(&a);
	return rc;
}

/* ---- incomes ------------------------------------------------------- */

int cmd_income(struct cli *c, int argc, char **argv)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_rec r;
	struct lk_income_sum s;
	struct opts o;
	const char *sub;
	size_t i;
	int rc, first, n, what;

	if (argc < 2)
		return cli_usage(c, i_usage, _("income needs a sub-command"));
	sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0)
		return cli_help(i_usage);
	if ((rc = parse(c, i_usage, argc - 1, argv + 1, &o, &first)))
		return rc < 0 ? 0 : rc;
	argv += first + 1;
	n = argc - 1 - first;
	if ((rc = cli_open(c, 0)))
		return rc;
	if (strcmp(sub, "show") == 0 && n == 1) {
		rc = household_show(c, argv[0], 0);
	} else if (strcmp(sub, "set") == 0 && n == 1) {
		char net[32], pc[32];
		if (!o.year || o.nset == 0) {
			rc = cli_usage(c, i_usage,
				       _("income set needs --year and --set "
					 "ITEM=YUAN"));
			goto out;
		}
		lk_rec_init(&r, &lk_incomes);
		for (i = 0; i < r.t->n; i++) /* items not given are kept */
			r.v[i] = LK_KEEP;
		r.v[0] = argv[0];
		if ((rc = set_field(c, &r, &a, "income_year", o.year)) ||
		    (rc = apply_sets(c, &r, &a, &o)))
			goto out;
		if ((rc = lk_income_put(&c->ctx, &r, 0, &what, &s))) {
			rc = cli_fail(c, rc);
			goto out;
		}
		lk_money_format(s.net, net);
		lk_money_format(s.per_capita, pc);
		if (c->json) {
			struct lk_buf b = LK_BUF_INIT(4096);
			if ((rc = lk_view_income(argv[0], &s, &b)) ||
			    (rc = lk_buf_addc(&b, '\n')))
				rc = cli_fail(c, rc);
			else
				fputs(lk_buf_str(&b), stdout);
			lk_buf_free(&b);
		} else
			printf(_("%s %d: net income %s yuan, %d persons, %s "
				 "yuan per person\n"),
			       argv[0], s.year, net, s.persons, pc);
	} else {
		rc = cli_usage(c, i_usage, _("wrong use of income %s"), sub);
	}
out:
	lk_arena_free(&a);
	return rc;
}
