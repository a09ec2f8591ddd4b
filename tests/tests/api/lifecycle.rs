//! A deal after its soft delete and two deals made one: `POST /deals/{id}/restore`, the recycle
//! bin (`GET /deals?deleted=true`), the tombstone's TTL, and `POST /deals/{id}/merge`, with the
//! counts, aggregates, histories and events that go with them.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use http::Method;
use integration_tests::{data_ids, id_of, TestApi, DEALS, TABLE_NAME};
use serde_json::{json, Value};

const OWNER: &str = "usr-6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
const ACCOUNT: &str = "acc-7b2e1d3f-4c5e-4f6a-9b0c-1d2e3f4a5b6c";
const CONTACT: &str = "con-8c3f2e4a-5d6f-4a7b-8c1d-2e3f4a5b6c7d";
const OTHER_CONTACT: &str = "con-9d4a3f5b-6e7a-4b8c-9d2e-3f4a5b6c7d8e";

type Item = HashMap<String, AttributeValue>;

fn deal_uri(id: &str) -> String {
    format!("{DEALS}/{id}")
}

/// The item under this sort key, read straight from the table.
async fn raw_item(api: &TestApi, sort_key: String) -> Option<Item> {
    api.ctx
        .store
        .client()
        .get_item()
        .table_name(TABLE_NAME)
        .key("pk", AttributeValue::S(format!("TENANT#{}", api.tenant)))
        .key("sk", AttributeValue::S(sort_key))
        .consistent_read(true)
        .send()
        .await
        .expect("get item")
        .item
}

fn number(item: &Item, name: &str) -> Option<i64> {
    item.get(name)?.as_n().ok()?.parse().ok()
}

async fn list_total(api: &TestApi, query: &str) -> u64 {
    let page = api.get(&format!("{DEALS}{query}")).await;
    assert_eq!(page.status, 200, "{query}: {}", page.body);
    page.body["pagination"]["total"].as_u64().expect("a total")
}

/// A stage's kept aggregates: its count of live deals and their value in EUR.
async fn stage_totals(api: &TestApi, stage: &str) -> (u64, String) {
    let totals = api
        .ctx
        .store
        .stage_totals(
            &api.tenant,
            &[(stage, None)],
            None,
            time::OffsetDateTime::now_utc().date(),
        )
        .await
        .expect("stage totals");
    let totals = totals.get(stage).cloned().unwrap_or_default();
    let value = totals
        .value
        .get("EUR")
        .map_or_else(|| "0".to_owned(), ToString::to_string);
    (totals.count, value)
}

async fn send(api: &TestApi, method: Method, uri: &str, body: Option<Value>) -> (u16, Value) {
    let response = api.send_with(method, uri, body.as_ref()).await;
    (response.status, response.body)
}

async fn delete(api: &TestApi, id: &str) {
    let (status, body) = send(api, Method::DELETE, &deal_uri(id), None).await;
    assert_eq!(status, 200, "delete {id}: {body}");
}

async fn restore(api: &TestApi, id: &str, query: &str) -> integration_tests::TestResponse {
    api.call(Method::POST, &format!("{}/restore{query}", deal_uri(id)))
        .send()
        .await
}

async fn merge(api: &TestApi, id: &str, from: &str) -> integration_tests::TestResponse {
    api.call(Method::POST, &format!("{}/merge", deal_uri(id)))
        .json(&json!({ "from": from }))
        .send()
        .await
}

/// Asserts 404 NOT_FOUND naming the survivor as `merged_into`.
fn assert_merged_into(response: &integration_tests::TestResponse, survivor: &str, what: &str) {
    assert_eq!(response.status, 404, "{what}: {}", response.body);
    let details = &response.body["error"]["details"];
    assert_eq!(response.body["error"]["code"], "NOT_FOUND", "{what}");
    assert!(
        details.as_array().is_some_and(
            |details| details.contains(&json!({"field": "merged_into", "message": survivor}))
        ),
        "{what}: {}",
        response.body
    );
}

fn detail_fields(body: &Value) -> Vec<&str> {
    body["error"]["details"]
        .as_array()
        .expect("details")
        .iter()
        .filter_map(|detail| detail["field"].as_str())
        .collect()
}

