//! The Home Office return: counts over a financial year (UK days of the first
//! arrival) against a hand-computed dataset, in scope, as a page and a CSV.

use actix_web::http::StatusCode;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use std::collections::HashMap;

use crate::both_backends;
use crate::common::{TestApp, actor, at};
use s136::domain::admin::{self, By, NewUserInput};
use s136::domain::episodes::{
    ArrivalInput, EndInput, TransferInput, cancel, log_arrival, record_end, record_transfer,
};
use s136::domain::monitoring::MonitoringInput;

both_backends!(
    counts_match_the_hand_count,
    the_year_follows_uk_days,
    each_reader_counts_only_their_scope,
    the_page_is_for_managers_and_refuses_bad_years,
);

fn about(pairs: &[(&str, &str)]) -> MonitoringInput {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(f, _)| *f == k)
            .map(|(_, v)| v.to_string())
    };
    MonitoringInput {
        age_band: get("age_band"),
        sex: get("sex"),
        ethnicity: get("ethnicity"),
        transport: get("transport"),
        police_vehicle_reason: get("police_vehicle_reason"),
        ethnicity_perceived: get("ethnicity_perceived"),
        arrested: get("arrested"),
    }
}

/// Logs an arrival at `at` (as if now) and returns its reference.
fn arrive(
    c: &mut s136::db::DbConn,
    officer: &str,
    site: &str,
    at: DateTime<Utc>,
    fields: &[(&str, &str)],
) -> String {
    let officer = actor(c, officer);
    log_arrival(
        c,
        &officer,
        &ArrivalInput {
            site_code: Some(site.into()),
            about: about(fields),
            ..Default::default()
        },
        at,
    )
    .unwrap()
    .reference
}

