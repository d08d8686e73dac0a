//! A transfer to another place of safety (s136(3)): the current stay ends when
//! the person left and a new stay starts at the destination with its own
//! arrival and handover target. The detention clock is not touched (s136(2A):
//! it runs from arrival at the first place of safety).

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::db::episodes::{self as q, NewStay};
use crate::db::{DbConn, orgs};
use crate::domain::auth::Actor;
use crate::domain::case::{Audit, AuditAction, Entity, act};
use crate::domain::policy;
use crate::domain::rules::{check_event_time, wait};
use crate::domain::safeguards;
use crate::domain::time::{from_db, iso_utc, to_db};
use crate::error::{AppError, FieldErrors};

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
    pub police_station: safeguards::PoliceStationInput,
}

pub fn record_transfer(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    input: &TransferInput,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let target = orgs::target_minutes(conn)?;
    let p = &policy::TRANSFER;
    act(
        conn,
        actor,
        reference,
        p,
        input.expected_version,
        now,
        |c, case| {
            let stay = case.current();
            let mut errors = FieldErrors::default();
            let site = match input.site_code.as_deref().map(str::trim) {
                None | Some("") => {
                    errors.add("site", "case-transfer-site-choose");
                    None
                }
                Some(code) => match orgs::site_by_code(c, &code.to_ascii_uppercase())? {
                    None => {
                        errors.add("site", "case-arrival-site-unknown");
                        None
                    }
                    Some(s) if !crate::domain::orgs::site_is_open(&s) => {
                        errors.add("site", crate::domain::orgs::site_retired_message(&s));
                        None
                    }
                    Some(s) if s.id == stay.site_id => {
                        errors.add("site", "case-transfer-same-site");
                        None
                    }
                    Some(s) => Some(s),
                },
            };
            let arrived_here = from_db(stay.arrived_at);
            let left = input.left_at.unwrap_or(now);
            check_event_time(
                "left_at",
                "case-what-left-time",
                left,
                arrived_here,
                "case-what-arrival-here",
                now,
                &mut errors,
            );
            let arrived = input.arrived_at.unwrap_or(now);
            if errors.get("left_at").is_none() {
                check_event_time(
                    "arrived_at",
                    "case-what-new-arrival",
                    arrived,
                    left,
                    "case-what-left-time",
                    now,
                    &mut errors,
                );
            }
            let police_station = match &site {
                Some(s) => safeguards::check_transfer(
                    c,
                    case.id(),
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
                .then(|| wait(arrived_here, left, target).1);
            q::mark_departed(c, stay.id, to_db(left), breached_if_open)?;
            q::insert_stay(
                c,
                &NewStay {
                    episode_id: case.id(),
                    seq: stay.seq + 1,
                    site_id: site.id,
                    force_id: case.episode.force_id,
                    officers: stay.officers,
                    arrived_at: to_db(arrived),
                    backdate_reason: None,
                    created_at: to_db(now),
                },
            )?;
            if let Some(p) = police_station {
                safeguards::record_transfer(c, actor, case.id(), stay.seq + 1, p, now)?;
            }
            let from_site = orgs::site_by_id(c, stay.site_id)?;
            let audit = Audit::new(
                AuditAction::Transferred,
                Entity::Stay(stay.id),
                json!({
                    "from": from_site.code,
                    "to": site.code,
                    "left_at": iso_utc(left),
                    "arrived_at": iso_utc(arrived),
                    "seq": stay.seq + 1,
                }),
            );
            Ok(((), Some(audit)))
        },
    )
}
