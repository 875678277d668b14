/* The indicator engine: one aggregate query per source, drill-downs,
 * formatting and JSON (see indicator.h). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/json.h"
#include "core/money.h"
#include "indicator/ind_int.h"
#include "policy/policy.h"
#include "registry/household.h"
#include "registry/region.h"
#include "store/db.h"

#define MAX_SRC 32

/* The aggregate query of each source, built once per process. */
static struct srcq {
	const struct lk_ind_src *src;
	char *sql; /* NULL if building it failed (out of memory) */
} srcs[MAX_SRC];
static size_t nsrcs;
static pthread_once_t srcs_once = PTHREAD_ONCE_INIT;

/* Appends agg with every "$P" replaced by "(pred)". */
static int add_agg(struct lk_buf *b, const char *agg, const char *pred)
{
	const char *p;
	int rc = 0;

	while (!rc && (p = strstr(agg, "$P")) != NULL) {
		if ((rc = lk_buf_add(b, agg, (size_t)(p - agg))) ||
		    (rc = lk_buf_addc(b, '(')) || (rc = lk_buf_adds(b, pred)) ||
		    (rc = lk_buf_addc(b, ')')))
			break;
		agg = p + 2;
	}
	return rc ? rc : lk_buf_adds(b, agg);
}

static void build_srcs(void)
{
	size_t i, j;

	for (i = 0; i < lk_ind_count; i++) {
		const struct lk_ind_src *s = lk_indicators[i].src;

		if (!s)
			continue;
		for (j = 0; j < nsrcs && srcs[j].src != s; j++)
			;
		if (j == nsrcs && nsrcs < MAX_SRC)
			srcs[nsrcs++].src = s;
	}
	for (j = 0; j < nsrcs; j++) {
		struct lk_buf b;
		int rc = 0, first = 1;

		lk_buf_init(&b, 1 << 20);
		rc = lk_buf_adds(&b, "SELECT ");
		for (i = 0; !rc && i < lk_ind_count; i++) {
			const struct lk_ind *d = &lk_indicators[i];

			if (d->src != srcs[j].src)
				continue;
			if (!first)
				rc = lk_buf_adds(&b, ", ");
			first = 0;
			if (!rc)
				rc = add_agg(&b, d->agg, d->pred);
		}
		if (!rc && !(rc = lk_buf_adds(&b, " FROM (")) &&
		    !(rc = lk_buf_adds(&b, srcs[j].src->base)))
			rc = lk_buf_adds(&b, ") b");
		if (rc) {
			lk_buf_free(&b);
			continue;
		}
		srcs[j].sql = lk_buf_take(&b);
	}
}

const struct lk_ind *lk_ind_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < lk_ind_count; i++)
		if (strcmp(lk_indicators[i].name, name) == 0)
			return &lk_indicators[i];
	return NULL;
}

const char *lk_ind_label(const struct lk_ind *d, enum lk_lang lang)
{
	return lang == LK_LANG_ZH ? d->zh : d->en;
}

const char *lk_ind_def(const struct lk_ind *d, enum lk_lang lang)
{
	return lang == LK_LANG_ZH ? d->def_zh : d->def_en;
}

static const struct {
	const char *name, *en, *zh;
} units[] = {
	[LK_UNIT_HOUSEHOLDS] = {"households", "households", "户"},
	[LK_UNIT_PEOPLE] = {"people", "people", "人"},
	[LK_UNIT_COUNT] = {"count", "", "个"},
	[LK_UNIT_HEADS] = {"heads", "head", "头（只）"},
	[LK_UNIT_YUAN] = {"yuan", "yuan", "元"},
	[LK_UNIT_KM] = {"km", "km", "公里"},
	[LK_UNIT_M] = {"m", "m", "米"},
	[LK_UNIT_MU] = {"mu", "mu", "亩"},
	[LK_UNIT_HA] = {"ha", "ha", "公顷"},
	[LK_UNIT_KM2] = {"km2", "km²", "平方公里"},
	[LK_UNIT_KG] = {"kg", "kg", "公斤"},
	[LK_UNIT_PERCENT] = {"percent", "%", "%"},
	[LK_UNIT_YEAR] = {"year", "", "年"},
	[LK_UNIT_DATE] = {"date", "", ""},
	[LK_UNIT_TEXT] = {"text", "", ""},
};

