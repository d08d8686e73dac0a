//! Extensions of the detention period (s136B).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use crate::schema::extensions;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = extensions)]
pub struct Extension {
    pub id: i64,
    pub episode_id: i64,
    pub authorised_by_name: String,
    pub authorised_at: NaiveDateTime,
    pub hours: i32,
    pub reason: String,
    pub reason_note: Option<String>,
    pub superintendent_name: Option<String>,
    pub superintendent_collar: Option<String>,
    pub recorded_by: i64,
    pub created_at: NaiveDateTime,
}

pub struct NewExtension<'a> {
    pub episode_id: i64,
    pub authorised_by_name: &'a str,
    pub authorised_at: NaiveDateTime,
    pub hours: i32,
    pub reason: &'a str,
    pub reason_note: Option<&'a str>,
    pub superintendent_name: Option<&'a str>,
    pub superintendent_collar: Option<&'a str>,
    pub recorded_by: i64,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, e: &NewExtension) -> QueryResult<usize> {
    diesel::insert_into(extensions::table)
        .values((
            extensions::episode_id.eq(e.episode_id),
            extensions::authorised_by_name.eq(e.authorised_by_name),
            extensions::authorised_at.eq(e.authorised_at),
            extensions::hours.eq(e.hours),
            extensions::reason.eq(e.reason),
            extensions::reason_note.eq(e.reason_note),
            extensions::superintendent_name.eq(e.superintendent_name),
            extensions::superintendent_collar.eq(e.superintendent_collar),
            extensions::recorded_by.eq(e.recorded_by),
            extensions::created_at.eq(e.created_at),
        ))
        .execute(conn)
}

/// Extensions of several episodes, each episode's in the order recorded.
pub fn of_many(conn: &mut DbConn, episode_ids: &[i64]) -> QueryResult<Vec<Extension>> {
    extensions::table
        .filter(extensions::episode_id.eq_any(episode_ids))
        .order((extensions::episode_id.asc(), extensions::id.asc()))
        .select(Extension::as_select())
        .load(conn)
}
