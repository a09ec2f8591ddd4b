//! Test support: a fresh tenant on the DynamoDB Local that `make test` starts, tokens for it,
//! and calls that go through the route table and dispatcher exactly as the local server does.
//!
//! With `TEST_THROUGH=lambda` (`make test-lambda`), the calls of every [`TestApi::new`] go
//! instead over HTTP to the deployed shape: `local serve-lambda`, the function binaries under
//! the Lambda Runtime Interface Emulator behind an emulated API Gateway, started once per test
//! binary and configured as [`test_config`]. Tests that count DynamoDB calls or configure the
//! API differently build their context here ([`TestApi::in_process`], [`TestApi::with_config`])
//! and stay in-process.
//!
//! A panic in request handling fails the test that caused it, even though the dispatcher turns
//! it into a tidy 500: every call checks its context's [`PanicLog`] when it returns, and a
//! [`TestApi`] checks it once more when dropped (for requests that came in over HTTP through
//! the local server). The log is per context, and each test builds its own, so tests running
//! in parallel never see each other's panics.

use std::io::{BufRead, Write};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};

use http::{HeaderMap, HeaderName, HeaderValue, Method};
use local::template::Template;
use local::token::{mint, TokenRequest};
use serde_json::Value;
use shared::auth::JwtConfig;
use shared::context::{AppContext, Config};
use shared::dispatch::{dispatch, PanicLog};
use shared::http::ApiRequest;
use shared::routes::route_or_default;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub mod jwt;
pub mod security;

pub const TABLE_NAME: &str = "deals-test";
/// The CRM view's deal collection.
pub const DEALS: &str = "/api/v1/crm/deals";
pub const READ_WRITE: &str = "read:deals write:deals";
/// Every scope the API knows.
pub const ALL_SCOPES: &str = "read:deals write:deals write:pipelines read:accounts write:accounts read:contacts write:contacts read:users write:users read:applications write:applications read:events read:webhooks write:webhooks";

/// Seconds between webhook attempts in the tests: three attempts in all.
pub const TEST_RETRY_SCHEDULE: &str = "600,600";

pub fn test_config() -> Config {
    let endpoint = std::env::var("DYNAMODB_ENDPOINT")
        .ok()
        .filter(|endpoint| !endpoint.is_empty())
        .expect("DYNAMODB_ENDPOINT is not set: run the tests with `make test`");
    Config {
        table_name: TABLE_NAME.into(),
        dynamodb_endpoint: Some(endpoint),
        jwt: JwtConfig {
            issuer: "deals-test".into(),
            audience: "deals-api".into(),
            secret: Some("integration-test-secret".into()),
            token_secret: Some("integration-test-token-signing-secret".into()),
            ..JwtConfig::default()
        },
        cursor_secret: "integration-test-cursor-secret".into(),
        api_key_cache: shared::auth::api_keys::DEFAULT_CACHE,
        webhooks: shared::webhooks::runner::WebhookSettings {
            policy: shared::webhooks::ssrf::TargetPolicy::from_allow_loopback(true),
            // Long waits, so that only a test moving the clock ([`deliver_due_webhooks`]) makes
            // a retry due, never the gateway's own minute sweep while a test runs.
            schedule: TEST_RETRY_SCHEDULE.parse().expect("a schedule"),
            ..shared::webhooks::runner::WebhookSettings::default()
        },
    }
}

/// One tenant of its own, so tests run in parallel on one table without seeing each other.
pub struct TestApi {
    pub ctx: Arc<AppContext>,
    pub config: Config,
    pub tenant: String,
    /// Where its calls go: `None` is this process's dispatcher.
    pub gateway: Option<SocketAddr>,
}

impl TestApi {
    /// A new tenant, its calls through the emulated API Gateway when `TEST_THROUGH=lambda`.
    pub async fn new() -> Self {
        let mut api = Self::in_process().await;
        api.gateway = lambda_gateway();
        api
    }

