//! Arrivals saved on a phone and sent later (#13): the tap time within the
//! window, the clock correction, "once", Now/Earlier, typed dates, and the
//! officer's own cases first.

use actix_web::http::StatusCode;
use chrono::Duration;
use serde_json::json;

use crate::both_backends;
use crate::common::{TestApp, t0};

both_backends!(
    a_queued_arrival_keeps_the_tap_time_without_a_late_reason,
    capture_times_outside_the_window_are_refused,
    the_phone_clock_is_corrected_by_the_measured_offset,
    a_late_reason_counts_from_the_tap,
    a_reused_form_with_other_details_is_refused_not_merged,
    the_form_survives_back_and_the_shell_has_no_token,
    just_now_with_a_typed_time_is_refused_on_every_form,
    dates_typed_the_british_way_are_read,
    the_api_takes_a_capture_time,
    officers_see_their_own_cases_first_and_can_search,
    the_service_worker_and_manifest_are_served,
    the_script_gets_the_reference_instead_of_a_redirect,
);

fn ms(t: chrono::DateTime<chrono::Utc>) -> String {
    t.timestamp_millis().to_string()
}

/// The stay's arrival time and the arrival's audit row, for `reference`.
async fn arrival_of(app: &TestApp, reference: &str) -> (chrono::NaiveDateTime, serde_json::Value) {
    let reference = reference.to_string();
    app.db(move |c| {
        use diesel::prelude::*;
        use s136::schema::{audit_events, episodes, stays};
        let (id, arrived): (i64, chrono::NaiveDateTime) = stays::table
            .inner_join(episodes::table)
            .filter(episodes::reference.eq(&reference))
            .select((episodes::id, stays::arrived_at))
            .first(c)
            .unwrap();
        let after: Option<String> = audit_events::table
            .filter(audit_events::episode_id.eq(id))
            .filter(audit_events::action.eq("arrival_logged"))
            .select(audit_events::after_json)
            .first(c)
            .unwrap();
        (arrived, serde_json::from_str(&after.unwrap()).unwrap())
    })
    .await
}

