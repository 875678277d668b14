/*
 * test_xlsx.c - unit tests of the XLSX reader (io/xlsx.h).
 *
 * Fixture workbooks are written inside the tests, by hand with libzip
 * (xlsx_fixture.h): the shapes spreadsheet writers produce (shared or
 * inline strings, numbers, dates, booleans, formulas, sparse rows), the
 * rarer ones (error cells, phonetic runs, _xHHHH_ escapes, prefixed
 * element names, the 1904 date system) and broken input (malformed XML, a DOCTYPE, bad references, rows out of
 * order, a shared string out of range, truncated and non-zip files).
 * Rows are compared as dumps: "row N: a|b|c" with empty cells empty and
 * a flagged cell marked "!L" (lossy) or "!E" (error).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "core/buf.h"
#include "core/err.h"
#include "io/xlsx.h"
#include "xlsx_fixture.h"

static char dir[] = "/tmp/lk_test_xlsx_XXXXXX";
static char path[512];

static int setup(void **state)
{
	(void)state;
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *fixture(const char *name)
{
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

/* All rows of sheet i as a dump (caller frees); the error code of the
 * read in *rc (LK_EEOF when it ended well). */
static char *dump_sheet(struct xlsx_book *b, size_t i, size_t width, int *rc,
			struct lk_err *e)
{
	struct lk_buf d = LK_BUF_INIT(1u << 24);
	struct xlsx_sheet *s = NULL;
	const unsigned char *fl;
	char **f;
	size_t *lens, n, k;

	*rc = xlsx_sheet_open(b, i, &s, e);
	if (*rc)
		return NULL;
	xlsx_set_width(s, width);
	while ((*rc = xlsx_next(s, &f, &lens, &n, &fl, e)) == 0) {
		lk_buf_printf(&d, "row %zu: ", xlsx_row(s));
		for (k = 0; k < n; k++) {
			assert_int_equal(strlen(f[k]), lens[k]);
			lk_buf_printf(&d, "%s%s%s", k ? "|" : "", f[k],
				      fl[k] & XLSX_CELL_LOSSY	? "!L"
				      : fl[k] & XLSX_CELL_ERROR ? "!E"
								: "");
		}
		lk_buf_addc(&d, '\n');
	}
	/* after the end or an error, the reader says the same again */
	assert_int_equal(xlsx_next(s, &f, &lens, &n, &fl, NULL), *rc);
	xlsx_sheet_close(s);
	return lk_buf_take(&d);
}

/* ---- shared and inline strings ------------------------------------ */

static const char book_styles[] =
	"<styleSheet xmlns=\"" XF_MAIN "\"><numFmts count=\"4\">"
	"<numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>"
	"<numFmt numFmtId=\"165\" formatCode=\"yyyy-mm-dd hh:mm:ss\"/>"
	"<numFmt numFmtId=\"166\" formatCode=\"yyyy&quot;年&quot;m&quot;月"
	"&quot;d&quot;日&quot;\"/><numFmt numFmtId=\"167\" "
	"formatCode=\"#,##0.00;[Red]-#,##0.00\"/></numFmts><cellXfs "
	"count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf "
	"numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"167\"/>"
	"</cellXfs></styleSheet>";

/* A string cell at ref: a shared string (its <si> appended to sst) or an
 * inline string. */
static void str_cell(struct lk_buf *d, struct lk_buf *sst, size_t *nsst,
		     const char *ref, const char *text)
{
	const char *sp = strchr(" \n", text[0]) && text[0] ? " xml:space=\"preserve\"" : "";

	if (sst) {
		lk_buf_printf(sst, "<si><t%s>%s</t></si>", sp, text);
		lk_buf_printf(d, "<c r=\"%s\" t=\"s\"><v>%zu</v></c>", ref,
			      (*nsst)++);
	} else {
		lk_buf_printf(d,
			      "<c r=\"%s\" t=\"inlineStr\"><is><t%s>%s</t>"
			      "</is></c>",
			      ref, sp, text);
	}
}

