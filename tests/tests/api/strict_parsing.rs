//! Strict parsing (hardening defect 11): token claims and headers of exactly their JSON types,
//! `If-Match` exactly as RFC 9110 spells entity-tags, request heads the local server refuses in
//! the error envelope rather than with a bare status, and one 64 KiB body limit on every route.

use std::net::SocketAddr;

use http::Method;
use integration_tests::jwt::{base64url, claims, now, secret};
use integration_tests::{id_of, TestApi, TestResponse, ALL_SCOPES, DEALS};
use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::{json, Value};
use shared::routes::{routes, RouteMethod};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const LIMIT: usize = 64 * 1024;

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

/// A token with this exact header and payload text, validly signed with the test secret.
fn signed(api: &TestApi, header: &str, payload: &str) -> String {
    let message = format!(
        "{}.{}",
        base64url(header.as_bytes()),
        base64url(payload.as_bytes())
    );
    let signature = jsonwebtoken::crypto::sign(
        message.as_bytes(),
        &EncodingKey::from_secret(&secret(api)),
        Algorithm::HS256,
    )
    .expect("HS256 signature");
    format!("{message}.{signature}")
}

const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

fn token_with(api: &TestApi, changes: Value) -> String {
    signed(api, HEADER, &claims(api, changes).to_string())
}

async fn list_with(api: &TestApi, token: &str) -> TestResponse {
    api.anonymous(Method::GET, DEALS).token(token).send().await
}

/// 401 UNAUTHORIZED in the envelope, with `WWW-Authenticate: Bearer`; returns the message.
fn unauthorized(response: &TestResponse, what: &str) -> String {
    assert_eq!(response.status, 401, "{what}: {}", response.body);
    let (code, message, _) = response.error();
    assert_eq!(code, "UNAUTHORIZED", "{what}");
    assert_eq!(
        response.header("www-authenticate"),
        Some("Bearer"),
        "{what}"
    );
    message
}

