//! Exact aggregates of a tenant's live deals, kept inside each deal write's own transaction:
//!
//! - per stage, on the stage's item `STAGE#<stage>`: how many deals (`deal_refs`, which the
//!   stage's existence checks use too), their value and weighted value per currency
//!   (`value:EUR`, `weighted:EUR`);
//! - how many of a stage's deals entered it on each UTC day, one item per month
//!   (`AGG#ENTERED#<stage>#2026-03`, attributes `entered:2026-03-01`): the rotten deals are the
//!   stage's count less those that entered since its `rotten_days` began, so a summary reads only
//!   the months of that window, and no item grows with the stage's history;
//! - the same per owner and stage, on `AGG#OWNER#<owner>#STAGE#<stage>` and
//!   `AGG#OWNER#<owner>#ENTERED#<stage>#<month>`;
//! - per tenant, on `COUNTER#DEALS`: all live deals (`all`) and per pipeline (`pipeline:<id>`),
//!   the list totals.
//!
//! A write adds what the deal contributes after it and takes away what it contributed before,
//! in the transaction that writes the deal, so the aggregates are exactly the sum of the deals
//! however writes race or fail. Every update also adds one to the item's `rev`, so that
//! [`Store::reconcile`] can rewrite an item it recomputed on the condition that no write
//! touched it meanwhile.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem, Update};

use super::deals::deal_from_item;
use super::{classify, internal, keys, s, Item, Store, StoreError};
use crate::decimal::Decimal;
use crate::model::Deal;

const REV: &str = "rev";
const ALL: &str = "all";
const VALUE: &str = "value:";
const WEIGHTED: &str = "weighted:";
const ENTERED: &str = "entered:";
const PIPELINE: &str = "pipeline:";

/// The sort key of a stage's aggregates for one owner.
pub(super) fn owner_stage_item(owner: &str, stage: &str) -> String {
    format!("{OWNER_AGGREGATE_PREFIX}{owner}#STAGE#{stage}")
}

/// The sort key of the item counting, per day of one month (`2026-03`), the deals that entered
/// `stage` then (of one owner's deals, or all).
fn entered_item(owner: Option<&str>, stage: &str, month: &str) -> String {
    match owner {
        Some(owner) => format!("{OWNER_AGGREGATE_PREFIX}{owner}#ENTERED#{stage}#{month}"),
        None => format!("{AGGREGATE_PREFIX}ENTERED#{stage}#{month}"),
    }
}

/// Every aggregate item but the stages' own and the tenant's counts starts so.
const AGGREGATE_PREFIX: &str = "AGG#";
const OWNER_AGGREGATE_PREFIX: &str = "AGG#OWNER#";
const STAGE_PREFIX: &str = "STAGE#";

/// Whether an attribute of an aggregate item is an aggregate (the rest: keys, a stage's
/// pipeline and closing mark).
fn is_aggregate(name: &str) -> bool {
    name == keys::DEAL_REFS
        || name == ALL
        || [VALUE, WEIGHTED, ENTERED, PIPELINE]
            .iter()
            .any(|prefix| name.starts_with(prefix))
}

/// A write's aggregate updates, and the stages deals enter with the position of their update.
pub(super) type AggregateUpdates = (Vec<TransactWriteItem>, Vec<(usize, String)>);

/// Changes to aggregate attributes, by item sort key.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Deltas(BTreeMap<String, BTreeMap<String, Decimal>>);

impl Deltas {
    /// What a write from `before` to `after` (a deleted deal, or none, contributes nothing)
    /// changes.
    pub(super) fn of_write(before: Option<&Deal>, after: Option<&Deal>) -> Deltas {
        let mut deltas = Deltas::default();
        if let Some(before) = before {
            deltas.count(before, -1);
        }
        if let Some(after) = after {
            deltas.count(after, 1);
        }
        deltas
    }

