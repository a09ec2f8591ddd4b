//! The route table (the one list of endpoints; template.yaml must match it, a test checks) and
//! the dispatcher that runs a handler with logging, a request id and panic safety.

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use http::Method;
use tracing::Instrument;

use crate::compat::View;
use crate::context::AppContext;
use crate::error::ApiError;
use crate::handlers;
use crate::http::{ApiRequest, ApiResponse};
use crate::records::RecordKind;

pub const BASE_PATH: &str = "/api/v1/crm";

/// One Lambda function per endpoint; the name is the binary's and the SAM function's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Function {
    ListDeals,
    GetDeal,
    CreateDeal,
    UpdateDeal,
    UpdateDealStage,
    DeleteDeal,
    ListDealHistory,
    ListPipelines,
    CreatePipeline,
    GetPipeline,
    UpdatePipeline,
    DeletePipeline,
    ListPipelineStages,
    CreateStage,
    UpdateStage,
    DeleteStage,
    ListStages,
    ListAccounts,
    CreateAccount,
    GetAccount,
    UpdateAccount,
    DeleteAccount,
    ListContacts,
    CreateContact,
    GetContact,
    UpdateContact,
    DeleteContact,
    ListUsers,
    CreateUser,
    GetUser,
    UpdateUser,
    DeleteUser,
}

/// What a record endpoint does, whichever kind of record it serves.
#[derive(Debug, Clone, Copy)]
enum RecordAction {
    List,
    Create,
    Get,
    Update,
    Delete,
}

