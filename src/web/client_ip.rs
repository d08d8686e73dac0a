//! The address sign-in throttling counts against. Behind a reverse proxy every
//! request comes from the proxy, so one user's failures would lock out
//! everyone; the proxy's `X-Forwarded-For` is believed only when the peer is a
//! configured trusted proxy (a client can write anything in that header).

use std::net::IpAddr;

use actix_web::HttpRequest;

/// Parses `S136_TRUSTED_PROXIES`: IP addresses separated by commas or spaces.
pub fn parse_trusted(raw: &str) -> Result<Vec<IpAddr>, String> {
    raw.split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpAddr>()
                .map_err(|_| format!("'{s}' in the trusted proxies is not an IP address"))
        })
        .collect()
}

/// The client address: the peer, or, when the peer is a trusted proxy, the
/// right-most `X-Forwarded-For` entry that is not itself a trusted proxy.
pub fn resolve(peer: Option<IpAddr>, forwarded_for: &[&str], trusted: &[IpAddr]) -> String {
    let Some(peer) = peer else {
        return "unknown".into();
    };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let hops: Vec<&str> = forwarded_for
        .iter()
        .flat_map(|h| h.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => continue,
            Ok(ip) => return ip.to_string(),
            // A malformed hop was written by someone we do not trust; stop
            // at the last address we can vouch for.
            Err(_) => break,
        }
    }
    peer.to_string()
}

pub fn client_ip(req: &HttpRequest, trusted: &[IpAddr]) -> String {
    let headers: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .collect();
    resolve(req.peer_addr().map(|a| a.ip()), &headers, trusted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn untrusted_peer_is_the_client_whatever_the_header_says() {
        let trusted = [ip("10.0.0.1")];
        assert_eq!(
            resolve(Some(ip("203.0.113.9")), &["198.51.100.1"], &trusted),
            "203.0.113.9"
        );
    }

    #[test]
    fn trusted_proxy_passes_on_the_right_most_untrusted_hop() {
        let trusted = [ip("10.0.0.1"), ip("10.0.0.2")];
        // The client forged the first entry; the proxies appended the rest.
        let xff = ["6.6.6.6, 198.51.100.7", "10.0.0.2"];
        assert_eq!(
            resolve(Some(ip("10.0.0.1")), &xff, &trusted),
            "198.51.100.7"
        );
    }

    #[test]
    fn trusted_proxy_without_a_usable_header_is_the_client() {
        let trusted = [ip("10.0.0.1")];
        assert_eq!(resolve(Some(ip("10.0.0.1")), &[], &trusted), "10.0.0.1");
        assert_eq!(
            resolve(Some(ip("10.0.0.1")), &["not-an-ip"], &trusted),
            "10.0.0.1"
        );
        assert_eq!(resolve(None, &[], &trusted), "unknown");
    }

    #[test]
    fn trusted_list_parses_and_refuses_junk() {
        assert_eq!(
            parse_trusted("10.0.0.1, ::1").unwrap(),
            vec![ip("10.0.0.1"), ip("::1")]
        );
        assert_eq!(parse_trusted("").unwrap(), Vec::<IpAddr>::new());
        assert!(
            parse_trusted("10.0.0.0/8")
                .unwrap_err()
                .contains("10.0.0.0/8")
        );
    }
}
