//! Applications and their API keys.
//!
//! An application is an item of its tenant (`APP#<id>`) holding its keys' listings (`keys`, a
//! map by key id, each with the key's hash). Each key also has a lookup item of its own,
//! partition key `APIKEY#<sha-256>`, so that a request's key is found from the key alone with
//! one strongly consistent GetItem, lookups spread over partitions, and nothing names the key
//! itself. The lookup item carries what a request needs: tenant, application, scopes, expiry,
//! and when the key was last used. Every change to an application or its keys writes the
//! application and the lookup items it affects in one transaction.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_dynamodb::types::builders::UpdateBuilder;
use aws_sdk_dynamodb::types::{AttributeValue, Delete, TransactWriteItem, Update};
use serde::{Deserialize, Serialize};

use super::{classify, internal, keys, s, written, Item, Read, Store, StoreError};
use crate::applications::{Application, KeyHash, KeyInfo};

/// An application as stored: the record, its keys in id order, and how many times its keys
/// changed (every write conditions on what it read, so none is lost to a concurrent one).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredApplication {
    pub application: Application,
    pub keys: Vec<StoredKey>,
    pub keys_version: u64,
}

/// One key as its application keeps it: the listing and the hash of the key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredKey {
    pub info: KeyInfo,
    pub hash: String,
}

/// What a request's key grants, from its lookup item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyGrant {
    pub tenant_id: String,
    pub app_id: String,
    pub key_id: String,
    pub scopes: Vec<String>,
    pub expires_at: Option<String>,
}

const KEYS: &str = "keys";
const KEYS_VERSION: &str = "keys_version";
const KEY_EXPIRES_AT: &str = "key_expires_at";
const LAST_USED_AT: &str = "last_used_at";

