//! `TestApp`: the real application on a fresh database per test, SQLite always
//! and PostgreSQL when `TEST_DATABASE_URL` is set.

use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use actix_web::test as atest;
use actix_web::web;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use futures_util::future::LocalBoxFuture;
use std::rc::Rc;

use s136::db::DbConn;
use s136::domain::admin::{self, By, NewUserInput};
use s136::startup::{AppState, Clock, open_database};

pub const PASSWORD: &str = "correct-horse-battery";
/// The `/metrics` bearer token of every test app.
pub const METRICS_TOKEN: &str = "metrics-token-for-tests";

/// Fri 20 Nov 2026, 12:00 UTC (GMT): a fixed "now" for most tests.
pub fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-20T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    /// The `error.code` of a JSON error body.
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
    pub fn location(&self) -> String {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    }
    #[track_caller]
    pub fn assert_contains(&self, needle: &str) {
        assert!(
            self.body.contains(needle),
            "expected {needle:?} in a {} response:\n{}",
            self.status,
            self.body
        );
    }
}

type Call = Rc<dyn Fn(actix_http::Request) -> LocalBoxFuture<'static, Resp>>;
type Open = Rc<dyn Fn(actix_http::Request) -> LocalBoxFuture<'static, EventStream>>;

/// An open `text/event-stream` response, read event by event.
pub struct EventStream {
    pub status: StatusCode,
    pub headers: HeaderMap,
    body: actix_web::body::BoxBody,
    buf: String,
}

/// One server-sent event: `id`, `event` and `data` (parsed JSON).
#[derive(Debug, Clone)]
pub struct Sse {
    pub id: i64,
    pub kind: String,
    pub data: serde_json::Value,
}

impl EventStream {
    /// The next event within `within`, skipping comments; `None` on timeout
    /// or when the stream ends.
    pub async fn next(&mut self, within: std::time::Duration) -> Option<Sse> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let (mut id, mut kind, mut data) = (None, String::new(), String::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id: ") {
                        id = v.parse().ok();
                    } else if let Some(v) = line.strip_prefix("event: ") {
                        kind = v.to_string();
                    } else if let Some(v) = line.strip_prefix("data: ") {
                        data.push_str(v);
                    }
                }
                if let Some(id) = id {
                    return Some(Sse {
                        id,
                        kind,
                        data: serde_json::from_str(&data).unwrap_or(serde_json::Value::Null),
                    });
                }
                continue;
            }
            let chunk = tokio::time::timeout_at(
                deadline,
                futures_util::future::poll_fn(|cx| {
                    actix_web::body::MessageBody::poll_next(std::pin::Pin::new(&mut self.body), cx)
                }),
            )
            .await
            .ok()??;
            self.buf.push_str(&String::from_utf8_lossy(&chunk.ok()?));
        }
    }

    /// Every event that arrives within `within` of each other.
    pub async fn drain(&mut self, within: std::time::Duration) -> Vec<Sse> {
        let mut all = Vec::new();
        while let Some(e) = self.next(within).await {
            all.push(e);
        }
        all
    }
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

pub struct TestApp {
    pub state: AppState,
    call: Call,
    open: Open,
    cleanup: Option<Cleanup>,
    /// The database, so a second instance can open it too.
    url: String,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(Cleanup::Postgres { admin_url, name }) = self.cleanup.take()
            && let Ok(mut c) = diesel::PgConnection::establish(&admin_url)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut c);
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A signed-in browser: its cookie and the CSRF token its pages carry.
#[derive(Clone, Debug)]
pub struct Sess {
    pub cookie: String,
    pub csrf: String,
}

impl Sess {
    pub fn anonymous() -> Self {
        Self {
            cookie: String::new(),
            csrf: String::new(),
        }
    }
}

fn random_name() -> String {
    format!(
        "s136_t_{}",
        s136::domain::auth::random_token(9)
            .to_ascii_lowercase()
            .replace(['-', '_'], "x")
    )
}

fn pg_url_for(base: &str, db: &str) -> String {
    let (head, tail) = base.rsplit_once('/').expect("TEST_DATABASE_URL has a path");
    let query = tail
        .split_once('?')
        .map(|(_, q)| format!("?{q}"))
        .unwrap_or_default();
    format!("{head}/{db}{query}")
}

