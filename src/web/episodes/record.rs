//! `GET /episodes/{reference}/record`: the one-page handover record both
//! parties keep for their own files. Everything the case page says about the
//! handover, in print order, with no buttons; `static/print.css` fits it on
//! one A4 page for a simple case and keeps each heading with what it heads.

use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::show::{EventView, StayView, event_view, request_words, stay_view};
use crate::db::audit;
use crate::domain::detention::DetentionClock;
use crate::domain::episodes::{self, StayClock};
use crate::domain::rules::{ExtensionReason, Outcome};
use crate::domain::time::{duration_hm, from_db, long};
use crate::error::AppError;
use crate::http::AppState;
use crate::web::layout::Layout;
use crate::web::session::CurrentUser;
use crate::web::with_db;

/// One place of safety on the record: the case page's view plus the wait
/// against the target in words and the request to stay there.
pub struct RecordStay {
    pub s: StayView,
    /// "1h 12m: 12 minutes over the 60-minute target".
    pub against_target: String,
    pub stay_request: String,
}

pub struct RecordExtension {
    pub text: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RecordQuery {
    /// `1`: open the browser's print dialogue on load (static/print.js).
    pub print: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "record.html")]
pub struct RecordPage {
    l: Layout,
    reference: String,
    status_label: String,
    force_name: String,
    collar_number: String,
    power: &'static str,
    detained: String,
    location: String,
    stays: Vec<RecordStay>,
    detention: String,
    extensions: Vec<RecordExtension>,
    ended: String,
    outcome: String,
    cancelled: String,
    events: Vec<EventView>,
    printed: String,
    printed_by: String,
    autoprint: bool,
}

/// The wait in words against the target: over by how much, or within it.
fn against_target(clock: &StayClock, target: i64, open: bool) -> String {
    let waited = duration_hm(clock.seconds_waiting);
    let so_far = if open { " so far" } else { "" };
    if crate::domain::rules::is_breach(clock.seconds_waiting, target) {
        format!(
            "{waited}{so_far}: {} over the {target}-minute target",
            duration_hm(clock.seconds_waiting - target * 60)
        )
    } else {
        format!("{waited}{so_far}: within the {target}-minute target")
    }
}

pub async fn show(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<RecordQuery>,
) -> Result<RecordPage, AppError> {
    let reference = path.into_inner();
    let actor = user.actor.clone();
    let (d, events) = with_db(&state, move |c| {
        let d = episodes::load(c, &actor, &reference)?;
        let events = audit::for_episode(c, d.episode.id)?;
        Ok((d, events))
    })
    .await?;
    let now = state.now();
    let lang = user.reader.lang;
    let (last, _) = d
        .stays
        .last()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("no stay")))?;
    let status = episodes::status(&d.episode, last);
    let sg = super::safeguards_view::view(&d, &user.actor, now);
    let clock = DetentionClock::of(&d, now);
    let stays = d
        .stays
        .iter()
        .enumerate()
        .map(|(i, (s, site))| {
            let next = d.stays.get(i + 1).map(|(_, n)| n);
            let c = StayClock::of(s, d.target, now);
            RecordStay {
                against_target: against_target(&c, d.target, c.open),
                stay_request: d
                    .stay_request(s.id)
                    .map(|r| request_words(lang, r))
                    .unwrap_or_default(),
                s: stay_view(lang, s, site, next, d.target, now),
            }
        })
        .collect();
    Ok(RecordPage {
        l: Layout::new(
            crate::msg!("case-record-title", reference = &d.episode.reference),
            &user,
            "",
        ),
        reference: d.episode.reference.clone(),
        status_label: crate::i18n::render(lang, &crate::domain::lang::Msg::new(status.label())),
        force_name: d.force.name.clone(),
        collar_number: d.episode.collar_number.clone(),
        power: sg.kind_label,
        detained: d
            .episode
            .detained_at
            .map(|t| long(from_db(t)))
            .unwrap_or_default(),
        location: if sg.s135 {
            format!("Warrant executed {} (AMHP {})", sg.warrant, sg.amhp)
        } else {
            sg.location.clone()
        },
        stays,
        detention: match (&clock, d.stays.first(), d.episode.ended_at) {
            (Some(c), ..) => format!(
                "Started {} (first arrival). {}.",
                long(c.starts_at),
                c.sentence(now)
            ),
            (None, Some((first, _)), Some(end)) => format!(
                "Started {} (first arrival). Ended {}.",
                long(from_db(first.arrived_at)),
                long(from_db(end))
            ),
            _ => "No detention clock: the case was cancelled as logged in error.".into(),
        },
        extensions: d
            .extensions
            .iter()
            .map(|x| RecordExtension {
                text: format!(
                    "{} hours, authorised {} by {}: {}",
                    x.hours,
                    long(from_db(x.authorised_at)),
                    x.authorised_by_name,
                    ExtensionReason::parse(&x.reason)
                        .map(|r| r.label())
                        .unwrap_or(&x.reason)
                ),
            })
            .collect(),
        ended: d
            .episode
            .ended_at
            .map(|t| long(from_db(t)))
            .unwrap_or_default(),
        outcome: d
            .episode
            .outcome
            .as_deref()
            .and_then(Outcome::parse)
            .map(|o| o.label().to_string())
            .unwrap_or_default(),
        cancelled: d
            .episode
            .cancelled_at
            .map(|t| {
                format!(
                    "{}: {}",
                    long(from_db(t)),
                    d.episode.cancel_reason.clone().unwrap_or_default()
                )
            })
            .unwrap_or_default(),
        events: events.iter().map(|e| event_view(lang, e)).collect(),
        printed: long(now),
        printed_by: user.actor.display_name.clone(),
        autoprint: query.print == "1",
    })
}
