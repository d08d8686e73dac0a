//! Personal API tokens: a token acts as its user, with the same role and scope.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use super::auth::{Actor, random_token, token_hash};
use super::rules::Role;
use super::time::to_db;
use super::types::optional_line;
use crate::db::{self, DbConn, audit, tokens, users};
use crate::error::AppError;

/// `None` is the server operator at the command line, who may act for anyone.
pub type By<'a> = Option<&'a Actor>;

/// Who the audit trail names for the command line.
pub const OPERATOR: &str = "operator (CLI)";

/// Revoking: one's own tokens; an administrator anyone's (to cut off a
/// compromised account).
fn may_manage(by: By, owner_id: i64) -> bool {
    by.is_none_or(|a| a.role == Role::Admin || a.user_id == owner_id)
}

/// Creating: tokens are personal. A token acts as its user, so one made for
/// someone else would let its maker act under their name; only the operator
/// may, and that is audited as the operator's act for that user. Decided on
/// the name alone, so it reveals nothing about other accounts.
fn may_create(by: By, username: &str) -> bool {
    by.is_none_or(|a| a.username == username)
}

fn audit_token(
    conn: &mut DbConn,
    by: By,
    now: DateTime<Utc>,
    action: &str,
    t: &tokens::ApiToken,
    username: &str,
) -> Result<(), AppError> {
    audit::insert(
        conn,
        audit::NewAuditEvent {
            episode_id: None,
            actor_id: by.map(|a| a.user_id),
            actor_name: by.map(|a| a.display_name.as_str()).unwrap_or(OPERATOR),
            at: to_db(now),
            action,
            entity: "api_token",
            entity_id: Some(t.id),
            before: None,
            after: Some(json!({"user": username, "user_id": t.user_id, "label": t.label})),
        },
    )?;
    Ok(())
}

/// Creates a token and returns it in clear, once. Only its hash is kept.
pub fn create(
    conn: &mut DbConn,
    by: By,
    username: &str,
    label: &str,
    now: DateTime<Utc>,
) -> Result<(String, tokens::ApiToken), AppError> {
    let username = username.trim().to_ascii_lowercase();
    if !may_create(by, &username) {
        return Err(AppError::forbidden("token-personal"));
    }
    let user = users::by_username(conn, &username)?
        .ok_or_else(|| AppError::field("username", "admin-no-such-username"))?;
    let label = optional_line(
        Some(label),
        80,
        crate::domain::lang::Msg::new("token-what-label"),
    )
    .map_err(|m| AppError::field("label", m))?
    .unwrap_or_else(|| "API token".to_string());
    let token = format!("s136_{}", random_token(32));
    let row = db::write_tx(conn, |c| {
        let row = tokens::insert(c, user.id, &label, &token_hash(&token), to_db(now))?;
        audit_token(c, by, now, "api_token_created", &row, &user.username)?;
        Ok(row)
    })?;
    Ok((token, row))
}

pub fn revoke(conn: &mut DbConn, by: By, id: i64, now: DateTime<Utc>) -> Result<(), AppError> {
    let t = tokens::by_id(conn, id)?
        .filter(|t| may_manage(by, t.user_id))
        .ok_or_else(|| AppError::field("id", "token-no-such"))?;
    let owner = users::by_id(conn, t.user_id)?
        .map(|u| u.username)
        .unwrap_or_default();
    db::write_tx(conn, |c| {
        tokens::revoke(c, t.id, to_db(now))?;
        audit_token(c, by, now, "api_token_revoked", &t, &owner)
    })
}

pub fn list(conn: &mut DbConn, by: By) -> Result<Vec<(tokens::ApiToken, String)>, AppError> {
    let only = by.filter(|a| a.role != Role::Admin).map(|a| a.user_id);
    Ok(tokens::list(conn, only)?)
}

/// The actor a bearer token stands for, if it is live and its user active.
pub fn authenticate(
    conn: &mut DbConn,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<Actor>, AppError> {
    let Some(t) = tokens::live_by_hash(conn, &token_hash(token))? else {
        return Ok(None);
    };
    let actor = users::by_id(conn, t.user_id)?
        .filter(|u| u.active)
        .as_ref()
        .and_then(Actor::from_user);
    // Record use at most once a minute: reads stay cheap.
    if actor.is_some()
        && t.last_used_at
            .is_none_or(|at| to_db(now) - at > Duration::minutes(1))
    {
        tokens::touch(conn, t.id, to_db(now))?;
    }
    Ok(actor)
}
