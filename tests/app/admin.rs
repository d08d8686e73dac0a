use actix_web::http::StatusCode;

use crate::both_backends;
use crate::common::{Resp, Sess, TestApp, cookies_from};

both_backends!(
    admin_sets_up_forces_sites_and_accounts,
    admin_forms_refuse_bad_input,
    password_reset_signs_the_user_out,
    saved_admin_forms_redirect_and_show_their_notice_once,
    an_officer_without_a_collar_number_is_refused_in_the_admins_words,
    set_up_pages_speak_welsh_with_no_key_left_unsaid,
);

async fn follow(app: &TestApp, s: &Sess, r: Resp) -> Resp {
    app.follow_admin(s, r).await
}

async fn admin_sets_up_forces_sites_and_accounts(app: TestApp) {
    let admin = app.login("admin").await;
    let r = app
        .post(
            &admin,
            "/admin/forces",
            &[("code", "nyp"), ("name", "North Yorkshire Police")],
        )
        .await;
    let r = follow(&app, &admin, r).await;
    r.assert_contains("Force North Yorkshire Police (NYP) added");
    let r = app
        .post(
            &admin,
            "/admin/sites",
            &[
                ("code", "HARR"),
                ("name", "Harrogate ED"),
                ("kind", "emergency_department"),
                ("trust", "Harrogate Trust"),
            ],
        )
        .await;
    let r = follow(&app, &admin, r).await;
    r.assert_contains("Place of safety Harrogate ED (HARR) added");
    let r = app
        .post(
            &admin,
            "/admin/users",
            &[
                ("username", "pc.new"),
                ("display_name", "PC New"),
                ("role", "officer"),
                ("force", "NYP"),
                ("collar_number", "77"),
                ("password", crate::common::PASSWORD),
            ],
        )
        .await;
    let r = follow(&app, &admin, r).await;
    r.assert_contains("Account pc.new added");
    let new = app.login("pc.new").await;
    app.arrive(&new, "HARR", &[]).await;
    // A generated password is shown once.
    let r = app
        .post(
            &admin,
            "/admin/users",
            &[
                ("username", "ed.nurse"),
                ("role", "health"),
                ("site", "HARR"),
            ],
        )
        .await;
    let r = follow(&app, &admin, r).await;
    r.assert_contains("Account ed.nurse added. Its password is ");
}

async fn admin_forms_refuse_bad_input(app: TestApp) {
    let admin = app.login("admin").await;
    let before = app.counts().await;
    for (path, form, message) in [
        (
            "/admin/forces",
            vec![("code", "WMP"), ("name", "Dup")],
            "A force with the code WMP already exists",
        ),
        (
            "/admin/forces",
            vec![("code", "w m p"), ("name", "X")],
            "Enter a code of 2 to 16 letters",
        ),
        (
            "/admin/forces",
            vec![("code", "ABC"), ("name", "")],
            "Enter the name",
        ),
        (
            "/admin/sites",
            vec![
                ("code", "OAK"),
                ("name", "X"),
                ("kind", "other"),
                ("trust", "T"),
            ],
            "A place of safety with the code OAK already exists",
        ),
        (
            "/admin/sites",
            vec![
                ("code", "NEW"),
                ("name", "X"),
                ("kind", "castle"),
                ("trust", "T"),
            ],
            "Choose the kind of place of safety",
        ),
        (
            "/admin/users",
            vec![
                ("username", "officer"),
                ("role", "admin"),
                ("password", "long-enough-pw"),
            ],
            "The username officer is taken",
        ),
        (
            "/admin/users",
            vec![
                ("username", "x1"),
                ("role", "officer"),
                ("password", "long-enough-pw"),
            ],
            "Choose the officer&#39;s force",
        ),
        (
            "/admin/users",
            vec![
                ("username", "x2"),
                ("role", "health"),
                ("password", "long-enough-pw"),
            ],
            "Choose the place of safety where this person works",
        ),
        (
            "/admin/users",
            vec![
                ("username", "x3"),
                ("role", "boss"),
                ("password", "long-enough-pw"),
            ],
            "Choose a role",
        ),
        (
            "/admin/users",
            vec![("username", "x4"), ("role", "admin"), ("password", "short")],
            "at least 12 characters",
        ),
        (
            "/admin/users",
            vec![
                ("username", "x5"),
                ("role", "manager"),
                ("force", "WMP"),
                ("site", "OAK"),
                ("password", "long-enough-pw"),
            ],
            "choose only one",
        ),
        (
            "/admin/password",
            vec![("username", "ghost"), ("password", "long-enough-pw")],
            "No account has that username",
        ),
    ] {
        let r = app.post(&admin, path, &form).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path} {form:?}"
        );
        r.assert_contains(message);
    }
    assert_eq!(app.counts().await, before);
    assert!(app.try_login("x4", "short").await.0.status != StatusCode::SEE_OTHER);
}

