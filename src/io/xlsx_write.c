/* The village ledger book as XLSX (xlsx.h): a sink of lk_export_rows()
 * writing with libxlsxwriter in constant-memory mode. */
#include "io/xlsx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/num.h"
#include "registry/fields.h"

#define MAX_ROWS 1048575u /* data rows: Excel's 1,048,576 less the header */
#define MAX_WIDTH 60
#define MIN_WIDTH 6
#define EXCEL_EPOCH 25569 /* serial of 1970-01-01 in the 1900 system */

enum kind { K_TEXT, K_MONEY, K_DEC, K_INT, K_DATE, K_DATEY };

struct xs {
	struct lk_ctx *ctx;
	enum lk_lang lang;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *money, *integer, *date, *text;
	struct lk_buf tmp;
	const char *path;
	/* the sheet being written */
	size_t ncols;
	lxw_row_t row;
	enum kind kind[LK_REC_MAX + 1];
	unsigned char width[LK_REC_MAX + 1];
	struct lk_export_stats *st;
};

static enum kind kind_of(const struct lk_field *f)
{
	if (!f)
		return K_INT; /* the id of a work record */
	switch (f->type) {
	case LK_F_MONEY: return K_MONEY;
	case LK_F_DEC2: return K_DEC;
	case LK_F_INT:
	case LK_F_YEAR: return K_INT;
	case LK_F_DATE: return K_DATE;
	case LK_F_DATEY: return K_DATEY;
	default: return K_TEXT;
	}
}

/* Display width of UTF-8 text: 2 for a character beyond U+07FF (CJK),
 * else 1. */
static size_t text_width(const char *s, size_t len)
{
	size_t i, w = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80)
			w++;
		else if (c >= 0xE0)
			w += 2;
		else if (c >= 0xC0)
			w++;
	}
	return w;
}

static void note_width(struct xs *x, size_t col, size_t w)
{
	if (w > MAX_WIDTH)
		w = MAX_WIDTH;
	if (w > x->width[col])
		x->width[col] = (unsigned char)w;
}

static int lxw_fail(struct xs *x, lxw_error err)
{
	return lk_err_set(&x->ctx->err, LK_EIO, _("cannot write %s: %s"),
			  x->path, lxw_strerror(err));
}

static int xs_begin(void *arg, const struct lk_xsheet *s)
{
	struct xs *x = arg;
	const struct lk_field *f;
	const char *h;
	size_t i;
	lxw_error err;

	x->ws = workbook_add_worksheet(x->wb, lk_xsheet_name(s, x->lang));
	if (!x->ws)
		return lk_err_set(&x->ctx->err, LK_EIO,
				  _("cannot add sheet %s to %s"),
				  lk_xsheet_name(s, x->lang), x->path);
	x->row = 0;
	for (i = 0; (h = lk_xsheet_header(s, i, x->lang, &f)); i++) {
		if (i > LK_REC_MAX)
			return LK_EINTERNAL;
		x->kind[i] = kind_of(f);
		x->width[i] = 0;
		note_width(x, i, text_width(h, strlen(h)) + 2);
		if ((err = worksheet_write_string(x->ws, 0, (lxw_col_t)i, h,
						  x->bold)))
			return lxw_fail(x, err);
	}
	x->ncols = i;
	worksheet_freeze_panes(x->ws, 1, 0);
	return 0;
}

/* Writes one value: a number when it is one, else its display text. */
static int cell(struct xs *x, lxw_row_t row, size_t col,
		const struct lk_field *f, const char *canon)
{
	lxw_col_t c = (lxw_col_t)col;
	enum kind k = x->kind[col];
	lxw_error err = LXW_NO_ERROR;
	struct lk_date d;
	int64_t n;
	int rc;

	if (!canon)
		return 0;
	lk_buf_reset(&x->tmp);
	if (f && (rc = lk_xsheet_show(x->ctx, f, canon, x->lang, &x->tmp)))
		return rc;
	else if (!f && (rc = lk_buf_adds(&x->tmp, canon)))
		return rc;
	note_width(x, col, text_width(x->tmp.ptr, x->tmp.len) + 1);
	if (k == K_DATEY && strlen(canon) == 4)
		k = K_INT;
	if ((k == K_DATE || k == K_DATEY) && lk_date_parse(canon, &d) == 0 &&
	    d.y >= 1901) {
		err = worksheet_write_number(
			x->ws, row, c, (double)lk_date_days(d) + EXCEL_EPOCH,
			x->date);
		note_width(x, col, 11);
	} else if (k != K_TEXT && k != K_DATE && k != K_DATEY &&
		   lk_parse_int64(canon, INT64_MIN, INT64_MAX, &n) == 0) {
		if (k == K_MONEY || k == K_DEC)
			err = worksheet_write_number(x->ws, row, c,
						     (double)n / 100.0,
						     x->money);
		else
			err = worksheet_write_number(x->ws, row, c, (double)n,
						     x->integer);
	} else if (x->tmp.len) {
		err = worksheet_write_string(x->ws, row, c,
					     lk_buf_str(&x->tmp), NULL);
	}
	return err ? lxw_fail(x, err) : 0;
}

