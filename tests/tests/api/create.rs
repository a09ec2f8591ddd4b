use http::Method;
use integration_tests::TestApi;
use serde_json::json;

const OWNER: &str = "usr-3f2504e0-4f89-41d3-9a0c-0305e82c3301";
const ACCOUNT: &str = "acc-6ba7b810-9dad-11d1-80b4-00c04fd430c8";

#[tokio::test]
async fn create_answers_201_with_defaults_and_server_fields() {
    let api = TestApi::new().await;
    api.given_records(&[OWNER, ACCOUNT]).await;
    let response = api
        .call(Method::POST, "/api/v1/crm/deals")
        .json(&json!({"name": "  Q1 Bulk Order ", "value": 25000, "owner_id": OWNER, "account_id": ACCOUNT}))
        .send()
        .await;
    assert_eq!(response.status, 201, "{}", response.body);
    let deal = &response.body["data"];
    let id = deal["id"].as_str().expect("id");
    assert!(id.starts_with("deal_") && id.len() == 31, "{id}");
    assert_eq!(deal["name"], "Q1 Bulk Order");
    assert_eq!(deal["value"], 25000);
    assert_eq!(deal["currency"], "EUR");
    assert_eq!(deal["stage"], "lead");
    assert_eq!(deal["pipeline_id"], "default");
    assert_eq!(deal["tenant_id"], api.tenant.as_str());
    assert_eq!(deal["source"], "edm");
    assert_eq!(deal["source_type"], "api");
    assert_eq!(deal["version"], 1);
    assert_eq!(deal["schema_version"], 1);
    assert_eq!(deal["is_deleted"], false);
    assert_eq!(deal["deleted_at"], json!(null));
    assert_eq!(deal["created_by"], local::token::DEV_SUBJECT);
    assert_eq!(deal["created_at"], deal["updated_at"]);
    assert_eq!(deal["audit_log"], json!([]));
    let year = &deal["created_at"].as_str().expect("created_at")[..4];
    assert_eq!(deal["deal_number"], format!("DEAL-{year}-00001"));
    assert_eq!(response.header("etag"), Some("\"1\""));
    assert_eq!(
        response.header("location"),
        Some(format!("/api/v1/crm/deals/{id}").as_str())
    );

    let fetched = api
        .call(Method::GET, &format!("/api/v1/crm/deals/{id}"))
        .send()
        .await;
    assert_eq!(fetched.status, 200);
    assert_eq!(
        &fetched.body["data"], deal,
        "what was created is what is stored"
    );
}

#[tokio::test]
async fn every_field_of_the_schema_round_trips() {
    let api = TestApi::new().await;
    api.given_records(&[OWNER, ACCOUNT, "con-9b2f1c1e-8d2a-4c3b-9f4e-1a2b3c4d5e6f"])
        .await;
    let body = json!({
        "name": "Everything", "account_id": ACCOUNT, "owner_id": OWNER, "pipeline_id": "default",
        "stage": "proposal", "value": 1234.5, "currency": "usd", "probability": 40,
        "forecast_category": "best_case", "expected_close_date": "2026-12-31",
        "next_followup_date": "2026-12-01T09:30:00+01:00", "deal_type": "new_business",
        "deal_source": "rfp", "competitors": ["Acme", "Globex"], "closure_notes": "n/a",
        "primary_contact_id": "con-9b2f1c1e-8d2a-4c3b-9f4e-1a2b3c4d5e6f",
        "contact_ids": ["con-9b2f1c1e-8d2a-4c3b-9f4e-1a2b3c4d5e6f"],
        "rfp_record_id": "rfp-0e7b5c8a-1d2e-4f3a-8b9c-0d1e2f3a4b5c", "quote_ids": ["q-1"],
        "proposal_ids": ["p-1"], "attachment_refs": ["tenant/msa.pdf"],
        "linked_task_ids": ["tsk-5d6e7f80-1a2b-4c3d-8e9f-a0b1c2d3e4f5"],
        "custom_fields": {"risk_score": 3, "bid": {"decision": "go", "at": [1, 2.5]}},
        "tags": ["enterprise", "q4"], "deal_number": "DEAL-2026-04242",
        "source": "import", "source_type": "backend",
    });
    let deal = api.create(body.clone()).await;
    for (field, value) in body.as_object().expect("object") {
        let expected = match field.as_str() {
            "currency" => json!("USD"),
            "next_followup_date" => json!("2026-12-01T08:30:00.000Z"),
            _ => value.clone(),
        };
        assert_eq!(deal[field], expected, "field {field}");
    }
}

