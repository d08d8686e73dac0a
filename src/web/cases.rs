//! Managers' case list: filters in the query string, breach flags per stay.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{Duration, NaiveDate, TimeZone};
use chrono_tz::Europe::London;
use serde::Deserialize;

use super::episodes::view::{CaseRow, case_rows};
use super::layout::Layout;
use super::session::CurrentUser;
use super::{render, with_db};
use crate::db::episodes::{StayFilter, list_stays};
use crate::db::orgs::{self, Force, Site};
use crate::domain::rules::Role;
use crate::domain::time::to_db;
use crate::error::{AppError, FieldErrors};
use crate::startup::AppState;

const PAGE: i64 = 100;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CaseQuery {
    pub from: String,
    pub to: String,
    pub site: String,
    pub force: String,
    pub breached: String,
    pub page: String,
}

#[derive(Template)]
#[template(path = "cases.html")]
pub struct CasesPage {
    l: Layout,
    errors: FieldErrors,
    q: CaseQuery,
    sites: Vec<Site>,
    forces: Vec<Force>,
    rows: Vec<CaseRow>,
    page: i64,
    prev_link: Option<String>,
    next_link: Option<String>,
}

/// Midnight at the start of a Europe/London calendar day, as UTC.
fn day_start(d: NaiveDate) -> Option<chrono::DateTime<chrono::Utc>> {
    London
        .from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.with_timezone(&chrono::Utc))
}

fn parse_day(raw: &str, field: &str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| errors.add(field, "Enter a real date, for example 2026-11-01"))
        .ok()
}

fn link(q: &CaseQuery, page: i64) -> String {
    let pairs = [
        ("from", q.from.as_str()),
        ("to", q.to.as_str()),
        ("site", q.site.as_str()),
        ("force", q.force.as_str()),
        ("breached", q.breached.as_str()),
    ];
    let mut s = serde_urlencoded::to_string(
        pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .collect::<Vec<_>>(),
    )
    .unwrap_or_default();
    if !s.is_empty() {
        s.push('&');
    }
    format!("/cases?{s}page={page}")
}

pub async fn show(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<CaseQuery>,
) -> Result<HttpResponse, AppError> {
    user.actor
        .require(&[Role::Manager, Role::Admin], "see the case list")?;
    let q = query.into_inner();
    let mut errors = FieldErrors::default();
    let from = parse_day(&q.from, "from", &mut errors);
    let to = parse_day(&q.to, "to", &mut errors);
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        errors.add(
            "to",
            "Enter an end date that is the same as or after the start date",
        );
    }
    let page = q.page.trim().parse::<i64>().unwrap_or(1).clamp(1, 100_000);
    let now = state.now();
    let scope = user.actor.scope();
    let (qc, ok) = (q.clone(), errors.is_empty());
    let (sites, forces, stays, target) = with_db(&state, move |c| {
        let sites = orgs::list_sites(c)?;
        let forces = orgs::list_forces(c)?;
        let target = orgs::target_minutes(c)?;
        if !ok {
            return Ok((sites, forces, Vec::new(), target));
        }
        let site_id = sites.iter().find(|s| s.code == qc.site).map(|s| s.id);
        let force_id = forces.iter().find(|f| f.code == qc.force).map(|f| f.id);
        let filter = StayFilter {
            // An unknown code matches nothing rather than everything.
            site_id: if qc.site.is_empty() {
                None
            } else {
                Some(site_id.unwrap_or(-1))
            },
            force_id: if qc.force.is_empty() {
                None
            } else {
                Some(force_id.unwrap_or(-1))
            },
            arrived_from: from.and_then(day_start).map(to_db),
            arrived_before: to.and_then(|d| day_start(d + Duration::days(1))).map(to_db),
            breached: (qc.breached == "1").then(|| (true, to_db(now - Duration::minutes(target)))),
            include_cancelled: true,
            limit: PAGE + 1,
            offset: (page - 1) * PAGE,
            ..Default::default()
        };
        Ok((sites, forces, list_stays(c, scope, &filter)?, target))
    })
    .await?;
    let more = stays.len() as i64 > PAGE;
    let mut rows = case_rows(stays, target, now);
    rows.truncate(PAGE as usize);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render(
        status,
        &CasesPage {
            l: Layout::new("Cases", &user, "/cases"),
            errors,
            prev_link: (page > 1).then(|| link(&q, page - 1)),
            next_link: more.then(|| link(&q, page + 1)),
            q,
            sites,
            forces,
            rows,
            page,
        },
    ))
}
