//! The one error type. Every failure has a machine-readable `kind`; pages get
//! an HTML page (or a redirect to sign in), `/api` gets a JSON body.
//! Causes are logged only for internal errors, and never carry form values.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use std::fmt;

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
}

impl ErrorKind {
    pub fn status(self) -> StatusCode {
        match self {
            Self::BadRequest => StatusCode::BAD_REQUEST,
            Self::ValidationFailed => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::CsrfFailed | Self::Forbidden => StatusCode::FORBIDDEN,
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

    fn title(self) -> &'static str {
        match self {
            Self::BadRequest | Self::ValidationFailed => "There is a problem with the request",
            Self::Unauthorized => "Sign in",
            Self::CsrfFailed => "Your form has expired",
            Self::Forbidden => "You cannot do this",
            Self::NotFound => "Page not found",
            Self::AlreadyHandedOver | Self::VersionConflict | Self::Conflict => {
                "This case has changed"
            }
            Self::PayloadTooLarge => "The request is too large",
            Self::UnsupportedMediaType => "Unsupported content type",
            Self::TooManyRequests => "Too many attempts",
            Self::Unavailable => "Service unavailable",
            Self::Internal => "Sorry, there is a problem with the service",
        }
    }
}

/// Errors for individual fields, in the order the form shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<(String, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        if self.get(field).is_none() {
            self.0.push((field.to_string(), message.into()));
        }
    }
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
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
    pub message: String,
    pub fields: FieldErrors,
    pub cause: Option<anyhow::Error>,
    /// Render as JSON (set by the API layer).
    pub json: bool,
}

impl AppError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            fields: FieldErrors::default(),
            cause: None,
            json: false,
        }
    }
    pub fn validation(fields: FieldErrors) -> Self {
        let message = match fields.0.as_slice() {
            [(_, only)] => only.clone(),
            _ => "Some of the details are not right. Correct the fields named.".to_string(),
        };
        Self {
            fields,
            ..Self::new(ErrorKind::ValidationFailed, message)
        }
    }
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut f = FieldErrors::default();
        f.add(field, message);
        Self::validation(f)
    }
    pub fn not_found() -> Self {
        Self::new(
            ErrorKind::NotFound,
            "We could not find that page or case. Check the reference and try again.",
        )
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Forbidden, message)
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::BadRequest, message)
    }
    pub fn unauthorized() -> Self {
        Self::new(ErrorKind::Unauthorized, "Sign in to continue.")
    }
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Self {
            cause: Some(cause.into()),
            ..Self::new(
                ErrorKind::Internal,
                "Something went wrong on our side. Nothing was saved. Try again in a moment.",
            )
        }
    }
    pub fn json(mut self) -> Self {
        self.json = true;
        self
    }

    /// SQLite refused a lock: the transaction may be retried.
    pub fn is_busy(&self) -> bool {
        self.kind == ErrorKind::Internal
            && self.cause.as_ref().is_some_and(|c| {
                let s = c.to_string();
                s.contains("database is locked") || s.contains("database is busy")
            })
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.message)
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
            ..Self::new(
                ErrorKind::Unavailable,
                "The database is not answering. Nothing was saved. Try again in a moment.",
            )
        }
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        Self::internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

#[derive(Serialize)]
struct JsonBody<'a> {
    error: JsonError<'a>,
}
#[derive(Serialize)]
struct JsonError<'a> {
    code: ErrorKind,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<std::collections::BTreeMap<&'a str, &'a str>>,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        self.kind.status()
    }

    fn error_response(&self) -> HttpResponse {
        if let Some(cause) = &self.cause {
            if self.kind == ErrorKind::Internal {
                log::error!("internal error: {cause:#}");
            } else {
                log::warn!("{:?}: {cause:#}", self.kind);
            }
        }
        let status = self.status_code();
        if self.json {
            let fields = (!self.fields.is_empty()).then(|| {
                self.fields
                    .0
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect()
            });
            return HttpResponse::build(status).json(JsonBody {
                error: JsonError {
                    code: self.kind,
                    message: &self.message,
                    fields,
                },
            });
        }
        if self.kind == ErrorKind::Unauthorized {
            return HttpResponse::SeeOther()
                .insert_header(("Location", "/login"))
                .finish();
        }
        crate::web::render_error_page(status, self.kind.title(), &self.message)
    }
}
