-- A person on the way to a place of safety: said by the officer or the
-- control room before arrival, with no personal details, so the site can
-- prepare. Open until it becomes an arrival, is cancelled, or expires
-- (2 hours after its ETA, worked out when read).
CREATE TABLE prealerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    force_id BIGINT NOT NULL REFERENCES forces (id),
    site_id BIGINT NOT NULL REFERENCES sites (id),
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    eta_at TIMESTAMP NOT NULL,
    under_18 BOOLEAN NOT NULL DEFAULT FALSE,
    needs_ed BOOLEAN NOT NULL DEFAULT FALSE,
    violence_risk BOOLEAN NOT NULL DEFAULT FALSE,
    note TEXT,
    cancelled_at TIMESTAMP,
    cancelled_by BIGINT REFERENCES users (id),
    episode_id BIGINT UNIQUE REFERENCES episodes (id),
    arrived_at TIMESTAMP
);
CREATE INDEX prealerts_site_open ON prealerts (site_id, eta_at) WHERE cancelled_at IS NULL AND episode_id IS NULL;
CREATE INDEX prealerts_force ON prealerts (force_id, created_at);
