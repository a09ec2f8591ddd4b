//! Least privilege, proven from use: a recording proxy between the function instances and
//! DynamoDB Local notes which IAM action on which resource each function's calls needed (each
//! function signs with its own access key id, its logical id, as each deployed function has
//! its own role), and [`check`] compares what was used with each function's policy in
//! `template.yaml`: an action used but not granted fails, and so does one granted but never
//! used. An action needed only on API keys' lookup items (partition keys `APIKEY#…`: a read
//! function noting a key's use) is granted on those items alone, by a `dynamodb:LeadingKeys`
//! condition, so that such a function still cannot write anything else.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use serde_json::Value;
use tokio::net::TcpListener;
use yaml_rust2::Yaml;

use crate::template::TemplateError;

/// What a use is on: the table's items, one of its indexes, or API keys' lookup items only.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Resource {
    Table,
    Index(String),
    KeyLookups,
}

/// What a grant is on: the whole table, its indexes, or the items whose partition key starts
/// with [`KEY_LOOKUPS_LEADING_KEYS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    Table,
    Indexes,
    KeyLookups,
}

/// The `dynamodb:LeadingKeys` pattern of a grant on API keys' lookup items.
pub const KEY_LOOKUPS_LEADING_KEYS: &str = "APIKEY#*";

/// One function's use of one action on one resource.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Use {
    pub function: String,
    pub action: String,
    pub resource: Resource,
}

impl Use {
    /// `ListDealsFunction dynamodb:Query index/by_stage`, one line of the record file.
    pub fn line(&self) -> String {
        let resource = match &self.resource {
            Resource::Table => "table".to_owned(),
            Resource::Index(name) => format!("index/{name}"),
            Resource::KeyLookups => "key-lookups".to_owned(),
        };
        format!("{} {} {resource}", self.function, self.action)
    }

    pub fn from_line(line: &str) -> Option<Use> {
        let mut words = line.split_whitespace();
        let (function, action, resource) = (words.next()?, words.next()?, words.next()?);
        let resource = match resource.strip_prefix("index/") {
            Some(index) => Resource::Index(index.to_owned()),
            None if resource == "table" => Resource::Table,
            None if resource == "key-lookups" => Resource::KeyLookups,
            None => return None,
        };
        Some(Use {
            function: function.to_owned(),
            action: action.to_owned(),
            resource,
        })
    }
}

/// The IAM actions (and resources) a DynamoDB request needs: a transaction needs the action of
/// each of its items, a batch its own action on each table; an item (or every item of a batch)
/// of an API key's lookup is a use on [`Resource::KeyLookups`].
pub fn actions_of(operation: &str, body: &Value) -> Vec<(String, Resource)> {
    let action = |name: &str| format!("dynamodb:{name}");
    match operation {
        "TransactWriteItems" | "TransactGetItems" => body["TransactItems"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|item| item.as_object()?.iter().next())
            .map(|(kind, item)| {
                let name = match kind.as_str() {
                    "Put" => "PutItem",
                    "Update" => "UpdateItem",
                    "Delete" => "DeleteItem",
                    "ConditionCheck" => "ConditionCheckItem",
                    "Get" => "GetItem",
                    other => other,
                };
                (action(name), resource_of(&[&item["Key"], &item["Item"]]))
            })
            .collect(),
        "Query" | "Scan" => match body["IndexName"].as_str() {
            Some(index) => vec![(action(operation), Resource::Index(index.to_owned()))],
            None => vec![(action(operation), Resource::Table)],
        },
        "BatchGetItem" => {
            let keys: Vec<&Value> = body["RequestItems"]
                .as_object()
                .into_iter()
                .flat_map(|tables| tables.values())
                .flat_map(|request| request["Keys"].as_array().into_iter().flatten())
                .collect();
            vec![(action(operation), resource_of(&keys))]
        }
        other => vec![(action(other), resource_of(&[&body["Key"], &body["Item"]]))],
    }
}