impl TestApp {
    /// `None` (with a note on stderr) when PostgreSQL is asked for but not configured,
    /// unless `S136_REQUIRE_PG=1`, when that is a failure.
    pub async fn spawn(backend: Backend) -> Option<Self> {
        let app = Self::spawn_empty(backend).await?;
        app.seed().await;
        Some(app)
    }

    /// A migrated database with nothing in it (no forces, sites or accounts).
    pub async fn spawn_empty(backend: Backend) -> Option<Self> {
        let (url, cleanup) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}/test.db", dir.path().display());
                (url, Cleanup::Sqlite(dir))
            }
            Backend::Postgres => {
                let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else {
                    assert!(
                        std::env::var("S136_REQUIRE_PG").is_err(),
                        "S136_REQUIRE_PG is set but TEST_DATABASE_URL is not: PostgreSQL tests must run"
                    );
                    eprintln!(
                        "note: TEST_DATABASE_URL is not set; the PostgreSQL variant of this test did not run"
                    );
                    return None;
                };
                let name = random_name();
                let mut c = diesel::PgConnection::establish(&admin_url)
                    .expect("connect to TEST_DATABASE_URL");
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut c)
                    .unwrap();
                (
                    pg_url_for(&admin_url, &name),
                    Cleanup::Postgres { admin_url, name },
                )
            }
        };
        let mut app = Self::on_database(url).await;
        app.cleanup = Some(cleanup);
        Some(app)
    }

    /// Another instance of the app (its own pool and service) on this one's
    /// database, as a second server behind a load balancer would be.
    pub async fn twin(&self) -> TestApp {
        let twin = Self::on_database(self.url.clone()).await;
        twin.set_now(self.state.now());
        twin
    }

    async fn on_database(url: String) -> TestApp {
        let open = url.clone();
        let pool = web::block(move || open_database(&open, 10).map_err(|e| e.to_string()))
            .await
            .unwrap()
            .expect("open test database");
        let clock = Clock::fixed(t0());
        let state = AppState {
            live: s136::http::live::Hub::new(pool.clone(), clock.clone()),
            pool,
            clock,
            secure_cookies: false,
            trusted_proxies: Vec::new().into(),
            metrics: s136::http::metrics::Metrics::new(Some(METRICS_TOKEN.into())),
            // The tests' push service listens on 127.0.0.1 over http.
            push: s136::domain::push::PushConfig {
                allow_loopback_http: true,
                ..Default::default()
            },
        };
        let svc =
            Rc::new(atest::init_service(s136::startup::app(web::Data::new(state.clone()))).await);
        let svc_for_open = svc.clone();
        let call: Call = Rc::new(move |req| {
            let svc = svc.clone();
            Box::pin(async move {
                let resp = atest::call_service(&*svc, req).await;
                let status = resp.status();
                let headers = resp.headers().clone();
                let body = atest::read_body(resp).await;
                Resp {
                    status,
                    headers,
                    body: String::from_utf8_lossy(&body).into_owned(),
                }
            })
        });
        let svc2 = svc_for_open.clone();
        let open: Open = Rc::new(move |req| {
            let svc = svc2.clone();
            Box::pin(async move {
                let resp = atest::call_service(&*svc, req).await;
                EventStream {
                    status: resp.status(),
                    headers: resp.headers().clone(),
                    body: actix_web::body::MessageBody::boxed(resp.into_body()),
                    buf: String::new(),
                }
            })
        });
        TestApp {
            state,
            call,
            open,
            cleanup: None,
            url,
        }
    }

    /// The database URL, for running the real binary against it.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn set_now(&self, t: DateTime<Utc>) {
        self.state.clock.set(t);
    }

    pub async fn db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut DbConn) -> T + Send + 'static,
    ) -> T {
        let pool = self.state.pool.clone();
        web::block(move || f(&mut pool.get().unwrap()))
            .await
            .unwrap()
    }

    /// Two forces, three places of safety and an account for each role.
    async fn seed(&self) {
        let now = t0() - chrono::Duration::days(30);
        self.db(move |c| {
            admin::add_force(c, &By::Cli, "WMP", "West Midlands Police", now).unwrap();
            admin::add_force(c, &By::Cli, "WYP", "West Yorkshire Police", now).unwrap();
            admin::add_site(
                c,
                &By::Cli,
                "OAK",
                "Oakwood 136 suite",
                "mental_health_unit",
                "Oak Trust",
                now,
            )
            .unwrap();
            admin::add_site(
                c,
                &By::Cli,
                "CITYED",
                "City emergency department",
                "emergency_department",
                "City Trust",
                now,
            )
            .unwrap();
            admin::add_site(
                c,
                &By::Cli,
                "MOOR",
                "Moorside 136 suite",
                "mental_health_unit",
                "Moor Trust",
                now,
            )
            .unwrap();
            for (u, name, role, force, site, collar) in [
                ("officer", "PC Sam Patel", "officer", "WMP", "", "4521"),
                ("officer2", "PC Ann Lee", "officer", "WMP", "", "4522"),
                ("officer_b", "PC Jo Hughes", "officer", "WYP", "", "1187"),
                ("nurse", "Alex Morgan", "health", "", "OAK", ""),
                ("nurse2", "Sam Okafor", "health", "", "OAK", ""),
                ("nurse_b", "Chris Bell", "health", "", "MOOR", ""),
                ("nurse_city", "Pat Reid", "health", "", "CITYED", ""),
                ("manager_wmp", "Insp Lee Carter", "manager", "WMP", "", ""),
                ("manager_moor", "Ward manager", "manager", "", "MOOR", ""),
                ("manager_all", "Board analyst", "manager", "", "", ""),
                ("admin", "Administrator", "admin", "", "", ""),
            ] {
                let input = NewUserInput {
                    username: u.into(),
                    display_name: name.into(),
                    role: role.into(),
                    force_code: force.into(),
                    site_code: site.into(),
                    collar_number: collar.into(),
                    password: PASSWORD.into(),
                    must_change_password: false,
                };
                admin::add_user(c, &By::Cli, &input, now).unwrap();
            }
        })
        .await;
    }

    /// Opens a stream (`/events` with a session, `/api/v1/events` with a token).
    pub async fn stream(&self, req: atest::TestRequest) -> EventStream {
        (self.open)(req.to_request()).await
    }

    pub async fn events_for(&self, s: &Sess, after: Option<i64>) -> EventStream {
        let path = match after {
            Some(a) => format!("/events?after={a}"),
            None => "/events".to_string(),
        };
        self.stream(
            atest::TestRequest::get()
                .uri(&path)
                .insert_header(("cookie", s.cookie.clone())),
        )
        .await
    }

    pub async fn api_events(&self, token: &str, last_event_id: Option<i64>) -> EventStream {
        let mut req = atest::TestRequest::get()
            .uri("/api/v1/events")
            .insert_header(("authorization", format!("Bearer {token}")));
        if let Some(id) = last_event_id {
            req = req.insert_header(("last-event-id", id.to_string()));
        }
        self.stream(req).await
    }

    /// A saved admin form answers 303 to `/admin?saved=1` with its notice in a
    /// cookie; the GET that follows (as the browser would) shows it.
    pub async fn follow_admin(&self, s: &Sess, r: Resp) -> Resp {
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.location(), "/admin?saved=1");
        let with_notice = Sess {
            cookie: format!("{}; {}", s.cookie, cookies_from(&r.headers)),
            csrf: s.csrf.clone(),
        };
        let page = self.get(&with_notice, &r.location()).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        page
    }

    pub async fn send(&self, req: atest::TestRequest) -> Resp {
        (self.call)(req.to_request()).await
    }

    pub async fn get(&self, s: &Sess, path: &str) -> Resp {
        self.send(
            atest::TestRequest::get()
                .uri(path)
                .insert_header(("cookie", s.cookie.clone())),
        )
        .await
    }

    /// A GET from a browser whose `Accept-Language` is `lang`.
    pub async fn get_in(&self, s: &Sess, path: &str, lang: &str) -> Resp {
        self.send(
            atest::TestRequest::get()
                .uri(path)
                .insert_header(("cookie", s.cookie.clone()))
                .insert_header(("accept-language", lang.to_string())),
        )
        .await
    }

    /// Posts a form with the session's CSRF token (unless the form names one).
    pub async fn post(&self, s: &Sess, path: &str, form: &[(&str, &str)]) -> Resp {
        let mut fields: Vec<(&str, &str)> = form.to_vec();
        if !fields.iter().any(|(k, _)| *k == "csrf_token") {
            fields.push(("csrf_token", &s.csrf));
        }
        let body = serde_urlencoded::to_string(&fields).unwrap();
        self.send(
            atest::TestRequest::post()
                .uri(path)
                .insert_header(("cookie", s.cookie.clone()))
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .set_payload(body),
        )
        .await
    }

    /// A new API token for `username`.
    pub async fn token(&self, username: &str) -> String {
        let now = self.state.now();
        let username = username.to_string();
        self.db(move |c| {
            s136::domain::tokens::create(c, None, &username, "test", now)
                .unwrap()
                .0
        })
        .await
    }

    pub async fn api(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<serde_json::Value>,
    ) -> Resp {
        let req = match method {
            "GET" => atest::TestRequest::get(),
            "POST" => atest::TestRequest::post(),
            other => atest::TestRequest::default().method(other.parse().unwrap()),
        }
        .uri(path)
        .insert_header(("authorization", format!("Bearer {token}")));
        let req = match body {
            Some(b) => req
                .insert_header(("content-type", "application/json"))
                .set_payload(b.to_string()),
            None => req,
        };
        let r = self.send(req).await;
        let json = r
            .headers
            .get("content-type")
            .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
        if json && path.starts_with("/api/v1/") {
            check_against_document(method, path, r.status.as_u16(), &r.body);
        }
        r
    }

    pub async fn try_login(&self, username: &str, password: &str) -> (Resp, Sess) {
        let page = self.get(&Sess::anonymous(), "/login").await;
        let csrf = csrf_in(&page.body);
        let cookie = cookies_from(&page.headers);
        let pre = Sess { cookie, csrf };
        let resp = self
            .post(
                &pre,
                "/login",
                &[("username", username), ("password", password)],
            )
            .await;
        let cookie = cookies_from(&resp.headers);
        (
            resp,
            Sess {
                cookie,
                csrf: String::new(),
            },
        )
    }

    pub async fn login(&self, username: &str) -> Sess {
        let (resp, mut s) = self.try_login(username, PASSWORD).await;
        assert_eq!(
            resp.status,
            StatusCode::SEE_OTHER,
            "login as {username}: {}",
            resp.body
        );
        let home = self.get(&s, "/").await;
        let landing = self.get(&s, &home.location()).await;
        assert_eq!(
            landing.status,
            StatusCode::OK,
            "{username} landing page {}",
            home.location()
        );
        s.csrf = csrf_in(&landing.body);
        s
    }

    /// Logs an arrival "just now" at `site` and returns its reference.
    pub async fn arrive(&self, s: &Sess, site: &str, extra: &[(&str, &str)]) -> String {
        let token = s136::domain::auth::random_token(8);
        let mut form = vec![
            ("site", site),
            ("arrival", "now"),
            ("form_token", token.as_str()),
        ];
        for (k, v) in extra {
            form.retain(|(fk, _)| fk != k);
            form.push((k, v));
        }
        let r = self.post(s, "/episodes", &form).await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "arrival refused: {}",
            r.body
        );
        r.location().trim_start_matches("/episodes/").to_string()
    }

    /// Logs an arrival "now" at `site` through the API with `token`; its reference.
    pub async fn api_arrival(&self, token: &str, site: &str) -> String {
        let r = self
            .api(
                "POST",
                "/api/v1/episodes",
                token,
                Some(serde_json::json!({ "site": site })),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "arrival refused: {}", r.body);
        r.json()["reference"].as_str().unwrap().to_string()
    }

    /// The episode's version, as a form or an API call must send it.
    pub async fn version(&self, reference: &str) -> i64 {
        use s136::schema::episodes;
        let r = reference.to_string();
        self.db(move |c| {
            episodes::table
                .filter(episodes::reference.eq(r))
                .select(episodes::version)
                .first(c)
                .unwrap()
        })
        .await
    }

    /// Rows in the tables a refused request must not touch.
    pub async fn counts(&self) -> (i64, i64, i64) {
        use s136::schema::{audit_events, episodes, stays};
        self.db(|c| {
            (
                episodes::table.count().get_result(c).unwrap(),
                stays::table.count().get_result(c).unwrap(),
                audit_events::table.count().get_result(c).unwrap(),
            )
        })
        .await
    }
}