    /// Adds (`sign` 1) or takes away (−1) what a live deal contributes.
    pub(super) fn count(&mut self, deal: &Deal, sign: i64) {
        if deal.is_deleted {
            return;
        }
        let one = Decimal::from_int(sign);
        let value = Decimal::parse(&deal.value.to_string()).unwrap_or_default();
        let probability = deal
            .probability
            .as_ref()
            .and_then(|p| Decimal::parse(&p.to_string()))
            .unwrap_or_default();
        let (value, weighted) = if sign < 0 {
            (-value, -value.percent_of(probability))
        } else {
            (value, value.percent_of(probability))
        };
        // Always a date (item.rs fills in one for deals stored before the field existed).
        let entered = deal
            .stage_entered_at
            .get(..10)
            .filter(|day| crate::clock::parse_date(day).is_some());
        let mut per_stage = |sort_key: String, owner: Option<&str>| {
            self.add(&sort_key, keys::DEAL_REFS, one);
            self.add(&sort_key, &format!("{VALUE}{}", deal.currency), value);
            self.add(&sort_key, &format!("{WEIGHTED}{}", deal.currency), weighted);
            if let Some(day) = entered {
                let month = entered_item(owner, &deal.stage, &day[..7]);
                self.add(&month, &format!("{ENTERED}{day}"), one);
            }
        };
        per_stage(keys::stage_item(&deal.stage), None);
        if let Some(owner) = &deal.owner_id {
            per_stage(owner_stage_item(owner, &deal.stage), Some(owner));
        }
        self.add(keys::DEAL_COUNTS, ALL, one);
        self.add(
            keys::DEAL_COUNTS,
            &format!("{PIPELINE}{}", deal.pipeline_id),
            one,
        );
    }

    fn add(&mut self, sort_key: &str, attribute: &str, amount: Decimal) {
        let item = self.0.entry(sort_key.to_owned()).or_default();
        *item.entry(attribute.to_owned()).or_default() += amount;
    }

    /// The changes that are not zero, by item; items without any left out.
    fn changed(&self) -> impl Iterator<Item = (&String, Vec<(&String, &Decimal)>)> {
        self.0.iter().filter_map(|(sort_key, attributes)| {
            let changed: Vec<_> = attributes
                .iter()
                .filter(|(_, amount)| !amount.is_zero())
                .collect();
            (!changed.is_empty()).then_some((sort_key, changed))
        })
    }

    pub(super) fn is_empty(&self) -> bool {
        self.changed().next().is_none()
    }

    /// The transaction items that apply the changes, and the stages deals enter (with the
    /// position of their item among those returned): entering fails unless the stage exists
    /// and is not being deleted.
    pub(super) fn transact_items(
        &self,
        store: &Store,
        tenant: &str,
    ) -> Result<AggregateUpdates, StoreError> {
        let mut items = Vec::new();
        let mut entering = Vec::new();
        for (sort_key, changed) in self.changed() {
            let mut update = Update::builder()
                .table_name(&store.table)
                .key(keys::PK, s(keys::tenant(tenant)))
                .key(keys::SK, s(sort_key.clone()));
            let mut clauses = vec!["#rev :one".to_owned()];
            for (index, (attribute, amount)) in changed.iter().enumerate() {
                clauses.push(format!("#a{index} :a{index}"));
                update = update
                    .expression_attribute_names(format!("#a{index}"), *attribute)
                    .expression_attribute_values(
                        format!(":a{index}"),
                        AttributeValue::N(amount.to_string()),
                    );
            }
            update = update
                .update_expression(format!("ADD {}", clauses.join(", ")))
                .expression_attribute_names("#rev", REV)
                .expression_attribute_values(":one", AttributeValue::N("1".into()));
            if let Some(stage) = sort_key.strip_prefix(STAGE_PREFIX) {
                let enters = changed.iter().any(|(attribute, amount)| {
                    attribute.as_str() == keys::DEAL_REFS && **amount > Decimal::ZERO
                });
                if enters {
                    entering.push((items.len(), stage.to_owned()));
                    update = update
                        .condition_expression(super::pipelines::STAGE_OPEN)
                        .expression_attribute_names("#closing", super::pipelines::CLOSING);
                } else {
                    update = update.condition_expression("attribute_exists(pk)");
                }
            }
            items.push(
                TransactWriteItem::builder()
                    .update(update.build().map_err(internal)?)
                    .build(),
            );
        }
        Ok((items, entering))
    }
}

