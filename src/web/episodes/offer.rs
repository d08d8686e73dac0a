//! Officers record that they offered the handover (the first of the two parties' steps).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{Feedback, needs_fold, parse_when};
use crate::domain::episodes::record_handover_offered;
use crate::domain::rules::Role;
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, see_other, with_db};

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct OfferForm {
    pub csrf_token: String,
    pub when: String,
    pub offered_at: String,
    pub offered_at_fold: String,
}

#[derive(Template)]
#[template(path = "offer.html")]
pub struct OfferPage {
    l: Layout,
    errors: FieldErrors,
    general: Option<String>,
    f: OfferForm,
    reference: String,
    fold: bool,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    reference: String,
    f: OfferForm,
    errors: FieldErrors,
    general: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (actor, r) = (user.actor.clone(), reference.clone());
    let episode = with_db(state, move |c| crate::domain::episodes::find(c, &actor, &r)).await?;
    Ok(render(
        status,
        &OfferPage {
            l: Layout::new(format!("Handover offered: {}", episode.reference), user, ""),
            fold: needs_fold(&errors, "offered_at"),
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
        .require(&[Role::Officer], "record that handover was offered")?;
    let f = OfferForm {
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
    form: web::Form<OfferForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    let reference = path.into_inner();
    let mut errors = FieldErrors::default();
    let at = parse_when(
        &f.when,
        &f.offered_at,
        &f.offered_at_fold,
        "offered_at",
        "time handover was offered",
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
    let result = with_db(&state, move |c| {
        record_handover_offered(c, &actor, &r, at, now)
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
