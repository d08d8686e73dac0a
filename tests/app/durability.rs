//! Acknowledged means on disk: SQLite runs in WAL mode with synchronous=FULL,
//! so a commit that answered 2xx survives power loss, not only a crash.

use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::common::{Backend, TestApp};

#[derive(QueryableByName)]
struct Sync {
    #[diesel(sql_type = BigInt)]
    synchronous: i64,
}

#[actix_rt::test]
async fn sqlite_commits_are_synchronous_full() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let modes: Vec<i64> = app
        .db(|c| {
            (0..3)
                .map(|_| {
                    diesel::sql_query("PRAGMA synchronous")
                        .get_result::<Sync>(c)
                        .unwrap()
                        .synchronous
                })
                .collect()
        })
        .await;
    // 2 = FULL (0 OFF, 1 NORMAL, 3 EXTRA).
    assert_eq!(modes, vec![2, 2, 2]);
}
