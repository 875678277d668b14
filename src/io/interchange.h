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
 */
#ifndef LK_INTERCHANGE_H
#define LK_INTERCHANGE_H

#include <stddef.h>

#include "core/ctx.h"
#include "core/i18n.h"
#include "io/csv.h"

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
};

/* Writes the three files into dir (created if missing) for the
 * households under region (NULL = the whole scope).  Files are written
 * to temporary names and renamed when complete. */
int lk_export(struct lk_ctx *ctx, const char *dir, const char *region,
	      enum lk_lang lang, struct lk_export_stats *stats);

#endif
