//! The queries of `domain::retention` (what to clear is the domain's list).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::DbConn;
use crate::schema::{audit_events, episodes};

/// Closed cases (ended or cancelled before `cutoff`) not yet purged, with
/// when they closed, oldest first.
pub fn closed_before(
    conn: &mut DbConn,
    cutoff: NaiveDateTime,
) -> QueryResult<Vec<(i64, NaiveDateTime)>> {
    let rows: Vec<(i64, Option<NaiveDateTime>, Option<NaiveDateTime>)> = episodes::table
        .filter(episodes::purged_at.is_null())
        .filter(
            episodes::ended_at
                .lt(cutoff)
                .or(episodes::cancelled_at.lt(cutoff)),
        )
        .order(episodes::id.asc())
        .select((episodes::id, episodes::ended_at, episodes::cancelled_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, ended, cancelled)| {
            let closed = match (ended, cancelled) {
                (Some(e), Some(c)) => e.min(c),
                (e, c) => e.or(c)?,
            };
            Some((id, closed))
        })
        .collect())
}

pub fn still_unpurged(conn: &mut DbConn, id: i64) -> QueryResult<bool> {
    episodes::table
        .filter(episodes::id.eq(id))
        .filter(episodes::purged_at.is_null())
        .count()
        .get_result::<i64>(conn)
        .map(|n| n == 1)
}

#[derive(QueryableByName)]
struct Listed {
    #[diesel(sql_type = Text)]
    v: String,
}

/// Sets every listed column of the case's rows that holds text to `marker`
/// (NULL stays NULL); returns the `table.column`s that held some. The names
/// and the marker are the domain's constants, never input.
pub fn clear_free_text(
    conn: &mut DbConn,
    episode_id: i64,
    fields: &[(&str, &[&str])],
    marker: &str,
) -> QueryResult<Vec<String>> {
    debug_assert!(!marker.contains('\''));
    let lit = format!("'{marker}'");
    let mut cleared = Vec::new();
    for (table, columns) in fields {
        let key = if *table == "episodes" {
            "id"
        } else {
            "episode_id"
        };
        let listed = columns
            .iter()
            .map(|c| {
                format!("CASE WHEN count(NULLIF({c}, {lit})) > 0 THEN '{table}.{c} ' ELSE '' END")
            })
            .collect::<Vec<_>>()
            .join(" || ");
        let held = diesel::sql_query(format!(
            "SELECT {listed} AS v FROM {table} WHERE {key} = {episode_id}"
        ))
        .get_result::<Listed>(conn)?
        .v;
        if held.is_empty() {
            continue;
        }
        let sets = columns
            .iter()
            .map(|c| format!("{c} = CASE WHEN {c} IS NULL THEN NULL ELSE {lit} END"))
            .collect::<Vec<_>>()
            .join(", ");
        diesel::sql_query(format!(
            "UPDATE {table} SET {sets} WHERE {key} = {episode_id}"
        ))
        .execute(conn)?;
        cleared.extend(held.split_whitespace().map(str::to_string));
    }
    Ok(cleared)
}

/// The one update the audit trail allows (its trigger checks it): new JSON,
/// once, marked with when.
pub fn redact_audit(
    conn: &mut DbConn,
    id: i64,
    before: Option<String>,
    after: Option<String>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(audit_events::table.filter(audit_events::id.eq(id)))
        .set((
            audit_events::before_json.eq(before),
            audit_events::after_json.eq(after),
            audit_events::redacted_at.eq(Some(at)),
        ))
        .execute(conn)
}

pub fn mark_purged(conn: &mut DbConn, id: i64, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(episodes::table.filter(episodes::id.eq(id)))
        .set(episodes::purged_at.eq(Some(at)))
        .execute(conn)
}
