use actix_web::http::StatusCode;

use crate::both_backends;
use crate::common::{PASSWORD, Sess, TestApp, cookies_from, csrf_in, t0};

both_backends!(
    sign_in_lands_each_role_on_its_page,
    wrong_password_is_refused_without_saying_which,
    sign_in_is_throttled_after_five_failures,
    sign_in_needs_the_form_token,
    sign_out_ends_the_session,
    a_looked_up_session_ends_on_every_instance_at_once,
    sessions_in_use_slide_and_idle_ones_end,
    pages_need_a_session,
    roles_are_checked_on_every_page,
    cookies_and_headers_are_strict,
);

async fn sign_in_lands_each_role_on_its_page(app: TestApp) {
    for (user, home) in [
        ("officer", "/officer"),
        ("nurse", "/board"),
        ("manager_all", "/cases"),
        ("admin", "/cases"),
    ] {
        let s = app.login(user).await;
        assert_eq!(app.get(&s, "/").await.location(), home, "{user}");
    }
}

async fn wrong_password_is_refused_without_saying_which(app: TestApp) {
    let (r, s) = app.try_login("officer", "not-the-password").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Enter a correct username and password");
    r.assert_contains("value=\"officer\""); // what was typed is kept
    assert!(!s.cookie.contains("s136_session"));
    let (r, _) = app.try_login("nobody", "not-the-password").await;
    r.assert_contains("Enter a correct username and password");
    let (r, _) = app.try_login("", "").await;
    r.assert_contains("Enter your username");
    r.assert_contains("Enter your password");
}

