//! The AWS Lambda side: turns API Gateway (HTTP API) events into [`ApiRequest`]s for the
//! dispatcher. Each function's `main` is one call to [`main`].

use std::convert::Infallible;
use std::sync::Arc;

use lambda_http::request::RequestContext;
use lambda_http::{service_fn, Body, Request, RequestExt, Response};

use crate::context::{AppContext, Config};
use crate::dispatch::dispatch;
use crate::http::ApiRequest;
use crate::routes::{find_route, route_of_key, routes, Function, Route};

/// A function binary's whole `main`: the Tokio runtime, then [`run`]. A plain function, so that
/// all of a function's code is compiled once, here, and each binary only links it (an `async`
/// main would make every binary compile the whole request path again).
///
/// The runtime is Tokio's current-thread one: a Lambda instance handles one event at a time,
/// so worker threads would only add their start (stacks, allocator arenas) to every cold start
/// and a hand-off between threads to every DynamoDB call.
pub fn main(function: Function) -> Result<(), lambda_http::Error> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(run(function))
}

/// Cold start: logging, configuration, DynamoDB client and keys (the DynamoDB connection and the
/// fetch of `JWT_JWKS_URL` at the same time), once; then serve events.
pub async fn run(function: Function) -> Result<(), lambda_http::Error> {
    crate::logging::init();
    let first_route = routes()
        .iter()
        .find(|route| route.function == function)
        .ok_or_else(|| format!("{} has no route", function.name()))?;
    let config = Config::from_env()?;
    let ctx = Arc::new(AppContext::new(&config).await?);
    // The keys at JWT_JWKS_URL are being fetched meanwhile; init ends when both are done.
    let open_connection = async {
        if function.uses_store() {
            ctx.store.open_connection().await;
        }
    };
    tokio::join!(open_connection, ctx.auth.fetch_settled());
    lambda_http::run(service_fn(move |event: Request| {
        let ctx = Arc::clone(&ctx);
        async move {
            let route = route_of(&event, function).unwrap_or(first_route);
            let response = dispatch(ctx, route, api_request(event)).await;
            Ok::<_, Infallible>(lambda_response(response))
        }
    }))
    .await
}

/// The functions that answer no HTTP route: their events come from AWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Background {
    /// The table's stream: change events (`shared::stream`).
    ProcessChanges,
    /// New deliveries from the stream, and the minute schedule (`webhooks::runner`).
    DeliverWebhooks,
    /// The daily check of every tenant's aggregates (`reconcile`).
    ReconcileAggregates,
}

/// A background function binary's whole `main`, as [`main`] is an HTTP one's (its concurrent
/// work, the attempts of a batch of deliveries, waits on the network, not on a CPU).
pub fn background_main(function: Background) -> Result<(), lambda_http::Error> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(run_background(function))
}

async fn run_background(function: Background) -> Result<(), lambda_http::Error> {
    crate::logging::init();
    let config = Config::from_env()?;
    let ctx = Arc::new(AppContext::new(&config).await?);
    ctx.store.open_connection().await;
    lambda_http::lambda_runtime::run(service_fn(
        move |event: lambda_http::LambdaEvent<serde_json::Value>| {
            let ctx = Arc::clone(&ctx);
            async move {
                let answer = match function {
                    Background::ProcessChanges => {
                        crate::stream::handle(&ctx.store, event.payload).await
                    }
                    Background::DeliverWebhooks => {
                        crate::webhooks::runner::handle(&ctx.store, &ctx.webhooks, event.payload)
                            .await
                    }
                    Background::ReconcileAggregates => {
                        crate::reconcile::handle(&ctx.store, event.payload).await
                    }
                };
                answer.map_err(lambda_http::Error::from)
            }
        },
    ))
    .await
}

/// Which of the function's routes an event came through: the one API Gateway names in the
/// event's route key (whatever stage or mapping prefixes the path), else the one its path
/// matches.
fn route_of(event: &Request, function: Function) -> Option<&'static Route> {
    let from_key = match event.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(context)) => {
            context.route_key.as_deref().and_then(route_of_key)
        }
        _ => None,
    };
    from_key
        .or_else(|| find_route(event.method(), event.uri().path()).map(|(route, _)| route))
        .filter(|route| route.function == function)
}

