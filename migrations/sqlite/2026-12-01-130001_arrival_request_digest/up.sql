-- A digest of what the arrival form said, beside its client_ref: the same
-- ref with different contents is refused, never merged (see domain::episodes::arrival).
ALTER TABLE episodes ADD COLUMN request_digest TEXT;
