-- A transfer ends a stay at the time the person left; the next stay (seq + 1)
-- starts at the destination. The detention clock is the episode's, not the stay's.
ALTER TABLE stays ADD COLUMN departed_at TIMESTAMP;
