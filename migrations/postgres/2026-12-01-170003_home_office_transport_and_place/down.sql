-- The codes the old lists lack become their nearest older code ("other").
UPDATE episodes SET transport = 'other' WHERE transport IN ('other_health_vehicle', 'none');
ALTER TABLE episodes DROP CONSTRAINT episodes_transport_check;
ALTER TABLE episodes ADD CONSTRAINT episodes_transport_check CHECK (transport IN ('ambulance', 'police_vehicle', 'other', 'unknown'));
UPDATE sites SET kind = 'other' WHERE kind = 'private_home';
ALTER TABLE sites DROP CONSTRAINT sites_kind_check;
ALTER TABLE sites ADD CONSTRAINT sites_kind_check CHECK (kind IN ('mental_health_unit', 'emergency_department', 'police_station', 'other'));
