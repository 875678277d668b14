/*
 * doc_html.c - the markdown subset (doc.h) as one self-contained HTML5
 * page: inline CSS for screen and A4 print, every text escaped.
 */
#include <string.h>

#include "core/i18n.h"
#include "report/doc.h"

static const char css[] =
	"body{margin:0;background:#f4f4f4;color:#111;"
	"font-family:\"Noto Serif CJK SC\",\"Source Han Serif SC\",SimSun,"
	"\"Songti SC\",\"Times New Roman\",serif;font-size:11pt;"
	"line-height:1.6}\n"
	"main{max-width:180mm;margin:1em auto;background:#fff;"
	"padding:15mm 18mm;box-shadow:0 0 4px #bbb}\n"
	"h1,h2,h3,h4{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\","
	"SimHei,\"Microsoft YaHei\",\"PingFang SC\",Arial,sans-serif;"
	"line-height:1.3;margin:1.1em 0 .5em;page-break-after:avoid;"
	"break-after:avoid}\n"
	"h1{font-size:18pt}h1.title{font-size:22pt;text-align:center;"
	"margin-top:.3em}\nh2{font-size:15pt}h3{font-size:13pt}"
	"h4{font-size:11.5pt}\n"
	"p{margin:.45em 0;text-align:justify}\n"
	"ul,ol{margin:.4em 0;padding-left:2em}\n"
	"table{border-collapse:collapse;width:100%;margin:.6em 0;"
	"font-size:10pt;page-break-inside:auto}\n"
	"th,td{border:1px solid #444;padding:3px 6px;vertical-align:top}\n"
	"th{background:#e8e8e8;font-weight:bold}\n"
	"thead{display:table-header-group}tr{page-break-inside:avoid;"
	"break-inside:avoid}\n"
	".l{text-align:left}.c{text-align:center}.r{text-align:right}\n"
	"a{color:#0645ad}a.fig{text-decoration:none;border-bottom:1px dotted "
	"#0645ad}.fig{font-weight:bold}\n"
	".pagebreak{height:0;border-top:1px dashed #bbb;margin:2em -18mm;"
	"page-break-after:always;break-after:page}\n"
	"@page{size:A4;margin:18mm 16mm}\n"
	"@media print{body{background:#fff;font-size:10.5pt}"
	"main{max-width:none;margin:0;padding:0;box-shadow:none}"
	".pagebreak{border:0;margin:0}a{color:inherit;text-decoration:none}"
	"a.fig{border:0}}\n";

static int add_spans_range(struct lk_buf *o, const struct lk_md_span *s,
			   size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && !rc; i++) {
		if ((s[i].style & LK_MD_BOLD) && (rc = lk_buf_adds(o, "<strong>")))
			break;
		if ((s[i].style & LK_MD_ITALIC) && (rc = lk_buf_adds(o, "<em>")))
			break;
		if ((rc = lk_doc_xml_escape(o, s[i].text)))
			break;
		if ((s[i].style & LK_MD_ITALIC) && (rc = lk_buf_adds(o, "</em>")))
			break;
		if (s[i].style & LK_MD_BOLD)
			rc = lk_buf_adds(o, "</strong>");
	}
	return rc;
}

static int add_inl(struct lk_buf *o, const struct lk_md_inl *in,
		   const struct lk_doc_opts *opt)
{
	size_t i = 0, j;
	int rc = 0;

	while (i < in->n && !rc) {
		const struct lk_md_span *s = &in->s[i];
		for (j = i + 1; j < in->n && in->s[j].link == s->link &&
				s->link;
		     j++)
			;
		if (!s->link || s->link_kind == LK_MD_NOLINK) {
			rc = add_spans_range(o, s, j - i);
		} else if (s->link_kind == LK_MD_DRILL && !opt->drill_prefix) {
			if (!(rc = lk_buf_adds(o, "<span class=\"fig\">")) &&
			    !(rc = add_spans_range(o, s, j - i)))
				rc = lk_buf_adds(o, "</span>");
		} else if (s->link_kind == LK_MD_DRILL) {
			struct lk_buf u = LK_BUF_INIT(4 * LK_DOC_NAME_MAX + 4096);
			if (!(rc = lk_buf_adds(&u, opt->drill_prefix)) &&
			    !(rc = lk_doc_url_escape(&u, s->link)) &&
			    !(rc = lk_buf_adds(o, "<a class=\"fig\" href=\"")) &&
			    !(rc = lk_doc_xml_escape(o, lk_buf_str(&u))) &&
			    !(rc = lk_buf_adds(o, "\">")) &&
			    !(rc = add_spans_range(o, s, j - i)))
				rc = lk_buf_adds(o, "</a>");
			lk_buf_free(&u);
		} else {
			if (!(rc = lk_buf_adds(o, "<a href=\"")) &&
			    !(rc = lk_doc_xml_escape(o, s->link)) &&
			    !(rc = lk_buf_adds(o, "\">")) &&
			    !(rc = add_spans_range(o, s, j - i)))
				rc = lk_buf_adds(o, "</a>");
		}
		i = j;
	}
	return rc;
}

