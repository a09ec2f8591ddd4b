//! Webhooks and their deliveries.
//!
//! A webhook is `WEBHOOK#wh_…` (with its secret, which no answer but its creation and a
//! rotation shows). A delivery is `DELIVERY#<webhook>#<delivery id>`, written by the stream
//! consumer in the same transaction as the event it delivers, so that no event can be in the
//! feed without its deliveries. While a delivery is pending it sits in the sparse `by_due` index
//! (`due_pk` = one of [`DUE_PARTITIONS`] partitions, `due_sk` = when it is due, then its key),
//! which the minute sweep reads; an attempt first leases the delivery with a conditional update,
//! so that the stream's first attempt, the sweep and a manual retry never send it twice at once.

use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::update_item::{UpdateItemError, UpdateItemOutput};
use aws_sdk_dynamodb::types::{AttributeValue, Put, ReturnValue, TransactWriteItem};

use super::{
    classify, internal, is_conditional_check_failure, keys, n, s, written, Item, Read, Store,
    StoreError,
};
use crate::webhooks::deliveries::{AttemptRecord, Delivery, DeliveryStatus};
use crate::webhooks::signing::WebhookSecret;
use crate::webhooks::subscription::{Webhook, MAX_WEBHOOKS_PER_TENANT};

/// Pending deliveries spread over this many index partitions, so that the sweep's reads and
/// the index's writes are not all on one partition.
pub const DUE_PARTITIONS: u8 = 4;
pub const DUE_INDEX: &str = "by_due";
pub(super) const DUE_PK: &str = "due_pk";
pub(super) const DUE_SK: &str = "due_sk";
const SECRET: &str = "secret";
const PAYLOAD: &str = "payload";
const TENANT_ID: &str = "tenant_id";
const LEASE_UNTIL: &str = "lease_until";
/// Deliveries are kept this long after they were made (TTL).
pub const DELIVERY_RETENTION_SECONDS: i64 = 30 * 24 * 60 * 60;

/// A webhook with the secret its deliveries are signed with.
#[derive(Debug, Clone)]
pub struct StoredWebhook {
    pub webhook: Webhook,
    pub secret: WebhookSecret,
}

/// A delivery about to be written: what `GET` shows, the body it sends, whose it is.
#[derive(Debug, Clone)]
pub struct NewDelivery {
    pub tenant: String,
    pub delivery: Delivery,
    pub payload: String,
    pub now_unix: i64,
}

/// A leased delivery, ready for its attempt.
#[derive(Debug, Clone)]
pub struct LeasedDelivery {
    pub tenant: String,
    pub delivery: Delivery,
    pub payload: String,
    pub lease_until: String,
}

/// Where a delivery is: its tenant and sort key (as the index and the stream name it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryKey {
    pub tenant: String,
    pub sort_key: String,
}

impl DeliveryKey {
    pub fn of_item_keys(item: &Item) -> Option<Self> {
        let text = |name: &str| item.get(name).and_then(|value| value.as_s().ok());
        let tenant = text(keys::PK)?.strip_prefix("TENANT#")?.to_owned();
        let sort_key = text(keys::SK)?;
        sort_key
            .starts_with(keys::DELIVERY_PREFIX)
            .then(|| DeliveryKey {
                tenant,
                sort_key: sort_key.clone(),
            })
    }
}

