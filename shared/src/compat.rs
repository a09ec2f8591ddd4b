//! The documented deals API (`deals-api.txt`) at `/api-v1-deals`: a second view of the same
//! deals, served by the same handlers. Only the edges differ — field names on the way in, the
//! document's shapes on the way out, and its error envelope — so a deal created on either path
//! reads the same on the other.
//!
//! | document | deal |
//! |---|---|
//! | `title` | `name` |
//! | `stage_id` | `stage` |
//! | `organization_id` | `account_id` |
//! | `contact_id` | `primary_contact_id` |
//! | `assigned_to` | `owner_id` |
//! | `metadata` | `custom_fields` |

use serde_json::{Map, Value};

use crate::error::{ApiError, FieldError};
use crate::http::ApiRequest;
use crate::ids::{AccountId, ContactId, UserId};
use crate::include::{Include, INCLUDED};
use crate::validation::{self, field, Changes, FieldSpec, Mode, Rule};

mod view;

pub const BASE_PATH: &str = "/api-v1-deals";

/// Which API a request came through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// `/api/v1/crm/deals`: the deal with every field.
    Crm,
    /// `/api-v1-deals`: the documented API.
    Documented,
}

impl View {
    /// How the view is named where it must be told apart (idempotency keys).
    pub fn name(self) -> &'static str {
        match self {
            View::Crm => "crm",
            View::Documented => "documented",
        }
    }

    /// The view a path would belong to: for answers to requests no route matched (a routed
    /// request takes its route's view).
    pub fn of_path(path: &str) -> View {
        if path == BASE_PATH || path.starts_with("/api-v1-deals/") {
            View::Documented
        } else {
            View::Crm
        }
    }
}

/// Document field → deal field.
const RENAMED: [(&str, &str); 6] = [
    ("title", "name"),
    ("stage_id", "stage"),
    ("organization_id", "account_id"),
    ("contact_id", "primary_contact_id"),
    ("assigned_to", "owner_id"),
    ("metadata", "custom_fields"),
];

/// The document's name for a deal field (unchanged when it has the same name).
pub fn document_name(deal_field: &str) -> Option<String> {
    RENAMED
        .iter()
        .find(|(_, core)| *core == deal_field)
        .map(|(document, _)| (*document).to_owned())
}

fn deal_name(document_field: &str) -> &str {
    RENAMED
        .iter()
        .find(|(document, _)| *document == document_field)
        .map_or(document_field, |(_, core)| core)
}

/// The request fields the document lists, with the deal's rules.
const FIELDS: &[FieldSpec] = &[
    field("title", Rule::Required),
    field("value", Rule::Amount),
    field("currency", Rule::Currency),
    field("stage_id", Rule::EntityId),
    field("organization_id", Rule::PrefixedId(AccountId::PREFIX)),
    field("contact_id", Rule::PrefixedId(ContactId::PREFIX)),
    field("assigned_to", Rule::PrefixedId(UserId::PREFIX)),
    field("expected_close_date", Rule::Date),
    field("probability", Rule::Percent),
    field("metadata", Rule::Object),
];

const SERVER_MANAGED: &[&str] = &["id", "created_at", "updated_at"];

/// A create or update body in the document's names, checked and turned into deal changes.
pub fn deal_changes(body: Map<String, Value>, mode: Mode) -> Result<Changes, ApiError> {
    let changes = validation::validate_fields(body, FIELDS, SERVER_MANAGED, mode)?;
    let renamed = changes
        .0
        .into_iter()
        .map(|(name, value)| (deal_name(&name).to_owned(), value))
        .collect();
    Ok(Changes(renamed))
}

/// Errors about deal fields, named as the document names them.
pub fn document_error(error: ApiError) -> ApiError {
    error.renaming_fields(document_name)
}

/// The stage endpoint says only "Stage not found" when a stage is not the caller's.
pub fn stage_move_error(error: ApiError) -> ApiError {
    match document_error(error) {
        ApiError::UnknownStage { details } => ApiError::UnknownStage {
            details: details
                .into_iter()
                .map(|detail| FieldError::new(detail.field, "Stage not found"))
                .collect(),
        },
        other => other,
    }
}

