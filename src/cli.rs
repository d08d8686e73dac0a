//! The command line: `serve` (default), `migrate`, set-up commands and `demo`.

use chrono::Utc;
use clap::{Args, Parser, Subcommand};
use std::io::BufRead;

use crate::db::{orgs, users};
use crate::domain::admin::{self, By, NewUserInput, Setting};
use crate::domain::auth::random_token;
use crate::domain::tokens;
use crate::startup::{AppState, Application, Clock, Settings, open_database};

#[derive(Parser, Debug)]
#[command(
    name = "s136",
    version,
    about = "Section 136 place-of-safety handover tracker"
)]
pub struct Cli {
    /// sqlite://path/to/file.db or postgres://user@host/db
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/s136.db",
        global = true
    )]
    pub database_url: String,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web server (the default).
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate,
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCmd),
    /// Manage police forces.
    #[command(subcommand)]
    Force(ForceCmd),
    /// Manage places of safety.
    #[command(subcommand)]
    Site(SiteCmd),
    /// Manage personal API tokens.
    #[command(subcommand)]
    Token(TokenCmd),
    /// Read or change the deployment's settings (handover_target_minutes).
    #[command(subcommand)]
    Settings(SettingsCmd),
    /// Single sign-on identity providers (OpenID Connect).
    #[command(subcommand)]
    Sso(crate::cli_sso::SsoCmd),
    /// Webhooks that notifications are posted to.
    #[command(subcommand)]
    Webhook(crate::cli_notify::WebhookCmd),
    /// Escalation thresholds per place of safety.
    #[command(subcommand)]
    Escalation(crate::cli_notify::EscalationCmd),
    /// Email addresses of a place of safety's on-call staff and managers.
    #[command(subcommand)]
    Contact(crate::cli_notify::ContactCmd),
    /// Fill the database with a realistic demonstration data set.
    Demo(crate::demo::DemoArgs),
    /// Write a consistent copy of the live SQLite database to a new file
    /// (PostgreSQL: use pg_dump, see the README).
    Backup {
        #[arg(long, value_name = "FILE")]
        to: std::path::PathBuf,
    },
    /// Clear the free text (notes, typed names and reasons) of cases closed
    /// longer ago than the period; times, codes and counts stay. Audited.
    Purge {
        /// 6y, 18m or 90d. Required: nothing is purged by default.
        #[arg(long, value_name = "PERIOD")]
        older_than: String,
    },
    /// Replace the SQLite database with a backup; refused while a server or
    /// another s136 command has the database open.
    Restore {
        #[arg(long, value_name = "FILE")]
        from: std::path::PathBuf,
    },
    /// Time the full breach report (all scopes, as an administrator sees it).
    #[command(hide = true)]
    BenchReport(BenchArgs),
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// A report period code (7d, 30d, this_fy, all, ...) or "year" for the
    /// 365 days ending yesterday.
    #[arg(long, default_value = "all")]
    pub period: String,
    #[arg(long, default_value_t = 7)]
    pub runs: u32,
}

#[derive(Args, Debug, Default)]
pub struct ServeArgs {
    #[arg(long, env = "S136_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Mark cookies Secure (set when served over TLS).
    #[arg(long, env = "S136_SECURE_COOKIES", default_value = "0")]
    pub secure_cookies: String,
    /// Reverse proxies (IP addresses, comma-separated) whose X-Forwarded-For
    /// names the client, for sign-in throttling. Empty: the peer is the client.
    #[arg(long, env = "S136_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,
    /// The bearer token `/metrics` asks for on the main address (without
    /// one, `/metrics` is not served there).
    #[arg(
        long,
        env = "S136_METRICS_TOKEN",
        default_value = "",
        hide_env_values = true
    )]
    pub metrics_token: String,
    /// A separate address (host:port) serving only `/metrics`, without a
    /// token: for a private network the scraper is on.
    #[arg(long, env = "S136_METRICS_BIND", default_value = "")]
    pub metrics_bind: String,
    /// Web Push: how a push service can reach the operator (the VAPID `sub`
    /// claim, `mailto:` or `https:`).
    #[arg(
        long,
        env = "S136_PUSH_CONTACT",
        default_value = "mailto:s136-operator@localhost"
    )]
    pub push_contact: String,
    /// Web Push: accept http:// push endpoints on a loopback address (for a
    /// test push service only; never in production).
    #[arg(long, env = "S136_PUSH_ALLOW_LOOPBACK_HTTP", default_value = "0")]
    pub push_allow_loopback_http: String,
}

