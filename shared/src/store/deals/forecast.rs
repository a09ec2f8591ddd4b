//! Reading the deals that are expected to close in a range of months, for the forecast.

use super::item::deal_from_item;
use crate::model::Deal;
use crate::query::SortField;
use crate::store::{keys, s, Store, StoreError};

impl Store {
    /// Every live deal whose expected close date lies from `first_day` (`YYYY-MM-DD`) through
    /// the end of `last_month` (`YYYY-MM`): a Query of the close-date index (projecting whole
    /// deals), page by page, eventually consistent. It reads exactly those deals.
    pub async fn deals_closing_between(
        &self,
        tenant: &str,
        first_day: &str,
        last_month: &str,
    ) -> Result<Vec<Deal>, StoreError> {
        let (Some(index), Some(attribute)) = (
            keys::sort_index(SortField::ExpectedCloseDate),
            keys::sort_attribute(SortField::ExpectedCloseDate),
        ) else {
            return Ok(Vec::new());
        };
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(index)
            .key_condition_expression("#pk = :pk AND #close BETWEEN :from AND :to")
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_names("#close", attribute)
            .expression_attribute_values(":pk", s(keys::tenant(tenant)))
            .expression_attribute_values(":from", s(first_day.to_owned()))
            // Past day 31 of the last month, before the next month's first day.
            .expression_attribute_values(":to", s(format!("{last_month}-32")));
        Store::every_page(query)
            .await?
            .into_iter()
            .map(deal_from_item)
            .collect()
    }
}
