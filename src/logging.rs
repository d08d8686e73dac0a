//! The log: `tracing` events (and the `log` crate's records, bridged) to
//! standard error, as text or, with `S136_LOG_FORMAT=json`, one JSON object a
//! line. `RUST_LOG` filters as before (default `info`).

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

impl Format {
    pub fn parse(raw: &str) -> anyhow::Result<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "" | "text" => Ok(Self::Text),
            "json" => Ok(Self::Json),
            other => anyhow::bail!("S136_LOG_FORMAT must be text or json, not {other:?}"),
        }
    }
}

/// The JSON subscriber writing to `writer`: the event's fields at the top
/// level (`request_id`, `route`, `status`...), and the request span's id too,
/// so a line logged inside a request (an error, say) names its request.
pub fn json_subscriber<W>(filter: EnvFilter, writer: W) -> impl tracing::Subscriber + Send + Sync
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(true)
        .with_span_list(false)
        .with_env_filter(filter)
        .with_writer(writer)
        .finish()
}

/// Installs the process's logger (once, from `main`).
pub fn init() -> anyhow::Result<()> {
    let format = Format::parse(&std::env::var("S136_LOG_FORMAT").unwrap_or_default())?;
    let filter = || EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_log::LogTracer::init()?;
    match format {
        Format::Json => {
            tracing::subscriber::set_global_default(json_subscriber(filter(), std::io::stderr))?
        }
        Format::Text => tracing::subscriber::set_global_default(
            tracing_subscriber::fmt()
                .with_env_filter(filter())
                // Colours only on a terminal: a file or pipe gets plain text.
                .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
                .with_writer(std::io::stderr)
                .finish(),
        )?,
    }
    Ok(())
}
