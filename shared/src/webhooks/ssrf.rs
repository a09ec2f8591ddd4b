//! Which URLs a webhook may be delivered to: the API makes requests on a subscriber's behalf,
//! so a URL must not turn it into a way into the network it runs in (server-side request
//! forgery: the instance metadata endpoint, a VPC's private addresses, the machine itself).
//!
//! Two checks, both here: [`check_url`] judges the text of a URL when an endpoint is registered
//! and again before each attempt (scheme, form, host, and an IP-literal host's address);
//! [`is_forbidden`] judges every address a host name resolves to, right before connecting
//! ([`super::delivery`] does the resolving, and connects only to an address judged here).
//!
//! The policy: deployed, `https://` only and no loopback ([`TargetPolicy::DEPLOYED`]); with
//! `WEBHOOK_ALLOW_LOOPBACK=1` (`make dev`), loopback addresses and `localhost` are allowed, and
//! so is `http://` to any allowed host, since a receiver on a laptop has no certificate
//! ([`TargetPolicy::LOCAL`]). Nothing else is ever allowed: not a private address, not even
//! locally.
//!
//! A host is a DNS name or an IP literal in its one canonical spelling: a dotted quad
//! (`203.0.113.7`, no leading zeros) or a bracketed IPv6 address. The other spellings of IPv4
//! that browsers and C libraries accept (`2130706433`, `0x7f.1`, `017700000001`, `127.1`) are
//! refused outright rather than handed to a resolver that may read them as addresses: any host
//! whose last label is a number (decimal or `0x` hex) is refused, since no top-level domain is
//! numeric.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The longest URL accepted, in bytes (a URL is ASCII).
pub const MAX_URL_LEN: usize = 2048;

/// What [`check_url`] allows besides public `https://` targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetPolicy {
    /// Only `https://` (ignored when `allow_loopback` is set: see [`TargetPolicy::allows_http`]).
    pub require_https: bool,
    /// Loopback addresses (127.0.0.0/8, `::1`) and `localhost` names, and `http://`.
    pub allow_loopback: bool,
}

impl TargetPolicy {
    /// Deployed: `https://` to public addresses only.
    pub const DEPLOYED: TargetPolicy = TargetPolicy {
        require_https: true,
        allow_loopback: false,
    };
    /// `make dev` (`WEBHOOK_ALLOW_LOOPBACK=1`): loopback too, over `http://` or `https://`.
    pub const LOCAL: TargetPolicy = TargetPolicy {
        require_https: false,
        allow_loopback: true,
    };

    /// [`TargetPolicy::LOCAL`] when loopback is allowed, else [`TargetPolicy::DEPLOYED`].
    pub fn from_allow_loopback(allow_loopback: bool) -> Self {
        if allow_loopback {
            Self::LOCAL
        } else {
            Self::DEPLOYED
        }
    }

    /// Whether `http://` is allowed: when https is not required, or when loopback is allowed
    /// (a local receiver has no certificate).
    pub fn allows_http(self) -> bool {
        !self.require_https || self.allow_loopback
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    pub fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

/// A URL [`check_url`] allowed, in parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub scheme: Scheme,
    /// A DNS name in lower case without a trailing dot, or an IP address (IPv6 without its
    /// brackets).
    pub host: String,
    /// The URL's port, or the scheme's.
    pub port: u16,
    /// The request target: the path (`/` at the least) and the query, if any.
    pub path_and_query: String,
    /// Whether `host` is an IP address (so no name is resolved).
    pub is_ip_literal: bool,
}

impl Target {
    /// The address, when `host` is one.
    pub fn ip(&self) -> Option<IpAddr> {
        if self.is_ip_literal {
            self.host.parse().ok()
        } else {
            None
        }
    }

