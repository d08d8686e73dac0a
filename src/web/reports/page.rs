//! `GET /reports`: filters in the query string, figures, charts and tables.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{Datelike, NaiveDate};

use super::{Table, charts, pct, t, tables};
use crate::db::orgs::{self, Force, Site};
use crate::domain::auth::Scope;
use crate::domain::reports::{self, Period, Report, ReportFilter, ReportQuery};
use crate::domain::rules::SiteKind;
use crate::domain::time::london;
use crate::error::{AppError, ErrorKind, FieldErrors};
use crate::http::AppState;
use crate::i18n::{Lang, Msg, render};
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::with_db;

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

/// "1 November 2026" in the reader's language.
pub fn day_label(lang: Lang, d: NaiveDate) -> String {
    super::long_date(lang, d)
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

fn extremes(lang: Lang, points: &[(String, Option<f64>)], fmt: impl Fn(f64) -> String) -> String {
    let known: Vec<&(String, Option<f64>)> = points.iter().filter(|p| p.1.is_some()).collect();
    let (Some(first), Some(last)) = (known.first(), known.last()) else {
        return t(lang, "report-no-handovers");
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
    render(
        lang,
        &crate::msg!(
            "report-chart-extremes",
            first = first.0.clone(),
            first_value = v(first),
            high = hi.0.clone(),
            high_value = v(hi),
            low = lo.0.clone(),
            low_value = v(lo),
            last = last.0.clone(),
            last_value = v(last)
        ),
    )
}

/// "30 minutes", "1 hour", "1 hour 30 minutes", "8 hours".
pub fn span(lang: Lang, minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    let hours = render(lang, &crate::msg!("duration-hours", n = h));
    let mins = render(lang, &crate::msg!("duration-minutes", n = m));
    match (h, m) {
        (_, 0) if h > 0 => hours,
        (0, _) => mins,
        _ => render(
            lang,
            &crate::msg!("report-span", hours = hours, minutes = mins),
        ),
    }
}

/// "5h 00m" ("5 awr 00 mun"): the longest wait, as the board writes waits.
fn hours_minutes(lang: Lang, seconds: i64) -> String {
    let s = seconds.max(0);
    render(
        lang,
        &crate::msg!(
            "report-hours-minutes",
            h = s / 3600,
            m = format!("{:02}", (s % 3600) / 60)
        ),
    )
}

/// A histogram bin in words: "30 minutes or less", "more than 1 hour and up
/// to 1 hour 30 minutes", "more than 8 hours".
pub fn bin_words(lang: Lang, lower: i64, upper: Option<i64>) -> String {
    let m = match (lower, upper) {
        (0, Some(u)) => crate::msg!("report-bin-up-to", upper = span(lang, u)),
        (l, Some(u)) => crate::msg!(
            "report-bin-between",
            lower = span(lang, l),
            upper = span(lang, u)
        ),
        (l, None) => crate::msg!("report-bin-over", lower = span(lang, l)),
    };
    render(lang, &m)
}

/// The change of a figure against the previous period, in words. `amount`
/// is the key of the figure's unit ("report-amount-points" and so on).
fn change_words(
    lang: Lang,
    now: Option<f64>,
    before: Option<f64>,
    amount: &'static str,
    has_previous: bool,
) -> String {
    if !has_previous {
        return t(lang, "report-change-all-time");
    }
    match (now, before) {
        (Some(n), Some(b)) => {
            let d = ((n - b) * 100.0).round() / 100.0;
            let by = |d: f64| Msg::new(amount).arg("d", d.to_string());
            if d > 0.0 {
                render(lang, &crate::msg!("report-change-up", amount = by(d)))
            } else if d < 0.0 {
                render(lang, &crate::msg!("report-change-down", amount = by(-d)))
            } else {
                t(lang, "report-change-same")
            }
        }
        _ => t(lang, "report-change-no-previous"),
    }
}

/// The page's content: tables, charts and their texts, in `lang`.
pub fn build_view(r: &Report, f: &ReportFilter, lang: Lang) -> Result<View, AppError> {
    let l = lang;
    let mut tb = tables(r, f, l).into_iter();
    let mut next = || {
        tb.next()
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
        reports::Unit::Week => format!("{} {}", p.from.day(), super::short_month(l, p.from)),
        reports::Unit::Month => {
            format!("{} {}", super::short_month(l, p.from), p.from.format("%y"))
        }
        reports::Unit::Year => p.from.format("%Y").to_string(),
    };
    let label = |p: &reports::PeriodRow| super::period_words(l, r.unit, p);
    // A period the window cuts short (two days of a week) is not plotted
    // like a whole one: the charts show whole periods, the table has all.
    let whole: Vec<&reports::PeriodRow> =
        r.by_period.iter().filter(|p| !p.partial(r.unit)).collect();
    let parts: Vec<&reports::PeriodRow> =
        r.by_period.iter().filter(|p| p.partial(r.unit)).collect();
    let (plotted, partial_note): (Vec<&reports::PeriodRow>, String) = if whole.is_empty() {
        (
            parts.clone(),
            render(l, &crate::msg!("report-partial-all", unit = unit)),
        )
    } else if parts.is_empty() {
        (whole.clone(), String::new())
    } else {
        let list: Vec<String> = parts
            .iter()
            .map(|p| {
                render(
                    l,
                    &crate::msg!("report-partial-item", period = label(p), n = p.days()),
                )
            })
            .collect();
        (
            whole.clone(),
            render(
                l,
                &crate::msg!("report-partial-some", unit = unit, list = list.join(", ")),
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
            .map(|(p, row)| (label(row), p.1))
            .collect()
    };
    let rate_text = render(
        l,
        &crate::msg!(
            "report-chart-rate-text",
            unit = unit,
            extremes = extremes(l, &long_points(&rate_points), |v| format!(
                "{}%",
                (v * 10.0).round() / 10.0
            ))
        ),
    );
    let median_text = render(
        l,
        &crate::msg!(
            "report-chart-median-text",
            unit = unit,
            extremes = extremes(l, &long_points(&median_points), |v| render(
                l,
                &crate::msg!(
                    "report-amount-minutes",
                    d = ((v * 10.0).round() / 10.0).to_string()
                )
            ))
        ),
    );
    let rate_svg = charts::line(
        "chart-rate",
        &render(l, &crate::msg!("report-chart-rate-title", unit = unit)),
        &rate_text,
        &t(l, "report-chart-rate-axis"),
        &rate_points,
        (10.0, Some(100.0)),
        None,
    )?;
    let median_svg = charts::line(
        "chart-median",
        &render(l, &crate::msg!("report-chart-median-title", unit = unit)),
        &median_text,
        &t(l, "report-chart-median-axis"),
        &median_points,
        (10.0, None),
        Some((r.target_minutes as f64, &t(l, "report-chart-target"))),
    )?;

    let bins: Vec<(i64, Option<i64>, i64)> = r
        .histogram
        .iter()
        .map(|b| (b.lower, b.upper, b.count))
        .collect();
    let over: i64 = s.breaches;
    let top_bin = r.histogram.iter().max_by_key(|b| b.count);
    let histogram_text = if s.handed_over == 0 {
        t(l, "report-no-handovers")
    } else {
        render(
            l,
            &crate::msg!(
                "report-chart-histogram-text",
                handed_over = s.handed_over,
                breaches = over,
                rate = s.breach_rate.map(pct).unwrap_or_default(),
                target = r.target_minutes,
                bin = top_bin
                    .map(|b| bin_words(l, b.lower, b.upper))
                    .unwrap_or_default(),
                count = top_bin.map(|b| b.count).unwrap_or_default(),
                longest = s
                    .figures
                    .max_seconds
                    .map(|secs| hours_minutes(l, secs))
                    .unwrap_or_default()
            ),
        )
    };
    let histogram_svg = charts::histogram(
        l,
        "chart-histogram",
        &t(l, "report-chart-histogram-title"),
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
    let list = |rows: &[(String, i64)]| {
        rows.iter()
            .map(|(n, b)| format!("{n}, {b}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let sites_text = if top_sites.is_empty() {
        t(l, "report-chart-sites-none")
    } else {
        render(
            l,
            &crate::msg!("report-chart-sites-text", list = list(&top_sites)),
        )
    };
    let sites_svg = charts::bars(
        "chart-sites",
        &t(l, "report-chart-sites-title"),
        &sites_text,
        &t(l, "report-chart-breaches-axis"),
        &top_sites,
    )?;

    let top_reasons: Vec<(String, i64)> = r
        .by_reason
        .iter()
        .filter(|x| x.counts.breaches > 0)
        .map(|x| (render(l, &x.label), x.counts.breaches))
        .collect();
    let reasons_text = if top_reasons.is_empty() {
        t(l, "report-chart-reasons-none")
    } else {
        render(
            l,
            &crate::msg!("report-chart-reasons-text", list = list(&top_reasons)),
        )
    };
    let reasons_svg = charts::bars(
        "chart-reasons",
        &t(l, "report-chart-reasons-title"),
        &reasons_text,
        &t(l, "report-chart-breaches-axis"),
        &top_reasons,
    )?;

    let pairs = f.pairs();
    let plain_query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    // The CSV links carry the page's language (a script can ask ?lang=en).
    let csv_query = format!("{plain_query}&lang={}", l.code());
    let tiles = tiles(r, f, &plotted, l)?;
    let range = |from: NaiveDate, to: NaiveDate| {
        render(
            l,
            &crate::msg!(
                "report-date-range",
                from = day_label(l, from),
                to = day_label(l, to)
            ),
        )
    };
    Ok(View {
        prealerts: prealert_words(l, s),
        escalated: escalated_words(l, s),
        heading: range(f.from, f.to),
        previous_heading: f.previous().map(|p| range(p.from, p.to)),
        breached_only: f.breached_only,
        share_link: format!("/reports?{plain_query}"),
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
    l: Lang,
) -> Result<Vec<Tile>, AppError> {
    let s = &r.summary;
    let prev = r.previous.as_ref();
    let has_prev = prev.is_some();
    let unit = r.unit.noun();
    let mins = |x: Option<i64>| x.map(|s| (s as f64 / 60.0 * 100.0).round() / 100.0);
    let trend = |id: &str,
                 what: &'static str,
                 values: Vec<Option<f64>>|
     -> Result<Option<String>, AppError> {
        if values.iter().flatten().count() < 2 {
            return Ok(None);
        }
        let what = Msg::new(what);
        let text = render(
            l,
            &crate::msg!("report-spark-text", what = what.clone(), unit = unit),
        );
        Ok(Some(charts::spark(
            id,
            &render(l, &crate::msg!("report-spark-title", what = what)),
            &text,
            &values,
        )?))
    };
    let fmt_min = |m: Option<f64>| {
        m.map(|m| render(l, &crate::msg!("report-value-min", m = m.to_string())))
            .unwrap_or_else(|| "–".into())
    };
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
    let hours = |h: f64| render(l, &crate::msg!("report-value-h", h = h.to_string()));
    Ok(vec![
        Tile {
            key: "breach_rate",
            label: t(l, "report-tile-rate"),
            value: s.breach_rate.map(pct).unwrap_or_else(|| "–".into()),
            raw: raw(s.breach_rate),
            change: change_words(
                l,
                s.breach_rate.map(|x| x * 100.0),
                rate_prev.map(|x| x * 100.0),
                "report-amount-points",
                has_prev,
            ),
            note: render(
                l,
                &crate::msg!(
                    "report-tile-rate-note",
                    breaches = s.breaches,
                    handed_over = s.handed_over,
                    target = r.target_minutes
                ),
            ),
            link: links
                .cases(&[("status", "handed_over"), ("breached", "1")])
                .filter(|_| s.breaches > 0),
            spark: trend(
                "spark-rate",
                "report-what-rate",
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
            label: t(l, "report-tile-median"),
            value: fmt_min(s.median_minutes),
            raw: raw(s.median_minutes),
            change: change_words(
                l,
                s.median_minutes,
                prev.and_then(|p| mins(p.median_seconds)),
                "report-amount-min",
                has_prev,
            ),
            note: t(l, "report-tile-median-note"),
            link: None,
            spark: trend(
                "spark-median",
                "report-what-median",
                plotted.iter().map(|p| mins(p.median_seconds)).collect(),
            )?,
        },
        Tile {
            key: "p90_minutes",
            label: t(l, "report-tile-p90"),
            value: fmt_min(s.p90_minutes),
            raw: raw(s.p90_minutes),
            change: change_words(
                l,
                s.p90_minutes,
                prev.and_then(|p| mins(p.p90_seconds)),
                "report-amount-min",
                has_prev,
            ),
            note: t(l, "report-tile-p90-note"),
            link: None,
            spark: trend(
                "spark-p90",
                "report-what-p90",
                plotted.iter().map(|p| mins(p.p90_seconds)).collect(),
            )?,
        },
        Tile {
            key: "lost_officer_hours",
            label: t(l, "report-col-lost-hours"),
            value: hours(s.lost_officer_hours),
            raw: s.lost_officer_hours.to_string(),
            change: change_words(
                l,
                Some(s.lost_officer_hours),
                prev.map(|p| p.lost_officer_hours()),
                "report-amount-h",
                has_prev,
            ),
            note: render(
                l,
                &crate::msg!(
                    "report-tile-lost-note",
                    target = r.target_minutes,
                    hours = s.officer_hours_from_arrival.to_string()
                ),
            ),
            link: None,
            spark: trend(
                "spark-lost",
                "report-what-lost",
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
            label: t(l, "report-tile-waiting"),
            value: s.waiting_now.to_string(),
            raw: s.waiting_now.to_string(),
            change: t(l, "report-tile-waiting-change"),
            note: t(l, "report-tile-waiting-note"),
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
            let view = build_view(&r, &f, user.reader.lang)?;
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
    Ok(crate::web::render(
        status,
        &ReportPage {
            l: Layout::new("report-title", &user, "/reports"),
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
fn escalated_words(l: Lang, s: &reports::Summary) -> String {
    match s.escalated_45_share {
        Some(share) => render(
            l,
            &crate::msg!(
                "report-escalated",
                share = ((share * 1000.0).round() / 10.0).to_string(),
                n = s.breaches_escalated_45,
                of = s.breached_stays
            ),
        ),
        None => String::new(),
    }
}

/// "12 of the arrivals (30%) were pre-alerted, a median of 14 minutes ahead."
fn prealert_words(l: Lang, s: &reports::Summary) -> String {
    match (s.prealert_share, s.prealert_median_minutes) {
        (Some(share), Some(median)) => render(
            l,
            &crate::msg!(
                "report-prealerts",
                n = s.prealerted,
                share = ((share * 1000.0).round() / 10.0).to_string(),
                median = median.round().to_string()
            ),
        ),
        (Some(_), None) => t(l, "report-prealerts-none"),
        _ => String::new(),
    }
}
