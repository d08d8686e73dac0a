//! Logging arrivals, confirming handovers, police leaving and cancelling:
//! the rules every caller (pages, API, seeder) goes through.

use crate::domain::rules::{CodedField, DELAY_REASON, coded_with_note};
use chrono::{DateTime, Datelike, Duration, Utc};
use serde_json::json;

use super::auth::{Actor, random_token};
use super::rules::{
    Band, DelayReason, Outcome, Role, check_arrival_time, check_event_time, is_breach,
    seconds_between,
};
use super::time::{from_db, hm, long, to_db};
use super::types::{CollarNumber, Reference, optional_text};
use crate::db::episodes::{self as q, Episode, HandoverUpdate, NewEpisode, NewStay, Stay};
use crate::db::extensions::Extension;
use crate::db::{self, DbConn, audit, orgs};
use crate::error::{AppError, ErrorKind, FieldErrors};

pub const DEFAULT_OFFICERS: i64 = 2;
pub const MAX_OFFICERS: i64 = 20;

#[derive(Debug, Clone, Default)]
pub struct ArrivalInput {
    pub site_code: Option<String>,
    /// `None` means now.
    pub arrived_at: Option<DateTime<Utc>>,
    pub backdate_reason: Option<String>,
    /// `None` means the officer's own, from their profile.
    pub collar_number: Option<String>,
    pub detained_at: Option<DateTime<Utc>>,
    pub officers: Option<i64>,
    pub notes: Option<String>,
    /// Idempotency key: the same key from the same user gives the same episode.
    pub client_ref: Option<String>,
    /// About the person: optional monitoring fields.
    pub about: super::monitoring::MonitoringInput,
    /// s136 (default) or s135, with the warrant time and AMHP, or the location type.
    pub power: super::safeguards::PowerInput,
    /// The authorisation, when the place of safety is a police station.
    pub police_station: super::safeguards::PoliceStationInput,
}

#[derive(Debug, Clone)]
pub struct Logged {
    pub reference: String,
    /// False when the `client_ref` had been seen before.
    pub created: bool,
}

pub(crate) fn audit_row(
    conn: &mut DbConn,
    actor: &Actor,
    now: DateTime<Utc>,
    episode_id: i64,
    action: &str,
    entity: (&str, i64),
    (before, after): (Option<serde_json::Value>, serde_json::Value),
) -> Result<(), AppError> {
    audit::insert(
        conn,
        audit::NewAuditEvent {
            episode_id: Some(episode_id),
            actor_id: Some(actor.user_id),
            actor_name: &actor.display_name,
            at: to_db(now),
            action,
            entity: entity.0,
            entity_id: Some(entity.1),
            before,
            after: Some(after),
        },
    )?;
    Ok(())
}

