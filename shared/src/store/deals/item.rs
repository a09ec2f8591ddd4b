//! How a deal is stored: its item with the keys derived from it, and back; the items of its
//! moved audit entries and of its number reservation.

use aws_sdk_dynamodb::types::AttributeValue;
use serde::de::DeserializeOwned;

use crate::model::{AuditEntry, Deal};
use crate::query::SortField;
use crate::store::{
    item_size, keys, n, s, without_empty_attributes, Item, StoreError, MAX_ITEM_BYTES,
};

const PROBABILITY_IS_MANUAL: &str = "probability_is_manual";
const AUDIT_OFFSET: &str = "audit_offset";
const SEQ: &str = "seq";
/// On the survivor's item as a merge writes it: the absorbed deal's id.
pub(super) const MERGED_FROM: &str = "merged_from";
/// The orders that have an index of their own (created_at is the deal id's).
const SORTED_BY_INDEX: [SortField; 5] = [
    SortField::Name,
    SortField::Value,
    SortField::UpdatedAt,
    SortField::ExpectedCloseDate,
    SortField::Probability,
];

/// The stored form of a deal: its fields without nulls and empty collections, plus the keys
/// derived from it. Index keys exist only for live deals, each only when the deal has the value.
pub(super) fn deal_item(deal: &Deal) -> Result<Item, StoreError> {
    let mut item: Item = serde_dynamo::to_item(deal)
        .map_err(|error| StoreError::Internal(format!("cannot encode deal: {error}").into()))?;
    without_empty_attributes(&mut item);
    if deal.probability_is_manual {
        item.insert(PROBABILITY_IS_MANUAL.into(), AttributeValue::Bool(true));
    }
    if deal.audit_offset > 0 {
        item.insert(AUDIT_OFFSET.into(), n(deal.audit_offset));
    }
    let size = item_size(&item);
    if size > MAX_ITEM_BYTES {
        return Err(StoreError::ItemTooLarge(size));
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
    for field in SORTED_BY_INDEX {
        if let (Some(attribute), Some(key)) = (keys::sort_attribute(field), field.key(deal)) {
            item.insert(attribute.into(), s(key));
        }
    }
    Ok(item)
}

/// The deal an item stores. Each field is taken out of the item and decoded on its own, as
/// `serde_dynamo` decodes it within the whole `Deal` (a field the `Deal` defaults may be absent,
/// any other must be there), without first copying the item into `serde_dynamo`'s own map;
/// attributes that are not fields (keys, index keys) are dropped.
pub(in crate::store) fn deal_from_item(mut item: Item) -> Result<Deal, StoreError> {
    let manual = matches!(
        item.get(PROBABILITY_IS_MANUAL),
        Some(AttributeValue::Bool(true))
    );
    let audit_offset = number_of(&item, AUDIT_OFFSET);
    let merged_from = optional(&mut item, MERGED_FROM)?;
    let item = &mut item;
    let mut deal = Deal {
        id: field(item, "id")?,
        tenant_id: field(item, "tenant_id")?,
        app_id: optional(item, "app_id")?,
        deal_number: field(item, "deal_number")?,
        name: field(item, "name")?,
        account_id: optional(item, "account_id")?,
        owner_id: optional(item, "owner_id")?,
        pipeline_id: field(item, "pipeline_id")?,
        stage: field(item, "stage")?,
        value: field(item, "value")?,
        currency: field(item, "currency")?,
        probability: optional(item, "probability")?,
        forecast_category: optional(item, "forecast_category")?,
        expected_close_date: optional(item, "expected_close_date")?,
        actual_close_date: optional(item, "actual_close_date")?,
        next_followup_date: optional(item, "next_followup_date")?,
        deal_type: optional(item, "deal_type")?,
        deal_source: optional(item, "deal_source")?,
        competitors: optional(item, "competitors")?,
        loss_reason: optional(item, "loss_reason")?,
        loss_category: optional(item, "loss_category")?,
        closure_notes: optional(item, "closure_notes")?,
        primary_contact_id: optional(item, "primary_contact_id")?,
        contact_ids: optional(item, "contact_ids")?,
        rfp_record_id: optional(item, "rfp_record_id")?,
        quote_ids: optional(item, "quote_ids")?,
        proposal_ids: optional(item, "proposal_ids")?,
        attachment_refs: optional(item, "attachment_refs")?,
        linked_task_ids: optional(item, "linked_task_ids")?,
        custom_fields: optional(item, "custom_fields")?,
        tags: optional(item, "tags")?,
        audit_log: optional(item, "audit_log")?,
        stage_entered_at: optional(item, "stage_entered_at")?,
        source: field(item, "source")?,
        source_type: field(item, "source_type")?,
        created_at: field(item, "created_at")?,
        updated_at: field(item, "updated_at")?,
        created_by: field(item, "created_by")?,
        updated_by: field(item, "updated_by")?,
        is_deleted: optional(item, "is_deleted")?,
        deleted_at: optional(item, "deleted_at")?,
        deleted_by: optional(item, "deleted_by")?,
        merged_into: optional(item, "merged_into")?,
        schema_version: field(item, "schema_version")?,
        version: field(item, "version")?,
        probability_is_manual: manual,
        audit_offset,
        merged_from,
    };
    if deal.stage_entered_at.is_empty() {
        // Stored before deals kept it: their last stage change, or their creation.
        deal.stage_entered_at = deal
            .audit_log
            .last()
            .map_or_else(|| deal.created_at.clone(), |entry| entry.at.clone());
    }
    Ok(deal)
}

/// A field every stored deal has.
fn field<T: DeserializeOwned>(item: &mut Item, name: &str) -> Result<T, StoreError> {
    match item.remove(name) {
        Some(value) => decode(name, value),
        None => Err(StoreError::Internal(
            format!("cannot decode stored deal: missing field `{name}`").into(),
        )),
    }
}

/// A field that is not stored when it is null or empty: its default then.
fn optional<T: DeserializeOwned + Default>(item: &mut Item, name: &str) -> Result<T, StoreError> {
    item.remove(name)
        .map_or_else(|| Ok(T::default()), |value| decode(name, value))
}

fn decode<T: DeserializeOwned>(name: &str, value: AttributeValue) -> Result<T, StoreError> {
    serde_dynamo::from_attribute_value(value).map_err(|error| {
        StoreError::Internal(format!("cannot decode stored deal: `{name}`: {error}").into())
    })
}

/// The item that holds a deal's number for it.
pub(super) fn number_reservation(deal: &Deal) -> Item {
    Item::from([
        (keys::PK.into(), s(keys::tenant(&deal.tenant_id))),
        (keys::SK.into(), s(keys::deal_number(&deal.deal_number))),
        ("deal_id".into(), s(deal.id.clone())),
    ])
}

/// An audit entry moved out of the deal's inline log, as sequence number `seq`.
pub(super) fn history_item(deal: &Deal, seq: u64, entry: &AuditEntry) -> Result<Item, StoreError> {
    let mut item: Item = serde_dynamo::to_item(entry).map_err(|error| {
        StoreError::Internal(format!("cannot encode audit entry: {error}").into())
    })?;
    item.insert(keys::PK.into(), s(keys::tenant(&deal.tenant_id)));
    item.insert(keys::SK.into(), s(keys::history(&deal.id, seq)));
    item.insert(SEQ.into(), n(seq));
    Ok(item)
}

pub(super) fn history_entry_from_item(item: Item) -> Result<(u64, AuditEntry), StoreError> {
    let seq = number_of(&item, SEQ);
    let entry: AuditEntry = serde_dynamo::from_item(item).map_err(|error| {
        StoreError::Internal(format!("cannot decode audit entry: {error}").into())
    })?;
    Ok((seq, entry))
}

fn number_of(item: &Item, name: &str) -> u64 {
    item.get(name)
        .and_then(|value| value.as_n().ok())
        .and_then(|value| value.parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::SourceType;

    const INDEX_ATTRIBUTES: [&str; 11] = [
        keys::STAGE_PK,
        keys::STAGE_SK,
        keys::OWNER_PK,
        keys::OWNER_SK,
        keys::ACCOUNT_PK,
        keys::ACCOUNT_SK,
        "sort_name",
        "sort_value",
        "sort_updated",
        "sort_close",
        "sort_probability",
    ];

    fn minimal_deal() -> Deal {
        let fields = json!({
            "id": "deal_01J0000000000000000000000A", "tenant_id": "t1",
            "deal_number": "DEAL-2026-00001", "name": "Minimal", "pipeline_id": "default",
            "stage": "lead", "value": 0, "currency": "EUR", "source": "edm",
            "source_type": "api", "created_at": "2026-03-01T10:00:00.000Z",
            "stage_entered_at": "2026-03-01T10:00:00.000Z",
            "updated_at": "2026-03-01T10:00:00.000Z", "created_by": "usr-1",
            "updated_by": "usr-1", "schema_version": 1, "version": 1,
        });
        serde_json::from_value(fields).expect("a minimal deal")
    }

    /// Every field set, none to its default.
    fn full_deal() -> Deal {
        let text = |value: &str| Some(value.to_owned());
        let list = |values: &[&str]| values.iter().map(|v| (*v).to_owned()).collect();
        let custom = json!({"region": "EMEA", "score": 7.5, "nested": {"flags": [true, 3]}});
        Deal {
            app_id: text("app-1"),
            name: "Full".into(),
            account_id: text("acc-1"),
            owner_id: text("usr-2"),
            stage: "proposal".into(),
            value: serde_json::Number::from_f64(12500.25).expect("a finite number"),
            currency: "USD".into(),
            probability: Some(40.into()),
            forecast_category: text("commit"),
            expected_close_date: text("2026-06-30"),
            actual_close_date: text("2026-07-01"),
            next_followup_date: text("2026-04-01T09:30:00.000Z"),
            deal_type: text("new"),
            deal_source: text("referral"),
            competitors: list(&["Acme"]),
            loss_reason: text("price"),
            loss_category: text("budget"),
            closure_notes: text("notes"),
            primary_contact_id: text("con-1"),
            contact_ids: list(&["con-1", "con-2"]),
            rfp_record_id: text("rfp-1"),
            quote_ids: list(&["q-1"]),
            proposal_ids: list(&["p-1"]),
            attachment_refs: list(&["a-1"]),
            linked_task_ids: list(&["task-1"]),
            custom_fields: custom.as_object().cloned().unwrap_or_default(),
            tags: list(&["big", "q2"]),
            audit_log: vec![AuditEntry {
                from: "lead".into(),
                to: "proposal".into(),
                at: "2026-03-02T10:00:00.000Z".into(),
                by: "usr-2".into(),
            }],
            source: "crm".into(),
            source_type: SourceType::Frontend,
            deleted_at: text("2026-03-03T10:00:00.000Z"),
            deleted_by: text("usr-3"),
            merged_into: text("deal_01J0000000000000000000000B"),
            version: 9,
            probability_is_manual: true,
            audit_offset: 3,
            stage_entered_at: "2026-03-02T10:00:00.000Z".into(),
            ..minimal_deal()
        }
    }

    fn text_of<'a>(item: &'a Item, name: &str) -> Option<&'a str> {
        item.get(name)
            .and_then(|value| value.as_s().ok())
            .map(String::as_str)
    }

    fn round_trip(deal: &Deal) -> Deal {
        deal_from_item(deal_item(deal).expect("encodes")).expect("decodes")
    }

    #[test]
    fn a_full_and_a_minimal_deal_read_back_as_they_were_written() {
        for deal in [full_deal(), minimal_deal()] {
            assert_eq!(round_trip(&deal), deal);
        }
    }

    /// How a deal was decoded before fields were taken out one by one: the whole item through
    /// `serde_dynamo`.
    fn decoded_whole(item: Item) -> Result<Deal, String> {
        let manual = matches!(
            item.get(PROBABILITY_IS_MANUAL),
            Some(AttributeValue::Bool(true))
        );
        let audit_offset = number_of(&item, AUDIT_OFFSET);
        let mut deal: Deal = serde_dynamo::from_item(item).map_err(|error| error.to_string())?;
        deal.probability_is_manual = manual;
        deal.audit_offset = audit_offset;
        Ok(deal)
    }

    #[test]
    fn a_deal_decodes_field_by_field_as_it_did_whole() {
        let deleted = Deal {
            is_deleted: true,
            ..full_deal()
        };
        let whole_number = Deal {
            value: 12500.into(),
            probability: Some(serde_json::Number::from_f64(33.5).expect("finite")),
            ..full_deal()
        };
        for deal in [full_deal(), minimal_deal(), deleted, whole_number] {
            let item = deal_item(&deal).expect("encodes");
            let decoded = deal_from_item(item.clone()).expect("decodes");
            assert_eq!(Ok(&decoded), decoded_whole(item).as_ref());
            // The same JSON (numbers keep their kind, integer or not); a stored map's keys come
            // back in no particular order, on either path.
            assert_eq!(
                serde_json::to_value(&decoded).expect("serializes"),
                serde_json::to_value(&deal).expect("serializes")
            );
        }
        // Nulls written by hand, as older items may hold: read as absent by both.
        let mut item = deal_item(&minimal_deal()).expect("encodes");
        for name in [
            "account_id",
            "probability",
            "tags",
            "custom_fields",
            "is_deleted",
        ] {
            item.insert(name.into(), AttributeValue::Null(true));
        }
        assert_eq!(deal_from_item(item.clone()).ok(), decoded_whole(item).ok());
    }

    #[test]
    fn an_item_without_a_required_field_or_with_a_mistyped_one_is_refused_by_both() {
        for (name, value) in [
            ("name", None),
            ("version", None),
            ("source_type", None),
            ("value", Some(AttributeValue::S("12".into()))),
            ("tags", Some(AttributeValue::S("x".into()))),
            ("source_type", Some(AttributeValue::S("fax".into()))),
        ] {
            let mut item = deal_item(&full_deal()).expect("encodes");
            match value {
                Some(value) => item.insert(name.into(), value),
                None => item.remove(name),
            };
            assert!(decoded_whole(item.clone()).is_err(), "{name}");
            assert!(
                matches!(deal_from_item(item), Err(StoreError::Internal(_))),
                "{name}"
            );
        }
    }

    #[test]
    fn nulls_and_empty_collections_are_not_stored() {
        let item = deal_item(&minimal_deal()).expect("encodes");
        for absent in [
            "account_id",
            "probability",
            "competitors",
            "custom_fields",
            "audit_log",
        ] {
            assert!(!item.contains_key(absent), "{absent} stored");
        }
        assert!(item.values().all(|value| !value.is_null()));
    }

    #[test]
    fn a_live_deal_has_every_index_key_it_has_a_value_for() {
        let item = deal_item(&full_deal()).expect("encodes");
        assert_eq!(text_of(&item, keys::PK), Some("TENANT#t1"));
        let deal_key = "DEAL#deal_01J0000000000000000000000A";
        assert_eq!(text_of(&item, keys::SK), Some(deal_key));
        for attribute in INDEX_ATTRIBUTES {
            assert!(item.contains_key(attribute), "{attribute} missing");
        }
        assert_eq!(
            text_of(&item, keys::STAGE_PK),
            Some("TENANT#t1#STAGE#proposal")
        );
        assert_eq!(
            text_of(&item, keys::OWNER_PK),
            Some("TENANT#t1#OWNER#usr-2")
        );
        assert_eq!(
            text_of(&item, keys::ACCOUNT_PK),
            Some("TENANT#t1#ACCOUNT#acc-1")
        );
        for sort_key in [keys::STAGE_SK, keys::OWNER_SK, keys::ACCOUNT_SK] {
            assert_eq!(text_of(&item, sort_key), Some(deal_key));
        }
    }

    #[test]
    fn a_deal_without_owner_or_account_has_no_keys_of_their_indexes() {
        let item = deal_item(&minimal_deal()).expect("encodes");
        let absent = [
            keys::OWNER_PK,
            keys::OWNER_SK,
            keys::ACCOUNT_PK,
            keys::ACCOUNT_SK,
        ];
        for attribute in INDEX_ATTRIBUTES {
            assert_eq!(
                item.contains_key(attribute),
                !absent.contains(&attribute),
                "{attribute}"
            );
        }
    }

    #[test]
    fn a_deleted_deal_is_a_tombstone_without_index_keys() {
        let deal = Deal {
            is_deleted: true,
            ..full_deal()
        };
        let item = deal_item(&deal).expect("encodes");
        assert_eq!(
            text_of(&item, keys::SK),
            Some("DELETED#DEAL#deal_01J0000000000000000000000A")
        );
        for attribute in INDEX_ATTRIBUTES {
            assert!(!item.contains_key(attribute), "{attribute} on a tombstone");
        }
        assert_eq!(round_trip(&deal), deal);
    }

    #[test]
    fn a_manual_probability_and_the_audit_offset_are_stored_only_when_set() {
        for (manual, offset) in [(false, 0), (true, 0), (false, 21), (true, 21)] {
            let deal = Deal {
                probability_is_manual: manual,
                audit_offset: offset,
                ..full_deal()
            };
            let item = deal_item(&deal).expect("encodes");
            let stored = |name: &str| item.get(name).cloned();
            let flag = manual.then_some(AttributeValue::Bool(true));
            assert_eq!(stored(PROBABILITY_IS_MANUAL), flag);
            assert_eq!(stored(AUDIT_OFFSET), (offset > 0).then(|| n(offset)));
            let read = round_trip(&deal);
            assert_eq!(
                (read.probability_is_manual, read.audit_offset),
                (manual, offset)
            );
        }
    }

    #[test]
    fn a_deal_past_the_item_size_limit_is_refused() {
        let sized = |bytes: usize| Deal {
            closure_notes: Some("x".repeat(bytes)),
            ..minimal_deal()
        };
        let Err(StoreError::ItemTooLarge(size)) = deal_item(&sized(MAX_ITEM_BYTES)) else {
            panic!("a deal of {MAX_ITEM_BYTES} bytes of notes was stored");
        };
        let fitting = MAX_ITEM_BYTES - (size - MAX_ITEM_BYTES);
        assert!(deal_item(&sized(fitting)).is_ok());
        assert!(matches!(
            deal_item(&sized(fitting + 1)),
            Err(StoreError::ItemTooLarge(size)) if size == MAX_ITEM_BYTES + 1
        ));
    }

    #[test]
    fn a_moved_audit_entry_reads_back_with_its_sequence_number() {
        let deal = full_deal();
        let item = history_item(&deal, 17, &deal.audit_log[0]).expect("encodes");
        assert_eq!(
            text_of(&item, keys::SK),
            Some("HISTORY#deal_01J0000000000000000000000A#00000000000000000017")
        );
        let (seq, entry) = history_entry_from_item(item).expect("decodes");
        assert_eq!((seq, &entry), (17, &deal.audit_log[0]));
    }

    #[test]
    fn a_number_reservation_names_its_deal() {
        let item = number_reservation(&full_deal());
        assert_eq!(text_of(&item, keys::PK), Some("TENANT#t1"));
        assert_eq!(
            text_of(&item, keys::SK),
            Some("DEAL_NUMBER#DEAL-2026-00001")
        );
        assert_eq!(
            text_of(&item, "deal_id"),
            Some("deal_01J0000000000000000000000A")
        );
    }
}
