//! Notifications: who is told what, and when. The one home of the rule.
//!
//! A change to a case (`events::case_changed`, in the change's transaction)
//! calls [`on_case_change`], which writes the outbox rows the change causes;
//! time thresholds are reached by [`scan`] (every 15 seconds, from the delivery
//! worker, with the app clock), which records each threshold once per stay
//! and writes its rows in the same transaction. The delivery worker
//! (`crate::notify`, an outbound edge) claims due rows, sends them and
//! reports back through [`claim`], [`delivered`] and [`attempt_failed`].
//!
//! Payloads carry the reference, site, force, minutes, reason codes and the
//! staff's names: never notes, and nothing about the detained person.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::admin::{By, audit_setup};
use super::events::EventKind;
use super::time::{from_db, hm, iso_utc, to_db};
use crate::db::episodes::{self, Episode, Stay, StayFilter};
use crate::db::notify::{self as q, NewNotification, Notification, Webhook};
use crate::db::orgs::{self, Force, Site};
use crate::db::{self, DbConn, stay_requests};
use crate::domain::auth::{Scope, random_token};
use crate::domain::rules::Role;
use crate::error::{AppError, FieldErrors};
use crate::i18n::{Arg, Lang, Msg, render};

/// What a notification is about (`type` in its payload, `kind` in the outbox).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Escalation,
    Handover,
    StayRequest,
    StayAnswer,
    StayReminder,
    PoliceDeclined,
}

impl Kind {
    pub const ALL: &'static [Self] = &[
        Self::Escalation,
        Self::Handover,
        Self::StayRequest,
        Self::StayAnswer,
        Self::StayReminder,
        Self::PoliceDeclined,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::Escalation => "escalation",
            Self::Handover => "handover",
            Self::StayRequest => "stay_request",
            Self::StayAnswer => "stay_answer",
            Self::StayReminder => "stay_reminder",
            Self::PoliceDeclined => "police_declined",
        }
    }
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.code() == code)
    }
}

/// How a notification travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Webhook,
    Email,
    /// To every device a user opted in on; the target is the user id.
    Push,
}

impl Channel {
    pub fn code(self) -> &'static str {
        match self {
            Self::Webhook => "webhook",
            Self::Email => "email",
            Self::Push => "push",
        }
    }
}

/// Who a site's emails go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactRole {
    OnCall,
    Manager,
}

impl ContactRole {
    pub fn code(self) -> &'static str {
        match self {
            Self::OnCall => "on_call",
            Self::Manager => "manager",
        }
    }
    pub fn parse(code: &str) -> Option<Self> {
        match code.trim() {
            "on_call" => Some(Self::OnCall),
            "manager" => Some(Self::Manager),
            _ => None,
        }
    }
}

/// Minutes after arrival each escalation is sent at, when a site sets none.
pub const DEFAULT_THRESHOLDS: &[i32] = &[0, 45, 60];
/// Then again every this many minutes while the person waits.
pub const DEFAULT_REPEAT: i32 = 60;
/// An unanswered request to stay is recalled to the officer after this.
pub const STAY_REMINDER_MINUTES: i64 = 10;

/// Waits after failed attempts 1, 2, ...; after the last the row is failed
/// (the dead-letter list).
pub const BACKOFF_SECONDS: &[i64] = &[10, 30, 120, 600, 1800];

/// One recipient of a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Recipient {
    channel: Channel,
    target: String,
}

/// What a case looks like to the rules here.
struct Ctx {
    episode: Episode,
    stay: Stay,
    site: Site,
    force: Force,
}

impl Ctx {
    fn load(c: &mut DbConn, episode_id: i64) -> Result<Self, AppError> {
        let episode = episodes::by_id(c, episode_id)?;
        let stays = episodes::stays_of(c, episode_id)?;
        let Some(stay) = stays.last().cloned() else {
            return Err(AppError::internal(anyhow::anyhow!(
                "episode {episode_id} has no stay"
            )));
        };
        let site = orgs::site_by_id(c, stay.site_id)?;
        let force = orgs::force_by_id(c, episode.force_id)?;
        Ok(Self {
            episode,
            stay,
            site,
            force,
        })
    }

    /// The payload every recipient shares; `enqueue` adds its `message`
    /// (and `lang`) in the recipient's language.
    fn payload(&self, kind: Kind, now: DateTime<Utc>, extra: Value) -> Value {
        let mut p = json!({
            "type": kind.code(),
            "reference": self.episode.reference,
            "site": self.site.code,
            "force": self.force.code,
            "at": iso_utc(now),
        });
        if let (Some(obj), Value::Object(more)) = (p.as_object_mut(), extra) {
            obj.extend(more);
        }
        p
    }
}

