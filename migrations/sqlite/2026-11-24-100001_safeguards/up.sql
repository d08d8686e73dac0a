-- Police-station safeguards (s136A MHA 1983; SI 2017/1036). One authorisation
-- per police-station stay: the inspector (or above) who authorised it and the
-- conditions of regulation 2, all confirmed when it is recorded.
CREATE TABLE police_station_authorisations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    stay_id BIGINT NOT NULL UNIQUE REFERENCES stays (id),
    episode_id BIGINT NOT NULL REFERENCES episodes (id),
    inspector_name TEXT NOT NULL,
    inspector_collar TEXT NOT NULL,
    imminent_risk BOOLEAN NOT NULL,
    no_other_place BOOLEAN NOT NULL,
    health_consulted TEXT NOT NULL CHECK (health_consulted IN ('consulted', 'not_practicable')),
    not_consulted_reason TEXT,
    recorded_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX police_station_authorisations_episode ON police_station_authorisations (episode_id, id);

-- Health professional checks of a person held at a police station, at least
-- every 30 minutes (SI 2017/1036 reg 4).
CREATE TABLE health_checks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    episode_id BIGINT NOT NULL REFERENCES episodes (id),
    stay_id BIGINT NOT NULL REFERENCES stays (id),
    checked_at TIMESTAMP NOT NULL,
    checked_by_name TEXT NOT NULL,
    note TEXT,
    recorded_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX health_checks_episode ON health_checks (episode_id, checked_at);
