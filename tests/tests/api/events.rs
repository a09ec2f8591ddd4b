//! Change events: the stream of the table (DynamoDB Local's) turned into each tenant's feed
//! and each deal's field history by `process-changes`.

use std::collections::HashSet;

use http::Method;
use integration_tests::{all, TestApi, DEALS};
use serde_json::{json, Value};

const EVENTS: &str = "/api/v1/crm/events";

/// Every event of the tenant after `after`, page by page (`limit` each), and the cursor to
/// resume from.
async fn read_feed(
    api: &TestApi,
    query: &str,
    limit: usize,
    after: Option<&str>,
) -> (Vec<Value>, String) {
    let mut events = Vec::new();
    let mut cursor = after.map(String::from);
    loop {
        let mut uri = format!("{EVENTS}?limit={limit}{query}");
        if let Some(cursor) = &cursor {
            uri.push_str(&format!("&after={cursor}"));
        }
        let page = api.get(&uri).await;
        assert_eq!(page.status, 200, "{uri}: {}", page.body);
        let data = page.body["data"].as_array().expect("data").clone();
        assert!(data.len() <= limit);
        events.extend(data);
        let next = page.body["pagination"]["next_cursor"]
            .as_str()
            .expect("next_cursor on every page")
            .to_owned();
        cursor = Some(next);
        if page.body["pagination"]["has_more"] != json!(true) {
            return (events, cursor.unwrap_or_default());
        }
    }
}

/// Sends a write and asserts it was accepted.
async fn accepted(api: &TestApi, method: Method, uri: &str, body: Option<Value>) {
    let response = api.send_with(method.clone(), uri, body.as_ref()).await;
    assert_eq!(response.status, 200, "{method} {uri}: {}", response.body);
}

async fn all_events(api: &TestApi) -> Vec<Value> {
    api.settle_events().await;
    read_feed(api, "", 100, None).await.0
}

fn types(events: &[Value]) -> Vec<&str> {
    events
        .iter()
        .map(|event| event["type"].as_str().expect("type"))
        .collect()
}

