//! `/metrics` (token, content from the domain's own figures) and the JSON log
//! (request id, no query strings, bodies or personal data).

use actix_web::http::StatusCode;
use actix_web::test as atest;
use actix_web::web;
use chrono::Duration;
use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::both_backends;
use crate::common::{METRICS_TOKEN, TestApp, t0};

both_backends!(
    metrics_ask_for_the_token,
    metrics_count_requests_waiting_and_breaches,
);

async fn scrape(app: &TestApp) -> String {
    let r = app
        .send(
            atest::TestRequest::get()
                .uri("/metrics")
                .insert_header(("authorization", format!("Bearer {METRICS_TOKEN}"))),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        hdr(&r.headers, "content-type").starts_with("text/plain; version=0.0.4"),
        "the Prometheus text format's content type"
    );
    r.body
}

fn hdr(h: &actix_web::http::header::HeaderMap, name: &str) -> String {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// The value of the sample `name{labels}` (labels exactly as exposed).
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

async fn metrics_ask_for_the_token(app: TestApp) {
    let none = app.send(atest::TestRequest::get().uri("/metrics")).await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        hdr(&none.headers, "www-authenticate"),
        "Bearer realm=\"metrics\""
    );
    let wrong = app
        .send(
            atest::TestRequest::get()
                .uri("/metrics")
                .insert_header(("authorization", "Bearer not-the-token")),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(
        !wrong.body.contains("s136_"),
        "no figures without the token"
    );
    // A session is no way in either: metrics are for the scraper.
    let admin = app.login("admin").await;
    assert_eq!(
        app.get(&admin, "/metrics").await.status,
        StatusCode::UNAUTHORIZED
    );
    scrape(&app).await;

    // Without a configured token /metrics is not served on the main address.
    let state = s136::startup::AppState {
        metrics: s136::http::metrics::Metrics::new(None),
        ..app.state.clone()
    };
    let svc = atest::init_service(s136::startup::app(web::Data::new(state))).await;
    let r = atest::call_service(
        &svc,
        atest::TestRequest::get()
            .uri("/metrics")
            .insert_header(("authorization", "Bearer "))
            .to_request(),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

async fn metrics_count_requests_waiting_and_breaches(app: TestApp) {
    let officer = app.login("officer").await;
    let first = app.arrive(&officer, "OAK", &[]).await;
    app.arrive(&officer, "OAK", &[]).await;
    app.arrive(&officer, "MOOR", &[]).await;
    let text = scrape(&app).await;
    assert_eq!(
        sample(&text, "s136_waiting_for_handover{site=\"OAK\"}"),
        Some(2.0)
    );
    assert_eq!(
        sample(&text, "s136_waiting_for_handover{site=\"MOOR\"}"),
        Some(1.0)
    );
    assert_eq!(
        sample(&text, "s136_waiting_for_handover{site=\"CITYED\"}"),
        Some(0.0)
    );
    assert_eq!(
        sample(&text, "s136_breaches_today{site=\"OAK\"}"),
        Some(0.0)
    );

    // 90 minutes later one is handed over past the target: a breach today,
    // and one fewer waiting.
    let nurse = app.login("nurse").await;
    app.set_now(t0() + Duration::minutes(90));
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{first}/handover"),
            &[
                ("when", "now"),
                ("accepted_by_name", "Alex Morgan"),
                ("accepted_by_role", "Charge nurse"),
                ("delay_reason", "insufficient_staff"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let text = scrape(&app).await;
    assert_eq!(
        sample(&text, "s136_waiting_for_handover{site=\"OAK\"}"),
        Some(1.0)
    );
    assert_eq!(
        sample(&text, "s136_breaches_today{site=\"OAK\"}"),
        Some(1.0)
    );
    assert_eq!(
        sample(&text, "s136_breaches_today{site=\"MOOR\"}"),
        Some(0.0)
    );
    // The same figure the report gives for today.
    let token = app.token("manager_all").await;
    let summary = app
        .api(
            "GET",
            "/api/v1/reports/summary?from=2026-11-20&to=2026-11-20",
            &token,
            None,
        )
        .await;
    assert_eq!(summary.json()["breaches"], 1, "{}", summary.body);

    // Requests by route template (never the path as sent) and status.
    assert_eq!(
        sample(
            &text,
            "s136_http_requests_total{method=\"POST\",route=\"/episodes\",status=\"303\"}"
        ),
        Some(3.0)
    );
    assert_eq!(
        sample(
            &text,
            "s136_http_requests_total{method=\"POST\",route=\"/episodes/{reference}/handover\",status=\"303\"}"
        ),
        Some(1.0)
    );
    assert!(
        !text.contains(&first),
        "no case reference in a label: the route template stands for the path"
    );
    assert!(
        sample(
            &text,
            "s136_http_request_duration_seconds_count{method=\"POST\",route=\"/episodes\"}"
        ) == Some(3.0)
    );
    assert!(text.contains(
        "s136_http_request_duration_seconds_bucket{method=\"POST\",route=\"/episodes\",le=\"+Inf\"} 3"
    ));
    // A path nobody routes shares one label.
    app.send(atest::TestRequest::get().uri("/no/such/Jane-Doe"))
        .await;
    let text = scrape(&app).await;
    assert!(!text.contains("Jane-Doe"));
    assert_eq!(
        sample(
            &text,
            "s136_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}"
        ),
        Some(1.0)
    );
    // The pool, as r2d2 reports it (the test pool holds 10).
    assert_eq!(sample(&text, "s136_db_pool_max_connections"), Some(10.0));
    assert!(sample(&text, "s136_db_pool_connections{state=\"idle\"}").is_some());
    assert!(sample(&text, "s136_db_pool_connections{state=\"in_use\"}").is_some());
    // The outbox's unsent rows (issue 15).
    assert!(sample(&text, "s136_outbox_backlog").is_some());
}

/// The log lines written on this thread while a capture is open, JSON as
/// `S136_LOG_FORMAT=json` writes them. The subscriber is the process's global
/// one (installed once): a thread-scoped one is not seen reliably while other
/// tests' threads register the same log sites (tracing's interest cache), and
/// lines were lost that way.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

thread_local! {
    static CAPTURING: std::cell::RefCell<Option<Capture>> = const { std::cell::RefCell::new(None) };
}

/// Writes to this thread's open capture, if any; elsewhere nowhere.
struct ToCapture;

impl Write for ToCapture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        CAPTURING.with(|c| {
            if let Some(c) = &*c.borrow() {
                c.0.lock().unwrap().extend_from_slice(buf);
            }
        });
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Opens a capture of this thread's log lines until the guard drops.
fn capture() -> (Capture, impl Drop) {
    static GLOBAL: std::sync::Once = std::sync::Once::new();
    GLOBAL.call_once(|| {
        let subscriber =
            s136::logging::json_subscriber(tracing_subscriber::EnvFilter::new("info"), || {
                ToCapture
            });
        tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber");
    });
    let buf = Capture::default();
    CAPTURING.with(|c| *c.borrow_mut() = Some(buf.clone()));
    struct Close;
    impl Drop for Close {
        fn drop(&mut self) {
            CAPTURING.with(|c| *c.borrow_mut() = None);
        }
    }
    (buf, Close)
}

#[actix_rt::test]
async fn json_log_lines_carry_the_request_id_and_no_personal_data() {
    let app = TestApp::spawn(crate::common::Backend::Sqlite)
        .await
        .unwrap();
    let officer = app.login("officer").await;
    let manager = app.login("manager_all").await;
    let (buf, guard) = capture();
    let report = app
        .get(
            &manager,
            "/reports?period=all&site=OAK&name=Jonathan+Smithers",
        )
        .await;
    assert_eq!(report.status, StatusCode::OK);
    let reference = app
        .arrive(
            &officer,
            "OAK",
            &[("notes", "Jonathan Smithers, lives at 4 Elm Road")],
        )
        .await;
    // A proxy that is not trusted cannot choose the id.
    let forged = app
        .send(
            atest::TestRequest::get()
                .uri("/healthz?who=Jonathan")
                .insert_header(("x-request-id", "forged-id-123")),
        )
        .await;
    drop(guard);
    let out = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let requests: Vec<&serde_json::Value> =
        lines.iter().filter(|l| l["message"] == "request").collect();
    assert_eq!(requests.len(), 3, "one line a request:\n{out}");
    let id = hdr(&report.headers, "x-request-id");
    assert_eq!(id.len(), 16, "a generated id");
    let line = requests[0];
    assert_eq!(line["request_id"], id);
    assert_eq!(line["span"]["request_id"], id);
    assert_eq!(line["route"], "/reports");
    assert_eq!(line["method"], "GET");
    assert_eq!(line["status"], 200);
    assert!(line["ms"].is_number());
    assert_eq!(requests[1]["route"], "/episodes");
    assert_eq!(requests[1]["status"], 303);
    let forged_id = hdr(&forged.headers, "x-request-id");
    assert_ne!(forged_id, "forged-id-123");
    assert_eq!(requests[2]["request_id"], forged_id);
    for needle in [
        "Jonathan", "Smithers", "Elm Road", "period=", "site=OAK", &reference,
    ] {
        assert!(!out.contains(needle), "{needle:?} in the log:\n{out}");
    }
}

#[actix_rt::test]
async fn a_trusted_proxy_passes_its_request_id_on() {
    let app = TestApp::spawn(crate::common::Backend::Sqlite)
        .await
        .unwrap();
    let proxy: std::net::IpAddr = "10.0.0.5".parse().unwrap();
    let state = s136::startup::AppState {
        trusted_proxies: vec![proxy].into(),
        ..app.state.clone()
    };
    let svc = atest::init_service(s136::startup::app(web::Data::new(state))).await;
    let call = |peer: &str, id: &str| {
        atest::TestRequest::get()
            .uri("/healthz")
            .peer_addr(format!("{peer}:40000").parse().unwrap())
            .insert_header(("x-request-id", id.to_string()))
            .to_request()
    };
    let r = atest::call_service(&svc, call("10.0.0.5", "edge-7f3a.1")).await;
    assert_eq!(hdr(r.headers(), "x-request-id"), "edge-7f3a.1");
    // Not from the proxy, or not a plain id: a new one.
    let r = atest::call_service(&svc, call("192.0.2.9", "edge-7f3a.1")).await;
    assert_ne!(hdr(r.headers(), "x-request-id"), "edge-7f3a.1");
    let r = atest::call_service(&svc, call("10.0.0.5", "a b\"c")).await;
    assert_ne!(hdr(r.headers(), "x-request-id"), "a b\"c");
    assert_eq!(hdr(r.headers(), "x-request-id").len(), 16);
}
