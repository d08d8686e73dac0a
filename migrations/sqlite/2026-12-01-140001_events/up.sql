-- Every change to a case or a pre-alert, written in the change's own
-- transaction: what the live streams send (and resume from by id), so a
-- stream never shows a change that was rolled back.
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TIMESTAMP NOT NULL,
    kind TEXT NOT NULL,
    force_id BIGINT NOT NULL REFERENCES forces (id),
    -- The place of safety it concerns (where the person is now) and, for a
    -- transfer, the one they left: both sites' streams carry it.
    site_id BIGINT NOT NULL REFERENCES sites (id),
    other_site_id BIGINT REFERENCES sites (id),
    episode_id BIGINT REFERENCES episodes (id),
    prealert_id BIGINT,
    data TEXT NOT NULL
);
CREATE INDEX events_site ON events (site_id, id);
CREATE INDEX events_other_site ON events (other_site_id, id) WHERE other_site_id IS NOT NULL;
CREATE INDEX events_force ON events (force_id, id);
CREATE INDEX events_at ON events (at);
