//! A signed-in user's own account: changing their password, choosing their
//! language.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::admin::{CredentialsEnded, end_credentials};
use super::auth::{Actor, hash_password, open_session, verify_password};
use super::lang::Lang;
use super::time::to_db;
use super::types::check_password;
use crate::db::{self, DbConn, audit, users};
use crate::error::{AppError, FieldErrors};

pub struct PasswordChanged {
    /// The cookie value of the new session for the browser that changed it.
    pub session_token: String,
    /// What else ended: every other session and the API tokens.
    pub ended: CredentialsEnded,
}

/// Changes the actor's password after checking the current one. Like a
/// reset it ends every session and revokes every API token (whoever knew the
/// old password may have made them), then opens a new session for this
/// browser. Clears the must-change flag. Audited, without either password.
pub fn change_password(
    conn: &mut DbConn,
    actor: &Actor,
    current: &str,
    new: &str,
    confirm: &str,
    now: DateTime<Utc>,
) -> Result<PasswordChanged, AppError> {
    let user = users::by_id(conn, actor.user_id)?.ok_or_else(AppError::unauthorized)?;
    let mut errors = FieldErrors::default();
    if current.is_empty() {
        errors.add("current_password", "account-enter-current");
    } else if !verify_password(current, &user.password_hash) {
        errors.add("current_password", "account-current-wrong");
    }
    if let Err(m) = check_password(new) {
        errors.add("new_password", m);
    } else if new == current {
        errors.add("new_password", "account-new-same");
    } else if new != confirm {
        errors.add("confirm_password", "account-no-match");
    }
    errors.into_result()?;
    let hash = hash_password(new)?;
    db::write_tx(conn, |c| {
        users::set_password(c, user.id, &hash, false)?;
        let ended = end_credentials(c, user.id, now)?;
        audit::insert(
            c,
            audit::NewAuditEvent {
                episode_id: None,
                actor_id: Some(actor.user_id),
                actor_name: &actor.display_name,
                at: to_db(now),
                action: "password_changed",
                entity: "user",
                entity_id: Some(user.id),
                before: Some(json!({"must_change_password": user.must_change_password})),
                after: Some(json!({
                    "must_change_password": false,
                    "sessions_ended": ended.sessions,
                    "tokens_revoked": ended.tokens,
                })),
            },
        )?;
        let session_token = open_session(c, user.id, now)?;
        Ok(PasswordChanged {
            session_token,
            ended,
        })
    })
}

/// Remembers the language a user chose on the switch.
pub fn set_language(conn: &mut DbConn, user_id: i64, lang: Option<Lang>) -> Result<(), AppError> {
    users::set_language(conn, user_id, lang.map(Lang::code))?;
    Ok(())
}

/// At sign-in: the language chosen on this browser before, kept on the
/// account unless the account has its own already.
pub fn adopt_language(conn: &mut DbConn, user_id: i64, lang: Lang) -> Result<(), AppError> {
    users::adopt_language(conn, user_id, lang.code())?;
    Ok(())
}

/// The language a user sees: their own choice, else their site's default,
/// else their force's (None: the browser decides).
pub fn language_of(conn: &mut DbConn, user: &users::User) -> Result<Option<Lang>, AppError> {
    if let Some(l) = user.language.as_deref().and_then(Lang::parse) {
        return Ok(Some(l));
    }
    let site = match user.site_id {
        Some(id) => db::orgs::site_by_id(conn, id)?.language,
        None => None,
    };
    let force = match (site.is_none(), user.force_id) {
        (true, Some(id)) => db::orgs::force_by_id(conn, id)?.language,
        _ => None,
    };
    Ok(site.or(force).as_deref().and_then(Lang::parse))
}
