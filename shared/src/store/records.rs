//! Record items (accounts, contacts, users), each carrying the count of live deals that refer
//! to it (`deal_refs`), kept by the deal transactions; an account also counts the contacts that
//! name it (`contact_refs`), kept by the contact writes. Contacts sit in the `by_account` index
//! beside the account's deals (sort key `CONTACT#…` rather than `DEAL#…`).

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{AttributeValue, Delete, KeysAndAttributes, Put, TransactWriteItem};

use super::{
    classify, internal, keys, n, s, without_empty_attributes, Item, Read, Store, StoreError,
};
use crate::pipeline::{Pipeline, DEFAULT_PIPELINE_ID};
use crate::records::{record_version, Record, RecordKind, RecordRef};

/// BatchGetItem takes at most this many keys per call.
const BATCH_GET_LIMIT: usize = 100;
/// Unprocessed keys (throttling) are asked for again at most this many times.
const BATCH_GET_ATTEMPTS: usize = 5;

/// A stored record and how many live deals (and, for an account, contacts) refer to it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRecord {
    pub record: Record,
    pub deal_refs: u64,
    pub contact_refs: u64,
}

/// The account a contact record names, if any.
fn account_of(record: &Record) -> Option<RecordRef> {
    record
        .get("account_id")
        .and_then(serde_json::Value::as_str)
        .map(|id| RecordRef::new(RecordKind::Account, id))
}

impl Store {
    /// One strongly consistent GetItem.
    pub async fn get_record(
        &self,
        tenant: &str,
        record: &RecordRef,
    ) -> Result<Option<StoredRecord>, StoreError> {
        self.get_tenant_item(tenant, keys::record(record.kind, &record.id), Read::Strong)
            .await?
            .map(stored_record)
            .transpose()
    }

