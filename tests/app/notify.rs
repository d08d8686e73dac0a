//! Notifications (issue 15): the outbox, escalation thresholds, webhooks
//! checked by a real receiving server, retries and the dead-letter list.

use actix_web::http::StatusCode;
use chrono::Duration;
use diesel::prelude::*;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

use crate::both_backends;
use crate::common::{TestApp, t0};
use s136::domain::admin::By;
use s136::domain::notify;
use s136::notify::{Config, Outbox, Round};
use s136::schema::{escalations, notifications};

both_backends!(
    thresholds_fire_once_at_45_and_60_exactly,
    escalations_stop_at_handover,
    a_transfer_starts_the_thresholds_again,
    webhook_bodies_are_signed_with_the_secret,
    a_receiver_down_then_up_gets_it_and_the_last_retry_dead_letters,
    no_personal_data_in_payloads,
);

pub const SECRET: &str = "a-webhook-secret-for-tests";

/// One request a receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: HashMap<String, String>,
    pub body: String,
}

impl Received {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap()
    }
    /// Whether the signature is the HMAC of "timestamp.body" under `secret`.
    pub fn signed_with(&self, secret: &str) -> bool {
        let ts = &self.headers["x-s136-timestamp"];
        self.headers["x-s136-signature"] == s136::notify::webhook::signature(secret, ts, &self.body)
    }
}

/// A real HTTP server on 127.0.0.1 that records each POST and answers with
/// the status it is set to (503 plays "down").
#[derive(Clone)]
pub struct Receiver {
    pub port: u16,
    pub got: Arc<Mutex<Vec<Received>>>,
    pub status: Arc<AtomicU16>,
}

impl Receiver {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let r = Receiver {
            port,
            got: Arc::default(),
            status: Arc::new(AtomicU16::new(200)),
        };
        let me = r.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                let path = line.split(' ').nth(1).unwrap_or_default().to_string();
                let mut headers = HashMap::new();
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                        break;
                    }
                    if let Some((k, v)) = h.trim_end().split_once(':') {
                        headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
                    }
                }
                let len: usize = headers
                    .get("content-length")
                    .and_then(|l| l.parse().ok())
                    .unwrap_or(0);
                let mut body = vec![0; len];
                let _ = reader.read_exact(&mut body);
                let status = me.status.load(Ordering::SeqCst);
                if status == 200 {
                    me.got.lock().unwrap().push(Received {
                        path,
                        headers,
                        body: String::from_utf8_lossy(&body).into_owned(),
                    });
                }
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            }
        });
        r
    }
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hook", self.port)
    }
    pub fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }
    pub fn set_status(&self, s: u16) {
        self.status.store(s, Ordering::SeqCst);
    }
}

/// The app's delivery worker, driven by the test (one round per call).
pub struct Worker(Arc<Outbox>);

impl Worker {
    pub fn new(app: &TestApp) -> Self {
        Self::with(app, Config::default())
    }
    pub fn with(app: &TestApp, config: Config) -> Self {
        Worker(Arc::new(
            Outbox::new(app.state.pool.clone(), app.state.clock.clone(), config).unwrap(),
        ))
    }
    pub async fn round(&self) -> Round {
        let o = self.0.clone();
        actix_web::web::block(move || o.run_once().unwrap())
            .await
            .unwrap()
    }
    pub async fn scan(&self) -> notify::Scanned {
        let o = self.0.clone();
        actix_web::web::block(move || o.scan().unwrap())
            .await
            .unwrap()
    }
}

pub async fn add_webhook(app: &TestApp, url: &str, site: &str, force: &str, events: &str) -> i64 {
    let (url, site, force, events) = (
        url.to_string(),
        site.to_string(),
        force.to_string(),
        events.to_string(),
    );
    app.db(move |c| {
        notify::add_webhook(c, &By::Cli, &url, SECRET, &site, &force, &events, t0()).unwrap()
    })
    .await
}

/// Thresholds recorded for the stays of `reference`, (stay seq, minutes).
pub async fn thresholds(app: &TestApp, reference: &str) -> Vec<(i32, i32)> {
    use s136::schema::{episodes, stays};
    let r = reference.to_string();
    app.db(move |c| {
        escalations::table
            .inner_join(stays::table.on(stays::id.eq(escalations::stay_id)))
            .inner_join(episodes::table.on(episodes::id.eq(escalations::episode_id)))
            .filter(episodes::reference.eq(r))
            .order((stays::seq.asc(), escalations::threshold_minutes.asc()))
            .select((stays::seq, escalations::threshold_minutes))
            .load(c)
            .unwrap()
    })
    .await
}

