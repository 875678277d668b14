/*
 * csv.h - a streaming RFC 4180 reader and a writer.
 *
 * Reader.  Reads records one at a time from a file or memory, never the
 * whole file: memory is bounded by the limits below whatever the file
 * size.  Accepts quoted fields, doubled quotes, newlines inside quotes,
 * CRLF, LF or a lone CR as record ends, and a missing final newline.
 * Encoding: a UTF-8 BOM is skipped; without BOM the first 64 KiB decide
 * between UTF-8 and GB18030 (the superset of GBK that Excel on Chinese
 * Windows writes), unless the caller forces one.  GB18030 input is
 * converted to UTF-8 on the fly with iconv.  Fields are always returned as
 * valid UTF-8; an invalid byte sequence later in the file is an error
 * naming the row.
 *
 * Rows are numbered as a spreadsheet shows them: the first record is row
 * 1 (the header in interchange files), whatever newlines quoted fields
 * contain.  Columns are numbered from 1.
 *
 * Errors (LK_EINVAL with a message naming the row and column): an
 * unterminated quote at end of input, a character after a closing quote
 * other than a separator or record end, a quote inside an unquoted field
 * (a"b is malformed; a field with quotes must be quoted as a whole), a
 * NUL byte, invalid encoding (overlong UTF-8, surrogates and code points
 * above U+10FFFF included; a character cut short by the end of input); a
 * field, a record or a field count beyond its limit (LK_ETOOBIG).  An
 * empty line is returned as a record with one empty field; callers
 * decide.  Messages look like "row 12, column 3: unterminated quoted
 * field" (the caller adds the file name).
 *
 * Memory: one 64 KiB read block (plus 128 KiB for GB18030 conversion),
 * one record buffer and one field array, both reused and grown only up to
 * the limits.
 *
 * Writer.  csv_buf_field() appends one field to a buffer, quoting only
 * when needed (separator, quote, CR, LF, a leading/trailing space, or a
 * leading U+FEFF, which would be taken for a BOM at the start of a file);
 * csv_buf_eol() ends a record with CRLF.  An empty field is written as
 * nothing, so a record of one empty field is an empty line, which the
 * reader reads back as one empty field.
 */
#ifndef LK_CSV_H
#define LK_CSV_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

enum csv_encoding {
	CSV_ENC_AUTO = 0,
	CSV_ENC_UTF8,
	CSV_ENC_GB18030,
};

struct csv_limits {
	size_t max_field;  /* bytes in one field (after conversion) */
	size_t max_fields; /* fields in one record */
	size_t max_record; /* bytes in one record */
};

/* Defaults: 64 KiB field, 512 fields, 1 MiB record.  A record's size is
 * the sum of its field contents (after unquoting and conversion).  A zero
 * member of a caller's struct csv_limits means its default. */
extern const struct csv_limits csv_default_limits;

struct csv_reader;

/* Opens path ("-" = stdin, not closed by csv_close).  path is used in
 * open, read and detection messages.  limits NULL = defaults.  Reads the
 * first 64 KiB to detect the encoding: LK_ENOTFOUND/LK_EIO if unreadable,
 * LK_EINVAL "cannot detect encoding ..." when enc is CSV_ENC_AUTO and the
 * start is neither valid UTF-8 nor valid GB18030, LK_ENOMEM.  On failure
 * *out is untouched and nothing is leaked. */
int csv_open_file(const char *path, enum csv_encoding enc,
		  const struct csv_limits *limits, struct csv_reader **out,
		  struct lk_err *e);
/* Reads from memory (not copied; must outlive the reader).  Errors as
 * csv_open_file() without the I/O ones. */
int csv_open_mem(const void *data, size_t len, enum csv_encoding enc,
		 const struct csv_limits *limits, struct csv_reader **out,
		 struct lk_err *e);
void csv_close(struct csv_reader *r); /* accepts NULL */

/* Reads the next record: 0 with *fields, *lens and *n set (borrowed until
 * the next call; each field NUL-terminated; n >= 1), LK_EEOF at the end
 * (again on every later call), or an error with its message in e (e may
 * be NULL).  After an error the reader only returns that error (and
 * message) again.  The out-parameters are set only on success. */
int csv_next(struct csv_reader *r, char ***fields, size_t **lens, size_t *n,
	     struct lk_err *e);

/* Row number of the record last returned (1-based; 0 before the first).
 * Cannot fail. */
size_t csv_row(const struct csv_reader *r);
/* After csv_next failed with a format error: the row (1-based) and the
 * column (1-based; 0 when the error is about the record as a whole) it
 * was found in. */
void csv_error_pos(const struct csv_reader *r, size_t *row, size_t *col);
/* Encoding in use (after detection). */
enum csv_encoding csv_encoding_of(const struct csv_reader *r);
/* Bytes of input consumed so far (for progress): exact for UTF-8; for
 * GB18030, up to one block ahead of the records returned.  Cannot fail. */
size_t csv_offset(const struct csv_reader *r);

/* "utf-8"/"utf8" -> CSV_ENC_UTF8, "gb18030"/"gbk"/"gb2312" -> GB18030,
 * "auto" -> CSV_ENC_AUTO; ASCII case ignored.  0, or LK_EINVAL (no
 * message; *out untouched) for anything else or NULL. */
int csv_encoding_parse(const char *s, enum csv_encoding *out);

/* Appends the field s[0..len) (s may be NULL when len is 0), preceded by
 * a separator unless first.  0, or LK_ETOOBIG/LK_ENOMEM from the buffer,
 * which is then freed (see buf.h). */
int csv_buf_field(struct lk_buf *b, const char *s, size_t len, int first);
/* Appends CRLF.  0, or LK_ETOOBIG/LK_ENOMEM (buffer freed). */
int csv_buf_eol(struct lk_buf *b);

#endif
