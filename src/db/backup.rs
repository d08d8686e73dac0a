//! `s136 backup` and `s136 restore` for SQLite. PostgreSQL is backed up with
//! its own tools (`pg_dump`/`pg_restore`, see the README).
//!
//! A backup is `VACUUM INTO`: one read transaction, so the copy is the
//! database as of one commit while the server goes on writing (WAL mode
//! lets writers continue beside a reader), compacted, and checked before it
//! is given its name.
//!
//! "In use" is a lock file beside the database (`FILE.db-lock`): every s136
//! process that opens the database (the server, any command) holds a shared
//! lock on it for as long as it has the database open, and a restore takes it
//! exclusively or refuses. SQLite's own locks cannot tell: an idle server
//! holds none of them in WAL mode. Tools other than s136 (the `sqlite3`
//! shell) do not take this lock: stop them too.

use anyhow::{Context, bail};
use diesel::connection::SimpleConnection;
use diesel::migration::MigrationSource;
use diesel::prelude::*;
use diesel::r2d2::ManageConnection;
use diesel::sql_types::Text;
use diesel::sqlite::SqliteConnection;
use diesel_migrations::MigrationHarness;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{Backend, Manager, SQLITE_MIGRATIONS};

fn lock_path(db: &str) -> PathBuf {
    PathBuf::from(format!("{db}-lock"))
}

fn open_lock(db: &str) -> anyhow::Result<File> {
    let path = lock_path(db);
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open the lock file {}", path.display()))
}

/// The shared lock every process holds while it has the database open.
/// Refused while a restore holds the lock.
pub fn hold_shared(db: &str) -> anyhow::Result<File> {
    let file = open_lock(db)?;
    match file.try_lock_shared() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => bail!(
            "{db} is being restored (s136 restore holds {}); try again when it has finished",
            lock_path(db).display()
        ),
        Err(TryLockError::Error(e)) => Err(e).context("cannot lock the database's lock file"),
    }
}

fn sqlite_file(url: &str) -> anyhow::Result<String> {
    let m = Manager::new(url)?;
    if m.backend() != Backend::Sqlite {
        bail!(
            "s136 backup and restore are for SQLite; back up PostgreSQL with pg_dump and restore with pg_restore (see \"Backups\" in the README)"
        );
    }
    Ok(m.target().to_string())
}

/// What a backup or restore did, for the operator.
#[derive(Debug, Clone)]
pub struct Copied {
    pub bytes: u64,
    pub seconds: f64,
    pub episodes: i64,
    pub stays: i64,
}

impl Copied {
    pub fn describe(&self) -> String {
        format!(
            "{} bytes ({:.1} MiB) in {:.2} s: {} detentions, {} stays",
            self.bytes,
            self.bytes as f64 / 1_048_576.0,
            self.seconds,
            self.episodes,
            self.stays
        )
    }
}

