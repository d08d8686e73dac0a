//! Reads of the report rollups: counts per calendar month ('M') or year ('Y')
//! of UK arrival day, and over all time ('A'), kept by triggers on `stays`
//! (installed by migrations `2026-11-24-300001_report_rollups` and
//! `2026-11-25-000001_report_rollups_all_time`; `scripts/gen-report-rollups.py`
//! generates their SQL from `report_counts.sql`, the counts `db::reports`
//! sums too, into `report_rollups_triggers.*.sql`, and a change into a new
//! migration). A window is split by [`plan`] into whole
//! months or years, read here, and the partial days at its edges, read from
//! `stays` by `db::reports`. A window that holds every stay reads the figures
//! it does not split by period from the all-time rows.
//!
//! The rollups carry no scope: they serve reports over every force and site
//! (an unrestricted manager or an administrator, no force, site or kind
//! filter). Narrower reports have few rows and read `stays` directly.

use chrono::{Datelike, Duration, NaiveDate};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};

use super::DbConn;
use super::reports::{Counts, CountsRow, EARLIEST};
use crate::schema::{report_counts, report_hours, report_minutes, report_reasons, stays};

/// The handover target (seconds) the rollups measure lost officer time
/// against; reports read them only when the target setting is this (and
/// read `stays` directly for any other target). The generator reads it here.
pub const TARGET_SECONDS: i64 = 3600;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grain {
    Month,
    Year,
    /// Every stay: one period, starting on [`EARLIEST`].
    All,
}

impl Grain {
    fn code(self) -> &'static str {
        match self {
            Self::Month => "M",
            Self::Year => "Y",
            Self::All => "A",
        }
    }
}

/// Whole months or years, by the first day of the first and of the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rolled {
    pub grain: Grain,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Rolled {
    /// The all-time rows.
    pub const ALL: Rolled = Rolled {
        grain: Grain::All,
        first: EARLIEST,
        last: EARLIEST,
    };
}

/// How a window of days is read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Runs of days read from `stays`; each lies inside one calendar month.
    pub raw: Vec<(NaiveDate, NaiveDate)>,
    pub rolled: Vec<Rolled>,
}

fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn year_start(d: NaiveDate) -> NaiveDate {
    d.with_ordinal(1).unwrap_or(d)
}

fn prev_month(d: NaiveDate) -> NaiveDate {
    month_start(month_start(d) - Duration::days(1))
}

/// Whether any stay arrived on the UK days `from..=to`.
fn any_stay(conn: &mut DbConn, from: NaiveDate, to: NaiveDate) -> QueryResult<bool> {
    if from > to {
        return Ok(false);
    }
    diesel::select(diesel::dsl::exists(
        stays::table.filter(stays::arrived_local_date.between(from, to)),
    ))
    .get_result(conn)
}