pub fn log_arrival(
    conn: &mut DbConn,
    actor: &Actor,
    input: &ArrivalInput,
    now: DateTime<Utc>,
) -> Result<Logged, AppError> {
    actor.require(&[Role::Officer], "log arrivals")?;
    let Some(force_id) = actor.force_id else {
        return Err(AppError::forbidden(
            "Your account has no police force. Ask an administrator to set one.",
        ));
    };
    let client_ref = optional_text(input.client_ref.as_deref(), 100, "client_ref")
        .map_err(|m| AppError::field("client_ref", m))?;
    if let Some(cr) = &client_ref
        && let Some(existing) = q::by_client_ref(conn, actor.user_id, cr)?
    {
        return Ok(Logged {
            reference: existing.reference,
            created: false,
        });
    }

    let mut errors = FieldErrors::default();
    let site = match input.site_code.as_deref().map(str::trim) {
        None | Some("") => {
            errors.add("site", "Choose the place of safety");
            None
        }
        Some(code) => {
            let site = orgs::site_by_code(conn, &code.to_ascii_uppercase())?;
            if site.is_none() {
                errors.add(
                    "site",
                    "Choose a place of safety from the list (that site code is not known)",
                );
            }
            site
        }
    };
    let arrived_at = input.arrived_at.unwrap_or(now);
    let backdate_reason = optional_text(input.backdate_reason.as_deref(), 500, "The reason")
        .unwrap_or_else(|m| {
            errors.add("backdate_reason", m);
            None
        });
    check_arrival_time(arrived_at, backdate_reason.as_deref(), now, &mut errors);
    let collar = input
        .collar_number
        .as_deref()
        .or(actor.collar_number.as_deref())
        .unwrap_or("");
    let collar = CollarNumber::parse(collar)
        .map_err(|m| errors.add("collar_number", m))
        .ok();
    if let Some(d) = input.detained_at {
        if d > arrived_at {
            errors.add(
                "detained_at",
                format!(
                    "Enter a time the power was used that is before the arrival time, {}",
                    hm(arrived_at)
                ),
            );
        } else if arrived_at - d > Duration::hours(24) {
            errors.add(
                "detained_at",
                "Enter a time the power was used within 24 hours before the arrival",
            );
        }
    }
    let officers = input.officers.unwrap_or(DEFAULT_OFFICERS);
    if !(1..=MAX_OFFICERS).contains(&officers) {
        errors.add(
            "officers",
            format!("Enter the number of officers present, from 1 to {MAX_OFFICERS}"),
        );
    }
    let notes = optional_text(input.notes.as_deref(), 1000, "Notes").unwrap_or_else(|m| {
        errors.add("notes", m);
        None
    });
    let about = super::monitoring::read(&input.about, &mut errors);
    let power = super::safeguards::check_power(&input.power, arrived_at, now, &mut errors);
    let age_band = about.age_band;
    let authorisation = site
        .as_ref()
        .filter(|s| super::safeguards::is_police_station(s))
        .and_then(|_| {
            super::safeguards::check_police_station(age_band, &input.police_station, &mut errors)
        });
    errors.into_result()?;
    let (Some(site), Some(collar)) = (site, collar) else {
        return Err(AppError::internal(anyhow::anyhow!(
            "validated arrival lacks site or collar"
        )));
    };

    let result = db::write_tx(conn, |c| {
        let id = q::insert_episode(
            c,
            &NewEpisode {
                force_id,
                collar_number: collar.as_str(),
                detained_at: input.detained_at.map(to_db),
                notes: notes.as_deref(),
                created_by: actor.user_id,
                client_ref: client_ref.as_deref(),
                created_at: to_db(now),
            },
            &format!("PENDING-{}", random_token(12)),
        )?;
        let reference = Reference::new(super::time::london(arrived_at).year(), id);
        q::set_reference(c, id, reference.as_str())?;
        q::insert_stay(
            c,
            &NewStay {
                episode_id: id,
                seq: 1,
                site_id: site.id,
                force_id,
                officers: officers as i32,
                arrived_at: to_db(arrived_at),
                backdate_reason: backdate_reason.clone(),
                created_at: to_db(now),
            },
        )?;
        if about != Default::default() {
            crate::db::monitoring::set(c, id, &about.codes())?;
        }
        db::users::set_last_site(c, actor.user_id, site.id)?;
        super::safeguards::record_at_arrival(c, actor, id, &power, authorisation.as_ref(), now)?;
        audit_row(
            c,
            actor,
            now,
            id,
            "arrival_logged",
            ("episode", id),
            (
                None,
                json!({
                    "reference": reference.as_str(),
                    "site": site.code,
                    "arrived_at": super::time::iso_utc(arrived_at),
                    "backdate_reason": backdate_reason,
                    "collar_number": collar.as_str(),
                    "officers": officers,
                    "detained_at": input.detained_at.map(super::time::iso_utc),
                    "monitoring": about.to_json(),
                    "kind": power.kind.code(),
                    "location_type": power.location_type.map(|l| l.code()),
                    "warrant_at": power.warrant_at.map(super::time::iso_utc),
                    "amhp_name": power.amhp_name,
                }),
            ),
        )?;
        Ok(reference.into_inner())
    });
    match result {
        Ok(reference) => Ok(Logged {
            reference,
            created: true,
        }),
        // Two submissions with one key raced: the other one won.
        Err(e) if client_ref.is_some() && is_unique_violation(&e) => {
            let existing =
                q::by_client_ref(conn, actor.user_id, client_ref.as_deref().unwrap_or(""))?
                    .ok_or(e)?;
            Ok(Logged {
                reference: existing.reference,
                created: false,
            })
        }
        Err(e) => Err(e),
    }
}

fn is_unique_violation(e: &AppError) -> bool {
    e.cause
        .as_ref()
        .and_then(|c| c.downcast_ref::<diesel::result::Error>())
        .is_some_and(db::is_unique_violation)
}

/// The episode `reference` as `actor` may see it, else not found.
pub fn find(conn: &mut DbConn, actor: &Actor, reference: &str) -> Result<Episode, AppError> {
    let reference = Reference::parse(reference).ok_or_else(AppError::not_found)?;
    q::find_scoped(conn, reference.as_str(), actor.scope())?.ok_or_else(AppError::not_found)
}

/// Officer time at a place of safety: arrival to police left, when recorded
/// (on UTC instants, so a clock change in between counts as it happened).
pub fn police_seconds(stay: &Stay) -> Option<i64> {
    stay.police_left_at
        .map(|left| seconds_between(from_db(stay.arrived_at), from_db(left)))
}

pub(crate) fn current_stay(conn: &mut DbConn, episode: &Episode) -> Result<Stay, AppError> {
    q::stays_of(conn, episode.id)?
        .pop()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("episode {} has no stay", episode.id)))
}

pub(crate) fn refuse_if_cancelled(episode: &Episode) -> Result<(), AppError> {
    match episode.cancelled_at {
        Some(at) => Err(AppError::field(
            "case",
            format!(
                "This case was cancelled at {}. Nothing more can be recorded on it.",
                hm(from_db(at))
            ),
        )),
        None => Ok(()),
    }
}

fn already_handed_over(stay: &Stay) -> AppError {
    let who = stay.accepted_by_name.as_deref().unwrap_or("someone");
    let role = stay
        .accepted_by_role
        .as_deref()
        .map(|r| format!(" ({r})"))
        .unwrap_or_default();
    let when = stay
        .handed_over_at
        .map(|t| hm(from_db(t)))
        .unwrap_or_default();
    AppError::new(
        ErrorKind::AlreadyHandedOver,
        format!("Handover was already confirmed by {who}{role} at {when}."),
    )
}

