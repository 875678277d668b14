/* The village ledger book as XLSX (xlsx.h): a sink of lk_export_rows()
 * that writes SpreadsheetML itself and packs it with zipw (io/zipw.h),
 * which deflates in a second thread while this one reads the ledger and
 * makes the XML.
 *
 * The parts:
 *   xl/worksheets/sheetN.xml  one per sheet, streamed row by row
 *   xl/sharedStrings.xml      the labels of coded values (see below)
 *   xl/workbook.xml, xl/styles.xml, xl/_rels/workbook.xml.rels,
 *   _rels/.rels, [Content_Types].xml, docProps/app.xml
 * written in that order: the parts that list the sheets come after them.
 *
 * A sheet part starts with a head (the XML declaration, dimension,
 * frozen pane, column widths and styles, up to <sheetData>) that zipw
 * stores uncompressed; the widths and the dimension are known only after
 * the rows, so the head is written first with the widest values, and
 * rewritten in place (zipw_rehead) at the end of the sheet, padded with
 * spaces to the same length.
 *
 * Cells are written without redundant bytes: the r attribute is left out
 * when a cell follows the previous one (ECMA-376 makes it optional;
 * readers place such a cell after the previous), empty values have no
 * cell, and a cell after a gap names itself.  Cell kinds:
 *   <c t="s"><v>7</v></c>            the label of a coded value (code
 *                                     lists, yes/no): a shared string,
 *                                     cached by column and code
 *   <c t="inlineStr"><is><t>..</t>    free text (names, IDs, numbers of
 *                                     households, phones ...)
 *   <c s="2"><v>37418.9</v></c>      money and decimals, format 0.00
 *   <c s="3"><v>2018</v></c>         integers and years, format 0
 *   <c s="4"><v>43165</v></c>        dates as serials, format yyyy-mm-dd
 * Text is escaped for XML 1.0: & < > (and " in attributes); the control
 * characters XML forbids, and carriage return (which XML parsers turn
 * into a line feed), as _xHHHH_, and an underscore that would read as
 * such an escape as _x005F_ (Excel's convention); bytes that are not
 * UTF-8, and U+FFFE/U+FFFF, as U+FFFD.  Text with leading or trailing
 * white space keeps it (xml:space="preserve").
 *
 * The shared strings are bounded (SST_MAX strings, SST_BYTES of XML,
 * CACHE_MAX cached codes); past a bound labels are written inline. */
#include "io/xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/num.h"
#include "io/zipw.h"
#include "registry/fields.h"

#define MAX_ROWS 1048575u /* data rows: Excel's 1,048,576 less the header */
#define MAX_WIDTH 60
#define MIN_WIDTH 6
#define MAX_SHEETS 32
#define EXCEL_EPOCH 25569 /* serial of 1970-01-01 in the 1900 system */
#define ZLEVEL 1	  /* deflate level: the fastest */
#define OB_SIZE (1u << 20)
#define OB_MAX (64u << 20) /* one cell's XML at most */
#define SST_MAX 65536u
#define SST_BYTES (16u << 20)
#define CACHE_MAX 65536u
#define CELL_MAX 40 /* bytes of a cached shared-string cell */

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL                                                                 \
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006/relationships"
#define CT_OOXML "application/vnd.openxmlformats-officedocument."
#define XML_DECL                                                               \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

enum kind { K_TEXT, K_LABEL, K_MONEY, K_DEC, K_INT, K_DATE, K_DATEY };
/* cell formats: indexes of cellXfs in styles.xml */
enum { S_NONE, S_BOLD, S_MONEY, S_INT, S_DATE, S_TEXT };

/* A string map (open addressing): the cache of coded values (key: the
 * field's address, then the code) and the shared strings (key: the
 * label). */
struct slot {
	char *key; /* NULL: empty */
	size_t klen;
	uint32_t hash;
	uint32_t sst;	     /* shared string; UINT32_MAX: no cell */
	unsigned char width; /* display width of the label */
	unsigned char clen;
	char cell[CELL_MAX]; /* "<c" excluded: ' t="s"><v>7</v></c>' */
};

struct smap {
	struct slot *s;
	size_t cap, n;
};

struct sheet {
	const char *name;
	size_t ncols, rows;
};

struct xs {
	struct lk_ctx *ctx;
	enum lk_lang lang;
	struct zipw *z;
	const char *path;
	struct lk_export_stats *st;
	/* output of the open part, handed to zipw when full */
	char *ob;
	size_t obn, obcap;
	struct lk_buf tmp, head;
	/* shared strings */
	struct lk_buf sst; /* <si> elements */
	uint32_t nsst;
	struct smap codes, labels;
	struct lk_arena keys;
	/* sheets */
	struct sheet sheets[MAX_SHEETS];
	size_t nsheets;
	/* the sheet being written */
	size_t ncols, row, next_col;
	char rowno[LK_DECIMAL_BUFSZ];
	size_t rowlen;
	enum kind kind[LK_REC_MAX + 1];
	unsigned char width[LK_REC_MAX + 1];
};

