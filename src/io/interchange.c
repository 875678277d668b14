#include "io/interchange.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "core/json.h"
#include "core/log.h"
#include "io/import_int.h"
#include "io/xlsx.h"
#include "registry/codes.h"
#include "registry/household.h"
#include "registry/rec.h"
#include "registry/region.h"
#include "store/db.h"
#include "work/work.h"

#define PROGRESS_EVERY 4096

/*
 * What the final check needs of the households this import creates, kept
 * in memory instead of asking the ledger: their row ids are consecutive
 * (hh_base + 1 ...), so an array indexed by id - hh_base - 1 holds, per
 * household, its row in the households file, a hash of its head_id and
 * the current members, heads and matching heads written for it.  16
 * bytes a household.
 */
struct fresh_hh {
	uint64_t head_hash;
	uint32_t row;
	uint16_t members;
	uint8_t heads, head_ok;
};

static uint64_t hash_id(const char *s)
{
	uint64_t h = 1469598103934665603u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* One table of the import: a CSV file or a sheet of the workbook. */
struct input {
	char *label;	  /* "households.csv" or "BOOK.xlsx:农户" */
	const char *path; /* the CSV file, or NULL */
	long sheet;	  /* sheet index in the workbook, or -1 */
};

struct imp {
	struct lk_ctx *ctx;
	const struct lk_import_opts *o;
	struct lk_import_stats *s;
	struct lk_codes *codes;
	struct lk_arena a; /* scratch */
	size_t total, base, rows;
	int quiet; /* second pass over a file: no issues reported twice */
	/* rows above these ids were created by this import */
	int64_t hh_base, m_base;
	/* the headers of the households and members files, kept for the
	 * final check's messages */
	struct colmap hmap, mmap;
	struct timespec t0; /* start of the current phase (debug log) */
	struct fresh_hh *fresh; /* households created, see fresh_of() */
	size_t nfresh;
	struct input in[3];	  /* households, members, incomes */
	struct xlsx_book *book; /* the workbook, or NULL */
};

/* The tracker of a household created by this import, or NULL. */
static struct fresh_hh *fresh_of(struct imp *im, int64_t hid, int grow)
{
	size_t i;

	if (hid <= im->hh_base)
		return NULL;
	i = (size_t)(hid - im->hh_base - 1);
	if (i >= im->nfresh) {
		size_t cap = im->nfresh ? im->nfresh : 1024;
		struct fresh_hh *p;
		if (!grow)
			return NULL;
		while (cap <= i)
			cap *= 2;
		p = realloc(im->fresh, cap * sizeof *p);
		if (!p)
			return NULL;
		memset(p + im->nfresh, 0, (cap - im->nfresh) * sizeof *p);
		im->fresh = p;
		im->nfresh = cap;
	}
	return &im->fresh[i];
}

/* Logs the time the phase just finished took (LIKA_LOG=debug). */
static void phase(struct imp *im, const char *what)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	if (what)
		lk_log(LK_LOG_DEBUG, "import: %s took %.3f s", what,
		       (double)(t.tv_sec - im->t0.tv_sec) +
			       (double)(t.tv_nsec - im->t0.tv_nsec) / 1e9);
	im->t0 = t;
}

static void colmap_free(struct colmap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->header[i]);
	m->n = 0;
}

static void report(struct imp *im, int error, const char *file, size_t row,
		   const char *column, const char *value, const char *rule,
		   const char *msg)
{
	struct lk_issue is;

	if (error)
		im->s->errors++;
	else
		im->s->warnings++;
	if (!im->o->issue)
		return;
	is.error = error;
	is.file = file;
	is.row = row;
	is.column = column ? column : "";
	is.value = value ? value : "";
	is.rule = rule ? rule : "";
	is.message = msg;
	im->o->issue(im->o->arg, &is);
}


/* Reads the header row and maps it onto table t. */
static int read_header(struct imp *im, struct src *r, const char *file,
		       const struct lk_table *t, struct colmap *m)
{
	char **f;
	size_t *lens, n, i, j;
	int rc, seen[LK_REC_MAX] = {0}, bad = 0;
	char msg[512];

	m->n = 0;
	m->has_income = 0;
	memset(m->present, 0, sizeof m->present);
	rc = src_next(r, &f, &lens, &n, &im->ctx->err);
	if (rc == LK_EEOF) {
		report(im, 1, file, 0, "", "", "file.empty",
		       _("the file is empty (no header row)"));
		return LK_EINVAL;
	}
	if (rc) {
		/* the message names the column */
		size_t row, col;
		src_error_pos(r, &row, &col);
		report(im, 1, file, row, "", "", "file.format",
		       lk_err_msg(&im->ctx->err));
		return rc == LK_ENOMEM ? rc : LK_EINVAL;
	}
	if (r->xs) /* rows are padded to the header's width */
		xlsx_set_width(r->xs, n);
	if (n > IR_MAX_COLS) {
		report(im, 1, file, 1, "", "", "header.too_many",
		       _("the header has too many columns"));
		return LK_EINVAL;
	}
	for (i = 0; i < n; i++) {
		int fi = lk_field_find(t, f[i]);
		m->header[i] = strdup(f[i]);
		if (!m->header[i]) {
			m->n = i;
			return LK_ENOMEM;
		}
		m->n = i + 1;
		m->field[i] = fi;
		if (fi < 0) {
			if (f[i][0] == '\0' && n > 1 && i == n - 1)
				continue; /* trailing separator */
			if (!im->o->ignore_unknown) {
				snprintf(msg, sizeof msg,
					 _("unknown column %s (use "
					   "--ignore-unknown to skip it)"),
					 f[i]);
				report(im, 1, file, 1, f[i], f[i],
				       "header.unknown", msg);
				bad = 1;
			}
			continue;
		}
		if (seen[fi]) {
			snprintf(msg, sizeof msg,
				 _("column %s appears twice in the header"),
				 f[i]);
			report(im, 1, file, 1, f[i], f[i], "header.duplicate",
			       msg);
			bad = 1;
		}
		seen[fi] = 1;
		m->present[fi] = 1;
		if (t->f[fi].flags & LK_FF_INCOME)
			m->has_income = 1;
	}
	for (j = 0; j < t->n; j++) {
		if (!(t->f[j].flags & LK_FF_REQUIRED) || seen[j])
			continue;
		snprintf(msg, sizeof msg,
			 _("required column %s (%s) is missing"), t->f[j].key,
			 t->f[j].zh);
		report(im, 1, file, 1, t->f[j].key, "", "header.missing", msg);
		bad = 1;
	}
	return bad ? LK_EINVAL : 0;
}