impl Store {
    pub async fn create_webhook(
        &self,
        tenant: &str,
        webhook: &Webhook,
        secret: &WebhookSecret,
    ) -> Result<(), StoreError> {
        if self.webhooks(tenant).await?.len() >= MAX_WEBHOOKS_PER_TENANT {
            return Err(StoreError::TooManyWebhooks);
        }
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(webhook_item(tenant, webhook, secret)?))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await;
        match written(result)? {
            true => Ok(()),
            false => Err(StoreError::AlreadyExists),
        }
    }

    /// One strongly consistent GetItem.
    pub async fn get_webhook(
        &self,
        tenant: &str,
        id: &str,
    ) -> Result<Option<StoredWebhook>, StoreError> {
        self.get_tenant_item(tenant, keys::webhook(id), Read::Strong)
            .await?
            .map(stored_webhook)
            .transpose()
    }

    /// Every webhook of the tenant (at most [`MAX_WEBHOOKS_PER_TENANT`]): one Query.
    pub async fn webhooks(&self, tenant: &str) -> Result<Vec<StoredWebhook>, StoreError> {
        let output = self
            .query_prefix(tenant, keys::WEBHOOK_PREFIX)
            .consistent_read(true)
            .send()
            .await
            .map_err(classify)?;
        output
            .items
            .unwrap_or_default()
            .into_iter()
            .map(stored_webhook)
            .collect()
    }

    /// Stores `webhook` over version `expected` (else `VersionConflict`).
    pub async fn save_webhook(
        &self,
        tenant: &str,
        webhook: &Webhook,
        secret: &WebhookSecret,
        expected: u64,
    ) -> Result<(), StoreError> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(webhook_item(tenant, webhook, secret)?))
            .condition_expression("#version = :expected")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":expected", n(expected))
            .send()
            .await;
        at_version(result)
    }

    pub async fn delete_webhook(
        &self,
        tenant: &str,
        id: &str,
        expected: u64,
    ) -> Result<(), StoreError> {
        let result = self
            .client
            .delete_item()
            .table_name(&self.table)
            .key(keys::PK, s(keys::tenant(tenant)))
            .key(keys::SK, s(keys::webhook(id)))
            .condition_expression("#version = :expected")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":expected", n(expected))
            .send()
            .await;
        at_version(result)
    }

    /// Notes an attempt's outcome on its webhook: the start of a failing streak, its end, or
    /// (after [`crate::webhooks::subscription::DISABLE_AFTER_SECONDS`] of failures) the webhook
    /// turned off with its reason. Conditional on the version, so it never undoes a PATCH; a
    /// lost race is left alone (the next attempt notes it again).
    pub async fn note_webhook_outcome(
        &self,
        tenant: &str,
        stored: &StoredWebhook,
        updated: &Webhook,
    ) -> Result<(), StoreError> {
        match self
            .save_webhook(tenant, updated, &stored.secret, stored.webhook.version)
            .await
        {
            Ok(()) | Err(StoreError::VersionConflict) => Ok(()),
            Err(error) => Err(error),
        }
    }

    /// A webhook's deliveries, newest first, after `after` (a delivery id): at most `limit`.
    pub async fn deliveries(
        &self,
        tenant: &str,
        webhook_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Delivery>, StoreError> {
        let start = after.map(|id| {
            Item::from([
                (keys::PK.into(), s(keys::tenant(tenant))),
                (keys::SK.into(), s(keys::delivery(webhook_id, id))),
            ])
        });
        let output = self
            .query_prefix(tenant, &keys::delivery(webhook_id, ""))
            .consistent_read(true)
            .scan_index_forward(false)
            .set_exclusive_start_key(start)
            .limit(i32::try_from(limit + 1).unwrap_or(i32::MAX))
            .send()
            .await
            .map_err(classify)?;
        output
            .items
            .unwrap_or_default()
            .iter()
            .map(delivery_of)
            .collect()
    }

    pub async fn get_delivery(
        &self,
        tenant: &str,
        webhook_id: &str,
        id: &str,
    ) -> Result<Option<Delivery>, StoreError> {
        self.get_tenant_item(tenant, keys::delivery(webhook_id, id), Read::Strong)
            .await?
            .map(|item| delivery_of(&item))
            .transpose()
    }

    /// Writes a delivery on its own (a `webhook.test`), already leased until `lease_until` by
    /// the request that will attempt it, so that its stream record starts no attempt of its own.
    pub async fn insert_leased_delivery(
        &self,
        new: &NewDelivery,
        lease_until: &str,
    ) -> Result<LeasedDelivery, StoreError> {
        let mut item = delivery_item(new)?;
        item.insert(LEASE_UNTIL.into(), s(lease_until.to_owned()));
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .send()
            .await
            .map_err(classify)?;
        Ok(LeasedDelivery {
            tenant: new.tenant.clone(),
            delivery: new.delivery.clone(),
            payload: new.payload.clone(),
            lease_until: lease_until.to_owned(),
        })
    }

    /// The transaction item of a new delivery (beside its event).
    pub(super) fn put_delivery(&self, new: &NewDelivery) -> Result<TransactWriteItem, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(delivery_item(new)?))
            .build()
            .map_err(internal)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    /// Makes a delivery pending and due at `now` again, whatever became of it, leased until
    /// `lease_until` by the request that attempts it (a manual retry): `None` when there is no
    /// such delivery or another attempt holds it right now.
    pub async fn reschedule_delivery(
        &self,
        key: &DeliveryKey,
        now: &str,
        lease_until: &str,
    ) -> Result<Option<LeasedDelivery>, StoreError> {
        let result = self
            .update_tenant_item(&key.tenant, key.sort_key.clone())
            .update_expression(
                "SET #status = :pending, next_attempt_at = :now, due_pk = :due_pk, due_sk = :due_sk, lease_until = :until",
            )
            .condition_expression(
                "attribute_exists(pk) AND (attribute_not_exists(lease_until) OR lease_until < :now)",
            )
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":pending", s("pending".into()))
            .expression_attribute_values(":now", s(now.to_owned()))
            .expression_attribute_values(":until", s(lease_until.to_owned()))
            .expression_attribute_values(":due_pk", s(due_partition(&key.sort_key)))
            .expression_attribute_values(":due_sk", s(due_sort_key(now, &key.tenant, &key.sort_key)))
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        leased(key, lease_until, result)
    }

    /// Takes the delivery for an attempt if it is pending and due at `now` and nobody holds it:
    /// `None` otherwise. The lease lasts until `lease_until`.
    pub async fn lease_delivery(
        &self,
        key: &DeliveryKey,
        now: &str,
        lease_until: &str,
    ) -> Result<Option<LeasedDelivery>, StoreError> {
        let result = self
            .update_tenant_item(&key.tenant, key.sort_key.clone())
            .update_expression("SET lease_until = :until")
            .condition_expression(
                "#status = :pending AND next_attempt_at <= :now AND (attribute_not_exists(lease_until) OR lease_until < :now)",
            )
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":pending", s("pending".into()))
            .expression_attribute_values(":now", s(now.to_owned()))
            .expression_attribute_values(":until", s(lease_until.to_owned()))
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        leased(key, lease_until, result)
    }

    /// Records an attempt on a leased delivery and what it leaves the delivery as: due again at
    /// `next` (pending), or done. `false` when the lease was lost meanwhile.
    pub async fn record_attempt(
        &self,
        leased: &LeasedDelivery,
        attempt: &AttemptRecord,
        status: DeliveryStatus,
        next: Option<&str>,
    ) -> Result<bool, StoreError> {
        let key = keys::delivery(&leased.delivery.webhook_id, &leased.delivery.id);
        let attempt = serde_dynamo::to_attribute_value(attempt)
            .map_err(|error| internal(error.to_string()))?;
        let status_text = match status {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Succeeded => "succeeded",
            DeliveryStatus::Failed => "failed",
        };
        let mut update = self
            .update_tenant_item(&leased.tenant, key.clone())
            .condition_expression("lease_until = :lease")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":lease", s(leased.lease_until.clone()))
            .expression_attribute_values(":attempt", AttributeValue::L(vec![attempt]))
            .expression_attribute_values(":empty", AttributeValue::L(Vec::new()))
            .expression_attribute_values(":status", s(status_text.into()));
        update = match next {
            Some(at) => update
                .update_expression(
                    "SET attempts = list_append(if_not_exists(attempts, :empty), :attempt), #status = :status, next_attempt_at = :at, due_pk = :due_pk, due_sk = :due_sk REMOVE lease_until",
                )
                .expression_attribute_values(":at", s(at.to_owned()))
                .expression_attribute_values(":due_pk", s(due_partition(&key)))
                .expression_attribute_values(":due_sk", s(due_sort_key(at, &leased.tenant, &key))),
            None => update.update_expression(
                "SET attempts = list_append(if_not_exists(attempts, :empty), :attempt), #status = :status REMOVE next_attempt_at, due_pk, due_sk, lease_until",
            ),
        };
        written(update.send().await)
    }

    /// The keys of deliveries due at `now`, at most `limit` per index partition: one Query of
    /// `by_due` per partition (keys only).
    pub async fn due_deliveries(
        &self,
        now: &str,
        limit: usize,
    ) -> Result<Vec<DeliveryKey>, StoreError> {
        let mut due = Vec::new();
        for partition in 0..DUE_PARTITIONS {
            let output = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(DUE_INDEX)
                .key_condition_expression("#pk = :pk AND #sk <= :now")
                .expression_attribute_names("#pk", DUE_PK)
                .expression_attribute_names("#sk", DUE_SK)
                .expression_attribute_values(":pk", s(format!("DUE#{partition}")))
                .expression_attribute_values(":now", s(format!("{now}~")))
                .limit(i32::try_from(limit).unwrap_or(i32::MAX))
                .send()
                .await
                .map_err(classify)?;
            due.extend(
                output
                    .items
                    .unwrap_or_default()
                    .iter()
                    .filter_map(DeliveryKey::of_item_keys),
            );
        }
        Ok(due)
    }
}

