//! The change feed and the deals' field histories, written by the stream consumer only.
//!
//! A tenant's events are items `EVENT#<position>`, positions counted from 1 without gaps by the
//! tenant's head item (`EVENTS#HEAD`: the last position and the last stream sequence number
//! turned into events). Each batch of a tenant's events is one transaction with the head's
//! update, conditioned on the head being where it was read: the events and the head become
//! visible together, two consumers can never give out one position twice, and a stream record
//! processed again (a retried batch) is recognised by its sequence number and skipped. A reader
//! reads the head first and the events up to it, so it never sees a later position before an
//! earlier one. A deal's field history is `CHANGE#<deal>#<version>`, kept as long as the deal.

use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem, Update};
use serde_json::Value;

use super::webhooks::NewDelivery;
use super::{
    classify, deals::deal_from_item, internal, keys, n, pipelines::pipeline_from_item,
    records::stored_record, s, Item, Read, Refused, Store, StoreError,
};
use crate::events::{Derived, Event, Object, TypeFilter, EVENT_RETENTION_SECONDS};
use crate::records::RecordKind;

/// A transaction holds at most 100 items and 4 MB: a batch's events (each with its
/// field-history entry and its deliveries) go in chunks below both, beside the head.
const MAX_TRANSACTION_ITEMS: usize = 100;
const TRANSACTION_BYTES: usize = 3 * 1024 * 1024;
/// An event whose JSON is longer than this is stored without `data` (a deal near DynamoDB's
/// 400 KB item limit), marked `"data_omitted": true`; GET the object for it.
const MAX_EVENT_BYTES: usize = 300 * 1024;
/// A filtered read of the feed looks at this many events at most, so its cost stays bounded;
/// the cursor then resumes after the last one looked at.
pub const MAX_EVENTS_EVALUATED: usize = 500;

const POSITION: &str = "position";
const SEQUENCE: &str = "sequence";
const EVENT: &str = "event";
const EVENT_TYPE: &str = "event_type";
const OBJECT: &str = "object";
const OBJECT_ID: &str = "object_id";
const APP_ID: &str = "app_id";
const CHANGE: &str = "change";

/// Where a tenant's feed stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedHead {
    /// The last position given out; 0 before the first event.
    pub position: u64,
    /// The stream sequence number of the last record turned into an event.
    pub sequence: Option<String>,
}

impl FeedHead {
    /// Whether a stream record was turned into events already (sequence numbers grow along a
    /// shard and its children, and one tenant's items are in one shard at a time).
    pub fn has_seen(&self, sequence: &str) -> bool {
        self.sequence
            .as_deref()
            .is_some_and(|seen| sequence_order(sequence, seen).is_le())
    }
}

/// Stream sequence numbers are decimal numbers of up to 40 digits (DynamoDB Local pads them
/// with zeros).
fn sequence_order(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// One stream record's part of a feed append.
#[derive(Debug, Clone)]
pub struct Appended {
    pub sequence: String,
    pub derived: Derived,
    pub deliveries: Vec<NewDelivery>,
}

/// Which events a reader wants.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub types: Option<TypeFilter>,
    pub object_id: Option<String>,
    /// An application sees only its own deals' events.
    pub app_id: Option<String>,
}

impl EventFilter {
    fn is_empty(&self) -> bool {
        self.types.is_none() && self.object_id.is_none() && self.app_id.is_none()
    }
}

/// A page of the feed.
#[derive(Debug, Clone, PartialEq)]
pub struct EventPage {
    pub events: Vec<Value>,
    /// The position to resume after: the last event looked at (or where the reader was).
    pub last_position: u64,
    /// Whether events after `last_position` exist already.
    pub has_more: bool,
}

const DELETED_DEAL_PREFIX: &str = "DELETED#DEAL#";

/// Whether an item with this sort key holds an object that has events (the template's filter
/// on the stream names the same prefixes).
pub fn holds_object(sort_key: &str) -> bool {
    [
        keys::DEAL_PREFIX,
        DELETED_DEAL_PREFIX,
        keys::PIPELINE_PREFIX,
    ]
    .into_iter()
    .chain(RecordKind::ALL.map(keys::record_prefix))
    .any(|prefix| sort_key.starts_with(prefix))
}

