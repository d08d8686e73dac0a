//! Web Push: the server's VAPID key pair, the subscriptions users make on
//! their own devices, and what a push message may say.
//!
//! - The key pair (P-256) is made on first use and kept in `settings`
//!   (`vapid_private_key`, the 32-byte private scalar, base64url); two
//!   instances starting together keep the one stored first. The private key is
//!   never logged or shown: only its public half leaves (`GET /push/key`).
//! - A subscription is what the browser's `PushSubscription.toJSON()` gives:
//!   an endpoint on the browser's push service and its keys (RFC 8291). It is
//!   checked before anything is stored: an https endpoint (http only for a
//!   loopback address, and only when the deployment allows it: the tests'
//!   push service), keys of the right sizes that this server can encrypt to.
//! - A message carries codes, the site, minutes and reason codes, never notes
//!   or the detained person's details (see [`Message`]).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::auth::Actor;
use super::lang::{Lang, Msg};
use super::time::to_db;
use crate::db::{self, DbConn, audit, push as store};
use crate::error::{AppError, ErrorKind, FieldErrors};

pub use crate::db::push::PushSubscription;

const PRIVATE_KEY_SETTING: &str = "vapid_private_key";
/// Longer than any push service's endpoint we know (FCM's are about 200).
const MAX_ENDPOINT: usize = 2048;
const MAX_LABEL: usize = 60;

/// How this deployment sends push messages.
#[derive(Debug, Clone)]
pub struct PushConfig {
    /// Accept `http://` endpoints on a loopback address (127.0.0.0/8, ::1,
    /// localhost): the tests' own push service. Off in production.
    pub allow_loopback_http: bool,
    /// The VAPID `sub` claim: how a push service can reach the operator
    /// (`mailto:` or `https:`).
    pub contact: String,
}

impl Default for PushConfig {
    fn default() -> Self {
        Self {
            allow_loopback_http: false,
            contact: "mailto:s136-operator@localhost".into(),
        }
    }
}

/// The server's VAPID key pair. Debug never shows the private key.
#[derive(Clone)]
pub struct VapidKeys {
    /// The private scalar, base64url (no padding), as web-push reads it.
    pub private: String,
    /// The uncompressed public point (65 bytes), base64url: the browser's
    /// `applicationServerKey`.
    pub public: String,
}

impl std::fmt::Debug for VapidKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VapidKeys")
            .field("private", &"[redacted]")
            .field("public", &self.public)
            .finish()
    }
}

fn public_of(private: &str) -> Option<String> {
    let partial = web_push::VapidSignatureBuilder::from_base64_no_sub(private).ok()?;
    Some(URL_SAFE_NO_PAD.encode(partial.get_public_key()))
}

/// A new private key: 32 random bytes, drawn again in the (2^-32) case that
/// they are not a valid P-256 scalar.
fn new_private_key() -> String {
    loop {
        let mut b = [0u8; 32];
        getrandom::fill(&mut b).expect("the operating system's random source failed");
        let encoded = URL_SAFE_NO_PAD.encode(b);
        if public_of(&encoded).is_some() {
            return encoded;
        }
    }
}

/// The deployment's key pair, made and stored the first time it is asked for.
pub fn vapid_keys(conn: &mut DbConn) -> Result<VapidKeys, AppError> {
    let private = db::orgs::setting_or_init(conn, PRIVATE_KEY_SETTING, &new_private_key())?;
    let public = public_of(&private).ok_or_else(|| {
        AppError::internal(anyhow::anyhow!(
            "the stored VAPID private key ({PRIVATE_KEY_SETTING}) is not a P-256 key"
        ))
    })?;
    Ok(VapidKeys { private, public })
}

/// A subscription as the page posts it (`PushSubscription.toJSON()`, plus a
/// short label for the device).
#[derive(Debug, Default, Deserialize)]
pub struct SubscribeInput {
    #[serde(default)]
    pub endpoint: String,
    #[serde(default)]
    pub keys: KeysInput,
    #[serde(default)]
    pub label: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct KeysInput {
    #[serde(default)]
    pub p256dh: String,
    #[serde(default)]
    pub auth: String,
}

/// A subscription that passed every check.
#[derive(Debug, Clone)]
pub struct ValidSubscription {
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    pub label: String,
}

fn bad_input(fields: FieldErrors) -> AppError {
    let mut e = AppError::validation(fields);
    // Refused input of a JSON call: 400, with the fields named.
    e.kind = ErrorKind::BadRequest;
    e
}

fn loopback(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(a) => a.is_loopback(),
        url::Host::Ipv6(a) => a.is_loopback(),
    }
}

