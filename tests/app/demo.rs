//! `s136 demo`: what a newcomer sees first must look like real use. Past
//! detentions have ended with an outcome; the boards show who is there now.

use chrono::{Duration, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::common::{Backend, PASSWORD, TestApp};
use s136::demo::DemoArgs;
use s136::domain::admin::{self, By};

#[actix_rt::test]
async fn sqlite() {
    let app = TestApp::spawn_empty(Backend::Sqlite).await.unwrap();
    the_demo_data_is_believable(app).await
}

#[actix_rt::test]
async fn postgres() {
    if let Some(app) = TestApp::spawn_empty(Backend::Postgres).await {
        the_demo_data_is_believable(app).await
    }
}

async fn the_demo_data_is_believable(app: TestApp) {
    // The demo writes relative to the real clock; the pages read the app's.
    let now = Utc::now();
    app.set_now(now);
    app.db(|c| {
        let args = DemoArgs {
            episodes: 80,
            seed: 136,
            years: None,
        };
        s136::demo::run(c, &args).unwrap();
        for user in ["hcp.custody", "nurse.moor"] {
            admin::set_password(c, &By::Cli, user, PASSWORD, false, Utc::now()).unwrap();
        }
    })
    .await;

    // Every detention still open started within the last day (people there
    // now, or the last day's cases still being assessed); every ended one
    // has its outcome.
    let (open, ended, without_outcome) = app
        .db(|c| {
            use s136::schema::{episodes, stays};
            let open: Vec<NaiveDateTime> = episodes::table
                .inner_join(stays::table)
                .filter(episodes::ended_at.is_null())
                .filter(episodes::cancelled_at.is_null())
                .filter(stays::seq.eq(1))
                .select(stays::arrived_at)
                .load(c)
                .unwrap();
            let ended: i64 = episodes::table
                .filter(episodes::ended_at.is_not_null())
                .count()
                .get_result(c)
                .unwrap();
            let without: i64 = episodes::table
                .filter(episodes::ended_at.is_not_null())
                .filter(episodes::outcome.is_null())
                .count()
                .get_result(c)
                .unwrap();
            (open, ended, without)
        })
        .await;
    let day_ago = (now - Duration::hours(25)).naive_utc();
    assert!(open.len() >= 6, "5 waiting and 1 held: {open:?}");
    assert!(
        open.iter().all(|a| *a > day_ago),
        "an old detention was left open: {open:?}"
    );
    assert!(ended >= 60, "{ended} of 80 past cases ended");
    assert_eq!(without_outcome, 0);
    // Some breaches come with a request to stay, agreed or declined.
    let answers: Vec<Option<bool>> = app
        .db(|c| {
            use s136::schema::stay_requests::dsl::*;
            stay_requests.select(agreed).load(c).unwrap()
        })
        .await;
    assert!(answers.contains(&Some(true)), "{answers:?}");
    assert!(answers.contains(&Some(false)), "{answers:?}");

    // The custody board: the person held there, handed over, check overdue.
    let hcp = app.login("hcp.custody").await;
    let board = app.get(&hcp, "/board").await;
    board.assert_contains("Held at Central custody suite");
    board.assert_contains("held here");
    board.assert_contains("Handed over");
    board.assert_contains("Health check overdue");
    // A place of safety's board: the person waiting nearly three hours.
    let nurse = app.login("nurse.moor").await;
    let board = app.get(&nurse, "/board").await;
    board.assert_contains("1 waiting, <strong>1 past the one-hour target</strong>");
}