static enum kind kind_of(const struct lk_field *f)
{
	if (!f)
		return K_INT; /* the id of a work record */
	switch (f->type) {
	case LK_F_MONEY: return K_MONEY;
	case LK_F_DEC2: return K_DEC;
	case LK_F_INT:
	case LK_F_YEAR: return K_INT;
	case LK_F_DATE: return K_DATE;
	case LK_F_DATEY: return K_DATEY;
	case LK_F_CODE:
	case LK_F_CODES:
	case LK_F_BOOL: return K_LABEL;
	default: return f->list ? K_LABEL : K_TEXT;
	}
}

/* Display width of UTF-8 text: 2 for a character beyond U+07FF (CJK),
 * else 1. */
static size_t text_width(const char *s, size_t len)
{
	size_t i, w = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80)
			w++;
		else if (c >= 0xE0)
			w += 2;
		else if (c >= 0xC0)
			w++;
	}
	return w;
}

static void note_width(struct xs *x, size_t col, size_t w)
{
	if (w > MAX_WIDTH)
		w = MAX_WIDTH;
	if (w > x->width[col])
		x->width[col] = (unsigned char)w;
}

/* Writes v in decimal at dst (room for LK_DECIMAL_BUFSZ bytes); returns
 * its length. */
static size_t dec(char *dst, int64_t v)
{
	lk_format_decimal(v, 0, dst, LK_DECIMAL_BUFSZ);
	return strlen(dst);
}

/* Column letters of col (0-based): A, B, ... AA ... */
static size_t col_name(char *dst, size_t col)
{
	char t[4];
	size_t n = 0, i;

	col++;
	while (col && n < sizeof t) {
		t[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < n; i++)
		dst[i] = t[n - 1 - i];
	return n;
}

/* ---- XML text ------------------------------------------------------- */

static int is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/* Length of the valid UTF-8 sequence at s (of n bytes) that XML allows,
 * or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	uint32_t cp;
	size_t len, i;

	if (c >= 0xC2 && c <= 0xDF)
		len = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE ||
	    cp == 0xFFFF)
		return 0;
	return len;
}

/* Writes s (n bytes) escaped into dst, which has room for XML_ROOM(n)
 * bytes; returns the bytes written.  attr: escape " as well.  *width
 * (may be NULL) gets the display width. */
#define XML_ROOM(n) (7 * (n))
static size_t xml_escape(char *dst, const char *src, size_t n, int attr,
			 size_t *width)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)src;
	char *d = dst;
	size_t i = 0, w = 0, k;

	while (i < n) {
		unsigned char c = s[i];
		if (c >= 0x80) {
			if ((k = utf8_len(s + i, n - i))) {
				memcpy(d, s + i, k);
				d += k;
			} else { /* U+FFFD */
				memcpy(d, "\xEF\xBF\xBD", 3);
				d += 3;
				k = 1;
			}
			w += k == 2 ? 1 : 2;
			i += k;
			continue;
		}
		w++;
		i++;
		switch (c) {
		case '&': memcpy(d, "&amp;", 5), d += 5; break;
		case '<': memcpy(d, "&lt;", 4), d += 4; break;
		case '>': memcpy(d, "&gt;", 4), d += 4; break;
		case '"':
			if (attr)
				memcpy(d, "&quot;", 6), d += 6;
			else
				*d++ = '"';
			break;
		case '_':
			if (n - i >= 6 && s[i] == 'x' && is_hex(s[i + 1]) &&
			    is_hex(s[i + 2]) && is_hex(s[i + 3]) &&
			    is_hex(s[i + 4]) && s[i + 5] == '_')
				memcpy(d, "_x005F_", 7), d += 7;
			else
				*d++ = '_';
			break;
		default:
			if (c < 0x20 && c != '\t' && c != '\n') {
				memcpy(d, "_x00", 4);
				d[4] = hex[c >> 4];
				d[5] = hex[c & 15];
				d[6] = '_';
				d += 7;
			} else {
				*d++ = (char)c;
			}
		}
	}
	if (width)
		*width = w;
	return (size_t)(d - dst);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Appends the opening of a <t> element for text s: with
 * xml:space="preserve" when s starts or ends with white space. */
static size_t t_open(char *d, const char *s, size_t n)
{
	if (n && (is_space(s[0]) || is_space(s[n - 1]))) {
		memcpy(d, "<t xml:space=\"preserve\">", 24);
		return 24;
	}
	memcpy(d, "<t>", 3);
	return 3;
}

/* ---- output --------------------------------------------------------- */

/* Makes room for need bytes in the output buffer (hands its bytes to
 * zipw first when they do not fit). */
