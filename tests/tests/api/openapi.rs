//! openapi.json against the code: its operations are the route table's (all but the `$default`
//! row, which answers what the document does not describe), its schemas have the fields real
//! responses have, its request bodies the fields the validation tables accept, its error codes
//! those `ApiError` produces, its scopes those the handlers demand; and `GET /openapi.json`
//! serves it, on the local server too.

use std::collections::BTreeSet;

use http::Method;
use integration_tests::{id_of, raw_http, TestApi};
use serde_json::{json, Value};
use shared::auth::scopes;
use shared::deal_fields::DEAL_FIELDS;
use shared::error::{ApiError, FieldError};
use shared::handlers::service::OPENAPI_JSON as DOCUMENT;
use shared::list_request::takes_list;
use shared::query::{filter_parameters, Op};
use shared::records::RecordKind;
use shared::routes::{routes, Route, RouteMethod};
use shared::validation::Writable;
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

const OWNER: &str = "usr-0b1e2d3c-4a5b-4c6d-8e7f-8091a2b3c4d5";
const ACCOUNT: &str = "acc-1c2d3e4f-5a6b-4c7d-9e8f-90a1b2c3d4e5";
const CONTACT: &str = "con-2d3e4f5a-6b7c-4d8e-af90-a1b2c3d4e5f6";

fn document() -> Value {
    serde_json::from_str(DOCUMENT).expect("openapi.json is JSON")
}

/// Follows a `$ref` within the document.
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.strip_prefix('#').expect("a local $ref");
            resolve(
                doc,
                doc.pointer(pointer)
                    .unwrap_or_else(|| panic!("dangling {reference}")),
            )
        }
        None => value,
    }
}

fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc.pointer(&format!("/components/schemas/{name}"))
        .unwrap_or_else(|| panic!("no schema {name}"))
}

fn keys(object: &Value) -> BTreeSet<String> {
    object
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {object}"))
        .keys()
        .cloned()
        .collect()
}

fn properties(schema: &Value) -> BTreeSet<String> {
    keys(&schema["properties"])
}

fn strings(value: &Value) -> BTreeSet<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|item| item.as_str().expect("a string").to_owned())
        .collect()
}

/// Every operation of the document: (METHOD, path, operation).
fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                found.push((method.to_uppercase(), path.clone(), operation));
            }
        }
    }
    found
}

/// Every row the document describes: all but `$default`.
fn operation_rows() -> impl Iterator<Item = &'static Route> {
    routes()
        .iter()
        .filter(|route| route.method != RouteMethod::Any)
}

#[test]
fn the_document_has_every_route_and_only_those() {
    let doc = document();
    assert_eq!(doc["openapi"], "3.1.0");
    let from_code: BTreeSet<(String, String)> = operation_rows()
        .map(|route| (route.method.to_string(), route.path.to_owned()))
        .collect();
    let from_document: BTreeSet<(String, String)> = operations(&doc)
        .into_iter()
        .map(|(method, path, _)| (method, path))
        .collect();
    assert_eq!(from_document, from_code);

    for route in operation_rows() {
        let operation = &doc["paths"][route.path][route.method.as_str().to_lowercase()];
        let documented = route.path.starts_with(shared::compat::BASE_PATH);
        let expected_id = if documented {
            format!("documented-{}", route.function.name())
        } else {
            route.function.name().to_owned()
        };
        assert_eq!(
            operation["operationId"],
            expected_id.as_str(),
            "{}",
            route.path
        );
        // Path parameters: exactly the placeholders of the path.
        let placeholders: BTreeSet<String> = route
            .path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .map(String::from)
            .collect();
        let declared: BTreeSet<String> = operation["parameters"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|parameter| resolve(&doc, parameter))
            .filter(|parameter| parameter["in"] == "path")
            .map(|parameter| parameter["name"].as_str().expect("name").to_owned())
            .collect();
        assert_eq!(declared, placeholders, "{} {}", route.method, route.path);
        // The documented view answers in its own error envelope.
        for (status, response) in operation["responses"].as_object().expect("responses") {
            if status.starts_with('2') || status.starts_with('3') {
                continue;
            }
            let reference = response["$ref"].as_str().expect("errors are components");
            assert_eq!(
                reference.starts_with("#/components/responses/Documented"),
                documented,
                "{} {} {status}",
                route.method,
                route.path
            );
        }
    }
}

