//! `Idempotency-Key` records for `POST /deals`: per tenant, application and view, kept 24 hours
//! (DynamoDB TTL on `expires_at`). The record is written in the deal's own create transaction, so two requests with
//! one key can never both create a deal.

use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};

use super::{classify, internal, keys, n, s, Item, Read, Store, StoreError};
use crate::error::error_chain;

/// How long a key is remembered.
pub const IDEMPOTENCY_TTL_SECONDS: i64 = 24 * 60 * 60;

/// What a create with a key stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyClaim {
    pub key: String,
    /// The caller's application, if its token names one.
    pub app_id: Option<String>,
    /// Which view the request came through (`crm`, `documented`).
    pub view: &'static str,
    /// SHA-256 of what was asked (path and body), hex.
    pub request_hash: String,
    /// Unix seconds.
    pub now: i64,
}

/// What an earlier request with the same key did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyRecord {
    pub request_hash: String,
    pub deal_id: String,
    /// The first response's body, once stored.
    pub response: Option<String>,
}

impl IdempotencyClaim {
    fn sort_key(&self) -> String {
        keys::idempotency(self.view, self.app_id.as_deref(), &self.key)
    }
}

impl Store {
    /// The live record of the claim's key, if an earlier request of the same caller used it
    /// (expired ones are ignored).
    pub async fn idempotency_record(
        &self,
        tenant: &str,
        claim: &IdempotencyClaim,
    ) -> Result<Option<IdempotencyRecord>, StoreError> {
        let now = claim.now;
        let item = self
            .get_tenant_item(tenant, claim.sort_key(), Read::Strong)
            .await?;
        let Some(item) = item else {
            return Ok(None);
        };
        let text = |name: &str| item.get(name).and_then(|v| v.as_s().ok()).cloned();
        let expires_at = item
            .get(keys::EXPIRES_AT)
            .and_then(|v| v.as_n().ok())
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0);
        if expires_at <= now {
            return Ok(None);
        }
        Ok(Some(IdempotencyRecord {
            request_hash: text("request_hash").unwrap_or_default(),
            deal_id: text("deal_id").unwrap_or_default(),
            response: text("response"),
        }))
    }

    /// The transaction item that claims `key` for `deal_id`; it fails while a live record of the
    /// key exists.
    pub(super) fn claim_item(
        &self,
        tenant: &str,
        claim: &IdempotencyClaim,
        deal_id: &str,
    ) -> Result<TransactWriteItem, StoreError> {
        let item = Item::from([
            (keys::PK.into(), s(keys::tenant(tenant))),
            (keys::SK.into(), s(claim.sort_key())),
            ("request_hash".into(), s(claim.request_hash.clone())),
            ("deal_id".into(), s(deal_id.to_owned())),
            (
                keys::EXPIRES_AT.into(),
                AttributeValue::N((claim.now + IDEMPOTENCY_TTL_SECONDS).to_string()),
            ),
        ]);
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(pk) OR #expires <= :now")
            .expression_attribute_names("#expires", keys::EXPIRES_AT)
            .expression_attribute_values(":now", n(claim.now.max(0).unsigned_abs()))
            .build()
            .map_err(internal)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    /// Keeps the first response, so a replay answers it byte for byte. Best effort: without it a
    /// replay renders the deal again.
    pub async fn remember_response(&self, tenant: &str, claim: &IdempotencyClaim, body: &str) {
        let result = self
            .update_tenant_item(tenant, claim.sort_key())
            .update_expression("SET #response = :response")
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_names("#response", "response")
            .expression_attribute_values(":response", s(body.to_owned()))
            .send()
            .await;
        if let Err(error) = result {
            tracing::warn!(
                error = %error_chain(&classify(error)),
                "idempotent response not stored"
            );
        }
    }
}
