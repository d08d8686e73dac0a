//! The one opening every case action goes through: in one transaction, take
//! the case's lock, load it in the actor's scope, check the action's policy
//! and the version the person saw, run the action, bump the version and write
//! its audit row and its event. A lost race waits for the lock and then meets the rules
//! (409 naming who won), never a broken rule or a 500.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::auth::Actor;
use super::events::{self, EventKind};
use super::policy::Policy;
use super::time::{from_db, hm, to_db};
use super::timeline;
use super::types::Reference;
use crate::db::episodes::{self as q, Episode, Stay};
use crate::db::{self, DbConn, audit};
use crate::error::{AppError, ErrorKind};

/// What the audit trail calls each change (stored as the code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    ArrivalLogged,
    HandoverOffered,
    HandoverConfirmed,
    PoliceAskedToStay,
    StayRequestAnswered,
    PoliceLeft,
    Transferred,
    DetentionExtended,
    DetentionEnded,
    Cancelled,
    TimeCorrected,
    HealthCheckRecorded,
    LocationTypeSet,
    MonitoringUpdated,
    PoliceStationAuthorised,
    AgeBandRecorded,
    PrealertMade,
    PrealertCancelled,
}

impl AuditAction {
    pub const ALL: &'static [Self] = &[
        Self::ArrivalLogged,
        Self::HandoverOffered,
        Self::HandoverConfirmed,
        Self::PoliceAskedToStay,
        Self::StayRequestAnswered,
        Self::PoliceLeft,
        Self::Transferred,
        Self::DetentionExtended,
        Self::DetentionEnded,
        Self::Cancelled,
        Self::TimeCorrected,
        Self::HealthCheckRecorded,
        Self::LocationTypeSet,
        Self::MonitoringUpdated,
        Self::PoliceStationAuthorised,
        Self::AgeBandRecorded,
        Self::PrealertMade,
        Self::PrealertCancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::ArrivalLogged => "arrival_logged",
            Self::HandoverOffered => "handover_offered",
            Self::HandoverConfirmed => "handover_confirmed",
            Self::PoliceAskedToStay => "police_asked_to_stay",
            Self::StayRequestAnswered => "stay_request_answered",
            Self::PoliceLeft => "police_left",
            Self::Transferred => "transferred",
            Self::DetentionExtended => "detention_extended",
            Self::DetentionEnded => "detention_ended",
            Self::Cancelled => "cancelled",
            Self::TimeCorrected => "time_corrected",
            Self::HealthCheckRecorded => "health_check_recorded",
            Self::LocationTypeSet => "location_type_set",
            Self::MonitoringUpdated => "monitoring_updated",
            Self::PoliceStationAuthorised => "police_station_authorised",
            Self::AgeBandRecorded => "age_band_recorded",
            Self::PrealertMade => "prealert_made",
            Self::PrealertCancelled => "prealert_cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|a| a.code() == code)
    }
}

/// What an audit row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Episode(i64),
    Stay(i64),
    Extension(i64),
    HealthCheck(i64),
    Prealert(i64),
}

impl Entity {
    fn parts(self) -> (&'static str, i64) {
        match self {
            Self::Episode(id) => ("episode", id),
            Self::Stay(id) => ("stay", id),
            Self::Extension(id) => ("extension", id),
            Self::HealthCheck(id) => ("health_check", id),
            Self::Prealert(id) => ("prealert", id),
        }
    }
}

/// One audit row of a change: what, on which record, before and after.
#[derive(Debug, Clone)]
pub struct Audit {
    pub action: AuditAction,
    pub entity: Entity,
    pub before: Option<Value>,
    pub after: Value,
}

impl Audit {
    pub fn new(action: AuditAction, entity: Entity, after: Value) -> Self {
        Self {
            action,
            entity,
            before: None,
            after,
        }
    }
    pub fn with_before(mut self, before: Value) -> Self {
        self.before = Some(before);
        self
    }
}

/// Writes an audit row for `episode_id` (in the caller's transaction).
pub(crate) fn write_audit(
    conn: &mut DbConn,
    actor: &Actor,
    now: DateTime<Utc>,
    episode_id: i64,
    a: Audit,
) -> Result<(), AppError> {
    write_audit_row(conn, actor, now, Some(episode_id), a)
}

/// Writes an audit row about something that may not be a case yet (a pre-alert).
pub(crate) fn write_audit_row(
    conn: &mut DbConn,
    actor: &Actor,
    now: DateTime<Utc>,
    episode_id: Option<i64>,
    a: Audit,
) -> Result<(), AppError> {
    let (entity, entity_id) = a.entity.parts();
    audit::insert(
        conn,
        audit::NewAuditEvent {
            episode_id,
            actor_id: Some(actor.user_id),
            actor_name: &actor.display_name,
            at: to_db(now),
            action: a.action.code(),
            entity,
            entity_id: Some(entity_id),
            before: a.before,
            after: Some(a.after),
        },
    )?;
    Ok(())
}

