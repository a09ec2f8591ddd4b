//! Reading deals: one by id, pages and counts through a [`ReadPlan`], and a deal's history.

use aws_sdk_dynamodb::operation::query::QueryOutput;

use super::item::{deal_from_item, history_entry_from_item};
use crate::model::{AuditEntry, Deal};
use crate::query::DealQuery;
use crate::records::{RecordKind, RecordRef};
use crate::store::{classify, keys, Item, Position, Read, ReadPlan, Store, StoreError};

/// A list request may evaluate at most this many items (each billed) before it returns a
/// shorter page and a cursor to continue, so a selective filter never costs an unbounded read.
pub const MAX_ITEMS_EVALUATED_PER_LIST: usize = 1000;

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

    /// A deal live or soft-deleted: its live item, else its deleted one (a second GetItem only
    /// when there is no live one).
    pub async fn get_deal_even_deleted(
        &self,
        tenant: &str,
        id: &str,
    ) -> Result<Option<Deal>, StoreError> {
        if let Some(deal) = self.get_deal(tenant, id).await? {
            return Ok(Some(deal));
        }
        self.get_tenant_item(tenant, keys::deleted_deal(id), Read::Strong)
            .await?
            .map(deal_from_item)
            .transpose()
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
            let output = self.read_page(plan, page_size, start.take()).await?;
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
            let output = self
                .read_page(plan, budget - evaluated, start.take())
                .await?;
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

    /// One Query of the plan: at most `limit` items, from `start` on.
    async fn read_page(
        &self,
        plan: &ReadPlan,
        limit: usize,
        start: Option<Item>,
    ) -> Result<QueryOutput, StoreError> {
        plan.query(self)
            .limit(i32::try_from(limit).unwrap_or(i32::MAX))
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(classify)
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
            let (first, last) = (
                keys::history(&deal.id, from),
                keys::history(&deal.id, u64::MAX),
            );
            let output = self
                .query_range(&deal.tenant_id, first, last)
                .limit(i32::try_from(limit).unwrap_or(i32::MAX))
                .send()
                .await
                .map_err(classify)?;
            for item in output.items.unwrap_or_default() {
                entries.push(history_entry_from_item(item)?);
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

/// The position just after `deal` in the plan's order.
fn position_after(plan: &ReadPlan, deal: &Deal) -> Position {
    Position {
        deal_id: deal.id.clone(),
        sort_key: plan.sort_field.key(deal),
    }
}