/// The delivery a conditional lease update returned, or `None` when its condition failed.
fn leased<R: std::fmt::Debug + Send + Sync + 'static>(
    key: &DeliveryKey,
    lease_until: &str,
    result: Result<UpdateItemOutput, SdkError<UpdateItemError, R>>,
) -> Result<Option<LeasedDelivery>, StoreError> {
    match result {
        Ok(output) => {
            let item = output.attributes.unwrap_or_default();
            Ok(Some(LeasedDelivery {
                tenant: key.tenant.clone(),
                delivery: delivery_of(&item)?,
                payload: text(&item, PAYLOAD)?,
                lease_until: lease_until.to_owned(),
            }))
        }
        Err(error) if is_conditional_check_failure(&error) => Ok(None),
        Err(error) => Err(classify(error)),
    }
}

fn due_partition(sort_key: &str) -> String {
    let spread = sort_key.bytes().fold(0u32, |hash, byte| {
        hash.wrapping_mul(31).wrapping_add(u32::from(byte))
    });
    format!("DUE#{}", spread % u32::from(DUE_PARTITIONS))
}

fn due_sort_key(at: &str, tenant: &str, sort_key: &str) -> String {
    format!("{at}#{tenant}#{sort_key}")
}

fn webhook_item(
    tenant: &str,
    webhook: &Webhook,
    secret: &WebhookSecret,
) -> Result<Item, StoreError> {
    let mut item: Item =
        serde_dynamo::to_item(webhook).map_err(|error| internal(error.to_string()))?;
    super::without_empty_attributes(&mut item);
    item.insert(keys::PK.into(), s(keys::tenant(tenant)));
    item.insert(keys::SK.into(), s(keys::webhook(&webhook.id)));
    item.insert(SECRET.into(), s(secret.as_str().to_owned()));
    Ok(item)
}

