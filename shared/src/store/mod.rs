//! Everything the API keeps, in one DynamoDB table: the key schema, and every read and write.
//!
//! Partition key `pk` = `TENANT#<tenant>`, so every key carries the tenant; sort key `sk` =
//! `<ENTITY>#<id>`. Deal ids are ULIDs, so `DEAL#…` sorts by creation time and a backwards Query
//! is "newest first". Three sparse GSIs, tenant-scoped and sorted the same way: `by_stage`,
//! `by_owner` and `by_account`. A soft-deleted deal moves to `DELETED#DEAL#<id>` without index
//! keys, so no list ever reads it again. The one exception to tenant partitions: an API key's
//! lookup item, `APIKEY#<sha-256>`, found from the key alone (see `applications`).

mod aggregates;
mod applications;
mod counters;
mod deals;
mod events;
mod idempotency;
mod pipelines;
mod plan;
mod records;
mod webhooks;

use std::collections::HashMap;
use std::fmt::Debug;

use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::operation::update_item::builders::UpdateItemFluentBuilder;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem, Update};
use aws_sdk_dynamodb::Client;

pub use aggregates::{Reconciled, StageTotals};
pub use applications::{KeyGrant, StoredApplication, StoredKey};
pub use counters::DealCounts;
pub use deals::{DealPage, Window, MAX_ITEMS_EVALUATED_PER_LIST};
pub use events::{
    event_json, holds_object, object_of_image, Appended, EventFilter, EventPage, FeedHead,
    MAX_EVENTS_EVALUATED,
};
pub use idempotency::{
    IdempotencyClaim, IdempotencyRecord, IDEMPOTENCY_TTL_SECONDS, MAX_KEPT_RESPONSE,
};
pub use pipelines::StageEntry;
pub use plan::{Position, ReadPlan};
pub use records::StoredRecord;
pub use webhooks::{
    DeliveryKey, LeasedDelivery, NewDelivery, StoredWebhook, DELIVERY_RETENTION_SECONDS, DUE_INDEX,
    DUE_PARTITIONS,
};

use crate::error::BoxError;
use crate::records::RecordRef;

type Item = HashMap<String, AttributeValue>;

/// The key schema: attribute names, index names and how key values are spelled.
pub mod keys {
    use crate::query::SortField;
    use crate::records::RecordKind;

    pub const PK: &str = "pk";
    pub const SK: &str = "sk";
    pub const STAGE_PK: &str = "stage_pk";
    pub const STAGE_SK: &str = "stage_sk";
    pub const OWNER_PK: &str = "owner_pk";
    pub const OWNER_SK: &str = "owner_sk";
    pub const ACCOUNT_PK: &str = "account_pk";
    pub const ACCOUNT_SK: &str = "account_sk";
    pub const STAGE_INDEX: &str = "by_stage";
    pub const OWNER_INDEX: &str = "by_owner";
    pub const ACCOUNT_INDEX: &str = "by_account";
    pub const DEAL_PREFIX: &str = "DEAL#";
    pub const PIPELINE_PREFIX: &str = "PIPELINE#";
    /// How many live deals refer to a record (accounts, contacts, users).
    pub const DEAL_REFS: &str = "deal_refs";
    /// How many contacts name an account.
    pub const CONTACT_REFS: &str = "contact_refs";
    /// The per-tenant deal counts.
    pub const DEAL_COUNTS: &str = "COUNTER#DEALS";
    /// When DynamoDB may delete an item (TTL), in Unix seconds.
    pub const EXPIRES_AT: &str = "expires_at";

    /// A stage change moved out of a deal's inline log; `seq` zero-padded so they sort.
    pub fn history(deal_id: &str, seq: u64) -> String {
        format!("HISTORY#{deal_id}#{seq:020}")
    }

    /// A tenant's change feed: its head (the last position given out) and its events by position.
    pub const EVENT_HEAD: &str = "EVENTS#HEAD";
    pub const EVENT_PREFIX: &str = "EVENT#";