impl Store {
    pub async fn create_application(
        &self,
        tenant: &str,
        application: &Application,
    ) -> Result<(), StoreError> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(application_item(tenant, application)?))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await;
        match written(result)? {
            true => Ok(()),
            false => Err(StoreError::AlreadyExists),
        }
    }

    /// One strongly consistent GetItem.
    pub async fn get_application(
        &self,
        tenant: &str,
        id: &str,
    ) -> Result<Option<StoredApplication>, StoreError> {
        self.get_tenant_item(tenant, keys::application(id), Read::Strong)
            .await?
            .map(stored_application)
            .transpose()
    }

    /// Applications in id order (creation order), after `after`.
    pub async fn list_applications(
        &self,
        tenant: &str,
        limit: usize,
        after: Option<&str>,
    ) -> Result<(Vec<Application>, Option<String>), StoreError> {
        let start = after.map(|id| {
            Item::from([
                (keys::PK.into(), s(keys::tenant(tenant))),
                (keys::SK.into(), s(keys::application(id))),
            ])
        });
        let output = self
            .query_prefix(tenant, keys::APPLICATION_PREFIX)
            .limit(i32::try_from(limit + 1).unwrap_or(i32::MAX))
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(classify)?;
        let mut applications = output
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|item| stored_application(item).map(|stored| stored.application))
            .collect::<Result<Vec<_>, _>>()?;
        let next = if applications.len() > limit {
            applications.truncate(limit);
            applications
                .last()
                .map(|application| application.id.clone())
        } else {
            None
        };
        Ok((applications, next))
    }

    /// Stores `updated` over `current` (which it must still be: else `VersionConflict`), and the
    /// new scopes on the lookup item of each of its keys that has not expired.
    pub async fn update_application(
        &self,
        tenant: &str,
        current: &StoredApplication,
        updated: &Application,
        now: &str,
    ) -> Result<(), StoreError> {
        let update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(application_key(tenant, &updated.id)))
            .update_expression(
                "SET #name = :name, scopes = :scopes, #version = :new_version, \
                 updated_at = :updated_at, updated_by = :updated_by",
            )
            .condition_expression(UNCHANGED)
            .expression_attribute_names("#name", "name")
            .expression_attribute_values(":name", s(updated.name.clone()))
            .expression_attribute_values(":scopes", scope_list(&updated.scopes))
            .expression_attribute_values(":new_version", super::n(updated.version))
            .expression_attribute_values(":updated_at", s(updated.updated_at.clone()))
            .expression_attribute_values(":updated_by", s(updated.updated_by.clone()));
        let update = unchanged_since(update, current).build().map_err(internal)?;
        let mut items = vec![TransactWriteItem::builder().update(update).build()];
        for key in current
            .keys
            .iter()
            .filter(|key| !has_expired(&key.info, now))
        {
            let update = Update::builder()
                .table_name(&self.table)
                .set_key(Some(lookup_key(&key.hash)))
                .update_expression("SET scopes = :scopes")
                .condition_expression("attribute_exists(pk)")
                .expression_attribute_values(":scopes", scope_list(&updated.scopes))
                .build()
                .map_err(internal)?;
            items.push(TransactWriteItem::builder().update(update).build());
        }
        self.transact_application(items).await
    }

    /// Deletes the application and every lookup item of its keys: its keys stop working.
    pub async fn delete_application(
        &self,
        tenant: &str,
        current: &StoredApplication,
    ) -> Result<(), StoreError> {
        let delete = Delete::builder()
            .table_name(&self.table)
            .set_key(Some(application_key(tenant, &current.application.id)))
            .condition_expression(UNCHANGED)
            .expression_attribute_names("#version", "version")
            .expression_attribute_names("#keys_version", KEYS_VERSION)
            .expression_attribute_values(":version", super::n(current.application.version))
            .expression_attribute_values(":keys_version", super::n(current.keys_version))
            .build()
            .map_err(internal)?;
        let mut items = vec![TransactWriteItem::builder().delete(delete).build()];
        for key in &current.keys {
            items.push(self.delete_lookup(&key.hash)?);
        }
        self.transact_application(items).await
    }

    /// Adds a key to the application `current` (whose scopes it gets: they must not have changed
    /// since read, else `VersionConflict`; nor may the application hold `max_keys` keys by now)
    /// and stores its lookup item.
    pub async fn add_key(
        &self,
        tenant: &str,
        current: &StoredApplication,
        key: &StoredKey,
        expires_at_unix: Option<i64>,
        max_keys: usize,
    ) -> Result<(), StoreError> {
        let application = &current.application;
        let update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(application_key(tenant, &application.id)))
            .update_expression("SET #keys.#id = :key ADD #keys_version :one")
            .condition_expression(
                "#version = :version AND attribute_not_exists(#keys.#id) AND size(#keys) < :max",
            )
            .expression_attribute_names("#keys", KEYS)
            .expression_attribute_names("#id", key.info.id.clone())
            .expression_attribute_names("#keys_version", KEYS_VERSION)
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(
                ":key",
                serde_dynamo::to_attribute_value(key).map_err(internal)?,
            )
            .expression_attribute_values(":one", super::n(1))
            .expression_attribute_values(":version", super::n(application.version))
            .expression_attribute_values(":max", super::n(max_keys as u64))
            .build()
            .map_err(internal)?;
        let mut lookup = lookup_key(&key.hash);
        lookup.insert("tenant_id".into(), s(tenant.to_owned()));
        lookup.insert("app_id".into(), s(application.id.clone()));
        lookup.insert("key_id".into(), s(key.info.id.clone()));
        lookup.insert("scopes".into(), scope_list(&application.scopes));
        if let Some(expiry) = &key.info.expires_at {
            lookup.insert(KEY_EXPIRES_AT.into(), s(expiry.clone()));
        }
        // DynamoDB's TTL removes the lookup item of an expired key (some time after it expired).
        if let Some(unix) = expires_at_unix {
            lookup.insert(keys::EXPIRES_AT.into(), AttributeValue::N(unix.to_string()));
        }
        let items = vec![
            TransactWriteItem::builder().update(update).build(),
            super::put_new(&self.table, lookup)?,
        ];
        self.transact_application(items).await
    }

    /// Removes one key of the application and deletes its lookup item: the key stops working.
    /// `Ok(false)` when the application has no such key.
    pub async fn revoke_key(
        &self,
        tenant: &str,
        application_id: &str,
        key: &StoredKey,
    ) -> Result<bool, StoreError> {
        let update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(application_key(tenant, application_id)))
            .update_expression("REMOVE #keys.#id ADD #keys_version :one")
            .condition_expression("attribute_exists(#keys.#id)")
            .expression_attribute_names("#keys", KEYS)
            .expression_attribute_names("#id", key.info.id.clone())
            .expression_attribute_names("#keys_version", KEYS_VERSION)
            .expression_attribute_values(":one", super::n(1))
            .build()
            .map_err(internal)?;
        let items = vec![
            TransactWriteItem::builder().update(update).build(),
            self.delete_lookup(&key.hash)?,
        ];
        match self.transact_application(items).await {
            Ok(()) => Ok(true),
            Err(StoreError::VersionConflict) => Ok(false),
            Err(error) => Err(error),
        }
    }

    /// What the key whose hash this is grants, if it exists: one strongly consistent GetItem
    /// (a revoked key must not work once the revocation is written).
    pub async fn find_key(&self, hash: &KeyHash) -> Result<Option<KeyGrant>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(lookup_key(&hash.to_hex())))
            .consistent_read(true)
            .send()
            .await
            .map_err(classify)?;
        let Some(item) = output.item else {
            return Ok(None);
        };
        let stored_hash = text(&item, keys::PK)
            .and_then(|pk| pk.strip_prefix(keys::API_KEY_PREFIX))
            .unwrap_or_default();
        if !hash.matches_hex(stored_hash) {
            return Ok(None);
        }
        let field = |name: &str| {
            text(&item, name).map(String::from).ok_or_else(|| {
                StoreError::Internal(format!("key lookup item without {name}").into())
            })
        };
        Ok(Some(KeyGrant {
            tenant_id: field("tenant_id")?,
            app_id: field("app_id")?,
            key_id: field("key_id")?,
            scopes: item
                .get("scopes")
                .and_then(|value| value.as_l().ok())
                .map(|scopes| {
                    scopes
                        .iter()
                        .filter_map(|scope| scope.as_s().ok().cloned())
                        .collect()
                })
                .unwrap_or_default(),
            expires_at: text(&item, KEY_EXPIRES_AT).map(String::from),
        }))
    }

    /// Notes that the key was used at `now`, unless it was at or after `not_before` already:
    /// an UpdateItem of its lookup item (never creating one for a key revoked meanwhile).
    /// Whether it wrote.
    pub async fn touch_key(
        &self,
        hash: &KeyHash,
        now: &str,
        not_before: &str,
    ) -> Result<bool, StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(lookup_key(&hash.to_hex())))
            .update_expression("SET #used = :now")
            .condition_expression(
                "attribute_exists(pk) AND (attribute_not_exists(#used) OR #used < :not_before)",
            )
            .expression_attribute_names("#used", LAST_USED_AT)
            .expression_attribute_values(":now", s(now.to_owned()))
            .expression_attribute_values(":not_before", s(not_before.to_owned()))
            .send()
            .await;
        written(result)
    }

    /// When each of these keys was last used, from their lookup items: one BatchGetItem for up
    /// to 100 keys (eventually consistent: a listing may be a moment behind).
    pub async fn keys_last_used(
        &self,
        keys: &[StoredKey],
    ) -> Result<HashMap<String, String>, StoreError> {
        if keys.is_empty() {
            return Ok(HashMap::new());
        }
        let lookups = keys.iter().map(|key| lookup_key(&key.hash)).collect();
        let mut used = HashMap::new();
        for item in self.batch_get_keys(lookups).await? {
            let hash = text(&item, keys::PK).and_then(|pk| pk.strip_prefix(keys::API_KEY_PREFIX));
            if let (Some(hash), Some(at)) = (hash, text(&item, LAST_USED_AT)) {
                used.insert(hash.to_owned(), at.to_owned());
            }
        }
        Ok(used)
    }

    fn delete_lookup(&self, hash: &str) -> Result<TransactWriteItem, StoreError> {
        let delete = Delete::builder()
            .table_name(&self.table)
            .set_key(Some(lookup_key(hash)))
            .build()
            .map_err(internal)?;
        Ok(TransactWriteItem::builder().delete(delete).build())
    }

    /// A transaction of an application's item (first) and its keys' lookup items: a failed
    /// condition on the application is a write that lost a race.
    async fn transact_application(&self, items: Vec<TransactWriteItem>) -> Result<(), StoreError> {
        self.transact(items).await.map_err(|refused| {
            if refused.failed.is_empty() {
                refused.error
            } else {
                StoreError::VersionConflict
            }
        })
    }
}

