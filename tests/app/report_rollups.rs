//! The report read from the trigger-kept rollups (whole months and years)
//! equals the report read from the raw stays, on both backends: after
//! handovers, cancellations, transfers, answered requests to stay and a
//! correction written as a plain `UPDATE stays`, for windows that start and
//! end mid-month, whole months, whole years and all time. And the agreed vs
//! not-agreed breach counts against a hand count.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde_json::json;

use crate::both_backends;
use crate::common::{TestApp, actor, at};
use s136::db::users;
use s136::domain::auth::Scope;
use s136::domain::episodes::{
    ArrivalInput, HandoverInput, StayRequestInput, TransferInput, answer_stay_request,
    ask_police_to_stay, cancel, confirm_handover, log_arrival, record_transfer,
};
use s136::domain::reports::{self, ReportQuery, Source};

both_backends!(
    rollups_give_the_raw_figures,
    a_bulk_load_fills_the_rollups_set_based,
    agreed_and_not_agreed_breaches_are_counted_apart,
    empty_edges_and_all_time_rows
);

/// Seconds to handover, cycling: edges of minutes, quarter hours and the target.
const SECONDS: &[i64] = &[
    59, 60, 61, 899, 900, 901, 1_745, 3_599, 3_600, 3_601, 5_400, 7_322, 14_400, 30_001, 57_000,
    2_404, 1_200, 4_000,
];
const SITES: &[(&str, &str, &str)] = &[
    ("officer", "OAK", "nurse"),
    ("officer", "CITYED", "nurse_city"),
    ("officer_b", "MOOR", "nurse_b"),
];

/// About 110 detentions from January 2023 to November 2026, every ninth
/// cancelled, open, transferred, or with an agreed or declined request to stay.
fn seed(c: &mut s136::db::DbConn) {
    let start = at("2023-01-03T00:20:00Z");
    for i in 0..110i64 {
        let (officer, site, nurse) = SITES[(i % 3) as usize];
        let arrived: DateTime<Utc> =
            start + Duration::hours(i * 305 + (i * 7) % 24) + Duration::minutes(i * 13 % 60);
        let officer = actor(c, officer);
        let nurse = actor(c, nurse);
        let logged = log_arrival(
            c,
            &officer,
            &ArrivalInput {
                site_code: Some(site.to_string()),
                officers: Some(1 + i % 3),
                ..Default::default()
            },
            arrived,
        )
        .unwrap();
        let r = logged.reference.as_str();
        let secs = SECONDS[(i % SECONDS.len() as i64) as usize];
        let mut handed_by = nurse;
        let mut handed_from = arrived;
        match i % 9 {
            0 => {
                cancel(
                    c,
                    &officer,
                    r,
                    Some("logged twice"),
                    arrived + Duration::minutes(2),
                )
                .unwrap();
                continue;
            }
            1 => continue, // open
            2 | 3 => {
                ask_police_to_stay(
                    c,
                    &handed_by,
                    r,
                    &StayRequestInput {
                        reason: Some("insufficient_staff".into()),
                        reason_note: None,
                    },
                    arrived + Duration::minutes(30),
                )
                .unwrap();
                answer_stay_request(c, &officer, r, i % 9 == 2, arrived + Duration::minutes(31))
                    .unwrap();
            }
            4 => {
                // Transfer to Oakwood (or to the city ED from Oakwood) after 20 minutes.
                let to = if site == "OAK" { "CITYED" } else { "OAK" };
                handed_from = arrived + Duration::minutes(50);
                record_transfer(
                    c,
                    &officer,
                    r,
                    &TransferInput {
                        site_code: Some(to.into()),
                        left_at: Some(arrived + Duration::minutes(20)),
                        arrived_at: Some(handed_from),
                        expected_version: None,
                        ..Default::default()
                    },
                    handed_from,
                )
                .unwrap();
                handed_by = actor(c, if to == "OAK" { "nurse" } else { "nurse_city" });
            }
            _ => {}
        }
        let done = handed_from + Duration::seconds(secs);
        confirm_handover(
            c,
            &handed_by,
            r,
            &HandoverInput {
                delay_reason: (secs > 3600).then(|| {
                    if i % 2 == 0 {
                        "awaiting_bed_or_transfer".into()
                    } else {
                        "insufficient_staff".into()
                    }
                }),
                ..Default::default()
            },
            done,
        )
        .unwrap();
    }
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    d("2026-11-20")
}