#[derive(Subcommand, Debug)]
pub enum UserCmd {
    Add {
        #[arg(long)]
        username: String,
        #[arg(long, help = "officer, health, manager or admin")]
        role: String,
        #[arg(long, default_value = "")]
        display_name: String,
        #[arg(
            long,
            default_value = "",
            help = "force code (officers; managers of one force)"
        )]
        force: String,
        #[arg(
            long,
            default_value = "",
            help = "site code (health staff; managers of one site)"
        )]
        site: String,
        #[arg(long, default_value = "")]
        collar: String,
        /// Read the password from the first line of standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    Passwd {
        #[arg(long)]
        username: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Disable a leaver's account: no sign-in, sessions ended, tokens revoked.
    Disable {
        #[arg(long)]
        username: String,
    },
    /// Enable a disabled account again.
    Enable {
        #[arg(long)]
        username: String,
    },
    List,
}

#[derive(Subcommand, Debug)]
pub enum TokenCmd {
    /// Print a new token for the user (shown once; only its hash is stored).
    Create {
        #[arg(long)]
        username: String,
        #[arg(long, default_value = "")]
        label: String,
    },
    List,
    Revoke {
        #[arg(long)]
        id: i64,
    },
}

#[derive(Subcommand, Debug)]
pub enum SettingsCmd {
    /// Change a setting (audited): `settings set handover_target_minutes 45`.
    Set { key: String, value: String },
    /// Print a setting's value in force.
    Get { key: String },
    /// Print every setting with its value in force.
    List,
}

/// Runs a `settings` command and returns what it prints.
pub fn settings(
    conn: &mut crate::db::DbConn,
    cmd: SettingsCmd,
    now: chrono::DateTime<Utc>,
) -> anyhow::Result<String> {
    let unknown = |key: &str| {
        let known: Vec<&str> = Setting::ALL.iter().map(|s| s.key()).collect();
        anyhow::anyhow!(
            "there is no setting called {key}; settings: {}",
            known.join(", ")
        )
    };
    Ok(match cmd {
        SettingsCmd::Set { key, value } => {
            let setting = Setting::parse(&key).ok_or_else(|| unknown(&key))?;
            let ch =
                admin::set_setting(conn, &By::Cli, setting.key(), &value, now).map_err(explain)?;
            if ch.before == ch.after {
                format!("{} is already {}", setting.key(), ch.after)
            } else {
                format!(
                    "{} changed from {} to {}",
                    setting.key(),
                    ch.before,
                    ch.after
                )
            }
        }
        SettingsCmd::Get { key } => {
            let setting = Setting::parse(&key).ok_or_else(|| unknown(&key))?;
            setting.current(conn).map_err(explain)?.to_string()
        }
        SettingsCmd::List => {
            let mut lines = Vec::new();
            for s in Setting::ALL {
                lines.push(format!(
                    "{}\t{}",
                    s.key(),
                    s.current(conn).map_err(explain)?
                ));
            }
            lines.join("\n")
        }
    })
}

#[derive(Subcommand, Debug)]
pub enum ForceCmd {
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
    },
    /// Rename a force (the code stays); optionally set its default language.
    Edit {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// The language its officers see until they choose: en, cy or none.
        #[arg(long, value_parser = ["en", "cy", "none"])]
        language: Option<String>,
    },
    /// Stop offering a force for new accounts (its history stays).
    Retire {
        #[arg(long)]
        code: String,
    },
    /// Offer a retired force again.
    Reopen {
        #[arg(long)]
        code: String,
    },
    List,
}

