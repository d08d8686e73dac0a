//! The case page: clocks, stays, actions for the viewer's role, and the timeline.

use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;

use super::view::delay_label;
use crate::db::episodes::Stay;
use crate::db::{audit, orgs};
use crate::domain::detention::{DetentionClock, MAX_EXTENSION_HOURS, total_hours};
use crate::domain::episodes::{self, Status, StayClock};
use crate::domain::lang::{Lang, Msg};
use crate::domain::policy;
use crate::domain::rules::{ExtensionReason, Outcome};
use crate::domain::time::{duration_msg, from_db, hm, iso_utc, long_msg};
use crate::error::AppError;
use crate::http::AppState;
use crate::i18n::render;
use crate::msg;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::with_db;

pub struct StayView {
    pub seq: i32,
    pub site_name: String,
    pub site_kind: String,
    pub arrived: String,
    pub arrived_iso: String,
    pub backdate_reason: String,
    pub target: String,
    pub waited: String,
    pub open: bool,
    pub breached: bool,
    pub band_label: String,
    pub band_class: &'static str,
    pub handed_over: String,
    pub accepted_by: String,
    pub delay_reason: String,
    pub delay_note: String,
    pub police_left: String,
    pub officers: i32,
    /// "14:05 Sun 22 Nov 2026 to City emergency department", when transferred on.
    pub departed: String,
    pub offered: String,
}

pub struct ExtensionView {
    pub hours: i64,
    pub authorised: String,
    pub by: String,
    pub reason: String,
    pub superintendent: String,
}

pub struct EventView {
    pub when: String,
    pub what: String,
    pub who: String,
    pub detail: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "case.html")]
pub struct CasePage {
    l: Layout,
    reference: String,
    status_label: String,
    status_class: &'static str,
    force_name: String,
    collar_number: String,
    detained: String,
    notes: String,
    cancelled: String,
    cancel_reason: String,
    stays: Vec<StayView>,
    current: StayView,
    /// "Arrived ... at ... Handover target ...": the open clock's line.
    clock_line: Msg,
    events: Vec<EventView>,
    can_handover: bool,
    can_police_left: bool,
    can_offer: bool,
    can_ask_stay: bool,
    can_answer_stay: bool,
    /// The request to stay at the current place of safety, in words.
    stay_request: String,
    can_transfer: bool,
    can_extend: bool,
    can_end: bool,
    can_cancel: bool,
    /// Officers, health staff and managers see the way to correct a time.
    can_correct: bool,
    ended: String,
    outcome: String,
    assessment_started: String,
    assessment_completed: String,
    /// "Detention authority ends at 14:32 tomorrow (in 21h 05m)"; empty when cancelled.
    detention: String,
    detention_level: &'static str,
    detention_started: String,
    extensions: Vec<ExtensionView>,
    monitoring: super::monitoring::MonitoringView,
    /// The power used and the police-station safeguards.
    sg: super::safeguards_view::SafeguardsView,
    /// Health staff accepted the handover and police have not left yet.
    police_may_leave: bool,
    /// The newest event when the page was made: its live stream starts there.
    live_after: i64,
    /// What was notified about this case, to whom (addresses for staff
    /// only: officers see the channel) and when.
    notifications: Vec<crate::domain::notify::View>,
}

/// "; recorded on the phone at 14:05, received 14:17", for an arrival that
/// waited on the phone for signal.
fn phone_note(lang: Lang, captured: Option<String>, received: Option<String>) -> String {
    let parse = |v: Option<String>| {
        v.and_then(|v| chrono::DateTime::parse_from_rfc3339(&v).ok())
            .map(|d| d.with_timezone(&chrono::Utc))
    };
    let (Some(c), Some(r)) = (parse(captured), parse(received)) else {
        return String::new();
    };
    let same_day =
        crate::domain::time::london(c).date_naive() == crate::domain::time::london(r).date_naive();
    let received = if same_day {
        hm(r)
    } else {
        render(lang, &long_msg(r))
    };
    render(
        lang,
        &msg!("case-ev-phone-note", captured = hm(c), received = received),
    )
}

