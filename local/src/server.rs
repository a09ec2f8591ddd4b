//! The local HTTP server: the route table of template.yaml, served by the very handlers the
//! Lambda functions run, unknown routes included (they take the `$default` row, as API Gateway
//! sends them to the not-found function), with CORS as API Gateway applies it
//! ([`crate::cors`]). Adds `GET /health` (no auth) and, with a [`Site`], the board and the
//! `/docs` playground (`crate::site`), which are not deployed as routes.
//!
//! Each connection serves one request (`Connection: close`). Its head is read and checked here,
//! with the parser hyper uses, before hyper sees it: whatever hyper would refuse with a bare
//! status and no body (characters a URI cannot hold, a URI or head past the limits below, too
//! many header fields, a malformed request line or header, unusable `Content-Length` or
//! `Transfer-Encoding`) is answered here in the error envelope, with `X-Request-Id`.

use std::convert::Infallible;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::{Method, StatusCode};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use shared::compat::View;
use shared::context::AppContext;
use shared::dispatch::{contain_panics, dispatch, error_response};
use shared::error::{error_chain, ApiError, FieldError};
use shared::http::{ApiRequest, ApiResponse};
use shared::routes::route_or_default;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

use crate::cors::Cors;
use crate::site::Site;

/// API Gateway accepts at most this much; the handlers refuse far less (see MAX_BODY_BYTES).
pub const MAX_REQUEST_BYTES: usize = 6 * 1024 * 1024;
/// Longest request target (path and query) accepted; longer is 400.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// Most header fields in one request (hyper's default); more is 400.
pub const MAX_HEADERS: usize = 100;
/// Longest request head (request line and header fields) accepted; longer is 400.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// After its answer, what a client still sends is read and dropped, up to this much or until
/// [`LINGER`] has passed: closing with unread input would reset the connection, and the client
/// could lose the answer.
const MAX_DRAIN_BYTES: usize = 8 * 1024 * 1024;
const LINGER: Duration = Duration::from_secs(5);

/// Accepts connections until the task is dropped; no CORS (template.yaml's default).
pub async fn serve(listener: TcpListener, ctx: Arc<AppContext>) -> std::io::Result<()> {
    serve_with(listener, ctx, Cors::default()).await
}

/// [`serve`], answering browsers from the origins `cors` allows.
pub async fn serve_with(
    listener: TcpListener,
    ctx: Arc<AppContext>,
    cors: Cors,
) -> std::io::Result<()> {
    serve_site(listener, ctx, cors, None).await
}

/// [`serve_with`], and the board's files when there is a `site` (`local serve`).
pub async fn serve_site(
    listener: TcpListener,
    ctx: Arc<AppContext>,
    cors: Cors,
    site: Option<Site>,
) -> std::io::Result<()> {
    let front = Arc::new(Front { cors, site });
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(connection(stream, Arc::clone(&ctx), Arc::clone(&front)));
    }
}

/// What the local server adds around the route table.
struct Front {
    cors: Cors,
    site: Option<Site>,
}

/// One request: its head checked, then served by hyper (or refused here), then a lingering close.
async fn connection(mut stream: TcpStream, ctx: Arc<AppContext>, front: Arc<Front>) {
    let head = match read_head(&mut stream).await {
        Ok(head) => head,
        Err(error) => {
            tracing::debug!(error = %error, "connection closed while reading a request head");
            return;
        }
    };
    let buffered = match head {
        Head::Closed => return,
        Head::Refused { refusal, buffered } => {
            refuse(Replay::new(buffered, stream), refusal).await;
            return;
        }
        Head::Accepted(buffered) => buffered,
    };
    let service = service_fn(move |request| guarded(Arc::clone(&ctx), Arc::clone(&front), request));
    let served = http1::Builder::new()
        // One request per connection: the head check above sees every request.
        .keep_alive(false)
        .max_headers(MAX_HEADERS)
        .serve_connection(TokioIo::new(Replay::new(buffered, stream)), service)
        .without_shutdown()
        .await;
    match served {
        Ok(parts) => linger(parts.io.into_inner()).await,
        Err(error) => tracing::debug!(error = %error, "connection closed with an error"),
    }
}

