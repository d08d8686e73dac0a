//! Cancelling a case logged in error: kept, marked, excluded from figures.

use actix_web::HttpResponse;
use askama::Template;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::Feedback;
use super::action::CaseForm;
use crate::db::DbConn;
use crate::domain::auth::Actor;
use crate::domain::episodes::{cancel, find};
use crate::domain::policy::{self, Policy};
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, with_db};

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
    general: Option<crate::domain::lang::Msg>,
    f: CancelForm,
    reference: String,
}

impl CaseForm for CancelForm {
    const POLICY: &'static Policy = &policy::CANCEL;
    type Input = String;

    fn csrf(&self) -> &str {
        &self.csrf_token
    }
    fn input(&self, _: &mut FieldErrors) -> String {
        self.reason.clone()
    }
    fn run(
        c: &mut DbConn,
        actor: &Actor,
        reference: &str,
        reason: String,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        cancel(c, actor, reference, Some(&reason), now)
    }
    async fn page(
        state: &AppState,
        user: &CurrentUser,
        reference: String,
        f: Self,
        fb: Feedback,
    ) -> Result<HttpResponse, AppError> {
        let actor = user.actor.clone();
        let episode = with_db(state, move |c| find(c, &actor, &reference)).await?;
        Ok(render(
            fb.status(),
            &CancelPage {
                l: Layout::new(
                    crate::msg!("case-cancel-title", reference = &episode.reference),
                    user,
                    "",
                ),
                errors: fb.errors,
                general: fb.problem,
                f,
                reference: episode.reference,
            },
        ))
    }
}