#[tokio::test]
async fn a_restored_deal_is_back_with_its_number_counts_and_references() {
    let api = TestApi::new().await;
    api.given_records(&[OWNER, ACCOUNT, CONTACT]).await;
    api.create(json!({"name": "Other"})).await;
    let deal = api
        .create(json!({
            "name": "Comeback", "stage": "qualified", "value": 1200, "owner_id": OWNER,
            "account_id": ACCOUNT, "primary_contact_id": CONTACT, "tags": ["vip"],
        }))
        .await;
    let id = id_of(&deal);
    assert_eq!(list_total(&api, "").await, 2);
    assert_eq!(stage_totals(&api, "qualified").await, (1, "1200".into()));

    delete(&api, &id).await;
    assert_eq!(list_total(&api, "").await, 1);
    assert_eq!(list_total(&api, &format!("?account_id={ACCOUNT}")).await, 0);
    assert_eq!(stage_totals(&api, "qualified").await, (0, "0".into()));
    let tombstone = raw_item(&api, format!("DELETED#DEAL#{id}"))
        .await
        .expect("a tombstone");
    let deleted_at = tombstone["deleted_at"].as_s().expect("deleted_at");
    let deleted =
        time::OffsetDateTime::parse(deleted_at, &time::format_description::well_known::Rfc3339)
            .expect("a timestamp");
    assert_eq!(
        number(&tombstone, "expires_at"),
        Some(deleted.unix_timestamp() + 90 * 24 * 60 * 60),
        "restorable for 90 days, then DynamoDB's TTL removes it"
    );

    let restored = restore(&api, &id, "").await;
    assert_eq!(restored.status, 200, "{}", restored.body);
    assert_eq!(restored.header("etag"), Some("\"3\""));
    let data = &restored.body["data"];
    assert_eq!(data["version"], 3);
    assert_eq!(data["is_deleted"], false);
    assert_eq!(data["deleted_at"], Value::Null);
    assert_eq!(data["deleted_by"], Value::Null);
    assert_eq!(data["merged_into"], Value::Null);
    assert_eq!(data["deal_number"], deal["deal_number"]);
    assert_eq!(data["stage"], "qualified");
    assert_eq!(data["tags"], json!(["vip"]));
    assert_eq!(data["included"]["account"]["id"], ACCOUNT);
    assert_eq!(data["included"]["owner"]["id"], OWNER);
    let got = api.get(&deal_uri(&id)).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body["data"], *data, "answered as GET answers it");

    assert_eq!(list_total(&api, "").await, 2);
    assert_eq!(list_total(&api, "?stage=qualified").await, 1);
    assert_eq!(list_total(&api, &format!("?account_id={ACCOUNT}")).await, 1);
    assert_eq!(list_total(&api, &format!("?owner_id={OWNER}")).await, 1);
    assert_eq!(stage_totals(&api, "qualified").await, (1, "1200".into()));
    let contact = api
        .call(Method::DELETE, &format!("/api/v1/crm/contacts/{CONTACT}"))
        .send()
        .await;
    assert_eq!(contact.status, 409, "the contact is in use again");
    assert!(raw_item(&api, format!("DELETED#DEAL#{id}")).await.is_none());
    let live = raw_item(&api, format!("DEAL#{id}"))
        .await
        .expect("the live item");
    assert!(
        !live.contains_key("expires_at"),
        "the live deal never expires"
    );

    // Live, unknown or malformed: 404.
    for uri in [
        format!("{}/restore", deal_uri(&id)),
        format!("{DEALS}/deal_01J0000000000000000000000Z/restore"),
        format!("{DEALS}/not-a-deal/restore"),
    ] {
        let response = api.call(Method::POST, &uri).send().await;
        response.expect_error(404, "NOT_FOUND", "restore", &uri);
    }
}

#[tokio::test]
async fn a_restore_honours_if_match_and_takes_only_detach() {
    let api = TestApi::new().await;
    let id = id_of(&api.create(json!({"name": "Pinned"})).await);
    delete(&api, &id).await;
    let uri = format!("{}/restore", deal_uri(&id));
    let stale = api
        .call(Method::POST, &uri)
        .header("if-match", "\"1\"")
        .send()
        .await;
    stale.expect_error(409, "CONFLICT", "a stale If-Match", &uri);
    for query in ["?detach=maybe", "?force=true"] {
        let refused = restore(&api, &id, query).await;
        let (_, fields) = refused.expect_error(400, "VALIDATION_ERROR", query, &uri);
        assert_eq!(fields.len(), 1, "{query}: {}", refused.body);
    }
    let pinned = api
        .call(Method::POST, &uri)
        .header("if-match", "\"2\"")
        .send()
        .await;
    assert_eq!(pinned.status, 200, "{}", pinned.body);
}

