//! The handover rules: the one-hour target, waiting bands, delay reasons and the
//! limits on when things may be recorded. Pages, API, CLI and seeder share them.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::time::{SKEW, hm};
use crate::domain::lang::Msg;
use crate::error::FieldErrors;
use crate::msg;

pub use crate::db::orgs::DEFAULT_TARGET_MINUTES;
/// Arrivals may be logged late, but not later than this.
pub const MAX_BACKDATE: Duration = Duration::hours(24);
/// Logging an arrival later than this after it happened needs a reason.
pub const BACKDATE_NEEDS_REASON: Duration = Duration::minutes(10);

/// The one rule for every band of a wait and for the target itself: a band
/// includes its upper end, so 30:00 is "under 30", 45:00 is "30 to 45" and
/// 60:00 is within a 60-minute target. The board's bands, the report's bands
/// and the breach flag all ask this.
pub fn within(waited_seconds: i64, minutes: i64) -> bool {
    waited_seconds <= minutes * 60
}

/// A breach is strictly more than the target: 60:00 exactly is within it.
pub fn is_breach(waited_seconds: i64, target_minutes: i64) -> bool {
    !within(waited_seconds, target_minutes)
}

/// The wait from arrival to `until` (the handover, leaving on a transfer or
/// the end of the detention) in seconds on UTC instants, and whether it
/// breaches the target: the one place a stay's wait and flag are worked out.
pub fn wait(arrived: DateTime<Utc>, until: DateTime<Utc>, target_minutes: i64) -> (i64, bool) {
    let seconds = seconds_between(arrived, until);
    (seconds, is_breach(seconds, target_minutes))
}

/// Seconds from `from` to `to` on UTC instants (never negative).
pub fn seconds_between(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_seconds().max(0)
}

/// The board's bands. 30 and 45 minutes are fixed (ambulance-style)
/// thresholds below the target; a band that would start at or past the
/// target collapses into the next one, so with a 45-minute target there is no
/// "45 to target" band and with 30 or less no "30 to 45" either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    Under30,
    From30To45,
    From45ToTarget,
    Breach,
}

impl Band {
    pub fn of(waited_seconds: i64, target_minutes: i64) -> Self {
        if is_breach(waited_seconds, target_minutes) {
            Self::Breach
        } else if within(waited_seconds, 30) {
            Self::Under30
        } else if within(waited_seconds, 45) {
            Self::From30To45
        } else {
            Self::From45ToTarget
        }
    }
    /// The label, with the target as the top of the last band below it.
    pub fn label(self, target_minutes: i64) -> Msg {
        match self {
            Self::Under30 => crate::msg!("report-band-under", minutes = target_minutes.min(30)),
            Self::From30To45 => {
                crate::msg!("report-band-from-30", minutes = target_minutes.min(45))
            }
            Self::From45ToTarget => crate::msg!("report-band-from-45", minutes = target_minutes),
            Self::Breach => crate::msg!("report-band-breach"),
        }
    }
    /// NHS tag colour modifier.
    pub fn tag_class(self) -> &'static str {
        match self {
            Self::Under30 => "nhsuk-tag--green",
            Self::From30To45 => "nhsuk-tag--yellow",
            Self::From45ToTarget => "nhsuk-tag--orange",
            Self::Breach => "nhsuk-tag--red",
        }
    }
}

/// The target in words for sentences: "one-hour" for 60, else "45-minute".
pub fn target_words(target_minutes: i64) -> Msg {
    if target_minutes == 60 {
        crate::msg!("report-target-one-hour")
    } else {
        crate::msg!("report-target-minutes", n = target_minutes)
    }
}

