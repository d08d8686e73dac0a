ALTER TABLE forces DROP COLUMN retired_at;
ALTER TABLE sites DROP COLUMN retired_at;
ALTER TABLE users DROP COLUMN must_change_password;
