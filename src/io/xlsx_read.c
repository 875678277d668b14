/* A streaming XLSX reader (xlsx.h): libzip for the package, expat for
 * the parts, a sheet suspended at every row end. */
#include "io/xlsx.h"

#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "core/buf.h"
#include "core/date.h"

#define CHUNK 65536
#define MAX_XF 65536
#define MAX_NUMFMT 4096
#define MAX_RELS 4096
#define MAX_NAME 1024 /* bytes of a sheet name, a part name, an id */
/* Input between two parser events (what expat may have to hold: one
 * tag with its attributes, or text between two events). */
#define MAX_TOKEN (16u << 20)
#define EXCEL_MAX_ROW 1048576u

const struct xlsx_limits xlsx_default_limits = {
	.max_part = 4ull << 30,
	.max_meta = 16u << 20,
	.max_sst = 1ull << 30,
	.max_strings = 4u << 20,
	.max_sst_bytes = 256u << 20,
	.max_string = 64u << 10,
	.max_cols = 512,
	.max_row = 4u << 20,
	.max_cells = 200000000ull,
	.max_sheets = 256,
};

struct sheet_info {
	char *name, *part;
	uint64_t size;
};

struct xlsx_book {
	zip_t *z;
	struct xlsx_limits lim;
	char *path;
	struct sheet_info *sheets;
	size_t nsheets;
	unsigned char *date_xf; /* per cell format: 1 = a date format */
	size_t nxf;
	int date1904;
	struct lk_buf sst; /* shared strings, each NUL-terminated */
	size_t *sst_off;
	size_t nsst, capsst;
};

/* ---- parts --------------------------------------------------------- */

