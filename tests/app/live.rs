//! Live updates: the event streams carry each change in the reader's scope
//! and nothing else, resume from `Last-Event-ID`, never show a rolled-back
//! change, and reach another instance's streams; pre-alerts.

use actix_web::http::StatusCode;
use chrono::Duration;
use serde_json::json;
use std::time::Duration as StdDuration;

use crate::both_backends;
use crate::common::*;

both_backends!(
    streams_carry_each_change_in_scope_and_nothing_else,
    a_stream_resumes_from_last_event_id,
    a_refused_or_rolled_back_change_publishes_nothing,
    a_change_on_one_instance_reaches_streams_on_another,
    streams_are_limited_per_user_and_need_a_signed_in_reader,
    a_revoked_token_ends_its_stream_at_the_next_heartbeat,
    prealerts_are_scoped_expire_and_become_the_arrival,
    the_board_shows_a_change_at_once_and_the_pages_carry_their_stream,
);

const SOON: StdDuration = StdDuration::from_millis(1500);
const QUIET: StdDuration = StdDuration::from_millis(400);

fn kinds(events: &[Sse]) -> Vec<String> {
    events.iter().map(|e| e.kind.clone()).collect()
}

async fn post_api(app: &TestApp, token: &str, path: &str, body: serde_json::Value) -> Resp {
    let r = app.api("POST", path, token, Some(body)).await;
    assert!(r.status.is_success(), "{path}: {} {}", r.status, r.body);
    r
}

