//! How a deal list is read: which index, which key range, which direction. The index is chosen
//! so that its key covers the sort and the most selective equality filter it can; every filter is
//! still checked on each deal read, so the plan only ever narrows what is read.

use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, Time};

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
        // The tenant's partition holds other items too: a range stays within `DEAL#`.
        let (lower, upper) = match created_range(query) {
            (None, None) => (None, None),
            (lower, upper) => (
                lower.or_else(|| Some(keys::DEAL_PREFIX.to_owned())),
                upper.or_else(|| Some(format!("{}\u{ffff}", keys::DEAL_PREFIX))),
            ),
        };
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
        }
    }

    /// Whether deals read through this plan must still be checked against the query.
    pub fn needs_checking(&self, query: &DealQuery) -> bool {
        query.app_id.is_some()
            || query.contact_id.is_some()
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
            query = query.expression_attribute_values(":prefix", s(keys::DEAL_PREFIX.into()));
        }
        query
    }

    /// The key to resume a Query just after `position`.
    pub(super) fn start_key(&self, tenant: &str, position: &Position) -> Item {
        let deal_key = keys::deal(&position.deal_id);
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
            (None, true) => keys::deal(&position.deal_id),
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
        let deal_id = text(keys::SK)?.strip_prefix(keys::DEAL_PREFIX)?.to_owned();
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

/// Bounds on `DEAL#<ULID>` from created_at filters: a ULID starts with its creation time.
fn created_range(query: &DealQuery) -> (Option<String>, Option<String>) {
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
    let ulid_key = |millis: i128, random: u128| {
        let millis = u64::try_from(millis.max(0)).unwrap_or(0);
        keys::deal(&format!(
            "{}{}",
            crate::model::DEAL_ID_PREFIX,
            ulid::Ulid::from_parts(millis, random)
        ))
    };
    (
        lower.map(|l| ulid_key(l, 0)),
        upper.map(|u| ulid_key(u, u128::MAX)),
    )
}

/// First and last millisecond of a date (its whole day) or a timestamp.
fn instant_range(text: &str) -> Option<(i128, i128)> {
    let millis = |moment: OffsetDateTime| moment.unix_timestamp_nanos() / 1_000_000;
    if text.len() == 10 {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let day = Date::parse(text, format).ok()?;
        let start = millis(day.with_time(Time::MIDNIGHT).assume_utc());
        return Some((start, start + 86_400_000 - 1));
    }
    let moment = millis(OffsetDateTime::parse(text, &Rfc3339).ok()?);
    Some((moment, moment))
}

/// Bounds on a sort index's key from filters on the sorted field itself.
fn sort_key_range(query: &DealQuery, field: SortField) -> (Option<String>, Option<String>) {
    let mut lower: Option<String> = None;
    let mut upper: Option<String> = None;
    for filter in query.filters.iter().filter(|f| f.field == field.name()) {
        let bound = match (field, filter.operands.first()) {
            (SortField::Value | SortField::Probability, Some(Operand::Number(n))) if *n >= 0.0 => {
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

    fn query(parameters: &[(&str, &str)]) -> DealQuery {
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
