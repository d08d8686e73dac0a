//! Web Push from the pages: the server's public key, and the signed-in
//! user's own subscriptions (this device on, off; a test message). Called by
//! static/push.js with fetch: JSON in and out, the CSRF token in the
//! `X-CSRF-Token` header (the same-origin check runs as for every form), and
//! errors as JSON (`{"error": {"code", "message", "fields"}}`), never the
//! HTML error page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;

use super::session::CurrentUser;
use super::with_db;
use crate::domain::push::{self, SubscribeInput, UnsubscribeInput};
use crate::error::{AppError, ErrorKind};
use crate::http::AppState;

pub const CSRF_HEADER: &str = "X-CSRF-Token";
/// A subscription is a few hundred bytes.
const BODY_LIMIT: usize = 8 * 1024;

fn json_error(e: AppError, lang: crate::domain::lang::Lang) -> HttpResponse {
    e.log();
    let words = |m| crate::i18n::render(lang, m);
    let code = serde_json::to_value(e.kind).unwrap_or_default();
    let fields: serde_json::Map<String, serde_json::Value> = e
        .fields
        .0
        .iter()
        .map(|(k, v)| (k.clone(), json!(words(v))))
        .collect();
    let mut body = json!({ "error": { "code": code, "message": words(&e.message) } });
    if !fields.is_empty() {
        body["error"]["fields"] = fields.into();
    }
    HttpResponse::build(e.kind.status()).json(body)
}

/// The answer, or its error as JSON in the reader's language.
fn answer(req: &HttpRequest, r: Result<HttpResponse, AppError>) -> HttpResponse {
    r.unwrap_or_else(|e| json_error(e, super::lang::Reader::of(req, None).lang))
}

/// The signed-in user, for a JSON call that changes something: the session
/// and its CSRF token in the header.
fn checked(
    req: &HttpRequest,
    user: Result<CurrentUser, AppError>,
) -> Result<CurrentUser, AppError> {
    let user = user?;
    let token = req
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    user.check_csrf(token)?;
    Ok(user)
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    if body.len() > BODY_LIMIT {
        return Err(AppError::new(
            ErrorKind::PayloadTooLarge,
            crate::msg!("push-request-too-large", n = BODY_LIMIT / 1024),
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        AppError::bad_request(crate::msg!("push-request-not-json", detail = e.to_string()))
    })
}

#[derive(serde::Serialize)]
struct Sub {
    id: i64,
    endpoint: String,
    label: String,
    created_at: String,
    last_success_at: Option<String>,
}

fn view(s: &push::PushSubscription) -> Sub {
    let iso = |t: chrono::NaiveDateTime| t.and_utc().to_rfc3339();
    Sub {
        id: s.id,
        endpoint: s.endpoint.clone(),
        label: s.label.clone(),
        created_at: iso(s.created_at),
        last_success_at: s.last_success_at.map(iso),
    }
}

/// `GET /push/key`: the public key browsers subscribe with.
pub async fn key(
    req: HttpRequest,
    user: Result<CurrentUser, AppError>,
    state: web::Data<AppState>,
) -> HttpResponse {
    answer(
        &req,
        async {
            user?;
            let keys = with_db(&state, push::vapid_keys).await?;
            Ok(HttpResponse::Ok().json(json!({ "public_key": keys.public })))
        }
        .await,
    )
}

/// `GET /push/subscriptions`: the signed-in user's active subscriptions.
pub async fn list(
    req: HttpRequest,
    user: Result<CurrentUser, AppError>,
    state: web::Data<AppState>,
) -> HttpResponse {
    answer(
        &req,
        async {
            let actor = user?.actor;
            let subs = with_db(&state, move |c| push::list_own(c, &actor)).await?;
            let subs: Vec<Sub> = subs.iter().map(view).collect();
            Ok(HttpResponse::Ok().json(json!({ "subscriptions": subs })))
        }
        .await,
    )
}

/// `POST /push/subscriptions`: this device, for the signed-in user.
pub async fn subscribe(
    req: HttpRequest,
    user: Result<CurrentUser, AppError>,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> HttpResponse {
    answer(
        &req,
        async {
            let actor = checked(&req, user)?.actor;
            let input: SubscribeInput = parse(&body)?;
            let (cfg, now) = (state.push.clone(), state.now());
            let sub = with_db(&state, move |c| {
                push::subscribe(c, &actor, &input, &cfg, now)
            })
            .await?;
            Ok(HttpResponse::build(StatusCode::CREATED).json(view(&sub)))
        }
        .await,
    )
}

/// `POST /push/subscriptions/delete`: ends one of the user's own (by `id` or
/// `endpoint`).
pub async fn unsubscribe(
    req: HttpRequest,
    user: Result<CurrentUser, AppError>,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> HttpResponse {
    answer(
        &req,
        async {
            let actor = checked(&req, user)?.actor;
            let which: UnsubscribeInput = parse(&body)?;
            let now = state.now();
            let sub = with_db(&state, move |c| push::unsubscribe(c, &actor, &which, now)).await?;
            Ok(HttpResponse::Ok().json(json!({ "id": sub.id, "ended": true })))
        }
        .await,
    )
}

/// `POST /push/test`: queues a test message to the signed-in user's own
/// devices; the delivery worker sends it within a second or two.
pub async fn test(
    req: HttpRequest,
    user: Result<CurrentUser, AppError>,
    state: web::Data<AppState>,
) -> HttpResponse {
    answer(
        &req,
        async {
            let actor = checked(&req, user)?.actor;
            let now = state.now();
            let devices = with_db(&state, move |c| push::enqueue_test(c, &actor, now)).await?;
            Ok(HttpResponse::Accepted().json(json!({ "queued": devices > 0, "devices": devices })))
        }
        .await,
    )
}
