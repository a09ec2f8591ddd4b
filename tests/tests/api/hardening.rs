//! Defects a hostile client found, each pinned by the test that failed before its fix: keys and
//! counters that leaked or broke, and destructive operations racing the writes that could
//! leave something dangling. The invariants are asserted on the data afterwards, not only on
//! the status codes.

use http::Method;
use integration_tests::{all, id_of, TestApi, ALL_SCOPES};
use serde_json::{json, Value};

#[tokio::test]
async fn idempotency_keys_belong_to_their_application_and_view() {
    let api = TestApi::new().await;
    let body = json!({"name": "Once", "custom_fields": {"secret": "of app A"}});
    let send = |path: &str, token: &str, body: &Value| {
        api.anonymous(Method::POST, path)
            .token(token)
            .header("idempotency-key", "order-1")
            .json(body)
            .send()
    };
    let (a, b) = (
        api.app_token("app-a", ALL_SCOPES),
        api.app_token("app-b", ALL_SCOPES),
    );
    let first = send("/api/v1/crm/deals", &a, &body).await;
    assert_eq!(first.status, 201, "{}", first.body);
    let again = send("/api/v1/crm/deals", &a, &body).await;
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body, first.body);

    let other_app = send("/api/v1/crm/deals", &b, &body).await;
    assert_eq!(other_app.status, 201, "{}", other_app.body);
    assert_eq!(other_app.header("idempotent-replayed"), None);
    assert_ne!(other_app.body["data"]["id"], first.body["data"]["id"]);
    assert_eq!(other_app.body["data"]["app_id"], "app-b");

    let no_app = send("/api/v1/crm/deals", &api.token(ALL_SCOPES), &body).await;
    assert_eq!(no_app.status, 201);
    assert_eq!(no_app.header("idempotent-replayed"), None);
    assert_eq!(no_app.body["data"]["app_id"], Value::Null);

    let documented = json!({"title": "Once", "metadata": {"secret": "of app A"}});
    let other_view = send("/api-v1-deals", &a, &documented).await;
    assert_eq!(other_view.status, 201, "{}", other_view.body);
    assert_eq!(other_view.header("idempotent-replayed"), None);
    assert_ne!(other_view.body["data"]["id"], first.body["data"]["id"]);
    assert!(other_view.body["data"].get("app_id").is_none());

    let listed = api.call(Method::GET, "/api/v1/crm/deals").send().await;
    assert_eq!(
        listed.body["pagination"]["total"], 4,
        "four callers, four deals"
    );
}

/// The year the server numbers new deals in, and the sequence it gave.
async fn numbered(api: &TestApi, body: Value) -> (String, u64) {
    let deal = api.create(body).await;
    let number = deal["deal_number"]
        .as_str()
        .expect("a deal number")
        .to_owned();
    let (prefix, sequence) = number.rsplit_once('-').expect("DEAL-yyyy-nnnnn");
    (prefix.to_owned(), sequence.parse().expect("digits"))
}

#[tokio::test]
async fn server_numbers_skip_numbers_clients_took() {
    let api = TestApi::new().await;
    let (prefix, first) = numbered(&api, json!({"name": "first"})).await;
    assert_eq!(first, 1);
    for taken in [2, 3, 4, 5, 6, 8, 100_000] {
        let number = format!("{prefix}-{taken:05}");
        let deal = api
            .create(json!({"name": "chosen", "deal_number": number}))
            .await;
        assert_eq!(deal["deal_number"], number);
    }
    let mut given = Vec::new();
    for _ in 0..3 {
        given.push(numbered(&api, json!({"name": "next"})).await.1);
    }
    assert_eq!(
        given,
        [7, 9, 10],
        "taken numbers are passed over, gaps are used"
    );

    let another_spelling = api
        .call(Method::POST, "/api/v1/crm/deals")
        .json(&json!({"name": "x", "deal_number": format!("{prefix}-000011")}))
        .send()
        .await;
    assert_eq!(another_spelling.status, 400, "one spelling per number");
    assert_eq!(another_spelling.error().2, ["deal_number"]);
}

