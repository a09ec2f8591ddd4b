//! Accounts, contacts and users: the tenant's records a deal refers to. One generic shape (a
//! JSON object checked against a field table per kind), so the three share every code path.

use serde_json::{Map, Value};

use crate::auth::Caller;
use crate::clock::Now;
use crate::error::ApiError;
use crate::ids::{self, AccountId, ContactId, UserId};
use crate::model::Deal;
use crate::validation::{create_only, field, Changes, FieldSpec, Rule};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordKind {
    Account,
    Contact,
    User,
}

pub const ACCOUNT_STATUSES: [&str; 5] = ["active", "inactive", "prospect", "customer", "churned"];

const ACCOUNT_FIELDS: &[FieldSpec] = &[
    create_only("id", Rule::PrefixedId(AccountId::PREFIX)),
    field("name", Rule::Required),
    field("status", Rule::OneOf(&ACCOUNT_STATUSES)),
    field("domain", Rule::Domain),
];

const CONTACT_FIELDS: &[FieldSpec] = &[
    create_only("id", Rule::PrefixedId(ContactId::PREFIX)),
    field("first_name", Rule::Required),
    field("last_name", Rule::ShortText),
    field("email", Rule::Email),
    field("account_id", Rule::PrefixedId(AccountId::PREFIX)),
];

const USER_FIELDS: &[FieldSpec] = &[
    create_only("id", Rule::PrefixedId(UserId::PREFIX)),
    field("full_name", Rule::Required),
    field("email", Rule::Email),
];

/// Stamped by the server on every record.
pub const RECORD_SERVER_MANAGED: &[&str] = &[
    "tenant_id",
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
    "version",
];

impl RecordKind {
    pub const ALL: [RecordKind; 3] = [RecordKind::Account, RecordKind::Contact, RecordKind::User];

    /// The id prefix, e.g. `acc-`.
    pub fn id_prefix(self) -> &'static str {
        match self {
            RecordKind::Account => AccountId::PREFIX,
            RecordKind::Contact => ContactId::PREFIX,
            RecordKind::User => UserId::PREFIX,
        }
    }

    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            RecordKind::Account => ACCOUNT_FIELDS,
            RecordKind::Contact => CONTACT_FIELDS,
            RecordKind::User => USER_FIELDS,
        }
    }

    /// How a missing record is named, in 404s and in a deal's validation errors. Accounts are the
    /// "organization" of a deal.
    pub fn not_found(self) -> &'static str {
        match self {
            RecordKind::Account => "Organization not found",
            RecordKind::Contact => "Contact not found",
            RecordKind::User => "User not found",
        }
    }

    /// True for `<prefix><hyphenated uuid>` (see [`ids::prefixed_id`]).
    pub fn is_id(self, id: &str) -> bool {
        ids::prefixed_id(id, self.id_prefix()).is_some()
    }

    /// A new id: the prefix and a time-ordered UUID (v7), so lists come out in creation order.
    pub fn new_id(self) -> String {
        format!("{}{}", self.id_prefix(), uuid::Uuid::now_v7())
    }
}

/// A record as clients see it: every field of its kind (null when unset) and the server stamps.
pub type Record = Map<String, Value>;

/// A new record from validated create fields.
pub fn new_record(kind: RecordKind, changes: &Changes, caller: &Caller, now: &Now) -> Record {
    let mut record = Record::new();
    let id = changes
        .get_str("id")
        .map_or_else(|| kind.new_id(), String::from);
    record.insert("id".into(), Value::String(id));
    for spec in kind.fields().iter().filter(|spec| spec.name != "id") {
        let value = changes.get(spec.name).cloned().unwrap_or(Value::Null);
        record.insert(spec.name.into(), value);
    }
    if kind == RecordKind::Account && record.get("status") == Some(&Value::Null) {
        record.insert("status".into(), Value::String(ACCOUNT_STATUSES[0].into()));
    }
    record.insert("created_at".into(), Value::String(now.timestamp.clone()));
    record.insert("updated_at".into(), Value::String(now.timestamp.clone()));
    record.insert("created_by".into(), Value::String(caller.subject.clone()));
    record.insert("updated_by".into(), Value::String(caller.subject.clone()));
    record.insert("version".into(), Value::from(1));
    record
}