/// Widens `from..=to` to whole calendar months where the added days hold no
/// stay: the figures are the same, and whole months are read from the
/// rollups instead of `stays` (an "all time" window starts on the first
/// stay's day and ends today).
pub fn snap(
    conn: &mut DbConn,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<(NaiveDate, NaiveDate)> {
    let first = month_start(from);
    let from = if any_stay(conn, first, from - Duration::days(1))? {
        from
    } else {
        first
    };
    let last = month_start(to)
        .checked_add_months(chrono::Months::new(1))
        .map(|d| d - Duration::days(1))
        .unwrap_or(to);
    let to = if any_stay(conn, to + Duration::days(1), last)? {
        to
    } else {
        last
    };
    Ok((from, to))
}

/// Whether every stay arrived on the UK days `from..=to` (so the all-time
/// rows hold exactly the window's figures).
pub fn holds_every_stay(conn: &mut DbConn, from: NaiveDate, to: NaiveDate) -> QueryResult<bool> {
    use diesel::dsl::{max, min};
    // Two statements: each is one step along the `stays_report` index.
    let first: Option<NaiveDate> = stays::table
        .select(min(stays::arrived_local_date))
        .first(conn)?;
    let last: Option<NaiveDate> = stays::table
        .select(max(stays::arrived_local_date))
        .first(conn)?;
    Ok(first.is_none_or(|d| d >= from) && last.is_none_or(|d| d <= to))
}

/// Splits the days `from..=to` into whole calendar months (whole years too,
/// when `years`) and the partial months at either end. With no whole month
/// inside, everything is raw.
pub fn plan(from: NaiveDate, to: NaiveDate, years: bool) -> Plan {
    let m1 = if from.day() == 1 {
        from
    } else {
        month_start(from)
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(from)
    };
    let m2 = to
        .succ_opt()
        .map(month_start)
        .unwrap_or_else(|| month_start(to));
    if m1 >= m2 {
        return Plan {
            raw: vec![(from, to)],
            rolled: vec![],
        };
    }
    let mut p = Plan::default();
    if from < m1 {
        p.raw.push((from, m1 - Duration::days(1)));
    }
    if m2 <= to {
        p.raw.push((m2, to));
    }
    let months = |a: NaiveDate, b: NaiveDate| Rolled {
        grain: Grain::Month,
        first: a,
        last: prev_month(b),
    };
    let y1 = if m1.ordinal() == 1 {
        m1
    } else {
        year_start(m1).with_year(m1.year() + 1).unwrap_or(m2)
    };
    let y2 = year_start(m2);
    if years && y1 < y2 {
        if m1 < y1 {
            p.rolled.push(months(m1, y1));
        }
        p.rolled.push(Rolled {
            grain: Grain::Year,
            first: y1,
            last: y2.with_year(y2.year() - 1).unwrap_or(y1),
        });
        if y2 < m2 {
            p.rolled.push(months(y2, m2));
        }
    } else {
        p.rolled.push(months(m1, m2));
    }
    p
}

/// The SQL condition for the rolled spans (dates and grain codes are ours,
/// never user text).
fn cond(spans: &[Rolled], breached_only: bool) -> String {
    let parts: Vec<String> = spans
        .iter()
        .map(|s| {
            format!(
                "(grain = '{}' AND period_start >= '{}' AND period_start <= '{}')",
                s.grain.code(),
                s.first.format("%Y-%m-%d"),
                s.last.format("%Y-%m-%d")
            )
        })
        .collect();
    let mut c = if parts.is_empty() {
        "1 = 0".to_string()
    } else {
        format!("({})", parts.join(" OR "))
    };
    if breached_only {
        c.push_str(" AND b = 1");
    }
    c
}

type Agg = diesel::expression::SqlLiteral<BigInt>;

fn sums() -> (Agg, Agg, Agg, Agg, Agg, Agg, Agg, Agg, Agg) {
    let s = |c: &str| sql::<BigInt>(&format!("CAST(COALESCE(SUM({c}), 0) AS BIGINT)"));
    (
        s("stays"),
        s("episodes"),
        s("cancelled"),
        s("handed_over"),
        s("breaches"),
        s("breaches_with_reason"),
        s("breaches_agreed"),
        s("lost_officer_seconds"),
        s("departed"),
    )
}

/// Counts by (site, force), summed in SQL.
pub fn site_force(
    conn: &mut DbConn,
    spans: &[Rolled],
    breached_only: bool,
) -> QueryResult<Vec<(i64, i64, Counts)>> {
    use report_counts::dsl as t;
    let rows: Vec<(i64, i64, CountsRow)> = t::report_counts
        .filter(sql::<Bool>(&cond(spans, breached_only)))
        .group_by((t::site_id, t::force_id))
        .select((t::site_id, t::force_id, sums()))
        .load(conn)?;
    Ok(rows.into_iter().map(|(s, f, c)| (s, f, c.into())).collect())
}

/// Counts by (period start, delay reason) (`None`: no reason recorded): the
/// smallest rollup that holds every count, so it also gives the totals and
/// the over-time rows.
pub fn periods_and_reasons(
    conn: &mut DbConn,
    spans: &[Rolled],
    breached_only: bool,
) -> QueryResult<Vec<(NaiveDate, Option<String>, Counts)>> {
    use report_reasons::dsl as t;
    let rows: Vec<(NaiveDate, String, CountsRow)> = t::report_reasons
        .filter(sql::<Bool>(&cond(spans, breached_only)))
        .group_by((t::period_start, t::reason))
        .select((t::period_start, t::reason, sums()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(p, r, c)| (p, (!r.is_empty()).then_some(r), c.into()))
        .collect())
}

/// Counts by (hour of day, ISO weekday) of arrival.
pub fn hours(
    conn: &mut DbConn,
    spans: &[Rolled],
    breached_only: bool,
) -> QueryResult<Vec<(i16, i16, Counts)>> {
    use report_hours::dsl as t;
    let rows: Vec<(i16, i16, CountsRow)> = t::report_hours
        .filter(sql::<Bool>(&cond(spans, breached_only)))
        .group_by((t::hour, t::dow))
        .select((t::hour, t::dow, sums()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(h, d, _)| *h >= 0 && *d >= 0)
        .map(|(h, d, c)| (h, d, c.into()))
        .collect())
}

/// Handed-over, uncancelled stays by minute to handover rounded up, over
/// all the spans, leaving out empty minutes.
pub fn minutes(
    conn: &mut DbConn,
    spans: &[Rolled],
    breached_only: bool,
) -> QueryResult<Vec<(i64, i64)>> {
    use report_minutes::dsl as t;
    let rows: Vec<(i64, i64)> = t::report_minutes
        .filter(sql::<Bool>(&cond(spans, breached_only)))
        .group_by(t::minute)
        .select((
            t::minute,
            sql::<BigInt>("CAST(COALESCE(SUM(n), 0) AS BIGINT)"),
        ))
        .load(conn)?;
    Ok(rows.into_iter().filter(|r| r.1 > 0).collect())
}

/// Handed-over, uncancelled stays by (period start, minute to handover
/// rounded up), leaving out empty minutes; only minutes up to `max_minute`
/// when given (a median almost always lies below two hours, and the long
/// tail is most of the rows).
pub fn minutes_by_period(
    conn: &mut DbConn,
    spans: &[Rolled],
    breached_only: bool,
    max_minute: Option<i64>,
) -> QueryResult<Vec<(NaiveDate, i64, i64)>> {
    use report_minutes::dsl as t;
    let rows: Vec<(NaiveDate, i64, i64)> = t::report_minutes
        .filter(sql::<Bool>(&cond(spans, breached_only)))
        .filter(t::minute.le(max_minute.unwrap_or(i64::MAX)))
        .group_by((t::period_start, t::minute))
        .select((
            t::period_start,
            t::minute,
            sql::<BigInt>("CAST(COALESCE(SUM(n), 0) AS BIGINT)"),
        ))
        .load(conn)?;
    Ok(rows.into_iter().filter(|r| r.2 > 0).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_window_splits_into_edges_months_and_years() {
        // Mid-month to mid-month: two raw edges and whole months between.
        let p = plan(d("2025-11-22"), d("2026-11-21"), false);
        assert_eq!(
            p.raw,
            vec![
                (d("2025-11-22"), d("2025-11-30")),
                (d("2026-11-01"), d("2026-11-21"))
            ]
        );
        assert_eq!(
            p.rolled,
            vec![Rolled {
                grain: Grain::Month,
                first: d("2025-12-01"),
                last: d("2026-10-01")
            }]
        );
        // Whole years in the middle when allowed.
        let p = plan(d("1996-03-10"), d("2026-11-22"), true);
        assert_eq!(p.rolled.len(), 3);
        assert_eq!(p.rolled[0].first, d("1996-04-01"));
        assert_eq!(p.rolled[0].last, d("1996-12-01"));
        assert_eq!(p.rolled[1].grain, Grain::Year);
        assert_eq!(p.rolled[1].first, d("1997-01-01"));
        assert_eq!(p.rolled[1].last, d("2025-01-01"));
        assert_eq!(p.rolled[2].first, d("2026-01-01"));
        assert_eq!(p.rolled[2].last, d("2026-10-01"));
        // Exactly whole months: nothing raw.
        let p = plan(d("2026-01-01"), d("2026-03-31"), true);
        assert!(p.raw.is_empty());
        assert_eq!(p.rolled[0].last, d("2026-03-01"));
        // Exactly one whole year.
        let p = plan(d("2025-01-01"), d("2025-12-31"), true);
        assert_eq!(
            p.rolled,
            vec![Rolled {
                grain: Grain::Year,
                first: d("2025-01-01"),
                last: d("2025-01-01")
            }]
        );
        // No whole month inside: all raw.
        let p = plan(d("2026-01-15"), d("2026-02-10"), true);
        assert_eq!(p.raw, vec![(d("2026-01-15"), d("2026-02-10"))]);
        assert!(p.rolled.is_empty());
    }
}
