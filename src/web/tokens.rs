//! API tokens: everyone creates and revokes their own; administrators may
//! also revoke anyone's. Only the server operator (CLI) creates one for another account.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::layout::Layout;
use super::session::CurrentUser;
use super::{render, with_db};
use crate::domain::lang::Msg;
use crate::domain::notify::when;
use crate::domain::rules::Role;
use crate::domain::time::from_db;
use crate::domain::tokens;
use crate::error::{AppError, ErrorKind, FieldErrors};
use crate::http::AppState;

pub struct TokenRow {
    pub id: i64,
    pub owner: String,
    pub label: String,
    pub created: String,
    pub last_used: String,
    pub live: bool,
}

#[derive(Template)]
#[template(path = "tokens.html")]
pub struct TokensPage {
    l: Layout,
    errors: FieldErrors,
    rows: Vec<TokenRow>,
    is_admin: bool,
    label_value: String,
    /// A new token, shown once.
    created: Option<String>,
    notice: Option<Msg>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CreateForm {
    csrf_token: String,
    username: String,
    label: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RevokeForm {
    csrf_token: String,
}

struct Outcome {
    errors: FieldErrors,
    label: String,
    created: Option<String>,
    notice: Option<Msg>,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    o: Outcome,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (actor, lang) = (user.actor.clone(), user.reader.lang);
    let long = |t| when(lang, t);
    let list = with_db(state, move |c| tokens::list(c, Some(&actor))).await?;
    let rows = list
        .into_iter()
        .map(|(t, owner)| TokenRow {
            id: t.id,
            owner,
            label: t.label,
            created: long(from_db(t.created_at)),
            last_used: t
                .last_used_at
                .map(|x| long(from_db(x)))
                .unwrap_or_else(|| crate::i18n::text(lang, "token-never")),
            live: t.revoked_at.is_none(),
        })
        .collect();
    Ok(render(
        status,
        &TokensPage {
            l: Layout::new("nav-tokens", user, "/tokens"),
            errors: o.errors,
            rows,
            is_admin: user.actor.role == Role::Admin,
            label_value: o.label,
            created: o.created,
            notice: o.notice,
        },
    ))
}

fn empty() -> Outcome {
    Outcome {
        errors: FieldErrors::default(),
        label: String::new(),
        created: None,
        notice: None,
    }
}

pub async fn show(user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    page(&state, &user, empty(), StatusCode::OK).await
}

pub async fn create(
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<CreateForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    // Tokens are personal: a form naming another account is refused (the
    // domain says why), never quietly turned into a token for oneself.
    let username = if f.username.trim().is_empty() {
        user.actor.username.clone()
    } else {
        f.username.clone()
    };
    let (actor, now, label) = (user.actor.clone(), state.now(), f.label.clone());
    match with_db(&state, move |c| {
        tokens::create(c, Some(&actor), &username, &label, now)
    })
    .await
    {
        Ok((token, _)) => {
            page(
                &state,
                &user,
                Outcome {
                    created: Some(token),
                    ..empty()
                },
                StatusCode::OK,
            )
            .await
        }
        Err(e) if e.kind == ErrorKind::ValidationFailed => {
            page(
                &state,
                &user,
                Outcome {
                    errors: e.fields,
                    label: f.label,
                    ..empty()
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub async fn revoke(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<RevokeForm>,
) -> Result<HttpResponse, AppError> {
    user.check_csrf(&form.csrf_token)?;
    let (actor, now, id) = (user.actor.clone(), state.now(), path.into_inner());
    match with_db(&state, move |c| tokens::revoke(c, Some(&actor), id, now)).await {
        Ok(()) => {
            page(
                &state,
                &user,
                Outcome {
                    notice: Some(crate::msg!("token-revoked", id = id)),
                    ..empty()
                },
                StatusCode::OK,
            )
            .await
        }
        Err(e) if e.kind == ErrorKind::ValidationFailed => Err(AppError::not_found()),
        Err(e) => Err(e),
    }
}