async fn password_reset_signs_the_user_out(app: TestApp) {
    let officer = app.login("officer").await;
    let admin = app.login("admin").await;
    let r = app
        .post(
            &admin,
            "/admin/password",
            &[("username", "officer"), ("password", "brand-new-password")],
        )
        .await;
    let r = follow(&app, &admin, r).await;
    r.assert_contains("Password for officer changed");
    assert_eq!(app.get(&officer, "/officer").await.location(), "/login");
    assert_eq!(
        app.try_login("officer", "brand-new-password")
            .await
            .0
            .status,
        StatusCode::SEE_OTHER
    );
}

async fn saved_admin_forms_redirect_and_show_their_notice_once(app: TestApp) {
    let admin = app.login("admin").await;
    let r = app
        .post(
            &admin,
            "/admin/forces",
            &[("code", "CUMB"), ("name", "Cumbria Constabulary")],
        )
        .await;
    // Defect 8: the POST answered 200 with the page, so a refresh posted again.
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let flash = cookies_from(&r.headers);
    assert!(flash.contains("s136_admin_notice="), "{flash}");
    let page = follow(&app, &admin, r).await;
    page.assert_contains("role=\"status\"");
    page.assert_contains("Force Cumbria Constabulary (CUMB) added");
    // The notice is removed as it is shown: a reload shows the page alone.
    let removal = page
        .headers
        .get_all("set-cookie")
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.starts_with("s136_admin_notice=;") || v.contains("Max-Age=0"));
    assert!(removal, "{:?}", page.headers);
    let again = app.get(&admin, "/admin?saved=1").await;
    assert!(!again.body.contains("Cumbria Constabulary (CUMB) added"));
    // A generated password is never in the address.
    let r = app
        .post(
            &admin,
            "/admin/users",
            &[("username", "ed.two"), ("role", "health"), ("site", "OAK")],
        )
        .await;
    assert_eq!(r.location(), "/admin?saved=1");
    follow(&app, &admin, r)
        .await
        .assert_contains("Account ed.two added. Its password is ");
}

async fn an_officer_without_a_collar_number_is_refused_in_the_admins_words(app: TestApp) {
    let admin = app.login("admin").await;
    let r = app
        .post(
            &admin,
            "/admin/users",
            &[
                ("username", "pc.nocollar"),
                ("display_name", "PC No Collar"),
                ("role", "officer"),
                ("force", "WMP"),
                ("collar_number", ""),
                ("password", crate::common::PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Enter the officer&#39;s collar number");
    assert!(!r.body.contains("Enter your collar number"));
    // What was typed is kept.
    r.assert_contains("value=\"pc.nocollar\"");
}
/// Every set-up and account page, in both languages: the catalogues have
/// every key they ask for, and a Welsh reader gets Welsh words.
async fn set_up_pages_speak_welsh_with_no_key_left_unsaid(app: TestApp) {
    let admin = app.login("admin").await;
    // Something in each list: a webhook, a contact, a token, an escalation.
    let r = app
        .post(
            &admin,
            "/admin/webhooks",
            &[
                ("url", "https://hooks.example.org/s136"),
                ("secret", "a-webhook-secret-for-tests"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .post(
            &admin,
            "/admin/sites/OAK/contacts",
            &[("email", "oncall@oak.example.nhs.uk"), ("role", "on_call")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .post(&admin, "/tokens", &[("label", "control room")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let officer = app.login("officer").await;
    app.arrive(&officer, "OAK", &[]).await;
    let pages = [
        ("/admin", "Gosod"),
        ("/admin/sites/OAK", "Iaith ddiofyn"),
        ("/admin/forces/WMP", "Tynnu West Midlands Police o ddefnydd"),
        ("/admin/notifications", "Bachau gwe"),
        ("/account/password", "Newid eich cyfrinair"),
        ("/tokens", "Creu tocyn"),
    ];
    for (path, welsh) in pages {
        for lang in ["en", "cy"] {
            let r = app.get_in(&admin, path, lang).await;
            assert_eq!(r.status, StatusCode::OK, "{path} {lang}: {}", r.body);
            for prefix in [
                "admin-", "account-", "token-", "notify-", "push-", "sso-", "auth-",
            ] {
                assert!(
                    !r.body.contains(&format!(">{prefix}"))
                        && !r.body.contains(&format!("\"{prefix}")),
                    "{path} {lang} shows a key starting {prefix}: {}",
                    r.body
                );
            }
            if lang == "cy" {
                r.assert_contains("<html lang=\"cy\"");
                r.assert_contains(welsh);
            }
        }
    }
    let missed: Vec<String> = s136::i18n::misses()
        .into_iter()
        .filter(|k| {
            [
                "admin-", "account-", "token-", "notify-", "push-", "sso-", "auth-",
            ]
            .iter()
            .any(|p| k.starts_with(p))
        })
        .collect();
    assert!(missed.is_empty(), "{missed:?}");
}
