//! The `reconcile-aggregates` function: recomputes tenants' aggregates from their deals and
//! repairs any drift ([`Store::reconcile`]). The deal writes keep them exact, so it is a check
//! that should find nothing: run daily on a schedule (every tenant that stored a pipeline), or
//! for one tenant on demand (`{"tenant": "…"}`, as `local reconcile --tenant T` sends).

use serde_json::{json, Value};

use crate::error::error_chain;
use crate::store::Store;

pub async fn handle(store: &Store, event: Value) -> Result<Value, String> {
    if let Some(tenant) = event.get("tenant").and_then(Value::as_str) {
        let done = store
            .reconcile(tenant)
            .await
            .map_err(|error| error_chain(&error))?;
        if !done.repaired.is_empty() {
            tracing::warn!(tenant, repaired = ?done.repaired, "aggregates repaired");
        }
        return Ok(json!({ "tenant": tenant, "reconciled": done }));
    }
    let (mut tenants, mut repaired, mut failed) = (0u64, 0u64, 0u64);
    let mut after: Option<String> = None;
    loop {
        let (page, next) = store
            .registered_tenants(after.as_deref())
            .await
            .map_err(|error| error_chain(&error))?;
        for tenant in &page {
            tenants += 1;
            match store.reconcile(tenant).await {
                Ok(done) if done.repaired.is_empty() => {}
                Ok(done) => {
                    repaired += done.repaired.len() as u64;
                    tracing::warn!(tenant, repaired = ?done.repaired, "aggregates repaired");
                }
                // One tenant's trouble does not stop the others'; the next run tries again.
                Err(error) => {
                    failed += 1;
                    tracing::error!(tenant, error = %error_chain(&error), "not reconciled");
                }
            }
        }
        match next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    Ok(json!({ "tenants": tenants, "items_repaired": repaired, "tenants_failed": failed }))
}
