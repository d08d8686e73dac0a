//! Which forces and places of safety take new work. A retired one is not
//! offered or accepted for new arrivals, transfers or accounts; its cases,
//! audit trail and report figures stay as they were.

use super::lang::Msg;
use crate::db::{DbConn, orgs};
use crate::error::AppError;

pub fn site_is_open(site: &orgs::Site) -> bool {
    site.retired_at.is_none()
}

pub fn force_is_open(force: &orgs::Force) -> bool {
    force.retired_at.is_none()
}

/// The field message when a retired place of safety is chosen for new work.
pub fn site_retired_message(site: &orgs::Site) -> Msg {
    crate::msg!("admin-site-retired-choose", name = site.name.as_str())
}

pub fn force_retired_message(force: &orgs::Force) -> Msg {
    crate::msg!("admin-force-retired-choose", name = force.name.as_str())
}

/// Places of safety to offer for new arrivals and transfers.
pub fn open_sites(conn: &mut DbConn) -> Result<Vec<orgs::Site>, AppError> {
    Ok(orgs::list_sites(conn)?
        .into_iter()
        .filter(site_is_open)
        .collect())
}

/// Forces to offer for new accounts.
pub fn open_forces(conn: &mut DbConn) -> Result<Vec<orgs::Force>, AppError> {
    Ok(orgs::list_forces(conn)?
        .into_iter()
        .filter(force_is_open)
        .collect())
}