    /// How many live deals refer to a record (0 when it does not exist): an eventually
    /// consistent GetItem, for list totals.
    pub async fn deal_refs_of(&self, tenant: &str, record: &RecordRef) -> Result<u64, StoreError> {
        let item = self
            .get_tenant_item(
                tenant,
                keys::record(record.kind, &record.id),
                Read::Eventual,
            )
            .await?;
        Ok(item.map_or(0, |item| {
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
        Ok(self.get_related(tenant, wanted, &[]).await?.0)
    }

    /// Records and pipelines together, in the same BatchGetItem calls: what a page of deals
    /// embeds. A `default` pipeline that is not stored is the built-in one.
    pub async fn get_related(
        &self,
        tenant: &str,
        records: &[RecordRef],
        pipeline_ids: &[&str],
    ) -> Result<(HashMap<RecordRef, Record>, Vec<Pipeline>), StoreError> {
        let mut sort_keys: Vec<String> = records
            .iter()
            .map(|record| keys::record(record.kind, &record.id))
            .chain(pipeline_ids.iter().map(|id| keys::pipeline(id)))
            .collect();
        sort_keys.sort();
        sort_keys.dedup();
        let mut found = HashMap::new();
        let mut pipelines = Vec::new();
        for item in self.batch_get(tenant, &sort_keys).await? {
            let is_pipeline = item
                .get(keys::SK)
                .and_then(|value| value.as_s().ok())
                .is_some_and(|sk| sk.starts_with(keys::PIPELINE_PREFIX));
            if is_pipeline {
                pipelines.push(serde_dynamo::from_item(item).map_err(|error| {
                    StoreError::Internal(format!("cannot decode stored pipeline: {error}").into())
                })?);
            } else {
                let reference = record_ref_of(&item)?;
                found.insert(reference, stored_record(item)?.record);
            }
        }
        if pipeline_ids.contains(&DEFAULT_PIPELINE_ID)
            && !pipelines
                .iter()
                .any(|p: &Pipeline| p.id == DEFAULT_PIPELINE_ID)
        {
            pipelines.push(Pipeline::built_in_default());
        }
        Ok((found, pipelines))
    }

    /// The items of the tenant with these sort keys that exist (eventually consistent).
    pub(super) async fn batch_get(
        &self,
        tenant: &str,
        sort_keys: &[String],
    ) -> Result<Vec<Item>, StoreError> {
        let keys: Vec<Item> = sort_keys
            .iter()
            .map(|sk| {
                Item::from([
                    (keys::PK.into(), s(keys::tenant(tenant))),
                    (keys::SK.into(), s(sk.clone())),
                ])
            })
            .collect();
        self.batch_get_keys(keys).await
    }

    /// The items with these keys that exist (eventually consistent), 100 keys per call.
    pub(super) async fn batch_get_keys(&self, keys: Vec<Item>) -> Result<Vec<Item>, StoreError> {
        self.batch_get_keys_read(keys, Read::Eventual).await
    }

    /// [`Store::batch_get_keys`], strongly consistent when asked.
    pub(super) async fn batch_get_keys_read(
        &self,
        keys: Vec<Item>,
        read: Read,
    ) -> Result<Vec<Item>, StoreError> {
        let mut found = Vec::new();
        for chunk in keys.chunks(BATCH_GET_LIMIT) {
            let mut request = Some(
                KeysAndAttributes::builder()
                    .set_keys(Some(chunk.to_vec()))
                    .consistent_read(read == Read::Strong)
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
                found.extend(
                    output
                        .responses
                        .and_then(|mut responses| responses.remove(&self.table))
                        .unwrap_or_default(),
                );
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
            .query_prefix(tenant, keys::record_prefix(kind))
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

    /// Contacts naming an account, from the `by_account` index (where they sit beside the
    /// account's deals, under `CONTACT#` sort keys): at most `limit`.
    pub async fn contacts_of_account(
        &self,
        tenant: &str,
        account_id: &str,
        limit: usize,
    ) -> Result<Vec<StoredRecord>, StoreError> {
        let mut contacts = Vec::new();
        let mut start = None;
        loop {
            let output = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(keys::ACCOUNT_INDEX)
                .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expression_attribute_names("#pk", keys::ACCOUNT_PK)
                .expression_attribute_names("#sk", keys::ACCOUNT_SK)
                .expression_attribute_values(":pk", s(keys::account(tenant, account_id)))
                .expression_attribute_values(
                    ":prefix",
                    s(keys::record_prefix(RecordKind::Contact).into()),
                )
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(classify)?;
            for item in output.items.unwrap_or_default() {
                contacts.push(stored_record(item)?);
            }
            match output.last_evaluated_key {
                Some(key) if contacts.len() < limit => start = Some(key),
                _ => {
                    contacts.truncate(limit);
                    return Ok(contacts);
                }
            }
        }
    }

    /// Writes a record. `previous`: the stored record it replaces (the write then requires that
    /// nothing changed since, its counts included); none: the id must be new. A contact's
    /// account must exist, and is counted (`contact_refs`) in the same transaction, so an
    /// account named by a contact cannot go.
    pub async fn save_record(
        &self,
        tenant: &str,
        kind: RecordKind,
        record: &Record,
        previous: Option<&StoredRecord>,
    ) -> Result<(), StoreError> {
        let id = crate::records::record_id(record);
        let mut item: Item = serde_dynamo::to_item(record).map_err(|error| {
            StoreError::Internal(format!("cannot encode record: {error}").into())
        })?;
        without_empty_attributes(&mut item);
        let reference = RecordRef::new(kind, id);
        item.extend(self.record_key(tenant, &reference));
        let account = if kind == RecordKind::Contact {
            account_of(record)
        } else {
            None
        };
        if let Some(account) = &account {
            item.insert(
                keys::ACCOUNT_PK.into(),
                s(keys::account(tenant, &account.id)),
            );
            item.insert(keys::ACCOUNT_SK.into(), s(keys::record(kind, id)));
        }
        let mut put = Put::builder().table_name(&self.table);
        match previous {
            None => put = put.condition_expression("attribute_not_exists(pk)"),
            Some(previous) => {
                for (name, count) in [
                    (keys::DEAL_REFS, previous.deal_refs),
                    (keys::CONTACT_REFS, previous.contact_refs),
                ] {
                    if count > 0 {
                        item.insert(name.into(), n(count));
                    }
                }
                put = put
                    .condition_expression(
                        "#version = :version AND (#refs = :refs OR (attribute_not_exists(#refs) AND :refs = :zero)) \
                         AND (#contacts = :contacts OR (attribute_not_exists(#contacts) AND :contacts = :zero))",
                    )
                    .expression_attribute_names("#version", "version")
                    .expression_attribute_names("#refs", keys::DEAL_REFS)
                    .expression_attribute_names("#contacts", keys::CONTACT_REFS)
                    .expression_attribute_values(":version", n(record_version(&previous.record)))
                    .expression_attribute_values(":refs", n(previous.deal_refs))
                    .expression_attribute_values(":contacts", n(previous.contact_refs))
                    .expression_attribute_values(":zero", n(0));
            }
        }
        let put = put.set_item(Some(item)).build().map_err(internal)?;
        let mut items = vec![TransactWriteItem::builder().put(put).build()];
        let before = previous
            .filter(|_| kind == RecordKind::Contact)
            .and_then(|previous| account_of(&previous.record));
        let mut counted = None;
        if account != before {
            if let Some(account) = &account {
                counted = Some(items.len());
                items.push(self.add_to_count(tenant, account, keys::CONTACT_REFS, 1)?);
            }
            if let Some(before) = &before {
                items.push(self.add_to_count(tenant, before, keys::CONTACT_REFS, -1)?);
            }
        }
        let Err(refused) = self.transact(items).await else {
            return Ok(());
        };
        if counted.is_some_and(|index| refused.at(index)) {
            return Err(StoreError::MissingRecords(account.into_iter().collect()));
        }
        match (refused.at(0), previous) {
            (true, None) => Err(StoreError::AlreadyExists),
            (true, Some(_)) => Err(StoreError::VersionConflict),
            (false, _) => Err(refused.error),
        }
    }

    /// Deletes a record, read as `stored`, that no live deal (and, for an account, no contact)
    /// refers to; otherwise [`StoreError::Referenced`] with the counts, and nothing is deleted.
    /// A contact's account is counted down in the same transaction.
    pub async fn delete_record(
        &self,
        tenant: &str,
        kind: RecordKind,
        stored: &StoredRecord,
    ) -> Result<(), StoreError> {
        let reference = RecordRef::new(kind, crate::records::record_id(&stored.record));
        let delete = Delete::builder()
            .table_name(&self.table)
            .set_key(Some(self.record_key(tenant, &reference)))
            .condition_expression(
                "#version = :version AND (attribute_not_exists(#refs) OR #refs <= :zero) \
                 AND (attribute_not_exists(#contacts) OR #contacts <= :zero)",
            )
            .expression_attribute_names("#version", "version")
            .expression_attribute_names("#refs", keys::DEAL_REFS)
            .expression_attribute_names("#contacts", keys::CONTACT_REFS)
            .expression_attribute_values(":version", n(record_version(&stored.record)))
            .expression_attribute_values(":zero", n(0))
            .build()
            .map_err(internal)?;
        let mut items = vec![TransactWriteItem::builder().delete(delete).build()];
        if let Some(account) = account_of(&stored.record).filter(|_| kind == RecordKind::Contact) {
            items.push(self.add_to_count(tenant, &account, keys::CONTACT_REFS, -1)?);
        }
        let Err(refused) = self.transact(items).await else {
            return Ok(());
        };
        if !refused.at(0) {
            return Err(refused.error);
        }
        match self.get_record(tenant, &reference).await? {
            None => Err(StoreError::MissingRecords(vec![reference])),
            Some(now) if now.deal_refs > 0 || now.contact_refs > 0 => Err(StoreError::Referenced {
                deals: now.deal_refs,
                contacts: now.contact_refs,
            }),
            Some(_) => Err(StoreError::VersionConflict),
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
        .ok_or_else(|| StoreError::Internal(format!("not a record key: {sk}").into()))
}

pub(super) fn stored_record(mut item: Item) -> Result<StoredRecord, StoreError> {
    let mut count = |name: &str| match item.remove(name) {
        Some(AttributeValue::N(count)) => count.parse::<i64>().unwrap_or(0).max(0).unsigned_abs(),
        _ => 0,
    };
    let deal_refs = count(keys::DEAL_REFS);
    let contact_refs = count(keys::CONTACT_REFS);
    for key in [keys::PK, keys::SK, keys::ACCOUNT_PK, keys::ACCOUNT_SK] {
        item.remove(key);
    }
    let record: Record = serde_dynamo::from_item(item).map_err(|error| {
        StoreError::Internal(format!("cannot decode stored record: {error}").into())
    })?;
    Ok(StoredRecord {
        record,
        deal_refs,
        contact_refs,
    })
}
