//! Accounts follow people: disabling and enabling, changing one's own
//! password, generated passwords changed at first sign-in, the password
//! rules, and editing and retiring places of safety and forces.

use actix_web::http::StatusCode;
use diesel::prelude::*;

use crate::both_backends;
use crate::common::{PASSWORD, Sess, TestApp, cookies_from, csrf_in};
use s136::schema::audit_events;

both_backends!(
    disabled_accounts_cannot_sign_in_and_lose_sessions_and_tokens,
    admins_cannot_disable_themselves_or_the_last_admin,
    the_command_line_disables_and_enables,
    generated_passwords_are_changed_at_first_sign_in,
    users_change_their_own_password,
    common_and_short_passwords_are_refused,
    retired_sites_take_no_new_arrivals_or_transfers,
    sites_and_forces_are_edited_and_retired_forces_get_no_accounts,
    a_sites_default_language_reaches_its_staff_until_they_choose
);

async fn audited(app: &TestApp, what: &'static str) -> i64 {
    app.db(move |c| {
        audit_events::table
            .filter(audit_events::action.eq(what))
            .count()
            .get_result(c)
            .unwrap()
    })
    .await
}

async fn disabled_accounts_cannot_sign_in_and_lose_sessions_and_tokens(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let token = app.token("officer").await;
    assert_eq!(
        app.api("GET", "/api/v1/sites", &token, None).await.status,
        StatusCode::OK
    );
    let admin = app.login("admin").await;
    let r = app
        .post(&admin, "/admin/users/disable", &[("username", "officer")])
        .await;
    let r = app.follow_admin(&admin, r).await;
    r.assert_contains(
        "Account officer disabled. They cannot sign in (1 session ended and 1 API token revoked)",
    );
    assert_eq!(audited(&app, "user_disabled").await, 1);
    // At once: the open session, the token, and any new sign-in.
    assert_eq!(app.get(&officer, "/officer").await.location(), "/login");
    assert_eq!(
        app.api("GET", "/api/v1/sites", &token, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let (r, _) = app.try_login("officer", PASSWORD).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Enter a correct username and password");
    // Their history stays, with their name on it.
    let case = app.get(&admin, &format!("/episodes/{reference}")).await;
    assert_eq!(case.status, StatusCode::OK);
    case.assert_contains("PC Sam Patel");
    app.get(&admin, "/admin").await.assert_contains("Disabled");

    let r = app
        .post(&admin, "/admin/users/enable", &[("username", "officer")])
        .await;
    let r = app.follow_admin(&admin, r).await;
    r.assert_contains("Account officer enabled");
    assert_eq!(audited(&app, "user_enabled").await, 1);
    app.login("officer").await;
    // The revoked token stays revoked.
    assert_eq!(
        app.api("GET", "/api/v1/sites", &token, None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

async fn admins_cannot_disable_themselves_or_the_last_admin(app: TestApp) {
    let admin = app.login("admin").await;
    let r = app
        .post(&admin, "/admin/users/disable", &[("username", "admin")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("You cannot disable your own account");
    let r = app
        .post(&admin, "/admin/users/disable", &[("username", "ghost")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("No account has that username");
    let refused = app
        .db(|c| {
            s136::domain::admin::disable_user(
                c,
                &s136::domain::admin::By::Cli,
                "admin",
                crate::common::t0(),
            )
            .unwrap_err()
        })
        .await;
    assert!(s136::i18n::en(&refused.fields.0[0].1).contains("last enabled administrator"));
    // Not without the token, nor by someone who is not an admin.
    let r = app
        .post(
            &admin,
            "/admin/users/disable",
            &[("username", "nurse"), ("csrf_token", "forged")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let manager = app.login("manager_all").await;
    let r = app
        .post(&manager, "/admin/users/disable", &[("username", "nurse")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(audited(&app, "user_disabled").await, 0);
}

async fn the_command_line_disables_and_enables(app: TestApp) {
    let nurse = app.login("nurse").await;
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_s136"))
            .arg("--database-url")
            .arg(app.url())
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let out = run(&["user", "disable", "--username", "nurse"]);
    assert_eq!(
        out.trim(),
        "nurse disabled: 1 session ended and 0 API tokens revoked"
    );
    // Another process's change: this one learns of it within about a second
    // (PostgreSQL's NOTIFY; SQLite's counter, read each second).
    let mut waited = std::time::Duration::ZERO;
    while app.get(&nurse, "/board").await.status == StatusCode::OK {
        assert!(
            waited < std::time::Duration::from_secs(3),
            "still signed in after {waited:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        waited += std::time::Duration::from_millis(50);
    }
    assert_eq!(app.get(&nurse, "/board").await.location(), "/login");
    assert!(run(&["user", "list"]).contains("nurse\thealth\tAlex Morgan\tdisabled"));
    assert_eq!(
        run(&["user", "enable", "--username", "nurse"]).trim(),
        "nurse enabled"
    );
    app.login("nurse").await;
    let audit = app
        .db(|c| {
            audit_events::table
                .filter(audit_events::action.eq_any(["user_disabled", "user_enabled"]))
                .select(audit_events::actor_name)
                .load::<String>(c)
                .unwrap()
        })
        .await;
    assert_eq!(audit, ["command line", "command line"]);
}

/// The password an admin's "added" or "new password" notice shows.
fn shown_password(body: &str, before: &str) -> String {
    let start = body
        .find(before)
        .unwrap_or_else(|| panic!("no {before:?} in {body}"))
        + before.len();
    body[start..].split_whitespace().next().unwrap().to_string()
}

async fn change(
    app: &TestApp,
    s: &Sess,
    current: &str,
    new: &str,
    confirm: &str,
) -> crate::common::Resp {
    app.post(
        s,
        "/account/password",
        &[
            ("current_password", current),
            ("new_password", new),
            ("confirm_password", confirm),
        ],
    )
    .await
}

async fn generated_passwords_are_changed_at_first_sign_in(app: TestApp) {
    let admin = app.login("admin").await;
    let r = app
        .post(
            &admin,
            "/admin/users",
            &[("username", "temp"), ("role", "health"), ("site", "OAK")],
        )
        .await;
    let r = app.follow_admin(&admin, r).await;
    r.assert_contains("they must change it when they first sign in");
    let generated = shown_password(&r.body, "Its password is ");
    let (r, mut s) = app.try_login("temp", &generated).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // Every page but the change form and sign-out leads to the change form.
    for path in ["/", "/board", "/tokens", "/cases"] {
        assert_eq!(
            app.get(&s, path).await.location(),
            "/account/password",
            "{path}"
        );
    }
    let form = app.get(&s, "/account/password").await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains("Choose your own password");
    s.csrf = csrf_in(&form.body);
    // Nothing else may be posted either.
    let r = app.post(&s, "/tokens", &[("label", "x")]).await;
    assert_eq!(r.location(), "/account/password");

    let r = change(
        &app,
        &s,
        "wrong-password-typed",
        "a-brand-new-secret",
        "a-brand-new-secret",
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Your current password is not right");
    r.assert_contains("href=\"#current_password\"");
    let r = change(&app, &s, &generated, &generated, &generated).await;
    r.assert_contains("different from your current one");
    let r = change(
        &app,
        &s,
        &generated,
        "a-brand-new-secret",
        "a-brand-new-secreT",
    )
    .await;
    r.assert_contains("The passwords do not match");
    assert!(
        !r.body.contains("a-brand-new-secret"),
        "typed passwords are not sent back"
    );
    let r = change(
        &app,
        &s,
        &generated,
        "a-brand-new-secret",
        "a-brand-new-secret",
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/account/password?changed=1");
    // This browser carries on in a new session; the old cookie is dead.
    let fresh = Sess {
        cookie: cookies_from(&r.headers),
        csrf: String::new(),
    };
    assert_eq!(app.get(&fresh, "/").await.location(), "/board");
    assert_eq!(app.get(&s, "/").await.location(), "/login");
    assert_eq!(audited(&app, "password_changed").await, 1);
    let (r, _) = app.try_login("temp", "a-brand-new-secret").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    // A reset with a generated password asks again; a typed one does not.
    let r = app
        .post(&admin, "/admin/password", &[("username", "temp")])
        .await;
    let r = app.follow_admin(&admin, r).await;
    let reset = shown_password(&r.body, "New password for temp: ");
    let (_, s) = app.try_login("temp", &reset).await;
    assert_eq!(app.get(&s, "/").await.location(), "/account/password");
    let r = app
        .post(
            &admin,
            "/admin/password",
            &[("username", "temp"), ("password", "typed-by-the-admin")],
        )
        .await;
    app.follow_admin(&admin, r)
        .await
        .assert_contains("Password for temp changed");
    let (_, s) = app.try_login("temp", "typed-by-the-admin").await;
    assert_eq!(app.get(&s, "/").await.location(), "/board");

    // The first administrator's generated password too (on a database
    // with no administrator: the seeded one is made a manager).
    let first = app
        .db(|c| {
            use s136::schema::users;
            diesel::update(users::table.filter(users::role.eq("admin")))
                .set((users::role.eq("manager"), users::username.eq("old_admin")))
                .execute(c)
                .unwrap();
            s136::domain::admin::ensure_first_admin(c, crate::common::t0())
                .unwrap()
                .unwrap()
        })
        .await;
    let (r, s) = app.try_login("admin", &first).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get(&s, "/admin").await.location(), "/account/password");
}

async fn users_change_their_own_password(app: TestApp) {
    let elsewhere = app.login("nurse").await;
    let token = app.token("nurse").await;
    let mut s = app.login("nurse").await;
    let form = app.get(&s, "/account/password").await;
    assert!(!form.body.contains("Choose your own password"));
    s.csrf = csrf_in(&form.body);
    let r = change(
        &app,
        &s,
        PASSWORD,
        "three random words here",
        "three random words here",
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let fresh = Sess {
        cookie: cookies_from(&r.headers),
        csrf: String::new(),
    };
    app.get(&fresh, "/account/password?changed=1")
        .await
        .assert_contains("Your password has been changed");
    assert_eq!(app.get(&elsewhere, "/board").await.location(), "/login");
    assert_eq!(
        app.api("GET", "/api/v1/sites", &token, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let (r, _) = app.try_login("nurse", PASSWORD).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The audit row says what ended, and holds no password.
    let after = app
        .db(|c| {
            audit_events::table
                .filter(audit_events::action.eq("password_changed"))
                .select(audit_events::after_json)
                .first::<Option<String>>(c)
                .unwrap()
                .unwrap()
        })
        .await;
    assert!(
        after.contains("\"sessions_ended\":2") && after.contains("\"tokens_revoked\":1"),
        "{after}"
    );
    assert!(!after.contains("three random"));
}

async fn common_and_short_passwords_are_refused(app: TestApp) {
    let mut s = app.login("nurse").await;
    s.csrf = csrf_in(&app.get(&s, "/account/password").await.body);
    for (new, message) in [
        ("short-pass1", "at least 12 characters"),
        ("1qaz2wsx3edc", "one of the most used"),
        ("Q1W2E3R4T5Y6", "one of the most used"),
    ] {
        let r = change(&app, &s, PASSWORD, new, new).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{new}");
        r.assert_contains(message);
    }
    let admin = app.login("admin").await;
    for path in ["/admin/users", "/admin/password"] {
        let r = app
            .post(
                &admin,
                path,
                &[
                    (
                        "username",
                        if path == "/admin/users" {
                            "newbie"
                        } else {
                            "nurse"
                        },
                    ),
                    ("role", "admin"),
                    ("password", "startfinding"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        r.assert_contains("one of the most used");
    }
    // Long passwords are kept whole: one more character is a different password.
    let long = "correct horse battery staple ".repeat(20);
    let r = change(&app, &s, PASSWORD, &long, &long).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let (r, _) = app.try_login("nurse", &long[..long.len() - 1]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let (r, _) = app.try_login("nurse", &long).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

async fn retired_sites_take_no_new_arrivals_or_transfers(app: TestApp) {
    let officer = app.login("officer").await;
    let at_moor = app.arrive(&officer, "MOOR", &[]).await;
    let at_oak = app.arrive(&officer, "OAK", &[]).await;
    let admin = app.login("admin").await;
    let r = app.post(&admin, "/admin/sites/MOOR/retire", &[]).await;
    assert_eq!(r.location(), "/admin/sites/MOOR?saved=retired");
    app.get(&admin, &r.location())
        .await
        .assert_contains("Reopen Moorside 136 suite");
    assert_eq!(audited(&app, "site_retired").await, 1);

    // Not offered, and refused if sent anyway: pages and API.
    let form = app.get(&officer, "/episodes/new").await;
    assert!(!form.body.contains("value=\"MOOR\""));
    form.assert_contains("value=\"OAK\"");
    let before = app.counts().await;
    let r = app
        .post(
            &officer,
            "/episodes",
            &[
                ("site", "MOOR"),
                ("arrival", "now"),
                ("form_token", "retired-1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Moorside 136 suite has been retired: choose another place of safety");
    let token = app.token("officer").await;
    let sites = app.api("GET", "/api/v1/sites", &token, None).await;
    assert!(!sites.body.contains("\"MOOR\""));
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(serde_json::json!({"site": "MOOR"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.code(), "validation_failed");
    assert_eq!(app.counts().await.0, before.0);

    let nurse = app.login("nurse").await;
    let transfer = format!("/episodes/{at_oak}/transfer");
    let form = app.get(&nurse, &transfer).await;
    assert!(!form.body.contains("value=\"MOOR\""));
    let version = app.version(&at_oak).await.to_string();
    let r = app
        .post(
            &nurse,
            &transfer,
            &[
                ("site", "MOOR"),
                ("left", "now"),
                ("arrival", "now"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    r.assert_contains("has been retired");

    // The person already there stays on its board; reports still count it.
    let moor = app.login("nurse_b").await;
    app.get(&moor, "/board").await.assert_contains(&at_moor);
    app.get(&admin, "/cases").await.assert_contains(&at_moor);
    app.get(&admin, "/reports")
        .await
        .assert_contains("Moorside 136 suite");

    let r = app.post(&admin, "/admin/sites/MOOR/reopen", &[]).await;
    assert_eq!(r.location(), "/admin/sites/MOOR?saved=reopened");
    app.arrive(&officer, "MOOR", &[]).await;
}

async fn sites_and_forces_are_edited_and_retired_forces_get_no_accounts(app: TestApp) {
    let admin = app.login("admin").await;
    let page = app.get(&admin, "/admin").await;
    page.assert_contains("href=\"/admin/sites/OAK\"");
    let r = app
        .post(
            &admin,
            "/admin/sites/OAK",
            &[("name", " "), ("kind", "castle"), ("trust", "Typed trust")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Enter the name");
    r.assert_contains("Choose the kind of place of safety");
    r.assert_contains("value=\"Typed trust\"");
    let r = app
        .post(
            &admin,
            "/admin/sites/OAK",
            &[
                ("name", "Oakwood suite"),
                ("kind", "mental_health_unit"),
                ("trust", "Oak NHS Trust"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/admin/sites/OAK?saved=changes");
    app.get(&admin, &r.location())
        .await
        .assert_contains("Changes saved");
    assert_eq!(audited(&app, "site_changed").await, 1);
    assert_eq!(
        app.get(&admin, "/admin/sites/NOPE").await.status,
        StatusCode::NOT_FOUND
    );
    let r = app
        .post(&admin, "/admin/forces/WYP", &[("name", "West Yorkshire")])
        .await;
    assert_eq!(r.location(), "/admin/forces/WYP?saved=changes");
    let r = app.post(&admin, "/admin/forces/WYP/retire", &[]).await;
    assert_eq!(r.location(), "/admin/forces/WYP?saved=retired");
    assert!(
        !app.get(&admin, "/admin")
            .await
            .body
            .contains("<option value=\"WYP\"")
    );
    let r = app
        .post(
            &admin,
            "/admin/users",
            &[
                ("username", "pc_new"),
                ("role", "officer"),
                ("force", "WYP"),
                ("collar_number", "PC1"),
                ("password", "long-enough-pass"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("West Yorkshire has been retired: choose another force");
    // Its officers keep working until disabled.
    let officer_b = app.login("officer_b").await;
    app.arrive(&officer_b, "OAK", &[]).await;
    assert_eq!(audited(&app, "force_retired").await, 1);
    assert_eq!(audited(&app, "force_changed").await, 1);
    // Only admins.
    let manager = app.login("manager_all").await;
    assert_eq!(
        app.get(&manager, "/admin/sites/OAK").await.status,
        StatusCode::FORBIDDEN
    );
}

async fn board_with_english_browser(app: &TestApp, s: &Sess) -> String {
    let r = app
        .send(
            actix_web::test::TestRequest::get()
                .uri("/board")
                .insert_header(("cookie", s.cookie.clone()))
                .insert_header(("accept-language", "en-GB,en;q=0.9")),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

async fn a_sites_default_language_reaches_its_staff_until_they_choose(app: TestApp) {
    // Signed in before the change: the cached sign-in is dropped by it.
    let nurse = app.login("nurse").await;
    assert!(
        board_with_english_browser(&app, &nurse)
            .await
            .contains("<html lang=\"en-GB\"")
    );
    let admin = app.login("admin").await;
    let page = app.get(&admin, "/admin/sites/OAK").await;
    page.assert_contains("Default language");
    page.assert_contains(
        "id=\"language-none\" name=\"language\" type=\"radio\" value=\"none\" checked",
    );
    let r = app
        .post(
            &admin,
            "/admin/sites/OAK",
            &[
                ("name", "Oakwood 136 suite"),
                ("kind", "mental_health_unit"),
                ("trust", "Oak NHS Trust"),
                ("language", "klingon"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Choose English, Cymraeg or no default");
    let r = app
        .post(
            &admin,
            "/admin/sites/OAK",
            &[
                ("name", "Oakwood 136 suite"),
                ("kind", "mental_health_unit"),
                ("trust", "Oak NHS Trust"),
                ("language", "cy"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/admin/sites/OAK?saved=changes");
    app.get(&admin, "/admin/sites/OAK")
        .await
        .assert_contains("value=\"cy\" checked");
    let after: Option<String> = app
        .db(|c| {
            audit_events::table
                .filter(audit_events::action.eq("site_changed"))
                .select(audit_events::after_json)
                .first(c)
                .unwrap()
        })
        .await;
    assert!(after.unwrap().contains("\"language\":\"cy\""));
    // The site's staff, who chose nothing, now see Welsh whatever their browser says.
    let board = board_with_english_browser(&app, &nurse).await;
    assert!(board.contains("<html lang=\"cy\""), "{board}");
    // Their own choice wins afterwards.
    let r = app.get(&nurse, "/language?to=en&next=/board").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        board_with_english_browser(&app, &nurse)
            .await
            .contains("<html lang=\"en-GB\"")
    );
    // A force's page has the same choice, and a Welsh reader gets Welsh words.
    let r = app
        .post(
            &admin,
            "/admin/forces/WMP",
            &[("name", "West Midlands Police"), ("language", "cy")],
        )
        .await;
    assert_eq!(r.location(), "/admin/forces/WMP?saved=changes");
    let cy = app
        .send(
            actix_web::test::TestRequest::get()
                .uri("/admin/forces/WMP?saved=changes")
                .insert_header(("cookie", admin.cookie.clone()))
                .insert_header(("accept-language", "cy")),
        )
        .await;
    cy.assert_contains("<html lang=\"cy\"");
    cy.assert_contains("Iaith ddiofyn");
    cy.assert_contains("Cadwyd y newidiadau");
    assert_eq!(
        app.db(|c| s136::db::orgs::force_by_code(c, "WMP")
            .unwrap()
            .unwrap()
            .language)
            .await
            .as_deref(),
        Some("cy")
    );
    // The command line sets it too (and leaves it alone without --language).
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_s136"))
            .arg("--database-url")
            .arg(app.url())
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&[
        "site",
        "edit",
        "--code",
        "MOOR",
        "--name",
        "Moorside 136 suite",
        "--kind",
        "mental_health_unit",
        "--trust",
        "Moor Trust",
        "--language",
        "cy",
    ]);
    run(&[
        "force",
        "edit",
        "--code",
        "WMP",
        "--name",
        "West Midlands Police",
        "--language",
        "none",
    ]);
    run(&[
        "site",
        "edit",
        "--code",
        "MOOR",
        "--name",
        "Moorside 136 suite",
        "--kind",
        "mental_health_unit",
        "--trust",
        "Moor Trust",
    ]);
    let (moor, wmp) = app
        .db(|c| {
            (
                s136::db::orgs::site_by_code(c, "MOOR")
                    .unwrap()
                    .unwrap()
                    .language,
                s136::db::orgs::force_by_code(c, "WMP")
                    .unwrap()
                    .unwrap()
                    .language,
            )
        })
        .await;
    assert_eq!((moor.as_deref(), wmp), (Some("cy"), None));
}