static int ob_room(struct xs *x, size_t need)
{
	char *p;
	int rc;

	if (x->obcap - x->obn >= need)
		return 0;
	if (x->obn && (rc = zipw_write(x->z, x->ob, x->obn, &x->ctx->err)))
		return rc;
	x->obn = 0;
	if (need <= x->obcap)
		return 0;
	if (need > OB_MAX)
		return lk_err_set(&x->ctx->err, LK_ETOOBIG,
				  _("cannot write %s: a value of more than "
				    "%u bytes"),
				  x->path, OB_MAX / 7);
	if (!(p = realloc(x->ob, need)))
		return LK_ENOMEM;
	x->ob = p;
	x->obcap = need;
	return 0;
}

static int ob_add(struct xs *x, const char *s, size_t n)
{
	int rc = ob_room(x, n);

	if (rc)
		return rc;
	memcpy(x->ob + x->obn, s, n);
	x->obn += n;
	return 0;
}

#define OB_LIT(x, s) ob_add((x), (s), sizeof(s) - 1)

static int ob_flush(struct xs *x)
{
	int rc = 0;

	if (x->obn)
		rc = zipw_write(x->z, x->ob, x->obn, &x->ctx->err);
	x->obn = 0;
	return rc;
}

/* Writes a whole part from b. */
static int part(struct xs *x, const char *name, const struct lk_buf *b)
{
	int rc = zipw_begin(x->z, name, NULL, 0, &x->ctx->err);

	if (!rc && b->len)
		rc = zipw_write(x->z, b->ptr, b->len, &x->ctx->err);
	return rc;
}

/* Appends s escaped to a buffer. */
static int buf_escaped(struct lk_buf *b, const char *s, int attr)
{
	size_t n = strlen(s);
	char *t = malloc(XML_ROOM(n) + 1);
	int rc;

	if (!t)
		return LK_ENOMEM;
	rc = lk_buf_add(b, t, xml_escape(t, s, n, attr, NULL));
	free(t);
	return rc;
}

/* ---- shared strings ------------------------------------------------- */

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static struct slot *smap_find(const struct smap *m, const char *k, size_t n,
			      uint32_t h)
{
	size_t i;

	for (i = h & (m->cap - 1); m->s[i].key; i = (i + 1) & (m->cap - 1))
		if (m->s[i].hash == h && m->s[i].klen == n &&
		    memcmp(m->s[i].key, k, n) == 0)
			break;
	return &m->s[i];
}

/* Inserts key k (not present) with the value of v; NULL on OOM. */
static struct slot *smap_put(struct xs *x, struct smap *m, const char *k,
			     size_t n, uint32_t h, const struct slot *v)
{
	struct slot *s;

	if (2 * (m->n + 1) > m->cap) {
		struct smap g = {calloc(m->cap ? 2 * m->cap : 256, sizeof *s),
				 m->cap ? 2 * m->cap : 256, m->n};
		size_t i;
		if (!g.s)
			return NULL;
		for (i = 0; i < m->cap; i++)
			if (m->s[i].key)
				*smap_find(&g, m->s[i].key, m->s[i].klen,
					   m->s[i].hash) = m->s[i];
		free(m->s);
		*m = g;
	}
	s = smap_find(m, k, n, h);
	*s = *v;
	if (!(s->key = lk_arena_alloc(&x->keys, n ? n : 1)))
		return NULL; /* keys hold NULs (a field's address) */
	memcpy(s->key, k, n);
	s->klen = n;
	s->hash = h;
	m->n++;
	return s;
}

/* The shared string of label (n bytes): its index, or UINT32_MAX when
 * the bounds are reached. */
static int sst_index(struct xs *x, const char *label, size_t n, uint32_t *idx)
{
	uint32_t h = hash_bytes(label, n);
	struct slot *s, v = {0};
	size_t room = XML_ROOM(n) + 40, k;
	char *t;
	int rc;

	*idx = UINT32_MAX;
	if (x->labels.cap && (s = smap_find(&x->labels, label, n, h))->key) {
		*idx = s->sst;
		return 0;
	}
	if (x->nsst >= SST_MAX || x->sst.len + room > SST_BYTES)
		return 0;
	if (!(t = malloc(room)))
		return LK_ENOMEM;
	v.sst = x->nsst;
	memcpy(t, "<si>", 4);
	k = 4 + t_open(t + 4, label, n);
	k += xml_escape(t + k, label, n, 0, NULL);
	memcpy(t + k, "</t></si>", 9);
	rc = lk_buf_add(&x->sst, t, k + 9); /* within SST_BYTES: see above */
	free(t);
	if (rc)
		return rc;
	if (!smap_put(x, &x->labels, label, n, h, &v))
		return LK_ENOMEM;
	*idx = x->nsst++;
	return 0;
}

