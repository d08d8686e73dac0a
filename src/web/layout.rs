//! What every page's frame needs: title, who is signed in, navigation, the
//! CSRF token for the sign-out button, the versioned asset path, and the
//! reader's language (templates call `l.t("key")` through it).

use super::assets;
use super::lang::{Reader, SWITCH_PATH};
use super::session::CurrentUser;
use crate::domain::lang::Msg;
use crate::domain::rules::Role;
use crate::i18n::{Tr, render};

#[derive(Default)]
pub struct NavLink {
    pub href: &'static str,
    /// Its catalogue key.
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
    /// The reader's language.
    pub tr: Tr,
    /// The language switch: the link to this page in the other language.
    pub switch_href: String,
}

/// `l.t("key")` and the rest, in the reader's language.
impl std::ops::Deref for Layout {
    type Target = Tr;
    fn deref(&self) -> &Tr {
        &self.tr
    }
}

fn switch_href(reader: &Reader) -> String {
    let query = serde_urlencoded::to_string([
        ("to", reader.lang.other().code()),
        ("next", reader.here.as_str()),
    ])
    .unwrap_or_default();
    format!("{SWITCH_PATH}?{query}")
}

impl Layout {
    pub fn bare(title: impl Into<Msg>, reader: &Reader) -> Self {
        Self {
            title: render(reader.lang, &title.into()),
            user_name: None,
            role_label: "",
            csrf: String::new(),
            nav: Vec::new(),
            assets: assets::prefix(),
            refresh: None,
            offline_user: None,
            tr: Tr(reader.lang),
            switch_href: switch_href(reader),
        }
    }

    pub fn new(title: impl Into<Msg>, user: &CurrentUser, current: &str) -> Self {
        let links: &[(&'static str, &'static str)] = match user.actor.role {
            Role::Officer => &[
                ("/officer", "nav-cases"),
                ("/episodes/new", "nav-log-arrival"),
            ],
            Role::Health => &[("/board", "nav-board")],
            Role::Manager => &[
                ("/cases", "nav-cases"),
                ("/reports", "nav-reports"),
                ("/tokens", "nav-tokens"),
            ],
            Role::Admin => &[
                ("/cases", "nav-cases"),
                ("/reports", "nav-reports"),
                ("/admin", "nav-admin"),
                ("/tokens", "nav-tokens"),
            ],
        };
        let lang = user.reader.lang;
        Self {
            title: render(lang, &title.into()),
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
            tr: Tr(lang),
            switch_href: switch_href(&user.reader),
        }
    }

    pub fn refresh_every(mut self, seconds: u32) -> Self {
        self.refresh = Some(seconds);
        self
    }
}
