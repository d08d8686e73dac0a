//! Web Push subscriptions: the browsers where a user asked to be notified.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use crate::schema::push_subscriptions as ps;
use crate::schema::users;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ps)]
pub struct PushSubscription {
    pub id: i64,
    pub user_id: i64,
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    pub label: String,
    pub created_at: NaiveDateTime,
    pub last_success_at: Option<NaiveDateTime>,
    pub failures: i32,
    pub ended_at: Option<NaiveDateTime>,
    pub ended_reason: Option<String>,
}

pub struct NewSubscription<'a> {
    pub user_id: i64,
    pub endpoint: &'a str,
    pub p256dh: &'a str,
    pub auth: &'a str,
    pub label: &'a str,
}

pub fn by_endpoint(conn: &mut DbConn, endpoint: &str) -> QueryResult<Option<PushSubscription>> {
    ps::table
        .filter(ps::endpoint.eq(endpoint))
        .select(PushSubscription::as_select())
        .first(conn)
        .optional()
}

pub fn by_id(conn: &mut DbConn, id: i64) -> QueryResult<Option<PushSubscription>> {
    ps::table
        .find(id)
        .select(PushSubscription::as_select())
        .first(conn)
        .optional()
}

/// Stores the subscription; an endpoint already known (this browser again,
/// perhaps for another account on a shared computer) is taken over by this
/// user with the browser's keys now, and is active again. Run inside a
/// transaction.
pub fn upsert(
    conn: &mut DbConn,
    s: &NewSubscription,
    now: NaiveDateTime,
) -> QueryResult<PushSubscription> {
    let n = diesel::update(ps::table.filter(ps::endpoint.eq(s.endpoint)))
        .set((
            ps::user_id.eq(s.user_id),
            ps::p256dh.eq(s.p256dh),
            ps::auth.eq(s.auth),
            ps::label.eq(s.label),
            ps::created_at.eq(now),
            ps::failures.eq(0),
            ps::ended_at.eq(None::<NaiveDateTime>),
            ps::ended_reason.eq(None::<String>),
        ))
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(ps::table)
            .values((
                ps::user_id.eq(s.user_id),
                ps::endpoint.eq(s.endpoint),
                ps::p256dh.eq(s.p256dh),
                ps::auth.eq(s.auth),
                ps::label.eq(s.label),
                ps::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    ps::table
        .filter(ps::endpoint.eq(s.endpoint))
        .select(PushSubscription::as_select())
        .first(conn)
}

/// A user's active subscriptions, oldest first; none for a disabled account
/// (its devices are told nothing more).
pub fn active_for_user(conn: &mut DbConn, user_id: i64) -> QueryResult<Vec<PushSubscription>> {
    ps::table
        .inner_join(users::table.on(users::id.eq(ps::user_id)))
        .filter(ps::user_id.eq(user_id))
        .filter(users::active.eq(true))
        .filter(ps::ended_at.is_null())
        .order(ps::id.asc())
        .select(PushSubscription::as_select())
        .load(conn)
}

/// Of `user_ids`, those with an active subscription (and an enabled account).
pub fn users_with_devices(conn: &mut DbConn, user_ids: &[i64]) -> QueryResult<Vec<i64>> {
    ps::table
        .inner_join(users::table.on(users::id.eq(ps::user_id)))
        .filter(ps::user_id.eq_any(user_ids))
        .filter(users::active.eq(true))
        .filter(ps::ended_at.is_null())
        .select(ps::user_id)
        .distinct()
        .order(ps::user_id.asc())
        .load(conn)
}

/// Enabled accounts with one of `roles` at site `site_id` and an active
/// subscription: the staff there who turned notifications on.
pub fn site_users_with_devices(
    conn: &mut DbConn,
    site_id: i64,
    roles: &[&str],
) -> QueryResult<Vec<i64>> {
    ps::table
        .inner_join(users::table.on(users::id.eq(ps::user_id)))
        .filter(users::site_id.eq(site_id))
        .filter(users::role.eq_any(roles))
        .filter(users::active.eq(true))
        .filter(ps::ended_at.is_null())
        .select(ps::user_id)
        .distinct()
        .order(ps::user_id.asc())
        .load(conn)
}

/// Ends an active subscription; false when it was not active.
pub fn end(conn: &mut DbConn, id: i64, reason: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(ps::table.find(id).filter(ps::ended_at.is_null()))
        .set((ps::ended_at.eq(now), ps::ended_reason.eq(reason)))
        .execute(conn)?;
    Ok(n == 1)
}

pub fn delivered(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(ps::table.find(id))
        .set((ps::last_success_at.eq(now), ps::failures.eq(0)))
        .execute(conn)
}

pub fn failed(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::update(ps::table.find(id))
        .set(ps::failures.eq(ps::failures + 1))
        .execute(conn)
}
