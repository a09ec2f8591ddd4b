//! Deal items: reads, the create transaction, conditional rewrites and soft deletes, lists.

use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, ReturnValue, TransactWriteItem};

use super::IdempotencyClaim;
use super::{
    classify, failed_conditions, internal, is_conditional_check_failure, keys, n, s,
    without_empty_attributes, Item, Position, Read, ReadPlan, ReferenceChanges, Store, StoreError,
};
use crate::model::{self, AuditEntry, Deal};
use crate::query::{DealQuery, SortField};
use crate::records::{deal_refs, RecordKind, RecordRef};

/// A list request may evaluate at most this many items (each billed) before it returns a
/// shorter page and a cursor to continue, so a selective filter never costs an unbounded read.
pub const MAX_ITEMS_EVALUATED_PER_LIST: usize = 1000;
/// How many server-chosen deal numbers a create tries before giving up (they can collide only
/// with numbers clients chose themselves).
const DEAL_NUMBER_ATTEMPTS: usize = 5;
const PROBABILITY_IS_MANUAL: &str = "probability_is_manual";
const AUDIT_OFFSET: &str = "audit_offset";
/// The orders that have an index of their own (created_at is the deal id's).
const SORTED_BY_INDEX: [SortField; 5] = [
    SortField::Name,
    SortField::Value,
    SortField::UpdatedAt,
    SortField::ExpectedCloseDate,
    SortField::Probability,
];

/// Which part of a list to read: after `after`, `skip` matches are passed over (offset
/// pagination), then up to `take` returned. At most `budget` items are evaluated (each is billed,
/// matching or not); when that runs out the page may be short, with a position to continue from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub after: Option<Position>,
    pub skip: usize,
    pub take: usize,
    pub budget: usize,
}

/// A page of deals read through a [`ReadPlan`].
#[derive(Debug, Clone, PartialEq)]
pub struct DealPage {
    pub deals: Vec<Deal>,
    /// Where reading stopped when there may be more: after the last deal returned, or, when the
    /// evaluation budget ran out first, after the last deal evaluated.
    pub next: Option<Position>,
    /// Matches passed over before the page (at most the window's `skip`).
    pub skipped: usize,
}

impl Store {
    /// One strongly consistent GetItem (1 RCU per 4 KB).
    pub async fn get_deal(&self, tenant: &str, id: &str) -> Result<Option<Deal>, StoreError> {
        self.get_tenant_item(tenant, keys::deal(id), Read::Strong)
            .await?
            .map(deal_from_item)
            .transpose()
    }

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

    /// After the counter handed out `taken`, a number some deal already holds (a client chose
    /// it, or an import brought it): reads the reservations from there on (small items, one
    /// Query per 1 MB) to the first free number, and moves the counter just before it, so that
    /// the next number handed out is free.
    async fn skip_taken_numbers(
        &self,
        tenant: &str,
        year: i32,
        taken: u64,
    ) -> Result<(), StoreError> {
        let free = self.first_free_number(tenant, year, taken).await?;
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(keys::PK, s(keys::tenant(tenant)))
            .key(keys::SK, s(keys::deal_number_counter(year)))
            .update_expression("SET #last = :last")
            .condition_expression("#last < :last")
            .expression_attribute_names("#last", "last_value")
            .expression_attribute_values(":last", n(free.saturating_sub(1)))
            .send()
            .await;
        match result {
            // Another request moved the counter as far already.
            Err(error) if is_conditional_check_failure(&error) => Ok(()),
            other => other.map(|_| ()).map_err(classify),
        }
    }

