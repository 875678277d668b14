/*
 * doc_docx.c - the markdown subset (doc.h) as a Word document (Office
 * Open XML, WordprocessingML), zipped with libzip in memory.
 *
 * Parts: [Content_Types].xml, _rels/.rels, word/document.xml with its
 * relationships, word/styles.xml (Normal, Title, Heading1-4,
 * ListParagraph, Hyperlink, Table Grid), word/numbering.xml (a bullet
 * list and one restartable decimal list per numbered list),
 * word/settings.xml, docProps/core.xml and docProps/app.xml.  Runs take
 * the default fonts of the document: Times New Roman for Latin text and
 * SimSun (宋体) for East Asian text, SimHei (黑体) in headings; the page
 * is A4 with 2.54 cm top and bottom and 2.2 cm side margins.  Zip entry
 * times and document dates come from the clock (LIKA_NOW pins them), so
 * the same input gives the same bytes.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "core/date.h"
#include "core/i18n.h"
#include "report/doc.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define R_NS                                                                   \
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define REL_T R_NS "/"
#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define TEXT_W 9412 /* twips between the margins: 11906 - 2 * 1247 */
#define MAX_PARTS 12

struct wr {
	struct lk_buf doc, rels, num;
	int nlinks;   /* hyperlink relationships */
	int nnum;     /* numbering instances (1 = bullets) */
	enum lk_lang lang;
};

static const char content_types[] =
	XML_HEAD
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
	"content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/"
	"vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	"\"/>"
	"<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
	"<Override PartName=\"/word/settings.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
	"<Override PartName=\"/word/numbering.xml\" ContentType=\""
	"application/vnd.openxmlformats-officedocument.wordprocessingml."
	"numbering+xml\"/>"
	"<Override PartName=\"/docProps/core.xml\" ContentType=\"application/"
	"vnd.openxmlformats-package.core-properties+xml\"/>"
	"<Override PartName=\"/docProps/app.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
	"</Types>";

static const char root_rels[] =
	XML_HEAD
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
	"2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" REL_T "officeDocument\" "
	"Target=\"word/document.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
	"package/2006/relationships/metadata/core-properties\" "
	"Target=\"docProps/core.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"" REL_T "extended-properties\" "
	"Target=\"docProps/app.xml\"/>"
	"</Relationships>";

#define HEADING(id, name, lvl, sz)                                             \
	"<w:style w:type=\"paragraph\" w:styleId=\"" id "\"><w:name w:val=\""  \
	name "\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/>"     \
	"<w:uiPriority w:val=\"9\"/><w:qFormat/><w:pPr><w:keepNext/>"          \
	"<w:keepLines/><w:spacing w:before=\"240\" w:after=\"120\"/>"         \
	"<w:outlineLvl w:val=\"" lvl "\"/></w:pPr><w:rPr><w:rFonts "           \
	"w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"SimHei\"/><w:b/>"    \
	"<w:bCs/><w:sz w:val=\"" sz "\"/><w:szCs w:val=\"" sz "\"/></w:rPr>"   \
	"</w:style>"

static const char styles_head[] =
	XML_HEAD "<w:styles xmlns:w=\"" W_NS "\"><w:docDefaults><w:rPrDefault>"
	"<w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New "
	"Roman\" w:eastAsia=\"SimSun\" w:cs=\"Times New Roman\"/>"
	"<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>";