/* Column header for a field key in this file, or the key itself. */
static const char *col_of(const struct colmap *m, const struct lk_table *t,
			  const char *key)
{
	size_t i;

	if (!key)
		return "";
	for (i = 0; i < m->n; i++)
		if (m->field[i] >= 0 && strcmp(t->f[m->field[i]].key, key) == 0)
			return m->header[i];
	return key;
}

static const char *raw_of(const struct colmap *m, const struct lk_table *t,
			  const char *key, char **f, size_t n)
{
	size_t i;

	if (!key)
		return "";
	for (i = 0; i < m->n && i < n; i++)
		if (m->field[i] >= 0 && strcmp(t->f[m->field[i]].key, key) == 0)
			return f[i];
	return "";
}

/* A value of a parsed row; a column absent from the file reads as
 * unknown. */
static const char *val(const struct lk_rec *r, const char *key)
{
	const char *v = lk_rec_get(r, key);

	return v == LK_KEEP ? NULL : v;
}

/* Warnings for values required by the household's status. */
static void household_warnings(struct imp *im, const char *file, size_t row,
			       const struct colmap *m, const struct lk_rec *r)
{
	static const struct {
		const char *when, *key;
	} need[] = {{"registered", "identified_year"},
		    {"registered", "attribute"},
		    {"registered", "main_cause"},
		    {"lifted", "lifted_year"},
		    {"monitored", "monitoring_since"},
		    {"eliminated", "risk_eliminated_on"}};
	const char *status = val(r, "status");
	const char *mc = val(r, "monitoring_category");
	const char *re = val(r, "risk_eliminated");
	const char *main = val(r, "main_cause");
	const char *other = val(r, "other_causes");
	int registered = status && (strcmp(status, "poor") == 0 ||
				    strcmp(status, "lifted") == 0 ||
				    strcmp(status, "returned") == 0);
	char msg[512];
	size_t i;

	for (i = 0; i < sizeof need / sizeof need[0]; i++) {
		int applies = 0;
		if (strcmp(need[i].when, "registered") == 0)
			applies = registered;
		else if (strcmp(need[i].when, "lifted") == 0)
			applies = status && strcmp(status, "lifted") == 0;
		else if (strcmp(need[i].when, "monitored") == 0)
			applies = mc != NULL;
		else
			applies = re && re[0] == '1';
		if (!applies || val(r, need[i].key))
			continue;
		snprintf(msg, sizeof msg,
			 _("%s is required for a household of this status"),
			 need[i].key);
		report(im, 0, file, row, col_of(m, r->t, need[i].key), "",
		       "required.missing", msg);
	}
	if (main && other) {
		const char *p = other;
		size_t ml = strlen(main);
		while (*p) {
			size_t l = strcspn(p, ";");
			if (l == ml && strncmp(p, main, l) == 0) {
				report(im, 0, file, row,
				       col_of(m, r->t, "other_causes"), other,
				       "cause.repeat",
				       _("an other cause repeats the main "
					 "cause"));
				break;
			}
			p += l;
			if (*p)
				p++;
		}
	}
}

/* Remembers a key of this import; LK_ECONFLICT with *prev_row set when
 * it was seen before. */
static int seen_key(struct imp *im, int kind, const char *key, size_t row,
		    size_t *prev_row)
{
	static const char ins[] = "INSERT INTO temp.import_key (kind, key, "
				  "row) VALUES (?,?,?)";
	static const char sel[] = "SELECT row FROM temp.import_key WHERE "
				  "kind = ? AND key = ?";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare_static(im->ctx->db, ins, &st, &im->ctx->err)))
		return rc;
	db_bind_int64(st, 1, kind);
	db_bind_text(st, 2, key, -1);
	db_bind_int64(st, 3, (int64_t)row);
	rc = db_step(st, &im->ctx->err);
	db_done(st);
	if (rc != LK_ECONFLICT)
		return rc < 0 ? rc : 0;
	if ((rc = db_prepare_static(im->ctx->db, sel, &st, &im->ctx->err)))
		return rc;
	db_bind_int64(st, 1, kind);
	db_bind_text(st, 2, key, -1);
	if (db_step(st, &im->ctx->err) == DB_ROW)
		*prev_row = (size_t)db_col_int64(st, 0);
	db_done(st);
	return LK_ECONFLICT;
}

/* Notes a household touched by this import (its row in the households
 * file, or the first row of its members).  *prev_row gets the households
 * row noted before (0 if none): a second household row for the same
 * household is a duplicate. */
