//! Pipeline items (one per pipeline, its stages inline), one small item per stored stage and a
//! per-tenant pipeline count.
//!
//! A stage item (`STAGE#<stage id>`) is the stage's existence as DynamoDB can check it inside a
//! transaction: it names its pipeline and counts the live deals in the stage (`deal_refs`). Every
//! deal write that puts a deal into a stage adds one to it under the condition that it exists
//! and is not closing; leaving subtracts one. A pipeline write that removes a stage deletes its
//! item under the condition that no deal is in it, in the same transaction as the pipeline. So a
//! deal can never name a stage or pipeline that is gone, however the writes race.

use aws_sdk_dynamodb::types::{
    AttributeValue, ConditionCheck, Delete, Put, TransactWriteItem, Update,
};

use super::{
    classify, internal, keys, n, put_new, s, without_empty_attributes, Item, Read, Store,
    StoreError,
};
use crate::ids::entity_id;
use crate::pipeline::{Pipeline, Pipelines, DEFAULT_PIPELINE_ID, MAX_PIPELINES};

/// Condition of a stage item that deals may enter.
pub(super) const STAGE_OPEN: &str = "attribute_exists(pk) AND attribute_not_exists(#closing)";
/// Condition of a stage item that no live deal is in.
const STAGE_EMPTY: &str = "attribute_not_exists(#refs) OR #refs <= :zero";

/// A Delete or ConditionCheck builder (two SDK types with the same methods) of a stage item, on
/// the condition that no live deal is in the stage.
macro_rules! when_stage_empty {
    ($builder:expr, $store:expr, $tenant:expr, $stage:expr) => {
        $builder
            .table_name(&$store.table)
            .key(keys::PK, s(keys::tenant($tenant)))
            .key(keys::SK, s(keys::stage_item($stage)))
            .condition_expression(STAGE_EMPTY)
            .expression_attribute_names("#refs", keys::DEAL_REFS)
            .expression_attribute_values(":zero", n(0))
            .build()
            .map_err(internal)?
    };
}
pub(super) const CLOSING: &str = "closing";
const PIPELINE_ID: &str = "pipeline_id";

/// A stage as its own item: which pipeline holds it, how many live deals are in it, and whether
/// a deletion is moving its deals out (then no deal may enter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageEntry {
    pub pipeline_id: String,
    pub deal_refs: u64,
    pub closing: bool,
}

impl Store {
    /// Every pipeline of the tenant (the built-in default when none is stored): one strongly
    /// consistent Query over `PIPELINE#` items (at most [`MAX_PIPELINES`]). For listings only;
    /// a deal request reads just the pipelines it needs.
    pub async fn load_pipelines(&self, tenant: &str) -> Result<Pipelines, StoreError> {
        let stored = self.query_pipelines(tenant, None, Read::Strong).await?;
        Ok(Pipelines::new(stored))
    }

    /// One pipeline: a strongly consistent GetItem. The built-in default while the tenant has
    /// stored no pipeline (one more `Limit 1` Query, only when `default` is not stored).
    pub async fn get_pipeline(
        &self,
        tenant: &str,
        id: &str,
    ) -> Result<Option<Pipeline>, StoreError> {
        match self
            .get_named(tenant, id, keys::pipeline, Read::Strong)
            .await?
        {
            Some(item) => pipeline_from_item(item).map(Some),
            None if id == DEFAULT_PIPELINE_ID => {
                let any = self.query_pipelines(tenant, Some(1), Read::Strong).await?;
                Ok(any.is_empty().then(Pipeline::built_in_default))
            }
            None => Ok(None),
        }
    }

    /// Where deals go when the client names no pipeline: `default` while it exists, else the
    /// oldest pipeline (ids sort `default` < `pip_<ULID>`), else the built-in default. One
    /// `Limit 1` Query.
    pub async fn default_pipeline(&self, tenant: &str) -> Result<Pipeline, StoreError> {
        let first = self.query_pipelines(tenant, Some(1), Read::Strong).await?;
        Ok(first
            .into_iter()
            .next()
            .unwrap_or_else(Pipeline::built_in_default))
    }