const char *lk_unit_name(enum lk_unit u)
{
	return units[u].name;
}

const char *lk_unit_label(enum lk_unit u, enum lk_lang lang)
{
	return lang == LK_LANG_ZH ? units[u].zh : units[u].en;
}

int lk_ind_drillable(const struct lk_ind *d)
{
	return d->src != NULL;
}

/* ---- computing ------------------------------------------------------ */

struct params {
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX];
	char first[11], last[11];
	int year;
	int has_line;
	int64_t line;
};

static int params_init(struct lk_ctx *ctx, const char *region, int year,
		       struct params *p)
{
	int rc;

	memset(p, 0, sizeof *p);
	if (year < 1949 || year > 2100)
		return lk_err_set(&ctx->err, LK_EINVAL,
				  _("year %d is outside 1949..2100"), year);
	if ((rc = lk_scope_range(ctx, region, p->lo, p->hi)))
		return rc;
	p->year = year;
	snprintf(p->first, sizeof p->first, "%04d-01-01", year);
	snprintf(p->last, sizeof p->last, "%04d-12-31", year);
	rc = lk_policy_money(ctx, "poverty_line", p->lo, year, &p->line);
	if (rc == LK_ENOTFOUND || rc == LK_EINVAL)
		lk_err_set(&ctx->err, 0, NULL);
	else if (rc)
		return rc;
	else
		p->has_line = 1;
	return 0;
}

/* Binds the parameters the statement uses (sources use some of them). */
static void bind_params(struct db_stmt *st, const struct params *p)
{
	int n = db_param_count(st);

	if (n >= 1)
		db_bind_text(st, 1, p->lo, -1);
	if (n >= 2)
		db_bind_text(st, 2, p->hi, -1);
	if (n >= 3)
		db_bind_int64(st, 3, p->year);
	if (n >= 4)
		db_bind_text(st, 4, p->last, -1);
	if (n >= 5)
		db_bind_text(st, 5, p->first, -1);
	if (n >= 6 && p->has_line)
		db_bind_int64(st, 6, p->line);
	else if (n >= 6)
		db_bind_null(st, 6);
}

static void read_value(struct db_stmt *st, int col, const struct lk_ind *d,
		       struct lk_ind_value *v)
{
	if (db_col_is_null(st, col))
		return;
	v->known = 1;
	if (d->unit == LK_UNIT_DATE || d->unit == LK_UNIT_TEXT)
		snprintf(v->text, sizeof v->text, "%s", db_col_text(st, col));
	else
		v->v = db_col_int64(st, col);
}

static int run_source(struct lk_ctx *ctx, const struct srcq *q,
		      const struct params *p, struct lk_ind_set *s)
{
	struct db_stmt *st = NULL;
	size_t i;
	int rc, col = 0;

	if (!q->sql)
		return lk_err_set(&ctx->err, LK_ENOMEM, _("out of memory"));
	if ((rc = db_prepare_static(ctx->db, q->sql, &st, &ctx->err)))
		return rc;
	bind_params(st, p);
	rc = db_step(st, &ctx->err);
	if (rc == DB_ROW) {
		for (i = 0; i < lk_ind_count; i++)
			if (lk_indicators[i].src == q->src)
				read_value(st, col++, &lk_indicators[i],
					   &s->v[i]);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 0;
	}
	db_done(st);
	return rc;
}

static int set_region(struct lk_ctx *ctx, const struct params *p,
		      enum lk_lang lang, struct lk_ind_set *s)
{
	struct lk_region r;
	int rc;

	snprintf(s->region, sizeof s->region, "%s", p->lo);
	snprintf(s->lo, sizeof s->lo, "%s", p->lo);
	snprintf(s->hi, sizeof s->hi, "%s", p->hi);
	s->year = p->year;
	s->lang = lang;
	snprintf(s->as_of, sizeof s->as_of, "%s", p->last);
	s->level = p->lo[0] ? lk_region_level_of(p->lo) : 0;
	if (!p->lo[0]) {
		snprintf(s->region_name, sizeof s->region_name, "%s",
			 lk_gettext_lang(lang, N_("the whole ledger")));
		return 0;
	}
	rc = lk_region_get(ctx, p->lo, &r);
	if (rc == LK_ENOTFOUND)
		return lk_err_set(&ctx->err, LK_ENOTFOUND,
				  _("region %s is not in the ledger "
				    "(lika regions load)"),
				  p->lo);
	if (!rc)
		snprintf(s->region_name, sizeof s->region_name, "%s", r.name);
	return rc;
}

