//! `GET /reports`: filters in the query string, figures, charts and tables.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;

use super::{Table, charts, pct, tables};
use crate::db::orgs::{self, Force, Site};
use crate::domain::auth::Scope;
use crate::domain::reports::{self, Period, Report, ReportFilter, ReportQuery};
use crate::domain::rules::SiteKind;
use crate::domain::time::{duration_hm, london};
use crate::error::{AppError, ErrorKind, FieldErrors};
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, with_db};

pub struct Chart {
    pub svg: String,
    pub text: String,
}

pub struct View {
    pub heading: String,
    /// Pre-alerts: how many arrivals were announced, and how far ahead.
    pub prealerts: String,
    pub previous_heading: Option<String>,
    pub breached_only: bool,
    pub share_link: String,
    pub csv_query: String,
    pub headline: Table,
    pub bands: Table,
    pub periods: Table,
    pub sites: Table,
    pub forces: Table,
    pub reasons: Table,
    pub hours: Table,
    pub weekdays: Table,
    pub rate_chart: Chart,
    pub median_chart: Chart,
    pub histogram_chart: Chart,
    pub sites_chart: Chart,
    pub unit: &'static str,
    pub target: i64,
}

#[derive(Template)]
#[template(path = "reports.html")]
pub struct ReportPage {
    l: Layout,
    errors: FieldErrors,
    period: String,
    from: String,
    to: String,
    force: String,
    site: String,
    kind: String,
    breached: bool,
    periods: &'static [Period],
    forces: Vec<Force>,
    sites: Vec<Site>,
    kinds: &'static [SiteKind],
    view: Option<View>,
}

pub fn day_label(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// Forces and sites the reader may choose from.
pub fn choices(
    conn: &mut crate::db::DbConn,
    scope: Scope,
) -> Result<(Vec<Force>, Vec<Site>), AppError> {
    let forces = orgs::list_forces(conn)?
        .into_iter()
        .filter(|f| !matches!(scope, Scope::Force(id) if id != f.id))
        .collect();
    let sites = orgs::list_sites(conn)?
        .into_iter()
        .filter(|s| !matches!(scope, Scope::Site(id) if id != s.id))
        .collect();
    Ok((forces, sites))
}

fn extremes(points: &[(String, Option<f64>)], fmt: impl Fn(f64) -> String) -> String {
    let known: Vec<&(String, Option<f64>)> = points.iter().filter(|p| p.1.is_some()).collect();
    let (Some(first), Some(last)) = (known.first(), known.last()) else {
        return "No stays were handed over in this period.".into();
    };
    let hi = known
        .iter()
        .max_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal))
        .unwrap_or(first);
    let lo = known
        .iter()
        .min_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal))
        .unwrap_or(first);
    let v = |p: &(String, Option<f64>)| fmt(p.1.unwrap_or(0.0));
    format!(
        "First, {}: {}. Highest, {}: {}. Lowest, {}: {}. Latest, {}: {}.",
        first.0,
        v(first),
        hi.0,
        v(hi),
        lo.0,
        v(lo),
        last.0,
        v(last)
    )
}

