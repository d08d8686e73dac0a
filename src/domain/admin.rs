//! Setting up forces, places of safety and accounts (admin pages and the CLI).

use chrono::{DateTime, Utc};
use serde_json::json;

use super::auth::{Actor, hash_password};
use super::lang::{Lang, Msg};
use super::rules::{Role, SiteKind};
use super::time::to_db;
use super::types::{CollarNumber, OrgCode, Username, check_password, optional_text};
use crate::db::{self, DbConn, audit, orgs, sessions, tokens, users};
use crate::error::{AppError, FieldErrors};

/// Who made a set-up change: a signed-in admin, the command line, or a
/// single sign-on provider making an account (only when an admin allowed it).
pub enum By<'a> {
    Admin(&'a Actor),
    Cli,
    /// The provider's name.
    Sso(&'a str),
}

impl By<'_> {
    pub(crate) fn check(&self) -> Result<(), AppError> {
        match self {
            By::Admin(a) => super::policy::SETUP.check_role(a),
            By::Cli | By::Sso(_) => Ok(()),
        }
    }
    pub(crate) fn id(&self) -> Option<i64> {
        match self {
            By::Admin(a) => Some(a.user_id),
            By::Cli | By::Sso(_) => None,
        }
    }
    pub(crate) fn name(&self) -> &str {
        match self {
            By::Admin(a) => &a.display_name,
            By::Cli => "command line",
            By::Sso(_) => "single sign-on",
        }
    }
}

pub(crate) fn audit_setup(
    conn: &mut DbConn,
    by: &By,
    now: DateTime<Utc>,
    action: &str,
    entity: &str,
    id: i64,
    after: serde_json::Value,
) -> Result<(), AppError> {
    audit::insert(
        conn,
        audit::NewAuditEvent {
            episode_id: None,
            actor_id: by.id(),
            actor_name: by.name(),
            at: to_db(now),
            action,
            entity,
            entity_id: Some(id),
            before: None,
            after: Some(after),
        },
    )?;
    Ok(())
}

/// `what`: the field's label (a key, "Name"); `missing`: the message when
/// it is left empty ("Enter the name").
fn required_text(
    errors: &mut FieldErrors,
    field: &str,
    raw: &str,
    max: usize,
    what: &'static str,
    missing: &'static str,
) -> String {
    match optional_text(Some(raw), max, Msg::new(what)) {
        Ok(Some(s)) => s,
        Ok(None) => {
            errors.add(field, missing);
            String::new()
        }
        Err(m) => {
            errors.add(field, m);
            String::new()
        }
    }
}

pub fn add_force(
    conn: &mut DbConn,
    by: &By,
    code: &str,
    name: &str,
    now: DateTime<Utc>,
) -> Result<orgs::Force, AppError> {
    by.check()?;
    let mut errors = FieldErrors::default();
    let code = OrgCode::parse(code).map_err(|m| errors.add("code", m)).ok();
    let name = required_text(
        &mut errors,
        "name",
        name,
        100,
        "admin-site-name",
        "admin-enter-name",
    );
    if let Some(c) = &code
        && orgs::force_by_code(conn, c.as_str())?.is_some()
    {
        errors.add(
            "code",
            crate::msg!("admin-force-code-taken", code = c.as_str()),
        );
    }
    errors.into_result()?;
    let code = code.unwrap_or_else(|| unreachable!("checked above"));
    db::write_tx(conn, |c| {
        let f = orgs::insert_force(c, code.as_str(), &name, to_db(now))?;
        audit_setup(
            c,
            by,
            now,
            "force_added",
            "force",
            f.id,
            json!({"code": f.code, "name": f.name}),
        )?;
        Ok(f)
    })
}