enum Head {
    /// A whole head that hyper will accept, with whatever else was read after it.
    Accepted(Vec<u8>),
    Refused {
        refusal: Refusal,
        buffered: Vec<u8>,
    },
    /// The client left before sending a whole head: there is no one to answer.
    Closed,
}

/// Why a request is answered before routing, and the path it named (for its view's envelope).
struct Refusal {
    error: ApiError,
    path: String,
}

async fn read_head(stream: &mut TcpStream) -> io::Result<Head> {
    let mut buffered = Vec::with_capacity(8 * 1024);
    let mut chunk = vec![0; 16 * 1024];
    loop {
        match check_head(&buffered) {
            Ok(true) => return Ok(Head::Accepted(buffered)),
            Ok(false) if buffered.len() <= MAX_HEAD_BYTES => {}
            Ok(false) => {
                let refusal = oversized_head(&buffered);
                return Ok(Head::Refused { refusal, buffered });
            }
            Err(refusal) => return Ok(Head::Refused { refusal, buffered }),
        }
        let read = stream.read(&mut chunk).await?;
        match chunk.get(..read) {
            Some(bytes) if !bytes.is_empty() => buffered.extend_from_slice(bytes),
            _ => return Ok(Head::Closed),
        }
    }
}

/// `Ok(true)` for a whole head hyper will accept, `Ok(false)` while it is incomplete.
fn check_head(buffered: &[u8]) -> Result<bool, Refusal> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    let status = request
        .parse(buffered)
        .map_err(|error| malformed_head(buffered, error))?;
    let httparse::Status::Complete(head_length) = status else {
        return Ok(false);
    };
    if head_length > MAX_HEAD_BYTES {
        return Err(oversized_head(buffered));
    }
    let target = request.path.unwrap_or_default();
    let path = path_of(target.as_bytes());
    let refuse = |message: String, field: &str, detail: &str| Refusal {
        error: ApiError::InvalidRequest {
            message,
            details: vec![FieldError::new(field, detail)],
        },
        path: path.clone(),
    };
    if target.len() > MAX_URI_BYTES {
        return Err(uri_too_long(path.clone()));
    }
    if Method::from_bytes(request.method.unwrap_or_default().as_bytes()).is_err() {
        return Err(refuse(
            "The request method is not valid".into(),
            "method",
            "Must be an HTTP method token",
        ));
    }
    if let Some(refusal) = unencoded_characters(target.as_bytes()) {
        return Err(refusal);
    }
    if http::Uri::try_from(target).is_err() {
        return Err(refuse(
            "The request target is not a valid URI".into(),
            "uri",
            "Must be an absolute path, optionally with a query",
        ));
    }
    let mut content_length = None;
    let mut transfer_encoding: Option<String> = None;
    for header in request.headers.iter() {
        if http::HeaderName::from_bytes(header.name.as_bytes()).is_err() {
            return Err(refuse(
                "A header field name is not valid".into(),
                header.name,
                "Must be a token",
            ));
        }
        if header.name.eq_ignore_ascii_case("content-length") {
            let length = decimal(header.value);
            if length.is_none() || (content_length.is_some() && content_length != length) {
                return Err(refuse(
                    "Content-Length must be one decimal number of bytes".into(),
                    "Content-Length",
                    "Must be digits, the same in every Content-Length field",
                ));
            }
            content_length = length;
        } else if header.name.eq_ignore_ascii_case("transfer-encoding") {
            let value = String::from_utf8_lossy(header.value);
            transfer_encoding = Some(match transfer_encoding {
                Some(earlier) => format!("{earlier}, {value}"),
                None => value.into_owned(),
            });
        }
    }
    if let Some(codings) = transfer_encoding {
        // RFC 9112 §6.1 and §6.3: chunked must be the final coding, HTTP/1.0 has none, and a
        // request with both Transfer-Encoding and Content-Length may be refused (we do).
        let chunked_last = codings
            .rsplit(',')
            .next()
            .is_some_and(|last| last.trim().eq_ignore_ascii_case("chunked"));
        if !chunked_last || request.version != Some(1) || content_length.is_some() {
            return Err(refuse(
                "Transfer-Encoding must end in chunked, on HTTP/1.1, without Content-Length".into(),
                "Transfer-Encoding",
                "Must end in chunked, on HTTP/1.1, without Content-Length",
            ));
        }
    }
    if content_length.is_some_and(|length| length > MAX_REQUEST_BYTES as u64) {
        return Err(Refusal {
            error: ApiError::PayloadTooLarge {
                limit: shared::validation::MAX_BODY_BYTES,
            },
            path,
        });
    }
    Ok(true)
}

