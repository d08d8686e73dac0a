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
    emails_reach_a_real_smtp_server,
    a_welsh_sites_contacts_get_welsh_emails,
    two_instances_send_each_notification_once,
    kill_9_mid_delivery_loses_nothing,
    the_officer_is_told_and_staff_hear_a_decline,
    the_case_page_and_the_breach_report_show_escalations,
    admins_set_webhooks_escalation_and_contacts_on_pages,
    the_command_line_sets_webhooks_escalation_and_contacts,
    the_retention_purge_clears_payloads,
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
    held: Arc<Mutex<Vec<std::net::TcpStream>>>,
}

/// A receiver status: read the request, then never answer.
pub const HANG: u16 = 0;

impl Receiver {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let r = Receiver {
            port,
            got: Arc::default(),
            status: Arc::new(AtomicU16::new(200)),
            held: Arc::default(),
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
                if status == HANG {
                    // Got it, never answers: the sender cannot know.
                    me.got.lock().unwrap().push(Received {
                        path,
                        headers,
                        body: String::from_utf8_lossy(&body).into_owned(),
                    });
                    me.held.lock().unwrap().push(stream);
                    continue;
                }
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
    with_device(&app, "officer").await;
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
    // Attempts at 0 (a redirect: not followed), +10 s, +40 s (503) fail;
    // not due in between.
    hook.set_status(302);
    let mut now = t0();
    for wait in [0, 10, 30] {
        now += Duration::seconds(wait);
        app.set_now(now - Duration::seconds(1));
        if wait > 0 {
            assert_eq!(worker.round().await, Round::default(), "not due yet");
        }
        app.set_now(now);
        assert_eq!(worker.round().await.retrying, 1);
        hook.set_status(503);
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

// --- Email, against a real SMTP server ----------------------------------------

/// aiosmtpd (PyPI), run by tests/smtp-server/server.py on 127.0.0.1.
pub struct Smtp {
    child: std::process::Child,
    pub port: u16,
    pub dir: tempfile::TempDir,
    /// Kept open: the server must not write into a closed pipe.
    stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

static INSTALL: Mutex<()> = Mutex::new(());

impl Smtp {
    /// Starts the server (making its virtual environment from the pinned
    /// requirements the first time). Fails, never skips, when Python or the
    /// package cannot be had.
    pub fn start() -> Self {
        use std::process::{Command, Stdio};
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp-server");
        let python = format!("{dir}/.venv/bin/python");
        {
            let _one_at_a_time = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
            let ready = Command::new(&python)
                .args(["-c", "import aiosmtpd"])
                .status()
                .is_ok_and(|s| s.success());
            if !ready {
                let ok = Command::new("python3")
                    .args(["-m", "venv", ".venv"])
                    .current_dir(dir)
                    .status()
                    .expect(
                        "python3 is needed for the email tests (Debian: python3, python3-venv)",
                    );
                assert!(ok.success(), "python3 -m venv in tests/smtp-server failed");
                let ok = Command::new(format!("{dir}/.venv/bin/pip"))
                    .args(["install", "-q", "-r", "requirements.txt"])
                    .current_dir(dir)
                    .status()
                    .expect("pip in tests/smtp-server/.venv");
                assert!(ok.success(), "pip install aiosmtpd failed");
            }
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let out = tempfile::tempdir().unwrap();
        let mut child = Command::new(&python)
            .args(["server.py", &port.to_string(), out.path().to_str().unwrap()])
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start tests/smtp-server/server.py");
        let stdout = BufReader::new(child.stdout.take().unwrap());
        // Owned by the guard at once, so a failure below still ends the process.
        let mut smtp = Smtp {
            child,
            port,
            dir: out,
            stdout,
        };
        let mut line = String::new();
        let n = smtp.stdout.read_line(&mut line).unwrap();
        assert!(
            n > 0 && line.trim() == "listening",
            "the SMTP server did not start: {line:?}"
        );
        smtp
    }

    pub fn config(&self) -> Config {
        Config {
            smtp: Some(
                s136::notify::email::SmtpConfig::new(
                    &format!("smtp://127.0.0.1:{}", self.port),
                    "s136 <s136@example.org>",
                )
                .unwrap(),
            ),
            ..Config::default()
        }
    }

    /// The messages received so far, in order (waits up to 5 s for `n`).
    pub fn messages(&self, n: usize) -> Vec<String> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            let mut files: Vec<_> = std::fs::read_dir(self.dir.path())
                .unwrap()
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                .collect();
            if files.len() >= n || std::time::Instant::now() > deadline {
                files.sort_by_key(|p| {
                    p.file_stem()
                        .and_then(|s| s.to_str())
                        .and_then(|s| s.parse::<u32>().ok())
                });
                return files
                    .iter()
                    .map(|p| std::fs::read_to_string(p).unwrap())
                    .collect();
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

async fn add_contact(app: &TestApp, site: &str, role: &str, email: &str) {
    let (site, role, email) = (site.to_string(), role.to_string(), email.to_string());
    app.db(move |c| notify::set_contact(c, &By::Cli, &site, &role, &email, true, t0()).unwrap())
        .await;
}

async fn a_welsh_sites_contacts_get_welsh_emails(app: TestApp) {
    let smtp = Smtp::start();
    add_contact(&app, "OAK", "on_call", "oncall@oak.example.nhs.uk").await;
    app.db(|c| {
        let oak = s136::db::orgs::site_by_code(c, "OAK").unwrap().unwrap();
        s136::db::orgs::set_site_language(c, oak.id, Some("cy")).unwrap();
    })
    .await;
    let hook = Receiver::start();
    add_webhook(&app, &hook.url(), "OAK", "", "").await;
    let worker = Worker::with(&app, smtp.config());
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    assert_eq!(worker.round().await.sent, 2, "the on-call and the webhook");
    let got = smtp.messages(1);
    assert_eq!(got.len(), 1, "{got:#?}");
    // Quoted-printable: its soft line breaks undone.
    let m = &got[0].replace("=\r\n", "").replace("=\n", "");
    assert!(
        m.contains(&format!("Subject: s136: {reference} yn aros 0 mun yn OAK")),
        "{m}"
    );
    assert!(
        m.contains(&format!(
            "Mae {reference} wedi cyrraedd Oakwood 136 suite (WMP): trosglwyddo o fewn 60 munud."
        )),
        "{m}"
    );
    assert!(m.contains("Cyfeirnod: "), "{m}");
    assert!(m.contains("Munudau'n aros: 0"), "{m}");
    // Webhooks are for machines: English, no language field.
    let body = hook.received()[0].json();
    assert!(body.get("lang").is_none(), "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("has arrived at"),
        "{body}"
    );
}

async fn emails_reach_a_real_smtp_server(app: TestApp) {
    let smtp = Smtp::start();
    add_contact(&app, "OAK", "on_call", "oncall@oak.example.nhs.uk").await;
    add_contact(&app, "OAK", "manager", "Manager@Oak.example.nhs.uk").await;
    add_contact(&app, "MOOR", "on_call", "oncall@moor.example.nhs.uk").await;
    let worker = Worker::with(&app, smtp.config());
    let officer = app.login("officer").await;
    let reference = app
        .arrive(
            &officer,
            "OAK",
            &[("notes", "PERSONAL-NOTE about the person")],
        )
        .await;
    assert_eq!(worker.round().await.sent, 1, "on arrival: the on-call");
    app.set_now(t0() + Duration::minutes(45));
    worker.scan().await;
    assert_eq!(worker.round().await.sent, 2, "at 45: on-call and manager");
    app.set_now(t0() + Duration::minutes(60));
    worker.scan().await;
    assert_eq!(worker.round().await.sent, 1, "at 60: the manager");
    let got = smtp.messages(4);
    assert_eq!(got.len(), 4, "{got:#?}");
    let rcpt: Vec<&str> = got.iter().map(|m| m.lines().next().unwrap()).collect();
    assert_eq!(
        rcpt,
        vec![
            "RCPT: oncall@oak.example.nhs.uk",
            "RCPT: oncall@oak.example.nhs.uk",
            "RCPT: manager@oak.example.nhs.uk",
            "RCPT: manager@oak.example.nhs.uk",
        ]
    );
    let at45 = &got[1];
    assert!(
        at45.contains(&format!("Subject: s136: {reference} waiting 45 min at OAK")),
        "{at45}"
    );
    assert!(at45.contains("Minutes waiting: 45"), "{at45}");
    assert!(at45.contains("Escalation threshold: 45 minutes"), "{at45}");
    assert!(at45.contains("Content-Type: text/plain"), "{at45}");
    assert!(
        at45.contains("@s136>"),
        "a Message-ID made of the stable id: {at45}"
    );
    for m in &got {
        assert!(!m.contains("PERSONAL-NOTE"), "{m}");
    }
    // Without an SMTP server configured, email rows wait (retried), never lost.
    let bare = Worker::new(&app);
    app.set_now(t0() + Duration::minutes(120));
    bare.scan().await;
    let r = bare.round().await;
    assert_eq!((r.sent, r.retrying), (0, 1));
}

async fn two_instances_send_each_notification_once(app: TestApp) {
    let hook = Receiver::start();
    add_webhook(&app, &hook.url(), "", "", "escalation").await;
    let twin = app.twin().await;
    let officer = app.login("officer").await;
    let mut references = Vec::new();
    for _ in 0..12 {
        references.push(app.arrive(&officer, "OAK", &[]).await);
    }
    // Both instances' schedulers at 45 minutes, at the same moment.
    let (one, two) = (Worker::new(&app), Worker::new(&twin));
    app.set_now(t0() + Duration::minutes(45));
    twin.set_now(t0() + Duration::minutes(45));
    let (a, b) = futures_util::future::join(one.scan(), two.scan()).await;
    assert_eq!(a.escalations + b.escalations, 12, "{a:?} {b:?}");
    for r in &references {
        assert_eq!(thresholds(&app, r).await, vec![(1, 0), (1, 45)]);
    }
    // Both delivery workers at once, in rounds, until nothing is left.
    let mut sent = (0, 0);
    loop {
        let (a, b) = futures_util::future::join(one.round(), two.round()).await;
        sent.0 += a.sent;
        sent.1 += b.sent;
        if a.sent + b.sent == 0 {
            break;
        }
    }
    assert_eq!(sent.0 + sent.1, 24, "{sent:?}");
    let got = hook.received();
    let mut ids: Vec<String> = got.iter().map(|r| r.headers["x-s136-id"].clone()).collect();
    assert_eq!(ids.len(), 24);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 24, "each notification delivered once");
}

/// `s136 serve` as a separate process on the test's database.
struct Server(std::process::Child);

impl Server {
    fn start(app: &TestApp) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        Server(
            std::process::Command::new(env!("CARGO_BIN_EXE_s136"))
                .args([
                    "--database-url",
                    app.url(),
                    "serve",
                    "--bind",
                    &format!("127.0.0.1:{port}"),
                ])
                .env("RUST_LOG", "warn")
                // A claim held by a killed process runs out after 2 s.
                .env("S136_OUTBOX_LEASE_SECONDS", "2")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("start s136 serve"),
        )
    }
    /// kill -9.
    fn kill(mut self) {
        self.0.kill().unwrap();
        self.0.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn wait_for(what: &str, mut f: impl FnMut() -> bool) {
    for _ in 0..300 {
        if f() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("waited 15 s for {what}");
}

async fn kill_9_mid_delivery_loses_nothing(app: TestApp) {
    let hook = Receiver::start();
    hook.set_status(HANG);
    add_webhook(&app, &hook.url(), "", "", "handover").await;
    let officer = app.login("officer").await;
    let nurse = app.login("nurse").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{reference}/handover"),
            &[("when", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Committed, not delivered. The server's worker sends it; the receiver
    // reads it and never answers; the server is killed before it learns.
    let server = Server::start(&app);
    wait_for("the first delivery", || hook.received().len() == 1).await;
    server.kill();
    let state = || async {
        app.db(|c| {
            notifications::table
                .filter(notifications::channel.eq("webhook"))
                .select((notifications::state, notifications::attempts))
                .first::<(String, i32)>(c)
                .unwrap()
        })
        .await
    };
    assert_eq!(state().await, ("pending".to_string(), 0), "not confirmed");
    // Restarted: once the dead process's claim runs out, it is sent again.
    hook.set_status(200);
    let _server = Server::start(&app);
    let mut done = false;
    for _ in 0..300 {
        if state().await.0 == "sent" {
            done = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(done, "delivered after the restart");
    let got = hook.received();
    assert_eq!(got.len(), 2, "twice, with the same id");
    assert_eq!(got[0].headers["x-s136-id"], got[1].headers["x-s136-id"]);
    assert_eq!(got[0].body, got[1].body);
    assert!(got[1].signed_with(SECRET));
    assert_eq!(got[1].json()["reference"], reference.as_str());
}

/// (channel, target, kind) of the outbox rows, oldest first.
async fn rows(app: &TestApp) -> Vec<(String, String, String)> {
    app.db(|c| {
        notifications::table
            .order(notifications::id.asc())
            .select((
                notifications::channel,
                notifications::target,
                notifications::kind,
            ))
            .load(c)
            .unwrap()
    })
    .await
}

async fn user_id(app: &TestApp, name: &'static str) -> String {
    app.db(move |c| s136::db::users::by_username(c, name).unwrap().unwrap().id)
        .await
        .to_string()
}

/// Gives `name` a browser that turned notifications on (its own endpoint).
async fn with_device(app: &TestApp, name: &'static str) {
    app.db(move |c| {
        let user = s136::db::users::by_username(c, name).unwrap().unwrap();
        let endpoint = format!("https://push.example.net/{name}");
        s136::db::push::upsert(
            c,
            &s136::db::push::NewSubscription {
                user_id: user.id,
                endpoint: &endpoint,
                p256dh: "BExamplePublicKey",
                auth: "ExampleAuth",
                label: "test browser",
            },
            s136::domain::time::to_db(t0()),
        )
        .unwrap();
    })
    .await;
}

async fn the_officer_is_told_and_staff_hear_a_decline(app: TestApp) {
    add_contact(&app, "OAK", "on_call", "oncall@oak.example.nhs.uk").await;
    let (officer_id, nurse_id) = (user_id(&app, "officer").await, user_id(&app, "nurse").await);
    let officer = app.login("officer").await;
    let nurse = app.login("nurse").await;
    let push = |rows: &[(String, String, String)], kind: &str| {
        rows.iter()
            .filter(|(ch, _, k)| ch == "push" && k == kind)
            .map(|(_, t, _)| t.clone())
            .collect::<Vec<_>>()
    };
    // No push row for someone who has not turned notifications on (the case
    // page would list it as sent to nobody).
    let quiet = app.arrive(&officer, "OAK", &[]).await;
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{quiet}/handover"),
            &[("when", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(rows(&app).await.iter().all(|(ch, _, _)| ch != "push"));
    // Both turn them on: the nurse hears of an arrival at her site by push too.
    with_device(&app, "officer").await;
    with_device(&app, "nurse").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    assert_eq!(
        push(&rows(&app).await, "escalation"),
        vec![nurse_id.clone()]
    );
    let worker = Worker::new(&app);
    app.set_now(t0() + Duration::minutes(70));
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{reference}/ask-police-to-stay"),
            &[("reason", "insufficient_staff")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        push(&rows(&app).await, "stay_request"),
        vec![officer_id.clone()]
    );
    let payload: String = app
        .db(|c| {
            notifications::table
                .filter(notifications::kind.eq("stay_request"))
                .select(notifications::payload)
                .first(c)
                .unwrap()
        })
        .await;
    let p: serde_json::Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(p["reason"], "insufficient_staff");
    // Unanswered for 9:59: no reminder; at 10:00, one; never a second.
    app.set_now(t0() + Duration::minutes(70) + Duration::seconds(599));
    assert_eq!(worker.scan().await.reminders, 0);
    app.set_now(t0() + Duration::minutes(80));
    assert_eq!(worker.scan().await.reminders, 1);
    app.set_now(t0() + Duration::minutes(95));
    assert_eq!(worker.scan().await.reminders, 0);
    assert_eq!(
        push(&rows(&app).await, "stay_reminder"),
        vec![officer_id.clone()]
    );
    // The officer declines: the nurse who asked (push) and the on-call (email).
    let r = app
        .post(
            &officer,
            &format!("/episodes/{reference}/stay-answer"),
            &[("agreed", "no")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let all = rows(&app).await;
    assert_eq!(push(&all, "police_declined"), vec![nurse_id]);
    assert!(all.contains(&(
        "email".into(),
        "oncall@oak.example.nhs.uk".into(),
        "police_declined".into()
    )));
    // Handover accepted: the officer is told.
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{reference}/handover"),
            &[("when", "now"), ("delay_reason", "insufficient_staff")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(push(&rows(&app).await, "handover"), vec![officer_id]);
}

async fn the_case_page_and_the_breach_report_show_escalations(app: TestApp) {
    add_contact(&app, "OAK", "manager", "manager@oak.example.nhs.uk").await;
    let worker = Worker::new(&app);
    let officer = app.login("officer").await;
    let nurse = app.login("nurse").await;
    // Two breaches: one escalated at 45 by the scheduler, one whose
    // scheduler never ran before the handover.
    let first = app.arrive(&officer, "OAK", &[]).await;
    let second = app.arrive(&officer, "OAK", &[]).await;
    app.set_now(t0() + Duration::minutes(45));
    worker.scan().await;
    assert_eq!(
        app.db(|c| notifications::table
            .filter(notifications::kind.eq("escalation"))
            .count()
            .get_result::<i64>(c)
            .unwrap())
            .await,
        2,
        "both at 45 minutes: the manager"
    );
    app.set_now(t0() + Duration::minutes(80));
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{first}/handover"),
            &[("when", "now"), ("delay_reason", "insufficient_staff")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Break the second's record of 45 so only one breach was escalated.
    let s2 = second.clone();
    app.db(move |c| {
        use s136::schema::episodes;
        let id: i64 = episodes::table
            .filter(episodes::reference.eq(s2))
            .select(episodes::id)
            .first(c)
            .unwrap();
        diesel::delete(escalations::table.filter(escalations::episode_id.eq(id)))
            .execute(c)
            .unwrap();
    })
    .await;
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{second}/handover"),
            &[("when", "now"), ("delay_reason", "insufficient_staff")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    worker.round().await;
    // The case page: what went to whom, and when.
    let page = app.get(&nurse, &format!("/episodes/{first}")).await;
    page.assert_contains("id=\"notifications\"");
    page.assert_contains("manager@oak.example.nhs.uk");
    page.assert_contains("Fri 20 Nov 2026, 12:45");
    // Officers see the channel, not the addresses.
    let page = app.get(&officer, &format!("/episodes/{first}")).await;
    page.assert_contains("id=\"notifications\"");
    assert!(!page.body.contains("manager@oak.example.nhs.uk"));
    // The breach report: 1 of the 2 breaches was escalated at 45 minutes.
    let manager = app.token("manager_all").await;
    let r = app
        .api(
            "GET",
            "/api/v1/reports/summary?from=2026-11-20&to=2026-11-20",
            &manager,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let s = r.json();
    assert_eq!(s["breaches"], 2, "{s}");
    assert_eq!(s["breaches_escalated_45"], 1);
    assert_eq!(s["escalated_45_share"], 0.5);
    let m = app.login("manager_all").await;
    app.get(&m, "/reports?from=2026-11-20&to=2026-11-20")
        .await
        .assert_contains("Escalated at 45 minutes: 50% of the breaches (1 of 2).");
}

async fn admins_set_webhooks_escalation_and_contacts_on_pages(app: TestApp) {
    let admin = app.login("admin").await;
    let page = app.get(&admin, "/admin/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("No webhooks.");
    // A refused address says why and keeps what was typed (not the secret).
    let r = app
        .post(
            &admin,
            "/admin/webhooks",
            &[
                ("url", "ftp://control.example.org/hook"),
                ("secret", SECRET),
                ("force", "WMP"),
                ("events", "escalation,handover"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("The address must start with https:// or http://");
    r.assert_contains("value=\"ftp://control.example.org/hook\"");
    assert!(!r.body.contains(SECRET));
    let r = app
        .post(
            &admin,
            "/admin/webhooks",
            &[
                ("url", "https://control.example.org/hook"),
                ("secret", "short"),
                ("events", "escalation,tea_break"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("The secret must be at least 16 characters");
    r.assert_contains("&#34;tea_break&#34; is not a notification type");
    let r = app
        .post(
            &admin,
            "/admin/webhooks",
            &[
                ("url", "https://control.example.org/hook"),
                ("secret", SECRET),
                ("force", "WMP"),
                ("events", "escalation"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&admin, &r.location()).await;
    page.assert_contains("Webhook added");
    page.assert_contains("https://control.example.org/hook (force WMP; events: escalation)");
    assert!(!page.body.contains(SECRET), "the secret never shows");
    let id = app
        .db(|c| notify::list_webhooks(c, &By::Cli, s136::i18n::Lang::En).unwrap()[0].id)
        .await;
    let r = app
        .post(&admin, &format!("/admin/webhooks/{id}/remove"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        app.db(|c| notify::list_webhooks(c, &By::Cli, s136::i18n::Lang::En).unwrap())
            .await
            .is_empty()
    );

    // The site's page: escalation thresholds and email contacts.
    let site = app.get(&admin, "/admin/sites/OAK").await;
    site.assert_contains("value=\"0,45,60\"");
    let r = app
        .post(
            &admin,
            "/admin/sites/OAK/escalation",
            &[("at", "0,30,x"), ("repeat", "30")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("&#34;x&#34; is not a number of minutes");
    r.assert_contains("value=\"0,30,x\"");
    let r = app
        .post(
            &admin,
            "/admin/sites/OAK/escalation",
            &[("at", "0,30,45"), ("repeat", "30")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let rule = app.db(|c| notify::rule_for_site(c, "OAK").unwrap()).await;
    assert_eq!((rule.thresholds, rule.repeat), (vec![0, 30, 45], 30));
    let r = app
        .post(
            &admin,
            "/admin/sites/OAK/contacts",
            &[("role", "on_call"), ("email", "not an address")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Enter an email address like");
    let r = app
        .post(
            &admin,
            "/admin/sites/OAK/contacts",
            &[("role", "on_call"), ("email", "OnCall@Oak.example.nhs.uk")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&admin, &r.location()).await;
    page.assert_contains("On call: oncall@oak.example.nhs.uk");
    page.assert_contains("Email contact added");
    let r = app
        .post(
            &admin,
            "/admin/sites/OAK/contacts/remove",
            &[("role", "on_call"), ("email", "oncall@oak.example.nhs.uk")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        app.db(|c| notify::contacts(c, "OAK").unwrap())
            .await
            .is_empty()
    );
    // Not for anyone else; every form checks the CSRF token.
    let manager = app.login("manager_all").await;
    for path in ["/admin/notifications", "/admin/sites/OAK"] {
        assert_eq!(app.get(&manager, path).await.status, StatusCode::FORBIDDEN);
    }
    let r = app
        .post(
            &manager,
            "/admin/sites/OAK/escalation",
            &[("at", "0"), ("repeat", "0")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut forged = admin.clone();
    forged.csrf = "wrong".into();
    let r = app
        .post(
            &forged,
            "/admin/sites/OAK/escalation",
            &[("at", "0"), ("repeat", "0")],
        )
        .await;
    assert_ne!(r.status, StatusCode::SEE_OTHER);
}

async fn the_command_line_sets_webhooks_escalation_and_contacts(app: TestApp) {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_s136"))
            .arg("--database-url")
            .arg(app.url())
            .args(args)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (ok, _, err) = run(&[
        "webhook",
        "add",
        "--url",
        "file:///etc/passwd",
        "--secret",
        SECRET,
    ]);
    assert!(!ok);
    assert!(
        err.contains("--url: The address must start with https:// or http://"),
        "{err}"
    );
    let (ok, out, err) = run(&[
        "webhook",
        "add",
        "--url",
        "https://control.example.org/hook",
        "--secret",
        SECRET,
        "--force",
        "WMP",
        "--events",
        "escalation,handover",
    ]);
    assert!(ok, "{err}");
    assert_eq!(out, "added webhook 1");
    let (_, out, _) = run(&["webhook", "list"]);
    assert_eq!(
        out,
        "1\thttps://control.example.org/hook\tforce WMP\tevents=escalation,handover\tactive"
    );
    assert!(!out.contains(SECRET));
    let (ok, out, err) = run(&[
        "escalation",
        "set",
        "--site",
        "OAK",
        "--at",
        "0,45,60",
        "--repeat",
        "30",
    ]);
    assert!(ok, "{err}");
    assert_eq!(
        out,
        "OAK: escalations at 0,45,60 minutes, then every 30 minutes"
    );
    let (ok, out, err) = run(&[
        "contact",
        "add",
        "--site",
        "OAK",
        "--role",
        "manager",
        "--email",
        "m@oak.example.org",
    ]);
    assert!(ok, "{err}");
    assert_eq!(out, "OAK manager: added m@oak.example.org");
    let (ok, _, _) = run(&["webhook", "remove", "--id", "1"]);
    assert!(ok);
    let (ok, out, _) = run(&["webhook", "list"]);
    assert!(ok && out.is_empty(), "{out}");
}

async fn the_retention_purge_clears_payloads(app: TestApp) {
    use chrono::Months;
    use s136::domain::retention::{self, Period};
    let officer = app.login("officer").await;
    let nurse = app.login("nurse").await;
    with_device(&app, "officer").await;
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
    let r = app
        .post(
            &officer,
            &format!("/episodes/{reference}/cancel"),
            &[("reason", "logged in error")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let payloads = || async {
        app.db(|c| {
            notifications::table
                .select(notifications::payload)
                .load::<String>(c)
                .unwrap()
        })
        .await
    };
    assert!(payloads().await.iter().any(|p| p.contains("Alex Morgan")));
    let purge_at = t0().checked_add_months(Months::new(84)).unwrap();
    let done = app
        .db(move |c| retention::purge(c, Period::parse("6y").unwrap(), purge_at).unwrap())
        .await;
    assert_eq!(done.cases, 1, "{done:?}");
    let after = payloads().await;
    assert!(!after.is_empty());
    assert!(
        after.iter().all(|p| !p.contains("Alex Morgan")),
        "{after:?}"
    );
}