#[tokio::test]
async fn a_restore_names_each_reference_that_is_gone_unless_it_detaches_them() {
    let api = TestApi::new().await;
    api.given_records(&[OWNER, ACCOUNT, CONTACT, OTHER_CONTACT])
        .await;
    let id = id_of(
        &api.create(json!({
            "name": "Orphan", "owner_id": OWNER, "account_id": ACCOUNT,
            "contact_ids": [CONTACT, OTHER_CONTACT],
        }))
        .await,
    );
    delete(&api, &id).await;
    for gone in [
        format!("/api/v1/crm/accounts/{ACCOUNT}"),
        format!("/api/v1/crm/contacts/{CONTACT}"),
    ] {
        let (status, body) = send(&api, Method::DELETE, &gone, None).await;
        assert_eq!(status, 200, "{gone}: {body}");
    }
    let refused = restore(&api, &id, "").await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert_eq!(refused.body["error"]["code"], "CONFLICT");
    assert_eq!(detail_fields(&refused.body), ["account_id", "contact_ids"]);
    assert_eq!(
        refused.body["error"]["details"][0]["message"],
        "Organization not found"
    );
    assert_eq!(list_total(&api, "").await, 0, "nothing was restored");

    let detached = restore(&api, &id, "?detach=true").await;
    assert_eq!(detached.status, 200, "{}", detached.body);
    let data = &detached.body["data"];
    assert_eq!(data["account_id"], Value::Null);
    assert_eq!(data["contact_ids"], json!([OTHER_CONTACT]));
    assert_eq!(data["owner_id"], OWNER);
    assert_eq!(list_total(&api, &format!("?owner_id={OWNER}")).await, 1);
    let contact = api
        .call(
            Method::DELETE,
            &format!("/api/v1/crm/contacts/{OTHER_CONTACT}"),
        )
        .send()
        .await;
    assert_eq!(contact.status, 409, "counted on the contact it kept");
}

#[tokio::test]
async fn detach_places_a_deal_whose_stage_is_gone_in_its_pipeline_s_first_stage() {
    let api = TestApi::new().await;
    let pipeline = api
        .create_in(
            "pipelines",
            json!({"name": "Partners", "stages": [{"name": "Intro"}, {"name": "Pitch"}]}),
        )
        .await;
    let pipeline_id = id_of(&pipeline);
    let first = pipeline["stages"][0]["id"].as_str().expect("a stage");
    let second = pipeline["stages"][1]["id"].as_str().expect("a stage");
    let id = id_of(&api.create(json!({"name": "Moved", "stage": second})).await);
    delete(&api, &id).await;
    let stage_uri = format!("/api/v1/crm/pipelines/{pipeline_id}/stages/{second}");
    let (status, body) = send(&api, Method::DELETE, &stage_uri, None).await;
    assert_eq!(status, 200, "{body}");

    let refused = restore(&api, &id, "").await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert_eq!(detail_fields(&refused.body), ["stage"]);
    let detached = restore(&api, &id, "?detach=true").await;
    assert_eq!(detached.status, 200, "{}", detached.body);
    let data = &detached.body["data"];
    assert_eq!(data["pipeline_id"], pipeline_id.as_str());
    assert_eq!(data["stage"], first);
    assert_eq!(data["audit_log"][0]["from"], second);
    assert_eq!(data["audit_log"][0]["to"], first);
    assert_eq!(stage_totals(&api, first).await.0, 1);
}

