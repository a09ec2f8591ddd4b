//! One plain async function per endpoint: authorize, validate, apply the domain rules, store,
//! answer. The same functions serve AWS Lambda, the local server and the tests.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use http::StatusCode;
use serde::Serialize;
use serde_json::json;

use crate::auth::Caller;
use crate::clock::Now;
use crate::context::AppContext;
use crate::domain;
use crate::error::{ApiError, FieldError};
use crate::http::{ApiRequest, ApiResponse, Precondition};
use crate::model::{self, Deal};
use crate::routes::BASE_PATH;
use crate::store::{DealFilter, StoreError};
use crate::validation::{self, Changes, Mode};

pub const READ_DEALS: &str = "read:deals";
pub const WRITE_DEALS: &str = "write:deals";

pub const DEFAULT_PAGE_SIZE: usize = 50;
pub const MAX_PAGE_SIZE: usize = 100;
/// Without `If-Match`, a write that lost a race with another one is redone on the fresh deal
/// this many times before answering 409.
const WRITE_ATTEMPTS: usize = 3;

pub async fn list_deals(ctx: &AppContext, request: &ApiRequest) -> Result<ApiResponse, ApiError> {
    let caller = ctx.authorize(request, READ_DEALS)?;
    let query = ListQuery::parse(&request.query_pairs())?;
    let filter = DealFilter {
        app_id: caller.app_id.clone(),
        ..query.filter
    };
    let page = ctx
        .store
        .list(
            &caller.tenant_id,
            &filter,
            query.limit,
            query.after.as_deref(),
        )
        .await?;
    let next_cursor = page.next_after.as_deref().map(encode_cursor);
    ApiResponse::json(
        StatusCode::OK,
        &DealList {
            data: &page.deals,
            pagination: Pagination {
                limit: query.limit,
                has_more: next_cursor.is_some(),
                next_cursor,
            },
        },
    )
}

#[derive(Serialize)]
struct DealList<'a> {
    data: &'a [Deal],
    pagination: Pagination,
}

#[derive(Serialize)]
struct Pagination {
    limit: usize,
    has_more: bool,
    next_cursor: Option<String>,
}

pub async fn get_deal(ctx: &AppContext, request: &ApiRequest) -> Result<ApiResponse, ApiError> {
    let caller = ctx.authorize(request, READ_DEALS)?;
    let deal = load_visible(ctx, &caller, request.path_param("id")).await?;
    deal_response(StatusCode::OK, &deal)
}

pub async fn create_deal(ctx: &AppContext, request: &ApiRequest) -> Result<ApiResponse, ApiError> {
    let caller = ctx.authorize(request, WRITE_DEALS)?;
    let body = validation::parse_object(&request.body)?;
    let changes = validation::validate_deal_fields(body, Mode::Create)?;
    let now = Now::current();
    let mut deal = domain::new_deal(&caller, &changes, &now)?;
    ctx.store.insert(&mut deal, now.year).await?;
    let location = format!("{BASE_PATH}/deals/{}", deal.id);
    Ok(deal_response(StatusCode::CREATED, &deal)?.with_header(http::header::LOCATION, &location))
}

pub async fn update_deal(ctx: &AppContext, request: &ApiRequest) -> Result<ApiResponse, ApiError> {
    let caller = ctx.authorize(request, WRITE_DEALS)?;
    if request.body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::invalid_request("No fields to update"));
    }
    let body = validation::parse_object(&request.body)?;
    if body.is_empty() {
        return Err(ApiError::invalid_request("No fields to update"));
    }
    let changes = validation::validate_deal_fields(body, Mode::Update)?;
    let deal = apply_changes(ctx, request, &caller, &changes).await?;
    deal_response(StatusCode::OK, &deal)
}

pub async fn update_deal_stage(
    ctx: &AppContext,
    request: &ApiRequest,
) -> Result<ApiResponse, ApiError> {
    let caller = ctx.authorize(request, WRITE_DEALS)?;
    let body = if request.body.iter().all(u8::is_ascii_whitespace) {
        serde_json::Map::new()
    } else {
        validation::parse_object(&request.body)?
    };
    let changes = validation::validate_stage_body(body)?;
    let deal = apply_changes(ctx, request, &caller, &changes).await?;
    deal_response(StatusCode::OK, &deal)
}

pub async fn delete_deal(ctx: &AppContext, request: &ApiRequest) -> Result<ApiResponse, ApiError> {
    let caller = ctx.authorize(request, WRITE_DEALS)?;
    let now = Now::current();
    let tombstone = rewrite(ctx, request, &caller, |current| {
        Ok(domain::delete_deal(current, &caller, &now))
    })
    .await?;
    Ok(
        ApiResponse::data(StatusCode::OK, &json!({ "deleted": true }))?
            .with_version(tombstone.version),
    )
}

async fn apply_changes(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    changes: &Changes,
) -> Result<Deal, ApiError> {
    rewrite(ctx, request, caller, |current| {
        domain::update_deal(current, changes, caller, &Now::current())
    })
    .await
}