#[derive(QueryableByName)]
struct One {
    #[diesel(sql_type = Text)]
    v: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Opens a copy for checking: integrity, the s136 schema, and migrations no
/// newer than this program's. The counts say what it holds.
fn check_copy(path: &Path) -> anyhow::Result<(i64, i64)> {
    let mut c = SqliteConnection::establish(&path.to_string_lossy())
        .with_context(|| format!("cannot open {}", path.display()))?;
    let ok: Vec<One> =
        diesel::sql_query("SELECT integrity_check AS v FROM pragma_integrity_check()")
            .load(&mut c)
            .with_context(|| format!("{} is not an SQLite database", path.display()))?;
    if ok.len() != 1 || ok[0].v != "ok" {
        bail!(
            "{} fails SQLite's integrity check: {}",
            path.display(),
            ok.iter()
                .map(|r| r.v.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    let applied = c
        .applied_migrations()
        .map_err(|e| anyhow::anyhow!("{} is not an s136 database ({e})", path.display()))?;
    let known: Vec<String> =
        MigrationSource::<diesel::sqlite::Sqlite>::migrations(&SQLITE_MIGRATIONS)
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .iter()
            .map(|m| m.name().version().to_string())
            .collect();
    if let Some(v) = applied
        .iter()
        .map(|v| v.to_string())
        .find(|v| !known.contains(v))
    {
        bail!(
            "{} was written by a newer s136 (migration {v} is unknown to this one)",
            path.display()
        );
    }
    let count = |c: &mut SqliteConnection, t: &str| -> anyhow::Result<i64> {
        Ok(diesel::sql_query(format!("SELECT count(*) AS n FROM {t}"))
            .get_result::<Count>(c)
            .with_context(|| format!("{} is not an s136 database", path.display()))?
            .n)
    };
    Ok((count(&mut c, "episodes")?, count(&mut c, "stays")?))
}

/// Makes the file durable and gives it its final name.
fn publish(tmp: &Path, to: &Path) -> anyhow::Result<()> {
    File::open(tmp)?.sync_all()?;
    fs::rename(tmp, to).with_context(|| format!("cannot rename to {}", to.display()))?;
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        File::open(dir)?.sync_all()?;
    }
    Ok(())
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Writes a consistent copy of the live database at `url` to `to` (which
/// must not exist), while the server goes on.
pub fn backup(url: &str, to: &Path) -> anyhow::Result<Copied> {
    let db = sqlite_file(url)?;
    if !Path::new(&db).exists() {
        bail!("there is no database at {db}");
    }
    if to.exists() {
        bail!(
            "{} already exists; choose a new file name (a backup never overwrites one)",
            to.display()
        );
    }
    let start = Instant::now();
    let tmp = sibling(to, ".partial");
    let _ = fs::remove_file(&tmp);
    // Through the Manager: the busy timeout and the shared lock as any user.
    let manager = Manager::new(url)?;
    let mut conn = manager.connect()?;
    let super::DbConn::Sqlite(c) = &mut conn else {
        unreachable!("checked above")
    };
    let result = diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(tmp.to_string_lossy().into_owned())
        .execute(c)
        .context("VACUUM INTO failed")
        .and_then(|_| check_copy(&tmp))
        .and_then(|counts| publish(&tmp, to).map(|()| counts));
    let (episodes, stays) = result.inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })?;
    Ok(Copied {
        bytes: fs::metadata(to)?.len(),
        seconds: start.elapsed().as_secs_f64(),
        episodes,
        stays,
    })
}

/// Replaces the SQLite database at `url` with the backup `from`, unless an
/// s136 process has it open. The replaced file, if any, is kept beside it as
/// `FILE.before-restore-<time>`.
pub fn restore(
    url: &str,
    from: &Path,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<(Copied, Option<PathBuf>)> {
    let db = sqlite_file(url)?;
    if !from.is_file() {
        bail!("there is no backup at {}", from.display());
    }
    let start = Instant::now();
    if let Some(dir) = Path::new(&db)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        fs::create_dir_all(dir)?;
    }
    let lock = open_lock(&db)?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => bail!(
            "{db} is in use: a server or another s136 command has it open (it holds a lock on {}). Stop it, then restore.",
            lock_path(&db).display()
        ),
        Err(TryLockError::Error(e)) => {
            return Err(e).context("cannot lock the database's lock file");
        }
    }
    let target = PathBuf::from(&db);
    let tmp = sibling(&target, ".restoring");
    let _ = fs::remove_file(&tmp);
    let copied = fs::copy(from, &tmp)
        .with_context(|| format!("cannot copy {}", from.display()))
        .and_then(|_| {
            // A backup taken by other means may be in WAL mode with its log
            // beside it: only the main file was copied, so use rollback mode.
            let mut c = SqliteConnection::establish(&tmp.to_string_lossy())?;
            c.batch_execute("PRAGMA journal_mode = DELETE")
                .with_context(|| format!("{} is not an SQLite database", from.display()))?;
            drop(c);
            check_copy(&tmp)
        });
    let (episodes, stays) = copied.inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })?;
    let kept = if target.exists() {
        let aside = sibling(
            &target,
            &format!(".before-restore-{}", now.format("%Y%m%dT%H%M%SZ")),
        );
        fs::rename(&target, &aside)?;
        Some(aside)
    } else {
        None
    };
    // The old database's write-ahead log belongs to the old file: left
    // there, SQLite would replay it onto the restored one.
    for suffix in ["-wal", "-shm"] {
        let p = sibling(&target, suffix);
        if p.exists() {
            match &kept {
                Some(aside) => fs::rename(&p, sibling(aside, suffix))?,
                None => fs::remove_file(&p)?,
            }
        }
    }
    publish(&tmp, &target)?;
    drop(lock);
    Ok((
        Copied {
            bytes: fs::metadata(&target)?.len(),
            seconds: start.elapsed().as_secs_f64(),
            episodes,
            stays,
        },
        kept,
    ))
}
