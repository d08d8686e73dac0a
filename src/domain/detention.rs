//! The legal clock of a detention (s136(2A) and s136B MHA 1983, as amended by
//! the Policing and Crime Act 2017): 24 hours from arrival at the first place of
//! safety, extendable by the registered medical practitioner by up to 12 hours
//! in total. A transfer does not restart it.

use crate::domain::rules::{CodedField, coded_with_note};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use super::auth::Actor;
use super::case::{Audit, AuditAction, Entity, act};
use super::episodes::CaseData;
use super::policy;
use super::rules::{ExtensionReason, SiteKind, check_event_time};
use super::time::{duration_msg, from_db, hm, iso_utc, london, to_db};
use super::types::{CollarNumber, optional_text};
use crate::db::extensions::{self as xq, Extension, NewExtension};
use crate::db::{DbConn, orgs};
use crate::domain::lang::Msg;
use crate::error::{AppError, FieldErrors};
use crate::msg;

/// s136(2A): the period of detention.
pub const DETENTION_HOURS: i64 = 24;
/// s136B(1): extensions total at most 12 hours.
pub const MAX_EXTENSION_HOURS: i64 = 12;
/// Amber once this little is left (20 h into an unextended 24 h).
pub const AMBER_LEFT: Duration = Duration::hours(4);
/// Red once this little is left (23 h into an unextended 24 h).
pub const RED_LEFT: Duration = Duration::hours(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Ok,
    Amber,
    Red,
    Expired,
}

impl Level {
    pub fn code(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Amber => "amber",
            Self::Red => "red",
            Self::Expired => "expired",
        }
    }
    pub fn tag_class(self) -> &'static str {
        match self {
            Self::Ok => "nhsuk-tag--green",
            Self::Amber => "nhsuk-tag--orange",
            Self::Red | Self::Expired => "nhsuk-tag--red",
        }
    }
}

/// The detention clock at `now`.
#[derive(Debug, Clone)]
pub struct DetentionClock {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub extended_hours: i64,
    /// Negative once expired.
    pub seconds_left: i64,
    pub level: Level,
}

impl DetentionClock {
    /// From the first arrival and the extensions granted so far.
    pub fn new(first_arrival: DateTime<Utc>, extended_hours: i64, now: DateTime<Utc>) -> Self {
        let ends_at = first_arrival + Duration::hours(DETENTION_HOURS + extended_hours);
        let left = ends_at - now;
        let level = if left <= Duration::zero() {
            Level::Expired
        } else if left <= RED_LEFT {
            Level::Red
        } else if left <= AMBER_LEFT {
            Level::Amber
        } else {
            Level::Ok
        };
        Self {
            starts_at: first_arrival,
            ends_at,
            extended_hours,
            seconds_left: left.num_seconds(),
            level,
        }
    }

    /// `None` for a cancelled case (no authority was ever running) and once
    /// the detention has ended (no clock runs after the end).
    pub fn of(d: &CaseData, now: DateTime<Utc>) -> Option<Self> {
        if d.episode.cancelled_at.is_some() || d.episode.ended_at.is_some() {
            return None;
        }
        let (first, _) = d.stays.first()?;
        let hours = d.extensions.iter().map(|e| i64::from(e.hours)).sum();
        Some(Self::new(from_db(first.arrived_at), hours, now))
    }

    /// "Detention authority ends at 14:32 tomorrow (in 21h 05m)": one
    /// message, the day chosen by the catalogue (`$day`).
    pub fn message(&self, now: DateTime<Utc>) -> Msg {
        let key = if self.seconds_left > 0 {
            "case-detention-ends"
        } else {
            "case-detention-ended"
        };
        day_hm_args(Msg::new(key), self.ends_at, now)
            .arg("left", duration_msg(self.seconds_left.abs()))
    }
}

/// Adds `$time`, `$day` ("today", "tomorrow", "yesterday" or "other") and
/// `$date` ("Sun 22 Nov") to a message that says when `t` is, seen from `now`.
pub fn day_hm_args(m: Msg, t: DateTime<Utc>, now: DateTime<Utc>) -> Msg {
    let (day, today) = (london(t).date_naive(), london(now).date_naive());
    let which = match (day - today).num_days() {
        0 => "today",
        1 => "tomorrow",
        -1 => "yesterday",
        _ => "other",
    };
    let (weekday, d, month) = super::time::short_parts(t);
    m.arg("time", hm(t)).arg("day", which).arg(
        "date",
        msg!("case-day-short", weekday = weekday, day = d, month = month),
    )
}

