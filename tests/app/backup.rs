//! `s136 backup` of a live SQLite database under write load, and `s136
//! restore`: into a fresh database, every table compared; refused while the
//! database is open.

use actix_web::web;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use crate::common::{Backend, TestApp, actor, t0};
use s136::db::backup;
use s136::domain::episodes::{ArrivalInput, log_arrival};

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn n(c: &mut SqliteConnection, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<N>(c)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .n
}

fn tables(c: &mut SqliteConnection, schema: &str) -> Vec<String> {
    diesel::sql_query(format!(
        "SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ))
    .load::<Name>(c)
    .unwrap()
    .into_iter()
    .map(|r| r.name)
    .collect()
}

/// Rows of `a.t` that `b.t` lacks (whole rows compared, every column).
fn missing(c: &mut SqliteConnection, t: &str, a: &str, b: &str, filter: &str) -> i64 {
    n(
        c,
        &format!(
            "SELECT count(*) AS n FROM (SELECT * FROM {a}.\"{t}\" {filter} EXCEPT SELECT * FROM {b}.\"{t}\")"
        ),
    )
}

fn file_of(url: &str) -> String {
    url.trim_start_matches("sqlite://").to_string()
}

#[actix_rt::test]
async fn a_backup_under_load_restores_every_table() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let officer = app.login("officer").await;
    let first = app
        .arrive(&officer, "OAK", &[("notes", "Before the load")])
        .await;
    let seeded = app.counts().await.0;
    assert!(seeded >= 1, "{first}");

    // One writer logging arrivals as fast as it can, each its own transaction
    // (episode, stay, audit row, report rollups by trigger).
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(AtomicI64::new(0));
    let load = {
        let (pool, stop, acked) = (app.state.pool.clone(), stop.clone(), acked.clone());
        std::thread::spawn(move || {
            let mut c = pool.get().unwrap();
            let who = actor(&mut c, "officer");
            let mut i = 0i64;
            while !stop.load(Ordering::SeqCst) {
                let input = ArrivalInput {
                    // One site: the officer's last site (on their account) stays as it was.
                    site_code: Some("OAK".into()),
                    notes: Some(format!("load arrival {i}")),
                    ..Default::default()
                };
                log_arrival(&mut c, &who, &input, t0()).unwrap();
                i += 1;
                acked.store(i, Ordering::SeqCst);
            }
        })
    };
    while acked.load(Ordering::SeqCst) < 30 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.db");
    let url = app.url().to_string();
    let before = acked.load(Ordering::SeqCst);
    let (done, after) = {
        let (url, file, acked) = (url.clone(), file.clone(), acked.clone());
        web::block(move || {
            let done = backup::backup(&url, &file).unwrap();
            (done, acked.load(Ordering::SeqCst))
        })
        .await
        .unwrap()
    };
    // The load goes on after the backup, then stops.
    while acked.load(Ordering::SeqCst) < after + 20 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    stop.store(true, Ordering::SeqCst);
    load.join().unwrap();
    let in_backup = done.episodes - seeded;
    assert!(
        (before..=after).contains(&in_backup),
        "the backup holds {in_backup} arrivals of the load: between {before} acknowledged before it started and {after} when it ended"
    );
    assert!(
        after > before,
        "the load ran during the backup ({before} to {after})"
    );
    assert_eq!(done.stays, done.episodes, "one stay a detention");
    assert_eq!(done.bytes, std::fs::metadata(&file).unwrap().len());

    // A backup never overwrites a file.
    let again = backup::backup(&url, &file).unwrap_err().to_string();
    assert!(again.contains("already exists"), "{again}");

    // The live database is open (this app's pool): restore refuses it.
    let refused = backup::restore(&url, &file, t0()).unwrap_err().to_string();
    assert!(refused.contains("is in use"), "{refused}");

    // Restored into a fresh database.
    let fresh = dir.path().join("fresh").join("s136.db");
    let fresh_url = format!("sqlite://{}", fresh.display());
    let (restored, kept) = backup::restore(&fresh_url, &file, t0()).unwrap();
    assert!(kept.is_none());
    assert_eq!(restored.episodes, done.episodes);

    let mut c = SqliteConnection::establish(&fresh.to_string_lossy()).unwrap();
    diesel::sql_query(format!("ATTACH '{}' AS backup", file.display()))
        .execute(&mut c)
        .unwrap();
    diesel::sql_query(format!("ATTACH '{}' AS live", file_of(&url)))
        .execute(&mut c)
        .unwrap();
    let names = tables(&mut c, "main");
    assert_eq!(names, tables(&mut c, "backup"));
    assert_eq!(names, tables(&mut c, "live"));
    for t in [
        "episodes",
        "stays",
        "audit_events",
        "users",
        "sites",
        "report_counts",
        "__diesel_schema_migrations",
    ] {
        assert!(names.iter().any(|n| n == t), "{t} in {names:?}");
    }
    let max_episode = n(&mut c, "SELECT max(id) AS n FROM main.episodes");
    for t in &names {
        // The restored database is the backup, row for row.
        assert_eq!(
            missing(&mut c, t, "main", "backup", ""),
            0,
            "{t}: rows lost"
        );
        assert_eq!(
            missing(&mut c, t, "backup", "main", ""),
            0,
            "{t}: rows added"
        );
        assert_eq!(
            n(&mut c, &format!("SELECT count(*) AS n FROM main.\"{t}\"")),
            n(&mut c, &format!("SELECT count(*) AS n FROM backup.\"{t}\"")),
            "{t}: row count"
        );
        // And the live database as of one commit: its rows are the live
        // ones (the rollups excepted: the load went on adding to them).
        if !t.starts_with("report_") {
            assert_eq!(
                missing(&mut c, t, "main", "live", ""),
                0,
                "{t}: a row the live database never had"
            );
        }
    }
    // Every detention the live database had up to the newest one backed up
    // is there, with its stay and its audit row: no torn transaction.
    assert_eq!(
        missing(
            &mut c,
            "episodes",
            "live",
            "main",
            &format!("WHERE id <= {max_episode}")
        ),
        0
    );
    assert_eq!(
        n(
            &mut c,
            "SELECT count(*) AS n FROM main.episodes e WHERE NOT EXISTS (SELECT 1 FROM main.stays s WHERE s.episode_id = e.id) OR NOT EXISTS (SELECT 1 FROM main.audit_events a WHERE a.episode_id = e.id AND a.action = 'arrival_logged')"
        ),
        0
    );
    // The rollups agree with the stays they were built from.
    assert_eq!(
        n(
            &mut c,
            "SELECT coalesce(sum(stays), 0) AS n FROM main.report_counts WHERE grain = 'A'"
        ),
        restored.stays
    );
    let integrity: Vec<Name> =
        diesel::sql_query("SELECT integrity_check AS name FROM pragma_integrity_check()")
            .load(&mut c)
            .unwrap();
    assert_eq!(integrity.len(), 1);
    assert_eq!(integrity[0].name, "ok");
    drop(c);

    // The restored database serves: the app opens it and shows the case.
    let pool = s136::startup::open_database(&fresh_url, 2).unwrap();
    let reference = first.clone();
    let mut pc = pool.get().unwrap();
    let officer = actor(&mut pc, "officer");
    let case = s136::domain::episodes::load(&mut pc, &officer, &reference).unwrap();
    assert_eq!(case.episode.notes.as_deref(), Some("Before the load"));
    drop(pc);

    // Onto an existing database no one has open: the old file is kept aside.
    // (r2d2's background threads let go of a dropped pool shortly after.)
    drop(pool);
    let mut tries = 0;
    let (_, kept) = loop {
        match backup::restore(&fresh_url, &file, t0()) {
            Err(e) if tries < 100 && e.to_string().contains("is in use") => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => break other.unwrap(),
        }
    };
    let kept = kept.expect("the replaced database is kept");
    assert!(kept.exists(), "{}", kept.display());
    assert!(
        kept.to_string_lossy()
            .contains(".before-restore-20261120T120000Z"),
        "{}",
        kept.display()
    );
}

#[actix_rt::test]
async fn restore_refuses_what_is_not_an_s136_backup() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database at all, just some bytes").unwrap();
    let url = format!("sqlite://{}/s136.db", dir.path().display());
    let e = backup::restore(&url, &junk, t0()).unwrap_err().to_string();
    assert!(e.contains("is not an SQLite database"), "{e}");
    assert!(!Path::new(&file_of(&url)).exists(), "nothing restored");
    let e = backup::restore(&url, &dir.path().join("none.db"), t0())
        .unwrap_err()
        .to_string();
    assert!(e.contains("there is no backup"), "{e}");
    // An SQLite file that is not s136's.
    let other = dir.path().join("other.db");
    let mut c = SqliteConnection::establish(&other.to_string_lossy()).unwrap();
    diesel::sql_query("CREATE TABLE t (x)")
        .execute(&mut c)
        .unwrap();
    drop(c);
    let e = backup::restore(&url, &other, t0()).unwrap_err().to_string();
    assert!(e.contains("is not an s136 database"), "{e}");
}

#[test]
fn postgres_is_backed_up_with_its_own_tools() {
    let e = backup::backup("postgres://postgres@127.0.0.1/s136", Path::new("/tmp/x.db"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("pg_dump"), "{e}");
    let e = backup::restore(
        "postgres://postgres@127.0.0.1/s136",
        Path::new("/tmp/x.db"),
        t0(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("pg_restore"), "{e}");
}
