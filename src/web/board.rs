//! Health staff's board: who is waiting at their site, oldest first. At a
//! police station it lists everyone still held there, handed over or not:
//! the 30-minute health checks (SI 2017/1036 reg 4) go on until they leave.

use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;

use super::episodes::view::{CaseRow, case_rows};
use super::layout::Layout;
use super::session::CurrentUser;
use super::with_db;
use crate::db::episodes::{self as q, StayFilter, list_stays};
use crate::db::orgs;
use crate::domain::detention::DetentionClock;
use crate::domain::episodes::load_many;
use crate::domain::rules::target_words;
use crate::domain::safeguards::{CheckClock, is_police_station};
use crate::domain::time::hm;
use crate::error::AppError;
use crate::http::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "board.html")]
pub struct Board {
    l: Layout,
    rows: Vec<CaseRow>,
    /// The site is a police station: the board lists everyone held there.
    station: bool,
    breaches: usize,
    /// "one-hour" or "45-minute", from the target setting.
    target_words: String,
    updated: String,
}

pub async fn show(user: CurrentUser, state: web::Data<AppState>) -> Result<Board, AppError> {
    crate::domain::policy::BOARD.check_role(&user.actor)?;
    let site_id = user.actor.site_id.ok_or_else(|| {
        AppError::forbidden("Your account has no place of safety. Ask an administrator to set one.")
    })?;
    let scope = user.actor.scope();
    let now = state.now();
    let (site, stays, target, cases) = with_db(&state, move |c| {
        let site = orgs::site_by_id(c, site_id)?;
        let station = is_police_station(&site);
        let f = StayFilter {
            awaiting_handover: !station,
            still_held: station,
            oldest_first: true,
            limit: 500,
            ..Default::default()
        };
        let stays = list_stays(c, scope, &f)?;
        let ids: Vec<i64> = stays.iter().map(|r| r.stay.episode_id).collect();
        let episodes = q::by_ids(c, &ids)?;
        let cases = load_many(c, episodes)?;
        Ok((site, stays, orgs::target_minutes(c)?, cases))
    })
    .await?;
    let mut rows = case_rows(stays, target, now);
    for row in &mut rows {
        // Only a police station lists people already handed over: their wait
        // is over, so the tag says so instead of a band that looks live.
        if !row.handed_over.is_empty() {
            row.band_label = if row.breached {
                format!("Handed over after {} (past target)", row.waited)
            } else {
                format!("Handed over after {}", row.waited)
            };
            row.band_class = "nhsuk-tag--grey";
        }
        if let Some(r) = cases
            .iter()
            .find(|d| d.episode.id == row.episode_id)
            .and_then(|d| d.stay_request(row.stay_id))
        {
            row.stay_request = match r.agreed {
                Some(true) => "Police asked to stay: agreed",
                Some(false) => "Police asked to stay: not agreed",
                None => "Police asked to stay: awaiting answer",
            }
            .to_string();
        }
        if let Some(clock) = cases
            .iter()
            .find(|d| d.episode.id == row.episode_id)
            .and_then(|d| DetentionClock::of(d, now))
        {
            row.detention = clock.sentence(now);
            row.detention_level = clock.level.code();
        }
        if let Some(check) = cases
            .iter()
            .find(|d| d.episode.id == row.episode_id)
            .and_then(|d| CheckClock::of(d, now))
        {
            row.check = check.sentence();
            row.check_overdue = check.overdue;
        }
    }
    let station = is_police_station(&site);
    let title = if station { "Held at" } else { "Waiting at" };
    Ok(Board {
        l: Layout::new(format!("{title} {}", site.name), &user, "/board").refresh_every(30),
        station,
        breaches: rows.iter().filter(|r| r.breached).count(),
        target_words: target_words(target),
        rows,
        updated: hm(now),
    })
}