pub(crate) fn version_conflict(current: i64) -> AppError {
    AppError::new(
        ErrorKind::VersionConflict,
        format!(
            "Someone else changed this case (it is now at version {current}). Reload it, check it and try again."
        ),
    )
}

#[derive(Debug, Clone, Default)]
pub struct HandoverInput {
    /// `None` means now.
    pub handed_over_at: Option<DateTime<Utc>>,
    pub accepted_by_name: Option<String>,
    pub accepted_by_role: Option<String>,
    pub delay_reason: Option<String>,
    pub delay_note: Option<String>,
    pub expected_version: Option<i64>,
}

/// The case and the stay where the person is now, for an action of health
/// staff at that place before the handover: refused for anyone else, for a
/// cancelled or ended detention, and once handed over. `what` completes
/// "Only staff at the place of safety where the person is now can …".
fn awaiting_health(
    c: &mut DbConn,
    actor: &Actor,
    reference: &str,
    role_refusal: &str,
    what: &str,
) -> Result<(Episode, Stay), AppError> {
    let episode = find(c, actor, reference)?;
    actor.require(&[Role::Health], role_refusal)?;
    refuse_if_cancelled(&episode)?;
    refuse_if_ended(&episode)?;
    let stay = current_stay(c, &episode)?;
    if Some(stay.site_id) != actor.site_id {
        return Err(AppError::forbidden(format!(
            "Only staff at the place of safety where the person is now can {what}."
        )));
    }
    if stay.handed_over_at.is_some() {
        return Err(already_handed_over(&stay));
    }
    Ok((episode, stay))
}

pub fn confirm_handover(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    input: &HandoverInput,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let target = orgs::target_minutes(conn)?;
    db::write_tx(conn, |c| {
        let (episode, stay) = awaiting_health(
            c,
            actor,
            reference,
            "confirm a handover; only health staff at the place of safety can",
            "confirm the handover",
        )?;
        if let Some(v) = input.expected_version
            && v != episode.version
        {
            return Err(version_conflict(episode.version));
        }
        let arrived = from_db(stay.arrived_at);
        let at = input.handed_over_at.unwrap_or(now);
        let mut errors = FieldErrors::default();
        check_event_time(
            "handed_over_at",
            "handover time",
            at,
            arrived,
            "arrival time",
            now,
            &mut errors,
        );
        let waited = seconds_between(arrived, at);
        let breached = is_breach(waited, target);
        let missing = (breached && errors.get("handed_over_at").is_none()).then(|| {
            format!(
                "Choose a reason for the delay: handover was {} after arrival, over the {target}-minute target",
                super::time::duration_hm(waited)
            )
        });
        let (reason, note) = coded_with_note(
            input.delay_reason.as_deref(),
            input.delay_note.as_deref(),
            DelayReason::parse,
            DelayReason::Other,
            &DELAY_REASON,
            missing,
            &mut errors,
        );
        let name = optional_text(input.accepted_by_name.as_deref(), 100, "The name")
            .unwrap_or_else(|m| {
                errors.add("accepted_by_name", m);
                None
            });
        let role =
            optional_text(input.accepted_by_role.as_deref(), 60, "The role").unwrap_or_else(|m| {
                errors.add("accepted_by_role", m);
                None
            });
        errors.into_result()?;
        let name = name.unwrap_or_else(|| actor.display_name.clone());

        let changed = q::mark_handover(
            c,
            stay.id,
            &HandoverUpdate {
                handed_over_at: to_db(at),
                handover_seconds: waited,
                breached,
                accepted_by: actor.user_id,
                accepted_by_name: &name,
                accepted_by_role: role.as_deref(),
                delay_reason: reason.map(DelayReason::code),
                delay_note: note.as_deref(),
            },
        )?;
        if changed == 0 {
            let now_stay = current_stay(c, &episode)?;
            return Err(already_handed_over(&now_stay));
        }
        if q::bump_version(c, episode.id, input.expected_version)? == 0 {
            return Err(version_conflict(q::by_id(c, episode.id)?.version));
        }
        audit_row(
            c,
            actor,
            now,
            episode.id,
            "handover_confirmed",
            ("stay", stay.id),
            (
                None,
                json!({
                    "handed_over_at": super::time::iso_utc(at),
                    "seconds_waiting": waited,
                    "breached": breached,
                    "accepted_by_name": name,
                    "accepted_by_role": role,
                    "delay_reason": reason.map(DelayReason::code),
                    "delay_note": note,
                }),
            ),
        )
    })
}

