//! The server's Prometheus metrics: what every request adds (counts by route
//! template and status, latency) and, at each scrape, what the database says
//! now (pool use, people waiting, breaches today).
//!
//! The `prometheus` crate, with a registry per application rather than the
//! process-wide default: the tests run many applications in one process, and
//! each must count only its own requests.

use prometheus::proto::MetricFamily;
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry,
    TextEncoder,
};
use std::sync::Arc;

use crate::domain::operations::LiveFigures;

/// The HTTP methods counted by name; anything else is counted as `other`, so
/// a client sending made-up methods cannot grow the label set.
const METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// Requests that matched no route share one label: the path itself could be
/// anything a client typed.
pub const UNMATCHED: &str = "unmatched";

#[derive(Clone)]
pub struct Metrics(Arc<Inner>);

struct Inner {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    /// The bearer token `/metrics` asks for on the main address; `None`: not
    /// served there (only on `S136_METRICS_BIND`, if set).
    token: Option<String>,
}

/// The connection pool as r2d2 reports it.
#[derive(Debug, Clone, Copy)]
pub struct PoolUse {
    pub connections: u32,
    pub idle: u32,
    pub max: u32,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new(None)
    }
}

impl Metrics {
    pub fn new(token: Option<String>) -> Self {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "s136_http_requests_total",
                "HTTP requests answered, by method, route template and status.",
            ),
            &["method", "route", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "s136_http_request_duration_seconds",
                "Time to answer an HTTP request (to the response head), by method and route template.",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ]),
            &["method", "route"],
        )
        .expect("valid metric");
        registry
            .register(Box::new(requests.clone()))
            .expect("registered once");
        registry
            .register(Box::new(latency.clone()))
            .expect("registered once");
        Self(Arc::new(Inner {
            registry,
            requests,
            latency,
            token: token.filter(|t| !t.is_empty()),
        }))
    }

    pub fn token(&self) -> Option<&str> {
        self.0.token.as_deref()
    }

    /// Counts one answered request.
    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let method = METHODS
            .iter()
            .copied()
            .find(|m| *m == method)
            .unwrap_or("other");
        self.0
            .requests
            .with_label_values(&[method, route, &status.to_string()])
            .inc();
        self.0
            .latency
            .with_label_values(&[method, route])
            .observe(seconds);
    }

    /// The text exposition format: the request metrics and this scrape's figures.
    pub fn render(&self, pool: PoolUse, live: &LiveFigures) -> Result<String, prometheus::Error> {
        let mut families = self.0.registry.gather();
        families.extend(scrape_families(pool, live)?);
        let mut out = Vec::new();
        TextEncoder::new().encode(&families, &mut out)?;
        Ok(String::from_utf8(out).unwrap_or_default())
    }
}

/// Gauges built fresh at each scrape, so a retired site's series disappears
/// instead of keeping its last value.
fn scrape_families(
    pool: PoolUse,
    live: &LiveFigures,
) -> Result<Vec<MetricFamily>, prometheus::Error> {
    let r = Registry::new();
    let conns = IntGaugeVec::new(
        Opts::new(
            "s136_db_pool_connections",
            "Database connections held by the pool, in use or idle.",
        ),
        &["state"],
    )?;
    conns
        .with_label_values(&["in_use"])
        .set(i64::from(pool.connections.saturating_sub(pool.idle)));
    conns.with_label_values(&["idle"]).set(i64::from(pool.idle));
    r.register(Box::new(conns))?;
    let max = IntGauge::new(
        "s136_db_pool_max_connections",
        "The most connections the pool opens.",
    )?;
    max.set(i64::from(pool.max));
    r.register(Box::new(max))?;
    let waiting = IntGaugeVec::new(
        Opts::new(
            "s136_waiting_for_handover",
            "People at a place of safety now whose handover is not yet accepted, by site code.",
        ),
        &["site"],
    )?;
    for (site, n) in &live.waiting {
        waiting.with_label_values(&[site]).set(*n);
    }
    r.register(Box::new(waiting))?;
    let breaches = IntGaugeVec::new(
        Opts::new(
            "s136_breaches_today",
            "Breaches of the handover target among today's arrivals (Europe/London day), as the report counts them, by site code.",
        ),
        &["site"],
    )?;
    for (site, n) in &live.breaches_today {
        breaches.with_label_values(&[site]).set(*n);
    }
    r.register(Box::new(breaches))?;
    if let Some(n) = live.outbox_backlog {
        let backlog = IntGauge::new("s136_outbox_backlog", "Notifications waiting to be sent.")?;
        backlog.set(n);
        r.register(Box::new(backlog))?;
    }
    Ok(r.gather())
}