/// The tenant and the object an item of a stream record holds, if it holds one that has events
/// (deals live and deleted, pipelines, accounts, contacts, users).
pub fn object_of_image(item: &Item) -> Result<Option<(String, Object)>, StoreError> {
    let text = |name: &str| item.get(name).and_then(|value| value.as_s().ok());
    let (Some(pk), Some(sk)) = (text(keys::PK), text(keys::SK)) else {
        return Ok(None);
    };
    let Some(tenant) = pk.strip_prefix("TENANT#") else {
        return Ok(None);
    };
    if !holds_object(sk) {
        return Ok(None);
    }
    let object = if sk.starts_with(keys::DEAL_PREFIX) || sk.starts_with(DELETED_DEAL_PREFIX) {
        Object::Deal(Box::new(deal_from_item(item.clone())?))
    } else if sk.starts_with(keys::PIPELINE_PREFIX) {
        Object::Pipeline(pipeline_from_item(item.clone())?)
    } else if let Some(kind) = RecordKind::ALL
        .into_iter()
        .find(|kind| sk.starts_with(keys::record_prefix(*kind)))
    {
        Object::Record(kind, stored_record(item.clone())?.record)
    } else {
        return Ok(None);
    };
    Ok(Some((tenant.to_owned(), object)))
}

impl Store {
    /// The tenant's feed head: one strongly consistent GetItem.
    pub async fn feed_head(&self, tenant: &str) -> Result<FeedHead, StoreError> {
        let item = self
            .get_tenant_item(tenant, keys::EVENT_HEAD.to_owned(), Read::Strong)
            .await?;
        Ok(item.map_or_else(FeedHead::default, |item| FeedHead {
            position: item
                .get(POSITION)
                .and_then(|value| value.as_n().ok())
                .and_then(|position| position.parse().ok())
                .unwrap_or(0),
            sequence: item
                .get(SEQUENCE)
                .and_then(|value| value.as_s().ok())
                .cloned(),
        }))
    }

    /// Appends `batch` (in order: each record's sequence number, its event, the deliveries of
    /// that event) after `head`, in as few transactions as the limits allow; answers the new
    /// head. `VersionConflict` when another consumer moved the head meanwhile (nothing of the
    /// refused chunk is written).
    pub async fn append_events(
        &self,
        tenant: &str,
        head: &FeedHead,
        batch: &[Appended],
        now_unix: i64,
    ) -> Result<FeedHead, StoreError> {
        let mut head = head.clone();
        let mut rest = batch;
        while !rest.is_empty() {
            let mut items = Vec::new();
            let mut bytes = 0;
            let mut taken = 0;
            for (position, one) in (head.position + 1..).zip(rest) {
                let mut these = vec![event_item(tenant, position, &one.derived.event, now_unix)?];
                if let Some(change) = &one.derived.deal_change {
                    these.push(change_item(tenant, &one.derived.event.object_id, change)?);
                }
                let size: usize = these.iter().map(super::item_size).sum();
                let deliveries = one.deliveries.len();
                if taken > 0
                    && (items.len() + these.len() + deliveries >= MAX_TRANSACTION_ITEMS
                        || bytes + size > TRANSACTION_BYTES)
                {
                    break;
                }
                bytes += size;
                taken += 1;
                for item in these {
                    items.push(self.put(item)?);
                }
                for delivery in &one.deliveries {
                    items.push(self.put_delivery(delivery)?);
                }
            }
            let (chunk, later) = rest.split_at(taken.min(rest.len()));
            let Some(last) = chunk.last() else {
                break;
            };
            let next = FeedHead {
                position: head.position + chunk.len() as u64,
                sequence: Some(last.sequence.clone()),
            };
            items.push(self.move_head(tenant, &head, &next)?);
            self.transact(items).await.map_err(|refused: Refused| {
                if refused.failed.is_empty() {
                    refused.error
                } else {
                    StoreError::VersionConflict
                }
            })?;
            head = next;
            rest = later;
        }
        Ok(head)
    }

