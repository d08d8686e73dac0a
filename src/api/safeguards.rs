//! Safeguard endpoints and JSON: police-station authorisations, health checks
//! at a police station and the s136 detention location type.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use super::episodes::{act, utc};
use super::{ApiError, ApiUser};
use crate::db::safeguards::{Authorisation, HealthCheck};
use crate::domain::rules::HealthConsulted;
use crate::domain::safeguards::{
    HealthCheckInput, PoliceStationInput, record_health_check, set_location_type,
};
use crate::domain::time::from_db;
use crate::http::AppState;

/// The authorisation of a police-station stay (SI 2017/1036 reg 2), sent with
/// an arrival at or a transfer to a police station. Each missing item is a
/// field error of its own.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct PoliceStationJson {
    /// The inspector (or above) who authorised it.
    pub inspector_name: Option<String>,
    pub inspector_collar: Option<String>,
    /// Must be true: the person's behaviour poses an imminent risk of serious injury or death.
    pub imminent_risk: bool,
    /// Must be true: no other place of safety in the force area can reasonably be used.
    pub no_other_place: bool,
    /// `consulted` or `not_practicable`.
    #[schema(value_type = Option<HealthConsulted>)]
    pub health_consulted: Option<String>,
    /// Required when `health_consulted` is `not_practicable`.
    pub not_consulted_reason: Option<String>,
}

impl From<PoliceStationJson> for PoliceStationInput {
    fn from(p: PoliceStationJson) -> Self {
        Self {
            inspector_name: p.inspector_name,
            inspector_collar: p.inspector_collar,
            imminent_risk: p.imminent_risk,
            no_other_place: p.no_other_place,
            health_consulted: p.health_consulted,
            not_consulted_reason: p.not_consulted_reason,
        }
    }
}

/// A recorded police-station authorisation.
#[derive(Serialize, ToSchema)]
pub struct AuthorisationJson {
    pub inspector_name: String,
    pub inspector_collar: String,
    pub imminent_risk: bool,
    pub no_other_place: bool,
    pub health_consulted: HealthConsulted,
    pub not_consulted_reason: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

impl AuthorisationJson {
    pub fn of(a: &Authorisation) -> Self {
        Self {
            inspector_name: a.inspector_name.clone(),
            inspector_collar: a.inspector_collar.clone(),
            imminent_risk: a.imminent_risk,
            no_other_place: a.no_other_place,
            health_consulted: HealthConsulted::parse(&a.health_consulted)
                .unwrap_or(HealthConsulted::Consulted),
            not_consulted_reason: a.not_consulted_reason.clone(),
            recorded_at: from_db(a.created_at),
        }
    }
}

/// A health professional's check at a police station.
#[derive(Serialize, ToSchema)]
pub struct HealthCheckJson {
    pub checked_at: DateTime<Utc>,
    pub checked_by_name: String,
    pub note: Option<String>,
}

impl HealthCheckJson {
    pub fn of(h: &HealthCheck) -> Self {
        Self {
            checked_at: from_db(h.checked_at),
            checked_by_name: h.checked_by_name.clone(),
            note: h.note.clone(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordHealthCheck {
    /// Defaults to now; not before the arrival at the police station, not in the future.
    pub checked_at: Option<DateTime<FixedOffset>>,
    /// The health professional; health staff default to themselves, officers must give it.
    pub checked_by_name: Option<String>,
    /// Up to 200 characters, without personal details.
    pub note: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetLocationType {
    /// `public_place` or `other_non_dwelling`; anything else, such as
    /// `private_dwelling`, is refused (422, s136(1) MHA 1983).
    #[schema(example = "public_place")]
    pub location_type: String,
}

/// Record a health check of a person held at a police station (officers of the
/// episode's force, or health staff there). The episode's
/// `next_health_check_due_at` moves to 30 minutes after the latest check.
#[utoipa::path(post, path = "/api/v1/episodes/{reference}/health-checks", tag = "episodes", request_body = RecordHealthCheck,
    params(("reference" = String, Path, example = "S136-2026-000042")),
    responses((status = 200, description = "OK", body = crate::api::model::EpisodeJson), (status = 400, description = "Malformed JSON, wrong types or unknown codes (bad_request)", body = crate::api::model::ErrorBody), (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = crate::api::model::ErrorBody),
        (status = 403, description = "The caller's role may not do this, or the person is not at the caller's site (forbidden)", body = crate::api::model::ErrorBody), (status = 404, description = "Unknown, or outside the caller's scope (not_found)", body = crate::api::model::ErrorBody), (status = 409, description = "The person is not held at a police station, or the case is ended (conflict)", body = crate::api::model::ErrorBody),
        (status = 413, description = "Body over 64 KiB (payload_too_large)", body = crate::api::model::ErrorBody), (status = 415, description = "Body is not JSON (unsupported_media_type)", body = crate::api::model::ErrorBody), (status = 422, description = "A rule was broken (validation_failed, with fields)", body = crate::api::model::ErrorBody)),
    security(("bearer" = [])))]
pub async fn health_check(
    user: ApiUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<RecordHealthCheck>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let input = HealthCheckInput {
        checked_at: utc(b.checked_at),
        checked_by_name: b.checked_by_name,
        note: b.note,
    };
    act(&state, &user, path.into_inner(), move |c, actor, r, now| {
        record_health_check(c, actor, r, &input, now)
    })
    .await
}

/// Set or change where a s136 detention happened (officers of the episode's force).
#[utoipa::path(post, path = "/api/v1/episodes/{reference}/location-type", tag = "episodes", request_body = SetLocationType,
    params(("reference" = String, Path, example = "S136-2026-000042")),
    responses((status = 200, description = "OK", body = crate::api::model::EpisodeJson), (status = 400, description = "Malformed JSON, wrong types or unknown codes (bad_request)", body = crate::api::model::ErrorBody), (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = crate::api::model::ErrorBody),
        (status = 403, description = "The caller's role may not do this (forbidden)", body = crate::api::model::ErrorBody), (status = 404, description = "Unknown, or outside the caller's scope (not_found)", body = crate::api::model::ErrorBody),
        (status = 413, description = "Body over 64 KiB (payload_too_large)", body = crate::api::model::ErrorBody), (status = 415, description = "Body is not JSON (unsupported_media_type)", body = crate::api::model::ErrorBody), (status = 422, description = "A private dwelling or unknown code, or a s135 episode (validation_failed, with fields)", body = crate::api::model::ErrorBody)),
    security(("bearer" = [])))]
pub async fn location_type(
    user: ApiUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<SetLocationType>,
) -> Result<HttpResponse, ApiError> {
    let code = body.into_inner().location_type;
    act(&state, &user, path.into_inner(), move |c, actor, r, now| {
        set_location_type(c, actor, r, Some(&code), now)
    })
    .await
}

/// The safeguards' part of the OpenAPI document, merged into the main one.
#[derive(OpenApi)]
#[openapi(
    paths(health_check, location_type),
    components(schemas(
        PoliceStationJson,
        AuthorisationJson,
        HealthCheckJson,
        RecordHealthCheck,
        SetLocationType,
        HealthConsulted,
        crate::domain::rules::EpisodeKind,
        crate::domain::rules::LocationType,
        crate::domain::rules::AgeBand
    ))
)]
pub struct SafeguardsDoc;
