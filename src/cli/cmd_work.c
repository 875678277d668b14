/* lika cadre | pairing | visit | measure | fund | disbursement | project:
 * the work records from the command line (src/work/work.h). */
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
#include "core/num.h"
#include "view/view.h"
#include "work/work.h"

static const char usage_fmt[] = N_(
	"usage: lika %s add --set KEY=VALUE...\n"
	"       lika %s edit ID --set KEY=VALUE...\n"
	"       lika %s show ID\n"
	"       lika %s list [--region CODE] [--household NO] [--on DATE]\n"
	"                    [--where KEY=VALUE] [--limit N] [--offset N]\n"
	"       lika %s remove ID\n"
	"       lika %s import FILE [--dry-run] [--encoding utf-8|gb18030]\n"
	"       lika %s fields\n"
	"%s"
	"\n"
	"KEY is a field of the record by its English key or Chinese header\n"
	"(lika %s fields lists them); coded values take the code or a label.\n"
	"import reads a CSV file whose header names the fields; an id column\n"
	"updates that record.  A file with any error changes nothing.\n");

static const char pairing_extra[] = N_(
	"       lika pairing unpaired [--region CODE] [--date DATE]\n"
	"       lika pairing load CADRE_ID [--date DATE]\n");
static const char visit_extra[] = N_(
	"       lika visit coverage --year YEAR --round N [--by village|cadre]\n"
	"                           [--region CODE]\n"
	"       lika visit missing --year YEAR --round N [--region CODE]\n"
	"       lika visit overdue [--date DATE] [--region CODE]\n");
static const char fund_extra[] = N_(
	"       lika fund balance [ID] [--region CODE]\n"
	"       lika fund disclosure [--from DATE] [--to DATE] [--region CODE]\n");

static const char team_extra[] = N_(
	"       lika team list --on DATE          (the team as of a date)\n"
	"       lika team days --month YYYY-MM [--region CODE]\n");
static const char party_extra[] = N_(
	"       lika party-member standings --from DATE --to DATE\n"
	"                                   [--region CODE]\n");
static const char employment_extra[] = N_(
	"       lika employment laborers [--date DATE] [--region CODE]\n");

#define MAX_SETS 128

struct wopts {
	const char *set[MAX_SETS];
	int nset;
	const char *region, *household, *where, *date, *from, *to, *by;
	const char *encoding, *on, *month;
	int limit, offset, year, round, dry_run;
};

struct out {
	struct cli *c;
	struct lk_buf *b;
	const struct lk_wkind *k;
	int n;
};

static const char *kind_usage(const struct lk_wkind *k, const char *cmd,
			      char *buf, size_t n)
{
	const char *extra = k == &lk_wk_pairing ? _(pairing_extra)
			    : k == &lk_wk_visit ? _(visit_extra)
			    : k == &lk_wk_fund	? _(fund_extra)
			    : k == &lk_wk_team_member ? _(team_extra)
			    : k == &lk_wk_party_member ? _(party_extra)
			    : k == &lk_wk_employment ? _(employment_extra)
						: "";

	snprintf(buf, n, _(usage_fmt), cmd, cmd, cmd, cmd, cmd, cmd, cmd,
		 extra, cmd);
	return buf;
}

static int int_opt(struct cli *c, const char *usage, const char *name,
		   const char *v, int *out)
{
	int64_t n;

	if (lk_parse_int64(v, 0, 1000000000, &n))
		return cli_usage(c, usage, _("%s needs a number"), name);
	*out = (int)n;
	return 0;
}

static int parse(struct cli *c, const char *usage, int argc, char **argv,
		 struct wopts *o, int *first)
{
	static const struct option lo[] = {
		{"set", 1, 0, 's'},	  {"region", 1, 0, 'r'},
		{"household", 1, 0, 'H'}, {"where", 1, 0, 'w'},
		{"limit", 1, 0, 'l'},	  {"offset", 1, 0, 'o'},
		{"date", 1, 0, 'd'},	  {"from", 1, 0, 'f'},
		{"to", 1, 0, 't'},	  {"by", 1, 0, 'b'},
		{"year", 1, 0, 'y'},	  {"round", 1, 0, 'n'},
		{"dry-run", 0, 0, 'D'},	  {"encoding", 1, 0, 'e'},
		{"on", 1, 0, 'O'},	  {"month", 1, 0, 'm'},
		{"help", 0, 0, 'h'},	  {0, 0, 0, 0}};
	int ch, rc;

