//! Health staff ask police to stay (with a reason code); the officer agrees or
//! declines from the case page.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::Feedback;
use super::action::CaseForm;
use crate::db::DbConn;
use crate::domain::auth::Actor;
use crate::domain::episodes::{StayRequestInput, answer_stay_request, ask_police_to_stay, find};
use crate::domain::policy::{self, Policy};
use crate::domain::rules::DelayReason;
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, see_other, with_db};
use chrono::{DateTime, Utc};

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct AskForm {
    pub csrf_token: String,
    pub reason: String,
    pub reason_note: String,
}

#[derive(Template)]
#[template(path = "ask_stay.html")]
pub struct AskPage {
    l: Layout,
    errors: FieldErrors,
    general: Option<crate::domain::lang::Msg>,
    f: AskForm,
    reference: String,
    reasons: &'static [DelayReason],
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    reference: String,
    f: AskForm,
    errors: FieldErrors,
    general: Option<crate::domain::lang::Msg>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (actor, r) = (user.actor.clone(), reference.clone());
    let episode = with_db(state, move |c| find(c, &actor, &r)).await?;
    Ok(render(
        status,
        &AskPage {
            l: Layout::new(
                crate::msg!("case-ask-stay-title", reference = &episode.reference),
                user,
                "",
            ),
            errors,
            general,
            f,
            reference: episode.reference,
            reasons: DelayReason::ALL,
        },
    ))
}

impl CaseForm for AskForm {
    const POLICY: &'static Policy = &policy::ASK_TO_STAY;
    type Input = StayRequestInput;

    fn csrf(&self) -> &str {
        &self.csrf_token
    }
    fn input(&self, errors: &mut FieldErrors) -> Self::Input {
        let _ = errors;
        StayRequestInput {
            reason: Some(self.reason.clone()),
            reason_note: Some(self.reason_note.clone()),
        }
    }
    fn run(
        c: &mut DbConn,
        actor: &Actor,
        reference: &str,
        input: Self::Input,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        ask_police_to_stay(c, actor, reference, &input, now)
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

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AnswerForm {
    pub csrf_token: String,
    /// "yes" or "no".
    pub agreed: String,
}

/// The officer's answer, posted from the case page.
pub async fn answer(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<AnswerForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    let agreed = match f.agreed.as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            return Err(AppError::field("agreed", "case-stay-choose-answer"));
        }
    };
    let reference = path.into_inner();
    let now = state.now();
    let (actor, r) = (user.actor.clone(), reference.clone());
    with_db(&state, move |c| {
        answer_stay_request(c, &actor, &r, agreed, now)
    })
    .await?;
    Ok(see_other(&format!("/episodes/{reference}")))
}
