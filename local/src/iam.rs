//! Least privilege, proven from use: a recording proxy between the function instances and
//! DynamoDB Local notes which IAM action on which resource each function's calls needed (each
//! function signs with its own access key id, its logical id, as each deployed function has
//! its own role), and [`check`] compares what was used with each function's policy in
//! `template.yaml`: an action used but not granted fails, and so does one granted but never
//! used.

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

/// What a grant or a use is on: the table itself or one of its indexes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Resource {
    Table,
    Index(String),
}

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
        };
        format!("{} {} {resource}", self.function, self.action)
    }

    pub fn from_line(line: &str) -> Option<Use> {
        let mut words = line.split_whitespace();
        let (function, action, resource) = (words.next()?, words.next()?, words.next()?);
        let resource = match resource.strip_prefix("index/") {
            Some(index) => Resource::Index(index.to_owned()),
            None if resource == "table" => Resource::Table,
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
/// each of its items, a batch its own action on each table.
pub fn actions_of(operation: &str, body: &Value) -> Vec<(String, Resource)> {
    let on_table = |action: &str| vec![(format!("dynamodb:{action}"), Resource::Table)];
    match operation {
        "TransactWriteItems" | "TransactGetItems" => body["TransactItems"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|item| item.as_object()?.keys().next().cloned())
            .map(|kind| {
                let action = match kind.as_str() {
                    "Put" => "PutItem",
                    "Update" => "UpdateItem",
                    "Delete" => "DeleteItem",
                    "ConditionCheck" => "ConditionCheckItem",
                    "Get" => "GetItem",
                    other => other,
                };
                (format!("dynamodb:{action}"), Resource::Table)
            })
            .collect(),
        "Query" | "Scan" => match body["IndexName"].as_str() {
            Some(index) => vec![(
                format!("dynamodb:{operation}"),
                Resource::Index(index.to_owned()),
            )],
            None => on_table(operation),
        },
        other => on_table(other),
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

    fn note(&self, used: Use) {
        let new = self
            .seen
            .lock()
            .is_ok_and(|mut seen| seen.insert(used.clone()));
        if new {
            let appended = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.file)
                .and_then(|mut file| writeln!(file, "{}", used.line()));
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

/// What each function's policy grants: actions on the table, and on its indexes (`/index/*`).
pub type Grants = BTreeMap<String, BTreeSet<(String, bool)>>;

fn text_of(yaml: &Yaml) -> String {
    yaml.as_str().unwrap_or_default().to_owned()
}

/// The DynamoDB grants of each function (by logical id) in the template: `(action, on
/// indexes)`.
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
                    granted.insert((action.to_owned(), false));
                }
                if on_indexes {
                    granted.insert((action.to_owned(), true));
                }
            }
        }
    }
    Ok(grants)
}

/// Every disagreement between what was used and what is granted, one line each.
pub fn check(grants: &Grants, uses: &BTreeSet<Use>) -> Vec<String> {
    let mut problems = Vec::new();
    for used in uses {
        let on_index = matches!(used.resource, Resource::Index(_));
        let granted = grants
            .get(&used.function)
            .is_some_and(|granted| granted.contains(&(used.action.clone(), on_index)));
        if !granted {
            problems.push(format!("{}: used but not granted", used.line()));
        }
    }
    for (function, granted) in grants {
        for (action, on_index) in granted {
            let used = uses.iter().any(|used| {
                used.function == *function
                    && used.action == *action
                    && matches!(used.resource, Resource::Index(_)) == *on_index
            });
            if !used {
                let resource = if *on_index { "index/*" } else { "table" };
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
}
