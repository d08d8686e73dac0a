//! `GET /metrics` in the Prometheus text format. On the main address it asks
//! for `Authorization: Bearer $S136_METRICS_TOKEN` (and is not there at all
//! without a token); on `S136_METRICS_BIND`, a separate address meant for a
//! private network, it answers without one.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use super::with_db;
use crate::domain::auth::same_secret;
use crate::domain::operations::live_figures;
use crate::error::AppError;
use crate::http::metrics::PoolUse;
use crate::http::{AppState, get};

/// App data marking the separate metrics address: no token asked there.
#[derive(Clone, Copy)]
pub struct OpenMetrics;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/metrics", get().to(scrape));
}

fn bearer(req: &HttpRequest) -> Option<&str> {
    req.headers()
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
}

pub async fn scrape(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if req.app_data::<OpenMetrics>().is_none() {
        let Some(token) = state.metrics.token() else {
            return HttpResponse::NotFound()
                .content_type("text/plain; charset=utf-8")
                .body("Not found\n");
        };
        if !bearer(&req).is_some_and(|b| same_secret(b, token)) {
            return HttpResponse::Unauthorized()
                .insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"metrics\""))
                .content_type("text/plain; charset=utf-8")
                .body("A valid metrics token is required.\n");
        }
    }
    let now = state.now();
    let live = with_db(&state, move |c| live_figures(c, now)).await;
    let s = state.pool.state();
    let pool = PoolUse {
        connections: s.connections,
        idle: s.idle_connections,
        max: state.pool.max_size(),
    };
    match live.and_then(|l| {
        state
            .metrics
            .render(pool, &l)
            .map_err(|e| AppError::internal(anyhow::anyhow!("metrics: {e}")))
    }) {
        Ok(text) => HttpResponse::Ok()
            .content_type("text/plain; version=0.0.4; charset=utf-8")
            .body(text),
        // The scraper records the failure; the database being down is what
        // /healthz reports too.
        Err(e) => {
            log::warn!("metrics scrape failed: {}", crate::i18n::en(&e.message));
            HttpResponse::ServiceUnavailable()
                .content_type("text/plain; charset=utf-8")
                .body("The database did not answer.\n")
        }
    }
}
