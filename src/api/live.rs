//! `GET /api/v1/events`: the live stream for a token's holder (a control
//! room's dashboard, an integration). The token is checked again at every
//! heartbeat: a revoked token's stream ends.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{ApiError, ApiUser, bearer};
use crate::domain::{policy, tokens};
use crate::http::live::{self, Recheck};
use crate::http::{AppState, with_db};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct After {
    /// Start after this event id (as `Last-Event-ID` does; the header wins).
    #[param(minimum = 0)]
    after: Option<i64>,
}

/// Server-sent events: one per change in the caller's scope.
///
/// `text/event-stream`. Each event has `id` (a database sequence: resume with
/// `Last-Event-ID`; events are kept 7 days), `event` (`arrival`, `prealert`,
/// `prealert_cancelled`, `handover_offered`, `handover`, `stay_request`,
/// `stay_answer`, `police_left`, `transfer`, `extension`, `end`, `cancel`,
/// `correction`, `health_check`, `escalation` (a stay reached an escalation threshold), `update`; `reset` when the events after
/// the given id are no longer kept: reload everything) and `data`, one line
/// of JSON with at least `id`, `type`, `reference` (cases) or `prealert`,
/// `site`, `force` and `at`. A comment line every 15 seconds keeps it open.
/// At most 6 streams per user (429).
#[utoipa::path(get, path = "/api/v1/events", operation_id = "events", tag = "live",
    params(After, ("Last-Event-ID" = Option<i64>, Header, description = "Resume after this event id")),
    responses(
        (status = 200, description = "The stream", content_type = "text/event-stream", body = String),
        (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = super::model::ErrorBody),
        (status = 429, description = "Too many streams open for this user (too_many_requests)", body = super::model::ErrorBody)),
    security(("bearer" = [])))]
pub async fn events(
    req: HttpRequest,
    user: ApiUser,
    state: web::Data<AppState>,
    q: web::Query<After>,
) -> Result<HttpResponse, ApiError> {
    policy::LIVE.check_role(&user.0)?;
    let token = bearer(&req).unwrap_or_default();
    let st = state.get_ref().clone();
    let recheck: Recheck = Box::new(move || {
        let (st, token) = (st.clone(), token.clone());
        Box::pin(async move {
            let now = st.now();
            with_db(&st, move |c| tokens::authenticate(c, &token, now))
                .await
                .ok()
                .flatten()
        })
    });
    let after = live::start_after(
        req.headers()
            .get("last-event-id")
            .and_then(|v| v.to_str().ok()),
        q.after,
    );
    Ok(live::stream(state.get_ref().clone(), user.0, after, recheck).await?)
}
