//! Instants are UTC, whole seconds; people read Europe/London. The conversions
//! storage needs (below the domain, so `db` does not import it); the rest of
//! the time rules are in `domain::time`, which re-exports these.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Europe::London;
use chrono_tz::Tz;

pub fn trunc(t: DateTime<Utc>) -> DateTime<Utc> {
    t.with_nanosecond(0).unwrap_or(t)
}

pub fn to_db(t: DateTime<Utc>) -> NaiveDateTime {
    trunc(t).naive_utc()
}

pub fn from_db(t: NaiveDateTime) -> DateTime<Utc> {
    Utc.from_utc_datetime(&t)
}

pub fn london(t: DateTime<Utc>) -> DateTime<Tz> {
    t.with_timezone(&London)
}

/// The Europe/London calendar day, hour (0-23) and ISO weekday (1 = Monday)
/// of an instant: stored on each stay so reports can group by them on any backend.
pub fn local_parts(t: DateTime<Utc>) -> (NaiveDate, i16, i16) {
    let l = london(t);
    (
        l.date_naive(),
        l.hour() as i16,
        l.weekday().number_from_monday() as i16,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn local_parts_follow_the_uk_clock() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // 23:30 UTC on a summer Saturday is 00:30 on Sunday in the UK.
        assert_eq!(
            local_parts(utc("2026-07-11T23:30:00Z")),
            (d("2026-07-12"), 0, 7)
        );
        // In winter UTC and UK time agree.
        assert_eq!(
            local_parts(utc("2026-01-12T23:30:00Z")),
            (d("2026-01-12"), 23, 1)
        );
        // Both 01:30s on the night the clocks go back are hour 1 of Sunday.
        assert_eq!(
            local_parts(utc("2026-10-25T00:30:00Z")),
            (d("2026-10-25"), 1, 7)
        );
        assert_eq!(
            local_parts(utc("2026-10-25T01:30:00Z")),
            (d("2026-10-25"), 1, 7)
        );
    }
}
