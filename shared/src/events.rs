//! Change events: what one accepted write of a deal, pipeline, account, contact or user did,
//! derived from the object before and after it (a DynamoDB Streams record of its item). Pure:
//! the stream consumer (`stream`) decodes the images and stores what this answers.
//!
//! An event's id is derived from the object, its version and what happened to it, so the same
//! write always gives the same id however often its stream record is processed.

use ring::digest;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::Deal;
use crate::pipeline::Pipeline;
use crate::records::{record_id, record_version, with_all_fields, Record, RecordKind};

/// Events are kept this long (the feed's items expire by TTL).
pub const EVENT_RETENTION_SECONDS: i64 = 30 * 24 * 60 * 60;

/// Fields that change on every write, or only with another field: not listed as changes.
const STAMPS: [&str; 4] = ["version", "updated_at", "updated_by", "audit_log"];
/// Fields a deal is created with that its change history does not list as set by the client.
const CREATED_WITHOUT_CHANGE: [&str; 6] = [
    "id",
    "tenant_id",
    "created_at",
    "created_by",
    "schema_version",
    "is_deleted",
];

/// A stored object as its item holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    Deal(Box<Deal>),
    Pipeline(Pipeline),
    Record(RecordKind, Record),
}

impl Object {
    /// The `object` of its events: `deal`, `pipeline`, `account`, `contact`, `user`.
    pub fn name(&self) -> &'static str {
        match self {
            Object::Deal(_) => "deal",
            Object::Pipeline(_) => "pipeline",
            Object::Record(kind, _) => record_object(*kind),
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Object::Deal(deal) => &deal.id,
            Object::Pipeline(pipeline) => &pipeline.id,
            Object::Record(_, record) => record_id(record),
        }
    }

    pub fn version(&self) -> u64 {
        match self {
            Object::Deal(deal) => deal.version,
            Object::Pipeline(pipeline) => pipeline.version,
            Object::Record(_, record) => record_version(record),
        }
    }

    /// Who made its last write, when the object records it (pipelines do not).
    fn actor(&self) -> Option<String> {
        match self {
            Object::Deal(deal) if deal.is_deleted => deal.deleted_by.clone(),
            Object::Deal(deal) => Some(deal.updated_by.clone()),
            Object::Pipeline(_) => None,
            Object::Record(_, record) => text(record, "updated_by"),
        }
    }

    /// When its last write happened.
    fn written_at(&self) -> Option<String> {
        match self {
            Object::Deal(deal) if deal.is_deleted => deal.deleted_at.clone(),
            Object::Deal(deal) => Some(deal.updated_at.clone()),
            Object::Pipeline(pipeline) => pipeline.updated_at.clone(),
            Object::Record(_, record) => text(record, "updated_at"),
        }
    }

    /// The application a deal belongs to; other objects belong to the tenant.
    fn app_id(&self) -> Option<String> {
        match self {
            Object::Deal(deal) => deal.app_id.clone(),
            _ => None,
        }
    }

    /// The object as `GET` shows it (without `included`).
    pub fn data(&self) -> Value {
        match self {
            Object::Deal(deal) => serde_json::to_value(deal).unwrap_or(Value::Null),
            Object::Pipeline(pipeline) => serde_json::to_value(pipeline).unwrap_or(Value::Null),
            Object::Record(kind, record) => Value::Object(with_all_fields(*kind, record.clone())),
        }
    }
}

fn record_object(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Account => "account",
        RecordKind::Contact => "contact",
        RecordKind::User => "user",
    }
}

fn text(record: &Record, name: &str) -> Option<String> {
    record.get(name).and_then(Value::as_str).map(String::from)
}

/// What a stream record says happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemChange {
    Insert,
    Modify,
    Remove,
}

/// What a write did to an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Created,
    Updated,
    StageChanged,
    Deleted,
    /// A soft-deleted deal back in the live set.
    Restored,
    /// A deal that absorbed another (whose tombstone is that one's `deleted`).
    Merged,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Created => "created",
            Kind::Updated => "updated",
            Kind::StageChanged => "stage_changed",
            Kind::Deleted => "deleted",
            Kind::Restored => "restored",
            Kind::Merged => "merged",
        }
    }
}