/* The values computed from the ledger alone (LK_IND_ALONE: above all
 * findings_errors, the data-quality check, which costs as much as all
 * the sources together) run on a thread of their own, with a second
 * connection, while the sources run.  Without a second CPU or a second
 * connection (an in-memory ledger, or the caller's transaction open)
 * they run in line with the other derived values.  Either way they read
 * the committed ledger. */
struct side {
	pthread_t t;
	struct lk_ctx ctx; /* the thread's: its own connection and caches */
	struct lk_ind_set *s;
	enum lk_lang lang;
	int rc;
};

static void *side_run(void *arg)
{
	struct side *sd = arg;
	size_t i;

	lk_i18n_set(sd->lang);
	for (i = 0; !sd->rc && i < lk_ind_count; i++)
		if (lk_indicators[i].flags & LK_IND_ALONE)
			sd->rc = lk_ind_derive(&sd->ctx, &lk_indicators[i],
					       sd->s, &sd->s->v[i]);
	return NULL;
}

/* 1 if the thread runs (side_join() must follow), else 0. */
static int side_start(struct lk_ctx *ctx, struct lk_ind_set *s,
		      struct side *sd)
{
	memset(sd, 0, sizeof *sd);
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return 0;
	sd->ctx.user = ctx->user;
	sd->ctx.scope = ctx->scope;
	sd->ctx.cadre = ctx->cadre;
	sd->s = s;
	sd->lang = lk_i18n_get();
	if (db_open_sibling(ctx->db, DB_READONLY, &sd->ctx.db, &sd->ctx.err))
		return 0;
	if (pthread_create(&sd->t, NULL, side_run, sd) == 0)
		return 1;
	db_close(sd->ctx.db);
	return 0;
}

static int side_join(struct lk_ctx *ctx, struct side *sd)
{
	pthread_join(sd->t, NULL);
	if (sd->rc)
		ctx->err = sd->ctx.err;
	lk_registry_release(&sd->ctx);
	db_close(sd->ctx.db);
	return sd->rc;
}

int lk_ind_compute_some(struct lk_ctx *ctx, const char *region, int year,
			enum lk_lang lang, const char *const *names, size_t n,
			struct lk_ind_set *out)
{
	unsigned char need[MAX_SRC] = {0};
	struct params p;
	struct side sd;
	size_t i, k;
	int rc, all = n == 0, side = 0;

	memset(out, 0, sizeof *out);
	pthread_once(&srcs_once, build_srcs);
	for (k = 0; k < n; k++) {
		const struct lk_ind *d = lk_ind_find(names[k]);

		if (!d)
			return lk_err_set(&ctx->err, LK_ENOTFOUND,
					  _("unknown indicator %s (lika "
					    "indicators --list)"),
					  names[k]);
		if (!d->src) /* computed from others: read everything */
			all = 1;
		for (i = 0; i < nsrcs; i++)
			if (srcs[i].src == d->src)
				need[i] = 1;
	}
	if ((rc = params_init(ctx, region, year, &p)) ||
	    (rc = set_region(ctx, &p, lang, out)))
		return rc;
	out->v = calloc(lk_ind_count, sizeof *out->v);
	if (!out->v)
		return lk_err_set(&ctx->err, LK_ENOMEM, _("out of memory"));
	side = all && side_start(ctx, out, &sd);
	for (i = 0; !rc && i < nsrcs; i++)
		if (all || need[i])
			rc = run_source(ctx, &srcs[i], &p, out);
	if (side) {
		int x = side_join(ctx, &sd);

		if (!rc)
			rc = x;
	}
	for (i = 0; !rc && all && i < lk_ind_count; i++)
		if (!lk_indicators[i].src &&
		    !(side && (lk_indicators[i].flags & LK_IND_ALONE)))
			rc = lk_ind_derive(ctx, &lk_indicators[i], out,
					   &out->v[i]);
	return rc;
}

