//! Breach reports: the filters, the figures and their definitions. The report
//! page, its CSV exports and the JSON summary all call [`summary`] / [`report`],
//! so they agree exactly.
//!
//! Definitions (also in the README):
//! - The window is a run of Europe/London calendar days, both ends included; a
//!   stay belongs to the day its person *arrived* at the place of safety.
//! - Detentions (`episodes`) are stays that were the first place of safety of
//!   their detention and not cancelled (the Home Office counts by first place
//!   of safety, and a case cancelled as logged in error was never a
//!   detention), so the report and the Home Office return agree.
//! - Cancelled stays (cases logged in error) are counted apart as cancelled
//!   and left out of everything else.
//! - A breach is a handed-over stay whose stored `breached` flag is set (more
//!   than the target, 60:00 exactly is within it); the breach rate is breaches
//!   over handed-over stays. Open stays are in neither.
//! - Percentiles are **nearest-rank**: the p-th percentile of n values is the
//!   value at position ceil(p × n) in ascending order (so the median of 4
//!   values is the 2nd). The rank is computed in integers; PostgreSQL's
//!   `percentile_disc` would compute it in floating point and can land one
//!   rank higher (p90 of 110 values), so both backends use an ordered scan.
//! - Lost officer hours: Σ max(0, time to handover − target) × officers present,
//!   over handed-over stays (beyond the target); officer hours from arrival
//!   count Σ time to handover × officers present over the same stays.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;
use serde::ser::SerializeMap;

use super::auth::Scope;
pub use super::report_sources::Source;
use super::report_sources::{self as src, Need};
use super::rules::within;
use crate::db::DbConn;
use crate::db::orgs::{self, Site};
use crate::db::reports::{Counts, LATEST};
use crate::domain::lang::Msg;
use crate::error::AppError;

mod filter;
pub use filter::*;

/// Position (1-based) of the nearest-rank percentile `num/den` of `n` values:
/// ceil(n × num / den), in integers.
pub fn nearest_rank(n: i64, num: i64, den: i64) -> i64 {
    if n <= 0 { 0 } else { (n * num + den - 1) / den }
}

fn minutes(seconds: i64) -> f64 {
    (seconds as f64 / 60.0 * 100.0).round() / 100.0
}

fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 / whole as f64 * 10_000.0).round() / 10_000.0)
}

fn hours(seconds: i64) -> f64 {
    (seconds as f64 / 3600.0 * 100.0).round() / 100.0
}

/// Bands of time to handover, as ambulance handover reports use: code,
/// catalogue key of the label, lower and upper minutes. Each band
/// includes its upper end: 60:00 exactly is in "45 to 60", like the breach rule.
pub const BANDS: &[(&str, &str, i64, Option<i64>)] = &[
    ("up_to_15", "report-bands-up-to-15", 0, Some(15)),
    ("15_to_30", "report-bands-15-to-30", 15, Some(30)),
    ("30_to_45", "report-bands-30-to-45", 30, Some(45)),
    ("45_to_60", "report-bands-45-to-60", 45, Some(60)),
    ("60_to_120", "report-bands-60-to-120", 60, Some(120)),
    ("120_to_240", "report-bands-120-to-240", 120, Some(240)),
    ("240_to_480", "report-bands-240-to-480", 240, Some(480)),
    ("over_480", "report-bands-over-480", 480, None),
];

/// Which band a time to handover falls in (index into [`BANDS`]): the first
/// whose upper end it is [`within`], the rule the board's bands use too.
pub fn band_of(seconds: i64) -> usize {
    BANDS
        .iter()
        .position(|(_, _, _, upper)| upper.is_none_or(|u| within(seconds, u)))
        .unwrap_or(BANDS.len() - 1)
}

/// Counts per band, serialised as an object keyed by band code, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bands(pub [i64; 8]);

