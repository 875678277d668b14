-- 0006: accounts and sessions of the web application (issue 7).
-- The table is called account, not user: USER is a reserved word in
-- PostgreSQL.  Only src/account/ reads and writes these tables.
--
-- account: one sign-in name; role one of admin, county, town, village,
-- helper, viewer; region_code the scope (a code prefix, '' = the whole
-- ledger, admin only); cadre_id links a helper to the cadre whose paired
-- households it may see; password_hash is libsodium's argon2id string.
-- session: token_hash is the BLAKE2b hash (hex) of the random token the
-- client holds, never the token itself; times are Unix seconds.
-- login_failure: failed sign-ins, per account name and per address, for
-- throttling; rows older than the window are purged on the next attempt.

CREATE TABLE account (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	role TEXT NOT NULL CHECK (role IN ('admin', 'county', 'town',
		'village', 'helper', 'viewer')),
	region_code TEXT NOT NULL,
	cadre_id INTEGER REFERENCES cadre(id),
	password_hash TEXT NOT NULL,
	locale TEXT,
	disabled INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE session (
	id INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
	csrf TEXT NOT NULL,
	address TEXT,
	created_at INTEGER NOT NULL,
	last_seen INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX session_account ON session(account_id);

CREATE TABLE login_failure (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('name', 'address')),
	key TEXT NOT NULL,
	at INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failure_key ON login_failure(kind, key, at);