/// The report for `q` from both sources, as their debug text (every figure).
fn both(c: &mut s136::db::DbConn, q: &ReportQuery) -> (String, String) {
    let f = reports::parse_filter(c, Scope::All, q, today()).unwrap();
    let rolled = reports::report_from(c, Scope::All, &f, Source::Auto).unwrap();
    let raw = reports::report_from(c, Scope::All, &f, Source::Raw).unwrap();
    // The JSON summary reads the same way.
    let summary = reports::summary(c, Scope::All, &f).unwrap();
    assert_eq!(summary, raw.summary, "{q:?}");
    (format!("{rolled:#?}"), format!("{raw:#?}"))
}

fn windows() -> Vec<ReportQuery> {
    let custom = |from: &str, to: &str| ReportQuery {
        from: from.into(),
        to: to.into(),
        ..Default::default()
    };
    vec![
        ReportQuery {
            period: "all".into(),
            ..Default::default()
        },
        ReportQuery {
            period: "all".into(),
            breached: "1".into(),
            ..Default::default()
        },
        // Mid-month to mid-month, by month, with a previous period.
        custom("2024-02-14", "2025-03-09"),
        // Whole months only; a whole calendar year by month.
        custom("2024-01-01", "2024-12-31"),
        custom("2025-03-01", "2025-08-31"),
        // Over three years: by year, whole years between partial ones.
        custom("2023-03-15", "2026-10-10"),
        ReportQuery {
            period: "this_fy".into(),
            ..Default::default()
        },
    ]
}

fn assert_sources_agree(c: &mut s136::db::DbConn, when: &str) {
    for q in windows() {
        let (rolled, raw) = both(c, &q);
        assert_eq!(rolled, raw, "{when}: {q:?}");
    }
}

async fn rollups_give_the_raw_figures(app: TestApp) {
    app.db(|c| {
        seed(c);
        assert_sources_agree(c, "after the writes");

        // A correction written straight into the table, as an administrator's
        // fix of a recorded time would be: a stay moves from one month (and
        // year) to another, and another's handover time changes.
        use s136::schema::stays;
        let ids: Vec<i64> = stays::table
            .filter(stays::handover_seconds.is_not_null())
            .select(stays::id)
            .order(stays::id.asc())
            .load(c)
            .unwrap();
        let (a, b) = (ids[3], ids[40]);
        c.batch_execute(&format!(
            "UPDATE stays SET arrived_at = '2025-06-30 23:30:00', handover_seconds = 9000, \
             breached = TRUE, arrived_local_date = '2025-07-01', arrived_local_hour = 0, \
             arrived_local_dow = 2 WHERE id = {a}; \
             UPDATE stays SET handover_seconds = 61, breached = FALSE WHERE id = {b};"
        ))
        .unwrap();
        assert_sources_agree(c, "after a direct UPDATE");
        // And a stay removed outright.
        c.batch_execute(&format!(
            "DELETE FROM stay_requests WHERE stay_id = {b}; DELETE FROM stays WHERE id = {b};"
        ))
        .unwrap();
        assert_sources_agree(c, "after a DELETE");

        // The rollups are what the report reads: empty the minute histogram
        // and the all-time percentiles are gone from the rolled report only.
        let all = ReportQuery {
            period: "all".into(),
            ..Default::default()
        };
        let f = reports::parse_filter(c, Scope::All, &all, today()).unwrap();
        c.batch_execute("DELETE FROM report_minutes").unwrap();
        let rolled = reports::report_from(c, Scope::All, &f, Source::Auto).unwrap();
        let raw = reports::report_from(c, Scope::All, &f, Source::Raw).unwrap();
        assert!(raw.summary.median_minutes.is_some());
        assert_eq!(rolled.summary.median_minutes, None);
        assert_eq!(rolled.summary.handed_over, raw.summary.handed_over);
    })
    .await;
}