/// The record after a PATCH: only the given fields change, the version goes up by one.
pub fn update_record(current: &Record, changes: &Changes, caller: &Caller, now: &Now) -> Record {
    let mut record = current.clone();
    for (name, value) in &changes.0 {
        record.insert(name.clone(), value.clone());
    }
    let version = record_version(current) + 1;
    record.insert("version".into(), Value::from(version));
    record.insert("updated_at".into(), Value::String(now.timestamp.clone()));
    record.insert("updated_by".into(), Value::String(caller.subject.clone()));
    record
}

pub fn record_version(record: &Record) -> u64 {
    record.get("version").and_then(Value::as_u64).unwrap_or(0)
}

pub fn record_id(record: &Record) -> &str {
    record.get("id").and_then(Value::as_str).unwrap_or_default()
}

/// Fills the fields a stored record lacks (nulls are not stored) so every answer has one shape.
pub fn with_all_fields(kind: RecordKind, mut record: Record) -> Record {
    for spec in kind.fields() {
        record.entry(spec.name).or_insert(Value::Null);
    }
    record
}

/// A record a deal refers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordRef {
    pub kind: RecordKind,
    pub id: String,
}

impl RecordRef {
    pub fn new(kind: RecordKind, id: &str) -> Self {
        RecordRef {
            kind,
            id: id.to_owned(),
        }
    }
}

/// Every distinct record a live deal refers to; a deleted deal refers to none.
pub fn deal_refs(deal: &Deal) -> Vec<RecordRef> {
    if deal.is_deleted {
        return Vec::new();
    }
    let mut refs: Vec<RecordRef> = deal
        .account_id
        .iter()
        .map(|id| RecordRef::new(RecordKind::Account, id))
        .chain(
            deal.owner_id
                .iter()
                .map(|id| RecordRef::new(RecordKind::User, id)),
        )
        .chain(
            deal.primary_contact_id
                .iter()
                .chain(&deal.contact_ids)
                .map(|id| RecordRef::new(RecordKind::Contact, id)),
        )
        .collect();
    refs.sort();
    refs.dedup();
    refs
}

/// The validation error for references that do not exist, one detail per deal field naming one.
pub fn missing_references(deal: &Deal, missing: &[RecordRef]) -> ApiError {
    let is_missing =
        |kind: RecordKind, id: &String| missing.iter().any(|r| r.kind == kind && &r.id == id);
    let fields: [(&str, RecordKind, Vec<&String>); 4] = [
        (
            "account_id",
            RecordKind::Account,
            deal.account_id.iter().collect(),
        ),
        (
            "primary_contact_id",
            RecordKind::Contact,
            deal.primary_contact_id.iter().collect(),
        ),
        (
            "contact_ids",
            RecordKind::Contact,
            deal.contact_ids.iter().collect(),
        ),
        ("owner_id", RecordKind::User, deal.owner_id.iter().collect()),
    ];
    let details = fields
        .iter()
        .filter(|(_, kind, ids)| ids.iter().any(|id| is_missing(*kind, id)))
        .map(|(field, kind, _)| crate::error::FieldError::new(*field, kind.not_found()))
        .collect();
    ApiError::validation(details)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_carry_their_kind() {
        for kind in RecordKind::ALL {
            let id = kind.new_id();
            assert!(kind.is_id(&id), "{id}");
        }
        assert!(!RecordKind::Account.is_id("con-0190f5a4-2b7c-7c3e-9f1a-1234567890ab"));
        assert!(!RecordKind::User.is_id("usr-1"));
    }
}
