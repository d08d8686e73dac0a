//! The JSON contract of API v1: request bodies and the Episode resource.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::detention::{DetentionClock, total_hours};
use crate::domain::episodes::{CaseData, StayClock, status};
use crate::domain::rules::{
    DelayReason, EpisodeKind, ExtensionReason, LocationType, Outcome, TimeField,
};
use crate::domain::safeguards::CheckClock;
use crate::domain::time::from_db;

#[derive(Serialize, ToSchema)]
pub struct SiteJson {
    pub code: String,
    pub name: String,
    #[schema(value_type = crate::domain::rules::SiteKind)]
    pub kind: String,
}

#[derive(Serialize, ToSchema)]
pub struct ForceJson {
    pub code: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct StayJson {
    /// 1 for the first place of safety, then 2, 3 after transfers.
    pub seq: i32,
    pub site: SiteJson,
    pub arrived_at: DateTime<Utc>,
    pub target_at: DateTime<Utc>,
    pub handed_over_at: Option<DateTime<Utc>>,
    pub police_left_at: Option<DateTime<Utc>>,
    /// Why police left before the handover was accepted (null otherwise).
    pub police_left_reason: Option<String>,
    /// Officer time here: seconds from arrival to police left (null until recorded).
    pub police_seconds: Option<i64>,
    /// When the person left this place of safety on a transfer.
    pub departed_at: Option<DateTime<Utc>>,
    /// When the officer offered the handover here.
    pub handover_offered_at: Option<DateTime<Utc>>,
    /// Health staff's request that police stay here, and the answer.
    pub stay_request: Option<StayRequestJson>,
    /// Handover (or departure, or now, while open) minus arrival.
    pub seconds_waiting: i64,
    pub minutes_waiting: i64,
    /// Over the target (60:00 exactly is within it). Never true when cancelled.
    pub breached: bool,
    pub delay_reason: Option<DelayReason>,
    pub delay_note: Option<String>,
    pub accepted_by_name: Option<String>,
    pub accepted_by_role: Option<String>,
    pub officers: i32,
    /// At a police station: the inspector's authorisation (SI 2017/1036 reg 2).
    pub police_station_authorisation: Option<super::safeguards::AuthorisationJson>,
    /// Health checks here, oldest first (at a police station, SI 2017/1036 reg 4).
    pub health_checks: Vec<super::safeguards::HealthCheckJson>,
}

/// Health staff asked police to stay; the officer agrees or declines.
#[derive(Serialize, ToSchema)]
pub struct StayRequestJson {
    pub requested_at: DateTime<Utc>,
    pub requested_by_name: String,
    pub reason: DelayReason,
    pub reason_note: Option<String>,
    /// Null until the officer answers.
    pub agreed: Option<bool>,
    pub answered_at: Option<DateTime<Utc>>,
    pub answered_by_name: Option<String>,
}

/// Episode status.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatusJson {
    AwaitingHandover,
    HandedOver,
    Cancelled,
    /// The detention has ended (see `outcome`).
    Ended,
}

