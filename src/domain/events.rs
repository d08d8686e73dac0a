//! What the live streams carry: one event per change to a case or a
//! pre-alert, written by the one opening (`case::act`), the arrival and the
//! pre-alerts in their own transactions, and read back in the reader's scope.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::auth::Actor;
use super::case::AuditAction;
use super::time::{iso_utc, to_db};
use crate::db::events::{self as q, NewEvent};
use crate::db::{DbConn, episodes, orgs};
use crate::error::AppError;

/// The event types a stream may carry (`event:` on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Arrival,
    Prealert,
    PrealertCancelled,
    HandoverOffered,
    Handover,
    StayRequest,
    StayAnswer,
    PoliceLeft,
    Transfer,
    Extension,
    End,
    Cancel,
    Correction,
    HealthCheck,
    /// A stay reached one of its site's escalation thresholds (the scheduler).
    Escalation,
    /// Any other change to a case's record (location type, monitoring,
    /// police station authorisation): pages showing it reload it.
    Update,
}

impl EventKind {
    pub const ALL: &'static [Self] = &[
        Self::Arrival,
        Self::Prealert,
        Self::PrealertCancelled,
        Self::HandoverOffered,
        Self::Handover,
        Self::StayRequest,
        Self::StayAnswer,
        Self::PoliceLeft,
        Self::Transfer,
        Self::Extension,
        Self::End,
        Self::Cancel,
        Self::Correction,
        Self::HealthCheck,
        Self::Escalation,
        Self::Update,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Arrival => "arrival",
            Self::Prealert => "prealert",
            Self::PrealertCancelled => "prealert_cancelled",
            Self::HandoverOffered => "handover_offered",
            Self::Handover => "handover",
            Self::StayRequest => "stay_request",
            Self::StayAnswer => "stay_answer",
            Self::PoliceLeft => "police_left",
            Self::Transfer => "transfer",
            Self::Extension => "extension",
            Self::End => "end",
            Self::Cancel => "cancel",
            Self::Correction => "correction",
            Self::HealthCheck => "health_check",
            Self::Escalation => "escalation",
            Self::Update => "update",
        }
    }

    /// The event a case change announces, from what its audit row says it is.
    pub fn of(action: AuditAction) -> Self {
        use AuditAction as A;
        match action {
            A::ArrivalLogged => Self::Arrival,
            A::HandoverOffered => Self::HandoverOffered,
            A::HandoverConfirmed => Self::Handover,
            A::PoliceAskedToStay => Self::StayRequest,
            A::StayRequestAnswered => Self::StayAnswer,
            A::PoliceLeft => Self::PoliceLeft,
            A::Transferred => Self::Transfer,
            A::DetentionExtended => Self::Extension,
            A::DetentionEnded => Self::End,
            A::Cancelled => Self::Cancel,
            A::TimeCorrected => Self::Correction,
            A::HealthCheckRecorded => Self::HealthCheck,
            A::PrealertMade => Self::Prealert,
            A::PrealertCancelled => Self::PrealertCancelled,
            A::LocationTypeSet
            | A::MonitoringUpdated
            | A::PoliceStationAuthorised
            | A::AgeBandRecorded => Self::Update,
        }
    }
}

/// Writes the event of a change to case `episode_id`, as it stands now (in
/// the change's transaction, after its version was bumped), and the
/// notifications it causes (the outbox rows, in the same transaction). The
/// data carry codes and times only: never notes or names.
pub(crate) fn case_changed(
    c: &mut DbConn,
    episode_id: i64,
    kind: EventKind,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let episode = episodes::by_id(c, episode_id)?;
    let stays = episodes::stays_of(c, episode_id)?;
    let Some(current) = stays.last() else {
        return Err(AppError::internal(anyhow::anyhow!(
            "episode {episode_id} has no stay"
        )));
    };
    let site = orgs::site_by_id(c, current.site_id)?;
    let force = orgs::force_by_id(c, episode.force_id)?;
    let previous =
        (kind == EventKind::Transfer && stays.len() > 1).then(|| stays[stays.len() - 2].site_id);
    let mut data = json!({
        "reference": episode.reference,
        "version": episode.version,
        "site": site.code,
        "force": force.code,
        "at": iso_utc(now),
    });
    if let Some(p) = previous {
        data["from_site"] = Value::String(orgs::site_by_id(c, p)?.code);
    }
    q::insert(
        c,
        &NewEvent {
            at: to_db(now),
            kind: kind.code(),
            force_id: episode.force_id,
            site_id: current.site_id,
            other_site_id: previous,
            episode_id: Some(episode_id),
            prealert_id: None,
            data,
        },
    )?;
    super::notify::on_case_change(c, episode_id, kind, now)
}

/// Writes the event of a change to a pre-alert (in its transaction).
pub(crate) fn prealert_changed(
    c: &mut DbConn,
    kind: EventKind,
    prealert: &crate::db::prealerts::Prealert,
    data: Value,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    q::insert(
        c,
        &NewEvent {
            at: to_db(now),
            kind: kind.code(),
            force_id: prealert.force_id,
            site_id: prealert.site_id,
            other_site_id: None,
            episode_id: None,
            prealert_id: Some(prealert.id),
            data,
        },
    )?;
    Ok(())
}

/// One event as a stream sends it.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: i64,
    pub kind: String,
    /// JSON text, with the event's `id` and `type` added.
    pub data: String,
}

/// What a reader may receive after `after_id`: at most `limit` events, or
/// `Reset` when events it missed are no longer kept (it must reload).
#[derive(Debug)]
pub enum Since {
    Events(Vec<Event>),
    Reset { latest: i64 },
}

/// Events in `actor`'s scope after `after_id`, oldest first.
pub fn since(c: &mut DbConn, actor: &Actor, after_id: i64, limit: i64) -> Result<Since, AppError> {
    if after_id > 0
        && let Some(oldest) = q::oldest_id(c)?
        && after_id < oldest - 1
    {
        return Ok(Since::Reset {
            latest: q::latest_id(c)?,
        });
    }
    let rows = q::after(c, actor.scope(), after_id, limit)?;
    Ok(Since::Events(
        rows.into_iter()
            .map(|r| {
                let mut data: Value = serde_json::from_str(&r.data).unwrap_or_else(|_| json!({}));
                data["id"] = json!(r.id);
                data["type"] = json!(r.kind);
                Event {
                    id: r.id,
                    kind: r.kind,
                    data: data.to_string(),
                }
            })
            .collect(),
    ))
}

/// The newest event id (a new stream starts after it).
pub fn latest(c: &mut DbConn) -> Result<i64, AppError> {
    Ok(q::latest_id(c)?)
}

/// How long events are kept for streams to resume from (at least a day).
pub const KEEP_DAYS: i64 = 7;

pub fn prune(c: &mut DbConn, now: DateTime<Utc>) -> Result<usize, AppError> {
    Ok(q::prune(c, to_db(now - chrono::Duration::days(KEEP_DAYS)))?)
}