pub fn add_site(
    conn: &mut DbConn,
    by: &By,
    code: &str,
    name: &str,
    kind: &str,
    trust: &str,
    now: DateTime<Utc>,
) -> Result<orgs::Site, AppError> {
    by.check()?;
    let mut errors = FieldErrors::default();
    let code = OrgCode::parse(code).map_err(|m| errors.add("code", m)).ok();
    let name = required_text(
        &mut errors,
        "name",
        name,
        100,
        "admin-site-name",
        "admin-enter-name",
    );
    let kind = SiteKind::parse(kind.trim());
    if kind.is_none() {
        errors.add("kind", "admin-choose-kind");
    }
    let trust = required_text(
        &mut errors,
        "trust",
        trust,
        150,
        "admin-site-trust",
        "admin-enter-trust",
    );
    if let Some(c) = &code
        && orgs::site_by_code(conn, c.as_str())?.is_some()
    {
        errors.add(
            "code",
            crate::msg!("admin-site-code-taken", code = c.as_str()),
        );
    }
    errors.into_result()?;
    let (Some(code), Some(kind)) = (code, kind) else {
        unreachable!("checked above")
    };
    db::write_tx(conn, |c| {
        let s = orgs::insert_site(c, code.as_str(), &name, kind.code(), &trust, to_db(now))?;
        audit_setup(
            c,
            by,
            now,
            "site_added",
            "site",
            s.id,
            json!({"code": s.code, "name": s.name, "kind": s.kind}),
        )?;
        Ok(s)
    })
}

#[derive(Debug, Clone, Default)]
pub struct NewUserInput {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub force_code: String,
    pub site_code: String,
    pub collar_number: String,
    pub password: String,
    /// The password was generated (or typed by someone other than its
    /// owner): it must be changed at first sign-in.
    pub must_change_password: bool,
}

pub fn add_user(
    conn: &mut DbConn,
    by: &By,
    input: &NewUserInput,
    now: DateTime<Utc>,
) -> Result<users::User, AppError> {
    by.check()?;
    let mut errors = FieldErrors::default();
    let username = Username::parse(&input.username)
        .map_err(|m| errors.add("username", m))
        .ok();
    if let Some(u) = &username
        && users::by_username(conn, u.as_str())?.is_some()
    {
        errors.add(
            "username",
            crate::msg!("admin-username-taken", username = u.as_str()),
        );
    }
    let display_name = match optional_text(
        Some(&input.display_name),
        100,
        Msg::new("admin-what-the-name"),
    ) {
        Ok(Some(n)) => n,
        Ok(None) => username.as_ref().map(|u| u.to_string()).unwrap_or_default(),
        Err(m) => {
            errors.add("display_name", m);
            String::new()
        }
    };
    let role = Role::parse(input.role.trim());
    if role.is_none() {
        errors.add("role", "admin-choose-role");
    }
    let force_code = input.force_code.trim().to_ascii_uppercase();
    let site_code = input.site_code.trim().to_ascii_uppercase();
    let force = if force_code.is_empty() {
        None
    } else {
        orgs::force_by_code(conn, &force_code)?
    };
    let site = if site_code.is_empty() {
        None
    } else {
        orgs::site_by_code(conn, &site_code)?
    };
    match &force {
        None if !force_code.is_empty() => errors.add("force", "admin-choose-force-listed"),
        Some(f) if !super::orgs::force_is_open(f) => {
            errors.add("force", super::orgs::force_retired_message(f))
        }
        _ => {}
    }
    match &site {
        None if !site_code.is_empty() => errors.add("site", "admin-choose-site-listed"),
        Some(s) if !super::orgs::site_is_open(s) => {
            errors.add("site", super::orgs::site_retired_message(s))
        }
        _ => {}
    }
    let mut collar = None;
    match role {
        Some(Role::Officer) => {
            if force_code.is_empty() {
                errors.add("force", "admin-choose-officer-force");
            }
            // The admin is adding someone else: "your" would be wrong here.
            collar = if input.collar_number.trim().is_empty() {
                errors.add("collar_number", "admin-enter-officer-collar");
                None
            } else {
                CollarNumber::parse(&input.collar_number)
                    .map_err(|m| errors.add("collar_number", m))
                    .ok()
            };
        }
        Some(Role::Health) if site_code.is_empty() => {
            errors.add("site", "admin-choose-health-site");
        }
        Some(Role::Manager) if !force_code.is_empty() && !site_code.is_empty() => {
            errors.add("site", "admin-manager-one-scope");
        }
        _ => {}
    }
    if let Err(m) = check_password(&input.password) {
        errors.add("password", m);
    }
    errors.into_result()?;
    let (Some(username), Some(role)) = (username, role) else {
        unreachable!("checked above")
    };
    // Only the fields the role uses are kept.
    let (force_id, site_id) = match role {
        Role::Officer => (force.map(|f| f.id), None),
        Role::Health => (None, site.map(|s| s.id)),
        Role::Manager => (force.map(|f| f.id), site.map(|s| s.id)),
        Role::Admin => (None, None),
    };
    let hash = hash_password(&input.password)?;
    db::write_tx(conn, |c| {
        let u = users::insert(
            c,
            &users::NewUser {
                username: username.as_str(),
                display_name: &display_name,
                password_hash: &hash,
                role: role.code(),
                force_id,
                site_id,
                collar_number: collar.as_ref().map(|c| c.as_str()),
                must_change_password: input.must_change_password,
                created_at: to_db(now),
            },
        )?;
        audit_setup(
            c,
            by,
            now,
            "user_added",
            "user",
            u.id,
            json!({"username": u.username, "role": u.role, "force_id": u.force_id, "site_id": u.site_id, "must_change_password": u.must_change_password}),
        )?;
        Ok(u)
    })
}

