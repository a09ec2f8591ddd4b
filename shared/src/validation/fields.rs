//! A request body against a field table: every field checked by its [`Rule`], every problem
//! reported at once (one detail per bad field), and `null` turned into the field's cleared value.

use serde_json::{Map, Value};

use super::rule::{check_value, required_message, Rule};
use crate::error::{ApiError, FieldError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writable {
    Always,
    OnCreate,
}

/// One client-writable field: its name, its rule, and when it may be written.
pub struct FieldSpec {
    pub name: &'static str,
    pub rule: Rule,
    pub writable: Writable,
}

pub const fn field(name: &'static str, rule: Rule) -> FieldSpec {
    FieldSpec {
        name,
        rule,
        writable: Writable::Always,
    }
}

pub const fn create_only(name: &'static str, rule: Rule) -> FieldSpec {
    FieldSpec {
        name,
        rule,
        writable: Writable::OnCreate,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Create,
    Update,
}

/// Validated, normalized field values by name; `Value::Null` clears a field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes(pub Map<String, Value>);

impl Changes {
    pub fn get(&self, field: &str) -> Option<&Value> {
        self.0.get(field)
    }

    pub fn contains(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    pub fn get_str(&self, field: &str) -> Option<&str> {
        self.0.get(field).and_then(Value::as_str)
    }
}

/// Checks a body against a field table: one detail per unknown, read-only, create-only or
/// invalid field, and one per missing required field on create.
pub fn validate_fields(
    body: Map<String, Value>,
    fields: &[FieldSpec],
    server_managed: &[&str],
    mode: Mode,
) -> Result<Changes, ApiError> {
    let mut changes = Map::new();
    let mut errors = Vec::new();
    for (name, value) in body {
        let Some(spec) = fields.iter().find(|spec| spec.name == name) else {
            let message = if server_managed.contains(&name.as_str()) {
                "Field is read-only"
            } else {
                "Unknown field"
            };
            errors.push(FieldError::new(name, message));
            continue;
        };
        if mode == Mode::Update && spec.writable == Writable::OnCreate {
            errors.push(FieldError::new(name, "Field can only be set at creation"));
            continue;
        }
        match check_value(&name, spec.rule, &value) {
            Ok(normalized) => {
                changes.insert(name, normalized);
            }
            Err(message) => errors.push(FieldError::new(name, message)),
        }
    }
    if mode == Mode::Create {
        for spec in fields
            .iter()
            .filter(|spec| matches!(spec.rule, Rule::Required))
        {
            if !changes.contains_key(spec.name) && !has_error_for(&errors, spec.name) {
                errors.push(FieldError::new(spec.name, required_message(spec.name)));
            }
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    Ok(Changes(changes))
}

fn has_error_for(errors: &[FieldError], field: &str) -> bool {
    errors.iter().any(|error| error.field == field)
}

/// Each refusal of a body as (field, message), for tests that expect one.
#[cfg(test)]
pub(crate) fn details(result: Result<Changes, ApiError>) -> Vec<(String, String)> {
    match result {
        Err(error) => error
            .details()
            .iter()
            .map(|d| (d.field.clone(), d.message.clone()))
            .collect(),
        Ok(changes) => panic!("expected an error, got {changes:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TABLE: &[FieldSpec] = &[
        field("name", Rule::Required),
        field("color", Rule::Color),
        create_only("code", Rule::SourceTag),
    ];

    fn refusals(body: Value, mode: Mode) -> Vec<(String, String)> {
        let body = body.as_object().cloned().unwrap_or_default();
        details(validate_fields(body, TABLE, &["id"], mode))
    }

    #[test]
    fn each_refusal_says_why() {
        let mut update = refusals(
            json!({"id": "x", "colour": "red", "code": "c", "color": "red"}),
            Mode::Update,
        );
        update.sort();
        assert_eq!(
            update,
            [
                ("code".into(), "Field can only be set at creation".into()),
                ("color".into(), "Must be a color of the form #rrggbb".into()),
                ("colour".into(), "Unknown field".into()),
                ("id".into(), "Field is read-only".into()),
            ]
        );
    }

    #[test]
    fn a_required_field_gets_one_detail_whether_missing_or_bad() {
        assert_eq!(
            refusals(json!({}), Mode::Create),
            [("name".into(), "Name is required".into())]
        );
        assert_eq!(
            refusals(json!({"name": 7}), Mode::Create),
            [("name".into(), "Must be a string".into())]
        );
        let changes = validate_fields(Map::new(), TABLE, &[], Mode::Update);
        assert_eq!(changes.ok(), Some(Changes::default()));
    }
}
