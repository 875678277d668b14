/*
 * csv.c - streaming RFC 4180 reader and writer (contract in csv.h).
 *
 * Design.  The reader is three layers, each owning one buffer:
 *
 *   raw      bytes as read: for a file, one block buffer of CSV_BLOCK
 *            bytes refilled with read(2); for memory, the caller's bytes
 *            (never copied).  [rp, rend) are raw bytes not yet decoded.
 *   decode   turns raw bytes into a "window" [p, end) of valid UTF-8.
 *            UTF-8 input is validated in place (the window points into
 *            the raw bytes); GB18030 input is converted by iconv into the
 *            conv buffer.  A window always ends on a character boundary:
 *            an incomplete sequence at the end of a block stays in the
 *            raw layer (moved to the front of the block buffer before the
 *            next read) until the rest arrives.  An invalid sequence ends
 *            the window just before it and is remembered in src_err; the
 *            parser reports it, with its row and column, when it reaches
 *            that point.
 *   parse    a byte state machine over the window that copies field
 *            contents (unquoted, undoubled) into one record buffer, each
 *            field followed by a NUL, and their lengths into one array.
 *            Both are reused for every record and grow only up to the
 *            limits, so memory is bounded by
 *            max_record + max_fields * (1 + 2 * sizeof(size_t)) plus the
 *            block buffers (64 KiB raw, 128 KiB conv), whatever the file.
 *
 * Parser states:
 *
 *   REC_START    before the first byte of a record.  Swallows the LF of a
 *                CRLF whose CR ended the previous record (skip_lf), so a
 *                record can be returned without looking ahead.  EOF here
 *                is the end of input.
 *   FIELD_START  after a separator, before the first byte of a field.
 *                '"' opens a quoted field, anything else an unquoted one.
 *   UNQ          inside an unquoted field: runs of ordinary bytes are
 *                copied; ',' ends the field; CR or LF ends the record; a
 *                '"' or NUL is an error.
 *   Q            inside a quoted field: runs up to the next '"' are copied
 *                (CR and LF included); NUL is an error.
 *   Q_QUOTE      just after a '"' inside a quoted field: '"' is a literal
 *                quote (back to Q); ',' or CR/LF or EOF close the field;
 *                anything else is "text after closing quote".
 *
 * Columns: nf counts the fields opened so far in the record, so the
 * column of the current field is nf in UNQ/Q/Q_QUOTE and nf + 1 in
 * REC_START/FIELD_START (the next field, not opened yet).
 */
#include "io/csv.h"

#include "core/i18n.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The allocator; tests that include this file define these first to
 * inject allocation failures. */
#ifndef CSV_MALLOC
#define CSV_MALLOC malloc
#define CSV_CALLOC calloc
#define CSV_REALLOC realloc
#endif

#define CSV_BLOCK (64 * 1024)
#define CSV_CONV_CAP (2 * CSV_BLOCK)
#define CSV_MAGIC 0x43535652u /* "CSVR" */

const struct csv_limits csv_default_limits = {
    64 * 1024,	 /* max_field */
    512,	 /* max_fields */
    1024 * 1024, /* max_record */
};

enum { ST_REC_START, ST_FIELD_START, ST_UNQ, ST_Q, ST_Q_QUOTE };

/* Pending decoding errors (src_err). */
enum { SRC_OK = 0, SRC_BADSEQ };

struct csv_reader {
	unsigned magic;

	/* raw layer */
	int fd;				/* -1 for memory input */
	int own_fd;			/* close fd in csv_close */
	char *name;			/* path for messages; NULL for memory */
	unsigned char *raw;		/* file block buffer (CSV_BLOCK) */
	const unsigned char *rp, *rend; /* raw bytes not yet decoded */
	int raw_eof;			/* no more raw bytes after rend */
	size_t consumed;		/* raw bytes before rp */

	/* decode layer */
	enum csv_encoding enc;
	iconv_t cd; /* (iconv_t)-1 unless GB18030 */
	unsigned char *conv;
	int src_err;  /* SRC_* found at the end of the current window */
	int bom_done; /* the first window has been checked for a BOM */