/// A stage's aggregates (over all its deals, or one owner's).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StageTotals {
    pub count: u64,
    /// Per currency.
    pub value: BTreeMap<String, Decimal>,
    /// Σ value × probability / 100, per currency.
    pub weighted: BTreeMap<String, Decimal>,
    /// How many of them entered the stage on or after the day asked for (none asked: 0).
    pub entered_since: u64,
}

impl StageTotals {
    fn add_item(&mut self, item: &Item) {
        for (name, value) in item {
            let Some(amount) = value.as_n().ok().and_then(|n| Decimal::parse(n)) else {
                continue;
            };
            if name == keys::DEAL_REFS {
                self.count = whole(amount);
            } else if let Some(currency) = name.strip_prefix(VALUE) {
                self.value.insert(currency.to_owned(), amount);
            } else if let Some(currency) = name.strip_prefix(WEIGHTED) {
                self.weighted.insert(currency.to_owned(), amount);
            }
        }
        self.value.retain(|_, sum| !sum.is_zero());
        self.weighted.retain(|_, sum| !sum.is_zero());
    }

    /// Counts from a month's entered item the deals that entered on or after `since`.
    fn add_entered(&mut self, item: &Item, since: &str) {
        for (name, value) in item {
            let day = name.strip_prefix(ENTERED).filter(|day| *day >= since);
            if let (Some(_), Some(amount)) =
                (day, value.as_n().ok().and_then(|n| Decimal::parse(n)))
            {
                self.entered_since += whole(amount);
            }
        }
    }

    /// How many of the deals entered before `fresh_since` (see
    /// [`crate::pipeline::Stage::fresh_since`]), when that is the day the totals were read for.
    pub fn entered_before(&self) -> u64 {
        self.count.saturating_sub(self.entered_since)
    }
}

/// A count kept as a number attribute; a negative one (never written) reads as 0.
fn whole(amount: Decimal) -> u64 {
    amount.to_string().parse::<u64>().unwrap_or(0)
}

/// The first day of `date`'s month and of each month after it, up to `until`'s.
fn months(from: time::Date, until: time::Date) -> Vec<String> {
    let mut months = Vec::new();
    let (mut year, mut month) = (from.year(), u8::from(from.month()));
    while (year, month) <= (until.year(), u8::from(until.month())) {
        months.push(format!("{year:04}-{month:02}"));
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    months
}

/// What [`Store::reconcile`] found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Reconciled {
    pub deals_read: u64,
    pub items_checked: u64,
    /// The sort keys of the aggregate items it rewrote.
    pub repaired: Vec<String>,
}

/// How often reconciling starts over after a write raced it.
const RECONCILE_ATTEMPTS: usize = 5;

impl Store {
    /// The aggregates of these stages (over all their deals, or `owner`'s), each with how many
    /// of its deals entered it on or after the day given with it, up to `today`: one eventually
    /// consistent BatchGetItem per 100 items, the stages' items and, for a stage given a day,
    /// one item per month from that day's to today's. A stage without deals is all zeros.
    pub async fn stage_totals(
        &self,
        tenant: &str,
        stages: &[(&str, Option<time::Date>)],
        owner: Option<&str>,
        today: time::Date,
    ) -> Result<HashMap<String, StageTotals>, StoreError> {
        // What each sort key read holds: a stage's totals, or its entries since a day.
        let mut wanted: HashMap<String, (&str, Option<String>)> = HashMap::new();
        for &(stage, since) in stages {
            let totals = match owner {
                Some(owner) => owner_stage_item(owner, stage),
                None => keys::stage_item(stage),
            };
            wanted.insert(totals, (stage, None));
            if let Some(since) = since {
                let day = crate::clock::format_date(since);
                for month in months(since, today) {
                    wanted.insert(
                        entered_item(owner, stage, &month),
                        (stage, Some(day.clone())),
                    );
                }
            }
        }
        let sort_keys: Vec<String> = wanted.keys().cloned().collect();
        let mut totals: HashMap<String, StageTotals> = HashMap::new();
        for item in self.batch_get(tenant, &sort_keys).await? {
            let read = item.get(keys::SK).and_then(|v| v.as_s().ok());
            let Some((stage, since)) = read.and_then(|sort_key| wanted.get(sort_key)) else {
                continue;
            };
            let of_stage = totals.entry((*stage).to_owned()).or_default();
            match since {
                Some(since) => of_stage.add_entered(&item, since),
                None => of_stage.add_item(&item),
            }
        }
        Ok(totals)
    }

