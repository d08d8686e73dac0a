//! Corrections of recorded times. Any recorded time can be corrected, with a
//! reason, by the role that recorded it (health staff: of the same site) or by
//! a manager in scope. The new time obeys the ordering rules that held when it
//! was recorded; everything stored that derives from it (time to handover,
//! breach, the UK day, hour and weekday reports group by) is worked out again
//! in the same transaction, so reports use the corrected value. The audit event
//! keeps the old and the new value and the reason.
//!
//! Times the server stamps itself (when a request to stay was made or answered,
//! when a row was created) are not recorded times and cannot be corrected.

use serde_json::json;

use super::auth::Actor;
use super::case::{Audit, AuditAction, Entity, act, find};
use super::policy;
use super::rules::{DELAY_REASON, DelayReason, Role, TimeField, coded_with_note, wait};
use super::time::{SKEW, from_db, iso_utc, local_parts, long_msg, to_db};
use super::types::optional_text;
use crate::db::corrections::{self as cq, EpisodeTimes, StayTimes};
use crate::db::episodes::{self as q, Episode, Stay};
use crate::db::extensions::{self as xq, Extension};
use crate::db::safeguards::{self as sq, HealthCheck};
use crate::db::{DbConn, audit, orgs, users};
use crate::domain::lang::Msg;
use crate::error::{AppError, FieldErrors};
use crate::msg;

/// The reason for a correction: plain text, at most this many characters.
pub const MAX_REASON: usize = 500;

use super::timeline::{Dt, On, Slot, StayTimesModel, Times, broken_rules, earliest_allowed, on};

/// Who recorded a time: their role and, for health staff, their site.
#[derive(Debug, Clone, Copy)]
struct Recorder {
    role: Role,
    site_id: Option<i64>,
}

/// Everything about an episode a correction needs.
struct Case {
    episode: Episode,
    stays: Vec<Stay>,
    extensions: Vec<Extension>,
    /// In the order recorded.
    checks: Vec<HealthCheck>,
    warrant_at: Option<chrono::NaiveDateTime>,
    events: Vec<audit::AuditEvent>,
}

impl Case {
    fn load(c: &mut DbConn, episode: Episode) -> Result<Self, AppError> {
        let stays = q::stays_of(c, episode.id)?;
        let extensions = xq::of_many(c, &[episode.id])?;
        let mut checks = sq::checks_of_many(c, &[episode.id])?;
        checks.sort_by_key(|h| h.id);
        let warrant_at = sq::power_of(c, episode.id)?.warrant_at;
        let events = audit::for_episode(c, episode.id)?;
        Ok(Self {
            episode,
            stays,
            extensions,
            checks,
            warrant_at,
            events,
        })
    }

    fn times(&self) -> Times {
        Times::new(
            &self.episode,
            &self.stays,
            self.warrant_at,
            &self.extensions,
            &self.checks,
        )
    }

    /// The user behind the last audit event `action` on the stay.
    fn stay_actor(&self, action: AuditAction, stay: &Stay) -> Option<i64> {
        self.events
            .iter()
            .rev()
            .find(|e| {
                e.action == action.code() && e.entity == "stay" && e.entity_id == Some(stay.id)
            })
            .and_then(|e| e.actor_id)
    }