#[tokio::test]
async fn tokens_naming_crit_extensions_are_401() {
    let api = TestApi::new().await;
    let payload = claims(&api, json!({})).to_string();
    let control = list_with(&api, &signed(&api, HEADER, &payload)).await;
    assert_eq!(control.status, 200, "{}", control.body);
    for crit in [
        r#""crit":["exp"]"#,
        r#""crit":["b64"],"b64":true"#,
        r#""crit":["urn:example:unknown"],"urn:example:unknown":1"#,
        r#""crit":[]"#,
        r#""crit":"exp""#,
    ] {
        let header = format!(r#"{{"alg":"HS256","typ":"JWT",{crit}}}"#);
        let response = list_with(&api, &signed(&api, &header, &payload)).await;
        let message = unauthorized(&response, crit);
        assert!(message.contains("crit"), "{crit}: {message}");
    }
    // Header and claims members are unique: no doubt about which `alg` or `tenant_id` counts.
    let twice = signed(&api, r#"{"alg":"HS256","alg":"HS256"}"#, &payload);
    unauthorized(&list_with(&api, &twice).await, "alg twice");
    let tenant_twice = payload.replacen('{', r#"{"tenant_id":"tenant-other","#, 1);
    let token = signed(&api, HEADER, &tenant_twice);
    unauthorized(&list_with(&api, &token).await, "tenant_id twice");
}

#[tokio::test]
async fn numeric_dates_that_are_not_json_numbers_are_401() {
    let api = TestApi::new().await;
    let now = now();
    for (what, changes) in [
        (
            "nbf as a string, a day ahead",
            json!({"nbf": (now + 86_400).to_string()}),
        ),
        ("nbf as the string 1700000000", json!({"nbf": "1700000000"})),
        ("nbf null", json!({"nbf": null})),
        ("nbf an array", json!({"nbf": [now]})),
        ("exp as a string", json!({"exp": (now + 600).to_string()})),
        ("exp true", json!({"exp": true})),
        ("iat as a string", json!({"iat": now.to_string()})),
        ("iat an object", json!({"iat": {"seconds": now}})),
    ] {
        let response = list_with(&api, &token_with(&api, changes)).await;
        let message = unauthorized(&response, what);
        assert!(message.contains("NumericDate"), "{what}: {message}");
    }
    // NumericDates may have fractions; a negative one is long past.
    let fraction =
        json!({"exp": now as f64 + 600.25, "nbf": now as f64 - 0.5, "iat": now as f64 + 0.5});
    let control = list_with(&api, &token_with(&api, fraction)).await;
    assert_eq!(control.status, 200, "{}", control.body);
    let negative = list_with(&api, &token_with(&api, json!({"exp": -5}))).await;
    assert_eq!(unauthorized(&negative, "negative exp"), "Token has expired");
    let early = list_with(&api, &token_with(&api, json!({"nbf": now + 3_600}))).await;
    assert_eq!(unauthorized(&early, "nbf ahead"), "Token is not yet valid");
}

#[tokio::test]
async fn iss_aud_and_string_claims_of_the_wrong_json_type_are_401() {
    let api = TestApi::new().await;
    let issuer = api.config.jwt.issuer.clone();
    let audience = api.config.jwt.audience.clone();
    for (what, changes) in [
        ("iss an array holding the issuer", json!({"iss": [issuer]})),
        (
            "iss an array of two",
            json!({"iss": [issuer, "https://evil.example"]}),
        ),
        ("iss an object", json!({"iss": {"iss": issuer}})),
        ("iss null", json!({"iss": null})),
        ("aud with a number", json!({"aud": [audience, 1]})),
        ("aud with a nested array", json!({"aud": [[audience]]})),
        ("aud a number", json!({"aud": 42})),
        ("aud an empty array", json!({"aud": []})),
        ("aud an array of others", json!({"aud": ["other-api"]})),
        ("sub a number", json!({"sub": 42})),
        ("sub an array", json!({"sub": ["usr-1"]})),
        ("tenant_id an array", json!({"tenant_id": [api.tenant]})),
        ("app_id a number", json!({"app_id": 7})),
        ("app_id null", json!({"app_id": null})),
        ("app_id an array", json!({"app_id": ["app-crm"]})),
        ("scope an array", json!({"scope": ["read:deals"]})),
        ("scope null", json!({"scope": null})),
        ("scope a number", json!({"scope": 1})),
    ] {
        unauthorized(&list_with(&api, &token_with(&api, changes)).await, what);
    }
    let message = unauthorized(
        &list_with(&api, &token_with(&api, json!({"iss": [issuer]}))).await,
        "iss array",
    );
    assert!(message.contains("iss"), "{message}");
    // An audience array naming this API is fine (RFC 7519 §4.1.3).
    let listed = token_with(&api, json!({"aud": ["other-api", audience]}));
    let control = list_with(&api, &listed).await;
    assert_eq!(control.status, 200, "{}", control.body);
}

#[tokio::test]
async fn scopes_split_on_single_ascii_spaces_only() {
    let api = TestApi::new().await;
    let create = |token: String| {
        api.anonymous(Method::POST, DEALS)
            .token(&token)
            .json(&json!({"name": "scoped"}))
    };
    let control = create(token_with(&api, json!({"scope": "read:deals write:deals"})))
        .send()
        .await;
    assert_eq!(control.status, 201, "{}", control.body);
    for scope in [
        "read:deals\u{a0}write:deals",
        "read:deals\twrite:deals",
        "read:deals\nwrite:deals",
        "read:deals\u{3000}write:deals",
        "read:deals  write:deals",
        " read:deals write:deals",
        "read:deals write:deals ",
        "",
        " ",
        "read:deals \"write:deals\"",
        "read:deals write:deals\\",
        "read:deals wrïte:deals",
    ] {
        let response = create(token_with(&api, json!({"scope": scope})))
            .send()
            .await;
        let message = unauthorized(&response, &format!("{scope:?}"));
        assert!(message.contains("scope"), "{scope:?}: {message}");
        // Not even the read scope before the odd separator counts.
        let read = list_with(&api, &token_with(&api, json!({"scope": scope}))).await;
        unauthorized(&read, &format!("{scope:?} on GET"));
    }
    let deals = api.call(Method::GET, DEALS).send().await;
    assert_eq!(deals.body["pagination"]["total"], 1, "{}", deals.body);
}

// ---------------------------------------------------------------------------------------------
// If-Match
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn if_match_is_strict_about_entity_tags() {
    let api = TestApi::new().await;
    let deal = id_of(&api.create(json!({"name": "guarded"})).await);
    let path = format!("{DEALS}/{deal}");
    let account = api.account("Guarded").await;
    let account_path = format!("/api/v1/crm/accounts/{account}");
    for if_match in [
        "\"1",
        "1\"",
        "\"+1\"",
        "+1",
        "\"01\"",
        "01",
        "\"-1\"",
        "W/1",
        "w/\"1\"",
        "W/ \"1\"",
        "\"1\"\"",
        "\"1\" \"2\"",
        "\"1;\"",
        ", ,",
        "\"1\", *",
    ] {
        for (method, uri, body) in [
            (Method::PATCH, path.clone(), Some(json!({"name": "x"}))),
            (
                Method::PATCH,
                format!("{path}/stage"),
                Some(json!({"stage": "qualified"})),
            ),
            (
                Method::PATCH,
                format!("/api-v1-deals/{deal}"),
                Some(json!({"title": "x"})),
            ),
            (Method::DELETE, path.clone(), None),
            (
                Method::PATCH,
                account_path.clone(),
                Some(json!({"name": "x"})),
            ),
        ] {
            let mut call = api.call(method.clone(), &uri).header("if-match", if_match);
            if let Some(body) = &body {
                call = call.json(body);
            }
            let response = call.send().await;
            assert_eq!(
                response.status, 400,
                "{if_match:?} on {method} {uri}: {}",
                response.body
            );
            assert_eq!(response.body["error"]["code"], "INVALID_REQUEST");
            assert_eq!(
                response.body["error"]["details"][0]["field"], "If-Match",
                "{if_match:?} on {method} {uri}: {}",
                response.body
            );
        }
    }
    let unchanged = api.call(Method::GET, &path).send().await;
    assert_eq!(unchanged.body["data"]["version"], 1, "{}", unchanged.body);
    assert_eq!(unchanged.body["data"]["name"], "guarded");

    // RFC 9110 lists: blanks around commas and empty elements are fine.
    for (if_match, version) in [(" , W/\"7\" ,, \"1\" ", 2), ("2", 3), ("\"9\",\t\"3\"", 4)] {
        let response = api
            .call(Method::PATCH, &path)
            .header("if-match", if_match)
            .json(&json!({"value": version}))
            .send()
            .await;
        assert_eq!(response.status, 200, "{if_match:?}: {}", response.body);
        assert_eq!(response.body["data"]["version"], version);
    }
    let stale = api
        .call(Method::PATCH, &path)
        .header("if-match", "\"1\", W/\"2\"")
        .json(&json!({"value": 1}))
        .send()
        .await;
    assert_eq!(stale.status, 409, "{}", stale.body);
}

// ---------------------------------------------------------------------------------------------
// The local server's request heads
// ---------------------------------------------------------------------------------------------

#[derive(Debug)]
struct Answer {
    status: u16,
    /// Header lines, lower-cased.
    head: String,
    request_id: Option<String>,
    body: Value,
}

/// Sends raw bytes on one connection and reads every answer until the server closes.
async fn exchange(address: SocketAddr, request: &[u8]) -> Vec<Answer> {
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect");
    stream.write_all(request).await.expect("write");
    let mut received = Vec::new();
    stream.read_to_end(&mut received).await.expect("read");
    let mut answers = Vec::new();
    let mut rest = received.as_slice();
    while !rest.is_empty() {
        let end = rest
            .windows(4)
            .position(|window| window == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("an incomplete head: {}", String::from_utf8_lossy(rest)));
        let head = String::from_utf8_lossy(&rest[..end]).to_ascii_lowercase();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("no status: {head}"));
        let header = |name: &str| {
            head.lines()
                .find_map(|line| line.strip_prefix(&format!("{name}: ")))
                .map(str::to_owned)
        };
        let length: usize = header("content-length")
            .and_then(|length| length.parse().ok())
            .unwrap_or_else(|| panic!("no content-length: {head}"));
        let body = &rest[end + 4..end + 4 + length];
        // The id as sent (the head is lower-cased here).
        let original = String::from_utf8_lossy(&rest[..end]).into_owned();
        let request_id = original.lines().find_map(|line| {
            let (name, value) = line.split_once(": ")?;
            name.eq_ignore_ascii_case("x-request-id")
                .then(|| value.to_owned())
        });
        answers.push(Answer {
            status,
            head: head.clone(),
            request_id,
            body: if body.is_empty() {
                Value::Null
            } else {
                serde_json::from_slice(body)
                    .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(body)))
            },
        });
        rest = &rest[end + 4 + length..];
    }
    answers
}

