/* The procedure state machines (procedure.h). */
#include "procedure/procedure.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/json.h"
#include "core/num.h"
#include "policy/assess.h"
#include "policy/policy.h"
#include "procedure/lock.h"
#include "procedure/proc_int.h"
#include "registry/codes.h"
#include "registry/household.h"
#include "registry/region.h"
#include "registry/status.h"
#include "store/db.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- kinds and steps ---------------------------------------------- */

#define R LK_STEP_RECORD
#define D LK_STEP_DECISION
#define A LK_STEP_APPRAISAL
#define N LK_STEP_NOTICE

static const struct lk_step_def identification_steps[] = {
    {"application", N_("application by the household"), R},
    {"appraisal", N_("democratic appraisal"), A},
    {"notice1", N_("first public notice in the village"), N},
    {"town_review", N_("town review"), D},
    {"notice2", N_("second public notice"), N},
    {"county_approval", N_("county approval"), D},
    {"announcement", N_("announcement"), R},
    {"pairing", N_("helper cadre paired"), R},
    {"plan", N_("assistance plan"), R},
    {"entry", N_("entry in the system"), R},
};
static const struct lk_step_def exit_steps[] = {
    {"appraisal",
     N_("proposal and democratic appraisal by the village "
	"committees"),
     A},
    {"verification",
     N_("verification by the committees and the resident "
	"team"),
     D},
    {"consent", N_("the household agrees and signs"), D},
    {"notice", N_("public notice in the village"), N},
    {"announcement", N_("announcement and exit"), D},
};
static const struct lk_step_def monitoring_steps[] = {
    {"lead", N_("lead: household report, cadre visit or department data"), R},
    {"consent", N_("visit and written consent of the household"), D},
    {"appraisal", N_("democratic appraisal"), A},
    {"notice", N_("public notice in the village"), N},
    {"town_review", N_("town review"), D},
    {"county_decision", N_("county decision"), D},
};
static const struct lk_step_def elimination_steps[] = {
    {"check", N_("household check"), D},
    {"appraisal", N_("village appraisal"), A},
    {"notice", N_("public notice in the village"), N},
    {"town_review", N_("town review"), D},
    {"county_decision", N_("county decision"), D},
};
static const struct lk_step_def return_steps[] = {
    {"report", N_("report of the return to poverty"), R},
    {"appraisal", N_("democratic appraisal"), A},
    {"notice", N_("public notice in the village"), N},
    {"town_review", N_("town review"), D},
    {"county_approval", N_("county approval"), D},
};
static const struct lk_step_def removal_steps[] = {
    {"check",
     N_("verification that the household was wrongly "
	"registered"),
     D},
    {"appraisal", N_("democratic appraisal"), A},
    {"notice", N_("public notice in the village"), N},
    {"town_review", N_("town review"), D},
    {"county_approval", N_("county approval"), D},
};

#undef R
#undef D
#undef A
#undef N

static const struct {
	const char *id, *text;
	const struct lk_step_def *steps;
	size_t n;
} kinds[LK_PROC_KIND_N] = {
    {"identification", N_("identification as a poor household"),
     identification_steps, NELEM(identification_steps)},
    {"exit", N_("exit from poverty"), exit_steps, NELEM(exit_steps)},
    {"monitoring", N_("identification for monitoring"), monitoring_steps,
     NELEM(monitoring_steps)},
    {"elimination", N_("risk elimination"), elimination_steps,
     NELEM(elimination_steps)},
    {"return", N_("return to poverty"), return_steps, NELEM(return_steps)},
    {"removal", N_("removal of a wrongly registered household"), removal_steps,
     NELEM(removal_steps)},
};

const char *lk_proc_kind_id(enum lk_proc_kind k)
{
	return (unsigned)k < LK_PROC_KIND_N ? kinds[k].id : "";
}

const char *lk_proc_kind_text(enum lk_proc_kind k)
{
	return (unsigned)k < LK_PROC_KIND_N ? _(kinds[k].text) : "";
}

int lk_proc_kind_parse(const char *s, enum lk_proc_kind *out)
{
	int i;

	for (i = 0; s && i < LK_PROC_KIND_N; i++)
		if (strcmp(s, kinds[i].id) == 0) {
			*out = (enum lk_proc_kind)i;
			return 0;
		}
	return LK_EINVAL;
}

const struct lk_step_def *lk_proc_steps(enum lk_proc_kind k, size_t *n)
{
	assert((unsigned)k < LK_PROC_KIND_N);
	*n = kinds[k].n;
	return kinds[k].steps;
}

/* Index of step id in kind k, or -1. */
static int step_index(enum lk_proc_kind k, const char *id)
{
	size_t i;

	for (i = 0; id && i < kinds[k].n; i++)
		if (strcmp(kinds[k].steps[i].id, id) == 0)
			return (int)i;
	return -1;
}

const struct lk_step_def *lk_proc_step_def(enum lk_proc_kind k, const char *id)
{
	int i = (unsigned)k < LK_PROC_KIND_N ? step_index(k, id) : -1;

	return i < 0 ? NULL : &kinds[k].steps[i];
}

/* The step ids of kind k joined by ", " (for messages). */
static void step_list(enum lk_proc_kind k, char *out, size_t n)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < kinds[k].n && len < n; i++)
		len += (size_t)snprintf(out + len, n - len, "%s%s",
					i ? ", " : "", kinds[k].steps[i].id);
}

void lk_step_in_init(struct lk_step_in *in)
{
	memset(in, 0, sizeof *in);
	in->members = in->attending = in->votes_for = in->votes_against = -1;
}

void lk__step_init(struct lk__step *s)
{
	memset(s, 0, sizeof *s);
	s->members = s->attending = s->votes_for = s->votes_against = -1;
}

/* ---- small helpers -------------------------------------------------- */

int lk__year_of(const char *date)
{
	return atoi(date);
}

void lk__date_add(const char *date, int days, char out[11])
{
	struct lk_date d;

	if (lk_date_parse(date, &d)) {
		snprintf(out, 11, "%s", date);
		return;
	}
	lk_date_format(lk_date_add_days(d, days), out);
}

void lk__county_of(const char *village, char out[8])
{
	snprintf(out, 8, "%.6s", village);
}

int lk__date_arg(struct lk_ctx *ctx, const char *in, char out[11])
{
	struct lk_date d, t = lk_today();
	char today[11];

	lk_date_format(t, today);
	if (!in || !*in) {
		memcpy(out, today, 11);
		return 0;
	}
	if (lk_date_parse(in, &d))
		return lk_err_set(&ctx->err, LK_EINVAL,
				  _("%s is not a date (YYYY-MM-DD)"), in);
	if (lk_date_cmp(d, t) > 0)
		return lk_err_set(&ctx->err, LK_EINVAL,
				  _("%s is after today (%s): lika records "
				    "what has happened"),
				  in, today);
	lk_date_format(d, out);
	return 0;
}

int lk__policy_pos(struct lk_ctx *ctx, const char *kind, const char *village,
		   int year, int64_t *out)
{
	int64_t v;
	int rc;

	if ((rc = lk_policy_int(ctx, kind, village, year, &v)))
		return rc;
	if (v <= 0)
		return lk_err_set(&ctx->err, LK_EINVAL,
				  _("policy %s for %s in %d is %lld, not a "
				    "positive number"),
				  kind, village, year, (long long)v);
	*out = v;
	return 0;
}

int lk__jstr(struct lk_buf *b, int *first, const char *key, const char *v)
{
	int rc;

	if ((rc = lk_buf_printf(b, "%s\"%s\":", *first ? "" : ",", key)))
		return rc;
	*first = 0;
	return lk_json_str(b, v);
}

