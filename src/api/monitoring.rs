//! Monitoring fields in the API: the optional part of an arrival, the
//! `monitoring` object of an episode and `PUT /episodes/{reference}/monitoring`.
//! The same domain function as the pages (`domain::monitoring`).

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::ErrorBody;
use super::{ApiError, ApiUser};
use crate::domain::episodes::CaseData;
use crate::domain::monitoring::{self, Missing, Monitoring, MonitoringInput, MonitoringUpdate};
use crate::domain::rules::{
    AgeBand, Arrested, Ethnicity, Outcome, PoliceVehicleReason, Sex, Transport,
};
use crate::http::AppState;

/// About the person (Home Office return, MHSDS). Every field is optional.
#[derive(Deserialize, Serialize, ToSchema, Default, Debug, Clone)]
pub struct AboutJson {
    /// `under_18` is the flag that forbids a police station.
    pub age_band: Option<AgeBand>,
    pub sex: Option<Sex>,
    /// ONS 2021 ethnic groups, or `not_stated`.
    pub ethnicity: Option<Ethnicity>,
    /// How the person was taken to the (first) place of safety.
    pub transport: Option<Transport>,
    /// Only with `transport` `police_vehicle` (else 422 validation_failed).
    pub police_vehicle_reason: Option<PoliceVehicleReason>,
    /// The ethnic group as the officer perceived it, only where it differs
    /// from `ethnicity` (one equal to it is not kept).
    #[serde(default)]
    pub ethnicity_perceived: Option<Ethnicity>,
    /// At a police station: whether the person was arrested for an offence.
    #[serde(default)]
    pub arrested: Option<Arrested>,
}

impl AboutJson {
    pub fn input(&self) -> MonitoringInput {
        let s = |c: Option<&'static str>| c.map(str::to_string);
        MonitoringInput {
            age_band: s(self.age_band.map(AgeBand::code)),
            sex: s(self.sex.map(Sex::code)),
            ethnicity: s(self.ethnicity.map(Ethnicity::code)),
            transport: s(self.transport.map(Transport::code)),
            police_vehicle_reason: s(self.police_vehicle_reason.map(PoliceVehicleReason::code)),
            ethnicity_perceived: s(self.ethnicity_perceived.map(Ethnicity::code)),
            arrested: s(self.arrested.map(Arrested::code)),
        }
    }

    fn of(m: &Monitoring) -> Self {
        Self {
            age_band: m.age_band,
            sex: m.sex,
            ethnicity: m.ethnicity,
            transport: m.transport,
            police_vehicle_reason: m.police_vehicle_reason,
            ethnicity_perceived: m.ethnicity_perceived,
            arrested: m.arrested,
        }
    }
}

/// A monitoring field the record still lacks.
#[derive(Serialize, ToSchema, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MissingJson {
    AgeBand,
    Sex,
    Ethnicity,
    Transport,
    /// Only when `transport` is `police_vehicle`.
    PoliceVehicleReason,
    /// Recorded with the end of the detention.
    Outcome,
}

impl From<Missing> for MissingJson {
    fn from(m: Missing) -> Self {
        match m {
            Missing::AgeBand => Self::AgeBand,
            Missing::Sex => Self::Sex,
            Missing::Ethnicity => Self::Ethnicity,
            Missing::Transport => Self::Transport,
            Missing::PoliceVehicleReason => Self::PoliceVehicleReason,
            Missing::Outcome => Self::Outcome,
        }
    }
}

/// The episode's monitoring fields, and which the return still lacks.
#[derive(Serialize, ToSchema)]
pub struct MonitoringJson {
    #[serde(flatten)]
    pub fields: AboutJson,
    /// The kind of the first place of safety (stay 1).
    #[schema(value_type = crate::domain::rules::SiteKind)]
    pub first_place_of_safety_kind: String,
    /// Still to record (empty when complete or cancelled).
    pub missing: Vec<MissingJson>,
}

impl MonitoringJson {
    pub fn of(d: &CaseData) -> Self {
        Self {
            fields: AboutJson::of(&d.monitoring),
            first_place_of_safety_kind: d
                .stays
                .first()
                .map(|(_, site)| site.kind.clone())
                .unwrap_or_default(),
            missing: monitoring::missing(
                &d.monitoring,
                d.episode.outcome.as_deref().and_then(Outcome::parse),
                d.episode.cancelled_at.is_some(),
            )
            .into_iter()
            .map(MissingJson::from)
            .collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetMonitoring {
    /// The five fields as they should be: an absent or null one is cleared.
    #[serde(flatten)]
    pub fields: AboutJson,
    /// Refuse with 409 `version_conflict` if the episode has changed since.
    pub expected_version: Option<i64>,
}

/// Complete or correct the monitoring fields (officers of the episode's force,
/// health staff at a place of safety the person was taken to, managers in
/// scope). Audited with old and new values.
#[utoipa::path(put, path = "/api/v1/episodes/{reference}/monitoring", tag = "episodes", request_body = SetMonitoring,
    params(("reference" = String, Path, example = "S136-2026-000042")),
    responses((status = 200, description = "OK", body = crate::api::model::EpisodeJson), (status = 400, description = "Malformed JSON, wrong types or unknown codes (bad_request)", body = ErrorBody), (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = ErrorBody),
        (status = 403, description = "The caller's role may not do this (forbidden)", body = ErrorBody), (status = 404, description = "Unknown, or outside the caller's scope (not_found)", body = ErrorBody), (status = 409, description = "The episode changed (version_conflict)", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB (payload_too_large)", body = ErrorBody), (status = 415, description = "Body is not JSON (unsupported_media_type)", body = ErrorBody), (status = 422, description = "A rule was broken, e.g. a police-vehicle reason without a police vehicle, or a cancelled case (validation_failed, with fields)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn set(
    user: ApiUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<SetMonitoring>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let input = MonitoringUpdate {
        fields: b.fields.input(),
        expected_version: b.expected_version,
    };
    super::episodes::act(&state, &user, path.into_inner(), move |c, actor, r, now| {
        monitoring::update(c, actor, r, &input, now)
    })
    .await
}
