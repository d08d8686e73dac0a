//! The bounds every recorded time obeys, recorded or corrected: nothing
//! before 24 hours ahead of when the case was logged (48 for the power used
//! and a s135 warrant), so a year-0001 correction cannot turn the clocks to
//! nonsense and drop the case out of the return.

use actix_web::http::StatusCode;
use serde_json::json;

use crate::both_backends;
use crate::common::{TestApp, t0};

both_backends!(
    corrections_cannot_reach_before_the_case_was_logged,
    a_warrant_cannot_be_executed_in_year_one,
    recording_obeys_the_timeline_the_corrections_use,
);

async fn corrections_cannot_reach_before_the_case_was_logged(app: TestApp) {
    let officer = app.token("officer").await;
    let reference = app.api_arrival(&officer, "OAK").await;
    let path = format!("/api/v1/episodes/{reference}/corrections");
    let before = app.counts().await;
    for bad in [
        "0001-01-01T00:00:00Z",
        "1900-01-01T00:00:00Z",
        "2026-11-19T11:59:59Z",
    ] {
        let v = app.version(&reference).await;
        let r = app
            .api(
                "POST",
                &path,
                &officer,
                Some(json!({"field": "arrived_at", "stay": 1, "new_time": bad,
                            "reason": "typo", "version": v})),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {}",
            r.body
        );
        assert!(
            r.json()["error"]["fields"]["new_time"]
                .as_str()
                .unwrap()
                .contains("as far back as this time can be"),
            "{}",
            r.body
        );
    }
    assert_eq!(app.counts().await, before, "nothing written");
    // Exactly 24 hours before the case was logged is the edge, and allowed.
    let v = app.version(&reference).await;
    let edge = (t0() - chrono::Duration::hours(24)).to_rfc3339();
    let r = app
        .api(
            "POST",
            &path,
            &officer,
            Some(json!({"field": "arrived_at", "stay": 1, "new_time": edge,
                        "reason": "logged a day late", "version": v})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["arrived_at"], "2026-11-19T12:00:00Z");
}

async fn a_warrant_cannot_be_executed_in_year_one(app: TestApp) {
    let officer = app.token("officer").await;
    let before = app.counts().await;
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &officer,
            Some(
                json!({"site": "OAK", "kind": "s135", "amhp_name": "Jo AMHP",
                        "warrant_at": "0001-01-01T00:00:00Z"}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("within the 48 hours before now"),
        "{}",
        r.body
    );
    assert_eq!(app.counts().await, before);
}

/// Ending the detention before an extension that was authorised: the end
/// form checks only its own fields, the timeline (the rules corrections use)
/// refuses the order. Before the one timeline this was stored.
async fn recording_obeys_the_timeline_the_corrections_use(app: TestApp) {
    let officer = app.token("officer").await;
    let nurse = app.token("nurse").await;
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &officer,
            Some(json!({"site": "OAK"})),
        )
        .await;
    let reference = r.json()["reference"].as_str().unwrap().to_string();
    app.set_now(t0() + chrono::Duration::hours(1));
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/extensions"),
            &nurse,
            Some(json!({"authorised_by_name": "Dr Ahmed", "hours": 6,
                        "reason": "assessment_impracticable"})),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let before = app.counts().await;
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/end"),
            &officer,
            Some(json!({"outcome": "admitted_informally", "ended_at": "2026-11-20T12:30:00Z"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    r.assert_contains("would break the order of the recorded times");
    r.assert_contains("extension");
    assert_eq!(app.counts().await, before, "nothing written");
    // After the extension it is fine.
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/end"),
            &officer,
            Some(json!({"outcome": "admitted_informally", "ended_at": "2026-11-20T13:00:00Z"})),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
}
