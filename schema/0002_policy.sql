-- 0002: policy values by kind, region prefix and year (policy/policy.h).
-- region '' = national; year 0 = every year; source 'file' (reloaded
-- from policy/policy.tsv) or 'user' (lika policy set, kept on reload).

CREATE TABLE policy (
	kind TEXT NOT NULL,
	region TEXT NOT NULL,
	year INTEGER NOT NULL,
	value TEXT NOT NULL,
	unit TEXT,
	status TEXT,
	note TEXT,
	source TEXT NOT NULL CHECK (source IN ('file', 'user')),
	set_by TEXT,
	set_at TEXT,
	reason TEXT,
	PRIMARY KEY (kind, region, year, source)
) STRICT;
