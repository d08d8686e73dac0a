//! Health staff where the person is confirm the handover: a named person
//! accepts custody; past the target a delay reason is required.

use crate::domain::lang::Msg;
use crate::domain::time::duration_msg;
use crate::msg;
use chrono::{DateTime, Utc};
use serde_json::json;

use super::already_handed_over;
use crate::db::episodes::{self as q, HandoverUpdate};
use crate::db::{DbConn, orgs};
use crate::domain::auth::Actor;
use crate::domain::case::{Audit, AuditAction, Entity, act, version_conflict};
use crate::domain::policy;
use crate::domain::rules::{DELAY_REASON, DelayReason, check_event_time, coded_with_note, wait};
use crate::domain::time::{from_db, iso_utc, to_db};
use crate::domain::types::optional_text;
use crate::error::{AppError, FieldErrors};

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

pub fn confirm_handover(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    input: &HandoverInput,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let target = orgs::target_minutes(conn)?;
    let p = &policy::CONFIRM_HANDOVER;
    act(
        conn,
        actor,
        reference,
        p,
        input.expected_version,
        now,
        |c, case| {
            let stay = case.current();
            if stay.handed_over_at.is_some() {
                return Err(already_handed_over(stay));
            }
            let arrived = from_db(stay.arrived_at);
            let at = input.handed_over_at.unwrap_or(now);
            let mut errors = FieldErrors::default();
            check_event_time(
                "handed_over_at",
                "case-what-handover-time",
                at,
                arrived,
                "case-what-arrival-time",
                now,
                &mut errors,
            );
            let (waited, breached) = wait(arrived, at, target);
            let missing = (breached && errors.get("handed_over_at").is_none()).then(|| {
                msg!(
                    "case-handover-delay-reason",
                    waited = duration_msg(waited),
                    target = target
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
            let name = optional_text(
                input.accepted_by_name.as_deref(),
                100,
                Msg::new("case-what-name"),
            )
            .unwrap_or_else(|m| {
                errors.add("accepted_by_name", m);
                None
            });
            let role = optional_text(
                input.accepted_by_role.as_deref(),
                60,
                Msg::new("case-what-role"),
            )
            .unwrap_or_else(|m| {
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
                return Err(version_conflict(case.episode.version));
            }
            let audit = Audit::new(
                AuditAction::HandoverConfirmed,
                Entity::Stay(stay.id),
                json!({
                    "handed_over_at": iso_utc(at),
                    "seconds_waiting": waited,
                    "breached": breached,
                    "accepted_by_name": name,
                    "accepted_by_role": role,
                    "delay_reason": reason.map(DelayReason::code),
                    "delay_note": note,
                }),
            );
            Ok(((), Some(audit)))
        },
    )
}
