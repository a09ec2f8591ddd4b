//! `make dev-lambda`: the API as deployed, on one machine. An HTTP front does for the
//! template's routes what API Gateway's HTTP API does (match the route, build the
//! payload-format-2.0 event, invoke the function, map its answer back), and the real function
//! binaries answer, each under the Lambda Runtime Interface Emulator with the environment
//! `template.yaml` gives it ([`crate::emulator`]).
//!
//! Where API Gateway itself answers, so does the front, in API Gateway's words: no route is
//! 404 `{"message":"Not Found"}` (when the template has no `$default` route), a failed or
//! timed-out function is 500 `{"message":"Internal Server Error"}`, an event over Lambda's
//! 6 MB invocation limit is 413 `{"message":"Request Entity Too Large"}`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use serde_json::{json, Map, Value};
use shared::context::Config;
use time::OffsetDateTime;
use tokio::net::TcpListener;

use crate::emulator::{Emulator, EmulatorConfig, FunctionSpec};
use crate::template::Template;

/// API Gateway's HTTP API takes request bodies up to 10 MB.
pub const MAX_GATEWAY_BODY_BYTES: usize = 10 * 1024 * 1024;
/// Lambda's limit for a synchronous invocation's event, and for its answer.
pub const MAX_INVOCATION_BYTES: usize = 6 * 1024 * 1024;
/// The route key of API Gateway's catch-all route.
pub const DEFAULT_ROUTE: &str = "$default";

/// A route of the template: `ANY` and `$default` as API Gateway spells them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayRoute {
    pub method: String,
    pub path: String,
    pub binary: String,
}

impl GatewayRoute {
    pub fn route_key(&self) -> String {
        if self.path == DEFAULT_ROUTE {
            DEFAULT_ROUTE.to_owned()
        } else {
            format!("{} {}", self.method, self.path)
        }
    }
}

/// Every HttpApi route of the template's functions.
pub fn routes_of(template: &Template) -> Vec<GatewayRoute> {
    template
        .functions
        .iter()
        .flat_map(|function| {
            function.routes.iter().map(|(method, path)| GatewayRoute {
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                binary: function.binary.clone(),
            })
        })
        .collect()
}

/// The route API Gateway would choose and its path parameters (decoded): of the routes whose
/// path matches, the most specific one (literal segments before `{parameters}`, from the
/// left), its own method before `ANY`; `$default` when none matches.
pub fn match_route<'a>(
    routes: &'a [GatewayRoute],
    method: &str,
    raw_path: &str,
) -> Option<(&'a GatewayRoute, Vec<(String, String)>)> {
    let given: Vec<&str> = raw_path.trim_end_matches('/').split('/').collect();
    let best = routes
        .iter()
        .filter(|route| route.path != DEFAULT_ROUTE)
        .filter(|route| route.method == method || route.method == "ANY")
        .filter_map(|route| {
            let pattern: Vec<&str> = route.path.split('/').collect();
            if pattern.len() != given.len() {
                return None;
            }
            let mut params = Vec::new();
            let mut literals = Vec::with_capacity(pattern.len());
            for (expected, segment) in pattern.iter().zip(&given) {
                match expected.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                    Some(_) if segment.is_empty() => return None,
                    Some(name) => {
                        params.push((name.to_owned(), shared::http::decode_path_segment(segment)));
                        literals.push(false);
                    }
                    None if expected == segment => literals.push(true),
                    None => return None,
                }
            }
            Some(((literals, route.method != "ANY"), route, params))
        })
        .max_by(|(a, _, _), (b, _, _)| a.cmp(b))
        .map(|(_, route, params)| (route, params));
    best.or_else(|| {
        routes
            .iter()
            .find(|route| route.path == DEFAULT_ROUTE)
            .map(|route| (route, Vec::new()))
    })
}

/// A request as the front received it.
#[derive(Debug, Clone)]
pub struct GatewayRequest {
    pub method: Method,
    pub raw_path: String,
    pub raw_query: String,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub source_ip: String,
}