impl Serialize for Bands {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(BANDS.len()))?;
        for ((code, ..), n) in BANDS.iter().zip(self.0.iter()) {
            m.serialize_entry(code, n)?;
        }
        m.end()
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct SiteSummary {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub episodes: i64,
    pub handed_over: i64,
    pub open: i64,
    pub cancelled: i64,
    pub breaches: i64,
    /// Breaches where police agreed to a request to stay past the target.
    pub breaches_agreed: i64,
    pub breach_rate: Option<f64>,
    pub lost_officer_hours: f64,
}

/// The headline figures. Serialises to exactly the JSON of
/// `GET /api/v1/reports/summary`; minutes and hours are rounded to 2 decimal
/// places and the breach rate (0 to 1) to 4, once, here.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Summary {
    pub episodes: i64,
    pub handed_over: i64,
    pub open: i64,
    pub cancelled: i64,
    pub breaches: i64,
    /// Breaches where health staff asked police to stay past the target and
    /// police agreed (still breaches); the rest had no request, a declined
    /// one or one never answered.
    pub breaches_agreed: i64,
    /// `null` when nothing was handed over.
    pub breach_rate: Option<f64>,
    pub median_minutes: Option<f64>,
    pub p90_minutes: Option<f64>,
    pub max_minutes: Option<f64>,
    /// Officer time lost beyond the target: Σ max(0, time to handover −
    /// target) × officers present, over handed-over stays.
    pub lost_officer_hours: f64,
    /// Officer time from arrival to handover: Σ time to handover × officers
    /// present, over handed-over stays (the same stays, counted from arrival).
    pub officer_hours_from_arrival: f64,
    /// People waiting for handover now (not cancelled, not handed over, not
    /// left, detention not ended), in the report's force, place and kind of
    /// place whatever the dates: a figure for today, not for the window.
    pub waiting_now: i64,
    /// Handed-over stays by minutes to handover: up_to_15, 15_to_30, 30_to_45, 45_to_60, 60_to_120, 120_to_240, 240_to_480, over_480.
    #[schema(value_type = std::collections::BTreeMap<String, i64>)]
    pub bands: Bands,
    pub by_site: Vec<SiteSummary>,
    /// Arrivals (first places of safety, not cancelled) that a pre-alert announced.
    pub prealerted: i64,
    /// `prealerted` over those arrivals; `null` when there were none.
    pub prealert_share: Option<f64>,
    /// Median minutes from the pre-alert to the arrival; `null` when none.
    pub prealert_median_minutes: Option<f64>,
    /// Breached stays in the window (handed over after the target) that
    /// were escalated at 45 minutes (an escalation recorded at that threshold).
    pub breaches_escalated_45: i64,
    /// `breaches_escalated_45` over those breached stays; `null` when none.
    pub escalated_45_share: Option<f64>,
    /// The breached stays `escalated_45_share` is out of (page only).
    #[serde(skip)]
    pub breached_stays: i64,
    /// Page-only figures, not part of the JSON.
    #[serde(skip)]
    pub figures: Figures,
}

/// The counts and order statistics of one window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    pub counts: Counts,
    pub median_seconds: Option<i64>,
    pub p90_seconds: Option<i64>,
    pub max_seconds: Option<i64>,
}

impl Figures {
    pub fn breach_rate(&self) -> Option<f64> {
        ratio(self.counts.breaches, self.counts.handed_over)
    }
    pub fn reason_share(&self) -> Option<f64> {
        ratio(self.counts.breaches_with_reason, self.counts.breaches)
    }
    pub fn lost_officer_hours(&self) -> f64 {
        hours(self.counts.lost_officer_seconds)
    }
}

/// Per-site rows, busiest for breaches first.
fn site_rows(groups: &[(i64, i64, Counts)], sites: &[Site]) -> Vec<(Site, Counts)> {
    let mut rows: Vec<(Site, Counts)> = Vec::new();
    for (site_id, _, c) in groups {
        match rows.iter_mut().find(|(s, _)| s.id == *site_id) {
            Some((_, total)) => total.add(c),
            None => {
                if let Some(s) = sites.iter().find(|s| s.id == *site_id) {
                    rows.push((s.clone(), *c));
                }
            }
        }
    }
    rows.sort_by(|a, b| {
        b.1.breaches
            .cmp(&a.1.breaches)
            .then(b.1.stays.cmp(&a.1.stays))
            .then(a.0.name.cmp(&b.0.name))
    });
    rows
}

