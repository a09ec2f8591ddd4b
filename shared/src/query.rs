//! The filter and sort language of `GET /deals`, as pure data: parsing with a 400 for anything
//! it does not understand, evaluation against a deal, and the sortable encodings the sort
//! indexes are keyed by.
//!
//! `field=value` or `field[op]=value`, op one of eq, ne, gt, gte, lt, lte, like, in; several
//! filters combine with AND. `sort=field` or `sort=-field`; ties are broken by deal id.

use crate::error::FieldError;
use crate::model::Deal;
use crate::validation;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    Like,
    In,
}

impl Op {
    const NAMES: [(&'static str, Op); 8] = [
        ("eq", Op::Eq),
        ("ne", Op::Ne),
        ("gt", Op::Gt),
        ("gte", Op::Gte),
        ("lt", Op::Lt),
        ("lte", Op::Lte),
        ("like", Op::Like),
        ("in", Op::In),
    ];

    fn parse(name: &str) -> Option<Op> {
        Op::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, op)| *op)
    }
}

/// What kind of values a filterable field holds, which decides its operators and parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    /// An id with this prefix (`acc-`…), or any entity id when empty.
    Id(&'static str),
    Number,
    /// `YYYY-MM-DD`
    Date,
    /// RFC 3339; a bare date means that whole day.
    Timestamp,
    /// A list of strings: `eq` means "has this tag".
    Tags,
}

impl Kind {
    fn allows(self, op: Op) -> bool {
        match self {
            Kind::Text => true,
            Kind::Id(_) => matches!(op, Op::Eq | Op::Ne | Op::In | Op::Like),
            Kind::Number | Kind::Date | Kind::Timestamp => op != Op::Like,
            Kind::Tags => matches!(op, Op::Eq | Op::Ne | Op::In | Op::Like),
        }
    }
}

/// The fields `GET /deals` filters on.
const FILTERABLE: [(&str, Kind); 17] = [
    ("name", Kind::Text),
    ("stage", Kind::Id("")),
    ("pipeline_id", Kind::Id("")),
    ("account_id", Kind::Id("acc-")),
    ("owner_id", Kind::Id("usr-")),
    ("primary_contact_id", Kind::Id("con-")),
    ("value", Kind::Number),
    ("currency", Kind::Text),
    ("probability", Kind::Number),
    ("forecast_category", Kind::Text),
    ("deal_type", Kind::Text),
    ("deal_source", Kind::Text),
    ("deal_number", Kind::Text),
    ("tags", Kind::Tags),
    ("created_at", Kind::Timestamp),
    ("updated_at", Kind::Timestamp),
    ("expected_close_date", Kind::Date),
];

pub fn is_filterable(field: &str) -> bool {
    FILTERABLE.iter().any(|(name, _)| *name == field)
}

#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Text(String),
    Number(f64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub field: &'static str,
    kind: Kind,
    pub op: Op,
    /// One operand, or several for `in`.
    pub operands: Vec<Operand>,
}

/// A query parameter that filters: `field` (which means `field[eq]`) or `field[op]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterParameter {
    pub name: String,
    pub field: &'static str,
    pub op: Op,
}

/// Every filter parameter `GET /deals` accepts: each filterable field alone, and with each
/// operator its kind allows.
pub fn filter_parameters() -> Vec<FilterParameter> {
    let mut parameters = Vec::new();
    for (field, kind) in FILTERABLE {
        parameters.push(FilterParameter {
            name: field.to_owned(),
            field,
            op: Op::Eq,
        });
        for (op_name, op) in Op::NAMES {
            if kind.allows(op) {
                parameters.push(FilterParameter {
                    name: format!("{field}[{op_name}]"),
                    field,
                    op,
                });
            }
        }
    }
    parameters
}

impl Filter {
    /// Whether the parameter is an `in` filter, whose value is a list.
    pub fn takes_list(parameter: &str) -> bool {
        parameter.ends_with("[in]")
    }

