//! The AWS Lambda side: turns API Gateway (HTTP API) events into [`ApiRequest`]s for the
//! dispatcher. Each function's `main` is one call to [`run`].

use std::convert::Infallible;
use std::sync::Arc;

use lambda_http::request::RequestContext;
use lambda_http::{service_fn, Body, Request, RequestExt, Response};

use crate::context::{AppContext, Config};
use crate::http::ApiRequest;
use crate::routes::{dispatch, Function};

/// Cold start: logging, configuration, DynamoDB client and keys, once; then serve events.
pub async fn run(function: Function) -> Result<(), lambda_http::Error> {
    crate::logging::init();
    let config = Config::from_env()?;
    let ctx = Arc::new(AppContext::new(&config).await?);
    lambda_http::run(service_fn(move |event: Request| {
        let ctx = Arc::clone(&ctx);
        async move {
            let response = dispatch(ctx, function, api_request(event)).await;
            Ok::<_, Infallible>(lambda_response(response))
        }
    }))
    .await
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