/// "14:32 today", "14:32 tomorrow", "09:10 yesterday", else "14:32 on Sun 22 Nov".
pub fn day_hm_msg(t: DateTime<Utc>, now: DateTime<Utc>) -> Msg {
    day_hm_args(Msg::new("case-day-hm"), t, now)
}

#[derive(Debug, Clone, Default)]
pub struct ExtensionInput {
    /// The registered medical practitioner who authorised it.
    pub authorised_by_name: Option<String>,
    /// `None` means now.
    pub authorised_at: Option<DateTime<Utc>>,
    pub hours: Option<i64>,
    pub reason: Option<String>,
    pub reason_note: Option<String>,
    /// Required at a police station (s136B(4)).
    pub superintendent_name: Option<String>,
    pub superintendent_collar: Option<String>,
    pub expected_version: Option<i64>,
}

/// Health staff record an extension authorised by the registered medical
/// practitioner. Refused once the authority has run out, beyond 12 hours in
/// total, and at a police station without the approving superintendent.
pub fn record_extension(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    input: &ExtensionInput,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let p = &policy::EXTEND;
    act(
        conn,
        actor,
        reference,
        p,
        input.expected_version,
        now,
        |c, case| {
            let stay = case.current();
            let first = from_db(case.first().arrived_at);
            let granted: i64 = xq::of_many(c, &[case.id()])?
                .iter()
                .map(|e| i64::from(e.hours))
                .sum();
            let clock = DetentionClock::new(first, granted, now);
            let mut errors = FieldErrors::default();
            let at = input.authorised_at.unwrap_or(now);
            check_event_time(
                "authorised_at",
                "case-what-extension-time",
                at,
                first,
                "case-what-first-arrival",
                now,
                &mut errors,
            );
            if errors.get("authorised_at").is_none() && at >= clock.ends_at {
                errors.add(
                    "authorised_at",
                    msg!(
                        "case-extend-ran-out",
                        at = super::time::long_msg(clock.ends_at)
                    ),
                );
            }
            let left = MAX_EXTENSION_HOURS - granted;
            match input.hours {
                None => errors.add("hours", "case-extend-hours"),
                Some(h) if !(1..=MAX_EXTENSION_HOURS).contains(&h) => {
                    errors.add("hours", "case-extend-hours")
                }
                Some(h) if h > left => errors.add(
                    "hours",
                    msg!("case-extend-total", granted = granted, left = left),
                ),
                Some(_) => {}
            }
            let name = match optional_text(
                input.authorised_by_name.as_deref(),
                100,
                crate::domain::lang::Msg::new("case-what-name"),
            ) {
                Ok(Some(n)) => Some(n),
                Ok(None) => {
                    errors.add("authorised_by_name", "case-extend-name-enter");
                    None
                }
                Err(m) => {
                    errors.add("authorised_by_name", m);
                    None
                }
            };
            let (reason, note) = coded_with_note(
                input.reason.as_deref(),
                input.reason_note.as_deref(),
                ExtensionReason::parse,
                ExtensionReason::Other,
                &CodedField {
                    field: "reason",
                    note_field: "reason_note",
                    note_label: "case-what-reason",
                    from_list: "case-extend-reason-from-list",
                    describe: "case-extend-reason-describe",
                },
                Some(Msg::new("case-extend-reason-choose")),
                &mut errors,
            );
            let site = orgs::site_by_id(c, stay.site_id)?;
            let at_police_station = SiteKind::parse(&site.kind) == Some(SiteKind::PoliceStation);
            let supt = optional_text(
                input.superintendent_name.as_deref(),
                100,
                crate::domain::lang::Msg::new("case-what-name"),
            )
            .unwrap_or_else(|m| {
                errors.add("superintendent_name", m);
                None
            });
            let supt_collar = input
                .superintendent_collar
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty());
            let supt_collar = match supt_collar {
                Some(raw) => CollarNumber::parse(raw)
                    .map_err(|_| errors.add("superintendent_collar", "case-extend-supt-collar"))
                    .ok(),
                None => None,
            };
            if at_police_station {
                if supt.is_none() && errors.get("superintendent_name").is_none() {
                    errors.add("superintendent_name", "case-extend-supt-name-needed");
                }
                if supt_collar.is_none() && errors.get("superintendent_collar").is_none() {
                    errors.add("superintendent_collar", "case-extend-supt-collar-needed");
                }
            }
            errors.into_result()?;
            let (Some(name), Some(reason), Some(hours)) = (name, reason, input.hours) else {
                return Err(AppError::internal(anyhow::anyhow!(
                    "validated extension lacks a field"
                )));
            };
            xq::insert(
                c,
                &NewExtension {
                    episode_id: case.id(),
                    authorised_by_name: &name,
                    authorised_at: to_db(at),
                    hours: hours as i32,
                    reason: reason.code(),
                    reason_note: note.as_deref(),
                    superintendent_name: supt.as_deref(),
                    superintendent_collar: supt_collar.as_ref().map(CollarNumber::as_str),
                    recorded_by: actor.user_id,
                    created_at: to_db(now),
                },
            )?;
            let new_end = clock.ends_at + Duration::hours(hours);
            let audit = Audit::new(
                AuditAction::DetentionExtended,
                Entity::Episode(case.id()),
                json!({
                    "authorised_by_name": name,
                    "authorised_at": iso_utc(at),
                    "hours": hours,
                    "reason": reason.code(),
                    "reason_note": note,
                    "superintendent_name": supt,
                    "superintendent_collar": supt_collar.as_ref().map(CollarNumber::as_str),
                    "detention_ends_at": iso_utc(new_end),
                }),
            )
            .with_before(json!({ "detention_ends_at": iso_utc(clock.ends_at) }));
            Ok(((), Some(audit)))
        },
    )
}

