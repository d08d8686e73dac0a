//! The clock-change nights, through the pages.

use actix_web::http::StatusCode;

use crate::both_backends;
use crate::common::{TestApp, at};

both_backends!(
    spring_forward_night_counts_real_minutes,
    autumn_back_night_asks_which_hour,
    a_time_that_never_happened_is_refused
);

async fn spring_forward_night_counts_real_minutes(app: TestApp) {
    // 29 March 2026: at 01:00 GMT clocks go to 02:00 BST.
    app.set_now(at("2026-03-29T01:25:00Z")); // 02:25 BST
    let officer = app.login("officer").await;
    let reference = app
        .arrive(
            &officer,
            "OAK",
            &[
                ("arrival", "earlier"),
                ("arrived_at", "2026-03-29T00:30"),
                ("backdate_reason", "Radio down"),
            ],
        )
        .await;
    assert!(reference.starts_with("S136-2026-"));
    let nurse = app.login("nurse").await;
    // 00:30 GMT to 02:20 BST looks like 1h50m on the wall but is 50 minutes.
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{reference}/handover"),
            &[("when", "earlier"), ("handed_over_at", "2026-03-29T02:20")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("0h 50m");
    assert!(!page.body.contains("Breach"));
}

async fn autumn_back_night_asks_which_hour(app: TestApp) {
    // 25 October 2026: at 02:00 BST clocks go back to 01:00 GMT; 01:xx happens twice.
    app.set_now(at("2026-10-25T02:00:00Z")); // 02:00 GMT
    let officer = app.login("officer").await;
    let form = [
        ("site", "OAK"),
        ("arrival", "earlier"),
        ("arrived_at", "2026-10-25T01:10"),
        ("backdate_reason", "No signal"),
    ];
    let r = app.post(&officer, "/episodes", &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("2026-10-25 01:10 happened twice because the clocks went back");
    r.assert_contains("name=\"arrived_at_fold\"");
    let mut with_fold = form.to_vec();
    with_fold.push(("arrived_at_fold", "bst"));
    with_fold.push(("form_token", "autumn"));
    let r = app.post(&officer, "/episodes", &with_fold).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let reference = r.location().trim_start_matches("/episodes/").to_string();
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("Sun 25 Oct 2026, 01:10 BST");
    // Arrived 01:10 BST (00:10Z); handed over 01:05 GMT (01:05Z): 55 minutes, not a breach,
    // though the wall clock went backwards.
    let nurse = app.login("nurse").await;
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{reference}/handover"),
            &[
                ("when", "earlier"),
                ("handed_over_at", "2026-10-25T01:05"),
                ("handed_over_at_fold", "gmt"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("0h 55m");
    page.assert_contains("Sun 25 Oct 2026, 01:05 GMT");
    assert!(!page.body.contains("Breach"));
}

async fn a_time_that_never_happened_is_refused(app: TestApp) {
    app.set_now(at("2026-03-29T02:00:00Z"));
    let officer = app.login("officer").await;
    let r = app
        .post(
            &officer,
            "/episodes",
            &[
                ("site", "OAK"),
                ("arrival", "earlier"),
                ("arrived_at", "2026-03-29T01:30"),
                ("backdate_reason", "x"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("There was no 2026-03-29 01:30 in the UK: the clocks went forward an hour");
}