	/* window: valid UTF-8 the parser has not consumed yet */
	const unsigned char *p, *end;

	/* parse layer */
	struct csv_limits lim;
	char *rec; /* fields, each NUL-terminated, back to back */
	size_t rec_len;
	size_t rec_cap;
	size_t rec_hard; /* largest rec_cap the limits allow */
	size_t fstart;	 /* offset in rec of the open field */
	size_t *lens;
	char **fields;
	size_t fcap; /* entries in lens and fields */
	size_t nf;   /* fields opened in the current record */
	int state;
	int skip_lf;
	size_t row; /* rows returned so far */

	/* sticky error */
	int err;
	struct lk_err lerr;
};

/* Stop bytes of the parser: unquoted fields stop at separator, quote, CR,
 * LF and NUL; quoted fields at quote and NUL. */
static const unsigned char unq_stop[256] = {
    [0] = 1, [','] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1,
};
static const unsigned char q_stop[256] = {
    [0] = 1,
    ['"'] = 1,
};

/* ---- UTF-8 validation ------------------------------------------------ */

enum { U8_OK = 0, U8_PARTIAL = 1, U8_BAD = -1 };

/*
 * Validates s[0..n) as UTF-8 (Unicode table 3-7: no overlongs, no
 * surrogates, nothing above U+10FFFF).  Sets *valid to the length of the
 * longest prefix made of whole valid characters and returns U8_OK (the
 * whole of s), U8_PARTIAL (s ends with the start of a character that may
 * still be completed) or U8_BAD (an invalid sequence at *valid).
 */
static int utf8_scan(const unsigned char *s, size_t n, size_t *valid)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t len;
		unsigned lo = 0x80, hi = 0xBF;

		if (c < 0x80) {
			/* ASCII fast path, 8 bytes at a time */
			while (i + 8 <= n) {
				uint64_t w;

				memcpy(&w, s + i, 8);
				if (w & 0x8080808080808080ull)
					break;
				i += 8;
			}
			while (i < n && s[i] < 0x80)
				i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else {
			*valid = i;
			return U8_BAD;
		}
		/* second byte has the tighter range, the rest 80..BF */
		for (size_t k = 1; k < len; k++) {
			if (i + k >= n) {
				*valid = i;
				return U8_PARTIAL;
			}
			if (s[i + k] < lo || s[i + k] > hi) {
				*valid = i;
				return U8_BAD;
			}
			lo = 0x80;
			hi = 0xBF;
		}
		i += len;
	}
	*valid = n;
	return U8_OK;
}

/* ---- raw layer ------------------------------------------------------- */

/* Thread-safe strerror into buf[size]; returns buf.  Cannot fail. */
static const char *sys_error(int errnum, char *buf, size_t size)
{
	if (strerror_r(errnum, buf, size) != 0)
		snprintf(buf, size, "errno %d", errnum);
	return buf;
}

/* Sets an I/O error message for the reader's file.  Returns LK_EIO. */
static int raw_read_error(struct csv_reader *r, int errnum)
{
	char sys[128];

	return lk_err_set(&r->lerr, LK_EIO, _("cannot read %s: %s"),
			  r->name ? r->name : "-",
			  sys_error(errnum, sys, sizeof sys));
}

/*
 * Moves the undecoded bytes to the front of the block buffer and reads
 * more after them: one read(2), or, when full is set, until the buffer is
 * full or the file ends.  Sets raw_eof at the end of the file.  No-op for
 * memory input.  Returns 0 or LK_EIO (message in r->lerr).
 */
static int raw_fill(struct csv_reader *r, int full)
{
	int rc = LK_EINTERNAL;
	size_t keep;

	if (r->fd < 0 || r->raw_eof) {
		rc = 0;
		goto out;
	}
	keep = (size_t)(r->rend - r->rp);
	assert(keep < CSV_BLOCK);
	if (keep && r->rp != r->raw)
		memmove(r->raw, r->rp, keep);
	r->rp = r->raw;
	r->rend = r->raw + keep;
	do {
		ssize_t got = read(r->fd, r->raw + keep, CSV_BLOCK - keep);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = raw_read_error(r, errno);
			goto out;
		}
		if (got == 0) {
			r->raw_eof = 1;
			break;
		}
		keep += (size_t)got;
		r->rend = r->raw + keep;
	} while (full && keep < CSV_BLOCK);
	rc = 0;
