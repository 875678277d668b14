/*
 * import_read.c - the reader thread of an import (import_int.h).
 *
 * Batches go round: the reader takes an empty one from the free list,
 * fills it with parsed rows and puts it on the full queue; the importer
 * takes the full ones in order and, when it has gone through one, gives
 * it back to the free list.  One mutex guards both lists; one condition
 * variable wakes whichever side waits.  A batch that ends the input
 * carries the reader's last result (LK_EEOF or an error, with its
 * message and position) after its rows; the reader thread then exits.
 */
#include "io/import_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/i18n.h"

/* ---- the rows of an input ------------------------------------------ */

int src_next(struct src *s, char ***f, size_t **lens, size_t *n,
	     struct lk_err *e)
{
	if (s->xs)
		return xlsx_next(s->xs, f, lens, n, &s->flags, e);
	s->flags = NULL;
	return csv_next(s->csv, f, lens, n, e);
}

size_t src_row(const struct src *s)
{
	return s->xs ? xlsx_row(s->xs) : csv_row(s->csv);
}

size_t src_offset(const struct src *s)
{
	return s->xs ? (size_t)xlsx_offset(s->xs) : csv_offset(s->csv);
}

void src_error_pos(const struct src *s, size_t *row, size_t *col)
{
	if (s->xs) {
		*row = xlsx_row(s->xs);
		*col = 0;
	} else {
		csv_error_pos(s->csv, row, col);
	}
}

void src_close(struct src *s)
{
	csv_close(s->csv);
	xlsx_sheet_close(s->xs);
	memset(s, 0, sizeof *s);
}

/* ---- batches and the reader ---------------------------------------- */

struct batch {
	struct lk_arena a; /* values, raw fields and issues of the rows */
	struct ir_row rows[IR_BATCH_ROWS];
	size_t n;
	/* after the rows: 0 (more to come), or the reader's last result */
	int end;
	struct lk_err err;
	size_t erow, ecol, offset;
};

struct ireader {
	struct src s;
	const struct ir_opts *o;
	struct lk_buf val; /* one parsed value */
	struct batch *pool[IR_BATCHES];
	/* the lists, under mu */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch *full[IR_BATCHES], *empty[IR_BATCHES];
	size_t full_head, nfull, nempty;
	int cancel;
	/* the reader thread's environment */
	pthread_t th;
	int started;
	enum lk_lang lang;
	int pinned;
	int64_t pinned_at;
	/* the importer's side */
	struct batch *cur;
	size_t pos;
	int end;
	struct lk_err err;
	size_t erow, ecol, offset;
};

/* Adds a problem to the row's list (in order).  LK_ENOMEM. */
static int issue(struct batch *b, struct ir_row *r, int error,
		 const char *column, const char *value, const char *rule,
		 const char *msg)
{
	struct ir_issue *is = lk_arena_alloc(&b->a, sizeof *is), **tail;

	if (!is)
		return LK_ENOMEM;
	is->error = error;
	is->column = lk_arena_strdup(&b->a, column ? column : "");
	is->value = lk_arena_strdup(&b->a, value ? value : "");
	is->rule = rule ? rule : ""; /* rule ids are static strings */
	is->message = lk_arena_strdup(&b->a, msg);
	is->next = NULL;
	if (!is->column || !is->value || !is->message)
		return LK_ENOMEM;
	for (tail = &r->issues; *tail; tail = &(*tail)->next)
		;
	*tail = is;
	return 0;
}

/* The column header of the field with this key, or the key itself. */
static const char *col_of(const struct colmap *m, const struct lk_table *t,
			  const char *key)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->field[i] >= 0 && strcmp(t->f[m->field[i]].key, key) == 0)
			return m->header[i];
	return key;
}

/* Parses the fields of row r into r->rec; r->bad set when it has errors,
 * which go to r->issues unless the reader is quiet.  LK_ENOMEM. */
