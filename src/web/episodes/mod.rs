//! Case pages: log an arrival, view a case, confirm handover, police left, cancel.

mod action;
pub mod ask_stay;
pub mod cancel;
pub mod correct;
pub mod end;
pub mod extend;
pub mod handover;
pub mod health_check;
pub mod location;
pub mod monitoring;
pub mod new;
pub mod offer;
pub mod police_left;
pub mod police_station;
pub mod record;
pub mod safeguards_view;
pub mod show;
pub mod transfer;
pub mod view;

use actix_web::web;
use chrono::{DateTime, Utc};

use action::CaseForm;

use crate::domain::time::{Fold, local_time_message, parse_local};
use crate::error::FieldErrors;

/// Reads a "Just now / Earlier" choice with its `datetime-local` value.
/// `None` means now. A time that happened twice needs `fold` ("bst"/"gmt").
/// `what` is the catalogue key of the time's name with its article
/// ("the arrival time").
pub fn parse_when(
    choice: &str,
    raw: &str,
    fold: &str,
    field: &str,
    what: &'static str,
    errors: &mut FieldErrors,
) -> Option<DateTime<Utc>> {
    if choice != "earlier" {
        // Both answers at once: which one was meant cannot be guessed.
        if !raw.trim().is_empty() {
            errors.add(field, "case-when-both");
        }
        return None;
    }
    if raw.trim().is_empty() {
        errors.add(
            field,
            crate::msg!(
                "case-time-enter",
                what = crate::domain::lang::Msg::new(what)
            ),
        );
        return None;
    }
    parse_local(raw, Fold::parse(fold))
        .map_err(|e| errors.add(field, local_time_message(&e, what, raw.trim())))
        .ok()
}

/// Whether the field's error asks which of two repeated times was meant.
pub fn needs_fold(errors: &FieldErrors, field: &str) -> bool {
    errors
        .get(field)
        .is_some_and(|m| m.key == crate::domain::time::TIME_AMBIGUOUS)
}

/// What a case form shows again after the domain has ruled on it.
#[derive(Default)]
pub struct Feedback {
    pub errors: FieldErrors,
    /// A problem with the case itself (it changed, or was already done), not a field.
    pub problem: Option<crate::domain::lang::Msg>,
}

impl Feedback {
    pub fn fields(errors: FieldErrors) -> Self {
        Self {
            errors,
            problem: None,
        }
    }

    pub fn status(&self) -> actix_web::http::StatusCode {
        use actix_web::http::StatusCode;
        if self.problem.is_some() {
            StatusCode::CONFLICT
        } else if self.errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        }
    }

    /// `None` when the action was done; feedback for the form when the user
    /// can put it right; any other error as it is.
    pub fn from_result(r: Result<(), crate::AppError>) -> Result<Option<Self>, crate::AppError> {
        use crate::ErrorKind::*;
        match r {
            Ok(()) => Ok(None),
            Err(e) if e.kind == ValidationFailed => Ok(Some(Self::fields(e.fields))),
            Err(e) if matches!(e.kind, AlreadyHandedOver | VersionConflict | Conflict) => {
                Ok(Some(Self {
                    errors: FieldErrors::default(),
                    problem: Some(e.message),
                }))
            }
            Err(e) => Err(e),
        }
    }
}

/// Every case form: GET shows it, POST submits it, both through one helper.
pub fn routes(cfg: &mut web::ServiceConfig) {
    form::<offer::OfferForm>(cfg, "offer");
    form::<handover::HandoverForm>(cfg, "handover");
    form::<ask_stay::AskForm>(cfg, "ask-police-to-stay");
    form::<police_left::PoliceLeftForm>(cfg, "police-left");
    form::<transfer::TransferForm>(cfg, "transfer");
    form::<extend::ExtendForm>(cfg, "extend");
    form::<end::EndForm>(cfg, "end");
    form::<cancel::CancelForm>(cfg, "cancel");
    form::<health_check::CheckForm>(cfg, "health-check");
    form::<location::LocationForm>(cfg, "location");
    form::<monitoring::MonitoringForm>(cfg, "monitoring");
}

fn form<F: CaseForm>(cfg: &mut web::ServiceConfig, action: &str) {
    let path = format!("/episodes/{{reference}}/{action}");
    cfg.route(&path, web::get().to(action::show::<F>))
        .route(&path, web::post().to(action::submit::<F>));
}
