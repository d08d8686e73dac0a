//! Web Push end to end against a real receiving push service:
//! tests/push-endpoint/server.py (Python, `http_ece` and `cryptography` from
//! PyPI in a venv) makes a browser's subscription (its own P-256 key pair and
//! auth secret), checks each push as a push service does (the VAPID JWT's
//! ES256 signature, aud, exp, sub; TTL; aes128gcm) and decrypts the payload
//! with the subscription's keys. The page's calls are made as static/push.js
//! makes them: JSON, the session cookie, the CSRF token in a header.

use actix_web::http::StatusCode;
use actix_web::test as atest;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use diesel::prelude::*;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;

use crate::both_backends;
use crate::common::{Resp, Sess, TestApp};
use crate::notify::Worker;
use s136::domain::push::{Message, vapid_keys};
use s136::notify::push::{Sender, deliver_to_user};
use s136::notify::{Config, Round};

both_backends!(
    a_device_gets_the_message_encrypted_signed_and_decrypted,
    a_subscription_the_push_service_says_is_gone_is_ended,
    a_failing_push_service_is_a_failure_to_retry,
    the_outbox_tells_the_officer_on_their_phone,
    a_welsh_speaking_officer_is_told_in_welsh,
    another_user_cannot_end_or_see_my_subscription,
    bad_subscriptions_are_refused_and_nothing_is_stored,
    the_key_pair_is_made_once_and_shared_by_instances
);

/// The tests' push service, ended when dropped.
pub struct Endpoint {
    child: Child,
    pub url: String,
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

static INSTALL: Mutex<()> = Mutex::new(());

/// Starts the push service (installing its venv the first time). Fails,
/// never skips, when Python or the packages cannot be had.
pub fn endpoint() -> Endpoint {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/push-endpoint");
    let python = format!("{dir}/.venv/bin/python");
    {
        let _one_at_a_time = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
        let ready = Command::new(&python)
            .args(["-c", "import http_ece, cryptography"])
            .status()
            .is_ok_and(|s| s.success());
        if !ready {
            let ok = Command::new("bash")
                .arg(format!("{dir}/install.sh"))
                .status()
                .expect("bash is needed to install the tests' push service");
            assert!(
                ok.success(),
                "tests/push-endpoint/install.sh failed: the push tests need python3-venv and PyPI"
            );
        }
    }
    let mut child = Command::new(&python)
        .arg(format!("{dir}/server.py"))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the tests' push service did not start");
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let n = out.read_line(&mut line).unwrap_or(0);
    let url = line.trim().strip_prefix("url=").map(str::to_string);
    let ep = Endpoint {
        child,
        url: url.unwrap_or_default(),
        _stdout: out,
    };
    assert!(
        n > 0 && !ep.url.is_empty(),
        "the push service exited before it listened"
    );
    ep
}

impl Endpoint {
    fn agent() -> ureq::Agent {
        ureq::AgentBuilder::new()
            .timeout(std::time::Duration::from_secs(10))
            .build()
    }
    /// A new browser subscription, as `PushSubscription.toJSON()` gives it.
    pub fn subscription(&self) -> Value {
        let r = Self::agent()
            .post(&format!("{}/subscriptions", self.url))
            .send_string("")
            .unwrap();
        serde_json::from_str(&r.into_string().unwrap()).unwrap()
    }
    pub fn set_mode(&self, sub: &Value, mode: &str) {
        Self::agent()
            .post(&format!(
                "{}/subscriptions/{}/mode",
                self.url,
                sub["id"].as_str().unwrap()
            ))
            .send_string(&json!({ "mode": mode }).to_string())
            .unwrap();
    }
    pub fn received(&self, sub: &Value) -> Vec<Value> {
        let r = Self::agent()
            .get(&format!(
                "{}/received?id={}",
                self.url,
                sub["id"].as_str().unwrap()
            ))
            .call()
            .unwrap();
        serde_json::from_str(&r.into_string().unwrap()).unwrap()
    }
}

/// A JSON call from the page: cookie, CSRF header, JSON body.
pub async fn call(app: &TestApp, s: &Sess, path: &str, body: Option<Value>) -> Resp {
    let req = match &body {
        Some(_) => atest::TestRequest::post(),
        None => atest::TestRequest::get(),
    }
    .uri(path)
    .insert_header(("cookie", s.cookie.clone()))
    .insert_header(("x-csrf-token", s.csrf.clone()))
    .insert_header(("sec-fetch-site", "same-origin"));
    let req = match body {
        Some(b) => req
            .insert_header(("content-type", "application/json"))
            .set_payload(b.to_string()),
        None => req,
    };
    app.send(req).await
}

pub async fn subscribe(app: &TestApp, s: &Sess, sub: &Value) -> Resp {
    let mut body = sub.clone();
    body["label"] = json!("Chrome on Linux");
    call(app, s, "/push/subscriptions", Some(body)).await
}

/// The app's delivery worker, with the test app's push settings.
fn worker(app: &TestApp) -> Worker {
    Worker::with(
        app,
        Config {
            push: app.state.push.clone(),
            ..Config::default()
        },
    )
}

/// The page's "Send me a test notification", then one delivery round.
async fn send_test(app: &TestApp, s: &Sess, w: &Worker) -> (Value, Round) {
    let r = call(app, s, "/push/test", Some(json!({}))).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    (r.json(), w.round().await)
}

fn round(sent: usize, retrying: usize, failed: usize) -> Round {
    Round {
        sent,
        retrying,
        failed,
    }
}

async fn rows(app: &TestApp) -> Vec<(i64, i64, Option<String>, i32)> {
    use s136::schema::push_subscriptions as ps;
    app.db(|c| {
        ps::table
            .order(ps::id)
            .select((ps::id, ps::user_id, ps::ended_reason, ps::failures))
            .load(c)
            .unwrap()
    })
    .await
}

async fn a_device_gets_the_message_encrypted_signed_and_decrypted(app: TestApp) {
    let ep = endpoint();
    let nurse = app.login("nurse").await;
    let key = call(&app, &nurse, "/push/key", None).await;
    assert_eq!(key.status, StatusCode::OK, "{}", key.body);
    let public = key.json()["public_key"].as_str().unwrap().to_string();
    let point = URL_SAFE_NO_PAD.decode(&public).unwrap();
    assert_eq!(
        (point.len(), point[0]),
        (65, 4),
        "an uncompressed P-256 point"
    );

    let sub = ep.subscription();
    let r = subscribe(&app, &nurse, &sub).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["label"], "Chrome on Linux");
    let listed = call(&app, &nurse, "/push/subscriptions", None).await.json();
    assert_eq!(listed["subscriptions"][0]["endpoint"], sub["endpoint"]);

