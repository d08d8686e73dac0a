//! JSON API v1. Authenticated by personal bearer tokens (never session
//! cookies, so there is no CSRF surface); calls the same domain functions as
//! the pages, so every rule holds identically.

pub mod episodes;
pub mod error;
pub mod live;
pub mod model;
pub mod monitoring;
pub mod openapi;
pub mod prealerts;
pub mod reports;
pub mod safeguards;

use actix_web::dev::Payload;
use actix_web::error::{JsonPayloadError, QueryPayloadError};
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use std::future::Future;
use std::pin::Pin;

pub use self::error::ApiError;
use crate::domain::auth::Actor;
use crate::domain::tokens;
use crate::error::{AppError, ErrorKind};
use crate::http::{get, state, with_db};

/// A `site` or `force` filter from a query: absent or empty is no filter; a
/// code the documented pattern refuses (a space, a NUL, one letter) is a 400;
/// a well-formed one comes back upper-cased.
pub(crate) fn code_param(name: &str, value: Option<&str>) -> Result<Option<String>, AppError> {
    match value.filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) if v.trim() == v && crate::domain::types::OrgCode::parse(v).is_ok() => {
            Ok(Some(v.to_ascii_uppercase()))
        }
        Some(_) => Err(AppError::bad_request(crate::msg!(
            "api-error-code",
            name = name
        ))),
    }
}

/// The id a filter by code selects: that of the site or force with it, or
/// one no row has (a well-formed code nobody uses simply finds nothing).
pub(crate) fn id_or_none_match(found: Option<i64>) -> i64 {
    found.unwrap_or(-1)
}

/// Bodies larger than this are refused with 413.
pub const BODY_LIMIT: usize = 64 * 1024;

pub fn configure(cfg: &mut web::ServiceConfig) {
    // Everything under /api answers JSON, including addresses that do not exist
    // and bodies, paths or queries that cannot be read.
    cfg.service(
        web::scope("/api/v1")
            .wrap(actix_web::middleware::from_fn(error::in_readers_language))
            .app_data(
                web::JsonConfig::default()
                    .limit(BODY_LIMIT)
                    .error_handler(json_error),
            )
            .app_data(
                web::PathConfig::default()
                    .error_handler(|_, _| ApiError(AppError::not_found()).into()),
            )
            .app_data(web::QueryConfig::default().error_handler(query_error))
            .route("/openapi.json", get().to(openapi::document))
            .service(
                web::resource("/sites")
                    .route(get().to(episodes::sites))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/reports/summary")
                    .route(get().to(reports::summary))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/events")
                    .route(get().to(live::events))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/prealerts")
                    .route(get().to(prealerts::list))
                    .route(web::post().to(prealerts::create))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/prealerts/{id}")
                    .route(get().to(prealerts::show))
                    .route(web::delete().to(prealerts::cancel))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/episodes")
                    .route(get().to(episodes::list))
                    .route(web::post().to(episodes::create))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/episodes/{reference}")
                    .route(get().to(episodes::show))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/episodes/{reference}/handover")
                    .route(web::post().to(episodes::handover))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/episodes/{reference}/police-left")
                    .route(web::post().to(episodes::police_left))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/episodes/{reference}/transfer")
                    .route(web::post().to(episodes::transfer))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/episodes/{reference}/extensions")
                    .route(web::post().to(episodes::extend))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/episodes/{reference}/end")
                    .route(web::post().to(episodes::end))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/episodes/{reference}/handover-offered")
                    .route(web::post().to(episodes::handover_offered))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/episodes/{reference}/stay-request")
                    .route(web::post().to(episodes::ask_stay))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/episodes/{reference}/stay-request/answer")
                    .route(web::post().to(episodes::answer_stay))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/episodes/{reference}/monitoring")
                    .route(web::put().to(monitoring::set))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/episodes/{reference}/corrections")
                    .route(web::post().to(episodes::correct))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/episodes/{reference}/health-checks")
                    .route(web::post().to(safeguards::health_check))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/episodes/{reference}/location-type")
                    .route(web::post().to(safeguards::location_type))
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/episodes/{reference}/cancel")
                    .route(web::post().to(episodes::cancel))
                    .default_service(web::to(method_not_allowed)),
            )
            .default_service(web::to(not_found)),
    )
    .service(web::scope("/api").default_service(web::to(not_found)));
}

async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(AppError::not_found().into())
}

/// 405 with the `Allow` header RFC 9110 requires: the methods the OpenAPI
/// document gives this address (a GET also answers HEAD).
async fn method_not_allowed(req: HttpRequest) -> HttpResponse {
    let allow = req
        .match_pattern()
        .map(|p| allowed_methods(&openapi::doc(), &p))
        .unwrap_or_default();
    HttpResponse::MethodNotAllowed()
        .insert_header((actix_web::http::header::ALLOW, allow))
        .json(serde_json::json!({
            "error": { "code": "method_not_allowed", "message": crate::i18n::text(error::client_lang(req.headers()), "api-error-method") }
        }))
}

fn allowed_methods(doc: &utoipa::openapi::OpenApi, pattern: &str) -> String {
    let Some(item) = doc.paths.paths.get(pattern) else {
        return String::new();
    };
    [
        ("GET, HEAD", &item.get),
        ("POST", &item.post),
        ("PUT", &item.put),
        ("PATCH", &item.patch),
        ("DELETE", &item.delete),
    ]
    .iter()
    .filter(|(_, op)| op.is_some())
    .map(|(name, _)| *name)
    .collect::<Vec<_>>()
    .join(", ")
}

fn json_error(err: JsonPayloadError, _: &HttpRequest) -> actix_web::Error {
    let e = match &err {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            AppError::new(
                ErrorKind::PayloadTooLarge,
                crate::msg!("api-error-too-large", kib = BODY_LIMIT / 1024),
            )
        }
        JsonPayloadError::ContentType => {
            AppError::new(ErrorKind::UnsupportedMediaType, "api-error-content-type")
        }
        JsonPayloadError::Deserialize(d) => {
            AppError::bad_request(crate::msg!("api-error-json", detail = d.to_string()))
        }
        other => AppError::bad_request(crate::msg!("api-error-json", detail = other.to_string())),
    };
    ApiError(e).into()
}

fn query_error(err: QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    ApiError(AppError::bad_request(crate::msg!(
        "api-error-query",
        detail = err.to_string()
    )))
    .into()
}

/// The caller, from `Authorization: Bearer <token>`.
pub struct ApiUser(pub Actor);

/// The token of `Authorization: Bearer <token>`.
pub fn bearer(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(|t| t.trim().to_string())
}

impl FromRequest for ApiUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req);
        let state = state(req);
        Box::pin(async move {
            let unauthorized = || AppError::new(ErrorKind::Unauthorized, "api-error-token");
            let state = state?;
            let token = token.filter(|t| !t.is_empty()).ok_or_else(unauthorized)?;
            let now = state.now();
            let actor = with_db(&state, move |c| tokens::authenticate(c, &token, now)).await?;
            Ok(actor.map(ApiUser).ok_or_else(unauthorized)?)
        })
    }
}
