//! What a client may write on a deal: the deal's field table and the stage endpoint's body.

use serde_json::{Map, Value};

use crate::error::{ApiError, FieldError};
use crate::ids::{AccountId, ContactId, RfpId, TaskId, UserId};
use crate::model::SourceType;
use crate::validation::{
    check_value, create_only, field, validate_fields, Changes, FieldSpec, Mode, Rule,
    MAX_LIST_ITEMS,
};

/// Each record a deal refers to is checked and counted in the deal's write transaction, which
/// holds at most 100 items: a PATCH replacing every reference touches 2 × (account + owner +
/// primary contact + contacts) + 2 items, so contacts stay at 40.
pub const MAX_CONTACTS_PER_DEAL: usize = 40;

/// Every client-writable field of a deal.
pub const DEAL_FIELDS: &[FieldSpec] = &[
    field("name", Rule::Required),
    field("account_id", Rule::PrefixedId(AccountId::PREFIX)),
    field("owner_id", Rule::PrefixedId(UserId::PREFIX)),
    field("pipeline_id", Rule::EntityId),
    field("stage", Rule::EntityId),
    field("value", Rule::Amount),
    field("currency", Rule::Currency),
    field("probability", Rule::Percent),
    field("forecast_category", Rule::ShortText),
    field("expected_close_date", Rule::Date),
    field("actual_close_date", Rule::Date),
    field("next_followup_date", Rule::DateOrDateTime),
    field("deal_type", Rule::ShortText),
    field("deal_source", Rule::ShortText),
    field("competitors", Rule::TextList),
    field("loss_reason", Rule::LongText),
    field("loss_category", Rule::ShortText),
    field("closure_notes", Rule::LongText),
    field("primary_contact_id", Rule::PrefixedId(ContactId::PREFIX)),
    field(
        "contact_ids",
        Rule::PrefixedIdList(ContactId::PREFIX, MAX_CONTACTS_PER_DEAL),
    ),
    field("rfp_record_id", Rule::PrefixedId(RfpId::PREFIX)),
    field("quote_ids", Rule::TextList),
    field("proposal_ids", Rule::TextList),
    field("attachment_refs", Rule::TextList),
    field(
        "linked_task_ids",
        Rule::PrefixedIdList(TaskId::PREFIX, MAX_LIST_ITEMS),
    ),
    field("custom_fields", Rule::Object),
    field("tags", Rule::Tags),
    create_only("deal_number", Rule::DealNumber),
    create_only("source", Rule::SourceTag),
    create_only("source_type", Rule::OneOf(&SourceType::NAMES)),
    // Carried over from another system by an import; the server's own clock otherwise.
    create_only("stage_entered_at", Rule::DateOrDateTime),
];

/// Fields the server stamps; a client naming one is told so rather than "unknown field".
const DEAL_SERVER_MANAGED: &[&str] = &[
    "id",
    "tenant_id",
    "app_id",
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
    "is_deleted",
    "deleted_at",
    "deleted_by",
    "schema_version",
    "version",
    "audit_log",
];

/// The fields the stage endpoint accepts besides `stage`/`stage_id`.
const STAGE_BODY_FIELDS: &[&str] = &["loss_reason", "loss_category", "closure_notes"];

/// Checks a deal's create or update body field by field.
pub fn validate_deal_fields(body: Map<String, Value>, mode: Mode) -> Result<Changes, ApiError> {
    validate_fields(body, DEAL_FIELDS, DEAL_SERVER_MANAGED, mode)
}