pub(super) fn event_view(lang: Lang, e: &audit::AuditEvent) -> EventView {
    let after: serde_json::Value = e
        .after_json
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default();
    let s = |k: &str| after.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let t = |k: &str| {
        s(k).and_then(|v| chrono::DateTime::parse_from_rfc3339(&v).ok())
            .map(|d| render(lang, &long_msg(d.with_timezone(&chrono::Utc))))
            .unwrap_or_default()
    };
    let r = |m: Msg| render(lang, &m);
    let label = |key: Option<&'static str>| key.map(|k| r(Msg::new(k))).unwrap_or_default();
    let (what, detail): (&'static str, String) = match e.action.as_str() {
        "arrival_logged" => (
            "case-ev-arrival",
            r(msg!(
                "case-ev-arrival-detail",
                at = t("arrived_at"),
                late = s("backdate_reason")
                    .map(|x| r(msg!("case-ev-logged-late", reason = x)))
                    .unwrap_or_default(),
                phone = phone_note(lang, s("captured_at"), s("received_at"))
            )),
        ),
        "handover_confirmed" => {
            let who = match s("accepted_by_role") {
                Some(role) => r(msg!(
                    "case-who-role",
                    name = s("accepted_by_name").unwrap_or_default(),
                    role = role
                )),
                None => s("accepted_by_name").unwrap_or_default(),
            };
            let delay = s("delay_reason")
                .map(|x| r(msg!("case-ev-delay", reason = delay_label(lang, Some(&x)))))
                .unwrap_or_default();
            (
                "case-ev-handover",
                r(msg!(
                    "case-ev-handover-detail",
                    who = who,
                    at = t("handed_over_at"),
                    delay = delay
                )),
            )
        }
        "police_left" => (
            "case-ev-police-left",
            match s("reason") {
                Some(x) => r(msg!(
                    "case-ev-police-left-early",
                    at = t("police_left_at"),
                    reason = x
                )),
                None => r(msg!("case-ev-police-left-detail", at = t("police_left_at"))),
            },
        ),
        "police_asked_to_stay" => (
            "case-ev-asked-to-stay",
            r(msg!(
                "case-ev-reason",
                reason = delay_label(lang, s("reason").as_deref())
            )),
        ),
        "stay_request_answered" => (
            "case-ev-stay-answered",
            if after.get("agreed").and_then(|v| v.as_bool()) == Some(true) {
                r(Msg::new("case-ev-agreed"))
            } else {
                r(Msg::new("case-ev-not-agreed"))
            },
        ),
        "handover_offered" => (
            "case-ev-offered",
            r(msg!(
                "case-ev-offered-detail",
                at = t("handover_offered_at")
            )),
        ),
        "detention_extended" => (
            "case-ev-extended",
            r(msg!(
                "case-ev-extended-detail",
                hours = after
                    .get("hours")
                    .and_then(|v| v.as_i64())
                    .unwrap_or_default(),
                by = s("authorised_by_name").unwrap_or_default(),
                at = t("authorised_at"),
                ends = t("detention_ends_at")
            )),
        ),
        "detention_ended" => (
            "case-ev-ended",
            r(msg!(
                "case-ev-ended-detail",
                at = t("ended_at"),
                outcome = label(
                    s("outcome")
                        .as_deref()
                        .and_then(Outcome::parse)
                        .map(|o| o.label())
                )
            )),
        ),
        "transferred" => (
            "case-ev-transferred",
            r(msg!(
                "case-ev-transferred-detail",
                from = s("from").unwrap_or_default(),
                left = t("left_at"),
                to = s("to").unwrap_or_default(),
                arrived = t("arrived_at")
            )),
        ),
        "monitoring_updated" => (
            "case-ev-monitoring",
            crate::domain::monitoring::changes_in_words(
                e.before_json.as_deref(),
                e.after_json.as_deref(),
            )
            .iter()
            .map(|m| render(lang, m))
            .collect::<Vec<_>>()
            .join(". "),
        ),
        "time_corrected" => ("case-ev-corrected", correction_words(lang, e, &after)),
        "cancelled" => (
            "case-ev-cancelled",
            r(msg!(
                "case-ev-reason",
                reason = s("reason").unwrap_or_default()
            )),
        ),
        "police_station_authorised" => (
            "case-ev-ps-authorised",
            r(msg!(
                "case-ev-ps-authorised-detail",
                name = s("inspector_name").unwrap_or_default(),
                collar = s("inspector_collar").unwrap_or_default()
            )),
        ),
        "health_check_recorded" => (
            "case-ev-check",
            r(msg!(
                "case-ev-check-detail",
                at = t("checked_at"),
                by = s("checked_by_name").unwrap_or_default()
            )),
        ),
        "age_band_recorded" => (
            "case-ev-age-band",
            label(
                s("age_band")
                    .as_deref()
                    .and_then(crate::domain::rules::AgeBand::parse)
                    .map(|b| b.label()),
            ),
        ),
        "location_type_set" => (
            "case-ev-location",
            label(
                s("location_type")
                    .as_deref()
                    .and_then(crate::domain::rules::LocationType::parse)
                    .map(|l| l.label()),
            ),
        ),
        "free_text_purged" => (
            "case-ev-purged",
            r(msg!(
                "case-ev-purged-detail",
                older = s("older_than").unwrap_or_default()
            )),
        ),
        other => {
            return EventView {
                when: render(lang, &long_msg(from_db(e.at))),
                what: other.to_string(),
                who: e.actor_name.clone(),
                detail: String::new(),
            };
        }
    };
    EventView {
        when: render(lang, &long_msg(from_db(e.at))),
        what: r(Msg::new(what)),
        who: e.actor_name.clone(),
        detail,
    }
}

