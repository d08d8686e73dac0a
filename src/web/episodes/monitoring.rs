//! Monitoring details (Home Office return): the optional "About the person"
//! fields of the arrival form, and the page that completes them later.

use actix_web::HttpResponse;
use askama::Template;
use serde::Deserialize;

use super::Feedback;
use super::action::CaseForm;
use crate::db::DbConn;
use crate::domain::auth::Actor;
use crate::domain::episodes::load;
use crate::domain::monitoring::{Monitoring, MonitoringInput, MonitoringUpdate, update};
use crate::domain::policy::{self, Policy};
use crate::domain::rules::{
    AgeBand, Arrested, Ethnicity, PoliceVehicleReason, Role, Sex, Transport,
};
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, with_db};
use chrono::{DateTime, Utc};

/// The "About the person" fields as a form sends them (flattened into the
/// arrival form and the monitoring form). Blank means not recorded.
#[derive(Deserialize, Default, Clone, Debug)]
#[serde(default)]
pub struct AboutForm {
    pub age_band: String,
    pub sex: String,
    pub ethnicity: String,
    pub transport: String,
    pub police_vehicle_reason: String,
    pub ethnicity_perceived: String,
    pub arrested: String,
}

impl AboutForm {
    pub fn input(&self) -> MonitoringInput {
        MonitoringInput {
            age_band: Some(self.age_band.clone()),
            sex: Some(self.sex.clone()),
            ethnicity: Some(self.ethnicity.clone()),
            transport: Some(self.transport.clone()),
            police_vehicle_reason: Some(self.police_vehicle_reason.clone()),
            ethnicity_perceived: Some(self.ethnicity_perceived.clone()),
            arrested: Some(self.arrested.clone()),
        }
    }

    pub fn of(m: &Monitoring) -> Self {
        let c = m.codes();
        let s = |v: Option<&str>| v.unwrap_or_default().to_string();
        Self {
            age_band: s(c.age_band),
            sex: s(c.sex),
            ethnicity: s(c.ethnicity),
            transport: s(c.transport),
            police_vehicle_reason: s(c.police_vehicle_reason),
            ethnicity_perceived: s(c.ethnicity_perceived),
            arrested: s(c.arrested),
        }
    }

    /// Whether any of the fields has an error (to open the section).
    pub fn has_error(&self, errors: &FieldErrors) -> bool {
        [
            "age_band",
            "sex",
            "ethnicity",
            "transport",
            "police_vehicle_reason",
            "ethnicity_perceived",
            "arrested",
        ]
        .iter()
        .any(|f| errors.get(f).is_some())
    }

    // The lists, for the template.
    pub fn age_bands(&self) -> &'static [AgeBand] {
        AgeBand::ALL
    }
    pub fn sexes(&self) -> &'static [Sex] {
        Sex::ALL
    }
    pub fn ethnicities(&self) -> &'static [Ethnicity] {
        Ethnicity::ALL
    }
    pub fn transports(&self) -> &'static [Transport] {
        Transport::ALL
    }
    pub fn reasons(&self) -> &'static [PoliceVehicleReason] {
        PoliceVehicleReason::ALL
    }
    pub fn arrests(&self) -> &'static [Arrested] {
        Arrested::ALL
    }
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct MonitoringForm {
    pub csrf_token: String,
    pub version: String,
    #[serde(flatten)]
    pub about: AboutForm,
}

#[derive(Template)]
#[template(path = "monitoring.html")]
pub struct MonitoringPage {
    l: Layout,
    errors: FieldErrors,
    general: Option<crate::domain::lang::Msg>,
    f: AboutForm,
    version: String,
    reference: String,
}