/// Checks the stage endpoint's body: `stage` (or its synonym `stage_id`) plus the closing fields.
pub fn validate_stage_body(body: Map<String, Value>) -> Result<Changes, ApiError> {
    let mut stage = None;
    let mut rest = Map::new();
    let mut errors = Vec::new();
    for (name, value) in body {
        match name.as_str() {
            "stage" | "stage_id" => {
                if value.is_null() {
                    continue;
                }
                match (&stage, check_value(&name, Rule::EntityId, &value)) {
                    (_, Err(message)) => errors.push(FieldError::new(name, message)),
                    (Some(seen), Ok(checked)) if *seen != checked => errors.push(FieldError::new(
                        name,
                        "stage and stage_id name different stages",
                    )),
                    (_, Ok(checked)) => stage = Some(checked),
                }
            }
            other if STAGE_BODY_FIELDS.contains(&other) => {
                rest.insert(name, value);
            }
            _ => errors.push(FieldError::new(name, "Unknown field")),
        }
    }
    if stage.is_none() && errors.is_empty() {
        return Err(ApiError::invalid_request("stage_id is required"));
    }
    let mut changes = match validate_deal_fields(rest, Mode::Update) {
        Ok(changes) => changes,
        Err(ApiError::Validation { details, .. }) => {
            errors.extend(details);
            Changes::default()
        }
        Err(other) => return Err(other),
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    if let Some(stage) = stage {
        changes.0.insert("stage".into(), stage);
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::{details, parse_object, MAX_DEAL_VALUE};
    use proptest::prelude::*;
    use serde_json::json;

    fn fields(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn create_requires_a_trimmed_name() {
        let changes = validate_deal_fields(fields(json!({"name": "  Big  "})), Mode::Create);
        assert_eq!(
            changes
                .ok()
                .and_then(|c| c.get_str("name").map(String::from)),
            Some("Big".into())
        );
        let missing = details(validate_deal_fields(fields(json!({})), Mode::Create));
        assert_eq!(missing, vec![("name".into(), "Name is required".into())]);
        let blank = details(validate_deal_fields(
            fields(json!({"name": "   "})),
            Mode::Create,
        ));
        assert_eq!(blank, vec![("name".into(), "Name is required".into())]);
    }

    #[test]
    fn every_bad_field_gets_its_own_detail() {
        let body = json!({
            "name": "x", "account_id": "acc-1", "owner_id": 7, "value": -1,
            "currency": "EURO", "probability": 101, "expected_close_date": "2024-02-30",
            "contact_ids": ["con-nope"], "colour": "red", "version": 3, "stage": "won!",
        });
        let mut fields_named: Vec<String> =
            details(validate_deal_fields(fields(body), Mode::Create))
                .into_iter()
                .map(|d| d.0)
                .collect();
        fields_named.sort();
        assert_eq!(
            fields_named,
            [
                "account_id",
                "colour",
                "contact_ids",
                "currency",
                "expected_close_date",
                "owner_id",
                "probability",
                "stage",
                "value",
                "version"
            ]
        );
    }

    #[test]
    fn values_are_normalized() {
        let uuid = "3F2504E0-4F89-41D3-9A0C-0305E82C3301";
        let body = json!({
            "currency": " usd ", "account_id": format!("acc-{uuid}"),
            "tags": ["a", " a ", "b"], "contact_ids": null, "custom_fields": null, "deal_type": "",
        });
        let changes = validate_deal_fields(fields(body), Mode::Update).map(|c| c.0);
        let expected = json!({
            "currency": "USD", "account_id": format!("acc-{}", uuid.to_lowercase()),
            "tags": ["a", "b"], "contact_ids": [], "custom_fields": {}, "deal_type": null,
        });
        assert_eq!(changes.ok(), fields(expected).into());
    }

    #[test]
    fn create_only_fields_are_refused_on_update() {
        let result = validate_deal_fields(
            fields(json!({"deal_number": "DEAL-2026-00001"})),
            Mode::Update,
        );
        assert_eq!(details(result)[0].0, "deal_number");
        let ok = validate_deal_fields(
            fields(json!({"name": "n", "deal_number": "DEAL-2026-00001"})),
            Mode::Create,
        );
        assert!(ok.is_ok());
        let bad = validate_deal_fields(
            fields(json!({"name": "n", "deal_number": "D-1"})),
            Mode::Create,
        );
        assert_eq!(details(bad)[0].0, "deal_number");
    }

    #[test]
    fn numbers_dynamodb_cannot_hold_are_refused() {
        let tiny = validate_deal_fields(fields(json!({"value": 1e-200})), Mode::Update);
        assert_eq!(details(tiny)[0].0, "value");
        let nested = validate_deal_fields(
            fields(json!({"custom_fields": {"a": {"b": 1e300}}})),
            Mode::Update,
        );
        assert_eq!(details(nested)[0].0, "custom_fields");
        let deep = validate_deal_fields(
            fields(json!({"custom_fields": {"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}}})),
            Mode::Update,
        );
        assert_eq!(details(deep)[0].0, "custom_fields");
    }

    #[test]
    fn stage_body_accepts_stage_id_as_a_synonym() {
        let changes = validate_stage_body(fields(json!({"stage_id": "qualified"})));
        assert_eq!(
            changes
                .ok()
                .and_then(|c| c.get_str("stage").map(String::from)),
            Some("qualified".into())
        );
        let missing = validate_stage_body(fields(json!({"loss_reason": "price"})));
        assert!(
            matches!(missing, Err(ApiError::InvalidRequest { message, .. }) if message == "stage_id is required")
        );
        let unknown = details(validate_stage_body(fields(json!({"stage": "no pe"}))));
        assert_eq!(unknown[0].0, "stage");
        let extra = details(validate_stage_body(fields(
            json!({"stage": "lead", "name": "x"}),
        )));
        assert_eq!(extra[0].0, "name");
    }

    #[test]
    fn negative_zero_is_zero() {
        for text in ["-0", "-0.0", "-0e3", "-0.000E-2"] {
            let body = format!(
                r#"{{"value":{text},"probability":{text},"custom_fields":{{"a":[{text},{{"b":{text}}}]}}}}"#
            );
            let parsed = parse_object(body.as_bytes()).expect("an object");
            let changes = validate_deal_fields(parsed, Mode::Update).expect("valid");
            assert_eq!(
                Value::Object(changes.0).to_string(),
                r#"{"value":0,"probability":0,"custom_fields":{"a":[0,{"b":0}]}}"#,
                "{text}"
            );
        }
    }

    /// Numbers as a client may write them in JSON.
    fn json_number() -> impl Strategy<Value = String> {
        prop_oneof![
            "-?(0|[1-9][0-9]{0,20})(\\.[0-9]{1,20})?([eE][+-]?[0-9]{1,3})?",
            "-?0(\\.0{1,5})?([eE][+-]?[0-9]{1,2})?",
        ]
    }

    /// Arbitrary JSON for custom_fields, numbers of both zero signs included.
    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            json_number().prop_filter_map("a JSON number", |text| serde_json::from_str(&text).ok()),
            "[a-z]{0,4}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-z]{1,3}", inner, 0..4)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    fn has_negative_zero(value: &Value) -> bool {
        match value {
            Value::Number(n) => n.as_f64().is_some_and(|f| f == 0.0 && f.is_sign_negative()),
            Value::Array(items) => items.iter().any(has_negative_zero),
            Value::Object(map) => map.values().any(has_negative_zero),
            _ => false,
        }
    }

    proptest! {
        #[test]
        fn number_fields_never_panic_and_keep_one_zero(text in json_number()) {
            for (field, max) in [("value", MAX_DEAL_VALUE), ("probability", 100.0)] {
                let body = format!(r#"{{"{field}":{text}}}"#);
                let Ok(parsed) = parse_object(body.as_bytes()) else { continue };
                let given = parsed[field].as_f64();
                match validate_deal_fields(parsed, Mode::Update) {
                    Ok(changes) => {
                        let stored = changes.get(field).cloned().unwrap_or(Value::Null);
                        let n = stored.as_f64().unwrap_or(f64::NAN);
                        prop_assert!((0.0..=max).contains(&n), "{}", stored);
                        prop_assert!(!has_negative_zero(&stored), "{}", stored);
                        // The same number, and an exact zero is the integer 0.
                        prop_assert_eq!(Some(n), given);
                        if n == 0.0 && given.is_some_and(f64::is_sign_negative) {
                            prop_assert_eq!(stored.to_string(), "0");
                        }
                    }
                    Err(error) => prop_assert_eq!(&error.details()[0].field, field),
                }
            }
        }

        #[test]
        fn custom_fields_never_keep_a_negative_zero(value in json_value()) {
            let object = match value {
                Value::Object(map) => Value::Object(map),
                other => json!({"v": other}),
            };
            let fields = json!({"custom_fields": object.clone()});
            if let Ok(changes) = validate_deal_fields(fields.as_object().cloned().unwrap_or_default(), Mode::Update) {
                let stored = changes.get("custom_fields").cloned().unwrap_or(Value::Null);
                prop_assert!(!has_negative_zero(&stored), "{}", stored);
                // Only the zeros changed: as numbers, the same JSON.
                prop_assert_eq!(as_numbers(&stored), as_numbers(&object));
            }
        }
    }

    /// JSON with every number as an f64 (so -0 and 0 compare equal).
    fn as_numbers(value: &Value) -> Value {
        match value {
            Value::Number(n) => json!(n.as_f64().map(|f| if f == 0.0 { 0.0 } else { f })),
            Value::Array(items) => Value::Array(items.iter().map(as_numbers).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), as_numbers(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}
