//! Database access: the connection type for both backends, the pool, migrations
//! and every query (handlers and the domain layer never build diesel queries).

pub mod audit;
pub mod backup;
pub mod bulk;
pub mod corrections;
pub mod episodes;
pub mod events;
pub mod extensions;
pub mod monitoring;
pub mod notify;
pub mod orgs;
pub mod prealerts;
pub mod push;
pub mod report_rollups;
pub mod reports;
pub mod retention;
pub mod safeguards;
pub mod scope;
pub mod sessions;
pub mod sso;
pub mod stay_requests;
pub mod tokens;
pub mod users;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionError, RunQueryDsl};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use std::time::Duration;

use crate::error::AppError;

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConn = r2d2::PooledConnection<Manager>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Dispatches on the URL scheme itself: `MultiConnection::establish` would try
/// every backend in turn and hide the real error.
#[derive(Debug, Clone)]
pub struct Manager {
    backend: Backend,
    target: String,
    /// SQLite's `synchronous`: FULL unless `S136_SQLITE_SYNCHRONOUS=normal`.
    synchronous: &'static str,
    /// SQLite: a shared lock on the database's lock file, held as long as the
    /// pool, so `s136 restore` can tell the database is in use.
    _in_use: Option<std::sync::Arc<std::fs::File>>,
}

/// FULL by default: in WAL mode NORMAL may lose the last commits on power
/// loss (not on a crash of the process), and an acknowledged arrival must
/// survive both. NORMAL is faster; a deployment may choose it knowingly.
fn sqlite_synchronous() -> anyhow::Result<&'static str> {
    match std::env::var("S136_SQLITE_SYNCHRONOUS")
        .unwrap_or_default()
        .to_ascii_lowercase()
        .as_str()
    {
        "" | "full" => Ok("FULL"),
        "normal" => Ok("NORMAL"),
        other => anyhow::bail!("S136_SQLITE_SYNCHRONOUS must be full or normal, not {other:?}"),
    }
}

