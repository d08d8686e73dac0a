//! Integration tests: the real app, on SQLite and (when configured) PostgreSQL.

mod admin;
mod api;
mod api_reports;
mod arrival;
mod auth;
mod clocks;
mod common;
mod corrections;
mod demo;
mod detention;
mod edges;
mod end;
mod handover;
mod home_office;
mod misc;
mod monitoring;
mod offer;
mod police_left;
mod report_rollups;
mod reports;
mod safeguards;
mod scope;
mod stay_request;
mod transfer;