int lk_ind_compute(struct lk_ctx *ctx, const char *region, int year,
		   enum lk_lang lang, struct lk_ind_set *out)
{
	return lk_ind_compute_some(ctx, region, year, lang, NULL, 0, out);
}

void lk_ind_set_free(struct lk_ind_set *s)
{
	size_t i, j;

	if (!s->v)
		return;
	for (i = 0; i < lk_ind_count; i++) {
		for (j = 0; j < s->v[i].nitems; j++)
			free(s->v[i].items[j]);
		free(s->v[i].items);
	}
	free(s->v);
	s->v = NULL;
}

const struct lk_ind_value *lk_ind_get(const struct lk_ind_set *s,
				      const char *name)
{
	const struct lk_ind *d = lk_ind_find(name);

	return d && s->v ? &s->v[d - lk_indicators] : NULL;
}

/* ---- one indicator: children and drill-downs ----------------------- */

/* The value of d alone over p's range (a query of its own). */
static int value_of(struct lk_ctx *ctx, const struct lk_ind *d,
		    const struct params *p, struct lk_ind_value *v)
{
	struct lk_buf b;
	struct db_stmt *st = NULL;
	int rc;

	memset(v, 0, sizeof *v);
	lk_buf_init(&b, 1 << 20);
	if ((rc = lk_buf_adds(&b, "SELECT ")) ||
	    (rc = add_agg(&b, d->agg, d->pred)) ||
	    (rc = lk_buf_adds(&b, " FROM (")) ||
	    (rc = lk_buf_adds(&b, d->src->base)) ||
	    (rc = lk_buf_adds(&b, ") b")) ||
	    (rc = db_prepare(ctx->db, lk_buf_str(&b), &st, &ctx->err)))
		goto out;
	bind_params(st, p);
	rc = db_step(st, &ctx->err);
	if (rc == DB_ROW)
		read_value(st, 0, d, v);
	rc = rc < 0 ? rc : 0;
out:
	db_done(st);
	lk_buf_free(&b);
	return rc;
}

struct kids {
	struct lk_ctx *ctx;
	const struct lk_ind *d;
	int year;
	enum lk_lang lang;
	int (*fn)(void *arg, const struct lk_ind_child *c);
	void *arg;
};

static int kid(void *arg, const struct lk_region *r)
{
	struct kids *k = arg;
	struct lk_ind_child c;
	struct lk_ind_value v;
	struct lk_ind_set s;
	struct params p;
	int rc;

	if (lk_scope_check(k->ctx, r->code)) { /* outside: not listed */
		lk_err_set(&k->ctx->err, 0, NULL);
		return 0;
	}
	c.region = r->code;
	c.name = r->name;
	if (k->d->src) {
		if ((rc = params_init(k->ctx, r->code, k->year, &p)) ||
		    (rc = value_of(k->ctx, k->d, &p, &v)))
			return rc;
		c.v = &v;
		return k->fn(k->arg, &c);
	}
	rc = lk_ind_compute(k->ctx, r->code, k->year, k->lang, &s);
	if (!rc) {
		c.v = &s.v[k->d - lk_indicators];
		rc = k->fn(k->arg, &c);
	}
	lk_ind_set_free(&s);
	return rc;
}

int lk_ind_children(struct lk_ctx *ctx, const char *region, int year,
		    enum lk_lang lang, const struct lk_ind *d,
		    int (*fn)(void *arg, const struct lk_ind_child *c),
		    void *arg)
{
	struct kids k = {ctx, d, year, lang, fn, arg};
	struct params p;
	int rc;

	if ((rc = params_init(ctx, region, year, &p)))
		return rc;
	return lk_region_children(ctx, p.lo, kid, &k);
}

