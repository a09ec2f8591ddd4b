//! Limits: every text and list field at its limit is stored and past it is 400, a body over
//! 64 KiB is 413 whatever it holds, and a deal filled to every limit (even written by the
//! longest token subject) stays under DynamoDB's item size: never a 5xx.

use http::Method;
use integration_tests::jwt::{claims, hs256, secret};
use integration_tests::{data_ids, id_of, TestApi, DEALS};
use serde_json::{json, Value};

/// A string of `n` four-byte characters, each position distinct from its neighbours' so that
/// lists of them are not de-duplicated: `seed` varies the first character.
fn wide(n: usize, seed: u32) -> String {
    let first = char::from_u32(0x1F600 + seed % 0x50).expect("emoji");
    std::iter::once(first)
        .chain(std::iter::repeat('😀'))
        .take(n)
        .collect()
}

/// `count` different items of `chars` characters each.
fn distinct_items(count: usize, chars: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            let mut item = format!("{i:03}");
            item.push_str(&"x".repeat(chars - 3));
            item
        })
        .collect()
}

/// Deal text fields of at most 255 characters.
const SHORT_TEXTS: [&str; 4] = [
    "forecast_category",
    "deal_type",
    "deal_source",
    "loss_category",
];
/// Deal text fields of at most 10,000 characters.
const LONG_TEXTS: [&str; 2] = ["loss_reason", "closure_notes"];
/// Deal lists of at most 100 items of at most 255 characters.
const LISTS: [&str; 4] = [
    "competitors",
    "quote_ids",
    "proposal_ids",
    "attachment_refs",
];

/// `(field, value)` of deal fields exactly at their limits.
fn at_limit() -> Vec<(&'static str, Value)> {
    let mut at_limit = vec![
        ("name", json!("n".repeat(255))),
        ("name", json!(wide(255, 1))),
        (
            "name",
            json!(format!("{}x{}", " ".repeat(300), " ".repeat(300))),
        ),
        ("tags", json!(distinct_items(100, 64))),
        ("tags", json!([wide(64, 2)])),
        ("custom_fields", json!({"k": "v".repeat(16 * 1024 - 20)})),
        ("custom_fields", json!({"a": {"b": {"c": {"d": {"e": 1}}}}})),
        ("custom_fields", json!({"a": {"b": {"c": {"d": [1]}}}})),
    ];
    for field in SHORT_TEXTS {
        at_limit.push((field, json!("s".repeat(255))));
        at_limit.push((field, json!(wide(255, 3))));
    }
    for field in LONG_TEXTS {
        at_limit.push((field, json!("l".repeat(10_000))));
    }
    for field in LISTS {
        at_limit.push((field, json!(distinct_items(100, 255))));
    }
    at_limit
}