/// The query parameters an operation declares, by name.
fn query_parameters<'a>(doc: &'a Value, method: &str, path: &str) -> Vec<(String, &'a Value)> {
    doc["paths"][path][method]["parameters"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|parameter| resolve(doc, parameter))
        .filter(|parameter| parameter["in"] == "query")
        .map(|parameter| {
            (
                parameter["name"].as_str().expect("name").to_owned(),
                parameter,
            )
        })
        .collect()
}

/// The parameters of a deal list that are not filters.
const NOT_FILTERS: [&str; 8] = [
    "limit", "cursor", "page", "per_page", "sort", "include", "deleted", "rotten",
];

/// An operation's query parameter names: (its filters, the others).
fn filters_and_others(parameters: &[(String, &Value)]) -> (BTreeSet<String>, BTreeSet<String>) {
    parameters
        .iter()
        .map(|(name, _)| name.clone())
        .partition(|name| !NOT_FILTERS.contains(&name.as_str()))
}

#[test]
fn every_filter_the_code_accepts_is_declared_and_no_other() {
    let doc = document();
    let crm = query_parameters(&doc, "get", "/api/v1/crm/deals");
    let accepted = filter_parameters();
    let (filters, others) = filters_and_others(&crm);
    assert_eq!(filters, accepted.iter().map(|p| p.name.clone()).collect());
    assert_eq!(others, NOT_FILTERS.map(String::from).into());
    for (name, parameter) in &crm {
        let filter = accepted.iter().find(|p| p.name == *name);
        if filter.is_some_and(|p| p.op == Op::In) {
            assert!(takes_list(name), "{name}");
        }
        let is_number = filter.is_some_and(|p| ["value", "probability"].contains(&p.field));
        let value_type = match parameter["schema"]["type"].as_str() {
            Some("array") => &parameter["schema"]["items"]["type"],
            _ => &parameter["schema"]["type"],
        };
        assert_eq!(value_type == "number", is_number, "{name}");
    }

    let documented = query_parameters(&doc, "get", "/api-v1-deals");
    let (filters, others) = filters_and_others(&documented);
    assert_eq!(
        filters,
        shared::compat::filter_parameters().into_iter().collect()
    );
    assert_eq!(
        others,
        ["limit", "cursor", "page", "per_page", "sort", "include"]
            .map(String::from)
            .into()
    );
}

/// Lists are declared in the form generated clients send by default (`include=a&include=b`),
/// which the API accepts beside the comma-separated one; every other parameter is a scalar.
#[test]
fn list_parameters_are_declared_repeated() {
    let doc = document();
    for (method, path, _) in operations(&doc) {
        let method = method.to_lowercase();
        for (name, parameter) in query_parameters(&doc, &method, &path) {
            let is_array = parameter["schema"]["type"] == "array";
            if is_array {
                assert_eq!(parameter["style"], "form", "{path} {name}");
                assert_eq!(parameter["explode"], true, "{path} {name}");
            }
            let list = if path == "/api/v1/crm/events" {
                name == "type"
            } else {
                takes_list(&name)
            };
            assert_eq!(is_array, list, "{method} {path} {name}");
        }
    }
}

/// Every schema object of the document, with its JSON pointer.
fn schema_objects<'a>(value: &'a Value, pointer: String, found: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(object) => {
            found.push((pointer.clone(), value));
            for (key, item) in object {
                schema_objects(item, format!("{pointer}/{key}"), found);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                schema_objects(item, format!("{pointer}/{index}"), found);
            }
        }
        _ => {}
    }
}

fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// What client generators type badly, nowhere: constraints spelled as `anyOf`/`oneOf` of
/// `const`s or `required` lists (they become `Any`), objects that say nothing of their keys
/// (`Record<string, never>`), enums whose values are not identifiers without member names
/// (`VALUE_5`), references into the middle of another schema or parameter, boolean `const`s.
#[test]
fn the_document_is_shaped_for_generators() {
    let doc = document();
    let mut found = Vec::new();
    schema_objects(&doc, String::new(), &mut found);
    for (pointer, object) in found {
        for combinator in ["anyOf", "oneOf"] {
            for member in object[combinator]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                let typed = member.get("type").is_some() || member.get("$ref").is_some();
                assert!(typed, "{pointer}/{combinator}: an untyped member {member}");
            }
        }
        assert!(
            !object["const"].is_boolean(),
            "{pointer}: a boolean const (openapi-python-client writes invalid code for it)"
        );
        if let Some(reference) = object["$ref"].as_str() {
            let depth = reference.matches('/').count();
            assert_eq!(
                depth, 3,
                "{pointer}: $ref {reference} is not a whole component"
            );
        }
        let types = match &object["type"] {
            Value::String(one) => vec![one.as_str()],
            Value::Array(several) => several.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if types.contains(&"object") && object.get("properties").is_none() {
            let values = &object["additionalProperties"];
            assert!(
                *values == true || values.is_object(),
                "{pointer}: a map or free-form object says what its values are"
            );
        }
        if let Some(values) = object["enum"].as_array() {
            let texts: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
            if texts.iter().all(|text| is_identifier(text)) {
                continue;
            }
            let names = strings(&object["x-enum-varnames"]);
            assert_eq!(
                names.len(),
                texts.len(),
                "{pointer}: a distinct name per value"
            );
            assert!(names.iter().all(|name| is_identifier(name)), "{pointer}");
        }
    }
}