/// A window's edge days are read as whole months when the days that would
/// complete those months hold no stay, and a window that holds every stay
/// reads its per-site figures from the all-time rows (grain 'A').
async fn empty_edges_and_all_time_rows(app: TestApp) {
    app.db(|c| {
        use s136::db::report_rollups::{holds_every_stay, snap};
        use s136::schema::stays;
        seed(c);
        let dates: Vec<NaiveDate> = stays::table
            .select(stays::arrived_local_date.assume_not_null())
            .order(stays::arrived_local_date.asc())
            .load(c)
            .unwrap();
        let (first, last) = (dates[0], dates[dates.len() - 1]);
        assert_eq!(first, d("2023-01-03"));
        let month_end =
            |x: NaiveDate| (x.with_day(1).unwrap() + chrono::Months::new(1)) - Duration::days(1);
        // No stay on 1-2 January 2023 or after the last one: whole months.
        assert_eq!(
            snap(c, first, last).unwrap(),
            (d("2023-01-01"), month_end(last))
        );
        // A stay on the day before the window (or after it): that edge stays.
        let (next, before_last) = (first + Duration::days(1), last - Duration::days(1));
        assert_eq!(snap(c, next, before_last).unwrap(), (next, before_last));
        assert!(holds_every_stay(c, first, last).unwrap());
        assert!(holds_every_stay(c, d("2020-01-01"), d("2030-12-31")).unwrap());
        assert!(!holds_every_stay(c, next, last).unwrap());
        assert!(!holds_every_stay(c, first, before_last).unwrap());

        // All time reads the per-site counts from the 'A' rows alone: double
        // them and only the rolled by-site table changes, not the totals.
        let all = ReportQuery {
            period: "all".into(),
            ..Default::default()
        };
        let f = reports::parse_filter(c, Scope::All, &all, today()).unwrap();
        let raw = reports::report_from(c, Scope::All, &f, Source::Raw).unwrap();
        c.batch_execute("UPDATE report_counts SET episodes = 2 * episodes WHERE grain = 'A'")
            .unwrap();
        let rolled = reports::report_from(c, Scope::All, &f, Source::Auto).unwrap();
        assert_eq!(rolled.summary.episodes, raw.summary.episodes);
        let sum = |r: &reports::Report| r.summary.by_site.iter().map(|s| s.episodes).sum::<i64>();
        assert_eq!(sum(&rolled), 2 * sum(&raw));
        // A window one day short of the last stay does not use them.
        let short = ReportQuery {
            from: first.to_string(),
            to: before_last.to_string(),
            ..Default::default()
        };
        let (rolled, raw) = both(c, &short);
        assert_eq!(rolled, raw);
    })
    .await;
}

