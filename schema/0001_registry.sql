-- 0001: the registry - regions, code lists, households, members, incomes,
-- status history and the audit log.  Portable SQL (SQLite and PostgreSQL
-- share it); every table STRICT under SQLite.  Household-level tables
-- carry county_code, the partition / distribution key of the scale path.
-- Money is integer fen; areas, distances and floor space are integer
-- hundredths of their unit (mu, km, m2); dates are ISO 8601 text.

CREATE TABLE region (
	code TEXT PRIMARY KEY,       -- 2/4/6/9/12 digits; groups 15
	name TEXT NOT NULL,
	level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 6),
	parent TEXT,
	attribute TEXT               -- groups: code list group_attr
) STRICT;
CREATE INDEX region_parent ON region(parent, name);

CREATE TABLE code_list (
	list TEXT NOT NULL,
	code TEXT NOT NULL,
	zh TEXT NOT NULL,
	en TEXT NOT NULL,
	aliases TEXT,                -- '|'-separated other accepted labels
	flags TEXT,                  -- list-specific (relation: sex M/F)
	sort INTEGER NOT NULL,
	PRIMARY KEY (list, code)
) STRICT;

CREATE TABLE household (
	id INTEGER PRIMARY KEY,
	household_no TEXT NOT NULL UNIQUE,
	county_code TEXT NOT NULL,
	village_code TEXT NOT NULL REFERENCES region(code),
	group_code TEXT REFERENCES region(code),
	group_name TEXT,
	head_name TEXT NOT NULL,
	head_id TEXT NOT NULL,
	phone TEXT,
	bank TEXT,
	bank_account TEXT,
	status TEXT NOT NULL,
	monitoring_category TEXT,
	monitoring_since TEXT,
	risk_types TEXT,
	risk_eliminated INTEGER,
	risk_eliminated_on TEXT,
	identified_year INTEGER,
	lifted_year INTEGER,
	id_standard TEXT,
	attribute TEXT,
	main_cause TEXT,
	other_causes TEXT,
	military_family INTEGER,
	only_child INTEGER,
	two_daughters INTEGER,
	relocated INTEGER,
	cultivated_mu INTEGER,
	irrigated_mu INTEGER,
	forest_mu INTEGER,
	grain_for_green_mu INTEGER,
	orchard_mu INTEGER,
	pasture_mu INTEGER,
	water_surface_mu INTEGER,
	production_power INTEGER,
	household_power INTEGER,
	road_km INTEGER,
	road_type TEXT,
	house_m2 INTEGER,
	house_grade TEXT,
	water_difficult INTEGER,
	water_safe INTEGER,
	fuel TEXT,
	toilet INTEGER,
	coop INTEGER,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX household_village ON household(village_code, household_no);

CREATE TABLE member (
	id INTEGER PRIMARY KEY,
	household_id INTEGER NOT NULL REFERENCES household(id),
	county_code TEXT NOT NULL,
	seq INTEGER NOT NULL,        -- order within the household
	name TEXT NOT NULL,
	id_number TEXT NOT NULL,
	sex TEXT,
	birth TEXT,                  -- from the ID number when it is valid
	relation TEXT NOT NULL,
	ethnicity TEXT,
	politics TEXT,
	education TEXT,
	school TEXT,
	health TEXT,
	disability_cert TEXT,
	labour TEXT,
	migrant_months INTEGER,
	work_place TEXT,
	medical_insurance INTEGER,
	serious_illness_insurance INTEGER,
	employee_medical_insurance INTEGER,
	pension_insurance INTEGER,
	dibao_person INTEGER,
	tekun_person INTEGER,
	mandarin INTEGER,
	active_military INTEGER,
	member_status TEXT NOT NULL DEFAULT 'current',
	status_date TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
-- A person is a current member of one household at most; history rows
-- (deceased, moved out) keep their ID and are found through their
-- household.  (County scans use the village_code prefix range.)
CREATE UNIQUE INDEX member_current_id ON member(id_number)
	WHERE member_status = 'current';
CREATE INDEX member_household ON member(household_id, seq);

CREATE TABLE income (
	household_id INTEGER NOT NULL REFERENCES household(id),
	year INTEGER NOT NULL,
	county_code TEXT NOT NULL,
	persons INTEGER NOT NULL,    -- current members when surveyed
	wage INTEGER,
	operating INTEGER,
	property INTEGER,
	family_planning INTEGER,
	dibao INTEGER,
	tekun INTEGER,
	pension INTEGER,
	eco_compensation INTEGER,
	other_transfer INTEGER,
	expense INTEGER,
	updated_at TEXT NOT NULL,
	PRIMARY KEY (household_id, year)
) STRICT;

-- Status history: every status and monitoring change with its date and
-- where it came from (imported, procedure, override).
CREATE TABLE status_event (
	id INTEGER PRIMARY KEY,
	household_id INTEGER NOT NULL REFERENCES household(id),
	county_code TEXT NOT NULL,
	on_date TEXT NOT NULL,
	kind TEXT NOT NULL,          -- status | monitoring | risk_eliminated
	value TEXT,
	source TEXT NOT NULL,        -- imported | procedure | override
	ref INTEGER,                 -- procedure id when source = procedure
	note TEXT
) STRICT;
CREATE INDEX status_event_household ON status_event(household_id, on_date);

-- Append-only, hash-chained audit log.
CREATE TABLE audit (
	seq INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	user TEXT NOT NULL,
	action TEXT NOT NULL,
	entity TEXT NOT NULL,
	entity_id TEXT,
	before TEXT,
	after TEXT,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
) STRICT;
CREATE INDEX audit_entity ON audit(entity, entity_id);

CREATE TABLE setting (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;
