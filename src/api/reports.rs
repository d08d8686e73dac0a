//! `GET /api/v1/reports/summary`: the report page's headline figures, from the
//! same function, so page and API agree exactly.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::model::ErrorBody;
use super::{ApiError, ApiUser};
use crate::domain::reports::{self, ReportQuery, Summary};
use crate::domain::time::london;
use crate::http::AppState;
use crate::http::with_db;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// First Europe/London calendar day, YYYY-MM-DD (default: 30 days ago).
    #[param(value_type = Option<chrono::NaiveDate>)]
    from: Option<String>,
    /// Last Europe/London calendar day, inclusive, YYYY-MM-DD (default: today).
    #[param(value_type = Option<chrono::NaiveDate>)]
    to: Option<String>,
    /// Site code.
    #[param(pattern = "^([A-Za-z0-9_-]{2,16})?$")]
    site: Option<String>,
    /// Force code.
    #[param(pattern = "^([A-Za-z0-9_-]{2,16})?$")]
    force: Option<String>,
}

/// Headline breach figures for a window, in the caller's scope (managers and administrators).
/// Percentiles are nearest-rank.
#[utoipa::path(get, path = "/api/v1/reports/summary", tag = "reports", params(SummaryQuery),
    responses(
        (status = 200, description = "OK", body = Summary),
        (status = 400, description = "The query string could not be read (bad_request)", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked token (unauthorized)", body = ErrorBody),
        (status = 403, description = "Only managers and administrators see reports (forbidden)", body = ErrorBody),
        (status = 422, description = "A date or code is not valid (validation_failed, with fields)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn summary(
    user: ApiUser,
    state: web::Data<AppState>,
    query: web::Query<SummaryQuery>,
) -> Result<HttpResponse, ApiError> {
    crate::domain::policy::REPORTS.check_role(&user.0)?;
    let q = query.into_inner();
    let raw = ReportQuery {
        from: q.from.unwrap_or_default(),
        to: q.to.unwrap_or_default(),
        site: q.site.unwrap_or_default(),
        force: q.force.unwrap_or_default(),
        ..Default::default()
    };
    let (scope, today) = (user.0.scope(), london(state.now()).date_naive());
    let s = with_db(&state, move |c| {
        let filter = reports::parse_filter(c, scope, &raw, today)?;
        reports::summary(c, scope, &filter)
    })
    .await?;
    Ok(HttpResponse::Ok().json(s))
}
