ALTER TABLE episodes DROP COLUMN request_digest;
