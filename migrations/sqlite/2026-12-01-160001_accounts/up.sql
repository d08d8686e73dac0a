-- A password someone else chose or saw (generated for a new account, the
-- first admin or a reset) must be changed by its owner at first sign-in.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT 0;
-- Retired places of safety and forces are not offered for new work; their
-- history stays.
ALTER TABLE sites ADD COLUMN retired_at TIMESTAMP;
ALTER TABLE forces ADD COLUMN retired_at TIMESTAMP;