#[tokio::test]
async fn a_deal_s_life_is_one_event_per_write_with_what_each_changed() {
    let api = TestApi::new().await;
    let deal = api.create(json!({"name": "Evented", "value": 100})).await;
    let id = deal["id"].as_str().expect("id").to_owned();
    let uri = format!("{DEALS}/{id}");
    accepted(
        &api,
        Method::PATCH,
        &uri,
        Some(json!({"name": "Renamed", "value": 250})),
    )
    .await;
    accepted(
        &api,
        Method::PATCH,
        &format!("{uri}/stage"),
        Some(json!({"stage": "qualified"})),
    )
    .await;
    accepted(&api, Method::DELETE, &uri, None).await;

    let events = all_events(&api).await;
    let deal_events: Vec<&Value> = events.iter().filter(|e| e["object"] == "deal").collect();
    assert_eq!(
        deal_events
            .iter()
            .map(|e| e["type"].as_str().unwrap_or_default())
            .collect::<Vec<_>>(),
        [
            "deal.created",
            "deal.updated",
            "deal.stage_changed",
            "deal.deleted"
        ]
    );
    let versions: Vec<u64> = deal_events
        .iter()
        .map(|e| e["version"].as_u64().expect("version"))
        .collect();
    assert_eq!(versions, [1, 2, 3, 4]);
    let [created, renamed, moved, gone] = deal_events[..] else {
        panic!("four events");
    };
    let mut shown = deal.clone();
    shown.as_object_mut().expect("a deal").remove("included");
    // Whether it is rotten depends on the day it is read, not on the write.
    shown.as_object_mut().expect("a deal").remove("is_rotten");
    assert_eq!(
        created["data"], shown,
        "data is the deal as GET shows it, without included and is_rotten"
    );
    assert_eq!(created["previous"], json!({}));
    assert_eq!(created["object_id"], json!(id));
    assert_eq!(created["tenant_id"], json!(api.tenant));
    assert!(created["actor"].is_string());
    assert_eq!(
        renamed["previous"],
        json!({"name": "Evented", "value": 100})
    );
    assert_eq!(renamed["data"]["name"], "Renamed");
    assert_eq!(moved["previous"]["stage"], "lead");
    assert_eq!(moved["data"]["stage"], "qualified");
    assert_eq!(gone["previous"]["is_deleted"], false);
    assert_eq!(gone["data"]["is_deleted"], true);
    let ids: HashSet<&str> = events
        .iter()
        .map(|e| e["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids.len(), events.len(), "every event has an id of its own");
    assert!(ids.iter().all(|id| id.starts_with("evt_")));
    api.assert_no_panics();
}

#[tokio::test]
async fn records_and_pipelines_have_events_but_counts_kept_on_them_do_not() {
    let api = TestApi::new().await;
    let account = api.create_in("accounts", json!({"name": "Acme"})).await;
    let account_id = account["id"].as_str().expect("id").to_owned();
    let contact = api
        .create_in(
            "contacts",
            json!({"first_name": "Ada", "account_id": account_id}),
        )
        .await;
    let user = api.create_in("users", json!({"full_name": "Grace"})).await;
    // A deal naming the account adds to the account's count: no account event for that.
    let deal = api
        .create(json!({"name": "Counted", "account_id": account_id}))
        .await;
    accepted(
        &api,
        Method::PATCH,
        &format!("/api/v1/crm/accounts/{account_id}"),
        Some(json!({"status": "customer"})),
    )
    .await;
    let user_id = user["id"].as_str().expect("id");
    accepted(
        &api,
        Method::PATCH,
        &format!("/api/v1/crm/users/{user_id}"),
        Some(json!({"full_name": "Grace Hopper"})),
    )
    .await;
    accepted(
        &api,
        Method::DELETE,
        &format!("/api/v1/crm/users/{user_id}"),
        None,
    )
    .await;
    let pipeline = api
        .create_in("pipelines", json!({"name": "Partners"}))
        .await;
    let pipeline_id = pipeline["id"].as_str().expect("id");
    accepted(
        &api,
        Method::PATCH,
        &format!("/api/v1/crm/pipelines/{pipeline_id}"),
        Some(json!({"name": "Partner deals"})),
    )
    .await;

    accepted(
        &api,
        Method::DELETE,
        &format!("/api/v1/crm/pipelines/{pipeline_id}"),
        None,
    )
    .await;
    let contact_id = contact["id"].as_str().expect("id");
    let contact_uri = format!("/api/v1/crm/contacts/{contact_id}");
    accepted(
        &api,
        Method::PATCH,
        &contact_uri,
        Some(json!({"last_name": "Lovelace"})),
    )
    .await;
    accepted(&api, Method::DELETE, &contact_uri, None).await;
    let gone = api.create_in("accounts", json!({"name": "Gone"})).await;
    let gone_id = gone["id"].as_str().expect("id");
    accepted(
        &api,
        Method::DELETE,
        &format!("/api/v1/crm/accounts/{gone_id}"),
        None,
    )
    .await;

    let events = all_events(&api).await;
    let of = |object_id: &str| -> Vec<&str> {
        events
            .iter()
            .filter(|e| e["object_id"] == object_id)
            .map(|e| e["type"].as_str().unwrap_or_default())
            .collect()
    };
    assert_eq!(of(&account_id), ["account.created", "account.updated"]);
    assert_eq!(
        of(contact_id),
        ["contact.created", "contact.updated", "contact.deleted"]
    );
    assert_eq!(
        of(user_id),
        ["user.created", "user.updated", "user.deleted"]
    );
    assert_eq!(of(deal["id"].as_str().expect("id")), ["deal.created"]);
    assert_eq!(
        of(pipeline_id),
        ["pipeline.created", "pipeline.updated", "pipeline.deleted"]
    );
    assert_eq!(of(gone_id), ["account.created", "account.deleted"]);
    let contact_update = events
        .iter()
        .find(|e| e["type"] == "contact.updated")
        .expect("contact.updated");
    assert_eq!(contact_update["previous"], json!({"last_name": null}));
    let pipeline_update = events
        .iter()
        .find(|e| e["type"] == "pipeline.updated")
        .expect("pipeline.updated");
    assert_eq!(pipeline_update["previous"]["name"], "Partners");
    let account_update = events
        .iter()
        .find(|e| e["type"] == "account.updated")
        .expect("account.updated");
    assert_eq!(account_update["previous"], json!({"status": "active"}));
    assert_eq!(account_update["data"]["status"], "customer");
    let user_deleted = events
        .iter()
        .find(|e| e["type"] == "user.deleted")
        .expect("user.deleted");
    assert_eq!(user_deleted["data"]["full_name"], "Grace Hopper");
    let user_updated = events
        .iter()
        .find(|e| e["type"] == "user.updated")
        .expect("user.updated");
    assert_eq!(user_updated["previous"], json!({"full_name": "Grace"}));
    // The default pipeline was stored by the first deal: that is a write, and an event.
    assert!(types(&events).contains(&"pipeline.created"));
}

#[tokio::test]
async fn the_feed_resumes_exactly_where_a_reader_stopped_while_writes_go_on() {
    let api = TestApi::new().await;
    for index in 0..5 {
        api.create(json!({"name": format!("First {index}")})).await;
    }
    api.settle_events().await;
    let (first, cursor) = read_feed(&api, "", 2, None).await;
    // The default pipeline is stored with the first deal.
    assert_eq!(first.len(), 6, "{first:?}");
    for index in 0..4 {
        api.create(json!({"name": format!("Later {index}")})).await;
    }
    api.settle_events().await;
    let (later, end) = read_feed(&api, "", 3, Some(&cursor)).await;
    assert_eq!(later.len(), 4, "no repeats and no gaps: {later:?}");
    assert!(later.iter().all(|e| e["data"]["name"]
        .as_str()
        .is_some_and(|n| n.starts_with("Later"))));
    let (nothing, same) = read_feed(&api, "", 3, Some(&end)).await;
    assert!(nothing.is_empty());
    assert_eq!(
        same, end,
        "an empty page hands back the cursor it was given"
    );
    let everything: Vec<Value> = first.into_iter().chain(later).collect();
    let ids: HashSet<&str> = everything
        .iter()
        .map(|e| e["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids.len(), 10);
}

#[tokio::test]
async fn concurrent_writes_to_one_deal_give_exactly_the_accepted_writes_as_events() {
    let api = TestApi::new().await;
    let deal = api.create(json!({"name": "Contended"})).await;
    let uri = format!("{DEALS}/{}", deal["id"].as_str().expect("id"));
    let writes = (0..50).map(|index| {
        let call = api
            .call(Method::PATCH, &uri)
            .json(&json!({"value": index + 1}));
        async move { call.send().await }
    });
    let answers = all(writes).await;
    let accepted = answers.iter().filter(|answer| answer.status == 200).count();
    assert!(
        answers.iter().all(|a| a.status == 200 || a.status == 409),
        "only 200 or 409"
    );
    assert!(accepted > 0);
    let events = all_events(&api).await;
    let updates: Vec<u64> = events
        .iter()
        .filter(|e| e["type"] == "deal.updated")
        .map(|e| e["version"].as_u64().expect("version"))
        .collect();
    assert_eq!(updates.len(), accepted, "one event per accepted write");
    assert!(
        updates.windows(2).all(|pair| pair[0] < pair[1]),
        "versions increase: {updates:?}"
    );
    assert_eq!(updates.first(), Some(&2));
}

#[tokio::test]
async fn processing_the_stream_again_writes_no_event_twice() {
    let api = TestApi::new().await;
    api.create(json!({"name": "Once"})).await;
    let before = all_events(&api).await;
    // A consumer that remembers nothing reads the whole stream again, as Lambda does when a
    // batch is retried.
    let config = integration_tests::test_config();
    let endpoint = config.dynamodb_endpoint.clone().expect("endpoint");
    let fresh =
        local::streams::StreamPoller::new(&api.ctx, &endpoint, integration_tests::TABLE_NAME)
            .await
            .expect("poller");
    if integration_tests::lambda_gateway().is_none() {
        fresh
            .drain(&local::streams::Consumer::InProcess(api.ctx.clone()))
            .await
            .expect("reprocessed");
    }
    let after = all_events(&api).await;
    assert_eq!(before, after);
}

#[tokio::test]
async fn filters_by_type_with_wildcards_and_by_object() {
    let api = TestApi::new().await;
    let deal = api.create(json!({"name": "Filtered"})).await;
    let id = deal["id"].as_str().expect("id");
    accepted(
        &api,
        Method::PATCH,
        &format!("{DEALS}/{id}/stage"),
        Some(json!({"stage": "proposal"})),
    )
    .await;
    api.create(json!({"name": "Other"})).await;
    api.create_in("accounts", json!({"name": "Acme"})).await;
    api.settle_events().await;

    let (deals, _) = read_feed(&api, "&type=deal.*", 100, None).await;
    assert_eq!(
        types(&deals),
        ["deal.created", "deal.stage_changed", "deal.created"]
    );
    let (moves, _) = read_feed(&api, "&type=deal.stage_changed,account.created", 1, None).await;
    assert_eq!(types(&moves), ["deal.stage_changed", "account.created"]);
    let (one, _) = read_feed(&api, &format!("&object_id={id}"), 100, None).await;
    assert_eq!(types(&one), ["deal.created", "deal.stage_changed"]);

    for (query, field) in [
        ("type=deal.moved", "type"),
        ("type=", "type"),
        ("after=not-a-cursor", "after"),
        ("limit=101", "limit"),
        ("since=1", "since"),
    ] {
        let response = api.get(&format!("{EVENTS}?{query}")).await;
        let (_, fields) = response.expect_error(400, "VALIDATION_ERROR", query, EVENTS);
        assert!(
            fields.iter().any(|f| f == field),
            "{query}: {}",
            response.body
        );
    }
}

#[tokio::test]
async fn events_are_the_tenant_s_and_an_application_sees_only_its_own_deals() {
    let api = TestApi::new().await;
    let other = api.other_tenant();
    api.create(json!({"name": "Mine"})).await;
    other.create(json!({"name": "Theirs"})).await;
    let app_token = api.app_token("app_one", "read:deals write:deals read:events");
    let by_app = api
        .anonymous(Method::POST, DEALS)
        .token(&app_token)
        .json(&json!({"name": "By the app"}))
        .send()
        .await;
    assert_eq!(by_app.status, 201, "{}", by_app.body);
    api.create_in("accounts", json!({"name": "Acme"})).await;

    let events = all_events(&api).await;
    assert!(events.iter().all(|e| e["tenant_id"] == json!(api.tenant)));
    assert!(!events.iter().any(|e| e["data"]["name"] == "Theirs"));
    let seen = api
        .anonymous(Method::GET, EVENTS)
        .token(&app_token)
        .send()
        .await;
    assert_eq!(seen.status, 200, "{}", seen.body);
    let names: Vec<&str> = seen.body["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|e| e["data"]["name"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(names, ["By the app"], "the application's deal events only");
    let without_scope = api
        .anonymous(Method::GET, EVENTS)
        .token(&api.token("read:deals"))
        .send()
        .await;
    without_scope.expect_error(403, "FORBIDDEN", "no read:events", EVENTS);
}

#[tokio::test]
async fn a_deal_s_field_history_lists_each_write_newest_first_and_outlives_its_deletion() {
    let api = TestApi::new().await;
    let deal = api.create(json!({"name": "Tracked", "value": 10})).await;
    let id = deal["id"].as_str().expect("id").to_owned();
    let uri = format!("{DEALS}/{id}");
    for value in [20, 30] {
        accepted(&api, Method::PATCH, &uri, Some(json!({"value": value}))).await;
    }
    accepted(
        &api,
        Method::PATCH,
        &format!("{uri}/stage"),
        Some(json!({"stage": "qualified"})),
    )
    .await;
    accepted(&api, Method::DELETE, &uri, None).await;
    api.settle_events().await;

    let first = api.get(&format!("{uri}/changes?limit=2")).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let page: Vec<Value> = first.body["data"].as_array().expect("data").clone();
    assert_eq!(page.len(), 2);
    assert_eq!(page[0]["version"], 5);
    assert_eq!(page[0]["type"], "deal.deleted");
    assert_eq!(page[1]["type"], "deal.stage_changed");
    assert!(page[1]["changes"]
        .as_array()
        .expect("changes")
        .contains(&json!({"field": "stage", "from": "lead", "to": "qualified"})));
    assert!(page[1]["at"].is_string() && page[1]["actor"].is_string());
    let cursor = first.body["pagination"]["next_cursor"]
        .as_str()
        .expect("more");
    let rest = api
        .get(&format!("{uri}/changes?limit=10&cursor={cursor}"))
        .await;
    let rest: Vec<Value> = rest.body["data"].as_array().expect("data").clone();
    let versions: Vec<u64> = rest
        .iter()
        .map(|c| c["version"].as_u64().expect("version"))
        .collect();
    assert_eq!(versions, [3, 2, 1]);
    assert_eq!(
        rest[0]["changes"],
        json!([{"field": "value", "from": 20, "to": 30}])
    );
    let created = &rest[2];
    assert_eq!(created["type"], "deal.created");
    assert!(created["changes"]
        .as_array()
        .expect("changes")
        .contains(&json!({"field": "name", "from": null, "to": "Tracked"})));

    let other = api.other_tenant();
    let hidden = other.get(&format!("{uri}/changes")).await;
    hidden.expect_error(404, "NOT_FOUND", "another tenant's deal", &uri);
    let unknown = api
        .get(&format!("{DEALS}/deal_01J00000000000000000000000/changes"))
        .await;
    unknown.expect_error(404, "NOT_FOUND", "no such deal", &uri);
}
