/*
 * lock.h - the annual data lock.
 *
 * lk_lock() freezes year Y for a region (a code prefix: province to
 * village): the locked data are
 *
 *   households  every household under the region with a status event on
 *               or before D = Y-12-31: its village, status and monitoring
 *               on D and its people on D (registry/status.h rules);
 *   incomes     every income record of year Y of the region's households
 *               (persons and every item);
 *   pairings    the helper pairings in force during Y (an end after D
 *               counts as open);
 *   work        the procedure steps dated in Y, the notices starting in
 *               Y and the objections received in Y (with a resolution
 *               dated in Y); and the work module's records of Y
 *               (schema/0005_work.sql, by region_code): visits
 *               (visit_date), measures done (actual_date), funds
 *               received (received_date), disbursements (paid_date),
 *               attendance, party activities and points, trainings
 *               (on_date), every column but created_at / updated_at.
 *
 * The lock stores a SHA-256 digest (libsodium crypto_hash_sha256) of each
 * part and of the whole; lk_lock_verify() recomputes them and names the
 * parts that changed.  Digest format, version 1: each part hashes its
 * rows in a fixed order, each row as its fields written "<length>:<bytes>;"
 * (NULL as "-;"), after the part's name; the whole hashes
 * "lika-year-lock/1;<year>;<region>;" followed by each part's name, row
 * count and hex digest.  A later version adds parts (work records of
 * issue 5); a lock keeps the version it was made with.
 *
 * Enforcement happens in one place: the registry and the procedure
 * services call the lk_lock_check* functions below before a write, and
 * they refuse (LK_ECONFLICT, "year 2016 of 532923 is locked ...") any
 * write that would change locked data:
 *
 *   lk_lock_check(ctx, region, year)
 *       data of that year only: an income of year, a work record
 *       (procedure step, notice, objection) dated in year;
 *   lk_lock_check_from(ctx, region, date)
 *       a change effective from date on (a status event on date, a member
 *       arriving or leaving on date): refused when any locked year Y with
 *       Y-12-31 >= date covers region; date NULL = since always;
 *   lk_lock_check_household(ctx, old, new)
 *       a household record written over old (NULL when created): the
 *       earliest date its status fields imply that differs between the
 *       two (identified_year -> Y-01-01, lifted_year -> Y-12-31,
 *       monitoring_since, risk_eliminated_on, a status set without date ->
 *       today), checked with lk_lock_check_from; a move to another
 *       village is checked in both villages since always;
 *   lk_lock_check_member(ctx, village, old, new)
 *       a change of a member record: the earliest date on which the
 *       member's presence (born on or before D, current or left after D)
 *       differs between old and new, checked with lk_lock_check_from.  A
 *       member entering the ledger (old NULL) is never refused: the ledger
 *       keeps no arrival date, no locked income (incomes keep the household
 *       size they were surveyed with), status or work record changes, and
 *       refusing would stop every new registration after a lock; counts of
 *       people for a locked year therefore include later arrivals.
 *
 * A lock covers a household when the lock's region is a prefix of its
 * village code.  Unlocking (lk_unlock) needs a reason and a county
 * administrator: a user whose scope covers the lock's whole county (a
 * scope of at most 6 digits that is a prefix of the region).  Lock and
 * unlock are audited.  A year may be locked again after an unlock (a new
 * lock, a new digest).
 *
 * Errors: LK_EINVAL bad year or region, LK_EPERM outside the scope or not
 * an administrator, LK_ECONFLICT already locked / not locked / refused
 * by a lock, LK_ECORRUPT (lk_lock_verify) when the data changed.
 */
#ifndef LK_LOCK_H
#define LK_LOCK_H

#include <stdint.h>

#include "core/ctx.h"
#include "registry/rec.h"

#define LK_LOCK_VERSION 1
#define LK_LOCK_PARTS 4

struct lk_lock_part {
	const char *name; /* "households", "incomes", "pairings", "work" */
	long long rows;
	char digest[65]; /* hex SHA-256 */
};

struct lk_lock_info {
	int64_t id;
	int year;
	char region[16];
	int version;
	char digest[65];
	struct lk_lock_part parts[LK_LOCK_PARTS];
	char locked_at[32], locked_by[64];
	int active;			       /* not unlocked */
	char unlocked_at[32], unlocked_by[64]; /* "" while active */
	const char *unlock_reason;	       /* borrowed; NULL while active */
};

/* Locks year for region; out (may be NULL) gets the lock. */
int lk_lock(struct lk_ctx *ctx, int year, const char *region,
	    struct lk_lock_info *out);

/* Recomputes the digest of the active lock of (year, region): 0 when it
 * matches; LK_ECORRUPT with ctx->err naming the changed parts
 * otherwise; LK_ENOTFOUND when there is no such lock.  now (may be NULL)
 * gets the recomputed parts. */
int lk_lock_verify(struct lk_ctx *ctx, int year, const char *region,
		   struct lk_lock_info *now);

/* Unlocks: reason required, county administrator only. */
int lk_unlock(struct lk_ctx *ctx, int year, const char *region,
	      const char *reason);

/* Calls fn for the locks (active and past) whose region lies within the
 * scope, matching year (0 = any) and region (a prefix; NULL = any), by
 * year and region. */
int lk_lock_list(struct lk_ctx *ctx, int year, const char *region,
		 int (*fn)(void *arg, const struct lk_lock_info *l), void *arg);

/* The checks (see above): 0 when the write may go ahead. */
int lk_lock_check(struct lk_ctx *ctx, const char *region, int year);
int lk_lock_check_from(struct lk_ctx *ctx, const char *region,
		       const char *date);
int lk_lock_check_household(struct lk_ctx *ctx, const struct lk_rec *old,
			    const struct lk_rec *nw);
int lk_lock_check_member(struct lk_ctx *ctx, const char *village,
			 const struct lk_rec *old, const struct lk_rec *nw);

#endif
