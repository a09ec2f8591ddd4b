//! How a deal list is read: which index, which key range, which direction. The index is chosen
//! so that its key covers the sort and the most selective equality filter it can; every filter is
//! still checked on each deal read, so the plan only ever narrows what is read.

use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
use aws_sdk_dynamodb::types::AttributeValue;
use time::Time;

use super::{keys, s, Item, Store};
use crate::query::{DealQuery, Op, Operand, SortField};

/// Where a page starts: just after this deal (at this sort key, for the sort indexes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub deal_id: String,
    pub sort_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReadPlan {
    pub index: Option<&'static str>,
    partition_attribute: &'static str,
    partition_value: String,
    sort_attribute: &'static str,
    /// Whether the sort key is `DEAL#<id>` (table, stage, owner and account indexes).
    by_deal_id: bool,
    lower: Option<String>,
    upper: Option<String>,
    pub forward: bool,
    pub sort_field: SortField,
    /// The equality filter the partition key answers (every deal read satisfies it).
    pub covers: Option<&'static str>,
    /// What the sort keys of a read by deal id start with: `DEAL#`, or `DELETED#DEAL#` for the
    /// recycle bin.
    item_prefix: &'static str,
    /// The recycle bin's moment (Unix seconds): tombstones whose TTL has passed by then, and
    /// those of merged deals, are left out (by a filter expression; DynamoDB bills them alike).
    restorable_at: Option<i64>,
}

impl ReadPlan {
    pub fn new(tenant: &str, query: &DealQuery) -> Self {
        let sort_field = query.sort.field;
        let forward = !query.sort.descending;
        if let Some(attribute) = keys::sort_attribute(sort_field) {
            let (lower, upper) = sort_key_range(query, sort_field);
            return ReadPlan {
                index: keys::sort_index(sort_field),
                partition_attribute: keys::PK,
                partition_value: keys::tenant(tenant),
                sort_attribute: attribute,
                by_deal_id: false,
                lower,
                upper,
                forward,
                sort_field,
                covers: None,
                item_prefix: keys::DEAL_PREFIX,
                restorable_at: None,
            };
        }
        let key = most_selective_key(query);
        let (index, partition_attribute, partition_value, sort_attribute) = match key {
            Some(("account_id", account)) => (
                Some(keys::ACCOUNT_INDEX),
                keys::ACCOUNT_PK,
                keys::account(tenant, account),
                keys::ACCOUNT_SK,
            ),
            Some(("owner_id", owner)) => (
                Some(keys::OWNER_INDEX),
                keys::OWNER_PK,
                keys::owner(tenant, owner),
                keys::OWNER_SK,
            ),
            Some((_, stage)) => (
                Some(keys::STAGE_INDEX),
                keys::STAGE_PK,
                keys::stage(tenant, stage),
                keys::STAGE_SK,
            ),
            None => (None, keys::PK, keys::tenant(tenant), keys::SK),
        };
        let (lower, upper) = id_range(query, keys::DEAL_PREFIX);
        ReadPlan {
            index,
            partition_attribute,
            partition_value,
            sort_attribute,
            by_deal_id: true,
            lower,
            upper,
            forward,
            sort_field,
            covers: key.map(|(field, _)| field),
            item_prefix: keys::DEAL_PREFIX,
            restorable_at: None,
        }
    }

    /// The recycle bin: the tenant's tombstones (`DELETED#DEAL#<id>`, no index) in the
    /// created-at order of their ids, those still restorable at `now` (Unix seconds) only, with
    /// created_at filters as a key range and every filter checked on each tombstone read.
    pub fn recycle_bin(tenant: &str, query: &DealQuery, now: i64) -> Self {
        let (lower, upper) = id_range(query, keys::DELETED_DEAL_PREFIX);
        ReadPlan {
            index: None,
            partition_attribute: keys::PK,
            partition_value: keys::tenant(tenant),
            sort_attribute: keys::SK,
            by_deal_id: true,
            lower,
            upper,
            forward: !query.sort.descending,
            sort_field: SortField::CreatedAt,
            covers: None,
            item_prefix: keys::DELETED_DEAL_PREFIX,
            restorable_at: Some(now),
        }
    }

