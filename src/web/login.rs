//! Signing in and out.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::lang::{Reader, chosen_here};
use super::layout::Layout;
use super::session::{
    CurrentUser, LOGIN_CSRF_COOKIE, SESSION_COOKIE, cookie, csrf_failed, read_cookie, removal,
};
use super::{render, see_other, with_db};
use crate::domain::account::adopt_language;
use crate::domain::auth::{self, random_token, same_secret};
use crate::domain::lang::Msg;
use crate::error::{AppError, ErrorKind, FieldErrors};
use crate::http::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    l: Layout,
    errors: FieldErrors,
    general: Option<Msg>,
    username: String,
    /// Single sign-on buttons: (name, label).
    providers: Vec<(String, String)>,
}

pub(super) async fn page(
    state: &AppState,
    reader: &Reader,
    username: String,
    errors: FieldErrors,
    general: Option<Msg>,
    status: actix_web::http::StatusCode,
) -> Result<HttpResponse, AppError> {
    let pre_session = random_token(24);
    let (pre, st) = (pre_session.clone(), state.clone());
    let (token, providers) = with_db(&st, move |c| {
        let providers = crate::domain::sso::enabled_providers(c)?
            .into_iter()
            .map(|p| (p.name, p.label))
            .collect();
        Ok((auth::login_form_token(c, &pre)?, providers))
    })
    .await?;
    let mut l = Layout::bare("login-title", reader);
    l.csrf = token;
    let mut resp = render(
        status,
        &LoginPage {
            l,
            errors,
            general,
            username,
            providers,
        },
    );
    let _ = resp.add_cookie(&cookie(
        LOGIN_CSRF_COOKIE,
        pre_session,
        state.secure_cookies,
        None,
    ));
    Ok(resp)
}

pub async fn show(state: web::Data<AppState>, reader: Reader) -> Result<HttpResponse, AppError> {
    page(
        &state,
        &reader,
        String::new(),
        FieldErrors::default(),
        None,
        actix_web::http::StatusCode::OK,
    )
    .await
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf_token: String,
}

pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let pre = read_cookie(&req, LOGIN_CSRF_COOKIE, state.secure_cookies).unwrap_or_default();
    if pre.is_empty() {
        return Err(csrf_failed());
    }
    let expected = with_db(&state, move |c| auth::login_form_token(c, &pre)).await?;
    if !same_secret(&form.csrf_token, &expected) {
        return Err(csrf_failed());
    }
    let ip = super::client_ip::client_ip(&req, &state.trusted_proxies);
    let now = state.now();
    let (username, password) = (form.username.clone(), form.password);
    let result = with_db(&state, move |c| {
        auth::login(c, &username, &password, &ip, now)
    })
    .await;
    let reader = Reader::of(&req, None);
    match result {
        Ok(signed_in) => {
            // A language chosen on this browser before signing in is kept
            // on the account, unless the account has its own.
            if let Some(lang) = chosen_here(&req) {
                let id = signed_in.actor.user_id;
                with_db(&state, move |c| adopt_language(c, id, lang)).await?;
            }
            let mut resp = see_other("/");
            let _ = resp.add_cookie(&cookie(
                SESSION_COOKIE,
                signed_in.token,
                state.secure_cookies,
                None,
            ));
            let _ = resp.add_removal_cookie(&removal(LOGIN_CSRF_COOKIE, state.secure_cookies));
            Ok(resp)
        }
        Err(e) if e.kind == ErrorKind::ValidationFailed => {
            page(
                &state,
                &reader,
                form.username,
                e.fields,
                None,
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) if e.kind == ErrorKind::TooManyRequests => {
            page(
                &state,
                &reader,
                form.username,
                FieldErrors::default(),
                Some(e.message),
                actix_web::http::StatusCode::TOO_MANY_REQUESTS,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct LogoutForm {
    #[serde(default)]
    csrf_token: String,
}

pub async fn logout(
    req: HttpRequest,
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<LogoutForm>,
) -> Result<HttpResponse, AppError> {
    user.check_csrf(&form.csrf_token)?;
    if let Some(token) = read_cookie(&req, SESSION_COOKIE, state.secure_cookies) {
        with_db(&state, move |c| auth::logout(c, &token)).await?;
    }
    let mut resp = see_other("/login");
    let _ = resp.add_removal_cookie(&removal(SESSION_COOKIE, state.secure_cookies));
    Ok(resp)
}