fn api_request(event: Request) -> ApiRequest {
    let request_id = match event.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(context)) => context.request_id.clone(),
        _ => None,
    }
    .or_else(|| event.lambda_context_ref().map(|c| c.request_id.clone()))
    .unwrap_or_default();
    let path_params = event
        .path_parameters_ref()
        .map(|params| {
            params
                .iter()
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let (parts, body) = event.into_parts();
    ApiRequest {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        path_params,
        query: parts.uri.query().unwrap_or_default().to_owned(),
        headers: parts.headers,
        body: body.as_ref().to_vec(),
        request_id,
    }
}

fn lambda_response(response: crate::http::ApiResponse) -> Response<Body> {
    let mut lambda = Response::new(Body::from(response.body));
    *lambda.status_mut() = response.status;
    *lambda.headers_mut() = response.headers;
    lambda
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENT: &str = r#"{
        "version": "2.0",
        "routeKey": "PATCH /api/v1/crm/deals/{id}",
        "rawPath": "/api/v1/crm/deals/deal_01J0000000000000000000000A",
        "rawQueryString": "limit=5&name%5Blike%5D=a+b",
        "headers": {"authorization": "Bearer abc", "if-match": "\"3\""},
        "requestContext": {
            "accountId": "123456789012", "apiId": "api", "domainName": "api.example.com",
            "domainPrefix": "api", "requestId": "gw-request-1",
            "routeKey": "PATCH /api/v1/crm/deals/{id}", "stage": "$default",
            "time": "25/Nov/2026:08:00:00 +0000", "timeEpoch": 1795680000000,
            "http": {"method": "PATCH", "path": "/api/v1/crm/deals/deal_01J0000000000000000000000A",
                     "protocol": "HTTP/1.1", "sourceIp": "192.0.2.1", "userAgent": "curl"}
        },
        "pathParameters": {"id": "deal_01J0000000000000000000000A"},
        "body": "eyJuYW1lIjoieCJ9",
        "isBase64Encoded": true
    }"#;

    #[test]
    fn api_gateway_events_become_api_requests() {
        let event = lambda_http::request::from_str(EVENT).expect("an HTTP API event");
        let request = api_request(event);
        assert_eq!(request.method, http::Method::PATCH);
        assert_eq!(
            request.path,
            "/api/v1/crm/deals/deal_01J0000000000000000000000A"
        );
        assert_eq!(request.path_param("id"), "deal_01J0000000000000000000000A");
        assert_eq!(
            request.query_pairs(),
            vec![
                ("limit".into(), "5".into()),
                ("name[like]".into(), "a b".into())
            ]
        );
        assert_eq!(request.body, br#"{"name":"x"}"#);
        assert_eq!(request.request_id, "gw-request-1");
        let if_match = request
            .headers
            .get("if-match")
            .and_then(|v| v.to_str().ok());
        assert_eq!(if_match, Some("\"3\""));
    }

    #[test]
    fn the_view_comes_from_the_route_api_gateway_matched() {
        let staged = EVENT
            .replace("/api/v1/crm/deals/{id}", "/api-v1-deals/{id}")
            .replace(
                "\"rawPath\": \"/api/v1/crm/deals/",
                "\"rawPath\": \"/prod/api-v1-deals/",
            );
        let event = lambda_http::request::from_str(&staged).expect("an HTTP API event");
        let route = route_of(&event, Function::UpdateDeal).expect("a route");
        assert_eq!(route.path, "/api-v1-deals/{id}");
        assert_eq!(route.view, crate::compat::View::Documented);
        let crm = lambda_http::request::from_str(EVENT).expect("an HTTP API event");
        let route = route_of(&crm, Function::UpdateDeal).expect("a route");
        assert_eq!(route.view, crate::compat::View::Crm);
        assert!(
            route_of(&crm, Function::DeleteDeal).is_none(),
            "another function's route is not this function's"
        );
        let unrouted = EVENT.replace(
            "\"routeKey\": \"PATCH /api/v1/crm/deals/{id}\"",
            "\"routeKey\": \"$default\"",
        );
        let event = lambda_http::request::from_str(&unrouted).expect("an HTTP API event");
        let route = route_of(&event, Function::NotFound).expect("the $default row");
        assert_eq!(route.key(), "$default");
    }

    #[test]
    fn api_responses_become_lambda_responses() {
        let error = crate::error::ApiError::deal_not_found();
        let response = lambda_response(crate::http::ApiResponse::error(&error, "r1"));
        assert_eq!(response.status(), 404);
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok());
        assert_eq!(content_type, Some("application/json"));
        let body: serde_json::Value =
            serde_json::from_slice(response.body().as_ref()).expect("JSON body");
        assert_eq!(body["error"]["message"], "Deal not found");
    }
}