    pub fn event(position: u64) -> String {
        format!("{EVENT_PREFIX}{position:020}")
    }

    pub const WEBHOOK_PREFIX: &str = "WEBHOOK#";

    pub fn webhook(id: &str) -> String {
        format!("{WEBHOOK_PREFIX}{id}")
    }

    pub const DELIVERY_PREFIX: &str = "DELIVERY#";

    /// A webhook's delivery; `delivery("wh_…", "")` is the prefix of all of them.
    pub fn delivery(webhook_id: &str, delivery_id: &str) -> String {
        format!("{DELIVERY_PREFIX}{webhook_id}#{delivery_id}")
    }

    /// One write in a deal's field history, by the version it made.
    pub fn deal_change(deal_id: &str, version: u64) -> String {
        format!("CHANGE#{deal_id}#{version:020}")
    }

    /// An `Idempotency-Key` is its caller's: the same key from another application, or on the
    /// other view (whose answers differ), is another key. Application ids never hold `#`; the
    /// key, which may, comes last.
    pub fn idempotency(view: &str, app: Option<&str>, key: &str) -> String {
        format!("IDEMPOTENCY#{view}#{}#{key}", app.unwrap_or(""))
    }

    /// The attribute a sort index is keyed by (partition key: the tenant's `pk`).
    pub fn sort_attribute(field: SortField) -> Option<&'static str> {
        match field {
            SortField::CreatedAt => None,
            SortField::Name => Some("sort_name"),
            SortField::Value => Some("sort_value"),
            SortField::UpdatedAt => Some("sort_updated"),
            SortField::ExpectedCloseDate => Some("sort_close"),
            SortField::Probability => Some("sort_probability"),
        }
    }

    pub fn sort_index(field: SortField) -> Option<&'static str> {
        match field {
            SortField::CreatedAt => None,
            SortField::Name => Some("by_name"),
            SortField::Value => Some("by_value"),
            SortField::UpdatedAt => Some("by_updated"),
            SortField::ExpectedCloseDate => Some("by_close_date"),
            SortField::Probability => Some("by_probability"),
        }
    }

    pub fn tenant(tenant: &str) -> String {
        format!("TENANT#{tenant}")
    }

    pub fn deal(id: &str) -> String {
        format!("{DEAL_PREFIX}{id}")
    }

    /// A soft-deleted deal's tombstone.
    pub const DELETED_DEAL_PREFIX: &str = "DELETED#DEAL#";

    pub fn deleted_deal(id: &str) -> String {
        format!("{DELETED_DEAL_PREFIX}{id}")
    }

    pub const DEAL_NUMBER_PREFIX: &str = "DEAL_NUMBER#";

    pub fn deal_number(number: &str) -> String {
        format!("{DEAL_NUMBER_PREFIX}{number}")
    }

    pub fn deal_number_counter(year: i32) -> String {
        format!("COUNTER#DEAL_NUMBER#{year}")
    }

    pub fn pipeline(id: &str) -> String {
        format!("{PIPELINE_PREFIX}{id}")
    }

    /// A stage's own item: its pipeline, and the count of live deals in it.
    pub fn stage_item(id: &str) -> String {
        format!("STAGE#{id}")
    }

    /// An application of the tenant, holding its keys' listings.
    pub const APPLICATION_PREFIX: &str = "APP#";

    pub fn application(id: &str) -> String {
        format!("{APPLICATION_PREFIX}{id}")
    }

    /// An API key's lookup item, partition and sort key alike: `APIKEY#<sha-256 hex>`.
    pub const API_KEY_PREFIX: &str = "APIKEY#";

    pub fn api_key(hash_hex: &str) -> String {
        format!("{API_KEY_PREFIX}{hash_hex}")
    }

    /// How many pipelines the tenant has stored. Its item also lists the tenant in the
    /// `by_due` index under the partition [`TENANT_REGISTRY`] (the index is sparse, and a
    /// tenant that stored a pipeline is one that can have deals), for the reconciliation that
    /// goes over every tenant.
    pub const PIPELINE_COUNT: &str = "COUNTER#PIPELINES";
    pub const TENANT_REGISTRY: &str = "TENANTS";

    pub fn record_prefix(kind: RecordKind) -> &'static str {
        match kind {
            RecordKind::Account => "ACCOUNT#",
            RecordKind::Contact => "CONTACT#",
            RecordKind::User => "USER#",
        }
    }

    pub fn record(kind: RecordKind, id: &str) -> String {
        format!("{}{id}", record_prefix(kind))
    }

    pub fn stage(tenant: &str, stage: &str) -> String {
        format!("TENANT#{tenant}#STAGE#{stage}")
    }

    pub fn owner(tenant: &str, owner: &str) -> String {
        format!("TENANT#{tenant}#OWNER#{owner}")
    }

    pub fn account(tenant: &str, account: &str) -> String {
        format!("TENANT#{tenant}#ACCOUNT#{account}")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the item changed since it was read")]
    VersionConflict,
    #[error("the deal number is already taken")]
    DealNumberTaken,
    #[error("the idempotency key was claimed by another request")]
    IdempotencyKeyTaken,
    #[error("an item with this id exists already")]
    AlreadyExists,
    #[error("referenced records do not exist: {0:?}")]
    MissingRecords(Vec<RecordRef>),
    #[error("the record is referenced by {deals} live deals and {contacts} contacts")]
    Referenced { deals: u64, contacts: u64 },
    #[error("the stage does not exist")]
    MissingStage,
    #[error("the stage is being deleted")]
    StageClosing,
    #[error("live deals are in stage {0}")]
    StageInUse(String),
    #[error("the tenant has as many pipelines as it may")]
    TooManyPipelines,
    #[error("the tenant has as many webhooks as it may")]
    TooManyWebhooks,
    #[error("the tenant's last pipeline")]
    LastPipeline,
    #[error("the item would take {0} bytes")]
    ItemTooLarge(usize),
    #[error("DynamoDB unavailable: {0}")]
    Unavailable(String),
    #[error("DynamoDB error")]
    Internal(#[source] BoxError),
}

/// How a GetItem reads: strongly consistent (1 RRU per 4 KB), or eventually (half that).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Read {
    Strong,
    Eventual,
}