    async fn query_pipelines(
        &self,
        tenant: &str,
        limit: Option<i32>,
        read: Read,
    ) -> Result<Vec<Pipeline>, StoreError> {
        let mut stored = Vec::new();
        let mut start = None;
        loop {
            let output = self
                .query_prefix(tenant, keys::PIPELINE_PREFIX)
                .consistent_read(read == Read::Strong)
                .set_limit(limit)
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(classify)?;
            for item in output.items.unwrap_or_default() {
                stored.push(pipeline_from_item(item)?);
            }
            match output.last_evaluated_key {
                Some(key) if limit.is_none() => start = Some(key),
                _ => return Ok(stored),
            }
        }
    }

    /// A stage's own item, if the stage is stored: one strongly consistent GetItem.
    pub async fn stage_entry(
        &self,
        tenant: &str,
        stage_id: &str,
    ) -> Result<Option<StageEntry>, StoreError> {
        let item = self
            .get_named(tenant, stage_id, keys::stage_item, Read::Strong)
            .await?;
        Ok(item.map(|item| StageEntry {
            pipeline_id: item
                .get(PIPELINE_ID)
                .and_then(|value| value.as_s().ok())
                .cloned()
                .unwrap_or_default(),
            deal_refs: count_of(item.get(keys::DEAL_REFS)),
            closing: item.contains_key(CLOSING),
        }))
    }

    /// How many live deals are in a stage (0 when it is not stored): an eventually consistent
    /// GetItem of its small item, for list totals.
    pub async fn stage_deal_count(&self, tenant: &str, stage_id: &str) -> Result<u64, StoreError> {
        let item = self
            .get_named(tenant, stage_id, keys::stage_item, Read::Eventual)
            .await?;
        Ok(item.map_or(0, |item| count_of(item.get(keys::DEAL_REFS))))
    }

    /// The item a pipeline or stage id keys, if the id could name one (anything else names
    /// nothing and is never put in a key) and it is stored.
    async fn get_named(
        &self,
        tenant: &str,
        id: &str,
        sort_key: fn(&str) -> String,
        read: Read,
    ) -> Result<Option<Item>, StoreError> {
        // Anything else names nothing, and is never used in a key.
        if entity_id(id).is_none() {
            return Ok(None);
        }
        self.get_tenant_item(tenant, sort_key(id), read).await
    }

    /// Marks a stage as being deleted (no deal may enter it while its deals are moved out), or
    /// lifts the mark.
    pub async fn set_stage_closing(
        &self,
        tenant: &str,
        stage_id: &str,
        closing: bool,
    ) -> Result<(), StoreError> {
        if entity_id(stage_id).is_none() {
            return Err(StoreError::MissingStage);
        }
        let update = self
            .update_tenant_item(tenant, keys::stage_item(stage_id))
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_names("#closing", CLOSING);
        let update = if closing {
            update
                .update_expression("SET #closing = :true")
                .expression_attribute_values(":true", AttributeValue::Bool(true))
        } else {
            update.update_expression("REMOVE #closing")
        };
        match update.send().await {
            Ok(_) => Ok(()),
            Err(error) if super::is_conditional_check_failure(&error) => {
                Err(StoreError::MissingStage)
            }
            Err(error) => Err(classify(error)),
        }
    }

    /// Why a deal could not enter `stage_id`: it is being deleted, or it does not exist.
    pub(super) async fn stage_refusal(&self, tenant: &str, stage_id: &str) -> StoreError {
        match self.stage_entry(tenant, stage_id).await {
            Ok(Some(entry)) if entry.closing => StoreError::StageClosing,
            Ok(_) => StoreError::MissingStage,
            Err(error) => error,
        }
    }

