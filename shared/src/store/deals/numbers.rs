//! Deal numbers the server hands out: the tenant's counter per year, and how it passes over
//! numbers already taken.

use aws_sdk_dynamodb::types::ReturnValue;

use crate::model;
use crate::store::{classify, is_conditional_check_failure, keys, n, Store, StoreError};

impl Store {
    /// Atomic per-tenant, per-year counter: one UpdateItem (1 WCU).
    pub(super) async fn next_deal_number(
        &self,
        tenant: &str,
        year: i32,
    ) -> Result<u64, StoreError> {
        self.reserve_deal_numbers(tenant, year, 1).await
    }

    /// Hands out `count` consecutive numbers at once, with one `ADD` on the counter (1 WCU):
    /// answers the last, so they are `last - count + 1 ..= last`.
    pub(super) async fn reserve_deal_numbers(
        &self,
        tenant: &str,
        year: i32,
        count: u64,
    ) -> Result<u64, StoreError> {
        let output = self
            .update_tenant_item(tenant, keys::deal_number_counter(year))
            .update_expression("ADD #last :count")
            .expression_attribute_names("#last", "last_value")
            .expression_attribute_values(":count", n(count))
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

    /// After the counter handed out `taken`, a number some deal already holds (a client chose
    /// it, or an import brought it): reads the reservations from there on (small items, one
    /// Query per 1 MB) to the first free number, and moves the counter just before it, so that
    /// the next number handed out is free.
    pub(super) async fn skip_taken_numbers(
        &self,
        tenant: &str,
        year: i32,
        taken: u64,
    ) -> Result<(), StoreError> {
        let free = self.first_free_number(tenant, year, taken).await?;
        let result = self
            .update_tenant_item(tenant, keys::deal_number_counter(year))
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
                    .query_range(tenant, lower.clone(), upper.clone())
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
}