fn check_endpoint(raw: &str, cfg: &PushConfig) -> Result<String, Msg> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("push-no-endpoint".into());
    }
    if raw.chars().any(char::is_control) {
        return Err("push-endpoint-control".into());
    }
    if raw.len() > MAX_ENDPOINT {
        return Err(crate::msg!("push-endpoint-long", n = MAX_ENDPOINT));
    }
    let url = url::Url::parse(raw).map_err(|_| Msg::new("push-endpoint-not-url"))?;
    let host = url
        .host()
        .ok_or_else(|| Msg::new("push-endpoint-no-host"))?;
    if !url.username().is_empty() || url.password().is_some() || url.fragment().is_some() {
        return Err("push-endpoint-userinfo".into());
    }
    match url.scheme() {
        "https" => Ok(url.to_string()),
        "http" if cfg.allow_loopback_http && loopback(&host) => Ok(url.to_string()),
        _ => Err("push-endpoint-https".into()),
    }
}

fn decoded(raw: &str) -> Option<Vec<u8>> {
    // Browsers give base64url without padding; tolerate padding.
    URL_SAFE_NO_PAD
        .decode(raw.trim().trim_end_matches('='))
        .ok()
}

/// Checks a subscription from a page: every problem is named, nothing is stored.
pub fn validate(input: &SubscribeInput, cfg: &PushConfig) -> Result<ValidSubscription, AppError> {
    let mut errors = FieldErrors::default();
    let endpoint = check_endpoint(&input.endpoint, cfg)
        .map_err(|m| errors.add("endpoint", m))
        .ok();
    let p256dh = match decoded(&input.keys.p256dh) {
        Some(k) if k.len() == 65 && k[0] == 4 => Some(URL_SAFE_NO_PAD.encode(k)),
        _ => {
            errors.add("keys.p256dh", "push-key-p256dh");
            None
        }
    };
    let auth = match decoded(&input.keys.auth) {
        Some(k) if k.len() == 16 => Some(URL_SAFE_NO_PAD.encode(k)),
        _ => {
            errors.add("keys.auth", "push-key-auth");
            None
        }
    };
    let label = input
        .label
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .unwrap_or("This device");
    if label.chars().count() > MAX_LABEL || label.chars().any(char::is_control) {
        errors.add("label", crate::msg!("push-label-long", n = MAX_LABEL));
    }
    // The key must be one this server can encrypt to (a point on the curve).
    if let (Some(endpoint), Some(p256dh), Some(auth)) = (&endpoint, &p256dh, &auth)
        && errors.is_empty()
    {
        let info = web_push::SubscriptionInfo::new(endpoint.as_str(), p256dh, auth);
        let mut b = web_push::WebPushMessageBuilder::new(&info);
        b.set_payload(web_push::ContentEncoding::Aes128Gcm, b"{}");
        if b.build().is_err() {
            errors.add("keys.p256dh", "push-key-not-on-curve");
        }
    }
    if !errors.is_empty() {
        return Err(bad_input(errors));
    }
    Ok(ValidSubscription {
        endpoint: endpoint.unwrap_or_default(),
        p256dh: p256dh.unwrap_or_default(),
        auth: auth.unwrap_or_default(),
        label: label.to_string(),
    })
}

/// Stores the signed-in user's subscription for this device (audited).
pub fn subscribe(
    conn: &mut DbConn,
    actor: &Actor,
    input: &SubscribeInput,
    cfg: &PushConfig,
    now: DateTime<Utc>,
) -> Result<PushSubscription, AppError> {
    let s = validate(input, cfg)?;
    db::write_tx(conn, |c| {
        let before = store::by_endpoint(c, &s.endpoint)?;
        let row = store::upsert(
            c,
            &store::NewSubscription {
                user_id: actor.user_id,
                endpoint: &s.endpoint,
                p256dh: &s.p256dh,
                auth: &s.auth,
                label: &s.label,
            },
            to_db(now),
        )?;
        audit::insert(
            c,
            audit::NewAuditEvent {
                episode_id: None,
                actor_id: Some(actor.user_id),
                actor_name: &actor.display_name,
                at: to_db(now),
                action: "push_subscribed",
                entity: "push_subscription",
                entity_id: Some(row.id),
                // The endpoint is the device's address at its push service:
                // kept out of the audit trail, like the keys.
                before: before
                    .map(|b| json!({ "user_id": b.user_id, "active": b.ended_at.is_none() })),
                after: Some(json!({ "user_id": row.user_id, "label": row.label })),
            },
        )?;
        Ok(row)
    })
}

