use actix_web::{HttpResponse, web};
use diesel::connection::SimpleConnection;

use super::with_db;
use crate::http::AppState;

/// 200 when the database answers, 503 when it does not.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let ok = with_db(&state, |c| {
        c.batch_execute("SELECT 1").map_err(crate::AppError::from)
    })
    .await;
    match ok {
        Ok(()) => HttpResponse::Ok()
            .content_type("application/json")
            .body(r#"{"status":"ok"}"#),
        Err(_) => HttpResponse::ServiceUnavailable()
            .content_type("application/json")
            .body(r#"{"status":"unavailable"}"#),
    }
}
