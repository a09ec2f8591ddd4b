//! How a request is run: the route's scope checked once, the handler its function is bound to
//! (an exhaustive match: a function without a handler does not compile), the body limit, logging
//! with a request id, and panics contained. Handlers know nothing of routes.

use std::any::Any;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use tracing::Instrument;

use crate::auth::Caller;
use crate::compat::View;
use crate::context::AppContext;
use crate::error::{error_chain, ApiError};
use crate::handlers::{
    applications, deal_batch, deal_lifecycle, deal_summary, deals, events, oauth, pipelines,
    records, service, webhooks,
};
use crate::http::{ApiRequest, ApiResponse};
use crate::records::RecordKind;
use crate::routes::{Function, Route};

/// Runs one request through its route's handler. Every failure, a panic included, becomes the
/// error envelope of the route's view; every response carries `X-Request-Id`; one JSON log line
/// per request.
pub async fn dispatch(
    ctx: Arc<AppContext>,
    route: &'static Route,
    request: ApiRequest,
) -> ApiResponse {
    let view = route.view_of(&request.path);
    dispatch_with(
        ctx,
        route.function.name(),
        view,
        request,
        move |ctx, request| async move {
            // One limit for every route, method and view, before any handler looks at the body.
            crate::validation::check_body_size(&request.body)?;
            handle(route, view, &ctx, &request).await
        },
    )
    .await
}

/// The route's scope checked, then the handler of its function; an API key's use is noted
/// beside it.
async fn handle(
    route: &Route,
    view: View,
    ctx: &AppContext,
    request: &ApiRequest,
) -> Result<ApiResponse, ApiError> {
    let Some(scope) = route.scope else {
        return public(ctx, route.function, request).await;
    };
    let (caller, key_use) = ctx.authorize(request, scope).await?;
    let handled = run(route.function, view, ctx, request, &caller);
    match key_use {
        None => handled.await,
        Some(key_use) => {
            let (answer, ()) = tokio::join!(handled, ctx.api_keys.note_use(&ctx.store, key_use));
            answer
        }
    }
}

