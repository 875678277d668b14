-- 0003: helper cadres (帮扶责任人) and their pairing with households.
-- Read by the data-quality checks (helper.none, helper.is_poor); the work
-- records of issue 5 build on them.

CREATE TABLE cadre (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	id_number TEXT,
	unit TEXT,
	unit_level TEXT,              -- central/province/city/county/town/village/army/other
	phone TEXT,
	post TEXT,
	region_code TEXT NOT NULL,    -- where the cadre works (scope)
	county_code TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX cadre_region ON cadre(region_code);
CREATE INDEX cadre_id_number ON cadre(id_number);

CREATE TABLE pairing (
	id INTEGER PRIMARY KEY,
	cadre_id INTEGER NOT NULL REFERENCES cadre(id),
	household_id INTEGER NOT NULL REFERENCES household(id),
	county_code TEXT NOT NULL,
	start_date TEXT NOT NULL,
	end_date TEXT,                -- NULL = still paired
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX pairing_household ON pairing(household_id, start_date);
CREATE INDEX pairing_cadre ON pairing(cadre_id, start_date);
