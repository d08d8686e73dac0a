//! The detention clock (24 h from the first arrival) and its extensions (s136B).

use actix_web::http::StatusCode;
use chrono::Duration;
use serde_json::json;

use crate::both_backends;
use crate::common::{PASSWORD, TestApp, t0};

both_backends!(
    clock_shows_on_case_and_board_with_levels,
    transfer_does_not_restart_the_clock,
    extensions_move_the_end_up_to_twelve_hours,
    no_extension_after_expiry,
    extension_input_is_validated,
    extensions_only_by_health_staff_where_the_person_is,
    police_station_extension_needs_a_superintendent,
    extensions_by_api,
);

fn extend(reference: &str) -> String {
    format!("/episodes/{reference}/extend")
}

fn ext<'a>(name: &'a str, hours: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("authorised_by_name", name),
        ("when", "now"),
        ("hours", hours),
        ("reason", "assessment_impracticable"),
    ]
}

async fn clock_shows_on_case_and_board_with_levels(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let nurse = app.login("nurse").await;
    let case = format!("/episodes/{reference}");
    app.set_now(t0() + Duration::hours(2) + Duration::minutes(55));
    let page = app.get(&officer, &case).await;
    page.assert_contains("Detention authority ends at 12:00 tomorrow (in 21h 05m)");
    page.assert_contains("app-detention--ok");
    app.get(&nurse, "/board")
        .await
        .assert_contains("Detention authority ends at 12:00 tomorrow (in 21h 05m)");
    // Handover does not stop the legal clock.
    let r = app
        .post(
            &nurse,
            &format!("{case}/handover"),
            &[("when", "now"), ("delay_reason", "insufficient_staff")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.set_now(t0() + Duration::hours(19) + Duration::minutes(59));
    let nurse = app.login("nurse").await; // sessions end after 12 idle hours
    app.get(&nurse, &case)
        .await
        .assert_contains("app-detention--ok");
    app.set_now(t0() + Duration::hours(20));
    let nurse = app.login("nurse").await; // sessions end after 12 idle hours
    let page = app.get(&nurse, &case).await;
    page.assert_contains("app-detention--amber");
    page.assert_contains("Detention authority ends at 12:00 today (in 4h 00m)");
    app.set_now(t0() + Duration::hours(23));
    let nurse = app.login("nurse").await; // sessions end after 12 idle hours
    app.get(&nurse, &case)
        .await
        .assert_contains("app-detention--red");
    app.set_now(t0() + Duration::hours(24) + Duration::minutes(10));
    let nurse = app.login("nurse").await; // sessions end after 12 idle hours
    let page = app.get(&nurse, &case).await;
    page.assert_contains("app-detention--expired");
    page.assert_contains("Detention authority ended at 12:00 today (0h 10m ago)");
}

async fn transfer_does_not_restart_the_clock(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    app.set_now(t0() + Duration::hours(5));
    let r = app
        .post(
            &officer,
            &format!("/episodes/{reference}/transfer"),
            &[("site", "CITYED"), ("left", "now"), ("arrival", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let city = app.login("nurse_city").await;
    app.get(&city, &format!("/episodes/{reference}"))
        .await
        .assert_contains("Detention authority ends at 12:00 tomorrow (in 19h 00m)");
    app.get(&city, "/board")
        .await
        .assert_contains("Detention authority ends at 12:00 tomorrow (in 19h 00m)");
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
    assert_eq!(j["detention_starts_at"], "2026-11-20T12:00:00Z");
    assert_eq!(j["detention_ends_at"], "2026-11-21T12:00:00Z");
}

async fn extensions_move_the_end_up_to_twelve_hours(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    app.set_now(t0() + Duration::hours(22));
    let nurse = app.login("nurse").await; // sessions end after 12 idle hours
    let form = app.get(&nurse, &extend(&reference)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        !form.body.contains("superintendent_name"),
        "not a police station"
    );
    let r = app
        .post(&nurse, &extend(&reference), &ext("Dr Priya Rao", "6"))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&nurse, &format!("/episodes/{reference}")).await;
    page.assert_contains("Detention authority ends at 18:00 today (in 8h 00m)");
    page.assert_contains("Dr Priya Rao");
    page.assert_contains("6 hours");
    page.assert_contains("Detention extended");
    let before = app.counts().await;
    let r = app
        .post(&nurse, &extend(&reference), &ext("Dr Priya Rao", "7"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains(
        "Extensions can total at most 12 hours; 6 already granted, so enter at most 6",
    );
    assert_eq!(app.counts().await, before);
    let r = app
        .post(&nurse, &extend(&reference), &ext("Dr Priya Rao", "6"))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.get(&nurse, &format!("/episodes/{reference}"))
        .await
        .assert_contains("Detention authority ends at 00:00 tomorrow (in 14h 00m)");
    let r = app
        .post(&nurse, &extend(&reference), &ext("Dr Priya Rao", "1"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("12 already granted, so enter at most 0");
    let n = app
        .db(|c| {
            use diesel::prelude::*;
            s136::schema::extensions::table
                .count()
                .get_result::<i64>(c)
                .unwrap()
        })
        .await;
    assert_eq!(n, 2);
}

async fn no_extension_after_expiry(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    app.set_now(t0() + Duration::hours(24) + Duration::minutes(1));
    let nurse = app.login("nurse").await; // sessions end after 12 idle hours
    let before = app.counts().await;
    let r = app
        .post(&nurse, &extend(&reference), &ext("Dr Priya Rao", "2"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("The detention authority ran out at Sat 21 Nov 2026, 12:00");
    assert_eq!(app.counts().await, before);
    // Authorised in time but recorded a little late is accepted.
    let mut form = ext("Dr Priya Rao", "2");
    form.retain(|(k, _)| *k != "when");
    form.push(("when", "earlier"));
    form.push(("authorised_at", "2026-11-21T11:50"));
    let r = app.post(&nurse, &extend(&reference), &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.get(&nurse, &format!("/episodes/{reference}"))
        .await
        .assert_contains("Detention authority ends at 14:00 today (in 1h 59m)");
}

async fn extension_input_is_validated(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    app.set_now(t0() + Duration::hours(20));
    let nurse = app.login("nurse").await; // sessions end after 12 idle hours
    let before = app.counts().await;
    for (form, msg) in [
        (
            ext("", "2"),
            "Enter the name of the registered medical practitioner",
        ),
        (ext("Dr Rao", ""), "Enter the number of hours, from 1 to 12"),
        (
            ext("Dr Rao", "0"),
            "Enter the number of hours, from 1 to 12",
        ),
        (
            ext("Dr Rao", "13"),
            "Enter the number of hours, from 1 to 12",
        ),
        (
            ext("Dr Rao", "two"),
            "Enter the number of hours as a whole number",
        ),
        (
            vec![
                ("authorised_by_name", "Dr Rao"),
                ("when", "now"),
                ("hours", "2"),
            ],
            "Choose the reason for the extension",
        ),
        (
            vec![
                ("authorised_by_name", "Dr Rao"),
                ("when", "now"),
                ("hours", "2"),
                ("reason", "waiting_for_a_bed"),
            ],
            "Choose the reason for the extension from the list",
        ),
        (
            vec![
                ("authorised_by_name", "Dr Rao"),
                ("when", "now"),
                ("hours", "2"),
                ("reason", "other"),
            ],
            "Describe the reason for the extension",
        ),
        (
            vec![
                ("authorised_by_name", "Dr Rao"),
                ("when", "earlier"),
                ("authorised_at", "2026-11-20T11:00"),
                ("hours", "2"),
                ("reason", "assessment_impracticable"),
            ],
            "Enter a time the extension was authorised that is after the arrival at the first place of safety",
        ),
    ] {
        let r = app.post(&nurse, &extend(&reference), &form).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{form:?}");
        r.assert_contains(msg);
    }
    assert_eq!(app.counts().await, before, "refusals change nothing");
}

async fn extensions_only_by_health_staff_where_the_person_is(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    app.set_now(t0() + Duration::hours(20));
    let officer = app.login("officer").await; // sessions end after 12 idle hours
    let before = app.counts().await;
    let r = app
        .post(&officer, &extend(&reference), &ext("Dr Rao", "2"))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    for user in ["nurse_b", "nurse_city", "officer_b"] {
        let s = app.login(user).await;
        let r = app.post(&s, &extend(&reference), &ext("Dr Rao", "2")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{user}");
    }
    // After a transfer, the origin's staff can see the case but not extend it.
    let r = app
        .post(
            &officer,
            &format!("/episodes/{reference}/transfer"),
            &[("site", "CITYED"), ("left", "now"), ("arrival", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let before = (before.0, before.1 + 1, before.2 + 1);
    let nurse = app.login("nurse").await;
    let r = app
        .post(&nurse, &extend(&reference), &ext("Dr Rao", "2"))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.counts().await, before);
    let city = app.login("nurse_city").await;
    let r = app
        .post(&city, &extend(&reference), &ext("Dr Rao", "2"))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

async fn police_station_extension_needs_a_superintendent(app: TestApp) {
    let now = t0() - Duration::days(1);
    app.db(move |c| {
        use s136::domain::admin::{self, By, NewUserInput};
        admin::add_site(
            c,
            &By::Cli,
            "CELLS",
            "Central police station",
            "police_station",
            "West Midlands Police",
            now,
        )
        .unwrap();
        let input = NewUserInput {
            username: "nurse_cells".into(),
            display_name: "Liaison nurse".into(),
            role: "health".into(),
            force_code: String::new(),
            site_code: "CELLS".into(),
            collar_number: String::new(),
            password: PASSWORD.into(),
            must_change_password: false,
        };
        admin::add_user(c, &By::Cli, &input, now).unwrap();
    })
    .await;
    let officer = app.login("officer").await;
    // A police station needs an adult age band and the inspector's authorisation.
    let reference = app
        .arrive(
            &officer,
            "CELLS",
            &[
                ("age_band", "35_44"),
                ("inspector_name", "Insp Dana Price"),
                ("inspector_collar", "2231"),
                ("imminent_risk", "yes"),
                ("no_other_place", "yes"),
                ("health_consulted", "consulted"),
            ],
        )
        .await;
    app.set_now(t0() + Duration::hours(21));
    let nurse = app.login("nurse_cells").await; // sessions end after 12 idle hours
    app.get(&nurse, &extend(&reference))
        .await
        .assert_contains("Superintendent&#39;s approval");
    let before = app.counts().await;
    let r = app
        .post(&nurse, &extend(&reference), &ext("Dr Rao", "3"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("At a police station a superintendent or above must approve the extension: enter their name");
    r.assert_contains(
        "At a police station enter the collar number of the approving superintendent",
    );
    let mut form = ext("Dr Rao", "3");
    form.push(("superintendent_name", "Supt Dana Holt"));
    form.push(("superintendent_collar", "no such!"));
    let r = app.post(&nurse, &extend(&reference), &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains(
        "Enter the collar number of the superintendent: up to 12 letters and numbers",
    );
    assert_eq!(app.counts().await, before);
    let mut form = ext("Dr Rao", "3");
    form.push(("superintendent_name", "Supt Dana Holt"));
    form.push(("superintendent_collar", "s101"));
    let r = app.post(&nurse, &extend(&reference), &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&nurse, &format!("/episodes/{reference}")).await;
    page.assert_contains("Supt Dana Holt (S101)");
    page.assert_contains("Detention authority ends at 15:00 today (in 6h 00m)");
}

async fn extensions_by_api(app: TestApp) {
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
    let url = format!("/api/v1/episodes/{reference}/extensions");
    app.set_now(t0() + Duration::hours(23));
    let nurse = app.token("nurse").await;
    let r = app
        .api(
            "POST",
            &url,
            &officer,
            Some(json!({"authorised_by_name": "Dr Rao", "hours": 2, "reason": "assessment_impracticable"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .api(
            "POST",
            &url,
            &nurse,
            Some(json!({"authorised_by_name": "Dr Rao", "hours": 13, "reason": "assessment_impracticable"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["error"]["fields"]["hours"].is_string());
    let r = app
        .api(
            "POST",
            &url,
            &nurse,
            Some(json!({"authorised_by_name": "Dr Rao", "hours": 2, "reason": "for_fun"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = app
        .api(
            "POST",
            &url,
            &nurse,
            Some(json!({"authorised_by_name": "Dr Rao", "hours": 2, "reason": "assessment_impracticable"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let j = r.json();
    assert_eq!(j["detention_ends_at"], "2026-11-21T14:00:00Z");
    assert_eq!(j["detention_extended_hours"], 2);
    assert_eq!(j["detention_seconds_left"], 3 * 3600);
    assert_eq!(j["extensions"][0]["authorised_by_name"], "Dr Rao");
    assert_eq!(j["extensions"][0]["hours"], 2);
    let other = app.token("nurse_b").await;
    let r = app
        .api(
            "POST",
            &url,
            &other,
            Some(json!({"authorised_by_name": "Dr Rao", "hours": 2, "reason": "assessment_impracticable"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
