//! What case lists and the case page show, worked out once in Rust so the
//! templates only print.

use chrono::{DateTime, Utc};

use crate::db::episodes::{Stay, StayRow};
use crate::domain::episodes::{Status, StayClock};
use crate::domain::lang::{Lang, Msg};
use crate::domain::rules::DelayReason;
use crate::domain::time::{duration_msg, from_db, hm, iso_utc, long_msg};
use crate::i18n::render;

pub struct CaseRow {
    pub reference: String,
    pub site_name: String,
    pub force_code: String,
    pub arrived: String,
    pub arrived_iso: String,
    pub waited: String,
    pub band_label: String,
    pub band_class: &'static str,
    pub status_label: String,
    pub cancelled: bool,
    pub status_class: &'static str,
    pub open: bool,
    pub breached: bool,
    pub handed_over: String,
    pub delay_reason: String,
    pub officers: i32,
    pub episode_id: i64,
    pub stay_id: i64,
    /// "Police asked to stay: agreed" (or not agreed, or awaiting answer).
    pub stay_request: String,
    /// "14:05" when the officer offered the handover.
    pub offered: String,
    /// The detention clock's sentence and level, where the list shows it.
    pub detention: String,
    pub detention_level: &'static str,
    /// The power used, with the warrant or the location ("s136, public place").
    pub power: String,
    /// The next health check at a police station ("Next health check due by 12:30 (in 0h 12m)").
    pub check: String,
    pub check_overdue: bool,
    /// "Sam Jones (nurse)": who accepted the handover.
    pub accepted_by: String,
}

pub fn stay_status(stay: &Stay) -> Status {
    if stay.cancelled {
        Status::Cancelled
    } else if stay.handed_over_at.is_some() {
        Status::HandedOver
    } else if stay.departed_at.is_some() {
        Status::Transferred
    } else {
        Status::AwaitingHandover
    }
}

/// A stored delay reason in the reader's words (an unknown code as it is).
pub fn delay_label(lang: Lang, code: Option<&str>) -> String {
    code.map(|c| {
        DelayReason::parse(c)
            .map(|r| render(lang, &Msg::new(r.label())))
            .unwrap_or_else(|| c.to_string())
    })
    .unwrap_or_default()
}

/// The rows of a case list, their words in `lang` (the reader's).
pub fn case_rows(rows: Vec<StayRow>, target: i64, now: DateTime<Utc>, lang: Lang) -> Vec<CaseRow> {
    rows.into_iter()
        .map(|r| {
            let clock = StayClock::of(&r.stay, target, now);
            let status = stay_status(&r.stay);
            CaseRow {
                reference: r.reference,
                site_name: r.site_name,
                force_code: r.force_code,
                arrived: render(lang, &long_msg(clock.arrived_at)),
                arrived_iso: iso_utc(clock.arrived_at),
                waited: render(lang, &duration_msg(clock.seconds_waiting)),
                band_label: render(lang, &clock.band.label(target)),
                band_class: clock.band.tag_class(),
                status_label: render(lang, &Msg::new(status.label())),
                cancelled: status == Status::Cancelled,
                status_class: status.tag_class(),
                open: clock.open,
                breached: clock.breached,
                handed_over: clock.handed_over_at.map(hm).unwrap_or_default(),
                delay_reason: delay_label(lang, r.stay.delay_reason.as_deref()),
                officers: r.stay.officers,
                episode_id: r.stay.episode_id,
                stay_id: r.stay.id,
                stay_request: String::new(),
                offered: r
                    .stay
                    .handover_offered_at
                    .map(|t| hm(from_db(t)))
                    .unwrap_or_default(),
                detention: String::new(),
                detention_level: "ok",
                power: String::new(),
                check: String::new(),
                check_overdue: false,
                accepted_by: match (&r.stay.accepted_by_name, &r.stay.accepted_by_role) {
                    (Some(n), Some(role)) => format!("{n} ({role})"),
                    (Some(n), None) => n.clone(),
                    _ => String::new(),
                },
            }
        })
        .collect()
}
