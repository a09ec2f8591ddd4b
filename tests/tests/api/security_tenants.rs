//! Tenant isolation: a tenant B never reads, writes, finds, counts, embeds, refers to or pages
//! into tenant A's items, by any endpoint, method, filter, include or cursor; A's ids, numbers
//! and idempotency keys are free for B's own; and nothing B attempts changes A.

use http::Method;
use integration_tests::security::{deal_endpoints, record_endpoints};
use integration_tests::{data_ids, id_of, TestApi, TestResponse, DEALS};
use serde_json::{json, Value};

/// Tenant A with one of everything: records, a pipeline of its own, a deal in a custom stage
/// that refers to every record (version 1), and a deal with a stage change (history).
struct TenantA {
    api: TestApi,
    user: String,
    account: String,
    contact: String,
    pipeline: String,
    stages: Vec<String>,
    deal: String,
    moved: String,
}

const A_DEAL_NUMBER: &str = "DEAL-2031-77777";
const A_NAME: &str = "Tenant A secret deal";
const A_TAG: &str = "tenant-a-only";

impl TenantA {
    async fn seeded() -> TenantA {
        let api = TestApi::new().await;
        let user = api.user("Alice Owner").await;
        let account = api.account("Alice Corp").await;
        let contact = id_of(
            &api.create_in(
                "contacts",
                json!({"first_name": "Alan", "last_name": "Contact", "account_id": account}),
            )
            .await,
        );
        let pipeline = api
            .create_in(
                "pipelines",
                json!({"name": "A's partners", "stages": [
                    {"name": "Intro"}, {"name": "Signed", "kind": "won"}, {"name": "Dropped", "kind": "lost"}
                ]}),
            )
            .await;
        let stages: Vec<String> = pipeline["stages"]
            .as_array()
            .expect("stages")
            .iter()
            .map(id_of)
            .collect();
        let deal = api
            .create(json!({
                "name": A_NAME, "stage": stages[0], "value": 123456, "owner_id": user,
                "account_id": account, "primary_contact_id": contact, "contact_ids": [contact],
                "tags": [A_TAG], "deal_number": A_DEAL_NUMBER, "custom_fields": {"secret": "a"}
            }))
            .await;
        let moved = id_of(
            &api.create(json!({"name": "A moved deal", "owner_id": user}))
                .await,
        );
        let response = api
            .call(Method::PATCH, &format!("{DEALS}/{moved}/stage"))
            .json(&json!({"stage": "qualified"}))
            .send()
            .await;
        assert_eq!(response.status, 200, "{}", response.body);
        TenantA {
            user,
            account,
            contact,
            pipeline: id_of(&pipeline),
            stages,
            deal: id_of(&deal),
            moved,
            api,
        }
    }

    /// Every id of A that another tenant must never see.
    fn ids(&self) -> Vec<String> {
        let mut ids = vec![
            self.user.clone(),
            self.account.clone(),
            self.contact.clone(),
            self.pipeline.clone(),
            self.deal.clone(),
            self.moved.clone(),
            self.api.tenant.clone(),
        ];
        ids.extend(self.stages.iter().cloned());
        ids
    }

    /// What A's items look like, to compare before and after another tenant's attempts.
    async fn snapshot(&self) -> Vec<(String, Value)> {
        let mut uris = vec![
            format!("{DEALS}/{}", self.deal),
            format!("{DEALS}/{}", self.moved),
            format!("{DEALS}/{}/history", self.moved),
            format!("/api-v1-deals/{}", self.deal),
            format!("/api/v1/crm/accounts/{}", self.account),
            format!("/api/v1/crm/contacts/{}", self.contact),
            format!("/api/v1/crm/users/{}", self.user),
            format!("/api/v1/crm/pipelines/{}", self.pipeline),
            "/api/v1/crm/pipelines".to_owned(),
            "/api/v1/crm/stages".to_owned(),
            "/api/v1/crm/accounts".to_owned(),
            "/api/v1/crm/contacts".to_owned(),
            "/api/v1/crm/users".to_owned(),
            DEALS.to_owned(),
        ];
        uris.push(format!(
            "{DEALS}?include=account,primary_contact,contacts,stage,pipeline,owner"
        ));
        let mut snapshot = Vec::new();
        for uri in uris {
            let response = self.api.get(&uri).await;
            assert_eq!(response.status, 200, "{uri}: {}", response.body);
            snapshot.push((uri, response.body));
        }
        snapshot
    }