int lk__jint(struct lk_buf *b, int *first, const char *key, int64_t v)
{
	int rc = lk_buf_printf(b, "%s\"%s\":%lld", *first ? "" : ",", key,
			       (long long)v);

	*first = 0;
	return rc;
}

char *lk__adup(struct lk_arena *a, const char *s)
{
	return s ? lk_arena_strdup(a, s) : NULL;
}

int lk__row_by_id(struct lk_ctx *ctx, const char *q, int64_t id, int scope_col,
		  const char *missing, struct db_stmt **out)
{
	struct db_stmt *st = NULL;
	int rc;

	*out = NULL;
	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_int64(st, 1, id);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_DONE ||
	    lk_scope_check(ctx, db_col_text(st, scope_col)) != 0) {
		rc =
		    lk_err_set(&ctx->err, LK_ENOTFOUND, missing, (long long)id);
		goto out;
	}
	*out = st;
	st = NULL;
	rc = 0;
out:
	db_done(st);
	return rc;
}

/* Copies s (NULL -> "") into a fixed buffer. */
static void cpy(char *dst, size_t n, const char *s)
{
	snprintf(dst, n, "%s", s ? s : "");
}

/* ---- procedure rows ------------------------------------------------- */

#define PROC_COLS                                                              \
	"p.id, p.household_id, h.household_no, p.village_code, p.kind, "       \
	"p.year, p.state, p.outcome, p.started_on, p.finished_on, "            \
	"p.category, p.risk_types, p.suspended, p.record_only, p.notice_id, "  \
	"(SELECT max(s.on_date) FROM procedure_step s WHERE "                  \
	"s.procedure_id = p.id), (SELECT count(*) FROM procedure_step s "      \
	"WHERE s.procedure_id = p.id)"

int lk__proc_load(struct lk_ctx *ctx, int64_t id, struct lk__proc *p)
{
	static const char q[] = "SELECT " PROC_COLS " FROM procedure p JOIN "
				"household h ON h.id = p.household_id "
				"WHERE p.id = ?";
	struct db_stmt *st = NULL;
	enum lk_proc_kind k;
	int rc;

	if ((rc = lk__row_by_id(ctx, q, id, 3, _("no procedure %lld"), &st)))
		goto out;
	if (lk_proc_kind_parse(db_col_text(st, 4), &k)) {
		rc = lk_err_set(&ctx->err, LK_ECORRUPT,
				_("procedure %lld has an unknown kind %s"),
				(long long)id, db_col_text(st, 4));
		goto out;
	}
	memset(p, 0, sizeof *p);
	p->id = db_col_int64(st, 0);
	p->household_id = db_col_int64(st, 1);
	cpy(p->no, sizeof p->no, db_col_text(st, 2));
	cpy(p->village, sizeof p->village, db_col_text(st, 3));
	lk__county_of(p->village, p->county);
	p->kind = k;
	p->year = (int)db_col_int64(st, 5);
	cpy(p->state, sizeof p->state, db_col_text(st, 6));
	cpy(p->outcome, sizeof p->outcome, db_col_text(st, 7));
	cpy(p->started_on, sizeof p->started_on, db_col_text(st, 8));
	cpy(p->finished_on, sizeof p->finished_on, db_col_text(st, 9));
	p->finished = !db_col_is_null(st, 9);
	cpy(p->category, sizeof p->category, db_col_text(st, 10));
	cpy(p->risk_types, sizeof p->risk_types, db_col_text(st, 11));
	p->suspended = (int)db_col_int64(st, 12);
	p->record_only = (int)db_col_int64(st, 13);
	p->notice_id = db_col_int64(st, 14);
	cpy(p->last_date, sizeof p->last_date,
	    db_col_is_null(st, 15) ? p->started_on : db_col_text(st, 15));
	p->nsteps = (int)db_col_int64(st, 16);
	rc = 0;
out:
	db_done(st);
	return rc;
}

void lk__proc_advance(struct lk__proc *p, const char *date)
{
	int i = step_index(p->kind, p->state);

	assert(i >= 0);
	p->notice_id = 0;
	if ((size_t)i + 1 < kinds[p->kind].n) {
		cpy(p->state, sizeof p->state, kinds[p->kind].steps[i + 1].id);
		return;
	}
	cpy(p->state, sizeof p->state, "done");
	cpy(p->outcome, sizeof p->outcome, "approved");
	cpy(p->finished_on, sizeof p->finished_on, date);
	p->finished = 1;
}

void lk__proc_end(struct lk__proc *p, const char *date, const char *outcome)
{
	cpy(p->state, sizeof p->state, outcome);
	cpy(p->outcome, sizeof p->outcome, outcome);
	cpy(p->finished_on, sizeof p->finished_on, date);
	p->finished = 1;
	p->notice_id = 0;
	p->suspended = 0;
}

static int bind_count(struct db_stmt *st, int idx, int v)
{
	return v < 0 ? db_bind_null(st, idx) : db_bind_int64(st, idx, v);
}

