-- Times are UTC, whole seconds, as 'YYYY-MM-DD HH:MM:SS'.
CREATE TABLE forces (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE sites (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('mental_health_unit', 'emergency_department', 'police_station', 'other')),
    trust TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('officer', 'health', 'manager', 'admin')),
    force_id BIGINT REFERENCES forces (id),
    site_id BIGINT REFERENCES sites (id),
    collar_number TEXT,
    last_site_id BIGINT REFERENCES sites (id),
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    ip TEXT NOT NULL,
    attempted_at TIMESTAMP NOT NULL,
    succeeded BOOLEAN NOT NULL
);
CREATE INDEX login_attempts_username ON login_attempts (username, attempted_at);
CREATE INDEX login_attempts_ip ON login_attempts (ip, attempted_at);

CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
INSERT INTO settings (key, value) VALUES ('handover_target_minutes', '60');

-- A detention. Its places of safety are `stays`, in order (seq 1 is the first).
CREATE TABLE episodes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reference TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL DEFAULT 's136' CHECK (kind IN ('s136', 's135')),
    force_id BIGINT NOT NULL REFERENCES forces (id),
    collar_number TEXT NOT NULL,
    detained_at TIMESTAMP,
    notes TEXT,
    created_by BIGINT NOT NULL REFERENCES users (id),
    client_ref TEXT,
    cancelled_at TIMESTAMP,
    cancelled_by BIGINT REFERENCES users (id),
    cancel_reason TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX episodes_client_ref ON episodes (created_by, client_ref);
CREATE INDEX episodes_force ON episodes (force_id);

CREATE TABLE stays (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    episode_id BIGINT NOT NULL REFERENCES episodes (id),
    seq INTEGER NOT NULL,
    site_id BIGINT NOT NULL REFERENCES sites (id),
    force_id BIGINT NOT NULL REFERENCES forces (id),
    officers INTEGER NOT NULL,
    arrived_at TIMESTAMP NOT NULL,
    backdate_reason TEXT,
    handed_over_at TIMESTAMP,
    handover_seconds BIGINT,
    breached BOOLEAN,
    accepted_by BIGINT REFERENCES users (id),
    accepted_by_name TEXT,
    accepted_by_role TEXT,
    delay_reason TEXT CHECK (delay_reason IN ('risk_to_life', 'insufficient_staff', 'awaiting_medical_clearance', 'awaiting_bed_or_transfer', 'violence_or_absconding_risk', 'other')),
    delay_note TEXT,
    police_left_at TIMESTAMP,
    cancelled BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (episode_id, seq)
);
CREATE INDEX stays_site_open ON stays (site_id, handed_over_at, arrived_at);
CREATE INDEX stays_force_arrived ON stays (force_id, arrived_at);
CREATE INDEX stays_arrived ON stays (arrived_at);

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    episode_id BIGINT REFERENCES episodes (id),
    actor_id BIGINT REFERENCES users (id),
    actor_name TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_events_episode ON audit_events (episode_id, id);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
