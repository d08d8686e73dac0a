//! `GET /reports/home-office?fy=2025`: the Home Office annual return as
//! accessible tables, and `GET /reports/home-office.csv?fy=2025` as one CSV
//! (UTF-8 with BOM, formula-safe, ISO dates) with a row per category.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::export::table_csv;
use super::{Cell, Table, col, long_date};
use crate::domain::home_office::{self, FIRST_YEAR, HomeOfficeReturn, build, parse_year, year_of};
use crate::domain::time::london;
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::i18n::{Lang, render, text};
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::with_db;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReturnQuery {
    pub fy: String,
    /// The CSV's language, `en` or `cy` (else the reader's).
    pub lang: String,
}

pub struct YearOption {
    pub value: i32,
    pub label: String,
}

#[derive(Template)]
#[template(path = "home_office.html")]
pub struct ReturnPage {
    l: Layout,
    errors: FieldErrors,
    fy: String,
    years: Vec<YearOption>,
    r: Option<HomeOfficeReturn>,
    heading: String,
}

/// The return's rows as one table: section, code, label (in `lang`) and
/// counts, the "not recorded" row and a total per section.
pub fn return_table(r: &HomeOfficeReturn, lang: Lang) -> Table {
    let l = lang;
    let mut rows = Vec::new();
    let mut push = |section: &str, code: &str, label: &str, row: &home_office::Row| {
        rows.push(vec![
            Cell::date(l, r.from),
            Cell::date(l, r.to),
            Cell::text(section),
            Cell::text(code),
            Cell::text(text(l, label)),
            Cell::count(row.s136, None),
            Cell::count(row.s135, None),
            Cell::count(row.total(), None),
        ]);
    };
    push("detentions", "total", "report-ho-detentions", &r.detentions);
    for s in &r.sections {
        for row in &s.rows {
            push(s.id, row.code.unwrap_or("not_recorded"), row.label, row);
        }
        push(s.id, "total", "report-ho-total", &s.total());
    }
    Table {
        id: "home-office",
        caption: render(
            l,
            &crate::msg!("report-ho-caption", year = home_office::label(r.year)),
        ),
        columns: vec![
            col(l, "first_day", "report-ho-col-first-day", false),
            col(l, "last_day", "report-ho-col-last-day", false),
            col(l, "section", "report-ho-col-section", false),
            col(l, "code", "report-col-code", false),
            col(l, "label", "report-ho-col-category", false),
            col(l, "s136", "report-ho-s136", true),
            col(l, "s135", "report-ho-col-s135", true),
            col(l, "total", "report-ho-total", true),
        ],
        rows,
    }
}

fn years(current: i32) -> Vec<YearOption> {
    (FIRST_YEAR..=current)
        .rev()
        .map(|y| YearOption {
            value: y,
            label: home_office::label(y),
        })
        .collect()
}

pub async fn show(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<ReturnQuery>,
) -> Result<HttpResponse, AppError> {
    crate::domain::policy::REPORTS.check_role(&user.actor)?;
    let raw = query.into_inner().fy;
    let today = london(state.now()).date_naive();
    let mut errors = FieldErrors::default();
    let year = parse_year(&raw, today)
        .map_err(|m| errors.add("fy", m))
        .ok();
    let r = match year {
        Some(fy) => {
            let actor = user.actor.clone();
            Some(with_db(&state, move |c| build(c, &actor, fy)).await?)
        }
        None => None,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let lang = user.reader.lang;
    let heading = r
        .as_ref()
        .map(|r| {
            render(
                lang,
                &crate::msg!(
                    "report-ho-heading",
                    year = home_office::label(r.year),
                    from = long_date(lang, r.from),
                    to = long_date(lang, r.to)
                ),
            )
        })
        .unwrap_or_default();
    Ok(crate::web::render(
        status,
        &ReturnPage {
            l: Layout::new("report-ho-title", &user, "/reports"),
            errors,
            fy: year.map(|y| y.to_string()).unwrap_or(raw),
            years: years(year_of(today)),
            r,
            heading,
        },
    ))
}

pub async fn csv(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<ReturnQuery>,
) -> Result<HttpResponse, AppError> {
    crate::domain::policy::REPORTS.check_role(&user.actor)?;
    let today = london(state.now()).date_naive();
    let q = query.into_inner();
    let lang = Lang::parse(q.lang.trim()).unwrap_or(user.reader.lang);
    let fy = parse_year(&q.fy, today).map_err(AppError::bad_request)?;
    let actor = user.actor.clone();
    let r = with_db(&state, move |c| build(c, &actor, fy)).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!(
                "attachment; filename=\"s136-home-office-return-{}-to-{}.csv\"",
                r.from, r.to
            ),
        ))
        .body(table_csv(&return_table(&r, lang), lang)?))
}