out:
	return rc;
}

static void raw_advance(struct csv_reader *r, size_t n)
{
	r->rp += n;
	r->consumed += n;
}

/* ---- decode layer ---------------------------------------------------- */

/*
 * Produces the next window [r->p, r->end) of valid UTF-8.  Returns 1 when
 * the window is non-empty, 0 at the end of input, LK_EINVAL when the
 * parser has reached an invalid byte sequence (no message set: the parser
 * knows the row and column) or LK_EIO (message in r->lerr).
 */
static int refill_utf8(struct csv_reader *r)
{
	int rc = LK_EINTERNAL;

	for (;;) {
		size_t avail = (size_t)(r->rend - r->rp), chunk, valid;
		int st;

		if (avail == 0 && r->raw_eof) {
			rc = 0;
			goto out;
		}
		if (avail == 0) {
			if ((rc = raw_fill(r, 0)) < 0)
				goto out;
			continue;
		}
		chunk = avail < CSV_BLOCK ? avail : CSV_BLOCK;
		st = utf8_scan(r->rp, chunk, &valid);
		if (valid > 0) {
			r->p = r->rp;
			r->end = r->rp + valid;
			raw_advance(r, valid);
			if (st == U8_BAD)
				r->src_err = SRC_BADSEQ;
			rc = 1;
			goto out;
		}
		if (st == U8_PARTIAL && chunk == avail && !r->raw_eof) {
			if ((rc = raw_fill(r, 0)) < 0)
				goto out;
			continue;
		}
		/* invalid, or a character cut short by the end of input */
		rc = LK_EINVAL;
		goto out;
	}
out:
	return rc;
}

/* As refill_utf8(), converting GB18030 into the conv buffer. */
static int refill_gb18030(struct csv_reader *r)
{
	int rc = LK_EINTERNAL;

	for (;;) {
		size_t avail = (size_t)(r->rend - r->rp);
		char *in = (char *)(uintptr_t)r->rp;
		char *out = (char *)r->conv;
		size_t inleft = avail < CSV_BLOCK ? avail : CSV_BLOCK;
		size_t outleft = CSV_CONV_CAP, made, ret;
		int saved;

		if (avail == 0 && r->raw_eof) {
			rc = 0;
			goto out;
		}
		if (avail == 0) {
			if ((rc = raw_fill(r, 0)) < 0)
				goto out;
			continue;
		}
		ret = iconv(r->cd, &in, &inleft, &out, &outleft);
		saved = errno;
		raw_advance(r, (size_t)((const unsigned char *)in - r->rp));
		made = CSV_CONV_CAP - outleft;
		if (ret == (size_t)-1 && saved == EILSEQ) {
			if (made == 0) {
				rc = LK_EINVAL;
				goto out;
			}
			r->src_err = SRC_BADSEQ; /* after this window */
		} else if (ret == (size_t)-1 && saved == EINVAL && made == 0) {
			/* A character cut short: by the end of the chunk
			 * only if fewer than 4 bytes are left, so by the end
			 * of what has been read. */
			if (r->raw_eof) {
				rc = LK_EINVAL;
				goto out;
			}
			if ((rc = raw_fill(r, 0)) < 0)
				goto out;
			continue;
		} else if (ret == (size_t)-1 && saved != EINVAL &&
			   saved != E2BIG) {
			char sys[128];

			rc = lk_err_set(&r->lerr, LK_EINTERNAL,
					_("cannot convert from gb18030: %s"),
					sys_error(saved, sys, sizeof sys));
			goto out;
		}
		if (made > 0) {
			r->p = r->conv;
			r->end = r->conv + made;
			rc = 1;
			goto out;
		}
	}
out:
	return rc;
}

/* Next window, whatever the encoding; skips a BOM at the start of the
 * input.  Returns as refill_utf8(). */