/// The generator (`db::bulk`) pauses the insert trigger inside each batch's
/// transaction and adds the batch to the rollups with one grouped statement
/// per table: afterwards the rollups hold every stay once, the report read
/// from them equals the raw one, and ordinary writes after the load are
/// rolled up again by the triggers (the pause did not outlive the load).
async fn a_bulk_load_fills_the_rollups_set_based(app: TestApp) {
    app.db(|c| {
        // Two batches written the generator's way: 1,300 stays over four
        // years at the three fixture places, some cancelled, some open.
        use s136::db::bulk::{self, BulkCase};
        use s136::db::orgs;
        use s136::domain::time::{local_parts, to_db};
        let created_by = users::by_username(c, "officer").unwrap().unwrap().id;
        let force =
            |c: &mut s136::db::DbConn, code| orgs::force_by_code(c, code).unwrap().unwrap().id;
        let site =
            |c: &mut s136::db::DbConn, code| orgs::site_by_code(c, code).unwrap().unwrap().id;
        let places = [
            (force(c, "WMP"), site(c, "OAK")),
            (force(c, "WMP"), site(c, "CITYED")),
            (force(c, "WYP"), site(c, "MOOR")),
        ];
        let mut id = bulk::next_episode_id(c).unwrap();
        let start = at("2023-01-01T03:10:00Z");
        for batch in [700i64, 600] {
            let cases: Vec<BulkCase> = (0..batch)
                .map(|i| {
                    let n = id + i;
                    let (force_id, site_id) = places[(n % 3) as usize];
                    let arrived = start + Duration::minutes(n * 1_567);
                    let (local_date, local_hour, local_dow) = local_parts(arrived);
                    let secs = SECONDS[(n % SECONDS.len() as i64) as usize];
                    let cancelled = n % 11 == 0;
                    let open = n % 13 == 0;
                    let handed = (!open).then(|| arrived + Duration::seconds(secs));
                    BulkCase {
                        id: n,
                        reference: format!("B{n:07}"),
                        force_id,
                        site_id,
                        collar_number: "1234".into(),
                        officers: 1 + (n % 3) as i32,
                        arrived_at: to_db(arrived),
                        local_date,
                        local_hour,
                        local_dow,
                        handed_over_at: handed.map(to_db),
                        handover_seconds: (!open).then_some(secs),
                        breached: (!open).then_some(secs > 3_600),
                        delay_reason: (!open && secs > 3_600 && n % 2 == 0)
                            .then_some("insufficient_staff"),
                        police_left_at: handed.map(to_db),
                        cancelled_at: cancelled.then(|| to_db(arrived + Duration::minutes(5))),
                    }
                })
                .collect();
            bulk::insert_cases(c, &cases, created_by).unwrap();
            id += batch;
        }
        bulk::finish(c).unwrap();
        // Stays, and each grain's total: all time, months, years.
        let counted = |c: &mut s136::db::DbConn| -> (i64, i64, i64, i64) {
            use s136::schema::stays;
            let stays: i64 = stays::table.count().get_result(c).unwrap();
            let rolled: Vec<(String, i64)> = diesel::sql_query(
                "SELECT grain, CAST(SUM(stays) AS BIGINT) AS n FROM report_counts \
                 GROUP BY grain ORDER BY grain",
            )
            .load::<GrainSum>(c)
            .unwrap()
            .into_iter()
            .map(|r| (r.grain, r.n))
            .collect();
            assert_eq!(rolled.len(), 3, "{rolled:?}");
            (stays, rolled[0].1, rolled[1].1, rolled[2].1)
        };
        assert_eq!(counted(c), (1_300, 1_300, 1_300, 1_300));
        assert_sources_agree(c, "after a bulk load");
        seed(c);
        let (n, all, months, years) = counted(c);
        assert_eq!((all, months, years), (n, n, n));
        assert_sources_agree(c, "after ordinary writes following a bulk load");
    })
    .await;
}

