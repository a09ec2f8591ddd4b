//! Deal items: reads, the create transaction, conditional rewrites and soft deletes, lists.

use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, ReturnValue, TransactWriteItem};

use super::{
    classify, failed_conditions, internal, is_conditional_check_failure, keys, n, s,
    without_empty_attributes, Item, ReferenceChanges, Store, StoreError,
};
use crate::model::{self, Deal};
use crate::records::{deal_refs, RecordKind, RecordRef};

/// A list request may evaluate at most this many items (each billed) before it returns a
/// shorter page and a cursor to continue, so a selective filter never costs an unbounded read.
pub const MAX_ITEMS_EVALUATED_PER_LIST: i32 = 1000;
/// How many server-chosen deal numbers a create tries before giving up (they can collide only
/// with numbers clients chose themselves).
const DEAL_NUMBER_ATTEMPTS: usize = 5;
const PROBABILITY_IS_MANUAL: &str = "probability_is_manual";

/// Equality filters of a deal list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DealFilter {
    pub stage: Option<String>,
    pub owner_id: Option<String>,
    pub account_id: Option<String>,
    pub pipeline_id: Option<String>,
    /// Deals naming this contact as primary contact or among `contact_ids`.
    pub contact_id: Option<String>,
    /// Set for application-scoped callers.
    pub app_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DealPage {
    pub deals: Vec<Deal>,
    /// Where the next page starts (exclusive), when there may be more.
    pub next_after: Option<String>,
}