int lk__proc_record(struct lk_ctx *ctx, struct lk__proc *p,
		    const struct lk__step *s)
{
	static const char ins[] =
	    "INSERT INTO procedure_step (procedure_id, county_code, seq, "
	    "step, on_date, actor, outcome, notes, members, attending, "
	    "votes_for, votes_against, notice_id, objection_id, "
	    "assessment, override_reason, recorded_by, recorded_at) "
	    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
	static const char upd[] =
	    "UPDATE procedure SET state = ?, outcome = ?, finished_on = ?, "
	    "notice_id = ?, suspended = ?, updated_at = ? WHERE id = ?";
	struct lk_buf b = LK_BUF_INIT(1u << 20);
	struct db_stmt *st = NULL;
	char now[LK_ISO_NOW_BUFSZ], key[24];
	int rc, first = 1;

	assert(db_tx_depth(ctx->db) > 0);
	lk_now_iso(now);
	if ((rc = db_prepare_static(ctx->db, ins, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, p->id);
	db_bind_text(st, 2, p->county, -1);
	db_bind_int64(st, 3, p->nsteps + 1);
	db_bind_text(st, 4, s->step, -1);
	db_bind_text(st, 5, s->date, -1);
	db_bind_text(st, 6, s->actor ? s->actor : ctx->user, -1);
	db_bind_text(st, 7, s->outcome, -1);
	db_bind_text(st, 8, s->notes, -1);
	bind_count(st, 9, s->members);
	bind_count(st, 10, s->attending);
	bind_count(st, 11, s->votes_for);
	bind_count(st, 12, s->votes_against);
	if (s->notice_id)
		db_bind_int64(st, 13, s->notice_id);
	else
		db_bind_null(st, 13);
	if (s->objection_id)
		db_bind_int64(st, 14, s->objection_id);
	else
		db_bind_null(st, 14);
	db_bind_text(st, 15, s->assessment, -1);
	db_bind_text(st, 16, s->override_reason, -1);
	db_bind_text(st, 17, ctx->user, -1);
	db_bind_text(st, 18, now, -1);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	db_done(st);
	st = NULL;
	p->nsteps++;
	if (strcmp(s->date, p->last_date) > 0)
		cpy(p->last_date, sizeof p->last_date, s->date);
	if ((rc = db_prepare_static(ctx->db, upd, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, p->state, -1);
	db_bind_text(st, 2, p->outcome[0] ? p->outcome : NULL, -1);
	db_bind_text(st, 3, p->finished ? p->finished_on : NULL, -1);
	if (p->notice_id)
		db_bind_int64(st, 4, p->notice_id);
	else
		db_bind_null(st, 4);
	db_bind_int64(st, 5, p->suspended);
	db_bind_text(st, 6, now, -1);
	db_bind_int64(st, 7, p->id);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	db_done(st);
	st = NULL;
	if ((rc = lk_buf_addc(&b, '{')) ||
	    (rc = lk__jint(&b, &first, "seq", p->nsteps)) ||
	    (rc = lk__jstr(&b, &first, "household_no", p->no)) ||
	    (rc = lk__jstr(&b, &first, "step", s->step)) ||
	    (rc = lk__jstr(&b, &first, "date", s->date)) ||
	    (rc = lk__jstr(&b, &first, "actor",
			   s->actor ? s->actor : ctx->user)) ||
	    (rc = lk__jstr(&b, &first, "outcome", s->outcome)) ||
	    (s->notes && (rc = lk__jstr(&b, &first, "notes", s->notes))) ||
	    (s->members >= 0 &&
	     ((rc = lk__jint(&b, &first, "members", s->members)) ||
	      (rc = lk__jint(&b, &first, "attending", s->attending)) ||
	      (rc = lk__jint(&b, &first, "votes_for", s->votes_for)) ||
	      (rc =
		   lk__jint(&b, &first, "votes_against", s->votes_against)))) ||
	    (s->notice_id &&
	     (rc = lk__jint(&b, &first, "notice", s->notice_id))) ||
	    (s->objection_id &&
	     (rc = lk__jint(&b, &first, "objection", s->objection_id))) ||
	    (s->assessment &&
	     (rc = lk__jstr(&b, &first, "assessment", s->assessment))) ||
	    (s->override_reason && (rc = lk__jstr(&b, &first, "override_reason",
						  s->override_reason))) ||
	    (rc = lk__jstr(&b, &first, "state", p->state)) ||
	    (rc = lk__jint(&b, &first, "suspended", p->suspended)) ||
	    (rc = lk_buf_addc(&b, '}')))
		goto out;
	snprintf(key, sizeof key, "%lld", (long long)p->id);
	rc = lk_audit(ctx, "step", "procedure", key, NULL, lk_buf_str(&b));
out:
	db_done(st);
	lk_buf_free(&b);
	return rc;
}

/* ---- status of the household -------------------------------------- */

/* Whether the household's status / monitoring on date allows kind k to
 * start or finish; LK_ECONFLICT with a message otherwise.  category is
 * the monitoring category of a monitoring procedure. */
static int check_status(struct lk_ctx *ctx, int64_t hid, const char *no,
			enum lk_proc_kind k, const char *category,
			const char *date)
{
	struct lk_codes *codes = NULL;
	struct lk_monitoring m;
	char st[LK_STATUS_CODE_MAX], since[11];
	const char *need = NULL;
	int rc, ok = 0;

	if ((rc = lk_status_on(ctx, hid, date, st, since)) ||
	    (rc = lk_monitoring_on(ctx, hid, date, &m)) ||
	    (rc = lk_codes_get(ctx, &codes)))
		return rc;
	switch (k) {
	case LK_PROC_IDENTIFICATION:
		ok = strcmp(st, "ordinary") == 0;
		need = _("an ordinary household");
		break;
	case LK_PROC_EXIT:
		ok = strcmp(st, "poor") == 0 || strcmp(st, "returned") == 0;
		need = _("a poor or returned household");
		break;
	case LK_PROC_RETURN:
		ok = strcmp(st, "lifted") == 0;
		need = _("a lifted household");
		break;
	case LK_PROC_REMOVAL:
		ok = strcmp(st, "poor") == 0 || strcmp(st, "returned") == 0 ||
		     strcmp(st, "lifted") == 0;
		need = _("a registered (poor, returned or lifted) household");
		break;
	case LK_PROC_MONITORING:
		if (m.monitored)
			return lk_err_set(
			    &ctx->err, LK_ECONFLICT,
			    _("household %s is already "
			      "monitored (%s, since %s)"),
			    no,
			    lk_code_label(codes, "monitoring_category",
					  m.category, lk_i18n_get()),
			    m.since);
		if (category && strcmp(category, "unstable") == 0) {
			ok = strcmp(st, "lifted") == 0;
			need = _("a lifted household (category unstable)");
		} else if (category && strcmp(category, "marginal") == 0) {
			ok = strcmp(st, "ordinary") == 0;
			need = _("an ordinary household (category "
				 "marginal)");
		} else {
			ok = strcmp(st, "lifted") == 0 ||
			     strcmp(st, "ordinary") == 0;
			need = _("a lifted or ordinary household");
		}
		break;
	case LK_PROC_ELIMINATION:
		if (!m.monitored)
			return lk_err_set(&ctx->err, LK_ECONFLICT,
					  _("household %s is not monitored on "
					    "%s: there is no risk to "
					    "eliminate"),
					  no, date);
		return 0;
	default: return LK_EINTERNAL;
	}
	if (ok)
		return 0;
	return lk_err_set(&ctx->err, LK_ECONFLICT,
			  _("%s is for %s; household %s is %s on %s"),
			  lk_proc_kind_text(k), need, no,
			  lk_code_label(codes, "hh_status", st, lk_i18n_get()),
			  date);
}

/* LK_ECONFLICT when the household has a status event of one of the
 * event kinds a procedure of kind k writes dated after date. */
static int check_later(struct lk_ctx *ctx, int64_t hid, const char *no,
		       enum lk_proc_kind k, const char *date)
{
	static const char q[] =
	    "SELECT on_date, kind, source FROM status_event WHERE "
	    "household_id = ?1 AND on_date > ?2 AND (kind = ?3 OR "
	    "kind = ?4) ORDER BY on_date DESC, id DESC LIMIT 1";
	struct db_stmt *st = NULL;
	int mon = k == LK_PROC_MONITORING || k == LK_PROC_ELIMINATION;
	int rc;

	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_int64(st, 1, hid);
	db_bind_text(st, 2, date, -1);
	db_bind_text(st, 3, mon ? "monitoring" : "status", -1);
	db_bind_text(st, 4, mon ? "risk_eliminated" : "status", -1);
	rc = db_step(st, &ctx->err);
	if (rc == DB_ROW)
		rc = lk_err_set(&ctx->err, LK_ECONFLICT,
				_("household %s has a later change (%s on %s, "
				  "%s): a change dated %s would rewrite its "
				  "history"),
				no, db_col_text(st, 1), db_col_text(st, 0),
				db_col_text(st, 2), date);
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* ---- writing the change ---------------------------------------------- */

struct field_kv {
	const char *key, *value;
};

/* Saved status events derived from the status fields (household.c
 * rewrites them when the fields change). */
struct saved_ev {
	int64_t id, ref;
	char *county, *date, *kind, *value, *source, *note;
	int has_ref;
};

/*
 * Writes the household's status fields through the registry service,
 * which audits the change.  lk_household_put() also rewrites the status
 * events it derives from the fields (sources imported / entered), which
 * would duplicate the procedure's own event: those rows are saved before
 * and put back as they were (same ids) after, in the same transaction.
 * (household.c could skip that derivation for a flag such as
 * LK_PUT_PROCEDURE; then this save and restore becomes a no-op.)
 */
static int put_fields(struct lk_ctx *ctx, const char *no, int64_t hid,
		      const struct field_kv *kv, size_t n)
{
	static const char sel[] =
	    "SELECT id, county_code, on_date, kind, value, source, ref, "
	    "note FROM status_event WHERE household_id = ? AND source IN "
	    "('imported', 'entered') ORDER BY id";
	static const char del[] =
	    "DELETE FROM status_event WHERE household_id = ? AND source IN "
	    "('imported', 'entered')";
	static const char ins[] =
	    "INSERT INTO status_event (id, household_id, county_code, "
	    "on_date, kind, value, source, ref, note) VALUES "
	    "(?,?,?,?,?,?,?,?,?)";
	struct lk_arena a = LK_ARENA_INIT(0);
	struct db_stmt *st = NULL;
	struct saved_ev *ev = NULL;
	struct lk_rec r, old;
	size_t i, nev = 0, cap = 0;
	int rc, what;

	if ((rc = lk_household_get(ctx, no, &a, &r, NULL)))
		goto out;
	old = r;
	for (i = 0; i < n; i++)
		if ((rc = lk_rec_set(&r, &a, kv[i].key, kv[i].value)))
			goto out;
	/* the fields' own dates (identified_year, lifted_year ...) must not
	 * alter a locked year either */
	if ((rc = lk_lock_check_household(ctx, &old, &r)))
		goto out;
	if ((rc = db_prepare_static(ctx->db, sel, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, hid);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		struct saved_ev *e;
		if (nev == cap) {
			size_t nc = cap ? cap * 2 : 8;
			struct saved_ev *ne =
			    lk_arena_alloc(&a, nc * sizeof *ne);
			if (!ne) {
				rc = LK_ENOMEM;
				goto out;
			}
			if (nev)
				memcpy(ne, ev, nev * sizeof *ne);
			ev = ne;
			cap = nc;
		}
		e = &ev[nev++];
		e->id = db_col_int64(st, 0);
		e->county = lk_arena_strdup(&a, db_col_text(st, 1));
		e->date = lk_arena_strdup(&a, db_col_text(st, 2));
		e->kind = lk_arena_strdup(&a, db_col_text(st, 3));
		e->value = db_col_text(st, 4) ? lk__adup(&a, db_col_text(st, 4))
					      : NULL;
		e->source = lk_arena_strdup(&a, db_col_text(st, 5));
		e->has_ref = !db_col_is_null(st, 6);
		e->ref = db_col_int64(st, 6);
		e->note = db_col_text(st, 7)
			      ? lk_arena_strdup(&a, db_col_text(st, 7))
			      : NULL;
		if (!e->county || !e->date || !e->kind || !e->source) {
			rc = LK_ENOMEM;
			goto out;
		}
	}
	if (rc < 0)
		goto out;
	db_done(st);
	st = NULL;
	if ((rc = lk_household_put(ctx, &r, LK_PUT_UPDATE, 0, NULL, &what)))
		goto out;
	if (what == LK_PUT_UNCHANGED) {
		rc = 0;
		goto out;
	}
	if ((rc = db_prepare_static(ctx->db, del, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, hid);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	db_done(st);
	st = NULL;
	for (i = 0; i < nev; i++) {
		if ((rc = db_prepare_static(ctx->db, ins, &st, &ctx->err)))
			goto out;
		db_bind_int64(st, 1, ev[i].id);
		db_bind_int64(st, 2, hid);
		db_bind_text(st, 3, ev[i].county, -1);
		db_bind_text(st, 4, ev[i].date, -1);
		db_bind_text(st, 5, ev[i].kind, -1);
		db_bind_text(st, 6, ev[i].value, -1);
		db_bind_text(st, 7, ev[i].source, -1);
		if (ev[i].has_ref)
			db_bind_int64(st, 8, ev[i].ref);
		else
			db_bind_null(st, 8);
		db_bind_text(st, 9, ev[i].note, -1);
		if ((rc = db_step(st, &ctx->err)) < 0)
			goto out;
		db_done(st);
		st = NULL;
	}
	rc = 0;
out:
	db_done(st);
	lk_arena_free(&a);
	return rc;
}

static int add_event(struct lk_ctx *ctx, int64_t hid, const char *county,
		     const char *date, const char *kind, const char *value,
		     const char *source, int64_t ref, const char *note)
{
	static const char q[] =
	    "INSERT INTO status_event (household_id, county_code, on_date, "
	    "kind, value, source, ref, note) VALUES (?,?,?,?,?,?,?,?)";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_int64(st, 1, hid);
	db_bind_text(st, 2, county, -1);
	db_bind_text(st, 3, date, -1);
	db_bind_text(st, 4, kind, -1);
	db_bind_text(st, 5, value, -1);
	db_bind_text(st, 6, source, -1);
	if (ref)
		db_bind_int64(st, 7, ref);
	else
		db_bind_null(st, 7);
	db_bind_text(st, 8, note, -1);
	rc = db_step(st, &ctx->err);
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* The change a finished procedure of kind k makes: the event and the
 * household fields. */
static int apply(struct lk_ctx *ctx, const struct lk__proc *p, const char *date)
{
	struct field_kv kv[6];
	char year[8], note[64];
	const char *ekind = "status", *value = NULL;
	size_t n = 0;
	int rc;

	snprintf(year, sizeof year, "%d", p->year);
	switch (p->kind) {
	case LK_PROC_IDENTIFICATION:
		value = "poor";
		kv[n++] = (struct field_kv){"status", "poor"};
		kv[n++] = (struct field_kv){"identified_year", year};
		break;
	case LK_PROC_EXIT:
		value = "lifted";
		kv[n++] = (struct field_kv){"status", "lifted"};
		kv[n++] = (struct field_kv){"lifted_year", year};
		break;
	case LK_PROC_RETURN:
		value = "returned";
		kv[n++] = (struct field_kv){"status", "returned"};
		break;
	case LK_PROC_REMOVAL:
		value = "removed";
		kv[n++] = (struct field_kv){"status", "removed"};
		break;
	case LK_PROC_MONITORING:
		ekind = "monitoring";
		value = p->category;
		kv[n++] = (struct field_kv){"monitoring_category", p->category};
		kv[n++] = (struct field_kv){"monitoring_since", date};
		kv[n++] = (struct field_kv){
		    "risk_types", p->risk_types[0] ? p->risk_types : NULL};
		kv[n++] = (struct field_kv){"risk_eliminated", "0"};
		kv[n++] = (struct field_kv){"risk_eliminated_on", NULL};
		break;
	case LK_PROC_ELIMINATION:
		ekind = "risk_eliminated";
		value = p->category[0] ? p->category : NULL;
		kv[n++] = (struct field_kv){"risk_eliminated", "1"};
		kv[n++] = (struct field_kv){"risk_eliminated_on", date};
		break;
	default: return LK_EINTERNAL;
	}
	if ((rc = lk_lock_check_from(ctx, p->village, date)))
		return rc;
	snprintf(note, sizeof note, "%s %d", kinds[p->kind].id, p->year);
	if ((rc = add_event(ctx, p->household_id, p->county, date, ekind, value,
			    "procedure", p->id, note)))
		return rc;
	if (p->record_only)
		return 0;
	return put_fields(ctx, p->no, p->household_id, kv, n);
}

/* ---- appraisal quorum ------------------------------------------------ */

/* Parses a ratio "a/b", "0.667" or "66.7%" into num/den (den > 0). */
static int parse_ratio(const char *s, int64_t *num, int64_t *den)
{
	const char *slash = strchr(s, '/');
	size_t n = strlen(s);
	char tmp[64];
	int64_t v;

	if (slash) {
		if ((size_t)(slash - s) >= sizeof tmp)
			return LK_EINVAL;
		memcpy(tmp, s, (size_t)(slash - s));
		tmp[slash - s] = '\0';
		if (lk_parse_int64(tmp, 0, 1000000, num) ||
		    lk_parse_int64(slash + 1, 1, 1000000, den) || *num > *den)
			return LK_EINVAL;
		return 0;
	}
	if (n == 0 || n >= sizeof tmp)
		return LK_EINVAL;
	memcpy(tmp, s, n + 1);
	*den = 1000000;
	if (tmp[n - 1] == '%') {
		tmp[n - 1] = '\0';
		*den = 100000000;
	}
	if (lk_parse_decimal(tmp, 6, 0, *den, &v))
		return LK_EINVAL;
	*num = v;
	return 0;
}

static int check_appraisal(struct lk_ctx *ctx, const struct lk__proc *p,
			   const struct lk_step_in *in, const char *date,
			   const char **outcome)
{
	char q[LK_POLICY_VALUE_MAX];
	const char *derived;
	int64_t num, den;
	int rc;

	if (in->members < 0 || in->attending < 0 || in->votes_for < 0 ||
	    in->votes_against < 0)
		return lk_err_set(&ctx->err, LK_EINVAL,
				  _("the appraisal needs the number of "
				    "representatives, those attending and the "
				    "votes for and against"));
	if (in->members == 0 || in->attending > in->members)
		return lk_err_set(&ctx->err, LK_EINVAL,
				  _("%d attending of %d representatives is "
				    "not possible"),
				  in->attending, in->members);
	if (in->votes_for + in->votes_against > in->attending)
		return lk_err_set(&ctx->err, LK_EINVAL,
				  _("%d votes for and %d against exceed the "
				    "%d attending"),
				  in->votes_for, in->votes_against,
				  in->attending);
	if ((rc = lk_policy_get(ctx, "appraisal_quorum", p->village,
				lk__year_of(date), q)))
		return rc;
	if (parse_ratio(q, &num, &den))
		return lk_err_set(&ctx->err, LK_EINVAL,
				  _("policy appraisal_quorum is %s, not a "
				    "ratio"),
				  q);
	if ((int64_t)in->attending * den < (int64_t)in->members * num)
		return lk_err_set(&ctx->err, LK_ECONFLICT,
				  _("no quorum: %d of %d representatives "
				    "attended, fewer than %s (policy "
				    "appraisal_quorum); the appraisal cannot "
				    "decide"),
				  in->attending, in->members, q);
	derived = 2 * in->votes_for > in->attending ? "approved" : "rejected";
	if (*outcome && strcmp(*outcome, derived) != 0)
		return lk_err_set(&ctx->err, LK_EINVAL,
				  _("%d votes for of %d attending give "
				    "\"%s\", not \"%s\""),
				  in->votes_for, in->attending, derived,
				  *outcome);
	*outcome = derived;
	return 0;
}

/* ---- exit and elimination checks ------------------------------------- */

struct verdict {
	enum lk_verdict v;
	int found;
	struct lk_buf *why;
};

static int on_assessed(void *arg, const struct lk_assess_hh *h)
{
	struct verdict *r = arg;
	size_t i;
	int rc;

	r->v = h->verdict;
	r->found = 1;
	for (i = 0; i < h->nreasons; i++)
		if ((rc = lk_buf_printf(r->why, "%s%s",
					lk_buf_str(r->why)[0] ? "; " : "",
					h->reasons[i].text)))
			return rc;
	return 0;
}

/* The exit assessment of household hid for year: verdict id into *id
 * and its reasons into why. */
int lk__exit_verdict(struct lk_ctx *ctx, int64_t hid, int year, const char **id,
		     struct lk_buf *why)
{
	struct lk_assess_opts o;
	struct verdict r = {LK_VERDICT_UNKNOWN, 0, why};
	int rc;

	memset(&o, 0, sizeof o);
	o.year = year;
	o.household = hid;
	if ((rc = lk_assess(ctx, &o, on_assessed, &r, NULL)))
		return rc;
	*id = lk_verdict_id(r.found ? r.v : LK_VERDICT_UNKNOWN);
	return 0;
}

/* 1 if some current member can work (ordinary, skilled or weak). */
static int can_work(struct lk_ctx *ctx, int64_t hid, int *yes)
{
	static const char q[] =
	    "SELECT count(*) FROM member WHERE household_id = ? AND "
	    "member_status = 'current' AND labour IN ('ordinary', "
	    "'skilled', 'weak')";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_int64(st, 1, hid);
	rc = db_step(st, &ctx->err);
	if (rc == DB_ROW) {
		*yes = db_col_int64(st, 0) > 0;
		rc = 0;
	}
	db_done(st);
	return rc;
}

/* date d + months (the same day, or the month's last day). */
static void add_months(const char *d, int months, char out[11])
{
	struct lk_date x;
	int m, dim;

	if (lk_date_parse(d, &x)) {
		snprintf(out, 11, "%s", d);
		return;
	}
	m = x.m - 1 + months;
	x.y += m / 12;
	x.m = m % 12 + 1;
	dim = lk_date_month_days(x.y, x.m);
	if (x.d > dim)
		x.d = dim;
	lk_date_format(x, out);
}

/* The checks of the last step of an exit or an elimination, approved on
 * date; may set *assessment (a verdict id) and require the override. */
static int check_final(struct lk_ctx *ctx, const struct lk__proc *p,
		       const char *date, const char *override,
		       const char **assessment)
{
	struct lk_buf why = LK_BUF_INIT(1u << 16);
	struct lk_monitoring m;
	int rc = 0, yes = 0;

	if (p->kind == LK_PROC_EXIT) {
		if ((rc = lk__exit_verdict(ctx, p->household_id, p->year,
					   assessment, &why)))
			goto out;
		if (strcmp(*assessment, "meets") != 0 &&
		    (!override || !*override))
			rc = lk_err_set(
			    &ctx->err, LK_ECONFLICT,
			    _("household %s does not meet the exit "
			      "criteria for %d (assessment: %s%s%s); "
			      "approving the exit needs an override "
			      "reason"),
			    p->no, p->year,
			    lk_verdict_text(strcmp(*assessment, "fails") == 0
						? LK_VERDICT_FAILS
						: LK_VERDICT_UNKNOWN),
			    lk_buf_str(&why)[0] ? ": " : "", lk_buf_str(&why));
	} else if (p->kind == LK_PROC_ELIMINATION) {
		int64_t months;
		char due[11];
		if ((rc = can_work(ctx, p->household_id, &yes)))
			goto out;
		if (!yes) {
			rc =
			    lk_err_set(&ctx->err, LK_ECONFLICT,
				       _("household %s has no member able to "
					 "work: it stays under social-security "
					 "cover and its risk is not marked "
					 "eliminated"),
				       p->no);
			goto out;
		}
		if ((rc = lk_monitoring_on(ctx, p->household_id, date, &m)) ||
		    (rc = lk__policy_pos(ctx, "elimination_min_months",
					 p->village, lk__year_of(date),
					 &months)))
			goto out;
		add_months(m.since, (int)months, due);
		if (strcmp(date, due) < 0 && (!override || !*override))
			rc = lk_err_set(
			    &ctx->err, LK_ECONFLICT,
			    _("household %s is monitored since %s, "
			      "less than %lld months (policy "
			      "elimination_min_months) before %s: "
			      "eliminating the risk before %s needs "
			      "an override reason"),
			    p->no, m.since, (long long)months, date, due);
	}
out:
	lk_buf_free(&why);
	return rc;
}

/* ---- start ----------------------------------------------------------- */

/* Canonical codes of a list of labels or codes separated by ',' or ';'
 * (joined by ';') into out. */
static int risk_codes(struct lk_ctx *ctx, const char *in, char *out, size_t n)
{
	struct lk_codes *codes = NULL;
	size_t len = 0;
	int rc;

	out[0] = '\0';
	if ((rc = lk_codes_get(ctx, &codes)))
		return rc;
	while (in && *in) {
		char item[128];
		size_t k = strcspn(in, ",;");
		const char *code;
		if (k >= sizeof item)
			k = sizeof item - 1;
		memcpy(item, in, k);
		item[k] = '\0';
		in += strcspn(in, ",;");
		if (*in)
			in++;
		if (!item[0])
			continue;
		code = lk_code_find(codes, "risk_type", item);
		if (!code)
			return lk_err_set(&ctx->err, LK_EINVAL,
					  _("%s is not a risk type"), item);
		if (len + strlen(code) + 2 > n)
			return lk_err_set(&ctx->err, LK_ETOOBIG,
					  _("too many risk types"));
		len += (size_t)snprintf(out + len, n - len, "%s%s",
					len ? ";" : "", code);
	}
	return 0;
}

int lk_proc_start(struct lk_ctx *ctx, const struct lk_proc_new *in, int64_t *id)
{
	static const char ins[] =
	    "INSERT INTO procedure (household_id, county_code, "
	    "village_code, kind, year, state, started_on, category, "
	    "risk_types, record_only, created_by, created_at, updated_at) "
	    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";
	static const char open_q[] =
	    "SELECT id FROM procedure WHERE household_id = ? AND kind = ? "
	    "AND finished_on IS NULL";
	struct lk_buf b = LK_BUF_INIT(1u << 16);
	struct db_stmt *st = NULL;
	struct lk_codes *codes = NULL;
	struct lk_monitoring m;
	const char *category = NULL;
	char date[11], village[16], county[8], rt[160] = "", key[24];
	char now[LK_ISO_NOW_BUFSZ];
	int64_t hid, pid;
	int rc, tx = 0, year, first = 1;

	if ((unsigned)in->kind >= LK_PROC_KIND_N || !in->household_no) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("a procedure needs a household and a kind"));
		goto out;
	}
	if ((rc = lk__date_arg(ctx, in->date, date)))
		goto out;
	year = in->year ? in->year : lk__year_of(date);
	if (year < 1949 || year > 2100) {
		rc = lk_err_set(&ctx->err, LK_EINVAL, _("%d is not a year"),
				year);
		goto out;
	}
	if ((rc = lk_codes_get(ctx, &codes)))
		goto out;
	if (in->kind == LK_PROC_MONITORING) {
		category = in->category
			       ? lk_code_find(codes, "monitoring_category",
					      in->category)
			       : NULL;
		if (!category) {
			rc = lk_err_set(&ctx->err, LK_EINVAL,
					_("monitoring needs a category "
					  "(unstable, marginal or sudden), "
					  "not %s"),
					in->category ? in->category : "none");
			goto out;
		}
		if ((rc = risk_codes(ctx, in->risk_types, rt, sizeof rt)))
			goto out;
	} else if (in->category || in->risk_types) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("only a monitoring procedure takes a "
				  "category and risk types"));
		goto out;
	}
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if ((rc = lk_household_lookup(ctx, in->household_no, &hid, village)))
		goto out;
	lk__county_of(village, county);
	if ((rc = lk_lock_check(ctx, village, lk__year_of(date))))
		goto out;
	if ((rc = db_prepare_static(ctx->db, open_q, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, hid);
	db_bind_text(st, 2, kinds[in->kind].id, -1);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_ROW) {
		rc = lk_err_set(&ctx->err, LK_ECONFLICT,
				_("household %s already has an open %s "
				  "procedure (%lld)"),
				in->household_no, kinds[in->kind].id,
				(long long)db_col_int64(st, 0));
		goto out;
	}
	db_done(st);
	st = NULL;
	if ((rc = check_status(ctx, hid, in->household_no, in->kind, category,
			       date)))
		goto out;
	if (in->kind == LK_PROC_ELIMINATION) {
		if ((rc = lk_monitoring_on(ctx, hid, date, &m)))
			goto out;
		category =
		    lk_code_find(codes, "monitoring_category", m.category);
	}
	lk_now_iso(now);
	if ((rc = db_prepare_static(ctx->db, ins, &st, &ctx->err)))
		goto out;
	db_bind_int64(st, 1, hid);
	db_bind_text(st, 2, county, -1);
	db_bind_text(st, 3, village, -1);
	db_bind_text(st, 4, kinds[in->kind].id, -1);
	db_bind_int64(st, 5, year);
	db_bind_text(st, 6, kinds[in->kind].steps[0].id, -1);
	db_bind_text(st, 7, date, -1);
	db_bind_text(st, 8, category, -1);
	db_bind_text(st, 9, rt[0] ? rt : NULL, -1);
	db_bind_int64(st, 10, in->record_only ? 1 : 0);
	db_bind_text(st, 11, ctx->user, -1);
	db_bind_text(st, 12, now, -1);
	db_bind_text(st, 13, now, -1);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	pid = db_last_insert_id(ctx->db);
	db_done(st);
	st = NULL;
	if ((rc = lk_buf_addc(&b, '{')) ||
	    (rc = lk__jstr(&b, &first, "household_no", in->household_no)) ||
	    (rc = lk__jstr(&b, &first, "kind", kinds[in->kind].id)) ||
	    (rc = lk__jint(&b, &first, "year", year)) ||
	    (rc = lk__jstr(&b, &first, "started_on", date)) ||
	    (category && (rc = lk__jstr(&b, &first, "category", category))) ||
	    (rt[0] && (rc = lk__jstr(&b, &first, "risk_types", rt))) ||
	    (in->notes && (rc = lk__jstr(&b, &first, "notes", in->notes))) ||
	    (in->record_only &&
	     (rc = lk__jint(&b, &first, "record_only", 1))) ||
	    (rc = lk__jstr(&b, &first, "state", kinds[in->kind].steps[0].id)) ||
	    (rc = lk_buf_addc(&b, '}')))
		goto out;
	snprintf(key, sizeof key, "%lld", (long long)pid);
	if ((rc = lk_audit(ctx, "start", "procedure", key, NULL,
			   lk_buf_str(&b))))
		goto out;
	if ((rc = db_commit(ctx->db, &ctx->err)))
		goto out;
	tx = 0;
	if (id)
		*id = pid;
out:
	db_done(st);
	if (tx)
		db_rollback(ctx->db);
	lk_buf_free(&b);
	return rc;
}

/* ---- steps ----------------------------------------------------------- */

/* The outcome of a decision from user text: approved / rejected. */
static const char *decision_of(const char *s)
{
	static const char *const yes[] = {
	    "approved", "approve", "yes", "agreed", "通过", "同意", "是"};
	static const char *const no[] = {"rejected", "reject", "no", "refused",
					 "不通过",   "不同意", "否"};
	size_t i;

	for (i = 0; s && i < NELEM(yes); i++)
		if (strcmp(s, yes[i]) == 0)
			return "approved";
	for (i = 0; s && i < NELEM(no); i++)
		if (strcmp(s, no[i]) == 0)
			return "rejected";
	return NULL;
}

/* The id of the first open objection concerning p and its date. */
static int open_objection(struct lk_ctx *ctx, const struct lk__proc *p,
			  int64_t *oid, char date[11])
{
	static const char q[] =
	    "SELECT o.id, o.received_on FROM objection o WHERE o.state = "
	    "'open' AND (o.procedure_id = ?1 OR (o.procedure_id IS NULL AND "
	    "o.notice_id IN (SELECT notice_id FROM notice_item WHERE "
	    "procedure_id = ?1))) ORDER BY o.id LIMIT 1";
	struct db_stmt *st = NULL;
	int rc;

	*oid = 0;
	date[0] = '\0';
	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_int64(st, 1, p->id);
	rc = db_step(st, &ctx->err);
	if (rc == DB_ROW) {
		*oid = db_col_int64(st, 0);
		cpy(date, 11, db_col_text(st, 1));
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* The end date of notice id. */
static int notice_end(struct lk_ctx *ctx, int64_t id, char end[11])
{
	static const char q[] = "SELECT end_date FROM notice WHERE id = ?";
	struct db_stmt *st = NULL;
	int rc;

	end[0] = '\0';
	if ((rc = db_prepare_static(ctx->db, q, &st, &ctx->err)))
		return rc;
	db_bind_int64(st, 1, id);
	rc = db_step(st, &ctx->err);
	if (rc == DB_ROW)
		cpy(end, 11, db_col_text(st, 0));
	db_done(st);
	return rc < 0 ? rc : 0;
}

int lk__proc_blocked(struct lk_ctx *ctx, const struct lk__proc *p,
		     const char *date)
{
	const struct lk_step_def *cur;
	int64_t oid;
	char od[11], end[11], next[11];
	int rc;

	if (p->finished)
		return lk_err_set(&ctx->err, LK_ECONFLICT,
				  _("procedure %lld is finished (%s on %s)"),
				  (long long)p->id, p->outcome, p->finished_on);
	if (p->suspended) {
		if ((rc = open_objection(ctx, p, &oid, od)))
			return rc;
		return lk_err_set(&ctx->err, LK_ECONFLICT,
				  _("procedure %lld is suspended by objection "
				    "%lld (received %s): resolve it first"),
				  (long long)p->id, (long long)oid, od);
	}
	cur = lk_proc_step_def(p->kind, p->state);
	if (!cur)
		return lk_err_set(&ctx->err, LK_ECORRUPT,
				  _("procedure %lld is in an unknown state %s"),
				  (long long)p->id, p->state);
	if (cur->type != LK_STEP_NOTICE)
		return 0;
	if (!p->notice_id)
		return lk_err_set(&ctx->err, LK_ECONFLICT,
				  _("procedure %lld waits for its %s: post a "
				    "notice for the %s procedures of village "
				    "%s"),
				  (long long)p->id, _(cur->text),
				  kinds[p->kind].id, p->village);
	if ((rc = notice_end(ctx, p->notice_id, end)))
		return rc;
	lk__date_add(end, 1, next);
	if (strcmp(date, end) <= 0)
		return lk_err_set(&ctx->err, LK_ECONFLICT,
				  _("procedure %lld waits for notice %lld, "
				    "which runs until the end of %s (China "
				    "Standard Time): the next step can be "
				    "taken from %s, after the notice is "
				    "closed"),
				  (long long)p->id, (long long)p->notice_id,
				  end, next);
	return lk_err_set(&ctx->err, LK_ECONFLICT,
			  _("procedure %lld waits for notice %lld, which ended "
			    "on %s: close the notice first"),
			  (long long)p->id, (long long)p->notice_id, end);
}

int lk_proc_step(struct lk_ctx *ctx, int64_t id, const struct lk_step_in *in)
{
	struct lk__proc p;
	struct lk__step s;
	const struct lk_step_def *cur;
	const char *outcome = NULL, *assessment = NULL;
	char date[11], list[256];
	int rc, tx = 0, last, want;

	lk__step_init(&s);
	if ((rc = lk__date_arg(ctx, in->date, date)))
		goto out;
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if ((rc = lk__proc_load(ctx, id, &p)))
		goto out;
	if (in->step && !p.finished && strcmp(in->step, p.state) != 0) {
		want = step_index(p.kind, in->step);
		/* a later step while a notice or an objection holds the
		 * procedure: say what it waits for */
		if (want > step_index(p.kind, p.state) &&
		    (rc = lk__proc_blocked(ctx, &p, date)))
			goto out;
		step_list(p.kind, list, sizeof list);
		if (want < 0)
			rc = lk_err_set(&ctx->err, LK_EINVAL,
					_("%s has no step %s (its steps: %s)"),
					kinds[p.kind].id, in->step, list);
		else if (want < step_index(p.kind, p.state))
			rc = lk_err_set(&ctx->err, LK_ECONFLICT,
					_("procedure %lld has already taken "
					  "step %s; it is at step %s"),
					(long long)id, in->step, p.state);
		else
			rc = lk_err_set(
			    &ctx->err, LK_ECONFLICT,
			    _("procedure %lld is at step %s (%s): "
			      "step %s cannot be taken before it"),
			    (long long)id, p.state,
			    _(lk_proc_step_def(p.kind, p.state)->text),
			    in->step);
		goto out;
	}
	if ((rc = lk__proc_blocked(ctx, &p, date)))
		goto out;
	cur = lk_proc_step_def(p.kind, p.state);
	if (strcmp(date, p.last_date) < 0) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("%s is before the previous step of procedure "
				  "%lld (%s)"),
				date, (long long)id, p.last_date);
		goto out;
	}
	if ((rc = lk_lock_check(ctx, p.village, lk__year_of(date))))
		goto out;
	switch (cur->type) {
	case LK_STEP_RECORD:
		if (in->outcome && strcmp(in->outcome, "done") != 0) {
			rc = lk_err_set(&ctx->err, LK_EINVAL,
					_("step %s is recorded as done; it has "
					  "no outcome %s"),
					cur->id, in->outcome);
			goto out;
		}
		outcome = "done";
		break;
	case LK_STEP_DECISION:
		outcome = decision_of(in->outcome);
		if (!outcome) {
			rc = lk_err_set(&ctx->err, LK_EINVAL,
					_("step %s needs an outcome: approved "
					  "or rejected"),
					cur->id);
			goto out;
		}
		break;
	case LK_STEP_APPRAISAL:
		if (in->outcome && !(outcome = decision_of(in->outcome))) {
			rc = lk_err_set(&ctx->err, LK_EINVAL,
					_("%s is not an outcome (approved or "
					  "rejected)"),
					in->outcome);
			goto out;
		}
		if ((rc = check_appraisal(ctx, &p, in, date, &outcome)))
			goto out;
		s.members = in->members;
		s.attending = in->attending;
		s.votes_for = in->votes_for;
		s.votes_against = in->votes_against;
		break;
	case LK_STEP_NOTICE:
	default:
		rc = LK_EINTERNAL; /* lk__proc_blocked() stops notice steps */
		goto out;
	}
	last = step_index(p.kind, p.state) + 1 == (int)kinds[p.kind].n;
	if (in->override_reason && !(last && (p.kind == LK_PROC_EXIT ||
					      p.kind == LK_PROC_ELIMINATION))) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("an override reason belongs to the approval "
				  "of an exit or a risk elimination"));
		goto out;
	}
	if (last && strcmp(outcome, "rejected") != 0) {
		if ((rc = check_status(ctx, p.household_id, p.no, p.kind,
				       p.category[0] ? p.category : NULL,
				       date)) ||
		    (rc = check_later(ctx, p.household_id, p.no, p.kind,
				      date)) ||
		    (rc = check_final(ctx, &p, date, in->override_reason,
				      &assessment)))
			goto out;
		if ((rc = apply(ctx, &p, date)))
			goto out;
	}
	s.step = cur->id;
	s.date = date;
	s.actor = in->actor;
	s.outcome = outcome;
	s.notes = in->notes;
	s.assessment = assessment;
	s.override_reason = in->override_reason && *in->override_reason
				? in->override_reason
				: NULL;
	if (strcmp(outcome, "rejected") == 0)
		lk__proc_end(&p, date, "rejected");
	else
		lk__proc_advance(&p, date);
	if ((rc = lk__proc_record(ctx, &p, &s)))
		goto out;
	if ((rc = db_commit(ctx->db, &ctx->err)))
		goto out;
	tx = 0;
out:
	if (tx)
		db_rollback(ctx->db);
	return rc;
}

int lk_proc_cancel(struct lk_ctx *ctx, int64_t id, const char *date_in,
		   const char *reason)
{
	struct lk__proc p;
	struct lk__step s;
	char date[11];
	int rc, tx = 0;

	if (!reason || !*reason)
		return lk_err_set(&ctx->err, LK_EINVAL,
				  _("cancelling a procedure needs a reason"));
	if ((rc = lk__date_arg(ctx, date_in, date)))
		return rc;
	if ((rc = db_begin(ctx->db, &ctx->err)))
		return rc;
	tx = 1;
	if ((rc = lk__proc_load(ctx, id, &p)))
		goto out;
	if (p.finished) {
		rc = lk_err_set(&ctx->err, LK_ECONFLICT,
				_("procedure %lld is finished (%s on %s)"),
				(long long)id, p.outcome, p.finished_on);
		goto out;
	}
	if (p.notice_id) {
		rc = lk_err_set(&ctx->err, LK_ECONFLICT,
				_("procedure %lld is on notice %lld: close the "
				  "notice or uphold an objection instead"),
				(long long)id, (long long)p.notice_id);
		goto out;
	}
	if (strcmp(date, p.last_date) < 0) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("%s is before the previous step of procedure "
				  "%lld (%s)"),
				date, (long long)id, p.last_date);
		goto out;
	}
	if ((rc = lk_lock_check(ctx, p.village, lk__year_of(date))))
		goto out;
	lk__step_init(&s);
	s.step = "cancel";
	s.date = date;
	s.outcome = "cancelled";
	s.notes = reason;
	lk__proc_end(&p, date, "cancelled");
	if ((rc = lk__proc_record(ctx, &p, &s)) ||
	    (rc = db_commit(ctx->db, &ctx->err)))
		goto out;
	tx = 0;
out:
	if (tx)
		db_rollback(ctx->db);
	return rc;
}

/* ---- override -------------------------------------------------------- */

int lk_status_override(struct lk_ctx *ctx, const struct lk_override *o)
{
	struct lk_buf b = LK_BUF_INIT(1u << 16);
	struct lk_codes *codes = NULL;
	struct field_kv kv[5];
	struct lk_monitoring m;
	const char *scope = ctx->scope ? ctx->scope : "";
	const char *value = NULL, *ekind;
	char date[11], village[16], county[8], year[8];
	enum lk_proc_kind like;
	int64_t hid;
	size_t n = 0;
	int rc, tx = 0, first = 1;

	if (!o->household_no || !o->kind) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("an override needs a household and what to "
				  "change"));
		goto out;
	}
	if (!o->reason || !*o->reason) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("an override needs a reason"));
		goto out;
	}
	if ((rc = lk__date_arg(ctx, o->date, date)) ||
	    (rc = lk_codes_get(ctx, &codes)))
		goto out;
	snprintf(year, sizeof year, "%d", lk__year_of(date));
	ekind = o->kind;
	if (strcmp(o->kind, "status") == 0) {
		value = o->value ? lk_code_find(codes, "hh_status", o->value)
				 : NULL;
		if (!value) {
			rc = lk_err_set(&ctx->err, LK_EINVAL,
					_("unknown status %s"),
					o->value ? o->value : "");
			goto out;
		}
		like = LK_PROC_EXIT;
		kv[n++] = (struct field_kv){"status", value};
		if (strcmp(value, "poor") == 0)
			kv[n++] = (struct field_kv){"identified_year", year};
		else if (strcmp(value, "lifted") == 0)
			kv[n++] = (struct field_kv){"lifted_year", year};
	} else if (strcmp(o->kind, "monitoring") == 0) {
		value = o->value ? lk_code_find(codes, "monitoring_category",
						o->value)
				 : NULL;
		if (!value) {
			rc = lk_err_set(&ctx->err, LK_EINVAL,
					_("unknown monitoring category %s"),
					o->value ? o->value : "");
			goto out;
		}
		like = LK_PROC_MONITORING;
		kv[n++] = (struct field_kv){"monitoring_category", value};
		kv[n++] = (struct field_kv){"monitoring_since", date};
		kv[n++] = (struct field_kv){"risk_eliminated", "0"};
		kv[n++] = (struct field_kv){"risk_eliminated_on", NULL};
	} else if (strcmp(o->kind, "risk_eliminated") == 0) {
		like = LK_PROC_ELIMINATION;
		kv[n++] = (struct field_kv){"risk_eliminated", "1"};
		kv[n++] = (struct field_kv){"risk_eliminated_on", date};
	} else {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("an override changes status, monitoring or "
				  "risk_eliminated, not %s"),
				o->kind);
		goto out;
	}
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if ((rc = lk_household_lookup(ctx, o->household_no, &hid, village)))
		goto out;
	if (strlen(scope) > 6 || strncmp(village, scope, strlen(scope)) != 0) {
		rc = lk_err_set(&ctx->err, LK_EPERM,
				_("only an administrator of the whole county "
				  "%.6s may override a status"),
				village);
		goto out;
	}
	lk__county_of(village, county);
	if (like == LK_PROC_ELIMINATION) {
		if ((rc = lk_monitoring_on(ctx, hid, date, &m)))
			goto out;
		if (!m.monitored) {
			rc = lk_err_set(&ctx->err, LK_ECONFLICT,
					_("household %s is not monitored on "
					  "%s: there is no risk to "
					  "eliminate"),
					o->household_no, date);
			goto out;
		}
		value = lk_code_find(codes, "monitoring_category", m.category);
	}
	if ((rc = check_later(ctx, hid, o->household_no, like, date)) ||
	    (rc = lk_lock_check_from(ctx, village, date)) ||
	    (rc = add_event(ctx, hid, county, date, ekind, value, "override", 0,
			    o->reason)) ||
	    (rc = put_fields(ctx, o->household_no, hid, kv, n)))
		goto out;
	if ((rc = lk_buf_addc(&b, '{')) ||
	    (rc = lk__jstr(&b, &first, "kind", ekind)) ||
	    (rc = lk__jstr(&b, &first, "value", value)) ||
	    (rc = lk__jstr(&b, &first, "date", date)) ||
	    (rc = lk__jstr(&b, &first, "reason", o->reason)) ||
	    (rc = lk_buf_addc(&b, '}')) ||
	    (rc = lk_audit(ctx, "override", "household", o->household_no, NULL,
			   lk_buf_str(&b))))
		goto out;
	if ((rc = db_commit(ctx->db, &ctx->err)))
		goto out;
	tx = 0;
out:
	if (tx)
		db_rollback(ctx->db);
	lk_buf_free(&b);
	return rc;
}

/* The translated label of a procedure state (a step id or an end). */
const char *lk_proc_state_label(enum lk_proc_kind k, const char *state)
{
	const struct lk_step_def *d = lk_proc_step_def(k, state);

	if (d)
		return _(d->text);
	if (strcmp(state, "done") == 0)
		return _("done");
	if (strcmp(state, "rejected") == 0)
		return _("rejected");
	if (strcmp(state, "cancelled") == 0)
		return _("cancelled");
	if (strcmp(state, "objection") == 0)
		return _("objection");
	if (strcmp(state, "cancel") == 0)
		return _("cancelled");
	return state;
}