static int parse_row(struct ireader *rd, struct batch *b, struct ir_row *r,
		     const unsigned char *flags)
{
	const struct ir_opts *o = rd->o;
	const struct lk_table *t = o->t;
	const struct colmap *m = o->m;
	char **f = r->f, msg[512], failed[LK_REC_MAX] = {0};
	size_t i, n = r->n;
	struct lk_problem p;
	int rc, isnull;

	lk_rec_init(&r->rec, t);
	for (i = 0; i < t->n; i++)
		r->rec.v[i] = m->present[i] ? NULL : LK_KEEP;
	if (n != m->n) {
		snprintf(msg, sizeof msg,
			 _("the row has %zu fields, the header %zu"), n, m->n);
		r->bad = 1;
		return o->quiet ? 0 : issue(b, r, 1, "", "", "row.fields", msg);
	}
	for (i = 0; i < n; i++) {
		const struct lk_field *fd;
		if (m->field[i] < 0)
			continue;
		fd = &t->f[m->field[i]];
		if (o->only && !(fd->flags & (o->only | LK_FF_KEY)))
			continue;
		if (flags && flags[i]) {
			/* a number Excel rounded, or an error value */
			if (flags[i] & XLSX_CELL_LOSSY)
				snprintf(msg, sizeof msg,
					 _("%s was stored as a number and has "
					   "lost digits (a spreadsheet keeps "
					   "15): format the column as text and "
					   "type the value again"),
					 f[i]);
			else
				snprintf(msg, sizeof msg,
					 _("the cell holds the spreadsheet "
					   "error %s"),
					 f[i]);
			if (!o->quiet &&
			    (rc = issue(b, r, 1, m->header[i], f[i],
					flags[i] & XLSX_CELL_LOSSY
						? "value.number_lossy"
						: "value.cell_error",
					msg)))
				return rc;
			r->bad = 1;
			failed[m->field[i]] = 1;
			continue;
		}
		rc = lk_field_parse(fd, o->codes, f[i], &rd->val, &isnull, &p);
		if (rc == LK_ENOMEM)
			return rc;
		if (rc) {
			int keep = p.value_error && o->accept_invalid;
			if (!o->quiet && (rc = issue(b, r, !keep, m->header[i],
						     f[i], p.rule, p.msg)))
				return rc;
			r->kept |= keep;
			if (!keep) {
				r->bad = 1;
				failed[m->field[i]] = 1;
				continue;
			}
		}
		if (isnull)
			continue;
		r->rec.v[m->field[i]] =
			lk_arena_strndup(&b->a, lk_buf_str(&rd->val),
					 rd->val.len);
		if (!r->rec.v[m->field[i]])
			return LK_ENOMEM;
	}
	for (i = 0; i < t->n; i++) {
		if (!(t->f[i].flags & LK_FF_REQUIRED) || r->rec.v[i] ||
		    failed[i] || (t->f[i].flags & LK_FF_INCOME) ||
		    (o->only && !(t->f[i].flags & o->only)))
			continue;
		r->bad = 1;
		if (o->quiet)
			continue;
		snprintf(msg, sizeof msg, _("required value %s (%s) is missing"),
			 t->f[i].key, t->f[i].zh);
		if ((rc = issue(b, r, 1, col_of(m, t, t->f[i].key), "",
				"required.missing", msg)))
			return rc;
	}
	return 0;
}

/* Copies the fields of the row just read into the batch. */
static int keep_fields(struct batch *b, struct ir_row *r, char **f,
		       const size_t *lens, size_t n)
{
	size_t i, total = 0;
	char *p;

	for (i = 0; i < n; i++)
		total += lens[i] + 1;
	r->f = lk_arena_alloc(&b->a, n * sizeof *r->f);
	p = lk_arena_alloc(&b->a, total);
	if (!r->f || !p)
		return LK_ENOMEM;
	for (i = 0; i < n; i++) {
		memcpy(p, f[i], lens[i] + 1);
		r->f[i] = p;
		p += lens[i] + 1;
	}
	r->n = n;
	return 0;
}

/* Fills b with the next rows; sets b->end at the end of the input or on
 * an error. */
static void fill(struct ireader *rd, struct batch *b)
{
	char **f;
	size_t *lens, n;
	int rc = 0;

	lk_arena_reset(&b->a);
	b->n = 0;
	b->end = 0;
	while (b->n < IR_BATCH_ROWS && b->a.used < IR_BATCH_BYTES) {
		struct ir_row *r = &b->rows[b->n];
		if ((rc = src_next(&rd->s, &f, &lens, &n, &b->err))) {
			if (rc != LK_EEOF && rc != LK_ENOMEM)
				src_error_pos(&rd->s, &b->erow, &b->ecol);
			break;
		}
		memset(r, 0, sizeof *r);
		r->row = src_row(&rd->s);
		r->offset = src_offset(&rd->s);
		r->blank = n == 1 && f[0][0] == '\0';
		if (!r->blank && ((rc = keep_fields(b, r, f, lens, n)) ||
				  (rc = parse_row(rd, b, r, rd->s.flags)))) {
			lk_err_set(&b->err, rc, "%s", lk_strerror(rc));
			break;
		}
		b->n++;
	}
	if (rc) {
		b->end = rc;
		b->offset = src_offset(&rd->s);
	}
}