    /// A new tenant whose calls always go through this process's dispatcher, so that its
    /// context sees their DynamoDB calls and panics.
    pub async fn in_process() -> Self {
        Self::with_config(test_config()).await
    }

    pub async fn with_config(config: Config) -> Self {
        let ctx = AppContext::new(&config).await.expect("context");
        let template = Template::bundled().expect("template.yaml");
        local::table::ensure_table(ctx.store.client(), &config.table_name, &template.table)
            .await
            .expect("table from template.yaml");
        Self::sharing(Arc::new(ctx), config)
    }

    /// Another tenant on the same store.
    pub fn sharing(ctx: Arc<AppContext>, config: Config) -> Self {
        TestApi {
            ctx,
            config,
            tenant: format!("tenant-{}", ulid::Ulid::new().to_string().to_lowercase()),
            gateway: None,
        }
    }

    /// Another tenant on the same store, its calls going where this one's go.
    pub fn other_tenant(&self) -> Self {
        let mut other = Self::sharing(Arc::clone(&self.ctx), self.config.clone());
        other.gateway = self.gateway;
        other
    }

    /// Every write answered so far turned into events ([`drain_stream`]).
    pub async fn settle_events(&self) {
        drain_stream(&self.ctx).await;
    }

    /// What the daily reconciliation does, for this tenant: through the `reconcile-aggregates`
    /// binary when the tests run through the gateway. Answers its report
    /// (`{"tenant", "reconciled": {"deals_read", "items_checked", "repaired"}}`).
    pub async fn reconcile(&self) -> serde_json::Value {
        reconcile(&self.ctx, Some(&self.tenant)).await
    }

    /// What the daily schedule does: every registered tenant's aggregates reconciled. Answers
    /// `{"tenants", "items_repaired", "tenants_failed"}`.
    pub async fn reconcile_every_tenant(&self) -> serde_json::Value {
        reconcile(&self.ctx, None).await
    }

    /// Fails (panics) if request handling on this context panicked since the last check,
    /// naming the panics; the check takes them, so each fails one check.
    pub fn assert_no_panics(&self) {
        assert_no_panics(&self.ctx.panics, "a request of this test");
    }

    pub fn token(&self, scopes: &str) -> String {
        self.token_for(TokenRequest::new(&self.tenant, scopes))
    }

    pub fn token_for(&self, request: TokenRequest) -> String {
        mint(&self.config.jwt, &request).expect("token")
    }

    /// A request carrying a token of this tenant with every scope.
    pub fn call(&self, method: Method, uri: &str) -> Call {
        self.anonymous(method, uri).token(&self.token(ALL_SCOPES))
    }

    /// A request with no token.
    pub fn anonymous(&self, method: Method, uri: &str) -> Call {
        Call::new(Arc::clone(&self.ctx), self.gateway, method, uri)
    }

    /// A GET with every scope.
    pub async fn get(&self, uri: &str) -> TestResponse {
        self.call(Method::GET, uri).send().await
    }

    /// A request with every scope, with `body` as its JSON body when there is one.
    pub async fn send_with(&self, method: Method, uri: &str, body: Option<&Value>) -> TestResponse {
        self.call(method, uri).json_opt(body).send().await
    }

    /// A token of this tenant with these scopes, issued to the application `app`.
    pub fn app_token(&self, app: &str, scopes: &str) -> String {
        self.token_for(TokenRequest {
            app_id: Some(app.into()),
            ..TokenRequest::new(&self.tenant, scopes)
        })
    }

    /// Sends `body` and asserts 400 VALIDATION_ERROR with a detail naming `field`.
    pub async fn assert_field_refused(&self, method: Method, uri: &str, body: &Value, field: &str) {
        let response = self.send_with(method.clone(), uri, Some(body)).await;
        let what = format!("{method} {body}");
        let (_, fields) = response.expect_error(400, "VALIDATION_ERROR", &what, uri);
        assert!(
            fields.iter().any(|f| f == field),
            "{what}: {uri} does not name {field}: {}",
            response.body
        );
    }

