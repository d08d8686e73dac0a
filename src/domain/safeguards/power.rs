//! The power used: s136 (and where) or a s135(1) warrant.

use crate::msg;
use chrono::{DateTime, Utc};
use serde_json::json;

use super::*;
use crate::db::DbConn;
use crate::db::safeguards::{self as sq};
use crate::domain::auth::Actor;
use crate::domain::case::{Audit, AuditAction, Entity, act};
use crate::domain::policy;
use crate::domain::rules::{EpisodeKind, LocationType, TimeField};
use crate::domain::time::{SKEW, hm};
use crate::domain::types::optional_text;
use crate::error::{AppError, FieldErrors};

/// What the officer says about the power used at arrival.
#[derive(Debug, Clone, Default)]
pub struct PowerInput {
    /// `s136` (the default) or `s135`.
    pub kind: Option<String>,
    /// s135: when the warrant was executed.
    pub warrant_at: Option<DateTime<Utc>>,
    /// s135: the approved mental health professional.
    pub amhp_name: Option<String>,
    /// s136: `public_place` or `other_non_dwelling`; optional.
    pub location_type: Option<String>,
}

/// A checked power.
#[derive(Debug, Clone)]
pub struct ValidPower {
    pub kind: EpisodeKind,
    pub location_type: Option<LocationType>,
    pub warrant_at: Option<DateTime<Utc>>,
    pub amhp_name: Option<String>,
}

/// s136 needs nothing more (its location type is optional, and never a
/// private dwelling); s135 needs the time the warrant was executed (not in the
/// future, not after arrival) and the AMHP's name.
pub fn check_power(
    input: &PowerInput,
    arrived_at: DateTime<Utc>,
    now: DateTime<Utc>,
    errors: &mut FieldErrors,
) -> ValidPower {
    let kind = match input.kind.as_deref().map(str::trim) {
        None | Some("") => EpisodeKind::S136,
        Some(code) => EpisodeKind::parse(code).unwrap_or_else(|| {
            errors.add("kind", "case-power-choose");
            EpisodeKind::S136
        }),
    };
    match kind {
        EpisodeKind::S136 => {
            let location_type = match input.location_type.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(code) => parse_location_type(code)
                    .map_err(|m| errors.add("location_type", m))
                    .ok(),
            };
            ValidPower {
                kind,
                location_type,
                warrant_at: None,
                amhp_name: None,
            }
        }
        EpisodeKind::S135 => {
            let warrant_at = match input.warrant_at {
                None => {
                    errors.add("warrant_at", "case-warrant-enter");
                    None
                }
                Some(w) if w > now + SKEW => {
                    errors.add("warrant_at", msg!("case-warrant-future", time = hm(now)));
                    None
                }
                Some(w)
                    if w < crate::domain::timeline::earliest_allowed(now, TimeField::WarrantAt) =>
                {
                    errors.add("warrant_at", "case-warrant-too-early");
                    None
                }
                Some(w) if w > arrived_at => {
                    errors.add(
                        "warrant_at",
                        msg!("case-warrant-after-arrival", time = hm(arrived_at)),
                    );
                    None
                }
                Some(w) => Some(w),
            };
            let amhp_name = match optional_text(
                input.amhp_name.as_deref(),
                100,
                crate::domain::lang::Msg::new("case-what-amhp-name"),
            ) {
                Ok(Some(n)) => Some(n),
                Ok(None) => {
                    errors.add("amhp_name", "case-warrant-amhp-name");
                    None
                }
                Err(m) => {
                    errors.add("amhp_name", m);
                    None
                }
            };
            ValidPower {
                kind,
                location_type: None,
                warrant_at,
                amhp_name,
            }
        }
    }
}

/// Sets (or changes) the s136 detention location type later (officers of the
/// force). Refused for s135 episodes and for a private dwelling.
pub fn set_location_type(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    code: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    act(
        conn,
        actor,
        reference,
        &policy::LOCATION_TYPE,
        None,
        now,
        |c, case| {
            let power = sq::power_of(c, case.id())?;
            if EpisodeKind::parse(&power.kind) == Some(EpisodeKind::S135) {
                return Err(AppError::field("location_type", "case-location-s135"));
            }
            let location = match code.map(str::trim) {
                None | Some("") => Err(crate::domain::lang::Msg::new("case-location-choose")),
                Some(code) => parse_location_type(code),
            }
            .map_err(|m| AppError::field("location_type", m))?;
            sq::set_location_type(c, case.id(), location.code())?;
            let audit = Audit::new(
                AuditAction::LocationTypeSet,
                Entity::Episode(case.id()),
                json!({ "location_type": location.code() }),
            )
            .with_before(json!({ "location_type": power.location_type }));
            Ok(((), Some(audit)))
        },
    )
}