fn stored_webhook(item: Item) -> Result<StoredWebhook, StoreError> {
    let secret = WebhookSecret::parse(&text(&item, SECRET)?)
        .map_err(|error| internal(format!("a stored webhook secret: {error}")))?;
    let webhook: Webhook = serde_dynamo::from_item(item)
        .map_err(|error| internal(format!("cannot decode stored webhook: {error}")))?;
    Ok(StoredWebhook { webhook, secret })
}

fn delivery_item(new: &NewDelivery) -> Result<Item, StoreError> {
    let delivery = &new.delivery;
    let mut item: Item =
        serde_dynamo::to_item(delivery).map_err(|error| internal(error.to_string()))?;
    super::without_empty_attributes(&mut item);
    let sort_key = keys::delivery(&delivery.webhook_id, &delivery.id);
    if let Some(at) = &delivery.next_attempt_at {
        item.insert(DUE_PK.into(), s(due_partition(&sort_key)));
        item.insert(DUE_SK.into(), s(due_sort_key(at, &new.tenant, &sort_key)));
    }
    item.insert(keys::PK.into(), s(keys::tenant(&new.tenant)));
    item.insert(keys::SK.into(), s(sort_key));
    item.insert(TENANT_ID.into(), s(new.tenant.clone()));
    item.insert(PAYLOAD.into(), s(new.payload.clone()));
    item.insert(
        keys::EXPIRES_AT.into(),
        AttributeValue::N((new.now_unix + DELIVERY_RETENTION_SECONDS).to_string()),
    );
    Ok(item)
}

fn delivery_of(item: &Item) -> Result<Delivery, StoreError> {
    let mut fields = item.clone();
    for name in [
        keys::PK,
        keys::SK,
        DUE_PK,
        DUE_SK,
        PAYLOAD,
        TENANT_ID,
        LEASE_UNTIL,
        keys::EXPIRES_AT,
    ] {
        fields.remove(name);
    }
    fields
        .entry("next_attempt_at".into())
        .or_insert(AttributeValue::Null(true));
    serde_dynamo::from_item(fields)
        .map_err(|error| internal(format!("cannot decode stored delivery: {error}")))
}

fn text(item: &Item, name: &str) -> Result<String, StoreError> {
    super::required_text(item, name).map(String::from)
}

/// A write conditioned on the item's version: `VersionConflict` when it was another.
fn at_version<T, E, R>(result: Result<T, SdkError<E, R>>) -> Result<(), StoreError>
where
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    match written(result)? {
        true => Ok(()),
        false => Err(StoreError::VersionConflict),
    }
}