static const char *align_class(enum lk_md_align a)
{
	switch (a) {
	case LK_MD_ALIGN_LEFT: return " class=\"l\"";
	case LK_MD_ALIGN_CENTER: return " class=\"c\"";
	case LK_MD_ALIGN_RIGHT: return " class=\"r\"";
	default: return "";
	}
}

static int add_table(struct lk_buf *o, const struct lk_md_block *b,
		     const struct lk_doc_opts *opt)
{
	size_t r, c;
	int rc = lk_buf_adds(o, "<table>\n");

	for (r = 0; r < b->rows && !rc; r++) {
		const char *cell = r == 0 ? "th" : "td";
		if ((r == 0 && (rc = lk_buf_adds(o, "<thead>"))) ||
		    (r == 1 && (rc = lk_buf_adds(o, "<tbody>\n"))) ||
		    (rc = lk_buf_adds(o, "<tr>")))
			break;
		for (c = 0; c < b->cols && !rc; c++) {
			if (!(rc = lk_buf_printf(o, "<%s%s>", cell,
						 align_class(b->align[c]))) &&
			    !(rc = add_inl(o, &b->items[r * b->cols + c], opt)))
				rc = lk_buf_printf(o, "</%s>", cell);
		}
		if (!rc)
			rc = lk_buf_adds(o, r == 0 ? "</tr></thead>\n" : "</tr>\n");
	}
	if (!rc && b->rows > 1)
		rc = lk_buf_adds(o, "</tbody>\n");
	if (!rc)
		rc = lk_buf_adds(o, "</table>\n");
	return rc;
}

static int add_block(struct lk_buf *o, const struct lk_md_block *b,
		     const struct lk_doc_opts *opt)
{
	size_t i;
	int rc = 0;

	switch (b->kind) {
	case LK_MD_HEADING:
		if (!(rc = lk_buf_printf(o, "<h%d%s>", b->level,
					 b->is_title ? " class=\"title\"" : "")) &&
		    !(rc = add_inl(o, &b->inl, opt)))
			rc = lk_buf_printf(o, "</h%d>\n", b->level);
		break;
	case LK_MD_PARA:
		if (!(rc = lk_buf_adds(o, "<p>")) &&
		    !(rc = add_inl(o, &b->inl, opt)))
			rc = lk_buf_adds(o, "</p>\n");
		break;
	case LK_MD_ULIST:
	case LK_MD_OLIST:
		if (b->kind == LK_MD_ULIST)
			rc = lk_buf_adds(o, "<ul>\n");
		else if (b->start != 1)
			rc = lk_buf_printf(o, "<ol start=\"%d\">\n", b->start);
		else
			rc = lk_buf_adds(o, "<ol>\n");
		for (i = 0; i < b->nitems && !rc; i++)
			if (!(rc = lk_buf_adds(o, "<li>")) &&
			    !(rc = add_inl(o, &b->items[i], opt)))
				rc = lk_buf_adds(o, "</li>\n");
		if (!rc)
			rc = lk_buf_adds(o, b->kind == LK_MD_ULIST ? "</ul>\n"
								   : "</ol>\n");
		break;
	case LK_MD_TABLE:
		rc = add_table(o, b, opt);
		break;
	case LK_MD_PAGEBREAK:
		rc = lk_buf_adds(o, "<div class=\"pagebreak\"></div>\n");
		break;
	}
	return rc;
}

int lk_md_to_html(const char *md, size_t len, const struct lk_doc_opts *o,
		  struct lk_buf *out, struct lk_err *err)
{
	static const struct lk_doc_opts dflt = {LK_LANG_EN, NULL, NULL};
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_md_doc doc;
	const char *title;
	size_t i;
	int rc, parsed = 0;

	if (!o)
		o = &dflt;
	if ((rc = lk_md_parse(md, len, &a, &doc, err)))
		goto out;
	parsed = 1;
	title = o->title ? o->title : doc.title ? doc.title : "lika";
	if ((rc = lk_buf_printf(out,
				"<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
				"<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
				"content=\"width=device-width, initial-scale=1\">\n"
				"<meta name=\"generator\" content=\"lika\">\n"
				"<title>",
				o->lang == LK_LANG_ZH ? "zh-CN" : "en")) ||
	    (rc = lk_doc_xml_escape(out, title)) ||
	    (rc = lk_buf_printf(out, "</title>\n<style>\n%s</style>\n</head>\n"
				     "<body>\n<main>\n",
				css)))
		goto out;
	for (i = 0; i < doc.n; i++)
		if ((rc = add_block(out, &doc.b[i], o)))
			goto out;
	rc = lk_buf_adds(out, "</main>\n</body>\n</html>\n");
out:
	if (parsed && (rc == LK_ENOMEM || rc == LK_ETOOBIG))
		lk_err_set(err, rc, "%s",
			   rc == LK_ENOMEM
				   ? _("out of memory writing the HTML document")
				   : _("the HTML document exceeds its size "
				       "limit"));
	lk_arena_free(&a);
	return rc;
}