/// The officer offers the handover at the place of safety where the person is
/// now: the first of the two parties' steps (health staff then accept).
pub fn record_handover_offered(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    offered_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    db::write_tx(conn, |c| {
        let episode = find(c, actor, reference)?;
        actor.require(
            &[Role::Officer],
            "record that handover was offered; only officers of the force can",
        )?;
        refuse_if_cancelled(&episode)?;
        refuse_if_ended(&episode)?;
        let stay = current_stay(c, &episode)?;
        if stay.handed_over_at.is_some() {
            return Err(already_handed_over(&stay));
        }
        if let Some(t) = stay.handover_offered_at {
            return Err(AppError::new(
                ErrorKind::Conflict,
                format!("Handover was already offered at {}.", hm(from_db(t))),
            ));
        }
        let at = offered_at.unwrap_or(now);
        let mut errors = FieldErrors::default();
        check_event_time(
            "offered_at",
            "time handover was offered",
            at,
            from_db(stay.arrived_at),
            "arrival time",
            now,
            &mut errors,
        );
        errors.into_result()?;
        if q::mark_handover_offered(c, stay.id, to_db(at))? == 0 {
            return Err(AppError::new(
                ErrorKind::Conflict,
                "Handover was already offered or confirmed.",
            ));
        }
        q::bump_version(c, episode.id, None)?;
        audit_row(
            c,
            actor,
            now,
            episode.id,
            "handover_offered",
            ("stay", stay.id),
            (
                None,
                json!({ "handover_offered_at": super::time::iso_utc(at) }),
            ),
        )
    })
}

#[derive(Debug, Clone, Default)]
pub struct StayRequestInput {
    pub reason: Option<String>,
    pub reason_note: Option<String>,
}

/// Health staff where the person is ask the police to stay (before handover),
/// with a reason code; the officer then agrees or declines.
pub fn ask_police_to_stay(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    input: &StayRequestInput,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    db::write_tx(conn, |c| {
        let (episode, stay) = awaiting_health(
            c,
            actor,
            reference,
            "ask police to stay; only health staff where the person is can",
            "ask police to stay",
        )?;
        if let Some(r) = crate::db::stay_requests::for_stay(c, stay.id)? {
            return Err(AppError::new(
                ErrorKind::Conflict,
                format!(
                    "Police were already asked to stay at {} by {}.",
                    hm(from_db(r.requested_at)),
                    r.requested_by_name
                ),
            ));
        }
        let mut errors = FieldErrors::default();
        let (reason, note) = coded_with_note(
            input.reason.as_deref(),
            input.reason_note.as_deref(),
            DelayReason::parse,
            DelayReason::Other,
            &CodedField {
                field: "reason",
                note_field: "reason_note",
                note_label: "The details",
                from_list: "Choose the reason police are asked to stay from the list",
                describe: "Describe the reason police are asked to stay",
            },
            Some("Choose the reason police are asked to stay".into()),
            &mut errors,
        );
        errors.into_result()?;
        let Some(reason) = reason else {
            return Err(AppError::internal(anyhow::anyhow!(
                "validated request lacks a reason"
            )));
        };
        crate::db::stay_requests::insert(
            c,
            &crate::db::stay_requests::NewStayRequest {
                stay_id: stay.id,
                episode_id: episode.id,
                requested_at: to_db(now),
                requested_by: actor.user_id,
                requested_by_name: &actor.display_name,
                reason: reason.code(),
                reason_note: note.as_deref(),
            },
        )?;
        q::bump_version(c, episode.id, None)?;
        audit_row(
            c,
            actor,
            now,
            episode.id,
            "police_asked_to_stay",
            ("stay", stay.id),
            (
                None,
                json!({ "reason": reason.code(), "reason_note": note }),
            ),
        )
    })
}

/// The officer agrees or declines to stay.
pub fn answer_stay_request(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    agreed: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    db::write_tx(conn, |c| {
        let episode = find(c, actor, reference)?;
        actor.require(
            &[Role::Officer],
            "answer a request to stay; only officers of the force can",
        )?;
        refuse_if_cancelled(&episode)?;
        let stay = current_stay(c, &episode)?;
        let Some(request) = crate::db::stay_requests::for_stay(c, stay.id)? else {
            return Err(AppError::new(
                ErrorKind::Conflict,
                "Nobody has asked the police to stay at this place of safety.",
            ));
        };
        let answered = |r: &crate::db::stay_requests::StayRequest| {
            AppError::new(
                ErrorKind::Conflict,
                format!(
                    "The request was already answered ({}) by {}.",
                    if r.agreed == Some(true) {
                        "agreed"
                    } else {
                        "not agreed"
                    },
                    r.answered_by_name.as_deref().unwrap_or("someone")
                ),
            )
        };
        if request.agreed.is_some() {
            return Err(answered(&request));
        }
        if crate::db::stay_requests::answer(
            c,
            request.id,
            agreed,
            to_db(now),
            actor.user_id,
            &actor.display_name,
        )? == 0
        {
            let now_request = crate::db::stay_requests::for_stay(c, stay.id)?.unwrap_or(request);
            return Err(answered(&now_request));
        }
        q::bump_version(c, episode.id, None)?;
        audit_row(
            c,
            actor,
            now,
            episode.id,
            "stay_request_answered",
            ("stay", stay.id),
            (None, json!({ "agreed": agreed })),
        )
    })
}

