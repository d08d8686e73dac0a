//! Single sign-on with OpenID Connect: the authorization code flow with PKCE,
//! a nonce and a state bound to the browser's pre-session, and the ID token
//! checked (issuer, audience, expiry, nonce, signature against the provider's
//! published keys) by the `openidconnect` crate.
//!
//! The provider's discovery document and keys are fetched at each step, not
//! cached: sign-ins are few, and a rotated key is picked up at once. HTTP
//! calls are blocking (run them off the async threads) and never follow
//! redirects (the crate's advice against request forgery).

use chrono::{DateTime, Duration, Utc};
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use serde_json::json;

use super::admin::{self, By, NewUserInput};
use super::auth::{Actor, open_session, random_token, same_secret, token_hash};
use super::lang::Msg;
use super::rules::Role;
use super::time::to_db;
use crate::db::{self, DbConn, audit, orgs, sso, users};
use crate::error::{AppError, ErrorKind, FieldErrors};

/// A sign-in must come back from the provider within this.
pub const LOGIN_TTL: Duration = Duration::minutes(10);

/// The ID token claim matched against usernames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    Email,
    PreferredUsername,
}

impl Claim {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "email" => Some(Self::Email),
            "preferred_username" => Some(Self::PreferredUsername),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::PreferredUsername => "preferred_username",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct NewProviderInput {
    pub name: String,
    pub label: String,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub claim: String,
    pub create_users: bool,
    pub role: String,
    pub force_code: String,
    pub site_code: String,
}

/// An issuer must be https, except on this machine (a provider run for tests
/// or development).
fn parse_issuer(raw: &str) -> Result<IssuerUrl, Msg> {
    let raw = raw.trim().trim_end_matches('/');
    let url = openidconnect::url::Url::parse(raw).map_err(|_| Msg::new("sso-issuer-enter"))?;
    let local = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    if url.scheme() != "https" && !(url.scheme() == "http" && local) {
        return Err("sso-issuer-https".into());
    }
    IssuerUrl::new(raw.to_string())
        .map_err(|e| crate::msg!("sso-issuer-invalid", detail = e.to_string()))
}

/// Adds a provider. Its client secret is stored as given (it has to be sent
/// to the provider, so it cannot be hashed): the database and its backups
/// must be protected like it. It is never shown again.
pub fn add_provider(
    conn: &mut DbConn,
    by: &By,
    input: &NewProviderInput,
    now: DateTime<Utc>,
) -> Result<sso::Provider, AppError> {
    by.check()?;
    let mut errors = FieldErrors::default();
    let name = input.name.trim().to_ascii_lowercase();
    if name.is_empty()
        || name.len() > 40
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        errors.add("name", "sso-name-enter");
    } else if sso::by_name(conn, &name)?.is_some() {
        errors.add("name", crate::msg!("sso-name-taken", name = name.as_str()));
    }
    let label = match input.label.trim() {
        "" => name.clone(),
        l if l.chars().count() > 60 => {
            errors.add("label", "sso-label-long");
            String::new()
        }
        l => l.to_string(),
    };
    let issuer = parse_issuer(&input.issuer)
        .map_err(|m| errors.add("issuer", m))
        .ok();
    let client_id = input.client_id.trim();
    if client_id.is_empty() {
        errors.add("client_id", "sso-client-id");
    }
    let claim = Claim::parse(&input.claim);
    if claim.is_none() {
        errors.add("claim", "sso-claim");
    }
    let (mut role, mut force_id, mut site_id) = (None, None, None);
    if input.create_users {
        match Role::parse(input.role.trim()) {
            Some(r @ (Role::Health | Role::Manager)) => role = Some(r),
            Some(Role::Officer) => errors.add("role", "sso-role-officer"),
            Some(Role::Admin) => errors.add("role", "sso-role-admin"),
            None => errors.add("role", "sso-role-choose"),
        }
        let force_code = input.force_code.trim().to_ascii_uppercase();
        let site_code = input.site_code.trim().to_ascii_uppercase();
        if !force_code.is_empty() {
            match orgs::force_by_code(conn, &force_code)? {
                Some(f) => force_id = Some(f.id),
                None => errors.add("force", "sso-force-code"),
            }
        }
        if !site_code.is_empty() {
            match orgs::site_by_code(conn, &site_code)? {
                Some(s) => site_id = Some(s.id),
                None => errors.add("site", "sso-site-code"),
            }
        }
        match role {
            Some(Role::Health) if site_code.is_empty() => errors.add("site", "sso-health-site"),
            Some(Role::Health) if !force_code.is_empty() => {
                errors.add("force", "sso-health-no-force")
            }
            Some(Role::Manager) if !force_code.is_empty() && !site_code.is_empty() => {
                errors.add("site", "admin-manager-one-scope")
            }
            _ => {}
        }
    }
    errors.into_result()?;
    let (Some(issuer), Some(claim)) = (issuer, claim) else {
        unreachable!("checked above")
    };
    db::write_tx(conn, |c| {
        let p = sso::insert(
            c,
            &sso::NewProvider {
                name: &name,
                label: &label,
                issuer: issuer.as_str(),
                client_id,
                client_secret: &input.client_secret,
                claim: claim.code(),
                create_users: input.create_users,
                role: role.map(Role::code),
                force_id,
                site_id,
                created_at: to_db(now),
            },
        )?;
        audit_provider(c, by, now, "sso_provider_added", &p)?;
        Ok(p)
    })
}

