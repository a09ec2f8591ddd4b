//! Deals in DynamoDB: the key schema, and every read and write the API makes.
//!
//! One table. Partition key `pk` = `TENANT#<tenant>`, so every key carries the tenant; sort key
//! `sk` = `<ENTITY>#<id>`. Deal ids are ULIDs, so `DEAL#…` sorts by creation time and a
//! backwards Query is "newest first". Two sparse GSIs, both tenant-scoped and sorted the same way:
//! `by_stage` (`TENANT#t#STAGE#s`) and `by_owner` (`TENANT#t#OWNER#o`). A soft-deleted deal moves
//! to `DELETED#DEAL#<id>` without index keys, so no list ever reads it again.

use std::collections::HashMap;
use std::fmt::Debug;

use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, ReturnValue, TransactWriteItem};
use aws_sdk_dynamodb::Client;

use crate::error::ApiError;
use crate::model::Deal;

type Item = HashMap<String, AttributeValue>;

/// The key schema: attribute names, index names and how key values are spelled.
pub mod keys {
    pub const PK: &str = "pk";
    pub const SK: &str = "sk";
    pub const STAGE_PK: &str = "stage_pk";
    pub const STAGE_SK: &str = "stage_sk";
    pub const OWNER_PK: &str = "owner_pk";
    pub const OWNER_SK: &str = "owner_sk";
    pub const STAGE_INDEX: &str = "by_stage";
    pub const OWNER_INDEX: &str = "by_owner";
    pub const DEAL_PREFIX: &str = "DEAL#";

    pub fn tenant(tenant: &str) -> String {
        format!("TENANT#{tenant}")
    }

    pub fn deal(id: &str) -> String {
        format!("{DEAL_PREFIX}{id}")
    }

    pub fn deleted_deal(id: &str) -> String {
        format!("DELETED#DEAL#{id}")
    }

    pub fn deal_number(number: &str) -> String {
        format!("DEAL_NUMBER#{number}")
    }

    pub fn deal_number_counter(year: i32) -> String {
        format!("COUNTER#DEAL_NUMBER#{year}")
    }

    pub fn stage(tenant: &str, stage: &str) -> String {
        format!("TENANT#{tenant}#STAGE#{stage}")
    }

    pub fn owner(tenant: &str, owner: &str) -> String {
        format!("TENANT#{tenant}#OWNER#{owner}")
    }
}

/// A list request may evaluate at most this many items (each billed) before it returns a
/// shorter page and a cursor to continue, so a selective filter never costs an unbounded read.
pub const MAX_ITEMS_EVALUATED_PER_LIST: i32 = 1000;
/// How many server-chosen deal numbers a create tries before giving up (they can collide only
/// with numbers clients chose themselves).
const DEAL_NUMBER_ATTEMPTS: usize = 5;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the deal changed since it was read")]
    VersionConflict,
    #[error("the deal number is already taken")]
    DealNumberTaken,
    #[error("DynamoDB unavailable: {0}")]
    Unavailable(String),
    #[error("DynamoDB error: {0}")]
    Internal(String),
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::VersionConflict => ApiError::conflict(
                "version",
                "The deal was changed by another request; reload it and retry",
            ),
            StoreError::DealNumberTaken => {
                ApiError::conflict("deal_number", "Deal number is already in use")
            }
            StoreError::Unavailable(detail) => ApiError::Unavailable(detail),
            StoreError::Internal(detail) => ApiError::Internal(detail),
        }
    }
}

/// Equality filters of a deal list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DealFilter {
    pub stage: Option<String>,
    pub owner_id: Option<String>,
    pub account_id: Option<String>,
    pub pipeline_id: Option<String>,
    /// Set for application-scoped callers.
    pub app_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DealPage {
    pub deals: Vec<Deal>,
    /// Where the next page starts (exclusive), when there may be more.
    pub next_after: Option<String>,
}

#[derive(Clone)]
pub struct DealStore {
    client: Client,
    table: String,
}

