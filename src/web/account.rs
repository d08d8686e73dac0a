//! The signed-in user's own account: changing their password (also the only
//! page open to someone whose password was generated).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::layout::Layout;
use super::session::{CurrentUser, SESSION_COOKIE, cookie};
use super::{render, with_db};
use crate::domain::account;
use crate::domain::lang::Msg;
use crate::domain::types::PASSWORD_MIN_CHARS;
use crate::error::{AppError, ErrorKind, FieldErrors};
use crate::http::AppState;

pub const CHANGE_PASSWORD_PATH: &str = "/account/password";

#[derive(Template)]
#[template(path = "account_password.html")]
pub struct PasswordPage {
    l: Layout,
    errors: FieldErrors,
    must_change: bool,
    notice: Option<Msg>,
    hint: Msg,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ChangeForm {
    csrf_token: String,
    current_password: String,
    new_password: String,
    confirm_password: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Changed {
    changed: String,
}

fn page(
    user: &CurrentUser,
    errors: FieldErrors,
    notice: Option<Msg>,
    status: StatusCode,
) -> HttpResponse {
    render(
        status,
        &PasswordPage {
            l: Layout::new("account-password-title", user, CHANGE_PASSWORD_PATH),
            errors,
            must_change: user.must_change_password,
            notice,
            hint: crate::msg!("account-password-hint", n = PASSWORD_MIN_CHARS),
        },
    )
}

pub async fn show(user: CurrentUser, q: web::Query<Changed>) -> HttpResponse {
    let notice = (q.changed == "1").then(|| Msg::new("account-password-changed"));
    page(&user, FieldErrors::default(), notice, StatusCode::OK)
}

pub async fn submit(
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<ChangeForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    let (actor, now) = (user.actor.clone(), state.now());
    let r = with_db(&state, move |c| {
        account::change_password(
            c,
            &actor,
            &f.current_password,
            &f.new_password,
            &f.confirm_password,
            now,
        )
    })
    .await;
    match r {
        Ok(changed) => {
            let mut resp = super::see_other(&format!("{CHANGE_PASSWORD_PATH}?changed=1"));
            let _ = resp.add_cookie(&cookie(
                SESSION_COOKIE,
                changed.session_token,
                state.secure_cookies,
                None,
            ));
            Ok(resp)
        }
        // No password typed is sent back into the form.
        Err(e) if e.kind == ErrorKind::ValidationFailed => Ok(page(
            &user,
            e.fields,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        Err(e) => Err(e),
    }
}