	memset(o, 0, sizeof *o);
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		rc = 0;
		switch (ch) {
		case 's':
			if (o->nset == MAX_SETS)
				return cli_usage(c, usage,
						 _("too many --set options"));
			o->set[o->nset++] = optarg;
			break;
		case 'r': o->region = optarg; break;
		case 'H': o->household = optarg; break;
		case 'w': o->where = optarg; break;
		case 'd': o->date = optarg; break;
		case 'f': o->from = optarg; break;
		case 't': o->to = optarg; break;
		case 'b': o->by = optarg; break;
		case 'e': o->encoding = optarg; break;
		case 'O': o->on = optarg; break;
		case 'm': o->month = optarg; break;
		case 'D': o->dry_run = 1; break;
		case 'l': rc = int_opt(c, usage, "--limit", optarg, &o->limit);
			  break;
		case 'o':
			rc = int_opt(c, usage, "--offset", optarg, &o->offset);
			break;
		case 'y': rc = int_opt(c, usage, "--year", optarg, &o->year);
			  break;
		case 'n': rc = int_opt(c, usage, "--round", optarg, &o->round);
			  break;
		case 'h': cli_help(usage); return -1;
		default:
			return cli_usage(c, usage, _("unknown option %s"),
					 argv[optind - 1]);
		}
		if (rc)
			return rc;
	}
	*first = optind;
	return 0;
}

/* Splits "KEY=VALUE" into key (bounded) and a pointer to the value. */
static int split_kv(struct cli *c, const char *kv, char *key, size_t n,
		    const char **value)
{
	const char *eq = strchr(kv, '=');

	if (!eq || eq == kv || (size_t)(eq - kv) >= n) {
		lk_err_set(&c->ctx.err, LK_EUSAGE, _("needs KEY=VALUE, not %s"),
			   kv);
		return LK_EUSAGE;
	}
	memcpy(key, kv, (size_t)(eq - kv));
	key[eq - kv] = '\0';
	*value = eq + 1;
	return 0;
}

static int parse_id(struct cli *c, const char *usage, const char *s,
		    int64_t *id)
{
	if (!s || lk_parse_int64(s, 1, INT64_MAX, id))
		return cli_usage(c, usage, _("needs a record id, not %s"),
				 s ? s : "");
	return 0;
}

/* ---- printing ------------------------------------------------------ */

static void print_rec(struct cli *c, int64_t id, const struct lk_rec *r)
{
	struct lk_buf v = LK_BUF_INIT(1u << 16);
	size_t i;

	printf("  %-24s %lld\n", "id", (long long)id);
	for (i = 0; i < r->t->n; i++) {
		const struct lk_field *f = &r->t->f[i];
		if (!r->v[i])
			continue;
		lk_buf_reset(&v);
		lk_work_show(&c->ctx, f, r->v[i], c->lang, &v);
		printf("  %-24s %s\n", c->lang == LK_LANG_ZH ? f->zh : _(f->en),
		       lk_buf_str(&v));
	}
	lk_buf_free(&v);
}

/* One line of a list: id and the first few known values. */
static int list_row(void *arg, int64_t id, const struct lk_rec *r)
{
	struct out *o = arg;
	struct lk_buf v = LK_BUF_INIT(1u << 16);
	size_t i;
	int rc = 0, shown = 0;

	printf("%-8lld", (long long)id);
	for (i = 0; i < r->t->n && shown < 6; i++) {
		if (!r->v[i])
			continue;
		lk_buf_reset(&v);
		if ((rc = lk_work_show(&o->c->ctx, &r->t->f[i], r->v[i],
				       o->c->lang, &v)))
			break;
		printf("  %.40s", lk_buf_str(&v));
		shown++;
	}
	printf("\n");
	o->n++;
	lk_buf_free(&v);
	return rc;
}

static int json_end(struct out *o, const char *tail)
{
	int rc = lk_buf_adds(o->b, tail);

	if (!rc)
		fputs(lk_buf_str(o->b), stdout);
	return rc;
}

/* ---- add / edit / show / list / remove / import ------------------- */

