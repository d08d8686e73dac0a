//! The outbox (`notifications`) and the tables that decide its rows:
//! webhooks, escalation rules, escalations reached, stay reminders sent and
//! site contacts.
//!
//! A worker claims due rows by stamping them with its claim token and a time
//! the claim runs out; a claim that runs out (the worker died) makes the row
//! due again. On PostgreSQL the claim skips rows another instance has locked
//! (`FOR UPDATE SKIP LOCKED`); SQLite has one writer at a time, so its
//! single `UPDATE` is the claim.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use super::DbConn;
use crate::schema::{
    escalation_rules, escalations, notifications, site_contacts, stay_reminders, webhooks,
};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notifications)]
pub struct Notification {
    pub id: i64,
    pub key: String,
    pub channel: String,
    pub target: String,
    pub kind: String,
    pub episode_id: Option<i64>,
    pub site_id: Option<i64>,
    pub force_id: Option<i64>,
    pub payload: String,
    pub created_at: NaiveDateTime,
    pub state: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub last_error: Option<String>,
    pub sent_at: Option<NaiveDateTime>,
    pub claimed_by: Option<String>,
    pub claimed_until: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = notifications)]
pub struct NewNotification {
    pub key: String,
    pub channel: String,
    pub target: String,
    pub kind: String,
    pub episode_id: Option<i64>,
    pub site_id: Option<i64>,
    pub force_id: Option<i64>,
    pub payload: String,
    pub created_at: NaiveDateTime,
    pub next_attempt_at: NaiveDateTime,
}

pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";

pub fn insert(conn: &mut DbConn, n: &NewNotification) -> QueryResult<usize> {
    diesel::insert_into(notifications::table)
        .values(n)
        .execute(conn)
}

/// Stamps up to `limit` due rows with `token` until `until`, and returns them.
pub fn claim(
    conn: &mut DbConn,
    token: &str,
    now: NaiveDateTime,
    until: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<Notification>> {
    let lock = match conn {
        DbConn::Postgres(_) => " FOR UPDATE SKIP LOCKED",
        DbConn::Sqlite(_) => "",
    };
    let sql = format!(
        "UPDATE notifications SET claimed_by = $1, claimed_until = $2 WHERE id IN (\
         SELECT id FROM notifications WHERE state = 'pending' AND next_attempt_at <= $3 \
         AND (claimed_until IS NULL OR claimed_until <= $3) ORDER BY id LIMIT $4{lock})"
    );
    let q = diesel::sql_query(sql)
        .bind::<Text, _>(token)
        .bind::<Timestamp, _>(until)
        .bind::<Timestamp, _>(now)
        .bind::<BigInt, _>(limit);
    match conn {
        DbConn::Postgres(pg) => q.execute(pg)?,
        DbConn::Sqlite(lite) => q.execute(lite)?,
    };
    notifications::table
        .filter(notifications::claimed_by.eq(token))
        .filter(notifications::state.eq(PENDING))
        .order(notifications::id.asc())
        .select(Notification::as_select())
        .load(conn)
}

/// Marks a claimed row sent (only if the claim is still this worker's).
pub fn mark_sent(
    conn: &mut DbConn,
    id: i64,
    token: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        notifications::table
            .filter(notifications::id.eq(id))
            .filter(notifications::claimed_by.eq(token)),
    )
    .set((
        notifications::state.eq(SENT),
        notifications::sent_at.eq(Some(now)),
        notifications::attempts.eq(notifications::attempts + 1),
        notifications::last_error.eq(None::<String>),
        notifications::claimed_by.eq(None::<String>),
        notifications::claimed_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)
}

/// Records a failed attempt: due again at `next` (state pending) or, after
/// the last retry, `failed`.
pub fn mark_attempt_failed(
    conn: &mut DbConn,
    id: i64,
    token: &str,
    state: &str,
    next: NaiveDateTime,
    error: &str,
) -> QueryResult<usize> {
    diesel::update(
        notifications::table
            .filter(notifications::id.eq(id))
            .filter(notifications::claimed_by.eq(token)),
    )
    .set((
        notifications::state.eq(state),
        notifications::attempts.eq(notifications::attempts + 1),
        notifications::next_attempt_at.eq(next),
        notifications::last_error.eq(Some(error)),
        notifications::claimed_by.eq(None::<String>),
        notifications::claimed_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)
}

/// Puts a failed row back in the queue, due now, with its attempts reset.
pub fn requeue(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        notifications::table
            .filter(notifications::id.eq(id))
            .filter(notifications::state.eq(FAILED)),
    )
    .set((
        notifications::state.eq(PENDING),
        notifications::attempts.eq(0),
        notifications::next_attempt_at.eq(now),
        notifications::claimed_by.eq(None::<String>),
        notifications::claimed_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)
}

pub fn count_in_state(conn: &mut DbConn, state: &str) -> QueryResult<i64> {
    notifications::table
        .filter(notifications::state.eq(state))
        .count()
        .get_result(conn)
}

/// The newest `limit` rows in `state`.
pub fn list_in_state(conn: &mut DbConn, state: &str, limit: i64) -> QueryResult<Vec<Notification>> {
    notifications::table
        .filter(notifications::state.eq(state))
        .order(notifications::id.desc())
        .limit(limit)
        .select(Notification::as_select())
        .load(conn)
}

pub fn of_episode(conn: &mut DbConn, episode_id: i64) -> QueryResult<Vec<Notification>> {
    notifications::table
        .filter(notifications::episode_id.eq(episode_id))
        .order(notifications::id.asc())
        .select(Notification::as_select())
        .load(conn)
}

pub fn by_id(conn: &mut DbConn, id: i64) -> QueryResult<Option<Notification>> {
    notifications::table
        .find(id)
        .select(Notification::as_select())
        .first(conn)
        .optional()
}

// --- Webhooks ---------------------------------------------------------------

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhooks)]
pub struct Webhook {
    pub id: i64,
    pub url: String,
    pub secret: String,
    pub site_id: Option<i64>,
    pub force_id: Option<i64>,
    pub events: String,
    pub active: bool,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = webhooks)]
