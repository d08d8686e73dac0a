//! Server-side sessions (so restarts and several instances share them) and
//! sign-in attempts for throttling.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use crate::schema::{login_attempts, sessions};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub id: i64,
    pub token_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert(
    conn: &mut DbConn,
    token_hash: &str,
    user_id: i64,
    csrf_token: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(token_hash),
            sessions::user_id.eq(user_id),
            sessions::csrf_token.eq(csrf_token),
            sessions::created_at.eq(now),
            sessions::last_seen_at.eq(now),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
}

pub fn by_token_hash(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<Session>> {
    sessions::table
        .filter(sessions::token_hash.eq(token_hash))
        .select(Session::as_select())
        .first(conn)
        .optional()
}

pub fn touch(
    conn: &mut DbConn,
    id: i64,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(sessions::table.find(id))
        .set((
            sessions::last_seen_at.eq(now),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
}

pub fn delete(conn: &mut DbConn, token_hash: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::token_hash.eq(token_hash))).execute(conn)
}

pub fn delete_for_user(conn: &mut DbConn, user_id: i64) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn)
}

pub fn delete_expired(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.lt(now))).execute(conn)
}

/// Records a sign-in attempt as failed before its password is checked (so
/// parallel attempts count each other); `mark_succeeded` when it was right.
/// Returns its id. Call under `LOCK_SIGN_IN`: the newest row is this one.
pub fn begin_attempt(
    conn: &mut DbConn,
    username: &str,
    ip: &str,
    at: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(login_attempts::table)
        .values((
            login_attempts::username.eq(username),
            login_attempts::ip.eq(ip),
            login_attempts::attempted_at.eq(at),
            login_attempts::succeeded.eq(false),
        ))
        .execute(conn)?;
    login_attempts::table
        .filter(login_attempts::username.eq(username))
        .select(diesel::dsl::max(login_attempts::id))
        .first::<Option<i64>>(conn)?
        .ok_or(diesel::result::Error::NotFound)
}

pub fn mark_succeeded(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::update(login_attempts::table.find(id))
        .set(login_attempts::succeeded.eq(true))
        .execute(conn)
}

/// Failures for a username since `since`, not counting any before its last success.
pub fn failures_for_username(
    conn: &mut DbConn,
    username: &str,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    let last_ok: Option<NaiveDateTime> = login_attempts::table
        .filter(login_attempts::username.eq(username))
        .filter(login_attempts::succeeded.eq(true))
        .filter(login_attempts::attempted_at.ge(since))
        .select(diesel::dsl::max(login_attempts::attempted_at))
        .first(conn)?;
    login_attempts::table
        .filter(login_attempts::username.eq(username))
        .filter(login_attempts::succeeded.eq(false))
        .filter(login_attempts::attempted_at.ge(last_ok.unwrap_or(since).max(since)))
        .count()
        .get_result(conn)
}

pub fn failures_for_ip(conn: &mut DbConn, ip: &str, since: NaiveDateTime) -> QueryResult<i64> {
    login_attempts::table
        .filter(login_attempts::ip.eq(ip))
        .filter(login_attempts::succeeded.eq(false))
        .filter(login_attempts::attempted_at.ge(since))
        .count()
        .get_result(conn)
}

pub fn clear_failures_for_username(conn: &mut DbConn, username: &str) -> QueryResult<usize> {
    diesel::delete(
        login_attempts::table
            .filter(login_attempts::username.eq(username))
            .filter(login_attempts::succeeded.eq(false)),
    )
    .execute(conn)
}
