use std::collections::BTreeSet;
use std::sync::Arc;

use http::Method;
use integration_tests::{raw_http, test_config, TestApi};
use local::cors::Cors;
use local::template::Template;
use serde_json::{json, Value};
use shared::routes::routes;

#[test]
fn the_route_table_is_template_yaml_s() {
    let template = Template::bundled().expect("template.yaml");
    let from_template: BTreeSet<(String, String, String)> = template
        .routes
        .iter()
        .map(|route| {
            (
                route.method.clone(),
                route.path.clone(),
                route.binary.clone(),
            )
        })
        .collect();
    let from_code: BTreeSet<(String, String, String)> = routes()
        .iter()
        .map(|route| {
            (
                route.method.to_string(),
                route.path.to_owned(),
                route.function.name().to_owned(),
            )
        })
        .collect();
    assert_eq!(from_code, from_template);
    assert_eq!(
        template.routes.len(),
        routes().len(),
        "no route is declared twice"
    );
}

#[test]
fn every_function_binary_is_in_the_template() {
    let binaries_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../functions/src/bin");
    let mut crates: Vec<String> = std::fs::read_dir(binaries_dir)
        .expect("functions/src/bin")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix(".rs").map(str::to_owned))
        .collect();
    crates.sort();
    let mut binaries: Vec<String> = routes()
        .iter()
        .map(|route| route.function.name().to_owned())
        .collect();
    binaries.extend(shared::stream::BACKGROUND_BINARIES.map(str::to_owned));
    binaries.sort();
    binaries.dedup();
    assert_eq!(crates, binaries);
}