    /// Who recorded the time, if the record says; else the role that records it.
    fn recorder(&self, c: &mut DbConn, s: Slot) -> Result<Recorder, AppError> {
        use TimeField::*;
        let stay = s.item.checked_sub(1).and_then(|i| self.stays.get(i));
        let last_site = self.stays.last().map(|x| x.site_id);
        let officer = Recorder {
            role: Role::Officer,
            site_id: None,
        };
        let (user, fallback) = match (s.field, stay) {
            (ArrivedAt, Some(st)) if st.seq == 1 => (Some(self.episode.created_by), officer),
            (ArrivedAt, Some(st)) => {
                let prev = self.stays.iter().find(|p| p.seq == st.seq - 1);
                (
                    prev.and_then(|p| self.stay_actor(AuditAction::Transferred, p)),
                    officer,
                )
            }
            (HandoverOfferedAt, Some(st)) => {
                (self.stay_actor(AuditAction::HandoverOffered, st), officer)
            }
            (HandedOverAt, Some(st)) => (
                st.accepted_by,
                Recorder {
                    role: Role::Health,
                    site_id: Some(st.site_id),
                },
            ),
            (PoliceLeftAt, Some(st)) => (self.stay_actor(AuditAction::PoliceLeft, st), officer),
            (DepartedAt, Some(st)) => (self.stay_actor(AuditAction::Transferred, st), officer),
            (DetainedAt | WarrantAt, _) => (Some(self.episode.created_by), officer),
            (HealthCheckAt, _) => {
                let check = s.item.checked_sub(1).and_then(|i| self.checks.get(i));
                let site = check.and_then(|h| self.stays.iter().find(|x| x.id == h.stay_id));
                (
                    check.map(|h| h.recorded_by),
                    Recorder {
                        role: Role::Health,
                        site_id: site.map(|x| x.site_id),
                    },
                )
            }
            (EndedAt, _) => (self.episode.ended_by, officer),
            (AssessmentStartedAt | AssessmentCompletedAt, _) => (
                self.episode.ended_by,
                Recorder {
                    role: Role::Health,
                    site_id: last_site,
                },
            ),
            (ExtensionAuthorisedAt, _) => (
                s.item
                    .checked_sub(1)
                    .and_then(|i| self.extensions.get(i))
                    .map(|x| x.recorded_by),
                Recorder {
                    role: Role::Health,
                    site_id: last_site,
                },
            ),
            (_, None) => (None, officer),
        };
        let found = match user {
            Some(id) => users::by_id(c, id)?.and_then(|u| {
                Role::parse(&u.role).map(|role| Recorder {
                    role,
                    site_id: u.site_id,
                })
            }),
            None => None,
        };
        Ok(found
            .filter(|r| matches!(r.role, Role::Officer | Role::Health))
            .unwrap_or(fallback))
    }
}

/// Managers in scope may correct any time; otherwise only the role that
/// recorded it, and for health staff only staff of the same site.
fn may_correct(actor: &Actor, r: Recorder) -> bool {
    actor.role == Role::Manager
        || (actor.role == r.role && (r.role != Role::Health || actor.site_id == r.site_id))
}

/// A recorded time as the corrections page lists it.
#[derive(Debug, Clone)]
pub struct RecordedTime {
    pub field: TimeField,
    /// The place of safety (1 = first) for a stay's time.
    pub stay: Option<usize>,
    /// The extension (1 = first recorded) for its authorised time.
    pub extension: Option<usize>,
    /// The health check (1 = first recorded) for its time.
    pub check: Option<usize>,
    /// "Arrival at Oakwood 136 suite".
    pub label: Msg,
    pub at: Dt,
    pub may_correct: bool,
}

