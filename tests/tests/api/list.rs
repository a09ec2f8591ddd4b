use std::collections::HashSet;

use http::Method;
use integration_tests::{names, TestApi, READ_WRITE};
use serde_json::json;

const OWNER_A: &str = "usr-3f2504e0-4f89-41d3-9a0c-0305e82c3301";
const OWNER_B: &str = "usr-7c9e6679-7425-40de-944b-e07fc1f90ae7";
const ACCOUNT: &str = "acc-6ba7b810-9dad-11d1-80b4-00c04fd430c8";

#[tokio::test]
async fn lists_are_newest_first_and_pages_cover_everything_once() {
    let api = TestApi::new().await;
    for n in 0..7 {
        api.create(json!({"name": format!("deal {n}")})).await;
    }
    let all = api.call(Method::GET, "/api/v1/crm/deals").send().await;
    assert_eq!(all.status, 200);
    assert_eq!(
        names(&all.body),
        (0..7)
            .rev()
            .map(|n| format!("deal {n}"))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        all.body["pagination"],
        json!({"total": 7, "total_estimated": false, "limit": 50, "page": 1, "per_page": 50,
               "total_pages": 1, "has_more": false, "next_cursor": null})
    );

    let mut seen = Vec::new();
    let mut uri = "/api/v1/crm/deals?limit=3".to_owned();
    let mut pages = 0;
    loop {
        let page = api.call(Method::GET, &uri).send().await;
        assert_eq!(page.status, 200, "{}", page.body);
        pages += 1;
        seen.extend(names(&page.body));
        let pagination = &page.body["pagination"];
        assert_eq!(pagination["limit"], 3);
        match pagination["next_cursor"].as_str() {
            Some(cursor) => {
                assert_eq!(pagination["has_more"], true);
                uri = format!("/api/v1/crm/deals?limit=3&cursor={cursor}");
            }
            None => {
                assert_eq!(pagination["has_more"], false);
                break;
            }
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, names(&all.body));
}

#[tokio::test]
async fn filters_select_by_stage_owner_account_and_pipeline() {
    let api = TestApi::new().await;
    api.given_records(&[OWNER_A, OWNER_B, ACCOUNT]).await;
    api.create(
        json!({"name": "a", "stage": "qualified", "owner_id": OWNER_A, "account_id": ACCOUNT}),
    )
    .await;
    api.create(json!({"name": "b", "stage": "qualified", "owner_id": OWNER_B}))
        .await;
    api.create(json!({"name": "c", "stage": "proposal", "owner_id": OWNER_A}))
        .await;
    api.create(json!({"name": "d"})).await;

    let cases = [
        ("stage=qualified", vec!["b", "a"]),
        (&format!("owner_id={OWNER_A}") as &str, vec!["c", "a"]),
        (&format!("stage=qualified&owner_id={OWNER_A}"), vec!["a"]),
        (&format!("account_id={ACCOUNT}"), vec!["a"]),
        (&format!("owner_id={OWNER_B}&account_id={ACCOUNT}"), vec![]),
        ("pipeline_id=default", vec!["d", "c", "b", "a"]),
        ("stage=closed_won", vec![]),
    ];
    for (query, expected) in cases {
        let response = api
            .call(Method::GET, &format!("/api/v1/crm/deals?{query}"))
            .send()
            .await;
        assert_eq!(response.status, 200, "{query}: {}", response.body);
        assert_eq!(names(&response.body), expected, "{query}");
    }

    let mut moved = api
        .call(Method::GET, "/api/v1/crm/deals?stage=proposal")
        .send()
        .await;
    let id = moved.body["data"][0]["id"].as_str().expect("id").to_owned();
    moved = api
        .call(Method::PATCH, &format!("/api/v1/crm/deals/{id}/stage"))
        .json(&json!({"stage": "qualified"}))
        .send()
        .await;
    assert_eq!(moved.status, 200);
    let qualified = api
        .call(Method::GET, "/api/v1/crm/deals?stage=qualified")
        .send()
        .await;
    assert_eq!(
        names(&qualified.body),
        ["c", "b", "a"],
        "the stage index follows a stage move"
    );
    let proposal = api
        .call(Method::GET, "/api/v1/crm/deals?stage=proposal")
        .send()
        .await;
    assert_eq!(names(&proposal.body), Vec::<String>::new());
}

#[tokio::test]
async fn filtered_pages_continue_where_they_stopped() {
    let api = TestApi::new().await;
    api.given_records(&[ACCOUNT]).await;
    for n in 0..5 {
        api.create(json!({"name": format!("q{n}"), "stage": "qualified", "account_id": ACCOUNT}))
            .await;
        api.create(json!({"name": format!("x{n}")})).await;
    }
    let mut seen = HashSet::new();
    let mut uri = format!("/api/v1/crm/deals?account_id={ACCOUNT}&limit=2");
    loop {
        let page = api.call(Method::GET, &uri).send().await;
        for name in names(&page.body) {
            assert!(name.starts_with('q'), "{name}");
            assert!(seen.insert(name), "a deal was listed twice");
        }
        match page.body["pagination"]["next_cursor"].as_str() {
            Some(cursor) => {
                uri = format!("/api/v1/crm/deals?account_id={ACCOUNT}&limit=2&cursor={cursor}")
            }
            None => break,
        }
    }
    assert_eq!(seen.len(), 5);
}

#[tokio::test]
async fn list_parameters_are_validated() {
    let api = TestApi::new().await;
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("stage=won!", "stage"),
        ("owner_id=bob", "owner_id"),
        ("account_id=acc-1", "account_id"),
        ("pipeline_id=", "pipeline_id"),
        ("cursor=not-a-cursor", "cursor"),
        ("colour=red", "colour"),
    ] {
        let uri = format!("/api/v1/crm/deals?{query}");
        let response = api.get(&uri).await;
        let (_, fields) = response.expect_error(400, "VALIDATION_ERROR", query, &uri);
        assert_eq!(fields, [field], "{query}");
    }
    let max = api
        .call(Method::GET, "/api/v1/crm/deals?limit=100")
        .send()
        .await;
    assert_eq!(max.status, 200);
}

