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
use crate::i18n::{self, Arg, Lang, Msg};

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

/// The subject and plain-text body, from the payload's fields, in the
/// language `domain::notify` chose for the recipient (`lang`; English when
/// a row has none).
pub fn render(n: &Notification) -> (String, String) {
    let p: serde_json::Value = serde_json::from_str(&n.payload).unwrap_or_default();
    let s = |k: &str| p[k].as_str().unwrap_or_default().to_string();
    let lang = p["lang"].as_str().and_then(Lang::parse).unwrap_or_default();
    let say = |m: Msg| i18n::render(lang, &m);
    let subject = match n.kind.as_str() {
        "escalation" => say(crate::msg!(
            "notify-email-subject-waiting",
            reference = s("reference"),
            n = p["minutes_waiting"].as_i64().unwrap_or_default(),
            site = s("site")
        )),
        kind => say(crate::msg!(
            "notify-email-subject",
            reference = s("reference"),
            what = kind_words(kind)
        )),
    };
    let line = |m: Msg| format!("{}\n", say(m));
    let mut body = format!("{}\n\n", s("message"));
    body.push_str(&line(crate::msg!(
        "notify-email-reference",
        value = s("reference")
    )));
    body.push_str(&line(crate::msg!("notify-email-site", value = s("site"))));
    body.push_str(&line(crate::msg!("notify-email-force", value = s("force"))));
    if let Some(t) = p["threshold_minutes"].as_i64() {
        body.push_str(&line(crate::msg!("notify-email-threshold", n = t)));
    }
    if let Some(m) = p["minutes_waiting"].as_i64() {
        body.push_str(&line(crate::msg!("notify-email-waiting", n = m)));
    }
    if let Some(r) = p["reason"].as_str() {
        body.push_str(&line(crate::msg!("notify-email-reason", value = r)));
    }
    body.push_str(&line(crate::msg!("notify-email-at", value = s("at"))));
    body.push_str(&line(crate::msg!(
        "notify-email-id",
        value = n.key.as_str()
    )));
    (subject, body)
}

/// What a kind of notification is called in a subject ("stay answer").
fn kind_words(kind: &str) -> Arg {
    match crate::domain::notify::kind_key(kind) {
        Some(key) => Arg::Msg(Box::new(Msg::new(key))),
        None => Arg::Text(kind.replace('_', " ")),
    }
}