    /// Parses `field` or `field[op]` with its value; errors name the parameter as given.
    pub fn parse(parameter: &str, value: &str) -> Result<Filter, FieldError> {
        let error = |message: &str| FieldError::new(parameter, message);
        let (field, op) = match parameter.split_once('[') {
            Some((field, rest)) => {
                let op = rest.strip_suffix(']').and_then(Op::parse).ok_or_else(|| {
                    error("Unknown operator: use eq, ne, gt, gte, lt, lte, like or in")
                })?;
                (field, op)
            }
            None => (parameter, Op::Eq),
        };
        let (field, kind) = FILTERABLE
            .iter()
            .find(|(name, _)| *name == field)
            .copied()
            .ok_or_else(|| error("Unknown query parameter"))?;
        if !kind.allows(op) {
            return Err(error("Operator not available for this field"));
        }
        let raw: Vec<&str> = if op == Op::In {
            value.split(',').map(str::trim).collect()
        } else {
            vec![value]
        };
        let operands = raw
            .into_iter()
            .map(|text| operand(kind, op, text).map_err(|message| error(&message)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Filter {
            field,
            kind,
            op,
            operands,
        })
    }

    /// An equality filter built by the server (e.g. "deals in this stage").
    pub fn equals(field: &'static str, value: &str) -> Filter {
        let kind = FILTERABLE
            .iter()
            .find(|(name, _)| *name == field)
            .map_or(Kind::Text, |(_, kind)| *kind);
        Filter {
            field,
            kind,
            op: Op::Eq,
            operands: vec![Operand::Text(value.to_owned())],
        }
    }

    /// The single value of an equality filter on a text or id field.
    pub fn equality_value(&self) -> Option<&str> {
        match (self.op, self.operands.as_slice()) {
            (Op::Eq, [Operand::Text(value)]) => Some(value),
            _ => None,
        }
    }

    pub fn matches(&self, deal: &Deal) -> bool {
        match self.kind {
            Kind::Tags => self.matches_tags(&deal.tags),
            Kind::Number => {
                let value = match self.field {
                    "value" => deal.value.as_f64(),
                    _ => deal.probability.as_ref().and_then(|p| p.as_f64()),
                };
                match value {
                    None => self.op == Op::Ne,
                    Some(value) => self.compare(|operand| match operand {
                        Operand::Number(n) => value.partial_cmp(n),
                        Operand::Text(_) => None,
                    }),
                }
            }
            _ => match text_of(deal, self.field) {
                None => self.op == Op::Ne,
                Some(text) => self.matches_text(text),
            },
        }
    }

    fn matches_text(&self, text: &str) -> bool {
        if self.op == Op::Like {
            return self
                .operands
                .iter()
                .any(|operand| matches!(operand, Operand::Text(pattern) if like(text, pattern)));
        }
        if self.kind == Kind::Timestamp {
            return self.compare(|operand| match operand {
                Operand::Text(bound) if bound.len() == 10 => {
                    // A bare date compares with the day the timestamp falls on.
                    Some(text.get(..10).unwrap_or(text).cmp(bound.as_str()))
                }
                Operand::Text(bound) => Some(text.cmp(bound.as_str())),
                Operand::Number(_) => None,
            });
        }
        self.compare(|operand| match operand {
            Operand::Text(other) => Some(text.cmp(other.as_str())),
            Operand::Number(_) => None,
        })
    }

    fn matches_tags(&self, tags: &[String]) -> bool {
        let has = |operand: &Operand| match operand {
            Operand::Text(wanted) if self.op == Op::Like => {
                tags.iter().any(|tag| like(tag, wanted))
            }
            Operand::Text(wanted) => tags.iter().any(|tag| tag == wanted),
            Operand::Number(_) => false,
        };
        match self.op {
            Op::Ne => !self.operands.iter().any(has),
            _ => self.operands.iter().any(has),
        }
    }

    /// Applies the operator given how the field compares with each operand.
    fn compare(&self, ordering: impl Fn(&Operand) -> Option<std::cmp::Ordering>) -> bool {
        use std::cmp::Ordering::*;
        let first = self.operands.first().and_then(&ordering);
        match self.op {
            Op::Eq => first == Some(Equal),
            Op::Ne => first != Some(Equal),
            Op::Gt => first == Some(Greater),
            Op::Gte => matches!(first, Some(Greater | Equal)),
            Op::Lt => first == Some(Less),
            Op::Lte => matches!(first, Some(Less | Equal)),
            Op::In => self
                .operands
                .iter()
                .any(|operand| ordering(operand) == Some(Equal)),
            Op::Like => false,
        }
    }
}

fn text_of<'a>(deal: &'a Deal, field: &str) -> Option<&'a str> {
    match field {
        "name" => Some(&deal.name),
        "stage" => Some(&deal.stage),
        "pipeline_id" => Some(&deal.pipeline_id),
        "account_id" => deal.account_id.as_deref(),
        "owner_id" => deal.owner_id.as_deref(),
        "primary_contact_id" => deal.primary_contact_id.as_deref(),
        "currency" => Some(&deal.currency),
        "forecast_category" => deal.forecast_category.as_deref(),
        "deal_type" => deal.deal_type.as_deref(),
        "deal_source" => deal.deal_source.as_deref(),
        "deal_number" => Some(&deal.deal_number),
        "created_at" => Some(&deal.created_at),
        "updated_at" => Some(&deal.updated_at),
        "expected_close_date" => deal.expected_close_date.as_deref(),
        _ => None,
    }
}

