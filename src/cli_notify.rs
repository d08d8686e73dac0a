//! `s136 webhook ...`, `s136 escalation ...` and `s136 contact ...`: where
//! notifications go.

use chrono::{DateTime, Utc};
use clap::Subcommand;

use crate::AppError;
use crate::db::DbConn;
use crate::domain::admin::By;
use crate::domain::notify;

#[derive(Subcommand, Debug)]
pub enum WebhookCmd {
    /// Add a webhook: every site and force, one force (--force) or one site (--site).
    Add {
        /// http:// or https:// (redirects are not followed).
        #[arg(long)]
        url: String,
        /// Signs each body (X-S136-Signature); at least 16 characters.
        /// Better passed in the environment than on the command line.
        #[arg(long, env = "S136_WEBHOOK_SECRET", hide_env_values = true)]
        secret: String,
        #[arg(long, default_value = "")]
        site: String,
        #[arg(long, default_value = "")]
        force: String,
        /// Comma-separated: escalation, handover, stay_request, stay_answer,
        /// stay_reminder, police_declined. Default: all.
        #[arg(long, default_value = "")]
        events: String,
    },
    /// List the webhooks (never their secrets).
    List,
    Remove {
        #[arg(long)]
        id: i64,
    },
}

#[derive(Subcommand, Debug)]
pub enum EscalationCmd {
    /// Set a site's thresholds (minutes after arrival) and the repeat after the last.
    Set {
        #[arg(long)]
        site: String,
        /// For example 0,45,60.
        #[arg(long)]
        at: String,
        /// Minutes between repeats after the last threshold (0: none).
        #[arg(long, default_value = "60")]
        repeat: String,
    },
    /// Show a site's rule.
    Show {
        #[arg(long)]
        site: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ContactCmd {
    /// Add an email address a site's notifications go to.
    Add {
        #[arg(long)]
        site: String,
        /// on_call or manager.
        #[arg(long)]
        role: String,
        #[arg(long)]
        email: String,
    },
    Remove {
        #[arg(long)]
        site: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        email: String,
    },
    List {
        #[arg(long)]
        site: String,
    },
}

pub fn webhook(conn: &mut DbConn, cmd: WebhookCmd, now: DateTime<Utc>) -> Result<String, AppError> {
    Ok(match cmd {
        WebhookCmd::Add {
            url,
            secret,
            site,
            force,
            events,
        } => {
            let id =
                notify::add_webhook(conn, &By::Cli, &url, &secret, &site, &force, &events, now)?;
            format!("added webhook {id}")
        }
        WebhookCmd::List => notify::list_webhooks(conn, &By::Cli, crate::i18n::Lang::En)?
            .iter()
            .map(|w| {
                format!(
                    "{}\t{}\t{}\tevents={}\t{}",
                    w.id,
                    w.url,
                    w.scope,
                    w.events,
                    if w.active { "active" } else { "inactive" }
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        WebhookCmd::Remove { id } => {
            notify::remove_webhook(conn, &By::Cli, id, now)?;
            format!("removed webhook {id}")
        }
    })
}

pub fn escalation(
    conn: &mut DbConn,
    cmd: EscalationCmd,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    Ok(match cmd {
        EscalationCmd::Set { site, at, repeat } => {
            let r = notify::set_rule(conn, &By::Cli, &site, &at, &repeat, now)?;
            format!(
                "{}: escalations at {} minutes, then every {} minutes",
                site.trim(),
                r.thresholds_text(),
                r.repeat
            )
        }
        EscalationCmd::Show { site } => {
            let r = notify::rule_for_site(conn, &site)?;
            format!(
                "{}: escalations at {} minutes, then every {} minutes",
                site.trim(),
                r.thresholds_text(),
                r.repeat
            )
        }
    })
}

pub fn contact(conn: &mut DbConn, cmd: ContactCmd, now: DateTime<Utc>) -> Result<String, AppError> {
    Ok(match cmd {
        ContactCmd::Add { site, role, email } => {
            notify::set_contact(conn, &By::Cli, &site, &role, &email, true, now)?;
            format!("{} {role}: added {email}", site.trim())
        }
        ContactCmd::Remove { site, role, email } => {
            notify::set_contact(conn, &By::Cli, &site, &role, &email, false, now)?;
            format!("{} {role}: removed {email}", site.trim())
        }
        ContactCmd::List { site } => notify::contacts(conn, &site)?
            .iter()
            .map(|(r, e)| format!("{r}\t{e}"))
            .collect::<Vec<_>>()
            .join("\n"),
    })
}
