//! Officers record when police left the place of safety.

use actix_web::HttpResponse;
use askama::Template;
use serde::Deserialize;

use super::action::CaseForm;
use super::{Feedback, needs_fold, parse_when};
use crate::db::DbConn;
use crate::domain::auth::Actor;
use crate::domain::episodes::{find, record_police_left};
use crate::domain::policy::{self, Policy};
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, with_db};
use chrono::{DateTime, Utc};

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
    general: Option<crate::domain::lang::Msg>,
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
            l: Layout::new(
                crate::msg!("case-police-left-title", reference = &episode.reference),
                user,
                "",
            ),
            fold: needs_fold(&fb.errors, "left_at"),
            errors: fb.errors,
            general: fb.problem,
            f,
            reference: episode.reference,
        },
    ))
}

impl CaseForm for PoliceLeftForm {
    const POLICY: &'static Policy = &policy::POLICE_LEFT;
    type Input = (Option<DateTime<Utc>>, String);

    fn csrf(&self) -> &str {
        &self.csrf_token
    }
    fn initial(_user: &CurrentUser) -> Self {
        Self {
            when: "now".into(),
            ..Default::default()
        }
    }
    fn input(&self, errors: &mut FieldErrors) -> Self::Input {
        let at = parse_when(
            &self.when,
            &self.left_at,
            &self.left_at_fold,
            "left_at",
            "case-the-police-left-time",
            errors,
        );
        (at, self.police_left_reason.clone())
    }
    fn run(
        c: &mut DbConn,
        actor: &Actor,
        reference: &str,
        input: Self::Input,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let (at, reason) = input;
        record_police_left(c, actor, reference, at, Some(&reason), now)
    }
    async fn page(
        state: &AppState,
        user: &CurrentUser,
        reference: String,
        f: Self,
        fb: Feedback,
    ) -> Result<HttpResponse, AppError> {
        page(state, user, reference, f, fb).await
    }
}
