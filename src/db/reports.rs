//! Report aggregates. Every query is an aggregate over the stays in one window
//! of Europe/London calendar days (the `stays_report` covering index), with the
//! reader's scope and the report's filters applied in SQL.
//!
//! Cancelled stays are counted (as cancelled) but excluded from every other
//! figure: the `CASE WHEN NOT cancelled ...` in each aggregate.

use chrono::NaiveDate;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable};

use super::DbConn;
use super::scope::Scope;
use crate::schema::{sites, stays};
use crate::time::{from_db, local_parts};

type Db = <DbConn as Connection>::Backend;

/// Bounds for "all time": real dates that both backends store and compare as
/// dates (SQLite compares its 'YYYY-MM-DD' text, so no signed years).
pub const EARLIEST: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
pub const LATEST: NaiveDate = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();

/// What to count, with codes already turned into ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Window {
    /// First and last Europe/London calendar day, both inclusive.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub force_id: Option<i64>,
    pub site_id: Option<i64>,
    pub site_kind: Option<String>,
    /// Only stays handed over after the target (the stored `breached` flag).
    pub breached_only: bool,
}

/// Counts shared by the headline and every breakdown row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// All stays, cancelled included.
    pub stays: i64,
    /// Stays that were the first place of safety of their detention.
    pub episodes: i64,
    pub cancelled: i64,
    pub handed_over: i64,
    pub breaches: i64,
    pub breaches_with_reason: i64,
    /// Breaches where police agreed to a request to stay past the target.
    pub breaches_agreed: i64,
    /// Σ max(0, seconds to handover − target) × officers present.
    pub lost_officer_seconds: i64,
    /// Left (transfer or end of detention) before any handover there: neither
    /// open nor handed over.
    pub departed: i64,
}

impl Counts {
    pub fn open(&self) -> i64 {
        self.stays - self.cancelled - self.handed_over - self.departed
    }
    /// Stays that count towards rates: everything but cancelled ones.
    pub fn live(&self) -> i64 {
        self.stays - self.cancelled
    }
    pub fn add(&mut self, o: &Counts) {
        self.stays += o.stays;
        self.episodes += o.episodes;
        self.cancelled += o.cancelled;
        self.handed_over += o.handed_over;
        self.breaches += o.breaches;
        self.breaches_with_reason += o.breaches_with_reason;
        self.breaches_agreed += o.breaches_agreed;
        self.lost_officer_seconds += o.lost_officer_seconds;
        self.departed += o.departed;
    }
}

pub(crate) type CountsRow = (i64, i64, i64, i64, i64, i64, i64, i64, i64);

impl From<CountsRow> for Counts {
    fn from(r: CountsRow) -> Self {
        Self {
            stays: r.0,
            episodes: r.1,
            cancelled: r.2,
            handed_over: r.3,
            breaches: r.4,
            breaches_with_reason: r.5,
            breaches_agreed: r.6,
            lost_officer_seconds: r.7,
            departed: r.8,
        }
    }
}

type Agg = diesel::expression::SqlLiteral<BigInt>;

/// Counts for one (site, force, delay reason) group.
pub type SiteForceReason = (i64, i64, Option<String>, Counts);

/// The per-stay count expressions, one source for these queries and the
/// rollup triggers (`scripts/gen-report-rollups.py` reads the same file).
const COUNT_EXPRS: &str = include_str!("report_counts.sql");

/// The columns of [`Counts`], in the order of [`CountsRow`].
pub const COUNT_COLUMNS: [&str; 9] = [
    "stays",
    "episodes",
    "cancelled",
    "handed_over",
    "breaches",
    "breaches_with_reason",
    "breaches_agreed",
    "lost_officer_seconds",
    "departed",
];

/// `(column, expression)` of each count over the row `R`, as in the file.
fn count_exprs() -> Vec<(&'static str, &'static str)> {
    COUNT_EXPRS
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("--"))
        .filter_map(|l| l.split_once(": "))
        .collect()
}

