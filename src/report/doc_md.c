/*
 * doc_md.c - the markdown subset of doc.h parsed into blocks and spans.
 *
 * Two passes: the input is checked (UTF-8, no control characters), then
 * split into lines that are grouped into blocks; the text of each block
 * goes through the inline parser.  Everything lands in the caller's
 * arena; the only heap memory is the parser's scratch (freed at exit).
 */
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "report/doc.h"

#define INLINE_DEPTH 8	  /* nesting of emphasis and links */
#define LINK_SCAN 4096	  /* bytes looked at for "](" and ")" */

/* A growable array of spans (heap scratch, copied to the arena). */
struct spanv {
	struct lk_md_span *v;
	size_t n, cap;
};

struct parser {
	struct lk_arena *a;
	struct lk_err *err;
	struct spanv sp;
	struct lk_buf text; /* inline text being collected */
	struct lk_buf join; /* raw block text being collected */
	struct lk_md_block *b;
	size_t nb, capb;
	const char *title;
};

struct line {
	const char *s; /* without the line end, right-trimmed */
	size_t n;
	size_t no; /* 1-based */
};

/* ---- input check ---------------------------------------------------- */

/* Length of the UTF-8 sequence at s (at most n bytes) and its code point,
 * or 0 when it is not valid UTF-8. */
static size_t utf8_dec(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0], v;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
	    v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

static int check_input(const char *md, size_t len, struct lk_err *err)
{
	const unsigned char *s = (const unsigned char *)md;
	size_t i = 0, line = 1, k;
	unsigned cp;

	if (len > LK_DOC_INPUT_MAX)
		return lk_err_set(err, LK_ETOOBIG,
				  _("markdown text of %zu bytes exceeds the "
				    "limit of %u bytes"),
				  len, LK_DOC_INPUT_MAX);
	while (i < len) {
		k = utf8_dec(s + i, len - i, &cp);
		if (!k)
			return lk_err_set(err, LK_EINVAL,
					  _("markdown line %zu: invalid UTF-8 "
					    "at byte %zu"),
					  line, i + 1);
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
		    cp == 0xFFFE || cp == 0xFFFF)
			return lk_err_set(err, LK_EINVAL,
					  _("markdown line %zu: control "
					    "character U+%04X"),
					  line, cp);
		if (cp == '\n')
			line++;
		i += k;
	}
	return 0;
}

/* ---- scratch -------------------------------------------------------- */

static int span_push(struct parser *p, const char *text, unsigned style,
		     enum lk_md_link kind, const char *link)
{
	struct lk_md_span *nv;

	if (p->sp.n == p->sp.cap) {
		size_t cap = p->sp.cap ? p->sp.cap * 2 : 32;
		nv = realloc(p->sp.v, cap * sizeof *nv);
		if (!nv)
			return LK_ENOMEM;
		p->sp.v = nv;
		p->sp.cap = cap;
	}
	p->sp.v[p->sp.n].text = text;
	p->sp.v[p->sp.n].style = style;
	p->sp.v[p->sp.n].link_kind = kind;
	p->sp.v[p->sp.n].link = link;
	p->sp.n++;
	return 0;
}

static struct lk_md_block *block_new(struct parser *p, enum lk_md_kind kind)
{
	struct lk_md_block *nb;

	if (p->nb == p->capb) {
		size_t cap = p->capb ? p->capb * 2 : 64;
		nb = lk_arena_alloc(p->a, cap * sizeof *nb);
		if (!nb)
			return NULL;
		if (p->nb)
			memcpy(nb, p->b, p->nb * sizeof *nb);
		p->b = nb;
		p->capb = cap;
	}
	nb = &p->b[p->nb++];
	memset(nb, 0, sizeof *nb);
	nb->kind = kind;
	return nb;
}

/* ---- inline --------------------------------------------------------- */

