//! Writing deals: the create transaction with its number, conditional rewrites, soft deletes,
//! and the transaction items they are made of.

use aws_sdk_dynamodb::types::{Delete, Put, TransactWriteItem};

use super::item::{deal_item, history_item, number_reservation};
use super::lifecycle::tombstone_item;
use crate::model::{self, AuditEntry, Deal};
use crate::records::{deal_refs, RecordRef};
use crate::store::aggregates::Deltas;
use crate::store::{
    classify, internal, is_conditional_check_failure, keys, n, put_new, s, IdempotencyClaim, Item,
    Store, StoreError,
};

/// A deal write's condition: the stored deal is still at `expected`, the version it was read at.
macro_rules! if_version {
    ($builder:expr, $expected:expr) => {
        $builder
            .condition_expression("#version = :expected")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":expected", n($expected))
    };
}

/// How many server-chosen deal numbers a create tries before giving up (they can collide only
/// with numbers clients chose themselves).
const DEAL_NUMBER_ATTEMPTS: usize = 5;

impl Store {
    /// Stores a new deal, reserves its number and counts it on every record it refers to, in one
    /// transaction (which fails if a referenced record does not exist). A deal without a number
    /// gets the tenant's next one for `year`.
    pub async fn insert_deal(
        &self,
        deal: &mut Deal,
        year: i32,
        claim: Option<&IdempotencyClaim>,
    ) -> Result<(), StoreError> {
        if !deal.deal_number.is_empty() {
            return self.insert_with_number(deal, claim).await;
        }
        for _ in 0..DEAL_NUMBER_ATTEMPTS {
            let sequence = self.next_deal_number(&deal.tenant_id, year).await?;
            deal.deal_number = model::format_deal_number(year, sequence);
            match self.insert_with_number(deal, claim).await {
                Err(StoreError::DealNumberTaken) => {
                    self.skip_taken_numbers(&deal.tenant_id, year, sequence)
                        .await?
                }
                other => return other,
            }
        }
        // Only numbers taken concurrently, again and again, by clients choosing their own.
        Err(StoreError::VersionConflict)
    }

    async fn insert_with_number(
        &self,
        deal: &Deal,
        claim: Option<&IdempotencyClaim>,
    ) -> Result<(), StoreError> {
        let tenant = &deal.tenant_id;
        let mut write = DealTransaction::default();
        // A new deal's id is new: its put cannot fail.
        write.own(
            put_new(&self.table, deal_item(deal)?)?,
            StoreError::AlreadyExists,
        );
        write.own(
            put_new(&self.table, number_reservation(deal))?,
            StoreError::DealNumberTaken,
        );
        if let Some(claim) = claim {
            write.own(
                self.claim_item(tenant, claim, &deal.id)?,
                StoreError::IdempotencyKeyTaken,
            );
        }
        write.change_aggregates(self, tenant, &Deltas::of_write(None, Some(deal)))?;
        write.count(self, tenant, deal_refs(deal).into_iter().map(|r| (r, 1)))?;
        self.commit(tenant, write).await
    }

    /// Writes a changed deal over `before`, the version it was read at. A soft-deleted deal moves
    /// to its tombstone (which expires when it can no longer be restored). When the records it refers to or what it adds to the aggregates change,
    /// the counts and sums move with it in one transaction (failing on a record that does not
    /// exist); otherwise it is one conditional PutItem.
    pub async fn save_deal(&self, deal: &Deal, before: &Deal) -> Result<(), StoreError> {
        let old_refs = deal_refs(before);
        let new_refs = deal_refs(deal);
        let added: Vec<RecordRef> = new_refs
            .iter()
            .filter(|r| !old_refs.contains(r))
            .cloned()
            .collect();
        let removed: Vec<RecordRef> = old_refs
            .iter()
            .filter(|r| !new_refs.contains(r))
            .cloned()
            .collect();
        let moved = moved_to_history(deal, before);
        let aggregates = Deltas::of_write(Some(before), Some(deal));
        if !deal.is_deleted
            && aggregates.is_empty()
            && added.is_empty()
            && removed.is_empty()
            && moved.is_empty()
        {
            return self.replace_deal(deal, before.version).await;
        }
        let tenant = &deal.tenant_id;
        let mut write = DealTransaction::default();
        if deal.is_deleted {
            write.own(
                self.delete_if_version(deal, before.version)?,
                StoreError::VersionConflict,
            );
            write.push(put(&self.table, tombstone_item(deal)?)?);
        } else {
            write.own(
                self.put_if_version(deal, before.version)?,
                StoreError::VersionConflict,
            );
        }
        for (seq, entry) in moved {
            write.push(put(&self.table, history_item(deal, seq, entry)?)?);
        }
        write.change_aggregates(self, tenant, &aggregates)?;
        let counts = added.into_iter().map(|r| (r, 1));
        write.count(
            self,
            tenant,
            counts.chain(removed.into_iter().map(|r| (r, -1))),
        )?;
        self.commit(tenant, write).await
    }

