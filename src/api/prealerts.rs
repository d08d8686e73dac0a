//! Pre-alerts over the API: a control room (or an officer's device) says a
//! person is on the way; the site's board shows them under "Incoming".

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::{ErrorBody, strict};
use super::{ApiError, ApiUser};
use crate::domain::prealerts::{self, PrealertInput, View};
use crate::error::AppError;
use crate::http::{AppState, with_db};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePrealert {
    /// Site code from `GET /api/v1/sites`.
    #[schema(pattern = "^[A-Za-z0-9_-]{2,16}$")]
    #[serde(deserialize_with = "strict::site")]
    pub site: String,
    /// Minutes until arrival (default 15).
    #[schema(minimum = 0, maximum = 240)]
    pub eta_minutes: Option<i64>,
    /// The person is under 18.
    #[serde(default)]
    pub under_18: bool,
    /// Injury or intoxication: may need the emergency department first.
    #[serde(default)]
    pub injury_or_intoxication: bool,
    /// A risk of violence.
    #[serde(default)]
    pub violence_risk: bool,
    /// What helps the site prepare. No names or other personal details.
    #[schema(max_length = 200)]
    #[serde(default, deserialize_with = "strict::prealert_note")]
    pub note: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PrealertJson {
    pub id: i64,
    pub site: String,
    pub force: String,
    /// `on_the_way`, `arrived`, `cancelled` or `expired` (2 hours after the ETA).
    pub status: String,
    pub eta: String,
    /// Negative once the ETA has passed.
    pub minutes_to_eta: i64,
    pub under_18: bool,
    pub injury_or_intoxication: bool,
    pub violence_risk: bool,
    pub note: Option<String>,
    pub created_at: String,
    /// The case it became, once the officer logged the arrival.
    pub reference: Option<String>,
}

impl From<&View> for PrealertJson {
    fn from(v: &View) -> Self {
        Self {
            id: v.p.id,
            site: v.site_code.clone(),
            force: v.force_code.clone(),
            status: v.status.code().to_string(),
            eta: crate::domain::time::iso_utc(v.eta()),
            minutes_to_eta: v.minutes_to_eta,
            under_18: v.p.under_18,
            injury_or_intoxication: v.p.needs_ed,
            violence_risk: v.p.violence_risk,
            note: v.p.note.clone(),
            created_at: crate::domain::time::iso_utc(crate::domain::time::from_db(v.p.created_at)),
            reference: v.reference.clone(),
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only those for this site code.
    #[param(pattern = "^([A-Za-z0-9_-]{2,16})?$")]
    site: Option<String>,
}

/// Say a person is on the way (officers and force managers, for their force).
#[utoipa::path(post, path = "/api/v1/prealerts", operation_id = "create_prealert", tag = "prealerts", request_body = CreatePrealert,
    responses(
        (status = 201, description = "Created", body = PrealertJson),
        (status = 400, description = "Malformed JSON or wrong types (bad_request)", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = ErrorBody),
        (status = 403, description = "The caller's role may not do this (forbidden)", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB (payload_too_large)", body = ErrorBody),
        (status = 415, description = "Body is not JSON (unsupported_media_type)", body = ErrorBody),
        (status = 422, description = "A rule was broken (validation_failed, with fields)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(
    user: ApiUser,
    state: web::Data<AppState>,
    body: web::Json<CreatePrealert>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let input = PrealertInput {
        site_code: Some(b.site),
        eta_minutes: b.eta_minutes,
        under_18: b.under_18,
        needs_ed: b.injury_or_intoxication,
        violence_risk: b.violence_risk,
        note: b.note,
    };
    let (actor, now) = (user.0, state.now());
    let v = with_db(&state, move |c| prealerts::create(c, &actor, &input, now)).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/prealerts/{}", v.p.id)))
        .json(PrealertJson::from(&v)))
}

/// People on the way in the caller's scope (health staff: their site; officers: their force).
#[utoipa::path(get, path = "/api/v1/prealerts", operation_id = "list_prealerts", tag = "prealerts", params(ListQuery),
    responses(
        (status = 200, description = "OK, soonest first", body = [PrealertJson]),
        (status = 400, description = "A site code that cannot exist (bad_request)", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    user: ApiUser,
    state: web::Data<AppState>,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let (actor, now) = (user.0, state.now());
    let site = super::code_param("site", q.into_inner().site.as_deref())?;
    let list = with_db(&state, move |c| {
        let site_id = match site {
            None => None,
            Some(code) => Some(super::id_or_none_match(
                crate::db::orgs::site_by_code(c, &code)?.map(|s| s.id),
            )),
        };
        prealerts::on_the_way(c, &actor, site_id, now)
    })
    .await?;
    Ok(HttpResponse::Ok().json(list.iter().map(PrealertJson::from).collect::<Vec<_>>()))
}

/// One pre-alert.
#[utoipa::path(get, path = "/api/v1/prealerts/{id}", operation_id = "show_prealert", tag = "prealerts",
    params(("id" = i64, Path, minimum = 1)),
    responses(
        (status = 200, description = "OK", body = PrealertJson),
        (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = ErrorBody),
        (status = 404, description = "Unknown, or outside the caller's scope (not_found)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn show(
    user: ApiUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    let (actor, now) = (user.0, state.now());
    let v = with_db(&state, move |c| prealerts::get(c, &actor, id, now)).await?;
    Ok(HttpResponse::Ok().json(PrealertJson::from(&v)))
}

/// Cancel a pre-alert: the person is no longer coming.
#[utoipa::path(delete, path = "/api/v1/prealerts/{id}", operation_id = "cancel_prealert", tag = "prealerts",
    params(("id" = i64, Path, minimum = 1)),
    responses(
        (status = 200, description = "Cancelled", body = PrealertJson),
        (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = ErrorBody),
        (status = 403, description = "The caller's role may not do this (forbidden)", body = ErrorBody),
        (status = 404, description = "Unknown, or outside the caller's scope (not_found)", body = ErrorBody),
        (status = 409, description = "Already arrived, cancelled or expired (conflict)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn cancel(
    user: ApiUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    let (actor, now) = (user.0, state.now());
    let v = with_db(&state, move |c| prealerts::cancel(c, &actor, id, now)).await?;
    Ok(HttpResponse::Ok().json(PrealertJson::from(&v)))
}

fn parse_id(raw: &str) -> Result<i64, AppError> {
    raw.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(AppError::not_found)
}

/// The live part of the OpenAPI document (pre-alerts and the event stream).
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(create, list, show, cancel, super::live::events),
    components(schemas(CreatePrealert, PrealertJson)),
    tags((name = "prealerts", description = "People on the way to a place of safety"),
        (name = "live", description = "Server-sent events"))
)]
pub struct LiveDoc;