static int is_punct(int c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
	       (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

/* Moves the collected text into a span. */
static int flush(struct parser *p, unsigned style, enum lk_md_link kind,
		 const char *link)
{
	char *t;

	if (!p->text.len)
		return 0;
	t = lk_arena_strndup(p->a, p->text.ptr, p->text.len);
	lk_buf_reset(&p->text);
	if (!t)
		return LK_ENOMEM;
	return span_push(p, t, style, kind, link);
}

static int find_link(const char *s, size_t i, size_t n, size_t *text_end,
		     size_t *tgt_end);

/* Position of the closing "**" for an opener ending at i, or n.  Links
 * bind tighter: a closer inside a link does not count. */
static size_t find_double(const char *s, size_t i, size_t n)
{
	size_t te, le;

	for (; i + 1 < n; i++) {
		if (s[i] == '\\' && i + 1 < n && is_punct((unsigned char)s[i + 1]))
			i++;
		else if (s[i] == '[' && find_link(s, i, n, &te, &le))
			i = le;
		else if (s[i] == '*' && s[i + 1] == '*')
			return i;
	}
	return n;
}

/* Position of a closing single "*" (not part of "**") from i, or n. */
static size_t find_single(const char *s, size_t i, size_t n)
{
	size_t te, le;

	for (; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && is_punct((unsigned char)s[i + 1]))
			i++;
		else if (s[i] == '[' && find_link(s, i, n, &te, &le))
			i = le;
		else if (s[i] == '*' && i + 1 < n && s[i + 1] == '*')
			i++;
		else if (s[i] == '*')
			return i;
	}
	return n;
}

/* Link at s[i] == '[': sets *text_end (the ']'), *tgt, *tgt_end (the
 * ')') and returns 1, or 0 when it is not a link. */
static int find_link(const char *s, size_t i, size_t n, size_t *text_end,
		     size_t *tgt_end)
{
	size_t j, lim = n - i > LINK_SCAN ? i + LINK_SCAN : n;
	int depth = 0;

	for (j = i + 1; j < lim; j++) {
		if (s[j] == '\\' && j + 1 < lim && is_punct((unsigned char)s[j + 1]))
			j++;
		else if (s[j] == '[')
			depth++;
		else if (s[j] == ']' && depth-- == 0)
			break;
	}
	if (j >= lim || j + 1 >= n || s[j + 1] != '(')
		return 0;
	*text_end = j;
	lim = n - j > LINK_SCAN ? j + LINK_SCAN : n;
	for (j += 2; j < lim; j++) {
		if (s[j] == '\\' && j + 1 < lim && is_punct((unsigned char)s[j + 1]))
			j++;
		else if (s[j] == ')')
			break;
	}
	if (j >= lim)
		return 0;
	*tgt_end = j;
	return 1;
}

/* Whether a link target is safe to emit as a link: http(s), mailto,
 * a relative reference or a fragment; no other scheme. */
static int url_ok(const char *t)
{
	size_t i;

	if (!strncmp(t, "http://", 7) || !strncmp(t, "https://", 8) ||
	    !strncmp(t, "mailto:", 7))
		return 1;
	/* a scheme is letters, digits, + - . before the first ':' that
	 * comes before any / ? # */
	for (i = 0; t[i] && t[i] != '/' && t[i] != '?' && t[i] != '#'; i++)
		if (t[i] == ':')
			return 0;
	return t[0] != '\0';
}

static int inl_parse(struct parser *p, const char *s, size_t n,
		     unsigned style, enum lk_md_link kind, const char *link,
		     int depth);

static int link_span(struct parser *p, const char *s, size_t i,
		     size_t text_end, size_t tgt_end, unsigned style,
		     int depth)
{
	struct lk_buf t = LK_BUF_INIT(LINK_SCAN * 2);
	const char *tgt, *name;
	enum lk_md_link kind;
	size_t a = text_end + 2, b = tgt_end, k;
	int rc = 0;

	while (a < b && (s[a] == ' ' || s[a] == '\t'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
		b--;
	for (k = a; k < b && !rc; k++) {
		if (s[k] == '\\' && k + 1 < b &&
		    is_punct((unsigned char)s[k + 1]))
			k++;
		rc = lk_buf_addc(&t, s[k]);
	}
	if (rc)
		goto out;
	tgt = lk_buf_str(&t);
	if (!strncmp(tgt, "drill:", 6)) {
		kind = LK_MD_DRILL;
		name = tgt + 6;
	} else {
		kind = url_ok(tgt) ? LK_MD_URL : LK_MD_NOLINK;
		name = tgt;
	}
	if (kind != LK_MD_NOLINK && !(name = lk_arena_strdup(p->a, name))) {
		rc = LK_ENOMEM;
		goto out;
	}
	rc = inl_parse(p, s + i + 1, text_end - i - 1, style, kind,
		       kind == LK_MD_NOLINK ? NULL : name, depth + 1);
out:
	lk_buf_free(&t);
	return rc;
}

/* Parses s[0..n) into spans with the given style and link. */
static int inl_parse(struct parser *p, const char *s, size_t n,
		     unsigned style, enum lk_md_link kind, const char *link,
		     int depth)
{
	size_t i = 0, j, te, le;
	int rc = 0, no1 = 0, no2 = 0;

	while (i < n && !rc) {
		char c = s[i];

		if (c == '\\' && i + 1 < n && is_punct((unsigned char)s[i + 1])) {
			rc = lk_buf_addc(&p->text, s[i + 1]);
			i += 2;
			continue;
		}
		if (c == '*' && depth < INLINE_DEPTH) {
			int dbl = i + 1 < n && s[i + 1] == '*';
			if (dbl && !no2) {
				j = find_double(s, i + 2, n);
				if (j == n)
					no2 = 1;
				else if (j > i + 2) {
					if ((rc = flush(p, style, kind, link)) ||
					    (rc = inl_parse(p, s + i + 2,
							    j - i - 2,
							    style | LK_MD_BOLD,
							    kind, link,
							    depth + 1)))
						break;
					i = j + 2;
					continue;
				}
			} else if (!dbl && !no1) {
				j = find_single(s, i + 1, n);
				if (j == n)
					no1 = 1;
				else if (j > i + 1) {
					if ((rc = flush(p, style, kind, link)) ||
					    (rc = inl_parse(p, s + i + 1,
							    j - i - 1,
							    style |
								LK_MD_ITALIC,
							    kind, link,
							    depth + 1)))
						break;
					i = j + 1;
					continue;
				}
			}
			/* no partner: the stars are text */
			rc = lk_buf_addc(&p->text, c);
			if (!rc && dbl)
				rc = lk_buf_addc(&p->text, c);
			i += dbl ? 2 : 1;
			continue;
		}
		if (c == '[' && kind == LK_MD_NOLINK && !link &&
		    depth < INLINE_DEPTH && find_link(s, i, n, &te, &le)) {
			if ((rc = flush(p, style, kind, link)) ||
			    (rc = link_span(p, s, i, te, le, style, depth)))
				break;
			i = le + 1;
			continue;
		}
		rc = lk_buf_addc(&p->text, c);
		i++;
	}
	if (!rc)
		rc = flush(p, style, kind, link);
	return rc;
}

/* Parses the text into out (spans copied to the arena). */
static int inl(struct parser *p, const char *s, size_t n,
	       struct lk_md_inl *out)
{
	int rc;

	p->sp.n = 0;
	lk_buf_reset(&p->text);
	if ((rc = inl_parse(p, s, n, 0, LK_MD_NOLINK, NULL, 0)))
		return rc;
	out->n = p->sp.n;
	out->s = NULL;
	if (!p->sp.n)
		return 0;
	out->s = lk_arena_alloc(p->a, p->sp.n * sizeof *out->s);
	if (!out->s)
		return LK_ENOMEM;
	memcpy(out->s, p->sp.v, p->sp.n * sizeof *out->s);
	return 0;
}

int lk_md_plain(const struct lk_md_inl *in, struct lk_buf *out)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < in->n && !rc; i++)
		rc = lk_buf_adds(out, in->s[i].text);
	return rc;
}

/* ---- lines ---------------------------------------------------------- */

enum lkind { L_BLANK, L_HEAD, L_BREAK, L_UL, L_OL, L_PIPE, L_TEXT };

struct lclass {
	enum lkind k;
	int level, num;
	const char *body; /* content after the marker */
	size_t n;
};

static void classify(const struct line *l, struct lclass *c)
{
	const char *s = l->s;
	size_t n = l->n, i = 0, k;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	memset(c, 0, sizeof *c);
	c->body = s + i;
	c->n = n - i;
	if (i == n) {
		c->k = L_BLANK;
		return;
	}
	if (n - i == 8 && !memcmp(s + i, "\\newpage", 8)) {
		c->k = L_BREAK;
		return;
	}
	if (s[i] == '#') {
		for (k = i; k < n && s[k] == '#'; k++)
			;
		if (k - i <= 4 && (k == n || s[k] == ' ' || s[k] == '\t')) {
			size_t e = n;
			c->k = L_HEAD;
			c->level = (int)(k - i);
			while (k < n && (s[k] == ' ' || s[k] == '\t'))
				k++;
			/* an optional closing run of '#' after a space */
			while (e > k && s[e - 1] == '#')
				e--;
			if (e == k || s[e - 1] == ' ' || s[e - 1] == '\t')
				while (e > k &&
				       (s[e - 1] == ' ' || s[e - 1] == '\t'))
					e--;
			else
				e = n;
			c->body = s + k;
			c->n = e - k;
			return;
		}
	}
	if (s[i] == '-' && (i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\t')) {
		c->k = L_UL;
		for (k = i + 1; k < n && (s[k] == ' ' || s[k] == '\t'); k++)
			;
		c->body = s + k;
		c->n = n - k;
		return;
	}
	if (s[i] >= '0' && s[i] <= '9') {
		long v = 0;
		for (k = i; k < n && k - i < 9 && s[k] >= '0' && s[k] <= '9'; k++)
			v = v * 10 + (s[k] - '0');
		if (k < n && (s[k] == '.' || s[k] == ')') &&
		    (k + 1 == n || s[k + 1] == ' ' || s[k + 1] == '\t')) {
			c->k = L_OL;
			c->num = (int)v;
			for (k++; k < n && (s[k] == ' ' || s[k] == '\t'); k++)
				;
			c->body = s + k;
			c->n = n - k;
			return;
		}
	}
	c->k = s[i] == '|' ? L_PIPE : L_TEXT;
}

/* Splits a table row into raw cells (pointers into the line). */
static size_t split_row(const char *s, size_t n, const char **cs,
			size_t *cn, size_t max)
{
	size_t i = 0, start, nc = 0, e;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < n && s[i] == '|')
		i++;
	/* a trailing pipe closes the row */
	e = n;
	if (e > i && s[e - 1] == '|' && !(e >= 2 && s[e - 2] == '\\'))
		e--;
	start = i;
	for (;; i++) {
		if (i < e && s[i] == '\\' && i + 1 < e) {
			i++;
			continue;
		}
		if (i == e || s[i] == '|') {
			size_t a = start, b = i;
			while (a < b && (s[a] == ' ' || s[a] == '\t'))
				a++;
			while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
				b--;
			if (nc < max) {
				cs[nc] = s + a;
				cn[nc] = b - a;
			}
			nc++;
			if (i == e)
				break;
			start = i + 1;
		}
	}
	return nc;
}

/* Alignment row: fills align and returns its cell count, or 0. */
static size_t align_row(const struct line *l, enum lk_md_align *al)
{
	const char *cs[LK_DOC_TABLE_COLS + 1];
	size_t cn[LK_DOC_TABLE_COLS + 1], nc, i, k;
	struct lclass c;

	classify(l, &c);
	if (c.k != L_PIPE && c.k != L_TEXT && c.k != L_UL)
		return 0;
	if (!memchr(l->s, '|', l->n) || !memchr(l->s, '-', l->n))
		return 0;
	nc = split_row(l->s, l->n, cs, cn, LK_DOC_TABLE_COLS + 1);
	if (nc > LK_DOC_TABLE_COLS)
		return 0;
	for (i = 0; i < nc; i++) {
		const char *s = cs[i];
		size_t n = cn[i], dashes = 0;
		int left = n && s[0] == ':', right = n && s[n - 1] == ':';
		for (k = left; k < n - right; k++) {
			if (s[k] != '-')
				return 0;
			dashes++;
		}
		if (!dashes)
			return 0;
		al[i] = left && right ? LK_MD_ALIGN_CENTER
			: right	     ? LK_MD_ALIGN_RIGHT
			: left	     ? LK_MD_ALIGN_LEFT
				     : LK_MD_ALIGN_NONE;
	}
	return nc;
}

/* Whether line i starts a table (a pipe row followed by an alignment row
 * of as many cells). */
static size_t table_start(const struct line *ls, size_t nl, size_t i,
			  enum lk_md_align *al)
{
	const char *cs[LK_DOC_TABLE_COLS + 1];
	size_t cn[LK_DOC_TABLE_COLS + 1], nh, na;
	struct lclass c;

	classify(&ls[i], &c);
	if (c.k != L_PIPE || i + 1 >= nl)
		return 0;
	nh = split_row(ls[i].s, ls[i].n, cs, cn, LK_DOC_TABLE_COLS + 1);
	na = align_row(&ls[i + 1], al);
	return na && na == nh ? na : 0;
}

/* Code point of the last character of s[0..n) and of the first. */
static unsigned last_cp(const char *s, size_t n)
{
	size_t i = n;
	unsigned cp = 0;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0 && !utf8_dec((const unsigned char *)s + i - 1, n - i + 1,
			       &cp))
		cp = 0;
	return cp;
}

