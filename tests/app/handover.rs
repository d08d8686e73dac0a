use actix_web::http::StatusCode;
use chrono::Duration;

use crate::both_backends;
use crate::common::{TestApp, t0};

both_backends!(
    nurse_confirms_a_handover_within_the_hour,
    sixty_minutes_exactly_is_within_target,
    past_the_hour_a_reason_is_required,
    handover_fields_are_validated,
    a_case_is_handed_over_once,
    concurrent_confirmations_give_one_winner,
    a_stale_version_is_refused,
    police_left_follows_handover,
    cancelling_keeps_the_case_and_stops_the_clock,
);

fn case(reference: &str) -> String {
    format!("/episodes/{reference}")
}

async fn nurse_confirms_a_handover_within_the_hour(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let nurse = app.login("nurse").await;
    app.set_now(t0() + Duration::minutes(25));
    let form = app
        .get(&nurse, &format!("{}/handover", case(&reference)))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        !form.body.contains("name=\"delay_reason\""),
        "no delay reason inside the hour"
    );
    let r = app
        .post(
            &nurse,
            &format!("{}/handover", case(&reference)),
            &[
                ("when", "now"),
                ("accepted_by_name", "Alex Morgan"),
                ("accepted_by_role", "Charge nurse"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&officer, &case(&reference)).await;
    page.assert_contains("Handed over");
    page.assert_contains("accepted by Alex Morgan (Charge nurse)");
    page.assert_contains("0h 25m");
    page.assert_contains("Handover accepted");
    assert!(
        !app.get(&nurse, "/board").await.body.contains(&reference),
        "board shows only those waiting"
    );
}

async fn sixty_minutes_exactly_is_within_target(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let nurse = app.login("nurse").await;
    app.set_now(t0() + Duration::minutes(60));
    let board = app.get(&nurse, "/board").await;
    board.assert_contains("45 to 60 min");
    let r = app
        .post(
            &nurse,
            &format!("{}/handover", case(&reference)),
            &[("when", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let stay = app
        .db(|c| {
            use diesel::prelude::*;
            use s136::schema::stays::dsl::*;
            stays
                .select((handover_seconds, breached))
                .first::<(Option<i64>, Option<bool>)>(c)
                .unwrap()
        })
        .await;
    assert_eq!(stay, (Some(3600), Some(false)));
}

async fn past_the_hour_a_reason_is_required(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let nurse = app.login("nurse").await;
    app.set_now(t0() + Duration::minutes(60) + Duration::seconds(1));
    app.get(&nurse, "/board").await.assert_contains("Breach");
    let path = format!("{}/handover", case(&reference));
    app.get(&nurse, &path)
        .await
        .assert_contains("name=\"delay_reason\"");
    let before = app.counts().await;
    let r = app.post(&nurse, &path, &[("when", "now")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Choose a reason for the delay: handover was 1h 00m after arrival, over the 60-minute target");
    let r = app
        .post(&nurse, &path, &[("when", "now"), ("delay_reason", "other")])
        .await;
    r.assert_contains("Describe the reason for the delay");
    let r = app
        .post(
            &nurse,
            &path,
            &[("when", "now"), ("delay_reason", "made_up")],
        )
        .await;
    r.assert_contains("Choose a reason for the delay from the list");
    assert_eq!(app.counts().await, before);
    let r = app
        .post(
            &nurse,
            &path,
            &[("when", "now"), ("delay_reason", "insufficient_staff")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&officer, &case(&reference)).await;
    page.assert_contains("Not enough health staff on site to take over");
    page.assert_contains("(over target)");
}

async fn handover_fields_are_validated(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let nurse = app.login("nurse").await;
    app.set_now(t0() + Duration::minutes(20));
    let path = format!("{}/handover", case(&reference));
    let before = app.counts().await;
    let long = "n".repeat(101);
    for (fields, message) in [
        (
            vec![("when", "earlier"), ("handed_over_at", "2026-11-20T11:59")],
            "Enter a handover time that is after the arrival time, 12:00",
        ),
        (
            vec![("when", "earlier"), ("handed_over_at", "2026-11-20T12:25")],
            "The handover time cannot be in the future",
        ),
        (
            vec![("when", "earlier"), ("handed_over_at", "")],
            "Enter the handover time",
        ),
        (
            vec![("when", "earlier"), ("handed_over_at", "yesterday 3pm")],
            "Enter the handover time as a date and time",
        ),
        (
            vec![("when", "now"), ("accepted_by_name", long.as_str())],
            "The name must be 100 characters or fewer",
        ),
    ] {
        let r = app.post(&nurse, &path, &fields).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        r.assert_contains(message);
    }
    assert_eq!(app.counts().await, before);
    // Corrected back to the arrival time exactly is allowed.
    let r = app
        .post(
            &nurse,
            &path,
            &[("when", "earlier"), ("handed_over_at", "2026-11-20T12:00")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

async fn a_case_is_handed_over_once(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let nurse = app.login("nurse").await;
    let nurse2 = app.login("nurse2").await;
    app.set_now(t0() + Duration::minutes(10));
    let path = format!("{}/handover", case(&reference));
    assert_eq!(
        app.post(&nurse, &path, &[("when", "now")]).await.status,
        StatusCode::SEE_OTHER
    );
    let before = app.counts().await;
    let r = app.post(&nurse2, &path, &[("when", "now")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    r.assert_contains("Handover was already confirmed by Alex Morgan at 12:10.");
    assert_eq!(app.counts().await, before);
}

async fn concurrent_confirmations_give_one_winner(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let nurses = [app.login("nurse").await, app.login("nurse2").await];
    app.set_now(t0() + Duration::minutes(10));
    let path = format!("{}/handover", case(&reference));
    let attempts = (0..8).map(|i| app.post(&nurses[i % 2], &path, &[("when", "now")]));
    let results = futures_util::future::join_all(attempts).await;
    let ok = results
        .iter()
        .filter(|r| r.status == StatusCode::SEE_OTHER)
        .count();
    let conflicts = results
        .iter()
        .filter(|r| r.status == StatusCode::CONFLICT)
        .count();
    assert_eq!(
        (ok, conflicts),
        (1, 7),
        "{:?}",
        results.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    for r in results.iter().filter(|r| r.status == StatusCode::CONFLICT) {
        r.assert_contains("Handover was already confirmed by");
    }
    let handovers = app
        .db(|c| {
            use diesel::prelude::*;
            use s136::schema::audit_events::dsl::*;
            audit_events
                .filter(action.eq("handover_confirmed"))
                .count()
                .get_result::<i64>(c)
                .unwrap()
        })
        .await;
    assert_eq!(handovers, 1);
}

async fn a_stale_version_is_refused(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let nurse = app.login("nurse").await;
    let r = app
        .post(
            &nurse,
            &format!("{}/handover", case(&reference)),
            &[("when", "now"), ("version", "7")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    r.assert_contains("Someone else changed this case");
    let r = app
        .post(
            &nurse,
            &format!("{}/handover", case(&reference)),
            &[("when", "now"), ("version", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

async fn police_left_follows_handover(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let path = format!("{}/police-left", case(&reference));
    let r = app.post(&officer, &path, &[("when", "now")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Health staff have not accepted the handover yet");
    let nurse = app.login("nurse").await;
    app.set_now(t0() + Duration::minutes(40));
    app.post(
        &nurse,
        &format!("{}/handover", case(&reference)),
        &[("when", "now")],
    )
    .await;
    assert_eq!(
        app.post(&nurse, &path, &[("when", "now")]).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app
        .post(
            &officer,
            &path,
            &[("when", "earlier"), ("left_at", "2026-11-20T12:39")],
        )
        .await;
    r.assert_contains("Enter a time police left that is after the handover time, 12:40");
    app.set_now(t0() + Duration::minutes(45));
    let r = app.post(&officer, &path, &[("when", "now")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&officer, &case(&reference)).await;
    page.assert_contains("Police left");
    page.assert_contains("Fri 20 Nov 2026, 12:45");
    assert!(
        !app.get(&officer, "/officer")
            .await
            .body
            .contains(&reference),
        "gone from open cases"
    );
    let r = app.post(&officer, &path, &[("when", "now")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    r.assert_contains("Police leaving was already recorded at 12:45.");
}

async fn cancelling_keeps_the_case_and_stops_the_clock(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let nurse = app.login("nurse").await;
    let path = format!("{}/cancel", case(&reference));
    assert_eq!(app.get(&nurse, &path).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.post(&nurse, &path, &[("reason", "x")]).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app.post(&officer, &path, &[("reason", "  ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Give the reason for cancelling this case");
    let r = app
        .post(&officer, &path, &[("reason", "Logged twice")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = app.get(&officer, &case(&reference)).await;
    page.assert_contains("Cancelled");
    page.assert_contains("Logged twice");
    assert!(!app.get(&nurse, "/board").await.body.contains(&reference));
    app.set_now(t0() + Duration::minutes(90));
    let r = app
        .post(
            &nurse,
            &format!("{}/handover", case(&reference)),
            &[
                ("when", "now"),
                ("delay_reason", "other"),
                ("delay_note", "n"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("This case was cancelled");
    let r = app.post(&officer, &path, &[("reason", "again")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // The manager's list keeps it, marked, and never as a breach.
    let list = app
        .get(&app.login("manager_all").await, "/cases?breached=1")
        .await;
    assert!(!list.body.contains(&reference));
    app.get(&app.login("manager_all").await, "/cases")
        .await
        .assert_contains(&reference);
}