    fn put(&self, item: Item) -> Result<TransactWriteItem, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .build()
            .map_err(internal)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    fn move_head(
        &self,
        tenant: &str,
        from: &FeedHead,
        to: &FeedHead,
    ) -> Result<TransactWriteItem, StoreError> {
        let mut update = Update::builder()
            .table_name(&self.table)
            .key(keys::PK, s(keys::tenant(tenant)))
            .key(keys::SK, s(keys::EVENT_HEAD.to_owned()))
            .update_expression("SET #position = :to, #sequence = :sequence")
            .expression_attribute_names("#position", POSITION)
            .expression_attribute_names("#sequence", SEQUENCE)
            .expression_attribute_values(":to", n(to.position))
            .expression_attribute_values(":sequence", s(to.sequence.clone().unwrap_or_default()));
        update = if from.position == 0 {
            update.condition_expression("attribute_not_exists(#position)")
        } else {
            update
                .condition_expression("#position = :from")
                .expression_attribute_values(":from", n(from.position))
        };
        Ok(TransactWriteItem::builder()
            .update(update.build().map_err(internal)?)
            .build())
    }

    /// The tenant's events after position `after`, oldest first, at most `limit` of them:
    /// the head (one GetItem), then strongly consistent Queries up to it.
    pub async fn events_after(
        &self,
        tenant: &str,
        after: u64,
        limit: usize,
        filter: &EventFilter,
    ) -> Result<EventPage, StoreError> {
        let head = self.feed_head(tenant).await?;
        let mut page = EventPage {
            events: Vec::new(),
            last_position: after.min(head.position),
            has_more: false,
        };
        let mut evaluated = 0;
        while page.last_position < head.position && page.events.len() < limit {
            let want = if filter.is_empty() {
                limit - page.events.len()
            } else {
                (limit * 2).min(MAX_EVENTS_EVALUATED - evaluated)
            };
            if want == 0 {
                break;
            }
            let mut query = self
                .query_range(
                    tenant,
                    keys::event(page.last_position + 1),
                    keys::event(head.position),
                )
                .consistent_read(true)
                .limit(i32::try_from(want).unwrap_or(i32::MAX));
            if let Some(filter) = filter_expression(filter) {
                query = query.filter_expression(filter.expression);
                for (name, attribute) in filter.names {
                    query = query.expression_attribute_names(name, attribute);
                }
                for (name, value) in filter.values {
                    query = query.expression_attribute_values(name, value);
                }
            }
            let output = query.send().await.map_err(classify)?;
            evaluated += usize::try_from(output.scanned_count).unwrap_or(0);
            for item in output.items.unwrap_or_default() {
                let position = position_of(&item)?;
                page.events.push(event_of(&item)?);
                page.last_position = position;
                if page.events.len() == limit {
                    break;
                }
            }
            match output.last_evaluated_key {
                Some(key) if page.events.len() < limit => {
                    page.last_position = page.last_position.max(position_of(&key)?);
                }
                Some(_) => {}
                None if page.events.len() < limit => page.last_position = head.position,
                None => {}
            }
            if evaluated >= MAX_EVENTS_EVALUATED {
                break;
            }
        }
        page.has_more = page.last_position < head.position;
        Ok(page)
    }

    /// A deal's field history, newest first: the entries of versions below `before` (all when
    /// `None`), at most `limit`. One strongly consistent Query.
    pub async fn deal_changes(
        &self,
        tenant: &str,
        deal_id: &str,
        before: Option<u64>,
        limit: usize,
    ) -> Result<Vec<(u64, Value)>, StoreError> {
        let last = before.map_or(u64::MAX, |version| version.saturating_sub(1));
        let output = self
            .query_range(
                tenant,
                keys::deal_change(deal_id, 0),
                keys::deal_change(deal_id, last),
            )
            .consistent_read(true)
            .scan_index_forward(false)
            .limit(i32::try_from(limit).unwrap_or(i32::MAX))
            .send()
            .await
            .map_err(classify)?;
        output
            .items
            .unwrap_or_default()
            .iter()
            .map(|item| {
                let change = json_of(item, CHANGE)?;
                let version = change.get("version").and_then(Value::as_u64).unwrap_or(0);
                Ok((version, change))
            })
            .collect()
    }
}

/// A FilterExpression with the names and values it uses (DynamoDB refuses unused ones).
struct Filter {
    expression: String,
    names: Vec<(&'static str, &'static str)>,
    values: Vec<(String, AttributeValue)>,
}