static int is_cjk(unsigned cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) ||
	       (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* Appends a continuation line to the block text. */
static int join_line(struct parser *p, const char *s, size_t n)
{
	int rc;
	unsigned a, b = 0;

	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	if (p->join.len && n) {
		a = last_cp(p->join.ptr, p->join.len);
		utf8_dec((const unsigned char *)s, n, &b);
		if (!(is_cjk(a) && is_cjk(b)) && (rc = lk_buf_addc(&p->join, ' ')))
			return rc;
	}
	return lk_buf_add(&p->join, s, n);
}

/* ---- blocks --------------------------------------------------------- */

static int parse_table(struct parser *p, const struct line *ls, size_t nl,
		       size_t *pi, size_t cols, const enum lk_md_align *al)
{
	const char *cs[LK_DOC_TABLE_COLS + 1];
	size_t cn[LK_DOC_TABLE_COLS + 1], i = *pi, r, c, nc, rows = 0, cap = 0;
	struct lk_md_block *b = block_new(p, LK_MD_TABLE);
	struct lk_md_inl *cells = NULL, *ncells;
	struct lclass lc;
	int rc = 0;

	if (!b)
		return LK_ENOMEM;
	b->cols = cols;
	if (!(b->align = lk_arena_alloc(p->a, cols * sizeof *b->align)))
		return LK_ENOMEM;
	memcpy(b->align, al, cols * sizeof *al);
	for (r = 0; i < nl; r++) {
		if (r == 1) { /* the alignment row */
			i++;
			continue;
		}
		classify(&ls[i], &lc);
		if (r > 1 && lc.k != L_PIPE)
			break;
		if (rows == cap) {
			cap = cap ? cap * 2 : 16;
			ncells = lk_arena_alloc(p->a, cap * cols * sizeof *ncells);
			if (!ncells)
				return LK_ENOMEM;
			if (rows)
				memcpy(ncells, cells,
				       rows * cols * sizeof *ncells);
			cells = ncells;
		}
		nc = split_row(ls[i].s, ls[i].n, cs, cn, LK_DOC_TABLE_COLS + 1);
		for (c = 0; c < cols; c++) {
			struct lk_md_inl *cell = &cells[rows * cols + c];
			if (c < nc && (rc = inl(p, cs[c], cn[c], cell)))
				return rc;
			if (c >= nc)
				cell->s = NULL, cell->n = 0;
		}
		rows++;
		i++;
	}
	b->items = cells;
	b->rows = rows;
	b->nitems = rows * cols;
	*pi = i;
	return 0;
}

static int parse_list(struct parser *p, const struct line *ls, size_t nl,
		      size_t *pi, enum lkind k, int start)
{
	enum lk_md_align al[LK_DOC_TABLE_COLS];
	struct lk_md_block *b = block_new(p, k == L_UL ? LK_MD_ULIST
						       : LK_MD_OLIST);
	struct lk_md_inl *items = NULL, *ni;
	size_t i = *pi, n = 0, cap = 0;
	struct lclass c;
	int rc;

	if (!b)
		return LK_ENOMEM;
	b->start = start;
	while (i < nl) {
		classify(&ls[i], &c);
		if (c.k != k)
			break;
		lk_buf_reset(&p->join);
		if ((rc = join_line(p, c.body, c.n)))
			return rc;
		for (i++; i < nl; i++) {
			classify(&ls[i], &c);
			if (c.k == L_BLANK || c.k == L_HEAD || c.k == L_BREAK ||
			    c.k == L_UL || c.k == L_OL ||
			    table_start(ls, nl, i, al))
				break;
			if ((rc = join_line(p, ls[i].s, ls[i].n)))
				return rc;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			if (!(ni = lk_arena_alloc(p->a, cap * sizeof *ni)))
				return LK_ENOMEM;
			if (n)
				memcpy(ni, items, n * sizeof *ni);
			items = ni;
		}
		if ((rc = inl(p, p->join.ptr ? p->join.ptr : "", p->join.len,
			      &items[n])))
			return rc;
		n++;
	}
	b->items = items;
	b->nitems = n;
	*pi = i;
	return 0;
}

static int parse_blocks(struct parser *p, const struct line *ls, size_t nl)
{
	enum lk_md_align al[LK_DOC_TABLE_COLS];
	struct lk_md_block *b;
	struct lclass c;
	size_t i = 0, cols;
	int rc;

	while (i < nl) {
		classify(&ls[i], &c);
		switch (c.k) {
		case L_BLANK:
			i++;
			continue;
		case L_BREAK:
			if (!block_new(p, LK_MD_PAGEBREAK))
				return LK_ENOMEM;
			i++;
			continue;
		case L_HEAD:
			if (!(b = block_new(p, LK_MD_HEADING)))
				return LK_ENOMEM;
			b->level = c.level;
			if ((rc = inl(p, c.body, c.n, &b->inl)))
				return rc;
			if (c.level == 1 && !p->title) {
				struct lk_buf t = LK_BUF_INIT(1u << 20);
				b->is_title = 1;
				rc = lk_md_plain(&b->inl, &t);
				p->title = rc ? NULL
					      : lk_arena_strdup(p->a,
								lk_buf_str(&t));
				lk_buf_free(&t);
				if (rc || !p->title)
					return rc ? rc : LK_ENOMEM;
			}
			i++;
			continue;
		case L_UL:
		case L_OL:
			if ((rc = parse_list(p, ls, nl, &i, c.k, c.num)))
				return rc;
			continue;
		default:
			break;
		}
		if ((cols = table_start(ls, nl, i, al))) {
			if ((rc = parse_table(p, ls, nl, &i, cols, al)))
				return rc;
			continue;
		}
		/* a paragraph */
		lk_buf_reset(&p->join);
		if ((rc = join_line(p, ls[i].s, ls[i].n)))
			return rc;
		for (i++; i < nl; i++) {
			classify(&ls[i], &c);
			if (c.k != L_TEXT && c.k != L_PIPE)
				break;
			if (table_start(ls, nl, i, al))
				break;
			if ((rc = join_line(p, ls[i].s, ls[i].n)))
				return rc;
		}
		if (!(b = block_new(p, LK_MD_PARA)))
			return LK_ENOMEM;
		if ((rc = inl(p, p->join.ptr ? p->join.ptr : "", p->join.len,
			      &b->inl)))
			return rc;
	}
	return 0;
}

int lk_md_parse(const char *md, size_t len, struct lk_arena *a,
		struct lk_md_doc *doc, struct lk_err *err)
{
	struct parser p;
	struct line *ls = NULL;
	size_t nl = 0, i, start;
	int rc, checked = 0;

	memset(&p, 0, sizeof p);
	p.a = a;
	p.err = err;
	lk_buf_init(&p.text, LK_DOC_INPUT_MAX);
	lk_buf_init(&p.join, LK_DOC_INPUT_MAX);
	if ((rc = check_input(md, len, err)))
		goto out;
	checked = 1;
	for (i = 0; i < len; i++)
		if (md[i] == '\n')
			nl++;
	ls = malloc((nl + 1) * sizeof *ls);
	if (!ls) {
		rc = LK_ENOMEM;
		goto out;
	}
	nl = 0;
	for (start = 0, i = 0; i <= len; i++) {
		if (i < len && md[i] != '\n')
			continue;
		if (i > start || i < len) {
			size_t e = i;
			while (e > start && (md[e - 1] == '\r' ||
					     md[e - 1] == ' ' ||
					     md[e - 1] == '\t'))
				e--;
			ls[nl].s = md + start;
			ls[nl].n = e - start;
			ls[nl].no = nl + 1;
			nl++;
		}
		start = i + 1;
	}
	if ((rc = parse_blocks(&p, ls, nl)))
		goto out;
	doc->b = p.b;
	doc->n = p.nb;
	doc->title = p.title;
out:
	if (checked && (rc == LK_ENOMEM || rc == LK_ETOOBIG))
		lk_err_set(err, rc, "%s", _("markdown text too large for memory"));
	free(ls);
	free(p.sp.v);
	lk_buf_free(&p.text);
	lk_buf_free(&p.join);
	return rc;
}

/* ---- writing -------------------------------------------------------- */

int lk_md_escape(struct lk_buf *out, const char *s)
{
	int rc = 0;

	for (; s && *s && !rc; s++) {
		if (*s == '\r' || *s == '\n') {
			rc = lk_buf_addc(out, ' ');
			continue;
		}
		if (strchr("\\*[]|#_`<>", *s) &&
		    (rc = lk_buf_addc(out, '\\')))
			break;
		rc = lk_buf_addc(out, *s);
	}
	return rc;
}

int lk_doc_xml_escape(struct lk_buf *out, const char *s)
{
	int rc = 0;
	const char *run = s;

	for (; s && *s && !rc; s++) {
		const char *rep = NULL;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		if ((rc = lk_buf_add(out, run, (size_t)(s - run))) ||
		    (rc = lk_buf_adds(out, rep)))
			break;
		run = s + 1;
	}
	if (!rc && run && s > run)
		rc = lk_buf_add(out, run, (size_t)(s - run));
	return rc;
}

int lk_doc_url_escape(struct lk_buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	int rc = 0;

	for (; s && *s && !rc; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			rc = lk_buf_addc(out, (char)c);
		else if (!(rc = lk_buf_addc(out, '%')) &&
			 !(rc = lk_buf_addc(out, hex[c >> 4])))
			rc = lk_buf_addc(out, hex[c & 15]);
	}
	return rc;
}
