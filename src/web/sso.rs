//! Single sign-on: the button's start (to the provider) and its callback.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::session::{LOGIN_CSRF_COOKIE, SESSION_COOKIE, cookie, read_cookie, removal};
use super::{see_other, with_db};
use crate::db::sso as providers;
use crate::domain::auth::random_token;
use crate::domain::sso;
use crate::error::{AppError, ErrorKind, FieldErrors};
use crate::http::AppState;

/// Where the provider sends the browser back: under `S136_PUBLIC_URL` when
/// set (the address users type, behind a proxy), else this request's own.
/// Register this address at the provider.
fn redirect_uri(req: &HttpRequest, name: &str) -> String {
    let base = std::env::var("S136_PUBLIC_URL")
        .ok()
        .filter(|b| !b.trim().is_empty())
        .unwrap_or_else(|| {
            let ci = req.connection_info();
            format!("{}://{}", ci.scheme(), ci.host())
        });
    format!("{}/sso/{name}/callback", base.trim_end_matches('/'))
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    web::block(f).await.map_err(AppError::internal)?
}

/// A link, not a form: the page's `form-action 'self'` would stop a form
/// whose answer redirects to the provider. It needs no CSRF token: the state
/// it makes is bound to this browser's pre-session, so a sign-in started by
/// another site can only end in this browser as the person it authenticates.
pub async fn start(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let existing = read_cookie(&req, LOGIN_CSRF_COOKIE, state.secure_cookies);
    let pre = existing
        .clone()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| random_token(24));
    let name = path.into_inner();
    let provider = with_db(&state, move |c| {
        providers::by_name(c, &name)?
            .filter(|p| p.enabled)
            .ok_or_else(AppError::not_found)
    })
    .await?;
    let redirect = redirect_uri(&req, &provider.name);
    let p = provider.clone();
    let started = match blocking(move || sso::authorization(&p, &redirect)).await {
        Ok(s) => s,
        Err(e) => return refused(&state, &req, e).await,
    };
    let now = state.now();
    let url = started.authorize_url.clone();
    let p2 = pre.clone();
    with_db(&state, move |c| {
        sso::record_start(c, &provider, &started, &p2, now)
    })
    .await?;
    let mut resp = see_other(&url);
    if existing.as_deref() != Some(pre.as_str()) {
        let _ = resp.add_cookie(&cookie(LOGIN_CSRF_COOKIE, pre, state.secure_cookies, None));
    }
    Ok(resp)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CallbackQuery {
    code: String,
    state: String,
    error: String,
}

/// A refused or failed sign-in: the sign-in page again, saying why.
async fn refused(
    state: &AppState,
    req: &HttpRequest,
    e: AppError,
) -> Result<HttpResponse, AppError> {
    let status = match e.kind {
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::Unavailable => StatusCode::BAD_GATEWAY,
        _ => return Err(e),
    };
    e.log();
    super::login::page(
        state,
        &super::lang::Reader::of(req, None),
        String::new(),
        FieldErrors::default(),
        Some(e.message),
        status,
    )
    .await
}

pub async fn callback(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    q: web::Query<CallbackQuery>,
) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    if !q.error.is_empty() {
        return refused(&state, &req, AppError::forbidden("sso-not-signed-in")).await;
    }
    let name = path.into_inner();
    let pre = read_cookie(&req, LOGIN_CSRF_COOKIE, state.secure_cookies).unwrap_or_default();
    let redirect = redirect_uri(&req, &name);
    let now = state.now();
    let result = async {
        let st = q.state.clone();
        let (provider, login) =
            with_db(&state, move |c| sso::take_start(c, &name, &st, &pre, now)).await?;
        let p = provider.clone();
        let code = q.code.clone();
        let identity =
            blocking(move || sso::verified_identity(&p, &login, &code, &redirect)).await?;
        with_db(&state, move |c| sso::sign_in(c, &provider, &identity, now)).await
    }
    .await;
    match result {
        Ok((token, _actor)) => {
            let mut resp = see_other("/");
            let _ = resp.add_cookie(&cookie(SESSION_COOKIE, token, state.secure_cookies, None));
            let _ = resp.add_removal_cookie(&removal(LOGIN_CSRF_COOKIE, state.secure_cookies));
            Ok(resp)
        }
        Err(e) => refused(&state, &req, e).await,
    }
}
