//! The case actions (one file each, mirroring `web/episodes/`) and what every
//! caller needs to show a case: its status, each stay's clock, the loaded case.

mod arrival;
mod cancel;
mod end;
mod handover;
mod offer;
mod police_left;
mod stay_request;
mod transfer;

pub use arrival::{ArrivalInput, DEFAULT_OFFICERS, Logged, MAX_OFFICERS, log_arrival};
pub use cancel::cancel;
pub use end::{EndInput, record_end};
pub use handover::{HandoverInput, confirm_handover};
pub use offer::record_handover_offered;
pub use police_left::record_police_left;
pub use stay_request::{StayRequestInput, answer_stay_request, ask_police_to_stay};
pub use transfer::{TransferInput, record_transfer};

pub use super::case::find;

use chrono::{DateTime, Duration, Utc};

use super::auth::Actor;
use super::rules::{Band, is_breach, seconds_between};
use super::time::{from_db, hm};
use crate::db::episodes::{self as q, Episode, Stay};
use crate::db::extensions::Extension;
use crate::db::{DbConn, orgs};
use crate::error::{AppError, ErrorKind};

/// Officer time at a place of safety: arrival to police left, when recorded
/// (on UTC instants, so a clock change in between counts as it happened).
pub fn police_seconds(stay: &Stay) -> Option<i64> {
    stay.police_left_at
        .map(|left| seconds_between(from_db(stay.arrived_at), from_db(left)))
}

/// "Handover was already confirmed by Sam Jones (nurse) at 14:05."
pub(crate) fn already_handed_over(stay: &Stay) -> AppError {
    use crate::domain::lang::{Arg, Msg, ToArg};
    let who = match stay.accepted_by_name.as_deref() {
        Some(n) => n.to_arg(),
        None => Arg::Msg(Box::new(Msg::new("case-someone"))),
    };
    let when = stay
        .handed_over_at
        .map(|t| hm(from_db(t)))
        .unwrap_or_default();
    let m = match stay.accepted_by_role.as_deref() {
        Some(r) => Msg::new("case-handover-already").arg("role", r),
        None => Msg::new("case-handover-already-no-role"),
    };
    AppError::new(
        ErrorKind::AlreadyHandedOver,
        m.arg("who", who).arg("when", when),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    AwaitingHandover,
    HandedOver,
    Cancelled,
    /// A stay (never an episode) the person left before handover.
    Transferred,
    /// An episode whose detention has ended.
    Ended,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Self::AwaitingHandover => "awaiting_handover",
            Self::HandedOver => "handed_over",
            Self::Cancelled => "cancelled",
            Self::Transferred => "transferred",
            Self::Ended => "ended",
        }
    }
    /// The catalogue key of its name.
    pub fn label(self) -> &'static str {
        match self {
            Self::AwaitingHandover => "case-status-awaiting",
            Self::HandedOver => "case-status-handed-over",
            Self::Cancelled => "case-status-cancelled",
            Self::Transferred => "case-status-transferred",
            Self::Ended => "case-status-ended",
        }
    }
    pub fn tag_class(self) -> &'static str {
        match self {
            Self::AwaitingHandover => "nhsuk-tag--blue",
            Self::HandedOver => "nhsuk-tag--green",
            Self::Cancelled => "nhsuk-tag--grey",
            Self::Transferred => "nhsuk-tag--purple",
            Self::Ended => "nhsuk-tag--grey",
        }
    }
}

/// A stay with its clock worked out at `now`.
#[derive(Debug, Clone)]
pub struct StayClock {
    pub arrived_at: DateTime<Utc>,
    pub target_at: DateTime<Utc>,
    pub handed_over_at: Option<DateTime<Utc>>,
    pub seconds_waiting: i64,
    pub breached: bool,
    pub band: Band,
    pub open: bool,
    /// When the person left on a transfer.
    pub departed_at: Option<DateTime<Utc>>,
}

impl StayClock {
    pub fn of(stay: &Stay, target_minutes: i64, now: DateTime<Utc>) -> Self {
        let arrived_at = from_db(stay.arrived_at);
        let handed_over_at = stay.handed_over_at.map(from_db);
        let departed_at = stay.departed_at.map(from_db);
        // Left on a transfer before handover: the wait here ended then.
        let seconds_waiting = match (stay.handover_seconds, handed_over_at.or(departed_at)) {
            (Some(s), _) => s,
            (None, Some(end)) => seconds_between(arrived_at, end),
            (None, None) => seconds_between(arrived_at, now),
        };
        // A stored flag wins: it was fixed against the target in force then.
        // Cancelled stays never count as breaches.
        let breached = !stay.cancelled
            && stay
                .breached
                .unwrap_or_else(|| is_breach(seconds_waiting, target_minutes));
        Self {
            arrived_at,
            target_at: arrived_at + Duration::minutes(target_minutes),
            handed_over_at,
            seconds_waiting,
            breached,
            band: if breached {
                Band::Breach
            } else {
                Band::of(seconds_waiting, target_minutes)
            },
            open: handed_over_at.is_none() && departed_at.is_none() && !stay.cancelled,
            departed_at,
        }
    }
}

