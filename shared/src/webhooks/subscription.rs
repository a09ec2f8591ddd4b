//! A webhook: where a tenant's (or an application's) events go, which ones, and whether it is
//! on. The record, the rules of its create and PATCH bodies, and which events it wants.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::ssrf::{check_url, TargetPolicy};
use crate::auth::Caller;
use crate::clock::Now;
use crate::error::{ApiError, FieldError};
use crate::events::{Event, TypeFilter};

pub const WEBHOOK_PREFIX: &str = "wh_";
/// A tenant has at most this many webhooks (each is looked at for every batch of events).
pub const MAX_WEBHOOKS_PER_TENANT: usize = 20;
const MAX_DESCRIPTION_CHARS: usize = 500;
/// A webhook whose deliveries have all failed for this long is turned off.
pub const DISABLE_AFTER_SECONDS: i64 = 5 * 24 * 60 * 60;

/// A webhook as `GET` shows it: never its secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Webhook {
    pub id: String,
    pub url: String,
    pub events: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub enabled: bool,
    /// Why the API turned it off; cleared when a PATCH turns it on again.
    #[serde(default)]
    pub disabled_reason: Option<String>,
    /// The application whose token made it: it gets only that application's deal events.
    #[serde(default)]
    pub app_id: Option<String>,
    /// Since when every delivery has failed (none succeeded since).
    #[serde(default)]
    pub failing_since: Option<String>,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
    pub version: u64,
}

/// What a PATCH changes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WebhookChanges {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    pub description: Option<Option<String>>,
    pub enabled: Option<bool>,
    pub rotate_secret: bool,
}

pub fn new_webhook_id() -> String {
    format!("{WEBHOOK_PREFIX}{}", ulid::Ulid::new())
}

pub fn is_webhook_id(id: &str) -> bool {
    id.strip_prefix(WEBHOOK_PREFIX).is_some_and(|ulid| {
        ulid.len() == 26 && ulid::Ulid::from_string(ulid).is_ok_and(|u| u.to_string() == ulid)
    })
}

impl Webhook {
    /// Whether this webhook is to get `event`: on, subscribed to its type, and for an
    /// application's webhook, one of that application's deals.
    pub fn wants(&self, event: &Event) -> bool {
        if !self.enabled {
            return false;
        }
        if let Some(app) = &self.app_id {
            if event.object != "deal" || event.app_id.as_deref() != Some(app) {
                return false;
            }
        }
        TypeFilter::new(self.events.clone()).is_ok_and(|filter| filter.matches(&event.event_type))
    }

    /// Whether `caller` may see and change it: a person, any of the tenant's; an application,
    /// its own.
    pub fn belongs_to(&self, caller: &Caller) -> bool {
        caller.app_id.is_none() || caller.app_id == self.app_id
    }
}