/* The cached cell of a coded value of field f: NULL when the cache is
 * full (then the caller writes the label inline). */
static int code_cell(struct xs *x, const struct lk_field *f, const char *canon,
		     const struct slot **out)
{
	char key[256];
	size_t n = strlen(canon);
	uint32_t h, idx;
	struct slot *s, v = {0};
	int rc;

	*out = NULL;
	if (n + sizeof f > sizeof key)
		return 0;
	memcpy(key, &f, sizeof f);
	memcpy(key + sizeof f, canon, n);
	n += sizeof f;
	h = hash_bytes(key, n);
	if (x->codes.cap && (s = smap_find(&x->codes, key, n, h))->key) {
		*out = s;
		return 0;
	}
	if (x->codes.n >= CACHE_MAX)
		return 0;
	lk_buf_reset(&x->tmp);
	if ((rc = lk_xsheet_show(x->ctx, f, canon, x->lang, &x->tmp)))
		return rc;
	v.sst = UINT32_MAX;
	if (x->tmp.len) {
		size_t w = text_width(x->tmp.ptr, x->tmp.len) + 1;
		if ((rc = sst_index(x, x->tmp.ptr, x->tmp.len, &idx)))
			return rc;
		if (idx == UINT32_MAX)
			return 0;
		v.sst = idx;
		v.width = (unsigned char)(w > MAX_WIDTH ? MAX_WIDTH : w);
		memcpy(v.cell, " t=\"s\"><v>", 10);
		v.clen = (unsigned char)(10 + dec(v.cell + 10, idx));
		memcpy(v.cell + v.clen, "</v></c>", 8);
		v.clen += 8;
	}
	if (!(*out = smap_put(x, &x->codes, key, n, h, &v)))
		return LK_ENOMEM;
	return 0;
}

/* ---- sheets --------------------------------------------------------- */

/* The head of the sheet being written, up to <sheetData>, in x->head:
 * widths as noted, and the dimension for rows data rows. */
static int make_head(struct xs *x, size_t rows, int widest)
{
	struct lk_buf *b = &x->head;
	char c[4];
	size_t i;
	int rc;

	lk_buf_reset(b);
	rc = lk_buf_printf(b, XML_DECL "<worksheet xmlns=\"" NS_MAIN
				       "\" xmlns:r=\"" NS_REL
				       "\"><dimension ref=\"A1");
	if (!rc && x->ncols)
		rc = lk_buf_printf(b, ":%.*s%zu",
				   (int)col_name(c, x->ncols - 1), c, rows + 1);
	if (!rc)
		rc = lk_buf_printf(
		    b,
		    "\"/><sheetViews><sheetView%s workbookViewId=\"0\">"
		    "<pane ySplit=\"1\" topLeftCell=\"A2\" "
		    "activePane=\"bottomLeft\" state=\"frozen\"/>"
		    "<selection pane=\"bottomLeft\"/></sheetView>"
		    "</sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>",
		    x->nsheets == 0 ? " tabSelected=\"1\"" : "");
	if (!rc && x->ncols)
		rc = lk_buf_adds(b, "<cols>");
	for (i = 0; !rc && i < x->ncols; i++) {
		unsigned w = widest		       ? MAX_WIDTH
			     : x->width[i] < MIN_WIDTH ? MIN_WIDTH
						       : x->width[i];
		rc = lk_buf_printf(b,
				   "<col min=\"%zu\" max=\"%zu\" "
				   "width=\"%u.7109375\"%s customWidth=\"1\"/>",
				   i + 1, i + 1, w,
				   x->kind[i] == K_TEXT || x->kind[i] == K_LABEL
				       ? " style=\"5\""
				       : "");
	}
	if (!rc && x->ncols)
		rc = lk_buf_adds(b, "</cols>");
	return rc;
}

static int xs_begin(void *arg, const struct lk_xsheet *s)
{
	struct xs *x = arg;
	const struct lk_field *f;
	const char *h;
	char name[64];
	size_t i, w, n;
	int rc;

	if (x->nsheets == MAX_SHEETS)
		return LK_EINTERNAL;
	x->row = 0;
	for (i = 0; (h = lk_xsheet_header(s, i, x->lang, &f)); i++) {
		if (i > LK_REC_MAX)
			return LK_EINTERNAL;
		x->kind[i] = kind_of(f);
		x->width[i] = 0;
	}
	x->ncols = i;
	/* the head at its longest, rewritten at the end */
	if ((rc = make_head(x, MAX_ROWS, 1)) ||
	    (rc = lk_buf_adds(&x->head, "<sheetData>")))
		return rc;
	snprintf(name, sizeof name, "xl/worksheets/sheet%zu.xml",
		 x->nsheets + 1);
	if ((rc = zipw_begin(x->z, name, x->head.ptr, x->head.len,
			     &x->ctx->err)))
		return rc;
	x->sheets[x->nsheets].name = lk_xsheet_name(s, x->lang);
	x->sheets[x->nsheets].ncols = x->ncols;
	if ((rc = OB_LIT(x, "<row r=\"1\">")))
		return rc;
	for (i = 0; (h = lk_xsheet_header(s, i, x->lang, &f)); i++) {
		n = strlen(h);
		if ((rc = ob_room(x, XML_ROOM(n) + 80)))
			return rc;
		memcpy(x->ob + x->obn, "<c s=\"1\" t=\"inlineStr\"><is>", 27);
		x->obn += 27;
		x->obn += t_open(x->ob + x->obn, h, n);
		x->obn += xml_escape(x->ob + x->obn, h, n, 0, &w);
		memcpy(x->ob + x->obn, "</t></is></c>", 13);
		x->obn += 13;
		note_width(x, i, w + 2);
	}
	return OB_LIT(x, "</row>");
}