static const char styles_tail[] =
	"</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"120\" "
	"w:line=\"300\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>"
	"</w:docDefaults>"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
	"<w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
	"<w:style w:type=\"character\" w:default=\"1\" "
	"w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph "
	"Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name "
	"w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/>"
	"<w:uiPriority w:val=\"10\"/><w:qFormat/><w:pPr><w:keepNext/>"
	"<w:spacing w:before=\"240\" w:after=\"360\"/><w:jc w:val=\"center\"/>"
	"<w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:rFonts w:ascii=\"Arial\" "
	"w:hAnsi=\"Arial\" w:eastAsia=\"SimHei\"/><w:b/><w:bCs/>"
	"<w:sz w:val=\"40\"/><w:szCs w:val=\"40\"/></w:rPr></w:style>"
	HEADING("Heading1", "heading 1", "0", "32")
	HEADING("Heading2", "heading 2", "1", "28")
	HEADING("Heading3", "heading 3", "2", "26")
	HEADING("Heading4", "heading 4", "3", "24")
	"<w:style w:type=\"paragraph\" w:styleId=\"ListParagraph\"><w:name "
	"w:val=\"List Paragraph\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:uiPriority w:val=\"34\"/><w:qFormat/><w:pPr><w:spacing "
	"w:after=\"60\"/><w:ind w:left=\"720\"/><w:jc w:val=\"left\"/></w:pPr>"
	"</w:style>"
	"<w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name "
	"w:val=\"Hyperlink\"/><w:rPr><w:color w:val=\"0563C1\"/><w:u "
	"w:val=\"single\"/></w:rPr></w:style>"
	"<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">"
	"<w:name w:val=\"Normal Table\"/><w:semiHidden/><w:tblPr><w:tblInd "
	"w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" "
	"w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom "
	"w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>"
	"</w:tblCellMar></w:tblPr></w:style>"
	"<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name "
	"w:val=\"Table Grid\"/><w:basedOn w:val=\"TableNormal\"/>"
	"<w:uiPriority w:val=\"39\"/><w:pPr><w:spacing w:before=\"20\" "
	"w:after=\"20\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc "
	"w:val=\"left\"/></w:pPr><w:rPr><w:sz w:val=\"20\"/><w:szCs "
	"w:val=\"20\"/></w:rPr><w:tblPr><w:tblBorders>"
	"<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
	"<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
	"<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
	"w:color=\"000000\"/>"
	"<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
	"w:color=\"000000\"/>"
	"<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
	"w:color=\"000000\"/>"
	"<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
	"w:color=\"000000\"/>"
	"</w:tblBorders></w:tblPr></w:style>"
	"</w:styles>";

static const char settings[] =
	XML_HEAD "<w:settings xmlns:w=\"" W_NS "\"><w:zoom w:percent=\"100\"/>"
	"<w:defaultTabStop w:val=\"420\"/>"
	"<w:characterSpacingControl w:val=\"compressPunctuation\"/>"
	"<w:compat><w:compatSetting w:name=\"compatibilityMode\" "
	"w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/>"
	"</w:compat><w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>"
	"</w:settings>";

static const char app_xml[] =
	XML_HEAD "<Properties xmlns=\"http://schemas.openxmlformats.org/"
	"officeDocument/2006/extended-properties\" xmlns:vt=\"http://"
	"schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
	"<Application>lika " LK_VERSION "</Application><DocSecurity>0"
	"</DocSecurity></Properties>";

static const char numbering_head[] =
	XML_HEAD "<w:numbering xmlns:w=\"" W_NS "\">"
	"<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType "
	"w:val=\"singleLevel\"/><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>"
	"<w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\xE2\x80\xA2\"/>"
	"<w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"720\" "
	"w:hanging=\"360\"/></w:pPr></w:lvl></w:abstractNum>"
	"<w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType "
	"w:val=\"singleLevel\"/><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>"
	"<w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/>"
	"<w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"720\" "
	"w:hanging=\"360\"/></w:pPr></w:lvl></w:abstractNum>"
	"<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>";

/* Text of a run: tabs become <w:tab/>. */
static int add_text(struct lk_buf *o, const char *s)
{
	const char *tab;
	int rc = 0;

	while (!rc) {
		tab = strchr(s, '\t');
		if ((rc = lk_buf_adds(o, "<w:t xml:space=\"preserve\">")))
			break;
		if (tab) {
			char *part = strndup(s, (size_t)(tab - s));
			if (!part)
				return LK_ENOMEM;
			rc = lk_doc_xml_escape(o, part);
			free(part);
		} else {
			rc = lk_doc_xml_escape(o, s);
		}
		if (rc || (rc = lk_buf_adds(o, "</w:t>")) || !tab)
			break;
		if ((rc = lk_buf_adds(o, "<w:tab/>")))
			break;
		s = tab + 1;
	}
	return rc;
}

