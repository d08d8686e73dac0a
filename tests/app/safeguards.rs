//! Safeguards: s135 warrant episodes and the s136 location type, never a
//! police station for under-18s (s136A), the inspector's authorisation for
//! adults (SI 2017/1036 reg 2) and health checks every 30 minutes (reg 4).

use actix_web::http::StatusCode;
use chrono::Duration;
use diesel::prelude::*;
use serde_json::{Value, json};

use crate::both_backends;
use crate::common::{PASSWORD, Resp, TestApp, at, t0};

both_backends!(
    s136_arrival_needs_nothing_more_and_records_the_location,
    s135_needs_the_warrant_time_and_the_amhp,
    private_dwelling_is_refused_by_the_api,
    location_type_can_be_set_later,
    under_18_never_arrives_at_a_police_station,
    under_18_never_transferred_to_a_police_station,
    police_station_needs_each_item_of_the_authorisation,
    police_station_stay_is_authorised_and_checked,
    transfer_to_a_police_station_with_its_authorisation,
    health_checks_are_scoped_and_validated,
    check_clock_across_the_clocks_going_back,
    board_shows_the_next_check_and_overdue,
    age_band_cannot_become_under_18_at_a_police_station,
    warrant_time_can_be_corrected,
    health_check_times_can_be_corrected,
);

/// Adds the police station CELLS (WMP custody) and a health account there.
pub async fn station(app: &TestApp) {
    let now = t0() - Duration::days(30);
    app.db(move |c| {
        use s136::domain::admin::{self, By, NewUserInput};
        admin::add_site(
            c,
            &By::Cli,
            "CELLS",
            "Central custody suite",
            "police_station",
            "West Midlands Police",
            now,
        )
        .unwrap();
        admin::add_user(
            c,
            &By::Cli,
            &NewUserInput {
                username: "hcp_cells".into(),
                display_name: "Dee Walsh".into(),
                role: "health".into(),
                force_code: String::new(),
                site_code: "CELLS".into(),
                collar_number: String::new(),
                password: PASSWORD.into(),
                must_change_password: false,
            },
            now,
        )
        .unwrap();
    })
    .await;
}

/// A complete police-station section of a form.
pub const AUTHORISED: [(&str, &str); 6] = [
    ("age_band", "25_34"),
    ("inspector_name", "Insp Dana Price"),
    ("inspector_collar", "2231"),
    ("imminent_risk", "yes"),
    ("no_other_place", "yes"),
    ("health_consulted", "consulted"),
];

fn authorised_json() -> Value {
    json!({
        "inspector_name": "Insp Dana Price",
        "inspector_collar": "2231",
        "imminent_risk": true,
        "no_other_place": true,
        "health_consulted": "consulted"
    })
}

/// Episodes, stays, audit rows, authorisations and health checks.
async fn all_counts(app: &TestApp) -> (i64, i64, i64, i64, i64) {
    let (e, s, a) = app.counts().await;
    let (p, h) = app
        .db(|c| {
            use s136::schema::{health_checks, police_station_authorisations};
            (
                police_station_authorisations::table
                    .count()
                    .get_result::<i64>(c)
                    .unwrap(),
                health_checks::table.count().get_result::<i64>(c).unwrap(),
            )
        })
        .await;
    (e, s, a, p, h)
}

async fn power_row(
    app: &TestApp,
    reference: &str,
) -> (
    String,
    Option<String>,
    Option<chrono::NaiveDateTime>,
    Option<String>,
    Option<String>,
) {
    let r = reference.to_string();
    app.db(move |c| {
        use s136::schema::episodes::dsl::*;
        episodes
            .filter(reference.eq(r))
            .select((kind, location_type, warrant_at, amhp_name, age_band))
            .first(c)
            .unwrap()
    })
    .await
}

