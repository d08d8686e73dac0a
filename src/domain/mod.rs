//! The rules, shared by the pages, the API, the CLI and the demo seeder.
//! Functions take the current time as an argument; only the web edge and the
//! CLI read the system clock.

pub mod account;
pub mod admin;
pub mod auth;
pub mod case;
pub mod corrections;
pub mod detention;
pub mod episodes;
pub mod events;
pub mod home_office;
pub mod lang;
pub mod monitoring;
pub mod notify;
pub mod operations;
pub mod orgs;
pub mod policy;
pub mod prealerts;
pub mod push;
pub mod report_sources;
pub mod reports;
pub mod retention;
pub mod rules;
pub mod safeguards;
pub mod sso;
pub mod time;
pub mod timeline;
pub mod tokens;
pub mod types;
