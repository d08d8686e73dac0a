//! Episodes (detentions) and their stays at places of safety.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::scope::Scope;
use crate::schema::{episodes, forces, sites, stays};
use crate::time::{from_db, local_parts};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = episodes)]
pub struct Episode {
    pub id: i64,
    pub reference: String,
    pub kind: String,
    pub force_id: i64,
    pub collar_number: String,
    pub detained_at: Option<NaiveDateTime>,
    pub notes: Option<String>,
    pub created_by: i64,
    pub client_ref: Option<String>,
    pub cancelled_at: Option<NaiveDateTime>,
    pub cancelled_by: Option<i64>,
    pub cancel_reason: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    /// The end of the detention (no clock runs after it).
    pub ended_at: Option<NaiveDateTime>,
    pub ended_by: Option<i64>,
    pub outcome: Option<String>,
    pub outcome_note: Option<String>,
    pub assessment_started_at: Option<NaiveDateTime>,
    pub assessment_completed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = stays)]
pub struct Stay {
    pub id: i64,
    pub episode_id: i64,
    pub seq: i32,
    pub site_id: i64,
    pub force_id: i64,
    pub officers: i32,
    pub arrived_at: NaiveDateTime,
    pub backdate_reason: Option<String>,
    pub handed_over_at: Option<NaiveDateTime>,
    pub handover_seconds: Option<i64>,
    pub breached: Option<bool>,
    pub accepted_by: Option<i64>,
    pub accepted_by_name: Option<String>,
    pub accepted_by_role: Option<String>,
    pub delay_reason: Option<String>,
    pub delay_note: Option<String>,
    pub police_left_at: Option<NaiveDateTime>,
    pub cancelled: bool,
    pub created_at: NaiveDateTime,
    /// When the person left this place of safety on a transfer.
    pub departed_at: Option<NaiveDateTime>,
    /// When the officer offered the handover here.
    pub handover_offered_at: Option<NaiveDateTime>,
    /// Why police left before the handover was accepted (else none).
    pub police_left_reason: Option<String>,
}

pub struct NewEpisode<'a> {
    pub force_id: i64,
    pub collar_number: &'a str,
    pub detained_at: Option<NaiveDateTime>,
    pub notes: Option<&'a str>,
    pub created_by: i64,
    pub client_ref: Option<&'a str>,
    pub request_digest: Option<&'a str>,
    pub created_at: NaiveDateTime,
}

/// Inserts the episode under a provisional reference and returns its id; the
/// caller then sets the real reference, which is derived from the id.
pub fn insert_episode(
    conn: &mut DbConn,
    e: &NewEpisode,
    provisional_ref: &str,
) -> QueryResult<i64> {
    diesel::insert_into(episodes::table)
        .values((
            episodes::reference.eq(provisional_ref),
            episodes::kind.eq("s136"),
            episodes::force_id.eq(e.force_id),
            episodes::collar_number.eq(e.collar_number),
            episodes::detained_at.eq(e.detained_at),
            episodes::notes.eq(e.notes),
            episodes::created_by.eq(e.created_by),
            episodes::client_ref.eq(e.client_ref),
            episodes::request_digest.eq(e.request_digest),
            episodes::version.eq(1),
            episodes::created_at.eq(e.created_at),
        ))
        .execute(conn)?;
    episodes::table
        .filter(episodes::reference.eq(provisional_ref))
        .select(episodes::id)
        .first(conn)
}

pub fn set_reference(conn: &mut DbConn, id: i64, reference: &str) -> QueryResult<usize> {
    diesel::update(episodes::table.find(id))
        .set(episodes::reference.eq(reference))
        .execute(conn)
}

pub struct NewStay {
    pub episode_id: i64,
    pub seq: i32,
    pub site_id: i64,
    pub force_id: i64,
    pub officers: i32,
    pub arrived_at: NaiveDateTime,
    pub backdate_reason: Option<String>,
    pub created_at: NaiveDateTime,
}