fn bands_from_bins(bins: &[(i64, i64)]) -> Bands {
    let mut b = Bands::default();
    for (bin, n) in bins {
        // Bin k holds ((k−1)×15, k×15] minutes, so its top is k×15 minutes.
        b.0[band_of(bin * 900)] += n;
    }
    b
}

/// The summary's figures that are not rolled up: officer time from arrival
/// over the window, and who is waiting now.
#[derive(Debug, Clone, Copy, Default)]
struct Extras {
    officer_seconds_from_arrival: i64,
    waiting_now: i64,
}

fn extras(conn: &mut DbConn, scope: Scope, filter: &ReportFilter) -> Result<Extras, AppError> {
    use crate::db::episodes::{StatusFilter, StayFilter, count_stays};
    let w = filter.window();
    let waiting = StayFilter {
        force_id: w.force_id,
        site_id: w.site_id,
        site_kind: w.site_kind.clone(),
        status: Some(StatusFilter::Open),
        ended: Some(false),
        ..Default::default()
    };
    Ok(Extras {
        officer_seconds_from_arrival: crate::db::reports::officer_seconds_from_arrival(
            conn, scope, &w,
        )?,
        waiting_now: count_stays(conn, scope, &waiting)?,
    })
}

fn summary_from(
    fig: Figures,
    bins: &[(i64, i64)],
    groups: &[(i64, i64, Counts)],
    sites: &[Site],
    extra: Extras,
) -> Summary {
    let c = fig.counts;
    Summary {
        episodes: c.episodes,
        handed_over: c.handed_over,
        open: c.open(),
        cancelled: c.cancelled,
        breaches: c.breaches,
        breaches_agreed: c.breaches_agreed,
        breach_rate: fig.breach_rate(),
        median_minutes: fig.median_seconds.map(minutes),
        p90_minutes: fig.p90_seconds.map(minutes),
        max_minutes: fig.max_seconds.map(minutes),
        lost_officer_hours: fig.lost_officer_hours(),
        officer_hours_from_arrival: hours(extra.officer_seconds_from_arrival),
        waiting_now: extra.waiting_now,
        bands: bands_from_bins(bins),
        by_site: site_rows(groups, sites)
            .into_iter()
            .map(|(s, c)| SiteSummary {
                code: s.code,
                name: s.name,
                kind: s.kind,
                episodes: c.episodes,
                handed_over: c.handed_over,
                open: c.open(),
                cancelled: c.cancelled,
                breaches: c.breaches,
                breaches_agreed: c.breaches_agreed,
                breach_rate: ratio(c.breaches, c.handed_over),
                lost_officer_hours: hours(c.lost_officer_seconds),
            })
            .collect(),
        prealerted: 0,
        prealert_share: None,
        prealert_median_minutes: None,
        breaches_escalated_45: 0,
        escalated_45_share: None,
        breached_stays: 0,
        figures: fig,
    }
}

/// The headline figures for `filter`, as `scope` may see them: what the JSON
/// summary returns and what the report page shows at its top.
pub fn summary(
    conn: &mut DbConn,
    scope: Scope,
    filter: &ReportFilter,
) -> Result<Summary, AppError> {
    let target = orgs::target_minutes(conn)?;
    let p = src::gather(
        conn,
        scope,
        &filter.window(),
        target,
        Need::Summary,
        Source::Auto,
    )?;
    let sites = orgs::list_sites(conn)?;
    let extra = extras(conn, scope, filter)?;
    let mut s = summary_from(p.fig, &p.bins, &p.site_force, &sites, extra);
    add_prealerts(conn, scope, filter, &mut s)?;
    add_escalations(conn, scope, filter, &mut s)?;
    Ok(s)
}