/// What a password reset ended besides the old password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CredentialsEnded {
    pub sessions: usize,
    pub tokens: usize,
}

impl CredentialsEnded {
    /// "2 sessions ended and 1 API token revoked", for the page.
    pub fn msg(&self) -> Msg {
        crate::msg!(
            "admin-credentials-ended",
            sessions = self.sessions,
            tokens = self.tokens
        )
    }

    /// The same in English, for the command line.
    pub fn describe(&self) -> String {
        crate::i18n::en(&self.msg())
    }
}

/// Sets a new password and ends every credential the old one could have
/// made: the user's sessions and API tokens (a compromised account must not
/// keep API access after a reset). Clears their failed sign-ins too (an admin
/// reset is the way out of a lock-out). A generated password (`must_change`)
/// has to be changed by its owner at their next sign-in.
pub fn set_password(
    conn: &mut DbConn,
    by: &By,
    username: &str,
    password: &str,
    must_change: bool,
    now: DateTime<Utc>,
) -> Result<CredentialsEnded, AppError> {
    by.check()?;
    let user = find_user(conn, username)?;
    check_password(password).map_err(|m| AppError::field("password", m))?;
    let hash = hash_password(password)?;
    db::write_tx(conn, |c| {
        users::set_password(c, user.id, &hash, must_change)?;
        let ended = end_credentials(c, user.id, now)?;
        sessions::clear_failures_for_username(c, &user.username)?;
        audit_setup(
            c,
            by,
            now,
            "password_set",
            "user",
            user.id,
            json!({"username": user.username, "must_change_password": must_change, "sessions_ended": ended.sessions, "tokens_revoked": ended.tokens}),
        )?;
        Ok(ended)
    })
}

fn find_user(conn: &mut DbConn, username: &str) -> Result<users::User, AppError> {
    users::by_username(conn, &username.trim().to_ascii_lowercase())?
        .ok_or_else(|| AppError::field("username", "admin-no-such-username"))
}

