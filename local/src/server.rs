//! The local HTTP server: the route table of template.yaml, served by the very handlers the
//! Lambda functions run. Adds `GET /health` and `GET /openapi.json` (no auth), which are not
//! deployed.

use std::convert::Infallible;
use std::sync::Arc;

use http::{Method, StatusCode};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use shared::context::AppContext;
use shared::error::ApiError;
use shared::http::{ApiRequest, ApiResponse};
use shared::routes::{contain_panics, dispatch, error_response, find_route};
use tokio::net::TcpListener;

/// API Gateway accepts at most this much; the handlers refuse far less (see MAX_BODY_BYTES).
pub const MAX_REQUEST_BYTES: usize = 6 * 1024 * 1024;

/// The API's OpenAPI document, answered as is at `GET /openapi.json`.
pub const OPENAPI_JSON: &str = include_str!("../../openapi.json");

/// Accepts connections until the task is dropped.
pub async fn serve(listener: TcpListener, ctx: Arc<AppContext>) -> std::io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        let ctx = Arc::clone(&ctx);
        tokio::spawn(async move {
            let service = service_fn(move |request| guarded(Arc::clone(&ctx), request));
            if let Err(error) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                tracing::debug!(error = %error, "connection closed with an error");
            }
        });
    }
}

/// [`handle`], with a panic in the server's own code logged ("request handling panicked"),
/// counted in the context's panic log and answered as a 500 in the envelope, as the dispatcher
/// does for a panic in a handler, rather than as a dropped connection.
async fn guarded(
    ctx: Arc<AppContext>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = request.uri().path().to_owned();
    let log = Arc::clone(&ctx);
    match contain_panics(&log.panics, handle(ctx, request)).await {
        Ok(response) => response,
        Err(panic) => {
            let error = ApiError::Internal(format!("local server panicked: {panic}"));
            tracing::error!(error = %error, "request failed");
            let request_id = ulid::Ulid::new().to_string();
            Ok(to_hyper(error_response(&error, &path, &request_id)))
        }
    }
}

async fn handle(
    ctx: Arc<AppContext>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let request_id = ulid::Ulid::new().to_string();
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    if parts.method == Method::GET && path == "/health" {
        let ok = ApiResponse::json(StatusCode::OK, &serde_json::json!({"status": "ok"}));
        return Ok(to_hyper(
            ok.unwrap_or_else(|e| error_response(&e, &path, &request_id)),
        ));
    }
    if parts.method == Method::GET && parts.uri.path() == "/openapi.json" {
        let mut response = Response::new(Full::new(Bytes::from_static(OPENAPI_JSON.as_bytes())));
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        return Ok(response);
    }
    let Some((function, path_params)) = find_route(&parts.method, parts.uri.path()) else {
        let error = ApiError::NotFound(format!(
            "No route for {} {}",
            parts.method,
            parts.uri.path()
        ));
        return Ok(to_hyper(error_response(&error, &path, &request_id)));
    };
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
            return Ok(to_hyper(error_response(&error, &path, &request_id)));
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
    Ok(to_hyper(dispatch(ctx, function, api_request).await))
}

fn to_hyper(response: ApiResponse) -> Response<Full<Bytes>> {
    let mut hyper_response = Response::new(Full::new(Bytes::from(response.body)));
    *hyper_response.status_mut() = response.status;
    *hyper_response.headers_mut() = response.headers;
    hyper_response
}
