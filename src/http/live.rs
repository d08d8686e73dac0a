//! Live updates: the hub that learns of new events, and the server-sent
//! event stream both edges answer with (`/events` for pages, with the session
//! cookie; `/api/v1/events` with a token).
//!
//! The events table is the truth; the hub only says "look again". In this
//! process a commit wakes it at once (`db::events::transaction_ended`); with
//! PostgreSQL it also `LISTEN`s, so a change committed by another instance
//! reaches this one's streams within about 100 ms. A safety poll catches
//! anything else (SQLite written by a second process, a lost connection).
//!
//! The hub also keeps what the busiest page asks on every request: the
//! rendered board fragments, and sign-ins looked up in the last few seconds
//! (dropped at once when any session or account changes: `db::sessions`).

use actix_web::HttpResponse;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE, ContentEncoding};
use actix_web::web::Bytes;
use chrono::{DateTime, Utc};
use futures_util::future::LocalBoxFuture;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};
use tokio::sync::watch;

use super::state::{AppState, Clock};
use super::with_db;
use crate::db::{self, DbConn, Pool};
use crate::domain::auth::{self, Actor, SessionInfo};
use crate::domain::events::{self, Since};
use crate::error::{AppError, ErrorKind};

/// A comment line this often keeps proxies from closing an idle stream and
/// notices a client that has gone.
pub const HEARTBEAT: Duration = Duration::from_secs(15);
/// Streams one person may hold open at once (tabs and devices).
pub const MAX_STREAMS_PER_USER: usize = 6;
/// Events sent per database read.
const BATCH: i64 = 100;

#[derive(Clone)]
pub struct Hub {
    inner: Arc<Inner>,
}

struct Inner {
    pool: Pool,
    clock: Clock,
    latest: watch::Sender<i64>,
    started: OnceLock<()>,
    streams: Mutex<HashMap<i64, usize>>,
    /// Rendered fragments (the board), by a key that includes the site's
    /// generation: a change makes a new key, old ones age out.
    fragments: Mutex<HashMap<String, (Instant, Arc<Fragment>)>>,
    /// Sign-ins looked up lately, by the session token's hash.
    sessions: Mutex<HashMap<String, CachedSession>>,
}

/// A sign-in as the database gave it, and the accounts epoch before the read.
struct CachedSession {
    epoch: u64,
    stored: Instant,
    info: SessionInfo,
}

/// How long a looked-up sign-in is kept. A sign-out, a disabled account or a
/// new password anywhere ends it at once (the accounts epoch, moved by this
/// process's commits, by other instances' `NOTIFY` on PostgreSQL and by the
/// count of changes read each second on SQLite); this bounds what a lost
/// notification could leave behind.
const SESSION_CACHE_FOR: Duration = Duration::from_secs(10);
/// Sign-ins kept at most (a force's whole shift fits many times over).
const SESSION_CACHE_MAX: usize = 20_000;

/// A rendered part of a page that many readers share.
#[derive(Debug)]
pub struct Fragment {
    /// The page's title, in the language of the readers it is cached for.
    pub title: crate::domain::lang::Msg,
    /// Sent as it is, never copied per request (`web::shared_page`).
    pub html: Bytes,
    /// The newest event when it was rendered: the page's stream starts there.
    pub live_after: i64,
}

