//! Breach reports against a small dataset whose figures are worked out by hand
//! below, on both backends: headline, bands, percentiles, lost hours, the
//! previous period, a stay across the October clock change, scoping, bad input,
//! drill-down links and the CSV exports.

use actix_web::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use crate::both_backends;
use crate::common::{TestApp, actor, at, cell_after};
use s136::domain::admin::{self, By};
use s136::domain::auth::Scope;
use s136::domain::episodes::{ArrivalInput, HandoverInput, cancel, confirm_handover, log_arrival};
use s136::domain::reports::{self, ReportQuery};

both_backends!(
    headline_figures_match_the_hand_count,
    the_page_shows_the_summary_and_links_to_the_cases,
    scope_limits_what_a_manager_sees,
    bad_filters_are_refused_clearly,
    csv_exports_round_trip,
    presets_and_breached_only,
    older_stays_get_their_uk_day_at_start_up,
    welsh_csvs_change_the_words_not_the_figures,
    the_page_reads_in_welsh,
);

/// One stay: (officer, site, health user, arrival, minutes to handover or
/// None for open, officers, delay reason, cancelled).
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<i64>,
    i64,
    Option<&'static str>,
    bool,
);

/// The window is 25 Oct to 20 Nov 2026 (UK days). Times to handover, sorted:
/// D 10, A 20, I 45, B 60 (exactly: not a breach), C 90, F 120, E 300 minutes.
/// n = 7: median is the 4th (60), p90 the ceil(6.3) = 7th (300).
/// Breaches C, E, F: 3 of 7. Lost officer hours: C 0.5h×2 + E 4h×2 + F 1h×2 = 11.
/// F arrives at 00:45 BST on Sunday 25 Oct (23:45 UTC on the 24th) and is
/// handed over at 01:45 GMT: 2 hours, not 1, and on the 25th, not the 24th.
/// P (30 minutes, 24 Oct) is only in the previous period (28 Sep to 24 Oct).
const CASES: &[Case] = &[
    (
        "officer",
        "OAK",
        "nurse",
        "2026-11-02T10:00:00Z",
        Some(20),
        2,
        None,
        false,
    ), // A
    (
        "officer",
        "OAK",
        "nurse",
        "2026-11-03T14:00:00Z",
        Some(60),
        3,
        None,
        false,
    ), // B
    (
        "officer",
        "OAK",
        "nurse",
        "2026-11-04T02:00:00Z",
        Some(90),
        2,
        Some("insufficient_staff"),
        false,
    ), // C
    (
        "officer",
        "CITYED",
        "nurse_city",
        "2026-11-05T20:00:00Z",
        Some(10),
        1,
        None,
        false,
    ), // D
    (
        "officer",
        "CITYED",
        "nurse_city",
        "2026-11-06T09:00:00Z",
        Some(300),
        2,
        Some("awaiting_medical_clearance"),
        false,
    ), // E
    (
        "officer",
        "OAK",
        "nurse",
        "2026-10-24T23:45:00Z",
        Some(120),
        2,
        Some("other"),
        false,
    ), // F
    (
        "officer",
        "OAK",
        "nurse",
        "2026-11-07T12:00:00Z",
        None,
        2,
        None,
        true,
    ), // G cancelled
    (
        "officer",
        "CITYED",
        "nurse_city",
        "2026-11-20T11:30:00Z",
        None,
        2,
        None,
        false,
    ), // H open
    (
        "officer_b",
        "MOOR",
        "nurse_b",
        "2026-11-08T12:00:00Z",
        Some(45),
        2,
        None,
        false,
    ), // I (WYP)
    (
        "officer",
        "OAK",
        "nurse",
        "2026-10-24T22:30:00Z",
        Some(30),
        2,
        None,
        false,
    ), // P
];

