//! Token verification: every token that is not a valid JWT of an accepted algorithm, signed by
//! a trusted key, with exactly the claims required, is 401 with `WWW-Authenticate: Bearer` in
//! the envelope of the view asked; a valid token without the scope is 403. Nothing is written.

use http::Method;
use integration_tests::jwt::{
    base64url, claims, hand_built, hs256, now, rs256, rsa_api, secret, without, SUBJECT,
    TRUSTED_PRIVATE_KEY, TRUSTED_PUBLIC_KEY, UNTRUSTED_PRIVATE_KEY,
};
use integration_tests::{data_ids, id_of, test_config, TestApi, DEALS};
use serde_json::{json, Value};

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
        let response = api
            .anonymous(method.clone(), uri)
            .header("authorization", authorization)
            .json_opt(body.as_ref())
            .send()
            .await;
        response.expect_error(401, "UNAUTHORIZED", what, uri);
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
        let list = api.get(uri).await;
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
            let response = api
                .anonymous(method.clone(), uri)
                .header("authorization", &authorization)
                .json_opt(body.as_ref())
                .send()
                .await;
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
    assert_nothing_written(&api).await;
}

/// Split from `wrongly_signed_tokens_are_401`.
#[tokio::test]
async fn rs256_without_a_configured_public_key_is_401() {
    // A context without the public key does not accept RS256 at all.
    let hs_only = TestApi::new().await;
    let rs = rs256(&claims(&hs_only, json!({})), TRUSTED_PRIVATE_KEY);
    assert_unauthorized(
        &hs_only,
        "RS256 without a configured public key",
        &format!("Bearer {rs}"),
    )
    .await;
    assert_nothing_written(&hs_only).await;
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
        response.expect_error(403, "FORBIDDEN", &format!("{method}"), &uri);
    }
    let unchanged = api.get(&deal_path).await;
    assert_eq!(unchanged.status, 200);
    assert_eq!(unchanged.body["data"]["version"], 1);
    assert_eq!(unchanged.body["data"]["name"], "guarded");
    assert_eq!(data_ids(&api.get(DEALS).await.body), [id]);
    assert_eq!(
        api.get("/api/v1/crm/pipelines").await.body["data"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(
        data_ids(&api.get("/api/v1/crm/accounts").await.body),
        [account]
    );
    assert_eq!(
        api.get("/api/v1/crm/contacts").await.body["data"],
        json!([])
    );
}

/// Split from `a_long_token_subject_cannot_push_a_full_deal_into_a_5xx`, in security_limits.rs.
#[tokio::test]
async fn a_token_subject_over_128_characters_is_401() {
    // `sub` is copied into created_by, updated_by and every audit entry's `by`.
    let api = TestApi::new().await;
    let too_long = hs256(
        &claims(&api, json!({"sub": format!("usr-{}", "s".repeat(5_400))})),
        &secret(&api),
    );
    let refused = api.call(Method::GET, DEALS).token(&too_long).send().await;
    assert_eq!(refused.status, 401, "{}", refused.body);
}
