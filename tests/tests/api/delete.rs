use http::Method;
use integration_tests::TestApi;
use serde_json::json;

#[tokio::test]
async fn delete_is_soft_and_final() {
    let api = TestApi::new().await;
    api.given_records(&["usr-3f2504e0-4f89-41d3-9a0c-0305e82c3301"])
        .await;
    let kept = api.create(json!({"name": "kept"})).await;
    let deal = api.create(json!({"name": "gone", "stage": "qualified", "owner_id": "usr-3f2504e0-4f89-41d3-9a0c-0305e82c3301"})).await;
    let path = format!("/api/v1/crm/deals/{}", deal["id"].as_str().expect("id"));

    let deleted = api.call(Method::DELETE, &path).send().await;
    assert_eq!(deleted.status, 200);
    assert_eq!(deleted.body, json!({"data": {"deleted": true}}));
    assert_eq!(deleted.header("etag"), Some("\"2\""));

    assert_eq!(api.call(Method::GET, &path).send().await.status, 404);
    assert_eq!(
        api.call(Method::PATCH, &path)
            .json(&json!({"name": "x"}))
            .send()
            .await
            .status,
        404
    );
    assert_eq!(
        api.call(Method::PATCH, &format!("{path}/stage"))
            .json(&json!({"stage": "lead"}))
            .send()
            .await
            .status,
        404
    );
    let again = api.call(Method::DELETE, &path).send().await;
    assert_eq!(again.status, 404);
    assert_eq!(again.error().1, "Deal not found");

    for query in [
        "",
        "?stage=qualified",
        "?owner_id=usr-3f2504e0-4f89-41d3-9a0c-0305e82c3301",
    ] {
        let list = api
            .call(Method::GET, &format!("/api/v1/crm/deals{query}"))
            .send()
            .await;
        let ids: Vec<&str> = list.body["data"]
            .as_array()
            .expect("data")
            .iter()
            .filter_map(|d| d["id"].as_str())
            .collect();
        assert!(
            !ids.contains(&deal["id"].as_str().expect("id")),
            "{query} lists a deleted deal"
        );
    }
    let list = api.call(Method::GET, "/api/v1/crm/deals").send().await;
    assert_eq!(list.body["data"][0]["id"], kept["id"]);
}
