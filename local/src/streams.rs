//! The table's stream as Lambda's event source mapping reads it, for DynamoDB Local: shards in
//! order (a parent before its children), batches of up to 100 records in the Lambda event's
//! shape, handed to `process-changes` (in this process, or its binary under the emulator), a
//! batch that reports a failed record read again from that record on the next pass.
//!
//! It speaks the Streams API's JSON over plain HTTP (DynamoDB Local serves it on its own port
//! and checks no signature), so the local tooling needs no second SDK.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use http::{Method, Request};
use http_body_util::Full;
use hyper::body::Bytes;
use serde_json::{json, Value};
use shared::context::AppContext;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::gateway::Gateway;

/// Records per GetRecords call and per invocation, as the template's BatchSize.
const BATCH_SIZE: usize = 100;
const CALL_TIMEOUT: Duration = Duration::from_secs(10);
const PROCESS_CHANGES: &str = "process-changes";
const DELIVER_WEBHOOKS: &str = "deliver-webhooks";
const RECONCILE: &str = "reconcile-aggregates";

/// Who processes the batches.
#[derive(Clone)]
pub enum Consumer {
    /// `shared::stream` in this process (`make dev`, the tests).
    InProcess(Arc<AppContext>),
    /// The `process-changes` binary under the emulator (`make dev-lambda`).
    Emulated(Arc<Gateway>),
}

impl Consumer {
    /// Hands a batch to `process-changes`, then its new deliveries to `deliver-webhooks` (each
    /// has its own event source mapping, with its own filter, when deployed). Answers the
    /// sequence number of the first record `process-changes` did not process, if any.
    async fn process(&self, event: Value) -> Result<Option<String>, String> {
        let deliveries = new_deliveries(&event);
        let answer = self.invoke(PROCESS_CHANGES, event).await?;
        let failed = answer
            .get("batchItemFailures")
            .and_then(Value::as_array)
            .and_then(|failures| failures.first())
            .and_then(|failure| text_at(failure, &["itemIdentifier"]));
        if let Some(deliveries) = deliveries {
            self.invoke(DELIVER_WEBHOOKS, deliveries).await?;
        }
        Ok(failed)
    }

    /// What EventBridge's minute schedule does deployed: every delivery due at `at` attempted
    /// (only `tenant`'s, when given).
    pub async fn sweep(&self, at: OffsetDateTime, tenant: Option<&str>) -> Result<u64, String> {
        let time = at.format(&Rfc3339).map_err(|error| error.to_string())?;
        let mut event =
            json!({"source": "aws.events", "detail-type": "Scheduled Event", "time": time});
        if let (Some(tenant), Some(fields)) = (tenant, event.as_object_mut()) {
            fields.insert("tenant".into(), json!(tenant));
        }
        let answer = self.invoke(DELIVER_WEBHOOKS, event).await?;
        Ok(answer.get("attempted").and_then(Value::as_u64).unwrap_or(0))
    }

    /// What the daily schedule does deployed, for one tenant (every registered tenant when
    /// none is named): its aggregates checked against its deals and repaired. Answers the
    /// function's report.
    pub async fn reconcile(&self, tenant: Option<&str>) -> Result<Value, String> {
        let event = match tenant {
            Some(tenant) => json!({ "tenant": tenant }),
            None => json!({"source": "aws.events", "detail-type": "Scheduled Event"}),
        };
        self.invoke(RECONCILE, event).await
    }

    async fn invoke(&self, function: &str, event: Value) -> Result<Value, String> {
        let answer = match self {
            Consumer::InProcess(ctx) if function == PROCESS_CHANGES => {
                shared::stream::handle(&ctx.store, event).await?
            }
            Consumer::InProcess(ctx) if function == RECONCILE => {
                shared::reconcile::handle(&ctx.store, event).await?
            }
            Consumer::InProcess(ctx) => {
                shared::webhooks::runner::handle(&ctx.store, &ctx.webhooks, event).await?
            }
            Consumer::Emulated(gateway) => {
                let result = gateway
                    .invoke(function, event.to_string().into_bytes())
                    .await
                    .map_err(|error| error.to_string())?;
                serde_json::from_slice(&result).map_err(|error| error.to_string())?
            }
        };
        if answer.get("errorType").is_some() {
            return Err(format!("{function} failed: {answer}"));
        }
        Ok(answer)
    }
}

/// The records of a batch that `deliver-webhooks`' filter lets through (new deliveries), as an
/// event of their own; `None` when there are none.
fn new_deliveries(event: &Value) -> Option<Value> {
    let records: Vec<Value> = event
        .get("Records")
        .and_then(Value::as_array)?
        .iter()
        .filter(|record| {
            text_at(record, &["eventName"]).as_deref() == Some("INSERT")
                && text_at(record, &["dynamodb", "Keys", "sk", "S"])
                    .is_some_and(|sk| sk.starts_with(shared::store::keys::DELIVERY_PREFIX))
        })
        .cloned()
        .collect();
    (!records.is_empty()).then(|| json!({ "Records": records }))
}