/// The one answer to a request on its own connection.
async fn answer(address: SocketAddr, request: &[u8]) -> Answer {
    let mut answers = exchange(address, request).await;
    assert_eq!(answers.len(), 1, "{answers:?}");
    answers.remove(0)
}

/// This status and code in the envelope of the view, naming `field`, with `X-Request-Id`.
fn assert_envelope(answer: &Answer, status: u16, code: &str, field: &str, what: &str) {
    assert_eq!(answer.status, status, "{what}: {answer:?}");
    assert!(
        answer.head.contains("content-type: application/json"),
        "{what}: {answer:?}"
    );
    let request_id = answer
        .request_id
        .as_deref()
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| panic!("{what}: no X-Request-Id: {answer:?}"));
    let error = &answer.body["error"];
    assert_eq!(error["code"], code, "{what}: {answer:?}");
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{what}: {answer:?}"
    );
    let fields: Vec<&str> = error["details"]
        .as_array()
        .map(|details| details.iter().filter_map(|d| d["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(fields, [field], "{what}: {answer:?}");
    // The documented view's envelope has no request_id (it is in the header only).
    let documented = what.contains("/api-v1-deals");
    if documented {
        assert!(error.get("request_id").is_none(), "{what}: {answer:?}");
    } else {
        assert_eq!(error["request_id"], request_id, "{what}: {answer:?}");
    }
}

/// Two header fields (`Host`, `Connection: close`) and the extra ones.
fn get(target: &[u8], extra_headers: &str) -> Vec<u8> {
    let mut request = b"GET ".to_vec();
    request.extend_from_slice(target);
    request.extend_from_slice(
        format!(" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{extra_headers}\r\n").as_bytes(),
    );
    request
}

#[tokio::test]
async fn the_local_server_answers_bad_path_characters_in_the_envelope() {
    let api = TestApi::new().await;
    let (address, server) = api.local_server().await;
    let cases: [(&[u8], &str); 13] = [
        (b"/api/v1/crm/deals/<script>", "path"),
        (b"/api/v1/crm/deals/a>b", "path"),
        ("/api/v1/crm/deals/déal".as_bytes(), "path"),
        ("/api/v1/crm/deals/☃".as_bytes(), "path"),
        (b"/api/v1/crm/deals/\xff\xfe", "path"),
        (b"/api/v1/crm/deals/a\"b", "path"),
        (b"/api/v1/crm/deals/{id}", "path"),
        (b"/api/v1/crm/deals/a|b", "path"),
        (b"/api/v1/crm/deals/a\\b", "path"),
        (b"/api/v1/crm/deals/a\x01b", "path"),
        (b"/api/v1/crm/deals?name=<b>", "query"),
        ("/api/v1/crm/deals?name=é".as_bytes(), "query"),
        (b"/api-v1-deals/<x>", "path"),
    ];
    for (target, field) in cases {
        let what = String::from_utf8_lossy(target).into_owned();
        let answer = answer(address, &get(target, "")).await;
        assert_envelope(&answer, 400, "INVALID_REQUEST", field, &what);
    }
    // Percent-encoded, the same characters reach the API (and its 401 without a token).
    let encoded = answer(address, &get(b"/api/v1/crm/deals/%3Cscript%3E%C3%A9", "")).await;
    assert_eq!(encoded.status, 401, "{encoded:?}");
    assert_eq!(encoded.body["error"]["code"], "UNAUTHORIZED");
    let token = api.token(ALL_SCOPES);
    let filtered = answer(
        address,
        &get(
            b"/api/v1/crm/deals?value[gte]=1&name[like]=a%20b",
            &format!("Authorization: Bearer {token}\r\n"),
        ),
    )
    .await;
    assert_eq!(filtered.status, 200, "{filtered:?}");
    server.abort();
}

#[tokio::test]
async fn the_local_server_answers_long_uris_and_many_headers_in_the_envelope() {
    let api = TestApi::new().await;
    let (address, server) = api.local_server().await;
    let long_query = |bytes: usize| format!("/api/v1/crm/deals?name={}", "a".repeat(bytes));

    let seventy_kb = answer(address, &get(long_query(70_000).as_bytes(), "")).await;
    assert_envelope(&seventy_kb, 400, "INVALID_REQUEST", "uri", "a 70 KB URI");
    let nine_kb = answer(address, &get(long_query(9 * 1024).as_bytes(), "")).await;
    assert_envelope(&nine_kb, 400, "INVALID_REQUEST", "uri", "a 9 KB URI");
    let documented = answer(
        address,
        &get(
            format!("/api-v1-deals/{}", "a".repeat(70_000)).as_bytes(),
            "",
        ),
    )
    .await;
    assert_envelope(
        &documented,
        400,
        "INVALID_REQUEST",
        "uri",
        "a long /api-v1-deals URI",
    );
    // Up to 8 KiB, the URI reaches the API.
    let under = answer(address, &get(long_query(7 * 1024).as_bytes(), "")).await;
    assert_eq!(under.status, 401, "{under:?}");

    let headers = |count: usize| {
        (0..count)
            .map(|i| format!("X-Header-{i}: {i}\r\n"))
            .collect::<String>()
    };
    // Host and Connection, plus the others.
    let many = answer(address, &get(b"/health", &headers(148))).await;
    assert_envelope(&many, 400, "INVALID_REQUEST", "headers", "150 headers");
    let one_too_many = answer(address, &get(DEALS.as_bytes(), &headers(99))).await;
    assert_envelope(
        &one_too_many,
        400,
        "INVALID_REQUEST",
        "headers",
        "101 headers",
    );
    let hundred = answer(address, &get(b"/health", &headers(98))).await;
    assert_eq!(hundred.status, 200, "{hundred:?}");

    let big_header = format!("X-Big: {}\r\n", "b".repeat(70_000));
    let big = answer(address, &get(DEALS.as_bytes(), &big_header)).await;
    assert_envelope(&big, 400, "INVALID_REQUEST", "headers", "a 70 KB header");
    let bad_name = answer(address, &get(DEALS.as_bytes(), "Bad Name: x\r\n")).await;
    assert_envelope(
        &bad_name,
        400,
        "INVALID_REQUEST",
        "headers",
        "a header name with a space",
    );
    let bad_line = answer(
        address,
        b"GET /health HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_envelope(
        &bad_line,
        400,
        "INVALID_REQUEST",
        "request-line",
        "HTTP/9.9",
    );
    server.abort();
}

#[tokio::test]
async fn the_local_server_answers_unusable_framing_in_the_envelope() {
    let api = TestApi::new().await;
    let (address, server) = api.local_server().await;
    let post = |headers: &str, version: &str| {
        format!("POST {DEALS} HTTP/{version}\r\nHost: x\r\nConnection: close\r\n{headers}\r\n")
            .into_bytes()
    };
    for (what, request, field) in [
        (
            "Content-Length abc",
            post("Content-Length: abc\r\n", "1.1"),
            "Content-Length",
        ),
        (
            "Content-Length +5",
            post("Content-Length: +5\r\n", "1.1"),
            "Content-Length",
        ),
        (
            "two Content-Lengths",
            post("Content-Length: 5\r\nContent-Length: 6\r\n", "1.1"),
            "Content-Length",
        ),
        (
            "Content-Length past u64",
            post("Content-Length: 99999999999999999999\r\n", "1.1"),
            "Content-Length",
        ),
        (
            "Transfer-Encoding gzip",
            post("Transfer-Encoding: gzip\r\n", "1.1"),
            "Transfer-Encoding",
        ),
        (
            "chunked with Content-Length",
            post("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", "1.1"),
            "Transfer-Encoding",
        ),
        (
            "chunked on HTTP/1.0",
            post("Transfer-Encoding: chunked\r\n", "1.0"),
            "Transfer-Encoding",
        ),
    ] {
        let answer = answer(address, &request).await;
        assert_envelope(&answer, 400, "INVALID_REQUEST", field, what);
    }
    // A body announced past what the server reads at all is 413 before it is sent.
    let huge = answer(address, &post("Content-Length: 7340032\r\n", "1.1")).await;
    assert_eq!(huge.status, 413, "{huge:?}");
    assert_eq!(huge.body["error"]["code"], "PAYLOAD_TOO_LARGE");
    assert!(huge.request_id.is_some(), "{huge:?}");
    server.abort();
}

#[tokio::test]
async fn the_local_server_serves_one_request_per_connection() {
    let api = TestApi::new().await;
    let (address, server) = api.local_server().await;
    // A second, pipelined request would skip the head check: it is not served.
    let answers = exchange(
        address,
        b"GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v1/crm/deals/<x> HTTP/1.1\r\nHost: x\r\n\r\n",
    )
    .await;
    assert_eq!(answers.len(), 1, "{answers:?}");
    assert_eq!(answers[0].status, 200);
    assert!(answers[0].head.contains("connection: close"), "{answers:?}");
    server.abort();
}

// ---------------------------------------------------------------------------------------------
// 64 KiB, on every route
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn blank_bodies_over_64_kib_are_413_on_every_route_and_method() {
    let api = TestApi::new().await;
    let deal = id_of(&api.create(json!({"name": "target"})).await);
    let blanks = |size: usize| " ".repeat(size).into_bytes();
    for route in routes() {
        let RouteMethod::Only(method) = &route.method else {
            // The `$default` row takes what no path names: through the local server below.
            continue;
        };
        let uri = route
            .path
            .replace("{id}", &deal)
            .replace("{stage_id}", "lead");
        for (what, body) in [
            ("blanks", blanks(LIMIT + 1)),
            ("newlines and tabs", b"\n\t\r ".repeat(LIMIT / 4 + 1)),
            ("a megabyte of blanks", blanks(1024 * 1024)),
        ] {
            let response = api.call(method.clone(), &uri).raw_body(body).send().await;
            assert_eq!(
                response.status, 413,
                "{what} on {} {uri}: {}",
                route.method, response.body
            );
            assert_eq!(response.body["error"]["code"], "PAYLOAD_TOO_LARGE");
        }
    }
    // Nothing was deleted or changed by the refused requests.
    let kept = api
        .call(Method::GET, &format!("{DEALS}/{deal}"))
        .send()
        .await;
    assert_eq!(kept.status, 200, "{}", kept.body);
    assert_eq!(kept.body["data"]["version"], 1);
    // At exactly 64 KiB the usual answers come back.
    for uri in [format!("{DEALS}/{deal}"), format!("/api-v1-deals/{deal}")] {
        let patch = api
            .call(Method::PATCH, &uri)
            .raw_body(blanks(LIMIT))
            .send()
            .await;
        assert_eq!(patch.status, 400, "{uri}: {}", patch.body);
        assert_eq!(patch.body["error"]["message"], "No fields to update");
    }
    let read = api
        .call(Method::GET, &format!("{DEALS}/{deal}"))
        .raw_body(blanks(LIMIT))
        .send()
        .await;
    assert_eq!(read.status, 200, "{}", read.body);
}

#[tokio::test]
async fn a_blank_patch_over_64_kib_is_413_over_http() {
    let api = TestApi::new().await;
    let deal = id_of(&api.create(json!({"name": "target"})).await);
    let (address, server) = api.local_server().await;
    let token = api.token(ALL_SCOPES);
    // The last takes the `$default` row: the limit comes first there too.
    for path in [
        format!("{DEALS}/{deal}"),
        format!("/api-v1-deals/{deal}"),
        format!("{DEALS}/{deal}/nothing"),
    ] {
        let mut request = format!(
            "PATCH {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            LIMIT + 1
        )
        .into_bytes();
        request.extend(std::iter::repeat_n(b' ', LIMIT + 1));
        let answer = answer(address, &request).await;
        assert_eq!(answer.status, 413, "{path}: {answer:?}");
        assert_eq!(answer.body["error"]["code"], "PAYLOAD_TOO_LARGE");
        assert!(answer.request_id.is_some(), "{answer:?}");
    }
    server.abort();
}