/// [`Resource::KeyLookups`] when every one of these keys (or items) that is there is an API
/// key's lookup item, else the table.
fn resource_of(keys: &[&Value]) -> Resource {
    let partition_keys: Vec<Option<&str>> = keys
        .iter()
        .filter(|key| !key.is_null())
        .map(|key| {
            key.get("pk")
                .and_then(|pk| pk.get("S"))
                .and_then(Value::as_str)
        })
        .collect();
    let lookups = !partition_keys.is_empty()
        && partition_keys
            .iter()
            .all(|pk| pk.is_some_and(|pk| pk.starts_with(shared::store::keys::API_KEY_PREFIX)));
    if lookups {
        Resource::KeyLookups
    } else {
        Resource::Table
    }
}

/// The uses seen so far; each new one is also appended to a file, so the file is complete as
/// soon as the request that needed it has been answered.
pub struct Recorder {
    seen: Mutex<BTreeSet<Use>>,
    file: PathBuf,
}

impl Recorder {
    pub fn new(file: PathBuf) -> Self {
        Recorder {
            seen: Mutex::default(),
            file,
        }
    }

    /// Appends each new use as one whole line, written at once while the set is held, so that
    /// uses noted at the same moment never interleave within a line.
    fn note(&self, used: Use) {
        let Ok(mut seen) = self.seen.lock() else {
            return;
        };
        if seen.insert(used.clone()) {
            let appended = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.file)
                .and_then(|mut file| file.write_all(format!("{}\n", used.line()).as_bytes()));
            if let Err(error) = appended {
                tracing::error!(error = %error, file = %self.file.display(), "cannot record a DynamoDB use");
            }
        }
    }
}

/// The uses in a record file.
pub fn read_uses(file: &std::path::Path) -> std::io::Result<BTreeSet<Use>> {
    Ok(std::fs::read_to_string(file)?
        .lines()
        .filter_map(Use::from_line)
        .collect())
}

/// Serves the recording proxy on `listener`, forwarding every request to `dynamodb` and noting
/// what it needed.
pub async fn record(
    listener: TcpListener,
    dynamodb: SocketAddr,
    uses: Arc<Recorder>,
) -> std::io::Result<()> {
    crate::plain_http::serve(listener, move |request, _| {
        let uses = Arc::clone(&uses);
        async move { forward(request, dynamodb, &uses).await }
    })
    .await
}

async fn forward(
    request: Request<Incoming>,
    dynamodb: SocketAddr,
    uses: &Recorder,
) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let Ok(body) = body.collect().await.map(|collected| collected.to_bytes()) else {
        return status(StatusCode::BAD_REQUEST);
    };
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    };
    let operation = header("x-amz-target")
        .rsplit('.')
        .next()
        .unwrap_or_default();
    let function = header("authorization")
        .split("Credential=")
        .nth(1)
        .and_then(|credential| credential.split('/').next())
        .unwrap_or("unsigned")
        .to_owned();
    if !operation.is_empty() {
        let request_body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        for (action, resource) in actions_of(operation, &request_body) {
            uses.note(Use {
                function: function.clone(),
                action,
                resource,
            });
        }
    }
    let forwarded = Request::from_parts(parts, Full::new(body));
    match crate::plain_http::send(dynamodb, forwarded, std::time::Duration::from_secs(30)).await {
        Ok(response) => {
            let (parts, body) = response.into_parts();
            Response::from_parts(parts, Full::new(body))
        }
        Err(_) => status(StatusCode::BAD_GATEWAY),
    }
}

fn status(status: StatusCode) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = status;
    response
}

/// The DynamoDB grants of each function (by logical id): `(action, scope)`.
pub type Grants = BTreeMap<String, BTreeSet<(String, Scope)>>;

fn text_of(yaml: &Yaml) -> String {
    yaml.as_str().unwrap_or_default().to_owned()
}

