//! Handover offered: the officer's half of the two-party handover.

use actix_web::http::StatusCode;
use chrono::Duration;
use serde_json::json;

use crate::both_backends;
use crate::common::{TestApp, t0};

both_backends!(
    officer_offers_handover_and_the_board_shows_it,
    offer_is_validated_and_recorded_once,
    only_officers_of_the_force_may_offer,
    offer_by_api,
);

fn offer(reference: &str) -> String {
    format!("/episodes/{reference}/offer")
}

async fn officer_offers_handover_and_the_board_shows_it(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    app.set_now(t0() + Duration::minutes(15));
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("/offer\"");
    assert_eq!(
        app.get(&officer, &offer(&reference)).await.status,
        StatusCode::OK
    );
    let before = app.counts().await;
    let r = app
        .post(
            &officer,
            &offer(&reference),
            &[("when", "earlier"), ("offered_at", "2026-11-20T12:05")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.counts().await, (before.0, before.1, before.2 + 1));
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("Handover offered");
    page.assert_contains("Fri 20 Nov 2026, 12:05");
    assert!(!page.body.contains("/offer\""), "offered once");
    let nurse = app.login("nurse").await;
    app.get(&nurse, "/board")
        .await
        .assert_contains("Handover offered 12:05");
}

async fn offer_is_validated_and_recorded_once(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    app.set_now(t0() + Duration::minutes(30));
    let before = app.counts().await;
    for (form, msg) in [
        (
            vec![("when", "earlier"), ("offered_at", "2026-11-20T11:50")],
            "Enter a time handover was offered that is after the arrival time, 12:00",
        ),
        (
            vec![("when", "earlier"), ("offered_at", "2026-11-20T13:00")],
            "The time handover was offered cannot be in the future",
        ),
        (
            vec![("when", "earlier"), ("offered_at", "")],
            "Enter the time handover was offered",
        ),
    ] {
        let r = app.post(&officer, &offer(&reference), &form).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{form:?}");
        r.assert_contains(msg);
    }
    assert_eq!(app.counts().await, before);
    let r = app
        .post(&officer, &offer(&reference), &[("when", "now")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let before = app.counts().await;
    let r = app
        .post(&officer, &offer(&reference), &[("when", "now")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    r.assert_contains("Handover was already offered at 12:30.");
    assert_eq!(app.counts().await, before);
    // After handover there is nothing left to offer.
    let other = app.arrive(&officer, "OAK", &[]).await;
    let nurse = app.login("nurse").await;
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{other}/handover"),
            &[("when", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let before = app.counts().await;
    let r = app.post(&officer, &offer(&other), &[("when", "now")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    r.assert_contains("Handover was already confirmed by Alex Morgan");
    assert_eq!(app.counts().await, before);
}

async fn only_officers_of_the_force_may_offer(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let before = app.counts().await;
    let nurse = app.login("nurse").await;
    let r = app
        .post(&nurse, &offer(&reference), &[("when", "now")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    for user in ["officer_b", "nurse_b"] {
        let s = app.login(user).await;
        let r = app.post(&s, &offer(&reference), &[("when", "now")]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{user}");
    }
    assert_eq!(app.counts().await, before);
}

async fn offer_by_api(app: TestApp) {
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
    let url = format!("/api/v1/episodes/{reference}/handover-offered");
    app.set_now(t0() + Duration::minutes(10));
    let r = app
        .api(
            "POST",
            &url,
            &officer,
            Some(json!({"offered_at": "2026-11-20T11:00:00Z"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["error"]["fields"]["offered_at"].is_string());
    let r = app.api("POST", &url, &officer, Some(json!({}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["handover_offered_at"], "2026-11-20T12:10:00Z");
    assert_eq!(
        r.json()["stays"][0]["handover_offered_at"],
        "2026-11-20T12:10:00Z"
    );
    let r = app.api("POST", &url, &officer, Some(json!({}))).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.code(), "conflict");
    let other = app.token("officer_b").await;
    let r = app.api("POST", &url, &other, Some(json!({}))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