/// The share of the window's breaches escalated at 45 minutes.
fn add_escalations(
    conn: &mut DbConn,
    scope: Scope,
    filter: &ReportFilter,
    s: &mut Summary,
) -> Result<(), AppError> {
    use crate::db::episodes::{StayFilter, list_stays};
    let w = filter.window();
    let breached = StayFilter {
        force_id: w.force_id,
        site_id: w.site_id,
        site_kind: w.site_kind.clone(),
        local_from: Some(w.from),
        local_to: Some(w.to),
        breached_flag: true,
        limit: 10_000_000,
        ..Default::default()
    };
    let ids: Vec<i64> = list_stays(conn, scope, &breached)?
        .into_iter()
        .map(|r| r.stay.id)
        .collect();
    s.breaches_escalated_45 = super::notify::escalated_at(conn, &ids, 45)?;
    s.breached_stays = ids.len() as i64;
    s.escalated_45_share = ratio(s.breaches_escalated_45, s.breached_stays);
    Ok(())
}

/// The pre-alert figures of a summary: how many arrivals were announced,
/// and the median minutes from the pre-alert to the arrival.
fn add_prealerts(
    conn: &mut DbConn,
    scope: Scope,
    filter: &ReportFilter,
    s: &mut Summary,
) -> Result<(), AppError> {
    let (arrivals, pairs) = crate::db::prealerts::report_figures(conn, scope, &filter.window())?;
    let mut seconds: Vec<i64> = pairs
        .iter()
        .map(|(made, arrived)| (*arrived - *made).num_seconds())
        .collect();
    seconds.sort_unstable();
    s.prealerted = pairs.len() as i64;
    s.prealert_share = ratio(s.prealerted, arrivals);
    s.prealert_median_minutes =
        median_seconds(&seconds).map(|secs| (secs / 60.0 * 10.0).round() / 10.0);
    Ok(())
}

/// The median of sorted seconds (the mean of the middle two when even).
fn median_seconds(sorted: &[i64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2] as f64),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0),
    }
}

/// How the over-time breakdown groups days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Week,
    Month,
    Year,
}

impl Unit {
    /// Weekly up to about three months, monthly up to three years, then yearly,
    /// so a chart has between a handful and about 40 points.
    pub fn for_days(days: i64) -> Self {
        if days <= 92 {
            Self::Week
        } else if days <= 3 * 366 {
            Self::Month
        } else {
            Self::Year
        }
    }
    pub fn noun(self) -> &'static str {
        match self {
            Self::Week => "week",
            Self::Month => "month",
            Self::Year => "year",
        }
    }
    /// The first day of the unit that `d` is in (weeks start on Monday).
    pub fn start(self, d: NaiveDate) -> NaiveDate {
        match self {
            Self::Week => d - Duration::days(d.weekday().num_days_from_monday() as i64),
            Self::Month => first_of_month(d),
            Self::Year => ymd(d.year(), 1, 1),
        }
    }
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Self::Week => start + Duration::days(7),
            Self::Month => start
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(LATEST),
            Self::Year => ymd(start.year() + 1, 1, 1),
        }
    }
}

/// One row of a breakdown table.
#[derive(Debug, Clone)]
pub struct Row {
    /// The value the case list filters on (site code, hour, reason code ...).
    pub key: String,
    pub label: Msg,
    pub counts: Counts,
}

#[derive(Debug, Clone)]
pub struct PeriodRow {
    /// First and last day of this row inside the window.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub counts: Counts,
    pub median_seconds: Option<i64>,
    pub p90_seconds: Option<i64>,
}

impl PeriodRow {
    /// Whether the window cuts this row short of a whole week, month or year
    /// (the first and last rows of most windows): two days' figures are not a
    /// week's, so charts leave such rows out and tables say how many days.
    pub fn partial(&self, unit: Unit) -> bool {
        let start = unit.start(self.from);
        self.from != start || self.to != unit.next(start) - Duration::days(1)
    }
    /// Days of the window in this row.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }
}

