//! The s136 detention location type, set or changed after arrival by an
//! officer of the force (a private dwelling is never offered: s136(1)).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::Feedback;
use crate::domain::rules::{LocationType, Role};
use crate::domain::safeguards::set_location_type;
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, see_other, with_db};

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct LocationForm {
    pub csrf_token: String,
    pub location_type: String,
}

#[derive(Template)]
#[template(path = "location.html")]
pub struct LocationPage {
    l: Layout,
    errors: FieldErrors,
    general: Option<String>,
    f: LocationForm,
    reference: String,
    location_types: &'static [LocationType],
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    reference: String,
    f: Option<LocationForm>,
    errors: FieldErrors,
    general: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (actor, r) = (user.actor.clone(), reference.clone());
    let d = with_db(state, move |c| crate::domain::episodes::load(c, &actor, &r)).await?;
    let f = f.unwrap_or_else(|| LocationForm {
        location_type: d
            .safeguards
            .location_type()
            .map(|l| l.code().to_string())
            .unwrap_or_default(),
        ..Default::default()
    });
    Ok(render(
        status,
        &LocationPage {
            l: Layout::new(
                format!("Detention location: {}", d.episode.reference),
                user,
                "",
            ),
            errors,
            general,
            f,
            reference: d.episode.reference.clone(),
            location_types: LocationType::ALL,
        },
    ))
}

pub async fn show(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    user.actor
        .require(&[Role::Officer], "record where the person was detained")?;
    page(
        &state,
        &user,
        path.into_inner(),
        None,
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
    form: web::Form<LocationForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    let reference = path.into_inner();
    let now = state.now();
    let (actor, r, code) = (
        user.actor.clone(),
        reference.clone(),
        f.location_type.clone(),
    );
    let result = with_db(&state, move |c| {
        set_location_type(c, &actor, &r, Some(&code), now)
    })
    .await;
    match Feedback::from_result(result)? {
        None => Ok(see_other(&format!("/episodes/{reference}"))),
        Some(fb) => {
            let status = fb.status();
            page(
                &state,
                &user,
                reference,
                Some(f),
                fb.errors,
                fb.problem,
                status,
            )
            .await
        }
    }
}
