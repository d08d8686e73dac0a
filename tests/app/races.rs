//! Races: parallel requests on one case through two app instances on one
//! database (two pools, as two servers would be). Every action holds the case
//! for its transaction, so exactly the rules' winners win, the losers get a
//! 4xx naming why, nothing answers 5xx and the final state obeys every rule.

use actix_web::http::StatusCode;
use diesel::prelude::*;
use futures_util::future::join_all;
use serde_json::{Value, json};

use crate::both_backends;
use crate::common::{Resp, TestApp};

both_backends!(
    parallel_extensions_never_pass_twelve_hours,
    parallel_stay_requests_make_one,
    parallel_pairs_of_actions_keep_the_rules,
    the_same_action_eight_times_wins_once,
);

/// Rounds per race: 10 (about 15 s for all of them on both backends);
/// `S136_RACE_ROUNDS` sets another number for a longer soak.
fn rounds() -> usize {
    std::env::var("S136_RACE_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10)
}

struct Tokens {
    officer: String,
    nurse: String,
    manager: String,
}

async fn tokens(app: &TestApp) -> Tokens {
    Tokens {
        officer: app.token("officer").await,
        nurse: app.token("nurse").await,
        manager: app.token("manager_wmp").await,
    }
}

/// Fires the requests at once, alternating between the two instances.
async fn fire(apps: [&TestApp; 2], reqs: Vec<(&str, String, Value)>) -> Vec<Resp> {
    join_all(
        reqs.into_iter()
            .enumerate()
            .map(|(i, (token, path, body))| async move {
                apps[i % 2].api("POST", &path, token, Some(body)).await
            }),
    )
    .await
}

/// 4 + 4 requests of two actions at once (interleaved, across both
/// instances): how many of each won. No answer may be a server error.
async fn race(
    apps: [&TestApp; 2],
    a: (&str, String, Value),
    b: (&str, String, Value),
) -> (usize, usize) {
    let reqs = (0..4).flat_map(|_| [a.clone(), b.clone()]).collect();
    let rs = fire(apps, reqs).await;
    no_server_errors(&rs);
    let won = |skip| {
        rs.iter()
            .skip(skip)
            .step_by(2)
            .filter(|r| r.status.is_success())
            .count()
    };
    (won(0), won(1))
}

#[track_caller]
fn no_server_errors(rs: &[Resp]) {
    for r in rs {
        assert!(
            r.status.is_client_error() || r.status.is_success(),
            "answered {}: {}",
            r.status,
            r.body
        );
    }
}

fn wins(rs: &[Resp], from: usize, to: usize) -> usize {
    rs[from..to]
        .iter()
        .filter(|r| r.status.is_success())
        .count()
}

async fn audit_count(app: &TestApp, reference: &str, action: &'static str) -> i64 {
    use s136::schema::{audit_events, episodes};
    let reference = reference.to_string();
    app.db(move |c| {
        audit_events::table
            .inner_join(episodes::table.on(audit_events::episode_id.eq(episodes::id.nullable())))
            .filter(episodes::reference.eq(reference))
            .filter(audit_events::action.eq(action))
            .count()
            .get_result(c)
            .unwrap()
    })
    .await
}

async fn episode(app: &TestApp, token: &str, reference: &str) -> Value {
    let r = app
        .api("GET", &format!("/api/v1/episodes/{reference}"), token, None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

async fn parallel_extensions_never_pass_twelve_hours(app: TestApp) {
    let twin = app.twin().await;
    let t = tokens(&app).await;
    for _ in 0..rounds() {
        let reference = app.api_arrival(&t.officer, "OAK").await;
        let path = format!("/api/v1/episodes/{reference}/extensions");
        let body = json!({
            "authorised_by_name": "Dr Ahmed",
            "hours": 7,
            "reason": "assessment_impracticable",
        });
        let rs = fire(
            [&app, &twin],
            (0..8)
                .map(|_| (t.nurse.as_str(), path.clone(), body.clone()))
                .collect(),
        )
        .await;
        no_server_errors(&rs);
        assert_eq!(wins(&rs, 0, 8), 1, "one 7-hour extension fits in 12");
        let e = episode(&app, &t.nurse, &reference).await;
        assert_eq!(e["detention_extended_hours"], 7);
        assert_eq!(audit_count(&app, &reference, "detention_extended").await, 1);
        // The losers were told the rule, not a server error.
        assert!(
            rs.iter()
                .any(|r| r.body.contains("Extensions can total at most 12 hours")),
            "{:?}",
            rs.iter().map(|r| &r.body).collect::<Vec<_>>()
        );
    }
}

async fn parallel_stay_requests_make_one(app: TestApp) {
    let twin = app.twin().await;
    let t = tokens(&app).await;
    for _ in 0..rounds() {
        let reference = app.api_arrival(&t.officer, "OAK").await;
        let path = format!("/api/v1/episodes/{reference}/stay-request");
        let body = json!({"reason": "insufficient_staff"});
        let rs = fire(
            [&app, &twin],
            (0..8)
                .map(|_| (t.nurse.as_str(), path.clone(), body.clone()))
                .collect(),
        )
        .await;
        no_server_errors(&rs);
        assert_eq!(wins(&rs, 0, 8), 1);
        for r in rs.iter().filter(|r| !r.status.is_success()) {
            assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
            r.assert_contains("Police were already asked to stay");
        }
        assert_eq!(
            audit_count(&app, &reference, "police_asked_to_stay").await,
            1
        );
    }
}

/// Each pair, 4 + 4 in parallel: cancel vs handover, end vs handover, stay
/// request vs handover, transfer vs end.
async fn parallel_pairs_of_actions_keep_the_rules(app: TestApp) {
    let twin = app.twin().await;
    let t = tokens(&app).await;
    let handover = || json!({"accepted_by_role": "nurse"});
    let end = || json!({"outcome": "admitted_informally"});
    for round in 0..rounds() {
        let case = |r: &str, action: &str| format!("/api/v1/episodes/{r}/{action}");
        // cancel vs handover
        let r = app.api_arrival(&t.officer, "OAK").await;
        let (cancels, handovers) = race(
            [&app, &twin],
            (
                &t.manager,
                case(&r, "cancel"),
                json!({"reason": "logged in error"}),
            ),
            (&t.nurse, case(&r, "handover"), handover()),
        )
        .await;
        assert_eq!(cancels, 1, "round {round}");
        assert!(handovers <= 1);
        assert_eq!(audit_count(&app, &r, "cancelled").await, 1);
        assert_eq!(
            audit_count(&app, &r, "handover_confirmed").await,
            handovers as i64
        );

        // end vs handover
        let r = app.api_arrival(&t.officer, "OAK").await;
        let (ends, handovers) = race(
            [&app, &twin],
            (&t.officer, case(&r, "end"), end()),
            (&t.nurse, case(&r, "handover"), handover()),
        )
        .await;
        assert_eq!(ends, 1);
        assert!(handovers <= 1);
        assert_eq!(audit_count(&app, &r, "detention_ended").await, 1);
        assert_eq!(
            audit_count(&app, &r, "handover_confirmed").await,
            handovers as i64
        );

        // stay request vs handover
        let r = app.api_arrival(&t.officer, "OAK").await;
        let (asks, handovers) = race(
            [&app, &twin],
            (
                &t.nurse,
                case(&r, "stay-request"),
                json!({"reason": "risk_to_life"}),
            ),
            (&t.nurse, case(&r, "handover"), handover()),
        )
        .await;
        assert_eq!(handovers, 1, "a handover always wins once");
        assert!(asks <= 1);
        assert_eq!(
            audit_count(&app, &r, "police_asked_to_stay").await,
            asks as i64
        );

        // transfer vs end
        let r = app.api_arrival(&t.officer, "OAK").await;
        let (transfers, ends) = race(
            [&app, &twin],
            (&t.officer, case(&r, "transfer"), json!({"site": "CITYED"})),
            (&t.officer, case(&r, "end"), end()),
        )
        .await;
        assert_eq!(ends, 1);
        assert!(
            transfers <= 1,
            "a second transfer would be to the same site"
        );
        let e = episode(&app, &t.officer, &r).await;
        assert_eq!(e["stays"].as_array().unwrap().len(), 1 + transfers);
        assert_eq!(audit_count(&app, &r, "transferred").await, transfers as i64);
        assert_eq!(audit_count(&app, &r, "detention_ended").await, 1);
    }
}

/// The same action ×8 at once across both instances: one wins, the other
/// seven are told why (409, or the rule that now refuses them), the audit
/// trail has one row.
async fn the_same_action_eight_times_wins_once(app: TestApp) {
    let twin = app.twin().await;
    let t = tokens(&app).await;
    for _ in 0..rounds() {
        for (token, action, body, audit) in [
            (
                &t.nurse,
                "handover",
                json!({"accepted_by_role": "nurse"}),
                "handover_confirmed",
            ),
            (
                &t.officer,
                "transfer",
                json!({"site": "CITYED"}),
                "transferred",
            ),
            (
                &t.officer,
                "end",
                json!({"outcome": "admitted_informally"}),
                "detention_ended",
            ),
            (
                &t.manager,
                "cancel",
                json!({"reason": "logged in error"}),
                "cancelled",
            ),
        ] {
            let r = app.api_arrival(&t.officer, "OAK").await;
            let path = format!("/api/v1/episodes/{r}/{action}");
            let rs = fire(
                [&app, &twin],
                (0..8)
                    .map(|_| (token.as_str(), path.clone(), body.clone()))
                    .collect(),
            )
            .await;
            no_server_errors(&rs);
            assert_eq!(wins(&rs, 0, 8), 1, "{action}");
            assert_eq!(audit_count(&app, &r, audit).await, 1, "{action}");
        }
        // Corrections at the version each saw: the first moves it on, the
        // rest meet a version conflict.
        let r = app.api_arrival(&t.officer, "OAK").await;
        let v = app.version(&r).await;
        let path = format!("/api/v1/episodes/{r}/corrections");
        let reqs = (0..8)
            .map(|i| {
                let body = json!({"field": "arrived_at", "stay": 1, "reason": "typo",
                    "new_time": format!("2026-11-20T11:{:02}:00Z", 10 + i), "version": v});
                (t.officer.as_str(), path.clone(), body)
            })
            .collect();
        let rs = fire([&app, &twin], reqs).await;
        no_server_errors(&rs);
        assert_eq!(wins(&rs, 0, 8), 1);
        for r in rs.iter().filter(|r| !r.status.is_success()) {
            assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        }
        assert_eq!(audit_count(&app, &r, "time_corrected").await, 1);
        assert_eq!(app.version(&r).await, v + 1);
    }
}
