//! Per-tenant deal counts (all live deals, and by pipeline), kept with the writes so that a list's
//! `total` does not read the whole set. (Per stage, owner and account the count is the stage's,
//! user's or account's own `deal_refs`, kept exactly in the deal's transaction.)
//!
//! They are adjusted by one UpdateItem after each successful deal write, outside its transaction
//! (a shared counter inside every transaction would make concurrent writes of a tenant conflict).
//! A function that dies between the two leaves a count off by one; see the README.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;

use super::{classify, keys, Read, Store, StoreError};
use crate::error::error_chain;
use crate::model::Deal;

const ALL: &str = "all";

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DealCounts(HashMap<String, u64>);

impl DealCounts {
    pub fn all(&self) -> u64 {
        self.get(ALL)
    }

    pub fn pipeline(&self, pipeline: &str) -> u64 {
        self.get(&dimension("pipeline", pipeline))
    }

    fn get(&self, name: &str) -> u64 {
        self.0.get(name).copied().unwrap_or(0)
    }
}

fn dimension(kind: &str, value: &str) -> String {
    format!("{kind}:{value}")
}

/// The counts a deal adds to: all, its pipeline. A deleted deal, none.
fn dimensions(deal: Option<&Deal>) -> Vec<String> {
    let Some(deal) = deal.filter(|deal| !deal.is_deleted) else {
        return Vec::new();
    };
    vec![ALL.to_owned(), dimension("pipeline", &deal.pipeline_id)]
}

impl Store {
    /// The tenant's counts: one eventually consistent GetItem of a small item.
    pub async fn deal_counts(&self, tenant: &str) -> Result<DealCounts, StoreError> {
        let counts = self
            .get_tenant_item(tenant, keys::DEAL_COUNTS.into(), Read::Eventual)
            .await?
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(name, value)| match value {
                AttributeValue::N(n) => n
                    .parse::<i64>()
                    .ok()
                    .map(|n| (name, n.max(0).unsigned_abs())),
                _ => None,
            })
            .collect();
        Ok(DealCounts(counts))
    }

    /// Adds every deal of `deals` to the counts, in one UpdateItem.
    #[cfg(feature = "bulk-import")]
    pub(super) async fn add_counts(&self, tenant: &str, deals: &[Deal]) -> Result<(), StoreError> {
        let mut totals: HashMap<String, i64> = HashMap::new();
        for deal in deals {
            for name in dimensions(Some(deal)) {
                *totals.entry(name).or_default() += 1;
            }
        }
        let deltas: Vec<(String, i64)> = totals.into_iter().collect();
        self.apply_count_deltas(tenant, &deltas).await
    }

    /// Moves the counts from what `before` added to what `after` adds. Failures are logged, not
    /// returned: the deal itself is already written.
    pub(super) async fn recount(&self, tenant: &str, before: Option<&Deal>, after: Option<&Deal>) {
        let old = dimensions(before);
        let new = dimensions(after);
        let mut deltas: Vec<(String, i64)> = Vec::new();
        for name in old.iter().filter(|name| !new.contains(name)) {
            deltas.push((name.clone(), -1));
        }
        for name in new.iter().filter(|name| !old.contains(name)) {
            deltas.push((name.clone(), 1));
        }
        if let Err(error) = self.apply_count_deltas(tenant, &deltas).await {
            tracing::error!(error = %error_chain(&error), tenant, "deal counts not adjusted");
        }
    }

    async fn apply_count_deltas(
        &self,
        tenant: &str,
        deltas: &[(String, i64)],
    ) -> Result<(), StoreError> {
        if deltas.is_empty() {
            return Ok(());
        }
        let mut update = self.update_tenant_item(tenant, keys::DEAL_COUNTS.into());
        let mut clauses = Vec::new();
        for (index, (name, delta)) in deltas.iter().enumerate() {
            clauses.push(format!("#c{index} :d{index}"));
            update = update
                .expression_attribute_names(format!("#c{index}"), name)
                .expression_attribute_values(
                    format!(":d{index}"),
                    AttributeValue::N(delta.to_string()),
                );
        }
        update
            .update_expression(format!("ADD {}", clauses.join(", ")))
            .send()
            .await
            .map_err(classify)?;
        Ok(())
    }
}
