/*
 * doc.h - lika's markdown subset and its conversion to HTML and DOCX.
 *
 * Reports (the annual report, the household file) are written as
 * markdown text; these functions turn that text into a self-contained
 * HTML page or a Word document.  Only the subset below is understood;
 * anything else is ordinary text.
 *
 * Blocks (one per group of lines; a blank line ends a block):
 *   # Title          ATX headings, levels 1-4 ("#" to "####", then a
 *   ## Section       space); trailing "#"s are dropped.  The first
 *                    level-1 heading is the document title (Title style
 *                    in DOCX, <h1 class="title"> in HTML, and the title
 *                    of the document unless the options give one).
 *   text             a paragraph: consecutive lines joined, with a space
 *   more text        unless the line break falls between two CJK
 *                    characters (then with nothing).
 *   - item           a bullet list; "1. item" (or "1) item") a numbered
 *   1. item          list starting at the first number.  A line that is
 *                    neither blank nor a new block continues the item.
 *                    Lists do not nest (an indented item is an item of
 *                    the same list).
 *   | a | b |        a pipe table: a header row, an alignment row of
 *   |---|--:|        dashes with optional colons (":--" left, "--:"
 *   | 1 | 2 |        right, ":-:" centre) and body rows, each starting
 *                    with "|"; rows with fewer cells are padded, extra
 *                    cells dropped; "\|" is a pipe inside a cell;
 *                    more than LK_DOC_TABLE_COLS columns: not a table.
 *   \newpage         alone on a line: a page break.
 *
 * Inline (in headings, paragraphs, items and cells):
 *   **bold**, *italic* (a delimiter without its closing partner is text),
 *   \X for any ASCII punctuation X = the character itself,
 *   [text](target)   a link.  A target "drill:NAME" makes the text a
 *                    figure: in HTML <a class="fig" href="PREFIX NAME">
 *                    (NAME percent-encoded) when the options give a
 *                    drill prefix, else <span class="fig">; in DOCX
 *                    plain text.  Other targets are links when they are
 *                    http:, https:, mailto:, a relative path or a
 *                    #fragment; any other scheme (javascript: ...) is
 *                    dropped and the text kept.
 *
 * Input must be UTF-8 without control characters other than tab, CR and
 * LF (XML cannot carry them), and at most LK_DOC_INPUT_MAX bytes:
 * LK_EINVAL naming the line, LK_ETOOBIG otherwise.  The output
 * buffer's bound (out->max) limits what is produced: LK_ETOOBIG.
 *
 * Ownership: the caller owns md and out; on failure out is left as the
 * buffer rules leave it (core/buf.h) - callers write nothing anywhere.
 * Every function is reentrant (no global state) and the same input and
 * options give the same bytes (the DOCX takes its dates from the clock,
 * core/date.h, which LIKA_NOW pins).
 */
#ifndef LK_DOC_H
#define LK_DOC_H

#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"

#define LK_DOC_INPUT_MAX (64u << 20) /* bytes of markdown */
#define LK_DOC_TABLE_COLS 64	     /* columns of a table */
#define LK_DOC_NAME_MAX 256	     /* bytes of a drill name */

struct lk_doc_opts {
	enum lk_lang lang;	  /* document language (lang attribute,
				     proofing language, labels) */
	const char *title;	  /* NULL = the first level-1 heading */
	const char *drill_prefix; /* NULL = figures are not links; else a
				     URL prefix such as
				     "/drill.html?region=X&year=Y&name=" */
};

/* ---- the parsed model ------------------------------------------------ */

enum { LK_MD_BOLD = 1, LK_MD_ITALIC = 2 };
enum lk_md_link { LK_MD_NOLINK, LK_MD_URL, LK_MD_DRILL };

/* A run of text with one style.  text is NUL-terminated and unescaped;
 * link is the target (without "drill:" for LK_MD_DRILL) or NULL.  The
 * runs of one link share the same link pointer. */
struct lk_md_span {
	const char *text;
	unsigned style;
	enum lk_md_link link_kind;
	const char *link;
};

struct lk_md_inl {
	struct lk_md_span *s;
	size_t n;
};

enum lk_md_kind {
	LK_MD_HEADING,
	LK_MD_PARA,
	LK_MD_ULIST,
	LK_MD_OLIST,
	LK_MD_TABLE,
	LK_MD_PAGEBREAK
};

enum lk_md_align { LK_MD_ALIGN_NONE, LK_MD_ALIGN_LEFT, LK_MD_ALIGN_CENTER,
		   LK_MD_ALIGN_RIGHT };

struct lk_md_block {
	enum lk_md_kind kind;
	int level;	  /* heading: 1..4 */
	int is_title;	  /* heading: the document title */
	int start;	  /* numbered list: first number */
	struct lk_md_inl inl; /* heading, paragraph */
	/* list: items[0..nitems); table: cells row-major, rows x cols,
	 * row 0 the header */
	struct lk_md_inl *items;
	size_t nitems, rows, cols;
	enum lk_md_align *align; /* table: cols entries */
};

struct lk_md_doc {
	struct lk_md_block *b;
	size_t n;
	const char *title; /* plain text of the title heading, or NULL */
};

/* Parses md into doc; everything is allocated in a (the caller frees
 * the arena).  LK_EINVAL (bad UTF-8 or a control character; err names
 * the line), LK_ETOOBIG, LK_ENOMEM.  err may be NULL. */
int lk_md_parse(const char *md, size_t len, struct lk_arena *a,
		struct lk_md_doc *doc, struct lk_err *err);

/* Plain text of an inline sequence (styles and link targets dropped),
 * appended to out. */
int lk_md_plain(const struct lk_md_inl *in, struct lk_buf *out);

/* ---- writing markdown ------------------------------------------------ */

/* Appends s so that it reads back as the same text in any inline
 * position (not at the start of a line, where "- " or "1. " would still
 * start a list): the characters \ * [ ] | # _ ` < > get a backslash, and
 * line breaks (CR, LF) become spaces. */
int lk_md_escape(struct lk_buf *out, const char *s);

/* ---- converters ------------------------------------------------------ */

/* A whole HTML5 page (inline CSS, no external resources) appended to
 * out.  o may be NULL (English, no drill links). */
int lk_md_to_html(const char *md, size_t len, const struct lk_doc_opts *o,
		  struct lk_buf *out, struct lk_err *err);
/* The bytes of a whole .docx file appended to out. */
int lk_md_to_docx(const char *md, size_t len, const struct lk_doc_opts *o,
		  struct lk_buf *out, struct lk_err *err);

/* Helpers shared by the writers: XML/HTML text escaping of s (& < > "
 * and ') and percent-encoding of a URL component (RFC 3986 unreserved
 * characters kept). */
int lk_doc_xml_escape(struct lk_buf *out, const char *s);
int lk_doc_url_escape(struct lk_buf *out, const char *s);

#endif