/// The document's include names: organization, contact, stage, assigned_user.
pub fn includes(value: &str) -> Result<Vec<Include>, String> {
    Include::parse_names(value, |name| match name {
        "organization" => Ok(Include::Account),
        "contact" => Ok(Include::PrimaryContact),
        "stage" => Ok(Include::Stage),
        "assigned_user" => Ok(Include::Owner),
        _ => Err(format!(
            "Unknown include {name}: expected some of organization, contact, stage, assigned_user"
        )),
    })
}

pub const ALL_INCLUDES: [Include; 4] = [
    Include::Account,
    Include::PrimaryContact,
    Include::Stage,
    Include::Owner,
];

/// The document's filterable fields.
const FILTERS: [&str; 8] = [
    "title",
    "stage_id",
    "organization_id",
    "contact_id",
    "assigned_to",
    "created_at",
    "expected_close_date",
    "value",
];

/// Every filter parameter the documented list accepts: each of its filterable fields alone and
/// with each operator of the deal field behind it (`title[like]` is `name[like]`).
pub fn filter_parameters() -> Vec<String> {
    crate::query::filter_parameters()
        .into_iter()
        .filter_map(|parameter| {
            let document = FILTERS.iter().find(|f| deal_name(f) == parameter.field)?;
            let op = parameter.name.strip_prefix(parameter.field)?;
            Some(format!("{document}{op}"))
        })
        .collect()
}

