//! Bulk import, for the benchmark's data (feature `bulk-import`): many deals without a
//! transaction each.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{PutRequest, WriteRequest};

use super::item::{deal_item, number_reservation};
use crate::model::Deal;
use crate::records::{deal_refs, RecordRef};
use crate::store::aggregates::Deltas;
use crate::store::{classify, internal, keys, n, written, Item, Store, StoreError};

impl Store {
    /// Writes many new deals at once (BatchWriteItem, 25 items a call), for imports and
    /// benchmarks: their numbers are reserved unconditionally, so the caller vouches that they
    /// are free. The stages and records the deals refer to must exist (checked as their counts
    /// go up; store the default pipeline first when they are its stages); the aggregates are
    /// added up once for all of them.
    pub async fn import_deals(&self, tenant: &str, deals: &[Deal]) -> Result<(), StoreError> {
        let mut references: HashMap<RecordRef, u64> = Default::default();
        let mut aggregates = Deltas::default();
        for deal in deals {
            for record in deal_refs(deal) {
                *references.entry(record).or_default() += 1;
            }
            aggregates.count(deal, 1);
        }
        let (updates, _) = aggregates.transact_items(self, tenant)?;
        for chunk in updates.chunks(100) {
            if let Err(refused) = self.transact(chunk.to_vec()).await {
                return Err(if refused.failed.is_empty() {
                    refused.error
                } else {
                    StoreError::MissingStage
                });
            }
        }
        for (record, count) in references {
            let sort_key = keys::record(record.kind, &record.id);
            if !self.add_deal_refs(tenant, sort_key, count).await? {
                return Err(StoreError::MissingRecords(vec![record]));
            }
        }
        let write = |item: Item| -> Result<WriteRequest, StoreError> {
            let put = PutRequest::builder()
                .set_item(Some(item))
                .build()
                .map_err(internal)?;
            Ok(WriteRequest::builder().put_request(put).build())
        };
        // Each deal and the reservation of its number, so that server numbers pass over it.
        let mut all = Vec::with_capacity(deals.len() * 2);
        for deal in deals {
            all.push(write(deal_item(deal)?)?);
            if !deal.deal_number.is_empty() {
                all.push(write(number_reservation(deal))?);
            }
        }
        for chunk in all.chunks(25) {
            let mut requests = chunk.to_vec();
            for _ in 0..10 {
                let output = self
                    .client
                    .batch_write_item()
                    .request_items(&self.table, requests)
                    .send()
                    .await
                    .map_err(classify)?;
                requests = output
                    .unprocessed_items
                    .and_then(|mut rest| rest.remove(&self.table))
                    .unwrap_or_default();
                if requests.is_empty() {
                    break;
                }
            }
            if !requests.is_empty() {
                return Err(StoreError::Unavailable(
                    "BatchWriteItem left items unprocessed".into(),
                ));
            }
        }
        Ok(())
    }

    /// Adds `count` to the live deals a stage or record item counts; `false` when there is no
    /// such item.
    async fn add_deal_refs(
        &self,
        tenant: &str,
        sort_key: String,
        count: u64,
    ) -> Result<bool, StoreError> {
        let result = self
            .update_tenant_item(tenant, sort_key)
            .update_expression("ADD #refs :count")
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_names("#refs", keys::DEAL_REFS)
            .expression_attribute_values(":count", n(count))
            .send()
            .await;
        written(result)
    }
}