/// The aggregate expressions behind [`Counts`]: each count summed over the
/// stays. Portable SQL: booleans are tested bare (SQLite stores 0/1), sums
/// are cast so PostgreSQL's numeric sum of a bigint comes back as a bigint,
/// and empty sums are 0.
fn counts_exprs(target_seconds: i64) -> (Agg, Agg, Agg, Agg, Agg, Agg, Agg, Agg, Agg) {
    let exprs = count_exprs();
    let sum = |col: &str| {
        // The file is ours and checked by a test; target_seconds is an
        // integer from settings, never user text.
        let e = exprs
            .iter()
            .find(|(c, _)| *c == col)
            .map(|(_, e)| *e)
            .unwrap_or("0")
            .replace("R.", "")
            .replace("{target}", &target_seconds.to_string());
        sql::<BigInt>(&format!("CAST(COALESCE(SUM({e}), 0) AS BIGINT)"))
    };
    let [a, b, c, d, e, f, g, h, i] = COUNT_COLUMNS;
    (
        sum(a),
        sum(b),
        sum(c),
        sum(d),
        sum(e),
        sum(f),
        sum(g),
        sum(h),
        sum(i),
    )
}

type Cond = Box<dyn BoxableExpression<stays::table, Db, SqlType = Nullable<Bool>>>;

/// The condition for the stays in the window and in scope. A boxed condition
/// (not a boxed query), because diesel cannot group a boxed query.
pub(crate) fn in_window(scope: Scope, w: &Window) -> Cond {
    let mut c: Cond = Box::new(
        stays::arrived_local_date
            .ge(w.from)
            .and(stays::arrived_local_date.le(w.to)),
    );
    match scope {
        Scope::All => {}
        Scope::Force(id) => c = Box::new(c.and(stays::force_id.eq(id))),
        Scope::Site(id) => c = Box::new(c.and(stays::site_id.eq(id))),
        // Ids start at 1: nothing matches.
        Scope::Nothing => c = Box::new(c.and(stays::id.eq(-1))),
    }
    if let Some(id) = w.force_id {
        c = Box::new(c.and(stays::force_id.eq(id)));
    }
    if let Some(id) = w.site_id {
        c = Box::new(c.and(stays::site_id.eq(id)));
    }
    if let Some(kind) = &w.site_kind {
        c = Box::new(
            c.and(
                stays::site_id.eq_any(
                    sites::table
                        .filter(sites::kind.eq(kind.clone()))
                        .select(sites::id),
                ),
            ),
        );
    }
    if w.breached_only {
        c = Box::new(c.and(stays::breached.eq(true)));
    }
    c
}

/// The window's [`Counts`] and its longest time to handover (seconds, among
/// handed-over, uncancelled stays), in one scan.
pub fn counts(
    conn: &mut DbConn,
    scope: Scope,
    w: &Window,
    target: i64,
) -> QueryResult<(Counts, Option<i64>)> {
    let (c, max): (CountsRow, Option<i64>) = stays::table
        .filter(in_window(scope, w))
        .select((
            counts_exprs(target * 60),
            sql::<Nullable<BigInt>>("MAX(CASE WHEN NOT cancelled THEN handover_seconds END)"),
        ))
        .first(conn)?;
    Ok((c.into(), max))
}

/// Σ time to handover × officers present over the window's handed-over,
/// uncancelled stays: officer time from arrival, the other threshold of lost
/// officer hours (ambulance practice reports both). Read from the stays: the
/// rollups keep only the time beyond the target.
pub fn officer_seconds_from_arrival(
    conn: &mut DbConn,
    scope: Scope,
    w: &Window,
) -> QueryResult<i64> {
    stays::table
        .filter(in_window(scope, w))
        .select(sql::<BigInt>(
            "CAST(COALESCE(SUM(CASE WHEN NOT cancelled AND handover_seconds IS NOT NULL \
             THEN handover_seconds * officers ELSE 0 END), 0) AS BIGINT)",
        ))
        .first(conn)
}

