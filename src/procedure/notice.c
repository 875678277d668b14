/* Public notices and objections (notice.h). */
#include "procedure/notice.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/json.h"
#include "procedure/lock.h"
#include "procedure/proc_int.h"
#include "registry/codes.h"
#include "registry/region.h"
#include "registry/status.h"
#include "store/db.h"

#define MAX_NOTICE_ITEMS 100000

/* Notice row fields the writers need. */
struct nrow {
	int64_t id;
	char village[16], county[8], kind[24], step[24];
	char start[11], end[11], state[12], closed_on[11];
	int days;
};

static void cpy(char *dst, size_t n, const char *s)
{
	snprintf(dst, n, "%s", s ? s : "");
}

static int load_notice(struct lk_ctx *ctx, int64_t id, struct nrow *n)
{
	static const char q[] =
	    "SELECT id, village_code, kind, step, start_date, end_date, "
	    "state, closed_on, days FROM notice WHERE id = ?";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = lk__row_by_id(ctx, q, id, 1, _("no notice %lld"), &st)))
		goto out;
	memset(n, 0, sizeof *n);
	n->id = db_col_int64(st, 0);
	cpy(n->village, sizeof n->village, db_col_text(st, 1));
	lk__county_of(n->village, n->county);
	cpy(n->kind, sizeof n->kind, db_col_text(st, 2));
	cpy(n->step, sizeof n->step, db_col_text(st, 3));
	cpy(n->start, sizeof n->start, db_col_text(st, 4));
	cpy(n->end, sizeof n->end, db_col_text(st, 5));
	cpy(n->state, sizeof n->state, db_col_text(st, 6));
	cpy(n->closed_on, sizeof n->closed_on, db_col_text(st, 7));
	n->days = (int)db_col_int64(st, 8);
	rc = 0;
out:
	db_done(st);
	return rc;
}

/* The ids of the open procedures on notice id (all, or the one of
 * procedure pid when pid > 0), into a malloc'd array. */
static int procs_on(struct lk_ctx *ctx, int64_t id, int64_t pid, int64_t **out,
		    size_t *n)
{
	static const char q[] =
	    "SELECT i.procedure_id FROM notice_item i JOIN procedure p ON "
	    "p.id = i.procedure_id WHERE i.notice_id = ?1 AND "
	    "p.finished_on IS NULL AND (?2 = 0 OR p.id = ?2) ORDER BY "
	    "i.seq";
	struct db_stmt *st = NULL;
	int64_t *v = NULL, *nv;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, pid);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			if (!(nv = realloc(v, cap * sizeof *v))) {
				rc = LK_ENOMEM;
				break;
			}
			v = nv;
		}
		v[(*n)++] = db_col_int64(st, 0);
	}
	db_done(st);
	if (rc < 0) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

static int audit_json(struct lk_ctx *ctx, const char *action,
		      const char *entity, int64_t id, struct lk_buf *b)
{
	char key[24];

	snprintf(key, sizeof key, "%lld", (long long)id);
	return lk_audit(ctx, action, entity, key, NULL, lk_buf_str(b));
}

/* ---- create ------------------------------------------------------------ */

struct waiting {
	int64_t id;
	char no[128], state[24];
	int used;
};