int lk_ind_drill(struct lk_ctx *ctx, const struct lk_ind *d,
		 const char *region, int year,
		 int (*fn)(void *arg, const struct lk_drill_row *r), void *arg,
		 long long *count)
{
	enum { MAXC = 32 };
	struct lk_buf b;
	struct db_stmt *st = NULL;
	struct params p;
	const char *names[MAXC], *values[MAXC];
	struct lk_drill_row row;
	int rc, i, n;

	*count = 0;
	if (!d->src)
		return lk_err_set(&ctx->err, LK_ENOTFOUND,
				  _("indicator %s has no drill-down"), d->name);
	lk_buf_init(&b, 1 << 20);
	if ((rc = params_init(ctx, region, year, &p)) ||
	    (rc = lk_buf_adds(&b, "SELECT ")) ||
	    (rc = lk_buf_adds(&b, d->src->drill)) ||
	    (rc = lk_buf_adds(&b, " FROM (")) ||
	    (rc = lk_buf_adds(&b, d->src->base)) ||
	    (rc = lk_buf_adds(&b, ") b WHERE ")) ||
	    (rc = lk_buf_adds(&b, d->pred)) ||
	    (rc = lk_buf_adds(&b, " ORDER BY ")) ||
	    (rc = lk_buf_adds(&b, d->src->order)) ||
	    (rc = db_prepare(ctx->db, lk_buf_str(&b), &st, &ctx->err)))
		goto out;
	bind_params(st, &p);
	n = db_col_count(st);
	if (n > MAXC)
		n = MAXC;
	for (i = 0; i < n; i++)
		names[i] = db_col_name(st, i);
	row.n = (size_t)n;
	row.names = names;
	row.values = NULL;
	if ((rc = fn(arg, &row)))
		goto out;
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		for (i = 0; i < n; i++)
			values[i] = db_col_text(st, i);
		row.values = values;
		++*count;
		if ((rc = fn(arg, &row)))
			goto out;
	}
	rc = rc < 0 ? rc : 0;
out:
	db_done(st);
	lk_buf_free(&b);
	return rc;
}

/* ---- formatting ------------------------------------------------------ */

static int scaled(enum lk_unit u)
{
	return u == LK_UNIT_YUAN || u == LK_UNIT_KM || u == LK_UNIT_MU ||
	       u == LK_UNIT_HA || u == LK_UNIT_KM2 || u == LK_UNIT_PERCENT;
}

static int is_text(enum lk_unit u)
{
	return u == LK_UNIT_DATE || u == LK_UNIT_TEXT;
}

int lk_ind_format_ok(const struct lk_ind *d, const char *fmt)
{
	enum lk_unit u = d->unit;

	if (!fmt || !*fmt)
		return 1;
	if (d->flags & LK_IND_LIST)
		return 0;
	if (strcmp(fmt, "text") == 0)
		return 1;
	if (strcmp(fmt, "date") == 0 || strcmp(fmt, "month") == 0)
		return u == LK_UNIT_DATE;
	if (is_text(u))
		return 0;
	if (strcmp(fmt, "int") == 0 || strcmp(fmt, "dec") == 0)
		return 1;
	if (strcmp(fmt, "yuan") == 0 || strcmp(fmt, "wan") == 0)
		return u == LK_UNIT_YUAN;
	if (strcmp(fmt, "km") == 0)
		return u == LK_UNIT_KM;
	if (strcmp(fmt, "pct") == 0)
		return u == LK_UNIT_PERCENT;
	if (strcmp(fmt, "year") == 0)
		return u == LK_UNIT_YEAR;
	return 0;
}

/* hundredths -> "8.5", "12", "0.05" (trailing zeros dropped) */
static int add_dec(struct lk_buf *out, int64_t v)
{
	char s[32];
	int64_t a = v < 0 ? -v : v;

	if (a % 100 == 0)
		snprintf(s, sizeof s, "%s%lld", v < 0 ? "-" : "",
			 (long long)(a / 100));
	else if (a % 10 == 0)
		snprintf(s, sizeof s, "%s%lld.%lld", v < 0 ? "-" : "",
			 (long long)(a / 100), (long long)(a % 100 / 10));
	else
		snprintf(s, sizeof s, "%s%lld.%02lld", v < 0 ? "-" : "",
			 (long long)(a / 100), (long long)(a % 100));
	return lk_buf_adds(out, s);
}

static int add_date(struct lk_buf *out, const char *t, int month_only,
		    enum lk_lang lang)
{
	static const char *const months[] = {
		N_("January"), N_("February"), N_("March"),
		N_("April"),   N_("May"),      N_("June"),
		N_("July"),    N_("August"),   N_("September"),
		N_("October"), N_("November"), N_("December")};
	int y, m, d;
	char s[64];

