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
/// Double-submit token for the sign-in form, before there is a session.
pub const LOGIN_CSRF_COOKIE: &str = "s136_login_csrf";

#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub actor: Actor,
    pub csrf: String,
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
    AppError::new(
        ErrorKind::CsrfFailed,
        "This form has expired or did not come from this service, so nothing was saved. Go back, reload the page and try again.",
    )
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string());
        let state = state(req);
        Box::pin(async move {
            let state = state?;
            let token = token.ok_or_else(AppError::unauthorized)?;
            let now = state.now();
            let info = with_db(&state, move |c| auth::session(c, &token, now)).await?;
            let info = info.ok_or_else(AppError::unauthorized)?;
            Ok(CurrentUser {
                actor: info.actor,
                csrf: info.csrf_token,
            })
        })
    }
}

pub fn cookie(
    name: &'static str,
    value: String,
    secure: bool,
    max_age: Option<CookieDuration>,
) -> Cookie<'static> {
    let mut c = Cookie::build(name, value)
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