static int refill(struct csv_reader *r)
{
	int rc = LK_EINTERNAL;

	r->p = r->end; /* an empty window unless data comes */
	if (r->src_err) {
		rc = LK_EINVAL;
		goto out;
	}
	if (r->enc == CSV_ENC_GB18030)
		rc = refill_gb18030(r);
	else
		rc = refill_utf8(r);
	if (rc == 1 && !r->bom_done) {
		r->bom_done = 1;
		/* A BOM is one character, so never split between windows. */
		if (r->end - r->p >= 3 && r->p[0] == 0xEF && r->p[1] == 0xBB &&
		    r->p[2] == 0xBF) {
			r->p += 3;
			if (r->p == r->end)
				rc = refill(r);
		}
	}
out:
	return rc;
}

/* ---- encoding detection ---------------------------------------------- */

/* 1 if s[0..n) converts cleanly from GB18030 (an incomplete character at
 * the end counts as clean unless at_eof), else 0.  Resets r->cd. */
static int gb18030_clean(struct csv_reader *r, const unsigned char *s, size_t n,
			 int at_eof)
{
	char *in = (char *)(uintptr_t)s;
	size_t inleft = n;
	int ok = 1;

	while (inleft > 0) {
		char *out = (char *)r->conv;
		size_t outleft = CSV_CONV_CAP;

		if (iconv(r->cd, &in, &inleft, &out, &outleft) != (size_t)-1)
			continue;
		if (errno == E2BIG)
			continue;
		if (errno == EINVAL && !at_eof && inleft < 4)
			break;
		ok = 0;
		break;
	}
	iconv(r->cd, NULL, NULL, NULL, NULL);
	return ok;
}

/*
 * Reads the first block, decides the encoding when enc is CSV_ENC_AUTO
 * and prepares iconv for GB18030.  Returns 0, LK_EINVAL (undetectable),
 * LK_EIO or LK_EINTERNAL/LK_ENOMEM with a message in e.
 */
static int detect(struct csv_reader *r, enum csv_encoding enc, struct lk_err *e)
{
	int rc = LK_EINTERNAL;
	const unsigned char *s;
	size_t n, valid;
	int at_eof, st;

	if (raw_fill(r, 1) < 0) {
		rc = lk_err_set(e, LK_EIO, "%s", r->lerr.msg);
		goto out;
	}
	s = r->rp;
	n = (size_t)(r->rend - r->rp);
	at_eof = r->raw_eof;
	if (n > CSV_BLOCK) {
		n = CSV_BLOCK;
		at_eof = 0;
	}
	if (enc != CSV_ENC_UTF8) {
		r->cd = iconv_open("UTF-8", "GB18030");
		if (r->cd == (iconv_t)-1) {
			char sys[128];

			rc = lk_err_set(e, LK_EINTERNAL,
					_("cannot convert from gb18030: %s"),
					sys_error(errno, sys, sizeof sys));
			goto out;
		}
		r->conv = CSV_MALLOC(CSV_CONV_CAP);
		if (!r->conv) {
			rc = lk_err_set(e, LK_ENOMEM, "%s", _("out of memory"));
			goto out;
		}
	}
	if (enc == CSV_ENC_AUTO) {
		st = utf8_scan(s, n, &valid);
		if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
			enc = CSV_ENC_UTF8;
		else if (st == U8_OK || (st == U8_PARTIAL && !at_eof))
			enc = CSV_ENC_UTF8;
		else if (gb18030_clean(r, s, n, at_eof))
			enc = CSV_ENC_GB18030;
		else if (r->name) {
			rc = lk_err_set(e, LK_EINVAL,
					_("cannot detect encoding of %s: "
					  "neither utf-8 nor gb18030"),
					r->name);
			goto out;
		} else {
			rc = lk_err_set(e, LK_EINVAL, "%s",
					_("cannot detect encoding: "
					  "neither utf-8 nor gb18030"));
			goto out;
		}
	}
	if (enc == CSV_ENC_UTF8 && r->cd != (iconv_t)-1) {
		iconv_close(r->cd);
		r->cd = (iconv_t)-1;
		free(r->conv);
		r->conv = NULL;
	}
	r->enc = enc;
	rc = 0;
out:
	return rc;
}

