//! Officers record when police left the place of safety.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{needs_fold, parse_when};
use crate::domain::episodes::record_police_left;
use crate::domain::rules::Role;
use crate::error::{AppError, ErrorKind, FieldErrors};
use crate::startup::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, see_other, with_db};

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct PoliceLeftForm {
    pub csrf_token: String,
    pub when: String,
    pub left_at: String,
    pub left_at_fold: String,
}

#[derive(Template)]
#[template(path = "police_left.html")]
pub struct PoliceLeftPage {
    l: Layout,
    errors: FieldErrors,
    general: Option<String>,
    f: PoliceLeftForm,
    reference: String,
    fold: bool,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    reference: String,
    f: PoliceLeftForm,
    errors: FieldErrors,
    general: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (actor, r) = (user.actor.clone(), reference.clone());
    let episode = with_db(state, move |c| crate::domain::episodes::find(c, &actor, &r)).await?;
    Ok(render(
        status,
        &PoliceLeftPage {
            l: Layout::new(format!("Police left: {}", episode.reference), user, ""),
            fold: needs_fold(&errors, "left_at"),
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
    user.actor
        .require(&[Role::Officer], "record that police left")?;
    let f = PoliceLeftForm {
        when: "now".into(),
        ..Default::default()
    };
    page(
        &state,
        &user,
        path.into_inner(),
        f,
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
    form: web::Form<PoliceLeftForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    let reference = path.into_inner();
    let mut errors = FieldErrors::default();
    let at = parse_when(
        &f.when,
        &f.left_at,
        &f.left_at_fold,
        "left_at",
        "time police left",
        &mut errors,
    );
    if !errors.is_empty() {
        return page(
            &state,
            &user,
            reference,
            f,
            errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let now = state.now();
    let (actor, r) = (user.actor.clone(), reference.clone());
    match with_db(&state, move |c| record_police_left(c, &actor, &r, at, now)).await {
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