/// Read, change, write back conditionally on the version read. `If-Match` pins the version the
/// client saw; without it a lost race is retried on the fresh deal.
async fn rewrite(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    change: impl Fn(&Deal) -> Result<Deal, ApiError>,
) -> Result<Deal, ApiError> {
    let precondition = Precondition::from_headers(&request.headers)?;
    let id = request.path_param("id");
    for _ in 0..WRITE_ATTEMPTS {
        let current = load_visible(ctx, caller, id).await?;
        precondition.check(current.version)?;
        let next = change(&current)?;
        match ctx.store.save(&next, current.version).await {
            Err(StoreError::VersionConflict)
                if !matches!(precondition, Precondition::Versions(_)) =>
            {
                continue
            }
            result => return result.map(|()| next).map_err(ApiError::from),
        }
    }
    Err(StoreError::VersionConflict.into())
}

/// The deal, if it exists in the caller's tenant (and application); 404 otherwise, including for
/// ids that cannot name a deal.
async fn load_visible(ctx: &AppContext, caller: &Caller, id: &str) -> Result<Deal, ApiError> {
    if !model::is_deal_id(id) {
        return Err(ApiError::deal_not_found());
    }
    match ctx.store.get(&caller.tenant_id, id).await? {
        Some(deal) if domain::visible_to(&deal, caller) => Ok(deal),
        _ => Err(ApiError::deal_not_found()),
    }
}

fn deal_response(status: StatusCode, deal: &Deal) -> Result<ApiResponse, ApiError> {
    Ok(ApiResponse::data(status, deal)?.with_version(deal.version))
}

/// The parameters `GET /deals` understands.
#[derive(Debug, PartialEq)]
struct ListQuery {
    filter: DealFilter,
    limit: usize,
    after: Option<String>,
}

impl ListQuery {
    fn parse(pairs: &[(String, String)]) -> Result<Self, ApiError> {
        let mut query = ListQuery {
            filter: DealFilter::default(),
            limit: DEFAULT_PAGE_SIZE,
            after: None,
        };
        let mut errors = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for (name, value) in pairs {
            if seen.contains(&name.as_str()) {
                errors.push(FieldError::new(name, "Parameter given more than once"));
                continue;
            }
            seen.push(name);
            let result = match name.as_str() {
                "limit" => parse_limit(value).map(|limit| query.limit = limit),
                "cursor" => decode_cursor(value).map(|after| query.after = Some(after)),
                "stage" => filter_value(name, value).map(|v| query.filter.stage = Some(v)),
                "owner_id" => filter_value(name, value).map(|v| query.filter.owner_id = Some(v)),
                "account_id" => {
                    filter_value(name, value).map(|v| query.filter.account_id = Some(v))
                }
                "pipeline_id" => {
                    filter_value(name, value).map(|v| query.filter.pipeline_id = Some(v))
                }
                _ => Err("Unknown query parameter".to_owned()),
            };
            if let Err(message) = result {
                errors.push(FieldError::new(name, message));
            }
        }
        if errors.is_empty() {
            Ok(query)
        } else {
            Err(ApiError::validation(errors))
        }
    }
}

fn parse_limit(value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(limit) if (1..=MAX_PAGE_SIZE).contains(&limit) => Ok(limit),
        _ => Err(format!("Must be an integer from 1 to {MAX_PAGE_SIZE}")),
    }
}

/// A filter value is checked by the same rule as the field it filters.
fn filter_value(field: &str, value: &str) -> Result<String, String> {
    let body = serde_json::Map::from_iter([(field.to_owned(), json!(value))]);
    match validation::validate_deal_fields(body, Mode::Update) {
        Ok(changes) => changes
            .get_str(field)
            .map(String::from)
            .ok_or_else(|| "Must not be empty".to_owned()),
        Err(error) => Err(error.public_message()),
    }
}

/// A cursor names the last deal of the previous page. Tenant and application come from the
/// token, never from the cursor, so a cursor cannot reach another tenant's deals.
fn encode_cursor(after: &str) -> String {
    URL_SAFE_NO_PAD.encode(json!({ "after": after }).to_string())
}

fn decode_cursor(cursor: &str) -> Result<String, String> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .and_then(|value| value.get("after")?.as_str().map(String::from))
        .filter(|after| model::is_deal_id(after))
        .ok_or_else(|| "Invalid cursor".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    fn error_fields(result: Result<ListQuery, ApiError>) -> Vec<String> {
        result
            .err()
            .map(|e| e.details().iter().map(|d| d.field.clone()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn list_parameters_are_checked() {
        let query =
            ListQuery::parse(&pairs(&[("limit", "20"), ("stage", "qualified")])).expect("valid");
        assert_eq!(query.limit, 20);
        assert_eq!(query.filter.stage.as_deref(), Some("qualified"));
        assert_eq!(
            error_fields(ListQuery::parse(&pairs(&[("limit", "0")]))),
            ["limit"]
        );
        assert_eq!(
            error_fields(ListQuery::parse(&pairs(&[("limit", "101")]))),
            ["limit"]
        );
        assert_eq!(
            error_fields(ListQuery::parse(&pairs(&[("sort", "name")]))),
            ["sort"]
        );
        assert_eq!(
            error_fields(ListQuery::parse(&pairs(&[("owner_id", "bob")]))),
            ["owner_id"]
        );
        assert_eq!(
            error_fields(ListQuery::parse(&pairs(&[("cursor", "abc")]))),
            ["cursor"]
        );
        assert_eq!(
            error_fields(ListQuery::parse(&pairs(&[
                ("stage", "lead"),
                ("stage", "lead")
            ]))),
            ["stage"]
        );
    }

    #[test]
    fn cursors_round_trip() {
        let id = model::new_deal_id();
        assert_eq!(decode_cursor(&encode_cursor(&id)), Ok(id));
    }
}