/// The DynamoDB grants of each function in the template.
pub fn grants(template_yaml: &str) -> Result<Grants, TemplateError> {
    let document = crate::template::load(template_yaml)?;
    let mut grants = Grants::new();
    let resources = document["Resources"].as_hash().into_iter().flatten();
    for (logical_id, resource) in resources {
        if resource["Type"].as_str() != Some("AWS::Serverless::Function") {
            continue;
        }
        let function = text_of(logical_id);
        let granted = grants.entry(function.clone()).or_default();
        let policies = resource["Properties"]["Policies"]
            .as_vec()
            .into_iter()
            .flatten();
        for statement in
            policies.flat_map(|policy| policy["Statement"].as_vec().into_iter().flatten())
        {
            if statement["Effect"].as_str() != Some("Allow") {
                continue;
            }
            let targets = match &statement["Resource"] {
                Yaml::Array(targets) => targets.iter().collect(),
                single => vec![single],
            };
            let on_key_lookups = match &statement["Condition"] {
                Yaml::BadValue => false,
                condition => {
                    let patterns = &condition["ForAllValues:StringLike"]["dynamodb:LeadingKeys"];
                    let only_lookups = condition.as_hash().is_some_and(|hash| hash.len() == 1)
                        && patterns.as_vec().is_some_and(|patterns| {
                            patterns.len() == 1
                                && patterns.first().and_then(Yaml::as_str)
                                    == Some(KEY_LOOKUPS_LEADING_KEYS)
                        });
                    if !only_lookups {
                        return Err(TemplateError(format!(
                            "{function}: a policy condition the check does not know: {condition:?}"
                        )));
                    }
                    true
                }
            };
            let mut on_table = false;
            let mut on_indexes = false;
            for target in targets {
                match (target["Fn::GetAtt"].as_str(), target["Fn::Sub"].as_str()) {
                    (Some("DealsTable.Arn"), _) => on_table = true,
                    (_, Some("${DealsTable.Arn}/index/*")) => on_indexes = true,
                    _ => {
                        return Err(TemplateError(format!(
                            "{function}: a policy resource the check does not know: {target:?}"
                        )))
                    }
                }
            }
            let actions = match &statement["Action"] {
                Yaml::Array(actions) => actions.iter().filter_map(Yaml::as_str).collect(),
                single => single.as_str().into_iter().collect::<Vec<_>>(),
            };
            for action in actions {
                if on_table {
                    let scope = if on_key_lookups {
                        Scope::KeyLookups
                    } else {
                        Scope::Table
                    };
                    granted.insert((action.to_owned(), scope));
                }
                if on_indexes {
                    granted.insert((action.to_owned(), Scope::Indexes));
                }
            }
        }
    }
    Ok(grants)
}

