//! Health staff record an extension of the detention authorised by the
//! registered medical practitioner (s136B).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{Feedback, needs_fold, parse_when};
use crate::domain::detention::{
    DetentionClock, ExtensionInput, MAX_EXTENSION_HOURS, record_extension, total_hours,
};
use crate::domain::episodes::load;
use crate::domain::rules::{ExtensionReason, Role, SiteKind};
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, see_other, with_db};

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ExtendForm {
    pub csrf_token: String,
    pub version: String,
    pub authorised_by_name: String,
    pub when: String,
    pub authorised_at: String,
    pub authorised_at_fold: String,
    pub hours: String,
    pub reason: String,
    pub reason_note: String,
    pub superintendent_name: String,
    pub superintendent_collar: String,
}

#[derive(Template)]
#[template(path = "extend.html")]
pub struct ExtendPage {
    l: Layout,
    errors: FieldErrors,
    general: Option<String>,
    f: ExtendForm,
    reference: String,
    clock: String,
    granted: i64,
    hours_left: i64,
    police_station: bool,
    reasons: &'static [ExtensionReason],
    fold: bool,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    reference: String,
    mut f: ExtendForm,
    errors: FieldErrors,
    general: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let actor = user.actor.clone();
    let d = with_db(state, move |c| load(c, &actor, &reference)).await?;
    let (_, site) = d.current()?;
    let now = state.now();
    if f.version.is_empty() {
        f.version = d.episode.version.to_string();
    }
    let granted = total_hours(&d.extensions);
    Ok(render(
        status,
        &ExtendPage {
            l: Layout::new(
                format!("Extend detention: {}", d.episode.reference),
                user,
                "",
            ),
            fold: needs_fold(&errors, "authorised_at"),
            errors,
            general,
            f,
            reference: d.episode.reference.clone(),
            clock: DetentionClock::of(&d, now)
                .map(|c| c.sentence(now))
                .unwrap_or_default(),
            granted,
            hours_left: MAX_EXTENSION_HOURS - granted,
            police_station: SiteKind::parse(&site.kind) == Some(SiteKind::PoliceStation),
            reasons: ExtensionReason::ALL,
        },
    ))
}

pub async fn show(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    user.actor
        .require(&[Role::Health], "record an extension of the detention")?;
    let f = ExtendForm {
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
    form: web::Form<ExtendForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    let reference = path.into_inner();
    let mut errors = FieldErrors::default();
    let authorised_at = parse_when(
        &f.when,
        &f.authorised_at,
        &f.authorised_at_fold,
        "authorised_at",
        "time the extension was authorised",
        &mut errors,
    );
    let hours = match f.hours.trim() {
        "" => None,
        h => match h.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.add(
                    "hours",
                    "Enter the number of hours as a whole number, from 1 to 12",
                );
                None
            }
        },
    };
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
    let input = ExtensionInput {
        authorised_by_name: Some(f.authorised_by_name.clone()),
        authorised_at,
        hours,
        reason: Some(f.reason.clone()),
        reason_note: Some(f.reason_note.clone()),
        superintendent_name: Some(f.superintendent_name.clone()),
        superintendent_collar: Some(f.superintendent_collar.clone()),
        expected_version: f.version.trim().parse().ok(),
    };
    let now = state.now();
    let (actor, r) = (user.actor.clone(), reference.clone());
    let result = with_db(&state, move |c| {
        record_extension(c, &actor, &r, &input, now)
    })
    .await;
    match Feedback::from_result(result)? {
        None => Ok(see_other(&format!("/episodes/{reference}"))),
        Some(fb) => {
            let status = fb.status();
            let f = if fb.problem.is_some() {
                ExtendForm {
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
