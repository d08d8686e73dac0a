//! Cymraeg: the catalogues agree, the templates hold no sentence of their
//! own, and every page, form error and notice reads wholly in the language
//! chosen (Welsh Language Standards: Welsh no less favourably than English).

use std::collections::{BTreeMap, BTreeSet};

use actix_web::http::StatusCode;
use actix_web::test as atest;

use crate::common::*;

const LOCALES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/locales");
const TEMPLATES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");

/// One language's messages: key → (file, value as written; multi-line
/// values joined).
fn catalogue(lang: &str) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    let dir = format!("{LOCALES}/{lang}");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
        .collect();
    files.sort();
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut current: Option<String> = None;
        for line in text.lines() {
            let starts_message = line.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
            if starts_message && let Some((key, value)) = line.split_once('=') {
                let key = key.trim().to_string();
                let previous = out.insert(key.clone(), (file.clone(), value.trim().to_string()));
                assert!(previous.is_none(), "{lang}: {key} is defined twice");
                current = Some(key);
            } else if !line.trim().is_empty() && !line.starts_with('#') {
                if let Some(k) = &current {
                    let entry = out.get_mut(k).unwrap();
                    entry.1.push('\n');
                    entry.1.push_str(line.trim());
                }
            } else {
                current = None;
            }
        }
    }
    out
}

fn variables(value: &str) -> BTreeSet<String> {
    let mut vars = BTreeSet::new();
    let mut rest = value;
    while let Some(i) = rest.find('$') {
        rest = &rest[i + 1..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        vars.insert(name);
    }
    vars
}

#[test]
fn both_catalogues_have_the_same_files_keys_and_arguments() {
    let (en, cy) = (catalogue("en"), catalogue("cy"));
    assert!(
        en.len() > 100,
        "the English catalogue has {} keys",
        en.len()
    );
    let only_en: Vec<_> = en.keys().filter(|k| !cy.contains_key(*k)).collect();
    let only_cy: Vec<_> = cy.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(only_en.is_empty(), "keys with no Welsh: {only_en:?}");
    assert!(only_cy.is_empty(), "keys with no English: {only_cy:?}");
    let mut differ = Vec::new();
    for (k, (file, value)) in &en {
        let (cy_file, cy_value) = &cy[k];
        assert_eq!(
            file, cy_file,
            "{k} is in {file} in English, {cy_file} in Welsh"
        );
        if variables(value) != variables(cy_value) {
            differ.push(format!(
                "{k}: en {:?} cy {:?}",
                variables(value),
                variables(cy_value)
            ));
        }
        assert!(!cy_value.trim().is_empty(), "{k} is empty in Welsh");
    }
    assert!(differ.is_empty(), "arguments differ: {differ:#?}");
}

/// The text a template would show that is not a catalogue call: text
/// between tags and the attributes people read, with template code removed.
fn literal_text(template: &str) -> Vec<String> {
    let mut s = template.to_string();
    for (open, close) in [
        ("{#", "#}"),
        ("{%", "%}"),
        ("{{", "}}"),
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<svg", "</svg>"),
        ("<!--", "-->"),
    ] {
        while let Some(i) = s.find(open) {
            let Some(j) = s[i..].find(close) else { break };
            s.replace_range(i..i + j + close.len(), " ");
        }
    }
    let mut found = Vec::new();
    let readable = [
        "aria-label",
        "title",
        "placeholder",
        "alt",
        "data-announce",
        "data-breach",
        "data-label-pause",
        "data-label-resume",
    ];
    for attr in readable {
        let needle = format!(" {attr}=\"");
        let mut rest = s.as_str();
        while let Some(i) = rest.find(&needle) {
            rest = &rest[i + needle.len()..];
            let value = rest.split('"').next().unwrap_or("");
            if value.chars().any(|c| c.is_alphabetic()) {
                found.push(format!("{attr}=\"{value}\""));
            }
        }
    }
    for chunk in between_tags(&s).split('\n') {
        let t = chunk.trim();
        if t.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
            found.push(t.to_string());
        }
    }
    found
}

