//! The one error type. Every failure has a machine-readable `kind`; the edge
//! that answers decides how it looks: `web` renders the HTML error page (or a
//! redirect to sign in), `api::ApiError` the JSON body. Causes are logged, and
//! never carry form values.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use std::fmt;

use crate::domain::lang::Msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    BadRequest,
    ValidationFailed,
    Unauthorized,
    CsrfFailed,
    Forbidden,
    NotFound,
    AlreadyHandedOver,
    VersionConflict,
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    TooManyRequests,
    Unavailable,
    Internal,
    /// The signed-in user must change a generated password first (pages
    /// answer with a redirect to the change form).
    PasswordChangeRequired,
}

impl ErrorKind {
    pub fn status(self) -> StatusCode {
        match self {
            Self::BadRequest => StatusCode::BAD_REQUEST,
            Self::ValidationFailed => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::CsrfFailed | Self::Forbidden | Self::PasswordChangeRequired => {
                StatusCode::FORBIDDEN
            }
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::AlreadyHandedOver | Self::VersionConflict | Self::Conflict => {
                StatusCode::CONFLICT
            }
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Errors for individual fields, in the order the form shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<(String, Msg)>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<Msg>) {
        if self.get(field).is_none() {
            self.0.push((field.to_string(), message.into()));
        }
    }
    pub fn get(&self, field: &str) -> Option<&Msg> {
        self.0.iter().find(|(f, _)| f == field).map(|(_, m)| m)
    }
    /// A field's message in English (the command line; tests).
    pub fn english(&self, field: &str) -> Option<String> {
        self.get(field).map(crate::i18n::en)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::validation(self))
        }
    }
}

#[derive(Debug)]
pub struct AppError {
    pub kind: ErrorKind,
    /// What to tell the reader; each edge puts it in their language.
    pub message: Msg,
    pub fields: FieldErrors,
    pub cause: Option<anyhow::Error>,
}

impl AppError {
    pub fn new(kind: ErrorKind, message: impl Into<Msg>) -> Self {
        Self {
            kind,
            message: message.into(),
            fields: FieldErrors::default(),
            cause: None,
        }
    }
    pub fn validation(fields: FieldErrors) -> Self {
        let message = match fields.0.as_slice() {
            [(_, only)] => only.clone(),
            _ => Msg::new("error-fields"),
        };
        Self {
            fields,
            ..Self::new(ErrorKind::ValidationFailed, message)
        }
    }
    pub fn field(field: &str, message: impl Into<Msg>) -> Self {
        let mut f = FieldErrors::default();
        f.add(field, message);
        Self::validation(f)
    }
    pub fn not_found() -> Self {
        Self::new(ErrorKind::NotFound, "error-not-found")
    }
    pub fn forbidden(message: impl Into<Msg>) -> Self {
        Self::new(ErrorKind::Forbidden, message)
    }
    pub fn bad_request(message: impl Into<Msg>) -> Self {
        Self::new(ErrorKind::BadRequest, message)
    }
    pub fn unauthorized() -> Self {
        Self::new(ErrorKind::Unauthorized, "error-sign-in")
    }
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Self {
            cause: Some(cause.into()),
            ..Self::new(ErrorKind::Internal, "error-internal")
        }
    }
    /// SQLite refused a lock: the transaction may be retried.
    pub fn is_busy(&self) -> bool {
        self.kind == ErrorKind::Internal
            && self.cause.as_ref().is_some_and(|c| {
                let s = c.to_string();
                s.contains("database is locked") || s.contains("database is busy")
            })
    }

    /// Logs the cause (once, by whichever edge answers): internal errors as
    /// errors, the rest as warnings.
    pub fn log(&self) {
        if let Some(cause) = &self.cause {
            if self.kind == ErrorKind::Internal {
                log::error!("internal error: {cause:#}");
            } else {
                log::warn!("{:?}: {cause:#}", self.kind);
            }
        }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?}: {}",
            self.kind,
            crate::i18n::render(Default::default(), &self.message)
        )
    }
}

impl std::error::Error for AppError {}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => Self::not_found(),
            other => Self::internal(other),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        Self {
            cause: Some(e.into()),
            ..Self::new(ErrorKind::Unavailable, "error-unavailable")
        }
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        Self::internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

/// The plain answer. Each edge replaces it with its own: `web` with the HTML
/// page (a middleware finds this error on the response), `api` by wrapping
/// the error in `ApiError`.
impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        self.kind.status()
    }

    fn error_response(&self) -> HttpResponse {
        self.log();
        HttpResponse::build(self.status_code())
            .content_type("text/plain; charset=utf-8")
            .body(crate::i18n::render(Default::default(), &self.message))
    }
}