pub fn insert_stay(conn: &mut DbConn, s: &NewStay) -> QueryResult<usize> {
    let (local_date, local_hour, local_dow) = local_parts(from_db(s.arrived_at));
    diesel::insert_into(stays::table)
        .values((
            stays::episode_id.eq(s.episode_id),
            stays::seq.eq(s.seq),
            stays::site_id.eq(s.site_id),
            stays::force_id.eq(s.force_id),
            stays::officers.eq(s.officers),
            stays::arrived_at.eq(s.arrived_at),
            stays::backdate_reason.eq(&s.backdate_reason),
            stays::cancelled.eq(false),
            stays::created_at.eq(s.created_at),
            stays::arrived_local_date.eq(local_date),
            stays::arrived_local_hour.eq(local_hour),
            stays::arrived_local_dow.eq(local_dow),
        ))
        .execute(conn)
}

pub fn by_client_ref(
    conn: &mut DbConn,
    user_id: i64,
    client_ref: &str,
) -> QueryResult<Option<Episode>> {
    episodes::table
        .filter(episodes::created_by.eq(user_id))
        .filter(episodes::client_ref.eq(client_ref))
        .select(Episode::as_select())
        .first(conn)
        .optional()
}

/// The reference and request digest of the episode this user made with `client_ref`.
pub fn client_ref_digest(
    conn: &mut DbConn,
    user_id: i64,
    client_ref: &str,
) -> QueryResult<Option<(String, Option<String>)>> {
    episodes::table
        .filter(episodes::created_by.eq(user_id))
        .filter(episodes::client_ref.eq(client_ref))
        .select((episodes::reference, episodes::request_digest))
        .first(conn)
        .optional()
}

/// The episode with this reference, if it exists and is inside `scope`.
pub fn find_scoped(
    conn: &mut DbConn,
    reference: &str,
    scope: Scope,
) -> QueryResult<Option<Episode>> {
    let mut q = episodes::table
        .filter(episodes::reference.eq(reference))
        .select(Episode::as_select())
        .into_boxed();
    match scope {
        Scope::All => {}
        Scope::Force(f) => q = q.filter(episodes::force_id.eq(f)),
        Scope::Site(s) => {
            q = q.filter(
                episodes::id.eq_any(
                    stays::table
                        .filter(stays::site_id.eq(s))
                        .select(stays::episode_id),
                ),
            )
        }
        Scope::Nothing => return Ok(None),
    }
    q.first(conn).optional()
}

pub fn by_id(conn: &mut DbConn, id: i64) -> QueryResult<Episode> {
    episodes::table
        .find(id)
        .select(Episode::as_select())
        .first(conn)
}

pub fn stays_of(conn: &mut DbConn, episode_id: i64) -> QueryResult<Vec<Stay>> {
    stays::table
        .filter(stays::episode_id.eq(episode_id))
        .order(stays::seq.asc())
        .select(Stay::as_select())
        .load(conn)
}

/// Stays of several episodes, each episode's in order.
pub fn stays_of_many(conn: &mut DbConn, episode_ids: &[i64]) -> QueryResult<Vec<Stay>> {
    stays::table
        .filter(stays::episode_id.eq_any(episode_ids))
        .order((stays::episode_id.asc(), stays::seq.asc()))
        .select(Stay::as_select())
        .load(conn)
}

pub struct HandoverUpdate<'a> {
    pub handed_over_at: NaiveDateTime,
    pub handover_seconds: i64,
    pub breached: bool,
    pub accepted_by: i64,
    pub accepted_by_name: &'a str,
    pub accepted_by_role: Option<&'a str>,
    pub delay_reason: Option<&'a str>,
    pub delay_note: Option<&'a str>,
}

/// Records the handover only if none is recorded yet; returns rows changed (0 or 1).
pub fn mark_handover(conn: &mut DbConn, stay_id: i64, h: &HandoverUpdate) -> QueryResult<usize> {
    diesel::update(
        stays::table
            .find(stay_id)
            .filter(stays::handed_over_at.is_null())
            .filter(stays::cancelled.eq(false)),
    )
    .set((
        stays::handed_over_at.eq(h.handed_over_at),
        stays::handover_seconds.eq(h.handover_seconds),
        stays::breached.eq(h.breached),
        stays::accepted_by.eq(h.accepted_by),
        stays::accepted_by_name.eq(h.accepted_by_name),
        stays::accepted_by_role.eq(h.accepted_by_role),
        stays::delay_reason.eq(h.delay_reason),
        stays::delay_note.eq(h.delay_note),
    ))
    .execute(conn)
}

