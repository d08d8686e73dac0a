ALTER TABLE episodes DROP COLUMN assessment_completed_at;
ALTER TABLE episodes DROP COLUMN assessment_started_at;
ALTER TABLE episodes DROP COLUMN outcome_note;
ALTER TABLE episodes DROP COLUMN outcome;
ALTER TABLE episodes DROP COLUMN ended_by;
ALTER TABLE episodes DROP COLUMN ended_at;