static int touch(struct imp *im, int64_t hid, size_t hrow, size_t mrow,
		 size_t *prev_row)
{
	static const char q[] =
		"INSERT INTO temp.import_hh (id, row, mrow) VALUES (?,?,?) "
		"ON CONFLICT (id) DO UPDATE SET row = coalesce(import_hh.row, "
		"excluded.row), mrow = coalesce(import_hh.mrow, excluded.mrow) "
		"RETURNING row";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare_static(im->ctx->db, q, &st, &im->ctx->err)))
		return rc;
	db_bind_int64(st, 1, hid);
	if (hrow)
		db_bind_int64(st, 2, (int64_t)hrow);
	else
		db_bind_null(st, 2);
	if (mrow)
		db_bind_int64(st, 3, (int64_t)mrow);
	else
		db_bind_null(st, 3);
	rc = db_step(st, &im->ctx->err);
	if (rc == DB_ROW) {
		size_t r = (size_t)db_col_int64(st, 0);
		*prev_row = r != hrow ? r : 0;
		rc = db_step(st, &im->ctx->err);
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* Notes a member row; *prev_row gets the row that wrote the same member
 * before (0 if none): the same ID twice in the file. */
static int touch_member(struct imp *im, int64_t mid, size_t row,
			size_t *prev_row)
{
	static const char q[] =
		"INSERT INTO temp.import_m (id, row) VALUES (?,?) ON CONFLICT "
		"(id) DO UPDATE SET row = import_m.row RETURNING row";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare_static(im->ctx->db, q, &st, &im->ctx->err)))
		return rc;
	db_bind_int64(st, 1, mid);
	db_bind_int64(st, 2, (int64_t)row);
	rc = db_step(st, &im->ctx->err);
	if (rc == DB_ROW) {
		size_t r = (size_t)db_col_int64(st, 0);
		*prev_row = r != row ? r : 0;
		rc = db_step(st, &im->ctx->err);
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

static void count_put(struct imp *im, int k, int what)
{
	if (what == LK_PUT_CREATED)
		im->s->created[k]++;
	else if (what == LK_PUT_UPDATED)
		im->s->updated[k]++;
	else
		im->s->unchanged[k]++;
}

/* A service error on a row: report it against the column it names. */
static int service_error(struct imp *im, int rc, const char *file, size_t row,
			 const struct colmap *m, const struct lk_table *t,
			 char **f, size_t n, const char *rule)
{
	const char *field = im->ctx->err.field;

	if (rc != LK_EINVAL && rc != LK_ECONFLICT && rc != LK_ENOTFOUND &&
	    rc != LK_EPERM)
		return rc; /* not about the data: stop */
	if (!im->quiet || rc != LK_ENOTFOUND)
		report(im, 1, file, row, col_of(m, t, field),
		       raw_of(m, t, field, f, n), rule,
		       lk_err_msg(&im->ctx->err));
	return 0;
}

static int open_file(struct imp *im, const struct input *in, struct src *r)
{
	int rc;

	memset(r, 0, sizeof *r);
	if (in->sheet >= 0)
		rc = xlsx_sheet_open(im->book, (size_t)in->sheet, &r->xs,
				     &im->ctx->err);
	else if (xlsx_is_workbook(in->path))
		rc = lk_err_set(&im->ctx->err, LK_EINVAL,
				_("%s is an XLSX workbook, not a CSV file: "
				  "import it on its own"),
				in->path);
	else
		rc = csv_open_file(in->path, im->o->encoding, NULL, &r->csv,
				   &im->ctx->err);
	if (rc == LK_EINVAL || rc == LK_ENOTFOUND || rc == LK_EIO ||
	    rc == LK_ETOOBIG) {
		report(im, 1, in->label, 0, "", "", "file.unreadable",
		       lk_err_msg(&im->ctx->err));
		return LK_EINVAL;
	}
	return rc;
}

/* Opens an input, reads its header into m and starts the reader of its
 * rows (*rd; NULL for the income pass over a households file without
 * income columns: nothing to read).  ro is the reader's, kept by the
 * caller until ir_stop(). */
static int pass_start(struct imp *im, const struct input *in,
		      const struct lk_table *t, unsigned only,
		      struct colmap *m, struct ir_opts *ro,
		      struct ireader **rd)
{
	struct src s;
	int rc;

	*rd = NULL;
	if ((rc = open_file(im, in, &s)) ||
	    (rc = read_header(im, &s, in->label, t, m)))
		goto out;
	if (only == LK_FF_INCOME && !m->has_income)
		goto out;
	ro->t = t;
	ro->m = m;
	ro->codes = im->codes;
	ro->quiet = only != 0; /* a second pass: reported the first time */
	ro->only = only;
	ro->accept_invalid = im->o->accept_invalid;
	rc = ir_start(&s, ro, rd, &im->ctx->err);
out:
	src_close(&s);
	return rc;
}

/* The next row of a pass, with the problems the reader found in it
 * reported: 0 with *row set; LK_EEOF at the end of the input, also
 * after a format error that stopped the reader (reported); or an error
 * that stops the import. */
static int next_row(struct imp *im, struct ireader *rd, const char *file,
		    const struct ir_row **row)
{
	const struct ir_issue *is;
	size_t r, c;
	int rc;

	if (!rd)
		return LK_EEOF;
	if ((rc = ir_next(rd, row, &im->ctx->err))) {
		im->base += ir_offset(rd);
		if (rc != LK_EINVAL && rc != LK_ETOOBIG)
			return rc;
		ir_error_pos(rd, &r, &c); /* the message names the column */
		report(im, 1, file, r, "", "", "file.format",
		       lk_err_msg(&im->ctx->err));
		return LK_EEOF;
	}
	if (++im->rows % PROGRESS_EVERY == 0 && im->o->progress)
		im->o->progress(im->o->arg, im->rows,
				im->base + (*row)->offset, im->total);
	for (is = (*row)->issues; is; is = is->next)
		report(im, is->error, file, (*row)->row, is->column, is->value,
		       is->rule, is->message);
	return 0;
}

static int pass_households(struct imp *im)
{
	const char *file = im->in[0].label;
	struct colmap *mp = &im->hmap;
	struct ireader *rd = NULL;
	struct ir_opts ro;
	const struct ir_row *r;
	size_t prev = 0;
	int rc, what;
	int64_t hid;

	if ((rc = pass_start(im, &im->in[0], &lk_households, 0, mp, &ro,
			     &rd)))
		goto out;
	while ((rc = next_row(im, rd, file, &r)) == 0) {
		const struct lk_rec *rec = &r->rec;
		const char *no;

		if (r->blank)
			continue;
		im->s->rows[0]++;
		if (r->bad)
			continue;
		household_warnings(im, file, r->row, mp, rec);
		no = lk_rec_get(rec, "household_no");
		rc = lk_household_put(im->ctx, rec, LK_PUT_UPSERT,
				      LK_PUT_BULK | LK_PUT_IMPORTED, &hid,
				      &what);
		if (rc) {
			if ((rc = service_error(im, rc, file, r->row, mp,
						rec->t, r->f, r->n,
						"household")))
				goto out;
			continue;
		}
		/* New households are not noted: the final check finds them
		 * by row id.  One written before in this import is a
		 * duplicate row. */
		prev = 0;
		if (what != LK_PUT_CREATED && hid > im->hh_base)
			prev = (size_t)-1;
		else if (what != LK_PUT_CREATED &&
			 (rc = touch(im, hid, r->row, 0, &prev)))
			goto out;
		if (prev) {
			char msg[512];
			if (prev == (size_t)-1)
				snprintf(msg, sizeof msg,
					 _("household %s appears twice in "
					   "the file"),
					 no);
			else
				snprintf(msg, sizeof msg,
					 _("household %s appears twice (rows "
					   "%zu and %zu)"),
					 no, prev, r->row);
			report(im, 1, file, r->row,
			       col_of(mp, rec->t, "household_no"), no,
			       "household.duplicate", msg);
			continue;
		}
		count_put(im, 0, what);
		if (what == LK_PUT_CREATED) {
			struct fresh_hh *fh = fresh_of(im, hid, 1);
			if (!fh) {
				rc = LK_ENOMEM;
				goto out;
			}
			fh->row = (uint32_t)r->row;
			fh->head_hash = hash_id(lk_rec_get(rec, "head_id"));
		}
	}
	if (rc == LK_EEOF)
		rc = 0;
out:
	ir_stop(rd);
	return rc;
}

static int pass_members(struct imp *im)
{
	const char *file = im->in[1].label;
	struct colmap *mp = &im->mmap;
	struct ireader *rd = NULL;
	struct ir_opts ro;
	const struct ir_row *r;
	size_t prev = 0;
	int64_t hid, mid, last_hid = 0;
	struct fresh_hh *fh;
	int rc, what;

	if ((rc = pass_start(im, &im->in[1], &lk_members, 0, mp, &ro, &rd)))
		goto out;
	while ((rc = next_row(im, rd, file, &r)) == 0) {
		const struct lk_rec *rec = &r->rec;
		const char *idn;

		if (r->blank)
			continue;
		im->s->rows[1]++;
		if (r->bad)
			continue;
		idn = lk_rec_get(rec, "id_number");
		rc = lk_member_put_ex(im->ctx, rec, LK_PUT_UPSERT,
				      LK_PUT_BULK | LK_PUT_NOCHECK |
					      (r->kept ? 0 : LK_PUT_VALID),
				      &what, &mid, &hid);
		if (rc) {
			const char *rule = "member";
			if (rc == LK_ECONFLICT)
				rule = "id.duplicate";
			else if (im->ctx->err.field &&
				 strcmp(im->ctx->err.field, "sex") == 0)
				rule = "member.sex_id";
			if ((rc = service_error(im, rc, file, r->row, mp,
						rec->t, r->f, r->n, rule)))
				goto out;
			continue;
		}
		prev = 0;
		if (what != LK_PUT_CREATED && mid > im->m_base)
			prev = (size_t)-1; /* written before in this import */
		else if (what != LK_PUT_CREATED &&
			 (rc = touch_member(im, mid, r->row, &prev)))
			goto out;
		if (prev) {
			char msg[512];
			if (prev == (size_t)-1)
				snprintf(msg, sizeof msg,
					 _("ID number %s appears twice in the "
					   "file"),
					 idn);
			else
				snprintf(msg, sizeof msg,
					 _("ID number %s appears twice (rows "
					   "%zu and %zu)"),
					 idn, prev, r->row);
			report(im, 1, file, r->row,
			       col_of(mp, rec->t, "id_number"), idn,
			       "id.duplicate", msg);
			continue;
		}
		count_put(im, 1, what);
		if ((fh = fresh_of(im, hid, 0))) {
			const char *st = lk_rec_get(rec, "member_status");
			if (!st || st == LK_KEEP || strcmp(st, "current") == 0) {
				if (fh->members < UINT16_MAX)
					fh->members++;
				if (strcmp(lk_rec_get(rec, "relation"), "1") ==
				    0) {
					if (fh->heads < UINT8_MAX)
						fh->heads++;
					if (hash_id(idn) == fh->head_hash)
						fh->head_ok = 1;
				}
			}
		}
		if (hid != last_hid && hid <= im->hh_base) {
			if ((rc = touch(im, hid, 0, r->row, &prev)))
				goto out;
		}
		last_hid = hid;
	}
	if (rc == LK_EEOF)
		rc = 0;
out:
	ir_stop(rd);
	return rc;
}

/* Incomes from the households file (second pass, quiet) or from the
 * incomes file. */
static int pass_incomes(struct imp *im, int from_households)
{
	const struct lk_table *t = from_households ? &lk_households
						   : &lk_incomes;
	const struct input *in = &im->in[from_households ? 0 : 2];
	const char *file = in->label;
	struct colmap m = {.n = 0};
	struct ireader *rd = NULL;
	struct ir_opts ro;
	const struct ir_row *r;
	struct lk_rec inc;
	struct fresh_hh *fh;
	char key[300], persons[16];
	size_t prev = 0, i;
	int64_t ihid = 0;
	int rc, what;

	if ((rc = pass_start(im, in, t, from_households ? LK_FF_INCOME : 0,
			     &m, &ro, &rd)))
		goto out;
	while ((rc = next_row(im, rd, file, &r)) == 0) {
		const struct lk_rec *rec = &r->rec;
		const char *hno, *year;
		int any = 0;

		if (r->blank || r->bad)
			continue;
		/* the income record: household_no, income_year, items */
		lk_rec_init(&inc, &lk_incomes);
		for (i = 0; i < lk_incomes.n; i++) {
			inc.v[i] = lk_rec_get(rec, lk_incomes.f[i].key);
			if (i >= 2 && val(rec, lk_incomes.f[i].key))
				any = 1;
		}
		ihid = 0;
		hno = inc.v[0];
		year = inc.v[1] == LK_KEEP ? NULL : inc.v[1];
		inc.v[1] = year;
		if (from_households && !any && !year)
			continue;
		if (!from_households)
			im->s->rows[2]++;
		if (!year) {
			report(im, 1, file, r->row,
			       col_of(&m, t, "income_year"), "",
			       "required.missing",
			       _("income columns need income_year"));
			continue;
		}
		if (from_households)
			im->s->rows[2]++;
		snprintf(key, sizeof key, "%s/%s", hno, year);
		/* an income of a household new in this import that appears
		 * twice fails on its key; others are noted */
		if (lk_household_lookup(im->ctx, hno, &ihid, NULL) == 0 &&
		    ihid <= im->hh_base &&
		    (rc = seen_key(im, 2, key, r->row, &prev)) ==
			    LK_ECONFLICT) {
			char msg[512];
			snprintf(msg, sizeof msg,
				 _("income of household %s for %s appears "
				   "twice (row %zu and row %zu)"),
				 hno, year, prev, r->row);
			report(im, 1, file, r->row,
			       col_of(&m, t, "income_year"), year,
			       "income.duplicate", msg);
			continue;
		}
		if (rc)
			goto out;
		/* a household new here: its members are known, no count */
		if ((!lk_rec_get(&inc, "persons") ||
		     lk_rec_get(&inc, "persons") == LK_KEEP) &&
		    (fh = fresh_of(im, ihid, 0)) && fh->row) {
			snprintf(persons, sizeof persons, "%u",
				 (unsigned)fh->members);
			lk_rec_set_ref(&inc, "persons", persons);
		}
		rc = lk_income_put(im->ctx, &inc, LK_PUT_BULK, &what, NULL);
		if (rc) {
			if ((rc = service_error(im, rc, file, r->row, &m, t,
						r->f, r->n,
						rc == LK_ECONFLICT
							? "income.duplicate"
							: "income")))
				goto out;
			continue;
		}
		count_put(im, 2, what);
	}
	if (rc == LK_EEOF)
		rc = 0;
out:
	ir_stop(rd);
	colmap_free(&m);
	return rc;
}

/* A household that failed the final check. */
struct bad_hh {
	char *no, *value;
	const char *col, *rule;
	char msg[512];
	size_t hrow, mrow;
};

#define MAX_BAD_HH 10000

/* Every household written: not empty, one head, head_id is the head.
 * The households are those noted in import_hh (they were in the ledger
 * before) and those created here that the tracker found wanting. */
static int check_households(struct imp *im)
{
	static const char q[] =
		"SELECT h.household_no, i.row, i.mrow, count(m.id), "
		"coalesce(sum(m.relation = '1'), 0), "
		"coalesce(sum(m.relation = '1' AND m.id_number = h.head_id), 0), "
		"h.head_id FROM (SELECT id, row, mrow FROM temp.import_hh "
		"UNION ALL SELECT id, row, NULL FROM temp.import_bad) i "
		"JOIN household h ON h.id = i.id "
		"LEFT JOIN member m ON m.household_id = h.id AND "
		"m.member_status = 'current' GROUP BY i.id, h.household_no, "
		"i.row, i.mrow, h.head_id HAVING count(m.id) = 0 OR "
		"coalesce(sum(m.relation = '1'), 0) <> 1 OR "
		"coalesce(sum(m.relation = '1' AND m.id_number = h.head_id), 0) "
		"= 0";
	static const char ins[] =
		"INSERT INTO temp.import_bad (id, row) VALUES (?,?)";
	struct db_stmt *st = NULL;
	struct bad_hh *bad = NULL;
	size_t nbad = 0, i;
	int rc;

	bad = calloc(MAX_BAD_HH, sizeof *bad);
	if (!bad)
		return LK_ENOMEM;
	/* households created here: the tracker finds the few that fail */
	if ((rc = db_prepare_static(im->ctx->db, ins, &st, &im->ctx->err)))
		goto out;
	for (i = 0; i < im->nfresh; i++) {
		const struct fresh_hh *fh = &im->fresh[i];
		if (!fh->row || (fh->members && fh->heads == 1 && fh->head_ok))
			continue;
		db_bind_int64(st, 1, im->hh_base + 1 + (int64_t)i);
		db_bind_int64(st, 2, fh->row);
		if ((rc = db_step(st, &im->ctx->err)) < 0)
			goto out;
		db_reset(st);
	}
	db_done(st);
	st = NULL;
	if ((rc = db_prepare_static(im->ctx->db, q, &st, &im->ctx->err)))
		goto out;
	while ((rc = db_step(st, &im->ctx->err)) == DB_ROW) {
		struct bad_hh *b = &bad[nbad];
		const char *no = db_col_text(st, 0);
		int64_t members = db_col_int64(st, 3);
		int64_t heads = db_col_int64(st, 4);

		if (nbad == MAX_BAD_HH) {
			im->s->errors++; /* counted, not listed */
			continue;
		}
		b->hrow = (size_t)db_col_int64(st, 1);
		b->mrow = (size_t)db_col_int64(st, 2);
		if (members == 0) {
			snprintf(b->msg, sizeof b->msg,
				 _("household %s has no current member"), no);
			b->col = "household_no";
			b->rule = "household.empty";
		} else if (heads == 0) {
			snprintf(b->msg, sizeof b->msg,
				 _("household %s has no member whose relation "
				   "is head (户主)"),
				 no);
			b->col = "relation";
			b->rule = "household.no_head";
		} else if (heads > 1) {
			snprintf(b->msg, sizeof b->msg,
				 _("household %s has %lld members whose "
				   "relation is head (户主)"),
				 no, (long long)heads);
			b->col = "relation";
			b->rule = "household.many_heads";
		} else {
			snprintf(b->msg, sizeof b->msg,
				 _("household %s: head_id is not the ID number "
				   "of its head"),
				 no);
			b->col = "head_id";
			b->rule = "household.head_id";
		}
		b->no = strdup(no);
		b->value = strdup(strcmp(b->col, "head_id") == 0
					  ? db_col_text(st, 6)
					  : no);
		if (!b->no || !b->value) {
			free(b->no);
			free(b->value);
			rc = LK_ENOMEM;
			goto out;
		}
		nbad++;
	}
	if (rc < 0)
		goto out;
	db_done(st);
	st = NULL;
	for (i = 0; i < nbad; i++) {
		struct bad_hh *b = &bad[i];
		int in_hh = b->hrow || !b->mrow;
		const char *col = b->col;
		if (in_hh && strcmp(col, "relation") == 0)
			col = "household_no";
		col = in_hh ? col_of(&im->hmap, &lk_households, col)
			    : col_of(&im->mmap, &lk_members, col);
		report(im, 1,
		       in_hh ? (im->in[0].label ? im->in[0].label : "")
			     : (im->in[1].label ? im->in[1].label : ""),
		       in_hh ? b->hrow : b->mrow, col, b->value, b->rule,
		       b->msg);
	}
	rc = 0;
out:
	db_done(st);
	for (i = 0; i < nbad; i++) {
		free(bad[i].no);
		free(bad[i].value);
	}
	free(bad);
	return rc;
}

static size_t file_size(const char *path)
{
	struct stat sb;

	return path && stat(path, &sb) == 0 ? (size_t)sb.st_size : 0;
}

/* Opens the workbook and finds its sheets.  LK_EINVAL (reported) when
 * it cannot be read or has none of the tables. */
static int open_book(struct imp *im)
{
	static const struct lk_table *const tables[3] = {
		&lk_households, &lk_members, &lk_incomes};
	const char *path = im->o->workbook;
	size_t i, n;
	int rc, k;
	char msg[512];

	for (k = 0; k < 3; k++)
		im->in[k].sheet = -1;
	rc = xlsx_open(path, NULL, &im->book, &im->ctx->err);
	if (rc == LK_EINVAL || rc == LK_ENOTFOUND || rc == LK_EIO ||
	    rc == LK_ETOOBIG) {
		report(im, 1, path, 0, "", "", "file.unreadable",
		       lk_err_msg(&im->ctx->err));
		return LK_EINVAL;
	}
	if (rc)
		return rc;
	n = xlsx_sheet_count(im->book);
	for (i = 0; i < n; i++) {
		const char *name = xlsx_sheet_name(im->book, i);
		for (k = 0; k < 3; k++) {
			if (strcasecmp(name, tables[k]->name) != 0 &&
			    strcmp(name, tables[k]->sheet_zh) != 0)
				continue;
			if (im->in[k].sheet >= 0) {
				snprintf(msg, sizeof msg,
					 _("the workbook has two %s sheets "
					   "(%s and %s)"),
					 tables[k]->name,
					 xlsx_sheet_name(im->book,
							 (size_t)im->in[k].sheet),
					 name);
				report(im, 1, path, 0, "", name,
				       "file.sheets", msg);
				return LK_EINVAL;
			}
			im->in[k].sheet = (long)i;
			im->in[k].label = lk_arena_printf(&im->a, "%s:%s",
							  path, name);
			if (!im->in[k].label ||
			    !(im->in[k].label = strdup(im->in[k].label)))
				return LK_ENOMEM;
			im->total += xlsx_sheet_size(im->book, i) *
				     (k == 0 ? 2 : 1);
		}
	}
	if (im->in[0].sheet < 0 && im->in[1].sheet < 0 &&
	    im->in[2].sheet < 0) {
		report(im, 1, path, 0, "", "", "file.sheets",
		       _("the workbook has no sheet named households (农户), "
			 "members (家庭成员) or incomes (收入)"));
		return LK_EINVAL;
	}
	return 0;
}

static int audit_import(struct imp *im)
{
	struct lk_buf id = LK_BUF_INIT(8192), after = LK_BUF_INIT(8192);
	const char *files[3] = {im->in[0].label, im->in[1].label,
				im->in[2].label};
	static const char *const names[3] = {"households", "members",
					      "incomes"};
	int rc = 0, k;

	for (k = 0; k < 3 && !rc; k++)
		if (files[k])
			rc = lk_buf_printf(&id, "%s%s", id.len ? " " : "",
					   files[k]);
	if (!rc)
		rc = lk_buf_addc(&after, '{');
	for (k = 0; k < 3 && !rc; k++)
		rc = lk_buf_printf(&after,
				   "%s\"%s\":{\"rows\":%zu,\"created\":%zu,"
				   "\"updated\":%zu,\"unchanged\":%zu}",
				   k ? "," : "", names[k], im->s->rows[k],
				   im->s->created[k], im->s->updated[k],
				   im->s->unchanged[k]);
	if (!rc)
		rc = lk_buf_addc(&after, '}');
	if (!rc)
		rc = lk_audit(im->ctx, "import", "import", lk_buf_str(&id), NULL,
			      lk_buf_str(&after));
	lk_buf_free(&id);
	lk_buf_free(&after);
	return rc;
}

int lk_import(struct lk_ctx *ctx, const struct lk_import_opts *o,
	      struct lk_import_stats *s)
{
	static const char temp[] =
		"CREATE TEMP TABLE IF NOT EXISTS import_hh (id INTEGER PRIMARY "
		"KEY, row INTEGER, mrow INTEGER);"
		"CREATE TEMP TABLE IF NOT EXISTS import_m (id INTEGER PRIMARY "
		"KEY, row INTEGER);"
		"CREATE TEMP TABLE IF NOT EXISTS import_bad (id INTEGER PRIMARY "
		"KEY, row INTEGER);"
		"CREATE TEMP TABLE IF NOT EXISTS import_key (kind INTEGER NOT "
		"NULL, key TEXT NOT NULL, row INTEGER, PRIMARY KEY (kind, "
		"key));"
		"DELETE FROM temp.import_hh; DELETE FROM temp.import_m; "
		"DELETE FROM temp.import_bad; "
		"DELETE FROM temp.import_key;";
	struct imp im = {.ctx = ctx, .o = o, .s = s};
	int rc, tx = 0, hh_unreadable = 0;

	const char *paths[3] = {o->households, o->members, o->incomes};
	int k, have = 0;

	memset(s, 0, sizeof *s);
	if (!o->households && !o->members && !o->incomes && !o->workbook) {
		rc = lk_err_set(&ctx->err, LK_EUSAGE, _("nothing to import"));
		goto out;
	}
	if (o->workbook && (o->households || o->members || o->incomes)) {
		rc = lk_err_set(&ctx->err, LK_EUSAGE,
				_("a workbook is imported on its own"));
		goto out;
	}
	if ((rc = lk_codes_get(ctx, &im.codes)))
		goto out;
	if (o->workbook) {
		if ((rc = open_book(&im)) == LK_EINVAL)
			goto rejected;
		if (rc)
			goto out;
	} else {
		for (k = 0; k < 3; k++) {
			im.in[k].sheet = -1;
			im.in[k].path = paths[k];
			if (paths[k] && !(im.in[k].label = strdup(paths[k]))) {
				rc = LK_ENOMEM;
				goto out;
			}
		}
		im.total = file_size(o->households) * 2 +
			   file_size(o->members) + file_size(o->incomes);
	}
	for (k = 0; k < 3; k++)
		have |= im.in[k].label ? 1 << k : 0;
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if ((rc = db_exec(ctx->db, temp, &ctx->err)) ||
	    (rc = lk_registry_bulk_begin(ctx, &im.hh_base, &im.m_base)))
		goto out;
	phase(&im, NULL);
	if ((have & 1) && (rc = pass_households(&im)) && rc != LK_EINVAL)
		goto out;
	hh_unreadable = rc == LK_EINVAL && s->rows[0] == 0;
	phase(&im, "households");
	if ((have & 2) && (rc = pass_members(&im)) && rc != LK_EINVAL)
		goto out;
	phase(&im, "members");
	im.quiet = 1;
	if ((have & 1) && !hh_unreadable && (rc = pass_incomes(&im, 1)) &&
	    rc != LK_EINVAL)
		goto out;
	im.quiet = 0;
	if ((have & 4) && (rc = pass_incomes(&im, 0)) && rc != LK_EINVAL)
		goto out;
	phase(&im, "incomes");
	if ((rc = check_households(&im)))
		goto out;
	phase(&im, "household check");
	if (o->progress)
		o->progress(o->arg, im.rows, im.total, im.total);
rejected:
	if (s->errors) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("%zu errors: nothing was imported"),
				s->errors);
		goto out;
	}
	if (o->dry_run) {
		rc = 0;
		goto out; /* rolled back below */
	}
	if (s->created[0] + s->created[1] + s->created[2] + s->updated[0] +
		    s->updated[1] + s->updated[2] >
	    0 &&
	    (rc = audit_import(&im)))
		goto out;
	lk_registry_bulk_end(ctx);
	if ((rc = db_commit(ctx->db, &ctx->err)))
		goto out;
	tx = 0;
	phase(&im, "commit");