#[tokio::test]
async fn server_numbers_skip_a_long_run_of_taken_numbers() {
    let api = TestApi::new().await;
    let (prefix, _) = numbered(&api, json!({"name": "first"})).await;
    let chosen = (2..=130).map(|n| {
        let api_call = api
            .call(Method::POST, "/api/v1/crm/deals")
            .json(&json!({"name": "chosen", "deal_number": format!("{prefix}-{n:05}")}));
        api_call.send()
    });
    for response in all(chosen).await {
        assert_eq!(response.status, 201, "{}", response.body);
    }
    let next = all((0..5).map(|_| {
        api.call(Method::POST, "/api/v1/crm/deals")
            .json(&json!({"name": "next"}))
            .send()
    }))
    .await;
    let mut numbers: Vec<String> = next
        .iter()
        .map(|response| {
            assert_eq!(response.status, 201, "{}", response.body);
            response.body["data"]["deal_number"]
                .as_str()
                .expect("number")
                .to_owned()
        })
        .collect();
    numbers.sort();
    let expected: Vec<String> = (131..=135).map(|n| format!("{prefix}-{n:05}")).collect();
    assert_eq!(numbers, expected);
}

/// A pipeline of open stages named here, plus one lost stage `Lost`; returns it.
async fn pipeline_with(api: &TestApi, names: &[&str]) -> Value {
    let mut stages: Vec<Value> = names.iter().map(|name| json!({"name": name})).collect();
    stages.push(json!({"name": "Lost", "kind": "lost"}));
    api.create_in("pipelines", json!({"name": "Board", "stages": stages}))
        .await
}