/* Writes "<c" and, after a gap, the cell's reference. */
static void cell_open(struct xs *x, size_t col)
{
	char *d = x->ob + x->obn;

	memcpy(d, "<c", 2);
	d += 2;
	if (col != x->next_col) {
		memcpy(d, " r=\"", 4);
		d += 4;
		d += col_name(d, col);
		memcpy(d, x->rowno, x->rowlen);
		d += x->rowlen;
		*d++ = '"';
	}
	x->next_col = col + 1;
	x->obn = (size_t)(d - x->ob);
}

#define CELL_OPEN_ROOM 24

/* A number cell of style sty with value v (n bytes). */
static int num_cell(struct xs *x, size_t col, int sty, const char *v, size_t n)
{
	int rc = ob_room(x, CELL_OPEN_ROOM + 20 + n);
	char *d;

	if (rc)
		return rc;
	cell_open(x, col);
	d = x->ob + x->obn;
	memcpy(d, " s=\"", 4);
	d[4] = (char)('0' + sty);
	memcpy(d + 5, "\"><v>", 5);
	memcpy(d + 10, v, n);
	memcpy(d + 10 + n, "</v></c>", 8);
	x->obn += 18 + n;
	return 0;
}

/* An inline string cell of text s (n bytes); *w gets its width. */
static int text_cell(struct xs *x, size_t col, const char *s, size_t n,
		     size_t *w)
{
	int rc = ob_room(x, CELL_OPEN_ROOM + XML_ROOM(n) + 64);

	if (rc)
		return rc;
	cell_open(x, col);
	memcpy(x->ob + x->obn, " t=\"inlineStr\"><is>", 19);
	x->obn += 19;
	x->obn += t_open(x->ob + x->obn, s, n);
	x->obn += xml_escape(x->ob + x->obn, s, n, 0, w);
	memcpy(x->ob + x->obn, "</t></is></c>", 13);
	x->obn += 13;
	return 0;
}

/* The display text of a value, as a text cell. */
static int shown_cell(struct xs *x, size_t col, const struct lk_field *f,
		      const char *canon)
{
	size_t w;
	int rc;

	lk_buf_reset(&x->tmp);
	if (f && (rc = lk_xsheet_show(x->ctx, f, canon, x->lang, &x->tmp)))
		return rc;
	else if (!f && (rc = lk_buf_adds(&x->tmp, canon)))
		return rc;
	if (!x->tmp.len)
		return 0;
	if ((rc = text_cell(x, col, x->tmp.ptr, x->tmp.len, &w)))
		return rc;
	note_width(x, col, w + 1);
	return 0;
}

/* An integer as written by lk_rec_read: [-]digits, at most 19. */
static int is_int(const char *s, size_t *n)
{
	size_t i = s[0] == '-';

	if (!s[i])
		return 0;
	for (; s[i]; i++)
		if (s[i] < '0' || s[i] > '9' || i > 19)
			return 0;
	*n = i;
	return 1;
}

