//! Pre-alerts: an officer or the force's control room says a person is on
//! the way to a place of safety, so the site can prepare. They carry no
//! personal details: the site, an ETA and three flags. One becomes the
//! arrival when the officer logs it; unclaimed, it expires 2 hours after
//! its ETA.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use super::auth::Actor;
use super::case::{Audit, AuditAction, Entity, write_audit_row};
use super::events::{self, EventKind};
use super::policy;
use super::time::{from_db, hm, iso_utc, to_db};
use super::types::optional_text;
use crate::db::prealerts::{self as q, NewPrealert, Prealert};
use crate::db::{self, DbConn, orgs};
use crate::error::{AppError, ErrorKind, FieldErrors};

/// The longest ETA a pre-alert may give: a journey, not a booking.
pub const MAX_ETA_MINUTES: i64 = 240;
pub const DEFAULT_ETA_MINUTES: i64 = 15;
/// An unclaimed pre-alert stops showing this long after its ETA.
pub const EXPIRES_AFTER_ETA_HOURS: i64 = 2;
pub const NOTE_MAX: usize = 200;

#[derive(Debug, Clone, Default)]
pub struct PrealertInput {
    pub site_code: Option<String>,
    pub eta_minutes: Option<i64>,
    pub under_18: bool,
    pub needs_ed: bool,
    pub violence_risk: bool,
    pub note: Option<String>,
}

/// Where a pre-alert stands at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    OnTheWay,
    Arrived,
    Cancelled,
    Expired,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Self::OnTheWay => "on_the_way",
            Self::Arrived => "arrived",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
        }
    }
}

/// A pre-alert as pages and the API show it.
#[derive(Debug, Clone)]
pub struct View {
    pub p: Prealert,
    pub site_code: String,
    pub site_name: String,
    pub force_code: String,
    pub status: Status,
    /// Minutes until the ETA (negative once it has passed).
    pub minutes_to_eta: i64,
    /// The case it became.
    pub reference: Option<String>,
}

impl View {
    pub fn eta(&self) -> DateTime<Utc> {
        from_db(self.p.eta_at)
    }
    /// "due in 12 minutes", "due now", "4 minutes late".
    /// "due now", "due in 5 minutes", "3 minutes late".
    pub fn due_msg(&self) -> crate::domain::lang::Msg {
        use crate::msg;
        match self.minutes_to_eta {
            0 => msg!("case-prealert-due-now"),
            m if m > 0 => msg!("case-prealert-due-in", n = m),
            m => msg!("case-prealert-late", n = -m),
        }
    }
    /// The flags' catalogue keys.
    pub fn flag_keys(&self) -> Vec<&'static str> {
        let mut f = Vec::new();
        if self.p.under_18 {
            f.push("case-prealert-flag-under-18");
        }
        if self.p.needs_ed {
            f.push("case-prealert-flag-ed");
        }
        if self.p.violence_risk {
            f.push("case-prealert-flag-violence");
        }
        f
    }
    pub fn to_json(&self) -> serde_json::Value {
        json!({
            "id": self.p.id,
            "site": self.site_code,
            "force": self.force_code,
            "status": self.status.code(),
            "eta": iso_utc(self.eta()),
            "minutes_to_eta": self.minutes_to_eta,
            "under_18": self.p.under_18,
            "injury_or_intoxication": self.p.needs_ed,
            "violence_risk": self.p.violence_risk,
            "note": self.p.note,
            "created_at": iso_utc(from_db(self.p.created_at)),
            "reference": self.reference,
        })
    }
}

pub fn status(p: &Prealert, now: DateTime<Utc>) -> Status {
    if p.episode_id.is_some() {
        Status::Arrived
    } else if p.cancelled_at.is_some() {
        Status::Cancelled
    } else if from_db(p.eta_at) + Duration::hours(EXPIRES_AFTER_ETA_HOURS) <= now {
        Status::Expired
    } else {
        Status::OnTheWay
    }
}

fn view(c: &mut DbConn, p: Prealert, now: DateTime<Utc>) -> Result<View, AppError> {
    let site = orgs::site_by_id(c, p.site_id)?;
    let force = orgs::force_by_id(c, p.force_id)?;
    let reference = match p.episode_id {
        Some(id) => Some(db::episodes::by_id(c, id)?.reference),
        None => None,
    };
    let secs = (from_db(p.eta_at) - now).num_seconds();
    // Whole minutes towards zero, so "due in 1 minute" until the minute it is due.
    let minutes_to_eta = secs.div_euclid(60) + i64::from(secs.rem_euclid(60) != 0 && secs > 0);
    Ok(View {
        status: status(&p, now),
        site_code: site.code,
        site_name: site.name,
        force_code: force.code,
        minutes_to_eta,
        reference,
        p,
    })
}