/// The payload-format-2.0 event API Gateway sends for `request` on `route`.
pub fn event(
    route: &GatewayRoute,
    params: &[(String, String)],
    request: &GatewayRequest,
    request_id: &str,
    at: OffsetDateTime,
) -> Value {
    let mut headers = Map::new();
    let mut cookies = Vec::new();
    for name in request.headers.keys() {
        let values = request
            .headers
            .get_all(name)
            .iter()
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
        if name == http::header::COOKIE {
            cookies.extend(values.flat_map(|value| {
                value
                    .split(';')
                    .map(|cookie| cookie.trim().to_owned())
                    .filter(|cookie| !cookie.is_empty())
                    .collect::<Vec<_>>()
            }));
        } else {
            let joined = values.collect::<Vec<_>>().join(",");
            headers.insert(name.as_str().to_owned(), Value::String(joined));
        }
    }
    let user_agent = headers.get("user-agent").cloned().unwrap_or(json!(""));
    let mut query = Map::new();
    for (name, value) in shared::http::parse_query(&request.raw_query) {
        match query.get_mut(&name) {
            Some(Value::String(earlier)) => {
                earlier.push(',');
                earlier.push_str(&value);
            }
            _ => {
                query.insert(name, Value::String(value));
            }
        }
    }
    let binary = !is_text(&request.headers) || std::str::from_utf8(&request.body).is_err();
    let body = if binary {
        BASE64.encode(&request.body)
    } else {
        String::from_utf8_lossy(&request.body).into_owned()
    };
    let route_key = route.route_key();
    let mut event = json!({
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": request.raw_path,
        "rawQueryString": request.raw_query,
        "headers": headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "local",
            "domainName": headers.get("host").cloned().unwrap_or(json!("localhost")),
            "domainPrefix": "local",
            "http": {
                "method": request.method.as_str(),
                "path": request.raw_path,
                "protocol": "HTTP/1.1",
                "sourceIp": request.source_ip,
                "userAgent": user_agent,
            },
            "requestId": request_id,
            "routeKey": route_key,
            "stage": "$default",
            "time": gateway_time(at),
            "timeEpoch": shared::clock::unix_millis(at),
        },
        "isBase64Encoded": binary,
    });
    let optional = [
        ("cookies", (!cookies.is_empty()).then(|| json!(cookies))),
        (
            "queryStringParameters",
            (!query.is_empty()).then(|| Value::Object(query)),
        ),
        (
            "pathParameters",
            (!params.is_empty()).then(|| {
                Value::Object(
                    params
                        .iter()
                        .map(|(name, value)| (name.clone(), Value::String(value.clone())))
                        .collect(),
                )
            }),
        ),
        (
            "body",
            (!request.body.is_empty()).then_some(Value::String(body)),
        ),
    ];
    if let Value::Object(fields) = &mut event {
        for (name, value) in optional {
            if let Some(value) = value {
                fields.insert(name.to_owned(), value);
            }
        }
    }
    event
}

/// Content types API Gateway passes as text; anything else is base64-encoded.
fn is_text(headers: &HeaderMap) -> bool {
    let Some(content_type) = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
    else {
        return true;
    };
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence.starts_with("text/")
        || essence == "application/json"
        || essence.ends_with("+json")
        || essence == "application/xml"
        || essence.ends_with("+xml")
        || essence == "application/x-www-form-urlencoded"
        || essence == "application/javascript"
}