/// What a request target may hold unencoded: RFC 3986's unreserved and reserved characters
/// and `%`, without `#` (no fragment is sent). `[` `]` stay allowed: filters use them in queries.
fn is_target_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?%[]".contains(&byte)
}

/// 400 naming `path` or `query` when the target holds a character that must be percent-encoded:
/// non-ASCII, a blank or control character, `"` `<` `>` `\\` `^` `` ` `` `{` `|` `}` `#`.
fn unencoded_characters(target: &[u8]) -> Option<Refusal> {
    let position = target.iter().position(|byte| !is_target_byte(*byte))?;
    let in_query = target
        .iter()
        .position(|byte| *byte == b'?')
        .is_some_and(|query| query < position);
    let field = if in_query { "query" } else { "path" };
    Some(Refusal {
        error: ApiError::InvalidRequest {
            message: format!("The request {field} has characters that must be percent-encoded"),
            details: vec![FieldError::new(
                field,
                "Only ASCII letters, digits and - . _ ~ ! $ & ' ( ) * + , ; = : @ / ? % [ ] may \
                 appear as they are; percent-encode anything else",
            )],
        },
        path: path_of(target),
    })
}

/// Digits only, as hyper reads `Content-Length` (no sign, no blank, no list).
fn decimal(value: &[u8]) -> Option<u64> {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(value).ok()?.parse().ok()
}

/// The path of a request target, for choosing the envelope of its view.
fn path_of(target: &[u8]) -> String {
    let target = String::from_utf8_lossy(target);
    target
        .split_once('?')
        .map_or(&*target, |(path, _)| path)
        .to_owned()
}

/// The target of a request line that may be incomplete: what follows the first space.
fn target_of(buffered: &[u8]) -> &[u8] {
    let line = buffered
        .split(|byte| *byte == b'\n')
        .find(|line| !line.is_empty() && *line != b"\r")
        .unwrap_or_default();
    line.split(|byte| *byte == b' ').nth(1).unwrap_or_default()
}

impl Refusal {
    /// 400 INVALID_REQUEST with one detail naming `field`.
    fn invalid(path: String, message: String, field: &str, detail: String) -> Refusal {
        Refusal {
            error: ApiError::InvalidRequest {
                message,
                details: vec![FieldError::new(field, detail)],
            },
            path,
        }
    }
}

fn uri_too_long(path: String) -> Refusal {
    Refusal::invalid(
        path,
        format!("The request URI is longer than {MAX_URI_BYTES} bytes"),
        "uri",
        format!("At most {MAX_URI_BYTES} bytes of path and query"),
    )
}

/// A head still incomplete past [`MAX_HEAD_BYTES`]: its URI or its header fields are too long.
fn oversized_head(buffered: &[u8]) -> Refusal {
    let target = target_of(buffered);
    let path = path_of(target);
    let line_complete = buffered.contains(&b'\n');
    if !line_complete || target.len() > MAX_URI_BYTES {
        return uri_too_long(path);
    }
    Refusal::invalid(
        path,
        format!("The request header fields are larger than {MAX_HEAD_BYTES} bytes"),
        "headers",
        format!("At most {MAX_HEAD_BYTES} bytes of header fields"),
    )
}

