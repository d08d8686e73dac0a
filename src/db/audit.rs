//! The append-only audit trail (the database refuses UPDATE and DELETE on it).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use crate::schema::audit_events;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_events)]
pub struct AuditEvent {
    pub id: i64,
    pub episode_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub at: NaiveDateTime,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

pub struct NewAuditEvent<'a> {
    pub episode_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub actor_name: &'a str,
    pub at: NaiveDateTime,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub fn insert(conn: &mut DbConn, e: NewAuditEvent) -> QueryResult<usize> {
    diesel::insert_into(audit_events::table)
        .values((
            audit_events::episode_id.eq(e.episode_id),
            audit_events::actor_id.eq(e.actor_id),
            audit_events::actor_name.eq(e.actor_name),
            audit_events::at.eq(e.at),
            audit_events::action.eq(e.action),
            audit_events::entity.eq(e.entity),
            audit_events::entity_id.eq(e.entity_id),
            audit_events::before_json.eq(e.before.map(|v| v.to_string())),
            audit_events::after_json.eq(e.after.map(|v| v.to_string())),
        ))
        .execute(conn)
}

pub fn for_episode(conn: &mut DbConn, episode_id: i64) -> QueryResult<Vec<AuditEvent>> {
    audit_events::table
        .filter(audit_events::episode_id.eq(episode_id))
        .order(audit_events::id.asc())
        .select(AuditEvent::as_select())
        .load(conn)
}

pub fn count_for_episode(conn: &mut DbConn, episode_id: i64) -> QueryResult<i64> {
    audit_events::table
        .filter(audit_events::episode_id.eq(episode_id))
        .count()
        .get_result(conn)
}