    /// Recomputes the tenant's aggregates from its live deals and rewrites every aggregate item
    /// that differs. Reads the aggregate items, then every deal (Queries of `DEAL#`: the cost of
    /// reading them all), then rewrites each differing item on the condition that its `rev` is
    /// still the one read: a deal write in between changed it, and reconciling starts over.
    pub async fn reconcile(&self, tenant: &str) -> Result<Reconciled, StoreError> {
        for _ in 0..RECONCILE_ATTEMPTS {
            if let Some(done) = self.reconcile_once(tenant).await? {
                return Ok(done);
            }
        }
        Err(StoreError::Unavailable(
            "deal writes kept racing the reconciliation; try again".into(),
        ))
    }

    async fn reconcile_once(&self, tenant: &str) -> Result<Option<Reconciled>, StoreError> {
        let mut stored: BTreeMap<String, Item> = BTreeMap::new();
        for prefix in [STAGE_PREFIX, AGGREGATE_PREFIX, keys::DEAL_COUNTS] {
            for item in self.query_all(tenant, prefix).await? {
                if let Some(sort_key) = item.get(keys::SK).and_then(|v| v.as_s().ok()) {
                    stored.insert(sort_key.clone(), item);
                }
            }
        }
        let mut expected = Deltas::default();
        let mut deals_read = 0;
        for item in self.query_all(tenant, keys::DEAL_PREFIX).await? {
            expected.count(&deal_from_item(item)?, 1);
            deals_read += 1;
        }
        let mut done = Reconciled {
            deals_read,
            ..Reconciled::default()
        };
        let empty = BTreeMap::new();
        let sort_keys: std::collections::BTreeSet<&String> =
            stored.keys().chain(expected.0.keys()).collect();
        for sort_key in sort_keys {
            let want: BTreeMap<&String, Decimal> = expected
                .0
                .get(sort_key)
                .unwrap_or(&empty)
                .iter()
                .filter(|(_, amount)| !amount.is_zero())
                .map(|(name, amount)| (name, *amount))
                .collect();
            let item = stored.get(sort_key);
            let have: BTreeMap<&String, Decimal> = item
                .into_iter()
                .flatten()
                .filter(|(name, _)| is_aggregate(name))
                .filter_map(|(name, value)| Some((name, Decimal::parse(value.as_n().ok()?)?)))
                .filter(|(_, amount)| !amount.is_zero())
                .collect();
            done.items_checked += 1;
            if want == have {
                continue;
            }
            // A stage item is the stage's existence: never made up by a repair.
            if item.is_none() && sort_key.starts_with(STAGE_PREFIX) {
                tracing::warn!(tenant, sort_key, "deals in a stage that has no item");
                continue;
            }
            let stale: Vec<&String> = item
                .into_iter()
                .flatten()
                .map(|(name, _)| name)
                .filter(|name| is_aggregate(name) && !want.contains_key(name))
                .collect();
            if !self
                .rewrite_aggregates(tenant, sort_key, item, &want, &stale)
                .await?
            {
                return Ok(None);
            }
            done.repaired.push(sort_key.clone());
        }
        Ok(Some(done))
    }

