/*
 * interchange.h - import and export of the household collection form
 * (../shared/docs/interchange.md) as CSV files.
 *
 * Import reads up to three files (households, members, incomes), each
 * streamed row by row, validates every value against the field tables
 * (registry/fields.h), and writes through the registry service in ONE
 * transaction: any error rejects the whole file set and the ledger is
 * left exactly as it was.  Every problem is reported through a callback
 * with file, row (spreadsheet numbering, header = row 1), column, value,
 * rule and message; import goes on after an error to report them all.
 * Re-importing the same files changes nothing; a changed file updates
 * the records it names and never deletes what it does not name.
 *
 * The rows of each input are read and parsed on a reader thread while
 * the calling thread writes the rows before them (io/import_int.h);
 * issues come in file order, as from one thread, and the caller's
 * connection is only ever used by the calling thread.
 *
 * Order of work: households, members, then the households' income
 * columns (a second pass over the households file, since per-capita
 * income needs the member count) and the incomes file; last, every
 * household touched is checked for its members (one head, head_id,
 * not empty) with one aggregate query.
 *
 * Export writes households.csv (without income columns), members.csv and
 * incomes.csv for the households in scope, UTF-8 with BOM, CRLF, headers
 * and coded values in the chosen language (Chinese headers and labels by
 * default; English keys and labels for LK_LANG_EN).  Export, import into
 * an empty ledger and export again gives identical files.
 *
 * Import also reads an XLSX workbook (opts->workbook) whose sheets are
 * the three tables (io/xlsx.h): each sheet goes through the same passes,
 * checks and report as its CSV file, named "BOOK.xlsx:SHEET" in the
 * issues.  A number cell that lost digits (an ID typed as a number) or
 * that holds a spreadsheet error is an error in its column.
 *
 * The rows of an export come from one producer, lk_export_rows(), which
 * reads the ledger and hands each record (canonical values) to a sink:
 * the CSV files here and the XLSX ledger book (io/xlsx.h) are two sinks
 * of the same rows, headers and display values.
 */
#ifndef LK_INTERCHANGE_H
#define LK_INTERCHANGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "io/csv.h"
#include "registry/rec.h"

struct lk_wkind;

struct lk_issue {
	int error;           /* 1 error (rejects), 0 warning */
	const char *file;    /* as given */
	size_t row;          /* 0 = the file as a whole */
	const char *column;  /* header as written in the file, or "" */
	const char *value;   /* as given, or "" */
	const char *rule;    /* data-quality rule id or format rule */
	const char *message; /* translated */
};

struct lk_import_opts {
	const char *households; /* paths; any may be NULL */
	const char *members;
	const char *incomes;
	/* An XLSX workbook with sheets households/农户, members/家庭成员
	 * and incomes/收入 (any of them; other sheets are ignored).  Set
	 * it alone: with a workbook, the three paths above must be NULL. */
	const char *workbook;
	enum csv_encoding encoding;
	int dry_run;
	int accept_invalid;
	int ignore_unknown;
	/* Called for every error and warning (may be NULL). */
	void (*issue)(void *arg, const struct lk_issue *is);
	/* Called now and then with rows done and bytes read of all files
	 * (may be NULL). */
	void (*progress)(void *arg, size_t rows, size_t bytes, size_t total);
	void *arg;
};

struct lk_import_stats {
	/* [0] households, [1] members, [2] incomes */
	size_t rows[3], created[3], updated[3], unchanged[3];
	size_t errors, warnings;
};

/* 0 when imported (or valid, for a dry run); LK_EINVAL when the files
 * have errors (reported through opts->issue, ctx->err summarises);
 * another code for I/O or internal failures.  The ledger is unchanged
 * unless 0 is returned and dry_run is off. */
int lk_import(struct lk_ctx *ctx, const struct lk_import_opts *opts,
	      struct lk_import_stats *stats);

struct lk_export_stats {
	size_t households, members, incomes;
	size_t work; /* records of the work sheets (XLSX only) */
};

/* Writes the three files into dir (created if missing) for the
 * households under region (NULL = the whole scope).  Files are written
 * to temporary names and renamed when complete. */
int lk_export(struct lk_ctx *ctx, const char *dir, const char *region,
	      enum lk_lang lang, struct lk_export_stats *stats);

/* ---- the rows of an export, shared by the CSV and XLSX writers ---- */

/* A sheet (CSV file) of the export: a field table, the record kind for
 * work records (NULL for the registry's tables) and the flags of the
 * fields not written.  A work sheet starts with the record's id. */
struct lk_xsheet {
	const struct lk_table *t;
	const struct lk_wkind *kind;
	unsigned skip;
};

/* Where the rows go.  begin and end enclose the rows of each sheet;
 * row gets a record of s->t with canonical values (fields.h), valid
 * during the call, and its id (work records; 0 otherwise).  A non-zero
 * return stops the export and is returned by lk_export_rows. */
struct lk_xsink {
	int (*begin)(void *arg, const struct lk_xsheet *s);
	int (*row)(void *arg, const struct lk_xsheet *s, int64_t id,
		   const struct lk_rec *r);
	int (*end)(void *arg, const struct lk_xsheet *s);
	void *arg;
};

enum {
	LK_X_REGISTRY = 1, /* households, members, incomes */
	LK_X_WORK = 2	   /* cadres, measures, visits, funds, disbursements,
			      projects, team members, party branches,
			      members and activities */
};

/* Reads the sheets named by what (LK_X_*) for the records under region
 * (NULL = the whole scope) in one read transaction, in the order above,
 * households by number, members by household and order, incomes by
 * household and year, work records in their kind's order.  0, an error
 * of the ledger (ctx->err), or the sink's. */
int lk_export_rows(struct lk_ctx *ctx, const char *region, unsigned what,
		   const struct lk_xsink *sink);

/* The name of a sheet in lang: "households" / "农户" (lk_table). */
const char *lk_xsheet_name(const struct lk_xsheet *s, enum lk_lang lang);
/* Header of column col (0-based) of a sheet in lang, with its field in
 * *f (NULL for the id column of work records); NULL past the last
 * column. */
const char *lk_xsheet_header(const struct lk_xsheet *s, size_t col,
			     enum lk_lang lang, const struct lk_field **f);
/* Appends the display text of a canonical value as the CSV export
 * writes it (labels in lang, yes/no, yuan with 2 decimals ...).
 * LK_ENOMEM/LK_ETOOBIG from the buffer. */
int lk_xsheet_show(struct lk_ctx *ctx, const struct lk_field *f,
		   const char *canon, enum lk_lang lang, struct lk_buf *out);

#endif
