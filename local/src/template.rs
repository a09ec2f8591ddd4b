//! Reads what the local tooling needs from `template.yaml`, the one definition of the deployed
//! stack: the HTTP routes of each function, its environment, timeout and memory, the
//! parameters, and the table with its indexes.
//!
//! CloudFormation's short forms (`!Ref X`, `!Sub …`, `!GetAtt …`) are read as their long forms
//! (`{Ref: X}`, `{"Fn::Sub": …}`), so an environment value can tell a reference from a literal.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::Marker;
use yaml_rust2::yaml::Hash;
use yaml_rust2::Yaml;

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
    /// `StreamSpecification.StreamViewType` (`NEW_AND_OLD_IMAGES`), when the table has a stream.
    pub stream_view_type: Option<String>,
}

/// A function as the template deploys it.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateFunction {
    /// Its logical id (`GetDealFunction`), which AWS names it after.
    pub logical_id: String,
    /// Its binary (`Metadata.BuildProperties.Binary`).
    pub binary: String,
    /// `(method, path)` of each HttpApi event; `("ANY", "$default")` for the default route.
    pub routes: Vec<(String, String)>,
    /// Globals' variables, then its own (which win), as written: resolve them with
    /// [`Template::environment`].
    pub environment: Vec<(String, Yaml)>,
    pub timeout_seconds: u64,
    pub memory_mb: u64,
}

/// A template parameter and its default, if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateParameter {
    pub name: String,
    pub default: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Template {
    pub routes: Vec<TemplateRoute>,
    pub functions: Vec<TemplateFunction>,
    pub parameters: Vec<TemplateParameter>,
    pub table: TableDefinition,
}

#[derive(Debug, thiserror::Error)]
#[error("template.yaml: {0}")]
pub struct TemplateError(pub(crate) String);

impl Template {
    pub fn bundled() -> Result<Self, TemplateError> {
        Self::parse(TEMPLATE_YAML)
    }

    pub fn parse(source: &str) -> Result<Self, TemplateError> {
        let document = load(source)?;
        let resources = document["Resources"]
            .as_hash()
            .ok_or_else(|| TemplateError("no Resources".into()))?;
        let globals = &document["Globals"]["Function"];
        let mut routes = Vec::new();
        let mut functions = Vec::new();
        let mut tables = Vec::new();
        for (logical_id, resource) in resources {
            match resource["Type"].as_str() {
                Some("AWS::Serverless::Function") => {
                    routes.extend(function_routes(resource)?);
                    functions.push(function(
                        text(logical_id, "resource id")?,
                        resource,
                        globals,
                    )?);
                }
                Some("AWS::DynamoDB::Table") => tables.push(table(&resource["Properties"])?),
                _ => {}
            }
        }
        routes.sort();
        let parameters = match document["Parameters"].as_hash() {
            None => Vec::new(),
            Some(parameters) => parameters
                .iter()
                .map(|(name, parameter)| {
                    Ok(TemplateParameter {
                        name: text(name, "parameter name")?,
                        default: scalar(&parameter["Default"]),
                    })
                })
                .collect::<Result<_, TemplateError>>()?,
        };
        let table = match <[TableDefinition; 1]>::try_from(tables) {
            Ok([table]) => table,
            Err(tables) => {
                return Err(TemplateError(format!(
                    "expected exactly one DynamoDB table, found {}",
                    tables.len()
                )))
            }
        };
        Ok(Template {
            routes,
            functions,
            parameters,
            table,
        })
    }

    /// The function whose binary is `binary`.
    pub fn function(&self, binary: &str) -> Option<&TemplateFunction> {
        self.functions
            .iter()
            .find(|function| function.binary == binary)
    }