/// One detention. Top-level site and times describe the current (latest) stay.
#[derive(Serialize, ToSchema)]
pub struct EpisodeJson {
    #[schema(example = "S136-2026-000042")]
    pub reference: String,
    pub status: StatusJson,
    pub force: ForceJson,
    pub site: SiteJson,
    pub arrived_at: DateTime<Utc>,
    /// When the officer offered the handover at the current place of safety.
    pub handover_offered_at: Option<DateTime<Utc>>,
    pub handed_over_at: Option<DateTime<Utc>>,
    pub police_left_at: Option<DateTime<Utc>>,
    pub target_at: DateTime<Utc>,
    pub seconds_waiting: i64,
    pub minutes_waiting: i64,
    pub breached: bool,
    pub delay_reason: Option<DelayReason>,
    pub officers: i32,
    pub collar_number: String,
    pub detained_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
    /// Increases with every change; send it back as `expected_version`.
    pub version: i64,
    pub stays: Vec<StayJson>,
    /// Arrival at the first place of safety: the 24-hour detention clock starts
    /// then and a transfer does not restart it (s136(2A)). Null when cancelled
    /// or ended (no clock runs).
    pub detention_starts_at: Option<DateTime<Utc>>,
    /// 24 hours after the start plus any extensions. Null when cancelled.
    pub detention_ends_at: Option<DateTime<Utc>>,
    /// Seconds until `detention_ends_at` (negative once passed). Null when cancelled.
    pub detention_seconds_left: Option<i64>,
    /// The end of the detention; after it no clock runs.
    pub ended_at: Option<DateTime<Utc>>,
    pub outcome: Option<Outcome>,
    pub outcome_note: Option<String>,
    pub assessment_started_at: Option<DateTime<Utc>>,
    pub assessment_completed_at: Option<DateTime<Utc>>,
    /// Hours of extension granted so far (at most 12).
    pub detention_extended_hours: i64,
    pub extensions: Vec<ExtensionJson>,
    /// Monitoring fields (Home Office return) and what is still missing.
    pub monitoring: super::monitoring::MonitoringJson,
    /// The power used: `s136` or `s135` (a section 135(1) warrant).
    pub kind: EpisodeKind,
    /// s136: where the person was detained (never a private dwelling). Null if not recorded.
    pub location_type: Option<LocationType>,
    /// s135: when the warrant was executed.
    pub warrant_at: Option<DateTime<Utc>>,
    /// s135: the approved mental health professional.
    pub amhp_name: Option<String>,
    /// While the person is held at a police station: 30 minutes after the
    /// last health check (or the arrival there). Null otherwise.
    pub next_health_check_due_at: Option<DateTime<Utc>>,
    /// While held at a police station: true once `next_health_check_due_at` has passed.
    pub health_check_overdue: Option<bool>,
}

/// An extension of the detention (s136B).
#[derive(Serialize, ToSchema)]
pub struct ExtensionJson {
    /// The registered medical practitioner who authorised it.
    pub authorised_by_name: String,
    pub authorised_at: DateTime<Utc>,
    pub hours: i32,
    pub reason: ExtensionReason,
    pub reason_note: Option<String>,
    /// The approving superintendent, at a police station.
    pub superintendent_name: Option<String>,
    pub superintendent_collar: Option<String>,
}

