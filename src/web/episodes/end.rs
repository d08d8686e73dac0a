//! The end of the detention, with its outcome and the assessment times.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{Feedback, needs_fold, parse_when};
use crate::domain::episodes::{EndInput, load, record_end};
use crate::domain::rules::{Outcome, Role};
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, see_other, with_db};

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
    general: Option<String>,
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
    general: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let actor = user.actor.clone();
    let d = with_db(state, move |c| load(c, &actor, &reference)).await?;
    if f.version.is_empty() {
        f.version = d.episode.version.to_string();
    }
    Ok(render(
        status,
        &EndPage {
            l: Layout::new(
                format!("End of detention: {}", d.episode.reference),
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

pub async fn show(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    user.actor.require(
        &[Role::Officer, Role::Health],
        "record the end of the detention",
    )?;
    let f = EndForm {
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

/// An optional date and time field: empty means not given.
fn optional_time(
    raw: &str,
    fold: &str,
    field: &str,
    what: &str,
    errors: &mut FieldErrors,
) -> Option<chrono::DateTime<chrono::Utc>> {
    if raw.trim().is_empty() {
        return None;
    }
    parse_when("earlier", raw, fold, field, what, errors)
}

pub async fn submit(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<EndForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    let reference = path.into_inner();
    let mut errors = FieldErrors::default();
    let ended_at = parse_when(
        &f.when,
        &f.ended_at,
        &f.ended_at_fold,
        "ended_at",
        "time the detention ended",
        &mut errors,
    );
    let started = optional_time(
        &f.assessment_started_at,
        &f.assessment_started_at_fold,
        "assessment_started_at",
        "time the assessment started",
        &mut errors,
    );
    let completed = optional_time(
        &f.assessment_completed_at,
        &f.assessment_completed_at_fold,
        "assessment_completed_at",
        "time the assessment was completed",
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
    let input = EndInput {
        ended_at,
        outcome: Some(f.outcome.clone()),
        outcome_note: Some(f.outcome_note.clone()),
        assessment_started_at: started,
        assessment_completed_at: completed,
        expected_version: f.version.trim().parse().ok(),
    };
    let now = state.now();
    let (actor, r) = (user.actor.clone(), reference.clone());
    let result = with_db(&state, move |c| record_end(c, &actor, &r, &input, now)).await;
    match Feedback::from_result(result)? {
        None => Ok(see_other(&format!("/episodes/{reference}"))),
        Some(fb) => {
            let status = fb.status();
            let f = if fb.problem.is_some() {
                EndForm {
                    version: String::new(),
                    ..f
                }
            } else {
                f
            };
            page(&state, &user, reference, f, fb.errors, fb.problem, status).await
        }
    }
}
