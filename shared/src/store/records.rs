//! Record items (accounts, contacts, users), each carrying the count of live deals that refer
//! to it (`deal_refs`), kept by the deal transactions.

use std::collections::HashMap;

use aws_sdk_dynamodb::operation::delete_item::DeleteItemError;
use aws_sdk_dynamodb::types::{
    AttributeValue, ConditionCheck, KeysAndAttributes, Put, ReturnValuesOnConditionCheckFailure,
    TransactWriteItem,
};

use super::{
    classify, failed_conditions, internal, is_conditional_check_failure, keys, n, s,
    without_empty_attributes, Item, Store, StoreError,
};
use crate::records::{record_version, Record, RecordKind, RecordRef};

/// BatchGetItem takes at most this many keys per call.
const BATCH_GET_LIMIT: usize = 100;
/// Unprocessed keys (throttling) are asked for again at most this many times.
const BATCH_GET_ATTEMPTS: usize = 5;

/// A stored record and how many live deals refer to it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRecord {
    pub record: Record,
    pub deal_refs: u64,
}

impl Store {
    /// One strongly consistent GetItem.
    pub async fn get_record(
        &self,
        tenant: &str,
        record: &RecordRef,
    ) -> Result<Option<StoredRecord>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(self.record_key(tenant, record)))
            .consistent_read(true)
            .send()
            .await
            .map_err(classify)?;
        output.item.map(stored_record).transpose()
    }

    /// How many live deals refer to a record (0 when it does not exist): an eventually
    /// consistent GetItem, for list totals.
    pub async fn deal_refs_of(&self, tenant: &str, record: &RecordRef) -> Result<u64, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(self.record_key(tenant, record)))
            .send()
            .await
            .map_err(classify)?;
        Ok(output.item.map_or(0, |item| {
            stored_record(item).map_or(0, |stored| stored.deal_refs)
        }))
    }

    /// The records that exist among `wanted`, fetched with as few BatchGetItem calls as
    /// possible (100 keys each), duplicates asked for once.
    pub async fn get_records(
        &self,
        tenant: &str,
        wanted: &[RecordRef],
    ) -> Result<HashMap<RecordRef, Record>, StoreError> {
        let mut distinct: Vec<&RecordRef> = wanted.iter().collect();
        distinct.sort();
        distinct.dedup();
        let mut found = HashMap::new();
        for chunk in distinct.chunks(BATCH_GET_LIMIT) {
            let keys: Vec<Item> = chunk.iter().map(|r| self.record_key(tenant, r)).collect();
            let mut request = Some(
                KeysAndAttributes::builder()
                    .set_keys(Some(keys))
                    .build()
                    .map_err(internal)?,
            );
            for _ in 0..BATCH_GET_ATTEMPTS {
                let Some(keys_and_attributes) = request.take() else {
                    break;
                };
                let output = self
                    .client
                    .batch_get_item()
                    .request_items(&self.table, keys_and_attributes)
                    .send()
                    .await
                    .map_err(classify)?;
                let items = output
                    .responses
                    .and_then(|mut responses| responses.remove(&self.table))
                    .unwrap_or_default();
                for item in items {
                    let reference = record_ref_of(&item)?;
                    found.insert(reference, stored_record(item)?.record);
                }
                request = output
                    .unprocessed_keys
                    .and_then(|mut unprocessed| unprocessed.remove(&self.table))
                    .filter(|rest| !rest.keys().is_empty());
            }
            if request.is_some() {
                return Err(StoreError::Unavailable(
                    "BatchGetItem left keys unprocessed".into(),
                ));
            }
        }
        Ok(found)
    }

    /// Records of one kind in id order (time-ordered ids: creation order), after `after`.
    pub async fn list_records(
        &self,
        tenant: &str,
        kind: RecordKind,
        limit: usize,
        after: Option<&str>,
    ) -> Result<(Vec<Record>, Option<String>), StoreError> {
        let start = after.map(|id| self.record_key(tenant, &RecordRef::new(kind, id)));
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_names("#sk", keys::SK)
            .expression_attribute_values(":pk", s(keys::tenant(tenant)))
            .expression_attribute_values(":prefix", s(keys::record_prefix(kind).into()))
            .limit(i32::try_from(limit + 1).unwrap_or(i32::MAX))
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(classify)?;
        let mut records = output
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|item| stored_record(item).map(|stored| stored.record))
            .collect::<Result<Vec<_>, _>>()?;
        let next = if records.len() > limit {
            records.truncate(limit);
            records
                .last()
                .map(|r| crate::records::record_id(r).to_owned())
        } else {
            None
        };
        Ok((records, next))
    }

    /// Writes a record. `previous`: the stored record it replaces (the write then requires that
    /// nothing changed since, its deal count included); none: the id must be new. `requires`: a
    /// record that must exist (a contact's account), checked in the same transaction.
    pub async fn save_record(
        &self,
        tenant: &str,
        kind: RecordKind,
        record: &Record,
        previous: Option<&StoredRecord>,
        requires: Option<&RecordRef>,
    ) -> Result<(), StoreError> {
        let id = crate::records::record_id(record);
        let mut item: Item = serde_dynamo::to_item(record)
            .map_err(|error| StoreError::Internal(format!("cannot encode record: {error}")))?;
        without_empty_attributes(&mut item);
        item.extend(self.record_key(tenant, &RecordRef::new(kind, id)));
        let mut put = Put::builder().table_name(&self.table);
        match previous {
            None => put = put.condition_expression("attribute_not_exists(pk)"),
            Some(previous) => {
                if previous.deal_refs > 0 {
                    item.insert(keys::DEAL_REFS.into(), n(previous.deal_refs));
                }
                put = put
                    .condition_expression(
                        "#version = :version AND (#refs = :refs OR (attribute_not_exists(#refs) AND :refs = :zero))",
                    )
                    .expression_attribute_names("#version", "version")
                    .expression_attribute_names("#refs", keys::DEAL_REFS)
                    .expression_attribute_values(":version", n(record_version(&previous.record)))
                    .expression_attribute_values(":refs", n(previous.deal_refs))
                    .expression_attribute_values(":zero", n(0));
            }
        }
        let put = put.set_item(Some(item)).build().map_err(internal)?;
        let mut items = vec![TransactWriteItem::builder().put(put).build()];
        if let Some(required) = requires {
            let check = ConditionCheck::builder()
                .table_name(&self.table)
                .set_key(Some(self.record_key(tenant, required)))
                .condition_expression("attribute_exists(pk)")
                .build()
                .map_err(internal)?;
            items.push(TransactWriteItem::builder().condition_check(check).build());
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
                match (failed.contains(&1), failed.contains(&0), previous) {
                    (true, _, _) => Err(StoreError::MissingRecords(
                        requires.cloned().into_iter().collect(),
                    )),
                    (false, true, None) => Err(StoreError::AlreadyExists),
                    (false, true, Some(_)) => Err(StoreError::VersionConflict),
                    (false, false, _) => Err(classify(error)),
                }
            }
        }
    }

    /// Deletes a record that no live deal refers to; otherwise [`StoreError::Referenced`] with
    /// the count, and nothing is deleted.
    pub async fn delete_record(&self, tenant: &str, record: &RecordRef) -> Result<(), StoreError> {
        let result = self
            .client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(self.record_key(tenant, record)))
            .condition_expression(
                "attribute_exists(pk) AND (attribute_not_exists(#refs) OR #refs <= :zero)",
            )
            .expression_attribute_names("#refs", keys::DEAL_REFS)
            .expression_attribute_values(":zero", n(0))
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error) if is_conditional_check_failure(&error) => {
                let old_item = match error.as_service_error() {
                    Some(DeleteItemError::ConditionalCheckFailedException(failure)) => {
                        failure.item()
                    }
                    _ => None,
                };
                let old_refs = old_item
                    .and_then(|item| item.get(keys::DEAL_REFS))
                    .and_then(|value| value.as_n().ok())
                    .and_then(|count| count.parse::<u64>().ok());
                match old_refs {
                    Some(count) => Err(StoreError::Referenced(count)),
                    None => Err(StoreError::MissingRecords(vec![record.clone()])),
                }
            }
            Err(error) => Err(classify(error)),
        }
    }
}

fn record_ref_of(item: &Item) -> Result<RecordRef, StoreError> {
    let sk = item
        .get(keys::SK)
        .and_then(|value| value.as_s().ok())
        .ok_or_else(|| StoreError::Internal("record item without sort key".into()))?;
    RecordKind::ALL
        .into_iter()
        .find_map(|kind| {
            sk.strip_prefix(keys::record_prefix(kind))
                .map(|id| RecordRef::new(kind, id))
        })
        .ok_or_else(|| StoreError::Internal(format!("not a record key: {sk}")))
}

fn stored_record(mut item: Item) -> Result<StoredRecord, StoreError> {
    let deal_refs = match item.remove(keys::DEAL_REFS) {
        Some(AttributeValue::N(count)) => count.parse::<i64>().unwrap_or(0).max(0).unsigned_abs(),
        _ => 0,
    };
    item.remove(keys::PK);
    item.remove(keys::SK);
    let record: Record = serde_dynamo::from_item(item)
        .map_err(|error| StoreError::Internal(format!("cannot decode stored record: {error}")))?;
    Ok(StoredRecord { record, deal_refs })
}