static int do_put(struct cli *c, const struct lk_wkind *k, int64_t id,
		  const struct wopts *o)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_buf b = LK_BUF_INIT(1u << 20);
	struct lk_rec r;
	char key[128];
	const char *value;
	int64_t nid = id;
	int64_t load, quota;
	size_t i;
	int rc, j;

	lk_rec_init(&r, k->t);
	if (id > 0)
		for (i = 0; i < k->t->n; i++)
			r.v[i] = LK_KEEP;
	for (j = 0; j < o->nset; j++)
		if ((rc = split_kv(c, o->set[j], key, sizeof key, &value)) ||
		    (rc = lk_work_set(&c->ctx, &r, &a, key, value)))
			goto out;
	if ((rc = lk_work_put(&c->ctx, k, id, &r, 0, &nid)))
		goto out;
	if (c->json) {
		if ((rc = lk_view_work(&c->ctx, k, nid, c->lang,
				       LK_VIEW_WORK_QUOTA, &b)) ||
		    (rc = lk_buf_addc(&b, '\n')))
			goto out;
		fputs(lk_buf_str(&b), stdout);
		goto out;
	}
	if ((rc = lk_work_get(&c->ctx, k, nid, &a, &r)))
		goto out;
	printf(id > 0 ? _("%s %lld updated\n") : _("%s %lld added\n"),
	       k->name, (long long)nid);
	/* the helper's quota: a warning, never a refusal */
	if (k == &lk_wk_pairing &&
	    lk_cadre_load(&c->ctx, strtoll(lk_rec_get(&r, "cadre_id"), NULL,
					   10),
			  lk_rec_get(&r, "start_date"), &load, &quota) == 0 &&
	    load > quota)
		fprintf(stderr,
			_("warning: cadre %s is paired with %lld "
			  "households, more than the quota of %lld\n"),
			lk_rec_get(&r, "cadre_id"), (long long)load,
			(long long)quota);
out:
	lk_buf_free(&b);
	lk_arena_free(&a);
	return rc;
}

static int do_show(struct cli *c, const struct lk_wkind *k, int64_t id)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_buf b = LK_BUF_INIT(1u << 20);
	struct lk_rec r;
	int rc;

	if (c->json) {
		if ((rc = lk_view_work(&c->ctx, k, id, c->lang, 0, &b)) ||
		    (rc = lk_buf_addc(&b, '\n')))
			goto out;
		fputs(lk_buf_str(&b), stdout);
	} else {
		if ((rc = lk_work_get(&c->ctx, k, id, &a, &r)))
			goto out;
		printf("%s %lld\n", c->lang == LK_LANG_ZH ? k->zh : _(k->name),
		       (long long)id);
		print_rec(c, id, &r);
	}
out:
	lk_buf_free(&b);
	lk_arena_free(&a);
	return rc;
}

static int do_list(struct cli *c, const struct lk_wkind *k,
		   const struct wopts *o)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_buf b = LK_BUF_INIT(256u << 20), v = LK_BUF_INIT(4096);
	struct lk_wfilter flt = {o->region, o->household, NULL, NULL,
				 o->on,	    o->limit,	  o->offset};
	struct out out = {c, &b, k, 0};
	char key[128];
	const char *value;
	int rc = 0;

	if (o->where) {
		struct lk_rec r;
		int fi;
		lk_rec_init(&r, k->t);
		if ((rc = split_kv(c, o->where, key, sizeof key, &value)) ||
		    (rc = lk_work_set(&c->ctx, &r, &a, key, value)))
			goto out;
		fi = lk_field_find(k->t, key);
		flt.key = k->t->f[fi].key;
		flt.value = r.v[fi] ? r.v[fi] : "";
	}
	if (c->json) {
		if ((rc = lk_view_works(&c->ctx, k, &flt, c->lang,
					LK_VIEW_COUNT_ROWS, &b)))
			goto out;
		rc = json_end(&out, "\n");
	} else if ((rc = lk_work_list(&c->ctx, k, &flt, list_row, &out))) {
		goto out;
	} else if (out.n == 0) {
		printf("%s\n", _("no record found"));
	}
out:
	lk_buf_free(&b);
	lk_buf_free(&v);
	lk_arena_free(&a);
	return rc;
}

