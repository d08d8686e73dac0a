//! What every page's frame needs: title, who is signed in, navigation, the
//! CSRF token for the sign-out button, and the versioned asset path.

use super::assets;
use super::session::CurrentUser;
use crate::domain::rules::Role;

#[derive(Default)]
pub struct NavLink {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

#[derive(Default)]
pub struct Layout {
    pub title: String,
    pub user_name: Option<String>,
    pub role_label: &'static str,
    pub csrf: String,
    pub nav: Vec<NavLink>,
    pub assets: &'static str,
    /// Seconds between automatic reloads (the board).
    pub refresh: Option<u32>,
    /// Officers' pages load the offline script (service worker, queued
    /// arrivals); the queue belongs to this account id.
    pub offline_user: Option<i64>,
}

impl Layout {
    pub fn bare(title: &str) -> Self {
        Self {
            title: title.to_string(),
            user_name: None,
            role_label: "",
            csrf: String::new(),
            nav: Vec::new(),
            assets: assets::prefix(),
            refresh: None,
            offline_user: None,
        }
    }

    pub fn new(title: impl Into<String>, user: &CurrentUser, current: &str) -> Self {
        let links: &[(&'static str, &'static str)] = match user.actor.role {
            Role::Officer => &[("/officer", "Cases"), ("/episodes/new", "Log arrival")],
            Role::Health => &[("/board", "Board")],
            Role::Manager => &[
                ("/cases", "Cases"),
                ("/reports", "Reports"),
                ("/tokens", "API tokens"),
            ],
            Role::Admin => &[
                ("/cases", "Cases"),
                ("/reports", "Reports"),
                ("/admin", "Set-up"),
                ("/tokens", "API tokens"),
            ],
        };
        Self {
            title: title.into(),
            user_name: Some(user.actor.display_name.clone()),
            role_label: user.actor.role.label(),
            csrf: user.csrf.clone(),
            nav: links
                .iter()
                .map(|(href, label)| NavLink {
                    href,
                    label,
                    current: *href == current,
                })
                .collect(),
            assets: assets::prefix(),
            refresh: None,
            offline_user: (user.actor.role == Role::Officer).then_some(user.actor.user_id),
        }
    }

    pub fn refresh_every(mut self, seconds: u32) -> Self {
        self.refresh = Some(seconds);
        self
    }
}