    /// The local server (as `make dev` runs it) on a free port over this context; abort it after.
    pub async fn local_server(&self) -> (SocketAddr, tokio::task::JoinHandle<std::io::Result<()>>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = listener.local_addr().expect("address");
        let server = tokio::spawn(local::server::serve(listener, Arc::clone(&self.ctx)));
        (address, server)
    }

    /// Creates a deal from `body` and returns it, failing the test on any other answer.
    pub async fn create(&self, body: Value) -> Value {
        self.create_in("deals", body).await
    }

    /// Creates an item in a collection (`deals`, `accounts`, `pipelines`, …) and returns it.
    pub async fn create_in(&self, collection: &str, body: Value) -> Value {
        let uri = format!("/api/v1/crm/{collection}");
        let response = self.call(Method::POST, &uri).json(&body).send().await;
        assert_eq!(
            response.status, 201,
            "create in {collection} failed: {}",
            response.body
        );
        response.body["data"].clone()
    }

    /// Creates records with these ids (`usr-…`, `acc-…`, `con-…`) in this tenant, so deals can
    /// refer to them.
    pub async fn given_records(&self, ids: &[&str]) {
        for id in ids {
            let (collection, body) = match &id[..4] {
                "usr-" => (
                    "users",
                    serde_json::json!({"id": id, "full_name": format!("User {id}")}),
                ),
                "acc-" => (
                    "accounts",
                    serde_json::json!({"id": id, "name": format!("Account {id}")}),
                ),
                "con-" => (
                    "contacts",
                    serde_json::json!({"id": id, "first_name": format!("Contact {id}")}),
                ),
                other => panic!("no record kind has the prefix {other}"),
            };
            self.create_in(collection, body).await;
        }
    }

    /// A new user of this tenant; returns its id.
    pub async fn user(&self, full_name: &str) -> String {
        id_of(
            &self
                .create_in("users", serde_json::json!({"full_name": full_name}))
                .await,
        )
    }

    /// A new account of this tenant; returns its id.
    pub async fn account(&self, name: &str) -> String {
        id_of(
            &self
                .create_in("accounts", serde_json::json!({"name": name}))
                .await,
        )
    }

    /// A new contact of this tenant; returns its id.
    pub async fn contact(&self, first_name: &str) -> String {
        id_of(
            &self
                .create_in("contacts", serde_json::json!({"first_name": first_name}))
                .await,
        )
    }
}

impl Drop for TestApi {
    fn drop(&mut self) {
        // Already failing: a second panic would abort the whole test binary.
        if !std::thread::panicking() {
            self.assert_no_panics();
        }
    }
}

/// Panics, naming `what`, if `panics` holds any.
pub fn assert_no_panics(panics: &PanicLog, what: &str) {
    let taken = panics.take();
    assert!(
        taken.is_empty(),
        "request handling panicked during {what} (the client saw a 500): {}",
        taken.join("; ")
    );
}

/// Runs the requests at the same time, on the test's worker threads, and answers their
/// responses in the order given.
pub async fn all<F>(requests: impl IntoIterator<Item = F>) -> Vec<TestResponse>
where
    F: std::future::Future<Output = TestResponse> + Send + 'static,
{
    let tasks: Vec<_> = requests.into_iter().map(tokio::spawn).collect();
    let mut responses = Vec::new();
    for task in tasks {
        responses.push(task.await.expect("request task"));
    }
    responses
}

/// Writes `request` to a new connection to `address` and reads the answer until it closes.
pub async fn raw_http(address: SocketAddr, request: impl AsRef<[u8]>) -> String {
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect");
    stream.write_all(request.as_ref()).await.expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("read");
    response
}

pub fn id_of(item: &Value) -> String {
    item["id"].as_str().expect("an id").to_owned()
}

