//! `POST /deals/batch/{create,update,delete,read}`: every item answered exactly as its single
//! request would be, the batch's own limits, idempotent batch creates, applications kept
//! apart, and the aggregates, numbers and reference counts exact however the batch was stored.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use http::Method;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use integration_tests::{all, id_of, test_config, TestApi, TestResponse, ALL_SCOPES};
use serde_json::{json, Value};
use shared::store::CONFLICT_ATTEMPTS;

const BATCH: &str = "/api/v1/crm/deals/batch";
const DEALS: &str = "/api/v1/crm/deals";

async fn batch(api: &TestApi, operation: &str, body: &Value) -> TestResponse {
    api.call(Method::POST, &format!("{BATCH}/{operation}"))
        .json(body)
        .send()
        .await
}

fn results(response: &TestResponse) -> Vec<Value> {
    let results = response.body["data"]["results"]
        .as_array()
        .unwrap_or_else(|| panic!("no results: {}", response.body))
        .clone();
    for (index, entry) in results.iter().enumerate() {
        assert_eq!(entry["index"], index, "in input order: {entry}");
    }
    results
}

fn statuses(response: &TestResponse) -> Vec<u64> {
    results(response)
        .iter()
        .map(|entry| entry["status"].as_u64().expect("a status"))
        .collect()
}

/// An error object without its request id, which differs from request to request.
fn without_request_id(error: &Value) -> Value {
    let mut error = error.clone();
    let removed = error.as_object_mut().and_then(|e| e.remove("request_id"));
    assert!(
        removed.is_some(),
        "an error object with a request id: {error}"
    );
    error
}

/// The item's error is the single request's, but for the request id.
fn assert_same_error(entry: &Value, single: &TestResponse) {
    assert_eq!(entry["status"], single.status, "{entry} vs {}", single.body);
    assert_eq!(
        without_request_id(&entry["error"]),
        without_request_id(&single.body["error"])
    );
}

async fn list_total(api: &TestApi) -> u64 {
    let listed = api.get(DEALS).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    listed.body["pagination"]["total"]
        .as_u64()
        .expect("a total")
}

#[tokio::test]
async fn each_created_deal_is_answered_as_its_single_create() {
    let api = TestApi::new().await;
    let account = api.account("Acme").await;
    let missing = "acc-00000000-0000-4000-8000-000000000000";
    let inputs = vec![
        json!({"name": "Plain", "value": 100}),
        json!({"value": 5}),
        json!({"name": "With account", "account_id": account, "stage": "qualified"}),
        json!({"name": "Dangling", "account_id": missing}),
        json!({"name": "Lost", "stage": "closed_lost"}),
        json!("not an object"),
        json!({"name": "Unknown stage", "stage": "nowhere"}),
    ];
    let response = batch(&api, "create", &json!({ "inputs": inputs })).await;
    assert_eq!(response.status, 207, "{}", response.body);
    assert_eq!(statuses(&response), [201, 400, 201, 400, 400, 400, 400]);
    let results = results(&response);
    for (entry, input) in results.iter().zip(&inputs) {
        if entry["status"] == 201 {
            let id = id_of(&entry["data"]);
            let fetched = api.get(&format!("{DEALS}/{id}")).await;
            assert_eq!(fetched.status, 200);
            assert_eq!(entry["data"], fetched.body["data"], "as GET answers it");
            assert!(entry.get("error").is_none());
        } else {
            let single = api.call(Method::POST, DEALS).json(input).send().await;
            assert_same_error(entry, &single);
            assert!(entry.get("data").is_none());
        }
    }
    assert_eq!(results[0]["data"]["value"], 100);
    assert_eq!(results[2]["data"]["included"]["account"]["id"], account);
    assert_eq!(results[2]["data"]["included"]["stage"]["id"], "qualified");
    let (first, second) = (
        results[0]["data"]["deal_number"]
            .as_str()
            .expect("a number"),
        results[2]["data"]["deal_number"]
            .as_str()
            .expect("a number"),
    );
    assert_ne!(first, second);
    assert_eq!(list_total(&api).await, 2, "only the two created");

    let all_good = batch(&api, "create", &json!({"inputs": [{"name": "One"}]})).await;
    assert_eq!(all_good.status, 200, "{}", all_good.body);
    assert_eq!(statuses(&all_good), [201]);
}

