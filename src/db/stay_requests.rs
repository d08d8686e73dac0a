//! Health staff asking police to stay, and the officer's answer.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use crate::schema::stay_requests;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = stay_requests)]
pub struct StayRequest {
    pub id: i64,
    pub stay_id: i64,
    pub episode_id: i64,
    pub requested_at: NaiveDateTime,
    pub requested_by: i64,
    pub requested_by_name: String,
    pub reason: String,
    pub reason_note: Option<String>,
    pub agreed: Option<bool>,
    pub answered_at: Option<NaiveDateTime>,
    pub answered_by: Option<i64>,
    pub answered_by_name: Option<String>,
}

pub struct NewStayRequest<'a> {
    pub stay_id: i64,
    pub episode_id: i64,
    pub requested_at: NaiveDateTime,
    pub requested_by: i64,
    pub requested_by_name: &'a str,
    pub reason: &'a str,
    pub reason_note: Option<&'a str>,
}

pub fn insert(conn: &mut DbConn, r: &NewStayRequest) -> QueryResult<usize> {
    diesel::insert_into(stay_requests::table)
        .values((
            stay_requests::stay_id.eq(r.stay_id),
            stay_requests::episode_id.eq(r.episode_id),
            stay_requests::requested_at.eq(r.requested_at),
            stay_requests::requested_by.eq(r.requested_by),
            stay_requests::requested_by_name.eq(r.requested_by_name),
            stay_requests::reason.eq(r.reason),
            stay_requests::reason_note.eq(r.reason_note),
        ))
        .execute(conn)
}

pub fn for_stay(conn: &mut DbConn, stay_id: i64) -> QueryResult<Option<StayRequest>> {
    stay_requests::table
        .filter(stay_requests::stay_id.eq(stay_id))
        .select(StayRequest::as_select())
        .first(conn)
        .optional()
}

/// Records the answer only if none is recorded yet; returns rows changed.
pub fn answer(
    conn: &mut DbConn,
    id: i64,
    agreed: bool,
    at: NaiveDateTime,
    by: i64,
    by_name: &str,
) -> QueryResult<usize> {
    diesel::update(
        stay_requests::table
            .find(id)
            .filter(stay_requests::agreed.is_null()),
    )
    .set((
        stay_requests::agreed.eq(agreed),
        stay_requests::answered_at.eq(at),
        stay_requests::answered_by.eq(by),
        stay_requests::answered_by_name.eq(by_name),
    ))
    .execute(conn)
}

/// Requests of several episodes.
pub fn of_many(conn: &mut DbConn, episode_ids: &[i64]) -> QueryResult<Vec<StayRequest>> {
    stay_requests::table
        .filter(stay_requests::episode_id.eq_any(episode_ids))
        .order(stay_requests::id.asc())
        .select(StayRequest::as_select())
        .load(conn)
}
