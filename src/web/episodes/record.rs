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
use crate::domain::lang::{Lang, Msg};
use crate::domain::rules::{ExtensionReason, Outcome};
use crate::domain::time::{duration_msg, from_db, long_msg};
use crate::error::AppError;
use crate::http::AppState;
use crate::i18n::render;
use crate::msg;
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
    force_name: String,
    collar_number: String,
    power: String,
    detained: String,
    location: String,
    /// A section 135 warrant: `location` says when it was executed.
    s135: bool,
    stays: Vec<RecordStay>,
    detention: String,
    extensions: Vec<RecordExtension>,
    ended: String,
    outcome: String,
    cancelled: String,
    events: Vec<EventView>,
    /// "Status: ... Printed ... by ...".
    meta: Msg,
    autoprint: bool,
}

/// The wait in words against the target: over by how much, or within it.
fn against_target(lang: Lang, clock: &StayClock, target: i64, open: bool) -> String {
    let waited = duration_msg(clock.seconds_waiting);
    let so_far = if open { "yes" } else { "no" };
    let m = if crate::domain::rules::is_breach(clock.seconds_waiting, target) {
        msg!(
            "case-rec-over-target",
            waited = waited,
            so_far = so_far,
            over = duration_msg(clock.seconds_waiting - target * 60),
            target = target
        )
    } else {
        msg!(
            "case-rec-within-target",
            waited = waited,
            so_far = so_far,
            target = target
        )
    };
    render(lang, &m)
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
    let long = |t| render(lang, &long_msg(t));
    let (last, _) = d
        .stays
        .last()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("no stay")))?;
    let status = episodes::status(&d.episode, last);
    let sg = super::safeguards_view::view(lang, &d, &user.actor, now);
    let clock = DetentionClock::of(&d, now);
    let stays = d
        .stays
        .iter()
        .enumerate()
        .map(|(i, (s, site))| {
            let next = d.stays.get(i + 1).map(|(_, n)| n);
            let c = StayClock::of(s, d.target, now);
            RecordStay {
                against_target: against_target(lang, &c, d.target, c.open),
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
        force_name: d.force.name.clone(),
        collar_number: d.episode.collar_number.clone(),
        power: sg.kind_label,
        detained: d
            .episode
            .detained_at
            .map(|t| long(from_db(t)))
            .unwrap_or_default(),
        location: if sg.s135 {
            render(
                lang,
                &msg!("case-rec-warrant", at = &sg.warrant, amhp = &sg.amhp),
            )
        } else {
            sg.location.clone()
        },
        s135: sg.s135,
        stays,
        detention: match (&clock, d.stays.first(), d.episode.ended_at) {
            (Some(c), ..) => render(
                lang,
                &msg!(
                    "case-rec-clock-running",
                    start = long(c.starts_at),
                    clock = c.message(now)
                ),
            ),
            (None, Some((first, _)), Some(end)) => render(
                lang,
                &msg!(
                    "case-rec-clock-ended",
                    start = long(from_db(first.arrived_at)),
                    end = long(from_db(end))
                ),
            ),
            _ => render(lang, &Msg::new("case-rec-no-clock")),
        },
        extensions: d
            .extensions
            .iter()
            .map(|x| RecordExtension {
                text: render(
                    lang,
                    &msg!(
                        "case-rec-extension",
                        hours = x.hours,
                        at = long(from_db(x.authorised_at)),
                        by = &x.authorised_by_name,
                        reason = ExtensionReason::parse(&x.reason)
                            .map(|r| render(lang, &Msg::new(r.label())))
                            .unwrap_or_else(|| x.reason.clone())
                    ),
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
            .map(|o| render(lang, &Msg::new(o.label())))
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
        meta: msg!(
            "case-rec-meta",
            status = render(lang, &Msg::new(status.label())),
            printed = long(now),
            by = &user.actor.display_name
        ),
        autoprint: query.print == "1",
    })
}