#[tokio::test]
async fn a_batch_holds_one_to_a_hundred_items_and_nothing_else() {
    let api = TestApi::new().await;
    let many: Vec<Value> = (0..101).map(|n| json!({"name": format!("D{n}")})).collect();
    let ids: Vec<Value> = (0..101).map(|n| json!(format!("deal_{n}"))).collect();
    for (operation, list, too_many) in [
        ("create", "inputs", &many),
        ("update", "inputs", &many),
        ("delete", "ids", &ids),
        ("read", "ids", &ids),
    ] {
        let uri = format!("{BATCH}/{operation}");
        for body in [
            json!({ list: [] }),
            json!({ list: too_many }),
            json!({ list: {"name": "x"} }),
            json!({}),
        ] {
            api.assert_field_refused(Method::POST, &uri, &body, list)
                .await;
        }
        api.assert_field_refused(
            Method::POST,
            &uri,
            &json!({list: ["x"], "extra": 1}),
            "extra",
        )
        .await;
        let not_an_object = api
            .call(Method::POST, &uri)
            .json(&json!([1, 2]))
            .send()
            .await;
        assert_eq!(not_an_object.error().0, "INVALID_REQUEST", "{uri}");
        let query = api
            .call(Method::POST, &format!("{uri}?limit=5"))
            .json(&json!({ list: ["x"] }))
            .send()
            .await;
        assert_eq!(query.error().2, ["limit"], "{uri}");
    }
    let hundred: Vec<Value> = (0..100).map(|n| json!({"name": format!("D{n}")})).collect();
    let created = batch(&api, "create", &json!({ "inputs": hundred })).await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert_eq!(statuses(&created), vec![201; 100]);
    let read = batch(&api, "read", &json!({"ids": ["deal_1", 7]})).await;
    assert_eq!(read.error().2, ["ids[1]"]);
    assert_eq!(list_total(&api).await, 100);
}

#[tokio::test]
async fn the_batch_routes_need_the_scopes_of_their_single_requests() {
    let api = TestApi::new().await;
    for (operation, scope, body) in [
        ("create", "write:deals", json!({"inputs": [{"name": "x"}]})),
        (
            "update",
            "write:deals",
            json!({"inputs": [{"id": "x", "name": "y"}]}),
        ),
        ("delete", "write:deals", json!({"ids": ["x"]})),
        ("read", "read:deals", json!({"ids": ["x"]})),
    ] {
        let uri = format!("{BATCH}/{operation}");
        let other = if scope == "read:deals" {
            "write:deals"
        } else {
            "read:deals"
        };
        let without = api
            .call(Method::POST, &uri)
            .token(&api.token(other))
            .json(&body)
            .send()
            .await;
        assert_eq!(without.status, 403, "{uri}: {}", without.body);
        let with = api
            .call(Method::POST, &uri)
            .token(&api.token(scope))
            .json(&body)
            .send()
            .await;
        assert!([200, 207].contains(&with.status), "{uri}: {}", with.body);
    }
}

