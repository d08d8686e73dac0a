//! Forms are accepted only from this service's own pages. Browsers say where a
//! request came from (`Sec-Fetch-Site`, `Origin`); a request from another site
//! is refused before any handler runs, whatever token it carries. A request
//! with neither header (older browsers without JavaScript, scripts, tests) is
//! left to the CSRF token. Behind a reverse proxy the app must see the public
//! host (nginx: `proxy_set_header Host $host;`, or `X-Forwarded-Host`), or
//! every browser's form would look foreign.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;

use super::session::csrf_failed;

/// Whether a request that changes something came from another site.
fn cross_site(req: &ServiceRequest) -> bool {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .map(|v| v.to_str().unwrap_or("").trim().to_ascii_lowercase())
    };
    // Browsers that send Sec-Fetch-Site say it plainly: trust it.
    if let Some(site) = header("sec-fetch-site") {
        return site == "cross-site" || site == "same-site";
    }
    match header("origin").as_deref() {
        // Our own pages send `Referrer-Policy: no-referrer`, under which a
        // browser's form post carries `Origin: null`: that says nothing about
        // where it came from, so the CSRF token decides.
        None | Some("null") => false,
        Some(origin) => {
            let authority = origin
                .split_once("://")
                .map(|(_, rest)| rest.trim_end_matches('/'))
                .unwrap_or("");
            let host = req.connection_info().host().to_ascii_lowercase();
            authority.is_empty() || authority != host
        }
    }
}

pub async fn refuse_cross_site(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let reads_only = matches!(*req.method(), Method::GET | Method::HEAD);
    if !reads_only && cross_site(&req) {
        return Ok(req.error_response(csrf_failed()).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}