/// Where a `deal.merged` event's data names the deal the survivor absorbed.
pub const MERGED_FROM: &str = "merged_from";

/// One event, as the feed and webhooks give it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub occurred_at: String,
    pub tenant_id: String,
    pub app_id: Option<String>,
    pub actor: Option<String>,
    pub object: &'static str,
    pub object_id: String,
    pub version: u64,
    pub data: Value,
    pub previous: Map<String, Value>,
}

/// One field a write changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub from: Value,
    pub to: Value,
}

/// One write in a deal's field history (`GET /deals/{id}/changes`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DealChange {
    pub version: u64,
    pub at: String,
    pub actor: Option<String>,
    #[serde(rename = "type")]
    pub change_type: String,
    pub changes: Vec<FieldChange>,
}

/// What one item change means: its event, and for a deal the entry of its field history.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    pub event: Event,
    pub deal_change: Option<DealChange>,
}

/// The event of one item change, if it was an accepted write of an object: `None` for the moves
/// and bookkeeping writes that change no version (counts kept on records, a deal leaving its
/// live item for its deleted one). `stream_time` stands in for when the write happened where the
/// object cannot say (a record's or pipeline's deletion).
pub fn derive(
    tenant: &str,
    change: ItemChange,
    old: Option<Object>,
    new: Option<Object>,
    stream_time: &str,
) -> Option<Derived> {
    let (kind, object, previous) = match (change, old, new) {
        (ItemChange::Insert, _, Some(Object::Deal(deal))) if deal.is_deleted => {
            let mut previous = Map::from_iter([
                ("is_deleted".to_owned(), Value::Bool(false)),
                ("deleted_at".to_owned(), Value::Null),
                ("deleted_by".to_owned(), Value::Null),
            ]);
            if deal.merged_into.is_some() {
                previous.insert("merged_into".to_owned(), Value::Null);
            }
            (Kind::Deleted, Object::Deal(deal), previous)
        }
        (ItemChange::Insert, _, Some(new)) if new.version() <= 1 => {
            (Kind::Created, new, Map::new())
        }
        // A live deal's item made anew past its first version: only a restore does that (its
        // tombstone's removal is no event). The tombstone's deleted_at and deleted_by are not
        // in this image; its `deal.deleted` event has them.
        (ItemChange::Insert, _, Some(Object::Deal(deal))) => {
            let previous = Map::from_iter([("is_deleted".to_owned(), Value::Bool(true))]);
            (Kind::Restored, Object::Deal(deal), previous)
        }
        (ItemChange::Insert, _, Some(new)) => (Kind::Updated, new, Map::new()),
        (ItemChange::Modify, Some(old), Some(new)) if new.version() > old.version() => {
            let previous = changed_fields(&old.data(), &new.data());
            let kind = match (&old, &new) {
                (_, Object::Deal(after)) if after.merged_from.is_some() => Kind::Merged,
                (Object::Deal(before), Object::Deal(after)) if before.stage != after.stage => {
                    Kind::StageChanged
                }
                _ => Kind::Updated,
            };
            (kind, new, previous)
        }
        (ItemChange::Remove, Some(Object::Deal(_)), _) => return None,
        (ItemChange::Remove, Some(old), _) => (Kind::Deleted, old, Map::new()),
        _ => return None,
    };
    let mut data = object.data();
    if let (Object::Deal(deal), Value::Object(fields)) = (&object, &mut data) {
        if let Some(absorbed) = deal.merged_from.as_ref().filter(|_| kind == Kind::Merged) {
            fields.insert(MERGED_FROM.to_owned(), Value::String(absorbed.clone()));
        }
    }
    let event_type = format!("{}.{}", object.name(), kind.name());
    let occurred_at = match kind {
        Kind::Deleted if !matches!(object, Object::Deal(_)) => stream_time.to_owned(),
        _ => object
            .written_at()
            .unwrap_or_else(|| stream_time.to_owned()),
    };
    let actor = match (kind, &object) {
        (Kind::Deleted, Object::Pipeline(_) | Object::Record(..)) => None,
        _ => object.actor(),
    };
    let deal_change = matches!(object, Object::Deal(_)).then(|| DealChange {
        version: object.version(),
        at: occurred_at.clone(),
        actor: actor.clone(),
        change_type: event_type.clone(),
        changes: field_changes(kind, &previous, &data),
    });
    let event = Event {
        id: event_id(tenant, object.name(), object.id(), object.version(), kind),
        event_type,
        occurred_at,
        tenant_id: tenant.to_owned(),
        app_id: object.app_id(),
        actor,
        object: object.name(),
        object_id: object.id().to_owned(),
        version: object.version(),
        data,
        previous,
    };
    Some(Derived { event, deal_change })
}