/* Writes one value: a number when it is one, else its display text. */
static int cell(struct xs *x, size_t col, const struct lk_field *f,
		const char *canon)
{
	enum kind k = x->kind[col];
	const struct slot *sl;
	struct lk_date d;
	char v[32];
	size_t n;
	int64_t i64;
	int rc;

	if (!canon)
		return 0;
	switch (k) {
	case K_LABEL:
		if ((rc = code_cell(x, f, canon, &sl)))
			return rc;
		if (!sl)
			return shown_cell(x, col, f, canon);
		if (sl->sst == UINT32_MAX)
			return 0;
		if ((rc = ob_room(x, CELL_OPEN_ROOM + CELL_MAX)))
			return rc;
		cell_open(x, col);
		memcpy(x->ob + x->obn, sl->cell, sl->clen);
		x->obn += sl->clen;
		note_width(x, col, sl->width);
		return 0;
	case K_INT:
		if (!is_int(canon, &n))
			break;
		note_width(x, col, n + 1);
		return num_cell(x, col, S_INT, canon, n);
	case K_MONEY:
	case K_DEC:
		if (lk_parse_int64(canon, INT64_MIN, INT64_MAX, &i64) ||
		    lk_format_decimal_trim(i64, 2, v, sizeof v))
			break;
		lk_buf_reset(&x->tmp);
		if ((rc = lk_xsheet_show(x->ctx, f, canon, x->lang, &x->tmp)))
			return rc;
		note_width(x, col, text_width(x->tmp.ptr, x->tmp.len) + 1);
		return num_cell(x, col, S_MONEY, v, strlen(v));
	case K_DATEY:
		if (strlen(canon) == 4 && is_int(canon, &n)) {
			note_width(x, col, 5);
			return num_cell(x, col, S_INT, canon, n);
		}
		/* fall through */
	case K_DATE:
		if (lk_date_parse(canon, &d) || d.y < 1901)
			break;
		n = dec(v, (int64_t)lk_date_days(d) + EXCEL_EPOCH);
		note_width(x, col, text_width(canon, strlen(canon)) + 1);
		note_width(x, col, 11);
		return num_cell(x, col, S_DATE, v, n);
	case K_TEXT: break;
	}
	return shown_cell(x, col, f, canon);
}

static int xs_row(void *arg, const struct lk_xsheet *s, int64_t id,
		  const struct lk_rec *r)
{
	struct xs *x = arg;
	size_t i, col = 0;
	int rc;
	char idbuf[24];

	if (x->row >= MAX_ROWS)
		return lk_err_set(&x->ctx->err, LK_ETOOBIG,
				  _("sheet %s has more than %u rows; export "
				    "a smaller region"),
				  lk_xsheet_name(s, x->lang), MAX_ROWS);
	x->row++;
	x->rowlen = dec(x->rowno, (int64_t)x->row + 1);
	x->next_col = 0;
	if ((rc = ob_room(x, 32)))
		return rc;
	memcpy(x->ob + x->obn, "<row r=\"", 8);
	memcpy(x->ob + x->obn + 8, x->rowno, x->rowlen);
	memcpy(x->ob + x->obn + 8 + x->rowlen, "\">", 2);
	x->obn += 10 + x->rowlen;
	if (s->kind) {
		snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
		if ((rc = cell(x, col++, NULL, idbuf)))
			return rc;
	}
	for (i = 0; i < r->t->n; i++) {
		if (r->t->f[i].flags & s->skip)
			continue;
		if (col >= x->ncols)
			return LK_EINTERNAL;
		if ((rc = cell(x, col++, &r->t->f[i], r->v[i])))
			return rc;
	}
	return OB_LIT(x, "</row>");
}

static int xs_end(void *arg, const struct lk_xsheet *s)
{
	struct xs *x = arg;
	char c[4];
	size_t reserved;
	int rc;

	if ((rc = OB_LIT(x, "</sheetData>")))
		return rc;
	if (x->ncols) {
		char t[64];
		int n =
		    snprintf(t, sizeof t, "<autoFilter ref=\"A1:%.*s%zu\"/>",
			     (int)col_name(c, x->ncols - 1), c, x->row + 1);
		if ((rc = ob_add(x, t, (size_t)n)))
			return rc;
	}
	if ((rc = OB_LIT(x, "<pageMargins left=\"0.7\" right=\"0.7\" "
			    "top=\"0.75\" bottom=\"0.75\" header=\"0.3\" "
			    "footer=\"0.3\"/></worksheet>")) ||
	    (rc = ob_flush(x)))
		return rc;
	/* the head again, with the widths and the dimension, padded */
	if ((rc = make_head(x, MAX_ROWS, 1)))
		return rc;
	reserved = x->head.len;
	if ((rc = make_head(x, x->row, 0)))
		return rc;
	while (!rc && x->head.len < reserved)
		rc = lk_buf_addc(&x->head, ' ');
	if (rc || (rc = lk_buf_adds(&x->head, "<sheetData>")) ||
	    (rc = zipw_rehead(x->z, x->head.ptr, &x->ctx->err)))
		return rc;
	x->sheets[x->nsheets++].rows = x->row;
	if (s->kind)
		x->st->work += x->row;
	else if (s->t == &lk_households)
		x->st->households = x->row;
	else if (s->t == &lk_members)
		x->st->members = x->row;
	else
		x->st->incomes = x->row;
	return 0;
}

/* ---- the workbook's other parts ------------------------------------- */

