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
        let mut items = vec![
            put_new(&self.table, deal_item(deal)?)?,
            put_new(&self.table, number_reservation(deal))?,
        ];
        let mut claimed = None;
        if let Some(claim) = claim {
            claimed = Some(items.len());
            items.push(self.claim_item(tenant, claim, &deal.id)?);
        }
        let (aggregates, entering) =
            Deltas::of_write(None, Some(deal)).transact_items(self, tenant)?;
        let first_aggregate = items.len();
        items.extend(aggregates);
        let first_reference = items.len();
        let added = deal_refs(deal);
        for record in &added {
            items.push(self.add_to_count(tenant, record, keys::DEAL_REFS, 1)?);
        }
        if let Err(refused) = self.transact(items).await {
            return Err(if claimed.is_some_and(|index| refused.at(index)) {
                StoreError::IdempotencyKeyTaken
            } else if let Some((_, stage)) = entering
                .iter()
                .find(|(index, _)| refused.at(first_aggregate + index))
            {
                self.stage_refusal(tenant, stage).await
            } else if let Some(missing) = refused.missing_records(first_reference, &added) {
                missing
            } else if refused.at(1) {
                StoreError::DealNumberTaken
            } else {
                refused.error
            });
        }
        Ok(())
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
        let mut items = Vec::new();
        if deal.is_deleted {
            items.push(self.delete_if_version(deal, before.version)?);
            items.push(put(&self.table, tombstone_item(deal)?)?);
        } else {
            items.push(self.put_if_version(deal, before.version)?);
        }
        for (seq, entry) in moved {
            items.push(put(&self.table, history_item(deal, seq, entry)?)?);
        }
        let (aggregate_items, entering) = aggregates.transact_items(self, &deal.tenant_id)?;
        let first_aggregate = items.len();
        items.extend(aggregate_items);
        let first_reference = items.len();
        for record in &added {
            items.push(self.add_to_count(&deal.tenant_id, record, keys::DEAL_REFS, 1)?);
        }
        for record in &removed {
            items.push(self.add_to_count(&deal.tenant_id, record, keys::DEAL_REFS, -1)?);
        }
        let Err(refused) = self.transact(items).await else {
            return Ok(());
        };
        if refused.at(0) {
            return Err(StoreError::VersionConflict);
        }
        if let Some((_, stage)) = entering
            .iter()
            .find(|(index, _)| refused.at(first_aggregate + index))
        {
            return Err(self.stage_refusal(&deal.tenant_id, stage).await);
        }
        Err(refused
            .missing_records(first_reference, &added)
            .unwrap_or(refused.error))
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