int lk_notice_create(struct lk_ctx *ctx, const struct lk_notice_new *in,
		     int64_t *id)
{
	static const char wq[] =
	    "SELECT p.id, h.household_no, p.state FROM procedure p JOIN "
	    "household h ON h.id = p.household_id WHERE p.village_code = ? "
	    "AND p.kind = ? AND p.finished_on IS NULL AND p.notice_id IS "
	    "NULL AND p.suspended = 0 ORDER BY h.household_no";
	static const char ins[] =
	    "INSERT INTO notice (county_code, village_code, kind, step, "
	    "days, start_date, end_date, state, contact, created_by, "
	    "created_at) VALUES (?,?,?,?,?,?,?,'posted',?,?,?)";
	static const char item[] =
	    "INSERT INTO notice_item (notice_id, procedure_id, county_code, "
	    "seq) VALUES (?,?,?,?)";
	struct lk_buf b = LK_BUF_INIT(16u << 20);
	struct db_stmt *st = NULL;
	struct waiting *w = NULL, *nw;
	struct lk_region reg;
	const char *kind, *step = in->step;
	char start[11], end[11], county[8], now[LK_ISO_NOW_BUFSZ];
	char pk[64];
	size_t nw_ = 0, cap = 0, i, j, count = 0;
	int64_t days, nid = 0;
	int rc, tx = 0, first = 1;

	if ((unsigned)in->kind >= LK_PROC_KIND_N || !in->village) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("a notice needs a village and a kind"));
		goto out;
	}
	kind = lk_proc_kind_id(in->kind);
	if (step) {
		const struct lk_step_def *d = lk_proc_step_def(in->kind, step);
		if (!d || d->type != LK_STEP_NOTICE) {
			rc = lk_err_set(&ctx->err, LK_EINVAL,
					_("%s has no notice step %s"), kind,
					step);
			goto out;
		}
	}
	if ((rc = lk__date_arg(ctx, in->start, start)))
		goto out;
	if ((rc = lk_scope_check(ctx, in->village)))
		goto out;
	rc = lk_region_get(ctx, in->village, &reg);
	if (rc == 0 && reg.level != LK_LEVEL_VILLAGE)
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("%s (%s) is not a village"), in->village,
				reg.name);
	if (rc)
		goto out;
	lk__county_of(in->village, county);
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if ((rc = lk_lock_check(ctx, in->village, lk__year_of(start))))
		goto out;
	if ((rc = db_prepare_static(ctx->db, wq, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, in->village, -1);
	db_bind_text(st, 2, kind, -1);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		const struct lk_step_def *d =
		    lk_proc_step_def(in->kind, db_col_text(st, 2));
		if (!d || d->type != LK_STEP_NOTICE ||
		    (step && strcmp(step, d->id) != 0))
			continue;
		if (nw_ == cap) {
			cap = cap ? cap * 2 : 16;
			if (cap > MAX_NOTICE_ITEMS) {
				rc = lk_err_set(&ctx->err, LK_ETOOBIG,
						_("more than %d households "
						  "on one notice"),
						MAX_NOTICE_ITEMS);
				goto out;
			}
			if (!(nw = realloc(w, cap * sizeof *w))) {
				rc = LK_ENOMEM;
				goto out;
			}
			w = nw;
		}
		w[nw_].id = db_col_int64(st, 0);
		cpy(w[nw_].no, sizeof w[nw_].no, db_col_text(st, 1));
		cpy(w[nw_].state, sizeof w[nw_].state, db_col_text(st, 2));
		w[nw_].used = in->households == NULL;
		nw_++;
	}
	if (rc < 0)
		goto out;
	db_done(st);
	st = NULL;
	for (i = 0; in->households && i < in->nhouseholds; i++) {
		for (j = 0; j < nw_; j++)
			if (strcmp(w[j].no, in->households[i]) == 0)
				break;
		if (j == nw_) {
			rc = lk_err_set(&ctx->err, LK_ECONFLICT,
					_("household %s has no %s procedure "
					  "waiting for a public notice in "
					  "village %s"),
					in->households[i], kind, in->village);
			goto out;
		}
		w[j].used = 1;
	}
	for (i = 0; i < nw_; i++) {
		if (!w[i].used)
			continue;
		if (!step)
			step = w[i].state;
		else if (strcmp(step, w[i].state) != 0) {
			rc =
			    lk_err_set(&ctx->err, LK_ECONFLICT,
				       _("the %s procedures of village %s wait "
					 "at two notice steps (%s and %s): "
					 "name one"),
				       kind, in->village, step, w[i].state);
			goto out;
		}
		count++;
	}
	if (!count) {
		rc = lk_err_set(&ctx->err, LK_ECONFLICT,
				_("no %s procedure in village %s waits for a "
				  "public notice"),
				kind, in->village);
		goto out;
	}
	snprintf(pk, sizeof pk, "notice_days.%s", kind);
	if ((rc = lk__policy_pos(ctx, pk, in->village, lk__year_of(start),
				 &days)))
		goto out;
	if (days > 366) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("policy %s is %lld days, more than a year"),
				pk, (long long)days);
		goto out;
	}
	lk__date_add(start, (int)days - 1, end);
	lk_now_iso(now);
	if ((rc = db_prepare_static(ctx->db, ins, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, county, -1);
	db_bind_text(st, 2, in->village, -1);
	db_bind_text(st, 3, kind, -1);
	db_bind_text(st, 4, step, -1);
	db_bind_int64(st, 5, days);
	db_bind_text(st, 6, start, -1);
	db_bind_text(st, 7, end, -1);
	db_bind_text(st, 8, in->contact && *in->contact ? in->contact : NULL,
		     -1);
	db_bind_text(st, 9, ctx->user, -1);
	db_bind_text(st, 10, now, -1);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	nid = db_last_insert_id(ctx->db);
	db_done(st);
	st = NULL;
	if ((rc = lk_buf_addc(&b, '{')) ||
	    (rc = lk__jstr(&b, &first, "village", in->village)) ||
	    (rc = lk__jstr(&b, &first, "kind", kind)) ||
	    (rc = lk__jstr(&b, &first, "step", step)) ||
	    (rc = lk__jint(&b, &first, "days", days)) ||
	    (rc = lk__jstr(&b, &first, "start", start)) ||
	    (rc = lk__jstr(&b, &first, "end", end)) ||
	    (rc = lk_buf_adds(&b, ",\"households\":[")))
		goto out;
	for (i = 0, j = 0; i < nw_; i++) {
		struct lk__proc p;
		struct lk__step s;
		if (!w[i].used)
			continue;
		if ((rc = lk__proc_load(ctx, w[i].id, &p)))
			goto out;
		if (strcmp(start, p.last_date) < 0) {
			rc = lk_err_set(&ctx->err, LK_EINVAL,
					_("%s is before the previous step of "
					  "procedure %lld (%s, household %s)"),
					start, (long long)p.id, p.last_date,
					p.no);
			goto out;
		}
		if ((rc = db_prepare_static(ctx->db, item, &st, &ctx->err)))
			goto out;
		db_bind_int64(st, 1, nid);
		db_bind_int64(st, 2, p.id);
		db_bind_text(st, 3, county, -1);
		db_bind_int64(st, 4, (int64_t)++j);
		if ((rc = db_step(st, &ctx->err)) < 0)
			goto out;
		db_done(st);
		st = NULL;
		lk__step_init(&s);
		s.step = step;
		s.date = start;
		s.actor = in->actor;
		s.outcome = "posted";
		s.notice_id = nid;
		p.notice_id = nid;
		if ((rc = lk__proc_record(ctx, &p, &s)))
			goto out;
		if ((j > 1 && (rc = lk_buf_addc(&b, ','))) ||
		    (rc = lk_json_str(&b, p.no)))
			goto out;
	}
	if ((rc = lk_buf_adds(&b, "]}")) ||
	    (rc = audit_json(ctx, "create", "notice", nid, &b)) ||
	    (rc = db_commit(ctx->db, &ctx->err)))
		goto out;
	tx = 0;
	if (id)
		*id = nid;
out:
	db_done(st);
	if (tx)
		db_rollback(ctx->db);
	free(w);
	lk_buf_free(&b);
	return rc;
}

/* ---- objections -------------------------------------------------------- */

int lk_notice_object(struct lk_ctx *ctx, int64_t id, const char *household_no,
		     const char *date_in, const char *objector,
		     const char *text, int64_t *objection_id)
{
	static const char find[] =
	    "SELECT p.id, p.finished_on FROM notice_item i JOIN procedure p "
	    "ON p.id = i.procedure_id JOIN household h ON h.id = "
	    "p.household_id WHERE i.notice_id = ? AND h.household_no = ?";
	static const char ins[] =
	    "INSERT INTO objection (notice_id, procedure_id, county_code, "
	    "received_on, objector, text, state, created_by, created_at) "
	    "VALUES (?,?,?,?,?,?,'open',?,?)";
	struct lk_buf b = LK_BUF_INIT(1u << 20);
	struct db_stmt *st = NULL;
	struct nrow n;
	int64_t pid = 0, oid, *ps = NULL;
	size_t np = 0, i;
	char date[11], now[LK_ISO_NOW_BUFSZ];
	int rc, tx = 0, first = 1;

	if (!text || !*text) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("an objection needs its text"));
		goto out;
	}
	if ((rc = lk__date_arg(ctx, date_in, date)))
		goto out;
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if ((rc = load_notice(ctx, id, &n)))
		goto out;
	if (strcmp(n.state, "posted") != 0) {
		rc = lk_err_set(&ctx->err, LK_ECONFLICT,
				_("notice %lld was closed on %s"),
				(long long)id, n.closed_on);
		goto out;
	}
	if (strcmp(date, n.start) < 0 || strcmp(date, n.end) > 0) {
		rc = lk_err_set(&ctx->err, LK_ECONFLICT,
				_("objections to notice %lld are received from "
				  "%s to the end of %s; %s is outside that "
				  "period"),
				(long long)id, n.start, n.end, date);
		goto out;
	}
	if (household_no) {
		if ((rc = db_prepare_static(ctx->db, find, &st, &ctx->err)))
			goto out;
		db_bind_int64(st, 1, id);
		db_bind_text(st, 2, household_no, -1);
		if ((rc = db_step(st, &ctx->err)) < 0)
			goto out;
		if (rc == DB_DONE) {
			rc = lk_err_set(&ctx->err, LK_ENOTFOUND,
					_("household %s is not on notice "
					  "%lld"),
					household_no, (long long)id);
			goto out;
		}
		pid = db_col_int64(st, 0);
		if (!db_col_is_null(st, 1)) {
			rc = lk_err_set(&ctx->err, LK_ECONFLICT,
					_("the procedure of household %s on "
					  "notice %lld has ended"),
					household_no, (long long)id);
			goto out;
		}
		db_done(st);
		st = NULL;
	}
	if ((rc = lk_lock_check(ctx, n.village, lk__year_of(date))))
		goto out;
	lk_now_iso(now);
	if ((rc = db_prepare_static(ctx->db, ins, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, id);
	if (pid)
		db_bind_int64(st, 2, pid);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, n.county, -1);
	db_bind_text(st, 4, date, -1);
	db_bind_text(st, 5, objector && *objector ? objector : NULL, -1);
	db_bind_text(st, 6, text, -1);
	db_bind_text(st, 7, ctx->user, -1);
	db_bind_text(st, 8, now, -1);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	oid = db_last_insert_id(ctx->db);
	db_done(st);
	st = NULL;
	if ((rc = procs_on(ctx, id, pid, &ps, &np)))
		goto out;
	for (i = 0; i < np; i++) {
		struct lk__proc p;
		struct lk__step s;
		if ((rc = lk__proc_load(ctx, ps[i], &p)))
			goto out;
		lk__step_init(&s);
		s.step = "objection";
		s.date = date;
		s.outcome = "received";
		s.notice_id = id;
		s.objection_id = oid;
		p.suspended = 1;
		if ((rc = lk__proc_record(ctx, &p, &s)))
			goto out;
	}
	if ((rc = lk_buf_addc(&b, '{')) ||
	    (rc = lk__jint(&b, &first, "objection", oid)) ||
	    (rc = lk__jstr(&b, &first, "household_no", household_no)) ||
	    (rc = lk__jstr(&b, &first, "received_on", date)) ||
	    (rc = lk__jstr(&b, &first, "objector", objector)) ||
	    (rc = lk__jstr(&b, &first, "text", text)) ||
	    (rc = lk_buf_addc(&b, '}')) ||
	    (rc = audit_json(ctx, "object", "notice", id, &b)) ||
	    (rc = db_commit(ctx->db, &ctx->err)))
		goto out;
	tx = 0;
	if (objection_id)
		*objection_id = oid;
out:
	db_done(st);
	if (tx)
		db_rollback(ctx->db);
	free(ps);
	lk_buf_free(&b);
	return rc;
}