#[tokio::test]
async fn an_idempotency_key_answers_the_first_batch_again() {
    let api = TestApi::new().await;
    let body = json!({"inputs": [{"name": "Once", "value": 10}, {"value": 1}, {"name": "Twice"}]});
    let send = |body: &Value, key: &str| {
        api.call(Method::POST, &format!("{BATCH}/create"))
            .header("idempotency-key", key)
            .json(body)
            .send()
    };
    let first = send(&body, "import-7").await;
    assert_eq!(first.status, 207, "{}", first.body);
    assert_eq!(first.header("idempotent-replayed"), None);
    let again = send(&body, "import-7").await;
    assert_eq!(again.status, 207);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body, first.body, "the first response again");
    assert_eq!(list_total(&api).await, 2, "nothing created twice");

    let other_body = send(&json!({"inputs": [{"name": "Else"}]}), "import-7").await;
    assert_eq!(other_body.status, 409, "{}", other_body.body);
    assert_eq!(other_body.error().2, ["Idempotency-Key"]);
    // A single create is another request, even with the key.
    let single = api
        .call(Method::POST, DEALS)
        .header("idempotency-key", "import-7")
        .json(&json!({"name": "Once", "value": 10}))
        .send()
        .await;
    assert_eq!(single.status, 409, "{}", single.body);
    let bad = send(&body, "two words").await;
    assert_eq!(bad.error().2, ["Idempotency-Key"]);
    assert_eq!(list_total(&api).await, 2);
}

#[tokio::test]
async fn a_batch_answer_too_large_to_keep_is_replayed_from_its_deals() {
    let api = TestApi::new().await;
    let long = "n".repeat(250);
    let mut contacts = Vec::new();
    for n in 0..40 {
        contacts.push(api.contact(&format!("{n:02}{long}")).await);
    }
    let inputs: Vec<Value> = (0..30)
        .map(|n| json!({"name": format!("Crowded {n}"), "contact_ids": contacts}))
        .collect();
    let body = json!({ "inputs": inputs });
    assert!(body.to_string().len() < 64 * 1024);
    let send = || {
        api.call(Method::POST, &format!("{BATCH}/create"))
            .header("idempotency-key", "big")
            .json(&body)
            .send()
    };
    let first = send().await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert!(
        first.body.to_string().len() > shared::store::MAX_KEPT_RESPONSE,
        "too large to keep whole"
    );
    let again = send().await;
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.status, 200);
    assert_eq!(again.body, first.body, "the same deals, rendered again");
    assert_eq!(list_total(&api).await, 30);

    // Two transactions (30 deals and 40 records do not fit in one), each counting its deals on
    // every contact with one update: every contact is counted once per deal.
    let refused = api
        .call(
            Method::DELETE,
            &format!("/api/v1/crm/contacts/{}", contacts[0]),
        )
        .send()
        .await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused.error().1.contains("30 live deals"),
        "{}",
        refused.body
    );
}

