//! Which language a page is in, and the switch every page links to.
//!
//! The reader's own choice wins (kept on their account once signed in, in a
//! cookie before), then their site's or force's default, then the browser's
//! `Accept-Language`, then English.

use actix_web::cookie::time::Duration as CookieDuration;
use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, web};
use serde::Deserialize;
use std::future::{Ready, ready};

use super::session::{CurrentUser, cookie, read_cookie};
use super::{see_other, with_db};
use crate::domain::lang::Lang;
use crate::error::AppError;
use crate::http::{AppState, state};

pub const LANG_COOKIE: &str = "s136_lang";
pub const SWITCH_PATH: &str = "/language";

/// What a page's frame needs from its request: the reader's language and
/// where the language switch should bring them back to.
#[derive(Debug, Clone, Default)]
pub struct Reader {
    pub lang: Lang,
    /// This page's path and query (for a form's answer: the page it was
    /// sent from, or "/").
    pub here: String,
}

/// The language the signed-in user's session settled on (their choice or
/// their organisation's default); the error pages read it back.
#[derive(Debug, Clone, Copy)]
struct Settled(Lang);

fn secure(req: &HttpRequest) -> bool {
    state(req).map(|s| s.secure_cookies).unwrap_or(false)
}

/// The cookie's choice, else the browser's.
fn before_sign_in(req: &HttpRequest) -> Option<Lang> {
    read_cookie(req, LANG_COOKIE, secure(req))
        .and_then(|c| Lang::parse(&c))
        .or_else(|| {
            req.headers()
                .get("accept-language")
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
}

/// The cookie's value alone: what the reader chose on this browser.
pub fn chosen_here(req: &HttpRequest) -> Option<Lang> {
    read_cookie(req, LANG_COOKIE, secure(req)).and_then(|c| Lang::parse(&c))
}

impl Reader {
    /// For a request whose user (if any) settled on `account`.
    pub fn of(req: &HttpRequest, account: Option<Lang>) -> Self {
        let lang = account
            .or_else(|| req.extensions().get::<Settled>().map(|s| s.0))
            .or_else(|| before_sign_in(req))
            .unwrap_or_default();
        if let Some(l) = account {
            req.extensions_mut().insert(Settled(l));
        }
        Self {
            lang,
            here: here(req),
        }
    }
}

/// A local path to come back to: this GET page, else "/".
fn here(req: &HttpRequest) -> String {
    if *req.method() == Method::GET {
        let pq = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        if local(pq) {
            return pq.to_string();
        }
    }
    "/".to_string()
}

/// A path on this service (not `//host` nor `/\host`, which browsers take
/// as another site).
fn local(p: &str) -> bool {
    p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/\\") && !p.contains(['\r', '\n'])
}

impl FromRequest for Reader {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Reader::of(req, None)))
    }
}

#[derive(Deserialize)]
pub struct Switch {
    #[serde(default)]
    to: String,
    #[serde(default)]
    next: String,
}

/// `GET /language?to=cy&next=/board`: remembers the choice (a cookie; and
/// on the account, if signed in) and goes back to the page. A link, so it
/// works without JavaScript; a request from another site changes nothing.
pub async fn switch(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<Switch>,
) -> Result<HttpResponse, AppError> {
    let next = if local(&q.next) { q.next.as_str() } else { "/" };
    let Some(lang) = Lang::parse(&q.to) else {
        return Ok(see_other(next));
    };
    let foreign = req
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|s| s == "cross-site" || s == "same-site");
    if foreign {
        return Ok(see_other(next));
    }
    if let Ok(user) = CurrentUser::extract(&req).await {
        let id = user.actor.user_id;
        with_db(&state, move |c| {
            crate::domain::account::set_language(c, id, Some(lang))
        })
        .await?;
    }
    let mut resp = see_other(next);
    let _ = resp.add_cookie(&cookie(
        LANG_COOKIE,
        lang.code().to_string(),
        state.secure_cookies,
        Some(CookieDuration::days(365)),
    ));
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::local;

    #[test]
    fn the_switch_goes_back_only_to_our_own_pages() {
        assert!(local("/board?x=1"));
        assert!(!local("//evil.example/"));
        assert!(!local("/\\evil.example"));
        assert!(!local("https://evil.example/"));
        assert!(!local(""));
        assert!(!local("/a\r\nSet-Cookie: x"));
    }
}