fn filter_expression(filter: &EventFilter) -> Option<Filter> {
    if filter.is_empty() {
        return None;
    }
    let mut conditions = Vec::new();
    let mut names = Vec::new();
    let mut values = Vec::new();
    if let Some(types) = &filter.types {
        names.push(("#type", EVENT_TYPE));
        let mut any = Vec::new();
        for (index, pattern) in types.patterns().iter().enumerate() {
            let name = format!(":type{index}");
            match pattern.strip_suffix('*') {
                Some(prefix) => {
                    any.push(format!("begins_with(#type, {name})"));
                    values.push((name, s(prefix.to_owned())));
                }
                None => {
                    any.push(format!("#type = {name}"));
                    values.push((name, s(pattern.clone())));
                }
            }
        }
        conditions.push(format!("({})", any.join(" OR ")));
    }
    if let Some(object_id) = &filter.object_id {
        names.push(("#object_id", OBJECT_ID));
        conditions.push("#object_id = :object_id".to_owned());
        values.push((":object_id".to_owned(), s(object_id.clone())));
    }
    if let Some(app) = &filter.app_id {
        names.push(("#object", OBJECT));
        names.push(("#app", APP_ID));
        conditions.push("#object = :deal AND #app = :app".to_owned());
        values.push((":deal".to_owned(), s("deal".to_owned())));
        values.push((":app".to_owned(), s(app.clone())));
    }
    Some(Filter {
        expression: conditions.join(" AND "),
        names,
        values,
    })
}

/// An event's JSON as the feed keeps it and deliveries send it.
pub fn event_json(event: &Event) -> Result<String, StoreError> {
    let mut json = serde_json::to_value(event).map_err(internal)?;
    let text = json.to_string();
    if text.len() <= MAX_EVENT_BYTES {
        return Ok(text);
    }
    if let Value::Object(fields) = &mut json {
        fields.insert("data".into(), Value::Null);
        fields.insert("data_omitted".into(), Value::Bool(true));
    }
    Ok(json.to_string())
}

fn event_item(
    tenant: &str,
    position: u64,
    event: &Event,
    now_unix: i64,
) -> Result<Item, StoreError> {
    let json = event_json(event)?;
    let mut item = Item::from([
        (keys::PK.into(), s(keys::tenant(tenant))),
        (keys::SK.into(), s(keys::event(position))),
        (POSITION.into(), n(position)),
        (EVENT.into(), s(json)),
        (EVENT_TYPE.into(), s(event.event_type.clone())),
        (OBJECT.into(), s(event.object.to_owned())),
        (OBJECT_ID.into(), s(event.object_id.clone())),
        (
            keys::EXPIRES_AT.into(),
            AttributeValue::N((now_unix + EVENT_RETENTION_SECONDS).to_string()),
        ),
    ]);
    if let Some(app) = &event.app_id {
        item.insert(APP_ID.into(), s(app.clone()));
    }
    Ok(item)
}

fn change_item(
    tenant: &str,
    deal_id: &str,
    change: &crate::events::DealChange,
) -> Result<Item, StoreError> {
    let mut json = serde_json::to_value(change).map_err(internal)?;
    if json.to_string().len() > MAX_EVENT_BYTES {
        if let Value::Object(fields) = &mut json {
            fields.insert("changes".into(), Value::Array(Vec::new()));
            fields.insert("changes_omitted".into(), Value::Bool(true));
        }
    }
    Ok(Item::from([
        (keys::PK.into(), s(keys::tenant(tenant))),
        (
            keys::SK.into(),
            s(keys::deal_change(deal_id, change.version)),
        ),
        (CHANGE.into(), s(json.to_string())),
    ]))
}

fn position_of(item: &Item) -> Result<u64, StoreError> {
    item.get(keys::SK)
        .and_then(|value| value.as_s().ok())
        .and_then(|sk| sk.strip_prefix(keys::EVENT_PREFIX))
        .and_then(|position| position.parse().ok())
        .ok_or_else(|| internal("an event item without its position"))
}

fn event_of(item: &Item) -> Result<Value, StoreError> {
    json_of(item, EVENT)
}

fn json_of(item: &Item, attribute: &str) -> Result<Value, StoreError> {
    serde_json::from_str(super::required_text(item, attribute)?).map_err(internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_numbers_compare_as_numbers() {
        let head = FeedHead {
            position: 3,
            sequence: Some("900".into()),
        };
        assert!(head.has_seen("900"));
        assert!(head.has_seen("899"));
        assert!(!head.has_seen("1000"));
        assert!(!FeedHead::default().has_seen("1"));
        let padded = FeedHead {
            position: 1,
            sequence: Some("000000000000000000009".into()),
        };
        assert!(padded.has_seen("8") && !padded.has_seen("000000000000000000010"));
    }
}
