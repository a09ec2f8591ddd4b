//! A Lambda Runtime API of our own, enough for one function process at a time: it hands out the
//! events it is given on `GET …/invocation/next` and reports, with timestamps, every request the
//! runtime makes (next, response, error, init error) to the bench that drives it.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio::task::{JoinHandle, JoinSet};

const API_PREFIX: &str = "/2018-06-01/runtime/";
/// The function's Timeout in template.yaml, for `Lambda-Runtime-Deadline-Ms`.
const FUNCTION_TIMEOUT: Duration = Duration::from_secs(10);

/// One event to hand out.
#[derive(Debug)]
pub struct Invocation {
    pub request_id: String,
    pub event: Vec<u8>,
}

/// What the function process did, as the emulator saw it.
#[derive(Debug)]
pub enum Report {
    /// `GET …/invocation/next` arrived (the runtime is ready for an event).
    Next { at: Instant },
    /// `POST …/invocation/{id}/response`, fully received.
    Response {
        request_id: String,
        /// Time from the event being handed out to the response being received.
        took: Option<Duration>,
        body: Bytes,
    },
    /// `POST …/invocation/{id}/error`.
    InvocationError { request_id: String, body: String },
    /// `POST …/init/error`.
    InitError { body: String },
    /// Anything else the runtime asked for.
    Unexpected { method: Method, path: String },
}

struct State {
    function_arn: String,
    /// Events the bench has queued; `next` waits here until there is one.
    pending: tokio::sync::Mutex<mpsc::UnboundedReceiver<Invocation>>,
    /// When each event was handed out, by request id.
    handed_out: Mutex<HashMap<String, Instant>>,
    reports: mpsc::UnboundedSender<Report>,
}

/// The running emulator. Dropping it stops the server and closes every connection.
pub struct Emulator {
    addr: SocketAddr,
    invocations: mpsc::UnboundedSender<Invocation>,
    reports: mpsc::UnboundedReceiver<Report>,
    server: JoinHandle<()>,
}

impl Emulator {
    /// Listens on a free port of 127.0.0.1 for the function `function_name`.
    pub async fn start(function_name: &str) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (invocations, pending) = mpsc::unbounded_channel();
        let (report_tx, reports) = mpsc::unbounded_channel();
        let state = Arc::new(State {
            function_arn: format!("arn:aws:lambda:us-east-1:123456789012:function:{function_name}"),
            pending: tokio::sync::Mutex::new(pending),
            handed_out: Mutex::new(HashMap::new()),
            reports: report_tx,
        });
        let server = tokio::spawn(serve(listener, state));
        Ok(Emulator {
            addr,
            invocations,
            reports,
            server,
        })
    }

    /// `host:port`, the value of `AWS_LAMBDA_RUNTIME_API`.
    pub fn runtime_api(&self) -> String {
        self.addr.to_string()
    }

    /// Queues an event for the next `next` request.
    pub fn invoke(&self, invocation: Invocation) {
        // The receiver lives as long as the server task, which lives as long as `self`.
        let _ = self.invocations.send(invocation);
    }

    /// The next thing the runtime did; `None` once the server is gone.
    pub async fn report(&mut self) -> Option<Report> {
        self.reports.recv().await
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        // The connections live in the server task's JoinSet, so they go with it.
        self.server.abort();
    }
}

async fn serve(listener: TcpListener, state: Arc<State>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                let state = Arc::clone(&state);
                connections.spawn(async move {
                    let service = service_fn(move |request| handle(Arc::clone(&state), request));
                    // A connection error only means the function process went away.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
            // Reap finished connections so the set does not grow.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

type Reply = Response<Full<Bytes>>;

async fn handle(state: Arc<State>, request: Request<Incoming>) -> Result<Reply, Infallible> {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let route = path.strip_prefix(API_PREFIX).unwrap_or("");
    let segments: Vec<&str> = route.split('/').collect();
    let reply = match (&method, segments.as_slice()) {
        (&Method::GET, ["invocation", "next"]) => next(&state).await,
        (&Method::POST, ["invocation", request_id, "response"]) => {
            let request_id = (*request_id).to_owned();
            let body = read_body(request).await;
            let took = state
                .handed_out
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .remove(&request_id)
                .map(|handed_out| handed_out.elapsed());
            let _ = state.reports.send(Report::Response {
                request_id,
                took,
                body,
            });
            accepted()
        }
        (&Method::POST, ["invocation", request_id, "error"]) => {
            let request_id = (*request_id).to_owned();
            let body = String::from_utf8_lossy(&read_body(request).await).into_owned();
            let _ = state
                .reports
                .send(Report::InvocationError { request_id, body });
            accepted()
        }
        (&Method::POST, ["init", "error"]) => {
            let body = String::from_utf8_lossy(&read_body(request).await).into_owned();
            let _ = state.reports.send(Report::InitError { body });
            accepted()
        }
        _ => {
            let _ = state.reports.send(Report::Unexpected { method, path });
            plain(StatusCode::NOT_FOUND, r#"{"errorType":"NotFound"}"#)
        }
    };
    Ok(reply)
}

/// Waits for a queued event and hands it out with the headers the real Runtime API sends.
async fn next(state: &State) -> Reply {
    let _ = state.reports.send(Report::Next { at: Instant::now() });
    let invocation = state.pending.lock().await.recv().await;
    let Some(Invocation { request_id, event }) = invocation else {
        return plain(StatusCode::GONE, r#"{"errorType":"ShuttingDown"}"#);
    };
    let deadline = SystemTime::now() + FUNCTION_TIMEOUT;
    let deadline_ms = deadline
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis();
    let trace_id = trace_id();
    let response = Response::builder()
        .status(StatusCode::OK)
        .header("content-type", "application/json")
        .header("lambda-runtime-aws-request-id", &request_id)
        .header("lambda-runtime-deadline-ms", deadline_ms.to_string())
        .header("lambda-runtime-invoked-function-arn", &state.function_arn)
        .header("lambda-runtime-trace-id", trace_id)
        .body(Full::new(Bytes::from(event)));
    let Ok(response) = response else {
        return plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            r#"{"errorType":"BadEvent"}"#,
        );
    };
    state
        .handed_out
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(request_id, Instant::now());
    response
}

/// An X-Ray trace header in the form Lambda sends (`Root=1-<epoch hex>-<24 hex>;…`).
fn trace_id() -> String {
    let epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let random = ulid::Ulid::new().0;
    let root = random & ((1u128 << 96) - 1);
    let parent = (random >> 64) as u64;
    format!("Root=1-{epoch:08x}-{root:024x};Parent={parent:016x};Sampled=0")
}

async fn read_body(request: Request<Incoming>) -> Bytes {
    match request.into_body().collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => Bytes::new(),
    }
}

fn accepted() -> Reply {
    plain(StatusCode::ACCEPTED, r#"{"status":"OK"}"#)
}

fn plain(status: StatusCode, body: &'static str) -> Reply {
    let mut response = Response::new(Full::new(Bytes::from_static(body.as_bytes())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    response
}
