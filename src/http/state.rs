//! What every request handler shares: the pool, the clock and a few settings.
//! Built by `startup`, read by `web` and `api` (so neither imports `startup`).

use chrono::{DateTime, Utc};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use crate::db::Pool;

/// The time as the web edge sees it: the system clock, or a fixed one in tests.
#[derive(Clone, Default)]
pub struct Clock(Option<Arc<Mutex<DateTime<Utc>>>>);

impl Clock {
    pub fn system() -> Self {
        Self(None)
    }
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self(Some(Arc::new(Mutex::new(at))))
    }
    pub fn now(&self) -> DateTime<Utc> {
        let t = match &self.0 {
            None => Utc::now(),
            Some(m) => *m.lock().unwrap_or_else(|p| p.into_inner()),
        };
        crate::time::trunc(t)
    }
    /// Moves a fixed clock (no effect on the system clock).
    pub fn set(&self, at: DateTime<Utc>) {
        if let Some(m) = &self.0 {
            *m.lock().unwrap_or_else(|p| p.into_inner()) = at;
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub clock: Clock,
    /// Set `Secure` on cookies (behind TLS).
    pub secure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` is believed (sign-in throttling).
    pub trusted_proxies: Arc<[IpAddr]>,
    /// Live updates: the streams' hub and the cached board fragments.
    pub live: super::live::Hub,
    /// Request counts and latencies, and the token `/metrics` asks for.
    pub metrics: super::metrics::Metrics,
    /// Web Push: the VAPID contact, and whether loopback http endpoints are
    /// accepted (tests).
    pub push: crate::domain::push::PushConfig,
}

impl AppState {
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}