/* The local part of an element or attribute name ("x:row" -> "row"). */
static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	size_t i;

	for (i = 0; atts[i]; i += 2)
		if (strcmp(local(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

/* What every parse shares: the first error (code and message) wins. */
struct xp {
	XML_Parser p;
	struct lk_err err;
	const char *part;
	uint64_t last; /* input offset of the last event */
};

/* Notes an event (called first by every handler). */
static void xp_mark(struct xp *x)
{
	XML_Index i = XML_GetCurrentByteIndex(x->p);

	if (i > 0)
		x->last = (uint64_t)i;
}

static void xp_fail(struct xp *x, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void xp_fail(struct xp *x, int code, const char *fmt, ...)
{
	va_list ap;

	if (x->err.code)
		return;
	va_start(ap, fmt);
	lk_err_setv(&x->err, code, fmt, ap);
	va_end(ap);
	XML_StopParser(x->p, XML_FALSE);
}

static void XMLCALL no_doctype(void *ud, const XML_Char *name,
			       const XML_Char *sysid, const XML_Char *pubid,
			       int has_internal)
{
	struct xp *x = ud;

	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	xp_fail(x, LK_EINVAL, _("%s: a DOCTYPE is not allowed"), x->part);
}

/* A parser whose user data starts with a struct xp. */
static int xp_new(struct xp *x, const char *part, void *ud)
{
	memset(x, 0, sizeof *x);
	x->part = part;
	x->p = XML_ParserCreate(NULL);
	if (!x->p)
		return LK_ENOMEM;
	XML_SetUserData(x->p, ud);
	XML_SetStartDoctypeDeclHandler(x->p, no_doctype);
	return 0;
}

static int zip_err(struct xlsx_book *b, const char *part, zip_file_t *zf,
		   struct lk_err *e)
{
	return lk_err_set(e, LK_EINVAL, _("%s: %s: the zip data is corrupt: %s"),
			  b->path, part, zf ? zip_file_strerror(zf) : "");
}

/* Opens a part by name; LK_ENOTFOUND (no message) when absent. */
static int part_open(struct xlsx_book *b, const char *name, uint64_t limit,
		     zip_file_t **zf, uint64_t *size, struct lk_err *e)
{
	zip_int64_t i = zip_name_locate(b->z, name, ZIP_FL_NOCASE);
	zip_stat_t st;

	if (i < 0)
		return LK_ENOTFOUND;
	if (zip_stat_index(b->z, (zip_uint64_t)i, 0, &st) == 0 &&
	    (st.valid & ZIP_STAT_SIZE) && st.size > limit)
		return lk_err_set(e, LK_ETOOBIG,
				  _("%s: %s is larger than %llu bytes"),
				  b->path, name, (unsigned long long)limit);
	*size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
	*zf = zip_fopen_index(b->z, (zip_uint64_t)i, 0);
	if (!*zf)
		return lk_err_set(e, LK_EINVAL, _("%s: cannot read %s: %s"),
				  b->path, name, zip_strerror(b->z));
	return 0;
}

/* Feeds one chunk of zf to the parser; *eof set at the end.  The
 * parser's status is returned in *st. */
static int feed(struct xlsx_book *b, struct xp *x, zip_file_t *zf,
		uint64_t *read, uint64_t limit, int *eof,
		enum XML_Status *st, struct lk_err *e)
{
	void *buf = XML_GetBuffer(x->p, CHUNK);
	zip_int64_t n;

	if (!buf)
		return LK_ENOMEM;
	n = zip_fread(zf, buf, CHUNK);
	if (n < 0)
		return zip_err(b, x->part, zf, e);
	*read += (uint64_t)n;
	if (*read > limit)
		return lk_err_set(e, LK_ETOOBIG,
				  _("%s: %s is larger than %llu bytes"),
				  b->path, x->part, (unsigned long long)limit);
	*eof = n == 0;
	*st = XML_ParseBuffer(x->p, (int)n, *eof);
	if (*st != XML_STATUS_ERROR && *read - x->last > MAX_TOKEN)
		return lk_err_set(e, LK_ETOOBIG,
				  _("%s: %s has more than %u bytes without an "
				    "element"),
				  b->path, x->part, MAX_TOKEN);
	return 0;
}

/* The message of a failed parse. */
static int xml_err(struct xlsx_book *b, struct xp *x, struct lk_err *e)
{
	if (x->err.code) {
		lk_err_set(e, x->err.code, "%s", x->err.msg);
		return x->err.code;
	}
	if (XML_GetErrorCode(x->p) == XML_ERROR_NO_MEMORY)
		return LK_ENOMEM;
	return lk_err_set(e, LK_EINVAL, _("%s: %s, line %lu: malformed XML: %s"),
			  b->path, x->part,
			  (unsigned long)XML_GetCurrentLineNumber(x->p),
			  XML_ErrorString(XML_GetErrorCode(x->p)));
}

/* Parses a whole part with the handlers set on x->p.  LK_ENOTFOUND (no
 * message) when the part is absent. */
static int parse_part(struct xlsx_book *b, struct xp *x, const char *name,
		      uint64_t limit, struct lk_err *e)
{
	zip_file_t *zf = NULL;
	uint64_t size, read = 0;
	enum XML_Status st = XML_STATUS_OK;
	int rc, eof = 0;

	if ((rc = part_open(b, name, limit, &zf, &size, e)))
		return rc;
	while (!eof) {
		if ((rc = feed(b, x, zf, &read, limit, &eof, &st, e)))
			goto out;
		if (st != XML_STATUS_OK) {
			rc = xml_err(b, x, e);
			goto out;
		}
	}
out:
	zip_fclose(zf);
	return rc;
}

/* ---- relationships ------------------------------------------------- */

struct rel {
	char *id, *type, *target;
};

struct rels {
	struct xp x;
	struct rel *r;
	size_t n;
	int nomem;
};

static char *dup_bounded(const char *s)
{
	return s && strlen(s) < MAX_NAME ? strdup(s) : NULL;
}

static void XMLCALL rels_start(void *ud, const XML_Char *name,
			       const XML_Char **atts)
{
	struct rels *r = ud;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type");
	const char *target = attr(atts, "Target"), *mode;
	struct rel *p;

	xp_mark(&r->x);
	if (strcmp(local(name), "Relationship") != 0 || !id || !type ||
	    !target)
		return;
	mode = attr(atts, "TargetMode");
	if (mode && strcmp(mode, "External") == 0)
		return;
	if (r->n >= MAX_RELS) {
		xp_fail(&r->x, LK_ETOOBIG, _("%s: too many relationships"),
			r->x.part);
		return;
	}
	p = realloc(r->r, (r->n + 1) * sizeof *p);
	if (!p) {
		r->nomem = 1;
		XML_StopParser(r->x.p, XML_FALSE);
		return;
	}
	r->r = p;
	p[r->n].id = dup_bounded(id);
	p[r->n].type = dup_bounded(type);
	p[r->n].target = dup_bounded(target);
	r->n++;
	if (!p[r->n - 1].id || !p[r->n - 1].type || !p[r->n - 1].target)
		xp_fail(&r->x, LK_EINVAL, _("%s: a relationship is too long"),
			r->x.part);
}

static void rels_free(struct rels *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->r[i].id);
		free(r->r[i].type);
		free(r->r[i].target);
	}
	free(r->r);
	r->r = NULL;
	r->n = 0;
}

/* Reads the relationships of part src (e.g. "xl/workbook.xml" ->
 * "xl/_rels/workbook.xml.rels"; "" -> "_rels/.rels"). */
static int rels_read(struct xlsx_book *b, const char *src, struct rels *r,
		     struct lk_err *e)
{
	char name[MAX_NAME + 16];
	const char *slash = strrchr(src, '/');
	int rc;

	if (slash)
		snprintf(name, sizeof name, "%.*s_rels/%s.rels",
			 (int)(slash - src + 1), src, slash + 1);
	else
		snprintf(name, sizeof name, "_rels/%s.rels", src);
	memset(r, 0, sizeof *r);
	if ((rc = xp_new(&r->x, name, r)))
		return rc;
	XML_SetStartElementHandler(r->x.p, rels_start);
	rc = parse_part(b, &r->x, name, b->lim.max_meta, e);
	if (!rc && r->nomem)
		rc = LK_ENOMEM;
	XML_ParserFree(r->x.p);
	if (rc == LK_ENOTFOUND)
		rc = lk_err_set(e, LK_EINVAL, _("%s: the part %s is missing"),
				b->path, name);
	if (rc)
		rels_free(r);
	return rc;
}

/* The relationship of type ".../<kind>" (or with this id). */
static const struct rel *rel_find(const struct rels *r, const char *kind,
				  const char *id)
{
	size_t i, kl = kind ? strlen(kind) : 0;

	for (i = 0; i < r->n; i++) {
		const char *t = r->r[i].type;
		size_t tl = strlen(t);
		if (id && strcmp(r->r[i].id, id) == 0)
			return &r->r[i];
		if (kind && tl > kl && t[tl - kl - 1] == '/' &&
		    strcmp(t + tl - kl, kind) == 0)
			return &r->r[i];
	}
	return NULL;
}

/* The part a target names, relative to the part src: malloc'd, "./" and
 * "x/../" resolved; NULL on OOM or a target leaving the package. */
static char *resolve(const char *src, const char *target)
{
	size_t n = strlen(src) + strlen(target) + 2, o = 0;
	char *path = malloc(n), *out = malloc(n), *seg, *save = NULL;
	const char *slash = strrchr(src, '/');

	if (!path || !out)
		goto fail;
	if (target[0] == '/')
		snprintf(path, n, "%s", target + 1);
	else
		snprintf(path, n, "%.*s%s", slash ? (int)(slash - src + 1) : 0,
			 src, target);
	out[0] = '\0';
	for (seg = strtok_r(path, "/", &save); seg;
	     seg = strtok_r(NULL, "/", &save)) {
		if (strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			char *up;
			if (o == 0)
				goto fail;
			out[o - 1] = '\0';
			up = strrchr(out, '/');
			o = up ? (size_t)(up - out + 1) : 0;
			out[o] = '\0';
			continue;
		}
		o += (size_t)snprintf(out + o, n - o, "%s/", seg);
	}
	if (o == 0)
		goto fail;
	out[o - 1] = '\0';
	free(path);
	return out;
fail:
	free(path);
	free(out);
	return NULL;
}

/* ---- workbook ------------------------------------------------------ */

struct wb {
	struct xp x;
	struct xlsx_book *b;
	char **rid; /* per sheet */
	int nomem;
};

static void XMLCALL wb_start(void *ud, const XML_Char *name,
			     const XML_Char **atts)
{
	struct wb *w = ud;
	struct xlsx_book *b = w->b;
	const char *ln = local(name), *v;
	struct sheet_info *si;
	char **rid;

	xp_mark(&w->x);
	if (strcmp(ln, "workbookPr") == 0) {
		v = attr(atts, "date1904");
		b->date1904 = v && (strcmp(v, "1") == 0 ||
				    strcasecmp(v, "true") == 0);
		return;
	}
	if (strcmp(ln, "sheet") != 0)
		return;
	if (b->nsheets >= b->lim.max_sheets) {
		xp_fail(&w->x, LK_ETOOBIG,
			_("%s: more than %zu sheets"), w->x.part,
			b->lim.max_sheets);
		return;
	}
	si = realloc(b->sheets, (b->nsheets + 1) * sizeof *si);
	if (si)
		b->sheets = si;
	rid = realloc(w->rid, (b->nsheets + 1) * sizeof *rid);
	if (rid)
		w->rid = rid;
	if (!si || !rid) {
		w->nomem = 1;
		XML_StopParser(w->x.p, XML_FALSE);
		return;
	}
	memset(&si[b->nsheets], 0, sizeof *si);
	si[b->nsheets].name = dup_bounded(attr(atts, "name"));
	rid[b->nsheets] = dup_bounded(attr(atts, "id"));
	b->nsheets++;
	if (!si[b->nsheets - 1].name || !rid[b->nsheets - 1])
		xp_fail(&w->x, LK_EINVAL,
			_("%s: a sheet without a name or relationship"),
			w->x.part);
}

/* ---- styles -------------------------------------------------------- */

struct st {
	struct xp x;
	int in_xfs, in_fmts;
	uint32_t fmt_id[MAX_NUMFMT];
	unsigned char fmt_date[MAX_NUMFMT];
	size_t nfmt;
	uint32_t *xf;
	size_t nxf;
	int nomem;
};

/* Whether a number format code shows a date or time: letters d m y h s
 * outside quoted text, escapes and [...] sections (colours, locales;
 * but [h] [m] [s] elapsed times count). */
static int code_is_date(const char *c)
{
	for (; *c; c++) {
		switch (*c) {
		case '"':
			while (c[1] && c[1] != '"')
				c++;
			if (c[1])
				c++;
			break;
		case '\\':
		case '_':
		case '*':
			if (c[1])
				c++;
			break;
		case '[':
			if ((c[1] == 'h' || c[1] == 'H' || c[1] == 'm' ||
			     c[1] == 'M' || c[1] == 's' || c[1] == 'S') &&
			    (c[2] == ']' || c[2] == c[1]))
				return 1;
			while (c[1] && c[1] != ']')
				c++;
			if (c[1])
				c++;
			break;
		case 'd': case 'D': case 'm': case 'M': case 'y': case 'Y':
		case 'h': case 'H': case 's': case 'S':
			return 1;
		case ';':
			return 0; /* the first section decides */
		default: break;
		}
	}
	return 0;
}

/* Built-in date and time formats (ECMA-376 18.8.30 and the CJK ones). */
static int builtin_is_date(uint32_t id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
	       (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

static void XMLCALL st_start(void *ud, const XML_Char *name,
			     const XML_Char **atts)
{
	struct st *s = ud;
	const char *ln = local(name), *id, *code;

	xp_mark(&s->x);
	if (strcmp(ln, "numFmts") == 0)
		s->in_fmts = 1;
	else if (strcmp(ln, "cellXfs") == 0)
		s->in_xfs = 1;
	else if (s->in_fmts && strcmp(ln, "numFmt") == 0) {
		id = attr(atts, "numFmtId");
		code = attr(atts, "formatCode");
		if (!id || !code)
			return;
		if (s->nfmt >= MAX_NUMFMT) {
			xp_fail(&s->x, LK_ETOOBIG,
				_("%s: too many number formats"), s->x.part);
			return;
		}
		s->fmt_id[s->nfmt] = (uint32_t)strtoul(id, NULL, 10);
		s->fmt_date[s->nfmt++] = (unsigned char)code_is_date(code);
	} else if (s->in_xfs && strcmp(ln, "xf") == 0) {
		uint32_t *p;
		id = attr(atts, "numFmtId");
		if (s->nxf >= MAX_XF) {
			xp_fail(&s->x, LK_ETOOBIG,
				_("%s: too many cell formats"), s->x.part);
			return;
		}
		p = realloc(s->xf, (s->nxf + 1) * sizeof *p);
		if (!p) {
			s->nomem = 1;
			XML_StopParser(s->x.p, XML_FALSE);
			return;
		}
		s->xf = p;
		p[s->nxf++] = id ? (uint32_t)strtoul(id, NULL, 10) : 0;
	}
}

static void XMLCALL st_end(void *ud, const XML_Char *name)
{
	struct st *s = ud;
	const char *ln = local(name);

	xp_mark(&s->x);
	if (strcmp(ln, "numFmts") == 0)
		s->in_fmts = 0;
	else if (strcmp(ln, "cellXfs") == 0)
		s->in_xfs = 0;
}

static int styles_read(struct xlsx_book *b, const char *part,
		       struct lk_err *e)
{
	struct st *s = calloc(1, sizeof *s);
	size_t i, j;
	int rc;

	if (!s)
		return LK_ENOMEM;
	if ((rc = xp_new(&s->x, part, s)))
		goto out;
	XML_SetElementHandler(s->x.p, st_start, st_end);
	rc = parse_part(b, &s->x, part, b->lim.max_meta, e);
	if (!rc && s->nomem)
		rc = LK_ENOMEM;
	if (rc == LK_ENOTFOUND)
		rc = 0; /* no styles: no dates */
	if (rc || !s->nxf)
		goto out;
	b->date_xf = calloc(s->nxf, 1);
	if (!b->date_xf) {
		rc = LK_ENOMEM;
		goto out;
	}
	b->nxf = s->nxf;
	for (i = 0; i < s->nxf; i++) {
		int d = builtin_is_date(s->xf[i]);
		for (j = 0; j < s->nfmt; j++)
			if (s->fmt_id[j] == s->xf[i])
				d = s->fmt_date[j];
		b->date_xf[i] = (unsigned char)d;
	}
out:
	if (s->x.p)
		XML_ParserFree(s->x.p);
	free(s->xf);
	free(s);
	return rc;
}

/* ---- text ---------------------------------------------------------- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes the _xHHHH_ escapes of ST_Xstring in s[from..len) in place;
 * returns the new length.  The result is never longer. */
static size_t unescape(char *s, size_t from, size_t len)
{
	size_t i = from, o = from;

	while (i < len) {
		int h0, h1, h2, h3;
		if (s[i] == '_' && i + 6 < len && s[i + 1] == 'x' &&
		    s[i + 6] == '_' && (h0 = hexval(s[i + 2])) >= 0 &&
		    (h1 = hexval(s[i + 3])) >= 0 &&
		    (h2 = hexval(s[i + 4])) >= 0 &&
		    (h3 = hexval(s[i + 5])) >= 0) {
			unsigned cp = (unsigned)(h0 << 12 | h1 << 8 | h2 << 4 | h3);
			if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
				s[o++] = s[i++]; /* not a character: as is */
				continue;
			}
			if (cp < 0x80) {
				s[o++] = (char)cp;
			} else if (cp < 0x800) {
				s[o++] = (char)(0xC0 | cp >> 6);
				s[o++] = (char)(0x80 | (cp & 0x3F));
			} else {
				s[o++] = (char)(0xE0 | cp >> 12);
				s[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
				s[o++] = (char)(0x80 | (cp & 0x3F));
			}
			i += 7;
			continue;
		}
		s[o++] = s[i++];
	}
	s[o] = '\0';
	return o;
}

/* ---- shared strings ------------------------------------------------ */

struct sst {
	struct xp x;
	struct xlsx_book *b;
	int in_si, in_t, in_rph;
	size_t start; /* offset of the string being read */
	int nomem;
};

static void sst_oom(struct sst *s, int rc)
{
	if (rc == LK_ENOMEM) {
		s->nomem = 1;
		XML_StopParser(s->x.p, XML_FALSE);
	} else {
		xp_fail(&s->x, LK_ETOOBIG,
			_("%s: the shared strings exceed %zu bytes"),
			s->x.part, s->b->lim.max_sst_bytes);
	}
}

static void XMLCALL sst_start(void *ud, const XML_Char *name,
			      const XML_Char **atts)
{
	struct sst *s = ud;
	const char *ln = local(name);

	xp_mark(&s->x);
	(void)atts;
	if (strcmp(ln, "si") == 0) {
		s->in_si = 1;
		s->start = s->b->sst.len;
	} else if (s->in_si && strcmp(ln, "rPh") == 0) {
		s->in_rph = 1;
	} else if (s->in_si && strcmp(ln, "t") == 0) {
		s->in_t = 1;
	}
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	struct sst *s = ud;
	struct xlsx_book *b = s->b;
	const char *ln = local(name);
	int rc;

	xp_mark(&s->x);
	if (strcmp(ln, "t") == 0) {
		s->in_t = 0;
	} else if (strcmp(ln, "rPh") == 0) {
		s->in_rph = 0;
	} else if (strcmp(ln, "si") == 0 && s->in_si) {
		s->in_si = 0;
		if (b->nsst >= b->lim.max_strings) {
			xp_fail(&s->x, LK_ETOOBIG,
				_("%s: more than %zu shared strings"),
				s->x.part, b->lim.max_strings);
			return;
		}
		if (b->nsst == b->capsst) {
			size_t cap = b->capsst ? b->capsst * 2 : 1024;
			size_t *p = realloc(b->sst_off, cap * sizeof *p);
			if (!p) {
				sst_oom(s, LK_ENOMEM);
				return;
			}
			b->sst_off = p;
			b->capsst = cap;
		}
		/* make room for the NUL, then decode in place */
		if ((rc = lk_buf_addc(&b->sst, '\0'))) {
			sst_oom(s, rc);
			return;
		}
		b->sst.len = unescape(b->sst.ptr, s->start, b->sst.len - 1) +
			     1;
		b->sst_off[b->nsst++] = s->start;
	}
}

static void XMLCALL sst_text(void *ud, const XML_Char *t, int len)
{
	struct sst *s = ud;
	int rc;

	xp_mark(&s->x);
	if (!s->in_si || !s->in_t || s->in_rph)
		return;
	if (s->b->sst.len - s->start + (size_t)len > s->b->lim.max_string) {
		xp_fail(&s->x, LK_ETOOBIG,
			_("%s: shared string %zu is longer than %zu bytes"),
			s->x.part, s->b->nsst + 1, s->b->lim.max_string);
		return;
	}
	/* the buffer also holds a NUL per string */
	if (s->b->sst.len - s->b->nsst + (size_t)len >
	    s->b->lim.max_sst_bytes) {
		sst_oom(s, LK_ETOOBIG);
		return;
	}
	if ((rc = lk_buf_add(&s->b->sst, t, (size_t)len)))
		sst_oom(s, rc);
}

static int sst_read(struct xlsx_book *b, const char *part, struct lk_err *e)
{
	struct sst s;
	int rc;

	memset(&s, 0, sizeof s);
	s.b = b;
	if ((rc = xp_new(&s.x, part, &s)))
		return rc;
	XML_SetElementHandler(s.x.p, sst_start, sst_end);
	XML_SetCharacterDataHandler(s.x.p, sst_text);
	rc = parse_part(b, &s.x, part, b->lim.max_sst, e);
	if (!rc && s.nomem)
		rc = LK_ENOMEM;
	if (rc == LK_ENOTFOUND)
		rc = lk_err_set(e, LK_EINVAL, _("%s: the part %s is missing"),
				b->path, part);
	XML_ParserFree(s.x.p);
	return rc;
}

/* ---- book ---------------------------------------------------------- */

static int book_read(struct xlsx_book *b, struct lk_err *e)
{
	struct rels root, wr;
	const struct rel *r;
	struct wb w;
	char *wbpart = NULL, *p = NULL;
	size_t i;
	int rc;

	memset(&root, 0, sizeof root);
	memset(&wr, 0, sizeof wr);
	memset(&w, 0, sizeof w);
	if ((rc = rels_read(b, "", &root, e)))
		goto out;
	r = rel_find(&root, "officeDocument", NULL);
	wbpart = resolve("", r ? r->target : "xl/workbook.xml");
	if (!wbpart) {
		rc = lk_err_set(e, LK_EINVAL,
				_("%s: no workbook part in the package"),
				b->path);
		goto out;
	}
	w.b = b;
	if ((rc = xp_new(&w.x, wbpart, &w)))
		goto out;
	XML_SetStartElementHandler(w.x.p, wb_start);
	rc = parse_part(b, &w.x, wbpart, b->lim.max_meta, e);
	if (!rc && w.nomem)
		rc = LK_ENOMEM;
	if (rc == LK_ENOTFOUND)
		rc = lk_err_set(e, LK_EINVAL, _("%s: the part %s is missing"),
				b->path, wbpart);
	if (rc)
		goto out;
	if ((rc = rels_read(b, wbpart, &wr, e)))
		goto out;
	for (i = 0; i < b->nsheets; i++) {
		zip_int64_t zi;
		zip_stat_t st;
		r = rel_find(&wr, NULL, w.rid[i]);
		if (!r || strlen(r->type) < 10 ||
		    strcmp(r->type + strlen(r->type) - 10, "/worksheet") != 0)
			continue; /* a chart sheet or a broken link */
		if (!(b->sheets[i].part = resolve(wbpart, r->target))) {
			rc = LK_ENOMEM;
			goto out;
		}
		zi = zip_name_locate(b->z, b->sheets[i].part, ZIP_FL_NOCASE);
		if (zi >= 0 && zip_stat_index(b->z, (zip_uint64_t)zi, 0, &st) == 0 &&
		    (st.valid & ZIP_STAT_SIZE))
			b->sheets[i].size = st.size;
	}
	if ((r = rel_find(&wr, "styles", NULL))) {
		if (!(p = resolve(wbpart, r->target))) {
			rc = LK_ENOMEM;
			goto out;
		}
		if ((rc = styles_read(b, p, e)))
			goto out;
		free(p);
		p = NULL;
	}
	if ((r = rel_find(&wr, "sharedStrings", NULL))) {
		if (!(p = resolve(wbpart, r->target))) {
			rc = LK_ENOMEM;
			goto out;
		}
		if ((rc = sst_read(b, p, e)))
			goto out;
	}
out:
	if (w.x.p)
		XML_ParserFree(w.x.p);
	for (i = 0; w.rid && i < b->nsheets; i++)
		free(w.rid[i]);
	free(w.rid);
	rels_free(&root);
	rels_free(&wr);
	free(wbpart);
	free(p);
	return rc;
}

int xlsx_open(const char *path, const struct xlsx_limits *lim,
	      struct xlsx_book **out, struct lk_err *e)
{
	struct xlsx_book *b = calloc(1, sizeof *b);
	zip_error_t ze;
	int rc = 0, zerr = 0;

	if (!b)
		return LK_ENOMEM;
	b->lim = xlsx_default_limits;
	if (lim) {
#define LIM(m)                                                                \
	if (lim->m)                                                           \
		b->lim.m = lim->m;
		LIM(max_part) LIM(max_meta) LIM(max_sst) LIM(max_strings)
		LIM(max_sst_bytes) LIM(max_string) LIM(max_cols) LIM(max_row)
		LIM(max_cells) LIM(max_sheets)
#undef LIM
	}
	lk_buf_init(&b->sst, b->lim.max_sst_bytes + b->lim.max_strings);
	if (!(b->path = strdup(path))) {
		rc = LK_ENOMEM;
		goto out;
	}
	b->z = zip_open(path, ZIP_RDONLY, &zerr);
	if (!b->z) {
		zip_error_init_with_code(&ze, zerr);
		rc = zerr == ZIP_ER_NOENT   ? LK_ENOTFOUND
		     : zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ ? LK_EIO
		     : zerr == ZIP_ER_MEMORY ? LK_ENOMEM
						 : LK_EINVAL;
		if (rc == LK_EINVAL)
			lk_err_set(e, rc,
				   _("%s: not an XLSX workbook (not a valid "
				     "zip file: %s)"),
				   path, zip_error_strerror(&ze));
		else
			lk_err_set(e, rc, _("cannot open %s: %s"), path,
				   zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto out;
	}
	rc = book_read(b, e);
out:
	if (rc) {
		xlsx_close(b);
		return rc;
	}
	*out = b;
	return 0;
}

void xlsx_close(struct xlsx_book *b)
{
	size_t i;

	if (!b)
		return;
	if (b->z)
		zip_discard(b->z);
	for (i = 0; i < b->nsheets; i++) {
		free(b->sheets[i].name);
		free(b->sheets[i].part);
	}
	free(b->sheets);
	free(b->date_xf);
	free(b->sst_off);
	lk_buf_free(&b->sst);
	free(b->path);
	free(b);
}

size_t xlsx_sheet_count(const struct xlsx_book *b)
{
	return b->nsheets;
}

const char *xlsx_sheet_name(const struct xlsx_book *b, size_t i)
{
	return i < b->nsheets ? b->sheets[i].name : NULL;
}

uint64_t xlsx_sheet_size(const struct xlsx_book *b, size_t i)
{
	return i < b->nsheets ? b->sheets[i].size : 0;
}

int xlsx_is_workbook(const char *path)
{
	unsigned char m[4];
	FILE *fp = fopen(path, "rb");
	int ok;

	if (!fp)
		return 0;
	ok = fread(m, 1, 4, fp) == 4 && m[0] == 'P' && m[1] == 'K' &&
	     m[2] == 3 && m[3] == 4;
	fclose(fp);
	return ok;
}

/* ---- sheets -------------------------------------------------------- */

enum ctype { C_NUM, C_SST, C_INLINE, C_STR, C_BOOL, C_ERR, C_DATE };

struct xlsx_sheet {
	struct xp x;
	struct xlsx_book *b;
	const char *name;
	zip_file_t *zf;
	uint64_t read, cells;
	int rc;      /* sticky error */
	struct lk_err err;
	int eof, ready, started;
	/* the row being read */
	size_t row, prev_row, next_col, ncols, width;
	int in_data, in_row, in_c, in_v, in_is, in_t, in_rph;
	enum ctype ct;
	size_t col;
	long style;
	char cref[16];
	struct lk_buf val;  /* the cell's text */
	struct lk_buf text; /* the row's cells, each NUL-terminated */
	size_t *off;	    /* per column: offset in text, or SIZE_MAX */
	char **fields;
	size_t *lens;
	unsigned char *flags;
	size_t cap;
	int nomem;
};

static void sheet_fail(struct xlsx_sheet *s, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void sheet_fail(struct xlsx_sheet *s, int code, const char *fmt, ...)
{
	char msg[LK_ERR_MSG_MAX];
	va_list ap;

	if (s->x.err.code)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	lk_err_set(&s->x.err, code, "%s:%s: %s", s->b->path, s->name, msg);
	XML_StopParser(s->x.p, XML_FALSE);
}

/* "AB12" -> column 27 (0-based) and row 12; 0 or -1. */
static int parse_ref(const char *r, size_t *col, size_t *row)
{
	size_t c = 0, n = 0, i = 0;

	for (; r[i] >= 'A' && r[i] <= 'Z'; i++) {
		c = c * 26 + (size_t)(r[i] - 'A' + 1);
		if (c > 16384)
			return -1;
	}
	if (i == 0)
		return -1;
	for (; r[i] >= '0' && r[i] <= '9'; i++) {
		n = n * 10 + (size_t)(r[i] - '0');
		if (n > EXCEL_MAX_ROW)
			return -1;
	}
	if (r[i] || n == 0)
		return -1;
	*col = c - 1;
	*row = n;
	return 0;
}

static int parse_row_no(const char *r, size_t *row)
{
	size_t n = 0, i;

	for (i = 0; r[i] >= '0' && r[i] <= '9'; i++) {
		n = n * 10 + (size_t)(r[i] - '0');
		if (n > EXCEL_MAX_ROW)
			return -1;
	}
	if (r[i] || i == 0 || n == 0)
		return -1;
	*row = n;
	return 0;
}

static void XMLCALL sh_start(void *ud, const XML_Char *name,
			     const XML_Char **atts)
{
	struct xlsx_sheet *s = ud;
	const char *ln = local(name), *v;
	size_t row, i;

	xp_mark(&s->x);
	if (!s->in_data) {
		if (strcmp(ln, "sheetData") == 0)
			s->in_data = 1;
		return;
	}
	if (strcmp(ln, "row") == 0) {
		v = attr(atts, "r");
		if (!v)
			row = s->prev_row + 1;
		else if (parse_row_no(v, &row)) {
			sheet_fail(s, LK_EINVAL, _("bad row number %.20s"), v);
			return;
		}
		if (row <= s->prev_row || row > EXCEL_MAX_ROW) {
			sheet_fail(s, LK_EINVAL,
				   _("row %zu comes after row %zu"), row,
				   s->prev_row);
			return;
		}
		s->row = s->prev_row = row;
		s->in_row = 1;
		s->next_col = 0;
		for (i = 0; i < s->ncols; i++)
			s->off[i] = SIZE_MAX;
		s->ncols = 0;
		lk_buf_reset(&s->text);
	} else if (s->in_row && strcmp(ln, "c") == 0) {
		size_t col = s->next_col, crow = s->row;
		v = attr(atts, "r");
		if (v && parse_ref(v, &col, &crow)) {
			sheet_fail(s, LK_EINVAL, _("bad cell reference %.20s"),
				   v);
			return;
		}
		if (crow != s->row) {
			sheet_fail(s, LK_EINVAL,
				   _("cell %.20s is not in row %zu"), v,
				   s->row);
			return;
		}
		snprintf(s->cref, sizeof s->cref, "%s", v ? v : "");
		s->col = col;
		s->next_col = col + 1;
		s->in_c = 1;
		s->ct = C_NUM;
		v = attr(atts, "t");
		if (v) {
			if (strcmp(v, "s") == 0)
				s->ct = C_SST;
			else if (strcmp(v, "inlineStr") == 0)
				s->ct = C_INLINE;
			else if (strcmp(v, "str") == 0)
				s->ct = C_STR;
			else if (strcmp(v, "b") == 0)
				s->ct = C_BOOL;
			else if (strcmp(v, "e") == 0)
				s->ct = C_ERR;
			else if (strcmp(v, "d") == 0)
				s->ct = C_DATE;
		}
		v = attr(atts, "s");
		s->style = v ? strtol(v, NULL, 10) : 0;
		lk_buf_reset(&s->val);
		if (++s->cells > s->b->lim.max_cells)
			sheet_fail(s, LK_ETOOBIG,
				   _("more than %llu cells"),
				   (unsigned long long)s->b->lim.max_cells);
	} else if (s->in_c && strcmp(ln, "v") == 0) {
		s->in_v = 1;
	} else if (s->in_c && strcmp(ln, "is") == 0) {
		s->in_is = 1;
	} else if (s->in_is && strcmp(ln, "rPh") == 0) {
		s->in_rph = 1;
	} else if (s->in_is && strcmp(ln, "t") == 0) {
		s->in_t = 1;
	}
}

static void XMLCALL sh_text(void *ud, const XML_Char *t, int len)
{
	struct xlsx_sheet *s = ud;
	int rc;

	xp_mark(&s->x);
	if (!s->in_v && !(s->in_is && s->in_t && !s->in_rph))
		return;
	if (s->val.len + (size_t)len > s->b->lim.max_string) {
		sheet_fail(s, LK_ETOOBIG,
			   _("row %zu: cell %s is longer than %zu bytes"),
			   s->row, s->cref, s->b->lim.max_string);
		return;
	}
	if ((rc = lk_buf_add(&s->val, t, (size_t)len))) {
		s->nomem = 1;
		XML_StopParser(s->x.p, XML_FALSE);
	}
}

/* Text of a serial date in the book's date system into out (32 bytes);
 * -1 when the number is no date. */
static int serial_date(const struct xlsx_book *b, double v, char out[64])
{
	double days = floor(v);
	long secs = lround((v - days) * 86400.0);
	struct lk_date d;
	long n;

	if (v < 0 || v >= 2958466.0)
		return -1;
	if (secs >= 86400) {
		days += 1;
		secs = 0;
	}
	n = (long)days;
	if (b->date1904)
		n -= 24107;
	else if (n < 60)
		n -= 25568; /* 1900-01-01 is serial 1 */
	else
		n -= 25569; /* Excel's 1900-02-29 (serial 60) ... */
	d = lk_date_from_days((int32_t)n);
	if (secs)
		snprintf(out, 64, "%04d-%02d-%02d %02ld:%02ld:%02ld", d.y, d.m,
			 d.d, secs / 3600, secs / 60 % 60, secs % 60);
	else
		snprintf(out, 64, "%04d-%02d-%02d", d.y, d.m, d.d);
	return 0;
}

/* The text of the cell just closed into s->val; *flag gets XLSX_CELL_*. */
static int cell_text(struct xlsx_sheet *s, unsigned char *flag)
{
	struct xlsx_book *b = s->b;
	char buf[64], *end;
	const char *v = lk_buf_str(&s->val);
	double d;
	int rc = 0;

	*flag = 0;
	switch (s->ct) {
	case C_SST: {
		unsigned long long i;
		if (!s->val.len)
			return 0;
		i = strtoull(v, &end, 10);
		if (*end || v[0] < '0' || v[0] > '9' || i >= b->nsst) {
			sheet_fail(s, LK_EINVAL,
				   _("row %zu: cell %s names shared string "
				     "%.20s, which does not exist"),
				   s->row, s->cref, v);
			return LK_EINVAL;
		}
		lk_buf_reset(&s->val);
		return lk_buf_adds(&s->val, b->sst.ptr + b->sst_off[i]);
	}
	case C_INLINE:
		s->val.len = unescape(s->val.ptr ? s->val.ptr : buf, 0,
				      s->val.len);
		return 0;
	case C_STR: return 0;
	case C_BOOL:
		if (!s->val.len)
			return 0;
		rc = strcmp(v, "0") == 0;
		lk_buf_reset(&s->val);
		return lk_buf_adds(&s->val, rc ? "FALSE" : "TRUE");
	case C_ERR: *flag = XLSX_CELL_ERROR; return 0;
	case C_DATE:
		if (s->val.len > 10 && strcmp(v + 10, "T00:00:00") == 0)
			lk_buf_truncate(&s->val, 10);
		return 0;
	case C_NUM: break;
	}
	if (!s->val.len)
		return 0;
	d = strtod(v, &end);
	if (*end || !((v[0] >= '0' && v[0] <= '9') || v[0] == '-' ||
		      v[0] == '+' || v[0] == '.') ||
	    !isfinite(d)) {
		sheet_fail(s, LK_EINVAL,
			   _("row %zu: cell %s: %.40s is not a number"),
			   s->row, s->cref, v);
		return LK_EINVAL;
	}
	if (s->style > 0 && (size_t)s->style < b->nxf &&
	    b->date_xf[s->style] && serial_date(b, d, buf) == 0) {
		/* a date */
	} else if (d == floor(d) && fabs(d) < 1e15) {
		snprintf(buf, sizeof buf, "%.0f", d == 0 ? 0.0 : d);
	} else if (d == floor(d)) {
		*flag = XLSX_CELL_LOSSY; /* keep the text as stored */
		return 0;
	} else {
		snprintf(buf, sizeof buf, "%.15g", d);
	}
	lk_buf_reset(&s->val);
	return lk_buf_adds(&s->val, buf);
}

static int grow(struct xlsx_sheet *s, size_t n)
{
	size_t cap = s->cap ? s->cap : 64, i;
	void *p;

	if (n <= s->cap)
		return 0;
	while (cap < n)
		cap *= 2;
	if (!(p = realloc(s->off, cap * sizeof *s->off)))
		return LK_ENOMEM;
	s->off = p;
	if (!(p = realloc(s->fields, cap * sizeof *s->fields)))
		return LK_ENOMEM;
	s->fields = p;
	if (!(p = realloc(s->lens, cap * sizeof *s->lens)))
		return LK_ENOMEM;
	s->lens = p;
	if (!(p = realloc(s->flags, cap)))
		return LK_ENOMEM;
	s->flags = p;
	for (i = s->cap; i < cap; i++)
		s->off[i] = SIZE_MAX;
	s->cap = cap;
	return 0;
}

static void XMLCALL sh_end(void *ud, const XML_Char *name)
{
	struct xlsx_sheet *s = ud;
	const char *ln = local(name);
	unsigned char flag;
	int rc;

	xp_mark(&s->x);
	if (!s->in_data)
		return;
	if (strcmp(ln, "v") == 0) {
		s->in_v = 0;
	} else if (strcmp(ln, "t") == 0) {
		s->in_t = 0;
	} else if (strcmp(ln, "rPh") == 0) {
		s->in_rph = 0;
	} else if (strcmp(ln, "is") == 0) {
		s->in_is = 0;
	} else if (strcmp(ln, "c") == 0 && s->in_c) {
		s->in_c = s->in_v = s->in_is = s->in_t = s->in_rph = 0;
		if ((rc = cell_text(s, &flag))) {
			if (rc == LK_ENOMEM) {
				s->nomem = 1;
				XML_StopParser(s->x.p, XML_FALSE);
			}
			return;
		}
		if (!s->val.len)
			return; /* an empty or formatted-only cell */
		if (s->col >= s->b->lim.max_cols) {
			sheet_fail(s, LK_ETOOBIG,
				   _("row %zu: cell %s is beyond column %zu"),
				   s->row, s->cref, s->b->lim.max_cols);
			return;
		}
		if ((rc = grow(s, s->col + 1))) {
			s->nomem = 1;
			XML_StopParser(s->x.p, XML_FALSE);
			return;
		}
		if (s->off[s->col] != SIZE_MAX && s->col < s->ncols) {
			sheet_fail(s, LK_EINVAL,
				   _("row %zu: column %zu is given twice"),
				   s->row, s->col + 1);
			return;
		}
		if (s->text.len + s->val.len + 1 > s->b->lim.max_row) {
			sheet_fail(s, LK_ETOOBIG,
				   _("row %zu is longer than %zu bytes"),
				   s->row, s->b->lim.max_row);
			return;
		}
		while (s->ncols < s->col)
			s->off[s->ncols++] = SIZE_MAX;
		if (s->col >= s->ncols)
			s->ncols = s->col + 1;
		s->off[s->col] = s->text.len;
		s->flags[s->col] = flag;
		if (lk_buf_add(&s->text, s->val.ptr, s->val.len) ||
		    lk_buf_addc(&s->text, '\0')) {
			s->nomem = 1;
			XML_StopParser(s->x.p, XML_FALSE);
		}
	} else if (strcmp(ln, "row") == 0 && s->in_row) {
		s->in_row = 0;
		if (s->ncols) {
			s->ready = 1;
			XML_StopParser(s->x.p, XML_TRUE);
		}
	} else if (strcmp(ln, "sheetData") == 0) {
		s->in_data = 0;
	}
}

int xlsx_sheet_open(struct xlsx_book *b, size_t i, struct xlsx_sheet **out,
		    struct lk_err *e)
{
	struct xlsx_sheet *s;
	uint64_t size;
	int rc;

	if (i >= b->nsheets)
		return lk_err_set(e, LK_EINVAL, _("%s: no sheet %zu"), b->path,
				  i + 1);
	if (!b->sheets[i].part)
		return lk_err_set(e, LK_EINVAL, _("%s: sheet %s is not a worksheet"),
				  b->path, b->sheets[i].name);
	if (!(s = calloc(1, sizeof *s)))
		return LK_ENOMEM;
	s->b = b;
	s->name = b->sheets[i].name;
	lk_buf_init(&s->val, b->lim.max_string + 64);
	lk_buf_init(&s->text, b->lim.max_row + 1);
	if ((rc = xp_new(&s->x, b->sheets[i].part, s)))
		goto out;
	XML_SetElementHandler(s->x.p, sh_start, sh_end);
	XML_SetCharacterDataHandler(s->x.p, sh_text);
	rc = part_open(b, b->sheets[i].part, b->lim.max_part, &s->zf, &size,
		       e);
	if (rc == LK_ENOTFOUND)
		rc = lk_err_set(e, LK_EINVAL, _("%s: the part %s is missing"),
				b->path, b->sheets[i].part);
	if (!rc)
		rc = grow(s, 64);
out:
	if (rc) {
		xlsx_sheet_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

void xlsx_sheet_close(struct xlsx_sheet *s)
{
	if (!s)
		return;
	if (s->zf)
		zip_fclose(s->zf);
	if (s->x.p)
		XML_ParserFree(s->x.p);
	lk_buf_free(&s->val);
	lk_buf_free(&s->text);
	free(s->off);
	free(s->fields);
	free(s->lens);
	free(s->flags);
	free(s);
}

void xlsx_set_width(struct xlsx_sheet *s, size_t width)
{
	s->width = width;
}

size_t xlsx_row(const struct xlsx_sheet *s)
{
	return s->row;
}

uint64_t xlsx_offset(const struct xlsx_sheet *s)
{
	return s->read;
}

/* After a parse stopped: the error to keep. */
static int sheet_error(struct xlsx_sheet *s)
{
	if (s->nomem)
		return LK_ENOMEM;
	if (s->x.err.code) {
		lk_err_set(&s->err, s->x.err.code, "%s", s->x.err.msg);
		return s->x.err.code;
	}
	return xml_err(s->b, &s->x, &s->err);
}

int xlsx_next(struct xlsx_sheet *s, char ***fields, size_t **lens, size_t *n,
	      const unsigned char **flags, struct lk_err *e)
{
	enum XML_Status st;
	size_t i, w;
	int rc;

	if (s->rc)
		goto fail;
	s->ready = 0;
	for (;;) {
		if (s->started &&
		    XML_GetErrorCode(s->x.p) == XML_ERROR_NONE) {
			XML_ParsingStatus ps;
			XML_GetParsingStatus(s->x.p, &ps);
			if (ps.parsing == XML_SUSPENDED) {
				st = XML_ResumeParser(s->x.p);
				goto parsed;
			}
			if (ps.parsing == XML_FINISHED || s->eof) {
				s->rc = LK_EEOF;
				goto fail;
			}
		}
		s->started = 1;
		if ((rc = feed(s->b, &s->x, s->zf, &s->read, s->b->lim.max_part,
			       &s->eof, &st, &s->err))) {
			s->rc = rc;
			goto fail;
		}
parsed:
		if (st == XML_STATUS_ERROR) {
			s->rc = sheet_error(s);
			goto fail;
		}
		if (s->ready)
			break;
		if (st == XML_STATUS_OK && s->eof) {
			s->rc = LK_EEOF;
			goto fail;
		}
	}
	w = s->ncols > s->width ? s->ncols : s->width;
	if ((rc = grow(s, w + 1))) {
		s->rc = rc;
		goto fail;
	}
	for (i = 0; i < w; i++) {
		if (i < s->ncols && s->off[i] != SIZE_MAX) {
			s->fields[i] = s->text.ptr + s->off[i];
			s->lens[i] = strlen(s->fields[i]);
		} else {
			s->fields[i] = (char *)"";
			s->lens[i] = 0;
			s->flags[i] = 0;
		}
	}
	*fields = s->fields;
	*lens = s->lens;
	*n = w;
	if (flags)
		*flags = s->flags;
	return 0;
fail:
	if (e && s->rc != LK_EEOF && s->rc != LK_ENOMEM)
		lk_err_set(e, s->rc, "%s", lk_err_msg(&s->err));
	return s->rc;
}
