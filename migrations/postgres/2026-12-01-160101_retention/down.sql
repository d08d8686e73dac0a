CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql;
ALTER TABLE audit_events DROP COLUMN redacted_at;
ALTER TABLE episodes DROP COLUMN purged_at;
