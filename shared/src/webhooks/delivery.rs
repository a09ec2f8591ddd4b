//! One delivery attempt: a signed `POST` of an event to a subscriber's URL, and what came of it.
//!
//! The URL is checked again ([`check_url`]: it may have been registered under another policy),
//! the host resolved once, and every address it resolves to judged ([`is_forbidden`]): a name
//! answering with public and private addresses at once is refused whole, since a resolver an
//! attacker controls may answer so to reach inside. The TCP connection is made to an address
//! judged here, never to the name, so no second resolution can answer otherwise. An `https://`
//! URL is spoken TLS to (rustls with ring, the system's root certificates, SNI and certificate
//! name the URL's host), then HTTP/1.1.
//!
//! What counts: a 2xx answer succeeds; any other status fails, a redirect included (it is never
//! followed: its target was not checked, and the subscriber registered this URL); no answer
//! within the timeout ([`ATTEMPT_TIMEOUT`] in production) fails, as does anything that stopped
//! the request (no address, a refused connection, a TLS failure). Once the status line and
//! headers are in, at most [`MAX_RESPONSE_BYTES`] of the body are read (within what is left of
//! the timeout) and dropped: a body that is slow or cut short does not undo the status.
//! Nothing here panics.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use http::header::{HeaderName, HeaderValue};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper_rustls::ConfigBuilderExt;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use super::ssrf::{check_url, forbidden_kind, Scheme, Target, TargetPolicy};

/// The bound of one attempt in production, from its start to its end.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);
/// The most of a response body read (then dropped).
pub const MAX_RESPONSE_BYTES: usize = 64 * 1024;
/// The `user-agent` every delivery carries.
pub const USER_AGENT: &str = "deals-api-webhooks/1";
/// The most bytes of a response's status line and headers that are buffered.
const MAX_RESPONSE_HEAD_BYTES: usize = 64 * 1024;
/// Headers the attempt sets itself (or hyper does, from the body); the caller may not.
const OWN_HEADERS: [&str; 6] = [
    "host",
    "content-type",
    "content-length",
    "user-agent",
    "transfer-encoding",
    "connection",
];

/// What one attempt came to, as a delivery's record keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// The response's status, when one came.
    pub status_code: Option<u16>,
    /// Why there is no usable answer (no status, or a redirect); `None` when a status came and
    /// is the whole story (a 2xx, or a 4xx/5xx the status says enough about).
    pub error: Option<String>,
    /// From the start of the attempt to its end (the response's body read, or the failure).
    pub duration_ms: u64,
}

impl Attempt {
    /// A 2xx answer and nothing else.
    pub fn succeeded(&self) -> bool {
        self.error.is_none()
            && self
                .status_code
                .is_some_and(|code| (200..300).contains(&code))
    }
}

/// Makes one attempt to deliver `body` to `target_url`, with `headers` (the signature's, from
/// [`super::signing::signature_headers`]) besides `content-type: application/json` and
/// `user-agent`. The whole attempt is bounded by `timeout`: no status within it fails
/// ("timed out after 10s"), a body still coming when it runs out is dropped. See the module's
/// doc for what counts as success.
pub async fn attempt(
    target_url: &str,
    policy: TargetPolicy,
    headers: &[(&str, String)],
    body: impl Into<Bytes>,
    timeout: Duration,
) -> Attempt {
    let started = Instant::now();
    let deadline = tokio::time::Instant::now() + timeout;
    let body = body.into();
    let exchanged =
        tokio::time::timeout_at(deadline, exchange(target_url, policy, headers, body)).await;
    let (status_code, error) = match exchanged {
        Err(_) => (
            None,
            Some(format!("timed out after {}", show_duration(timeout))),
        ),
        Ok(Err(error)) => (None, Some(error)),
        Ok(Ok((response, connection))) => {
            let status = response.status();
            let outcome = if status.is_redirection() {
                (
                    Some(status.as_u16()),
                    Some("redirects are not followed".to_owned()),
                )
            } else {
                // What the body does no longer changes the outcome.
                let _ = tokio::time::timeout_at(deadline, drain(response.into_body())).await;
                (Some(status.as_u16()), None)
            };
            // The connection ends here, whatever the body still held.
            drop(connection);
            outcome
        }
    };
    Attempt {
        status_code,
        error,
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    }
}

