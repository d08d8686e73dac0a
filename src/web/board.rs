//! Health staff's board: who is waiting at their site, oldest first. At a
//! police station it lists everyone still held there, handed over or not:
//! the 30-minute health checks (SI 2017/1036 reg 4) go on until they leave.

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};

use super::episodes::view::{CaseRow, case_rows};
use super::layout::Layout;
use super::session::CurrentUser;
use super::with_db;
use crate::db::episodes::{self as q, StayFilter, list_stays};
use crate::db::events as db_events;
use crate::db::{DbConn, orgs};
use crate::domain::auth::Actor;
use crate::domain::detention::DetentionClock;
use crate::domain::episodes::load_many;
use crate::domain::lang::{Lang, Msg};
use crate::domain::rules::target_words;
use crate::domain::safeguards::{CheckClock, is_police_station};
use crate::domain::time::hm;
use crate::domain::{events, policy, prealerts};
use crate::error::AppError;
use crate::http::AppState;
use crate::http::live::{self, Fragment};
use crate::i18n::Tr;

/// The page around the list; the list itself (rendered once per change per
/// site and minute) goes where the page has `SHARED_SLOT`.
#[derive(Template)]
#[template(path = "board.html")]
pub struct Board<'a> {
    l: Layout,
    fragment: &'a Fragment,
}

/// The part of the board every member of staff at the site sees alike.
#[derive(Template)]
#[template(path = "board_region.html")]
pub struct BoardRegion {
    /// The language of this variant of the region.
    l: Tr,
    rows: Vec<CaseRow>,
    incoming: Vec<Incoming>,
    /// The site is a police station: the board lists everyone held there.
    station: bool,
    breaches: usize,
    /// "one-hour" or "45-minute", from the target setting.
    target_words: String,
    updated: String,
    site_name: String,
    /// Which actions the reader's role has (the region's variant).
    may_confirm: bool,
    may_check: bool,
}

/// A person on the way (a pre-alert), as the board lists them.
pub struct Incoming {
    pub id: i64,
    pub force_code: String,
    pub eta: String,
    pub due: String,
    pub late: bool,
    /// Catalogue keys.
    pub flags: Vec<&'static str>,
    pub note: String,
}

pub async fn show(user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    policy::BOARD.check_role(&user.actor)?;
    let site_id = user
        .actor
        .site_id
        .ok_or_else(|| AppError::forbidden("board-no-site"))?;
    let now = state.now();
    let role = user.actor.role;
    let (may_confirm, may_check) = (
        policy::CONFIRM_HANDOVER.grants_role(role),
        policy::HEALTH_CHECK.grants_role(role),
    );
    // The generation changes with every event for the site (on this
    // instance at commit, from others through the hub), the minute with
    // the waits shown, the variant with what the role may do.
    let (generation, everywhere) = db_events::generation(site_id);
    let lang = user.reader.lang;
    let key = format!(
        "board:{site_id}:{}:{}:{generation}:{everywhere}:{}",
        lang.code(),
        u8::from(may_confirm) | (u8::from(may_check) << 1),
        live::minute_key(now)
    );
    let fragment = match state.live.cached(&key) {
        Some(hit) => hit,
        None => {
            let actor = user.actor.clone();
            let fresh = with_db(&state, move |c| {
                let live_after = events::latest(c)?;
                let r = region(c, &actor, site_id, now, (may_confirm, may_check), lang)?;
                Ok(Fragment {
                    title: r.title(),
                    html: r.render().map_err(AppError::internal)?.into(),
                    live_after,
                })
            })
            .await?;
            state.live.store(key, fresh)
        }
    };
    let page = Board {
        l: Layout::new(fragment.title.clone(), &user, "/board").refresh_every(30),
        fragment: &fragment,
    };
    super::shared_page(&page, fragment.html.clone())
}

impl BoardRegion {
    fn title(&self) -> Msg {
        let key = if self.station {
            "board-title-held"
        } else {
            "board-title-waiting"
        };
        Msg::new(key).arg("site", &self.site_name)
    }
}

fn region(
    c: &mut DbConn,
    actor: &Actor,
    site_id: i64,
    now: DateTime<Utc>,
    (may_confirm, may_check): (bool, bool),
    lang: Lang,
) -> Result<BoardRegion, AppError> {
    let l = Tr(lang);
    let scope = actor.scope();
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
    let target = orgs::target_minutes(c)?;
    let incoming = prealerts::on_the_way(c, actor, Some(site_id), now)?
        .into_iter()
        .map(|v| Incoming {
            id: v.p.id,
            force_code: v.force_code.clone(),
            eta: hm(v.eta()),
            due: l.msg(&v.due_msg()),
            late: v.minutes_to_eta < 0,
            flags: v.flag_keys(),
            note: v.p.note.clone().unwrap_or_default(),
        })
        .collect();
    let mut rows = case_rows(stays, target, now, lang);
    for row in &mut rows {
        // Only a police station lists people already handed over: their wait
        // is over, so the tag says so instead of a band that looks live.
        if !row.handed_over.is_empty() {
            let key = if row.breached {
                "board-handed-over-after-late"
            } else {
                "board-handed-over-after"
            };
            row.band_label = l.a(key, "waited", &row.waited);
            row.band_class = "nhsuk-tag--grey";
        }
        if let Some(r) = cases
            .iter()
            .find(|d| d.episode.id == row.episode_id)
            .and_then(|d| d.stay_request(row.stay_id))
        {
            row.stay_request = l.t(match r.agreed {
                Some(true) => "board-stay-agreed",
                Some(false) => "board-stay-refused",
                None => "board-stay-awaiting",
            });
        }
        if let Some(clock) = cases
            .iter()
            .find(|d| d.episode.id == row.episode_id)
            .and_then(|d| DetentionClock::of(d, now))
        {
            row.detention = l.msg(&clock.message(now));
            row.detention_level = clock.level.code();
        }
        if let Some(check) = cases
            .iter()
            .find(|d| d.episode.id == row.episode_id)
            .and_then(|d| CheckClock::of(d, now))
        {
            row.check = l.msg(&check.message());
            row.check_overdue = check.overdue;
        }
    }
    Ok(BoardRegion {
        l,
        breaches: rows.iter().filter(|r| r.breached).count(),
        target_words: l.msg(&target_words(target)),
        rows,
        incoming,
        station,
        updated: hm(now),
        site_name: site.name,
        may_confirm,
        may_check,
    })
}
