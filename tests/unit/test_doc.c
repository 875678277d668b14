/* The markdown subset (report/doc.h): parsing of every construct,
 * escaping, drill links, and the HTML and DOCX writers (the DOCX opened
 * again with libzip). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "report/doc.h"

struct pd {
	struct lk_arena a;
	struct lk_md_doc d;
	struct lk_err e;
};

static void parse(struct pd *p, const char *md)
{
	int rc;

	p->a = (struct lk_arena)LK_ARENA_INIT(0);
	memset(&p->e, 0, sizeof p->e);
	rc = lk_md_parse(md, strlen(md), &p->a, &p->d, &p->e);
	if (rc)
		fail_msg("parse failed: %d %s", rc, p->e.msg);
}

/* Plain text of an inline sequence (static buffer). */
static const char *plain(const struct lk_md_inl *in)
{
	static char s[4096];
	struct lk_buf b = LK_BUF_INIT(4000);

	assert_int_equal(lk_md_plain(in, &b), 0);
	snprintf(s, sizeof s, "%s", lk_buf_str(&b));
	lk_buf_free(&b);
	return s;
}

static void test_headings(void **state)
{
	struct pd p;

	(void)state;
	parse(&p, "# Title #\n## Part I\n### A\n#### B ##\n##### five\n\n#no\n"
		  "# Second\n");
	assert_int_equal(p.d.n, 7);
	assert_int_equal(p.d.b[0].kind, LK_MD_HEADING);
	assert_int_equal(p.d.b[0].level, 1);
	assert_true(p.d.b[0].is_title);
	assert_string_equal(plain(&p.d.b[0].inl), "Title");
	assert_string_equal(p.d.title, "Title");
	assert_int_equal(p.d.b[1].level, 2);
	assert_string_equal(plain(&p.d.b[1].inl), "Part I");
	assert_int_equal(p.d.b[2].level, 3);
	assert_int_equal(p.d.b[3].level, 4);
	assert_string_equal(plain(&p.d.b[3].inl), "B");
	/* five hashes and no space after the hash are paragraphs */
	assert_int_equal(p.d.b[4].kind, LK_MD_PARA);
	assert_string_equal(plain(&p.d.b[4].inl), "##### five");
	assert_int_equal(p.d.b[5].kind, LK_MD_PARA);
	/* only the first level-1 heading is the title */
	assert_int_equal(p.d.b[6].level, 1);
	assert_false(p.d.b[6].is_title);
	lk_arena_free(&p.a);
}

static void test_paragraphs(void **state)
{
	struct pd p;

	(void)state;
	parse(&p, "one line\n  two line  \n\n\n中文第一行\n第二行\nend\n"
		  "\\newpage\nafter");
	assert_int_equal(p.d.n, 4);
	assert_int_equal(p.d.b[0].kind, LK_MD_PARA);
	assert_string_equal(plain(&p.d.b[0].inl), "one line two line");
	/* no space between two CJK characters, a space before Latin */
	assert_string_equal(plain(&p.d.b[1].inl), "中文第一行第二行 end");
	assert_int_equal(p.d.b[2].kind, LK_MD_PAGEBREAK);
	assert_string_equal(plain(&p.d.b[3].inl), "after");
	assert_null(p.d.title);
	lk_arena_free(&p.a);
}

static void test_lists(void **state)
{
	struct pd p;

	(void)state;
	parse(&p, "- apples\n- pears\n  and plums\n3. three\n4) four\n"
		  "text\n\n1. one\n# H\n");
	assert_int_equal(p.d.n, 4);
	assert_int_equal(p.d.b[0].kind, LK_MD_ULIST);
	assert_int_equal(p.d.b[0].nitems, 2);
	assert_string_equal(plain(&p.d.b[0].items[0]), "apples");
	assert_string_equal(plain(&p.d.b[0].items[1]), "pears and plums");
	assert_int_equal(p.d.b[1].kind, LK_MD_OLIST);
	assert_int_equal(p.d.b[1].start, 3);
	assert_int_equal(p.d.b[1].nitems, 2);
	/* a lazy line continues the last item */
	assert_string_equal(plain(&p.d.b[1].items[1]), "four text");
	assert_int_equal(p.d.b[2].kind, LK_MD_OLIST);
	assert_int_equal(p.d.b[2].start, 1);
	assert_int_equal(p.d.b[3].kind, LK_MD_HEADING);
	lk_arena_free(&p.a);
}