out:
	lk_registry_bulk_end(ctx);
	if (tx)
		db_rollback(ctx->db);
	colmap_free(&im.hmap);
	colmap_free(&im.mmap);
	for (k = 0; k < 3; k++)
		free(im.in[k].label);
	xlsx_close(im.book);
	free(im.fresh);
	lk_arena_free(&im.a);
	return rc;
}

/* ---- export: the rows ---------------------------------------------- */

/* The sheets of the export, in order.  The registry's first (the CSV
 * files), then the work records of the ledger book. */
static const struct lk_xsheet registry_sheets[] = {
	{&lk_households, NULL, LK_FF_NOCOL | LK_FF_INCOME},
	{&lk_members, NULL, 0},
	{&lk_incomes, NULL, 0},
};

static const struct lk_wkind *const work_sheets[] = {
	&lk_wk_cadre,	     &lk_wk_measure,	   &lk_wk_visit,
	&lk_wk_fund,	     &lk_wk_disbursement,  &lk_wk_project,
	&lk_wk_team_member,  &lk_wk_party_branch,  &lk_wk_party_member,
	&lk_wk_party_activity,
};

const char *lk_xsheet_name(const struct lk_xsheet *s, enum lk_lang lang)
{
	return lang == LK_LANG_ZH ? s->t->sheet_zh : s->t->name;
}

