//! #17, reports and records that stand up in a meeting and on paper: one test
//! per defect found in the report, the case page and the admin forms, the
//! one-page handover record, the dashboard against the summary API and the
//! richer cases CSV. Both backends.

use actix_web::http::StatusCode;
use chrono::{DateTime, Duration, Utc};

use crate::both_backends;
use crate::common::{TestApp, actor, at, csv_rows, t0};
use s136::domain::admin::{self, By};
use s136::domain::episodes::{
    ArrivalInput, EndInput, HandoverInput, StayRequestInput, TransferInput, answer_stay_request,
    ask_police_to_stay, cancel, confirm_handover, log_arrival, record_end, record_handover_offered,
    record_police_left, record_transfer,
};

both_backends!(
    detentions_leave_out_cases_logged_in_error_like_the_home_office_return,
    the_breach_rate_axis_stops_at_100_percent,
    the_places_table_fits_its_box,
    part_weeks_are_labelled_and_left_out_of_the_charts,
    chart_words_read_well_and_long_names_are_whole,
    open_stays_past_the_target_are_breaches_in_the_csv,
    the_cases_csv_has_the_handover_in_full,
    a_handed_over_case_offers_the_case_not_the_form,
    the_record_holds_the_handover_and_no_buttons,
    the_dashboard_figures_are_the_summary_api,
    lost_officer_hours_say_what_they_count,
    the_case_page_links_the_record_and_prints_without_buttons,
    the_home_office_csv_carries_the_new_categories_and_adds_up,
    the_categories_migration_keeps_every_stored_code,
);

/// Arrives at `site` at `arrived`; hands over after `minutes` (None: open).
async fn stay(
    app: &TestApp,
    site: &'static str,
    arrived: DateTime<Utc>,
    minutes: Option<i64>,
) -> String {
    app.db(move |c| {
        let officer = actor(c, "officer");
        let logged = log_arrival(
            c,
            &officer,
            &ArrivalInput {
                site_code: Some(site.to_string()),
                officers: Some(2),
                ..Default::default()
            },
            arrived,
        )
        .unwrap();
        if let Some(m) = minutes {
            let health = actor(c, if site == "OAK" { "nurse" } else { "nurse_city" });
            confirm_handover(
                c,
                &health,
                &logged.reference,
                &HandoverInput {
                    delay_reason: (m > 60).then(|| "insufficient_staff".to_string()),
                    accepted_by_name: Some("Jo Bloggs".into()),
                    accepted_by_role: Some("charge nurse".into()),
                    ..Default::default()
                },
                arrived + Duration::minutes(m),
            )
            .unwrap();
        }
        logged.reference
    })
    .await
}

/// The text of every `<text>` element in the SVG with `id` on the page.
fn chart_texts(body: &str, id: &str) -> Vec<String> {
    let start = body
        .find(&format!("aria-labelledby=\"{id}-title"))
        .unwrap_or_else(|| panic!("{id} not on the page"));
    let svg = &body[start..start + body[start..].find("</svg>").unwrap()];
    svg.split("<text")
        .skip(1)
        .filter_map(|t| t.split_once('>').and_then(|(_, r)| r.split_once("</text>")))
        .map(|(t, _)| t.trim().to_string())
        .collect()
}

