//! Monitoring fields (Home Office annual data requirement, MHSDS): age band,
//! sex, ethnicity, transport to the place of safety and why a police vehicle
//! was used. All optional when the arrival is logged, completable later by the
//! officer, health staff or a manager in scope; the case page and the API list
//! what is still missing. One validation ([`read`]) serves the arrival, the
//! edit page and the API.

use crate::domain::lang::Msg;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::auth::Actor;
use super::case::{Audit, AuditAction, Entity, act};
use super::policy;
use super::rules::{
    AgeBand, Arrested, Ethnicity, Outcome, PoliceVehicleReason, Sex, SiteKind, Transport,
};
use crate::db::DbConn;
use crate::db::monitoring::{self as m, MonitoringCodes, MonitoringRow};
use crate::error::{AppError, FieldErrors};

/// The fields as sent: codes, blank or absent meaning not recorded.
#[derive(Debug, Clone, Default)]
pub struct MonitoringInput {
    pub age_band: Option<String>,
    pub sex: Option<String>,
    pub ethnicity: Option<String>,
    pub transport: Option<String>,
    pub police_vehicle_reason: Option<String>,
    pub ethnicity_perceived: Option<String>,
    pub arrested: Option<String>,
}

/// The fields, read and checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Monitoring {
    pub age_band: Option<AgeBand>,
    pub sex: Option<Sex>,
    pub ethnicity: Option<Ethnicity>,
    pub transport: Option<Transport>,
    pub police_vehicle_reason: Option<PoliceVehicleReason>,
    /// The ethnic group as the officer perceived it, where it differs from
    /// the person's own (the Home Office asks for both).
    pub ethnicity_perceived: Option<Ethnicity>,
    /// At a police station: whether the person was arrested for an offence.
    pub arrested: Option<Arrested>,
}

/// The form field (and API property) of the police-vehicle reason.
pub const REASON_FIELD: &str = "police_vehicle_reason";

fn code<T>(
    raw: Option<&str>,
    parse: fn(&str) -> Option<T>,
    field: &str,
    what: &'static str,
    errors: &mut FieldErrors,
) -> Option<T> {
    match raw.map(str::trim) {
        None | Some("") => None,
        Some(c) => {
            let v = parse(c);
            if v.is_none() {
                errors.add(
                    field,
                    crate::msg!("case-mon-from-list", what = Msg::new(what)),
                );
            }
            v
        }
    }
}

/// Reads the fields: each a code from its list or nothing; a reason for using
/// a police vehicle only when the person was taken in one.
///
/// Rules that depend on the case (a person under 18 is never taken to or kept
/// at a police station, s136A) are checked by the caller, which knows where
/// the person is: see [`update`].
pub fn read(input: &MonitoringInput, errors: &mut FieldErrors) -> Monitoring {
    let out = Monitoring {
        age_band: code(
            input.age_band.as_deref(),
            AgeBand::parse,
            "age_band",
            "case-mon-what-age",
            errors,
        ),
        sex: code(
            input.sex.as_deref(),
            Sex::parse,
            "sex",
            "case-mon-what-sex",
            errors,
        ),
        ethnicity: code(
            input.ethnicity.as_deref(),
            Ethnicity::parse,
            "ethnicity",
            "case-mon-what-ethnicity",
            errors,
        ),
        transport: code(
            input.transport.as_deref(),
            Transport::parse,
            "transport",
            "case-mon-what-transport",
            errors,
        ),
        police_vehicle_reason: code(
            input.police_vehicle_reason.as_deref(),
            PoliceVehicleReason::parse,
            REASON_FIELD,
            "case-mon-what-vehicle",
            errors,
        ),
        ethnicity_perceived: code(
            input.ethnicity_perceived.as_deref(),
            Ethnicity::parse,
            "ethnicity_perceived",
            "case-mon-what-perceived",
            errors,
        ),
        arrested: code(
            input.arrested.as_deref(),
            Arrested::parse,
            "arrested",
            "case-mon-what-arrested",
            errors,
        ),
    };
    // Recorded only where it differs: the same group twice says nothing more.
    let out = Monitoring {
        ethnicity_perceived: out
            .ethnicity_perceived
            .filter(|p| Some(*p) != out.ethnicity),
        ..out
    };
    if out.police_vehicle_reason.is_some() && out.transport != Some(Transport::PoliceVehicle) {
        errors.add(REASON_FIELD, "case-mon-vehicle-reason-only");
    }
    out
}