    /// The `Host` header: the host (an IPv6 address in brackets) and the port unless it is the
    /// scheme's.
    pub fn host_header(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.port == self.scheme.default_port() {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }
}

/// The special-purpose ranges an address may fall in: each is refused (loopback unless
/// allowed). The `Display` is the phrase a refusal uses ("a private address").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressKind {
    /// 10/8, 172.16/12, 192.168/16.
    Private,
    /// 127/8, `::1`.
    Loopback,
    /// 169.254/16 (the instance metadata endpoint 169.254.169.254 among them), fe80::/10.
    LinkLocal,
    /// 100.64/10, the carriers' NAT space.
    Shared,
    /// 0/8, `::`.
    Unspecified,
    /// 224/4, ff00::/8.
    Multicast,
    /// 255.255.255.255.
    Broadcast,
    /// 240/4, 192.88.99/24 (6to4 relays), 64:ff9b:1::/48, and IPv6 outside 2000::/3.
    Reserved,
    /// 192.0.2/24, 198.51.100/24, 203.0.113/24, 198.18/15 (benchmarking), 2001:db8::/32,
    /// 3fff::/20, 2001:2::/48 (benchmarking).
    Documentation,
    /// 192.0.0/24 and the rest of 2001::/23.
    ProtocolAssignment,
    /// fc00::/7.
    UniqueLocal,
    /// fec0::/10 (deprecated).
    SiteLocal,
    /// 100::/64.
    Discard,
    /// 2001::/32, which tunnels to an IPv4 address.
    Teredo,
}

impl fmt::Display for AddressKind {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(match self {
            AddressKind::Private => "a private address",
            AddressKind::Loopback => "a loopback address",
            AddressKind::LinkLocal => "a link-local address",
            AddressKind::Shared => "a shared (carrier-grade NAT) address",
            AddressKind::Unspecified => "an unspecified address",
            AddressKind::Multicast => "a multicast address",
            AddressKind::Broadcast => "the broadcast address",
            AddressKind::Reserved => "a reserved address",
            AddressKind::Documentation => "a documentation or benchmarking address",
            AddressKind::ProtocolAssignment => "an IETF protocol assignment address",
            AddressKind::UniqueLocal => "a unique local address",
            AddressKind::SiteLocal => "a site-local address",
            AddressKind::Discard => "a discard-only address",
            AddressKind::Teredo => "a Teredo address",
        })
    }
}

/// Why a URL is not a webhook target. The `Display` is worded for a 400 on the field `url`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlRefusal {
    #[error("url must be at most {MAX_URL_LEN} characters")]
    TooLong,
    #[error("url must be an absolute URL, such as https://example.com/webhooks")]
    NotAUrl,
    #[error("url must use https")]
    HttpsRequired,
    #[error("url must use https or http")]
    UnsupportedScheme,
    #[error("url must not contain a user name or password")]
    Userinfo,
    #[error("url must not contain a fragment (#)")]
    Fragment,
    #[error("url must have a host")]
    MissingHost,
    #[error("url must have a valid host name or IP address")]
    InvalidHost,
    #[error("url must not spell an IP address other than as a dotted quad, such as 203.0.113.7")]
    NumericHost,
    #[error("url must have a port from 1 to 65535")]
    InvalidPort,
    #[error("url must not point at {0}")]
    Forbidden(AddressKind),
}

/// Whether `url` may be delivered to under `policy`, and its parts when it may. An IP-literal
/// host is judged here; a name is judged by what it resolves to, when a delivery is attempted
/// (but `localhost` and `*.localhost` are loopback whatever they resolve to).
pub fn check_url(url: &str, policy: TargetPolicy) -> Result<Target, UrlRefusal> {
    if url.len() > MAX_URL_LEN {
        return Err(UrlRefusal::TooLong);
    }
    // Before parsing: the parser's own treatment of `#` is not ours to rely on.
    if url.contains('#') {
        return Err(UrlRefusal::Fragment);
    }
    let uri: http::Uri = url.parse().map_err(|_| UrlRefusal::NotAUrl)?;
    let scheme = match uri.scheme_str() {
        None => return Err(UrlRefusal::NotAUrl),
        Some(scheme) if scheme.eq_ignore_ascii_case("https") => Scheme::Https,
        Some(scheme) if scheme.eq_ignore_ascii_case("http") => {
            if !policy.allows_http() {
                return Err(UrlRefusal::HttpsRequired);
            }
            Scheme::Http
        }
        Some(_) => {
            return Err(if policy.allows_http() {
                UrlRefusal::UnsupportedScheme
            } else {
                UrlRefusal::HttpsRequired
            })
        }
    };
    let authority = uri.authority().ok_or(UrlRefusal::MissingHost)?;
    if authority.as_str().contains('@') {
        return Err(UrlRefusal::Userinfo);
    }
    let raw_host = authority.host();
    if raw_host.is_empty() {
        return Err(UrlRefusal::MissingHost);
    }
    let port = match authority.port() {
        None if authority.as_str().ends_with(':') => return Err(UrlRefusal::InvalidPort),
        None => scheme.default_port(),
        Some(port) => match port.as_u16() {
            0 => return Err(UrlRefusal::InvalidPort),
            port => port,
        },
    };
    let (host, ip) = parse_host(raw_host)?;
    match ip {
        Some(ip) => {
            if let Some(kind) = forbidden_kind(ip, policy.allow_loopback) {
                return Err(UrlRefusal::Forbidden(kind));
            }
        }
        None => {
            if !policy.allow_loopback && is_localhost_name(&host) {
                return Err(UrlRefusal::Forbidden(AddressKind::Loopback));
            }
        }
    }
    let path_and_query = match uri.path_and_query().map(|path| path.as_str()) {
        None | Some("") => "/".to_owned(),
        Some(query) if query.starts_with('?') => format!("/{query}"),
        Some(path) => path.to_owned(),
    };
    Ok(Target {
        scheme,
        host,
        port,
        path_and_query,
        is_ip_literal: ip.is_some(),
    })
}