/* ---- reader life cycle ----------------------------------------------- */

/* Overflow-safe a + b, saturating at SIZE_MAX. */
static size_t sat_add(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static struct csv_reader *reader_new(const struct csv_limits *limits)
{
	struct csv_reader *r = CSV_CALLOC(1, sizeof *r);

	if (!r)
		return NULL;
	r->magic = CSV_MAGIC;
	r->fd = -1;
	r->cd = (iconv_t)-1;
	r->lim = csv_default_limits;
	if (limits && limits->max_field)
		r->lim.max_field = limits->max_field;
	if (limits && limits->max_fields)
		r->lim.max_fields = limits->max_fields;
	if (limits && limits->max_record)
		r->lim.max_record = limits->max_record;
	/* contents, one NUL per field */
	r->rec_hard = sat_add(r->lim.max_record, r->lim.max_fields);
	r->state = ST_REC_START;
	return r;
}

int csv_open_file(const char *path, enum csv_encoding enc,
		  const struct csv_limits *limits, struct csv_reader **out,
		  struct lk_err *e)
{
	int rc = LK_EINTERNAL;
	struct csv_reader *r = NULL;

	assert(path && out);
	assert(enc >= CSV_ENC_AUTO && enc <= CSV_ENC_GB18030);
	r = reader_new(limits);
	if (!r) {
		rc = lk_err_set(e, LK_ENOMEM, "%s", _("out of memory"));
		goto out;
	}
	r->name = CSV_MALLOC(strlen(path) + 1);
	if (r->name)
		memcpy(r->name, path, strlen(path) + 1);
	r->raw = CSV_MALLOC(CSV_BLOCK);
	if (!r->name || !r->raw) {
		rc = lk_err_set(e, LK_ENOMEM, "%s", _("out of memory"));
		goto out;
	}
	r->rp = r->rend = r->raw;
	if (strcmp(path, "-") == 0) {
		r->fd = STDIN_FILENO;
	} else {
		r->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (r->fd < 0) {
			char sys[128];
			int errnum = errno;

			rc = lk_err_set(e,
					errnum == ENOENT || errnum == ENOTDIR
					    ? LK_ENOTFOUND
					    : LK_EIO,
					_("cannot open %s: %s"), path,
					sys_error(errnum, sys, sizeof sys));
			goto out;
		}
		r->own_fd = 1;
	}
	rc = detect(r, enc, e);
	if (rc < 0)
		goto out;
	*out = r;
	r = NULL;
	rc = 0;
out:
	csv_close(r);
	return rc;
}

int csv_open_mem(const void *data, size_t len, enum csv_encoding enc,
		 const struct csv_limits *limits, struct csv_reader **out,
		 struct lk_err *e)
{
	int rc = LK_EINTERNAL;
	struct csv_reader *r = NULL;
	static const unsigned char empty[1];

	assert((data || len == 0) && out);
	assert(enc >= CSV_ENC_AUTO && enc <= CSV_ENC_GB18030);
	r = reader_new(limits);
	if (!r) {
		rc = lk_err_set(e, LK_ENOMEM, "%s", _("out of memory"));
		goto out;
	}
	r->rp = data ? data : empty;
	r->rend = r->rp + len;
	r->raw_eof = 1;
	rc = detect(r, enc, e);
	if (rc < 0)
		goto out;
	*out = r;
	r = NULL;
	rc = 0;
out:
	csv_close(r);
	return rc;
}

void csv_close(struct csv_reader *r)
{
	if (!r)
		return;
	assert(r->magic == CSV_MAGIC);
	if (r->own_fd)
		close(r->fd);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->conv);
	free(r->raw);
	free(r->name);
	free(r->rec);
	free(r->lens);
	free(r->fields);
	r->magic = 0;
	free(r);
}

/* ---- parse layer ----------------------------------------------------- */

/* Column of the field being read (see the top of the file). */
static size_t cur_col(const struct csv_reader *r)
{
	if (r->state == ST_REC_START || r->state == ST_FIELD_START)
		return r->nf + 1;
	return r->nf;
}