/* Two sheets of strings (shared or inline), numbers, dates of three
 * formats, booleans, a formula's cached string, a lost-digit number and
 * sparse rows. */
static void write_book(const char *p, int shared)
{
	struct lk_buf a = LK_BUF_INIT(1u << 20), b = LK_BUF_INIT(1u << 20);
	struct lk_buf sst = LK_BUF_INIT(1u << 20), *ss = shared ? &sst : NULL;
	const char *names[] = {"households", "家庭成员"}, *data[2];
	size_t n = 0;

	lk_buf_adds(&a, "<row r=\"1\">");
	str_cell(&a, ss, &n, "A1", "户编号");
	str_cell(&a, ss, &n, "B1", "year");
	str_cell(&a, ss, &n, "C1", "amount");
	str_cell(&a, ss, &n, "D1", "date");
	lk_buf_adds(&a, "</row><row r=\"2\">");
	str_cell(&a, ss, &n, "A2", "5329231012020001");
	lk_buf_adds(&a, "<c r=\"B2\"><v>2018</v></c><c r=\"C2\" s=\"4\">"
			"<v>1234.5</v></c><c r=\"D2\" s=\"1\"><v>43164</v>"
			"</c></row><row r=\"4\">");
	/* row 3 left out: a sparse sheet */
	str_cell(&a, ss, &n, "A4", "  spaced \"quoted\" 张三 ");
	lk_buf_adds(&a, "<c r=\"C4\"><v>0.30000000000000004</v></c>"
			"<c r=\"D4\" s=\"2\"><v>43164.354166666664</v></c>"
			"</row><row r=\"5\"><c r=\"B5\"><v>-7</v></c>"
			"<c r=\"D5\" s=\"3\"><v>43164</v></c></row>"
			"<row r=\"6\"><c r=\"A6\" t=\"b\"><v>1</v></c>"
			"<c r=\"B6\" t=\"b\"><v>0</v></c><c r=\"C6\" "
			"t=\"str\"><f>\"A\"&amp;\"B\"</f><v>AB</v></c></row>"
			"<row r=\"7\"><c r=\"A7\"><v>5.32923198001011E+17</v>"
			"</c><c r=\"B7\"><v>999999999999999</v></c></row>"
			"<row r=\"8\">");
	str_cell(&a, ss, &n, "D8", "line1\nline2");
	lk_buf_adds(&a, "</row>");
	lk_buf_adds(&b, "<row r=\"1\">");
	str_cell(&b, ss, &n, "A1", "name");
	lk_buf_adds(&b, "</row><row r=\"3\">");
	str_cell(&b, ss, &n, "A3", "李四");
	lk_buf_adds(&b, "</row>");
	data[0] = lk_buf_str(&a);
	data[1] = lk_buf_str(&b);
	xf_book(p, 2, names, data, shared ? lk_buf_str(&sst) : NULL,
		book_styles);
	lk_buf_free(&a);
	lk_buf_free(&b);
	lk_buf_free(&sst);
}

static const char expect_a[] =
	"row 1: 户编号|year|amount|date\n"
	"row 2: 5329231012020001|2018|1234.5|2018-03-05\n"
	"row 4:   spaced \"quoted\" 张三 ||0.3|2018-03-05 08:30:00\n"
	"row 5: |-7||2018-03-05\n"
	"row 6: TRUE|FALSE|AB|\n"
	"row 7: 5.32923198001011E+17!L|999999999999999||\n"
	"row 8: |||line1\nline2\n";

