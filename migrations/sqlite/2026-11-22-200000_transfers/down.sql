ALTER TABLE stays DROP COLUMN departed_at;
