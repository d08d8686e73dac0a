//! Where the report's figures come from. Two sources give the same numbers:
//!
//! - **Raw**: aggregates over the stays in the window (`db::reports`), the
//!   percentiles by an ordered scan with OFFSET. Cost follows the rows in the
//!   window; used for narrow reports (a force, a site, a kind of place, short
//!   windows) and whenever the rollups cannot serve.
//! - **Rollups**: whole calendar months (and whole years, when the report
//!   goes by year) from the trigger-kept tables in `db::report_rollups`, and
//!   only the partial months at the window's edges from `stays` (none when
//!   the days that would complete those months hold no stay). When the
//!   window holds every stay, the figures not split by period (sites,
//!   forces, hours, the histogram) come from the all-time rows. Percentiles
//!   stay exact: the per-minute histogram finds the minute holding rank k,
//!   then an ordered scan of the stays in that one minute (over the window)
//!   finds the second. Used for unrestricted reports (every force and site)
//!   with the standard 60-minute target.

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate};

use super::auth::Scope;
use super::reports::{Figures, PeriodRow, Unit, nearest_rank};
use crate::db::DbConn;
use crate::db::report_rollups::{self as roll, Plan, Rolled};
use crate::db::reports::{self as q, Counts, MinuteScan, Window};
use crate::error::AppError;

/// Which source to read (tests compare the two).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Rollups when they can serve the report, else raw.
    Auto,
    Raw,
}

/// How much of the report to gather.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Counts, percentiles and maximum only (the previous period).
    Figures,
    /// Plus the bands and the per-site counts (the JSON summary).
    Summary,
    /// Plus reasons, hours, weekdays and the over-time rows.
    Report(Unit),
}

/// The figures of one window.
#[derive(Debug, Clone, Default)]
pub struct Parts {
    pub fig: Figures,
    /// Quarter-hour bins: bin 0 is exactly 0 s, bin k is ((k−1)×15, k×15] minutes.
    pub bins: Vec<(i64, i64)>,
    pub site_force: Vec<(i64, i64, Counts)>,
    pub reasons: Vec<(Option<String>, Counts)>,
    pub hours: Vec<(i16, i16, Counts)>,
    pub by_period: Vec<PeriodRow>,
}

