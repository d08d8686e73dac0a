//! User accounts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use crate::schema::users;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub force_id: Option<i64>,
    pub site_id: Option<i64>,
    pub collar_number: Option<String>,
    pub last_site_id: Option<i64>,
    pub active: bool,
    pub created_at: NaiveDateTime,
    /// Set while the password is one its owner did not choose.
    pub must_change_password: bool,
    /// The language they chose: "en" or "cy" (None: not chosen).
    pub language: Option<String>,
}

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub force_id: Option<i64>,
    pub site_id: Option<i64>,
    pub collar_number: Option<&'a str>,
    pub must_change_password: bool,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, u: &NewUser) -> QueryResult<User> {
    diesel::insert_into(users::table)
        .values((
            users::username.eq(u.username),
            users::display_name.eq(u.display_name),
            users::password_hash.eq(u.password_hash),
            users::role.eq(u.role),
            users::force_id.eq(u.force_id),
            users::site_id.eq(u.site_id),
            users::collar_number.eq(u.collar_number),
            users::active.eq(true),
            users::must_change_password.eq(u.must_change_password),
            users::created_at.eq(u.created_at),
        ))
        .execute(conn)?;
    by_username(conn, u.username)?.ok_or(diesel::result::Error::NotFound)
}

pub fn by_username(conn: &mut DbConn, username: &str) -> QueryResult<Option<User>> {
    if !super::could_be_stored(username) {
        return Ok(None);
    }
    users::table
        .filter(users::username.eq(username))
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn by_id(conn: &mut DbConn, id: i64) -> QueryResult<Option<User>> {
    users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn list(conn: &mut DbConn) -> QueryResult<Vec<User>> {
    users::table
        .order(users::username.asc())
        .select(User::as_select())
        .load(conn)
}

pub fn set_password(
    conn: &mut DbConn,
    id: i64,
    hash: &str,
    must_change: bool,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(hash),
            users::must_change_password.eq(must_change),
        ))
        .execute(conn)
        .and_then(|n| super::sessions::access_changed(conn, n))
}

pub fn set_active(conn: &mut DbConn, id: i64, active: bool) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set(users::active.eq(active))
        .execute(conn)
        .and_then(|n| super::sessions::access_changed(conn, n))
}

/// Enabled accounts with this role other than `except`.
pub fn count_active_with_role_except(
    conn: &mut DbConn,
    role: &str,
    except: i64,
) -> QueryResult<i64> {
    users::table
        .filter(users::role.eq(role))
        .filter(users::active.eq(true))
        .filter(users::id.ne(except))
        .count()
        .get_result(conn)
}

pub fn set_last_site(conn: &mut DbConn, id: i64, site_id: i64) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set(users::last_site_id.eq(Some(site_id)))
        .execute(conn)
        .and_then(|n| super::sessions::preferences_changed(conn, n))
}

/// Sets the language a user chose (None: back to their organisation's).
pub fn set_language(conn: &mut DbConn, id: i64, language: Option<&str>) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set(users::language.eq(language))
        .execute(conn)
        .and_then(|n| super::sessions::preferences_changed(conn, n))
}

/// Sets it only if they have not chosen one yet.
pub fn adopt_language(conn: &mut DbConn, id: i64, language: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id).filter(users::language.is_null()))
        .set(users::language.eq(Some(language)))
        .execute(conn)
        .and_then(|n| super::sessions::preferences_changed(conn, n))
}

pub fn any_with_role(conn: &mut DbConn, role: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table.filter(users::role.eq(role)),
    ))
    .get_result(conn)
}