	if (sscanf(t, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12)
		return lk_buf_adds(out, t);
	if (lang == LK_LANG_ZH)
		snprintf(s, sizeof s, month_only ? "%d年%d月" : "%d年%d月%d日",
			 y, m, d);
	else if (month_only)
		snprintf(s, sizeof s, "%s %d",
			 lk_gettext_lang(lang, months[m - 1]), y);
	else
		snprintf(s, sizeof s, "%d %s %d", d,
			 lk_gettext_lang(lang, months[m - 1]), y);
	return lk_buf_adds(out, s);
}

int lk_ind_format(const struct lk_ind *d, const struct lk_ind_value *v,
		  const char *fmt, enum lk_lang lang, struct lk_buf *out)
{
	char s[LK_MONEY_BUFSZ];

	if (!lk_ind_format_ok(d, fmt))
		return LK_EINVAL;
	if (!v || !v->known)
		return lk_buf_adds(out, lang == LK_LANG_ZH ? "—" : "-");
	if (!fmt || !*fmt)
		fmt = d->unit == LK_UNIT_YUAN	   ? "yuan"
		      : d->unit == LK_UNIT_PERCENT ? "pct"
		      : d->unit == LK_UNIT_DATE    ? "date"
		      : is_text(d->unit)	   ? "text"
		      : scaled(d->unit)		   ? "dec"
						   : "int";
	if (strcmp(fmt, "text") == 0 && is_text(d->unit))
		return lk_buf_adds(out, v->text);
	if (strcmp(fmt, "date") == 0 || strcmp(fmt, "month") == 0)
		return add_date(out, v->text, fmt[0] == 'm', lang);
	if (strcmp(fmt, "yuan") == 0) {
		lk_money_format(v->v, s);
		return lk_buf_adds(out, s);
	}
	if (strcmp(fmt, "wan") == 0) {
		lk_money_format_wan(v->v, s);
		return lk_buf_adds(out, s);
	}
	if (strcmp(fmt, "pct") == 0) {
		if (add_dec(out, (v->v + (v->v >= 0 ? 5 : -5)) / 10 * 10))
			return LK_ENOMEM;
		return lk_buf_addc(out, '%');
	}
	if (scaled(d->unit) && strcmp(fmt, "int") != 0)
		return add_dec(out, v->v);
	snprintf(s, sizeof s, "%lld",
		 (long long)(scaled(d->unit)
				     ? (v->v + (v->v >= 0 ? 50 : -50)) / 100
				     : v->v));
	return lk_buf_adds(out, s);
}

/* ---- JSON -------------------------------------------------------------- */

/* The value as a JSON number in its unit (yuan with 2 decimals, km ...),
 * a string for dates and texts, an array for lists, or null. */
static int json_value(const struct lk_ind *d, const struct lk_ind_value *v,
		      struct lk_buf *out)
{
	size_t i;
	int rc = 0;

	if (!v->known)
		return lk_buf_adds(out, "null");
	if (d->flags & LK_IND_LIST) {
		rc = lk_buf_addc(out, '[');
		for (i = 0; !rc && i < v->nitems; i++)
			if (!(rc = i ? lk_buf_addc(out, ',') : 0))
				rc = lk_json_str(out, v->items[i]);
		return rc ? rc : lk_buf_addc(out, ']');
	}
	if (is_text(d->unit))
		return lk_json_str(out, v->text);
	if (scaled(d->unit)) {
		char s[32];
		int64_t a = v->v < 0 ? -v->v : v->v;

		snprintf(s, sizeof s, "%s%lld.%02lld", v->v < 0 ? "-" : "",
			 (long long)(a / 100), (long long)(a % 100));
		return lk_buf_adds(out, s);
	}
	return lk_buf_printf(out, "%lld", (long long)v->v);
}

static int json_def(const struct lk_ind *d, enum lk_lang lang,
		    struct lk_buf *out)
{
	int rc;