pub struct NewWebhook {
    pub url: String,
    pub secret: String,
    pub site_id: Option<i64>,
    pub force_id: Option<i64>,
    pub events: String,
    pub active: bool,
    pub created_at: NaiveDateTime,
}

/// Inserts a webhook and returns its id.
pub fn insert_webhook(conn: &mut DbConn, w: &NewWebhook) -> QueryResult<i64> {
    diesel::insert_into(webhooks::table)
        .values(w)
        .execute(conn)?;
    webhooks::table
        .select(diesel::dsl::max(webhooks::id))
        .first::<Option<i64>>(conn)
        .map(|m| m.unwrap_or(0))
}

pub fn list_webhooks(conn: &mut DbConn) -> QueryResult<Vec<Webhook>> {
    webhooks::table
        .order(webhooks::id.asc())
        .select(Webhook::as_select())
        .load(conn)
}

pub fn webhook(conn: &mut DbConn, id: i64) -> QueryResult<Option<Webhook>> {
    webhooks::table
        .find(id)
        .select(Webhook::as_select())
        .first(conn)
        .optional()
}

/// Active webhooks that cover `site_id` or `force_id` (or everything).
pub fn webhooks_covering(
    conn: &mut DbConn,
    site_id: i64,
    force_id: i64,
) -> QueryResult<Vec<Webhook>> {
    webhooks::table
        .filter(webhooks::active.eq(true))
        .filter(
            webhooks::site_id
                .eq(site_id)
                .or(webhooks::force_id.eq(force_id))
                .or(webhooks::site_id
                    .is_null()
                    .and(webhooks::force_id.is_null())),
        )
        .order(webhooks::id.asc())
        .select(Webhook::as_select())
        .load(conn)
}

pub fn delete_webhook(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(webhooks::table.find(id)).execute(conn)
}

// --- Escalation rules and escalations reached --------------------------------