const char *lk_xsheet_header(const struct lk_xsheet *s, size_t col,
			     enum lk_lang lang, const struct lk_field **f)
{
	size_t i;

	*f = NULL;
	if (s->kind) {
		if (col == 0)
			return lang == LK_LANG_ZH ? "编号" : "id";
		col--;
	}
	for (i = 0; i < s->t->n; i++) {
		if (s->t->f[i].flags & s->skip)
			continue;
		if (col-- == 0) {
			*f = &s->t->f[i];
			return lang == LK_LANG_ZH ? (*f)->zh : (*f)->key;
		}
	}
	return NULL;
}

int lk_xsheet_show(struct lk_ctx *ctx, const struct lk_field *f,
		   const char *canon, enum lk_lang lang, struct lk_buf *out)
{
	/* lk_work_show serves the registry's code lists as well */
	return lk_work_show(ctx, f, canon, lang, out);
}

/* A registry table: the query's leading columns are household_no [,
 * year, persons], then the stored fields. */
static int rows_registry(struct lk_ctx *ctx, const struct lk_xsheet *s,
			 const char *sql, const char *lo, const char *hi,
			 int extra, const struct lk_xsink *k)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct db_stmt *st = NULL;
	struct lk_rec r;
	int rc;

	if ((rc = k->begin(k->arg, s)))
		goto out;
	if ((rc = db_prepare(ctx->db, sql, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, lo, -1);
	db_bind_text(st, 2, hi, -1);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		lk_arena_reset(&a);
		lk_rec_init(&r, s->t);
		if ((rc = lk_rec_read(st, extra, &r, s->skip | LK_FF_NOCOL,
				      &a)))
			goto out;
		r.v[0] = db_col_text(st, 0);
		if (s->t == &lk_incomes) {
			struct lk_income_sum sum;
			char buf[32];
			r.v[1] = lk_arena_printf(&a, "%lld",
						 (long long)db_col_int64(st, 1));
			lk_rec_set(&r, &a, "persons", db_col_text(st, 2));
			lk_income_derive(&r, (int)db_col_int64(st, 2), &sum);
			snprintf(buf, sizeof buf, "%lld", (long long)sum.net);
			lk_rec_set(&r, &a, "net_income", buf);
			snprintf(buf, sizeof buf, "%lld",
				 (long long)sum.per_capita);
			lk_rec_set(&r, &a, "per_capita", buf);
		}
		if ((rc = k->row(k->arg, s, 0, &r)))
			goto out;
	}
	if (rc == DB_DONE)
		rc = k->end(k->arg, s);
out:
	db_done(st);
	lk_arena_free(&a);
	return rc;
}

