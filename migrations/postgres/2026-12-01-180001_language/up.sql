-- The language a person chose (NULL: not chosen yet), and the default of a
-- site or force for its staff who have not chosen (NULL: none set).
ALTER TABLE users ADD COLUMN language TEXT CHECK (language IN ('en', 'cy'));
ALTER TABLE sites ADD COLUMN language TEXT CHECK (language IN ('en', 'cy'));
ALTER TABLE forces ADD COLUMN language TEXT CHECK (language IN ('en', 'cy'));