/// The over-time rows of `from..=to`: (unit start, first day, last day).
pub fn periods(
    unit: Unit,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(NaiveDate, NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut start = unit.start(from);
    while start <= to {
        let next = unit.next(start);
        out.push((start, start.max(from), (next - Duration::days(1)).min(to)));
        start = next;
    }
    out
}

fn rollups_serve(scope: Scope, w: &Window, target: i64) -> bool {
    scope == Scope::All
        && w.force_id.is_none()
        && w.site_id.is_none()
        && w.site_kind.is_none()
        && target * 60 == roll::TARGET_SECONDS
}

pub fn gather(
    conn: &mut DbConn,
    scope: Scope,
    w: &Window,
    target: i64,
    need: Need,
    source: Source,
) -> Result<Parts, AppError> {
    // Weekly rows (windows up to about three months) cannot be cut from
    // monthly rollups, and such windows are small: raw.
    if source == Source::Auto && rollups_serve(scope, w, target) && need != Need::Report(Unit::Week)
    {
        let years = match need {
            Need::Report(unit) => unit == Unit::Year,
            _ => true,
        };
        let (from, to) = roll::snap(conn, w.from, w.to)?;
        let plan = roll::plan(from, to, years);
        if !plan.rolled.is_empty() {
            return rolled(conn, scope, w, target, need, &plan);
        }
    }
    raw(conn, scope, w, target, need)
}

fn add_to<K: PartialEq>(rows: &mut Vec<(K, Counts)>, key: K, c: &Counts) {
    match rows.iter_mut().find(|(k, _)| *k == key) {
        Some((_, t)) => t.add(c),
        None => rows.push((key, *c)),
    }
}

fn raw(
    conn: &mut DbConn,
    scope: Scope,
    w: &Window,
    target: i64,
    need: Need,
) -> Result<Parts, AppError> {
    let (counts, max_seconds) = q::counts(conn, scope, w, target)?;
    let n = counts.handed_over;
    let mut p = Parts {
        fig: Figures {
            counts,
            median_seconds: q::seconds_at_rank(conn, scope, w, nearest_rank(n, 1, 2), n)?,
            p90_seconds: q::seconds_at_rank(conn, scope, w, nearest_rank(n, 9, 10), n)?,
            max_seconds,
        },
        ..Default::default()
    };
    if need == Need::Figures {
        return Ok(p);
    }
    p.bins = q::quarter_hour_bins(conn, scope, w)?;
    let mut site_force: Vec<((i64, i64), Counts)> = Vec::new();
    for (site, force, reason, c) in q::by_site_force_reason(conn, scope, w, target)? {
        add_to(&mut site_force, (site, force), &c);
        add_to(&mut p.reasons, reason, &c);
    }
    p.site_force = site_force
        .into_iter()
        .map(|((s, f), c)| (s, f, c))
        .collect();
    let Need::Report(unit) = need else {
        return Ok(p);
    };
    p.hours = q::by_hour_and_weekday(conn, scope, w, target)?;
    let days = q::by_day(conn, scope, w, target)?;
    for (_, from, to) in periods(unit, w.from, w.to) {
        let mut counts = Counts::default();
        for (_, c) in days.iter().filter(|(d, _)| *d >= from && *d <= to) {
            counts.add(c);
        }
        let bw = Window {
            from,
            to,
            ..w.clone()
        };
        let n = counts.handed_over;
        p.by_period.push(PeriodRow {
            from,
            to,
            counts,
            median_seconds: q::seconds_at_rank(conn, scope, &bw, nearest_rank(n, 1, 2), n)?,
            p90_seconds: q::seconds_at_rank(conn, scope, &bw, nearest_rank(n, 9, 10), n)?,
        });
    }
    Ok(p)
}

/// The (minute, offset within it) of the `rank`-th smallest value (1-based).
fn locate(hist: &BTreeMap<i64, i64>, rank: i64) -> Option<(i64, i64)> {
    if rank < 1 {
        return None;
    }
    let mut seen = 0;
    for (m, n) in hist {
        if seen + n >= rank {
            return Some((*m, rank - seen - 1));
        }
        seen += n;
    }
    None
}

/// The exact `rank`-th smallest seconds over `from..=to` of the window.
/// Up to about three years (a period row, a year's report) the window's few
/// stays in that minute are read by day and sorted; over longer windows
/// the minute is read in order across the table.
fn exact(
    conn: &mut DbConn,
    scope: Scope,
    w: &Window,
    (from, to): (NaiveDate, NaiveDate),
    hist: &BTreeMap<i64, i64>,
    rank: i64,
) -> Result<Option<i64>, AppError> {
    let Some((minute, offset)) = locate(hist, rank) else {
        return Ok(None);
    };
    let sub = Window {
        from,
        to,
        ..w.clone()
    };
    let scan = if (to - from).num_days() <= 3 * 366 {
        MinuteScan::ByDay
    } else {
        MinuteScan::Ordered
    };
    Ok(q::seconds_in_minute(
        conn, scope, &sub, minute, offset, false, scan,
    )?)
}

/// Per-period medians and 90th percentiles are looked for among minutes up
/// to this first (see [`roll::minutes_by_period`]); a period whose median or
/// 90th percentile lies above it reads all its minutes.
const MEDIAN_MINUTES: i64 = 120;

fn rolled(
    conn: &mut DbConn,
    scope: Scope,
    w: &Window,
    target: i64,
    need: Need,
    plan: &Plan,
) -> Result<Parts, AppError> {
    let bo = w.breached_only;
    let edge = |from: NaiveDate, to: NaiveDate| Window {
        from,
        to,
        ..w.clone()
    };
    // Figures not split by period: from the all-time rows when the window
    // holds every stay (then there are no edge days either).
    let whole: Vec<Rolled> = if plan.raw.is_empty() && roll::holds_every_stay(conn, w.from, w.to)? {
        vec![Rolled::ALL]
    } else {
        plan.rolled.clone()
    };
    let mut p = Parts::default();
    // Counts by period key (whole months and years by their first day, edge
    // days by themselves), and the totals and reasons from the same rows.
    let mut days: Vec<(NaiveDate, Counts)> = Vec::new();
    let mut total = Counts::default();
    for (period, reason, c) in roll::periods_and_reasons(conn, &plan.rolled, bo)? {
        total.add(&c);
        add_to(&mut days, period, &c);
        add_to(&mut p.reasons, reason, &c);
    }
    let mut site_force: HashMap<(i64, i64), Counts> = HashMap::new();
    if need != Need::Figures {
        for (site, force, c) in roll::site_force(conn, &whole, bo)? {
            site_force.entry((site, force)).or_default().add(&c);
        }
    }
    let mut hist: BTreeMap<i64, i64> = roll::minutes(conn, &whole, bo)?.into_iter().collect();
    // Minutes by period key, edge days included, for the per-period medians.
    let mut edge_minutes: Vec<(NaiveDate, i64, i64)> = Vec::new();
    for &(from, to) in &plan.raw {
        let ew = edge(from, to);
        if need == Need::Figures {
            total.add(&q::counts(conn, scope, &ew, target)?.0);
        } else {
            for (site, force, reason, c) in q::by_site_force_reason(conn, scope, &ew, target)? {
                total.add(&c);
                site_force.entry((site, force)).or_default().add(&c);
                add_to(&mut p.reasons, reason, &c);
            }
        }
        if let Need::Report(_) = need {
            days.extend(q::by_day(conn, scope, &ew, target)?);
            p.hours
                .extend(q::by_hour_and_weekday(conn, scope, &ew, target)?);
        }
        for (m, n) in q::minute_counts(conn, scope, &ew)? {
            *hist.entry(m).or_default() += n;
            edge_minutes.push((from, m, n));
        }
    }
    hist.retain(|_, n| *n > 0);
    let n = total.handed_over;
    let whole_days = (w.from, w.to);
    let max_seconds = match hist.keys().next_back() {
        Some(&m) => q::seconds_in_minute(conn, scope, w, m, 0, true, MinuteScan::Ordered)?,
        None => None,
    };
    p.fig = Figures {
        counts: total,
        median_seconds: exact(conn, scope, w, whole_days, &hist, nearest_rank(n, 1, 2))?,
        p90_seconds: exact(conn, scope, w, whole_days, &hist, nearest_rank(n, 9, 10))?,
        max_seconds,
    };
    if need == Need::Figures {
        return Ok(p);
    }
    let mut bins: BTreeMap<i64, i64> = BTreeMap::new();
    for (m, n) in &hist {
        *bins.entry((m + 14) / 15).or_default() += n;
    }
    p.bins = bins.into_iter().collect();
    p.site_force = site_force
        .into_iter()
        .map(|((s, f), c)| (s, f, c))
        .collect();
    let Need::Report(unit) = need else {
        return Ok(p);
    };
    p.hours.extend(roll::hours(conn, &whole, bo)?);
    // Per-period medians: minutes up to MEDIAN_MINUTES first; all of them
    // only if some period's median lies above.
    let mut minutes = roll::minutes_by_period(conn, &plan.rolled, bo, Some(MEDIAN_MINUTES))?;
    minutes.extend(edge_minutes.iter().filter(|r| r.1 <= MEDIAN_MINUTES));
    let mut all_minutes: Option<Vec<(NaiveDate, i64, i64)>> = None;
    for (start, from, to) in periods(unit, w.from, w.to) {
        // Keys are month or year starts and edge days: each lies in one unit.
        let mine = |d: &NaiveDate| unit.start(*d) == start;
        let mut counts = Counts::default();
        for (_, c) in days.iter().filter(|(d, _)| mine(d)) {
            counts.add(c);
        }
        let rank = nearest_rank(counts.handed_over, 1, 2);
        let rank90 = nearest_rank(counts.handed_over, 9, 10);
        let histogram = |rows: &[(NaiveDate, i64, i64)]| {
            let mut ph: BTreeMap<i64, i64> = BTreeMap::new();
            for (_, m, n) in rows.iter().filter(|(d, ..)| mine(d)) {
                *ph.entry(*m).or_default() += n;
            }
            ph
        };
        let mut ph = histogram(&minutes);
        if rank >= 1 && (locate(&ph, rank).is_none() || locate(&ph, rank90).is_none()) {
            let rows = match &mut all_minutes {
                Some(rows) => rows,
                None => {
                    let mut rows = roll::minutes_by_period(conn, &plan.rolled, bo, None)?;
                    rows.extend(edge_minutes.iter());
                    all_minutes.insert(rows)
                }
            };
            ph = histogram(rows);
        }
        p.by_period.push(PeriodRow {
            from,
            to,
            counts,
            median_seconds: exact(conn, scope, w, (from, to), &ph, rank)?,
            p90_seconds: exact(conn, scope, w, (from, to), &ph, rank90)?,
        });
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_the_minute_and_the_offset_in_it() {
        let h: BTreeMap<i64, i64> = [(0, 1), (5, 3), (61, 2)].into_iter().collect();
        assert_eq!(locate(&h, 1), Some((0, 0)));
        assert_eq!(locate(&h, 2), Some((5, 0)));
        assert_eq!(locate(&h, 4), Some((5, 2)));
        assert_eq!(locate(&h, 6), Some((61, 1)));
        assert_eq!(locate(&h, 7), None);
        assert_eq!(locate(&h, 0), None);
    }
}
