//! Delivering the outbox: an outbound edge, like the live streams. A worker
//! thread (never a request handler) claims due notifications, sends each by
//! its channel and reports the outcome to the domain, which decides retries
//! and the dead-letter list. Every 15 seconds it also runs the escalation
//! scheduler (`domain::notify::scan`) with the app clock.
//!
//! At least once: a row is marked sent only after its receiver confirmed it;
//! a worker killed mid-send leaves its claim to run out, and the row is sent
//! again with the same id (`X-S136-Id`, the email's `Message-ID`).

pub mod email;
pub mod push;
pub mod webhook;

use chrono::{DateTime, Duration, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::db::Pool;
use crate::db::notify::Notification;
use crate::domain::auth::random_token;
use crate::domain::notify as rules;
use crate::error::AppError;
use crate::http::Clock;

/// Why a delivery did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryFailure {
    pub message: String,
    /// No retry can help (no such webhook, no transport): dead letter at once.
    pub permanent: bool,
}

impl DeliveryFailure {
    pub fn retry(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            permanent: false,
        }
    }
    pub fn permanent(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            permanent: true,
        }
    }
}

/// How this instance delivers.
#[derive(Clone, Debug)]
pub struct Config {
    /// Names this instance in its claims (diagnostics only).
    pub instance: String,
    pub smtp: Option<email::SmtpConfig>,
    /// How long a claim holds a row: longer than any one send can take.
    pub lease: Duration,
    /// Rows claimed per round.
    pub batch: i64,
    pub http_timeout: std::time::Duration,
    /// Web Push: the VAPID contact, loopback http endpoints (tests).
    pub push: crate::domain::push::PushConfig,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            instance: format!("{}-{}", std::process::id(), random_token(4)),
            smtp: None,
            lease: Duration::seconds(60),
            batch: 20,
            http_timeout: std::time::Duration::from_secs(10),
            push: crate::domain::push::PushConfig::default(),
        }
    }
}

impl Config {
    /// `S136_SMTP_URL` (and `S136_SMTP_FROM`), `S136_OUTBOX_LEASE_SECONDS`.
    pub fn from_env() -> anyhow::Result<Self> {
        let mut c = Self::default();
        if let Ok(url) = std::env::var("S136_SMTP_URL")
            && !url.trim().is_empty()
        {
            let from = std::env::var("S136_SMTP_FROM")
                .unwrap_or_else(|_| "s136 <s136@localhost>".to_string());
            c.smtp = Some(email::SmtpConfig::new(url.trim(), &from)?);
        }
        if let Ok(s) = std::env::var("S136_OUTBOX_LEASE_SECONDS") {
            let secs: i64 = s
                .trim()
                .parse()
                .map_err(|_| anyhow::anyhow!("S136_OUTBOX_LEASE_SECONDS must be whole seconds"))?;
            c.lease = Duration::seconds(secs.max(1));
        }
        Ok(c)
    }
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    /// Failed attempts that will be retried.
    pub retrying: usize,
    /// Moved to the dead-letter list.
    pub failed: usize,
}

/// The senders, one per channel.
pub struct Transports {
    pool: Pool,
    http: ureq::Agent,
    smtp: Option<email::Mailer>,
    push: crate::domain::push::PushConfig,
}

impl Transports {
    pub fn new(pool: Pool, config: &Config) -> anyhow::Result<Self> {
        Ok(Self {
            pool,
            http: webhook::agent(config.http_timeout),
            smtp: config.smtp.as_ref().map(email::Mailer::new).transpose()?,
            push: config.push.clone(),
        })
    }

    /// Sends one notification by its channel.
    pub fn deliver(&self, n: &Notification, now: DateTime<Utc>) -> Result<(), DeliveryFailure> {
        match n.channel.as_str() {
            "webhook" => {
                let id: i64 = n
                    .target
                    .parse()
                    .map_err(|_| DeliveryFailure::permanent("the target is not a webhook id"))?;
                let hook = self
                    .pool
                    .get()
                    .map_err(|e| DeliveryFailure::retry(format!("database: {e}")))
                    .and_then(|mut c| {
                        rules::webhook(&mut c, id)
                            .map_err(|e| DeliveryFailure::retry(format!("database: {e}")))
                    })?
                    .ok_or_else(|| DeliveryFailure::permanent("the webhook was removed"))?;
                webhook::send(&self.http, &hook, n, now)
            }
            "email" => match &self.smtp {
                Some(m) => m.send(n),
                None => Err(DeliveryFailure::retry(
                    "no SMTP server is configured (S136_SMTP_URL)",
                )),
            },
            "push" => self.push(n, now),
            other => Err(DeliveryFailure::permanent(format!(
                "unknown channel {other:?}"
            ))),
        }
    }
}

