//! The signed-in user, as an extractor, and CSRF checks.
//!
//! Sessions live in the database (a random token in an HttpOnly, SameSite=Lax
//! cookie; only its hash is stored), so restarts and several instances agree.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use std::future::Future;
use std::pin::Pin;

use crate::domain::auth::{self, Actor, same_secret};
use crate::error::{AppError, ErrorKind};
use crate::http::{state, with_db};

pub const SESSION_COOKIE: &str = "s136_session";
/// The pre-session of the sign-in form: a random value whose keyed hash is
/// the form's token, so a planted cookie and token pair does not pass.
pub const LOGIN_CSRF_COOKIE: &str = "s136_login_csrf";

#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub actor: Actor,
    pub csrf: String,
    pub must_change_password: bool,
    /// Their language, and where this page is.
    pub reader: super::lang::Reader,
}

/// The only pages a user with a generated password may use: changing it and
/// signing out.
fn allowed_before_password_change(path: &str) -> bool {
    path == super::account::CHANGE_PASSWORD_PATH || path == "/logout"
}

impl CurrentUser {
    pub fn check_csrf(&self, submitted: &str) -> Result<(), AppError> {
        if same_secret(submitted, &self.csrf) {
            Ok(())
        } else {
            Err(csrf_failed())
        }
    }
}

pub fn csrf_failed() -> AppError {
    AppError::new(ErrorKind::CsrfFailed, "error-csrf")
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = state(req);
        let token = state
            .as_ref()
            .ok()
            .and_then(|s| read_cookie(req, SESSION_COOKIE, s.secure_cookies));
        let may_skip_change = allowed_before_password_change(req.path());
        let req = req.clone();
        Box::pin(async move {
            let state = state?;
            let token = token.ok_or_else(AppError::unauthorized)?;
            let now = state.now();
            let info = match state.live.session(&token, now) {
                Some(hit) => hit,
                None => {
                    let epoch = state.live.accounts_epoch();
                    let t = token.clone();
                    let info = with_db(&state, move |c| auth::session(c, &t, now))
                        .await?
                        .ok_or_else(AppError::unauthorized)?;
                    state.live.keep_session(&token, epoch, &info);
                    info
                }
            };
            if info.must_change_password && !may_skip_change {
                return Err(AppError::new(
                    ErrorKind::PasswordChangeRequired,
                    "error-change-password-first",
                ));
            }
            Ok(CurrentUser {
                reader: super::lang::Reader::of(&req, info.language),
                actor: info.actor,
                csrf: info.csrf_token,
                must_change_password: info.must_change_password,
            })
        })
    }
}

/// Behind TLS the cookies carry the `__Host-` prefix: the browser then keeps
/// them only if Secure, for this host alone and for every path, so no
/// sibling domain can plant or overwrite one.
pub fn cookie_name(name: &'static str, secure: bool) -> std::borrow::Cow<'static, str> {
    if secure {
        format!("__Host-{name}").into()
    } else {
        name.into()
    }
}

/// The value of our cookie `name` on the request, under its prefixed name
/// when secure.
pub fn read_cookie(req: &HttpRequest, name: &'static str, secure: bool) -> Option<String> {
    req.cookie(&cookie_name(name, secure))
        .map(|c| c.value().to_string())
}

pub fn cookie(
    name: &'static str,
    value: String,
    secure: bool,
    max_age: Option<CookieDuration>,
) -> Cookie<'static> {
    let mut c = Cookie::build(cookie_name(name, secure), value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish();
    if let Some(age) = max_age {
        c.set_max_age(age);
    }
    c
}

pub fn removal(name: &'static str, secure: bool) -> Cookie<'static> {
    let mut c = cookie(name, String::new(), secure, None);
    c.make_removal();
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secure_cookies_carry_the_host_prefix() {
        let c = cookie(SESSION_COOKIE, "v".into(), true, None);
        assert_eq!(c.name(), "__Host-s136_session");
        assert_eq!(
            (c.secure(), c.path(), c.domain()),
            (Some(true), Some("/"), None)
        );
        assert_eq!(c.http_only(), Some(true));
        let plain = cookie(SESSION_COOKIE, "v".into(), false, None);
        assert_eq!(plain.name(), "s136_session");
    }
}
