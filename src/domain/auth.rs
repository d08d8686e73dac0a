//! Who is acting, what they may see, passwords, sessions and sign-in throttling.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

use super::rules::Role;
use super::time::{from_db, to_db};
use super::types::Username;
use crate::db::{self, DbConn, sessions, users::User};
use crate::error::{AppError, ErrorKind, FieldErrors};

/// A session lasts a shift: it ends after this long without use.
pub const SESSION_IDLE: Duration = Duration::hours(12);
/// A session's idle expiry slides at most this often (one write, not one per request).
const TOUCH_EVERY: Duration = Duration::minutes(5);
pub const THROTTLE_WINDOW: Duration = Duration::minutes(15);
pub const MAX_FAILURES_PER_USERNAME: i64 = 5;
pub const MAX_FAILURES_PER_IP: i64 = 20;

/// Which cases an actor may read. Enforced in the queries themselves.
pub use crate::db::scope::Scope;

#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub force_id: Option<i64>,
    pub site_id: Option<i64>,
    pub collar_number: Option<String>,
    pub last_site_id: Option<i64>,
}

impl Actor {
    pub fn from_user(u: &User) -> Option<Self> {
        Some(Self {
            user_id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role: Role::parse(&u.role)?,
            force_id: u.force_id,
            site_id: u.site_id,
            collar_number: u.collar_number.clone(),
            last_site_id: u.last_site_id,
        })
    }

    pub fn scope(&self) -> Scope {
        match (self.role, self.force_id, self.site_id) {
            (Role::Admin, _, _) => Scope::All,
            (Role::Officer, Some(f), _) => Scope::Force(f),
            (Role::Health, _, Some(s)) => Scope::Site(s),
            (Role::Manager, Some(f), _) => Scope::Force(f),
            (Role::Manager, None, Some(s)) => Scope::Site(s),
            (Role::Manager, None, None) => Scope::All,
            _ => Scope::Nothing,
        }
    }
}

pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the operating system's random source failed");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn hash_password(password: &str) -> Result<String, AppError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal(anyhow::anyhow!("hashing failed: {e}")))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// A fixed hash to verify against when the username is unknown, so both cases
/// take the same time.
fn dummy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| hash_password("not-a-real-password-0000").unwrap_or_default())
}

pub struct SignedIn {
    pub token: String,
    pub actor: Actor,
}

/// Checks the password and opens a session. Throttled per username and per IP.
pub fn login(
    conn: &mut DbConn,
    username: &str,
    password: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<SignedIn, AppError> {
    let username = username.trim().to_ascii_lowercase();
    let mut errors = FieldErrors::default();
    if username.is_empty() {
        errors.add("username", "auth-enter-username");
    }
    if password.is_empty() {
        errors.add("password", "auth-enter-password");
    }
    errors.into_result()?;

    // A name no account can have (it may hold a NUL, which PostgreSQL
    // refuses) is still counted, under one name that matches no account.
    let username = Username::parse(&username)
        .map(Username::into_inner)
        .unwrap_or_else(|_| "(not a username)".to_string());
    let since = to_db(now - THROTTLE_WINDOW);
    // The attempt is counted as a failure before the password is checked, one
    // sign-in at a time across instances: parallel guesses cannot all pass
    // the count, so at most the limit of passwords is ever checked.
    let attempt = db::exclusive_tx(conn, db::LOCK_SIGN_IN, |c| {
        if sessions::failures_for_username(c, &username, since)? >= MAX_FAILURES_PER_USERNAME
            || sessions::failures_for_ip(c, ip, since)? >= MAX_FAILURES_PER_IP
        {
            return Ok(None);
        }
        Ok(Some(sessions::begin_attempt(c, &username, ip, to_db(now))?))
    })?;
    let Some(attempt) = attempt else {
        return Err(AppError::new(ErrorKind::TooManyRequests, "auth-too-many"));
    };

    let user = db::users::by_username(conn, &username)?;
    let ok = match &user {
        Some(u) => verify_password(password, &u.password_hash) && u.active,
        None => {
            verify_password(password, dummy_hash());
            false
        }
    };
    let actor = match (ok, user.as_ref().and_then(Actor::from_user)) {
        (true, Some(actor)) => actor,
        // The attempt stays counted as a failure.
        _ => {
            return Err(AppError::field("username", "auth-wrong"));
        }
    };
    let token = db::write_tx(conn, |c| {
        sessions::mark_succeeded(c, attempt)?;
        open_session(c, actor.user_id, now)
    })?;
    Ok(SignedIn { token, actor })
}

/// Opens a session for a user whose identity was checked (a password, a
/// single sign-on or a password change); returns the cookie value.
pub fn open_session(
    conn: &mut DbConn,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let token = random_token(32);
    sessions::insert(
        conn,
        &token_hash(&token),
        user_id,
        &random_token(24),
        to_db(now),
        to_db(now + SESSION_IDLE),
    )?;
    Ok(token)
}

#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub actor: Actor,
    pub csrf_token: String,
    /// The password was generated: nothing but changing it is allowed.
    pub must_change_password: bool,
    /// Until when this answer holds unless the session or account changes:
    /// the session's expiry, or sooner, when its idle expiry is next due to
    /// slide (only a fresh look-up writes that).
    pub fresh_until: DateTime<Utc>,
    /// Their chosen language, or their organisation's default.
    pub language: Option<super::lang::Lang>,
}

/// Looks a session up by its cookie value and slides its expiry.
pub fn session(
    conn: &mut DbConn,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<SessionInfo>, AppError> {
    let Some(s) = sessions::by_token_hash(conn, &token_hash(token))? else {
        return Ok(None);
    };
    if s.expires_at <= to_db(now) {
        sessions::delete(conn, &s.token_hash)?;
        return Ok(None);
    }
    let Some(user) = db::users::by_id(conn, s.user_id)?.filter(|u| u.active) else {
        return Ok(None);
    };
    let Some(actor) = Actor::from_user(&user) else {
        return Ok(None);
    };
    // Write at most every five minutes, not on every request.
    let (mut seen, mut expires) = (from_db(s.last_seen_at), from_db(s.expires_at));
    if now - seen > TOUCH_EVERY {
        (seen, expires) = (now, now + SESSION_IDLE);
        sessions::touch(conn, s.id, to_db(seen), to_db(expires))?;
    }
    Ok(Some(SessionInfo {
        actor,
        csrf_token: s.csrf_token,
        must_change_password: user.must_change_password,
        fresh_until: expires.min(seen + TOUCH_EVERY),
        language: super::account::language_of(conn, &user)?,
    }))
}

pub fn logout(conn: &mut DbConn, token: &str) -> Result<(), AppError> {
    sessions::delete(conn, &token_hash(token))?;
    Ok(())
}

/// Compares secrets in constant time.
/// The sign-in form's token for a pre-session (the random value in its
/// cookie): a keyed hash with a secret kept in the database (shared by every
/// instance), so a cookie and token an attacker planted together do not match.
pub fn login_form_token(conn: &mut DbConn, pre_session: &str) -> Result<String, AppError> {
    let secret = db::orgs::setting_or_init(conn, "login_form_secret", &random_token(32))?;
    Ok(token_hash(&format!("{secret}\n{pre_session}")))
}

pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("wrong horse battery", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn secrets_compare() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
    }
}