pub fn record_police_left(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    left_at: Option<DateTime<Utc>>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    db::write_tx(conn, |c| {
        let episode = find(c, actor, reference)?;
        actor.require(
            &[Role::Officer],
            "record that police left; only officers of the force can",
        )?;
        refuse_if_cancelled(&episode)?;
        let stay = current_stay(c, &episode)?;
        let reason = optional_text(reason, 500, "The reason")
            .map_err(|m| AppError::field("police_left_reason", m))?;
        // Detention ended before any handover: police may leave from then.
        // Before the handover, only with a reason (e.g. released under protest).
        let after = stay.handed_over_at.or(episode.ended_at).map(from_db);
        let (handed, earliest_what) = match (after, &reason) {
            (_, Some(_)) => (from_db(stay.arrived_at), "arrival time"),
            (Some(h), None) if stay.handed_over_at.is_some() => (h, "handover time"),
            (Some(h), None) => (h, "end of the detention"),
            (None, None) => {
                return Err(AppError::field(
                    "police_left_reason",
                    "Health staff have not accepted the handover yet. Ask them to confirm it on their board, or give the reason police must leave before it (for example, released under protest).",
                ));
            }
        };
        if let Some(t) = stay.police_left_at {
            return Err(AppError::new(
                ErrorKind::Conflict,
                format!("Police leaving was already recorded at {}.", hm(from_db(t))),
            ));
        }
        let at = left_at.unwrap_or(now);
        let mut errors = FieldErrors::default();
        check_event_time(
            "left_at",
            "time police left",
            at,
            handed,
            earliest_what,
            now,
            &mut errors,
        );
        errors.into_result()?;
        // A reason is kept only when police really left before the handover.
        let early = after.is_none_or(|h| at < h);
        let reason = reason.filter(|_| early);
        if q::mark_police_left(c, stay.id, to_db(at), reason.as_deref())? == 0 {
            return Err(AppError::new(
                ErrorKind::Conflict,
                "Police leaving was already recorded.",
            ));
        }
        q::bump_version(c, episode.id, None)?;
        audit_row(
            c,
            actor,
            now,
            episode.id,
            "police_left",
            ("stay", stay.id),
            (
                None,
                json!({ "police_left_at": super::time::iso_utc(at), "reason": reason }),
            ),
        )
    })
}

pub fn cancel(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    db::write_tx(conn, |c| {
        let episode = find(c, actor, reference)?;
        actor.require(
            &[Role::Officer, Role::Manager, Role::Admin],
            "cancel a case",
        )?;
        if episode.cancelled_at.is_some() {
            return Err(AppError::new(
                ErrorKind::Conflict,
                "This case is already cancelled.",
            ));
        }
        let reason = match optional_text(reason, 500, "The reason") {
            Ok(Some(r)) => r,
            Ok(None) => {
                return Err(AppError::field(
                    "reason",
                    "Give the reason for cancelling this case",
                ));
            }
            Err(m) => return Err(AppError::field("reason", m)),
        };
        if q::mark_cancelled(c, episode.id, to_db(now), actor.user_id, &reason)? == 0 {
            return Err(AppError::new(
                ErrorKind::Conflict,
                "This case is already cancelled.",
            ));
        }
        q::bump_version(c, episode.id, None)?;
        audit_row(
            c,
            actor,
            now,
            episode.id,
            "cancelled",
            ("episode", episode.id),
            (
                Some(json!({ "cancelled": false })),
                json!({ "cancelled": true, "reason": reason }),
            ),
        )
    })
}

#[derive(Debug, Clone, Default)]
pub struct TransferInput {
    /// Code of the destination place of safety.
    pub site_code: Option<String>,
    /// When the person left the current place of safety; `None` means now.
    pub left_at: Option<DateTime<Utc>>,
    /// When they arrived at the destination; `None` means now.
    pub arrived_at: Option<DateTime<Utc>>,
    pub expected_version: Option<i64>,
    /// Age band code, when the destination is a police station and the
    /// episode has none yet.
    pub age_band: Option<String>,
    /// The authorisation, when the destination is a police station.
    pub police_station: super::safeguards::PoliceStationInput,
}