#[test]
fn no_template_holds_a_sentence_outside_the_catalogues() {
    // The NHS logo's accessible name, and each language's own name on the
    // switch, which is the same in both languages by design.
    let allowed = ["aria-label=\"NHS\"", "NHS", "Cymraeg", "English"];
    let mut offenders = BTreeMap::new();
    for entry in std::fs::read_dir(TEMPLATES).unwrap() {
        let path = entry.unwrap().path();
        let body = std::fs::read_to_string(&path).unwrap();
        // A lower-case kebab-case word is a path or a code (a form's
        // action), not something a person reads.
        let code = |t: &str| t.chars().all(|c| c.is_ascii_lowercase() || c == '-');
        let bad: Vec<String> = literal_text(&body)
            .into_iter()
            .map(|t| t.replace("  ", " ").replace(" \"", "\""))
            .filter(|t| !allowed.contains(&t.as_str()) && !code(t))
            .collect();
        if !bad.is_empty() {
            offenders.insert(path.file_name().unwrap().to_string_lossy().to_string(), bad);
        }
    }
    assert!(
        offenders.is_empty(),
        "text outside the catalogues: {offenders:#?}"
    );
}

#[test]
fn the_scanner_finds_a_literal_sentence() {
    let found = literal_text(
        "<p>{{ l.t(\"x\") }}</p><p>Sign in now</p><a aria-label=\"Go home\">{{ x }}</a>{# Note #}",
    );
    assert_eq!(found, vec!["aria-label=\"Go home\"", "Sign in now"]);
}

/// Sentences of one language that must not appear in a page in the other:
/// plain messages (no arguments) of two words or more that differ between
/// the two.
fn giveaways(lang: &str, other: &str) -> Vec<String> {
    let (mine, theirs) = (catalogue(lang), catalogue(other));
    let mut found = BTreeSet::new();
    for (k, (_, v)) in &mine {
        let Some((_, o)) = theirs.get(k) else {
            continue;
        };
        if v == o {
            continue;
        }
        if !v.contains('{') && !v.contains('\n') {
            if v.contains(' ') && v.len() >= 8 {
                found.insert(v.clone());
            }
            continue;
        }
        // A message with arguments: its longer stretches of words.
        for part in literal_parts(v) {
            if part.len() >= 14 && part.contains(' ') && !o.contains(&part) {
                found.insert(part);
            }
        }
    }
    found.into_iter().collect()
}

/// The text of a message outside its `{ ... }` placeables and selectors.
fn literal_parts(value: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0;
    for c in value.chars() {
        match c {
            '{' => {
                depth += 1;
                parts.push(String::new());
            }
            '}' => depth -= 1,
            '\n' => parts.push(String::new()),
            c if depth == 0 => parts.last_mut().unwrap().push(c),
            _ => {}
        }
    }
    parts
        .into_iter()
        .map(|p| {
            p.trim()
                .trim_matches(|c: char| c.is_ascii_punctuation() || c == ' ')
                .to_string()
        })
        .filter(|p| !p.is_empty() && !p.starts_with('[') && !p.starts_with('*'))
        .collect()
}

