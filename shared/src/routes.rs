//! The route table (the one list of endpoints; template.yaml must match it, a test checks) and
//! the dispatcher that runs a handler with logging, a request id and panic safety.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
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
    let request_id = request.request_id.clone();
    let span = tracing::info_span!(
        "request",
        function = function.name(),
        request_id = %request_id,
        tenant = tracing::field::Empty,
    );
    let started = Instant::now();
    let (method, path) = (request.method.clone(), request.path.clone());
    let handler = async move {
        // One limit for every route, method and view, before any handler looks at the body.
        crate::validation::check_body_size(&request.body)?;
        function.handle(&ctx, &request).await
    };
    let result = guarded(handler.instrument(span.clone())).await;
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

/// Runs a handler on a task of its own, so that a panic becomes a 500 in the envelope rather
/// than a dropped connection or a crashed Lambda invocation.
async fn guarded<F>(handler: F) -> Result<ApiResponse, ApiError>
where
    F: Future<Output = Result<ApiResponse, ApiError>> + Send + 'static,
{
    tokio::spawn(handler).await.unwrap_or_else(|join_error| {
        Err(ApiError::Internal(format!("handler failed: {join_error}")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_handler_becomes_an_internal_error() {
        let result = guarded(async { panic!("boom") }).await;
        assert!(matches!(result, Err(ApiError::Internal(_))), "{result:?}");
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