static void print_issue(void *arg, const struct lk_wissue *is)
{
	struct out *o = arg;

	if (o->c->json) {
		if (o->n++)
			lk_buf_addc(o->b, ',');
		lk_buf_printf(o->b, "{\"file\":");
		lk_json_str(o->b, is->file);
		lk_buf_printf(o->b, ",\"row\":%zu,\"column\":", is->row);
		lk_json_str(o->b, is->column);
		lk_buf_adds(o->b, ",\"value\":");
		lk_json_str(o->b, is->value);
		lk_buf_adds(o->b, ",\"rule\":");
		lk_json_str(o->b, is->rule);
		lk_buf_adds(o->b, ",\"message\":");
		lk_json_str(o->b, is->message);
		lk_buf_addc(o->b, '}');
		return;
	}
	fprintf(stderr, _("%s:%zu: %s%s%s%s: %s [%s]\n"), is->file, is->row,
		is->column, *is->value ? " \"" : "", is->value,
		*is->value ? "\"" : "", is->message, is->rule);
	o->n++;
}

static int do_import(struct cli *c, const struct lk_wkind *k,
		     const char *path, const struct wopts *o)
{
	struct lk_buf b = LK_BUF_INIT(64u << 20);
	struct out out = {c, &b, k, 0};
	struct lk_wimport_stats st;
	enum csv_encoding enc = CSV_ENC_AUTO;
	int rc;

	if (o->encoding && csv_encoding_parse(o->encoding, &enc)) {
		rc = lk_err_set(&c->ctx.err, LK_EUSAGE,
				_("unknown encoding %s"), o->encoding);
		goto out;
	}
	if (c->json && (rc = lk_buf_adds(&b, "{\"issues\":[")))
		goto out;
	rc = lk_work_import(&c->ctx, k, path, enc, o->dry_run, print_issue,
			    &out, &st);
	if (c->json) {
		int rc2 = lk_buf_printf(&b,
					"],\"imported\":%s,\"rows\":%zu,"
					"\"created\":%zu,\"updated\":%zu,"
					"\"errors\":%zu}\n",
					rc == 0 && !o->dry_run ? "true"
							       : "false",
					st.rows, st.created, st.updated,
					st.errors);
		if (rc == 0 || rc == LK_EINVAL)
			fputs(lk_buf_str(&b), stdout);
		if (rc2 && !rc)
			rc = rc2;
		if (rc == LK_EINVAL) {
			rc = LK_EINVAL;
			lk_buf_free(&b);
			return lk_exit_code(rc);
		}
	} else if (rc == 0) {
		printf(o->dry_run ? _("%s: %zu rows valid (dry run, nothing "
				      "imported)\n")
				  : _("%s: %zu rows imported (%zu created, "
				      "%zu updated)\n"),
		       path, st.rows, st.created, st.updated);
	}
out:
	lk_buf_free(&b);
	return rc;
}

static int do_fields(struct cli *c, const struct lk_wkind *k)
{
	size_t i;

	for (i = 0; i < k->t->n; i++) {
		const struct lk_field *f = &k->t->f[i];
		printf("%-16s %-14s %s%s\n", f->key, f->zh, _(f->en),
		       f->flags & LK_FF_REQUIRED ? _(" (required)") : "");
	}
	(void)c;
	return 0;
}

/* ---- computations -------------------------------------------------- */

static int hh_row(void *arg, const char *no, const char *village,
		  const char *name)
{
	struct out *o = arg;
	int rc;

	if (o->c->json) {
		if ((o->n++ && (rc = lk_buf_addc(o->b, ','))) ||
		    (rc = lk_buf_adds(o->b, "{\"household_no\":")) ||
		    (rc = lk_json_str(o->b, no)) ||
		    (rc = lk_buf_adds(o->b, ",\"village_code\":")) ||
		    (rc = lk_json_str(o->b, village)) ||
		    (rc = lk_buf_adds(o->b, ",\"head_name\":")) ||
		    (rc = lk_json_str(o->b, name)) ||
		    (rc = lk_buf_addc(o->b, '}')))
			return rc;
		return 0;
	}
	printf("%-20s %-14s %s\n", no, village, name ? name : "");
	o->n++;
	return 0;
}

static int hh_list(struct cli *c, const char *name, int rc,
		   struct out *o)
{
	char tail[64];

	if (rc)
		return rc;
	if (c->json) {
		snprintf(tail, sizeof tail, "],\"count\":%d}\n", o->n);
		return json_end(o, tail);
	}
	printf(_("%d households %s\n"), o->n, name);
	return 0;
}

