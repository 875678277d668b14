/* lika procedure: start, step, cancel, show and list procedures; status
 * overrides. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/num.h"
#include "procedure/procedure.h"
#include "registry/codes.h"
#include "view/view.h"

static const char usage[] = N_(
    "usage: lika procedure start --household NO --kind KIND [--year YEAR]\n"
    "                            [--date DATE] [--category C] [--risks R,R]\n"
    "                            [--notes TEXT]\n"
    "       lika procedure step ID [STEP] [--date DATE] [--actor WHO]\n"
    "                           [--outcome approved|rejected] [--notes TEXT]\n"
    "                           [--members N --attending N --for N\n"
    "                            --against N] [--override REASON]\n"
    "       lika procedure cancel ID --reason TEXT [--date DATE]\n"
    "       lika procedure show ID\n"
    "       lika procedure list [--region CODE] [--household NO] [--kind K]\n"
    "                           [--state open|finished|STATE] [--limit N]\n"
    "       lika procedure steps [KIND]\n"
    "       lika procedure override --household NO --reason TEXT\n"
    "                           (--status S | --monitoring CATEGORY |\n"
    "                            --risk-eliminated) [--date DATE]\n"
    "\n"
    "KIND is identification, exit, monitoring (identification for\n"
    "monitoring; --category unstable|marginal|sudden and --risks),\n"
    "elimination (of the risk of a monitored household), return (to\n"
    "poverty) or removal (of a wrongly registered household).  Steps are\n"
    "taken in order, each with its date (today by default, never in the\n"
    "future), actor, outcome and notes; 'procedure steps' lists them.  A\n"
    "democratic appraisal needs --members, --attending, --for and\n"
    "--against and decides only with the quorum of policy\n"
    "appraisal_quorum.  Notice steps are taken with 'lika notice'.  The\n"
    "household's status changes when the last step is approved.\n"
    "override changes a status outside any procedure (county\n"
    "administrators only), recorded as such with its reason.\n");

struct opts {
	const char *household, *kind, *date, *category, *risks, *notes;
	const char *actor, *outcome, *override, *reason, *region, *state;
	const char *status, *monitoring;
	int64_t year;
	int members, attending, votes_for, votes_against, limit, risk_elim;
};

static int num_opt(struct cli *c, const char *name, const char *v, int *out)
{
	int64_t n;

	if (lk_parse_int64(v, 0, 1000000, &n))
		return cli_usage(c, usage, _("--%s needs a number"), name);
	*out = (int)n;
	return 0;
}

/* Parses options; positional arguments are left from argv[*first]. */
static int parse(struct cli *c, int argc, char **argv, struct opts *o,
		 int *first)
{
	static const struct option lo[] = {{"household", 1, 0, 'H'},
					   {"kind", 1, 0, 'k'},
					   {"year", 1, 0, 'y'},
					   {"date", 1, 0, 'd'},
					   {"category", 1, 0, 'C'},
					   {"risks", 1, 0, 'R'},
					   {"notes", 1, 0, 'n'},
					   {"actor", 1, 0, 'a'},
					   {"outcome", 1, 0, 'o'},
					   {"override", 1, 0, 'O'},
					   {"reason", 1, 0, 'r'},
					   {"region", 1, 0, 'g'},
					   {"state", 1, 0, 's'},
					   {"limit", 1, 0, 'l'},
					   {"members", 1, 0, 'M'},
					   {"attending", 1, 0, 'A'},
					   {"for", 1, 0, 'F'},
					   {"against", 1, 0, 'G'},
					   {"status", 1, 0, 'S'},
					   {"monitoring", 1, 0, 'm'},
					   {"risk-eliminated", 0, 0, 'E'},
					   {"help", 0, 0, 'h'},
					   {0, 0, 0, 0}};
	int ch, rc;

	memset(o, 0, sizeof *o);
	o->members = o->attending = o->votes_for = o->votes_against = -1;
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'H': o->household = optarg; break;
		case 'k': o->kind = optarg; break;
		case 'd': o->date = optarg; break;
		case 'C': o->category = optarg; break;
		case 'R': o->risks = optarg; break;
		case 'n': o->notes = optarg; break;
		case 'a': o->actor = optarg; break;
		case 'o': o->outcome = optarg; break;
		case 'O': o->override = optarg; break;
		case 'r': o->reason = optarg; break;
		case 'g': o->region = optarg; break;
		case 's': o->state = optarg; break;
		case 'S': o->status = optarg; break;
		case 'm': o->monitoring = optarg; break;
		case 'E': o->risk_elim = 1; break;
		case 'y':
			if (lk_parse_int64(optarg, 1949, 2100, &o->year))
				return cli_usage(c, usage,
						 _("--year needs a year"));
			break;
		case 'l':
			if ((rc = num_opt(c, "limit", optarg, &o->limit)))
				return rc;
			break;
		case 'M':
			if ((rc = num_opt(c, "members", optarg, &o->members)))
				return rc;
			break;
		case 'A':
			if ((rc = num_opt(c, "attending", optarg,
					  &o->attending)))
				return rc;
			break;
		case 'F':
			if ((rc = num_opt(c, "for", optarg, &o->votes_for)))
				return rc;
			break;
		case 'G':
			if ((rc = num_opt(c, "against", optarg,
					  &o->votes_against)))
				return rc;
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

/* A recorded word (outcome, objection state) in the user's language. */
static const char *word(const char *w)
{
	static const char *const words[] = {
	    N_("approved"),  N_("rejected"), N_("done"),   N_("posted"),
	    N_("passed"),    N_("received"), N_("upheld"), N_("dismissed"),
	    N_("cancelled"), N_("open")};
	size_t i;

	for (i = 0; w && i < sizeof words / sizeof words[0]; i++)
		if (strcmp(w, words[i]) == 0)
			return _(words[i]);
	return w ? w : "";
}

static const char *type_id(enum lk_step_type t)
{
	switch (t) {
	case LK_STEP_RECORD: return "record";
	case LK_STEP_DECISION: return "decision";
	case LK_STEP_APPRAISAL: return "appraisal";
	case LK_STEP_NOTICE: return "notice";
	}
	return "";
}

static int jstr(struct lk_buf *b, const char *key, const char *v)
{
	int rc = lk_buf_printf(b, ",\"%s\":", key);

	return rc ? rc : lk_json_str(b, v);
}

static void print_step(const struct lk_proc *p,
		       const struct lk_proc_step_rec *s)
{
	printf("  %2d  %s  %-16s %-10s %s", s->seq, s->date, s->step,
	       word(s->outcome), s->actor);
	if (s->members >= 0)
		printf(_("  (%d of %d attending; %d for, %d against)"),
		       s->attending, s->members, s->votes_for,
		       s->votes_against);
	if (s->notice_id)
		printf(_("  notice %lld"), (long long)s->notice_id);
	if (s->objection_id)
		printf(_("  objection %lld"), (long long)s->objection_id);
	printf("\n");
	if (s->notes)
		printf("        %s\n", s->notes);
	if (s->assessment)
		printf("        %s: %s\n", _("assessment"), s->assessment);
	if (s->override_reason)
		printf("        %s: %s\n", _("override"), s->override_reason);
	(void)p;
}

static void print_proc(struct cli *c, const struct lk_proc *p)
{
	struct lk_codes *codes = NULL;
	size_t i;

	lk_codes_get(&c->ctx, &codes);
	printf(_("procedure %lld: %s of household %s (%s), %s %s, year %d\n"),
	       (long long)p->id, lk_proc_kind_text(p->kind), p->household_no,
	       p->head_name, p->village_name ? p->village_name : "",
	       p->village_code, p->year);
	if (p->category && codes)
		printf("  %s: %s%s%s\n", _("monitoring category"),
		       lk_code_label(codes, "monitoring_category", p->category,
				     c->lang),
		       p->risk_types ? "; " : "",
		       p->risk_types ? p->risk_types : "");
	printf("  %s: %s\n", _("started"), p->started_on);
	if (p->outcome)
		printf("  %s: %s (%s)\n", _("finished"), p->finished_on,
		       word(p->outcome));
	else
		printf("  %s: %s (%s)%s\n", _("state"), p->state,
		       lk_proc_state_label(p->kind, p->state),
		       p->suspended ? _(", suspended") : "");
	if (p->waiting)
		printf("  %s\n", p->waiting);
	if (p->nsteps)
		printf("%s\n", _("steps"));
	for (i = 0; i < p->nsteps; i++)
		print_step(p, &p->steps[i]);
	if (p->nobjections)
		printf("%s\n", _("objections"));
	for (i = 0; i < p->nobjections; i++) {
		const struct lk_proc_objection *o = &p->objections[i];
		printf(_("  %lld  %s  notice %lld%s  %s: %s\n"),
		       (long long)o->id, o->received_on,
		       (long long)o->notice_id,
		       o->whole_notice ? _(" (whole notice)") : "",
		       word(o->state), o->text);
		if (o->reasons)
			printf("        %s %s: %s\n", o->resolved_on,
			       o->resolved_by ? o->resolved_by : "",
			       o->reasons);
	}
	if (p->warning)
		fprintf(stderr, _("lika: warning: %s\n"), p->warning);
}

/* Prints procedure id (text or JSON). */
static int show(struct cli *c, int64_t id)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_buf b = LK_BUF_INIT(16u << 20);
	struct lk_proc p;
	int rc;

	if (c->json) {
		if ((rc = lk_view_procedure(&c->ctx, id, c->lang, &b)) ||
		    (rc = lk_buf_addc(&b, '\n')))
			goto out;
		fputs(lk_buf_str(&b), stdout);
	} else {
		if ((rc = lk_proc_get(&c->ctx, id, &a, &p)))
			goto out;
		print_proc(c, &p);
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

static int list_row(void *arg, const struct lk_proc *p)
{
	struct list_st *s = arg;

	if (s->n++ == 0)
		printf("%6s  %-20s %-8s %-14s %-5s %-16s %-10s %s\n", _("id"),
		       _("household"), _("head"), _("kind"), _("year"),
		       _("state"), _("started"), _("finished"));
	printf("%6lld  %-20s %-8s %-14s %-5d %-16s %-10s %s%s%s\n",
	       (long long)p->id, p->household_no, p->head_name,
	       lk_proc_kind_id(p->kind), p->year, p->state, p->started_on,
	       p->finished_on ? p->finished_on : "",
	       p->suspended ? _("  suspended") : "",
	       p->warning ? _("  overdue") : "");
	return 0;
}

static int list(struct cli *c, const struct opts *o)
{
	struct lk_buf b = LK_BUF_INIT(64u << 20);
	struct list_st s = {c, &b, 0};
	struct lk_proc_filter f;
	enum lk_proc_kind k;
	int rc;

	memset(&f, 0, sizeof f);
	f.kind = -1;
	if (o->kind) {
		if (lk_proc_kind_parse(o->kind, &k))
			return cli_usage(c, usage, _("unknown kind %s"),
					 o->kind);
		f.kind = (int)k;
	}
	f.region = o->region;
	f.household_no = o->household;
	f.state = o->state;
	f.limit = o->limit;
	if (c->json) {
		if ((rc = lk_view_procedures(&c->ctx, &f, 0, 0, c->lang,
					     LK_VIEW_COUNT_ROWS, &b)) ||
		    (rc = lk_buf_addc(&b, '\n')))
			goto out;
		fputs(lk_buf_str(&b), stdout);
	} else if ((rc = lk_proc_list(&c->ctx, &f, list_row, &s))) {
		goto out;
	} else if (s.n == 0) {
		printf("%s\n", _("no procedure found"));
	}
out:
	lk_buf_free(&b);
	return rc ? cli_fail(c, rc) : 0;
}

static int steps(struct cli *c, const char *kind)
{
	struct lk_buf b = LK_BUF_INIT(1u << 20);
	int k, from = 0, to = LK_PROC_KIND_N, rc = 0;
	enum lk_proc_kind pk;

	if (kind) {
		if (lk_proc_kind_parse(kind, &pk))
			return cli_usage(c, usage, _("unknown kind %s"), kind);
		from = (int)pk;
		to = from + 1;
	}
	if (c->json && (rc = lk_buf_adds(&b, "{\"kinds\":[")))
		goto out;
	for (k = from; k < to; k++) {
		size_t n, i;
		const struct lk_step_def *d =
		    lk_proc_steps((enum lk_proc_kind)k, &n);
		if (c->json) {
			if ((rc = lk_buf_printf(
				 &b, "%s{\"kind\":", k > from ? "," : "")) ||
			    (rc = lk_json_str(
				 &b, lk_proc_kind_id((enum lk_proc_kind)k))) ||
			    (rc = jstr(
				 &b, "label",
				 lk_proc_kind_text((enum lk_proc_kind)k))) ||
			    (rc = lk_buf_adds(&b, ",\"steps\":[")))
				goto out;
		} else {
			printf("%s (%s)\n",
			       lk_proc_kind_id((enum lk_proc_kind)k),
			       lk_proc_kind_text((enum lk_proc_kind)k));
		}
		for (i = 0; i < n; i++) {
			if (c->json) {
				if ((rc = lk_buf_printf(
					 &b, "%s{\"step\":", i ? "," : "")) ||
				    (rc = lk_json_str(&b, d[i].id)) ||
				    (rc = jstr(&b, "label", _(d[i].text))) ||
				    (rc = jstr(&b, "type",
					       type_id(d[i].type))) ||
				    (rc = lk_buf_addc(&b, '}')))
					goto out;
			} else {
				printf("  %2zu  %-16s %-10s %s\n", i + 1,
				       d[i].id, type_id(d[i].type),
				       _(d[i].text));
			}
		}
		if (c->json && (rc = lk_buf_adds(&b, "]}")))
			goto out;
	}
	if (c->json) {
		if ((rc = lk_buf_adds(&b, "]}\n")))
			goto out;
		fputs(lk_buf_str(&b), stdout);
	}
out:
	lk_buf_free(&b);
	return rc ? cli_fail(c, rc) : 0;
}

static int parse_id(struct cli *c, const char *s, int64_t *id)
{
	if (lk_parse_int64(s, 1, INT64_MAX, id))
		return cli_usage(c, usage, _("%s is not a procedure id"), s);
	return 0;
}

/* After a change: the procedure as JSON, or a line of text. */
static int report(struct cli *c, int64_t id, const char *fmt)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_proc p;
	int rc;

	if (c->json)
		return show(c, id);
	if ((rc = lk_proc_get(&c->ctx, id, &a, &p))) {
		lk_arena_free(&a);
		return cli_fail(c, rc);
	}
	if (fmt)
		printf(fmt, (long long)id, lk_proc_kind_text(p.kind),
		       p.household_no);
	else if (p.nsteps) {
		const struct lk_proc_step_rec *s = &p.steps[p.nsteps - 1];
		printf(_("procedure %lld, household %s: %s %s on %s"),
		       (long long)id, p.household_no, s->step, word(s->outcome),
		       s->date);
	}
	if (p.outcome)
		printf(_("; finished: %s on %s\n"), word(p.outcome),
		       p.finished_on);
	else
		printf("; %s\n", p.waiting ? p.waiting : p.state);
	if (p.warning)
		fprintf(stderr, _("lika: warning: %s\n"), p.warning);
	lk_arena_free(&a);
	return 0;
}

int cmd_procedure(struct cli *c, int argc, char **argv)
{
	struct opts o;
	const char *sub;
	int64_t id;
	int rc, first = 0, n;

	if (argc < 2)
		return cli_usage(c, usage, _("procedure needs a sub-command"));
	sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0)
		return cli_help(usage);
	if ((rc = parse(c, argc - 1, argv + 1, &o, &first)))
		return rc < 0 ? 0 : rc;
	argv += first + 1;
	n = argc - 1 - first;
	if (strcmp(sub, "steps") == 0 && n <= 1)
		return steps(c, n ? argv[0] : NULL);
	if ((rc = cli_open(c, 0)))
		return rc;
	if (strcmp(sub, "start") == 0 && n == 0) {
		struct lk_proc_new p;
		enum lk_proc_kind k;
		if (!o.household || !o.kind)
			return cli_usage(c, usage,
					 _("procedure start needs --household "
					   "and --kind"));
		if (lk_proc_kind_parse(o.kind, &k))
			return cli_usage(c, usage, _("unknown kind %s"),
					 o.kind);
		memset(&p, 0, sizeof p);
		p.household_no = o.household;
		p.kind = k;
		p.year = (int)o.year;
		p.date = o.date;
		p.category = o.category;
		p.risk_types = o.risks;
		p.notes = o.notes;
		if ((rc = lk_proc_start(&c->ctx, &p, &id)))
			return cli_fail(c, rc);
		return report(c, id,
			      _("procedure %lld started: %s of "
				"household %s"));
	}
	if (strcmp(sub, "step") == 0 && (n == 1 || n == 2)) {
		struct lk_step_in in;
		if ((rc = parse_id(c, argv[0], &id)))
			return rc;
		lk_step_in_init(&in);
		in.step = n == 2 ? argv[1] : NULL;
		in.date = o.date;
		in.actor = o.actor;
		in.outcome = o.outcome;
		in.notes = o.notes;
		in.members = o.members;
		in.attending = o.attending;
		in.votes_for = o.votes_for;
		in.votes_against = o.votes_against;
		in.override_reason = o.override;
		if ((rc = lk_proc_step(&c->ctx, id, &in)))
			return cli_fail(c, rc);
		return report(c, id, NULL);
	}
	if (strcmp(sub, "cancel") == 0 && n == 1) {
		if ((rc = parse_id(c, argv[0], &id)))
			return rc;
		if ((rc = lk_proc_cancel(&c->ctx, id, o.date, o.reason)))
			return cli_fail(c, rc);
		return report(c, id,
			      _("procedure %lld (%s of household %s) "
				"cancelled"));
	}
	if (strcmp(sub, "show") == 0 && n == 1) {
		if ((rc = parse_id(c, argv[0], &id)))
			return rc;
		return show(c, id);
	}
	if (strcmp(sub, "list") == 0 && n == 0)
		return list(c, &o);
	if (strcmp(sub, "override") == 0 && n == 0) {
		struct lk_override ov;
		int what = !!o.status + !!o.monitoring + o.risk_elim;
		if (!o.household || what != 1)
			return cli_usage(c, usage,
					 _("override needs --household and one "
					   "of --status, --monitoring and "
					   "--risk-eliminated"));
		memset(&ov, 0, sizeof ov);
		ov.household_no = o.household;
		ov.kind = o.status	 ? "status"
			  : o.monitoring ? "monitoring"
					 : "risk_eliminated";
		ov.value = o.status ? o.status : o.monitoring;
		ov.date = o.date;
		ov.reason = o.reason;
		if ((rc = lk_status_override(&c->ctx, &ov)))
			return cli_fail(c, rc);
		if (c->json) {
			struct lk_buf b = LK_BUF_INIT(1u << 12);
			if (!lk_buf_adds(&b, "{\"overridden\":true") &&
			    !jstr(&b, "household_no", o.household) &&
			    !jstr(&b, "kind", ov.kind) &&
			    !jstr(&b, "value", ov.value) &&
			    !lk_buf_adds(&b, "}\n"))
				fputs(lk_buf_str(&b), stdout);
			lk_buf_free(&b);
		} else
			printf(_("household %s: %s overridden\n"), o.household,
			       ov.kind);
		return 0;
	}
	return cli_usage(c, usage, _("wrong use of procedure %s"), sub);
}
