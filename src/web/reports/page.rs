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

/// A headline tile of the dashboard: the figure (as the summary API gives it,
/// in `raw`), its change against the previous period and a small trend line.
pub struct Tile {
    /// The summary API's field name (tests compare the two).
    pub key: &'static str,
    pub label: String,
    pub value: String,
    pub raw: String,
    pub change: String,
    /// What the figure counts, where it needs saying (the threshold).
    pub note: String,
    pub link: Option<String>,
    pub spark: Option<String>,
}

pub struct View {
    pub heading: String,
    /// Pre-alerts: how many arrivals were announced, and how far ahead.
    pub prealerts: String,
    /// "Escalated at 45 minutes: 92% of the breaches (11 of 12)."
    pub escalated: String,
    pub previous_heading: Option<String>,
    pub breached_only: bool,
    pub share_link: String,
    pub csv_query: String,
    pub tiles: Vec<Tile>,
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
    pub reasons_chart: Chart,
    /// Partial periods left out of the over-time charts, in words.
    pub partial_note: String,
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

/// "30 minutes", "1 hour", "1 hour 30 minutes", "8 hours".
pub fn span(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    let hours = match h {
        0 => String::new(),
        1 => "1 hour".to_string(),
        h => format!("{h} hours"),
    };
    match (h, m) {
        (_, 0) if h > 0 => hours,
        (0, m) => format!("{m} minutes"),
        (_, m) => format!("{hours} {m} minutes"),
    }
}

/// A histogram bin in words: "30 minutes or less", "more than 1 hour and up
/// to 1 hour 30 minutes", "more than 8 hours".
pub fn bin_words(lower: i64, upper: Option<i64>) -> String {
    match (lower, upper) {
        (0, Some(u)) => format!("{} or less", span(u)),
        (l, Some(u)) => format!("more than {} and up to {}", span(l), span(u)),
        (l, None) => format!("more than {}", span(l)),
    }
}

/// The change of a figure against the previous period, in words.
fn change_words(now: Option<f64>, before: Option<f64>, unit: &str, has_previous: bool) -> String {
    if !has_previous {
        return "All time: no earlier period to compare".into();
    }
    match (now, before) {
        (Some(n), Some(b)) => {
            let d = ((n - b) * 100.0).round() / 100.0;
            if d > 0.0 {
                format!("Up {d}{unit} on the previous period")
            } else if d < 0.0 {
                format!("Down {}{unit} on the previous period", -d)
            } else {
                "No change on the previous period".into()
            }
        }
        _ => "No figure for the previous period".into(),
    }
}

/// The page's content: tables, charts and their texts.
pub fn build_view(r: &Report, f: &ReportFilter) -> Result<View, AppError> {
    let mut t = tables(r, f).into_iter();
    let mut next = || {
        t.next()
            .map(Table::on_page)
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
    // A period the window cuts short (two days of a week) is not plotted
    // like a whole one: the charts show whole periods, the table has all.
    let whole: Vec<&reports::PeriodRow> =
        r.by_period.iter().filter(|p| !p.partial(r.unit)).collect();
    let parts: Vec<&reports::PeriodRow> =
        r.by_period.iter().filter(|p| p.partial(r.unit)).collect();
    let (plotted, partial_note): (Vec<&reports::PeriodRow>, String) = if whole.is_empty() {
        (
            parts.clone(),
            format!(
                "No whole {unit} in this period: each point is part of a {unit} (see the table for its days)."
            ),
        )
    } else if parts.is_empty() {
        (whole.clone(), String::new())
    } else {
        let list: Vec<String> = parts
            .iter()
            .map(|p| format!("{} ({} days)", p.label, p.days()))
            .collect();
        (
            whole.clone(),
            format!(
                "Part {unit}s are left out of the charts, not out of the figures: {}. They are in the table.",
                list.join(", ")
            ),
        )
    };
    let rate_of = |p: &reports::PeriodRow| {
        (p.counts.handed_over > 0)
            .then(|| p.counts.breaches as f64 / p.counts.handed_over as f64 * 100.0)
    };
    let rate_points: Vec<(String, Option<f64>)> =
        plotted.iter().map(|p| (short(p), rate_of(p))).collect();
    let median_points: Vec<(String, Option<f64>)> = plotted
        .iter()
        .map(|p| (short(p), p.median_seconds.map(|s| s as f64 / 60.0)))
        .collect();
    let long_points = |pts: &[(String, Option<f64>)]| -> Vec<(String, Option<f64>)> {
        pts.iter()
            .zip(&plotted)
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
        (10.0, Some(100.0)),
        None,
    )?;
    let median_svg = charts::line(
        "chart-median",
        &format!("Median minutes to handover by {unit}"),
        &median_text,
        "Median minutes",
        &median_points,
        (10.0, None),
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
             The most common wait was {} ({} stays). The longest was {}.",
            s.handed_over,
            over,
            s.breach_rate.map(pct).unwrap_or_default(),
            r.target_minutes,
            top_bin
                .map(|b| bin_words(b.lower, b.upper))
                .unwrap_or_default(),
            top_bin.map(|b| b.count).unwrap_or_default(),
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

    let top_reasons: Vec<(String, i64)> = r
        .by_reason
        .iter()
        .filter(|x| x.counts.breaches > 0)
        .map(|x| (x.label.clone(), x.counts.breaches))
        .collect();
    let reasons_text = if top_reasons.is_empty() {
        "No breaches in this period.".to_string()
    } else {
        format!(
            "Breaches by the reason recorded for the delay: {}.",
            top_reasons
                .iter()
                .map(|(n, b)| format!("{n}, {b}"))
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    let reasons_svg = charts::bars(
        "chart-reasons",
        "Breaches by delay reason",
        &reasons_text,
        "Breaches",
        &top_reasons,
    )?;

    let pairs = f.pairs();
    let csv_query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    let tiles = tiles(r, f, &plotted)?;
    Ok(View {
        prealerts: prealert_words(s),
        escalated: escalated_words(s),
        heading: format!("{} to {}", day_label(f.from), day_label(f.to)),
        previous_heading: f
            .previous()
            .map(|p| format!("{} to {}", day_label(p.from), day_label(p.to))),
        breached_only: f.breached_only,
        share_link: format!("/reports?{csv_query}"),
        csv_query,
        tiles,
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
        reasons_chart: Chart {
            svg: reasons_svg,
            text: reasons_text,
        },
        partial_note,
        unit,
        target: r.target_minutes,
    })
}

/// The dashboard's headline tiles, each from the summary (so the page and
/// `/api/v1/reports/summary` agree) with its change and trend.
fn tiles(
    r: &Report,
    f: &ReportFilter,
    plotted: &[&reports::PeriodRow],
) -> Result<Vec<Tile>, AppError> {
    let s = &r.summary;
    let prev = r.previous.as_ref();
    let has_prev = prev.is_some();
    let unit = r.unit.noun();
    let mins = |x: Option<i64>| x.map(|s| (s as f64 / 60.0 * 100.0).round() / 100.0);
    let trend =
        |id: &str, what: &str, values: Vec<Option<f64>>| -> Result<Option<String>, AppError> {
            if values.iter().flatten().count() < 2 {
                return Ok(None);
            }
            let text = format!("{what} by {unit}, the last point the latest whole {unit}");
            Ok(Some(charts::spark(
                id,
                &format!("Trend: {what}"),
                &text,
                &values,
            )?))
        };
    let fmt_min = |m: Option<f64>| m.map(|m| format!("{m} min")).unwrap_or_else(|| "–".into());
    let raw = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
    let rate_prev = prev.and_then(|p| p.breach_rate());
    let links = super::Links::new(f);
    // Who is waiting now: the report's places, not its dates or breach filter.
    let mut waiting: Vec<(&str, String)> = f
        .pairs()
        .into_iter()
        .filter(|(k, _)| !matches!(*k, "from" | "to" | "breached"))
        .collect();
    waiting.push(("status", "open".into()));
    let waiting_link = Some(format!(
        "/cases?{}",
        serde_urlencoded::to_string(&waiting).unwrap_or_default()
    ));
    Ok(vec![
        Tile {
            key: "breach_rate",
            label: "Breach rate".into(),
            value: s.breach_rate.map(pct).unwrap_or_else(|| "–".into()),
            raw: raw(s.breach_rate),
            change: change_words(
                s.breach_rate.map(|x| x * 100.0),
                rate_prev.map(|x| x * 100.0),
                " points",
                has_prev,
            ),
            note: format!(
                "{} of {} stays handed over after more than {} minutes",
                s.breaches, s.handed_over, r.target_minutes
            ),
            link: links
                .cases(&[("status", "handed_over"), ("breached", "1")])
                .filter(|_| s.breaches > 0),
            spark: trend(
                "spark-rate",
                "breach rate",
                plotted
                    .iter()
                    .map(|p| {
                        (p.counts.handed_over > 0)
                            .then(|| p.counts.breaches as f64 / p.counts.handed_over as f64 * 100.0)
                    })
                    .collect(),
            )?,
        },
        Tile {
            key: "median_minutes",
            label: "Median time to handover".into(),
            value: fmt_min(s.median_minutes),
            raw: raw(s.median_minutes),
            change: change_words(
                s.median_minutes,
                prev.and_then(|p| mins(p.median_seconds)),
                " min",
                has_prev,
            ),
            note: "Half of handovers took this long or less".into(),
            link: None,
            spark: trend(
                "spark-median",
                "median minutes",
                plotted.iter().map(|p| mins(p.median_seconds)).collect(),
            )?,
        },
        Tile {
            key: "p90_minutes",
            label: "90th percentile time to handover".into(),
            value: fmt_min(s.p90_minutes),
            raw: raw(s.p90_minutes),
            change: change_words(
                s.p90_minutes,
                prev.and_then(|p| mins(p.p90_seconds)),
                " min",
                has_prev,
            ),
            note: "9 in 10 handovers took this long or less".into(),
            link: None,
            spark: trend(
                "spark-p90",
                "90th percentile minutes",
                plotted.iter().map(|p| mins(p.p90_seconds)).collect(),
            )?,
        },
        Tile {
            key: "lost_officer_hours",
            label: "Lost officer hours (beyond the target)".into(),
            value: format!("{} h", s.lost_officer_hours),
            raw: s.lost_officer_hours.to_string(),
            change: change_words(
                Some(s.lost_officer_hours),
                prev.map(|p| p.lost_officer_hours()),
                " h",
                has_prev,
            ),
            note: format!(
                "Beyond the {}-minute target, times officers present. From arrival: {} h",
                r.target_minutes, s.officer_hours_from_arrival
            ),
            link: None,
            spark: trend(
                "spark-lost",
                "lost officer hours",
                plotted
                    .iter()
                    .map(|p| {
                        Some(
                            (p.counts.lost_officer_seconds as f64 / 3600.0 * 100.0).round() / 100.0,
                        )
                    })
                    .collect(),
            )?,
        },
        Tile {
            key: "waiting_now",
            label: "People waiting now".into(),
            value: s.waiting_now.to_string(),
            raw: s.waiting_now.to_string(),
            change: "Now, whatever the dates chosen".into(),
            note: "Not yet handed over, at the places in this report".into(),
            link: waiting_link.filter(|_| s.waiting_now > 0),
            spark: None,
        },
    ])
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

/// "Escalated at 45 minutes: 92% of the breaches (11 of 12)."
fn escalated_words(s: &reports::Summary) -> String {
    match s.escalated_45_share {
        Some(share) => format!(
            "Escalated at 45 minutes: {}% of the breaches ({} of {}).",
            (share * 1000.0).round() / 10.0,
            s.breaches_escalated_45,
            s.breached_stays
        ),
        None => String::new(),
    }
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