/// Says a person is on the way (officers and force managers, in their force).
pub fn create(
    c: &mut DbConn,
    actor: &Actor,
    input: &PrealertInput,
    now: DateTime<Utc>,
) -> Result<View, AppError> {
    policy::PREALERT.check_role(actor)?;
    let Some(force_id) = actor.force_id else {
        return Err(AppError::forbidden("case-no-force"));
    };
    let mut errors = FieldErrors::default();
    let site = match input.site_code.as_deref().map(str::trim) {
        None | Some("") => {
            errors.add("site", "case-prealert-site-choose");
            None
        }
        Some(code) => {
            let site = orgs::site_by_code(c, &code.to_ascii_uppercase())?;
            if site.is_none() {
                errors.add("site", "case-arrival-site-unknown");
            }
            site
        }
    };
    let eta = input.eta_minutes.unwrap_or(DEFAULT_ETA_MINUTES);
    if !(0..=MAX_ETA_MINUTES).contains(&eta) {
        errors.add(
            "eta_minutes",
            crate::msg!("case-prealert-eta-range", max = MAX_ETA_MINUTES),
        );
    }
    let note = optional_text(
        input.note.as_deref(),
        NOTE_MAX,
        crate::domain::lang::Msg::new("case-what-note"),
    )
    .unwrap_or_else(|m| {
        errors.add("note", m);
        None
    });
    errors.into_result()?;
    let Some(site) = site else {
        return Err(AppError::internal(anyhow::anyhow!(
            "validated pre-alert lacks a site"
        )));
    };
    let id = db::write_tx(c, |c| {
        let id = q::insert(
            c,
            &NewPrealert {
                force_id,
                site_id: site.id,
                created_by: actor.user_id,
                created_at: to_db(now),
                eta_at: to_db(now + Duration::minutes(eta)),
                under_18: input.under_18,
                needs_ed: input.needs_ed,
                violence_risk: input.violence_risk,
                note: note.as_deref(),
            },
        )?;
        let p = q::find(c, id, actor.scope())?.ok_or_else(AppError::not_found)?;
        let v = view(c, p, now)?;
        write_audit_row(
            c,
            actor,
            now,
            None,
            Audit::new(AuditAction::PrealertMade, Entity::Prealert(id), v.to_json()),
        )?;
        events::prealert_changed(c, EventKind::Prealert, &v.p, event_data(&v, now), now)?;
        Ok(id)
    })?;
    get(c, actor, id, now)
}

fn event_data(v: &View, now: DateTime<Utc>) -> serde_json::Value {
    json!({
        "prealert": v.p.id,
        "site": v.site_code,
        "force": v.force_code,
        "eta": iso_utc(v.eta()),
        "at": iso_utc(now),
    })
}

/// One pre-alert in the actor's scope.
pub fn get(c: &mut DbConn, actor: &Actor, id: i64, now: DateTime<Utc>) -> Result<View, AppError> {
    policy::LIVE.check_role(actor)?;
    let p = q::find(c, id, actor.scope())?.ok_or_else(AppError::not_found)?;
    view(c, p, now)
}

/// Says the person is no longer coming.
pub fn cancel(
    c: &mut DbConn,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<View, AppError> {
    policy::PREALERT.check_role(actor)?;
    db::write_tx(c, |c| {
        let p = q::find_for_update(c, id, actor.scope())?.ok_or_else(AppError::not_found)?;
        let v = view(c, p, now)?;
        refuse_unless_open(&v)?;
        q::cancel(c, id, actor.user_id, to_db(now))?;
        write_audit_row(
            c,
            actor,
            now,
            None,
            Audit::new(
                AuditAction::PrealertCancelled,
                Entity::Prealert(id),
                json!({"id": id, "cancelled_at": iso_utc(now)}),
            ),
        )?;
        events::prealert_changed(
            c,
            EventKind::PrealertCancelled,
            &v.p,
            event_data(&v, now),
            now,
        )?;
        Ok(())
    })?;
    get(c, actor, id, now)
}

fn refuse_unless_open(v: &View) -> Result<(), AppError> {
    let why = match v.status {
        Status::OnTheWay => return Ok(()),
        Status::Arrived => crate::msg!(
            "case-prealert-arrived",
            reference = v.reference.as_deref().unwrap_or("")
        ),
        Status::Cancelled => crate::msg!(
            "case-prealert-cancelled",
            time = v.p.cancelled_at.map(|t| hm(from_db(t))).unwrap_or_default()
        ),
        Status::Expired => crate::msg!(
            "case-prealert-expired",
            time = hm(v.eta() + Duration::hours(EXPIRES_AFTER_ETA_HOURS)),
            hours = EXPIRES_AFTER_ETA_HOURS
        ),
    };
    Err(AppError::new(ErrorKind::Conflict, why))
}

/// People on the way in the actor's scope (at `site` only, if given), soonest first.
pub fn on_the_way(
    c: &mut DbConn,
    actor: &Actor,
    site: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Vec<View>, AppError> {
    policy::LIVE.check_role(actor)?;
    let cutoff = to_db(now - Duration::hours(EXPIRES_AFTER_ETA_HOURS));
    q::open(c, actor.scope(), cutoff, site)?
        .into_iter()
        .map(|p| view(c, p, now))
        .collect()
}

/// Turns the pre-alert into the arrival `episode_id` (in the arrival's
/// transaction): it must be open and in the officer's force.
pub(crate) fn claim(
    c: &mut DbConn,
    actor: &Actor,
    id: i64,
    episode_id: i64,
    arrived_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let p = q::find_for_update(c, id, actor.scope())?
        .ok_or_else(|| AppError::field("prealert", "case-prealert-not-yours"))?;
    let v = view(c, p, now)?;
    refuse_unless_open(&v).map_err(|e| AppError::field("prealert", e.message))?;
    q::link_arrival(c, id, episode_id, to_db(arrived_at))?;
    Ok(())
}
