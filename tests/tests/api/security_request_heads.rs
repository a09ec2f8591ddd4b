//! Hostile request heads: path ids, query strings, If-Match and Idempotency-Key headers. What
//! the API cannot use is a 4xx in the view's envelope, never a 5xx, and writes nothing.

use http::Method;
use integration_tests::security::{deal_endpoints, record_endpoints};
use integration_tests::{id_of, TestApi, DEALS};
use serde_json::json;

/// Two deals to list; the first ("target", version 1) is the one to aim at: returns its id.
async fn two_deals(api: &TestApi) -> String {
    let deal = id_of(
        &api.create(json!({"name": "target", "value": 10, "tags": ["t"]}))
            .await,
    );
    api.create(json!({"name": "second"})).await;
    deal
}

/// 300 unknown parameters, `x0=1&x1=1&…`.
fn many_unknown() -> String {
    (0..300).map(|i| format!("x{i}=1&")).collect()
}

/// List queries documented as 400: wrong types, unknown fields or operators, bad pages and
/// sorts.
fn refused_list_queries() -> Vec<String> {
    let many_tags: String = (0..300).map(|i| format!("tags=t{i}&")).collect();
    let mut queries: Vec<String> = [
        "value[gte]=1e400",
        "value=1e400",
        "value[lt]=-1e400",
        "value=NaN",
        "value=inf",
        "value[gte]=abc",
        "probability[gt]=1e308x",
        "value[in]=1,2,1e999",
        "%ZZ=1",
        "name[foo]=x",
        "name[=x",
        "name]=x",
        "[]=x",
        "=x",
        "value[like]=1",
        "owner_id[gt]=usr-1",
        "sort=--value",
        "sort=-",
        "sort=",
        "sort=value,name",
        "sort=password",
        "limit=-1",
        "limit=0",
        "limit=1e2",
        "limit=101",
        "limit=99999999999999999999",
        "per_page=1000",
        "per_page=-5",
        "page=0",
        "page=-1",
        "page=1.5",
        "page=99999999999999999999",
        "page=18446744073709551615",
        "page=5000",
        "page=2&cursor=abc",
        "limit=10&per_page=20",
        "include=everything",
        "include=account,passwords",
        "include=%00",
        "cursor=",
        "cursor=%FF%FE",
        "cursor=eyJ0ZW5hbnQiOiJ4In0",
        "created_at[gte]=9999-99-99",
        "created_at=+275760-09-13",
        "expected_close_date[lt]=0000-00-00",
        "expected_close_date=2026-02-30",
        "stage=lead&stage=qualified",
        "name=a&name=b",
        "owner_id=usr-%00",
        "account_id=acc-'%20OR%20'1'='1",
    ]
    .map(String::from)
    .into();
    queries.extend([
        many_tags,
        many_unknown(),
        format!("cursor={}", "A".repeat(10_000)),
        format!("stage={}", "s".repeat(65)),
        format!("owner_id=usr-{}", "0".repeat(1000)),
    ]);
    queries
}

/// Harmless oddities in list queries: whatever the answer, never a 5xx.
fn tolerated_list_queries() -> Vec<String> {
    let many_ops: String = ["eq", "ne", "gt", "gte", "lt", "lte", "in"]
        .iter()
        .flat_map(|op| {
            [
                "value",
                "probability",
                "created_at",
                "updated_at",
                "expected_close_date",
            ]
            .iter()
            .map(move |field| format!("{field}[{op}]=1&"))
        })
        .collect();
    let mut queries: Vec<String> = [
        "name=%FF%FE",
        "%ZZ",
        "name=%ZZ",
        "%",
        "name=%00",
        "name=%",
        "name=%2",
        "name[like]=%25%25%25",
        "name[like]=_",
        "name[like]=%5C",
        "include=,,,",
        "include=account,,account",
        "&&&",
        "a=b=c",
        "name=a+b",
        "name=TENANT%23x%23DEAL%23y",
        "tags=%7B%22%24ne%22%3Anull%7D",
        "name=';%20DROP%20TABLE%20deals;%20--",
        "deal_number[like]=%25",
        "value[gte]=1e308",
        "value[lte]=-0",
        "value[gt]=1e-400",
        "created_at[gte]=1970-01-01",
        "created_at[lt]=9999-12-31T23:59:59Z",
    ]
    .map(String::from)
    .into();
    queries.extend([
        many_ops,
        format!("name[in]={}", ",".repeat(10_000)),
        format!("name[like]={}", "%25".repeat(5_000)),
        format!("name={}", "a".repeat(100_000)),
    ]);
    queries
}

/// At most 200 characters of `uri`, for messages.
fn shown(uri: &str) -> String {
    uri.chars().take(200).collect()
}

