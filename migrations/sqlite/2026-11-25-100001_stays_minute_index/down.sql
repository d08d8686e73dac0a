DROP INDEX IF EXISTS stays_minute;