impl EpisodeJson {
    pub fn of(d: &CaseData, now: DateTime<Utc>) -> Self {
        let stays: Vec<StayJson> = d
            .stays
            .iter()
            .map(|(s, site)| {
                let clock = StayClock::of(s, d.target, now);
                StayJson {
                    seq: s.seq,
                    site: SiteJson {
                        code: site.code.clone(),
                        name: site.name.clone(),
                        kind: site.kind.clone(),
                    },
                    arrived_at: clock.arrived_at,
                    target_at: clock.target_at,
                    handed_over_at: clock.handed_over_at,
                    police_left_at: s.police_left_at.map(from_db),
                    police_left_reason: s.police_left_reason.clone(),
                    police_seconds: crate::domain::episodes::police_seconds(s),
                    departed_at: clock.departed_at,
                    handover_offered_at: s.handover_offered_at.map(from_db),
                    stay_request: d.stay_request(s.id).map(|r| StayRequestJson {
                        requested_at: from_db(r.requested_at),
                        requested_by_name: r.requested_by_name.clone(),
                        reason: DelayReason::parse(&r.reason).unwrap_or(DelayReason::Other),
                        reason_note: r.reason_note.clone(),
                        agreed: r.agreed,
                        answered_at: r.answered_at.map(from_db),
                        answered_by_name: r.answered_by_name.clone(),
                    }),
                    seconds_waiting: clock.seconds_waiting,
                    minutes_waiting: clock.seconds_waiting / 60,
                    breached: clock.breached,
                    delay_reason: s.delay_reason.as_deref().and_then(DelayReason::parse),
                    delay_note: s.delay_note.clone(),
                    accepted_by_name: s.accepted_by_name.clone(),
                    accepted_by_role: s.accepted_by_role.clone(),
                    officers: s.officers,
                    police_station_authorisation: d
                        .safeguards
                        .authorisation(s.id)
                        .map(super::safeguards::AuthorisationJson::of),
                    health_checks: d
                        .safeguards
                        .checks_of(s.id)
                        .map(super::safeguards::HealthCheckJson::of)
                        .collect(),
                }
            })
            .collect();
        let clock = DetentionClock::of(d, now);
        let checks = CheckClock::of(d, now);
        let (last_stay, _) = d.stays.last().expect("an episode always has a stay");
        let cur = stays.last().expect("an episode always has a stay");
        let e = &d.episode;
        Self {
            reference: e.reference.clone(),
            status: match status(e, last_stay) {
                // `status` gives Transferred only for stays, never for an episode.
                crate::domain::episodes::Status::AwaitingHandover
                | crate::domain::episodes::Status::Transferred => StatusJson::AwaitingHandover,
                crate::domain::episodes::Status::HandedOver => StatusJson::HandedOver,
                crate::domain::episodes::Status::Cancelled => StatusJson::Cancelled,
                crate::domain::episodes::Status::Ended => StatusJson::Ended,
            },
            force: ForceJson {
                code: d.force.code.clone(),
                name: d.force.name.clone(),
            },
            site: SiteJson {
                code: cur.site.code.clone(),
                name: cur.site.name.clone(),
                kind: cur.site.kind.clone(),
            },
            arrived_at: cur.arrived_at,
            handover_offered_at: cur.handover_offered_at,
            handed_over_at: cur.handed_over_at,
            police_left_at: cur.police_left_at,
            target_at: cur.target_at,
            seconds_waiting: cur.seconds_waiting,
            minutes_waiting: cur.minutes_waiting,
            breached: cur.breached,
            delay_reason: cur.delay_reason,
            officers: cur.officers,
            collar_number: e.collar_number.clone(),
            detained_at: e.detained_at.map(from_db),
            cancelled_at: e.cancelled_at.map(from_db),
            cancel_reason: e.cancel_reason.clone(),
            version: e.version,
            stays,
            detention_starts_at: clock.as_ref().map(|c| c.starts_at),
            detention_ends_at: clock.as_ref().map(|c| c.ends_at),
            detention_seconds_left: clock.as_ref().map(|c| c.seconds_left),
            detention_extended_hours: total_hours(&d.extensions),
            monitoring: super::monitoring::MonitoringJson::of(d),
            ended_at: e.ended_at.map(from_db),
            outcome: e.outcome.as_deref().and_then(Outcome::parse),
            outcome_note: e.outcome_note.clone(),
            assessment_started_at: e.assessment_started_at.map(from_db),
            assessment_completed_at: e.assessment_completed_at.map(from_db),
            extensions: d
                .extensions
                .iter()
                .map(|x| ExtensionJson {
                    authorised_by_name: x.authorised_by_name.clone(),
                    authorised_at: from_db(x.authorised_at),
                    hours: x.hours,
                    reason: ExtensionReason::parse(&x.reason).unwrap_or(ExtensionReason::Other),
                    reason_note: x.reason_note.clone(),
                    superintendent_name: x.superintendent_name.clone(),
                    superintendent_collar: x.superintendent_collar.clone(),
                })
                .collect(),
            kind: d.safeguards.kind(),
            location_type: d.safeguards.location_type(),
            warrant_at: d.safeguards.warrant_at(),
            amhp_name: d.safeguards.amhp_name().map(str::to_string),
            next_health_check_due_at: checks.as_ref().map(|c| c.next_due_at),
            health_check_overdue: checks.as_ref().map(|c| c.overdue),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EpisodeList {
    pub items: Vec<EpisodeJson>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateEpisode {
    /// Site code from `GET /api/v1/sites`.
    #[schema(pattern = "^[A-Za-z0-9_-]{2,16}$")]
    #[serde(deserialize_with = "strict::site")]
    pub site: String,
    /// Defaults to now. Up to 24 h back; more than 10 minutes back needs `backdate_reason`.
    #[serde(default, deserialize_with = "strict::time")]
    pub arrived_at: Option<DateTime<FixedOffset>>,
    #[serde(default, deserialize_with = "strict::backdate_reason")]
    pub backdate_reason: Option<String>,
    /// Defaults to the caller's own.
    #[serde(default, deserialize_with = "strict::collar_number")]
    pub collar_number: Option<String>,
    #[serde(default, deserialize_with = "strict::time")]
    pub detained_at: Option<DateTime<FixedOffset>>,
    /// Officers present (default 2).
    #[schema(minimum = 1, maximum = 20)]
    pub officers: Option<i64>,
    #[serde(default, deserialize_with = "strict::notes")]
    pub notes: Option<String>,
    /// Idempotency key: the same key from the same user returns the same episode (200).
    #[serde(default, deserialize_with = "strict::client_ref")]
    pub client_ref: Option<String>,
    /// An arrival saved on a device while offline and sent later: the device's
    /// clock at the moment it was recorded. With `arrived_at` absent it is the
    /// arrival time; a late-logging reason counts from it, not from when the
    /// server received it. Refused (422) beyond 2 minutes ahead of the server
    /// or more than 24 hours old, after `clock_offset_ms` is applied.
    #[serde(default, deserialize_with = "strict::time")]
    pub captured_at: Option<DateTime<FixedOffset>>,
    /// Server clock minus device clock in milliseconds, as the device last
    /// measured it (0 if it never did); at most 24 hours either way.
    #[schema(minimum = -86400000, maximum = 86400000)]
    pub clock_offset_ms: Option<i64>,
    /// About the person: optional monitoring fields.
    #[serde(flatten)]
    pub about: super::monitoring::AboutJson,
    /// `s136` (the default) or `s135` (a section 135(1) warrant).
    pub kind: Option<EpisodeKind>,
    /// s135 (required): when the warrant was executed; not in the future, not after arrival.
    #[serde(default, deserialize_with = "strict::time")]
    pub warrant_at: Option<DateTime<FixedOffset>>,
    /// s135 (required): the approved mental health professional's name.
    #[serde(default, deserialize_with = "strict::amhp_name")]
    pub amhp_name: Option<String>,
    /// s136 (optional): `public_place` or `other_non_dwelling`. Any other code,
    /// such as `private_dwelling`, is refused (422): section 136 cannot be used
    /// in a private dwelling (s136(1) MHA 1983).
    #[schema(value_type = Option<String>, example = "public_place")]
    #[serde(default, deserialize_with = "strict::location_type")]
    pub location_type: Option<String>,
    /// Required when `site` is a police station.
    pub police_station: Option<super::safeguards::PoliceStationJson>,
    /// The pre-alert (`POST /api/v1/prealerts`) this arrival fulfils: it is
    /// linked and leaves the site's "incoming" list.
    #[schema(minimum = 1)]
    pub prealert: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Handover {
    /// Defaults to now; not before arrival.
    #[serde(default, deserialize_with = "strict::time")]
    pub handed_over_at: Option<DateTime<FixedOffset>>,
    /// Required when the handover is past the target.
    pub delay_reason: Option<DelayReason>,
    /// Required when `delay_reason` is `other`.
    #[serde(default, deserialize_with = "strict::delay_note")]
    pub delay_note: Option<String>,
    /// Defaults to the caller's name.
    #[serde(default, deserialize_with = "strict::accepted_by_name")]
    pub accepted_by_name: Option<String>,
    #[serde(default, deserialize_with = "strict::accepted_by_role")]
    pub accepted_by_role: Option<String>,
    /// Refuse with 409 `version_conflict` if the episode has changed since.
    pub expected_version: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandoverOffered {
    /// Defaults to now; not before arrival at the current place of safety.
    #[serde(default, deserialize_with = "strict::time")]
    pub offered_at: Option<DateTime<FixedOffset>>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AskPoliceToStay {
    pub reason: DelayReason,
    /// Required when `reason` is `other`.
    #[serde(default, deserialize_with = "strict::reason_note")]
    pub reason_note: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StayAnswer {
    /// True if police agree to stay.
    pub agreed: bool,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PoliceLeft {
    /// Defaults to now; not before handover unless `reason` is given.
    #[serde(default, deserialize_with = "strict::time")]
    pub left_at: Option<DateTime<FixedOffset>>,
    /// Required to leave before health staff accept the handover (for
    /// example, released under protest); at most 500 characters.
    #[serde(default, deserialize_with = "strict::reason")]
    pub reason: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// Code of the destination place of safety, from `GET /api/v1/sites`.
    #[schema(pattern = "^[A-Za-z0-9_-]{2,16}$")]
    #[serde(deserialize_with = "strict::site")]
    pub site: String,
    /// When the person left the current place of safety. Defaults to now; not before arrival there.
    #[serde(default, deserialize_with = "strict::time")]
    pub left_at: Option<DateTime<FixedOffset>>,
    /// Arrival at the destination. Defaults to now; not before `left_at`.
    #[serde(default, deserialize_with = "strict::time")]
    pub arrived_at: Option<DateTime<FixedOffset>>,
    /// Refuse with 409 `version_conflict` if the episode has changed since.
    pub expected_version: Option<i64>,
    /// To a police station: the age band, if the episode has none (an adult band is required, s136A).
    #[schema(value_type = Option<crate::domain::rules::AgeBand>)]
    #[serde(default, deserialize_with = "strict::age_band")]
    pub age_band: Option<String>,
    /// Required when the destination is a police station.
    pub police_station: Option<super::safeguards::PoliceStationJson>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Extend {
    /// The registered medical practitioner who authorised the extension.
    #[serde(deserialize_with = "strict::authorised_by_name")]
    pub authorised_by_name: String,
    /// Defaults to now; must be before the detention authority ran out.
    #[serde(default, deserialize_with = "strict::time")]
    pub authorised_at: Option<DateTime<FixedOffset>>,
    /// 1 to 12; all extensions together at most 12.
    #[schema(minimum = 1, maximum = 12)]
    pub hours: i64,
    pub reason: ExtensionReason,
    /// Required when `reason` is `other`.
    #[serde(default, deserialize_with = "strict::reason_note")]
    pub reason_note: Option<String>,
    /// Required at a police station: the approving superintendent (or above).
    #[serde(default, deserialize_with = "strict::superintendent_name")]
    pub superintendent_name: Option<String>,
    #[serde(default, deserialize_with = "strict::superintendent_collar")]
    pub superintendent_collar: Option<String>,
    /// Refuse with 409 `version_conflict` if the episode has changed since.
    pub expected_version: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndDetention {
    /// Defaults to now; not before arrival at the current place of safety.
    #[serde(default, deserialize_with = "strict::time")]
    pub ended_at: Option<DateTime<FixedOffset>>,
    pub outcome: Outcome,
    /// Required when `outcome` is `other`.
    #[serde(default, deserialize_with = "strict::outcome_note")]
    pub outcome_note: Option<String>,
    /// Optional; not before the first arrival nor after the end.
    #[serde(default, deserialize_with = "strict::time")]
    pub assessment_started_at: Option<DateTime<FixedOffset>>,
    /// Optional; not before the assessment started nor after the end.
    #[serde(default, deserialize_with = "strict::time")]
    pub assessment_completed_at: Option<DateTime<FixedOffset>>,
    /// Refuse with 409 `version_conflict` if the episode has changed since.
    pub expected_version: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Cancel {
    /// Why the case is cancelled (required: blank is refused).
    #[schema(min_length = 1, pattern = "\\S")]
    #[serde(deserialize_with = "strict::reason_required")]
    pub reason: String,
}

/// The error body every failure carries.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Machine-readable: bad_request, validation_failed, unauthorized, forbidden, not_found,
    /// already_handed_over, version_conflict, conflict, payload_too_large,
    /// unsupported_media_type, too_many_requests, unavailable, internal.
    pub code: String,
    /// A sentence a person can act on.
    pub message: String,
    /// Per-field messages, for validation_failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<std::collections::BTreeMap<String, String>>,
}

/// Correct a recorded time (with a reason; the audit trail keeps old and new).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// Which recorded time.
    pub field: TimeField,
    /// For `arrived_at`, `handover_offered_at`, `handed_over_at`,
    /// `police_left_at` and `departed_at`: the place of safety (`seq`, 1 = first).
    pub stay: Option<i64>,
    /// For `extension_authorised_at`: the extension (1 = first recorded).
    pub extension: Option<i64>,
    /// For `health_check_at`: the health check (1 = first recorded).
    pub check: Option<i64>,
    /// The corrected time. Not in the future; the same ordering rules as when recording.
    #[serde(deserialize_with = "strict::time_required")]
    pub new_time: DateTime<FixedOffset>,
    /// Why the time is corrected (required, at most 500 characters).
    #[schema(min_length = 1, max_length = 500, pattern = "\\S")]
    #[serde(deserialize_with = "strict::reason_required")]
    pub reason: String,
    /// Required when the corrected time makes a handed-over stay a breach
    /// for the first time and no delay reason is recorded on it; otherwise
    /// not read.
    #[serde(default)]
    pub delay_reason: Option<DelayReason>,
    /// Required when `delay_reason` is `other`.
    #[serde(default, deserialize_with = "strict::delay_note")]
    pub delay_note: Option<String>,
    /// The episode's `version` as the caller saw it: refused with 409
    /// `version_conflict` if it has changed since. Also accepted as `expected_version`.
    #[serde(alias = "expected_version")]
    pub version: i64,
}

/// Request bodies are read strictly, so a bad value is a 400 `bad_request`
/// naming its field before any rule reads it: text with control characters
/// (the rule is `types::check_text`), an empty string for a code, a time that
/// is not RFC 3339 (chrono's own parser would take "12:00:00 Z").
pub(crate) mod strict {
    use chrono::{DateTime, FixedOffset};
    use serde::Deserialize;
    use serde::de::{Deserializer, Error};

    use crate::domain::types::check_text;

    #[derive(Clone, Copy)]
    enum Kind {
        Line,
        Note,
        Code,
    }

    fn check<E: Error>(s: String, field: &str, kind: Kind) -> Result<String, E> {
        check_text(&s, matches!(kind, Kind::Note), field)
            .map_err(|m| E::custom(crate::i18n::en(&m)))?;
        if matches!(kind, Kind::Code) && s.trim().is_empty() {
            return Err(E::custom(format!(
                "{field} must be one of the codes listed, not an empty string"
            )));
        }
        Ok(s)
    }

    fn optional<'de, D: Deserializer<'de>>(
        d: D,
        field: &str,
        kind: Kind,
    ) -> Result<Option<String>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|s| check(s, field, kind))
            .transpose()
    }

    fn required<'de, D: Deserializer<'de>>(
        d: D,
        field: &str,
        kind: Kind,
    ) -> Result<String, D::Error> {
        check(String::deserialize(d)?, field, kind)
    }

    macro_rules! fields {
        ($($fun:ident: $how:ident $field:literal $kind:ident),* $(,)?) => {$(
            pub fn $fun<'de, D: Deserializer<'de>>(d: D) -> Result<fields!(@ty $how), D::Error> {
                $how(d, $field, Kind::$kind)
            }
        )*};
        (@ty optional) => { Option<String> };
        (@ty required) => { String };
    }

    fields!(
        site: required "site" Code,
        age_band: optional "age_band" Code,
        location_type: optional "location_type" Code,
        collar_number: optional "collar_number" Line,
        client_ref: optional "client_ref" Line,
        amhp_name: optional "amhp_name" Line,
        accepted_by_name: optional "accepted_by_name" Line,
        accepted_by_role: optional "accepted_by_role" Line,
        authorised_by_name: required "authorised_by_name" Line,
        superintendent_name: optional "superintendent_name" Line,
        superintendent_collar: optional "superintendent_collar" Line,
        notes: optional "notes" Note,
        backdate_reason: optional "backdate_reason" Note,
        delay_note: optional "delay_note" Note,
        reason_note: optional "reason_note" Note,
        outcome_note: optional "outcome_note" Note,
        reason: optional "reason" Note,
        reason_required: required "reason" Note,
        prealert_note: optional "note" Note,
    );

    fn rfc3339<E: Error>(s: &str) -> Result<DateTime<FixedOffset>, E> {
        DateTime::parse_from_rfc3339(s).map_err(|_| {
            E::custom(format!(
                "{s:?} is not an RFC 3339 time (like 2026-11-20T12:00:00Z)"
            ))
        })
    }

    pub fn time<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|s| rfc3339(&s))
            .transpose()
    }

    pub fn time_required<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<DateTime<FixedOffset>, D::Error> {
        rfc3339(&String::deserialize(d)?)
    }
}