/// Every disagreement between what was used and what is granted, one line each. A use on key
/// lookups is covered by a grant on them or on the whole table; a grant on key lookups beside
/// the same action on the whole table is never needed.
pub fn check(grants: &Grants, uses: &BTreeSet<Use>) -> Vec<String> {
    let none = BTreeSet::new();
    let mut problems = Vec::new();
    for used in uses {
        let granted = grants.get(&used.function).unwrap_or(&none);
        let has = |scope: Scope| granted.contains(&(used.action.clone(), scope));
        let covered = match used.resource {
            Resource::Table => has(Scope::Table),
            Resource::Index(_) => has(Scope::Indexes),
            Resource::KeyLookups => has(Scope::Table) || has(Scope::KeyLookups),
        };
        if !covered {
            problems.push(format!("{}: used but not granted", used.line()));
        }
    }
    for (function, granted) in grants {
        for (action, scope) in granted {
            let used_on = |wanted: fn(&Resource) -> bool| {
                uses.iter().any(|used| {
                    used.function == *function && used.action == *action && wanted(&used.resource)
                })
            };
            let needed = match scope {
                Scope::Table => used_on(|resource| *resource == Resource::Table),
                Scope::Indexes => used_on(|resource| matches!(resource, Resource::Index(_))),
                Scope::KeyLookups => {
                    used_on(|resource| *resource == Resource::KeyLookups)
                        && !granted.contains(&(action.clone(), Scope::Table))
                }
            };
            if !needed {
                let resource = match scope {
                    Scope::Table => "table",
                    Scope::Indexes => "index/*",
                    Scope::KeyLookups => "key-lookups",
                };
                problems.push(format!(
                    "{function} {action} {resource}: granted but never used"
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn transactions_need_each_item_s_action_and_queries_their_index() {
        let body = json!({"TransactItems": [{"Put": {}}, {"ConditionCheck": {}}, {"Update": {}}]});
        let actions: Vec<String> = actions_of("TransactWriteItems", &body)
            .into_iter()
            .map(|(action, _)| action)
            .collect();
        assert_eq!(
            actions,
            [
                "dynamodb:PutItem",
                "dynamodb:ConditionCheckItem",
                "dynamodb:UpdateItem"
            ]
        );
        assert_eq!(
            actions_of("Query", &json!({"IndexName": "by_stage"})),
            [(
                "dynamodb:Query".to_owned(),
                Resource::Index("by_stage".into())
            )]
        );
        assert_eq!(
            actions_of("GetItem", &json!({})),
            [("dynamodb:GetItem".to_owned(), Resource::Table)]
        );
    }

    #[test]
    fn the_check_names_what_is_missing_and_what_is_unused() {
        let template = r#"
Resources:
  F:
    Type: AWS::Serverless::Function
    Metadata: {BuildProperties: {Binary: f}}
    Properties:
      Policies:
        - Statement:
            - Effect: Allow
              Action: [dynamodb:GetItem, dynamodb:Query]
              Resource:
                - !GetAtt DealsTable.Arn
                - !Sub "${DealsTable.Arn}/index/*"
"#;
        let grants = grants(template).expect("grants");
        let uses: BTreeSet<Use> = [
            "F dynamodb:GetItem table",
            "F dynamodb:Query index/by_owner",
            "F dynamodb:PutItem table",
        ]
        .iter()
        .filter_map(|line| Use::from_line(line))
        .collect();
        assert_eq!(
            check(&grants, &uses),
            [
                "F dynamodb:PutItem table: used but not granted",
                "F dynamodb:GetItem index/*: granted but never used",
                "F dynamodb:Query table: granted but never used",
            ]
        );
    }

    #[test]
    fn an_api_keys_lookup_item_is_a_resource_of_its_own() {
        let lookup = json!({"Key": {"pk": {"S": "APIKEY#ab"}, "sk": {"S": "APIKEY#ab"}}});
        let deal = json!({"Key": {"pk": {"S": "TENANT#t"}, "sk": {"S": "DEAL#d"}}});
        assert_eq!(
            actions_of("UpdateItem", &lookup),
            [("dynamodb:UpdateItem".to_owned(), Resource::KeyLookups)]
        );
        assert_eq!(
            actions_of("UpdateItem", &deal),
            [("dynamodb:UpdateItem".to_owned(), Resource::Table)]
        );
        let mixed = json!({"RequestItems": {"deals": {"Keys": [lookup["Key"], deal["Key"]]}}});
        assert_eq!(
            actions_of("BatchGetItem", &mixed),
            [("dynamodb:BatchGetItem".to_owned(), Resource::Table)]
        );
        let template = r#"
Resources:
  Reader:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - Statement:
            - Effect: Allow
              Action: [dynamodb:GetItem]
              Resource: !GetAtt DealsTable.Arn
            - Effect: Allow
              Action: [dynamodb:UpdateItem, dynamodb:GetItem]
              Resource: !GetAtt DealsTable.Arn
              Condition:
                ForAllValues:StringLike:
                  dynamodb:LeadingKeys: ["APIKEY#*"]
"#;
        let grants = grants(template).expect("grants");
        let uses: BTreeSet<Use> = [
            "Reader dynamodb:GetItem table",
            "Reader dynamodb:GetItem key-lookups",
            "Reader dynamodb:UpdateItem key-lookups",
            "Reader dynamodb:UpdateItem table",
        ]
        .iter()
        .filter_map(|line| Use::from_line(line))
        .collect();
        assert_eq!(
            check(&grants, &uses),
            [
                "Reader dynamodb:UpdateItem table: used but not granted",
                "Reader dynamodb:GetItem key-lookups: granted but never used",
            ]
        );
        let unknown = template.replace("dynamodb:LeadingKeys", "dynamodb:Attributes");
        assert!(super::grants(&unknown).is_err());
    }
}
