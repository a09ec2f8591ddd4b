//! Test support: a fresh tenant on the DynamoDB Local that `make test` starts, tokens for it,
//! and calls that go through the route table and dispatcher exactly as the local server does.
//!
//! A panic in request handling fails the test that caused it, even though the dispatcher turns
//! it into a tidy 500: every call checks its context's [`PanicLog`] when it returns, and a
//! [`TestApi`] checks it once more when dropped (for requests that came in over HTTP through
//! the local server). The log is per context, and each test builds its own, so tests running
//! in parallel never see each other's panics.

use std::sync::Arc;

use http::{HeaderMap, HeaderName, HeaderValue, Method};
use local::template::Template;
use local::token::{mint, TokenRequest};
use serde_json::Value;
use shared::auth::JwtConfig;
use shared::context::{AppContext, Config};
use shared::dispatch::{dispatch, PanicLog};
use shared::http::ApiRequest;
use shared::routes::find_route;

pub const TABLE_NAME: &str = "deals-test";
pub const READ_WRITE: &str = "read:deals write:deals";
/// Every scope the API knows.
pub const ALL_SCOPES: &str = "read:deals write:deals write:pipelines read:accounts write:accounts read:contacts write:contacts read:users write:users";

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
            ..JwtConfig::default()
        },
        cursor_secret: "integration-test-cursor-secret".into(),
    }
}

/// One tenant of its own, so tests run in parallel on one table without seeing each other.
pub struct TestApi {
    pub ctx: Arc<AppContext>,
    pub config: Config,
    pub tenant: String,
}

impl TestApi {
    pub async fn new() -> Self {
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
        }
    }

    pub fn other_tenant(&self) -> Self {
        Self::sharing(Arc::clone(&self.ctx), self.config.clone())
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
        Call::new(Arc::clone(&self.ctx), method, uri).token(&self.token(ALL_SCOPES))
    }

    /// A request with no token.
    pub fn anonymous(&self, method: Method, uri: &str) -> Call {
        Call::new(Arc::clone(&self.ctx), method, uri)
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

pub fn id_of(item: &Value) -> String {
    item["id"].as_str().expect("an id").to_owned()
}

pub struct Call {
    ctx: Arc<AppContext>,
    method: Method,
    uri: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Call {
    fn new(ctx: Arc<AppContext>, method: Method, uri: &str) -> Self {
        Call {
            ctx,
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

    pub fn raw_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Routes like the local server does and runs the handler through the dispatcher.
    pub async fn send(self) -> TestResponse {
        let what = format!("{} {}", self.method, self.uri);
        let (path, query) = self.uri.split_once('?').unwrap_or((&self.uri, ""));
        let (route, path_params) = find_route(&self.method, path)
            .unwrap_or_else(|| panic!("no route for {} {path}", self.method));
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
}