/// Runs the sweep every `interval`, as the deployed schedule does every minute.
pub async fn sweep_every(consumer: Consumer, interval: Duration) {
    loop {
        if let Err(error) = consumer.sweep(OffsetDateTime::now_utc(), None).await {
            tracing::warn!(error = %error, "webhook sweep failed; retrying");
        }
        tokio::time::sleep(interval).await;
    }
}

#[derive(Default)]
struct ShardProgress {
    /// The last record processed.
    after: Option<String>,
    /// Closed and read to its end.
    done: bool,
}

pub struct StreamPoller {
    endpoint: SocketAddr,
    stream_arn: String,
    progress: tokio::sync::Mutex<HashMap<String, ShardProgress>>,
}

impl StreamPoller {
    /// The poller of `table`'s stream at `endpoint` (`http://host:port`, DynamoDB Local).
    pub async fn new(ctx: &AppContext, endpoint: &str, table: &str) -> Result<Self, String> {
        let endpoint = endpoint
            .strip_prefix("http://")
            .and_then(|address| address.trim_end_matches('/').parse::<SocketAddr>().ok())
            .ok_or("the local stream poller needs DYNAMODB_ENDPOINT=http://<ip>:<port>")?;
        let described = ctx
            .store
            .client()
            .describe_table()
            .table_name(table)
            .send()
            .await
            .map_err(|error| aws_sdk_dynamodb::error::DisplayErrorContext(&error).to_string())?;
        let stream_arn = described
            .table
            .and_then(|table| table.latest_stream_arn)
            .ok_or_else(|| format!("table {table} has no stream"))?;
        Ok(StreamPoller {
            endpoint,
            stream_arn,
            progress: tokio::sync::Mutex::default(),
        })
    }

    /// Reads every shard up to what it holds now and hands each batch on: when it returns, every
    /// write that was answered before the call has been processed. Answers how many records were
    /// handed on; a batch that failed stops the pass (the next one starts at its failed record).
    pub async fn drain(&self, consumer: &Consumer) -> Result<usize, String> {
        let mut progress = self.progress.lock().await;
        let shards = self.shards().await?;
        let known: HashSet<&str> = shards.iter().map(|(id, _)| id.as_str()).collect();
        let mut handed = 0;
        let mut pending: Vec<&(String, Option<String>)> = shards.iter().collect();
        // A child waits for its parent (unless the parent has aged out of the stream).
        while !pending.is_empty() {
            let before = pending.len();
            let mut waiting = Vec::new();
            for shard in pending {
                let (id, parent) = shard;
                let parent_open = parent.as_deref().is_some_and(|parent| {
                    known.contains(parent) && !progress.get(parent).is_some_and(|p| p.done)
                });
                if parent_open {
                    waiting.push(shard);
                    continue;
                }
                let state = progress.entry(id.clone()).or_default();
                if !state.done {
                    handed += self.read_shard(id, state, consumer).await?;
                }
            }
            if waiting.len() == before {
                break;
            }
            pending = waiting;
        }
        Ok(handed)
    }

    /// Drains every `interval` until the task is dropped; failures are logged and retried.
    pub async fn run(self: Arc<Self>, consumer: Consumer, interval: Duration) {
        loop {
            if let Err(error) = self.drain(&consumer).await {
                tracing::warn!(error = %error, "stream poll failed; retrying");
            }
            tokio::time::sleep(interval).await;
        }
    }

    async fn read_shard(
        &self,
        shard: &str,
        state: &mut ShardProgress,
        consumer: &Consumer,
    ) -> Result<usize, String> {
        let mut iterator = self.iterator(shard, state.after.as_deref()).await?;
        let mut handed = 0;
        while let Some(current) = iterator {
            let answer = self
                .call(
                    "GetRecords",
                    json!({"ShardIterator": current, "Limit": BATCH_SIZE}),
                )
                .await?;
            let records = answer
                .get("Records")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            iterator = text_at(&answer, &["NextShardIterator"]);
            if records.is_empty() {
                if iterator.is_none() {
                    state.done = true;
                }
                break;
            }
            let sequences: Vec<Option<String>> = records
                .iter()
                .map(|record| text_at(record, &["dynamodb", "SequenceNumber"]))
                .collect();
            let event = lambda_event(records, &self.stream_arn);
            match consumer.process(event).await? {
                None => {
                    handed += sequences.len();
                    state.after = sequences.last().cloned().flatten().or(state.after.take());
                }
                Some(failed) => {
                    // Lambda retries from the failed record: everything before it is done.
                    let done_before = sequences
                        .iter()
                        .position(|sequence| sequence.as_deref() == Some(failed.as_str()))
                        .unwrap_or(0);
                    if let Some(last_done) = done_before
                        .checked_sub(1)
                        .and_then(|index| sequences.get(index))
                    {
                        state.after = last_done.clone();
                    }
                    return Err(format!("{PROCESS_CHANGES} failed at record {failed}"));
                }
            }
        }
        Ok(handed)
    }