static int cov_row(void *arg, const struct lk_wcov *cv)
{
	(void)arg;
	printf("%-14s %-20s %8lld %8lld %6.1f%%\n",
	       *cv->key ? cv->key : _("total"), cv->name ? cv->name : "",
	       (long long)cv->visited, (long long)cv->households,
	       cv->households ? 100.0 * (double)cv->visited /
					(double)cv->households
			      : 0.0);
	return 0;
}

static int overdue_row(void *arg, int64_t id, const char *no, const char *vd,
		       const char *fd)
{
	struct out *o = arg;
	int rc;

	if (o->c->json) {
		if ((o->n++ && (rc = lk_buf_addc(o->b, ','))) ||
		    (rc = lk_buf_printf(o->b, "{\"visit\":%lld,", (long long)id)) ||
		    (rc = lk_buf_adds(o->b, "\"household_no\":")) ||
		    (rc = lk_json_str(o->b, no)) ||
		    (rc = lk_buf_adds(o->b, ",\"visit_date\":")) ||
		    (rc = lk_json_str(o->b, vd)) ||
		    (rc = lk_buf_adds(o->b, ",\"follow_up_date\":")) ||
		    (rc = lk_json_str(o->b, fd)) ||
		    (rc = lk_buf_addc(o->b, '}')))
			return rc;
		return 0;
	}
	printf("%-8lld %-20s %s %s\n", (long long)id, no, vd, fd);
	o->n++;
	return 0;
}

static int fund_row(void *arg, const struct lk_wfund *f)
{
	struct out *o = arg;
	char a[LK_MONEY_BUFSZ], d[LK_MONEY_BUFSZ], bal[LK_MONEY_BUFSZ];

	lk_money_format(f->amount, a);
	lk_money_format(f->disbursed, d);
	lk_money_format(f->balance, bal);
	printf("%-6lld %-24s %14s %14s %14s %6lld\n", (long long)f->id,
	       f->name, a, d, bal, (long long)f->count);
	o->n++;
	return 0;
}

static int disclose_row(void *arg, const struct lk_wdisclose *d)
{
	struct out *o = arg;
	char a[LK_MONEY_BUFSZ];
	int rc;

	lk_money_format(d->amount, a);
	if (o->c->json) {
		if ((o->n++ && (rc = lk_buf_addc(o->b, ','))) ||
		    (rc = lk_buf_printf(o->b, "{\"id\":%lld,\"fund\":",
					(long long)d->id)) ||
		    (rc = lk_json_str(o->b, d->fund)) ||
		    (rc = lk_buf_adds(o->b, ",\"source_unit\":")) ||
		    (rc = lk_json_str(o->b, d->source_unit)) ||
		    (rc = lk_buf_adds(o->b, ",\"date\":")) ||
		    (rc = lk_json_str(o->b, d->date)) ||
		    (rc = lk_buf_adds(o->b, ",\"recipient\":")) ||
		    (rc = lk_json_str(o->b, d->recipient)) ||
		    (rc = lk_buf_adds(o->b, ",\"group\":")) ||
		    (rc = lk_json_str(o->b, d->group)) ||
		    (rc = lk_buf_adds(o->b, ",\"purpose\":")) ||
		    (rc = lk_json_str(o->b, d->purpose)) ||
		    (rc = lk_buf_adds(o->b, ",\"voucher_no\":")) ||
		    (rc = lk_json_str(o->b, d->voucher_no)) ||
		    (rc = lk_buf_printf(o->b, ",\"amount\":%s}", a)))
			return rc;
		return 0;
	}
	printf("%s  %-20s %-12s %12s  %s  %s\n", d->date, d->fund,
	       d->recipient ? d->recipient : "-", a,
	       d->purpose ? d->purpose : "", d->voucher_no ? d->voucher_no : "");
	o->n++;
	return 0;
}

static int days_row(void *arg, const struct lk_wdays *d)
{
	struct out *o = arg;
	int rc;

	if (o->c->json) {
		if ((o->n++ && (rc = lk_buf_addc(o->b, ','))) ||
		    (rc = lk_buf_printf(o->b, "{\"id\":%lld,\"name\":",
					(long long)d->id)) ||
		    (rc = lk_json_str(o->b, d->name)) ||
		    (rc = lk_buf_adds(o->b, ",\"role\":")) ||
		    (rc = lk_json_str(o->b, d->role)) ||
		    (rc = lk_buf_adds(o->b, ",\"sent_level\":")) ||
		    (rc = lk_json_str(o->b, d->sent_level)) ||
		    (rc = lk_buf_printf(o->b,
					",\"present\":%lld,\"leave\":%lld,"
					"\"travel\":%lld}",
					(long long)d->present,
					(long long)d->leave,
					(long long)d->travel)))
			return rc;
		return 0;
	}
	printf("%-6lld %-12s %-16s %4lld %4lld %4lld\n", (long long)d->id,
	       d->name, d->role, (long long)d->present, (long long)d->leave,
	       (long long)d->travel);
	o->n++;
	return 0;
}

