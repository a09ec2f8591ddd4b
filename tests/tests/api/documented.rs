//! Every request and response example of deals-api.txt, against `/api-v1-deals`, with the ids
//! of records the test creates; and one deal seen through both views.

use http::Method;
use integration_tests::{id_of, TestApi};
use serde_json::{json, Value};

/// The records the document's examples refer to, and a pipeline whose stages match its
/// examples (Qualified at 2, Sample Sent at 3, First Order at 4, with their colors).
struct Fixture {
    api: TestApi,
    organization: String,
    contact: String,
    user: String,
    /// stage-uuid-1, -2, -3 of the document.
    stages: [String; 3],
}

async fn fixture() -> Fixture {
    let api = TestApi::new().await;
    let organization = id_of(
        &api.create_in(
            "accounts",
            json!({"name": "Acme Retail Shop", "status": "active"}),
        )
        .await,
    );
    let contact = id_of(
        &api.create_in(
            "contacts",
            json!({"first_name": "John", "last_name": "Doe"}),
        )
        .await,
    );
    let user = id_of(
        &api.create_in(
            "users",
            json!({"full_name": "Sarah Smith", "email": "sarah@company.com"}),
        )
        .await,
    );
    let pipeline = api
        .create_in(
            "pipelines",
            json!({"name": "Wholesale", "stages": [
                {"name": "Lead", "color": "#94a3b8"},
                {"name": "Qualified", "color": "#3b82f6"},
                {"name": "Sample Sent", "color": "#8b5cf6"},
                {"name": "First Order", "color": "#10b981"},
                {"name": "Active Customer", "color": "#22c55e", "kind": "won"},
                {"name": "Lost", "color": "#ef4444", "kind": "lost"},
            ]}),
        )
        .await;
    let stages = [1, 2, 3].map(|i| id_of(&pipeline["stages"][i]));
    Fixture {
        api,
        organization,
        contact,
        user,
        stages,
    }
}

impl Fixture {
    /// The document's create request body.
    fn create_body(&self) -> Value {
        json!({
            "title": "Q1 Bulk Order",
            "value": 25000,
            "currency": "EUR",
            "stage_id": self.stages[0],
            "organization_id": self.organization,
            "contact_id": self.contact,
            "assigned_to": self.user,
            "expected_close_date": "2024-03-31",
            "probability": 75
        })
    }

    /// A deal as the document shows it, with all four includes.
    fn documented(&self, deal: &Value, fields: Value, stage: (usize, &str, &str, u64)) -> Value {
        let (index, name, color, position) = stage;
        let mut expected = json!({
            "id": deal["id"],
            "title": "Q1 Bulk Order",
            "value": 25000,
            "currency": "EUR",
            "stage_id": self.stages[index],
            "organization_id": self.organization,
            "contact_id": self.contact,
            "assigned_to": self.user,
            "expected_close_date": "2024-03-31",
            "probability": 75,
            "metadata": {},
            "created_at": deal["created_at"],
            "updated_at": deal["updated_at"],
            "organization": {"id": self.organization, "name": "Acme Retail Shop", "status": "active"},
            "contact": {"id": self.contact, "first_name": "John", "last_name": "Doe"},
            "stage": {"id": self.stages[index], "name": name, "color": color, "position": position},
            "assigned_user": {"id": self.user, "full_name": "Sarah Smith", "email": "sarah@company.com"}
        });
        for (key, value) in fields.as_object().cloned().unwrap_or_default() {
            expected[key] = value;
        }
        expected
    }

    async fn create(&self) -> Value {
        let response = self
            .api
            .call(Method::POST, "/api-v1-deals")
            .json(&self.create_body())
            .send()
            .await;
        assert_eq!(response.status, 201, "{}", response.body);
        response.body["data"].clone()
    }
}

const QUALIFIED: (usize, &str, &str, u64) = (0, "Qualified", "#3b82f6", 2);
const SAMPLE_SENT: (usize, &str, &str, u64) = (1, "Sample Sent", "#8b5cf6", 3);
const FIRST_ORDER: (usize, &str, &str, u64) = (2, "First Order", "#10b981", 4);

#[tokio::test]
async fn create_deal_example() {
    let f = fixture().await;
    let response = f
        .api
        .call(Method::POST, "/api-v1-deals")
        .json(&f.create_body())
        .send()
        .await;
    assert_eq!(response.status, 201, "{}", response.body);
    let deal = &response.body["data"];
    assert_eq!(
        response.body,
        json!({"data": f.documented(deal, json!({}), QUALIFIED)})
    );
    assert_eq!(
        response.header("location").map(String::from),
        Some(format!("/api-v1-deals/{}", id_of(deal)))
    );
    // Defaults: currency EUR, title trimmed, the first stage.
    let minimal = f
        .api
        .call(Method::POST, "/api-v1-deals")
        .json(&json!({"title": "  Trimmed  "}))
        .send()
        .await;
    assert_eq!(minimal.body["data"]["title"], "Trimmed");
    assert_eq!(minimal.body["data"]["currency"], "EUR");
    assert_eq!(minimal.body["data"]["stage"]["position"], 1);
    assert_eq!(minimal.body["data"]["value"], 0);
}

