//! Deals by the batch: new deals stored several to a transaction, their numbers reserved with
//! one counter update and what they add to the aggregates and to the records' counts merged
//! per item; deals read by id with one BatchGetItem.

use std::collections::{BTreeMap, HashMap, HashSet};

use aws_sdk_dynamodb::types::TransactWriteItem;

use super::item::{deal_from_item, deal_item, number_reservation};
use crate::model::{self, Deal};
use crate::records::{deal_refs, RecordRef};
use crate::store::aggregates::Deltas;
use crate::store::{item_size, keys, put_new, s, Item, Read, Store, StoreError};

/// What one TransactWriteItems may hold: 100 actions and 4 MB (of which this much is left to
/// the deals' items, the rest to keys, updates and the request's own envelope).
const MAX_TRANSACTION_ACTIONS: usize = 100;
const MAX_TRANSACTION_ITEM_BYTES: usize = 3 * 1024 * 1024;

/// New deals that go into one transaction, and what it adds to the aggregates and counts.
#[derive(Default)]
struct Chunk {
    /// Positions among the deals given.
    members: Vec<usize>,
    /// Per deal its item and its number's reservation.
    puts: Vec<TransactWriteItem>,
    bytes: usize,
    deltas: Deltas,
    /// How many of the chunk's deals refer to each record.
    refs: BTreeMap<RecordRef, i64>,
}

impl Chunk {
    /// How many actions the transaction takes with `deal` added, and the chunk's changes with it.
    fn with(
        &self,
        store: &Store,
        tenant: &str,
        deal: &Deal,
    ) -> Result<(usize, Deltas, BTreeMap<RecordRef, i64>), StoreError> {
        let mut deltas = self.deltas.clone();
        deltas.count(deal, 1);
        let mut refs = self.refs.clone();
        for record in deal_refs(deal) {
            *refs.entry(record).or_default() += 1;
        }
        let aggregates = deltas.transact_items(store, tenant)?.0.len();
        let actions = 2 * (self.members.len() + 1) + aggregates + refs.len();
        Ok((actions, deltas, refs))
    }

    fn transact_items(
        self,
        store: &Store,
        tenant: &str,
    ) -> Result<Vec<TransactWriteItem>, StoreError> {
        let mut items = self.puts;
        items.extend(self.deltas.transact_items(store, tenant)?.0);
        for (record, count) in &self.refs {
            items.push(store.add_to_count(tenant, record, keys::DEAL_REFS, *count)?);
        }
        Ok(items)
    }
}

/// What a new deal adds to besides itself: its stage's and its owner's aggregates, the records
/// it names.
fn footprint(deal: &Deal) -> (&str, Option<&str>, Option<&str>, Option<&str>) {
    (
        &deal.stage,
        deal.owner_id.as_deref(),
        deal.account_id.as_deref(),
        deal.primary_contact_id.as_deref(),
    )
}

impl Store {
    /// Stores new deals of one tenant as [`Store::insert_deal`] stores each, in fewer calls: the
    /// deals without a number get consecutive ones from one counter update, then as many deals
    /// as fit go into each transaction (their items, their numbers' reservations, one update
    /// per aggregate item and one count per record they name, summed; deals alike kept
    /// together), one transaction after another, since they share the aggregate items.
    ///
    /// A transaction that fails (a chosen number taken, a record or stage gone meanwhile) wrote
    /// nothing: its deals are then stored one by one by [`Store::insert_deal`], each getting
    /// its own answer. So are, after the transactions, the deals a transaction could not take:
    /// one naming a record `exists` does not know (it would fail the others' transaction), one
    /// whose number an earlier deal of the batch holds, one too large to store. Once DynamoDB
    /// is unavailable, every deal not stored yet is [`StoreError::Unavailable`]. Errs only
    /// before anything is written.
    pub async fn insert_deals(
        &self,
        deals: &mut [Deal],
        year: i32,
        exists: impl Fn(&RecordRef) -> bool,
    ) -> Result<Vec<Result<(), StoreError>>, StoreError> {
        let Some(tenant) = deals.first().map(|deal| deal.tenant_id.clone()) else {
            return Ok(Vec::new());
        };
        let mut alone: Vec<bool> = deals
            .iter()
            .map(|deal| deal.tenant_id != tenant || !deal_refs(deal).iter().all(&exists))
            .collect();
        let numbered = self.number(deals, &alone, &tenant, year).await?;
        // In input order, so that of two deals with one number the first gets it.
        let mut numbers = HashSet::new();
        let mut prepared = Vec::new();
        for (index, (deal, alone)) in deals.iter().zip(alone.iter_mut()).enumerate() {
            if *alone {
                continue;
            }
            let item = deal_item(deal)
                .ok()
                .filter(|_| numbers.insert(deal.deal_number.clone()));
            match item {
                Some(item) => prepared.push((deal, index, item)),
                None => *alone = true,
            }
        }
        // Deals that touch the same aggregate and record items side by side: each transaction
        // then holds fewer of those, and more deals.
        prepared.sort_by_key(|(deal, _, _)| footprint(deal));
        let mut chunks: Vec<Chunk> = Vec::new();
        let mut current = Chunk::default();
        let mut too_large = Vec::new();
        for (deal, index, item) in prepared {
            let bytes = item_size(&item);
            let mut grown = current.with(self, &tenant, deal)?;
            if grown.0 > MAX_TRANSACTION_ACTIONS
                || current.bytes + bytes > MAX_TRANSACTION_ITEM_BYTES
            {
                chunks.push(std::mem::take(&mut current));
                grown = current.with(self, &tenant, deal)?;
            }
            let (actions, deltas, refs) = grown;
            if actions > MAX_TRANSACTION_ACTIONS {
                too_large.push(index);
                continue;
            }
            current.members.push(index);
            current.puts.push(put_new(&self.table, item)?);
            current
                .puts
                .push(put_new(&self.table, number_reservation(deal))?);
            current.bytes += bytes;
            current.deltas = deltas;
            current.refs = refs;
        }
        if !current.members.is_empty() {
            chunks.push(current);
        }
        for index in too_large {
            if let Some(alone) = alone.get_mut(index) {
                *alone = true;
            }
        }
        let mut planned = Vec::with_capacity(chunks.len());
        for chunk in chunks {
            let members = chunk.members.clone();
            planned.push((members, chunk.transact_items(self, &tenant)?));
        }

        let mut inserted: Vec<Option<Result<(), StoreError>>> =
            deals.iter().map(|_| None).collect();
        // Once DynamoDB is unavailable, the deals not yet stored are answered so at once
        // rather than each waiting out its own retries.
        let mut down: Option<String> = None;
        for (members, items) in planned {
            let refused = match &down {
                Some(reason) => Some(StoreError::Unavailable(reason.clone())),
                None => self.transact(items).await.err().map(|refused| {
                    match (refused.failed.is_empty(), refused.error) {
                        (true, StoreError::Unavailable(reason)) => {
                            down = Some(reason.clone());
                            StoreError::Unavailable(reason)
                        }
                        (_, error) => error,
                    }
                }),
            };
            for index in members {
                let outcome = match &refused {
                    None => Ok(()),
                    Some(StoreError::Unavailable(reason)) => {
                        Err(StoreError::Unavailable(reason.clone()))
                    }
                    Some(_) => {
                        let server_numbered = numbered.get(index).copied().unwrap_or(false);
                        match deals.get_mut(index) {
                            Some(deal) => {
                                self.insert_unless_down(deal, year, server_numbered, &mut down)
                                    .await
                            }
                            None => continue,
                        }
                    }
                };
                if let Some(slot) = inserted.get_mut(index) {
                    *slot = Some(outcome);
                }
            }
        }
        for (index, deal) in deals.iter_mut().enumerate() {
            if alone.get(index).copied().unwrap_or(false) {
                let server_numbered = numbered.get(index).copied().unwrap_or(false);
                let outcome = self
                    .insert_unless_down(deal, year, server_numbered, &mut down)
                    .await;
                if let Some(slot) = inserted.get_mut(index) {
                    *slot = Some(outcome);
                }
            }
        }
        Ok(inserted
            .into_iter()
            .map(|outcome| {
                outcome.unwrap_or_else(|| {
                    Err(StoreError::Internal(
                        "a deal of the batch was not stored".into(),
                    ))
                })
            })
            .collect())
    }

