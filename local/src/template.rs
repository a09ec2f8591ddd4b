//! Reads what the local tooling needs from `template.yaml`, the one definition of the deployed
//! stack: the HTTP routes of each function and the table with its indexes.

use yaml_rust2::{Yaml, YamlLoader};

/// The SAM template, compiled in so the local server always matches the checked-out template.
pub const TEMPLATE_YAML: &str = include_str!("../../template.yaml");

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TemplateRoute {
    pub method: String,
    pub path: String,
    /// The function's binary (`Metadata.BuildProperties.Binary`).
    pub binary: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyElement {
    pub attribute: String,
    /// `HASH` or `RANGE`.
    pub key_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexDefinition {
    pub name: String,
    pub key_schema: Vec<KeyElement>,
    pub projection_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDefinition {
    /// Attribute name and type (`S`, `N`, `B`).
    pub attributes: Vec<(String, String)>,
    pub key_schema: Vec<KeyElement>,
    pub indexes: Vec<IndexDefinition>,
}

#[derive(Debug, Clone)]
pub struct Template {
    pub routes: Vec<TemplateRoute>,
    pub table: TableDefinition,
}

#[derive(Debug, thiserror::Error)]
#[error("template.yaml: {0}")]
pub struct TemplateError(String);

impl Template {
    pub fn bundled() -> Result<Self, TemplateError> {
        Self::parse(TEMPLATE_YAML)
    }

    pub fn parse(text: &str) -> Result<Self, TemplateError> {
        let documents =
            YamlLoader::load_from_str(text).map_err(|error| TemplateError(error.to_string()))?;
        let resources = documents
            .first()
            .and_then(|doc| doc["Resources"].as_hash())
            .ok_or_else(|| TemplateError("no Resources".into()))?;
        let mut routes = Vec::new();
        let mut tables = Vec::new();
        for resource in resources.values() {
            match resource["Type"].as_str() {
                Some("AWS::Serverless::Function") => routes.extend(function_routes(resource)?),
                Some("AWS::DynamoDB::Table") => tables.push(table(&resource["Properties"])?),
                _ => {}
            }
        }
        routes.sort();
        let table = match <[TableDefinition; 1]>::try_from(tables) {
            Ok([table]) => table,
            Err(tables) => {
                return Err(TemplateError(format!(
                    "expected exactly one DynamoDB table, found {}",
                    tables.len()
                )))
            }
        };
        Ok(Template { routes, table })
    }
}

fn function_routes(function: &Yaml) -> Result<Vec<TemplateRoute>, TemplateError> {
    let binary = text(&function["Metadata"]["BuildProperties"]["Binary"], "Binary")?;
    let Some(events) = function["Properties"]["Events"].as_hash() else {
        return Ok(Vec::new());
    };
    events
        .values()
        .filter(|event| event["Type"].as_str() == Some("HttpApi"))
        .map(|event| {
            Ok(TemplateRoute {
                method: text(&event["Properties"]["Method"], "Method")?.to_ascii_uppercase(),
                path: text(&event["Properties"]["Path"], "Path")?,
                binary: binary.clone(),
            })
        })
        .collect()
}

fn table(properties: &Yaml) -> Result<TableDefinition, TemplateError> {
    let attributes = list(&properties["AttributeDefinitions"], "AttributeDefinitions")?
        .iter()
        .map(|attribute| {
            Ok((
                text(&attribute["AttributeName"], "AttributeName")?,
                text(&attribute["AttributeType"], "AttributeType")?,
            ))
        })
        .collect::<Result<_, TemplateError>>()?;
    let indexes = match properties["GlobalSecondaryIndexes"].as_vec() {
        None => Vec::new(),
        Some(indexes) => indexes
            .iter()
            .map(|index| {
                Ok(IndexDefinition {
                    name: text(&index["IndexName"], "IndexName")?,
                    key_schema: key_schema(&index["KeySchema"])?,
                    projection_type: text(
                        &index["Projection"]["ProjectionType"],
                        "ProjectionType",
                    )?,
                })
            })
            .collect::<Result<_, TemplateError>>()?,
    };
    Ok(TableDefinition {
        attributes,
        key_schema: key_schema(&properties["KeySchema"])?,
        indexes,
    })
}

fn key_schema(yaml: &Yaml) -> Result<Vec<KeyElement>, TemplateError> {
    list(yaml, "KeySchema")?
        .iter()
        .map(|element| {
            Ok(KeyElement {
                attribute: text(&element["AttributeName"], "AttributeName")?,
                key_type: text(&element["KeyType"], "KeyType")?,
            })
        })
        .collect()
}

fn list<'a>(yaml: &'a Yaml, what: &str) -> Result<&'a Vec<Yaml>, TemplateError> {
    yaml.as_vec()
        .ok_or_else(|| TemplateError(format!("{what} must be a plain YAML list")))
}

fn text(yaml: &Yaml, what: &str) -> Result<String, TemplateError> {
    yaml.as_str()
        .map(String::from)
        .ok_or_else(|| TemplateError(format!("{what} must be a plain string")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_template_parses() {
        let template = Template::bundled().expect("template.yaml parses");
        assert_eq!(template.table.key_schema[0].attribute, "pk");
        assert!(template
            .routes
            .iter()
            .any(|r| r.binary == "get-deal" && r.method == "GET"));
    }
}