/// `01/Dec/2026:11:29:54 +0000`, as in `requestContext.time`.
fn gateway_time(at: OffsetDateTime) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS
        .get(usize::from(u8::from(at.month())).saturating_sub(1))
        .unwrap_or(&"Jan");
    format!(
        "{:02}/{month}/{}:{:02}:{:02}:{:02} +0000",
        at.day(),
        at.year(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// API Gateway's own answer: `{"message": …}`.
pub fn gateway_answer(status: StatusCode, message: &str) -> Response<Bytes> {
    json_response(
        status,
        Bytes::from(json!({ "message": message }).to_string()),
    )
}

fn internal_server_error() -> Response<Bytes> {
    gateway_answer(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error")
}

/// What a function's result means to API Gateway (payload format 2.0): a response object
/// (`statusCode`, `headers`, `cookies`, `body`, `isBase64Encoded`); other JSON is a 200 with
/// that JSON as its body; the emulator's error document, or anything else, is a 500.
pub fn response_of(result: &[u8]) -> Response<Bytes> {
    if result.len() > MAX_INVOCATION_BYTES {
        return internal_server_error();
    }
    let Ok(value) = serde_json::from_slice::<Value>(result) else {
        return internal_server_error();
    };
    let Some(fields) = value.as_object() else {
        return json_response(StatusCode::OK, Bytes::from(value.to_string()));
    };
    if fields.contains_key("errorType") && !fields.contains_key("statusCode") {
        return internal_server_error();
    }
    let Some(status) = fields.get("statusCode") else {
        return json_response(StatusCode::OK, Bytes::from(value.to_string()));
    };
    let Some(status) = status
        .as_u64()
        .and_then(|code| u16::try_from(code).ok())
        .and_then(|code| StatusCode::from_u16(code).ok())
    else {
        return internal_server_error();
    };
    let text = fields
        .get("body")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let body = if fields.get("isBase64Encoded") == Some(&Value::Bool(true)) {
        match BASE64.decode(text) {
            Ok(bytes) => Bytes::from(bytes),
            Err(_) => return internal_server_error(),
        }
    } else {
        Bytes::from(text.to_owned())
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    for (name, value) in fields
        .get("headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let (Ok(name), Some(Ok(value))) = (
            HeaderName::from_bytes(name.as_bytes()),
            value.as_str().map(HeaderValue::from_str),
        ) else {
            return internal_server_error();
        };
        headers.insert(name, value);
    }
    for cookie in fields
        .get("cookies")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(Ok(value)) = cookie.as_str().map(HeaderValue::from_str) else {
            return internal_server_error();
        };
        headers.append(http::header::SET_COOKIE, value);
    }
    response
}

fn json_response(status: StatusCode, body: Bytes) -> Response<Bytes> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// The front: routes, and the functions behind them.
pub struct Gateway {
    routes: Vec<GatewayRoute>,
    emulator: Emulator,
}

impl Gateway {
    /// Each function of the template with the environment it is deployed with, for the API
    /// configured as `config` (its JWT settings, cursor secret, table and DynamoDB endpoint
    /// become the template's parameters and the table's name).
    ///
    /// With `record`, the functions reach DynamoDB through [`crate::iam::record`], each signing
    /// with its logical id as access key id, and their uses are written to that file.
    pub async fn new(
        template: &Template,
        config: &Config,
        emulator: EmulatorConfig,
        record: Option<PathBuf>,
    ) -> Result<Gateway, String> {
        let parameters = parameters_for(config);
        let mut dynamodb_endpoint = config.dynamodb_endpoint.clone();
        if let Some(file) = record {
            let dynamodb = dynamodb_endpoint
                .as_deref()
                .and_then(|endpoint| endpoint.strip_prefix("http://"))
                .and_then(|address| address.trim_end_matches('/').parse::<SocketAddr>().ok())
                .ok_or("recording DynamoDB uses needs DYNAMODB_ENDPOINT=http://<ip>:<port>")?;
            let listener = TcpListener::bind("127.0.0.1:0")
                .await
                .map_err(|e| e.to_string())?;
            let proxy = listener.local_addr().map_err(|e| e.to_string())?;
            let recorder = Arc::new(crate::iam::Recorder::new(file));
            tokio::spawn(crate::iam::record(listener, dynamodb, recorder));
            dynamodb_endpoint = Some(format!("http://{proxy}"));
        }
        let mut functions = Vec::new();
        for function in &template.functions {
            let mut environment = template
                .environment(function, &parameters, |resource| {
                    (resource == "DealsTable").then(|| config.table_name.clone())
                })
                .map_err(|e| e.to_string())?;
            // What `sam local --env-vars` would add: where DynamoDB is, and credentials for it,
            // one access key per function as each deployed function has its own role (its
            // logical id: DynamoDB Local takes only letters and digits).
            let region = std::env::var("AWS_REGION").unwrap_or_else(|_| "us-east-1".into());
            environment.extend([
                ("AWS_REGION".to_owned(), region),
                ("AWS_ACCESS_KEY_ID".to_owned(), function.logical_id.clone()),
                ("AWS_SECRET_ACCESS_KEY".to_owned(), "local".to_owned()),
            ]);
            if let Some(endpoint) = &dynamodb_endpoint {
                environment.push(("DYNAMODB_ENDPOINT".into(), endpoint.clone()));
            }
            if config.webhooks.policy.allow_loopback {
                environment.push(("WEBHOOK_ALLOW_LOOPBACK".into(), "1".into()));
            }
            functions.push(FunctionSpec {
                binary: function.binary.clone(),
                environment,
                timeout: Duration::from_secs(function.timeout_seconds),
                memory_mb: function.memory_mb,
            });
        }
        Ok(Gateway {
            routes: routes_of(template),
            emulator: Emulator::new(emulator, functions),
        })
    }

    /// Answers one request as API Gateway and Lambda would.
    pub async fn answer(&self, request: GatewayRequest) -> Response<Bytes> {
        let request_id = ulid::Ulid::new().to_string();
        let Some((route, params)) =
            match_route(&self.routes, request.method.as_str(), &request.raw_path)
        else {
            return with_request_id(
                gateway_answer(StatusCode::NOT_FOUND, "Not Found"),
                &request_id,
            );
        };
        let event = event(
            route,
            &params,
            &request,
            &request_id,
            OffsetDateTime::now_utc(),
        );
        let event = event.to_string().into_bytes();
        if event.len() > MAX_INVOCATION_BYTES {
            let answer = gateway_answer(StatusCode::PAYLOAD_TOO_LARGE, "Request Entity Too Large");
            return with_request_id(answer, &request_id);
        }
        let response = match self.emulator.invoke(&route.binary, event).await {
            Ok(result) => response_of(&result),
            Err(error) => {
                tracing::error!(function = %route.binary, error = %error, "invocation failed");
                internal_server_error()
            }
        };
        with_request_id(response, &request_id)
    }

    /// Invokes a function that no route leads to (`process-changes`) with `event`.
    pub async fn invoke(
        &self,
        binary: &str,
        event: Vec<u8>,
    ) -> Result<Bytes, crate::emulator::InvokeError> {
        self.emulator.invoke(binary, event).await
    }

    pub fn shutdown(&self) {
        self.emulator.shutdown();
    }
}

fn with_request_id(mut response: Response<Bytes>, request_id: &str) -> Response<Bytes> {
    if let Ok(value) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert("apigw-requestid", value);
    }
    response
}

/// The template parameters that configure the API as `config` does.
pub fn parameters_for(config: &Config) -> Vec<(String, String)> {
    let jwt = &config.jwt;
    [
        ("JwtIssuer", Some(jwt.issuer.clone())),
        ("JwtAudience", Some(jwt.audience.clone())),
        ("JwtSecret", jwt.secret.clone()),
        ("JwtPublicKey", jwt.public_key_pem.clone()),
        ("JwtJwks", jwt.jwks_json.clone()),
        ("JwtJwksUrl", jwt.jwks_url.clone()),
        ("CursorSecret", Some(config.cursor_secret.clone())),
        ("TokenSigningSecret", jwt.token_secret.clone()),
        (
            "ApiKeyCacheSeconds",
            Some(config.api_key_cache.as_secs().to_string()),
        ),
        (
            "WebhookRetrySchedule",
            Some(config.webhooks.schedule.to_string()),
        ),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|value| (name.to_owned(), value)))
    .collect()
}