static void test_tables(void **state)
{
	struct pd p;
	const struct lk_md_block *t;

	(void)state;
	parse(&p, "intro\n| Name | Amount | Mid | Plain |\n"
		  "|:-----|-------:|:---:|---|\n"
		  "| 张三 | 1,200 | x | a \\| b |\n"
		  "| short |\n"
		  "| **b** | 2 | 3 | 4 | extra |\n"
		  "after\n\n| not | a table |\n| x |\n");
	assert_int_equal(p.d.n, 4);
	assert_int_equal(p.d.b[0].kind, LK_MD_PARA);
	t = &p.d.b[1];
	assert_int_equal(t->kind, LK_MD_TABLE);
	assert_int_equal(t->cols, 4);
	assert_int_equal(t->rows, 4);
	assert_int_equal(t->align[0], LK_MD_ALIGN_LEFT);
	assert_int_equal(t->align[1], LK_MD_ALIGN_RIGHT);
	assert_int_equal(t->align[2], LK_MD_ALIGN_CENTER);
	assert_int_equal(t->align[3], LK_MD_ALIGN_NONE);
	assert_string_equal(plain(&t->items[0]), "Name");
	assert_string_equal(plain(&t->items[4]), "张三");
	assert_string_equal(plain(&t->items[5]), "1,200");
	assert_string_equal(plain(&t->items[7]), "a | b");
	/* a short row is padded, a long one cut */
	assert_string_equal(plain(&t->items[8]), "short");
	assert_int_equal(t->items[9].n, 0);
	assert_int_equal(t->items[12].s[0].style, LK_MD_BOLD);
	assert_string_equal(plain(&t->items[15]), "4");
	/* the row after the table is a paragraph */
	assert_int_equal(p.d.b[2].kind, LK_MD_PARA);
	assert_string_equal(plain(&p.d.b[2].inl), "after");
	/* pipes without an alignment row are text */
	assert_int_equal(p.d.b[3].kind, LK_MD_PARA);
	assert_string_equal(plain(&p.d.b[3].inl), "| not | a table | | x |");
	lk_arena_free(&p.a);
}

static void test_inline(void **state)
{
	struct pd p;
	const struct lk_md_inl *in;

	(void)state;
	parse(&p, "a **bold** and *it* **b *bi* b** \\*x\\* 2 * 3 **open "
		  "[link](http://x.org/?a=1&b=2) [128](drill:households_"
		  "registered) [**b**](  drill:x  ) [bad](javascript:alert(1)) "
		  "[no link] \\[x](y)");
	in = &p.d.b[0].inl;
	assert_string_equal(plain(in),
			    "a bold and it b bi b *x* 2 * 3 **open link 128 b "
			    "bad) [no link] [x](y)");
	assert_string_equal(in->s[1].text, "bold");
	assert_int_equal(in->s[1].style, LK_MD_BOLD);
	assert_string_equal(in->s[3].text, "it");
	assert_int_equal(in->s[3].style, LK_MD_ITALIC);
	assert_string_equal(in->s[5].text, "b ");
	assert_int_equal(in->s[5].style, LK_MD_BOLD);
	assert_string_equal(in->s[6].text, "bi");
	assert_int_equal(in->s[6].style, LK_MD_BOLD | LK_MD_ITALIC);
	assert_string_equal(in->s[8].text, " *x* 2 * 3 **open ");
	assert_int_equal(in->s[8].style, 0);
	assert_string_equal(in->s[9].text, "link");
	assert_int_equal(in->s[9].link_kind, LK_MD_URL);
	assert_string_equal(in->s[9].link, "http://x.org/?a=1&b=2");
	assert_string_equal(in->s[11].text, "128");
	assert_int_equal(in->s[11].link_kind, LK_MD_DRILL);
	assert_string_equal(in->s[11].link, "households_registered");
	assert_string_equal(in->s[13].text, "b");
	assert_int_equal(in->s[13].style, LK_MD_BOLD);
	assert_int_equal(in->s[13].link_kind, LK_MD_DRILL);
	assert_string_equal(in->s[13].link, "x");
	/* an unsafe scheme keeps the text and drops the link; the link
	 * target ends at the first ')' */
	assert_string_equal(in->s[15].text, "bad");
	assert_null(in->s[15].link);
	lk_arena_free(&p.a);
}