#[tokio::test]
async fn tenants_never_see_each_other() {
    let alice = TestApi::new().await;
    let bob = alice.other_tenant();
    alice.given_records(&[OWNER_A]).await;
    bob.given_records(&[OWNER_A]).await;
    let deal = alice
        .create(json!({"name": "alice's", "stage": "qualified", "owner_id": OWNER_A}))
        .await;
    bob.create(json!({"name": "bob's", "stage": "qualified", "owner_id": OWNER_A}))
        .await;
    let path = format!("/api/v1/crm/deals/{}", deal["id"].as_str().expect("id"));

    for query in ["", "?stage=qualified", &format!("?owner_id={OWNER_A}")] {
        let list = bob
            .call(Method::GET, &format!("/api/v1/crm/deals{query}"))
            .send()
            .await;
        assert_eq!(names(&list.body), ["bob's"], "{query}");
    }
    let get = bob.call(Method::GET, &path).send().await;
    assert_eq!(
        get.status, 404,
        "another tenant's deal is not found, not forbidden"
    );
    assert_eq!(
        bob.call(Method::PATCH, &path)
            .json(&json!({"name": "mine"}))
            .send()
            .await
            .status,
        404
    );
    assert_eq!(
        bob.call(Method::PATCH, &format!("{path}/stage"))
            .json(&json!({"stage": "lead"}))
            .send()
            .await
            .status,
        404
    );
    assert_eq!(bob.call(Method::DELETE, &path).send().await.status, 404);

    // A cursor is signed for its tenant: Alice's cursor is refused to Bob.
    alice.create(json!({"name": "alice 2"})).await;
    let page = alice
        .call(Method::GET, "/api/v1/crm/deals?limit=1")
        .send()
        .await;
    let cursor = page.body["pagination"]["next_cursor"]
        .as_str()
        .expect("cursor");
    let replay = bob
        .call(
            Method::GET,
            &format!("/api/v1/crm/deals?limit=1&cursor={cursor}"),
        )
        .send()
        .await;
    assert_eq!(replay.status, 400);
    assert_eq!(replay.error().2, ["cursor"]);

    let still = alice.call(Method::GET, &path).send().await;
    assert_eq!(still.body["data"]["name"], "alice's");
    assert_eq!(still.body["data"]["version"], 1);
}

#[tokio::test]
async fn application_tokens_see_only_their_applications_deals() {
    let api = TestApi::new().await;
    let app_token = |app: &str| api.app_token(app, READ_WRITE);
    let human = api.create(json!({"name": "by a person"})).await;
    let created = api
        .call(Method::POST, "/api/v1/crm/deals")
        .token(&app_token("app-crm"))
        .json(&json!({"name": "by the app"}))
        .send()
        .await;
    assert_eq!(created.status, 201);
    assert_eq!(created.body["data"]["app_id"], "app-crm");
    assert_eq!(human["app_id"], json!(null));

    let app_list = api
        .call(Method::GET, "/api/v1/crm/deals")
        .token(&app_token("app-crm"))
        .send()
        .await;
    assert_eq!(names(&app_list.body), ["by the app"]);
    let other_app = api
        .call(Method::GET, "/api/v1/crm/deals")
        .token(&app_token("app-other"))
        .send()
        .await;
    assert_eq!(names(&other_app.body), Vec::<String>::new());
    let tenant_list = api.call(Method::GET, "/api/v1/crm/deals").send().await;
    assert_eq!(names(&tenant_list.body), ["by the app", "by a person"]);

    let human_path = format!("/api/v1/crm/deals/{}", human["id"].as_str().expect("id"));
    let get = api
        .call(Method::GET, &human_path)
        .token(&app_token("app-crm"))
        .send()
        .await;
    assert_eq!(get.status, 404);
    let patch = api
        .call(Method::PATCH, &human_path)
        .token(&app_token("app-crm"))
        .json(&json!({"name": "x"}))
        .send()
        .await;
    assert_eq!(patch.status, 404);
}