/// Ends a user's sessions and revokes their API tokens: used by password
/// resets and changes and by disabling an account.
pub(crate) fn end_credentials(
    conn: &mut DbConn,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<CredentialsEnded, AppError> {
    Ok(CredentialsEnded {
        sessions: sessions::delete_for_user(conn, user_id)?,
        tokens: tokens::revoke_all_for_user(conn, user_id, to_db(now))?,
    })
}

/// Disables an account (a leaver): they cannot sign in, with a password or
/// single sign-on, their sessions end and their API tokens are revoked at
/// once. Their name stays on everything they recorded. Refuses to disable
/// the admin's own account or the last enabled administrator, so someone
/// can always sign in to set things up.
pub fn disable_user(
    conn: &mut DbConn,
    by: &By,
    username: &str,
    now: DateTime<Utc>,
) -> Result<CredentialsEnded, AppError> {
    by.check()?;
    let user = find_user(conn, username)?;
    if by.id() == Some(user.id) {
        return Err(AppError::field("username", "admin-disable-self"));
    }
    db::exclusive_tx(conn, db::LOCK_FIRST_ADMIN, |c| {
        if user.role == Role::Admin.code()
            && users::count_active_with_role_except(c, Role::Admin.code(), user.id)? == 0
        {
            return Err(AppError::field("username", "admin-disable-last-admin"));
        }
        users::set_active(c, user.id, false)?;
        let ended = end_credentials(c, user.id, now)?;
        audit::insert(
            c,
            audit::NewAuditEvent {
                episode_id: None,
                actor_id: by.id(),
                actor_name: by.name(),
                at: to_db(now),
                action: "user_disabled",
                entity: "user",
                entity_id: Some(user.id),
                before: Some(json!({"username": user.username, "active": user.active})),
                after: Some(
                    json!({"username": user.username, "active": false, "sessions_ended": ended.sessions, "tokens_revoked": ended.tokens}),
                ),
            },
        )?;
        Ok(ended)
    })
}

/// Enables a disabled account again. Their old sessions and tokens stay
/// ended; failed sign-ins are forgotten.
pub fn enable_user(
    conn: &mut DbConn,
    by: &By,
    username: &str,
    now: DateTime<Utc>,
) -> Result<users::User, AppError> {
    by.check()?;
    let user = find_user(conn, username)?;
    db::write_tx(conn, |c| {
        users::set_active(c, user.id, true)?;
        sessions::clear_failures_for_username(c, &user.username)?;
        audit::insert(
            c,
            audit::NewAuditEvent {
                episode_id: None,
                actor_id: by.id(),
                actor_name: by.name(),
                at: to_db(now),
                action: "user_enabled",
                entity: "user",
                entity_id: Some(user.id),
                before: Some(json!({"username": user.username, "active": user.active})),
                after: Some(json!({"username": user.username, "active": true})),
            },
        )?;
        Ok(users::User {
            active: true,
            ..user.clone()
        })
    })
}

/// On a database with no administrator, creates `admin` with a new password
/// and returns it (to be shown once). Race-free: instances starting together
/// decide one at a time, so exactly one creates it.
pub fn ensure_first_admin(
    conn: &mut DbConn,
    now: DateTime<Utc>,
) -> Result<Option<String>, AppError> {
    db::exclusive_tx(conn, db::LOCK_FIRST_ADMIN, |c| {
        if users::any_with_role(c, Role::Admin.code())? {
            return Ok(None);
        }
        let password = super::auth::random_token(12);
        let input = NewUserInput {
            username: "admin".into(),
            display_name: "Administrator".into(),
            role: Role::Admin.code().into(),
            password: password.clone(),
            must_change_password: true,
            ..Default::default()
        };
        add_user(c, &By::Cli, &input, now)?;
        Ok(Some(password))
    })
}

/// A setting an administrator may change, per deployment. Each knows its
/// key, its words and its rule; `value` is what is stored (text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// The handover target in whole minutes (the NPA's hour by default).
    HandoverTargetMinutes,
}

/// The handover target may be set between these (inclusive), in minutes.
pub const TARGET_RANGE: std::ops::RangeInclusive<i64> = 15..=240;

impl Setting {
    pub const ALL: &'static [Self] = &[Self::HandoverTargetMinutes];

    pub fn key(self) -> &'static str {
        match self {
            Self::HandoverTargetMinutes => orgs::TARGET_KEY,
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.key() == key.trim())
    }

    /// Its catalogue key.
    pub fn label(self) -> &'static str {
        match self {
            Self::HandoverTargetMinutes => "admin-setting-target",
        }
    }

    /// The value in force (the default when never set).
    pub fn current(self, conn: &mut DbConn) -> Result<i64, AppError> {
        match self {
            Self::HandoverTargetMinutes => Ok(orgs::target_minutes(conn)?),
        }
    }

    /// The value to store, or the message saying why not.
    pub fn validate(self, raw: &str) -> Result<i64, Msg> {
        match self {
            Self::HandoverTargetMinutes => {
                let raw = raw.trim();
                if raw.is_empty() {
                    return Err("admin-target-enter".into());
                }
                let n: i64 = raw
                    .parse()
                    .map_err(|_| Msg::new("admin-target-whole-number"))?;
                if !TARGET_RANGE.contains(&n) {
                    return Err(crate::msg!(
                        "admin-target-range",
                        min = *TARGET_RANGE.start(),
                        max = *TARGET_RANGE.end()
                    ));
                }
                Ok(n)
            }
        }
    }
}

