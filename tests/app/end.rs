//! The end of the detention: outcome, assessment times, and nothing after it.

use actix_web::http::StatusCode;
use chrono::Duration;
use serde_json::json;

use crate::both_backends;
use crate::common::{TestApp, t0};

both_backends!(
    health_staff_end_the_detention_with_an_outcome,
    nothing_more_after_the_end,
    end_input_is_validated,
    ending_before_handover_stops_the_wait,
    only_those_in_scope_where_the_person_is_may_end,
    end_by_api,
);

fn end(reference: &str) -> String {
    format!("/episodes/{reference}/end")
}

async fn handed_over(app: &TestApp) -> String {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let nurse = app.login("nurse").await;
    app.set_now(t0() + Duration::minutes(20));
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{reference}/handover"),
            &[("when", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    reference
}

async fn health_staff_end_the_detention_with_an_outcome(app: TestApp) {
    let reference = handed_over(&app).await;
    app.set_now(t0() + Duration::hours(6));
    let nurse = app.login("nurse").await;
    let case = format!("/episodes/{reference}");
    app.get(&nurse, &case)
        .await
        .assert_contains("Detention authority ends at");
    let form = app.get(&nurse, &end(&reference)).await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains("Detained under section 2");
    let before = app.counts().await;
    let r = app
        .post(
            &nurse,
            &end(&reference),
            &[
                ("when", "now"),
                ("outcome", "detained_s2"),
                ("assessment_started_at", "2026-11-20T15:00"),
                ("assessment_completed_at", "2026-11-20T16:30"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = app.counts().await;
    assert_eq!(after, (before.0, before.1, before.2 + 1));
    let page = app.get(&nurse, &case).await;
    page.assert_contains("Detention ended");
    page.assert_contains("Ended Fri 20 Nov 2026, 18:00. Outcome: Detained under section 2.");
    page.assert_contains("Fri 20 Nov 2026, 15:00");
    page.assert_contains("Fri 20 Nov 2026, 16:30");
    assert!(
        !page.body.contains("Detention authority ends"),
        "no clock runs after the end"
    );
    assert!(!page.body.contains("/extend\""), "no extension offered");
    assert!(!page.body.contains("/transfer\""), "no transfer offered");
    assert!(!page.body.contains("/end\""), "no second end offered");
}

async fn nothing_more_after_the_end(app: TestApp) {
    let reference = handed_over(&app).await;
    let nurse = app.login("nurse").await;
    app.set_now(t0() + Duration::hours(2));
    let r = app
        .post(
            &nurse,
            &end(&reference),
            &[("when", "now"), ("outcome", "admitted_informally")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let officer = app.token("officer").await;
    let before = app.counts().await;
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{reference}/transfer"),
            &[("site", "CITYED"), ("left", "now"), ("arrival", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    r.assert_contains(
        "This detention ended at Fri 20 Nov 2026, 14:00. Nothing more can be recorded on it.",
    );
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{reference}/extend"),
            &[
                ("authorised_by_name", "Dr Rao"),
                ("when", "now"),
                ("hours", "2"),
                ("reason", "assessment_impracticable"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    r.assert_contains("This detention ended at");
    let r = app
        .post(
            &nurse,
            &end(&reference),
            &[("when", "now"), ("outcome", "detained_s3")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/transfer"),
            &officer,
            Some(json!({"site": "CITYED"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.code(), "conflict");
    assert_eq!(app.counts().await, before, "refusals change nothing");
}

async fn end_input_is_validated(app: TestApp) {
    let reference = handed_over(&app).await;
    let nurse = app.login("nurse").await;
    app.set_now(t0() + Duration::hours(3));
    let before = app.counts().await;
    for (form, msg) in [
        (vec![("when", "now")], "Choose the outcome"),
        (
            vec![("when", "now"), ("outcome", "escaped")],
            "Choose the outcome from the list",
        ),
        (
            vec![("when", "now"), ("outcome", "other")],
            "Describe the outcome",
        ),
        (
            vec![
                ("when", "earlier"),
                ("ended_at", "2026-11-20T11:00"),
                ("outcome", "detained_s2"),
            ],
            "Enter a time the detention ended that is after the arrival at the current place of safety, 12:00",
        ),
        (
            vec![
                ("when", "earlier"),
                ("ended_at", "2026-11-20T19:00"),
                ("outcome", "detained_s2"),
            ],
            "The time the detention ended cannot be in the future",
        ),
        (
            vec![
                ("when", "earlier"),
                ("ended_at", "2026-11-20T14:00"),
                ("outcome", "detained_s2"),
                ("assessment_started_at", "2026-11-20T14:30"),
            ],
            "Enter a time the assessment started that is before the end of the detention, 14:00",
        ),
        (
            vec![
                ("when", "now"),
                ("outcome", "detained_s2"),
                ("assessment_started_at", "2026-11-20T14:00"),
                ("assessment_completed_at", "2026-11-20T13:00"),
            ],
            "Enter a time the assessment was completed that is after the time the assessment started, 14:00",
        ),
        (
            vec![
                ("when", "now"),
                ("outcome", "detained_s2"),
                ("assessment_started_at", "soon"),
            ],
            "time the assessment started",
        ),
    ] {
        let r = app.post(&nurse, &end(&reference), &form).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{form:?}");
        r.assert_contains(msg);
    }
    assert_eq!(app.counts().await, before, "refusals change nothing");
}

async fn ending_before_handover_stops_the_wait(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let nurse = app.login("nurse").await;
    app.set_now(t0() + Duration::minutes(90));
    let r = app
        .post(
            &officer,
            &end(&reference),
            &[
                ("when", "now"),
                ("outcome", "other"),
                ("outcome_note", "Assessed in the car park and released"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(!app.get(&nurse, "/board").await.body.contains(&reference));
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{reference}/handover"),
            &[("when", "now"), ("delay_reason", "insufficient_staff")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "no handover after the end");
    app.set_now(t0() + Duration::hours(4));
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("Other outcome: Assessed in the car park and released");
    page.assert_contains("1h 30m");
    page.assert_contains("/police-left\"");
    let stored = app
        .db(|c| {
            use diesel::prelude::*;
            use s136::schema::stays::dsl::*;
            stays
                .select((breached, departed_at.is_not_null()))
                .first::<(Option<bool>, bool)>(c)
                .unwrap()
        })
        .await;
    assert_eq!(stored, (Some(true), true));
    let r = app
        .post(
            &officer,
            &format!("/episodes/{reference}/police-left"),
            &[("when", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

async fn only_those_in_scope_where_the_person_is_may_end(app: TestApp) {
    let reference = handed_over(&app).await;
    let before = app.counts().await;
    let form = [("when", "now"), ("outcome", "detained_s2")];
    for user in ["nurse_b", "officer_b", "nurse_city", "manager_moor"] {
        let s = app.login(user).await;
        let r = app.post(&s, &end(&reference), &form).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{user}");
    }
    let manager = app.login("manager_wmp").await;
    let r = app.post(&manager, &end(&reference), &form).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.counts().await, before);
    let officer = app.login("officer").await;
    let r = app
        .post(
            &officer,
            &format!("/episodes/{reference}/transfer"),
            &[("site", "CITYED"), ("left", "now"), ("arrival", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let before = app.counts().await;
    let nurse = app.login("nurse").await;
    let r = app.post(&nurse, &end(&reference), &form).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "the person has left OAK");
    assert_eq!(app.counts().await, before);
    let city = app.login("nurse_city").await;
    let r = app.post(&city, &end(&reference), &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

async fn end_by_api(app: TestApp) {
    let reference = handed_over(&app).await;
    app.set_now(t0() + Duration::hours(5));
    let nurse = app.token("nurse").await;
    let url = format!("/api/v1/episodes/{reference}/end");
    let r = app
        .api("POST", &url, &nurse, Some(json!({"outcome": "made_up"})))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = app
        .api("POST", &url, &nurse, Some(json!({"outcome": "other"})))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["error"]["fields"]["outcome_note"].is_string());
    let r = app
        .api(
            "POST",
            &url,
            &nurse,
            Some(json!({
                "outcome": "discharged_with_follow_up",
                "ended_at": "2026-11-20T16:45:00Z",
                "assessment_started_at": "2026-11-20T15:00:00+00:00",
                "assessment_completed_at": "2026-11-20T16:00:00Z"
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let j = r.json();
    assert_eq!(j["status"], "ended");
    assert_eq!(j["outcome"], "discharged_with_follow_up");
    assert_eq!(j["ended_at"], "2026-11-20T16:45:00Z");
    assert_eq!(j["assessment_started_at"], "2026-11-20T15:00:00Z");
    assert_eq!(j["assessment_completed_at"], "2026-11-20T16:00:00Z");
    assert!(j["detention_ends_at"].is_null(), "no clock after the end");
    let r = app
        .api(
            "POST",
            &url,
            &nurse,
            Some(json!({"outcome": "detained_s3"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let other = app.token("nurse_b").await;
    let r = app
        .api(
            "POST",
            &url,
            &other,
            Some(json!({"outcome": "detained_s3"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
