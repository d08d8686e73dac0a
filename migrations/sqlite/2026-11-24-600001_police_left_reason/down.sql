ALTER TABLE stays DROP COLUMN police_left_reason;
