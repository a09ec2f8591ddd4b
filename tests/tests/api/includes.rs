use http::Method;
use integration_tests::{id_of, TestApi};
use serde_json::{json, Value};

/// A deal with every kind of related record.
async fn related_deal(api: &TestApi) -> (Value, [String; 4]) {
    let account = api.account("Acme Retail Shop").await;
    let owner = api.user("Sarah Smith").await;
    let first = api.contact("John").await;
    let second = api.contact("Jane").await;
    let deal = api
        .create(json!({
            "name": "Q1 Bulk Order", "account_id": account, "owner_id": owner,
            "primary_contact_id": first, "contact_ids": [first, second], "stage": "qualified",
        }))
        .await;
    (deal, [account, owner, first, second])
}

fn included_keys(deal: &Value) -> Vec<String> {
    deal["included"]
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn writes_and_reads_of_one_deal_embed_everything() {
    let api = TestApi::new().await;
    let (created, [account, owner, first, second]) = related_deal(&api).await;
    let check = |deal: &Value| {
        let included = &deal["included"];
        assert_eq!(included["account"]["id"], account.as_str());
        assert_eq!(included["account"]["name"], "Acme Retail Shop");
        assert_eq!(included["account"]["status"], "active");
        assert_eq!(included["owner"]["full_name"], "Sarah Smith");
        assert_eq!(included["owner"]["id"], owner.as_str());
        assert_eq!(included["primary_contact"]["first_name"], "John");
        let contacts: Vec<&str> = included["contacts"]
            .as_array()
            .expect("contacts")
            .iter()
            .filter_map(|c| c["id"].as_str())
            .collect();
        assert_eq!(contacts, [first.as_str(), second.as_str()]);
        assert_eq!(included["stage"]["id"], deal["stage"]);
        assert_eq!(included["pipeline"]["id"], "default");
        assert!(
            deal["stage"].is_string(),
            "the deal's own stage stays its id"
        );
    };
    check(&created);
    assert_eq!(
        included_keys(&created),
        [
            "account",
            "primary_contact",
            "contacts",
            "stage",
            "pipeline",
            "owner"
        ]
    );
    let path = format!("/api/v1/crm/deals/{}", id_of(&created));
    check(&api.call(Method::GET, &path).send().await.body["data"]);
    let updated = api
        .call(Method::PATCH, &path)
        .json(&json!({"value": 5}))
        .send()
        .await;
    check(&updated.body["data"]);
    let moved = api
        .call(Method::PATCH, &format!("{path}/stage"))
        .json(&json!({"stage": "proposal"}))
        .send()
        .await;
    check(&moved.body["data"]);
    assert_eq!(moved.body["data"]["included"]["stage"]["name"], "Proposal");

    let bare = api.create(json!({"name": "bare"})).await;
    assert_eq!(bare["included"]["account"], Value::Null);
    assert_eq!(bare["included"]["contacts"], json!([]));
}

#[tokio::test]
async fn lists_and_gets_embed_what_include_names() {
    let api = TestApi::new().await;
    let (deal, _) = related_deal(&api).await;
    let plain = api.call(Method::GET, "/api/v1/crm/deals").send().await;
    assert!(
        plain.body["data"][0].get("included").is_none(),
        "lists embed nothing unless asked"
    );
    let some = api
        .call(Method::GET, "/api/v1/crm/deals?include=owner,account")
        .send()
        .await;
    assert_eq!(included_keys(&some.body["data"][0]), ["owner", "account"]);
    let one = api
        .call(
            Method::GET,
            &format!("/api/v1/crm/deals/{}?include=stage", id_of(&deal)),
        )
        .send()
        .await;
    assert_eq!(included_keys(&one.body["data"]), ["stage"]);
    let unknown = api
        .call(
            Method::GET,
            "/api/v1/crm/deals?include=account,organization",
        )
        .send()
        .await;
    assert_eq!(unknown.status, 400);
    assert_eq!(unknown.error().2, ["include"]);
}

#[tokio::test]
async fn a_page_of_deals_fetches_its_records_in_one_batch() {
    let api = TestApi::in_process().await;
    let accounts = [
        api.account("A").await,
        api.account("B").await,
        api.account("C").await,
    ];
    let owners = [api.user("U1").await, api.user("U2").await];
    let mut contacts = Vec::new();
    for n in 0..5 {
        contacts.push(api.contact(&format!("C{n}")).await);
    }
    for n in 0..20 {
        api.create(json!({
            "name": format!("deal {n}"), "account_id": accounts[n % 3], "owner_id": owners[n % 2],
            "primary_contact_id": contacts[n % 5], "contact_ids": [contacts[(n + 1) % 5], contacts[(n + 2) % 5]],
        }))
        .await;
    }
    let stats = &api.ctx.dynamodb;
    let before = stats.calls();
    let page = api
        .call(
            Method::GET,
            "/api/v1/crm/deals?limit=20&include=account,primary_contact,contacts,owner",
        )
        .send()
        .await;
    assert_eq!(page.status, 200);
    assert_eq!(
        stats.calls() - before,
        3,
        "the tenant's counts, one Query for the deals, one BatchGetItem for 10 distinct records"
    );
    let deals = page.body["data"].as_array().expect("deals");
    assert_eq!(deals.len(), 20);
    for deal in deals {
        assert_eq!(deal["included"]["account"]["id"], deal["account_id"]);
        assert_eq!(deal["included"]["owner"]["id"], deal["owner_id"]);
        assert_eq!(
            deal["included"]["contacts"].as_array().map(Vec::len),
            Some(2)
        );
    }
    let before = stats.calls();
    let with_stages = api
        .call(
            Method::GET,
            "/api/v1/crm/deals?limit=20&include=stage,pipeline,owner",
        )
        .send()
        .await;
    assert_eq!(with_stages.status, 200);
    assert_eq!(
        stats.calls() - before,
        3,
        "the deals' pipeline in the same BatchGetItem as the owners"
    );
    let before = stats.calls();
    api.call(Method::GET, "/api/v1/crm/deals?limit=20")
        .send()
        .await;
    assert_eq!(
        stats.calls() - before,
        3,
        "no include: the page, its count and the pipelines that say whether its deals rot"
    );
}

#[tokio::test]
async fn include_may_be_repeated_as_generated_clients_send_it() {
    let api = TestApi::new().await;
    let (deal, _) = related_deal(&api).await;
    let id = id_of(&deal);
    for uri in [
        "/api/v1/crm/deals?include=owner&include=account".to_owned(),
        "/api/v1/crm/deals?include=owner&limit=5&include=account".to_owned(),
        "/api/v1/crm/deals?include=owner,account&include=account".to_owned(),
    ] {
        let listed = api.call(Method::GET, &uri).send().await;
        assert_eq!(listed.status, 200, "{uri}: {}", listed.body);
        assert_eq!(
            included_keys(&listed.body["data"][0]),
            ["owner", "account"],
            "{uri}"
        );
    }
    let one = api
        .call(
            Method::GET,
            &format!("/api/v1/crm/deals/{id}?include=stage&include=owner"),
        )
        .send()
        .await;
    assert_eq!(included_keys(&one.body["data"]), ["stage", "owner"]);
    let documented = api
        .call(
            Method::GET,
            &format!("/api-v1-deals/{id}?include=organization&include=assigned_user"),
        )
        .send()
        .await;
    assert_eq!(documented.status, 200, "{}", documented.body);
    assert!(documented.body["data"]["organization"].is_object());
    assert!(documented.body["data"]["assigned_user"].is_object());
    assert!(documented.body["data"].get("contact").is_none());
    let documented_list = api
        .call(
            Method::GET,
            "/api-v1-deals?include=organization&include=contact",
        )
        .send()
        .await;
    assert_eq!(documented_list.status, 200, "{}", documented_list.body);
    assert!(documented_list.body["data"][0]["organization"].is_object());
    assert!(documented_list.body["data"][0]["contact"].is_object());
    let unknown = api
        .call(
            Method::GET,
            "/api/v1/crm/deals?include=owner&include=organization",
        )
        .send()
        .await;
    assert_eq!(unknown.status, 400);
    assert_eq!(unknown.error().2, ["include"]);
}