#[tokio::test]
async fn invalid_bodies_are_refused_field_by_field() {
    let api = TestApi::new().await;
    let call = |body: serde_json::Value| {
        api.call(Method::POST, "/api/v1/crm/deals")
            .json(&body)
            .send()
    };

    let missing = call(json!({"value": 5})).await;
    assert_eq!(missing.status, 400);
    assert_eq!(
        missing.error(),
        (
            "VALIDATION_ERROR".into(),
            "Name is required".into(),
            vec!["name".into()]
        )
    );

    let many = call(json!({
        "name": "ok", "value": "5", "currency": "XXX1", "probability": 150, "owner_id": "bob",
        "expected_close_date": "31/12/2026", "tags": "a", "custom_fields": [], "colour": "red", "id": "deal_x",
    }))
    .await;
    assert_eq!(many.status, 400);
    let (code, _, mut fields) = many.error();
    fields.sort();
    assert_eq!(code, "VALIDATION_ERROR");
    assert_eq!(
        fields,
        [
            "colour",
            "currency",
            "custom_fields",
            "expected_close_date",
            "id",
            "owner_id",
            "probability",
            "tags",
            "value"
        ]
    );

    let lost = call(json!({"name": "x", "stage": "closed_lost"})).await;
    assert_eq!(lost.error().2, ["loss_reason", "loss_category"]);

    let not_json = api
        .call(Method::POST, "/api/v1/crm/deals")
        .raw_body("{name: nope")
        .send()
        .await;
    assert_eq!(not_json.status, 400);
    assert_eq!(not_json.error().0, "INVALID_REQUEST");
    let array = call(json!([{"name": "x"}])).await;
    assert_eq!(array.error().0, "INVALID_REQUEST");
    let huge = call(json!({"name": "x", "closure_notes": "a".repeat(70_000)})).await;
    assert_eq!(huge.status, 413);
    assert_eq!(huge.error().0, "PAYLOAD_TOO_LARGE");

    let list = api.call(Method::GET, "/api/v1/crm/deals").send().await;
    assert_eq!(
        list.body["data"],
        json!([]),
        "no refused request wrote anything"
    );
}

#[tokio::test]
async fn closing_on_create_sets_the_close_date() {
    let api = TestApi::new().await;
    let won = api
        .create(json!({"name": "W", "stage": "closed_won"}))
        .await;
    let today = &won["created_at"].as_str().expect("created_at")[..10];
    assert_eq!(won["actual_close_date"], today);
    let lost = api
        .create(json!({"name": "L", "stage": "closed_lost", "loss_reason": "Too pricey", "loss_category": "price"}))
        .await;
    assert_eq!(lost["actual_close_date"], today);
}

#[tokio::test]
async fn deal_numbers_are_unique_per_tenant() {
    let api = TestApi::new().await;
    let first = api.create(json!({"name": "a"})).await;
    let year = &first["created_at"].as_str().expect("created_at")[..4];
    assert_eq!(first["deal_number"], format!("DEAL-{year}-00001"));
    // A client takes the number the server would hand out next...
    let chosen = api
        .create(json!({"name": "b", "deal_number": format!("DEAL-{year}-00002")}))
        .await;
    assert_eq!(chosen["deal_number"], format!("DEAL-{year}-00002"));
    // ...so the server skips it.
    let third = api.create(json!({"name": "c"})).await;
    assert_eq!(third["deal_number"], format!("DEAL-{year}-00003"));

    let taken = api
        .call(Method::POST, "/api/v1/crm/deals")
        .json(&json!({"name": "d", "deal_number": format!("DEAL-{year}-00003")}))
        .send()
        .await;
    assert_eq!(taken.status, 409);
    assert_eq!(taken.error().0, "CONFLICT");
    assert_eq!(taken.error().2, ["deal_number"]);
    let list = api.call(Method::GET, "/api/v1/crm/deals").send().await;
    assert_eq!(
        list.body["data"].as_array().map(Vec::len),
        Some(3),
        "the refused deal was not written"
    );

    // Numbers are per tenant: another tenant starts at 00001 and may reuse ours.
    let other = api.other_tenant();
    assert_eq!(
        other.create(json!({"name": "x"})).await["deal_number"],
        format!("DEAL-{year}-00001")
    );
    let reused = other
        .create(json!({"name": "y", "deal_number": format!("DEAL-{year}-00003")}))
        .await;
    assert_eq!(reused["deal_number"], format!("DEAL-{year}-00003"));
}
