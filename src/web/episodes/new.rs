//! Logging an arrival: the officer's main action, built for a phone.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::police_station::PoliceStationForm;
use super::{Feedback, needs_fold, parse_when};
use crate::db::orgs::{self, Site};
use crate::domain::auth::random_token;
use actix_web::http::StatusCode;

use crate::domain::episodes::{ArrivalInput, log_arrival};
use crate::domain::rules::Captured;
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
    /// Set by static/offline.js at the tap: the phone's clock (milliseconds
    /// since 1970) and server clock minus phone clock (milliseconds).
    pub captured_at: String,
    pub clock_offset: String,
}

/// `?shell=1`: the copy the service worker keeps for opening the form with no
/// signal. It has no form token (the script makes one per form) and no
/// server time (a stale one would skew the clock correction).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ShowQuery {
    pub shell: String,
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
    /// The server's clock when the page was made (ms), for the script to
    /// measure the phone's clock against; 0 in the service worker's copy.
    server_time_ms: i64,
    /// The form's token was used before for a different arrival.
    problem: Option<crate::domain::lang::Msg>,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    f: ArrivalForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let status = Feedback::fields(errors.clone()).status();
    let server_time_ms = state.now().timestamp_millis();
    page_with(state, user, f, errors, status, server_time_ms, None).await
}

async fn page_with(
    state: &AppState,
    user: &CurrentUser,
    f: ArrivalForm,
    errors: FieldErrors,
    status: actix_web::http::StatusCode,
    server_time_ms: i64,
    problem: Option<crate::domain::lang::Msg>,
) -> Result<HttpResponse, AppError> {
    let sites = with_db(state, crate::domain::orgs::open_sites).await?;
    let arrived_fold = needs_fold(&errors, "arrived_at");
    let detained_fold = needs_fold(&errors, "detained_at");
    let warrant_fold = needs_fold(&errors, "warrant_at");
    let police_station_open = super::police_station::section_open(&f.site, &sites, &errors);
    Ok(render(
        status,
        &ArrivalPage {
            l: Layout::new("case-arrival-title", user, "/episodes/new"),
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
            server_time_ms,
            problem,
        },
    ))
}

pub async fn show(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
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
    let shell = query.shell == "1";
    let f = ArrivalForm {
        form_token: if shell { String::new() } else { f.form_token },
        ..f
    };
    let server_time = if shell {
        0
    } else {
        state.now().timestamp_millis()
    };
    let mut r = page_with(
        &state,
        &user,
        f,
        FieldErrors::default(),
        StatusCode::OK,
        server_time,
        None,
    )
    .await?;
    // Not `no-store`: Back then shows this same page, with the same form
    // token, so submitting it again finds the case the first submit made
    // (the no-JavaScript half of "once"). `no-cache` still fetches a fresh
    // form (a new token) for every forward visit; `private` keeps it out of
    // shared caches.
    r.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("private, no-cache"),
    );
    Ok(r)
}

/// The tap recorded on the phone, if the script sent one.
fn captured(f: &ArrivalForm, errors: &mut FieldErrors) -> Option<Captured> {
    let raw = f.captured_at.trim();
    if raw.is_empty() {
        return None;
    }
    let unreadable = "case-arrival-capture-unreadable";
    let Some(device_at) = raw
        .parse::<i64>()
        .ok()
        .and_then(chrono::DateTime::from_timestamp_millis)
    else {
        errors.add("arrived_at", unreadable);
        return None;
    };
    let offset = match f.clock_offset.trim() {
        "" => None,
        o => match o.parse::<i64>() {
            Ok(ms) => Some(ms),
            Err(_) => {
                errors.add("arrived_at", unreadable);
                return None;
            }
        },
    };
    Captured::new(device_at, offset)
        .map_err(|m| errors.add("arrived_at", m))
        .ok()
}

/// Turns the form into the domain's input, or the fields it could not read.
fn parse(f: &ArrivalForm, errors: &mut FieldErrors) -> ArrivalInput {
    let arrived_at = parse_when(
        &f.arrival,
        &f.arrived_at,
        &f.arrived_at_fold,
        "arrived_at",
        "case-the-arrival-time",
        errors,
    );
    let detained_at = if f.detained_at.trim().is_empty() {
        None
    } else {
        parse_local(&f.detained_at, Fold::parse(&f.detained_at_fold))
            .map_err(|e| {
                errors.add(
                    "detained_at",
                    local_time_message(&e, "case-the-power-time", f.detained_at.trim()),
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
                    local_time_message(&e, "case-the-warrant-time", f.warrant_at.trim()),
                )
            })
            .ok()
    };
    let officers = match f.officers.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.add("officers", "case-arrival-officers-number");
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
        captured: captured(f, errors),
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
                .map_err(|_| errors.add("prealert", "case-arrival-prealert-unknown"))
                .ok(),
        },
    }
}

/// static/offline.js sends this header: it wants the case's reference, not
/// a redirect to the case page that it would fetch only to throw away.
const SENT_BY_SCRIPT: &str = "x-s136-send";

pub async fn submit(
    req: actix_web::HttpRequest,
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
        Ok(logged) if req.headers().contains_key(SENT_BY_SCRIPT) => Ok(HttpResponse::Ok()
            .insert_header(("X-S136-Case", logged.reference))
            .finish()),
        Ok(logged) => Ok(see_other(&format!("/episodes/{}", logged.reference))),
        Err(e) if e.kind == ErrorKind::ValidationFailed => {
            // A capture time that was refused is not sent again: the officer
            // enters the time instead.
            let f = if e.fields.get("arrived_at").is_some() {
                ArrivalForm {
                    captured_at: String::new(),
                    clock_offset: String::new(),
                    ..f
                }
            } else {
                f
            };
            page(&state, &user, f, e.fields).await
        }
        Err(e) if e.kind == ErrorKind::Conflict => {
            // Another arrival on a used form: a fresh token, so that
            // submitting again (after checking) logs it as a new case.
            let f = ArrivalForm {
                form_token: random_token(16),
                captured_at: String::new(),
                clock_offset: String::new(),
                ..f
            };
            let t = now.timestamp_millis();
            page_with(
                &state,
                &user,
                f,
                FieldErrors::default(),
                StatusCode::CONFLICT,
                t,
                Some(e.message),
            )
            .await
        }
        Err(e) => Err(e),
    }
}
