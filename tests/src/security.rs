//! Case tables the security tests share: every endpoint that addresses one item by its id.

use http::Method;
use serde_json::{json, Value};

use crate::DEALS;

/// A request to try: method, URI and the JSON body, if it takes one.
pub type Endpoint = (Method, String, Option<Value>);

/// Every endpoint of the deal `id` in both views, stage moves to `stage`.
pub fn deal_endpoints(id: &str, stage: &str) -> Vec<Endpoint> {
    let deal = format!("{DEALS}/{id}");
    let documented = format!("/api-v1-deals/{id}");
    vec![
        (Method::GET, deal.clone(), None),
        (
            Method::PATCH,
            deal.clone(),
            Some(json!({"name": "hijacked"})),
        ),
        (
            Method::PATCH,
            format!("{deal}/stage"),
            Some(json!({"stage": stage})),
        ),
        (Method::DELETE, deal.clone(), None),
        (Method::GET, format!("{deal}/history"), None),
        (Method::GET, documented.clone(), None),
        (
            Method::PATCH,
            documented.clone(),
            Some(json!({"title": "hijacked"})),
        ),
        (
            Method::PATCH,
            format!("{documented}/stage"),
            Some(json!({"stage_id": stage})),
        ),
        (Method::DELETE, documented, None),
    ]
}

/// Every endpoint of the record `id` of `kind` (`accounts`, `contacts` or `users`), deleting
/// it both plainly and releasing its deals.
pub fn record_endpoints(kind: &str, id: &str) -> Vec<Endpoint> {
    let (field, release) = match kind {
        "accounts" => ("name", "deals=detach"),
        "contacts" => ("first_name", "deals=detach"),
        "users" => ("full_name", "deals=unassign"),
        other => panic!("no record kind {other}"),
    };
    let path = format!("/api/v1/crm/{kind}/{id}");
    vec![
        (Method::GET, path.clone(), None),
        (
            Method::PATCH,
            path.clone(),
            Some(json!({field: "hijacked"})),
        ),
        (Method::DELETE, path.clone(), None),
        (Method::DELETE, format!("{path}?{release}"), None),
    ]
}