/// The account `name` as the domain sees it.
pub fn actor(c: &mut DbConn, name: &str) -> s136::domain::auth::Actor {
    let user = s136::db::users::by_username(c, name).unwrap().unwrap();
    s136::domain::auth::Actor::from_user(&user).unwrap()
}

/// The HTML of the first table cell after `label`.
pub fn cell_after<'a>(body: &'a str, label: &str) -> &'a str {
    let i = body
        .find(label)
        .unwrap_or_else(|| panic!("{label} not on the page"));
    let rest = &body[i..];
    let rest = &rest[rest.find("<td").unwrap()..];
    &rest[..rest.find("</td>").unwrap() + 5]
}

/// A CSV download's header and rows (its byte-order mark dropped).
pub fn csv_rows(body: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(body.trim_start_matches('\u{feff}').as_bytes());
    let headers = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    (headers, rows)
}

pub fn csrf_in(body: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    body.find(marker)
        .map(|i| {
            let rest = &body[i + marker.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .unwrap_or_default()
}

/// "a=b; c=d" from the Set-Cookie headers (removals dropped).
pub fn cookies_from(headers: &HeaderMap) -> String {
    headers
        .get_all("set-cookie")
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter(|kv| !kv.ends_with('='))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Generates `<name>::sqlite` and `<name>::postgres` tests from `async fn name(app: TestApp)`.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[actix_rt::test]
                async fn $name() {
                    let app = $crate::common::TestApp::spawn($crate::common::Backend::Sqlite).await.unwrap();
                    super::$name(app).await
                }
            )+
        }
        mod postgres {
            $(
                #[actix_rt::test]
                async fn $name() {
                    if let Some(app) = $crate::common::TestApp::spawn($crate::common::Backend::Postgres).await {
                        super::$name(app).await
                    }
                }
            )+
        }
    };
}

