//! Safeguards of the record: the power used (s136, or a s135(1) warrant) and
//! where, the police-station rules (never for under-18s, s136A MHA 1983; for
//! adults only with an inspector's authorisation and the conditions of
//! SI 2017/1036 reg 2) and the health checks at least every 30 minutes while
//! the person is held there (SI 2017/1036 reg 4).

use crate::domain::lang::Msg;
use chrono::{DateTime, Utc};
use serde_json::json;

use super::auth::Actor;
use super::case::{Audit, AuditAction, Entity, write_audit};
use super::rules::{AgeBand, EpisodeKind, HealthConsulted, LocationType, SiteKind};
use super::time::{from_db, to_db};
use super::types::{CollarNumber, optional_text};
use crate::db::safeguards::{self as sq, Authorisation, HealthCheck, NewAuthorisation, Power};
use crate::db::{DbConn, orgs};
use crate::error::{AppError, FieldErrors};

mod health_checks;
mod power;

pub use health_checks::*;
pub use power::*;

/// Why the person may not be (or stay) at a police station, or `None` when the
/// age band allows it. Only a known adult band allows it: under-18s never
/// (s136A MHA 1983), and an unknown age cannot show the person is an adult.
pub fn police_station_age_error(age_band: Option<AgeBand>) -> Option<Msg> {
    match age_band {
        Some(AgeBand::Under18) => Some(Msg::new("case-ps-under-18")),
        None | Some(AgeBand::NotKnown) => Some(Msg::new("case-ps-age-choose")),
        Some(_) => None,
    }
}

/// Whether the person is held at a police station now: the current stay is at
/// one and has not been left, and the detention is live.
pub(crate) fn held_at_police_station(
    c: &mut DbConn,
    case: &super::case::Case,
) -> Result<bool, AppError> {
    if case.episode.cancelled_at.is_some() || case.episode.ended_at.is_some() {
        return Ok(false);
    }
    let stay = case.current();
    Ok(stay.departed_at.is_none() && is_police_station(&orgs::site_by_id(c, stay.site_id)?))
}

pub fn is_police_station(site: &orgs::Site) -> bool {
    SiteKind::parse(&site.kind) == Some(SiteKind::PoliceStation)
}

/// The message for a detention location type that is not on the list.
pub const PRIVATE_DWELLING: &str = "case-private-dwelling";

/// A location type code: `public_place` or `other_non_dwelling`. A private
/// dwelling (or any other code) is refused with the rule of s136(1).
pub fn parse_location_type(code: &str) -> Result<LocationType, Msg> {
    LocationType::parse(code.trim()).ok_or_else(|| Msg::new(PRIVATE_DWELLING))
}

/// Reads an optional age band code.
pub fn parse_age_band(raw: Option<&str>, errors: &mut FieldErrors) -> Option<AgeBand> {
    match raw.map(str::trim) {
        None | Some("") => None,
        Some(code) => {
            let band = AgeBand::parse(code);
            if band.is_none() {
                errors.add("age_band", "case-ps-age-from-list");
            }
            band
        }
    }
}

/// What the officer gives when the place of safety is a police station.
#[derive(Debug, Clone, Default)]
pub struct PoliceStationInput {
    /// The inspector (or above) who authorised it.
    pub inspector_name: Option<String>,
    pub inspector_collar: Option<String>,
    /// Imminent risk of serious injury or death.
    pub imminent_risk: bool,
    /// No other place of safety in the force area can reasonably be used.
    pub no_other_place: bool,
    /// `consulted` or `not_practicable`.
    pub health_consulted: Option<String>,
    /// Required when not practicable.
    pub not_consulted_reason: Option<String>,
}

/// A checked police-station authorisation.
#[derive(Debug, Clone)]
pub struct ValidAuthorisation {
    pub inspector_name: String,
    pub inspector_collar: CollarNumber,
    pub health_consulted: HealthConsulted,
    pub not_consulted_reason: Option<String>,
}