#[tokio::test]
async fn create_deal_error_examples() {
    let f = fixture().await;
    let missing = f
        .api
        .call(Method::POST, "/api-v1-deals")
        .json(&json!({"value": 25000}))
        .send()
        .await;
    assert_eq!(missing.status, 400);
    assert_eq!(
        missing.body,
        json!({"error": {"code": "VALIDATION_ERROR", "message": "Title is required", "details": [{"field": "title", "message": "Title is required"}]}})
    );
    let other = f.api.other_tenant();
    let foreign_stage = id_of(
        &other
            .create_in("pipelines", json!({"name": "Theirs"}))
            .await["stages"][0],
    );
    for stage in ["stage-uuid-1", foreign_stage.as_str()] {
        let invalid = f
            .api
            .call(Method::POST, "/api-v1-deals")
            .json(&json!({"title": "Q1", "stage_id": stage}))
            .send()
            .await;
        assert_eq!(invalid.status, 400);
        assert_eq!(
            invalid.body,
            json!({"error": {"code": "VALIDATION_ERROR", "message": "Invalid stage", "details": [{"field": "stage_id", "message": "Stage not found or does not belong to your company"}]}})
        );
    }
    let foreign_organization = other.account("Not yours").await;
    let organization = f
        .api
        .call(Method::POST, "/api-v1-deals")
        .json(&json!({"title": "Q1", "organization_id": foreign_organization}))
        .send()
        .await;
    assert_eq!(organization.status, 400);
    assert_eq!(
        organization.body,
        json!({"error": {"code": "VALIDATION_ERROR", "message": "Organization not found", "details": [{"field": "organization_id", "message": "Organization not found"}]}})
    );
    let list = f.api.call(Method::GET, "/api-v1-deals").send().await;
    assert_eq!(
        list.body["data"],
        json!([]),
        "no refused request wrote anything"
    );
}

#[tokio::test]
async fn get_deal_examples() {
    let f = fixture().await;
    let deal = f.create().await;
    let response = f
        .api
        .call(Method::GET, &format!("/api-v1-deals/{}", id_of(&deal)))
        .send()
        .await;
    assert_eq!(response.status, 200);
    assert_eq!(
        response.body,
        json!({"data": f.documented(&deal, json!({}), QUALIFIED)})
    );
    let missing = f
        .api
        .call(Method::GET, "/api-v1-deals/deal_01J0000000000000000000000A")
        .send()
        .await;
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.body,
        json!({"error": {"code": "NOT_FOUND", "message": "Deal not found"}})
    );
}