static int add_run(struct lk_buf *o, const struct lk_md_span *s, int link,
		   int bold)
{
	unsigned st = s->style | (bold ? LK_MD_BOLD : 0);
	int rc;

	if ((rc = lk_buf_adds(o, "<w:r>")))
		return rc;
	if (st || link) {
		if ((rc = lk_buf_adds(o, "<w:rPr>")) ||
		    (link && (rc = lk_buf_adds(o, "<w:rStyle w:val=\"Hyperlink\"/>"))) ||
		    ((st & LK_MD_BOLD) && (rc = lk_buf_adds(o, "<w:b/><w:bCs/>"))) ||
		    ((st & LK_MD_ITALIC) && (rc = lk_buf_adds(o, "<w:i/><w:iCs/>"))) ||
		    (rc = lk_buf_adds(o, "</w:rPr>")))
			return rc;
	}
	if ((rc = add_text(o, s->text)))
		return rc;
	return lk_buf_adds(o, "</w:r>");
}

/* The runs of an inline sequence; URL links become hyperlinks (except
 * fragments), figures plain text. */
static int add_inl(struct wr *w, const struct lk_md_inl *in, int bold)
{
	struct lk_buf *o = &w->doc;
	size_t i = 0, j;
	int rc = 0;

	while (i < in->n && !rc) {
		const struct lk_md_span *s = &in->s[i];
		int link = s->link && s->link_kind == LK_MD_URL &&
			   s->link[0] != '#';
		for (j = i + 1; j < in->n && s->link && in->s[j].link == s->link;
		     j++)
			;
		if (link) {
			w->nlinks++;
			if ((rc = lk_buf_printf(&w->rels,
						"<Relationship Id=\"rIdL%d\" "
						"Type=\"" REL_T "hyperlink\" "
						"Target=\"",
						w->nlinks)) ||
			    (rc = lk_doc_xml_escape(&w->rels, s->link)) ||
			    (rc = lk_buf_adds(&w->rels,
					      "\" TargetMode=\"External\"/>")) ||
			    (rc = lk_buf_printf(o, "<w:hyperlink r:id=\"rIdL%d\">",
						w->nlinks)))
				break;
		}
		for (; i < j && !rc; i++)
			rc = add_run(o, &in->s[i], link, bold);
		if (!rc && link)
			rc = lk_buf_adds(o, "</w:hyperlink>");
	}
	return rc;
}

static int add_para(struct wr *w, const char *style, const char *jc,
		    int num, const struct lk_md_inl *in, int bold)
{
	struct lk_buf *o = &w->doc;
	int rc;

	if ((rc = lk_buf_adds(o, "<w:p>")))
		return rc;
	if (style || jc || num) {
		if ((rc = lk_buf_adds(o, "<w:pPr>")) ||
		    (style && (rc = lk_buf_printf(o, "<w:pStyle w:val=\"%s\"/>",
						  style))) ||
		    (num && (rc = lk_buf_printf(o,
						"<w:numPr><w:ilvl w:val=\"0\"/>"
						"<w:numId w:val=\"%d\"/>"
						"</w:numPr>",
						num))) ||
		    (jc && (rc = lk_buf_printf(o, "<w:jc w:val=\"%s\"/>", jc))) ||
		    (rc = lk_buf_adds(o, "</w:pPr>")))
			return rc;
	}
	if ((rc = add_inl(w, in, bold)))
		return rc;
	return lk_buf_adds(o, "</w:p>");
}

/* Display width of a cell's text (2 for a wide, non-ASCII character)
 * into *w, and of its longest unbreakable piece into *word: a Latin word,
 * or up to 4 wide characters (a name). */