async fn seed(app: &TestApp) {
    app.db(|c| {
        // nurse_city (health, CITYED) comes from the common seed.
        for (officer, site, health, arrived, minutes, officers, reason, cancelled) in CASES {
            let arrived: DateTime<Utc> = at(arrived);
            let officer = actor(c, officer);
            let logged = log_arrival(
                c,
                &officer,
                &ArrivalInput {
                    site_code: Some(site.to_string()),
                    officers: Some(*officers),
                    ..Default::default()
                },
                arrived,
            )
            .unwrap();
            if *cancelled {
                cancel(
                    c,
                    &officer,
                    &logged.reference,
                    Some("logged twice"),
                    arrived + Duration::minutes(5),
                )
                .unwrap();
            }
            if let Some(m) = minutes {
                let health = actor(c, health);
                confirm_handover(
                    c,
                    &health,
                    &logged.reference,
                    &HandoverInput {
                        delay_reason: reason.map(str::to_string),
                        delay_note: (*reason == Some("other")).then(|| "bed search".to_string()),
                        ..Default::default()
                    },
                    arrived + Duration::minutes(*m),
                )
                .unwrap();
            }
        }
    })
    .await;
}

fn window() -> ReportQuery {
    ReportQuery {
        from: "2026-10-25".into(),
        to: "2026-11-20".into(),
        ..Default::default()
    }
}

async fn summary_json(app: &TestApp, scope: Scope, q: ReportQuery) -> serde_json::Value {
    app.db(move |c| {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let f = reports::parse_filter(c, scope, &q, today).unwrap();
        serde_json::to_value(reports::summary(c, scope, &f).unwrap()).unwrap()
    })
    .await
}