/// `(field, value)` of deal fields just past their limits (or blank where they may not be).
fn past_limit() -> Vec<(&'static str, Value)> {
    let mut past_limit = vec![
        ("name", json!("n".repeat(256))),
        ("name", json!(wide(256, 1))),
        ("name", json!("")),
        ("name", json!("   \t\n ")),
        ("tags", json!(distinct_items(101, 10))),
        ("tags", json!(["t".repeat(65)])),
        ("tags", json!([wide(65, 2)])),
        ("custom_fields", json!({"k": "v".repeat(16 * 1024)})),
        (
            "custom_fields",
            json!({"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}}),
        ),
        (
            "custom_fields",
            json!({"a": {"b": {"c": {"d": {"e": [1]}}}}}),
        ),
        ("custom_fields", json!({"a": [[[[[1]]]]]})),
        (
            "contact_ids",
            json!((0..41)
                .map(|i| format!("con-00000000-0000-4000-8000-{i:012}"))
                .collect::<Vec<_>>()),
        ),
        (
            "linked_task_ids",
            json!((0..101)
                .map(|i| format!("tsk-00000000-0000-4000-8000-{i:012}"))
                .collect::<Vec<_>>()),
        ),
    ];
    for field in SHORT_TEXTS {
        past_limit.push((field, json!("s".repeat(256))));
        past_limit.push((field, json!(wide(256, 3))));
    }
    for field in LONG_TEXTS {
        past_limit.push((field, json!("l".repeat(10_001))));
        past_limit.push((field, json!(wide(10_001, 4))));
    }
    for field in LISTS {
        past_limit.push((field, json!(distinct_items(101, 5))));
        past_limit.push((field, json!(["i".repeat(256)])));
        past_limit.push((field, json!([wide(256, 5)])));
    }
    past_limit
}

/// Split from `text_and_list_fields_at_their_limits_pass_and_past_them_are_400`.
#[tokio::test]
async fn text_and_list_fields_at_their_limits_are_stored() {
    let api = TestApi::new().await;
    let deal = id_of(&api.create(json!({"name": "target"})).await);
    let path = format!("{DEALS}/{deal}");
    for (field, value) in &at_limit() {
        let mut create = json!({"name": "x"});
        create[*field] = value.clone();
        let created = api.send_with(Method::POST, DEALS, Some(&create)).await;
        assert_eq!(
            created.status, 201,
            "{field} at its limit: {}",
            created.body
        );
        let mut patch = json!({});
        patch[*field] = value.clone();
        let patched = api.send_with(Method::PATCH, &path, Some(&patch)).await;
        assert_eq!(
            patched.status, 200,
            "{field} at its limit: {}",
            patched.body
        );
        let stored = &patched.body["data"][*field];
        match value {
            Value::String(text) => assert_eq!(stored.as_str(), Some(text.trim()), "{field}"),
            other => assert_eq!(stored, other, "{field}"),
        }
    }
}

/// Split from `text_and_list_fields_at_their_limits_pass_and_past_them_are_400`.
#[tokio::test]
async fn text_and_list_fields_past_their_limits_are_400() {
    let api = TestApi::new().await;
    let deal = id_of(&api.create(json!({"name": "target"})).await);
    let path = format!("{DEALS}/{deal}");
    for (field, value) in &past_limit() {
        let mut create = json!({"name": "x"});
        create[*field] = value.clone();
        if create.to_string().len() <= 64 * 1024 {
            api.assert_field_refused(Method::POST, DEALS, &create, field)
                .await;
        }
        let mut patch = json!({});
        patch[*field] = value.clone();
        if patch.to_string().len() <= 64 * 1024 {
            api.assert_field_refused(Method::PATCH, &path, &patch, field)
                .await;
        }
    }
    assert_eq!(api.get(&path).await.body["data"]["version"], 1);
    assert_eq!(data_ids(&api.get(DEALS).await.body), [deal]);
}

/// Split from `text_and_list_fields_at_their_limits_pass_and_past_them_are_400`.
#[tokio::test]
async fn record_and_pipeline_names_at_their_limits_pass_and_past_them_are_400() {
    let api = TestApi::new().await;
    for (uri, field, base) in [
        ("/api/v1/crm/accounts", "name", json!({})),
        ("/api/v1/crm/contacts", "first_name", json!({})),
        (
            "/api/v1/crm/contacts",
            "last_name",
            json!({"first_name": "x"}),
        ),
        ("/api/v1/crm/users", "full_name", json!({})),
    ] {
        let mut ok = base.clone();
        ok[field] = json!(wide(255, 6));
        let response = api.send_with(Method::POST, uri, Some(&ok)).await;
        assert_eq!(response.status, 201, "{uri} {field}: {}", response.body);
        let mut too_long = base;
        too_long[field] = json!(wide(256, 6));
        api.assert_field_refused(Method::POST, uri, &too_long, field)
            .await;
    }
    // Pipeline and stage names are shorter: every deal request reads its pipeline.
    let pipelines = "/api/v1/crm/pipelines";
    let response = api
        .send_with(
            Method::POST,
            pipelines,
            Some(&json!({"name": wide(100, 6)})),
        )
        .await;
    assert_eq!(response.status, 201, "{}", response.body);
    let too_long = json!({"name": wide(101, 6)});
    api.assert_field_refused(Method::POST, pipelines, &too_long, "name")
        .await;
    let stages: Vec<Value> = (0..51).map(|i| json!({"name": format!("s{i}")})).collect();
    let response = api
        .send_with(
            Method::POST,
            "/api/v1/crm/pipelines",
            Some(&json!({"name": "p", "stages": stages})),
        )
        .await;
    response.expect_error(
        400,
        "VALIDATION_ERROR",
        "51 stages",
        "/api/v1/crm/pipelines",
    );
}

#[tokio::test]
async fn bodies_over_64_kib_are_413() {
    let api = TestApi::new().await;
    let deal = id_of(&api.create(json!({"name": "target"})).await);
    let account = api.account("Target").await;
    let limit = 64 * 1024;
    // A valid object padded with blanks to exactly `size` bytes.
    let padded = |body: &Value, size: usize| {
        let mut text = body.to_string();
        text.insert_str(1, &" ".repeat(size - text.len()));
        text
    };
    let cases: Vec<(Method, String, Value)> = vec![
        (Method::POST, DEALS.into(), json!({"name": "big"})),
        (
            Method::PATCH,
            format!("{DEALS}/{deal}"),
            json!({"name": "big"}),
        ),
        (
            Method::PATCH,
            format!("{DEALS}/{deal}/stage"),
            json!({"stage": "qualified"}),
        ),
        (
            Method::POST,
            "/api-v1-deals".into(),
            json!({"title": "big"}),
        ),
        (
            Method::PATCH,
            format!("/api-v1-deals/{deal}"),
            json!({"title": "big"}),
        ),
        (
            Method::PATCH,
            format!("/api-v1-deals/{deal}/stage"),
            json!({"stage_id": "qualified"}),
        ),
        (
            Method::POST,
            "/api/v1/crm/accounts".into(),
            json!({"name": "big"}),
        ),
        (
            Method::PATCH,
            format!("/api/v1/crm/accounts/{account}"),
            json!({"name": "big"}),
        ),
        (
            Method::POST,
            "/api/v1/crm/users".into(),
            json!({"full_name": "big"}),
        ),
        (
            Method::POST,
            "/api/v1/crm/contacts".into(),
            json!({"first_name": "big"}),
        ),
        (
            Method::POST,
            "/api/v1/crm/pipelines".into(),
            json!({"name": "big"}),
        ),
        (
            Method::PATCH,
            "/api/v1/crm/pipelines/default".into(),
            json!({"name": "big"}),
        ),
        (
            Method::POST,
            "/api/v1/crm/pipelines/default/stages".into(),
            json!({"name": "big"}),
        ),
        (
            Method::PATCH,
            "/api/v1/crm/pipelines/default/stages/lead".into(),
            json!({"name": "big"}),
        ),
    ];
    for (method, uri, body) in &cases {
        for (what, raw) in [
            (
                "one byte over, valid JSON",
                padded(body, limit + 1).into_bytes(),
            ),
            (
                "a megabyte of valid JSON",
                padded(body, 1024 * 1024).into_bytes(),
            ),
            ("a megabyte of garbage", vec![b'x'; 1024 * 1024]),
            (
                "a long name",
                json!({"name": "n".repeat(limit)}).to_string().into_bytes(),
            ),
        ] {
            let response = api.call(method.clone(), uri).raw_json(raw).send().await;
            response.expect_error(413, "PAYLOAD_TOO_LARGE", &format!("{method} {what}"), uri);
        }
    }
    // Exactly 64 KiB is accepted.
    for (method, uri, body) in &cases[..2] {
        let response = api
            .call(method.clone(), uri)
            .raw_json(padded(body, limit))
            .send()
            .await;
        assert!(
            response.status == 200 || response.status == 201,
            "{method} {uri}: {} {}",
            response.status,
            response.body
        );
    }
    let deals = api.get(DEALS).await;
    assert_eq!(deals.body["pagination"]["total"], 2, "{}", deals.body);
}

#[tokio::test]
async fn a_deal_filled_to_every_limit_is_stored_and_listed() {
    // Every text field at its limit in four-byte characters, every list full: the limits must
    // keep the item under DynamoDB's 400 KB, so each write is a 200, never a 5xx.
    let api = TestApi::new().await;
    let deal = api.create(json!({"name": wide(255, 0)})).await;
    let path = format!("{DEALS}/{}", id_of(&deal));
    let mut patches = filling_patches();
    let tags: Vec<String> = (0..100)
        .map(|i| {
            let mut tag = wide(64, 0);
            tag.replace_range(..4, &char::from_u32(0x1F400 + i).expect("char").to_string());
            tag
        })
        .collect();
    patches.insert(4, json!({"tags": tags}));
    patches.push(json!({
        "forecast_category": wide(255, 10), "deal_type": wide(255, 11),
        "deal_source": wide(255, 12), "loss_category": wide(255, 13),
        "linked_task_ids": (0..100).map(|i| format!("tsk-00000000-0000-4000-8000-{i:012}")).collect::<Vec<_>>(),
        "rfp_record_id": "rfp-00000000-0000-4000-8000-000000000001",
        "value": 1e15, "probability": 100, "expected_close_date": "2026-12-31",
        "next_followup_date": "2026-12-31T23:59:59Z",
    }));
    for patch in &patches {
        let body = patch.to_string();
        assert!(body.len() <= 64 * 1024, "a patch of {} bytes", body.len());
        let response = api.send_with(Method::PATCH, &path, Some(patch)).await;
        assert_eq!(response.status, 200, "{}", response.body);
    }
    for stage in ["qualified", "proposal", "negotiation", "lead", "qualified"] {
        let response = api
            .send_with(
                Method::PATCH,
                &format!("{path}/stage"),
                Some(&json!({"stage": stage})),
            )
            .await;
        assert_eq!(response.status, 200, "{}", response.body);
    }
    let read = api.get(&path).await;
    assert_eq!(read.status, 200);
    assert_eq!(
        read.body["data"]["competitors"].as_array().map(Vec::len),
        Some(64)
    );
    assert_eq!(
        read.body["data"]["tags"].as_array().map(Vec::len),
        Some(100)
    );
    for sort in [
        "name",
        "-value",
        "probability",
        "expected_close_date",
        "-updated_at",
    ] {
        let listed = api
            .get(&format!("{DEALS}?sort={sort}&include=stage,pipeline"))
            .await;
        assert_eq!(listed.status, 200, "{sort}: {}", listed.body);
        assert_eq!(data_ids(&listed.body).len(), 1);
    }
    let deleted = api.send_with(Method::DELETE, &path, None).await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
}

/// PATCHes that fill a deal to its documented limits, each within one 64 KiB body.
fn filling_patches() -> Vec<Value> {
    let mut patches = Vec::new();
    for (n, field) in LISTS.into_iter().enumerate() {
        let items: Vec<String> = (0..64)
            .map(|i| {
                let mut item = wide(255, 0);
                let first = char::from_u32(0x1F300 + (n * 64 + i) as u32).expect("char");
                item.replace_range(..4, &first.to_string());
                item
            })
            .collect();
        patches.push(json!({ field: items }));
    }
    patches.push(json!({"loss_reason": wide(10_000, 7)}));
    patches.push(json!({"closure_notes": wide(10_000, 8)}));
    patches.push(json!({"custom_fields": {"k": wide(4_090, 9)}}));
    patches
}

#[tokio::test]
async fn a_long_token_subject_cannot_push_a_full_deal_into_a_5xx() {
    // `sub` is copied into created_by, updated_by and every audit entry's `by`: the longest
    // accepted one (128 characters; a longer one is 401, see security_tokens.rs), on a deal
    // filled to its field limits, still answers 2xx or 4xx however often the deal moves.
    let api = TestApi::new().await;
    let subject = format!("usr-{}", "s".repeat(124));
    let token = hs256(&claims(&api, json!({"sub": subject})), &secret(&api));
    let created = api
        .call(Method::POST, DEALS)
        .token(&token)
        .json(&json!({"name": wide(255, 0)}))
        .send()
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let path = format!("{DEALS}/{}", id_of(&created.body["data"]));
    for patch in filling_patches() {
        let response = api
            .call(Method::PATCH, &path)
            .token(&token)
            .json(&patch)
            .send()
            .await;
        response.no_server_error("filling PATCH", &path);
    }
    let stages = ["qualified", "proposal"];
    for n in 0..24 {
        let uri = format!("{path}/stage");
        let response = api
            .call(Method::PATCH, &uri)
            .token(&token)
            .json(&json!({"stage": stages[n % 2]}))
            .send()
            .await;
        response.no_server_error(&format!("stage move {n} by a long subject"), &uri);
    }
    let read = api.get(&path).await;
    assert_eq!(read.status, 200, "{}", read.body);
    let history = api.get(&format!("{path}/history?limit=100")).await;
    history.no_server_error("history", &path);
}
