-- #17: the Home Office's own lists. Method of transport adds "other health
-- vehicle" and "none (already at a place of safety)"; a place of safety may
-- be a private home (any other suitable place whose occupier agrees). Every
-- stored code is on the new lists, so existing data keeps its codes.
--
-- SQLite cannot change a CHECK in place: each column is copied into one with
-- the wider CHECK, dropped and the copy renamed (the columns are in no index,
-- view or trigger, which DROP COLUMN requires).
ALTER TABLE episodes ADD COLUMN transport_ho TEXT CHECK (transport_ho IN ('ambulance', 'police_vehicle', 'other_health_vehicle', 'other', 'unknown', 'none'));
UPDATE episodes SET transport_ho = transport WHERE transport IS NOT NULL;
ALTER TABLE episodes DROP COLUMN transport;
ALTER TABLE episodes RENAME COLUMN transport_ho TO transport;

ALTER TABLE sites ADD COLUMN kind_ho TEXT NOT NULL DEFAULT 'other' CHECK (kind_ho IN ('mental_health_unit', 'emergency_department', 'police_station', 'private_home', 'other'));
UPDATE sites SET kind_ho = kind;
ALTER TABLE sites DROP COLUMN kind;
ALTER TABLE sites RENAME COLUMN kind_ho TO kind;