static int write_sst(struct xs *x)
{
	struct lk_buf b = LK_BUF_INIT(256);
	int rc;

	rc = lk_buf_printf(&b,
			   XML_DECL "<sst xmlns=\"" NS_MAIN
				    "\" count=\"%u\" uniqueCount=\"%u\">",
			   (unsigned)x->nsst, (unsigned)x->nsst);
	if (!rc)
		rc = part(x, "xl/sharedStrings.xml", &b);
	if (!rc && x->sst.len)
		rc = zipw_write(x->z, x->sst.ptr, x->sst.len, &x->ctx->err);
	if (!rc)
		rc = zipw_write(x->z, "</sst>", 6, &x->ctx->err);
	lk_buf_free(&b);
	return rc;
}

static int write_workbook(struct xs *x, struct lk_buf *b)
{
	char c[4];
	size_t i;
	int rc;

	lk_buf_reset(b);
	rc = lk_buf_adds(b, XML_DECL "<workbook xmlns=\"" NS_MAIN
				     "\" xmlns:r=\"" NS_REL
				     "\"><bookViews><workbookView/>"
				     "</bookViews><sheets>");
	for (i = 0; !rc && i < x->nsheets; i++) {
		if (!(rc = lk_buf_adds(b, "<sheet name=\"")) &&
		    !(rc = buf_escaped(b, x->sheets[i].name, 1)))
			rc = lk_buf_printf(
			    b, "\" sheetId=\"%zu\" r:id=\"rId%zu\"/>", i + 1,
			    i + 1);
	}
	if (!rc)
		rc = lk_buf_adds(b, "</sheets><definedNames>");
	/* the autofilters' hidden names: 'sheet'!$A$1:$X$N */
	for (i = 0; !rc && i < x->nsheets; i++) {
		struct lk_buf q = LK_BUF_INIT(4096);
		const char *p;
		if (!x->sheets[i].ncols)
			continue;
		rc = lk_buf_printf(b,
				   "<definedName name=\"_xlnm._FilterDatabase\""
				   " localSheetId=\"%zu\" hidden=\"1\">'",
				   i);
		for (p = x->sheets[i].name; !rc && *p; p++)
			rc = *p == '\'' ? lk_buf_adds(&q, "''")
					: lk_buf_addc(&q, *p);
		if (!rc)
			rc = buf_escaped(b, lk_buf_str(&q), 0);
		lk_buf_free(&q);
		if (!rc)
			rc = lk_buf_printf(
			    b, "'!$A$1:$%.*s$%zu</definedName>",
			    (int)col_name(c, x->sheets[i].ncols - 1), c,
			    x->sheets[i].rows + 1);
	}
	if (!rc)
		rc = lk_buf_adds(b, "</definedNames><calcPr calcId=\"124519\" "
				    "fullCalcOnLoad=\"1\"/></workbook>");
	return rc ? rc : part(x, "xl/workbook.xml", b);
}

static const char styles_xml[] = XML_DECL
    "<styleSheet xmlns=\"" NS_MAIN "\"><numFmts count=\"4\">"
    "<numFmt numFmtId=\"164\" formatCode=\"0.00\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"0\"/>"
    "<numFmt numFmtId=\"166\" formatCode=\"yyyy-mm-dd\"/>"
    "<numFmt numFmtId=\"167\" formatCode=\"@\"/></numFmts>"
    "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/>"
    "<family val=\"2\"/></font><font><b/><sz val=\"11\"/>"
    "<name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
    "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
    "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
    "<borders count=\"1\"><border><left/><right/><top/><bottom/>"
    "<diagonal/></border></borders><cellStyleXfs count=\"1\"><xf "
    "numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>"
    "</cellStyleXfs><cellXfs count=\"6\">"
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" "
    "xfId=\"0\"/>"
    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" "
    "xfId=\"0\" applyFont=\"1\"/>"
    "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" "
    "xfId=\"0\" applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"0\" "
    "xfId=\"0\" applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"166\" fontId=\"0\" fillId=\"0\" borderId=\"0\" "
    "xfId=\"0\" applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"167\" fontId=\"0\" fillId=\"0\" borderId=\"0\" "
    "xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>"
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" "
    "builtinId=\"0\"/></cellStyles></styleSheet>";

static const char root_rels[] = XML_DECL
    "<Relationships xmlns=\"" NS_PKG "\">"
    "<Relationship Id=\"rId1\" Type=\"" NS_REL "/officeDocument\" "
    "Target=\"xl/workbook.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" NS_REL "/extended-properties\" "
    "Target=\"docProps/app.xml\"/></Relationships>";