impl Function {
    /// The binary's name: kebab-case of the variant.
    pub fn name(self) -> &'static str {
        use Function::*;
        match self {
            ListDeals => "list-deals",
            GetDeal => "get-deal",
            CreateDeal => "create-deal",
            UpdateDeal => "update-deal",
            UpdateDealStage => "update-deal-stage",
            DeleteDeal => "delete-deal",
            ListDealHistory => "list-deal-history",
            ListPipelines => "list-pipelines",
            CreatePipeline => "create-pipeline",
            GetPipeline => "get-pipeline",
            UpdatePipeline => "update-pipeline",
            DeletePipeline => "delete-pipeline",
            ListPipelineStages => "list-pipeline-stages",
            CreateStage => "create-stage",
            UpdateStage => "update-stage",
            DeleteStage => "delete-stage",
            ListStages => "list-stages",
            ListAccounts => "list-accounts",
            CreateAccount => "create-account",
            GetAccount => "get-account",
            UpdateAccount => "update-account",
            DeleteAccount => "delete-account",
            ListContacts => "list-contacts",
            CreateContact => "create-contact",
            GetContact => "get-contact",
            UpdateContact => "update-contact",
            DeleteContact => "delete-contact",
            ListUsers => "list-users",
            CreateUser => "create-user",
            GetUser => "get-user",
            UpdateUser => "update-user",
            DeleteUser => "delete-user",
        }
    }

    fn record_endpoint(self) -> Option<(RecordKind, RecordAction)> {
        use Function::*;
        use RecordAction::*;
        let (kind, action) = match self {
            ListAccounts => (RecordKind::Account, List),
            CreateAccount => (RecordKind::Account, Create),
            GetAccount => (RecordKind::Account, Get),
            UpdateAccount => (RecordKind::Account, Update),
            DeleteAccount => (RecordKind::Account, Delete),
            ListContacts => (RecordKind::Contact, List),
            CreateContact => (RecordKind::Contact, Create),
            GetContact => (RecordKind::Contact, Get),
            UpdateContact => (RecordKind::Contact, Update),
            DeleteContact => (RecordKind::Contact, Delete),
            ListUsers => (RecordKind::User, List),
            CreateUser => (RecordKind::User, Create),
            GetUser => (RecordKind::User, Get),
            UpdateUser => (RecordKind::User, Update),
            DeleteUser => (RecordKind::User, Delete),
            _ => return None,
        };
        Some((kind, action))
    }

    async fn handle(self, ctx: &AppContext, request: &ApiRequest) -> Result<ApiResponse, ApiError> {
        use handlers::{deals, pipelines, records};
        if let Some((kind, action)) = self.record_endpoint() {
            return match action {
                RecordAction::List => records::list(ctx, request, kind).await,
                RecordAction::Create => records::create(ctx, request, kind).await,
                RecordAction::Get => records::get(ctx, request, kind).await,
                RecordAction::Update => records::update(ctx, request, kind).await,
                RecordAction::Delete => records::delete(ctx, request, kind).await,
            };
        }
        use Function::*;
        match self {
            ListDeals => deals::list_deals(ctx, request).await,
            GetDeal => deals::get_deal(ctx, request).await,
            CreateDeal => deals::create_deal(ctx, request).await,
            UpdateDeal => deals::update_deal(ctx, request).await,
            UpdateDealStage => deals::update_deal_stage(ctx, request).await,
            DeleteDeal => deals::delete_deal(ctx, request).await,
            ListDealHistory => deals::list_deal_history(ctx, request).await,
            ListPipelines => pipelines::list_pipelines(ctx, request).await,
            CreatePipeline => pipelines::create_pipeline(ctx, request).await,
            GetPipeline => pipelines::get_pipeline(ctx, request).await,
            UpdatePipeline => pipelines::update_pipeline(ctx, request).await,
            DeletePipeline => pipelines::delete_pipeline(ctx, request).await,
            ListPipelineStages => pipelines::list_pipeline_stages(ctx, request).await,
            CreateStage => pipelines::create_stage(ctx, request).await,
            UpdateStage => pipelines::update_stage(ctx, request).await,
            DeleteStage => pipelines::delete_stage(ctx, request).await,
            ListStages => pipelines::list_stages(ctx, request).await,
            _ => Err(ApiError::Internal(format!(
                "no handler for {}",
                self.name()
            ))),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Route {
    pub method: Method,
    /// With `{name}` placeholders, as in template.yaml.
    pub path: &'static str,
    pub function: Function,
}

/// Every route of the API.
pub fn routes() -> Vec<Route> {
    use Function::*;
    let route = |method, path, function| Route {
        method,
        path,
        function,
    };
    let mut routes = vec![
        route(Method::GET, "/api/v1/crm/deals", ListDeals),
        route(Method::POST, "/api/v1/crm/deals", CreateDeal),
        route(Method::GET, "/api/v1/crm/deals/{id}", GetDeal),
        route(Method::PATCH, "/api/v1/crm/deals/{id}", UpdateDeal),
        route(Method::DELETE, "/api/v1/crm/deals/{id}", DeleteDeal),
        route(
            Method::PATCH,
            "/api/v1/crm/deals/{id}/stage",
            UpdateDealStage,
        ),
        route(
            Method::GET,
            "/api/v1/crm/deals/{id}/history",
            ListDealHistory,
        ),
        route(Method::GET, "/api/v1/crm/pipelines", ListPipelines),
        route(Method::POST, "/api/v1/crm/pipelines", CreatePipeline),
        route(Method::GET, "/api/v1/crm/pipelines/{id}", GetPipeline),
        route(Method::PATCH, "/api/v1/crm/pipelines/{id}", UpdatePipeline),
        route(Method::DELETE, "/api/v1/crm/pipelines/{id}", DeletePipeline),
        route(
            Method::GET,
            "/api/v1/crm/pipelines/{id}/stages",
            ListPipelineStages,
        ),
        route(
            Method::POST,
            "/api/v1/crm/pipelines/{id}/stages",
            CreateStage,
        ),
        route(
            Method::PATCH,
            "/api/v1/crm/pipelines/{id}/stages/{stage_id}",
            UpdateStage,
        ),
        route(
            Method::DELETE,
            "/api/v1/crm/pipelines/{id}/stages/{stage_id}",
            DeleteStage,
        ),
        route(Method::GET, "/api/v1/crm/stages", ListStages),
        // The documented deals API (deals-api.txt): the same functions, a second view.
        route(Method::GET, "/api-v1-deals", ListDeals),
        route(Method::POST, "/api-v1-deals", CreateDeal),
        route(Method::GET, "/api-v1-deals/{id}", GetDeal),
        route(Method::PATCH, "/api-v1-deals/{id}", UpdateDeal),
        route(Method::DELETE, "/api-v1-deals/{id}", DeleteDeal),
        route(Method::PATCH, "/api-v1-deals/{id}/stage", UpdateDealStage),
    ];
    for (collection, item, [list, create, get, update, delete]) in [
        (
            "/api/v1/crm/accounts",
            "/api/v1/crm/accounts/{id}",
            [
                ListAccounts,
                CreateAccount,
                GetAccount,
                UpdateAccount,
                DeleteAccount,
            ],
        ),
        (
            "/api/v1/crm/contacts",
            "/api/v1/crm/contacts/{id}",
            [
                ListContacts,
                CreateContact,
                GetContact,
                UpdateContact,
                DeleteContact,
            ],
        ),
        (
            "/api/v1/crm/users",
            "/api/v1/crm/users/{id}",
            [ListUsers, CreateUser, GetUser, UpdateUser, DeleteUser],
        ),
    ] {
        routes.push(route(Method::GET, collection, list));
        routes.push(route(Method::POST, collection, create));
        routes.push(route(Method::GET, item, get));
        routes.push(route(Method::PATCH, item, update));
        routes.push(route(Method::DELETE, item, delete));
    }
    routes
}

/// The route for a method and path, with the values of its placeholders.
pub fn find_route(method: &Method, path: &str) -> Option<(Function, HashMap<String, String>)> {
    routes().into_iter().find_map(|route| {
        if route.method != method {
            return None;
        }
        match_path(route.path, path).map(|params| (route.function, params))
    })
}

fn match_path(pattern: &str, path: &str) -> Option<HashMap<String, String>> {
    let mut params = HashMap::new();
    let mut given = path.trim_end_matches('/').split('/');
    for expected in pattern.split('/') {
        let segment = given.next()?;
        match expected.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) if !segment.is_empty() => {
                params.insert(name.to_owned(), segment.to_owned());
            }
            Some(_) => return None,
            None if expected == segment => {}
            None => return None,
        }
    }
    given.next().is_none().then_some(params)
}

