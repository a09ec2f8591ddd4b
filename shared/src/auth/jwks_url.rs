//! Verification keys published at a JWKS URL (`JWT_JWKS_URL`), as Cognito, Auth0 and Okta
//! publish theirs and rotate them.
//!
//! The document is fetched once when the context is built (in the background, alongside the
//! DynamoDB connection) and cached for the life of the instance. A token whose `kid` no
//! configured or cached key has makes the instance fetch it again, at most once per
//! [`REFETCH_INTERVAL`] (measured by a [`MonotonicClock`], which tests move by hand); a token
//! with an unknown `kid` inside that interval is refused without a fetch, and requests that
//! need a refetch at the same time wait for one fetch. A fetch replaces the cache, so a key
//! the provider removed stops verifying at the next refetch (and not before). A fetch that
//! fails (no connection, not 200, not a usable JWKS document, no answer within
//! [`FETCH_TIMEOUT`]) is logged and keeps the keys fetched before, if any; it never panics.

use std::fmt;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Limited};
use hyper_rustls::{ConfigBuilderExt, HttpsConnector};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use super::{keys_from_jwks, KeyError, VerificationKey};

/// The least time between two fetches of the URL (the first one's start to the next one's).
pub const REFETCH_INTERVAL: Duration = Duration::from_secs(60);
/// A fetch that has not answered in full by then has failed.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(2);
/// A longer JWKS document is refused (the providers' hold a few keys, a few KiB).
const MAX_JWKS_BYTES: usize = 64 * 1024;

/// Measures the [`REFETCH_INTERVAL`]: the system's monotonic clock, or a manual one that moves
/// only when told (for tests, which must not sleep).
#[derive(Clone, Default)]
pub struct MonotonicClock(Option<Arc<Mutex<Instant>>>);

impl MonotonicClock {
    /// [`Instant::now`].
    pub fn system() -> Self {
        MonotonicClock(None)
    }

    /// A clock standing still at the moment it is made, until [`MonotonicClock::advance`].
    pub fn manual() -> Self {
        MonotonicClock(Some(Arc::new(Mutex::new(Instant::now()))))
    }

    /// Moves a manual clock (and every clone of it) forward; the system clock moves itself.
    pub fn advance(&self, by: Duration) {
        if let Some(now) = &self.0 {
            let mut now = now.lock().unwrap_or_else(PoisonError::into_inner);
            *now += by;
        }
    }

    pub fn now(&self) -> Instant {
        match &self.0 {
            None => Instant::now(),
            Some(now) => *now.lock().unwrap_or_else(PoisonError::into_inner),
        }
    }
}

impl fmt::Debug for MonotonicClock {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(match self.0 {
            None => "MonotonicClock::system",
            Some(_) => "MonotonicClock::manual",
        })
    }
}

/// A URL keys may be fetched from: `https://`, or `http://` to a loopback address
/// (127.0.0.0/8, `::1`, `localhost`) for local tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct JwksUrl {
    uri: http::Uri,
    https: bool,
}

impl JwksUrl {
    pub(super) fn parse(text: &str) -> Result<Self, KeyError> {
        let text = text.trim();
        let refuse = |why: &str| KeyError::BadJwksUrl(format!("{why}, not {text:?}"));
        let uri: http::Uri = text.parse().map_err(|_| refuse("a URL"))?;
        let host = uri
            .host()
            .filter(|host| !host.is_empty())
            .ok_or_else(|| refuse("a URL with a host"))?;
        let https = match uri.scheme_str() {
            Some(scheme) if scheme.eq_ignore_ascii_case("https") => true,
            Some(scheme) if scheme.eq_ignore_ascii_case("http") && is_loopback(host) => false,
            _ => {
                return Err(refuse(
                    "https:// (http:// only to 127.0.0.0/8, ::1 or localhost)",
                ))
            }
        };
        Ok(JwksUrl { uri, https })
    }
}

