-- Health staff ask police to stay (a reason code); the officer agrees or declines.
-- One request per stay.
CREATE TABLE stay_requests (
    id BIGSERIAL PRIMARY KEY,
    stay_id BIGINT NOT NULL UNIQUE REFERENCES stays (id),
    episode_id BIGINT NOT NULL REFERENCES episodes (id),
    requested_at TIMESTAMP NOT NULL,
    requested_by BIGINT NOT NULL REFERENCES users (id),
    requested_by_name TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('risk_to_life', 'insufficient_staff', 'awaiting_medical_clearance', 'awaiting_bed_or_transfer', 'violence_or_absconding_risk', 'other')),
    reason_note TEXT,
    agreed BOOLEAN,
    answered_at TIMESTAMP,
    answered_by BIGINT REFERENCES users (id),
    answered_by_name TEXT
);
CREATE INDEX stay_requests_episode ON stay_requests (episode_id);