/// Which subscription to end: by id, or by the endpoint the browser has.
#[derive(Debug, Default, Deserialize)]
pub struct UnsubscribeInput {
    #[serde(default)]
    pub id: Option<i64>,
    #[serde(default)]
    pub endpoint: Option<String>,
}

/// Ends one of the user's own subscriptions. Another user's, or one that does
/// not exist, is "not found" alike (nothing says whose it is).
pub fn unsubscribe(
    conn: &mut DbConn,
    actor: &Actor,
    which: &UnsubscribeInput,
    now: DateTime<Utc>,
) -> Result<PushSubscription, AppError> {
    let not_found = || AppError::new(ErrorKind::NotFound, "push-not-found");
    db::write_tx(conn, |c| {
        let row = match (which.id, which.endpoint.as_deref()) {
            (Some(id), _) => store::by_id(c, id)?,
            (None, Some(e)) if db::could_be_stored(e) => store::by_endpoint(c, e.trim())?,
            _ => {
                return Err(bad_input({
                    let mut f = FieldErrors::default();
                    f.add("id", "push-say-which");
                    f
                }));
            }
        };
        let row = row
            .filter(|r| r.user_id == actor.user_id && r.ended_at.is_none())
            .ok_or_else(not_found)?;
        store::end(c, row.id, "unsubscribed", to_db(now))?;
        audit::insert(
            c,
            audit::NewAuditEvent {
                episode_id: None,
                actor_id: Some(actor.user_id),
                actor_name: &actor.display_name,
                at: to_db(now),
                action: "push_unsubscribed",
                entity: "push_subscription",
                entity_id: Some(row.id),
                before: Some(json!({ "active": true })),
                after: Some(json!({ "active": false })),
            },
        )?;
        Ok(row)
    })
}

/// Queues a test message to the user's own active devices (delivered by the
/// outbox worker like every notification). Returns how many devices it goes
/// to; with none, nothing is queued.
pub fn enqueue_test(
    conn: &mut DbConn,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    db::write_tx(conn, |c| {
        let devices = store::active_for_user(c, actor.user_id)?.len();
        if devices > 0 {
            let key = super::auth::random_token(16);
            let lang = super::notify::user_lang(c, actor.user_id)?;
            let payload = json!({
                "id": key,
                "type": "test",
                "at": super::time::iso_utc(now),
                "message": crate::i18n::text(lang, "notify-push-test-body"),
                "lang": lang.code(),
            });
            db::notify::insert(
                c,
                &db::notify::NewNotification {
                    key,
                    channel: "push".into(),
                    target: actor.user_id.to_string(),
                    kind: "test".into(),
                    episode_id: None,
                    site_id: None,
                    force_id: None,
                    payload: payload.to_string(),
                    created_at: to_db(now),
                    next_attempt_at: to_db(now),
                },
            )?;
        }
        Ok(devices)
    })
}

pub fn list_own(conn: &mut DbConn, actor: &Actor) -> Result<Vec<PushSubscription>, AppError> {
    Ok(store::active_for_user(conn, actor.user_id)?)
}

/// What a push message says. Only codes, the site, minutes and reason codes:
/// never notes or the detained person's details. `url` is a path on this
/// service (the case), opened when the notification is tapped.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Message {
    /// Stable per notification: a receiver (and the service worker's `tag`)
    /// drops repeats.
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub body: String,
    pub url: String,
    /// Escalations go out with `Urgency: high`.
    #[serde(skip)]
    pub urgent: bool,
}

/// The path of a case on this service, when `reference` is one.
fn case_path(reference: &str) -> Option<String> {
    let r = reference.as_bytes();
    let ok = r.len() == 16
        && reference.starts_with("S136-")
        && r[9] == b'-'
        && r[5..9].iter().chain(&r[10..]).all(u8::is_ascii_digit);
    ok.then(|| format!("/episodes/{reference}"))
}

