//! s136: section 136 place-of-safety handover tracking.
//!
//! `main.rs` parses the command line and calls into here; tests build the same
//! application with [`startup::Application::build`].

pub mod api;
pub mod cli;
pub mod cli_notify;
pub mod cli_sso;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod http;
pub mod i18n;
pub mod logging;
pub mod notify;
pub mod schema;
pub mod startup;
pub mod time;
pub mod web;

pub use error::{AppError, ErrorKind};
