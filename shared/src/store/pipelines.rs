//! Pipeline items: one per pipeline, its stages inline.

use aws_sdk_dynamodb::types::AttributeValue;

use super::{
    classify, is_conditional_check_failure, keys, n, s, without_empty_attributes, Item, Store,
    StoreError,
};
use crate::pipeline::{Pipeline, Pipelines};

impl Store {
    /// Every pipeline of the tenant (the built-in default when none is stored): one strongly
    /// consistent Query over `PIPELINE#` items, a few KB.
    pub async fn load_pipelines(&self, tenant: &str) -> Result<Pipelines, StoreError> {
        let mut stored = Vec::new();
        let mut start = None;
        loop {
            let output = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expression_attribute_names("#pk", keys::PK)
                .expression_attribute_names("#sk", keys::SK)
                .expression_attribute_values(":pk", s(keys::tenant(tenant)))
                .expression_attribute_values(":prefix", s(keys::PIPELINE_PREFIX.into()))
                .consistent_read(true)
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(classify)?;
            for item in output.items.unwrap_or_default() {
                stored.push(
                    serde_dynamo::from_item::<_, Pipeline>(item).map_err(|error| {
                        StoreError::Internal(format!("cannot decode stored pipeline: {error}"))
                    })?,
                );
            }
            match output.last_evaluated_key {
                Some(key) => start = Some(key),
                None => return Ok(Pipelines::new(stored)),
            }
        }
    }

    /// Writes a pipeline over the version it was read at (0: it must not exist yet).
    pub async fn save_pipeline(
        &self,
        tenant: &str,
        pipeline: &Pipeline,
        expected_version: u64,
    ) -> Result<(), StoreError> {
        let mut item: Item = serde_dynamo::to_item(pipeline)
            .map_err(|error| StoreError::Internal(format!("cannot encode pipeline: {error}")))?;
        without_empty_attributes(&mut item);
        item.insert(keys::PK.into(), s(keys::tenant(tenant)));
        item.insert(keys::SK.into(), s(keys::pipeline(&pipeline.id)));
        let put = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item));
        let put = if expected_version == 0 {
            put.condition_expression("attribute_not_exists(pk)")
        } else {
            put.condition_expression("#version = :expected")
                .expression_attribute_names("#version", "version")
                .expression_attribute_values(":expected", n(expected_version))
        };
        match put.send().await {
            Ok(_) => Ok(()),
            Err(error) if is_conditional_check_failure(&error) => Err(StoreError::VersionConflict),
            Err(error) => Err(classify(error)),
        }
    }

    pub async fn delete_pipeline(
        &self,
        tenant: &str,
        pipeline: &Pipeline,
    ) -> Result<(), StoreError> {
        let result = self
            .client
            .delete_item()
            .table_name(&self.table)
            .key(keys::PK, s(keys::tenant(tenant)))
            .key(keys::SK, s(keys::pipeline(&pipeline.id)))
            .condition_expression("#version = :expected")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(
                ":expected",
                AttributeValue::N(pipeline.version.to_string()),
            )
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error) if is_conditional_check_failure(&error) => Err(StoreError::VersionConflict),
            Err(error) => Err(classify(error)),
        }
    }
}
