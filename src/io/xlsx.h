/*
 * xlsx.h - the village ledger book as an XLSX workbook, and a streaming
 * reader of XLSX workbooks for import.
 *
 * Writer.  lk_export_xlsx() writes one workbook, streaming: the sheets
 * of lk_export_rows() (io/interchange.h) - households, members, incomes,
 * then cadres, measures, visits, funds, disbursements, projects, team
 * members, party branches, party members and party activities - one
 * sheet each, made as SpreadsheetML by this thread while a second one
 * deflates it into the zip (io/zipw.h, zlib level 1); memory stays
 * bounded whatever the region.  Sheet names, headers and display values
 * are those of the CSV export in the chosen language (Chinese sheet
 * names 农户, 家庭成员, 收入 ... by default; English households, members,
 * incomes ... for LK_LANG_EN), so the first three sheets import again.
 * Every sheet has a bold frozen header row, an autofilter over its data
 * and column widths fitted to the longest value (at most 60
 * characters).  Cell types: money and decimals (areas, distances) are
 * numbers with the format 0.00, integers and years numbers with the
 * format 0, valid dates date serials with the format yyyy-mm-dd (a year
 * alone in a date-or-year field is a number); the labels of coded values
 * (code lists, yes/no) are shared strings; everything else - ID numbers,
 * household numbers, codes, phones, bank accounts, names - is inline
 * text, and text columns carry the text format so that values typed
 * later stay text.  A value kept as invalid legacy data (an impossible
 * date) is written as the text it is.  Text is escaped for XML 1.0
 * (control characters as _xHHHH_, bytes that are not UTF-8 as U+FFFD).
 * The part formats are described at the top of xlsx_write.c.  The file
 * is written as FILE.tmp and renamed when complete; on failure nothing
 * is left.  A sheet holds at most 1,048,575 records (Excel's limit):
 * LK_ETOOBIG beyond.
 *
 * Reader.  Opens a workbook with libzip and streams each part through
 * expat: xl/workbook.xml and its relationships find the sheets by name
 * (through the package relationships, whatever the part names),
 * xl/styles.xml says which cell formats are dates (built-in date
 * formats and custom ones whose code has day, month, year or time
 * letters), xl/sharedStrings.xml is loaded once, then a sheet is read
 * row by row (XML_StopParser suspends at each row end), never whole.
 * Cells: shared strings, inline strings (rich text runs joined,
 * phonetic runs dropped, _xHHHH_ escapes decoded), formula results
 * (cached values), numbers, booleans (TRUE/FALSE), ISO dates (t="d"),
 * errors (#N/A ..., flagged).  A number in a date-formatted cell becomes
 * "YYYY-MM-DD" (with " HH:MM:SS" when it has a time), honouring the
 * 1904 date system.  Other numbers are written back as the shortest
 * text of at most 15 significant digits, integers without a decimal
 * point ("2018", not "2018.0"); an integer of 16 digits or more cannot
 * have come through Excel intact (it keeps 15) and is flagged
 * XLSX_CELL_LOSSY with its text as stored ("5.32923198001011E+17").
 * Rows and cells are placed by their r attributes ("B7"); missing rows
 * are skipped, missing cells are empty.  Rows with no value are
 * skipped.  A DOCTYPE in any part is refused (no entity expansion), and
 * so is a part with more than 16 MiB between two parser events (a tag
 * expat would have to hold whole).
 *
 * Errors: LK_ENOTFOUND/LK_EIO when the file cannot be read; LK_EINVAL
 * with a message naming the part (and row/cell) for a file that is not
 * a zip, a missing or malformed part, a bad cell reference, rows out of
 * order, a shared string index out of range, a number that does not
 * parse; LK_ETOOBIG when a limit below is exceeded; LK_ENOMEM.  The
 * reader never crashes on hostile input: every size is bounded.
 */
#ifndef LK_XLSX_H
#define LK_XLSX_H

#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/i18n.h"
#include "io/interchange.h"

/* ---- writer -------------------------------------------------------- */