/// "Handover accepted (place of safety 1): Fri 20 Nov 2026, 13:01 → Fri 20 Nov
/// 2026, 12:59. Reason: typed the wrong minute".
fn correction_words(lang: Lang, e: &audit::AuditEvent, after: &serde_json::Value) -> String {
    let before: serde_json::Value = e
        .before_json
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default();
    let time = |v: &serde_json::Value| {
        v.get("value")
            .and_then(|v| v.as_str())
            .and_then(|v| chrono::DateTime::parse_from_rfc3339(v).ok())
            .map(|d| render(lang, &long_msg(d.with_timezone(&chrono::Utc))))
            .unwrap_or_default()
    };
    let field = after
        .get("field")
        .and_then(|v| v.as_str())
        .and_then(crate::domain::rules::TimeField::parse)
        .map(|f| f.label())
        .unwrap_or("case-ev-time");
    let n = |k: &str| after.get(k).and_then(|v| v.as_i64());
    let which = match (n("stay"), n("extension"), n("check")) {
        (Some(n), ..) => render(lang, &msg!("case-ev-which-stay", n = n)),
        (None, Some(n), _) => render(lang, &msg!("case-ev-which-extension", n = n)),
        (None, None, Some(n)) => render(lang, &msg!("case-ev-which-check", n = n)),
        _ => String::new(),
    };
    // A correction that made a new breach recorded why the handover was late.
    let delay = after
        .pointer("/derived/delay_reason")
        .and_then(|v| v.as_str())
        .and_then(crate::domain::rules::DelayReason::parse)
        .map(|r| {
            render(
                lang,
                &msg!("case-ev-corrected-delay", reason = Msg::new(r.label())),
            )
        })
        .unwrap_or_default();
    render(
        lang,
        &msg!(
            "case-ev-corrected-detail",
            field = Msg::new(field),
            which = which,
            old = time(&before),
            new = time(after),
            reason = after
                .get("reason")
                .and_then(|v| v.as_str())
                .unwrap_or_default(),
            delay = delay
        ),
    )
}

/// "Asked by Alex Morgan at 13:05: Not enough health staff on site to take over. Police agreed (PC Sam Patel, 13:07)."
pub fn request_words(lang: Lang, r: &crate::db::stay_requests::StayRequest) -> String {
    let answer = match (r.agreed, &r.answered_by_name, r.answered_at) {
        (Some(true), Some(n), Some(t)) => {
            msg!("case-stay-agreed", name = n, time = hm(from_db(t)))
        }
        (Some(false), Some(n), Some(t)) => {
            msg!("case-stay-not-agreed", name = n, time = hm(from_db(t)))
        }
        _ => Msg::new("case-stay-awaiting"),
    };
    let note = r
        .reason_note
        .as_deref()
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    render(
        lang,
        &msg!(
            "case-stay-request-words",
            by = &r.requested_by_name,
            time = hm(from_db(r.requested_at)),
            reason = delay_label(lang, Some(&r.reason)),
            note = note,
            answer = answer
        ),
    )
}

