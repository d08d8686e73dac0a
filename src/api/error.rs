//! How a failure looks to an API client: the JSON `ErrorBody` the document
//! describes. Handlers return `Result<_, ApiError>`, so `?` on any `AppError`
//! answers JSON here and nowhere else.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError};
use std::fmt;

use super::model::{ErrorBody, ErrorDetail};
use crate::error::{AppError, ErrorKind};
use crate::i18n::{Lang, render};

#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.0.kind.status()
    }

    fn error_response(&self) -> HttpResponse {
        self.0.log();
        self.in_language(Lang::En)
    }
}

impl ApiError {
    /// The JSON answer, its `message` (and each field's) in `lang`; the
    /// codes are the same in every language.
    pub fn in_language(&self, lang: Lang) -> HttpResponse {
        let e = &self.0;
        let code = serde_json::to_value(e.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let fields = (!e.fields.is_empty()).then(|| {
            e.fields
                .0
                .iter()
                .map(|(f, m)| (f.clone(), render(lang, m)))
                .collect()
        });
        let mut resp = HttpResponse::build(e.kind.status());
        resp.insert_header(("Content-Language", lang.tag()));
        if e.kind == ErrorKind::Unauthorized {
            // RFC 6750: say which scheme the API takes.
            resp.insert_header(("WWW-Authenticate", "Bearer"));
        }
        resp.json(ErrorBody {
            error: ErrorDetail {
                code,
                message: render(lang, &e.message),
                fields,
            },
        })
    }
}

/// The language a client asked for (`Accept-Language`), else English.
pub fn client_lang(headers: &actix_web::http::header::HeaderMap) -> Lang {
    headers
        .get("accept-language")
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::from_accept_language)
        .unwrap_or_default()
}

/// The API's errors in Welsh for a client that asks (`Accept-Language: cy`);
/// English otherwise. Codes and fields stay the same.
pub async fn in_readers_language(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let lang = client_lang(req.headers());
    let res = next.call(req).await?;
    if lang == Lang::En {
        return Ok(res.map_into_left_body());
    }
    let Some(answer) = res
        .response()
        .error()
        .and_then(|e| e.as_error::<ApiError>())
        .map(|e| e.in_language(lang))
    else {
        return Ok(res.map_into_left_body());
    };
    Ok(res.into_response(answer).map_into_right_body())
}