/// What a setting change did: the value before and after (equal when the
/// value was already in force, and then nothing was written).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingChange {
    pub setting: Setting,
    pub before: i64,
    pub after: i64,
}

/// Sets `key` to `raw`, audited with the value before and after. A refused
/// value is a field error on the setting's key and changes nothing.
pub fn set_setting(
    conn: &mut DbConn,
    by: &By,
    key: &str,
    raw: &str,
    now: DateTime<Utc>,
) -> Result<SettingChange, AppError> {
    by.check()?;
    let Some(setting) = Setting::parse(key) else {
        let known: Vec<&str> = Setting::ALL.iter().map(|s| s.key()).collect();
        return Err(AppError::bad_request(crate::msg!(
            "admin-no-such-setting",
            key = key.trim(),
            known = known.join(", ")
        )));
    };
    let after = setting.validate(raw).map_err(|m| {
        let mut errors = FieldErrors::default();
        errors.add(setting.key(), m);
        AppError::validation(errors)
    })?;
    db::write_tx(conn, |c| {
        let before = setting.current(c)?;
        if before != after {
            orgs::set_setting(c, setting.key(), &after.to_string())?;
            audit::insert(
                c,
                audit::NewAuditEvent {
                    episode_id: None,
                    actor_id: by.id(),
                    actor_name: by.name(),
                    at: to_db(now),
                    action: "setting_changed",
                    entity: "setting",
                    entity_id: None,
                    before: Some(json!({ setting.key(): before })),
                    after: Some(json!({ setting.key(): after })),
                },
            )?;
        }
        Ok(SettingChange {
            setting,
            before,
            after,
        })
    })
}

fn audit_change(
    conn: &mut DbConn,
    by: &By,
    now: DateTime<Utc>,
    action: &str,
    (entity, id): (&str, i64),
    before: serde_json::Value,
    after: serde_json::Value,
) -> Result<(), AppError> {
    audit::insert(
        conn,
        audit::NewAuditEvent {
            episode_id: None,
            actor_id: by.id(),
            actor_name: by.name(),
            at: to_db(now),
            action,
            entity,
            entity_id: Some(id),
            before: Some(before),
            after: Some(after),
        },
    )?;
    Ok(())
}

fn find_force(conn: &mut DbConn, code: &str) -> Result<orgs::Force, AppError> {
    orgs::force_by_code(conn, &code.trim().to_ascii_uppercase())?.ok_or_else(AppError::not_found)
}

fn find_site(conn: &mut DbConn, code: &str) -> Result<orgs::Site, AppError> {
    orgs::site_by_code(conn, &code.trim().to_ascii_uppercase())?.ok_or_else(AppError::not_found)
}

/// A default language as a form or the command line gives it: "en", "cy",
/// or "none" (no default: each browser decides). `None` keeps what is set.
fn default_language(
    errors: &mut FieldErrors,
    raw: Option<&str>,
    current: Option<&str>,
) -> Option<String> {
    let Some(raw) = raw else {
        return current.map(str::to_string);
    };
    match raw.trim() {
        "none" => None,
        code => match Lang::parse(code) {
            Some(l) => Some(l.code().to_string()),
            None => {
                errors.add("language", "admin-choose-language");
                current.map(str::to_string)
            }
        },
    }
}

/// Renames a force (its code, used by integrations, stays) and sets the
/// language its officers see until they choose (`language`: "en", "cy",
/// "none"; `None` leaves it as it is).
pub fn edit_force(
    conn: &mut DbConn,
    by: &By,
    code: &str,
    name: &str,
    language: Option<&str>,
    now: DateTime<Utc>,
) -> Result<orgs::Force, AppError> {
    by.check()?;
    let force = find_force(conn, code)?;
    let mut errors = FieldErrors::default();
    let name = required_text(
        &mut errors,
        "name",
        name,
        100,
        "admin-site-name",
        "admin-enter-name",
    );
    let language = default_language(&mut errors, language, force.language.as_deref());
    errors.into_result()?;
    db::write_tx(conn, |c| {
        orgs::update_force(c, force.id, &name)?;
        if language != force.language {
            orgs::set_force_language(c, force.id, language.as_deref())?;
        }
        audit_change(
            c,
            by,
            now,
            "force_changed",
            ("force", force.id),
            json!({"code": force.code, "name": force.name, "language": force.language}),
            json!({"code": force.code, "name": name, "language": language}),
        )?;
        Ok(orgs::force_by_id(c, force.id)?)
    })
}