#[derive(Clone)]
pub struct Store {
    client: Client,
    table: String,
}

impl Store {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Store {
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

    /// Opens the connection to DynamoDB (TLS included) before the first request needs it: one
    /// GetItem of a key nobody uses. Its answer does not matter (a refusal still leaves the
    /// connection open), so errors are ignored.
    pub async fn open_connection(&self) {
        let _ignored = self
            .client
            .get_item()
            .table_name(&self.table)
            .key(keys::PK, s("CONNECTION".into()))
            .key(keys::SK, s("CONNECTION".into()))
            .send()
            .await;
    }

    /// One item of the tenant by its sort key: a GetItem, strongly consistent when asked.
    async fn get_tenant_item(
        &self,
        tenant: &str,
        sort_key: String,
        consistent: Read,
    ) -> Result<Option<Item>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key(keys::PK, s(keys::tenant(tenant)))
            .key(keys::SK, s(sort_key))
            .consistent_read(consistent == Read::Strong)
            .send()
            .await
            .map_err(classify)?;
        Ok(output.item)
    }

    /// An UpdateItem of one item of the tenant, by its sort key.
    fn update_tenant_item(&self, tenant: &str, sort_key: String) -> UpdateItemFluentBuilder {
        self.client
            .update_item()
            .table_name(&self.table)
            .key(keys::PK, s(keys::tenant(tenant)))
            .key(keys::SK, s(sort_key))
    }

    /// A Query of the tenant's items whose sort keys start with `prefix`.
    fn query_prefix(&self, tenant: &str, prefix: &str) -> QueryFluentBuilder {
        self.query_tenant(tenant, "begins_with(#sk, :prefix)")
            .expression_attribute_values(":prefix", s(prefix.to_owned()))
    }

