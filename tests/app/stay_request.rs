//! Health staff ask police to stay; the officer agrees or declines.

use actix_web::http::StatusCode;
use chrono::Duration;
use serde_json::json;

use crate::both_backends;
use crate::common::{TestApp, t0};

both_backends!(
    officer_agrees_to_stay_and_the_board_says_so,
    officer_declines_and_the_board_says_not_agreed,
    requests_are_validated,
    only_the_right_people_ask_and_answer,
    stay_requests_by_api,
);

fn ask(reference: &str) -> String {
    format!("/episodes/{reference}/ask-police-to-stay")
}

fn answer(reference: &str) -> String {
    format!("/episodes/{reference}/stay-answer")
}

async fn officer_agrees_to_stay_and_the_board_says_so(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let nurse = app.login("nurse").await;
    app.set_now(t0() + Duration::minutes(70));
    let case = format!("/episodes/{reference}");
    app.get(&nurse, &case)
        .await
        .assert_contains("/ask-police-to-stay\"");
    assert_eq!(
        app.get(&nurse, &ask(&reference)).await.status,
        StatusCode::OK
    );
    let before = app.counts().await;
    let r = app
        .post(
            &nurse,
            &ask(&reference),
            &[("reason", "insufficient_staff")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.counts().await, (before.0, before.1, before.2 + 1));
    app.get(&nurse, "/board")
        .await
        .assert_contains("Police asked to stay: awaiting answer");
    let page = app.get(&officer, &case).await;
    page.assert_contains(
        "Asked by Alex Morgan at 13:10: Not enough health staff on site to take over.",
    );
    page.assert_contains("Agree to stay");
    app.set_now(t0() + Duration::minutes(72));
    let r = app
        .post(&officer, &answer(&reference), &[("agreed", "yes")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.get(&nurse, "/board")
        .await
        .assert_contains("Police asked to stay: agreed");
    let page = app.get(&officer, &case).await;
    page.assert_contains("Police agreed (PC Sam Patel, 13:12).");
    assert!(!page.body.contains("Agree to stay"), "answered once");
    let before = app.counts().await;
    let r = app
        .post(&officer, &answer(&reference), &[("agreed", "no")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = app
        .post(&nurse, &ask(&reference), &[("reason", "risk_to_life")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    r.assert_contains("Police were already asked to stay at 13:10 by Alex Morgan.");
    assert_eq!(app.counts().await, before);
}

async fn officer_declines_and_the_board_says_not_agreed(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let nurse = app.login("nurse").await;
    let r = app
        .post(
            &nurse,
            &ask(&reference),
            &[
                ("reason", "other"),
                ("reason_note", "Waiting for the duty doctor"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .post(&officer, &answer(&reference), &[("agreed", "no")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.get(&nurse, "/board")
        .await
        .assert_contains("Police asked to stay: not agreed");
    let page = app.get(&nurse, &format!("/episodes/{reference}")).await;
    page.assert_contains("Other reason (Waiting for the duty doctor)");
    page.assert_contains("Police did not agree (PC Sam Patel, 12:00).");
}

async fn requests_are_validated(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let nurse = app.login("nurse").await;
    let before = app.counts().await;
    for (form, msg) in [
        (vec![], "Choose the reason police are asked to stay"),
        (
            vec![("reason", "lunch")],
            "Choose the reason police are asked to stay from the list",
        ),
        (
            vec![("reason", "other")],
            "Describe the reason police are asked to stay",
        ),
    ] {
        let r = app.post(&nurse, &ask(&reference), &form).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{form:?}");
        r.assert_contains(msg);
    }
    let r = app
        .post(&officer, &answer(&reference), &[("agreed", "yes")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "nothing to answer yet");
    let r = app
        .post(&officer, &answer(&reference), &[("agreed", "maybe")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.counts().await, before);
    // After handover police are not asked to stay here.
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{reference}/handover"),
            &[("when", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let before = app.counts().await;
    let r = app
        .post(&nurse, &ask(&reference), &[("reason", "risk_to_life")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(app.counts().await, before);
}

async fn only_the_right_people_ask_and_answer(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let before = app.counts().await;
    let r = app
        .post(&officer, &ask(&reference), &[("reason", "risk_to_life")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    for user in ["nurse_b", "nurse_city", "officer_b"] {
        let s = app.login(user).await;
        let r = app
            .post(&s, &ask(&reference), &[("reason", "risk_to_life")])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{user}");
    }
    assert_eq!(app.counts().await, before);
    let nurse = app.login("nurse").await;
    let r = app
        .post(&nurse, &ask(&reference), &[("reason", "risk_to_life")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let before = app.counts().await;
    let r = app
        .post(&nurse, &answer(&reference), &[("agreed", "yes")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let other = app.login("officer_b").await;
    let r = app
        .post(&other, &answer(&reference), &[("agreed", "yes")])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(app.counts().await, before);
}

async fn stay_requests_by_api(app: TestApp) {
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
    let url = format!("/api/v1/episodes/{reference}/stay-request");
    let nurse = app.token("nurse").await;
    let r = app
        .api("POST", &url, &nurse, Some(json!({"reason": "lunch"})))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = app
        .api("POST", &url, &nurse, Some(json!({"reason": "other"})))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["error"]["fields"]["reason_note"].is_string());
    let r = app
        .api(
            "POST",
            &url,
            &nurse,
            Some(json!({"reason": "violence_or_absconding_risk"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let req = &r.json()["stays"][0]["stay_request"];
    assert_eq!(req["reason"], "violence_or_absconding_risk");
    assert!(req["agreed"].is_null());
    let r = app
        .api(
            "POST",
            &format!("{url}/answer"),
            &officer,
            Some(json!({"agreed": true})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["stays"][0]["stay_request"]["agreed"], true);
    let r = app
        .api(
            "POST",
            &format!("{url}/answer"),
            &officer,
            Some(json!({"agreed": false})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.code(), "conflict");
}