/// The ids of a list response's `data`, in the order listed.
pub fn data_ids(body: &Value) -> Vec<String> {
    body["data"]
        .as_array()
        .expect("data is a list")
        .iter()
        .map(id_of)
        .collect()
}

/// The names (the documented view's titles) of a list response's `data`, in the order listed.
pub fn names(body: &Value) -> Vec<String> {
    body["data"]
        .as_array()
        .unwrap_or_else(|| panic!("data is a list: {body}"))
        .iter()
        .filter_map(|deal| {
            deal.get("name")
                .or_else(|| deal.get("title"))
                .and_then(Value::as_str)
                .map(String::from)
        })
        .collect()
}

/// `local serve-lambda` when `TEST_THROUGH=lambda`: its address, its standard input (where
/// [`drain_stream`] asks it to process the table's stream) and the answers to those requests.
struct LambdaGateway {
    address: SocketAddr,
    control: Mutex<(std::process::ChildStdin, std::sync::mpsc::Receiver<String>)>,
    _child: std::process::Child,
}

impl LambdaGateway {
    /// Sends one request line and waits for its answer off the test's runtime thread, which
    /// meanwhile goes on serving what the test serves (a webhook receiver, say).
    async fn ask(&'static self, request: String) -> String {
        tokio::task::spawn_blocking(move || {
            let mut control = self.control.lock().expect("gateway control");
            let (stdin, answers) = &mut *control;
            writeln!(stdin, "{request}").expect("a request to the gateway");
            answers.recv().expect("the gateway's answer")
        })
        .await
        .expect("the gateway's answer")
    }
}

fn lambda_gateway_process() -> Option<&'static LambdaGateway> {
    static GATEWAY: OnceLock<Option<LambdaGateway>> = OnceLock::new();
    GATEWAY
        .get_or_init(|| {
            let through = std::env::var("TEST_THROUGH").unwrap_or_default();
            match through.as_str() {
                "" | "dispatcher" => None,
                "lambda" => Some(start_lambda_gateway()),
                other => panic!("TEST_THROUGH is dispatcher or lambda, not {other}"),
            }
        })
        .as_ref()
}

/// The emulated API Gateway of `local serve-lambda` when `TEST_THROUGH=lambda`, started on
/// first use and stopped when the test binary ends (it exits when its standard input closes).
pub fn lambda_gateway() -> Option<SocketAddr> {
    lambda_gateway_process().map(|gateway| gateway.address)
}

/// Processes the table's stream up to now, as the deployed event source mapping does a moment
/// after each write: when it returns, every write answered before the call is in its tenant's
/// feed. With `TEST_THROUGH=lambda` the gateway's process does it, through the
/// `process-changes` binary (the stream has one consumer, as deployed); otherwise this process,
/// through `shared::stream` on `ctx`.
pub async fn drain_stream(ctx: &Arc<AppContext>) {
    if let Some(gateway) = lambda_gateway_process() {
        let answer = gateway.ask("drain".into()).await;
        assert!(answer.starts_with("drained "), "{answer}");
        return;
    }
    static POLLER: tokio::sync::OnceCell<local::streams::StreamPoller> =
        tokio::sync::OnceCell::const_new();
    let config = test_config();
    let endpoint = config.dynamodb_endpoint.clone().expect("DYNAMODB_ENDPOINT");
    let poller = POLLER
        .get_or_try_init(|| local::streams::StreamPoller::new(ctx, &endpoint, TABLE_NAME))
        .await
        .expect("the table's stream");
    poller
        .drain(&local::streams::Consumer::InProcess(Arc::clone(ctx)))
        .await
        .expect("the stream processed");
}

