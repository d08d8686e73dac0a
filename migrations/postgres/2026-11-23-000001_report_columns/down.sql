DROP INDEX stays_report_site;
DROP INDEX stays_report_force;
DROP INDEX stays_report;
ALTER TABLE stays DROP COLUMN arrived_local_dow;
ALTER TABLE stays DROP COLUMN arrived_local_hour;
ALTER TABLE stays DROP COLUMN arrived_local_date;
