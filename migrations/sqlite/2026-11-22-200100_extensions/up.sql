-- s136B extensions of the 24-hour detention period, authorised by the
-- registered medical practitioner (up to 12 hours in total); at a police
-- station a superintendent or above must approve too.
CREATE TABLE extensions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    episode_id BIGINT NOT NULL REFERENCES episodes (id),
    authorised_by_name TEXT NOT NULL,
    authorised_at TIMESTAMP NOT NULL,
    hours INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 12),
    reason TEXT NOT NULL CHECK (reason IN ('assessment_impracticable', 'other')),
    reason_note TEXT,
    superintendent_name TEXT,
    superintendent_collar TEXT,
    recorded_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX extensions_episode ON extensions (episode_id, id);
