//! The HTML pages. [`routes`] lists every page and the middleware that is the
//! pages' own (error pages, the same-origin check); `startup` mounts it.

pub mod account;
pub mod admin;
pub mod admin_notify;
pub mod admin_orgs;
pub mod assets;
pub mod board;
pub mod cases;
pub mod client_ip;
pub mod episodes;
pub mod error_page;
pub mod health;
pub mod home;
pub mod lang;
pub mod layout;
pub mod live;
pub mod login;
pub mod metrics;
pub mod prealerts;
pub mod push;
pub mod reports;
pub mod same_origin;
pub mod session;
pub mod sso;
pub mod tokens;

use actix_web::http::StatusCode;
use actix_web::middleware::from_fn;
use actix_web::web::Bytes;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::error::AppError;
use crate::http::get;
// Handlers reach the database through `super::with_db`.
pub use crate::http::with_db;

pub fn routes(cfg: &mut web::ServiceConfig) {
    // An empty prefix: every path the API did not take. The inner middleware
    // runs first, so a refused cross-site form gets the error page too.
    let pages = web::scope("")
        .wrap(from_fn(same_origin::refuse_cross_site))
        .wrap(from_fn(error_page::render_errors))
        .route("/healthz", get().to(health::healthz))
        // Before the patterns below (each a regular expression tried in turn):
        // the board is the page asked for most, every 30 s on every screen.
        .route("/board", get().to(board::show))
        .route("/static/{version}/{path:.*}", get().to(assets::versioned))
        .route("/assets/{path:.*}", get().to(assets::nhs_assets))
        .route("/favicon.ico", get().to(assets::favicon))
        .route("/sw.js", get().to(assets::service_worker))
        .route(lang::SWITCH_PATH, get().to(lang::switch))
        .route("/login", get().to(login::show))
        .route("/login", web::post().to(login::submit))
        .route("/logout", web::post().to(login::logout))
        .route("/", get().to(home::index))
        .route("/officer", get().to(home::officer))
        .route("/episodes/new", get().to(episodes::new::show))
        .route("/episodes", web::post().to(episodes::new::submit))
        .route("/episodes/{reference}", get().to(episodes::show::show))
        .route(
            "/episodes/{reference}/record",
            get().to(episodes::record::show),
        )
        .configure(episodes::routes)
        .route(
            "/episodes/{reference}/stay-answer",
            web::post().to(episodes::ask_stay::answer),
        )
        .route(
            "/episodes/{reference}/corrections",
            get().to(episodes::correct::list),
        )
        .route(
            "/episodes/{reference}/corrections",
            web::post().to(episodes::correct::submit),
        )
        .route(
            "/episodes/{reference}/corrections/new",
            get().to(episodes::correct::show),
        )
        .route("/events", get().to(live::events))
        .route("/prealerts/new", get().to(prealerts::show))
        .route("/prealerts", web::post().to(prealerts::submit))
        .route("/prealerts/{id}/cancel", web::post().to(prealerts::cancel))
        .route("/cases", get().to(cases::show))
        .route("/reports", get().to(reports::page::show))
        .route("/reports/home-office", get().to(reports::home_office::show))
        .route(
            "/reports/home-office.csv",
            get().to(reports::home_office::csv),
        )
        .route(
            "/reports/{name:[a-z]+}.csv",
            get().to(reports::export::table),
        )
        .route("/admin", get().to(admin::index))
        .route("/admin/forces", web::post().to(admin::add_force))
        .route("/admin/sites", web::post().to(admin::add_site))
        .route("/admin/users", web::post().to(admin::add_user))
        .route("/admin/password", web::post().to(admin::set_password))
        .route("/admin/settings", web::post().to(admin::set_settings))
        .route("/admin/users/disable", web::post().to(admin::disable_user))
        .route("/admin/users/enable", web::post().to(admin::enable_user))
        .route("/admin/notifications", get().to(admin_notify::show))
        .route(
            "/admin/notifications/{id}/retry",
            web::post().to(admin_notify::retry),
        )
        .route("/admin/webhooks", web::post().to(admin_notify::add_webhook))
        .route(
            "/admin/webhooks/{id}/remove",
            web::post().to(admin_notify::remove_webhook),
        )
        .route(
            "/admin/sites/{code}/escalation",
            web::post().to(admin_notify::set_escalation),
        )
        .route(
            "/admin/sites/{code}/contacts",
            web::post().to(admin_notify::add_contact),
        )
        .route(
            "/admin/sites/{code}/contacts/remove",
            web::post().to(admin_notify::remove_contact),
        )
        .route("/admin/sites/{code}", get().to(admin_orgs::show_site))
        .route("/admin/sites/{code}", web::post().to(admin_orgs::edit_site))
        .route(
            "/admin/sites/{code}/retire",
            web::post().to(admin_orgs::retire),
        )
        .route(
            "/admin/sites/{code}/reopen",
            web::post().to(admin_orgs::reopen),
        )
        .route("/admin/forces/{code}", get().to(admin_orgs::show_force))
        .route(
            "/admin/forces/{code}",
            web::post().to(admin_orgs::edit_force),
        )
        .route(
            "/admin/forces/{code}/retire",
            web::post().to(admin_orgs::retire_force),
        )
        .route(
            "/admin/forces/{code}/reopen",
            web::post().to(admin_orgs::reopen_force),
        )
        .route(account::CHANGE_PASSWORD_PATH, get().to(account::show))
        .route(
            account::CHANGE_PASSWORD_PATH,
            web::post().to(account::submit),
        )
        .route("/sso/{name}/start", get().to(sso::start))
        .route("/sso/{name}/callback", get().to(sso::callback))
        .route("/push/key", get().to(push::key))
        .route("/push/subscriptions", get().to(push::list))
        .route("/push/subscriptions", web::post().to(push::subscribe))
        .route(
            "/push/subscriptions/delete",
            web::post().to(push::unsubscribe),
        )
        .route("/push/test", web::post().to(push::test))
        .route("/tokens", get().to(tokens::show))
        .route("/tokens", web::post().to(tokens::create))
        .route("/tokens/{id}/revoke", web::post().to(tokens::revoke))
        .default_service(web::to(not_found));
    cfg.service(pages);
}

