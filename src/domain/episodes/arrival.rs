//! Logging an arrival: the one action that makes a case.

use crate::msg;
use chrono::{DateTime, Datelike, Duration, Utc};
use serde_json::json;

use crate::db::episodes::{self as q, NewEpisode, NewStay};
use crate::db::{self, DbConn, orgs};
use crate::domain::auth::{Actor, random_token};
use crate::domain::case::{Audit, AuditAction, Entity, is_unique_violation, write_audit};
use crate::domain::detention::DETENTION_HOURS;
use crate::domain::events::{self, EventKind};
use crate::domain::policy;
use crate::domain::rules::{Captured, check_arrival_recorded_at, check_capture_time};
use crate::domain::time::{hm, iso_utc, london, to_db};
use crate::domain::types::{CollarNumber, Reference, optional_text};
use crate::domain::{monitoring, prealerts, safeguards, timeline};
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
    /// Saved on a phone at the tap and sent later: the arrival time when
    /// `arrived_at` is `None`, and the moment a late-logging reason counts from.
    pub captured: Option<Captured>,
    /// About the person: optional monitoring fields.
    pub about: monitoring::MonitoringInput,
    /// s136 (default) or s135, with the warrant time and AMHP, or the location type.
    pub power: safeguards::PowerInput,
    /// The authorisation, when the place of safety is a police station.
    pub police_station: safeguards::PoliceStationInput,
    /// The pre-alert this arrival fulfils (it is linked in the same transaction).
    pub prealert_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Logged {
    pub reference: String,
    /// False when the `client_ref` had been seen before.
    pub created: bool,
}

