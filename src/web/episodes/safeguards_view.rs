//! What the case page shows of the safeguards: the power used, the
//! police-station authorisations and the 30-minute health checks.

use chrono::{DateTime, Utc};

use crate::domain::auth::Actor;
use crate::domain::episodes::CaseData;
use crate::domain::lang::{Lang, Msg};
use crate::domain::rules::{EpisodeKind, HealthConsulted};
use crate::domain::safeguards::{CHECK_INTERVAL, CheckClock, check_gaps};
use crate::domain::time::{duration_msg, from_db, long_msg};
use crate::i18n::render;
use crate::msg;

pub struct AuthorisationView {
    pub site_name: String,
    pub inspector: String,
    pub consulted: String,
}

pub struct CheckRow {
    pub when: String,
    pub by: String,
    pub note: String,
    /// More than 30 minutes after the previous check (or the arrival).
    pub late: bool,
    pub gap: String,
}

pub struct SafeguardsView {
    pub kind_label: String,
    pub s135: bool,
    pub warrant: String,
    pub amhp: String,
    /// The location type's label, or empty when not recorded.
    pub location: String,
    pub can_set_location: bool,
    /// The check clock's sentence while the person is held at a police station.
    pub check: String,
    pub check_overdue: bool,
    pub last_check: String,
    pub can_check: bool,
    pub authorisations: Vec<AuthorisationView>,
    pub checks: Vec<CheckRow>,
}

pub fn view(lang: Lang, d: &CaseData, actor: &Actor, now: DateTime<Utc>) -> SafeguardsView {
    let long = |t| render(lang, &long_msg(t));
    let sg = &d.safeguards;
    let kind = sg.kind();
    let clock = CheckClock::of(d, now);
    let here = d.stays.last().map(|(s, _)| s.site_id);
    let mut checks = Vec::new();
    for (stay, _) in &d.stays {
        let mine: Vec<_> = sg.checks_of(stay.id).collect();
        let gaps = check_gaps(from_db(stay.arrived_at), &mine);
        for (h, gap) in mine.iter().zip(gaps) {
            checks.push(CheckRow {
                when: long(from_db(h.checked_at)),
                by: h.checked_by_name.clone(),
                note: h.note.clone().unwrap_or_default(),
                late: gap > CHECK_INTERVAL.num_seconds(),
                gap: render(lang, &duration_msg(gap)),
            });
        }
    }
    SafeguardsView {
        kind_label: render(
            lang,
            &Msg::new(match kind {
                EpisodeKind::S136 => "case-arrival-s136",
                EpisodeKind::S135 => "case-arrival-s135",
            }),
        ),
        s135: kind == EpisodeKind::S135,
        warrant: sg.warrant_at().map(long).unwrap_or_default(),
        amhp: sg.amhp_name().unwrap_or_default().to_string(),
        location: sg
            .location_type()
            .map(|l| render(lang, &Msg::new(l.label())))
            .unwrap_or_default(),
        can_set_location: kind == EpisodeKind::S136
            && crate::domain::policy::LOCATION_TYPE.role_allowed(actor)
            && d.episode.cancelled_at.is_none(),
        check: clock
            .as_ref()
            .map(|c| render(lang, &c.message()))
            .unwrap_or_default(),
        check_overdue: clock.as_ref().is_some_and(|c| c.overdue),
        last_check: clock
            .as_ref()
            .and_then(|c| {
                c.last_check_at.map(|t| {
                    render(
                        lang,
                        &msg!(
                            "case-page-authorised-by",
                            at = long(t),
                            who = c.last_checked_by.as_deref().unwrap_or("")
                        ),
                    )
                })
            })
            .unwrap_or_default(),
        can_check: clock.is_some()
            && here.is_some_and(|site| crate::domain::policy::HEALTH_CHECK.permits(actor, site)),
        authorisations: d
            .stays
            .iter()
            .filter_map(|(s, site)| {
                sg.authorisation(s.id).map(|a| AuthorisationView {
                    site_name: site.name.clone(),
                    inspector: format!("{} ({})", a.inspector_name, a.inspector_collar),
                    consulted: match (
                        HealthConsulted::parse(&a.health_consulted),
                        a.not_consulted_reason.as_deref(),
                    ) {
                        (Some(HealthConsulted::NotPracticable), Some(r)) => {
                            render(lang, &msg!("case-sg-not-practicable", reason = r))
                        }
                        (Some(c), _) => render(lang, &Msg::new(c.label())),
                        (None, _) => a.health_consulted.clone(),
                    },
                })
            })
            .collect(),
        checks,
    }
}

/// "s136, a public place" or "s135(1) warrant executed Fri 20 Nov 2026, 11:30; AMHP Jo Bloggs".
pub fn power_words(lang: Lang, p: &crate::db::safeguards::Power) -> String {
    let m = match EpisodeKind::parse(&p.kind) {
        Some(EpisodeKind::S135) => msg!(
            "case-sg-power-s135",
            at = p
                .warrant_at
                .map(|t| render(lang, &long_msg(from_db(t))))
                .unwrap_or_default(),
            amhp = p.amhp_name.as_deref().unwrap_or("")
        ),
        _ => match p
            .location_type
            .as_deref()
            .and_then(crate::domain::rules::LocationType::parse)
        {
            Some(crate::domain::rules::LocationType::PublicPlace) => {
                Msg::new("case-sg-power-public")
            }
            Some(crate::domain::rules::LocationType::OtherNonDwelling) => {
                Msg::new("case-sg-power-other")
            }
            None => Msg::new("case-sg-power-s136"),
        },
    };
    render(lang, &m)
}

/// Fills each row's power from its episode, in the reader's language.
pub async fn label_rows(
    state: &crate::http::AppState,
    rows: &mut [super::view::CaseRow],
    lang: Lang,
) -> Result<(), crate::error::AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.episode_id).collect();
    let powers = crate::web::with_db(state, move |c| {
        Ok(crate::db::safeguards::powers_of_many(c, &ids)?)
    })
    .await?;
    for row in rows {
        if let Some(p) = powers.iter().find(|p| p.id == row.episode_id) {
            row.power = power_words(lang, p);
        }
    }
    Ok(())
}