static void check_book(const char *p)
{
	struct xlsx_book *b = NULL;
	struct lk_err e = {0};
	char *d;
	int rc;

	assert_int_equal(xlsx_open(p, NULL, &b, &e), 0);
	assert_int_equal(xlsx_sheet_count(b), 2);
	assert_string_equal(xlsx_sheet_name(b, 0), "households");
	assert_string_equal(xlsx_sheet_name(b, 1), "家庭成员");
	assert_true(xlsx_sheet_size(b, 0) > 0);
	d = dump_sheet(b, 0, 4, &rc, &e);
	assert_int_equal(rc, LK_EEOF);
	assert_string_equal(d, expect_a);
	free(d);
	/* width 0: rows as long as their last value */
	d = dump_sheet(b, 1, 0, &rc, &e);
	assert_int_equal(rc, LK_EEOF);
	assert_string_equal(d, "row 1: name\nrow 3: 李四\n");
	free(d);
	/* a sheet is read again from the start */
	d = dump_sheet(b, 1, 2, &rc, &e);
	assert_string_equal(d, "row 1: name|\nrow 3: 李四|\n");
	free(d);
	assert_int_equal(xlsx_sheet_open(b, 2, (struct xlsx_sheet **)&d, &e),
			 LK_EINVAL);
	xlsx_close(b);
}

static void test_shared_strings(void **state)
{
	(void)state;
	write_book(fixture("shared.xlsx"), 1);
	assert_true(xlsx_is_workbook(path));
	check_book(path);
}

static void test_inline_strings(void **state)
{
	(void)state;
	write_book(fixture("inline.xlsx"), 0);
	check_book(path);
}

/* ---- written by hand ----------------------------------------------- */

static const char rels[] =
	"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas."
	"openxmlformats.org/package/2006/relationships\"><Relationship "
	"Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
	"officeDocument/2006/relationships/officeDocument\" "
	"Target=\"xl/workbook.xml\"/></Relationships>";
static const char wbrels[] =
	"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas."
	"openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
	"officeDocument/2006/relationships/worksheet\" "
	"Target=\"/xl/worksheets/../worksheets/s1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
	"officeDocument/2006/relationships/sharedStrings\" "
	"Target=\"sst.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/"
	"officeDocument/2006/relationships/styles\" "
	"Target=\"styles.xml\"/></Relationships>";
static const char styles[] =
	"<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
	"2006/main\"><numFmts count=\"1\"><numFmt numFmtId=\"170\" "
	"formatCode=\"[$-804]yyyy/m/d;@\"/></numFmts><cellStyleXfs><xf "
	"numFmtId=\"14\"/></cellStyleXfs><cellXfs count=\"4\"><xf "
	"numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"170\"/><xf "
	"numFmtId=\"4\"/></cellXfs></styleSheet>";

/* Writes a package of the given parts (name, text, ..., NULL) as the
 * fixture name. */
static const char *write_zip(const char *name, ...)
{
	va_list ap;

	fixture(name);
	va_start(ap, name);
	xf_vzip(path, ap);
	va_end(ap);
	return path;
}

/* A package with one sheet "S" of the given sheetData content. */
static const char *book_of(const char *name, const char *workbook_pr,
			   const char *sst, const char *data)
{
	static char wb[1024], sheet[65536], sstx[8192];

	snprintf(wb, sizeof wb,
		 "<x:workbook xmlns:x=\"http://schemas.openxmlformats.org/"
		 "spreadsheetml/2006/main\" xmlns:r=\"http://schemas."
		 "openxmlformats.org/officeDocument/2006/relationships\">%s"
		 "<x:sheets><x:sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"
		 "</x:sheets></x:workbook>",
		 workbook_pr);
	snprintf(sheet, sizeof sheet,
		 "<worksheet xmlns=\"http://schemas.openxmlformats.org/"
		 "spreadsheetml/2006/main\"><sheetData>%s</sheetData>"
		 "</worksheet>",
		 data);
	snprintf(sstx, sizeof sstx,
		 "<sst xmlns=\"http://schemas.openxmlformats.org/"
		 "spreadsheetml/2006/main\">%s</sst>",
		 sst);
	return write_zip(name, "_rels/.rels", rels, "xl/workbook.xml", wb,
			 "xl/_rels/workbook.xml.rels", wbrels,
			 "xl/worksheets/s1.xml", sheet, "xl/sst.xml", sstx,
			 "xl/styles.xml", styles, (const char *)NULL);
}

