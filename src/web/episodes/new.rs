//! Logging an arrival: the officer's main action, built for a phone.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::police_station::PoliceStationForm;
use super::{Feedback, needs_fold, parse_when};
use crate::db::orgs::{self, Site};
use crate::domain::auth::random_token;
use crate::domain::episodes::{ArrivalInput, log_arrival};
use crate::domain::safeguards::PowerInput;
use crate::domain::time::{Fold, local_time_message, parse_local};
use crate::error::{AppError, ErrorKind, FieldErrors};
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, see_other, with_db};

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ArrivalForm {
    pub csrf_token: String,
    pub form_token: String,
    pub site: String,
    pub arrival: String,
    pub arrived_at: String,
    pub arrived_at_fold: String,
    pub backdate_reason: String,
    /// Absent means the officer's own (from their profile); present but blank is an error.
    pub collar_number: Option<String>,
    pub officers: String,
    pub detained_at: String,
    pub detained_at_fold: String,
    pub notes: String,
    /// About the person (optional monitoring fields).
    #[serde(flatten)]
    pub about: super::monitoring::AboutForm,
    /// "s136" (default) or "s135".
    pub kind: String,
    pub warrant_at: String,
    pub warrant_at_fold: String,
    pub amhp_name: String,
    pub location_type: String,
    #[serde(flatten)]
    pub ps: PoliceStationForm,
    /// The pre-alert this arrival fulfils (from the officer home).
    pub prealert: String,
}

#[derive(Template)]
#[template(path = "arrival_new.html")]
pub struct ArrivalPage {
    l: Layout,
    errors: FieldErrors,
    f: ArrivalForm,
    sites: Vec<Site>,
    arrived_fold: bool,
    detained_fold: bool,
    warrant_fold: bool,
    police_station_open: bool,
    age_bands: &'static [crate::domain::rules::AgeBand],
    consulted: &'static [crate::domain::rules::HealthConsulted],
    location_types: &'static [crate::domain::rules::LocationType],
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    f: ArrivalForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let status = Feedback::fields(errors.clone()).status();
    let sites = with_db(state, crate::domain::orgs::open_sites).await?;
    let arrived_fold = needs_fold(&errors, "arrived_at");
    let detained_fold = needs_fold(&errors, "detained_at");
    let warrant_fold = needs_fold(&errors, "warrant_at");
    let police_station_open = super::police_station::section_open(&f.site, &sites, &errors);
    Ok(render(
        status,
        &ArrivalPage {
            l: Layout::new("Log arrival at a place of safety", user, "/episodes/new"),
            errors,
            f,
            sites,
            arrived_fold,
            detained_fold,
            warrant_fold,
            police_station_open,
            age_bands: super::police_station::AGE_BANDS,
            consulted: super::police_station::CONSULTED,
            location_types: crate::domain::rules::LocationType::ALL,
        },
    ))
}

pub async fn show(user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    crate::domain::policy::LOG_ARRIVAL.check_role(&user.actor)?;
    let last_site = user.actor.last_site_id;
    let site = match last_site {
        Some(id) => with_db(&state, move |c| Ok(orgs::site_by_id(c, id).ok()))
            .await?
            .filter(crate::domain::orgs::site_is_open),
        None => None,
    };
    let f = ArrivalForm {
        form_token: random_token(16),
        site: site.map(|s| s.code).unwrap_or_default(),
        arrival: "now".into(),
        kind: "s136".into(),
        collar_number: user.actor.collar_number.clone(),
        officers: "2".into(),
        ..Default::default()
    };
    page(&state, &user, f, FieldErrors::default()).await
}

/// Turns the form into the domain's input, or the fields it could not read.
fn parse(f: &ArrivalForm, errors: &mut FieldErrors) -> ArrivalInput {
    let arrived_at = parse_when(
        &f.arrival,
        &f.arrived_at,
        &f.arrived_at_fold,
        "arrived_at",
        "arrival time",
        errors,
    );
    let detained_at = if f.detained_at.trim().is_empty() {
        None
    } else {
        parse_local(&f.detained_at, Fold::parse(&f.detained_at_fold))
            .map_err(|e| {
                errors.add(
                    "detained_at",
                    local_time_message(&e, "time the power was used", f.detained_at.trim()),
                )
            })
            .ok()
    };
    let s135 = f.kind.trim() == "s135";
    let warrant_at = if !s135 || f.warrant_at.trim().is_empty() {
        None
    } else {
        parse_local(&f.warrant_at, Fold::parse(&f.warrant_at_fold))
            .map_err(|e| {
                errors.add(
                    "warrant_at",
                    local_time_message(&e, "time the warrant was executed", f.warrant_at.trim()),
                )
            })
            .ok()
    };
    let officers = match f.officers.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.add(
                    "officers",
                    "Enter the number of officers as a whole number, like 2",
                );
                None
            }
        },
    };
    ArrivalInput {
        site_code: Some(f.site.clone()),
        arrived_at,
        backdate_reason: Some(f.backdate_reason.clone()),
        collar_number: f.collar_number.clone(),
        detained_at,
        officers,
        notes: Some(f.notes.clone()),
        client_ref: (!f.form_token.trim().is_empty()).then(|| f.form_token.clone()),
        about: f.about.input(),
        power: PowerInput {
            kind: Some(f.kind.clone()),
            warrant_at,
            amhp_name: s135.then(|| f.amhp_name.clone()),
            location_type: (!s135).then(|| f.location_type.clone()),
        },
        police_station: f.ps.input(),
        prealert_id: match f.prealert.trim() {
            "" => None,
            p => p
                .parse()
                .map_err(|_| {
                    errors.add(
                        "prealert",
                        "That pre-alert is not known. Log the arrival without it.",
                    )
                })
                .ok(),
        },
    }
}

pub async fn submit(
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<ArrivalForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    crate::domain::policy::LOG_ARRIVAL.check_role(&user.actor)?;
    let mut errors = FieldErrors::default();
    let input = parse(&f, &mut errors);
    if !errors.is_empty() {
        return page(&state, &user, f, errors).await;
    }
    let now = state.now();
    let actor = user.actor.clone();
    match with_db(&state, move |c| log_arrival(c, &actor, &input, now)).await {
        Ok(logged) => Ok(see_other(&format!("/episodes/{}", logged.reference))),
        Err(e) if e.kind == ErrorKind::ValidationFailed => page(&state, &user, f, e.fields).await,
        Err(e) => Err(e),
    }
}