/// 30-minute bins of time to handover up to 8 hours, then everything longer.
#[derive(Debug, Clone)]
pub struct Bin {
    /// Minutes: (lower, upper]; `None` upper for the last, open-ended bin.
    pub lower: i64,
    pub upper: Option<i64>,
    pub count: i64,
}

/// Everything on the report page.
#[derive(Debug, Clone)]
pub struct Report {
    pub summary: Summary,
    pub previous: Option<Figures>,
    pub target_minutes: i64,
    pub by_force: Vec<Row>,
    /// Breaches by delay reason, with "none recorded" last.
    pub by_reason: Vec<Row>,
    pub unit: Unit,
    pub by_period: Vec<PeriodRow>,
    /// 24 rows, 00:00 to 23:00.
    pub by_hour: Vec<Row>,
    /// 7 rows, Monday first.
    pub by_weekday: Vec<Row>,
    pub histogram: Vec<Bin>,
}

/// The catalogue keys of the days of the week, Monday first.
pub use crate::domain::lang::WEEKDAYS;

/// A name shown as it is (a police force's): a label that is no message.
fn name(n: &str) -> Msg {
    crate::msg!("report-name", name = n)
}

/// The whole report for `filter`: the [`summary`] plus the breakdowns.
pub fn report(conn: &mut DbConn, scope: Scope, filter: &ReportFilter) -> Result<Report, AppError> {
    report_from(conn, scope, filter, Source::Auto)
}

/// [`report`], reading the figures from `source` (tests check that the
/// rollups give what the raw stays give).
pub fn report_from(
    conn: &mut DbConn,
    scope: Scope,
    filter: &ReportFilter,
    source: Source,
) -> Result<Report, AppError> {
    // Phase timings at debug level (RUST_LOG=s136=debug): where a slow report goes.
    let mut clock = std::time::Instant::now();
    let mut lap = |what: &str| {
        log::debug!(
            "report {what}: {:.1} ms",
            clock.elapsed().as_secs_f64() * 1000.0
        );
        clock = std::time::Instant::now();
    };
    let target = orgs::target_minutes(conn)?;
    let unit = Unit::for_days(filter.days());
    let p = src::gather(
        conn,
        scope,
        &filter.window(),
        target,
        Need::Report(unit),
        source,
    )?;
    lap("window");
    let sites = orgs::list_sites(conn)?;
    let forces = orgs::list_forces(conn)?;
    let previous = match filter.previous() {
        Some(pw) => Some(src::gather(conn, scope, &pw, target, Need::Figures, source)?.fig),
        None => None,
    };
    lap("previous period");

    let mut by_force: Vec<Row> = Vec::new();
    for (_, force_id, c) in &p.site_force {
        match by_force.iter_mut().find(|r| r.key.parse() == Ok(*force_id)) {
            Some(r) => r.counts.add(c),
            None => by_force.push(Row {
                key: force_id.to_string(),
                label: name(""),
                counts: *c,
            }),
        }
    }
    for r in &mut by_force {
        let f = forces.iter().find(|f| Ok(f.id) == r.key.parse());
        r.key = f.map(|f| f.code.clone()).unwrap_or_default();
        r.label = name(f.map(|f| f.name.as_str()).unwrap_or_default());
    }
    let force_name = |r: &Row| {
        forces
            .iter()
            .find(|f| f.code == r.key)
            .map(|f| f.name.clone())
            .unwrap_or_default()
    };
    by_force.sort_by(|a, b| {
        b.counts
            .breaches
            .cmp(&a.counts.breaches)
            .then(force_name(a).cmp(&force_name(b)))
    });
    let by_reason = reason_rows(&p.reasons);
    let by_hour = (0..24)
        .map(|h| Row {
            key: h.to_string(),
            label: crate::msg!(
                "report-hour-range",
                from = format!("{h:02}:00"),
                to = format!("{h:02}:59")
            ),
            counts: sum_where(&p.hours, |(hh, _, _)| *hh == h),
        })
        .collect();
    let by_weekday = (1..=7)
        .map(|d| Row {
            key: d.to_string(),
            label: Msg::new(WEEKDAYS[(d - 1) as usize]),
            counts: sum_where(&p.hours, |(_, dd, _)| *dd == d),
        })
        .collect();

    let mut histogram: Vec<Bin> = (0..16)
        .map(|i| Bin {
            lower: i * 30,
            upper: Some((i + 1) * 30),
            count: 0,
        })
        .chain(std::iter::once(Bin {
            lower: 480,
            upper: None,
            count: 0,
        }))
        .collect();
    for (bin, n) in &p.bins {
        // Quarter-hour bin k tops out at k×15 minutes; two make a half hour.
        let half_hour = ((bin.max(&1) + 1) / 2 - 1).min(16) as usize;
        histogram[half_hour].count += n;
    }

    let extra = extras(conn, scope, filter)?;
    let mut summary = summary_from(p.fig, &p.bins, &p.site_force, &sites, extra);
    add_prealerts(conn, scope, filter, &mut summary)?;
    add_escalations(conn, scope, filter, &mut summary)?;
    Ok(Report {
        summary,
        previous,
        target_minutes: target,
        by_force,
        by_reason,
        unit,
        by_period: p.by_period,
        by_hour,
        by_weekday,
        histogram,
    })
}