impl Hub {
    pub fn new(pool: Pool, clock: Clock) -> Self {
        Self {
            inner: Arc::new(Inner {
                pool,
                clock,
                latest: watch::channel(0).0,
                started: OnceLock::new(),
                streams: Mutex::new(HashMap::new()),
                fragments: Mutex::new(HashMap::new()),
                sessions: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// Starts the hub's thread the first time anything needs it.
    pub fn start(&self) {
        self.inner.started.get_or_init(|| {
            let weak = Arc::downgrade(&self.inner);
            if let Err(e) = std::thread::Builder::new()
                .name("s136-live".into())
                .spawn(move || run(weak))
            {
                log::error!("live updates: could not start the hub thread: {e}");
            }
        });
    }

    fn subscribe(&self) -> watch::Receiver<i64> {
        self.start();
        self.inner.latest.subscribe()
    }

    /// The fragment stored under `key`, if any.
    pub fn cached(&self, key: &str) -> Option<Arc<Fragment>> {
        self.start();
        let cache = self
            .inner
            .fragments
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        cache.get(key).map(|(_, f)| f.clone())
    }

    /// Stores `fragment` under `key` (keys carry the minute, so anything
    /// stored over two minutes ago can no longer be asked for).
    pub fn store(&self, key: String, fragment: Fragment) -> Arc<Fragment> {
        let fragment = Arc::new(fragment);
        let now = Instant::now();
        let mut cache = self
            .inner
            .fragments
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        cache.retain(|_, (at, _)| now.duration_since(*at) < Duration::from_secs(120));
        cache.insert(key, (now, fragment.clone()));
        fragment
    }

    /// The sign-in of session `token` looked up within the last few seconds,
    /// if no session or account has changed since and it still holds at `now`.
    pub fn session(&self, token: &str, now: DateTime<Utc>) -> Option<SessionInfo> {
        self.start();
        let epoch = db::sessions::epoch();
        let cache = self
            .inner
            .sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        cache
            .get(&auth::token_hash(token))
            .filter(|c| {
                c.epoch == epoch
                    && c.stored.elapsed() < SESSION_CACHE_FOR
                    && now < c.info.fresh_until
            })
            .map(|c| c.info.clone())
    }

    /// Where sessions and accounts stand now: note it before reading one.
    pub fn accounts_epoch(&self) -> u64 {
        db::sessions::epoch()
    }

    /// Keeps a sign-in read from the database; `epoch` is
    /// `accounts_epoch()` from before the read.
    pub fn keep_session(&self, token: &str, epoch: u64, info: &SessionInfo) {
        let mut cache = self
            .inner
            .sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if cache.len() >= SESSION_CACHE_MAX {
            cache.retain(|_, c| c.epoch == epoch && c.stored.elapsed() < SESSION_CACHE_FOR);
            if cache.len() >= SESSION_CACHE_MAX {
                cache.clear();
            }
        }
        cache.insert(
            auth::token_hash(token),
            CachedSession {
                epoch,
                stored: Instant::now(),
                info: info.clone(),
            },
        );
    }

    fn admit(&self, user_id: i64) -> Result<StreamSlot, AppError> {
        let mut s = self.inner.streams.lock().unwrap_or_else(|p| p.into_inner());
        let n = s.entry(user_id).or_default();
        if *n >= MAX_STREAMS_PER_USER {
            return Err(AppError::new(
                ErrorKind::TooManyRequests,
                crate::msg!("error-too-many-streams", n = MAX_STREAMS_PER_USER),
            ));
        }
        *n += 1;
        Ok(StreamSlot {
            hub: Arc::downgrade(&self.inner),
            user_id,
        })
    }
}

/// One open stream, counted against its user until dropped.
struct StreamSlot {
    hub: Weak<Inner>,
    user_id: i64,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        if let Some(h) = self.hub.upgrade() {
            let mut s = h.streams.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(n) = s.get_mut(&self.user_id) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    s.remove(&self.user_id);
                }
            }
        }
    }
}

/// The hub's loop: wait to be woken (or for a notification, or the safety
/// poll), read what is new, mark those sites changed and tell the streams.
/// Ends when the application state it serves is dropped.
fn run(weak: Weak<Inner>) {
    let mut last = match weak.upgrade() {
        Some(h) => h
            .pool
            .get()
            .ok()
            .and_then(|mut c| events::latest(&mut c).ok())
            .unwrap_or(0),
        None => return,
    };
    if let Some(h) = weak.upgrade() {
        h.latest.send_replace(last);
    }
    let mut listener: Option<db::PooledConn> = None;
    let mut seen_wake = *db::events::wake()
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let mut last_poll = Instant::now();
    let mut last_prune: Option<Instant> = None;
    let mut accounts_seen = None;
    let postgres = match weak.upgrade() {
        Some(h) => matches!(h.pool.get().as_deref(), Ok(DbConn::Postgres(_))),
        None => return,
    };
    loop {
        let Some(hub) = weak.upgrade() else { return };
        // PostgreSQL: hold one connection that LISTENs (re-made if it breaks).
        let mut notified = false;
        if postgres {
            if listener.is_none() {
                listener = listen(&hub.pool);
                notified = true; // it may have missed something while down
                db::sessions::bump_epoch();
            }
            let mut broken = false;
            if let Some(DbConn::Postgres(pg)) = listener.as_deref_mut() {
                for n in pg.notifications_iter() {
                    match n {
                        Ok(n) if n.channel == db::sessions::CHANNEL => db::sessions::bump_epoch(),
                        Ok(_) => notified = true,
                        Err(e) => {
                            log::warn!("live updates: lost the LISTEN connection: {e}");
                            broken = true;
                            break;
                        }
                    }
                }
            }
            if broken {
                listener = None;
                notified = true;
            }
        }
        let poll_every = if postgres {
            Duration::from_secs(5)
        } else {
            Duration::from_secs(1)
        };
        if notified || last_poll.elapsed() >= poll_every || woken(&mut seen_wake) {
            last_poll = Instant::now();
            if let Ok(mut c) = hub.pool.get() {
                last = catch_up(&mut c, last);
                if !postgres {
                    accounts_seen = accounts_changed_elsewhere(&mut c, accounts_seen);
                }
                if last_prune.is_none_or(|t| t.elapsed() >= Duration::from_secs(3600)) {
                    last_prune = Some(Instant::now());
                    if let Err(e) = events::prune(&mut c, hub.clock.now()) {
                        log::warn!("live updates: could not prune old events: {e}");
                    }
                }
            }
            hub.latest.send_if_modified(|v| {
                let changed = *v != last;
                *v = last;
                changed
            });
        }
        drop(hub);
        // Wait for this process's next commit, or the next look at LISTEN.
        let (lock, cv) = db::events::wake();
        let guard = lock.lock().unwrap_or_else(|p| p.into_inner());
        if *guard == seen_wake {
            let wait = if postgres {
                Duration::from_millis(100)
            } else {
                Duration::from_millis(500)
            };
            let _ = cv.wait_timeout(guard, wait);
        }
    }
}

fn woken(seen: &mut u64) -> bool {
    let now = *db::events::wake()
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let changed = now != *seen;
    *seen = now;
    changed
}

fn listen(pool: &Pool) -> Option<db::PooledConn> {
    let mut c = pool.get().ok()?;
    match db::events::listen(&mut c) {
        Ok(()) => Some(c),
        Err(e) => {
            log::warn!("live updates: LISTEN failed: {e}");
            None
        }
    }
}

/// SQLite: moves the accounts epoch when the database's count of account
/// changes has moved since `seen` (another process signed someone out or
/// disabled them). Returns the count now.
fn accounts_changed_elsewhere(c: &mut DbConn, seen: Option<i64>) -> Option<i64> {
    match db::sessions::changes_counted(c) {
        Ok(now) => {
            if seen != Some(now) {
                db::sessions::bump_epoch();
            }
            Some(now)
        }
        Err(e) => {
            log::warn!("live updates: could not read the account changes: {e}");
            db::sessions::bump_epoch();
            seen
        }
    }
}

/// Reads events after `last`, marks their sites changed, returns the newest id.
fn catch_up(c: &mut DbConn, mut last: i64) -> i64 {
    loop {
        match db::events::all_after(c, last, 1000) {
            Ok(rows) if rows.is_empty() => return last,
            Ok(rows) => {
                let sites: Vec<i64> = rows
                    .iter()
                    .flat_map(|r| std::iter::once(r.site_id).chain(r.other_site_id))
                    .collect();
                db::events::bump(&sites);
                last = rows.last().map(|r| r.id).unwrap_or(last);
            }
            Err(e) => {
                log::warn!("live updates: could not read events: {e}");
                return last;
            }
        }
    }
}

/// How a stream checks, at each heartbeat, that its reader may still read:
/// the session or token may have been ended. `None` closes the stream.
pub type Recheck = Box<dyn Fn() -> LocalBoxFuture<'static, Option<Actor>>>;

/// Where a stream starts: after `Last-Event-ID` (or `?after=`), else now.
pub fn start_after(header: Option<&str>, query: Option<i64>) -> Option<i64> {
    header
        .and_then(|h| h.trim().parse::<i64>().ok())
        .or(query)
        .filter(|n| *n >= 0)
}

/// The `text/event-stream` response for `actor`.
pub async fn stream(
    state: AppState,
    actor: Actor,
    after: Option<i64>,
    recheck: Recheck,
) -> Result<HttpResponse, AppError> {
    let slot = state.live.admit(actor.user_id)?;
    let rx = state.live.subscribe();
    let last = match after {
        Some(a) => a,
        None => with_db(&state, events::latest).await?,
    };
    let mut queue = VecDeque::new();
    // The browser reconnects after 3 s; the comment opens the stream at once.
    queue.push_back(Bytes::from_static(b"retry: 3000\n: connected\n\n"));
    let st = StreamState {
        _slot: slot,
        state,
        actor,
        rx,
        last,
        queue,
        next_beat: tokio::time::Instant::now() + HEARTBEAT,
        recheck,
    };
    let body = futures_util::stream::unfold(st, next_chunk);
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/event-stream; charset=utf-8"))
        .insert_header((CACHE_CONTROL, "no-store"))
        // nginx passes the stream through unbuffered; no compression either,
        // which would hold events back until a block fills.
        .insert_header(("X-Accel-Buffering", "no"))
        .insert_header(ContentEncoding::Identity)
        .streaming(body))
}