/// The request sent and the response's head received, with the task driving the connection.
async fn exchange(
    target_url: &str,
    policy: TargetPolicy,
    headers: &[(&str, String)],
    body: Bytes,
) -> Result<(http::Response<Incoming>, ConnectionTask), String> {
    let target = check_url(target_url, policy).map_err(|refusal| refusal.to_string())?;
    let request = build_request(&target, headers, body)?;
    let tls = match target.scheme {
        Scheme::Http => None,
        Scheme::Https => Some(tls_config()?),
    };
    let addresses = resolve(&target, policy.allow_loopback).await?;
    let stream = connect(&addresses).await?;
    match tls {
        None => send(TokioIo::new(stream), request).await,
        Some(config) => {
            let server_name = rustls::pki_types::ServerName::try_from(target.host.clone())
                .map_err(|_| format!("{} is not a name TLS can verify", target.host))?;
            let tls = tokio_rustls::TlsConnector::from(config)
                .connect(server_name, stream)
                .await
                .map_err(|error| format!("TLS with {} failed: {error}", target.host))?;
            send(TokioIo::new(tls), request).await
        }
    }
}

fn build_request(
    target: &Target,
    headers: &[(&str, String)],
    body: Bytes,
) -> Result<http::Request<Full<Bytes>>, String> {
    let mut request = http::Request::post(target.path_and_query.as_str())
        .header(http::header::HOST, target.host_header())
        .header(http::header::CONTENT_TYPE, "application/json")
        .header(http::header::USER_AGENT, USER_AGENT)
        .body(Full::new(body))
        .map_err(|error| format!("the request could not be made: {error}"))?;
    for (name, value) in headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("{name:?} is not a header name"))?;
        if OWN_HEADERS.contains(&name.as_str()) {
            return Err(format!("the header {name} is set by the delivery itself"));
        }
        let value = HeaderValue::from_str(value)
            .map_err(|_| format!("the value of the header {name} is not a header value"))?;
        request.headers_mut().append(name, value);
    }
    Ok(request)
}

/// The addresses to connect to: the literal's, or every one the name resolves to, each judged.
async fn resolve(target: &Target, allow_loopback: bool) -> Result<Vec<SocketAddr>, String> {
    if let Some(ip) = target.ip() {
        // Judged by check_url already; judged again so this function stands on its own.
        return check_resolved(
            &target.host,
            vec![SocketAddr::new(ip, target.port)],
            allow_loopback,
        );
    }
    let resolved = tokio::net::lookup_host((target.host.as_str(), target.port))
        .await
        .map_err(|error| format!("{} could not be resolved: {error}", target.host))?;
    check_resolved(&target.host, resolved.collect(), allow_loopback)
}

/// `addresses` when there is one and none is forbidden; one forbidden address refuses them all.
fn check_resolved(
    host: &str,
    mut addresses: Vec<SocketAddr>,
    allow_loopback: bool,
) -> Result<Vec<SocketAddr>, String> {
    if addresses.is_empty() {
        return Err(format!("{host} resolves to no address"));
    }
    if let Some(kind) = addresses
        .iter()
        .find_map(|address| forbidden_kind(address.ip(), allow_loopback))
    {
        return Err(format!(
            "{host} resolves to {kind}, which webhooks must not reach"
        ));
    }
    addresses.dedup();
    Ok(addresses)
}

/// A connection to the first address that takes one, in the resolver's order.
async fn connect(addresses: &[SocketAddr]) -> Result<TcpStream, String> {
    let mut failure = String::from("no address to connect to");
    for address in addresses {
        match TcpStream::connect(address).await {
            Ok(stream) => {
                // Small requests: do not wait to fill a segment.
                let _ = stream.set_nodelay(true);
                return Ok(stream);
            }
            Err(error) => {
                failure = format!("connecting to {} failed: {error}", show_address(address))
            }
        }
    }
    Err(failure)
}

