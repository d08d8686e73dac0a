ALTER TABLE episodes DROP COLUMN arrested;
ALTER TABLE episodes DROP COLUMN ethnicity_perceived;