impl Store {
    /// One strongly consistent GetItem (1 RCU per 4 KB).
    pub async fn get_deal(&self, tenant: &str, id: &str) -> Result<Option<Deal>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key(keys::PK, s(keys::tenant(tenant)))
            .key(keys::SK, s(keys::deal(id)))
            .consistent_read(true)
            .send()
            .await
            .map_err(classify)?;
        output.item.map(deal_from_item).transpose()
    }

    /// Stores a new deal, reserves its number and counts it on every record it refers to, in one
    /// transaction (which fails if a referenced record does not exist). A deal without a number
    /// gets the tenant's next one for `year`.
    pub async fn insert_deal(&self, deal: &mut Deal, year: i32) -> Result<(), StoreError> {
        if !deal.deal_number.is_empty() {
            return self.insert_with_number(deal).await;
        }
        for _ in 0..DEAL_NUMBER_ATTEMPTS {
            let sequence = self.next_deal_number(&deal.tenant_id, year).await?;
            deal.deal_number = model::format_deal_number(year, sequence);
            match self.insert_with_number(deal).await {
                Err(StoreError::DealNumberTaken) => continue,
                other => return other,
            }
        }
        Err(StoreError::Internal(
            "no free deal number after several attempts".into(),
        ))
    }

    async fn insert_with_number(&self, deal: &Deal) -> Result<(), StoreError> {
        let reservation = Item::from([
            (keys::PK.into(), s(keys::tenant(&deal.tenant_id))),
            (keys::SK.into(), s(keys::deal_number(&deal.deal_number))),
            ("deal_id".into(), s(deal.id.clone())),
        ]);
        let references = ReferenceChanges {
            first_index: 2,
            added: deal_refs(deal),
        };
        let mut transaction = self
            .client
            .transact_write_items()
            .transact_items(put_new(&self.table, deal_item(deal)?)?)
            .transact_items(put_new(&self.table, reservation)?);
        for record in &references.added {
            transaction = transaction.transact_items(self.count_reference(
                &deal.tenant_id,
                record,
                1,
                true,
            )?);
        }
        match transaction.send().await {
            Ok(_) => Ok(()),
            Err(error) => {
                let failed = failed_conditions(&error);
                let missing = references.missing(&failed);
                if !missing.is_empty() {
                    Err(StoreError::MissingRecords(missing))
                } else if failed.contains(&1) {
                    Err(StoreError::DealNumberTaken)
                } else {
                    Err(classify(error))
                }
            }
        }
    }

    /// Atomic per-tenant, per-year counter: one UpdateItem (1 WCU).
    async fn next_deal_number(&self, tenant: &str, year: i32) -> Result<u64, StoreError> {
        let output = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(keys::PK, s(keys::tenant(tenant)))
            .key(keys::SK, s(keys::deal_number_counter(year)))
            .update_expression("ADD #last :one")
            .expression_attribute_names("#last", "last_value")
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(classify)?;
        output
            .attributes
            .as_ref()
            .and_then(|attributes| attributes.get("last_value"))
            .and_then(|value| value.as_n().ok())
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| StoreError::Internal("deal number counter returned no value".into()))
    }

    /// Writes a changed deal over `before`, the version it was read at. A soft-deleted deal moves
    /// to its tombstone. When the records it refers to change, the counts move with it in one
    /// transaction (failing on a record that does not exist); otherwise it is one conditional
    /// PutItem.
    pub async fn save_deal(&self, deal: &Deal, before: &Deal) -> Result<(), StoreError> {
        let old_refs = deal_refs(before);
        let new_refs = deal_refs(deal);
        let added: Vec<RecordRef> = new_refs
            .iter()
            .filter(|r| !old_refs.contains(r))
            .cloned()
            .collect();
        let removed: Vec<RecordRef> = old_refs
            .iter()
            .filter(|r| !new_refs.contains(r))
            .cloned()
            .collect();
        if !deal.is_deleted && added.is_empty() && removed.is_empty() {
            return self.replace_deal(deal, before.version).await;
        }
        let mut items = Vec::new();
        if deal.is_deleted {
            items.push(self.delete_if_version(deal, before.version)?);
            let put = Put::builder()
                .table_name(&self.table)
                .set_item(Some(deal_item(deal)?))
                .build()
                .map_err(internal)?;
            items.push(TransactWriteItem::builder().put(put).build());
        } else {
            items.push(self.put_if_version(deal, before.version)?);
        }
        let references = ReferenceChanges {
            first_index: items.len(),
            added,
        };
        for record in &references.added {
            items.push(self.count_reference(&deal.tenant_id, record, 1, true)?);
        }
        for record in &removed {
            items.push(self.count_reference(&deal.tenant_id, record, -1, false)?);
        }
        let result = self
            .client
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error) => {
                let failed = failed_conditions(&error);
                if failed.contains(&0) {
                    return Err(StoreError::VersionConflict);
                }
                let missing = references.missing(&failed);
                if missing.is_empty() {
                    Err(classify(error))
                } else {
                    Err(StoreError::MissingRecords(missing))
                }
            }
        }
    }

    async fn replace_deal(&self, deal: &Deal, expected_version: u64) -> Result<(), StoreError> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(deal_item(deal)?))
            .condition_expression("#version = :expected")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":expected", n(expected_version))
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error) if is_conditional_check_failure(&error) => Err(StoreError::VersionConflict),
            Err(error) => Err(classify(error)),
        }
    }

    fn put_if_version(&self, deal: &Deal, expected: u64) -> Result<TransactWriteItem, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(deal_item(deal)?))
            .condition_expression("#version = :expected")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":expected", n(expected))
            .build()
            .map_err(internal)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    fn delete_if_version(
        &self,
        deal: &Deal,
        expected: u64,
    ) -> Result<TransactWriteItem, StoreError> {
        let delete = Delete::builder()
            .table_name(&self.table)
            .key(keys::PK, s(keys::tenant(&deal.tenant_id)))
            .key(keys::SK, s(keys::deal(&deal.id)))
            .condition_expression("#version = :expected")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":expected", n(expected))
            .build()
            .map_err(internal)?;
        Ok(TransactWriteItem::builder().delete(delete).build())
    }

    /// Live deals, newest first. Reads the stage index when filtering by stage, else the owner
    /// index, else the account index, else the tenant's partition; other filters are filter
    /// expressions (billed for every item evaluated, bounded by [`MAX_ITEMS_EVALUATED_PER_LIST`]).
    pub async fn list_deals(
        &self,
        tenant: &str,
        filter: &DealFilter,
        limit: usize,
        after: Option<&str>,
    ) -> Result<DealPage, StoreError> {
        let plan = QueryPlan::new(tenant, filter);
        let mut deals = Vec::with_capacity(limit + 1);
        let mut start = after.map(|id| plan.start_key(tenant, id));
        let mut evaluated = 0;
        loop {
            let wanted = i32::try_from(limit + 1 - deals.len()).unwrap_or(i32::MAX);
            let page_size = if plan.filter_expression.is_some() {
                wanted.max(100)
            } else {
                wanted
            };
            let output = plan
                .query(self)
                .limit(page_size.min(MAX_ITEMS_EVALUATED_PER_LIST - evaluated))
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(classify)?;
            evaluated += output.scanned_count;
            for item in output.items.unwrap_or_default() {
                deals.push(deal_from_item(item)?);
            }
            if deals.len() > limit {
                deals.truncate(limit);
                let next_after = deals.last().map(|deal| deal.id.clone());
                return Ok(DealPage { deals, next_after });
            }
            let Some(last_key) = output.last_evaluated_key else {
                return Ok(DealPage {
                    deals,
                    next_after: None,
                });
            };
            if evaluated >= MAX_ITEMS_EVALUATED_PER_LIST {
                let next_after =
                    deal_id_of_key(&last_key).or_else(|| deals.last().map(|deal| deal.id.clone()));
                return Ok(DealPage { deals, next_after });
            }
            start = Some(last_key);
        }
    }

    /// Up to `limit` live deals that refer to `record`, oldest first. Users and accounts are
    /// read from their indexes; contacts have none (a deal lists many), so their deals are found
    /// by a filtered read of the tenant's deals.
    pub async fn deals_referring_to(
        &self,
        tenant: &str,
        record: &RecordRef,
        limit: usize,
    ) -> Result<Vec<Deal>, StoreError> {
        let filter = match record.kind {
            RecordKind::User => DealFilter {
                owner_id: Some(record.id.clone()),
                ..DealFilter::default()
            },
            RecordKind::Account => DealFilter {
                account_id: Some(record.id.clone()),
                ..DealFilter::default()
            },
            RecordKind::Contact => DealFilter {
                contact_id: Some(record.id.clone()),
                ..DealFilter::default()
            },
        };
        let mut found = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = self
                .list_deals(tenant, &filter, 100, after.as_deref())
                .await?;
            found.extend(page.deals);
            match page.next_after {
                Some(next) if found.len() < limit => after = Some(next),
                _ => break,
            }
        }
        found.truncate(limit);
        Ok(found)
    }

    /// Whether any live deal sits in this stage: one Query of at most one item on `by_stage`.
    pub async fn stage_has_deals(&self, tenant: &str, stage_id: &str) -> Result<bool, StoreError> {
        let page = self
            .list_deals(
                tenant,
                &DealFilter {
                    stage: Some(stage_id.into()),
                    ..DealFilter::default()
                },
                1,
                None,
            )
            .await?;
        Ok(!page.deals.is_empty())
    }
}