async fn detentions_leave_out_cases_logged_in_error_like_the_home_office_return(app: TestApp) {
    // Three detentions in 2026/27 and one case logged in error.
    for h in [1, 2, 3] {
        stay(
            &app,
            "OAK",
            at("2026-06-01T10:00:00Z") + Duration::hours(h),
            Some(30),
        )
        .await;
    }
    let wrong = stay(&app, "OAK", at("2026-06-02T10:00:00Z"), None).await;
    app.db(move |c| {
        let o = actor(c, "officer");
        cancel(
            c,
            &o,
            &wrong,
            Some("logged twice"),
            at("2026-06-02T10:05:00Z"),
        )
        .unwrap();
    })
    .await;
    let s = app.login("manager_all").await;
    let page = app.get(&s, "/reports?from=2026-04-01&to=2027-03-31").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let cell = |label| crate::common::cell_after(&page.body, label).to_string();
    assert!(
        cell("Detentions (first place of safety, not cancelled)").contains(">3</a>"),
        "was 4: the cancelled case counted as a detention"
    );
    assert!(cell("Logged in error (cancelled: not detentions").contains(">1</a>"));
    let ho = app.get(&s, "/reports/home-office?fy=2026").await;
    assert_eq!(ho.status, StatusCode::OK, "{}", ho.body);
    let detentions = app
        .db(|c| {
            let m = actor(c, "manager_all");
            s136::domain::home_office::build(c, &m, 2026)
                .unwrap()
                .detentions
                .total()
        })
        .await;
    assert_eq!(detentions, 3, "the report and the return agree");
}

async fn the_breach_rate_axis_stops_at_100_percent(app: TestApp) {
    // Every handover in the last 30 days a breach: the rate is 100%.
    stay(&app, "OAK", t0() - Duration::days(3), Some(90)).await;
    stay(&app, "OAK", t0() - Duration::days(10), Some(75)).await;
    let s = app.login("manager_wmp").await;
    let page = app.get(&s, "/reports?period=30d").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let labels = chart_texts(&page.body, "chart-rate");
    assert!(labels.iter().any(|t| t == "100"), "{labels:?}");
    assert!(
        !labels.iter().any(|t| t == "200" || t == "150"),
        "the axis ran to 200%: {labels:?}"
    );
}

