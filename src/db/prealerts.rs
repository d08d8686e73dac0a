//! Pre-alerts: people on the way to a place of safety.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::scope::Scope;
use crate::schema::{prealerts, stays};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = prealerts)]
pub struct Prealert {
    pub id: i64,
    pub force_id: i64,
    pub site_id: i64,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub eta_at: NaiveDateTime,
    pub under_18: bool,
    pub needs_ed: bool,
    pub violence_risk: bool,
    pub note: Option<String>,
    pub cancelled_at: Option<NaiveDateTime>,
    pub cancelled_by: Option<i64>,
    pub episode_id: Option<i64>,
    pub arrived_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = prealerts)]
pub struct NewPrealert<'a> {
    pub force_id: i64,
    pub site_id: i64,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub eta_at: NaiveDateTime,
    pub under_18: bool,
    pub needs_ed: bool,
    pub violence_risk: bool,
    pub note: Option<&'a str>,
}

/// Inserts and returns the new id (this connection's last insert: no
/// RETURNING through `MultiConnection`).
pub fn insert(conn: &mut DbConn, p: &NewPrealert) -> QueryResult<i64> {
    diesel::insert_into(prealerts::table)
        .values(p)
        .execute(conn)?;
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let q = match conn {
        DbConn::Postgres(_) => "SELECT currval(pg_get_serial_sequence('prealerts', 'id')) AS id",
        DbConn::Sqlite(_) => "SELECT last_insert_rowid() AS id",
    };
    Ok(diesel::sql_query(q).get_result::<Id>(conn)?.id)
}

/// One pre-alert in `scope`, locked for the rest of the transaction
/// (PostgreSQL: a row lock; SQLite: the caller's write transaction).
pub fn find_for_update(conn: &mut DbConn, id: i64, scope: Scope) -> QueryResult<Option<Prealert>> {
    if let DbConn::Postgres(pg) = conn {
        diesel::sql_query("SELECT id FROM prealerts WHERE id = $1 FOR UPDATE")
            .bind::<diesel::sql_types::BigInt, _>(id)
            .execute(pg)?;
    }
    find(conn, id, scope)
}

pub fn find(conn: &mut DbConn, id: i64, scope: Scope) -> QueryResult<Option<Prealert>> {
    let mut q = prealerts::table
        .filter(prealerts::id.eq(id))
        .select(Prealert::as_select())
        .into_boxed();
    match scope {
        Scope::All => {}
        Scope::Force(f) => q = q.filter(prealerts::force_id.eq(f)),
        Scope::Site(s) => q = q.filter(prealerts::site_id.eq(s)),
        Scope::Nothing => return Ok(None),
    }
    q.first(conn).optional()
}

/// Open pre-alerts in `scope`: not cancelled, not arrived, and with an ETA
/// after `eta_after` (the expiry cut-off), soonest first.
pub fn open(
    conn: &mut DbConn,
    scope: Scope,
    eta_after: NaiveDateTime,
    site: Option<i64>,
) -> QueryResult<Vec<Prealert>> {
    let mut q = prealerts::table
        .filter(prealerts::cancelled_at.is_null())
        .filter(prealerts::episode_id.is_null())
        .filter(prealerts::eta_at.gt(eta_after))
        .order((prealerts::eta_at.asc(), prealerts::id.asc()))
        .limit(200)
        .select(Prealert::as_select())
        .into_boxed();
    match scope {
        Scope::All => {}
        Scope::Force(f) => q = q.filter(prealerts::force_id.eq(f)),
        Scope::Site(s) => q = q.filter(prealerts::site_id.eq(s)),
        Scope::Nothing => return Ok(Vec::new()),
    }
    if let Some(s) = site {
        q = q.filter(prealerts::site_id.eq(s));
    }
    q.load(conn)
}

pub fn cancel(conn: &mut DbConn, id: i64, by: i64, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(prealerts::table.find(id))
        .set((
            prealerts::cancelled_at.eq(at),
            prealerts::cancelled_by.eq(by),
        ))
        .execute(conn)
}

pub fn link_arrival(
    conn: &mut DbConn,
    id: i64,
    episode_id: i64,
    arrived_at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(prealerts::table.find(id))
        .set((
            prealerts::episode_id.eq(episode_id),
            prealerts::arrived_at.eq(arrived_at),
        ))
        .execute(conn)
}

/// For reports: the first arrivals of the cases in the window (not
/// cancelled), and for those that were pre-alerted, when the pre-alert was
/// made and when the person arrived.
pub fn report_figures(
    conn: &mut DbConn,
    scope: Scope,
    w: &super::reports::Window,
) -> QueryResult<(i64, Vec<(NaiveDateTime, NaiveDateTime)>)> {
    let first = || {
        stays::table
            .filter(super::reports::in_window(scope, w))
            .filter(stays::seq.eq(1))
            .filter(stays::cancelled.eq(false))
    };
    let arrivals: i64 = first().count().get_result(conn)?;
    let claimed = prealerts::table
        .filter(prealerts::episode_id.is_not_null())
        .select(prealerts::episode_id.assume_not_null());
    let made = prealerts::table
        .filter(prealerts::episode_id.eq(stays::episode_id.nullable()))
        .select(prealerts::created_at)
        .single_value()
        .assume_not_null();
    let pairs = first()
        .filter(stays::episode_id.eq_any(claimed))
        .select((made, stays::arrived_at))
        .load(conn)?;
    Ok((arrivals, pairs))
}

/// (episode id, made at, ETA) of the pre-alerts that became these cases.
pub fn of_episodes(
    conn: &mut DbConn,
    episode_ids: &[i64],
) -> QueryResult<Vec<(i64, NaiveDateTime, NaiveDateTime)>> {
    prealerts::table
        .filter(prealerts::episode_id.eq_any(episode_ids))
        .select((
            prealerts::episode_id.assume_not_null(),
            prealerts::created_at,
            prealerts::eta_at,
        ))
        .load(conn)
}