fn stage_id(pipeline: &Value, name: &str) -> String {
    pipeline["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .find(|stage| stage["name"] == name)
        .map(id_of)
        .expect("a stage of that name")
}

/// Every live deal of the tenant.
async fn every_deal(api: &TestApi) -> Vec<Value> {
    let mut deals = Vec::new();
    let mut uri = "/api/v1/crm/deals?limit=100".to_owned();
    loop {
        let page = api.call(Method::GET, &uri).send().await;
        assert_eq!(page.status, 200, "{}", page.body);
        deals.extend(page.body["data"].as_array().expect("deals").iter().cloned());
        match page.body["pagination"]["next_cursor"].as_str() {
            Some(cursor) => uri = format!("/api/v1/crm/deals?limit=100&cursor={cursor}"),
            None => return deals,
        }
    }
}

/// No deal names a stage or pipeline that does not exist: each deal's stage is one of its
/// pipeline's, as the API itself shows them.
async fn assert_no_deal_dangles(api: &TestApi) {
    let pipelines = api.call(Method::GET, "/api/v1/crm/pipelines").send().await;
    let stages_of = |pipeline_id: &str| -> Vec<String> {
        pipelines.body["data"]
            .as_array()
            .expect("pipelines")
            .iter()
            .filter(|pipeline| pipeline["id"] == pipeline_id)
            .flat_map(|pipeline| pipeline["stages"].as_array().cloned().unwrap_or_default())
            .map(|stage| id_of(&stage))
            .collect()
    };
    for deal in every_deal(api).await {
        let pipeline_id = deal["pipeline_id"].as_str().expect("pipeline id");
        let stage = deal["stage"].as_str().expect("stage").to_owned();
        assert!(
            stages_of(pipeline_id).contains(&stage),
            "deal {} is in stage {stage} of pipeline {pipeline_id}, which does not hold it",
            deal["id"]
        );
        let fetched = api
            .call(
                Method::GET,
                &format!(
                    "/api/v1/crm/deals/{}",
                    deal["id"].as_str().unwrap_or_default()
                ),
            )
            .send()
            .await;
        assert_eq!(
            fetched.body["data"]["included"]["stage"]["id"],
            stage.as_str()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn deleting_a_stage_while_deals_are_created_into_it_never_strands_one() {
    let api = TestApi::new().await;
    for round in 0..3 {
        let pipeline = pipeline_with(&api, &["Doomed", "Safe"]).await;
        let doomed = stage_id(&pipeline, "Doomed");
        let delete_path = format!("/api/v1/crm/pipelines/{}/stages/{doomed}", id_of(&pipeline));
        let mut requests: Vec<_> = (0..20)
            .map(|n| {
                api.call(Method::POST, "/api/v1/crm/deals")
                    .json(&json!({"name": format!("raced {round}.{n}"), "stage": doomed}))
                    .send()
            })
            .collect();
        requests.insert(10, api.call(Method::DELETE, &delete_path).send());
        let responses = all(requests).await;
        let deleted = &responses[10];
        let created = responses.iter().filter(|r| r.status == 201).count();
        for response in &responses {
            assert!(
                [200, 201, 400, 409].contains(&response.status),
                "{} {}",
                response.status,
                response.body
            );
        }
        if deleted.status == 200 {
            assert_eq!(
                created, 0,
                "a deal created into a stage blocks its deletion"
            );
            for response in responses.iter().filter(|r| r.status == 400) {
                assert_eq!(response.error().2, ["stage"]);
            }
        } else {
            assert_eq!(deleted.status, 409, "{}", deleted.body);
            assert!(created > 0);
        }
        assert_no_deal_dangles(&api).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn deleting_a_pipeline_while_deals_are_created_into_it_never_strands_one() {
    let api = TestApi::new().await;
    let pipeline = pipeline_with(&api, &["Only"]).await;
    let only = stage_id(&pipeline, "Only");
    let mut requests: Vec<_> = (0..20)
        .map(|n| {
            api.call(Method::POST, "/api/v1/crm/deals")
                .json(&json!({"name": format!("raced {n}"), "pipeline_id": id_of(&pipeline), "stage": only}))
                .send()
        })
        .collect();
    let path = format!("/api/v1/crm/pipelines/{}", id_of(&pipeline));
    requests.insert(5, api.call(Method::DELETE, &path).send());
    let responses = all(requests).await;
    let created = responses.iter().filter(|r| r.status == 201).count();
    match responses[5].status {
        200 => assert_eq!(created, 0),
        409 => assert!(created > 0),
        other => panic!("delete answered {other}: {}", responses[5].body),
    }
    assert_no_deal_dangles(&api).await;
}

#[tokio::test]
async fn a_stage_deletion_with_move_to_moves_all_deals_or_none() {
    let api = TestApi::new().await;
    let pipeline = pipeline_with(&api, &["Old", "New"]).await;
    let (old, lost) = (stage_id(&pipeline, "Old"), stage_id(&pipeline, "Lost"));
    let loss = json!({"loss_reason": "Budget", "loss_category": "price"});
    let mut ids = Vec::new();
    for n in 0..3 {
        let mut body = json!({"name": format!("deal {n}"), "stage": old});
        if n != 1 {
            body.as_object_mut()
                .expect("object")
                .extend(loss.as_object().cloned().unwrap_or_default());
        }
        ids.push(id_of(&api.create(body).await));
    }
    let path = format!(
        "/api/v1/crm/pipelines/{}/stages/{old}?move_to={lost}",
        id_of(&pipeline)
    );
    let refused = api.call(Method::DELETE, &path).send().await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    let named = refused.error().2;
    assert!(
        named.contains(&format!("{}.loss_reason", ids[1])),
        "the deal that cannot move is named: {named:?}"
    );
    for id in &ids {
        let deal = api
            .call(Method::GET, &format!("/api/v1/crm/deals/{id}"))
            .send()
            .await;
        assert_eq!(deal.body["data"]["stage"], old.as_str(), "nothing moved");
        assert_eq!(deal.body["data"]["version"], 1);
    }
    // The refused deletion left the stage as it was: it takes deals again.
    api.create(json!({"name": "after", "stage": old, "loss_reason": "x", "loss_category": "y"}))
        .await;

    let fixed = api
        .call(Method::PATCH, &format!("/api/v1/crm/deals/{}", ids[1]))
        .json(&loss)
        .send()
        .await;
    assert_eq!(fixed.status, 200, "{}", fixed.body);
    let done = api.call(Method::DELETE, &path).send().await;
    assert_eq!(done.status, 200, "{}", done.body);
    for deal in every_deal(&api).await {
        assert_eq!(deal["stage"], lost.as_str());
        assert_eq!(deal["audit_log"][0]["from"], old.as_str());
    }
    // The stage's total comes from its own item, counted in each move's transaction.
    let in_lost = api
        .call(
            Method::GET,
            &format!("/api/v1/crm/deals?stage={lost}&limit=1"),
        )
        .send()
        .await;
    assert_eq!(in_lost.body["pagination"]["total"], 4);
    assert_eq!(in_lost.body["pagination"]["total_estimated"], false);
    assert_no_deal_dangles(&api).await;
}

#[tokio::test]
async fn an_interrupted_stage_deletion_refuses_new_deals_and_finishes_when_repeated() {
    let api = TestApi::new().await;
    let pipeline = pipeline_with(&api, &["Old", "New"]).await;
    let (old, new) = (stage_id(&pipeline, "Old"), stage_id(&pipeline, "New"));
    let deal = api.create(json!({"name": "waiting", "stage": old})).await;
    // What a deletion that died after marking the stage leaves behind.
    api.ctx
        .store
        .set_stage_closing(&api.tenant, &old, true)
        .await
        .expect("marked");
    let refused = api
        .call(Method::POST, "/api/v1/crm/deals")
        .json(&json!({"name": "late", "stage": old}))
        .send()
        .await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    let moved_in = api
        .call(
            Method::PATCH,
            &format!("/api/v1/crm/deals/{}/stage", id_of(&deal)),
        )
        .json(&json!({"stage": new}))
        .send()
        .await;
    assert_eq!(moved_in.status, 200, "deals may leave a closing stage");
    let back = api
        .call(
            Method::PATCH,
            &format!("/api/v1/crm/deals/{}/stage", id_of(&deal)),
        )
        .json(&json!({"stage": old}))
        .send()
        .await;
    assert_eq!(back.status, 409, "but not enter it");
    let path = format!(
        "/api/v1/crm/pipelines/{}/stages/{old}?move_to={new}",
        id_of(&pipeline)
    );
    let finished = api.call(Method::DELETE, &path).send().await;
    assert_eq!(finished.status, 200, "{}", finished.body);
    assert_no_deal_dangles(&api).await;
}

#[tokio::test]
async fn a_deal_request_reads_only_the_pipeline_it_needs() {
    let api = TestApi::in_process().await;
    let long_name = "N".repeat(100);
    for n in 0..12 {
        let stages: Vec<Value> = (0..50)
            .map(|s| json!({"name": format!("{s:02}{}", &long_name[2..])}))
            .collect();
        let response = api
            .call(Method::POST, "/api/v1/crm/pipelines")
            .json(&json!({"name": format!("{n:02}{}", &long_name[2..]), "stages": stages}))
            .send()
            .await;
        assert_eq!(response.status, 201, "{}", response.body);
    }
    let deal = api.create(json!({"name": "small"})).await;
    let path = format!("/api/v1/crm/deals/{}", id_of(&deal));
    let stats = &api.ctx.dynamodb;
    stats.measure_capacity();
    let before = stats.read_units();
    let fetched = api.call(Method::GET, &path).send().await;
    assert_eq!(fetched.status, 200);
    assert_eq!(
        fetched.body["data"]["included"]["pipeline"]["id"],
        "default"
    );
    let read = stats.read_units() - before;
    assert!(
        read <= 2.0,
        "GET read {read} units with 12 large pipelines stored"
    );
    let before = stats.read_units();
    let patched = api
        .call(Method::PATCH, &path)
        .json(&json!({"stage": "qualified"}))
        .send()
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    let read = stats.read_units() - before;
    assert!(
        read <= 4.0,
        "PATCH read {read} units with 12 large pipelines stored"
    );
}

#[tokio::test]
async fn pipelines_and_their_names_have_limits() {
    let api = TestApi::new().await;
    let long = api
        .call(Method::POST, "/api/v1/crm/pipelines")
        .json(&json!({"name": "x".repeat(101)}))
        .send()
        .await;
    assert_eq!(long.status, 400);
    assert_eq!(long.error().2, ["name"]);
    let long_stage = api
        .call(Method::POST, "/api/v1/crm/pipelines")
        .json(&json!({"name": "ok", "stages": [{"name": "y".repeat(101)}]}))
        .send()
        .await;
    assert_eq!(long_stage.error().2, ["stages[0].name"]);
    let stages: Vec<Value> = (0..1).map(|_| json!({"name": "s"})).collect();
    // The default is stored with the first, so 49 more fill the tenant.
    for n in 0..49 {
        let response = api
            .call(Method::POST, "/api/v1/crm/pipelines")
            .json(&json!({"name": format!("P{n}"), "stages": stages}))
            .send()
            .await;
        assert_eq!(response.status, 201, "{}", response.body);
    }
    let over = api
        .call(Method::POST, "/api/v1/crm/pipelines")
        .json(&json!({"name": "one too many"}))
        .send()
        .await;
    assert_eq!(over.status, 409, "{}", over.body);
    let listed = api.call(Method::GET, "/api/v1/crm/pipelines").send().await;
    assert_eq!(listed.body["data"].as_array().map(Vec::len), Some(50));
}

#[tokio::test]
async fn an_account_named_by_contacts_is_kept_unless_they_are_detached() {
    let api = TestApi::new().await;
    let account = api.account("Acme").await;
    let contact = id_of(
        &api.create_in(
            "contacts",
            json!({"first_name": "Jo", "account_id": account}),
        )
        .await,
    );
    let path = format!("/api/v1/crm/accounts/{account}");
    let refused = api.call(Method::DELETE, &path).send().await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused.error().1.contains("contacts=detach"),
        "{}",
        refused.body
    );
    let contact_path = format!("/api/v1/crm/contacts/{contact}");
    let kept = api.call(Method::GET, &contact_path).send().await;
    assert_eq!(kept.body["data"]["account_id"], account.as_str());

    // Moving the contact elsewhere releases the account; naming it again holds it again.
    let other = api.account("Other").await;
    let moved = api
        .call(Method::PATCH, &contact_path)
        .json(&json!({"account_id": other}))
        .send()
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let released = api
        .call(Method::DELETE, &format!("/api/v1/crm/accounts/{account}"))
        .send()
        .await;
    assert_eq!(released.status, 200, "{}", released.body);
    let refused = api
        .call(Method::DELETE, &format!("/api/v1/crm/accounts/{other}"))
        .send()
        .await;
    assert_eq!(refused.status, 409);

    let detached = api
        .call(
            Method::DELETE,
            &format!("/api/v1/crm/accounts/{other}?contacts=detach"),
        )
        .send()
        .await;
    assert_eq!(detached.status, 200, "{}", detached.body);
    let contact = api.call(Method::GET, &contact_path).send().await;
    assert_eq!(contact.body["data"]["account_id"], Value::Null);
    assert_eq!(contact.body["data"]["version"], 3);
    let gone = api
        .call(Method::POST, "/api/v1/crm/contacts")
        .json(&json!({"first_name": "Al", "account_id": other}))
        .send()
        .await;
    assert_eq!(gone.status, 400);
    assert_eq!(gone.error().2, ["account_id"]);
}

/// Accounts still stored, and every contact's and deal's account among them.
async fn assert_no_account_dangles(api: &TestApi) {
    let accounts = api
        .call(Method::GET, "/api/v1/crm/accounts?limit=100")
        .send()
        .await;
    let ids: Vec<String> = accounts.body["data"]
        .as_array()
        .expect("accounts")
        .iter()
        .map(id_of)
        .collect();
    let contacts = api
        .call(Method::GET, "/api/v1/crm/contacts?limit=100")
        .send()
        .await;
    for contact in contacts.body["data"].as_array().expect("contacts") {
        if let Some(account) = contact["account_id"].as_str() {
            assert!(
                ids.iter().any(|id| id == account),
                "contact {} names a deleted account",
                contact["id"]
            );
        }
    }
    for deal in every_deal(api).await {
        if let Some(account) = deal["account_id"].as_str() {
            assert!(
                ids.iter().any(|id| id == account),
                "deal {} names a deleted account",
                deal["id"]
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn deleting_an_account_while_contacts_and_deals_name_it_never_strands_one() {
    let api = TestApi::new().await;
    for option in ["", "?contacts=detach&deals=detach"] {
        let account = api.account("Raced").await;
        let mut requests: Vec<_> = (0..10)
            .map(|n| {
                api.call(Method::POST, "/api/v1/crm/contacts")
                    .json(&json!({"first_name": format!("c{n}"), "account_id": account}))
                    .send()
            })
            .chain((0..10).map(|n| {
                api.call(Method::POST, "/api/v1/crm/deals")
                    .json(&json!({"name": format!("d{n}"), "account_id": account}))
                    .send()
            }))
            .collect();
        let path = format!("/api/v1/crm/accounts/{account}{option}");
        requests.insert(7, api.call(Method::DELETE, &path).send());
        for response in all(requests).await {
            assert!(
                [200, 201, 400, 409].contains(&response.status),
                "{} {}",
                response.status,
                response.body
            );
        }
        assert_no_account_dangles(&api).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn deleting_users_and_contacts_while_deals_name_them_never_strands_one() {
    let api = TestApi::new().await;
    for option in ["", "?deals=unassign", "?deals=detach"] {
        let (kind, field) = if option == "?deals=detach" {
            ("contacts", "primary_contact_id")
        } else {
            ("users", "owner_id")
        };
        let record = if kind == "users" {
            api.user("Raced").await
        } else {
            api.contact("Raced").await
        };
        let mut requests: Vec<_> = (0..15)
            .map(|n| {
                api.call(Method::POST, "/api/v1/crm/deals")
                    .json(&json!({"name": format!("d{n}"), field: record}))
                    .send()
            })
            .collect();
        let path = format!("/api/v1/crm/{kind}/{record}{option}");
        requests.insert(5, api.call(Method::DELETE, &path).send());
        let responses = all(requests).await;
        let deleted = responses[5].status == 200;
        for response in &responses {
            assert!(
                [200, 201, 400, 409].contains(&response.status),
                "{} {}",
                response.status,
                response.body
            );
        }
        let exists = api
            .call(Method::GET, &format!("/api/v1/crm/{kind}/{record}"))
            .send()
            .await;
        assert_eq!(exists.status == 404, deleted);
        if deleted {
            for deal in every_deal(&api).await {
                assert_ne!(
                    deal[field],
                    record.as_str(),
                    "a deal names a deleted record"
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn moving_a_stages_deals_while_deals_are_created_into_it_never_strands_one() {
    let api = TestApi::new().await;
    let pipeline = pipeline_with(&api, &["Old", "New"]).await;
    let (old, new) = (stage_id(&pipeline, "Old"), stage_id(&pipeline, "New"));
    for n in 0..5 {
        api.create(json!({"name": format!("before {n}"), "stage": old}))
            .await;
    }
    let mut requests: Vec<_> = (0..20)
        .map(|n| {
            api.call(Method::POST, "/api/v1/crm/deals")
                .json(&json!({"name": format!("raced {n}"), "stage": old}))
                .send()
        })
        .collect();
    let path = format!(
        "/api/v1/crm/pipelines/{}/stages/{old}?move_to={new}",
        id_of(&pipeline)
    );
    requests.insert(3, api.call(Method::DELETE, &path).send());
    let responses = all(requests).await;
    for response in &responses {
        assert!(
            [200, 201, 400, 409].contains(&response.status),
            "{} {}",
            response.status,
            response.body
        );
    }
    let deals = every_deal(&api).await;
    if responses[3].status == 200 {
        assert!(deals.iter().all(|deal| deal["stage"] == new.as_str()));
    }
    let created = responses.iter().filter(|r| r.status == 201).count();
    assert_eq!(
        deals.len(),
        5 + created,
        "every deal created is kept, in one stage or the other"
    );
    assert_no_deal_dangles(&api).await;
}

#[tokio::test]
async fn each_deal_request_costs_what_the_readme_says() {
    let api = TestApi::in_process().await;
    api.create(json!({"name": "the tenant's first deal stores its default pipeline"}))
        .await;
    let owner = api.user("Owner").await;
    let stats = &api.ctx.dynamodb;
    stats.measure_capacity();
    let mut mark = (stats.read_units(), stats.calls());
    let mut cost = || {
        let now = (stats.read_units(), stats.calls());
        let spent = (now.0 - mark.0, now.1 - mark.1);
        mark = now;
        spent
    };
    let deal = api.create(json!({"name": "x", "owner_id": owner})).await;
    let (read, calls) = cost();
    assert_eq!(
        calls, 4,
        "default pipeline, counter, transaction (with every aggregate), owner"
    );
    assert!(read <= 1.5, "create read {read}");
    let path = format!("/api/v1/crm/deals/{}", id_of(&deal));
    api.call(Method::GET, &path).send().await;
    let (read, calls) = cost();
    assert_eq!(
        calls, 2,
        "the deal, then its owner and pipeline in one batch"
    );
    assert!(read <= 2.0, "get read {read}");
    api.call(Method::PATCH, &path)
        .json(&json!({"value": 5}))
        .send()
        .await;
    let (read, calls) = cost();
    assert_eq!(
        calls, 4,
        "deal, pipeline, transaction (the value moves the sums), owner"
    );
    assert!(read <= 2.5, "patch read {read}");
    api.call(Method::PATCH, &path)
        .json(&json!({"deal_type": "renewal"}))
        .send()
        .await;
    let (read, calls) = cost();
    assert_eq!(calls, 4, "deal, pipeline, conditional put, owner");
    assert!(read <= 2.5, "patch read {read}");
    api.call(Method::PATCH, &format!("{path}/stage"))
        .json(&json!({"stage": "qualified"}))
        .send()
        .await;
    let (read, calls) = cost();
    assert_eq!(
        calls, 4,
        "deal, pipeline, transaction (with the aggregates), owner"
    );
    assert!(read <= 2.5, "stage move read {read}");
}

#[tokio::test]
async fn the_kind_of_a_stage_changes_only_while_it_is_empty() {
    let api = TestApi::new().await;
    let path = "/api/v1/crm/pipelines/default/stages/lead";
    // The built-in default is stored by this change; its stages hold nothing yet.
    let changed = api
        .call(Method::PATCH, path)
        .json(&json!({"kind": "won"}))
        .send()
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["data"]["kind"], "won");
    api.create(json!({"name": "in lead", "stage": "lead"}))
        .await;
    let refused = api
        .call(Method::PATCH, path)
        .json(&json!({"kind": "open"}))
        .send()
        .await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert_eq!(refused.error().2, ["kind"]);
    let renamed = api
        .call(Method::PATCH, path)
        .json(&json!({"name": "Leads"}))
        .send()
        .await;
    assert_eq!(
        renamed.status, 200,
        "other changes still go: {}",
        renamed.body
    );
}