    /// A function's environment as deployed: each `!Ref` to a parameter is its value in
    /// `parameters` (else the parameter's default), each `!Ref` to a resource is
    /// `resources(logical id)`; literals stay as written. Anything else cannot be resolved
    /// locally and is an error naming the variable.
    pub fn environment(
        &self,
        function: &TemplateFunction,
        parameters: &[(String, String)],
        resources: impl Fn(&str) -> Option<String>,
    ) -> Result<Vec<(String, String)>, TemplateError> {
        function
            .environment
            .iter()
            .map(|(name, value)| {
                let resolved = match value {
                    Yaml::Hash(form) => match form.get(&Yaml::String("Ref".into())) {
                        Some(Yaml::String(target)) => self
                            .parameter_value(target, parameters)
                            .or_else(|| resources(target)),
                        _ => None,
                    },
                    literal => scalar(literal),
                };
                resolved.map(|value| (name.clone(), value)).ok_or_else(|| {
                    TemplateError(format!(
                        "{}: cannot resolve environment variable {name} locally",
                        function.logical_id
                    ))
                })
            })
            .collect()
    }

    fn parameter_value(&self, name: &str, given: &[(String, String)]) -> Option<String> {
        let parameter = self.parameters.iter().find(|p| p.name == name)?;
        given
            .iter()
            .find(|(given, _)| given == name)
            .map(|(_, value)| value.clone())
            .or_else(|| parameter.default.clone())
    }
}

fn function(
    logical_id: String,
    resource: &Yaml,
    globals: &Yaml,
) -> Result<TemplateFunction, TemplateError> {
    let properties = &resource["Properties"];
    let mut environment: Vec<(String, Yaml)> = Vec::new();
    for variables in [
        &globals["Environment"]["Variables"],
        &properties["Environment"]["Variables"],
    ] {
        for (name, value) in variables.as_hash().into_iter().flatten() {
            let name = text(name, "environment variable name")?;
            environment.retain(|(earlier, _)| *earlier != name);
            environment.push((name, value.clone()));
        }
    }
    let number = |key: &str, fallback: u64| {
        let value = match &properties[key] {
            Yaml::BadValue => &globals[key],
            own => own,
        };
        match value {
            Yaml::BadValue => Ok(fallback),
            Yaml::Integer(n) => u64::try_from(*n)
                .map_err(|_| TemplateError(format!("{logical_id}: {key} must be positive"))),
            _ => Err(TemplateError(format!(
                "{logical_id}: {key} must be a number"
            ))),
        }
    };
    // Lambda's own defaults when neither the function nor Globals say.
    let timeout_seconds = number("Timeout", 3)?;
    let memory_mb = number("MemorySize", 128)?;
    let routes = function_routes(resource)?
        .into_iter()
        .map(|route| (route.method, route.path))
        .collect();
    Ok(TemplateFunction {
        binary: text(&resource["Metadata"]["BuildProperties"]["Binary"], "Binary")?,
        logical_id,
        routes,
        environment,
        timeout_seconds,
        memory_mb,
    })
}

