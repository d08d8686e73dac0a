//! The HTML pages. [`app`] lists every route and the middleware around them.

pub mod admin;
pub mod assets;
pub mod board;
pub mod cases;
pub mod client_ip;
pub mod episodes;
pub mod health;
pub mod home;
pub mod layout;
pub mod login;
pub mod reports;
pub mod session;
pub mod tokens;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::{Compress, DefaultHeaders, Logger};
use actix_web::{App, HttpResponse, web};
use askama::Template;

use crate::db::DbConn;
use crate::error::AppError;
use crate::startup::AppState;

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
frame-ancestors 'none'";

/// Form bodies are small; anything bigger is refused before it is parsed.
const FORM_LIMIT: usize = 64 * 1024;

pub fn app(
    data: web::Data<AppState>,
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
    App::new()
        .app_data(data)
        .app_data(
            web::FormConfig::default()
                .limit(FORM_LIMIT)
                .error_handler(|err, _| {
                    AppError::bad_request(format!(
                        "The form could not be read ({err}). Go back and try again."
                    ))
                    .into()
                }),
        )
        .app_data(web::PathConfig::default().error_handler(|_, _| AppError::not_found().into()))
        .app_data(web::QueryConfig::default().error_handler(|err, _| {
            AppError::bad_request(format!("The address has a value we cannot read ({err}).")).into()
        }))
        .wrap(headers)
        .wrap(Compress::default())
        // Paths and status only: no query strings, bodies or cookies in the log.
        .wrap(
            Logger::new("%{METHOD}xi %U %s %b %Dms")
                .custom_request_replace("METHOD", |r| r.method().to_string()),
        )
        .configure(crate::api::configure)
        .configure(routes)
}

fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(health::healthz))
        .route(
            "/static/{version}/{path:.*}",
            web::get().to(assets::versioned),
        )
        .route("/assets/{path:.*}", web::get().to(assets::nhs_assets))
        .route("/favicon.ico", web::get().to(assets::favicon))
        .route("/login", web::get().to(login::show))
        .route("/login", web::post().to(login::submit))
        .route("/logout", web::post().to(login::logout))
        .route("/", web::get().to(home::index))
        .route("/officer", web::get().to(home::officer))
        .route("/episodes/new", web::get().to(episodes::new::show))
        .route("/episodes", web::post().to(episodes::new::submit))
        .route("/episodes/{reference}", web::get().to(episodes::show::show))
        .configure(episodes::routes)
        .route(
            "/episodes/{reference}/stay-answer",
            web::post().to(episodes::ask_stay::answer),
        )
        .route(
            "/episodes/{reference}/corrections",
            web::get().to(episodes::correct::list),
        )
        .route(
            "/episodes/{reference}/corrections",
            web::post().to(episodes::correct::submit),
        )
        .route(
            "/episodes/{reference}/corrections/new",
            web::get().to(episodes::correct::show),
        )
        .route("/board", web::get().to(board::show))
        .route("/cases", web::get().to(cases::show))
        .route("/reports", web::get().to(reports::page::show))
        .route(
            "/reports/home-office",
            web::get().to(reports::home_office::show),
        )
        .route(
            "/reports/home-office.csv",
            web::get().to(reports::home_office::csv),
        )
        .route(
            "/reports/{name:[a-z]+}.csv",
            web::get().to(reports::export::table),
        )
        .route("/admin", web::get().to(admin::index))
        .route("/admin/forces", web::post().to(admin::add_force))
        .route("/admin/sites", web::post().to(admin::add_site))
        .route("/admin/users", web::post().to(admin::add_user))
        .route("/admin/password", web::post().to(admin::set_password))
        .route("/admin/settings", web::post().to(admin::set_settings))
        .route("/tokens", web::get().to(tokens::show))
        .route("/tokens", web::post().to(tokens::create))
        .route("/tokens/{id}/revoke", web::post().to(tokens::revoke))
        .default_service(web::to(not_found));
}

async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::not_found())
}

/// Runs `f` with a pooled connection on the blocking thread pool (diesel is
/// synchronous; actix workers must not block).
pub async fn with_db<T, F>(state: &AppState, f: F) -> Result<T, AppError>
where
    F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let pool = state.pool.clone();
    web::block(move || {
        let mut conn = pool.get()?;
        f(&mut conn)
    })
    .await?
}

pub fn render<T: Template>(status: StatusCode, t: &T) -> HttpResponse {
    match t.render() {
        Ok(body) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(body),
        Err(e) => AppError::internal(e).error_response_html(),
    }
}

pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header(("Location", location))
        .finish()
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    l: layout::Layout,
    message: &'a str,
}

pub fn render_error_page(status: StatusCode, title: &str, message: &str) -> HttpResponse {
    let page = ErrorPage {
        l: layout::Layout::bare(title),
        message,
    };
    match page.render() {
        Ok(body) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(body),
        Err(_) => HttpResponse::build(status)
            .content_type("text/plain; charset=utf-8")
            .body(message.to_string()),
    }
}

impl AppError {
    fn error_response_html(&self) -> HttpResponse {
        actix_web::ResponseError::error_response(self)
    }
}
