//! Application keys: a token issued to an application (`app_id`) lists, reads, writes and
//! pages through only the deals that application created, and cannot claim another; a
//! person's token of the same tenant sees and reaches them all, and keeps their application.

use http::Method;
use integration_tests::security::deal_endpoints;
use integration_tests::{data_ids, id_of, TestApi, ALL_SCOPES, DEALS};
use serde_json::{json, Value};

/// One tenant with a qualified deal by each of the applications app-crm (`mine`) and
/// app-other (`theirs`) and by a person; theirs and the person's moved to proposal (version 2,
/// with history).
struct Apps {
    api: TestApi,
    /// A token issued to app-crm.
    crm: String,
    /// A token issued to app-other.
    other: String,
    mine: Value,
    theirs: Value,
    person: Value,
    /// GET of theirs and of the person's deal, once set up.
    before: Vec<Value>,
}

impl Apps {
    async fn seeded() -> Apps {
        let api = TestApi::new().await;
        let crm = api.app_token("app-crm", ALL_SCOPES);
        let other = api.app_token("app-other", ALL_SCOPES);
        let mine = create_as(&api, &crm, "by app-crm").await;
        assert_eq!(mine["app_id"], "app-crm");
        let theirs = create_as(&api, &other, "by app-other").await;
        let person = api
            .create(json!({"name": "by a person", "stage": "qualified"}))
            .await;
        assert_eq!(person["app_id"], Value::Null);
        // A stage change so that each has history.
        let mut before = Vec::new();
        for deal in [&theirs, &person] {
            let response = api
                .call(Method::PATCH, &format!("{DEALS}/{}/stage", id_of(deal)))
                .json(&json!({"stage": "proposal"}))
                .send()
                .await;
            assert_eq!(response.status, 200, "{}", response.body);
            before.push(api.get(&format!("{DEALS}/{}", id_of(deal))).await.body);
        }
        Apps {
            api,
            crm,
            other,
            mine,
            theirs,
            person,
            before,
        }
    }

    /// The others' deals are as they were after the setup.
    async fn assert_others_untouched(&self) {
        for (deal, was) in [&self.theirs, &self.person].into_iter().zip(&self.before) {
            let now = self.api.get(&format!("{DEALS}/{}", id_of(deal))).await;
            assert_eq!(&now.body, was);
            assert_eq!(now.body["data"]["version"], 2);
        }
    }
}

/// Creates a qualified deal with `token`; returns it.
async fn create_as(api: &TestApi, token: &str, name: &str) -> Value {
    let response = api
        .call(Method::POST, DEALS)
        .token(token)
        .json(&json!({"name": name, "stage": "qualified"}))
        .send()
        .await;
    assert_eq!(response.status, 201, "{}", response.body);
    response.body["data"].clone()
}

/// Split from `application_tokens_reach_only_their_applications_deals`.
#[tokio::test]
async fn application_tokens_list_only_their_applications_deals() {
    let apps = Apps::seeded().await;
    let (api, crm) = (&apps.api, &apps.crm);
    // The app sees only its deal in lists, whatever the filter or view.
    for uri in [
        DEALS.to_owned(),
        format!("{DEALS}?stage=qualified"),
        format!("{DEALS}?stage[in]=qualified,proposal"),
        format!("{DEALS}?name[like]=by"),
        format!("{DEALS}?sort=name"),
        format!("{DEALS}?sort=-updated_at&include=stage"),
        format!("{DEALS}?page=1&per_page=10"),
        "/api-v1-deals".to_owned(),
    ] {
        let response = api.call(Method::GET, &uri).token(crm).send().await;
        assert_eq!(response.status, 200, "{uri}: {}", response.body);
        assert_eq!(data_ids(&response.body), [id_of(&apps.mine)], "{uri}");
        assert_eq!(
            response.body["pagination"]["total"], 1,
            "{uri}: {}",
            response.body
        );
        let text = response.body.to_string();
        assert!(
            !text.contains("by app-other") && !text.contains("by a person"),
            "{uri}"
        );
    }
    let proposal = api
        .call(Method::GET, &format!("{DEALS}?stage=proposal"))
        .token(crm)
        .send()
        .await;
    assert_eq!(proposal.body["data"], json!([]));
    assert_eq!(proposal.body["pagination"]["total"], 0, "{}", proposal.body);
}

#[tokio::test]
async fn application_tokens_reach_only_their_applications_deals() {
    let apps = Apps::seeded().await;
    let (api, crm) = (&apps.api, &apps.crm);
    // Every by-id endpoint of another application's or a person's deal is 404.
    for deal in [&apps.theirs, &apps.person] {
        let id = id_of(deal);
        for (method, uri, body) in deal_endpoints(&id, "lead") {
            for if_match in [None, Some("*")] {
                let mut call = api
                    .call(method.clone(), &uri)
                    .token(crm)
                    .json_opt(body.as_ref());
                if let Some(tag) = if_match {
                    call = call.header("if-match", tag);
                }
                let response = call.send().await;
                response.expect_error(404, "NOT_FOUND", &format!("{method} by app-crm"), &uri);
            }
        }
    }
    apps.assert_others_untouched().await;
}

