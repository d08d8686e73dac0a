-- Reports group arrivals by Europe/London calendar day, hour and weekday.
-- SQLite cannot convert time zones, so the application computes these when it
-- writes the stay (and fills in older rows once, at start-up).
ALTER TABLE stays ADD COLUMN arrived_local_date DATE;
ALTER TABLE stays ADD COLUMN arrived_local_hour SMALLINT;
-- ISO weekday: 1 = Monday ... 7 = Sunday.
ALTER TABLE stays ADD COLUMN arrived_local_dow SMALLINT;

-- Covering index for report aggregates: a window of days is one range scan
-- that never touches the table rows (cost grows with the rows in the window).
CREATE INDEX stays_report ON stays (
    arrived_local_date, force_id, site_id, cancelled, seq, handover_seconds,
    breached, officers, delay_reason, arrived_local_hour, arrived_local_dow
);
CREATE INDEX stays_report_force ON stays (force_id, arrived_local_date);
CREATE INDEX stays_report_site ON stays (site_id, arrived_local_date);
