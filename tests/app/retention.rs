//! `s136 purge --older-than`: the free text of cases closed longer ago is
//! cleared (and its copies in the audit trail), times, codes and counts stay,
//! the report summary is the same before and after, one audit row a case.

use actix_web::http::StatusCode;
use chrono::{Duration, Months};
use diesel::prelude::*;

use crate::both_backends;
use crate::common::{TestApp, t0};
use s136::domain::retention::{self, Period, REMOVED};
use s136::schema::{audit_events, episodes, stays};

both_backends!(purge_clears_old_free_text_and_keeps_the_figures);

const TYPED: [&str; 6] = [
    "Jonathan Smithers",
    "lives at 4 Elm Road",
    "AMHP Priya Shah",
    "Nurse Kim Oduya",
    "waited for a bed, family upset",
    "Logged twice by PC Ford",
];

async fn summary(app: &TestApp, token: &str) -> serde_json::Value {
    let r = app
        .api(
            "GET",
            "/api/v1/reports/summary?from=2026-01-01&to=2029-12-31",
            token,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

async fn post_ok(app: &TestApp, s: &crate::common::Sess, path: &str, form: &[(&str, &str)]) {
    let r = app.post(s, path, form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.body);
}

async fn purge_clears_old_free_text_and_keeps_the_figures(app: TestApp) {
    let officer = app.login("officer").await;
    let nurse = app.login("nurse").await;
    // Closed long ago: handed over late with a note, then ended with one.
    let old = app
        .arrive(
            &officer,
            "OAK",
            &[("notes", "Jonathan Smithers, lives at 4 Elm Road")],
        )
        .await;
    app.set_now(t0() + Duration::minutes(95));
    post_ok(
        &app,
        &nurse,
        &format!("/episodes/{old}/handover"),
        &[
            ("when", "now"),
            ("accepted_by_name", "Nurse Kim Oduya"),
            ("accepted_by_role", "Charge nurse"),
            ("delay_reason", "other"),
            ("delay_note", "waited for a bed, family upset"),
        ],
    )
    .await;
    app.set_now(t0() + Duration::hours(5));
    post_ok(
        &app,
        &nurse,
        &format!("/episodes/{old}/end"),
        &[
            ("when", "now"),
            ("outcome", "detained_s2"),
            ("outcome_note", "AMHP Priya Shah agreed"),
        ],
    )
    .await;
    // Cancelled long ago.
    app.set_now(t0() + Duration::hours(6));
    let cancelled = app
        .arrive(&officer, "MOOR", &[("notes", "Jonathan Smithers again")])
        .await;
    post_ok(
        &app,
        &officer,
        &format!("/episodes/{cancelled}/cancel"),
        &[("reason", "Logged twice by PC Ford")],
    )
    .await;
    // Still open: never purged, however old.
    let open = app
        .arrive(&officer, "OAK", &[("notes", "Open case note")])
        .await;
    // Closed recently (two years on): inside the retention period.
    let later = t0().checked_add_months(Months::new(24)).unwrap();
    app.set_now(later);
    let officer = app.login("officer").await;
    let recent = app
        .arrive(&officer, "CITYED", &[("notes", "Recent case note")])
        .await;
    post_ok(
        &app,
        &officer,
        &format!("/episodes/{recent}/cancel"),
        &[("reason", "Recent reason")],
    )
    .await;

    let token = app.token("manager_all").await;
    let before = summary(&app, &token).await;
    // Detentions leave out the cases logged in error, which count apart.
    let cases = before["episodes"].as_i64().unwrap() + before["cancelled"].as_i64().unwrap();
    assert!(cases >= 4, "{before}");
    assert_eq!(before["breaches"], 1);
    let (_, _, audit_before) = app.counts().await;

    // Seven years after the first cases: those closed over six years ago go.
    let purge_at = t0().checked_add_months(Months::new(84)).unwrap();
    let done = app
        .db(move |c| retention::purge(c, Period::parse("6y").unwrap(), purge_at).unwrap())
        .await;
    assert_eq!(done.cases, 2, "{done:?}");
    // The handover, the end and the cancellation carried typed text.
    assert_eq!(done.audit_rows, 3, "{done:?}");

    // The reports' figures are the same.
    assert_eq!(summary(&app, &token).await, before);

    let refs = [old.clone(), cancelled.clone(), open.clone(), recent.clone()];
    let rows = app
        .db(move |c| {
            refs.iter()
                .map(|r| {
                    episodes::table
                        .filter(episodes::reference.eq(r))
                        .select((
                            episodes::id,
                            episodes::notes,
                            episodes::outcome_note,
                            episodes::outcome,
                            episodes::cancel_reason,
                            episodes::ended_at,
                            episodes::purged_at,
                        ))
                        .first::<(
                            i64,
                            Option<String>,
                            Option<String>,
                            Option<String>,
                            Option<String>,
                            Option<chrono::NaiveDateTime>,
                            Option<chrono::NaiveDateTime>,
                        )>(c)
                        .unwrap()
                })
                .collect::<Vec<_>>()
        })
        .await;
    let removed = Some(REMOVED.to_string());
    // The old ended case: text gone, the outcome code and times kept.
    assert_eq!(rows[0].1, removed);
    assert_eq!(rows[0].2, removed);
    assert_eq!(rows[0].3.as_deref(), Some("detained_s2"));
    assert!(rows[0].5.is_some());
    assert!(rows[0].6.is_some());
    // The old cancelled case.
    assert_eq!(rows[1].1, removed);
    assert_eq!(rows[1].4, removed);
    // Open and recent: untouched.
    assert_eq!(rows[2].1.as_deref(), Some("Open case note"));
    assert_eq!(rows[2].6, None);
    assert_eq!(rows[3].1.as_deref(), Some("Recent case note"));
    assert_eq!(rows[3].4.as_deref(), Some("Recent reason"));
    assert_eq!(rows[3].6, None);

    let old_id = rows[0].0;
    let stay = app
        .db(move |c| {
            stays::table
                .filter(stays::episode_id.eq(old_id))
                .select((
                    stays::accepted_by_name,
                    stays::accepted_by_role,
                    stays::delay_reason,
                    stays::delay_note,
                    stays::handover_seconds,
                    stays::breached,
                ))
                .first::<(
                    Option<String>,
                    Option<String>,
                    Option<String>,
                    Option<String>,
                    Option<i64>,
                    Option<bool>,
                )>(c)
                .unwrap()
        })
        .await;
    assert_eq!(stay.0, removed);
    assert_eq!(
        stay.1.as_deref(),
        Some("Charge nurse"),
        "a role, not a name"
    );
    assert_eq!(stay.2.as_deref(), Some("other"), "the reason's code stays");
    assert_eq!(stay.3, removed);
    assert_eq!(stay.4, Some(95 * 60));
    assert_eq!(stay.5, Some(true));

    // The audit trail: its copies redacted, one purge row a case purged.
    let ids = [rows[0].0, rows[1].0, rows[2].0, rows[3].0];
    let audit = app
        .db(move |c| {
            ids.iter()
                .map(|id| {
                    audit_events::table
                        .filter(audit_events::episode_id.eq(id))
                        .select((
                            audit_events::action,
                            audit_events::before_json,
                            audit_events::after_json,
                        ))
                        .load::<(String, Option<String>, Option<String>)>(c)
                        .unwrap()
                })
                .collect::<Vec<_>>()
        })
        .await;
    for (i, events) in audit.iter().enumerate() {
        let purges = events.iter().filter(|e| e.0 == retention::ACTION).count();
        assert_eq!(purges, usize::from(i < 2), "case {i}: {events:?}");
        if i < 2 {
            let all = format!("{events:?}");
            for t in TYPED {
                assert!(
                    !all.contains(t),
                    "{t:?} left in the audit of case {i}: {all}"
                );
            }
        }
    }
    let purge_row: serde_json::Value = serde_json::from_str(
        audit[0]
            .iter()
            .find(|e| e.0 == retention::ACTION)
            .unwrap()
            .2
            .as_deref()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(purge_row["older_than"], "6y");
    let fields = purge_row["fields_cleared"].as_array().unwrap();
    for f in [
        "episodes.notes",
        "episodes.outcome_note",
        "stays.accepted_by_name",
        "stays.delay_note",
    ] {
        assert!(fields.iter().any(|v| v == f), "{f} in {purge_row}");
    }
    let (_, _, audit_after) = app.counts().await;
    assert_eq!(audit_after, audit_before + 2, "one audit row a case");

    // Again: nothing more to do.
    let again = app
        .db(move |c| retention::purge(c, Period::Years(6), purge_at).unwrap())
        .await;
    assert_eq!(again.cases, 0);

    // The audit trail still refuses any other change, and a second redaction.
    let refused = app
        .db(move |c| {
            let rename =
                diesel::update(audit_events::table.filter(audit_events::episode_id.eq(old_id)))
                    .set(audit_events::actor_name.eq("someone else"))
                    .execute(c)
                    .is_err();
            let twice =
                diesel::update(audit_events::table.filter(audit_events::redacted_at.is_not_null()))
                    .set(audit_events::after_json.eq(Some("{}")))
                    .execute(c)
                    .is_err();
            let delete = diesel::delete(audit_events::table).execute(c).is_err();
            (rename, twice, delete)
        })
        .await;
    assert_eq!(refused, (true, true, true));

    // The case still shows, saying what happened.
    app.set_now(purge_at);
    let manager = app.login("manager_all").await;
    let page = app.get(&manager, &format!("/episodes/{old}")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Free text removed after the retention period");
    for t in TYPED {
        assert!(!page.body.contains(t), "{t:?} on the page");
    }
}