#[tokio::test]
async fn list_deals_examples() {
    let f = fixture().await;
    let deal = f.create().await;
    let documented = f.documented(&deal, json!({}), QUALIFIED);
    let without: Value = documented
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(k, _)| {
                    !["organization", "contact", "stage", "assigned_user"].contains(&k.as_str())
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    let pagination = json!({"total": 1, "limit": 50, "page": 1, "per_page": 50, "total_pages": 1, "has_more": false});

    let plain = f.api.call(Method::GET, "/api-v1-deals").send().await;
    assert_eq!(
        plain.body,
        json!({"data": [without], "pagination": pagination})
    );
    let included = f
        .api
        .call(
            Method::GET,
            "/api-v1-deals?include=organization,contact,stage,assigned_user",
        )
        .send()
        .await;
    assert_eq!(
        included.body,
        json!({"data": [documented], "pagination": pagination})
    );

    // The document's example request.
    f.api
        .call(Method::POST, "/api-v1-deals")
        .json(&json!({"title": "Small", "value": 5000}))
        .send()
        .await;
    f.api
        .call(Method::POST, "/api-v1-deals")
        .json(&json!({"title": "Big", "value": 90000}))
        .send()
        .await;
    let example = f
        .api
        .call(
            Method::GET,
            "/api-v1-deals?limit=20&include=organization,stage&value[gte]=10000&sort=-value",
        )
        .send()
        .await;
    assert_eq!(example.status, 200, "{}", example.body);
    let titles: Vec<&str> = example.body["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|d| d["title"].as_str())
        .collect();
    assert_eq!(titles, ["Big", "Q1 Bulk Order"]);
    let first = &example.body["data"][1];
    assert_eq!(first["organization"], documented["organization"]);
    assert_eq!(first["stage"], documented["stage"]);
    assert!(first.get("contact").is_none() && first.get("assigned_user").is_none());
    assert_eq!(
        example.body["pagination"],
        json!({"total": 2, "limit": 20, "page": 1, "per_page": 20, "total_pages": 1, "has_more": false})
    );

    for (query, expected) in [
        ("title[like]=bulk", vec!["Q1 Bulk Order"]),
        (
            &format!("stage_id={}", f.stages[0]) as &str,
            vec!["Q1 Bulk Order"],
        ),
        (
            &format!("organization_id={}", f.organization),
            vec!["Q1 Bulk Order"],
        ),
        (&format!("contact_id={}", f.contact), vec!["Q1 Bulk Order"]),
        (&format!("assigned_to={}", f.user), vec!["Q1 Bulk Order"]),
        ("expected_close_date[lte]=2024-12-31", vec!["Q1 Bulk Order"]),
        ("sort=title&page=1&per_page=2", vec!["Big", "Q1 Bulk Order"]),
        (
            "created_at[gte]=2020-01-01&sort=-created_at&limit=1",
            vec!["Big"],
        ),
    ] {
        let response = f
            .api
            .call(Method::GET, &format!("/api-v1-deals?{query}"))
            .send()
            .await;
        assert_eq!(response.status, 200, "{query}: {}", response.body);
        let titles: Vec<&str> = response.body["data"]
            .as_array()
            .expect("data")
            .iter()
            .filter_map(|d| d["title"].as_str())
            .collect();
        assert_eq!(titles, expected, "{query}");
    }
    let paged = f
        .api
        .call(Method::GET, "/api-v1-deals?limit=1")
        .send()
        .await;
    assert_eq!(paged.body["pagination"]["has_more"], true);
    let cursor = paged.body["pagination"]["next_cursor"]
        .as_str()
        .expect("a cursor to the next page");
    let next = f
        .api
        .call(
            Method::GET,
            &format!("/api-v1-deals?limit=1&cursor={cursor}"),
        )
        .send()
        .await;
    assert_eq!(next.body["pagination"]["page"], 2);
    for (query, field) in [
        ("tags=x", "tags"),
        ("title[between]=a", "title[between]"),
        ("sort=name", "sort"),
        ("include=owner", "include"),
        ("value=ten", "value"),
    ] {
        let response = f
            .api
            .call(Method::GET, &format!("/api-v1-deals?{query}"))
            .send()
            .await;
        assert_eq!(response.status, 400, "{query}");
        assert_eq!(
            response.body["error"]["details"][0]["field"], field,
            "{query}: {}",
            response.body
        );
    }
}

#[tokio::test]
async fn update_deal_examples() {
    let f = fixture().await;
    let mut body = f.create_body();
    body["expected_close_date"] = json!("2024-04-15");
    let created = f
        .api
        .call(Method::POST, "/api-v1-deals")
        .json(&body)
        .send()
        .await;
    let path = format!("/api-v1-deals/{}", id_of(&created.body["data"]));
    let response = f
        .api
        .call(Method::PATCH, &path)
        .json(&json!({"title": "Q1 Bulk Order - Updated", "value": 30000, "stage_id": f.stages[1], "probability": 85}))
        .send()
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    let deal = &response.body["data"];
    let expected = f.documented(deal, json!({"title": "Q1 Bulk Order - Updated", "value": 30000, "expected_close_date": "2024-04-15", "probability": 85}), SAMPLE_SENT);
    assert_eq!(response.body, json!({"data": expected}));
    assert_ne!(deal["updated_at"], created.body["data"]["updated_at"]);

    let cleared = f.api.call(Method::PATCH, &path).json(&json!({"organization_id": null, "contact_id": null, "assigned_to": null, "expected_close_date": null, "metadata": {"k": "v"}})).send().await;
    let data = &cleared.body["data"];
    assert_eq!(
        (
            data["organization_id"].clone(),
            data["organization"].clone(),
            data["assigned_user"].clone()
        ),
        (Value::Null, Value::Null, Value::Null)
    );
    assert_eq!(data["metadata"], json!({"k": "v"}));

    let missing = f
        .api
        .call(
            Method::PATCH,
            "/api-v1-deals/deal_01J0000000000000000000000A",
        )
        .json(&json!({"title": "x"}))
        .send()
        .await;
    assert_eq!(
        missing.body,
        json!({"error": {"code": "NOT_FOUND", "message": "Deal not found"}})
    );
    let empty = f
        .api
        .call(Method::PATCH, &path)
        .json(&json!({}))
        .send()
        .await;
    assert_eq!(empty.status, 400);
    assert_eq!(
        empty.body,
        json!({"error": {"code": "INVALID_REQUEST", "message": "No fields to update"}})
    );
}

#[tokio::test]
async fn update_deal_stage_examples() {
    let f = fixture().await;
    let deal = f.create().await;
    let path = format!("/api-v1-deals/{}/stage", id_of(&deal));
    let response = f
        .api
        .call(Method::PATCH, &path)
        .json(&json!({"stage_id": f.stages[2]}))
        .send()
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    let moved = &response.body["data"];
    assert_eq!(
        response.body,
        json!({"data": f.documented(moved, json!({}), FIRST_ORDER)})
    );

    let missing = f
        .api
        .call(Method::PATCH, &path)
        .json(&json!({}))
        .send()
        .await;
    assert_eq!(missing.status, 400);
    assert_eq!(
        missing.body,
        json!({"error": {"code": "INVALID_REQUEST", "message": "stage_id is required"}})
    );
    let invalid = f
        .api
        .call(Method::PATCH, &path)
        .json(&json!({"stage_id": "stage-uuid-9"}))
        .send()
        .await;
    assert_eq!(invalid.status, 400);
    assert_eq!(
        invalid.body,
        json!({"error": {"code": "VALIDATION_ERROR", "message": "Invalid stage", "details": [{"field": "stage_id", "message": "Stage not found"}]}})
    );
}

#[tokio::test]
async fn delete_deal_examples() {
    let f = fixture().await;
    let deal = f.create().await;
    let path = format!("/api-v1-deals/{}", id_of(&deal));
    let deleted = f.api.call(Method::DELETE, &path).send().await;
    assert_eq!(deleted.status, 200);
    assert_eq!(deleted.body, json!({"data": {"deleted": true}}));
    let again = f.api.call(Method::DELETE, &path).send().await;
    assert_eq!(
        again.body,
        json!({"error": {"code": "NOT_FOUND", "message": "Deal not found"}})
    );
    assert_eq!(f.api.call(Method::GET, &path).send().await.status, 404);
    let crm = f
        .api
        .call(Method::GET, &format!("/api/v1/crm/deals/{}", id_of(&deal)))
        .send()
        .await;
    assert_eq!(crm.status, 404, "deleted in both views");
}

#[tokio::test]
async fn one_deal_through_both_views() {
    let f = fixture().await;
    let documented = f.create().await;
    let crm = f
        .api
        .call(
            Method::GET,
            &format!("/api/v1/crm/deals/{}", id_of(&documented)),
        )
        .send()
        .await;
    let deal = &crm.body["data"];
    for (document, core) in [
        ("title", "name"),
        ("stage_id", "stage"),
        ("organization_id", "account_id"),
        ("contact_id", "primary_contact_id"),
        ("assigned_to", "owner_id"),
        ("metadata", "custom_fields"),
        ("value", "value"),
        ("currency", "currency"),
        ("expected_close_date", "expected_close_date"),
        ("probability", "probability"),
        ("created_at", "created_at"),
        ("updated_at", "updated_at"),
    ] {
        assert_eq!(documented[document], deal[core], "{document} ↔ {core}");
    }
    assert!(
        deal["pipeline_id"]
            .as_str()
            .is_some_and(|p| p.starts_with("pip_")),
        "the stage brought its pipeline"
    );

    let from_crm = f
        .api
        .create(json!({"name": "Made in the CRM", "value": 12, "account_id": f.organization, "owner_id": f.user, "custom_fields": {"risk": 2}}))
        .await;
    let seen = f
        .api
        .call(Method::GET, &format!("/api-v1-deals/{}", id_of(&from_crm)))
        .send()
        .await;
    let view = &seen.body["data"];
    assert_eq!(view["title"], "Made in the CRM");
    assert_eq!(view["organization"]["name"], "Acme Retail Shop");
    assert_eq!(view["assigned_user"]["full_name"], "Sarah Smith");
    assert_eq!(view["metadata"], json!({"risk": 2}));
    assert_eq!(view["contact"], Value::Null);
    assert_eq!(
        view["stage"]["name"], "Lead",
        "the default pipeline's first stage"
    );

    let patched = f
        .api
        .call(
            Method::PATCH,
            &format!("/api-v1-deals/{}", id_of(&from_crm)),
        )
        .json(&json!({"title": "Renamed"}))
        .send()
        .await;
    assert_eq!(patched.status, 200);
    let again = f
        .api
        .call(
            Method::GET,
            &format!("/api/v1/crm/deals/{}", id_of(&from_crm)),
        )
        .send()
        .await;
    assert_eq!(again.body["data"]["name"], "Renamed");
    assert_eq!(again.body["data"]["version"], 2);
}