impl Transports {
    /// A push row: its target is a user id; every active subscription of that
    /// user gets it. Sent when no device failed (a user with no device has
    /// nothing to be sent); a device that failed makes it a retry, which goes
    /// to every device again (the notification's tag, the row's id, makes a
    /// repeat replace the first on a device that had it).
    fn push(&self, n: &Notification, now: DateTime<Utc>) -> Result<(), DeliveryFailure> {
        let user_id: i64 = n
            .target
            .parse()
            .map_err(|_| DeliveryFailure::permanent("the target is not a user id"))?;
        let msg = crate::domain::push::Message::from_outbox(&n.kind, &n.payload)
            .map_err(DeliveryFailure::permanent)?;
        let mut c = self
            .pool
            .get()
            .map_err(|e| DeliveryFailure::retry(format!("database: {e}")))?;
        let db_failed = |e: AppError| DeliveryFailure::retry(format!("database: {e}"));
        let keys = crate::domain::push::vapid_keys(&mut c).map_err(db_failed)?;
        let sender = push::Sender::new(keys, self.push.clone());
        let report =
            push::deliver_to_user(&mut c, &sender, user_id, &msg, now).map_err(db_failed)?;
        if report.should_retry() {
            return Err(DeliveryFailure::retry(format!(
                "{} of {} devices did not take it",
                report.failed,
                report.failed + report.delivered + report.gone
            )));
        }
        Ok(())
    }
}

/// Seconds between escalation scans.
pub const SCAN_EVERY: i64 = 15;

/// One instance's delivery worker.
pub struct Outbox {
    pool: Pool,
    clock: Clock,
    config: Config,
    transports: Transports,
}

impl Outbox {
    pub fn new(pool: Pool, clock: Clock, config: Config) -> anyhow::Result<Self> {
        let transports = Transports::new(pool.clone(), &config)?;
        Ok(Self {
            pool,
            clock,
            config,
            transports,
        })
    }

    /// Claims the due rows, sends them and records what happened.
    pub fn run_once(&self) -> Result<Round, AppError> {
        let token = format!("{}:{}", self.config.instance, random_token(6));
        let now = self.clock.now();
        let claimed = {
            let mut c = self.pool.get().map_err(AppError::internal)?;
            rules::claim(&mut c, &token, now, self.config.lease, self.config.batch)?
        };
        let mut round = Round::default();
        for n in &claimed {
            let outcome = self.transports.deliver(n, self.clock.now());
            let mut c = self.pool.get().map_err(AppError::internal)?;
            let now = self.clock.now();
            match outcome {
                Ok(()) => {
                    rules::delivered(&mut c, n, &token, now)?;
                    round.sent += 1;
                }
                Err(f) => {
                    log::warn!(
                        "notification {} ({} {}) not delivered: {}",
                        n.id,
                        n.channel,
                        n.kind,
                        f.message
                    );
                    match rules::attempt_failed(&mut c, n, &token, &f.message, f.permanent, now)? {
                        crate::db::notify::FAILED => round.failed += 1,
                        _ => round.retrying += 1,
                    }
                }
            }
        }
        Ok(round)
    }

    /// Runs the escalation scheduler once with the app clock.
    pub fn scan(&self) -> Result<rules::Scanned, AppError> {
        let mut c = self.pool.get().map_err(AppError::internal)?;
        rules::scan(&mut c, self.clock.now())
    }

    /// Starts the worker thread: a round whenever a change commits (or every
    /// second), the scheduler every `SCAN_EVERY` seconds (so a threshold is
    /// sent at most that late).
    pub fn start(self) -> Handle {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let spawned = std::thread::Builder::new()
            .name("s136-outbox".into())
            .spawn(move || self.run(&flag));
        if let Err(e) = spawned {
            log::error!("notifications: could not start the delivery thread: {e}");
        }
        Handle { stop }
    }

    fn run(self, stop: &AtomicBool) {
        let mut last_scan: Option<DateTime<Utc>> = None;
        while !stop.load(Ordering::Relaxed) {
            let now = self.clock.now();
            if last_scan.is_none_or(|t| now - t >= Duration::seconds(SCAN_EVERY) || now < t) {
                last_scan = Some(now);
                if let Err(e) = self.scan() {
                    log::error!("notifications: the escalation scan failed: {e:?}");
                }
            }
            match self.run_once() {
                Ok(r) if r.sent + r.retrying + r.failed >= self.config.batch as usize => continue,
                Ok(_) => {}
                Err(e) => log::error!("notifications: a delivery round failed: {e:?}"),
            }
            let (lock, cv) = crate::db::events::wake();
            let guard = lock.lock().unwrap_or_else(|p| p.into_inner());
            let _ = cv.wait_timeout(guard, std::time::Duration::from_secs(1));
        }
    }
}

/// Stops the worker thread when dropped... only when asked: `stop()`.
pub struct Handle {
    stop: Arc<AtomicBool>,
}

impl Handle {
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