    /// The lowest number from `from` on that no reservation holds. Numbers of one width sort
    /// as text in numeric order; wider ones, which interleave, are passed over and read when
    /// the walk reaches their width.
    async fn first_free_number(
        &self,
        tenant: &str,
        year: i32,
        from: u64,
    ) -> Result<u64, StoreError> {
        let mut expected = from;
        loop {
            let width = model::format_deal_number(year, expected).len();
            // `DEAL-yyyy-` then the digits: the largest number of this width is all nines.
            let digits = u32::try_from(width.saturating_sub(10)).unwrap_or(u32::MAX);
            let largest = 10u64.saturating_pow(digits).saturating_sub(1).max(expected);
            let lower = keys::deal_number(&model::format_deal_number(year, expected));
            let upper = keys::deal_number(&model::format_deal_number(year, largest));
            let mut start = None;
            loop {
                let output = self
                    .client
                    .query()
                    .table_name(&self.table)
                    .key_condition_expression("#pk = :pk AND #sk BETWEEN :from AND :to")
                    .expression_attribute_names("#pk", keys::PK)
                    .expression_attribute_names("#sk", keys::SK)
                    .expression_attribute_values(":pk", s(keys::tenant(tenant)))
                    .expression_attribute_values(":from", s(lower.clone()))
                    .expression_attribute_values(":to", s(upper.clone()))
                    .projection_expression("#sk")
                    .consistent_read(true)
                    .set_exclusive_start_key(start.take())
                    .send()
                    .await
                    .map_err(classify)?;
                for item in output.items.unwrap_or_default() {
                    let number = item
                        .get(keys::SK)
                        .and_then(|value| value.as_s().ok())
                        .and_then(|sk| sk.strip_prefix(keys::DEAL_NUMBER_PREFIX))
                        .filter(|number| number.len() == width)
                        .and_then(model::parse_deal_number);
                    match number {
                        Some((_, sequence)) if sequence == expected => expected += 1,
                        Some((_, sequence)) if sequence > expected => return Ok(expected),
                        _ => {}
                    }
                }
                match output.last_evaluated_key {
                    Some(key) => start = Some(key),
                    None if model::format_deal_number(year, expected).len() == width => {
                        return Ok(expected)
                    }
                    // Every number of this width is taken: go on with the wider ones.
                    None => break,
                }
            }
        }
    }

    async fn insert_with_number(
        &self,
        deal: &Deal,
        claim: Option<&IdempotencyClaim>,
    ) -> Result<(), StoreError> {
        let reservation = number_reservation(deal);
        let mut transaction = self
            .client
            .transact_write_items()
            .transact_items(put_new(&self.table, deal_item(deal)?)?)
            .transact_items(put_new(&self.table, reservation)?);
        if let Some(claim) = claim {
            transaction =
                transaction.transact_items(self.claim_item(&deal.tenant_id, claim, &deal.id)?);
        }
        let stage_index = if claim.is_some() { 3 } else { 2 };
        transaction = transaction.transact_items(self.enter_stage(&deal.tenant_id, &deal.stage)?);
        let references = ReferenceChanges {
            first_index: stage_index + 1,
            added: deal_refs(deal),
        };
        for record in &references.added {
            transaction = transaction.transact_items(self.count_reference(
                &deal.tenant_id,
                record,
                1,
                true,
            )?);
        }
        match transaction.send().await {
            Ok(_) => {
                self.recount(&deal.tenant_id, None, Some(deal)).await;
                Ok(())
            }
            Err(error) => {
                let failed = failed_conditions(&error);
                let missing = references.missing(&failed);
                if claim.is_some() && failed.contains(&2) {
                    Err(StoreError::IdempotencyKeyTaken)
                } else if failed.contains(&stage_index) {
                    Err(self.stage_refusal(&deal.tenant_id, &deal.stage).await)
                } else if !missing.is_empty() {
                    Err(StoreError::MissingRecords(missing))
                } else if failed.contains(&1) {
                    Err(StoreError::DealNumberTaken)
                } else {
                    Err(classify(error))
                }
            }
        }
    }