macro_rules! code_enum {
    ($(#[doc = $doc:literal])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        // JSON uses the code itself ("under_18", "18_24"), as pages and the database do.
        pub enum $name { $(#[serde(rename = $code)] $variant),+ }

        // Written out rather than derived: the derive does not see the serde
        // renames made through this macro and would list the variant names.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                let doc = [$($doc),*].map(str::trim).join("\n");
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code),+]))
                    .description((!doc.is_empty()).then_some(doc))
                    .into()
            }
        }
        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            pub fn code(self) -> &'static str {
                match self { $(Self::$variant => $code),+ }
            }
            /// The catalogue key of its label (`locales/*/codes.ftl`).
            pub fn label(self) -> &'static str {
                match self { $(Self::$variant => concat!(stringify!($name), "-", $code)),+ }
            }
            pub fn parse(code: &str) -> Option<Self> {
                match code { $($code => Some(Self::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

code_enum!(
    /// Why police were kept past the target (domain brief, reason codes).
    DelayReason {
        RiskToLife = "risk_to_life",
        InsufficientStaff = "insufficient_staff",
        AwaitingMedicalClearance = "awaiting_medical_clearance",
        AwaitingBedOrTransfer = "awaiting_bed_or_transfer",
        ViolenceOrAbscondingRisk = "violence_or_absconding_risk",
        Other = "other",
    }
);

code_enum!(
    /// Why the detention was extended (s136B(2) MHA 1983).
    ExtensionReason {
        AssessmentImpracticable = "assessment_impracticable",
        Other = "other",
    }
);

code_enum!(
    /// How the detention ended (domain brief; Home Office return).
    Outcome {
        AdmittedInformally = "admitted_informally",
        DetainedS2 = "detained_s2",
        DetainedS3 = "detained_s3",
        DischargedWithFollowUp = "discharged_with_follow_up",
        DischargedWithoutFollowUp = "discharged_without_follow_up",
        TransferredToPoliceCustody = "transferred_to_police_custody",
        Other = "other",
    }
);

code_enum!(
    /// The power used: s136 (found in a public place) or a s135(1) warrant.
    /// MHSDS legal status 20 and 19.
    EpisodeKind {
        S136 = "s136",
        S135 = "s135",
    }
);

code_enum!(
    /// Where the s136 detention happened. s136(1) cannot be used in a private
    /// dwelling or its garden or yard, so that is not on the list.
    LocationType {
        PublicPlace = "public_place",
        OtherNonDwelling = "other_non_dwelling",
    }
);

code_enum!(
    /// Age band for the Home Office return; `under_18` is the flag that forbids
    /// a police station (s136A MHA 1983).
    AgeBand {
        Under18 = "under_18",
        From18To24 = "18_24",
        From25To34 = "25_34",
        From35To44 = "35_44",
        From45To54 = "45_54",
        From55To64 = "55_64",
        From65 = "65_plus",
        NotKnown = "not_known",
    }
);

code_enum!(
    Sex {
        Female = "female",
        Male = "male",
        Other = "other",
        NotStated = "not_stated",
    }
);

code_enum!(
    /// ONS 2021 census ethnic groups (England and Wales), plus not stated.
    Ethnicity {
        AsianBangladeshi = "asian_bangladeshi",
        AsianChinese = "asian_chinese",
        AsianIndian = "asian_indian",
        AsianPakistani = "asian_pakistani",
        AsianOther = "asian_other",
        BlackAfrican = "black_african",
        BlackCaribbean = "black_caribbean",
        BlackOther = "black_other",
        MixedWhiteAsian = "mixed_white_asian",
        MixedWhiteBlackAfrican = "mixed_white_black_african",
        MixedWhiteBlackCaribbean = "mixed_white_black_caribbean",
        MixedOther = "mixed_other",
        WhiteBritish = "white_british",
        WhiteIrish = "white_irish",
        WhiteGypsyTraveller = "white_gypsy_traveller",
        WhiteRoma = "white_roma",
        WhiteOther = "white_other",
        OtherArab = "other_arab",
        OtherAny = "other_any",
        NotStated = "not_stated",
    }
);

code_enum!(
    /// Whether a person held at a police station as a place of safety was
    /// arrested for an offence (Home Office return, police-station detentions).
    Arrested {
        Yes = "yes",
        No = "no",
        NotKnown = "not_known",
    }
);

code_enum!(
    /// How the person was taken to the (first) place of safety.
    Transport {
        Ambulance = "ambulance",
        PoliceVehicle = "police_vehicle",
        OtherHealthVehicle = "other_health_vehicle",
        Other = "other",
        Unknown = "unknown",
        AlreadyAtPlaceOfSafety = "none",
    }
);

code_enum!(
    /// Why a police vehicle was used instead of an ambulance.
    PoliceVehicleReason {
        AmbulanceUnavailable = "ambulance_unavailable",
        AmbulanceNotRequested = "ambulance_not_requested",
        RiskOrViolence = "risk_or_violence",
        Other = "other",
        Unknown = "unknown",
    }
);

code_enum!(
    /// A recorded time that can be corrected (with a reason, audited).
    TimeField {
        ArrivedAt = "arrived_at",
        HandoverOfferedAt = "handover_offered_at",
        HandedOverAt = "handed_over_at",
        PoliceLeftAt = "police_left_at",
        DepartedAt = "departed_at",
        DetainedAt = "detained_at",
        WarrantAt = "warrant_at",
        AssessmentStartedAt = "assessment_started_at",
        AssessmentCompletedAt = "assessment_completed_at",
        EndedAt = "ended_at",
        ExtensionAuthorisedAt = "extension_authorised_at",
        HealthCheckAt = "health_check_at",
    }
);

code_enum!(
    /// Whether a health professional was consulted before a police station was
    /// used (SI 2017/1036 reg 2(4)): required where practicable.
    HealthConsulted {
        Consulted = "consulted",
        NotPracticable = "not_practicable",
    }
);

code_enum!(
    SiteKind {
        MentalHealthUnit = "mental_health_unit",
        EmergencyDepartment = "emergency_department",
        PoliceStation = "police_station",
        PrivateHome = "private_home",
        Other = "other",
    }
);

code_enum!(
    Role {
        Officer = "officer",
        Health = "health",
        Manager = "manager",
        Admin = "admin",
    }
);

/// Checks an arrival time against `now`: not in the future (beyond skew), not
/// more than 24 h back, and a reason when more than 10 minutes back.
pub fn check_arrival_time(
    arrived_at: DateTime<Utc>,
    backdate_reason: Option<&str>,
    now: DateTime<Utc>,
    errors: &mut FieldErrors,
) {
    check_arrival_recorded_at(arrived_at, backdate_reason, now, now, errors)
}

/// An arrival saved on a phone and sent later: the phone's clock at the tap,
/// moved by the difference the page measured between the phone's clock and
/// the server's when it was last loaded from the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Captured {
    /// The phone's own clock at the tap.
    pub device_at: DateTime<Utc>,
    /// Server clock minus phone clock; zero when the page never measured it.
    pub clock_offset: Duration,
}

impl Captured {
    /// Refuses an offset beyond the backdating window: no phone clock that
    /// wrong can be corrected into a time worth recording.
    pub fn new(device_at: DateTime<Utc>, clock_offset_ms: Option<i64>) -> Result<Self, Msg> {
        let clock_offset = Duration::milliseconds(clock_offset_ms.unwrap_or(0));
        if clock_offset.abs() > MAX_BACKDATE {
            return Err(Msg::new("case-phone-clock-out"));
        }
        Ok(Self {
            device_at,
            clock_offset,
        })
    }

    /// The tap on the server's clock, to the second.
    pub fn at(&self) -> DateTime<Utc> {
        let t = self.device_at + self.clock_offset;
        DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t)
    }
}

/// A capture time is refused like any backdated time: in the future beyond
/// the skew, or more than 24 hours before the server received it.
pub fn check_capture_time(
    captured_at: DateTime<Utc>,
    now: DateTime<Utc>,
    errors: &mut FieldErrors,
) {
    if captured_at > now + SKEW {
        errors.add(
            "arrived_at",
            msg!(
                "case-phone-clock-ahead",
                said = hm(captured_at),
                now = hm(now)
            ),
        );
    } else if now - captured_at > MAX_BACKDATE {
        errors.add(
            "arrived_at",
            msg!(
                "case-phone-saved-too-long-ago",
                at = super::time::long_msg(captured_at)
            ),
        );
    }
}

/// As [`check_arrival_time`], where the officer recorded the arrival at
/// `recorded_at` (the tap, for one saved on a phone) and the server received
/// it `now`: the window is the server's, the late-logging reason is only for
/// the time between the arrival and the officer recording it.
pub fn check_arrival_recorded_at(
    arrived_at: DateTime<Utc>,
    backdate_reason: Option<&str>,
    recorded_at: DateTime<Utc>,
    now: DateTime<Utc>,
    errors: &mut FieldErrors,
) {
    if arrived_at > now + SKEW {
        errors.add("arrived_at", msg!("case-arrival-future", time = hm(now)));
    } else if now - arrived_at > MAX_BACKDATE {
        errors.add("arrived_at", "case-arrival-too-old");
    } else if recorded_at - arrived_at > BACKDATE_NEEDS_REASON
        && backdate_reason.is_none_or(|r| r.trim().is_empty())
    {
        errors.add(
            "backdate_reason",
            msg!(
                "case-arrival-backdate-reason",
                late = super::time::duration_msg(seconds_between(arrived_at, recorded_at))
            ),
        );
    }
}

/// A recorded event time must be at or after `earliest` and not in the future.
/// `what` and `earliest_what` are catalogue keys of the events' names
/// without an article ("handover time").
pub fn check_event_time(
    field: &str,
    what: &'static str,
    at: DateTime<Utc>,
    earliest: DateTime<Utc>,
    earliest_what: &'static str,
    now: DateTime<Utc>,
    errors: &mut FieldErrors,
) {
    if at > now + SKEW {
        errors.add(
            field,
            msg!("case-event-future", what = Msg::new(what), time = hm(now)),
        );
    } else if at < earliest {
        errors.add(
            field,
            msg!(
                "case-event-before",
                what = Msg::new(what),
                earliest = Msg::new(earliest_what),
                time = hm(earliest)
            ),
        );
    }
}

/// The messages of a "choose a code from a list; `other` needs details" pair
/// of fields (delay reasons, stay requests, extension reasons, outcomes).
pub struct CodedField<'a> {
    pub field: &'a str,
    pub note_field: &'a str,
    /// How length errors name the note ("The details"): a catalogue key.
    pub note_label: &'static str,
    pub from_list: &'static str,
    pub describe: &'static str,
}

/// A breached handover's reason for the delay (confirming, or correcting a
/// time that makes it a breach).
pub const DELAY_REASON: CodedField<'static> = CodedField {
    field: "delay_reason",
    note_field: "delay_note",
    note_label: "case-what-delay-note",
    from_list: "case-delay-from-list",
    describe: "case-delay-describe",
};