impl DealStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        DealStore {
            client,
            table: table.into(),
        }
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    /// One strongly consistent GetItem (1 RCU per 4 KB).
    pub async fn get(&self, tenant: &str, id: &str) -> Result<Option<Deal>, StoreError> {
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

    /// Stores a new deal and reserves its number in one transaction. A deal without a number
    /// gets the tenant's next one for the year of `year`.
    pub async fn insert(&self, deal: &mut Deal, year: i32) -> Result<(), StoreError> {
        if !deal.deal_number.is_empty() {
            return self.insert_with_number(deal).await;
        }
        for _ in 0..DEAL_NUMBER_ATTEMPTS {
            let sequence = self.next_deal_number(&deal.tenant_id, year).await?;
            deal.deal_number = crate::model::format_deal_number(year, sequence);
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
        let result = self
            .client
            .transact_write_items()
            .transact_items(put_new(&self.table, deal_item(deal)?)?)
            .transact_items(put_new(&self.table, reservation)?)
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error) => match cancelled_by_condition(&error) {
                Some(1) => Err(StoreError::DealNumberTaken),
                _ => Err(classify(error)),
            },
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

    /// Writes a changed deal over the version it was read at: a soft-deleted deal moves to its
    /// tombstone, any other is replaced in place.
    pub async fn save(&self, deal: &Deal, expected_version: u64) -> Result<(), StoreError> {
        if deal.is_deleted {
            self.soft_delete(deal, expected_version).await
        } else {
            self.replace(deal, expected_version).await
        }
    }

    /// Overwrites a deal if it still has `expected_version`: one conditional PutItem.
    async fn replace(&self, deal: &Deal, expected_version: u64) -> Result<(), StoreError> {
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
            Err(SdkError::ServiceError(error))
                if matches!(
                    error.err(),
                    PutItemError::ConditionalCheckFailedException(_)
                ) =>
            {
                Err(StoreError::VersionConflict)
            }
            Err(error) => Err(classify(error)),
        }
    }

    /// Moves a deal to its tombstone if it still has `expected_version`: one transaction of a
    /// conditional Delete and a Put.
    async fn soft_delete(&self, tombstone: &Deal, expected_version: u64) -> Result<(), StoreError> {
        let delete = Delete::builder()
            .table_name(&self.table)
            .key(keys::PK, s(keys::tenant(&tombstone.tenant_id)))
            .key(keys::SK, s(keys::deal(&tombstone.id)))
            .condition_expression("#version = :expected")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":expected", n(expected_version))
            .build()
            .map_err(|e| StoreError::Internal(e.to_string()))?;
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(deal_item(tombstone)?))
            .build()
            .map_err(|e| StoreError::Internal(e.to_string()))?;
        let result = self
            .client
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().delete(delete).build())
            .transact_items(TransactWriteItem::builder().put(put).build())
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error) => match cancelled_by_condition(&error) {
                Some(0) => Err(StoreError::VersionConflict),
                _ => Err(classify(error)),
            },
        }
    }

    /// Live deals, newest first. Reads the stage index when filtering by stage, else the owner
    /// index when filtering by owner, else the tenant's partition; other filters are filter
    /// expressions (billed for every item evaluated, bounded by [`MAX_ITEMS_EVALUATED_PER_LIST`]).
    pub async fn list(
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
                .query(&self.client, &self.table)
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
}

/// Which index a list reads and what it filters on.
struct QueryPlan {
    index: Option<&'static str>,
    partition_attribute: &'static str,
    partition_value: String,
    sort_attribute: &'static str,
    filter_expression: Option<String>,
    filter_values: Vec<(String, String, String)>,
}

impl QueryPlan {
    fn new(tenant: &str, filter: &DealFilter) -> Self {
        let (index, partition_attribute, partition_value, sort_attribute) =
            match (&filter.stage, &filter.owner_id) {
                (Some(stage), _) => (
                    Some(keys::STAGE_INDEX),
                    keys::STAGE_PK,
                    keys::stage(tenant, stage),
                    keys::STAGE_SK,
                ),
                (None, Some(owner)) => (
                    Some(keys::OWNER_INDEX),
                    keys::OWNER_PK,
                    keys::owner(tenant, owner),
                    keys::OWNER_SK,
                ),
                (None, None) => (None, keys::PK, keys::tenant(tenant), keys::SK),
            };
        let mut filter_values = Vec::new();
        let mut add = |attribute: &str, value: &Option<String>| {
            if let Some(value) = value {
                let n = filter_values.len();
                filter_values.push((format!("#f{n}"), attribute.to_owned(), value.clone()));
            }
        };
        if index != Some(keys::STAGE_INDEX) {
            add("stage", &filter.stage);
        }
        if index != Some(keys::OWNER_INDEX) {
            add("owner_id", &filter.owner_id);
        }
        add("account_id", &filter.account_id);
        add("pipeline_id", &filter.pipeline_id);
        add("app_id", &filter.app_id);
        let filter_expression = (!filter_values.is_empty()).then(|| {
            filter_values
                .iter()
                .map(|(name, _, _)| format!("{name} = :{}", &name[1..]))
                .collect::<Vec<_>>()
                .join(" AND ")
        });
        QueryPlan {
            index,
            partition_attribute,
            partition_value,
            sort_attribute,
            filter_expression,
            filter_values,
        }
    }

