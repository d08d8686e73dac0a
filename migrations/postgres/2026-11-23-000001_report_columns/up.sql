-- Reports group arrivals by Europe/London calendar day, hour and weekday.
-- Computed by the application when it writes the stay (the same code as for
-- SQLite, which cannot convert time zones); older rows are filled in at start-up.
ALTER TABLE stays ADD COLUMN arrived_local_date DATE;
ALTER TABLE stays ADD COLUMN arrived_local_hour SMALLINT;
-- ISO weekday: 1 = Monday ... 7 = Sunday.
ALTER TABLE stays ADD COLUMN arrived_local_dow SMALLINT;

-- Covering index for report aggregates (index-only scans over a window of days).
CREATE INDEX stays_report ON stays (arrived_local_date)
    INCLUDE (force_id, site_id, cancelled, seq, handover_seconds, breached,
             officers, delay_reason, arrived_local_hour, arrived_local_dow);
CREATE INDEX stays_report_force ON stays (force_id, arrived_local_date);
CREATE INDEX stays_report_site ON stays (site_id, arrived_local_date);