#[derive(Subcommand, Debug)]
pub enum SiteCmd {
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = site_kinds())]
        kind: String,
        #[arg(long)]
        trust: String,
    },
    /// Change a place of safety's name, kind or trust (the code stays);
    /// optionally its default language.
    Edit {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = site_kinds())]
        kind: String,
        #[arg(long)]
        trust: String,
        /// The language its staff and email contacts get until they choose:
        /// en, cy or none.
        #[arg(long, value_parser = ["en", "cy", "none"])]
        language: Option<String>,
    },
    /// Stop taking new arrivals and transfers at a place of safety (its
    /// cases and figures stay).
    Retire {
        #[arg(long)]
        code: String,
    },
    /// Take new arrivals at a retired place of safety again.
    Reopen {
        #[arg(long)]
        code: String,
    },
    List,
}

/// The kinds of place of safety, from the domain's list (help and check).
fn site_kinds() -> clap::builder::PossibleValuesParser {
    crate::domain::rules::SiteKind::ALL
        .iter()
        .map(|k| k.code())
        .collect::<Vec<_>>()
        .into()
}

fn read_password(from_stdin: bool) -> anyhow::Result<(String, bool)> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok((line.trim_end_matches(['\r', '\n']).to_string(), false))
    } else {
        Ok((random_token(12), true))
    }
}