/// The language a notification to `user_id` is written in: theirs (their
/// own choice, else their site's or force's default), else English.
pub(crate) fn user_lang(c: &mut DbConn, user_id: i64) -> Result<Lang, AppError> {
    Ok(match crate::db::users::by_id(c, user_id)? {
        Some(u) => super::account::language_of(c, &u)?.unwrap_or_default(),
        None => Lang::En,
    })
}

/// The language of a site's email contacts (who have no account): the
/// site's default, else English.
fn site_lang(site: &Site) -> Lang {
    site.language
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_default()
}

/// The one place a recipient's language is decided. Webhooks are for
/// machines (codes): their `message` stays English and carries no `lang`.
fn recipient_lang(c: &mut DbConn, ctx: &Ctx, r: &Recipient) -> Result<Option<Lang>, AppError> {
    Ok(match r.channel {
        Channel::Webhook => None,
        Channel::Email => Some(site_lang(&ctx.site)),
        Channel::Push => match r.target.parse::<i64>() {
            Ok(id) => Some(user_lang(c, id)?),
            Err(_) => Some(Lang::En),
        },
    })
}

/// Writes the rows one notification causes, one per recipient, each with its
/// own stable key (the `id` in its payload) and `message` rendered in the
/// recipient's language (`lang` in the payload, read by the email and push
/// edges for their own words).
fn enqueue(
    c: &mut DbConn,
    ctx: &Ctx,
    kind: Kind,
    payload: &Value,
    message: &Msg,
    recipients: &[Recipient],
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let mut seen: Vec<&Recipient> = Vec::new();
    for r in recipients {
        if seen.contains(&r) {
            continue;
        }
        seen.push(r);
        let key = random_token(16);
        let mut body = payload.clone();
        body["id"] = Value::String(key.clone());
        let lang = recipient_lang(c, ctx, r)?;
        body["message"] = Value::String(render(lang.unwrap_or_default(), message));
        if let Some(l) = lang {
            body["lang"] = Value::String(l.code().into());
        }
        q::insert(
            c,
            &NewNotification {
                key,
                channel: r.channel.code().into(),
                target: r.target.clone(),
                kind: kind.code().into(),
                episode_id: Some(ctx.episode.id),
                site_id: Some(ctx.site.id),
                force_id: Some(ctx.force.id),
                payload: body.to_string(),
                created_at: to_db(now),
                next_attempt_at: to_db(now),
            },
        )?;
    }
    Ok(seen.len())
}

/// A reason to stay as a message says it: "insufficient staff" (its code
/// in words, in the recipient's language).
fn reason_arg(code: &str) -> Arg {
    let key = match code {
        "risk_to_life" => "notify-reason-risk_to_life",
        "insufficient_staff" => "notify-reason-insufficient_staff",
        "awaiting_medical_clearance" => "notify-reason-awaiting_medical_clearance",
        "awaiting_bed_or_transfer" => "notify-reason-awaiting_bed_or_transfer",
        "violence_or_absconding_risk" => "notify-reason-violence_or_absconding_risk",
        "other" => "notify-reason-other",
        other => return Arg::Text(other.replace('_', " ")),
    };
    Arg::Msg(Box::new(Msg::new(key)))
}

/// The webhooks covering the case's site or force that want `kind`; for an
/// escalation, a force's (control room) webhooks only from the handover
/// target on.
fn webhooks_for(
    c: &mut DbConn,
    ctx: &Ctx,
    kind: Kind,
    force_too: bool,
) -> Result<Vec<Recipient>, AppError> {
    Ok(q::webhooks_covering(c, ctx.site.id, ctx.force.id)?
        .into_iter()
        .filter(|w| wants(w, kind))
        .filter(|w| force_too || w.site_id.is_some() || w.force_id.is_none())
        .map(|w| Recipient {
            channel: Channel::Webhook,
            target: w.id.to_string(),
        })
        .collect())
}

fn wants(w: &Webhook, kind: Kind) -> bool {
    w.events.trim().is_empty() || w.events.split(',').any(|e| e.trim() == kind.code())
}

fn emails(c: &mut DbConn, site_id: i64, role: ContactRole) -> Result<Vec<Recipient>, AppError> {
    Ok(q::contacts_of(c, site_id)?
        .into_iter()
        .filter(|x| x.role == role.code())
        .map(|x| Recipient {
            channel: Channel::Email,
            target: x.email,
        })
        .collect())
}

/// A push to `user_id`, if they turned notifications on somewhere (no row for
/// someone with no device: the case page would list it as sent).
fn push_to(c: &mut DbConn, user_id: i64) -> Result<Vec<Recipient>, AppError> {
    Ok(pushes(crate::db::push::users_with_devices(c, &[user_id])?))
}

