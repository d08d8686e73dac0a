//! Building and running the server, for `main` and for the tests alike.

use actix_web::dev::Server;
use actix_web::{HttpServer, web as aw};
use chrono::{DateTime, Utc};
use std::net::{IpAddr, TcpListener};
use std::sync::{Arc, Mutex};

use crate::db::{self, Pool};
use crate::web;

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
        crate::domain::time::trunc(t)
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
}

impl AppState {
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}

pub struct Settings {
    pub bind: String,
    pub secure_cookies: bool,
}

pub struct Application {
    port: u16,
    server: Server,
}

/// Opens the pool and brings the schema up to date.
pub fn open_database(url: &str, pool_size: u32) -> anyhow::Result<Pool> {
    let pool = db::build_pool(url, pool_size)?;
    let mut conn = pool.get()?;
    db::run_migrations(&mut conn)?;
    Ok(pool)
}

impl Application {
    pub fn build(settings: &Settings, state: AppState) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(&settings.bind)?;
        let port = listener.local_addr()?.port();
        let data = aw::Data::new(state);
        let server = HttpServer::new(move || web::app(data.clone()))
            .listen(listener)?
            .run();
        Ok(Self { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