/// 127.0.0.0/8, `::1` (`[::1]` in a URL) or `localhost`: nothing that leaves the machine.
fn is_loopback(host: &str) -> bool {
    let bare = host
        .strip_prefix('[')
        .and_then(|host| host.strip_suffix(']'))
        .unwrap_or(host);
    match bare.parse::<IpAddr>() {
        Ok(IpAddr::V4(address)) => address.is_loopback(),
        Ok(IpAddr::V6(address)) => address == Ipv6Addr::LOCALHOST,
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

/// Requests carry no body (an empty `String`).
type HttpsClient = Client<HttpsConnector<HttpConnector>, String>;

/// The keys at one URL, shared by every request of the instance.
pub(super) struct RemoteKeys {
    url: JwksUrl,
    clock: MonotonicClock,
    /// What the last successful fetch found; `None` until one has succeeded.
    cached: Mutex<Option<Arc<[VerificationKey]>>>,
    /// Held by the one fetch in flight; requests wanting another wait on it.
    fetcher: Arc<tokio::sync::Mutex<Fetcher>>,
}

#[derive(Default)]
struct Fetcher {
    /// When the last fetch, successful or not, started.
    last_attempt: Option<Instant>,
    /// Made by the first fetch (loading the system's root certificates takes a moment).
    client: Option<HttpsClient>,
}

impl RemoteKeys {
    pub(super) fn new(url: JwksUrl, clock: MonotonicClock) -> Self {
        RemoteKeys {
            url,
            clock,
            cached: Mutex::new(None),
            fetcher: Arc::default(),
        }
    }

    /// The keys of the last successful fetch, if one has succeeded.
    pub(super) fn keys(&self) -> Option<Arc<[VerificationKey]>> {
        self.cached
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Starts the first fetch in the background when inside a Tokio runtime (without one, the
    /// first token that needs the keys fetches them). Requests needing the keys wait for it.
    pub(super) fn prefetch(self: &Arc<Self>) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        // Taken before the task runs, so no request can start a fetch of its own first.
        let Ok(mut fetcher) = Arc::clone(&self.fetcher).try_lock_owned() else {
            return;
        };
        let keys = Arc::clone(self);
        runtime.spawn(async move { keys.fetch(&mut fetcher).await });
    }

    /// Fetches the keys again unless a fetch started less than [`REFETCH_INTERVAL`] ago; waits
    /// for a fetch in flight instead of starting another. Look at [`RemoteKeys::keys`] after.
    pub(super) async fn refetch(&self) {
        let mut fetcher = self.fetcher.lock().await;
        let due = fetcher.last_attempt.is_none_or(|last| {
            self.clock.now().saturating_duration_since(last) >= REFETCH_INTERVAL
        });
        if due {
            self.fetch(&mut fetcher).await;
        }
    }

    /// Returns once no fetch is in flight (the one the context started, at cold start).
    pub(super) async fn settled(&self) {
        drop(self.fetcher.lock().await);
    }

    async fn fetch(&self, fetcher: &mut Fetcher) {
        fetcher.last_attempt = Some(self.clock.now());
        let fetched = match &fetcher.client {
            Some(client) => self.fetch_with(client).await,
            None => match client(self.url.https) {
                Ok(client) => self.fetch_with(fetcher.client.insert(client)).await,
                Err(error) => Err(error),
            },
        };
        match fetched {
            Ok(keys) => {
                let kids: Vec<&str> = keys.iter().filter_map(|key| key.kid.as_deref()).collect();
                tracing::info!(url = %self.url.uri, ?kids, "fetched JWT_JWKS_URL");
                *self.cached.lock().unwrap_or_else(PoisonError::into_inner) = Some(Arc::from(keys));
            }
            Err(error) => {
                let kept = self.keys().map_or(0, |keys| keys.len());
                tracing::error!(
                    url = %self.url.uri,
                    error = %error,
                    kept_keys = kept,
                    "fetching JWT_JWKS_URL failed; tokens needing its keys are refused (401) until a refetch succeeds"
                );
            }
        }
    }

    async fn fetch_with(&self, client: &HttpsClient) -> Result<Vec<VerificationKey>, String> {
        let request = http::Request::get(self.url.uri.clone())
            .header(http::header::ACCEPT, "application/json")
            .body(String::new())
            .map_err(|error| error.to_string())?;
        let body = tokio::time::timeout(FETCH_TIMEOUT, async {
            let response = client
                .request(request)
                .await
                .map_err(|error| format!("request failed: {}", chain(&error)))?;
            if response.status() != http::StatusCode::OK {
                return Err(format!("answered {}, not 200", response.status()));
            }
            Limited::new(response.into_body(), MAX_JWKS_BYTES)
                .collect()
                .await
                .map(|body| body.to_bytes())
                .map_err(|error| format!("reading the body failed: {error}"))
        })
        .await
        .map_err(|_| format!("no answer within {} s", FETCH_TIMEOUT.as_secs()))??;
        let text = std::str::from_utf8(&body).map_err(|_| "the body is not UTF-8".to_owned())?;
        keys_from_jwks(text).map_err(|error| match error {
            KeyError::BadJwks(why) => format!("not a usable JWKS document: {why}"),
            other => other.to_string(),
        })
    }
}

/// HTTP/1.1 over rustls with ring (as the DynamoDB client), trusting the system's root
/// certificates (as the DynamoDB client does); one connection per fetch, since fetches are
/// a minute apart at the least and an instance may be frozen between them.
fn client(https: bool) -> Result<HttpsClient, String> {
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|error| error.to_string())?;
    // An http:// URL is loopback only and needs no roots; it may run where there are none.
    let tls = if https {
        tls.with_native_roots()
            .map_err(|error| format!("no root certificates: {error}"))?
    } else {
        tls.with_root_certificates(rustls::RootCertStore::empty())
    }
    .with_no_client_auth();
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(tls)
        .https_or_http()
        .enable_http1()
        .build();
    Ok(Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(0)
        .build(connector))
}

/// An error and its sources, `outer: inner: innermost`.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(text: &str) -> String {
        match JwksUrl::parse(text) {
            Err(error) => error.to_string(),
            Ok(url) => panic!("{text} must be refused, got {url:?}"),
        }
    }

    #[test]
    fn https_urls_are_accepted() {
        for url in [
            "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/jwks.json",
            "https://example.auth0.com/.well-known/jwks.json",
            "HTTPS://idp.example.com:8443/keys?tenant=1",
            "  https://idp.example.com/keys  ",
            "https://10.0.0.1/keys",
        ] {
            let parsed = JwksUrl::parse(url).unwrap_or_else(|error| panic!("{url}: {error}"));
            assert!(parsed.https, "{url}");
        }
    }

    #[test]
    fn http_is_accepted_only_to_loopback_addresses() {
        for url in [
            "http://127.0.0.1:8080/jwks.json",
            "http://127.5.6.7/jwks.json",
            "http://127.255.255.255/",
            "http://[::1]:3000/jwks.json",
            "http://localhost/jwks.json",
            "http://LOCALHOST:9000",
        ] {
            let parsed = JwksUrl::parse(url).unwrap_or_else(|error| panic!("{url}: {error}"));
            assert!(!parsed.https, "{url}");
        }
        for url in [
            "http://example.com/jwks.json",
            "http://10.0.0.1/jwks.json",
            "http://128.0.0.1/",
            "http://0.0.0.0/",
            "http://[::2]/",
            "http://[::ffff:127.0.0.1]/",
            "http://localhost.example.com/",
            "http://169.254.169.254/latest",
        ] {
            let error = refusal(url);
            assert!(error.contains("JWT_JWKS_URL"), "{url}: {error}");
            assert!(error.contains("https://"), "{url}: {error}");
        }
    }

    #[test]
    fn anything_else_is_refused_naming_the_variable() {
        for url in [
            "ftp://idp.example.com/jwks.json",
            "file:///etc/jwks.json",
            "idp.example.com/jwks.json",
            "/jwks.json",
            "https://",
            "https:///jwks.json",
            "not a url",
        ] {
            let error = refusal(url);
            assert!(error.contains("JWT_JWKS_URL"), "{url}: {error}");
        }
    }

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let clock = MonotonicClock::manual();
        let start = clock.now();
        assert_eq!(clock.now(), start);
        clock.clone().advance(REFETCH_INTERVAL);
        assert_eq!(clock.now() - start, REFETCH_INTERVAL);
        let system = MonotonicClock::system();
        assert!(system.now() >= start);
    }
}
