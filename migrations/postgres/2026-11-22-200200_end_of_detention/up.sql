-- The end of the detention, with its outcome and the assessment times.
-- After it no clock runs and no further stays or extensions are recorded.
ALTER TABLE episodes ADD COLUMN ended_at TIMESTAMP;
ALTER TABLE episodes ADD COLUMN ended_by BIGINT REFERENCES users (id);
ALTER TABLE episodes ADD COLUMN outcome TEXT CHECK (outcome IN ('admitted_informally', 'detained_s2', 'detained_s3', 'discharged_with_follow_up', 'discharged_without_follow_up', 'transferred_to_police_custody', 'other'));
ALTER TABLE episodes ADD COLUMN outcome_note TEXT;
ALTER TABLE episodes ADD COLUMN assessment_started_at TIMESTAMP;
ALTER TABLE episodes ADD COLUMN assessment_completed_at TIMESTAMP;