fn pushes(user_ids: Vec<i64>) -> Vec<Recipient> {
    user_ids
        .into_iter()
        .map(|id| Recipient {
            channel: Channel::Push,
            target: id.to_string(),
        })
        .collect()
}

/// The notifications a change to a case causes, written in its transaction
/// (called by `events::case_changed`, after the case was updated).
pub(crate) fn on_case_change(
    c: &mut DbConn,
    episode_id: i64,
    kind: EventKind,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let ctx = Ctx::load(c, episode_id)?;
    match kind {
        // A new stay: its threshold 0 (and any already passed) now.
        EventKind::Arrival | EventKind::Transfer => {
            escalate(c, &ctx, now)?;
        }
        EventKind::Handover => {
            let by = ctx.stay.accepted_by_name.clone().unwrap_or_default();
            let at = ctx.stay.handed_over_at.map(from_db).unwrap_or(now);
            let message = crate::msg!(
                "notify-handover",
                reference = ctx.episode.reference.as_str(),
                site = ctx.site.name.as_str(),
                by = by.as_str(),
                time = hm(at)
            );
            let payload = ctx.payload(
                Kind::Handover,
                now,
                json!({
                    "accepted_by": by,
                    "accepted_at": iso_utc(at),
                    "minutes_waiting": ctx.stay.handover_seconds.map(|s| s / 60),
                }),
            );
            let mut to = push_to(c, ctx.episode.created_by)?;
            to.extend(webhooks_for(c, &ctx, Kind::Handover, true)?);
            enqueue(c, &ctx, Kind::Handover, &payload, &message, &to, now)?;
        }
        EventKind::StayRequest => {
            let Some(r) = stay_requests::for_stay(c, ctx.stay.id)? else {
                return Ok(());
            };
            let message = crate::msg!(
                "notify-stay-request",
                name = r.requested_by_name.as_str(),
                reference = ctx.episode.reference.as_str(),
                site = ctx.site.name.as_str(),
                reason = reason_arg(&r.reason)
            );
            let payload = ctx.payload(
                Kind::StayRequest,
                now,
                json!({ "reason": r.reason, "requested_by": r.requested_by_name }),
            );
            let mut to = push_to(c, ctx.episode.created_by)?;
            to.extend(webhooks_for(c, &ctx, Kind::StayRequest, true)?);
            enqueue(c, &ctx, Kind::StayRequest, &payload, &message, &to, now)?;
        }
        EventKind::StayAnswer => {
            let Some(r) = stay_requests::for_stay(c, ctx.stay.id)? else {
                return Ok(());
            };
            let agreed = r.agreed.unwrap_or(false);
            let kind = if agreed {
                Kind::StayAnswer
            } else {
                Kind::PoliceDeclined
            };
            let message = Msg::new(if agreed {
                "notify-stay-agreed"
            } else {
                "notify-stay-declined"
            })
            .arg("reference", ctx.episode.reference.as_str())
            .arg("site", ctx.site.name.as_str());
            let payload = ctx.payload(kind, now, json!({ "reason": r.reason, "agreed": agreed }));
            let mut to = push_to(c, r.requested_by)?;
            if !agreed {
                to.extend(emails(c, ctx.site.id, ContactRole::OnCall)?);
            }
            to.extend(webhooks_for(c, &ctx, kind, true)?);
            enqueue(c, &ctx, kind, &payload, &message, &to, now)?;
        }
        _ => {}
    }
    Ok(())
}

// --- Escalation ----------------------------------------------------------------

/// A site's escalation rule: thresholds in minutes after arrival, then a
/// repeat after the last while the person still waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub thresholds: Vec<i32>,
    pub repeat: i32,
}

impl Default for Rule {
    fn default() -> Self {
        Self {
            thresholds: DEFAULT_THRESHOLDS.to_vec(),
            repeat: DEFAULT_REPEAT,
        }
    }
}

impl Rule {
    /// Parses "0,45,60" and a repeat in minutes (0: no repeat).
    pub fn parse(at: &str, repeat: &str) -> Result<Self, AppError> {
        let mut errors = FieldErrors::default();
        let mut thresholds = Vec::new();
        for part in at.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part.parse::<i32>() {
                Ok(m) if (0..=24 * 60).contains(&m) => thresholds.push(m),
                _ => errors.add(
                    "at",
                    crate::msg!("notify-threshold-not-minutes", part = part),
                ),
            }
        }
        if thresholds.is_empty() {
            errors.add("at", "notify-threshold-enter");
        }
        thresholds.sort_unstable();
        thresholds.dedup();
        let repeat = match repeat.trim().parse::<i32>() {
            Ok(r) if (0..=24 * 60).contains(&r) => r,
            _ => {
                errors.add("repeat", "notify-repeat-enter");
                0
            }
        };
        errors.into_result()?;
        Ok(Self { thresholds, repeat })
    }

    pub fn thresholds_text(&self) -> String {
        self.thresholds
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Every threshold reached after `seconds` of waiting, in order.
    pub fn reached(&self, seconds: i64) -> Vec<i32> {
        let mut out: Vec<i32> = self
            .thresholds
            .iter()
            .copied()
            .filter(|t| i64::from(*t) * 60 <= seconds)
            .collect();
        if let (Some(last), true) = (self.thresholds.last().copied(), self.repeat > 0) {
            let mut t = last + self.repeat;
            while i64::from(t) * 60 <= seconds {
                out.push(t);
                t += self.repeat;
            }
        }
        out
    }
}

