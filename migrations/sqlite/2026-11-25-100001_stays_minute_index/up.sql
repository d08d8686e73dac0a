-- Exact percentiles for one period (a month or year of a report's over-time
-- rows): the window's stays in the minute holding rank k, found by minute
-- then day and sorted (a few hundred rows), instead of every stay in that
-- minute across the table. The expression is db::reports::MINUTE exactly.
CREATE INDEX stays_minute ON stays ((handover_seconds + 59) / 60, arrived_local_date, handover_seconds, cancelled, breached);