fn operand(kind: Kind, op: Op, text: &str) -> Result<Operand, String> {
    match kind {
        Kind::Number => text
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(|n| Operand::Number(validation::normalize_zero(n)))
            .ok_or_else(|| "Must be a number".to_owned()),
        Kind::Date => check(text, validation::Rule::Date, "expected_close_date"),
        Kind::Timestamp => timestamp_operand(op, text),
        Kind::Id(prefix) if op != Op::Like && !prefix.is_empty() => {
            check(text, validation::Rule::PrefixedId(prefix), "id")
        }
        Kind::Id(_) if op != Op::Like => check(text, validation::Rule::EntityId, "id"),
        _ if text.is_empty() => Err("Must not be empty".to_owned()),
        _ if text.chars().count() > validation::MAX_SHORT_TEXT => Err(format!(
            "Must be at most {} characters",
            validation::MAX_SHORT_TEXT
        )),
        _ => Ok(Operand::Text(text.to_owned())),
    }
}

/// A bound on a server timestamp (always whole milliseconds, UTC): a bare date as given (it
/// means that whole day), else the instant in the stored form. An instant between two
/// milliseconds is rounded the way that keeps the comparison exact: `gte`/`lt` up, `gt`/`lte`
/// down; for `eq`/`ne`/`in` it is spelled to the nanosecond, which no stored timestamp equals.
fn timestamp_operand(op: Op, text: &str) -> Result<Operand, String> {
    if let Some(date) = crate::clock::parse_date(text) {
        return Ok(Operand::Text(crate::clock::format_date(date)));
    }
    let invalid = || validation::DATE_OR_DATE_TIME_MESSAGE.to_owned();
    let moment = crate::clock::parse_date_time(text).ok_or_else(invalid)?;
    let whole = moment.nanosecond() % 1_000_000 == 0;
    let bound = match op {
        _ if whole => crate::clock::format_timestamp(moment),
        Op::Gt | Op::Lte => crate::clock::format_timestamp(moment),
        Op::Gte | Op::Lt => crate::clock::ceil_to_millisecond(moment)
            .map(crate::clock::format_timestamp)
            .ok_or_else(invalid)?,
        Op::Eq | Op::Ne | Op::In | Op::Like => crate::clock::format_timestamp_nanos(moment),
    };
    Ok(Operand::Text(bound))
}

/// Checks an operand by the rule of the field it filters and keeps its normalized form.
fn check(text: &str, rule: validation::Rule, field: &str) -> Result<Operand, String> {
    let checked =
        validation::check_value(field, rule, &serde_json::Value::String(text.to_owned()))?;
    checked
        .as_str()
        .map(|text| Operand::Text(text.to_owned()))
        .ok_or_else(|| "Must not be empty".to_owned())
}