/// A `POST /webhooks` body as a new webhook (`url` and `events` required).
pub fn new_webhook(
    body: Map<String, Value>,
    caller: &Caller,
    now: &Now,
    policy: TargetPolicy,
) -> Result<Webhook, ApiError> {
    let mut errors = Vec::new();
    for required in ["url", "events"] {
        if !body.contains_key(required) {
            errors.push(FieldError::new(required, format!("{required} is required")));
        }
    }
    let changes = read_fields(body, policy, &["url", "events", "description"], &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    Ok(Webhook {
        id: new_webhook_id(),
        url: changes.url.unwrap_or_default(),
        events: changes.events.unwrap_or_default(),
        description: changes.description.flatten(),
        enabled: true,
        disabled_reason: None,
        app_id: caller.app_id.clone(),
        failing_since: None,
        created_at: now.timestamp.clone(),
        created_by: caller.subject.clone(),
        updated_at: now.timestamp.clone(),
        updated_by: caller.subject.clone(),
        version: 1,
    })
}

/// A `PATCH /webhooks/{id}` body, checked: `url`, `events`, `description`, `enabled`,
/// `rotate_secret: true`.
pub fn webhook_changes(
    body: Map<String, Value>,
    policy: TargetPolicy,
) -> Result<WebhookChanges, ApiError> {
    let mut errors = Vec::new();
    let changes = read_fields(
        body,
        policy,
        &["url", "events", "description", "enabled", "rotate_secret"],
        &mut errors,
    );
    if errors.is_empty() {
        Ok(changes)
    } else {
        Err(ApiError::validation(errors))
    }
}

/// The webhook after `changes`; turning it on clears why it was off and its failing streak.
pub fn updated_webhook(
    current: &Webhook,
    changes: &WebhookChanges,
    caller: &Caller,
    now: &Now,
) -> Webhook {
    let mut webhook = current.clone();
    if let Some(url) = &changes.url {
        webhook.url = url.clone();
    }
    if let Some(events) = &changes.events {
        webhook.events = events.clone();
    }
    if let Some(description) = &changes.description {
        webhook.description = description.clone();
    }
    if let Some(enabled) = changes.enabled {
        if enabled && !webhook.enabled {
            webhook.disabled_reason = None;
            webhook.failing_since = None;
        }
        webhook.enabled = enabled;
    }
    webhook.updated_at = now.timestamp.clone();
    webhook.updated_by = caller.subject.clone();
    webhook.version += 1;
    webhook
}

fn read_fields(
    body: Map<String, Value>,
    policy: TargetPolicy,
    allowed: &[&str],
    errors: &mut Vec<FieldError>,
) -> WebhookChanges {
    let mut changes = WebhookChanges::default();
    for (name, value) in body {
        if !allowed.contains(&name.as_str()) {
            errors.push(FieldError::new(&name, "Unknown field"));
            continue;
        }
        match (name.as_str(), value) {
            ("url", Value::String(url)) => match check_url(&url, policy) {
                Ok(_) => changes.url = Some(url),
                Err(refusal) => errors.push(FieldError::new("url", refusal.to_string())),
            },
            ("events", Value::Array(items)) => {
                let patterns: Option<Vec<String>> = items
                    .iter()
                    .map(|item| item.as_str().map(String::from))
                    .collect();
                match patterns.map(TypeFilter::new) {
                    Some(Ok(filter)) => changes.events = Some(filter.patterns().to_vec()),
                    Some(Err(message)) => errors.push(FieldError::new("events", message)),
                    None => errors.push(FieldError::new("events", "Must be a list of event types")),
                }
            }
            ("description", Value::Null) => changes.description = Some(None),
            ("description", Value::String(text)) => {
                if text.chars().count() > MAX_DESCRIPTION_CHARS {
                    errors.push(FieldError::new(
                        "description",
                        format!("At most {MAX_DESCRIPTION_CHARS} characters"),
                    ));
                } else {
                    changes.description = Some(Some(text));
                }
            }
            ("enabled", Value::Bool(enabled)) => changes.enabled = Some(enabled),
            ("rotate_secret", Value::Bool(true)) => changes.rotate_secret = true,
            ("rotate_secret", _) => {
                errors.push(FieldError::new("rotate_secret", "Only true is accepted"));
            }
            (field, _) => {
                let expected = match field {
                    "url" => "Must be a URL",
                    "events" => "Must be a list of event types",
                    "enabled" => "Must be true or false",
                    _ => "Must be text or null",
                };
                errors.push(FieldError::new(field, expected));
            }
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn caller(app: Option<&str>) -> Caller {
        Caller {
            tenant_id: "t".into(),
            subject: "usr-1".into(),
            scopes: Vec::new(),
            app_id: app.map(String::from),
        }
    }

    fn body(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    const LOCAL: TargetPolicy = TargetPolicy {
        require_https: false,
        allow_loopback: true,
    };
    const DEPLOYED: TargetPolicy = TargetPolicy {
        require_https: true,
        allow_loopback: false,
    };

    fn fields(error: ApiError) -> Vec<String> {
        match error {
            ApiError::Validation { details, .. } => details.into_iter().map(|d| d.field).collect(),
            other => panic!("not a validation error: {other:?}"),
        }
    }

    #[test]
    fn a_new_webhook_needs_a_target_it_may_reach_and_known_events() {
        let now = Now::current();
        let made = new_webhook(
            body(json!({"url": "http://127.0.0.1:9000/hook", "events": ["deal.*"]})),
            &caller(None),
            &now,
            LOCAL,
        )
        .expect("valid locally");
        assert!(is_webhook_id(&made.id) && made.enabled && made.version == 1);
        let refused = new_webhook(
            body(json!({"url": "http://127.0.0.1:9000/hook", "events": ["deal.moved"], "x": 1})),
            &caller(None),
            &now,
            DEPLOYED,
        )
        .expect_err("refused deployed");
        assert_eq!(fields(refused), ["url", "events", "x"]);
        let missing = new_webhook(body(json!({})), &caller(None), &now, LOCAL).expect_err("empty");
        assert_eq!(fields(missing), ["url", "events"]);
    }

    #[test]
    fn an_application_s_webhook_wants_only_its_deal_events() {
        let now = Now::current();
        let hook = new_webhook(
            body(json!({"url": "https://example.com/h", "events": ["deal.*", "account.created"]})),
            &caller(Some("app_1")),
            &now,
            DEPLOYED,
        )
        .expect("valid");
        let event = |object: &'static str, event_type: &str, app: Option<&str>| Event {
            id: "evt_1".into(),
            event_type: event_type.into(),
            occurred_at: now.timestamp.clone(),
            tenant_id: "t".into(),
            app_id: app.map(String::from),
            actor: None,
            object,
            object_id: "x".into(),
            version: 1,
            data: Value::Null,
            previous: Map::new(),
        };
        assert!(hook.wants(&event("deal", "deal.updated", Some("app_1"))));
        assert!(!hook.wants(&event("deal", "deal.updated", Some("app_2"))));
        assert!(!hook.wants(&event("account", "account.created", None)));
        let off = updated_webhook(
            &hook,
            &WebhookChanges {
                enabled: Some(false),
                ..WebhookChanges::default()
            },
            &caller(Some("app_1")),
            &now,
        );
        assert!(!off.wants(&event("deal", "deal.updated", Some("app_1"))));
        assert_eq!(off.version, 2);
    }
}
