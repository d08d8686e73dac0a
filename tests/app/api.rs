//! JSON API v1: every endpoint by role, every error, idempotency, concurrency.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use chrono::Duration;
use serde_json::json;

use crate::both_backends;
use crate::common::{TestApp, t0};

both_backends!(
    api_needs_a_live_token,
    officers_log_arrivals_idempotently,
    arrival_errors_have_codes_and_fields,
    handover_by_api_follows_the_same_rules,
    concurrent_api_handovers_give_one_200_and_seven_409s,
    police_left_and_cancel_by_api,
    list_is_scoped_filtered_and_paged,
    openapi_document_is_served,
    bodies_that_are_too_big_or_not_json_are_refused,
    tokens_page_creates_and_revokes,
);

async fn create(app: &TestApp, token: &str, body: serde_json::Value) -> String {
    let r = app.api("POST", "/api/v1/episodes", token, Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["reference"].as_str().unwrap().to_string()
}

async fn api_needs_a_live_token(app: TestApp) {
    for token in ["", "s136_not-a-token"] {
        let r = app.api("GET", "/api/v1/sites", token, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(r.code(), "unauthorized");
    }
    // A signed-in browser's cookie is not accepted on the API.
    let s = app.login("officer").await;
    let r = app
        .send(
            TestRequest::get()
                .uri("/api/v1/sites")
                .insert_header(("cookie", s.cookie.clone())),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let token = app.token("officer").await;
    let r = app.api("GET", "/api/v1/sites", &token, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()[0]["kind"], "emergency_department");
    assert_eq!(r.json().as_array().unwrap().len(), 3);
    // Revoked tokens stop working at once.
    let id = app
        .db(|c| {
            s136::db::tokens::list(c, None)
                .unwrap()
                .last()
                .unwrap()
                .0
                .id
        })
        .await;
    app.db(move |c| s136::domain::tokens::revoke(c, None, id, t0()).unwrap())
        .await;
    assert_eq!(
        app.api("GET", "/api/v1/sites", &token, None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

async fn officers_log_arrivals_idempotently(app: TestApp) {
    let token = app.token("officer").await;
    let body = json!({"site": "OAK", "client_ref": "phone-1", "officers": 3, "arrived_at": "2026-11-20T12:00:00+00:00"});
    let r = app
        .api("POST", "/api/v1/episodes", &token, Some(body.clone()))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let e = r.json();
    assert_eq!(e["reference"], "S136-2026-000001");
    assert_eq!(e["status"], "awaiting_handover");
    assert_eq!(e["force"]["code"], "WMP");
    assert_eq!(e["site"]["kind"], "mental_health_unit");
    assert_eq!(e["arrived_at"], "2026-11-20T12:00:00Z");
    assert_eq!(e["target_at"], "2026-11-20T13:00:00Z");
    assert_eq!(e["seconds_waiting"], 0);
    assert_eq!(e["breached"], false);
    assert_eq!(e["officers"], 3);
    assert_eq!(e["collar_number"], "4521");
    assert_eq!(e["version"], 1);
    assert_eq!(e["stays"].as_array().unwrap().len(), 1);
    let counts = app.counts().await;
    // A retry from a phone with poor signal: same episode, 200, nothing new.
    let again = app
        .api("POST", "/api/v1/episodes", &token, Some(body))
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["reference"], "S136-2026-000001");
    assert_eq!(app.counts().await, counts);
    // Offsets other than Z are accepted; answers are in UTC.
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(json!({"site": "OAK", "arrived_at": "2026-11-20T12:58:00+01:00"})),
        )
        .await;
    assert_eq!(r.json()["arrived_at"], "2026-11-20T11:58:00Z");
    app.set_now(t0() + Duration::minutes(70));
    let r = app
        .api("GET", "/api/v1/episodes/S136-2026-000001", &token, None)
        .await;
    assert_eq!(
        (
            r.json()["seconds_waiting"].as_i64(),
            r.json()["minutes_waiting"].as_i64()
        ),
        (Some(4200), Some(70))
    );
    assert_eq!(r.json()["breached"], true);
    // The pages see what the API wrote.
    let page = app.get(&app.login("nurse").await, "/board").await;
    page.assert_contains("S136-2026-000001");
}

async fn arrival_errors_have_codes_and_fields(app: TestApp) {
    let token = app.token("officer").await;
    let nurse = app.token("nurse").await;
    let before = app.counts().await;
    for (body, status, code, field) in [
        (
            json!({"site": "NOPE"}),
            422,
            "validation_failed",
            Some("site"),
        ),
        (
            json!({"site": "OAK", "arrived_at": "2026-11-20T12:03:00Z"}),
            422,
            "validation_failed",
            Some("arrived_at"),
        ),
        (
            json!({"site": "OAK", "arrived_at": "2026-11-20T11:30:00Z"}),
            422,
            "validation_failed",
            Some("backdate_reason"),
        ),
        (
            json!({"site": "OAK", "arrived_at": "2026-11-19T11:00:00Z", "backdate_reason": "x"}),
            422,
            "validation_failed",
            Some("arrived_at"),
        ),
        (
            json!({"site": "OAK", "officers": 0}),
            422,
            "validation_failed",
            Some("officers"),
        ),
        (
            json!({"site": "OAK", "collar_number": "no spaces allowed"}),
            422,
            "validation_failed",
            Some("collar_number"),
        ),
        (
            json!({"site": "OAK", "officers": "two"}),
            400,
            "bad_request",
            None,
        ),
        (
            json!({"site": "OAK", "arrived_at": "yesterday"}),
            400,
            "bad_request",
            None,
        ),
        (json!({"officers": 2}), 400, "bad_request", None),
        (json!(["OAK"]), 400, "bad_request", None),
    ] {
        let r = app
            .api("POST", "/api/v1/episodes", &token, Some(body.clone()))
            .await;
        assert_eq!(r.status.as_u16(), status, "{body}: {}", r.body);
        assert_eq!(r.code(), code, "{body}");
        assert!(!r.json()["error"]["message"].as_str().unwrap().is_empty());
        if let Some(f) = field {
            assert!(
                r.json()["error"]["fields"][f].is_string(),
                "{body}: {}",
                r.body
            );
        }
    }
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &nurse,
            Some(json!({"site": "OAK"})),
        )
        .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    let r = app
        .send(
            TestRequest::post()
                .uri("/api/v1/episodes")
                .insert_header(("authorization", format!("Bearer {token}")))
                .insert_header(("content-type", "application/json"))
                .set_payload("{\"site\": "),
        )
        .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::BAD_REQUEST, "bad_request")
    );
    assert_eq!(app.counts().await, before);
}

async fn handover_by_api_follows_the_same_rules(app: TestApp) {
    let officer = app.token("officer").await;
    let nurse = app.token("nurse").await;
    let reference = create(&app, &officer, json!({"site": "OAK"})).await;
    let path = format!("/api/v1/episodes/{reference}/handover");
    app.set_now(t0() + Duration::minutes(61));
    let other_site = app.token("nurse_b").await;
    let before = app.counts().await;
    for (who, body, status, code, field) in [
        (
            &nurse,
            json!({}),
            422,
            "validation_failed",
            Some("delay_reason"),
        ),
        (
            &nurse,
            json!({"delay_reason": "other"}),
            422,
            "validation_failed",
            Some("delay_note"),
        ),
        (
            &nurse,
            json!({"delay_reason": "bored"}),
            400,
            "bad_request",
            None,
        ),
        (
            &nurse,
            json!({"handed_over_at": "2026-11-20T11:59:00Z", "delay_reason": "other", "delay_note": "n"}),
            422,
            "validation_failed",
            Some("handed_over_at"),
        ),
        (
            &nurse,
            json!({"delay_reason": "insufficient_staff", "expected_version": 9}),
            409,
            "version_conflict",
            None,
        ),
        (
            &officer,
            json!({"delay_reason": "insufficient_staff"}),
            403,
            "forbidden",
            None,
        ),
    ] {
        let r = app.api("POST", &path, who, Some(body.clone())).await;
        assert_eq!(r.status.as_u16(), status, "{body}: {}", r.body);
        assert_eq!(r.code(), code, "{body}");
        if let Some(f) = field {
            assert!(
                r.json()["error"]["fields"][f].is_string(),
                "{body}: {}",
                r.body
            );
        }
    }
    let r = app.api("POST", &path, &other_site, Some(json!({}))).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::NOT_FOUND, "not_found")
    );
    assert_eq!(app.counts().await, before);
    let r = app
        .api("POST", &path, &nurse, Some(json!({"delay_reason": "insufficient_staff", "expected_version": 1, "accepted_by_role": "Charge nurse"})))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let e = r.json();
    assert_eq!(e["status"], "handed_over");
    assert_eq!(e["breached"], true);
    assert_eq!(e["seconds_waiting"], 3660);
    assert_eq!(e["delay_reason"], "insufficient_staff");
    assert_eq!(e["version"], 2);
    assert_eq!(e["handed_over_at"], "2026-11-20T13:01:00Z");
    let r = app
        .api(
            "POST",
            &path,
            &nurse,
            Some(json!({"delay_reason": "insufficient_staff"})),
        )
        .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::CONFLICT, "already_handed_over")
    );
    assert_eq!(
        r.json()["error"]["message"],
        "Handover was already confirmed by Alex Morgan (Charge nurse) at 13:01."
    );
}

