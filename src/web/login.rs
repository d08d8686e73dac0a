//! Signing in and out.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::layout::Layout;
use super::session::{
    CurrentUser, LOGIN_CSRF_COOKIE, SESSION_COOKIE, cookie, csrf_failed, removal,
};
use super::{render, see_other, with_db};
use crate::domain::auth::{self, random_token, same_secret};
use crate::error::{AppError, ErrorKind, FieldErrors};
use crate::http::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    l: Layout,
    errors: FieldErrors,
    general: Option<String>,
    username: String,
}

fn page(
    state: &AppState,
    username: String,
    errors: FieldErrors,
    general: Option<String>,
    status: actix_web::http::StatusCode,
) -> HttpResponse {
    let token = random_token(24);
    let mut l = Layout::bare("Sign in");
    l.csrf = token.clone();
    let mut resp = render(
        status,
        &LoginPage {
            l,
            errors,
            general,
            username,
        },
    );
    let _ = resp.add_cookie(&cookie(
        LOGIN_CSRF_COOKIE,
        token,
        state.secure_cookies,
        None,
    ));
    resp
}

pub async fn show(state: web::Data<AppState>) -> HttpResponse {
    page(
        &state,
        String::new(),
        FieldErrors::default(),
        None,
        actix_web::http::StatusCode::OK,
    )
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
    let expected = req
        .cookie(LOGIN_CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    if expected.is_empty() || !same_secret(&form.csrf_token, &expected) {
        return Err(csrf_failed());
    }
    let ip = super::client_ip::client_ip(&req, &state.trusted_proxies);
    let now = state.now();
    let (username, password) = (form.username.clone(), form.password);
    let result = with_db(&state, move |c| {
        auth::login(c, &username, &password, &ip, now)
    })
    .await;
    match result {
        Ok(signed_in) => {
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
        Err(e) if e.kind == ErrorKind::ValidationFailed => Ok(page(
            &state,
            form.username,
            e.fields,
            None,
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
        )),
        Err(e) if e.kind == ErrorKind::TooManyRequests => Ok(page(
            &state,
            form.username,
            FieldErrors::default(),
            Some(e.message),
            actix_web::http::StatusCode::TOO_MANY_REQUESTS,
        )),
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
    if let Some(token) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string()) {
        with_db(&state, move |c| auth::logout(c, &token)).await?;
    }
    let mut resp = see_other("/login");
    let _ = resp.add_removal_cookie(&removal(SESSION_COOKIE, state.secure_cookies));
    Ok(resp)
}