    async fn assert_unchanged(&self, before: &[(String, Value)]) {
        let after = self.snapshot().await;
        for ((uri, was), (_, is)) in before.iter().zip(&after) {
            assert_eq!(was, is, "{uri} changed");
        }
        let deal = self.api.get(&format!("{DEALS}/{}", self.deal)).await;
        assert_eq!(deal.body["data"]["version"], 1);
        assert_eq!(deal.body["data"]["name"], A_NAME);
        assert_eq!(
            deal.body["data"]["included"]["account"]["name"],
            "Alice Corp"
        );
        for (kind, id) in [
            ("accounts", &self.account),
            ("contacts", &self.contact),
            ("users", &self.user),
        ] {
            let record = self.api.get(&format!("/api/v1/crm/{kind}/{id}")).await;
            assert_eq!(record.body["data"]["version"], 1, "{kind}");
        }
    }

    fn assert_not_leaked(&self, response: &TestResponse, what: &str) {
        let text = response.body.to_string();
        for id in self.ids() {
            assert!(!text.contains(&id), "{what} shows A's {id}: {text}");
        }
        for name in [
            A_NAME,
            A_TAG,
            A_DEAL_NUMBER,
            "Alice",
            "Alan",
            "A's partners",
            "Intro",
        ] {
            assert!(!text.contains(name), "{what} shows A's {name}: {text}");
        }
    }
}

#[tokio::test]
async fn another_tenant_gets_404_for_every_id_by_every_method() {
    let a = TenantA::seeded().await;
    let b = a.api.other_tenant();
    b.create(json!({"name": "B's own deal"})).await;
    let before = a.snapshot().await;
    let (deal, moved) = (&a.deal, &a.moved);
    let (pipeline, stage) = (&a.pipeline, &a.stages[0]);
    let name = json!({"name": "taken over"});
    let mut cases = deal_endpoints(deal, "lead");
    cases.extend([
        (Method::GET, format!("{DEALS}/{deal}?include=account"), None),
        (
            Method::PATCH,
            format!("{DEALS}/{deal}/stage"),
            Some(json!({"stage": a.stages[1]})),
        ),
        (Method::GET, format!("{DEALS}/{moved}/history"), None),
        (
            Method::GET,
            format!("/api/v1/crm/pipelines/{pipeline}"),
            None,
        ),
        (
            Method::PATCH,
            format!("/api/v1/crm/pipelines/{pipeline}"),
            Some(name.clone()),
        ),
        (
            Method::DELETE,
            format!("/api/v1/crm/pipelines/{pipeline}"),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/crm/pipelines/{pipeline}/stages"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/crm/pipelines/{pipeline}/stages"),
            Some(name.clone()),
        ),
        (
            Method::PATCH,
            format!("/api/v1/crm/pipelines/{pipeline}/stages/{stage}"),
            Some(name.clone()),
        ),
        (
            Method::PATCH,
            format!("/api/v1/crm/pipelines/{pipeline}/stages/{stage}"),
            Some(json!({"kind": "won"})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/crm/pipelines/{pipeline}/stages/{stage}"),
            None,
        ),
        (
            Method::DELETE,
            format!("/api/v1/crm/pipelines/{pipeline}/stages/{stage}?move_to=lead"),
            None,
        ),
        // B's own default pipeline, A's stage.
        (
            Method::PATCH,
            format!("/api/v1/crm/pipelines/default/stages/{stage}"),
            Some(name.clone()),
        ),
        (
            Method::DELETE,
            format!("/api/v1/crm/pipelines/default/stages/{stage}"),
            None,
        ),
    ]);
    for (kind, id) in [
        ("accounts", &a.account),
        ("contacts", &a.contact),
        ("users", &a.user),
    ] {
        cases.extend(record_endpoints(kind, id));
    }
    for (method, uri, body) in &cases {
        for if_match in [None, Some("\"1\""), Some("*")] {
            let mut call = b.call(method.clone(), uri).json_opt(body.as_ref());
            if let Some(tag) = if_match {
                call = call.header("if-match", tag);
            }
            let response = call.send().await;
            let what = format!("{method} with If-Match {if_match:?}");
            response.expect_error(404, "NOT_FOUND", &what, uri);
            a.assert_not_leaked(&response, &what);
        }
    }
    a.assert_unchanged(&before).await;
}