    /// Every shard of the stream with its parent.
    async fn shards(&self) -> Result<Vec<(String, Option<String>)>, String> {
        let mut shards = Vec::new();
        let mut start: Option<String> = None;
        loop {
            let request = match &start {
                Some(last) => json!({"StreamArn": self.stream_arn, "ExclusiveStartShardId": last}),
                None => json!({"StreamArn": self.stream_arn}),
            };
            let answer = self.call("DescribeStream", request).await?;
            let listed = answer
                .pointer("/StreamDescription/Shards")
                .and_then(Value::as_array);
            for shard in listed.into_iter().flatten() {
                if let Some(id) = text_at(shard, &["ShardId"]) {
                    shards.push((id, text_at(shard, &["ParentShardId"])));
                }
            }
            match text_at(&answer, &["StreamDescription", "LastEvaluatedShardId"]) {
                Some(last) => start = Some(last),
                None => return Ok(shards),
            }
        }
    }

    async fn iterator(&self, shard: &str, after: Option<&str>) -> Result<Option<String>, String> {
        let request = match after {
            Some(sequence) => json!({
                "StreamArn": self.stream_arn, "ShardId": shard,
                "ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": sequence,
            }),
            None => json!({
                "StreamArn": self.stream_arn, "ShardId": shard, "ShardIteratorType": "TRIM_HORIZON",
            }),
        };
        let answer = self.call("GetShardIterator", request).await?;
        Ok(text_at(&answer, &["ShardIterator"]))
    }

    async fn call(&self, operation: &str, body: Value) -> Result<Value, String> {
        let request = Request::builder()
            .method(Method::POST)
            .uri("/")
            .header("host", self.endpoint.to_string())
            .header("content-type", "application/x-amz-json-1.0")
            .header("x-amz-target", format!("DynamoDBStreams_20120810.{operation}"))
            .header(
                "authorization",
                "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
            )
            .body(Full::new(Bytes::from(body.to_string())))
            .map_err(|error| error.to_string())?;
        let response = crate::plain_http::send(self.endpoint, request, CALL_TIMEOUT)
            .await
            .map_err(|error| error.to_string())?;
        let answer: Value =
            serde_json::from_slice(response.body()).map_err(|error| error.to_string())?;
        if !response.status().is_success() {
            return Err(format!("{operation}: {answer}"));
        }
        Ok(answer)
    }
}

/// The text at `path` in a JSON answer.
fn text_at(value: &Value, path: &[&str]) -> Option<String> {
    path.iter()
        .try_fold(value, |value, name| value.get(name))
        .and_then(Value::as_str)
        .map(String::from)
}

/// GetRecords' records as Lambda's DynamoDB event holds them.
fn lambda_event(records: Vec<Value>, stream_arn: &str) -> Value {
    let records: Vec<Value> = records
        .into_iter()
        .map(|mut record| {
            if let Some(fields) = record.as_object_mut() {
                fields.insert("eventSourceARN".into(), json!(stream_arn));
            }
            if let Some(Value::Object(images)) = record.get_mut("dynamodb") {
                for name in ["Keys", "NewImage", "OldImage"] {
                    if let Some(Value::Object(image)) = images.get_mut(name) {
                        image.values_mut().for_each(restore_empty_maps);
                    }
                }
            }
            record
        })
        .collect();
    json!({ "Records": records })
}

/// DynamoDB Local writes an empty map attribute as `{}` in its stream records, where DynamoDB
/// (and Lambda's event) write `{"M": {}}`: this puts the `M` back, at any depth.
fn restore_empty_maps(value: &mut Value) {
    let Value::Object(typed) = value else {
        return;
    };
    if typed.is_empty() {
        typed.insert("M".into(), json!({}));
        return;
    }
    for (kind, inner) in typed.iter_mut() {
        match (kind.as_str(), inner) {
            ("M", Value::Object(fields)) => fields.values_mut().for_each(restore_empty_maps),
            ("L", Value::Array(items)) => items.iter_mut().for_each(restore_empty_maps),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_maps_get_their_type_back_at_any_depth() {
        let event = lambda_event(
            vec![json!({"dynamodb": {"NewImage": {
                "keys": {}, "nested": {"M": {"x": {}}}, "list": {"L": [{}]}, "s": {"S": "a"}
            }}})],
            "arn",
        );
        assert_eq!(
            event["Records"][0]["dynamodb"]["NewImage"],
            json!({"keys": {"M": {}}, "nested": {"M": {"x": {"M": {}}}}, "list": {"L": [{"M": {}}]}, "s": {"S": "a"}})
        );
        assert_eq!(event["Records"][0]["eventSourceARN"], "arn");
    }
}
