//! Police record leaving the place of safety: after the handover, or before it
//! only with a reason (e.g. released under protest).

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::db::DbConn;
use crate::db::episodes as q;
use crate::domain::auth::Actor;
use crate::domain::case::{Audit, AuditAction, Entity, act};
use crate::domain::policy;
use crate::domain::rules::check_event_time;
use crate::domain::time::{from_db, hm, iso_utc, to_db};
use crate::domain::types::optional_text;
use crate::error::{AppError, ErrorKind, FieldErrors};

pub fn record_police_left(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    left_at: Option<DateTime<Utc>>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    act(
        conn,
        actor,
        reference,
        &policy::POLICE_LEFT,
        None,
        now,
        |c, case| {
            let stay = case.current();
            let reason = optional_text(
                reason,
                500,
                crate::domain::lang::Msg::new("case-what-reason"),
            )
            .map_err(|m| AppError::field("police_left_reason", m))?;
            // Detention ended before any handover: police may leave from then.
            // Before the handover, only with a reason (e.g. released under protest).
            let after = stay.handed_over_at.or(case.episode.ended_at).map(from_db);
            let (earliest, earliest_what) = match (after, &reason) {
                (_, Some(_)) => (from_db(stay.arrived_at), "case-what-arrival-time"),
                (Some(h), None) if stay.handed_over_at.is_some() => (h, "case-what-handover-time"),
                (Some(h), None) => (h, "case-what-detention-end"),
                (None, None) => {
                    return Err(AppError::field(
                        "police_left_reason",
                        "case-police-left-not-accepted",
                    ));
                }
            };
            if let Some(t) = stay.police_left_at {
                return Err(AppError::new(
                    ErrorKind::Conflict,
                    crate::msg!("case-police-left-already", time = hm(from_db(t))),
                ));
            }
            let at = left_at.unwrap_or(now);
            let mut errors = FieldErrors::default();
            check_event_time(
                "left_at",
                "case-what-police-left-time",
                at,
                earliest,
                earliest_what,
                now,
                &mut errors,
            );
            errors.into_result()?;
            // A reason is kept only when police really left before the handover.
            let early = after.is_none_or(|h| at < h);
            let reason = reason.filter(|_| early);
            q::mark_police_left(c, stay.id, to_db(at), reason.as_deref())?;
            let audit = Audit::new(
                AuditAction::PoliceLeft,
                Entity::Stay(stay.id),
                json!({ "police_left_at": iso_utc(at), "reason": reason }),
            );
            Ok(((), Some(audit)))
        },
    )
}