async fn concurrent_api_handovers_give_one_200_and_seven_409s(app: TestApp) {
    let reference = create(&app, &app.token("officer").await, json!({"site": "OAK"})).await;
    let tokens = [app.token("nurse").await, app.token("nurse2").await];
    let path = format!("/api/v1/episodes/{reference}/handover");
    let calls = (0..8).map(|i| app.api("POST", &path, &tokens[i % 2], Some(json!({}))));
    let results = futures_util::future::join_all(calls).await;
    let statuses: Vec<u16> = results.iter().map(|r| r.status.as_u16()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        7,
        "{statuses:?}"
    );
    for r in results.iter().filter(|r| r.status == StatusCode::CONFLICT) {
        assert_eq!(r.code(), "already_handed_over");
    }
}

async fn police_left_and_cancel_by_api(app: TestApp) {
    let officer = app.token("officer").await;
    let nurse = app.token("nurse").await;
    let reference = create(&app, &officer, json!({"site": "OAK"})).await;
    let left = format!("/api/v1/episodes/{reference}/police-left");
    let r = app.api("POST", &left, &officer, Some(json!({}))).await;
    assert_eq!(
        (r.status.as_u16(), r.code().as_str()),
        (422, "validation_failed")
    );
    app.set_now(t0() + Duration::minutes(20));
    app.api(
        "POST",
        &format!("/api/v1/episodes/{reference}/handover"),
        &nurse,
        Some(json!({})),
    )
    .await;
    assert_eq!(
        app.api("POST", &left, &nurse, Some(json!({}))).await.code(),
        "forbidden"
    );
    assert_eq!(
        app.api(
            "POST",
            &left,
            &app.token("officer_b").await,
            Some(json!({}))
        )
        .await
        .code(),
        "not_found"
    );
    let r = app
        .api(
            "POST",
            &left,
            &officer,
            Some(json!({"left_at": "2026-11-20T12:25:00Z"})),
        )
        .await;
    assert_eq!(r.code(), "validation_failed", "after now");
    let r = app.api("POST", &left, &officer, Some(json!({}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["police_left_at"], "2026-11-20T12:20:00Z");
    assert_eq!(
        app.api("POST", &left, &officer, Some(json!({})))
            .await
            .code(),
        "conflict"
    );

    let other = create(&app, &officer, json!({"site": "OAK"})).await;
    let cancel = format!("/api/v1/episodes/{other}/cancel");
    assert_eq!(
        app.api("POST", &cancel, &officer, Some(json!({})))
            .await
            .code(),
        "bad_request"
    );
    assert_eq!(
        app.api("POST", &cancel, &officer, Some(json!({"reason": " "})))
            .await
            .code(),
        "validation_failed"
    );
    assert_eq!(
        app.api("POST", &cancel, &nurse, Some(json!({"reason": "x"})))
            .await
            .code(),
        "forbidden"
    );
    assert_eq!(
        app.api(
            "POST",
            &cancel,
            &app.token("manager_moor").await,
            Some(json!({"reason": "x"}))
        )
        .await
        .code(),
        "not_found"
    );
    let r = app
        .api(
            "POST",
            &cancel,
            &app.token("manager_wmp").await,
            Some(json!({"reason": "Logged twice"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "cancelled");
    assert_eq!(r.json()["breached"], false);
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{other}/handover"),
            &nurse,
            Some(json!({})),
        )
        .await;
    assert_eq!(
        r.code(),
        "validation_failed",
        "no handover on a cancelled case"
    );
}

async fn list_is_scoped_filtered_and_paged(app: TestApp) {
    let officer = app.token("officer").await;
    let mut refs = Vec::new();
    for i in 0..5 {
        app.set_now(t0() + Duration::minutes(i * 10));
        refs.push(
            create(
                &app,
                &officer,
                json!({"site": if i == 4 { "CITYED" } else { "OAK" }}),
            )
            .await,
        );
    }
    let b = create(&app, &app.token("officer_b").await, json!({"site": "MOOR"})).await;
    app.set_now(t0() + Duration::minutes(75));
    let mine = app
        .api("GET", "/api/v1/episodes", &officer, None)
        .await
        .json();
    let got: Vec<&str> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["reference"].as_str().unwrap())
        .collect();
    assert_eq!(
        got,
        refs.iter().rev().map(String::as_str).collect::<Vec<_>>(),
        "newest first, own force only"
    );
    assert!(!mine.to_string().contains(&b));
    // Paging with a cursor visits each once.
    let mut seen = Vec::new();
    let mut url = "/api/v1/episodes?limit=2".to_string();
    loop {
        let page = app.api("GET", &url, &officer, None).await.json();
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["reference"].as_str().unwrap().to_string()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => url = format!("/api/v1/episodes?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5);
    let breached = app
        .api("GET", "/api/v1/episodes?breached=true", &officer, None)
        .await
        .json();
    assert_eq!(
        breached["items"].as_array().unwrap().len(),
        2,
        "arrived 75 and 65 minutes ago"
    );
    let not = app
        .api(
            "GET",
            "/api/v1/episodes?breached=false&site=OAK",
            &officer,
            None,
        )
        .await
        .json();
    assert_eq!(not["items"].as_array().unwrap().len(), 2);
    let nurse = app
        .api(
            "GET",
            "/api/v1/episodes?status=awaiting_handover",
            &app.token("nurse").await,
            None,
        )
        .await
        .json();
    assert_eq!(nurse["items"].as_array().unwrap().len(), 4, "only OAK");
    let none = app
        .api("GET", "/api/v1/episodes?from=2026-11-21", &officer, None)
        .await
        .json();
    assert!(none["items"].as_array().unwrap().is_empty());
    let day = app
        .api(
            "GET",
            "/api/v1/episodes?from=2026-11-20&to=2026-11-20",
            &officer,
            None,
        )
        .await
        .json();
    assert_eq!(day["items"].as_array().unwrap().len(), 5);
    for (q, status) in [
        ("status=lost", 400),
        ("breached=maybe", 400),
        ("limit=x", 400),
        ("limit=0", 422),
        ("limit=201", 422),
        ("cursor=%%%", 400),
        ("from=tomorrow", 400),
    ] {
        let r = app
            .api("GET", &format!("/api/v1/episodes?{q}"), &officer, None)
            .await;
        assert_eq!(r.status.as_u16(), status, "{q}: {}", r.body);
    }
    assert_eq!(
        app.api("GET", &format!("/api/v1/episodes/{b}"), &officer, None)
            .await
            .code(),
        "not_found"
    );
    assert_eq!(
        app.api("GET", "/api/v1/episodes/%E2%9C%93", &officer, None)
            .await
            .code(),
        "not_found"
    );
    assert_eq!(
        app.api("GET", "/api/v1/nothing-here", &officer, None)
            .await
            .code(),
        "not_found"
    );
    assert_eq!(
        app.api("DELETE", "/api/v1/episodes", &officer, None)
            .await
            .status,
        StatusCode::METHOD_NOT_ALLOWED
    );
}

async fn openapi_document_is_served(app: TestApp) {
    let r = app
        .send(TestRequest::get().uri("/api/v1/openapi.json"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/v1/sites",
        "/api/v1/episodes",
        "/api/v1/episodes/{reference}",
        "/api/v1/episodes/{reference}/handover",
        "/api/v1/episodes/{reference}/police-left",
        "/api/v1/episodes/{reference}/cancel",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert!(doc["components"]["schemas"]["EpisodeJson"]["properties"]["breached"].is_object());
}

async fn bodies_that_are_too_big_or_not_json_are_refused(app: TestApp) {
    let token = app.token("officer").await;
    let before = app.counts().await;
    let big = json!({"site": "OAK", "notes": "x".repeat(70 * 1024)}).to_string();
    let r = app
        .send(
            TestRequest::post()
                .uri("/api/v1/episodes")
                .insert_header(("authorization", format!("Bearer {token}")))
                .insert_header(("content-type", "application/json"))
                .set_payload(big),
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.code().as_str()),
        (413, "payload_too_large")
    );
    let r = app
        .send(
            TestRequest::post()
                .uri("/api/v1/episodes")
                .insert_header(("authorization", format!("Bearer {token}")))
                .insert_header(("content-type", "text/plain"))
                .set_payload("site=OAK"),
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.code().as_str()),
        (415, "unsupported_media_type")
    );
    assert_eq!(app.counts().await, before);
}

async fn tokens_page_creates_and_revokes(app: TestApp) {
    let nurse = app.login("nurse").await;
    // Tokens are personal: naming another account is refused (issue 12).
    let r = app
        .post(
            &nurse,
            "/tokens",
            &[("label", "ward PC"), ("username", "officer")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_contains("Tokens are personal");
    let r = app
        .post(
            &nurse,
            "/tokens",
            &[("label", "ward PC"), ("username", "nurse")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let token = r
        .body
        .split("<code class=\"app-token\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    // A non-admin's token is always their own, whatever username is sent.
    let sites = app.api("GET", "/api/v1/episodes", &token, None).await;
    assert_eq!(sites.status, StatusCode::OK);
    let page = app.get(&nurse, "/tokens").await;
    page.assert_contains("ward PC");
    page.assert_contains(">nurse<");
    let id = app
        .db(|c| s136::db::tokens::list(c, None).unwrap()[0].0.id)
        .await;
    let officer = app.login("officer").await;
    let r = app
        .post(&officer, &format!("/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "not theirs");
    let r = app
        .post(
            &nurse,
            &format!("/tokens/{id}/revoke"),
            &[("csrf_token", "forged")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.post(&nurse, &format!("/tokens/{id}/revoke"), &[]).await;
    r.assert_contains(&format!("Token {id} revoked"));
    assert_eq!(
        app.api("GET", "/api/v1/sites", &token, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    // Administrators too make tokens only for themselves (issue 12); they
    // still see and may revoke everyone's.
    let admin = app.login("admin").await;
    let r = app
        .post(
            &admin,
            "/tokens",
            &[("label", "control room"), ("username", "officer")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .post(&admin, "/tokens", &[("label", "control room")])
        .await;
    r.assert_contains("app-token");
    let page = app.get(&admin, "/tokens").await;
    page.assert_contains("control room");
    page.assert_contains("ward PC");
    // Refused on the name alone: whether "ghost" exists is not revealed.
    let r = app
        .post(&admin, "/tokens", &[("label", "x"), ("username", "ghost")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_contains("Tokens are personal");
}