/// A case as an action sees it: locked, in scope, allowed.
#[derive(Debug, Clone)]
pub struct Case {
    pub episode: Episode,
    /// In order; never empty. The last is where the person is now.
    pub stays: Vec<Stay>,
}

impl Case {
    pub fn first(&self) -> &Stay {
        &self.stays[0]
    }
    pub fn current(&self) -> &Stay {
        &self.stays[self.stays.len() - 1]
    }
    pub fn id(&self) -> i64 {
        self.episode.id
    }
}

/// The episode `reference` as `actor` may see it, else not found.
pub fn find(conn: &mut DbConn, actor: &Actor, reference: &str) -> Result<Episode, AppError> {
    let reference = Reference::parse(reference).ok_or_else(AppError::not_found)?;
    q::find_scoped(conn, reference.as_str(), actor.scope())?.ok_or_else(AppError::not_found)
}

pub fn version_conflict(current: i64) -> AppError {
    AppError::new(
        ErrorKind::VersionConflict,
        crate::msg!("case-version-conflict", version = current),
    )
}

pub fn refuse_if_cancelled(episode: &Episode) -> Result<(), AppError> {
    match episode.cancelled_at {
        Some(at) => Err(AppError::field(
            "case",
            crate::msg!("case-refuse-cancelled", time = hm(from_db(at))),
        )),
        None => Ok(()),
    }
}

pub fn refuse_if_ended(episode: &Episode) -> Result<(), AppError> {
    match episode.ended_at {
        Some(at) => Err(AppError::new(
            ErrorKind::Conflict,
            crate::msg!(
                "case-refuse-ended",
                time = super::time::long_msg(from_db(at))
            ),
        )),
        None => Ok(()),
    }
}

/// Loads the case under its lock and checks everything the opening checks.
fn open(
    c: &mut DbConn,
    actor: &Actor,
    reference: &str,
    policy: &Policy,
    expected_version: Option<i64>,
) -> Result<Case, AppError> {
    let parsed = Reference::parse(reference).ok_or_else(AppError::not_found)?;
    // The lock first, before anything is read: PostgreSQL holds the row until
    // commit; SQLite takes the write lock now, so no read goes stale.
    q::lock(c, parsed.as_str())?;
    let episode = find(c, actor, reference)?;
    policy.check_role(actor)?;
    if policy.open_only {
        refuse_if_cancelled(&episode)?;
    }
    if policy.before_end {
        refuse_if_ended(&episode)?;
    }
    let stays = q::stays_of(c, episode.id)?;
    let Some(current) = stays.last() else {
        return Err(AppError::internal(anyhow::anyhow!(
            "episode {} has no stay",
            episode.id
        )));
    };
    policy.check(actor, current.site_id)?;
    if let Some(v) = expected_version
        && v != episode.version
    {
        return Err(version_conflict(episode.version));
    }
    Ok(Case { episode, stays })
}

/// Runs one action on a case through the opening. `body` says what changes
/// and returns its audit row (`None`: nothing changed, nothing is written).
pub fn act<T>(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    policy: &Policy,
    expected_version: Option<i64>,
    now: DateTime<Utc>,
    mut body: impl FnMut(&mut DbConn, &Case) -> Result<(T, Option<Audit>), AppError>,
) -> Result<T, AppError> {
    db::write_tx(conn, |c| {
        let case = open(c, actor, reference, policy, expected_version)?;
        let before = timeline::load(c, case.id())?;
        let (out, audit) = body(c, &case).map_err(unique_to_conflict)?;
        if let Some(a) = audit {
            timeline::still_ordered(Some(&before), &timeline::load(c, case.id())?)?;
            q::bump_version(c, case.id(), None)?;
            let kind = EventKind::of(a.action);
            write_audit(c, actor, now, case.id(), a)?;
            events::case_changed(c, case.id(), kind, now)?;
        }
        Ok(out)
    })
}

/// A uniqueness violation inside an action means a concurrent write got there
/// first (the lock makes it rare): a conflict to reload, not a 500.
fn unique_to_conflict(e: AppError) -> AppError {
    if is_unique_violation(&e) {
        AppError::new(ErrorKind::Conflict, "case-same-moment")
    } else {
        e
    }
}

pub(crate) fn is_unique_violation(e: &AppError) -> bool {
    e.cause
        .as_ref()
        .and_then(|c| c.downcast_ref::<diesel::result::Error>())
        .is_some_and(db::is_unique_violation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_codes_round_trip() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.code()), Some(*a));
        }
        assert_eq!(AuditAction::parse("renamed"), None);
    }
}
