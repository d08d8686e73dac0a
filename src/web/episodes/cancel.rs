//! Cancelling a case logged in error: kept, marked, excluded from figures.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::Feedback;
use crate::domain::episodes::{cancel, find};
use crate::domain::rules::Role;
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
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
    fb: Feedback,
) -> Result<HttpResponse, AppError> {
    let actor = user.actor.clone();
    let episode = with_db(state, move |c| find(c, &actor, &reference)).await?;
    let status = fb.status();
    Ok(render(
        status,
        &CancelPage {
            l: Layout::new(format!("Cancel case {}", episode.reference), user, ""),
            errors: fb.errors,
            general: fb.problem,
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
        Feedback::default(),
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
    let (actor, now, r, reason) = (
        user.actor.clone(),
        state.now(),
        reference.clone(),
        f.reason.clone(),
    );
    let result = with_db(&state, move |c| cancel(c, &actor, &r, Some(&reason), now)).await;
    match Feedback::from_result(result)? {
        None => Ok(see_other(&format!("/episodes/{reference}"))),
        Some(fb) => page(&state, &user, reference, f, fb).await,
    }
}