    /// Atomic per-tenant, per-year counter: one UpdateItem (1 WCU).
    async fn next_deal_number(&self, tenant: &str, year: i32) -> Result<u64, StoreError> {
        let output = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(keys::PK, s(keys::tenant(tenant)))
            .key(keys::SK, s(keys::deal_number_counter(year)))
            .update_expression("ADD #last :one")
            .expression_attribute_names("#last", "last_value")
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(classify)?;
        output
            .attributes
            .as_ref()
            .and_then(|attributes| attributes.get("last_value"))
            .and_then(|value| value.as_n().ok())
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| StoreError::Internal("deal number counter returned no value".into()))
    }

    /// Writes a changed deal over `before`, the version it was read at. A soft-deleted deal moves
    /// to its tombstone. When the records it refers to change, the counts move with it in one
    /// transaction (failing on a record that does not exist); otherwise it is one conditional
    /// PutItem.
    pub async fn save_deal(&self, deal: &Deal, before: &Deal) -> Result<(), StoreError> {
        self.write_deal(deal, before).await?;
        self.recount(&deal.tenant_id, Some(before), Some(deal))
            .await;
        Ok(())
    }

    async fn write_deal(&self, deal: &Deal, before: &Deal) -> Result<(), StoreError> {
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
        let (stage_before, stage_after) = (live_stage(before), live_stage(deal));
        let stage_changed = stage_before != stage_after;
        if !deal.is_deleted
            && !stage_changed
            && added.is_empty()
            && removed.is_empty()
            && moved.is_empty()
        {
            return self.replace_deal(deal, before.version).await;
        }
        let mut items = Vec::new();
        if deal.is_deleted {
            items.push(self.delete_if_version(deal, before.version)?);
            items.push(put(&self.table, deal_item(deal)?)?);
        } else {
            items.push(self.put_if_version(deal, before.version)?);
        }
        for (seq, entry) in moved {
            items.push(put(&self.table, history_item(deal, seq, entry)?)?);
        }
        let mut entered = None;
        if stage_changed {
            if let Some(stage) = stage_before {
                items.push(self.leave_stage(&deal.tenant_id, stage)?);
            }
            if let Some(stage) = stage_after {
                entered = Some((items.len(), stage));
                items.push(self.enter_stage(&deal.tenant_id, stage)?);
            }
        }
        let references = ReferenceChanges {
            first_index: items.len(),
            added,
        };
        for record in &references.added {
            items.push(self.count_reference(&deal.tenant_id, record, 1, true)?);
        }
        for record in &removed {
            items.push(self.count_reference(&deal.tenant_id, record, -1, false)?);
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
                if failed.contains(&0) {
                    return Err(StoreError::VersionConflict);
                }
                if let Some((_, stage)) = entered.filter(|(index, _)| failed.contains(index)) {
                    return Err(self.stage_refusal(&deal.tenant_id, stage).await);
                }
                let missing = references.missing(&failed);
                if missing.is_empty() {
                    Err(classify(error))
                } else {
                    Err(StoreError::MissingRecords(missing))
                }
            }
        }
    }

    async fn replace_deal(&self, deal: &Deal, expected_version: u64) -> Result<(), StoreError> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(deal_item(deal)?))
            .condition_expression("#version = :expected")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":expected", n(expected_version))
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error) if is_conditional_check_failure(&error) => Err(StoreError::VersionConflict),
            Err(error) => Err(classify(error)),
        }
    }

    fn put_if_version(&self, deal: &Deal, expected: u64) -> Result<TransactWriteItem, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(deal_item(deal)?))
            .condition_expression("#version = :expected")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":expected", n(expected))
            .build()
            .map_err(internal)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    fn delete_if_version(
        &self,
        deal: &Deal,
        expected: u64,
    ) -> Result<TransactWriteItem, StoreError> {
        let delete = Delete::builder()
            .table_name(&self.table)
            .key(keys::PK, s(keys::tenant(&deal.tenant_id)))
            .key(keys::SK, s(keys::deal(&deal.id)))
            .condition_expression("#version = :expected")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":expected", n(expected))
            .build()
            .map_err(internal)?;
        Ok(TransactWriteItem::builder().delete(delete).build())
    }

    /// Deals matching `query` in the plan's order, as `window` says.
    pub async fn find_deals(
        &self,
        tenant: &str,
        query: &DealQuery,
        plan: &ReadPlan,
        window: &Window,
    ) -> Result<DealPage, StoreError> {
        let Window {
            after,
            skip,
            take,
            budget,
        } = window;
        let (skip, take, budget) = (*skip, *take, *budget);
        if plan.is_empty() {
            return Ok(DealPage {
                deals: Vec::new(),
                next: None,
                skipped: 0,
            });
        }
        let mut deals = Vec::with_capacity(take + 1);
        let mut skipped = 0;
        let mut start = after
            .as_ref()
            .map(|position| plan.start_key(tenant, position));
        let mut evaluated = 0;
        loop {
            let wanted = skip - skipped + take + 1 - deals.len();
            let page_size = if plan.needs_checking(query) {
                wanted.max(100)
            } else {
                wanted
            };
            let page_size = page_size.min(budget.saturating_sub(evaluated)).max(1);
            let output = plan
                .query(self)
                .limit(i32::try_from(page_size).unwrap_or(i32::MAX))
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(classify)?;
            evaluated += usize::try_from(output.scanned_count).unwrap_or(0);
            for item in output.items.unwrap_or_default() {
                let deal = deal_from_item(item)?;
                if !query.matches(&deal) {
                    continue;
                }
                if skipped < skip {
                    skipped += 1;
                    continue;
                }
                deals.push(deal);
                if deals.len() > take {
                    deals.truncate(take);
                    let next = deals.last().map(|deal| position_after(plan, deal));
                    return Ok(DealPage {
                        deals,
                        next,
                        skipped,
                    });
                }
            }
            let Some(last_key) = output.last_evaluated_key else {
                return Ok(DealPage {
                    deals,
                    next: None,
                    skipped,
                });
            };
            if evaluated >= budget {
                let next = plan.position_of(&last_key);
                return Ok(DealPage {
                    deals,
                    next,
                    skipped,
                });
            }
            start = Some(last_key);
        }
    }

    /// How many deals match, counting at most `budget` evaluated items: `(count, exact)`.
    pub async fn count_deals(
        &self,
        query: &DealQuery,
        plan: &ReadPlan,
        budget: usize,
    ) -> Result<(u64, bool), StoreError> {
        if plan.is_empty() {
            return Ok((0, true));
        }
        let mut count = 0;
        let mut start = None;
        let mut evaluated = 0;
        loop {
            let output = plan
                .query(self)
                .limit(i32::try_from(budget - evaluated).unwrap_or(i32::MAX))
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(classify)?;
            evaluated += usize::try_from(output.scanned_count).unwrap_or(0);
            for item in output.items.unwrap_or_default() {
                if !plan.needs_checking(query) || query.matches(&deal_from_item(item)?) {
                    count += 1;
                }
            }
            match output.last_evaluated_key {
                None => return Ok((count, true)),
                Some(_) if evaluated >= budget => return Ok((count, false)),
                Some(key) => start = Some(key),
            }
        }
    }

    /// Up to `limit` live deals that refer to `record`. Users and accounts are read from their
    /// indexes; contacts have none (a deal lists many), so their deals are found by a filtered
    /// read of the tenant's deals.
    pub async fn deals_referring_to(
        &self,
        tenant: &str,
        record: &RecordRef,
        limit: usize,
    ) -> Result<Vec<Deal>, StoreError> {
        let query = match record.kind {
            RecordKind::User => DealQuery::equal(&[("owner_id", &record.id)]),
            RecordKind::Account => DealQuery::equal(&[("account_id", &record.id)]),
            RecordKind::Contact => DealQuery {
                contact_id: Some(record.id.clone()),
                ..DealQuery::default()
            },
        };
        self.all_deals(tenant, &query, limit).await
    }

    /// Every deal matching `query` (up to `limit`), reading page after page.
    pub async fn all_deals(
        &self,
        tenant: &str,
        query: &DealQuery,
        limit: usize,
    ) -> Result<Vec<Deal>, StoreError> {
        let plan = ReadPlan::new(tenant, query);
        let mut found = Vec::new();
        let mut after: Option<Position> = None;
        loop {
            let window = Window {
                after: after.take(),
                skip: 0,
                take: 100,
                budget: MAX_ITEMS_EVALUATED_PER_LIST,
            };
            let page = self.find_deals(tenant, query, &plan, &window).await?;
            found.extend(page.deals);
            match page.next {
                Some(next) if found.len() < limit => after = Some(next),
                _ => break,
            }
        }
        found.truncate(limit);
        Ok(found)
    }
}