    /// A Query of the tenant's items whose sort keys lie in `from ..= to`.
    fn query_range(&self, tenant: &str, from: String, to: String) -> QueryFluentBuilder {
        self.query_tenant(tenant, "#sk BETWEEN :from AND :to")
            .expression_attribute_values(":from", s(from))
            .expression_attribute_values(":to", s(to))
    }

    fn query_tenant(&self, tenant: &str, sort_key_condition: &str) -> QueryFluentBuilder {
        self.client
            .query()
            .table_name(&self.table)
            .key_condition_expression(format!("#pk = :pk AND {sort_key_condition}"))
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_names("#sk", keys::SK)
            .expression_attribute_values(":pk", s(keys::tenant(tenant)))
    }

    /// Every item `query` finds, page by page (each page one billed Query).
    async fn every_page(query: QueryFluentBuilder) -> Result<Vec<Item>, StoreError> {
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let output = query
                .clone()
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(classify)?;
            items.extend(output.items.unwrap_or_default());
            match output.last_evaluated_key {
                Some(key) => start = Some(key),
                None => return Ok(items),
            }
        }
    }

    /// The key of a record item.
    fn record_key(&self, tenant: &str, record: &RecordRef) -> Item {
        Item::from([
            (keys::PK.into(), s(keys::tenant(tenant))),
            (keys::SK.into(), s(keys::record(record.kind, &record.id))),
        ])
    }

    /// Adds `delta` to one of a record's counts (`keys::DEAL_REFS`, `keys::CONTACT_REFS`). Counting
    /// up fails the transaction when the record does not exist, which is how references to it
    /// are checked.
    fn add_to_count(
        &self,
        tenant: &str,
        record: &RecordRef,
        count: &str,
        delta: i64,
    ) -> Result<TransactWriteItem, StoreError> {
        let mut update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(self.record_key(tenant, record)))
            .update_expression("ADD #count :delta")
            .expression_attribute_names("#count", count)
            .expression_attribute_values(":delta", AttributeValue::N(delta.to_string()));
        if delta > 0 {
            update = update.condition_expression("attribute_exists(pk)");
        }
        let update = update.build().map_err(internal)?;
        Ok(TransactWriteItem::builder().update(update).build())
    }
}

/// A transaction that did not happen: the positions of the items whose condition failed (none
/// when it failed otherwise), and the error to give when no failed condition explains it.
struct Refused {
    failed: Vec<usize>,
    error: StoreError,
}

impl Refused {
    fn at(&self, index: usize) -> bool {
        self.failed.contains(&index)
    }

    /// Which of `items`, standing in the transaction from position `first` on, failed.
    fn among<'a, T>(&'a self, first: usize, items: &'a [T]) -> impl Iterator<Item = &'a T> {
        self.failed
            .iter()
            .filter_map(move |index| index.checked_sub(first))
            .filter_map(|offset| items.get(offset))
    }
}

/// How many times a transaction cancelled only by conflicting with another one in flight is
/// sent in all, and the wait before the second attempt (doubled, with jitter, before each later
/// one).
pub const CONFLICT_ATTEMPTS: u32 = 10;
const CONFLICT_BACKOFF: std::time::Duration = std::time::Duration::from_millis(25);
/// The wait stops doubling at 25 ms × 2³ = 200 ms: all attempts then span about one to two
/// seconds, long enough for dozens of writers on one stage to take turns.
const MAX_DOUBLINGS: u32 = 3;