/// The host in its one spelling, and its address when it is an IP literal.
fn parse_host(raw: &str) -> Result<(String, Option<IpAddr>), UrlRefusal> {
    if let Some(inner) = raw.strip_prefix('[') {
        let inner = inner.strip_suffix(']').ok_or(UrlRefusal::InvalidHost)?;
        // No zone ids (`%25eth0`): they name an interface of this machine.
        let address: Ipv6Addr = inner.parse().map_err(|_| UrlRefusal::InvalidHost)?;
        return Ok((address.to_string(), Some(IpAddr::V6(address))));
    }
    let host = raw.to_ascii_lowercase();
    let host = host.strip_suffix('.').unwrap_or(&host);
    if let Ok(address) = host.parse::<Ipv4Addr>() {
        return Ok((address.to_string(), Some(IpAddr::V4(address))));
    }
    if host.is_empty() || host.len() > 253 {
        return Err(UrlRefusal::InvalidHost);
    }
    let mut last = "";
    for label in host.split('.') {
        let valid = !label.is_empty()
            && label.len() <= 63
            && label
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_');
        if !valid {
            return Err(UrlRefusal::InvalidHost);
        }
        last = label;
    }
    if is_numeric_label(last) {
        return Err(UrlRefusal::NumericHost);
    }
    Ok((host.to_owned(), None))
}

/// A label an IPv4 parser would read as a number: decimal digits, or `0x` and hex digits.
fn is_numeric_label(label: &str) -> bool {
    let hex = label
        .strip_prefix("0x")
        .map(|digits| digits.bytes().all(|byte| byte.is_ascii_hexdigit()));
    hex.unwrap_or_else(|| !label.is_empty() && label.bytes().all(|byte| byte.is_ascii_digit()))
}

/// `localhost` and the names under it (RFC 6761), which resolvers answer with loopback
/// addresses without asking DNS.
fn is_localhost_name(host: &str) -> bool {
    host == "localhost" || host.ends_with(".localhost")
}

/// Whether a delivery must not connect to `ip`: any special-purpose address, loopback unless
/// `allow_loopback`.
pub fn is_forbidden(ip: IpAddr, allow_loopback: bool) -> bool {
    forbidden_kind(ip, allow_loopback).is_some()
}

/// The range that forbids `ip`, if any (loopback only without `allow_loopback`).
pub fn forbidden_kind(ip: IpAddr, allow_loopback: bool) -> Option<AddressKind> {
    match classify(ip) {
        Some(AddressKind::Loopback) if allow_loopback => None,
        kind => kind,
    }
}

/// The special-purpose range `ip` is in, `None` for a public address. An IPv6 address that
/// carries an IPv4 address (mapped, compatible, translated, NAT64, 6to4) is judged by that.
pub fn classify(ip: IpAddr) -> Option<AddressKind> {
    match ip {
        IpAddr::V4(address) => classify_v4(address),
        IpAddr::V6(address) => classify_v6(address),
    }
}