    /// Whether deals read through this plan must still be checked against the query.
    pub fn needs_checking(&self, query: &DealQuery) -> bool {
        query.app_id.is_some()
            || query.contact_id.is_some()
            || query.rotten.is_some()
            || query.filters.iter().any(|filter| {
                !(Some(filter.field) == self.covers && filter.equality_value().is_some())
            })
    }

    /// Whether the filters leave no key range at all (a lower bound above the upper one): then
    /// nothing matches and nothing need be read.
    pub fn is_empty(&self) -> bool {
        matches!((&self.lower, &self.upper), (Some(lower), Some(upper)) if lower > upper)
    }

    pub(super) fn query(&self, store: &Store) -> QueryFluentBuilder {
        let condition = match (&self.lower, &self.upper, self.by_deal_id) {
            (Some(_), Some(_), _) => "#pk = :pk AND #sk BETWEEN :lower AND :upper",
            (Some(_), None, _) => "#pk = :pk AND #sk >= :lower",
            (None, Some(_), _) => "#pk = :pk AND #sk <= :upper",
            (None, None, true) => "#pk = :pk AND begins_with(#sk, :prefix)",
            (None, None, false) => "#pk = :pk",
        };
        let mut query = store
            .client
            .query()
            .table_name(&store.table)
            .set_index_name(self.index.map(String::from))
            .key_condition_expression(condition)
            .expression_attribute_names("#pk", self.partition_attribute)
            .expression_attribute_values(":pk", s(self.partition_value.clone()))
            .scan_index_forward(self.forward);
        if condition.contains("#sk") {
            query = query.expression_attribute_names("#sk", self.sort_attribute);
        }
        if let Some(lower) = &self.lower {
            query = query.expression_attribute_values(":lower", s(lower.clone()));
        }
        if let Some(upper) = &self.upper {
            query = query.expression_attribute_values(":upper", s(upper.clone()));
        }
        if condition.contains(":prefix") {
            query = query.expression_attribute_values(":prefix", s(self.item_prefix.into()));
        }
        if let Some(now) = self.restorable_at {
            query = query
                .filter_expression(
                    "(attribute_not_exists(#expires_at) OR #expires_at > :now) \
                     AND attribute_not_exists(#merged_into)",
                )
                .expression_attribute_names("#expires_at", keys::EXPIRES_AT)
                .expression_attribute_names("#merged_into", "merged_into")
                .expression_attribute_values(":now", AttributeValue::N(now.to_string()));
        }
        query
    }

    /// The sort key of a deal in the table (`DEAL#<id>`, or its tombstone's).
    fn item_key(&self, deal_id: &str) -> String {
        format!("{}{deal_id}", self.item_prefix)
    }

    /// The key to resume a Query just after `position`.
    pub(super) fn start_key(&self, tenant: &str, position: &Position) -> Item {
        let deal_key = self.item_key(&position.deal_id);
        let mut key = Item::from([
            (keys::PK.into(), s(keys::tenant(tenant))),
            (keys::SK.into(), s(deal_key.clone())),
        ]);
        if self.index.is_some() {
            key.insert(
                self.partition_attribute.into(),
                s(self.partition_value.clone()),
            );
            let sort_value = if self.by_deal_id {
                deal_key
            } else {
                position.sort_key.clone().unwrap_or_default()
            };
            key.insert(self.sort_attribute.into(), s(sort_value));
        }
        key
    }

    /// Whether a Query of this plan can resume just after `position`: a deal id, a sort key
    /// exactly when the index is keyed by one (that deal's, within DynamoDB's key size), and a
    /// key inside the plan's range. Every position this plan hands out passes; anything else
    /// (a cursor of another plan) would be a DynamoDB error, so it is refused before the call.
    pub fn admits(&self, position: &Position) -> bool {
        /// DynamoDB's limit on a sort key.
        const MAX_SORT_KEY_BYTES: usize = 1024;
        if !crate::model::is_deal_id(&position.deal_id) {
            return false;
        }
        let key = match (&position.sort_key, self.by_deal_id) {
            (None, true) => self.item_key(&position.deal_id),
            (Some(sort_key), false) => {
                let of_this_deal = sort_key
                    .strip_suffix(position.deal_id.as_str())
                    .and_then(|value| value.strip_suffix(crate::query::KEY_SEPARATOR))
                    .is_some();
                if !of_this_deal || sort_key.len() > MAX_SORT_KEY_BYTES {
                    return false;
                }
                sort_key.clone()
            }
            _ => return false,
        };
        self.lower.as_ref().is_none_or(|lower| &key >= lower)
            && self.upper.as_ref().is_none_or(|upper| &key <= upper)
    }

