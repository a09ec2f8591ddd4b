//! Creates the table of template.yaml in DynamoDB Local, or checks that the one there matches.

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, StreamSpecification, StreamViewType,
};
use aws_sdk_dynamodb::Client;

use crate::template::{KeyElement, TableDefinition};

#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("cannot reach DynamoDB: {0}")]
    Sdk(String),
    #[error("table {0} exists with other keys, indexes or stream than template.yaml defines; delete it or use another TABLE_NAME")]
    Drifted(String),
    #[error("invalid table definition: {0}")]
    Definition(String),
}

/// Creates `name` as `definition` says, unless it exists already with the same keys and indexes.
pub async fn ensure_table(
    client: &Client,
    name: &str,
    definition: &TableDefinition,
) -> Result<(), TableError> {
    let created = client
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .set_attribute_definitions(Some(attributes(definition)?))
        .set_key_schema(Some(key_schema(&definition.key_schema)?))
        .set_global_secondary_indexes(Some(indexes(definition)?).filter(|i| !i.is_empty()))
        .set_stream_specification(stream(definition)?)
        .send()
        .await;
    match created {
        Ok(_) => Ok(()),
        Err(error) if error.code() == Some("ResourceInUseException") => {
            check_existing(client, name, definition).await
        }
        Err(error) => Err(TableError::Sdk(
            aws_sdk_dynamodb::error::DisplayErrorContext(&error).to_string(),
        )),
    }
}

async fn check_existing(
    client: &Client,
    name: &str,
    definition: &TableDefinition,
) -> Result<(), TableError> {
    let described = client
        .describe_table()
        .table_name(name)
        .send()
        .await
        .map_err(|e| {
            TableError::Sdk(aws_sdk_dynamodb::error::DisplayErrorContext(&e).to_string())
        })?;
    let Some(table) = described.table else {
        return Err(TableError::Drifted(name.into()));
    };
    let same_keys = table.key_schema() == key_schema(&definition.key_schema)?.as_slice();
    let mut existing: Vec<(String, Vec<KeySchemaElement>)> = table
        .global_secondary_indexes()
        .iter()
        .map(|index| {
            (
                index.index_name().unwrap_or_default().to_owned(),
                index.key_schema().to_vec(),
            )
        })
        .collect();
    let mut expected: Vec<(String, Vec<KeySchemaElement>)> = definition
        .indexes
        .iter()
        .map(|index| Ok((index.name.clone(), key_schema(&index.key_schema)?)))
        .collect::<Result<_, TableError>>()?;
    existing.sort_by(|a, b| a.0.cmp(&b.0));
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    let stream = table
        .stream_specification()
        .filter(|stream| stream.stream_enabled())
        .and_then(|stream| stream.stream_view_type())
        .map(|view| view.as_str().to_owned());
    if same_keys && existing == expected && stream == definition.stream_view_type {
        Ok(())
    } else {
        Err(TableError::Drifted(name.into()))
    }
}

fn attributes(definition: &TableDefinition) -> Result<Vec<AttributeDefinition>, TableError> {
    definition
        .attributes
        .iter()
        .map(|(name, kind)| {
            AttributeDefinition::builder()
                .attribute_name(name)
                .attribute_type(ScalarAttributeType::from(kind.as_str()))
                .build()
                .map_err(|e| TableError::Definition(e.to_string()))
        })
        .collect()
}

fn stream(definition: &TableDefinition) -> Result<Option<StreamSpecification>, TableError> {
    definition
        .stream_view_type
        .as_deref()
        .map(|view| {
            StreamSpecification::builder()
                .stream_enabled(true)
                .stream_view_type(StreamViewType::from(view))
                .build()
                .map_err(|e| TableError::Definition(e.to_string()))
        })
        .transpose()
}

fn key_schema(elements: &[KeyElement]) -> Result<Vec<KeySchemaElement>, TableError> {
    elements
        .iter()
        .map(|element| {
            KeySchemaElement::builder()
                .attribute_name(&element.attribute)
                .key_type(KeyType::from(element.key_type.as_str()))
                .build()
                .map_err(|e| TableError::Definition(e.to_string()))
        })
        .collect()
}

fn indexes(definition: &TableDefinition) -> Result<Vec<GlobalSecondaryIndex>, TableError> {
    definition
        .indexes
        .iter()
        .map(|index| {
            GlobalSecondaryIndex::builder()
                .index_name(&index.name)
                .set_key_schema(Some(key_schema(&index.key_schema)?))
                .projection(
                    Projection::builder()
                        .projection_type(ProjectionType::from(index.projection_type.as_str()))
                        .build(),
                )
                .build()
                .map_err(|e| TableError::Definition(e.to_string()))
        })
        .collect()
}