/// Only once, and only before handover.
pub fn mark_handover_offered(
    conn: &mut DbConn,
    stay_id: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        stays::table
            .find(stay_id)
            .filter(stays::handover_offered_at.is_null())
            .filter(stays::handed_over_at.is_null()),
    )
    .set(stays::handover_offered_at.eq(at))
    .execute(conn)
}

/// Only once; the caller has checked the handover (or the end of the detention).
pub fn mark_police_left(
    conn: &mut DbConn,
    stay_id: i64,
    at: NaiveDateTime,
    reason: Option<&str>,
) -> QueryResult<usize> {
    diesel::update(
        stays::table
            .find(stay_id)
            .filter(stays::police_left_at.is_null()),
    )
    .set((
        stays::police_left_at.eq(at),
        stays::police_left_reason.eq(reason),
    ))
    .execute(conn)
}

/// Ends the stay on a transfer; only if it has not ended already. A stay left
/// before handover keeps its waiting time and breach fixed at departure.
pub fn mark_departed(
    conn: &mut DbConn,
    stay_id: i64,
    at: NaiveDateTime,
    breached_if_open: Option<bool>,
) -> QueryResult<usize> {
    let target = stays::table
        .find(stay_id)
        .filter(stays::departed_at.is_null());
    match breached_if_open {
        Some(b) => diesel::update(target.filter(stays::handed_over_at.is_null()))
            .set((stays::departed_at.eq(at), stays::breached.eq(b)))
            .execute(conn),
        None => diesel::update(target)
            .set(stays::departed_at.eq(at))
            .execute(conn),
    }
}

pub struct EndUpdate<'a> {
    pub ended_at: NaiveDateTime,
    pub ended_by: i64,
    pub outcome: &'a str,
    pub outcome_note: Option<&'a str>,
    pub assessment_started_at: Option<NaiveDateTime>,
    pub assessment_completed_at: Option<NaiveDateTime>,
}

/// Records the end only if none is recorded and the case is not cancelled.
pub fn mark_ended(conn: &mut DbConn, episode_id: i64, e: &EndUpdate) -> QueryResult<usize> {
    diesel::update(
        episodes::table
            .find(episode_id)
            .filter(episodes::ended_at.is_null())
            .filter(episodes::cancelled_at.is_null()),
    )
    .set((
        episodes::ended_at.eq(e.ended_at),
        episodes::ended_by.eq(e.ended_by),
        episodes::outcome.eq(e.outcome),
        episodes::outcome_note.eq(e.outcome_note),
        episodes::assessment_started_at.eq(e.assessment_started_at),
        episodes::assessment_completed_at.eq(e.assessment_completed_at),
    ))
    .execute(conn)
}

pub fn mark_cancelled(
    conn: &mut DbConn,
    episode_id: i64,
    at: NaiveDateTime,
    by: i64,
    reason: &str,
) -> QueryResult<usize> {
    let n = diesel::update(
        episodes::table
            .find(episode_id)
            .filter(episodes::cancelled_at.is_null()),
    )
    .set((
        episodes::cancelled_at.eq(at),
        episodes::cancelled_by.eq(by),
        episodes::cancel_reason.eq(reason),
    ))
    .execute(conn)?;
    if n == 1 {
        diesel::update(stays::table.filter(stays::episode_id.eq(episode_id)))
            .set(stays::cancelled.eq(true))
            .execute(conn)?;
    }
    Ok(n)
}

/// Bumps the episode's version; with `expected`, only if it still matches.
/// Takes the case's lock for the rest of the transaction (a no-op write: a
/// row lock on PostgreSQL, the database write lock on SQLite).
pub fn lock(conn: &mut DbConn, reference: &str) -> QueryResult<usize> {
    diesel::update(episodes::table.filter(episodes::reference.eq(reference)))
        .set(episodes::version.eq(episodes::version))
        .execute(conn)
}

