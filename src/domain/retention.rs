//! Retention of free text: `s136 purge --older-than 6y` clears what staff
//! typed about closed cases (notes, reasons written out, names typed in)
//! once the case has been closed longer than that. Times, codes, counts and
//! the accounts that acted stay, so every report's figures stay the same.
//! The audit trail's copies of that text are redacted too (the one change
//! the database lets anyone make to it), and each case purged gets one audit
//! row saying which fields were cleared. Nothing is purged unless asked.

use chrono::{DateTime, Months, Utc};
use serde_json::{Value, json};

use crate::db::DbConn;
use crate::db::retention as q;
use crate::domain::time::{from_db, iso_utc, to_db};
use crate::error::AppError;

/// What a cleared text reads afterwards (NULL stays NULL: nothing was typed).
pub const REMOVED: &str = "(removed after the retention period)";

/// The audit action of a purge.
pub const ACTION: &str = "free_text_purged";

/// The free-text columns, by table: one list for the purge and its audit row.
pub const FIELDS: &[(&str, &[&str])] = &[
    (
        "episodes",
        &["notes", "outcome_note", "amhp_name", "cancel_reason"],
    ),
    (
        "stays",
        &[
            "backdate_reason",
            "accepted_by_name",
            "delay_note",
            "police_left_reason",
        ],
    ),
    (
        "extensions",
        &["authorised_by_name", "reason_note", "superintendent_name"],
    ),
    ("stay_requests", &["reason_note"]),
    // Payloads name the staff who accepted or asked (copies of the above).
    ("notifications", &["payload"]),
    (
        "police_station_authorisations",
        &["inspector_name", "not_consulted_reason"],
    ),
    ("health_checks", &["checked_by_name", "note"]),
];

/// Keys of audit JSON that hold typed text wherever they appear.
const AUDIT_TEXT_KEYS: &[&str] = &[
    "notes",
    "note",
    "backdate_reason",
    "amhp_name",
    "outcome_note",
    "delay_note",
    "reason_note",
    "accepted_by_name",
    "authorised_by_name",
    "superintendent_name",
    "checked_by_name",
    "inspector_name",
    "not_consulted_reason",
];

/// Actions whose `reason` is written out (elsewhere `reason` is a code).
const AUDIT_TYPED_REASON: &[&str] = &["cancelled", "police_left", "time_corrected"];

/// How long closed cases keep their free text: `6y`, `18m`, `90d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Years(u32),
    Months(u32),
    Days(u32),
}