static int standing_row(void *arg, const struct lk_wstanding *st)
{
	struct out *o = arg;
	int rc;

	if (o->c->json) {
		if ((o->n++ && (rc = lk_buf_addc(o->b, ','))) ||
		    (rc = lk_buf_printf(o->b,
					"{\"rank\":%d,\"id\":%lld,"
					"\"party_branch_id\":%lld,\"name\":",
					st->rank, (long long)st->id,
					(long long)st->branch_id)) ||
		    (rc = lk_json_str(o->b, st->name)) ||
		    (rc = lk_buf_adds(o->b, ",\"kind\":")) ||
		    (rc = lk_json_str(o->b, st->kind)) ||
		    (rc = lk_buf_printf(o->b,
					",\"base\":%lld,\"points\":%lld,"
					"\"total\":%lld}",
					(long long)st->base,
					(long long)st->points,
					(long long)st->total)))
			return rc;
		return 0;
	}
	printf("%3d  %-6lld %-12s %6lld %6lld %6lld\n", st->rank,
	       (long long)st->id, st->name, (long long)st->base,
	       (long long)st->points, (long long)st->total);
	o->n++;
	return 0;
}

static int labour_row(void *arg, const struct lk_wlabour *l)
{
	struct out *o = arg;
	int rc;

	if (o->c->json) {
		if ((o->n++ && (rc = lk_buf_addc(o->b, ','))) ||
		    (rc = lk_buf_adds(o->b, "{\"household_no\":")) ||
		    (rc = lk_json_str(o->b, l->household_no)) ||
		    (rc = lk_buf_adds(o->b, ",\"village_code\":")) ||
		    (rc = lk_json_str(o->b, l->village)) ||
		    (rc = lk_buf_adds(o->b, ",\"head_name\":")) ||
		    (rc = lk_json_str(o->b, l->head_name)) ||
		    (rc = lk_buf_printf(o->b,
					",\"members\":%lld,\"laborers\":%lld,"
					"\"employed\":%lld}",
					(long long)l->members,
					(long long)l->laborers,
					(long long)l->employed)))
			return rc;
		return 0;
	}
	printf("%-20s %-10s %4lld %4lld %4lld\n", l->household_no,
	       l->head_name, (long long)l->members, (long long)l->laborers,
	       (long long)l->employed);
	o->n++;
	return 0;
}

static void today(char out[LK_DATE_BUFSZ])
{
	lk_date_format(lk_today(), out);
}

