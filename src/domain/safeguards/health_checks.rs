//! Health checks at least every 30 minutes while the person is held at a
//! police station (SI 2017/1036 reg 4).

use crate::domain::lang::Msg;
use crate::domain::time::duration_msg;
use crate::msg;
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use super::*;
use crate::db::safeguards::{self as sq, HealthCheck};
use crate::db::{DbConn, orgs};
use crate::domain::auth::Actor;
use crate::domain::case::{Audit, AuditAction, Entity, act};
use crate::domain::episodes::CaseData;
use crate::domain::policy;
use crate::domain::rules::{Role, check_event_time};
use crate::domain::time::{from_db, hm, iso_utc, to_db};
use crate::domain::types::optional_text;
use crate::error::{AppError, ErrorKind, FieldErrors};

/// SI 2017/1036 reg 4: a health professional checks the person at least this often.
pub const CHECK_INTERVAL: Duration = Duration::minutes(30);

/// The 30-minute check clock of a person held at a police station.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckClock {
    /// Arrival at the police station.
    pub since: DateTime<Utc>,
    pub last_check_at: Option<DateTime<Utc>>,
    pub last_checked_by: Option<String>,
    /// 30 minutes after the last check, or after arrival when none yet.
    pub next_due_at: DateTime<Utc>,
    /// Strictly after the due time: a check at 30:00 exactly is on time.
    pub overdue: bool,
    /// Until due (negative once overdue).
    pub seconds_to_due: i64,
}

impl CheckClock {
    pub fn new(
        arrived_at: DateTime<Utc>,
        last: Option<(DateTime<Utc>, String)>,
        now: DateTime<Utc>,
    ) -> Self {
        let from = last
            .as_ref()
            .map(|(t, _)| *t)
            .filter(|t| *t > arrived_at)
            .unwrap_or(arrived_at);
        let next_due_at = from + CHECK_INTERVAL;
        Self {
            since: arrived_at,
            last_check_at: last.as_ref().map(|(t, _)| *t),
            last_checked_by: last.map(|(_, n)| n),
            next_due_at,
            overdue: now > next_due_at,
            seconds_to_due: (next_due_at - now).num_seconds(),
        }
    }

    /// `Some` while the person is held at a police station: the current stay
    /// is there, not left, and the case is neither cancelled nor ended.
    pub fn of(d: &CaseData, now: DateTime<Utc>) -> Option<Self> {
        if d.episode.cancelled_at.is_some() || d.episode.ended_at.is_some() {
            return None;
        }
        let (stay, site) = d.stays.last()?;
        if !is_police_station(site) || stay.departed_at.is_some() || stay.cancelled {
            return None;
        }
        let last = d
            .safeguards
            .checks_of(stay.id)
            .max_by_key(|h| (h.checked_at, h.id))
            .map(|h| (from_db(h.checked_at), h.checked_by_name.clone()));
        Some(Self::new(from_db(stay.arrived_at), last, now))
    }

    /// "Next health check due by 12:30 (in 0h 12m)" or "Health check overdue: due 12:30 (0h 05m ago)".
    pub fn message(&self) -> Msg {
        if self.overdue {
            msg!(
                "case-check-overdue",
                due = hm(self.next_due_at),
                late = duration_msg(-self.seconds_to_due)
            )
        } else {
            msg!(
                "case-check-next",
                due = hm(self.next_due_at),
                left = duration_msg(self.seconds_to_due)
            )
        }
    }
}

/// Seconds between each check of a stay and the one before (or the arrival),
/// in time order: more than 30 minutes means a check was late.
pub fn check_gaps(arrived_at: DateTime<Utc>, checks: &[&HealthCheck]) -> Vec<i64> {
    let mut prev = arrived_at;
    checks
        .iter()
        .map(|h| {
            let t = from_db(h.checked_at);
            let gap = (t - prev).num_seconds().max(0);
            prev = prev.max(t);
            gap
        })
        .collect()
}

#[derive(Debug, Clone, Default)]
pub struct HealthCheckInput {
    /// `None` means now.
    pub checked_at: Option<DateTime<Utc>>,
    /// The health professional who checked; health staff default to themselves.
    pub checked_by_name: Option<String>,
    /// Short, without personal data.
    pub note: Option<String>,
}

/// Records a health professional's check of a person held at a police station
/// (SI 2017/1036 reg 4), by officers of the force or health staff there.
pub fn record_health_check(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    input: &HealthCheckInput,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    act(
        conn,
        actor,
        reference,
        &policy::HEALTH_CHECK,
        None,
        now,
        |c, case| {
            let stay = case.current();
            let site = orgs::site_by_id(c, stay.site_id)?;
            if !is_police_station(&site) || stay.departed_at.is_some() {
                return Err(AppError::new(ErrorKind::Conflict, "case-check-not-at-ps"));
            }
            let mut errors = FieldErrors::default();
            let at = input.checked_at.unwrap_or(now);
            check_event_time(
                "checked_at",
                "case-what-check-time",
                at,
                from_db(stay.arrived_at),
                "case-what-ps-arrival",
                now,
                &mut errors,
            );
            let name = match optional_text(
                input.checked_by_name.as_deref(),
                100,
                crate::domain::lang::Msg::new("case-what-name"),
            ) {
                Ok(Some(n)) => Some(n),
                Ok(None) if actor.role == Role::Health => Some(actor.display_name.clone()),
                Ok(None) => {
                    errors.add("checked_by_name", "case-check-name-enter");
                    None
                }
                Err(m) => {
                    errors.add("checked_by_name", m);
                    None
                }
            };
            let note = optional_text(
                input.note.as_deref(),
                200,
                crate::domain::lang::Msg::new("case-what-note"),
            )
            .unwrap_or_else(|m| {
                errors.add("note", m);
                None
            });
            errors.into_result()?;
            let Some(name) = name else {
                return Err(AppError::internal(anyhow::anyhow!(
                    "validated check lacks a name"
                )));
            };
            sq::insert_check(
                c,
                &sq::NewHealthCheck {
                    episode_id: case.id(),
                    stay_id: stay.id,
                    checked_at: to_db(at),
                    checked_by_name: &name,
                    note: note.as_deref(),
                    recorded_by: actor.user_id,
                    created_at: to_db(now),
                },
            )?;
            let audit = Audit::new(
                AuditAction::HealthCheckRecorded,
                Entity::Stay(stay.id),
                json!({
                    "checked_at": iso_utc(at),
                    "checked_by_name": name,
                    "note": note,
                }),
            );
            Ok(((), Some(audit)))
        },
    )
}