struct work_rows {
	const struct lk_xsink *k;
	const struct lk_xsheet *s;
};

static int work_row(void *arg, int64_t id, const struct lk_rec *r)
{
	struct work_rows *w = arg;

	return w->k->row(w->k->arg, w->s, id, r);
}

int lk_export_rows(struct lk_ctx *ctx, const char *region, unsigned what,
		   const struct lk_xsink *k)
{
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX];
	char *hc = NULL, *mc = NULL, *ic = NULL, *q = NULL;
	int rc, tx = 0;
	size_t qn, i;

	if ((rc = lk_scope_range(ctx, region, lo, hi)))
		goto out;
	hc = lk_rec_cols(&lk_households, LK_FF_NOCOL | LK_FF_INCOME, "h.%s");
	mc = lk_rec_cols(&lk_members, LK_FF_NOCOL, "m.%s");
	ic = lk_rec_cols(&lk_incomes, LK_FF_NOCOL, "i.%s");
	if (!hc || !mc || !ic) {
		rc = LK_ENOMEM;
		goto out;
	}
	qn = strlen(hc) + strlen(mc) + strlen(ic) + 1024;
	if (!(q = malloc(qn))) {
		rc = LK_ENOMEM;
		goto out;
	}
	/* A read transaction keeps the sheets consistent (nested in the
	 * caller's, if any). */
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if (what & LK_X_REGISTRY) {
		snprintf(q, qn,
			 "SELECT h.household_no, %s FROM household h WHERE "
			 "h.village_code >= ? AND h.village_code < ? ORDER BY "
			 "h.village_code, h.household_no",
			 hc);
		if ((rc = rows_registry(ctx, &registry_sheets[0], q, lo, hi, 1,
					k)))
			goto out;
		snprintf(q, qn,
			 "SELECT h.household_no, %s FROM household h JOIN "
			 "member m ON m.household_id = h.id WHERE "
			 "h.village_code >= ? AND h.village_code < ? ORDER BY "
			 "h.village_code, h.household_no, m.seq",
			 mc);
		if ((rc = rows_registry(ctx, &registry_sheets[1], q, lo, hi, 1,
					k)))
			goto out;
		snprintf(q, qn,
			 "SELECT h.household_no, i.year, i.persons, %s FROM "
			 "household h JOIN income i ON i.household_id = h.id "
			 "WHERE h.village_code >= ? AND h.village_code < ? "
			 "ORDER BY h.village_code, h.household_no, i.year",
			 ic);
		if ((rc = rows_registry(ctx, &registry_sheets[2], q, lo, hi, 3,
					k)))
			goto out;
	}
	for (i = 0; (what & LK_X_WORK) &&
		    i < sizeof work_sheets / sizeof work_sheets[0];
	     i++) {
		struct lk_xsheet s = {work_sheets[i]->t, work_sheets[i], 0};
		struct lk_wfilter flt = {.region = region};
		struct work_rows w = {k, &s};
		if ((rc = k->begin(k->arg, &s)) ||
		    (rc = lk_work_list(ctx, work_sheets[i], &flt, work_row,
				       &w)) ||
		    (rc = k->end(k->arg, &s)))
			goto out;
	}