/* Makes rec hold at least need bytes (need <= rec_hard).  0 or
 * LK_ENOMEM (message in r->lerr). */
static int rec_reserve(struct csv_reader *r, size_t need)
{
	int rc = LK_EINTERNAL;
	size_t cap;
	char *p;

	assert(need <= r->rec_hard);
	if (need <= r->rec_cap) {
		rc = 0;
		goto out;
	}
	cap = r->rec_cap ? r->rec_cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
	if (cap > r->rec_hard)
		cap = r->rec_hard;
	p = CSV_REALLOC(r->rec, cap);
	if (!p) {
		rc = lk_err_set(&r->lerr, LK_ENOMEM, "%s", _("out of memory"));
		goto out;
	}
	r->rec = p;
	r->rec_cap = cap;
	rc = 0;
out:
	return rc;
}

/* Appends n content bytes to the open field, checking the limits.
 * Leaves room for the field's NUL.  0, LK_ETOOBIG or LK_ENOMEM. */
static inline int rec_add(struct csv_reader *r, const void *s, size_t n)
{
	int rc = LK_EINTERNAL;
	size_t content = r->rec_len - (r->nf - 1); /* minus closed NULs */

	if (r->rec_len - r->fstart + n > r->lim.max_field) {
		rc = lk_err_set(&r->lerr, LK_ETOOBIG,
				_("row %zu, column %zu: field longer than "
				  "%zu bytes"),
				r->row + 1, r->nf, r->lim.max_field);
		goto out;
	}
	if (content + n > r->lim.max_record) {
		rc = lk_err_set(&r->lerr, LK_ETOOBIG,
				_("row %zu: record longer than %zu bytes"),
				r->row + 1, r->lim.max_record);
		goto out;
	}
	if (r->rec_len + n + 1 > r->rec_cap &&
	    (rc = rec_reserve(r, r->rec_len + n + 1)) < 0)
		goto out;
	memcpy(r->rec + r->rec_len, s, n);
	r->rec_len += n;
	rc = 0;
out:
	return rc;
}

/* Opens a field.  0, LK_ETOOBIG or LK_ENOMEM. */
static int field_open(struct csv_reader *r)
{
	int rc = LK_EINTERNAL;

	if (r->nf == r->lim.max_fields) {
		rc = lk_err_set(&r->lerr, LK_ETOOBIG,
				_("row %zu: more than %zu fields"), r->row + 1,
				r->lim.max_fields);
		goto out;
	}
	if (r->nf == r->fcap) {
		size_t cap = r->fcap ? r->fcap * 2 : 32;
		size_t *l;
		char **f;

		if (cap > r->lim.max_fields)
			cap = r->lim.max_fields;
		l = CSV_REALLOC(r->lens, cap * sizeof *l);
		if (l)
			r->lens = l;
		f = l ? CSV_REALLOC(r->fields, cap * sizeof *f) : NULL;
		if (!f) {
			rc = lk_err_set(&r->lerr, LK_ENOMEM, "%s",
					_("out of memory"));
			goto out;
		}
		r->fields = f;
		r->fcap = cap;
	}
	if (r->rec_len + 1 > r->rec_cap &&
	    (rc = rec_reserve(r, r->rec_len + 1)) < 0)
		goto out;
	r->fstart = r->rec_len;
	r->nf++;
	rc = 0;
out:
	return rc;
}

/* Closes the open field: records its length and NUL-terminates it (room
 * for the NUL is always reserved).  Cannot fail. */
static inline void field_close(struct csv_reader *r)
{
	assert(r->nf > 0 && r->rec_len < r->rec_cap);
	r->lens[r->nf - 1] = r->rec_len - r->fstart;
	r->rec[r->rec_len++] = '\0';
}

/*
 * The state machine.  Returns 0 with a whole record in rec/lens (nf
 * fields), LK_EEOF, or an error with its message in r->lerr.
 */
