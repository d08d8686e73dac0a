//! The Web Push transport: one message to every active subscription of a
//! user. web-push encrypts the payload (RFC 8291, aes128gcm) and signs the
//! VAPID JWT (RFC 8292); the request goes out through ureq, blocking (call
//! it on the blocking pool or a worker thread), with timeouts and no
//! redirects.
//!
//! A push service's answer decides what happens to the subscription:
//! 2xx delivered; 404 or 410 the subscription is gone (the browser dropped
//! it): it is ended and not tried again; anything else, or no answer, is a
//! failure the caller may retry. Retrying a message resends it to every
//! device of the user, the ones that had it too: the service worker shows it
//! with the message id as its tag, so a repeat replaces the first.
//!
//! Logs name the subscription id and the status only: never the endpoint
//! (the device's address at its push service), the keys or the payload.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::db::{DbConn, push as store};
use crate::domain::push::{Message, PushConfig, PushSubscription, VapidKeys};
use crate::domain::time::to_db;
use crate::error::AppError;

/// How long a push message waits at the push service for a device that is
/// offline (seconds).
pub const TTL_SECONDS: u32 = 3600;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const TIMEOUT: Duration = Duration::from_secs(10);

/// What one push service said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// 404 or 410: the subscription no longer exists.
    Gone(u16),
    /// Anything else; the text is safe to log (a status, or the kind of error).
    Failed(String),
}

/// What happened to one message for one user.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    pub delivered: usize,
    pub gone: usize,
    pub failed: usize,
}

impl Report {
    /// Whether the message should be tried again: a device did not get it.
    pub fn should_retry(&self) -> bool {
        self.failed > 0
    }
}

/// Sends push messages signed with the deployment's VAPID key.
pub struct Sender {
    keys: VapidKeys,
    cfg: PushConfig,
    agent: ureq::Agent,
}

impl Sender {
    pub fn new(keys: VapidKeys, cfg: PushConfig) -> Self {
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(CONNECT_TIMEOUT)
            .timeout(TIMEOUT)
            .redirects(0)
            .build();
        Self { keys, cfg, agent }
    }

    /// The encrypted request for one subscription: headers and body.
    fn build(
        &self,
        sub: &PushSubscription,
        payload: &[u8],
        urgent: bool,
    ) -> Result<web_push::WebPushMessage, String> {
        let info = web_push::SubscriptionInfo::new(
            sub.endpoint.as_str(),
            sub.p256dh.as_str(),
            sub.auth.as_str(),
        );
        // RFC 8292: the audience is the push resource's origin, port included
        // when it is not the default one (web-push leaves the port out).
        let origin = url::Url::parse(&sub.endpoint)
            .map_err(|_| "endpoint unreadable".to_string())?
            .origin()
            .ascii_serialization();
        let mut sig = web_push::VapidSignatureBuilder::from_base64(&self.keys.private, &info)
            .map_err(|e| format!("VAPID key unusable: {e:?}"))?;
        sig.add_claim("aud", origin);
        sig.add_claim("sub", self.cfg.contact.as_str());
        let sig = sig
            .build()
            .map_err(|e| format!("VAPID signature failed: {e:?}"))?;
        let mut b = web_push::WebPushMessageBuilder::new(&info);
        b.set_ttl(TTL_SECONDS);
        b.set_urgency(if urgent {
            web_push::Urgency::High
        } else {
            web_push::Urgency::Normal
        });
        b.set_vapid_signature(sig);
        b.set_payload(web_push::ContentEncoding::Aes128Gcm, payload);
        b.build().map_err(|e| format!("encryption failed: {e:?}"))
    }

    /// Sends one message to one subscription.
    pub fn send(&self, sub: &PushSubscription, msg: &Message) -> Outcome {
        let payload = match serde_json::to_vec(msg) {
            Ok(p) => p,
            Err(e) => return Outcome::Failed(format!("payload: {e}")),
        };
        let m = match self.build(sub, &payload, msg.urgent) {
            Ok(m) => m,
            Err(e) => return Outcome::Failed(e),
        };
        let mut req = self
            .agent
            .post(&m.endpoint.to_string())
            .set("TTL", &m.ttl.to_string());
        if let Some(u) = m.urgency {
            req = req.set("Urgency", &u.to_string());
        }
        let body = match m.payload {
            Some(p) => {
                req = req
                    .set("Content-Encoding", p.content_encoding.to_str())
                    .set("Content-Type", "application/octet-stream");
                for (k, v) in &p.crypto_headers {
                    req = req.set(k, v);
                }
                p.content
            }
            None => Vec::new(),
        };
        match req.send_bytes(&body) {
            Ok(resp) if (200..300).contains(&resp.status()) => Outcome::Delivered,
            // A redirect is not followed: a push service does not send one.
            Ok(resp) => Outcome::Failed(format!("status {}", resp.status())),
            Err(ureq::Error::Status(code @ (404 | 410), _)) => Outcome::Gone(code),
            Err(ureq::Error::Status(code, _)) => Outcome::Failed(format!("status {code}")),
            Err(ureq::Error::Transport(t)) => Outcome::Failed(format!("{:?}", t.kind())),
        }
    }
}

/// Sends `msg` to every active subscription of `user_id` and records each
/// answer: the time of a delivery, a failure count, the end of a subscription
/// that is gone. No transaction is held while the push services answer.
pub fn deliver_to_user(
    conn: &mut DbConn,
    sender: &Sender,
    user_id: i64,
    msg: &Message,
    now: DateTime<Utc>,
) -> Result<Report, AppError> {
    let subs = store::active_for_user(conn, user_id)?;
    let mut report = Report::default();
    for sub in &subs {
        match sender.send(sub, msg) {
            Outcome::Delivered => {
                store::delivered(conn, sub.id, to_db(now))?;
                report.delivered += 1;
            }
            Outcome::Gone(code) => {
                log::info!(
                    "push subscription {} is gone (push service answered {code}): ended",
                    sub.id
                );
                store::end(conn, sub.id, "gone", to_db(now))?;
                report.gone += 1;
            }
            Outcome::Failed(why) => {
                log::warn!("push to subscription {} failed: {why}", sub.id);
                store::failed(conn, sub.id)?;
                report.failed += 1;
            }
        }
    }
    Ok(report)
}