/// One of each error the code can produce. A new variant fails to compile here until it is
/// added, and then the document must know its code.
fn every_error() -> Vec<ApiError> {
    let errors = vec![
        ApiError::invalid_field("name", "Name is required"),
        ApiError::unknown_stage("stage"),
        ApiError::invalid_request("No fields to update"),
        ApiError::Unauthorized("no token".into()),
        ApiError::Forbidden("no scope".into()),
        ApiError::deal_not_found(),
        ApiError::merged_into("deal_01J0000000000000000000000A"),
        ApiError::conflict("If-Match", "stale"),
        ApiError::PayloadTooLarge { limit: 1 },
        ApiError::Internal("bug".into()),
        ApiError::Unavailable("throttled".into()),
    ];
    for error in &errors {
        match error {
            ApiError::Validation { .. }
            | ApiError::UnknownStage { .. }
            | ApiError::InvalidRequest { .. }
            | ApiError::Unauthorized(_)
            | ApiError::Forbidden(_)
            | ApiError::NotFound(_)
            | ApiError::NotFoundWithDetails { .. }
            | ApiError::Conflict { .. }
            | ApiError::PayloadTooLarge { .. }
            | ApiError::Internal(_)
            | ApiError::Unavailable(_) => {}
        }
    }
    errors
}

#[test]
fn the_error_codes_are_the_ones_the_code_produces() {
    let doc = document();
    let errors = every_error();
    let produced: BTreeSet<String> = errors.iter().map(|e| e.code().to_owned()).collect();
    assert_eq!(strings(&schema(&doc, "ErrorCode")["enum"]), produced);

    // Every error response names the codes of its status, and only those (the token
    // endpoint's answer in RFC 6749's form instead).
    for (name, response) in doc["components"]["responses"]
        .as_object()
        .expect("responses")
        .iter()
        .filter(|(name, _)| !name.starts_with("OAuth"))
    {
        let status = response["description"]
            .as_str()
            .and_then(|d| d.get(..3))
            .expect("the description starts with the status");
        // One error schema for every response of an envelope; the codes its status may carry
        // are data beside it, not a narrowed copy of the schema (which generators turn into a
        // model per operation and status).
        let envelope = if name.starts_with("Documented") {
            "#/components/schemas/DocumentedError"
        } else {
            "#/components/schemas/Error"
        };
        assert_eq!(
            response["content"]["application/json"]["schema"],
            json!({ "$ref": envelope }),
            "{name}"
        );
        let codes = strings(&response["x-error-codes"]);
        let expected: BTreeSet<String> = errors
            .iter()
            .filter(|e| e.status().as_str() == status)
            .map(|e| e.code().to_owned())
            .collect();
        assert_eq!(codes, expected, "{name}");
    }
    // Every status an error can have has its response in both envelopes.
    for error in &errors {
        for envelope in ["", "Documented"] {
            let found = doc["components"]["responses"]
                .as_object()
                .expect("responses")
                .iter()
                .any(|(name, response)| {
                    name.starts_with(envelope)
                        && response["description"]
                            .as_str()
                            .is_some_and(|d| d.starts_with(error.status().as_str()))
                });
            assert!(found, "no {envelope} response for {}", error.status());
        }
    }
    // The envelopes' fields are those the code writes.
    let error = ApiError::validation(vec![FieldError::new("name", "Name is required")]);
    assert_eq!(
        keys(&error.to_body("req")["error"]),
        properties(resolve(&doc, &schema(&doc, "Error")["properties"]["error"]))
    );
    assert_eq!(
        keys(&shared::compat::error_body(&error)["error"]),
        properties(resolve(
            &doc,
            &schema(&doc, "DocumentedError")["properties"]["error"]
        ))
    );
}

