//! Health staff confirm the handover: a named person accepts custody.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::parse_when;
use super::{Feedback, needs_fold};
use crate::domain::episodes::load;
use crate::domain::episodes::{HandoverInput, StayClock, confirm_handover};
use crate::domain::rules::{DelayReason, Role};
use crate::domain::time::{duration_hm, long};
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, see_other, with_db};

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct HandoverForm {
    pub csrf_token: String,
    pub version: String,
    pub when: String,
    pub handed_over_at: String,
    pub handed_over_at_fold: String,
    pub accepted_by_name: String,
    pub accepted_by_role: String,
    pub delay_reason: String,
    pub delay_note: String,
}

#[derive(Template)]
#[template(path = "handover.html")]
pub struct HandoverPage {
    l: Layout,
    errors: FieldErrors,
    general: Option<String>,
    f: HandoverForm,
    reference: String,
    site_name: String,
    arrived: String,
    waited: String,
    band_label: &'static str,
    band_class: &'static str,
    breached: bool,
    reasons: &'static [DelayReason],
    fold: bool,
    signed_in_as: String,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    reference: String,
    mut f: HandoverForm,
    fb: Feedback,
) -> Result<HttpResponse, AppError> {
    let actor = user.actor.clone();
    let d = with_db(state, move |c| load(c, &actor, &reference)).await?;
    let (stay, site) = d.current()?;
    let clock = StayClock::of(stay, d.target, state.now());
    // After a conflict the form starts again from the case as it is now.
    if f.version.is_empty() || fb.problem.is_some() {
        f.version = d.episode.version.to_string();
    }
    let status = fb.status();
    let breached = clock.breached || fb.errors.get("delay_reason").is_some();
    Ok(render(
        status,
        &HandoverPage {
            l: Layout::new(
                format!("Confirm handover: {}", d.episode.reference),
                user,
                "",
            ),
            fold: needs_fold(&fb.errors, "handed_over_at"),
            errors: fb.errors,
            general: fb.problem,
            f,
            reference: d.episode.reference.clone(),
            site_name: site.name.clone(),
            arrived: long(clock.arrived_at),
            waited: duration_hm(clock.seconds_waiting),
            band_label: clock.band.label(),
            band_class: clock.band.tag_class(),
            breached,
            reasons: DelayReason::ALL,
            signed_in_as: user.actor.display_name.clone(),
        },
    ))
}

pub async fn show(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    user.actor.require(&[Role::Health], "confirm a handover")?;
    let f = HandoverForm {
        when: "now".into(),
        ..Default::default()
    };
    page(&state, &user, path.into_inner(), f, Feedback::default()).await
}

pub async fn submit(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<HandoverForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    let reference = path.into_inner();
    let mut errors = FieldErrors::default();
    let at = parse_when(
        &f.when,
        &f.handed_over_at,
        &f.handed_over_at_fold,
        "handed_over_at",
        "handover time",
        &mut errors,
    );
    if !errors.is_empty() {
        return page(&state, &user, reference, f, Feedback::fields(errors)).await;
    }
    let input = HandoverInput {
        handed_over_at: at,
        accepted_by_name: Some(f.accepted_by_name.clone()),
        accepted_by_role: Some(f.accepted_by_role.clone()),
        delay_reason: Some(f.delay_reason.clone()),
        delay_note: Some(f.delay_note.clone()),
        expected_version: f.version.trim().parse().ok(),
    };
    let (actor, now, r) = (user.actor.clone(), state.now(), reference.clone());
    let result = with_db(&state, move |c| {
        confirm_handover(c, &actor, &r, &input, now)
    })
    .await;
    match Feedback::from_result(result)? {
        None => Ok(see_other(&format!("/episodes/{reference}"))),
        Some(fb) => page(&state, &user, reference, f, fb).await,
    }
}