static void text_width(const struct lk_md_inl *in, size_t *w, size_t *word)
{
	size_t i, run = 0, wide = 0;
	const unsigned char *s;

	*w = *word = 0;
	for (i = 0; i < in->n; i++)
		for (s = (const unsigned char *)in->s[i].text; *s; s++) {
			if (*s == ' ' || *s == '\t') {
				(*w)++;
				run = wide = 0;
				continue;
			}
			if (*s >= 0x80 && (*s & 0xC0) == 0x80)
				continue;
			if (*s < 0x80) {
				(*w)++;
				run++;
				wide = 0;
			} else {
				*w += 2;
				run = 0;
				if (wide < 4)
					wide++;
			}
			if (run > *word)
				*word = run;
			if (2 * wide > *word)
				*word = 2 * wide;
		}
}

/* Column widths in twips: every column gets its longest word (up to 20
 * characters), the rest of the line is shared by what the columns
 * would like (their longest cell, up to 40 characters). */
static void col_widths(const struct lk_md_block *b, size_t *tw)
{
	enum { LINE = 94 }; /* characters of 10 pt on the text width */
	size_t mn[LK_DOC_TABLE_COLS], want[LK_DOC_TABLE_COLS];
	size_t r, c, w, word, smin = 0, swant = 0, sum = 0;

	for (c = 0; c < b->cols; c++) {
		mn[c] = want[c] = 2;
		for (r = 0; r < b->rows; r++) {
			text_width(&b->items[r * b->cols + c], &w, &word);
			if (word > mn[c])
				mn[c] = word > 20 ? 20 : word;
			if (w > want[c])
				want[c] = w > 40 ? 40 : w;
		}
		mn[c] += 3; /* cell margins */
		want[c] += 3;
		if (want[c] < mn[c])
			want[c] = mn[c];
		smin += mn[c];
		swant += want[c];
	}
	for (c = 0; c < b->cols; c++) {
		if (swant <= LINE)
			w = want[c] * 1000;
		else if (smin >= LINE)
			w = mn[c] * 1000;
		else
			w = mn[c] * 1000 + (want[c] - mn[c]) * 1000 *
						   (LINE - smin) / (swant - smin);
		tw[c] = w;
		sum += w;
	}
	for (c = 0; c < b->cols; c++)
		tw[c] = (size_t)TEXT_W * tw[c] / sum;
}

static int add_table(struct wr *w, const struct lk_md_block *b)
{
	static const char *const jc[] = {NULL, "left", "center", "right"};
	struct lk_buf *o = &w->doc;
	size_t r, c, wid[LK_DOC_TABLE_COLS];
	int rc;

	col_widths(b, wid);
	if ((rc = lk_buf_adds(o, "<w:tbl><w:tblPr><w:tblStyle "
				 "w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" "
				 "w:type=\"pct\"/><w:tblLayout "
				 "w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" "
				 "w:firstRow=\"1\" w:lastRow=\"0\" "
				 "w:firstColumn=\"0\" w:lastColumn=\"0\" "
				 "w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr>"
				 "<w:tblGrid>")))
		return rc;
	for (c = 0; c < b->cols; c++)
		if ((rc = lk_buf_printf(o, "<w:gridCol w:w=\"%zu\"/>",
					wid[c])))
			return rc;
	if ((rc = lk_buf_adds(o, "</w:tblGrid>")))
		return rc;
	for (r = 0; r < b->rows; r++) {
		if ((rc = lk_buf_adds(o, r == 0 ? "<w:tr><w:trPr><w:cantSplit/>"
						  "<w:tblHeader/></w:trPr>"
						: "<w:tr><w:trPr><w:cantSplit/>"
						  "</w:trPr>")))
			return rc;
		for (c = 0; c < b->cols; c++) {
			if ((rc = lk_buf_printf(o, "<w:tc><w:tcPr><w:tcW "
						   "w:w=\"%zu\" w:type=\"dxa\"/>%s"
						   "</w:tcPr>",
						wid[c],
						r == 0 ? "<w:shd w:val=\"clear\" "
							 "w:color=\"auto\" "
							 "w:fill=\"E8E8E8\"/>"
						       : "")) ||
			    (rc = add_para(w, NULL,
					   r == 0 && !b->align[c]
						   ? "center"
						   : jc[b->align[c]],
					   0, &b->items[r * b->cols + c],
					   r == 0)) ||
			    (rc = lk_buf_adds(o, "</w:tc>")))
				return rc;
		}
		if ((rc = lk_buf_adds(o, "</w:tr>")))
			return rc;
	}
	return lk_buf_adds(o, "</w:tbl>");
}