/// Every recorded time of the episode, in the order things happen, and
/// whether `actor` may correct each.
pub fn recorded_times(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
) -> Result<(Episode, Vec<RecordedTime>), AppError> {
    use TimeField::*;
    let episode = find(conn, actor, reference)?;
    let case = Case::load(conn, episode)?;
    let times = case.times();
    let sites = orgs::list_sites(conn)?;
    let site_name = |id: i64| {
        sites
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    let mut slots: Vec<(Slot, Msg)> = vec![
        (Slot::episode(WarrantAt), Msg::new(WarrantAt.label())),
        (Slot::episode(DetainedAt), Msg::new(DetainedAt.label())),
    ];
    for (i, st) in case.stays.iter().enumerate() {
        let k = i + 1;
        let here = site_name(st.site_id);
        slots.push((
            Slot::nth(ArrivedAt, k),
            msg!("case-cor-arrival-at", site = &here),
        ));
        slots.push((
            Slot::nth(HandoverOfferedAt, k),
            msg!("case-cor-offered-at", site = &here),
        ));
        slots.push((
            Slot::nth(HandedOverAt, k),
            msg!("case-cor-accepted-at", site = &here),
        ));
        slots.push((
            Slot::nth(PoliceLeftAt, k),
            msg!("case-cor-police-left", site = &here),
        ));
        for (j, h) in case.checks.iter().enumerate() {
            if h.stay_id == st.id {
                slots.push((
                    Slot::nth(HealthCheckAt, j + 1),
                    msg!("case-cor-check-at", n = j + 1, site = &here),
                ));
            }
        }
        if let Some(next) = case.stays.get(k) {
            slots.push((
                Slot::nth(DepartedAt, k),
                msg!(
                    "case-cor-left-for",
                    from = &here,
                    to = site_name(next.site_id)
                ),
            ));
        }
    }
    for (j, x) in case.extensions.iter().enumerate() {
        slots.push((
            Slot::nth(ExtensionAuthorisedAt, j + 1),
            msg!("case-cor-extension", hours = x.hours),
        ));
    }
    slots.push((
        Slot::episode(AssessmentStartedAt),
        Msg::new(AssessmentStartedAt.label()),
    ));
    slots.push((
        Slot::episode(AssessmentCompletedAt),
        Msg::new(AssessmentCompletedAt.label()),
    ));
    slots.push((Slot::episode(EndedAt), Msg::new(EndedAt.label())));
    let cancelled = case.episode.cancelled_at.is_some();
    let mut out = Vec::new();
    for (slot, label) in slots {
        let Some(at) = times.get(slot) else { continue };
        let may = !cancelled && may_correct(actor, case.recorder(conn, slot)?);
        out.push(RecordedTime {
            field: slot.field,
            stay: (on(slot.field) == On::Stay).then_some(slot.item),
            extension: (on(slot.field) == On::Extension).then_some(slot.item),
            check: (on(slot.field) == On::Check).then_some(slot.item),
            label,
            at,
            may_correct: may,
        });
    }
    Ok((case.episode, out))
}

#[derive(Debug, Clone, Default)]
pub struct CorrectionInput {
    /// A [`TimeField`] code.
    pub field: Option<String>,
    /// For a stay's time: which place of safety (1 = first).
    pub stay: Option<i64>,
    /// For an extension's authorised time: which extension (1 = first recorded).
    pub extension: Option<i64>,
    /// For a health check's time: which check (1 = first recorded).
    pub check: Option<i64>,
    pub new_time: Option<Dt>,
    pub reason: Option<String>,
    /// Needed (as when the handover is confirmed) when the corrected time
    /// puts a handed-over stay past the target for the first time and no
    /// delay reason is recorded; otherwise not read.
    pub delay_reason: Option<String>,
    pub delay_note: Option<String>,
    /// The episode's version the person saw: corrections are always checked.
    pub expected_version: i64,
}

/// Which recorded time the input names, or a field error.
fn slot_of(case: &Case, times: &Times, input: &CorrectionInput) -> Result<Slot, AppError> {
    let field = input
        .field
        .as_deref()
        .map(str::trim)
        .and_then(TimeField::parse)
        .ok_or_else(|| AppError::field("field", "case-cor-choose-field"))?;
    // `what`: "stay", "extension" or "check" (the catalogue selects on it).
    let item = |n: Option<i64>, count: usize, name: &str, what: &'static str| match n {
        Some(n) if n >= 1 && (n as u64) <= count as u64 => Ok(n as usize),
        Some(n) => Err(AppError::field(
            name,
            msg!("case-cor-no-such", what = what, n = n),
        )),
        None => Err(AppError::field(
            name,
            msg!("case-cor-say-which", what = what),
        )),
    };
    let slot = match on(field) {
        On::Episode => Slot::episode(field),
        On::Stay => Slot::nth(field, item(input.stay, case.stays.len(), "stay", "stay")?),
        On::Extension => Slot::nth(
            field,
            item(
                input.extension,
                case.extensions.len(),
                "extension",
                "extension",
            )?,
        ),
        On::Check => Slot::nth(
            field,
            item(input.check, case.checks.len(), "check", "check")?,
        ),
    };
    if times.get(slot).is_none() {
        return Err(AppError::field(
            "field",
            msg!("case-cor-nothing-recorded", what = times.words(slot)),
        ));
    }
    Ok(slot)
}