static void test_escape_roundtrip(void **state)
{
	static const char *const nasty[] = {
		"a*b**c", "[x](drill:y)", "| pipe |", "# not a heading",
		"back\\slash", "<b>&\"'", "line\nbreak", "王_小*二", "1. x",
	};
	struct lk_buf b = LK_BUF_INIT(4096);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof nasty / sizeof nasty[0]; i++) {
		struct pd p;
		char want[64];
		lk_buf_reset(&b);
		assert_int_equal(lk_buf_adds(&b, "x "), 0);
		assert_int_equal(lk_md_escape(&b, nasty[i]), 0);
		parse(&p, lk_buf_str(&b));
		assert_int_equal(p.d.n, 1);
		snprintf(want, sizeof want, "x %s", nasty[i]);
		if (strchr(want, '\n'))
			*strchr(want, '\n') = ' ';
		assert_string_equal(plain(&p.d.b[0].inl), want);
		assert_int_equal(p.d.b[0].inl.n, 1); /* no style, no link */
		lk_arena_free(&p.a);
	}
	lk_buf_free(&b);
}

static void test_bad_input(void **state)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_md_doc d;
	struct lk_err e;
	static const char bad_utf8[] = "ok\nline two \xC3\x28 x\n";
	static const char ctl[] = "a\n\nb\x01";
	static const char overlong[] = "\xC0\xAF";

	(void)state;
	memset(&e, 0, sizeof e);
	assert_int_equal(lk_md_parse(bad_utf8, strlen(bad_utf8), &a, &d, &e),
			 LK_EINVAL);
	assert_non_null(strstr(e.msg, "line 2"));
	assert_non_null(strstr(e.msg, "UTF-8"));
	assert_int_equal(lk_md_parse(ctl, strlen(ctl), &a, &d, &e), LK_EINVAL);
	assert_non_null(strstr(e.msg, "line 3"));
	assert_non_null(strstr(e.msg, "U+0001"));
	assert_int_equal(lk_md_parse(overlong, 2, &a, &d, &e), LK_EINVAL);
	/* the length is checked before anything is read */
	assert_int_equal(lk_md_parse("x", (size_t)LK_DOC_INPUT_MAX + 1, &a, &d,
				     &e),
			 LK_ETOOBIG);
	assert_non_null(strstr(e.msg, "exceeds"));
	lk_arena_free(&a);
}

static const char sample[] =
	"# 扶贫手册 <Report> & \"more\"\n\n"
	"Text with <script>alert(1)</script> & **bold** and *it*.\n\n"
	"## Figures\n\n"
	"Registered: [128](drill:households_registered), odd "
	"[7](drill:a b&c/中).\n"
	"See [the site](https://example.org/?q=1&r=\"2\").\n\n"
	"- 苹果\n- pear\n\n"
	"3. third\n4. fourth\n\n"
	"| 姓名 | Income |\n|---|---:|\n| 张三 | 1,200.00 |\n| <x> | 5 |\n\n"
	"\\newpage\n\n"
	"Second page 第二页\n";