impl Monitoring {
    pub fn codes(&self) -> MonitoringCodes<'static> {
        MonitoringCodes {
            age_band: self.age_band.map(AgeBand::code),
            sex: self.sex.map(Sex::code),
            ethnicity: self.ethnicity.map(Ethnicity::code),
            transport: self.transport.map(Transport::code),
            police_vehicle_reason: self.police_vehicle_reason.map(PoliceVehicleReason::code),
            ethnicity_perceived: self.ethnicity_perceived.map(Ethnicity::code),
            arrested: self.arrested.map(Arrested::code),
        }
    }

    /// What is stored (codes the database accepted; anything else is dropped).
    pub fn of_row(r: &MonitoringRow) -> Self {
        Self {
            age_band: r.age_band.as_deref().and_then(AgeBand::parse),
            sex: r.sex.as_deref().and_then(Sex::parse),
            ethnicity: r.ethnicity.as_deref().and_then(Ethnicity::parse),
            transport: r.transport.as_deref().and_then(Transport::parse),
            police_vehicle_reason: r
                .police_vehicle_reason
                .as_deref()
                .and_then(PoliceVehicleReason::parse),
            ethnicity_perceived: r.ethnicity_perceived.as_deref().and_then(Ethnicity::parse),
            arrested: r.arrested.as_deref().and_then(Arrested::parse),
        }
    }

    /// For the audit trail.
    pub fn to_json(self) -> Value {
        let c = self.codes();
        json!({
            "age_band": c.age_band,
            "sex": c.sex,
            "ethnicity": c.ethnicity,
            "transport": c.transport,
            "police_vehicle_reason": c.police_vehicle_reason,
            "ethnicity_perceived": c.ethnicity_perceived,
            "arrested": c.arrested,
        })
    }
}

/// A monitoring field the record still lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    AgeBand,
    Sex,
    Ethnicity,
    Transport,
    PoliceVehicleReason,
    /// Recorded with the end of the detention.
    Outcome,
}

impl Missing {
    pub fn code(self) -> &'static str {
        match self {
            Self::AgeBand => "age_band",
            Self::Sex => "sex",
            Self::Ethnicity => "ethnicity",
            Self::Transport => "transport",
            Self::PoliceVehicleReason => "police_vehicle_reason",
            Self::Outcome => "outcome",
        }
    }
    /// The catalogue key of its name.
    pub fn label(self) -> &'static str {
        match self {
            Self::AgeBand => "case-about-age",
            Self::Sex => "case-about-sex",
            Self::Ethnicity => "case-about-ethnicity",
            Self::Transport => "case-about-transport",
            Self::PoliceVehicleReason => "case-missing-vehicle-reason",
            Self::Outcome => "case-missing-outcome",
        }
    }
}

/// What the record still lacks for the Home Office return: the five fields
/// (the reason only when a police vehicle was used) and the outcome, which
/// comes with the end of the detention. Nothing for a cancelled case.
pub fn missing(m: &Monitoring, outcome: Option<Outcome>, cancelled: bool) -> Vec<Missing> {
    if cancelled {
        return Vec::new();
    }
    let mut out = Vec::new();
    if m.age_band.is_none() {
        out.push(Missing::AgeBand);
    }
    if m.sex.is_none() {
        out.push(Missing::Sex);
    }
    if m.ethnicity.is_none() {
        out.push(Missing::Ethnicity);
    }
    if m.transport.is_none() {
        out.push(Missing::Transport);
    }
    if m.transport == Some(Transport::PoliceVehicle) && m.police_vehicle_reason.is_none() {
        out.push(Missing::PoliceVehicleReason);
    }
    if outcome.is_none() {
        out.push(Missing::Outcome);
    }
    out
}