pub(crate) fn explain(e: crate::AppError) -> anyhow::Error {
    if e.fields.is_empty() {
        anyhow::anyhow!("{}", crate::i18n::en(&e.message))
    } else {
        let lines: Vec<String> = e
            .fields
            .0
            .iter()
            .map(|(f, m)| format!("  --{}: {}", f.replace('_', "-"), crate::i18n::en(m)))
            .collect();
        anyhow::anyhow!("{}\n{}", "the command was refused:", lines.join("\n"))
    }
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let command = cli.command.unwrap_or(Command::Serve(ServeArgs {
        bind: std::env::var("S136_BIND").unwrap_or_else(|_| "127.0.0.1:8080".into()),
        secure_cookies: std::env::var("S136_SECURE_COOKIES").unwrap_or_default(),
        trusted_proxies: std::env::var("S136_TRUSTED_PROXIES").unwrap_or_default(),
        metrics_token: std::env::var("S136_METRICS_TOKEN").unwrap_or_default(),
        metrics_bind: std::env::var("S136_METRICS_BIND").unwrap_or_default(),
        push_contact: std::env::var("S136_PUSH_CONTACT")
            .unwrap_or_else(|_| "mailto:s136-operator@localhost".into()),
        push_allow_loopback_http: std::env::var("S136_PUSH_ALLOW_LOOPBACK_HTTP")
            .unwrap_or_default(),
    }));
    // Neither migrates nor holds the database open as the others do: a
    // backup reads the live file as it is, a restore needs it to itself.
    match &command {
        Command::Backup { to } => {
            let done = crate::db::backup::backup(&cli.database_url, to)?;
            println!("backed up to {}: {}", to.display(), done.describe());
            return Ok(());
        }
        Command::Restore { from } => {
            let (done, kept) = crate::db::backup::restore(&cli.database_url, from, Utc::now())?;
            println!("restored from {}: {}", from.display(), done.describe());
            if let Some(old) = kept {
                println!("the database it replaced is kept as {}", old.display());
            }
            return Ok(());
        }
        _ => {}
    }
    let pool = open_database(&cli.database_url, 8)?;
    let mut conn = pool.get()?;
    let now = Utc::now();
    match command {
        Command::Serve(args) => {
            drop(conn);
            serve(pool, args)?;
        }
        Command::Migrate => println!("database is up to date"),
        Command::Force(ForceCmd::Add { code, name }) => {
            let f = admin::add_force(&mut conn, &By::Cli, &code, &name, now).map_err(explain)?;
            println!("added force {} {}", f.code, f.name);
        }
        Command::Force(ForceCmd::Edit {
            code,
            name,
            language,
        }) => {
            let f = admin::edit_force(&mut conn, &By::Cli, &code, &name, language.as_deref(), now)
                .map_err(explain)?;
            println!("force {} is now called {}", f.code, f.name);
        }
        Command::Force(ForceCmd::Retire { code }) => {
            let f =
                admin::set_force_retired(&mut conn, &By::Cli, &code, true, now).map_err(explain)?;
            println!("force {} retired", f.code);
        }
        Command::Force(ForceCmd::Reopen { code }) => {
            let f = admin::set_force_retired(&mut conn, &By::Cli, &code, false, now)
                .map_err(explain)?;
            println!("force {} reopened", f.code);
        }
        Command::Force(ForceCmd::List) => {
            for f in orgs::list_forces(&mut conn)? {
                let state = if f.retired_at.is_some() {
                    "retired"
                } else {
                    "open"
                };
                println!("{}\t{}\t{state}", f.code, f.name);
            }
        }
        Command::Site(SiteCmd::Add {
            code,
            name,
            kind,
            trust,
        }) => {
            let s = admin::add_site(&mut conn, &By::Cli, &code, &name, &kind, &trust, now)
                .map_err(explain)?;
            println!("added site {} {} ({})", s.code, s.name, s.kind);
        }
        Command::Site(SiteCmd::Edit {
            code,
            name,
            kind,
            trust,
            language,
        }) => {
            let s = admin::edit_site(
                &mut conn,
                &By::Cli,
                &code,
                &name,
                &kind,
                &trust,
                language.as_deref(),
                now,
            )
            .map_err(explain)?;
            println!(
                "site {} is now {} ({}), {}",
                s.code, s.name, s.kind, s.trust
            );
        }
        Command::Site(SiteCmd::Retire { code }) => {
            let s =
                admin::set_site_retired(&mut conn, &By::Cli, &code, true, now).map_err(explain)?;
            println!("site {} retired: no new arrivals or transfers", s.code);
        }
        Command::Site(SiteCmd::Reopen { code }) => {
            let s =
                admin::set_site_retired(&mut conn, &By::Cli, &code, false, now).map_err(explain)?;
            println!("site {} reopened", s.code);
        }
        Command::Site(SiteCmd::List) => {
            for s in orgs::list_sites(&mut conn)? {
                let state = if s.retired_at.is_some() {
                    "retired"
                } else {
                    "open"
                };
                println!("{}\t{}\t{}\t{}\t{state}", s.code, s.name, s.kind, s.trust);
            }
        }
        Command::User(UserCmd::Add {
            username,
            role,
            display_name,
            force,
            site,
            collar,
            password_stdin,
        }) => {
            let (password, generated) = read_password(password_stdin)?;
            let input = NewUserInput {
                username,
                display_name,
                role,
                force_code: force,
                site_code: site,
                collar_number: collar,
                password: password.clone(),
                // A generated password is known to whoever ran this.
                must_change_password: generated,
            };
            let u = admin::add_user(&mut conn, &By::Cli, &input, now).map_err(explain)?;
            if generated {
                println!(
                    "added {} ({}) with password: {password} (to be changed at first sign-in)",
                    u.username, u.role
                );
            } else {
                println!("added {} ({})", u.username, u.role);
            }
        }
        Command::User(UserCmd::Passwd {
            username,
            password_stdin,
        }) => {
            let (password, generated) = read_password(password_stdin)?;
            let ended =
                admin::set_password(&mut conn, &By::Cli, &username, &password, generated, now)
                    .map_err(explain)?;
            if generated {
                println!(
                    "new password for {username}: {password} (to be changed at first sign-in)"
                );
            } else {
                println!("password for {username} changed");
            }
            // Said, so the operator knows the old credentials are dead.
            println!("{username} signed out everywhere: {}", ended.describe());
        }
        Command::User(UserCmd::Disable { username }) => {
            let ended =
                admin::disable_user(&mut conn, &By::Cli, &username, now).map_err(explain)?;
            println!("{username} disabled: {}", ended.describe());
        }
        Command::User(UserCmd::Enable { username }) => {
            let u = admin::enable_user(&mut conn, &By::Cli, &username, now).map_err(explain)?;
            println!("{} enabled", u.username);
        }
        Command::User(UserCmd::List) => {
            for u in users::list(&mut conn)? {
                let state = if u.active { "enabled" } else { "disabled" };
                println!("{}\t{}\t{}\t{state}", u.username, u.role, u.display_name);
            }
        }
        Command::Webhook(cmd) => println!(
            "{}",
            crate::cli_notify::webhook(&mut conn, cmd, now).map_err(explain)?
        ),
        Command::Escalation(cmd) => println!(
            "{}",
            crate::cli_notify::escalation(&mut conn, cmd, now).map_err(explain)?
        ),
        Command::Contact(cmd) => println!(
            "{}",
            crate::cli_notify::contact(&mut conn, cmd, now).map_err(explain)?
        ),
        Command::Sso(cmd) => println!(
            "{}",
            crate::cli_sso::run(&mut conn, cmd, now).map_err(explain)?
        ),
        Command::Token(TokenCmd::Create { username, label }) => {
            let (token, _) =
                tokens::create(&mut conn, None, &username, &label, now).map_err(explain)?;
            // Alone on its line, so scripts can capture it; the note on stderr.
            println!("{token}");
            eprintln!(
                "token for {username} created by the operator (audited as \"{}\")",
                tokens::OPERATOR
            );
        }
        Command::Token(TokenCmd::List) => {
            for (t, username) in tokens::list(&mut conn, None)? {
                let state = if t.revoked_at.is_some() {
                    "revoked"
                } else {
                    "live"
                };
                println!(
                    "{}\t{username}\t{}\t{}\t{state}",
                    t.id, t.label, t.created_at
                );
            }
        }
        Command::Token(TokenCmd::Revoke { id }) => {
            tokens::revoke(&mut conn, None, id, now).map_err(explain)?;
            println!("token {id} revoked");
        }
        Command::Settings(cmd) => println!("{}", settings(&mut conn, cmd, now)?),
        Command::Demo(args) => crate::demo::run(&mut conn, &args)?,
        Command::BenchReport(args) => bench_report(&mut conn, &args)?,
        Command::Purge { older_than } => {
            let period = crate::domain::retention::Period::parse(&older_than)
                .map_err(|e| anyhow::anyhow!("--older-than: {e}"))?;
            let done = crate::domain::retention::purge(&mut conn, period, now).map_err(explain)?;
            println!(
                "purged the free text of {} closed case(s) closed before {} ({} audit row(s) redacted)",
                done.cases, done.cutoff, done.audit_rows
            );
        }
        Command::Backup { .. } | Command::Restore { .. } => unreachable!("handled above"),
    }
    Ok(())
}

