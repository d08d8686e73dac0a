//! What both edges (the pages in `web`, the JSON API in `api`) need from the
//! request: the shared state, the database off the worker thread, and the
//! route guard that answers HEAD wherever GET is answered.

pub mod live;
pub mod metrics;
pub mod observe;
pub mod state;

pub use state::{AppState, Clock};

use actix_web::{HttpRequest, Route, guard, web};

use crate::db::DbConn;
use crate::error::AppError;

/// A GET route that also answers HEAD (the server sends the headers only).
pub fn get() -> Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

/// The state, for extractors (handlers take `web::Data<AppState>`).
pub fn state(req: &HttpRequest) -> Result<web::Data<AppState>, AppError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("application state missing")))
}

/// Runs `f` with a pooled connection on the blocking thread pool (diesel is
/// synchronous; actix workers must not block).
pub async fn with_db<T, F>(state: &AppState, f: F) -> Result<T, AppError>
where
    F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let pool = state.pool.clone();
    web::block(move || {
        let mut conn = pool.get()?;
        f(&mut conn)
    })
    .await?
}