    async fn replace_deal(&self, deal: &Deal, expected_version: u64) -> Result<(), StoreError> {
        let put = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(deal_item(deal)?));
        let result = if_version!(put, expected_version).send().await;
        match result {
            Ok(_) => Ok(()),
            Err(error) if is_conditional_check_failure(&error) => Err(StoreError::VersionConflict),
            Err(error) => Err(classify(error)),
        }
    }

    pub(super) fn put_if_version(
        &self,
        deal: &Deal,
        expected: u64,
    ) -> Result<TransactWriteItem, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(deal_item(deal)?));
        let put = if_version!(put, expected).build().map_err(internal)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    pub(super) fn delete_if_version(
        &self,
        deal: &Deal,
        expected: u64,
    ) -> Result<TransactWriteItem, StoreError> {
        let delete = Delete::builder()
            .table_name(&self.table)
            .key(keys::PK, s(keys::tenant(&deal.tenant_id)))
            .key(keys::SK, s(keys::deal(&deal.id)));
        let delete = if_version!(delete, expected).build().map_err(internal)?;
        Ok(TransactWriteItem::builder().delete(delete).build())
    }
}

/// A deal write's transaction: the deal's own items (each with what a failed condition on it
/// means), what the write changes in the aggregates, and the counts of the records it names.
/// [`Store::commit`] sends it and explains a refusal by the item that failed.
#[derive(Default)]
pub(super) struct DealTransaction {
    items: Vec<TransactWriteItem>,
    /// What a failed condition means, by the item's position.
    refusals: Vec<(usize, StoreError)>,
    /// The stages deals enter (which must exist and not be closing), by their item's position.
    entering: Vec<(usize, String)>,
    /// The records counted up (which must exist), by their item's position.
    counted: Vec<(usize, RecordRef)>,
}

impl DealTransaction {
    /// An item whose condition, if it fails, is `refused`.
    pub(super) fn own(&mut self, item: TransactWriteItem, refused: StoreError) {
        self.refusals.push((self.items.len(), refused));
        self.items.push(item);
    }

    /// An item without a condition.
    pub(super) fn push(&mut self, item: TransactWriteItem) {
        self.items.push(item);
    }

    pub(super) fn change_aggregates(
        &mut self,
        store: &Store,
        tenant: &str,
        deltas: &Deltas,
    ) -> Result<(), StoreError> {
        let (items, entering) = deltas.transact_items(store, tenant)?;
        let first = self.items.len();
        self.entering.extend(
            entering
                .into_iter()
                .map(|(index, stage)| (first + index, stage)),
        );
        self.items.extend(items);
        Ok(())
    }

    /// Adds each delta to its record's count of deals; counting up fails on a missing record.
    pub(super) fn count(
        &mut self,
        store: &Store,
        tenant: &str,
        deltas: impl IntoIterator<Item = (RecordRef, i64)>,
    ) -> Result<(), StoreError> {
        for (record, delta) in deltas {
            let item = store.add_to_count(tenant, &record, keys::DEAL_REFS, delta)?;
            if delta > 0 {
                self.counted.push((self.items.len(), record));
            }
            self.items.push(item);
        }
        Ok(())
    }
}

impl Store {
    /// Writes `write` in one transaction. Refused, the cause is the first of: a deal item's own
    /// condition (a version, a number, an idempotency key), a stage entered that is gone or
    /// closing, the records counted up that do not exist.
    pub(super) async fn commit(
        &self,
        tenant: &str,
        write: DealTransaction,
    ) -> Result<(), StoreError> {
        let Err(refused) = self.transact(write.items).await else {
            return Ok(());
        };
        if let Some((_, error)) = write
            .refusals
            .into_iter()
            .find(|(index, _)| refused.at(*index))
        {
            return Err(error);
        }
        if let Some((_, stage)) = write.entering.iter().find(|(index, _)| refused.at(*index)) {
            return Err(self.stage_refusal(tenant, stage).await);
        }
        let missing: Vec<RecordRef> = write
            .counted
            .into_iter()
            .filter(|(index, _)| refused.at(*index))
            .map(|(_, record)| record)
            .collect();
        Err(match missing.is_empty() {
            true => refused.error,
            false => StoreError::MissingRecords(missing),
        })
    }
}

/// The audit entries an update moved out of the deal's inline log, with their sequence numbers.
pub(super) fn moved_to_history<'a>(deal: &Deal, before: &'a Deal) -> Vec<(u64, &'a AuditEntry)> {
    let count = deal.audit_offset.saturating_sub(before.audit_offset);
    before
        .audit_log
        .iter()
        .take(usize::try_from(count).unwrap_or(usize::MAX))
        .enumerate()
        .map(|(index, entry)| (before.audit_offset + index as u64, entry))
        .collect()
}

pub(super) fn put(table: &str, item: Item) -> Result<TransactWriteItem, StoreError> {
    let put = Put::builder()
        .table_name(table)
        .set_item(Some(item))
        .build()
        .map_err(internal)?;
    Ok(TransactWriteItem::builder().put(put).build())
}