/// Runs the report `runs` times and prints the median and extremes, split into
/// the database work and the charts and tables built from it.
fn bench_report(conn: &mut crate::db::DbConn, args: &BenchArgs) -> anyhow::Result<()> {
    use crate::domain::auth::Scope;
    use crate::domain::reports::{self, ReportQuery};
    use std::time::Instant;
    let today = crate::domain::time::london(Utc::now()).date_naive();
    let q = if args.period == "year" {
        ReportQuery {
            from: (today - chrono::Duration::days(365)).to_string(),
            to: (today - chrono::Duration::days(1)).to_string(),
            ..Default::default()
        }
    } else {
        ReportQuery {
            period: args.period.clone(),
            ..Default::default()
        }
    };
    let f = reports::parse_filter(conn, Scope::All, &q, today).map_err(explain)?;
    let mut totals = Vec::new();
    let mut queries = Vec::new();
    let mut stays = 0;
    let cpu_before = own_cpu_ms();
    for _ in 0..args.runs.max(1) {
        let t = Instant::now();
        let r = reports::report(conn, Scope::All, &f).map_err(explain)?;
        let q_ms = t.elapsed().as_secs_f64() * 1000.0;
        crate::web::reports::page::build_view(&r, &f, crate::i18n::Lang::En).map_err(explain)?;
        totals.push(t.elapsed().as_secs_f64() * 1000.0);
        queries.push(q_ms);
        stays = r.summary.figures.counts.stays;
    }
    // This process's CPU per run: the SQLite work, undisturbed by other load
    // on the machine (PostgreSQL's happens in its own server process).
    let cpu_per_run = (own_cpu_ms() - cpu_before) / totals.len() as f64;
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    let (min, max) = (
        totals.iter().copied().fold(f64::MAX, f64::min),
        totals.iter().copied().fold(0.0, f64::max),
    );
    println!(
        "period={} from={} to={} stays_in_window={} runs={} median_ms={:.1} min_ms={:.1} max_ms={:.1} queries_median_ms={:.1} client_cpu_ms={:.0}",
        args.period,
        f.from,
        f.to,
        stays,
        totals.len(),
        median(&mut totals),
        min,
        max,
        median(&mut queries),
        cpu_per_run
    );
    Ok(())
}

