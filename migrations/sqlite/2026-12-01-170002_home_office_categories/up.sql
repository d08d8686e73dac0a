-- Home Office return categories (#17): the ethnic group as the officer
-- perceived it, recorded where it differs from the person's own, and whether
-- a person held at a police station was arrested for an offence. Existing
-- cases keep every code they have; both new fields start not recorded.
ALTER TABLE episodes ADD COLUMN ethnicity_perceived TEXT CHECK (ethnicity_perceived IN ('asian_bangladeshi', 'asian_chinese', 'asian_indian', 'asian_pakistani', 'asian_other', 'black_african', 'black_caribbean', 'black_other', 'mixed_white_asian', 'mixed_white_black_african', 'mixed_white_black_caribbean', 'mixed_other', 'white_british', 'white_irish', 'white_gypsy_traveller', 'white_roma', 'white_other', 'other_arab', 'other_any', 'not_stated'));
ALTER TABLE episodes ADD COLUMN arrested TEXT CHECK (arrested IN ('yes', 'no', 'not_known'));