/// The type of the first place of safety as the Home Office return groups
/// it: a catalogue key.
pub fn first_place_label(kind: SiteKind) -> &'static str {
    match kind {
        SiteKind::MentalHealthUnit => "case-first-health-based",
        SiteKind::EmergencyDepartment => "case-first-ed",
        SiteKind::PoliceStation => "case-first-police-station",
        SiteKind::PrivateHome => "case-first-private-home",
        SiteKind::Other => "case-first-other",
    }
}

/// "Age band: not recorded to 25 to 34. Sex: ..." from an audit row's old and
/// new values, for the case timeline.
pub fn changes_in_words(before: Option<&str>, after: Option<&str>) -> Vec<Msg> {
    let parse = |s: Option<&str>| -> Monitoring {
        let v: Value = s
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default();
        let f = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let mut ignored = FieldErrors::default();
        read(
            &MonitoringInput {
                age_band: f("age_band"),
                sex: f("sex"),
                ethnicity: f("ethnicity"),
                transport: f("transport"),
                police_vehicle_reason: f("police_vehicle_reason"),
                ethnicity_perceived: f("ethnicity_perceived"),
                arrested: f("arrested"),
            },
            &mut ignored,
        )
    };
    let (old, new) = (parse(before), parse(after));
    let words = |l: Option<&'static str>| Msg::new(l.unwrap_or("case-mon-not-recorded"));
    let mut out = Vec::new();
    let mut change = |what: &'static str, o: Option<&'static str>, n: Option<&'static str>| {
        if o != n {
            out.push(crate::msg!(
                "case-mon-change",
                what = Msg::new(what),
                old = words(o),
                new = words(n)
            ));
        }
    };
    change(
        "case-mon-age",
        old.age_band.map(AgeBand::label),
        new.age_band.map(AgeBand::label),
    );
    change(
        "case-mon-sex",
        old.sex.map(Sex::label),
        new.sex.map(Sex::label),
    );
    change(
        "case-mon-ethnicity",
        old.ethnicity.map(Ethnicity::label),
        new.ethnicity.map(Ethnicity::label),
    );
    change(
        "case-mon-transport",
        old.transport.map(Transport::label),
        new.transport.map(Transport::label),
    );
    change(
        "case-mon-vehicle",
        old.police_vehicle_reason.map(PoliceVehicleReason::label),
        new.police_vehicle_reason.map(PoliceVehicleReason::label),
    );
    change(
        "case-mon-perceived",
        old.ethnicity_perceived.map(Ethnicity::label),
        new.ethnicity_perceived.map(Ethnicity::label),
    );
    change(
        "case-mon-arrested",
        old.arrested.map(Arrested::label),
        new.arrested.map(Arrested::label),
    );
    out
}

#[derive(Debug, Clone, Default)]
pub struct MonitoringUpdate {
    /// The fields as they should be: a blank or absent one is cleared.
    pub fields: MonitoringInput,
    pub expected_version: Option<i64>,
}