impl Period {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let bad = || {
            format!(
                "{raw:?} is not a period: write a number and y, m or d (6y for six years, 18m, 90d)"
            )
        };
        let (n, unit) = raw.split_at(raw.len().saturating_sub(1));
        let n: u32 = n.parse().map_err(|_| bad())?;
        if n == 0 {
            return Err("the period must be at least 1 day".into());
        }
        match unit {
            "y" | "Y" if n <= 100 => Ok(Self::Years(n)),
            "m" | "M" if n <= 1200 => Ok(Self::Months(n)),
            "d" | "D" if n <= 36500 => Ok(Self::Days(n)),
            "y" | "Y" | "m" | "M" | "d" | "D" => Err("the period must be at most 100 years".into()),
            _ => Err(bad()),
        }
    }

    /// Cases closed before this are purged.
    pub fn cutoff(self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Self::Years(n) => now.checked_sub_months(Months::new(n * 12)),
            Self::Months(n) => now.checked_sub_months(Months::new(n)),
            Self::Days(n) => now.checked_sub_signed(chrono::Duration::days(i64::from(n))),
        }
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    pub fn code(self) -> String {
        match self {
            Self::Years(n) => format!("{n}y"),
            Self::Months(n) => format!("{n}m"),
            Self::Days(n) => format!("{n}d"),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Purged {
    /// Cases whose free text was cleared now.
    pub cases: usize,
    /// Audit rows whose copies of it were redacted.
    pub audit_rows: usize,
    pub cutoff: String,
}

/// Replaces typed text in an audit row's JSON; `None` when there is none.
pub fn redact(action: &str, json: &str) -> Option<String> {
    fn walk(v: &mut Value, typed_reason: bool, changed: &mut bool) {
        match v {
            Value::Object(map) => {
                for (k, val) in map.iter_mut() {
                    let text =
                        AUDIT_TEXT_KEYS.contains(&k.as_str()) || (typed_reason && k == "reason");
                    if text && val.is_string() && val.as_str() != Some(REMOVED) {
                        *val = Value::String(REMOVED.into());
                        *changed = true;
                    } else {
                        walk(val, typed_reason, changed);
                    }
                }
            }
            Value::Array(items) => items
                .iter_mut()
                .for_each(|i| walk(i, typed_reason, changed)),
            _ => {}
        }
    }
    let mut v: Value = serde_json::from_str(json).ok()?;
    let mut changed = false;
    walk(&mut v, AUDIT_TYPED_REASON.contains(&action), &mut changed);
    changed.then(|| v.to_string())
}

/// Clears the free text of every case closed (ended or cancelled) before
/// `now - older_than` and not purged yet, one transaction a case.
pub fn purge(
    conn: &mut DbConn,
    older_than: Period,
    now: DateTime<Utc>,
) -> Result<Purged, AppError> {
    let cutoff = older_than.cutoff(now);
    let mut out = Purged {
        cutoff: iso_utc(cutoff),
        ..Default::default()
    };
    for (id, closed) in q::closed_before(conn, to_db(cutoff))? {
        let rows = crate::db::write_tx(conn, |c| {
            // Read again inside the transaction: another purge may have run.
            if !q::still_unpurged(c, id)? {
                return Ok(None);
            }
            let cleared = q::clear_free_text(c, id, FIELDS, REMOVED)?;
            let mut redacted = 0;
            for e in crate::db::audit::for_episode(c, id)? {
                let before = e.before_json.as_deref().and_then(|j| redact(&e.action, j));
                let after = e.after_json.as_deref().and_then(|j| redact(&e.action, j));
                if before.is_some() || after.is_some() {
                    q::redact_audit(
                        c,
                        e.id,
                        before.or(e.before_json),
                        after.or(e.after_json),
                        to_db(now),
                    )?;
                    redacted += 1;
                }
            }
            q::mark_purged(c, id, to_db(now))?;
            crate::db::audit::insert(
                c,
                crate::db::audit::NewAuditEvent {
                    episode_id: Some(id),
                    actor_id: None,
                    actor_name: crate::domain::tokens::OPERATOR,
                    at: to_db(now),
                    action: ACTION,
                    entity: "episode",
                    entity_id: Some(id),
                    before: None,
                    after: Some(json!({
                        "older_than": older_than.code(),
                        "closed_at": iso_utc(from_db(closed)),
                        "fields_cleared": cleared,
                        "audit_rows_redacted": redacted,
                    })),
                },
            )?;
            Ok(Some(redacted))
        })?;
        if let Some(r) = rows {
            out.cases += 1;
            out.audit_rows += r;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        assert_eq!(Period::parse("6y"), Ok(Period::Years(6)));
        assert_eq!(Period::parse("18m"), Ok(Period::Months(18)));
        assert_eq!(Period::parse(" 90d "), Ok(Period::Days(90)));
        for bad in [
            "", "6", "y", "6w", "-6y", "0d", "6 y", "1.5y", "101y", "６y",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad:?}");
        }
        let now = DateTime::parse_from_rfc3339("2026-02-28T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            iso_utc(Period::Years(6).cutoff(now)),
            "2020-02-28T12:00:00Z"
        );
        assert_eq!(
            iso_utc(Period::Months(18).cutoff(now)),
            "2024-08-28T12:00:00Z"
        );
        assert_eq!(
            iso_utc(Period::Days(90).cutoff(now)),
            "2025-11-30T12:00:00Z"
        );
    }

    #[test]
    fn audit_text_is_redacted_and_codes_kept() {
        let a = redact(
            "time_corrected",
            r#"{"reason":"Typed by Sam","derived":{"delay_note":"Jo Bloggs","delay_reason":"other"},"value":"x"}"#,
        )
        .unwrap();
        let v: Value = serde_json::from_str(&a).unwrap();
        assert_eq!(v["reason"], REMOVED);
        assert_eq!(v["derived"]["delay_note"], REMOVED);
        assert_eq!(v["derived"]["delay_reason"], "other");
        assert_eq!(v["value"], "x");
        // A code called reason is kept.
        assert_eq!(
            redact(
                "police_asked_to_stay",
                r#"{"reason":"risk","reason_note":null}"#
            ),
            None
        );
        assert_eq!(redact("arrival_logged", r#"{"site":"OAK"}"#), None);
        assert_eq!(redact("arrival_logged", "not json"), None);
    }
}