    /// Sets an aggregate item's aggregates to `want` and removes `stale` ones, unless a write
    /// changed it since it was read as `read`; `false` then.
    async fn rewrite_aggregates(
        &self,
        tenant: &str,
        sort_key: &str,
        read: Option<&Item>,
        want: &BTreeMap<&String, Decimal>,
        stale: &[&String],
    ) -> Result<bool, StoreError> {
        let mut update = self
            .update_tenant_item(tenant, sort_key.to_owned())
            .expression_attribute_names("#rev", REV)
            .expression_attribute_values(":one", AttributeValue::N("1".into()));
        let mut sets = Vec::new();
        for (index, (name, amount)) in want.iter().enumerate() {
            sets.push(format!("#s{index} = :s{index}"));
            update = update
                .expression_attribute_names(format!("#s{index}"), *name)
                .expression_attribute_values(
                    format!(":s{index}"),
                    AttributeValue::N(amount.to_string()),
                );
        }
        let mut removes = Vec::new();
        for (index, name) in stale.iter().enumerate() {
            removes.push(format!("#r{index}"));
            update = update.expression_attribute_names(format!("#r{index}"), *name);
        }
        let mut expression = String::from("ADD #rev :one");
        if !sets.is_empty() {
            expression.push_str(&format!(" SET {}", sets.join(", ")));
        }
        if !removes.is_empty() {
            expression.push_str(&format!(" REMOVE {}", removes.join(", ")));
        }
        update = update.update_expression(expression);
        update = match read.and_then(|item| item.get(REV)) {
            Some(rev) => update
                .condition_expression("#rev = :rev")
                .expression_attribute_values(":rev", rev.clone()),
            None if read.is_some() => update.condition_expression("attribute_not_exists(#rev)"),
            None => update.condition_expression("attribute_not_exists(pk)"),
        };
        super::written(update.send().await)
    }

    /// A page of the tenants that stored a pipeline (those that can have deals), after `after`:
    /// one Query of the keys-only `by_due` index's [`keys::TENANT_REGISTRY`] partition.
    pub async fn registered_tenants(
        &self,
        after: Option<&str>,
    ) -> Result<(Vec<String>, Option<String>), StoreError> {
        let start = after.map(|tenant| {
            Item::from([
                (
                    super::webhooks::DUE_PK.into(),
                    s(keys::TENANT_REGISTRY.into()),
                ),
                (super::webhooks::DUE_SK.into(), s(tenant.to_owned())),
                (keys::PK.into(), s(keys::tenant(tenant))),
                (keys::SK.into(), s(keys::PIPELINE_COUNT.into())),
            ])
        });
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(super::DUE_INDEX)
            .key_condition_expression("#registry = :registry")
            .expression_attribute_names("#registry", super::webhooks::DUE_PK)
            .expression_attribute_values(":registry", s(keys::TENANT_REGISTRY.into()))
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(classify)?;
        let tenants: Vec<String> = output
            .items
            .unwrap_or_default()
            .iter()
            .filter_map(|item| item.get(super::webhooks::DUE_SK)?.as_s().ok().cloned())
            .collect();
        let next = output
            .last_evaluated_key
            .and_then(|_| tenants.last().cloned());
        Ok((tenants, next))
    }

