//! Episode endpoints: one handler per action, each a thin shell around the
//! domain function the pages call too.

use actix_web::{HttpResponse, web};
use base64::Engine;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::London;
use serde::Deserialize;
use utoipa::IntoParams;

use super::model::{
    AskPoliceToStay, Cancel, Correction, CreateEpisode, EndDetention, EpisodeJson, EpisodeList,
    ErrorBody, Extend, Handover, HandoverOffered, PoliceLeft, SiteJson, StayAnswer, Transfer,
};
use super::{ApiError, ApiUser};
use crate::db::episodes::{self as q, StatusFilter, StayFilter};
use crate::db::orgs;
use crate::domain::corrections::{CorrectionInput, correct_time};
use crate::domain::detention::{ExtensionInput, record_extension};
use crate::domain::episodes::{self, ArrivalInput, EndInput, HandoverInput, TransferInput};
use crate::domain::time::{from_db, to_db};
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::http::with_db;

/// Runs a domain action on the episode and answers with the episode as it is afterwards.
pub(super) async fn act<F>(
    state: &AppState,
    user: &ApiUser,
    reference: String,
    f: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(
            &mut crate::db::DbConn,
            &crate::domain::auth::Actor,
            &str,
            DateTime<Utc>,
        ) -> Result<(), AppError>
        + Send
        + 'static,
{
    let (actor, now, r) = (user.0.clone(), state.now(), reference.clone());
    with_db(state, move |c| f(c, &actor, &r, now)).await?;
    episode_response(state, user, reference, actix_web::http::StatusCode::OK).await
}

pub(super) fn utc(t: Option<DateTime<chrono::FixedOffset>>) -> Option<DateTime<Utc>> {
    t.map(|t| crate::domain::time::trunc(t.with_timezone(&Utc)))
}

async fn episode_response(
    state: &AppState,
    user: &ApiUser,
    reference: String,
    status: actix_web::http::StatusCode,
) -> Result<HttpResponse, ApiError> {
    let actor = user.0.clone();
    let d = with_db(state, move |c| episodes::load(c, &actor, &reference)).await?;
    Ok(HttpResponse::build(status).json(EpisodeJson::of(&d, state.now())))
}

/// Places of safety the caller may log arrivals at.
#[utoipa::path(get, path = "/api/v1/sites", tag = "sites",
    responses((status = 200, description = "OK", body = [SiteJson]), (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn sites(_user: ApiUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let sites = with_db(&state, crate::domain::orgs::open_sites).await?;
    let body: Vec<SiteJson> = sites
        .into_iter()
        .map(|s| SiteJson {
            code: s.code,
            name: s.name,
            kind: s.kind,
        })
        .collect();
    Ok(HttpResponse::Ok().json(body))
}

/// Log an arrival at a place of safety (officers).
#[utoipa::path(post, path = "/api/v1/episodes", tag = "episodes", request_body = CreateEpisode,
    responses(
        (status = 201, description = "Created", body = EpisodeJson),
        (status = 200, description = "The same `client_ref` was sent before: the episode it created", body = EpisodeJson),
        (status = 400, description = "Malformed JSON, wrong types or unknown codes (bad_request)", body = ErrorBody), (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = ErrorBody), (status = 403, description = "The caller's role may not do this (forbidden)", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB (payload_too_large)", body = ErrorBody), (status = 415, description = "Body is not JSON (unsupported_media_type)", body = ErrorBody), (status = 409, description = "The `client_ref` was used before with different details (conflict): never merged into that episode", body = ErrorBody),
        (status = 422, description = "A rule was broken (validation_failed, with fields)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(
    user: ApiUser,
    state: web::Data<AppState>,
    body: web::Json<CreateEpisode>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let captured = match b.captured_at.map(|t| t.with_timezone(&Utc)) {
        Some(at) => Some(
            crate::domain::rules::Captured::new(at, b.clock_offset_ms)
                .map_err(|m| crate::error::AppError::field("clock_offset_ms", m))?,
        ),
        None => None,
    };
    let input = ArrivalInput {
        site_code: Some(b.site),
        arrived_at: utc(b.arrived_at),
        backdate_reason: b.backdate_reason,
        collar_number: b.collar_number,
        detained_at: utc(b.detained_at),
        officers: b.officers,
        notes: b.notes,
        client_ref: b.client_ref,
        captured,
        about: b.about.input(),
        power: crate::domain::safeguards::PowerInput {
            kind: b.kind.map(|k| k.code().to_string()),
            warrant_at: utc(b.warrant_at),
            amhp_name: b.amhp_name,
            location_type: b.location_type,
        },
        police_station: b.police_station.map(Into::into).unwrap_or_default(),
        prealert_id: b.prealert,
    };
    let (actor, now) = (user.0.clone(), state.now());
    let logged = with_db(&state, move |c| {
        episodes::log_arrival(c, &actor, &input, now)
    })
    .await?;
    let status = if logged.created {
        actix_web::http::StatusCode::CREATED
    } else {
        actix_web::http::StatusCode::OK
    };
    episode_response(&state, &user, logged.reference, status).await
}

/// One episode.
#[utoipa::path(get, path = "/api/v1/episodes/{reference}", tag = "episodes",
    params(("reference" = String, Path, example = "S136-2026-000042")),
    responses((status = 200, description = "OK", body = EpisodeJson), (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = ErrorBody), (status = 404, description = "Unknown, or outside the caller's scope (not_found)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn show(
    user: ApiUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    episode_response(
        &state,
        &user,
        path.into_inner(),
        actix_web::http::StatusCode::OK,
    )
    .await
}

/// Parsed by hand (not typed in the struct) so each bad value gets its own
/// 400 message; the document still gives each parameter its real type.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// The episode's `status`, as the API returns it.
    #[param(value_type = Option<super::model::StatusJson>)]
    status: Option<String>,
    /// Site code.
    #[param(pattern = "^([A-Za-z0-9_-]{2,16})?$")]
    site: Option<String>,
    /// Force code.
    #[param(pattern = "^([A-Za-z0-9_-]{2,16})?$")]
    force: Option<String>,
    /// Breached (or not), an open stay once past its target.
    #[param(value_type = Option<bool>)]
    breached: Option<String>,
    /// Arrived at or after: an RFC 3339 time, or a date (the start of that Europe/London day).
    from: Option<String>,
    /// Arrived before: an RFC 3339 time, or a date (inclusive: up to the end of that day).
    to: Option<String>,
    /// 1 to 200 (default 50).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    limit: Option<String>,
    /// `next_cursor` from the previous page.
    cursor: Option<String>,
}

fn parse_bound(raw: &str, end_of_day: bool) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(t.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()?;
    let day = if end_of_day { day.succ_opt()? } else { day };
    London
        .from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

fn encode_cursor(arrived: chrono::NaiveDateTime, id: i64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(format!("{}:{id}", from_db(arrived).timestamp()))
}

fn decode_cursor(raw: &str) -> Option<(chrono::NaiveDateTime, i64)> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(raw)
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (secs, id) = text.split_once(':')?;
    let t = DateTime::<Utc>::from_timestamp(secs.parse().ok()?, 0)?;
    Some((to_db(t), id.parse().ok()?))
}

/// Episodes in the caller's scope, newest arrival first.
#[utoipa::path(get, path = "/api/v1/episodes", tag = "episodes", params(ListQuery),
    responses((status = 200, description = "OK", body = EpisodeList), (status = 400, description = "Malformed JSON, wrong types or unknown codes (bad_request)", body = ErrorBody), (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = ErrorBody), (status = 422, description = "A rule was broken (validation_failed, with fields)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    user: ApiUser,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let qy = query.into_inner();
    let bad = |key: &'static str| ApiError(AppError::bad_request(key));
    // As `domain::episodes::status` decides it: ended comes before handed
    // over, and awaiting or handed over means not ended.
    let (status, ended) = match qy.status.as_deref() {
        None | Some("") => (None, None),
        Some("awaiting_handover") => (Some(StatusFilter::Open), Some(false)),
        Some("handed_over") => (Some(StatusFilter::HandedOver), Some(false)),
        Some("ended") => (Some(StatusFilter::NotCancelled), Some(true)),
        Some("cancelled") => (Some(StatusFilter::Cancelled), None),
        Some(_) => {
            return Err(bad("api-error-status"));
        }
    };
    let site = super::code_param("site", qy.site.as_deref())?;
    let force = super::code_param("force", qy.force.as_deref())?;
    let breached = match qy.breached.as_deref() {
        None | Some("") => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => return Err(bad("api-error-breached")),
    };
    let from = match qy.from.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(parse_bound(s, false).ok_or_else(|| bad("api-error-from"))?),
    };
    let to = match qy.to.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(parse_bound(s, true).ok_or_else(|| bad("api-error-to"))?),
    };
    let limit = match qy.limit.as_deref().filter(|s| !s.is_empty()) {
        None => 50,
        Some(s) => s.parse::<i64>().map_err(|_| bad("api-error-limit"))?,
    };
    if !(1..=200).contains(&limit) {
        let mut f = FieldErrors::default();
        f.add("limit", "api-error-limit-range");
        return Err(AppError::validation(f).into());
    }
    let before_key = match qy.cursor.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(c) => Some(decode_cursor(c).ok_or_else(|| bad("api-error-cursor"))?),
    };
    let (actor, now) = (user.0.clone(), state.now());
    let (items, next) = with_db(&state, move |c| {
        let target = orgs::target_minutes(c)?;
        let site_id = match &site {
            None => None,
            Some(code) => Some(super::id_or_none_match(
                orgs::site_by_code(c, code)?.map(|s| s.id),
            )),
        };
        let force_id = match &force {
            None => None,
            Some(code) => Some(super::id_or_none_match(
                orgs::force_by_code(c, code)?.map(|f| f.id),
            )),
        };
        let filter = StayFilter {
            site_id,
            force_id,
            arrived_from: from.map(to_db),
            arrived_before: to.map(to_db),
            breached: breached.map(|b| (b, to_db(now - Duration::minutes(target)))),
            status,
            ended,
            include_cancelled: true,
            latest_only: true,
            before_key,
            limit: limit + 1,
            ..Default::default()
        };
        let mut rows = q::list_stays(c, actor.scope(), &filter)?;
        let next = (rows.len() as i64 > limit).then(|| {
            rows.truncate(limit as usize);
            rows.last()
                .map(|r| encode_cursor(r.stay.arrived_at, r.stay.id))
        });
        let ids: Vec<i64> = rows.iter().map(|r| r.stay.episode_id).collect();
        let mut found = q::by_ids(c, &ids)?;
        // Keep the list's order.
        found.sort_by_key(|e| ids.iter().position(|id| *id == e.id));
        Ok((episodes::load_many(c, found)?, next.flatten()))
    })
    .await?;
    Ok(HttpResponse::Ok().json(EpisodeList {
        items: items.iter().map(|d| EpisodeJson::of(d, now)).collect(),
        next_cursor: next,
    }))
}

/// Confirm handover (health staff at the site where the person is).
#[utoipa::path(post, path = "/api/v1/episodes/{reference}/handover", tag = "episodes", request_body = Handover,
    params(("reference" = String, Path, example = "S136-2026-000042")),
    responses((status = 200, description = "OK", body = EpisodeJson), (status = 400, description = "Malformed JSON, wrong types or unknown codes (bad_request)", body = ErrorBody), (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = ErrorBody),
        (status = 403, description = "The caller's role may not do this (forbidden)", body = ErrorBody), (status = 404, description = "Unknown, or outside the caller's scope (not_found)", body = ErrorBody),
        (status = 409, description = "already_handed_over (names who and when) or version_conflict", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB (payload_too_large)", body = ErrorBody), (status = 415, description = "Body is not JSON (unsupported_media_type)", body = ErrorBody), (status = 422, description = "A rule was broken (validation_failed, with fields)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn handover(
    user: ApiUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<Handover>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let input = HandoverInput {
        handed_over_at: utc(b.handed_over_at),
        accepted_by_name: b.accepted_by_name,
        accepted_by_role: b.accepted_by_role,
        delay_reason: b.delay_reason.map(|r| r.code().to_string()),
        delay_note: b.delay_note,
        expected_version: b.expected_version,
    };
    act(&state, &user, path.into_inner(), move |c, actor, r, now| {
        episodes::confirm_handover(c, actor, r, &input, now)
    })
    .await
}

/// Record that police left (officers of the episode's force).
#[utoipa::path(post, path = "/api/v1/episodes/{reference}/police-left", tag = "episodes", request_body = PoliceLeft,
    params(("reference" = String, Path, example = "S136-2026-000042")),
    responses((status = 200, description = "OK", body = EpisodeJson), (status = 400, description = "Malformed JSON, wrong types or unknown codes (bad_request)", body = ErrorBody), (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = ErrorBody),
        (status = 403, description = "The caller's role may not do this (forbidden)", body = ErrorBody), (status = 404, description = "Unknown, or outside the caller's scope (not_found)", body = ErrorBody), (status = 409, description = "The episode changed or the action was already recorded (conflict)", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB (payload_too_large)", body = ErrorBody), (status = 415, description = "Body is not JSON (unsupported_media_type)", body = ErrorBody), (status = 422, description = "A rule was broken (validation_failed, with fields)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn police_left(
    user: ApiUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<PoliceLeft>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let (left_at, reason) = (utc(body.left_at), body.reason);
    act(&state, &user, path.into_inner(), move |c, actor, r, now| {
        episodes::record_police_left(c, actor, r, left_at, reason.as_deref(), now)
    })
    .await
}

/// Cancel an episode logged in error (officers of its force, managers, admins).
#[utoipa::path(post, path = "/api/v1/episodes/{reference}/cancel", tag = "episodes", request_body = Cancel,
    params(("reference" = String, Path, example = "S136-2026-000042")),
    responses((status = 200, description = "OK", body = EpisodeJson), (status = 400, description = "Malformed JSON, wrong types or unknown codes (bad_request)", body = ErrorBody), (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = ErrorBody),
        (status = 403, description = "The caller's role may not do this (forbidden)", body = ErrorBody), (status = 404, description = "Unknown, or outside the caller's scope (not_found)", body = ErrorBody), (status = 409, description = "The episode changed or the action was already recorded (conflict)", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB (payload_too_large)", body = ErrorBody), (status = 415, description = "Body is not JSON (unsupported_media_type)", body = ErrorBody), (status = 422, description = "A rule was broken (validation_failed, with fields)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn cancel(
    user: ApiUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<Cancel>,
) -> Result<HttpResponse, ApiError> {
    let reason = body.into_inner().reason;
    act(&state, &user, path.into_inner(), move |c, actor, r, now| {
        episodes::cancel(c, actor, r, Some(&reason), now)
    })
    .await
}

/// Record a transfer to another place of safety (officers of the episode's force, or
/// health staff where the person is now). The new stay has its own arrival and
/// handover target; the detention clock does not restart.
#[utoipa::path(post, path = "/api/v1/episodes/{reference}/transfer", tag = "episodes", request_body = Transfer,
    params(("reference" = String, Path, example = "S136-2026-000042")),
    responses((status = 200, description = "OK", body = EpisodeJson), (status = 400, description = "Malformed JSON, wrong types or unknown codes (bad_request)", body = ErrorBody), (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = ErrorBody),
        (status = 403, description = "The caller's role may not do this, or the person is not at the caller's site (forbidden)", body = ErrorBody), (status = 404, description = "Unknown, or outside the caller's scope (not_found)", body = ErrorBody), (status = 409, description = "The episode changed (version_conflict)", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB (payload_too_large)", body = ErrorBody), (status = 415, description = "Body is not JSON (unsupported_media_type)", body = ErrorBody), (status = 422, description = "A rule was broken (validation_failed, with fields)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn transfer(
    user: ApiUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<Transfer>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let input = TransferInput {
        site_code: Some(b.site),
        left_at: utc(b.left_at),
        arrived_at: utc(b.arrived_at),
        expected_version: b.expected_version,
        age_band: b.age_band,
        police_station: b.police_station.map(Into::into).unwrap_or_default(),
    };
    act(&state, &user, path.into_inner(), move |c, actor, r, now| {
        episodes::record_transfer(c, actor, r, &input, now)
    })
    .await
}

/// Record an extension of the detention authorised by the registered medical
/// practitioner (health staff where the person is now). Refused once the
/// authority has run out, beyond 12 hours in total, and at a police station
/// without the approving superintendent's name and collar number.
#[utoipa::path(post, path = "/api/v1/episodes/{reference}/extensions", tag = "episodes", request_body = Extend,
    params(("reference" = String, Path, example = "S136-2026-000042")),
    responses((status = 200, description = "OK", body = EpisodeJson), (status = 400, description = "Malformed JSON, wrong types or unknown codes (bad_request)", body = ErrorBody), (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = ErrorBody),
        (status = 403, description = "The caller's role may not do this, or the person is not at the caller's site (forbidden)", body = ErrorBody), (status = 404, description = "Unknown, or outside the caller's scope (not_found)", body = ErrorBody), (status = 409, description = "The episode changed (version_conflict)", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB (payload_too_large)", body = ErrorBody), (status = 415, description = "Body is not JSON (unsupported_media_type)", body = ErrorBody), (status = 422, description = "A rule was broken (validation_failed, with fields)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn extend(
    user: ApiUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<Extend>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let input = ExtensionInput {
        authorised_by_name: Some(b.authorised_by_name),
        authorised_at: utc(b.authorised_at),
        hours: Some(b.hours),
        reason: Some(b.reason.code().to_string()),
        reason_note: b.reason_note,
        superintendent_name: b.superintendent_name,
        superintendent_collar: b.superintendent_collar,
        expected_version: b.expected_version,
    };
    act(&state, &user, path.into_inner(), move |c, actor, r, now| {
        record_extension(c, actor, r, &input, now)
    })
    .await
}

/// Record the end of the detention with its outcome (officers of the force, or
/// health staff where the person is now). Afterwards no clock runs and no
/// transfer, extension or handover is accepted (409 conflict).
#[utoipa::path(post, path = "/api/v1/episodes/{reference}/end", tag = "episodes", request_body = EndDetention,
    params(("reference" = String, Path, example = "S136-2026-000042")),
    responses((status = 200, description = "OK", body = EpisodeJson), (status = 400, description = "Malformed JSON, wrong types or unknown codes (bad_request)", body = ErrorBody), (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = ErrorBody),
        (status = 403, description = "The caller's role may not do this, or the person is not at the caller's site (forbidden)", body = ErrorBody), (status = 404, description = "Unknown, or outside the caller's scope (not_found)", body = ErrorBody), (status = 409, description = "Already ended (conflict) or the episode changed (version_conflict)", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB (payload_too_large)", body = ErrorBody), (status = 415, description = "Body is not JSON (unsupported_media_type)", body = ErrorBody), (status = 422, description = "A rule was broken (validation_failed, with fields)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn end(
    user: ApiUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<EndDetention>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let input = EndInput {
        ended_at: utc(b.ended_at),
        outcome: Some(b.outcome.code().to_string()),
        outcome_note: b.outcome_note,
        assessment_started_at: utc(b.assessment_started_at),
        assessment_completed_at: utc(b.assessment_completed_at),
        expected_version: b.expected_version,
    };
    act(&state, &user, path.into_inner(), move |c, actor, r, now| {
        episodes::record_end(c, actor, r, &input, now)
    })
    .await
}

/// Record that the officer offered the handover (officers of the episode's force).
#[utoipa::path(post, path = "/api/v1/episodes/{reference}/handover-offered", tag = "episodes", request_body = HandoverOffered,
    params(("reference" = String, Path, example = "S136-2026-000042")),
    responses((status = 200, description = "OK", body = EpisodeJson), (status = 400, description = "Malformed JSON, wrong types or unknown codes (bad_request)", body = ErrorBody), (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = ErrorBody),
        (status = 403, description = "The caller's role may not do this (forbidden)", body = ErrorBody), (status = 404, description = "Unknown, or outside the caller's scope (not_found)", body = ErrorBody), (status = 409, description = "Already offered, already handed over or detention ended (conflict, already_handed_over)", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB (payload_too_large)", body = ErrorBody), (status = 415, description = "Body is not JSON (unsupported_media_type)", body = ErrorBody), (status = 422, description = "A rule was broken (validation_failed, with fields)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn handover_offered(
    user: ApiUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<HandoverOffered>,
) -> Result<HttpResponse, ApiError> {
    let offered_at = utc(body.into_inner().offered_at);
    act(&state, &user, path.into_inner(), move |c, actor, r, now| {
        episodes::record_handover_offered(c, actor, r, offered_at, now)
    })
    .await
}

/// Ask police to stay at the place of safety where the person is (health staff
/// there, before handover), with a reason code.
#[utoipa::path(post, path = "/api/v1/episodes/{reference}/stay-request", tag = "episodes", request_body = AskPoliceToStay,
    params(("reference" = String, Path, example = "S136-2026-000042")),
    responses((status = 200, description = "OK", body = EpisodeJson), (status = 400, description = "Malformed JSON, wrong types or unknown codes (bad_request)", body = ErrorBody), (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = ErrorBody),
        (status = 403, description = "The caller's role may not do this, or the person is not at the caller's site (forbidden)", body = ErrorBody), (status = 404, description = "Unknown, or outside the caller's scope (not_found)", body = ErrorBody), (status = 409, description = "Already asked, handed over or ended (conflict, already_handed_over)", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB (payload_too_large)", body = ErrorBody), (status = 415, description = "Body is not JSON (unsupported_media_type)", body = ErrorBody), (status = 422, description = "A rule was broken (validation_failed, with fields)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn ask_stay(
    user: ApiUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<AskPoliceToStay>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let input = episodes::StayRequestInput {
        reason: Some(b.reason.code().to_string()),
        reason_note: b.reason_note,
    };
    act(&state, &user, path.into_inner(), move |c, actor, r, now| {
        episodes::ask_police_to_stay(c, actor, r, &input, now)
    })
    .await
}

/// The officer agrees or declines to stay (officers of the episode's force).
#[utoipa::path(post, path = "/api/v1/episodes/{reference}/stay-request/answer", tag = "episodes", request_body = StayAnswer,
    params(("reference" = String, Path, example = "S136-2026-000042")),
    responses((status = 200, description = "OK", body = EpisodeJson), (status = 400, description = "Malformed JSON, wrong types or unknown codes (bad_request)", body = ErrorBody), (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = ErrorBody),
        (status = 403, description = "The caller's role may not do this (forbidden)", body = ErrorBody), (status = 404, description = "Unknown, or outside the caller's scope (not_found)", body = ErrorBody), (status = 409, description = "No request, or already answered (conflict)", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB (payload_too_large)", body = ErrorBody), (status = 415, description = "Body is not JSON (unsupported_media_type)", body = ErrorBody), (status = 422, description = "A rule was broken (validation_failed, with fields)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn answer_stay(
    user: ApiUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<StayAnswer>,
) -> Result<HttpResponse, ApiError> {
    let agreed = body.into_inner().agreed;
    act(&state, &user, path.into_inner(), move |c, actor, r, now| {
        episodes::answer_stay_request(c, actor, r, agreed, now)
    })
    .await
}

/// Correct a recorded time: by the role that recorded it (health staff of the
/// same site) or a manager in scope, with a reason. Derived figures (time to
/// handover, breach, reporting day and hour) are worked out again, so reports
/// use the corrected value; the audit trail keeps the old and the new value.
#[utoipa::path(post, path = "/api/v1/episodes/{reference}/corrections", tag = "episodes", request_body = Correction,
    params(("reference" = String, Path, example = "S136-2026-000042")),
    responses((status = 200, description = "OK", body = EpisodeJson), (status = 400, description = "Malformed JSON, wrong types or unknown codes (bad_request)", body = ErrorBody), (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = ErrorBody),
        (status = 403, description = "The caller did not record this kind of time and is not a manager (forbidden)", body = ErrorBody), (status = 404, description = "Unknown, or outside the caller's scope (not_found)", body = ErrorBody), (status = 409, description = "The episode changed (version_conflict)", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB (payload_too_large)", body = ErrorBody), (status = 415, description = "Body is not JSON (unsupported_media_type)", body = ErrorBody), (status = 422, description = "No such time recorded, the same time, no reason, an ordering rule broken, or a new breach without a delay reason (validation_failed, with fields)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn correct(
    user: ApiUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<Correction>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let input = CorrectionInput {
        field: Some(b.field.code().to_string()),
        stay: b.stay,
        extension: b.extension,
        check: b.check,
        new_time: utc(Some(b.new_time)),
        reason: Some(b.reason),
        delay_reason: b.delay_reason.map(|r| r.code().to_string()),
        delay_note: b.delay_note,
        expected_version: b.version,
    };
    act(&state, &user, path.into_inner(), move |c, actor, r, now| {
        correct_time(c, actor, r, &input, now)
    })
    .await
}
