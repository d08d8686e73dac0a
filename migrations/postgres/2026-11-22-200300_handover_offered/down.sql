ALTER TABLE stays DROP COLUMN handover_offered_at;
