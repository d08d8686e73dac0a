//! Corrections of recorded times: a page listing the case's recorded times
//! with "Correct" links, and the form for one correction (new time, reason).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{Feedback, needs_fold, parse_when};
use crate::domain::corrections::{CorrectionInput, RecordedTime, correct_time, recorded_times};
use crate::domain::rules::{DelayReason, TimeField};
use crate::domain::time::{Fold, LocalTimeError, input_value, long_msg, parse_local};
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::i18n::render as words;
use crate::msg;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, see_other, with_db};

pub struct TimeRow {
    pub label: String,
    pub at: String,
    /// Empty when the viewer may not correct it.
    pub href: String,
}

#[derive(Template)]
#[template(path = "corrections.html")]
pub struct ListPage {
    l: Layout,
    reference: String,
    rows: Vec<TimeRow>,
    any: bool,
}

fn query(t: &RecordedTime) -> String {
    let mut q = format!("field={}", t.field.code());
    if let Some(n) = t.stay {
        q.push_str(&format!("&stay={n}"));
    }
    if let Some(n) = t.extension {
        q.push_str(&format!("&extension={n}"));
    }
    if let Some(n) = t.check {
        q.push_str(&format!("&check={n}"));
    }
    q
}

pub async fn list(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    crate::domain::policy::CORRECT.check_role(&user.actor)?;
    let (actor, r) = (user.actor.clone(), path.into_inner());
    let (episode, times) = with_db(&state, move |c| recorded_times(c, &actor, &r)).await?;
    let reference = episode.reference.clone();
    let lang = user.reader.lang;
    let rows: Vec<TimeRow> = times
        .iter()
        .map(|t| TimeRow {
            label: words(lang, &t.label),
            at: words(lang, &long_msg(t.at)),
            href: if t.may_correct {
                format!("/episodes/{reference}/corrections/new?{}", query(t))
            } else {
                String::new()
            },
        })
        .collect();
    Ok(render(
        StatusCode::OK,
        &ListPage {
            l: Layout::new(
                msg!("case-cor-list-title", reference = &reference),
                &user,
                "",
            ),
            any: rows.iter().any(|r| !r.href.is_empty()),
            reference,
            rows,
        },
    ))
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct Which {
    pub field: String,
    pub stay: String,
    pub extension: String,
    pub check: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CorrectionForm {
    pub csrf_token: String,
    pub version: String,
    pub field: String,
    pub stay: String,
    pub extension: String,
    pub check: String,
    pub new_time: String,
    pub new_time_fold: String,
    pub reason: String,
    pub delay_reason: String,
    pub delay_note: String,
}

#[derive(Template)]
#[template(path = "correct_time.html")]
pub struct FormPage {
    l: Layout,
    errors: FieldErrors,
    general: Option<crate::domain::lang::Msg>,
    f: CorrectionForm,
    reference: String,
    label: String,
    recorded: String,
    fold: bool,
    /// Asked only once the correction turned out to make a new breach.
    ask_delay: bool,
    reasons: &'static [DelayReason],
}

fn matches(t: &RecordedTime, w: &Which) -> bool {
    let n = |s: &str| s.trim().parse::<usize>().ok();
    Some(t.field) == TimeField::parse(w.field.trim())
        && t.stay == n(&w.stay).filter(|_| t.stay.is_some())
        && t.extension == n(&w.extension).filter(|_| t.extension.is_some())
        && t.check == n(&w.check).filter(|_| t.check.is_some())
}

/// "bst"/"gmt" when the time falls in the hour that happens twice, else "".
fn fold_of(t: chrono::DateTime<chrono::Utc>) -> &'static str {
    let v = input_value(t);
    match parse_local(&v, None) {
        Err(LocalTimeError::Ambiguous) if parse_local(&v, Some(Fold::Bst)) == Ok(t) => "bst",
        Err(LocalTimeError::Ambiguous) => "gmt",
        _ => "",
    }
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    reference: String,
    mut f: CorrectionForm,
    errors: FieldErrors,
    general: Option<crate::domain::lang::Msg>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (actor, r) = (user.actor.clone(), reference.clone());
    let (episode, times) = with_db(state, move |c| recorded_times(c, &actor, &r)).await?;
    let which = Which {
        field: f.field.clone(),
        stay: f.stay.clone(),
        extension: f.extension.clone(),
        check: f.check.clone(),
    };
    let t = times
        .into_iter()
        .find(|t| matches(t, &which))
        .ok_or_else(AppError::not_found)?;
    if !t.may_correct {
        return Err(AppError::forbidden("case-cor-only-recorder-this"));
    }
    if f.version.is_empty() {
        f.version = episode.version.to_string();
    }
    if f.new_time.is_empty() && errors.is_empty() {
        f.new_time = input_value(t.at);
        f.new_time_fold = fold_of(t.at).to_string();
    }
    let fold = needs_fold(&errors, "new_time") || !f.new_time_fold.is_empty();
    let ask_delay = errors.get("delay_reason").is_some()
        || errors.get("delay_note").is_some()
        || !f.delay_reason.is_empty();
    Ok(render(
        status,
        &FormPage {
            l: Layout::new(
                msg!("case-cor-form-title", reference = &episode.reference),
                user,
                "",
            ),
            fold,
            errors,
            general,
            f,
            reference: episode.reference.clone(),
            label: words(user.reader.lang, &t.label),
            recorded: words(user.reader.lang, &long_msg(t.at)),
            ask_delay,
            reasons: DelayReason::ALL,
        },
    ))
}

pub async fn show(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    which: web::Query<Which>,
) -> Result<HttpResponse, AppError> {
    crate::domain::policy::CORRECT.check_role(&user.actor)?;
    let w = which.into_inner();
    let f = CorrectionForm {
        field: w.field,
        stay: w.stay,
        extension: w.extension,
        check: w.check,
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
    form: web::Form<CorrectionForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    let reference = path.into_inner();
    let mut errors = FieldErrors::default();
    let new_time = parse_when(
        "earlier",
        &f.new_time,
        &f.new_time_fold,
        "new_time",
        "case-the-corrected-time",
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
    let Ok(version) = f.version.trim().parse::<i64>() else {
        return Err(AppError::bad_request("case-form-no-version"));
    };
    let n = |s: &str| s.trim().parse::<i64>().ok();
    let input = CorrectionInput {
        field: Some(f.field.clone()),
        stay: n(&f.stay),
        extension: n(&f.extension),
        check: n(&f.check),
        new_time,
        reason: Some(f.reason.clone()),
        delay_reason: Some(f.delay_reason.clone()),
        delay_note: Some(f.delay_note.clone()),
        expected_version: version,
    };
    let now = state.now();
    let (actor, r) = (user.actor.clone(), reference.clone());
    let result = with_db(&state, move |c| correct_time(c, &actor, &r, &input, now)).await;
    match Feedback::from_result(result)? {
        None => Ok(see_other(&format!("/episodes/{reference}#history"))),
        Some(fb) => {
            let status = fb.status();
            let f = if fb.problem.is_some() {
                CorrectionForm {
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