/* Whether an objection other than oid concerning procedure pid is open. */
static int other_open(struct lk_ctx *ctx, int64_t pid, int64_t nid, int64_t oid,
		      int *yes)
{
	static const char q[] =
	    "SELECT count(*) FROM objection WHERE state = 'open' AND id <> "
	    "?3 AND (procedure_id = ?1 OR (procedure_id IS NULL AND "
	    "notice_id = ?2))";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_int64(st, 1, pid);
	db_bind_int64(st, 2, nid);
	db_bind_int64(st, 3, oid);
	rc = db_step(st, &ctx->err);
	if (rc == DB_ROW) {
		*yes = db_col_int64(st, 0) > 0;
		rc = 0;
	}
	db_done(st);
	return rc;
}

int lk_notice_resolve(struct lk_ctx *ctx, int64_t oid, int upheld,
		      const char *reasons, const char *date_in)
{
	static const char q[] =
	    "SELECT notice_id, procedure_id, received_on, state, "
	    "resolved_on FROM objection WHERE id = ?";
	static const char upd[] =
	    "UPDATE objection SET state = ?, resolved_on = ?, resolved_by = "
	    "?, reasons = ? WHERE id = ?";
	struct lk_buf b = LK_BUF_INIT(1u << 20);
	struct db_stmt *st = NULL;
	struct nrow n;
	int64_t nid, pid, *ps = NULL;
	size_t np = 0, i;
	char date[11], received[11];
	const char *state = upheld ? "upheld" : "dismissed";
	int rc, tx = 0, first = 1;

	if (!reasons || !*reasons) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("resolving an objection needs the reasons"));
		goto out;
	}
	if ((rc = lk__date_arg(ctx, date_in, date)))
		goto out;
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, oid);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_DONE) {
		rc = lk_err_set(&ctx->err, LK_ENOTFOUND, _("no objection %lld"),
				(long long)oid);
		goto out;
	}
	nid = db_col_int64(st, 0);
	pid = db_col_int64(st, 1);
	cpy(received, sizeof received, db_col_text(st, 2));
	if (strcmp(db_col_text(st, 3), "open") != 0) {
		rc = lk_err_set(&ctx->err, LK_ECONFLICT,
				_("objection %lld was already %s on %s"),
				(long long)oid, db_col_text(st, 3),
				db_col_text(st, 4));
		goto out;
	}
	db_done(st);
	st = NULL;
	if ((rc = load_notice(ctx, nid, &n))) {
		if (rc == LK_ENOTFOUND)
			lk_err_set(&ctx->err, LK_ENOTFOUND,
				   _("no objection %lld"), (long long)oid);
		goto out;
	}
	if (strcmp(date, received) < 0) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("%s is before objection %lld was received "
				  "(%s)"),
				date, (long long)oid, received);
		goto out;
	}
	if ((rc = lk_lock_check(ctx, n.village, lk__year_of(date))))
		goto out;
	if ((rc = db_prepare_static(ctx->db, upd, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, state, -1);
	db_bind_text(st, 2, date, -1);
	db_bind_text(st, 3, ctx->user, -1);
	db_bind_text(st, 4, reasons, -1);
	db_bind_int64(st, 5, oid);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	db_done(st);
	st = NULL;
	if ((rc = procs_on(ctx, nid, pid, &ps, &np)))
		goto out;
	for (i = 0; i < np; i++) {
		struct lk__proc p;
		struct lk__step s;
		int more = 0;
		if ((rc = lk__proc_load(ctx, ps[i], &p)))
			goto out;
		if (strcmp(date, p.last_date) < 0) {
			rc = lk_err_set(&ctx->err, LK_EINVAL,
					_("%s is before the previous step of "
					  "procedure %lld (%s)"),
					date, (long long)p.id, p.last_date);
			goto out;
		}
		lk__step_init(&s);
		s.step = "objection";
		s.date = date;
		s.outcome = state;
		s.notes = reasons;
		s.notice_id = nid;
		s.objection_id = oid;
		if (upheld) {
			lk__proc_end(&p, date, "rejected");
		} else {
			if ((rc = other_open(ctx, p.id, nid, oid, &more)))
				goto out;
			p.suspended = more;
		}
		if ((rc = lk__proc_record(ctx, &p, &s)))
			goto out;
	}
	if ((rc = lk_buf_addc(&b, '{')) ||
	    (rc = lk__jint(&b, &first, "notice", nid)) ||
	    (rc = lk__jstr(&b, &first, "state", state)) ||
	    (rc = lk__jstr(&b, &first, "resolved_on", date)) ||
	    (rc = lk__jstr(&b, &first, "reasons", reasons)) ||
	    (rc = lk_buf_addc(&b, '}')) ||
	    (rc = audit_json(ctx, "resolve", "objection", oid, &b)) ||
	    (rc = db_commit(ctx->db, &ctx->err)))
		goto out;
	tx = 0;
out:
	db_done(st);
	if (tx)
		db_rollback(ctx->db);
	free(ps);
	lk_buf_free(&b);
	return rc;
}

/* ---- close ------------------------------------------------------------- */

int lk_notice_close(struct lk_ctx *ctx, int64_t id, const char *date_in)
{
	static const char openq[] =
	    "SELECT count(*), min(id) FROM objection WHERE notice_id = ? "
	    "AND state = 'open'";
	static const char upd[] =
	    "UPDATE notice SET state = 'closed', closed_on = ? WHERE id = ?";
	struct lk_buf b = LK_BUF_INIT(1u << 20);
	struct db_stmt *st = NULL;
	struct nrow n;
	int64_t *ps = NULL;
	size_t np = 0, i, moved = 0;
	char date[11], from[11];
	int rc, tx = 0, first = 1;

	if ((rc = lk__date_arg(ctx, date_in, date)))
		goto out;
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if ((rc = load_notice(ctx, id, &n)))
		goto out;
	if (strcmp(n.state, "posted") != 0) {
		rc = lk_err_set(&ctx->err, LK_ECONFLICT,
				_("notice %lld was closed on %s"),
				(long long)id, n.closed_on);
		goto out;
	}
	if (strcmp(date, n.end) <= 0) {
		lk__date_add(n.end, 1, from);
		rc = lk_err_set(&ctx->err, LK_ECONFLICT,
				_("notice %lld runs until the end of %s (China "
				  "Standard Time): it can be closed from %s"),
				(long long)id, n.end, from);
		goto out;
	}
	if ((rc = db_prepare_static(ctx->db, openq, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, id);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (db_col_int64(st, 0) > 0) {
		rc = lk_err_set(&ctx->err, LK_ECONFLICT,
				_("notice %lld has %lld open objections "
				  "(objection %lld first): resolve them "
				  "first"),
				(long long)id, (long long)db_col_int64(st, 0),
				(long long)db_col_int64(st, 1));
		goto out;
	}
	db_done(st);
	st = NULL;
	if ((rc = lk_lock_check(ctx, n.village, lk__year_of(date))))
		goto out;
	if ((rc = procs_on(ctx, id, 0, &ps, &np)))
		goto out;
	for (i = 0; i < np; i++) {
		struct lk__proc p;
		struct lk__step s;
		if ((rc = lk__proc_load(ctx, ps[i], &p)))
			goto out;
		if (p.notice_id != id || strcmp(p.state, n.step) != 0)
			continue;
		/* no notes: the outcome says it, objections are steps */
		lk__step_init(&s);
		s.step = n.step;
		s.date = date;
		s.outcome = "passed";
		s.notice_id = id;
		lk__proc_advance(&p, date);
		if ((rc = lk__proc_record(ctx, &p, &s)))
			goto out;
		moved++;
	}
	if ((rc = db_prepare_static(ctx->db, upd, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, date, -1);
	db_bind_int64(st, 2, id);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	db_done(st);
	st = NULL;
	if ((rc = lk_buf_addc(&b, '{')) ||
	    (rc = lk__jstr(&b, &first, "closed_on", date)) ||
	    (rc = lk__jint(&b, &first, "procedures", (int64_t)moved)) ||
	    (rc = lk_buf_addc(&b, '}')) ||
	    (rc = audit_json(ctx, "close", "notice", id, &b)) ||
	    (rc = db_commit(ctx->db, &ctx->err)))
		goto out;
	tx = 0;
out:
	db_done(st);
	if (tx)
		db_rollback(ctx->db);
	free(ps);
	lk_buf_free(&b);
	return rc;
}

/* ---- reading ----------------------------------------------------------- */

#define NOTICE_COLS                                                            \
	"n.id, n.village_code, r.name, n.kind, n.step, n.days, n.start_date, " \
	"n.end_date, n.state, n.closed_on, n.contact, n.created_by, "          \
	"n.created_at, (SELECT count(*) FROM notice_item i WHERE "             \
	"i.notice_id = n.id), (SELECT count(*) FROM objection o WHERE "        \
	"o.notice_id = n.id AND o.state = 'open')"

static void read_notice(struct db_stmt *st, struct lk_notice *n)
{
	enum lk_proc_kind k = LK_PROC_IDENTIFICATION;

	memset(n, 0, sizeof *n);
	n->id = db_col_int64(st, 0);
	n->village_code = db_col_text(st, 1);
	n->village_name = db_col_text(st, 2);
	lk_proc_kind_parse(db_col_text(st, 3), &k);
	n->kind = k;
	n->step = db_col_text(st, 4);
	n->days = (int)db_col_int64(st, 5);
	n->start_date = db_col_text(st, 6);
	n->end_date = db_col_text(st, 7);
	n->state = db_col_text(st, 8);
	n->closed_on = db_col_text(st, 9);
	n->contact = db_col_text(st, 10);
	n->created_by = db_col_text(st, 11);
	n->created_at = db_col_text(st, 12);
	n->nitems = (size_t)db_col_int64(st, 13);
	n->open_objections = (int)db_col_int64(st, 14);
}

/* Name of region code (NULL when unknown), in a. */
static const char *region_name(struct lk_ctx *ctx, const char *code,
			       struct lk_arena *a)
{
	struct lk_region r;

	if (lk_region_get(ctx, code, &r) != 0) {
		lk_err_clear(&ctx->err);
		return NULL;
	}
	return lk_arena_strdup(a, r.name);
}

/* The printed reason of a procedure: its appraisal (and for monitoring
 * the category). */
static const char *item_reason(struct lk_ctx *ctx, int64_t pid,
			       const char *kind, const char *category,
			       struct lk_arena *a)
{
	static const char q[] =
	    "SELECT on_date, attending, members, votes_for FROM "
	    "procedure_step WHERE procedure_id = ? AND step = 'appraisal' "
	    "ORDER BY seq DESC LIMIT 1";
	struct lk_codes *codes = NULL;
	struct db_stmt *st = NULL;
	const char *why = NULL, *cat = NULL;

	if (category && strcmp(kind, "monitoring") == 0 &&
	    lk_codes_get(ctx, &codes) == 0)
		cat = lk_code_label(codes, "monitoring_category", category,
				    lk_i18n_get());
	if (db_prepare_static(ctx->db, q, &st, &ctx->err) == 0) {
		db_bind_int64(st, 1, pid);
		if (db_step(st, &ctx->err) == DB_ROW)
			why = lk_arena_printf(
			    a,
			    _("democratic appraisal on %s: %lld of %lld "
			      "representatives attending, %lld for"),
			    db_col_text(st, 0), (long long)db_col_int64(st, 1),
			    (long long)db_col_int64(st, 2),
			    (long long)db_col_int64(st, 3));
	}
	db_done(st);
	lk_err_clear(&ctx->err);
	if (cat && why)
		return lk_arena_printf(a, "%s; %s", cat, why);
	return cat ? cat : why;
}

int lk_notice_get(struct lk_ctx *ctx, int64_t id, struct lk_arena *a,
		  struct lk_notice *out)
{
	static const char q[] =
	    "SELECT " NOTICE_COLS " FROM notice n LEFT JOIN region r ON "
	    "r.code = n.village_code WHERE n.id = ?";
	static const char iq[] =
	    "SELECT p.id, h.household_no, h.head_name, h.group_name, "
	    "(SELECT count(*) FROM member m WHERE m.household_id = h.id AND "
	    "m.member_status = 'current'), p.state, p.kind, p.category "
	    "FROM notice_item i JOIN procedure p ON p.id = i.procedure_id "
	    "JOIN household h ON h.id = p.household_id WHERE i.notice_id = "
	    "? ORDER BY i.seq";
	static const char oq[] =
	    "SELECT " LK__OBJECTION_COLS " FROM objection o WHERE "
	    "o.notice_id = ? ORDER BY o.id";
	struct db_stmt *st = NULL;
	struct lk_notice n;
	size_t i = 0;
	int rc;
	char code[16];

	if ((rc = lk__row_by_id(ctx, q, id, 1, _("no notice %lld"), &st)))
		goto out;
	read_notice(st, &n);
	n.village_code = lk__adup(a, n.village_code);
	n.village_name = lk__adup(a, n.village_name);
	n.step = lk__adup(a, n.step);
	n.start_date = lk__adup(a, n.start_date);
	n.end_date = lk__adup(a, n.end_date);
	n.state = lk__adup(a, n.state);
	n.closed_on = lk__adup(a, n.closed_on);
	n.contact = lk__adup(a, n.contact);
	n.created_by = lk__adup(a, n.created_by);
	n.created_at = lk__adup(a, n.created_at);
	db_done(st);
	st = NULL;
	if (!n.village_code || !n.step || !n.start_date || !n.end_date) {
		rc = LK_ENOMEM;
		goto out;
	}
	snprintf(code, sizeof code, "%.9s", n.village_code);
	n.town_name = region_name(ctx, code, a);
	snprintf(code, sizeof code, "%.6s", n.village_code);
	n.county_name = region_name(ctx, code, a);
	n.items =
	    n.nitems ? lk_arena_calloc(a, n.nitems * sizeof *n.items) : NULL;
	if (n.nitems && !n.items) {
		rc = LK_ENOMEM;
		goto out;
	}
	if ((rc = db_prepare_static(ctx->db, iq, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, id);
	while (i < n.nitems && (rc = db_step(st, &ctx->err)) == DB_ROW) {
		struct lk_notice_item *it = &n.items[i++];
		it->procedure_id = db_col_int64(st, 0);
		it->household_no = lk__adup(a, db_col_text(st, 1));
		it->head_name = lk__adup(a, db_col_text(st, 2));
		it->group = lk__adup(a, db_col_text(st, 3));
		it->people = (int)db_col_int64(st, 4);
		it->proc_state = lk__adup(a, db_col_text(st, 5));
		it->reason =
		    item_reason(ctx, it->procedure_id, db_col_text(st, 6),
				db_col_text(st, 7), a);
	}
	if (rc < 0)
		goto out;
	db_done(st);
	st = NULL;
	n.nitems = i;
	if ((rc = db_prepare_static(ctx->db, oq, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, id);
	{
		size_t cap = 0;
		struct lk_proc_objection *v = NULL;
		while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
			struct lk_proc_objection *o;
			if (n.nobjections == cap) {
				size_t nc = cap ? cap * 2 : 4;
				struct lk_proc_objection *nv =
				    lk_arena_calloc(a, nc * sizeof *nv);
				if (!nv) {
					rc = LK_ENOMEM;
					goto out;
				}
				if (n.nobjections)
					memcpy(nv, v,
					       n.nobjections * sizeof *nv);
				v = nv;
				cap = nc;
			}
			o = &v[n.nobjections++];
			lk__objection_read(st, a, o);
		}
		if (rc < 0)
			goto out;
		n.objections = v;
	}
	*out = n;
	rc = 0;
out:
	db_done(st);
	return rc;
}

int lk_notice_list(struct lk_ctx *ctx, const struct lk_notice_filter *f,
		   int (*fn)(void *arg, const struct lk_notice *n), void *arg)
{
	static const char q[] =
	    "SELECT " NOTICE_COLS " FROM notice n LEFT JOIN region r ON "
	    "r.code = n.village_code WHERE n.village_code >= ?1 AND "
	    "n.village_code < ?2 AND (?3 = 0 OR n.state = 'posted') ORDER "
	    "BY n.id DESC LIMIT ?4";
	struct db_stmt *st = NULL;
	char lo[LK_REGION_CODE_MAX], hi[LK_REGION_CODE_MAX];
	struct lk_notice n;
	int rc;

	if ((rc = lk_scope_range(ctx, f->region, lo, hi)))
		return rc;
	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_text(st, 1, lo, -1);
	db_bind_text(st, 2, hi, -1);
	db_bind_int64(st, 3, f->open_only ? 1 : 0);
	db_bind_int64(st, 4, f->limit > 0 ? f->limit : -1);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		read_notice(st, &n);
		if ((rc = fn(arg, &n)))
			break;
	}
	db_done(st);
	return rc;
}

/* ---- printing ---------------------------------------------------------- */

const char *lk_notice_decision(enum lk_proc_kind kind)
{
	switch (kind) {
	case LK_PROC_IDENTIFICATION:
		return _("to be identified as a poor household");
	case LK_PROC_EXIT: return _("to exit poverty (marked lifted)");
	case LK_PROC_MONITORING:
		return _("to be monitored to prevent a return to poverty");
	case LK_PROC_ELIMINATION: return _("risk eliminated; monitoring ends");
	case LK_PROC_RETURN:
		return _("to be registered as returned to poverty");
	case LK_PROC_REMOVAL:
		return _("to be removed from the register as wrongly "
			 "registered");
	default: return "";
	}
}

/* Appends s escaped for Markdown table cells or HTML. */
static int esc(struct lk_buf *b, const char *s, int html)
{
	int rc = 0;

	for (; s && *s && !rc; s++) {
		if (html && *s == '&')
			rc = lk_buf_adds(b, "&amp;");
		else if (html && *s == '<')
			rc = lk_buf_adds(b, "&lt;");
		else if (html && *s == '>')
			rc = lk_buf_adds(b, "&gt;");
		else if (html && *s == '"')
			rc = lk_buf_adds(b, "&quot;");
		else if (!html && strchr("|\\*_`<>&[]", *s))
			rc = lk_buf_printf(b, "\\%c", *s);
		else if (*s == '\n' || *s == '\r')
			rc = lk_buf_addc(b, ' ');
		else
			rc = lk_buf_addc(b, *s);
	}
	return rc;
}

/* Appends fmt (already translated) with one string argument escaped. */
static int escf(struct lk_buf *b, int html, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int escf(struct lk_buf *b, int html, const char *fmt, ...)
{
	struct lk_buf t = LK_BUF_INIT(1u << 16);
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = lk_buf_vprintf(&t, fmt, ap);
	va_end(ap);
	if (!rc)
		rc = esc(b, lk_buf_str(&t), html);
	lk_buf_free(&t);
	return rc;
}

int lk_notice_print(struct lk_ctx *ctx, int64_t id, enum lk_notice_format f,
		    struct lk_buf *out)
{
	static const char css[] =
	    "body{font-family:sans-serif;max-width:60em;margin:2em auto;"
	    "line-height:1.5}table{border-collapse:collapse;width:100%}"
	    "th,td{border:1px solid #333;padding:.3em .5em;text-align:left}"
	    "h1{text-align:center}.period{font-weight:bold}"
	    "@media print{body{margin:0}}";
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_notice n;
	const struct lk_step_def *sd;
	char place[512];
	size_t i;
	int rc, html = f == LK_NOTICE_HTML;

	if ((rc = lk_notice_get(ctx, id, &a, &n)))
		goto out;
	sd = lk_proc_step_def(n.kind, n.step);
	snprintf(place, sizeof place, "%s%s%s%s%s",
		 n.county_name ? n.county_name : "", n.county_name ? " " : "",
		 n.town_name ? n.town_name : "", n.town_name ? " " : "",
		 n.village_name ? n.village_name : n.village_code);
	if (html) {
		if ((rc = lk_buf_printf(out,
					"<!DOCTYPE html>\n<html lang=\"%s\">\n"
					"<head>\n<meta charset=\"utf-8\">\n"
					"<title>",
					lk_i18n_get() == LK_LANG_ZH ? "zh-CN"
								    : "en")) ||
		    (rc = escf(out, 1, _("Public notice: %s"),
			       lk_proc_kind_text(n.kind))) ||
		    (rc = lk_buf_printf(out,
					"</title>\n<style>%s</style>\n"
					"</head>\n<body>\n<h1>",
					css)) ||
		    (rc = escf(out, 1, _("Public notice: %s"),
			       lk_proc_kind_text(n.kind))) ||
		    (rc = lk_buf_adds(out, "</h1>\n<h2>")) ||
		    (rc = escf(out, 1, "%s — %s", place,
			       sd ? _(sd->text) : n.step)) ||
		    (rc = lk_buf_adds(out, "</h2>\n<p class=\"period\">")) ||
		    (rc = escf(out, 1,
			       _("Notice %lld, %d days: from %s to the end of "
				 "%s (China Standard Time)."),
			       (long long)n.id, n.days, n.start_date,
			       n.end_date)) ||
		    (rc = lk_buf_adds(out, "</p>\n<table>\n<tr>")))
			goto out;
	} else {
		if ((rc = lk_buf_adds(out, "# ")) ||
		    (rc = escf(out, 0, _("Public notice: %s"),
			       lk_proc_kind_text(n.kind))) ||
		    (rc = lk_buf_adds(out, "\n\n## ")) ||
		    (rc = escf(out, 0, "%s — %s", place,
			       sd ? _(sd->text) : n.step)) ||
		    (rc = lk_buf_adds(out, "\n\n**")) ||
		    (rc = escf(out, 0,
			       _("Notice %lld, %d days: from %s to the end of "
				 "%s (China Standard Time)."),
			       (long long)n.id, n.days, n.start_date,
			       n.end_date)) ||
		    (rc = lk_buf_adds(out, "**\n\n|")))
			goto out;
	}
	{
		const char *heads[] = {_("No."),
				       _("Head of household"),
				       _("Villager group"),
				       _("People"),
				       _("Reason"),
				       _("Decision sought")};
		size_t k;
		for (k = 0; k < 6; k++) {
			if ((rc = lk_buf_adds(out, html ? "<th>" : " ")) ||
			    (rc = esc(out, heads[k], html)) ||
			    (rc = lk_buf_adds(out, html ? "</th>" : " |")))
				goto out;
		}
		if ((rc = lk_buf_adds(out,
				      html ? "</tr>\n"
					   : "\n|---|---|---|---|---|---|\n")))
			goto out;
	}
	for (i = 0; i < n.nitems; i++) {
		const struct lk_notice_item *it = &n.items[i];
		int ended = strcmp(it->proc_state, "rejected") == 0 ||
			    strcmp(it->proc_state, "cancelled") == 0;
		char num[24], ppl[16];
		const char *cells[6];
		size_t k;

		snprintf(num, sizeof num, "%zu", i + 1);
		snprintf(ppl, sizeof ppl, "%d", it->people);
		cells[0] = num;
		cells[1] = it->head_name;
		cells[2] = it->group ? it->group : "";
		cells[3] = ppl;
		cells[4] = it->reason ? it->reason : "";
		cells[5] = lk_notice_decision(n.kind);
		if ((rc = lk_buf_adds(out, html ? "<tr>" : "|")))
			goto out;
		for (k = 0; k < 6; k++) {
			if ((rc = lk_buf_adds(out, html ? "<td>" : " ")) ||
			    (rc = esc(out, cells[k], html)) ||
			    (k == 5 && ended &&
			     (rc = escf(out, html, " (%s)",
					_("withdrawn: objection upheld")))) ||
			    (rc = lk_buf_adds(out, html ? "</td>" : " |")))
				goto out;
		}
		if ((rc = lk_buf_adds(out, html ? "</tr>\n" : "\n")))
			goto out;
	}
	if ((rc = lk_buf_adds(out, html ? "</table>\n<h3>" : "\n### ")) ||
	    (rc = esc(out, _("How to object"), html)) ||
	    (rc = lk_buf_adds(out, html ? "</h3>\n<p>" : "\n\n")) ||
	    (rc = escf(out, html,
		       _("Anyone who disagrees with a decision sought above "
			 "may object from %s to the end of %s (China Standard "
			 "Time) to the village committee or the town "
			 "government, in person or in writing, with or "
			 "without giving their name.  Every objection is "
			 "recorded and answered with reasons; while it is "
			 "open, the procedure of the household concerned is "
			 "suspended."),
		       n.start_date, n.end_date)))
		goto out;
	if (n.contact &&
	    ((rc = lk_buf_adds(out, html ? "</p>\n<p>" : "\n\n")) ||
	     (rc = escf(out, html, _("Where to object: %s"), n.contact))))
		goto out;
	if ((rc = lk_buf_adds(out, html ? "</p>\n<p>" : "\n\n")) ||
	    (rc = escf(out, html, _("%s village committee, %s."),
		       n.village_name ? n.village_name : n.village_code,
		       n.start_date)) ||
	    (rc = lk_buf_adds(out, html ? "</p>\n</body>\n</html>\n" : "\n")))
		goto out;
out:
	lk_arena_free(&a);
	return rc;
}
