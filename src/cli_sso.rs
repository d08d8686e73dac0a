//! `s136 sso ...`: single sign-on providers.

use chrono::{DateTime, Utc};
use clap::Subcommand;

use crate::AppError;
use crate::db::{DbConn, sso as providers};
use crate::domain::admin::By;
use crate::domain::sso::{self, NewProviderInput};

#[derive(Subcommand, Debug)]
pub enum SsoCmd {
    /// Add an OpenID Connect provider (a button on the sign-in page). Register
    /// https://YOUR-ADDRESS/sso/NAME/callback as its redirect URI.
    Add {
        /// Short name, used in URLs: lowercase letters, numbers, hyphens.
        #[arg(long)]
        name: String,
        /// What the button says after "Sign in with" (default: the name).
        #[arg(long, default_value = "")]
        label: String,
        /// The issuer, for example https://login.microsoftonline.com/TENANT/v2.0
        #[arg(long)]
        issuer: String,
        #[arg(long)]
        client_id: String,
        /// Better passed in the environment than on the command line, where
        /// other users of the machine may see it.
        #[arg(
            long,
            env = "S136_SSO_CLIENT_SECRET",
            default_value = "",
            hide_env_values = true
        )]
        client_secret: String,
        /// The ID token claim matched against usernames: email or preferred_username.
        #[arg(long, default_value = "email")]
        claim: String,
        /// Make an account for someone the provider signs in who has none.
        #[arg(long)]
        create_users: bool,
        /// The role of accounts made by signing in: health or manager.
        #[arg(long, default_value = "")]
        role: String,
        /// Their force code (managers of one force).
        #[arg(long, default_value = "")]
        force: String,
        /// Their place of safety code (health staff; managers of one site).
        #[arg(long, default_value = "")]
        site: String,
    },
    /// List the providers (never their secrets).
    List,
    /// Remove a provider. Accounts stay; their password sign-in still works.
    Remove {
        #[arg(long)]
        name: String,
    },
}

pub fn run(conn: &mut DbConn, cmd: SsoCmd, now: DateTime<Utc>) -> Result<String, AppError> {
    Ok(match cmd {
        SsoCmd::Add {
            name,
            label,
            issuer,
            client_id,
            client_secret,
            claim,
            create_users,
            role,
            force,
            site,
        } => {
            let input = NewProviderInput {
                name,
                label,
                issuer,
                client_id,
                client_secret,
                claim,
                create_users,
                role,
                force_code: force,
                site_code: site,
            };
            let p = sso::add_provider(conn, &By::Cli, &input, now)?;
            format!(
                "added provider {} ({}); its redirect URI is <your address>/sso/{}/callback",
                p.name, p.issuer, p.name
            )
        }
        SsoCmd::List => providers::list(conn)?
            .iter()
            .map(|p| {
                let creates = match (&p.create_users, &p.role) {
                    (true, Some(r)) => format!("creates {r} accounts"),
                    _ => "existing accounts only".into(),
                };
                format!(
                    "{}\t{}\t{}\tclaim={}\t{creates}",
                    p.name, p.issuer, p.client_id, p.claim
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        SsoCmd::Remove { name } => {
            let p = sso::remove_provider(conn, &By::Cli, &name, now)?;
            format!("removed provider {}", p.name)
        }
    })
}
