//! Transfers between places of safety: a new stay with its own handover clock.

use actix_web::http::StatusCode;
use chrono::Duration;
use serde_json::json;

use crate::both_backends;
use crate::common::{TestApp, t0};

both_backends!(
    nurse_transfers_to_another_site,
    transfer_left_before_handover_stops_that_wait,
    transfer_input_is_validated,
    only_the_site_where_the_person_is_may_transfer,
    no_transfer_on_a_cancelled_case,
    transfer_by_api,
);

fn path(reference: &str) -> String {
    format!("/episodes/{reference}/transfer")
}

/// Arrival at OAK at t0, handover at t0+20m by the OAK nurse.
async fn handed_over_at_oak(app: &TestApp) -> String {
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

async fn nurse_transfers_to_another_site(app: TestApp) {
    let reference = handed_over_at_oak(&app).await;
    let nurse = app.login("nurse").await;
    let city = app.login("nurse_city").await;
    assert!(!app.get(&city, "/board").await.body.contains(&reference));
    assert_eq!(
        app.get(&city, &format!("/episodes/{reference}"))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "not yet at CITYED"
    );
    app.set_now(t0() + Duration::hours(3));
    let form = app.get(&nurse, &path(&reference)).await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains("City emergency department");
    assert!(
        !form.body.contains("<option value=\"OAK\""),
        "the current site is not offered"
    );
    let before = app.counts().await;
    let r = app
        .post(
            &nurse,
            &path(&reference),
            &[
                ("site", "CITYED"),
                ("left", "earlier"),
                ("left_at", "2026-11-20T14:40"),
                ("arrival", "now"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = app.counts().await;
    assert_eq!(
        (after.0, after.1, after.2),
        (before.0, before.1 + 1, before.2 + 1)
    );
    let (seq, departed) = app
        .db(|c| {
            use diesel::prelude::*;
            use s136::schema::stays::dsl::*;
            (
                stays
                    .select(diesel::dsl::max(seq))
                    .first::<Option<i32>>(c)
                    .unwrap(),
                stays
                    .filter(seq.eq(1))
                    .select(departed_at)
                    .first::<Option<chrono::NaiveDateTime>>(c)
                    .unwrap(),
            )
        })
        .await;
    assert_eq!(seq, Some(2));
    assert_eq!(
        departed.map(|d| d.to_string()).as_deref(),
        Some("2026-11-20 14:40:00")
    );
    // The destination's board shows the person with a fresh one-hour target.
    let board = app.get(&city, "/board").await;
    board.assert_contains(&reference);
    board.assert_contains("Under 30 min");
    // The origin's board does not; its staff still see the case but cannot act.
    assert!(!app.get(&nurse, "/board").await.body.contains(&reference));
    let page = app.get(&nurse, &format!("/episodes/{reference}")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Place of safety 1: Oakwood 136 suite");
    page.assert_contains("Place of safety 2: City emergency department");
    page.assert_contains("to City emergency department");
    page.assert_contains("Transferred");
    assert!(
        !page.body.contains("/transfer\""),
        "origin may not transfer"
    );
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{reference}/handover"),
            &[("when", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The destination's own clock: 61 minutes after arrival there is a breach.
    app.set_now(t0() + Duration::hours(4) + Duration::minutes(1));
    app.get(&city, "/board").await.assert_contains("Breach");
    let r = app
        .post(
            &city,
            &format!("/episodes/{reference}/handover"),
            &[("when", "now"), ("delay_reason", "insufficient_staff")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Stranger sites and forces still see nothing.
    for user in ["nurse_b", "officer_b", "manager_moor"] {
        let s = app.login(user).await;
        assert_eq!(
            app.get(&s, &format!("/episodes/{reference}")).await.status,
            StatusCode::NOT_FOUND,
            "{user}"
        );
        assert_eq!(
            app.post(&s, &path(&reference), &[("site", "MOOR")])
                .await
                .status,
            StatusCode::NOT_FOUND,
            "{user}"
        );
    }
}

async fn transfer_left_before_handover_stops_that_wait(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "CITYED", &[]).await;
    app.set_now(t0() + Duration::minutes(90));
    let r = app
        .post(
            &officer,
            &path(&reference),
            &[
                ("site", "OAK"),
                ("left", "earlier"),
                ("left_at", "2026-11-20T12:50"),
                ("arrival", "now"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Hours later the first stay still shows 50 minutes, not a growing wait,
    // and is not a breach; the officer's list shows only the open stay.
    app.set_now(t0() + Duration::hours(5));
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("Waited before leaving");
    page.assert_contains("0h 50m");
    let home = app.get(&officer, "/officer").await;
    let link = format!("href=\"/episodes/{reference}\"");
    assert_eq!(home.body.matches(&link).count(), 1, "{}", home.body);
    let manager = app.login("manager_all").await;
    let breaches = app.get(&manager, "/cases?breached=1").await;
    breaches.assert_contains("app-cell\">Oakwood 136 suite</span>");
    assert!(
        !breaches
            .body
            .contains("app-cell\">City emergency department</span>"),
        "the 50-minute stay is not a breach"
    );
    let stored = app
        .db(|c| {
            use diesel::prelude::*;
            use s136::schema::stays::dsl::*;
            stays
                .filter(seq.eq(1))
                .select(breached)
                .first::<Option<bool>>(c)
                .unwrap()
        })
        .await;
    assert_eq!(stored, Some(false));
}

async fn transfer_input_is_validated(app: TestApp) {
    let reference = handed_over_at_oak(&app).await;
    let nurse = app.login("nurse").await;
    app.set_now(t0() + Duration::hours(2));
    let before = app.counts().await;
    for (form, msg) in [
        (
            vec![("left", "now"), ("arrival", "now")],
            "Choose the place of safety the person is going to",
        ),
        (
            vec![("site", "NOPE"), ("left", "now"), ("arrival", "now")],
            "Choose a place of safety from the list (that site code is not known)",
        ),
        (
            vec![("site", "OAK"), ("left", "now"), ("arrival", "now")],
            "Choose a different place of safety: the person is already there",
        ),
        (
            vec![
                ("site", "CITYED"),
                ("left", "earlier"),
                ("left_at", "2026-11-20T11:00"),
                ("arrival", "now"),
            ],
            "Enter a time the person left that is after the arrival time here, 12:00",
        ),
        (
            vec![
                ("site", "CITYED"),
                ("left", "earlier"),
                ("left_at", "2026-11-20T13:30"),
                ("arrival", "earlier"),
                ("arrived_at", "2026-11-20T13:10"),
            ],
            "Enter a arrival time at the new place of safety that is after the time the person left, 13:30",
        ),
        (
            vec![
                ("site", "CITYED"),
                ("left", "now"),
                ("arrival", "earlier"),
                ("arrived_at", "2026-11-20T18:00"),
            ],
            "The arrival time at the new place of safety cannot be in the future",
        ),
        (
            vec![("site", "CITYED"), ("left", "earlier"), ("left_at", "")],
            "Enter the time the person left",
        ),
    ] {
        let r = app.post(&nurse, &path(&reference), &form).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{form:?}");
        r.assert_contains(msg);
    }
    assert_eq!(app.counts().await, before, "refusals change nothing");
}

async fn only_the_site_where_the_person_is_may_transfer(app: TestApp) {
    let reference = handed_over_at_oak(&app).await;
    let city = app.login("nurse_city").await;
    let manager = app.login("manager_wmp").await;
    let before = app.counts().await;
    // CITYED staff cannot see it; a manager may see but not move it.
    let r = app
        .post(&city, &path(&reference), &[("site", "MOOR")])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .post(&manager, &path(&reference), &[("site", "MOOR")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.counts().await, before);
    // After a move to CITYED, OAK staff may no longer move the person.
    let nurse = app.login("nurse").await;
    let r = app
        .post(
            &nurse,
            &path(&reference),
            &[("site", "CITYED"), ("left", "now"), ("arrival", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let before = app.counts().await;
    let r = app
        .post(
            &nurse,
            &path(&reference),
            &[("site", "MOOR"), ("left", "now"), ("arrival", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_contains("Only staff at the place of safety where the person is now");
    assert_eq!(app.counts().await, before);
}

async fn no_transfer_on_a_cancelled_case(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let r = app
        .post(
            &officer,
            &format!("/episodes/{reference}/cancel"),
            &[("reason", "Logged in error")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let before = app.counts().await;
    let r = app
        .post(
            &officer,
            &path(&reference),
            &[("site", "CITYED"), ("left", "now"), ("arrival", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("This case was cancelled");
    assert_eq!(app.counts().await, before);
}

async fn transfer_by_api(app: TestApp) {
    let officer = app.token("officer").await;
    let reference = app.api_arrival(&officer, "OAK").await;
    let url = format!("/api/v1/episodes/{reference}/transfer");
    app.set_now(t0() + Duration::minutes(30));
    let r = app
        .api("POST", &url, &officer, Some(json!({"site": "OAK"})))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.code(), "validation_failed");
    assert!(r.json()["error"]["fields"]["site"].is_string());
    let r = app
        .api(
            "POST",
            &url,
            &officer,
            Some(json!({"site": "CITYED", "expected_version": 99})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.code(), "version_conflict");
    let r = app
        .api(
            "POST",
            &url,
            &officer,
            Some(
                json!({"site": "CITYED", "left_at": "2026-11-20T12:25:00Z", "expected_version": 1}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let j = r.json();
    assert_eq!(j["site"]["code"], "CITYED");
    assert_eq!(j["status"], "awaiting_handover");
    assert_eq!(j["arrived_at"], "2026-11-20T12:30:00Z");
    assert_eq!(j["target_at"], "2026-11-20T13:30:00Z");
    assert_eq!(j["stays"][0]["departed_at"], "2026-11-20T12:25:00Z");
    assert_eq!(j["stays"][0]["seconds_waiting"], 25 * 60);
    assert_eq!(j["stays"].as_array().unwrap().len(), 2);
    let other = app.token("officer_b").await;
    let r = app
        .api("POST", &url, &other, Some(json!({"site": "MOOR"})))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let nurse = app.token("nurse").await;
    let r = app
        .api("POST", &url, &nurse, Some(json!({"site": "MOOR"})))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let city = app.token("nurse_city").await;
    let r = app
        .api("POST", &url, &city, Some(json!({"site": "MOOR"})))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["site"]["code"], "MOOR");
}