/// The stay's stored columns with its times as in `t`, everything derived
/// worked out again: time to handover and breach (against the target in force
/// now), and the UK day, hour and weekday of arrival.
fn stay_row(stay: &Stay, t: &StayTimesModel, departed: Option<Dt>, target: i64) -> StayTimes {
    let (handover_seconds, breached) = match (t.accepted, departed) {
        (Some(h), _) => {
            let (s, breached) = wait(t.arrived, h, target);
            (Some(s), Some(breached))
        }
        // Left (on a transfer, or at the end) before handover: the wait stopped then.
        (None, Some(d)) => (None, Some(wait(t.arrived, d, target).1)),
        (None, None) => (None, stay.breached),
    };
    let (date, hour, dow) = local_parts(t.arrived);
    StayTimes {
        arrived_at: to_db(t.arrived),
        handover_offered_at: t.offered.map(to_db),
        handed_over_at: t.accepted.map(to_db),
        police_left_at: t.police_left.map(to_db),
        departed_at: departed.map(to_db),
        handover_seconds,
        breached,
        arrived_local_date: date,
        arrived_local_hour: hour,
        arrived_local_dow: dow,
    }
}

/// The wait in seconds when correcting `slot` makes its stay, handed over,
/// a breach that it was not before and no delay reason is recorded on it.
fn new_breach_without_reason(case: &Case, after: &Times, slot: Slot, target: i64) -> Option<i64> {
    if on(slot.field) != On::Stay {
        return None;
    }
    let stay = &case.stays[slot.item - 1];
    let t = &after.stays[slot.item - 1];
    let (waited, breached) = wait(t.arrived, t.accepted?, target);
    (breached && stay.breached != Some(true) && stay.delay_reason.is_none()).then_some(waited)
}

