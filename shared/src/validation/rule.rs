//! One value against one [`Rule`]: checked, then normalized (trimmed text, upper-cased currency,
//! lower-cased ids, de-duplicated lists, one zero), or refused with the message a client sees.

use serde_json::{Map, Number, Value};

use crate::deal_patch::{Currency, IsoDate};
use crate::ids;

pub const MAX_SHORT_TEXT: usize = 255;
pub const MAX_LONG_TEXT: usize = 10_000;
pub const MAX_LIST_ITEMS: usize = 100;
pub const MAX_TAG_LENGTH: usize = 64;
pub const MAX_CUSTOM_FIELDS_BYTES: usize = 16 * 1024;
pub const MAX_CUSTOM_FIELDS_DEPTH: usize = 5;
/// Deal values above this are refused as typos (a quadrillion in any currency).
pub const MAX_DEAL_VALUE: f64 = 1e15;
/// Ten years: longer than any deal rots.
pub const MAX_DAYS: u64 = 3650;

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
    /// A whole number of days, 0 to MAX_DAYS.
    Days,
    /// A non-empty list of scopes an application may hold.
    ApplicationScopes,
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
                | Rule::ApplicationScopes
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
        Rule::ApplicationScopes => crate::applications::check_scopes(value),
        Rule::OneOf(names) => match value.as_str() {
            Some(name) if names.contains(&name) => Ok(value.clone()),
            _ => Err(format!("Must be one of {}", names.join(", "))),
        },
        Rule::Email => email(value).map(Value::String),
        Rule::Domain => domain(value).map(Value::String),
        Rule::Color => color(value).map(Value::String),
        Rule::Days => match value.as_u64() {
            Some(days) if days <= MAX_DAYS => Ok(value.clone()),
            _ => Err(format!("Must be an integer from 0 to {MAX_DAYS}")),
        },
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
    value
        .as_str()
        .and_then(|id| ids::prefixed_id(id, prefix))
        .ok_or_else(|| format!("Must be an id of the form {prefix}<uuid>"))
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

pub const ENTITY_ID_MESSAGE: &str = "Must be an id of 1 to 64 letters, digits, _ or -";
pub const DATE_MESSAGE: &str = "Must be a date YYYY-MM-DD from 0001-01-01 to 9999-12-31";
pub const DATE_OR_DATE_TIME_MESSAGE: &str = "Must be a date YYYY-MM-DD or an RFC 3339 date-time \
    YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM), from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z";

/// Exactly `YYYY-MM-DD` (see [`crate::clock::parse_date`]), kept as written: it is canonical.
fn date(value: &Value) -> Result<String, String> {
    value
        .as_str()
        .and_then(IsoDate::parse)
        .map(String::from)
        .ok_or_else(|| DATE_MESSAGE.into())
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
    value
        .as_str()
        .and_then(Currency::parse)
        .map(|code| Value::String(code.into()))
        .ok_or_else(|| "Must be an ISO 4217 currency code, e.g. EUR".into())
}

fn entity_id(value: &Value) -> Result<String, String> {
    value
        .as_str()
        .and_then(ids::entity_id)
        .ok_or_else(|| ENTITY_ID_MESSAGE.into())
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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

    proptest! {
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
}