/* book_of() for sheet data of any size. */
static void big_sheet(const char *name, const char *data)
{
	size_t n = strlen(data) + 300;
	char *sheet = malloc(n);

	assert_non_null(sheet);
	snprintf(sheet, n,
		 "<worksheet xmlns=\"http://schemas.openxmlformats.org/"
		 "spreadsheetml/2006/main\"><sheetData>%s</sheetData>"
		 "</worksheet>",
		 data);
	write_zip(name, "_rels/.rels", rels, "xl/workbook.xml",
		  "<workbook><sheets><sheet name=\"S\" r:id=\"rId1\"/>"
		  "</sheets></workbook>",
		  "xl/_rels/workbook.xml.rels", wbrels, "xl/worksheets/s1.xml",
		  sheet, "xl/sst.xml", "<sst/>", "xl/styles.xml", styles,
		  (const char *)NULL);
	free(sheet);
}

/* Reads sheet 0 of p: the dump, or the error message "error N: msg". */
static char *read_all(const char *p, const struct xlsx_limits *lim)
{
	struct xlsx_book *b = NULL;
	struct lk_err e = {0};
	char *d, buf[1200];
	int rc = xlsx_open(p, lim, &b, &e);

	if (rc) {
		snprintf(buf, sizeof buf, "open %d: %s", rc, e.msg);
		return strdup(buf);
	}
	d = dump_sheet(b, 0, 0, &rc, &e);
	xlsx_close(b);
	if (rc == LK_EEOF)
		return d;
	free(d);
	snprintf(buf, sizeof buf, "error %d: %s", rc, e.msg);
	return strdup(buf);
}

static void expect(const char *p, const struct xlsx_limits *lim,
		   const char *want)
{
	char *d = read_all(p, lim);

	if (strstr(want, "error") == want || strstr(want, "open") == want) {
		if (strstr(d, want) != d)
			fail_msg("expected \"%s...\", got \"%s\"", want, d);
	} else {
		assert_string_equal(d, want);
	}
	free(d);
}

static void test_hand_written(void **state)
{
	(void)state;
	/* rich text with a phonetic run, escapes, prefixed names */
	book_of("rich.xlsx", "",
		"<si><r><t>张</t></r><r><rPr/><t xml:space=\"preserve\">三 "
		"</t></r><rPh><t>zhang</t></rPh></si><si><t>a_x000D_b_x005F_"
		"x0041_</t></si>",
		"<row r=\"2\"><c r=\"B2\" t=\"s\"><v>0</v></c><c r=\"C2\" "
		"t=\"s\"><v>1</v></c><c r=\"D2\" t=\"e\"><v>#N/A</v></c>"
		"<c r=\"E2\" t=\"inlineStr\"><is><r><t>x</t></r><r><t>y</t>"
		"</r></is></c><c t=\"d\"><v>2018-03-05T00:00:00</v></c>"
		"<c s=\"1\"><v>43164</v></c><c s=\"2\"><v>43164.5</v></c>"
		"<c s=\"3\"><v>43164</v></c><c><f>1+1</f><v>2</v></c></row>"
		"<row r=\"3\" spans=\"1:3\"><c r=\"A3\" s=\"1\"/><c r=\"B3\" "
		"t=\"s\"/></row><row><c><v>1.5E+3</v></c></row>");
	expect(path, NULL,
	       "row 2: |张三 |a\rb_x0041_|#N/A!E|xy|2018-03-05|2018-03-05|"
	       "2018-03-05 12:00:00|43164|2\n"
	       "row 4: 1500\n");
	/* the 1904 date system */
	book_of("1904.xlsx", "<x:workbookPr date1904=\"1\"/>", "",
		"<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c><c r=\"B1\" "
		"s=\"1\"><v>41702</v></c></row>");
	expect(path, NULL, "row 1: 1904-01-01|2018-03-05\n");
	/* 1900: serials 1 and 61 */
	book_of("1900.xlsx", "", "",
		"<row r=\"1\"><c r=\"A1\" s=\"1\"><v>1</v></c><c r=\"B1\" "
		"s=\"1\"><v>61</v></c></row>");
	expect(path, NULL, "row 1: 1900-01-01|1900-03-01\n");
}

