//! Defects a hostile client found, each pinned by the test that failed before its fix: keys and
//! counters that leaked or broke, and destructive operations racing the writes that could
//! leave something dangling. The invariants are asserted on the data afterwards, not only on
//! the status codes.

use http::Method;
use integration_tests::{id_of, TestApi, TestResponse, ALL_SCOPES};
use local::token::TokenRequest;
use serde_json::{json, Value};

/// Runs the requests at the same time, on the test's worker threads.
async fn all<F>(requests: impl IntoIterator<Item = F>) -> Vec<TestResponse>
where
    F: std::future::Future<Output = TestResponse> + Send + 'static,
{
    let tasks: Vec<_> = requests.into_iter().map(tokio::spawn).collect();
    let mut responses = Vec::new();
    for task in tasks {
        responses.push(task.await.expect("request task"));
    }
    responses
}

fn app_token(api: &TestApi, app: &str) -> String {
    api.token_for(TokenRequest {
        app_id: Some(app.into()),
        ..TokenRequest::new(&api.tenant, ALL_SCOPES)
    })
}

#[tokio::test]
async fn idempotency_keys_belong_to_their_application_and_view() {
    let api = TestApi::new().await;
    let body = json!({"name": "Once", "custom_fields": {"secret": "of app A"}});
    let send = |path: &str, token: &str, body: &Value| {
        api.anonymous(Method::POST, path)
            .token(token)
            .header("idempotency-key", "order-1")
            .json(body)
            .send()
    };
    let (a, b) = (app_token(&api, "app-a"), app_token(&api, "app-b"));
    let first = send("/api/v1/crm/deals", &a, &body).await;
    assert_eq!(first.status, 201, "{}", first.body);
    let again = send("/api/v1/crm/deals", &a, &body).await;
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body, first.body);

    let other_app = send("/api/v1/crm/deals", &b, &body).await;
    assert_eq!(other_app.status, 201, "{}", other_app.body);
    assert_eq!(other_app.header("idempotent-replayed"), None);
    assert_ne!(other_app.body["data"]["id"], first.body["data"]["id"]);
    assert_eq!(other_app.body["data"]["app_id"], "app-b");

    let no_app = send("/api/v1/crm/deals", &api.token(ALL_SCOPES), &body).await;
    assert_eq!(no_app.status, 201);
    assert_eq!(no_app.header("idempotent-replayed"), None);
    assert_eq!(no_app.body["data"]["app_id"], Value::Null);

    let documented = json!({"title": "Once", "metadata": {"secret": "of app A"}});
    let other_view = send("/api-v1-deals", &a, &documented).await;
    assert_eq!(other_view.status, 201, "{}", other_view.body);
    assert_eq!(other_view.header("idempotent-replayed"), None);
    assert_ne!(other_view.body["data"]["id"], first.body["data"]["id"]);
    assert!(other_view.body["data"].get("app_id").is_none());

    let listed = api.call(Method::GET, "/api/v1/crm/deals").send().await;
    assert_eq!(
        listed.body["pagination"]["total"], 4,
        "four callers, four deals"
    );
}

/// The year the server numbers new deals in, and the sequence it gave.
async fn numbered(api: &TestApi, body: Value) -> (String, u64) {
    let deal = api.create(body).await;
    let number = deal["deal_number"]
        .as_str()
        .expect("a deal number")
        .to_owned();
    let (prefix, sequence) = number.rsplit_once('-').expect("DEAL-yyyy-nnnnn");
    (prefix.to_owned(), sequence.parse().expect("digits"))
}

#[tokio::test]
async fn server_numbers_skip_numbers_clients_took() {
    let api = TestApi::new().await;
    let (prefix, first) = numbered(&api, json!({"name": "first"})).await;
    assert_eq!(first, 1);
    for taken in [2, 3, 4, 5, 6, 8, 100_000] {
        let number = format!("{prefix}-{taken:05}");
        let deal = api
            .create(json!({"name": "chosen", "deal_number": number}))
            .await;
        assert_eq!(deal["deal_number"], number);
    }
    let mut given = Vec::new();
    for _ in 0..3 {
        given.push(numbered(&api, json!({"name": "next"})).await.1);
    }
    assert_eq!(
        given,
        [7, 9, 10],
        "taken numbers are passed over, gaps are used"
    );

    let another_spelling = api
        .call(Method::POST, "/api/v1/crm/deals")
        .json(&json!({"name": "x", "deal_number": format!("{prefix}-000011")}))
        .send()
        .await;
    assert_eq!(another_spelling.status, 400, "one spelling per number");
    assert_eq!(another_spelling.error().2, ["deal_number"]);
}

#[tokio::test]
async fn server_numbers_skip_a_long_run_of_taken_numbers() {
    let api = TestApi::new().await;
    let (prefix, _) = numbered(&api, json!({"name": "first"})).await;
    let chosen = (2..=130).map(|n| {
        let api_call = api
            .call(Method::POST, "/api/v1/crm/deals")
            .json(&json!({"name": "chosen", "deal_number": format!("{prefix}-{n:05}")}));
        api_call.send()
    });
    for response in all(chosen).await {
        assert_eq!(response.status, 201, "{}", response.body);
    }
    let next = all((0..5).map(|_| {
        api.call(Method::POST, "/api/v1/crm/deals")
            .json(&json!({"name": "next"}))
            .send()
    }))
    .await;
    let mut numbers: Vec<String> = next
        .iter()
        .map(|response| {
            assert_eq!(response.status, 201, "{}", response.body);
            response.body["data"]["deal_number"]
                .as_str()
                .expect("number")
                .to_owned()
        })
        .collect();
    numbers.sort();
    let expected: Vec<String> = (131..=135).map(|n| format!("{prefix}-{n:05}")).collect();
    assert_eq!(numbers, expected);
    let _ = id_of;
}
