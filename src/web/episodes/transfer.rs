//! A transfer to another place of safety, recorded by an officer of the force or
//! by health staff where the person is now.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;
use serde::Deserialize;

use super::action::CaseForm;
use super::{Feedback, needs_fold, parse_when};
use crate::db::DbConn;
use crate::db::orgs::Site;
use crate::domain::auth::Actor;
use crate::domain::episodes::{TransferInput, load, record_transfer};
use crate::domain::policy::{self, Policy};
use crate::domain::time::long;
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, with_db};
use chrono::{DateTime, Utc};

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct TransferForm {
    pub csrf_token: String,
    pub version: String,
    pub site: String,
    pub left: String,
    pub left_at: String,
    pub left_at_fold: String,
    pub arrival: String,
    pub arrived_at: String,
    pub arrived_at_fold: String,
    #[serde(flatten)]
    pub ps: super::police_station::PoliceStationForm,
}

#[derive(Template)]
#[template(path = "transfer.html")]
pub struct TransferPage {
    l: Layout,
    errors: FieldErrors,
    general: Option<crate::domain::lang::Msg>,
    f: TransferForm,
    reference: String,
    from_site: String,
    left_legend: String,
    arrived: String,
    sites: Vec<Site>,
    left_fold: bool,
    arrived_fold: bool,
    police_station_open: bool,
    age_bands: &'static [crate::domain::rules::AgeBand],
    consulted: &'static [crate::domain::rules::HealthConsulted],
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    reference: String,
    mut f: TransferForm,
    errors: FieldErrors,
    general: Option<crate::domain::lang::Msg>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (actor, r) = (user.actor.clone(), reference.clone());
    let (d, sites) = with_db(state, move |c| {
        Ok((load(c, &actor, &r)?, crate::domain::orgs::open_sites(c)?))
    })
    .await?;
    let (stay, here) = d.current()?;
    // After a conflict the form starts again from the case as it is now.
    if f.version.is_empty() || general.is_some() {
        f.version = d.episode.version.to_string();
    }
    let sites: Vec<Site> = sites.into_iter().filter(|s| s.id != here.id).collect();
    Ok(render(
        status,
        &TransferPage {
            police_station_open: super::police_station::section_open(&f.site, &sites, &errors),
            age_bands: super::police_station::AGE_BANDS,
            consulted: super::police_station::CONSULTED,
            l: Layout::new(
                crate::msg!("case-transfer-title", reference = &d.episode.reference),
                user,
                "",
            ),
            left_fold: needs_fold(&errors, "left_at"),
            arrived_fold: needs_fold(&errors, "arrived_at"),
            errors,
            general,
            f,
            reference: d.episode.reference.clone(),
            from_site: here.name.clone(),
            left_legend: crate::i18n::render(
                user.reader.lang,
                &crate::msg!("case-transfer-left-legend", site = &here.name),
            ),
            arrived: long(crate::domain::time::from_db(stay.arrived_at)),
            sites,
        },
    ))
}

impl CaseForm for TransferForm {
    const POLICY: &'static Policy = &policy::TRANSFER;
    type Input = TransferInput;

    fn csrf(&self) -> &str {
        &self.csrf_token
    }
    fn initial(_user: &CurrentUser) -> Self {
        Self {
            left: "now".into(),
            arrival: "now".into(),
            ..Default::default()
        }
    }
    fn input(&self, errors: &mut FieldErrors) -> Self::Input {
        let left_at = parse_when(
            &self.left,
            &self.left_at,
            &self.left_at_fold,
            "left_at",
            "case-the-left-time",
            errors,
        );
        let arrived_at = parse_when(
            &self.arrival,
            &self.arrived_at,
            &self.arrived_at_fold,
            "arrived_at",
            "case-the-new-arrival-time",
            errors,
        );
        TransferInput {
            site_code: Some(self.site.clone()),
            left_at,
            arrived_at,
            expected_version: self.version.trim().parse().ok(),
            age_band: self.ps.age_band(),
            police_station: self.ps.input(),
        }
    }
    fn run(
        c: &mut DbConn,
        actor: &Actor,
        reference: &str,
        input: Self::Input,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        record_transfer(c, actor, reference, &input, now)
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