static int do_extra(struct cli *c, const struct lk_wkind *k, const char *sub,
		    const char *usage, const struct wopts *o, int argc,
		    char **argv, int first, int *handled)
{
	struct lk_buf b = LK_BUF_INIT(256u << 20);
	struct out out = {c, &b, k, 0};
	char date[LK_DATE_BUFSZ];
	struct lk_wround rd;
	int rc = 0;

	*handled = 1;
	if (o->date)
		snprintf(date, sizeof date, "%.10s", o->date);
	else
		today(date);
	if (k == &lk_wk_pairing && strcmp(sub, "unpaired") == 0) {
		if (c->json && (rc = lk_buf_adds(&b, "{\"households\":[")))
			goto out;
		rc = hh_list(c, _("without a current helper"),
			     lk_work_unpaired(&c->ctx, o->region, date, hh_row,
					      &out),
			     &out);
	} else if (k == &lk_wk_pairing && strcmp(sub, "load") == 0) {
		int64_t id, n, quota;
		if (first >= argc) {
			rc = cli_usage(c, usage, _("load needs a cadre id"));
			rc = -rc - 100; /* exit code, not an error */
			goto out;
		}
		if ((rc = parse_id(c, usage, argv[first], &id))) {
			rc = -rc - 100;
			goto out;
		}
		if ((rc = lk_cadre_load(&c->ctx, id, date, &n, &quota)))
			goto out;
		if (c->json)
			printf("{\"cadre_id\":%lld,\"date\":\"%s\","
			       "\"households\":%lld,\"quota\":%lld,"
			       "\"over\":%s}\n",
			       (long long)id, date, (long long)n,
			       (long long)quota, n > quota ? "true" : "false");
		else
			printf(_("cadre %lld: %lld households on %s, quota "
				 "%lld%s\n"),
			       (long long)id, (long long)n, date,
			       (long long)quota,
			       n > quota ? _(" (over the quota)") : "");
	} else if (k == &lk_wk_visit && (strcmp(sub, "coverage") == 0 ||
					  strcmp(sub, "missing") == 0)) {
		if (!o->year || !o->round) {
			rc = -cli_usage(c, usage,
					_("%s needs --year and --round"), sub) -
			     100;
			goto out;
		}
		if ((rc = lk_visit_round(&c->ctx, o->region, o->year, o->round,
					 &rd)))
			goto out;
		if (strcmp(sub, "missing") == 0) {
			if (c->json &&
			    (rc = lk_buf_printf(&b,
						"{\"round\":{\"year\":%d,\"n\":"
						"%d,\"from\":\"%s\",\"to\":"
						"\"%s\"},\"households\":[",
						rd.year, rd.n, rd.from, rd.to)))
				goto out;
			rc = hh_list(c, _("not visited in the round"),
				     lk_visit_missing(&c->ctx, o->region, &rd,
						      hh_row, &out),
				     &out);
			goto out;
		}
		{
			enum lk_cov_by by = LK_COV_VILLAGE;
			if (o->by && strcmp(o->by, "cadre") == 0)
				by = LK_COV_CADRE;
			else if (o->by && strcmp(o->by, "village") != 0) {
				rc = -cli_usage(c, usage,
						_("--by is village or cadre")) -
				     100;
				goto out;
			}
			if (c->json) {
				if (!(rc = lk_view_visit_coverage(
					      &c->ctx, o->region, &rd, by,
					      &b)))
					rc = json_end(&out, "\n");
				goto out;
			}
			if (!c->json)
				printf(_("round %d of %d: %s to %s\n"), rd.n,
				       rd.year, rd.from, rd.to);
			if ((rc = lk_visit_coverage(&c->ctx, o->region, &rd,
						    by, cov_row, &out)))
				goto out;
		}
	} else if (k == &lk_wk_visit && strcmp(sub, "overdue") == 0) {
		if (c->json && (rc = lk_buf_adds(&b, "{\"overdue\":[")))
			goto out;
		if ((rc = lk_visit_overdue(&c->ctx, o->region, date,
					   overdue_row, &out)))
			goto out;
		if (c->json)
			rc = json_end(&out, "]}\n");
		else
			printf(_("%d follow-ups overdue on %s\n"), out.n,
			       date);
	} else if (k == &lk_wk_fund && strcmp(sub, "balance") == 0) {
		int64_t id = 0;
		if (first < argc && (rc = parse_id(c, usage, argv[first], &id))) {
			rc = -rc - 100;
			goto out;
		}
		if (c->json) {
			if (!(rc = lk_view_fund_balance(&c->ctx, o->region, id,
							&b)))
				rc = json_end(&out, "\n");
			goto out;
		}
		rc = lk_fund_balance(&c->ctx, o->region, id, fund_row, &out);
	} else if (k == &lk_wk_fund && strcmp(sub, "disclosure") == 0) {
		if (c->json && (rc = lk_buf_adds(&b, "{\"disclosure\":[")))
			goto out;
		if ((rc = lk_fund_disclosure(&c->ctx, o->region, o->from,
					     o->to, disclose_row, &out)))
			goto out;
		if (c->json)
			rc = json_end(&out, "]}\n");
	} else if (k == &lk_wk_team_member && strcmp(sub, "days") == 0) {
		if (!o->month) {
			rc = -cli_usage(c, usage, _("days needs --month")) -
			     100;
			goto out;
		}
		if (c->json && (rc = lk_buf_printf(&b,
						   "{\"month\":\"%.7s\","
						   "\"members\":[",
						   o->month)))
			goto out;
		if ((rc = lk_team_days(&c->ctx, o->region, o->month,
				       days_row, &out)))
			goto out;
		if (c->json)
			rc = json_end(&out, "]}\n");
	} else if (k == &lk_wk_party_member &&
		   strcmp(sub, "standings") == 0) {
		if (!o->from || !o->to) {
			rc = -cli_usage(c, usage,
					_("standings needs --from and --to")) -
			     100;
			goto out;
		}
		if (c->json && (rc = lk_buf_adds(&b, "{\"standings\":[")))
			goto out;
		if ((rc = lk_party_standings(&c->ctx, o->region, o->from,
					     o->to, standing_row, &out)))
			goto out;
		if (c->json)
			rc = json_end(&out, "]}\n");
	} else if (k == &lk_wk_employment && strcmp(sub, "laborers") == 0) {
		if (c->json && (rc = lk_buf_adds(&b, "{\"households\":[")))
			goto out;
		if ((rc = lk_work_laborers(&c->ctx, o->region, date,
					   labour_row, &out)))
			goto out;
		if (c->json)
			rc = json_end(&out, "]}\n");
	} else {
		*handled = 0;
	}
out:
	lk_buf_free(&b);
	return rc;
}

