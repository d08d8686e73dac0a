//! Where each role lands, and the officer's home.

use actix_web::{HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;

use super::episodes::view::{CaseRow, case_rows};
use super::layout::Layout;
use super::session::CurrentUser;
use super::{see_other, with_db};
use crate::db::episodes::{self as q, StayFilter, list_stays};
use crate::db::orgs;
use crate::domain::episodes::load_many;
use crate::domain::rules::Role;
use crate::domain::time::hm;
use crate::domain::{events, policy, prealerts};
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
    mine: Vec<OfficerRow>,
    rows: Vec<OfficerRow>,
    /// The search box: a reference or a collar number.
    q: String,
    /// People this force is bringing in (pre-alerts), the officer's own first.
    on_the_way: Vec<OnTheWay>,
    may_prealert: bool,
    /// The newest event when the page was made: its live stream starts there.
    live_after: i64,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct HomeQuery {
    pub q: String,
}

pub struct OfficerRow {
    r: CaseRow,
    /// Staff asked police to stay and nobody has answered yet.
    asked_to_stay: bool,
    /// What a screen reader announces when the handover is accepted.
    accepted_announce: crate::domain::lang::Msg,
}

pub struct OnTheWay {
    pub id: i64,
    pub site_code: String,
    pub site_name: String,
    pub eta: String,
    pub due: crate::domain::lang::Msg,
    /// Catalogue keys.
    pub flags: Vec<&'static str>,
    pub mine: bool,
}

pub async fn officer(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<HomeQuery>,
) -> Result<OfficerHome, AppError> {
    policy::OFFICER_HOME.check_role(&user.actor)?;
    let now = state.now();
    let scope = user.actor.scope();
    let actor = user.actor.clone();
    let (me, search) = (user.actor.user_id, super::cases::search_term(&query.q));
    let (mine, others, target, prealerts, live_after, asked) = with_db(&state, move |c| {
        let live_after = events::latest(c)?;
        let f = |own| StayFilter {
            police_not_left: true,
            logged_by: Some((me, own)),
            search: search.clone(),
            limit: 200,
            ..Default::default()
        };
        let mut p = prealerts::on_the_way(c, &actor, None, now)?;
        // Stable: soonest first within the officer's own, then the rest.
        p.sort_by_key(|v| v.p.created_by != actor.user_id);
        let mine = list_stays(c, scope, &f(true))?;
        let others = list_stays(c, scope, &f(false))?;
        let ids: Vec<i64> = mine
            .iter()
            .chain(&others)
            .map(|r| r.stay.episode_id)
            .collect();
        let episodes = q::by_ids(c, &ids)?;
        let cases = load_many(c, episodes)?;
        let asked: Vec<i64> = mine
            .iter()
            .chain(&others)
            .filter(|r| {
                cases
                    .iter()
                    .find(|d| d.episode.id == r.stay.episode_id)
                    .and_then(|d| d.stay_request(r.stay.id))
                    .is_some_and(|req| req.agreed.is_none())
            })
            .map(|r| r.stay.id)
            .collect();
        Ok((mine, others, orgs::target_minutes(c)?, p, live_after, asked))
    })
    .await?;
    let on_the_way = prealerts
        .iter()
        .map(|v| OnTheWay {
            id: v.p.id,
            site_code: v.site_code.clone(),
            site_name: v.site_name.clone(),
            eta: hm(v.eta()),
            due: v.due_msg(),
            flags: v.flag_keys(),
            mine: v.p.created_by == user.actor.user_id,
        })
        .collect();
    let lang = user.reader.lang;
    let rows = |stays| -> Vec<OfficerRow> {
        case_rows(stays, target, now, lang)
            .into_iter()
            .map(|r| OfficerRow {
                asked_to_stay: asked.contains(&r.stay_id),
                accepted_announce: crate::msg!(
                    "case-officer-accepted-by-announce",
                    reference = &r.reference,
                    who = &r.accepted_by,
                    time = &r.handed_over
                ),
                r,
            })
            .collect()
    };
    Ok(OfficerHome {
        l: Layout::new("case-officer-title", &user, "/officer"),
        mine: rows(mine),
        rows: rows(others),
        q: query.into_inner().q,
        on_the_way,
        may_prealert: policy::PREALERT.role_allowed(&user.actor),
        live_after,
    })
}
