use actix_web::http::StatusCode;

use crate::both_backends;
use crate::common::TestApp;

both_backends!(
    officer_logs_an_arrival_and_sees_the_case,
    the_form_remembers_the_last_place_of_safety,
    a_resubmitted_form_creates_one_case,
    every_bad_field_is_refused_with_its_message,
    a_late_arrival_needs_a_reason_and_can_be_a_breach,
    arrival_needs_the_form_token,
    officer_and_case_pages_in_welsh,
);

async fn officer_logs_an_arrival_and_sees_the_case(app: TestApp) {
    let s = app.login("officer").await;
    let form = app.get(&s, "/episodes/new").await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains("value=\"4521\""); // collar number from the profile
    let reference = app.arrive(&s, "OAK", &[("officers", "3")]).await;
    assert_eq!(reference, "S136-2026-000001");
    let case = app.get(&s, &format!("/episodes/{reference}")).await;
    assert_eq!(case.status, StatusCode::OK);
    case.assert_contains(&reference);
    case.assert_contains("Awaiting handover");
    case.assert_contains("Waiting <span data-elapsed-since=\"2026-11-20T12:00:00Z\">0h 00m</span>");
    case.assert_contains("Handover target Fri 20 Nov 2026, 13:00");
    case.assert_contains("Arrival logged");
    case.assert_contains("PC Sam Patel");
    // The officer's home lists it, and 37 minutes later the clock has moved.
    app.set_now(crate::common::t0() + chrono::Duration::minutes(37));
    let home = app.get(&s, "/officer").await;
    home.assert_contains(&reference);
    home.assert_contains("0h 37m");
    home.assert_contains("30 to 45 min");
    assert_eq!(app.counts().await.0, 1);
}

async fn the_form_remembers_the_last_place_of_safety(app: TestApp) {
    let s = app.login("officer").await;
    app.arrive(&s, "CITYED", &[]).await;
    let form = app.get(&s, "/episodes/new").await;
    form.assert_contains("<option value=\"CITYED\" selected>");
}

async fn a_resubmitted_form_creates_one_case(app: TestApp) {
    let s = app.login("officer").await;
    let form = [
        ("site", "OAK"),
        ("arrival", "now"),
        ("form_token", "tok-123"),
    ];
    let first = app.post(&s, "/episodes", &form).await;
    let second = app.post(&s, "/episodes", &form).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert_eq!(second.location(), first.location());
    let (episodes, stays, audit) = app.counts().await;
    assert_eq!((episodes, stays), (1, 1));
    // Two user-set-up rows are not per-episode; one arrival row.
    let arrivals = app
        .db(|c| {
            use diesel::prelude::*;
            use s136::schema::audit_events::dsl::*;
            audit_events
                .filter(action.eq("arrival_logged"))
                .count()
                .get_result::<i64>(c)
                .unwrap()
        })
        .await;
    assert_eq!(arrivals, 1);
    assert!(audit > 1);
    // The same token from another officer is a different submission.
    let other = app.login("officer2").await;
    let r = app.post(&other, "/episodes", &form).await;
    assert_ne!(r.location(), first.location());
}

async fn every_bad_field_is_refused_with_its_message(app: TestApp) {
    let s = app.login("officer").await;
    let long = "x".repeat(1001);
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![("site", "")], "Choose the place of safety"),
        (
            vec![("site", "NOPE")],
            "Choose a place of safety from the list",
        ),
        (
            vec![("arrival", "earlier"), ("arrived_at", "")],
            "Enter the arrival time",
        ),
        (
            vec![("arrival", "earlier"), ("arrived_at", "yesterday")],
            "Enter the arrival time as a date and time",
        ),
        (
            vec![("arrival", "earlier"), ("arrived_at", "2026-11-20T12:03")],
            "Arrival time cannot be in the future",
        ),
        (
            vec![
                ("arrival", "earlier"),
                ("arrived_at", "2026-11-19T11:59"),
                ("backdate_reason", "late"),
            ],
            "within the last 24 hours",
        ),
        (
            vec![("arrival", "earlier"), ("arrived_at", "2026-11-20T11:49")],
            "Give a reason for logging the arrival 0h 11m after it happened",
        ),
        (vec![("collar_number", "")], "Enter your collar number"),
        (
            vec![("collar_number", "45 21")],
            "Enter a collar number of up to 12 letters and numbers",
        ),
        (
            vec![("officers", "two")],
            "Enter the number of officers as a whole number",
        ),
        (vec![("officers", "0")], "from 1 to 20"),
        (vec![("officers", "21")], "from 1 to 20"),
        (
            vec![("detained_at", "2026-11-20T12:30")],
            "before the arrival time",
        ),
        (
            vec![("detained_at", "2026-11-19T11:00")],
            "within 24 hours before the arrival",
        ),
        (
            vec![("detained_at", "noon")],
            "time the power was used as a date and time",
        ),
        (
            vec![("notes", long.as_str())],
            "Notes must be 1000 characters or fewer",
        ),
    ];
    let before = app.counts().await;
    for (fields, message) in cases {
        let mut form = vec![
            ("site", "OAK"),
            ("arrival", "now"),
            ("collar_number", "4521"),
            ("form_token", ""),
        ];
        for (k, v) in &fields {
            form.retain(|(fk, _)| fk != k);
            form.push((k, v));
        }
        let r = app.post(&s, "/episodes", &form).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        r.assert_contains("There is a problem");
        r.assert_contains(&message.replace('\'', "&#39;"));
        // What was typed comes back.
        let (k, v) = fields[fields.len() - 1];
        if k != "arrival" && k != "site" && !v.is_empty() && v.len() < 100 {
            assert!(r.body.contains(v), "{k}={v} not kept");
        }
    }
    assert_eq!(
        app.counts().await,
        before,
        "refused submissions changed nothing"
    );
}