/// Split from `another_tenant_never_sees_items_in_lists_filters_or_includes`.
#[tokio::test]
async fn filters_naming_another_tenants_ids_and_values_match_nothing() {
    let a = TenantA::seeded().await;
    let b = a.api.other_tenant();
    b.create(json!({"name": "B's own deal", "tags": ["b"]}))
        .await;
    let before = a.snapshot().await;
    let (user, account, contact) = (&a.user, &a.account, &a.contact);
    let (pipeline, stage) = (&a.pipeline, &a.stages[0]);
    // Filters naming A's ids and values: nothing of A, and a total that does not count A's.
    let crm = [
        format!("owner_id={user}"),
        format!("owner_id[in]={user},{user}"),
        format!("owner_id[like]={user}"),
        format!("account_id={account}"),
        format!("account_id[in]={account}"),
        format!("primary_contact_id={contact}"),
        format!("stage={stage}"),
        format!("stage[in]={stage},{}", a.stages[1]),
        format!("pipeline_id={pipeline}"),
        format!("name={A_NAME}"),
        "name[like]=secret".to_owned(),
        format!("tags={A_TAG}"),
        format!("deal_number={A_DEAL_NUMBER}"),
        "value=123456".to_owned(),
        "value[gte]=100000".to_owned(),
        format!("stage={stage}&owner_id={user}"),
        format!("account_id={account}&sort=-value"),
        format!("owner_id={user}&sort=name"),
        "stage=qualified".to_owned(),
    ]
    .map(|query| format!("{DEALS}?{query}"));
    let documented = [
        format!("assigned_to={user}"),
        format!("organization_id={account}"),
        format!("contact_id={contact}"),
        format!("stage_id={stage}"),
        "title[like]=secret".to_owned(),
    ]
    .map(|query| format!("/api-v1-deals?{query}"));
    for uri in crm.iter().chain(&documented) {
        // The control: the same query finds A's deals for A.
        let control = a.api.get(uri).await;
        assert!(
            !data_ids(&control.body).is_empty(),
            "{uri} finds nothing even for A: {}",
            control.body
        );
        let response = b.get(uri).await;
        assert_eq!(response.status, 200, "{uri}: {}", response.body);
        assert_eq!(response.body["data"], json!([]), "{uri}");
        assert_eq!(
            response.body["pagination"]["total"], 0,
            "{uri}: {}",
            response.body
        );
        a.assert_not_leaked(&response, uri);
    }
    a.assert_unchanged(&before).await;
}

#[tokio::test]
async fn another_tenant_never_sees_items_in_lists_filters_or_includes() {
    let a = TenantA::seeded().await;
    let b = a.api.other_tenant();
    let own = id_of(
        &b.create(json!({"name": "B's own deal", "tags": ["b"]}))
            .await,
    );
    let before = a.snapshot().await;
    // Unfiltered lists (or filtered by what is not A's), with every include: only B's own.
    let all = "include=account,primary_contact,contacts,stage,pipeline,owner";
    for uri in [
        DEALS.to_owned(),
        format!("{DEALS}?{all}"),
        format!("{DEALS}?{all}&sort=name"),
        format!("{DEALS}?{all}&sort=-value"),
        format!("{DEALS}?{all}&sort=updated_at"),
        format!("{DEALS}?owner_id[ne]={}", a.user),
        format!("{DEALS}?page=1&per_page=100"),
        "/api-v1-deals?include=organization,contact,stage,assigned_user".to_owned(),
    ] {
        let response = b.get(&uri).await;
        assert_eq!(response.status, 200, "{uri}: {}", response.body);
        assert_eq!(
            data_ids(&response.body),
            std::slice::from_ref(&own),
            "{uri}"
        );
        assert_eq!(response.body["pagination"]["total"], 1, "{uri}");
        a.assert_not_leaked(&response, &uri);
    }
    for uri in [
        "/api/v1/crm/accounts",
        "/api/v1/crm/contacts",
        "/api/v1/crm/users",
        "/api/v1/crm/pipelines",
        "/api/v1/crm/stages",
        "/api/v1/crm/pipelines/default/stages",
        "/api/v1/crm/pipelines/default",
    ] {
        let response = b.get(uri).await;
        assert_eq!(response.status, 200, "{uri}: {}", response.body);
        a.assert_not_leaked(&response, uri);
    }
    let stages = b.get("/api/v1/crm/stages").await;
    assert_eq!(
        stages.body["data"].as_array().map(Vec::len),
        Some(6),
        "B has only the default stages: {}",
        stages.body
    );
    a.assert_unchanged(&before).await;
}