fn show_address(address: &SocketAddr) -> String {
    match address.ip() {
        IpAddr::V4(ip) => format!("{ip}:{}", address.port()),
        IpAddr::V6(ip) => format!("[{ip}]:{}", address.port()),
    }
}

/// The HTTP/1.1 exchange over a connected stream, up to the response's head.
async fn send<T>(
    io: T,
    request: http::Request<Full<Bytes>>,
) -> Result<(http::Response<Incoming>, ConnectionTask), String>
where
    T: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let (mut sender, connection) = hyper::client::conn::http1::Builder::new()
        .max_buf_size(MAX_RESPONSE_HEAD_BYTES)
        .handshake::<_, Full<Bytes>>(io)
        .await
        .map_err(|error| format!("HTTP handshake failed: {}", chain(&error)))?;
    // The connection is driven beside the request; it ends with the attempt (when this guard is
    // dropped), and never outlives it.
    let task = ConnectionTask(tokio::spawn(async move {
        let _ = connection.await;
    }));
    let response = sender
        .send_request(request)
        .await
        .map_err(|error| format!("the request failed: {}", chain(&error)))?;
    Ok((response, task))
}

/// Reads up to [`MAX_RESPONSE_BYTES`] of a body and drops them.
async fn drain(mut body: Incoming) {
    let mut read = 0;
    while read < MAX_RESPONSE_BYTES {
        match body.frame().await {
            Some(Ok(frame)) => read += frame.data_ref().map_or(0, Bytes::len),
            Some(Err(_)) | None => break,
        }
    }
}

/// The task driving a connection, aborted when dropped.
struct ConnectionTask(tokio::task::JoinHandle<()>);

impl Drop for ConnectionTask {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// rustls with ring and the system's root certificates, loaded once per instance.
fn tls_config() -> Result<Arc<rustls::ClientConfig>, String> {
    static CONFIG: OnceLock<Result<Arc<rustls::ClientConfig>, String>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(
                rustls::crypto::ring::default_provider(),
            ))
            .with_safe_default_protocol_versions()
            .map_err(|error| error.to_string())?
            .with_native_roots()
            .map_err(|error| format!("no root certificates: {error}"))?
            .with_no_client_auth();
            config.alpn_protocols = vec![b"http/1.1".to_vec()];
            Ok(Arc::new(config))
        })
        .clone()
}