async fn a_queued_arrival_keeps_the_tap_time_without_a_late_reason(app: TestApp) {
    let s = app.login("officer").await;
    // Tapped at 12:00 with no signal; received at 12:12.
    app.set_now(t0() + Duration::minutes(12));
    let tap = ms(t0() + Duration::seconds(5));
    let r = app
        .post(
            &s,
            "/episodes",
            &[
                ("site", "OAK"),
                ("arrival", "now"),
                ("form_token", "phone-aaa"),
                ("captured_at", &tap),
                ("clock_offset", "0"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let reference = r.location().trim_start_matches("/episodes/").to_string();
    let (arrived, audit) = arrival_of(&app, &reference).await;
    assert_eq!(arrived, (t0() + Duration::seconds(5)).naive_utc());
    assert_eq!(audit["captured_at"], "2026-11-20T12:00:05Z");
    assert_eq!(audit["received_at"], "2026-11-20T12:12:00Z");
    assert_eq!(audit["backdate_reason"], serde_json::Value::Null);
    let case = app.get(&s, &format!("/episodes/{reference}")).await;
    case.assert_contains("recorded on the phone at 12:00, received 12:12");
    // Sent again (the answer never reached the phone): the same case.
    let again = app
        .post(
            &s,
            "/episodes",
            &[
                ("site", "OAK"),
                ("arrival", "now"),
                ("form_token", "phone-aaa"),
                ("captured_at", &ms(t0() + Duration::minutes(3))),
                ("clock_offset", "0"),
            ],
        )
        .await;
    assert_eq!(again.location(), r.location());
    assert_eq!(app.counts().await.0, 1);
}

async fn post_capture(
    app: &TestApp,
    s: &crate::common::Sess,
    token: &str,
    tap: &str,
    offset: &str,
) -> crate::common::Resp {
    app.post(
        s,
        "/episodes",
        &[
            ("site", "OAK"),
            ("arrival", "now"),
            ("form_token", token),
            ("captured_at", tap),
            ("clock_offset", offset),
        ],
    )
    .await
}

async fn capture_times_outside_the_window_are_refused(app: TestApp) {
    let s = app.login("officer").await;
    let now = t0();
    // Exactly 24 hours old, and exactly 2 minutes ahead: both accepted.
    let r = post_capture(&app, &s, "e1", &ms(now - Duration::hours(24)), "0").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = post_capture(&app, &s, "e2", &ms(now + Duration::minutes(2)), "0").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // A second more either way: refused, saying what to do.
    let r = post_capture(
        &app,
        &s,
        "e3",
        &ms(now - Duration::hours(24) - Duration::seconds(1)),
        "0",
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("This arrival was saved on the phone at Thu 19 Nov 2026, 11:59, more than 24 hours ago. Ask a manager to record it");
    let r = post_capture(
        &app,
        &s,
        "e4",
        &ms(now + Duration::minutes(2) + Duration::seconds(1)),
        "0",
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("The phone&#39;s clock said 12:02, later than the time now, 12:00. Choose Earlier and enter the arrival time");
    // The refused capture is not carried into the form shown again.
    assert!(!r.body.contains("name=\"captured_at\""), "{}", r.body);
    // Unreadable: refused, not ignored.
    let r = post_capture(&app, &s, "e5", "yesterday", "0").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("could not be read");
    assert_eq!(app.counts().await.0, 2);
}

async fn the_phone_clock_is_corrected_by_the_measured_offset(app: TestApp) {
    let s = app.login("officer").await;
    app.set_now(t0() + Duration::minutes(20));
    // The phone's clock is an hour fast; the page measured it (server minus
    // phone = -1 h), so the tap at 12:00 server time reads 13:00 on the phone.
    let phone_tap = t0() + Duration::hours(1);
    let r = post_capture(&app, &s, "k1", &ms(phone_tap), "-3600000").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let reference = r.location().trim_start_matches("/episodes/").to_string();
    let (arrived, audit) = arrival_of(&app, &reference).await;
    assert_eq!(arrived, t0().naive_utc());
    assert_eq!(audit["clock_offset_ms"], -3_600_000);
    // Not measured: the fast clock is 40 minutes ahead of the server, refused.
    let r = post_capture(&app, &s, "k2", &ms(phone_tap), "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("later than the time now");
    // An offset beyond a day is no correction at all.
    let r = post_capture(&app, &s, "k3", &ms(t0()), &(25 * 3_600_000i64).to_string()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("more than 24 hours out");
    assert_eq!(app.counts().await.0, 1);
}

async fn a_late_reason_counts_from_the_tap(app: TestApp) {
    let s = app.login("officer").await;
    // Recorded on the phone at 12:00, sent at 13:00.
    app.set_now(t0() + Duration::hours(1));
    let tap = ms(t0());
    let earlier = |at: &str, token: &str| -> Vec<(String, String)> {
        [
            ("site", "OAK"),
            ("arrival", "earlier"),
            ("arrived_at", at),
            ("form_token", token),
            ("captured_at", tap.as_str()),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    };
    // 11:55 (5 minutes before the tap, 65 before now): no reason needed.
    let f = earlier("2026-11-20T11:55", "r1");
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = app.post(&s, "/episodes", &f).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // 11:45 (15 minutes before the tap): the reason is asked for those 15.
    let f = earlier("2026-11-20T11:45", "r2");
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = app.post(&s, "/episodes", &f).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Give a reason for logging the arrival 0h 15m after it happened");
    // The form shown again keeps the tap for the next try.
    r.assert_contains(&format!("name=\"captured_at\" value=\"{tap}\""));
}

async fn a_reused_form_with_other_details_is_refused_not_merged(app: TestApp) {
    let s = app.login("officer").await;
    let first = [
        ("site", "OAK"),
        ("arrival", "now"),
        ("form_token", "back-1"),
    ];
    let r = app.post(&s, "/episodes", &first).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let reference = r.location().trim_start_matches("/episodes/").to_string();
    // Back, then the same details again: the same case.
    let again = app.post(&s, "/episodes", &first).await;
    assert_eq!(again.location(), r.location());
    // Back, then someone else's details on the same form: refused.
    let other = [
        ("site", "CITYED"),
        ("arrival", "now"),
        ("form_token", "back-1"),
        ("officers", "3"),
    ];
    let refused = app.post(&s, "/episodes", &other).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    refused.assert_contains(&format!("This form already logged case {reference}"));
    // What was entered is kept, under a new token: sending it makes a new case.
    refused.assert_contains("<option value=\"CITYED\" selected>");
    assert!(!refused.body.contains("value=\"back-1\""));
    let token = refused
        .body
        .split("name=\"form_token\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    assert_eq!(app.counts().await.0, 1);
    let r2 = app
        .post(
            &s,
            "/episodes",
            &[
                ("site", "CITYED"),
                ("arrival", "now"),
                ("form_token", &token),
                ("officers", "3"),
            ],
        )
        .await;
    assert_eq!(r2.status, StatusCode::SEE_OTHER);
    assert_ne!(r2.location(), r.location());
    assert_eq!(app.counts().await.0, 2);
}

async fn the_form_survives_back_and_the_shell_has_no_token(app: TestApp) {
    let s = app.login("officer").await;
    let form = app.get(&s, "/episodes/new").await;
    assert_eq!(
        form.headers.get("cache-control").unwrap(),
        "private, no-cache",
        "Back must show the same form (same token), so not no-store"
    );
    form.assert_contains(&format!("data-server-time=\"{}\"", t0().timestamp_millis()));
    assert!(!form.body.contains("name=\"form_token\" value=\"\""));
    let shell = app.get(&s, "/episodes/new?shell=1").await;
    assert_eq!(shell.status, StatusCode::OK);
    shell.assert_contains("name=\"form_token\" value=\"\"");
    shell.assert_contains("data-server-time=\"0\"");
    // Other pages are still not stored.
    let home = app.get(&s, "/officer").await;
    assert_eq!(home.headers.get("cache-control").unwrap(), "no-store");
}

async fn just_now_with_a_typed_time_is_refused_on_every_form(app: TestApp) {
    let s = app.login("officer").await;
    let r = app
        .post(
            &s,
            "/episodes",
            &[
                ("site", "OAK"),
                ("arrival", "now"),
                ("arrived_at", "2026-11-20T11:19"),
                ("form_token", "jn-1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("You chose &#34;Just now&#34; and also entered a time. Choose &#34;Earlier&#34; to use the time you entered, or clear the time to use the time now");
    r.assert_contains("value=\"2026-11-20T11:19\"");
    assert_eq!(app.counts().await.0, 0);
    // The same macro on a case form: police left.
    let reference = app.arrive(&s, "OAK", &[]).await;
    let v = app.version(&reference).await.to_string();
    let r = app
        .post(
            &s,
            &format!("/episodes/{reference}/police-left"),
            &[
                ("when", "now"),
                ("left_at", "2026-11-20T11:59"),
                ("version", &v),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    r.assert_contains("You chose &#34;Just now&#34; and also entered a time");
}

async fn dates_typed_the_british_way_are_read(app: TestApp) {
    let s = app.login("officer").await;
    let r = app
        .post(
            &s,
            "/episodes",
            &[
                ("site", "OAK"),
                ("arrival", "earlier"),
                ("arrived_at", "20/11/2026 11:55"),
                ("form_token", "uk-1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let reference = r.location().trim_start_matches("/episodes/").to_string();
    let (arrived, _) = arrival_of(&app, &reference).await;
    assert_eq!(arrived, (t0() - Duration::minutes(5)).naive_utc());
    // Unreadable: what was typed comes back, in a text field, with the
    // British example.
    for typed in ["2026-12-01T24:00", "yesterday 3pm"] {
        let r = app
            .post(
                &s,
                "/episodes",
                &[
                    ("site", "OAK"),
                    ("arrival", "earlier"),
                    ("arrived_at", typed),
                    ("form_token", "uk-2"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        r.assert_contains(&format!(
            "name=\"arrived_at\" type=\"text\" value=\"{typed}\""
        ));
        r.assert_contains(
            "Enter the arrival time as a date and time, for example 21/11/2026 14:05",
        );
    }
    let form = app.get(&s, "/episodes/new").await;
    form.assert_contains("Up to 24 hours ago. For example, 21/11/2026 14:05");
    form.assert_contains("name=\"arrived_at\" type=\"datetime-local\"");
}

async fn the_api_takes_a_capture_time(app: TestApp) {
    let token = app.token("officer").await;
    app.set_now(t0() + Duration::minutes(30));
    let body = json!({
        "site": "OAK",
        "client_ref": "api-phone-1",
        "captured_at": "2026-11-20T13:00:07+00:00",
        "clock_offset_ms": -3_600_000,
    });
    let r = app
        .api("POST", "/api/v1/episodes", &token, Some(body))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["arrived_at"], "2026-11-20T12:00:07Z");
    // The same client_ref with other details: 409, never merged.
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(json!({"site": "CITYED", "client_ref": "api-phone-1"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.code(), "conflict");
    // Too old after the correction.
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(json!({"site": "OAK", "captured_at": "2026-11-19T12:29:00Z"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(json!({"site": "OAK", "captured_at": "2026-11-20T12:29:00Z", "clock_offset_ms": 90_000_000i64})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(app.counts().await.0, 1);
}

async fn officers_see_their_own_cases_first_and_can_search(app: TestApp) {
    let me = app.login("officer").await;
    let other = app.login("officer2").await;
    let theirs = app.arrive(&other, "OAK", &[]).await;
    let mine = app.arrive(&me, "OAK", &[]).await;
    let home = app.get(&me, "/officer").await;
    let (own, rest) = home
        .body
        .split_once("Other open cases in your force")
        .unwrap();
    assert!(own.contains("Your cases") && own.contains(&mine) && !own.contains(&theirs));
    assert!(rest.contains(&theirs) && !rest.contains(&mine));
    // Search by reference (part of it) and by collar number.
    let tail = &theirs[theirs.len() - 6..];
    let found = app.get(&me, &format!("/officer?q={tail}")).await;
    assert!(found.body.contains(&theirs) && !found.body.contains(&mine));
    let by_collar = app.get(&me, "/officer?q=4521").await;
    assert!(by_collar.body.contains(&mine) && !by_collar.body.contains(&theirs));
    let none = app.get(&me, "/officer?q=nothing%25").await;
    none.assert_contains("None of your open cases match.");
    // Managers search /cases the same way.
    let manager = app.login("manager_wmp").await;
    let r = app
        .get(&manager, &format!("/cases?q={}", mine.to_lowercase()))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(&mine) && !r.body.contains(&theirs));
    r.assert_contains("<strong>1</strong> stay matches");
}

async fn the_service_worker_and_manifest_are_served(app: TestApp) {
    let s = app.login("officer").await;
    let sw = app.get(&s, "/sw.js").await;
    assert_eq!(sw.status, StatusCode::OK);
    assert_eq!(sw.headers.get("cache-control").unwrap(), "no-cache");
    assert!(
        sw.headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(sw.body.starts_with(&format!(
        "const ASSETS = \"{}\";",
        s136::web::assets::prefix()
    )));
    let home = app.get(&s, "/officer").await;
    home.assert_contains("<link rel=\"manifest\" href=\"/assets/manifest.json\">");
    home.assert_contains("/offline.js\"></script>");
    let manifest = app.get(&s, "/assets/manifest.json").await;
    let m: serde_json::Value = serde_json::from_str(&manifest.body).unwrap();
    assert_eq!(m["start_url"], "/officer");
    assert_eq!(m["display"], "standalone");
    // Health staff get no offline queue.
    let health = app.login("nurse").await;
    let board = app.get(&health, "/board").await;
    assert!(!board.body.contains("offline.js"));
}

async fn the_script_gets_the_reference_instead_of_a_redirect(app: TestApp) {
    let s = app.login("officer").await;
    let body = serde_urlencoded::to_string([
        ("site", "OAK"),
        ("arrival", "now"),
        ("form_token", "js-1"),
        ("captured_at", &ms(t0())),
        ("clock_offset", "12"),
        ("csrf_token", &s.csrf),
    ])
    .unwrap();
    let send = || {
        actix_web::test::TestRequest::post()
            .uri("/episodes")
            .insert_header(("cookie", s.cookie.clone()))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .insert_header(("x-s136-send", "1"))
            .set_payload(body.clone())
    };
    let r = app.send(send()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.headers.get("x-s136-case").unwrap(), "S136-2026-000001");
    // Sent again from the queue: the same case.
    let again = app.send(send()).await;
    assert_eq!(
        again.headers.get("x-s136-case").unwrap(),
        "S136-2026-000001"
    );
    assert_eq!(app.counts().await.0, 1);
}