/// Corrects one recorded time (see the module notes for who may and the rules).
pub fn correct_time(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    input: &CorrectionInput,
    now: Dt,
) -> Result<(), AppError> {
    let target = orgs::target_minutes(conn)?;
    let p = &policy::CORRECT;
    let seen = Some(input.expected_version);
    act(conn, actor, reference, p, seen, now, |c, opened| {
        let case = Case::load(c, opened.episode.clone())?;
        let before = case.times();
        let slot = slot_of(&case, &before, input)?;
        if !may_correct(actor, case.recorder(c, slot)?) {
            return Err(AppError::forbidden(msg!(
                "case-cor-only-recorder",
                what = before.words(slot)
            )));
        }
        let old = before
            .get(slot)
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("slot checked above")))?;
        let mut errors = FieldErrors::default();
        let reason = match optional_text(
            input.reason.as_deref(),
            MAX_REASON,
            Msg::new("case-what-reason"),
        ) {
            Ok(Some(r)) => Some(r),
            Ok(None) => {
                errors.add("reason", "case-cor-reason");
                None
            }
            Err(m) => {
                errors.add("reason", m);
                None
            }
        };
        let new = match input.new_time.map(super::time::trunc) {
            None => {
                errors.add("new_time", "case-cor-enter-time");
                None
            }
            Some(t) if t > now + SKEW => {
                errors.add("new_time", msg!("case-cor-future", time = long_msg(now)));
                None
            }
            Some(t) if t < earliest_allowed(from_db(case.episode.created_at), slot.field) => {
                errors.add(
                    "new_time",
                    msg!(
                        "case-cor-too-early",
                        time = long_msg(earliest_allowed(
                            from_db(case.episode.created_at),
                            slot.field
                        ))
                    ),
                );
                None
            }
            Some(t) if t == old => {
                errors.add("new_time", msg!("case-cor-same", time = long_msg(old)));
                None
            }
            Some(t) => Some(t),
        };
        let mut after = before.clone();
        let mut delay = (None, None);
        if let Some(t) = new {
            after.set(slot, t);
            let old_rules: Vec<String> = broken_rules(&before, slot)
                .into_iter()
                .map(|b| b.key)
                .collect();
            if let Some(b) = broken_rules(&after, slot)
                .into_iter()
                .find(|b| !old_rules.contains(&b.key))
            {
                errors.add("new_time", b.message);
            } else if let Some(waited) = new_breach_without_reason(&case, &after, slot, target) {
                // The rule of confirming a handover late: a breach says why.
                delay = coded_with_note(
                    input.delay_reason.as_deref(),
                    input.delay_note.as_deref(),
                    DelayReason::parse,
                    DelayReason::Other,
                    &DELAY_REASON,
                    Some(crate::msg!(
                        "case-correct-delay-reason",
                        waited = super::time::duration_msg(waited),
                        target = target
                    )),
                    &mut errors,
                );
            }
        }
        errors.into_result()?;
        let (delay_reason, delay_note) = delay;
        let (Some(new), Some(reason)) = (new, reason) else {
            return Err(AppError::internal(anyhow::anyhow!(
                "validated correction lacks a field"
            )));
        };

        let mut derived_before = serde_json::Value::Null;
        let mut derived_after = serde_json::Value::Null;
        let entity = match on(slot.field) {
            On::Stay => {
                let i = slot.item - 1;
                let stay = &case.stays[i];
                let departed = if i + 1 < case.stays.len() {
                    after.stays[i].departed
                } else {
                    stay.departed_at.map(from_db)
                };
                let row = stay_row(stay, &after.stays[i], departed, target);
                derived_before = json!({
                    "handover_seconds": stay.handover_seconds,
                    "breached": stay.breached,
                });
                derived_after = json!({
                    "handover_seconds": row.handover_seconds,
                    "breached": row.breached,
                });
                cq::set_stay_times(c, stay.id, &row)?;
                if let Some(r) = delay_reason {
                    cq::set_delay_reason(c, stay.id, r.code(), delay_note.as_deref())?;
                    derived_after["delay_reason"] = json!(r.code());
                    derived_after["delay_note"] = json!(delay_note);
                }
                Entity::Stay(stay.id)
            }
            On::Episode => {
                cq::set_episode_times(
                    c,
                    case.episode.id,
                    &EpisodeTimes {
                        detained_at: after.detained.map(to_db),
                        warrant_at: after.warrant.map(to_db),
                        ended_at: after.ended.map(to_db),
                        assessment_started_at: after.started.map(to_db),
                        assessment_completed_at: after.completed.map(to_db),
                    },
                )?;
                // A stay still awaiting handover at the end was closed then:
                // its wait follows the corrected end.
                if slot.field == TimeField::EndedAt
                    && let (Some(stay), Some(st)) = (case.stays.last(), after.stays.last())
                    && stay.handed_over_at.is_none()
                    && stay.departed_at.map(from_db) == Some(old)
                {
                    let row = stay_row(stay, st, Some(new), target);
                    derived_before = json!({
                        "stay": stay.seq,
                        "handover_seconds": stay.handover_seconds,
                        "breached": stay.breached,
                    });
                    derived_after = json!({
                        "stay": stay.seq,
                        "handover_seconds": row.handover_seconds,
                        "breached": row.breached,
                    });
                    cq::set_stay_times(c, stay.id, &row)?;
                }
                Entity::Episode(case.episode.id)
            }
            On::Extension => {
                let x = &case.extensions[slot.item - 1];
                cq::set_extension_authorised_at(c, x.id, to_db(new))?;
                Entity::Extension(x.id)
            }
            On::Check => {
                let h = &case.checks[slot.item - 1];
                cq::set_check_time(c, h.id, to_db(new))?;
                Entity::HealthCheck(h.id)
            }
        };
        let item = |o: On| (on(slot.field) == o).then_some(slot.item);
        let (stay, extension, check) = (item(On::Stay), item(On::Extension), item(On::Check));
        let audit = Audit::new(
            AuditAction::TimeCorrected,
            entity,
            json!({
                "field": slot.field.code(),
                "stay": stay,
                "extension": extension,
                "check": check,
                "value": iso_utc(new),
                "reason": reason,
                "derived": derived_after,
            }),
        )
        .with_before(json!({
            "field": slot.field.code(),
            "stay": stay,
            "extension": extension,
            "check": check,
            "value": iso_utc(old),
            "derived": derived_before,
        }));
        Ok(((), Some(audit)))
    })
}