/// A site's (thresholds text, repeat minutes), if it has its own.
pub fn escalation_rule(conn: &mut DbConn, site_id: i64) -> QueryResult<Option<(String, i32)>> {
    escalation_rules::table
        .find(site_id)
        .select((
            escalation_rules::thresholds,
            escalation_rules::repeat_minutes,
        ))
        .first(conn)
        .optional()
}

pub fn set_escalation_rule(
    conn: &mut DbConn,
    site_id: i64,
    thresholds: &str,
    repeat: i32,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(escalation_rules::table.find(site_id)).execute(conn)?;
    diesel::insert_into(escalation_rules::table)
        .values((
            escalation_rules::site_id.eq(site_id),
            escalation_rules::thresholds.eq(thresholds),
            escalation_rules::repeat_minutes.eq(repeat),
            escalation_rules::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Thresholds (minutes) already recorded for a stay.
pub fn escalations_of_stay(conn: &mut DbConn, stay_id: i64) -> QueryResult<Vec<i32>> {
    escalations::table
        .filter(escalations::stay_id.eq(stay_id))
        .order(escalations::threshold_minutes.asc())
        .select(escalations::threshold_minutes)
        .load(conn)
}

pub fn insert_escalation(
    conn: &mut DbConn,
    stay_id: i64,
    episode_id: i64,
    threshold: i32,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(escalations::table)
        .values((
            escalations::stay_id.eq(stay_id),
            escalations::episode_id.eq(episode_id),
            escalations::threshold_minutes.eq(threshold),
            escalations::at.eq(at),
        ))
        .execute(conn)
}

/// Of `stay_ids`, those with an escalation at `threshold` recorded.
pub fn stays_escalated_at(
    conn: &mut DbConn,
    stay_ids: &[i64],
    threshold: i32,
) -> QueryResult<Vec<i64>> {
    let mut out = Vec::new();
    for chunk in stay_ids.chunks(500) {
        out.extend(
            escalations::table
                .filter(escalations::stay_id.eq_any(chunk))
                .filter(escalations::threshold_minutes.eq(threshold))
                .select(escalations::stay_id)
                .load::<i64>(conn)?,
        );
    }
    Ok(out)
}

// --- Stay reminders -----------------------------------------------------------

pub fn reminder_sent(conn: &mut DbConn, stay_request_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        stay_reminders::table.filter(stay_reminders::stay_request_id.eq(stay_request_id)),
    ))
    .get_result(conn)
}

pub fn insert_reminder(
    conn: &mut DbConn,
    stay_request_id: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(stay_reminders::table)
        .values((
            stay_reminders::stay_request_id.eq(stay_request_id),
            stay_reminders::at.eq(at),
        ))
        .execute(conn)
}

// --- Site contacts --------------------------------------------------------------

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = site_contacts)]
pub struct SiteContact {
    pub id: i64,
    pub site_id: i64,
    pub role: String,
    pub email: String,
    pub created_at: NaiveDateTime,
}

pub fn contacts_of(conn: &mut DbConn, site_id: i64) -> QueryResult<Vec<SiteContact>> {
    site_contacts::table
        .filter(site_contacts::site_id.eq(site_id))
        .order((site_contacts::role.asc(), site_contacts::email.asc()))
        .select(SiteContact::as_select())
        .load(conn)
}

pub fn add_contact(
    conn: &mut DbConn,
    site_id: i64,
    role: &str,
    email: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(site_contacts::table)
        .values((
            site_contacts::site_id.eq(site_id),
            site_contacts::role.eq(role),
            site_contacts::email.eq(email),
            site_contacts::created_at.eq(now),
        ))
        .execute(conn)
}

pub fn remove_contact(
    conn: &mut DbConn,
    site_id: i64,
    role: &str,
    email: &str,
) -> QueryResult<usize> {
    diesel::delete(
        site_contacts::table
            .filter(site_contacts::site_id.eq(site_id))
            .filter(site_contacts::role.eq(role))
            .filter(site_contacts::email.eq(email)),
    )
    .execute(conn)
}