/// Case-insensitive match with `%` as "any run of characters"; without `%`, a substring match.
pub fn like(text: &str, pattern: &str) -> bool {
    let text = text.to_lowercase();
    let pattern = pattern.to_lowercase();
    if !pattern.contains('%') {
        return text.contains(&pattern);
    }
    let parts: Vec<&str> = pattern.split('%').collect();
    let (first, rest) = parts.split_first().unwrap_or((&"", &[]));
    let Some(mut remaining) = text.strip_prefix(first) else {
        return false;
    };
    let Some((last, middle)) = rest.split_last() else {
        return remaining.is_empty();
    };
    for part in middle {
        match remaining.find(part) {
            Some(at) => remaining = &remaining[at + part.len()..],
            None => return false,
        }
    }
    remaining.len() >= last.len() && remaining.ends_with(last)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortField {
    CreatedAt,
    Name,
    Value,
    UpdatedAt,
    ExpectedCloseDate,
    Probability,
}

impl SortField {
    const NAMES: [(&'static str, SortField); 6] = [
        ("created_at", SortField::CreatedAt),
        ("name", SortField::Name),
        ("value", SortField::Value),
        ("updated_at", SortField::UpdatedAt),
        ("expected_close_date", SortField::ExpectedCloseDate),
        ("probability", SortField::Probability),
    ];

    pub fn name(self) -> &'static str {
        SortField::NAMES
            .iter()
            .find(|(_, field)| *field == self)
            .map_or("created_at", |(name, _)| name)
    }

    /// Where a deal sits in this order: the sort value made comparable as text, then the id.
    /// Deals without the value sort after all others. `None` for `created_at`, which the ULID
    /// deal id already orders.
    pub fn key(self, deal: &Deal) -> Option<String> {
        let value = match self {
            SortField::CreatedAt => return None,
            SortField::Name => deal
                .name
                .to_lowercase()
                .chars()
                .filter(|c| *c > '\u{1}')
                .take(100)
                .collect(),
            SortField::Value => sortable_number(deal.value.as_f64()),
            SortField::Probability => {
                sortable_number(deal.probability.as_ref().and_then(|p| p.as_f64()))
            }
            SortField::UpdatedAt => deal.updated_at.clone(),
            SortField::ExpectedCloseDate => deal
                .expected_close_date
                .clone()
                .unwrap_or_else(|| MISSING.to_owned()),
        };
        Some(format!("{value}{KEY_SEPARATOR}{}", deal.id))
    }
}

/// Sorts after every digit and letter: where deals without the value go.
const MISSING: &str = "~";
/// Between a sort value and the deal id; below every character a value may hold.
pub const KEY_SEPARATOR: char = '\u{1}';

/// Numbers as text whose order is numeric order, for the sort indexes. Total: defined for every
/// input, and for any `a <= b` the key of `a` sorts at or before the key of `b`; equal numbers
/// (`-0` and `0` included) have equal keys, and distinct numbers of 0 and more distinct ones.
///
/// - 0 ≤ n < 10^16 (every storable value and probability): the integer part zero-padded to 16
///   digits, `.`, and the shortest decimal digits of the fraction that give back the number,
///   padded to at least 4 (`0000000000001500.0000`, `0000000000000000.00001`). Values with at
///   most 4 decimals keep the key they had before the fraction became exact.
/// - n ≥ 10^16 (only ever a filter bound): `E`, the number of integer digits in 3 digits, the
///   digits and the fraction: above every smaller number and below `~`.
/// - n < 0 (only ever a filter bound; nothing stored is negative): `-`, below every other key.
/// - absent, NaN: `~`, after everything (where deals without the value go).
pub fn sortable_number(number: Option<f64>) -> String {
    let Some(n) = number.filter(|n| !n.is_nan()) else {
        return MISSING.to_owned();
    };
    let n = validation::normalize_zero(n);
    if n < 0.0 {
        return NEGATIVE.to_owned();
    }
    if n == f64::INFINITY {
        return format!("{LARGE}999");
    }
    // Display prints the shortest decimal that parses back to n, never in exponent form.
    let shown = n.to_string();
    let (integer, fraction) = shown.split_once('.').unwrap_or((&shown, ""));
    let fraction = format!("{fraction:0<4}");
    if integer.len() <= 16 {
        format!("{integer:0>16}.{fraction}")
    } else {
        format!("{LARGE}{:03}{integer}.{fraction}", integer.len())
    }
}

/// Where numbers of 10^16 and more start: after every digit, before [`MISSING`].
const LARGE: char = 'E';
/// The key of every negative number: before every digit.
const NEGATIVE: &str = "-";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub field: SortField,
    pub descending: bool,
}