#[tokio::test]
async fn another_tenants_cursor_is_400() {
    let a = TenantA::seeded().await;
    let b = a.api.other_tenant();
    for n in 0..3 {
        b.create(json!({"name": format!("B {n}"), "stage": "qualified"}))
            .await;
    }
    for (crm, documented) in [
        ("limit=1".to_owned(), "limit=1".to_owned()),
        (
            "limit=1&sort=name".to_owned(),
            "limit=1&sort=title".to_owned(),
        ),
        (
            "limit=1&stage=qualified".to_owned(),
            "limit=1&stage_id=qualified".to_owned(),
        ),
        (
            format!("limit=1&owner_id={}", a.user),
            format!("limit=1&assigned_to={}", a.user),
        ),
    ] {
        for (base, query) in [(DEALS, &crm), ("/api-v1-deals", &documented)] {
            let first = a.api.get(&format!("{base}?{query}")).await;
            assert_eq!(first.status, 200, "{}", first.body);
            let Some(cursor) = first.body["pagination"]["next_cursor"].as_str() else {
                // Only A's two deals with A's owner in A's tenant have a next page, and the
                // qualified filter has one deal in A: no cursor to steal.
                assert!(
                    query.contains("=qualified"),
                    "{base}?{query}: {}",
                    first.body
                );
                continue;
            };
            let uri = format!("{base}?{query}&cursor={cursor}");
            let stolen = b.get(&uri).await;
            let (_, fields) = stolen.expect_error(400, "VALIDATION_ERROR", "A's cursor", &uri);
            assert_eq!(fields, ["cursor"], "{uri}");
            a.assert_not_leaked(&stolen, &uri);
            // A itself may continue with it.
            let own = a.api.get(&uri).await;
            assert_eq!(own.status, 200, "{uri}: {}", own.body);
        }
    }
}

/// Split from `another_tenants_cursor_is_400`.
#[tokio::test]
async fn another_tenants_record_list_cursor_shows_nothing_of_theirs() {
    let a = TenantA::seeded().await;
    let b = a.api.other_tenant();
    // Record lists: a cursor of A names a position, never A's data, in B's partition.
    let second = a.api.account("Alice Second Corp").await;
    let page = a.api.get("/api/v1/crm/accounts?limit=1").await;
    let cursor = page.body["pagination"]["next_cursor"]
        .as_str()
        .expect("cursor");
    let uri = format!("/api/v1/crm/accounts?limit=1&cursor={cursor}");
    let replay = b.get(&uri).await;
    replay.no_server_error("A's account cursor", &uri);
    a.assert_not_leaked(&replay, &uri);
    assert!(!replay.body.to_string().contains(&second));
}

/// Tenant B beside a seeded tenant A, with a deal, a user and a contact of its own: B's
/// attempts to refer to A's items must leave both tenants as they were.
struct Referencing {
    a: TenantA,
    b: TestApi,
    before: Vec<(String, Value)>,
    own: String,
    own_user: String,
    own_contact: String,
}

