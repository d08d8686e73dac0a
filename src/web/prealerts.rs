//! Pre-alerts on the pages: an officer says, from the officer home, which
//! place of safety they are bringing someone to and in how many minutes.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::layout::Layout;
use super::session::CurrentUser;
use super::{render, see_other, with_db};
use crate::db::orgs::{self, Site};
use crate::domain::policy;
use crate::domain::prealerts::{self, DEFAULT_ETA_MINUTES, PrealertInput};
use crate::error::{AppError, ErrorKind, FieldErrors};
use crate::http::AppState;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct PrealertForm {
    pub csrf_token: String,
    pub site: String,
    pub eta_minutes: String,
    pub under_18: String,
    pub needs_ed: String,
    pub violence_risk: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "prealert_new.html")]
pub struct PrealertPage {
    l: Layout,
    errors: FieldErrors,
    f: PrealertForm,
    sites: Vec<Site>,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    f: PrealertForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let status = super::episodes::Feedback::fields(errors.clone()).status();
    let sites = with_db(state, |c| Ok(orgs::list_sites(c)?)).await?;
    Ok(render(
        status,
        &PrealertPage {
            l: Layout::new("case-officer-prealert-link", user, "/officer"),
            errors,
            f,
            sites,
        },
    ))
}

pub async fn show(user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    policy::PREALERT.check_role(&user.actor)?;
    let last_site = user.actor.last_site_id;
    let site = match last_site {
        Some(id) => with_db(&state, move |c| Ok(orgs::site_by_id(c, id).ok())).await?,
        None => None,
    };
    let f = PrealertForm {
        site: site.map(|s| s.code).unwrap_or_default(),
        eta_minutes: DEFAULT_ETA_MINUTES.to_string(),
        ..Default::default()
    };
    page(&state, &user, f, FieldErrors::default()).await
}

pub async fn submit(
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<PrealertForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    policy::PREALERT.check_role(&user.actor)?;
    let eta = match f.eta_minutes.trim() {
        "" => Ok(None),
        s => s.parse::<i64>().map(Some),
    };
    let Ok(eta_minutes) = eta else {
        let mut errors = FieldErrors::default();
        errors.add(
            "eta_minutes",
            crate::msg!("case-prealert-eta-number", max = prealerts::MAX_ETA_MINUTES),
        );
        return page(&state, &user, f, errors).await;
    };
    let input = PrealertInput {
        site_code: Some(f.site.clone()),
        eta_minutes,
        under_18: !f.under_18.is_empty(),
        needs_ed: !f.needs_ed.is_empty(),
        violence_risk: !f.violence_risk.is_empty(),
        note: Some(f.note.clone()),
    };
    let (actor, now) = (user.actor.clone(), state.now());
    match with_db(&state, move |c| prealerts::create(c, &actor, &input, now)).await {
        Ok(_) => Ok(see_other("/officer")),
        Err(e) if e.kind == ErrorKind::ValidationFailed => page(&state, &user, f, e.fields).await,
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CancelForm {
    pub csrf_token: String,
}

pub async fn cancel(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<CancelForm>,
) -> Result<HttpResponse, AppError> {
    user.check_csrf(&form.csrf_token)?;
    let id: i64 = path.parse().map_err(|_| AppError::not_found())?;
    let (actor, now) = (user.actor.clone(), state.now());
    with_db(&state, move |c| prealerts::cancel(c, &actor, id, now)).await?;
    Ok(see_other("/officer"))
}
