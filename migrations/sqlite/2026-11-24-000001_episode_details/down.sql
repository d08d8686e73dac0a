ALTER TABLE episodes DROP COLUMN police_vehicle_reason;
ALTER TABLE episodes DROP COLUMN transport;
ALTER TABLE episodes DROP COLUMN ethnicity;
ALTER TABLE episodes DROP COLUMN sex;
ALTER TABLE episodes DROP COLUMN age_band;
ALTER TABLE episodes DROP COLUMN amhp_name;
ALTER TABLE episodes DROP COLUMN warrant_at;
ALTER TABLE episodes DROP COLUMN location_type;