/// Runs one request through its function's handler. Every failure, a panic included, becomes
/// the error envelope; every response carries `X-Request-Id`; one JSON log line per request.
pub async fn dispatch(
    ctx: Arc<AppContext>,
    function: Function,
    request: ApiRequest,
) -> ApiResponse {
    dispatch_with(
        ctx,
        function.name(),
        request,
        move |ctx, request| async move {
            // One limit for every route, method and view, before any handler looks at the body.
            crate::validation::check_body_size(&request.body)?;
            function.handle(&ctx, &request).await
        },
    )
    .await
}

/// [`dispatch`] with any handler in place of a route table function (the name stands in for
/// the function's in the logs): how every request is run, and how a test runs a handler of its
/// own (one that panics, say) exactly as a request would be.
pub async fn dispatch_with<H, F>(
    ctx: Arc<AppContext>,
    name: &'static str,
    request: ApiRequest,
    handler: H,
) -> ApiResponse
where
    H: FnOnce(Arc<AppContext>, ApiRequest) -> F,
    F: Future<Output = Result<ApiResponse, ApiError>> + Send + 'static,
{
    let request_id = request.request_id.clone();
    let span = tracing::info_span!(
        "request",
        function = name,
        request_id = %request_id,
        tenant = tracing::field::Empty,
    );
    let started = Instant::now();
    let (method, path) = (request.method.clone(), request.path.clone());
    let panics = Arc::clone(&ctx);
    let handler = handler(ctx, request).instrument(span.clone());
    let result = contain_panics(&panics.panics, handler)
        .instrument(span.clone())
        .await
        .unwrap_or_else(|panic| Err(ApiError::Internal(format!("handler panicked: {panic}"))));
    let response = match result {
        Ok(response) => response,
        Err(error) => {
            let _entered = span.enter();
            if error.status().is_server_error() {
                tracing::error!(error = %error, "request failed");
            }
            error_response(&error, &path, &request_id)
        }
    };
    let _entered = span.enter();
    tracing::info!(
        method = %method,
        path = %path,
        status = response.status.as_u16(),
        duration_ms = started.elapsed().as_secs_f64() * 1000.0,
        "handled"
    );
    response.with_header(http::HeaderName::from_static("x-request-id"), &request_id)
}

