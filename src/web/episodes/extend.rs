//! Health staff record an extension of the detention authorised by the
//! registered medical practitioner (s136B).

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;
use serde::Deserialize;

use super::action::CaseForm;
use super::{Feedback, needs_fold, parse_when};
use crate::db::DbConn;
use crate::domain::auth::Actor;
use crate::domain::detention::{
    DetentionClock, ExtensionInput, MAX_EXTENSION_HOURS, record_extension, total_hours,
};
use crate::domain::episodes::load;
use crate::domain::policy::{self, Policy};
use crate::domain::rules::{ExtensionReason, SiteKind};
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, with_db};
use chrono::{DateTime, Utc};

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
    general: Option<crate::domain::lang::Msg>,
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
    general: Option<crate::domain::lang::Msg>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let actor = user.actor.clone();
    let d = with_db(state, move |c| load(c, &actor, &reference)).await?;
    let (_, site) = d.current()?;
    let now = state.now();
    // After a conflict the form starts again from the case as it is now.
    if f.version.is_empty() || general.is_some() {
        f.version = d.episode.version.to_string();
    }
    let granted = total_hours(&d.extensions);
    Ok(render(
        status,
        &ExtendPage {
            l: Layout::new(
                crate::msg!("case-extend-title", reference = &d.episode.reference),
                user,
                "",
            ),
            fold: needs_fold(&errors, "authorised_at"),
            errors,
            general,
            f,
            reference: d.episode.reference.clone(),
            clock: DetentionClock::of(&d, now)
                .map(|c| crate::i18n::render(user.reader.lang, &c.message(now)))
                .unwrap_or_default(),
            granted,
            hours_left: MAX_EXTENSION_HOURS - granted,
            police_station: SiteKind::parse(&site.kind) == Some(SiteKind::PoliceStation),
            reasons: ExtensionReason::ALL,
        },
    ))
}

impl CaseForm for ExtendForm {
    const POLICY: &'static Policy = &policy::EXTEND;
    type Input = ExtensionInput;

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
        let authorised_at = parse_when(
            &self.when,
            &self.authorised_at,
            &self.authorised_at_fold,
            "authorised_at",
            "case-the-extension-time",
            errors,
        );
        let hours = match self.hours.trim() {
            "" => None,
            h => match h.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.add("hours", "case-extend-hours-number");
                    None
                }
            },
        };
        ExtensionInput {
            authorised_by_name: Some(self.authorised_by_name.clone()),
            authorised_at,
            hours,
            reason: Some(self.reason.clone()),
            reason_note: Some(self.reason_note.clone()),
            superintendent_name: Some(self.superintendent_name.clone()),
            superintendent_collar: Some(self.superintendent_collar.clone()),
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
        record_extension(c, actor, reference, &input, now)
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
