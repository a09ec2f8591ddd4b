//! `process-changes`: the table's DynamoDB stream turned into change events. Lambda's event
//! source mapping (and locally, `local`'s stream poller) hands it batches of stream records;
//! each accepted write of an object becomes one event in its tenant's feed (and, for a deal, one
//! entry of its field history). No request handler emits events, so no write path can forget
//! one, and requests pay nothing for them.
//!
//! A batch that fails part-way answers the first record it could not turn into events
//! (`batchItemFailures`, with `ReportBatchItemFailures` on the mapping): the records before it
//! are done, that one and those after it come again, and the ones already in a feed are
//! recognised by their sequence numbers and skipped.

use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use time::OffsetDateTime;

use crate::clock::{format_timestamp, Now};
use crate::error::error_chain;
use crate::events::{derive, Derived, ItemChange};
use crate::store::{event_json, object_of_image, Appended, Store, StoreError};
use crate::webhooks::runner;

type Item = std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>;

/// The binaries that answer no HTTP route: their events come from AWS.
pub const BACKGROUND_BINARIES: [&str; 3] = [
    "process-changes",
    "deliver-webhooks",
    "reconcile-aggregates",
];

/// One stream record, as Lambda and the local poller give it.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamRecord {
    pub sequence_number: String,
    /// The item's key (`pk`, `sk`).
    pub keys: Item,
    pub change: ItemChange,
    pub old_image: Option<Item>,
    pub new_image: Option<Item>,
    /// When DynamoDB wrote the record, in Unix seconds.
    pub approximate_creation: Option<f64>,
}

/// What a batch came to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Events appended to feeds.
    pub events: usize,
    /// The sequence number of the first record not done, when the batch failed from there.
    pub failed_from: Option<String>,
}

/// Turns a batch into events, tenant by tenant in stream order.
pub async fn process(store: &Store, records: &[StreamRecord]) -> Outcome {
    let now = Now::current();
    let mut by_tenant: BTreeMap<String, Vec<(usize, String, Derived)>> = BTreeMap::new();
    let mut first_failure: Option<usize> = None;
    for (index, record) in records.iter().enumerate() {
        match derive_record(record, &now) {
            Ok(Some((tenant, derived))) => by_tenant.entry(tenant).or_default().push((
                index,
                record.sequence_number.clone(),
                derived,
            )),
            Ok(None) => {}
            Err(error) => {
                tracing::error!(sequence = %record.sequence_number, error = %error_chain(&error), "cannot decode a stream record");
                first_failure = Some(index);
                break;
            }
        }
    }
    let mut outcome = Outcome::default();
    for (tenant, derived) in by_tenant {
        let derived: Vec<_> = derived
            .into_iter()
            .filter(|(index, _, _)| first_failure.is_none_or(|failed| *index < failed))
            .collect();
        let Some(first) = derived.first().map(|(index, _, _)| *index) else {
            continue;
        };
        match append(store, &tenant, derived, &now).await {
            Ok(count) => outcome.events += count,
            Err(error) => {
                tracing::error!(tenant = %tenant, error = %error_chain(&error), "cannot append events");
                first_failure = Some(first_failure.map_or(first, |failed| failed.min(first)));
            }
        }
    }
    outcome.failed_from = first_failure
        .and_then(|index| records.get(index))
        .map(|record| record.sequence_number.clone());
    outcome
}