/// The error envelope of the view `path` belongs to, with the request id.
pub fn error_response(error: &ApiError, path: &str, request_id: &str) -> ApiResponse {
    let response = ApiResponse::error(error, request_id);
    let response = match View::of_path(path) {
        View::Crm => response,
        View::Documented => response.with_body(crate::compat::error_body(error)),
    };
    response.with_header(http::HeaderName::from_static("x-request-id"), request_id)
}

/// Runs `work` on a task of its own, so that a panic in it becomes an `Err` with the panic's
/// message (and so a 500 in the envelope) rather than a dropped connection or a crashed Lambda
/// invocation. The panic is logged ("request handling panicked", with the message as `panic`)
/// and recorded in `panics`.
pub async fn contain_panics<F>(panics: &PanicLog, work: F) -> Result<F::Output, String>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    match tokio::spawn(work).await {
        Ok(output) => Ok(output),
        Err(join_error) => {
            let message = match join_error.try_into_panic() {
                Ok(payload) => {
                    let message = panic_message(payload.as_ref());
                    tracing::error!(panic = %message, "request handling panicked");
                    panics.record(&message);
                    message
                }
                // Only a runtime shutting down cancels the task.
                Err(join_error) => join_error.to_string(),
            };
            Err(message)
        }
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    match (
        payload.downcast_ref::<&str>(),
        payload.downcast_ref::<String>(),
    ) {
        (Some(text), _) => (*text).to_owned(),
        (_, Some(text)) => text.clone(),
        _ => "a panic without a message".to_owned(),
    }
}

/// The panics request handling had on one [`AppContext`]: how many, and the messages of the
/// first few not yet taken. In production nothing takes them (each is logged anyway) and the
/// log stays bounded; the test harness takes them after every call and fails the test that
/// caused one, even when its client saw nothing but a 500.
#[derive(Debug, Default)]
pub struct PanicLog(Mutex<PanicRecords>);

#[derive(Debug, Default)]
struct PanicRecords {
    total: u64,
    /// At most [`PanicLog::KEPT`]; `dropped` counts the rest.
    messages: Vec<String>,
    dropped: u64,
}

impl PanicLog {
    /// Messages kept until taken, so that a long-lived context holds no more than this.
    pub const KEPT: usize = 16;

    pub fn record(&self, message: &str) {
        let mut records = self.records();
        records.total += 1;
        if records.messages.len() < Self::KEPT {
            records.messages.push(message.to_owned());
        } else {
            records.dropped += 1;
        }
    }

    /// Every panic recorded since the context was built.
    pub fn total(&self) -> u64 {
        self.records().total
    }

    /// The messages of the panics recorded since the last call (with a note of any not kept),
    /// oldest first; empty when there were none.
    pub fn take(&self) -> Vec<String> {
        let mut records = self.records();
        let mut messages = std::mem::take(&mut records.messages);
        let dropped = std::mem::take(&mut records.dropped);
        if dropped > 0 {
            messages.push(format!("… and {dropped} more"));
        }
        messages
    }

    fn records(&self) -> std::sync::MutexGuard<'_, PanicRecords> {
        // A panic never happens while the lock is held; if one did, the counts are still good.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A context whose DynamoDB is never called.
    async fn context() -> Arc<AppContext> {
        let config = crate::context::Config {
            table_name: "deals".into(),
            dynamodb_endpoint: Some("http://127.0.0.1:9".into()),
            jwt: crate::auth::JwtConfig {
                issuer: "i".into(),
                audience: "a".into(),
                secret: Some("s".into()),
                ..crate::auth::JwtConfig::default()
            },
            cursor_secret: "c".into(),
        };
        Arc::new(AppContext::new(&config).await.expect("a context"))
    }