/// The item that holds a deal's number for it.
fn number_reservation(deal: &Deal) -> Item {
    Item::from([
        (keys::PK.into(), s(keys::tenant(&deal.tenant_id))),
        (keys::SK.into(), s(keys::deal_number(&deal.deal_number))),
        ("deal_id".into(), s(deal.id.clone())),
    ])
}

/// The stage a deal counts in: none once deleted.
fn live_stage(deal: &Deal) -> Option<&str> {
    (!deal.is_deleted).then_some(deal.stage.as_str())
}

/// The position just after `deal` in the plan's order.
fn position_after(plan: &ReadPlan, deal: &Deal) -> Position {
    Position {
        deal_id: deal.id.clone(),
        sort_key: plan.sort_field.key(deal),
    }
}

/// The stored form of a deal: its fields without nulls and empty collections, plus the keys
/// derived from it. Index keys exist only for live deals, each only when the deal has the value.
fn deal_item(deal: &Deal) -> Result<Item, StoreError> {
    let mut item: Item = serde_dynamo::to_item(deal)
        .map_err(|error| StoreError::Internal(format!("cannot encode deal: {error}")))?;
    without_empty_attributes(&mut item);
    if deal.probability_is_manual {
        item.insert(PROBABILITY_IS_MANUAL.into(), AttributeValue::Bool(true));
    }
    if deal.audit_offset > 0 {
        item.insert(AUDIT_OFFSET.into(), n(deal.audit_offset));
    }
    let size = super::item_size(&item);
    if size > super::MAX_ITEM_BYTES {
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

fn deal_from_item(item: Item) -> Result<Deal, StoreError> {
    let manual = matches!(
        item.get(PROBABILITY_IS_MANUAL),
        Some(AttributeValue::Bool(true))
    );
    let audit_offset = item
        .get(AUDIT_OFFSET)
        .and_then(|value| value.as_n().ok())
        .and_then(|value| value.parse().ok())
        .unwrap_or(0);
    let mut deal: Deal = serde_dynamo::from_item(item)
        .map_err(|error| StoreError::Internal(format!("cannot decode stored deal: {error}")))?;
    deal.probability_is_manual = manual;
    deal.audit_offset = audit_offset;
    Ok(deal)
}

fn put_new(table: &str, item: Item) -> Result<TransactWriteItem, StoreError> {
    let put = Put::builder()
        .table_name(table)
        .set_item(Some(item))
        .condition_expression("attribute_not_exists(pk)")
        .build()
        .map_err(internal)?;
    Ok(TransactWriteItem::builder().put(put).build())
}

impl Store {
    /// Writes many new deals at once (BatchWriteItem, 25 items a call), for imports and
    /// benchmarks: their numbers are reserved unconditionally, so the caller vouches that they
    /// are free. The stages and records the
    /// deals refer to must exist (checked as their counts go up; store the default pipeline
    /// first when they are its stages) and the tenant counts are adjusted once.
    pub async fn import_deals(&self, tenant: &str, deals: &[Deal]) -> Result<(), StoreError> {
        let mut references: std::collections::HashMap<RecordRef, i64> = Default::default();
        let mut stages: std::collections::HashMap<&str, u64> = Default::default();
        for deal in deals {
            for record in deal_refs(deal) {
                *references.entry(record).or_default() += 1;
            }
            if let Some(stage) = live_stage(deal) {
                *stages.entry(stage).or_default() += 1;
            }
        }
        for (stage, count) in stages {
            let result = self
                .client
                .update_item()
                .table_name(&self.table)
                .key(keys::PK, s(keys::tenant(tenant)))
                .key(keys::SK, s(keys::stage_item(stage)))
                .update_expression("ADD #refs :count")
                .condition_expression("attribute_exists(pk)")
                .expression_attribute_names("#refs", keys::DEAL_REFS)
                .expression_attribute_values(":count", n(count))
                .send()
                .await;
            match result {
                Err(error) if is_conditional_check_failure(&error) => {
                    return Err(StoreError::MissingStage)
                }
                other => {
                    other.map_err(classify)?;
                }
            }
        }
        for (record, count) in &references {
            let update = self.count_reference(tenant, record, *count, true)?;
            let Some(update) = update.update else {
                continue;
            };
            let result = self
                .client
                .update_item()
                .table_name(&self.table)
                .set_key(Some(update.key))
                .update_expression(update.update_expression)
                .set_expression_attribute_names(update.expression_attribute_names)
                .set_expression_attribute_values(update.expression_attribute_values)
                .set_condition_expression(update.condition_expression)
                .send()
                .await;
            match result {
                Err(error) if is_conditional_check_failure(&error) => {
                    return Err(StoreError::MissingRecords(vec![record.clone()]))
                }
                other => {
                    other.map_err(classify)?;
                }
            }
        }
        use aws_sdk_dynamodb::types::{PutRequest, WriteRequest};
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
        self.add_counts(tenant, deals).await
    }
}

/// The audit entries an update moved out of the deal's inline log, with their sequence numbers.
fn moved_to_history<'a>(deal: &Deal, before: &'a Deal) -> Vec<(u64, &'a AuditEntry)> {
    let count = deal.audit_offset.saturating_sub(before.audit_offset);
    before
        .audit_log
        .iter()
        .take(usize::try_from(count).unwrap_or(usize::MAX))
        .enumerate()
        .map(|(index, entry)| (before.audit_offset + index as u64, entry))
        .collect()
}

fn history_item(deal: &Deal, seq: u64, entry: &AuditEntry) -> Result<Item, StoreError> {
    let mut item: Item = serde_dynamo::to_item(entry)
        .map_err(|error| StoreError::Internal(format!("cannot encode audit entry: {error}")))?;
    item.insert(keys::PK.into(), s(keys::tenant(&deal.tenant_id)));
    item.insert(keys::SK.into(), s(keys::history(&deal.id, seq)));
    item.insert("seq".into(), n(seq));
    Ok(item)
}

fn put(table: &str, item: Item) -> Result<TransactWriteItem, StoreError> {
    let put = Put::builder()
        .table_name(table)
        .set_item(Some(item))
        .build()
        .map_err(internal)?;
    Ok(TransactWriteItem::builder().put(put).build())
}

impl Store {
    /// A deal's stage changes from sequence number `from` on, oldest first: the history items
    /// (one Query), then the deal's inline entries. At most `limit`.
    pub async fn deal_history(
        &self,
        deal: &Deal,
        from: u64,
        limit: usize,
    ) -> Result<Vec<(u64, AuditEntry)>, StoreError> {
        let mut entries = Vec::new();
        if from < deal.audit_offset {
            let output = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression("#pk = :pk AND #sk BETWEEN :from AND :to")
                .expression_attribute_names("#pk", keys::PK)
                .expression_attribute_names("#sk", keys::SK)
                .expression_attribute_values(":pk", s(keys::tenant(&deal.tenant_id)))
                .expression_attribute_values(":from", s(keys::history(&deal.id, from)))
                .expression_attribute_values(":to", s(keys::history(&deal.id, u64::MAX)))
                .limit(i32::try_from(limit).unwrap_or(i32::MAX))
                .send()
                .await
                .map_err(classify)?;
            for item in output.items.unwrap_or_default() {
                let seq = item
                    .get("seq")
                    .and_then(|value| value.as_n().ok())
                    .and_then(|value| value.parse().ok())
                    .unwrap_or(0);
                let entry: AuditEntry = serde_dynamo::from_item(item).map_err(|error| {
                    StoreError::Internal(format!("cannot decode audit entry: {error}"))
                })?;
                entries.push((seq, entry));
            }
        }
        let inline = deal
            .audit_log
            .iter()
            .enumerate()
            .map(|(index, entry)| (deal.audit_offset + index as u64, entry.clone()))
            .filter(|(seq, _)| *seq >= from);
        entries.extend(inline);
        entries.truncate(limit);
        Ok(entries)
    }
}
