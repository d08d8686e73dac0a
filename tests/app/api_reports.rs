//! `GET /api/v1/reports/summary` is the report page's summary, scoped the same way.

use actix_web::http::StatusCode;
use chrono::Duration;
use serde_json::json;

use crate::both_backends;
use crate::common::{TestApp, t0};
use s136::domain::auth::Scope;
use s136::domain::reports::{self, ReportQuery};

both_backends!(
    api_summary_is_the_report_summary,
    a_stay_left_by_transfer_is_neither_open_nor_handed_over
);

async fn direct(app: &TestApp, scope: Scope) -> serde_json::Value {
    app.db(move |c| {
        let q = ReportQuery {
            from: "2026-11-20".into(),
            to: "2026-11-20".into(),
            ..Default::default()
        };
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let f = reports::parse_filter(c, scope, &q, today).unwrap();
        serde_json::to_value(reports::summary(c, scope, &f).unwrap()).unwrap()
    })
    .await
}

async fn api_summary_is_the_report_summary(app: TestApp) {
    let officer = app.token("officer").await;
    let officer_b = app.token("officer_b").await;
    let nurse = app.token("nurse").await;
    for (token, site, minutes) in [
        (&officer, "OAK", 30),
        (&officer, "OAK", 75),
        (&officer_b, "MOOR", 10),
    ] {
        app.set_now(t0());
        let r = app
            .api(
                "POST",
                "/api/v1/episodes",
                token,
                Some(json!({"site": site})),
            )
            .await;
        let reference = r.json()["reference"].as_str().unwrap().to_string();
        app.set_now(t0() + Duration::minutes(minutes));
        let handover_by = if site == "OAK" {
            nurse.clone()
        } else {
            app.token("nurse_b").await
        };
        let body = if minutes > 60 {
            json!({"delay_reason": "insufficient_staff"})
        } else {
            json!({})
        };
        let r = app
            .api(
                "POST",
                &format!("/api/v1/episodes/{reference}/handover"),
                &handover_by,
                Some(body),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let url = "/api/v1/reports/summary?from=2026-11-20&to=2026-11-20";
    let all = app
        .api("GET", url, &app.token("manager_all").await, None)
        .await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert_eq!(all.json(), direct(&app, Scope::All).await);
    assert_eq!(all.json()["episodes"], 3);
    assert_eq!(all.json()["breaches"], 1);
    let wmp_id = app
        .db(|c| s136::db::orgs::force_by_code(c, "WMP").unwrap().unwrap().id)
        .await;
    let wmp = app
        .api("GET", url, &app.token("manager_wmp").await, None)
        .await;
    assert_eq!(wmp.json(), direct(&app, Scope::Force(wmp_id)).await);
    assert_eq!(
        wmp.json()["episodes"],
        2,
        "another force's figures are not in a force manager's summary"
    );
    let forced = app
        .api(
            "GET",
            &format!("{url}&force=WYP"),
            &app.token("manager_wmp").await,
            None,
        )
        .await;
    assert_eq!(
        forced.code(),
        "validation_failed",
        "another force's figures are refused by name"
    );
    assert!(forced.json()["error"]["fields"]["force"].is_string());
    assert_eq!(
        app.api("GET", url, &officer, None).await.code(),
        "forbidden"
    );
    let bad = app
        .api(
            "GET",
            "/api/v1/reports/summary?from=2026-02-30",
            &app.token("manager_all").await,
            None,
        )
        .await;
    assert_eq!(
        (bad.status.as_u16(), bad.code().as_str()),
        (422, "validation_failed")
    );
    assert!(bad.json()["error"]["fields"]["from"].is_string());
    assert_eq!(
        app.api("GET", url, "nope", None).await.code(),
        "unauthorized"
    );
}

async fn a_stay_left_by_transfer_is_neither_open_nor_handed_over(app: TestApp) {
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
    app.set_now(t0() + Duration::minutes(90));
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/transfer"),
            &officer,
            Some(json!({"site": "CITYED"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let s = direct(&app, Scope::All).await;
    assert_eq!(
        (
            s["episodes"].as_i64(),
            s["open"].as_i64(),
            s["handed_over"].as_i64()
        ),
        (Some(1), Some(1), Some(0))
    );
    assert_eq!(
        s["breaches"], 0,
        "breaches are counted on handed-over stays"
    );
}