impl Default for Sort {
    /// Newest first.
    fn default() -> Self {
        Sort {
            field: SortField::CreatedAt,
            descending: true,
        }
    }
}

impl Sort {
    pub fn parse(value: &str) -> Result<Sort, String> {
        let (descending, name) = match value.strip_prefix('-') {
            Some(name) => (true, name),
            None => (false, value),
        };
        SortField::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, field)| Sort {
                field: *field,
                descending,
            })
            .ok_or_else(|| {
                let names: Vec<&str> = SortField::NAMES.iter().map(|(n, _)| *n).collect();
                format!(
                    "Unknown sort field: use one of {} (prefix - to descend)",
                    names.join(", ")
                )
            })
    }
}

/// What a deal list asks for: filters (all must hold), an order, and the caller's application.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DealQuery {
    pub filters: Vec<Filter>,
    pub sort: Sort,
    /// Set for application-scoped callers: only that application's deals.
    pub app_id: Option<String>,
    /// Deals naming this contact as primary contact or among `contact_ids` (server use only).
    pub contact_id: Option<String>,
    /// `rotten=true|false`.
    pub rotten: Option<Rotting>,
}

/// Whether a deal has been in its open stage longer than the stage lets it (see
/// [`crate::pipeline::Stage::is_rotten`]), as a filter: the first fresh day of each stage whose
/// deals rot, worked out from the pipelines and today by the handler.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rotting {
    pub wanted: bool,
    /// Stage id → `YYYY-MM-DD`: a deal that entered the stage before that day is rotten.
    pub fresh_since: std::collections::BTreeMap<String, String>,
}

impl Rotting {
    pub fn is_rotten(&self, deal: &Deal) -> bool {
        self.fresh_since
            .get(&deal.stage)
            .is_some_and(|day| deal.stage_entered_at.get(..10).unwrap_or_default() < day.as_str())
    }
}