impl Referencing {
    async fn seeded() -> Referencing {
        let a = TenantA::seeded().await;
        let b = a.api.other_tenant();
        let own = id_of(&b.create(json!({"name": "B's own deal"})).await);
        let own_user = b.user("Bob").await;
        let own_contact = b.contact("Bea").await;
        let before = a.snapshot().await;
        Referencing {
            a,
            b,
            before,
            own,
            own_user,
            own_contact,
        }
    }

    /// B's own items are as they were, B's user and contact still exist, A is unchanged.
    async fn assert_nothing_changed(&self) {
        let (b, own) = (&self.b, &self.own);
        let deal = b.get(&format!("{DEALS}/{own}")).await;
        assert_eq!(deal.body["data"]["version"], 1, "{}", deal.body);
        assert_eq!(deal.body["data"]["account_id"], Value::Null);
        let user = b.get(&format!("/api/v1/crm/users/{}", self.own_user)).await;
        assert_eq!(user.status, 200);
        assert_eq!(data_ids(&b.get(DEALS).await.body), [own.as_str()]);
        self.a.assert_unchanged(&self.before).await;
    }
}

#[tokio::test]
async fn another_tenants_stages_and_records_cannot_be_referenced() {
    let fixture = Referencing::seeded().await;
    let (a, b, own) = (&fixture.a, &fixture.b, &fixture.own);
    let stage = &a.stages[0];
    let invalid_stage = [
        "Invalid stage",
        "Stage not found or does not belong to your company",
        "Stage not found",
    ];
    let cases: Vec<(&str, Value, &str, &[&str])> = vec![
        ("stage", json!({"stage": stage}), "stage", &invalid_stage),
        (
            "won stage",
            json!({"stage": a.stages[1]}),
            "stage",
            &invalid_stage,
        ),
        (
            "pipeline",
            json!({"pipeline_id": a.pipeline}),
            "pipeline_id",
            &[],
        ),
        (
            "pipeline and stage",
            json!({"pipeline_id": a.pipeline, "stage": stage}),
            "",
            &[],
        ),
        (
            "account",
            json!({"account_id": a.account}),
            "account_id",
            &["Organization not found"],
        ),
        (
            "owner",
            json!({"owner_id": a.user}),
            "owner_id",
            &["User not found"],
        ),
        (
            "primary contact",
            json!({"primary_contact_id": a.contact}),
            "primary_contact_id",
            &["Contact not found"],
        ),
        (
            "contacts",
            json!({"contact_ids": [fixture.own_contact, a.contact]}),
            "contact_ids",
            &["Contact not found"],
        ),
    ];
    for (what, body, field, messages) in &cases {
        let mut create = body.clone();
        create["name"] = json!("B tries");
        for (method, uri, body) in [
            (Method::POST, DEALS.to_owned(), create),
            (Method::PATCH, format!("{DEALS}/{own}"), body.clone()),
        ] {
            let response = b.send_with(method.clone(), &uri, Some(&body)).await;
            let (message, fields) = response.expect_error(400, "VALIDATION_ERROR", what, &uri);
            if !field.is_empty() {
                assert!(
                    fields.iter().any(|f| f == field),
                    "{what}: {method} {uri}: {}",
                    response.body
                );
            }
            if !messages.is_empty() {
                let detail_messages: Vec<&str> = response.body["error"]["details"]
                    .as_array()
                    .expect("details")
                    .iter()
                    .filter_map(|d| d["message"].as_str())
                    .collect();
                assert!(
                    messages.contains(&message.as_str())
                        || detail_messages.iter().any(|m| messages.contains(m)),
                    "{what}: {method} {uri}: {}",
                    response.body
                );
            }
            a.assert_not_leaked(&response, what);
        }
    }
    fixture.assert_nothing_changed().await;
}