    /// Gives each deal that has no number and goes into a transaction the next of the tenant's
    /// numbers, all reserved with one counter update; answers which deals got one.
    async fn number(
        &self,
        deals: &mut [Deal],
        alone: &[bool],
        tenant: &str,
        year: i32,
    ) -> Result<Vec<bool>, StoreError> {
        let numbered: Vec<bool> = deals
            .iter()
            .zip(alone)
            .map(|(deal, alone)| !alone && deal.deal_number.is_empty())
            .collect();
        let count = numbered.iter().filter(|numbered| **numbered).count() as u64;
        if count == 0 {
            return Ok(numbered);
        }
        let last = self.reserve_deal_numbers(tenant, year, count).await?;
        let mut next = (last + 1).saturating_sub(count);
        for (deal, numbered) in deals.iter_mut().zip(&numbered) {
            if *numbered {
                deal.deal_number = model::format_deal_number(year, next);
                next += 1;
            }
        }
        Ok(numbered)
    }

    /// [`Store::insert_alone`], unless DynamoDB was found unavailable (`down`) already; notes
    /// when it is.
    async fn insert_unless_down(
        &self,
        deal: &mut Deal,
        year: i32,
        server_numbered: bool,
        down: &mut Option<String>,
    ) -> Result<(), StoreError> {
        if let Some(reason) = down {
            return Err(StoreError::Unavailable(reason.clone()));
        }
        let outcome = self.insert_alone(deal, year, server_numbered).await;
        if let Err(StoreError::Unavailable(reason)) = &outcome {
            *down = Some(reason.clone());
        }
        outcome
    }

    /// One deal stored by itself, as a single create stores it. A number the server gave it
    /// that turns out to be taken (a client chose it) is given up for the next free one.
    async fn insert_alone(
        &self,
        deal: &mut Deal,
        year: i32,
        server_numbered: bool,
    ) -> Result<(), StoreError> {
        match self.insert_deal(deal, year, None).await {
            Err(StoreError::DealNumberTaken) if server_numbered => {
                deal.deal_number.clear();
                self.insert_deal(deal, year, None).await
            }
            other => other,
        }
    }

    /// The live deals of the tenant with these ids, by id: strongly consistent, one
    /// BatchGetItem per 100 distinct ids.
    pub async fn get_deals(
        &self,
        tenant: &str,
        ids: &[&str],
    ) -> Result<HashMap<String, Deal>, StoreError> {
        let mut sort_keys: Vec<String> = ids.iter().map(|id| keys::deal(id)).collect();
        sort_keys.sort();
        sort_keys.dedup();
        let item_keys: Vec<Item> = sort_keys
            .into_iter()
            .map(|sort_key| {
                Item::from([
                    (keys::PK.into(), s(keys::tenant(tenant))),
                    (keys::SK.into(), s(sort_key)),
                ])
            })
            .collect();
        let mut found = HashMap::new();
        for item in self.batch_get_keys_read(item_keys, Read::Strong).await? {
            let deal = deal_from_item(item)?;
            found.insert(deal.id.clone(), deal);
        }
        Ok(found)
    }
}