/// A deal create body with every writable field.
fn every_deal_field() -> Value {
    json!({
        "name": "Everything", "account_id": ACCOUNT, "owner_id": OWNER, "pipeline_id": "default",
        "stage": "proposal", "value": 1234.5, "currency": "usd", "probability": 40,
        "forecast_category": "best_case", "expected_close_date": "2026-12-31",
        "actual_close_date": "2026-12-30", "next_followup_date": "2026-12-01T09:30:00+01:00",
        "deal_type": "new_business", "deal_source": "rfp", "competitors": ["Acme"],
        "loss_reason": "none yet", "loss_category": "none", "closure_notes": "n/a",
        "primary_contact_id": CONTACT, "contact_ids": [CONTACT],
        "rfp_record_id": "rfp-3e4f5a6b-7c8d-4e9f-b0a1-b2c3d4e5f6a7", "quote_ids": ["q-1"],
        "proposal_ids": ["p-1"], "attachment_refs": ["tenant/msa.pdf"],
        "linked_task_ids": ["tsk-4f5a6b7c-8d9e-4fa0-81b2-c3d4e5f6a7b8"],
        "custom_fields": {"risk": 3}, "tags": ["enterprise"], "deal_number": "DEAL-2026-04242",
        "source": "import", "source_type": "backend",
        "stage_entered_at": "2026-11-30T08:00:00Z",
    })
}

#[tokio::test]
async fn the_writable_fields_are_the_request_schemas() {
    let doc = document();
    let api = TestApi::new().await;
    api.given_records(&[OWNER, ACCOUNT, CONTACT]).await;

    // Every property of the create schema is accepted at once, and there is no other.
    let body = every_deal_field();
    let deal = api.create(body.clone()).await;
    assert_eq!(properties(schema(&doc, "DealCreate")), keys(&body));
    let writable: BTreeSet<String> = DEAL_FIELDS.iter().map(|f| f.name.to_owned()).collect();
    assert_eq!(properties(schema(&doc, "DealCreate")), writable);
    assert_eq!(
        strings(&schema(&doc, "DealCreate")["required"]),
        BTreeSet::from(["name".to_owned()])
    );

    // The update schema: the fields writable after creation, accepted at once.
    let updatable: BTreeSet<String> = DEAL_FIELDS
        .iter()
        .filter(|f| f.writable == Writable::Always)
        .map(|f| f.name.to_owned())
        .collect();
    assert_eq!(properties(schema(&doc, "DealUpdate")), updatable);
    let mut update = body.clone();
    update
        .as_object_mut()
        .expect("object")
        .retain(|name, _| updatable.contains(name));
    let patched = api
        .call(
            Method::PATCH,
            &format!("/api/v1/crm/deals/{}", id_of(&deal)),
        )
        .json(&update)
        .send()
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);

    // The documented view's create body, every field at once.
    let documented = json!({
        "title": "Q1", "value": 25000, "currency": "EUR", "stage_id": "qualified",
        "organization_id": ACCOUNT, "contact_id": CONTACT, "assigned_to": OWNER,
        "expected_close_date": "2026-03-31", "probability": 75, "metadata": {"k": "v"},
    });
    assert_eq!(
        properties(schema(&doc, "DocumentedDealCreate")),
        keys(&documented)
    );
    assert_eq!(
        properties(schema(&doc, "DocumentedDealUpdate")),
        keys(&documented)
    );
    let created = api
        .call(Method::POST, "/api-v1-deals")
        .json(&documented)
        .send()
        .await;
    assert_eq!(created.status, 201, "{}", created.body);

    // Records: the create schema holds every field of the kind, the update schema all but id.
    for (kind, name) in [
        (RecordKind::Account, "Account"),
        (RecordKind::Contact, "Contact"),
        (RecordKind::User, "User"),
    ] {
        let fields: BTreeSet<String> = kind.fields().iter().map(|f| f.name.to_owned()).collect();
        assert_eq!(properties(schema(&doc, &format!("{name}Create"))), fields);
        let mut without_id = fields.clone();
        without_id.remove("id");
        assert_eq!(
            properties(schema(&doc, &format!("{name}Update"))),
            without_id
        );
    }
}