/// Checks a police-station stay: an adult age band (s136A) and the
/// authorisation with each condition of SI 2017/1036 reg 2, each missing item
/// with its own message.
pub fn check_police_station(
    age_band: Option<AgeBand>,
    input: &PoliceStationInput,
    errors: &mut FieldErrors,
) -> Option<ValidAuthorisation> {
    if let Some(m) = police_station_age_error(age_band) {
        let field = if age_band == Some(AgeBand::Under18) {
            "site"
        } else {
            "age_band"
        };
        errors.add(field, m);
    }
    let name = match optional_text(
        input.inspector_name.as_deref(),
        100,
        crate::domain::lang::Msg::new("case-what-inspector-name"),
    ) {
        Ok(Some(n)) => Some(n),
        Ok(None) => {
            errors.add("inspector_name", "case-ps-inspector-name");
            None
        }
        Err(m) => {
            errors.add("inspector_name", m);
            None
        }
    };
    let collar = match input.inspector_collar.as_deref().map(str::trim) {
        None | Some("") => {
            errors.add("inspector_collar", "case-ps-inspector-collar");
            None
        }
        Some(raw) => CollarNumber::parse(raw)
            .map_err(|_| errors.add("inspector_collar", "case-ps-inspector-collar-format"))
            .ok(),
    };
    if !input.imminent_risk {
        errors.add("imminent_risk", "case-ps-imminent-risk");
    }
    if !input.no_other_place {
        errors.add("no_other_place", "case-ps-no-other-place");
    }
    let consulted = match input.health_consulted.as_deref().map(str::trim) {
        None | Some("") => {
            errors.add("health_consulted", "case-ps-consulted-say");
            None
        }
        Some(code) => {
            let c = HealthConsulted::parse(code);
            if c.is_none() {
                errors.add("health_consulted", "case-ps-consulted-from-list");
            }
            c
        }
    };
    let reason = optional_text(
        input.not_consulted_reason.as_deref(),
        500,
        crate::domain::lang::Msg::new("case-what-reason"),
    )
    .unwrap_or_else(|m| {
        errors.add("not_consulted_reason", m);
        None
    });
    if consulted == Some(HealthConsulted::NotPracticable) && reason.is_none() {
        errors.add("not_consulted_reason", "case-ps-not-consulted-reason");
    }
    let (Some(inspector_name), Some(inspector_collar), Some(health_consulted)) =
        (name, collar, consulted)
    else {
        return None;
    };
    (input.imminent_risk && input.no_other_place).then(|| ValidAuthorisation {
        inspector_name,
        inspector_collar,
        health_consulted,
        not_consulted_reason: (health_consulted == HealthConsulted::NotPracticable)
            .then_some(reason)
            .flatten(),
    })
}

/// Writes the power (and the age band) of a just-inserted episode, and the
/// authorisation of its first stay when that is at a police station.
pub(crate) fn record_at_arrival(
    c: &mut DbConn,
    actor: &Actor,
    episode_id: i64,
    power: &ValidPower,
    authorisation: Option<&ValidAuthorisation>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    sq::set_power(
        c,
        episode_id,
        &sq::NewPower {
            kind: power.kind.code(),
            location_type: power.location_type.map(LocationType::code),
            warrant_at: power.warrant_at.map(to_db),
            amhp_name: power.amhp_name.as_deref(),
        },
    )?;
    if let Some(a) = authorisation {
        let stay_id = sq::stay_id(c, episode_id, 1)?;
        insert_authorisation(c, actor, episode_id, stay_id, a, now)?;
    }
    Ok(())
}