/// `evt_` and 32 hex digits of a SHA-256 over what the event is of.
pub fn event_id(tenant: &str, object: &str, id: &str, version: u64, kind: Kind) -> String {
    let mut context = digest::Context::new(&digest::SHA256);
    for part in [tenant, object, id, &version.to_string(), kind.name()] {
        context.update(&(part.len() as u64).to_be_bytes());
        context.update(part.as_bytes());
    }
    let hash = context.finish();
    let hex: String = hash
        .as_ref()
        .iter()
        .take(16)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("evt_{hex}")
}

/// Each field whose value differs, with its old value (absent fields count as null).
fn changed_fields(old: &Value, new: &Value) -> Map<String, Value> {
    let (Value::Object(old), Value::Object(new)) = (old, new) else {
        return Map::new();
    };
    let mut previous = Map::new();
    for (field, before) in old {
        if STAMPS.contains(&field.as_str()) {
            continue;
        }
        if new.get(field).unwrap_or(&Value::Null) != before {
            previous.insert(field.clone(), before.clone());
        }
    }
    for field in new.keys() {
        if !old.contains_key(field) && !STAMPS.contains(&field.as_str()) {
            previous.insert(field.clone(), Value::Null);
        }
    }
    previous
}

/// A deal write's changes: each changed field from its old value to its new; on creation, each
/// field given a value.
fn field_changes(kind: Kind, previous: &Map<String, Value>, data: &Value) -> Vec<FieldChange> {
    let now = |field: &str| data.get(field).cloned().unwrap_or(Value::Null);
    if kind == Kind::Created {
        let Value::Object(fields) = data else {
            return Vec::new();
        };
        return fields
            .iter()
            .filter(|(field, value)| {
                !STAMPS.contains(&field.as_str())
                    && !CREATED_WITHOUT_CHANGE.contains(&field.as_str())
                    && !is_empty(value)
            })
            .map(|(field, value)| FieldChange {
                field: field.clone(),
                from: Value::Null,
                to: value.clone(),
            })
            .collect();
    }
    previous
        .iter()
        .map(|(field, from)| FieldChange {
            field: field.clone(),
            from: from.clone(),
            to: now(field),
        })
        .collect()
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(fields) => fields.is_empty(),
        _ => false,
    }
}

/// The event types there are, for validating filters and subscriptions.
pub fn known_types() -> Vec<String> {
    let mut types: Vec<String> = [
        "created",
        "updated",
        "stage_changed",
        "deleted",
        "restored",
        "merged",
    ]
    .iter()
    .map(|kind| format!("deal.{kind}"))
    .collect();
    for object in ["pipeline", "account", "contact", "user"] {
        for kind in ["created", "updated", "deleted"] {
            types.push(format!("{object}.{kind}"));
        }
    }
    types
}

/// Which event types a reader or webhook wants: exact types and `<object>.*` wildcards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeFilter(Vec<String>);

/// At most this many patterns in one filter.
pub const MAX_TYPE_PATTERNS: usize = 20;