/// One tenant's reconciliation, or every registered tenant's, through the binary when the tests
/// run through the gateway.
async fn reconcile(ctx: &Arc<AppContext>, tenant: Option<&str>) -> serde_json::Value {
    if let Some(gateway) = lambda_gateway_process() {
        let answer = gateway
            .ask(format!("reconcile {}", tenant.unwrap_or_default()))
            .await;
        let report = answer
            .strip_prefix("reconciled ")
            .unwrap_or_else(|| panic!("{answer}"));
        return serde_json::from_str(report).expect("a report");
    }
    local::streams::Consumer::InProcess(Arc::clone(ctx))
        .reconcile(tenant)
        .await
        .expect("reconciled")
}

/// Attempts every webhook delivery of `tenant` due at `at` (a test moves the clock instead of
/// waiting for a retry), as the deployed minute schedule would then: through the gateway's
/// `deliver-webhooks` binary with `TEST_THROUGH=lambda`, in this process otherwise. Answers how
/// many were attempted.
pub async fn deliver_due_webhooks(
    ctx: &Arc<AppContext>,
    tenant: &str,
    at: time::OffsetDateTime,
) -> u64 {
    if let Some(gateway) = lambda_gateway_process() {
        let at = at
            .format(&time::format_description::well_known::Rfc3339)
            .expect("a time");
        let answer = gateway.ask(format!("sweep {at} {tenant}")).await;
        return answer
            .strip_prefix("swept ")
            .and_then(|count| count.parse().ok())
            .unwrap_or_else(|| panic!("{answer}"));
    }
    local::streams::Consumer::InProcess(Arc::clone(ctx))
        .sweep(at, Some(tenant))
        .await
        .expect("the due deliveries attempted")
}

fn start_lambda_gateway() -> LambdaGateway {
    let config = test_config();
    let target = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/debug");
    let mut command = std::process::Command::new(format!("{target}/local"));
    command
        .arg("serve-lambda")
        .arg("--exit-with-stdin")
        .env("PORT", "0")
        .env("LAMBDA_BINARIES", target)
        .env("FUNCTION_LOGS", format!("{target}/../lambda-functions.log"))
        .env("TABLE_NAME", &config.table_name)
        .env("JWT_ISSUER", &config.jwt.issuer)
        .env("JWT_AUDIENCE", &config.jwt.audience)
        .env(
            "JWT_SECRET",
            config.jwt.secret.as_deref().unwrap_or_default(),
        )
        .env("CURSOR_SECRET", &config.cursor_secret)
        .env("WEBHOOK_RETRY_SCHEDULE", TEST_RETRY_SCHEDULE)
        .env("WEBHOOK_ALLOW_LOOPBACK", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let mut child = command
        .spawn()
        .expect("target/debug/local (make test-lambda builds it)");
    let stdout = child.stdout.take().expect("its output");
    let stdin = child.stdin.take().expect("its input");
    let mut first_line = String::new();
    let mut lines = std::io::BufReader::new(stdout);
    lines
        .read_line(&mut first_line)
        .expect("the gateway's address");
    // Its answers to `drain` come back here; the rest of its output (which would block it once
    // a pipe nobody reads is full) goes to the test's stderr.
    let (answers, answered) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in lines.lines().map_while(Result::ok) {
            if [
                "drained ",
                "drain failed",
                "swept ",
                "sweep failed",
                "reconciled ",
                "reconcile failed",
            ]
            .iter()
            .any(|answer| line.starts_with(answer))
            {
                let _ = answers.send(line);
            } else {
                eprintln!("{line}");
            }
        }
    });
    let address = first_line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|address| address.parse().ok())
        .unwrap_or_else(|| {
            panic!("the gateway did not start (its error is on stderr): {first_line:?}")
        });
    LambdaGateway {
        address,
        control: Mutex::new((stdin, answered)),
        _child: child,
    }
}