pub fn status(episode: &Episode, current: &Stay) -> Status {
    if episode.cancelled_at.is_some() {
        Status::Cancelled
    } else if episode.ended_at.is_some() {
        Status::Ended
    } else if current.handed_over_at.is_some() {
        Status::HandedOver
    } else {
        Status::AwaitingHandover
    }
}

/// An episode with everything needed to show it.
pub struct CaseData {
    pub episode: Episode,
    /// In order; the last is where the person is now.
    pub stays: Vec<(Stay, orgs::Site)>,
    pub force: orgs::Force,
    pub target: i64,
    /// Extensions of the detention (s136B), in the order recorded.
    pub extensions: Vec<Extension>,
    /// Requests that police stay, at most one per stay.
    pub stay_requests: Vec<crate::db::stay_requests::StayRequest>,
    /// Monitoring fields (Home Office return).
    pub monitoring: super::monitoring::Monitoring,
    /// The power used, police-station authorisations and health checks.
    pub safeguards: super::safeguards::Safeguards,
}

impl CaseData {
    /// The request to stay made during `stay_id`, if any.
    pub fn stay_request(&self, stay_id: i64) -> Option<&crate::db::stay_requests::StayRequest> {
        self.stay_requests.iter().find(|r| r.stay_id == stay_id)
    }
}

impl CaseData {
    pub fn current(&self) -> Result<&(Stay, orgs::Site), AppError> {
        self.stays.last().ok_or_else(|| {
            AppError::internal(anyhow::anyhow!("episode {} has no stay", self.episode.id))
        })
    }
}

/// The episode `reference` as `actor` may see it, with its stays.
pub fn load(conn: &mut DbConn, actor: &Actor, reference: &str) -> Result<CaseData, AppError> {
    let episode = find(conn, actor, reference)?;
    Ok(load_many(conn, vec![episode])?
        .pop()
        .unwrap_or_else(|| unreachable!("one in, one out")))
}

/// Several episodes (already scoped by the caller) in a few queries, not some per row.
pub fn load_many(conn: &mut DbConn, episodes: Vec<Episode>) -> Result<Vec<CaseData>, AppError> {
    let ids: Vec<i64> = episodes.iter().map(|e| e.id).collect();
    let mut stays = q::stays_of_many(conn, &ids)?;
    let mut extensions = crate::db::extensions::of_many(conn, &ids)?;
    let mut requests = crate::db::stay_requests::of_many(conn, &ids)?;
    let monitoring = crate::db::monitoring::of_many(conn, &ids)?;
    let mut safeguards = super::safeguards::Loaded::load(conn, &ids)?;
    let sites = orgs::list_sites(conn)?;
    let forces = orgs::list_forces(conn)?;
    let target = orgs::target_minutes(conn)?;
    let missing = || AppError::internal(anyhow::anyhow!("dangling reference in an episode"));
    episodes
        .into_iter()
        .map(|episode| {
            let mine: Vec<Stay> = stays
                .extract_if(.., |s| s.episode_id == episode.id)
                .collect();
            let stays = mine
                .into_iter()
                .map(|s| {
                    Ok((
                        sites
                            .iter()
                            .find(|x| x.id == s.site_id)
                            .cloned()
                            .ok_or_else(missing)?,
                        s,
                    ))
                })
                .map(|r: Result<_, AppError>| r.map(|(site, s)| (s, site)))
                .collect::<Result<Vec<_>, _>>()?;
            let force = forces
                .iter()
                .find(|f| f.id == episode.force_id)
                .cloned()
                .ok_or_else(missing)?;
            let extensions = extensions
                .extract_if(.., |x| x.episode_id == episode.id)
                .collect();
            let stay_requests = requests
                .extract_if(.., |r| r.episode_id == episode.id)
                .collect();
            let monitoring = monitoring
                .iter()
                .find(|m| m.episode_id == episode.id)
                .map(super::monitoring::Monitoring::of_row)
                .unwrap_or_default();
            let safeguards = safeguards.take(episode.id);
            Ok(CaseData {
                monitoring,
                episode,
                stays,
                force,
                target,
                extensions,
                stay_requests,
                safeguards,
            })
        })
        .collect()
}
