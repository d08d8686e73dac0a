//! Monitoring fields: optional at arrival, completable later on the page and
//! by API, audited, scoped, with the list of what is still missing.

use actix_web::http::StatusCode;
use chrono::Duration;
use diesel::prelude::*;
use serde_json::json;

use crate::both_backends;
use crate::common::{TestApp, t0};

both_backends!(
    an_arrival_needs_none_of_them,
    an_arrival_stores_all_of_them,
    arrival_refusals_change_nothing,
    api_arrival_takes_the_same_fields,
    officer_health_and_manager_complete_them_in_scope,
    edit_refusals_change_nothing,
    the_api_completes_them_with_the_same_rules,
    the_missing_list_follows_the_record,
);

type Stored = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

async fn stored(app: &TestApp, reference: &str) -> Stored {
    let r = reference.to_string();
    app.db(move |c| {
        use s136::schema::episodes::dsl::*;
        episodes
            .filter(reference.eq(r))
            .select((age_band, sex, ethnicity, transport, police_vehicle_reason))
            .first(c)
            .unwrap()
    })
    .await
}

/// The last audit row of `action`: (before, after) as JSON.
async fn last_audit(app: &TestApp, action: &str) -> (serde_json::Value, serde_json::Value) {
    let a = action.to_string();
    let (before, after): (Option<String>, Option<String>) = app
        .db(move |c| {
            use s136::schema::audit_events::dsl::*;
            audit_events
                .filter(action.eq(a))
                .order(id.desc())
                .select((before_json, after_json))
                .first(c)
                .unwrap()
        })
        .await;
    let parse = |s: Option<String>| {
        s.map(|s| serde_json::from_str(&s).unwrap())
            .unwrap_or_default()
    };
    (parse(before), parse(after))
}

const ALL: &[(&str, &str)] = &[
    ("age_band", "under_18"),
    ("sex", "female"),
    ("ethnicity", "mixed_white_black_caribbean"),
    ("transport", "police_vehicle"),
    ("police_vehicle_reason", "ambulance_unavailable"),
];

async fn an_arrival_needs_none_of_them(app: TestApp) {
    let officer = app.login("officer").await;
    let form = app.get(&officer, "/episodes/new").await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains("About the person (optional)");
    // The section is folded away, and nothing in it is required.
    assert!(!form.body.contains("<details class=\"nhsuk-details\" open"));
    // Three inputs: the place of safety, "just now" and the form's own token.
    let before = app.counts().await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let after = app.counts().await;
    assert_eq!(after.0, before.0 + 1);
    assert_eq!(
        stored(&app, &reference).await,
        (None, None, None, None, None)
    );
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("Still missing for the Home Office return");
    page.assert_contains("<li>Ethnic group</li>");
    page.assert_contains("<li>Outcome (recorded at the end of the detention)</li>");
    page.assert_contains(&format!("href=\"/episodes/{reference}/monitoring\""));
    let (_, logged) = last_audit(&app, "arrival_logged").await;
    assert_eq!(logged["monitoring"]["sex"], serde_json::Value::Null);
}

async fn an_arrival_stores_all_of_them(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", ALL).await;
    assert_eq!(
        stored(&app, &reference).await,
        (
            Some("under_18".into()),
            Some("female".into()),
            Some("mixed_white_black_caribbean".into()),
            Some("police_vehicle".into()),
            Some("ambulance_unavailable".into()),
        )
    );
    let (_, logged) = last_audit(&app, "arrival_logged").await;
    assert_eq!(logged["monitoring"]["age_band"], "under_18");
    assert_eq!(
        logged["monitoring"]["police_vehicle_reason"],
        "ambulance_unavailable"
    );
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("Mixed: White and Black Caribbean");
    page.assert_contains("Ambulance not available within 30 minutes");
    page.assert_contains("Health-based place of safety");
    // Only the outcome is missing, and that page does not record it.
    page.assert_contains("<li>Outcome (recorded at the end of the detention)</li>");
    assert!(!page.body.contains("Complete the monitoring details"));
    page.assert_contains("Change the monitoring details");
    let token = app.token("officer").await;
    let j = app
        .api(
            "GET",
            &format!("/api/v1/episodes/{reference}"),
            &token,
            None,
        )
        .await
        .json();
    assert_eq!(j["monitoring"]["age_band"], "under_18");
    assert_eq!(j["monitoring"]["ethnicity"], "mixed_white_black_caribbean");
    assert_eq!(
        j["monitoring"]["first_place_of_safety_kind"],
        "mental_health_unit"
    );
    assert_eq!(j["monitoring"]["missing"], json!(["outcome"]));
}