#[tokio::test]
async fn the_response_schemas_have_the_fields_of_real_responses() {
    let doc = document();
    let api = TestApi::new().await;
    api.given_records(&[OWNER, ACCOUNT, CONTACT]).await;
    let created = api.create(every_deal_field()).await;
    let id = id_of(&created);

    // A deal with everything embedded.
    let deal = api
        .call(Method::GET, &format!("/api/v1/crm/deals/{id}"))
        .send()
        .await;
    assert_eq!(deal.status, 200);
    let deal = &deal.body["data"];
    let deal_schema = schema(&doc, "Deal");
    assert_eq!(properties(deal_schema), keys(deal));
    let mut required = keys(deal);
    required.remove("included");
    assert_eq!(strings(&deal_schema["required"]), required);
    assert_eq!(
        properties(schema(&doc, "Included")),
        keys(&deal["included"])
    );
    for (included, name) in [
        ("account", "Account"),
        ("primary_contact", "Contact"),
        ("owner", "User"),
        ("stage", "Stage"),
        ("pipeline", "PipelineSummary"),
    ] {
        assert_eq!(
            properties(schema(&doc, name)),
            keys(&deal["included"][included]),
            "{included}"
        );
    }

    // A list page, without includes: no `included`.
    let list = api.call(Method::GET, "/api/v1/crm/deals").send().await;
    assert_eq!(
        properties(schema(&doc, "DealPagination")),
        keys(&list.body["pagination"])
    );
    let listed = keys(&list.body["data"][0]);
    assert!(!listed.contains("included"));
    assert_eq!(listed, required);

    // Stage history.
    let moved = api
        .call(Method::PATCH, &format!("/api/v1/crm/deals/{id}/stage"))
        .json(&json!({"stage": "negotiation"}))
        .send()
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    assert_eq!(
        properties(schema(&doc, "AuditEntry")),
        keys(&moved.body["data"]["audit_log"][0])
    );
    let history = api
        .call(Method::GET, &format!("/api/v1/crm/deals/{id}/history"))
        .send()
        .await;
    assert_eq!(
        properties(schema(&doc, "HistoryEntry")),
        keys(&history.body["data"][0])
    );
    assert_eq!(
        properties(schema(&doc, "Pagination")),
        keys(&history.body["pagination"])
    );

    // Pipelines, stages and record lists.
    let pipeline = api
        .call(Method::GET, "/api/v1/crm/pipelines/default")
        .send()
        .await;
    assert_eq!(
        properties(schema(&doc, "Pipeline")),
        keys(&pipeline.body["data"])
    );
    assert_eq!(
        properties(schema(&doc, "Stage")),
        keys(&pipeline.body["data"]["stages"][0])
    );
    let accounts = api.call(Method::GET, "/api/v1/crm/accounts").send().await;
    assert_eq!(
        properties(schema(&doc, "Pagination")),
        keys(&accounts.body["pagination"])
    );

    // Applications, their keys and the token endpoint.
    let application = api
        .create_in(
            "applications",
            json!({"name": "Sync", "scopes": ["read:deals"]}),
        )
        .await;
    let application_id = id_of(&application);
    assert_eq!(properties(schema(&doc, "Application")), keys(&application));
    let new_key = api
        .call(
            Method::POST,
            &format!("/api/v1/crm/applications/{application_id}/keys"),
        )
        .json(&json!({"name": "ci"}))
        .send()
        .await;
    assert_eq!(new_key.status, 201, "{}", new_key.body);
    assert_eq!(
        properties(schema(&doc, "NewApiKey")),
        keys(&new_key.body["data"])
    );
    let listed_keys = api
        .get(&format!("/api/v1/crm/applications/{application_id}/keys"))
        .await;
    assert_eq!(
        properties(schema(&doc, "ApiKey")),
        keys(&listed_keys.body["data"][0])
    );
    let secret = new_key.body["data"]["key"].as_str().expect("the key");
    let token = api
        .anonymous(Method::POST, "/oauth/token")
        .header("content-type", "application/x-www-form-urlencoded")
        .raw_body(format!(
            "grant_type=client_credentials&client_id={application_id}&client_secret={secret}"
        ))
        .send()
        .await;
    assert_eq!(token.status, 200, "{}", token.body);
    assert_eq!(properties(schema(&doc, "TokenResponse")), keys(&token.body));
    let refused = api
        .anonymous(Method::POST, "/oauth/token")
        .header("content-type", "application/x-www-form-urlencoded")
        .raw_body("grant_type=password")
        .send()
        .await;
    assert_eq!(properties(schema(&doc, "OAuthError")), keys(&refused.body));

    // The documented view, with and without includes (two deals: a page of one has a cursor).
    api.create(json!({"name": "Second"})).await;
    let documented = api
        .call(Method::GET, &format!("/api-v1-deals/{id}"))
        .send()
        .await;
    assert_eq!(
        properties(schema(&doc, "DocumentedDeal")),
        keys(&documented.body["data"])
    );
    let documented_list = api.call(Method::GET, "/api-v1-deals?limit=1").send().await;
    assert_eq!(
        strings(&schema(&doc, "DocumentedDeal")["required"]),
        keys(&documented_list.body["data"][0])
    );
    assert_eq!(
        properties(schema(&doc, "DocumentedPagination")),
        keys(&documented_list.body["pagination"]),
        "with a next cursor"
    );
}

