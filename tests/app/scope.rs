//! Scoping: each role sees only its force or site; anything else is a 404.

use actix_web::http::StatusCode;

use crate::both_backends;
use crate::common::TestApp;

both_backends!(
    cases_outside_scope_are_not_found,
    lists_show_only_what_is_in_scope,
    actions_outside_scope_change_nothing
);

async fn cases_outside_scope_are_not_found(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let path = format!("/episodes/{reference}");
    for user in ["officer_b", "nurse_b", "manager_moor"] {
        let s = app.login(user).await;
        let r = app.get(&s, &path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{user}");
        assert!(
            !r.body.contains("Oakwood"),
            "{user} learns nothing about the case"
        );
    }
    for user in [
        "officer2",
        "nurse",
        "nurse2",
        "manager_wmp",
        "manager_all",
        "admin",
    ] {
        let s = app.login(user).await;
        assert_eq!(app.get(&s, &path).await.status, StatusCode::OK, "{user}");
    }
    let s = app.login("officer").await;
    for missing in [
        "/episodes/S136-2026-999999",
        "/episodes/not-a-reference",
        "/episodes/S136-2026-00000%C3%A9",
    ] {
        assert_eq!(
            app.get(&s, missing).await.status,
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
}

async fn lists_show_only_what_is_in_scope(app: TestApp) {
    let a = app.arrive(&app.login("officer").await, "OAK", &[]).await;
    let b = app.arrive(&app.login("officer_b").await, "MOOR", &[]).await;
    let home_b = app.get(&app.login("officer_b").await, "/officer").await;
    assert!(home_b.body.contains(&b) && !home_b.body.contains(&a));
    let board = app.get(&app.login("nurse").await, "/board").await;
    assert!(board.body.contains(&a) && !board.body.contains(&b));
    let wmp = app.get(&app.login("manager_wmp").await, "/cases").await;
    assert!(wmp.body.contains(&a) && !wmp.body.contains(&b));
    // Asking for another force's cases by filter still shows nothing of it.
    let wmp = app
        .get(&app.login("manager_wmp").await, "/cases?force=WYP")
        .await;
    assert!(!wmp.body.contains(&b));
    let moor = app.get(&app.login("manager_moor").await, "/cases").await;
    assert!(moor.body.contains(&b) && !moor.body.contains(&a));
    let all = app.get(&app.login("manager_all").await, "/cases").await;
    assert!(all.body.contains(&a) && all.body.contains(&b));
}

async fn actions_outside_scope_change_nothing(app: TestApp) {
    let reference = app.arrive(&app.login("officer").await, "OAK", &[]).await;
    let before = app.counts().await;
    let officer_b = app.login("officer_b").await;
    let r = app
        .post(
            &officer_b,
            &format!("/episodes/{reference}/cancel"),
            &[("reason", "not mine")],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let nurse_b = app.login("nurse_b").await;
    let r = app
        .post(
            &nurse_b,
            &format!("/episodes/{reference}/handover"),
            &[("when", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(app.counts().await, before);
}
