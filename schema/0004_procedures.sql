-- 0004: procedures (procedure/procedure.h), public notices and
-- objections (procedure/notice.h) and the annual lock (procedure/lock.h).
-- A household's status changes only when a procedure finishes (a
-- status_event with source 'procedure' and ref = procedure.id) or by an
-- administrator's override (source 'override', note = the reason).
-- Steps, notices and objections are never deleted.

CREATE TABLE notice (
	id INTEGER PRIMARY KEY,
	county_code TEXT NOT NULL,
	village_code TEXT NOT NULL REFERENCES region(code),
	kind TEXT NOT NULL,          -- the procedure kind
	step TEXT NOT NULL,          -- its notice step (notice, notice1, notice2)
	days INTEGER NOT NULL CHECK (days > 0),
	start_date TEXT NOT NULL,
	end_date TEXT NOT NULL,      -- last day: start_date + days - 1 (CST)
	state TEXT NOT NULL CHECK (state IN ('posted', 'closed')),
	contact TEXT,                -- where to object (printed on the notice)
	closed_on TEXT,
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX notice_village ON notice(village_code, start_date);

CREATE TABLE procedure (
	id INTEGER PRIMARY KEY,
	household_id INTEGER NOT NULL REFERENCES household(id),
	county_code TEXT NOT NULL,
	village_code TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('identification', 'exit',
		'monitoring', 'elimination', 'return', 'removal')),
	year INTEGER NOT NULL,       -- the work year (exit: the year assessed)
	state TEXT NOT NULL,         -- the next step; done, rejected, cancelled
	notice_id INTEGER REFERENCES notice(id), -- posted, not yet closed
	suspended INTEGER NOT NULL DEFAULT 0,    -- open objections against it
	started_on TEXT NOT NULL,
	finished_on TEXT,
	outcome TEXT,                -- approved, rejected, cancelled
	category TEXT,               -- monitoring_category (monitoring,
	risk_types TEXT,             -- elimination); risk_type codes ';'
	record_only INTEGER NOT NULL DEFAULT 0, -- history recorded afterwards:
				     -- the final step writes the event only
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX procedure_household ON procedure(household_id, id);
CREATE INDEX procedure_village ON procedure(village_code, kind, state);
-- at most one open procedure of a kind per household
CREATE UNIQUE INDEX procedure_open ON procedure(household_id, kind)
	WHERE finished_on IS NULL;

CREATE TABLE notice_item (
	notice_id INTEGER NOT NULL REFERENCES notice(id),
	procedure_id INTEGER NOT NULL REFERENCES procedure(id),
	county_code TEXT NOT NULL,
	seq INTEGER NOT NULL,        -- order on the notice
	PRIMARY KEY (notice_id, procedure_id)
) STRICT;
CREATE INDEX notice_item_procedure ON notice_item(procedure_id);

CREATE TABLE objection (
	id INTEGER PRIMARY KEY,
	notice_id INTEGER NOT NULL REFERENCES notice(id),
	procedure_id INTEGER REFERENCES procedure(id), -- NULL: the whole notice
	county_code TEXT NOT NULL,
	received_on TEXT NOT NULL,
	objector TEXT,               -- NULL: anonymous
	text TEXT NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('open', 'upheld', 'dismissed')),
	resolved_on TEXT,
	resolved_by TEXT,
	reasons TEXT,
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX objection_notice ON objection(notice_id, state);

CREATE TABLE procedure_step (
	id INTEGER PRIMARY KEY,
	procedure_id INTEGER NOT NULL REFERENCES procedure(id),
	county_code TEXT NOT NULL,
	seq INTEGER NOT NULL,
	step TEXT NOT NULL,          -- a step of the kind, 'objection', 'cancel'
	on_date TEXT NOT NULL,
	actor TEXT NOT NULL,
	outcome TEXT NOT NULL,
	notes TEXT,
	members INTEGER,             -- appraisal: representatives
	attending INTEGER,
	votes_for INTEGER,
	votes_against INTEGER,
	notice_id INTEGER REFERENCES notice(id),
	objection_id INTEGER REFERENCES objection(id),
	assessment TEXT,             -- exit approval: the assessment verdict
	override_reason TEXT,
	recorded_by TEXT NOT NULL,
	recorded_at TEXT NOT NULL,
	UNIQUE (procedure_id, seq)
) STRICT;
CREATE INDEX procedure_step_date ON procedure_step(on_date);

-- The annual lock: a year frozen for a region (code prefix).  digest is
-- SHA-256 over the locked data (lock.h, format version 'version');
-- sections holds the digest and count of each part.
CREATE TABLE year_lock (
	id INTEGER PRIMARY KEY,
	year INTEGER NOT NULL,
	region TEXT NOT NULL,
	version INTEGER NOT NULL,
	digest TEXT NOT NULL,
	sections TEXT NOT NULL,
	locked_at TEXT NOT NULL,
	locked_by TEXT NOT NULL,
	unlocked_at TEXT,
	unlocked_by TEXT,
	unlock_reason TEXT
) STRICT;
CREATE UNIQUE INDEX year_lock_active ON year_lock(year, region)
	WHERE unlocked_at IS NULL;