/// The list query in the deal's names: the document's filters (title, stage_id,
/// organization_id, contact_id, assigned_to, created_at, expected_close_date, value), sorts
/// (title, value, created_at, updated_at, expected_close_date) and includes. Anything else is a
/// 400 naming it.
pub fn list_query(request: &ApiRequest) -> Result<String, ApiError> {
    const SORTS: [&str; 5] = [
        "title",
        "value",
        "created_at",
        "updated_at",
        "expected_close_date",
    ];
    let mut errors = Vec::new();
    let mut pairs = Vec::new();
    for (name, value) in request.query_pairs() {
        let (field, op) = match name.split_once('[') {
            Some((field, op)) => (field, Some(op)),
            None => (name.as_str(), None),
        };
        let translated = match field {
            "limit" | "page" | "per_page" | "cursor" => Some((name.clone(), value.clone())),
            "include" => match includes(&value) {
                Ok(list) => Some((
                    name.clone(),
                    list.iter().map(|i| i.name()).collect::<Vec<_>>().join(","),
                )),
                Err(message) => {
                    errors.push(FieldError::new(name.clone(), message));
                    None
                }
            },
            "sort" => {
                let bare = value.trim_start_matches('-');
                if SORTS.contains(&bare) {
                    let prefix = if value.starts_with('-') { "-" } else { "" };
                    Some((name.clone(), format!("{prefix}{}", deal_name(bare))))
                } else {
                    errors.push(FieldError::new(
                        name.clone(),
                        format!(
                            "Unknown sort field: use one of {} (prefix - to descend)",
                            SORTS.join(", ")
                        ),
                    ));
                    None
                }
            }
            _ if FILTERS.contains(&field) => {
                let renamed = match op {
                    Some(op) => format!("{}[{op}", deal_name(field)),
                    None => deal_name(field).to_owned(),
                };
                Some((renamed, value.clone()))
            }
            _ => {
                errors.push(FieldError::new(name.clone(), "Unknown query parameter"));
                None
            }
        };
        pairs.extend(translated);
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    Ok(pairs
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect::<Vec<_>>()
        .join("&"))
}

/// Query errors about renamed parameters (`name[gte]` back to `title[gte]`).
pub fn document_query_error(error: ApiError) -> ApiError {
    error.renaming_fields(|parameter| {
        let (field, rest) = match parameter.split_once('[') {
            Some((field, op)) => (field, format!("[{op}")),
            None => (parameter, String::new()),
        };
        document_name(field).map(|name| format!("{name}{rest}"))
    })
}

fn encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~[],".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// A deal (as the CRM view renders it, with `included` when asked) in the document's shape:
/// its fields, then the embedded organization, contact, stage and assigned user.
pub fn deal(crm: &Value) -> Value {
    let pick = |name: &str| crm.get(name).cloned().unwrap_or(Value::Null);
    let mut view = Map::new();
    for (document, core) in [
        ("id", "id"),
        ("title", "name"),
        ("value", "value"),
        ("currency", "currency"),
        ("stage_id", "stage"),
        ("organization_id", "account_id"),
        ("contact_id", "primary_contact_id"),
        ("assigned_to", "owner_id"),
        ("expected_close_date", "expected_close_date"),
        ("probability", "probability"),
        ("metadata", "custom_fields"),
        ("created_at", "created_at"),
        ("updated_at", "updated_at"),
    ] {
        view.insert(document.into(), pick(core));
    }
    if let Some(included) = crm.get(INCLUDED).and_then(Value::as_object) {
        let shaped = [
            ("organization", "account", &["id", "name", "status"][..]),
            (
                "contact",
                "primary_contact",
                &["id", "first_name", "last_name"][..],
            ),
            ("stage", "stage", &["id", "name", "color", "position"][..]),
            ("assigned_user", "owner", &["id", "full_name", "email"][..]),
        ];
        for (document, core, fields) in shaped {
            if let Some(record) = included.get(core) {
                view.insert(document.into(), project(record, fields));
            }
        }
    }
    Value::Object(view)
}

fn project(record: &Value, fields: &[&str]) -> Value {
    match record.as_object() {
        Some(object) => Value::Object(
            fields
                .iter()
                .map(|name| {
                    (
                        (*name).to_owned(),
                        object.get(*name).cloned().unwrap_or(Value::Null),
                    )
                })
                .collect(),
        ),
        None => Value::Null,
    }
}

/// The document's error envelope: code, message, and details only when there are some.
pub fn error_body(error: &ApiError) -> Value {
    let mut body = Map::new();
    body.insert("code".into(), Value::String(error.code().into()));
    body.insert("message".into(), Value::String(error.public_message()));
    if !error.details().is_empty() {
        body.insert("details".into(), serde_json::json!(error.details()));
    }
    serde_json::json!({ "error": body })
}

/// The document's pagination object: total, limit, page, per_page, total_pages, has_more, and
/// the cursor to the next page when there is one.
pub fn pagination(crm: &Value) -> Value {
    let mut view = Map::new();
    for name in [
        "total",
        "limit",
        "page",
        "per_page",
        "total_pages",
        "has_more",
    ] {
        view.insert(name.into(), crm.get(name).cloned().unwrap_or(Value::Null));
    }
    if let Some(cursor) = crm.get("next_cursor").filter(|c| !c.is_null()) {
        view.insert("next_cursor".into(), cursor.clone());
    }
    Value::Object(view)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bodies_are_checked_in_the_documents_names() {
        let missing = deal_changes(Map::new(), Mode::Create);
        match missing {
            Err(error) => {
                assert_eq!(error.public_message(), "Title is required");
                assert_eq!(error.details()[0].field, "title");
            }
            Ok(_) => panic!("a title is required"),
        }
        let body = json!({"title": " Q1 ", "organization_id": null, "metadata": {"a": 1}});
        let changes =
            deal_changes(body.as_object().cloned().unwrap_or_default(), Mode::Update).ok();
        let expected = json!({"name": "Q1", "account_id": null, "custom_fields": {"a": 1}});
        assert_eq!(changes.map(|c| Value::Object(c.0)), Some(expected));
    }

    #[test]
    fn deals_take_the_documents_shape() {
        let crm = json!({"id": "deal_1", "name": "Q1", "stage": "qualified", "account_id": null, "value": 5, "tags": ["x"],
            "included": {"stage": {"id": "qualified", "name": "Qualified", "color": "#3b82f6", "position": 2, "kind": "open"}, "account": null}});
        let view = deal(&crm);
        assert_eq!(view["title"], "Q1");
        assert_eq!(view["stage_id"], "qualified");
        assert_eq!(
            view["stage"],
            json!({"id": "qualified", "name": "Qualified", "color": "#3b82f6", "position": 2})
        );
        assert_eq!(view["organization"], Value::Null);
        assert!(view.get("tags").is_none());
    }
}
