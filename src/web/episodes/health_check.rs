//! A health professional's check of a person held at a police station
//! (SI 2017/1036 reg 4), recorded by an officer of the force or health staff there.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{Feedback, needs_fold, parse_when};
use crate::domain::rules::Role;
use crate::domain::safeguards::{HealthCheckInput, record_health_check};
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, see_other, with_db};

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CheckForm {
    pub csrf_token: String,
    pub when: String,
    pub checked_at: String,
    pub checked_at_fold: String,
    pub checked_by_name: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "health_check.html")]
pub struct CheckPage {
    l: Layout,
    errors: FieldErrors,
    general: Option<String>,
    f: CheckForm,
    reference: String,
    fold: bool,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    reference: String,
    f: CheckForm,
    errors: FieldErrors,
    general: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (actor, r) = (user.actor.clone(), reference.clone());
    let episode = with_db(state, move |c| crate::domain::episodes::find(c, &actor, &r)).await?;
    Ok(render(
        status,
        &CheckPage {
            l: Layout::new(format!("Health check: {}", episode.reference), user, ""),
            fold: needs_fold(&errors, "checked_at"),
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
        .require(&[Role::Officer, Role::Health], "record a health check")?;
    let f = CheckForm {
        when: "now".into(),
        checked_by_name: if user.actor.role == Role::Health {
            user.actor.display_name.clone()
        } else {
            String::new()
        },
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
    form: web::Form<CheckForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    let reference = path.into_inner();
    let mut errors = FieldErrors::default();
    let checked_at = parse_when(
        &f.when,
        &f.checked_at,
        &f.checked_at_fold,
        "checked_at",
        "time of the check",
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
    let input = HealthCheckInput {
        checked_at,
        checked_by_name: Some(f.checked_by_name.clone()),
        note: Some(f.note.clone()),
    };
    let now = state.now();
    let (actor, r) = (user.actor.clone(), reference.clone());
    let result = with_db(&state, move |c| {
        record_health_check(c, &actor, &r, &input, now)
    })
    .await;
    match Feedback::from_result(result)? {
        None => Ok(see_other(&format!("/episodes/{reference}"))),
        Some(fb) => {
            let status = fb.status();
            page(&state, &user, reference, f, fb.errors, fb.problem, status).await
        }
    }
}
