//! Server-side sessions (so restarts and several instances share them) and
//! sign-in attempts for throttling.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

use super::DbConn;
use crate::schema::{login_attempts, sessions};

/// The channel every instance listens on for ended sessions and changed
/// accounts (PostgreSQL).
pub const CHANNEL: &str = "s136_accounts";

/// How often a session or an account changed in a way that makes a cached
/// sign-in wrong (sign-out, disabled, new password, a new last site). A cache
/// notes the epoch before it reads and keeps an answer only while the epoch
/// is the same. Bumped after the change commits, never before: a reader
/// between the two would cache the old state under the new epoch.
static EPOCH: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// This thread's open transaction changed sessions or accounts.
    static PENDING: Cell<bool> = const { Cell::new(false) };
}

pub fn epoch() -> u64 {
    EPOCH.load(Ordering::Acquire)
}

/// Another instance changed sessions or accounts (its `NOTIFY` arrived).
pub fn bump_epoch() {
    EPOCH.fetch_add(1, Ordering::AcqRel);
}

/// Called after each write that changes who is signed in or what they may do.
/// Inside `write_tx` the epoch moves when it commits; a lone statement has
/// committed already. On PostgreSQL the `NOTIFY` goes out on commit too.
/// `access`: the change takes access away (not merely a new last site), so
/// another process on SQLite (the command line) must tell this one too.
fn accounts_changed(conn: &mut DbConn, access: bool) -> QueryResult<()> {
    match conn {
        DbConn::Postgres(pg) => {
            diesel::sql_query(format!("NOTIFY {CHANNEL}")).execute(pg)?;
        }
        // No NOTIFY: a counter that the hub reads each second tells this
        // process of another's change (the command line's, say).
        DbConn::Sqlite(lite) if access => {
            diesel::sql_query(format!(
                "INSERT INTO settings (key, value) VALUES ('{COUNTER}', '1') \
                 ON CONFLICT (key) DO UPDATE SET value = CAST(settings.value AS INTEGER) + 1"
            ))
            .execute(lite)?;
        }
        DbConn::Sqlite(_) => {}
    }
    if super::in_write_tx() {
        PENDING.with(|p| p.set(true));
    } else {
        bump_epoch();
    }
    Ok(())
}

/// The setting that counts account changes (SQLite).
const COUNTER: &str = "accounts_changed";

/// How often accounts have changed, as the database counts it (SQLite; zero
/// on PostgreSQL, which tells the hubs through `NOTIFY` instead).
pub fn changes_counted(conn: &mut DbConn) -> QueryResult<i64> {
    Ok(super::orgs::setting(conn, COUNTER)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

/// Called by `write_tx` once the outermost transaction has ended.
pub(crate) fn transaction_ended(committed: bool) {
    if PENDING.with(|p| p.replace(false)) && committed {
        bump_epoch();
    }
}

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
    let n = diesel::delete(sessions::table.filter(sessions::token_hash.eq(token_hash)))
        .execute(conn)?;
    accounts_changed(conn, true)?;
    Ok(n)
}

pub fn delete_for_user(conn: &mut DbConn, user_id: i64) -> QueryResult<usize> {
    let n = diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn)?;
    accounts_changed(conn, true)?;
    Ok(n)
}

/// Tells every cache that an account's access changed (`changed` rows).
pub fn access_changed(conn: &mut DbConn, changed: usize) -> QueryResult<usize> {
    accounts_changed(conn, true)?;
    Ok(changed)
}

/// Tells this database's servers that an account's preferences changed
/// (its last site, its language).
pub fn preferences_changed(conn: &mut DbConn, changed: usize) -> QueryResult<usize> {
    accounts_changed(conn, false)?;
    Ok(changed)
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