pub fn rule_of(c: &mut DbConn, site_id: i64) -> Result<Rule, AppError> {
    Ok(match q::escalation_rule(c, site_id)? {
        Some((text, repeat)) => Rule::parse(&text, &repeat.to_string()).unwrap_or_default(),
        None => Rule::default(),
    })
}

/// The rule of the site with `code`.
pub fn rule_for_site(c: &mut DbConn, code: &str) -> Result<Rule, AppError> {
    let site = site_by_code(c, code)?;
    rule_of(c, site.id)
}

/// Sets a site's escalation rule (admin page and `s136 escalation set`).
pub fn set_rule(
    c: &mut DbConn,
    by: &By,
    site_code: &str,
    at: &str,
    repeat: &str,
    now: DateTime<Utc>,
) -> Result<Rule, AppError> {
    by.check()?;
    let site = site_by_code(c, site_code)?;
    let rule = Rule::parse(at, repeat)?;
    db::write_tx(c, |c| {
        q::set_escalation_rule(c, site.id, &rule.thresholds_text(), rule.repeat, to_db(now))?;
        audit_setup(
            c,
            by,
            now,
            "escalation_rule_set",
            "site",
            site.id,
            json!({ "site": site.code, "at": rule.thresholds_text(), "repeat": rule.repeat }),
        )
    })?;
    Ok(rule)
}

/// Records, for the stay where the case is now, the newest threshold it has
/// reached past those already recorded, and notifies it. Thresholds passed
/// in between (a stay logged late, a scheduler that was down) are not
/// recorded: nobody was told at them, and the report's "escalated at 45
/// minutes" must not say so. In the caller's transaction.
fn escalate(c: &mut DbConn, ctx: &Ctx, now: DateTime<Utc>) -> Result<usize, AppError> {
    let stay = &ctx.stay;
    if !waiting(&ctx.episode, stay) {
        return Ok(0);
    }
    let rule = rule_of(c, stay.site_id)?;
    let waited = (now - from_db(stay.arrived_at)).num_seconds();
    let done = q::escalations_of_stay(c, stay.id)?.into_iter().max();
    let Some(newest) = rule
        .reached(waited)
        .into_iter()
        .filter(|t| done.is_none_or(|d| *t > d))
        .max()
    else {
        return Ok(0);
    };
    q::insert_escalation(c, stay.id, ctx.episode.id, newest, to_db(now))?;
    let target = orgs::target_minutes(c)? as i32;
    let mut to = Vec::new();
    // The same people by email and, where they turned it on, by push: the
    // site's health staff are its on-call, its managers its managers.
    let mut staff = Vec::new();
    if newest < target {
        to.extend(emails(c, ctx.site.id, ContactRole::OnCall)?);
        staff.push(Role::Health.code());
    }
    if newest > 0 {
        to.extend(emails(c, ctx.site.id, ContactRole::Manager)?);
        staff.push(Role::Manager.code());
    }
    to.extend(pushes(crate::db::push::site_users_with_devices(
        c,
        ctx.site.id,
        &staff,
    )?));
    to.extend(webhooks_for(c, ctx, Kind::Escalation, newest >= target)?);
    let message = if newest == 0 {
        crate::msg!(
            "notify-arrived",
            reference = ctx.episode.reference.as_str(),
            site = ctx.site.name.as_str(),
            force = ctx.force.code.as_str(),
            target = target
        )
    } else {
        crate::msg!(
            "notify-waited",
            reference = ctx.episode.reference.as_str(),
            n = waited / 60,
            site = ctx.site.name.as_str(),
            force = ctx.force.code.as_str()
        )
    };
    let payload = ctx.payload(
        Kind::Escalation,
        now,
        json!({
            "threshold_minutes": newest,
            "minutes_waiting": waited / 60,
            "arrived_at": iso_utc(from_db(stay.arrived_at)),
        }),
    );
    enqueue(c, ctx, Kind::Escalation, &payload, &message, &to, now)?;
    Ok(1)
}

