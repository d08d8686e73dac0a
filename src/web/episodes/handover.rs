//! Health staff confirm the handover: a named person accepts custody.

use actix_web::HttpResponse;
use askama::Template;
use serde::Deserialize;

use super::action::CaseForm;
use super::{Feedback, needs_fold, parse_when};
use crate::db::DbConn;
use crate::domain::auth::Actor;
use crate::domain::episodes::load;
use crate::domain::episodes::{HandoverInput, StayClock, confirm_handover};
use crate::domain::lang::Msg;
use crate::domain::policy::{self, Policy};
use crate::domain::rules::DelayReason;
use crate::domain::time::{duration_msg, long_msg};
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::msg;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, with_db};
use chrono::{DateTime, Utc};

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
    general: Option<crate::domain::lang::Msg>,
    f: HandoverForm,
    reference: String,
    /// "Arrived at ... Waiting ...".
    intro: Msg,
    band_label: crate::domain::lang::Msg,
    band_class: &'static str,
    breached: bool,
    reasons: &'static [DelayReason],
    fold: bool,
    signed_in_as: String,
}

/// The handover page of a case already handed over: who accepted it and
/// when, and the way to the case; no form to confirm it again.
#[derive(Template)]
#[template(path = "handover_done.html")]
pub struct HandoverDone {
    l: Layout,
    reference: String,
    /// "Accepted at ... by ..., ...".
    accepted: Msg,
    /// "Handover was already confirmed by ..." when this was a second
    /// confirmation (another tab, another person).
    problem: Option<crate::domain::lang::Msg>,
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
    if let Some(at) = stay.handed_over_at {
        let who = stay.accepted_by_name.clone().unwrap_or_default();
        let accepted_by = match &stay.accepted_by_role {
            Some(r) => crate::i18n::render(
                user.reader.lang,
                &msg!("case-who-role", name = &who, role = r),
            ),
            None => who,
        };
        return Ok(render(
            fb.status(),
            &HandoverDone {
                l: Layout::new(
                    msg!("case-handover-done-title", reference = &d.episode.reference),
                    user,
                    "",
                ),
                reference: d.episode.reference.clone(),
                accepted: msg!(
                    "case-handover-accepted-at",
                    site = &site.name,
                    who = accepted_by,
                    at = long_msg(crate::domain::time::from_db(at))
                ),
                problem: fb.problem.clone(),
            },
        ));
    }
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
                msg!("case-handover-title", reference = &d.episode.reference),
                user,
                "",
            ),
            fold: needs_fold(&fb.errors, "handed_over_at"),
            errors: fb.errors,
            general: fb.problem,
            f,
            reference: d.episode.reference.clone(),
            intro: msg!(
                "case-handover-intro",
                site = &site.name,
                arrived = long_msg(clock.arrived_at),
                waited = duration_msg(clock.seconds_waiting)
            ),
            band_label: clock.band.label(d.target),
            band_class: clock.band.tag_class(),
            breached,
            reasons: DelayReason::ALL,
            signed_in_as: user.actor.display_name.clone(),
        },
    ))
}

impl CaseForm for HandoverForm {
    const POLICY: &'static Policy = &policy::CONFIRM_HANDOVER;
    type Input = HandoverInput;

    fn csrf(&self) -> &str {
        &self.csrf_token
    }
    fn initial(_: &CurrentUser) -> Self {
        Self {
            when: "now".into(),
            ..Default::default()
        }
    }
    fn input(&self, errors: &mut FieldErrors) -> HandoverInput {
        HandoverInput {
            handed_over_at: parse_when(
                &self.when,
                &self.handed_over_at,
                &self.handed_over_at_fold,
                "handed_over_at",
                "case-the-handover-time",
                errors,
            ),
            accepted_by_name: Some(self.accepted_by_name.clone()),
            accepted_by_role: Some(self.accepted_by_role.clone()),
            delay_reason: Some(self.delay_reason.clone()),
            delay_note: Some(self.delay_note.clone()),
            expected_version: self.version.trim().parse().ok(),
        }
    }
    fn run(
        c: &mut DbConn,
        actor: &Actor,
        reference: &str,
        input: HandoverInput,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        confirm_handover(c, actor, reference, &input, now)
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
