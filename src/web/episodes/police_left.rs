//! Officers record when police left the place of safety.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{Feedback, needs_fold, parse_when};
use crate::domain::episodes::{find, record_police_left};
use crate::domain::rules::Role;
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
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
    /// Only when leaving before the handover was accepted.
    pub police_left_reason: String,
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
    fb: Feedback,
) -> Result<HttpResponse, AppError> {
    let actor = user.actor.clone();
    let episode = with_db(state, move |c| find(c, &actor, &reference)).await?;
    let status = fb.status();
    Ok(render(
        status,
        &PoliceLeftPage {
            l: Layout::new(format!("Police left: {}", episode.reference), user, ""),
            fold: needs_fold(&fb.errors, "left_at"),
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
    user.actor
        .require(&[Role::Officer], "record that police left")?;
    let f = PoliceLeftForm {
        when: "now".into(),
        ..Default::default()
    };
    page(&state, &user, path.into_inner(), f, Feedback::default()).await
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
        return page(&state, &user, reference, f, Feedback::fields(errors)).await;
    }
    let (actor, now, r) = (user.actor.clone(), state.now(), reference.clone());
    let reason = f.police_left_reason.clone();
    let result = with_db(&state, move |c| {
        record_police_left(c, &actor, &r, at, Some(&reason), now)
    })
    .await;
    match Feedback::from_result(result)? {
        None => Ok(see_other(&format!("/episodes/{reference}"))),
        Some(fb) => page(&state, &user, reference, f, fb).await,
    }
}