pub fn bump_version(
    conn: &mut DbConn,
    episode_id: i64,
    expected: Option<i64>,
) -> QueryResult<usize> {
    let mut q = diesel::update(episodes::table)
        .filter(episodes::id.eq(episode_id))
        .into_boxed();
    if let Some(v) = expected {
        q = q.filter(episodes::version.eq(v));
    }
    q.set(episodes::version.eq(episodes::version + 1))
        .execute(conn)
}

/// One stay in a list, with what lists show beside it.
#[derive(Debug, Clone, Queryable)]
pub struct StayRow {
    pub reference: String,
    pub stay: Stay,
    pub site_code: String,
    pub site_name: String,
    pub force_code: String,
}

/// Which stays by where they are in their life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    Open,
    HandedOver,
    Cancelled,
    NotCancelled,
}

#[derive(Debug, Clone, Default)]
pub struct StayFilter {
    pub site_id: Option<i64>,
    pub force_id: Option<i64>,
    pub site_kind: Option<String>,
    pub arrived_from: Option<NaiveDateTime>,
    pub arrived_before: Option<NaiveDateTime>,
    /// Europe/London calendar days of arrival, both inclusive (as reports count).
    pub local_from: Option<chrono::NaiveDate>,
    pub local_to: Option<chrono::NaiveDate>,
    /// Only stays whose handover was recorded as a breach.
    pub breached_flag: bool,
    /// Breached (or not), where an open stay counts once it arrived before
    /// `cutoff` (now minus the target). Cancelled stays are never breaches.
    pub breached: Option<(bool, NaiveDateTime)>,
    pub status: Option<StatusFilter>,
    /// Whether the detention has ended (recorded end of the episode).
    pub ended: Option<bool>,
    /// Time to handover in (over, at_most] seconds.
    pub seconds_over: Option<i64>,
    pub seconds_at_most: Option<i64>,
    /// `Some(None)`: no delay reason recorded.
    pub delay_reason: Option<Option<String>>,
    /// Whether police agreed to a request to stay past the target.
    pub stay_agreed: Option<bool>,
    /// Europe/London hour (0-23) and ISO weekday (1 = Monday) of arrival.
    pub local_hour: Option<i16>,
    pub local_dow: Option<i16>,
    pub awaiting_handover: bool,
    /// The person is still at the place (not left on a transfer) and the
    /// detention has not ended, handed over or not.
    pub still_held: bool,
    pub police_not_left: bool,
    pub include_cancelled: bool,
    /// Only the stay where each person is now (the last of their episode).
    pub latest_only: bool,
    /// Keyset paging for newest-first lists: strictly before (arrived_at, id).
    pub before_key: Option<(NaiveDateTime, i64)>,
    pub oldest_first: bool,
    pub limit: i64,
    pub offset: i64,
    /// Only (`Some(true)`) or all but (`Some(false)`) the cases this user logged.
    pub logged_by: Option<(i64, bool)>,
    /// A reference (or part of one, upper case) or an exact collar number.
    pub search: Option<String>,
}

