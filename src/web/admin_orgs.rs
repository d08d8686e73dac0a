//! Administrators change and retire forces and places of safety, one page each.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::layout::Layout;
use super::session::CurrentUser;
use super::{render, see_other, with_db};
use crate::db::orgs::{self, Force, Site};
use crate::domain::admin::{self, By};
use crate::domain::lang::Msg;
use crate::domain::notify;
use crate::domain::policy::SETUP;
use crate::domain::rules::SiteKind;
use crate::error::{AppError, ErrorKind, FieldErrors};
use crate::http::AppState;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SiteForm {
    pub csrf_token: String,
    pub name: String,
    pub kind: String,
    pub trust: String,
    /// "en", "cy" or "none"; absent: left as it is.
    pub language: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ForceForm {
    pub csrf_token: String,
    pub name: String,
    /// "en", "cy" or "none"; absent: left as it is.
    pub language: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CsrfOnly {
    pub csrf_token: String,
}

pub use super::admin::Saved;

#[derive(Template)]
#[template(path = "admin_site.html")]
pub struct SitePage {
    l: Layout,
    errors: FieldErrors,
    site: Site,
    f: SiteForm,
    kinds: Vec<(&'static str, &'static str)>,
    notice: Option<Msg>,
    /// Escalation thresholds ("0,45,60") and repeat, as the form shows them.
    esc_at: String,
    esc_repeat: String,
    /// (role, email) the site's notifications go to.
    contacts: Vec<(String, String)>,
    contact_email: String,
    /// The default language radio's value: "en", "cy" or "none".
    language: String,
    languages: [(&'static str, &'static str); 3],
}

#[derive(Template)]
#[template(path = "admin_force.html")]
pub struct ForcePage {
    l: Layout,
    errors: FieldErrors,
    force: Force,
    f: ForceForm,
    notice: Option<Msg>,
    language: String,
    languages: [(&'static str, &'static str); 3],
}

fn notice(saved: &str) -> Option<Msg> {
    let key = match saved {
        "changes" => "admin-saved-changes",
        "retired" => "admin-saved-retired",
        "reopened" => "admin-saved-reopened",
        "escalation" => "admin-saved-escalation",
        "contact_added" => "admin-saved-contact-added",
        "contact_removed" => "admin-saved-contact-removed",
        _ => return None,
    };
    Some(Msg::new(key))
}

/// The default-language choices of a site or force page: (value, label key).
pub const LANGUAGES: [(&str, &str); 3] = [
    ("en", "admin-language-en"),
    ("cy", "admin-language-cy"),
    ("none", "admin-language-none"),
];

/// The radio to check: what the form was sent with, else what is stored.
fn language_value(form: Option<&str>, stored: Option<&str>) -> String {
    form.or(stored).unwrap_or("none").to_string()
}

/// What the notification forms on the site page were sent with, to show
/// again beside their errors.
#[derive(Default)]
pub struct NotifyInput {
    pub at: Option<String>,
    pub repeat: Option<String>,
    pub email: String,
}

async fn site_page(
    state: &AppState,
    user: &CurrentUser,
    code: String,
    form: Option<SiteForm>,
    errors: FieldErrors,
    saved: &str,
) -> Result<HttpResponse, AppError> {
    site_page_with(
        state,
        user,
        code,
        form,
        errors,
        saved,
        NotifyInput::default(),
    )
    .await
}

pub(super) async fn site_page_with(
    state: &AppState,
    user: &CurrentUser,
    code: String,
    form: Option<SiteForm>,
    errors: FieldErrors,
    saved: &str,
    input: NotifyInput,
) -> Result<HttpResponse, AppError> {
    SETUP.check_role(&user.actor)?;
    let (site, rule, contacts) = with_db(state, move |c| {
        let site =
            orgs::site_by_code(c, &code.to_ascii_uppercase())?.ok_or_else(AppError::not_found)?;
        let rule = notify::rule_for_site(c, &site.code)?;
        let contacts = notify::contacts(c, &site.code)?;
        Ok((site, rule, contacts))
    })
    .await?;
    let f = form.unwrap_or_else(|| SiteForm {
        name: site.name.clone(),
        kind: site.kind.clone(),
        trust: site.trust.clone(),
        ..Default::default()
    });
    let language = language_value(f.language.as_deref(), site.language.as_deref());
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render(
        status,
        &SitePage {
            l: Layout::new(
                crate::msg!("admin-change-title", name = site.name.as_str()),
                user,
                "/admin",
            ),
            errors,
            f,
            kinds: SiteKind::ALL
                .iter()
                .map(|k| (k.code(), k.label()))
                .collect(),
            notice: notice(saved),
            site,
            esc_at: input.at.unwrap_or_else(|| rule.thresholds_text()),
            esc_repeat: input.repeat.unwrap_or_else(|| rule.repeat.to_string()),
            contacts,
            contact_email: input.email,
            language,
            languages: LANGUAGES,
        },
    ))
}

async fn force_page(
    state: &AppState,
    user: &CurrentUser,
    code: String,
    form: Option<ForceForm>,
    errors: FieldErrors,
    saved: &str,
) -> Result<HttpResponse, AppError> {
    SETUP.check_role(&user.actor)?;
    let force = with_db(state, move |c| {
        orgs::force_by_code(c, &code.to_ascii_uppercase())?.ok_or_else(AppError::not_found)
    })
    .await?;
    let f = form.unwrap_or_else(|| ForceForm {
        name: force.name.clone(),
        ..Default::default()
    });
    let language = language_value(f.language.as_deref(), force.language.as_deref());
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render(
        status,
        &ForcePage {
            l: Layout::new(
                crate::msg!("admin-change-title", name = force.name.as_str()),
                user,
                "/admin",
            ),
            errors,
            f,
            notice: notice(saved),
            force,
            language,
            languages: LANGUAGES,
        },
    ))
}

