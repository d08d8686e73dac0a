//! Issue 12: hostile input, credentials that die together, personal tokens,
//! atomic sign-in throttling and migrations run once, on both backends.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use diesel::prelude::*;
use serde_json::json;
use std::sync::{Arc, Barrier};

use crate::both_backends;
use crate::common::{Backend, PASSWORD, TestApp, t0};
use s136::domain::auth;
use s136::error::ErrorKind;

both_backends!(
    nul_in_api_text_and_codes_is_a_400_naming_the_field,
    nul_in_form_notes_is_a_field_error,
    nul_in_query_codes_is_a_4xx,
    control_characters_in_sign_in_and_admin_forms_answer_4xx,
    password_reset_ends_sessions_and_revokes_tokens,
    parallel_wrong_passwords_are_checked_at_most_five_times,
);

/// Rows a refused request must not write, API tokens and sign-ins aside.
async fn writes(app: &TestApp) -> (i64, i64, i64) {
    app.counts().await
}

async fn nul_in_api_text_and_codes_is_a_400_naming_the_field(app: TestApp) {
    let token = app.token("officer").await;
    let nurse = app.token("nurse").await;
    let before = writes(&app).await;
    for (field, body) in [
        ("notes", json!({"site": "OAK", "notes": "calm\u{0}"})),
        ("site", json!({"site": "OAK\u{0}"})),
        (
            "client_ref",
            json!({"site": "OAK", "client_ref": "r\u{0}1"}),
        ),
        ("notes", json!({"site": "OAK", "notes": "esc \u{1b}[2J"})),
        (
            "collar_number",
            json!({"site": "OAK", "collar_number": "45\u{7}21"}),
        ),
        (
            "amhp_name",
            json!({"site": "OAK", "kind": "s135", "amhp_name": "Jo\nBloggs",
            "warrant_at": "2026-11-20T11:40:00Z"}),
        ),
    ] {
        let r = app
            .api("POST", "/api/v1/episodes", &token, Some(body.clone()))
            .await;
        assert_eq!(
            (r.status, r.code().as_str()),
            (StatusCode::BAD_REQUEST, "bad_request"),
            "{body}: {}",
            r.body
        );
        let message = r.json()["error"]["message"].as_str().unwrap().to_string();
        assert!(message.contains(field), "{field} named in {message}");
    }
    // Tabs and line breaks are kept in multi-line notes.
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(json!({"site": "OAK", "notes": "line 1\r\n\tline 2"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let reference = r.json()["reference"].as_str().unwrap().to_string();
    let after_one = writes(&app).await;
    assert_eq!(after_one.0, before.0 + 1);
    // Actions on a case: text and codes alike.
    for (field, path, token, body) in [
        ("reason", "cancel", &token, json!({"reason": "twice\u{0}"})),
        (
            "accepted_by_name",
            "handover",
            &nurse,
            json!({"accepted_by_name": "A\u{0}"}),
        ),
        ("site", "transfer", &token, json!({"site": "MO\u{0}OR"})),
        (
            "reason_note",
            "stay-request",
            &nurse,
            json!({"reason": "other", "reason_note": "x\u{0}"}),
        ),
    ] {
        let r = app
            .api(
                "POST",
                &format!("/api/v1/episodes/{reference}/{path}"),
                token,
                Some(body),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}: {}", r.body);
        assert!(r.body.contains(field), "{field} named: {}", r.body);
    }
    assert_eq!(writes(&app).await, after_one);
}

async fn nul_in_form_notes_is_a_field_error(app: TestApp) {
    let officer = app.login("officer").await;
    let before = writes(&app).await;
    let r = app
        .post(
            &officer,
            "/episodes",
            &[
                ("site", "OAK"),
                ("arrival", "now"),
                ("form_token", "t-1"),
                ("notes", "calm\0"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    r.assert_contains("Notes must not contain control characters");
    // The hidden idempotency key is text too.
    let r = app
        .post(
            &officer,
            "/episodes",
            &[("site", "OAK"), ("arrival", "now"), ("form_token", "t\0")],
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    let r = app
        .post(
            &officer,
            "/episodes",
            &[("site", "OA\0K"), ("arrival", "now"), ("form_token", "t-2")],
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert_eq!(writes(&app).await, before);
}

async fn nul_in_query_codes_is_a_4xx(app: TestApp) {
    let token = app.token("manager_all").await;
    for q in [
        "force=%00",
        "site=%00",
        "force=W%00MP",
        "site=O%1BAK",
        "site=%20OAK",
        "force=%20",
    ] {
        let r = app
            .api("GET", &format!("/api/v1/episodes?{q}"), &token, None)
            .await;
        assert_eq!(
            (r.status, r.code().as_str()),
            (StatusCode::BAD_REQUEST, "bad_request"),
            "{q}: {}",
            r.body
        );
    }
    // A well-formed code that matches nothing finds nothing, as before.
    let r = app
        .api("GET", "/api/v1/episodes?force=NOPE", &token, None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.json()["items"].as_array().map(Vec::len),
        Some(0),
        "{}",
        r.body
    );
    let manager = app.login("manager_all").await;
    let before = writes(&app).await;
    for path in [
        "/cases?force=%00",
        "/cases?site=%00",
        "/cases?force=W%00MP",
        "/reports?force=%00",
        "/reports?site=%00",
        "/cases?status=%00",
        "/cases?kind=%00",
    ] {
        let r = app.get(&manager, path).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        r.assert_contains("nhsuk-error-summary");
    }
    assert_eq!(writes(&app).await, before);
}

async fn control_characters_in_sign_in_and_admin_forms_answer_4xx(app: TestApp) {
    let (r, _) = app.try_login("nurse\0", "wrong-password-x").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let admin = app.login("admin").await;
    let before = writes(&app).await;
    let r = app
        .post(
            &admin,
            "/admin/password",
            &[("username", "nurse\0"), ("password", "brand-new-password")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app
        .post(
            &admin,
            "/admin/forces",
            &[("code", "X\0Y"), ("name", "Nul\0 Police")],
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    let r = app
        .post(&admin, "/tokens", &[("label", "bad\0label")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    r.assert_contains("The label must not contain control characters");
    assert_eq!(writes(&app).await, before);
}

async fn password_reset_ends_sessions_and_revokes_tokens(app: TestApp) {
    let nurse = app.login("nurse").await;
    let token = app.token("nurse").await;
    let second = app.token("nurse").await;
    let other = app.token("nurse2").await;
    assert_eq!(
        app.api("GET", "/api/v1/sites", &token, None).await.status,
        StatusCode::OK
    );
    let admin = app.login("admin").await;
    let r = app
        .post(
            &admin,
            "/admin/password",
            &[("username", "nurse"), ("password", "brand-new-password")],
        )
        .await;
    let r = app.follow_admin(&admin, r).await;
    r.assert_contains("Password for nurse changed");
    r.assert_contains("their API tokens no longer work (1 session ended and 2 API tokens revoked)");
    for t in [&token, &second] {
        let r = app.api("GET", "/api/v1/sites", t, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(app.get(&nurse, "/board").await.location(), "/login");
    // Someone else's credentials are untouched.
    assert_eq!(
        app.api("GET", "/api/v1/sites", &other, None).await.status,
        StatusCode::OK
    );
    let (action, after) = app
        .db(|c| {
            use s136::schema::audit_events::dsl::*;
            audit_events
                .filter(action.eq("password_set"))
                .select((action, after_json))
                .first::<(String, Option<String>)>(c)
                .unwrap()
        })
        .await;
    assert_eq!(action, "password_set");
    let after: serde_json::Value = serde_json::from_str(&after.unwrap()).unwrap();
    assert_eq!(
        (
            after["sessions_ended"].as_i64(),
            after["tokens_revoked"].as_i64()
        ),
        (Some(1), Some(2))
    );
}

async fn parallel_wrong_passwords_are_checked_at_most_five_times(app: TestApp) {
    // 19 sign-ins at once, each on its own database connection (the pool's
    // connections are as separate as two instances'), from a clean state.
    let pool = app.state.pool.clone();
    let now = t0();
    let barrier = Arc::new(Barrier::new(19));
    let kinds: Vec<ErrorKind> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..19)
            .map(|_| {
                let (pool, barrier) = (pool.clone(), barrier.clone());
                s.spawn(move || {
                    barrier.wait();
                    let mut c = pool.get().unwrap();
                    match auth::login(&mut c, "nurse", "wrong-password-x", "192.0.2.7", now) {
                        Ok(_) => panic!("a wrong password signed in"),
                        Err(e) => e.kind,
                    }
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let wrong = kinds
        .iter()
        .filter(|k| **k == ErrorKind::ValidationFailed)
        .count();
    let throttled = kinds
        .iter()
        .filter(|k| **k == ErrorKind::TooManyRequests)
        .count();
    assert_eq!(
        (wrong, throttled),
        (5, 14),
        "exactly the limit of passwords checked: {kinds:?}"
    );
    // The right password is refused too while throttled, on the page as well.
    let (r, _) = app.try_login("nurse", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let mut c = pool.get().unwrap();
    let e = web_block(move || auth::login(&mut c, "nurse", PASSWORD, "192.0.2.8", now).err()).await;
    assert_eq!(e.map(|e| e.kind), Some(ErrorKind::TooManyRequests));
}

async fn web_block<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    actix_web::web::block(f).await.unwrap()
}

// --- Start-up: migrations and the first administrator, instances together.

/// A database nobody has opened: a new file, or a new PostgreSQL database
/// (dropped on drop). `None` when PostgreSQL is not configured.
struct FreshDb {
    url: String,
    drop_pg: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl FreshDb {
    fn new(backend: Backend) -> Option<Self> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                Some(Self {
                    url: format!("sqlite://{}/fresh.db", dir.path().display()),
                    drop_pg: None,
                    _dir: Some(dir),
                })
            }
            Backend::Postgres => {
                let admin_url = std::env::var("TEST_DATABASE_URL").ok()?;
                let name = format!(
                    "s136_fresh_{}",
                    auth::random_token(9)
                        .to_ascii_lowercase()
                        .replace(['-', '_'], "x")
                );
                let mut c = diesel::PgConnection::establish(&admin_url).unwrap();
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut c)
                    .unwrap();
                let (head, tail) = admin_url.rsplit_once('/').unwrap();
                let query = tail
                    .split_once('?')
                    .map(|(_, q)| format!("?{q}"))
                    .unwrap_or_default();
                Some(Self {
                    url: format!("{head}/{name}{query}"),
                    drop_pg: Some((admin_url, name)),
                    _dir: None,
                })
            }
        }
    }
}

impl Drop for FreshDb {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = &self.drop_pg
            && let Ok(mut c) = diesel::PgConnection::establish(admin_url)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut c);
        }
    }
}

/// Four instances start at once on an empty database: all migrate (one does
/// the work), and exactly one creates the first administrator.
fn four_instances_start_together(backend: Backend) {
    let Some(db) = FreshDb::new(backend) else {
        eprintln!("note: TEST_DATABASE_URL is not set; the PostgreSQL variant did not run");
        return;
    };
    let barrier = Arc::new(Barrier::new(4));
    let results: Vec<Result<Option<String>, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let (url, barrier) = (db.url.clone(), barrier.clone());
                s.spawn(move || {
                    barrier.wait();
                    let pool =
                        s136::startup::open_database(&url, 2).map_err(|e| format!("{e:#}"))?;
                    let mut c = pool.get().map_err(|e| e.to_string())?;
                    s136::domain::admin::ensure_first_admin(&mut c, t0())
                        .map_err(|e| format!("{e}: {:?}", e.cause))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let created: Vec<&String> = results
        .iter()
        .flat_map(|r| r.as_ref().expect("every instance starts"))
        .collect();
    assert_eq!(
        created.len(),
        1,
        "one instance created the admin: {results:?}"
    );
    let pool = s136::startup::open_database(&db.url, 1).unwrap();
    let mut c = pool.get().unwrap();
    let admins = s136::db::users::list(&mut c)
        .unwrap()
        .into_iter()
        .filter(|u| u.role == "admin")
        .count();
    assert_eq!(admins, 1);
    let migrations: i64 = diesel::sql_query("SELECT COUNT(*) AS n FROM __diesel_schema_migrations")
        .get_result::<Count>(&mut c)
        .unwrap()
        .n;
    assert!(
        migrations > 10,
        "{migrations} migrations recorded once each"
    );
    // A later start finds an administrator and creates none.
    assert_eq!(
        s136::domain::admin::ensure_first_admin(&mut c, t0()).unwrap(),
        None
    );
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[test]
fn four_instances_start_together_on_sqlite() {
    four_instances_start_together(Backend::Sqlite);
}

#[test]
fn four_instances_start_together_on_postgres() {
    four_instances_start_together(Backend::Postgres);
}

// --- The operator's command line.

fn s136(url: &str, args: &[&str], stdin: &str) -> (bool, String, String) {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_s136"))
        .arg("--database-url")
        .arg(url)
        .args(args)
        .env_remove("DATABASE_URL")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The operator creates a token for a user (audited as the operator's act
/// for that user), then resets the password: the CLI says the token is dead.
fn operator_tokens_and_password_reset(backend: Backend) {
    let Some(db) = FreshDb::new(backend) else {
        return;
    };
    let url = db.url.as_str();
    let (ok, _, err) = s136(
        url,
        &[
            "user",
            "add",
            "--username",
            "sam",
            "--role",
            "manager",
            "--password-stdin",
        ],
        "first-password-123\n",
    );
    assert!(ok, "{err}");
    let (ok, token, err) = s136(
        url,
        &[
            "token",
            "create",
            "--username",
            "sam",
            "--label",
            "control room",
        ],
        "",
    );
    assert!(ok, "{err}");
    let token = token.trim().to_string();
    assert!(token.starts_with("s136_"), "{token}");
    assert!(err.contains("created by the operator"), "{err}");
    let pool = s136::startup::open_database(url, 1).unwrap();
    let mut c = pool.get().unwrap();
    let e = {
        use s136::schema::audit_events::dsl::*;
        audit_events
            .filter(entity.eq("api_token"))
            .select((actor_id, actor_name, action, after_json))
            .first::<(Option<i64>, String, String, Option<String>)>(&mut c)
            .unwrap()
    };
    assert_eq!(
        (e.0, e.1.as_str(), e.2.as_str()),
        (None, "operator (CLI)", "api_token_created")
    );
    let after: serde_json::Value = serde_json::from_str(&e.3.unwrap()).unwrap();
    assert_eq!(
        (after["user"].as_str(), after["label"].as_str()),
        (Some("sam"), Some("control room"))
    );
    assert!(
        s136::domain::tokens::authenticate(&mut c, &token, t0())
            .unwrap()
            .is_some()
    );
    drop(c);

    let (ok, out, err) = s136(
        url,
        &["user", "passwd", "--username", "sam", "--password-stdin"],
        "second-password-456\n",
    );
    assert!(ok, "{err}");
    assert!(out.contains("password for sam changed"), "{out}");
    assert!(
        out.contains("sam signed out everywhere: 0 sessions ended and 1 API token revoked"),
        "{out}"
    );
    let mut c = pool.get().unwrap();
    assert!(
        s136::domain::tokens::authenticate(&mut c, &token, t0())
            .unwrap()
            .is_none()
    );
}

#[test]
fn operator_tokens_and_password_reset_on_sqlite() {
    operator_tokens_and_password_reset(Backend::Sqlite);
}

#[test]
fn operator_tokens_and_password_reset_on_postgres() {
    operator_tokens_and_password_reset(Backend::Postgres);
}

#[actix_rt::test]
async fn a_user_cannot_create_a_token_for_someone_else() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let admin = app.login("admin").await;
    let before = app
        .db(|c| s136::db::tokens::list(c, None).unwrap().len())
        .await;
    let r = app
        .send(
            TestRequest::post()
                .uri("/tokens")
                .insert_header(("cookie", admin.cookie.clone()))
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .set_payload(format!(
                    "csrf_token={}&label=x&username=officer",
                    admin.csrf
                )),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let page = app.get(&admin, "/tokens").await;
    assert!(
        !page.body.contains("name=\"username\""),
        "no field to name another account"
    );
    let after = app
        .db(|c| s136::db::tokens::list(c, None).unwrap().len())
        .await;
    assert_eq!(before, after);
}