impl TypeFilter {
    /// One pattern: a known type or `<object>.*` for an object that has events.
    pub fn check_pattern(pattern: &str) -> Result<(), String> {
        let known = known_types();
        let valid = match pattern.strip_suffix(".*") {
            Some(object) => known
                .iter()
                .any(|name| name.split_once('.').is_some_and(|(o, _)| o == object)),
            None => known.iter().any(|name| name == pattern),
        };
        if valid {
            Ok(())
        } else {
            Err(format!(
                "Unknown event type {pattern:?}: expected one of {} or <object>.*",
                known.join(", ")
            ))
        }
    }

    pub fn new(patterns: Vec<String>) -> Result<Self, String> {
        if patterns.is_empty() {
            return Err("Give at least one event type".into());
        }
        if patterns.len() > MAX_TYPE_PATTERNS {
            return Err(format!("At most {MAX_TYPE_PATTERNS} event types"));
        }
        for pattern in &patterns {
            Self::check_pattern(pattern)?;
        }
        Ok(TypeFilter(patterns))
    }

    /// A comma-separated list, as the `type` query parameter gives it.
    pub fn parse_list(text: &str) -> Result<Self, String> {
        Self::new(text.split(',').map(|part| part.trim().to_owned()).collect())
    }

    pub fn patterns(&self) -> &[String] {
        &self.0
    }

