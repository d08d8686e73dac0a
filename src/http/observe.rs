//! Around every request: a request id (returned in `X-Request-Id` and carried
//! by every log line of the request), one log line when it is answered, and
//! the request metrics.
//!
//! The log line names the route template (`/episodes/{reference}`), never the
//! path as sent, its query string or its body: those can hold what staff
//! typed, and a log is no place for personal data.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;
use std::time::Instant;
use tracing::Instrument;

use super::AppState;
use super::metrics::UNMATCHED;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A request id a trusted proxy may pass on: short, and only characters that
/// cannot forge a log line or a header.
fn acceptable(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The proxy's `X-Request-Id` when the peer is a trusted proxy and the id is
/// acceptable; else a new one (a client could send anything).
fn request_id(req: &ServiceRequest, state: Option<&AppState>) -> String {
    let trusted = match (state, req.peer_addr()) {
        (Some(s), Some(peer)) => s.trusted_proxies.contains(&peer.ip()),
        _ => false,
    };
    trusted
        .then(|| req.headers().get(&REQUEST_ID)?.to_str().ok())
        .flatten()
        .filter(|id| acceptable(id))
        .map(str::to_string)
        .unwrap_or_else(|| crate::domain::auth::random_token(12))
}

pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let start = Instant::now();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let id = request_id(&req, state.as_ref().map(|s| s.get_ref()));
    let method = req.method().to_string();
    let span = tracing::info_span!("request", request_id = %id);
    let result = next.call(req).instrument(span.clone()).await;
    let seconds = start.elapsed().as_secs_f64();
    let _in = span.enter();
    match result {
        Ok(mut res) => {
            let route = res
                .request()
                .match_pattern()
                .unwrap_or_else(|| UNMATCHED.to_string());
            let status = res.status().as_u16();
            if let Some(s) = &state {
                s.metrics.observe(&method, &route, status, seconds);
            }
            tracing::info!(
                target: "s136::http",
                request_id = %id,
                method = %method,
                route = %route,
                status,
                ms = (seconds * 1000.0 * 10.0).round() / 10.0,
                "request"
            );
            if let Ok(v) = HeaderValue::from_str(&id) {
                res.headers_mut().insert(REQUEST_ID, v);
            }
            Ok(res)
        }
        Err(e) => {
            // Errors are turned into responses further in; one reaching here
            // never became a response with a route.
            tracing::warn!(target: "s136::http", request_id = %id, method = %method, "request failed: {e}");
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::acceptable;

    #[test]
    fn only_short_plain_ids_are_passed_on() {
        assert!(acceptable("a1b2-c3_d4.e5"));
        assert!(!acceptable(""));
        assert!(!acceptable(&"a".repeat(65)));
        assert!(!acceptable("abc\ndef"));
        assert!(!acceptable("abc def"));
        assert!(!acceptable("name=Jane"));
    }
}