/// User plus system CPU time of this process so far, from /proc (Linux; 0
/// elsewhere), in milliseconds at the kernel's 100 Hz tick.
fn own_cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the parenthesised command name; utime and stime are 14 and 15.
            let rest = s.rsplit_once(") ")?.1;
            let f: Vec<&str> = rest.split(' ').collect();
            Some((f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?) * 10.0)
        })
        .unwrap_or(0.0)
}

fn serve(pool: crate::db::Pool, args: ServeArgs) -> anyhow::Result<()> {
    {
        let mut conn = pool.get()?;
        if let Some(password) = admin::ensure_first_admin(&mut conn, Utc::now()).map_err(explain)? {
            // Printed once, to the console only: never to the log.
            println!(
                "\nNo administrator yet: created user 'admin' with password: {password}\nSign in and change it. It will not be shown again.\n"
            );
        }
        crate::db::sessions::delete_expired(&mut conn, crate::domain::time::to_db(Utc::now()))?;
    }
    let settings = Settings {
        bind: args.bind,
        secure_cookies: matches!(args.secure_cookies.as_str(), "1" | "true" | "yes"),
        metrics_bind: Some(args.metrics_bind).filter(|b| !b.is_empty()),
    };
    // Notifications: delivered (and escalations scheduled) on a thread of
    // their own, never in a request.
    let push = crate::domain::push::PushConfig {
        allow_loopback_http: matches!(args.push_allow_loopback_http.as_str(), "1" | "true" | "yes"),
        contact: args.push_contact,
    };
    let outbox = crate::notify::Outbox::new(
        pool.clone(),
        Clock::system(),
        crate::notify::Config {
            push: push.clone(),
            ..crate::notify::Config::from_env()?
        },
    )?
    .start();
    let state = AppState {
        live: crate::http::live::Hub::new(pool.clone(), Clock::system()),
        pool,
        clock: Clock::system(),
        secure_cookies: settings.secure_cookies,
        trusted_proxies: crate::web::client_ip::parse_trusted(&args.trusted_proxies)
            .map_err(anyhow::Error::msg)?
            .into(),
        metrics: crate::http::metrics::Metrics::new(Some(args.metrics_token)),
        push,
    };
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(&settings, state)?;
        log::info!(
            "listening on http://{}:{}",
            settings
                .bind
                .rsplit_once(':')
                .map(|(h, _)| h)
                .unwrap_or("127.0.0.1"),
            app.port()
        );
        if let Some(port) = app.metrics_port() {
            log::info!("metrics on port {port}");
        }
        app.run_until_stopped().await?;
        outbox.stop();
        Ok(())
    })
}