/// Split from `another_tenants_stages_and_records_cannot_be_referenced`.
#[tokio::test]
async fn a_deal_cannot_move_to_another_tenants_stage() {
    let fixture = Referencing::seeded().await;
    let (a, b, own) = (&fixture.a, &fixture.b, &fixture.own);
    let stage = &a.stages[0];
    // The stage endpoint, on both views.
    for (uri, body, field) in [
        (
            format!("{DEALS}/{own}/stage"),
            json!({"stage": stage}),
            "stage",
        ),
        (
            format!("{DEALS}/{own}/stage"),
            json!({"stage_id": a.stages[2], "loss_reason": "x", "loss_category": "y"}),
            "stage_id",
        ),
        (
            format!("/api-v1-deals/{own}/stage"),
            json!({"stage_id": stage}),
            "stage_id",
        ),
    ] {
        let response = b.send_with(Method::PATCH, &uri, Some(&body)).await;
        let (_, fields) = response.expect_error(400, "VALIDATION_ERROR", "stage move", &uri);
        assert_eq!(fields, [field], "{uri}: {}", response.body);
    }
    fixture.assert_nothing_changed().await;
}

/// Split from `another_tenants_stages_and_records_cannot_be_referenced`.
#[tokio::test]
async fn the_documented_view_refuses_another_tenants_items_naming_its_own_fields() {
    let fixture = Referencing::seeded().await;
    let (a, b, own) = (&fixture.a, &fixture.b, &fixture.own);
    for (body, field, message) in [
        (
            json!({"title": "B", "organization_id": a.account}),
            "organization_id",
            "Organization not found",
        ),
        (
            json!({"title": "B", "assigned_to": a.user}),
            "assigned_to",
            "User not found",
        ),
        (
            json!({"title": "B", "contact_id": a.contact}),
            "contact_id",
            "Contact not found",
        ),
        (
            json!({"title": "B", "stage_id": a.stages[0]}),
            "stage_id",
            "",
        ),
    ] {
        for (method, uri) in [
            (Method::POST, "/api-v1-deals".to_owned()),
            (Method::PATCH, format!("/api-v1-deals/{own}")),
        ] {
            let response = b.send_with(method.clone(), &uri, Some(&body)).await;
            let (headline, fields) = response.expect_error(400, "VALIDATION_ERROR", field, &uri);
            assert_eq!(fields, [field], "{method} {uri}: {}", response.body);
            if !message.is_empty() {
                assert_eq!(headline, message, "{method} {uri}");
            }
        }
    }
    fixture.assert_nothing_changed().await;
}

/// Split from `another_tenants_stages_and_records_cannot_be_referenced`.
#[tokio::test]
async fn records_and_pipelines_cannot_point_at_another_tenants_items() {
    let fixture = Referencing::seeded().await;
    let (a, b) = (&fixture.a, &fixture.b);
    let contacts = "/api/v1/crm/contacts";
    let own_contact = format!("{contacts}/{}", fixture.own_contact);
    let cases = [
        (
            Method::POST,
            contacts.to_owned(),
            Some(json!({"first_name": "Eve", "account_id": a.account})),
            "contact's account",
            "account_id",
            Some("Organization not found"),
        ),
        (
            Method::PATCH,
            own_contact,
            Some(json!({"account_id": a.account})),
            "contact's account",
            "",
            Some("Organization not found"),
        ),
        (
            Method::DELETE,
            format!(
                "/api/v1/crm/users/{}?reassign_to={}",
                fixture.own_user, a.user
            ),
            None,
            "reassign to A's user",
            "reassign_to",
            None,
        ),
        (
            Method::DELETE,
            format!(
                "/api/v1/crm/pipelines/default/stages/lead?move_to={}",
                a.stages[0]
            ),
            None,
            "move to A's stage",
            "move_to",
            None,
        ),
    ];
    for (method, uri, body, what, field, message) in cases {
        let response = b.send_with(method, &uri, body.as_ref()).await;
        let (headline, fields) = response.expect_error(400, "VALIDATION_ERROR", what, &uri);
        if !field.is_empty() {
            assert_eq!(fields, [field], "{what}: {}", response.body);
        }
        if let Some(message) = message {
            assert_eq!(headline, message, "{what}");
        }
    }
    fixture.assert_nothing_changed().await;
}

