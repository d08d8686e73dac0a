//! The events table: one row per change, written in the change's own
//! transaction, read by the live streams in id order.
//!
//! Ids must be seen in commit order, or a stream that has sent event 11
//! would never send an event 10 that committed after it. SQLite has one
//! writer at a time, so that holds; on PostgreSQL each writer takes a
//! transaction-scoped advisory lock just before it inserts its event (at the
//! end of the change, after its row locks), so ids are handed out and
//! committed one writer at a time. The same transaction sends a `NOTIFY`
//! with the id: delivered on commit only, never for a rollback.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};

use super::scope::Scope;
use super::{DbConn, LOCK_EVENTS};
use crate::schema::events;

/// The channel every instance listens on (PostgreSQL).
pub const CHANNEL: &str = "s136_events";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct EventRow {
    pub id: i64,
    pub at: NaiveDateTime,
    pub kind: String,
    pub force_id: i64,
    pub site_id: i64,
    pub other_site_id: Option<i64>,
    pub episode_id: Option<i64>,
    pub prealert_id: Option<i64>,
    pub data: String,
}

#[derive(Debug, Clone)]
pub struct NewEvent {
    pub at: NaiveDateTime,
    pub kind: &'static str,
    pub force_id: i64,
    pub site_id: i64,
    pub other_site_id: Option<i64>,
    pub episode_id: Option<i64>,
    pub prealert_id: Option<i64>,
    pub data: serde_json::Value,
}

/// Writes one event (in the caller's transaction).
pub fn insert(conn: &mut DbConn, e: &NewEvent) -> QueryResult<()> {
    if let DbConn::Postgres(pg) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(LOCK_EVENTS)
            .execute(pg)?;
    }
    diesel::insert_into(events::table)
        .values((
            events::at.eq(e.at),
            events::kind.eq(e.kind),
            events::force_id.eq(e.force_id),
            events::site_id.eq(e.site_id),
            events::other_site_id.eq(e.other_site_id),
            events::episode_id.eq(e.episode_id),
            events::prealert_id.eq(e.prealert_id),
            events::data.eq(e.data.to_string()),
        ))
        .execute(conn)?;
    if let DbConn::Postgres(pg) = conn {
        diesel::sql_query(format!(
            "SELECT pg_notify('{CHANNEL}', currval(pg_get_serial_sequence('events', 'id'))::text)"
        ))
        .execute(pg)?;
    }
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        p.push(e.site_id);
        p.extend(e.other_site_id);
    });
    Ok(())
}

/// Subscribes this (dedicated) connection to every instance's events (and
/// to their ended sessions and changed accounts).
pub fn listen(conn: &mut DbConn) -> QueryResult<()> {
    if let DbConn::Postgres(pg) = conn {
        diesel::sql_query(format!("LISTEN {CHANNEL}")).execute(pg)?;
        diesel::sql_query(format!("LISTEN {}", super::sessions::CHANNEL)).execute(pg)?;
    }
    Ok(())
}

/// Events after `after_id` that `scope` may see, oldest first.
pub fn after(
    conn: &mut DbConn,
    scope: Scope,
    after_id: i64,
    limit: i64,
) -> QueryResult<Vec<EventRow>> {
    let mut q = events::table
        .filter(events::id.gt(after_id))
        .order(events::id.asc())
        .limit(limit)
        .select(EventRow::as_select())
        .into_boxed();
    match scope {
        Scope::All => {}
        Scope::Force(f) => q = q.filter(events::force_id.eq(f)),
        Scope::Site(s) => {
            q = q.filter(
                events::site_id
                    .eq(s)
                    .or(events::other_site_id.eq(s).assume_not_null()),
            )
        }
        Scope::Nothing => return Ok(Vec::new()),
    }
    q.load(conn)
}

/// Events after `after_id`, whoever may see them (the hub's fan-out).
pub fn all_after(conn: &mut DbConn, after_id: i64, limit: i64) -> QueryResult<Vec<EventRow>> {
    after(conn, Scope::All, after_id, limit)
}

/// The newest id, 0 when there is none.
pub fn latest_id(conn: &mut DbConn) -> QueryResult<i64> {
    events::table
        .select(diesel::dsl::max(events::id))
        .first::<Option<i64>>(conn)
        .map(|m| m.unwrap_or(0))
}

/// The oldest id still kept.
pub fn oldest_id(conn: &mut DbConn) -> QueryResult<Option<i64>> {
    events::table
        .select(diesel::dsl::min(events::id))
        .first::<Option<i64>>(conn)
}

/// Removes events from before `before` (kept for resuming streams only).
pub fn prune(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(events::table.filter(events::at.lt(before))).execute(conn)
}

// --- Waking this process's streams as soon as a change commits ------------

thread_local! {
    /// Sites touched by events written in the transaction now running on
    /// this thread (diesel runs a transaction on one thread).
    static PENDING: RefCell<Vec<i64>> = const { RefCell::new(Vec::new()) };
}

/// Called by `write_tx` once the outermost transaction has ended: a commit
/// bumps the touched sites' generations and wakes the hubs; a rollback
/// forgets them.
pub(crate) fn transaction_ended(committed: bool) {
    let sites = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
    if committed && !sites.is_empty() {
        if sites.contains(&EVERYWHERE_MARK) {
            EVERYWHERE.fetch_add(1, Ordering::Relaxed);
        }
        changed(&sites);
    }
}

/// Site ids start at 1: this one in the pending list means "every page".
const EVERYWHERE_MARK: i64 = -1;

/// Everything may look different once this transaction commits (a setting
/// every board shows changed). Another process's change (the CLI) shows
/// when the cached minute turns.
pub fn everywhere_on_commit() {
    PENDING.with(|p| p.borrow_mut().push(EVERYWHERE_MARK));
}

/// Marks `sites` changed by a commit here, and wakes the hubs.
pub fn changed(sites: &[i64]) {
    bump(sites);
    let (lock, cv) = wake();
    *lock.lock().unwrap_or_else(|p| p.into_inner()) += 1;
    cv.notify_all();
}

/// Marks `sites` changed (the hub, for events another instance wrote).
pub fn bump(sites: &[i64]) {
    let mut g = generations().lock().unwrap_or_else(|p| p.into_inner());
    for s in sites {
        *g.entry(*s).or_default() += 1;
    }
}

/// How often `site` has changed in this process: part of a cached page's key.
/// Shared by every database this process opens (tests open many): a change
/// in one only makes another's cache miss once.
pub fn generation(site: i64) -> (u64, u64) {
    let g = generations().lock().unwrap_or_else(|p| p.into_inner());
    (
        g.get(&site).copied().unwrap_or(0),
        EVERYWHERE.load(Ordering::Relaxed),
    )
}

static EVERYWHERE: AtomicU64 = AtomicU64::new(0);

fn generations() -> &'static Mutex<HashMap<i64, u64>> {
    static G: OnceLock<Mutex<HashMap<i64, u64>>> = OnceLock::new();
    G.get_or_init(Default::default)
}

/// The wake-up counter the hubs wait on.
pub fn wake() -> &'static (Mutex<u64>, Condvar) {
    static W: OnceLock<(Mutex<u64>, Condvar)> = OnceLock::new();
    W.get_or_init(|| (Mutex::new(0), Condvar::new()))
}