/// The OpenAPI document the server serves, as JSON (built once).
fn openapi() -> &'static serde_json::Value {
    static DOC: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    DOC.get_or_init(|| serde_json::to_value(s136::api::openapi::doc()).unwrap())
}

/// Whether an OpenAPI path template (`/api/v1/episodes/{reference}`) names `path`.
fn template_matches(template: &str, path: &str) -> bool {
    let (t, p): (Vec<_>, Vec<_>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(a, b)| (a.starts_with('{') && !b.is_empty()) || a == b)
}

/// Fails the test unless a JSON answer of the API is what the document says
/// that operation answers with that status: every response in the suite's
/// API tests is checked, so the document cannot drift from the server.
pub fn check_against_document(method: &str, path: &str, status: u16, body: &str) {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    let path = path.split('?').next().unwrap_or(path);
    let doc = openapi();
    let method = method.to_ascii_lowercase();
    let Some((template, op)) = doc["paths"].as_object().and_then(|paths| {
        paths
            .iter()
            .filter(|(t, _)| template_matches(t, path))
            // A literal segment beats a parameter (`/episodes/x` vs `/{reference}`).
            .min_by_key(|(t, _)| t.matches('{').count())
            .and_then(|(t, item)| item.get(&method).map(|op| (t.clone(), op)))
    }) else {
        return; // not an operation of the document (an unknown path: its 404 is checked elsewhere)
    };
    let code = status.to_string();
    let responses = &op["responses"];
    let key = if responses.get(&code).is_some() {
        code.clone()
    } else if responses.get("default").is_some() {
        "default".to_string()
    } else {
        panic!("{method} {template} answered {status}, which the OpenAPI document does not list");
    };
    let Some(_) = responses[&key]["content"]["application/json"]["schema"].as_object() else {
        return; // documented without a body
    };
    let value: serde_json::Value = serde_json::from_str(body)
        .unwrap_or_else(|e| panic!("{method} {template} {status}: not JSON ({e}): {body}"));
    type Cache = Mutex<HashMap<String, Arc<jsonschema::Validator>>>;
    static VALIDATORS: OnceLock<Cache> = OnceLock::new();
    let pointer = format!(
        "#/paths/{}/{method}/responses/{key}/content/application~1json/schema",
        template
            .replace('~', "~0")
            .replace('/', "~1")
            .replace('{', "%7B")
            .replace('}', "%7D")
    );
    let validator = {
        let mut cache = VALIDATORS
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        cache
            .entry(pointer.clone())
            .or_insert_with(|| {
                // The document itself is the root, so its own $refs resolve.
                let mut root = doc.clone();
                root["$ref"] = serde_json::Value::String(pointer.clone());
                Arc::new(
                    jsonschema::draft202012::new(&root)
                        .unwrap_or_else(|e| panic!("schema {pointer}: {e}")),
                )
            })
            .clone()
    };
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(10)
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {template} {status} does not match the OpenAPI document:\n  {}\nbody: {body}",
        errors.join("\n  ")
    );
}