/// Moves the person to another place of safety: the current stay ends when they
/// left, and a new stay (seq + 1) starts at the destination with its own
/// arrival and its own handover target. The episode's detention clock is not
/// touched (s136(2A): it runs from arrival at the first place of safety).
pub fn record_transfer(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    input: &TransferInput,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let target = orgs::target_minutes(conn)?;
    db::write_tx(conn, |c| {
        let episode = find(c, actor, reference)?;
        actor.require(
            &[Role::Officer, Role::Health],
            "record a transfer; only officers of the force or health staff where the person is can",
        )?;
        refuse_if_cancelled(&episode)?;
        refuse_if_ended(&episode)?;
        let stay = current_stay(c, &episode)?;
        if actor.role == Role::Health && Some(stay.site_id) != actor.site_id {
            return Err(AppError::forbidden(
                "Only staff at the place of safety where the person is now can record a transfer.",
            ));
        }
        if let Some(v) = input.expected_version
            && v != episode.version
        {
            return Err(version_conflict(episode.version));
        }
        let mut errors = FieldErrors::default();
        let site = match input.site_code.as_deref().map(str::trim) {
            None | Some("") => {
                errors.add("site", "Choose the place of safety the person is going to");
                None
            }
            Some(code) => match orgs::site_by_code(c, &code.to_ascii_uppercase())? {
                None => {
                    errors.add(
                        "site",
                        "Choose a place of safety from the list (that site code is not known)",
                    );
                    None
                }
                Some(s) if s.id == stay.site_id => {
                    errors.add(
                        "site",
                        "Choose a different place of safety: the person is already there",
                    );
                    None
                }
                Some(s) => Some(s),
            },
        };
        let arrived_here = from_db(stay.arrived_at);
        let left = input.left_at.unwrap_or(now);
        check_event_time(
            "left_at",
            "time the person left",
            left,
            arrived_here,
            "arrival time here",
            now,
            &mut errors,
        );
        let arrived = input.arrived_at.unwrap_or(now);
        if errors.get("left_at").is_none() {
            check_event_time(
                "arrived_at",
                "arrival time at the new place of safety",
                arrived,
                left,
                "time the person left",
                now,
                &mut errors,
            );
        }
        let police_station = match &site {
            Some(s) => super::safeguards::check_transfer(
                c,
                episode.id,
                s,
                input.age_band.as_deref(),
                &input.police_station,
                &mut errors,
            )?,
            None => None,
        };
        errors.into_result()?;
        let Some(site) = site else {
            return Err(AppError::internal(anyhow::anyhow!(
                "validated transfer lacks a site"
            )));
        };
        // Left before handover: the wait at this site stops at departure.
        let breached_if_open = stay
            .handed_over_at
            .is_none()
            .then(|| is_breach(seconds_between(arrived_here, left), target));
        if q::mark_departed(c, stay.id, to_db(left), breached_if_open)? == 0 {
            return Err(version_conflict(q::by_id(c, episode.id)?.version));
        }
        q::insert_stay(
            c,
            &NewStay {
                episode_id: episode.id,
                seq: stay.seq + 1,
                site_id: site.id,
                force_id: episode.force_id,
                officers: stay.officers,
                arrived_at: to_db(arrived),
                backdate_reason: None,
                created_at: to_db(now),
            },
        )?;
        if let Some(p) = police_station {
            super::safeguards::record_transfer(c, actor, episode.id, stay.seq + 1, p, now)?;
        }
        if q::bump_version(c, episode.id, input.expected_version)? == 0 {
            return Err(version_conflict(q::by_id(c, episode.id)?.version));
        }
        let from_site = orgs::site_by_id(c, stay.site_id)?;
        audit_row(
            c,
            actor,
            now,
            episode.id,
            "transferred",
            ("stay", stay.id),
            (
                None,
                json!({
                    "from": from_site.code,
                    "to": site.code,
                    "left_at": super::time::iso_utc(left),
                    "arrived_at": super::time::iso_utc(arrived),
                    "seq": stay.seq + 1,
                }),
            ),
        )
    })
}

#[derive(Debug, Clone, Default)]
pub struct EndInput {
    /// `None` means now.
    pub ended_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    pub outcome_note: Option<String>,
    pub assessment_started_at: Option<DateTime<Utc>>,
    pub assessment_completed_at: Option<DateTime<Utc>>,
    pub expected_version: Option<i64>,
}

