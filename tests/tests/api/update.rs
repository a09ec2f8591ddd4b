use http::Method;
use integration_tests::TestApi;
use serde_json::json;

#[tokio::test]
async fn patch_changes_only_the_given_fields() {
    let api = TestApi::new().await;
    let deal = api
        .create(json!({"name": "Q1", "value": 100, "deal_type": "new", "tags": ["a"]}))
        .await;
    let path = format!("/api/v1/crm/deals/{}", deal["id"].as_str().expect("id"));
    let response = api
        .call(Method::PATCH, &path)
        .json(&json!({"value": 250.75, "deal_type": null, "tags": null, "name": " Q1 renamed "}))
        .send()
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    let patched = &response.body["data"];
    assert_eq!(patched["value"], 250.75);
    assert_eq!(patched["name"], "Q1 renamed");
    assert_eq!(patched["deal_type"], json!(null));
    assert_eq!(patched["tags"], json!([]));
    assert_eq!(patched["currency"], "EUR");
    assert_eq!(patched["deal_number"], deal["deal_number"]);
    assert_eq!(patched["created_at"], deal["created_at"]);
    assert_eq!(patched["version"], 2);
    assert_eq!(response.header("etag"), Some("\"2\""));
    let fetched = api.call(Method::GET, &path).send().await;
    assert_eq!(&fetched.body["data"], patched);
}

#[tokio::test]
async fn patch_refusals() {
    let api = TestApi::new().await;
    let deal = api.create(json!({"name": "Q1"})).await;
    let path = format!("/api/v1/crm/deals/{}", deal["id"].as_str().expect("id"));

    for body in ["{}", "", "  "] {
        let empty = api.call(Method::PATCH, &path).raw_body(body).send().await;
        assert_eq!(empty.status, 400);
        assert_eq!(empty.error().0, "INVALID_REQUEST");
        assert_eq!(empty.error().1, "No fields to update");
    }
    let bad = api
        .call(Method::PATCH, &path)
        .json(&json!({"name": "", "probability": -1}))
        .send()
        .await;
    assert_eq!(bad.error().2.len(), 2);
    let number = api
        .call(Method::PATCH, &path)
        .json(&json!({"deal_number": "DEAL-2026-00009"}))
        .send()
        .await;
    assert_eq!(
        number.error(),
        (
            "VALIDATION_ERROR".into(),
            "Field can only be set at creation".into(),
            vec!["deal_number".into()]
        )
    );
    let read_only = api
        .call(Method::PATCH, &path)
        .json(&json!({"version": 7}))
        .send()
        .await;
    assert_eq!(read_only.error().1, "Field is read-only");

    let missing = api
        .call(
            Method::PATCH,
            "/api/v1/crm/deals/deal_01J0000000000000000000000A",
        )
        .json(&json!({"name": "x"}))
        .send()
        .await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.error().1, "Deal not found");

    let unchanged = api.call(Method::GET, &path).send().await;
    assert_eq!(
        unchanged.body["data"]["version"], 1,
        "no refused PATCH wrote anything"
    );
}

#[tokio::test]
async fn if_match_guards_against_lost_updates() {
    let api = TestApi::new().await;
    let deal = api.create(json!({"name": "Q1"})).await;
    let path = format!("/api/v1/crm/deals/{}", deal["id"].as_str().expect("id"));

    let first = api
        .call(Method::PATCH, &path)
        .header("if-match", "\"1\"")
        .json(&json!({"value": 1}))
        .send()
        .await;
    assert_eq!(first.status, 200);
    let stale = api
        .call(Method::PATCH, &path)
        .header("if-match", "\"1\"")
        .json(&json!({"value": 2}))
        .send()
        .await;
    assert_eq!(stale.status, 409);
    assert_eq!(stale.error().0, "CONFLICT");
    let stale_stage = api
        .call(Method::PATCH, &format!("{path}/stage"))
        .header("if-match", "\"1\"")
        .json(&json!({"stage": "qualified"}))
        .send()
        .await;
    assert_eq!(stale_stage.status, 409);
    let stale_delete = api
        .call(Method::DELETE, &path)
        .header("if-match", "\"1\"")
        .send()
        .await;
    assert_eq!(stale_delete.status, 409);

    let current = api.call(Method::GET, &path).send().await;
    assert_eq!(current.body["data"]["value"], 1);
    assert_eq!(current.body["data"]["version"], 2);
    assert_eq!(current.body["data"]["stage"], "lead");

    let garbage = api
        .call(Method::PATCH, &path)
        .header("if-match", "yesterday")
        .json(&json!({"value": 3}))
        .send()
        .await;
    assert_eq!(garbage.status, 400);
    let fresh = api
        .call(Method::PATCH, &path)
        .header("if-match", "W/\"2\"")
        .json(&json!({"value": 3}))
        .send()
        .await;
    assert_eq!(fresh.status, 200);
    assert_eq!(fresh.header("etag"), Some("\"3\""));
}

#[tokio::test]
async fn a_stage_change_through_patch_follows_the_stage_rules() {
    let api = TestApi::new().await;
    let deal = api.create(json!({"name": "Q1"})).await;
    let path = format!("/api/v1/crm/deals/{}", deal["id"].as_str().expect("id"));
    let lost = api
        .call(Method::PATCH, &path)
        .json(&json!({"stage": "closed_lost"}))
        .send()
        .await;
    assert_eq!(lost.status, 400);
    assert_eq!(lost.error().2, ["loss_reason", "loss_category"]);
    let lost = api
        .call(Method::PATCH, &path)
        .json(&json!({"stage": "closed_lost", "loss_reason": "Budget cut", "loss_category": "budget"}))
        .send()
        .await;
    assert_eq!(lost.status, 200);
    let data = &lost.body["data"];
    assert_eq!(data["audit_log"].as_array().map(Vec::len), Some(1));
    assert_eq!(data["audit_log"][0]["from"], "lead");
    assert_eq!(data["audit_log"][0]["to"], "closed_lost");
    assert!(data["actual_close_date"].is_string());
}
