//! Which address a request comes from: the TCP peer, or behind trusted
//! reverse proxies (`TRUSTED_PROXIES`) the address they say they forwarded.
//! The sign-in throttle and the audit trail key on it.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use axum::extract::{ConnectInfo, Request};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

use crate::state::AppState;

/// The client's address as decided for this request (a request extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// The address ranges of the reverse proxies whose `X-Forwarded-For` is
/// believed: a comma-separated list of CIDRs (a bare address is one host).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn contains(&self, addr: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&addr))
    }
}

impl FromStr for TrustedProxies {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let nets = s
            .split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| {
                part.parse::<IpNet>()
                    .map(|net| net.trunc())
                    .or_else(|_| part.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("{part:?} is not an address range such as 10.0.0.0/8"))
            })
            .collect::<Result<_, _>>()?;
        Ok(TrustedProxies(nets))
    }
}

impl fmt::Display for TrustedProxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&parts.join(","))
    }
}

/// The client of a request that reached us from `peer`. Without trusted
/// proxies, or when the peer is not one of them, the peer: a client that
/// connects directly cannot choose its address with a header. Behind them,
/// the right-most address of `X-Forwarded-For` (all its headers, in order)
/// that is not a trusted proxy; entries left of it are the client's own
/// claims and are ignored. When every entry is trusted, the left-most; when
/// the header is missing, or an entry a trusted proxy added is not an
/// address, the peer.
pub fn client_addr(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let peer = peer.to_canonical();
    if !trusted.contains(peer) {
        return peer;
    }
    let mut entries = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        let Ok(value) = value.to_str() else { return peer };
        entries.extend(value.split(',').map(str::trim));
    }
    let mut leftmost = None;
    for entry in entries.iter().rev() {
        let Some(addr) = parse_entry(entry) else { return peer };
        if !trusted.contains(addr) {
            return addr;
        }
        leftmost = Some(addr);
    }
    leftmost.unwrap_or(peer)
}

/// One `X-Forwarded-For` entry: an address, perhaps with a port (some
/// proxies add one: `1.2.3.4:5678`, `[2001:db8::1]:443`).
fn parse_entry(entry: &str) -> Option<IpAddr> {
    let addr = entry.parse::<IpAddr>().ok().or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))?;
    Some(addr.to_canonical())
}

/// Decides each request's client address once, for every handler.
pub async fn attach(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    if let Some(ConnectInfo(peer)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        let addr = client_addr(peer.ip(), req.headers(), &state.settings.trusted_proxies);
        req.extensions_mut().insert(ClientAddr(addr));
    }
    next.run(req).await
}

/// The address [`attach`] decided, or the peer's when it did not run.
pub fn from_extensions(extensions: &axum::http::Extensions) -> Option<IpAddr> {
    extensions
        .get::<ClientAddr>()
        .map(|ClientAddr(addr)| *addr)
        .or_else(|| extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip().to_canonical()))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        headers
    }

    fn proxies(s: &str) -> TrustedProxies {
        s.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_the_header_says() {
        let headers = forwarded(&["203.0.113.9"]);
        assert_eq!(client_addr(ip("198.51.100.1"), &headers, &TrustedProxies::default()), ip("198.51.100.1"));
    }

    #[test]
    fn a_peer_that_is_not_a_trusted_proxy_cannot_choose_its_address() {
        let headers = forwarded(&["203.0.113.9"]);
        assert_eq!(client_addr(ip("198.51.100.1"), &headers, &proxies("10.0.0.0/8")), ip("198.51.100.1"));
    }

    #[test]
    fn behind_proxies_the_rightmost_untrusted_entry_wins_and_spoofed_leftmost_ones_are_ignored() {
        let trusted = proxies("10.0.0.0/8, 192.168.1.1");
        // The client claimed 1.1.1.1; our first proxy saw 203.0.113.9; a second one 10.0.0.5.
        let headers = forwarded(&["1.1.1.1, 203.0.113.9, 10.0.0.5"]);
        assert_eq!(client_addr(ip("10.0.0.7"), &headers, &trusted), ip("203.0.113.9"));
        // Several headers read as one list, in order.
        let headers = forwarded(&["1.1.1.1", "203.0.113.9", "192.168.1.1"]);
        assert_eq!(client_addr(ip("10.0.0.7"), &headers, &trusted), ip("203.0.113.9"));
    }

    #[test]
    fn all_trusted_gives_the_leftmost_and_missing_or_garbage_gives_the_peer() {
        let trusted = proxies("10.0.0.0/8");
        assert_eq!(client_addr(ip("10.0.0.7"), &forwarded(&["10.1.1.1, 10.2.2.2"]), &trusted), ip("10.1.1.1"));
        assert_eq!(client_addr(ip("10.0.0.7"), &HeaderMap::new(), &trusted), ip("10.0.0.7"));
        assert_eq!(client_addr(ip("10.0.0.7"), &forwarded(&["203.0.113.9, unknown"]), &trusted), ip("10.0.0.7"));
        assert_eq!(client_addr(ip("10.0.0.7"), &forwarded(&[""]), &trusted), ip("10.0.0.7"));
        // Garbage the client wrote left of a real entry does not matter.
        assert_eq!(client_addr(ip("10.0.0.7"), &forwarded(&["evil, 203.0.113.9"]), &trusted), ip("203.0.113.9"));
    }

    #[test]
    fn ports_ipv6_and_mapped_addresses_are_understood() {
        let trusted = proxies("127.0.0.1/32,::1");
        let headers = forwarded(&["[2001:db8::7]:443, 203.0.113.9:5678"]);
        assert_eq!(client_addr(ip("::ffff:127.0.0.1"), &headers, &trusted), ip("203.0.113.9"));
        let headers = forwarded(&["2001:db8::7"]);
        assert_eq!(client_addr(ip("::1"), &headers, &trusted), ip("2001:db8::7"));
    }

    #[test]
    fn the_setting_parses_cidrs_and_bare_addresses_and_refuses_garbage() {
        assert_eq!(proxies(" 10.0.0.1/8 ,::1,").to_string(), "10.0.0.0/8,::1/128");
        assert!("10.0.0.0/33".parse::<TrustedProxies>().is_err());
        assert!("proxy.example".parse::<TrustedProxies>().is_err());
        assert!(proxies("").is_empty());
    }
}