    fn query(
        &self,
        client: &Client,
        table: &str,
    ) -> aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder {
        let mut query = client
            .query()
            .table_name(table)
            .set_index_name(self.index.map(String::from))
            .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
            .expression_attribute_names("#pk", self.partition_attribute)
            .expression_attribute_names("#sk", self.sort_attribute)
            .expression_attribute_values(":pk", s(self.partition_value.clone()))
            .expression_attribute_values(":prefix", s(keys::DEAL_PREFIX.into()))
            .scan_index_forward(false)
            .set_filter_expression(self.filter_expression.clone());
        for (name, attribute, value) in &self.filter_values {
            query = query
                .expression_attribute_names(name, attribute)
                .expression_attribute_values(format!(":{}", &name[1..]), s(value.clone()));
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
/// derived from it. Index keys exist only for live deals (owner key only when it has an owner).
fn deal_item(deal: &Deal) -> Result<Item, StoreError> {
    let mut item: Item = serde_dynamo::to_item(deal)
        .map_err(|error| StoreError::Internal(format!("cannot encode deal: {error}")))?;
    item.retain(|_, value| !is_empty_attribute(value));
    item.insert(keys::PK.into(), s(keys::tenant(&deal.tenant_id)));
    if deal.is_deleted {
        item.insert(keys::SK.into(), s(keys::deleted_deal(&deal.id)));
        return Ok(item);
    }
    item.insert(keys::SK.into(), s(keys::deal(&deal.id)));
    item.insert(
        keys::STAGE_PK.into(),
        s(keys::stage(&deal.tenant_id, &deal.stage)),
    );
    item.insert(keys::STAGE_SK.into(), s(keys::deal(&deal.id)));
    if let Some(owner) = &deal.owner_id {
        item.insert(
            keys::OWNER_PK.into(),
            s(keys::owner(&deal.tenant_id, owner)),
        );
        item.insert(keys::OWNER_SK.into(), s(keys::deal(&deal.id)));
    }
    Ok(item)
}

fn deal_from_item(item: Item) -> Result<Deal, StoreError> {
    serde_dynamo::from_item(item)
        .map_err(|error| StoreError::Internal(format!("cannot decode stored deal: {error}")))
}

fn is_empty_attribute(value: &AttributeValue) -> bool {
    match value {
        AttributeValue::Null(_) => true,
        AttributeValue::L(items) => items.is_empty(),
        AttributeValue::M(map) => map.is_empty(),
        _ => false,
    }
}

fn put_new(table: &str, item: Item) -> Result<TransactWriteItem, StoreError> {
    let put = Put::builder()
        .table_name(table)
        .set_item(Some(item))
        .condition_expression("attribute_not_exists(pk)")
        .build()
        .map_err(|e| StoreError::Internal(e.to_string()))?;
    Ok(TransactWriteItem::builder().put(put).build())
}

/// The position of the first transaction item whose condition failed, if that cancelled it.
fn cancelled_by_condition<R>(error: &SdkError<TransactWriteItemsError, R>) -> Option<usize> {
    let SdkError::ServiceError(service_error) = error else {
        return None;
    };
    let TransactWriteItemsError::TransactionCanceledException(cancelled) = service_error.err()
    else {
        return None;
    };
    cancelled
        .cancellation_reasons()
        .iter()
        .position(|reason| reason.code() == Some("ConditionalCheckFailed"))
}

/// Unreachable, timed out or throttled (after the SDK's own retries) is 503; the rest is ours.
fn classify<E, R>(error: SdkError<E, R>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: Debug,
{
    let unavailable = match &error {
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => {
            true
        }
        SdkError::ServiceError(service) => matches!(
            service.err().code(),
            Some(
                "ProvisionedThroughputExceededException"
                    | "ThrottlingException"
                    | "RequestLimitExceeded"
                    | "InternalServerError"
                    | "ServiceUnavailable"
                    | "TransactionConflictException"
            )
        ),
        _ => false,
    };
    let detail = DisplayErrorContext(&error).to_string();
    if unavailable {
        StoreError::Unavailable(detail)
    } else {
        StoreError::Internal(detail)
    }
}

fn s(value: String) -> AttributeValue {
    AttributeValue::S(value)
}

fn n(value: u64) -> AttributeValue {
    AttributeValue::N(value.to_string())
}