#[tokio::test]
async fn the_local_server_serves_the_same_handlers_over_http() {
    let api = TestApi::new().await;
    let (address, server) = api.local_server().await;

    let health = raw_http(
        address,
        "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");

    let body = json!({"name": "over HTTP"}).to_string();
    let token = api.token(integration_tests::READ_WRITE);
    let created = raw_http(
        address,
        format!(
            "POST /api/v1/crm/deals HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
    .await;
    assert!(created.starts_with("HTTP/1.1 201"), "{created}");
    assert!(
        created.to_ascii_lowercase().contains("etag: \"1\""),
        "{created}"
    );
    assert!(created.contains("\"name\":\"over HTTP\""), "{created}");

    let unknown = raw_http(
        address,
        "GET /api/v1/crm/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(unknown.starts_with("HTTP/1.1 404"), "{unknown}");
    assert!(unknown.contains("\"code\":\"NOT_FOUND\""), "{unknown}");
    let no_token = raw_http(
        address,
        "GET /api/v1/crm/deals HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(no_token.starts_with("HTTP/1.1 401"), "{no_token}");
    server.abort();
}

/// An HTTP/1.1 answer read whole: status, head, the body as JSON (null when empty).
struct Answer {
    status: u16,
    head: String,
    body: Value,
}

impl Answer {
    fn of(raw: &str) -> Answer {
        let (head, body) = raw.split_once("\r\n\r\n").expect("a head");
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|status| status.parse().ok())
            .expect("a status");
        let body = if body.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(body).unwrap_or_else(|_| panic!("a JSON body: {raw}"))
        };
        Answer {
            status,
            head: head.to_owned(),
            body,
        }
    }

    /// The values of a header, in order.
    fn header(&self, name: &str) -> Vec<&str> {
        self.head
            .lines()
            .filter_map(|line| line.split_once(": "))
            .filter(|(field, _)| field.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
            .collect()
    }
}

async fn ask(address: std::net::SocketAddr, head: &str) -> Answer {
    Answer::of(
        &raw_http(
            address,
            format!("{head}Host: x\r\nConnection: close\r\n\r\n"),
        )
        .await,
    )
}

#[tokio::test]
async fn unknown_routes_are_404_in_the_envelope_of_their_view_with_a_request_id() {
    let api = TestApi::new().await;
    let (address, server) = api.local_server().await;
    for (request, path) in [
        ("GET /api/v1/crm/nothing", "/api/v1/crm/nothing"),
        ("PUT /api/v1/crm/deals", "/api/v1/crm/deals"),
        ("OPTIONS /api/v1/crm/deals", "/api/v1/crm/deals"),
        ("GET /", "/"),
    ] {
        let answer = ask(address, &format!("{request} HTTP/1.1\r\n")).await;
        assert_eq!(answer.status, 404, "{request}: {}", answer.body);
        let error = &answer.body["error"];
        assert_eq!(error["code"], "NOT_FOUND", "{request}");
        let method = request.split(' ').next().unwrap_or_default();
        assert_eq!(error["message"], format!("No route for {method} {path}"));
        assert_eq!(
            answer.header("x-request-id"),
            [error["request_id"].as_str().expect("a request id")],
            "{request}"
        );
    }
    // Under /api-v1-deals/, the documented view's envelope: no request id in the body.
    let documented = ask(address, "GET /api-v1-deals/x/y HTTP/1.1\r\n").await;
    assert_eq!(documented.status, 404);
    assert_eq!(documented.body["error"]["code"], "NOT_FOUND");
    assert!(documented.body["error"].get("request_id").is_none());
    assert_eq!(documented.header("x-request-id").len(), 1);
    server.abort();
}

#[tokio::test]
async fn the_local_server_answers_browsers_from_the_allowed_origins_only() {
    const APP: &str = "https://app.example.com";
    let api = TestApi::new().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let cors = Cors::from_list(&format!("{APP},https://admin.example.com"));
    let server = tokio::spawn(local::server::serve_with(
        listener,
        Arc::clone(&api.ctx),
        cors,
    ));
    let token = api.token(integration_tests::READ_WRITE);

    let preflight = ask(
        address,
        &format!(
            "OPTIONS /api/v1/crm/deals/x HTTP/1.1\r\nOrigin: {APP}\r\n\
             Access-Control-Request-Method: PATCH\r\nAccess-Control-Request-Headers: authorization, if-match\r\n"
        ),
    )
    .await;
    assert_eq!(preflight.status, 204, "{}", preflight.head);
    assert_eq!(preflight.header("access-control-allow-origin"), [APP]);
    assert_eq!(
        preflight.header("access-control-allow-methods"),
        ["GET, POST, PATCH, DELETE"]
    );
    let allowed_headers = preflight.header("access-control-allow-headers");
    assert!(
        allowed_headers[0].contains("if-match"),
        "{allowed_headers:?}"
    );
    assert_eq!(preflight.header("vary"), ["Origin"]);

    let elsewhere = ask(
        address,
        "OPTIONS /api/v1/crm/deals HTTP/1.1\r\nOrigin: https://evil.example\r\n\
         Access-Control-Request-Method: GET\r\n",
    )
    .await;
    assert_eq!(elsewhere.status, 204);
    assert!(elsewhere.header("access-control-allow-origin").is_empty());

    let listed = ask(
        address,
        &format!(
            "GET /api/v1/crm/deals HTTP/1.1\r\nOrigin: {APP}\r\nAuthorization: Bearer {token}\r\n"
        ),
    )
    .await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert_eq!(listed.header("access-control-allow-origin"), [APP]);
    let exposed = listed.header("access-control-expose-headers");
    assert!(
        exposed[0].contains("x-request-id") && exposed[0].contains("etag"),
        "{exposed:?}"
    );
    assert_eq!(listed.header("vary"), ["Origin"]);

    // Refusals and unknown routes name the origin too, so a script can read the envelope.
    for request in ["GET /api/v1/crm/deals", "GET /api/v1/crm/nothing"] {
        let refused = ask(address, &format!("{request} HTTP/1.1\r\nOrigin: {APP}\r\n")).await;
        assert!([401, 404].contains(&refused.status), "{request}");
        assert_eq!(
            refused.header("access-control-allow-origin"),
            [APP],
            "{request}"
        );
    }
    let other = ask(
        address,
        &format!("GET /api/v1/crm/deals HTTP/1.1\r\nOrigin: https://evil.example\r\nAuthorization: Bearer {token}\r\n"),
    )
    .await;
    assert_eq!(other.status, 200);
    assert!(other.header("access-control-allow-origin").is_empty());
    assert_eq!(other.header("vary"), ["Origin"]);
    server.abort();
}

#[tokio::test]
async fn an_unreachable_store_answers_503_without_internals() {
    let mut config = test_config();
    // Nothing listens on port 9 of the loopback address: connections are refused at once.
    config.dynamodb_endpoint = Some("http://127.0.0.1:9".into());
    let ctx = shared::context::AppContext::new(&config)
        .await
        .expect("context");
    let api = TestApi::sharing(Arc::new(ctx), config);
    for call in [
        api.call(Method::GET, "/api/v1/crm/deals"),
        api.call(Method::POST, "/api/v1/crm/deals")
            .json(&json!({"name": "x"})),
    ] {
        let response = call.send().await;
        assert_eq!(response.status, 503, "{}", response.body);
        let (code, message, _) = response.error();
        assert_eq!(code, "SERVICE_UNAVAILABLE");
        assert!(
            !message.contains("127.0.0.1") && !message.to_lowercase().contains("dispatch"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let api = TestApi::new().await;
    let ok = api.call(Method::GET, "/api/v1/crm/deals").send().await;
    let error = api.anonymous(Method::GET, "/api/v1/crm/deals").send().await;
    for response in [&ok, &error] {
        assert!(response
            .header("x-request-id")
            .is_some_and(|id| !id.is_empty()));
    }
    assert_eq!(
        error.body["error"]["request_id"].as_str(),
        error.header("x-request-id")
    );
}

/// The text of a panic payload.
fn panic_text(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(text) => *text,
        Err(payload) => payload
            .downcast::<&str>()
            .map(|text| (*text).to_owned())
            .unwrap_or_default(),
    }
}

/// Runs a handler that panics with `message` exactly as the dispatcher runs a request.
async fn provoke_panic(api: &TestApi, message: &'static str) {
    let request = shared::http::ApiRequest {
        method: Method::GET,
        path: "/api/v1/crm/deals".into(),
        path_params: Default::default(),
        query: String::new(),
        headers: Default::default(),
        body: Vec::new(),
        request_id: "provoked".into(),
    };
    let response = shared::dispatch::dispatch_with(
        Arc::clone(&api.ctx),
        "provoked",
        shared::compat::View::Crm,
        request,
        move |_, _| async move { std::panic::panic_any(message) },
    )
    .await;
    // The client sees only a tidy 500...
    assert_eq!(response.status, 500);
    let body = String::from_utf8_lossy(&response.body);
    assert!(body.contains("INTERNAL_ERROR"), "{body}");
    assert!(!body.contains(message), "{body}");
}

#[tokio::test]
async fn a_panic_in_request_handling_fails_the_test_though_the_client_saw_a_500() {
    let api = TestApi::in_process().await;

    // ...but the next call through the harness fails the test, naming the panic.
    provoke_panic(&api, "first provoked panic").await;
    let call = api.call(Method::GET, "/api/v1/crm/deals");
    let failed = tokio::spawn(call.send())
        .await
        .expect_err("the call fails the test");
    let message = panic_text(failed.into_panic());
    assert!(message.contains("first provoked panic"), "{message}");
    assert!(message.contains("GET /api/v1/crm/deals"), "{message}");

    // So does the check a TestApi makes when dropped, which covers requests over HTTP.
    let other = api.other_tenant();
    provoke_panic(&other, "second provoked panic").await;
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(other)));
    let message = panic_text(dropped.expect_err("dropping fails the test"));
    assert!(message.contains("second provoked panic"), "{message}");

    // Each panic fails one check: both are taken, so this test itself ends clean.
    api.assert_no_panics();
    let fine = api.call(Method::GET, "/api/v1/crm/deals").send().await;
    assert_eq!(fine.status, 200, "{}", fine.body);
}