    // The page's "Send me a test notification": queued, sent by the worker.
    let w = worker(&app);
    let (r, done) = send_test(&app, &nurse, &w).await;
    assert_eq!(r, json!({ "queued": true, "devices": 1 }));
    assert_eq!(done, round(1, 0, 0));
    let got = ep.received(&sub);
    assert_eq!(got.len(), 1, "{got:?}");
    let m = &got[0];
    assert!(m.get("refused").is_none(), "the push service refused: {m}");
    assert_eq!(m["ttl"], "3600");
    assert_eq!(m["urgency"], "normal");
    assert_eq!(
        m["claims"]["aud"],
        json!(ep.url),
        "aud is the endpoint's origin"
    );
    assert!(m["claims"]["sub"].as_str().unwrap().starts_with("mailto:"));
    let payload = &m["payload"];
    let mut fields: Vec<&str> = payload
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort();
    assert_eq!(fields, ["body", "id", "title", "type", "url"]);
    assert_eq!(payload["type"], "test");
    assert_eq!(payload["title"], "s136 test notification");
    assert_eq!(payload["url"], "/");
    let key: String = app
        .db(|c| {
            use s136::schema::notifications as n;
            n::table.select(n::key).first(c).unwrap()
        })
        .await;
    assert_eq!(payload["id"], json!(key), "the outbox row's stable id");