fn sum_where<T>(rows: &[(i16, i16, Counts)], pick: T) -> Counts
where
    T: Fn(&(i16, i16, Counts)) -> bool,
{
    let mut c = Counts::default();
    for r in rows.iter().filter(|r| pick(r)) {
        c.add(&r.2);
    }
    c
}

fn reason_rows(reasons: &[(Option<String>, Counts)]) -> Vec<Row> {
    use super::rules::DelayReason;
    let mut rows: Vec<Row> = DelayReason::ALL
        .iter()
        .map(|r| Row {
            key: r.code().to_string(),
            label: Msg::new(r.label()),
            counts: reasons
                .iter()
                .find(|(code, _)| code.as_deref() == Some(r.code()))
                .map(|(_, c)| *c)
                .unwrap_or_default(),
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.counts.breaches));
    rows.push(Row {
        key: "none".into(),
        label: Msg::new("report-no-reason"),
        counts: reasons
            .iter()
            .find(|(code, _)| code.is_none())
            .map(|(_, c)| *c)
            .unwrap_or_default(),
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn nearest_rank_is_ceiling_in_integers() {
        assert_eq!(nearest_rank(0, 1, 2), 0);
        assert_eq!(nearest_rank(1, 1, 2), 1);
        assert_eq!(nearest_rank(4, 1, 2), 2);
        assert_eq!(nearest_rank(5, 1, 2), 3);
        assert_eq!(nearest_rank(10, 9, 10), 9);
        assert_eq!(nearest_rank(11, 9, 10), 10);
        // 0.9 × 110 is 99.000...01 in floating point; the rank is 99.
        assert_eq!(nearest_rank(110, 9, 10), 99);
    }

    #[test]
    fn bands_include_their_upper_end() {
        assert_eq!(band_of(0), 0);
        assert_eq!(band_of(15 * 60), 0);
        assert_eq!(band_of(15 * 60 + 1), 1);
        assert_eq!(band_of(60 * 60), 3);
        assert_eq!(band_of(60 * 60 + 1), 4);
        assert_eq!(band_of(8 * 3600), 6);
        assert_eq!(band_of(8 * 3600 + 1), 7);
        // Quarter-hour bins map onto bands exactly.
        let bins = [(0, 1), (1, 2), (4, 3), (5, 4), (32, 5), (33, 6)];
        assert_eq!(bands_from_bins(&bins).0, [3, 0, 0, 3, 4, 0, 5, 6]);
    }

    #[test]
    fn report_and_board_bands_agree_at_every_boundary() {
        use crate::domain::rules::Band;
        let m = |min: i64, sec: i64| min * 60 + sec;
        // The report band each board band maps onto, with the 60-minute target.
        let board = |s: i64| match Band::of(s, 60) {
            Band::Under30 => "up to 30",
            Band::From30To45 => "30_to_45",
            Band::From45ToTarget => "45_to_60",
            Band::Breach => "over 60",
        };
        let report = |s: i64| match BANDS[band_of(s)].0 {
            "up_to_15" | "15_to_30" => "up to 30",
            "30_to_45" => "30_to_45",
            "45_to_60" => "45_to_60",
            _ => "over 60",
        };
        for s in [
            m(29, 59),
            m(30, 0),
            m(30, 1),
            m(45, 0),
            m(45, 1),
            m(60, 0),
            m(60, 1),
        ] {
            assert_eq!(board(s), report(s), "{s} seconds");
        }
        assert_eq!(BANDS[band_of(m(30, 0))].0, "15_to_30");
        assert_eq!(BANDS[band_of(m(30, 1))].0, "30_to_45");
        assert_eq!(BANDS[band_of(m(45, 0))].0, "30_to_45");
        assert_eq!(BANDS[band_of(m(45, 1))].0, "45_to_60");
        assert_eq!(BANDS[band_of(m(60, 0))].0, "45_to_60");
        assert_eq!(BANDS[band_of(m(60, 1))].0, "60_to_120");
    }

    #[test]
    fn presets_cover_whole_uk_days() {
        let today = d("2026-11-20");
        let p = |p| preset_days(p, today).unwrap();
        assert_eq!(p(Period::Last7Days), (d("2026-11-14"), today));
        assert_eq!(p(Period::Last30Days), (d("2026-10-22"), today));
        assert_eq!(p(Period::ThisMonth), (d("2026-11-01"), today));
        assert_eq!(p(Period::LastMonth), (d("2026-10-01"), d("2026-10-31")));
        assert_eq!(p(Period::ThisQuarter), (d("2026-10-01"), today));
        assert_eq!(p(Period::ThisFinancialYear), (d("2026-04-01"), today));
        assert_eq!(
            p(Period::LastFinancialYear),
            (d("2025-04-01"), d("2026-03-31"))
        );
        let jan = d("2027-01-15");
        assert_eq!(
            preset_days(Period::ThisFinancialYear, jan).unwrap().0,
            d("2026-04-01")
        );
        assert_eq!(
            preset_days(Period::LastMonth, jan).unwrap(),
            (d("2026-12-01"), d("2026-12-31"))
        );
    }

    #[test]
    fn units_and_their_boundaries() {
        assert_eq!(Unit::for_days(30), Unit::Week);
        assert_eq!(Unit::for_days(365), Unit::Month);
        assert_eq!(Unit::for_days(3650), Unit::Year);
        assert_eq!(Unit::Week.start(d("2026-11-20")), d("2026-11-16"));
        assert_eq!(Unit::Month.next(d("2026-12-01")), d("2027-01-01"));
        assert_eq!(Unit::Year.start(d("2026-11-20")), d("2026-01-01"));
        let row = |from, to| PeriodRow {
            from: d(from),
            to: d(to),
            counts: Counts::default(),
            median_seconds: None,
            p90_seconds: None,
        };
        // 16 Nov 2026 is a Monday.
        assert!(!row("2026-11-16", "2026-11-22").partial(Unit::Week));
        assert!(row("2026-11-16", "2026-11-17").partial(Unit::Week));
        assert!(row("2026-11-18", "2026-11-22").partial(Unit::Week));
        assert_eq!(row("2026-11-16", "2026-11-17").days(), 2);
        assert!(!row("2026-02-01", "2026-02-28").partial(Unit::Month));
        assert!(row("2026-02-01", "2026-02-27").partial(Unit::Month));
    }

    #[test]
    fn bands_serialise_in_order() {
        let json = serde_json::to_string(&Bands([1, 2, 3, 4, 5, 6, 7, 8])).unwrap();
        assert_eq!(
            json,
            r#"{"up_to_15":1,"15_to_30":2,"30_to_45":3,"45_to_60":4,"60_to_120":5,"120_to_240":6,"240_to_480":7,"over_480":8}"#
        );
    }
}
