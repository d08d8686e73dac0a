-- The transactional outbox (issue 15): every notification to send, written
-- in the same transaction as the change that causes it (or, for time
-- thresholds, by the scheduler), and sent by a delivery worker with retries.
-- Payloads carry codes, times and minutes only: never notes or names.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Stable across retries and instances: receivers drop repeats by it.
    key TEXT NOT NULL UNIQUE,
    -- webhook | email | push
    channel TEXT NOT NULL,
    -- The webhook id, the email address or the recipient user id (push).
    target TEXT NOT NULL,
    -- escalation | handover | stay_request | stay_answer | stay_reminder | police_declined
    kind TEXT NOT NULL,
    episode_id BIGINT REFERENCES episodes (id),
    site_id BIGINT REFERENCES sites (id),
    force_id BIGINT REFERENCES forces (id),
    payload TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    -- pending | sent | failed (the dead letter list)
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    last_error TEXT,
    sent_at TIMESTAMP,
    -- A worker's claim: no other takes the row until it runs out.
    claimed_by TEXT,
    claimed_until TIMESTAMP
);
CREATE INDEX notifications_due ON notifications (state, next_attempt_at);
CREATE INDEX notifications_episode ON notifications (episode_id);

-- Where webhooks go: every site and force (both empty), one force or one site.
CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    site_id BIGINT REFERENCES sites (id),
    force_id BIGINT REFERENCES forces (id),
    -- Comma-separated notification kinds; empty: every kind.
    events TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL
);

-- A site's escalation thresholds (minutes after arrival, comma-separated)
-- and the repeat after the last; a site without a row has the default.
CREATE TABLE escalation_rules (
    site_id BIGINT PRIMARY KEY REFERENCES sites (id),
    thresholds TEXT NOT NULL,
    repeat_minutes INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Each threshold reached, once per stay (the unique key makes a second
-- instance's scan a no-op).
CREATE TABLE escalations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    stay_id BIGINT NOT NULL REFERENCES stays (id) ON DELETE CASCADE,
    episode_id BIGINT NOT NULL REFERENCES episodes (id),
    threshold_minutes INTEGER NOT NULL,
    at TIMESTAMP NOT NULL,
    UNIQUE (stay_id, threshold_minutes)
);
CREATE INDEX escalations_episode ON escalations (episode_id);

-- Reminders sent for an unanswered request to stay, once per request.
CREATE TABLE stay_reminders (
    stay_request_id BIGINT PRIMARY KEY REFERENCES stay_requests (id) ON DELETE CASCADE,
    at TIMESTAMP NOT NULL
);

-- Who a site's notifications email: on_call | manager.
CREATE TABLE site_contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id BIGINT NOT NULL REFERENCES sites (id),
    role TEXT NOT NULL,
    email TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (site_id, role, email)
);