struct StreamState {
    _slot: StreamSlot,
    state: AppState,
    actor: Actor,
    rx: watch::Receiver<i64>,
    last: i64,
    queue: VecDeque<Bytes>,
    next_beat: tokio::time::Instant,
    recheck: Recheck,
}

async fn next_chunk(mut st: StreamState) -> Option<(Result<Bytes, AppError>, StreamState)> {
    loop {
        if let Some(b) = st.queue.pop_front() {
            return Some((Ok(b), st));
        }
        let (actor, last) = (st.actor.clone(), st.last);
        match with_db(&st.state, move |c| events::since(c, &actor, last, BATCH)).await {
            Ok(Since::Events(list)) if !list.is_empty() => {
                for e in list {
                    st.last = e.id;
                    st.queue.push_back(frame(e.id, &e.kind, &e.data));
                }
                continue;
            }
            Ok(Since::Events(_)) => {}
            Ok(Since::Reset { latest }) => {
                st.last = latest;
                st.queue
                    .push_back(frame(latest, "reset", &format!("{{\"latest\":{latest}}}")));
                continue;
            }
            // The client reconnects with its Last-Event-ID and misses nothing.
            Err(_) => return None,
        }
        tokio::select! {
            changed = st.rx.changed() => {
                if changed.is_err() {
                    return None;
                }
            }
            _ = tokio::time::sleep_until(st.next_beat) => {
                st.actor = (st.recheck)().await?;
                st.next_beat = tokio::time::Instant::now() + HEARTBEAT;
                st.queue.push_back(Bytes::from_static(b": heartbeat\n\n"));
            }
        }
    }
}

fn frame(id: i64, kind: &str, data: &str) -> Bytes {
    // `data` is one line of JSON (serde_json never writes raw newlines).
    Bytes::from(format!("id: {id}\nevent: {kind}\ndata: {data}\n\n"))
}

/// The minute a page was rendered in: part of a cached fragment's key,
/// because waits are shown to the minute.
pub fn minute_key(now: DateTime<Utc>) -> i64 {
    now.timestamp().div_euclid(60)
}