/// The handler a function is bound to.
async fn run(
    function: Function,
    view: View,
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    use Function::*;
    use RecordKind::{Account, Contact, User};
    match function {
        ListDeals => deals::list_deals(ctx, request, caller, view).await,
        GetDeal => deals::get_deal(ctx, request, caller, view).await,
        CreateDeal => deals::create_deal(ctx, request, caller, view).await,
        UpdateDeal => deals::update_deal(ctx, request, caller, view).await,
        UpdateDealStage => deals::update_deal_stage(ctx, request, caller, view).await,
        DeleteDeal => deals::delete_deal(ctx, request, caller).await,
        RestoreDeal => deal_lifecycle::restore_deal(ctx, request, caller).await,
        MergeDeals => deal_lifecycle::merge_deals(ctx, request, caller).await,
        BatchCreateDeals => deal_batch::create(ctx, request, caller, view).await,
        BatchUpdateDeals => deal_batch::update(ctx, request, caller, view).await,
        BatchDeleteDeals => deal_batch::delete(ctx, request, caller, view).await,
        BatchReadDeals => deal_batch::read(ctx, request, caller, view).await,
        ListDealHistory => deals::list_deal_history(ctx, request, caller).await,
        ListDealChanges => events::list_deal_changes(ctx, request, caller).await,
        GetDealSummary => deal_summary::get_deal_summary(ctx, request, caller).await,
        GetDealForecast => deal_summary::get_deal_forecast(ctx, request, caller).await,
        ListEvents => events::list_events(ctx, request, caller).await,
        ListWebhooks => webhooks::list(ctx, request, caller).await,
        CreateWebhook => webhooks::create(ctx, request, caller).await,
        GetWebhook => webhooks::get(ctx, request, caller).await,
        UpdateWebhook => webhooks::update(ctx, request, caller).await,
        DeleteWebhook => webhooks::delete(ctx, request, caller).await,
        ListWebhookDeliveries => webhooks::list_deliveries(ctx, request, caller).await,
        RetryWebhookDelivery => webhooks::retry_delivery(ctx, request, caller).await,
        TestWebhook => webhooks::test(ctx, request, caller).await,
        ListPipelines => pipelines::list_pipelines(ctx, request, caller).await,
        CreatePipeline => pipelines::create_pipeline(ctx, request, caller).await,
        GetPipeline => pipelines::get_pipeline(ctx, request, caller).await,
        UpdatePipeline => pipelines::update_pipeline(ctx, request, caller).await,
        DeletePipeline => pipelines::delete_pipeline(ctx, request, caller).await,
        ListPipelineStages => pipelines::list_pipeline_stages(ctx, request, caller).await,
        CreateStage => pipelines::create_stage(ctx, request, caller).await,
        UpdateStage => pipelines::update_stage(ctx, request, caller).await,
        DeleteStage => pipelines::delete_stage(ctx, request, caller).await,
        ListStages => pipelines::list_stages(ctx, request, caller).await,
        ListAccounts => records::list(ctx, request, caller, Account).await,
        CreateAccount => records::create(ctx, request, caller, Account).await,
        GetAccount => records::get(ctx, request, caller, Account).await,
        UpdateAccount => records::update(ctx, request, caller, Account).await,
        DeleteAccount => records::delete(ctx, request, caller, Account).await,
        ListContacts => records::list(ctx, request, caller, Contact).await,
        CreateContact => records::create(ctx, request, caller, Contact).await,
        GetContact => records::get(ctx, request, caller, Contact).await,
        UpdateContact => records::update(ctx, request, caller, Contact).await,
        DeleteContact => records::delete(ctx, request, caller, Contact).await,
        ListUsers => records::list(ctx, request, caller, User).await,
        CreateUser => records::create(ctx, request, caller, User).await,
        GetUser => records::get(ctx, request, caller, User).await,
        UpdateUser => records::update(ctx, request, caller, User).await,
        DeleteUser => records::delete(ctx, request, caller, User).await,
        ListApplications => applications::list(ctx, request, caller).await,
        CreateApplication => applications::create(ctx, request, caller).await,
        GetApplication => applications::get(ctx, request, caller).await,
        UpdateApplication => applications::update(ctx, request, caller).await,
        DeleteApplication => applications::delete(ctx, request, caller).await,
        ListApplicationKeys => applications::list_keys(ctx, request, caller).await,
        CreateApplicationKey => applications::create_key(ctx, request, caller).await,
        DeleteApplicationKey => applications::delete_key(ctx, request, caller).await,
        // Rows without a scope are answered by `public`; one given a scope is checked first.
        IssueToken | GetOpenapi | NotFound => public(ctx, function, request).await,
    }
}

/// The functions that answer without a bearer token.
async fn public(
    ctx: &AppContext,
    function: Function,
    request: &ApiRequest,
) -> Result<ApiResponse, ApiError> {
    match function {
        Function::GetOpenapi => Ok(service::openapi(request)),
        Function::NotFound => Err(service::not_found(request)),
        Function::IssueToken => {
            let (response, key_use) = oauth::issue_token(ctx, request).await;
            if let Some(key_use) = key_use {
                ctx.api_keys.note_use(&ctx.store, key_use).await;
            }
            Ok(response)
        }
        // A row without a scope for a function that needs a caller: never serve it open.
        _ => Err(ApiError::Internal(
            format!("the route of {} has no scope", function.name()).into(),
        )),
    }
}

