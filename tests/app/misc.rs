use actix_web::http::StatusCode;
use actix_web::test::TestRequest;

use crate::both_backends;
use crate::common::{Sess, TestApp};

both_backends!(
    health_check_reports_the_database,
    static_files_are_versioned_and_cached,
    unknown_pages_are_404,
    hostile_input_never_causes_a_server_error,
    the_audit_trail_is_append_only,
    managers_filter_cases,
);

async fn health_check_reports_the_database(app: TestApp) {
    let r = app.get(&Sess::anonymous(), "/healthz").await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("ok");
}

async fn static_files_are_versioned_and_cached(app: TestApp) {
    let page = app.get(&Sess::anonymous(), "/login").await;
    let prefix = s136::web::assets::prefix();
    page.assert_contains(&format!("{prefix}/nhsuk/nhsuk-frontend.min.css"));
    let css = app
        .get(
            &Sess::anonymous(),
            &format!("{prefix}/nhsuk/nhsuk-frontend.min.css"),
        )
        .await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(
        css.headers.get("cache-control").unwrap(),
        "public, max-age=31536000, immutable"
    );
    assert!(
        css.headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(
        !css.body.contains("assets.nhs.uk"),
        "no fonts from other hosts"
    );
    let js = app
        .get(&Sess::anonymous(), &format!("{prefix}/app.js"))
        .await;
    assert!(
        js.headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    let icon = app
        .get(&Sess::anonymous(), "/assets/images/favicon.svg")
        .await;
    assert_eq!(icon.status, StatusCode::OK);
    assert_eq!(
        app.get(&Sess::anonymous(), "/assets/../Cargo.toml")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

async fn unknown_pages_are_404(app: TestApp) {
    let r = app.get(&Sess::anonymous(), "/no/such/page").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    r.assert_contains("Page not found");
}

async fn hostile_input_never_causes_a_server_error(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let before = app.counts().await;
    let big = "a=".to_string() + &"x".repeat(70 * 1024);
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        (
            "application/x-www-form-urlencoded",
            b"%%%&&&==\xff\xfe".to_vec(),
        ),
        ("application/x-www-form-urlencoded", big.into_bytes()),
        ("application/json", br#"{"site":"OAK"}"#.to_vec()),
        ("text/plain", b"site=OAK".to_vec()),
        (
            "application/x-www-form-urlencoded",
            b"site=%00%01&arrival=earlier&arrived_at=%F0%9F%92%A9&officers=99999999999999999999999"
                .to_vec(),
        ),
    ];
    for path in [
        "/episodes",
        &format!("/episodes/{reference}/handover"),
        &format!("/episodes/{reference}/cancel"),
        "/login",
        "/admin/users",
    ] {
        for (ctype, body) in &bodies {
            let r = app
                .send(
                    TestRequest::post()
                        .uri(path)
                        .insert_header(("cookie", officer.cookie.clone()))
                        .insert_header(("content-type", *ctype))
                        .set_payload(body.clone()),
                )
                .await;
            assert!(r.status.is_client_error(), "{path} {ctype}: {}", r.status);
        }
    }
    for q in [
        "/cases?from=2026-13-45",
        "/cases?page=-5&from=9999999-01-01",
        "/cases?to=2026-01-01&from=2026-02-01",
        "/episodes/%FF%FE",
    ] {
        let r = app.get(&app.login("manager_all").await, q).await;
        assert!(!r.status.is_server_error(), "{q}: {}", r.status);
    }
    assert_eq!(app.counts().await, before);
}

async fn the_audit_trail_is_append_only(app: TestApp) {
    app.arrive(&app.login("officer").await, "OAK", &[]).await;
    let (updated, deleted) = app
        .db(|c| {
            use diesel::prelude::*;
            (
                diesel::sql_query("UPDATE audit_events SET action = 'x'").execute(c),
                diesel::sql_query("DELETE FROM audit_events").execute(c),
            )
        })
        .await;
    assert!(updated.unwrap_err().to_string().contains("append-only"));
    assert!(deleted.unwrap_err().to_string().contains("append-only"));
}

async fn managers_filter_cases(app: TestApp) {
    let officer = app.login("officer").await;
    let quick = app.arrive(&officer, "OAK", &[]).await;
    let late = app
        .arrive(
            &officer,
            "CITYED",
            &[
                ("arrival", "earlier"),
                ("arrived_at", "2026-11-20T10:00"),
                ("backdate_reason", "late log"),
            ],
        )
        .await;
    let m = app.login("manager_all").await;
    let r = app.get(&m, "/cases?breached=1").await;
    assert!(r.body.contains(&late) && !r.body.contains(&quick));
    let r = app.get(&m, "/cases?site=OAK").await;
    assert!(r.body.contains(&quick) && !r.body.contains(&late));
    let r = app.get(&m, "/cases?from=2026-11-21").await;
    assert!(!r.body.contains(&quick) && !r.body.contains(&late));
    let r = app.get(&m, "/cases?from=2026-11-20&to=2026-11-20").await;
    assert!(r.body.contains(&quick) && r.body.contains(&late));
    let r = app.get(&m, "/cases?from=2026-11-31").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Enter a real date, for example 2026-11-01");
    let r = app.get(&m, "/cases?from=2026-11-20&to=2026-11-01").await;
    r.assert_contains("Enter an end date that is the same as or after the start date");
}

/// libpq is built with TLS, so a production `DATABASE_URL` can require it
/// (`?sslmode=verify-full&sslrootcert=...`). Against a server with TLS the
/// connection is encrypted; against one without, the refusal is the
/// server's, not "SSL not supported by this build".
#[test]
fn postgres_connections_can_require_tls() {
    let Ok(url) = std::env::var("TEST_DATABASE_URL") else {
        assert!(
            std::env::var("S136_REQUIRE_PG").is_err(),
            "S136_REQUIRE_PG is set but TEST_DATABASE_URL is not: PostgreSQL tests must run"
        );
        eprintln!("note: TEST_DATABASE_URL is not set; the TLS test did not run");
        return;
    };
    use diesel::RunQueryDsl;
    use diesel::sql_types::Bool;
    let sep = if url.contains('?') { '&' } else { '?' };
    match s136::db::build_pool(&format!("{url}{sep}sslmode=require"), 1) {
        Ok(pool) => {
            let mut c = pool.get().unwrap();
            let encrypted: bool = diesel::select(diesel::dsl::sql::<Bool>(
                "(SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid())",
            ))
            .get_result(&mut c)
            .unwrap();
            assert!(encrypted, "sslmode=require gave a plain connection");
        }
        Err(e) => {
            let e = format!("{e:#}");
            assert!(e.contains("server does not support SSL"), "{e}");
        }
    }
}