/// Which index a list reads and what it filters on.
struct QueryPlan {
    index: Option<&'static str>,
    partition_attribute: &'static str,
    partition_value: String,
    sort_attribute: &'static str,
    filter_expression: Option<String>,
    filter_values: Vec<(String, String)>,
    filter_names: Vec<(String, String)>,
}

impl QueryPlan {
    fn new(tenant: &str, filter: &DealFilter) -> Self {
        let (index, partition_attribute, partition_value, sort_attribute) =
            match (&filter.stage, &filter.owner_id, &filter.account_id) {
                (Some(stage), _, _) => (
                    Some(keys::STAGE_INDEX),
                    keys::STAGE_PK,
                    keys::stage(tenant, stage),
                    keys::STAGE_SK,
                ),
                (None, Some(owner), _) => (
                    Some(keys::OWNER_INDEX),
                    keys::OWNER_PK,
                    keys::owner(tenant, owner),
                    keys::OWNER_SK,
                ),
                (None, None, Some(account)) => (
                    Some(keys::ACCOUNT_INDEX),
                    keys::ACCOUNT_PK,
                    keys::account(tenant, account),
                    keys::ACCOUNT_SK,
                ),
                (None, None, None) => (None, keys::PK, keys::tenant(tenant), keys::SK),
            };
        let mut conditions = Vec::new();
        let mut filter_names = Vec::new();
        let mut filter_values = Vec::new();
        let mut equal = |attribute: &str, value: &Option<String>, keyed: bool| {
            if let (Some(value), false) = (value, keyed) {
                let n = filter_values.len();
                conditions.push(format!("#f{n} = :f{n}"));
                filter_names.push((format!("#f{n}"), attribute.to_owned()));
                filter_values.push((format!(":f{n}"), value.clone()));
            }
        };
        equal("stage", &filter.stage, index == Some(keys::STAGE_INDEX));
        equal(
            "owner_id",
            &filter.owner_id,
            index == Some(keys::OWNER_INDEX),
        );
        equal(
            "account_id",
            &filter.account_id,
            index == Some(keys::ACCOUNT_INDEX),
        );
        equal("pipeline_id", &filter.pipeline_id, false);
        equal("app_id", &filter.app_id, false);
        if let Some(contact) = &filter.contact_id {
            let n = filter_values.len();
            conditions.push(format!("(#primary = :f{n} OR contains(#contacts, :f{n}))"));
            filter_names.push(("#primary".into(), "primary_contact_id".into()));
            filter_names.push(("#contacts".into(), "contact_ids".into()));
            filter_values.push((format!(":f{n}"), contact.clone()));
        }
        let filter_expression = (!conditions.is_empty()).then(|| conditions.join(" AND "));
        QueryPlan {
            index,
            partition_attribute,
            partition_value,
            sort_attribute,
            filter_expression,
            filter_values,
            filter_names,
        }
    }

