//! The handover target is a real setting (issue 11): set on /admin or by
//! `s136 settings`, audited, validated, and used by the board and labels.

use actix_web::http::StatusCode;
use chrono::Duration;
use clap::Parser;
use diesel::prelude::*;

use crate::both_backends;
use crate::common::{TestApp, t0};
use s136::cli::{Cli, Command};

both_backends!(
    admin_sets_the_target_and_the_board_follows,
    invalid_targets_are_refused_and_nothing_changes,
    only_an_admin_with_the_form_token_sets_the_target,
    the_command_line_reads_and_sets_the_target,
    a_target_change_keeps_stored_flags_in_every_report,
);

/// (actor name, before, after) of every setting change, oldest first.
async fn setting_audits(
    app: &TestApp,
) -> Vec<(String, Option<i64>, Option<String>, Option<String>)> {
    app.db(|c| {
        use s136::schema::audit_events::dsl::*;
        audit_events
            .filter(action.eq("setting_changed"))
            .order(id.asc())
            .select((actor_name, episode_id, before_json, after_json))
            .load(c)
            .unwrap()
    })
    .await
}

async fn target(app: &TestApp) -> i64 {
    app.db(|c| s136::db::orgs::target_minutes(c).unwrap()).await
}

async fn admin_sets_the_target_and_the_board_follows(app: TestApp) {
    let admin = app.login("admin").await;
    let page = app.get(&admin, "/admin").await;
    page.assert_contains("Handover target");
    page.assert_contains("name=\"handover_target_minutes\" type=\"text\" value=\"60\"");
    let r = app
        .post(
            &admin,
            "/admin/settings",
            &[("handover_target_minutes", " 45 ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/admin?saved=target#target");
    let page = app.get(&admin, "/admin?saved=target").await;
    page.assert_contains("Handover target saved");
    page.assert_contains("value=\"45\"");
    assert_eq!(target(&app).await, 45);
    let audits = setting_audits(&app).await;
    assert_eq!(audits.len(), 1, "{audits:?}");
    assert_eq!(audits[0].0, "Administrator");
    assert_eq!(audits[0].1, None, "a setting belongs to no episode");
    assert_eq!(
        audits[0].2.as_deref(),
        Some(r#"{"handover_target_minutes":60}"#)
    );
    assert_eq!(
        audits[0].3.as_deref(),
        Some(r#"{"handover_target_minutes":45}"#)
    );

    // The board judges against the new target and says which it is.
    let officer = app.login("officer").await;
    let reference = app.arrive(&officer, "OAK", &[]).await;
    let nurse = app.login("nurse").await;
    app.set_now(t0() + Duration::minutes(44));
    let board = app.get(&nurse, "/board").await;
    board.assert_contains(&reference);
    board.assert_contains("30 to 45 min");
    assert!(
        !board.body.contains("45 to 60 min"),
        "no band past the target"
    );
    app.set_now(t0() + Duration::minutes(46));
    let board = app.get(&nurse, "/board").await;
    board.assert_contains("<strong class=\"nhsuk-tag nhsuk-tag--red\">Breach</strong>");
    board.assert_contains("1 waiting, <strong>1 past the 45-minute target</strong>");
    let case = app.get(&officer, &format!("/episodes/{reference}")).await;
    case.assert_contains("Handover target Fri 20 Nov 2026, 12:45");
    // Past the new target a handover needs a reason, as past the hour.
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{reference}/handover"),
            &[("when", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    r.assert_contains("over the 45-minute target");
    // Saving the value in force changes nothing and writes no audit row.
    let r = app
        .post(
            &admin,
            "/admin/settings",
            &[("handover_target_minutes", "45")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(setting_audits(&app).await.len(), 1);
}

async fn invalid_targets_are_refused_and_nothing_changes(app: TestApp) {
    let admin = app.login("admin").await;
    for (typed, message) in [
        ("", "Enter the handover target in minutes, for example 60"),
        (
            "abc",
            "Enter the handover target as a whole number of minutes, for example 60",
        ),
        (
            "45.5",
            "Enter the handover target as a whole number of minutes, for example 60",
        ),
        (
            "14",
            "The handover target must be between 15 and 240 minutes",
        ),
        (
            "241",
            "The handover target must be between 15 and 240 minutes",
        ),
        (
            "-60",
            "The handover target must be between 15 and 240 minutes",
        ),
    ] {
        let r = app
            .post(
                &admin,
                "/admin/settings",
                &[("handover_target_minutes", typed)],
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{typed}: {}",
            r.body
        );
        r.assert_contains("There is a problem");
        r.assert_contains(&format!(
            "<a href=\"#target-handover_target_minutes\">{message}</a>"
        ));
        // The field keeps what was typed, marked in error.
        r.assert_contains(&format!(
            "id=\"target-handover_target_minutes\" name=\"handover_target_minutes\" type=\"text\" value=\"{typed}\""
        ));
        r.assert_contains("nhsuk-input--error");
        assert!(r.body.contains("<title>Error: "), "{typed}");
    }
    assert_eq!(target(&app).await, 60);
    assert!(setting_audits(&app).await.is_empty());
}

async fn only_an_admin_with_the_form_token_sets_the_target(app: TestApp) {
    let admin = app.login("admin").await;
    let r = app
        .post(
            &admin,
            "/admin/settings",
            &[("handover_target_minutes", "45"), ("csrf_token", "forged")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    for who in ["nurse", "manager_all", "officer"] {
        let s = app.login(who).await;
        let r = app
            .post(&s, "/admin/settings", &[("handover_target_minutes", "45")])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.body);
    }
    assert_eq!(target(&app).await, 60);
    assert!(setting_audits(&app).await.is_empty());
}

/// Runs `s136 <args>` as the command line does (its `settings` part).
async fn cli(app: &TestApp, args: &[&str]) -> Result<String, String> {
    let parsed = Cli::try_parse_from(std::iter::once("s136").chain(args.iter().copied()))
        .map_err(|e| e.to_string())?;
    let Some(Command::Settings(cmd)) = parsed.command else {
        panic!("not a settings command: {args:?}");
    };
    app.db(move |c| s136::cli::settings(c, cmd, t0()).map_err(|e| e.to_string()))
        .await
}

async fn the_command_line_reads_and_sets_the_target(app: TestApp) {
    assert_eq!(
        cli(&app, &["settings", "get", "handover_target_minutes"]).await,
        Ok("60".into())
    );
    assert_eq!(
        cli(&app, &["settings", "set", "handover_target_minutes", "45"]).await,
        Ok("handover_target_minutes changed from 60 to 45".into())
    );
    assert_eq!(
        cli(&app, &["settings", "get", "handover_target_minutes"]).await,
        Ok("45".into())
    );
    assert_eq!(
        cli(&app, &["settings", "list"]).await,
        Ok("handover_target_minutes\t45".into())
    );
    assert_eq!(
        cli(&app, &["settings", "set", "handover_target_minutes", "45"]).await,
        Ok("handover_target_minutes is already 45".into())
    );
    let refused = cli(&app, &["settings", "set", "handover_target_minutes", "300"])
        .await
        .unwrap_err();
    assert!(
        refused.contains("The handover target must be between 15 and 240 minutes"),
        "{refused}"
    );
    let unknown = cli(&app, &["settings", "set", "target", "45"])
        .await
        .unwrap_err();
    assert!(
        unknown.contains("there is no setting called target"),
        "{unknown}"
    );
    assert!(
        cli(&app, &["settings", "get", "nope"]).await.is_err(),
        "an unknown setting is an error"
    );
    assert_eq!(target(&app).await, 45);
    let audits = setting_audits(&app).await;
    assert_eq!(audits.len(), 1, "{audits:?}");
    assert_eq!(audits[0].0, "command line");
    assert_eq!(
        audits[0].3.as_deref(),
        Some(r#"{"handover_target_minutes":45}"#)
    );
    // The page shows the value the command line set.
    let admin = app.login("admin").await;
    app.get(&admin, "/admin")
        .await
        .assert_contains("value=\"45\"");
}

/// The all-time report from the rollups (when they serve) and from the raw
/// stays, as their debug text, and the JSON summary's breach count.
async fn all_time_report(app: &TestApp) -> (String, String, i64) {
    use s136::domain::auth::Scope;
    use s136::domain::reports::{self, ReportQuery, Source};
    app.db(|c| {
        let q = ReportQuery {
            period: "all".into(),
            ..Default::default()
        };
        let f = reports::parse_filter(c, Scope::All, &q, t0().date_naive()).unwrap();
        let auto = reports::report_from(c, Scope::All, &f, Source::Auto).unwrap();
        let raw = reports::report_from(c, Scope::All, &f, Source::Raw).unwrap();
        let summary = reports::summary(c, Scope::All, &f).unwrap();
        (format!("{auto:#?}"), format!("{raw:#?}"), summary.breaches)
    })
    .await
}

async fn a_target_change_keeps_stored_flags_in_every_report(app: TestApp) {
    let officer = app.login("officer").await;
    let nurse = app.login("nurse").await;
    // 50 minutes under the 60-minute target: within it, and stored so.
    let first = app.arrive(&officer, "OAK", &[]).await;
    app.set_now(t0() + Duration::minutes(50));
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{first}/handover"),
            &[("when", "now")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    cli(&app, &["settings", "set", "handover_target_minutes", "45"])
        .await
        .unwrap();
    // 50 minutes under the 45-minute target: a breach, with its reason.
    let second = app.arrive(&officer, "OAK", &[]).await;
    app.set_now(t0() + Duration::minutes(100));
    let r = app
        .post(
            &nurse,
            &format!("/episodes/{second}/handover"),
            &[("when", "now"), ("delay_reason", "insufficient_staff")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (auto, raw, breaches) = all_time_report(&app).await;
    assert_eq!(auto, raw);
    assert_eq!(breaches, 1, "the first handover keeps its flag");
    // Back to the hour: the rollups serve again and agree with the stays;
    // the second handover keeps the flag fixed against 45.
    cli(&app, &["settings", "set", "handover_target_minutes", "60"])
        .await
        .unwrap();
    let (auto, raw, breaches) = all_time_report(&app).await;
    assert_eq!(auto, raw);
    assert_eq!(breaches, 1, "the second handover keeps its flag");
    assert!(raw.contains("target_minutes: 60"), "{raw}");
}
