//! The end of the detention with its outcome. From then on no clock runs and
//! no transfer or extension may be recorded; a stay still awaiting handover is
//! closed at the end time (its wait stops there).

use crate::domain::lang::Msg;
use crate::msg;
use chrono::{DateTime, Utc};
use serde_json::json;

use crate::db::episodes::{self as q, EndUpdate};
use crate::db::{DbConn, orgs};
use crate::domain::auth::Actor;
use crate::domain::case::{Audit, AuditAction, Entity, act};
use crate::domain::policy;
use crate::domain::rules::{CodedField, Outcome, check_event_time, coded_with_note, wait};
use crate::domain::time::{from_db, hm, iso_utc, to_db};
use crate::error::{AppError, FieldErrors};

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

pub fn record_end(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    input: &EndInput,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let target = orgs::target_minutes(conn)?;
    let p = &policy::END;
    act(
        conn,
        actor,
        reference,
        p,
        input.expected_version,
        now,
        |c, case| {
            let stay = case.current();
            let first_arrival = from_db(case.first().arrived_at);
            let arrived_here = from_db(stay.arrived_at);
            let mut errors = FieldErrors::default();
            let ended = input.ended_at.unwrap_or(now);
            check_event_time(
                "ended_at",
                "case-what-end-time",
                ended,
                arrived_here,
                "case-what-current-arrival",
                now,
                &mut errors,
            );
            let started = input.assessment_started_at;
            if let Some(s) = started {
                check_event_time(
                    "assessment_started_at",
                    "case-what-assessment-started",
                    s,
                    first_arrival,
                    "case-what-first-arrival",
                    now,
                    &mut errors,
                );
                if errors.get("assessment_started_at").is_none() && s > ended {
                    errors.add(
                        "assessment_started_at",
                        msg!("case-end-started-after-end", time = hm(ended)),
                    );
                }
            }
            if let Some(done) = input.assessment_completed_at {
                let earliest = started.unwrap_or(first_arrival);
                let what = if started.is_some() {
                    "case-what-assessment-started"
                } else {
                    "case-what-first-arrival"
                };
                check_event_time(
                    "assessment_completed_at",
                    "case-what-assessment-completed",
                    done,
                    earliest,
                    what,
                    now,
                    &mut errors,
                );
                if errors.get("assessment_completed_at").is_none() && done > ended {
                    errors.add(
                        "assessment_completed_at",
                        msg!("case-end-completed-after-end", time = hm(ended)),
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
                    note_label: "case-what-details",
                    from_list: "case-end-outcome-from-list",
                    describe: "case-end-outcome-describe",
                },
                Some(Msg::new("case-end-outcome-choose")),
                &mut errors,
            );
            errors.into_result()?;
            let Some(outcome) = outcome else {
                return Err(AppError::internal(anyhow::anyhow!(
                    "validated end lacks an outcome"
                )));
            };
            q::mark_ended(
                c,
                case.id(),
                &EndUpdate {
                    ended_at: to_db(ended),
                    ended_by: actor.user_id,
                    outcome: outcome.code(),
                    outcome_note: note.as_deref(),
                    assessment_started_at: started.map(to_db),
                    assessment_completed_at: input.assessment_completed_at.map(to_db),
                },
            )?;
            // Still waiting for handover: that wait stops at the end.
            if stay.handed_over_at.is_none() && stay.departed_at.is_none() {
                let (_, breached) = wait(arrived_here, ended, target);
                q::mark_departed(c, stay.id, to_db(ended), Some(breached))?;
            }
            let audit = Audit::new(
                AuditAction::DetentionEnded,
                Entity::Episode(case.id()),
                json!({
                    "ended_at": iso_utc(ended),
                    "outcome": outcome.code(),
                    "outcome_note": note,
                    "assessment_started_at": started.map(iso_utc),
                    "assessment_completed_at": input.assessment_completed_at.map(iso_utc),
                }),
            );
            Ok(((), Some(audit)))
        },
    )
}