    fn request(path: &str) -> ApiRequest {
        ApiRequest {
            method: Method::GET,
            path: path.into(),
            path_params: HashMap::new(),
            query: String::new(),
            headers: http::HeaderMap::new(),
            body: Vec::new(),
            request_id: "req-1".into(),
        }
    }

    #[tokio::test]
    async fn a_panicking_handler_is_a_500_without_internals_and_is_recorded() {
        let ctx = context().await;
        for path in ["/api/v1/crm/deals", "/api-v1-deals"] {
            let response = dispatch_with(Arc::clone(&ctx), "test", request(path), |_, _| async {
                panic!("secret detail {}", 42)
            })
            .await;
            assert_eq!(response.status, 500, "{path}");
            let body = String::from_utf8_lossy(&response.body);
            assert!(body.contains("INTERNAL_ERROR"), "{path}: {body}");
            assert!(!body.contains("secret detail"), "{path}: {body}");
            assert!(!body.contains("panic"), "{path}: {body}");
            assert_eq!(
                response.headers.get("x-request-id").map(|v| v.as_bytes()),
                Some(&b"req-1"[..])
            );
        }
        assert_eq!(ctx.panics.total(), 2);
        assert_eq!(ctx.panics.take(), ["secret detail 42", "secret detail 42"]);
        assert!(ctx.panics.take().is_empty(), "taken once");
        assert_eq!(ctx.panics.total(), 2, "the total stays");
    }

    #[tokio::test]
    async fn errors_and_answers_are_not_panics() {
        let ctx = context().await;
        let failed = dispatch_with(Arc::clone(&ctx), "test", request("/x"), |_, _| async {
            Err(ApiError::Internal("a bug reported as an error".into()))
        })
        .await;
        assert_eq!(failed.status, 500);
        let routed = dispatch(Arc::clone(&ctx), Function::ListDeals, request(BASE_PATH)).await;
        assert_eq!(routed.status, 401, "no token");
        assert_eq!(ctx.panics.total(), 0);
        assert!(ctx.panics.take().is_empty());
    }

    #[tokio::test]
    async fn contained_work_answers_its_output_or_its_panic() {
        let log = PanicLog::default();
        assert_eq!(contain_panics(&log, async { 7 }).await, Ok(7));
        let text: &'static str = "a static message";
        let panicked = contain_panics(&log, async move { std::panic::panic_any(text) }).await;
        assert_eq!(panicked, Err(text.to_owned()));
        let opaque = contain_panics(&log, async { std::panic::panic_any(5_u8) }).await;
        assert_eq!(opaque, Err("a panic without a message".to_owned()));
        assert_eq!(log.take(), [text, "a panic without a message"]);
    }

    #[test]
    fn the_panic_log_keeps_a_bounded_number_of_messages() {
        let log = PanicLog::default();
        for n in 0..PanicLog::KEPT + 4 {
            log.record(&format!("panic {n}"));
        }
        let taken = log.take();
        assert_eq!(taken.len(), PanicLog::KEPT + 1);
        assert_eq!(taken[0], "panic 0");
        assert_eq!(taken[PanicLog::KEPT], "… and 4 more");
        assert_eq!(log.total(), PanicLog::KEPT as u64 + 4);
        log.record("later");
        assert_eq!(log.take(), ["later"]);
    }

    #[test]
    fn paths_match_with_their_parameters() {
        let (function, params) =
            find_route(&Method::PATCH, "/api/v1/crm/deals/deal_1/stage").expect("route");
        assert_eq!(function, Function::UpdateDealStage);
        assert_eq!(params.get("id").map(String::as_str), Some("deal_1"));
        assert_eq!(
            find_route(&Method::GET, "/api/v1/crm/deals/").map(|r| r.0),
            Some(Function::ListDeals)
        );
        assert!(find_route(&Method::PUT, "/api/v1/crm/deals").is_none());
        assert!(find_route(&Method::GET, "/api/v1/crm/deals//stage").is_none());
        assert!(find_route(&Method::GET, "/api/v1/crm/deals/a/b").is_none());
    }
}