static int add_blocks(struct wr *w, const struct lk_md_doc *d)
{
	static const struct lk_md_inl empty = {NULL, 0};
	static const char *const hs[] = {"Heading1", "Heading2", "Heading3",
					 "Heading4"};
	size_t i, k;
	int rc = 0, num;

	for (i = 0; i < d->n && !rc; i++) {
		const struct lk_md_block *b = &d->b[i];
		switch (b->kind) {
		case LK_MD_HEADING:
			rc = add_para(w, b->is_title ? "Title" : hs[b->level - 1],
				      NULL, 0, &b->inl, 0);
			break;
		case LK_MD_PARA:
			rc = add_para(w, NULL, NULL, 0, &b->inl, 0);
			break;
		case LK_MD_ULIST:
		case LK_MD_OLIST:
			num = 1;
			if (b->kind == LK_MD_OLIST) {
				num = ++w->nnum;
				rc = lk_buf_printf(&w->num,
						   "<w:num w:numId=\"%d\">"
						   "<w:abstractNumId w:val=\"1\"/>"
						   "<w:lvlOverride w:ilvl=\"0\">"
						   "<w:startOverride w:val=\"%d\"/>"
						   "</w:lvlOverride></w:num>",
						   num, b->start);
			}
			for (k = 0; k < b->nitems && !rc; k++)
				rc = add_para(w, "ListParagraph", NULL, num,
					      &b->items[k], 0);
			break;
		case LK_MD_TABLE:
			/* Word joins adjacent tables: keep a paragraph
			 * between them */
			if (i > 0 && d->b[i - 1].kind == LK_MD_TABLE)
				rc = add_para(w, NULL, NULL, 0, &empty, 0);
			if (!rc)
				rc = add_table(w, b);
			break;
		case LK_MD_PAGEBREAK:
			rc = lk_buf_adds(&w->doc, "<w:p><w:r><w:br "
						  "w:type=\"page\"/></w:r></w:p>");
			break;
		}
	}
	if (!rc && d->n && d->b[d->n - 1].kind == LK_MD_TABLE)
		rc = add_para(w, NULL, NULL, 0, &empty, 0);
	return rc;
}