/// The dataset; in financial year 2025/26 (1 April 2025 to 31 March 2026):
///
/// | case | force | first site | arrival (UTC)          | UK day     | power | about                                                  | outcome |
/// |------|-------|------------|------------------------|------------|-------|--------------------------------------------------------|---------|
/// | A    | WMP   | OAK (HBPoS)| 2025-03-31 23:10       | 2025-04-01 | s136  | under 18, female, white British, ambulance             | admitted informally |
/// | B    | WMP   | OAK        | 2025-03-31 22:30       | 2025-03-31 | s136  | male: year 2024/25, not counted                         |         |
/// | C    | WMP   | CITYED (ED)| 2026-03-31 22:00       | 2026-03-31 | s136  | 25 to 34, male, police vehicle, ambulance unavailable  |         |
/// | D    | WMP   | OAK        | 2026-03-31 23:30       | 2026-04-01 | s136  | male: year 2026/27, not counted in 2025/26             |         |
/// | E    | WMP   | OAK        | 2025-10-01 12:00       | 2025-10-01 | s135  | nothing recorded                                       |         |
/// | F    | WMP   | OAK        | 2025-11-01 12:00       | 2025-11-01 | s136  | cancelled: not counted                                  |         |
/// | G    | WYP   | MOOR       | 2025-07-01 12:00       | 2025-07-01 | s136  | male, police vehicle, no reason                         |         |
/// | H    | WMP   | CITYED, then OAK | 2025-06-01 12:00 | 2025-06-01 | s136  | nothing recorded; counted once, first site ED           |         |
async fn seed(app: &TestApp) {
    app.db(|c| {
        let a = arrive(
            c,
            "officer",
            "OAK",
            at("2025-03-31T23:10:00Z"),
            &[
                ("age_band", "under_18"),
                ("sex", "female"),
                ("ethnicity", "white_british"),
                ("transport", "ambulance"),
            ],
        );
        let officer = actor(c, "officer");
        record_end(
            c,
            &officer,
            &a,
            &EndInput {
                outcome: Some("admitted_informally".into()),
                ..Default::default()
            },
            at("2025-04-01T03:00:00Z"),
        )
        .unwrap();
        arrive(
            c,
            "officer",
            "OAK",
            at("2025-03-31T22:30:00Z"),
            &[("sex", "male")],
        );
        arrive(
            c,
            "officer",
            "CITYED",
            at("2026-03-31T22:00:00Z"),
            &[
                ("age_band", "25_34"),
                ("sex", "male"),
                ("transport", "police_vehicle"),
                ("police_vehicle_reason", "ambulance_unavailable"),
            ],
        );
        arrive(
            c,
            "officer",
            "OAK",
            at("2026-03-31T23:30:00Z"),
            &[("sex", "male")],
        );
        let e = arrive(c, "officer", "OAK", at("2025-10-01T12:00:00Z"), &[]);
        {
            use s136::schema::episodes::dsl::*;
            // s135 episodes are logged by another part of the app; the return
            // only reads the kind.
            diesel::update(episodes.filter(reference.eq(&e)))
                .set(kind.eq("s135"))
                .execute(c)
                .unwrap();
        }
        let f = arrive(
            c,
            "officer",
            "OAK",
            at("2025-11-01T12:00:00Z"),
            &[("sex", "female")],
        );
        cancel(
            c,
            &officer,
            &f,
            Some("logged twice"),
            at("2025-11-01T12:05:00Z"),
        )
        .unwrap();
        arrive(
            c,
            "officer_b",
            "MOOR",
            at("2025-07-01T12:00:00Z"),
            &[("sex", "male"), ("transport", "police_vehicle")],
        );
        let h = arrive(c, "officer", "CITYED", at("2025-06-01T12:00:00Z"), &[]);
        record_transfer(
            c,
            &officer,
            &h,
            &TransferInput {
                site_code: Some("OAK".into()),
                ..Default::default()
            },
            at("2025-06-01T14:00:00Z"),
        )
        .unwrap();
        // A manager of the other force.
        admin::add_user(
            c,
            &By::Cli,
            &NewUserInput {
                username: "manager_wyp".into(),
                display_name: "Insp Kim Shaw".into(),
                role: "manager".into(),
                force_code: "WYP".into(),
                site_code: "".into(),
                collar_number: "".into(),
                password: crate::common::PASSWORD.into(),
                must_change_password: false,
            },
            at("2025-01-01T00:00:00Z"),
        )
        .unwrap();
    })
    .await;
}

/// (section, code) → (s136, s135, total), from the CSV.
type Counts = HashMap<(String, String), (i64, i64, i64)>;

async fn csv_counts(app: &TestApp, who: &str, fy: &str) -> Counts {
    let s = app.login(who).await;
    let r = app
        .get(&s, &format!("/reports/home-office.csv?fy={fy}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{who}: {}", r.body);
    let body = r.body.strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut rd = csv::Reader::from_reader(body.as_bytes());
    assert_eq!(
        rd.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "first_day",
            "last_day",
            "section",
            "code",
            "label",
            "s136",
            "s135",
            "total"
        ]
    );
    let mut out = Counts::new();
    let mut sums: HashMap<String, (i64, i64, i64)> = HashMap::new();
    for rec in rd.records() {
        let rec = rec.unwrap();
        let n = |i: usize| rec[i].parse::<i64>().unwrap();
        let (s136, s135, total) = (n(5), n(6), n(7));
        assert_eq!(s136 + s135, total, "{rec:?}");
        let (first, last) = (fy.parse::<i32>().unwrap(), fy.parse::<i32>().unwrap() + 1);
        assert_eq!(&rec[0], format!("{first}-04-01"));
        assert_eq!(&rec[1], format!("{last}-03-31"));
        let (section, code) = (rec[2].to_string(), rec[3].to_string());
        if code == "total" {
            if section != "detentions" {
                // Totals add up.
                assert_eq!(
                    sums.get(&section).copied().unwrap_or_default(),
                    (s136, s135, total),
                    "{section}"
                );
            }
        } else {
            let e = sums.entry(section.clone()).or_default();
            *e = (e.0 + s136, e.1 + s135, e.2 + total);
        }
        assert!(out.insert((section, code), (s136, s135, total)).is_none());
    }
    // Every section but the police-vehicle reason counts every detention.
    let all = out[&("detentions".to_string(), "total".to_string())];
    for section in [
        "age_band",
        "sex",
        "ethnicity",
        "first_place_of_safety",
        "transport",
        "outcome",
    ] {
        assert_eq!(
            out[&(section.to_string(), "total".to_string())],
            all,
            "{section}"
        );
    }
    out
}

