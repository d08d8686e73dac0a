DROP TRIGGER audit_events_no_update;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
ALTER TABLE audit_events DROP COLUMN redacted_at;
ALTER TABLE episodes DROP COLUMN purged_at;