pub(crate) fn insert_authorisation(
    c: &mut DbConn,
    actor: &Actor,
    episode_id: i64,
    stay_id: i64,
    a: &ValidAuthorisation,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    sq::insert_authorisation(
        c,
        &NewAuthorisation {
            stay_id,
            episode_id,
            inspector_name: &a.inspector_name,
            inspector_collar: a.inspector_collar.as_str(),
            health_consulted: a.health_consulted.code(),
            not_consulted_reason: a.not_consulted_reason.as_deref(),
            recorded_by: actor.user_id,
            created_at: to_db(now),
        },
    )?;
    write_audit(
        c,
        actor,
        now,
        episode_id,
        Audit::new(
            AuditAction::PoliceStationAuthorised,
            Entity::Stay(stay_id),
            json!({
                "inspector_name": a.inspector_name,
                "inspector_collar": a.inspector_collar.as_str(),
                "imminent_risk": true,
                "no_other_place": true,
                "health_consulted": a.health_consulted.code(),
                "not_consulted_reason": a.not_consulted_reason,
            }),
        ),
    )
}

/// The police-station check of a transfer to `site`: `None` when the site is
/// not a police station. The age band is the one given now, else the
/// episode's.
pub(crate) fn check_transfer(
    c: &mut DbConn,
    episode_id: i64,
    site: &orgs::Site,
    age_band: Option<&str>,
    input: &PoliceStationInput,
    errors: &mut FieldErrors,
) -> Result<Option<StationTransfer>, AppError> {
    if !is_police_station(site) {
        return Ok(None);
    }
    let given = parse_age_band(age_band, errors);
    let stored = sq::power_of(c, episode_id)?
        .age_band
        .as_deref()
        .and_then(AgeBand::parse);
    // A stored under-18 flag cannot be overridden by a transfer.
    let band = if stored == Some(AgeBand::Under18) {
        stored
    } else {
        given.or(stored)
    };
    let authorisation = check_police_station(band, input, errors);
    Ok(Some(StationTransfer {
        age_band: given,
        authorisation,
    }))
}

/// A checked transfer to a police station: the age band given with it (kept
/// on the episode) and the authorisation (`None` only when refused).
pub(crate) struct StationTransfer {
    age_band: Option<AgeBand>,
    authorisation: Option<ValidAuthorisation>,
}

/// After a transfer to a police station: the age band given and the
/// authorisation of the new stay.
pub(crate) fn record_transfer(
    c: &mut DbConn,
    actor: &Actor,
    episode_id: i64,
    seq: i32,
    checked: StationTransfer,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if let Some(b) = checked.age_band {
        let before = sq::power_of(c, episode_id)?.age_band;
        sq::set_age_band(c, episode_id, b.code())?;
        write_audit(
            c,
            actor,
            now,
            episode_id,
            Audit::new(
                AuditAction::AgeBandRecorded,
                Entity::Episode(episode_id),
                json!({ "age_band": b.code() }),
            )
            .with_before(json!({ "age_band": before })),
        )?;
    }
    let Some(a) = checked.authorisation else {
        return Err(AppError::internal(anyhow::anyhow!(
            "validated police-station transfer lacks its authorisation"
        )));
    };
    let stay_id = sq::stay_id(c, episode_id, seq)?;
    insert_authorisation(c, actor, episode_id, stay_id, &a, now)
}

/// The safeguard data of an episode, loaded with it.
#[derive(Debug, Clone, Default)]
pub struct Safeguards {
    pub power: Option<Power>,
    pub authorisations: Vec<Authorisation>,
    /// In time order.
    pub checks: Vec<HealthCheck>,
}

impl Safeguards {
    pub fn kind(&self) -> EpisodeKind {
        self.power
            .as_ref()
            .and_then(|p| EpisodeKind::parse(&p.kind))
            .unwrap_or(EpisodeKind::S136)
    }
    pub fn location_type(&self) -> Option<LocationType> {
        self.power
            .as_ref()
            .and_then(|p| p.location_type.as_deref())
            .and_then(LocationType::parse)
    }
    pub fn warrant_at(&self) -> Option<DateTime<Utc>> {
        self.power.as_ref().and_then(|p| p.warrant_at).map(from_db)
    }
    pub fn amhp_name(&self) -> Option<&str> {
        self.power.as_ref().and_then(|p| p.amhp_name.as_deref())
    }
    pub fn authorisation(&self, stay_id: i64) -> Option<&Authorisation> {
        self.authorisations.iter().find(|a| a.stay_id == stay_id)
    }
    pub fn checks_of(&self, stay_id: i64) -> impl Iterator<Item = &HealthCheck> {
        self.checks.iter().filter(move |h| h.stay_id == stay_id)
    }
}

