//! What the operators' monitoring asks of the domain at each scrape of
//! `/metrics`: the figures come from the rules the pages use (the board's
//! "waiting for handover", the report's breaches), never recomputed here.

use chrono::{DateTime, Utc};

use super::auth::Scope;
use super::reports::{self, ReportQuery};
use crate::db::episodes::{StayFilter, count_stays};
use crate::db::{DbConn, orgs};
use crate::error::AppError;

/// The figures read from the database at each scrape.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveFigures {
    /// (site code, people waiting for a handover there now), every site.
    pub waiting: Vec<(String, i64)>,
    /// (site code, breaches among today's arrivals, as the report counts them), every site.
    pub breaches_today: Vec<(String, i64)>,
    /// Notifications not yet sent (the outbox's pending rows): the
    /// `s136_outbox_backlog` gauge. Always `Some` since the outbox exists.
    pub outbox_backlog: Option<i64>,
}

pub fn live_figures(conn: &mut DbConn, now: DateTime<Utc>) -> Result<LiveFigures, AppError> {
    let sites = orgs::list_sites(conn)?;
    // The board's own filter (arrived, not handed over, not left, not
    // cancelled), one indexed count per site.
    let mut waiting = Vec::with_capacity(sites.len());
    for s in &sites {
        let f = StayFilter {
            site_id: Some(s.id),
            awaiting_handover: true,
            ..Default::default()
        };
        waiting.push((s.code.clone(), count_stays(conn, Scope::All, &f)?));
    }
    let today = super::time::london(now).date_naive().to_string();
    let filter = reports::parse_filter(
        conn,
        Scope::All,
        &ReportQuery {
            from: today.clone(),
            to: today,
            ..Default::default()
        },
        super::time::london(now).date_naive(),
    )?;
    let summary = reports::summary(conn, Scope::All, &filter)?;
    let of = |code: &str| {
        summary
            .by_site
            .iter()
            .find(|s| s.code == code)
            .map_or(0, |s| s.breaches)
    };
    Ok(LiveFigures {
        waiting,
        breaches_today: sites
            .iter()
            .map(|s| (s.code.clone(), of(&s.code)))
            .collect(),
        outbox_backlog: Some(super::notify::backlog(conn)?),
    })
}