/// `address` is in `base/bits` (32-bit).
fn in_v4(address: u32, base: [u8; 4], bits: u32) -> bool {
    let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
    address & mask == u32::from_be_bytes(base) & mask
}

/// `address` is in `base/bits` (128-bit).
fn in_v6(address: u128, base: [u16; 8], bits: u32) -> bool {
    let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
    address & mask == u128::from(Ipv6Addr::from(base)) & mask
}

fn classify_v4(address: Ipv4Addr) -> Option<AddressKind> {
    use AddressKind::*;
    const RANGES: [([u8; 4], u32, AddressKind); 17] = [
        ([0, 0, 0, 0], 8, Unspecified),
        ([10, 0, 0, 0], 8, Private),
        ([100, 64, 0, 0], 10, Shared),
        ([127, 0, 0, 0], 8, Loopback),
        ([169, 254, 0, 0], 16, LinkLocal),
        ([172, 16, 0, 0], 12, Private),
        ([192, 0, 0, 0], 24, ProtocolAssignment),
        ([192, 0, 2, 0], 24, Documentation),
        ([192, 88, 99, 0], 24, Reserved),
        ([192, 168, 0, 0], 16, Private),
        ([198, 18, 0, 0], 15, Documentation),
        ([198, 51, 100, 0], 24, Documentation),
        ([203, 0, 113, 0], 24, Documentation),
        ([224, 0, 0, 0], 4, Multicast),
        // Before 240/4, which holds it.
        ([255, 255, 255, 255], 32, Broadcast),
        ([240, 0, 0, 0], 4, Reserved),
        // Unreachable after 240/4, kept so the table reads as the registry does.
        ([255, 0, 0, 0], 8, Reserved),
    ];
    let bits = u32::from(address);
    RANGES
        .iter()
        .find(|(base, prefix, _)| in_v4(bits, *base, *prefix))
        .map(|(_, _, kind)| *kind)
}