    /// The position a Query stopped at, from its LastEvaluatedKey.
    pub(super) fn position_of(&self, key: &Item) -> Option<Position> {
        let text = |attribute: &str| key.get(attribute).and_then(|v| v.as_s().ok()).cloned();
        let deal_id = text(keys::SK)?.strip_prefix(self.item_prefix)?.to_owned();
        let sort_key = (!self.by_deal_id)
            .then(|| text(self.sort_attribute))
            .flatten();
        Some(Position { deal_id, sort_key })
    }
}

/// For a created-at order: the equality filter whose index likely holds the fewest deals. An
/// account's deals are usually fewer than an owner's, and an owner's fewer than a stage's.
fn most_selective_key(query: &DealQuery) -> Option<(&'static str, &str)> {
    ["account_id", "owner_id", "stage"]
        .into_iter()
        .find_map(|field| query.equality(field).map(|value| (field, value)))
}

/// The key range of a read by deal id under `prefix`: the created_at filters' range, kept
/// within the prefix (the tenant's partition holds other items too).
fn id_range(query: &DealQuery, prefix: &str) -> (Option<String>, Option<String>) {
    match created_range(query, prefix) {
        (None, None) => (None, None),
        (lower, upper) => (
            lower.or_else(|| Some(prefix.to_owned())),
            upper.or_else(|| Some(format!("{prefix}\u{ffff}"))),
        ),
    }
}

/// Bounds on `<prefix><ULID>` from created_at filters: a deal id's ULID starts with the
/// millisecond of its `created_at` (`model::new_deal_id_at`).
fn created_range(query: &DealQuery, prefix: &str) -> (Option<String>, Option<String>) {
    let mut lower: Option<i128> = None;
    let mut upper: Option<i128> = None;
    for filter in query.filters.iter().filter(|f| f.field == "created_at") {
        let Some(Operand::Text(bound)) = filter.operands.first() else {
            continue;
        };
        let Some((start, end)) = instant_range(bound) else {
            continue;
        };
        if matches!(filter.op, Op::Gt | Op::Gte | Op::Eq) {
            lower = Some(lower.map_or(start, |l| l.max(start)));
        }
        if matches!(filter.op, Op::Lt | Op::Lte | Op::Eq) {
            upper = Some(upper.map_or(end, |u| u.min(end)));
        }
    }
    (
        lower.map(|l| ulid_key(prefix, l, 0)),
        upper.map(|u| ulid_key(prefix, u, u128::MAX)),
    )
}

/// The last millisecond a ULID's 48-bit timestamp can hold (the year 10889).
const ULID_MAX_MILLIS: u64 = (1 << 48) - 1;

/// `<prefix>deal_<ULID>` of this Unix millisecond and randomness. A moment before 1970 is the
/// first ULID (nothing was created earlier); one past the ULID range is the last.
fn ulid_key(prefix: &str, millis: i128, random: u128) -> String {
    let millis = u64::try_from(millis.max(0))
        .unwrap_or(ULID_MAX_MILLIS)
        .min(ULID_MAX_MILLIS);
    format!(
        "{prefix}{}{}",
        crate::model::DEAL_ID_PREFIX,
        ulid::Ulid::from_parts(millis, random)
    )
}

/// First and last Unix millisecond of a date (its whole day) or a timestamp, as parsed by
/// [`crate::clock`] (so within 0001..9999, where this arithmetic cannot overflow).
fn instant_range(text: &str) -> Option<(i128, i128)> {
    if let Some(day) = crate::clock::parse_date(text) {
        let start = crate::clock::unix_millis(day.with_time(Time::MIDNIGHT).assume_utc());
        return Some((start, start.checked_add(86_400_000 - 1)?));
    }
    let moment = crate::clock::unix_millis(crate::clock::parse_date_time(text)?);
    Some((moment, moment))
}

