//! Health staff where the person is ask the police to stay (before handover),
//! with a reason code; the officer then agrees or declines, once.

use crate::domain::lang::Msg;
use crate::msg;
use chrono::{DateTime, Utc};
use serde_json::json;

use super::already_handed_over;
use crate::db::DbConn;
use crate::db::stay_requests::{self as sr, NewStayRequest, StayRequest};
use crate::domain::auth::Actor;
use crate::domain::case::{Audit, AuditAction, Entity, act};
use crate::domain::policy;
use crate::domain::rules::{CodedField, DelayReason, coded_with_note};
use crate::domain::time::{from_db, hm, to_db};
use crate::error::{AppError, ErrorKind, FieldErrors};

#[derive(Debug, Clone, Default)]
pub struct StayRequestInput {
    pub reason: Option<String>,
    pub reason_note: Option<String>,
}

pub fn ask_police_to_stay(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    input: &StayRequestInput,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    act(
        conn,
        actor,
        reference,
        &policy::ASK_TO_STAY,
        None,
        now,
        |c, case| {
            let stay = case.current();
            if stay.handed_over_at.is_some() {
                return Err(already_handed_over(stay));
            }
            if let Some(r) = sr::for_stay(c, stay.id)? {
                return Err(AppError::new(
                    ErrorKind::Conflict,
                    msg!(
                        "case-stay-already-asked",
                        time = hm(from_db(r.requested_at)),
                        who = r.requested_by_name
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
                    note_label: "case-what-details",
                    from_list: "case-stay-reason-from-list",
                    describe: "case-stay-reason-describe",
                },
                Some(Msg::new("case-stay-reason-choose")),
                &mut errors,
            );
            errors.into_result()?;
            let Some(reason) = reason else {
                return Err(AppError::internal(anyhow::anyhow!(
                    "validated request lacks a reason"
                )));
            };
            sr::insert(
                c,
                &NewStayRequest {
                    stay_id: stay.id,
                    episode_id: case.id(),
                    requested_at: to_db(now),
                    requested_by: actor.user_id,
                    requested_by_name: &actor.display_name,
                    reason: reason.code(),
                    reason_note: note.as_deref(),
                },
            )?;
            let audit = Audit::new(
                AuditAction::PoliceAskedToStay,
                Entity::Stay(stay.id),
                json!({ "reason": reason.code(), "reason_note": note }),
            );
            Ok(((), Some(audit)))
        },
    )
}

/// The officer agrees or declines to stay.
pub fn answer_stay_request(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    agreed: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let p = &policy::ANSWER_STAY_REQUEST;
    act(conn, actor, reference, p, None, now, |c, case| {
        let stay = case.current();
        let Some(request) = sr::for_stay(c, stay.id)? else {
            return Err(AppError::new(ErrorKind::Conflict, "case-stay-not-asked"));
        };
        if request.agreed.is_some() {
            return Err(answered(&request));
        }
        sr::answer(
            c,
            request.id,
            agreed,
            to_db(now),
            actor.user_id,
            &actor.display_name,
        )?;
        let audit = Audit::new(
            AuditAction::StayRequestAnswered,
            Entity::Stay(stay.id),
            json!({ "agreed": agreed }),
        );
        Ok(((), Some(audit)))
    })
}

fn answered(r: &StayRequest) -> AppError {
    AppError::new(
        ErrorKind::Conflict,
        msg!(
            "case-stay-already-answered",
            agreed = if r.agreed == Some(true) { "yes" } else { "no" },
            who = match r.answered_by_name.as_deref() {
                Some(n) => Msg::new("case-name").arg("name", n),
                None => Msg::new("case-someone"),
            }
        ),
    )
}