static int parse_record(struct csv_reader *r)
{
	int rc = LK_EINTERNAL;
	const unsigned char *p = r->p, *end = r->end, *q;
	int st = r->state;

	for (;;) {
		if (p == end) {
			r->p = p;
			r->state = st;
			rc = refill(r);
			p = r->p;
			end = r->end;
			if (rc == LK_EINVAL) {
				rc = lk_err_set(&r->lerr, LK_EINVAL,
						r->enc == CSV_ENC_GB18030
						    ? _("row %zu, column %zu: "
							"invalid gb18030 byte "
							"sequence")
						    : _("row %zu, column %zu: "
							"invalid utf-8 byte "
							"sequence"),
						r->row + 1, cur_col(r));
				goto out;
			}
			if (rc < 0)
				goto out;
			if (rc == 0)
				break; /* end of input */
		}
		switch (st) {
		case ST_REC_START:
			if (r->skip_lf) {
				r->skip_lf = 0;
				if (*p == '\n') {
					p++;
					continue;
				}
			}
			/* fall through */
		case ST_FIELD_START:
			if ((rc = field_open(r)) < 0)
				goto out;
			if (*p == '"') {
				p++;
				st = ST_Q;
				continue;
			}
			st = ST_UNQ;
			/* fall through */
		case ST_UNQ:
			q = p;
			while (q < end && !unq_stop[*q])
				q++;
			if (q > p && (rc = rec_add(r, p, (size_t)(q - p))) < 0)
				goto out;
			p = q;
			if (p == end)
				continue;
			switch (*p++) {
			case ',':
				field_close(r);
				st = ST_FIELD_START;
				continue;
			case '\r':
				r->skip_lf = 1;
				/* fall through */
			case '\n': field_close(r); goto record;
			case '"':
				rc = lk_err_set(&r->lerr, LK_EINVAL,
						_("row %zu, column %zu: quote "
						  "inside unquoted field"),
						r->row + 1, r->nf);
				goto out;
			default: goto nul;
			}
		case ST_Q:
			q = p;
			while (q < end && !q_stop[*q])
				q++;
			if (q > p && (rc = rec_add(r, p, (size_t)(q - p))) < 0)
				goto out;
			p = q;
			if (p == end)
				continue;
			if (*p != '"')
				goto nul;
			p++;
			st = ST_Q_QUOTE;
			continue;
		case ST_Q_QUOTE:
			switch (*p) {
			case '"':
				if ((rc = rec_add(r, p, 1)) < 0)
					goto out;
				p++;
				st = ST_Q;
				continue;
			case ',':
				p++;
				field_close(r);
				st = ST_FIELD_START;
				continue;
			case '\r':
				r->skip_lf = 1;
				/* fall through */
			case '\n':
				p++;
				field_close(r);
				goto record;
			default:
				rc = lk_err_set(&r->lerr, LK_EINVAL,
						_("row %zu, column %zu: text "
						  "after closing quote"),
						r->row + 1, r->nf);
				goto out;
			}
		default: assert(!"bad csv state"); goto out;
		}
	}

	/* end of input */
	switch (st) {
	case ST_REC_START: rc = LK_EEOF; goto out;
	case ST_FIELD_START:
		if ((rc = field_open(r)) < 0)
			goto out;
		/* fall through */
	case ST_UNQ:
	case ST_Q_QUOTE: field_close(r); goto record;
	case ST_Q:
	default:
		rc = lk_err_set(&r->lerr, LK_EINVAL,
				_("row %zu, column %zu: unterminated quoted "
				  "field"),
				r->row + 1, r->nf);
		goto out;
	}

nul:
	rc = lk_err_set(&r->lerr, LK_EINVAL,
			_("row %zu, column %zu: nul byte in field"), r->row + 1,
			r->nf);
	goto out;
record:
	st = ST_REC_START;
	rc = 0;
out:
	r->p = p;
	r->state = st;
	return rc;
}

int csv_next(struct csv_reader *r, char ***fields, size_t **lens, size_t *n,
	     struct lk_err *e)
{
	int rc = LK_EINTERNAL;
	char *f;

