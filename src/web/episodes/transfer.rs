//! A transfer to another place of safety, recorded by an officer of the force or
//! by health staff where the person is now.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{Feedback, needs_fold, parse_when};
use crate::db::orgs::{self, Site};
use crate::domain::episodes::{TransferInput, load, record_transfer};
use crate::domain::rules::Role;
use crate::domain::time::long;
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::{render, see_other, with_db};

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
    general: Option<String>,
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
    general: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (actor, r) = (user.actor.clone(), reference.clone());
    let (d, sites) = with_db(state, move |c| {
        Ok((load(c, &actor, &r)?, orgs::list_sites(c)?))
    })
    .await?;
    let (stay, here) = d.current()?;
    if f.version.is_empty() {
        f.version = d.episode.version.to_string();
    }
    let sites: Vec<Site> = sites.into_iter().filter(|s| s.id != here.id).collect();
    Ok(render(
        status,
        &TransferPage {
            police_station_open: super::police_station::section_open(&f.site, &sites, &errors),
            age_bands: super::police_station::AGE_BANDS,
            consulted: super::police_station::CONSULTED,
            l: Layout::new(format!("Transfer: {}", d.episode.reference), user, ""),
            left_fold: needs_fold(&errors, "left_at"),
            arrived_fold: needs_fold(&errors, "arrived_at"),
            errors,
            general,
            f,
            reference: d.episode.reference.clone(),
            from_site: here.name.clone(),
            left_legend: format!("Time the person left {}", here.name),
            arrived: long(crate::domain::time::from_db(stay.arrived_at)),
            sites,
        },
    ))
}

pub async fn show(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    user.actor
        .require(&[Role::Officer, Role::Health], "record a transfer")?;
    let f = TransferForm {
        left: "now".into(),
        arrival: "now".into(),
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
    form: web::Form<TransferForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    let reference = path.into_inner();
    let mut errors = FieldErrors::default();
    let left_at = parse_when(
        &f.left,
        &f.left_at,
        &f.left_at_fold,
        "left_at",
        "time the person left",
        &mut errors,
    );
    let arrived_at = parse_when(
        &f.arrival,
        &f.arrived_at,
        &f.arrived_at_fold,
        "arrived_at",
        "arrival time at the new place of safety",
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
    let input = TransferInput {
        site_code: Some(f.site.clone()),
        left_at,
        arrived_at,
        expected_version: f.version.trim().parse().ok(),
        age_band: f.ps.age_band(),
        police_station: f.ps.input(),
    };
    let now = state.now();
    let (actor, r) = (user.actor.clone(), reference.clone());
    let result = with_db(&state, move |c| record_transfer(c, &actor, &r, &input, now)).await;
    match Feedback::from_result(result)? {
        None => Ok(see_other(&format!("/episodes/{reference}"))),
        Some(fb) => {
            let status = fb.status();
            let f = if fb.problem.is_some() {
                TransferForm {
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