    /// Every item of the tenant whose sort key starts with `prefix`, strongly consistent, page
    /// by page.
    async fn query_all(&self, tenant: &str, prefix: &str) -> Result<Vec<Item>, StoreError> {
        Store::every_page(self.query_prefix(tenant, prefix).consistent_read(true)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deal(stage: &str, owner: Option<&str>, value: f64, probability: u32) -> Deal {
        let fields = serde_json::json!({
            "id": "deal_01J0000000000000000000000A", "tenant_id": "t1",
            "deal_number": "DEAL-2026-00001", "name": "D", "pipeline_id": "p1",
            "stage": stage, "value": value, "currency": "EUR", "probability": probability,
            "owner_id": owner, "source": "edm", "source_type": "api",
            "created_at": "2026-03-01T10:00:00.000Z", "updated_at": "2026-03-01T10:00:00.000Z",
            "stage_entered_at": "2026-03-02T10:00:00.000Z",
            "created_by": "usr-1", "updated_by": "usr-1", "schema_version": 1, "version": 1,
        });
        serde_json::from_value(fields).expect("a deal")
    }

    fn changed(deltas: &Deltas) -> Vec<(String, String, String)> {
        deltas
            .changed()
            .flat_map(|(sort_key, attributes)| {
                attributes
                    .into_iter()
                    .map(|(name, amount)| (sort_key.clone(), name.clone(), amount.to_string()))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn a_new_deal_adds_itself_to_its_stage_its_owners_stage_and_the_tenant() {
        let deltas = Deltas::of_write(None, Some(&deal("s1", Some("usr-9"), 1000.5, 40)));
        let stage = |name: &str, amount: &str| ("STAGE#s1".into(), name.into(), amount.into());
        let owner = |name: &str, amount: &str| {
            (
                "AGG#OWNER#usr-9#STAGE#s1".into(),
                name.into(),
                amount.into(),
            )
        };
        let counts = |name: &str| ("COUNTER#DEALS".into(), name.into(), "1".into());
        let entered = |sort_key: &str| (sort_key.into(), "entered:2026-03-02".into(), "1".into());
        let mut want = vec![
            entered("AGG#ENTERED#s1#2026-03"),
            entered("AGG#OWNER#usr-9#ENTERED#s1#2026-03"),
            owner("deal_refs", "1"),
            owner("value:EUR", "1000.5"),
            owner("weighted:EUR", "400.2"),
            counts("all"),
            counts("pipeline:p1"),
            stage("deal_refs", "1"),
            stage("value:EUR", "1000.5"),
            stage("weighted:EUR", "400.2"),
        ];
        want.sort();
        let mut got = changed(&deltas);
        got.sort();
        assert_eq!(got, want);
    }

    #[test]
    fn a_write_that_changes_nothing_counted_changes_no_aggregate() {
        let before = deal("s1", Some("usr-9"), 10.0, 40);
        let mut after = before.clone();
        after.name = "Renamed".into();
        after.version = 2;
        assert!(Deltas::of_write(Some(&before), Some(&after)).is_empty());
    }

    #[test]
    fn a_value_change_moves_only_the_sums_and_a_deletion_takes_everything_away() {
        let before = deal("s1", None, 10.0, 50);
        let mut after = before.clone();
        after.value = 30.into();
        let got = changed(&Deltas::of_write(Some(&before), Some(&after)));
        assert_eq!(
            got,
            [
                ("STAGE#s1".into(), "value:EUR".into(), "20".into()),
                ("STAGE#s1".into(), "weighted:EUR".into(), "10".into()),
            ]
        );
        let mut deleted = after.clone();
        deleted.is_deleted = true;
        let gone = changed(&Deltas::of_write(Some(&after), Some(&deleted)));
        assert!(gone.iter().all(|(_, _, amount)| amount.starts_with('-')));
        assert_eq!(gone.len(), 6);
    }

    #[test]
    fn totals_read_back_and_count_the_deals_that_entered_before_a_day() {
        let stage = Item::from([
            ("deal_refs".into(), AttributeValue::N("4".into())),
            ("value:EUR".into(), AttributeValue::N("10.5".into())),
            ("value:USD".into(), AttributeValue::N("0".into())),
            ("rev".into(), AttributeValue::N("7".into())),
        ]);
        let march = Item::from([
            ("entered:2026-03-01".into(), AttributeValue::N("2".into())),
            ("entered:2026-03-05".into(), AttributeValue::N("1".into())),
            ("entered:2026-03-06".into(), AttributeValue::N("0".into())),
            ("rev".into(), AttributeValue::N("3".into())),
        ]);
        let april = Item::from([("entered:2026-04-02".into(), AttributeValue::N("1".into()))]);
        let read = |since: &str| {
            let mut totals = StageTotals::default();
            totals.add_item(&stage);
            totals.add_entered(&march, since);
            totals.add_entered(&april, since);
            totals
        };
        assert_eq!(read("2026-03-05").count, 4);
        assert_eq!(read("2026-03-05").value.len(), 1, "zero sums are not shown");
        assert_eq!(read("2026-03-05").entered_before(), 2);
        assert_eq!(read("2026-03-06").entered_before(), 3);
        assert_eq!(read("2026-03-01").entered_before(), 0);
        assert_eq!(read("2026-04-03").entered_before(), 4);
    }

    #[test]
    fn months_run_from_the_first_days_month_to_the_last_days() {
        let day = |text: &str| crate::clock::parse_date(text).expect("a date");
        assert_eq!(
            months(day("2025-11-30"), day("2026-02-01")),
            ["2025-11", "2025-12", "2026-01", "2026-02"]
        );
        assert_eq!(months(day("2026-03-09"), day("2026-03-09")), ["2026-03"]);
        assert!(months(day("2026-04-01"), day("2026-03-31")).is_empty());
    }
}