    pub fn matches(&self, event_type: &str) -> bool {
        self.0
            .iter()
            .any(|pattern| match pattern.strip_suffix(".*") {
                Some(object) => event_type.split_once('.').is_some_and(|(o, _)| o == object),
                None => pattern == event_type,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::RecordKind;
    use serde_json::json;

    fn record(version: u64, name: &str, deal_refs_like: Option<u64>) -> Object {
        let mut record = Record::new();
        record.insert("id".into(), json!("acc-1"));
        record.insert("name".into(), json!(name));
        record.insert("version".into(), json!(version));
        record.insert("updated_at".into(), json!("2026-12-01T10:00:00.000Z"));
        record.insert("updated_by".into(), json!("user-1"));
        if let Some(count) = deal_refs_like {
            record.insert("domain".into(), json!(format!("d{count}.example")));
        }
        Object::Record(RecordKind::Account, record)
    }

    #[test]
    fn a_write_that_changes_no_version_makes_no_event() {
        let derived = derive(
            "t",
            ItemChange::Modify,
            Some(record(2, "A", None)),
            Some(record(2, "A", None)),
            "now",
        );
        assert_eq!(derived, None);
    }

    #[test]
    fn an_update_names_each_changed_field_with_its_old_value() {
        let derived = derive(
            "t",
            ItemChange::Modify,
            Some(record(1, "Old", None)),
            Some(record(2, "New", Some(3))),
            "now",
        )
        .expect("an event");
        assert_eq!(derived.event.event_type, "account.updated");
        assert_eq!(derived.event.version, 2);
        assert_eq!(derived.event.actor.as_deref(), Some("user-1"));
        assert_eq!(
            Value::Object(derived.event.previous),
            json!({"name": "Old", "domain": null})
        );
        assert_eq!(derived.deal_change, None);
    }

    #[test]
    fn a_hard_delete_is_an_event_at_the_stream_time_without_actor() {
        let derived = derive(
            "t",
            ItemChange::Remove,
            Some(record(4, "A", None)),
            None,
            "2026-12-01T11:00:00.000Z",
        )
        .expect("an event");
        assert_eq!(derived.event.event_type, "account.deleted");
        assert_eq!(derived.event.occurred_at, "2026-12-01T11:00:00.000Z");
        assert_eq!(derived.event.actor, None);
        assert_eq!(derived.event.version, 4);
    }

    #[test]
    fn ids_depend_on_what_changed_only() {
        let a = event_id("t", "deal", "d1", 3, Kind::Updated);
        assert_eq!(a, event_id("t", "deal", "d1", 3, Kind::Updated));
        assert_ne!(a, event_id("t", "deal", "d1", 4, Kind::Updated));
        assert_ne!(a, event_id("t", "deal", "d1", 3, Kind::Deleted));
        assert_ne!(a, event_id("u", "deal", "d1", 3, Kind::Updated));
        assert!(a.starts_with("evt_") && a.len() == 36);
    }

    fn deal(version: u64) -> Deal {
        serde_json::from_value(json!({
            "id": "deal_01J0000000000000000000000A", "tenant_id": "t", "deal_number": "DEAL-2026-00001",
            "name": "D", "pipeline_id": "default", "stage": "lead", "value": 1, "currency": "EUR",
            "source": "edm", "source_type": "api", "created_at": "2026-12-01T10:00:00.000Z",
            "updated_at": "2026-12-02T10:00:00.000Z", "created_by": "usr-1", "updated_by": "usr-2",
            "schema_version": 1, "version": version,
        }))
        .expect("a deal")
    }

    #[test]
    fn a_live_deal_made_anew_past_its_first_version_is_restored() {
        let derived = derive(
            "t",
            ItemChange::Insert,
            None,
            Some(Object::Deal(Box::new(deal(5)))),
            "now",
        )
        .expect("an event");
        assert_eq!(derived.event.event_type, "deal.restored");
        assert_eq!(
            Value::Object(derived.event.previous),
            json!({"is_deleted": true})
        );
        assert_eq!(derived.event.actor.as_deref(), Some("usr-2"));
        let change = derived.deal_change.expect("a history entry");
        assert_eq!(change.change_type, "deal.restored");
        assert_eq!(change.changes.len(), 1);
    }

    #[test]
    fn the_write_of_a_merge_is_one_merged_event_naming_the_absorbed_deal() {
        let before = deal(2);
        let mut after = deal(3);
        after.tags = vec!["from-b".into()];
        after.merged_from = Some("deal_01J0000000000000000000000B".into());
        let derived = derive(
            "t",
            ItemChange::Modify,
            Some(Object::Deal(Box::new(before))),
            Some(Object::Deal(Box::new(after.clone()))),
            "now",
        )
        .expect("an event");
        assert_eq!(derived.event.event_type, "deal.merged");
        assert_eq!(
            derived.event.data[MERGED_FROM],
            "deal_01J0000000000000000000000B"
        );
        assert_eq!(Value::Object(derived.event.previous), json!({"tags": []}));
        // The survivor's next write drops the mark: an update again.
        let mut next = after.clone();
        next.version = 4;
        next.merged_from = None;
        let derived = derive(
            "t",
            ItemChange::Modify,
            Some(Object::Deal(Box::new(after))),
            Some(Object::Deal(Box::new(next))),
            "now",
        )
        .expect("an event");
        assert_eq!(derived.event.event_type, "deal.updated");
        assert!(derived.event.data.get(MERGED_FROM).is_none());
    }

    #[test]
    fn a_merged_deal_s_tombstone_is_its_deletion() {
        let mut tombstone = deal(4);
        tombstone.is_deleted = true;
        tombstone.deleted_at = Some("2026-12-03T10:00:00.000Z".into());
        tombstone.deleted_by = Some("usr-3".into());
        tombstone.merged_into = Some("deal_01J0000000000000000000000B".into());
        let derived = derive(
            "t",
            ItemChange::Insert,
            None,
            Some(Object::Deal(Box::new(tombstone))),
            "now",
        )
        .expect("an event");
        assert_eq!(derived.event.event_type, "deal.deleted");
        assert_eq!(derived.event.previous["merged_into"], Value::Null);
        assert_eq!(
            derived.event.data["merged_into"],
            "deal_01J0000000000000000000000B"
        );
    }

    #[test]
    fn type_filters_take_types_and_object_wildcards() {
        let filter = TypeFilter::parse_list("deal.*, account.created").expect("valid");
        assert!(filter.matches("deal.stage_changed"));
        assert!(filter.matches("account.created"));
        assert!(!filter.matches("account.updated"));
        assert!(TypeFilter::parse_list("deal.moved").is_err());
        assert!(TypeFilter::parse_list("rfp.*").is_err());
        assert!(TypeFilter::parse_list("").is_err());
        assert!(TypeFilter::parse_list("pipeline.stage_changed").is_err());
        assert!(TypeFilter::parse_list("deal.restored,deal.merged").is_ok());
        assert!(TypeFilter::parse_list("account.merged").is_err());
    }
}