fn classify_v6(address: Ipv6Addr) -> Option<AddressKind> {
    use AddressKind::*;
    let bits = u128::from(address);
    // The low 32 bits as an IPv4 address, for the forms that embed one there.
    let low_v4 = Ipv4Addr::from((bits & u128::from(u32::MAX)) as u32);
    if bits == 0 {
        return Some(Unspecified);
    }
    if bits == 1 {
        return Some(Loopback);
    }
    // ::ffff:a.b.c.d (mapped), ::ffff:0:a.b.c.d (translated), ::a.b.c.d (compatible),
    // 64:ff9b::a.b.c.d (NAT64).
    if in_v6(bits, [0, 0, 0, 0, 0, 0xffff, 0, 0], 96)
        || in_v6(bits, [0, 0, 0, 0, 0xffff, 0, 0, 0], 96)
        || in_v6(bits, [0; 8], 96)
        || in_v6(bits, [0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96)
    {
        return classify_v4(low_v4);
    }
    // 2002:aabb:ccdd::/48 (6to4) carries a.b.c.d in bits 16 to 48.
    if in_v6(bits, [0x2002, 0, 0, 0, 0, 0, 0, 0], 16) {
        return classify_v4(Ipv4Addr::from(((bits >> 80) & u128::from(u32::MAX)) as u32));
    }
    const RANGES: [([u16; 8], u32, AddressKind); 10] = [
        ([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48, Reserved),
        ([0x100, 0, 0, 0, 0, 0, 0, 0], 64, Discard),
        ([0x2001, 0, 0, 0, 0, 0, 0, 0], 32, Teredo),
        ([0x2001, 2, 0, 0, 0, 0, 0, 0], 48, Documentation),
        ([0x2001, 0, 0, 0, 0, 0, 0, 0], 23, ProtocolAssignment),
        ([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32, Documentation),
        ([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20, Documentation),
        ([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, UniqueLocal),
        ([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, LinkLocal),
        ([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10, SiteLocal),
    ];
    if let Some((_, _, kind)) = RANGES
        .iter()
        .find(|(base, prefix, _)| in_v6(bits, *base, *prefix))
    {
        return Some(*kind);
    }
    if in_v6(bits, [0xff00, 0, 0, 0, 0, 0, 0, 0], 8) {
        return Some(Multicast);
    }
    // Global unicast is 2000::/3; nothing outside it is a public address.
    if !in_v6(bits, [0x2000, 0, 0, 0, 0, 0, 0, 0], 3) {
        return Some(Reserved);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use AddressKind::*;

    fn refusal(url: &str, policy: TargetPolicy) -> UrlRefusal {
        match check_url(url, policy) {
            Err(refusal) => refusal,
            Ok(target) => panic!("{url} must be refused under {policy:?}, got {target:?}"),
        }
    }

    fn target(url: &str, policy: TargetPolicy) -> Target {
        check_url(url, policy).unwrap_or_else(|refusal| panic!("{url}: {refusal}"))
    }

    #[test]
    fn every_special_range_is_classified() {
        let cases: &[(&str, Option<AddressKind>)] = &[
            // IPv4
            ("0.0.0.0", Some(Unspecified)),
            ("0.255.255.255", Some(Unspecified)),
            ("10.0.0.1", Some(Private)),
            ("10.255.255.255", Some(Private)),
            ("172.16.0.1", Some(Private)),
            ("172.31.255.255", Some(Private)),
            ("172.15.255.255", None),
            ("172.32.0.0", None),
            ("192.168.0.1", Some(Private)),
            ("192.168.255.255", Some(Private)),
            ("192.169.0.0", None),
            ("127.0.0.1", Some(Loopback)),
            ("127.255.255.254", Some(Loopback)),
            ("169.254.169.254", Some(LinkLocal)),
            ("169.254.0.1", Some(LinkLocal)),
            ("169.255.0.1", None),
            ("100.64.0.1", Some(Shared)),
            ("100.127.255.255", Some(Shared)),
            ("100.63.255.255", None),
            ("100.128.0.0", None),
            ("224.0.0.1", Some(Multicast)),
            ("239.255.255.255", Some(Multicast)),
            ("255.255.255.255", Some(Broadcast)),
            ("240.0.0.1", Some(Reserved)),
            ("254.1.2.3", Some(Reserved)),
            ("192.0.2.1", Some(Documentation)),
            ("198.51.100.7", Some(Documentation)),
            ("203.0.113.200", Some(Documentation)),
            ("198.18.0.1", Some(Documentation)),
            ("198.19.255.255", Some(Documentation)),
            ("198.20.0.0", None),
            ("192.0.0.8", Some(ProtocolAssignment)),
            ("192.0.1.1", None),
            ("192.88.99.1", Some(Reserved)),
            ("8.8.8.8", None),
            ("1.1.1.1", None),
            ("93.184.216.34", None),
            ("223.255.255.255", None),
            // IPv6
            ("::", Some(Unspecified)),
            ("::1", Some(Loopback)),
            ("fe80::1", Some(LinkLocal)),
            ("febf:ffff::1", Some(LinkLocal)),
            ("fec0::1", Some(SiteLocal)),
            ("feff::1", Some(SiteLocal)),
            ("fc00::1", Some(UniqueLocal)),
            ("fd12:3456:789a::1", Some(UniqueLocal)),
            ("ff02::1", Some(Multicast)),
            ("ff0e::101", Some(Multicast)),
            ("100::1", Some(Discard)),
            ("100::ffff:ffff:ffff:ffff", Some(Discard)),
            ("2001::1", Some(Teredo)),
            ("2001:0:4136:e378:8000:63bf:3fff:fdd2", Some(Teredo)),
            ("2001:db8::1", Some(Documentation)),
            ("3fff::1", Some(Documentation)),
            ("2001:2::1", Some(Documentation)),
            ("2001:10::1", Some(ProtocolAssignment)),
            ("64:ff9b:1::1", Some(Reserved)),
            ("5f00::1", Some(Reserved)),
            ("4000::1", Some(Reserved)),
            ("1::1", Some(Reserved)),
            ("2606:4700:4700::1111", None),
            ("2a00:1450:4001:82a::200e", None),
            ("2001:4860:4860::8888", None),
            // IPv6 forms carrying an IPv4 address: judged by it.
            ("::ffff:127.0.0.1", Some(Loopback)),
            ("::ffff:7f00:1", Some(Loopback)),
            ("::ffff:10.0.0.1", Some(Private)),
            ("::ffff:169.254.169.254", Some(LinkLocal)),
            ("::ffff:8.8.8.8", None),
            ("::ffff:0:10.1.2.3", Some(Private)),
            ("::127.0.0.1", Some(Loopback)),
            ("::192.168.1.1", Some(Private)),
            ("::0.0.0.2", Some(Unspecified)),
            ("::8.8.8.8", None),
            ("64:ff9b::127.0.0.1", Some(Loopback)),
            ("64:ff9b::a9fe:a9fe", Some(LinkLocal)),
            ("64:ff9b::8.8.8.8", None),
            ("2002:7f00:1::", Some(Loopback)),
            ("2002:a9fe:a9fe::1", Some(LinkLocal)),
            ("2002:c0a8:101::1", Some(Private)),
            ("2002:0808:0808::1", None),
        ];
        for (text, expected) in cases {
            let ip: IpAddr = text.parse().unwrap();
            assert_eq!(classify(ip), *expected, "{text}");
            assert_eq!(is_forbidden(ip, false), expected.is_some(), "{text}");
        }
    }

    #[test]
    fn loopback_alone_is_allowed_by_the_flag() {
        for text in [
            "127.0.0.1",
            "127.1.2.3",
            "::1",
            "::ffff:127.0.0.1",
            "2002:7f00:1::",
        ] {
            let ip: IpAddr = text.parse().unwrap();
            assert!(is_forbidden(ip, false), "{text}");
            assert!(!is_forbidden(ip, true), "{text}");
        }
        for text in [
            "10.0.0.1",
            "169.254.169.254",
            "0.0.0.0",
            "::",
            "fe80::1",
            "fd00::1",
        ] {
            let ip: IpAddr = text.parse().unwrap();
            assert!(is_forbidden(ip, true), "{text}");
        }
    }

    #[test]
    fn public_https_urls_are_taken_apart() {
        let parsed = target(
            "https://hooks.example.com/deals?tenant=a&x=1",
            TargetPolicy::DEPLOYED,
        );
        assert_eq!(
            parsed,
            Target {
                scheme: Scheme::Https,
                host: "hooks.example.com".to_owned(),
                port: 443,
                path_and_query: "/deals?tenant=a&x=1".to_owned(),
                is_ip_literal: false,
            }
        );
        assert_eq!(parsed.host_header(), "hooks.example.com");
        assert_eq!(parsed.ip(), None);

        let parsed = target("HTTPS://Hooks.Example.COM.:8443", TargetPolicy::DEPLOYED);
        assert_eq!(parsed.host, "hooks.example.com");
        assert_eq!(parsed.port, 8443);
        assert_eq!(parsed.path_and_query, "/");
        assert_eq!(parsed.host_header(), "hooks.example.com:8443");

        let parsed = target("https://example.com?a=b", TargetPolicy::DEPLOYED);
        assert_eq!(parsed.path_and_query, "/?a=b");

        let parsed = target("https://93.184.216.34/hook", TargetPolicy::DEPLOYED);
        assert!(parsed.is_ip_literal);
        assert_eq!(parsed.ip(), Some("93.184.216.34".parse().unwrap()));

        let parsed = target(
            "https://[2606:4700:4700:0::1111]:444/h",
            TargetPolicy::DEPLOYED,
        );
        assert!(parsed.is_ip_literal);
        assert_eq!(parsed.host, "2606:4700:4700::1111");
        assert_eq!(parsed.host_header(), "[2606:4700:4700::1111]:444");

        let parsed = target("https://my_host-1.example.com/", TargetPolicy::DEPLOYED);
        assert_eq!(parsed.host, "my_host-1.example.com");
        // A label may start with digits; only a numeric last label is an address spelling.
        target("https://123.example.com/", TargetPolicy::DEPLOYED);
        target("https://0x7f.example.com/", TargetPolicy::DEPLOYED);
        target("https://example.0xyz/", TargetPolicy::DEPLOYED);
    }

    #[test]
    fn the_scheme_follows_the_policy() {
        assert_eq!(
            refusal("http://hooks.example.com/", TargetPolicy::DEPLOYED),
            UrlRefusal::HttpsRequired
        );
        // With loopback allowed, http is allowed too, to any allowed host.
        let parsed = target("http://hooks.example.com/", TargetPolicy::LOCAL);
        assert_eq!((parsed.scheme, parsed.port), (Scheme::Http, 80));
        let both = TargetPolicy {
            require_https: true,
            allow_loopback: true,
        };
        target("http://127.0.0.1:9000/", both);
        let http_public = TargetPolicy {
            require_https: false,
            allow_loopback: false,
        };
        target("http://hooks.example.com/", http_public);
        assert_eq!(
            refusal("http://127.0.0.1/", http_public),
            UrlRefusal::Forbidden(Loopback)
        );
        // No authority at all: not a URL of a host.
        assert_eq!(
            refusal("file:///etc/passwd", TargetPolicy::LOCAL),
            UrlRefusal::NotAUrl
        );
        for url in [
            "ftp://example.com/",
            "file://host/etc/passwd",
            "gopher://example.com/",
            "ws://example.com/",
        ] {
            assert_eq!(
                refusal(url, TargetPolicy::DEPLOYED),
                UrlRefusal::HttpsRequired,
                "{url}"
            );
            assert_ne!(
                refusal(url, TargetPolicy::LOCAL),
                UrlRefusal::HttpsRequired,
                "{url}"
            );
        }
        assert_eq!(
            refusal("ftp://example.com/", TargetPolicy::LOCAL),
            UrlRefusal::UnsupportedScheme
        );
    }

    #[test]
    fn malformed_urls_are_refused() {
        let cases: &[(&str, UrlRefusal)] = &[
            ("", UrlRefusal::NotAUrl),
            ("hooks.example.com/path", UrlRefusal::NotAUrl),
            ("/just/a/path", UrlRefusal::NotAUrl),
            ("not a url", UrlRefusal::NotAUrl),
            (" https://example.com/", UrlRefusal::NotAUrl),
            ("https://exa mple.com/", UrlRefusal::NotAUrl),
            ("https://example.com/#frag", UrlRefusal::Fragment),
            ("https://example.com#", UrlRefusal::Fragment),
            ("https://user@example.com/", UrlRefusal::Userinfo),
            ("https://user:pass@example.com/", UrlRefusal::Userinfo),
            ("https://example.com@127.0.0.1/", UrlRefusal::Userinfo),
            ("https://:443/", UrlRefusal::MissingHost),
            ("https://example.com:0/", UrlRefusal::InvalidPort),
            ("https://example.com:/", UrlRefusal::InvalidPort),
            ("https://example..com/", UrlRefusal::InvalidHost),
            ("https://.example.com/", UrlRefusal::InvalidHost),
            ("https://exa%6dple.com/", UrlRefusal::NotAUrl),
            ("https://ex!ample.com/", UrlRefusal::InvalidHost),
            ("https://[::1/", UrlRefusal::NotAUrl),
            ("https://[fe80::1%25eth0]/", UrlRefusal::InvalidHost),
            ("https://[127.0.0.1]/", UrlRefusal::InvalidHost),
        ];
        for (url, expected) in cases {
            match check_url(url, TargetPolicy::LOCAL) {
                Err(refused) => assert_eq!(&refused, expected, "{url}"),
                Ok(target) => panic!("{url} must be refused, got {target:?}"),
            }
        }
        let label = "a".repeat(64);
        assert_eq!(
            refusal(
                &format!("https://{label}.example.com/"),
                TargetPolicy::DEPLOYED
            ),
            UrlRefusal::InvalidHost
        );
    }

    #[test]
    fn urls_longer_than_2048_characters_are_refused() {
        let base = "https://hooks.example.com/";
        let at_limit = format!("{base}{}", "a".repeat(MAX_URL_LEN - base.len()));
        target(&at_limit, TargetPolicy::DEPLOYED);
        let over = format!("{at_limit}a");
        assert_eq!(refusal(&over, TargetPolicy::DEPLOYED), UrlRefusal::TooLong);
    }

    #[test]
    fn ip_literals_in_special_ranges_are_refused_with_the_reason() {
        let cases: &[(&str, AddressKind)] = &[
            ("https://10.1.2.3/", Private),
            ("https://172.20.0.5:8443/x", Private),
            ("https://192.168.1.1/", Private),
            ("https://127.0.0.1/", Loopback),
            ("https://169.254.169.254/latest/meta-data/", LinkLocal),
            ("https://100.100.100.200/", Shared),
            ("https://0.0.0.0/", Unspecified),
            ("https://224.0.0.251/", Multicast),
            ("https://255.255.255.255/", Broadcast),
            ("https://240.0.0.1/", Reserved),
            ("https://192.0.2.10/", Documentation),
            ("https://198.18.0.1/", Documentation),
            ("https://192.0.0.170/", ProtocolAssignment),
            ("https://[::1]/", Loopback),
            ("https://[::]/", Unspecified),
            ("https://[fe80::1]/", LinkLocal),
            ("https://[fd00:ec2::254]/", UniqueLocal),
            ("https://[fec0::1]/", SiteLocal),
            ("https://[ff02::1]/", Multicast),
            ("https://[100::1]/", Discard),
            ("https://[2001::1]/", Teredo),
            ("https://[::ffff:169.254.169.254]/", LinkLocal),
            ("https://[::ffff:a9fe:a9fe]/", LinkLocal),
            ("https://[::ffff:127.0.0.1]/", Loopback),
            ("https://[::10.0.0.1]/", Private),
            ("https://[64:ff9b::10.0.0.1]/", Private),
            ("https://[2002:a00:1::]/", Private),
        ];
        for (url, kind) in cases {
            assert_eq!(
                refusal(url, TargetPolicy::DEPLOYED),
                UrlRefusal::Forbidden(*kind),
                "{url}"
            );
        }
        assert_eq!(
            refusal("https://10.1.2.3/", TargetPolicy::DEPLOYED).to_string(),
            "url must not point at a private address"
        );
        assert_eq!(
            refusal("https://169.254.169.254/", TargetPolicy::DEPLOYED).to_string(),
            "url must not point at a link-local address"
        );
    }

    #[test]
    fn loopback_urls_need_the_flag() {
        for url in [
            "http://127.0.0.1:3000/hooks",
            "http://127.9.9.9/",
            "http://[::1]:8080/",
            "http://[::ffff:127.0.0.1]/",
            "http://localhost:3000/hooks",
            "http://LOCALHOST./",
            "http://app.localhost/",
            "https://localhost/",
        ] {
            let under_local = target(url, TargetPolicy::LOCAL);
            assert!(under_local.port > 0, "{url}");
            let deployed = TargetPolicy {
                require_https: false,
                allow_loopback: false,
            };
            assert_eq!(
                refusal(url, deployed),
                UrlRefusal::Forbidden(Loopback),
                "{url}"
            );
        }
        // A name that merely contains "localhost" is a name like any other.
        target("https://localhost.example.com/", TargetPolicy::DEPLOYED);
        target("https://mylocalhost/", TargetPolicy::DEPLOYED);
        // Other special ranges stay refused with the flag.
        for url in [
            "http://10.0.0.1/",
            "http://169.254.169.254/",
            "http://[fd00::1]/",
            "http://0.0.0.0:3000/",
        ] {
            assert!(
                matches!(refusal(url, TargetPolicy::LOCAL), UrlRefusal::Forbidden(_)),
                "{url}"
            );
        }
    }

    #[test]
    fn other_spellings_of_ipv4_addresses_are_refused() {
        for url in [
            "http://2130706433/",
            "http://0x7f.1/",
            "http://0x7f000001/",
            "http://017700000001/",
            "http://0177.0.0.1/",
            "http://127.1/",
            "http://127.0.1/",
            "http://127.000.000.001/",
            "http://1.2.3.04/",
            "http://0/",
            "http://0x/",
            "http://3232235777/",
            "http://0xA9.0xFE.0xA9.0xFE/",
            "http://example.com.123/",
            "http://1.2.3.4.5/",
        ] {
            assert_eq!(
                refusal(url, TargetPolicy::LOCAL),
                UrlRefusal::NumericHost,
                "{url}"
            );
            let https = url.replacen("http:", "https:", 1);
            assert_eq!(
                refusal(&https, TargetPolicy::DEPLOYED),
                UrlRefusal::NumericHost,
                "{https}"
            );
        }
        // The canonical quad with the root's dot is that address.
        assert_eq!(
            refusal("https://127.0.0.1./", TargetPolicy::DEPLOYED),
            UrlRefusal::Forbidden(Loopback)
        );
        assert_eq!(
            target("http://127.0.0.1.:80/", TargetPolicy::LOCAL).host,
            "127.0.0.1"
        );
    }
}