#[tokio::test]
async fn applications_see_only_their_own_deals_in_batches() {
    let api = TestApi::new().await;
    let (a, b) = (
        api.app_token("app-a", ALL_SCOPES),
        api.app_token("app-b", ALL_SCOPES),
    );
    let send = |operation: &str, token: &str, body: Value| {
        api.anonymous(Method::POST, &format!("{BATCH}/{operation}"))
            .token(token)
            .json(&body)
            .send()
    };
    let created = send(
        "create",
        &a,
        json!({"inputs": [{"name": "A1"}, {"name": "A2"}]}),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let ids: Vec<String> = results(&created)
        .iter()
        .map(|entry| {
            assert_eq!(entry["data"]["app_id"], "app-a");
            id_of(&entry["data"])
        })
        .collect();
    let theirs = send("create", &b, json!({"inputs": [{"name": "B1"}]})).await;
    let their_id = id_of(&results(&theirs)[0]["data"]);

    let read = send("read", &b, json!({"ids": [ids[0], ids[1], their_id]})).await;
    assert_eq!(read.status, 207);
    assert_eq!(statuses(&read), [404, 404, 200]);
    let single = api
        .anonymous(Method::GET, &format!("{DEALS}/{}", ids[0]))
        .token(&b)
        .send()
        .await;
    assert_same_error(&results(&read)[0], &single);
    let updated = send(
        "update",
        &b,
        json!({"inputs": [{"id": ids[0], "name": "Taken"}]}),
    )
    .await;
    assert_eq!(statuses(&updated), [404]);
    let deleted = send("delete", &b, json!({"ids": [ids[1]]})).await;
    assert_eq!(statuses(&deleted), [404]);

    let own = send("read", &a, json!({"ids": ids})).await;
    assert_eq!(own.status, 200, "{}", own.body);
    let names: Vec<Value> = results(&own)
        .iter()
        .map(|entry| entry["data"]["name"].clone())
        .collect();
    assert_eq!(names, [json!("A1"), json!("A2")], "untouched by app-b");
    let person = batch(&api, "read", &json!({"ids": [ids[0], their_id]})).await;
    assert_eq!(
        statuses(&person),
        [200, 200],
        "a person sees every application's deals"
    );
}

#[tokio::test]
async fn the_aggregates_stay_exact_through_batches() {
    let api = TestApi::new().await;
    let owner = api.user("Owner").await;
    let inputs: Vec<Value> = (0..60)
        .map(|n| {
            let stage = if n % 3 == 0 { "qualified" } else { "lead" };
            let mut deal = json!({"name": format!("D{n}"), "stage": stage, "value": n * 10});
            if n % 2 == 0 {
                deal["owner_id"] = json!(owner);
            }
            deal
        })
        .collect();
    let created = batch(&api, "create", &json!({ "inputs": inputs })).await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert_eq!(list_total(&api).await, 60);
    let store = &api.ctx.store;
    let totals = store
        .stage_totals(
            &api.tenant,
            &[("lead", None), ("qualified", None)],
            None,
            time::OffsetDateTime::now_utc().date(),
        )
        .await
        .expect("totals");
    let lead_value: u64 = (0..60).filter(|n| n % 3 != 0).map(|n| n * 10).sum();
    assert_eq!(totals["lead"].count, 40);
    assert_eq!(totals["qualified"].count, 20);
    assert_eq!(
        totals["lead"].value["EUR"].to_string(),
        lead_value.to_string()
    );
    let owned = store
        .stage_totals(
            &api.tenant,
            &[("lead", None), ("qualified", None)],
            Some(&owner),
            time::OffsetDateTime::now_utc().date(),
        )
        .await
        .expect("owner's totals");
    assert_eq!(owned["lead"].count + owned["qualified"].count, 30);
    let by_stage = api.get(&format!("{DEALS}?stage=qualified")).await;
    assert_eq!(by_stage.body["pagination"]["total"], 20);

    let ids: Vec<String> = results(&created)
        .iter()
        .map(|e| id_of(&e["data"]))
        .collect();
    let moves: Vec<Value> = ids[..20]
        .iter()
        .map(|id| json!({"id": id, "stage": "proposal", "value": 1}))
        .collect();
    let moved = batch(&api, "update", &json!({ "inputs": moves })).await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let deleted = batch(&api, "delete", &json!({"ids": ids[20..30]})).await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(list_total(&api).await, 50);
    let totals = store
        .stage_totals(
            &api.tenant,
            &[("lead", None), ("qualified", None), ("proposal", None)],
            None,
            time::OffsetDateTime::now_utc().date(),
        )
        .await
        .expect("totals");
    assert_eq!(totals["proposal"].count, 20);
    assert_eq!(totals["proposal"].value["EUR"].to_string(), "20");
    assert_eq!(totals["lead"].count + totals["qualified"].count, 30);
    let reconciled = store.reconcile(&api.tenant).await.expect("reconciled");
    assert_eq!(reconciled.deals_read, 50);
    assert!(
        reconciled.repaired.is_empty(),
        "nothing to repair: {:?}",
        reconciled.repaired
    );
}

#[tokio::test]
async fn a_taken_number_fails_only_its_item() {
    let api = TestApi::new().await;
    let earlier = api.create(json!({"name": "Earlier"})).await;
    let number = earlier["deal_number"]
        .as_str()
        .expect("a number")
        .to_owned();
    let (prefix, sequence) = number.rsplit_once('-').expect("DEAL-yyyy-n");
    let next = |ahead: u64| {
        let sequence: u64 = sequence.parse().expect("a sequence");
        format!("{prefix}-{:05}", sequence + ahead)
    };
    // A number the counter is about to hand out is taken already: the batch's transaction
    // fails on it, and its deals are stored one by one.
    api.create(json!({"name": "Chosen", "deal_number": next(2)}))
        .await;
    let inputs = json!([
        {"name": "A"},
        {"name": "B"},
        {"name": "Taken", "deal_number": next(2)},
        {"name": "Free", "deal_number": next(50)},
        {"name": "Twice", "deal_number": next(50)},
        {"name": "C"},
    ]);
    let response = batch(&api, "create", &json!({ "inputs": inputs })).await;
    assert_eq!(response.status, 207, "{}", response.body);
    assert_eq!(statuses(&response), [201, 201, 409, 201, 409, 201]);
    let results = results(&response);
    let single = api.call(Method::POST, DEALS).json(&inputs[2]).send().await;
    assert_same_error(&results[2], &single);
    assert_same_error(&results[4], &single);
    assert_eq!(results[3]["data"]["deal_number"], next(50));
    let mut numbers: Vec<String> = results
        .iter()
        .filter(|entry| entry["status"] == 201)
        .map(|entry| {
            entry["data"]["deal_number"]
                .as_str()
                .expect("a number")
                .to_owned()
        })
        .chain([number.clone(), next(2)])
        .collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 6, "every number once: {numbers:?}");
    assert_eq!(list_total(&api).await, 6);
    let reconciled = api
        .ctx
        .store
        .reconcile(&api.tenant)
        .await
        .expect("reconciled");
    assert!(reconciled.repaired.is_empty(), "{:?}", reconciled.repaired);
}

