//! Single sign-on end to end against a real OpenID Connect provider: the
//! certified `oidc-provider` package, run with Node by
//! tests/oidc-provider/provider.mjs on 127.0.0.1. The test follows the
//! provider's sign-in and consent pages as a browser would, then hands the
//! provider's redirect to the app; the app itself fetches discovery, keys and
//! tokens from the provider over HTTP.

use actix_web::http::StatusCode;
use actix_web::test as atest;
use chrono::Utc;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;

use crate::both_backends;
use crate::common::{Resp, Sess, TestApp, cookies_from};
use s136::db::sso as providers;
use s136::domain::admin::By;
use s136::domain::sso::{self, NewProviderInput};

both_backends!(
    signs_in_an_existing_account,
    refuses_an_unknown_user_unless_the_provider_makes_accounts,
    refuses_a_wrong_audience_nonce_or_signature,
    refuses_a_disabled_account,
    refuses_a_callback_from_another_browser_or_replayed
);

/// Requests to the app carry this host, so the redirect URI is known.
const HOST: &str = "s136.localhost:8136";
const REDIRECT_BASE: &str = "http://s136.localhost:8136/sso/";

struct Op {
    child: Child,
    issuer: String,
    /// Kept open: the provider must not write into a closed pipe.
    stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Op {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

static INSTALL: Mutex<()> = Mutex::new(());

/// Starts the provider (installing its npm packages from the lockfile the
/// first time). Fails, never skips, when Node or the packages are missing.
fn provider() -> Op {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oidc-provider");
    {
        let _one_at_a_time = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
        if !std::path::Path::new(dir)
            .join("node_modules/oidc-provider")
            .exists()
        {
            let ok = Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(dir)
                .status()
                .expect("npm is needed for the single sign-on tests (Debian: nodejs, npm)");
            assert!(ok.success(), "npm ci in tests/oidc-provider failed");
        }
    }
    let mut child = Command::new("node")
        .args(["provider.mjs", &format!("{REDIRECT_BASE}local/callback")])
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("node is needed for the single sign-on tests");
    let out = BufReader::new(child.stdout.take().unwrap());
    // Owned by the guard at once, so a failure below still ends the process.
    let mut op = Op {
        child,
        issuer: String::new(),
        stdout: out,
    };
    let mut line = String::new();
    while op.issuer.is_empty() {
        line.clear();
        let n = op.stdout.read_line(&mut line).unwrap();
        assert!(n > 0, "the OpenID provider exited before it listened");
        if let Some(issuer) = line.trim().strip_prefix("issuer=") {
            op.issuer = issuer.to_string();
        }
    }
    op
}

async fn add_provider(app: &TestApp, op: &Op, client: &str, claim: &str, create: Option<&str>) {
    let input = NewProviderInput {
        name: "local".into(),
        label: "Test provider".into(),
        issuer: op.issuer.clone(),
        client_id: client.into(),
        client_secret: format!("{client}-secret"),
        claim: claim.into(),
        create_users: create.is_some(),
        role: create.map(|_| "health".into()).unwrap_or_default(),
        site_code: create.unwrap_or_default().into(),
        ..Default::default()
    };
    app.db(move |c| sso::add_provider(c, &By::Cli, &input, Utc::now()).unwrap())
        .await;
}

async fn get(app: &TestApp, cookie: &str, path: &str) -> Resp {
    app.send(
        atest::TestRequest::get()
            .uri(path)
            .insert_header(("host", HOST))
            .insert_header(("cookie", cookie.to_string())),
    )
    .await
}

fn set_cookies(resp: &ureq::Response, jar: &mut BTreeMap<String, String>) {
    for c in resp.all("set-cookie") {
        if let Some((kv, _)) = c.split_once(';').or(Some((c, "")))
            && let Some((k, v)) = kv.split_once('=')
        {
            jar.insert(k.trim().to_string(), v.trim().to_string());
        }
    }
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    Some(tag[start..].split('"').next()?.replace("&amp;", "&"))
}

/// Follows the provider's pages from `url` as `login`, like a browser:
/// redirects, the sign-in form, the consent form. Returns the address the
/// provider sends the browser back to (on the app).
fn through_provider(url: &str, login: &str) -> String {
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    let mut jar = BTreeMap::new();
    let mut url = url::Url::parse(url).unwrap();
    let mut form: Option<Vec<(String, String)>> = None;
    for _ in 0..20 {
        let cookie: Vec<String> = jar.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let req = agent
            .request(if form.is_some() { "POST" } else { "GET" }, url.as_str())
            .set("cookie", &cookie.join("; "));
        let resp = match form.take() {
            Some(f) => {
                let pairs: Vec<(&str, &str)> =
                    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                req.send_form(&pairs)
            }
            None => req.call(),
        };
        let resp = match resp {
            Ok(r) => r,
            Err(ureq::Error::Status(code, r)) => {
                panic!(
                    "provider answered {code}: {}",
                    r.into_string().unwrap_or_default()
                )
            }
            Err(e) => panic!("provider unreachable: {e}"),
        };
        set_cookies(&resp, &mut jar);
        if (300..400).contains(&resp.status()) {
            let next = url.join(resp.header("location").unwrap()).unwrap();
            if next.as_str().starts_with(REDIRECT_BASE) {
                return next.to_string();
            }
            url = next;
            continue;
        }
        let body = resp.into_string().unwrap();
        let tag = body
            .split("<form")
            .nth(1)
            .expect("a form on the provider's page");
        let action = attr(tag.split('>').next().unwrap(), "action").unwrap();
        let mut fields: Vec<(String, String)> = tag
            .split("<input")
            .skip(1)
            .filter_map(|i| Some((attr(i, "name")?, attr(i, "value").unwrap_or_default())))
            .collect();
        for (k, v) in fields.iter_mut() {
            match k.as_str() {
                "login" => *v = login.to_string(),
                "password" => *v = "any password".into(),
                _ => {}
            }
        }
        url = url.join(&action).unwrap();
        form = Some(fields);
    }
    panic!("the provider never sent the browser back");
}

/// A browser's sign-in with the provider as `login`: the sign-in page, its
/// button, the provider, then the callback. Returns the callback's answer
/// and the cookies the browser ends with.
async fn sso_sign_in(app: &TestApp, login: &str) -> (Resp, String) {
    let page = get(app, "", "/login").await;
    page.assert_contains("Sign in with Test provider");
    page.assert_contains("href=\"/sso/local/start\"");
    let pre = cookies_from(&page.headers);
    let start = get(app, &pre, "/sso/local/start").await;
    assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
    let back = through_provider(&start.location(), login);
    let path = back.trim_start_matches("http://s136.localhost:8136");
    let r = get(app, &pre, path).await;
    let cookie = cookies_from(&r.headers);
    (r, cookie)
}

async fn signs_in_an_existing_account(app: TestApp) {
    let op = provider();
    add_provider(&app, &op, "s136", "preferred_username", None).await;
    let (r, cookie) = sso_sign_in(&app, "nurse").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/");
    let s = Sess {
        cookie,
        csrf: String::new(),
    };
    let home = app.get(&s, "/").await;
    assert_eq!(home.location(), "/board");
    let board = app.get(&s, "/board").await;
    assert_eq!(board.status, StatusCode::OK);
    board.assert_contains("Alex Morgan");
    let audited: i64 = app
        .db(|c| {
            use diesel::prelude::*;
            use s136::schema::audit_events::dsl::*;
            audit_events
                .filter(action.eq("sso_signed_in"))
                .count()
                .get_result(c)
                .unwrap()
        })
        .await;
    assert_eq!(audited, 1);
    // Passwords still work beside it (the break-glass admin).
    app.login("admin").await;
}

async fn refuses_an_unknown_user_unless_the_provider_makes_accounts(app: TestApp) {
    let op = provider();
    add_provider(&app, &op, "s136", "email", None).await;
    let before = app.counts().await;
    let (r, _) = sso_sign_in(&app, "stranger").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    r.assert_contains("There is no account for stranger@example.test");
    assert!(
        cookies_from(&r.headers).contains("s136_login_csrf"),
        "a new sign-in form"
    );
    assert!(!cookies_from(&r.headers).contains("s136_session="));
    assert_eq!(app.counts().await, before);

    // An admin lets this provider make health accounts at Oakwood.
    app.db(|c| {
        let p = providers::by_name(c, "local").unwrap().unwrap();
        sso::remove_provider(c, &By::Cli, &p.name, Utc::now()).unwrap();
    })
    .await;
    add_provider(&app, &op, "s136", "email", Some("OAK")).await;
    let (r, cookie) = sso_sign_in(&app, "newstarter").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let s = Sess {
        cookie,
        csrf: String::new(),
    };
    assert_eq!(app.get(&s, "/").await.location(), "/board");
    let u = app
        .db(|c| {
            s136::db::users::by_username(c, "newstarter@example.test")
                .unwrap()
                .unwrap()
        })
        .await;
    assert_eq!(
        (u.role.as_str(), u.active, u.must_change_password),
        ("health", true, false)
    );
    let oak = app
        .db(|c| s136::db::orgs::site_by_code(c, "OAK").unwrap().unwrap())
        .await;
    assert_eq!(u.site_id, Some(oak.id));
}

async fn refuses_a_wrong_audience_nonce_or_signature(app: TestApp) {
    let op = provider();
    add_provider(&app, &op, "s136", "preferred_username", None).await;
    let agent = ureq::AgentBuilder::new().build();
    for mode in ["aud", "nonce", "signature"] {
        agent
            .get(&format!("{}/_test/tamper?mode={mode}", op.issuer))
            .call()
            .unwrap();
        let (r, cookie) = sso_sign_in(&app, "nurse").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{mode}: {}", r.body);
        r.assert_contains("could not be trusted");
        assert!(!cookie.contains("s136_session="), "{mode}");
    }
    // The same provider, answering honestly, signs in: the refusals were the token's.
    agent
        .get(&format!("{}/_test/tamper?mode=none", op.issuer))
        .call()
        .unwrap();
    assert_eq!(
        sso_sign_in(&app, "nurse").await.0.status,
        StatusCode::SEE_OTHER
    );
}

async fn refuses_a_disabled_account(app: TestApp) {
    let op = provider();
    add_provider(&app, &op, "s136", "preferred_username", None).await;
    let admin = app.login("admin").await;
    let r = app
        .post(&admin, "/admin/users/disable", &[("username", "nurse")])
        .await;
    let r = app.follow_admin(&admin, r).await;
    r.assert_contains("Account nurse disabled");
    let (r, cookie) = sso_sign_in(&app, "nurse").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    r.assert_contains("Your account has been disabled");
    assert!(!cookie.contains("s136_session="));
}

async fn refuses_a_callback_from_another_browser_or_replayed(app: TestApp) {
    let op = provider();
    add_provider(&app, &op, "s136", "preferred_username", None).await;
    let page = get(&app, "", "/login").await;
    let pre = cookies_from(&page.headers);
    let start = get(&app, &pre, "/sso/local/start").await;
    let back = through_provider(&start.location(), "nurse");
    let path = back
        .trim_start_matches("http://s136.localhost:8136")
        .to_string();
    // Another browser (no pre-session, or someone else's) cannot use it.
    let other = cookies_from(&get(&app, "", "/login").await.headers);
    let r = get(&app, &other, &path).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_contains("not started in this browser");
    // Used (and refused) once, it is gone: the right browser cannot replay it.
    let r = get(&app, &pre, &path).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_contains("not started in this browser");
}