/// Safeguards of several episodes in three queries.
pub struct Loaded {
    powers: Vec<Power>,
    authorisations: Vec<Authorisation>,
    checks: Vec<HealthCheck>,
}

impl Loaded {
    pub fn load(c: &mut DbConn, ids: &[i64]) -> Result<Self, AppError> {
        Ok(Self {
            powers: sq::powers_of_many(c, ids)?,
            authorisations: sq::authorisations_of_many(c, ids)?,
            checks: sq::checks_of_many(c, ids)?,
        })
    }
    pub fn take(&mut self, episode_id: i64) -> Safeguards {
        Safeguards {
            power: self
                .powers
                .iter()
                .position(|p| p.id == episode_id)
                .map(|i| self.powers.swap_remove(i)),
            authorisations: self
                .authorisations
                .extract_if(.., |a| a.episode_id == episode_id)
                .collect(),
            checks: self
                .checks
                .extract_if(.., |h| h.episode_id == episode_id)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn only_known_adults_may_be_at_a_police_station() {
        assert!(
            crate::i18n::en(&police_station_age_error(Some(AgeBand::Under18)).unwrap())
                .contains("section 136A")
        );
        assert!(police_station_age_error(None).is_some());
        assert!(police_station_age_error(Some(AgeBand::NotKnown)).is_some());
        for b in AgeBand::ALL
            .iter()
            .filter(|b| !matches!(b, AgeBand::Under18 | AgeBand::NotKnown))
        {
            assert_eq!(police_station_age_error(Some(*b)), None, "{b}");
        }
    }

    #[test]
    fn private_dwelling_is_refused_with_the_rule() {
        assert_eq!(
            parse_location_type("public_place"),
            Ok(LocationType::PublicPlace)
        );
        for bad in ["private_dwelling", "garden", ""] {
            assert!(crate::i18n::en(&parse_location_type(bad).unwrap_err()).contains("136(1)"));
        }
    }

    #[test]
    fn next_check_is_due_30_minutes_after_the_last_or_arrival() {
        let arrived = t("2026-11-20T12:00:00Z");
        let c = CheckClock::new(arrived, None, t("2026-11-20T12:30:00Z"));
        assert_eq!(c.next_due_at, t("2026-11-20T12:30:00Z"));
        assert!(!c.overdue, "30:00 exactly is on time");
        assert!(CheckClock::new(arrived, None, t("2026-11-20T12:30:01Z")).overdue);
        let last = Some((t("2026-11-20T12:20:00Z"), "Nurse".to_string()));
        let c = CheckClock::new(arrived, last, t("2026-11-20T12:45:00Z"));
        assert_eq!(c.next_due_at, t("2026-11-20T12:50:00Z"));
        assert!(!c.overdue);
        assert_eq!(
            crate::i18n::en(&c.message()),
            "Next health check due by 12:50 (in 0h 05m)"
        );
    }

    #[test]
    fn check_clock_across_the_clocks_going_back() {
        // 01:45 BST on 25 Oct 2026 is 00:45 UTC; 30 minutes later is 01:15 GMT.
        let arrived = t("2026-10-25T01:45:00+01:00");
        let c = CheckClock::new(arrived, None, t("2026-10-25T01:16:00Z"));
        assert_eq!(c.next_due_at, t("2026-10-25T01:15:00Z"));
        assert!(c.overdue);
        assert_eq!(
            crate::i18n::en(&c.message()),
            "Health check overdue: due 01:15 GMT (0h 01m ago)"
        );
    }
}
