-- #17: the Home Office's own lists. Method of transport adds "other health
-- vehicle" and "none (already at a place of safety)"; a place of safety may
-- be a private home (any other suitable place whose occupier agrees). Every
-- stored code is on the new lists, so existing data keeps its codes.
ALTER TABLE episodes DROP CONSTRAINT episodes_transport_check;
ALTER TABLE episodes ADD CONSTRAINT episodes_transport_check CHECK (transport IN ('ambulance', 'police_vehicle', 'other_health_vehicle', 'other', 'unknown', 'none'));
ALTER TABLE sites DROP CONSTRAINT sites_kind_check;
ALTER TABLE sites ADD CONSTRAINT sites_kind_check CHECK (kind IN ('mental_health_unit', 'emergency_department', 'police_station', 'private_home', 'other'));
