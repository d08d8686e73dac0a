-- Web Push: the browsers (one row per device and browser) where a user has
-- asked to be notified. The endpoint is the push service's address for that
-- browser, p256dh and auth the browser's keys (RFC 8291), all base64url as
-- the browser gives them. An endpoint belongs to the last account that
-- subscribed with it (a shared ward computer). A subscription ends when its
-- user turns it off (ended_reason 'unsubscribed') or the push service says
-- it is gone (404/410: 'gone'); ended rows are kept for the record.
-- The server's VAPID key pair is made on first start and kept in settings
-- (key 'vapid_private_key'; never logged, never shown).
CREATE TABLE push_subscriptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id),
    endpoint TEXT NOT NULL UNIQUE,
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    label TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_success_at TIMESTAMP,
    failures INTEGER NOT NULL DEFAULT 0,
    ended_at TIMESTAMP,
    ended_reason TEXT
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id) WHERE ended_at IS NULL;
