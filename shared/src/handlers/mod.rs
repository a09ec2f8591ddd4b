//! One plain async function per endpoint, given the authorized caller (and, for deals, the
//! view): validate, apply the domain rules, store, answer. The same functions serve AWS Lambda, the local server and the tests.

pub mod applications;
pub mod deal_batch;
pub mod deal_lifecycle;
mod deal_list;
pub mod deal_summary;
mod deal_writes;
pub mod deals;
pub mod events;
mod idempotency;
pub mod oauth;
pub mod pipelines;
pub mod records;
pub mod service;
pub mod webhooks;

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::error::{ApiError, FieldError};
use crate::http::ApiRequest;
use crate::list_request::{parse_limit, DEFAULT_PAGE_SIZE};
use crate::validation;

/// Without `If-Match`, a write that lost a race with another one is redone on fresh data this
/// many times before answering 409.
const WRITE_ATTEMPTS: usize = 3;

/// Query parameters, each allowed once but for lists; unknown ones are errors, never ignored.
struct Params {
    values: HashMap<String, String>,
    errors: Vec<FieldError>,
}

impl Params {
    fn parse(request: &ApiRequest, known: &[&str]) -> Self {
        Self::with_lists(request, known, &[])
    }

    /// As [`Params::parse`], where each of `lists` is a comma-separated list that may also be
    /// given repeated (`type=a&type=b` is `type=a,b`).
    fn with_lists(request: &ApiRequest, known: &[&str], lists: &[&str]) -> Self {
        let mut params = Params {
            values: HashMap::new(),
            errors: Vec::new(),
        };
        for (name, value) in request.query_pairs_joining(|name| lists.contains(&name)) {
            if !known.contains(&name.as_str()) {
                params
                    .errors
                    .push(FieldError::new(name, "Unknown query parameter"));
                continue;
            }
            match params.values.entry(name) {
                Entry::Occupied(entry) => params.errors.push(FieldError::new(
                    entry.key(),
                    "Parameter given more than once",
                )),
                Entry::Vacant(entry) => {
                    entry.insert(value);
                }
            }
        }
        params
    }

    /// The parameter's value through `parse`, recording its error.
    fn take<T>(&mut self, name: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        let value = self.values.remove(name)?;
        match parse(&value) {
            Ok(parsed) => Some(parsed),
            Err(message) => {
                self.errors.push(FieldError::new(name, message));
                None
            }
        }
    }

    /// `limit` (1-100, default 50) and `cursor` (whose position must satisfy `valid`).
    fn page(&mut self, valid: impl Fn(&str) -> bool) -> (usize, Option<String>) {
        let limit = self.take("limit", parse_limit).unwrap_or(DEFAULT_PAGE_SIZE);
        let after = self.take("cursor", |cursor| {
            decode_cursor(cursor)
                .filter(|after| valid(after))
                .ok_or_else(|| "Invalid cursor".to_owned())
        });
        (limit, after)
    }

    fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(self.errors))
        }
    }
}

/// A cursor names the last item of the previous page. Tenant and application come from the
/// token, never from the cursor, so a cursor cannot reach another tenant's data.
fn encode_cursor(after: &str) -> String {
    URL_SAFE_NO_PAD.encode(json!({ "after": after }).to_string())
}

fn decode_cursor(cursor: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let value: Value = serde_json::from_slice(&bytes).ok()?;
    value.get("after")?.as_str().map(String::from)
}

/// `{"data": [...], "pagination": {...}}`
#[derive(Serialize)]
struct Page<'a, T> {
    data: &'a [T],
    pagination: Pagination,
}

#[derive(Serialize)]
struct Pagination {
    limit: usize,
    has_more: bool,
    next_cursor: Option<String>,
}

impl Pagination {
    fn new(limit: usize, next_after: Option<&str>) -> Self {
        Pagination {
            limit,
            has_more: next_after.is_some(),
            next_cursor: next_after.map(encode_cursor),
        }
    }
}

/// A PATCH body: a non-empty JSON object ("No fields to update" otherwise), at most 64 KiB
/// (413 first, blanks or not).
fn patch_body(request: &ApiRequest) -> Result<Map<String, Value>, ApiError> {
    validation::check_body_size(&request.body)?;
    if request.body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::invalid_request("No fields to update"));
    }
    let body = validation::parse_object(&request.body)?;
    if body.is_empty() {
        return Err(ApiError::invalid_request("No fields to update"));
    }
    Ok(body)
}
