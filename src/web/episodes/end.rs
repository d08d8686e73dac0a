//! The end of the detention, with its outcome and the assessment times.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;
use serde::Deserialize;

use super::action::CaseForm;
use super::{Feedback, needs_fold, parse_when};
use crate::db::DbConn;
use crate::domain::auth::Actor;
use crate::domain::episodes::{EndInput, load, record_end};
use crate::domain::policy::{self, Policy};
use crate::domain::rules::Outcome;
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, with_db};
use chrono::{DateTime, Utc};

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct EndForm {
    pub csrf_token: String,
    pub version: String,
    pub when: String,
    pub ended_at: String,
    pub ended_at_fold: String,
    pub outcome: String,
    pub outcome_note: String,
    pub assessment_started_at: String,
    pub assessment_started_at_fold: String,
    pub assessment_completed_at: String,
    pub assessment_completed_at_fold: String,
}

#[derive(Template)]
#[template(path = "end.html")]
pub struct EndPage {
    l: Layout,
    errors: FieldErrors,
    general: Option<crate::domain::lang::Msg>,
    f: EndForm,
    reference: String,
    outcomes: &'static [Outcome],
    fold: bool,
    started_fold: bool,
    completed_fold: bool,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    reference: String,
    mut f: EndForm,
    errors: FieldErrors,
    general: Option<crate::domain::lang::Msg>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let actor = user.actor.clone();
    let d = with_db(state, move |c| load(c, &actor, &reference)).await?;
    // After a conflict the form starts again from the case as it is now.
    if f.version.is_empty() || general.is_some() {
        f.version = d.episode.version.to_string();
    }
    Ok(render(
        status,
        &EndPage {
            l: Layout::new(
                crate::msg!("case-end-title", reference = &d.episode.reference),
                user,
                "",
            ),
            fold: needs_fold(&errors, "ended_at"),
            started_fold: needs_fold(&errors, "assessment_started_at"),
            completed_fold: needs_fold(&errors, "assessment_completed_at"),
            errors,
            general,
            f,
            reference: d.episode.reference.clone(),
            outcomes: Outcome::ALL,
        },
    ))
}

impl CaseForm for EndForm {
    const POLICY: &'static Policy = &policy::END;
    type Input = EndInput;

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
        let ended_at = parse_when(
            &self.when,
            &self.ended_at,
            &self.ended_at_fold,
            "ended_at",
            "case-the-end-time",
            errors,
        );
        let started = optional_time(
            &self.assessment_started_at,
            &self.assessment_started_at_fold,
            "assessment_started_at",
            "case-the-assessment-started",
            errors,
        );
        let completed = optional_time(
            &self.assessment_completed_at,
            &self.assessment_completed_at_fold,
            "assessment_completed_at",
            "case-the-assessment-completed",
            errors,
        );
        EndInput {
            ended_at,
            outcome: Some(self.outcome.clone()),
            outcome_note: Some(self.outcome_note.clone()),
            assessment_started_at: started,
            assessment_completed_at: completed,
            expected_version: self.version.trim().parse().ok(),
        }
    }
    fn run(
        c: &mut DbConn,
        actor: &Actor,
        reference: &str,
        input: Self::Input,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        record_end(c, actor, reference, &input, now)
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

/// An optional date and time field: empty means not given.
fn optional_time(
    raw: &str,
    fold: &str,
    field: &str,
    what: &'static str,
    errors: &mut FieldErrors,
) -> Option<chrono::DateTime<chrono::Utc>> {
    if raw.trim().is_empty() {
        return None;
    }
    parse_when("earlier", raw, fold, field, what, errors)
}