/// A form not yet submitted (no token) shows the stored values and the
/// current version.
async fn page(
    state: &AppState,
    user: &CurrentUser,
    reference: String,
    form: MonitoringForm,
    fb: Feedback,
) -> Result<HttpResponse, AppError> {
    let actor = user.actor.clone();
    let d = with_db(state, move |c| load(c, &actor, &reference)).await?;
    // After a conflict the form starts again from what is stored now.
    let form = Some(form).filter(|f| !f.csrf_token.is_empty() && fb.problem.is_none());
    let (f, version) = match form {
        Some(f) => (f.about, f.version),
        None => (AboutForm::of(&d.monitoring), d.episode.version.to_string()),
    };
    Ok(render(
        fb.status(),
        &MonitoringPage {
            l: Layout::new(
                crate::msg!("case-mon-title", reference = &d.episode.reference),
                user,
                "",
            ),
            errors: fb.errors,
            general: fb.problem,
            f,
            version,
            reference: d.episode.reference.clone(),
        },
    ))
}

impl CaseForm for MonitoringForm {
    const POLICY: &'static Policy = &policy::MONITORING;
    type Input = MonitoringUpdate;

    fn csrf(&self) -> &str {
        &self.csrf_token
    }
    fn input(&self, errors: &mut FieldErrors) -> Self::Input {
        let _ = errors;
        MonitoringUpdate {
            fields: self.about.input(),
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
        update(c, actor, reference, &input, now)
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

/// The case page's "Monitoring details" section: recorded values in words.
pub struct MonitoringView {
    pub age_band: String,
    pub sex: String,
    pub ethnicity: String,
    pub transport: String,
    /// Empty unless a police vehicle was used.
    pub police_vehicle_reason: String,
    pub police_vehicle: bool,
    /// Empty when not recorded (the same as the person's own, or not known).
    pub ethnicity_perceived: String,
    pub arrested: String,
    pub first_place: String,
    /// Labels (catalogue keys) of what the return still lacks.
    pub missing: Vec<&'static str>,
    pub can_edit: bool,
    /// Something missing that the monitoring page records (not only the outcome).
    pub completable: bool,
}

impl MonitoringView {
    pub fn of(
        lang: crate::domain::lang::Lang,
        d: &crate::domain::episodes::CaseData,
        role: Role,
    ) -> Self {
        use crate::domain::lang::Msg;
        use crate::domain::monitoring::{first_place_label, missing};
        use crate::domain::rules::{Outcome, SiteKind};
        use crate::i18n::render;
        let m = &d.monitoring;
        let gaps = missing(
            m,
            d.episode.outcome.as_deref().and_then(Outcome::parse),
            d.episode.cancelled_at.is_some(),
        );
        let label =
            |l: Option<&'static str>| render(lang, &Msg::new(l.unwrap_or("case-not-recorded")));
        Self {
            age_band: label(m.age_band.map(AgeBand::label)),
            sex: label(m.sex.map(Sex::label)),
            ethnicity: label(m.ethnicity.map(Ethnicity::label)),
            transport: label(m.transport.map(Transport::label)),
            police_vehicle: m.transport == Some(Transport::PoliceVehicle),
            police_vehicle_reason: label(m.police_vehicle_reason.map(PoliceVehicleReason::label)),
            ethnicity_perceived: m
                .ethnicity_perceived
                .map(|e| render(lang, &Msg::new(e.label())))
                .unwrap_or_default(),
            arrested: m
                .arrested
                .map(|a| render(lang, &Msg::new(a.label())))
                .unwrap_or_default(),
            first_place: d
                .stays
                .first()
                .and_then(|(_, site)| SiteKind::parse(&site.kind))
                .map(first_place_label)
                .map(|k| render(lang, &Msg::new(k)))
                .unwrap_or_else(|| render(lang, &Msg::new("case-not-recorded"))),
            completable: gaps
                .iter()
                .any(|x| *x != crate::domain::monitoring::Missing::Outcome),
            missing: gaps.iter().map(|x| x.label()).collect(),
            can_edit: d.episode.cancelled_at.is_none()
                && crate::domain::policy::MONITORING.grants_role(role),
        }
    }
}