	if ((rc = lk_buf_adds(out, "{\"name\":")) ||
	    (rc = lk_json_str(out, d->name)) ||
	    (rc = lk_buf_adds(out, ",\"label\":")) ||
	    (rc = lk_json_str(out, lk_ind_label(d, lang))) ||
	    (rc = lk_buf_adds(out, ",\"unit\":")) ||
	    (rc = lk_json_str(out, (d->flags & LK_IND_LIST)
					   ? "list"
					   : lk_unit_name(d->unit))) ||
	    (rc = lk_buf_adds(out, ",\"unit_label\":")) ||
	    (rc = lk_json_str(out, lk_unit_label(d->unit, lang))) ||
	    (rc = lk_buf_adds(out, ",\"definition\":")) ||
	    (rc = lk_json_str(out, lk_ind_def(d, lang))))
		return rc;
	return lk_buf_printf(out, ",\"drill\":%s",
			     lk_ind_drillable(d) ? "true" : "false");
}

int lk_ind_list_json(enum lk_lang lang, struct lk_buf *out)
{
	size_t i;
	int rc = lk_buf_adds(out, "{\"indicators\":[");

	for (i = 0; !rc && i < lk_ind_count; i++)
		if (!(rc = i ? lk_buf_addc(out, ',') : 0) &&
		    !(rc = json_def(&lk_indicators[i], lang, out)))
			rc = lk_buf_addc(out, '}');
	return rc ? rc : lk_buf_adds(out, "]}\n");
}

int lk_ind_json(const struct lk_ind_set *s, enum lk_lang lang,
		const char *const *names, size_t nnames, struct lk_buf *out)
{
	struct lk_buf t;
	size_t i, k;
	int rc, first = 1;

	lk_buf_init(&t, 1 << 16);
	if ((rc = lk_buf_adds(out, "{\"region\":")) ||
	    (rc = lk_json_str(out, s->region)) ||
	    (rc = lk_buf_adds(out, ",\"region_name\":")) ||
	    (rc = lk_json_str(out, s->region_name)) ||
	    (rc = lk_buf_printf(out, ",\"year\":%d,\"as_of\":", s->year)) ||
	    (rc = lk_json_str(out, s->as_of)) ||
	    (rc = lk_buf_adds(out, ",\"indicators\":[")))
		goto out;
	for (i = 0; i < lk_ind_count; i++) {
		const struct lk_ind *d = &lk_indicators[i];

		if (nnames) {
			for (k = 0; k < nnames && strcmp(names[k], d->name);
			     k++)
				;
			if (k == nnames)
				continue;
		}
		lk_buf_reset(&t);
		if ((rc = first ? 0 : lk_buf_addc(out, ',')) ||
		    (rc = json_def(d, lang, out)) ||
		    (rc = lk_buf_adds(out, ",\"value\":")) ||
		    (rc = json_value(d, &s->v[i], out)))
			goto out;
		first = 0;
		if (!(d->flags & LK_IND_LIST)) {
			if ((rc = lk_ind_format(d, &s->v[i], NULL, lang, &t)) ||
			    (rc = lk_buf_adds(out, ",\"text\":")) ||
			    (rc = lk_json_str(out, lk_buf_str(&t))))
				goto out;
		}
		if ((rc = lk_buf_addc(out, '}')))
			goto out;
	}
	rc = lk_buf_adds(out, "]}\n");
out:
	lk_buf_free(&t);
	return rc;
}

/* ---- drill-down and children as JSON --------------------------------- */

struct drill_json {
	struct lk_buf *out;
	long long rows;
};

static int drill_json_row(void *arg, const struct lk_drill_row *r)
{
	struct drill_json *j = arg;
	size_t i;
	int rc = 0;

	if (!r->values) {
		rc = lk_buf_adds(j->out, ",\"columns\":[");
		for (i = 0; !rc && i < r->n; i++)
			if (!(rc = i ? lk_buf_addc(j->out, ',') : 0))
				rc = lk_json_str(j->out, r->names[i]);
		return rc ? rc : lk_buf_adds(j->out, "],\"rows\":[");
	}
	rc = lk_buf_adds(j->out, j->rows++ ? ",\n{" : "\n{");
	for (i = 0; !rc && i < r->n; i++)
		if (!(rc = i ? lk_buf_addc(j->out, ',') : 0) &&
		    !(rc = lk_json_str(j->out, r->names[i])) &&
		    !(rc = lk_buf_addc(j->out, ':')))
			rc = lk_json_str(j->out, r->values[i]);
	return rc ? rc : lk_buf_addc(j->out, '}');
}

/* {"name":..,"label":..,"unit":..,"region":..,"region_name":..,"year":..
 * (no closing brace) */
static int head_json(struct lk_ctx *ctx, const struct lk_ind *d,
		     const struct params *p, enum lk_lang lang,
		     struct lk_buf *out)
{
	struct lk_ind_set s;
	int rc;

