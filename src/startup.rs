//! Building and running the server, for `main` and for the tests alike.
//! `app` is the one place that assembles everything: the middleware around
//! every response, the extractor defaults for the pages, then the API's routes
//! and the pages' routes (each edge lists its own).

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::error::UrlencodedError;
use actix_web::middleware::{Compress, DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, web as aw};
use std::net::TcpListener;

use crate::db::{self, Pool};
use crate::error::{AppError, ErrorKind};

pub use crate::http::{AppState, Clock};

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
frame-ancestors 'none'";

/// Form bodies are small; anything bigger is refused before it is parsed.
const FORM_LIMIT: usize = 64 * 1024;

pub struct Settings {
    pub bind: String,
    pub secure_cookies: bool,
    /// A separate address serving only `/metrics`, without a token.
    pub metrics_bind: Option<String>,
}

pub struct Application {
    port: u16,
    server: Server,
    metrics: Option<(u16, Server)>,
}

/// Opens the pool and brings the schema up to date.
pub fn open_database(url: &str, pool_size: u32) -> anyhow::Result<Pool> {
    let pool = db::build_pool(url, pool_size)?;
    let mut conn = pool.get()?;
    db::run_migrations(&mut conn)?;
    Ok(pool)
}

/// The whole application: pages and API on one state.
pub fn app(
    data: aw::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let secure = data.secure_cookies;
    let mut headers = DefaultHeaders::new()
        .add(("Content-Security-Policy", CSP))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=()",
        ))
        .add(("Cache-Control", "no-store"));
    if secure {
        headers = headers.add(("Strict-Transport-Security", "max-age=31536000"));
    }
    // The extractor defaults are the pages' (the API's scope sets its own, as JSON).
    App::new()
        .app_data(data)
        .app_data(
            aw::FormConfig::default()
                .limit(FORM_LIMIT)
                .error_handler(|err, _| form_error(err).into()),
        )
        .app_data(aw::PathConfig::default().error_handler(|_, _| AppError::not_found().into()))
        .app_data(aw::QueryConfig::default().error_handler(|err, _| {
            AppError::bad_request(crate::msg!("error-query", detail = err.to_string())).into()
        }))
        .wrap(headers)
        .wrap(Compress::default())
        // Outermost: the request id, the log line (route template and status
        // only: no query strings, bodies or cookies) and the request metrics.
        .wrap(from_fn(crate::http::observe::observe))
        .configure(crate::web::metrics::routes)
        // The API first: the pages' scope answers every path the API does not.
        .configure(crate::api::configure)
        .configure(crate::web::routes)
}

fn form_error(err: UrlencodedError) -> AppError {
    match err {
        UrlencodedError::Overflow { .. } => AppError::new(
            ErrorKind::PayloadTooLarge,
            crate::msg!("error-form-too-large", kib = FORM_LIMIT / 1024),
        ),
        other => AppError::bad_request(crate::msg!("error-form", detail = other.to_string())),
    }
}

impl Application {
    pub fn build(settings: &Settings, state: AppState) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(&settings.bind)?;
        let port = listener.local_addr()?.port();
        let data = aw::Data::new(state);
        let metrics = match &settings.metrics_bind {
            Some(bind) => {
                let listener = TcpListener::bind(bind)?;
                let port = listener.local_addr()?.port();
                let data = data.clone();
                let server = HttpServer::new(move || {
                    App::new()
                        .app_data(data.clone())
                        .app_data(crate::web::metrics::OpenMetrics)
                        .configure(crate::web::metrics::routes)
                })
                .workers(1)
                .listen(listener)?
                .run();
                Some((port, server))
            }
            None => None,
        };
        let server = HttpServer::new(move || app(data.clone()))
            .listen(listener)?
            .run();
        Ok(Self {
            port,
            server,
            metrics,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port of the separate metrics address, when there is one.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(p, _)| *p)
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        match self.metrics {
            Some((_, metrics)) => {
                let (a, b) = futures_util::future::join(self.server, metrics).await;
                a.and(b)
            }
            None => self.server.await,
        }
    }
}
