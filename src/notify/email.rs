//! Email over SMTP (lettre's blocking transport, on the delivery thread).
//! `S136_SMTP_URL` says where and how, as lettre reads it:
//! `smtps://user:pass@host:465` (TLS), `smtp://user:pass@host:587?tls=required`
//! (STARTTLS required), `smtp://host:25` (plain, for a relay on the same
//! host or network only). Plain text, no personal data: the payload's message,
//! reference, site, force and minutes.

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{Message, SmtpTransport, Transport};
use std::time::Duration;

use super::DeliveryFailure;
use crate::db::notify::Notification;

#[derive(Clone)]
pub struct SmtpConfig {
    url: String,
    from: Mailbox,
}

impl std::fmt::Debug for SmtpConfig {
    // The URL may hold a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl SmtpConfig {
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        SmtpTransport::from_url(url)
            .map_err(|e| anyhow::anyhow!("S136_SMTP_URL cannot be used: {e}"))?;
        let from = from
            .parse()
            .map_err(|e| anyhow::anyhow!("S136_SMTP_FROM is not an address: {e}"))?;
        Ok(Self {
            url: url.to_string(),
            from,
        })
    }
}

pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
}

impl Mailer {
    pub fn new(config: &SmtpConfig) -> anyhow::Result<Self> {
        let transport = SmtpTransport::from_url(&config.url)?
            .timeout(Some(Duration::from_secs(15)))
            .build();
        Ok(Self {
            transport,
            from: config.from.clone(),
        })
    }

    pub fn send(&self, n: &Notification) -> Result<(), DeliveryFailure> {
        let to: Mailbox = n
            .target
            .parse()
            .map_err(|e| DeliveryFailure::permanent(format!("not an email address: {e}")))?;
        let (subject, body) = render(n);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .message_id(Some(format!("<{}@s136>", n.key)))
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| DeliveryFailure::permanent(format!("the message cannot be built: {e}")))?;
        match self.transport.send(&message) {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(DeliveryFailure::permanent(format!(
                "the SMTP server refused it: {e}"
            ))),
            Err(e) => Err(DeliveryFailure::retry(format!("SMTP: {e}"))),
        }
    }
}

/// The subject and plain-text body, from the payload's fields.
pub fn render(n: &Notification) -> (String, String) {
    let p: serde_json::Value = serde_json::from_str(&n.payload).unwrap_or_default();
    let s = |k: &str| p[k].as_str().unwrap_or_default().to_string();
    let subject = match n.kind.as_str() {
        "escalation" => format!(
            "s136: {} waiting {} min at {}",
            s("reference"),
            p["minutes_waiting"].as_i64().unwrap_or_default(),
            s("site")
        ),
        kind => format!("s136: {} {}", s("reference"), kind.replace('_', " ")),
    };
    let mut body = format!("{}\n\n", s("message"));
    body.push_str(&format!("Reference: {}\n", s("reference")));
    body.push_str(&format!("Place of safety: {}\n", s("site")));
    body.push_str(&format!("Force: {}\n", s("force")));
    if let Some(t) = p["threshold_minutes"].as_i64() {
        body.push_str(&format!("Escalation threshold: {t} minutes\n"));
    }
    if let Some(m) = p["minutes_waiting"].as_i64() {
        body.push_str(&format!("Minutes waiting: {m}\n"));
    }
    if let Some(r) = p["reason"].as_str() {
        body.push_str(&format!("Reason code: {r}\n"));
    }
    body.push_str(&format!(
        "At: {} (UTC)\nNotification id: {}\n",
        s("at"),
        n.key
    ));
    (subject, body)
}