/* Command names that differ from their kind's name. */
static const struct {
	const char *cmd, *kind;
} aliases[] = {
	{"team", "team_member"},
	{"branch", "party_branch"},
	{"party-member", "party_member"},
	{"party-activity", "party_activity"},
	{"points", "party_points"},
	{"village-profile", "village_profile"},
	{"village-item", "village_item"},
};

static const struct lk_wkind *kind_of(const char *cmd)
{
	size_t i;

	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(aliases[i].cmd, cmd) == 0)
			return lk_work_kind(aliases[i].kind);
	return lk_work_kind(cmd);
}

int cmd_work(struct cli *c, int argc, char **argv)
{
	const struct lk_wkind *k = kind_of(argv[0]);
	char usage[4096];
	const char *sub;
	struct wopts o;
	int64_t id = 0;
	int rc, first = 0, handled = 0;

	if (!k) {
		fprintf(stderr, _("lika: unknown command %s\n"), argv[0]);
		return 1;
	}
	kind_usage(k, argv[0], usage, sizeof usage);
	if (argc < 2)
		return cli_usage(c, usage, _("missing sub-command"));
	sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0)
		return cli_help(usage);
	if ((rc = parse(c, usage, argc - 1, argv + 1, &o, &first)))
		return rc < 0 ? 0 : rc;
	first++; /* argv + 1 was parsed */
	if (strcmp(sub, "fields") == 0)
		return do_fields(c, k);
	if ((rc = cli_open(c, 0)))
		return rc;
	if (strcmp(sub, "add") == 0) {
		if (!o.nset)
			return cli_usage(c, usage, _("add needs --set"));
		rc = do_put(c, k, 0, &o);
	} else if (strcmp(sub, "edit") == 0 || strcmp(sub, "show") == 0 ||
		   strcmp(sub, "remove") == 0) {
		if (first >= argc || parse_id(c, usage, argv[first], &id))
			return first >= argc
				       ? cli_usage(c, usage,
						   _("%s needs a record id"),
						   sub)
				       : 1;
		if (sub[0] == 'e') {
			if (!o.nset)
				return cli_usage(c, usage,
						 _("edit needs --set"));
			rc = do_put(c, k, id, &o);
		} else if (sub[0] == 's') {
			rc = do_show(c, k, id);
		} else if ((rc = lk_work_remove(&c->ctx, k, id)) == 0) {
			if (c->json) {
				struct lk_buf b = LK_BUF_INIT(256);
				if (!(rc = lk_view_work_removed(k, id, &b)) &&
				    !(rc = lk_buf_addc(&b, '\n')))
					fputs(lk_buf_str(&b), stdout);
				lk_buf_free(&b);
			} else
				printf(_("%s %lld removed\n"), k->name,
				       (long long)id);
		}
	} else if (strcmp(sub, "list") == 0) {
		rc = do_list(c, k, &o);
	} else if (strcmp(sub, "import") == 0) {
		if (first >= argc)
			return cli_usage(c, usage, _("import needs a file"));
		rc = do_import(c, k, argv[first], &o);
		if (rc > 0)
			return rc; /* exit code, issues printed */
	} else {
		rc = do_extra(c, k, sub, usage, &o, argc, argv, first,
			      &handled);
		if (rc < -100)
			return -(rc + 100);
		if (!handled)
			return cli_usage(c, usage, _("unknown sub-command %s"),
					 sub);
	}
	return rc ? cli_fail(c, rc) : 0;
}