    /// Writes a pipeline over `before`, the stored version it was read at (`None`, or the
    /// built-in default: it must not exist yet, and it counts against the tenant's
    /// [`MAX_PIPELINES`]). In the same transaction: an item for each new stage, and the item of
    /// each removed stage deleted, which fails while deals are in it. `must_be_empty`: stages
    /// that must hold no deals for the write to happen (a change of kind).
    pub async fn save_pipeline(
        &self,
        tenant: &str,
        pipeline: &Pipeline,
        before: Option<&Pipeline>,
        must_be_empty: &[&str],
    ) -> Result<(), StoreError> {
        let before = before.filter(|before| before.is_stored());
        let mut item: Item = serde_dynamo::to_item(pipeline).map_err(|error| {
            StoreError::Internal(format!("cannot encode pipeline: {error}").into())
        })?;
        without_empty_attributes(&mut item);
        item.insert(keys::PK.into(), s(keys::tenant(tenant)));
        item.insert(keys::SK.into(), s(keys::pipeline(&pipeline.id)));
        let put = Put::builder().table_name(&self.table).set_item(Some(item));
        let put = match before {
            None => put.condition_expression("attribute_not_exists(pk)"),
            Some(before) => put
                .condition_expression("#version = :expected")
                .expression_attribute_names("#version", "version")
                .expression_attribute_values(":expected", n(before.version)),
        };
        let mut items = vec![TransactWriteItem::builder()
            .put(put.build().map_err(internal)?)
            .build()];
        let kept = |stages: &[crate::pipeline::Stage], id: &str| stages.iter().any(|s| s.id == id);
        for stage in &pipeline.stages {
            if !before.is_some_and(|before| kept(&before.stages, &stage.id)) {
                items.push(self.new_stage_item(tenant, &stage.id, &pipeline.id)?);
            }
        }
        // The stages that must be empty, each checked by one item from `first_check` on.
        let first_check = items.len();
        let mut checked = Vec::new();
        for stage in before.map_or(&[][..], |before| &before.stages[..]) {
            if !kept(&pipeline.stages, &stage.id) {
                checked.push(stage.id.as_str());
                items.push(self.delete_empty_stage(tenant, &stage.id)?);
            }
        }
        // Only stored stages can hold deals (and a transaction may touch an item once).
        for stage_id in must_be_empty.iter().filter(|id| {
            before.is_some_and(|before| kept(&before.stages, id)) && kept(&pipeline.stages, id)
        }) {
            checked.push(stage_id);
            items.push(self.check_stage_empty(tenant, stage_id)?);
        }
        let counter_index = items.len();
        if before.is_none() {
            items.push(self.count_pipeline(tenant, 1)?);
        }
        let Err(refused) = self.transact(items).await else {
            return Ok(());
        };
        if refused.at(0) {
            return Err(StoreError::VersionConflict);
        }
        if let Some(stage) = refused.among(first_check, &checked).next() {
            return Err(StoreError::StageInUse((*stage).to_owned()));
        }
        if before.is_none() && refused.at(counter_index) {
            return Err(StoreError::TooManyPipelines);
        }
        Err(refused.error)
    }