/// Split from `application_tokens_reach_only_their_applications_deals`.
#[tokio::test]
async fn an_applications_cursor_is_refused_to_another_application_and_to_a_person() {
    let apps = Apps::seeded().await;
    let (api, crm) = (&apps.api, &apps.crm);
    create_as(api, crm, "by app-crm 2").await;
    let page = api
        .call(Method::GET, &format!("{DEALS}?limit=1"))
        .token(crm)
        .send()
        .await;
    let cursor = page.body["pagination"]["next_cursor"]
        .as_str()
        .expect("cursor");
    let uri = format!("{DEALS}?limit=1&cursor={cursor}");
    for token in [&apps.other, &api.token(ALL_SCOPES)] {
        let response = api.call(Method::GET, &uri).token(token).send().await;
        let (_, fields) =
            response.expect_error(400, "VALIDATION_ERROR", "another app's cursor", &uri);
        assert_eq!(fields, ["cursor"]);
    }
    let own = api.call(Method::GET, &uri).token(crm).send().await;
    assert_eq!(data_ids(&own.body), [id_of(&apps.mine)], "{}", own.body);
}

/// Split from `application_tokens_reach_only_their_applications_deals`.
#[tokio::test]
async fn an_application_cannot_claim_an_app_id_in_the_body() {
    let apps = Apps::seeded().await;
    let (api, crm) = (&apps.api, &apps.crm);
    for (method, uri, body, what) in [
        (
            Method::POST,
            DEALS.to_owned(),
            json!({"name": "x", "app_id": "app-other"}),
            "app_id in the body",
        ),
        (
            Method::PATCH,
            format!("{DEALS}/{}", id_of(&apps.mine)),
            json!({"app_id": null}),
            "app_id in a PATCH",
        ),
    ] {
        let response = api.call(method, &uri).token(crm).json(&body).send().await;
        let (_, fields) = response.expect_error(400, "VALIDATION_ERROR", what, &uri);
        assert_eq!(fields, ["app_id"]);
    }
    apps.assert_others_untouched().await;
}

/// Split from `application_tokens_reach_only_their_applications_deals`.
#[tokio::test]
async fn a_persons_token_sees_and_writes_every_applications_deals() {
    let apps = Apps::seeded().await;
    let api = &apps.api;
    let second = create_as(api, &apps.crm, "by app-crm 2").await;
    let everything = api.get(DEALS).await;
    let mut ids = data_ids(&everything.body);
    ids.sort();
    let mut expected = vec![
        id_of(&apps.mine),
        id_of(&second),
        id_of(&apps.theirs),
        id_of(&apps.person),
    ];
    expected.sort();
    assert_eq!(ids, expected);
    assert_eq!(everything.body["pagination"]["total"], 4);
    for deal in [&apps.mine, &apps.theirs] {
        let id = id_of(deal);
        assert_eq!(api.get(&format!("{DEALS}/{id}")).await.status, 200);
        assert_eq!(api.get(&format!("{DEALS}/{id}/history")).await.status, 200);
        let patched = api
            .call(Method::PATCH, &format!("{DEALS}/{id}"))
            .json(&json!({"probability": 40}))
            .send()
            .await;
        assert_eq!(patched.status, 200, "{}", patched.body);
        assert_eq!(
            patched.body["data"]["app_id"], deal["app_id"],
            "a person's write keeps the app"
        );
    }
}

/// Split from `application_tokens_reach_only_their_applications_deals`.
#[tokio::test]
async fn application_tokens_reach_every_endpoint_of_their_own_deal() {
    let apps = Apps::seeded().await;
    let id = id_of(&apps.mine);
    for (method, uri, body) in [
        (Method::GET, format!("{DEALS}/{id}"), None),
        (Method::GET, format!("{DEALS}/{id}/history"), None),
        (
            Method::PATCH,
            format!("{DEALS}/{id}"),
            Some(json!({"name": "renamed by app-crm"})),
        ),
        (
            Method::PATCH,
            format!("{DEALS}/{id}/stage"),
            Some(json!({"stage": "proposal"})),
        ),
        (Method::GET, format!("/api-v1-deals/{id}"), None),
        (Method::DELETE, format!("{DEALS}/{id}"), None),
    ] {
        let response = apps
            .api
            .call(method.clone(), &uri)
            .token(&apps.crm)
            .json_opt(body.as_ref())
            .send()
            .await;
        assert_eq!(response.status, 200, "{method} {uri}: {}", response.body);
    }
    apps.assert_others_untouched().await;
}