#[tokio::test]
async fn the_scopes_are_the_ones_the_handlers_demand() {
    let doc = document();
    let api = TestApi::new().await;
    for (method, path, operation) in operations(&doc) {
        let uri = path
            .replace("{id}", "x")
            .replace("{stage_id}", "x")
            .replace("{key_id}", "x");
        let method = Method::from_bytes(method.as_bytes()).expect("method");
        let (route, _) = shared::routes::find_route(&method, &uri).expect("a route");
        let security = operation["security"].as_array().expect("security");
        if security.is_empty() {
            assert_eq!(
                route.scope, None,
                "{method} {path} is public in the document"
            );
            // The token endpoint authenticates its client itself: without one, 400 or 401 of
            // its own (RFC 6749 §5.2), never the bearer token's.
            let anonymous = api.anonymous(method.clone(), &uri).send().await;
            if route.function == shared::routes::Function::IssueToken {
                assert_eq!(anonymous.status, 400, "{method} {path}: {}", anonymous.body);
                assert_eq!(anonymous.body["error"], "invalid_request");
            } else {
                assert_eq!(anonymous.status, 200, "{method} {path} without a token");
            }
            continue;
        }
        let scope = operation["security"][0]["bearerAuth"][0]
            .as_str()
            .unwrap_or_else(|| panic!("{method} {path} names no scope"));
        assert!(scopes::ALL.contains(&scope), "{method} {path}: {scope}");
        assert_eq!(
            route.scope,
            Some(scope),
            "{method} {path}: the route table's scope"
        );
        let others: Vec<&str> = scopes::ALL.into_iter().filter(|s| *s != scope).collect();

        let without = api
            .call(method.clone(), &uri)
            .token(&api.token(&others.join(" ")))
            .json(&json!({}))
            .send()
            .await;
        assert_eq!(without.status, 403, "{method} {path} without {scope}");
        let with = api
            .call(method.clone(), &uri)
            .token(&api.token(scope))
            .json(&json!({}))
            .send()
            .await;
        assert!(
            ![401, 403].contains(&with.status),
            "{method} {path} with only {scope}: {}",
            with.body
        );
    }
}

#[tokio::test]
async fn the_local_server_serves_the_document() {
    let api = TestApi::new().await;
    let (address, server) = api.local_server().await;
    let request = "GET /openapi.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    let response = raw_http(address, request).await;
    server.abort();

    let (head, body) = response.split_once("\r\n\r\n").expect("head and body");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let head = head.to_ascii_lowercase();
    assert!(head.contains("content-type: application/json"), "{head}");
    assert!(
        head.contains("cache-control: public, max-age=300"),
        "{head}"
    );
    assert!(head.contains("x-request-id: "), "{head}");
    let served: Value = serde_json::from_str(body).expect("the body is JSON");
    assert_eq!(served, document());
}

#[tokio::test]
async fn the_document_is_revalidated_by_its_etag() {
    let api = TestApi::new().await;
    let first = api.anonymous(Method::GET, "/openapi.json").send().await;
    assert_eq!(first.status, 200);
    assert_eq!(first.body, document());
    let etag = first.header("etag").expect("an ETag").to_owned();
    let again = api
        .anonymous(Method::GET, "/openapi.json")
        .header("if-none-match", &etag)
        .send()
        .await;
    assert_eq!(again.status, 304);
    assert_eq!(again.body, Value::Null, "no body");
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    let stale = api
        .anonymous(Method::GET, "/openapi.json")
        .header("if-none-match", "\"0\"")
        .send()
        .await;
    assert_eq!(stale.status, 200);
    // A token changes nothing, a bad one included: the document is public.
    let with_token = api
        .anonymous(Method::GET, "/openapi.json")
        .token("not-a-token")
        .send()
        .await;
    assert_eq!(with_token.status, 200);
}
