//! Forces, places of safety (sites) and settings.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use crate::schema::{forces, settings, sites};

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = forces)]
pub struct Force {
    pub id: i64,
    pub code: String,
    pub name: String,
    #[serde(skip)]
    pub created_at: NaiveDateTime,
    #[serde(skip)]
    pub retired_at: Option<NaiveDateTime>,
    /// The language its staff see until they choose ("en" or "cy").
    #[serde(skip)]
    pub language: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = sites)]
pub struct Site {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub trust: String,
    #[serde(skip)]
    pub created_at: NaiveDateTime,
    #[serde(skip)]
    pub retired_at: Option<NaiveDateTime>,
    /// The language its staff see until they choose ("en" or "cy").
    #[serde(skip)]
    pub language: Option<String>,
}

pub fn insert_force(
    conn: &mut DbConn,
    code: &str,
    name: &str,
    now: NaiveDateTime,
) -> QueryResult<Force> {
    diesel::insert_into(forces::table)
        .values((
            forces::code.eq(code),
            forces::name.eq(name),
            forces::created_at.eq(now),
        ))
        .execute(conn)?;
    forces::table
        .filter(forces::code.eq(code))
        .select(Force::as_select())
        .first(conn)
}

pub fn list_forces(conn: &mut DbConn) -> QueryResult<Vec<Force>> {
    forces::table
        .order(forces::name.asc())
        .select(Force::as_select())
        .load(conn)
}

pub fn force_by_code(conn: &mut DbConn, code: &str) -> QueryResult<Option<Force>> {
    if !super::could_be_stored(code) {
        return Ok(None);
    }
    forces::table
        .filter(forces::code.eq(code))
        .select(Force::as_select())
        .first(conn)
        .optional()
}

pub fn force_by_id(conn: &mut DbConn, id: i64) -> QueryResult<Force> {
    forces::table
        .find(id)
        .select(Force::as_select())
        .first(conn)
}

pub fn insert_site(
    conn: &mut DbConn,
    code: &str,
    name: &str,
    kind: &str,
    trust: &str,
    now: NaiveDateTime,
) -> QueryResult<Site> {
    diesel::insert_into(sites::table)
        .values((
            sites::code.eq(code),
            sites::name.eq(name),
            sites::kind.eq(kind),
            sites::trust.eq(trust),
            sites::created_at.eq(now),
        ))
        .execute(conn)?;
    sites::table
        .filter(sites::code.eq(code))
        .select(Site::as_select())
        .first(conn)
}

pub fn list_sites(conn: &mut DbConn) -> QueryResult<Vec<Site>> {
    sites::table
        .order(sites::name.asc())
        .select(Site::as_select())
        .load(conn)
}

pub fn site_by_code(conn: &mut DbConn, code: &str) -> QueryResult<Option<Site>> {
    if !super::could_be_stored(code) {
        return Ok(None);
    }
    sites::table
        .filter(sites::code.eq(code))
        .select(Site::as_select())
        .first(conn)
        .optional()
}

pub fn site_by_id(conn: &mut DbConn, id: i64) -> QueryResult<Site> {
    sites::table.find(id).select(Site::as_select()).first(conn)
}

pub fn update_force(conn: &mut DbConn, id: i64, name: &str) -> QueryResult<usize> {
    diesel::update(forces::table.find(id))
        .set(forces::name.eq(name))
        .execute(conn)
}

pub fn set_force_retired(
    conn: &mut DbConn,
    id: i64,
    at: Option<NaiveDateTime>,
) -> QueryResult<usize> {
    diesel::update(forces::table.find(id))
        .set(forces::retired_at.eq(at))
        .execute(conn)
}

pub fn update_site(
    conn: &mut DbConn,
    id: i64,
    name: &str,
    kind: &str,
    trust: &str,
) -> QueryResult<usize> {
    diesel::update(sites::table.find(id))
        .set((
            sites::name.eq(name),
            sites::kind.eq(kind),
            sites::trust.eq(trust),
        ))
        .execute(conn)
}

/// Sets the language a force's officers see until they choose one (None:
/// their browser decides), and tells every server's sign-in cache.
pub fn set_force_language(
    conn: &mut DbConn,
    id: i64,
    language: Option<&str>,
) -> QueryResult<usize> {
    diesel::update(forces::table.find(id))
        .set(forces::language.eq(language))
        .execute(conn)
        .and_then(|n| super::sessions::preferences_changed(conn, n))
}

/// Sets the language a site's staff (and its email contacts) get until they
/// choose one, and tells every server's sign-in cache.
pub fn set_site_language(conn: &mut DbConn, id: i64, language: Option<&str>) -> QueryResult<usize> {
    diesel::update(sites::table.find(id))
        .set(sites::language.eq(language))
        .execute(conn)
        .and_then(|n| super::sessions::preferences_changed(conn, n))
}

pub fn set_site_retired(
    conn: &mut DbConn,
    id: i64,
    at: Option<NaiveDateTime>,
) -> QueryResult<usize> {
    diesel::update(sites::table.find(id))
        .set(sites::retired_at.eq(at))
        .execute(conn)
}

/// The handover target until an administrator sets one.
pub const DEFAULT_TARGET_MINUTES: i64 = 60;
/// The settings key of the handover target (minutes).
pub const TARGET_KEY: &str = "handover_target_minutes";

pub fn target_minutes(conn: &mut DbConn) -> QueryResult<i64> {
    Ok(setting(conn, TARGET_KEY)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_TARGET_MINUTES))
}

/// The stored value of one setting, if it was ever set.
pub fn setting(conn: &mut DbConn, key: &str) -> QueryResult<Option<String>> {
    settings::table
        .filter(settings::key.eq(key))
        .select(settings::value)
        .first(conn)
        .optional()
}

/// The setting `key`, storing `initial` first if it has none. Two instances
/// racing both end with the one value that was stored first.
pub fn setting_or_init(conn: &mut DbConn, key: &str, initial: &str) -> QueryResult<String> {
    if let Some(v) = setting(conn, key)? {
        return Ok(v);
    }
    let inserted = diesel::insert_into(settings::table)
        .values((settings::key.eq(key), settings::value.eq(initial)))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(initial.to_string()),
        Err(e) if super::is_unique_violation(&e) => Ok(setting(conn, key)?.unwrap_or_default()),
        Err(e) => Err(e),
    }
}

pub fn set_setting(conn: &mut DbConn, key: &str, value: &str) -> QueryResult<()> {
    let n = diesel::update(settings::table.filter(settings::key.eq(key)))
        .set(settings::value.eq(value))
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(settings::table)
            .values((settings::key.eq(key), settings::value.eq(value)))
            .execute(conn)?;
    }
    super::events::everywhere_on_commit();
    Ok(())
}
