//! Issue 12: the OpenAPI document describes the API that runs. Its enums are
//! the domain's codes, every value it lists is accepted, its query
//! parameters have their types, and the bodies are read as strictly as it says.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use chrono::Duration;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

use crate::both_backends;
use crate::common::{TestApp, t0};
use s136::domain::rules::{
    AgeBand, DelayReason, EpisodeKind, Ethnicity, ExtensionReason, HealthConsulted, LocationType,
    Outcome, PoliceVehicleReason, Sex, SiteKind, TimeField, Transport,
};

both_backends!(
    every_enum_in_the_document_is_the_domain_codes,
    every_listed_code_is_accepted,
    unknown_fields_empty_codes_and_loose_times_are_refused,
    status_filter_covers_every_status,
    an_undeclared_method_is_405_with_the_documented_allow,
);

async fn document(app: &TestApp) -> Value {
    let r = app
        .send(TestRequest::get().uri("/api/v1/openapi.json"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    r.json()
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> BTreeSet<String> {
    all.iter().map(|v| code(*v).to_string()).collect()
}

/// The domain's code lists, by the name the document gives their schema.
fn domain_codes() -> BTreeMap<&'static str, BTreeSet<String>> {
    BTreeMap::from([
        ("AgeBand", codes(AgeBand::ALL, AgeBand::code)),
        ("DelayReason", codes(DelayReason::ALL, DelayReason::code)),
        ("EpisodeKind", codes(EpisodeKind::ALL, EpisodeKind::code)),
        ("Ethnicity", codes(Ethnicity::ALL, Ethnicity::code)),
        (
            "ExtensionReason",
            codes(ExtensionReason::ALL, ExtensionReason::code),
        ),
        (
            "HealthConsulted",
            codes(HealthConsulted::ALL, HealthConsulted::code),
        ),
        ("LocationType", codes(LocationType::ALL, LocationType::code)),
        ("Outcome", codes(Outcome::ALL, Outcome::code)),
        (
            "PoliceVehicleReason",
            codes(PoliceVehicleReason::ALL, PoliceVehicleReason::code),
        ),
        ("Sex", codes(Sex::ALL, Sex::code)),
        ("SiteKind", codes(SiteKind::ALL, SiteKind::code)),
        ("TimeField", codes(TimeField::ALL, TimeField::code)),
        ("Transport", codes(Transport::ALL, Transport::code)),
        (
            "StatusJson",
            ["awaiting_handover", "handed_over", "ended", "cancelled"]
                .map(String::from)
                .into(),
        ),
    ])
}

/// Every `enum` list anywhere in the document, with where it is.
fn enums_in(v: &Value, path: &str, out: &mut Vec<(String, BTreeSet<String>)>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::Array(values)) = m.get("enum") {
                let set = values
                    .iter()
                    .map(|x| {
                        x.as_str()
                            .map(String::from)
                            .unwrap_or_else(|| x.to_string())
                    })
                    .collect();
                out.push((path.to_string(), set));
            }
            for (k, x) in m {
                enums_in(x, &format!("{path}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                enums_in(x, &format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The values the document lists for the schema `name`.
fn listed(doc: &Value, name: &str) -> Vec<String> {
    doc["components"]["schemas"][name]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("{name} is an enum schema"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

async fn every_enum_in_the_document_is_the_domain_codes(app: TestApp) {
    let doc = document(&app).await;
    let known = domain_codes();
    // Each named enum schema lists exactly the domain's codes.
    for (name, want) in &known {
        let got: BTreeSet<String> = listed(&doc, name).into_iter().collect();
        assert_eq!(&got, want, "{name}");
    }
    // No other enum anywhere (inline, in parameters, in the monitoring
    // "missing" list) lists a value the API would not send or accept.
    let mut all = Vec::new();
    enums_in(&doc, "", &mut all);
    assert!(all.len() >= known.len(), "{} enums found", all.len());
    for (path, values) in &all {
        let name = path.rsplit('/').nth(1).unwrap_or_default();
        if let Some(want) = known.get(name) {
            assert_eq!(values, want, "{path}");
        } else {
            for v in values {
                assert!(
                    !v.is_empty()
                        && v.chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                    "{path}: {v:?} is not a wire code"
                );
            }
        }
    }
    // The list endpoint's query parameters have their real types.
    let params = doc["paths"]["/api/v1/episodes"]["get"]["parameters"]
        .as_array()
        .unwrap();
    // A typed parameter is `anyOf: [its type, the empty string]` (empty
    // means not given): the first alternative carries the type.
    let param = |name: &str| -> Value {
        let schema = &params
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("parameter {name}"))["schema"];
        match schema["anyOf"].as_array() {
            Some(alts) => {
                assert_eq!(alts.len(), 2, "{name}: {schema}");
                assert_eq!(alts[1], json!({"type": "string", "maxLength": 0}), "{name}");
                alts[0].clone()
            }
            None => schema.clone(),
        }
    };
    let type_of = |s: &Value| -> String {
        match &s["type"] {
            Value::String(t) => t.clone(),
            // 3.1 nullable: ["integer", "null"]
            Value::Array(a) => a
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null")
                .unwrap_or_default()
                .to_string(),
            _ => String::new(),
        }
    };
    assert_eq!(type_of(&param("limit")), "integer", "{}", param("limit"));
    assert_eq!(param("limit")["minimum"], 1);
    assert_eq!(param("limit")["maximum"], 200);
    assert_eq!(
        type_of(&param("breached")),
        "boolean",
        "{}",
        param("breached")
    );
    let status = param("status").to_string();
    assert!(
        status.contains("#/components/schemas/StatusJson"),
        "{status}"
    );
}

/// An episode at OAK, arrived `minutes_ago`.
async fn arrival(app: &TestApp, token: &str, minutes_ago: i64, extra: Value) -> String {
    let mut body = json!({"site": "OAK"});
    if minutes_ago > 0 {
        body["arrived_at"] = json!((t0() - Duration::minutes(minutes_ago)).to_rfc3339());
        body["backdate_reason"] = json!("no signal");
    }
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let r = app.api("POST", "/api/v1/episodes", token, Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["reference"].as_str().unwrap().to_string()
}

/// Every value the document lists for the codes a caller sends is accepted
/// where the document says it may be sent.
async fn every_listed_code_is_accepted(app: TestApp) {
    let doc = document(&app).await;
    let officer = app.token("officer").await;
    let nurse = app.token("nurse").await;

    for kind in listed(&doc, "EpisodeKind") {
        let extra = if kind == "s135" {
            json!({"kind": kind, "warrant_at": (t0() - Duration::minutes(5)).to_rfc3339(), "amhp_name": "Sam AMHP"})
        } else {
            json!({"kind": kind})
        };
        let reference = arrival(&app, &officer, 0, extra).await;
        let r = app
            .api(
                "GET",
                &format!("/api/v1/episodes/{reference}"),
                &officer,
                None,
            )
            .await;
        assert_eq!(r.json()["kind"], kind.as_str());
    }
    for location in listed(&doc, "LocationType") {
        arrival(&app, &officer, 0, json!({"location_type": location})).await;
    }

    for reason in listed(&doc, "DelayReason") {
        // Past the target, so the reason is required and recorded.
        let reference = arrival(&app, &officer, 90, json!({})).await;
        let mut body = json!({"delay_reason": reason});
        if reason == "other" {
            body["delay_note"] = json!("generator failure");
        }
        let r = app
            .api(
                "POST",
                &format!("/api/v1/episodes/{reference}/handover"),
                &nurse,
                Some(body),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{reason}: {}", r.body);
        assert_eq!(r.json()["delay_reason"], reason.as_str());
    }

    let reference = arrival(&app, &officer, 0, json!({})).await;
    let path = format!("/api/v1/episodes/{reference}/monitoring");
    let mut sent = 0;
    for (field, schema) in [
        ("age_band", "AgeBand"),
        ("sex", "Sex"),
        ("ethnicity", "Ethnicity"),
        ("transport", "Transport"),
    ] {
        for code in listed(&doc, schema) {
            let r = app
                .api("PUT", &path, &officer, Some(json!({field: code})))
                .await;
            assert_eq!(r.status, StatusCode::OK, "{field}={code}: {}", r.body);
            assert_eq!(r.json()["monitoring"][field], code.as_str());
            sent += 1;
        }
    }
    for code in listed(&doc, "PoliceVehicleReason") {
        let body = json!({"transport": "police_vehicle", "police_vehicle_reason": code});
        let r = app.api("PUT", &path, &officer, Some(body)).await;
        assert_eq!(r.status, StatusCode::OK, "{code}: {}", r.body);
        sent += 1;
    }
    assert!(sent > 30, "{sent} monitoring codes sent");

    for code in listed(&doc, "ExtensionReason") {
        let reference = arrival(&app, &officer, 0, json!({})).await;
        let mut body = json!({"authorised_by_name": "Dr Ann Lee", "hours": 2, "reason": code});
        if code == "other" {
            body["reason_note"] = json!("awaiting interpreter");
        }
        let r = app
            .api(
                "POST",
                &format!("/api/v1/episodes/{reference}/extensions"),
                &nurse,
                Some(body),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{code}: {}", r.body);
    }
    for code in listed(&doc, "Outcome") {
        let reference = arrival(&app, &officer, 0, json!({})).await;
        let mut body = json!({"outcome": code});
        if code == "other" {
            body["outcome_note"] = json!("went home with family");
        }
        let r = app
            .api(
                "POST",
                &format!("/api/v1/episodes/{reference}/end"),
                &nurse,
                Some(body),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{code}: {}", r.body);
        assert_eq!(r.json()["outcome"], code.as_str());
    }
}

async fn unknown_fields_empty_codes_and_loose_times_are_refused(app: TestApp) {
    let officer = app.token("officer").await;
    let nurse = app.token("nurse").await;
    let reference = arrival(&app, &officer, 0, json!({})).await;
    let before = app.counts().await;
    let bad = |r: &crate::common::Resp, needle: &str| {
        assert_eq!(
            (r.status, r.code().as_str()),
            (StatusCode::BAD_REQUEST, "bad_request"),
            "{needle}: {}",
            r.body
        );
        assert!(r.body.contains(needle), "{needle} in {}", r.body);
    };
    for (body, needle) in [
        (
            json!({"site": "OAK", "colour": "red"}),
            "unknown field `colour`",
        ),
        (
            json!({"site": "OAK", "Notes": "x"}),
            "unknown field `Notes`",
        ),
        (
            json!({"site": "OAK", "police_station": {"inspector": "x"}}),
            "unknown field `inspector`",
        ),
        (json!({"site": "OAK", "kind": ""}), "unknown variant ``"),
        (
            json!({"site": "OAK", "kind": "s137"}),
            "unknown variant `s137`",
        ),
        (json!({"site": ""}), "site must be one of the codes"),
        (
            json!({"site": "OAK", "location_type": ""}),
            "location_type must be one of the codes",
        ),
        (json!({"site": "OAK", "age_band": ""}), "unknown variant ``"),
        (
            json!({"site": "OAK", "arrived_at": "2026-11-20T11:58:00 Z"}),
            "is not an RFC 3339 time",
        ),
        (
            json!({"site": "OAK", "arrived_at": "2026-11-20 11:58:00"}),
            "is not an RFC 3339 time",
        ),
    ] {
        let r = app
            .api("POST", "/api/v1/episodes", &officer, Some(body.clone()))
            .await;
        bad(&r, needle);
    }
    let on = |action: &str| format!("/api/v1/episodes/{reference}/{action}");
    for (path, token, body, needle) in [
        (
            on("handover"),
            &nurse,
            json!({"delay_reason": "other", "extra": 1}),
            "unknown field `extra`",
        ),
        (
            on("handover"),
            &nurse,
            json!({"delay_reason": ""}),
            "unknown variant ``",
        ),
        (
            on("end"),
            &nurse,
            json!({"outcome": "other", "why": "x"}),
            "unknown field `why`",
        ),
        (
            on("cancel"),
            &officer,
            json!({"reason": "twice", "by": "me"}),
            "unknown field `by`",
        ),
        (
            on("transfer"),
            &officer,
            json!({"site": "MOOR", "age_band": ""}),
            "age_band must be one of the codes",
        ),
        (
            on("police-left"),
            &officer,
            json!({"left_at": "2026-11-20T12:00:00 Z"}),
            "is not an RFC 3339 time",
        ),
        (
            on("health-checks"),
            &officer,
            json!({"nurse": "x"}),
            "unknown field `nurse`",
        ),
        (
            on("location-type"),
            &officer,
            json!({"location_type": "public_place", "x": 1}),
            "unknown field `x`",
        ),
    ] {
        let r = app.api("POST", &path, token, Some(body)).await;
        bad(&r, needle);
    }
    let r = app
        .api(
            "PUT",
            &on("monitoring"),
            &officer,
            Some(json!({"sex": "female", "gender": "f"})),
        )
        .await;
    bad(&r, "unknown field `gender`");
    assert_eq!(app.counts().await, before);
}

async fn status_filter_covers_every_status(app: TestApp) {
    let officer = app.token("officer").await;
    let nurse = app.token("nurse").await;
    let manager = app.token("manager_all").await;
    let open = arrival(&app, &officer, 0, json!({})).await;
    let handed = arrival(&app, &officer, 0, json!({})).await;
    let ended = arrival(&app, &officer, 0, json!({})).await;
    let cancelled = arrival(&app, &officer, 0, json!({})).await;
    for r in [&handed, &ended] {
        let resp = app
            .api(
                "POST",
                &format!("/api/v1/episodes/{r}/handover"),
                &nurse,
                Some(json!({})),
            )
            .await;
        assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
    }
    let resp = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{ended}/end"),
            &nurse,
            Some(json!({"outcome": "admitted_informally"})),
        )
        .await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
    let resp = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{cancelled}/cancel"),
            &officer,
            Some(json!({"reason": "logged twice"})),
        )
        .await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
    for (status, want) in [
        ("awaiting_handover", &open),
        ("handed_over", &handed),
        ("ended", &ended),
        ("cancelled", &cancelled),
    ] {
        let r = app
            .api(
                "GET",
                &format!("/api/v1/episodes?status={status}"),
                &manager,
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{status}: {}", r.body);
        let items = r.json()["items"].as_array().unwrap().clone();
        let refs: Vec<&str> = items
            .iter()
            .map(|e| e["reference"].as_str().unwrap())
            .collect();
        assert_eq!(refs, vec![want.as_str()], "status={status}");
        // The filter and the status the API returns agree.
        assert_eq!(items[0]["status"], status);
    }
    let r = app
        .api("GET", "/api/v1/episodes?status=finished", &manager, None)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    r.assert_contains("awaiting_handover, handed_over, ended or cancelled");
}

/// The response check that every API test runs is a real check: a body the
/// document does not describe, or a status it does not list, fails.
#[test]
#[should_panic(expected = "does not match the OpenAPI document")]
fn a_response_unlike_the_document_fails_the_test() {
    crate::common::check_against_document(
        "GET",
        "/api/v1/episodes/S136-2026-000001",
        200,
        r#"{"reference": 5, "status": "no_such_status"}"#,
    );
}

#[test]
#[should_panic(expected = "does not list")]
fn an_undocumented_status_fails_the_test() {
    crate::common::check_against_document("GET", "/api/v1/sites", 418, "{}");
}

/// RFC 9110: a 405 names the methods the address takes. Every path in the
/// document, sent a method it does not list, answers 405 with `Allow` giving
/// exactly the document's methods (HEAD beside GET).
async fn an_undeclared_method_is_405_with_the_documented_allow(app: TestApp) {
    let officer = app.token("officer").await;
    let reference = arrival(&app, &officer, 0, json!({})).await;
    let doc = document(&app).await;
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 15, "{} paths", paths.len());
    for (path, item) in paths {
        let mut want: Vec<&str> = Vec::new();
        for m in ["get", "post", "put", "patch", "delete"] {
            if item.get(m).is_some() {
                want.push(if m == "get" { "GET, HEAD" } else { m });
            }
        }
        let want = want.join(", ").to_uppercase();
        let uri = path.replace("{reference}", &reference);
        let r = app
            .send(
                TestRequest::default()
                    .method(actix_web::http::Method::TRACE)
                    .uri(&uri)
                    .insert_header(("Authorization", format!("Bearer {officer}"))),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "TRACE {path}: {}",
            r.body
        );
        let allow = r
            .headers
            .get("allow")
            .map(|v| v.to_str().unwrap().to_string());
        assert_eq!(allow.as_deref(), Some(want.as_str()), "Allow for {path}");
        assert_eq!(r.json()["error"]["code"], "method_not_allowed", "{path}");
    }
}