static void *reader_main(void *arg)
{
	struct ireader *rd = arg;
	struct batch *b;
	int end = 0;

	lk_i18n_set(rd->lang);
	if (rd->pinned)
		lk_clock_pin_at(rd->pinned_at);
	while (!end) {
		pthread_mutex_lock(&rd->mu);
		while (!rd->nempty && !rd->cancel)
			pthread_cond_wait(&rd->cv, &rd->mu);
		if (rd->cancel) {
			pthread_mutex_unlock(&rd->mu);
			break;
		}
		b = rd->empty[--rd->nempty];
		pthread_mutex_unlock(&rd->mu);

		fill(rd, b);
		end = b->end;

		pthread_mutex_lock(&rd->mu);
		rd->full[(rd->full_head + rd->nfull++) % IR_BATCHES] = b;
		pthread_cond_broadcast(&rd->cv);
		pthread_mutex_unlock(&rd->mu);
	}
	return NULL;
}

int ir_start(struct src *s, const struct ir_opts *o, struct ireader **out,
	     struct lk_err *e)
{
	struct ireader *rd = calloc(1, sizeof *rd);
	size_t i;
	int rc = LK_ENOMEM;

	if (!rd) {
		src_close(s);
		return lk_err_set(e, rc, "%s", lk_strerror(rc));
	}
	rd->s = *s;
	memset(s, 0, sizeof *s);
	rd->o = o;
	lk_buf_init(&rd->val, 4096);
	pthread_mutex_init(&rd->mu, NULL);
	pthread_cond_init(&rd->cv, NULL);
	for (i = 0; i < IR_BATCHES; i++) {
		if (!(rd->pool[i] = calloc(1, sizeof *rd->pool[i])))
			goto fail;
		rd->pool[i]->a = (struct lk_arena)LK_ARENA_INIT(0);
		rd->empty[rd->nempty++] = rd->pool[i];
	}
	rd->lang = lk_i18n_get();
	rd->pinned = lk_clock_pinned(&rd->pinned_at);
	if (pthread_create(&rd->th, NULL, reader_main, rd) != 0) {
		rc = lk_err_set(e, LK_EINTERNAL,
				_("cannot start the reader thread"));
		goto fail;
	}
	rd->started = 1;
	*out = rd;
	return 0;
fail:
	if (rc == LK_ENOMEM)
		lk_err_set(e, rc, "%s", lk_strerror(rc));
	ir_stop(rd);
	return rc;
}

int ir_next(struct ireader *rd, const struct ir_row **row, struct lk_err *e)
{
	for (;;) {
		struct batch *b = rd->cur;
		if (b && rd->pos < b->n) {
			*row = &b->rows[rd->pos++];
			return 0;
		}
		if (rd->end)
			break;
		if (b && b->end) {
			/* the last batch: keep its result, give it back */
			rd->end = b->end;
			rd->err = b->err;
			rd->erow = b->erow;
			rd->ecol = b->ecol;
			rd->offset = b->offset;
		}
		pthread_mutex_lock(&rd->mu);
		if (b)
			rd->empty[rd->nempty++] = b;
		rd->cur = NULL;
		while (!rd->end && !rd->nfull)
			pthread_cond_wait(&rd->cv, &rd->mu);
		if (!rd->end) {
			rd->cur = rd->full[rd->full_head];
			rd->full_head = (rd->full_head + 1) % IR_BATCHES;
			rd->nfull--;
			rd->pos = 0;
		}
		pthread_cond_broadcast(&rd->cv);
		pthread_mutex_unlock(&rd->mu);
	}
	if (e && rd->end != LK_EEOF)
		*e = rd->err;
	return rd->end;
}

void ir_error_pos(const struct ireader *rd, size_t *row, size_t *col)
{
	*row = rd->erow;
	*col = rd->ecol;
}

size_t ir_offset(const struct ireader *rd)
{
	return rd->offset;
}

void ir_stop(struct ireader *rd)
{
	size_t i;

	if (!rd)
		return;
	if (rd->started) {
		pthread_mutex_lock(&rd->mu);
		rd->cancel = 1;
		pthread_cond_broadcast(&rd->cv);
		pthread_mutex_unlock(&rd->mu);
		pthread_join(rd->th, NULL);
	}
	for (i = 0; i < IR_BATCHES; i++) {
		if (!rd->pool[i])
			continue;
		lk_arena_free(&rd->pool[i]->a);
		free(rd->pool[i]);
	}
	pthread_cond_destroy(&rd->cv);
	pthread_mutex_destroy(&rd->mu);
	lk_buf_free(&rd->val);
	src_close(&rd->s);
	free(rd);
}
