//! Corrections of recorded times: who may, the ordering rules, derived values
//! worked out again (reports use the corrected value), and the audit trail.

use actix_web::http::StatusCode;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde_json::json;

use crate::both_backends;
use crate::common::{Resp, TestApp, at, cell_after, t0};

both_backends!(
    officer_corrects_the_arrival_and_derived_values_follow,
    correcting_a_handover_across_the_hour_changes_the_reports,
    only_the_recording_role_or_a_manager_may_correct,
    refusals_are_clear_and_change_nothing,
    episode_extension_and_transfer_times,
    correcting_the_end_moves_a_wait_closed_by_it,
    corrections_across_the_clock_change,
    corrections_by_api,
);

/// (arrived_at, handed_over_at, handover_seconds, breached, local date, hour, dow)
type StayRow = (
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<i64>,
    Option<bool>,
    Option<NaiveDate>,
    Option<i16>,
    Option<i16>,
);

async fn stay_row(app: &TestApp, seq_no: i32) -> StayRow {
    app.db(move |c| {
        use s136::schema::stays::dsl::*;
        stays
            .filter(seq.eq(seq_no))
            .select((
                arrived_at,
                handed_over_at,
                handover_seconds,
                breached,
                arrived_local_date,
                arrived_local_hour,
                arrived_local_dow,
            ))
            .first::<StayRow>(c)
            .unwrap()
    })
    .await
}

/// Rows a refused correction must not touch: episodes, stays, and audit
/// events other than the API tokens the test makes as it goes.
async fn counts(app: &TestApp) -> (i64, i64, i64) {
    use s136::schema::{audit_events, episodes, stays};
    app.db(|c| {
        (
            episodes::table.count().get_result(c).unwrap(),
            stays::table.count().get_result(c).unwrap(),
            audit_events::table
                .filter(audit_events::entity.ne("api_token"))
                .count()
                .get_result(c)
                .unwrap(),
        )
    })
    .await
}

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

/// The last audit event: (action, entity, before, after).
async fn last_event(app: &TestApp) -> (String, String, serde_json::Value, serde_json::Value) {
    let e = app
        .db(|c| {
            use s136::schema::audit_events::dsl::*;
            audit_events
                .filter(entity.ne("api_token"))
                .order(id.desc())
                .select((action, entity, before_json, after_json))
                .first::<(String, String, Option<String>, Option<String>)>(c)
                .unwrap()
        })
        .await;
    let parse = |s: Option<String>| {
        s.map(|s| serde_json::from_str(&s).unwrap())
            .unwrap_or_default()
    };
    (e.0, e.1, parse(e.2), parse(e.3))
}

/// Officer logs an arrival at OAK at `arrive`; the OAK nurse accepts the
/// handover `minutes` later (with a delay reason when over the hour).
async fn handed_over(app: &TestApp, arrive: chrono::DateTime<chrono::Utc>, minutes: i64) -> String {
    app.set_now(arrive);
    let officer = app.token("officer").await;
    let reference = app.api_arrival(&officer, "OAK").await;
    app.set_now(arrive + Duration::minutes(minutes));
    let body = if minutes > 60 {
        json!({"delay_reason": "insufficient_staff"})
    } else {
        json!({})
    };
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/handover"),
            &app.token("nurse").await,
            Some(body),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    reference
}

async fn correct(app: &TestApp, user: &str, reference: &str, body: serde_json::Value) -> Resp {
    let token = app.token(user).await;
    app.api(
        "POST",
        &format!("/api/v1/episodes/{reference}/corrections"),
        &token,
        Some(body),
    )
    .await
}

fn corrections(reference: &str) -> String {
    format!("/episodes/{reference}/corrections")
}

