//! What a client may write, and how each field is checked and normalized.
//!
//! A request body becomes [`Changes`]: every field checked against a field table such as [`DEAL_FIELDS`], every problem
//! reported at once (one detail per bad field), values normalized (trimmed, upper-cased currency,
//! de-duplicated lists), and `null` turned into the field's cleared value.

use serde_json::{Map, Number, Value};

use crate::error::{ApiError, FieldError};
use crate::model::SourceType;

/// Largest request body accepted (413 past it). Keeps every deal far below DynamoDB's 400 KB item limit.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
pub const MAX_SHORT_TEXT: usize = 255;
pub const MAX_LONG_TEXT: usize = 10_000;
pub const MAX_LIST_ITEMS: usize = 100;
pub const MAX_TAG_LENGTH: usize = 64;
/// Each record a deal refers to is checked and counted in the deal's write transaction, which
/// holds at most 100 items: a PATCH replacing every reference touches 2 × (account + owner +
/// primary contact + contacts) + 2 items, so contacts stay at 40.
pub const MAX_CONTACTS_PER_DEAL: usize = 40;
pub const MAX_CUSTOM_FIELDS_BYTES: usize = 16 * 1024;
pub const MAX_CUSTOM_FIELDS_DEPTH: usize = 5;
/// Deal values above this are refused as typos (a quadrillion in any currency).
pub const MAX_DEAL_VALUE: f64 = 1e15;

#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// Trimmed, non-empty, at most MAX_SHORT_TEXT characters; required on create, never null.
    Required,
    ShortText,
    LongText,
    /// `<prefix><uuid>`, e.g. `acc-` + a UUID.
    PrefixedId(&'static str),
    /// A list of `<prefix><uuid>` of at most this many entries.
    PrefixedIdList(&'static str, usize),
    TextList,
    Tags,
    /// Exactly `YYYY-MM-DD`, a real date of the years 0001-9999; stored as given.
    Date,
    /// A `Date`, or exactly an RFC 3339 date-time whose instant lies within
    /// 0001-01-01T00:00:00Z..9999-12-31T23:59:59.999Z; stored in UTC with milliseconds.
    DateOrDateTime,
    /// A number from 0 to MAX_DEAL_VALUE; `-0` is stored as `0`.
    Amount,
    /// A number from 0 to 100; `-0` is stored as `0`.
    Percent,
    Currency,
    /// The id of a pipeline or stage: 1-64 of `A-Z a-z 0-9 _ -`. Existence is checked later.
    EntityId,
    Object,
    DealNumber,
    SourceTag,
    OneOf(&'static [&'static str]),
    Email,
    Domain,
    /// `#rrggbb`
    Color,
    /// An integer from 1 (a 1-based position).
    Position,
}

impl Rule {
    fn nullable(self) -> bool {
        !matches!(
            self,
            Rule::Required
                | Rule::Amount
                | Rule::Currency
                | Rule::EntityId
                | Rule::DealNumber
                | Rule::SourceTag
                | Rule::OneOf(_)
                | Rule::Color
                | Rule::Position
        )
    }

    /// What `null` means for this field: lists and objects become empty, the rest absent.
    fn cleared(self) -> Value {
        match self {
            Rule::PrefixedIdList(..) | Rule::TextList | Rule::Tags => Value::Array(Vec::new()),
            Rule::Object => Value::Object(Map::new()),
            _ => Value::Null,
        }
    }
}

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

/// Every client-writable field of a deal.
pub const DEAL_FIELDS: &[FieldSpec] = &[
    field("name", Rule::Required),
    field("account_id", Rule::PrefixedId("acc-")),
    field("owner_id", Rule::PrefixedId("usr-")),
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
    field("primary_contact_id", Rule::PrefixedId("con-")),
    field(
        "contact_ids",
        Rule::PrefixedIdList("con-", MAX_CONTACTS_PER_DEAL),
    ),
    field("rfp_record_id", Rule::PrefixedId("rfp-")),
    field("quote_ids", Rule::TextList),
    field("proposal_ids", Rule::TextList),
    field("attachment_refs", Rule::TextList),
    field(
        "linked_task_ids",
        Rule::PrefixedIdList("tsk-", MAX_LIST_ITEMS),
    ),
    field("custom_fields", Rule::Object),
    field("tags", Rule::Tags),
    create_only("deal_number", Rule::DealNumber),
    create_only("source", Rule::SourceTag),
    create_only("source_type", Rule::OneOf(&SourceType::NAMES)),
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

/// Size limit, JSON syntax and "must be an object": the checks every write body shares.
pub fn parse_object(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    check_body_size(body)?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::invalid_request(
            "Request body must be a JSON object",
        ));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(ApiError::invalid_request(
            "Request body must be a JSON object",
        )),
        Err(_) => Err(ApiError::invalid_request("Request body is not valid JSON")),
    }
}