#[derive(diesel::QueryableByName)]
struct GrainSum {
    #[diesel(sql_type = diesel::sql_types::Text)]
    grain: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// (officer, site, health user, answer to the request, asked, minutes).
type AgreedCase = (
    &'static str,
    &'static str,
    &'static str,
    Option<bool>,
    bool,
    i64,
);

/// Five breaches and one stay handed over in time, all on 10 Nov 2026:
/// agreed request (breach 1), declined (2), unanswered (3), none (4 and 5,
/// 5 at Moorside, West Yorkshire), and an agreed request handed over at 50
/// minutes (not a breach). Agreed breaches: 1 of 5; at Oakwood 1 of 4.
async fn agreed_and_not_agreed_breaches_are_counted_apart(app: TestApp) {
    app.db(|c| {
        let cases: &[AgreedCase] = &[
            ("officer", "OAK", "nurse", Some(true), true, 90),
            ("officer", "OAK", "nurse", Some(false), true, 75),
            ("officer", "OAK", "nurse", None, true, 120),
            ("officer", "OAK", "nurse", None, false, 61),
            ("officer_b", "MOOR", "nurse_b", None, false, 200),
            ("officer", "CITYED", "nurse_city", Some(true), true, 50),
        ];
        for (i, (officer, site, nurse, answer, ask, minutes)) in cases.iter().enumerate() {
            let arrived = at("2026-11-10T08:00:00Z") + Duration::hours(i as i64);
            let officer = actor(c, officer);
            let nurse = actor(c, nurse);
            let r = log_arrival(
                c,
                &officer,
                &ArrivalInput {
                    site_code: Some(site.to_string()),
                    ..Default::default()
                },
                arrived,
            )
            .unwrap()
            .reference;
            if *ask {
                ask_police_to_stay(
                    c,
                    &nurse,
                    &r,
                    &StayRequestInput {
                        reason: Some("risk_to_life".into()),
                        reason_note: None,
                    },
                    arrived + Duration::minutes(40),
                )
                .unwrap();
                if let Some(agreed) = answer {
                    answer_stay_request(c, &officer, &r, *agreed, arrived + Duration::minutes(45))
                        .unwrap();
                }
            }
            confirm_handover(
                c,
                &nurse,
                &r,
                &HandoverInput {
                    delay_reason: (*minutes > 60).then(|| "insufficient_staff".into()),
                    ..Default::default()
                },
                arrived + Duration::minutes(*minutes),
            )
            .unwrap();
        }
    })
    .await;
    let token = app.token("manager_all").await;
    let r = app
        .api(
            "GET",
            "/api/v1/reports/summary?from=2026-11-10&to=2026-11-10",
            &token,
            None,
        )
        .await;
    let s = r.json();
    assert_eq!(s["breaches"], 5, "{s}");
    assert_eq!(s["breaches_agreed"], 1, "{s}");
    let oak = s["by_site"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "OAK")
        .unwrap();
    assert_eq!(
        (oak["breaches"].clone(), oak["breaches_agreed"].clone()),
        (json!(4), json!(1))
    );
    // The page says it in words, with links to the cases.
    let manager = app.login("manager_all").await;
    let page = app
        .get(&manager, "/reports?from=2026-11-10&to=2026-11-10")
        .await;
    page.assert_contains("Breaches with an agreed request to stay");
    page.assert_contains("Breaches with no agreed request to stay");
    page.assert_contains("stay=agreed");
    // The drill-down lists that one case; the other lists the four others.
    for (stay, n) in [("agreed", 1), ("not_agreed", 4)] {
        let cases = app
            .get(
                &manager,
                &format!(
                    "/cases?from=2026-11-10&to=2026-11-10&status=handed_over&breached=1&stay={stay}"
                ),
            )
            .await;
        assert_eq!(cases.status, actix_web::http::StatusCode::OK);
        assert_eq!(
            cases.body.matches("/episodes/").count(),
            n,
            "{stay}: {}",
            cases.body
        );
    }
    let bad = app.get(&manager, "/cases?stay=maybe").await;
    assert_eq!(
        bad.status,
        actix_web::http::StatusCode::UNPROCESSABLE_ENTITY
    );
    // A month holding that day (rollups) gives the same figures.
    let r = app
        .api(
            "GET",
            "/api/v1/reports/summary?from=2026-11-01&to=2026-11-30",
            &token,
            None,
        )
        .await;
    assert_eq!(r.json()["breaches_agreed"], 1);
    let agreed = app
        .db(|c| {
            let f = reports::parse_filter(
                c,
                Scope::All,
                &ReportQuery {
                    from: "2026-11-01".into(),
                    to: "2026-11-30".into(),
                    ..Default::default()
                },
                today(),
            )
            .unwrap();
            let rolled = reports::report_from(c, Scope::All, &f, Source::Auto).unwrap();
            let raw = reports::report_from(c, Scope::All, &f, Source::Raw).unwrap();
            assert_eq!(format!("{rolled:?}"), format!("{raw:?}"));
            rolled.summary.figures.counts.breaches_agreed
        })
        .await;
    assert_eq!(agreed, 1);
}