impl Store {
    /// One TransactWriteItems of `items`. A cancellation whose only cause is another
    /// transaction on the same items (writers sharing an aggregate or a record's count) wrote
    /// nothing, so it is sent again after a short wait; still conflicting after
    /// [`CONFLICT_ATTEMPTS`], it is [`StoreError::Unavailable`] (503), never a 500.
    async fn transact(&self, items: Vec<TransactWriteItem>) -> Result<(), Refused> {
        let mut attempt = 1;
        loop {
            let result = self
                .client
                .transact_write_items()
                .set_transact_items(Some(items.clone()))
                .send()
                .await;
            let Err(error) = result else {
                return Ok(());
            };
            let failed = failed_conditions(&error);
            if !failed.is_empty() || !is_transaction_conflict(&error) {
                return Err(Refused {
                    failed,
                    error: classify(error),
                });
            }
            if attempt == CONFLICT_ATTEMPTS {
                return Err(Refused {
                    failed,
                    error: StoreError::Unavailable(format!(
                        "the transaction conflicted with others {CONFLICT_ATTEMPTS} times: {}",
                        DisplayErrorContext(&error)
                    )),
                });
            }
            tokio::time::sleep(conflict_backoff(attempt, jitter())).await;
            attempt += 1;
        }
    }
}

/// The wait after the `attempt`-th conflicting attempt: [`CONFLICT_BACKOFF`] doubled per
/// earlier attempt, from half to all of it by `jitter` (a draw from `[0, 1)`).
fn conflict_backoff(attempt: u32, jitter: f64) -> std::time::Duration {
    let full = CONFLICT_BACKOFF.saturating_mul(1 << attempt.saturating_sub(1).min(MAX_DOUBLINGS));
    full.mul_f64(0.5 + jitter.clamp(0.0, 1.0) / 2.0)
}

/// A draw from `[0, 1)`.
fn jitter() -> f64 {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 8];
    match ring::rand::SystemRandom::new().fill(&mut bytes) {
        Ok(()) => (u64::from_be_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64,
        Err(_) => 0.5,
    }
}

/// Whether a transaction was cancelled because another one held some of its items, and for
/// nothing else.
fn is_transaction_conflict<R>(error: &SdkError<TransactWriteItemsError, R>) -> bool {
    let SdkError::ServiceError(service_error) = error else {
        return false;
    };
    let TransactWriteItemsError::TransactionCanceledException(cancelled) = service_error.err()
    else {
        return false;
    };
    only_conflicts(cancelled.cancellation_reasons().iter().map(|r| r.code()))
}

/// Cancellation reason codes (one per item; `None` or "None" for the items that were fine):
/// at least one `TransactionConflict`, and no other failure.
fn only_conflicts<'a>(codes: impl Iterator<Item = Option<&'a str>>) -> bool {
    let mut conflict = false;
    for code in codes {
        match code {
            Some("TransactionConflict") => conflict = true,
            None | Some("None") => {}
            Some(_) => return false,
        }
    }
    conflict
}

/// The transaction item that stores a new item, failing when one with its key exists.
fn put_new(table: &str, item: Item) -> Result<TransactWriteItem, StoreError> {
    let put = Put::builder()
        .table_name(table)
        .set_item(Some(item))
        .condition_expression("attribute_not_exists(pk)")
        .build()
        .map_err(internal)?;
    Ok(TransactWriteItem::builder().put(put).build())
}

/// Positions of the transaction items whose condition failed, when that cancelled it.
fn failed_conditions<R>(error: &SdkError<TransactWriteItemsError, R>) -> Vec<usize> {
    let SdkError::ServiceError(service_error) = error else {
        return Vec::new();
    };
    let TransactWriteItemsError::TransactionCanceledException(cancelled) = service_error.err()
    else {
        return Vec::new();
    };
    cancelled
        .cancellation_reasons()
        .iter()
        .enumerate()
        .filter(|(_, reason)| reason.code() == Some("ConditionalCheckFailed"))
        .map(|(index, _)| index)
        .collect()
}

/// Unreachable, timed out or throttled (after the SDK's own retries) is 503; the rest is ours.
fn classify<E, R>(error: SdkError<E, R>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: Debug + Send + Sync + 'static,
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
    if unavailable {
        StoreError::Unavailable(DisplayErrorContext(&error).to_string())
    } else {
        StoreError::Internal(Box::new(error))
    }
}