/* Writes the ledger book of the records under region (NULL = the whole
 * scope) to path.  stats gets the rows of the registry sheets and the
 * number of work records.  0, LK_EIO (cannot create or write path;
 * ctx->err names it and the system's reason), LK_ETOOBIG, LK_ENOMEM, or
 * an error of the ledger. */
int lk_export_xlsx(struct lk_ctx *ctx, const char *path, const char *region,
		   enum lk_lang lang, struct lk_export_stats *stats);

/* ---- reader -------------------------------------------------------- */

struct xlsx_limits {
	uint64_t max_part;    /* uncompressed bytes of a sheet part */
	uint64_t max_meta;    /* of workbook, relationships and styles */
	uint64_t max_sst;     /* of the shared strings part */
	size_t max_strings;   /* shared strings */
	size_t max_sst_bytes; /* text of all shared strings */
	size_t max_string;    /* bytes of one cell's text */
	size_t max_cols;      /* columns of a row (last column used) */
	size_t max_row;       /* bytes of one row's text */
	uint64_t max_cells;   /* cells read from one sheet */
	size_t max_sheets;    /* sheets of a workbook */
};

/* Defaults: parts 4 GiB (sheets), 16 MiB (workbook, relationships,
 * styles), 1 GiB (shared strings); 4 Mi shared strings of 256 MiB in
 * all; 64 KiB a cell, 512 columns, 4 MiB a row; 200 M cells a sheet;
 * 256 sheets.  A zero member of a caller's limits means its default. */
extern const struct xlsx_limits xlsx_default_limits;

enum {
	XLSX_CELL_LOSSY = 1, /* a number of 16 or more digits */
	XLSX_CELL_ERROR = 2  /* a spreadsheet error value (#N/A ...) */
};

struct xlsx_book;
struct xlsx_sheet;

/* Opens a workbook: reads its sheet list, styles and shared strings.
 * limits NULL = defaults.  On failure *out is untouched. */
int xlsx_open(const char *path, const struct xlsx_limits *limits,
	      struct xlsx_book **out, struct lk_err *e);
void xlsx_close(struct xlsx_book *b); /* accepts NULL */

/* Sheets in workbook order; names are UTF-8, borrowed from b. */
size_t xlsx_sheet_count(const struct xlsx_book *b);
const char *xlsx_sheet_name(const struct xlsx_book *b, size_t i);
/* Uncompressed size of sheet i's part (for progress). */
uint64_t xlsx_sheet_size(const struct xlsx_book *b, size_t i);

/* Starts reading sheet i (any number of times, one reader at a time per
 * book is enough; readers are independent).  LK_EINVAL when the part is
 * missing. */
int xlsx_sheet_open(struct xlsx_book *b, size_t i, struct xlsx_sheet **out,
		    struct lk_err *e);
void xlsx_sheet_close(struct xlsx_sheet *s); /* accepts NULL */

/* Reads the next row with a value: 0 with *fields, *lens and *n set
 * (borrowed until the next call; each NUL-terminated; n = the last
 * column with a value, or the width set below if larger) and *flags
 * (may be NULL: not wanted) pointing to n XLSX_CELL_* flag bytes;
 * LK_EEOF at the end; or an error (message in e) after which the reader
 * only returns that error. */
int xlsx_next(struct xlsx_sheet *s, char ***fields, size_t **lens, size_t *n,
	      const unsigned char **flags, struct lk_err *e);
/* Pads every later row to at least width fields (the header's). */
void xlsx_set_width(struct xlsx_sheet *s, size_t width);
/* Row number (1-based, as the spreadsheet shows it) of the row last
 * returned, or of the row an error was found in. */
size_t xlsx_row(const struct xlsx_sheet *s);
/* Uncompressed bytes of the sheet consumed so far. */
uint64_t xlsx_offset(const struct xlsx_sheet *s);

/* 1 if path starts like a zip file (an XLSX workbook), else 0 (also when
 * it cannot be read). */
int xlsx_is_workbook(const char *path);

#endif
