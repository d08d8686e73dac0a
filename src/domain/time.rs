//! Instants are UTC, whole seconds. People read and type Europe/London.

use crate::domain::lang::{Msg, SHORT_MONTHS, SHORT_WEEKDAYS};
use crate::msg;
use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::London;

// The conversions the queries need too live below the domain.
pub use crate::time::{from_db, local_parts, london, to_db, trunc};

/// Clock skew allowed between a device and the server.
pub const SKEW: Duration = Duration::minutes(2);

/// Whether this wall-clock time happened twice (the last Sunday of October).
fn is_ambiguous(t: DateTime<Utc>) -> bool {
    matches!(
        London.from_local_datetime(&london(t).naive_local()),
        LocalResult::Ambiguous(_, _)
    )
}

/// "14:05", with the zone added on the night the hour repeats ("01:30 BST").
pub fn hm(t: DateTime<Utc>) -> String {
    let l = london(t);
    if is_ambiguous(t) {
        l.format("%H:%M %Z").to_string()
    } else {
        l.format("%H:%M").to_string()
    }
}

/// "Sun 22 Nov 2026, 14:05" (zone added when ambiguous).
pub fn long(t: DateTime<Utc>) -> String {
    format!("{}, {}", london(t).format("%a %-d %b %Y"), hm(t))
}

/// The value a `datetime-local` input takes: "2026-11-22T14:05".
pub fn input_value(t: DateTime<Utc>) -> String {
    london(t).format("%Y-%m-%dT%H:%M").to_string()
}

pub fn iso_utc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Which of two identical wall-clock times is meant on the night clocks go back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// The first 01:xx (BST, UTC+1).
    Bst,
    /// The second 01:xx (GMT, UTC+0).
    Gmt,
}

