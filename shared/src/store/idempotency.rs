//! `Idempotency-Key` records for `POST /deals`: per tenant, application and view, kept 24 hours
//! (DynamoDB TTL on `expires_at`). The record is written in the deal's own create transaction, so two requests with
//! one key can never both create a deal.

use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};

use super::{classify, internal, keys, n, s, written, Item, Read, Store, StoreError};
use crate::error::error_chain;

/// How long a key is remembered.
pub const IDEMPOTENCY_TTL_SECONDS: i64 = 24 * 60 * 60;

/// The largest response kept whole: with the rest of its record, well inside DynamoDB's 400 KB
/// per item.
pub const MAX_KEPT_RESPONSE: usize = 300 * 1024;

const RESPONSE: &str = "response";
const STATUS: &str = "status";
const OUTCOMES: &str = "outcomes";
/// A claim may be made while no live record of its key exists.
const CLAIMABLE: &str = "attribute_not_exists(pk) OR #expires <= :now";

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
    /// The deal a single create made (empty for a batch).
    pub deal_id: String,
    /// The first response's body, once stored.
    pub response: Option<String>,
    /// A batch's HTTP status (a single create's is 201).
    pub status: Option<u16>,
    /// A batch's results in short (the deals' ids, the errors), kept instead of a response too
    /// large to keep.
    pub outcomes: Option<String>,
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
            response: text(RESPONSE),
            status: item
                .get(STATUS)
                .and_then(|v| v.as_n().ok())
                .and_then(|v| v.parse().ok()),
            outcomes: text(OUTCOMES),
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
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(claim_record(tenant, claim, Some(deal_id))))
            .condition_expression(CLAIMABLE)
            .expression_attribute_names("#expires", keys::EXPIRES_AT)
            .expression_attribute_values(":now", n(claim.now.max(0).unsigned_abs()))
            .build()
            .map_err(internal)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    /// Claims `key` for a batch create, before any of its writes (its deals take several
    /// transactions, none of which could carry the claim alone): `false` while a live record of
    /// the key exists. One conditional PutItem.
    pub async fn claim_idempotency_key(
        &self,
        tenant: &str,
        claim: &IdempotencyClaim,
    ) -> Result<bool, StoreError> {
        let put = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(claim_record(tenant, claim, None)))
            .condition_expression(CLAIMABLE)
            .expression_attribute_names("#expires", keys::EXPIRES_AT)
            .expression_attribute_values(":now", n(claim.now.max(0).unsigned_abs()));
        written(put.send().await)
    }

    /// Lets a batch's key go when the batch failed before writing anything, so that the
    /// client's retry runs afresh: the record expires now (an UpdateItem, conditional on the
    /// claim still being this request's). Best effort: a record left behind answers repeats 409
    /// until it expires.
    pub async fn release_idempotency_key(&self, tenant: &str, claim: &IdempotencyClaim) {
        let result = self
            .update_tenant_item(tenant, claim.sort_key())
            .update_expression("SET #expires = :now")
            .condition_expression("#hash = :hash AND attribute_not_exists(#response)")
            .expression_attribute_names("#expires", keys::EXPIRES_AT)
            .expression_attribute_names("#hash", "request_hash")
            .expression_attribute_names("#response", RESPONSE)
            .expression_attribute_values(":now", n(claim.now.max(0).unsigned_abs()))
            .expression_attribute_values(":hash", s(claim.request_hash.clone()))
            .send()
            .await;
        if let Err(error) = result {
            tracing::warn!(
                error = %error_chain(&classify(error)),
                "idempotency key of a failed batch not released"
            );
        }
    }

    /// Keeps a batch's answer for its repeats: its status and its whole body when that is at
    /// most [`MAX_KEPT_RESPONSE`] bytes, else `outcomes`, its results in short. Best effort, as
    /// [`Store::remember_response`].
    pub async fn remember_batch_response(
        &self,
        tenant: &str,
        claim: &IdempotencyClaim,
        status: u16,
        body: &str,
        outcomes: impl FnOnce() -> String,
    ) {
        let (name, kept) = if body.len() <= MAX_KEPT_RESPONSE {
            (RESPONSE, body.to_owned())
        } else {
            (OUTCOMES, outcomes())
        };
        let result = self
            .update_tenant_item(tenant, claim.sort_key())
            .update_expression("SET #kept = :kept, #status = :status")
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_names("#kept", name)
            .expression_attribute_names("#status", STATUS)
            .expression_attribute_values(":kept", s(kept))
            .expression_attribute_values(":status", n(u64::from(status)))
            .send()
            .await;
        if let Err(error) = result {
            tracing::warn!(
                error = %error_chain(&classify(error)),
                "idempotent batch response not stored"
            );
        }
    }

    /// Keeps the first response, so a replay answers it byte for byte. Best effort: without it a
    /// replay renders the deal again.
    pub async fn remember_response(&self, tenant: &str, claim: &IdempotencyClaim, body: &str) {
        let result = self
            .update_tenant_item(tenant, claim.sort_key())
            .update_expression("SET #response = :response")
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_names("#response", RESPONSE)
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

/// The record a claim writes: what was asked, the deal a single create makes, and when the key
/// is let go.
fn claim_record(tenant: &str, claim: &IdempotencyClaim, deal_id: Option<&str>) -> Item {
    let mut item = Item::from([
        (keys::PK.into(), s(keys::tenant(tenant))),
        (keys::SK.into(), s(claim.sort_key())),
        ("request_hash".into(), s(claim.request_hash.clone())),
        (
            keys::EXPIRES_AT.into(),
            AttributeValue::N((claim.now + IDEMPOTENCY_TTL_SECONDS).to_string()),
        ),
    ]);
    if let Some(deal_id) = deal_id {
        item.insert("deal_id".into(), s(deal_id.to_owned()));
    }
    item
}