static void test_html(void **state)
{
	struct lk_buf o = LK_BUF_INIT(1u << 20);
	struct lk_err e;
	struct lk_doc_opts opt = {LK_LANG_ZH, NULL, NULL};
	const char *h;

	(void)state;
	memset(&e, 0, sizeof e);
	assert_int_equal(lk_md_to_html(sample, strlen(sample), &opt, &o, &e), 0);
	h = lk_buf_str(&o);
	assert_non_null(strstr(h, "<html lang=\"zh-CN\">"));
	assert_non_null(strstr(h, "<title>扶贫手册 &lt;Report&gt; &amp; "
				  "&quot;more&quot;</title>"));
	assert_non_null(strstr(h, "<h1 class=\"title\">扶贫手册 &lt;Report&gt;"));
	assert_null(strstr(h, "<script>"));
	assert_non_null(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
				  "<strong>bold</strong> and <em>it</em>."));
	/* no prefix: figures are spans */
	assert_non_null(strstr(h, "<span class=\"fig\">128</span>"));
	assert_null(strstr(h, "drill"));
	assert_non_null(strstr(h, "<a href=\"https://example.org/?q=1&amp;"
				  "r=&quot;2&quot;\">the site</a>"));
	assert_non_null(strstr(h, "<ul>\n<li>苹果</li>\n<li>pear</li>\n</ul>"));
	assert_non_null(strstr(h, "<ol start=\"3\">\n<li>third</li>"));
	assert_non_null(strstr(h, "<thead><tr><th>姓名</th><th class=\"r\">"
				  "Income</th></tr></thead>"));
	assert_non_null(strstr(h, "<td>&lt;x&gt;</td><td class=\"r\">5</td>"));
	assert_non_null(strstr(h, "<div class=\"pagebreak\"></div>"));
	assert_non_null(strstr(h, "@media print"));
	assert_non_null(strstr(h, "size:A4"));
	assert_non_null(strstr(h, "page-break-after:always"));
	/* self-contained: no external resources */
	assert_null(strstr(h, "<link"));
	assert_null(strstr(h, "src="));

	/* with a prefix: links, names percent-encoded, & escaped */
	lk_buf_reset(&o);
	opt.lang = LK_LANG_EN;
	opt.title = "Own <title>";
	opt.drill_prefix = "/drill.html?region=532923101202&year=2018&name=";
	assert_int_equal(lk_md_to_html(sample, strlen(sample), &opt, &o, &e), 0);
	h = lk_buf_str(&o);
	assert_non_null(strstr(h, "<html lang=\"en\">"));
	assert_non_null(strstr(h, "<title>Own &lt;title&gt;</title>"));
	assert_non_null(strstr(h, "<a class=\"fig\" href=\"/drill.html?region="
				  "532923101202&amp;year=2018&amp;name="
				  "households_registered\">128</a>"));
	assert_non_null(strstr(h, "name=a%20b%26c%2F%E4%B8%AD\">7</a>"));
	lk_buf_free(&o);

	/* the output bound is honoured */
	lk_buf_init(&o, 100);
	assert_int_equal(lk_md_to_html(sample, strlen(sample), &opt, &o, &e),
			 LK_ETOOBIG);
	assert_null(o.ptr);
	lk_buf_free(&o);
}

/* Reads a part of a zip in memory into a NUL-terminated malloc'd string. */
static char *zip_part(const struct lk_buf *z, const char *name)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_file_t *zf;
	zip_stat_t st;
	char *s;

	zip_error_init(&ze);
	src = zip_source_buffer_create(z->ptr, z->len, 0, &ze);
	assert_non_null(src);
	za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!za)
		fail_msg("not a zip: %s", zip_error_strerror(&ze));
	if (zip_stat(za, name, 0, &st)) {
		zip_close(za);
		return NULL;
	}
	s = calloc(1, (size_t)st.size + 1);
	zf = zip_fopen(za, name, 0);
	assert_non_null(zf);
	assert_int_equal(zip_fread(zf, s, st.size), (zip_int64_t)st.size);
	zip_fclose(zf);
	zip_close(za);
	zip_error_fini(&ze);
	return s;
}

