-- 0007: what the indicators of the annual report need beyond issue 5:
-- a fund's use (relief, training, housing, party ... : the report adds
-- up funds by use), a livestock item's kind (large livestock, pigs,
-- goats ...: item names are free text) and whether a village is on the
-- list of poor villages that year.

ALTER TABLE fund ADD COLUMN fund_use TEXT;          -- work.fund_use
ALTER TABLE village_item ADD COLUMN kind TEXT;      -- work.livestock
ALTER TABLE village_profile ADD COLUMN poor_village INTEGER;
CREATE INDEX fund_received ON fund(region_code, received_date);