static int write_rest(struct xs *x)
{
	struct lk_buf b = LK_BUF_INIT(1u << 20);
	size_t i;
	int rc;

	if ((rc = write_sst(x)) || (rc = write_workbook(x, &b)))
		goto out;
	lk_buf_reset(&b);
	if ((rc = lk_buf_add(&b, styles_xml, sizeof styles_xml - 1)) ||
	    (rc = part(x, "xl/styles.xml", &b)))
		goto out;
	lk_buf_reset(&b);
	rc = lk_buf_adds(&b, XML_DECL "<Relationships xmlns=\"" NS_PKG "\">");
	for (i = 0; !rc && i < x->nsheets; i++)
		rc = lk_buf_printf(&b,
				   "<Relationship Id=\"rId%zu\" Type=\"" NS_REL
				   "/worksheet\" "
				   "Target=\"worksheets/sheet%zu.xml\"/>",
				   i + 1, i + 1);
	if (!rc)
		rc = lk_buf_printf(&b,
				   "<Relationship Id=\"rId%zu\" Type=\"" NS_REL
				   "/styles\" Target=\"styles.xml\"/>"
				   "<Relationship Id=\"rId%zu\" Type=\"" NS_REL
				   "/sharedStrings\" "
				   "Target=\"sharedStrings.xml\"/>"
				   "</Relationships>",
				   x->nsheets + 1, x->nsheets + 2);
	if (rc || (rc = part(x, "xl/_rels/workbook.xml.rels", &b)))
		goto out;
	lk_buf_reset(&b);
	if ((rc = lk_buf_adds(&b, root_rels)) ||
	    (rc = part(x, "_rels/.rels", &b)))
		goto out;
	lk_buf_reset(&b);
	rc = lk_buf_adds(&b, XML_DECL "<Properties xmlns=\"http://schemas."
				      "openxmlformats.org/officeDocument/2006/"
				      "extended-properties\"><Application>"
				      "lika</Application></Properties>");
	if (rc || (rc = part(x, "docProps/app.xml", &b)))
		goto out;
	lk_buf_reset(&b);
	rc = lk_buf_adds(
	    &b, XML_DECL
	    "<Types xmlns=\"http://schemas.openxmlformats.org/package/"
	    "2006/content-types\"><Default Extension=\"rels\" "
	    "ContentType=\"application/vnd.openxmlformats-package."
	    "relationships+xml\"/><Default Extension=\"xml\" "
	    "ContentType=\"application/xml\"/>"
	    "<Override PartName=\"/xl/workbook.xml\" ContentType=\"" CT_OOXML
	    "spreadsheetml.sheet.main+xml\"/>"
	    "<Override PartName=\"/xl/styles.xml\" ContentType=\"" CT_OOXML
	    "spreadsheetml.styles+xml\"/>"
	    "<Override PartName=\"/xl/sharedStrings.xml\" "
	    "ContentType=\"" CT_OOXML "spreadsheetml.sharedStrings+xml\"/>"
	    "<Override PartName=\"/docProps/app.xml\" "
	    "ContentType=\"" CT_OOXML "extended-properties+xml\"/>");
	for (i = 0; !rc && i < x->nsheets; i++)
		rc = lk_buf_printf(&b,
				   "<Override PartName=\"/xl/worksheets/"
				   "sheet%zu.xml\" ContentType=\"" CT_OOXML
				   "spreadsheetml.worksheet+xml\"/>",
				   i + 1);
	if (!rc)
		rc = lk_buf_adds(&b, "</Types>");
	if (!rc)
		rc = part(x, "[Content_Types].xml", &b);
out:
	lk_buf_free(&b);
	return rc;
}

int lk_export_xlsx(struct lk_ctx *ctx, const char *path, const char *region,
		   enum lk_lang lang, struct lk_export_stats *stats)
{
	struct xs x = {.ctx = ctx,
		       .lang = lang,
		       .path = path,
		       .st = stats,
		       .keys = LK_ARENA_INIT(0)};
	struct lk_xsink k = {xs_begin, xs_row, xs_end, &x};
	int rc;

	memset(stats, 0, sizeof *stats);
	lk_buf_init(&x.tmp, 1u << 20);
	lk_buf_init(&x.head, ZIPW_HEAD_MAX);
	lk_buf_init(&x.sst, SST_BYTES);
	x.obcap = OB_SIZE;
	if (!(x.ob = malloc(x.obcap))) {
		rc = LK_ENOMEM;
		goto out;
	}
	if ((rc = zipw_open(path, ZLEVEL, &x.z, &ctx->err)))
		goto out;
	if ((rc = lk_export_rows(ctx, region, LK_X_REGISTRY | LK_X_WORK, &k)) ||
	    (rc = write_rest(&x)))
		goto out;
	rc = zipw_close(x.z, &ctx->err);
	x.z = NULL;
out:
	if (rc == LK_ENOMEM)
		lk_err_set(&ctx->err, rc, _("out of memory"));
	zipw_abort(x.z);
	free(x.ob);
	free(x.codes.s);
	free(x.labels.s);
	lk_arena_free(&x.keys);
	lk_buf_free(&x.tmp);
	lk_buf_free(&x.head);
	lk_buf_free(&x.sst);
	return rc;
}