/// The text outside tags, a line break for each tag.
fn between_tags(html: &str) -> String {
    let (mut in_tag, mut text) = (false, String::new());
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push('\n');
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// What a reader sees and hears: text between tags, and the attributes
/// read out or shown.
fn readable(html: &str) -> String {
    let mut s = html.to_string();
    for (open, close) in [("<script", "</script>"), ("<style", "</style>")] {
        while let Some(i) = s.find(open) {
            let Some(j) = s[i..].find(close) else { break };
            s.replace_range(i..i + j + close.len(), " ");
        }
    }
    let mut out = String::new();
    for attr in [
        "aria-label",
        "data-announce",
        "data-breach",
        "title",
        "placeholder",
    ] {
        let needle = format!(" {attr}=\"");
        let mut rest = s.as_str();
        while let Some(i) = rest.find(&needle) {
            rest = &rest[i + needle.len()..];
            out.push_str(rest.split('"').next().unwrap_or(""));
            out.push('\n');
        }
    }
    out.push_str(&between_tags(&s));
    out.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

struct Walk {
    lang: &'static str,
    giveaways: Vec<String>,
    problems: Vec<String>,
    pages: usize,
}

impl Walk {
    fn new(lang: &'static str) -> Self {
        let other = if lang == "cy" { "en" } else { "cy" };
        Self {
            lang,
            giveaways: giveaways(other, lang),
            problems: Vec::new(),
            pages: 0,
        }
    }

    fn check(&mut self, what: &str, r: &Resp) {
        self.pages += 1;
        if r.status.is_server_error() {
            self.problems.push(format!("{what}: {}", r.status));
            return;
        }
        if r.status.is_redirection() {
            // A form that took an empty answer: nothing to read here.
            if !what.contains("POST") {
                self.problems
                    .push(format!("{what}: redirected to {}", r.location()));
            }
            return;
        }
        let tag = if self.lang == "cy" { "cy" } else { "en-GB" };
        if !r.body.contains(&format!("<html lang=\"{tag}\">")) {
            self.problems
                .push(format!("{what}: not <html lang=\"{tag}\">"));
        }
        let text = readable(&r.body);
        for g in &self.giveaways {
            if text.contains(g.as_str()) {
                self.problems.push(format!("{what}: {g:?}"));
            }
        }
    }
}
async fn post_in(app: &TestApp, s: &Sess, path: &str, form: &[(&str, &str)], lang: &str) -> Resp {
    let mut fields: Vec<(&str, &str)> = form.to_vec();
    if !fields.iter().any(|(k, _)| *k == "csrf_token") {
        fields.push(("csrf_token", &s.csrf));
    }
    app.send(
        atest::TestRequest::post()
            .uri(path)
            .insert_header(("cookie", s.cookie.clone()))
            .insert_header(("accept-language", lang))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(serde_urlencoded::to_string(&fields).unwrap()),
    )
    .await
}

/// Chooses the language on the switch while signed in (kept on the account).
async fn choose(app: &TestApp, s: &Sess, lang: &str) {
    let r = app
        .get(s, &format!("/language?to={lang}&next=/officer"))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/officer");
}

/// Every page of every role, each form in its error state and each error
/// page, in `lang`: the signed-in users chose it on the switch; the browser
/// asks for the other language, which must not win.
async fn walk(backend: Backend, lang: &'static str) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let browser = if lang == "cy" { "en-GB,en;q=0.9" } else { "cy" };
    let mut w = Walk::new(lang);

    let anon = Sess::anonymous();
    w.check("sign-in page", &app.get_in(&anon, "/login", lang).await);
    w.check(
        "missing page",
        &app.get_in(&anon, "/no-such-page", lang).await,
    );

    let officer = app.login("officer").await;
    let nurse = app.login("nurse").await;
    let manager = app.login("manager_all").await;
    let admin = app.login("admin").await;
    for s in [&officer, &nurse, &manager, &admin] {
        choose(&app, s, lang).await;
    }
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let late = app.arrive(&officer, "OAK", &[]).await;
    app.set_now(t0() + chrono::Duration::minutes(75));

    let officer_pages = [
        "/officer".to_string(),
        "/episodes/new".into(),
        "/prealerts/new".into(),
        format!("/episodes/{reference}"),
        format!("/episodes/{reference}/record"),
        format!("/episodes/{reference}/corrections"),
        format!("/episodes/{reference}/corrections/new?field=arrived_at"),
        "/account/password".into(),
        "/episodes/S136-2000-999999".into(),
    ];
    let actions = [
        "offer",
        "handover",
        "ask-police-to-stay",
        "police-left",
        "transfer",
        "extend",
        "end",
        "cancel",
        "health-check",
        "location",
        "monitoring",
    ];
    for p in &officer_pages {
        w.check(
            &format!("officer {p}"),
            &app.get_in(&officer, p, browser).await,
        );
    }
    for a in actions {
        let p = format!("/episodes/{late}/{a}");
        w.check(
            &format!("officer {p}"),
            &app.get_in(&officer, &p, browser).await,
        );
        w.check(
            &format!("nurse {p}"),
            &app.get_in(&nurse, &p, browser).await,
        );
        // Each form sent empty: its error state (or its refusal).
        let r = post_in(&app, &nurse, &p, &[], browser).await;
        w.check(&format!("nurse POST {p}"), &r);
        let r = post_in(&app, &officer, &p, &[], browser).await;
        w.check(&format!("officer POST {p}"), &r);
    }
    let r = post_in(
        &app,
        &officer,
        "/episodes",
        &[
            ("site", "OAK"),
            ("arrival", "earlier"),
            ("arrived_at", "nonsense"),
        ],
        browser,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    w.check("arrival form with errors", &r);
    let r = post_in(&app, &officer, "/prealerts", &[], browser).await;
    w.check("pre-alert form with errors", &r);
    let r = post_in(
        &app,
        &officer,
        "/account/password",
        &[("current_password", "wrong")],
        browser,
    )
    .await;
    w.check("password form with errors", &r);

    for p in ["/board", &format!("/episodes/{late}"), "/officer"] {
        w.check(&format!("nurse {p}"), &app.get_in(&nurse, p, browser).await);
    }
    for p in [
        "/cases",
        "/cases?from=never&band=nope",
        "/reports",
        "/reports?from=2026-13-01",
        "/reports/home-office",
        "/tokens",
    ] {
        w.check(
            &format!("manager {p}"),
            &app.get_in(&manager, p, browser).await,
        );
    }
    let r = post_in(&app, &manager, "/tokens", &[], browser).await;
    w.check("token form with errors", &r);
    for p in [
        "/admin",
        "/admin/sites/OAK",
        "/admin/forces/WMP",
        "/admin/notifications",
        "/admin/sites/NOPE",
    ] {
        w.check(&format!("admin {p}"), &app.get_in(&admin, p, browser).await);
    }
    for (p, form) in [
        ("/admin/users", vec![]),
        ("/admin/sites", vec![("code", "x y")]),
        ("/admin/forces", vec![]),
        ("/admin/sites/OAK", vec![("name", "")]),
    ] {
        let r = post_in(&app, &admin, p, &form, browser).await;
        w.check(&format!("admin POST {p}"), &r);
    }
    // A form from nowhere: the expired-form page.
    let r = post_in(
        &app,
        &officer,
        &format!("/episodes/{late}/offer"),
        &[("csrf_token", "forged")],
        browser,
    )
    .await;
    w.check("expired form", &r);
    let r = post_in(
        &app,
        &anon,
        "/login",
        &[("username", "officer"), ("password", "wrong")],
        lang,
    )
    .await;
    w.check("sign-in without its form token", &r);

    assert!(w.pages > 60, "walked {} pages", w.pages);
    assert!(
        w.problems.is_empty(),
        "{} problems in {} pages ({lang}):\n{}",
        w.problems.len(),
        w.pages,
        w.problems.join("\n")
    );
    let missing = s136::i18n::misses();
    assert!(
        missing.is_empty(),
        "shown without a catalogue entry: {missing:#?}"
    );
}

#[actix_rt::test]
async fn every_page_reads_in_welsh_sqlite() {
    walk(Backend::Sqlite, "cy").await;
}

#[actix_rt::test]
async fn every_page_reads_in_english_sqlite() {
    walk(Backend::Sqlite, "en").await;
}

#[actix_rt::test]
async fn every_page_reads_in_welsh_postgres() {
    walk(Backend::Postgres, "cy").await;
}

#[actix_rt::test]
async fn the_language_follows_the_reader() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let anon = Sess::anonymous();
    // A first visit: the browser's Accept-Language decides.
    let r = app.get_in(&anon, "/login", "cy-GB,cy;q=0.9,en;q=0.5").await;
    r.assert_contains("<html lang=\"cy\">");
    r.assert_contains("Mewngofnodi");
    r.assert_contains("href=\"/language?to=en&#38;next=%2Flogin\"");
    let r = app.get_in(&anon, "/login", "en-GB").await;
    r.assert_contains("<html lang=\"en-GB\">");
    r.assert_contains("href=\"/language?to=cy&#38;next=%2Flogin\"");

    // The switch before signing in: a cookie, and back to the same page.
    let r = app.get(&anon, "/language?to=cy&next=/login").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/login");
    let cookie = cookies_from(&r.headers);
    assert!(cookie.contains("s136_lang=cy"), "{cookie}");
    let chosen = Sess {
        cookie: cookie.clone(),
        csrf: String::new(),
    };
    let r = app.get_in(&chosen, "/login", "en-GB").await;
    r.assert_contains("<html lang=\"cy\">");
    // Only our own pages: another site's address goes home instead.
    let r = app.get(&anon, "/language?to=cy&next=//evil.example/").await;
    assert_eq!(r.location(), "/");
    let r = app.get(&anon, "/language?to=fr&next=/login").await;
    assert_eq!(r.location(), "/login");
    assert!(!cookies_from(&r.headers).contains("s136_lang"));

    // Signing in keeps the choice on the account: a new browser, asking
    // for English, gets Welsh.
    let page = app
        .send(
            atest::TestRequest::get()
                .uri("/login")
                .insert_header(("cookie", cookie.clone())),
        )
        .await;
    let pre = Sess {
        cookie: format!("{cookie}; {}", cookies_from(&page.headers)),
        csrf: csrf_in(&page.body),
    };
    let r = app
        .post(
            &pre,
            "/login",
            &[("username", "nurse"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let other_browser = app.login("nurse").await;
    let board = app.get_in(&other_browser, "/board", "en-GB").await;
    board.assert_contains("<html lang=\"cy\">");
    board.assert_contains("Yn aros yn Oakwood 136 suite");

    // Back to English on the switch: every page, at once, on this server.
    let r = app.get(&other_browser, "/language?to=en&next=/board").await;
    assert_eq!(r.location(), "/board");
    let board = app.get_in(&other_browser, "/board", "cy").await;
    board.assert_contains("<html lang=\"en-GB\">");
    board.assert_contains("Waiting at Oakwood 136 suite");

    // A switch link from another site changes nothing.
    let r = app
        .send(
            atest::TestRequest::get()
                .uri("/language?to=cy&next=/board")
                .insert_header(("cookie", other_browser.cookie.clone()))
                .insert_header(("sec-fetch-site", "cross-site")),
        )
        .await;
    assert_eq!(r.location(), "/board");
    let board = app.get(&other_browser, "/board").await;
    board.assert_contains("<html lang=\"en-GB\">");
}

#[actix_rt::test]
async fn the_api_answers_in_welsh_when_asked_with_the_same_codes() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let token = app.token("officer").await;
    let ask = |lang: Option<&'static str>| {
        let mut req = atest::TestRequest::get()
            .uri("/api/v1/episodes/S136-2000-999999")
            .insert_header(("authorization", format!("Bearer {token}")));
        if let Some(l) = lang {
            req = req.insert_header(("accept-language", l));
        }
        req
    };
    let en = app.send(ask(None)).await;
    let cy = app.send(ask(Some("cy"))).await;
    assert_eq!(
        (en.status, cy.status),
        (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND)
    );
    let (en, cy) = (en.json(), cy.json());
    assert_eq!(en["error"]["code"], cy["error"]["code"]);
    assert_eq!(
        en["error"]["message"],
        "We could not find that page or case. Check the reference and try again."
    );
    assert_eq!(
        cy["error"]["message"],
        "Nid oeddem yn gallu dod o hyd i'r dudalen na'r achos hwnnw. Gwiriwch y cyfeirnod a rhowch gynnig arall arni."
    );
    let unauth = app
        .send(
            atest::TestRequest::get()
                .uri("/api/v1/episodes")
                .insert_header(("accept-language", "cy")),
        )
        .await;
    assert_eq!(unauth.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unauth.json()["error"]["code"], "unauthorized");
    assert!(
        unauth.json()["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Anfonwch docyn API dilys"),
        "{}",
        unauth.body
    );
    assert_eq!(unauth.headers.get("www-authenticate").unwrap(), "Bearer");
    assert_eq!(unauth.headers.get("content-language").unwrap(), "cy");
}

/// A device for `name`'s account (the outbox only writes push rows for
/// people who turned notifications on).
async fn with_device(app: &TestApp, name: &'static str) {
    app.db(move |c| {
        let user = s136::db::users::by_username(c, name).unwrap().unwrap();
        s136::db::push::upsert(
            c,
            &s136::db::push::NewSubscription {
                user_id: user.id,
                endpoint: &format!("https://push.example.net/{name}"),
                p256dh: "BExamplePublicKey",
                auth: "ExampleAuth",
                label: "test browser",
            },
            s136::domain::time::to_db(t0()),
        )
        .unwrap();
    })
    .await;
}

/// Every kind of notification, by push and by email, reads wholly in its
/// recipient's language: Welsh for a Welsh site's staff and contacts and a
/// Welsh-speaking officer, English otherwise (webhooks: always English).
async fn notifications_in(lang: &'static str) {
    use diesel::prelude::*;
    use s136::schema::notifications as n;
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let by = s136::domain::admin::By::Cli;
    app.db(move |c| {
        if lang == "cy" {
            let oak = s136::db::orgs::site_by_code(c, "OAK").unwrap().unwrap();
            s136::db::orgs::set_site_language(c, oak.id, Some("cy")).unwrap();
        }
        s136::domain::notify::set_contact(
            c,
            &by,
            "OAK",
            "on_call",
            "oncall@oak.example.nhs.uk",
            true,
            t0(),
        )
        .unwrap();
        s136::domain::notify::set_rule(c, &by, "OAK", "0,45", "0", t0()).unwrap();
    })
    .await;
    let officer = app.login("officer").await;
    let nurse = app.login("nurse").await;
    if lang == "cy" {
        choose(&app, &officer, "cy").await;
    }
    with_device(&app, "officer").await;
    with_device(&app, "nurse").await;
    let worker = crate::notify::Worker::new(&app);

    // An arrival; 50 minutes' wait; staff ask police to stay; no answer for
    // ten minutes; the officer declines; handover. A second case: agreed.
    let reference = app.arrive(&officer, "OAK", &[]).await;
    app.set_now(t0() + chrono::Duration::minutes(50));
    worker.scan().await;
    let ask = format!("/episodes/{reference}/ask-police-to-stay");
    let r = app
        .post(&nurse, &ask, &[("reason", "insufficient_staff")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.set_now(t0() + chrono::Duration::minutes(61));
    worker.scan().await;
    let answer = format!("/episodes/{reference}/stay-answer");
    let r = app.post(&officer, &answer, &[("agreed", "no")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let handover = format!("/episodes/{reference}/handover");
    let r = app
        .post(
            &nurse,
            &handover,
            &[("when", "now"), ("delay_reason", "insufficient_staff")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let second = app.arrive(&officer, "OAK", &[]).await;
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{second}/ask-police-to-stay"),
            &[("reason", "risk_to_life")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .post(
            &officer,
            &format!("/episodes/{second}/stay-answer"),
            &[("agreed", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .send(
            atest::TestRequest::post()
                .uri("/push/test")
                .insert_header(("cookie", officer.cookie.clone()))
                .insert_header(("x-csrf-token", officer.csrf.clone())),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);

    let rows: Vec<s136::db::notify::Notification> = app
        .db(|c| {
            n::table
                .select(s136::db::notify::Notification::as_select())
                .load(c)
                .unwrap()
        })
        .await;
    let kinds: BTreeSet<(String, String)> = rows
        .iter()
        .map(|r| (r.channel.clone(), r.kind.clone()))
        .collect();
    for (channel, kind) in [
        ("push", "escalation"),
        ("email", "escalation"),
        ("push", "stay_request"),
        ("push", "stay_reminder"),
        ("push", "police_declined"),
        ("email", "police_declined"),
        ("push", "stay_answer"),
        ("push", "handover"),
        ("push", "test"),
    ] {
        assert!(
            kinds.contains(&(channel.to_string(), kind.to_string())),
            "no {channel} {kind} among {kinds:?}"
        );
    }
    let other = Walk::new(lang).giveaways;
    let mut problems = Vec::new();
    for row in &rows {
        let texts = match row.channel.as_str() {
            "push" => {
                let m = s136::domain::push::Message::from_outbox(&row.kind, &row.payload).unwrap();
                vec![m.title, m.body]
            }
            "email" => {
                let (subject, body) = s136::notify::email::render(row);
                vec![subject, body]
            }
            _ => continue,
        };
        let p: serde_json::Value = serde_json::from_str(&row.payload).unwrap();
        if p["lang"] != lang {
            problems.push(format!("{} {}: lang {}", row.channel, row.kind, p["lang"]));
        }
        for t in texts {
            if t.trim().is_empty() {
                problems.push(format!("{} {}: an empty text", row.channel, row.kind));
            }
            for g in other.iter().filter(|g| t.contains(g.as_str())) {
                problems.push(format!("{} {}: {g:?} in {t:?}", row.channel, row.kind));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let missing = s136::i18n::misses();
    assert!(
        missing.is_empty(),
        "shown without a catalogue entry: {missing:#?}"
    );
}

#[actix_rt::test]
async fn every_notification_reads_in_welsh() {
    notifications_in("cy").await;
}

#[actix_rt::test]
async fn every_notification_reads_in_english() {
    notifications_in("en").await;
}