/// The `rank`-th smallest time to handover (1-based) of the `n` handed-over,
/// uncancelled stays: an ordered scan with OFFSET on both backends, so the
/// rank arithmetic is ours and exact (see `domain::reports::nearest_rank`).
/// Ranks in the upper half are read from the top down, which keeps the sort's
/// top-N heap small (for p90, a tenth of the rows).
pub fn seconds_at_rank(
    conn: &mut DbConn,
    scope: Scope,
    w: &Window,
    rank: i64,
    n: i64,
) -> QueryResult<Option<i64>> {
    if rank < 1 || rank > n {
        return Ok(None);
    }
    let q = stays::table
        .filter(in_window(scope, w))
        .filter(stays::cancelled.eq(false))
        .filter(stays::handover_seconds.is_not_null())
        .select(stays::handover_seconds)
        .limit(1);
    let found = if rank * 2 > n {
        q.order(stays::handover_seconds.desc())
            .offset(n - rank)
            .first::<Option<i64>>(conn)
    } else {
        q.order(stays::handover_seconds.asc())
            .offset(rank - 1)
            .first::<Option<i64>>(conn)
    };
    found.optional().map(Option::flatten)
}

/// Minute to handover rounded up, exactly as `report_minutes` and the
/// `stays_minute` index write it (an index on an expression serves only
/// that expression).
const MINUTE: &str = "(handover_seconds + 59) / 60";

/// Handed-over, uncancelled stays by minute to handover rounded up (minute m
/// holds (m−1)×60+1 to m×60 seconds; 0 s is minute 0), as `report_minutes`
/// keeps them.
pub fn minute_counts(conn: &mut DbConn, scope: Scope, w: &Window) -> QueryResult<Vec<(i64, i64)>> {
    stays::table
        .filter(in_window(scope, w))
        .filter(stays::cancelled.eq(false))
        .filter(stays::handover_seconds.is_not_null())
        .group_by(sql::<BigInt>(MINUTE))
        .select((sql::<BigInt>(MINUTE), sql::<BigInt>("COUNT(*)")))
        .load(conn)
}

/// How [`seconds_in_minute`] reads the stays of one minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MinuteScan {
    /// In order along `stays_seconds`: every stay in that minute, whatever
    /// its day, filtered to the window. For windows of many years.
    Ordered,
    /// The window's stays in that minute from `stays_minute` (minute, then
    /// day), then sorted: a few hundred rows for a month or a year, however
    /// many years the table holds.
    ByDay,
}

/// The `offset`-th (0-based) smallest time to handover among the window's
/// handed-over, uncancelled stays in one minute (rounded up, as
/// [`minute_counts`]); the largest when `from_top`.
pub fn seconds_in_minute(
    conn: &mut DbConn,
    scope: Scope,
    w: &Window,
    minute: i64,
    offset: i64,
    from_top: bool,
    scan: MinuteScan,
) -> QueryResult<Option<i64>> {
    let (lo, hi) = if minute <= 0 {
        (0, 0)
    } else {
        ((minute - 1) * 60 + 1, minute * 60)
    };
    // The same minute either way; the form decides which index can serve.
    let in_minute: Box<dyn BoxableExpression<stays::table, Db, SqlType = Bool>> = match scan {
        MinuteScan::Ordered => Box::new(stays::handover_seconds.between(lo, hi).assume_not_null()),
        MinuteScan::ByDay => Box::new(
            sql::<BigInt>(MINUTE)
                .eq(minute.max(0))
                .and(stays::handover_seconds.is_not_null()),
        ),
    };
    let q = stays::table
        .filter(in_window(scope, w))
        .filter(stays::cancelled.eq(false))
        .filter(in_minute)
        .select(stays::handover_seconds)
        .offset(offset.max(0))
        .limit(1);
    let found = if from_top {
        q.order(stays::handover_seconds.desc())
            .first::<Option<i64>>(conn)
    } else {
        q.order(stays::handover_seconds.asc())
            .first::<Option<i64>>(conn)
    };
    found.optional().map(Option::flatten)
}