/// A scalar as text, as CloudFormation reads it (`10`, `true`, `info`).
fn scalar(yaml: &Yaml) -> Option<String> {
    match yaml {
        Yaml::String(text) | Yaml::Real(text) => Some(text.clone()),
        Yaml::Integer(n) => Some(n.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The template's one document, short-form intrinsics read as their long forms.
pub(crate) fn load(text: &str) -> Result<Yaml, TemplateError> {
    let mut loader = Loader::default();
    Parser::new_from_str(text)
        .load(&mut loader, false)
        .map_err(|error| TemplateError(error.to_string()))?;
    if let Some(error) = loader.error {
        return Err(TemplateError(error));
    }
    loader
        .document
        .ok_or_else(|| TemplateError("the template is empty".into()))
}

/// Builds the YAML tree as yaml-rust2's loader does (no anchors: the template has none), but
/// keeps a `!Name` tag as a one-key mapping `{Ref | Fn::Name: node}`.
#[derive(Default)]
struct Loader {
    /// Open collections, each with its tag, and for a mapping the key waiting for its value.
    open: Vec<(Yaml, Option<Tag>, Option<Yaml>)>,
    document: Option<Yaml>,
    error: Option<String>,
}

impl Loader {
    fn close(&mut self, node: Yaml, tag: Option<Tag>) {
        let node = match tag {
            Some(tag) if tag.handle == "!" => {
                let name = if tag.suffix == "Ref" {
                    tag.suffix
                } else {
                    format!("Fn::{}", tag.suffix)
                };
                let mut form = Hash::new();
                form.insert(Yaml::String(name), node);
                Yaml::Hash(form)
            }
            _ => node,
        };
        match self.open.last_mut() {
            None => self.document = Some(node),
            Some((Yaml::Array(items), _, _)) => items.push(node),
            Some((Yaml::Hash(map), _, key)) => match key.take() {
                None => *key = Some(node),
                Some(key) => {
                    map.insert(key, node);
                }
            },
            Some(_) => self.error = Some("unexpected YAML structure".into()),
        }
    }
}

impl MarkedEventReceiver for Loader {
    fn on_event(&mut self, event: Event, _mark: Marker) {
        match event {
            Event::Scalar(value, style, _, tag) => {
                let node = if style == yaml_rust2::scanner::TScalarStyle::Plain {
                    Yaml::from_str(&value)
                } else {
                    Yaml::String(value)
                };
                self.close(node, tag);
            }
            Event::SequenceStart(_, tag) => self.open.push((Yaml::Array(Vec::new()), tag, None)),
            Event::MappingStart(_, tag) => self.open.push((Yaml::Hash(Hash::new()), tag, None)),
            Event::SequenceEnd | Event::MappingEnd => match self.open.pop() {
                Some((node, tag, _)) => self.close(node, tag),
                None => self.error = Some("unbalanced YAML".into()),
            },
            Event::Alias(_) => self.error = Some("the template must not use YAML aliases".into()),
            _ => {}
        }
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
        stream_view_type: properties["StreamSpecification"]["StreamViewType"]
            .as_str()
            .map(String::from),
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
    fn environments_resolve_references_and_keep_literals() {
        let template = Template::bundled().expect("template.yaml parses");
        let function = template.function("get-deal").expect("get-deal");
        assert_eq!(function.logical_id, "GetDealFunction");
        assert!(function
            .routes
            .contains(&("GET".into(), "/api/v1/crm/deals/{id}".into())));
        assert!(function.timeout_seconds > 0 && function.memory_mb >= 128);
        let given = [
            ("CursorSecret".to_owned(), "c".repeat(32)),
            ("TokenSigningSecret".to_owned(), "t".repeat(32)),
        ];
        let environment = template
            .environment(function, &given, |resource| {
                (resource == "DealsTable").then(|| "deals-local".to_owned())
            })
            .expect("resolvable");
        let value = |name: &str| {
            environment
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str())
        };
        assert_eq!(value("TABLE_NAME"), Some("deals-local"));
        assert_eq!(value("CURSOR_SECRET"), Some("c".repeat(32).as_str()));
        assert_eq!(
            value("JWT_ISSUER"),
            Some("deals-api"),
            "the parameter's default"
        );
        assert_eq!(value("RUST_LOG"), Some("info"), "a literal");
        let unresolved = template.environment(function, &given, |_| None);
        assert!(unresolved.is_err(), "DealsTable is not known");
    }

    #[test]
    fn short_form_intrinsics_become_long_forms() {
        let document = load("a: !Ref B\nc: !GetAtt D.Arn\ne: [!Sub \"x\", plain]\n").expect("yaml");
        assert_eq!(document["a"]["Ref"].as_str(), Some("B"));
        assert_eq!(document["c"]["Fn::GetAtt"].as_str(), Some("D.Arn"));
        assert_eq!(document["e"][0]["Fn::Sub"].as_str(), Some("x"));
        assert_eq!(document["e"][1].as_str(), Some("plain"));
    }

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