#[tokio::test]
async fn hostile_query_strings_are_4xx_never_5xx() {
    let api = TestApi::new().await;
    let deal = two_deals(&api).await;
    for query in refused_list_queries() {
        for base in [DEALS, "/api-v1-deals"] {
            let uri = format!("{base}?{query}");
            let response = api.get(&uri).await;
            response.no_server_error("hostile query", &uri);
            if base == DEALS {
                response.expect_error(400, "VALIDATION_ERROR", "hostile query", &shown(&uri));
            }
        }
    }
    let unchanged = api.get(&format!("{DEALS}/{deal}")).await;
    assert_eq!(unchanged.body["data"]["version"], 1);
}

/// Split from `hostile_query_strings_are_4xx_never_5xx`.
#[tokio::test]
async fn odd_query_strings_are_never_5xx() {
    let api = TestApi::new().await;
    let deal = two_deals(&api).await;
    for query in tolerated_list_queries() {
        for base in [DEALS, "/api-v1-deals"] {
            let uri = format!("{base}?{query}");
            let response = api.get(&uri).await;
            response.no_server_error("odd query", &uri);
            if response.status == 200 {
                assert!(response.body["data"].is_array(), "{}", response.body);
            }
        }
    }
    let unchanged = api.get(&format!("{DEALS}/{deal}")).await;
    assert_eq!(unchanged.body["data"]["version"], 1);
}

/// Split from `hostile_query_strings_are_4xx_never_5xx`.
#[tokio::test]
async fn hostile_query_strings_on_the_other_endpoints_are_400() {
    let api = TestApi::new().await;
    let deal = two_deals(&api).await;
    let many_unknown = many_unknown();
    for uri in [
        format!("{DEALS}/{deal}?include=everything"),
        format!("{DEALS}/{deal}?include=%FF"),
        format!("{DEALS}/{deal}?x=1"),
        format!("{DEALS}/{deal}/history?limit=-1"),
        format!("{DEALS}/{deal}/history?cursor=%FF"),
        format!("{DEALS}/{deal}/history?cursor=eyJhZnRlciI6Ii0xIn0"),
        format!("{DEALS}/{deal}/history?{many_unknown}"),
        "/api/v1/crm/accounts?limit=0".to_owned(),
        "/api/v1/crm/accounts?limit=99999999999999999999".to_owned(),
        "/api/v1/crm/accounts?cursor=%FF%FE".to_owned(),
        "/api/v1/crm/accounts?cursor=eyJhZnRlciI6IlRFTkFOVCN4In0".to_owned(),
        "/api/v1/crm/contacts?cursor=bm90IGpzb24".to_owned(),
        "/api/v1/crm/users?page=1".to_owned(),
        "/api/v1/crm/stages?x=1".to_owned(),
        "/api/v1/crm/pipelines?limit=1".to_owned(),
    ] {
        let response = api.get(&uri).await;
        response.expect_error(400, "VALIDATION_ERROR", "hostile query", &shown(&uri));
    }
    let unchanged = api.get(&format!("{DEALS}/{deal}")).await;
    assert_eq!(unchanged.body["data"]["version"], 1);
}

#[tokio::test]
async fn hostile_path_ids_are_404() {
    let api = TestApi::new().await;
    let deal = id_of(&api.create(json!({"name": "target"})).await);
    let account = api.account("Target").await;
    // The first deal stored the default pipeline; nothing below may write it again.
    let default_version =
        api.get("/api/v1/crm/pipelines/default").await.body["data"]["version"].clone();
    assert_eq!(default_version, 1);
    let mut ids = vec![
        "x".repeat(10_000),
        format!("deal_{}", "0".repeat(2_000)),
        format!("{deal}#x"),
        format!("{deal}%00"),
        format!("{deal}%2F"),
        format!("{deal}%23"),
        format!("{deal} "),
        deal.to_lowercase(),
        deal.to_uppercase(),
        format!("DEAL#{deal}"),
        format!("DELETED#DEAL#{deal}"),
        "TENANT#x#DEAL#y".to_owned(),
        "%2F".to_owned(),
        "a%2Fb".to_owned(),
        "..".to_owned(),
        ".".to_owned(),
        "%2e%2e".to_owned(),
        "#".to_owned(),
        "%23".to_owned(),
        "%00".to_owned(),
        "' OR '1'='1".to_owned(),
        "<script>".to_owned(),
        "{\"$ne\":null}".to_owned(),
        "😀".to_owned(),
        "%FF%FE".to_owned(),
        "deal_".to_owned(),
        "deal_01ARZ3NDEKTSV4RRFFQ69G5FAV".to_owned(),
        format!("{account}#x"),
        format!("ACCOUNT#{account}"),
        "acc-00000000-0000-0000-0000-000000000000".to_owned(),
        "acc-".to_owned(),
        "PIPELINE#default".to_owned(),
        "default#x".to_owned(),
        "default%00".to_owned(),
    ];
    ids.push(format!("{account}{}", "0".repeat(5_000)));
    let name = json!({"name": "hijacked"});
    for id in &ids {
        let mut cases = deal_endpoints(id, "qualified");
        for kind in ["accounts", "contacts", "users"] {
            cases.extend(record_endpoints(kind, id));
        }
        cases.extend([
            (Method::GET, format!("/api/v1/crm/pipelines/{id}"), None),
            (
                Method::PATCH,
                format!("/api/v1/crm/pipelines/{id}"),
                Some(name.clone()),
            ),
            (Method::DELETE, format!("/api/v1/crm/pipelines/{id}"), None),
            (
                Method::GET,
                format!("/api/v1/crm/pipelines/{id}/stages"),
                None,
            ),
            (
                Method::POST,
                format!("/api/v1/crm/pipelines/{id}/stages"),
                Some(name.clone()),
            ),
            (
                Method::PATCH,
                format!("/api/v1/crm/pipelines/default/stages/{id}"),
                Some(name.clone()),
            ),
            (
                Method::DELETE,
                format!("/api/v1/crm/pipelines/default/stages/{id}"),
                None,
            ),
            (
                Method::PATCH,
                format!("/api/v1/crm/pipelines/{id}/stages/lead"),
                Some(name.clone()),
            ),
            (
                Method::DELETE,
                format!("/api/v1/crm/pipelines/{id}/stages/lead"),
                None,
            ),
        ]);
        for (method, uri, body) in cases {
            let response = api.send_with(method.clone(), &uri, body.as_ref()).await;
            response.expect_error(404, "NOT_FOUND", &format!("{method}"), &shown(&uri));
        }
    }
    let unchanged = api.get(&format!("{DEALS}/{deal}")).await;
    assert_eq!(unchanged.body["data"]["version"], 1);
    assert_eq!(unchanged.body["data"]["name"], "target");
    let account = api.get(&format!("/api/v1/crm/accounts/{account}")).await;
    assert_eq!(account.body["data"]["version"], 1);
    let pipelines = api.get("/api/v1/crm/pipelines").await;
    assert_eq!(
        pipelines.body["data"][0]["version"], default_version,
        "the default pipeline was not written again"
    );
}

