/*
 * ctx.h - the context every service function takes.
 *
 * A context names the ledger (db), the acting user (recorded in every
 * audit record), the region scope the user may read and write (a region
 * code prefix; "" = the whole ledger) and carries the error detail of the
 * last failed call.  Front ends (CLI, HTTP) fill it; services never print.
 *
 * The language of messages is per thread (core/i18n.h), chosen by the
 * front end before calling a service.
 */
#ifndef LK_CTX_H
#define LK_CTX_H

#include "core/err.h"

struct db;
struct lk_codes;
struct lk_reg_cache;
struct lk_sess_cache;
struct lk_audit_queue;

struct lk_ctx {
	struct db *db;
	const char *user;  /* acting user, never NULL ("cli" by default) */
	const char *scope; /* region code prefix; "" = everything */
	struct lk_err err; /* detail of the last failure */
	struct lk_codes *codes; /* code-list cache, loaded on first use */
	struct lk_reg_cache *reg; /* registry lookups of this context */
	/* validated sessions (account/account.h), NULL = none: a server
	 * worker's context owns one */
	struct lk_sess_cache *sessions;
	/* where audit records of reads go (audit/audit.h), NULL = written
	 * at once: a server's contexts share one queue */
	struct lk_audit_queue *audit_q;
	/* Year locks during a registry bulk session (one transaction):
	 * 0 = no session (every check reads the ledger), 1 = session, not
	 * known yet, 2 = session and no active lock, 3 = some lock. */
	int lock_hint;
	/* Access limits set from the signed-in account (account.h); all 0
	 * in the CLI.  cadre: only the households paired with this cadre
	 * (registry/household.h enforces it); mask: ID numbers, phones and
	 * bank accounts are masked in JSON bodies (view/view.h);
	 * audit_reads: each unmasked household read is audited ("read"). */
	long long cadre;
	int mask;
	int audit_reads;
};

#endif