/// Whether a conditional write happened: `false` when its condition failed.
fn written<T, E, R>(result: Result<T, SdkError<E, R>>) -> Result<bool, StoreError>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: Debug + Send + Sync + 'static,
{
    match result {
        Ok(_) => Ok(true),
        Err(error) if is_conditional_check_failure(&error) => Ok(false),
        Err(error) => Err(classify(error)),
    }
}

fn is_conditional_check_failure<E: ProvideErrorMetadata, R>(error: &SdkError<E, R>) -> bool {
    matches!(error, SdkError::ServiceError(service) if service.err().code() == Some("ConditionalCheckFailedException"))
}

/// A text attribute every item of its kind has.
fn required_text<'a>(item: &'a Item, name: &str) -> Result<&'a str, StoreError> {
    item.get(name)
        .and_then(|value| value.as_s().ok())
        .map(String::as_str)
        .ok_or_else(|| internal(format!("an item without `{name}`")))
}

fn internal(error: impl Into<BoxError>) -> StoreError {
    StoreError::Internal(error.into())
}

/// DynamoDB holds at most 400 KB per item; a deal write that would pass this (keys excluded, a
/// few hundred bytes) is refused with a 400 before DynamoDB would refuse it with a 500. Each
/// field has its own limit, but every list and text full of four-byte characters together gets
/// close.
pub const MAX_ITEM_BYTES: usize = 398 * 1024;

/// An item's size as DynamoDB counts it: attribute names plus values.
pub fn item_size(item: &Item) -> usize {
    item.iter()
        .map(|(name, value)| name.len() + value_size(value))
        .sum()
}

fn value_size(value: &AttributeValue) -> usize {
    match value {
        AttributeValue::S(text) => text.len(),
        AttributeValue::N(number) => number.trim_start_matches('-').len().div_ceil(2) + 1,
        AttributeValue::Bool(_) | AttributeValue::Null(_) => 1,
        AttributeValue::L(items) => 3 + items.iter().map(|v| 1 + value_size(v)).sum::<usize>(),
        AttributeValue::M(map) => {
            3 + map
                .iter()
                .map(|(k, v)| 1 + k.len() + value_size(v))
                .sum::<usize>()
        }
        AttributeValue::Ss(items) => items.iter().map(String::len).sum(),
        _ => 8,
    }
}

/// Drops what need not be stored: nulls and empty collections (they read back as defaults).
fn without_empty_attributes(item: &mut Item) {
    item.retain(|_, value| match value {
        AttributeValue::Null(_) => false,
        AttributeValue::L(items) => !items.is_empty(),
        AttributeValue::M(map) => !map.is_empty(),
        _ => true,
    });
}

fn s(value: String) -> AttributeValue {
    AttributeValue::S(value)
}

fn n(value: u64) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_cancellation_by_conflicts_alone_is_sent_again() {
        let codes = |list: &[Option<&'static str>]| only_conflicts(list.iter().copied());
        assert!(codes(&[Some("None"), Some("TransactionConflict"), None]));
        assert!(codes(&[
            Some("TransactionConflict"),
            Some("TransactionConflict")
        ]));
        assert!(!codes(&[Some("None"), None]), "no conflict at all");
        assert!(!codes(&[
            Some("TransactionConflict"),
            Some("ConditionalCheckFailed")
        ]));
        assert!(!codes(&[Some("ValidationError")]));
    }

    #[test]
    fn the_wait_doubles_and_jitter_keeps_it_between_half_and_all() {
        let ms = |attempt, jitter| conflict_backoff(attempt, jitter).as_millis();
        assert_eq!(ms(1, 1.0), 25);
        assert_eq!(ms(1, 0.0), 12);
        assert_eq!(ms(2, 1.0), 50);
        assert_eq!(ms(3, 0.5), 75);
        assert_eq!(ms(4, 1.0), 200);
        assert_eq!(ms(40, 1.0), 200, "bounded however many attempts");
    }
}