impl Message {
    /// The push message for an outbox row (`kind` and its JSON payload, as
    /// `domain::notify` writes them: `id`, `type`, `reference`, `site`,
    /// `message`, ...). The body is the row's own message; the title says
    /// what happened and to which case.
    pub fn from_outbox(kind: &str, payload: &str) -> Result<Self, String> {
        let p: serde_json::Value =
            serde_json::from_str(payload).map_err(|e| format!("payload is not JSON: {e}"))?;
        let text = |k: &str| p.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let (id, reference, site) = (text("id"), text("reference"), text("site"));
        if id.is_empty() {
            return Err("payload has no id".into());
        }
        // In the language `domain::notify` chose for the recipient.
        let lang = p
            .get("lang")
            .and_then(|v| v.as_str())
            .and_then(Lang::parse)
            .unwrap_or_default();
        let titled = |key: &'static str| {
            crate::i18n::render(
                lang,
                &Msg::new(key)
                    .arg("reference", reference.as_str())
                    .arg("site", site.as_str()),
            )
        };
        let title = match kind {
            "escalation" => match p.get("threshold_minutes").and_then(|v| v.as_i64()) {
                Some(0) | None => titled("notify-push-arrival"),
                Some(m) => crate::i18n::render(
                    lang,
                    &crate::msg!(
                        "notify-push-waiting",
                        n = m,
                        site = site.as_str(),
                        reference = reference.as_str()
                    ),
                ),
            },
            "test" => titled("notify-push-test"),
            "handover" => titled("notify-push-handover"),
            "stay_request" => titled("notify-push-stay-request"),
            "stay_reminder" => titled("notify-push-stay-reminder"),
            "stay_answer" => titled("notify-push-stay-answer"),
            "police_declined" => titled("notify-push-police-declined"),
            other => format!("{}: {reference}", other.replace('_', " ")),
        };
        Ok(Self {
            id,
            kind: kind.to_string(),
            title,
            body: text("message"),
            url: case_path(&reference).unwrap_or_else(|| "/".into()),
            urgent: matches!(kind, "escalation" | "stay_request" | "stay_reminder"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(loopback: bool) -> PushConfig {
        PushConfig {
            allow_loopback_http: loopback,
            ..Default::default()
        }
    }

    #[test]
    fn endpoints_must_be_https_or_an_allowed_loopback() {
        let https = check_endpoint("https://push.example/abc", &cfg(false));
        assert_eq!(https.as_deref(), Ok("https://push.example/abc"));
        assert!(check_endpoint("http://127.0.0.1:9/x", &cfg(false)).is_err());
        assert!(check_endpoint("http://127.0.0.1:9/x", &cfg(true)).is_ok());
        assert!(check_endpoint("http://[::1]:9/x", &cfg(true)).is_ok());
        assert!(check_endpoint("http://push.example/x", &cfg(true)).is_err());
        assert!(check_endpoint("ftp://push.example/x", &cfg(true)).is_err());
        assert!(check_endpoint("https://u:p@push.example/x", &cfg(false)).is_err());
        assert!(check_endpoint("not a url", &cfg(false)).is_err());
        assert!(check_endpoint("https://push.example/a\0b", &cfg(false)).is_err());
        assert!(check_endpoint("https://push.example/a\tb", &cfg(false)).is_err());
    }

    #[test]
    fn keys_are_checked_before_anything_is_stored() {
        let mut input = SubscribeInput {
            endpoint: "https://push.example/abc".into(),
            ..Default::default()
        };
        input.keys.p256dh = URL_SAFE_NO_PAD.encode([4u8; 65]);
        input.keys.auth = URL_SAFE_NO_PAD.encode([1u8; 15]);
        let e = validate(&input, &cfg(false)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::BadRequest);
        assert!(e.fields.get("keys.auth").is_some());
        // 65 bytes starting 0x04 but not on the curve.
        input.keys.auth = URL_SAFE_NO_PAD.encode([1u8; 16]);
        let e = validate(&input, &cfg(false)).unwrap_err();
        assert!(crate::i18n::en(e.fields.get("keys.p256dh").unwrap()).contains("curve"));
    }

    #[test]
    fn the_private_key_is_never_in_debug_output() {
        let private = new_private_key();
        let keys = VapidKeys {
            public: public_of(&private).unwrap(),
            private: private.clone(),
        };
        assert_eq!(URL_SAFE_NO_PAD.decode(&keys.public).unwrap().len(), 65);
        assert!(!format!("{keys:?}").contains(&private));
    }

    #[test]
    fn an_outbox_row_becomes_a_message_that_opens_its_case() {
        let payload = json!({
            "id": "k1", "type": "escalation", "reference": "S136-2026-000042",
            "site": "OAK", "force": "WMP", "threshold_minutes": 45,
            "message": "S136-2026-000042 has waited 45 minutes for handover at Oakwood (WMP).",
        });
        let m = Message::from_outbox("escalation", &payload.to_string()).unwrap();
        assert_eq!(m.id, "k1");
        assert_eq!(m.title, "Waiting 45 minutes at OAK: S136-2026-000042");
        assert_eq!(m.url, "/episodes/S136-2026-000042");
        assert!(m.urgent);
        let odd = json!({ "id": "k2", "reference": "../admin", "message": "x" });
        let m = Message::from_outbox("handover", &odd.to_string()).unwrap();
        assert_eq!((m.url.as_str(), m.urgent), ("/", false));
        assert!(Message::from_outbox("handover", "{}").is_err());
    }
}