async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::not_found())
}

pub fn render<T: Template>(status: StatusCode, t: &T) -> HttpResponse {
    match t.render() {
        Ok(body) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(body),
        Err(e) => {
            let e = AppError::internal(e);
            e.log();
            error_page::page_for(&e, &lang::Reader::default())
        }
    }
}

/// Where a page template puts the part many readers share.
pub const SHARED_SLOT: &str = "\u{0}s136-shared\u{0}";

/// A page whose largest part is shared by many readers (a cached fragment):
/// the template is rendered around `SHARED_SLOT` and the response sent as its
/// three parts, so the shared one is never copied per request.
pub fn shared_page<T: Template>(t: &T, shared: Bytes) -> Result<HttpResponse, AppError> {
    let page = t.render().map_err(AppError::internal)?;
    let (head, tail) = page
        .split_once(SHARED_SLOT)
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("the page has no shared slot")))?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(Pieces::new([
            Bytes::copy_from_slice(head.as_bytes()),
            shared,
            Bytes::copy_from_slice(tail.as_bytes()),
        ])))
}

/// A body sent as a few ready parts, its length known up front.
struct Pieces {
    parts: [Bytes; 3],
    next: usize,
    len: u64,
}

impl Pieces {
    fn new(parts: [Bytes; 3]) -> Self {
        let len = parts.iter().map(|p| p.len() as u64).sum();
        Self {
            parts,
            next: 0,
            len,
        }
    }
}

impl actix_web::body::MessageBody for Pieces {
    type Error = std::convert::Infallible;

    fn size(&self) -> actix_web::body::BodySize {
        actix_web::body::BodySize::Sized(self.len)
    }

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<Bytes, Self::Error>>> {
        while self.next < self.parts.len() {
            let i = self.next;
            self.next += 1;
            let part = std::mem::take(&mut self.parts[i]);
            if !part.is_empty() {
                return std::task::Poll::Ready(Some(Ok(part)));
            }
        }
        std::task::Poll::Ready(None)
    }
}

pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header(("Location", location))
        .finish()
}