impl Manager {
    pub fn new(url: &str) -> anyhow::Result<Self> {
        if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            if path.is_empty() {
                anyhow::bail!("the SQLite URL names no file: {url}");
            }
            if let Some(dir) = std::path::Path::new(path).parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir)?;
            }
            Ok(Self {
                backend: Backend::Sqlite,
                target: path.to_string(),
                synchronous: sqlite_synchronous()?,
                _in_use: Some(std::sync::Arc::new(backup::hold_shared(path)?)),
            })
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self {
                backend: Backend::Postgres,
                target: url.to_string(),
                synchronous: "",
                _in_use: None,
            })
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite:// or postgres://")
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The SQLite file, or the PostgreSQL URL.
    pub fn target(&self) -> &str {
        &self.target
    }
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = ConnectionError;

    fn connect(&self) -> Result<DbConn, ConnectionError> {
        match self.backend {
            Backend::Sqlite => {
                let mut conn = SqliteConnection::establish(&self.target)?;
                // busy_timeout first, so that setting WAL waits for other writers.
                // Sorts and groups (reports) in memory rather than temp files,
                // and a larger page cache and memory-mapped reads for big scans.
                conn.batch_execute(&format!(
                    "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = {}; PRAGMA foreign_keys = ON; \
                     PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32768; \
                     PRAGMA mmap_size = 268435456;",
                    self.synchronous
                ))
                .map_err(ConnectionError::CouldntSetupConfiguration)?;
                Ok(DbConn::Sqlite(conn))
            }
            Backend::Postgres => Ok(DbConn::Postgres(PgConnection::establish(&self.target)?)),
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), ConnectionError> {
        conn.batch_execute("SELECT 1")
            .map_err(ConnectionError::CouldntSetupConfiguration)
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

pub fn build_pool(url: &str, max_size: u32) -> anyhow::Result<Pool> {
    let manager = Manager::new(url)?;
    if manager.backend == Backend::Sqlite {
        // Switch a new file to WAL on one connection before the pool opens
        // several at once: that switch needs the file to itself, and SQLite
        // refuses the racing connections without waiting.
        drop(manager.connect()?);
    }
    let pool = r2d2::Pool::builder()
        .max_size(max_size)
        .connection_timeout(Duration::from_secs(10))
        .build(manager)?;
    Ok(pool)
}

/// PostgreSQL advisory lock keys: each names one thing that instances sharing
/// a database must do one at a time.
pub const LOCK_MIGRATIONS: i64 = 0x5136_0001;
pub const LOCK_SIGN_IN: i64 = 0x5136_0002;
pub const LOCK_FIRST_ADMIN: i64 = 0x5136_0003;
pub const LOCK_EVENTS: i64 = 0x5136_0004;

/// Brings the schema up to date. Instances starting together on an empty
/// database would race to create the same tables (PostgreSQL answers
/// `duplicate key ... pg_type_typname_nsp_index`), so the run holds a lock:
/// the first instance migrates, the others wait and find nothing to do.
pub fn run_migrations(conn: &mut DbConn) -> anyhow::Result<Vec<String>> {
    let migrate =
        |e: Box<dyn std::error::Error + Send + Sync>| anyhow::anyhow!("migration failed: {e}");
    let names = |v: Vec<diesel::migration::MigrationVersion>| -> Vec<String> {
        v.iter().map(|v| v.to_string()).collect()
    };
    if let DbConn::Postgres(c) = conn {
        diesel::sql_query("SELECT pg_advisory_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(LOCK_MIGRATIONS)
            .execute(c)?;
        let applied = c
            .run_pending_migrations(POSTGRES_MIGRATIONS)
            .map(names)
            .map_err(migrate)
            .and_then(|a| {
                reports::backfill_local_fields(conn)?;
                Ok(a)
            });
        if let DbConn::Postgres(c) = conn {
            // Also released when the connection closes, should this fail.
            diesel::sql_query("SELECT pg_advisory_unlock($1)")
                .bind::<diesel::sql_types::BigInt, _>(LOCK_MIGRATIONS)
                .execute(c)?;
        }
        return applied;
    }
    let DbConn::Sqlite(c) = conn else {
        unreachable!("two backends")
    };
    // One immediate transaction: the write lock is taken before the
    // migrations table is even read, and each migration nests in it.
    let mut attempt = 0;
    let applied = loop {
        match c.immediate_transaction(|c| c.run_pending_migrations(SQLITE_MIGRATIONS).map(names)) {
            Err(e) if attempt < 50 && is_locked(&*e) => {
                attempt += 1;
                std::thread::sleep(Duration::from_millis(20 * attempt));
            }
            other => break other.map_err(migrate)?,
        }
    };
    // Idempotent and batched: outside the lock, so a long backfill does not
    // hold other instances' writes.
    reports::backfill_local_fields(conn)?;
    Ok(applied)
}

fn is_locked(e: &(dyn std::error::Error + Send + Sync)) -> bool {
    let s = e.to_string();
    s.contains("database is locked") || s.contains("database is busy")
}

/// Runs `f` as `write_tx` does (retries included), holding a write lock from
/// the transaction's first statement, so what it reads stays true until it
/// commits, across instances: PostgreSQL a transaction-scoped advisory lock
/// on `key` (transactions taking the same key queue); SQLite the database's
/// write lock, taken by a write that changes nothing (else a deferred
/// transaction reads first and upgrades too late).
pub fn exclusive_tx<T>(
    conn: &mut DbConn,
    key: i64,
    mut f: impl FnMut(&mut DbConn) -> Result<T, AppError>,
) -> Result<T, AppError> {
    write_tx(conn, |c| {
        match c {
            DbConn::Postgres(pg) => diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
                .bind::<diesel::sql_types::BigInt, _>(key)
                .execute(pg)?,
            DbConn::Sqlite(lite) => {
                diesel::sql_query("UPDATE settings SET value = value WHERE 0").execute(lite)?
            }
        };
        f(c)
    })
}

/// Runs `f` in a transaction. SQLite answers "database is locked" at once when
/// a deferred transaction cannot upgrade to a write lock, and PostgreSQL may
/// break a deadlock or a serialisation failure by aborting one side; the whole
/// transaction is then retried (a bounded number of times), so concurrent
/// writers queue instead of failing. Past the bound the answer is 503.
pub fn write_tx<T>(
    conn: &mut DbConn,
    mut f: impl FnMut(&mut DbConn) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let outermost = TX_DEPTH.with(|d| d.replace(d.get() + 1)) == 0;
    let result = write_tx_inner(conn, &mut f);
    TX_DEPTH.with(|d| d.set(d.get() - 1));
    if outermost {
        events::transaction_ended(result.is_ok());
        sessions::transaction_ended(result.is_ok());
    }
    result
}

/// This thread is inside `write_tx` (its writes commit when that ends).
pub(crate) fn in_write_tx() -> bool {
    TX_DEPTH.with(|d| d.get() > 0)
}

thread_local! {
    /// How deep in `write_tx` this thread is: events are announced when the
    /// outermost transaction commits.
    static TX_DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

fn write_tx_inner<T>(
    conn: &mut DbConn,
    f: &mut impl FnMut(&mut DbConn) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let mut attempt = 0;
    loop {
        match conn.transaction(|c| f(c)) {
            Err(e) if e.is_busy() || is_retryable(&e) => {
                if attempt >= 50 {
                    return Err(AppError {
                        cause: e.cause,
                        ..AppError::new(
                            crate::error::ErrorKind::Unavailable,
                            "The database is busy. Nothing was saved. Try again in a moment.",
                        )
                    });
                }
                attempt += 1;
                std::thread::sleep(Duration::from_millis(5 + 5 * attempt));
            }
            other => return other,
        }
    }
}

/// PostgreSQL aborted the transaction to break a deadlock or a serialisation
/// conflict: running it again is safe.
fn is_retryable(e: &AppError) -> bool {
    use diesel::result::{DatabaseErrorKind, Error};
    match e.cause.as_ref().and_then(|c| c.downcast_ref::<Error>()) {
        Some(Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _)) => true,
        Some(Error::DatabaseError(_, info)) => info.message().contains("deadlock detected"),
        _ => false,
    }
}

/// No stored text holds a NUL (PostgreSQL cannot even compare one), so a
/// lookup by a key with one matches nothing, without asking the database.
pub fn could_be_stored(key: &str) -> bool {
    !key.contains('\0')
}

/// Whether a diesel error is a uniqueness violation (used for idempotent inserts).
pub fn is_unique_violation(e: &diesel::result::Error) -> bool {
    matches!(
        e,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}