	memset(&s, 0, sizeof s);
	if ((rc = set_region(ctx, p, lang, &s)))
		return rc;
	if ((rc = lk_buf_adds(out, "{\"name\":")) ||
	    (rc = lk_json_str(out, d->name)) ||
	    (rc = lk_buf_adds(out, ",\"label\":")) ||
	    (rc = lk_json_str(out, lk_ind_label(d, lang))) ||
	    (rc = lk_buf_adds(out, ",\"unit\":")) ||
	    (rc = lk_json_str(out, (d->flags & LK_IND_LIST)
					   ? "list"
					   : lk_unit_name(d->unit))) ||
	    (rc = lk_buf_adds(out, ",\"region\":")) ||
	    (rc = lk_json_str(out, s.region)) ||
	    (rc = lk_buf_adds(out, ",\"region_name\":")) ||
	    (rc = lk_json_str(out, s.region_name)))
		return rc;
	return lk_buf_printf(out, ",\"year\":%d", p->year);
}

int lk_ind_drill_json(struct lk_ctx *ctx, const struct lk_ind *d,
		      const char *region, int year, enum lk_lang lang,
		      struct lk_buf *out)
{
	struct drill_json j = {out, 0};
	struct lk_ind_value v;
	struct params p;
	long long count = 0;
	int rc;

	if (!d->src)
		return lk_err_set(&ctx->err, LK_ENOTFOUND,
				  _("indicator %s has no drill-down"), d->name);
	if ((rc = params_init(ctx, region, year, &p)) ||
	    (rc = value_of(ctx, d, &p, &v)) ||
	    (rc = head_json(ctx, d, &p, lang, out)) ||
	    (rc = lk_buf_adds(out, ",\"value\":")) ||
	    (rc = json_value(d, &v, out)) ||
	    (rc = lk_ind_drill(ctx, d, region, year, drill_json_row, &j,
			       &count)))
		return rc;
	return lk_buf_printf(out, "],\"count\":%lld}\n", count);
}

struct kids_json {
	const struct lk_ind *d;
	enum lk_lang lang;
	struct lk_buf *out, text;
	int n;
};

static int kid_json(void *arg, const struct lk_ind_child *c)
{
	struct kids_json *k = arg;
	int rc;

	lk_buf_reset(&k->text);
	if ((rc = lk_buf_adds(k->out, k->n++ ? ",\n{\"region\":" : "\n"
							       "{\"region\":")) ||
	    (rc = lk_json_str(k->out, c->region)) ||
	    (rc = lk_buf_adds(k->out, ",\"region_name\":")) ||
	    (rc = lk_json_str(k->out, c->name)) ||
	    (rc = lk_buf_adds(k->out, ",\"value\":")) ||
	    (rc = json_value(k->d, c->v, k->out)))
		return rc;
	if (!(k->d->flags & LK_IND_LIST) &&
	    ((rc = lk_ind_format(k->d, c->v, NULL, k->lang, &k->text)) ||
	     (rc = lk_buf_adds(k->out, ",\"text\":")) ||
	     (rc = lk_json_str(k->out, lk_buf_str(&k->text)))))
		return rc;
	return lk_buf_addc(k->out, '}');
}

int lk_ind_children_json(struct lk_ctx *ctx, const struct lk_ind *d,
			 const char *region, int year, enum lk_lang lang,
			 struct lk_buf *out)
{
	struct kids_json k = {d, lang, out, {0}, 0};
	struct params p;
	int rc;

	lk_buf_init(&k.text, 1 << 16);
	if ((rc = params_init(ctx, region, year, &p)) ||
	    (rc = head_json(ctx, d, &p, lang, out)) ||
	    (rc = lk_buf_adds(out, ",\"rows\":[")) ||
	    (rc = lk_ind_children(ctx, p.lo, year, lang, d, kid_json, &k)))
		goto out;
	rc = lk_buf_adds(out, "]}\n");
out:
	lk_buf_free(&k.text);
	return rc;
}