fn malformed_head(buffered: &[u8], error: httparse::Error) -> Refusal {
    let target = target_of(buffered);
    if error == httparse::Error::Token {
        // httparse refuses a target that is not UTF-8 or holds a control character.
        if let Some(refusal) = unencoded_characters(target) {
            return refusal;
        }
    }
    let path = path_of(target);
    let (message, field, detail) = match error {
        httparse::Error::TooManyHeaders => (
            format!("The request has more than {MAX_HEADERS} header fields"),
            "headers",
            format!("At most {MAX_HEADERS} header fields"),
        ),
        httparse::Error::HeaderName | httparse::Error::HeaderValue => (
            "A header field of the request is malformed".to_owned(),
            "headers",
            "Each must be `name: value`, the name a token, the value without control characters"
                .to_owned(),
        ),
        _ => (
            "The request line is malformed".to_owned(),
            "request-line",
            "Must be `METHOD target HTTP/1.1`, the target without blanks or control characters"
                .to_owned(),
        ),
    };
    Refusal {
        error: ApiError::InvalidRequest {
            message,
            details: vec![FieldError::new(field, detail)],
        },
        path,
    }
}

/// Answers a refused head in the envelope of its view, then closes.
async fn refuse(mut stream: Replay<TcpStream>, refusal: Refusal) {
    let request_id = ulid::Ulid::new().to_string();
    let response = error_response(&refusal.error, View::of_path(&refusal.path), &request_id);
    tracing::info!(
        request_id = %request_id,
        status = response.status.as_u16(),
        error = %refusal.error,
        "refused before routing"
    );
    let mut bytes = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status.as_str(),
        response.status.canonical_reason().unwrap_or_default()
    )
    .into_bytes();
    for (name, value) in &response.headers {
        bytes.extend_from_slice(name.as_str().as_bytes());
        bytes.extend_from_slice(b": ");
        bytes.extend_from_slice(value.as_bytes());
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.extend_from_slice(
        format!(
            "content-length: {}\r\nconnection: close\r\n\r\n",
            response.body.len()
        )
        .as_bytes(),
    );
    bytes.extend_from_slice(&response.body);
    if let Err(error) = stream.write_all(&bytes).await {
        tracing::debug!(error = %error, "could not answer a refused request");
        return;
    }
    linger(stream).await;
}

/// Ends the answer (FIN), then reads what the client still sends until it closes.
async fn linger<S: AsyncRead + AsyncWrite + Unpin>(mut stream: S) {
    if stream.shutdown().await.is_err() {
        return;
    }
    let drain = async {
        let mut chunk = vec![0; 16 * 1024];
        let mut drained = 0;
        while drained < MAX_DRAIN_BYTES {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(read) => drained += read,
            }
        }
    };
    let _ = tokio::time::timeout(LINGER, drain).await;
}

/// The bytes the head check read, then the rest of the connection: hyper reads exactly what
/// the client sent.
struct Replay<S> {
    buffered: Vec<u8>,
    position: usize,
    stream: S,
}

