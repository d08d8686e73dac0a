//! The officer offers the handover at the place of safety where the person is
//! now: the first of the two parties' steps (health staff then accept).

use chrono::{DateTime, Utc};
use serde_json::json;

use super::already_handed_over;
use crate::db::DbConn;
use crate::db::episodes as q;
use crate::domain::auth::Actor;
use crate::domain::case::{Audit, AuditAction, Entity, act};
use crate::domain::policy;
use crate::domain::rules::check_event_time;
use crate::domain::time::{from_db, hm, iso_utc, to_db};
use crate::error::{AppError, ErrorKind, FieldErrors};

pub fn record_handover_offered(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    offered_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    act(
        conn,
        actor,
        reference,
        &policy::OFFER_HANDOVER,
        None,
        now,
        |c, case| {
            let stay = case.current();
            if stay.handed_over_at.is_some() {
                return Err(already_handed_over(stay));
            }
            if let Some(t) = stay.handover_offered_at {
                return Err(AppError::new(
                    ErrorKind::Conflict,
                    crate::msg!("case-offer-already", time = hm(from_db(t))),
                ));
            }
            let at = offered_at.unwrap_or(now);
            let mut errors = FieldErrors::default();
            check_event_time(
                "offered_at",
                "case-what-offered-time",
                at,
                from_db(stay.arrived_at),
                "case-what-arrival-time",
                now,
                &mut errors,
            );
            errors.into_result()?;
            q::mark_handover_offered(c, stay.id, to_db(at))?;
            let audit = Audit::new(
                AuditAction::HandoverOffered,
                Entity::Stay(stay.id),
                json!({ "handover_offered_at": iso_utc(at) }),
            );
            Ok(((), Some(audit)))
        },
    )
}