pub async fn show_site(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    q: web::Query<Saved>,
) -> Result<HttpResponse, AppError> {
    site_page(
        &state,
        &user,
        path.into_inner(),
        None,
        FieldErrors::default(),
        &q.saved,
    )
    .await
}

pub async fn edit_site(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<SiteForm>,
) -> Result<HttpResponse, AppError> {
    let (code, f) = (path.into_inner(), form.into_inner());
    user.check_csrf(&f.csrf_token)?;
    let (actor, now, g, c2) = (user.actor.clone(), state.now(), f.clone(), code.clone());
    let r = with_db(&state, move |c| {
        admin::edit_site(
            c,
            &By::Admin(&actor),
            &c2,
            &g.name,
            &g.kind,
            &g.trust,
            g.language.as_deref(),
            now,
        )
    })
    .await;
    match r {
        Ok(s) => Ok(see_other(&format!("/admin/sites/{}?saved=changes", s.code))),
        Err(e) if e.kind == ErrorKind::ValidationFailed => {
            site_page(&state, &user, code, Some(f), e.fields, "").await
        }
        Err(e) => Err(e),
    }
}

async fn retire_site(
    user: CurrentUser,
    state: &AppState,
    code: String,
    form: CsrfOnly,
    retired: bool,
) -> Result<HttpResponse, AppError> {
    user.check_csrf(&form.csrf_token)?;
    let (actor, now) = (user.actor.clone(), state.now());
    let s = with_db(state, move |c| {
        admin::set_site_retired(c, &By::Admin(&actor), &code, retired, now)
    })
    .await?;
    let what = if retired { "retired" } else { "reopened" };
    Ok(see_other(&format!("/admin/sites/{}?saved={what}", s.code)))
}

pub async fn retire(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    retire_site(user, &state, path.into_inner(), form.into_inner(), true).await
}

pub async fn reopen(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    retire_site(user, &state, path.into_inner(), form.into_inner(), false).await
}

pub async fn show_force(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    q: web::Query<Saved>,
) -> Result<HttpResponse, AppError> {
    force_page(
        &state,
        &user,
        path.into_inner(),
        None,
        FieldErrors::default(),
        &q.saved,
    )
    .await
}

pub async fn edit_force(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ForceForm>,
) -> Result<HttpResponse, AppError> {
    let (code, f) = (path.into_inner(), form.into_inner());
    user.check_csrf(&f.csrf_token)?;
    let (actor, now, g, c2) = (user.actor.clone(), state.now(), f.clone(), code.clone());
    let r = with_db(&state, move |c| {
        admin::edit_force(
            c,
            &By::Admin(&actor),
            &c2,
            &g.name,
            g.language.as_deref(),
            now,
        )
    })
    .await;
    match r {
        Ok(x) => Ok(see_other(&format!(
            "/admin/forces/{}?saved=changes",
            x.code
        ))),
        Err(e) if e.kind == ErrorKind::ValidationFailed => {
            force_page(&state, &user, code, Some(f), e.fields, "").await
        }
        Err(e) => Err(e),
    }
}

async fn retire_force_as(
    user: CurrentUser,
    state: &AppState,
    code: String,
    form: CsrfOnly,
    retired: bool,
) -> Result<HttpResponse, AppError> {
    user.check_csrf(&form.csrf_token)?;
    let (actor, now) = (user.actor.clone(), state.now());
    let x = with_db(state, move |c| {
        admin::set_force_retired(c, &By::Admin(&actor), &code, retired, now)
    })
    .await?;
    let what = if retired { "retired" } else { "reopened" };
    Ok(see_other(&format!("/admin/forces/{}?saved={what}", x.code)))
}

pub async fn retire_force(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    retire_force_as(user, &state, path.into_inner(), form.into_inner(), true).await
}

pub async fn reopen_force(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    retire_force_as(user, &state, path.into_inner(), form.into_inner(), false).await
}
