//! Cancelling a case logged in error: kept, marked, excluded from figures.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::domain::episodes::cancel;
use crate::domain::rules::Role;
use crate::error::{AppError, ErrorKind, FieldErrors};
use crate::startup::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, see_other, with_db};

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CancelForm {
    pub csrf_token: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "cancel.html")]
pub struct CancelPage {
    l: Layout,
    errors: FieldErrors,
    general: Option<String>,
    f: CancelForm,
    reference: String,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    reference: String,
    f: CancelForm,
    errors: FieldErrors,
    general: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (actor, r) = (user.actor.clone(), reference.clone());
    let episode = with_db(state, move |c| crate::domain::episodes::find(c, &actor, &r)).await?;
    Ok(render(
        status,
        &CancelPage {
            l: Layout::new(format!("Cancel case {}", episode.reference), user, ""),
            errors,
            general,
            f,
            reference: episode.reference,
        },
    ))
}

pub async fn show(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    user.actor.require(
        &[Role::Officer, Role::Manager, Role::Admin],
        "cancel a case",
    )?;
    page(
        &state,
        &user,
        path.into_inner(),
        CancelForm::default(),
        FieldErrors::default(),
        None,
        StatusCode::OK,
    )
    .await
}

pub async fn submit(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<CancelForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    let reference = path.into_inner();
    let now = state.now();
    let (actor, r, reason) = (user.actor.clone(), reference.clone(), f.reason.clone());
    match with_db(&state, move |c| cancel(c, &actor, &r, Some(&reason), now)).await {
        Ok(()) => Ok(see_other(&format!("/episodes/{reference}"))),
        Err(e) if e.kind == ErrorKind::ValidationFailed => {
            page(
                &state,
                &user,
                reference,
                f,
                e.fields,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) if e.kind == ErrorKind::Conflict => {
            page(
                &state,
                &user,
                reference,
                f,
                FieldErrors::default(),
                Some(e.message),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(e),
    }
}