/// The stays that `f` and `scope` select, joined for lists, boxed; `None` when
/// the scope sees nothing. A macro because the boxed join type is unnameable.
macro_rules! filtered_stays {
    ($scope:expr, $f:expr) => {{
        let f: &StayFilter = $f;
        let mut q = stays::table
            .inner_join(episodes::table)
            .inner_join(sites::table)
            .inner_join(forces::table.on(forces::id.eq(stays::force_id)))
            .into_boxed();
        let mut visible = true;
        match $scope {
            Scope::All => {}
            Scope::Force(id) => q = q.filter(stays::force_id.eq(id)),
            Scope::Site(id) => q = q.filter(stays::site_id.eq(id)),
            Scope::Nothing => visible = false,
        }
        if let Some(id) = f.site_id {
            q = q.filter(stays::site_id.eq(id));
        }
        if let Some(id) = f.force_id {
            q = q.filter(stays::force_id.eq(id));
        }
        if let Some(kind) = &f.site_kind {
            q = q.filter(sites::kind.eq(kind.clone()));
        }
        if let Some(t) = f.arrived_from {
            q = q.filter(stays::arrived_at.ge(t));
        }
        if let Some(t) = f.arrived_before {
            q = q.filter(stays::arrived_at.lt(t));
        }
        if let Some(d) = f.local_from {
            q = q.filter(stays::arrived_local_date.ge(d));
        }
        if let Some(d) = f.local_to {
            q = q.filter(stays::arrived_local_date.le(d));
        }
        if f.breached_flag {
            q = q.filter(stays::breached.eq(true));
        }
        match f.breached {
            Some((true, cutoff)) => {
                q = q.filter(stays::cancelled.eq(false)).filter(
                    stays::breached.eq(true).or(stays::handed_over_at
                        .is_null()
                        .and(stays::breached.is_null())
                        .and(stays::arrived_at.lt(cutoff))),
                )
            }
            Some((false, cutoff)) => {
                q = q.filter(
                    stays::cancelled.eq(true).or(stays::breached.eq(false)).or(
                        stays::handed_over_at
                            .is_null()
                            .and(stays::breached.is_null())
                            .and(stays::arrived_at.ge(cutoff)),
                    ),
                )
            }
            None => {}
        }
        match f.status {
            None => {}
            Some(StatusFilter::Open) => {
                q = q
                    .filter(stays::cancelled.eq(false))
                    .filter(stays::handed_over_at.is_null())
                    .filter(stays::departed_at.is_null())
            }
            Some(StatusFilter::HandedOver) => {
                q = q
                    .filter(stays::cancelled.eq(false))
                    .filter(stays::handed_over_at.is_not_null())
            }
            Some(StatusFilter::Cancelled) => q = q.filter(stays::cancelled.eq(true)),
            Some(StatusFilter::NotCancelled) => q = q.filter(stays::cancelled.eq(false)),
        }
        match f.ended {
            None => {}
            Some(true) => q = q.filter(episodes::ended_at.is_not_null()),
            Some(false) => q = q.filter(episodes::ended_at.is_null()),
        }
        if let Some(s) = f.seconds_over {
            q = q.filter(stays::handover_seconds.gt(s));
        }
        if let Some(s) = f.seconds_at_most {
            q = q.filter(stays::handover_seconds.le(s));
        }
        match &f.delay_reason {
            None => {}
            Some(None) => q = q.filter(stays::delay_reason.is_null()),
            Some(Some(r)) => q = q.filter(stays::delay_reason.eq(r.clone())),
        }
        if let Some(agreed) = f.stay_agreed {
            q = q.filter(stays::stay_agreed.eq(agreed));
        }
        if let Some(h) = f.local_hour {
            q = q.filter(stays::arrived_local_hour.eq(h));
        }
        if let Some(d) = f.local_dow {
            q = q.filter(stays::arrived_local_dow.eq(d));
        }
        // A stay the person left on a transfer is over: it waits for nothing.
        if f.awaiting_handover {
            q = q
                .filter(stays::handed_over_at.is_null())
                .filter(stays::departed_at.is_null());
        }
        if f.still_held {
            q = q
                .filter(stays::departed_at.is_null())
                .filter(episodes::ended_at.is_null());
        }
        if f.police_not_left {
            q = q
                .filter(stays::police_left_at.is_null())
                .filter(stays::departed_at.is_null());
        }
        match f.logged_by {
            Some((user, true)) => q = q.filter(episodes::created_by.eq(user)),
            Some((user, false)) => q = q.filter(episodes::created_by.ne(user)),
            None => {}
        }
        if let Some(term) = &f.search {
            // LIKE's own wildcards in the term are matched as themselves.
            let escaped = term
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            q = q.filter(
                episodes::reference
                    .like(format!("%{escaped}%"))
                    .escape('\\')
                    .or(episodes::collar_number.eq(term.clone())),
            );
        }
        if !f.include_cancelled && f.status != Some(StatusFilter::Cancelled) {
            q = q.filter(stays::cancelled.eq(false));
        }
        if f.latest_only {
            let later = diesel::alias!(stays as later);
            q = q.filter(diesel::dsl::not(diesel::dsl::exists(
                later
                    .filter(later.field(stays::episode_id).eq(stays::episode_id))
                    .filter(later.field(stays::seq).gt(stays::seq)),
            )));
        }
        if let Some((t, id)) = f.before_key {
            q = q.filter(
                stays::arrived_at
                    .lt(t)
                    .or(stays::arrived_at.eq(t).and(stays::id.lt(id))),
            );
        }
        visible.then_some(q)
    }};
}