    fn query(
        &self,
        store: &Store,
    ) -> aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder {
        let mut query = store
            .client
            .query()
            .table_name(&store.table)
            .set_index_name(self.index.map(String::from))
            .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
            .expression_attribute_names("#pk", self.partition_attribute)
            .expression_attribute_names("#sk", self.sort_attribute)
            .expression_attribute_values(":pk", s(self.partition_value.clone()))
            .expression_attribute_values(":prefix", s(keys::DEAL_PREFIX.into()))
            .scan_index_forward(false)
            .set_filter_expression(self.filter_expression.clone());
        for (placeholder, attribute) in &self.filter_names {
            query = query.expression_attribute_names(placeholder, attribute);
        }
        for (placeholder, value) in &self.filter_values {
            query = query.expression_attribute_values(placeholder, s(value.clone()));
        }
        query
    }

    /// The position just after deal `id` in this plan's index.
    fn start_key(&self, tenant: &str, id: &str) -> Item {
        let mut key = Item::from([
            (keys::PK.into(), s(keys::tenant(tenant))),
            (keys::SK.into(), s(keys::deal(id))),
        ]);
        if self.index.is_some() {
            key.insert(
                self.partition_attribute.into(),
                s(self.partition_value.clone()),
            );
            key.insert(self.sort_attribute.into(), s(keys::deal(id)));
        }
        key
    }
}

fn deal_id_of_key(key: &Item) -> Option<String> {
    key.get(keys::SK)?
        .as_s()
        .ok()?
        .strip_prefix(keys::DEAL_PREFIX)
        .map(String::from)
}

/// The stored form of a deal: its fields without nulls and empty collections, plus the keys
/// derived from it. Index keys exist only for live deals, each only when the deal has the value.
fn deal_item(deal: &Deal) -> Result<Item, StoreError> {
    let mut item: Item = serde_dynamo::to_item(deal)
        .map_err(|error| StoreError::Internal(format!("cannot encode deal: {error}")))?;
    without_empty_attributes(&mut item);
    if deal.probability_is_manual {
        item.insert(PROBABILITY_IS_MANUAL.into(), AttributeValue::Bool(true));
    }
    let tenant = &deal.tenant_id;
    item.insert(keys::PK.into(), s(keys::tenant(tenant)));
    if deal.is_deleted {
        item.insert(keys::SK.into(), s(keys::deleted_deal(&deal.id)));
        return Ok(item);
    }
    let sort_key = keys::deal(&deal.id);
    item.insert(keys::SK.into(), s(sort_key.clone()));
    let mut index = |pk: &str, sk: &str, value: String| {
        item.insert(pk.into(), s(value));
        item.insert(sk.into(), s(sort_key.clone()));
    };
    index(
        keys::STAGE_PK,
        keys::STAGE_SK,
        keys::stage(tenant, &deal.stage),
    );
    if let Some(owner) = &deal.owner_id {
        index(keys::OWNER_PK, keys::OWNER_SK, keys::owner(tenant, owner));
    }
    if let Some(account) = &deal.account_id {
        index(
            keys::ACCOUNT_PK,
            keys::ACCOUNT_SK,
            keys::account(tenant, account),
        );
    }
    Ok(item)
}

fn deal_from_item(item: Item) -> Result<Deal, StoreError> {
    let manual = matches!(
        item.get(PROBABILITY_IS_MANUAL),
        Some(AttributeValue::Bool(true))
    );
    let mut deal: Deal = serde_dynamo::from_item(item)
        .map_err(|error| StoreError::Internal(format!("cannot decode stored deal: {error}")))?;
    deal.probability_is_manual = manual;
    Ok(deal)
}

fn put_new(table: &str, item: Item) -> Result<TransactWriteItem, StoreError> {
    let put = Put::builder()
        .table_name(table)
        .set_item(Some(item))
        .condition_expression("attribute_not_exists(pk)")
        .build()
        .map_err(internal)?;
    Ok(TransactWriteItem::builder().put(put).build())
}