fn field(r: &Resp, name: &str) -> String {
    r.json()["error"]["fields"][name]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

async fn s136_arrival_needs_nothing_more_and_records_the_location(app: TestApp) {
    let officer = app.login("officer").await;
    let form = app.get(&officer, "/episodes/new").await;
    form.assert_contains("Section 135(1) warrant");
    form.assert_contains("data-app-reveals=\"conditional-kind-s135\"");
    assert!(
        !form.body.contains("private_dwelling"),
        "a private dwelling is never offered"
    );
    // The ordinary arrival: site, time, collar number and nothing else.
    let plain = app.arrive(&officer, "OAK", &[]).await;
    assert_eq!(
        power_row(&app, &plain).await,
        ("s136".into(), None, None, None, None)
    );
    let located = app
        .arrive(&officer, "OAK", &[("location_type", "public_place")])
        .await;
    assert_eq!(
        power_row(&app, &located).await.1.as_deref(),
        Some("public_place")
    );
    let page = app.get(&officer, &format!("/episodes/{located}")).await;
    page.assert_contains("Section 136");
    page.assert_contains("A public place (street, park, railway, shop)");
    let list = app.get(&app.login("manager_all").await, "/cases").await;
    list.assert_contains("s136, public place");
    let token = app.token("officer").await;
    let j = app
        .api("GET", &format!("/api/v1/episodes/{located}"), &token, None)
        .await
        .json();
    assert_eq!(j["kind"], "s136");
    assert_eq!(j["location_type"], "public_place");
    assert_eq!(j["warrant_at"], Value::Null);
    assert_eq!(j["next_health_check_due_at"], Value::Null);
}

async fn s135_needs_the_warrant_time_and_the_amhp(app: TestApp) {
    let officer = app.login("officer").await;
    let before = all_counts(&app).await;
    let post = |extra: Vec<(&'static str, &'static str)>| {
        let mut form = vec![
            ("site", "OAK"),
            ("arrival", "now"),
            ("kind", "s135"),
            ("form_token", "tok-s135"),
        ];
        for (k, v) in extra {
            form.retain(|(fk, _)| *fk != k);
            form.push((k, v));
        }
        let officer = officer.clone();
        let app = &app;
        async move { app.post(&officer, "/episodes", &form).await }
    };
    let r = post(vec![]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Enter the date and time the section 135 warrant was executed");
    r.assert_contains("Enter the name of the approved mental health professional (AMHP)");
    r.assert_contains("value=\"s135\" checked");
    let r = post(vec![
        ("warrant_at", "2026-11-20T12:30"),
        ("amhp_name", "Jo Bloggs"),
    ])
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("The time the warrant was executed cannot be in the future");
    app.set_now(t0() + Duration::minutes(5));
    let r = post(vec![
        ("arrival", "earlier"),
        ("arrived_at", "2026-11-20T12:00"),
        ("warrant_at", "2026-11-20T12:03"),
        ("amhp_name", "Jo Bloggs"),
    ])
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains(
        "Enter a time the warrant was executed that is before the arrival time, 12:00",
    );
    assert_eq!(all_counts(&app).await, before, "refusals change nothing");

    let r = post(vec![
        ("warrant_at", "2026-11-20T11:30"),
        ("amhp_name", "Jo Bloggs"),
        // An s136 location sent with s135 is not stored.
        ("location_type", "public_place"),
    ])
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let reference = r.location().trim_start_matches("/episodes/").to_string();
    let (kind, location, warrant, amhp, _) = power_row(&app, &reference).await;
    assert_eq!(
        (kind.as_str(), location, amhp.as_deref()),
        ("s135", None, Some("Jo Bloggs"))
    );
    assert_eq!(warrant.unwrap().to_string(), "2026-11-20 11:30:00");
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("Section 135(1) warrant");
    page.assert_contains("Fri 20 Nov 2026, 11:30");
    page.assert_contains("Jo Bloggs");
    let list = app.get(&app.login("manager_all").await, "/cases").await;
    list.assert_contains("s135(1) warrant executed Fri 20 Nov 2026, 11:30; AMHP Jo Bloggs");

    // The API: the same rules, the same messages.
    let token = app.token("officer").await;
    let before = all_counts(&app).await;
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(json!({"site": "OAK", "kind": "s135"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(field(&r, "warrant_at").contains("warrant was executed"));
    assert!(field(&r, "amhp_name").contains("AMHP"));
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(json!({"site": "OAK", "kind": "s137"})),
        )
        .await;
    // An unknown code, like every other unknown code in the API (issue 12).
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::BAD_REQUEST, "bad_request")
    );
    r.assert_contains("unknown variant `s137`, expected `s136` or `s135`");
    assert_eq!(all_counts(&app).await, before);
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(json!({"site": "OAK", "kind": "s135", "warrant_at": "2026-11-20T11:40:00Z", "amhp_name": "Sam AMHP"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let j = r.json();
    assert_eq!(j["kind"], "s135");
    assert_eq!(j["warrant_at"], "2026-11-20T11:40:00Z");
    assert_eq!(j["amhp_name"], "Sam AMHP");
    assert_eq!(j["location_type"], Value::Null);
}

async fn private_dwelling_is_refused_by_the_api(app: TestApp) {
    let token = app.token("officer").await;
    let before = all_counts(&app).await;
    for code in ["private_dwelling", "garden"] {
        let r = app
            .api(
                "POST",
                "/api/v1/episodes",
                &token,
                Some(json!({"site": "OAK", "location_type": code})),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(r.code(), "validation_failed");
        let m = field(&r, "location_type");
        assert!(
            m.contains("Section 136 cannot be used in a private dwelling")
                && m.contains("use a section 135 warrant")
                && m.contains("section 136(1), Mental Health Act 1983"),
            "{m}"
        );
    }
    assert_eq!(all_counts(&app).await, before);
    // The OpenAPI document describes the safeguards.
    let doc = app
        .api("GET", "/api/v1/openapi.json", "", None)
        .await
        .json();
    for p in [
        "/api/v1/episodes/{reference}/health-checks",
        "/api/v1/episodes/{reference}/location-type",
    ] {
        assert!(doc["paths"][p]["post"].is_object(), "{p} documented");
    }
    for schema in ["PoliceStationJson", "HealthCheckJson", "AuthorisationJson"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
    assert!(
        doc["components"]["schemas"]["EpisodeJson"]["properties"]["next_health_check_due_at"]
            .is_object()
    );
    // The form refuses the same code with the same message.
    let officer = app.login("officer").await;
    let r = app
        .post(
            &officer,
            "/episodes",
            &[
                ("site", "OAK"),
                ("arrival", "now"),
                ("location_type", "private_dwelling"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Section 136 cannot be used in a private dwelling");
    assert_eq!(all_counts(&app).await, before);
}

async fn location_type_can_be_set_later(app: TestApp) {
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("Not recorded");
    page.assert_contains(&format!("/episodes/{reference}/location"));
    let form = app
        .get(&officer, &format!("/episodes/{reference}/location"))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(!form.body.contains("private_dwelling"));
    let before = all_counts(&app).await;
    let r = app
        .post(&officer, &format!("/episodes/{reference}/location"), &[])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Choose where the person was detained");
    assert_eq!(all_counts(&app).await, before);
    let r = app
        .post(
            &officer,
            &format!("/episodes/{reference}/location"),
            &[("location_type", "other_non_dwelling")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        power_row(&app, &reference).await.1.as_deref(),
        Some("other_non_dwelling")
    );
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("Detention location recorded");
    // Health staff cannot; the API refuses a private dwelling and accepts a listed code.
    let nurse = app.token("nurse").await;
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/location-type"),
            &nurse,
            Some(json!({"location_type": "public_place"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let token = app.token("officer").await;
    let before = all_counts(&app).await;
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/location-type"),
            &token,
            Some(json!({"location_type": "private_dwelling"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field(&r, "location_type").contains("private dwelling"));
    assert_eq!(all_counts(&app).await, before);
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/location-type"),
            &token,
            Some(json!({"location_type": "public_place"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["location_type"], "public_place");
    // Another force's officer: not found.
    let other = app.token("officer_b").await;
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/location-type"),
            &other,
            Some(json!({"location_type": "public_place"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // A s135 case has no s136 location.
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(json!({"site": "OAK", "kind": "s135", "warrant_at": "2026-11-20T11:40:00Z", "amhp_name": "Sam AMHP"})),
        )
        .await;
    let s135 = r.json()["reference"].as_str().unwrap().to_string();
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{s135}/location-type"),
            &token,
            Some(json!({"location_type": "public_place"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field(&r, "location_type").contains("section 135 warrant case"));
}

async fn under_18_never_arrives_at_a_police_station(app: TestApp) {
    station(&app).await;
    let officer = app.login("officer").await;
    let before = all_counts(&app).await;
    let mut form: Vec<(&str, &str)> = vec![("site", "CELLS"), ("arrival", "now")];
    form.extend(AUTHORISED.iter().filter(|(k, _)| *k != "age_band"));
    form.push(("age_band", "under_18"));
    let r = app.post(&officer, "/episodes", &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("A person under 18 can never be taken to or kept at a police station as a place of safety (section 136A, Mental Health Act 1983)");
    r.assert_contains("href=\"#site\"");
    assert_eq!(all_counts(&app).await, before);
    // An unknown age is not enough either.
    let mut form: Vec<(&str, &str)> = vec![("site", "CELLS"), ("arrival", "now")];
    form.extend(AUTHORISED.iter().filter(|(k, _)| *k != "age_band"));
    form.push(("age_band", "not_known"));
    let r = app.post(&officer, "/episodes", &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("a police station can be used only for an adult");
    assert_eq!(all_counts(&app).await, before);
    // The API.
    let token = app.token("officer").await;
    let before = all_counts(&app).await;
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(json!({"site": "CELLS", "age_band": "under_18", "police_station": authorised_json()})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(field(&r, "site").contains("section 136A"));
    assert_eq!(all_counts(&app).await, before);
}

async fn under_18_never_transferred_to_a_police_station(app: TestApp) {
    station(&app).await;
    let officer = app.login("officer").await;
    let reference = app
        .arrive(&officer, "OAK", &[("age_band", "under_18")])
        .await;
    assert_eq!(
        power_row(&app, &reference).await.4.as_deref(),
        Some("under_18")
    );
    app.set_now(t0() + Duration::minutes(30));
    let token = app.token("officer").await;
    let before = all_counts(&app).await;
    let mut form: Vec<(&str, &str)> = vec![("site", "CELLS"), ("left", "now"), ("arrival", "now")];
    // Even an adult band typed now cannot override the under-18 flag.
    form.extend(AUTHORISED.iter());
    let r = app
        .post(&officer, &format!("/episodes/{reference}/transfer"), &form)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    r.assert_contains("A person under 18 can never be taken to or kept at a police station");
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/transfer"),
            &token,
            Some(json!({"site": "CELLS", "police_station": authorised_json()})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(field(&r, "site").contains("section 136A"));
    assert_eq!(all_counts(&app).await, before, "nothing changed");
    assert_eq!(
        power_row(&app, &reference).await.4.as_deref(),
        Some("under_18")
    );
    // A transfer elsewhere is fine.
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/transfer"),
            &token,
            Some(json!({"site": "CITYED"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn police_station_needs_each_item_of_the_authorisation(app: TestApp) {
    station(&app).await;
    let officer = app.login("officer").await;
    let before = all_counts(&app).await;
    let messages = [
        ("age_band", "Choose the person&#39;s age band"),
        (
            "inspector_name",
            "Enter the name of the inspector (or above) who authorised the use of a police station",
        ),
        (
            "inspector_collar",
            "Enter the collar number of the inspector who authorised the use of a police station",
        ),
        (
            "imminent_risk",
            "poses an imminent risk of serious injury or death (SI 2017/1036 regulation 2)",
        ),
        (
            "no_other_place",
            "Confirm that no other place of safety in the force area can reasonably be used",
        ),
        (
            "health_consulted",
            "Say whether a health professional was consulted before using a police station",
        ),
    ];
    // Nothing given: every item has its own message in the error summary.
    let r = app
        .post(
            &officer,
            "/episodes",
            &[("site", "CELLS"), ("arrival", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for (f, m) in messages {
        r.assert_contains(m);
        r.assert_contains(&format!("href=\"#{f}\""));
    }
    r.assert_contains("<details class=\"nhsuk-details\" open>");
    // Each missing item alone.
    for (missing, m) in messages {
        let mut form: Vec<(&str, &str)> = vec![("site", "CELLS"), ("arrival", "now")];
        form.extend(AUTHORISED.iter().filter(|(k, _)| *k != missing));
        let r = app.post(&officer, "/episodes", &form).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{missing}");
        r.assert_contains(m);
        for (other, om) in messages {
            if other != missing {
                assert!(!r.body.contains(om), "only {missing} is wrong, not {other}");
            }
        }
    }
    // Not practicable needs the reason.
    let mut form: Vec<(&str, &str)> = vec![("site", "CELLS"), ("arrival", "now")];
    form.extend(AUTHORISED.iter().filter(|(k, _)| *k != "health_consulted"));
    form.push(("health_consulted", "not_practicable"));
    let r = app.post(&officer, "/episodes", &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Give the reason it was not practicable to consult a health professional");
    assert_eq!(all_counts(&app).await, before, "refusals change nothing");

    // The API names each missing field.
    let token = app.token("officer").await;
    let before = all_counts(&app).await;
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(json!({"site": "CELLS"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for (f, _) in messages {
        assert!(!field(&r, f).is_empty(), "API field {f}: {}", r.body);
    }
    let mut ps = authorised_json();
    ps["imminent_risk"] = json!(false);
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(json!({"site": "CELLS", "age_band": "35_44", "police_station": ps})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = r.json()["error"]["fields"].as_object().unwrap().clone();
    assert_eq!(fields.keys().collect::<Vec<_>>(), vec!["imminent_risk"]);
    assert_eq!(all_counts(&app).await, before);
    // A site that is not a police station needs none of it.
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(json!({"site": "OAK"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
}

async fn police_station_stay_is_authorised_and_checked(app: TestApp) {
    station(&app).await;
    let officer = app.login("officer").await;
    let mut extra: Vec<(&str, &str)> = AUTHORISED.to_vec();
    extra.retain(|(k, _)| *k != "health_consulted");
    extra.push(("health_consulted", "not_practicable"));
    extra.push(("not_consulted_reason", "No clinician reachable"));
    let reference = app.arrive(&officer, "CELLS", &extra).await;
    let (ps, hc) = {
        let c = all_counts(&app).await;
        (c.3, c.4)
    };
    assert_eq!((ps, hc), (1, 0));
    assert_eq!(
        power_row(&app, &reference).await.4.as_deref(),
        Some("25_34")
    );
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("Police station authorisation: Central custody suite");
    page.assert_contains("Insp Dana Price (2231)");
    page.assert_contains("Not practicable: No clinician reachable");
    page.assert_contains("Next health check due by 12:30 (in 0h 30m)");
    page.assert_contains("No check recorded yet.");
    page.assert_contains(&format!("/episodes/{reference}/health-check"));
    // Exactly 30:00 after arrival is on time; one second later it is overdue.
    app.set_now(t0() + Duration::minutes(30));
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("Next health check due by 12:30 (in 0h 00m)");
    assert!(!page.body.contains("Check overdue"));
    let token = app.token("officer").await;
    let j = app
        .api(
            "GET",
            &format!("/api/v1/episodes/{reference}"),
            &token,
            None,
        )
        .await
        .json();
    assert_eq!(j["next_health_check_due_at"], "2026-11-20T12:30:00Z");
    assert_eq!(j["health_check_overdue"], false);
    assert_eq!(
        j["stays"][0]["police_station_authorisation"]["inspector_collar"],
        "2231"
    );
    assert_eq!(
        j["stays"][0]["police_station_authorisation"]["health_consulted"],
        "not_practicable"
    );
    app.set_now(t0() + Duration::minutes(30) + Duration::seconds(1));
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("Check overdue");
    page.assert_contains("Health check overdue: due 12:30");
    let j = app
        .api(
            "GET",
            &format!("/api/v1/episodes/{reference}"),
            &token,
            None,
        )
        .await
        .json();
    assert_eq!(j["health_check_overdue"], true);

    // Health staff there record a check (their own name by default).
    app.set_now(t0() + Duration::minutes(35));
    let hcp = app.login("hcp_cells").await;
    let form = app
        .get(&hcp, &format!("/episodes/{reference}/health-check"))
        .await;
    form.assert_contains("value=\"Dee Walsh\"");
    let before = all_counts(&app).await;
    let r = app
        .post(
            &hcp,
            &format!("/episodes/{reference}/health-check"),
            &[
                ("when", "now"),
                ("checked_by_name", ""),
                ("note", "Settled"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = all_counts(&app).await;
    assert_eq!(after.4, before.4 + 1);
    assert_eq!(after.2, before.2 + 1, "audited");
    let page = app.get(&hcp, &format!("/episodes/{reference}")).await;
    page.assert_contains("Next health check due by 13:05 (in 0h 30m)");
    page.assert_contains("Last check Fri 20 Nov 2026, 12:35 by Dee Walsh");
    page.assert_contains("0h 35m <strong class=\"nhsuk-tag nhsuk-tag--red\">Late</strong>");
    // The officer records the next one by API; the due time moves.
    app.set_now(t0() + Duration::minutes(60));
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/health-checks"),
            &token,
            Some(
                json!({"checked_by_name": "Nurse Kim Lowe", "checked_at": "2026-11-20T12:58:00Z"}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let j = r.json();
    assert_eq!(j["next_health_check_due_at"], "2026-11-20T13:28:00Z");
    assert_eq!(j["health_check_overdue"], false);
    assert_eq!(
        j["stays"][0]["health_checks"][1]["checked_by_name"],
        "Nurse Kim Lowe"
    );
    // After the end of the detention no check is due or accepted.
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/end"),
            &token,
            Some(json!({"outcome": "admitted_informally"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["next_health_check_due_at"], Value::Null);
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/health-checks"),
            &token,
            Some(json!({"checked_by_name": "Nurse Kim Lowe"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
}

async fn transfer_to_a_police_station_with_its_authorisation(app: TestApp) {
    station(&app).await;
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    app.set_now(t0() + Duration::minutes(40));
    let path = format!("/episodes/{reference}/transfer");
    let form = app.get(&officer, &path).await;
    form.assert_contains("Police station only: authorisation");
    let before = all_counts(&app).await;
    // No age band on the episode and none given: refused.
    let mut form: Vec<(&str, &str)> = vec![("site", "CELLS"), ("left", "now"), ("arrival", "now")];
    form.extend(AUTHORISED.iter().filter(|(k, _)| *k != "age_band"));
    let r = app.post(&officer, &path, &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Choose the person&#39;s age band");
    let mut form: Vec<(&str, &str)> = vec![("site", "CELLS"), ("left", "now"), ("arrival", "now")];
    form.extend(AUTHORISED.iter().filter(|(k, _)| *k != "inspector_collar"));
    let r = app.post(&officer, &path, &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Enter the collar number of the inspector");
    assert_eq!(all_counts(&app).await, before);
    let mut form: Vec<(&str, &str)> = vec![("site", "CELLS"), ("left", "now"), ("arrival", "now")];
    form.extend(AUTHORISED.iter());
    let r = app.post(&officer, &path, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = all_counts(&app).await;
    assert_eq!(
        (after.1, after.3),
        (before.1 + 1, before.3 + 1),
        "a new stay with its authorisation"
    );
    assert_eq!(
        power_row(&app, &reference).await.4.as_deref(),
        Some("25_34"),
        "the age band given is kept"
    );
    let token = app.token("officer").await;
    let j = app
        .api(
            "GET",
            &format!("/api/v1/episodes/{reference}"),
            &token,
            None,
        )
        .await
        .json();
    assert_eq!(j["stays"][0]["police_station_authorisation"], Value::Null);
    assert_eq!(
        j["stays"][1]["police_station_authorisation"]["inspector_name"],
        "Insp Dana Price"
    );
    // The check clock starts at the arrival at the police station.
    assert_eq!(j["next_health_check_due_at"], "2026-11-20T13:10:00Z");
}

async fn health_checks_are_scoped_and_validated(app: TestApp) {
    station(&app).await;
    let officer = app.login("officer").await;
    let mut extra: Vec<(&str, &str)> = AUTHORISED.to_vec();
    extra.push(("arrival", "now"));
    let reference = app.arrive(&officer, "CELLS", &extra).await;
    let at_oak = app.arrive(&officer, "OAK", &[]).await;
    app.set_now(t0() + Duration::minutes(10));
    let other = app.login("officer_b").await;
    let tokens = [app.token("officer_b").await, app.token("nurse").await];
    let manager = app.token("manager_wmp").await;
    let token = app.token("officer").await;
    let before = all_counts(&app).await;
    let body = json!({"checked_by_name": "Nurse Kim Lowe"});
    // Another force's officer, and health staff elsewhere: not found.
    let r = app
        .post(
            &other,
            &format!("/episodes/{reference}/health-check"),
            &[("when", "now"), ("checked_by_name", "X")],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    for t in &tokens {
        let r = app
            .api(
                "POST",
                &format!("/api/v1/episodes/{reference}/health-checks"),
                t,
                Some(body.clone()),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/health-checks"),
            &manager,
            Some(body.clone()),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Not at a police station.
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{at_oak}/health-checks"),
            &token,
            Some(body.clone()),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("police station")
    );
    // Times: not before arrival, not in the future; officers give the name.
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/health-checks"),
            &token,
            Some(
                json!({"checked_by_name": "Nurse Kim Lowe", "checked_at": "2026-11-20T11:59:00Z"}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field(&r, "checked_at").contains("after the arrival at the police station"));
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/health-checks"),
            &token,
            Some(
                json!({"checked_by_name": "Nurse Kim Lowe", "checked_at": "2026-11-20T12:30:00Z"}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field(&r, "checked_at").contains("cannot be in the future"));
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/health-checks"),
            &token,
            Some(json!({"note": "x".repeat(201)})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field(&r, "checked_by_name").contains("Enter the name of the health professional"));
    assert!(field(&r, "note").contains("200 characters"));
    let r = app
        .post(
            &officer,
            &format!("/episodes/{reference}/health-check"),
            &[
                ("when", "earlier"),
                ("checked_at", "2026-11-20T11:00"),
                ("checked_by_name", "Nurse Kim Lowe"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains(
        "Enter a time of the check that is after the arrival at the police station, 12:00",
    );
    assert_eq!(all_counts(&app).await, before, "refusals change nothing");
    let r = app
        .post(
            &officer,
            &format!("/episodes/{reference}/health-check"),
            &[("when", "now"), ("checked_by_name", "Nurse Kim Lowe")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(all_counts(&app).await.4, before.4 + 1);
}

async fn check_clock_across_the_clocks_going_back(app: TestApp) {
    station(&app).await;
    // 01:45 BST on Sun 25 Oct 2026 (00:45 UTC); the clocks go back at 02:00 BST.
    app.set_now(at("2026-10-25T00:45:00Z"));
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "CELLS", &AUTHORISED).await;
    let token = app.token("officer").await;
    // 30 minutes later on UTC instants is 01:15 GMT, though the wall clock went back.
    app.set_now(at("2026-10-25T01:15:00Z"));
    let j = app
        .api(
            "GET",
            &format!("/api/v1/episodes/{reference}"),
            &token,
            None,
        )
        .await
        .json();
    assert_eq!(j["next_health_check_due_at"], "2026-10-25T01:15:00Z");
    assert_eq!(j["health_check_overdue"], false);
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("Next health check due by 01:15 GMT (in 0h 00m)");
    app.set_now(at("2026-10-25T01:15:01Z"));
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("Health check overdue: due 01:15 GMT (0h 00m ago)");
    // 01:10 happened twice: the BST one is before the arrival, the GMT one after it.
    let path = format!("/episodes/{reference}/health-check");
    let r = app
        .post(
            &officer,
            &path,
            &[
                ("when", "earlier"),
                ("checked_at", "2026-10-25T01:10"),
                ("checked_by_name", "Nurse Kim Lowe"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("happened twice");
    let r = app
        .post(
            &officer,
            &path,
            &[
                ("when", "earlier"),
                ("checked_at", "2026-10-25T01:10"),
                ("checked_at_fold", "bst"),
                ("checked_by_name", "Nurse Kim Lowe"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("after the arrival at the police station");
    let r = app
        .post(
            &officer,
            &path,
            &[
                ("when", "earlier"),
                ("checked_at", "2026-10-25T01:10"),
                ("checked_at_fold", "gmt"),
                ("checked_by_name", "Nurse Kim Lowe"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let j = app
        .api(
            "GET",
            &format!("/api/v1/episodes/{reference}"),
            &token,
            None,
        )
        .await
        .json();
    assert_eq!(j["next_health_check_due_at"], "2026-10-25T01:40:00Z");
    assert_eq!(j["health_check_overdue"], false);
    // 01:10 GMT is 25 minutes after 01:45 BST: the check was on time.
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("Sun 25 Oct 2026, 01:10 GMT");
    page.assert_contains("0h 25m</td>");
}

async fn board_shows_the_next_check_and_overdue(app: TestApp) {
    station(&app).await;
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "CELLS", &AUTHORISED).await;
    let hcp = app.login("hcp_cells").await;
    app.set_now(t0() + Duration::minutes(20));
    let board = app.get(&hcp, "/board").await;
    board.assert_contains(&reference);
    board.assert_contains("Next health check due by 12:30 (in 0h 10m)");
    assert!(!board.body.contains("Check overdue"));
    app.set_now(t0() + Duration::minutes(45));
    let board = app.get(&hcp, "/board").await;
    board.assert_contains("<strong class=\"nhsuk-tag nhsuk-tag--red\">Check overdue</strong> Health check overdue: due 12:30 (0h 15m ago)");
    // After the handover the person is still held there: the board keeps
    // them, with the check due and a link to record it, until the end.
    let r = app
        .post(
            &hcp,
            &format!("/episodes/{reference}/handover"),
            &[
                ("when", "now"),
                ("accepted_by_name", "Dee Walsh"),
                ("accepted_by_role", "Nurse"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let board = app.get(&hcp, "/board").await;
    board.assert_contains("Held at Central custody suite");
    board.assert_contains(&reference);
    board.assert_contains("Handed over 12:45");
    // The wait stopped at the handover (45 minutes), so the column says so.
    board.assert_contains(
        "aria-hidden=\"true\">Wait for handover </span><span class=\"app-cell\">0h 45m</span>",
    );
    board.assert_contains(&format!("/episodes/{reference}/health-check"));
    board.assert_contains("Health check overdue: due 12:30");
    let token = app.token("officer").await;
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/end"),
            &token,
            Some(json!({"outcome": "admitted_informally"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let board = app.get(&hcp, "/board").await;
    assert!(!board.body.contains(&reference), "{}", board.body);
    board.assert_contains("Nobody is held here.");
    // Boards elsewhere show no check line for other sites' cases.
    let oak = app.arrive(&officer, "OAK", &[]).await;
    let board = app.get(&app.login("nurse").await, "/board").await;
    board.assert_contains(&oak);
    assert!(
        !board.body.contains("health check due") && !board.body.contains("Health check overdue")
    );
}

/// The monitoring edit obeys s136A too: while the person is held at a police
/// station their age band cannot be changed to under 18 (or to unknown).
async fn age_band_cannot_become_under_18_at_a_police_station(app: TestApp) {
    station(&app).await;
    let token = app.token("officer").await;
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(
                json!({"site": "CELLS", "age_band": "25_34", "police_station": authorised_json()}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let reference = r.json()["reference"].as_str().unwrap().to_string();
    let path = format!("/api/v1/episodes/{reference}/monitoring");
    for band in ["under_18", "not_known"] {
        let r = app
            .api(
                "PUT",
                &path,
                &token,
                Some(json!({"age_band": band, "sex": "female"})),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(field(&r, "age_band").contains("section 136A"), "{}", r.body);
    }
    let episode = app
        .api(
            "GET",
            &format!("/api/v1/episodes/{reference}"),
            &token,
            None,
        )
        .await
        .json();
    assert_eq!(episode["monitoring"]["age_band"], "25_34");
    assert_eq!(episode["monitoring"]["sex"], Value::Null);
    // An adult band is still accepted.
    let r = app
        .api(
            "PUT",
            &path,
            &token,
            Some(json!({"age_band": "35_44", "sex": "female"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // After a transfer away from the police station the rule no longer applies.
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/transfer"),
            &token,
            Some(json!({"site": "OAK"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .api(
            "PUT",
            &path,
            &token,
            Some(json!({"age_band": "not_known", "sex": "female"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

/// The latest audit event's (action, after) as JSON.
async fn last_audit(app: &TestApp) -> (String, Value) {
    let (action, after) = app
        .db(|c| {
            use s136::schema::audit_events::dsl::*;
            audit_events
                .filter(entity.ne("api_token"))
                .order(id.desc())
                .select((action, after_json))
                .first::<(String, Option<String>)>(c)
                .unwrap()
        })
        .await;
    (
        action,
        after
            .map(|a| serde_json::from_str(&a).unwrap())
            .unwrap_or_default(),
    )
}

async fn warrant_time_can_be_corrected(app: TestApp) {
    let token = app.token("officer").await;
    let r = app
        .api(
            "POST",
            "/api/v1/episodes",
            &token,
            Some(json!({"site": "OAK", "kind": "s135", "warrant_at": "2026-11-20T11:40:00Z", "amhp_name": "Sam AMHP"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let reference = r.json()["reference"].as_str().unwrap().to_string();
    app.set_now(t0() + Duration::minutes(20));
    let path = format!("/api/v1/episodes/{reference}/corrections");
    let v = app.version(&reference).await;

    // Listed on the corrections page, with a link for the officer.
    let officer = app.login("officer").await;
    let list = app
        .get(&officer, &format!("/episodes/{reference}/corrections"))
        .await;
    list.assert_contains("Section 135 warrant executed");
    list.assert_contains("corrections/new?field=warrant_at");

    // Health staff did not record it.
    let nurse = app.token("nurse").await;
    let before = all_counts(&app).await;
    let body = |t: &str, v: i64| json!({"field": "warrant_at", "new_time": t, "reason": "Read from the warrant", "version": v});
    let r = app
        .api("POST", &path, &nurse, Some(body("2026-11-20T11:30:00Z", v)))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    // A warrant is executed before the arrival (12:00).
    let r = app
        .api("POST", &path, &token, Some(body("2026-11-20T12:05:00Z", v)))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        field(&r, "new_time").contains("not after the arrival time, Fri 20 Nov 2026, 12:00"),
        "{}",
        r.body
    );
    assert_eq!(all_counts(&app).await, before, "refusals change nothing");

    // The officer corrects it by the page; the case and the API show it.
    let form = app
        .get(
            &officer,
            &format!("/episodes/{reference}/corrections/new?field=warrant_at"),
        )
        .await;
    form.assert_contains("Correct: Section 135 warrant executed");
    form.assert_contains("value=\"2026-11-20T11:40\"");
    let r = app
        .post(
            &officer,
            &format!("/episodes/{reference}/corrections"),
            &[
                ("version", &v.to_string()),
                ("field", "warrant_at"),
                ("new_time", "2026-11-20T11:25"),
                ("reason", "Read from the warrant"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let j = app
        .api(
            "GET",
            &format!("/api/v1/episodes/{reference}"),
            &token,
            None,
        )
        .await
        .json();
    assert_eq!(j["warrant_at"], "2026-11-20T11:25:00Z");
    assert_eq!(j["version"], v + 1);
    let (action, after) = last_audit(&app).await;
    assert_eq!(action, "time_corrected");
    assert_eq!(after["field"], "warrant_at");
    assert_eq!(after["value"], "2026-11-20T11:25:00Z");
    let page = app.get(&officer, &format!("/episodes/{reference}")).await;
    page.assert_contains("Section 135 warrant executed: Fri 20 Nov 2026, 11:40");

    // An s136 case has no warrant time to correct.
    let s136 = app.arrive(&officer, "OAK", &[]).await;
    let v = app.version(&s136).await;
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{s136}/corrections"),
            &token,
            Some(body("2026-11-20T11:25:00Z", v)),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(field(&r, "field").contains("No time the section 135 warrant was executed"));
}

async fn health_check_times_can_be_corrected(app: TestApp) {
    station(&app).await;
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "CELLS", &AUTHORISED).await;
    // Check 1 by the nurse there at 12:35; check 2 by the officer at 12:58.
    app.set_now(t0() + Duration::minutes(35));
    let hcp = app.login("hcp_cells").await;
    let r = app
        .post(
            &hcp,
            &format!("/episodes/{reference}/health-check"),
            &[("when", "now"), ("checked_by_name", ""), ("note", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.set_now(t0() + Duration::minutes(60));
    let token = app.token("officer").await;
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/health-checks"),
            &token,
            Some(
                json!({"checked_by_name": "Nurse Kim Lowe", "checked_at": "2026-11-20T12:58:00Z"}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["next_health_check_due_at"], "2026-11-20T13:28:00Z");

    let path = format!("/api/v1/episodes/{reference}/corrections");
    let body = |n: Option<i64>, t: &str, v: i64| json!({"field": "health_check_at", "check": n, "new_time": t, "reason": "Clock on the wall was wrong", "version": v});
    let post = |b| app.api("POST", &path, &token, Some(b));
    let v = app.version(&reference).await;
    let before = all_counts(&app).await;
    // Which check, and only one that exists.
    let r = post(body(None, "2026-11-20T12:50:00Z", v)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        field(&r, "check").contains("Say which health check"),
        "{}",
        r.body
    );
    let r = post(body(Some(3), "2026-11-20T12:50:00Z", v)).await;
    assert!(
        field(&r, "check").contains("no health check 3"),
        "{}",
        r.body
    );
    // The officer did not record check 1.
    let r = post(body(Some(1), "2026-11-20T12:31:00Z", v)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    // A check is made after arriving at the station (12:00).
    let r = post(body(Some(2), "2026-11-20T11:58:00Z", v)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        field(&r, "new_time").contains("not before the arrival time, Fri 20 Nov 2026, 12:00"),
        "{}",
        r.body
    );
    assert_eq!(all_counts(&app).await, before, "refusals change nothing");

    // The officer corrects their own check: the next check falls due earlier.
    let r = post(body(Some(2), "2026-11-20T12:50:00Z", v)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let j = r.json();
    assert_eq!(j["next_health_check_due_at"], "2026-11-20T13:20:00Z");
    assert_eq!(
        j["stays"][0]["health_checks"][1]["checked_at"],
        "2026-11-20T12:50:00Z"
    );
    let (action, after) = last_audit(&app).await;
    assert_eq!(action, "time_corrected");
    assert_eq!(
        (after["field"].as_str(), after["check"].as_i64()),
        (Some("health_check_at"), Some(2))
    );

    // The nurse corrects check 1 on the page; the officer sees no link for it.
    let list = app
        .get(&officer, &format!("/episodes/{reference}/corrections"))
        .await;
    list.assert_contains("Health check 1 at Central custody suite");
    assert!(
        !list.body.contains("field=health_check_at&#38;check=1"),
        "{}",
        list.body
    );
    list.assert_contains("field=health_check_at&#38;check=2");
    let new = format!("/episodes/{reference}/corrections/new?field=health_check_at&check=1");
    let form = app.get(&hcp, &new).await;
    form.assert_contains("Correct: Health check 1 at Central custody suite");
    let v = app.version(&reference).await;
    let r = app
        .post(
            &hcp,
            &format!("/episodes/{reference}/corrections"),
            &[
                ("version", &v.to_string()),
                ("field", "health_check_at"),
                ("check", "1"),
                ("new_time", "2026-11-20T12:28"),
                ("reason", "Typed 35 for 28"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&hcp, &format!("/episodes/{reference}")).await;
    page.assert_contains("Health check at a police station (health check 1)");

    // After the end of the detention (13:10) a check cannot move past it.
    app.set_now(t0() + Duration::minutes(70));
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/end"),
            &token,
            Some(json!({"outcome": "admitted_informally"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.set_now(t0() + Duration::minutes(90));
    let v = app.version(&reference).await;
    let r = post(body(Some(2), "2026-11-20T13:15:00Z", v)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        field(&r, "new_time").contains("not after the end of the detention"),
        "{}",
        r.body
    );
}
