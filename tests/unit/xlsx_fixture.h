/*
 * xlsx_fixture.h - workbooks written by hand (with libzip) for the tests
 * of the XLSX reader and of the workbook import: the shapes other
 * writers produce (shared or inline strings, numbers, booleans, formulas,
 * dates in styled cells, sparse rows) and broken ones.
 *
 * Included by the test files that need it; every function asserts
 * (cmocka) instead of returning errors.
 */
#ifndef LK_TEST_XLSX_FIXTURE_H
#define LK_TEST_XLSX_FIXTURE_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "core/buf.h"

#define XF_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define XF_REL                                                                 \
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* Writes a package at path of the given parts: name, text, ..., NULL. */
static void xf_vzip(const char *path, va_list ap)
{
	zip_t *z;
	int err = 0;
	const char *part;

	unlink(path);
	z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(z);
	while ((part = va_arg(ap, const char *))) {
		const char *text = va_arg(ap, const char *);
		zip_source_t *src = zip_source_buffer(z, text, strlen(text), 0);
		assert_non_null(src);
		assert_true(zip_file_add(z, part, src, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
}

static void xf_zip(const char *path, ...)
{
	va_list ap;

	va_start(ap, path);
	xf_vzip(path, ap);
	va_end(ap);
}

/* A workbook of n sheets (at most 8) named names[i] with the sheetData
 * content data[i]; sst: the <si> elements of the shared strings (NULL:
 * none); styles: the styles part (NULL: an empty one). */
static void xf_book(const char *path, size_t n, const char *const names[],
		    const char *const data[], const char *sst,
		    const char *styles)
{
	struct lk_buf wb = LK_BUF_INIT(1u << 20), rels = LK_BUF_INIT(1u << 20);
	struct lk_buf sh[8], sx = LK_BUF_INIT(1u << 24);
	size_t i;

	assert_true(n <= 8);
	lk_buf_printf(&wb, "<workbook xmlns=\"%s\" xmlns:r=\"%s\"><sheets>",
		      XF_MAIN, XF_REL);
	lk_buf_printf(&rels,
		      "<Relationships xmlns=\"http://schemas."
		      "openxmlformats.org/package/2006/relationships\">");
	for (i = 0; i < n; i++) {
		lk_buf_printf(&wb,
			      "<sheet name=\"%s\" sheetId=\"%zu\" "
			      "r:id=\"rId%zu\"/>",
			      names[i], i + 1, i + 1);
		lk_buf_printf(
		    &rels,
		    "<Relationship Id=\"rId%zu\" Type=\"%s/worksheet\" "
		    "Target=\"worksheets/sheet%zu.xml\"/>",
		    i + 1, XF_REL, i + 1);
		lk_buf_init(&sh[i], 1u << 24);
		lk_buf_printf(
		    &sh[i],
		    "<worksheet xmlns=\"%s\"><sheetData>%s</sheetData>"
		    "</worksheet>",
		    XF_MAIN, data[i]);
	}
	lk_buf_printf(&wb, "</sheets></workbook>");
	lk_buf_printf(
	    &rels,
	    "<Relationship Id=\"rId90\" Type=\"%s/sharedStrings\" "
	    "Target=\"sharedStrings.xml\"/><Relationship Id=\"rId91\" "
	    "Type=\"%s/styles\" Target=\"styles.xml\"/>"
	    "</Relationships>",
	    XF_REL, XF_REL);
	lk_buf_printf(&sx, "<sst xmlns=\"%s\">%s</sst>", XF_MAIN,
		      sst ? sst : "");
	{
		/* up to 8 sheets: the parts as name/text pairs */
		char names_[8][32];
		const char *p[8][2];
		for (i = 0; i < 8; i++) {
			snprintf(names_[i], sizeof names_[i],
				 "xl/worksheets/sheet%zu.xml", i + 1);
			p[i][0] = i < n ? names_[i] : NULL;
			p[i][1] = i < n ? lk_buf_str(&sh[i]) : NULL;
		}
		xf_zip(path, "_rels/.rels",
		       "<Relationships xmlns=\"http://schemas.openxmlformats."
		       "org/package/2006/relationships\"><Relationship "
		       "Id=\"rId1\" Type=\"" XF_REL "/officeDocument\" "
		       "Target=\"xl/workbook.xml\"/></Relationships>",
		       "xl/workbook.xml", lk_buf_str(&wb),
		       "xl/_rels/workbook.xml.rels", lk_buf_str(&rels),
		       "xl/sharedStrings.xml", lk_buf_str(&sx), "xl/styles.xml",
		       styles ? styles : "<styleSheet xmlns=\"" XF_MAIN "\"/>",
		       p[0][0], p[0][1], p[1][0], p[1][1], p[2][0], p[2][1],
		       p[3][0], p[3][1], p[4][0], p[4][1], p[5][0], p[5][1],
		       p[6][0], p[6][1], p[7][0], p[7][1], (const char *)NULL);
	}
	for (i = 0; i < n; i++)
		lk_buf_free(&sh[i]);
	lk_buf_free(&wb);
	lk_buf_free(&rels);
	lk_buf_free(&sx);
}

#endif