/// Ends the detention with its outcome. From then on no clock runs and no
/// transfer or extension may be recorded. A stay still awaiting handover is
/// closed at the end time (its wait stops there).
pub fn record_end(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    input: &EndInput,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let target = orgs::target_minutes(conn)?;
    db::write_tx(conn, |c| {
        let episode = find(c, actor, reference)?;
        actor.require(
            &[Role::Officer, Role::Health],
            "record the end of the detention; only officers of the force or health staff where the person is can",
        )?;
        refuse_if_cancelled(&episode)?;
        refuse_if_ended(&episode)?;
        let stays = q::stays_of(c, episode.id)?;
        let (Some(first), Some(stay)) = (stays.first(), stays.last()) else {
            return Err(AppError::internal(anyhow::anyhow!(
                "episode {} has no stay",
                episode.id
            )));
        };
        if actor.role == Role::Health && Some(stay.site_id) != actor.site_id {
            return Err(AppError::forbidden(
                "Only staff at the place of safety where the person is now can record the end of the detention.",
            ));
        }
        if let Some(v) = input.expected_version
            && v != episode.version
        {
            return Err(version_conflict(episode.version));
        }
        let first_arrival = from_db(first.arrived_at);
        let arrived_here = from_db(stay.arrived_at);
        let mut errors = FieldErrors::default();
        let ended = input.ended_at.unwrap_or(now);
        check_event_time(
            "ended_at",
            "time the detention ended",
            ended,
            arrived_here,
            "arrival at the current place of safety",
            now,
            &mut errors,
        );
        let started = input.assessment_started_at;
        if let Some(s) = started {
            check_event_time(
                "assessment_started_at",
                "time the assessment started",
                s,
                first_arrival,
                "arrival at the first place of safety",
                now,
                &mut errors,
            );
            if errors.get("assessment_started_at").is_none() && s > ended {
                errors.add(
                    "assessment_started_at",
                    format!(
                        "Enter a time the assessment started that is before the end of the detention, {}",
                        hm(ended)
                    ),
                );
            }
        }
        if let Some(done) = input.assessment_completed_at {
            let earliest = started.unwrap_or(first_arrival);
            let what = if started.is_some() {
                "time the assessment started"
            } else {
                "arrival at the first place of safety"
            };
            check_event_time(
                "assessment_completed_at",
                "time the assessment was completed",
                done,
                earliest,
                what,
                now,
                &mut errors,
            );
            if errors.get("assessment_completed_at").is_none() && done > ended {
                errors.add(
                    "assessment_completed_at",
                    format!(
                        "Enter a time the assessment was completed that is before the end of the detention, {}",
                        hm(ended)
                    ),
                );
            }
        }
        let (outcome, note) = coded_with_note(
            input.outcome.as_deref(),
            input.outcome_note.as_deref(),
            Outcome::parse,
            Outcome::Other,
            &CodedField {
                field: "outcome",
                note_field: "outcome_note",
                note_label: "The details",
                from_list: "Choose the outcome from the list",
                describe: "Describe the outcome",
            },
            Some("Choose the outcome".into()),
            &mut errors,
        );
        errors.into_result()?;
        let Some(outcome) = outcome else {
            return Err(AppError::internal(anyhow::anyhow!(
                "validated end lacks an outcome"
            )));
        };
        if q::mark_ended(
            c,
            episode.id,
            &q::EndUpdate {
                ended_at: to_db(ended),
                ended_by: actor.user_id,
                outcome: outcome.code(),
                outcome_note: note.as_deref(),
                assessment_started_at: started.map(to_db),
                assessment_completed_at: input.assessment_completed_at.map(to_db),
            },
        )? == 0
        {
            return Err(AppError::new(
                ErrorKind::Conflict,
                "The end of this detention was already recorded.",
            ));
        }
        // Still waiting for handover: that wait stops at the end.
        if stay.handed_over_at.is_none() && stay.departed_at.is_none() {
            let breached = is_breach(seconds_between(arrived_here, ended), target);
            q::mark_departed(c, stay.id, to_db(ended), Some(breached))?;
        }
        if q::bump_version(c, episode.id, input.expected_version)? == 0 {
            return Err(version_conflict(q::by_id(c, episode.id)?.version));
        }
        audit_row(
            c,
            actor,
            now,
            episode.id,
            "detention_ended",
            ("episode", episode.id),
            (
                None,
                json!({
                    "ended_at": super::time::iso_utc(ended),
                    "outcome": outcome.code(),
                    "outcome_note": note,
                    "assessment_started_at": started.map(super::time::iso_utc),
                    "assessment_completed_at": input.assessment_completed_at.map(super::time::iso_utc),
                }),
            ),
        )
    })
}

pub(crate) fn refuse_if_ended(episode: &Episode) -> Result<(), AppError> {
    match episode.ended_at {
        Some(at) => Err(AppError::new(
            ErrorKind::Conflict,
            format!(
                "This detention ended at {}. Nothing more can be recorded on it.",
                long(from_db(at))
            ),
        )),
        None => Ok(()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    AwaitingHandover,
    HandedOver,
    Cancelled,
    /// A stay (never an episode) the person left before handover.
    Transferred,
    /// An episode whose detention has ended.
    Ended,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Self::AwaitingHandover => "awaiting_handover",
            Self::HandedOver => "handed_over",
            Self::Cancelled => "cancelled",
            Self::Transferred => "transferred",
            Self::Ended => "ended",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::AwaitingHandover => "Awaiting handover",
            Self::HandedOver => "Handed over",
            Self::Cancelled => "Cancelled",
            Self::Transferred => "Left before handover",
            Self::Ended => "Detention ended",
        }
    }
    pub fn tag_class(self) -> &'static str {
        match self {
            Self::AwaitingHandover => "nhsuk-tag--blue",
            Self::HandedOver => "nhsuk-tag--green",
            Self::Cancelled => "nhsuk-tag--grey",
            Self::Transferred => "nhsuk-tag--purple",
            Self::Ended => "nhsuk-tag--grey",
        }
    }
}

/// A stay with its clock worked out at `now`.
#[derive(Debug, Clone)]
pub struct StayClock {
    pub arrived_at: DateTime<Utc>,
    pub target_at: DateTime<Utc>,
    pub handed_over_at: Option<DateTime<Utc>>,
    pub seconds_waiting: i64,
    pub breached: bool,
    pub band: Band,
    pub open: bool,
    /// When the person left on a transfer.
    pub departed_at: Option<DateTime<Utc>>,
}

