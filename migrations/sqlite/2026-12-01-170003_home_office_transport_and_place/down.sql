-- The codes the old lists lack become their nearest older code ("other").
ALTER TABLE episodes ADD COLUMN transport_old TEXT CHECK (transport_old IN ('ambulance', 'police_vehicle', 'other', 'unknown'));
UPDATE episodes SET transport_old = CASE WHEN transport IN ('other_health_vehicle', 'none') THEN 'other' ELSE transport END WHERE transport IS NOT NULL;
ALTER TABLE episodes DROP COLUMN transport;
ALTER TABLE episodes RENAME COLUMN transport_old TO transport;

ALTER TABLE sites ADD COLUMN kind_old TEXT NOT NULL DEFAULT 'other' CHECK (kind_old IN ('mental_health_unit', 'emergency_department', 'police_station', 'other'));
UPDATE sites SET kind_old = CASE WHEN kind = 'private_home' THEN 'other' ELSE kind END;
ALTER TABLE sites DROP COLUMN kind;
ALTER TABLE sites RENAME COLUMN kind_old TO kind;
