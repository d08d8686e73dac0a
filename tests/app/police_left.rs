//! Police leave after the handover, or before it only with a reason (for
//! example released under protest); the handover is then still awaited.

use actix_web::http::StatusCode;
use chrono::Duration;
use serde_json::json;

use crate::both_backends;
use crate::common::{TestApp, t0};

both_backends!(
    leaving_before_handover_needs_a_reason,
    leaving_before_handover_on_the_page,
    a_reason_is_not_kept_when_police_left_after_handover,
);

async fn arrive(app: &TestApp, token: &str) -> String {
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            token,
            Some(json!({"site": "OAK"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["reference"].as_str().unwrap().to_string()
}

async fn leaving_before_handover_needs_a_reason(app: TestApp) {
    let officer = app.token("officer").await;
    let reference = arrive(&app, &officer).await;
    let left = format!("/api/v1/episodes/{reference}/police-left");
    app.set_now(t0() + Duration::minutes(90));
    let version = app
        .api(
            "GET",
            &format!("/api/v1/episodes/{reference}"),
            &officer,
            None,
        )
        .await
        .json()["version"]
        .as_i64();
    for body in [
        json!({}),
        json!({"reason": "   "}),
        json!({"reason": "x".repeat(501)}),
    ] {
        let r = app.api("POST", &left, &officer, Some(body)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("police_left_reason"), "{}", r.body);
    }
    let unchanged = app
        .api(
            "GET",
            &format!("/api/v1/episodes/{reference}"),
            &officer,
            None,
        )
        .await
        .json();
    assert_eq!(unchanged["version"].as_i64(), version);
    assert_eq!(unchanged["police_left_at"], serde_json::Value::Null);
    // Not before the arrival, even with a reason.
    let r = app
        .api(
            "POST",
            &left,
            &officer,
            Some(json!({"left_at": "2026-11-20T11:59:00Z", "reason": "Released under protest"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app
        .api(
            "POST",
            &left,
            &officer,
            Some(json!({"left_at": "2026-11-20T13:15:00Z", "reason": "Released under protest: call to a road traffic collision"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let j = r.json();
    assert_eq!(j["police_left_at"], "2026-11-20T13:15:00Z");
    assert_eq!(j["stays"][0]["police_seconds"], 75 * 60);
    assert_eq!(
        j["stays"][0]["police_left_reason"],
        "Released under protest: call to a road traffic collision"
    );
    // The handover is still awaited, and health staff can still accept it.
    assert_eq!(j["handed_over_at"], serde_json::Value::Null);
    let nurse = app.token("nurse").await;
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/handover"),
            &nurse,
            Some(json!({"delay_reason": "insufficient_staff"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["breached"], true);
    // Recorded once only.
    let r = app
        .api("POST", &left, &officer, Some(json!({"reason": "again"})))
        .await;
    assert_eq!(r.code(), "conflict");
}

async fn leaving_before_handover_on_the_page(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    app.set_now(t0() + Duration::minutes(75));
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains(&format!("href=\"/episodes/{reference}/police-left\""));
    let path = format!("/episodes/{reference}/police-left");
    let r = app.post(&officer, &path, &[("when", "now")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("href=\"#police_left_reason\"");
    r.assert_contains("released under protest");
    let r = app
        .post(
            &officer,
            &path,
            &[
                ("when", "now"),
                ("police_left_reason", "Released under protest"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("(police here 1h 15m after arrival), before the handover was accepted: Released under protest");
    page.assert_contains("Reason: Released under protest");
}

async fn a_reason_is_not_kept_when_police_left_after_handover(app: TestApp) {
    let officer = app.token("officer").await;
    let reference = arrive(&app, &officer).await;
    app.set_now(t0() + Duration::minutes(30));
    let nurse = app.token("nurse").await;
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/handover"),
            &nurse,
            Some(json!({})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.set_now(t0() + Duration::minutes(40));
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/police-left"),
            &officer,
            Some(json!({"reason": "not needed"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.json()["stays"][0]["police_left_reason"],
        serde_json::Value::Null
    );
}
