//! Administrators see the outbox (pending, sent, failed: the dead-letter
//! list, with a retry), manage webhooks, and set each place of safety's
//! escalation rule and email contacts (on the site's page).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::admin_orgs::{CsrfOnly, Saved};
use super::layout::Layout;
use super::session::CurrentUser;
use super::{render, see_other, with_db};
use crate::domain::admin::By;
use crate::domain::lang::Msg;
use crate::domain::notify::{self, Outbox, WebhookView};
use crate::domain::policy::SETUP;
use crate::error::{AppError, ErrorKind, FieldErrors};
use crate::http::AppState;

/// Rows shown per list.
const LIMIT: i64 = 100;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct WebhookForm {
    pub csrf_token: String,
    pub url: String,
    pub secret: String,
    pub site: String,
    pub force: String,
    pub events: String,
}

#[derive(Template)]
#[template(path = "admin_notifications.html")]
pub struct Page {
    l: Layout,
    errors: FieldErrors,
    outbox: Outbox,
    webhooks: Vec<WebhookView>,
    f: WebhookForm,
    events_hint: String,
    notice: Option<Msg>,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    form: Option<WebhookForm>,
    errors: FieldErrors,
    saved: &str,
) -> Result<HttpResponse, AppError> {
    SETUP.check_role(&user.actor)?;
    let (actor, lang) = (user.actor.clone(), user.reader.lang);
    let (outbox, webhooks) = with_db(state, move |c| {
        let by = By::Admin(&actor);
        Ok((
            notify::outbox(c, &by, LIMIT, lang)?,
            notify::list_webhooks(c, &by, lang)?,
        ))
    })
    .await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let notice = match saved {
        "retried" => Some(Msg::new("notify-saved-retried")),
        "added" => Some(Msg::new("notify-saved-added")),
        "removed" => Some(Msg::new("notify-saved-removed")),
        _ => None,
    };
    Ok(render(
        status,
        &Page {
            l: Layout::new("notify-title", user, "/admin"),
            errors,
            outbox,
            webhooks,
            f: form.unwrap_or_default(),
            events_hint: crate::i18n::render(
                lang,
                &crate::msg!(
                    "notify-events-hint",
                    known = notify::Kind::ALL
                        .iter()
                        .map(|k| k.code())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            notice,
        },
    ))
}

pub async fn show(
    user: CurrentUser,
    state: web::Data<AppState>,
    q: web::Query<Saved>,
) -> Result<HttpResponse, AppError> {
    page(&state, &user, None, FieldErrors::default(), &q.saved).await
}

pub async fn retry(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    user.check_csrf(&form.csrf_token)?;
    let (actor, now, id) = (user.actor.clone(), state.now(), path.into_inner());
    with_db(&state, move |c| {
        notify::retry(c, &By::Admin(&actor), id, now)
    })
    .await?;
    Ok(see_other("/admin/notifications?saved=retried#failed"))
}

pub async fn add_webhook(
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<WebhookForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    let (actor, now, g) = (user.actor.clone(), state.now(), f.clone());
    let r = with_db(&state, move |c| {
        notify::add_webhook(
            c,
            &By::Admin(&actor),
            &g.url,
            &g.secret,
            &g.site,
            &g.force,
            &g.events,
            now,
        )
    })
    .await;
    match r {
        Ok(_) => Ok(see_other("/admin/notifications?saved=added#webhooks")),
        Err(e) if e.kind == ErrorKind::ValidationFailed => {
            let kept = WebhookForm {
                secret: String::new(),
                ..f
            };
            page(&state, &user, Some(kept), e.fields, "").await
        }
        Err(e) => Err(e),
    }
}

pub async fn remove_webhook(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    user.check_csrf(&form.csrf_token)?;
    let (actor, now, id) = (user.actor.clone(), state.now(), path.into_inner());
    with_db(&state, move |c| {
        notify::remove_webhook(c, &By::Admin(&actor), id, now)
    })
    .await?;
    Ok(see_other("/admin/notifications?saved=removed#webhooks"))
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct EscalationForm {
    pub csrf_token: String,
    pub at: String,
    pub repeat: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ContactForm {
    pub csrf_token: String,
    pub role: String,
    pub email: String,
}

/// A refusal shows the site's page again with the errors; anything else
/// goes back to it with a notice.
async fn back_to_site(
    state: &AppState,
    user: &CurrentUser,
    code: String,
    r: Result<(), AppError>,
    saved: &str,
    input: super::admin_orgs::NotifyInput,
) -> Result<HttpResponse, AppError> {
    match r {
        Ok(()) => Ok(see_other(&format!(
            "/admin/sites/{}?saved={saved}#notifications",
            code.to_ascii_uppercase()
        ))),
        Err(e) if e.kind == ErrorKind::ValidationFailed => {
            super::admin_orgs::site_page_with(state, user, code, None, e.fields, "", input).await
        }
        Err(e) => Err(e),
    }
}

pub async fn set_escalation(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<EscalationForm>,
) -> Result<HttpResponse, AppError> {
    let (code, f) = (path.into_inner(), form.into_inner());
    user.check_csrf(&f.csrf_token)?;
    let (actor, now, g, c2) = (user.actor.clone(), state.now(), f.clone(), code.clone());
    let r = with_db(&state, move |c| {
        notify::set_rule(c, &By::Admin(&actor), &c2, &g.at, &g.repeat, now).map(|_| ())
    })
    .await;
    let input = super::admin_orgs::NotifyInput {
        at: Some(f.at),
        repeat: Some(f.repeat),
        email: String::new(),
    };
    back_to_site(&state, &user, code, r, "escalation", input).await
}

async fn change_contact(
    user: CurrentUser,
    state: &AppState,
    code: String,
    f: ContactForm,
    add: bool,
) -> Result<HttpResponse, AppError> {
    user.check_csrf(&f.csrf_token)?;
    let (actor, now, g, c2) = (user.actor.clone(), state.now(), f.clone(), code.clone());
    let r = with_db(state, move |c| {
        notify::set_contact(c, &By::Admin(&actor), &c2, &g.role, &g.email, add, now)
    })
    .await;
    let saved = if add {
        "contact_added"
    } else {
        "contact_removed"
    };
    let input = super::admin_orgs::NotifyInput {
        email: f.email,
        ..Default::default()
    };
    back_to_site(state, &user, code, r, saved, input).await
}

pub async fn add_contact(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ContactForm>,
) -> Result<HttpResponse, AppError> {
    change_contact(user, &state, path.into_inner(), form.into_inner(), true).await
}

pub async fn remove_contact(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ContactForm>,
) -> Result<HttpResponse, AppError> {
    change_contact(user, &state, path.into_inner(), form.into_inner(), false).await
}
