//! `GET /events`: the signed-in page's live stream (server-sent events, in
//! the session's scope). The stream re-reads the session at every heartbeat
//! and ends when it has been signed out or has expired.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::session::{CurrentUser, SESSION_COOKIE, read_cookie};
use crate::domain::{auth, policy};
use crate::error::AppError;
use crate::http::live::{self, Recheck};
use crate::http::{AppState, with_db};

#[derive(Deserialize)]
pub struct After {
    /// The last event the page already shows (its render), for the first connection.
    after: Option<i64>,
}

pub async fn events(
    req: HttpRequest,
    user: CurrentUser,
    state: web::Data<AppState>,
    q: web::Query<After>,
) -> Result<HttpResponse, AppError> {
    policy::LIVE.check_role(&user.actor)?;
    let token = read_cookie(&req, SESSION_COOKIE, state.secure_cookies).unwrap_or_default();
    let st = state.get_ref().clone();
    let recheck: Recheck = Box::new(move || {
        let (st, token) = (st.clone(), token.clone());
        Box::pin(async move {
            let now = st.now();
            with_db(&st, move |c| auth::session(c, &token, now))
                .await
                .ok()
                .flatten()
                .map(|s| s.actor)
        })
    });
    let after = live::start_after(
        req.headers()
            .get("last-event-id")
            .and_then(|v| v.to_str().ok()),
        q.after,
    );
    live::stream(state.get_ref().clone(), user.actor, after, recheck).await
}
