//! Nothing lost, nothing doubled: idempotent creates and real concurrent writes.

use std::collections::HashSet;

use http::Method;
use integration_tests::{all, id_of, TestApi, TestResponse};
use serde_json::json;

#[tokio::test]
async fn an_idempotency_key_answers_the_first_response_again() {
    let api = TestApi::new().await;
    let body = json!({"name": "Once", "value": 10});
    let send = |body: serde_json::Value, key: &str| {
        api.call(Method::POST, "/api/v1/crm/deals")
            .header("idempotency-key", key)
            .json(&body)
            .send()
    };
    let first = send(body.clone(), "order-42").await;
    assert_eq!(first.status, 201, "{}", first.body);
    let again = send(body.clone(), "order-42").await;
    assert_eq!(again.status, 201);
    assert_eq!(again.body, first.body, "the same response");
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.header("location"), first.header("location"));

    let other_body = send(json!({"name": "Twice", "value": 10}), "order-42").await;
    assert_eq!(other_body.status, 409);
    assert_eq!(other_body.error().2, ["Idempotency-Key"]);
    let other_key = send(body.clone(), "order-43").await;
    assert_eq!(other_key.status, 201);
    assert_ne!(other_key.body["data"]["id"], first.body["data"]["id"]);

    let elsewhere = api.other_tenant();
    let theirs = elsewhere
        .call(Method::POST, "/api/v1/crm/deals")
        .header("idempotency-key", "order-42")
        .json(&body)
        .send()
        .await;
    assert_eq!(theirs.status, 201, "keys are per tenant");
    assert_ne!(theirs.body["data"]["id"], first.body["data"]["id"]);

    let bad = send(body, &"k".repeat(300)).await;
    assert_eq!(bad.status, 400);
    let list = api.call(Method::GET, "/api/v1/crm/deals").send().await;
    assert_eq!(list.body["pagination"]["total"], 2, "two keys, two deals");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_requests_with_one_key_create_one_deal() {
    let api = TestApi::new().await;
    let responses = all((0..10).map(|_| {
        api.call(Method::POST, "/api/v1/crm/deals")
            .header("idempotency-key", "same")
            .json(&json!({"name": "Raced", "value": 1}))
            .send()
    }))
    .await;
    let ids: HashSet<String> = responses
        .iter()
        .map(|response| {
            assert_eq!(response.status, 201, "{}", response.body);
            id_of(&response.body["data"])
        })
        .collect();
    assert_eq!(ids.len(), 1, "every answer names the one deal");
    let list = api.call(Method::GET, "/api/v1/crm/deals").send().await;
    assert_eq!(list.body["data"].as_array().map(Vec::len), Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_patches_on_one_version_let_exactly_one_through() {
    let api = TestApi::new().await;
    let deal = api.create(json!({"name": "Contended"})).await;
    let path = format!("/api/v1/crm/deals/{}", id_of(&deal));
    let responses = all((0..50).map(|n| {
        api.call(Method::PATCH, &path)
            .header("if-match", "\"1\"")
            .json(&json!({"value": n, "deal_type": format!("writer {n}")}))
            .send()
    }))
    .await;
    let winners: Vec<&TestResponse> = responses.iter().filter(|r| r.status == 200).collect();
    assert_eq!(winners.len(), 1, "exactly one PATCH wins");
    assert!(
        responses.iter().all(|r| r.status == 200 || r.status == 409),
        "the rest are 409"
    );
    let winner = &winners[0].body["data"];
    let final_deal = api.call(Method::GET, &path).send().await;
    assert_eq!(final_deal.body["data"]["version"], 2);
    assert_eq!(final_deal.body["data"]["value"], winner["value"]);
    assert_eq!(final_deal.body["data"]["deal_type"], winner["deal_type"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_parallel_creates_get_fifty_deal_numbers() {
    let api = TestApi::new().await;
    let responses = all((0..50).map(|n| {
        api.call(Method::POST, "/api/v1/crm/deals")
            .json(&json!({"name": format!("p{n}")}))
            .send()
    }))
    .await;
    let numbers: HashSet<String> = responses
        .iter()
        .map(|response| {
            assert_eq!(response.status, 201, "{}", response.body);
            response.body["data"]["deal_number"]
                .as_str()
                .expect("number")
                .to_owned()
        })
        .collect();
    assert_eq!(numbers.len(), 50);
    let list = api
        .call(Method::GET, "/api/v1/crm/deals?limit=100")
        .send()
        .await;
    assert_eq!(list.body["pagination"]["total"], 50);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_stage_moves_are_each_audited_once_in_order() {
    let api = TestApi::new().await;
    let stages: Vec<serde_json::Value> =
        (0..12).map(|n| json!({"name": format!("S{n}")})).collect();
    let pipeline = api
        .create_in("pipelines", json!({"name": "Many", "stages": stages}))
        .await;
    let ids: Vec<String> = (0..12).map(|i| id_of(&pipeline["stages"][i])).collect();
    let deal = api.create(json!({"name": "Mover", "stage": ids[0]})).await;
    let path = format!("/api/v1/crm/deals/{}/stage", id_of(&deal));
    let responses = all(ids[1..].iter().map(|stage| {
        api.call(Method::PATCH, &path)
            .json(&json!({"stage": stage}))
            .send()
    }))
    .await;
    let accepted = responses.iter().filter(|r| r.status == 200).count();
    assert!(
        responses.iter().all(|r| r.status == 200 || r.status == 409),
        "lost races are 409, never lost writes"
    );
    assert!(accepted >= 1);
    let final_deal = api
        .call(Method::GET, &path.replace("/stage", ""))
        .send()
        .await;
    let log = final_deal.body["data"]["audit_log"]
        .as_array()
        .expect("audit log")
        .clone();
    assert_eq!(log.len(), accepted, "one audit entry per accepted move");
    assert_eq!(final_deal.body["data"]["version"], 1 + accepted as u64);
    let mut current = ids[0].clone();
    for entry in &log {
        assert_eq!(entry["from"], current.as_str(), "entries chain in order");
        current = entry["to"].as_str().expect("to").to_owned();
    }
    assert_eq!(final_deal.body["data"]["stage"], current.as_str());
}