pub fn list_stays(conn: &mut DbConn, scope: Scope, f: &StayFilter) -> QueryResult<Vec<StayRow>> {
    let Some(q) = filtered_stays!(scope, f) else {
        return Ok(Vec::new());
    };
    let q = if f.oldest_first {
        q.order((stays::arrived_at.asc(), stays::id.asc()))
    } else {
        q.order((stays::arrived_at.desc(), stays::id.desc()))
    };
    q.select((
        episodes::reference,
        Stay::as_select(),
        sites::code,
        sites::name,
        forces::code,
    ))
    .limit(f.limit)
    .offset(f.offset)
    .load(conn)
}

/// How many stays `list_stays` would list without paging.
pub fn count_stays(conn: &mut DbConn, scope: Scope, f: &StayFilter) -> QueryResult<i64> {
    match filtered_stays!(scope, f) {
        Some(q) => q.count().get_result(conn),
        None => Ok(0),
    }
}

/// A stay as the CSV export writes it: no notes, names or other personal data.
#[derive(Debug, Clone, Queryable)]
pub struct ExportRow {
    pub id: i64,
    pub reference: String,
    pub force_code: String,
    pub site_code: String,
    pub site_name: String,
    pub site_kind: String,
    pub arrived_at: NaiveDateTime,
    pub handed_over_at: Option<NaiveDateTime>,
    pub handover_seconds: Option<i64>,
    pub breached: Option<bool>,
    pub delay_reason: Option<String>,
    pub officers: i32,
    pub cancelled: bool,
    pub episode_id: i64,
    pub seq: i32,
    pub handover_offered_at: Option<NaiveDateTime>,
    pub accepted_by_role: Option<String>,
    pub police_left_at: Option<NaiveDateTime>,
    pub departed_at: Option<NaiveDateTime>,
    pub outcome: Option<String>,
}

/// The place of safety each (episode, seq) of `episode_ids` was at, by code:
/// where a transferred stay's person went next.
pub fn stay_sites(conn: &mut DbConn, episode_ids: &[i64]) -> QueryResult<Vec<(i64, i32, String)>> {
    stays::table
        .inner_join(sites::table)
        .filter(stays::episode_id.eq_any(episode_ids))
        .select((stays::episode_id, stays::seq, sites::code))
        .load(conn)
}

/// One page of the export, in arrival order, after `after` (arrival, id):
/// keyset paging, so each page costs the same however deep the export goes.
pub fn export_page(
    conn: &mut DbConn,
    scope: Scope,
    f: &StayFilter,
    after: Option<(NaiveDateTime, i64)>,
    limit: i64,
) -> QueryResult<Vec<ExportRow>> {
    let Some(mut q) = filtered_stays!(scope, f) else {
        return Ok(Vec::new());
    };
    if let Some((at, id)) = after {
        q = q.filter(
            stays::arrived_at
                .gt(at)
                .or(stays::arrived_at.eq(at).and(stays::id.gt(id))),
        );
    }
    q.order((stays::arrived_at.asc(), stays::id.asc()))
        .select((
            stays::id,
            episodes::reference,
            forces::code,
            sites::code,
            sites::name,
            sites::kind,
            stays::arrived_at,
            stays::handed_over_at,
            stays::handover_seconds,
            stays::breached,
            stays::delay_reason,
            stays::officers,
            stays::cancelled,
            stays::episode_id,
            stays::seq,
            stays::handover_offered_at,
            stays::accepted_by_role,
            stays::police_left_at,
            stays::departed_at,
            episodes::outcome,
        ))
        .limit(limit)
        .load(conn)
}

pub fn by_ids(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<Episode>> {
    episodes::table
        .filter(episodes::id.eq_any(ids))
        .select(Episode::as_select())
        .load(conn)
}