async fn a_late_arrival_needs_a_reason_and_can_be_a_breach(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app
        .arrive(
            &officer,
            "OAK",
            &[
                ("arrival", "earlier"),
                ("arrived_at", "2026-11-20T10:45"),
                ("backdate_reason", "No signal at the hospital"),
            ],
        )
        .await;
    let case = app.get(&officer, &format!("/episodes/{reference}")).await;
    case.assert_contains("1h 15m");
    case.assert_contains("Breach");
    case.assert_contains("Logged late: No signal at the hospital");
    let board = app.get(&app.login("nurse").await, "/board").await;
    board.assert_contains(&reference);
    board.assert_contains("nhsuk-tag--red\">Breach");
    board.assert_contains("1 past the one-hour target");
    // app.js refreshes the board in place every 30 s; without JavaScript the page reloads itself.
    board.assert_contains("data-refresh-every=\"30\"");
    board.assert_contains("<noscript><meta http-equiv=\"refresh\" content=\"30\"></noscript>");
}

async fn arrival_needs_the_form_token(app: TestApp) {
    let s = app.login("officer").await;
    let before = app.counts().await;
    let r = app
        .post(
            &s,
            "/episodes",
            &[
                ("site", "OAK"),
                ("arrival", "now"),
                ("csrf_token", "forged"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .post(
            &s,
            "/episodes",
            &[("site", "OAK"), ("arrival", "now"), ("csrf_token", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.counts().await, before);
}
async fn officer_and_case_pages_in_welsh(app: TestApp) {
    let s = app.login("officer").await;
    let reference = app.arrive(&s, "OAK", &[]).await;
    let home = app.get_in(&s, "/officer", "cy").await;
    assert_eq!(home.status, StatusCode::OK);
    home.assert_contains("lang=\"cy\"");
    home.assert_contains("Achosion agored eich heddlu");
    home.assert_contains("Eich achosion");
    home.assert_contains("Yn aros am drosglwyddo");
    let case = app
        .get_in(&s, &format!("/episodes/{reference}"), "cy")
        .await;
    assert_eq!(case.status, StatusCode::OK);
    case.assert_contains("lang=\"cy\"");
    case.assert_contains("Achos adran 136");
    case.assert_contains("Llinell amser");
    let text = case.body.replace("&#39;", "'");
    assert!(text.contains("Cyrhaeddiad wedi'i gofnodi"), "{text}");
    // The legal clock: 24 hours from 12:00 today ends at 12:00 tomorrow.
    assert!(
        text.contains("Daw'r awdurdod cadw i ben am 12:00 yfory (ymhen 24 awr 00 mun)"),
        "{text}"
    );
    // A bad arrival form: the field error in Welsh.
    let r = app
        .send(
            actix_web::test::TestRequest::post()
                .uri("/episodes")
                .insert_header(("cookie", s.cookie.clone()))
                .insert_header(("accept-language", "cy"))
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .set_payload(
                    serde_urlencoded::to_string([
                        ("csrf_token", s.csrf.as_str()),
                        ("form_token", "cy-form"),
                        ("site", ""),
                        ("arrival", "now"),
                        ("kind", "s136"),
                    ])
                    .unwrap(),
                ),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    r.assert_contains("lang=\"cy\"");
    r.assert_contains("Dewiswch y man diogel");
    r.assert_contains("Cofnodi cyrhaeddiad");
    assert!(!r.body.contains("Choose the place of safety"), "{}", r.body);
    // Every key these pages asked for is in the catalogues.
    let missed: Vec<String> = s136::i18n::misses()
        .into_iter()
        .filter(|m| m.starts_with("case-"))
        .collect();
    assert!(missed.is_empty(), "{missed:?}");
}

/// The case pages' catalogues parse, and each language has the same keys.
#[test]
fn case_catalogues_parse_and_match() {
    use fluent_templates::fluent_bundle::FluentResource;
    let keys = |lang: &str| {
        let text = std::fs::read_to_string(format!(
            "{}/locales/{lang}/cases.ftl",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        if let Err((_, errors)) = FluentResource::try_new(text.clone()) {
            panic!("{lang}/cases.ftl: {errors:?}");
        }
        text.lines()
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.to_string()))
            .filter(|k| k.starts_with("case-"))
            .collect::<std::collections::BTreeSet<_>>()
    };
    let (en, cy) = (keys("en"), keys("cy"));
    assert!(en.len() > 600);
    assert_eq!(
        en.symmetric_difference(&cy).collect::<Vec<_>>(),
        Vec::<&String>::new()
    );
}
