//! Per-tenant deal counts (all live deals, and by pipeline), so that a list's `total` does not
//! read the whole set: kept exactly inside each deal write's transaction (see `aggregates`).
//! (Per stage, owner and account the count is the stage's, user's or account's own
//! `deal_refs`.)

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;

use super::{keys, Read, Store, StoreError};

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
}