impl<S> Replay<S> {
    fn new(buffered: Vec<u8>, stream: S) -> Self {
        Replay {
            buffered,
            position: 0,
            stream,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Replay<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let rest = this.buffered.get(this.position..).unwrap_or_default();
        if rest.is_empty() {
            return Pin::new(&mut this.stream).poll_read(cx, buf);
        }
        let count = rest.len().min(buf.remaining());
        buf.put_slice(rest.get(..count).unwrap_or_default());
        this.position += count;
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Replay<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// [`handle`], with a panic in the server's own code logged ("request handling panicked"),
/// counted in the context's panic log and answered as a 500 in the envelope, as the dispatcher
/// does for a panic in a handler, rather than as a dropped connection.
async fn guarded(
    ctx: Arc<AppContext>,
    front: Arc<Front>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = request.uri().path().to_owned();
    let log = Arc::clone(&ctx);
    match contain_panics(&log.panics, handle(ctx, front, request)).await {
        Ok(response) => response,
        Err(panic) => {
            let error = ApiError::Internal(format!("local server panicked: {panic}").into());
            tracing::error!(error = %error_chain(&error), "request failed");
            let request_id = ulid::Ulid::new().to_string();
            Ok(to_hyper(error_response(
                &error,
                View::of_path(&path),
                &request_id,
            )))
        }
    }
}

/// A preflight answered as API Gateway would, a file of the site, or the request's answer with
/// CORS added.
async fn handle(
    ctx: Arc<AppContext>,
    front: Arc<Front>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    if let Some(preflight) = front.cors.preflight(&parts.method, &parts.headers) {
        return Ok(to_hyper(preflight));
    }
    if let Some(site) = &front.site {
        // Never with CORS headers: the pages carry a dev token no other origin may read.
        if let Some(file) = site.answer(&parts.method, parts.uri.path()).await {
            return Ok(to_hyper(file));
        }
    }
    let request_headers = parts.headers.clone();
    let mut response = answer(ctx, parts, body).await;
    front.cors.decorate(&request_headers, &mut response.headers);
    Ok(to_hyper(response))
}

/// `/health`, else the request through its row (the `$default` row when no endpoint takes it).
async fn answer(ctx: Arc<AppContext>, parts: http::request::Parts, body: Incoming) -> ApiResponse {
    let request_id = ulid::Ulid::new().to_string();
    let path = parts.uri.path().to_owned();
    if parts.method == Method::GET && path == "/health" {
        let ok = ApiResponse::json(StatusCode::OK, &serde_json::json!({"status": "ok"}));
        return ok.unwrap_or_else(|e| error_response(&e, View::of_path(&path), &request_id));
    }
    let (route, path_params) = route_or_default(&parts.method, &path);
    let body = match Limited::new(body, MAX_REQUEST_BYTES).collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        Err(error) => {
            let error = if error.downcast_ref::<LengthLimitError>().is_some() {
                ApiError::PayloadTooLarge {
                    limit: shared::validation::MAX_BODY_BYTES,
                }
            } else {
                ApiError::invalid_request("The request body could not be read")
            };
            return error_response(&error, route.view_of(&path), &request_id);
        }
    };
    let api_request = ApiRequest {
        method: parts.method,
        path,
        path_params,
        query: parts.uri.query().unwrap_or_default().to_owned(),
        headers: parts.headers,
        body,
        request_id,
    };
    dispatch(ctx, route, api_request).await
}

fn to_hyper(response: ApiResponse) -> Response<Full<Bytes>> {
    let mut hyper_response = Response::new(Full::new(Bytes::from(response.body)));
    *hyper_response.status_mut() = response.status;
    *hyper_response.headers_mut() = response.headers;
    hyper_response
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Ok(true)`, `Ok(false)`, or the refusal's status and detail field.
    fn verdict(head: &[u8]) -> Result<bool, (u16, String)> {
        check_head(head).map_err(|refusal| {
            let field = refusal
                .error
                .details()
                .first()
                .map(|detail| detail.field.clone())
                .unwrap_or_default();
            (refusal.error.status().as_u16(), field)
        })
    }

    fn refused(status: u16, field: &str) -> Result<bool, (u16, String)> {
        Err((status, field.to_owned()))
    }

    #[test]
    fn whole_heads_hyper_accepts_pass_and_partial_ones_wait() {
        assert_eq!(verdict(b""), Ok(false));
        assert_eq!(
            verdict(b"GET /api/v1/crm/deals HTTP/1.1\r\nHost: x\r\n"),
            Ok(false)
        );
        assert_eq!(
            verdict(b"GET /api/v1/crm/deals?value[gte]=1&n=%41 HTTP/1.1\r\nHost: x\r\n\r\n"),
            Ok(true)
        );
        assert_eq!(
            verdict(b"POST /x HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello"),
            Ok(true)
        );
        assert_eq!(
            verdict(b"POST /x HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
            Ok(true)
        );
    }

    #[test]
    fn characters_a_uri_cannot_hold_name_the_path_or_the_query() {
        for target in [
            &b"/deals/<x>"[..],
            b"/deals/\xc3\xa9",
            b"/deals/\xff",
            b"/deals/a\"b",
            b"/deals/{x}",
            b"/deals/a|b",
            b"/deals/a^b",
            b"/deals/a`b",
            b"/deals/a\\b",
            b"/deals#x",
            b"/deals/\x7f",
        ] {
            let mut head = b"GET ".to_vec();
            head.extend_from_slice(target);
            head.extend_from_slice(b" HTTP/1.1\r\n\r\n");
            assert_eq!(verdict(&head), refused(400, "path"), "{target:?}");
        }
        assert_eq!(
            verdict(b"GET /deals?q=<x> HTTP/1.1\r\n\r\n"),
            refused(400, "query")
        );
        assert_eq!(
            verdict(b"GET /deals?q=\xc3\xa9 HTTP/1.1\r\n\r\n"),
            refused(400, "query")
        );
        assert_eq!(verdict(b"GET a/b HTTP/1.1\r\n\r\n"), refused(400, "uri"));
    }