static void test_malformed(void **state)
{
	(void)state;
	book_of("bad1.xlsx", "", "", "<row r=\"1\"><c r=\"A1\"><v>1</v></row>");
	expect(path, NULL, "error -2: ");
	{
		char *d = read_all(path, NULL);
		assert_non_null(strstr(d, "malformed XML"));
		assert_non_null(strstr(d, "xl/worksheets/s1.xml"));
		free(d);
	}
	book_of("order.xlsx", "", "",
		"<row r=\"5\"><c r=\"A5\"><v>1</v></c></row><row r=\"3\"><c "
		"r=\"A3\"><v>1</v></c></row>");
	expect(path, NULL, "error -2: ");
	{
		char *d = read_all(path, NULL);
		assert_non_null(strstr(d, "row 3 comes after row 5"));
		free(d);
	}
	book_of("ref.xlsx", "", "", "<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>");
	expect(path, NULL, "error -2: ");
	book_of("ref2.xlsx", "", "", "<row r=\"1\"><c r=\"A2\"><v>1</v></c></row>");
	expect(path, NULL, "error -2: ");
	book_of("dup.xlsx", "", "",
		"<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"A1\"><v>2</v></c>"
		"</row>");
	expect(path, NULL, "error -2: ");
	book_of("sst.xlsx", "", "<si><t>a</t></si>",
		"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c></row>");
	{
		char *d = read_all(path, NULL);
		assert_non_null(strstr(d, "shared string 1"));
		free(d);
	}
	book_of("num.xlsx", "", "",
		"<row r=\"1\"><c r=\"A1\"><v>12abc</v></c></row>");
	expect(path, NULL, "error -2: ");
	book_of("nan.xlsx", "", "", "<row r=\"1\"><c r=\"A1\"><v>nan</v></c></row>");
	expect(path, NULL, "error -2: ");
	/* a DOCTYPE (entity expansion) is refused */
	write_zip("doctype.xlsx", "_rels/.rels",
		  "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaa\">"
		  "<!ENTITY b \"&a;&a;&a;&a;\">]><Relationships>&b;"
		  "</Relationships>",
		  (const char *)NULL);
	{
		char *d = read_all(path, NULL);
		assert_non_null(strstr(d, "DOCTYPE"));
		free(d);
	}
	/* missing parts */
	write_zip("empty.xlsx", "a.txt", "hello", (const char *)NULL);
	expect(path, NULL, "open -2: ");
	write_zip("nowb.xlsx", "_rels/.rels", rels, (const char *)NULL);
	{
		char *d = read_all(path, NULL);
		assert_non_null(strstr(d, "xl/workbook.xml is missing"));
		free(d);
	}
}