static int xs_row(void *arg, const struct lk_xsheet *s, int64_t id,
		  const struct lk_rec *r)
{
	struct xs *x = arg;
	size_t i, col = 0;
	int rc;
	char idbuf[24];

	if (x->row >= MAX_ROWS)
		return lk_err_set(&x->ctx->err, LK_ETOOBIG,
				  _("sheet %s has more than %u rows; export "
				    "a smaller region"),
				  lk_xsheet_name(s, x->lang), MAX_ROWS);
	x->row++;
	if (s->kind) {
		snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
		if ((rc = cell(x, x->row, col++, NULL, idbuf)))
			return rc;
	}
	for (i = 0; i < r->t->n; i++) {
		if (r->t->f[i].flags & s->skip)
			continue;
		if ((rc = cell(x, x->row, col++, &r->t->f[i], r->v[i])))
			return rc;
	}
	return 0;
}

static int xs_end(void *arg, const struct lk_xsheet *s)
{
	struct xs *x = arg;
	size_t i;
	lxw_error err;

	for (i = 0; i < x->ncols; i++) {
		unsigned w = x->width[i] < MIN_WIDTH ? MIN_WIDTH : x->width[i];
		if ((err = worksheet_set_column(x->ws, (lxw_col_t)i,
						(lxw_col_t)i, w,
						x->kind[i] == K_TEXT ? x->text
								     : NULL)))
			return lxw_fail(x, err);
	}
	if (x->ncols &&
	    (err = worksheet_autofilter(x->ws, 0, 0, x->row,
					(lxw_col_t)(x->ncols - 1))))
		return lxw_fail(x, err);
	if (s->kind)
		x->st->work += x->row;
	else if (s->t == &lk_households)
		x->st->households = x->row;
	else if (s->t == &lk_members)
		x->st->members = x->row;
	else
		x->st->incomes = x->row;
	return 0;
}

int lk_export_xlsx(struct lk_ctx *ctx, const char *path, const char *region,
		   enum lk_lang lang, struct lk_export_stats *stats)
{
	struct xs x = {.ctx = ctx, .lang = lang, .path = path, .st = stats};
	struct lk_xsink k = {xs_begin, xs_row, xs_end, &x};
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE,
				    .use_zip64 = LXW_TRUE};
	char *tmp = NULL, *dir = NULL, *slash;
	size_t n = strlen(path) + 16;
	lxw_error err;
	int rc;

	memset(stats, 0, sizeof *stats);
	lk_buf_init(&x.tmp, 1u << 16);
	tmp = malloc(n);
	dir = malloc(n);
	if (!tmp || !dir) {
		rc = LK_ENOMEM;
		goto out;
	}
	snprintf(dir, n, "%s", path);
	slash = strrchr(dir, '/');
	if (slash == dir)
		dir[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		snprintf(dir, n, ".");
	snprintf(tmp, n, "%s.tmp", path);
	opt.tmpdir = dir;
	x.wb = workbook_new_opt(tmp, &opt);
	if (!x.wb) {
		rc = lk_err_set(&ctx->err, LK_EIO, _("cannot create %s: %s"),
				tmp, strerror(errno));
		goto out;
	}
	x.bold = workbook_add_format(x.wb);
	x.money = workbook_add_format(x.wb);
	x.integer = workbook_add_format(x.wb);
	x.date = workbook_add_format(x.wb);
	x.text = workbook_add_format(x.wb);
	if (!x.bold || !x.money || !x.integer || !x.date || !x.text) {
		rc = LK_ENOMEM;
		goto out;
	}
	format_set_bold(x.bold);
	format_set_num_format(x.money, "0.00");
	format_set_num_format(x.integer, "0");
	format_set_num_format(x.date, "yyyy-mm-dd");
	format_set_num_format(x.text, "@");
	rc = lk_export_rows(ctx, region, LK_X_REGISTRY | LK_X_WORK, &k);
out:
	if (x.wb) {
		err = workbook_close(x.wb);
		if (!rc && err)
			rc = lxw_fail(&x, err);
		if (!rc && rename(tmp, path) != 0)
			rc = lk_err_set(&ctx->err, LK_EIO,
					_("cannot rename %s: %s"), tmp,
					strerror(errno));
		if (rc)
			unlink(tmp);
	}
	free(tmp);
	free(dir);
	lk_buf_free(&x.tmp);
	return rc;
}