/// The condition of a write over an application as read: neither it nor its keys changed.
const UNCHANGED: &str = "#version = :version AND #keys_version = :keys_version";

fn unchanged_since(update: UpdateBuilder, current: &StoredApplication) -> UpdateBuilder {
    update
        .expression_attribute_names("#version", "version")
        .expression_attribute_names("#keys_version", KEYS_VERSION)
        .expression_attribute_values(":version", super::n(current.application.version))
        .expression_attribute_values(":keys_version", super::n(current.keys_version))
}

fn has_expired(key: &KeyInfo, now: &str) -> bool {
    key.expires_at
        .as_deref()
        .is_some_and(|expiry| expiry <= now)
}

fn application_key(tenant: &str, id: &str) -> Item {
    Item::from([
        (keys::PK.into(), s(keys::tenant(tenant))),
        (keys::SK.into(), s(keys::application(id))),
    ])
}

fn lookup_key(hash: &str) -> Item {
    let key = keys::api_key(hash);
    Item::from([(keys::PK.into(), s(key.clone())), (keys::SK.into(), s(key))])
}

fn scope_list(scopes: &[String]) -> AttributeValue {
    AttributeValue::L(scopes.iter().cloned().map(AttributeValue::S).collect())
}

fn text<'a>(item: &'a Item, name: &str) -> Option<&'a str> {
    item.get(name)
        .and_then(|value| value.as_s().ok())
        .map(String::as_str)
}

/// A new application's item: no keys yet (an empty map, so that keys can be set in it).
fn application_item(tenant: &str, application: &Application) -> Result<Item, StoreError> {
    let mut item: Item = serde_dynamo::to_item(application).map_err(internal)?;
    item.insert(keys::PK.into(), s(keys::tenant(tenant)));
    item.insert(keys::SK.into(), s(keys::application(&application.id)));
    item.insert(KEYS.into(), AttributeValue::M(HashMap::new()));
    item.insert(KEYS_VERSION.into(), super::n(0));
    Ok(item)
}

fn stored_application(mut item: Item) -> Result<StoredApplication, StoreError> {
    let keys: BTreeMap<String, StoredKey> = match item.remove(KEYS) {
        Some(value) => serde_dynamo::from_attribute_value(value).map_err(internal)?,
        None => BTreeMap::new(),
    };
    let keys_version = item
        .remove(KEYS_VERSION)
        .and_then(|value| value.as_n().ok().and_then(|n| n.parse().ok()))
        .unwrap_or(0);
    let application: Application = serde_dynamo::from_item(item).map_err(internal)?;
    Ok(StoredApplication {
        application,
        keys: keys.into_values().collect(),
        keys_version,
    })
}