#[tokio::test]
async fn each_update_is_answered_as_its_single_patch() {
    let api = TestApi::new().await;
    let ids: Vec<String> = created_ids(&api, 3).await;
    let unknown = "deal_01J00000000000000000000000";
    let inputs = json!([
        {"id": ids[0], "if_match": 1, "value": 10},
        {"id": ids[1], "if_match": 5, "value": 20},
        {"id": ids[2], "value": 30, "stage": "qualified"},
        {"id": unknown, "name": "Nobody"},
        {"id": ids[0], "if_match": "\"2\"", "name": "Again"},
        {"id": ids[1]},
        {"name": "No id"},
        {"id": ids[1], "if_match": true, "name": "x"},
        {"id": ids[1], "stage": "closed_lost"},
    ]);
    let response = batch(&api, "update", &json!({ "inputs": inputs })).await;
    assert_eq!(response.status, 207, "{}", response.body);
    assert_eq!(
        statuses(&response),
        [200, 409, 200, 404, 200, 400, 400, 400, 400]
    );
    let results = results(&response);
    assert_eq!(results[0]["data"]["version"], 2);
    assert_eq!(
        results[4]["data"]["version"], 3,
        "after the first, in order"
    );
    assert_eq!(results[4]["data"]["value"], 10);
    let fetched = api.get(&format!("{DEALS}/{}", ids[0])).await;
    assert_eq!(results[4]["data"], fetched.body["data"]);
    assert_eq!(results[2]["data"]["included"]["stage"]["id"], "qualified");
    assert_eq!(results[6]["error"]["details"][0]["field"], "id");
    assert_eq!(results[7]["error"]["details"][0]["field"], "if_match");

    // Each error is what the single PATCH answers for the same input.
    for (index, if_match, body) in [
        (1, Some("\"5\""), json!({"value": 20})),
        (3, None, json!({"name": "Nobody"})),
        (5, None, json!({})),
        (8, None, json!({"stage": "closed_lost"})),
    ] {
        let id = inputs[index]["id"].as_str().expect("an id");
        let mut single = api
            .call(Method::PATCH, &format!("{DEALS}/{id}"))
            .json(&body);
        if let Some(if_match) = if_match {
            single = single.header("if-match", if_match);
        }
        assert_same_error(&results[index], &single.send().await);
    }
}