impl StayClock {
    pub fn of(stay: &Stay, target_minutes: i64, now: DateTime<Utc>) -> Self {
        let arrived_at = from_db(stay.arrived_at);
        let handed_over_at = stay.handed_over_at.map(from_db);
        let departed_at = stay.departed_at.map(from_db);
        // Left on a transfer before handover: the wait here ended then.
        let seconds_waiting = match (stay.handover_seconds, handed_over_at.or(departed_at)) {
            (Some(s), _) => s,
            (None, Some(end)) => seconds_between(arrived_at, end),
            (None, None) => seconds_between(arrived_at, now),
        };
        // A stored flag wins: it was fixed against the target in force then.
        // Cancelled stays never count as breaches.
        let breached = !stay.cancelled
            && stay
                .breached
                .unwrap_or_else(|| is_breach(seconds_waiting, target_minutes));
        Self {
            arrived_at,
            target_at: arrived_at + Duration::minutes(target_minutes),
            handed_over_at,
            seconds_waiting,
            breached,
            band: if breached {
                Band::Breach
            } else {
                Band::of(seconds_waiting, target_minutes)
            },
            open: handed_over_at.is_none() && departed_at.is_none() && !stay.cancelled,
            departed_at,
        }
    }
}

pub fn status(episode: &Episode, current: &Stay) -> Status {
    if episode.cancelled_at.is_some() {
        Status::Cancelled
    } else if episode.ended_at.is_some() {
        Status::Ended
    } else if current.handed_over_at.is_some() {
        Status::HandedOver
    } else {
        Status::AwaitingHandover
    }
}

/// An episode with everything needed to show it.
pub struct CaseData {
    pub episode: Episode,
    /// In order; the last is where the person is now.
    pub stays: Vec<(Stay, orgs::Site)>,
    pub force: orgs::Force,
    pub target: i64,
    /// Extensions of the detention (s136B), in the order recorded.
    pub extensions: Vec<Extension>,
    /// Requests that police stay, at most one per stay.
    pub stay_requests: Vec<crate::db::stay_requests::StayRequest>,
    /// Monitoring fields (Home Office return).
    pub monitoring: super::monitoring::Monitoring,
    /// The power used, police-station authorisations and health checks.
    pub safeguards: super::safeguards::Safeguards,
}

impl CaseData {
    /// The request to stay made during `stay_id`, if any.
    pub fn stay_request(&self, stay_id: i64) -> Option<&crate::db::stay_requests::StayRequest> {
        self.stay_requests.iter().find(|r| r.stay_id == stay_id)
    }
}

impl CaseData {
    pub fn current(&self) -> Result<&(Stay, orgs::Site), AppError> {
        self.stays.last().ok_or_else(|| {
            AppError::internal(anyhow::anyhow!("episode {} has no stay", self.episode.id))
        })
    }
}

/// The episode `reference` as `actor` may see it, with its stays.
pub fn load(conn: &mut DbConn, actor: &Actor, reference: &str) -> Result<CaseData, AppError> {
    let episode = find(conn, actor, reference)?;
    Ok(load_many(conn, vec![episode])?
        .pop()
        .unwrap_or_else(|| unreachable!("one in, one out")))
}

/// Several episodes (already scoped by the caller) in a few queries, not some per row.
pub fn load_many(conn: &mut DbConn, episodes: Vec<Episode>) -> Result<Vec<CaseData>, AppError> {
    let ids: Vec<i64> = episodes.iter().map(|e| e.id).collect();
    let mut stays = q::stays_of_many(conn, &ids)?;
    let mut extensions = crate::db::extensions::of_many(conn, &ids)?;
    let mut requests = crate::db::stay_requests::of_many(conn, &ids)?;
    let monitoring = crate::db::monitoring::of_many(conn, &ids)?;
    let mut safeguards = super::safeguards::Loaded::load(conn, &ids)?;
    let sites = orgs::list_sites(conn)?;
    let forces = orgs::list_forces(conn)?;
    let target = orgs::target_minutes(conn)?;
    let missing = || AppError::internal(anyhow::anyhow!("dangling reference in an episode"));
    episodes
        .into_iter()
        .map(|episode| {
            let mine: Vec<Stay> = stays
                .extract_if(.., |s| s.episode_id == episode.id)
                .collect();
            let stays = mine
                .into_iter()
                .map(|s| {
                    Ok((
                        sites
                            .iter()
                            .find(|x| x.id == s.site_id)
                            .cloned()
                            .ok_or_else(missing)?,
                        s,
                    ))
                })
                .map(|r: Result<_, AppError>| r.map(|(site, s)| (s, site)))
                .collect::<Result<Vec<_>, _>>()?;
            let force = forces
                .iter()
                .find(|f| f.id == episode.force_id)
                .cloned()
                .ok_or_else(missing)?;
            let extensions = extensions
                .extract_if(.., |x| x.episode_id == episode.id)
                .collect();
            let stay_requests = requests
                .extract_if(.., |r| r.episode_id == episode.id)
                .collect();
            let monitoring = monitoring
                .iter()
                .find(|m| m.episode_id == episode.id)
                .map(super::monitoring::Monitoring::of_row)
                .unwrap_or_default();
            let safeguards = safeguards.take(episode.id);
            Ok(CaseData {
                monitoring,
                episode,
                stays,
                force,
                target,
                extensions,
                stay_requests,
                safeguards,
            })
        })
        .collect()
}
