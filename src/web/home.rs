//! Where each role lands, and the officer's home.

use actix_web::{HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;

use super::episodes::view::{CaseRow, case_rows};
use super::layout::Layout;
use super::session::CurrentUser;
use super::{see_other, with_db};
use crate::db::episodes::{StayFilter, list_stays};
use crate::db::orgs;
use crate::domain::rules::Role;
use crate::error::AppError;
use crate::http::AppState;

pub async fn index(user: CurrentUser) -> HttpResponse {
    see_other(match user.actor.role {
        Role::Officer => "/officer",
        Role::Health => "/board",
        Role::Manager | Role::Admin => "/cases",
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "officer_home.html")]
pub struct OfficerHome {
    l: Layout,
    /// The cases the signed-in officer logged, then the rest of the force's.
    mine: Vec<CaseRow>,
    rows: Vec<CaseRow>,
    /// The search box: a reference or a collar number.
    q: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct HomeQuery {
    pub q: String,
}

pub async fn officer(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<HomeQuery>,
) -> Result<OfficerHome, AppError> {
    crate::domain::policy::OFFICER_HOME.check_role(&user.actor)?;
    let now = state.now();
    let scope = user.actor.scope();
    let (me, search) = (user.actor.user_id, super::cases::search_term(&query.q));
    let (mine, others, target) = with_db(&state, move |c| {
        let f = |own| StayFilter {
            police_not_left: true,
            logged_by: Some((me, own)),
            search: search.clone(),
            limit: 200,
            ..Default::default()
        };
        Ok((
            list_stays(c, scope, &f(true))?,
            list_stays(c, scope, &f(false))?,
            orgs::target_minutes(c)?,
        ))
    })
    .await?;
    Ok(OfficerHome {
        l: Layout::new("Your force's open cases", &user, "/officer"),
        mine: case_rows(mine, target, now),
        rows: case_rows(others, target, now),
        q: query.into_inner().q,
    })
}