out:
	if (tx) {
		struct lk_err e = {0};

		if (db_commit(ctx->db, &e)) /* read only: nothing to lose */
			db_rollback(ctx->db);
	}
	free(hc);
	free(mc);
	free(ic);
	free(q);
	return rc;
}

/* ---- export: CSV files --------------------------------------------- */

struct out {
	FILE *fp;
	char *tmp, *path;
	struct lk_buf b;
	size_t rows;
};

static int out_open(struct lk_ctx *ctx, const char *dir, const char *name,
		    struct out *o)
{
	size_t n = strlen(dir) + strlen(name) + 16;

	memset(o, 0, sizeof *o);
	lk_buf_init(&o->b, 8u << 20);
	o->path = malloc(n);
	o->tmp = malloc(n);
	if (!o->path || !o->tmp)
		return LK_ENOMEM;
	snprintf(o->path, n, "%s/%s", dir, name);
	snprintf(o->tmp, n, "%s/.%s.tmp", dir, name);
	o->fp = fopen(o->tmp, "wb");
	if (!o->fp)
		return lk_err_set(&ctx->err, LK_EIO, _("cannot create %s: %s"),
				  o->tmp, strerror(errno));
	return lk_buf_add(&o->b, "\xEF\xBB\xBF", 3);
}