async fn sign_in_is_throttled_after_five_failures(app: TestApp) {
    for _ in 0..5 {
        let (r, _) = app.try_login("nurse", "wrong-password-x").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let (r, s) = app.try_login("nurse", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    r.assert_contains("Too many failed sign-in attempts");
    assert!(!s.cookie.contains("s136_session"));
    // Other users are not locked out by one user's failures.
    app.login("officer").await;
    // 15 minutes later the user may try again.
    app.set_now(crate::common::t0() + chrono::Duration::minutes(16));
    app.login("nurse").await;
}

async fn sign_in_needs_the_form_token(app: TestApp) {
    let page = app.get(&Sess::anonymous(), "/login").await;
    let cookie = cookies_from(&page.headers);
    let token = csrf_in(&page.body);
    assert!(!token.is_empty());
    let no_token = Sess {
        cookie: cookie.clone(),
        csrf: "forged".into(),
    };
    let r = app
        .post(
            &no_token,
            "/login",
            &[("username", "officer"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_contains("nothing was saved");
    let no_cookie = Sess {
        cookie: String::new(),
        csrf: token,
    };
    let r = app
        .post(
            &no_cookie,
            "/login",
            &[("username", "officer"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

async fn sign_out_ends_the_session(app: TestApp) {
    let s = app.login("officer").await;
    let forged = Sess {
        csrf: "forged".into(),
        ..s.clone()
    };
    assert_eq!(
        app.post(&forged, "/logout", &[]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get(&s, "/officer").await.status, StatusCode::OK);
    let r = app.post(&s, "/logout", &[]).await;
    assert_eq!(r.location(), "/login");
    let r = app.get(&s, "/officer").await;
    assert_eq!(
        (r.status, r.location().as_str()),
        (StatusCode::SEE_OTHER, "/login")
    );
}

async fn pages_need_a_session(app: TestApp) {
    let anon = Sess::anonymous();
    for path in [
        "/",
        "/officer",
        "/board",
        "/cases",
        "/admin",
        "/episodes/new",
        "/episodes/S136-2026-000001",
    ] {
        let r = app.get(&anon, path).await;
        assert_eq!(
            (r.status, r.location().as_str()),
            (StatusCode::SEE_OTHER, "/login"),
            "{path}"
        );
    }
    let bogus = Sess {
        cookie: "s136_session=made-up".into(),
        csrf: String::new(),
    };
    assert_eq!(app.get(&bogus, "/board").await.location(), "/login");
}

async fn roles_are_checked_on_every_page(app: TestApp) {
    let officer = app.login("officer").await;
    let nurse = app.login("nurse").await;
    let manager = app.login("manager_all").await;
    for (s, path) in [
        (&officer, "/board"),
        (&officer, "/cases"),
        (&officer, "/admin"),
        (&nurse, "/officer"),
        (&nurse, "/episodes/new"),
        (&nurse, "/cases"),
        (&manager, "/admin"),
        (&manager, "/episodes/new"),
    ] {
        assert_eq!(
            app.get(s, path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let before = app.counts().await;
    let r = app
        .post(&nurse, "/episodes", &[("site", "OAK"), ("arrival", "now")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .post(&manager, "/admin/forces", &[("code", "XYZ"), ("name", "X")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.counts().await, before);
}

async fn cookies_and_headers_are_strict(app: TestApp) {
    let (r, _) = app.try_login("officer", PASSWORD).await;
    let set = r
        .headers
        .get_all("set-cookie")
        .map(|v| v.to_str().unwrap().to_string())
        .collect::<Vec<_>>();
    let session = set
        .iter()
        .find(|c| c.starts_with("s136_session="))
        .expect("session cookie");
    assert!(session.contains("HttpOnly"), "{session}");
    assert!(session.contains("SameSite=Lax"), "{session}");
    assert!(
        !session.contains("Secure"),
        "Secure only behind TLS: {session}"
    );
    let page = app.get(&Sess::anonymous(), "/login").await;
    let csp = page
        .headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(
        page.headers.get("x-content-type-options").unwrap(),
        "nosniff"
    );
    assert_eq!(page.headers.get("referrer-policy").unwrap(), "no-referrer");
    assert!(!page.body.contains("<script>"), "no inline scripts");
    assert!(!page.body.contains("style=\""), "no inline styles");
}

/// Each instance keeps a looked-up session for a few seconds (so a busy board
/// is not two queries a request): a sign-out or a disabled account on
/// another instance still ends it at the next request.
async fn a_looked_up_session_ends_on_every_instance_at_once(app: TestApp) {
    let twin = app.twin().await;
    let s = app.login("nurse").await;
    for _ in 0..2 {
        assert_eq!(twin.get(&s, "/board").await.status, StatusCode::OK);
    }
    assert_eq!(app.post(&s, "/logout", &[]).await.location(), "/login");
    assert_eq!(twin.get(&s, "/board").await.location(), "/login");

    let n = app.login("nurse2").await;
    assert_eq!(twin.get(&n, "/board").await.status, StatusCode::OK);
    let admin = app.login("admin").await;
    let r = app
        .post(&admin, "/admin/users/disable", &[("username", "nurse2")])
        .await;
    app.follow_admin(&admin, r)
        .await
        .assert_contains("Account nurse2 disabled");
    assert_eq!(twin.get(&n, "/board").await.location(), "/login");

    // A new password set by an admin ends the sessions the old one made.
    let o = app.login("officer").await;
    assert_eq!(twin.get(&o, "/officer").await.status, StatusCode::OK);
    let r = app
        .post(
            &admin,
            "/admin/password",
            &[
                ("username", "officer"),
                ("password", "a brand new pass phrase"),
            ],
        )
        .await;
    app.follow_admin(&admin, r)
        .await
        .assert_contains("Password for officer changed");
    assert_eq!(twin.get(&o, "/officer").await.location(), "/login");
}

/// Sessions end after 12 idle hours, however they were looked up: one used
/// every four hours lives on, one left alone ends.
async fn sessions_in_use_slide_and_idle_ones_end(app: TestApp) {
    let used = app.login("nurse").await;
    let idle = app.login("nurse2").await;
    let start = t0();
    for h in [4, 8, 12, 16] {
        app.set_now(start + chrono::Duration::hours(h));
        assert_eq!(
            app.get(&used, "/board").await.status,
            StatusCode::OK,
            "{h} h"
        );
    }
    assert_eq!(app.get(&idle, "/board").await.location(), "/login");
    app.set_now(start + chrono::Duration::hours(16) + chrono::Duration::minutes(719));
    assert_eq!(app.get(&used, "/board").await.status, StatusCode::OK);
    app.set_now(start + chrono::Duration::hours(16) + chrono::Duration::minutes(719 + 721));
    assert_eq!(app.get(&used, "/board").await.location(), "/login");
}
