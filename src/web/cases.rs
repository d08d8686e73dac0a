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
use crate::db::episodes::{StatusFilter, StayFilter, count_stays, list_stays};
use crate::db::orgs::{self, Force, Site};
use crate::domain::lang::Msg;
use crate::domain::reports::BANDS;
use crate::domain::rules::{DelayReason, SiteKind};
use crate::domain::time::to_db;
use crate::domain::types::OrgCode;
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::msg;

const PAGE: i64 = 100;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CaseQuery {
    pub from: String,
    pub to: String,
    pub site: String,
    pub force: String,
    pub breached: String,
    pub kind: String,
    /// open, handed_over, cancelled or not_cancelled.
    pub status: String,
    /// A report band code (`domain::reports::BANDS`).
    pub band: String,
    /// A delay reason code, or `none`.
    pub reason: String,
    /// `agreed`: police agreed to a request to stay; `not_agreed`: no request,
    /// or one declined or never answered.
    pub stay: String,
    /// Hour of arrival, 0-23, UK time.
    pub hour: String,
    /// Day of the week of arrival, 1 (Monday) to 7.
    pub dow: String,
    pub page: String,
    /// A case reference (or part of one) or a collar number.
    pub q: String,
}

/// What a search box asks for: references and collar numbers are upper case.
pub fn search_term(raw: &str) -> Option<String> {
    let t = raw.trim();
    (!t.is_empty()).then(|| t.chars().take(40).collect::<String>().to_uppercase())
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
    total: i64,
    kinds: &'static [SiteKind],
    /// The drill-down filters in words, and the same list without them.
    narrowed: Vec<Msg>,
    widen_link: String,
    /// Drill-down filters kept when the form is sent again.
    hidden: Vec<(&'static str, String)>,
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
        .map_err(|_| errors.add(field, "cases-error-date"))
        .ok()
}

fn link(q: &CaseQuery, page: i64) -> String {
    let pairs = [
        ("from", q.from.as_str()),
        ("to", q.to.as_str()),
        ("site", q.site.as_str()),
        ("force", q.force.as_str()),
        ("kind", q.kind.as_str()),
        ("breached", q.breached.as_str()),
        ("status", q.status.as_str()),
        ("band", q.band.as_str()),
        ("reason", q.reason.as_str()),
        ("stay", q.stay.as_str()),
        ("hour", q.hour.as_str()),
        ("dow", q.dow.as_str()),
        ("q", q.q.as_str()),
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

/// The filters that report drill-down links add, validated.
#[derive(Clone, Default)]
struct Narrowing {
    kind: Option<SiteKind>,
    status: Option<StatusFilter>,
    /// (over, at most) seconds to handover.
    seconds: Option<(i64, Option<i64>)>,
    reason: Option<Option<String>>,
    stay_agreed: Option<bool>,
    hour: Option<i16>,
    dow: Option<i16>,
    words: Vec<Msg>,
}

fn parse_narrowing(q: &CaseQuery, errors: &mut FieldErrors) -> Narrowing {
    let mut n = Narrowing::default();
    match q.kind.trim() {
        "" => {}
        code => match SiteKind::parse(code) {
            Some(k) => n.kind = Some(k),
            None => errors.add("kind", "cases-error-kind"),
        },
    }
    let status = match q.status.trim() {
        "" => None,
        "open" => Some((StatusFilter::Open, "cases-narrow-open")),
        "handed_over" => Some((StatusFilter::HandedOver, "cases-narrow-handed-over")),
        "cancelled" => Some((StatusFilter::Cancelled, "cases-narrow-cancelled")),
        "not_cancelled" => Some((StatusFilter::NotCancelled, "cases-narrow-not-cancelled")),
        _ => {
            errors.add("status", "cases-error-status");
            None
        }
    };
    if let Some((s, w)) = status {
        n.status = Some(s);
        n.words.push(Msg::new(w));
    }
    match q.band.trim() {
        "" => {}
        code => match BANDS.iter().find(|b| b.0 == code) {
            Some((_, label, lower, upper)) => {
                // The lowest band includes 0 seconds.
                let over = if *lower == 0 { -1 } else { lower * 60 };
                n.seconds = Some((over, upper.map(|u| u * 60)));
                n.words
                    .push(msg!("cases-narrow-band", band = Msg::new(label)));
            }
            None => errors.add("band", "cases-error-band"),
        },
    }
    match q.reason.trim() {
        "" => {}
        "none" => {
            n.reason = Some(None);
            n.words.push(Msg::new("cases-narrow-no-reason"));
        }
        code => match DelayReason::parse(code) {
            Some(r) => {
                n.reason = Some(Some(r.code().to_string()));
                n.words
                    .push(msg!("cases-narrow-reason", reason = Msg::new(r.label())));
            }
            None => errors.add("reason", "cases-error-reason"),
        },
    }
    match q.stay.trim() {
        "" => {}
        "agreed" => {
            n.stay_agreed = Some(true);
            n.words.push(Msg::new("cases-narrow-stay-agreed"));
        }
        "not_agreed" => {
            n.stay_agreed = Some(false);
            n.words.push(Msg::new("cases-narrow-stay-not-agreed"));
        }
        _ => errors.add("stay", "cases-error-stay"),
    }
    match q.hour.trim() {
        "" => {}
        h => match h.parse::<i16>() {
            Ok(h) if (0..24).contains(&h) => {
                n.hour = Some(h);
                n.words
                    .push(msg!("cases-narrow-hour", hour = format!("{h:02}")));
            }
            _ => errors.add("hour", "cases-error-hour"),
        },
    }
    match q.dow.trim() {
        "" => {}
        d => match d.parse::<i16>() {
            Ok(d) if (1..=7).contains(&d) => {
                n.dow = Some(d);
                n.words.push(msg!("cases-narrow-weekday", day = d));
            }
            _ => errors.add("dow", "cases-error-weekday"),
        },
    }
    n
}

pub async fn show(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<CaseQuery>,
) -> Result<HttpResponse, AppError> {
    crate::domain::policy::CASE_LIST.check_role(&user.actor)?;
    let q = query.into_inner();
    let mut errors = FieldErrors::default();
    let from = parse_day(&q.from, "from", &mut errors);
    let to = parse_day(&q.to, "to", &mut errors);
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        errors.add("to", "cases-error-dates-order");
    }
    let narrow = parse_narrowing(&q, &mut errors);
    // A code that cannot exist (a NUL, a space) is a mistake in the address;
    // a well-formed unknown one simply matches nothing.
    for (field, code) in [("site", &q.site), ("force", &q.force)] {
        if !code.is_empty() && OrgCode::parse(code).is_err() {
            errors.add(field, "cases-error-code");
        }
    }
    let page = q.page.trim().parse::<i64>().unwrap_or(1).clamp(1, 100_000);
    let now = state.now();
    let scope = user.actor.scope();
    let (qc, ok) = (q.clone(), errors.is_empty());
    let narrow_c = narrow.clone();
    let (sites, forces, stays, total, target) = with_db(&state, move |c| {
        let sites = orgs::list_sites(c)?;
        let forces = orgs::list_forces(c)?;
        let target = orgs::target_minutes(c)?;
        if !ok {
            return Ok((sites, forces, Vec::new(), 0, target));
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
            site_kind: narrow_c.kind.map(|k| k.code().to_string()),
            status: narrow_c.status,
            seconds_over: narrow_c.seconds.map(|(over, _)| over),
            seconds_at_most: narrow_c.seconds.and_then(|(_, at_most)| at_most),
            delay_reason: narrow_c.reason.clone(),
            stay_agreed: narrow_c.stay_agreed,
            local_hour: narrow_c.hour,
            local_dow: narrow_c.dow,
            include_cancelled: true,
            search: search_term(&qc.q),
            limit: PAGE + 1,
            offset: (page - 1) * PAGE,
            ..Default::default()
        };
        let total = count_stays(c, scope, &filter)?;
        Ok((sites, forces, list_stays(c, scope, &filter)?, total, target))
    })
    .await?;
    let more = stays.len() as i64 > PAGE;
    let lang = user.reader.lang;
    let mut rows = case_rows(stays, target, now, lang);
    rows.truncate(PAGE as usize);
    super::episodes::safeguards_view::label_rows(&state, &mut rows, lang).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render(
        status,
        &CasesPage {
            l: Layout::new("cases-title", &user, "/cases"),
            errors,
            prev_link: (page > 1).then(|| link(&q, page - 1)),
            next_link: more.then(|| link(&q, page + 1)),
            widen_link: link(
                &CaseQuery {
                    status: String::new(),
                    band: String::new(),
                    reason: String::new(),
                    stay: String::new(),
                    hour: String::new(),
                    dow: String::new(),
                    ..q.clone()
                },
                1,
            ),
            narrowed: narrow.words,
            hidden: [
                ("status", &q.status),
                ("band", &q.band),
                ("reason", &q.reason),
                ("stay", &q.stay),
                ("hour", &q.hour),
                ("dow", &q.dow),
            ]
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k, v.clone()))
            .collect(),
            q,
            sites,
            forces,
            rows,
            total,
            kinds: SiteKind::ALL,
            page,
        },
    ))
}
