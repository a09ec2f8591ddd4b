//! A deal's tombstone and the writes that leave it: the tombstone's TTL, a restore (tombstone
//! to live deal) and a merge (one deal absorbing another), each one transaction with the
//! aggregates and the records' counts, made of the same pieces as the other deal writes.

use std::collections::BTreeMap;

use aws_sdk_dynamodb::types::{Delete, Put, TransactWriteItem};

use super::item::{deal_item, history_item, MERGED_FROM};
use super::writes::{moved_to_history, put, DealTransaction};
use crate::lifecycle::{restorable_until, Merge};
use crate::model::Deal;
use crate::records::{deal_refs, RecordRef};
use crate::store::aggregates::Deltas;
use crate::store::{internal, keys, n, put_new, s, Item, Read, Store, StoreError};

/// A tombstone's stored form: the deal's item under `DELETED#DEAL#`, expiring (DynamoDB's TTL
/// on [`keys::EXPIRES_AT`]) when it stops being restorable. A merged deal's tombstone never
/// expires: its id goes on answering the survivor.
pub(super) fn tombstone_item(deal: &Deal) -> Result<Item, StoreError> {
    let mut item = deal_item(deal)?;
    let expires = deal
        .deleted_at
        .as_deref()
        .and_then(restorable_until)
        .and_then(|at| u64::try_from(at).ok());
    if let (None, Some(expires)) = (&deal.merged_into, expires) {
        item.insert(keys::EXPIRES_AT.into(), n(expires));
    }
    Ok(item)
}

/// Whether an item's TTL has passed at `now` (Unix seconds). DynamoDB deletes expired items
/// lazily, so an expired item may still be read.
fn expired(item: &Item, now: i64) -> bool {
    item.get(keys::EXPIRES_AT)
        .and_then(|value| value.as_n().ok())
        .and_then(|value| value.parse::<i64>().ok())
        .is_some_and(|expires| expires <= now)
}

impl Store {
    /// A deal's tombstone (one strongly consistent GetItem), unless there is none or its TTL
    /// has passed at `now` (Unix seconds).
    pub async fn get_tombstone(
        &self,
        tenant: &str,
        id: &str,
        now: i64,
    ) -> Result<Option<Deal>, StoreError> {
        self.get_tenant_item(tenant, keys::deleted_deal(id), Read::Strong)
            .await?
            .filter(|item| !expired(item, now))
            .map(super::deal_from_item)
            .transpose()
    }

    /// Brings `deal` back from `tombstone`, the version it was read at: in one transaction the
    /// tombstone is deleted (on that version), the live item put as new, the audit entries the
    /// restore moved out of the inline log written, the deal counted in the aggregates again
    /// and on every record it refers to (failing on a record that does not exist).
    pub async fn restore_deal(&self, deal: &Deal, tombstone: &Deal) -> Result<(), StoreError> {
        let tenant = &deal.tenant_id;
        let remove_tombstone = Delete::builder()
            .table_name(&self.table)
            .key(keys::PK, s(keys::tenant(tenant)))
            .key(keys::SK, s(keys::deleted_deal(&tombstone.id)))
            .condition_expression("#version = :expected")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":expected", n(tombstone.version))
            .build()
            .map_err(internal)?;
        let mut write = DealTransaction::default();
        write.own(
            TransactWriteItem::builder()
                .delete(remove_tombstone)
                .build(),
            StoreError::VersionConflict,
        );
        write.own(
            put_new(&self.table, deal_item(deal)?)?,
            StoreError::VersionConflict,
        );
        for (seq, entry) in moved_to_history(deal, tombstone) {
            write.push(put(&self.table, history_item(deal, seq, entry)?)?);
        }
        write.change_aggregates(self, tenant, &Deltas::of_write(Some(tombstone), Some(deal)))?;
        write.count(self, tenant, deal_refs(deal).into_iter().map(|r| (r, 1)))?;
        self.commit(tenant, write).await
    }

    /// Writes a merge over the two deals as read (`survivor`, `absorbed`), in one transaction:
    /// the survivor on its version (its item marked with the absorbed id, for the change
    /// feed), the absorbed deal's live item deleted on its version and its tombstone put, the
    /// survivor's rewritten history items, one set of aggregate changes for both deals and one
    /// count change per record (DynamoDB takes one action per item in a transaction).
    pub async fn merge_deals(
        &self,
        merge: &Merge,
        survivor: &Deal,
        absorbed: &Deal,
    ) -> Result<(), StoreError> {
        let tenant = &survivor.tenant_id;
        let mut survivor_item = deal_item(&merge.survivor)?;
        if let Some(from) = &merge.survivor.merged_from {
            survivor_item.insert(MERGED_FROM.into(), s(from.clone()));
        }
        let put_survivor = Put::builder()
            .table_name(&self.table)
            .set_item(Some(survivor_item))
            .condition_expression("#version = :expected")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":expected", n(survivor.version))
            .build()
            .map_err(internal)?;
        let mut write = DealTransaction::default();
        write.own(
            TransactWriteItem::builder().put(put_survivor).build(),
            StoreError::VersionConflict,
        );
        write.own(
            self.delete_if_version(absorbed, absorbed.version)?,
            StoreError::VersionConflict,
        );
        write.push(put(&self.table, tombstone_item(&merge.absorbed)?)?);
        for (seq, entry) in &merge.history {
            write.push(put(
                &self.table,
                history_item(&merge.survivor, *seq, entry)?,
            )?);
        }
        let mut deltas = Deltas::of_write(Some(survivor), Some(&merge.survivor));
        deltas.count(absorbed, -1);
        write.change_aggregates(self, tenant, &deltas)?;
        let mut counts: BTreeMap<RecordRef, i64> = BTreeMap::new();
        for (deal, sign) in [(&merge.survivor, 1), (survivor, -1), (absorbed, -1)] {
            for record in deal_refs(deal) {
                *counts.entry(record).or_default() += sign;
            }
        }
        counts.retain(|_, delta| *delta != 0);
        write.count(self, tenant, counts)?;
        self.commit(tenant, write).await
    }
}