impl Fold {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "bst" => Some(Self::Bst),
            "gmt" => Some(Self::Gmt),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalTimeError {
    Format,
    /// Skipped when the clocks went forward.
    Gap,
    /// Happened twice; the user must say which.
    Ambiguous,
}

/// Parses "YYYY-MM-DDTHH:MM" (or with a space, or with seconds) or
/// "DD/MM/YYYY HH:MM" as Europe/London.
pub fn parse_local(s: &str, fold: Option<Fold>) -> Result<DateTime<Utc>, LocalTimeError> {
    let s = s.trim();
    // ISO (what a date picker sends) and the British day/month/year people
    // type where there is no picker: "21/11/2026 14:05".
    let naive = [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y, %H:%M",
        "%d/%m/%Y %H.%M",
        "%d-%m-%Y %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    .ok_or(LocalTimeError::Format)?;
    match London.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(trunc(t.with_timezone(&Utc))),
        LocalResult::Ambiguous(first, second) => match fold {
            Some(Fold::Bst) => Ok(trunc(first.with_timezone(&Utc))),
            Some(Fold::Gmt) => Ok(trunc(second.with_timezone(&Utc))),
            None => Err(LocalTimeError::Ambiguous),
        },
        LocalResult::None => Err(LocalTimeError::Gap),
    }
}

/// The key of the message that asks which of two repeated times was meant.
pub const TIME_AMBIGUOUS: &str = "time-ambiguous";

/// A message for a bad local time; `what` is the catalogue key of the
/// field in words, with its article ("the arrival time").
pub fn local_time_message(err: &LocalTimeError, what: &'static str, raw: &str) -> Msg {
    let shown = raw.replace('T', " ");
    let what = Msg::new(what);
    match err {
        LocalTimeError::Format => msg!("time-format", what = what),
        LocalTimeError::Gap => msg!("time-gap", what = what, time = shown),
        LocalTimeError::Ambiguous => Msg::new(TIME_AMBIGUOUS)
            .arg("what", what)
            .arg("time", shown),
    }
}

/// "0h 37m", "2h 05m": floored to whole minutes.
pub fn duration_hm(seconds: i64) -> String {
    let s = seconds.max(0);
    format!("{}h {:02}m", s / 3600, (s % 3600) / 60)
}

/// [`long`] as a message: "Sun 22 Nov 2026, 14:05", "Sul 22 Tach 2026, 14:05".
pub fn long_msg(t: DateTime<Utc>) -> Msg {
    use chrono::Datelike;
    let l = london(t);
    let (weekday, day, month) = short_parts(t);
    msg!(
        "case-when-long",
        weekday = weekday,
        day = day,
        month = month,
        year = l.year(),
        time = hm(t)
    )
}

/// "Sun", 22, "Nov" (catalogue keys for the short names).
pub fn short_parts(t: DateTime<Utc>) -> (Msg, u32, Msg) {
    use chrono::Datelike;
    let l = london(t);
    (
        Msg::new(SHORT_WEEKDAYS[l.weekday().num_days_from_monday() as usize]),
        l.day(),
        Msg::new(SHORT_MONTHS[l.month0() as usize]),
    )
}

/// [`duration_hm`] as a message: "2h 05m" / "2 awr 05 mun".
pub fn duration_msg(seconds: i64) -> Msg {
    let s = seconds.max(0);
    msg!(
        "case-duration-hm",
        h = s / 3600,
        m = format!("{:02}", (s % 3600) / 60)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn parses_local_in_winter_and_summer() {
        assert_eq!(
            parse_local("2026-01-10T14:05", None),
            Ok(utc("2026-01-10T14:05:00Z"))
        );
        assert_eq!(
            parse_local("2026-07-10T14:05", None),
            Ok(utc("2026-07-10T13:05:00Z"))
        );
    }

    #[test]
    fn spring_gap_is_refused() {
        // 29 March 2026: 01:00 GMT becomes 02:00 BST.
        assert_eq!(
            parse_local("2026-03-29T01:30", None),
            Err(LocalTimeError::Gap)
        );
        assert_eq!(
            parse_local("2026-03-29T00:59", None),
            Ok(utc("2026-03-29T00:59:00Z"))
        );
        assert_eq!(
            parse_local("2026-03-29T02:00", None),
            Ok(utc("2026-03-29T01:00:00Z"))
        );
    }

    #[test]
    fn autumn_repeat_needs_a_fold() {
        // 25 October 2026: 02:00 BST becomes 01:00 GMT; 01:30 happens twice.
        assert_eq!(
            parse_local("2026-10-25T01:30", None),
            Err(LocalTimeError::Ambiguous)
        );
        assert_eq!(
            parse_local("2026-10-25T01:30", Some(Fold::Bst)),
            Ok(utc("2026-10-25T00:30:00Z"))
        );
        assert_eq!(
            parse_local("2026-10-25T01:30", Some(Fold::Gmt)),
            Ok(utc("2026-10-25T01:30:00Z"))
        );
    }

    #[test]
    fn display_marks_only_the_repeated_hour() {
        assert_eq!(hm(utc("2026-10-25T00:30:00Z")), "01:30 BST");
        assert_eq!(hm(utc("2026-10-25T01:30:00Z")), "01:30 GMT");
        assert_eq!(hm(utc("2026-10-25T03:30:00Z")), "03:30");
        assert_eq!(long(utc("2026-07-10T13:05:00Z")), "Fri 10 Jul 2026, 14:05");
    }

    #[test]
    fn bad_format_is_refused() {
        for bad in [
            "",
            "14:05",
            "2026-13-01T10:00",
            "2026-02-30T10:00",
            "yesterday",
        ] {
            assert_eq!(parse_local(bad, None), Err(LocalTimeError::Format), "{bad}");
        }
    }

    #[test]
    fn durations_floor_to_minutes() {
        assert_eq!(duration_hm(0), "0h 00m");
        assert_eq!(duration_hm(3599), "0h 59m");
        assert_eq!(duration_hm(3600), "1h 00m");
        assert_eq!(duration_hm(3661), "1h 01m");
        assert_eq!(duration_hm(-5), "0h 00m");
    }
}