    /// Deletes a pipeline read at `pipeline.version` with every stage item, in one transaction
    /// that fails while a deal is in one of its stages or when it is the tenant's last pipeline.
    pub async fn delete_pipeline(
        &self,
        tenant: &str,
        pipeline: &Pipeline,
    ) -> Result<(), StoreError> {
        let delete = Delete::builder()
            .table_name(&self.table)
            .key(keys::PK, s(keys::tenant(tenant)))
            .key(keys::SK, s(keys::pipeline(&pipeline.id)))
            .condition_expression("#version = :expected")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":expected", n(pipeline.version))
            .build()
            .map_err(internal)?;
        let mut items = vec![TransactWriteItem::builder().delete(delete).build()];
        for stage in &pipeline.stages {
            items.push(self.delete_empty_stage(tenant, &stage.id)?);
        }
        let counter_index = items.len();
        items.push(self.count_pipeline(tenant, -1)?);
        let Err(refused) = self.transact(items).await else {
            return Ok(());
        };
        if refused.at(0) {
            return Err(StoreError::VersionConflict);
        }
        if let Some(stage) = refused.among(1, &pipeline.stages).next() {
            return Err(StoreError::StageInUse(stage.id.clone()));
        }
        if refused.at(counter_index) {
            return Err(StoreError::LastPipeline);
        }
        Err(refused.error)
    }

    /// Stores the tenant's built-in default pipeline, with its stage items, while the tenant has
    /// stored no pipeline (concurrent first writes store it once). Deals can enter only stored
    /// stages, so the first deal of a tenant stores it.
    pub async fn store_default_pipeline(
        &self,
        tenant: &str,
        timestamp: &str,
    ) -> Result<(), StoreError> {
        if !self
            .query_pipelines(tenant, Some(1), Read::Strong)
            .await?
            .is_empty()
        {
            return Ok(());
        }
        let default = Pipeline {
            created_at: Some(timestamp.to_owned()),
            updated_at: Some(timestamp.to_owned()),
            version: 1,
            ..Pipeline::built_in_default()
        };
        match self.save_pipeline(tenant, &default, None, &[]).await {
            Ok(()) | Err(StoreError::VersionConflict) => Ok(()),
            Err(other) => Err(other),
        }
    }

    fn new_stage_item(
        &self,
        tenant: &str,
        stage_id: &str,
        pipeline_id: &str,
    ) -> Result<TransactWriteItem, StoreError> {
        let item = Item::from([
            (keys::PK.into(), s(keys::tenant(tenant))),
            (keys::SK.into(), s(keys::stage_item(stage_id))),
            (PIPELINE_ID.into(), s(pipeline_id.to_owned())),
        ]);
        put_new(&self.table, item)
    }

    fn delete_empty_stage(
        &self,
        tenant: &str,
        stage_id: &str,
    ) -> Result<TransactWriteItem, StoreError> {
        let delete = when_stage_empty!(Delete::builder(), self, tenant, stage_id);
        Ok(TransactWriteItem::builder().delete(delete).build())
    }

    fn check_stage_empty(
        &self,
        tenant: &str,
        stage_id: &str,
    ) -> Result<TransactWriteItem, StoreError> {
        let check = when_stage_empty!(ConditionCheck::builder(), self, tenant, stage_id);
        Ok(TransactWriteItem::builder().condition_check(check).build())
    }

    /// +1 under the limit, or −1 leaving at least one.
    fn count_pipeline(&self, tenant: &str, delta: i64) -> Result<TransactWriteItem, StoreError> {
        let update = Update::builder()
            .table_name(&self.table)
            .key(keys::PK, s(keys::tenant(tenant)))
            .key(keys::SK, s(keys::PIPELINE_COUNT.into()))
            // Listed among the tenants whose aggregates the daily reconciliation checks.
            .update_expression("ADD #count :delta SET #registry = :registry, #tenant = :tenant")
            .expression_attribute_names("#count", "count")
            .expression_attribute_names("#registry", super::webhooks::DUE_PK)
            .expression_attribute_names("#tenant", super::webhooks::DUE_SK)
            .expression_attribute_values(":registry", s(keys::TENANT_REGISTRY.into()))
            .expression_attribute_values(":tenant", s(tenant.to_owned()))
            .expression_attribute_values(":delta", AttributeValue::N(delta.to_string()));
        let update = if delta > 0 {
            update
                .condition_expression("attribute_not_exists(#count) OR #count < :max")
                .expression_attribute_values(":max", n(MAX_PIPELINES as u64))
        } else {
            update
                .condition_expression("#count > :one")
                .expression_attribute_values(":one", n(1))
        };
        Ok(TransactWriteItem::builder()
            .update(update.build().map_err(internal)?)
            .build())
    }
}

pub(super) fn pipeline_from_item(item: Item) -> Result<Pipeline, StoreError> {
    serde_dynamo::from_item(item).map_err(|error| {
        StoreError::Internal(format!("cannot decode stored pipeline: {error}").into())
    })
}

fn count_of(value: Option<&AttributeValue>) -> u64 {
    value
        .and_then(|value| value.as_n().ok())
        .and_then(|count| count.parse::<i64>().ok())
        .map_or(0, |count| count.max(0).unsigned_abs())
}