pub struct Call {
    ctx: Arc<AppContext>,
    gateway: Option<SocketAddr>,
    method: Method,
    uri: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Call {
    fn new(ctx: Arc<AppContext>, gateway: Option<SocketAddr>, method: Method, uri: &str) -> Self {
        Call {
            ctx,
            gateway,
            method,
            uri: uri.into(),
            headers: HeaderMap::new(),
            body: Vec::new(),
        }
    }

    pub fn token(self, token: &str) -> Self {
        self.header("authorization", &format!("Bearer {token}"))
    }

    pub fn without_token(mut self) -> Self {
        self.headers.remove(http::header::AUTHORIZATION);
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        let name = HeaderName::from_bytes(name.as_bytes()).expect("header name");
        self.headers
            .insert(name, HeaderValue::from_str(value).expect("header value"));
        self
    }

    pub fn json(mut self, body: &Value) -> Self {
        self.body = body.to_string().into_bytes();
        self.header("content-type", "application/json")
    }

    /// [`Call::json`] when there is a body, else nothing.
    pub fn json_opt(self, body: Option<&Value>) -> Self {
        match body {
            Some(body) => self.json(body),
            None => self,
        }
    }

    pub fn raw_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// These bytes as the body, labelled `application/json` whatever they are.
    pub fn raw_json(self, body: impl Into<Vec<u8>>) -> Self {
        self.header("content-type", "application/json")
            .raw_body(body)
    }

    /// Routes like the local server does (`$default` when no endpoint matches) and runs the
    /// handler through the dispatcher, or sends
    /// the request to the emulated API Gateway.
    ///
    /// A target longer than API Gateway takes (its request line and header values share 10,240
    /// bytes) never reaches a deployed function, so only the handlers' own answer to it is left
    /// to test: it goes through the dispatcher.
    pub async fn send(self) -> TestResponse {
        const GATEWAY_MAX_TARGET_BYTES: usize = 10_240;
        if let Some(gateway) = self
            .gateway
            .filter(|_| self.uri.len() <= GATEWAY_MAX_TARGET_BYTES)
        {
            return self.send_to(gateway).await;
        }
        let what = format!("{} {}", self.method, self.uri);
        let (path, query) = self.uri.split_once('?').unwrap_or((&self.uri, ""));
        let (route, path_params) = route_or_default(&self.method, path);
        let request = ApiRequest {
            method: self.method,
            path: path.into(),
            path_params,
            query: query.into(),
            headers: self.headers,
            body: self.body,
            request_id: ulid::Ulid::new().to_string(),
        };
        let ctx = Arc::clone(&self.ctx);
        let response = dispatch(self.ctx, route, request).await;
        assert_no_panics(&ctx.panics, &what);
        let body = if response.body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&response.body).expect("every response body is JSON")
        };
        TestResponse {
            status: response.status.as_u16(),
            headers: response.headers,
            body,
        }
    }
}

impl Call {
    async fn send_to(self, gateway: SocketAddr) -> TestResponse {
        let what = format!("{} {}", self.method, self.uri);
        let mut request = http::Request::builder()
            .method(self.method)
            .uri(encode_target(&self.uri))
            .header(http::header::HOST, gateway.to_string());
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        let request = request
            .body(http_body_util::Full::new(hyper::body::Bytes::from(
                self.body,
            )))
            .unwrap_or_else(|error| panic!("{what}: {error}"));
        let response =
            local::plain_http::send(gateway, request, std::time::Duration::from_secs(60))
                .await
                .unwrap_or_else(|error| panic!("{what}: {error}"));
        let (parts, body) = response.into_parts();
        let body = if body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&body).unwrap_or_else(|_| {
                panic!(
                    "{what}: the body is not JSON: {}",
                    String::from_utf8_lossy(&body)
                )
            })
        };
        TestResponse {
            status: parts.status.as_u16(),
            headers: parts.headers,
            body,
        }
    }
}

/// The request target as an HTTP client sends it: each byte a URI cannot hold as it is
/// (blanks, non-ASCII, `"` `<` `>` `\\` `^` `` ` `` `{` `|` `}`, and `#`, which would end the
/// target) percent-encoded, so the server sees what the in-process call sees.
fn encode_target(uri: &str) -> String {
    let mut target = String::with_capacity(uri.len());
    for byte in uri.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?%[]".contains(&byte) {
            target.push(char::from(byte));
        } else {
            target.push_str(&format!("%{byte:02X}"));
        }
    }
    target
}