pub fn log_arrival(
    conn: &mut DbConn,
    actor: &Actor,
    input: &ArrivalInput,
    now: DateTime<Utc>,
) -> Result<Logged, AppError> {
    policy::LOG_ARRIVAL.check_role(actor)?;
    let Some(force_id) = actor.force_id else {
        return Err(AppError::forbidden("case-no-force"));
    };
    let client_ref = optional_text(
        input.client_ref.as_deref(),
        100,
        crate::domain::lang::Msg::new("case-what-client-ref"),
    )
    .map_err(|m| AppError::field("client_ref", m))?;
    let digest = request_digest(input);
    if let Some(cr) = &client_ref
        && let Some(found) = q::client_ref_digest(conn, actor.user_id, cr)?
    {
        return same_request(found, &digest);
    }

    let mut errors = FieldErrors::default();
    let site = match input.site_code.as_deref().map(str::trim) {
        None | Some("") => {
            errors.add("site", "case-arrival-site-choose");
            None
        }
        Some(code) => {
            let site = orgs::site_by_code(conn, &code.to_ascii_uppercase())?;
            match &site {
                None => errors.add("site", "case-arrival-site-unknown"),
                Some(s) if !crate::domain::orgs::site_is_open(s) => {
                    errors.add("site", crate::domain::orgs::site_retired_message(s))
                }
                Some(_) => {}
            }
            site
        }
    };
    let captured_at = input.captured.map(|c| c.at());
    let arrived_at = input.arrived_at.or(captured_at).unwrap_or(now);
    let backdate_reason = optional_text(
        input.backdate_reason.as_deref(),
        500,
        crate::domain::lang::Msg::new("case-what-reason"),
    )
    .unwrap_or_else(|m| {
        errors.add("backdate_reason", m);
        None
    });
    if let Some(c) = captured_at {
        check_capture_time(c, now, &mut errors);
    }
    if errors.get("arrived_at").is_none() {
        check_arrival_recorded_at(
            arrived_at,
            backdate_reason.as_deref(),
            captured_at.unwrap_or(now),
            now,
            &mut errors,
        );
    }
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
                msg!("case-arrival-power-after", time = hm(arrived_at)),
            );
        } else if arrived_at - d > Duration::hours(DETENTION_HOURS) {
            errors.add("detained_at", "case-arrival-power-too-early");
        }
    }
    let officers = input.officers.unwrap_or(DEFAULT_OFFICERS);
    if !(1..=MAX_OFFICERS).contains(&officers) {
        errors.add(
            "officers",
            msg!("case-arrival-officers-range", max = MAX_OFFICERS),
        );
    }
    let notes = optional_text(
        input.notes.as_deref(),
        1000,
        crate::domain::lang::Msg::new("case-what-notes"),
    )
    .unwrap_or_else(|m| {
        errors.add("notes", m);
        None
    });
    let about = monitoring::read(&input.about, &mut errors);
    let power = safeguards::check_power(&input.power, arrived_at, now, &mut errors);
    let age_band = about.age_band;
    let authorisation = site
        .as_ref()
        .filter(|s| safeguards::is_police_station(s))
        .and_then(|_| {
            safeguards::check_police_station(age_band, &input.police_station, &mut errors)
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
                request_digest: client_ref.as_ref().map(|_| digest.as_str()),
                created_at: to_db(now),
            },
            &format!("PENDING-{}", random_token(12)),
        )?;
        let reference = Reference::new(london(arrived_at).year(), id);
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
        safeguards::record_at_arrival(c, actor, id, &power, authorisation.as_ref(), now)?;
        timeline::still_ordered(None, &timeline::load(c, id)?)?;
        if let Some(p) = input.prealert_id {
            prealerts::claim(c, actor, p, id, arrived_at, now)?;
        }
        write_audit(
            c,
            actor,
            now,
            id,
            Audit::new(
                AuditAction::ArrivalLogged,
                Entity::Episode(id),
                json!({
                    "reference": reference.as_str(),
                    "site": site.code,
                    "arrived_at": iso_utc(arrived_at),
                    "backdate_reason": backdate_reason,
                    "collar_number": collar.as_str(),
                    "officers": officers,
                    "detained_at": input.detained_at.map(iso_utc),
                    "monitoring": about.to_json(),
                    "kind": power.kind.code(),
                    "location_type": power.location_type.map(|l| l.code()),
                    "warrant_at": power.warrant_at.map(iso_utc),
                    "amhp_name": power.amhp_name,
                    "prealert": input.prealert_id,
                    "captured_at": captured_at.map(iso_utc),
                    "clock_offset_ms": input.captured.map(|c| c.clock_offset.num_milliseconds()),
                    "received_at": captured_at.map(|_| iso_utc(now)),
                }),
            ),
        )?;
        events::case_changed(c, id, EventKind::Arrival, now)?;
        Ok(reference.into_inner())
    });
    match result {
        Ok(reference) => Ok(Logged {
            reference,
            created: true,
        }),
        // Two submissions with one key raced: the other one won.
        Err(e) if client_ref.is_some() && is_unique_violation(&e) => {
            let found =
                q::client_ref_digest(conn, actor.user_id, client_ref.as_deref().unwrap_or(""))?
                    .ok_or(e)?;
            same_request(found, &digest)
        }
        Err(e) => Err(e),
    }
}

/// What the officer asked for, without the key and the moment of the tap:
/// a retry of one form (Back and submit again, a queued resend) has the same
/// digest however late it comes. `Debug` is stable within a release, and a
/// retry outlives a release only by an upgrade mid-outage, which is refused
/// (with the case named), never merged.
fn request_digest(input: &ArrivalInput) -> String {
    use sha2::{Digest, Sha256};
    let what = ArrivalInput {
        client_ref: None,
        captured: None,
        ..input.clone()
    };
    Sha256::digest(format!("{what:?}").as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A `client_ref` seen before: the same request gives its case again; a
/// different one (the form changed after it was sent: Back, then the details
/// of someone else) is refused, so two people are never one case.
fn same_request(
    (reference, stored): (String, Option<String>),
    digest: &str,
) -> Result<Logged, AppError> {
    match stored {
        Some(d) if d != digest => Err(AppError::new(
            ErrorKind::Conflict,
            msg!("case-arrival-form-reused", reference = reference),
        )),
        _ => Ok(Logged {
            reference,
            created: false,
        }),
    }
}
