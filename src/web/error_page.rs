//! How a failure looks on the pages: the HTML error page, or a redirect to
//! sign in. Handlers and extractors return `AppError` with `?`; the middleware
//! here finds that error on the response and renders it, once for every page.

use actix_web::HttpResponse;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use askama::Template;

use super::lang::Reader;
use super::layout::Layout;
use crate::error::{AppError, ErrorKind};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    l: Layout,
    message: &'a crate::domain::lang::Msg,
}

fn title(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::BadRequest | ErrorKind::ValidationFailed => "error-title-bad-request",
        ErrorKind::Unauthorized => "error-title-unauthorized",
        ErrorKind::CsrfFailed => "error-title-csrf",
        ErrorKind::Forbidden => "error-title-forbidden",
        ErrorKind::NotFound => "error-title-not-found",
        ErrorKind::AlreadyHandedOver | ErrorKind::VersionConflict | ErrorKind::Conflict => {
            "error-title-conflict"
        }
        ErrorKind::PayloadTooLarge => "error-title-too-large",
        ErrorKind::UnsupportedMediaType => "error-title-media-type",
        ErrorKind::TooManyRequests => "error-title-too-many",
        ErrorKind::Unavailable => "error-title-unavailable",
        ErrorKind::Internal => "error-title-internal",
        ErrorKind::PasswordChangeRequired => "error-title-change-password",
    }
}

/// The page for an error (its cause was logged when the error became a
/// response), in the reader's language.
pub fn page_for(e: &AppError, reader: &Reader) -> HttpResponse {
    if e.kind == ErrorKind::Unauthorized {
        return super::see_other("/login");
    }
    if e.kind == ErrorKind::PasswordChangeRequired {
        return super::see_other(super::account::CHANGE_PASSWORD_PATH);
    }
    let status = e.kind.status();
    let page = ErrorPage {
        l: Layout::bare(title(e.kind), reader),
        message: &e.message,
    };
    match page.render() {
        Ok(body) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(body),
        Err(_) => HttpResponse::build(status)
            .content_type("text/plain; charset=utf-8")
            .body(crate::i18n::render(reader.lang, &e.message)),
    }
}

/// Replaces the plain answer of an `AppError` with its page.
pub async fn render_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let res = next.call(req).await?;
    let page = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
        .map(|e| page_for(e, &Reader::of(res.request(), None)));
    Ok(match page {
        Some(p) => res.into_response(p).map_into_right_body(),
        None => res.map_into_left_body(),
    })
}