#[tokio::test]
async fn detach_places_a_deal_whose_pipeline_is_gone_in_the_default_pipeline_s_first_stage() {
    let api = TestApi::new().await;
    let pipeline = api
        .create_in("pipelines", json!({"name": "Short-lived"}))
        .await;
    let pipeline_id = id_of(&pipeline);
    let stage = pipeline["stages"][2]["id"].as_str().expect("a stage");
    let id = id_of(
        &api.create(json!({"name": "Homeless", "pipeline_id": pipeline_id, "stage": stage}))
            .await,
    );
    delete(&api, &id).await;
    let (status, body) = send(
        &api,
        Method::DELETE,
        &format!("/api/v1/crm/pipelines/{pipeline_id}"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");

    let refused = restore(&api, &id, "").await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert_eq!(detail_fields(&refused.body), ["pipeline_id", "stage"]);
    let detached = restore(&api, &id, "?detach=true").await;
    assert_eq!(detached.status, 200, "{}", detached.body);
    let data = &detached.body["data"];
    assert_eq!(data["pipeline_id"], "default");
    assert_eq!(data["stage"], "lead");
    assert_eq!(
        data["probability"],
        detached.body["data"]["included"]["stage"]["probability"]
    );
    assert_eq!(list_total(&api, "?pipeline_id=default").await, 1);
    assert_eq!(stage_totals(&api, "lead").await.0, 1);
}

#[tokio::test]
async fn the_recycle_bin_lists_restorable_deals_newest_first_page_by_page() {
    let api = TestApi::new().await;
    let live = id_of(&api.create(json!({"name": "Alive"})).await);
    let mut gone = Vec::new();
    for name in ["First", "Second", "Third"] {
        let id = id_of(&api.create(json!({"name": name, "value": 5})).await);
        delete(&api, &id).await;
        gone.push(id);
    }
    let first = api.get(&format!("{DEALS}?deleted=true&limit=2")).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(data_ids(&first.body), [gone[2].clone(), gone[1].clone()]);
    let pagination = &first.body["pagination"];
    assert_eq!(pagination["total"], 3);
    assert_eq!(pagination["has_more"], true);
    let listed = &first.body["data"][0];
    assert_eq!(listed["is_deleted"], true);
    assert!(listed["deleted_at"].is_string());
    assert!(listed["deleted_by"].is_string());
    let cursor = pagination["next_cursor"].as_str().expect("a cursor");
    let second = api
        .get(&format!("{DEALS}?deleted=true&limit=2&cursor={cursor}"))
        .await;
    assert_eq!(second.status, 200, "{}", second.body);
    assert_eq!(data_ids(&second.body), [gone[0].clone()]);
    assert_eq!(second.body["pagination"]["has_more"], false);
    assert_eq!(second.body["pagination"]["total"], 3);

    // A cursor of the bin is not one of the live list, nor the other way round.
    let crossed = api.get(&format!("{DEALS}?limit=2&cursor={cursor}")).await;
    let (_, fields) = crossed.expect_error(400, "VALIDATION_ERROR", "bin cursor", DEALS);
    assert_eq!(fields, ["cursor"]);
    api.create(json!({"name": "Alive too"})).await;
    let live_page = api.get(&format!("{DEALS}?limit=1")).await;
    let live_cursor = live_page.body["pagination"]["next_cursor"]
        .as_str()
        .expect("a cursor");
    let crossed = api
        .get(&format!(
            "{DEALS}?deleted=true&limit=1&cursor={live_cursor}"
        ))
        .await;
    let (_, fields) = crossed.expect_error(400, "VALIDATION_ERROR", "live cursor", DEALS);
    assert_eq!(fields, ["cursor"]);

    // Filters work in the bin; sorts other than by creation do not.
    let named = api.get(&format!("{DEALS}?deleted=true&name=Second")).await;
    assert_eq!(data_ids(&named.body), [gone[1].clone()]);
    assert_eq!(named.body["pagination"]["total"], 1);
    let oldest = api
        .get(&format!(
            "{DEALS}?deleted=true&sort=created_at&page=1&per_page=2"
        ))
        .await;
    assert_eq!(data_ids(&oldest.body), [gone[0].clone(), gone[1].clone()]);
    let sorted = api.get(&format!("{DEALS}?deleted=true&sort=-value")).await;
    let (_, fields) = sorted.expect_error(400, "VALIDATION_ERROR", "sort", DEALS);
    assert_eq!(fields, ["sort"]);
    let bad = api.get(&format!("{DEALS}?deleted=yes")).await;
    let (_, fields) = bad.expect_error(400, "VALIDATION_ERROR", "deleted", DEALS);
    assert_eq!(fields, ["deleted"]);

    // Restored deals leave the bin; the live list never showed the deleted ones.
    assert_eq!(restore(&api, &gone[1], "").await.status, 200);
    let bin = api.get(&format!("{DEALS}?deleted=true")).await;
    assert_eq!(data_ids(&bin.body), [gone[2].clone(), gone[0].clone()]);
    let live_list = api.get(&format!("{DEALS}?deleted=false")).await;
    let ids = data_ids(&live_list.body);
    assert!(ids.contains(&live) && ids.contains(&gone[1]) && !ids.contains(&gone[0]));
}

#[tokio::test]
async fn an_application_sees_and_restores_only_its_own_deleted_deals() {
    let api = TestApi::new().await;
    let scopes = "read:deals write:deals";
    let (mine, theirs) = (
        api.app_token("app-a", scopes),
        api.app_token("app-b", scopes),
    );
    let create = |token: String, name: &'static str| {
        let call = api
            .call(Method::POST, DEALS)
            .token(&token)
            .json(&json!({ "name": name }));
        async move { id_of(&call.send().await.body["data"]) }
    };
    let a = create(mine.clone(), "A's").await;
    let b = create(theirs.clone(), "B's").await;
    for (id, token) in [(&a, &mine), (&b, &theirs)] {
        let response = api
            .call(Method::DELETE, &deal_uri(id))
            .token(token)
            .send()
            .await;
        assert_eq!(response.status, 200, "{}", response.body);
    }
    let bin_of = |token: &str| {
        api.call(Method::GET, &format!("{DEALS}?deleted=true"))
            .token(token)
    };
    assert_eq!(data_ids(&bin_of(&mine).send().await.body), [a.as_str()]);
    assert_eq!(data_ids(&bin_of(&theirs).send().await.body), [b.as_str()]);
    let everyone = data_ids(&api.get(&format!("{DEALS}?deleted=true")).await.body);
    assert_eq!(
        everyone,
        [b.clone(), a.clone()],
        "a person sees the tenant's"
    );
    let other_tenant = api.other_tenant();
    assert!(data_ids(
        &other_tenant
            .get(&format!("{DEALS}?deleted=true"))
            .await
            .body
    )
    .is_empty());

    let uri = format!("{}/restore", deal_uri(&b));
    let refused = api.call(Method::POST, &uri).token(&mine).send().await;
    refused.expect_error(404, "NOT_FOUND", "another application's deal", &uri);
    let refused = other_tenant.call(Method::POST, &uri).send().await;
    refused.expect_error(404, "NOT_FOUND", "another tenant's deal", &uri);
    let restored = api.call(Method::POST, &uri).token(&theirs).send().await;
    assert_eq!(restored.status, 200, "{}", restored.body);
}

#[tokio::test]
async fn a_tombstone_past_its_expiry_is_neither_listed_nor_restorable() {
    let api = TestApi::new().await;
    let id = id_of(&api.create(json!({"name": "Expired"})).await);
    let kept = id_of(&api.create(json!({"name": "Kept"})).await);
    delete(&api, &id).await;
    delete(&api, &kept).await;
    // DynamoDB removes expired items lazily: one may still be read after its expiry.
    let past = time::OffsetDateTime::now_utc().unix_timestamp() - 60;
    api.ctx
        .store
        .client()
        .update_item()
        .table_name(TABLE_NAME)
        .key("pk", AttributeValue::S(format!("TENANT#{}", api.tenant)))
        .key("sk", AttributeValue::S(format!("DELETED#DEAL#{id}")))
        .update_expression("SET expires_at = :past")
        .expression_attribute_values(":past", AttributeValue::N(past.to_string()))
        .send()
        .await
        .expect("the tombstone aged");
    let bin = api.get(&format!("{DEALS}?deleted=true")).await;
    assert_eq!(data_ids(&bin.body), [kept.as_str()]);
    assert_eq!(bin.body["pagination"]["total"], 1);
    let uri = format!("{}/restore", deal_uri(&id));
    let refused = api.call(Method::POST, &uri).send().await;
    refused.expect_error(404, "NOT_FOUND", "an expired tombstone", &uri);
    assert_eq!(restore(&api, &kept, "").await.status, 200);
}

/// Moves a deal to a stage.
async fn move_to(api: &TestApi, id: &str, stage: &str) {
    let (status, body) = send(
        api,
        Method::PATCH,
        &format!("{}/stage", deal_uri(id)),
        Some(json!({ "stage": stage })),
    )
    .await;
    assert_eq!(status, 200, "move {id} to {stage}: {body}");
}

#[tokio::test]
async fn a_merge_fills_the_survivor_unions_its_lists_and_keeps_both_histories() {
    let api = TestApi::new().await;
    api.given_records(&[OWNER, ACCOUNT, CONTACT, OTHER_CONTACT])
        .await;
    let survivor = api
        .create(json!({
            "name": "Survivor", "value": 100, "tags": ["a", "b"], "contact_ids": [CONTACT],
            "custom_fields": {"k": 1}, "quote_ids": ["q-1"],
        }))
        .await;
    let absorbed = api
        .create(json!({
            "name": "Absorbed", "value": 50, "owner_id": OWNER, "account_id": ACCOUNT,
            "tags": ["b", "c"], "contact_ids": [OTHER_CONTACT, CONTACT], "deal_type": "renewal",
            "custom_fields": {"k": 2, "z": 3}, "quote_ids": ["q-2", "q-1"],
        }))
        .await;
    let (s, x) = (id_of(&survivor), id_of(&absorbed));
    move_to(&api, &s, "qualified").await;
    move_to(&api, &x, "proposal").await;
    move_to(&api, &s, "negotiation").await;
    assert_eq!(list_total(&api, "").await, 2);

    let merged = merge(&api, &s, &x).await;
    assert_eq!(merged.status, 200, "{}", merged.body);
    assert_eq!(merged.header("etag"), Some("\"4\""));
    let data = &merged.body["data"];
    assert_eq!(data["id"], s.as_str());
    assert_eq!(data["name"], "Survivor");
    assert_eq!(data["value"], 100);
    assert_eq!(data["stage"], "negotiation");
    assert_eq!(data["owner_id"], OWNER);
    assert_eq!(data["account_id"], ACCOUNT);
    assert_eq!(data["deal_type"], "renewal");
    assert_eq!(data["tags"], json!(["a", "b", "c"]));
    assert_eq!(data["contact_ids"], json!([CONTACT, OTHER_CONTACT]));
    assert_eq!(data["quote_ids"], json!(["q-1", "q-2"]));
    assert_eq!(data["custom_fields"], json!({"k": 1, "z": 3}));
    assert_eq!(data["merged_into"], Value::Null);
    assert_eq!(data["included"]["owner"]["id"], OWNER);
    let stages: Vec<(&str, &str)> = data["audit_log"]
        .as_array()
        .expect("audit_log")
        .iter()
        .map(|e| {
            (
                e["from"].as_str().unwrap_or(""),
                e["to"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        stages,
        [
            ("lead", "qualified"),
            ("lead", "proposal"),
            ("qualified", "negotiation")
        ],
        "both deals' stage changes, in time order"
    );
    let history = api.get(&format!("{}/history", deal_uri(&s))).await;
    let seqs: Vec<u64> = history.body["data"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|e| e["seq"].as_u64())
        .collect();
    assert_eq!(seqs, [0, 1, 2]);
    assert_eq!(history.body["data"][1]["to"], "proposal");

    // One deal fewer everywhere, the records counted once, on the survivor.
    assert_eq!(list_total(&api, "").await, 1);
    assert_eq!(list_total(&api, "?pipeline_id=default").await, 1);
    assert_eq!(list_total(&api, &format!("?account_id={ACCOUNT}")).await, 1);
    assert_eq!(list_total(&api, &format!("?owner_id={OWNER}")).await, 1);
    assert_eq!(stage_totals(&api, "proposal").await, (0, "0".into()));
    assert_eq!(stage_totals(&api, "negotiation").await, (1, "100".into()));
    let owner_totals = api
        .ctx
        .store
        .stage_totals(
            &api.tenant,
            &[("negotiation", None)],
            Some(OWNER),
            time::OffsetDateTime::now_utc().date(),
        )
        .await
        .expect("owner totals");
    assert_eq!(owner_totals.get("negotiation").map(|t| t.count), Some(1));
    for contact in [CONTACT, OTHER_CONTACT] {
        let refused = api
            .call(Method::DELETE, &format!("/api/v1/crm/contacts/{contact}"))
            .send()
            .await;
        assert_eq!(refused.status, 409, "{contact}");
        let message = refused.body["error"]["message"].as_str().unwrap_or("");
        assert!(message.contains("by 1 live deals"), "{contact}: {message}");
    }
    let reconciled = api
        .ctx
        .store
        .reconcile(&api.tenant)
        .await
        .expect("reconciled");
    assert!(
        reconciled.repaired.is_empty(),
        "the aggregates were exact: {reconciled:?}"
    );

    // The absorbed deal: a tombstone naming the survivor, kept (no TTL), never in the bin.
    let tombstone = raw_item(&api, format!("DELETED#DEAL#{x}"))
        .await
        .expect("a tombstone");
    assert_eq!(
        tombstone.get("merged_into").and_then(|v| v.as_s().ok()),
        Some(&s)
    );
    assert!(!tombstone.contains_key("expires_at"));
    assert!(data_ids(&api.get(&format!("{DEALS}?deleted=true")).await.body).is_empty());
}

#[tokio::test]
async fn the_absorbed_id_reads_as_the_survivor_and_refuses_writes() {
    let api = TestApi::new().await;
    let s = id_of(&api.create(json!({"name": "Survivor"})).await);
    let x = id_of(&api.create(json!({"name": "Absorbed"})).await);
    assert_eq!(merge(&api, &s, &x).await.status, 200);

    let read = api.get(&deal_uri(&x)).await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["data"]["id"], s.as_str());
    assert_eq!(read.header("content-location"), Some(deal_uri(&s).as_str()));
    let direct = api.get(&deal_uri(&s)).await;
    assert_eq!(direct.body, read.body);
    assert_eq!(direct.header("content-location"), None);
    let documented = api.get(&format!("/api-v1-deals/{x}")).await;
    assert_eq!(documented.status, 200);
    assert_eq!(documented.body["data"]["id"], s.as_str());

    let uri = deal_uri(&x);
    for (method, path, body) in [
        (Method::PATCH, uri.clone(), Some(json!({"name": "x"}))),
        (
            Method::PATCH,
            format!("{uri}/stage"),
            Some(json!({"stage": "qualified"})),
        ),
        (Method::DELETE, uri.clone(), None),
        (Method::POST, format!("{uri}/restore"), None),
        (
            Method::POST,
            format!("{uri}/merge"),
            Some(json!({"from": s})),
        ),
        (Method::GET, format!("{uri}/history"), None),
    ] {
        let response = api.send_with(method.clone(), &path, body.as_ref()).await;
        assert_merged_into(&response, &s, &format!("{method} {path}"));
    }
    // Merging it again, as the deal absorbed: 404 naming `from`, and where it went.
    let other = id_of(&api.create(json!({"name": "Other"})).await);
    let again = merge(&api, &other, &x).await;
    assert_eq!(again.status, 404, "{}", again.body);
    assert_eq!(detail_fields(&again.body), ["from", "merged_into"]);

    // A survivor merged on: the first id still reads as the last survivor.
    assert_eq!(merge(&api, &other, &s).await.status, 200);
    let followed = api.get(&deal_uri(&x)).await;
    assert_eq!(followed.body["data"]["id"], other.as_str());
    assert_eq!(
        followed.header("content-location"),
        Some(deal_uri(&other).as_str())
    );
}

#[tokio::test]
async fn merges_across_tenants_applications_or_into_themselves_are_refused() {
    let api = TestApi::new().await;
    let s = id_of(&api.create(json!({"name": "Survivor"})).await);
    let x = id_of(&api.create(json!({"name": "Absorbed"})).await);

    let myself = merge(&api, &s, &s).await;
    let (_, fields) = myself.expect_error(400, "VALIDATION_ERROR", "self", DEALS);
    assert_eq!(fields, ["from"]);
    let uri = format!("{}/merge", deal_uri(&s));
    for (body, field) in [
        (json!({}), "from"),
        (json!({"from": 7}), "from"),
        (json!({"from": x, "into": s}), "into"),
    ] {
        api.assert_field_refused(Method::POST, &uri, &body, field)
            .await;
    }
    for from in ["deal_01J0000000000000000000000Z", "nonsense"] {
        let unknown = merge(&api, &s, from).await;
        let (_, fields) = unknown.expect_error(404, "NOT_FOUND", from, &uri);
        assert_eq!(fields, ["from"]);
    }
    delete(&api, &x).await;
    let deleted = merge(&api, &s, &x).await;
    let (_, fields) = deleted.expect_error(404, "NOT_FOUND", "a deleted from", &uri);
    assert_eq!(fields, ["from"]);

    let other_tenant = api.other_tenant();
    let foreign = id_of(&other_tenant.create(json!({"name": "Foreign"})).await);
    let response = merge(&api, &s, &foreign).await;
    response.expect_error(404, "NOT_FOUND", "another tenant's from", &uri);
    let response = merge(&other_tenant, &s, &foreign).await;
    response.expect_error(404, "NOT_FOUND", "another tenant's survivor", &uri);

    let app = api.app_token("app-a", "read:deals write:deals");
    let theirs = api
        .call(Method::POST, DEALS)
        .token(&api.app_token("app-b", "read:deals write:deals"))
        .json(&json!({"name": "B's"}))
        .send()
        .await;
    let theirs = id_of(&theirs.body["data"]);
    let mine = api
        .call(Method::POST, DEALS)
        .token(&app)
        .json(&json!({"name": "A's"}))
        .send()
        .await;
    let mine = id_of(&mine.body["data"]);
    let crossed = api
        .call(Method::POST, &format!("{}/merge", deal_uri(&mine)))
        .token(&app)
        .json(&json!({ "from": theirs }))
        .send()
        .await;
    crossed.expect_error(404, "NOT_FOUND", "another application's from", &uri);

    let stale = api
        .call(Method::POST, &uri)
        .header("if-match", "\"7\"")
        .json(&json!({ "from": theirs }))
        .send()
        .await;
    stale.expect_error(409, "CONFLICT", "a stale If-Match", &uri);
    let pinned = api
        .call(Method::POST, &uri)
        .header("if-match", "\"1\"")
        .json(&json!({ "from": theirs }))
        .send()
        .await;
    assert_eq!(pinned.status, 200, "{}", pinned.body);
    assert_eq!(list_total(&api, "").await, 2);
}

#[tokio::test]
async fn a_merge_past_a_list_limit_is_refused_naming_the_list() {
    let api = TestApi::new().await;
    let tags = |prefix: &str| -> Vec<String> { (0..60).map(|n| format!("{prefix}{n}")).collect() };
    let s = id_of(&api.create(json!({"name": "S", "tags": tags("s")})).await);
    let x = id_of(&api.create(json!({"name": "X", "tags": tags("x")})).await);
    let refused = merge(&api, &s, &x).await;
    let uri = format!("{}/merge", deal_uri(&s));
    let (_, fields) = refused.expect_error(409, "CONFLICT", "121 tags", &uri);
    assert_eq!(fields, ["tags"]);
    assert_eq!(list_total(&api, "").await, 2, "nothing was merged");
    assert_eq!(api.get(&deal_uri(&x)).await.body["data"]["id"], x.as_str());
}

#[tokio::test]
async fn a_merge_of_long_histories_keeps_every_stage_change_in_time_order() {
    let api = TestApi::new().await;
    let s = id_of(&api.create(json!({"name": "Busy"})).await);
    let x = id_of(&api.create(json!({"name": "Quiet"})).await);
    let stages = ["qualified", "proposal"];
    for n in 0..12 {
        move_to(&api, &s, stages[n % 2]).await;
    }
    move_to(&api, &x, "negotiation").await;
    for n in 0..11 {
        move_to(&api, &s, stages[n % 2]).await;
    }
    move_to(&api, &x, "closed_won").await;
    // 23 of its own (3 moved out of the inline log), 2 of the other's.
    let merged = merge(&api, &s, &x).await;
    assert_eq!(merged.status, 200, "{}", merged.body);
    assert_eq!(
        merged.body["data"]["audit_log"].as_array().map(Vec::len),
        Some(20)
    );
    let mut entries = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut uri = format!("{}/history?limit=10", deal_uri(&s));
        if let Some(cursor) = &cursor {
            uri.push_str(&format!("&cursor={cursor}"));
        }
        let page = api.get(&uri).await;
        assert_eq!(page.status, 200, "{}", page.body);
        entries.extend(page.body["data"].as_array().cloned().unwrap_or_default());
        match page.body["pagination"]["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(entries.len(), 25);
    let seqs: Vec<u64> = entries.iter().filter_map(|e| e["seq"].as_u64()).collect();
    assert_eq!(seqs, (0..25).collect::<Vec<u64>>());
    let times: Vec<&str> = entries.iter().filter_map(|e| e["at"].as_str()).collect();
    assert!(times.windows(2).all(|pair| pair[0] <= pair[1]), "{times:?}");
    let theirs: Vec<usize> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| ["negotiation", "closed_won"].contains(&e["to"].as_str().unwrap_or("")))
        .map(|(index, _)| index)
        .collect();
    assert_eq!(theirs, [12, 24], "the other's changes where they happened");
}

#[tokio::test]
async fn merge_restore_and_their_events() {
    let api = TestApi::new().await;
    let s = id_of(&api.create(json!({"name": "Survivor"})).await);
    let x = id_of(&api.create(json!({"name": "Absorbed", "tags": ["t"]})).await);
    assert_eq!(merge(&api, &s, &x).await.status, 200);
    let d = id_of(&api.create(json!({"name": "Back"})).await);
    delete(&api, &d).await;
    assert_eq!(restore(&api, &d, "").await.status, 200);
    api.settle_events().await;

    let feed = api.get("/api/v1/crm/events?limit=100&type=deal.*").await;
    assert_eq!(feed.status, 200, "{}", feed.body);
    let events = feed.body["data"].as_array().cloned().unwrap_or_default();
    let of = |id: &str| -> Vec<(String, u64)> {
        events
            .iter()
            .filter(|e| e["object_id"] == id)
            .map(|e| {
                (
                    e["type"].as_str().unwrap_or("").to_owned(),
                    e["version"].as_u64().unwrap_or(0),
                )
            })
            .collect()
    };
    assert_eq!(
        of(&s),
        [("deal.created".into(), 1), ("deal.merged".into(), 2)]
    );
    assert_eq!(
        of(&x),
        [("deal.created".into(), 1), ("deal.deleted".into(), 2)]
    );
    assert_eq!(
        of(&d),
        [
            ("deal.created".into(), 1),
            ("deal.deleted".into(), 2),
            ("deal.restored".into(), 3)
        ]
    );
    let event = |id: &str, kind: &str| {
        events
            .iter()
            .find(|e| e["object_id"] == id && e["type"] == kind)
            .cloned()
            .unwrap_or_default()
    };
    let merged = event(&s, "deal.merged");
    assert_eq!(merged["data"]["merged_from"], x.as_str());
    assert_eq!(merged["previous"], json!({"tags": []}));
    let absorbed = event(&x, "deal.deleted");
    assert_eq!(absorbed["data"]["merged_into"], s.as_str());
    let restored = event(&d, "deal.restored");
    assert_eq!(restored["previous"], json!({"is_deleted": true}));
    assert_eq!(restored["data"]["is_deleted"], false);

    let only = api
        .get("/api/v1/crm/events?type=deal.merged,deal.restored")
        .await;
    assert_eq!(only.status, 200, "{}", only.body);
    assert_eq!(only.body["data"].as_array().map(Vec::len), Some(2));
    let changes = api.get(&format!("{}/changes", deal_uri(&s))).await;
    assert_eq!(changes.body["data"][0]["type"], "deal.merged");
}
