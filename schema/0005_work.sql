-- 0005: the work done for households (issue 5): pairing extended, visits
-- (民情日记), assistance measures, funds with their disbursements, and
-- projects.  Every table carries region_code (the scope: a village, or a
-- town / county for funds and projects) and county_code (the partition
-- key).  Money is integer fen, quantities integer hundredths, dates ISO.
-- The field tables of src/work/work_tables.c describe every column.

ALTER TABLE pairing ADD COLUMN region_code TEXT;
ALTER TABLE pairing ADD COLUMN updated_at TEXT;
CREATE INDEX pairing_region ON pairing(region_code);

CREATE TABLE visit (
	id INTEGER PRIMARY KEY,
	household_id INTEGER NOT NULL REFERENCES household(id),
	cadre_id INTEGER NOT NULL REFERENCES cadre(id),
	region_code TEXT NOT NULL,
	county_code TEXT NOT NULL,
	visit_date TEXT NOT NULL,
	companions TEXT,
	found TEXT,
	problems TEXT,
	measures TEXT,
	follow_up_date TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX visit_region ON visit(region_code, visit_date);
CREATE INDEX visit_household ON visit(household_id, visit_date);
-- no index on cadre_id: a cadre's visits are found through the region
-- range, and the bulk import of visits is 10% faster without it

CREATE TABLE fund (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	source_level TEXT NOT NULL,   -- central/province/city/county/town/unit
	source_unit TEXT,
	purpose TEXT,
	amount INTEGER NOT NULL CHECK (amount >= 0),
	received_date TEXT,
	region_code TEXT NOT NULL,
	county_code TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX fund_region ON fund(region_code);

CREATE TABLE project (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	category TEXT NOT NULL,       -- road/water/sewage/housing/industry/...
	quantity INTEGER,             -- hundredths of unit
	unit TEXT,
	budget INTEGER,
	spent INTEGER,
	start_date TEXT,
	end_date TEXT,
	status TEXT,
	groups_served TEXT,
	beneficiaries INTEGER,        -- households
	region_code TEXT NOT NULL,
	county_code TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX project_region ON project(region_code);

CREATE TABLE measure (
	id INTEGER PRIMARY KEY,
	household_id INTEGER NOT NULL REFERENCES household(id),
	region_code TEXT NOT NULL,
	county_code TEXT NOT NULL,
	batch TEXT NOT NULL,
	description TEXT,
	planned_date TEXT,
	actual_date TEXT,
	status TEXT NOT NULL,
	amount INTEGER,
	fund_id INTEGER REFERENCES fund(id),
	project_id INTEGER REFERENCES project(id),
	beneficiaries TEXT,           -- ID numbers of members, ';'-joined
	move_out_date TEXT,
	keys_date TEXT,
	renovation TEXT,              -- rebuild / repair
	grade_before TEXT,
	grade_after TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX measure_region ON measure(region_code, batch);
CREATE INDEX measure_household ON measure(household_id);

CREATE TABLE disbursement (
	id INTEGER PRIMARY KEY,
	fund_id INTEGER NOT NULL REFERENCES fund(id),
	household_id INTEGER REFERENCES household(id),
	measure_id INTEGER REFERENCES measure(id),
	project_id INTEGER REFERENCES project(id),
	region_code TEXT NOT NULL,
	county_code TEXT NOT NULL,
	paid_date TEXT NOT NULL,
	amount INTEGER NOT NULL CHECK (amount > 0),
	voucher_no TEXT,
	purpose TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX disbursement_fund ON disbursement(fund_id, paid_date);
CREATE INDEX disbursement_region ON disbursement(region_code);

-- The resident work team (驻村工作队) and its attendance.
CREATE TABLE team_member (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	id_number TEXT,
	sent_level TEXT NOT NULL,     -- state/province/city/county/town/village
	unit TEXT,
	role TEXT NOT NULL,           -- leader / first_secretary / member
	from_date TEXT NOT NULL,
	to_date TEXT,
	detached INTEGER,             -- detached from the unit (脱产)
	phone TEXT,
	region_code TEXT NOT NULL,
	county_code TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX team_member_region ON team_member(region_code, from_date);

CREATE TABLE attendance (
	id INTEGER PRIMARY KEY,
	team_member_id INTEGER NOT NULL REFERENCES team_member(id),
	on_date TEXT NOT NULL,
	status TEXT NOT NULL,         -- present / leave / travel
	note TEXT,
	region_code TEXT NOT NULL,
	county_code TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX attendance_day ON attendance(team_member_id, on_date);
CREATE INDEX attendance_region ON attendance(region_code, on_date);

-- Party work: branches, members, activities, the points ledger.
CREATE TABLE party_branch (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	secretary TEXT,
	region_code TEXT NOT NULL,
	county_code TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX party_branch_region ON party_branch(region_code);

CREATE TABLE party_member (
	id INTEGER PRIMARY KEY,
	party_branch_id INTEGER NOT NULL REFERENCES party_branch(id),
	name TEXT NOT NULL,
	id_number TEXT,
	cadre_id INTEGER REFERENCES cadre(id),
	kind TEXT NOT NULL,           -- full / probationary
	join_date TEXT,
	region_code TEXT NOT NULL,
	county_code TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX party_member_branch ON party_member(party_branch_id);
CREATE INDEX party_member_region ON party_member(region_code);

CREATE TABLE party_activity (
	id INTEGER PRIMARY KEY,
	party_branch_id INTEGER NOT NULL REFERENCES party_branch(id),
	kind TEXT NOT NULL,           -- member_day / three_one / other
	on_date TEXT NOT NULL,
	title TEXT,
	attended INTEGER,
	absent INTEGER,
	region_code TEXT NOT NULL,
	county_code TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX party_activity_region ON party_activity(region_code, on_date);

CREATE TABLE party_points (
	id INTEGER PRIMARY KEY,
	party_member_id INTEGER NOT NULL REFERENCES party_member(id),
	on_date TEXT NOT NULL,
	rule TEXT,
	points INTEGER NOT NULL,
	reason TEXT,
	region_code TEXT NOT NULL,
	county_code TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX party_points_member ON party_points(party_member_id, on_date);
CREATE INDEX party_points_region ON party_points(region_code, on_date);

-- Training sessions, trainees and employment records.
CREATE TABLE training (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	on_date TEXT NOT NULL,
	organiser TEXT,
	fund_id INTEGER REFERENCES fund(id),
	status TEXT,                  -- planned / held
	region_code TEXT NOT NULL,
	county_code TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX training_region ON training(region_code, on_date);

CREATE TABLE trainee (
	id INTEGER PRIMARY KEY,
	training_id INTEGER NOT NULL REFERENCES training(id),
	household_id INTEGER NOT NULL REFERENCES household(id),
	id_number TEXT NOT NULL,      -- a member of the household
	result TEXT,
	region_code TEXT NOT NULL,
	county_code TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX trainee_person ON trainee(training_id, id_number);
CREATE INDEX trainee_region ON trainee(region_code);

CREATE TABLE employment (
	id INTEGER PRIMARY KEY,
	household_id INTEGER NOT NULL REFERENCES household(id),
	id_number TEXT NOT NULL,
	employer TEXT,
	place TEXT,
	from_date TEXT,
	to_date TEXT,
	monthly_income INTEGER,
	kind TEXT,                    -- export / local
	region_code TEXT NOT NULL,
	county_code TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX employment_region ON employment(region_code);
CREATE INDEX employment_household ON employment(household_id);

-- The village's own figures per year, and its itemised ones (crops,
-- livestock, schools, kindergartens, clinics, roads by group).
CREATE TABLE village_profile (
	id INTEGER PRIMARY KEY,
	region_code TEXT NOT NULL,
	county_code TEXT NOT NULL,
	year INTEGER NOT NULL,
	to_town_km INTEGER,
	to_county_km INTEGER,
	elevation_m INTEGER,
	terrain TEXT,
	land_km2 INTEGER,
	cultivated_mu INTEGER,
	forest_ha INTEGER,
	grain_mu INTEGER,
	grain_kg INTEGER,
	economic_income INTEGER,
	per_capita_income INTEGER,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX village_profile_year ON village_profile(region_code, year);

CREATE TABLE village_item (
	id INTEGER PRIMARY KEY,
	region_code TEXT NOT NULL,
	county_code TEXT NOT NULL,
	year INTEGER NOT NULL,
	category TEXT NOT NULL,       -- crop/livestock/school/kindergarten/clinic/road
	name TEXT NOT NULL,           -- crop, animal, school, group ...
	area_mu INTEGER,
	output_kg INTEGER,
	stock INTEGER,
	slaughtered INTEGER,
	staff INTEGER,                -- teachers, doctors
	people INTEGER,               -- students, children
	hardened_km INTEGER,
	dirt_km INTEGER,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX village_item_region ON village_item(region_code, year, category);

-- Notes per village and year: problems, next-step plans (the report
-- prints them).
CREATE TABLE note (
	id INTEGER PRIMARY KEY,
	region_code TEXT NOT NULL,
	county_code TEXT NOT NULL,
	year INTEGER NOT NULL,
	category TEXT NOT NULL,       -- problem / plan / other
	text TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX note_region ON note(region_code, year);
