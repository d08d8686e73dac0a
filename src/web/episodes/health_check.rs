//! A health professional's check of a person held at a police station
//! (SI 2017/1036 reg 4), recorded by an officer of the force or health staff there.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;
use serde::Deserialize;

use super::action::CaseForm;
use super::{Feedback, needs_fold, parse_when};
use crate::db::DbConn;
use crate::domain::auth::Actor;
use crate::domain::policy::{self, Policy};
use crate::domain::rules::Role;
use crate::domain::safeguards::{HealthCheckInput, record_health_check};
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, with_db};
use chrono::{DateTime, Utc};

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
    general: Option<crate::domain::lang::Msg>,
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
    general: Option<crate::domain::lang::Msg>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (actor, r) = (user.actor.clone(), reference.clone());
    let episode = with_db(state, move |c| crate::domain::episodes::find(c, &actor, &r)).await?;
    Ok(render(
        status,
        &CheckPage {
            l: Layout::new(
                crate::msg!("case-check-title", reference = &episode.reference),
                user,
                "",
            ),
            fold: needs_fold(&errors, "checked_at"),
            errors,
            general,
            f,
            reference: episode.reference,
        },
    ))
}

impl CaseForm for CheckForm {
    const POLICY: &'static Policy = &policy::HEALTH_CHECK;
    type Input = HealthCheckInput;

    fn csrf(&self) -> &str {
        &self.csrf_token
    }
    fn initial(user: &CurrentUser) -> Self {
        Self {
            when: "now".into(),
            checked_by_name: if user.actor.role == Role::Health {
                user.actor.display_name.clone()
            } else {
                String::new()
            },
            ..Default::default()
        }
    }
    fn input(&self, errors: &mut FieldErrors) -> Self::Input {
        HealthCheckInput {
            checked_at: parse_when(
                &self.when,
                &self.checked_at,
                &self.checked_at_fold,
                "checked_at",
                "case-the-check-time",
                errors,
            ),
            checked_by_name: Some(self.checked_by_name.clone()),
            note: Some(self.note.clone()),
        }
    }
    fn run(
        c: &mut DbConn,
        actor: &Actor,
        reference: &str,
        input: Self::Input,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        record_health_check(c, actor, reference, &input, now)
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
