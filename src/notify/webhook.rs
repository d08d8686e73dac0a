//! Webhooks: a signed JSON POST. The body is the notification's payload as
//! stored (the same bytes on every retry); `X-S136-Timestamp` is the send
//! time in Unix seconds and `X-S136-Signature` is
//! `sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`; `X-S136-Id` is
//! the notification's stable id. Redirects are not followed; anything but
//! a 2xx answer is retried.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::Duration;

use super::DeliveryFailure;
use crate::db::notify::{Notification, Webhook};

pub fn agent(timeout: Duration) -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout_connect(timeout.min(Duration::from_secs(5)))
        .timeout(timeout)
        .redirects(0)
        .user_agent("s136-webhook/1")
        .build()
}

/// The signature header's value for `body` sent at `timestamp`.
pub fn signature(secret: &str, timestamp: &str, body: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    let bytes = mac.finalize().into_bytes();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

pub fn send(
    agent: &ureq::Agent,
    hook: &Webhook,
    n: &Notification,
    now: DateTime<Utc>,
) -> Result<(), DeliveryFailure> {
    if !hook.active {
        return Err(DeliveryFailure::permanent("the webhook is not active"));
    }
    let timestamp = now.timestamp().to_string();
    let answer = agent
        .post(&hook.url)
        .set("Content-Type", "application/json")
        .set("X-S136-Id", &n.key)
        .set("X-S136-Timestamp", &timestamp)
        .set(
            "X-S136-Signature",
            &signature(&hook.secret, &timestamp, &n.payload),
        )
        .send_string(&n.payload);
    match answer {
        Ok(r) if (200..300).contains(&r.status()) => Ok(()),
        Ok(r) => Err(DeliveryFailure::retry(format!(
            "the receiver answered {} (redirects are not followed)",
            r.status()
        ))),
        Err(ureq::Error::Status(code, _)) => Err(DeliveryFailure::retry(format!(
            "the receiver answered {code}"
        ))),
        Err(ureq::Error::Transport(t)) => Err(DeliveryFailure::retry(format!(
            "could not reach the receiver: {}",
            t.kind()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_the_hmac_of_timestamp_dot_body() {
        // Against a value computed independently
        // (python3 -c 'import hmac,hashlib;print(hmac.new(b"key",b"1.{}",hashlib.sha256).hexdigest())').
        assert_eq!(
            signature("key", "1", "{}"),
            "sha256=1ba6b8171186efc613e8bcc0cbdab2748f24984d7c5a84faa2637afa0e40d224"
        );
    }
}