/// The target deal of the header tests; returns its path.
async fn target(api: &TestApi) -> String {
    format!(
        "{DEALS}/{}",
        id_of(&api.create(json!({"name": "target"})).await)
    )
}

/// The target is at version 1 and `total` deals exist.
async fn assert_target_unchanged(api: &TestApi, path: &str, total: u64) {
    let unchanged = api.get(path).await;
    assert_eq!(unchanged.body["data"]["version"], 1);
    assert_eq!(api.get(DEALS).await.body["pagination"]["total"], total);
}

/// Split from `hostile_headers_are_4xx_never_5xx`.
#[tokio::test]
async fn malformed_if_match_headers_are_400() {
    let api = TestApi::new().await;
    let path = target(&api).await;
    for if_match in [
        "\"99999999999999999999\"",
        "\"-1\"",
        "\"abc\"",
        "W/",
        "\"\"",
        ",,,",
        "\"1\", \"x\"",
        "* , \"1\"",
    ] {
        for (method, uri, body) in [
            (Method::PATCH, path.clone(), Some(json!({"name": "x"}))),
            (
                Method::PATCH,
                format!("{path}/stage"),
                Some(json!({"stage": "qualified"})),
            ),
            (Method::DELETE, path.clone(), None),
        ] {
            let response = api
                .call(method.clone(), &uri)
                .header("if-match", if_match)
                .json_opt(body.as_ref())
                .send()
                .await;
            let (_, fields) = response.expect_error(400, "INVALID_REQUEST", if_match, &uri);
            assert_eq!(fields, ["If-Match"]);
        }
    }
    assert_target_unchanged(&api, &path, 1).await;
}

/// Split from `hostile_headers_are_4xx_never_5xx`.
#[tokio::test]
async fn malformed_idempotency_keys_are_400() {
    let api = TestApi::new().await;
    let path = target(&api).await;
    for key in [
        "x".repeat(256),
        "a b".to_owned(),
        "é".to_owned(),
        " ".to_owned(),
    ] {
        let response = api
            .call(Method::POST, DEALS)
            .header("idempotency-key", &key)
            .json(&json!({"name": "keyed"}))
            .send()
            .await;
        let (_, fields) = response.expect_error(400, "INVALID_REQUEST", "Idempotency-Key", DEALS);
        assert_eq!(fields, ["Idempotency-Key"]);
    }
    assert_target_unchanged(&api, &path, 1).await;
}

/// Split from `hostile_headers_are_4xx_never_5xx`.
#[tokio::test]
async fn idempotency_keys_that_look_like_key_material_are_just_keys() {
    let api = TestApi::new().await;
    let path = target(&api).await;
    for key in ["TENANT#x#DEAL#y", "{\"$ne\":null}", "'--"] {
        let keyed = || {
            api.call(Method::POST, DEALS)
                .header("idempotency-key", key)
                .json(&json!({"name": key}))
                .send()
        };
        let first = keyed().await;
        assert_eq!(first.status, 201, "{key}: {}", first.body);
        let again = keyed().await;
        assert_eq!(again.status, 201);
        assert_eq!(again.body["data"]["id"], first.body["data"]["id"]);
    }
    assert_target_unchanged(&api, &path, 4).await;
}