/// `count` new deals' ids, made by one batch.
async fn created_ids(api: &TestApi, count: usize) -> Vec<String> {
    let inputs: Vec<Value> = (0..count)
        .map(|n| json!({"name": format!("Deal {n}")}))
        .collect();
    let created = batch(api, "create", &json!({ "inputs": inputs })).await;
    assert_eq!(created.status, 200, "{}", created.body);
    results(&created)
        .iter()
        .map(|e| id_of(&e["data"]))
        .collect()
}

#[tokio::test]
async fn deletes_and_reads_are_answered_as_their_single_requests() {
    let api = TestApi::new().await;
    let account = api.account("Acme").await;
    let with_account = api
        .create(json!({"name": "Has account", "account_id": account}))
        .await;
    let mut ids = created_ids(&api, 2).await;
    ids.push(id_of(&with_account));
    let unknown = "deal_01J00000000000000000000000";

    let deleted = batch(&api, "delete", &json!({"ids": [ids[0], unknown, ids[0]]})).await;
    assert_eq!(deleted.status, 207, "{}", deleted.body);
    assert_eq!(statuses(&deleted), [200, 404, 404]);
    let results_of_delete = results(&deleted);
    assert_eq!(results_of_delete[0]["data"], json!({"deleted": true}));
    let single = api
        .call(Method::DELETE, &format!("{DEALS}/{unknown}"))
        .send()
        .await;
    assert_same_error(&results_of_delete[1], &single);
    assert_same_error(&results_of_delete[2], &single);

    let read = batch(
        &api,
        "read",
        &json!({"ids": [ids[0], ids[1], "nonsense", ids[2], ids[1]], "include": "account"}),
    )
    .await;
    assert_eq!(read.status, 207, "{}", read.body);
    assert_eq!(statuses(&read), [404, 200, 404, 200, 200]);
    let read_results = results(&read);
    for index in [1, 3, 4] {
        let id = read_results[index]["data"]["id"].as_str().expect("an id");
        let single = api.get(&format!("{DEALS}/{id}?include=account")).await;
        assert_eq!(read_results[index]["data"], single.body["data"]);
    }
    assert_eq!(
        read_results[3]["data"]["included"]["account"]["id"],
        account
    );
    for (index, id) in [(0, ids[0].as_str()), (2, "nonsense")] {
        let single = api.get(&format!("{DEALS}/{id}")).await;
        assert_same_error(&read_results[index], &single);
    }
    let everything = batch(&api, "read", &json!({"ids": [ids[2]]})).await;
    assert_eq!(everything.status, 200);
    let single = api.get(&format!("{DEALS}/{}", ids[2])).await;
    assert_eq!(results(&everything)[0]["data"], single.body["data"]);

    api.assert_field_refused(
        Method::POST,
        &format!("{BATCH}/read"),
        &json!({"ids": [ids[1]], "include": "organization"}),
        "include",
    )
    .await;
    api.assert_field_refused(
        Method::POST,
        &format!("{BATCH}/read"),
        &json!({"ids": [ids[1]], "include": ["account"]}),
        "include",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_batches_on_shared_aggregates_all_go_through() {
    let api = TestApi::new().await;
    let ids = created_ids(&api, 40).await;
    let batches = all(ids.chunks(10).map(|chunk| {
        let moves: Vec<Value> = chunk
            .iter()
            .map(|id| json!({"id": id, "stage": "negotiation", "value": 7}))
            .collect();
        api.call(Method::POST, &format!("{BATCH}/update"))
            .json(&json!({ "inputs": moves }))
            .send()
    }))
    .await;
    for response in &batches {
        assert_eq!(response.status, 200, "{}", response.body);
    }
    let totals = api
        .ctx
        .store
        .stage_totals(
            &api.tenant,
            &[("negotiation", None), ("lead", None)],
            None,
            time::OffsetDateTime::now_utc().date(),
        )
        .await
        .expect("totals");
    assert_eq!(totals["negotiation"].count, 40);
    assert_eq!(totals["negotiation"].value["EUR"].to_string(), "280");
    assert_eq!(totals["lead"].count, 0);
    let reconciled = api
        .ctx
        .store
        .reconcile(&api.tenant)
        .await
        .expect("reconciled");
    assert!(reconciled.repaired.is_empty(), "{:?}", reconciled.repaired);
}

#[tokio::test]
async fn a_batch_create_takes_a_few_calls() {
    let api = TestApi::in_process().await;
    api.create(json!({"name": "Stores the default pipeline"}))
        .await;
    let stats = &api.ctx.dynamodb;
    let calls = stats.calls();
    api.create(json!({"name": "Single", "value": 5})).await;
    let single_calls = stats.calls() - calls;

    let inputs: Vec<Value> = (0..50)
        .map(|n| json!({"name": format!("Batched {n}"), "value": 5}))
        .collect();
    let calls = stats.calls();
    let created = batch(&api, "create", &json!({ "inputs": inputs })).await;
    assert_eq!(created.status, 200, "{}", created.body);
    // The default pipeline (one Query), 50 numbers (one UpdateItem), two transactions.
    assert_eq!(
        stats.calls() - calls,
        4,
        "against {single_calls} for one single create"
    );
}

/// What DynamoDB answers a transaction that another one holding some of its items cancelled.
const CANCELLED_BY_CONFLICT: &str = r#"{"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException","message":"Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]","CancellationReasons":[{"Code":"None"},{"Code":"TransactionConflict","Message":"Transaction is ongoing for the item"}]}"#;

/// A front for the tests' DynamoDB Local that answers TransactWriteItems calls, while
/// `conflicts` is above zero (counting it down), as DynamoDB answers a transaction cancelled by
/// a conflicting one; everything else it passes on.
async fn conflicting_dynamodb(conflicts: Arc<AtomicUsize>) -> SocketAddr {
    let endpoint = test_config().dynamodb_endpoint.expect("DYNAMODB_ENDPOINT");
    let real: SocketAddr = endpoint
        .trim_start_matches("http://")
        .parse()
        .expect("DynamoDB Local's address");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(local::plain_http::serve(listener, move |request, _| {
        let conflicts = Arc::clone(&conflicts);
        async move {
            let (parts, body) = request.into_parts();
            let body = body.collect().await.expect("the request").to_bytes();
            let is_transaction = parts
                .headers
                .get("x-amz-target")
                .is_some_and(|target| target == "DynamoDB_20120810.TransactWriteItems");
            let conflicting = is_transaction
                && conflicts
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok();
            if conflicting {
                return http::Response::builder()
                    .status(400)
                    .header("content-type", "application/x-amz-json-1.0")
                    .body(Full::new(Bytes::from_static(
                        CANCELLED_BY_CONFLICT.as_bytes(),
                    )))
                    .expect("a response");
            }
            let mut forward = http::Request::builder().method(parts.method).uri(parts.uri);
            for (name, value) in &parts.headers {
                forward = forward.header(name, value);
            }
            let forward = forward.body(Full::new(body)).expect("a request");
            let answer = local::plain_http::send(real, forward, Duration::from_secs(30))
                .await
                .expect("DynamoDB Local answers");
            let (parts, body) = answer.into_parts();
            http::Response::from_parts(parts, Full::new(body))
        }
    }));
    address
}

#[tokio::test]
async fn a_transaction_cancelled_by_conflicts_is_sent_again_then_refused_as_unavailable() {
    let conflicts = Arc::new(AtomicUsize::new(0));
    let front = conflicting_dynamodb(Arc::clone(&conflicts)).await;
    let mut config = test_config();
    config.dynamodb_endpoint = Some(format!("http://{front}"));
    let api = TestApi::with_config(config).await;
    let deal = api.create(json!({"name": "Before"})).await;

    conflicts.store(2, Ordering::SeqCst);
    let created = api
        .call(Method::POST, DEALS)
        .json(&json!({"name": "After two conflicts"}))
        .send()
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(
        conflicts.load(Ordering::SeqCst),
        0,
        "both met, then through"
    );
    conflicts.store(1, Ordering::SeqCst);
    let moved = batch(
        &api,
        "update",
        &json!({"inputs": [{"id": id_of(&deal), "stage": "qualified"}]}),
    )
    .await;
    assert_eq!(statuses(&moved), [200], "{}", moved.body);

    conflicts.store(100, Ordering::SeqCst);
    let refused = api
        .call(Method::POST, DEALS)
        .json(&json!({"name": "Always in conflict"}))
        .send()
        .await;
    assert_eq!(refused.status, 503, "{}", refused.body);
    assert_eq!(refused.error().0, "SERVICE_UNAVAILABLE");
    let attempts = 100 - conflicts.swap(0, Ordering::SeqCst);
    assert_eq!(
        attempts, CONFLICT_ATTEMPTS as usize,
        "a bounded number of attempts"
    );

    // A batch whose transaction finds DynamoDB unavailable answers each of its deals so, at
    // once: none of them is tried again alone.
    conflicts.store(100, Ordering::SeqCst);
    let inputs = json!({"inputs": [{"name": "A"}, {"name": "B"}, {"name": "C"}]});
    let unavailable = batch(&api, "create", &inputs).await;
    assert_eq!(unavailable.status, 207, "{}", unavailable.body);
    assert_eq!(statuses(&unavailable), [503, 503, 503]);
    assert_eq!(
        results(&unavailable)[0]["error"]["code"],
        "SERVICE_UNAVAILABLE"
    );
    let attempts = 100 - conflicts.swap(0, Ordering::SeqCst);
    assert_eq!(
        attempts, CONFLICT_ATTEMPTS as usize,
        "one transaction's attempts, none alone"
    );
    assert_eq!(
        list_total(&api).await,
        2,
        "the refused creates wrote nothing"
    );
}

#[tokio::test]
async fn the_document_describes_the_batch_bodies_and_answers() {
    let doc: Value =
        serde_json::from_str(shared::handlers::service::OPENAPI_JSON).expect("openapi.json");
    let schema = |name: &str| doc["components"]["schemas"][name].clone();
    let keys = |object: &Value| -> Vec<String> {
        let mut keys: Vec<String> = object
            .as_object()
            .unwrap_or_else(|| panic!("not an object: {object}"))
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    };
    let mut update = keys(&schema("DealUpdate")["properties"]);
    update.extend(["id".to_owned(), "if_match".to_owned()]);
    update.sort();
    assert_eq!(keys(&schema("BatchDealUpdateInput")["properties"]), update);
    for name in [
        "BatchDealCreate",
        "BatchDealUpdate",
        "BatchDealIds",
        "BatchDealRead",
    ] {
        let list = &schema(name)["properties"];
        let field = if name.ends_with("Ids") || name.ends_with("Read") {
            "ids"
        } else {
            "inputs"
        };
        assert_eq!(list[field]["maxItems"], 100, "{name}");
        assert_eq!(list[field]["minItems"], 1, "{name}");
    }
    assert_eq!(
        keys(&schema("BatchDealRead")["properties"]),
        ["ids", "include"]
    );

    let api = TestApi::new().await;
    let answer = batch(&api, "create", &json!({"inputs": [{"name": "A"}, {}]})).await;
    let entry_schema = &schema("BatchDealResults")["properties"]["data"]["properties"]["results"]
        ["items"]["properties"];
    let described = keys(entry_schema);
    for entry in results(&answer) {
        for key in keys(&entry) {
            assert!(described.contains(&key), "{key} is not described");
        }
    }
    assert_eq!(
        entry_schema["error"]["$ref"],
        "#/components/schemas/ErrorBody"
    );
    let error_schema = &doc["components"]["schemas"]["ErrorBody"];
    assert_eq!(
        keys(&results(&answer)[1]["error"]),
        keys(&error_schema["properties"])
    );
    let deleted_schema = &schema("BatchDeletedResults")["properties"]["data"]["properties"]
        ["results"]["items"]["properties"]["data"];
    assert_eq!(deleted_schema["$ref"], "#/components/schemas/Deleted");
}