/// Serves the front on `listener` until the task is dropped.
pub async fn serve(listener: TcpListener, gateway: Arc<Gateway>) -> std::io::Result<()> {
    crate::plain_http::serve(listener, move |request, peer| {
        let gateway = Arc::clone(&gateway);
        async move { handle(&gateway, request, peer).await }
    })
    .await
}

async fn handle(
    gateway: &Gateway,
    request: Request<Incoming>,
    peer: SocketAddr,
) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let response = match Limited::new(body, MAX_GATEWAY_BODY_BYTES).collect().await {
        Err(_) => gateway_answer(StatusCode::PAYLOAD_TOO_LARGE, "Request Entity Too Large"),
        Ok(collected) => {
            let request = GatewayRequest {
                method: parts.method,
                raw_path: parts.uri.path().to_owned(),
                raw_query: parts.uri.query().unwrap_or_default().to_owned(),
                headers: parts.headers,
                body: collected.to_bytes(),
                source_ip: peer.ip().to_string(),
            };
            gateway.answer(request).await
        }
    };
    let (parts, body) = response.into_parts();
    Response::from_parts(parts, Full::new(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(method: &str, path: &str, binary: &str) -> GatewayRoute {
        GatewayRoute {
            method: method.into(),
            path: path.into(),
            binary: binary.into(),
        }
    }

    fn routes() -> Vec<GatewayRoute> {
        vec![
            route("GET", "/deals/{id}", "get-deal"),
            route("GET", "/deals/summary", "summary"),
            route("ANY", "/deals/{id}/stage", "any-stage"),
            route("PATCH", "/deals/{id}/stage", "move"),
            route("ANY", DEFAULT_ROUTE, "not-found"),
        ]
    }

    fn matched(method: &str, path: &str) -> Option<(String, Vec<(String, String)>)> {
        let routes = routes();
        match_route(&routes, method, path).map(|(route, params)| (route.binary.clone(), params))
    }

    #[test]
    fn the_most_specific_route_wins_and_parameters_are_decoded() {
        assert_eq!(
            matched("GET", "/deals/summary"),
            Some(("summary".into(), vec![]))
        );
        assert_eq!(
            matched("GET", "/deals/a%20b+c"),
            Some(("get-deal".into(), vec![("id".into(), "a b+c".into())]))
        );
        assert_eq!(
            matched("PATCH", "/deals/x/stage").map(|m| m.0),
            Some("move".into())
        );
        assert_eq!(
            matched("PUT", "/deals/x/stage").map(|m| m.0),
            Some("any-stage".into())
        );
        assert_eq!(
            matched("DELETE", "/deals/x").map(|m| m.0),
            Some("not-found".into())
        );
        assert_eq!(
            matched("GET", "/deals//stage").map(|m| m.0),
            Some("not-found".into())
        );
        let without_default: Vec<_> = routes()
            .into_iter()
            .filter(|r| r.path != DEFAULT_ROUTE)
            .collect();
        assert!(match_route(&without_default, "GET", "/nowhere").is_none());
    }

    fn request(headers: &[(&str, &str)], body: &[u8]) -> GatewayRequest {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).expect("name"),
                HeaderValue::from_str(value).expect("value"),
            );
        }
        GatewayRequest {
            method: Method::POST,
            raw_path: "/deals/a%2Fb".into(),
            raw_query: "include=account&include=owner&name%5Blike%5D=a+b".into(),
            headers: map,
            body: Bytes::copy_from_slice(body),
            source_ip: "127.0.0.1".into(),
        }
    }

    #[test]
    fn events_have_the_payload_2_0_shape() {
        let request = request(
            &[
                ("X-Many", "1"),
                ("x-many", "2"),
                ("Cookie", "a=1; b=2"),
                ("content-type", "application/json"),
            ],
            br#"{"name":"x"}"#,
        );
        let at = OffsetDateTime::from_unix_timestamp(1_795_680_000).expect("time");
        let params = vec![("id".to_owned(), "a/b".to_owned())];
        let event = event(
            &route("POST", "/deals/{id}", "f"),
            &params,
            &request,
            "r1",
            at,
        );
        assert_eq!(event["version"], "2.0");
        assert_eq!(event["routeKey"], "POST /deals/{id}");
        assert_eq!(event["rawPath"], "/deals/a%2Fb");
        assert_eq!(event["headers"]["x-many"], "1,2");
        assert!(event["headers"].get("cookie").is_none());
        assert_eq!(event["cookies"], json!(["a=1", "b=2"]));
        assert_eq!(event["queryStringParameters"]["include"], "account,owner");
        assert_eq!(event["queryStringParameters"]["name[like]"], "a b");
        assert_eq!(event["pathParameters"]["id"], "a/b");
        assert_eq!(event["requestContext"]["stage"], "$default");
        assert_eq!(event["requestContext"]["requestId"], "r1");
        assert_eq!(event["requestContext"]["http"]["method"], "POST");
        assert_eq!(
            event["requestContext"]["time"],
            "26/Nov/2026:08:00:00 +0000"
        );
        assert_eq!(event["body"], r#"{"name":"x"}"#);
        assert_eq!(event["isBase64Encoded"], false);
        let parsed = lambda_http::request::from_str(&event.to_string());
        assert!(parsed.is_ok(), "lambda_http reads it: {parsed:?}");
    }

    #[test]
    fn binary_bodies_are_base64_encoded() {
        let event_of = |headers: &[(&str, &str)], body: &[u8]| {
            let at = OffsetDateTime::UNIX_EPOCH;
            event(
                &route("POST", "/x", "f"),
                &[],
                &request(headers, body),
                "r",
                at,
            )
        };
        let binary = event_of(&[("content-type", "application/octet-stream")], b"\x00\x01");
        assert_eq!(binary["isBase64Encoded"], true);
        assert_eq!(binary["body"], "AAE=");
        let invalid_text = event_of(&[("content-type", "application/json")], b"\xff");
        assert_eq!(invalid_text["isBase64Encoded"], true);
        let empty = event_of(&[], b"");
        assert!(empty.get("body").is_none());
    }

    #[test]
    fn function_results_become_responses() {
        let response = response_of(
            br#"{"statusCode":201,"headers":{"etag":"\"1\""},"cookies":["a=1"],"body":"e30=","isBase64Encoded":true}"#,
        );
        assert_eq!(response.status(), 201);
        assert_eq!(
            response.headers().get("etag").map(|v| v.as_bytes()),
            Some(&b"\"1\""[..])
        );
        assert_eq!(
            response.headers().get("set-cookie").map(|v| v.as_bytes()),
            Some(&b"a=1"[..])
        );
        assert_eq!(response.body().as_ref(), b"{}");
        let failed = response_of(br#"{"errorType":"Panic","errorMessage":"boom"}"#);
        assert_eq!(failed.status(), 500);
        assert_eq!(
            failed.body().as_ref(),
            br#"{"message":"Internal Server Error"}"#
        );
        assert_eq!(response_of(b"not json").status(), 500);
        let plain = response_of(br#"{"hello":1}"#);
        assert_eq!(
            (plain.status(), plain.body().as_ref()),
            (StatusCode::OK, &br#"{"hello":1}"#[..])
        );
    }
}