async fn streams_carry_each_change_in_scope_and_nothing_else(app: TestApp) {
    let officer = app.token("officer").await;
    let nurse = app.token("nurse").await;
    let mut s_officer = app.api_events(&officer, None).await;
    assert_eq!(s_officer.status, StatusCode::OK);
    let ct = s_officer
        .headers
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(ct.starts_with("text/event-stream"), "{ct}");
    assert_eq!(s_officer.headers.get("x-accel-buffering").unwrap(), "no");
    let mut s_nurse = app.events_for(&app.login("nurse").await, None).await;
    let mut s_other_force = app.api_events(&app.token("officer_b").await, None).await;
    let mut s_moor = app.api_events(&app.token("nurse_b").await, None).await;
    let mut s_city = app.api_events(&app.token("nurse_city").await, None).await;
    let mut s_all = app.api_events(&app.token("manager_all").await, None).await;

    let p = post_api(
        &app,
        &officer,
        "/api/v1/prealerts",
        json!({"site": "OAK", "eta_minutes": 10}),
    )
    .await;
    let prealert = p.json()["id"].as_i64().unwrap();
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &officer,
            Some(json!({"site": "OAK", "prealert": prealert})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let reference = r.json()["reference"].as_str().unwrap().to_string();
    let ep = |p: &str| format!("/api/v1/episodes/{reference}{p}");
    post_api(&app, &officer, &ep("/handover-offered"), json!({})).await;
    post_api(
        &app,
        &nurse,
        &ep("/stay-request"),
        json!({"reason": "insufficient_staff"}),
    )
    .await;
    post_api(
        &app,
        &officer,
        &ep("/stay-request/answer"),
        json!({"agreed": true}),
    )
    .await;
    app.set_now(t0() + Duration::minutes(20));
    post_api(&app, &nurse, &ep("/transfer"), json!({"site": "MOOR"})).await;
    let moor = app.token("nurse_b").await;
    app.set_now(t0() + Duration::minutes(30));
    post_api(&app, &moor, &ep("/handover"), json!({})).await;
    post_api(&app, &officer, &ep("/police-left"), json!({})).await;

    let want_officer = [
        "prealert",
        "arrival",
        "handover_offered",
        "stay_request",
        "stay_answer",
        "transfer",
        "handover",
        "police_left",
    ];
    let got = s_officer.drain(SOON).await;
    assert_eq!(kinds(&got), want_officer);
    // Ids are the database sequence, in order; data say which case and where.
    assert!(got.windows(2).all(|w| w[0].id < w[1].id));
    let arrival = &got[1];
    assert_eq!(arrival.data["reference"], reference.as_str());
    assert_eq!(arrival.data["site"], "OAK");
    assert_eq!(arrival.data["force"], "WMP");
    assert_eq!(arrival.data["type"], "arrival");
    assert_eq!(arrival.data["id"], arrival.id);
    assert!(arrival.data["version"].as_i64().unwrap() >= 1);
    assert_eq!(got[5].data["from_site"], "OAK");
    assert_eq!(got[5].data["site"], "MOOR");
    // Nothing personal: no notes, names or collar numbers in any event.
    for e in &got {
        let text = e.data.to_string();
        for word in ["Alex Morgan", "Sam Patel", "4521", "insufficient_staff"] {
            assert!(!text.contains(word), "{word} in {text}");
        }
    }
    let all = s_all.drain(QUIET).await;
    assert_eq!(kinds(&all), want_officer);

    // The first site sees its own changes up to and including the transfer away.
    let oak = s_nurse.drain(QUIET).await;
    assert_eq!(
        kinds(&oak),
        [
            "prealert",
            "arrival",
            "handover_offered",
            "stay_request",
            "stay_answer",
            "transfer"
        ]
    );
    // The second site from the transfer in.
    assert_eq!(
        kinds(&s_moor.drain(QUIET).await),
        ["transfer", "handover", "police_left"]
    );
    assert!(
        s_other_force.drain(QUIET).await.is_empty(),
        "another force's stream"
    );
    assert!(
        s_city.drain(QUIET).await.is_empty(),
        "another site's stream"
    );
}

async fn a_stream_resumes_from_last_event_id(app: TestApp) {
    let officer = app.token("officer").await;
    let mut first = app.api_events(&officer, None).await;
    let a = app.api_arrival(&officer, "OAK").await;
    let seen = first.next(SOON).await.expect("the first arrival");
    assert_eq!(seen.data["reference"], a.as_str());
    drop(first);
    // Two changes while disconnected.
    let b = app.api_arrival(&officer, "OAK").await;
    let c = app.api_arrival(&officer, "CITYED").await;
    let mut again = app.api_events(&officer, Some(seen.id)).await;
    let missed = again.drain(QUIET).await;
    let refs: Vec<_> = missed.iter().map(|e| e.data["reference"].clone()).collect();
    assert_eq!(refs, [json!(b), json!(c)]);
    // The page's first connection says where its render stopped (`?after=`).
    let nurse = app.login("nurse").await;
    let mut page = app.events_for(&nurse, Some(seen.id)).await;
    let refs: Vec<_> = page
        .drain(QUIET)
        .await
        .iter()
        .map(|e| e.data["reference"].clone())
        .collect();
    assert_eq!(refs, [json!(b)], "CITYED is not the nurse's site");
    // An id from before what is kept: told to reload everything.
    app.db(|c| {
        use diesel::prelude::*;
        diesel::sql_query("DELETE FROM events WHERE id <= (SELECT MIN(id) + 1 FROM events)")
            .execute(c)
            .unwrap();
    })
    .await;
    let mut old = app.api_events(&officer, Some(0)).await;
    // 0 means from the start: what is kept (the third arrival) comes.
    assert_eq!(
        old.next(SOON).await.map(|e| e.data["reference"].clone()),
        Some(json!(c))
    );
    let mut gone = app.api_events(&officer, Some(1)).await;
    let e = gone.next(SOON).await.expect("a reset");
    assert_eq!(e.kind, "reset");
}

async fn a_refused_or_rolled_back_change_publishes_nothing(app: TestApp) {
    let officer = app.token("officer").await;
    let nurse = app.token("nurse").await;
    let reference = app.api_arrival(&officer, "OAK").await;
    let mut s = app.api_events(&officer, None).await;
    let events_before = app.db(|c| s136::domain::events::latest(c).unwrap()).await;
    // A version conflict and a broken timeline: both refused inside the opening.
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/handover"),
            &nurse,
            Some(json!({"expected_version": 99})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/handover"),
            &nurse,
            Some(json!({"handed_over_at": "2026-11-20T11:00:00Z"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // A transaction that wrote an event and then failed.
    let written = app
        .db(move |c| {
            let r: Result<(), s136::AppError> = s136::db::write_tx(c, |c| {
                s136::db::events::insert(
                    c,
                    &s136::db::events::NewEvent {
                        at: s136::domain::time::to_db(t0()),
                        kind: "arrival",
                        force_id: 1,
                        site_id: 1,
                        other_site_id: None,
                        episode_id: None,
                        prealert_id: None,
                        data: json!({"reference": "ROLLED-BACK"}),
                    },
                )?;
                Err(s136::AppError::bad_request("fail after the event"))
            });
            r.is_err()
        })
        .await;
    assert!(written);
    assert!(
        s.drain(QUIET).await.is_empty(),
        "a stream showed a change that did not happen"
    );
    let events_after = app.db(|c| s136::domain::events::latest(c).unwrap()).await;
    assert_eq!(events_before, events_after);
}

async fn a_change_on_one_instance_reaches_streams_on_another(app: TestApp) {
    // In this process both instances also share the commit wake-up; the
    // separate-process check (PostgreSQL LISTEN/NOTIFY) is below.
    let twin = app.twin().await;
    let officer = app.token("officer").await;
    let mut on_twin = twin.api_events(&officer, None).await;
    let started = std::time::Instant::now();
    let reference = app.api_arrival(&officer, "OAK").await;
    let e = on_twin
        .next(StdDuration::from_secs(2))
        .await
        .expect("the arrival on the twin");
    assert_eq!(e.data["reference"], reference.as_str());
    assert!(started.elapsed() < StdDuration::from_secs(2));
}

/// A real second process (`s136 serve`) on the same PostgreSQL database:
/// only `LISTEN/NOTIFY` (or its 5-second safety poll) can tell it.
#[actix_rt::test]
async fn another_process_hears_a_change_within_a_second_postgres() {
    let Some(app) = TestApp::spawn(Backend::Postgres).await else {
        return;
    };
    let officer = app.token("officer").await;
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_s136"))
        .args([
            "--database-url",
            app.url(),
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
        ])
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start s136 serve");
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let _guard = Kill(child);
    let token = officer.clone();
    let (tx, rx) = std::sync::mpsc::channel::<(std::time::Instant, String)>();
    let reader = std::thread::spawn(move || {
        use std::io::{BufRead, BufReader, Write};
        let mut stream = None;
        for _ in 0..100 {
            if let Ok(s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
                stream = Some(s);
                break;
            }
            std::thread::sleep(StdDuration::from_millis(100));
        }
        let mut s = stream.expect("the second process listens");
        write!(
            s,
            "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        s.set_read_timeout(Some(StdDuration::from_secs(10)))
            .unwrap();
        let mut lines = BufReader::new(s).lines();
        while let Some(Ok(line)) = lines.next() {
            if line.starts_with(": connected") {
                tx.send((std::time::Instant::now(), "open".into())).unwrap();
            }
            if let Some(d) = line.strip_prefix("data: ") {
                tx.send((std::time::Instant::now(), d.to_string())).unwrap();
                return;
            }
        }
    });
    let (_, open) = rx
        .recv_timeout(StdDuration::from_secs(15))
        .expect("stream opened");
    assert_eq!(open, "open");
    // Let the other process's hub take its LISTEN connection.
    tokio::time::sleep(StdDuration::from_millis(300)).await;
    let committed = std::time::Instant::now();
    let reference = app.api_arrival(&officer, "OAK").await;
    let (at, data) = rx
        .recv_timeout(StdDuration::from_secs(10))
        .expect("the event");
    let lag = at.duration_since(committed);
    eprintln!("live: another process showed the arrival {lag:?} after the request");
    assert!(data.contains(&reference), "{data}");
    assert!(lag < StdDuration::from_secs(1), "took {lag:?}");
    reader.join().unwrap();
}

async fn streams_are_limited_per_user_and_need_a_signed_in_reader(app: TestApp) {
    let officer = app.token("officer").await;
    let mut open = Vec::new();
    for _ in 0..s136::http::live::MAX_STREAMS_PER_USER {
        let s = app.api_events(&officer, None).await;
        assert_eq!(s.status, StatusCode::OK);
        open.push(s);
    }
    let r = app.api("GET", "/api/v1/events", &officer, None).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert_eq!(r.code(), "too_many_requests");
    open.pop();
    let again = app.api_events(&officer, None).await;
    assert_eq!(
        again.status,
        StatusCode::OK,
        "a closed stream frees its place"
    );
    let r = app.api("GET", "/api/v1/events", "not-a-token", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = app.get(&Sess::anonymous(), "/events").await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "pages' stream needs a session"
    );
}

async fn a_revoked_token_ends_its_stream_at_the_next_heartbeat(app: TestApp) {
    let officer = app.token("officer").await;
    let mut s = app.api_events(&officer, None).await;
    app.db(|c| {
        use diesel::prelude::*;
        diesel::sql_query("DELETE FROM api_tokens")
            .execute(c)
            .unwrap();
    })
    .await;
    let beat = s136::http::live::HEARTBEAT + StdDuration::from_secs(3);
    // The stream ends (None) rather than sending another heartbeat.
    let started = std::time::Instant::now();
    assert!(s.next(beat).await.is_none());
    assert!(started.elapsed() < beat, "the stream stayed open");
}

async fn prealerts_are_scoped_expire_and_become_the_arrival(app: TestApp) {
    let officer = app.token("officer").await;
    let nurse_tok = app.token("nurse").await;
    let r = app
        .api(
            "POST",
            "/api/v1/prealerts",
            &officer,
            Some(json!({"site": "OAK", "eta_minutes": 15, "under_18": true, "violence_risk": true, "note": "Two officers, van"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let p = r.json();
    let id = p["id"].as_i64().unwrap();
    assert_eq!(p["status"], "on_the_way");
    assert_eq!(p["eta"], "2026-11-20T12:15:00Z");
    assert_eq!(p["minutes_to_eta"], 15);
    assert_eq!(r.location(), format!("/api/v1/prealerts/{id}"));

    // Bad input: a clear 422 per field, nothing stored.
    for (body, field) in [
        (json!({"site": "OAK", "eta_minutes": 241}), "eta_minutes"),
        (json!({"site": "OAK", "eta_minutes": -1}), "eta_minutes"),
        (json!({"site": "NOPE"}), "site"),
        (json!({"site": "OAK", "note": "x".repeat(201)}), "note"),
    ] {
        let r = app
            .api("POST", "/api/v1/prealerts", &officer, Some(body))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.json()["error"]["fields"][field].is_string(), "{}", r.body);
    }
    let r = app
        .api(
            "POST",
            "/api/v1/prealerts",
            &nurse_tok,
            Some(json!({"site": "OAK"})),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "health staff do not pre-alert"
    );

    // Scope: the site and the force see it; another site and force do not.
    let list = |t: String| {
        let app = &app;
        async move { app.api("GET", "/api/v1/prealerts", &t, None).await.json() }
    };
    assert_eq!(list(nurse_tok.clone()).await.as_array().unwrap().len(), 1);
    assert_eq!(list(officer.clone()).await.as_array().unwrap().len(), 1);
    // A site code the documented pattern refuses is a 400, spaces included.
    for bad in ["%20", "%20OAK", "O", "OAK!"] {
        let r = app
            .api(
                "GET",
                &format!("/api/v1/prealerts?site={bad}"),
                &officer,
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.body);
    }
    assert!(
        list(app.token("nurse_b").await)
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    let other_force = app.token("officer_b").await;
    assert!(
        list(other_force.clone())
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    let r = app
        .api(
            "DELETE",
            &format!("/api/v1/prealerts/{id}"),
            &other_force,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // The board shows it under Incoming, with its flags.
    let nurse = app.login("nurse").await;
    let board = app.get(&nurse, "/board").await;
    board.assert_contains("Incoming");
    board.assert_contains("Expected at 12:15");
    board.assert_contains("due in 15 minutes");
    board.assert_contains("Under 18");
    board.assert_contains("Risk of violence");
    board.assert_contains("Two officers, van");

    // The officer logs the arrival from it in one tap on the officer home.
    let s = app.login("officer").await;
    let home = app.get(&s, "/officer").await;
    home.assert_contains("On the way");
    home.assert_contains(&format!("name=\"prealert\" value=\"{id}\""));
    app.set_now(t0() + Duration::minutes(14));
    let form_token = format!("prealert-{id}");
    let tap = [
        ("site", "OAK"),
        ("arrival", "now"),
        ("kind", "s136"),
        ("officers", "2"),
        ("form_token", form_token.as_str()),
        ("prealert", &id.to_string()),
    ];
    let r = app.post(&s, "/episodes", &tap).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let reference = r.location().trim_start_matches("/episodes/").to_string();
    // A second tap (Back, then again) lands on the same case.
    let again = app.post(&s, "/episodes", &tap).await;
    assert_eq!(again.location(), r.location());
    let p = app
        .api("GET", &format!("/api/v1/prealerts/{id}"), &officer, None)
        .await
        .json();
    assert_eq!(p["status"], "arrived");
    assert_eq!(p["reference"], reference.as_str());
    assert!(!app.get(&nurse, "/board").await.body.contains("Incoming"));
    // The cases CSV says when it was pre-alerted and the ETA given.
    let manager = app.login("manager_all").await;
    let (h, rows) = csv_rows(&app.get(&manager, "/reports/cases.csv?period=7d").await.body);
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let row = rows
        .iter()
        .find(|x| x[col("reference")] == reference)
        .unwrap();
    assert_eq!(row[col("prealerted_utc")], "2026-11-20T12:00:00Z");
    assert_eq!(row[col("prealert_eta_utc")], "2026-11-20T12:15:00Z");
    // A claimed pre-alert cannot be claimed again or cancelled.
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &officer,
            Some(json!({"site": "OAK", "prealert": id})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains(&reference),
        "names the case it became: {}",
        r.body
    );
    let r = app
        .api("DELETE", &format!("/api/v1/prealerts/{id}"), &officer, None)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    // Cancel, and expiry exactly 2 hours after the ETA.
    let second = app
        .api(
            "POST",
            "/api/v1/prealerts",
            &officer,
            Some(json!({"site": "OAK", "eta_minutes": 0})),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let r = app
        .api(
            "DELETE",
            &format!("/api/v1/prealerts/{second}"),
            &officer,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["status"], "cancelled");
    let third = app
        .api(
            "POST",
            "/api/v1/prealerts",
            &officer,
            Some(json!({"site": "OAK", "eta_minutes": 10})),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    // Made at 12:14, due 12:24: listed until 14:24, not at it.
    app.set_now(t0() + Duration::minutes(14 + 10 + 120) - Duration::seconds(1));
    assert_eq!(list(nurse_tok.clone()).await.as_array().unwrap().len(), 1);
    app.set_now(t0() + Duration::minutes(14 + 10 + 120));
    assert!(list(nurse_tok.clone()).await.as_array().unwrap().is_empty());
    let p = app
        .api("GET", &format!("/api/v1/prealerts/{third}"), &officer, None)
        .await
        .json();
    assert_eq!(p["status"], "expired");
    // Audited like everything else.
    let audited: i64 = app
        .db(|c| {
            use diesel::prelude::*;
            use s136::schema::audit_events::dsl::*;
            audit_events
                .filter(entity.eq("prealert"))
                .count()
                .get_result(c)
                .unwrap()
        })
        .await;
    assert_eq!(audited, 4, "three made, one cancelled");
    // Reports: the one arrival was pre-alerted, 14 minutes ahead.
    let manager = app.token("manager_all").await;
    let s = app
        .api(
            "GET",
            "/api/v1/reports/summary?from=2026-11-20&to=2026-11-20",
            &manager,
            None,
        )
        .await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.body);
    let s = s.json();
    assert_eq!(s["prealerted"], 1);
    assert_eq!(s["prealert_share"], 1.0);
    assert_eq!(s["prealert_median_minutes"], 14.0);
    let officer_site = app.login("manager_all").await;
    app.get(&officer_site, "/reports?from=2026-11-20&to=2026-11-20")
        .await
        .assert_contains(
            "1 of the arrivals (100%) was pre-alerted, a median of 14 minutes before it arrived.",
        );
}

async fn the_board_shows_a_change_at_once_and_the_pages_carry_their_stream(app: TestApp) {
    let nurse = app.login("nurse").await;
    let officer = app.login("officer").await;
    let board = app.get(&nurse, "/board").await;
    board.assert_contains("Nobody is waiting");
    board.assert_contains("data-live-after=");
    // Cached per change: the next arrival shows on the very next request.
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let board = app.get(&nurse, "/board").await;
    board.assert_contains(&reference);
    board.assert_contains(&format!(
        "data-announce=\"New arrival: {reference}, Oakwood 136 suite\""
    ));
    // A change made through another instance shows too (PostgreSQL: via the hub).
    let twin = app.twin().await;
    let tw = twin.login("nurse").await;
    let r = twin
        .post(
            &tw,
            &format!("/episodes/{reference}/handover"),
            &[("when", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut shown = false;
    for _ in 0..20 {
        if !app.get(&nurse, "/board").await.body.contains(&reference) {
            shown = true;
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    assert!(
        shown,
        "the board still lists a case handed over on another instance"
    );
    // The waits move on with the minute, not only with changes.
    let second = app.arrive(&officer, "OAK", &[]).await;
    app.get(&nurse, "/board").await.assert_contains("0h 00m");
    app.set_now(t0() + Duration::minutes(61));
    let late = app.get(&nurse, "/board").await;
    late.assert_contains("1h 01m");
    late.assert_contains(&format!(
        "data-breach=\"{second}: past the one-hour target\""
    ));
    // The officer's pages: the acceptance, in words, on home and case page.
    let home = app.get(&officer, "/officer").await;
    home.assert_contains("data-live-after=");
    home.assert_contains("Handover accepted by Alex Morgan");
    let case = app.get(&officer, &format!("/episodes/{reference}")).await;
    case.assert_contains("you may leave");
    case.assert_contains(&format!("data-live-reference=\"{reference}\""));
}