/// Of the stays `stay_ids`, how many were escalated at `threshold` minutes.
pub fn escalated_at(c: &mut DbConn, stay_ids: &[i64], threshold: i32) -> Result<i64, AppError> {
    Ok(q::stays_escalated_at(c, stay_ids, threshold)?.len() as i64)
}

/// Whether escalations still run for this stay: arrived, not handed over,
/// not left on a transfer, the case neither cancelled nor ended.
fn waiting(e: &Episode, s: &Stay) -> bool {
    s.handed_over_at.is_none()
        && s.departed_at.is_none()
        && !s.cancelled
        && e.cancelled_at.is_none()
        && e.ended_at.is_none()
}

/// What one scan did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scanned {
    pub escalations: usize,
    pub reminders: usize,
}

/// The scheduler's minute: every stay still waiting for a handover gets the
/// thresholds it has reached; every request to stay unanswered for
/// `STAY_REMINDER_MINUTES` gets its reminder. Each stay in its own
/// transaction; a second instance doing the same at once meets the unique
/// keys and its transaction changes nothing.
pub fn scan(c: &mut DbConn, now: DateTime<Utc>) -> Result<Scanned, AppError> {
    let filter = StayFilter {
        awaiting_handover: true,
        still_held: true,
        latest_only: true,
        oldest_first: true,
        limit: 10_000,
        ..Default::default()
    };
    let open = episodes::list_stays(c, Scope::All, &filter)?;
    let mut out = Scanned::default();
    for row in open {
        let episode_id = row.stay.episode_id;
        let r = db::write_tx(c, |c| {
            let ctx = Ctx::load(c, episode_id)?;
            if ctx.stay.id != row.stay.id {
                return Ok((0, 0));
            }
            let e = escalate(c, &ctx, now)?;
            if e > 0 {
                super::events::case_changed(c, episode_id, EventKind::Escalation, now)?;
            }
            let r = remind(c, &ctx, now)?;
            Ok((e, r))
        });
        match r {
            Ok((e, r)) => {
                out.escalations += e;
                out.reminders += r;
            }
            Err(e) if super::case::is_unique_violation(&e) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// The officer's reminder of a request to stay still unanswered.
fn remind(c: &mut DbConn, ctx: &Ctx, now: DateTime<Utc>) -> Result<usize, AppError> {
    let Some(r) = stay_requests::for_stay(c, ctx.stay.id)? else {
        return Ok(0);
    };
    if r.answered_at.is_some()
        || now - from_db(r.requested_at) < Duration::minutes(STAY_REMINDER_MINUTES)
        || q::reminder_sent(c, r.id)?
    {
        return Ok(0);
    }
    q::insert_reminder(c, r.id, to_db(now))?;
    let message = crate::msg!(
        "notify-stay-reminder",
        reference = ctx.episode.reference.as_str(),
        site = ctx.site.name.as_str(),
        reason = reason_arg(&r.reason)
    );
    let payload = ctx.payload(
        Kind::StayReminder,
        now,
        json!({
            "reason": r.reason,
            "minutes_unanswered": (now - from_db(r.requested_at)).num_minutes(),
        }),
    );
    let mut to = push_to(c, ctx.episode.created_by)?;
    to.extend(webhooks_for(c, ctx, Kind::StayReminder, true)?);
    enqueue(c, ctx, Kind::StayReminder, &payload, &message, &to, now)?;
    Ok(1)
}

// --- Delivery bookkeeping (the worker's side) -------------------------------------

/// Claims due rows for `token` until `now + lease`.
pub fn claim(
    c: &mut DbConn,
    token: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: i64,
) -> Result<Vec<Notification>, AppError> {
    db::write_tx(c, |c| {
        Ok(q::claim(c, token, to_db(now), to_db(now + lease), limit)?)
    })
}

pub fn delivered(
    c: &mut DbConn,
    n: &Notification,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    db::write_tx(c, |c| Ok(q::mark_sent(c, n.id, token, to_db(now))?))?;
    Ok(())
}

/// Records a failed attempt; returns the row's new state. `permanent`: no
/// retry can help (the row goes to the dead-letter list at once).
pub fn attempt_failed(
    c: &mut DbConn,
    n: &Notification,
    token: &str,
    error: &str,
    permanent: bool,
    now: DateTime<Utc>,
) -> Result<&'static str, AppError> {
    let failures = n.attempts as usize + 1;
    let (state, next) = match BACKOFF_SECONDS.get(failures - 1) {
        Some(wait) if !permanent => (q::PENDING, now + Duration::seconds(*wait)),
        _ => (q::FAILED, now),
    };
    let error: String = error.chars().take(500).collect();
    db::write_tx(c, |c| {
        Ok(q::mark_attempt_failed(
            c,
            n.id,
            token,
            state,
            to_db(next),
            &error,
        )?)
    })?;
    Ok(state)
}

/// Puts a dead-lettered notification back in the queue (admins).
pub fn retry(c: &mut DbConn, by: &By, id: i64, now: DateTime<Utc>) -> Result<(), AppError> {
    by.check()?;
    db::write_tx(c, |c| {
        if q::requeue(c, id, to_db(now))? == 0 {
            return Err(AppError::not_found());
        }
        audit_setup(
            c,
            by,
            now,
            "notification_retried",
            "notification",
            id,
            json!({}),
        )
    })
}

/// A notification as the admin list and the case page show it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct View {
    pub id: i64,
    pub kind: String,
    pub channel: String,
    /// Who it goes to: the webhook's address, the email address or the user.
    pub to: String,
    pub reference: String,
    pub state: String,
    pub attempts: i32,
    /// Europe/London, "Fri 20 Nov 2026, 12:45".
    pub created: String,
    pub sent: Option<String>,
    pub next_attempt: Option<String>,
    pub error: Option<String>,
}

/// The catalogue key of a kind of notification's name ("stay answer").
pub fn kind_key(code: &str) -> Option<&'static str> {
    Some(match code {
        "escalation" => "notify-kind-escalation",
        "handover" => "notify-kind-handover",
        "stay_request" => "notify-kind-stay_request",
        "stay_answer" => "notify-kind-stay_answer",
        "stay_reminder" => "notify-kind-stay_reminder",
        "police_declined" => "notify-kind-police_declined",
        "test" => "notify-kind-test",
        _ => return None,
    })
}

