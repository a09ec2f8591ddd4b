//! The route table (the one list of endpoints; template.yaml must match it, a test checks) and
//! the dispatcher that runs a handler with logging, a request id and panic safety.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use http::Method;
use tracing::Instrument;

use crate::context::AppContext;
use crate::error::ApiError;
use crate::handlers;
use crate::http::{ApiRequest, ApiResponse};

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
}

impl Function {
    pub fn name(self) -> &'static str {
        match self {
            Function::ListDeals => "list-deals",
            Function::GetDeal => "get-deal",
            Function::CreateDeal => "create-deal",
            Function::UpdateDeal => "update-deal",
            Function::UpdateDealStage => "update-deal-stage",
            Function::DeleteDeal => "delete-deal",
        }
    }

    async fn handle(self, ctx: &AppContext, request: &ApiRequest) -> Result<ApiResponse, ApiError> {
        match self {
            Function::ListDeals => handlers::list_deals(ctx, request).await,
            Function::GetDeal => handlers::get_deal(ctx, request).await,
            Function::CreateDeal => handlers::create_deal(ctx, request).await,
            Function::UpdateDeal => handlers::update_deal(ctx, request).await,
            Function::UpdateDealStage => handlers::update_deal_stage(ctx, request).await,
            Function::DeleteDeal => handlers::delete_deal(ctx, request).await,
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

pub fn routes() -> [Route; 6] {
    let route = |method, path, function| Route {
        method,
        path,
        function,
    };
    [
        route(Method::GET, "/api/v1/crm/deals", Function::ListDeals),
        route(Method::POST, "/api/v1/crm/deals", Function::CreateDeal),
        route(Method::GET, "/api/v1/crm/deals/{id}", Function::GetDeal),
        route(
            Method::PATCH,
            "/api/v1/crm/deals/{id}",
            Function::UpdateDeal,
        ),
        route(
            Method::DELETE,
            "/api/v1/crm/deals/{id}",
            Function::DeleteDeal,
        ),
        route(
            Method::PATCH,
            "/api/v1/crm/deals/{id}/stage",
            Function::UpdateDealStage,
        ),
    ]
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
    let handler = async move { function.handle(&ctx, &request).await };
    let result = guarded(handler.instrument(span.clone())).await;
    let response = match result {
        Ok(response) => response,
        Err(error) => {
            let _entered = span.enter();
            if error.status().is_server_error() {
                tracing::error!(error = %error, "request failed");
            }
            ApiResponse::error(&error, &request_id)
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