async fn arrival_refusals_change_nothing(app: TestApp) {
    let officer = app.login("officer").await;
    let before = app.counts().await;
    let post = |extra: Vec<(&'static str, &'static str)>| {
        let officer = officer.clone();
        let app = &app;
        async move {
            let mut form = vec![("site", "OAK"), ("arrival", "now"), ("form_token", "tok")];
            form.extend(extra);
            app.post(&officer, "/episodes", &form).await
        }
    };
    let r = post(vec![
        ("age_band", "17"),
        ("sex", "unknown"),
        ("ethnicity", "white"),
        ("transport", "helicopter"),
    ])
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    r.assert_contains("Choose the age band from the list");
    r.assert_contains("Choose the sex from the list");
    r.assert_contains("Choose the ethnic group from the list");
    r.assert_contains("Choose the way the person was taken to the place of safety from the list");
    // The section opens to show its errors, and links reach the fields.
    r.assert_contains("<details class=\"nhsuk-details\" open>");
    r.assert_contains("href=\"#age_band\"");
    r.assert_contains("id=\"age_band\"");
    let r = post(vec![
        ("sex", "male"),
        ("transport", "ambulance"),
        ("police_vehicle_reason", "risk_or_violence"),
    ])
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Only give a reason for using a police vehicle when the person was taken in a police vehicle");
    // Values are kept.
    r.assert_contains("value=\"male\" checked");
    r.assert_contains("value=\"risk_or_violence\" selected");
    let r = post(vec![("police_vehicle_reason", "bogus")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Choose the reason a police vehicle was used from the list");
    assert_eq!(app.counts().await, before, "refusals change nothing");
}

async fn api_arrival_takes_the_same_fields(app: TestApp) {
    let token = app.token("officer").await;
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(
                json!({"site": "OAK", "age_band": "45_54", "sex": "not_stated",
                "ethnicity": "not_stated", "transport": "ambulance"}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let j = r.json();
    assert_eq!(j["monitoring"]["age_band"], "45_54");
    assert_eq!(j["monitoring"]["transport"], "ambulance");
    assert_eq!(
        j["monitoring"]["police_vehicle_reason"],
        serde_json::Value::Null
    );
    assert_eq!(j["monitoring"]["missing"], json!(["outcome"]));
    let reference = j["reference"].as_str().unwrap().to_string();
    assert_eq!(stored(&app, &reference).await.0.as_deref(), Some("45_54"));
    let before = app.counts().await;
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(json!({"site": "OAK", "age_band": "seventeen"})),
        )
        .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::BAD_REQUEST, "bad_request")
    );
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(json!({"site": "OAK", "transport": "other", "police_vehicle_reason": "unknown"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.code(), "validation_failed");
    assert!(
        r.json()["error"]["fields"]["police_vehicle_reason"]
            .as_str()
            .unwrap()
            .contains("police vehicle")
    );
    assert_eq!(app.counts().await, before);
}

fn edit(reference: &str) -> String {
    format!("/episodes/{reference}/monitoring")
}

async fn officer_health_and_manager_complete_them_in_scope(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[("sex", "male")]).await;
    // The officer of the force.
    let form = app.get(&officer, &edit(&reference)).await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains("value=\"male\" checked");
    let version = app.version(&reference).await.to_string();
    app.set_now(t0() + Duration::minutes(5));
    let r = app
        .post(
            &officer,
            &edit(&reference),
            &[
                ("version", &version),
                ("age_band", "18_24"),
                ("sex", "male"),
                ("transport", "police_vehicle"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/episodes/{reference}"));
    assert_eq!(
        stored(&app, &reference).await,
        (
            Some("18_24".into()),
            Some("male".into()),
            None,
            Some("police_vehicle".into()),
            None
        )
    );
    let (before, after) = last_audit(&app, "monitoring_updated").await;
    assert_eq!(before["age_band"], serde_json::Value::Null);
    assert_eq!(before["sex"], "male");
    assert_eq!(after["age_band"], "18_24");
    assert_eq!(after["transport"], "police_vehicle");
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("Monitoring details updated");
    page.assert_contains("Age band: not recorded to 18 to 24");
    page.assert_contains("<li>Reason a police vehicle was used</li>");
    // Health staff where the person was taken.
    let nurse = app.login("nurse").await;
    let r = app
        .post(
            &nurse,
            &edit(&reference),
            &[
                ("age_band", "18_24"),
                ("sex", "male"),
                ("ethnicity", "asian_indian"),
                ("transport", "police_vehicle"),
                ("police_vehicle_reason", "risk_or_violence"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        stored(&app, &reference).await.2.as_deref(),
        Some("asian_indian")
    );
    let (before, after) = last_audit(&app, "monitoring_updated").await;
    assert_eq!(
        (before["ethnicity"].clone(), after["ethnicity"].clone()),
        (serde_json::Value::Null, json!("asian_indian"))
    );
    // Managers in scope (force, all).
    for (who, sex) in [("manager_wmp", "not_stated"), ("manager_all", "female")] {
        let s = app.login(who).await;
        assert_eq!(app.get(&s, &edit(&reference)).await.status, StatusCode::OK);
        let r = app
            .post(
                &s,
                &edit(&reference),
                &[
                    ("age_band", "18_24"),
                    ("sex", sex),
                    ("ethnicity", "asian_indian"),
                    ("transport", "police_vehicle"),
                    ("police_vehicle_reason", "risk_or_violence"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{who}: {}", r.body);
        assert_eq!(stored(&app, &reference).await.1.as_deref(), Some(sex));
    }
    // Nothing changed: no audit row, no new version.
    let (v, n) = (app.version(&reference).await, app.counts().await);
    let s = app.login("manager_all").await;
    let r = app
        .post(
            &s,
            &edit(&reference),
            &[
                ("age_band", "18_24"),
                ("sex", "female"),
                ("ethnicity", "asian_indian"),
                ("transport", "police_vehicle"),
                ("police_vehicle_reason", "risk_or_violence"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!((app.version(&reference).await, app.counts().await), (v, n));
    // Outside the scope: not found, and nothing changes.
    let before = (stored(&app, &reference).await, app.counts().await);
    for who in ["officer_b", "nurse_b", "nurse_city", "manager_moor"] {
        let s = app.login(who).await;
        assert_eq!(
            app.get(&s, &edit(&reference)).await.status,
            StatusCode::NOT_FOUND,
            "{who}"
        );
        let r = app.post(&s, &edit(&reference), &[("sex", "male")]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{who}");
    }
    // An administrator sees the case but this is not theirs to record.
    let admin = app.login("admin").await;
    assert_eq!(
        app.post(&admin, &edit(&reference), &[("sex", "male")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!((stored(&app, &reference).await, app.counts().await), before);
}

async fn edit_refusals_change_nothing(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app
        .arrive(&officer, "OAK", &[("transport", "ambulance")])
        .await;
    let before = (
        stored(&app, &reference).await,
        app.version(&reference).await,
        app.counts().await,
    );
    let r = app
        .post(
            &officer,
            &edit(&reference),
            &[
                ("transport", "ambulance"),
                ("police_vehicle_reason", "ambulance_not_requested"),
                ("ethnicity", "martian"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("There is a problem");
    r.assert_contains("Only give a reason for using a police vehicle");
    r.assert_contains("Choose the ethnic group from the list");
    r.assert_contains("value=\"ambulance_not_requested\" selected");
    // A stale version is refused.
    let stale = (before.1 - 1).to_string();
    let r = app
        .post(
            &officer,
            &edit(&reference),
            &[("version", &stale), ("sex", "male")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    r.assert_contains("Someone else changed this case");
    // No CSRF token, no change.
    let r = app
        .post(
            &officer,
            &edit(&reference),
            &[("csrf_token", "forged"), ("sex", "male")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        (
            stored(&app, &reference).await,
            app.version(&reference).await,
            app.counts().await
        ),
        before
    );
    // A cancelled case takes nothing more, and offers no link.
    let r = app
        .post(
            &officer,
            &format!("/episodes/{reference}/cancel"),
            &[("reason", "logged twice")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    assert!(!page.body.contains(&edit(&reference)));
    assert!(!page.body.contains("Still missing"));
    let before = (stored(&app, &reference).await, app.counts().await);
    let r = app
        .post(&officer, &edit(&reference), &[("sex", "male")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("was cancelled");
    assert_eq!((stored(&app, &reference).await, app.counts().await), before);
}

async fn the_api_completes_them_with_the_same_rules(app: TestApp) {
    let officer = app.token("officer").await;
    let j = app
        .api(
            "POST",
            "/api/v1/episodes",
            &officer,
            Some(json!({"site": "OAK"})),
        )
        .await
        .json();
    let reference = j["reference"].as_str().unwrap().to_string();
    let version = j["version"].as_i64().unwrap();
    let path = format!("/api/v1/episodes/{reference}/monitoring");
    let nurse = app.token("nurse").await;
    let r = app
        .api(
            "PUT",
            &path,
            &nurse,
            Some(
                json!({"age_band": "65_plus", "sex": "female", "ethnicity": "black_african",
                "transport": "police_vehicle", "police_vehicle_reason": "other",
                "expected_version": version}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let j = r.json();
    assert_eq!(j["monitoring"]["age_band"], "65_plus");
    assert_eq!(j["monitoring"]["police_vehicle_reason"], "other");
    assert_eq!(j["monitoring"]["missing"], json!(["outcome"]));
    assert_eq!(j["version"].as_i64(), Some(version + 1));
    let (before, after) = last_audit(&app, "monitoring_updated").await;
    assert_eq!(
        (before["sex"].clone(), after["sex"].clone()),
        (serde_json::Value::Null, json!("female"))
    );
    let mut outsiders = Vec::new();
    for who in ["officer_b", "nurse_b", "manager_moor"] {
        outsiders.push((who, app.token(who).await));
    }
    let snapshot = (stored(&app, &reference).await, app.counts().await);
    // The same refusals as the page.
    let r = app
        .api(
            "PUT",
            &path,
            &nurse,
            Some(json!({"transport": "ambulance", "police_vehicle_reason": "other"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.json()["error"]["fields"]["police_vehicle_reason"]
            .as_str()
            .unwrap()
            .starts_with("Only give a reason for using a police vehicle")
    );
    let r = app
        .api("PUT", &path, &nurse, Some(json!({"sex": "x"})))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = app
        .api(
            "PUT",
            &path,
            &nurse,
            Some(json!({"sex": "male", "expected_version": version})),
        )
        .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::CONFLICT, "version_conflict")
    );
    for (who, t) in &outsiders {
        let r = app.api("PUT", &path, t, Some(json!({"sex": "male"}))).await;
        assert_eq!(
            (r.status, r.code().as_str()),
            (StatusCode::NOT_FOUND, "not_found"),
            "{who}"
        );
    }
    let r = app
        .api("POST", &path, &nurse, Some(json!({"sex": "male"})))
        .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        (stored(&app, &reference).await, app.counts().await),
        snapshot
    );
    // Absent fields are cleared (the body is the record as it should be).
    let manager = app.token("manager_wmp").await;
    let r = app
        .api("PUT", &path, &manager, Some(json!({"age_band": "65_plus"})))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        stored(&app, &reference).await,
        (Some("65_plus".into()), None, None, None, None)
    );
    let openapi = app
        .get(&crate::common::Sess::anonymous(), "/api/v1/openapi.json")
        .await;
    openapi.assert_contains("/api/v1/episodes/{reference}/monitoring");
}

async fn the_missing_list_follows_the_record(app: TestApp) {
    let token = app.token("officer").await;
    let j = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(json!({"site": "CITYED", "transport": "police_vehicle"})),
        )
        .await
        .json();
    let reference = j["reference"].as_str().unwrap().to_string();
    assert_eq!(
        j["monitoring"]["missing"],
        json!([
            "age_band",
            "sex",
            "ethnicity",
            "police_vehicle_reason",
            "outcome"
        ])
    );
    assert_eq!(
        j["monitoring"]["first_place_of_safety_kind"],
        "emergency_department"
    );
    app.set_now(t0() + Duration::hours(2));
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/end"),
            &token,
            Some(json!({"outcome": "detained_s2"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.json()["monitoring"]["missing"],
        json!(["age_band", "sex", "ethnicity", "police_vehicle_reason"])
    );
    // Still completable after the end of the detention.
    let r = app
        .api(
            "PUT",
            &format!("/api/v1/episodes/{reference}/monitoring"),
            &token,
            Some(
                json!({"age_band": "not_known", "sex": "not_stated", "ethnicity": "not_stated",
                "transport": "police_vehicle", "police_vehicle_reason": "unknown"}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["monitoring"]["missing"], json!([]));
    let officer = app.login("officer").await;
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    assert!(!page.body.contains("Still missing"));
    page.assert_contains("Emergency department");
    // A cancelled case lacks nothing.
    let j = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(json!({"site": "OAK"})),
        )
        .await
        .json();
    let other = j["reference"].as_str().unwrap().to_string();
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{other}/cancel"),
            &token,
            Some(json!({"reason": "test"})),
        )
        .await;
    assert_eq!(r.json()["monitoring"]["missing"], json!([]));
}