#[derive(Debug)]
pub struct TestResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl TestResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Asserts the documented error envelope and returns `(code, message, detail fields)`.
    pub fn error(&self) -> (String, String, Vec<String>) {
        let error = &self.body["error"];
        assert!(error.is_object(), "not an error envelope: {}", self.body);
        assert!(
            error["request_id"]
                .as_str()
                .is_some_and(|id| !id.is_empty()),
            "no request id: {}",
            self.body
        );
        let details = error["details"].as_array().expect("details is an array");
        let fields = details
            .iter()
            .map(|detail| {
                assert!(
                    detail["message"].is_string(),
                    "detail without message: {detail}"
                );
                detail["field"].as_str().expect("detail field").to_owned()
            })
            .collect();
        (
            error["code"].as_str().expect("code").to_owned(),
            error["message"].as_str().expect("message").to_owned(),
            fields,
        )
    }

    /// Asserts the documented view's envelope, `{"error":{"code","message"}}` with `details`
    /// only when there are some and no `request_id` (that is in the `X-Request-Id` header);
    /// returns `(code, message, detail fields)`.
    pub fn documented_error(&self) -> (String, String, Vec<String>) {
        let error = &self.body["error"];
        assert!(error.is_object(), "not an error envelope: {}", self.body);
        assert!(
            error.get("request_id").is_none(),
            "the documented envelope has no request_id: {}",
            self.body
        );
        assert!(
            self.header("x-request-id").is_some_and(|id| !id.is_empty()),
            "no X-Request-Id header"
        );
        let fields = match error.get("details") {
            None => Vec::new(),
            Some(details) => details
                .as_array()
                .expect("details is an array")
                .iter()
                .map(|detail| {
                    assert!(detail["message"].is_string(), "detail without message");
                    detail["field"].as_str().expect("detail field").to_owned()
                })
                .collect(),
        };
        (
            error["code"].as_str().expect("code").to_owned(),
            error["message"].as_str().expect("message").to_owned(),
            fields,
        )
    }

    /// Asserts a 4xx without data in the envelope of the view `uri` belongs to; returns
    /// `(code, message, detail fields)`.
    pub fn refusal(&self, what: &str, uri: &str) -> (String, String, Vec<String>) {
        assert!(
            (400..500).contains(&self.status),
            "{what}: expected a 4xx, got {} {}",
            self.status,
            self.body
        );
        assert!(
            self.body.get("data").is_none(),
            "{what}: a refusal carries no data: {}",
            self.body
        );
        if is_documented(uri) {
            self.documented_error()
        } else {
            self.error()
        }
    }

    /// Asserts exactly this status and code in the envelope of `uri`'s view; returns
    /// `(message, detail fields)`.
    pub fn expect_error(
        &self,
        status: u16,
        code: &str,
        what: &str,
        uri: &str,
    ) -> (String, Vec<String>) {
        assert_eq!(self.status, status, "{what}: {uri} answered {}", self.body);
        let (actual, message, fields) = self.refusal(what, uri);
        assert_eq!(actual, code, "{what}: {uri}: {}", self.body);
        (message, fields)
    }

    /// Asserts no 5xx, and a 4xx in the envelope of `uri`'s view; returns the status.
    pub fn no_server_error(&self, what: &str, uri: &str) -> u16 {
        assert!(
            self.status < 500,
            "{what}: {uri} answered {} {}",
            self.status,
            self.body
        );
        if self.status >= 400 {
            self.refusal(what, uri);
        }
        self.status
    }
}

/// Whether `uri` is in the documented view (`/api-v1-deals`), which has an envelope of its own.
fn is_documented(uri: &str) -> bool {
    uri == "/api-v1-deals" || uri.starts_with("/api-v1-deals/") || uri.starts_with("/api-v1-deals?")
}