/// The extensions' total in hours.
pub fn total_hours(extensions: &[Extension]) -> i64 {
    extensions.iter().map(|e| i64::from(e.hours)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn levels_follow_the_hours_left() {
        let start = t("2026-11-20T12:00:00Z");
        let at = |h: i64, m: i64| start + Duration::hours(h) + Duration::minutes(m);
        assert_eq!(DetentionClock::new(start, 0, at(19, 59)).level, Level::Ok);
        assert_eq!(DetentionClock::new(start, 0, at(20, 0)).level, Level::Amber);
        assert_eq!(DetentionClock::new(start, 0, at(23, 0)).level, Level::Red);
        assert_eq!(
            DetentionClock::new(start, 0, at(24, 0)).level,
            Level::Expired
        );
        assert_eq!(DetentionClock::new(start, 6, at(24, 0)).level, Level::Ok);
    }

    #[test]
    fn sentence_names_the_day() {
        let start = t("2026-11-20T14:32:00Z");
        let now = t("2026-11-20T17:27:00Z");
        assert_eq!(
            crate::i18n::en(&DetentionClock::new(start, 0, now).message(now)),
            "Detention authority ends at 14:32 tomorrow (in 21h 05m)"
        );
        let later = t("2026-11-21T14:42:00Z");
        assert_eq!(
            crate::i18n::en(&DetentionClock::new(start, 0, later).message(later)),
            "Detention authority ended at 14:32 today (0h 10m ago)"
        );
    }

    #[test]
    fn welsh_sentence_says_tomorrow_as_yfory() {
        let start = t("2026-11-20T14:32:00Z");
        let now = t("2026-11-20T17:27:00Z");
        let m = DetentionClock::new(start, 0, now).message(now);
        assert_eq!(
            crate::i18n::render(crate::domain::lang::Lang::Cy, &m),
            "Daw'r awdurdod cadw i ben am 14:32 yfory (ymhen 21 awr 05 mun)"
        );
        let week = t("2026-11-24T09:00:00Z");
        let m = DetentionClock::new(start, 0, week).message(week);
        assert_eq!(
            crate::i18n::en(&m),
            "Detention authority ended at 14:32 on Sat 21 Nov (66h 28m ago)"
        );
    }
}