static void test_not_zip(void **state)
{
	struct xlsx_book *b = NULL;
	struct lk_err e = {0};
	FILE *fp;
	char *data;
	long n, i;

	(void)state;
	fp = fopen(fixture("text.xlsx"), "w");
	fputs("household_no,name\n1,a\n", fp);
	fclose(fp);
	assert_false(xlsx_is_workbook(path));
	assert_int_equal(xlsx_open(path, NULL, &b, &e), LK_EINVAL);
	assert_non_null(strstr(e.msg, "not an XLSX workbook"));
	assert_int_equal(xlsx_open(fixture("none.xlsx"), NULL, &b, &e),
			 LK_ENOTFOUND);
	assert_false(xlsx_is_workbook(path));
	/* truncations and flipped bytes of a real workbook never crash */
	write_book(fixture("whole.xlsx"), 1);
	fp = fopen(path, "rb");
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	data = malloc((size_t)n);
	assert_int_equal(fread(data, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	for (i = 1; i < 40; i++) {
		char *d;
		fp = fopen(fixture("cut.xlsx"), "wb");
		fwrite(data, 1, (size_t)(n * i / 40), fp);
		fclose(fp);
		d = read_all(path, NULL);
		assert_true(strncmp(d, "open", 4) == 0 ||
			    strncmp(d, "error", 5) == 0);
		free(d);
	}
	for (i = 30; i < n; i += 97) {
		char *d;
		data[i] ^= 0x5a;
		fp = fopen(fixture("flip.xlsx"), "wb");
		fwrite(data, 1, (size_t)n, fp);
		fclose(fp);
		data[i] ^= 0x5a;
		d = read_all(path, NULL); /* any outcome but a crash */
		free(d);
	}
	free(data);
}

static void test_limits(void **state)
{
	struct xlsx_limits lim = {0};
	char row[4096];

	(void)state;
	book_of("lim.xlsx", "", "<si><t>abcdefghij</t></si><si><t>k</t></si>",
		"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" "
		"t=\"inlineStr\"><is><t>0123456789</t></is></c></row>"
		"<row r=\"2\"><c r=\"A2\"><v>1</v></c></row>");
	expect(path, NULL, "row 1: abcdefghij||0123456789\nrow 2: 1\n");
	lim.max_string = 5;
	expect(path, &lim, "open -7: "); /* the shared string */
	lim.max_string = 0;
	lim.max_strings = 1;
	expect(path, &lim, "open -7: ");
	lim.max_strings = 0;
	lim.max_sst_bytes = 4;
	expect(path, &lim, "open -7: ");
	lim.max_sst_bytes = 0;
	lim.max_cols = 2;
	expect(path, &lim, "error -7: ");
	lim.max_cols = 0;
	lim.max_cells = 2;
	expect(path, &lim, "error -7: ");
	lim.max_cells = 0;
	lim.max_row = 12;
	expect(path, &lim, "error -7: ");
	lim.max_row = 0;
	lim.max_part = 100;
	expect(path, &lim, "error -7: ");
	lim.max_part = 0;
	lim.max_meta = 100;
	expect(path, &lim, "open -7: ");
	lim.max_meta = 0;
	lim.max_sst = 50;
	expect(path, &lim, "open -7: ");
	/* an inline string beyond the cell limit */
	memset(row, 'x', 3000);
	row[3000] = '\0';
	{
		char data[4200];
		snprintf(data, sizeof data,
			 "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>%s"
			 "</t></is></c></row>",
			 row);
		book_of("long.xlsx", "", "", data);
	}
	lim.max_sst = 0;
	lim.max_string = 2999;
	expect(path, &lim, "error -7: ");
	lim.max_string = 3000;
	{
		char *d = read_all(path, &lim);
		assert_int_equal(strlen(d), strlen("row 1: \n") + 3000);
		free(d);
	}
	/* a tag longer than expat should hold: 17 MiB of one attribute */
	{
		size_t n = 17u << 20;
		char *data = malloc(n + 200);
		assert_non_null(data);
		static const char head[] = "<row r=\"1\"><c r=\"A1\" x=\"";
		memcpy(data, head, sizeof head - 1);
		memset(data + sizeof head - 1, 'a', n);
		strcpy(data + sizeof head - 1 + n, "\"><v>1</v></c></row>");
		big_sheet("tag.xlsx", data);
		free(data);
		{
			char *d = read_all(path, NULL);
			assert_non_null(strstr(d, "without an element"));
			free(d);
		}
	}
	/* a cell beyond Excel's last column or row */
	book_of("far.xlsx", "", "", "<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>");
	expect(path, NULL, "error -2: ");
	book_of("far2.xlsx", "", "",
		"<row r=\"1048577\"><c><v>1</v></c></row>");
	expect(path, NULL, "error -2: ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared_strings),
		cmocka_unit_test(test_inline_strings),
		cmocka_unit_test(test_hand_written),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_not_zip),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