/// Handed-over, uncancelled stays by 15-minute bin of time to handover:
/// bin 0 is exactly 0 s, bin k is ((k−1)×15, k×15] minutes (upper end
/// included, so 60:00 exactly falls inside the target like the breach rule).
pub fn quarter_hour_bins(
    conn: &mut DbConn,
    scope: Scope,
    w: &Window,
) -> QueryResult<Vec<(i64, i64)>> {
    let bin = "(handover_seconds + 899) / 900";
    stays::table
        .filter(in_window(scope, w))
        .filter(stays::cancelled.eq(false))
        .filter(stays::handover_seconds.is_not_null())
        .group_by(sql::<BigInt>(bin))
        .select((sql::<BigInt>(bin), sql::<BigInt>("COUNT(*)")))
        .load(conn)
}

/// Counts by (site, force, delay reason): one scan gives the site, force and
/// reason tables.
pub fn by_site_force_reason(
    conn: &mut DbConn,
    scope: Scope,
    w: &Window,
    target: i64,
) -> QueryResult<Vec<SiteForceReason>> {
    let rows: Vec<(i64, i64, Option<String>, CountsRow)> = stays::table
        .filter(in_window(scope, w))
        .group_by((stays::site_id, stays::force_id, stays::delay_reason))
        .select((
            stays::site_id,
            stays::force_id,
            stays::delay_reason,
            counts_exprs(target * 60),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(s, f, r, c)| (s, f, r, c.into()))
        .collect())
}

/// Counts by (hour of day, ISO weekday) of arrival, UK time.
pub fn by_hour_and_weekday(
    conn: &mut DbConn,
    scope: Scope,
    w: &Window,
    target: i64,
) -> QueryResult<Vec<(i16, i16, Counts)>> {
    let rows: Vec<(Option<i16>, Option<i16>, CountsRow)> = stays::table
        .filter(in_window(scope, w))
        .group_by((stays::arrived_local_hour, stays::arrived_local_dow))
        .select((
            stays::arrived_local_hour,
            stays::arrived_local_dow,
            counts_exprs(target * 60),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(h, d, c)| Some((h?, d?, c.into())))
        .collect())
}

/// Counts by calendar day of arrival (UK time); weeks, months and years are
/// summed from these.
pub fn by_day(
    conn: &mut DbConn,
    scope: Scope,
    w: &Window,
    target: i64,
) -> QueryResult<Vec<(NaiveDate, Counts)>> {
    let rows: Vec<(Option<NaiveDate>, CountsRow)> = stays::table
        .filter(in_window(scope, w))
        .group_by(stays::arrived_local_date)
        .select((stays::arrived_local_date, counts_exprs(target * 60)))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(d, c)| Some((d?, c.into())))
        .collect())
}

/// The first day with any stay in scope (for "all time").
pub fn first_day(conn: &mut DbConn, scope: Scope) -> QueryResult<Option<NaiveDate>> {
    let w = Window {
        from: EARLIEST,
        to: LATEST,
        ..Default::default()
    };
    stays::table
        .filter(in_window(scope, &w))
        .select(diesel::dsl::min(stays::arrived_local_date))
        .first(conn)
}

/// Fills the UK-time columns of stays written before they existed. Runs at
/// start-up; a no-op once every stay has them.
pub fn backfill_local_fields(conn: &mut DbConn) -> QueryResult<usize> {
    let mut done = 0;
    loop {
        let batch: Vec<(i64, chrono::NaiveDateTime)> = stays::table
            .filter(stays::arrived_local_date.is_null())
            .select((stays::id, stays::arrived_at))
            .order(stays::id.asc())
            .limit(1000)
            .load(conn)?;
        if batch.is_empty() {
            return Ok(done);
        }
        conn.transaction(|c| {
            for (id, at) in &batch {
                let (d, h, w) = local_parts(from_db(*at));
                diesel::update(stays::table.find(id))
                    .set((
                        stays::arrived_local_date.eq(d),
                        stays::arrived_local_hour.eq(h),
                        stays::arrived_local_dow.eq(w),
                    ))
                    .execute(c)?;
            }
            QueryResult::Ok(())
        })?;
        done += batch.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_file_lists_every_count_in_counts_order() {
        let cols: Vec<&str> = count_exprs().iter().map(|(c, _)| *c).collect();
        assert_eq!(cols, COUNT_COLUMNS);
        for (c, e) in count_exprs() {
            assert!(!e.trim().is_empty(), "{c} has an expression");
        }
    }
}
