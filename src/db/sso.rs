//! Single sign-on providers and the sign-ins under way at them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use crate::schema::{sso_logins, sso_providers};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sso_providers)]
pub struct Provider {
    pub id: i64,
    pub name: String,
    pub label: String,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub claim: String,
    pub create_users: bool,
    pub role: Option<String>,
    pub force_id: Option<i64>,
    pub site_id: Option<i64>,
    pub enabled: bool,
    pub created_at: NaiveDateTime,
}

pub struct NewProvider<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub client_secret: &'a str,
    pub claim: &'a str,
    pub create_users: bool,
    pub role: Option<&'a str>,
    pub force_id: Option<i64>,
    pub site_id: Option<i64>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, p: &NewProvider) -> QueryResult<Provider> {
    diesel::insert_into(sso_providers::table)
        .values((
            sso_providers::name.eq(p.name),
            sso_providers::label.eq(p.label),
            sso_providers::issuer.eq(p.issuer),
            sso_providers::client_id.eq(p.client_id),
            sso_providers::client_secret.eq(p.client_secret),
            sso_providers::claim.eq(p.claim),
            sso_providers::create_users.eq(p.create_users),
            sso_providers::role.eq(p.role),
            sso_providers::force_id.eq(p.force_id),
            sso_providers::site_id.eq(p.site_id),
            sso_providers::enabled.eq(true),
            sso_providers::created_at.eq(p.created_at),
        ))
        .execute(conn)?;
    by_name(conn, p.name)?.ok_or(diesel::result::Error::NotFound)
}

pub fn by_name(conn: &mut DbConn, name: &str) -> QueryResult<Option<Provider>> {
    if !super::could_be_stored(name) {
        return Ok(None);
    }
    sso_providers::table
        .filter(sso_providers::name.eq(name))
        .select(Provider::as_select())
        .first(conn)
        .optional()
}

pub fn list(conn: &mut DbConn) -> QueryResult<Vec<Provider>> {
    sso_providers::table
        .order(sso_providers::name.asc())
        .select(Provider::as_select())
        .load(conn)
}

pub fn set_enabled(conn: &mut DbConn, id: i64, enabled: bool) -> QueryResult<usize> {
    diesel::update(sso_providers::table.find(id))
        .set(sso_providers::enabled.eq(enabled))
        .execute(conn)
}

pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(sso_logins::table.filter(sso_logins::provider_id.eq(id))).execute(conn)?;
    diesel::delete(sso_providers::table.find(id)).execute(conn)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sso_logins)]
pub struct Login {
    pub id: i64,
    pub state_hash: String,
    pub pre_session_hash: String,
    pub provider_id: i64,
    pub pkce_verifier: String,
    pub nonce: String,
    pub created_at: NaiveDateTime,
}

pub fn insert_login(
    conn: &mut DbConn,
    state_hash: &str,
    pre_session_hash: &str,
    provider_id: i64,
    pkce_verifier: &str,
    nonce: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(sso_logins::table)
        .values((
            sso_logins::state_hash.eq(state_hash),
            sso_logins::pre_session_hash.eq(pre_session_hash),
            sso_logins::provider_id.eq(provider_id),
            sso_logins::pkce_verifier.eq(pkce_verifier),
            sso_logins::nonce.eq(nonce),
            sso_logins::created_at.eq(now),
        ))
        .execute(conn)
}

/// The sign-in with this state, removed so it is used at most once (of two
/// callbacks racing, only the one whose delete counts gets it).
pub fn take_login(conn: &mut DbConn, state_hash: &str) -> QueryResult<Option<Login>> {
    if !super::could_be_stored(state_hash) {
        return Ok(None);
    }
    let Some(l) = sso_logins::table
        .filter(sso_logins::state_hash.eq(state_hash))
        .select(Login::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let n = diesel::delete(sso_logins::table.find(l.id)).execute(conn)?;
    Ok((n == 1).then_some(l))
}

pub fn delete_logins_before(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(sso_logins::table.filter(sso_logins::created_at.lt(before))).execute(conn)
}
