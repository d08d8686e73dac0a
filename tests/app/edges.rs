//! The edges of HTTP: HEAD, big forms, the API's 401, cross-site forms, and
//! which error format each side answers in.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::json;

use crate::both_backends;
use crate::common::{Resp, Sess, TestApp};

both_backends!(
    head_is_answered_wherever_get_is,
    a_form_over_64_kib_is_413_with_the_error_page,
    api_401_names_the_bearer_scheme,
    cross_site_forms_are_refused_and_change_nothing,
    same_origin_forms_and_forms_without_origin_are_accepted,
    the_api_answers_json_errors_everywhere_under_api,
    pages_answer_html_errors,
    a_planted_sign_in_cookie_and_token_pair_is_refused,
);

fn content_type(r: &Resp) -> String {
    r.headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// A form post with the session's token and extra headers.
async fn post_with(
    app: &TestApp,
    s: &Sess,
    path: &str,
    form: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> Resp {
    let mut fields = form.to_vec();
    fields.push(("csrf_token", &s.csrf));
    let mut req = TestRequest::post()
        .uri(path)
        .insert_header(("cookie", s.cookie.clone()))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(serde_urlencoded::to_string(&fields).unwrap());
    for (k, v) in headers {
        req = req.insert_header((k.to_string(), v.to_string()));
    }
    app.send(req).await
}

async fn head(app: &TestApp, path: &str, headers: &[(&str, String)]) -> Resp {
    let mut req = TestRequest::default()
        .method(actix_web::http::Method::HEAD)
        .uri(path);
    for (k, v) in headers {
        req = req.insert_header((k.to_string(), v.clone()));
    }
    app.send(req).await
}

async fn head_is_answered_wherever_get_is(app: TestApp) {
    assert_eq!(head(&app, "/healthz", &[]).await.status, StatusCode::OK);
    assert_eq!(head(&app, "/login", &[]).await.status, StatusCode::OK);
    // A page behind sign-in answers HEAD as it answers GET: go and sign in.
    let r = head(&app, "/board", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/login");
    let s = app.login("nurse").await;
    assert_eq!(
        head(&app, "/board", &[("cookie", s.cookie.clone())])
            .await
            .status,
        StatusCode::OK
    );
    let token = app.token("officer").await;
    let auth = [("authorization", format!("Bearer {token}"))];
    assert_eq!(
        head(&app, "/api/v1/sites", &auth).await.status,
        StatusCode::OK
    );
    assert_eq!(
        head(&app, "/api/v1/openapi.json", &[]).await.status,
        StatusCode::OK
    );
    // HEAD is not a way round the methods a resource takes.
    let r = head(&app, "/api/v1/episodes/ABC/handover", &auth).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
}

async fn a_form_over_64_kib_is_413_with_the_error_page(app: TestApp) {
    let officer = app.login("officer").await;
    let before = app.counts().await;
    let notes = "x".repeat(65 * 1024);
    let r = app
        .post(
            &officer,
            "/episodes",
            &[("site", "OAK"), ("arrival", "now"), ("notes", &notes)],
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(content_type(&r).starts_with("text/html"), "{r:?}");
    r.assert_contains("The request is too large");
    // Before sign-in too.
    let r = app
        .post(
            &Sess::anonymous(),
            "/login",
            &[("username", "officer"), ("password", &notes)],
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    r.assert_contains("The request is too large");
    assert_eq!(app.counts().await, before);
    // A form just under the limit is read as before (a field the form does
    // not know is ignored; the notes have their own, shorter, limit).
    let filler = "x".repeat(60 * 1024);
    let r = app
        .post(
            &officer,
            "/episodes",
            &[
                ("site", "OAK"),
                ("arrival", "now"),
                ("form_token", "big1"),
                ("filler", &filler),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

async fn api_401_names_the_bearer_scheme(app: TestApp) {
    for token in ["", "s136_not-a-token"] {
        let r = app.api("GET", "/api/v1/sites", token, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            r.headers
                .get("www-authenticate")
                .and_then(|v| v.to_str().ok()),
            Some("Bearer")
        );
        assert_eq!(r.code(), "unauthorized");
    }
    // Other API errors do not ask for credentials.
    let token = app.token("officer").await;
    let r = app.api("GET", "/api/v1/episodes/NOPE", &token, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.headers.get("www-authenticate").is_none());
}

async fn cross_site_forms_are_refused_and_change_nothing(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let before = app.counts().await;
    let arrival = [("site", "OAK"), ("arrival", "now"), ("form_token", "x1")];
    let refused: [&[(&str, &str)]; 6] = [
        &[("origin", "https://evil.example")],
        // A sandboxed frame elsewhere: the browser says cross-site.
        &[("origin", "null"), ("sec-fetch-site", "cross-site")],
        &[
            ("host", "s136.example"),
            ("origin", "https://s136.example.evil.example"),
        ],
        &[
            ("host", "s136.example"),
            ("origin", "http://s136.example:8443"),
        ],
        &[("sec-fetch-site", "cross-site")],
        &[("sec-fetch-site", "same-site")],
    ];
    for headers in refused {
        let r = post_with(&app, &officer, "/episodes", &arrival, headers).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{headers:?}");
        assert!(content_type(&r).starts_with("text/html"), "{headers:?}");
        r.assert_contains("did not come from this service");
        let r = post_with(
            &app,
            &officer,
            &format!("/episodes/{reference}/cancel"),
            &[("reason", "test")],
            headers,
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{headers:?}");
    }
    assert_eq!(app.counts().await, before);
    // Sign-in and sign-out from another site are refused too.
    let page = app.get(&Sess::anonymous(), "/login").await;
    let pre = Sess {
        cookie: crate::common::cookies_from(&page.headers),
        csrf: crate::common::csrf_in(&page.body),
    };
    let evil = [("origin", "https://evil.example")];
    let r = post_with(
        &app,
        &pre,
        "/login",
        &[
            ("username", "officer"),
            ("password", crate::common::PASSWORD),
        ],
        &evil,
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.headers.get("set-cookie").is_none());
    let r = post_with(&app, &officer, "/logout", &[], &evil).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&officer, "/officer").await.status, StatusCode::OK);
    // Reading is not state-changing: a link from elsewhere still opens the page.
    let r = app
        .send(
            TestRequest::get()
                .uri("/officer")
                .insert_header(("cookie", officer.cookie.clone()))
                .insert_header(("sec-fetch-site", "cross-site")),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
}

async fn same_origin_forms_and_forms_without_origin_are_accepted(app: TestApp) {
    let officer = app.login("officer").await;
    for (token, headers) in [
        ("a1", vec![]),
        (
            "a2",
            vec![("host", "s136.example"), ("origin", "https://s136.example")],
        ),
        (
            "a3",
            vec![
                ("host", "S136.example:8443"),
                ("origin", "https://s136.example:8443"),
            ],
        ),
        ("a4", vec![("sec-fetch-site", "same-origin")]),
        // Typed into the address bar or a bookmark: no site to blame.
        ("a5", vec![("sec-fetch-site", "none")]),
        // What Chromium sends for our own forms: our `Referrer-Policy:
        // no-referrer` makes the Origin "null"; Sec-Fetch-Site says it all.
        (
            "a6",
            vec![("origin", "null"), ("sec-fetch-site", "same-origin")],
        ),
        // An older browser under no-referrer: Origin "null", the token decides.
        ("a7", vec![("origin", "null")]),
    ] {
        let r = post_with(
            &app,
            &officer,
            "/episodes",
            &[("site", "OAK"), ("arrival", "now"), ("form_token", token)],
            &headers,
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{headers:?}: {}", r.body);
        assert!(r.location().starts_with("/episodes/"), "{headers:?}");
    }
    // The API takes bearer tokens, not cookies: a browser's Origin is no matter there.
    let token = app.token("officer").await;
    let r = app
        .send(
            TestRequest::post()
                .uri("/api/v1/episodes")
                .insert_header(("authorization", format!("Bearer {token}")))
                .insert_header(("origin", "https://elsewhere.example"))
                .insert_header(("content-type", "application/json"))
                .set_payload(json!({"site": "OAK"}).to_string()),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

async fn the_api_answers_json_errors_everywhere_under_api(app: TestApp) {
    let token = app.token("officer").await;
    let before = app.counts().await;
    let is_json = |r: &Resp| content_type(r).starts_with("application/json");
    for path in ["/api/v1/nope", "/api/nope", "/api", "/api/v2/episodes"] {
        let r = app.api("GET", path, &token, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(is_json(&r), "{path}: {r:?}");
        assert_eq!(r.code(), "not_found", "{path}");
    }
    // A body that is not JSON, or JSON of the wrong shape.
    for body in ["{not json", r#"{"site": 5}"#, "[]"] {
        let r = app
            .send(
                TestRequest::post()
                    .uri("/api/v1/episodes")
                    .insert_header(("authorization", format!("Bearer {token}")))
                    .insert_header(("content-type", "application/json"))
                    .set_payload(body),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}");
        assert!(is_json(&r), "{body}: {r:?}");
        assert_eq!(r.code(), "bad_request", "{body}");
    }
    // A path that cannot be read (not UTF-8), and a query that cannot.
    let r = app
        .api("GET", "/api/v1/episodes/%FF%FE", &token, None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(is_json(&r), "{r:?}");
    assert_eq!(r.code(), "not_found");
    let r = app
        .api("GET", "/api/v1/episodes?limit=x", &token, None)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(is_json(&r), "{r:?}");
    // Without a token: JSON, never a redirect to the sign-in page.
    let r = app.api("POST", "/api/v1/episodes/X/end", "", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(is_json(&r), "{r:?}");
    assert_eq!(app.counts().await, before);
}

async fn pages_answer_html_errors(app: TestApp) {
    let is_html = |r: &Resp| content_type(r).starts_with("text/html");
    let r = app.get(&Sess::anonymous(), "/no/such/page").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(is_html(&r), "{r:?}");
    r.assert_contains("Page not found");
    let officer = app.login("officer").await;
    for path in ["/episodes/NOPE", "/episodes/%FF%FE"] {
        let r = app.get(&officer, path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(is_html(&r), "{path}: {r:?}");
    }
    let r = app
        .get(&app.login("manager_all").await, "/cases?page=1&page=2")
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(is_html(&r), "{r:?}");
    r.assert_contains("There is a problem with the request");
    // A form that cannot be read.
    let r = app
        .send(
            TestRequest::post()
                .uri("/episodes")
                .insert_header(("cookie", officer.cookie.clone()))
                .insert_header(("content-type", "text/plain"))
                .set_payload("site=OAK"),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(is_html(&r), "{r:?}");
    // A wrong CSRF token: the page, not JSON.
    let r = app
        .post(
            &Sess {
                csrf: "wrong".into(),
                ..officer.clone()
            },
            "/episodes",
            &[("site", "OAK"), ("arrival", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(is_html(&r), "{r:?}");
    // Signed out: a page error is a redirect to sign in.
    let r = app.get(&Sess::anonymous(), "/officer").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/login");
}

/// The sign-in token is a keyed hash of the pre-session in its cookie, not a
/// copy of it: a pair an attacker chose (and planted) does not pass, the pair
/// the server gave does.
async fn a_planted_sign_in_cookie_and_token_pair_is_refused(app: TestApp) {
    let form = [
        ("username", "officer"),
        ("password", crate::common::PASSWORD),
    ];
    let planted = Sess {
        cookie: "s136_login_csrf=attacker-chosen".into(),
        csrf: "attacker-chosen".into(),
    };
    let r = post_with(&app, &planted, "/login", &form, &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert!(!crate::common::cookies_from(&r.headers).contains("s136_session"));
    // A token from one pre-session does not fit another.
    let a = app.get(&Sess::anonymous(), "/login").await;
    let b = app.get(&Sess::anonymous(), "/login").await;
    let crossed = Sess {
        cookie: crate::common::cookies_from(&a.headers),
        csrf: crate::common::csrf_in(&b.body),
    };
    let r = post_with(&app, &crossed, "/login", &form, &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let given = Sess {
        cookie: crate::common::cookies_from(&a.headers),
        csrf: crate::common::csrf_in(&a.body),
    };
    assert_ne!(given.csrf, "", "the page carries a token");
    assert!(
        !given.cookie.contains(&given.csrf),
        "the token is not the cookie"
    );
    let r = post_with(&app, &given, "/login", &form, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}
