-- What the law and the Home Office return need about a detention (codes from
-- domain::rules). All optional when the arrival is logged; the case page lists
-- what is still missing. The first place of safety's type is the kind of the
-- site of stay 1, so it is not stored twice.
ALTER TABLE episodes ADD COLUMN location_type TEXT CHECK (location_type IN ('public_place', 'other_non_dwelling'));
-- s135(1) episodes: when the warrant was executed, and the AMHP.
ALTER TABLE episodes ADD COLUMN warrant_at TIMESTAMP;
ALTER TABLE episodes ADD COLUMN amhp_name TEXT;
ALTER TABLE episodes ADD COLUMN age_band TEXT CHECK (age_band IN ('under_18', '18_24', '25_34', '35_44', '45_54', '55_64', '65_plus', 'not_known'));
ALTER TABLE episodes ADD COLUMN sex TEXT CHECK (sex IN ('female', 'male', 'other', 'not_stated'));
ALTER TABLE episodes ADD COLUMN ethnicity TEXT CHECK (ethnicity IN ('asian_bangladeshi', 'asian_chinese', 'asian_indian', 'asian_pakistani', 'asian_other', 'black_african', 'black_caribbean', 'black_other', 'mixed_white_asian', 'mixed_white_black_african', 'mixed_white_black_caribbean', 'mixed_other', 'white_british', 'white_irish', 'white_gypsy_traveller', 'white_roma', 'white_other', 'other_arab', 'other_any', 'not_stated'));
ALTER TABLE episodes ADD COLUMN transport TEXT CHECK (transport IN ('ambulance', 'police_vehicle', 'other', 'unknown'));
ALTER TABLE episodes ADD COLUMN police_vehicle_reason TEXT CHECK (police_vehicle_reason IN ('ambulance_unavailable', 'ambulance_not_requested', 'risk_or_violence', 'other', 'unknown'));
