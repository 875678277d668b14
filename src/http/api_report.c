/* api_report.c - indicators, drill-downs and reports over HTTP.  Bodies
 * are those of `lika indicators`, `lika drill` and `lika report`
 * (indicator/indicator.h, report/annual.h, report/household_file.h). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "http/api.h"
#include "indicator/indicator.h"
#include "report/annual.h"
#include "report/doc.h"
#include "report/household_file.h"

#define NAMES_MAX 256

/*
 * The dashboard asks the same figures again and again; computing those
 * of a county reads every household.  The server keeps the last few
 * bodies of /api/indicators and /api/indicators/children, shared by its
 * workers, keyed by everything that decides them (the account's scope,
 * the language, the query) and by the version of the ledger's data
 * (audit.h lk_audit_version): any change of the data, by anyone, makes
 * them stale; the audit of a read or a sign-in does not.
 */
#define CACHE_N 16
#define CACHE_BODY_MAX (4u << 20)

static struct {
	pthread_mutex_t lock;
	struct {
		char *key;
		int64_t version;
		char *body;
		size_t len;
	} e[CACHE_N];
	unsigned next;
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* The cache key of the request: endpoint, scope, helper, masking,
 * language and query (arena copy), or NULL. */
static char *cache_key_of(struct http_req *r, const char *what)
{
	struct lk_buf b = LK_BUF_INIT(8192);
	char *k = NULL;
	int i;

	if (!lk_buf_printf(&b, "%s|%s|%lld|%d|%s", what, r->ctx->scope,
			   r->ctx->cadre, r->ctx->mask, lk_lang_name(r->lang))) {
		for (i = 0; i < r->nquery; i++)
			if (lk_buf_printf(&b, "|%s=%s", r->query[i].key,
					  r->query[i].value))
				break;
		if (i == r->nquery)
			k = lk_arena_strdup(r->arena, lk_buf_str(&b));
	}
	lk_buf_free(&b);
	return k;
}

/* 1 and the body in r->out when the cache has it. */
static int cache_get(struct http_req *r, const char *key, int64_t version)
{
	size_t i;
	int hit = 0;

	if (!key || !version)
		return 0;
	pthread_mutex_lock(&cache.lock);
	for (i = 0; i < CACHE_N; i++)
		if (cache.e[i].key && cache.e[i].version == version &&
		    !strcmp(cache.e[i].key, key)) {
			hit = !lk_buf_add(r->out, cache.e[i].body,
					  cache.e[i].len);
			break;
		}
	pthread_mutex_unlock(&cache.lock);
	return hit;
}

/* Keeps r->out under key (replacing the oldest entry). */
static void cache_put(struct http_req *r, const char *key, int64_t version)
{
	char *k, *b;
	unsigned n;

	if (!key || !version || r->out->len > CACHE_BODY_MAX)
		return;
	k = strdup(key);
	b = malloc(r->out->len ? r->out->len : 1);
	if (!k || !b) {
		free(k);
		free(b);
		return;
	}
	memcpy(b, r->out->ptr, r->out->len);
	pthread_mutex_lock(&cache.lock);
	n = cache.next++ % CACHE_N;
	free(cache.e[n].key);
	free(cache.e[n].body);
	cache.e[n].key = k;
	cache.e[n].body = b;
	cache.e[n].len = r->out->len;
	cache.e[n].version = version;
	pthread_mutex_unlock(&cache.lock);
}

/* The region (required) and year (required) of the query. */
static int region_year(struct http_req *r, const char **region, int *year)
{
	long long y;
	int rc;

	*region = http_query(r, "region");
	if (!*region || !**region)
		return lk_err_set(&r->ctx->err, LK_EUSAGE,
				  _("query parameter %s is required"),
				  "region");
	if ((rc = http_query_int(r, "year", 1949, 2100, 0, &y)))
		return rc;
	if (!y)
		return lk_err_set(&r->ctx->err, LK_EUSAGE,
				  _("query parameter %s is required"), "year");
	*year = (int)y;
	return 0;
}

static int indicator(struct http_req *r, const char *name,
		     const struct lk_ind **d)
{
	if (!name || !(*d = lk_ind_find(name)))
		return lk_err_set(&r->ctx->err, LK_ENOTFOUND,
				  _("unknown indicator %s (lika indicators "
				    "--list)"),
				  name ? name : "");
	return 0;
}

int api_indicators_list(struct http_req *r)
{
	return lk_ind_list_json(r->lang, r->out);
}

int api_indicators(struct http_req *r)
{
	const char *region, *names[NAMES_MAX], *q = http_query(r, "names");
	const struct lk_ind *d;
	struct lk_ind_set s;
	size_t n = 0;
	int year, rc;
	char *list, *tok, *save = NULL, *key;
	int64_t version;

	if ((rc = region_year(r, &region, &year)))
		return rc;
	if (q && *q) {
		if (!(list = lk_arena_strdup(r->arena, q)))
			return LK_ENOMEM;
		for (tok = strtok_r(list, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			if (n == NAMES_MAX)
				return lk_err_set(&r->ctx->err, LK_EUSAGE,
						  _("at most %d names"),
						  NAMES_MAX);
			if ((rc = indicator(r, tok, &d)))
				return lk_err_set(&r->ctx->err, LK_EUSAGE,
						  "%s", lk_err_msg(&r->ctx->err));
			names[n++] = d->name;
		}
	}
	key = cache_key_of(r, "indicators");
	if ((rc = lk_audit_version(r->ctx, &version)))
		return rc;
	if (cache_get(r, key, version))
		return 0;
	rc = lk_ind_compute_some(r->ctx, region, year, r->lang, names, n, &s);
	if (!rc)
		rc = lk_ind_json(&s, r->lang, names, n, r->out);
	lk_ind_set_free(&s);
	if (!rc)
		cache_put(r, key, version);
	return rc;
}

int api_indicators_children(struct http_req *r)
{
	const struct lk_ind *d;
	const char *region;
	int year, rc;

	char *key;
	int64_t version;

	if ((rc = region_year(r, &region, &year)) ||
	    (rc = indicator(r, http_query(r, "name"), &d)))
		return rc;
	key = cache_key_of(r, "children");
	if ((rc = lk_audit_version(r->ctx, &version)))
		return rc;
	if (cache_get(r, key, version))
		return 0;
	rc = lk_ind_children_json(r->ctx, d, region, year, r->lang, r->out);
	if (!rc)
		cache_put(r, key, version);
	return rc;
}

int api_drill(struct http_req *r)
{
	const struct lk_ind *d;
	const char *region;
	int year, rc;

	if ((rc = indicator(r, http_param(r, "name"), &d)) ||
	    (rc = region_year(r, &region, &year)))
		return rc;
	return lk_ind_drill_json(r->ctx, d, region, year, r->lang, r->out);
}

enum fmt { F_MD, F_HTML, F_DOCX, F_JSON };

static int format(struct http_req *r, int json_ok, enum fmt *f)
{
	const char *v = http_query(r, "format");

	if (!v || !*v || !strcmp(v, "html"))
		*f = F_HTML;
	else if (!strcmp(v, "md"))
		*f = F_MD;
	else if (!strcmp(v, "docx"))
		*f = F_DOCX;
	else if (json_ok && !strcmp(v, "json"))
		*f = F_JSON;
	else
		return lk_err_set(&r->ctx->err, LK_EUSAGE,
				  _("unknown format %s"), v);
	return 0;
}

/* Turns the markdown md into the response of format f (file name stem
 * for downloads). */
static int document(struct http_req *r, const struct lk_buf *md, enum fmt f,
		    const char *drill_prefix, const char *stem)
{
	struct lk_doc_opts o = {r->lang, NULL, drill_prefix};
	char name[160];
	int rc = 0;

	snprintf(name, sizeof name, "%s.%s.%s", stem, lk_lang_name(r->lang),
		 f == F_MD ? "md" : f == F_DOCX ? "docx" : "html");
	switch (f) {
	case F_MD:
		rc = lk_buf_add(r->out, md->ptr ? md->ptr : "", md->len);
		http_download(r, "text/markdown; charset=utf-8", name);
		break;
	case F_DOCX:
		rc = lk_md_to_docx(md->ptr ? md->ptr : "", md->len, &o, r->out,
				   &r->ctx->err);
		http_download(r,
			      "application/vnd.openxmlformats-officedocument."
			      "wordprocessingml.document",
			      name);
		break;
	default:
		rc = lk_md_to_html(md->ptr ? md->ptr : "", md->len, &o, r->out,
				   &r->ctx->err);
		r->content_type = "text/html; charset=utf-8";
		r->document = 1;
		if (http_query(r, "download"))
			http_download(r, r->content_type, name);
		break;
	}
	return rc;
}

int api_report_annual(struct http_req *r)
{
	struct lk_buf md = LK_BUF_INIT(LK_DOC_INPUT_MAX);
	struct lk_annual a = {0};
	char stem[64], *prefix = NULL;
	enum fmt f;
	int rc;

	if ((rc = region_year(r, &a.region, &a.year)) ||
	    (rc = format(r, 1, &f)))
		goto out;
	a.lang = r->lang;
	a.links = f == F_HTML;
	if (f == F_JSON) {
		rc = lk_annual_render(r->ctx, &a, &md, r->out);
		goto out;
	}
	if ((rc = lk_annual_render(r->ctx, &a, &md, NULL)))
		goto out;
	/* figures link to the UI's drill-down page */
	prefix = lk_arena_alloc(r->arena, 128);
	if (!prefix) {
		rc = LK_ENOMEM;
		goto out;
	}
	snprintf(prefix, 128, "/drill.html?region=%s&year=%d&name=", a.region,
		 a.year);
	snprintf(stem, sizeof stem, "annual-%s-%d", a.region, a.year);
	rc = document(r, &md, f, prefix, stem);
out:
	lk_buf_free(&md);
	return rc;
}

int api_report_household(struct http_req *r)
{
	struct lk_buf md = LK_BUF_INIT(LK_DOC_INPUT_MAX);
	const char *no = http_param(r, "no");
	char stem[160];
	enum fmt f;
	int rc;

	if ((rc = format(r, 0, &f)) ||
	    (rc = lk_household_file_md(r->ctx, no, r->lang, &md)))
		goto out;
	snprintf(stem, sizeof stem, "household-%s", no);
	rc = document(r, &md, f, NULL, stem);
out:
	lk_buf_free(&md);
	return rc;
}