/// Split from `ids_numbers_and_idempotency_keys_of_one_tenant_are_free_in_another`.
#[tokio::test]
async fn record_ids_and_deal_numbers_of_one_tenant_are_free_in_another() {
    let a = TenantA::seeded().await;
    let b = a.api.other_tenant();
    let before = a.snapshot().await;
    // Record ids chosen by A: B may create its own with the same ids (409 would tell B that
    // the id exists somewhere), and its deals then embed B's records, never A's.
    for (collection, body) in [
        ("accounts", json!({"id": a.account, "name": "Bob Corp"})),
        ("users", json!({"id": a.user, "full_name": "Bob Owner"})),
        (
            "contacts",
            json!({"id": a.contact, "first_name": "Bea", "account_id": a.account}),
        ),
    ] {
        let uri = format!("/api/v1/crm/{collection}");
        let response = b.send_with(Method::POST, &uri, Some(&body)).await;
        assert_eq!(response.status, 201, "{}", response.body);
    }
    let deal = b
        .create(
            json!({"name": "B's deal", "account_id": a.account, "owner_id": a.user,
                       "primary_contact_id": a.contact, "deal_number": A_DEAL_NUMBER}),
        )
        .await;
    assert_eq!(deal["deal_number"], A_DEAL_NUMBER);
    assert_eq!(deal["included"]["account"]["name"], "Bob Corp");
    assert_eq!(deal["included"]["owner"]["full_name"], "Bob Owner");
    assert_eq!(deal["included"]["primary_contact"]["first_name"], "Bea");
    let listed = b
        .get(&format!(
            "{DEALS}?account_id={}&include=account,owner,primary_contact,contacts",
            a.account
        ))
        .await;
    assert_eq!(data_ids(&listed.body), [id_of(&deal)]);
    assert_eq!(
        listed.body["data"][0]["included"]["account"]["name"],
        "Bob Corp"
    );
    assert_eq!(listed.body["pagination"]["total"], 1);
    assert!(
        !listed.body.to_string().contains("Alice"),
        "{}",
        listed.body
    );
    // B's deletions of its namesakes leave A's records alone.
    let detach = b
        .send_with(
            Method::DELETE,
            &format!(
                "/api/v1/crm/accounts/{}?deals=detach&contacts=detach",
                a.account
            ),
            None,
        )
        .await;
    assert_eq!(detach.status, 200, "{}", detach.body);
    let unassign = b
        .send_with(
            Method::DELETE,
            &format!("/api/v1/crm/users/{}?deals=unassign", a.user),
            None,
        )
        .await;
    assert_eq!(unassign.status, 200, "{}", unassign.body);
    let response = a
        .api
        .send_with(
            Method::DELETE,
            &format!("/api/v1/crm/accounts/{}", a.account),
            None,
        )
        .await;
    assert_eq!(
        response.status, 409,
        "A's account is still used by A's deal: {}",
        response.body
    );
    a.assert_unchanged(&before).await;
}

/// Split from `ids_numbers_and_idempotency_keys_of_one_tenant_are_free_in_another`.
#[tokio::test]
async fn an_idempotency_key_of_one_tenant_is_free_in_another() {
    let a = TenantA::seeded().await;
    let b = a.api.other_tenant();
    let before = a.snapshot().await;
    // The same Idempotency-Key in two tenants makes two deals, each answered to its own tenant.
    let key = "shared-order-42";
    let keyed = |api: &TestApi| {
        api.call(Method::POST, DEALS)
            .header("idempotency-key", key)
            .json(&json!({"name": "A once"}))
            .send()
    };
    let first = keyed(&a.api).await;
    assert_eq!(first.status, 201, "{}", first.body);
    let other = keyed(&b).await;
    assert_eq!(other.status, 201, "{}", other.body);
    assert_eq!(other.header("idempotent-replayed"), None);
    assert_ne!(other.body["data"]["id"], first.body["data"]["id"]);
    assert_eq!(other.body["data"]["tenant_id"], b.tenant.as_str());
    // A's own: one more deal ("A once"), the rest untouched.
    let replay = keyed(&a.api).await;
    assert_eq!(replay.status, 201);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(replay.body["data"]["id"], first.body["data"]["id"]);
    let once = id_of(&first.body["data"]);
    let deleted = a
        .api
        .send_with(Method::DELETE, &format!("{DEALS}/{once}"), None)
        .await;
    assert_eq!(deleted.status, 200);
    a.assert_unchanged(&before).await;
}