/// A time as the lists show it: "Fri 20 Nov 2026, 12:45" in English,
/// "dydd Gwener 20 Tachwedd 2026, 12:45" in Welsh.
pub fn when(lang: Lang, t: DateTime<Utc>) -> String {
    match lang {
        Lang::En => super::time::long(t),
        Lang::Cy => render(
            lang,
            &crate::msg!("notify-when", day = Arg::Day(t), time = hm(t)),
        ),
    }
}

fn views(c: &mut DbConn, rows: Vec<Notification>, lang: Lang) -> Result<Vec<View>, AppError> {
    let long = |t| when(lang, t);
    let mut ids: Vec<i64> = rows.iter().filter_map(|n| n.episode_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let episodes = episodes::by_ids(c, &ids)?;
    let hooks = q::list_webhooks(c)?;
    let mut out = Vec::with_capacity(rows.len());
    for n in rows {
        let to = match n.channel.as_str() {
            "webhook" => hooks
                .iter()
                .find(|w| w.id.to_string() == n.target)
                .map_or_else(
                    || {
                        render(
                            lang,
                            &crate::msg!("notify-to-removed-webhook", id = n.target.as_str()),
                        )
                    },
                    |w| w.url.clone(),
                ),
            "push" => match n.target.parse::<i64>().ok() {
                Some(id) => crate::db::users::by_id(c, id)?.map_or_else(
                    || render(lang, &crate::msg!("notify-to-user", id = id)),
                    |u| u.display_name,
                ),
                None => n.target.clone(),
            },
            _ => n.target.clone(),
        };
        out.push(View {
            id: n.id,
            reference: n
                .episode_id
                .and_then(|id| episodes.iter().find(|e| e.id == id))
                .map(|e| e.reference.clone())
                .unwrap_or_default(),
            kind: match kind_key(&n.kind) {
                Some(k) => render(lang, &Msg::new(k)),
                None => n.kind.replace('_', " "),
            },
            channel: match n.channel.as_str() {
                "webhook" => render(lang, &Msg::new("notify-channel-webhook")),
                "email" => render(lang, &Msg::new("notify-channel-email")),
                "push" => render(lang, &Msg::new("notify-channel-push")),
                _ => n.channel,
            },
            to,
            attempts: n.attempts,
            created: long(from_db(n.created_at)),
            sent: n.sent_at.map(|t| long(from_db(t))),
            next_attempt: (n.state == q::PENDING).then(|| long(from_db(n.next_attempt_at))),
            error: n.last_error,
            state: n.state,
        });
    }
    Ok(out)
}

/// The admin page's lists: pending, failed (dead letter) and recently sent.
pub struct Outbox {
    pub pending: Vec<View>,
    pub failed: Vec<View>,
    pub sent: Vec<View>,
    pub pending_count: i64,
    pub failed_count: i64,
}

/// The lists in the reader's language `lang`.
pub fn outbox(c: &mut DbConn, by: &By, limit: i64, lang: Lang) -> Result<Outbox, AppError> {
    by.check()?;
    let pending = q::list_in_state(c, q::PENDING, limit)?;
    let failed = q::list_in_state(c, q::FAILED, limit)?;
    let sent = q::list_in_state(c, q::SENT, limit)?;
    Ok(Outbox {
        pending_count: q::count_in_state(c, q::PENDING)?,
        failed_count: q::count_in_state(c, q::FAILED)?,
        pending: views(c, pending, lang)?,
        failed: views(c, failed, lang)?,
        sent: views(c, sent, lang)?,
    })
}

/// What went to whom about a case, in the reader's language (the case
/// page; the caller checked scope).
pub fn of_case(c: &mut DbConn, episode_id: i64, lang: Lang) -> Result<Vec<View>, AppError> {
    let rows = q::of_episode(c, episode_id)?;
    views(c, rows, lang)
}

/// Notifications not yet sent (the `/metrics` backlog gauge).
pub fn backlog(c: &mut DbConn) -> Result<i64, AppError> {
    Ok(q::count_in_state(c, q::PENDING)?)
}

/// The webhook a row goes to (the worker, before sending).
pub fn webhook(c: &mut DbConn, id: i64) -> Result<Option<Webhook>, AppError> {
    Ok(q::webhook(c, id)?)
}

fn site_by_code(c: &mut DbConn, code: &str) -> Result<Site, AppError> {
    orgs::site_by_code(c, code.trim())?
        .ok_or_else(|| AppError::field("site", crate::msg!("notify-no-site", code = code.trim())))
}

// --- Webhooks and site contacts (set-up) -------------------------------------------

/// Checks a webhook address: http or https with a host, nothing else.
pub fn parse_webhook_url(raw: &str) -> Result<String, Msg> {
    let raw = raw.trim();
    let Some(rest) = raw
        .strip_prefix("https://")
        .or_else(|| raw.strip_prefix("http://"))
    else {
        return Err("notify-url-scheme".into());
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || host.contains(char::is_whitespace) || host.contains('@') {
        return Err("notify-url-host".into());
    }
    if raw.len() > 2000 {
        return Err("notify-url-long".into());
    }
    Ok(raw.to_string())
}

/// Adds a webhook for every site and force, one force or one site.
#[allow(clippy::too_many_arguments)]
pub fn add_webhook(
    c: &mut DbConn,
    by: &By,
    url: &str,
    secret: &str,
    site_code: &str,
    force_code: &str,
    events: &str,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    by.check()?;
    let mut errors = FieldErrors::default();
    let url = parse_webhook_url(url)
        .map_err(|m| errors.add("url", m))
        .ok();
    if secret.trim().len() < 16 {
        errors.add("secret", "notify-secret-short");
    }
    let (site_code, force_code) = (site_code.trim(), force_code.trim());
    if !site_code.is_empty() && !force_code.is_empty() {
        errors.add("site", "notify-site-or-force");
    }
    let site_id = match site_code {
        "" => None,
        code => match orgs::site_by_code(c, code)? {
            Some(s) => Some(s.id),
            None => {
                errors.add("site", crate::msg!("notify-no-site", code = code));
                None
            }
        },
    };
    let force_id = match force_code {
        "" => None,
        code => match orgs::force_by_code(c, code)? {
            Some(f) => Some(f.id),
            None => {
                errors.add("force", crate::msg!("notify-no-force", code = code));
                None
            }
        },
    };
    let mut kinds = Vec::new();
    for e in events.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        match Kind::parse(e) {
            Some(k) => kinds.push(k.code()),
            None => errors.add(
                "events",
                crate::msg!(
                    "notify-not-a-type",
                    event = e,
                    known = Kind::ALL
                        .iter()
                        .map(|k| k.code())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        }
    }
    errors.into_result()?;
    let Some(url) = url else {
        unreachable!("checked above")
    };
    let events = kinds.join(",");
    db::write_tx(c, |c| {
        let id = q::insert_webhook(
            c,
            &q::NewWebhook {
                url: url.clone(),
                secret: secret.trim().to_string(),
                site_id,
                force_id,
                events: events.clone(),
                active: true,
                created_at: to_db(now),
            },
        )?;
        audit_setup(
            c,
            by,
            now,
            "webhook_added",
            "webhook",
            id,
            json!({ "url": url, "site_id": site_id, "force_id": force_id, "events": events }),
        )?;
        Ok(id)
    })
}

/// A webhook as lists show it (the secret never leaves).
#[derive(Debug, Clone, serde::Serialize)]
pub struct WebhookView {
    pub id: i64,
    pub url: String,
    /// "all", "site OAK" or "force WMP".
    pub scope: String,
    /// "all" or the kinds, comma-separated.
    pub events: String,
    pub active: bool,
}

/// The webhooks, their scope and events in words of `lang`.
pub fn list_webhooks(c: &mut DbConn, by: &By, lang: Lang) -> Result<Vec<WebhookView>, AppError> {
    by.check()?;
    let sites = orgs::list_sites(c)?;
    let forces = orgs::list_forces(c)?;
    Ok(q::list_webhooks(c)?
        .into_iter()
        .map(|w| {
            let scope = match (w.site_id, w.force_id) {
                (Some(s), _) => render(
                    lang,
                    &crate::msg!(
                        "notify-scope-site",
                        code = sites.iter().find(|x| x.id == s).map_or("?", |x| &x.code)
                    ),
                ),
                (None, Some(f)) => render(
                    lang,
                    &crate::msg!(
                        "notify-scope-force",
                        code = forces.iter().find(|x| x.id == f).map_or("?", |x| &x.code)
                    ),
                ),
                (None, None) => render(lang, &Msg::new("notify-all")),
            };
            WebhookView {
                id: w.id,
                url: w.url,
                scope,
                events: if w.events.is_empty() {
                    render(lang, &Msg::new("notify-all"))
                } else {
                    w.events
                },
                active: w.active,
            }
        })
        .collect())
}

pub fn remove_webhook(
    c: &mut DbConn,
    by: &By,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    by.check()?;
    db::write_tx(c, |c| {
        if q::delete_webhook(c, id)? == 0 {
            return Err(AppError::not_found());
        }
        audit_setup(c, by, now, "webhook_removed", "webhook", id, json!({}))
    })
}

/// Adds (`add`) or removes an email address a site's notifications go to.
pub fn set_contact(
    c: &mut DbConn,
    by: &By,
    site_code: &str,
    role: &str,
    email: &str,
    add: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    by.check()?;
    let site = site_by_code(c, site_code)?;
    let mut errors = FieldErrors::default();
    let role = ContactRole::parse(role);
    if role.is_none() {
        errors.add("role", "notify-contact-role");
    }
    let email = email.trim().to_ascii_lowercase();
    let valid = email.len() <= 254
        && email
            .split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.starts_with('.'))
        && !email.contains(char::is_whitespace)
        && !email.contains(['<', '>', ',', ';']);
    if !valid {
        errors.add("email", "notify-contact-email");
    }
    errors.into_result()?;
    let Some(role) = role else {
        unreachable!("checked above")
    };
    db::write_tx(c, |c| {
        if add {
            if q::contacts_of(c, site.id)?
                .iter()
                .any(|x| x.role == role.code() && x.email == email)
            {
                return Ok(());
            }
            q::add_contact(c, site.id, role.code(), &email, to_db(now))?;
        } else if q::remove_contact(c, site.id, role.code(), &email)? == 0 {
            return Err(AppError::not_found());
        }
        audit_setup(
            c,
            by,
            now,
            if add {
                "site_contact_added"
            } else {
                "site_contact_removed"
            },
            "site",
            site.id,
            json!({ "role": role.code(), "email": email }),
        )
    })
}

/// A site's contacts, (role, email).
pub fn contacts(c: &mut DbConn, site_code: &str) -> Result<Vec<(String, String)>, AppError> {
    let site = site_by_code(c, site_code)?;
    Ok(q::contacts_of(c, site.id)?
        .into_iter()
        .map(|x| (x.role, x.email))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_reached_on_the_minute_not_before() {
        let r = Rule::default();
        assert_eq!(r.reached(0), vec![0]);
        assert_eq!(r.reached(45 * 60 - 1), vec![0]);
        assert_eq!(r.reached(45 * 60), vec![0, 45]);
        assert_eq!(r.reached(60 * 60), vec![0, 45, 60]);
        assert_eq!(r.reached(120 * 60 - 1), vec![0, 45, 60]);
        assert_eq!(r.reached(180 * 60), vec![0, 45, 60, 120, 180]);
        let none = Rule::parse("30", "0").unwrap();
        assert_eq!(none.reached(10_000 * 60), vec![30]);
    }

    #[test]
    fn rules_parse_or_say_what_is_wrong() {
        let r = Rule::parse(" 60,0, 45 ", "60").unwrap();
        assert_eq!(r.thresholds, vec![0, 45, 60]);
        assert!(Rule::parse("", "60").is_err());
        assert!(Rule::parse("45,x", "60").is_err());
        assert!(Rule::parse("45", "-1").is_err());
    }

    #[test]
    fn webhook_urls_are_http_or_https_with_a_host() {
        assert!(parse_webhook_url("https://example.org/hook").is_ok());
        assert!(parse_webhook_url("http://127.0.0.1:9000/x").is_ok());
        assert!(parse_webhook_url("ftp://example.org").is_err());
        assert!(parse_webhook_url("file:///etc/passwd").is_err());
        assert!(parse_webhook_url("https:///nohost").is_err());
        assert!(parse_webhook_url("javascript:alert(1)").is_err());
    }

    #[test]
    fn kinds_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.code()), Some(*k));
        }
    }
}