async fn thresholds_fire_once_at_45_and_60_exactly(app: TestApp) {
    let hook = Receiver::start();
    add_webhook(&app, &hook.url(), "OAK", "", "escalation").await;
    let worker = Worker::new(&app);
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    // Threshold 0 is recorded by the arrival itself, in its transaction.
    assert_eq!(thresholds(&app, &reference).await, vec![(1, 0)]);
    for (at, expected) in [
        (Duration::seconds(1), vec![0]),
        (Duration::minutes(44), vec![0]),
        (Duration::seconds(45 * 60 - 1), vec![0]),
        (Duration::minutes(45), vec![0, 45]),
        (Duration::seconds(45 * 60 + 30), vec![0, 45]),
        (Duration::seconds(60 * 60 - 1), vec![0, 45]),
        (Duration::minutes(60), vec![0, 45, 60]),
        (Duration::minutes(61), vec![0, 45, 60]),
    ] {
        app.set_now(t0() + at);
        worker.scan().await;
        worker.scan().await;
        let got: Vec<i32> = thresholds(&app, &reference)
            .await
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        assert_eq!(got, expected, "at +{}s", at.num_seconds());
    }
    assert_eq!(worker.round().await.sent, 3);
    let got = hook.received();
    let sent: Vec<i64> = got
        .iter()
        .map(|r| r.json()["threshold_minutes"].as_i64().unwrap())
        .collect();
    assert_eq!(sent, vec![0, 45, 60]);
    let at45 = got[1].json();
    assert_eq!(at45["type"], "escalation");
    assert_eq!(at45["reference"], reference.as_str());
    assert_eq!(at45["site"], "OAK");
    assert_eq!(at45["force"], "WMP");
    assert_eq!(at45["minutes_waiting"], 45);
    assert_eq!(at45["at"], "2026-11-20T12:45:00Z");
    // Nothing more to send.
    assert_eq!(worker.round().await, Round::default());
    // The escalation is also on the live stream's events.
    let kinds: Vec<String> = app
        .db(|c| {
            s136::schema::events::table
                .order(s136::schema::events::id.asc())
                .select(s136::schema::events::kind)
                .load(c)
                .unwrap()
        })
        .await;
    assert_eq!(kinds.iter().filter(|k| *k == "escalation").count(), 2);
}