/* W3CDTF time of the clock, in UTC. */
static void w3c_now(char out[32])
{
	time_t t = (time_t)lk_now_unix();
	struct tm tm;

	if (!gmtime_r(&t, &tm))
		memset(&tm, 0, sizeof tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

struct part {
	const char *name;
	const char *data;
	size_t len;
};

/* Zips the parts in memory and appends the archive to out. */
static int zip_parts(const struct part *p, size_t n, struct lk_buf *out,
		     struct lk_err *err)
{
	zip_error_t ze;
	zip_source_t *src = NULL, *ps;
	zip_t *za = NULL;
	zip_stat_t st;
	zip_int64_t idx, got;
	time_t mtime = (time_t)lk_now_unix();
	char chunk[16384];
	size_t i;
	int rc = 0, opened = 0;

	zip_error_init(&ze);
	if (!(src = zip_source_buffer_create(NULL, 0, 0, &ze)) ||
	    !(za = zip_open_from_source(src, ZIP_TRUNCATE, &ze))) {
		rc = lk_err_set(err, LK_EINTERNAL, _("cannot create the DOCX "
						     "archive: %s"),
				zip_error_strerror(&ze));
		goto out;
	}
	zip_source_keep(src);
	for (i = 0; i < n; i++) {
		if (!(ps = zip_source_buffer(za, p[i].data, p[i].len, 0)))
			goto zfail;
		if ((idx = zip_file_add(za, p[i].name, ps, ZIP_FL_ENC_UTF_8)) < 0) {
			zip_source_free(ps);
			goto zfail;
		}
		if (zip_set_file_compression(za, (zip_uint64_t)idx,
					     ZIP_CM_DEFLATE, 6) ||
		    zip_file_set_mtime(za, (zip_uint64_t)idx, mtime, 0))
			goto zfail;
	}
	if (zip_close(za) < 0)
		goto zfail;
	za = NULL;
	if (zip_source_open(src) < 0 || (opened = 1, zip_source_stat(src, &st)) < 0)
		goto sfail;
	while ((got = zip_source_read(src, chunk, sizeof chunk)) > 0)
		if ((rc = lk_buf_add(out, chunk, (size_t)got))) {
			lk_err_set(err, rc, "%s",
				   rc == LK_ETOOBIG
					   ? _("the DOCX document exceeds its "
					       "size limit")
					   : _("out of memory writing the DOCX "
					       "document"));
			goto out;
		}
	if (got < 0)
		goto sfail;
	goto out;
zfail:
	rc = lk_err_set(err, LK_EINTERNAL, _("cannot write the DOCX archive: "
					     "%s"),
			zip_strerror(za));
	goto out;
sfail:
	rc = lk_err_set(err, LK_EINTERNAL, _("cannot read back the DOCX "
					     "archive: %s"),
			zip_error_strerror(zip_source_error(src)));
out:
	if (za)
		zip_discard(za);
	if (opened)
		zip_source_close(src);
	if (src)
		zip_source_free(src);
	zip_error_fini(&ze);
	return rc;
}

int lk_md_to_docx(const char *md, size_t len, const struct lk_doc_opts *o,
		  struct lk_buf *out, struct lk_err *err)
{
	static const struct lk_doc_opts dflt = {LK_LANG_EN, NULL, NULL};
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_buf styles = LK_BUF_INIT(1u << 16),
		      core = LK_BUF_INIT(1u << 16),
		      drels = LK_BUF_INIT(LK_DOC_INPUT_MAX);
	struct lk_md_doc doc;
	struct wr w;
	struct part parts[MAX_PARTS];
	const char *title, *lang;
	char now[32];
	size_t np = 0;
	int rc, parsed = 0;

	if (!o)
		o = &dflt;
	memset(&w, 0, sizeof w);
	w.lang = o->lang;
	w.nnum = 1;
	lk_buf_init(&w.doc, 4 * (size_t)LK_DOC_INPUT_MAX);
	lk_buf_init(&w.rels, LK_DOC_INPUT_MAX);
	lk_buf_init(&w.num, LK_DOC_INPUT_MAX);
	lang = o->lang == LK_LANG_ZH ? "zh-CN" : "en-US";
	if ((rc = lk_md_parse(md, len, &a, &doc, err)))
		goto out;
	parsed = 1;
	title = o->title ? o->title : doc.title ? doc.title : "lika";
	if ((rc = lk_buf_adds(&w.doc, XML_HEAD "<w:document xmlns:w=\"" W_NS
					      "\" xmlns:r=\"" R_NS "\"><w:body>")) ||
	    (rc = lk_buf_adds(&w.num, numbering_head)) ||
	    (rc = add_blocks(&w, &doc)) ||
	    (rc = lk_buf_adds(&w.doc,
			      "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
			      "<w:pgMar w:top=\"1440\" w:right=\"1247\" "
			      "w:bottom=\"1440\" w:left=\"1247\" "
			      "w:header=\"851\" w:footer=\"992\" "
			      "w:gutter=\"0\"/><w:cols w:space=\"425\"/>"
			      "<w:docGrid w:linePitch=\"312\"/></w:sectPr>"
			      "</w:body></w:document>")) ||
	    (rc = lk_buf_adds(&w.num, "</w:numbering>")))
		goto out;
	if ((rc = lk_buf_adds(&drels,
			      XML_HEAD "<Relationships xmlns=\"http://"
				       "schemas.openxmlformats.org/package/"
				       "2006/relationships\">"
				       "<Relationship Id=\"rId1\" Type=\"" REL_T
				       "styles\" Target=\"styles.xml\"/>"
				       "<Relationship Id=\"rId2\" Type=\"" REL_T
				       "settings\" Target=\"settings.xml\"/>"
				       "<Relationship Id=\"rId3\" Type=\"" REL_T
				       "numbering\" Target=\"numbering.xml\"/>")) ||
	    (rc = lk_buf_add(&drels, w.rels.ptr ? w.rels.ptr : "", w.rels.len)) ||
	    (rc = lk_buf_adds(&drels, "</Relationships>")))
		goto out;
	if ((rc = lk_buf_adds(&styles, styles_head)) ||
	    (rc = lk_buf_printf(&styles,
				"<w:lang w:val=\"%s\" w:eastAsia=\"zh-CN\" "
				"w:bidi=\"ar-SA\"/>",
				lang)) ||
	    (rc = lk_buf_adds(&styles, styles_tail)))
		goto out;
	w3c_now(now);
	if ((rc = lk_buf_adds(&core,
			      XML_HEAD "<cp:coreProperties xmlns:cp=\"http://"
				       "schemas.openxmlformats.org/package/2006/"
				       "metadata/core-properties\" xmlns:dc=\""
				       "http://purl.org/dc/elements/1.1/\" "
				       "xmlns:dcterms=\"http://purl.org/dc/"
				       "terms/\" xmlns:dcmitype=\"http://purl."
				       "org/dc/dcmitype/\" xmlns:xsi=\"http://"
				       "www.w3.org/2001/XMLSchema-instance\">"
				       "<dc:title>")) ||
	    (rc = lk_doc_xml_escape(&core, title)) ||
	    (rc = lk_buf_printf(&core,
				"</dc:title><dc:creator>lika</dc:creator>"
				"<dc:language>%s</dc:language>"
				"<dcterms:created xsi:type=\"dcterms:W3CDTF\">"
				"%s</dcterms:created><dcterms:modified "
				"xsi:type=\"dcterms:W3CDTF\">%s"
				"</dcterms:modified></cp:coreProperties>",
				lang, now, now)))
		goto out;
#define PART(n, d, l) (parts[np].name = (n), parts[np].data = (d), \
		       parts[np].len = (l), np++)
	PART("[Content_Types].xml", content_types, sizeof content_types - 1);
	PART("_rels/.rels", root_rels, sizeof root_rels - 1);
	PART("word/document.xml", w.doc.ptr, w.doc.len);
	PART("word/_rels/document.xml.rels", drels.ptr, drels.len);
	PART("word/styles.xml", styles.ptr, styles.len);
	PART("word/settings.xml", settings, sizeof settings - 1);
	PART("word/numbering.xml", w.num.ptr, w.num.len);
	PART("docProps/core.xml", core.ptr, core.len);
	PART("docProps/app.xml", app_xml, sizeof app_xml - 1);
#undef PART
	rc = zip_parts(parts, np, out, err);
	parsed = 0; /* zip_parts set its own message */
out:
	if (parsed && (rc == LK_ENOMEM || rc == LK_ETOOBIG))
		lk_err_set(err, rc, "%s",
			   rc == LK_ENOMEM
				   ? _("out of memory writing the DOCX document")
				   : _("the DOCX document exceeds its size "
				       "limit"));
	lk_buf_free(&w.doc);
	lk_buf_free(&w.rels);
	lk_buf_free(&w.num);
	lk_buf_free(&styles);
	lk_buf_free(&core);
	lk_buf_free(&drels);
	lk_arena_free(&a);
	return rc;
}