/// Retires a force (`retired`) or brings it back. A retired force is not
/// offered for new accounts; its officers, cases and figures stay.
pub fn set_force_retired(
    conn: &mut DbConn,
    by: &By,
    code: &str,
    retired: bool,
    now: DateTime<Utc>,
) -> Result<orgs::Force, AppError> {
    by.check()?;
    let force = find_force(conn, code)?;
    db::write_tx(conn, |c| {
        orgs::set_force_retired(c, force.id, retired.then(|| to_db(now)))?;
        audit_change(
            c,
            by,
            now,
            if retired {
                "force_retired"
            } else {
                "force_reopened"
            },
            ("force", force.id),
            json!({"code": force.code, "retired": force.retired_at.is_some()}),
            json!({"code": force.code, "retired": retired}),
        )?;
        Ok(orgs::force_by_id(c, force.id)?)
    })
}

/// Changes a place of safety's name, kind or trust (its code stays), and
/// the language its staff and email contacts get until they choose
/// (`language` as for [`edit_force`]).
#[allow(clippy::too_many_arguments)]
pub fn edit_site(
    conn: &mut DbConn,
    by: &By,
    code: &str,
    name: &str,
    kind: &str,
    trust: &str,
    language: Option<&str>,
    now: DateTime<Utc>,
) -> Result<orgs::Site, AppError> {
    by.check()?;
    let site = find_site(conn, code)?;
    let mut errors = FieldErrors::default();
    let name = required_text(
        &mut errors,
        "name",
        name,
        100,
        "admin-site-name",
        "admin-enter-name",
    );
    let kind = SiteKind::parse(kind.trim());
    if kind.is_none() {
        errors.add("kind", "admin-choose-kind");
    }
    let trust = required_text(
        &mut errors,
        "trust",
        trust,
        150,
        "admin-site-trust",
        "admin-enter-trust",
    );
    let language = default_language(&mut errors, language, site.language.as_deref());
    errors.into_result()?;
    let kind = kind.unwrap_or_else(|| unreachable!("checked above"));
    db::write_tx(conn, |c| {
        orgs::update_site(c, site.id, &name, kind.code(), &trust)?;
        if language != site.language {
            orgs::set_site_language(c, site.id, language.as_deref())?;
        }
        audit_change(
            c,
            by,
            now,
            "site_changed",
            ("site", site.id),
            json!({"code": site.code, "name": site.name, "kind": site.kind, "trust": site.trust, "language": site.language}),
            json!({"code": site.code, "name": name, "kind": kind.code(), "trust": trust, "language": language}),
        )?;
        Ok(orgs::site_by_id(c, site.id)?)
    })
}

/// Retires a place of safety (`retired`) or brings it back. A retired site
/// is not offered for new arrivals, transfers or accounts; people already
/// there stay on its board until they leave, and its figures stay in reports.
pub fn set_site_retired(
    conn: &mut DbConn,
    by: &By,
    code: &str,
    retired: bool,
    now: DateTime<Utc>,
) -> Result<orgs::Site, AppError> {
    by.check()?;
    let site = find_site(conn, code)?;
    db::write_tx(conn, |c| {
        orgs::set_site_retired(c, site.id, retired.then(|| to_db(now)))?;
        audit_change(
            c,
            by,
            now,
            if retired {
                "site_retired"
            } else {
                "site_reopened"
            },
            ("site", site.id),
            json!({"code": site.code, "retired": site.retired_at.is_some()}),
            json!({"code": site.code, "retired": retired}),
        )?;
        Ok(orgs::site_by_id(c, site.id)?)
    })
}
