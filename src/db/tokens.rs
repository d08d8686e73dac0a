//! Personal API tokens (hashes only).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use crate::schema::{api_tokens, users};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub label: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert(
    conn: &mut DbConn,
    user_id: i64,
    label: &str,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<ApiToken> {
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::user_id.eq(user_id),
            api_tokens::label.eq(label),
            api_tokens::token_hash.eq(token_hash),
            api_tokens::created_at.eq(now),
        ))
        .execute(conn)?;
    api_tokens::table
        .filter(api_tokens::token_hash.eq(token_hash))
        .select(ApiToken::as_select())
        .first(conn)
}

/// A live (not revoked) token by its hash.
pub fn live_by_hash(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<ApiToken>> {
    api_tokens::table
        .filter(api_tokens::token_hash.eq(token_hash))
        .filter(api_tokens::revoked_at.is_null())
        .select(ApiToken::as_select())
        .first(conn)
        .optional()
}

pub fn touch(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(api_tokens::table.find(id))
        .set(api_tokens::last_used_at.eq(now))
        .execute(conn)
}

/// Tokens with their owner's username; all of them, or one user's.
pub fn list(conn: &mut DbConn, user_id: Option<i64>) -> QueryResult<Vec<(ApiToken, String)>> {
    let mut q = api_tokens::table
        .inner_join(users::table)
        .select((ApiToken::as_select(), users::username))
        .order(api_tokens::id.asc())
        .into_boxed();
    if let Some(u) = user_id {
        q = q.filter(api_tokens::user_id.eq(u));
    }
    q.load(conn)
}

pub fn by_id(conn: &mut DbConn, id: i64) -> QueryResult<Option<ApiToken>> {
    api_tokens::table
        .find(id)
        .select(ApiToken::as_select())
        .first(conn)
        .optional()
}

pub fn revoke(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        api_tokens::table
            .find(id)
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(now))
    .execute(conn)
}

/// Revokes every live token of a user (their credentials were reset).
pub fn revoke_all_for_user(
    conn: &mut DbConn,
    user_id: i64,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        api_tokens::table
            .filter(api_tokens::user_id.eq(user_id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(now))
    .execute(conn)
}