async fn officer_corrects_the_arrival_and_derived_values_follow(app: TestApp) {
    let reference = handed_over(&app, t0(), 50).await;
    app.set_now(t0() + Duration::hours(3));
    let officer = app.login("officer").await;
    let case = app.get(&officer, &format!("/episodes/{reference}")).await;
    case.assert_contains(&format!("href=\"{}\"", corrections(&reference)));
    case.assert_contains("Correct a recorded time");
    // The list: the officer may correct the arrival, not the handover acceptance.
    let list = app.get(&officer, &corrections(&reference)).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    list.assert_contains("Arrival at Oakwood 136 suite");
    list.assert_contains("Handover accepted at Oakwood 136 suite");
    let arrival_link = format!("/episodes/{reference}/corrections/new?field=arrived_at&#38;stay=1");
    list.assert_contains(&arrival_link);
    assert!(!list.body.contains("field=handed_over_at"), "{}", list.body);
    let form = app
        .get(
            &officer,
            &format!("/episodes/{reference}/corrections/new?field=arrived_at&stay=1"),
        )
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    form.assert_contains("Correct: Arrival at Oakwood 136 suite");
    form.assert_contains("value=\"2026-11-20T12:00\"");
    let v = app.version(&reference).await;
    let before = counts(&app).await;
    // 50 minutes become 80: a new breach, so the form asks why, as
    // confirming a late handover does, keeping what was typed.
    let vs = v.to_string();
    let mut fields = vec![
        ("version", vs.as_str()),
        ("field", "arrived_at"),
        ("stay", "1"),
        ("new_time", "2026-11-20T11:30"),
        ("reason", "Radio log shows 11:30"),
    ];
    let r = app.post(&officer, &corrections(&reference), &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    r.assert_contains("Choose a reason for the delay: with this correction the handover is 1h 20m after arrival, over the 60-minute target");
    r.assert_contains("name=\"delay_reason\" type=\"radio\" value=\"insufficient_staff\"");
    r.assert_contains("value=\"2026-11-20T11:30\"");
    r.assert_contains("Radio log shows 11:30</textarea>");
    assert_eq!(counts(&app).await, before, "a refusal changes nothing");
    assert_eq!(stay_row(&app, 1).await.2, Some(50 * 60));
    fields.push(("delay_reason", "other"));
    let r = app.post(&officer, &corrections(&reference), &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    r.assert_contains("Describe the reason for the delay");
    r.assert_contains("value=\"other\" checked");
    assert_eq!(counts(&app).await, before);
    fields.pop();
    fields.push(("delay_reason", "insufficient_staff"));
    let r = app.post(&officer, &corrections(&reference), &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/episodes/{reference}#history"));
    let after = counts(&app).await;
    assert_eq!(
        after,
        (before.0, before.1, before.2 + 1),
        "one audit row, no new rows"
    );
    // Everything derived from the arrival is worked out again.
    let row = stay_row(&app, 1).await;
    assert_eq!(row.0, dt("2026-11-20 11:30:00"));
    assert_eq!(row.2, Some(80 * 60), "50 minutes became 80");
    assert_eq!(row.3, Some(true), "now over the hour");
    assert_eq!(
        (row.4, row.5, row.6),
        (NaiveDate::from_ymd_opt(2026, 11, 20), Some(11), Some(5))
    );
    assert_eq!(app.version(&reference).await, v + 1);
    let (action, entity, old, new) = last_event(&app).await;
    assert_eq!(
        (action.as_str(), entity.as_str()),
        ("time_corrected", "stay")
    );
    assert_eq!(old["field"], "arrived_at");
    assert_eq!(old["value"], "2026-11-20T12:00:00Z");
    assert_eq!(
        old["derived"],
        json!({"handover_seconds": 3000, "breached": false})
    );
    assert_eq!(new["value"], "2026-11-20T11:30:00Z");
    assert_eq!(new["reason"], "Radio log shows 11:30");
    assert_eq!(new["stay"], 1);
    assert_eq!(
        new["derived"],
        json!({"handover_seconds": 4800, "breached": true,
               "delay_reason": "insufficient_staff", "delay_note": null})
    );
    // The case page shows the corrected arrival, the breach and the history.
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("Time corrected");
    page.assert_contains(
        "Arrival (place of safety 1): Fri 20 Nov 2026, 12:00 → Fri 20 Nov 2026, 11:30. Reason: Radio log shows 11:30. Reason for the delay: Not enough health staff on site to take over",
    );
    page.assert_contains("1h 20m (over target)");
    // The detention clock runs from the corrected first arrival.
    page.assert_contains("Detention authority ends at 11:30 tomorrow");
}

async fn correcting_a_handover_across_the_hour_changes_the_reports(app: TestApp) {
    let reference = handed_over(&app, t0(), 61).await;
    app.set_now(t0() + Duration::hours(2));
    let url = "/api/v1/reports/summary?from=2026-11-20&to=2026-11-20";
    let manager_token = app.token("manager_all").await;
    let summary = app.api("GET", url, &manager_token, None).await.json();
    assert_eq!(summary["breaches"], 1);
    assert_eq!(summary["median_minutes"], 61.0);
    let manager = app.login("manager_all").await;
    let page = app
        .get(&manager, "/reports?from=2026-11-20&to=2026-11-20")
        .await;
    assert!(cell_after(&page.body, "Breach rate (of stays handed over)").contains(">100%</td>"));
    let v = app.version(&reference).await;
    let r = correct(
        &app,
        "nurse",
        &reference,
        json!({"field": "handed_over_at", "stay": 1, "new_time": "2026-11-20T12:59:00Z",
               "reason": "Clock on the ward was two minutes fast", "version": v}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["handed_over_at"], "2026-11-20T12:59:00Z");
    assert_eq!(r.json()["breached"], false);
    assert_eq!(r.json()["stays"][0]["seconds_waiting"], 59 * 60);
    let summary = app.api("GET", url, &manager_token, None).await.json();
    assert_eq!(summary["breaches"], 0, "{summary}");
    assert_eq!(summary["breach_rate"], 0.0);
    assert_eq!(summary["median_minutes"], 59.0);
    assert_eq!(summary["lost_officer_hours"], 0.0);
    let page = app
        .get(&manager, "/reports?from=2026-11-20&to=2026-11-20")
        .await;
    let cell = cell_after(&page.body, "Breach rate (of stays handed over)");
    assert!(cell.contains(">0%</td>"), "{cell}");
    // The breach list no longer has it.
    let breaches = app.get(&manager, "/cases?breached=1").await;
    assert!(!breaches.body.contains(&reference), "{}", breaches.body);
    // And back over the hour makes it a breach again.
    let r = correct(
        &app,
        "nurse",
        &reference,
        json!({"field": "handed_over_at", "stay": 1, "new_time": "2026-11-20T13:01:00Z",
               "reason": "Wrong again", "version": v + 1}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let summary = app.api("GET", url, &manager_token, None).await.json();
    assert_eq!(summary["breaches"], 1);
}

async fn only_the_recording_role_or_a_manager_may_correct(app: TestApp) {
    let reference = handed_over(&app, t0(), 30).await;
    app.set_now(t0() + Duration::hours(1));
    let arrival = |v: i64, t: &str| json!({"field": "arrived_at", "stay": 1, "new_time": t, "reason": "typo", "version": v});
    let handover = |v: i64, t: &str| json!({"field": "handed_over_at", "stay": 1, "new_time": t, "reason": "typo", "version": v});
    let before = counts(&app).await;
    let v = app.version(&reference).await;
    // Health staff did not record the arrival; officers did not accept the handover.
    for (user, body, code) in [
        ("nurse", arrival(v, "2026-11-20T11:55:00Z"), "forbidden"),
        ("officer", handover(v, "2026-11-20T12:25:00Z"), "forbidden"),
        ("admin", arrival(v, "2026-11-20T11:55:00Z"), "forbidden"),
        // Another site's staff, another force, a manager of another site: not found.
        ("nurse_b", handover(v, "2026-11-20T12:25:00Z"), "not_found"),
        ("officer_b", arrival(v, "2026-11-20T11:55:00Z"), "not_found"),
        (
            "manager_moor",
            arrival(v, "2026-11-20T11:55:00Z"),
            "not_found",
        ),
    ] {
        let r = correct(&app, user, &reference, body).await;
        assert_eq!(r.code(), code, "{user}: {}", r.body);
    }
    assert_eq!(counts(&app).await, before, "refusals change nothing");
    assert_eq!(stay_row(&app, 1).await.0, dt("2026-11-20 12:00:00"));
    assert_eq!(app.version(&reference).await, v);
    // The pages refuse the same way.
    let nurse = app.login("nurse").await;
    let r = app
        .get(
            &nurse,
            &format!("/episodes/{reference}/corrections/new?field=arrived_at&stay=1"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .post(
            &nurse,
            &corrections(&reference),
            &[
                ("version", &v.to_string()),
                ("field", "arrived_at"),
                ("stay", "1"),
                ("new_time", "2026-11-20T11:55"),
                ("reason", "typo"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let stranger = app.login("nurse_b").await;
    assert_eq!(
        app.get(&stranger, &corrections(&reference)).await.status,
        StatusCode::NOT_FOUND
    );
    let admin = app.login("admin").await;
    assert_eq!(
        app.get(&admin, &corrections(&reference)).await.status,
        StatusCode::FORBIDDEN
    );
    // Another officer of the force, another nurse of the site, and managers in scope may.
    for (user, body) in [
        ("officer2", arrival(v, "2026-11-20T11:55:00Z")),
        ("nurse2", handover(v + 1, "2026-11-20T12:25:00Z")),
        ("manager_wmp", arrival(v + 2, "2026-11-20T11:50:00Z")),
        ("manager_all", handover(v + 3, "2026-11-20T12:20:00Z")),
    ] {
        let r = correct(&app, user, &reference, body).await;
        assert_eq!(r.status, StatusCode::OK, "{user}: {}", r.body);
    }
    let row = stay_row(&app, 1).await;
    assert_eq!(
        (row.0, row.1, row.2),
        (
            dt("2026-11-20 11:50:00"),
            Some(dt("2026-11-20 12:20:00")),
            Some(30 * 60)
        )
    );
    // The list shows the nurse a link for the handover only.
    let list = app.get(&nurse, &corrections(&reference)).await;
    list.assert_contains("field=handed_over_at");
    assert!(!list.body.contains("field=arrived_at"));
    // No correction on a cancelled case.
    let officer = app.login("officer").await;
    let r = app
        .post(
            &officer,
            &format!("/episodes/{reference}/cancel"),
            &[("reason", "logged in error")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = correct(
        &app,
        "officer",
        &reference,
        arrival(app.version(&reference).await, "2026-11-20T11:45:00Z"),
    )
    .await;
    assert_eq!(r.code(), "validation_failed", "{}", r.body);
    assert!(r.body.contains("cancelled"));
}

async fn refusals_are_clear_and_change_nothing(app: TestApp) {
    let reference = handed_over(&app, t0(), 30).await;
    let officer = app.token("officer").await;
    app.set_now(t0() + Duration::minutes(40));
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/police-left"),
            &officer,
            Some(json!({})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.set_now(t0() + Duration::hours(2));
    let v = app.version(&reference).await;
    let body = |field: &str, t: &str, reason: &str| json!({"field": field, "stay": 1, "new_time": t, "reason": reason, "version": v});
    let before = counts(&app).await;
    for (user, b, field, msg) in [
        (
            "officer",
            body("arrived_at", "2026-11-20T12:31:00Z", "typo"),
            "new_time",
            "Enter a time that is not after the handover time, Fri 20 Nov 2026, 12:30",
        ),
        (
            "nurse",
            body("handed_over_at", "2026-11-20T11:59:00Z", "typo"),
            "new_time",
            "Enter a time that is not before the arrival time, Fri 20 Nov 2026, 12:00",
        ),
        (
            "nurse",
            body("handed_over_at", "2026-11-20T12:45:00Z", "typo"),
            "new_time",
            "Enter a time that is not after the time police left, Fri 20 Nov 2026, 12:40",
        ),
        (
            "officer",
            body("police_left_at", "2026-11-20T12:29:00Z", "typo"),
            "new_time",
            "Enter a time that is not before the handover time, Fri 20 Nov 2026, 12:30",
        ),
        (
            "officer",
            body("police_left_at", "2026-11-20T14:03:00Z", "typo"),
            "new_time",
            "The corrected time cannot be in the future",
        ),
        (
            "officer",
            body("police_left_at", "2026-11-20T12:40:00Z", "typo"),
            "new_time",
            "That is the time already recorded (Fri 20 Nov 2026, 12:40)",
        ),
        (
            "officer",
            body("police_left_at", "2026-11-20T12:41:00Z", "   "),
            "reason",
            "Give the reason for the correction",
        ),
        (
            "officer",
            body("police_left_at", "2026-11-20T12:41:00Z", &"x".repeat(501)),
            "reason",
            "500 characters or fewer",
        ),
        (
            "officer",
            json!({"field": "arrived_at", "stay": 2, "new_time": "2026-11-20T11:00:00Z", "reason": "x", "version": v}),
            "stay",
            "This case has no place of safety 2",
        ),
        (
            "officer",
            json!({"field": "arrived_at", "new_time": "2026-11-20T11:00:00Z", "reason": "x", "version": v}),
            "stay",
            "Say which place of safety",
        ),
        (
            "officer",
            body("handover_offered_at", "2026-11-20T12:10:00Z", "typo"),
            "field",
            "No time handover was offered is recorded on this case",
        ),
        (
            "officer",
            json!({"field": "detained_at", "new_time": "2026-11-20T11:00:00Z", "reason": "x", "version": v}),
            "field",
            "No time the power was used is recorded",
        ),
    ] {
        let r = correct(&app, user, &reference, b).await;
        assert_eq!(
            (r.status, r.code().as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
            "{msg}: {}",
            r.body
        );
        let got = r.json()["error"]["fields"][field]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(got.contains(msg), "{field}: {got:?} should contain {msg:?}");
    }
    // A stale version is a conflict.
    let r = correct(
        &app,
        "officer",
        &reference,
        json!({"field": "police_left_at", "stay": 1, "new_time": "2026-11-20T12:41:00Z", "reason": "x", "version": v - 1}),
    )
    .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::CONFLICT, "version_conflict")
    );
    // Unknown field codes and missing versions are malformed requests.
    for b in [
        json!({"field": "lunch_at", "stay": 1, "new_time": "2026-11-20T12:41:00Z", "reason": "x", "version": v}),
        json!({"field": "police_left_at", "stay": 1, "new_time": "2026-11-20T12:41:00Z", "reason": "x"}),
        json!({"field": "police_left_at", "stay": 1, "new_time": "12:41", "reason": "x", "version": v}),
    ] {
        let r = correct(&app, "officer", &reference, b).await;
        assert_eq!(r.code(), "bad_request", "{}", r.body);
    }
    assert_eq!(counts(&app).await, before, "refusals change nothing");
    assert_eq!(app.version(&reference).await, v);
    let row = stay_row(&app, 1).await;
    assert_eq!((row.0, row.2), (dt("2026-11-20 12:00:00"), Some(30 * 60)));
    // The form keeps the values and shows the error summary.
    let officer = app.login("officer").await;
    let r = app
        .post(
            &officer,
            &corrections(&reference),
            &[
                ("version", &v.to_string()),
                ("field", "arrived_at"),
                ("stay", "1"),
                ("new_time", "2026-11-20T12:31"),
                ("reason", "keep this reason"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    r.assert_contains("There is a problem");
    r.assert_contains("Enter a time that is not after the handover time");
    r.assert_contains("keep this reason");
    r.assert_contains("value=\"2026-11-20T12:31\"");
    let r = app
        .post(
            &officer,
            &corrections(&reference),
            &[
                ("version", &v.to_string()),
                ("field", "arrived_at"),
                ("stay", "1"),
                ("new_time", "yesterday"),
                ("reason", "x"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    r.assert_contains("Enter the corrected time as a date and time");
    // A stale form says the case changed.
    let r = app
        .post(
            &officer,
            &corrections(&reference),
            &[
                ("version", "1"),
                ("field", "arrived_at"),
                ("stay", "1"),
                ("new_time", "2026-11-20T11:58"),
                ("reason", "x"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    r.assert_contains("Someone else changed this case");
    // Forged CSRF is refused.
    let r = app
        .post(
            &officer,
            &corrections(&reference),
            &[
                ("csrf_token", "forged"),
                ("version", &v.to_string()),
                ("field", "arrived_at"),
                ("stay", "1"),
                ("new_time", "2026-11-20T11:58"),
                ("reason", "x"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Nonsense query strings find nothing rather than failing.
    for q in [
        "field=bogus",
        "field=arrived_at&stay=9",
        "field=arrived_at&stay=x",
        "",
    ] {
        let r = app
            .get(
                &officer,
                &format!("/episodes/{reference}/corrections/new?{q}"),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{q}");
    }
    assert_eq!(counts(&app).await, before, "refusals change nothing");
}

async fn episode_extension_and_transfer_times(app: TestApp) {
    // Power used 11:30; arrival at OAK 12:00; handover 12:20; transfer at 14:00
    // to CITYED (arrived 14:20); extension at 20:00; end 30:00 with assessment.
    app.set_now(t0());
    let officer = app.token("officer").await;
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &officer,
            Some(json!({"site": "OAK", "detained_at": "2026-11-20T11:30:00Z"})),
        )
        .await;
    let reference = r.json()["reference"].as_str().unwrap().to_string();
    let ep = |p: &str| format!("/api/v1/episodes/{reference}{p}");
    app.set_now(t0() + Duration::minutes(20));
    let nurse = app.token("nurse").await;
    let r = app
        .api("POST", &ep("/handover"), &nurse, Some(json!({})))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.set_now(t0() + Duration::minutes(140));
    let r = app
        .api(
            "POST",
            &ep("/transfer"),
            &nurse,
            Some(json!({"site": "CITYED", "left_at": "2026-11-20T14:00:00Z"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.set_now(t0() + Duration::hours(8));
    let city = app.token("nurse_city").await;
    let r = app
        .api(
            "POST",
            &ep("/extensions"),
            &city,
            Some(json!({"authorised_by_name": "Dr Shah", "hours": 6, "reason": "assessment_impracticable"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.set_now(t0() + Duration::hours(30));
    let r = app
        .api(
            "POST",
            &ep("/end"),
            &city,
            Some(json!({"outcome": "detained_s2",
                "assessment_started_at": "2026-11-21T15:00:00Z",
                "assessment_completed_at": "2026-11-21T16:00:00Z"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.set_now(t0() + Duration::hours(31));
    let mut v = app.version(&reference).await;
    let field_error = |r: &Resp| {
        r.json()["error"]["fields"]["new_time"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    // Power used: officers; at most 24 hours before the first arrival.
    let r = fix(
        &app,
        &reference,
        &mut v,
        "officer",
        json!({"field": "detained_at", "new_time": "2026-11-19T11:59:00Z"}),
    )
    .await;
    assert!(
        field_error(&r).contains("within 24 hours before the arrival"),
        "{}",
        r.body
    );
    let r = fix(
        &app,
        &reference,
        &mut v,
        "officer",
        json!({"field": "detained_at", "new_time": "2026-11-20T12:01:00Z"}),
    )
    .await;
    assert!(
        field_error(&r).contains("not after the arrival time at place of safety 1"),
        "{}",
        r.body
    );
    let r = fix(
        &app,
        &reference,
        &mut v,
        "nurse",
        json!({"field": "detained_at", "new_time": "2026-11-20T11:40:00Z"}),
    )
    .await;
    assert_eq!(r.code(), "forbidden");
    let r = fix(
        &app,
        &reference,
        &mut v,
        "officer",
        json!({"field": "detained_at", "new_time": "2026-11-20T11:40:00Z"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["detained_at"], "2026-11-20T11:40:00Z");
    // The transfer: recorded by the OAK nurse, so OAK staff (or a manager) correct it.
    let r = fix(
        &app,
        &reference,
        &mut v,
        "nurse_city",
        json!({"field": "departed_at", "stay": 1, "new_time": "2026-11-20T13:50:00Z"}),
    )
    .await;
    assert_eq!(r.code(), "forbidden", "{}", r.body);
    let r = fix(
        &app,
        &reference,
        &mut v,
        "nurse",
        json!({"field": "departed_at", "stay": 1, "new_time": "2026-11-20T14:21:00Z"}),
    )
    .await;
    assert!(
        field_error(&r).contains("not after the arrival time at place of safety 2"),
        "{}",
        r.body
    );
    let r = fix(
        &app,
        &reference,
        &mut v,
        "nurse",
        json!({"field": "departed_at", "stay": 2, "new_time": "2026-11-20T14:21:00Z"}),
    )
    .await;
    assert!(
        r.body.contains("No time the person left place of safety 2"),
        "{}",
        r.body
    );
    let r = fix(
        &app,
        &reference,
        &mut v,
        "nurse",
        json!({"field": "departed_at", "stay": 1, "new_time": "2026-11-20T13:50:00Z"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["stays"][0]["departed_at"], "2026-11-20T13:50:00Z");
    let r = fix(
        &app,
        &reference,
        &mut v,
        "nurse",
        json!({"field": "arrived_at", "stay": 2, "new_time": "2026-11-20T13:49:00Z"}),
    )
    .await;
    assert!(
        field_error(&r).contains("not before the time the person left place of safety 1"),
        "{}",
        r.body
    );
    let r = fix(
        &app,
        &reference,
        &mut v,
        "nurse",
        json!({"field": "arrived_at", "stay": 2, "new_time": "2026-11-20T14:10:00Z"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(stay_row(&app, 2).await.0, dt("2026-11-20 14:10:00"));
    // Moving the first arrival must keep the extension inside the authority:
    // 24 h from 12:00 ends 12:00 next day; the extension was at 20:00, fine.
    let r = fix(
        &app,
        &reference,
        &mut v,
        "officer",
        json!({"field": "arrived_at", "stay": 1, "new_time": "2026-11-20T11:45:00Z"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Extension: recorded by CITYED staff; before the authority ran out, after the first arrival.
    let r = fix(&app, &reference, &mut v, "nurse", json!({"field": "extension_authorised_at", "extension": 1, "new_time": "2026-11-20T19:00:00Z"})).await;
    assert_eq!(r.code(), "forbidden", "{}", r.body);
    let r = fix(&app, &reference, &mut v, "nurse_city", json!({"field": "extension_authorised_at", "extension": 1, "new_time": "2026-11-21T11:45:00Z"})).await;
    assert!(
        field_error(&r).contains("before the detention authority ran out, Sat 21 Nov 2026, 11:45"),
        "{}",
        r.body
    );
    let r = fix(&app, &reference, &mut v, "nurse_city", json!({"field": "extension_authorised_at", "extension": 1, "new_time": "2026-11-20T11:44:00Z"})).await;
    assert!(
        field_error(&r).contains("not before the arrival time at place of safety 1"),
        "{}",
        r.body
    );
    let r = fix(&app, &reference, &mut v, "nurse_city", json!({"field": "extension_authorised_at", "extension": 2, "new_time": "2026-11-20T19:00:00Z"})).await;
    assert!(
        r.body.contains("This case has no extension 2"),
        "{}",
        r.body
    );
    let r = fix(&app, &reference, &mut v, "nurse_city", json!({"field": "extension_authorised_at", "extension": 1, "new_time": "2026-11-21T11:44:00Z"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.json()["extensions"][0]["authorised_at"],
        "2026-11-21T11:44:00Z"
    );
    let (_, entity, old, _) = last_event(&app).await;
    assert_eq!(
        (entity.as_str(), old["extension"].as_i64()),
        ("extension", Some(1))
    );
    // Now the first arrival cannot move so early that the extension came too late.
    let r = fix(
        &app,
        &reference,
        &mut v,
        "officer",
        json!({"field": "arrived_at", "stay": 1, "new_time": "2026-11-20T11:43:00Z"}),
    )
    .await;
    assert!(
        field_error(&r)
            .contains("the detention authority would have run out at Sat 21 Nov 2026, 11:43"),
        "{}",
        r.body
    );
    // Assessment and end: recorded by CITYED staff.
    let r = fix(
        &app,
        &reference,
        &mut v,
        "nurse_city",
        json!({"field": "assessment_started_at", "new_time": "2026-11-21T16:30:00Z"}),
    )
    .await;
    assert!(
        field_error(&r).contains("not after the time the assessment was completed"),
        "{}",
        r.body
    );
    let r = fix(
        &app,
        &reference,
        &mut v,
        "nurse_city",
        json!({"field": "assessment_completed_at", "new_time": "2026-11-21T18:30:00Z"}),
    )
    .await;
    assert!(
        field_error(&r).contains("not after the end of the detention, Sat 21 Nov 2026, 18:00"),
        "{}",
        r.body
    );
    let r = fix(
        &app,
        &reference,
        &mut v,
        "nurse_city",
        json!({"field": "ended_at", "new_time": "2026-11-21T10:30:00Z"}),
    )
    .await;
    assert!(
        field_error(&r).contains("not before the time the assessment started"),
        "{}",
        r.body
    );
    let r = fix(
        &app,
        &reference,
        &mut v,
        "officer",
        json!({"field": "ended_at", "new_time": "2026-11-21T17:00:00Z"}),
    )
    .await;
    assert_eq!(r.code(), "forbidden");
    let r = fix(
        &app,
        &reference,
        &mut v,
        "nurse_city",
        json!({"field": "assessment_started_at", "new_time": "2026-11-21T14:30:00Z"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = fix(
        &app,
        &reference,
        &mut v,
        "nurse_city",
        json!({"field": "ended_at", "new_time": "2026-11-21T17:00:00Z"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let j = r.json();
    assert_eq!(j["ended_at"], "2026-11-21T17:00:00Z");
    assert_eq!(j["assessment_started_at"], "2026-11-21T14:30:00Z");
    assert_eq!(j["detained_at"], "2026-11-20T11:40:00Z");
    assert_eq!(j["stays"][0]["arrived_at"], "2026-11-20T11:45:00Z");
    assert_eq!(
        j["stays"][0]["seconds_waiting"],
        35 * 60,
        "handover 12:20 less arrival 11:45"
    );
    // The history lists every correction with old and new.
    let manager = app.login("manager_all").await;
    let page = app.get(&manager, &format!("/episodes/{reference}")).await;
    assert_eq!(
        page.body.matches("Time corrected").count(),
        7,
        "{}",
        page.body
    );
    page.assert_contains(
        "Extension authorised (extension 1): Fri 20 Nov 2026, 20:00 → Sat 21 Nov 2026, 11:44",
    );
    page.assert_contains("End of detention: Sat 21 Nov 2026, 18:00 → Sat 21 Nov 2026, 17:00");
    page.assert_contains("Left for a transfer (place of safety 1)");
    // The manager's list offers every recorded time.
    let list = app.get(&manager, &corrections(&reference)).await;
    for f in [
        "field=detained_at",
        "field=arrived_at&#38;stay=1",
        "field=handed_over_at&#38;stay=1",
        "field=departed_at&#38;stay=1",
        "field=arrived_at&#38;stay=2",
        "field=extension_authorised_at&#38;extension=1",
        "field=assessment_started_at",
        "field=assessment_completed_at",
        "field=ended_at",
    ] {
        list.assert_contains(f);
    }
    list.assert_contains("Left Oakwood 136 suite for City emergency department");
}

/// Sends a correction at version `v` with a reason; `v` follows the episode on success.
async fn fix(
    app: &TestApp,
    reference: &str,
    v: &mut i64,
    user: &str,
    b: serde_json::Value,
) -> Resp {
    let mut b = b;
    b["version"] = json!(*v);
    b["reason"] = json!("checked against the log");
    let r = correct(app, user, reference, b).await;
    if r.status == StatusCode::OK {
        *v += 1;
    }
    r
}

async fn correcting_the_end_moves_a_wait_closed_by_it(app: TestApp) {
    // No handover at all: the end at 12:50 closed the wait at 50 minutes.
    app.set_now(t0());
    let officer = app.token("officer").await;
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &officer,
            Some(json!({"site": "OAK"})),
        )
        .await;
    let reference = r.json()["reference"].as_str().unwrap().to_string();
    app.set_now(t0() + Duration::minutes(50));
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/end"),
            &officer,
            Some(json!({"outcome": "discharged_without_follow_up"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(stay_row(&app, 1).await.3, Some(false));
    app.set_now(t0() + Duration::hours(3));
    let v = app.version(&reference).await;
    // Recorded by an officer: the nurse may not correct it.
    let body = |v: i64| json!({"field": "ended_at", "new_time": "2026-11-20T13:10:00Z", "reason": "ended later", "version": v});
    assert_eq!(
        correct(&app, "nurse", &reference, body(v)).await.code(),
        "forbidden"
    );
    let r = correct(&app, "officer", &reference, body(v)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["stays"][0]["departed_at"], "2026-11-20T13:10:00Z");
    assert_eq!(r.json()["stays"][0]["breached"], true, "a 70-minute wait");
    let (_, _, old, new) = last_event(&app).await;
    assert_eq!(
        old["derived"],
        json!({"stay": 1, "handover_seconds": null, "breached": false})
    );
    assert_eq!(
        new["derived"],
        json!({"stay": 1, "handover_seconds": null, "breached": true})
    );
}

async fn corrections_across_the_clock_change(app: TestApp) {
    // 25 Oct 2026: 01:00-01:59 happens twice (BST, then GMT). Arrival at 01:10
    // BST (00:10 UTC), handover 01:50 GMT (01:50 UTC): 100 minutes, a breach.
    let reference = handed_over(&app, at("2026-10-25T00:10:00Z"), 100).await;
    app.set_now(at("2026-10-25T03:00:00Z"));
    let officer = app.login("officer").await;
    // The form shows the recorded time and which 01:10 it was.
    let form = app
        .get(
            &officer,
            &format!("/episodes/{reference}/corrections/new?field=arrived_at&stay=1"),
        )
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    form.assert_contains("value=\"2026-10-25T01:10\"");
    form.assert_contains(
        "id=\"new_time_fold-bst\" name=\"new_time_fold\" type=\"radio\" value=\"bst\" checked",
    );
    let v = app.version(&reference).await;
    let post = |fold: &'static str, v: i64| {
        let officer = officer.clone();
        let app = &app;
        let reference = reference.clone();
        async move {
            let v = v.to_string();
            app.post(
                &officer,
                &corrections(&reference),
                &[
                    ("version", v.as_str()),
                    ("field", "arrived_at"),
                    ("stay", "1"),
                    ("new_time", "2026-10-25T01:30"),
                    ("new_time_fold", fold),
                    ("reason", "the second 01:30"),
                ],
            )
            .await
        }
    };
    // 01:30 happened twice: the form asks which.
    let r = post("", v).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    r.assert_contains("happened twice because the clocks went back");
    r.assert_contains("name=\"new_time_fold\"");
    // The second 01:30 (GMT, 01:30 UTC): 20 minutes to handover, no breach.
    let r = post("gmt", v).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let row = stay_row(&app, 1).await;
    assert_eq!(row.0, dt("2026-10-25 01:30:00"));
    assert_eq!((row.2, row.3), (Some(20 * 60), Some(false)));
    assert_eq!(
        (row.4, row.5, row.6),
        (NaiveDate::from_ymd_opt(2026, 10, 25), Some(1), Some(7))
    );
    // The first 01:30 (BST, 00:30 UTC): 80 minutes, a breach again.
    let r = post("bst", v + 1).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let row = stay_row(&app, 1).await;
    assert_eq!(row.0, dt("2026-10-25 00:30:00"));
    assert_eq!((row.2, row.3), (Some(80 * 60), Some(true)));
    // Across midnight into Saturday (23:30 BST on the 24th is 22:30 UTC).
    let r = correct(
        &app,
        "officer",
        &reference,
        json!({"field": "arrived_at", "stay": 1, "new_time": "2026-10-24T23:30:00+01:00",
               "reason": "before midnight", "version": v + 2}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let row = stay_row(&app, 1).await;
    assert_eq!(row.0, dt("2026-10-24 22:30:00"));
    assert_eq!(
        (row.2, row.4, row.5, row.6),
        (
            Some(200 * 60),
            NaiveDate::from_ymd_opt(2026, 10, 24),
            Some(23),
            Some(6)
        )
    );
    // The history names which 01:30 with its zone.
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("Sun 25 Oct 2026, 01:30 GMT → Sun 25 Oct 2026, 01:30 BST");
}

async fn corrections_by_api(app: TestApp) {
    let reference = handed_over(&app, t0(), 30).await;
    app.set_now(t0() + Duration::hours(1));
    let v = app.version(&reference).await;
    // `expected_version` is accepted too, like the other actions.
    let r = correct(
        &app,
        "officer",
        &reference,
        json!({"field": "arrived_at", "stay": 1, "new_time": "2026-11-20T11:50:00Z",
               "reason": "typo", "expected_version": v}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let j = r.json();
    assert_eq!(j["arrived_at"], "2026-11-20T11:50:00Z");
    assert_eq!(j["version"], v + 1);
    assert_eq!(j["stays"][0]["seconds_waiting"], 40 * 60);
    // A correction that makes a new breach needs a delay reason, as the
    // handover does; the same errors as the form.
    let before = counts(&app).await;
    let body = |extra: serde_json::Value| {
        let mut b = json!({"field": "handed_over_at", "stay": 1,
            "new_time": "2026-11-20T12:55:00Z", "reason": "Ward log", "version": v + 1});
        b.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        b
    };
    let r = correct(&app, "nurse", &reference, body(json!({}))).await;
    assert_eq!(r.code(), "validation_failed", "{}", r.body);
    assert!(
        r.json()["error"]["fields"]["delay_reason"]
            .as_str()
            .unwrap()
            .contains("1h 05m after arrival"),
        "{}",
        r.body
    );
    let r = correct(
        &app,
        "nurse",
        &reference,
        body(json!({"delay_reason": "other", "delay_note": "   "})),
    )
    .await;
    assert_eq!(
        r.json()["error"]["fields"]["delay_note"],
        "Describe the reason for the delay"
    );
    assert_eq!(counts(&app).await, before, "refusals change nothing");
    let r = correct(
        &app,
        "nurse",
        &reference,
        body(json!({"delay_reason": "other", "delay_note": "Doctor called away"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let stay = &r.json()["stays"][0];
    assert_eq!(stay["breached"], true);
    assert_eq!(stay["delay_reason"], "other");
    assert_eq!(stay["delay_note"], "Doctor called away");
    // Unknown episodes and methods.
    let r = correct(
        &app,
        "officer",
        "S136-2026-999999",
        json!({"field": "arrived_at", "stay": 1, "new_time": "2026-11-20T11:50:00Z", "reason": "x", "version": 1}),
    )
    .await;
    assert_eq!(r.code(), "not_found");
    let token = app.token("officer").await;
    let r = app
        .api(
            "GET",
            &format!("/api/v1/episodes/{reference}/corrections"),
            &token,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    // The OpenAPI document describes it.
    let doc = app
        .api("GET", "/api/v1/openapi.json", &token, None)
        .await
        .json();
    let op = &doc["paths"]["/api/v1/episodes/{reference}/corrections"]["post"];
    assert!(op["responses"]["422"].is_object(), "{op}");
    assert!(doc["components"]["schemas"]["Correction"]["properties"]["field"].is_object());
    assert!(doc["components"]["schemas"]["TimeField"].is_object());
}