fn get(c: &Counts, section: &str, code: &str) -> (i64, i64, i64) {
    *c.get(&(section.to_string(), code.to_string()))
        .unwrap_or_else(|| panic!("no row {section}/{code}"))
}

async fn counts_match_the_hand_count(app: TestApp) {
    seed(&app).await;
    let c = csv_counts(&app, "manager_wmp", "2025").await;
    // A, C, H under s136; E under s135.
    assert_eq!(get(&c, "detentions", "total"), (3, 1, 4));
    assert_eq!(get(&c, "age_band", "under_18"), (1, 0, 1));
    assert_eq!(get(&c, "age_band", "25_34"), (1, 0, 1));
    assert_eq!(get(&c, "age_band", "65_plus"), (0, 0, 0));
    assert_eq!(get(&c, "age_band", "not_recorded"), (1, 1, 2));
    assert_eq!(get(&c, "sex", "female"), (1, 0, 1));
    assert_eq!(get(&c, "sex", "male"), (1, 0, 1));
    assert_eq!(get(&c, "sex", "not_recorded"), (1, 1, 2));
    assert_eq!(get(&c, "ethnicity", "white_british"), (1, 0, 1));
    assert_eq!(get(&c, "ethnicity", "not_recorded"), (2, 1, 3));
    assert_eq!(
        get(&c, "first_place_of_safety", "mental_health_unit"),
        (1, 1, 2)
    );
    assert_eq!(
        get(&c, "first_place_of_safety", "emergency_department"),
        (2, 0, 2)
    );
    assert_eq!(
        get(&c, "first_place_of_safety", "police_station"),
        (0, 0, 0)
    );
    assert_eq!(get(&c, "first_place_of_safety", "not_recorded"), (0, 0, 0));
    assert_eq!(get(&c, "transport", "ambulance"), (1, 0, 1));
    assert_eq!(get(&c, "transport", "police_vehicle"), (1, 0, 1));
    assert_eq!(get(&c, "transport", "not_recorded"), (1, 1, 2));
    assert_eq!(
        get(&c, "police_vehicle_reason", "ambulance_unavailable"),
        (1, 0, 1)
    );
    assert_eq!(get(&c, "police_vehicle_reason", "not_recorded"), (0, 0, 0));
    assert_eq!(get(&c, "police_vehicle_reason", "total"), (1, 0, 1));
    assert_eq!(get(&c, "outcome", "admitted_informally"), (1, 0, 1));
    assert_eq!(get(&c, "outcome", "not_recorded"), (2, 1, 3));
    // The page shows the same figures.
    let s = app.login("manager_wmp").await;
    let page = app.get(&s, "/reports/home-office?fy=2025").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Financial year 2025/26: 1 April 2025 to 31 March 2026");
    page.assert_contains("Under 18");
    page.assert_contains("Health-based place of safety");
    page.assert_contains("<strong>Not recorded</strong>");
    // The CSV link carries the page's language.
    page.assert_contains("href=\"/reports/home-office.csv?fy=2025&amp;lang=en\"");
    let r = app.get(&s, "/reports/home-office.csv?fy=2025").await;
    assert!(
        r.headers
            .get("content-disposition")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("s136-home-office-return-2025-04-01-to-2026-03-31.csv")
    );
    assert!(
        r.headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    // Linked from the breach report.
    app.get(&s, "/reports")
        .await
        .assert_contains("href=\"/reports/home-office\"");
}

async fn the_year_follows_uk_days(app: TestApp) {
    seed(&app).await;
    // B arrived at 23:30 BST on 31 March 2025: 2024/25.
    let c = csv_counts(&app, "manager_wmp", "2024").await;
    assert_eq!(get(&c, "detentions", "total"), (1, 0, 1));
    assert_eq!(get(&c, "sex", "male"), (1, 0, 1));
    // D arrived at 23:30 UTC on 31 March 2026, 00:30 BST on 1 April: 2026/27.
    let c = csv_counts(&app, "manager_wmp", "2026").await;
    assert_eq!(get(&c, "detentions", "total"), (1, 0, 1));
    assert_eq!(get(&c, "sex", "male"), (1, 0, 1));
    let c = csv_counts(&app, "manager_wmp", "2023").await;
    assert_eq!(get(&c, "detentions", "total"), (0, 0, 0));
}

async fn each_reader_counts_only_their_scope(app: TestApp) {
    seed(&app).await;
    // Everyone: the WMP four and G.
    for who in ["manager_all", "admin"] {
        let c = csv_counts(&app, who, "2025").await;
        assert_eq!(get(&c, "detentions", "total"), (4, 1, 5), "{who}");
        assert_eq!(get(&c, "sex", "male"), (2, 0, 2), "{who}");
        assert_eq!(get(&c, "transport", "police_vehicle"), (2, 0, 2), "{who}");
        assert_eq!(
            get(&c, "police_vehicle_reason", "not_recorded"),
            (1, 0, 1),
            "{who}"
        );
        assert_eq!(
            get(&c, "first_place_of_safety", "mental_health_unit"),
            (2, 1, 3),
            "{who}"
        );
    }
    // The other force's manager sees only G, none of West Midlands' cases.
    let c = csv_counts(&app, "manager_wyp", "2025").await;
    assert_eq!(get(&c, "detentions", "total"), (1, 0, 1));
    assert_eq!(get(&c, "sex", "male"), (1, 0, 1));
    assert_eq!(get(&c, "age_band", "under_18"), (0, 0, 0));
    assert_eq!(
        get(&c, "first_place_of_safety", "emergency_department"),
        (0, 0, 0)
    );
    // A site manager: the detentions that passed through the site (G at MOOR).
    let c = csv_counts(&app, "manager_moor", "2025").await;
    assert_eq!(get(&c, "detentions", "total"), (1, 0, 1));
    let s = app.login("manager_wyp").await;
    let page = app.get(&s, "/reports/home-office?fy=2025").await;
    assert_eq!(page.status, StatusCode::OK);
}

async fn the_page_is_for_managers_and_refuses_bad_years(app: TestApp) {
    seed(&app).await;
    for who in ["officer", "nurse"] {
        let s = app.login(who).await;
        assert_eq!(
            app.get(&s, "/reports/home-office").await.status,
            StatusCode::FORBIDDEN,
            "{who}"
        );
        assert_eq!(
            app.get(&s, "/reports/home-office.csv?fy=2025").await.status,
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    let s = app.login("manager_wmp").await;
    // No year: the current one (the test clock is 20 November 2026).
    let page = app.get(&s, "/reports/home-office").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Financial year 2026/27");
    page.assert_contains("<option value=\"2013\"");
    assert!(!page.body.contains("<option value=\"2027\""));
    for bad in ["2027", "1999", "abc", "2025%27", "-1"] {
        let r = app.get(&s, &format!("/reports/home-office?fy={bad}")).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        r.assert_contains("Choose a financial year from 2013/14 to 2026/27");
        r.assert_contains("href=\"#fy\"");
        let r = app
            .get(&s, &format!("/reports/home-office.csv?fy={bad}"))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
    }
}
