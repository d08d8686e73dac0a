//! One rule for bands (issue 11): each band includes its upper end, on the
//! board and in the report alike; a handed-over person's tag says so.

use actix_web::http::StatusCode;
use chrono::Duration;

use crate::both_backends;
use crate::common::{Sess, TestApp, t0};
use crate::safeguards::{AUTHORISED, station};

both_backends!(
    board_and_report_put_30_and_45_minutes_in_the_same_band,
    custody_board_says_handed_over_after_the_wait,
);

async fn hand_over(app: &TestApp, nurse: &Sess, reference: &str) {
    let r = app
        .post(
            nurse,
            &format!("/episodes/{reference}/handover"),
            &[
                ("when", "now"),
                ("accepted_by_name", "Alex Morgan"),
                ("accepted_by_role", "Charge nurse"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

async fn board_and_report_put_30_and_45_minutes_in_the_same_band(app: TestApp) {
    let officer = app.login("officer").await;
    let officer2 = app.login("officer2").await;
    let nurse = app.login("nurse").await;
    let thirty = app.arrive(&officer, "OAK", &[]).await;
    let forty_five = app.arrive(&officer2, "OAK", &[]).await;

    // 30:00 exactly: the board's lower band, as in the report.
    app.set_now(t0() + Duration::minutes(30));
    let board = app.get(&nurse, "/board").await;
    board.assert_contains("Under 30 min");
    assert!(
        !board.body.contains("30 to 45 min"),
        "30:00 is in the band that ends at 30"
    );
    hand_over(&app, &nurse, &thirty).await;

    // 45:00 exactly: "30 to 45", not "45 to 60".
    app.set_now(t0() + Duration::minutes(45));
    let board = app.get(&nurse, "/board").await;
    board.assert_contains("30 to 45 min");
    assert!(!board.body.contains("45 to 60 min"), "45:00 ends its band");
    hand_over(&app, &nurse, &forty_five).await;

    let url = "/api/v1/reports/summary?from=2026-11-20&to=2026-11-20";
    let r = app
        .api("GET", url, &app.token("manager_all").await, None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let bands = &r.json()["bands"];
    assert_eq!(bands["15_to_30"], 1, "30:00 is 'over 15 to 30': {bands}");
    assert_eq!(bands["30_to_45"], 1, "45:00 is 'over 30 to 45': {bands}");
    assert_eq!(bands["45_to_60"], 0, "{bands}");
}

async fn custody_board_says_handed_over_after_the_wait(app: TestApp) {
    station(&app).await;
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "CELLS", &AUTHORISED).await;
    let hcp = app.login("hcp_cells").await;
    app.set_now(t0() + Duration::minutes(42));
    let board = app.get(&hcp, "/board").await;
    board.assert_contains("<strong class=\"nhsuk-tag nhsuk-tag--yellow\">30 to 45 min</strong>");
    hand_over(&app, &hcp, &reference).await;
    // Hours later the person is still held there; the tag is not a live band.
    app.set_now(t0() + Duration::hours(3));
    let board = app.get(&hcp, "/board").await;
    board.assert_contains(&reference);
    board.assert_contains(
        "<strong class=\"nhsuk-tag nhsuk-tag--grey\">Handed over after 0h 42m</strong>",
    );
    assert!(!board.body.contains("30 to 45 min"), "{}", board.body);
    assert!(
        !board.body.contains("nhsuk-tag--red\">Breach"),
        "a handover inside the hour"
    );
}