pub(super) fn stay_view(
    lang: Lang,
    stay: &Stay,
    site: &orgs::Site,
    next_site: Option<&orgs::Site>,
    target: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> StayView {
    let clock = StayClock::of(stay, target, now);
    let long = |t| render(lang, &long_msg(t));
    StayView {
        seq: stay.seq,
        site_name: site.name.clone(),
        site_kind: crate::domain::rules::SiteKind::parse(&site.kind)
            .map(|k| render(lang, &Msg::new(k.label())))
            .unwrap_or_default(),
        arrived: long(clock.arrived_at),
        arrived_iso: iso_utc(clock.arrived_at),
        backdate_reason: stay.backdate_reason.clone().unwrap_or_default(),
        target: long(clock.target_at),
        waited: render(lang, &duration_msg(clock.seconds_waiting)),
        open: clock.open,
        breached: clock.breached,
        band_label: render(lang, &clock.band.label(target)),
        band_class: clock.band.tag_class(),
        handed_over: clock.handed_over_at.map(long).unwrap_or_default(),
        accepted_by: match (&stay.accepted_by_name, &stay.accepted_by_role) {
            (Some(n), Some(r)) => render(lang, &msg!("case-who-role", name = n, role = r)),
            (Some(n), None) => n.clone(),
            _ => String::new(),
        },
        delay_reason: delay_label(lang, stay.delay_reason.as_deref()),
        delay_note: stay.delay_note.clone().unwrap_or_default(),
        police_left: stay
            .police_left_at
            .map(|t| {
                let here = episodes::police_seconds(stay)
                    .map(|s| render(lang, &msg!("case-police-here", time = duration_msg(s))))
                    .unwrap_or_default();
                match &stay.police_left_reason {
                    Some(r) => render(
                        lang,
                        &msg!(
                            "case-police-left-early",
                            at = long(from_db(t)),
                            here = here,
                            reason = r
                        ),
                    ),
                    None => format!("{}{here}", long(from_db(t))),
                }
            })
            .unwrap_or_default(),
        officers: stay.officers,
        offered: stay
            .handover_offered_at
            .map(|t| long(from_db(t)))
            .unwrap_or_default(),
        departed: match (clock.departed_at, next_site) {
            (Some(t), Some(n)) => render(
                lang,
                &msg!("case-departed-to", at = long(t), site = &n.name),
            ),
            (Some(t), None) => long(t),
            _ => String::new(),
        },
    }
}

pub async fn show(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<CasePage, AppError> {
    let reference = path.into_inner();
    let (actor, lang) = (user.actor.clone(), user.reader.lang);
    let (d, events, live_after, mut notifications) = with_db(&state, move |c| {
        let live_after = crate::domain::events::latest(c)?;
        let d = episodes::load(c, &actor, &reference)?;
        let events = audit::for_episode(c, d.episode.id)?;
        let notifications = crate::domain::notify::of_case(c, d.episode.id, lang)?;
        Ok((d, events, live_after, notifications))
    })
    .await?;
    if user.actor.role == crate::domain::rules::Role::Officer {
        for n in &mut notifications {
            n.to.clear();
        }
    }
    let now = state.now();
    let lang = user.reader.lang;
    let long = |t| render(lang, &long_msg(t));
    let (last, last_site) = d
        .stays
        .last()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("no stay")))?;
    let status = episodes::status(&d.episode, last);
    let current = stay_view(lang, last, last_site, None, d.target, now);
    let role = user.actor.role;
    let clock = DetentionClock::of(&d, now);
    let open = status == Status::AwaitingHandover;
    let may = |p: &policy::Policy| p.permits(&user.actor, last.site_id);
    Ok(CasePage {
        monitoring: super::monitoring::MonitoringView::of(lang, &d, role),
        l: Layout::new(
            msg!("case-page-title", reference = &d.episode.reference),
            &user,
            "",
        ),
        clock_line: msg!(
            "case-page-clock-line",
            arrived = &current.arrived,
            site = &current.site_name,
            target = &current.target
        ),
        reference: d.episode.reference.clone(),
        status_label: render(lang, &Msg::new(status.label())),
        status_class: status.tag_class(),
        force_name: d.force.name.clone(),
        collar_number: d.episode.collar_number.clone(),
        detained: d
            .episode
            .detained_at
            .map(|t| long(from_db(t)))
            .unwrap_or_default(),
        notes: d.episode.notes.clone().unwrap_or_default(),
        cancelled: d
            .episode
            .cancelled_at
            .map(|t| long(from_db(t)))
            .unwrap_or_default(),
        cancel_reason: d.episode.cancel_reason.clone().unwrap_or_default(),
        police_may_leave: last.handed_over_at.is_some()
            && last.police_left_at.is_none()
            && may(&policy::POLICE_LEFT),
        live_after,
        can_handover: open && may(&policy::CONFIRM_HANDOVER),
        can_ask_stay: open && may(&policy::ASK_TO_STAY) && d.stay_request(last.id).is_none(),
        can_answer_stay: may(&policy::ANSWER_STAY_REQUEST)
            && d.episode.cancelled_at.is_none()
            && d.stay_request(last.id).is_some_and(|r| r.agreed.is_none()),
        stay_request: d
            .stay_request(last.id)
            .map(|r| request_words(lang, r))
            .unwrap_or_default(),
        can_offer: open && may(&policy::OFFER_HANDOVER) && last.handover_offered_at.is_none(),
        can_police_left: matches!(
            status,
            Status::AwaitingHandover | Status::HandedOver | Status::Ended
        ) && may(&policy::POLICE_LEFT)
            && last.police_left_at.is_none(),
        can_correct: status != Status::Cancelled && may(&policy::CORRECT),
        can_cancel: status != Status::Cancelled && may(&policy::CANCEL),
        can_extend: clock.as_ref().is_some_and(|c| c.seconds_left > 0)
            && total_hours(&d.extensions) < MAX_EXTENSION_HOURS
            && may(&policy::EXTEND),
        detention: clock
            .as_ref()
            .map(|c| render(lang, &c.message(now)))
            .unwrap_or_default(),
        detention_level: clock.as_ref().map(|c| c.level.code()).unwrap_or("ok"),
        detention_started: clock
            .as_ref()
            .map(|c| long(c.starts_at))
            .unwrap_or_default(),
        extensions: d
            .extensions
            .iter()
            .map(|x| ExtensionView {
                hours: i64::from(x.hours),
                authorised: long(from_db(x.authorised_at)),
                by: x.authorised_by_name.clone(),
                reason: match (ExtensionReason::parse(&x.reason), x.reason_note.as_deref()) {
                    (Some(r), Some(n)) => format!("{}: {n}", render(lang, &Msg::new(r.label()))),
                    (Some(r), None) => render(lang, &Msg::new(r.label())),
                    (None, _) => x.reason.clone(),
                },
                superintendent: match (&x.superintendent_name, &x.superintendent_collar) {
                    (Some(n), Some(c)) => format!("{n} ({c})"),
                    (Some(n), None) => n.clone(),
                    _ => String::new(),
                },
            })
            .collect(),
        can_end: matches!(status, Status::AwaitingHandover | Status::HandedOver)
            && may(&policy::END),
        ended: d
            .episode
            .ended_at
            .map(|t| long(from_db(t)))
            .unwrap_or_default(),
        outcome: match (
            d.episode.outcome.as_deref().and_then(Outcome::parse),
            d.episode.outcome_note.as_deref(),
        ) {
            (Some(o), Some(n)) => format!("{}: {n}", render(lang, &Msg::new(o.label()))),
            (Some(o), None) => render(lang, &Msg::new(o.label())),
            (None, _) => String::new(),
        },
        assessment_started: d
            .episode
            .assessment_started_at
            .map(|t| long(from_db(t)))
            .unwrap_or_default(),
        assessment_completed: d
            .episode
            .assessment_completed_at
            .map(|t| long(from_db(t)))
            .unwrap_or_default(),
        can_transfer: matches!(status, Status::AwaitingHandover | Status::HandedOver)
            && may(&policy::TRANSFER),
        stays: d
            .stays
            .iter()
            .enumerate()
            .map(|(i, (s, site))| {
                let next = d.stays.get(i + 1).map(|(_, n)| n);
                stay_view(lang, s, site, next, d.target, now)
            })
            .collect(),
        current,
        sg: super::safeguards_view::view(lang, &d, &user.actor, now),
        events: events.iter().map(|e| event_view(lang, e)).collect(),
        notifications,
    })
}