    // A case message, sent by the transport as the outbox does: urgent, and
    // decrypted to exactly what was sent (codes, site, minutes: no names).
    let reference = app.arrive(&app.login("officer").await, "OAK", &[]).await;
    let msg = Message {
        id: "n-42".into(),
        kind: "escalation".into(),
        title: "Handover at 45 minutes: OAK".into(),
        body: format!("{reference} at Oakwood 136 suite has waited 45 minutes."),
        url: format!("/episodes/{reference}"),
        urgent: true,
    };
    let user_id = app.db(|c| crate::common::actor(c, "nurse").user_id).await;
    let now = app.state.now();
    let sent = msg.clone();
    let cfg = app.state.push.clone();
    let report = app
        .db(move |c| {
            let sender = Sender::new(vapid_keys(c).unwrap(), cfg);
            deliver_to_user(c, &sender, user_id, &sent, now).unwrap()
        })
        .await;
    assert_eq!((report.delivered, report.failed), (1, 0));
    let got = ep.received(&sub);
    assert_eq!(got.len(), 2);
    assert_eq!(got[1]["urgency"], "high");
    let decrypted: Message = serde_json::from_value(got[1]["payload"].clone()).unwrap();
    // Urgency travels as the header, not in the payload.
    assert_eq!(
        decrypted,
        Message {
            urgent: false,
            ..msg
        }
    );
    let text = got[1]["payload"].to_string();
    for personal in ["PC Sam Patel", "Alex Morgan"] {
        assert!(!text.contains(personal), "{personal} in {text}");
    }
    // The delivery is recorded on the subscription.
    let last: Option<chrono::NaiveDateTime> = app
        .db(|c| {
            use s136::schema::push_subscriptions as ps;
            ps::table.select(ps::last_success_at).first(c).unwrap()
        })
        .await;
    assert_eq!(last, Some(now.naive_utc()));
}

async fn a_subscription_the_push_service_says_is_gone_is_ended(app: TestApp) {
    let ep = endpoint();
    let nurse = app.login("nurse").await;
    let sub = ep.subscription();
    assert_eq!(
        subscribe(&app, &nurse, &sub).await.status,
        StatusCode::CREATED
    );
    ep.set_mode(&sub, "gone");
    let w = worker(&app);
    let (_, done) = send_test(&app, &nurse, &w).await;
    assert_eq!(done, round(1, 0, 0), "nothing left to retry");
    assert_eq!(rows(&app).await[0].2.as_deref(), Some("gone"));
    let listed = call(&app, &nurse, "/push/subscriptions", None).await.json();
    assert_eq!(listed["subscriptions"], json!([]));
    // Not tried again.
    let (r, done) = send_test(&app, &nurse, &w).await;
    assert_eq!(r, json!({ "queued": false, "devices": 0 }));
    assert_eq!(done, round(0, 0, 0));
    // Subscribing again (the browser made a new one at the same address)
    // makes it active again.
    ep.set_mode(&sub, "ok");
    assert_eq!(
        subscribe(&app, &nurse, &sub).await.status,
        StatusCode::CREATED
    );
    assert_eq!(send_test(&app, &nurse, &w).await.1, round(1, 0, 0));
    assert_eq!(ep.received(&sub).len(), 1);
    assert_eq!(rows(&app).await.len(), 1, "one row per endpoint");
}