	assert(r && r->magic == CSV_MAGIC);
	assert(fields && lens && n);
	if (r->err) {
		rc = r->err;
		goto fail;
	}
	r->rec_len = 0;
	r->nf = 0;
	rc = parse_record(r);
	if (rc == LK_EEOF)
		goto out;
	if (rc < 0) {
		r->err = rc;
		goto fail;
	}
	r->row++;
	f = r->rec;
	for (size_t i = 0; i < r->nf; i++) {
		r->fields[i] = f;
		f += r->lens[i] + 1;
	}
	assert((size_t)(f - r->rec) == r->rec_len);
	*fields = r->fields;
	*lens = r->lens;
	*n = r->nf;
	rc = 0;
	goto out;
fail:
	if (e) {
		e->code = rc;
		memcpy(e->msg, r->lerr.msg, sizeof e->msg);
	}
out:
	return rc;
}

void csv_error_pos(const struct csv_reader *r, size_t *row, size_t *col)
{
	*row = r->row + 1;
	*col = r->nf;
}

size_t csv_row(const struct csv_reader *r)
{
	assert(r && r->magic == CSV_MAGIC);
	return r->row;
}

enum csv_encoding csv_encoding_of(const struct csv_reader *r)
{
	assert(r && r->magic == CSV_MAGIC);
	return r->enc;
}

size_t csv_offset(const struct csv_reader *r)
{
	assert(r && r->magic == CSV_MAGIC);
	/* UTF-8 windows are raw bytes, so the offset is exact; a GB18030
	 * window counts as consumed once converted. */
	if (r->enc == CSV_ENC_UTF8 && r->p && r->end >= r->p)
		return r->consumed - (size_t)(r->end - r->p);
	return r->consumed;
}

int csv_encoding_parse(const char *s, enum csv_encoding *out)
{
	static const struct {
		const char *name;
		enum csv_encoding enc;
	} names[] = {
	    {"utf-8", CSV_ENC_UTF8},	  {"utf8", CSV_ENC_UTF8},
	    {"gb18030", CSV_ENC_GB18030}, {"gbk", CSV_ENC_GB18030},
	    {"gb2312", CSV_ENC_GB18030},  {"auto", CSV_ENC_AUTO},
	};
	int rc = LK_EINVAL;

	assert(out);
	for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++) {
		const char *a = names[i].name, *b = s;

		while (*a && (*b >= 'A' && *b <= 'Z' ? *b + 32 : *b) == *a)
			a++, b++;
		if (!*a && !*b) {
			*out = names[i].enc;
			rc = 0;
			break;
		}
	}
	return rc;
}

/* ---- writer ---------------------------------------------------------- */

int csv_buf_field(struct lk_buf *b, const char *s, size_t len, int first)
{
	int rc = LK_EINTERNAL;
	const char *q, *stop;
	int quote = 0;

	assert(b && (s || len == 0));
	if (!first && (rc = lk_buf_addc(b, ',')) < 0)
		goto out;
	if (len > 0 && (s[0] == ' ' || s[len - 1] == ' '))
		quote = 1;
	/* U+FEFF first in a file would be read back as a BOM */
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		quote = 1;
	for (size_t i = 0; !quote && i < len; i++)
		quote = unq_stop[(unsigned char)s[i]] && s[i] != '\0';
	if (!quote) {
		rc = len ? lk_buf_add(b, s, len) : 0;
		goto out;
	}
	if ((rc = lk_buf_addc(b, '"')) < 0)
		goto out;
	stop = s + len;
	while ((q = memchr(s, '"', (size_t)(stop - s))) != NULL) {
		/* the run including the quote, then the quote again */
		if ((rc = lk_buf_add(b, s, (size_t)(q - s) + 1)) < 0 ||
		    (rc = lk_buf_addc(b, '"')) < 0)
			goto out;
		s = q + 1;
	}
	if (stop > s && (rc = lk_buf_add(b, s, (size_t)(stop - s))) < 0)
		goto out;
	rc = lk_buf_addc(b, '"');
out:
	return rc;
}

int csv_buf_eol(struct lk_buf *b)
{
	assert(b);
	return lk_buf_add(b, "\r\n", 2);
}