/// 413 for a body over [`MAX_BODY_BYTES`], whatever it holds (blanks included) and whatever the
/// method: the dispatcher checks every request with it before any handler runs.
pub fn check_body_size(body: &[u8]) -> Result<(), ApiError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(ApiError::PayloadTooLarge {
            limit: MAX_BODY_BYTES,
        });
    }
    Ok(())
}

/// Checks a deal's create or update body field by field.
pub fn validate_deal_fields(body: Map<String, Value>, mode: Mode) -> Result<Changes, ApiError> {
    validate_fields(body, DEAL_FIELDS, DEAL_SERVER_MANAGED, mode)
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
        match check(&name, spec.rule, &value) {
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

/// `first_name` -> "First name is required".
pub fn required_message(field: &str) -> String {
    let label = field.replace('_', " ");
    let mut chars = label.chars();
    let capitalized: String = chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    format!("{capitalized} is required")
}

/// Checks one value against a rule, e.g. a query filter against its field's rule.
pub fn check_value(field: &str, rule: Rule, value: &Value) -> Result<Value, String> {
    check(field, rule, value)
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
                match (&stage, check(&name, Rule::EntityId, &value)) {
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

fn has_error_for(errors: &[FieldError], field: &str) -> bool {
    errors.iter().any(|error| error.field == field)
}

fn check(field: &str, rule: Rule, value: &Value) -> Result<Value, String> {
    if value.is_null() {
        return if rule.nullable() {
            Ok(rule.cleared())
        } else if matches!(rule, Rule::Required) {
            Err(required_message(field))
        } else {
            Err("Must not be null".into())
        };
    }
    match rule {
        Rule::Required => {
            let text = text(value, MAX_SHORT_TEXT)?;
            if text.is_empty() {
                Err(required_message(field))
            } else {
                Ok(Value::String(text))
            }
        }
        Rule::ShortText => text(value, MAX_SHORT_TEXT).map(optional_text),
        Rule::LongText => text(value, MAX_LONG_TEXT).map(optional_text),
        Rule::PrefixedId(prefix) => prefixed_id(value, prefix).map(Value::String),
        Rule::PrefixedIdList(prefix, max_items) => {
            list(value, max_items, |item| prefixed_id(item, prefix))
        }
        Rule::TextList => list(value, MAX_LIST_ITEMS, |item| {
            non_empty_text(item, MAX_SHORT_TEXT)
        }),
        Rule::Tags => list(value, MAX_LIST_ITEMS, |item| {
            non_empty_text(item, MAX_TAG_LENGTH)
        }),
        Rule::Date => date(value).map(Value::String),
        Rule::DateOrDateTime => date(value)
            .or_else(|_| date_time(value))
            .map(Value::String)
            .map_err(|_| DATE_OR_DATE_TIME_MESSAGE.into()),
        Rule::Amount => number_between(value, 0.0, MAX_DEAL_VALUE),
        Rule::Percent => number_between(value, 0.0, 100.0),
        Rule::Currency => currency(value),
        Rule::EntityId => entity_id(value).map(Value::String),
        Rule::Object => custom_fields(value),
        Rule::DealNumber => deal_number(value),
        Rule::SourceTag => non_empty_text(value, 64).map(Value::String),
        Rule::OneOf(names) => match value.as_str() {
            Some(name) if names.contains(&name) => Ok(value.clone()),
            _ => Err(format!("Must be one of {}", names.join(", "))),
        },
        Rule::Email => email(value).map(Value::String),
        Rule::Domain => domain(value).map(Value::String),
        Rule::Color => color(value).map(Value::String),
        Rule::Position => match value.as_u64() {
            Some(position) if position >= 1 => Ok(value.clone()),
            _ => Err("Must be an integer from 1".into()),
        },
    }
}

fn text(value: &Value, max_chars: usize) -> Result<String, String> {
    let Some(text) = value.as_str() else {
        return Err("Must be a string".into());
    };
    let trimmed = text.trim();
    if trimmed.chars().count() > max_chars {
        return Err(format!("Must be at most {max_chars} characters"));
    }
    Ok(trimmed.to_owned())
}

/// An optional text field given as "" is cleared, like `null`.
fn optional_text(text: String) -> Value {
    if text.is_empty() {
        Value::Null
    } else {
        Value::String(text)
    }
}

fn non_empty_text(value: &Value, max_chars: usize) -> Result<String, String> {
    let text = text(value, max_chars)?;
    if text.is_empty() {
        Err("Must not be empty".into())
    } else {
        Ok(text)
    }
}

fn prefixed_id(value: &Value, prefix: &str) -> Result<String, String> {
    let malformed = || format!("Must be an id of the form {prefix}<uuid>");
    let id = value.as_str().ok_or_else(malformed)?;
    let uuid = id.strip_prefix(prefix).ok_or_else(malformed)?;
    // Hyphenated form only, so one entity has one spelling.
    if uuid.len() != 36 || uuid::Uuid::try_parse(uuid).is_err() {
        return Err(malformed());
    }
    Ok(id.to_ascii_lowercase())
}

/// A list of strings checked one by one; duplicates are dropped, first occurrence kept.
fn list(
    value: &Value,
    max_items: usize,
    check_item: impl Fn(&Value) -> Result<String, String>,
) -> Result<Value, String> {
    let Some(items) = value.as_array() else {
        return Err("Must be an array of strings".into());
    };
    if items.len() > max_items {
        return Err(format!("Must have at most {max_items} items"));
    }
    let mut seen: Vec<String> = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let checked = check_item(item).map_err(|message| format!("Item {index}: {message}"))?;
        if !seen.contains(&checked) {
            seen.push(checked);
        }
    }
    Ok(Value::Array(seen.into_iter().map(Value::String).collect()))
}

pub const DATE_MESSAGE: &str = "Must be a date YYYY-MM-DD from 0001-01-01 to 9999-12-31";
pub const DATE_OR_DATE_TIME_MESSAGE: &str = "Must be a date YYYY-MM-DD or an RFC 3339 date-time \
    YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM), from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z";

/// Exactly `YYYY-MM-DD` (see [`crate::clock::parse_date`]), kept as written: it is canonical.
fn date(value: &Value) -> Result<String, String> {
    let text = value.as_str().ok_or(DATE_MESSAGE)?;
    match crate::clock::parse_date(text) {
        Some(date) => Ok(crate::clock::format_date(date)),
        None => Err(DATE_MESSAGE.into()),
    }
}

/// Exactly RFC 3339 (see [`crate::clock::parse_date_time`]), stored in UTC with milliseconds.
fn date_time(value: &Value) -> Result<String, String> {
    let text = value.as_str().ok_or(DATE_OR_DATE_TIME_MESSAGE)?;
    crate::clock::parse_date_time(text)
        .map(crate::clock::format_timestamp)
        .ok_or_else(|| DATE_OR_DATE_TIME_MESSAGE.into())
}

/// `-0` is `0`: one zero, so filters, sort keys and responses agree on it.
pub fn normalize_zero(n: f64) -> f64 {
    if n == 0.0 {
        0.0
    } else {
        n
    }
}

/// A JSON number with a negative zero (`-0`, `-0.0`) replaced by the integer `0`.
fn without_negative_zero(number: &Number) -> Number {
    match number.as_f64() {
        Some(n) if n == 0.0 && n.is_sign_negative() => Number::from(0u8),
        _ => number.clone(),
    }
}

fn number_between(value: &Value, min: f64, max: f64) -> Result<Value, String> {
    let message = || format!("Must be a number between {min} and {max}");
    let Value::Number(number) = value else {
        return Err(message());
    };
    match number.as_f64() {
        Some(n) if n.is_finite() && (min..=max).contains(&n) && storable_number(n) => {
            Ok(Value::Number(without_negative_zero(number)))
        }
        _ => Err(message()),
    }
}

/// DynamoDB numbers hold magnitudes from 1e-130 to 1e126; anything outside would fail the write.
fn storable_number(n: f64) -> bool {
    n == 0.0 || (1e-129..1e125).contains(&n.abs())
}

fn currency(value: &Value) -> Result<Value, String> {
    let code = value
        .as_str()
        .map(|code| code.trim().to_ascii_uppercase())
        .filter(|code| ISO_4217.contains(&code.as_str()));
    code.map(Value::String)
        .ok_or_else(|| "Must be an ISO 4217 currency code, e.g. EUR".into())
}

fn entity_id(value: &Value) -> Result<String, String> {
    let message = "Must be an id of 1 to 64 letters, digits, _ or -";
    let id = value.as_str().ok_or(message)?;
    let valid = (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    valid.then(|| id.to_owned()).ok_or_else(|| message.into())
}

fn email(value: &Value) -> Result<String, String> {
    let message = "Must be an email address";
    let text = text(value, MAX_SHORT_TEXT).map_err(|_| message)?;
    let (local, domain_part) = text.rsplit_once('@').ok_or(message)?;
    let plausible = !local.is_empty()
        && !text.chars().any(char::is_whitespace)
        && domain(&Value::String(domain_part.into())).is_ok();
    plausible
        .then(|| text.clone())
        .ok_or_else(|| message.into())
}

/// A host name such as `acme.example`: dot-separated labels of letters, digits and hyphens.
fn domain(value: &Value) -> Result<String, String> {
    let message = "Must be a domain name such as acme.com";
    let text = value.as_str().ok_or(message)?.trim().to_ascii_lowercase();
    let label_ok = |label: &str| {
        (1..=63).contains(&label.len())
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    let valid = text.len() <= 253 && text.contains('.') && text.split('.').all(label_ok);
    valid.then_some(text).ok_or_else(|| message.into())
}

fn color(value: &Value) -> Result<String, String> {
    let message = "Must be a color of the form #rrggbb";
    let text = value.as_str().ok_or(message)?;
    let valid = text.len() == 7
        && text.starts_with('#')
        && text[1..].bytes().all(|b| b.is_ascii_hexdigit());
    valid
        .then(|| text.to_ascii_lowercase())
        .ok_or_else(|| message.into())
}

fn deal_number(value: &Value) -> Result<Value, String> {
    let message = "Must look like DEAL-2026-00417 (a year, then a number from 1 with five digits or more, no further leading zeros)";
    match value.as_str().and_then(crate::model::parse_deal_number) {
        Some(_) => Ok(value.clone()),
        None => Err(message.into()),
    }
}

fn custom_fields(value: &Value) -> Result<Value, String> {
    if !value.is_object() {
        return Err("Must be an object".into());
    }
    let size = serde_json::to_vec(value)
        .map(|bytes| bytes.len())
        .unwrap_or(usize::MAX);
    if size > MAX_CUSTOM_FIELDS_BYTES {
        return Err(format!(
            "Must be at most {MAX_CUSTOM_FIELDS_BYTES} bytes of JSON"
        ));
    }
    check_nested(value, 1)?;
    Ok(normalized_numbers(value))
}

/// The same JSON with every negative zero made `0` (DynamoDB holds one zero).
fn normalized_numbers(value: &Value) -> Value {
    match value {
        Value::Number(number) => Value::Number(without_negative_zero(number)),
        Value::Array(items) => Value::Array(items.iter().map(normalized_numbers).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, item)| (key.clone(), normalized_numbers(item)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn check_nested(value: &Value, depth: usize) -> Result<(), String> {
    match value {
        Value::Object(map) => {
            if depth > MAX_CUSTOM_FIELDS_DEPTH {
                return Err(format!(
                    "Must nest at most {MAX_CUSTOM_FIELDS_DEPTH} levels deep"
                ));
            }
            for (key, item) in map {
                if key.is_empty() {
                    return Err("Keys must not be empty".into());
                }
                check_nested(item, depth + 1)?;
            }
            Ok(())
        }
        Value::Array(items) => {
            if depth > MAX_CUSTOM_FIELDS_DEPTH {
                return Err(format!(
                    "Must nest at most {MAX_CUSTOM_FIELDS_DEPTH} levels deep"
                ));
            }
            items
                .iter()
                .try_for_each(|item| check_nested(item, depth + 1))
        }
        Value::Number(number) => match number.as_f64() {
            Some(n) if storable_number(n) => Ok(()),
            _ => Err("Numbers must lie between 1e-129 and 1e125 in magnitude".into()),
        },
        _ => Ok(()),
    }
}

/// Active ISO 4217 currency codes.
const ISO_4217: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN",
    "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF",
    "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP",
    "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD",
    "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY",
    "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD",
    "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK",
    "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK",
    "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG",
    "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS",
    "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VES",
    "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn fields(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    fn details(result: Result<Changes, ApiError>) -> Vec<(String, String)> {
        match result {
            Err(error) => error
                .details()
                .iter()
                .map(|d| (d.field.clone(), d.message.clone()))
                .collect(),
            Ok(changes) => panic!("expected an error, got {changes:?}"),
        }
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
    fn bodies_must_be_json_objects_within_the_limit() {
        assert!(matches!(
            parse_object(b"not json"),
            Err(ApiError::InvalidRequest { .. })
        ));
        assert!(matches!(
            parse_object(b"[1]"),
            Err(ApiError::InvalidRequest { .. })
        ));
        assert!(matches!(
            parse_object(b""),
            Err(ApiError::InvalidRequest { .. })
        ));
        let big = vec![b' '; MAX_BODY_BYTES + 1];
        assert!(matches!(
            parse_object(&big),
            Err(ApiError::PayloadTooLarge { .. })
        ));
        assert!(parse_object(br#"{"a":1}"#).is_ok());
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

    #[test]
    fn dates_are_exactly_yyyy_mm_dd_and_date_times_rfc_3339_in_range() {
        let checked = |rule: Rule, text: &str| {
            check_value("f", rule, &Value::String(text.into()))
                .ok()
                .and_then(|v| v.as_str().map(String::from))
        };
        for bad in [
            "+2026-03-31",
            "-0001-01-01",
            "0000-01-01",
            "2026-02-30",
            "99999-01-01",
        ] {
            assert_eq!(checked(Rule::Date, bad), None, "{bad}");
            assert_eq!(checked(Rule::DateOrDateTime, bad), None, "{bad}");
        }
        for bad in [
            "9999-12-31T23:59:59-01:00",
            "+2026-03-31T00:00:00Z",
            "2026-03-31T00:00:00",
        ] {
            assert_eq!(checked(Rule::DateOrDateTime, bad), None, "{bad}");
        }
        assert_eq!(
            checked(Rule::Date, "0001-01-01").as_deref(),
            Some("0001-01-01")
        );
        assert_eq!(
            checked(Rule::DateOrDateTime, "2026-03-31t23:30:00.25-02:00").as_deref(),
            Some("2026-04-01T01:30:00.250Z")
        );
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

        #[test]
        fn date_rules_never_panic_and_store_what_parses_back_to_itself(text in prop_oneof![
            "[+-]?[0-9]{1,6}-[0-9]{1,2}-[0-9]{1,2}",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,10})?([Zz]|[+-][0-9]{2}:[0-9]{2})",
            ".{0,30}",
        ]) {
            let value = Value::String(text.clone());
            if let Ok(stored) = check_value("d", Rule::Date, &value) {
                prop_assert_eq!(&stored, &value, "a date is stored as written");
                prop_assert!(crate::clock::parse_date(&text).is_some());
            }
            if let Ok(stored) = check_value("d", Rule::DateOrDateTime, &value) {
                let again = check_value("d", Rule::DateOrDateTime, &stored);
                prop_assert_eq!(again.as_ref(), Ok(&stored));
                let shown = stored.as_str().unwrap_or_default();
                prop_assert!(shown.len() == 10 || (shown.len() == 24 && shown.ends_with('Z')), "{}", shown);
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