    #[test]
    fn limits_and_framing_are_refused_with_their_field() {
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_URI_BYTES));
        assert_eq!(verdict(long.as_bytes()), refused(400, "uri"));
        let at_limit = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_URI_BYTES - 1));
        assert_eq!(verdict(at_limit.as_bytes()), Ok(true));
        let headers = |count: usize| {
            let lines: String = (0..count).map(|i| format!("X-{i}: v\r\n")).collect();
            format!("GET / HTTP/1.1\r\n{lines}\r\n")
        };
        assert_eq!(verdict(headers(MAX_HEADERS).as_bytes()), Ok(true));
        assert_eq!(
            verdict(headers(MAX_HEADERS + 1).as_bytes()),
            refused(400, "headers")
        );
        assert_eq!(
            verdict(b"GET / HTTP/1.1\r\nBad Name: v\r\n\r\n"),
            refused(400, "headers")
        );
        assert_eq!(
            verdict(b"GET / HTTP/2.0\r\n\r\n"),
            refused(400, "request-line")
        );
        for framing in [
            "Content-Length: -1",
            "Content-Length: 1,1",
            "Content-Length: 0x10",
            "Content-Length: ",
            "Content-Length: 1\r\nContent-Length: 2",
        ] {
            let head = format!("POST / HTTP/1.1\r\n{framing}\r\n\r\n");
            assert_eq!(
                verdict(head.as_bytes()),
                refused(400, "Content-Length"),
                "{framing}"
            );
        }
        for framing in [
            "Transfer-Encoding: chunked, gzip",
            "Transfer-Encoding: chunked\r\nContent-Length: 3",
        ] {
            let head = format!("POST / HTTP/1.1\r\n{framing}\r\n\r\n");
            assert_eq!(
                verdict(head.as_bytes()),
                refused(400, "Transfer-Encoding"),
                "{framing}"
            );
        }
        assert_eq!(
            verdict(b"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"),
            refused(400, "Transfer-Encoding")
        );
        let too_big = format!(
            "POST / HTTP/1.1\r\nContent-Length: {}\r\n\r\n",
            MAX_REQUEST_BYTES + 1
        );
        assert_eq!(verdict(too_big.as_bytes()), refused(413, ""));
    }

    #[test]
    fn an_oversized_head_blames_its_uri_or_its_header_fields() {
        let field = |buffered: &[u8]| {
            oversized_head(buffered)
                .error
                .details()
                .first()
                .map(|detail| detail.field.clone())
        };
        let unterminated = format!("GET /{}", "a".repeat(MAX_HEAD_BYTES));
        assert_eq!(field(unterminated.as_bytes()).as_deref(), Some("uri"));
        let long_header = format!("GET / HTTP/1.1\r\nX-Big: {}", "b".repeat(MAX_HEAD_BYTES));
        assert_eq!(field(long_header.as_bytes()).as_deref(), Some("headers"));
        let path = oversized_head(b"GET /api-v1-deals/x?y HTTP/1.1\r\n").path;
        assert_eq!(path, "/api-v1-deals/x");
    }
}
