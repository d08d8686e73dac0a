//! The s136 detention location type, set or changed after arrival by an
//! officer of the force (a private dwelling is never offered: s136(1)).

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;
use serde::Deserialize;

use super::Feedback;
use super::action::CaseForm;
use crate::db::DbConn;
use crate::domain::auth::Actor;
use crate::domain::policy::{self, Policy};
use crate::domain::rules::LocationType;
use crate::domain::safeguards::set_location_type;
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, with_db};
use chrono::{DateTime, Utc};

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
    general: Option<crate::domain::lang::Msg>,
    f: LocationForm,
    reference: String,
    location_types: &'static [LocationType],
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    reference: String,
    f: LocationForm,
    errors: FieldErrors,
    general: Option<crate::domain::lang::Msg>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (actor, r) = (user.actor.clone(), reference.clone());
    let d = with_db(state, move |c| crate::domain::episodes::load(c, &actor, &r)).await?;
    // Not yet submitted (no token): the form starts from what is recorded.
    let f = if f.csrf_token.is_empty() {
        LocationForm {
            location_type: d
                .safeguards
                .location_type()
                .map(|l| l.code().to_string())
                .unwrap_or_default(),
            ..f
        }
    } else {
        f
    };
    Ok(render(
        status,
        &LocationPage {
            l: Layout::new(
                crate::msg!("case-location-title", reference = &d.episode.reference),
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

impl CaseForm for LocationForm {
    const POLICY: &'static Policy = &policy::LOCATION_TYPE;
    type Input = String;

    fn csrf(&self) -> &str {
        &self.csrf_token
    }
    fn input(&self, errors: &mut FieldErrors) -> Self::Input {
        let _ = errors;
        self.location_type.clone()
    }
    fn run(
        c: &mut DbConn,
        actor: &Actor,
        reference: &str,
        input: Self::Input,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        set_location_type(c, actor, reference, Some(&input), now)
    }
    async fn page(
        state: &AppState,
        user: &CurrentUser,
        reference: String,
        f: Self,
        fb: Feedback,
    ) -> Result<HttpResponse, AppError> {
        let status = fb.status();
        page(state, user, reference, f, fb.errors, fb.problem, status).await
    }
}