fn audit_provider(
    conn: &mut DbConn,
    by: &By,
    now: DateTime<Utc>,
    action: &str,
    p: &sso::Provider,
) -> Result<(), AppError> {
    // Never the secret.
    audit::insert(
        conn,
        audit::NewAuditEvent {
            episode_id: None,
            actor_id: by.id(),
            actor_name: by.name(),
            at: to_db(now),
            action,
            entity: "sso_provider",
            entity_id: Some(p.id),
            before: None,
            after: Some(json!({
                "name": p.name, "issuer": p.issuer, "client_id": p.client_id,
                "claim": p.claim, "create_users": p.create_users, "role": p.role,
                "force_id": p.force_id, "site_id": p.site_id, "enabled": p.enabled,
            })),
        },
    )?;
    Ok(())
}

pub fn remove_provider(
    conn: &mut DbConn,
    by: &By,
    name: &str,
    now: DateTime<Utc>,
) -> Result<sso::Provider, AppError> {
    by.check()?;
    let p = sso::by_name(conn, name.trim())?.ok_or_else(AppError::not_found)?;
    db::write_tx(conn, |c| {
        sso::delete(c, p.id)?;
        audit_provider(c, by, now, "sso_provider_removed", &p)?;
        Ok(p.clone())
    })
}

/// Enabled providers, for the sign-in page's buttons.
pub fn enabled_providers(conn: &mut DbConn) -> Result<Vec<sso::Provider>, AppError> {
    Ok(sso::list(conn)?.into_iter().filter(|p| p.enabled).collect())
}

fn refused(message: impl Into<crate::domain::lang::Msg>) -> AppError {
    AppError::new(ErrorKind::Forbidden, message)
}

fn provider_failed(e: impl std::fmt::Display) -> AppError {
    AppError {
        cause: Some(anyhow::anyhow!("single sign-on provider: {e}")),
        ..AppError::new(ErrorKind::Unavailable, "sso-unreachable")
    }
}

fn http_client() -> openidconnect::ureq::Agent {
    openidconnect::ureq::AgentBuilder::new()
        .redirects(0)
        .timeout(std::time::Duration::from_secs(10))
        .build()
}

type Client = openidconnect::core::CoreClient<
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

/// Fetches the provider's discovery document and keys (blocking).
fn client(p: &sso::Provider, redirect: &str) -> Result<Client, AppError> {
    let issuer = IssuerUrl::new(p.issuer.clone()).map_err(provider_failed)?;
    let meta = CoreProviderMetadata::discover(&issuer, &http_client()).map_err(provider_failed)?;
    let secret = (!p.client_secret.is_empty()).then(|| ClientSecret::new(p.client_secret.clone()));
    Ok(
        CoreClient::from_provider_metadata(meta, ClientId::new(p.client_id.clone()), secret)
            .set_redirect_uri(RedirectUrl::new(redirect.to_string()).map_err(AppError::internal)?),
    )
}

/// What a sign-in at the provider must come back with; kept in the database.
pub struct Started {
    pub authorize_url: String,
    pub state: String,
    pub pkce_verifier: String,
    pub nonce: String,
}

/// Builds the provider's authorization URL (blocking: it fetches discovery).
pub fn authorization(p: &sso::Provider, redirect: &str) -> Result<Started, AppError> {
    let client = client(p, redirect)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut req = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge);
    if p.claim == Claim::Email.code() {
        req = req.add_scope(Scope::new("email".into()));
    }
    let (url, state, nonce) = req.url();
    Ok(Started {
        authorize_url: url.to_string(),
        state: state.secret().clone(),
        pkce_verifier: verifier.secret().clone(),
        nonce: nonce.secret().clone(),
    })
}

/// Records a started sign-in, bound to the browser's pre-session.
pub fn record_start(
    conn: &mut DbConn,
    p: &sso::Provider,
    started: &Started,
    pre_session: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    db::write_tx(conn, |c| {
        sso::delete_logins_before(c, to_db(now - LOGIN_TTL))?;
        sso::insert_login(
            c,
            &token_hash(&started.state),
            &token_hash(pre_session),
            p.id,
            &started.pkce_verifier,
            &started.nonce,
            to_db(now),
        )?;
        Ok(())
    })
}

