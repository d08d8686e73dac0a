//! Cancelling a case logged in error: kept, marked, never counted as a breach.

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::db::DbConn;
use crate::db::episodes as q;
use crate::domain::auth::Actor;
use crate::domain::case::{Audit, AuditAction, Entity, act};
use crate::domain::policy;
use crate::domain::time::to_db;
use crate::domain::types::optional_text;
use crate::error::{AppError, ErrorKind};

pub fn cancel(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    act(
        conn,
        actor,
        reference,
        &policy::CANCEL,
        None,
        now,
        |c, case| {
            if case.episode.cancelled_at.is_some() {
                return Err(AppError::new(ErrorKind::Conflict, "case-cancel-already"));
            }
            let reason = match optional_text(
                reason,
                500,
                crate::domain::lang::Msg::new("case-what-reason"),
            ) {
                Ok(Some(r)) => r,
                Ok(None) => {
                    return Err(AppError::field("reason", "case-cancel-reason"));
                }
                Err(m) => return Err(AppError::field("reason", m)),
            };
            q::mark_cancelled(c, case.id(), to_db(now), actor.user_id, &reason)?;
            let audit = Audit::new(
                AuditAction::Cancelled,
                Entity::Episode(case.id()),
                json!({ "cancelled": true, "reason": reason }),
            )
            .with_before(json!({ "cancelled": false }));
            Ok(((), Some(audit)))
        },
    )
}