/// The page's content: tables, charts and their texts.
pub fn build_view(r: &Report, f: &ReportFilter) -> Result<View, AppError> {
    let mut t = tables(r, f).into_iter();
    let mut next = || {
        t.next()
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("report table missing")))
    };
    let (headline, bands, periods, sites, forces, reasons, hours, weekdays) = (
        next()?,
        next()?,
        next()?,
        next()?,
        next()?,
        next()?,
        next()?,
        next()?,
    );
    let s = &r.summary;
    let unit = r.unit.noun();
    let short = |p: &reports::PeriodRow| match r.unit {
        reports::Unit::Week => p.from.format("%-d %b").to_string(),
        reports::Unit::Month => p.from.format("%b %y").to_string(),
        reports::Unit::Year => p.from.format("%Y").to_string(),
    };
    let rate_points: Vec<(String, Option<f64>)> = r
        .by_period
        .iter()
        .map(|p| {
            let rate = (p.counts.handed_over > 0)
                .then(|| p.counts.breaches as f64 / p.counts.handed_over as f64 * 100.0);
            (short(p), rate)
        })
        .collect();
    let median_points: Vec<(String, Option<f64>)> = r
        .by_period
        .iter()
        .map(|p| (short(p), p.median_seconds.map(|s| s as f64 / 60.0)))
        .collect();
    let long_points = |pts: &[(String, Option<f64>)]| -> Vec<(String, Option<f64>)> {
        pts.iter()
            .zip(&r.by_period)
            .map(|(p, row)| (row.label.clone(), p.1))
            .collect()
    };
    let rate_text = format!(
        "Breach rate by {unit}. {}",
        extremes(&long_points(&rate_points), |v| format!(
            "{}%",
            (v * 10.0).round() / 10.0
        ))
    );
    let median_text = format!(
        "Median minutes to handover by {unit}. {}",
        extremes(&long_points(&median_points), |v| format!(
            "{} minutes",
            (v * 10.0).round() / 10.0
        ))
    );
    let rate_svg = charts::line(
        "chart-rate",
        &format!("Breach rate by {unit}"),
        &rate_text,
        "Breach rate (%)",
        &rate_points,
        10.0,
        None,
    )?;
    let median_svg = charts::line(
        "chart-median",
        &format!("Median minutes to handover by {unit}"),
        &median_text,
        "Median minutes",
        &median_points,
        10.0,
        Some((r.target_minutes as f64, "Target")),
    )?;

    let bins: Vec<(i64, Option<i64>, i64)> = r
        .histogram
        .iter()
        .map(|b| (b.lower, b.upper, b.count))
        .collect();
    let over: i64 = s.breaches;
    let top_bin = r.histogram.iter().max_by_key(|b| b.count);
    let histogram_text = if s.handed_over == 0 {
        "No stays were handed over in this period.".to_string()
    } else {
        format!(
            "{} stays handed over; {} ({}) were breaches, handed over after more than {} minutes. \
             The most common time to handover was {}. The longest was {}.",
            s.handed_over,
            over,
            s.breach_rate.map(pct).unwrap_or_default(),
            r.target_minutes,
            top_bin
                .map(|b| match b.upper {
                    Some(u) => format!("over {} up to {} minutes", b.lower, u),
                    None => format!("over {} minutes", b.lower),
                })
                .unwrap_or_default(),
            s.figures.max_seconds.map(duration_hm).unwrap_or_default()
        )
    };
    let histogram_svg = charts::histogram(
        "chart-histogram",
        "Time to handover: how many stays waited how long",
        &histogram_text,
        &bins,
        r.target_minutes,
    )?;

    let top_sites: Vec<(String, i64)> = s
        .by_site
        .iter()
        .filter(|x| x.breaches > 0)
        .take(10)
        .map(|x| (x.name.clone(), x.breaches))
        .collect();
    let sites_text = if top_sites.is_empty() {
        "No breaches at any place of safety in this period.".to_string()
    } else {
        format!(
            "Places of safety with the most breaches: {}.",
            top_sites
                .iter()
                .map(|(n, b)| format!("{n}, {b}"))
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    let sites_svg = charts::bars(
        "chart-sites",
        "Breaches by place of safety (the ten with most)",
        &sites_text,
        "Breaches",
        &top_sites,
    )?;

    let pairs = f.pairs();
    let csv_query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    Ok(View {
        prealerts: prealert_words(s),
        heading: format!("{} to {}", day_label(f.from), day_label(f.to)),
        previous_heading: f
            .previous()
            .map(|p| format!("{} to {}", day_label(p.from), day_label(p.to))),
        breached_only: f.breached_only,
        share_link: format!("/reports?{csv_query}"),
        csv_query,
        headline,
        bands,
        periods,
        sites,
        forces,
        reasons,
        hours,
        weekdays,
        rate_chart: Chart {
            svg: rate_svg,
            text: rate_text,
        },
        median_chart: Chart {
            svg: median_svg,
            text: median_text,
        },
        histogram_chart: Chart {
            svg: histogram_svg,
            text: histogram_text,
        },
        sites_chart: Chart {
            svg: sites_svg,
            text: sites_text,
        },
        unit,
        target: r.target_minutes,
    })
}

pub async fn show(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, AppError> {
    crate::domain::policy::REPORTS.check_role(&user.actor)?;
    let q = query.into_inner();
    let scope = user.actor.scope();
    let today = london(state.now()).date_naive();
    let qc = q.clone();
    let (choices, outcome) = with_db(&state, move |c| {
        let choices = choices(c, scope)?;
        let outcome = match reports::parse_filter(c, scope, &qc, today) {
            Ok(f) => {
                let r = reports::report(c, scope, &f)?;
                Ok((f, r))
            }
            Err(e) if e.kind == ErrorKind::ValidationFailed => Err(e.fields),
            Err(e) => return Err(e),
        };
        Ok((choices, outcome))
    })
    .await?;
    let (forces, sites) = choices;
    let (errors, view, period, from, to) = match outcome {
        Ok((f, r)) => {
            let view = build_view(&r, &f)?;
            (
                FieldErrors::default(),
                Some(view),
                f.period.code().to_string(),
                f.from.to_string(),
                f.to.to_string(),
            )
        }
        Err(fields) => (fields, None, q.period.clone(), q.from.clone(), q.to.clone()),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render(
        status,
        &ReportPage {
            l: Layout::new("Breach report", &user, "/reports"),
            errors,
            period,
            from,
            to,
            force: q.force.trim().to_ascii_uppercase(),
            site: q.site.trim().to_ascii_uppercase(),
            kind: q.kind.trim().to_string(),
            breached: matches!(q.breached.trim(), "1" | "true" | "on"),
            periods: Period::ALL,
            forces,
            sites,
            kinds: SiteKind::ALL,
            view,
        },
    ))
}

/// "12 of the arrivals (30%) were pre-alerted, a median of 14 minutes ahead."
fn prealert_words(s: &reports::Summary) -> String {
    match (s.prealert_share, s.prealert_median_minutes) {
        (Some(share), Some(median)) => format!(
            "{} of the arrivals ({}%) {} pre-alerted, a median of {} minutes before {} arrived.",
            s.prealerted,
            (share * 1000.0).round() / 10.0,
            if s.prealerted == 1 { "was" } else { "were" },
            median.round(),
            if s.prealerted == 1 { "it" } else { "they" },
        ),
        (Some(_), None) => "None of the arrivals was pre-alerted.".to_string(),
        _ => String::new(),
    }
}