async fn the_places_table_fits_its_box(app: TestApp) {
    stay(&app, "OAK", t0() - Duration::days(3), Some(90)).await;
    stay(&app, "CITYED", t0() - Duration::days(3), Some(20)).await;
    let s = app.login("manager_all").await;
    let page = app.get(&s, "/reports?period=30d").await;
    let body = &page.body;
    let table = &body[body.find("id=\"table-sites\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let head = &table[..table.find("</thead>").unwrap()];
    // The code and kind sit under the name, so the lost hours column is in view.
    assert_eq!(head.matches("<th ").count(), 8, "{head}");
    assert!(head.contains("Lost officer hours (beyond the target)"));
    assert!(!head.contains(">Code<") && !head.contains(">Kind<"));
    assert!(table.contains(
        "Oakwood 136 suite<span class=\"app-cell-note\">Mental health unit (136 suite) (OAK)</span>"
    ));
    // The CSV keeps every column.
    let csv = app.get(&s, "/reports/sites.csv?period=30d").await;
    let header = csv
        .body
        .lines()
        .next()
        .unwrap()
        .trim_start_matches('\u{feff}');
    assert!(
        header.starts_with("site,site_code,kind,detentions,"),
        "{header}"
    );
}

async fn part_weeks_are_labelled_and_left_out_of_the_charts(app: TestApp) {
    // Mon 2 Nov to Wed 18 Nov: two whole weeks and three days of a third.
    stay(&app, "OAK", at("2026-11-03T10:00:00Z"), Some(30)).await;
    stay(&app, "OAK", at("2026-11-10T10:00:00Z"), Some(90)).await;
    stay(&app, "OAK", at("2026-11-17T10:00:00Z"), Some(90)).await;
    let s = app.login("manager_all").await;
    let page = app.get(&s, "/reports?from=2026-11-02&to=2026-11-18").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.assert_contains("16 Nov to 18 Nov 2026 (part: 3 of the week&#39;s days)");
    page.assert_contains("Part weeks are left out of the charts, not out of the figures: 16 Nov to 18 Nov 2026 (3 days)");
    let labels = chart_texts(&page.body, "chart-rate");
    assert!(labels.iter().any(|t| t == "2 Nov"), "{labels:?}");
    assert!(
        !labels.iter().any(|t| t == "16 Nov"),
        "a 3-day week plotted as a week: {labels:?}"
    );
    // The figures still count it: three handovers in the headline.
    assert!(crate::common::cell_after(&page.body, "Stays handed over").contains(">3</a>"));
}

async fn chart_words_read_well_and_long_names_are_whole(app: TestApp) {
    let name = "City Hospital emergency department and urgent care centre";
    app.db(move |c| {
        admin::add_site(
            c,
            &By::Cli,
            "CHUCC",
            name,
            "emergency_department",
            "City Trust",
            t0() - Duration::days(60),
        )
        .unwrap();
        admin::add_user(
            c,
            &By::Cli,
            &admin::NewUserInput {
                username: "nurse_chucc".into(),
                display_name: "Sam Reid".into(),
                role: "health".into(),
                force_code: "".into(),
                site_code: "CHUCC".into(),
                collar_number: "".into(),
                password: crate::common::PASSWORD.into(),
                must_change_password: false,
            },
            t0() - Duration::days(60),
        )
        .unwrap();
    })
    .await;
    stay(&app, "OAK", t0() - Duration::days(3), Some(10)).await;
    stay(&app, "OAK", t0() - Duration::days(4), Some(20)).await;
    let reference = app
        .db(|c| {
            let officer = actor(c, "officer");
            log_arrival(
                c,
                &officer,
                &ArrivalInput {
                    site_code: Some("CHUCC".into()),
                    ..Default::default()
                },
                t0() - Duration::days(2),
            )
            .unwrap()
            .reference
        })
        .await;
    let chucc = app.login("nurse_chucc").await;
    let r = app
        .post(
            &chucc,
            &format!("/episodes/{reference}/handover"),
            &[("when", "now"), ("delay_reason", "insufficient_staff")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let s = app.login("manager_all").await;
    let page = app.get(&s, "/reports?period=30d").await;
    // Was "over 0 up to 30 minutes".
    page.assert_contains("The most common wait was 30 minutes or less (2 stays)");
    assert!(!page.body.contains("over 0 up to"));
    let labels = chart_texts(&page.body, "chart-sites");
    assert!(!labels.iter().any(|t| t.contains('…')), "{labels:?}");
    assert_eq!(
        labels
            .iter()
            .filter(|t| name.contains(t.as_str()) && t.len() > 3)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" "),
        name,
        "the whole name, wrapped: {labels:?}"
    );
}

async fn open_stays_past_the_target_are_breaches_in_the_csv(app: TestApp) {
    let late = stay(&app, "OAK", t0() - Duration::minutes(61), None).await;
    let early = stay(&app, "OAK", t0() - Duration::minutes(59), None).await;
    let wrong = stay(&app, "OAK", t0() - Duration::minutes(120), None).await;
    let w = wrong.clone();
    app.db(move |c| {
        let o = actor(c, "officer");
        cancel(
            c,
            &o,
            &w,
            Some("logged twice"),
            t0() - Duration::minutes(100),
        )
        .unwrap();
    })
    .await;
    let s = app.login("manager_all").await;
    let r = app.get(&s, "/reports/cases.csv?period=7d").await;
    assert_eq!(r.status, StatusCode::OK);
    let (h, rows) = csv_rows(&r.body);
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let of = |reference: &str| {
        rows.iter()
            .find(|x| x[col("reference")] == reference)
            .unwrap()[col("breached")]
        .clone()
    };
    assert_eq!(
        of(&late),
        "true",
        "61 minutes and waiting: already a breach"
    );
    assert_eq!(of(&early), "false");
    assert_eq!(of(&wrong), "", "cancelled: never a breach");
    // The same rule as the case list's breach filter.
    let list = app.get(&s, "/cases?period=7d&breached=1").await;
    list.assert_contains(&late);
}

async fn the_cases_csv_has_the_handover_in_full(app: TestApp) {
    let arrived = t0() - Duration::hours(5);
    let reference = stay(&app, "OAK", arrived, None).await;
    let r = reference.clone();
    app.db(move |c| {
        let officer = actor(c, "officer");
        let nurse = actor(c, "nurse");
        record_handover_offered(c, &officer, &r, None, arrived + Duration::minutes(10)).unwrap();
        ask_police_to_stay(
            c,
            &nurse,
            &r,
            &StayRequestInput {
                reason: Some("insufficient_staff".into()),
                reason_note: None,
            },
            arrived + Duration::minutes(55),
        )
        .unwrap();
        answer_stay_request(c, &officer, &r, true, arrived + Duration::minutes(56)).unwrap();
        record_transfer(
            c,
            &officer,
            &r,
            &TransferInput {
                site_code: Some("CITYED".into()),
                left_at: Some(arrived + Duration::minutes(80)),
                arrived_at: Some(arrived + Duration::minutes(100)),
                ..Default::default()
            },
            arrived + Duration::minutes(100),
        )
        .unwrap();
        let city = actor(c, "nurse_city");
        confirm_handover(
            c,
            &city,
            &r,
            &HandoverInput {
                accepted_by_name: Some("Jo Bloggs".into()),
                accepted_by_role: Some("=charge nurse".into()),
                ..Default::default()
            },
            arrived + Duration::minutes(130),
        )
        .unwrap();
        record_police_left(
            c,
            &officer,
            &r,
            None,
            None,
            arrived + Duration::minutes(135),
        )
        .unwrap();
        record_end(
            c,
            &city,
            &r,
            &EndInput {
                outcome: Some("admitted_informally".into()),
                ..Default::default()
            },
            arrived + Duration::minutes(200),
        )
        .unwrap();
    })
    .await;
    let s = app.login("manager_all").await;
    let resp = app.get(&s, "/reports/cases.csv?period=7d").await;
    assert!(resp.body.starts_with('\u{feff}'), "keeps its BOM");
    let (h, rows) = csv_rows(&resp.body);
    for c in [
        "place_of_safety_number",
        "handover_offered_utc",
        "accepted_by_role",
        "police_left_utc",
        "stay_requested_utc",
        "stay_request_reason",
        "stay_request_answer",
        "transferred_utc",
        "transferred_to",
        "outcome",
        "prealerted_utc",
        "prealert_eta_utc",
    ] {
        assert!(h.iter().any(|x| x == c), "{c} in {h:?}");
    }
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let mine: Vec<&Vec<String>> = rows
        .iter()
        .filter(|x| x[col("reference")] == reference)
        .collect();
    assert_eq!(mine.len(), 2, "one row per stay");
    let (first, second) = (mine[0], mine[1]);
    assert_eq!(first[col("place_of_safety_number")], "1");
    assert_eq!(first[col("handover_offered_utc")], "2026-11-20T07:10:00Z");
    assert_eq!(first[col("stay_requested_utc")], "2026-11-20T07:55:00Z");
    assert_eq!(first[col("stay_request_reason")], "insufficient_staff");
    assert_eq!(first[col("stay_request_answer")], "agreed");
    assert_eq!(first[col("transferred_utc")], "2026-11-20T08:20:00Z");
    assert_eq!(first[col("transferred_to")], "CITYED");
    assert_eq!(first[col("outcome")], "admitted_informally");
    assert_eq!(second[col("place_of_safety_number")], "2");
    assert_eq!(
        second[col("accepted_by_role")],
        "'=charge nurse",
        "formula-safe"
    );
    assert_eq!(second[col("police_left_utc")], "2026-11-20T09:15:00Z");
    assert_eq!(second[col("transferred_to")], "");
    assert_eq!(second[col("stay_request_answer")], "");
}

async fn a_handed_over_case_offers_the_case_not_the_form(app: TestApp) {
    let reference = stay(&app, "OAK", t0() - Duration::minutes(30), None).await;
    let nurse = app.login("nurse").await;
    let nurse2 = app.login("nurse2").await;
    let path = format!("/episodes/{reference}/handover");
    // Two tabs: both opened the form, the first confirms.
    let r = app
        .post(
            &nurse,
            &path,
            &[("when", "now"), ("accepted_by_role", "charge nurse")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let second = app.post(&nurse2, &path, &[("when", "now")]).await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    second
        .assert_contains("Handover was already confirmed by Alex Morgan (charge nurse) at 12:00.");
    for page in [&second, &app.get(&nurse2, &path).await] {
        page.assert_contains("Handover already confirmed");
        page.assert_contains("by Alex Morgan (charge nurse), Fri 20 Nov 2026");
        page.assert_contains(&format!("href=\"/episodes/{reference}\""));
        let main = &page.body[page.body.find("<main").unwrap()..];
        assert!(!main.contains("<form"), "no form once handed over");
        assert!(!main.contains("Confirm handover</button>"));
    }
}

async fn the_record_holds_the_handover_and_no_buttons(app: TestApp) {
    let arrived = t0() - Duration::minutes(90);
    let reference = stay(&app, "OAK", arrived, None).await;
    let r = reference.clone();
    app.db(move |c| {
        let officer = actor(c, "officer");
        let nurse = actor(c, "nurse");
        record_handover_offered(c, &officer, &r, None, arrived + Duration::minutes(5)).unwrap();
        ask_police_to_stay(
            c,
            &nurse,
            &r,
            &StayRequestInput {
                reason: Some("insufficient_staff".into()),
                reason_note: None,
            },
            arrived + Duration::minutes(58),
        )
        .unwrap();
        answer_stay_request(c, &officer, &r, true, arrived + Duration::minutes(59)).unwrap();
        confirm_handover(
            c,
            &nurse,
            &r,
            &HandoverInput {
                accepted_by_name: Some("Jo Bloggs".into()),
                accepted_by_role: Some("charge nurse".into()),
                delay_reason: Some("insufficient_staff".into()),
                ..Default::default()
            },
            arrived + Duration::minutes(72),
        )
        .unwrap();
        record_police_left(c, &officer, &r, None, None, arrived + Duration::minutes(80)).unwrap();
    })
    .await;
    // Both parties can open it.
    for user in ["officer", "nurse"] {
        let s = app.login(user).await;
        let page = app.get(&s, &format!("/episodes/{reference}/record")).await;
        assert_eq!(page.status, StatusCode::OK, "{user}: {}", page.body);
        let rec = &page.body[page.body.find("<article class=\"app-record\"").unwrap()..];
        let rec = &rec[..rec.find("</article>").unwrap()];
        for needle in [
            reference.as_str(),
            "West Midlands Police",
            "Power used",
            "Place of safety 1: Oakwood 136 suite",
            "Arrived</dt><dd>Fri 20 Nov 2026, 10:30",
            "Handover offered</dt><dd>Fri 20 Nov 2026, 10:35",
            "Fri 20 Nov 2026, 11:42 by Jo Bloggs (charge nurse)",
            "1h 12m: 0h 12m over the 60-minute target",
            "Not enough health staff",
            "Police agreed",
            "Police left</dt><dd>Fri 20 Nov 2026, 11:50",
            "Detention clock and extensions",
            "No extension.",
            "Outcome",
            "Case history",
            "Handover accepted",
        ] {
            assert!(
                rec.contains(needle),
                "{user}: {needle} not in the record:\n{rec}"
            );
        }
        assert!(
            !rec.contains("<button") && !rec.contains("<form"),
            "no buttons on the record"
        );
        assert!(!rec.contains("nhsuk-button"));
    }
    // Someone outside the case's scope cannot.
    let other = app.login("officer_b").await;
    assert_eq!(
        app.get(&other, &format!("/episodes/{reference}/record"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

async fn the_dashboard_figures_are_the_summary_api(app: TestApp) {
    stay(&app, "OAK", t0() - Duration::days(2), Some(90)).await;
    stay(&app, "OAK", t0() - Duration::days(3), Some(20)).await;
    stay(&app, "CITYED", t0() - Duration::days(4), Some(45)).await;
    stay(&app, "CITYED", t0() - Duration::days(40), Some(200)).await;
    stay(&app, "OAK", t0() - Duration::minutes(70), None).await;
    let s = app.login("manager_all").await;
    let token = app.token("manager_all").await;
    // The API takes dates, not the page's period presets.
    for q in [
        "from=2026-10-22&to=2026-11-20",
        "from=2026-11-14&to=2026-11-20",
        "from=2026-10-22&to=2026-11-20&site=OAK",
        "from=2025-01-01&to=2026-11-20",
    ] {
        let page = app.get(&s, &format!("/reports?{q}")).await;
        assert_eq!(page.status, StatusCode::OK, "{q}: {}", page.body);
        let api = app
            .api("GET", &format!("/api/v1/reports/summary?{q}"), &token, None)
            .await;
        assert_eq!(api.status, StatusCode::OK, "{q}: {}", api.body);
        let json = api.json();
        for key in [
            "breach_rate",
            "median_minutes",
            "p90_minutes",
            "lost_officer_hours",
            "waiting_now",
        ] {
            let marker = format!("data-figure=\"{key}\" data-value=\"");
            let at = page
                .body
                .find(&marker)
                .unwrap_or_else(|| panic!("{q}: no {key} tile"));
            let rest = &page.body[at + marker.len()..];
            let shown = &rest[..rest.find('"').unwrap()];
            let api_value = &json[key];
            match api_value.as_f64() {
                Some(v) => assert_eq!(shown.parse::<f64>().ok(), Some(v), "{q}: {key}"),
                None => assert_eq!(shown, "", "{q}: {key} is null in the API"),
            }
        }
        assert_eq!(json["waiting_now"], 1, "{q}");
    }
}

async fn lost_officer_hours_say_what_they_count(app: TestApp) {
    // 90 minutes, 2 officers: 1 h beyond the target, 3 h from arrival.
    stay(&app, "OAK", t0() - Duration::days(2), Some(90)).await;
    let s = app.login("manager_all").await;
    let page = app.get(&s, "/reports?period=30d").await;
    page.assert_contains("Beyond the 60-minute target, times officers present. From arrival: 3 h");
    assert!(
        crate::common::cell_after(&page.body, "Lost officer hours beyond the 60-minute target")
            .contains(">1</td>")
    );
    assert!(
        crate::common::cell_after(&page.body, "Officer hours from arrival to handover")
            .contains(">3</td>")
    );
    // Every other lost-hours figure names its threshold.
    assert_eq!(
        page.body.matches(">Lost officer hours<").count(),
        0,
        "a bare 'Lost officer hours' column"
    );
    let token = app.token("manager_all").await;
    let api = app
        .api("GET", "/api/v1/reports/summary?period=30d", &token, None)
        .await;
    let j = api.json();
    assert_eq!(
        (
            j["lost_officer_hours"].as_f64(),
            j["officer_hours_from_arrival"].as_f64()
        ),
        (Some(1.0), Some(3.0))
    );
}

async fn the_case_page_links_the_record_and_prints_without_buttons(app: TestApp) {
    let reference = stay(&app, "OAK", t0() - Duration::minutes(20), None).await;
    let s = app.login("nurse").await;
    let page = app.get(&s, &format!("/episodes/{reference}")).await;
    page.assert_contains(&format!("href=\"/episodes/{reference}/record?print=1\""));
    page.assert_contains("Print or save as PDF");
    // Each stay's heading and details are one block kept together in print.
    page.assert_contains(
        "<section class=\"app-keep\">\n<h2 class=\"nhsuk-heading-m\">Oakwood 136 suite</h2>",
    );
    page.assert_contains("/print.css\" media=\"print\"");
    let css = app
        .get(&s, &format!("{}/print.css", s136::web::assets::prefix()))
        .await;
    assert_eq!(css.status, StatusCode::OK);
    for rule in [
        ".nhsuk-button,",
        "break-after: avoid",
        ".app-keep,",
        "@page record",
    ] {
        assert!(css.body.contains(rule), "{rule} in print.css");
    }
    // The record asks the browser to print when opened from that link.
    let rec = app
        .get(&s, &format!("/episodes/{reference}/record?print=1"))
        .await;
    rec.assert_contains("data-autoprint");
    rec.assert_contains("/print.js\"");
}

async fn the_home_office_csv_carries_the_new_categories_and_adds_up(app: TestApp) {
    crate::safeguards::station(&app).await;
    let officer = app.login("officer").await;
    let mut extra: Vec<(&str, &str)> = crate::safeguards::AUTHORISED.to_vec();
    extra.extend([
        ("ethnicity", "white_british"),
        ("ethnicity_perceived", "asian_other"),
        ("arrested", "yes"),
    ]);
    let held = app.arrive(&officer, "CELLS", &extra).await;
    // The same group twice is not kept as a perceived one.
    app.arrive(
        &officer,
        "OAK",
        &[
            ("ethnicity", "white_irish"),
            ("ethnicity_perceived", "white_irish"),
        ],
    )
    .await;
    // The Home Office's own transport and place-of-safety categories.
    app.db(|c| {
        s136::domain::admin::add_site(
            c,
            &s136::domain::admin::By::Cli,
            "HOME1",
            "Private home (occupier agreed)",
            "private_home",
            "West Midlands Police",
            t0() - Duration::days(1),
        )
        .unwrap();
    })
    .await;
    app.arrive(&officer, "HOME1", &[("transport", "none")])
        .await;
    app.arrive(&officer, "OAK", &[("transport", "other_health_vehicle")])
        .await;
    let page = app.get(&officer, &format!("/episodes/{held}")).await;
    page.assert_contains("Ethnic group as the officer perceived it");
    page.assert_contains("Yes, arrested for an offence");
    // Four hours at the police station, then the detention ends.
    let h = held.clone();
    app.db(move |c| {
        let o = actor(c, "officer");
        record_end(
            c,
            &o,
            &h,
            &EndInput {
                outcome: Some("discharged_with_follow_up".into()),
                ..Default::default()
            },
            t0() + Duration::hours(4),
        )
        .unwrap();
    })
    .await;
    let s = app.login("manager_all").await;
    let r = app.get(&s, "/reports/home-office.csv?fy=2026").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (h, rows) = csv_rows(&r.body);
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let get = |section: &str, code: &str| -> i64 {
        rows.iter()
            .find(|x| x[col("section")] == section && x[col("code")] == code)
            .unwrap_or_else(|| panic!("{section}/{code} not in the CSV"))[col("s136")]
        .parse()
        .unwrap()
    };
    assert_eq!(get("detentions", "total"), 4);
    assert_eq!(get("transport", "other_health_vehicle"), 1);
    assert_eq!(get("transport", "none"), 1);
    assert_eq!(get("first_place_of_safety", "private_home"), 1);
    assert_eq!(get("ethnicity_perceived", "asian_other"), 1);
    assert_eq!(
        get("ethnicity_perceived", "white_irish"),
        0,
        "equal to their own: not kept"
    );
    assert_eq!(get("ethnicity_perceived", "not_recorded"), 3);
    assert_eq!(
        get("ethnicity_perceived", "total"),
        4,
        "adds up to the detentions"
    );
    assert_eq!(get("police_station_hours", "3_to_6"), 1);
    assert_eq!(get("police_station_hours", "up_to_3"), 0);
    assert_eq!(
        get("police_station_hours", "total"),
        1,
        "the one police-station stay"
    );
    assert_eq!(get("arrested", "yes"), 1);
    assert_eq!(
        get("arrested", "total"),
        1,
        "only detentions held at a police station"
    );
    // Every section's rows add up to its total.
    let mut sections: Vec<&str> = rows.iter().map(|x| x[col("section")].as_str()).collect();
    sections.dedup();
    for sec in sections {
        let sum: i64 = rows
            .iter()
            .filter(|x| x[col("section")] == sec && x[col("code")] != "total")
            .map(|x| x[col("total")].parse::<i64>().unwrap())
            .sum();
        if sec != "detentions" {
            assert_eq!(sum, get(sec, "total"), "{sec}");
        }
    }
    let page = app.get(&s, "/reports/home-office?fy=2026").await;
    page.assert_contains("Time held at a police station");
    page.assert_contains("More than 3 and up to 6 hours");
    page.assert_contains("Arrested for an offence (held at a police station)");
}

/// Takes migration 170003 (and any after it) back, then forward again, with
/// cases and sites in the database: every code stored before it survives both
/// ways, and the new codes map to "other" going back.
async fn the_categories_migration_keeps_every_stored_code(app: TestApp) {
    let officer = app.login("officer").await;
    let by_police = app
        .arrive(
            &officer,
            "OAK",
            &[
                ("transport", "police_vehicle"),
                ("police_vehicle_reason", "ambulance_unavailable"),
            ],
        )
        .await;
    let by_health = app
        .arrive(&officer, "OAK", &[("transport", "other_health_vehicle")])
        .await;
    let codes = |c: &mut s136::db::DbConn| -> Vec<(String, Option<String>, String)> {
        use diesel::prelude::*;
        use s136::schema::{episodes, sites, stays};
        episodes::table
            .inner_join(stays::table.inner_join(sites::table))
            .select((episodes::reference, episodes::transport, sites::kind))
            .order(episodes::reference)
            .load(c)
            .unwrap()
    };
    let (before, back, again) = app
        .db(move |c| {
            use diesel_migrations::MigrationHarness;
            let before = codes(c);
            let step_back = |c: &mut s136::db::DbConn| -> String {
                match c {
                    s136::db::DbConn::Sqlite(c) => c
                        .revert_last_migration(s136::db::SQLITE_MIGRATIONS)
                        .unwrap()
                        .to_string(),
                    s136::db::DbConn::Postgres(c) => c
                        .revert_last_migration(s136::db::POSTGRES_MIGRATIONS)
                        .unwrap()
                        .to_string(),
                }
            };
            while step_back(c) != "20261201170003" {}
            let back = codes(c);
            s136::db::run_migrations(c).unwrap();
            (before, back, codes(c))
        })
        .await;
    let of = |rows: &[(String, Option<String>, String)], r: &str| {
        rows.iter().find(|x| x.0 == r).unwrap().clone()
    };
    assert_eq!(of(&before, &by_police).1.as_deref(), Some("police_vehicle"));
    assert_eq!(
        of(&before, &by_health).1.as_deref(),
        Some("other_health_vehicle")
    );
    assert_eq!(
        of(&back, &by_police),
        of(&before, &by_police),
        "kept going back"
    );
    assert_eq!(of(&back, &by_health).1.as_deref(), Some("other"));
    assert_eq!(
        of(&again, &by_police),
        of(&before, &by_police),
        "kept going forward"
    );
    assert!(
        before.iter().all(|x| x.2 == "mental_health_unit"),
        "{before:?}"
    );
    assert_eq!(back.len(), before.len());
    assert_eq!(
        again.iter().map(|x| &x.2).collect::<Vec<_>>(),
        before.iter().map(|x| &x.2).collect::<Vec<_>>()
    );
}
