-- Retention (s136 purge): when a closed case's free text was cleared, and
-- the one change the audit trail allows: its copies of that text are
-- redacted once (redacted_at set from NULL), every other column unchanged.
ALTER TABLE episodes ADD COLUMN purged_at TIMESTAMP;
ALTER TABLE audit_events ADD COLUMN redacted_at TIMESTAMP;

DROP TRIGGER audit_events_no_update;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
WHEN NOT (
    OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL
    AND NEW.id = OLD.id
    AND NEW.episode_id IS OLD.episode_id
    AND NEW.actor_id IS OLD.actor_id
    AND NEW.actor_name = OLD.actor_name
    AND NEW.at = OLD.at
    AND NEW.action = OLD.action
    AND NEW.entity = OLD.entity
    AND NEW.entity_id IS OLD.entity_id
)
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