impl DealQuery {
    /// Newest first, these equality filters.
    pub fn equal(filters: &[(&'static str, &str)]) -> Self {
        DealQuery {
            filters: filters
                .iter()
                .map(|(field, value)| Filter::equals(field, value))
                .collect(),
            ..DealQuery::default()
        }
    }

    pub fn matches(&self, deal: &Deal) -> bool {
        let app_ok = self.app_id.is_none() || deal.app_id == self.app_id;
        let contact_ok = self.contact_id.as_ref().is_none_or(|contact| {
            deal.primary_contact_id.as_ref() == Some(contact) || deal.contact_ids.contains(contact)
        });
        let rotten_ok = self
            .rotten
            .as_ref()
            .is_none_or(|rotting| rotting.is_rotten(deal) == rotting.wanted);
        app_ok && contact_ok && rotten_ok && self.filters.iter().all(|filter| filter.matches(deal))
    }

    /// The value of an equality filter on `field`, if the query has one.
    pub fn equality(&self, field: &str) -> Option<&str> {
        self.filters
            .iter()
            .filter(|filter| filter.field == field)
            .find_map(Filter::equality_value)
    }
}

#[cfg(test)]
impl DealQuery {
    /// A query as `GET /deals` parses these parameters; panics on one it refuses.
    pub(crate) fn parsed(parameters: &[(&str, &str)]) -> DealQuery {
        let mut query = DealQuery::default();
        for (name, value) in parameters {
            match *name {
                "sort" => query.sort = Sort::parse(value).expect("a sort"),
                _ => query
                    .filters
                    .push(Filter::parse(name, value).expect("a filter")),
            }
        }
        query
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn deal(value: serde_json::Value) -> Deal {
        let mut base = json!({
            "id": "deal_01J00000000000000000000000", "tenant_id": "t", "deal_number": "DEAL-2026-00001",
            "name": "Enterprise Renewal", "pipeline_id": "default", "stage": "lead", "value": 1500,
            "currency": "EUR", "source": "edm", "source_type": "api",
            "created_at": "2026-01-15T10:30:00.000Z", "updated_at": "2026-01-16T08:00:00.000Z",
            "created_by": "u", "updated_by": "u", "schema_version": 1, "version": 1,
            "tags": ["enterprise", "q1"],
        });
        for (key, item) in value.as_object().cloned().unwrap_or_default() {
            base[key] = item;
        }
        serde_json::from_value(base).expect("a deal")
    }

    fn matches(parameter: &str, value: &str, deal_fields: serde_json::Value) -> bool {
        Filter::parse(parameter, value)
            .expect("a valid filter")
            .matches(&deal(deal_fields))
    }

    #[test]
    fn operators_compare_by_field_kind() {
        assert!(matches("value[gte]", "1500", json!({})));
        assert!(!matches("value[gt]", "1500", json!({})));
        assert!(matches("value[in]", "10,1500", json!({})));
        assert!(
            matches("probability[ne]", "5", json!({})),
            "absent matches ne"
        );
        assert!(!matches("probability[lt]", "5", json!({})));
        assert!(matches("name[like]", "enterprise", json!({})));
        assert!(matches("name[like]", "ENTER%NEWAL", json!({})));
        assert!(!matches(
            "name[like]",
            "%enterprise",
            json!({"name": "Big Enterprise deal"})
        ));
        assert!(!matches("name[like]", "renewal%", json!({})));
        assert!(matches("tags", "q1", json!({})));
        assert!(matches("tags[ne]", "q2", json!({})));
        assert!(
            matches("created_at", "2026-01-15", json!({})),
            "a date is the whole day"
        );
        assert!(matches("created_at[lt]", "2026-01-16", json!({})));
        assert!(matches(
            "created_at[gte]",
            "2026-01-15T10:30:00Z",
            json!({})
        ));
        assert!(matches(
            "expected_close_date[lte]",
            "2026-03-31",
            json!({"expected_close_date": "2026-03-31"})
        ));
        assert!(matches("stage[in]", "qualified, lead", json!({})));
    }

    #[test]
    fn anything_not_understood_is_named() {
        for (parameter, value) in [
            ("colour", "red"),
            ("value[between]", "1"),
            ("value[like]", "1"),
            ("value", "ten"),
            ("owner_id", "bob"),
            ("created_at[gt]", "yesterday"),
            ("expected_close_date", "2026-02-30"),
            ("name[eq", "x"),
        ] {
            let error = Filter::parse(parameter, value).expect_err(parameter);
            assert_eq!(error.field, parameter);
        }
    }

    #[test]
    fn every_listed_filter_parameter_parses_and_no_other_operator_does() {
        let parameters = filter_parameters();
        assert_eq!(parameters.len(), 124);
        for (field, _) in FILTERABLE {
            for (op_name, _) in Op::NAMES {
                let name = format!("{field}[{op_name}]");
                let listed = parameters.iter().any(|p| p.name == name);
                let refused = Filter::parse(&name, "x")
                    .err()
                    .is_some_and(|e| e.message == "Operator not available for this field");
                assert_eq!(listed, !refused, "{name}");
            }
        }
    }

    #[test]
    fn like_patterns() {
        assert!(like("Acme Retail", "acme%"));
        assert!(like("Acme Retail", "%retail"));
        assert!(like("Acme Retail", "a%e%l"));
        assert!(!like("Acme Retail", "a%x%l"));
        assert!(like("Acme Retail", "ME RE"));
        assert!(!like("Acme", "acme%x"));
    }

    #[test]
    fn sort_keys_order_like_the_values() {
        let key = |fields: serde_json::Value| SortField::Value.key(&deal(fields)).expect("key");
        assert!(key(json!({"value": 9})) < key(json!({"value": 10})));
        assert!(key(json!({"value": 10.5})) < key(json!({"value": 100})));
        assert!(
            key(json!({"value": 999_999_999_999_999_u64}))
                < key(json!({"value": 1_000_000_000_000_000_u64}))
        );
        let close = |fields: serde_json::Value| {
            SortField::ExpectedCloseDate
                .key(&deal(fields))
                .expect("key")
        };
        assert!(
            close(json!({"expected_close_date": "2026-12-31"})) < close(json!({})),
            "missing sorts last"
        );
        let name = |fields: serde_json::Value| SortField::Name.key(&deal(fields)).expect("key");
        assert!(name(json!({"name": "ab"})) < name(json!({"name": "AB C"})));
        assert_eq!(
            Sort::parse("-value"),
            Ok(Sort {
                field: SortField::Value,
                descending: true
            })
        );
        assert!(Sort::parse("colour").is_err());
    }

    #[test]
    fn number_keys_are_exact_and_compatible_with_four_decimals() {
        let key = |n: f64| sortable_number(Some(n));
        assert_eq!(key(1500.0), "0000000000001500.0000");
        assert_eq!(key(1500.5), "0000000000001500.5000");
        assert_eq!(key(1e15), "1000000000000000.0000");
        assert_eq!(key(-0.0), key(0.0));
        assert_eq!(key(0.0), "0000000000000000.0000");
        assert!(key(0.00001) < key(0.00002));
        assert!(key(0.0) < key(1e-100));
        assert!(key(0.99996) < key(1.0));
        assert!(key(-5.0) < key(0.0));
        assert!(key(1e15) < key(1e16));
        assert!(key(1e16) < key(1e17));
        assert!(key(1e308) < key(f64::INFINITY));
        assert!(key(f64::INFINITY) < sortable_number(None));
        assert_eq!(sortable_number(Some(f64::NAN)), sortable_number(None));
    }

    #[test]
    fn negative_zero_operands_are_zero() {
        for text in ["-0", "-0.0", "-0e7", "0"] {
            let filter = Filter::parse("value", text).expect("a number");
            match filter.operands.as_slice() {
                [Operand::Number(n)] => assert!(*n == 0.0 && n.is_sign_positive(), "{text}"),
                other => panic!("{text}: {other:?}"),
            }
            assert!(filter.matches(&deal(json!({"value": 0}))));
        }
    }

    #[test]
    fn timestamp_bounds_between_milliseconds_keep_comparisons_exact() {
        let at = json!({"created_at": "2026-01-15T10:30:00.123Z"});
        for (parameter, value, expected) in [
            ("created_at[lt]", "2026-01-15T10:30:00.1235Z", true),
            ("created_at[lte]", "2026-01-15T10:30:00.1235Z", true),
            ("created_at[gt]", "2026-01-15T10:30:00.1235Z", false),
            ("created_at[gte]", "2026-01-15T10:30:00.1235Z", false),
            ("created_at", "2026-01-15T10:30:00.1235Z", false),
            ("created_at[ne]", "2026-01-15T10:30:00.1235Z", true),
            ("created_at[gt]", "2026-01-15T11:30:00.1225+01:00", true),
            ("created_at[gte]", "2026-01-15T10:30:00.1225Z", true),
            ("created_at[lt]", "2026-01-15T10:30:00.1225Z", false),
            ("created_at[lte]", "2026-01-15T10:30:00.1225Z", false),
            ("created_at", "2026-01-15t11:30:00.123+01:00", true),
            (
                "created_at[in]",
                "2026-01-15T10:30:00.1231Z,2026-01-15T10:30:00.123Z",
                true,
            ),
        ] {
            assert_eq!(
                matches(parameter, value, at.clone()),
                expected,
                "{parameter}={value}"
            );
        }
        for value in [
            "9999-12-31T23:59:59-01:00",
            "+2026-01-15",
            "0000-01-01",
            "2026-01-15T10:30:00.9999999999Z",
        ] {
            assert!(Filter::parse("created_at[gte]", value).is_err(), "{value}");
        }
    }

    /// Numbers a deal may hold (value 0..=1e15, probability 0..=100), written every way.
    fn accepted_number() -> impl Strategy<Value = f64> {
        prop_oneof![
            Just(0.0),
            Just(-0.0),
            Just(1e15),
            Just(100.0),
            (0u64..=1_000_000_000_000_000).prop_map(|n| n as f64),
            (0u64..=100_000_000, 0u32..=8)
                .prop_map(|(n, scale)| n as f64 / 10f64.powi(scale as i32)),
            (0.0f64..=1e15),
            (0.0f64..=100.0),
            (-129i32..=15).prop_map(|exponent| 10f64.powi(exponent)),
            (1u32..1000, -129i32..=12).prop_map(|(m, e)| f64::from(m) * 10f64.powi(e)),
        ]
    }

    /// Also what only a filter bound can be: negative, huge, infinite.
    fn any_number() -> impl Strategy<Value = f64> {
        prop_oneof![
            accepted_number(),
            any::<f64>(),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(f64::MAX),
            Just(-f64::MAX),
            (-1e20f64..1e20),
        ]
    }

    proptest! {
        #[test]
        fn sortable_number_is_monotone_on_accepted_values(a in accepted_number(), b in accepted_number()) {
            let (ka, kb) = (sortable_number(Some(a)), sortable_number(Some(b)));
            // Exactly the numeric order: a <= b iff key(a) <= key(b), a == b iff same key.
            prop_assert_eq!(a <= b, ka <= kb, "{} {} {} {}", a, b, ka, kb);
            prop_assert_eq!(a == b, ka == kb, "{} {} {} {}", a, b, ka, kb);
            prop_assert!(ka < sortable_number(None));
            prop_assert!(!ka.contains(KEY_SEPARATOR));
        }

        #[test]
        fn sortable_number_is_total_and_never_reverses_any_order(a in any_number(), b in any_number()) {
            let (ka, kb) = (sortable_number(Some(a)), sortable_number(Some(b)));
            if a <= b {
                prop_assert!(ka <= kb, "{} {} {} {}", a, b, ka, kb);
            }
            if a == b {
                prop_assert_eq!(&ka, &kb);
            }
            if a.is_nan() {
                prop_assert_eq!(ka, sortable_number(None));
            }
        }

        #[test]
        fn number_operands_never_panic_and_zero_has_one_sign(text in prop_oneof![
            "-?[0-9]{0,25}(\\.[0-9]{0,25})?([eE][+-]?[0-9]{1,4})?",
            "[-+]?(0|0\\.0+|inf|infinity|nan|NaN)",
            ".{0,30}",
        ]) {
            for parameter in ["value", "value[gte]", "probability[lt]", "value[in]"] {
                if let Ok(filter) = Filter::parse(parameter, &text) {
                    for operand in &filter.operands {
                        match operand {
                            Operand::Number(n) => {
                                prop_assert!(n.is_finite());
                                prop_assert!(*n != 0.0 || n.is_sign_positive());
                            }
                            Operand::Text(_) => prop_assert!(false, "a text operand on a number"),
                        }
                    }
                }
            }
        }

        #[test]
        fn filter_parsing_never_panics(parameter in "[a-z_]{1,20}(\\[[a-z]{0,5}\\]?)?", value in ".{0,40}") {
            if let Ok(filter) = Filter::parse(&parameter, &value) {
                let _ = filter.matches(&deal(json!({})));
            }
        }

        #[test]
        fn date_and_timestamp_operands_are_stored_spellings(value in prop_oneof![
            "[+-]?[0-9]{4,6}-[0-9]{2}-[0-9]{2}",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,10})?([Zz]|[+-][0-9]{2}:[0-9]{2})",
        ], op in prop_oneof![Just("eq"), Just("gt"), Just("gte"), Just("lt"), Just("lte"), Just("ne"), Just("in")]) {
            if let Ok(filter) = Filter::parse(&format!("expected_close_date[{op}]"), &value) {
                prop_assert!(crate::clock::parse_date(&value).is_some());
                prop_assert_eq!(&filter.operands, &vec![Operand::Text(value.clone())]);
            }
            if let Ok(filter) = Filter::parse(&format!("updated_at[{op}]"), &value) {
                let Some(Operand::Text(bound)) = filter.operands.first() else {
                    return Err(TestCaseError::fail("no text operand"));
                };
                // A bare date as given, else the UTC instant: the stored shape (24 characters)
                // or, for equality with a partial millisecond, the instant to the nanosecond.
                let is_date = crate::clock::parse_date(bound).is_some();
                let is_stored = bound.len() == 24 && bound.ends_with('Z');
                let is_exact = bound.len() == 30 && matches!(op, "eq" | "ne" | "in");
                prop_assert!(is_date || is_stored || is_exact, "{}", bound);
                prop_assert!(is_date || crate::clock::parse_date_time(bound).is_some());
            }
        }
    }
}