static void test_docx(void **state)
{
	static const char *const parts[] = {
		"[Content_Types].xml", "_rels/.rels", "word/document.xml",
		"word/_rels/document.xml.rels", "word/styles.xml",
		"word/settings.xml", "word/numbering.xml", "docProps/core.xml",
		"docProps/app.xml"};
	struct lk_buf o = LK_BUF_INIT(1u << 22), o2 = LK_BUF_INIT(1u << 22);
	struct lk_err e;
	struct lk_doc_opts opt = {LK_LANG_ZH, NULL, "/drill?name="};
	char *s;
	size_t i;

	(void)state;
	setenv("LIKA_NOW", "2024-06-30T10:00:00", 1);
	memset(&e, 0, sizeof e);
	assert_int_equal(lk_md_to_docx(sample, strlen(sample), &opt, &o, &e), 0);
	assert_true(o.len > 1000);
	assert_memory_equal(o.ptr, "PK\x03\x04", 4);
	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		s = zip_part(&o, parts[i]);
		if (!s)
			fail_msg("no part %s", parts[i]);
		assert_non_null(strstr(s, "<?xml version=\"1.0\""));
		free(s);
	}
	s = zip_part(&o, "word/document.xml");
	assert_non_null(strstr(s, "<w:pStyle w:val=\"Title\"/></w:pPr><w:r>"
				  "<w:t xml:space=\"preserve\">扶贫手册 &lt;"
				  "Report&gt; &amp; &quot;more&quot;</w:t>"));
	assert_non_null(strstr(s, "<w:pStyle w:val=\"Heading2\"/></w:pPr><w:r>"
				  "<w:t xml:space=\"preserve\">Figures</w:t>"));
	assert_non_null(strstr(s, "<w:rPr><w:b/><w:bCs/></w:rPr><w:t "
				  "xml:space=\"preserve\">bold</w:t>"));
	assert_non_null(strstr(s, "<w:rPr><w:i/><w:iCs/></w:rPr><w:t "
				  "xml:space=\"preserve\">it</w:t>"));
	assert_non_null(strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	/* figures are plain text even with a drill prefix */
	assert_non_null(strstr(s, "<w:r><w:t xml:space=\"preserve\">128</w:t>"
				  "</w:r>"));
	assert_null(strstr(s, "drill"));
	assert_non_null(strstr(s, "<w:hyperlink r:id=\"rIdL1\"><w:r><w:rPr>"
				  "<w:rStyle w:val=\"Hyperlink\"/></w:rPr><w:t "
				  "xml:space=\"preserve\">the site</w:t>"));
	assert_non_null(strstr(s, "<w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r>"
				  "<w:t xml:space=\"preserve\">苹果</w:t>"));
	assert_non_null(strstr(s, "<w:numId w:val=\"2\"/></w:numPr></w:pPr><w:r>"
				  "<w:t xml:space=\"preserve\">third</w:t>"));
	assert_non_null(strstr(s, "<w:tblStyle w:val=\"TableGrid\"/>"));
	assert_non_null(strstr(s, "<w:tblHeader/>"));
	assert_non_null(strstr(s, "<w:t xml:space=\"preserve\">张三</w:t>"));
	assert_non_null(strstr(s, "<w:jc w:val=\"right\"/></w:pPr><w:r><w:t "
				  "xml:space=\"preserve\">1,200.00</w:t>"));
	assert_non_null(strstr(s, "<w:t xml:space=\"preserve\">&lt;x&gt;</w:t>"));
	assert_non_null(strstr(s, "<w:br w:type=\"page\"/>"));
	assert_non_null(strstr(s, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
	assert_non_null(strstr(s, "Second page 第二页"));
	free(s);
	s = zip_part(&o, "word/_rels/document.xml.rels");
	assert_non_null(strstr(s, "Id=\"rIdL1\" Type=\"http://schemas."
				  "openxmlformats.org/officeDocument/2006/"
				  "relationships/hyperlink\" Target=\"https://"
				  "example.org/?q=1&amp;r=&quot;2&quot;\" "
				  "TargetMode=\"External\""));
	free(s);
	s = zip_part(&o, "word/styles.xml");
	assert_non_null(strstr(s, "w:eastAsia=\"SimSun\""));
	assert_non_null(strstr(s, "<w:lang w:val=\"zh-CN\" w:eastAsia=\"zh-CN\""));
	assert_non_null(strstr(s, "w:styleId=\"Heading4\""));
	assert_non_null(strstr(s, "w:styleId=\"TableGrid\""));
	assert_non_null(strstr(s, "<w:insideV w:val=\"single\""));
	free(s);
	s = zip_part(&o, "word/numbering.xml");
	assert_non_null(strstr(s, "<w:num w:numId=\"2\"><w:abstractNumId "
				  "w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\">"
				  "<w:startOverride w:val=\"3\"/>"));
	free(s);
	s = zip_part(&o, "docProps/core.xml");
	assert_non_null(strstr(s, "<dc:title>扶贫手册 &lt;Report&gt; &amp; "
				  "&quot;more&quot;</dc:title>"));
	assert_non_null(strstr(s, "2024-06-30T02:00:00Z"));
	free(s);
	/* the same input gives the same bytes */
	assert_int_equal(lk_md_to_docx(sample, strlen(sample), &opt, &o2, &e), 0);
	assert_int_equal(o.len, o2.len);
	assert_memory_equal(o.ptr, o2.ptr, o.len);
	lk_buf_free(&o);
	lk_buf_free(&o2);
	/* bad input: nothing written, the message names the line */
	assert_int_equal(lk_md_to_docx("ok\n\xFF", 4, &opt, &o, &e), LK_EINVAL);
	assert_null(o.ptr);
	assert_non_null(strstr(e.msg, "line 2"));
	/* the output bound */
	lk_buf_init(&o, 2000);
	assert_int_equal(lk_md_to_docx(sample, strlen(sample), &opt, &o, &e),
			 LK_ETOOBIG);
	assert_null(o.ptr);
	lk_buf_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headings),
		cmocka_unit_test(test_paragraphs),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_inline),
		cmocka_unit_test(test_escape_roundtrip),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_docx),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