async fn a_failing_push_service_is_a_failure_to_retry(app: TestApp) {
    let ep = endpoint();
    let nurse = app.login("nurse").await;
    let sub = ep.subscription();
    assert_eq!(
        subscribe(&app, &nurse, &sub).await.status,
        StatusCode::CREATED
    );
    ep.set_mode(&sub, "fail");
    let w = worker(&app);
    let (_, done) = send_test(&app, &nurse, &w).await;
    assert_eq!(done, round(0, 1, 0), "to be tried again");
    let row = rows(&app).await[0].clone();
    assert_eq!((row.2, row.3), (None, 1), "still active, one failure");
    // The push service is back by the retry, 10 s later: delivered once.
    ep.set_mode(&sub, "ok");
    app.set_now(app.state.now() + chrono::Duration::seconds(11));
    assert_eq!(w.round().await, round(1, 0, 0));
    assert_eq!(ep.received(&sub).len(), 1);
    assert_eq!(rows(&app).await[0].3, 0, "a delivery clears the count");
    // A push service that does not answer at all is a failure too.
    let dead = json!({
        "endpoint": "http://127.0.0.1:9/push/nobody",
        "keys": sub["keys"].clone(),
    });
    let officer = app.login("officer").await;
    assert_eq!(
        subscribe(&app, &officer, &dead).await.status,
        StatusCode::CREATED
    );
    assert_eq!(send_test(&app, &officer, &w).await.1, round(0, 1, 0));
    assert_eq!(rows(&app).await[1].3, 1);
    // A disabled account's devices are told nothing more.
    app.db(|c| {
        s136::domain::admin::disable_user(
            c,
            &s136::domain::admin::By::Cli,
            "nurse",
            chrono::Utc::now(),
        )
        .unwrap()
    })
    .await;
    let user_id = app.db(|c| crate::common::actor(c, "nurse").user_id).await;
    let (now, cfg) = (app.state.now(), app.state.push.clone());
    let report = app
        .db(move |c| {
            let sender = Sender::new(vapid_keys(c).unwrap(), cfg);
            let msg = Message::from_outbox("test", r#"{"id":"x","message":"m"}"#).unwrap();
            deliver_to_user(c, &sender, user_id, &msg, now).unwrap()
        })
        .await;
    assert_eq!(report.delivered + report.failed, 0);
    assert_eq!(ep.received(&sub).len(), 1, "still only the one from before");
}

async fn the_outbox_tells_the_officer_on_their_phone(app: TestApp) {
    let ep = endpoint();
    let w = worker(&app);
    let officer = app.login("officer").await;
    let phone = ep.subscription();
    assert_eq!(
        subscribe(&app, &officer, &phone).await.status,
        StatusCode::CREATED
    );
    let reference = app
        .arrive(
            &officer,
            "OAK",
            &[("notes", "Jane Doe of 14 Acacia Avenue")],
        )
        .await;
    w.round().await;
    let nurse = app.login("nurse").await;
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{reference}/handover"),
            &[
                ("when", "now"),
                ("accepted_by_name", "Sam Jones"),
                ("accepted_by_role", "Nurse in charge"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(w.round().await.sent, 1);
    let got = ep.received(&phone);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].get("refused").is_none(), "{}", got[0]);
    let p = &got[0]["payload"];
    assert_eq!(p["type"], "handover");
    assert_eq!(p["title"], json!(format!("Handover accepted: {reference}")));
    assert_eq!(p["url"], json!(format!("/episodes/{reference}")));
    assert!(p["body"].as_str().unwrap().contains("you may leave"), "{p}");
    let text = p.to_string();
    for personal in ["Jane Doe", "Acacia"] {
        assert!(!text.contains(personal), "{personal} in {text}");
    }
    // Sent: the row says so.
    let state: String = app
        .db(|c| {
            use s136::schema::notifications as n;
            n::table
                .filter(n::channel.eq("push"))
                .select(n::state)
                .first(c)
                .unwrap()
        })
        .await;
    assert_eq!(state, "sent");
}

async fn a_welsh_speaking_officer_is_told_in_welsh(app: TestApp) {
    let ep = endpoint();
    let w = worker(&app);
    let officer = app.login("officer").await;
    let r = app.get(&officer, "/language?to=cy&next=/board").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let phone = ep.subscription();
    assert_eq!(
        subscribe(&app, &officer, &phone).await.status,
        StatusCode::CREATED
    );
    let reference = app.arrive(&officer, "OAK", &[]).await;
    w.round().await;
    let nurse = app.login("nurse").await;
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{reference}/handover"),
            &[
                ("when", "now"),
                ("accepted_by_name", "Sam Jones"),
                ("accepted_by_role", "Nurse in charge"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(w.round().await.sent, 1);
    let got = ep.received(&phone);
    assert_eq!(got.len(), 1, "{got:?}");
    let p = &got[0]["payload"];
    assert_eq!(
        p["title"],
        json!(format!("Derbyniwyd y trosglwyddiad: {reference}"))
    );
    let body = p["body"].as_str().unwrap();
    assert!(
        body.starts_with(&format!(
            "Derbyniwyd trosglwyddiad {reference} yn Oakwood 136 suite gan Sam Jones am "
        )),
        "{body}"
    );
    assert!(body.ends_with(": cewch adael."), "{body}");
    // The test message too.
    let (_, done) = send_test(&app, &officer, &w).await;
    assert_eq!(done.sent, 1);
    let got = ep.received(&phone);
    assert_eq!(got[1]["payload"]["title"], "Hysbysiad prawf s136");
}

async fn another_user_cannot_end_or_see_my_subscription(app: TestApp) {
    let ep = endpoint();
    let nurse = app.login("nurse").await;
    let other = app.login("nurse2").await;
    let sub = ep.subscription();
    let mine = subscribe(&app, &nurse, &sub).await.json();
    let id = mine["id"].as_i64().unwrap();
    let theirs = call(&app, &other, "/push/subscriptions", None).await.json();
    assert_eq!(theirs["subscriptions"], json!([]));
    for which in [json!({ "id": id }), json!({ "endpoint": sub["endpoint"] })] {
        let r = call(&app, &other, "/push/subscriptions/delete", Some(which)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        assert_eq!(r.json()["error"]["code"], "not_found");
    }
    assert_eq!(rows(&app).await[0].2, None, "still active");
    // Without the CSRF token nothing is ended either.
    let no_token = Sess {
        csrf: String::new(),
        ..nurse.clone()
    };
    let r = call(
        &app,
        &no_token,
        "/push/subscriptions/delete",
        Some(json!({ "id": id })),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["error"]["code"], "csrf_failed");
    // The owner can.
    let r = call(
        &app,
        &nurse,
        "/push/subscriptions/delete",
        Some(json!({ "id": id })),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(rows(&app).await[0].2.as_deref(), Some("unsubscribed"));
    let r = call(&app, &nurse, "/push/test", Some(json!({}))).await;
    assert_eq!(r.json(), json!({ "queued": false, "devices": 0 }));
    assert!(ep.received(&sub).is_empty());
    // Signed out: a JSON 401, not the sign-in page.
    let r = call(&app, &Sess::anonymous(), "/push/subscriptions", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["error"]["code"], "unauthorized");
}

async fn bad_subscriptions_are_refused_and_nothing_is_stored(app: TestApp) {
    let ep = endpoint();
    let nurse = app.login("nurse").await;
    let good = ep.subscription();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        f(&mut v);
        v
    };
    let cases: Vec<(Value, &str)> = vec![
        (
            with(&|v| v["endpoint"] = json!("http://push.example.net/x")),
            "endpoint",
        ),
        (
            with(&|v| v["endpoint"] = json!("javascript:alert(1)")),
            "endpoint",
        ),
        (with(&|v| v["endpoint"] = json!("")), "endpoint"),
        (
            with(&|v| v["keys"]["p256dh"] = json!("not base64!")),
            "keys.p256dh",
        ),
        (
            with(&|v| v["keys"]["p256dh"] = json!(URL_SAFE_NO_PAD.encode([4u8; 65]))),
            "keys.p256dh",
        ),
        (with(&|v| v["keys"]["auth"] = json!("c2hvcnQ")), "keys.auth"),
        (with(&|v| v["label"] = json!("x".repeat(61))), "label"),
        (json!({}), "endpoint"),
    ];
    for (body, field) in cases {
        let r = call(&app, &nurse, "/push/subscriptions", Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.body);
        let e = r.json();
        assert_eq!(e["error"]["code"], "bad_request");
        assert!(
            e["error"]["fields"][field]
                .as_str()
                .is_some_and(|m| m.len() > 10),
            "{body}: expected a message for {field}: {e}"
        );
    }
    for raw in ["not json", "[1,2]", "{\"endpoint\": 5}"] {
        let r = app
            .send(
                atest::TestRequest::post()
                    .uri("/push/subscriptions")
                    .insert_header(("cookie", nurse.cookie.clone()))
                    .insert_header(("x-csrf-token", nurse.csrf.clone()))
                    .insert_header(("content-type", "application/json"))
                    .set_payload(raw),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{raw}: {}", r.body);
        assert!(
            r.json()["error"]["message"]
                .as_str()
                .unwrap()
                .contains("JSON")
        );
    }
    // From another site: refused before the handler.
    let r = app
        .send(
            atest::TestRequest::post()
                .uri("/push/subscriptions")
                .insert_header(("cookie", nurse.cookie.clone()))
                .insert_header(("x-csrf-token", nurse.csrf.clone()))
                .insert_header(("sec-fetch-site", "cross-site"))
                .insert_header(("content-type", "application/json"))
                .set_payload(good.to_string()),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(rows(&app).await.is_empty(), "nothing stored");
}

async fn the_key_pair_is_made_once_and_shared_by_instances(app: TestApp) {
    let twin = app.twin().await;
    let nurse = app.login("nurse").await;
    let a = call(&app, &nurse, "/push/key", None).await.json();
    let b = call(&twin, &nurse, "/push/key", None).await.json();
    assert_eq!(a["public_key"], b["public_key"]);
    // What is stored is the private half; the page only ever gets the public one.
    let stored: String = app
        .db(|c| {
            s136::db::orgs::setting(c, "vapid_private_key")
                .unwrap()
                .unwrap()
        })
        .await;
    assert_eq!(URL_SAFE_NO_PAD.decode(&stored).unwrap().len(), 32);
    let page = app.get(&nurse, "/board").await;
    assert!(!page.body.contains(&stored));
    // The board and the officer home carry the control, hidden until the
    // script finds push supported.
    page.assert_contains("data-push data-push-csrf=");
    let officer = app.login("officer").await;
    let home = app.get(&officer, "/officer").await;
    home.assert_contains("aria-labelledby=\"push-heading\" hidden>");
    assert!(!a.to_string().contains(&stored));
}