async fn headline_figures_match_the_hand_count(app: TestApp) {
    seed(&app).await;
    let s = summary_json(&app, Scope::All, window()).await;
    assert_eq!(
        s,
        json!({
            // G, cancelled as logged in error, was never a detention.
            "episodes": 8,
            "handed_over": 7,
            "open": 1,
            "cancelled": 1,
            "breaches": 3,
            "breaches_agreed": 0,
            "breach_rate": 0.4286,
            "median_minutes": 60.0,
            "p90_minutes": 300.0,
            "max_minutes": 300.0,
            "lost_officer_hours": 11.0,
            // A 20×2 + B 60×3 + C 90×2 + D 10×1 + E 300×2 + F 120×2 + I 45×2
            // = 1340 officer minutes from arrival.
            "officer_hours_from_arrival": 22.33,
            // H, at City ED, is still waiting.
            "waiting_now": 1,
            // No pre-alerts among the 8 arrivals.
            "prealerted": 0,
            "prealert_share": 0.0,
            "prealert_median_minutes": null,
            // No escalation scheduler ran for these backdated stays: none
            // of the 3 breaches was escalated at 45 minutes.
            "breaches_escalated_45": 0,
            "escalated_45_share": 0.0,
            "bands": {
                "up_to_15": 1, "15_to_30": 1, "30_to_45": 1, "45_to_60": 1,
                "60_to_120": 2, "120_to_240": 0, "240_to_480": 1, "over_480": 0
            },
            "by_site": [
                {"code": "OAK", "name": "Oakwood 136 suite", "kind": "mental_health_unit",
                 "episodes": 4, "handed_over": 4, "open": 0, "cancelled": 1, "breaches": 2,
                 "breaches_agreed": 0, "breach_rate": 0.5, "lost_officer_hours": 3.0},
                {"code": "CITYED", "name": "City emergency department", "kind": "emergency_department",
                 "episodes": 3, "handed_over": 2, "open": 1, "cancelled": 0, "breaches": 1,
                 "breaches_agreed": 0, "breach_rate": 0.5, "lost_officer_hours": 8.0},
                {"code": "MOOR", "name": "Moorside 136 suite", "kind": "mental_health_unit",
                 "episodes": 1, "handed_over": 1, "open": 0, "cancelled": 0, "breaches": 0,
                 "breaches_agreed": 0, "breach_rate": 0.0, "lost_officer_hours": 0.0}
            ]
        })
    );
    // The day before the clock change holds only P; F belongs to the 25th.
    let prev = summary_json(
        &app,
        Scope::All,
        ReportQuery {
            from: "2026-10-24".into(),
            to: "2026-10-24".into(),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(prev["handed_over"], 1);
    assert_eq!(prev["median_minutes"], 30.0);
    // A site filter narrows every figure; an empty window has no percentiles.
    let oak = summary_json(
        &app,
        Scope::All,
        ReportQuery {
            site: "oak".into(),
            ..window()
        },
    )
    .await;
    // A 20, B 60, C 90, F 120: the 2nd of 4.
    assert_eq!(
        (oak["handed_over"].as_i64(), oak["median_minutes"].as_f64()),
        (Some(4), Some(60.0))
    );
    let kind = summary_json(
        &app,
        Scope::All,
        ReportQuery {
            kind: "emergency_department".into(),
            ..window()
        },
    )
    .await;
    assert_eq!(
        (kind["episodes"].as_i64(), kind["breaches"].as_i64()),
        (Some(3), Some(1))
    );
    let empty = summary_json(
        &app,
        Scope::All,
        ReportQuery {
            from: "2025-01-01".into(),
            to: "2025-01-31".into(),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(empty["breach_rate"], serde_json::Value::Null);
    assert_eq!(empty["median_minutes"], serde_json::Value::Null);
    assert_eq!(empty["by_site"], json!([]));
}

async fn the_page_shows_the_summary_and_links_to_the_cases(app: TestApp) {
    seed(&app).await;
    let s = app.login("manager_all").await;
    let page = app.get(&s, "/reports?from=2026-10-25&to=2026-11-20").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.assert_contains("25 October 2026 to 20 November 2026");
    page.assert_contains("Each change is against the 28 September 2026 to 24 October 2026");
    // Headline cells: this period, then previous (P only), then the change.
    let cell = |label| cell_after(&page.body, label).to_string();
    assert!(cell("Detentions (first place of safety, not cancelled)").contains(">8</a>"));
    assert!(cell("Breach rate (of stays handed over)").contains("42.86%"));
    assert!(cell("Median minutes to handover").contains(">60</td>"));
    assert!(cell("90th percentile minutes").contains(">300</td>"));
    assert!(cell("Lost officer hours beyond the 60-minute target").contains(">11</td>"));
    assert!(cell("Breaches with a recorded reason").contains("100%</td>"));
    // The previous period's counts link to that period's cases.
    assert!(
        cell_after(
            &page.body,
            "Detentions (first place of safety, not cancelled)"
        )
        .contains("href=\"/cases?from=2026-10-25")
    );
    page.assert_contains("href=\"/cases?from=2026-09-28&#38;to=2026-10-24\">1</a>");
    // P alone in the previous period: no breaches, so the rate rose 42.86 points.
    page.assert_contains("+42.86 points");
    // Charts: inline SVG with a text alternative, and no inline styles.
    page.assert_contains(
        "role=\"img\" aria-labelledby=\"chart-histogram-title chart-histogram-desc\"",
    );
    page.assert_contains("7 stays handed over; 3 (42.86%) were breaches");
    assert!(
        !page.body.contains("style=\""),
        "the CSP forbids inline styles"
    );
    // Drill-down: the breaches at Oakwood are the two cases the list shows.
    let link = "/cases?from=2026-10-25&#38;to=2026-11-20&#38;status=handed_over&#38;breached=1&#38;site=OAK";
    page.assert_contains(link);
    let cases = app.get(&s, &link.replace("&#38;", "&")).await;
    assert_eq!(cases.status, StatusCode::OK, "{}", cases.body);
    cases.assert_contains("<strong>2</strong> stays match");
    // Band and hour drill-downs agree with their counts too.
    let band = app
        .get(
            &s,
            "/cases?from=2026-10-25&to=2026-11-20&status=handed_over&band=60_to_120",
        )
        .await;
    band.assert_contains("<strong>2</strong> stays match");
    let midnight = app
        .get(
            &s,
            "/cases?from=2026-10-25&to=2026-11-20&status=not_cancelled&hour=0&dow=7",
        )
        .await;
    midnight.assert_contains("<strong>1</strong> stay matches");
    let reasons = app
        .get(
            &s,
            "/cases?from=2026-10-25&to=2026-11-20&status=handed_over&breached=1&reason=none",
        )
        .await;
    reasons.assert_contains("<strong>0</strong> stays match");
    let bad = app.get(&s, "/cases?band=forever").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn scope_limits_what_a_manager_sees(app: TestApp) {
    seed(&app).await;
    // The WMP manager's figures leave out Moorside's WYP stay.
    let wmp = summary_json(&app, Scope::Force(1), window()).await;
    assert_eq!(wmp["handed_over"], 6);
    assert_eq!(wmp["median_minutes"], 60.0);
    assert!(!wmp.to_string().contains("MOOR"));
    let s = app.login("manager_wmp").await;
    let page = app.get(&s, "/reports?from=2026-10-25&to=2026-11-20").await;
    assert_eq!(page.status, StatusCode::OK);
    // Moorside is in the place-of-safety list to choose from, but has no row.
    assert!(
        !page.body.contains("Moorside 136 suite<span") && !page.body.contains("(MOOR)"),
        "no figures for another force's stays"
    );
    assert!(
        !page.body.contains("West Yorkshire"),
        "nor any sight of the other force"
    );
    // Asking for the other force by name is refused, not answered with its figures.
    for path in [
        "/reports?from=2026-10-25&to=2026-11-20&force=WYP",
        "/reports/cases.csv?from=2026-10-25&to=2026-11-20&force=WYP",
        "/reports/sites.csv?force=WYP",
    ] {
        let r = app.get(&s, path).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert!(
            !r.body.contains("Moorside 136 suite</th>") && !r.body.contains("MOOR,"),
            "{path}"
        );
    }
    let r = app.get(&s, "/reports?force=WYP").await;
    r.assert_contains("Your account can only see reports for its own police force");
    // A site manager sees only their site, whichever force brought people.
    let moor = app.login("manager_moor").await;
    let csv = app
        .get(&moor, "/reports/cases.csv?from=2026-10-25&to=2026-11-20")
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(
        csv.body.lines().count(),
        2,
        "header and Moorside's one stay"
    );
    assert!(csv.body.contains("MOOR") && !csv.body.contains("OAK"));
    // Officers and health staff have no reports.
    for user in ["officer", "nurse"] {
        let s = app.login(user).await;
        assert_eq!(
            app.get(&s, "/reports").await.status,
            StatusCode::FORBIDDEN,
            "{user}"
        );
        assert_eq!(
            app.get(&s, "/reports/cases.csv").await.status,
            StatusCode::FORBIDDEN,
            "{user}"
        );
    }
}

async fn bad_filters_are_refused_clearly(app: TestApp) {
    seed(&app).await;
    let before = app.counts().await;
    let s = app.login("manager_all").await;
    for (query, message) in [
        ("from=2026-13-01&to=2026-11-20", "Enter a real date"),
        (
            "from=2026-11-20&to=2026-11-01",
            "same as or after the first day",
        ),
        ("period=fortnight", "Choose a period from the list"),
        ("period=custom", "Enter the first day of the report"),
        ("from=1066-10-14&to=2026-11-20", "Enter a date after 1900"),
        ("site=NOWHERE", "Choose a place of safety from the list"),
        ("force=XX", "Choose a police force from the list"),
        ("kind=hospital", "Choose a kind of place of safety"),
        ("breached=maybe", "Tick the box or leave it empty"),
    ] {
        let r = app.get(&s, &format!("/reports?{query}")).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        r.assert_contains(message);
        r.assert_contains("There is a problem");
        let csv = app.get(&s, &format!("/reports/cases.csv?{query}")).await;
        assert_eq!(csv.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
    }
    let r = app.get(&s, "/reports?from=%FF%FE").await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert_eq!(
        app.get(&s, "/reports/secrets.csv").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.counts().await, before, "reports change nothing");
}

async fn csv_exports_round_trip(app: TestApp) {
    seed(&app).await;
    // A site whose name a spreadsheet would run as a formula.
    app.db(|c| {
        admin::add_site(
            c,
            &By::Cli,
            "EVIL",
            "=HYPERLINK(\"http://x\",\"y\")",
            "other",
            "-Trust",
            at("2026-09-01T00:00:00Z"),
        )
        .unwrap();
        let o = actor(c, "officer");
        log_arrival(
            c,
            &o,
            &ArrivalInput {
                site_code: Some("EVIL".into()),
                ..Default::default()
            },
            at("2026-11-10T08:00:00Z"),
        )
        .unwrap();
    })
    .await;
    let s = app.login("manager_all").await;
    let r = app
        .get(&s, "/reports/cases.csv?from=2026-10-25&to=2026-11-20")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        r.headers
            .get("content-disposition")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("s136-cases-2026-10-25-to-2026-11-20.csv")
    );
    let body = r
        .body
        .strip_prefix('\u{feff}')
        .expect("UTF-8 byte-order mark first");
    let mut rd = csv::Reader::from_reader(body.as_bytes());
    let headers: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(headers, s136::web::reports::export::CASE_COLUMNS);
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.len(),
        10,
        "9 seeded stays in the window plus the EVIL one; P is outside"
    );
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    // In arrival order: F (the clock-change stay) first.
    let f = &rows[0];
    assert_eq!(&f[col("arrived_utc")], "2026-10-24T23:45:00Z");
    assert_eq!(&f[col("arrived_uk")], "2026-10-25T00:45:00+01:00");
    assert_eq!(&f[col("handed_over_uk")], "2026-10-25T01:45:00+00:00");
    assert_eq!(&f[col("seconds_to_handover")], "7200");
    assert_eq!(&f[col("minutes_to_handover")], "120");
    assert_eq!(&f[col("breached")], "true");
    assert_eq!(&f[col("delay_reason")], "other");
    assert_eq!(&f[col("cancelled")], "false");
    assert!(f[col("reference")].starts_with("S136-2026-"));
    let evil = rows.iter().find(|r| &r[col("site")] == "EVIL").unwrap();
    assert_eq!(&evil[col("site_name")], "'=HYPERLINK(\"http://x\",\"y\")");
    // Defect 6: an open stay past the target is a breach already (the
    // board's rule), not an empty cell; see records::open_stays_past_the_target_are_breaches_in_the_csv.
    assert_eq!(
        &evil[col("breached")],
        "true",
        "open since 20 Nov, now past the hour"
    );
    assert_eq!(
        rows.iter()
            .filter(|r| &r[col("cancelled")] == "true")
            .count(),
        1
    );
    // No notes or names leave the building.
    assert!(!r.body.contains("bed search") && !r.body.contains("Alex Morgan"));

    // A breakdown table: the same numbers as the page, unformatted.
    let t = app
        .get(&s, "/reports/sites.csv?from=2026-10-25&to=2026-11-20")
        .await;
    assert_eq!(t.status, StatusCode::OK);
    let body = t.body.strip_prefix('\u{feff}').unwrap();
    let mut rd = csv::Reader::from_reader(body.as_bytes());
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][0], "Oakwood 136 suite");
    assert_eq!(&rows[0][3], "4", "detentions (G, cancelled, is not one)");
    assert_eq!(&rows[0][8], "0.5", "breach rate as a fraction");
    let evil = rows.iter().find(|r| &r[1] == "EVIL").unwrap();
    assert!(evil[0].starts_with("'="));
    for name in s136::web::reports::TABLES {
        let r = app
            .get(&s, &format!("/reports/{name}.csv?period=all"))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{name}");
        assert!(r.body.starts_with('\u{feff}'), "{name}");
    }
}

async fn presets_and_breached_only(app: TestApp) {
    seed(&app).await;
    let s = app.login("manager_all").await;
    // t0 is Friday 20 November 2026: last 30 days is 22 Oct to 20 Nov.
    let r = app.get(&s, "/reports").await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("22 October 2026 to 20 November 2026");
    let r = app.get(&s, "/reports?period=last_month").await;
    r.assert_contains("1 October 2026 to 31 October 2026");
    let r = app.get(&s, "/reports?period=this_fy").await;
    r.assert_contains("1 April 2026 to 20 November 2026");
    let r = app.get(&s, "/reports?period=all").await;
    r.assert_contains("24 October 2026 to 20 November 2026");
    r.assert_contains("All time, so there is no earlier period to compare");
    let only = summary_json(
        &app,
        Scope::All,
        ReportQuery {
            breached: "1".into(),
            ..window()
        },
    )
    .await;
    assert_eq!(only["breaches"], 3);
    assert_eq!(only["handed_over"], 3);
    assert_eq!(only["episodes"], 3);
    assert_eq!(only["median_minutes"], 120.0);
    let page = app
        .get(&s, "/reports?from=2026-10-25&to=2026-11-20&breached=1")
        .await;
    page.assert_contains("breaches only");
    page.assert_contains(
        "/cases?from=2026-10-25&#38;to=2026-11-20&#38;status=handed_over&#38;breached=1",
    );
}

async fn older_stays_get_their_uk_day_at_start_up(app: TestApp) {
    seed(&app).await;
    // As if written before the report columns existed.
    let filled = app
        .db(|c| {
            use diesel::prelude::*;
            use s136::schema::stays::dsl::*;
            diesel::update(stays)
                .set((
                    arrived_local_date.eq(None::<chrono::NaiveDate>),
                    arrived_local_hour.eq(None::<i16>),
                    arrived_local_dow.eq(None::<i16>),
                ))
                .execute(c)
                .unwrap();
            s136::db::run_migrations(c).unwrap();
            stays
                .filter(arrived_at.eq(at("2026-10-24T23:45:00Z").naive_utc()))
                .select((arrived_local_date, arrived_local_hour, arrived_local_dow))
                .first::<(Option<chrono::NaiveDate>, Option<i16>, Option<i16>)>(c)
                .unwrap()
        })
        .await;
    assert_eq!(
        filled,
        (
            chrono::NaiveDate::from_ymd_opt(2026, 10, 25),
            Some(0),
            Some(7)
        ),
        "00:45 BST on Sunday 25 October"
    );
    let s = summary_json(&app, Scope::All, window()).await;
    assert_eq!(
        (s["episodes"].as_i64(), s["breaches"].as_i64()),
        (Some(8), Some(3))
    );
}
fn records(body: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let body = body.strip_prefix('\u{feff}').expect("byte-order mark");
    let mut rd = csv::Reader::from_reader(body.as_bytes());
    let headers = rd.headers().unwrap().iter().map(str::to_string).collect();
    let rows = rd
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (headers, rows)
}

/// Welsh CSVs (the reader's language, or ?lang=cy) have Welsh headers and
/// Welsh label cells; every code, reference, time and number is the same,
/// and ?lang=en gives a Welsh reader today's English file byte for byte.
async fn welsh_csvs_change_the_words_not_the_figures(app: TestApp) {
    seed(&app).await;
    let s = app.login("manager_all").await;
    let window = "from=2026-10-25&to=2026-11-20";
    // (path, label columns, a Welsh header, a Welsh label)
    let files: [(String, &[usize], &str, Option<&str>); 4] = [
        (
            format!("/reports/cases.csv?{window}"),
            &[],
            "cyfeirnod",
            None,
        ),
        (
            "/reports/home-office.csv?fy=2026".to_string(),
            &[4],
            "categori",
            Some("Cyfanswm"),
        ),
        (
            format!("/reports/headline.csv?{window}"),
            &[0],
            "ffigur",
            Some("Arosiadau wedi'u trosglwyddo"),
        ),
        (
            format!("/reports/bands.csv?{window}"),
            &[0],
            "trosglwyddiadau",
            Some("15 munud neu lai"),
        ),
    ];
    for (path, labels, welsh_header, welsh_label) in files {
        let en = app.get(&s, &path).await;
        assert_eq!(en.status, StatusCode::OK, "{path}");
        let en_asked = app.get_in(&s, &format!("{path}&lang=en"), "cy").await;
        assert_eq!(
            en_asked.body, en.body,
            "{path}: ?lang=en is today's English"
        );
        let by_browser = app.get_in(&s, &path, "cy").await;
        let by_param = app.get(&s, &format!("{path}&lang=cy")).await;
        assert_eq!(by_browser.status, StatusCode::OK, "{path}");
        assert_eq!(by_browser.body, by_param.body, "{path}");
        let (eh, erows) = records(&en.body);
        let (ch, crows) = records(&by_browser.body);
        assert_ne!(eh, ch, "{path}: headers in Welsh");
        assert_eq!(eh.len(), ch.len(), "{path}");
        assert!(ch.iter().any(|h| h == welsh_header), "{path}: {ch:?}");
        assert_eq!(erows.len(), crows.len(), "{path}: the same rows");
        assert!(!erows.is_empty(), "{path}");
        for (e, c) in erows.iter().zip(&crows) {
            assert_eq!(e.len(), c.len(), "{path}");
            for (i, (ev, cv)) in e.iter().zip(c).enumerate() {
                if !labels.contains(&i) {
                    assert_eq!(ev, cv, "{path}: column {} is not a label", eh[i]);
                }
            }
        }
        if let Some(label) = welsh_label {
            assert!(
                crows.iter().any(|r| r.iter().any(|c| c == label)),
                "{path}: {crows:?}"
            );
            assert!(!by_browser.body.contains("report-"), "{path}: no bare keys");
        }
    }
    let missed: Vec<String> = s136::i18n::misses()
        .into_iter()
        .filter(|k| k.starts_with("report-"))
        .collect();
    assert!(missed.is_empty(), "{missed:?}");
}

/// With a Welsh browser the report reads in Welsh: headings, the chart
/// titles inside the SVGs, table captions and the CSV links' language.
async fn the_page_reads_in_welsh(app: TestApp) {
    seed(&app).await;
    let s = app.login("manager_all").await;
    let r = app
        .get_in(&s, "/reports?from=2026-10-25&to=2026-11-20", "cy")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("lang=\"cy\"");
    r.assert_contains(">Prif ffigurau</h2>");
    r.assert_contains("25 Hydref 2026 i 20 Tachwedd 2026 (amser y DU)");
    r.assert_contains(
        "<title id=\"chart-histogram-title\">Amser tan drosglwyddo: faint o arosiadau a arhosodd am faint o amser</title>",
    );
    r.assert_contains(
        "<title id=\"chart-rate-title\">Cyfradd torri'r targed fesul wythnos</title>",
    );
    r.assert_contains("Amser tan drosglwyddo (oriau)");
    r.assert_contains("Fesul man diogel</caption>");
    r.assert_contains("lang=cy");
    assert!(!r.body.contains("Headline figures") && !r.body.contains(">report-"));
    let ho = app.get_in(&s, "/reports/home-office?fy=2026", "cy").await;
    assert_eq!(ho.status, StatusCode::OK);
    ho.assert_contains("Ffurflen y Swyddfa Gartref");
    ho.assert_contains("Blwyddyn ariannol 2026/27: 1 Ebrill 2026 i 31 Mawrth 2027");
    ho.assert_contains("<strong>Heb ei gofnodi</strong>");
    ho.assert_contains("fy=2026&amp;lang=cy");
    assert!(!ho.body.contains(">report-"));
    // A filter error, in Welsh.
    let bad = app.get_in(&s, "/reports?period=someday", "cy").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Dewiswch gyfnod o&#39;r rhestr");
}