async fn escalations_stop_at_handover(app: TestApp) {
    let worker = Worker::new(&app);
    let officer = app.login("officer").await;
    let nurse = app.login("nurse").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    app.set_now(t0() + Duration::minutes(50));
    worker.scan().await;
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{reference}/handover"),
            &[("when", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    for m in [60, 120, 300] {
        app.set_now(t0() + Duration::minutes(m));
        worker.scan().await;
    }
    assert_eq!(thresholds(&app, &reference).await, vec![(1, 0), (1, 45)]);
    // A cancelled case stops too; so does an ended detention (the scan's
    // filter is the board's: not cancelled, still held).
    let other = app.arrive(&officer, "OAK", &[]).await;
    let r = app
        .post(
            &officer,
            &format!("/episodes/{other}/cancel"),
            &[("reason", "logged in error")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.set_now(t0() + Duration::minutes(300 + 61));
    worker.scan().await;
    assert_eq!(thresholds(&app, &other).await, vec![(1, 0)]);
}

async fn a_transfer_starts_the_thresholds_again(app: TestApp) {
    let worker = Worker::new(&app);
    let officer = app.login("officer").await;
    let nurse = app.login("nurse").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    app.set_now(t0() + Duration::minutes(50));
    worker.scan().await;
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{reference}/transfer"),
            &[("site", "MOOR"), ("left", "now"), ("arrival", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // The new stay starts at 0; its 45 is 45 minutes after arriving there.
    assert_eq!(
        thresholds(&app, &reference).await,
        vec![(1, 0), (1, 45), (2, 0)]
    );
    app.set_now(t0() + Duration::minutes(50 + 44));
    worker.scan().await;
    assert_eq!(thresholds(&app, &reference).await.len(), 3);
    app.set_now(t0() + Duration::minutes(50 + 45));
    worker.scan().await;
    assert_eq!(
        thresholds(&app, &reference).await,
        vec![(1, 0), (1, 45), (2, 0), (2, 45)]
    );
}

async fn webhook_bodies_are_signed_with_the_secret(app: TestApp) {
    let hook = Receiver::start();
    let all = add_webhook(&app, &hook.url(), "", "", "").await;
    let worker = Worker::new(&app);
    let officer = app.login("officer").await;
    let nurse = app.login("nurse").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    app.set_now(t0() + Duration::minutes(20));
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{reference}/handover"),
            &[("when", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    worker.round().await;
    let got = hook.received();
    assert_eq!(got.len(), 2, "arrival escalation and handover: {got:?}");
    for r in &got {
        assert_eq!(r.path, "/hook");
        assert!(r.signed_with(SECRET), "{r:?}");
        assert!(!r.signed_with("another-secret-entirely"));
        assert_eq!(r.headers["content-type"], "application/json");
        assert_eq!(r.headers["x-s136-id"], r.json()["id"].as_str().unwrap());
    }
    let handover = got[1].json();
    assert_eq!(handover["type"], "handover");
    assert_eq!(handover["accepted_by"], "Alex Morgan");
    assert_eq!(handover["minutes_waiting"], 20);
    assert!(
        handover["message"]
            .as_str()
            .unwrap()
            .contains("accepted at Oakwood 136 suite by Alex Morgan at 12:20: you may leave")
    );
    // A signature over the body with another timestamp does not verify.
    let mut forged = got[0].clone();
    forged.headers.insert("x-s136-timestamp".into(), "1".into());
    assert!(!forged.signed_with(SECRET));
    // Removing the webhook: nothing more goes there.
    app.db(move |c| notify::remove_webhook(c, &By::Cli, all, t0()).unwrap())
        .await;
    app.set_now(t0() + Duration::hours(2));
    let other = app.arrive(&officer, "OAK", &[]).await;
    worker.round().await;
    assert!(!hook.received().iter().any(|r| r.body.contains(&other)));
}

async fn a_receiver_down_then_up_gets_it_and_the_last_retry_dead_letters(app: TestApp) {
    let hook = Receiver::start();
    hook.set_status(503);
    add_webhook(&app, &hook.url(), "OAK", "", "escalation").await;
    let worker = Worker::new(&app);
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    // Attempts at 0, +10 s, +40 s fail; not due in between.
    let mut now = t0();
    for wait in [0, 10, 30] {
        now += Duration::seconds(wait);
        app.set_now(now - Duration::seconds(1));
        if wait > 0 {
            assert_eq!(worker.round().await, Round::default(), "not due yet");
        }
        app.set_now(now);
        assert_eq!(worker.round().await.retrying, 1);
    }
    hook.set_status(200);
    now += Duration::seconds(120);
    app.set_now(now);
    assert_eq!(worker.round().await.sent, 1);
    let got = hook.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].json()["reference"], reference.as_str());
    let (attempts, state): (i32, String) = app
        .db(|c| {
            notifications::table
                .select((notifications::attempts, notifications::state))
                .first(c)
                .unwrap()
        })
        .await;
    assert_eq!((attempts, state.as_str()), (4, "sent"));

    // Down for good: after the last retry, the dead-letter list.
    hook.set_status(500);
    let second = app.arrive(&officer, "OAK", &[]).await;
    let mut failed = 0;
    for wait in std::iter::once(0).chain(notify::BACKOFF_SECONDS.iter().copied()) {
        now += Duration::seconds(wait);
        app.set_now(now);
        let r = worker.round().await;
        failed += r.failed;
    }
    assert_eq!(failed, 1);
    let admin = app.login("admin").await;
    let page = app.get(&admin, "/admin/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains(&second);
    page.assert_contains("the receiver answered 500");
    let id: i64 = app
        .db(|c| {
            notifications::table
                .filter(notifications::state.eq("failed"))
                .select(notifications::id)
                .first(c)
                .unwrap()
        })
        .await;
    // Retried from the admin page once the receiver is back.
    hook.set_status(200);
    let r = app
        .post(&admin, &format!("/admin/notifications/{id}/retry"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(worker.round().await.sent, 1);
    assert!(hook.received().iter().any(|r| r.body.contains(&second)));
    // Only admins see or retry.
    let nurse = app.login("nurse").await;
    assert_eq!(
        app.get(&nurse, "/admin/notifications").await.status,
        StatusCode::FORBIDDEN
    );
}

async fn no_personal_data_in_payloads(app: TestApp) {
    let officer = app.login("officer").await;
    let nurse = app.login("nurse").await;
    add_webhook(&app, "http://127.0.0.1:9/x", "", "", "").await;
    let reference = app
        .arrive(
            &officer,
            "OAK",
            &[("notes", "PERSONAL-NOTE Jane Doe, born 1990")],
        )
        .await;
    app.set_now(t0() + Duration::minutes(70));
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{reference}/ask-police-to-stay"),
            &[
                ("reason", "other"),
                ("reason_note", "PERSONAL-NOTE about Jane"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    Worker::new(&app).scan().await;
    let payloads: Vec<String> = app
        .db(|c| {
            notifications::table
                .select(notifications::payload)
                .load(c)
                .unwrap()
        })
        .await;
    assert!(payloads.len() >= 3, "{payloads:?}");
    for p in &payloads {
        assert!(!p.contains("PERSONAL-NOTE") && !p.contains("Jane"), "{p}");
    }
}
