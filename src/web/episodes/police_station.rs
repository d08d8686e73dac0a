//! The police-station fields shared by the arrival and transfer forms.

use serde::Deserialize;

use crate::db::orgs::Site;
use crate::domain::rules::{AgeBand, HealthConsulted};
use crate::domain::safeguards::{PoliceStationInput, is_police_station};
use crate::error::FieldErrors;

#[derive(Deserialize, Default, Clone, Debug)]
#[serde(default)]
pub struct PoliceStationForm {
    pub age_band: String,
    pub inspector_name: String,
    pub inspector_collar: String,
    /// "yes" when ticked.
    pub imminent_risk: String,
    pub no_other_place: String,
    pub health_consulted: String,
    pub not_consulted_reason: String,
}

/// The fields the police-station section shows errors for.
const FIELDS: [&str; 7] = [
    "age_band",
    "inspector_name",
    "inspector_collar",
    "imminent_risk",
    "no_other_place",
    "health_consulted",
    "not_consulted_reason",
];

pub const AGE_BANDS: &[AgeBand] = AgeBand::ALL;
pub const CONSULTED: &[HealthConsulted] = HealthConsulted::ALL;

impl PoliceStationForm {
    pub fn input(&self) -> PoliceStationInput {
        PoliceStationInput {
            inspector_name: Some(self.inspector_name.clone()),
            inspector_collar: Some(self.inspector_collar.clone()),
            imminent_risk: self.imminent_risk == "yes",
            no_other_place: self.no_other_place == "yes",
            health_consulted: Some(self.health_consulted.clone()),
            not_consulted_reason: Some(self.not_consulted_reason.clone()),
        }
    }

    pub fn age_band(&self) -> Option<String> {
        Some(self.age_band.clone())
    }
}

/// Open the section when the chosen site is a police station or it has errors.
pub fn section_open(site_code: &str, sites: &[Site], errors: &FieldErrors) -> bool {
    FIELDS.iter().any(|f| errors.get(f).is_some())
        || sites
            .iter()
            .any(|s| s.code == site_code && is_police_station(s))
}