/// [`dispatch`] with any handler in place of a route table function (the name stands in for
/// the function's in the logs): how every request is run, and how a test runs a handler of its
/// own (one that panics, say) exactly as a request would be.
pub async fn dispatch_with<H, F>(
    ctx: Arc<AppContext>,
    name: &'static str,
    view: View,
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
        .unwrap_or_else(|panic| {
            Err(ApiError::Internal(
                format!("handler panicked: {panic}").into(),
            ))
        });
    let response = match result {
        Ok(response) => response,
        Err(error) => {
            let _entered = span.enter();
            if error.status().is_server_error() {
                tracing::error!(error = %error_chain(&error), "request failed");
            }
            error_response(&error, view, &request_id)
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

/// The error envelope of `view`, with the request id.
pub fn error_response(error: &ApiError, view: View, request_id: &str) -> ApiResponse {
    let response = ApiResponse::error(error, request_id);
    let response = match view {
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
    use http::Method;
    use std::collections::HashMap;

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
            api_key_cache: crate::auth::api_keys::DEFAULT_CACHE,
            webhooks: crate::webhooks::runner::WebhookSettings::default(),
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
            let view = View::of_path(path);
            let response = dispatch_with(
                Arc::clone(&ctx),
                "test",
                view,
                request(path),
                |_, _| async { panic!("secret detail {}", 42) },
            )
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
        let failed = dispatch_with(
            Arc::clone(&ctx),
            "test",
            View::Crm,
            request("/x"),
            |_, _| async { Err(ApiError::Internal("a bug reported as an error".into())) },
        )
        .await;
        assert_eq!(failed.status, 500);
        let route = crate::routes::routes()
            .iter()
            .find(|route| route.function == Function::ListDeals)
            .expect("a row");
        let routed = dispatch(Arc::clone(&ctx), route, request(route.path)).await;
        assert_eq!(routed.status, 401, "no token");
        assert_eq!(ctx.panics.total(), 0);
        assert!(ctx.panics.take().is_empty());
    }

    /// What a test's log subscriber wrote.
    #[derive(Clone, Default)]
    struct LogBuffer(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for LogBuffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test]
    async fn a_failed_request_logs_the_whole_chain_and_answers_none_of_it() {
        let ctx = context().await;
        let log = LogBuffer::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let _logging = tracing::subscriber::set_default(subscriber);
        let response = dispatch_with(ctx, "test", View::Crm, request("/x"), |_, _| async {
            let store = crate::store::StoreError::Internal(
                "ValidationException: table deals-prod has no index by_x".into(),
            );
            Err(ApiError::from(store))
        })
        .await;
        assert_eq!(response.status, 500);
        let body = String::from_utf8_lossy(&response.body);
        assert!(!body.contains("deals-prod"), "{body}");
        let logged = String::from_utf8_lossy(&log.0.lock().expect("the log")).into_owned();
        let failed = logged
            .lines()
            .find(|line| line.contains("request failed"))
            .unwrap_or_default();
        assert!(
            failed.contains(
                "internal error: DynamoDB error: ValidationException: table deals-prod has no index by_x"
            ),
            "{logged}"
        );
    }

    #[tokio::test]
    async fn what_the_api_says_about_itself_needs_no_token() {
        let ctx = context().await;
        let (route, _) = crate::routes::route_or_default(&Method::GET, "/openapi.json");
        let document = dispatch(Arc::clone(&ctx), route, request("/openapi.json")).await;
        assert_eq!(document.status, 200);
        assert_eq!(document.body, service::OPENAPI_JSON.as_bytes());

        let default = crate::routes::default_route();
        for (path, documented) in [("/api/v1/crm/nothing", false), ("/api-v1-deals/x/y", true)] {
            let response = dispatch(Arc::clone(&ctx), default, request(path)).await;
            assert_eq!(response.status, 404, "{path}");
            let body: serde_json::Value =
                serde_json::from_slice(&response.body).expect("a JSON body");
            assert_eq!(body["error"]["code"], "NOT_FOUND", "{path}");
            assert_eq!(body["error"]["message"], format!("No route for GET {path}"));
            let request_id = body["error"].get("request_id").and_then(|id| id.as_str());
            assert_eq!(request_id, (!documented).then_some("req-1"), "{path}");
            assert_eq!(
                response.headers.get("x-request-id").map(|v| v.as_bytes()),
                Some(&b"req-1"[..])
            );
        }
        assert_eq!(ctx.panics.total(), 0);
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
}