/// Completes or corrects the monitoring fields: the force's officers, health
/// staff at a place of safety the person was taken to, managers in scope.
/// Audited with the old and new values; nothing is written when nothing changed.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    reference: &str,
    input: &MonitoringUpdate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let p = &policy::MONITORING;
    act(
        conn,
        actor,
        reference,
        p,
        input.expected_version,
        now,
        |c, case| {
            let mut errors = FieldErrors::default();
            let new = read(&input.fields, &mut errors);
            // Under-18s may never be kept at a police station (s136A).
            if super::safeguards::held_at_police_station(c, case)?
                && let Some(msg) = super::safeguards::police_station_age_error(new.age_band)
            {
                errors.add("age_band", msg);
            }
            errors.into_result()?;
            let old = m::of_many(c, &[case.id()])?
                .first()
                .map(Monitoring::of_row)
                .unwrap_or_default();
            if old == new {
                return Ok(((), None));
            }
            m::set(c, case.id(), &new.codes())?;
            let audit = Audit::new(
                AuditAction::MonitoringUpdated,
                Entity::Episode(case.id()),
                new.to_json(),
            )
            .with_before(old.to_json());
            Ok(((), Some(audit)))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(pairs: &[(&str, &str)]) -> MonitoringInput {
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(f, _)| *f == k)
                .map(|(_, v)| v.to_string())
        };
        MonitoringInput {
            age_band: get("age_band"),
            sex: get("sex"),
            ethnicity: get("ethnicity"),
            transport: get("transport"),
            police_vehicle_reason: get("police_vehicle_reason"),
            ethnicity_perceived: get("ethnicity_perceived"),
            arrested: get("arrested"),
        }
    }

    #[test]
    fn all_optional_and_blank_means_not_recorded() {
        let mut e = FieldErrors::default();
        assert_eq!(read(&input(&[]), &mut e), Monitoring::default());
        assert_eq!(
            read(&input(&[("sex", " "), ("transport", "")]), &mut e),
            Monitoring::default()
        );
        assert!(e.is_empty());
    }

    #[test]
    fn codes_come_from_the_lists() {
        let mut e = FieldErrors::default();
        let m = read(
            &input(&[
                ("age_band", "under_18"),
                ("sex", "female"),
                ("ethnicity", "white_roma"),
                ("transport", "police_vehicle"),
                ("police_vehicle_reason", "ambulance_unavailable"),
            ]),
            &mut e,
        );
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(m.age_band, Some(AgeBand::Under18));
        assert_eq!(
            m.police_vehicle_reason,
            Some(PoliceVehicleReason::AmbulanceUnavailable)
        );
        let mut e = FieldErrors::default();
        read(
            &input(&[
                ("age_band", "17"),
                ("sex", "x"),
                ("ethnicity", "white"),
                ("transport", "taxi"),
                ("police_vehicle_reason", "bored"),
            ]),
            &mut e,
        );
        assert_eq!(
            e.english("age_band").as_deref(),
            Some("Choose the age band from the list")
        );
        for f in ["sex", "ethnicity", "transport", "police_vehicle_reason"] {
            assert!(e.english(f).unwrap().contains("from the list"), "{f}");
        }
    }

    #[test]
    fn a_reason_needs_a_police_vehicle() {
        for transport in [None, Some("ambulance"), Some("other"), Some("unknown")] {
            let mut pairs = vec![("police_vehicle_reason", "risk_or_violence")];
            if let Some(t) = transport {
                pairs.push(("transport", t));
            }
            let mut e = FieldErrors::default();
            read(&input(&pairs), &mut e);
            assert!(
                e.english(REASON_FIELD).unwrap().contains("police vehicle"),
                "{transport:?}"
            );
        }
    }

    #[test]
    fn missing_lists_what_the_return_needs() {
        let none = Monitoring::default();
        let codes = |v: Vec<Missing>| v.into_iter().map(Missing::code).collect::<Vec<_>>();
        assert_eq!(
            codes(missing(&none, None, false)),
            ["age_band", "sex", "ethnicity", "transport", "outcome"]
        );
        assert!(missing(&none, None, true).is_empty());
        let police = Monitoring {
            age_band: Some(AgeBand::From25To34),
            sex: Some(Sex::Male),
            ethnicity: Some(Ethnicity::NotStated),
            transport: Some(Transport::PoliceVehicle),
            police_vehicle_reason: None,
            ..Default::default()
        };
        assert_eq!(
            codes(missing(&police, Some(Outcome::DetainedS2), false)),
            ["police_vehicle_reason"]
        );
        let done = Monitoring {
            police_vehicle_reason: Some(PoliceVehicleReason::Unknown),
            ..police
        };
        assert!(missing(&done, Some(Outcome::DetainedS2), false).is_empty());
    }
}