/// `10s`, or `300ms` for what is not whole seconds.
fn show_duration(duration: Duration) -> String {
    if duration.subsec_nanos() == 0 && duration.as_secs() > 0 {
        format!("{}s", duration.as_secs())
    } else {
        format!("{}ms", duration.as_millis())
    }
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
    use std::convert::Infallible;

    use hyper::service::service_fn;
    use tokio::io::AsyncWriteExt;
    use tokio::net::TcpListener;
    use tokio::sync::mpsc;

    use super::*;
    use crate::webhooks::signing::{signature_headers, WebhookSecret};

    /// What a test receiver saw of one request.
    struct Received {
        method: http::Method,
        target: String,
        headers: http::HeaderMap,
        body: Bytes,
    }

    /// A receiver on 127.0.0.1 answering every request with `status`, `headers` and `body`,
    /// and telling the test what it received.
    async fn receiver(
        status: u16,
        headers: &'static [(&'static str, &'static str)],
        body: Bytes,
    ) -> (SocketAddr, mpsc::UnboundedReceiver<Received>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (tell, told) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let tell = tell.clone();
                let body = body.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request: http::Request<Incoming>| {
                        let tell = tell.clone();
                        let body = body.clone();
                        async move {
                            let (parts, received) = request.into_parts();
                            let received = received.collect().await.unwrap().to_bytes();
                            let _ = tell.send(Received {
                                method: parts.method,
                                target: parts.uri.to_string(),
                                headers: parts.headers,
                                body: received,
                            });
                            let mut response = http::Response::new(Full::new(body));
                            *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
                            for (name, value) in headers {
                                response
                                    .headers_mut()
                                    .insert(*name, HeaderValue::from_static(value));
                            }
                            Ok::<_, Infallible>(response)
                        }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        (address, told)
    }

    /// A listener that accepts connections, keeps them open and never says a word.
    async fn silent_listener() -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((stream, _)) = listener.accept().await {
                held.push(stream);
            }
        });
        address
    }

    fn now() -> i64 {
        time::OffsetDateTime::now_utc().unix_timestamp()
    }

    const SHORT: Duration = Duration::from_millis(300);
    const AMPLE: Duration = Duration::from_secs(10);

    #[tokio::test]
    async fn a_signed_post_arrives_and_verifies_with_the_reference_implementation() {
        let (address, mut told) = receiver(204, &[], Bytes::new()).await;
        let secret = WebhookSecret::generate().unwrap();
        let body =
            br#"{"type":"deal.updated","data":{"id":"deal-7","title":"Caf\u00e9"}}"#.to_vec();
        let headers = signature_headers(&secret, "msg_01J9", now(), &body);
        let url = format!("http://127.0.0.1:{}/hooks/in?tenant=t1", address.port());
        let outcome = attempt(&url, TargetPolicy::LOCAL, &headers, body.clone(), AMPLE).await;
        assert_eq!(outcome.status_code, Some(204), "{outcome:?}");
        assert_eq!(outcome.error, None);
        assert!(outcome.succeeded());

        let received = told.recv().await.unwrap();
        assert_eq!(received.method, http::Method::POST);
        assert_eq!(received.target, "/hooks/in?tenant=t1");
        assert_eq!(received.body, Bytes::from(body.clone()));
        let header = |name: &str| {
            received
                .headers
                .get(name)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(header("content-type"), "application/json");
        assert_eq!(header("user-agent"), "deals-api-webhooks/1");
        assert_eq!(header("host"), format!("127.0.0.1:{}", address.port()));
        assert_eq!(header("content-length"), body.len().to_string());
        assert_eq!(header("webhook-id"), "msg_01J9");
        standardwebhooks::Webhook::new(secret.as_str())
            .unwrap()
            .verify(&received.body, &received.headers)
            .unwrap();
        // One request, once.
        assert!(told.try_recv().is_err());
    }

    #[tokio::test]
    async fn a_name_is_resolved_and_an_address_it_names_connected_to() {
        let (address, mut told) = receiver(200, &[], Bytes::from_static(b"ok")).await;
        let url = format!("http://localhost:{}/", address.port());
        let outcome = attempt(&url, TargetPolicy::LOCAL, &[], "{}", AMPLE).await;
        assert!(outcome.succeeded(), "{outcome:?}");
        let received = told.recv().await.unwrap();
        assert_eq!(
            received.headers.get("host").unwrap(),
            &format!("localhost:{}", address.port())
        );
    }

    #[tokio::test]
    async fn loopback_is_refused_without_the_flag_and_without_connecting() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let no_loopback = TargetPolicy {
            require_https: false,
            allow_loopback: false,
        };
        for (url, policy, expected) in [
            (
                format!("http://127.0.0.1:{port}/"),
                no_loopback,
                "url must not point at a loopback address",
            ),
            (
                format!("http://localhost:{port}/"),
                no_loopback,
                "url must not point at a loopback address",
            ),
            (
                format!("http://127.0.0.1:{port}/"),
                TargetPolicy::DEPLOYED,
                "url must use https",
            ),
            (
                format!("https://127.0.0.1:{port}/"),
                TargetPolicy::DEPLOYED,
                "url must not point at a loopback address",
            ),
        ] {
            let outcome = attempt(&url, policy, &[], "{}", AMPLE).await;
            assert_eq!(outcome.status_code, None, "{url}");
            assert_eq!(outcome.error.as_deref(), Some(expected), "{url}");
            assert!(!outcome.succeeded());
        }
        let accepted = tokio::time::timeout(Duration::from_millis(100), listener.accept()).await;
        assert!(accepted.is_err(), "a refused URL must not be connected to");
    }

    #[tokio::test]
    async fn an_error_status_fails_with_its_code() {
        let (address, _told) = receiver(500, &[], Bytes::from_static(b"{\"error\":1}")).await;
        let url = format!("http://127.0.0.1:{}/", address.port());
        let outcome = attempt(&url, TargetPolicy::LOCAL, &[], "{}", AMPLE).await;
        assert_eq!(outcome.status_code, Some(500));
        assert_eq!(outcome.error, None);
        assert!(!outcome.succeeded());

        let (address, _told) = receiver(410, &[], Bytes::new()).await;
        let url = format!("http://127.0.0.1:{}/", address.port());
        let outcome = attempt(&url, TargetPolicy::LOCAL, &[], "{}", AMPLE).await;
        assert_eq!(outcome.status_code, Some(410));
        assert!(!outcome.succeeded());
    }

    #[tokio::test]
    async fn a_redirect_fails_and_is_not_followed() {
        let (elsewhere, mut elsewhere_told) = receiver(200, &[], Bytes::new()).await;
        let location: &'static str =
            Box::leak(format!("http://127.0.0.1:{}/other", elsewhere.port()).into_boxed_str());
        let headers: &'static [(&'static str, &'static str)] =
            Box::leak(vec![("location", location)].into_boxed_slice());
        for status in [301, 302, 307, 308] {
            let (address, mut told) = receiver(status, headers, Bytes::new()).await;
            let url = format!("http://127.0.0.1:{}/", address.port());
            let outcome = attempt(&url, TargetPolicy::LOCAL, &[], "{}", AMPLE).await;
            assert_eq!(outcome.status_code, Some(status));
            assert_eq!(outcome.error.as_deref(), Some("redirects are not followed"));
            assert!(!outcome.succeeded());
            assert!(told.recv().await.is_some());
        }
        assert!(
            elsewhere_told.try_recv().is_err(),
            "the redirect was followed"
        );
    }

    #[tokio::test]
    async fn a_receiver_that_never_answers_times_out() {
        let address = silent_listener().await;
        let url = format!("http://127.0.0.1:{}/", address.port());
        let outcome = attempt(&url, TargetPolicy::LOCAL, &[], "{}", SHORT).await;
        assert_eq!(outcome.status_code, None);
        assert_eq!(outcome.error.as_deref(), Some("timed out after 300ms"));
        assert!(!outcome.succeeded());
    }

    #[tokio::test]
    async fn a_refused_connection_is_an_error() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let url = format!("http://127.0.0.1:{port}/");
        let outcome = attempt(&url, TargetPolicy::LOCAL, &[], "{}", AMPLE).await;
        assert_eq!(outcome.status_code, None);
        let error = outcome.error.unwrap();
        assert!(
            error.starts_with(&format!("connecting to 127.0.0.1:{port} failed")),
            "{error}"
        );
    }

    #[tokio::test]
    async fn a_long_answer_is_read_only_in_part() {
        let (address, _told) = receiver(200, &[], Bytes::from(vec![b'x'; 1024 * 1024])).await;
        let url = format!("http://127.0.0.1:{}/", address.port());
        let outcome = attempt(&url, TargetPolicy::LOCAL, &[], "{}", AMPLE).await;
        assert!(outcome.succeeded(), "{outcome:?}");
    }

    #[tokio::test]
    async fn a_body_that_stalls_after_the_status_keeps_the_status() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut request = vec![0u8; 4096];
            let _ = tokio::io::AsyncReadExt::read(&mut stream, &mut request).await;
            stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nabc")
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_secs(30)).await;
        });
        let url = format!("http://127.0.0.1:{port}/");
        let outcome = attempt(&url, TargetPolicy::LOCAL, &[], "{}", SHORT).await;
        assert_eq!(outcome.status_code, Some(200));
        assert!(outcome.succeeded(), "{outcome:?}");
    }

    #[tokio::test]
    async fn https_is_spoken_tls_and_fails_against_plain_http() {
        let (address, mut told) = receiver(200, &[], Bytes::new()).await;
        let both = TargetPolicy {
            require_https: true,
            allow_loopback: true,
        };
        let url = format!("https://127.0.0.1:{}/", address.port());
        let outcome = attempt(&url, both, &[], "{}", AMPLE).await;
        assert_eq!(outcome.status_code, None);
        let error = outcome.error.unwrap();
        assert!(
            error.contains("TLS") || error.contains("root certificates"),
            "{error}"
        );
        assert!(told.try_recv().is_err());
    }

    #[tokio::test]
    async fn bad_or_reserved_headers_fail_before_connecting() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!(
            "http://127.0.0.1:{}/",
            listener.local_addr().unwrap().port()
        );
        for (headers, expected) in [
            (
                vec![("bad name", "x".to_owned())],
                "\"bad name\" is not a header name",
            ),
            (
                vec![("x-ok", "line\nbreak".to_owned())],
                "the value of the header x-ok is not a header value",
            ),
            (
                vec![("Host", "evil.example".to_owned())],
                "the header host is set by the delivery itself",
            ),
            (
                vec![("content-length", "1".to_owned())],
                "the header content-length is set by the delivery itself",
            ),
        ] {
            let outcome = attempt(&url, TargetPolicy::LOCAL, &headers, "{}", AMPLE).await;
            assert_eq!(outcome.error.as_deref(), Some(expected));
        }
        let accepted = tokio::time::timeout(Duration::from_millis(100), listener.accept()).await;
        assert!(accepted.is_err());
    }

    #[test]
    fn one_forbidden_address_among_those_resolved_refuses_them_all() {
        let public: SocketAddr = "93.184.216.34:443".parse().unwrap();
        let private: SocketAddr = "10.0.0.5:443".parse().unwrap();
        let metadata: SocketAddr = "[::ffff:169.254.169.254]:443".parse().unwrap();
        let loopback: SocketAddr = "127.0.0.1:443".parse().unwrap();
        assert_eq!(
            check_resolved("hooks.example.com", vec![public, public], false),
            Ok(vec![public])
        );
        assert_eq!(
            check_resolved("rebind.example.com", vec![public, private], false),
            Err(
                "rebind.example.com resolves to a private address, which webhooks must not reach"
                    .to_owned()
            )
        );
        assert!(
            check_resolved("x.example.com", vec![metadata, public], true)
                .unwrap_err()
                .contains("link-local")
        );
        assert!(check_resolved("localhost", vec![loopback], false).is_err());
        assert_eq!(
            check_resolved("localhost", vec![loopback], true),
            Ok(vec![loopback])
        );
        assert_eq!(
            check_resolved("empty.example.com", vec![], true),
            Err("empty.example.com resolves to no address".to_owned())
        );
    }

    #[test]
    fn durations_are_shown_in_seconds_or_milliseconds() {
        assert_eq!(show_duration(ATTEMPT_TIMEOUT), "10s");
        assert_eq!(show_duration(Duration::from_millis(300)), "300ms");
        assert_eq!(show_duration(Duration::from_millis(1500)), "1500ms");
        assert_eq!(show_duration(Duration::ZERO), "0ms");
    }

    #[test]
    fn only_a_2xx_without_an_error_succeeded() {
        let outcome = |status_code: Option<u16>, error: Option<&str>| Attempt {
            status_code,
            error: error.map(str::to_owned),
            duration_ms: 1,
        };
        assert!(outcome(Some(200), None).succeeded());
        assert!(outcome(Some(299), None).succeeded());
        assert!(!outcome(Some(199), None).succeeded());
        assert!(!outcome(Some(300), None).succeeded());
        assert!(!outcome(Some(200), Some("x")).succeeded());
        assert!(!outcome(None, None).succeeded());
    }
}
