/*
 * import_int.h - the reading half of lk_import (io/interchange.h), private
 * to src/io.
 *
 * The rows of one input (a CSV file or a sheet of a workbook) are read,
 * decoded and parsed against a field table (registry/fields.h) on a
 * reader thread, and handed to the importing thread in file order through
 * a bounded queue.  The work that needs no database (tokenizing,
 * decoding, value parsing and validation: about a third of an import's
 * CPU time) then overlaps with the work that does (lookups and inserts),
 * which stays on the importing thread with the ledger's connection.
 *
 * Order and determinism.  The reader never looks at the ledger: what it
 * finds in a row depends on the row alone.  The importer gets each row
 * with the problems found in it, in the order a single thread would have
 * found them, reports them first and then what the ledger says about the
 * row; the issues, their order and the ledger's contents are those of a
 * single-threaded import.
 *
 * Memory.  At most IR_BATCHES batches exist, each of at most
 * IR_BATCH_ROWS rows and IR_BATCH_BYTES of values (plus one record, which
 * the CSV and XLSX limits bound); the reader waits while they are all
 * full, whatever the size of the file.
 *
 * Threads.  The reader thread runs with the language and the pinned
 * clock of the thread that started it (core/i18n.h, core/date.h), so its
 * messages and its "today" are the importer's.  It touches only its
 * source, its batches and the code lists, which nobody changes during an
 * import.
 */
#ifndef LK_IMPORT_INT_H
#define LK_IMPORT_INT_H

#include <stddef.h>

#include "core/err.h"
#include "io/csv.h"
#include "io/xlsx.h"
#include "registry/rec.h"

#define IR_MAX_COLS 512
#define IR_BATCHES 4
#define IR_BATCH_ROWS 512
#define IR_BATCH_BYTES (256u * 1024)

/* Column layout of one input: which field each column feeds. */
struct colmap {
	int field[IR_MAX_COLS];	  /* index into the table, -1 = ignored */
	char present[LK_REC_MAX]; /* per field: a column feeds it */
	char *header[IR_MAX_COLS];
	size_t n;
	int has_income; /* households: an income column is present */
};

/* The rows of an input, whichever its format. */
struct src {
	struct csv_reader *csv;
	struct xlsx_sheet *xs;
	const unsigned char *flags; /* XLSX: XLSX_CELL_* of the last row */
};

/* The next row of s (csv_next / xlsx_next; flags set for XLSX). */
int src_next(struct src *s, char ***f, size_t **lens, size_t *n,
	     struct lk_err *e);
/* Row number of the row last read; bytes read so far (progress). */
size_t src_row(const struct src *s);
size_t src_offset(const struct src *s);
/* Where the last format error was found (column 0: the message says). */
void src_error_pos(const struct src *s, size_t *row, size_t *col);
/* Closes the reader and empties s.  Accepts an empty s. */
void src_close(struct src *s);

/* A problem found in a row while parsing it, to be reported against the
 * row's file and row number. */
struct ir_issue {
	int error; /* 1 error, 0 warning */
	const char *column, *value, *rule, *message;
	struct ir_issue *next;
};

/* A row as the reader hands it over.  Valid until the next ir_next(). */
struct ir_row {
	size_t row;    /* spreadsheet row number */
	size_t offset; /* bytes of the input read up to this row */
	int blank;     /* an empty line: nothing parsed, to be skipped */
	int bad;       /* has errors (in issues): not to be written */
	int kept;      /* a value is kept as given (--accept-invalid); 0:
			  every value passed its field's validation */
	struct lk_rec rec; /* canonical values; LK_KEEP for absent columns */
	char **f;      /* the fields as given, n of them */
	size_t n;
	struct ir_issue *issues; /* in order; NULL if none */
};

/* What the reader does with each row. */
struct ir_opts {
	const struct lk_table *t;
	const struct colmap *m; /* the header, read before ir_start */
	const struct lk_codes *codes;
	int quiet;	  /* a second pass: no issues */
	unsigned only;	  /* parse only the key and fields with these flags
			     (LK_FF_*), 0 = all */
	int accept_invalid; /* value errors are warnings, values kept */
};

struct ireader;

/* Starts a reader thread on the rows of s after its header, parsed as o
 * says (o and what it points to must outlive the reader).  The reader
 * takes s whether or not it starts (*s is emptied).  0, LK_ENOMEM, or
 * LK_EINTERNAL when no thread can be started. */
int ir_start(struct src *s, const struct ir_opts *o, struct ireader **out,
	     struct lk_err *e);
/* The next row in file order: 0 with *row set; LK_EEOF at the end; or
 * the error that stopped the reader (a format error of the input:
 * LK_EINVAL or LK_ETOOBIG with ir_error_pos(); LK_ENOMEM, LK_EIO ...)
 * with its message in e.  At the end or after an error every later call
 * returns the same. */
int ir_next(struct ireader *r, const struct ir_row **row, struct lk_err *e);
/* Where the format error ir_next() returned was found (src_error_pos). */
void ir_error_pos(const struct ireader *r, size_t *row, size_t *col);
/* Bytes of the input read when ir_next() returned its end or error. */
size_t ir_offset(const struct ireader *r);
/* Stops the reader thread (when it has filled the batch it is on, if
 * any), closes the source and frees everything.  Accepts NULL. */
void ir_stop(struct ireader *r);

#endif