/// Reads a code and its note. `missing` is the message when no code was
/// chosen (`None` where a code is optional). The note is at most 500
/// characters and required with `other`.
pub fn coded_with_note<T: Copy + PartialEq>(
    code: Option<&str>,
    note: Option<&str>,
    parse: fn(&str) -> Option<T>,
    other: T,
    f: &CodedField,
    missing: Option<Msg>,
    errors: &mut FieldErrors,
) -> (Option<T>, Option<String>) {
    let value = match code.map(str::trim) {
        None | Some("") => {
            if let Some(m) = missing {
                errors.add(f.field, m);
            }
            None
        }
        Some(code) => {
            let v = parse(code);
            if v.is_none() {
                errors.add(f.field, f.from_list);
            }
            v
        }
    };
    let note = super::types::optional_text(note, 500, Msg::new(f.note_label)).unwrap_or_else(|m| {
        errors.add(f.note_field, m);
        None
    });
    if value == Some(other) && note.is_none() {
        errors.add(f.note_field, f.describe);
    }
    (value, note)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn breach_is_strictly_over_the_target() {
        assert!(!is_breach(59 * 60 + 59, 60));
        assert!(!is_breach(60 * 60, 60));
        assert!(is_breach(60 * 60 + 1, 60));
        assert!(is_breach(30 * 60 + 1, 30));
    }

    #[test]
    fn bands_follow_the_breach_rule() {
        assert_eq!(Band::of(0, 60), Band::Under30);
        assert_eq!(Band::of(60 * 60, 60), Band::From45ToTarget);
        assert_eq!(Band::of(60 * 60 + 1, 60), Band::Breach);
    }

    #[test]
    fn each_band_includes_its_upper_end() {
        let m = |min: i64, sec: i64| min * 60 + sec;
        assert_eq!(Band::of(m(29, 59), 60), Band::Under30);
        assert_eq!(Band::of(m(30, 0), 60), Band::Under30);
        assert_eq!(Band::of(m(30, 1), 60), Band::From30To45);
        assert_eq!(Band::of(m(45, 0), 60), Band::From30To45);
        assert_eq!(Band::of(m(45, 1), 60), Band::From45ToTarget);
        assert_eq!(Band::of(m(60, 0), 60), Band::From45ToTarget);
        assert_eq!(Band::of(m(60, 1), 60), Band::Breach);
    }

    #[test]
    fn bands_above_a_short_target_collapse() {
        let m = |min: i64, sec: i64| min * 60 + sec;
        assert_eq!(Band::of(m(45, 0), 45), Band::From30To45);
        assert_eq!(Band::of(m(45, 1), 45), Band::Breach);
        assert_eq!(Band::of(m(30, 0), 30), Band::Under30);
        assert_eq!(Band::of(m(30, 1), 30), Band::Breach);
        assert_eq!(Band::of(m(20, 0), 20), Band::Under30);
        assert_eq!(Band::of(m(20, 1), 20), Band::Breach);
        assert_eq!(Band::of(m(46, 0), 90), Band::From45ToTarget);
    }

    #[test]
    fn band_labels_follow_the_target() {
        use crate::i18n::{Lang, en, render};
        let b = |band: Band, target: i64| en(&band.label(target));
        assert_eq!(b(Band::From45ToTarget, 60), "45 to 60 min");
        assert_eq!(b(Band::From45ToTarget, 90), "45 to 90 min");
        assert_eq!(b(Band::From30To45, 60), "30 to 45 min");
        assert_eq!(b(Band::From30To45, 40), "30 to 40 min");
        assert_eq!(b(Band::Under30, 60), "Under 30 min");
        assert_eq!(b(Band::Under30, 20), "Under 20 min");
        assert_eq!(b(Band::Breach, 45), "Breach");
        assert_eq!(en(&target_words(60)), "one-hour");
        assert_eq!(en(&target_words(45)), "45-minute");
        assert_eq!(render(Lang::Cy, &Band::Under30.label(60)), "Llai na 30 mun");
        assert_eq!(
            render(Lang::Cy, &Band::Breach.label(60)),
            "Wedi torri'r targed"
        );
        assert_eq!(render(Lang::Cy, &target_words(45)), "45 munud");
    }

    #[test]
    fn durations_across_clock_changes_use_utc() {
        // Spring: 00:30 GMT to 03:00 BST is 1h30m, though the clock moved 2h30m.
        let a = t("2026-03-29T00:30:00+00:00");
        let h = t("2026-03-29T03:00:00+01:00");
        assert_eq!(seconds_between(a, h), 90 * 60);
        assert!(is_breach(seconds_between(a, h), 60));
        // Autumn: 01:30 BST to 01:20 GMT is 50 min, though the clock moved back.
        let a = t("2026-10-25T01:30:00+01:00");
        let h = t("2026-10-25T01:20:00+00:00");
        assert_eq!(seconds_between(a, h), 50 * 60);
        assert!(!is_breach(seconds_between(a, h), 60));
        // Autumn: 00:45 BST to 01:45 GMT is 2h00m.
        let a = t("2026-10-25T00:45:00+01:00");
        let h = t("2026-10-25T01:45:00+00:00");
        assert_eq!(seconds_between(a, h), 2 * 3600);
    }

    #[test]
    fn arrival_time_limits() {
        let now = t("2026-11-22T12:00:00Z");
        let check = |at: DateTime<Utc>, reason: Option<&str>| {
            let mut e = FieldErrors::default();
            check_arrival_time(at, reason, now, &mut e);
            e
        };
        assert!(check(now, None).is_empty());
        assert!(check(now + Duration::minutes(2), None).is_empty());
        assert!(
            check(now + Duration::minutes(2) + Duration::seconds(1), None)
                .get("arrived_at")
                .is_some()
        );
        assert!(check(now - Duration::minutes(10), None).is_empty());
        let late = check(now - Duration::minutes(11), None);
        assert!(late.english("backdate_reason").unwrap().contains("0h 11m"));
        assert!(
            check(now - Duration::minutes(11), Some("  "))
                .get("backdate_reason")
                .is_some()
        );
        assert!(check(now - Duration::minutes(11), Some("radio down")).is_empty());
        assert!(check(now - Duration::hours(24), Some("late")).is_empty());
        assert!(
            check(
                now - Duration::hours(24) - Duration::seconds(1),
                Some("late")
            )
            .english("arrived_at")
            .unwrap()
            .contains("24 hours")
        );
    }

    #[test]
    fn event_times_must_follow_and_not_be_future() {
        let now = t("2026-11-22T12:00:00Z");
        let arrived = t("2026-11-22T11:00:00Z");
        let mut e = FieldErrors::default();
        check_event_time(
            "h",
            "case-what-handover-time",
            arrived - Duration::seconds(1),
            arrived,
            "case-what-arrival-time",
            now,
            &mut e,
        );
        assert_eq!(
            e.english("h").as_deref(),
            Some("Enter a handover time that is after the arrival time, 11:00")
        );
        let mut e = FieldErrors::default();
        check_event_time(
            "h",
            "case-what-handover-time",
            arrived,
            arrived,
            "case-what-arrival-time",
            now,
            &mut e,
        );
        assert!(e.is_empty());
        check_event_time(
            "h",
            "case-what-handover-time",
            now + Duration::minutes(3),
            arrived,
            "case-what-arrival-time",
            now,
            &mut e,
        );
        assert!(e.english("h").unwrap().contains("future"));
    }

    #[test]
    fn codes_round_trip() {
        for r in DelayReason::ALL {
            assert_eq!(DelayReason::parse(r.code()), Some(*r));
        }
        assert_eq!(DelayReason::parse("bogus"), None);
        assert_eq!(
            SiteKind::parse("police_station"),
            Some(SiteKind::PoliceStation)
        );
        assert_eq!(Role::parse("officer"), Some(Role::Officer));
    }

    #[test]
    fn json_uses_the_codes() {
        fn check<
            T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug + Copy,
        >(
            all: &[T],
            code: fn(T) -> &'static str,
        ) {
            for v in all {
                let json = serde_json::to_string(v).unwrap();
                assert_eq!(json, format!("\"{}\"", code(*v)));
                assert_eq!(serde_json::from_str::<T>(&json).unwrap(), *v);
            }
        }
        check(AgeBand::ALL, AgeBand::code);
        check(Sex::ALL, Sex::code);
        check(Ethnicity::ALL, Ethnicity::code);
        check(Transport::ALL, Transport::code);
        check(PoliceVehicleReason::ALL, PoliceVehicleReason::code);
        check(Outcome::ALL, Outcome::code);
        check(DelayReason::ALL, DelayReason::code);
        check(ExtensionReason::ALL, ExtensionReason::code);
        check(EpisodeKind::ALL, EpisodeKind::code);
        check(LocationType::ALL, LocationType::code);
        check(SiteKind::ALL, SiteKind::code);
        check(Role::ALL, Role::code);
    }

    #[test]
    fn coded_fields_need_a_listed_code_and_a_note_for_other() {
        let f = CodedField {
            field: "r",
            note_field: "n",
            note_label: "The note",
            from_list: "from list",
            describe: "describe",
        };
        let run = |code: Option<&str>, note: Option<&str>, missing: Option<Msg>| {
            let mut e = FieldErrors::default();
            let out = coded_with_note(
                code,
                note,
                DelayReason::parse,
                DelayReason::Other,
                &f,
                missing,
                &mut e,
            );
            (out, e)
        };
        let ((v, n), e) = run(Some("insufficient_staff"), None, None);
        assert_eq!((v, n), (Some(DelayReason::InsufficientStaff), None));
        assert!(e.is_empty());
        assert!(
            run(None, None, None).1.is_empty(),
            "optional when no missing message"
        );
        assert_eq!(
            run(Some(" "), None, Some("choose".into()))
                .1
                .english("r")
                .as_deref(),
            Some("choose")
        );
        assert_eq!(
            run(Some("bogus"), None, None).1.english("r").as_deref(),
            Some("from list")
        );
        assert_eq!(
            run(Some("other"), Some("  "), None)
                .1
                .english("n")
                .as_deref(),
            Some("describe")
        );
        let long = "x".repeat(501);
        assert!(
            run(Some("other"), Some(&long), None)
                .1
                .english("n")
                .unwrap()
                .contains("500")
        );
        let ((_, n), e) = run(Some("other"), Some(" staff at lunch "), None);
        assert_eq!((n.as_deref(), e.is_empty()), (Some("staff at lunch"), true));
    }
}