static int out_flush(struct lk_ctx *ctx, struct out *o, size_t keep_below)
{
	if (o->b.len < keep_below)
		return 0;
	if (o->b.len && fwrite(o->b.ptr, 1, o->b.len, o->fp) != o->b.len)
		return lk_err_set(&ctx->err, LK_EIO, _("cannot write %s: %s"),
				  o->tmp, strerror(errno));
	lk_buf_reset(&o->b);
	return 0;
}

static int out_close(struct lk_ctx *ctx, struct out *o, int ok)
{
	int rc = 0;

	if (o->fp) {
		if (ok)
			rc = out_flush(ctx, o, 0);
		if (fclose(o->fp) != 0 && !rc && ok)
			rc = lk_err_set(&ctx->err, LK_EIO,
					_("cannot write %s: %s"), o->tmp,
					strerror(errno));
		if (ok && !rc && rename(o->tmp, o->path) != 0)
			rc = lk_err_set(&ctx->err, LK_EIO,
					_("cannot rename %s: %s"), o->tmp,
					strerror(errno));
		if (!ok || rc)
			unlink(o->tmp);
	}
	free(o->tmp);
	free(o->path);
	lk_buf_free(&o->b);
	memset(o, 0, sizeof *o);
	return rc;
}

/* The display form of a column's last short value: the same value (a
 * code, yes/no ...) comes again and again down a column, and its form
 * depends on nothing else during an export. */
struct shown {
	char canon[24];
	char out[72];
	size_t n; /* bytes of out; canon[0] '\0' = nothing kept */
};

/* The CSV sink: one file per registry sheet. */
struct csv_sink {
	struct lk_ctx *ctx;
	enum lk_lang lang;
	struct out o[3];
	struct out *cur;
	struct lk_buf tmp;
	struct shown last[LK_REC_MAX]; /* of the current sheet */
};

static int csv_sink_begin(void *arg, const struct lk_xsheet *s)
{
	struct csv_sink *c = arg;
	const struct lk_field *f;
	const char *h;
	size_t i;
	int rc = 0;

	c->cur = s->t == &lk_households ? &c->o[0]
		 : s->t == &lk_members	? &c->o[1]
					: &c->o[2];
	memset(c->last, 0, sizeof c->last);
	for (i = 0; !rc && (h = lk_xsheet_header(s, i, c->lang, &f)); i++)
		rc = csv_buf_field(&c->cur->b, h, strlen(h), i == 0);
	return rc ? rc : csv_buf_eol(&c->cur->b);
}

static int csv_sink_row(void *arg, const struct lk_xsheet *s, int64_t id,
		   const struct lk_rec *r)
{
	struct csv_sink *c = arg;
	struct out *o = c->cur;
	size_t i;
	int rc = 0, first = 1;

	(void)id;
	for (i = 0; i < r->t->n && !rc; i++) {
		const char *v = r->v[i];
		struct shown *l = &c->last[i];
		size_t n;

		if (r->t->f[i].flags & s->skip)
			continue;
		n = v ? strlen(v) : 0;

		if (!v || lk_field_shown_as_is(&r->t->f[i])) { /* no copy */
			rc = csv_buf_field(&o->b, v ? v : "", n, first);
			first = 0;
			continue;
		}
		if (l->canon[0] && n < sizeof l->canon &&
		    memcmp(l->canon, v, n + 1) == 0) {
			rc = csv_buf_field(&o->b, l->out, l->n, first);
			first = 0;
			continue;
		}
		lk_buf_reset(&c->tmp);
		if ((rc = lk_xsheet_show(c->ctx, &r->t->f[i], v, c->lang,
					 &c->tmp)))
			break;
		rc = csv_buf_field(&o->b, lk_buf_str(&c->tmp), c->tmp.len,
				   first);
		first = 0;
		l->canon[0] = '\0';
		if (n > 0 && n < sizeof l->canon && c->tmp.len < sizeof l->out) {
			memcpy(l->canon, v, n + 1);
			memcpy(l->out, lk_buf_str(&c->tmp), c->tmp.len);
			l->n = c->tmp.len;
		}
	}
	if (!rc)
		rc = csv_buf_eol(&o->b);
	if (!rc)
		rc = out_flush(c->ctx, o, 1u << 20);
	if (!rc)
		o->rows++;
	return rc;
}

static int csv_sink_end(void *arg, const struct lk_xsheet *s)
{
	(void)arg;
	(void)s;
	return 0;
}

int lk_export(struct lk_ctx *ctx, const char *dir, const char *region,
	      enum lk_lang lang, struct lk_export_stats *stats)
{
	static const char *const names[3] = {"households.csv", "members.csv",
					      "incomes.csv"};
	struct csv_sink c = {.ctx = ctx, .lang = lang};
	struct lk_xsink k = {csv_sink_begin, csv_sink_row, csv_sink_end, &c};
	struct lk_codes *codes;
	int rc, i, ok = 0;

	memset(stats, 0, sizeof *stats);
	lk_buf_init(&c.tmp, 1u << 16);
	if ((rc = lk_codes_get(ctx, &codes)))
		goto out;
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		rc = lk_err_set(&ctx->err, LK_EIO, _("cannot create %s: %s"),
				dir, strerror(errno));
		goto out;
	}
	for (i = 0; i < 3; i++)
		if ((rc = out_open(ctx, dir, names[i], &c.o[i])))
			goto out;
	if ((rc = lk_export_rows(ctx, region, LK_X_REGISTRY, &k)))
		goto out;
	ok = 1;
	stats->households = c.o[0].rows;
	stats->members = c.o[1].rows;
	stats->incomes = c.o[2].rows;
out:
	for (i = 0; i < 3; i++) {
		int crc = out_close(ctx, &c.o[i], ok);
		if (!rc)
			rc = crc;
	}
	lk_buf_free(&c.tmp);
	return rc;
}
