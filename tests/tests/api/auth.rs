use http::Method;
use integration_tests::jwt::{claims, hs256, now, secret, without};
use integration_tests::TestApi;
use serde_json::{json, Value};

#[tokio::test]
async fn requests_without_a_valid_token_are_401() {
    let api = TestApi::new().await;
    let none = api.anonymous(Method::GET, "/api/v1/crm/deals").send().await;
    assert_eq!(none.status, 401);
    assert_eq!(
        none.error(),
        ("UNAUTHORIZED".into(), "Missing bearer token".into(), vec![])
    );
    assert_eq!(none.header("www-authenticate"), Some("Bearer"));

    let garbage = api
        .anonymous(Method::POST, "/api/v1/crm/deals")
        .token("abc.def.ghi")
        .json(&json!({"name": "x"}))
        .send()
        .await;
    assert_eq!(garbage.status, 401);

    // Valid claims of this tenant with only read:deals, with `changes` merged in.
    let reader = |changes: Value| {
        let mut claims = claims(&api, changes);
        claims["scope"] = json!("read:deals");
        claims
    };
    let secret = secret(&api);
    assert_eq!(
        api.anonymous(Method::GET, "/api/v1/crm/deals")
            .token(&hs256(&reader(json!({})), &secret))
            .send()
            .await
            .status,
        200
    );
    for (what, token) in [
        (
            "expired",
            hs256(&reader(json!({"exp": now() - 600})), &secret),
        ),
        (
            "foreign secret",
            hs256(&reader(json!({})), b"someone else's secret"),
        ),
        (
            "wrong issuer",
            hs256(&reader(json!({"iss": "elsewhere"})), &secret),
        ),
        (
            "wrong audience",
            hs256(&reader(json!({"aud": "other-api"})), &secret),
        ),
        (
            "no tenant",
            hs256(&without(reader(json!({})), "tenant_id"), &secret),
        ),
    ] {
        let response = api
            .anonymous(Method::GET, "/api/v1/crm/deals")
            .token(&token)
            .send()
            .await;
        assert_eq!(response.status, 401, "{what}");
        assert_eq!(response.error().0, "UNAUTHORIZED", "{what}");
    }
    let basic = api
        .anonymous(Method::GET, "/api/v1/crm/deals")
        .header("authorization", "Basic dXNlcjpwYXNz")
        .send()
        .await;
    assert_eq!(basic.status, 401);
}

#[tokio::test]
async fn tokens_without_the_scope_are_403() {
    let api = TestApi::new().await;
    let deal = api.create(json!({"name": "Q1"})).await;
    let path = format!("/api/v1/crm/deals/{}", deal["id"].as_str().expect("id"));
    let reader = api.token("read:deals");
    let writer = api.token("write:deals");

    assert_eq!(
        api.anonymous(Method::GET, &path)
            .token(&reader)
            .send()
            .await
            .status,
        200
    );
    assert_eq!(
        api.anonymous(Method::GET, "/api/v1/crm/deals")
            .token(&reader)
            .send()
            .await
            .status,
        200
    );
    for (method, uri) in [
        (Method::POST, "/api/v1/crm/deals".to_owned()),
        (Method::PATCH, path.clone()),
        (Method::PATCH, format!("{path}/stage")),
        (Method::DELETE, path.clone()),
    ] {
        let response = api
            .anonymous(method, &uri)
            .token(&reader)
            .json(&json!({"name": "x", "stage": "lead"}))
            .send()
            .await;
        assert_eq!(response.status, 403, "{uri}");
        assert_eq!(response.error().0, "FORBIDDEN");
    }
    let response = api
        .anonymous(Method::GET, &path)
        .token(&writer)
        .send()
        .await;
    assert_eq!(response.status, 403);
    let unchanged = api.call(Method::GET, &path).send().await;
    assert_eq!(unchanged.body["data"]["version"], 1);
}
