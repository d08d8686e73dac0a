//! Administrators set up forces, places of safety and accounts.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::layout::Layout;
use super::session::CurrentUser;
use super::{render, with_db};
use crate::db::orgs::{self, Force, Site};
use crate::db::users;
use crate::domain::admin::{self, By, NewUserInput};
use crate::domain::auth::random_token;
use crate::domain::lang::Msg;
use crate::domain::rules::{Role, SiteKind};
use crate::error::{AppError, ErrorKind, FieldErrors};
use crate::http::AppState;
use crate::i18n::{render as render_msg, text};

pub struct UserRow {
    pub username: String,
    pub display_name: String,
    pub role: &'static str,
    pub scope: String,
    pub active: bool,
    /// The signed-in admin's own row: it has no disable button.
    pub is_self: bool,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct AccountForm {
    pub csrf_token: String,
    pub username: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ForceForm {
    pub csrf_token: String,
    pub code: String,
    pub name: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SiteForm {
    pub csrf_token: String,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub trust: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct UserForm {
    pub csrf_token: String,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub force: String,
    pub site: String,
    pub collar_number: String,
    pub password: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct PasswordForm {
    pub csrf_token: String,
    pub username: String,
    pub password: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SettingsForm {
    pub csrf_token: String,
    pub handover_target_minutes: String,
}

/// `/admin?saved=...`: the notice after a redirect.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Saved {
    pub saved: String,
}

#[derive(Template, Default)]
#[template(path = "admin.html")]
pub struct AdminPage {
    l: Layout,
    /// Every error on the page, keyed by element id, for the summary.
    errors: FieldErrors,
    fe: FieldErrors,
    se: FieldErrors,
    ue: FieldErrors,
    pe: FieldErrors,
    te: FieldErrors,
    ff: ForceForm,
    sf: SiteForm,
    uf: UserForm,
    pf: PasswordForm,
    /// The target field as typed (after a refusal) or as in force.
    tf: SettingsForm,
    target_hint: String,
    notice: Option<String>,
    /// A refusal that belongs to no field (disabling an account).
    problem: Option<Msg>,
    forces: Vec<Force>,
    sites: Vec<Site>,
    forces_open: Vec<Force>,
    sites_open: Vec<Site>,
    users: Vec<UserRow>,
    kinds: Vec<(&'static str, &'static str)>,
    roles: Vec<(&'static str, &'static str)>,
}

fn prefixed(prefix: &str, e: &FieldErrors) -> Vec<(String, crate::domain::lang::Msg)> {
    e.0.iter()
        .map(|(f, m)| (format!("{prefix}-{f}"), m.clone()))
        .collect()
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    mut p: AdminPage,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (forces, sites, all_users, target) = with_db(state, |c| {
        Ok((
            orgs::list_forces(c)?,
            orgs::list_sites(c)?,
            users::list(c)?,
            orgs::target_minutes(c)?,
        ))
    })
    .await?;
    // After a refusal the field keeps what was typed.
    if p.te.is_empty() {
        p.tf.handover_target_minutes = target.to_string();
    }
    let lang = user.reader.lang;
    p.target_hint = render_msg(
        lang,
        &crate::msg!(
            "admin-target-hint",
            min = *admin::TARGET_RANGE.start(),
            max = *admin::TARGET_RANGE.end()
        ),
    );
    p.users = all_users
        .iter()
        .map(|u| UserRow {
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role: Role::parse(&u.role).map(|r| r.label()).unwrap_or(""),
            active: u.active,
            is_self: u.id == user.actor.user_id,
            scope: match (u.force_id, u.site_id) {
                (Some(f), _) => forces
                    .iter()
                    .find(|x| x.id == f)
                    .map(|x| x.name.clone())
                    .unwrap_or_default(),
                (None, Some(s)) => sites
                    .iter()
                    .find(|x| x.id == s)
                    .map(|x| x.name.clone())
                    .unwrap_or_default(),
                (None, None) => text(lang, "admin-scope-all"),
            },
        })
        .collect();
    // Only open forces and sites are offered for new accounts.
    p.forces_open = forces
        .iter()
        .filter(|f| crate::domain::orgs::force_is_open(f))
        .cloned()
        .collect();
    p.sites_open = sites
        .iter()
        .filter(|s| crate::domain::orgs::site_is_open(s))
        .cloned()
        .collect();
    p.forces = forces;
    p.sites = sites;
    p.kinds = SiteKind::ALL
        .iter()
        .map(|k| (k.code(), k.label()))
        .collect();
    p.roles = Role::ALL.iter().map(|r| (r.code(), r.label())).collect();
    let mut all = prefixed("force", &p.fe);
    all.extend(prefixed("site", &p.se));
    all.extend(prefixed("user", &p.ue));
    all.extend(prefixed("pw", &p.pe));
    all.extend(prefixed("target", &p.te));
    p.errors = FieldErrors(all);
    p.l = Layout::new("admin-title", user, "/admin");
    Ok(render(status, &p))
}

/// The notice of a form that saved, carried across its redirect: a short-lived
/// HttpOnly cookie read (and removed) by the next `GET /admin`, because a
/// generated password must be shown once and never sit in a URL.
const NOTICE_COOKIE: &str = "s136_admin_notice";

fn saved_redirect(state: &AppState, notice: &str) -> HttpResponse {
    let value = serde_urlencoded::to_string([("n", notice)]).unwrap_or_default();
    let value = value.strip_prefix("n=").unwrap_or_default().to_string();
    HttpResponse::SeeOther()
        .insert_header(("location", "/admin?saved=1"))
        .cookie(super::session::cookie(
            NOTICE_COOKIE,
            value,
            state.secure_cookies,
            Some(actix_web::cookie::time::Duration::minutes(5)),
        ))
        .finish()
}

fn read_notice(req: &HttpRequest, secure: bool) -> Option<String> {
    let raw = super::session::read_cookie(req, NOTICE_COOKIE, secure)?;
    serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("n={raw}"))
        .ok()?
        .pop()
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

pub async fn index(
    req: HttpRequest,
    user: CurrentUser,
    state: web::Data<AppState>,
    saved: web::Query<Saved>,
) -> Result<HttpResponse, AppError> {
    crate::domain::policy::SETUP.check_role(&user.actor)?;
    let flash = read_notice(&req, state.secure_cookies);
    let p = AdminPage {
        notice: match saved.saved.as_str() {
            "target" => Some(text(user.reader.lang, "admin-saved-target")),
            "1" => flash.clone(),
            _ => None,
        },
        ..Default::default()
    };
    let mut resp = page(&state, &user, p, StatusCode::OK).await?;
    if flash.is_some() {
        // Shown once: a reload does not show it (or a password) again.
        resp.add_cookie(&super::session::removal(
            NOTICE_COOKIE,
            state.secure_cookies,
        ))
        .map_err(|e| AppError::internal(anyhow::anyhow!("cookie: {e}")))?;
    }
    Ok(resp)
}

/// Saves the handover target, then redirects back to the set-up page, so a
/// reload does not post again. A refused value re-renders with what was typed.
pub async fn set_settings(
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<SettingsForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    let (actor, now, value) = (
        user.actor.clone(),
        state.now(),
        f.handover_target_minutes.clone(),
    );
    let r = with_db(&state, move |c| {
        admin::set_setting(c, &By::Admin(&actor), orgs::TARGET_KEY, &value, now)
    })
    .await;
    match r {
        Ok(_) => Ok(HttpResponse::SeeOther()
            .insert_header(("location", "/admin?saved=target#target"))
            .finish()),
        Err(e) if e.kind == ErrorKind::ValidationFailed => {
            let p = AdminPage {
                te: e.fields,
                tf: f,
                ..Default::default()
            };
            page(&state, &user, p, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e),
    }
}

/// The outcome of one form: saved, a redirect to the set-up page with its
/// notice (POST-redirect-GET, so a reload does not post again); refused,
/// the page again with its errors and what was typed.
async fn outcome<T>(
    state: &AppState,
    user: &CurrentUser,
    result: Result<T, AppError>,
    ok: impl FnOnce(T) -> Msg,
    on_error: impl FnOnce(&mut AdminPage, FieldErrors),
) -> Result<HttpResponse, AppError> {
    match result {
        Ok(v) => Ok(saved_redirect(state, &render_msg(user.reader.lang, &ok(v)))),
        Err(e) if e.kind == ErrorKind::ValidationFailed => {
            let mut p = AdminPage::default();
            on_error(&mut p, e.fields);
            page(state, user, p, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e),
    }
}

pub async fn add_force(
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<ForceForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    let (actor, now, g) = (user.actor.clone(), state.now(), f.clone());
    let r = with_db(&state, move |c| {
        admin::add_force(c, &By::Admin(&actor), &g.code, &g.name, now)
    })
    .await;
    outcome(
        &state,
        &user,
        r,
        |x| crate::msg!("admin-force-added", name = x.name, code = x.code),
        |p, e| {
            p.fe = e;
            p.ff = f;
        },
    )
    .await
}

pub async fn add_site(
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<SiteForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    let (actor, now, g) = (user.actor.clone(), state.now(), f.clone());
    let r = with_db(&state, move |c| {
        admin::add_site(
            c,
            &By::Admin(&actor),
            &g.code,
            &g.name,
            &g.kind,
            &g.trust,
            now,
        )
    })
    .await;
    outcome(
        &state,
        &user,
        r,
        |x| crate::msg!("admin-site-added", name = x.name, code = x.code),
        |p, e| {
            p.se = e;
            p.sf = f;
        },
    )
    .await
}

pub async fn add_user(
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<UserForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    let generated = f.password.is_empty();
    let password = if generated {
        random_token(12)
    } else {
        f.password.clone()
    };
    let input = NewUserInput {
        username: f.username.clone(),
        display_name: f.display_name.clone(),
        role: f.role.clone(),
        force_code: f.force.clone(),
        site_code: f.site.clone(),
        collar_number: f.collar_number.clone(),
        password: password.clone(),
        must_change_password: generated,
    };
    let (actor, now) = (user.actor.clone(), state.now());
    let r = with_db(&state, move |c| {
        admin::add_user(c, &By::Admin(&actor), &input, now)
    })
    .await;
    outcome(
        &state,
        &user,
        r,
        |u| {
            if generated {
                crate::msg!(
                    "admin-user-added-password",
                    username = u.username,
                    password = password
                )
            } else {
                crate::msg!("admin-user-added", username = u.username)
            }
        },
        |p, e| {
            p.ue = e;
            p.uf = UserForm {
                password: String::new(),
                ..f
            };
        },
    )
    .await
}

pub async fn set_password(
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    let generated = f.password.is_empty();
    let password = if generated {
        random_token(12)
    } else {
        f.password.clone()
    };
    let (actor, now, username, pw) = (
        user.actor.clone(),
        state.now(),
        f.username.clone(),
        password.clone(),
    );
    let r = with_db(&state, move |c| {
        admin::set_password(c, &By::Admin(&actor), &username, &pw, generated, now)
    })
    .await;
    let name = f.username.clone();
    outcome(
        &state,
        &user,
        r,
        |ended| {
            let ended = ended.msg();
            if generated {
                crate::msg!(
                    "admin-password-generated",
                    username = name,
                    password = password,
                    ended = ended
                )
            } else {
                crate::msg!("admin-password-set", username = name, ended = ended)
            }
        },
        |p, e| {
            p.pe = e;
            p.pf = PasswordForm {
                password: String::new(),
                ..f
            };
        },
    )
    .await
}

/// Disables or enables an account from its row in the accounts table.
async fn set_enabled(
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<AccountForm>,
    enable: bool,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(&f.csrf_token)?;
    let (actor, now, username) = (user.actor.clone(), state.now(), f.username.clone());
    let r = with_db(&state, move |c| {
        let by = By::Admin(&actor);
        if enable {
            admin::enable_user(c, &by, &username, now)
                .map(|u| crate::msg!("admin-user-enabled", username = u.username))
        } else {
            admin::disable_user(c, &by, &username, now).map(|ended| {
                crate::msg!(
                    "admin-user-disabled",
                    username = username.trim().to_ascii_lowercase(),
                    ended = ended.msg()
                )
            })
        }
    })
    .await;
    match r {
        Ok(notice) => Ok(saved_redirect(
            &state,
            &render_msg(user.reader.lang, &notice),
        )),
        Err(e) if e.kind == ErrorKind::ValidationFailed => {
            let p = AdminPage {
                problem: e.fields.0.first().map(|(_, m)| m.clone()),
                ..Default::default()
            };
            page(&state, &user, p, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e),
    }
}

pub async fn disable_user(
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<AccountForm>,
) -> Result<HttpResponse, AppError> {
    set_enabled(user, state, form, false).await
}

pub async fn enable_user(
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<AccountForm>,
) -> Result<HttpResponse, AppError> {
    set_enabled(user, state, form, true).await
}