/// Bounds on a sort index's key from filters on the sorted field itself. The sort keys order
/// like the values (see [`crate::query::sortable_number`]), so `value >= b` holds only for keys
/// at or above the key of `b`, and `value <= b` only for keys below that key + U+FFFF.
fn sort_key_range(query: &DealQuery, field: SortField) -> (Option<String>, Option<String>) {
    let mut lower: Option<String> = None;
    let mut upper: Option<String> = None;
    for filter in query.filters.iter().filter(|f| f.field == field.name()) {
        let bound = match (field, filter.operands.first()) {
            (SortField::Value | SortField::Probability, Some(Operand::Number(n))) => {
                crate::query::sortable_number(Some(*n))
            }
            (SortField::UpdatedAt | SortField::ExpectedCloseDate, Some(Operand::Text(t))) => {
                t.clone()
            }
            _ => continue,
        };
        if matches!(filter.op, Op::Gt | Op::Gte | Op::Eq)
            && lower.as_ref().is_none_or(|l| &bound > l)
        {
            lower = Some(bound.clone());
        }
        // Everything that starts with the bound sorts below bound + U+FFFF.
        let ceiling = format!("{bound}\u{ffff}");
        if matches!(filter.op, Op::Lt | Op::Lte | Op::Eq)
            && upper.as_ref().is_none_or(|u| &ceiling < u)
        {
            upper = Some(ceiling);
        }
    }
    (lower, upper)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Deal;
    use crate::query::{sortable_number, Filter, Sort, KEY_SEPARATOR};
    use proptest::prelude::*;
    use serde_json::json;

    impl ReadPlan {
        /// The key `deal` has in the index this plan reads.
        fn key_of(&self, deal: &Deal) -> Option<String> {
            if self.by_deal_id {
                Some(keys::deal(&deal.id))
            } else {
                self.sort_field.key(deal)
            }
        }

        /// Whether `key` lies within the plan's key range.
        fn reads(&self, key: &str) -> bool {
            self.lower.as_deref().is_none_or(|lower| lower <= key)
                && self.upper.as_deref().is_none_or(|upper| key <= upper)
                && (!self.by_deal_id || key.starts_with(keys::DEAL_PREFIX))
        }
    }

    fn timestamp(millis: i64) -> String {
        let nanos = i128::from(millis) * 1_000_000;
        crate::clock::format_timestamp(
            time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
                .unwrap_or(time::OffsetDateTime::UNIX_EPOCH),
        )
    }

    #[derive(Debug, Clone)]
    struct Given {
        name: String,
        value: serde_json::Value,
        probability: Option<serde_json::Value>,
        expected_close_date: Option<String>,
        created_ms: i64,
        updated_after_ms: i64,
    }

    impl Given {
        fn deal(&self) -> Deal {
            let id_ms = u64::try_from(self.created_ms).unwrap_or(0);
            let id = format!("deal_{}", ulid::Ulid::from_parts(id_ms, 7));
            let fields = json!({
                "id": id, "tenant_id": "t", "deal_number": "DEAL-2026-00001",
                "name": self.name, "pipeline_id": "default", "stage": "lead",
                "value": self.value, "probability": self.probability, "currency": "EUR",
                "expected_close_date": self.expected_close_date,
                "source": "edm", "source_type": "api",
                "created_at": timestamp(self.created_ms),
                "updated_at": timestamp(self.created_ms + self.updated_after_ms),
                "created_by": "u", "updated_by": "u", "schema_version": 1, "version": 1,
            });
            serde_json::from_value(fields).expect("a deal")
        }
    }

    /// Milliseconds from 1970 to the last one of 9999.
    const LAST_MS: i64 = 253_402_300_799_999;

    fn stored_number(max: f64) -> impl Strategy<Value = serde_json::Value> {
        prop_oneof![
            Just(json!(0)),
            // As a deal stored before -0 was normalized holds it.
            Just(json!(-0.0)),
            (0u64..=max as u64).prop_map(|n| json!(n)),
            (0.0..=max).prop_map(|n| json!(n)),
            (0u64..=10_000, 0i32..=6)
                .prop_map(move |(n, scale)| json!((n as f64 / 10f64.powi(scale)).min(max))),
        ]
    }

    fn close_date() -> impl Strategy<Value = String> {
        (1i32..=9999, 1u16..=365).prop_map(|(year, ordinal)| {
            crate::clock::format_date(
                time::Date::from_ordinal_date(year, ordinal).unwrap_or(time::Date::MIN),
            )
        })
    }

    fn given() -> impl Strategy<Value = Given> {
        (
            prop_oneof!["[a-zA-Z %_]{0,8}", ".{0,8}"],
            stored_number(1e15),
            prop::option::of(stored_number(100.0)),
            prop::option::of(close_date()),
            prop_oneof![0i64..=LAST_MS, 1_700_000_000_000i64..1_800_000_000_000],
            0i64..=100_000_000,
        )
            .prop_map(
                |(name, value, probability, expected_close_date, created_ms, updated_after_ms)| {
                    Given {
                        name,
                        value,
                        probability,
                        expected_close_date,
                        created_ms: created_ms.min(LAST_MS - 100_000_000),
                        updated_after_ms,
                    }
                },
            )
    }

    /// An operand for a filter on `field`, often near the deal's own value so that the
    /// boundaries are hit.
    fn operand(field: &'static str, deal: &Given) -> BoxedStrategy<String> {
        let number = |own: Option<f64>| {
            let own = own.unwrap_or(50.0);
            prop_oneof![
                Just(own.to_string()),
                Just(format!("{own:e}")),
                (-3i32..=3).prop_map(move |step| (own + f64::from(step) * 0.5).to_string()),
                Just((own * (1.0 + 1e-12)).to_string()),
                Just("-0".to_owned()),
                Just("-5".to_owned()),
                Just("1e20".to_owned()),
                any::<f64>().prop_map(|n| n.to_string()),
                (0.0f64..1e15).prop_map(|n| n.to_string()),
            ]
            .boxed()
        };
        let instant = |own_ms: i64| {
            let moment = move |ms: i64| timestamp(ms.clamp(0, LAST_MS));
            prop_oneof![
                Just(moment(own_ms)),
                Just(moment(own_ms)[..10].to_owned()),
                (-2000i64..=2000).prop_map(move |d| moment(own_ms + d)),
                (-2i64..=2, 0u32..1000).prop_map(move |(d, micros)| {
                    let text = moment(own_ms + d);
                    format!("{}{micros:03}Z", &text[..23])
                }),
                (-2i64..=2, -1439i32..=1439).prop_map(move |(d, offset)| {
                    // The same instant written at another offset.
                    let ms = (own_ms + d).clamp(86_400_000, LAST_MS - 86_400_000);
                    let local = timestamp(ms + i64::from(offset) * 60_000);
                    let sign = if offset < 0 { '-' } else { '+' };
                    format!(
                        "{}{sign}{:02}:{:02}",
                        &local[..23],
                        offset.abs() / 60,
                        offset.abs() % 60
                    )
                }),
                close_date(),
                (0i64..=LAST_MS).prop_map(moment),
            ]
            .boxed()
        };
        match field {
            "value" => number(deal.value.as_f64()),
            "probability" => number(deal.probability.as_ref().and_then(|p| p.as_f64())),
            "expected_close_date" => {
                let own = deal
                    .expected_close_date
                    .clone()
                    .unwrap_or_else(|| "2026-03-31".into());
                prop_oneof![Just(own), close_date()].boxed()
            }
            "created_at" => instant(deal.created_ms),
            "updated_at" => instant(deal.created_ms + deal.updated_after_ms),
            _ => prop_oneof![Just(deal.name.clone()), "[a-zA-Z%]{0,4}"].boxed(),
        }
    }

    fn filter(deal: &Given) -> BoxedStrategy<(String, String)> {
        let fields = [
            "value",
            "probability",
            "expected_close_date",
            "updated_at",
            "created_at",
            "name",
        ];
        let ops = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "like"];
        let deal = deal.clone();
        (
            prop::sample::select(fields.to_vec()),
            prop::sample::select(ops.to_vec()),
        )
            .prop_flat_map(move |(field, op)| {
                let parameter = if op == "eq" && field.len() % 2 == 0 {
                    field.to_owned()
                } else {
                    format!("{field}[{op}]")
                };
                let operands = prop::collection::vec(
                    operand(field, &deal),
                    1..=if op == "in" { 3 } else { 1 },
                );
                (
                    Just(parameter),
                    operands.prop_map(|values| values.join(",")),
                )
            })
            .boxed()
    }

    fn case() -> impl Strategy<Value = (Given, Vec<(String, String)>, String)> {
        given().prop_flat_map(|deal| {
            let filters = prop::collection::vec(filter(&deal), 1..=3);
            let sort = prop::sample::select(vec![
                "created_at",
                "-created_at",
                "value",
                "-value",
                "probability",
                "-probability",
                "updated_at",
                "-updated_at",
                "expected_close_date",
                "-expected_close_date",
                "name",
                "-name",
            ]);
            (Just(deal), filters, sort.prop_map(String::from))
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Whatever index and key range serve a query, a deal the query matches lies in the
        /// range read: the plan only ever narrows what is read, never what matches.
        #[test]
        fn a_matching_deal_is_always_within_the_plans_key_range((given, filters, sort) in case()) {
            let deal = given.deal();
            let mut query = DealQuery {
                sort: Sort::parse(&sort).map_err(TestCaseError::fail)?,
                ..DealQuery::default()
            };
            for (parameter, value) in &filters {
                if let Ok(filter) = Filter::parse(parameter, value) {
                    query.filters.push(filter);
                }
            }
            let plan = ReadPlan::new("t", &query);
            if query.matches(&deal) {
                let key = plan.key_of(&deal).unwrap_or_default();
                prop_assert!(!plan.is_empty(), "{:?} {:?}", filters, plan);
                prop_assert!(plan.reads(&key), "{:?} {} {:?}\n{}", filters, sort, plan, key);
            }
        }
    }

    #[test]
    fn created_at_bounds_become_ulid_ranges_within_what_a_ulid_holds() {
        let plan = |parameter: &str, value: &str| {
            let filter = Filter::parse(parameter, value).expect("a valid filter");
            ReadPlan::new(
                "t",
                &DealQuery {
                    filters: vec![filter],
                    ..DealQuery::default()
                },
            )
        };
        let early = plan("created_at[gte]", "1960-01-01");
        assert_eq!(
            early.lower.as_deref(),
            Some("DEAL#deal_00000000000000000000000000")
        );
        let late = plan("created_at[lte]", "9999-12-31T23:59:59.999Z");
        assert!(late
            .upper
            .as_deref()
            .is_some_and(|u| u.starts_with("DEAL#deal_")));
        let before = plan("created_at[lt]", "1969-01-01T00:00:00+01:00");
        assert!(!before.is_empty());
        assert_eq!(
            instant_range("9999-12-31").map(|r| r.1),
            Some(LAST_MS.into())
        );
        assert_eq!(
            instant_range("0001-01-01").map(|r| r.0),
            Some(-62_135_596_800_000)
        );
        assert_eq!(instant_range("+2026-01-01"), None);
        assert_eq!(instant_range("9999-12-31T23:59:59-01:00"), None);
        assert_eq!(
            ulid_key(keys::DEAL_PREFIX, i128::MAX, 0),
            ulid_key(keys::DEAL_PREFIX, i128::from(ULID_MAX_MILLIS), 0)
        );
        assert_eq!(
            ulid_key(keys::DEAL_PREFIX, i128::MIN, 0),
            ulid_key(keys::DEAL_PREFIX, 0, 0)
        );
    }

    fn query(parameters: &[(&str, &str)]) -> DealQuery {
        DealQuery::parsed(parameters)
    }

    fn plan(parameters: &[(&str, &str)]) -> ReadPlan {
        ReadPlan::new("t", &query(parameters))
    }

    /// A deal id created at this instant (milliseconds since 1970).
    fn deal_id(millis: u64) -> String {
        format!(
            "{}{}",
            crate::model::DEAL_ID_PREFIX,
            ulid::Ulid::from_parts(millis, 7)
        )
    }

    /// 2026-06-01T10:30:00Z and 2020-05-20.
    const JUNE_2026: u64 = 1_780_309_800_000;
    const YEAR_2020: u64 = 1_589_932_800_000;

    fn at(deal_id: &str, sort_key: Option<String>) -> Position {
        Position {
            deal_id: deal_id.to_owned(),
            sort_key,
        }
    }

    fn value_key(value: f64, deal_id: &str) -> String {
        format!("{}{KEY_SEPARATOR}{deal_id}", sortable_number(Some(value)))
    }

    #[test]
    fn a_position_must_be_keyed_as_the_index_is() {
        let id = deal_id(JUNE_2026);
        let newest_first = plan(&[("stage", "lead")]);
        assert!(newest_first.admits(&at(&id, None)));
        assert!(!newest_first.admits(&at(&id, Some(value_key(1.0, &id)))));
        assert!(!newest_first.admits(&at("deal_x", None)));
        assert!(!newest_first.admits(&at("", None)));

        let by_value = plan(&[("sort", "-value")]);
        assert!(by_value.admits(&at(&id, Some(value_key(1.0, &id)))));
        assert!(!by_value.admits(&at(&id, None)), "no sort key");
        assert!(!by_value.admits(&at(&id, Some(String::new()))), "empty");
        let other = deal_id(JUNE_2026 + 1);
        assert!(
            !by_value.admits(&at(&id, Some(value_key(1.0, &other)))),
            "another deal's key"
        );
        let huge = format!("{}{KEY_SEPARATOR}{id}", "9".repeat(1100));
        assert!(
            !by_value.admits(&at(&id, Some(huge))),
            "beyond DynamoDB's key size"
        );
    }

    #[test]
    fn a_position_must_lie_in_the_plans_range() {
        let created = plan(&[("created_at[gte]", "2026-01-01")]);
        assert!(created.admits(&at(&deal_id(JUNE_2026), None)));
        assert!(!created.admits(&at(&deal_id(YEAR_2020), None)));
        let until = plan(&[
            ("created_at[lt]", "2026-01-01"),
            ("owner_id", "usr-3f2504e0-4f89-41d3-9a0c-0305e82c3301"),
        ]);
        assert!(until.admits(&at(&deal_id(YEAR_2020), None)));
        assert!(!until.admits(&at(&deal_id(JUNE_2026), None)));

        let id = deal_id(JUNE_2026);
        let valued = plan(&[("sort", "value"), ("value[gte]", "100")]);
        assert!(valued.admits(&at(&id, Some(value_key(100.0, &id)))));
        assert!(!valued.admits(&at(&id, Some(value_key(5.0, &id)))));
        let capped = plan(&[("sort", "value"), ("value[lte]", "100")]);
        assert!(capped.admits(&at(&id, Some(value_key(100.0, &id)))));
        assert!(!capped.admits(&at(&id, Some(value_key(101.0, &id)))));
    }

    #[test]
    fn every_position_a_plan_hands_out_it_admits() {
        let id = deal_id(JUNE_2026);
        let deal: Deal = serde_json::from_value(serde_json::json!({
            "id": id, "tenant_id": "t", "deal_number": "DEAL-2026-00001",
            "name": "Ünïcode & co", "pipeline_id": "default", "stage": "lead", "value": 1500,
            "currency": "EUR", "source": "edm", "source_type": "api", "probability": 40,
            "expected_close_date": "2026-03-31",
            "created_at": "2026-06-01T10:30:00.000Z", "updated_at": "2026-06-02T08:00:00.000Z",
            "created_by": "u", "updated_by": "u", "schema_version": 1, "version": 1,
        }))
        .expect("a deal");
        for parameters in [
            &[][..],
            &[("stage", "lead")],
            &[("created_at[gte]", "2026-06-01")],
            &[("sort", "name")],
            &[("sort", "-value"), ("value[gte]", "1500")],
            &[("sort", "probability"), ("probability[lte]", "40")],
            &[
                ("sort", "expected_close_date"),
                ("expected_close_date", "2026-03-31"),
            ],
            &[("sort", "-updated_at"), ("updated_at[gte]", "2026-06-02")],
        ] {
            let query = query(parameters);
            assert!(query.matches(&deal), "{parameters:?}");
            let plan = ReadPlan::new("t", &query);
            let position = at(&deal.id, plan.sort_field.key(&deal));
            assert!(plan.admits(&position), "{parameters:?}: {position:?}");
        }
    }
}