/// The provider and the started sign-in a callback belongs to, checked:
/// known state, used once, same browser (pre-session), same provider, in time.
pub fn take_start(
    conn: &mut DbConn,
    provider_name: &str,
    state: &str,
    pre_session: &str,
    now: DateTime<Utc>,
) -> Result<(sso::Provider, sso::Login), AppError> {
    let expired = || refused("sso-expired");
    let login =
        db::write_tx(conn, |c| Ok(sso::take_login(c, &token_hash(state))?))?.ok_or_else(expired)?;
    if pre_session.is_empty() || !same_secret(&login.pre_session_hash, &token_hash(pre_session)) {
        return Err(expired());
    }
    if login.created_at < to_db(now - LOGIN_TTL) {
        return Err(expired());
    }
    let p = sso::by_name(conn, provider_name)?
        .filter(|p| p.id == login.provider_id && p.enabled)
        .ok_or_else(expired)?;
    Ok((p, login))
}

/// Exchanges the code (with the PKCE verifier) and validates the ID token
/// (blocking). Returns the configured claim's value, lowercased.
pub fn verified_identity(
    p: &sso::Provider,
    login: &sso::Login,
    code: &str,
    redirect: &str,
) -> Result<String, AppError> {
    let client = client(p, redirect)?;
    let token = client
        .exchange_code(AuthorizationCode::new(code.to_string()))
        .map_err(provider_failed)?
        .set_pkce_verifier(PkceCodeVerifier::new(login.pkce_verifier.clone()))
        .request(&http_client())
        .map_err(provider_failed)?;
    let id_token = token
        .id_token()
        .ok_or_else(|| provider_failed("no ID token in the token response"))?;
    let claims = id_token
        .claims(
            &client.id_token_verifier(),
            &Nonce::new(login.nonce.clone()),
        )
        .map_err(|e| AppError {
            cause: Some(anyhow::anyhow!("ID token refused: {e}")),
            ..refused("sso-untrusted")
        })?;
    let value = match Claim::parse(&p.claim) {
        Some(Claim::Email) => {
            if claims.email_verified() == Some(false) {
                return Err(refused("sso-email-unverified"));
            }
            claims.email().map(|e| e.as_str().to_string())
        }
        Some(Claim::PreferredUsername) => {
            claims.preferred_username().map(|u| u.as_str().to_string())
        }
        None => None,
    };
    value
        .map(|v| v.trim().to_ascii_lowercase())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            refused(Msg::new(match Claim::parse(&p.claim) {
                Some(Claim::Email) => "sso-no-claim-email",
                _ => "sso-no-claim-username",
            }))
        })
}

/// Signs in the account the identity names: an enabled account with that
/// username, or a new one when the provider makes accounts. Returns the
/// session cookie value and who it is.
pub fn sign_in(
    conn: &mut DbConn,
    p: &sso::Provider,
    identity: &str,
    now: DateTime<Utc>,
) -> Result<(String, Actor), AppError> {
    let no_account = || refused(crate::msg!("sso-no-account", identity = identity));
    let user = match users::by_username(conn, identity)? {
        Some(u) => u,
        None if p.create_users => create_user(conn, p, identity, now)?,
        None => return Err(no_account()),
    };
    if !user.active {
        return Err(refused("sso-disabled"));
    }
    let actor = Actor::from_user(&user).ok_or_else(no_account)?;
    let token = db::write_tx(conn, |c| {
        let token = open_session(c, user.id, now)?;
        audit::insert(
            c,
            audit::NewAuditEvent {
                episode_id: None,
                actor_id: Some(user.id),
                actor_name: &user.display_name,
                at: to_db(now),
                action: "sso_signed_in",
                entity: "user",
                entity_id: Some(user.id),
                before: None,
                after: Some(json!({"provider": p.name})),
            },
        )?;
        Ok(token)
    })?;
    Ok((token, actor))
}

fn create_user(
    conn: &mut DbConn,
    p: &sso::Provider,
    identity: &str,
    now: DateTime<Utc>,
) -> Result<users::User, AppError> {
    let code = |id: Option<i64>, site: bool, c: &mut DbConn| -> Result<String, AppError> {
        Ok(match (id, site) {
            (None, _) => String::new(),
            (Some(i), true) => orgs::site_by_id(c, i)?.code,
            (Some(i), false) => orgs::force_by_id(c, i)?.code,
        })
    };
    let input = NewUserInput {
        username: identity.to_string(),
        display_name: identity.to_string(),
        role: p.role.clone().unwrap_or_default(),
        force_code: code(p.force_id, false, conn)?,
        site_code: code(p.site_id, true, conn)?,
        // A password no one knows: this account signs in through the provider
        // (an admin can set one later for a break-glass sign-in).
        password: random_token(32),
        ..Default::default()
    };
    let by = By::Sso(&p.name);
    admin::add_user(conn, &by, &input, now).map_err(|e| {
        if e.kind == ErrorKind::ValidationFailed {
            AppError {
                // The fields' messages may name the person: not logged.
                cause: Some(anyhow::anyhow!("making an account by sign-in was refused")),
                ..refused(crate::msg!("sso-not-made", identity = identity))
            }
        } else {
            e
        }
    })
}
