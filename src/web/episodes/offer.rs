//! Officers record that they offered the handover (the first of the two parties' steps).

use actix_web::HttpResponse;
use askama::Template;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::action::CaseForm;
use super::{Feedback, needs_fold, parse_when};
use crate::db::DbConn;
use crate::domain::auth::Actor;
use crate::domain::episodes::{find, record_handover_offered};
use crate::domain::policy::{self, Policy};
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, with_db};

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct OfferForm {
    pub csrf_token: String,
    pub when: String,
    pub offered_at: String,
    pub offered_at_fold: String,
}

#[derive(Template)]
#[template(path = "offer.html")]
pub struct OfferPage {
    l: Layout,
    errors: FieldErrors,
    general: Option<crate::domain::lang::Msg>,
    f: OfferForm,
    reference: String,
    fold: bool,
}

impl CaseForm for OfferForm {
    const POLICY: &'static Policy = &policy::OFFER_HANDOVER;
    type Input = Option<DateTime<Utc>>;

    fn csrf(&self) -> &str {
        &self.csrf_token
    }
    fn initial(_: &CurrentUser) -> Self {
        Self {
            when: "now".into(),
            ..Default::default()
        }
    }
    fn input(&self, errors: &mut FieldErrors) -> Self::Input {
        parse_when(
            &self.when,
            &self.offered_at,
            &self.offered_at_fold,
            "offered_at",
            "case-the-offered-time",
            errors,
        )
    }
    fn run(
        c: &mut DbConn,
        actor: &Actor,
        reference: &str,
        at: Self::Input,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        record_handover_offered(c, actor, reference, at, now)
    }
    async fn page(
        state: &AppState,
        user: &CurrentUser,
        reference: String,
        f: Self,
        fb: Feedback,
    ) -> Result<HttpResponse, AppError> {
        let actor = user.actor.clone();
        let episode = with_db(state, move |c| find(c, &actor, &reference)).await?;
        Ok(render(
            fb.status(),
            &OfferPage {
                l: Layout::new(
                    crate::msg!("case-offer-title", reference = &episode.reference),
                    user,
                    "",
                ),
                fold: needs_fold(&fb.errors, "offered_at"),
                errors: fb.errors,
                general: fb.problem,
                f,
                reference: episode.reference,
            },
        ))
    }
}
