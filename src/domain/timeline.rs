//! One timeline: the ordering rules between an episode's recorded times
//! (arrival <= handover offered <= accepted <= police left; transfers; the
//! power used within 24 hours before the first arrival; extensions before the
//! authority ran out; assessment and the end after the first arrival; a s135
//! warrant before the arrival; health checks while at that police station),
//! and the bounds every time obeys whether recorded or corrected.

use crate::domain::lang::{Arg, Msg};
use crate::domain::time::long_msg;
use crate::msg;
use chrono::{DateTime, Duration, Utc};

use super::detention::DETENTION_HOURS;
use super::rules::{MAX_BACKDATE, TimeField};
use super::time::from_db;
use crate::db::DbConn;
use crate::db::episodes::{self as q, Episode, Stay};
use crate::db::extensions::{self as xq, Extension};
use crate::db::safeguards::{self as sq, HealthCheck};
use crate::error::{AppError, ErrorKind};

pub(crate) type Dt = DateTime<Utc>;

/// No recorded time may be earlier than this: 24 hours before the case was
/// first logged (the server's own stamp), as far back as an arrival may be
/// logged late; the power used (and a s135 warrant's execution) may be a
/// further 24 hours before that first arrival. Refuses years like 0001 that
/// would turn every clock to nonsense, whether recorded or corrected.
pub fn earliest_allowed(logged_at: Dt, field: TimeField) -> Dt {
    match field {
        TimeField::DetainedAt | TimeField::WarrantAt => {
            logged_at - MAX_BACKDATE - Duration::hours(DETENTION_HOURS)
        }
        _ => logged_at - MAX_BACKDATE,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum On {
    Stay,
    Episode,
    Extension,
    Check,
}

pub(crate) fn on(f: TimeField) -> On {
    use TimeField::*;
    match f {
        ArrivedAt | HandoverOfferedAt | HandedOverAt | PoliceLeftAt | DepartedAt => On::Stay,
        DetainedAt | WarrantAt | AssessmentStartedAt | AssessmentCompletedAt | EndedAt => {
            On::Episode
        }
        ExtensionAuthorisedAt => On::Extension,
        HealthCheckAt => On::Check,
    }
}

/// One recorded time: the field and, for a stay's, an extension's or a health
/// check's time, which one (1 = the first place of safety, the first extension
/// or check recorded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub field: TimeField,
    /// 0 for the episode's own times.
    pub item: usize,
}

impl Slot {
    pub(crate) fn episode(field: TimeField) -> Self {
        Self { field, item: 0 }
    }
    pub(crate) fn nth(field: TimeField, n: usize) -> Self {
        Self { field, item: n }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct StayTimesModel {
    pub(crate) arrived: Dt,
    pub(crate) offered: Option<Dt>,
    pub(crate) accepted: Option<Dt>,
    pub(crate) police_left: Option<Dt>,
    /// Police recorded a reason for leaving before the handover was accepted.
    pub(crate) left_early: bool,
    /// Only when the person left on a transfer (not the end of the detention).
    pub(crate) departed: Option<Dt>,
}

/// Every recorded time of an episode, to check the ordering rules on.
#[derive(Debug, Clone)]
pub(crate) struct Times {
    pub(crate) detained: Option<Dt>,
    /// s135: when the warrant was executed.
    pub(crate) warrant: Option<Dt>,
    pub(crate) stays: Vec<StayTimesModel>,
    pub(crate) started: Option<Dt>,
    pub(crate) completed: Option<Dt>,
    pub(crate) ended: Option<Dt>,
    /// (authorised at, hours), in the order recorded.
    pub(crate) extensions: Vec<(Dt, i64)>,
    /// Health checks at a police station: (checked at, the stay's seq), in
    /// the order recorded.
    pub(crate) checks: Vec<(Dt, usize)>,
}

impl Times {
    /// The times of an episode, its stays (in order), its s135 warrant, its
    /// extensions and health checks (each in the order recorded).
    pub(crate) fn new(
        episode: &Episode,
        stays: &[Stay],
        warrant_at: Option<chrono::NaiveDateTime>,
        extensions: &[Extension],
        checks: &[HealthCheck],
    ) -> Self {
        let last = stays.len().saturating_sub(1);
        Self {
            detained: episode.detained_at.map(from_db),
            warrant: warrant_at.map(from_db),
            stays: stays
                .iter()
                .enumerate()
                .map(|(i, s)| StayTimesModel {
                    arrived: from_db(s.arrived_at),
                    offered: s.handover_offered_at.map(from_db),
                    accepted: s.handed_over_at.map(from_db),
                    police_left: s.police_left_at.map(from_db),
                    left_early: s.police_left_reason.is_some(),
                    departed: if i < last {
                        s.departed_at.map(from_db)
                    } else {
                        None
                    },
                })
                .collect(),
            started: episode.assessment_started_at.map(from_db),
            completed: episode.assessment_completed_at.map(from_db),
            ended: episode.ended_at.map(from_db),
            extensions: extensions
                .iter()
                .map(|x| (from_db(x.authorised_at), i64::from(x.hours)))
                .collect(),
            checks: checks
                .iter()
                .map(|h| {
                    let seq = stays.iter().position(|s| s.id == h.stay_id).unwrap_or(0) + 1;
                    (from_db(h.checked_at), seq)
                })
                .collect(),
        }
    }

    pub(crate) fn stay(&self, seq: usize) -> Option<&StayTimesModel> {
        seq.checked_sub(1).and_then(|i| self.stays.get(i))
    }

    pub(crate) fn get(&self, s: Slot) -> Option<Dt> {
        use TimeField::*;
        match s.field {
            ArrivedAt => self.stay(s.item).map(|x| x.arrived),
            HandoverOfferedAt => self.stay(s.item).and_then(|x| x.offered),
            HandedOverAt => self.stay(s.item).and_then(|x| x.accepted),
            PoliceLeftAt => self.stay(s.item).and_then(|x| x.police_left),
            DepartedAt => self.stay(s.item).and_then(|x| x.departed),
            DetainedAt => self.detained,
            WarrantAt => self.warrant,
            AssessmentStartedAt => self.started,
            AssessmentCompletedAt => self.completed,
            EndedAt => self.ended,
            ExtensionAuthorisedAt => s
                .item
                .checked_sub(1)
                .and_then(|i| self.extensions.get(i))
                .map(|x| x.0),
            HealthCheckAt => s
                .item
                .checked_sub(1)
                .and_then(|i| self.checks.get(i))
                .map(|x| x.0),
        }
    }

    /// Replaces a time that is recorded (the caller checked it is).
    pub(crate) fn set(&mut self, s: Slot, t: Dt) {
        use TimeField::*;
        let i = s.item.saturating_sub(1);
        match s.field {
            ArrivedAt => self.stays[i].arrived = t,
            HandoverOfferedAt => self.stays[i].offered = Some(t),
            HandedOverAt => self.stays[i].accepted = Some(t),
            PoliceLeftAt => self.stays[i].police_left = Some(t),
            DepartedAt => self.stays[i].departed = Some(t),
            DetainedAt => self.detained = Some(t),
            WarrantAt => self.warrant = Some(t),
            AssessmentStartedAt => self.started = Some(t),
            AssessmentCompletedAt => self.completed = Some(t),
            EndedAt => self.ended = Some(t),
            ExtensionAuthorisedAt => self.extensions[i].0 = t,
            HealthCheckAt => self.checks[i].0 = t,
        }
    }

    /// The slot in words, as messages name it ("handover time at place of
    /// safety 2"): English without its article, Welsh with it.
    pub(crate) fn words(&self, s: Slot) -> Msg {
        use TimeField::*;
        let at = if self.stays.len() > 1 {
            Arg::Msg(Box::new(msg!("case-tw-at-stay", n = s.item)))
        } else {
            Arg::Text(String::new())
        };
        let key = match s.field {
            ArrivedAt => "case-tw-arrival",
            HandoverOfferedAt => "case-tw-offered",
            HandedOverAt => "case-tw-handover",
            PoliceLeftAt => "case-tw-police-left",
            DepartedAt => "case-tw-departed",
            DetainedAt => "case-tw-power",
            WarrantAt => "case-tw-warrant",
            AssessmentStartedAt => "case-what-assessment-started",
            AssessmentCompletedAt => "case-what-assessment-completed",
            EndedAt => "case-what-detention-end",
            ExtensionAuthorisedAt if self.extensions.len() > 1 => "case-tw-extension-n",
            ExtensionAuthorisedAt => "case-what-extension-time",
            HealthCheckAt => "case-tw-check",
        };
        Msg::new(key).arg("at", at).arg("n", s.item)
    }
}

/// A broken rule: a key that names it (to tell new problems from old ones) and
/// a message for the person correcting `corrected`.
pub(crate) struct Broken {
    pub(crate) key: String,
    pub(crate) message: Msg,
}

/// The rules that hold between recorded times, the same as when recording:
/// arrival <= handover offered <= accepted <= police left; a transfer leaves
/// after arriving and before arriving at the next place; the power is used at
/// most 24 hours before the first arrival; assessment and extensions after the
/// first arrival and before the end; an extension before the authority ran out
/// (24 hours from the first arrival plus earlier extensions); the end after
/// arrival at the last place of safety; police leave after the end when there
/// was no handover at that place; a s135 warrant is executed before the first
/// arrival; a health check is made while the person is at that police station
/// (after arriving, before leaving it or the end of the detention).
pub(crate) fn broken_rules(t: &Times, corrected: Slot) -> Vec<Broken> {
    use TimeField::*;
    let mut out = Vec::new();
    let order = |out: &mut Vec<Broken>, a: Slot, b: Slot| {
        let (Some(ta), Some(tb)) = (t.get(a), t.get(b)) else {
            return;
        };
        if ta <= tb {
            return;
        }
        let message = if corrected == a {
            msg!("case-tw-not-after", what = t.words(b), time = long_msg(tb))
        } else if corrected == b {
            msg!("case-tw-not-before", what = t.words(a), time = long_msg(ta))
        } else {
            msg!(
                "case-tw-would-be-after",
                a = t.words(a),
                ta = long_msg(ta),
                b = t.words(b),
                tb = long_msg(tb)
            )
        };
        out.push(Broken {
            key: format!("{a:?}<={b:?}"),
            message,
        });
    };
    let n = t.stays.len();
    for k in 1..=n {
        let s = |f| Slot::nth(f, k);
        order(&mut out, s(ArrivedAt), s(HandoverOfferedAt));
        order(&mut out, s(ArrivedAt), s(HandedOverAt));
        order(&mut out, s(HandoverOfferedAt), s(HandedOverAt));
        order(&mut out, s(ArrivedAt), s(PoliceLeftAt));
        if !t.stay(k).is_some_and(|s| s.left_early) {
            order(&mut out, s(HandedOverAt), s(PoliceLeftAt));
        }
        order(&mut out, s(ArrivedAt), s(DepartedAt));
        if k < n {
            order(&mut out, s(DepartedAt), Slot::nth(ArrivedAt, k + 1));
        }
    }
    let first = Slot::nth(ArrivedAt, 1);
    let last = Slot::nth(ArrivedAt, n);
    let ended = Slot::episode(EndedAt);
    order(&mut out, Slot::episode(DetainedAt), first);
    order(&mut out, Slot::episode(WarrantAt), first);
    for (j, (_, seq)) in t.checks.iter().enumerate() {
        let check = Slot::nth(HealthCheckAt, j + 1);
        order(&mut out, Slot::nth(ArrivedAt, *seq), check);
        if *seq < n {
            order(&mut out, check, Slot::nth(DepartedAt, *seq));
        } else {
            order(&mut out, check, Slot::episode(EndedAt));
        }
    }
    if let (Some(d), Some(a)) = (t.detained, t.stay(1).map(|s| s.arrived))
        && a - d > Duration::hours(DETENTION_HOURS)
    {
        out.push(Broken {
            key: "detained_within_24h".into(),
            message: if corrected.field == DetainedAt {
                msg!("case-tw-power-within-24h", time = long_msg(a))
            } else {
                msg!("case-tw-arrival-within-24h", time = long_msg(d))
            },
        });
    }
    order(&mut out, last, ended);
    if t.stay(n)
        .is_some_and(|s| s.accepted.is_none() && !s.left_early)
    {
        order(&mut out, ended, Slot::nth(PoliceLeftAt, n));
    }
    let started = Slot::episode(AssessmentStartedAt);
    let completed = Slot::episode(AssessmentCompletedAt);
    order(&mut out, first, started);
    order(&mut out, first, completed);
    order(&mut out, started, completed);
    order(&mut out, started, ended);
    order(&mut out, completed, ended);
    let mut granted = 0;
    for (j, (at, hours)) in t.extensions.iter().enumerate() {
        let x = Slot::nth(ExtensionAuthorisedAt, j + 1);
        order(&mut out, first, x);
        order(&mut out, x, ended);
        if let Some(a) = t.stay(1).map(|s| s.arrived) {
            let deadline = a + Duration::hours(DETENTION_HOURS + granted);
            if *at >= deadline {
                out.push(Broken {
                    key: format!("extension_{}_in_time", j + 1),
                    message: if corrected == x {
                        msg!("case-tw-extension-in-time", time = long_msg(deadline))
                    } else {
                        msg!(
                            "case-tw-extension-ran-out",
                            deadline = long_msg(deadline),
                            what = t.words(x),
                            time = long_msg(*at)
                        )
                    },
                });
            }
        }
        granted += hours;
    }
    out
}

/// The times of episode `id` as the database holds them now (inside the
/// caller's transaction).
pub(crate) fn load(c: &mut DbConn, id: i64) -> Result<Times, AppError> {
    let episode = q::by_id(c, id)?;
    let stays = q::stays_of(c, id)?;
    let extensions = xq::of_many(c, &[id])?;
    let mut checks = sq::checks_of_many(c, &[id])?;
    checks.sort_by_key(|h| h.id);
    let warrant_at = sq::power_of(c, id)?.warrant_at;
    Ok(Times::new(
        &episode,
        &stays,
        warrant_at,
        &extensions,
        &checks,
    ))
}

/// The guard every change passes, recorded or corrected: the times after it
/// break no ordering rule that held before it (`before`: `None` for a new
/// case). The actions phrase their own field messages first; this is where
/// the rules themselves live, so no action can forget one.
pub(crate) fn still_ordered(before: Option<&Times>, after: &Times) -> Result<(), AppError> {
    // A slot no rule names, so messages use the neutral phrasing.
    let neutral = Slot::episode(TimeField::HealthCheckAt);
    let old: Vec<String> = before
        .map(|b| {
            broken_rules(b, neutral)
                .into_iter()
                .map(|x| x.key)
                .collect()
        })
        .unwrap_or_default();
    match broken_rules(after, neutral)
        .into_iter()
        .find(|b| !old.contains(&b.key))
    {
        None => Ok(()),
        Some(b) => Err(AppError::new(
            ErrorKind::Conflict,
            msg!("case-tw-order-broken", rule = b.message),
        )),
    }
}
