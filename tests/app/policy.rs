//! The policy table walked: every case action × every kind of user gets the
//! same answer from its page and from the API, and that answer is the one the
//! table in `domain::policy` gives (not found outside the scope, forbidden
//! where the table says no, past the policy otherwise).

use actix_web::http::StatusCode;
use serde_json::{Value, json};

use crate::both_backends;
use crate::common::{Resp, Sess, TestApp};
use s136::domain::policy::{self, Policy};

both_backends!(pages_and_api_answer_as_the_policy_table);

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Answer {
    NotFound,
    Forbidden,
    Allowed,
}

fn answer(r: &Resp) -> Answer {
    assert!(!r.status.is_server_error(), "{}: {}", r.status, r.body);
    match r.status {
        StatusCode::NOT_FOUND => Answer::NotFound,
        StatusCode::FORBIDDEN => Answer::Forbidden,
        _ => Answer::Allowed,
    }
}

struct Case<'a> {
    policy: &'a Policy,
    page: &'a str,
    form: Vec<(&'a str, &'a str)>,
    method: &'a str,
    api: &'a str,
    body: Value,
}

fn actions() -> Vec<Case<'static>> {
    let c = |policy, page, form: &[(&'static str, &'static str)], method, api, body| Case {
        policy,
        page,
        form: form.to_vec(),
        method,
        api,
        body,
    };
    vec![
        c(
            &policy::OFFER_HANDOVER,
            "offer",
            &[("when", "now")],
            "POST",
            "handover-offered",
            json!({}),
        ),
        c(
            &policy::CONFIRM_HANDOVER,
            "handover",
            &[("when", "now")],
            "POST",
            "handover",
            json!({}),
        ),
        c(
            &policy::ASK_TO_STAY,
            "ask-police-to-stay",
            &[("reason", "insufficient_staff")],
            "POST",
            "stay-request",
            json!({"reason": "insufficient_staff"}),
        ),
        c(
            &policy::ANSWER_STAY_REQUEST,
            "stay-answer",
            &[("agreed", "yes")],
            "POST",
            "stay-request/answer",
            json!({"agreed": true}),
        ),
        c(
            &policy::POLICE_LEFT,
            "police-left",
            &[
                ("when", "now"),
                ("police_left_reason", "released under protest"),
            ],
            "POST",
            "police-left",
            json!({"reason": "released under protest"}),
        ),
        c(
            &policy::TRANSFER,
            "transfer",
            &[("site", "MOOR"), ("left", "now"), ("arrival", "now")],
            "POST",
            "transfer",
            json!({"site": "MOOR"}),
        ),
        c(
            &policy::EXTEND,
            "extend",
            &[
                ("authorised_by_name", "Dr Ahmed"),
                ("when", "now"),
                ("hours", "2"),
                ("reason", "assessment_impracticable"),
            ],
            "POST",
            "extensions",
            json!({"authorised_by_name": "Dr Ahmed", "hours": 2, "reason": "assessment_impracticable"}),
        ),
        c(
            &policy::END,
            "end",
            &[("when", "now"), ("outcome", "admitted_informally")],
            "POST",
            "end",
            json!({"outcome": "admitted_informally"}),
        ),
        c(
            &policy::CANCEL,
            "cancel",
            &[("reason", "logged in error")],
            "POST",
            "cancel",
            json!({"reason": "logged in error"}),
        ),
        c(
            &policy::HEALTH_CHECK,
            "health-check",
            &[("when", "now"), ("checked_by_name", "Dr Ahmed")],
            "POST",
            "health-checks",
            json!({"checked_by_name": "Dr Ahmed"}),
        ),
        c(
            &policy::LOCATION_TYPE,
            "location",
            &[("location_type", "public_place")],
            "POST",
            "location-type",
            json!({"location_type": "public_place"}),
        ),
        c(
            &policy::MONITORING,
            "monitoring",
            &[("sex", "female")],
            "PUT",
            "monitoring",
            json!({"sex": "female"}),
        ),
    ]
}

/// Users: their login, and whether the case (logged at OAK by WMP, now at
/// CITYED) is in their scope.
const USERS: &[(&str, bool)] = &[
    ("officer", true),
    ("officer_b", false),
    ("nurse", true),
    ("nurse_city", true),
    ("nurse_b", false),
    ("manager_wmp", true),
    ("admin", true),
];

async fn fresh_case(app: &TestApp, officer: &str) -> String {
    let reference = app.api_arrival(officer, "OAK").await;
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{reference}/transfer"),
            officer,
            Some(json!({"site": "CITYED"})),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    reference
}

async fn pages_and_api_answer_as_the_policy_table(app: TestApp) {
    let officer_token = app.token("officer").await;
    let cityed = app
        .db(|c| {
            s136::db::orgs::site_by_code(c, "CITYED")
                .unwrap()
                .unwrap()
                .id
        })
        .await;
    let mut users: Vec<(&str, bool, Sess, String, s136::domain::auth::Actor)> = Vec::new();
    for (u, in_scope) in USERS {
        let name = u.to_string();
        let actor = app.db(move |c| crate::common::actor(c, &name)).await;
        users.push((u, *in_scope, app.login(u).await, app.token(u).await, actor));
    }
    let mut walked = 0;
    for a in actions() {
        for (user, in_scope, sess, token, actor) in &users {
            let expected = if !in_scope {
                Answer::NotFound
            } else if a.policy.permits(actor, cityed) {
                Answer::Allowed
            } else {
                Answer::Forbidden
            };
            let page_case = fresh_case(&app, &officer_token).await;
            let page = app
                .post(sess, &format!("/episodes/{page_case}/{}", a.page), &a.form)
                .await;
            let api_case = fresh_case(&app, &officer_token).await;
            let api = app
                .api(
                    a.method,
                    &format!("/api/v1/episodes/{api_case}/{}", a.api),
                    token,
                    Some(a.body.clone()),
                )
                .await;
            assert_eq!(
                (answer(&page), answer(&api)),
                (expected, expected),
                "{:?} by {user}: page {} {}, API {} {}",
                a.policy.action,
                page.status,
                page.body.chars().take(300).collect::<String>(),
                api.status,
                api.body
            );
            walked += 1;
        }
    }
    // Logging an arrival makes the case, so there is no scope to be outside.
    for (user, _, sess, token, actor) in &users {
        let expected = if policy::LOG_ARRIVAL.role_allowed(actor) {
            Answer::Allowed
        } else {
            Answer::Forbidden
        };
        let form_token = s136::domain::auth::random_token(8);
        let page = app
            .post(
                sess,
                "/episodes",
                &[
                    ("site", "OAK"),
                    ("arrival", "now"),
                    ("form_token", &form_token),
                ],
            )
            .await;
        let api = app
            .api(
                "POST",
                "/api/v1/episodes",
                token,
                Some(json!({"site": "OAK"})),
            )
            .await;
        assert_eq!(
            (answer(&page), answer(&api)),
            (expected, expected),
            "log arrival by {user}: page {} {}, API {} {}",
            page.status,
            page.body.chars().take(300).collect::<String>(),
            api.status,
            api.body
        );
        walked += 1;
    }
    assert_eq!(walked, 13 * USERS.len());
}
