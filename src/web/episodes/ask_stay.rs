//! Health staff ask police to stay (with a reason code); the officer agrees or
//! declines from the case page.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::domain::episodes::{StayRequestInput, answer_stay_request, ask_police_to_stay, find};
use crate::domain::rules::{DelayReason, Role};
use crate::error::{AppError, ErrorKind, FieldErrors};
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, see_other, with_db};

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
    general: Option<String>,
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
    general: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (actor, r) = (user.actor.clone(), reference.clone());
    let episode = with_db(state, move |c| find(c, &actor, &r)).await?;
    Ok(render(
        status,
        &AskPage {
            l: Layout::new(
                format!("Ask police to stay: {}", episode.reference),
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

pub async fn show(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    user.actor.require(&[Role::Health], "ask police to stay")?;
    page(
        &state,
        &user,
        path.into_inner(),
        AskForm::default(),
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
    form: web::Form<AskForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    let reference = path.into_inner();
    let input = StayRequestInput {
        reason: Some(f.reason.clone()),
        reason_note: Some(f.reason_note.clone()),
    };
    let now = state.now();
    let (actor, r) = (user.actor.clone(), reference.clone());
    match with_db(&state, move |c| {
        ask_police_to_stay(c, &actor, &r, &input, now)
    })
    .await
    {
        Ok(()) => Ok(see_other(&format!("/episodes/{reference}"))),
        Err(e) if e.kind == ErrorKind::ValidationFailed => {
            page(
                &state,
                &user,
                reference,
                f,
                e.fields,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) if e.kind == ErrorKind::Conflict => {
            page(
                &state,
                &user,
                reference,
                f,
                FieldErrors::default(),
                Some(e.message),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(e),
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
            return Err(AppError::field(
                "agreed",
                "Choose whether police agree to stay",
            ));
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