/// The tenant's new events after those its feed has already, each with a delivery for every
/// webhook that wants it: returns how many events.
async fn append(
    store: &Store,
    tenant: &str,
    derived: Vec<(usize, String, Derived)>,
    now: &Now,
) -> Result<usize, StoreError> {
    let head = store.feed_head(tenant).await?;
    let fresh: Vec<(String, Derived)> = derived
        .into_iter()
        .filter(|(_, sequence, _)| !head.has_seen(sequence))
        .map(|(_, sequence, derived)| (sequence, derived))
        .collect();
    if fresh.is_empty() {
        return Ok(0);
    }
    let webhooks = store.webhooks(tenant).await?;
    let batch = fresh
        .into_iter()
        .map(|(sequence, derived)| {
            let payload = event_json(&derived.event)?;
            let deliveries = webhooks
                .iter()
                .filter(|stored| stored.webhook.wants(&derived.event))
                .map(|stored| {
                    runner::new_delivery(tenant, &stored.webhook.id, &derived.event, &payload, now)
                })
                .collect();
            Ok(Appended {
                sequence,
                derived,
                deliveries,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    store.append_events(tenant, &head, &batch, now.unix).await?;
    Ok(batch.len())
}

fn derive_record(
    record: &StreamRecord,
    now: &Now,
) -> Result<Option<(String, Derived)>, StoreError> {
    let decode = |image: &Option<Item>| match image {
        Some(item) => object_of_image(item),
        None => Ok(None),
    };
    let old = decode(&record.old_image)?;
    let new = decode(&record.new_image)?;
    let Some(tenant) = new
        .as_ref()
        .or(old.as_ref())
        .map(|(tenant, _)| tenant.clone())
    else {
        return Ok(None);
    };
    let stream_time = record
        .approximate_creation
        .and_then(|seconds| OffsetDateTime::from_unix_timestamp_nanos((seconds * 1e9) as i128).ok())
        .map_or_else(|| now.timestamp.clone(), format_timestamp);
    Ok(derive(
        &tenant,
        record.change,
        old.map(|(_, object)| object),
        new.map(|(_, object)| object),
        &stream_time,
    )
    .map(|derived| (tenant, derived)))
}

/// Lambda's DynamoDB Streams event: `{"Records": [...]}`.
#[derive(Debug, Deserialize)]
struct LambdaStreamEvent {
    #[serde(rename = "Records", default)]
    records: Vec<Value>,
}

#[derive(Debug, Deserialize)]
struct LambdaRecord {
    #[serde(rename = "eventName")]
    event_name: String,
    dynamodb: LambdaStreamRecord,
}

type StreamImage = std::collections::HashMap<String, serde_dynamo::AttributeValue>;

#[derive(Debug, Deserialize)]
struct LambdaStreamRecord {
    #[serde(rename = "SequenceNumber")]
    sequence_number: String,
    #[serde(rename = "ApproximateCreationDateTime", default)]
    approximate_creation: Option<f64>,
    #[serde(rename = "Keys", default)]
    keys: StreamImage,
    #[serde(rename = "OldImage", default)]
    old_image: Option<StreamImage>,
    #[serde(rename = "NewImage", default)]
    new_image: Option<StreamImage>,
}

fn sdk_item(image: StreamImage) -> Item {
    image
        .into_iter()
        .map(|(name, value)| (name, value.into()))
        .collect()
}

/// The records of a Lambda DynamoDB Streams event, in order.
pub fn records_of_event(event: Value) -> Result<Vec<StreamRecord>, String> {
    let event: LambdaStreamEvent = serde_json::from_value(event)
        .map_err(|error| format!("not a DynamoDB stream event: {error}"))?;
    event.records.into_iter().map(stream_record).collect()
}

/// Whether a record's item may hold an object with events, by its sort key: the others
/// (bookkeeping, the feed itself) are not decoded at all. The template's filter keeps them from
/// Lambda; DynamoDB Local's stream still brings them.
fn may_have_events(record: &Value) -> bool {
    record
        .pointer("/dynamodb/Keys/sk/S")
        .and_then(Value::as_str)
        .is_some_and(crate::store::holds_object)
}

fn stream_record(record: Value) -> Result<StreamRecord, String> {
    let keys = record
        .pointer("/dynamodb/Keys")
        .map(Value::to_string)
        .unwrap_or_default();
    let record = if may_have_events(&record) {
        record
    } else {
        // Only its place in the stream matters.
        let mut bare = record;
        if let Some(Value::Object(images)) = bare.get_mut("dynamodb") {
            images.remove("NewImage");
            images.remove("OldImage");
        }
        bare
    };
    let record: LambdaRecord = serde_json::from_value(record)
        .map_err(|error| format!("not a DynamoDB stream record ({keys}): {error}"))?;
    let change = match record.event_name.as_str() {
        "INSERT" => ItemChange::Insert,
        "MODIFY" => ItemChange::Modify,
        "REMOVE" => ItemChange::Remove,
        other => return Err(format!("unknown eventName {other:?}")),
    };
    Ok(StreamRecord {
        sequence_number: record.dynamodb.sequence_number,
        keys: sdk_item(record.dynamodb.keys),
        change,
        old_image: record.dynamodb.old_image.map(sdk_item),
        new_image: record.dynamodb.new_image.map(sdk_item),
        approximate_creation: record.dynamodb.approximate_creation,
    })
}

/// The answer Lambda reads with `ReportBatchItemFailures`.
pub fn batch_response(outcome: &Outcome) -> Value {
    let failures: Vec<Value> = outcome
        .failed_from
        .iter()
        .map(|sequence| json!({ "itemIdentifier": sequence }))
        .collect();
    json!({ "batchItemFailures": failures })
}

/// Handles one invocation of `process-changes`: the batch's events, and the first record not
/// processed for Lambda to retry from. An event that is not a stream batch fails the invocation,
/// so that Lambda retries it and then hands it to the on-failure destination: nothing is
/// dropped unseen.
pub async fn handle(store: &Store, event: Value) -> Result<Value, String> {
    let records = records_of_event(event)?;
    let outcome = process(store, &records).await;
    tracing::info!(records = records.len(), events = outcome.events, failed_from = ?outcome.failed_from, "batch processed");
    Ok(batch_response(&outcome))
}
